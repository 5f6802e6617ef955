#pragma once
// Inline SVG charts drawn by linkperf itself (no scripts, no fonts, no network): line charts
// over message size (log2 x axis labelled 4K..1G; linear or log10 y) with optional p5-p95
// bands, and heatmaps (the core-to-core latency matrix). Every label is HTML-escaped here.
#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace linkperf::reports {

struct ChartPoint {
    double x = 0;  // message size in bytes, or the concurrency on a linear axis (> 0)
    double y = 0;  // the median
    double lo = 0; // p5 (band)
    double hi = 0; // p95 (band)
};

struct ChartSeries {
    std::string label;
    std::vector<ChartPoint> points; // sorted by x
    bool dashed = false;            // a baseline
    bool band = false;              // draw the p5-p95 band
    int color = 0;                  // palette index
};

// A vertical line at x (a saturation curve's knee), in its series' colour.
struct ChartMarker {
    double x = 0;
    std::string label; // "knee 4"
    int color = 0;
    bool dashed = false; // a baseline's
};

// A horizontal expectation level (docs/health.md) across the sizes its rule applies to.
struct ChartLevel {
    double y = 0;
    double x_from = 0; // the smallest and largest x of the cases it judged
    double x_to = 0;
    bool failing = false; // the failing level (else the warning level)
    std::string label;    // "warning >= 47.3 GB/s: ce.h2d PCIe gen5 x16 (theoretical)"
};
struct LineChart {
    std::string title;
    std::string y_label; // "GB/s", "ns"
    bool log_y = false;
    // A linear x axis from 0 labelled x_label (concurrency: threads, GPUs, peers, ranks);
    // otherwise message size on a log2 axis.
    bool linear_x = false;
    std::string x_label;
    std::vector<ChartSeries> series;
    std::vector<ChartMarker> markers;
    std::vector<ChartLevel> levels; // drawn as <line class="level warning|failing">
};

// <svg class="line-chart" ...>; points with x <= 0 (or y <= 0 on a log axis) are left out;
// markers as <line class="marker">.
std::string render_line_chart(const LineChart& chart);

struct Heatmap {
    std::string title;
    std::string unit;
    std::vector<int> ids;                         // row and column ids (cores), sorted
    std::map<std::pair<int, int>, double> values; // (source, destination) -> value
};

// More distinct core ids than this: render_heatmap draws a note, not the matrix.
inline constexpr std::size_t kMaxHeatmapIds = 512;

// <svg class="heatmap" ...>: one cell per measured pair, colour from low (light) to high
// (dark), the value written in each cell.
std::string render_heatmap(const Heatmap& map);

// The palette colour of a series (CSS colour).
const char* palette_colour(int index);

} // namespace linkperf::reports
