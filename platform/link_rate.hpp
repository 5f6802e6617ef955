#pragma once
// Theoretical link rates, per direction, in GB/s (1e9 bytes/s): PCIe by generation and width
// after line encoding (8b/10b for Gen1-2, 128b/130b for Gen3-5, 242B/256B FLIT for Gen6+),
// NVLink-C2C, and HBM from the memory clock and bus width. The table is in docs/gpu-paths.md.
// Also the one kind of link a GPU reaches host memory over, with its names in the outputs.
#include "core/host_link_kind.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace linkperf::gpu {

struct PcieGeneration {
    int generation = 0;
    double gigatransfers = 0; // GT/s per lane
    double encoding = 0;      // payload bits per transferred bit
    const char* encoding_name = "";
};

// Gen1..Gen7; nullopt for anything else.
std::optional<PcieGeneration> pcie_generation(int generation);
// The generation whose signalling rate is `gts` GT/s (2.5 -> 1, 64 -> 6); nullopt if none.
std::optional<int> pcie_generation_from_gts(double gts);
// "16.0 GT/s PCIe", "8 GT/s", "2.5 GT/s" -> GT/s; nullopt for "Unknown" or garbage.
std::optional<double> parse_sysfs_link_speed(std::string_view text);

// Bytes per second of one lane in one direction, in GB/s (0 for an unknown generation).
double pcie_lane_gbps(int generation);
// A link of `width` lanes in one direction, in GB/s.
double pcie_link_gbps(int generation, int width);

// Peak HBM/GDDR bandwidth: two transfers per memory clock over the whole bus (what
// cudaDevAttrMemoryClockRate and cudaDevAttrGlobalMemoryBusWidth describe), in GB/s.
double memory_theoretical_gbps(int memory_clock_khz, int bus_width_bits);

// How a GPU reaches host memory (core/host_link_kind.hpp, with its results-file names).
using ::linkperf::HostLinkKind;
using ::linkperf::results_name;

// A host link as far as it is known; generation and width only for PCIe (0: unknown).
struct HostLink {
    HostLinkKind kind = HostLinkKind::unknown;
    int pcie_generation = 0;
    int pcie_width = 0;
};

// The theoretical rate per direction in GB/s: the C2C rate, or the PCIe rate of the generation
// and width; 0 when unknown.
double host_link_gbps(const HostLink& link);

// The names written into outputs are a schema (docs/results-schema.md, docs/topology.md): each
// kind maps to its results-file name in core/host_link_kind.hpp and to its label name here.
// In `linkperf topo` (link_kind, the matrix's link column) and NFD labels (gpu.link):
// "pcie5x16" (PCIe with its generation and width), "c2c", "unknown" (PCIe of unknown width too).
std::string label_name(const HostLink& link);

// measured / theoretical, or nullopt when the theoretical rate is unknown.
std::optional<double> efficiency(double measured_gbps, double theoretical_gbps);

} // namespace linkperf::gpu
