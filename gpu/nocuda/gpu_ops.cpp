// The GPU operations in a build without CUDA: every entry point says so. The runner never
// calls them (query_gpus() reports no device), but the API links the same either way.
#include "gpu/gpu_ops.hpp"
#include "gpu/copy_batch.hpp"
#include "gpu/gpu_buffer.hpp"
#include "gpu/gpu_error.hpp"

namespace linkperf::gpu {
namespace {

[[noreturn]] void no_cuda() {
    throw GpuError(GpuErrorKind::unavailable,
                   "this linkperf was built without CUDA: GPU paths cannot run");
}

} // namespace

struct GpuBuffer::Impl {
    BufferSpec spec;
};

GpuBuffer::GpuBuffer(const BufferSpec&) {
    no_cuda();
}
GpuBuffer::~GpuBuffer() = default;
GpuBuffer::GpuBuffer(GpuBuffer&&) noexcept = default;
GpuBuffer& GpuBuffer::operator=(GpuBuffer&&) noexcept = default;
const BufferSpec& GpuBuffer::spec() const {
    no_cuda();
}
std::byte* GpuBuffer::host_ptr() const {
    no_cuda();
}
std::byte* GpuBuffer::device_ptr() const {
    no_cuda();
}
std::byte* GpuBuffer::copy_ptr() const {
    no_cuda();
}
PlacementCheck GpuBuffer::placement() const {
    no_cuda();
}
const std::string& GpuBuffer::residency_advice() const {
    no_cuda();
}
void GpuBuffer::fill_pattern(std::uint64_t, std::size_t) {
    no_cuda();
}
std::uint64_t GpuBuffer::count_mismatches(std::uint64_t, std::size_t) const {
    no_cuda();
}
void GpuBuffer::upload(const void*, std::size_t) {
    no_cuda();
}
void GpuBuffer::download(void*, std::size_t) const {
    no_cuda();
}

struct CopyBatch::Impl {};

CopyBatch::CopyBatch(std::vector<CopyLane>) {
    no_cuda();
}
CopyBatch::~CopyBatch() = default;
BatchTimes CopyBatch::run(std::uint64_t) {
    no_cuda();
}
bool CopyBatch::held() const {
    no_cuda();
}
std::string CopyBatch::describe_lane(std::size_t) const {
    no_cuda();
}

std::size_t preload_kernels(const GpuInventory&) {
    no_cuda();
}
void GpuBuffer::map_for_gpu() {
    no_cuda();
}

ChaseTiming chase_on_gpu(int, std::uint64_t, std::uint64_t, ChaseLoad) {
    no_cuda();
}
double pingpong_seconds(int, GpuBuffer&, std::uint64_t) {
    no_cuda();
}
double copy_latency_seconds(const GpuBuffer&, GpuBuffer&, std::size_t, int, std::uint64_t) {
    no_cuda();
}
void migrate(GpuBuffer&, std::size_t, const MigrationTarget&) {
    no_cuda();
}
double migration_seconds(GpuBuffer&, std::size_t, const MigrationTarget&, const MigrationTarget&,
                         int, std::uint64_t) {
    no_cuda();
}
double demand_copy_seconds(GpuBuffer&, GpuBuffer&, std::size_t, int, std::uint64_t) {
    no_cuda();
}
void pin_to_device(GpuBuffer&, std::size_t, int) {
    no_cuda();
}

PeerAccessScope::PeerAccessScope(int a, int b, bool enabled) : a_(a), b_(b), enabled_(enabled) {
    no_cuda();
}
PeerAccessScope::~PeerAccessScope() = default;

} // namespace linkperf::gpu
