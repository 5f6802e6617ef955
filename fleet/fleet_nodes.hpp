#pragma once
// What the fleet view keeps of each results file: the node's host type and, per case, only the
// status, the median and the link facts (no samples), so thousands of files fit in memory. Runs
// are added one at a time as they are loaded; case keys are stored once for the whole fleet.
#include "results_model/host_type.hpp"
#include "results_model/results_model.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace linkperf::reports {

// A case measured somewhere in the fleet: its key and how its figure reads.
struct FleetCase {
    CaseKey key;
    std::string metric;
    std::string unit;
    bool higher_is_better = true;
};

struct NodeCase {
    std::uint32_t case_index = 0; // into FleetNodes::cases
    CaseStatus status = CaseStatus::ok;
    double median = 0;
    std::optional<LinkFacts> link;
    bool throttled = false;
    // Why it was measured under contention (linkperf.contention.why; for a --repeat file "k of
    // N passes: why"), "" when clean: the finding says so, so an outlier is not read as the
    // node's link alone.
    std::string contended;
    std::string error; // why it failed
};

struct FleetNode {
    std::string name; // the run's hostname (or the file's name, see NodeNaming)
    std::string file;
    std::string date;
    HostType host;
    bool complete = false;
    std::string unreadable;      // the loader's message when the file could not be read
    std::vector<NodeCase> cases; // sorted by case_index

    const NodeCase* find(std::uint32_t case_index) const;
};

enum class NodeNaming {
    hostname, // context.linkperf.hostname
    file,     // the file name without its directory and .json: when hostnames are pod names
};

class FleetNodes {
public:
    // Keeps what the fleet needs of `run`. A node seen before (two files of one host) keeps the
    // newer run (by date; the later file on a tie); `replaced` receives the file dropped.
    void add(const Run& run, NodeNaming naming, std::string* replaced = nullptr);
    // A file the loader refused: the node is reported incomplete with the loader's message.
    void add_unreadable(const std::string& file, const std::string& why);

    const std::vector<FleetCase>& cases() const { return cases_; }
    const std::vector<FleetNode>& nodes() const { return nodes_; }
    std::vector<FleetNode>& nodes() { return nodes_; }

private:
    void keep(FleetNode node, std::string* replaced);
    std::uint32_t intern(const CaseResult& c);

    std::vector<FleetCase> cases_;
    std::map<CaseKey, std::uint32_t> index_;
    std::vector<FleetNode> nodes_;
    std::map<std::string, std::size_t> by_name_;
};

std::string node_name_from_file(const std::string& file);

} // namespace linkperf::reports
