#pragma once
// One buffer of any GPU memory kind, owned (RAII): device memory on a GPU, host memory on a
// NUMA node (pageable, pinned, registered, mapped, write-combined, system) or managed memory.
// Backed by the CUDA layer (gpu/cuda); without CUDA every constructor throws GpuError.
#include "gpu/memory_kind.hpp"
#include "platform/numa_buffer.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace linkperf::gpu {

struct BufferSpec {
    MemoryKind kind = MemoryKind::device;
    std::size_t bytes = 0;
    int device = 0;     // the GPU owning device/managed memory, or mapping host memory
    int numa_node = -1; // host kinds and managed: the node whose memory backs it
};

class GpuBuffer {
public:
    // Throws GpuError: out_of_memory when the GPU or node lacks the memory (managed memory is
    // refused above the GPU's free memory), unavailable when the kind cannot be had here.
    explicit GpuBuffer(const BufferSpec& spec);
    ~GpuBuffer();
    GpuBuffer(GpuBuffer&& other) noexcept;
    GpuBuffer& operator=(GpuBuffer&& other) noexcept;
    GpuBuffer(const GpuBuffer&) = delete;
    GpuBuffer& operator=(const GpuBuffer&) = delete;

    const BufferSpec& spec() const;
    // Where the CPU loads and stores it; nullptr for device memory.
    std::byte* host_ptr() const;
    // Where kernels of spec().device load and store it; nullptr when they cannot (pageable).
    std::byte* device_ptr() const;
    // The address cudaMemcpyAsync takes (host address for host kinds, device address else).
    std::byte* copy_ptr() const;
    // Where the host pages are (host kinds); ok with no nodes for device memory.
    PlacementCheck placement() const;
    // System memory: the advice that keeps its pages on the host node for GPU accesses, or why
    // the driver refused it. Empty for the other kinds.
    const std::string& residency_advice() const;

    // The verification pattern (gpu/pattern.hpp) over the first `bytes` bytes: written
    // and counted on the GPU for device and managed memory, on the CPU for host memory.
    void fill_pattern(std::uint64_t seed, std::size_t bytes);
    std::uint64_t count_mismatches(std::uint64_t seed, std::size_t bytes) const;
    // System memory: a kernel on the buffer's GPU reads and writes back one byte of every 4 KiB
    // (contents unchanged), so that HMM has mapped every page for that GPU before anything is
    // timed; a timed copy or chase would otherwise measure fault servicing. Other kinds: no-op.
    // Call after the data is written, before the samples; the placement check still decides
    // whether the pages stayed on their node.
    void map_for_gpu();
    // Copies host data in (or out) at offset 0, whatever the kind.
    void upload(const void* data, std::size_t bytes);
    void download(void* data, std::size_t bytes) const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

} // namespace linkperf::gpu
