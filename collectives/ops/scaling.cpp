#include "collectives/ops/scaling.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace linkperf::coll {

std::vector<int> scaling_rank_counts(int ranks) {
    std::vector<int> counts;
    for (int k = 2; k <= ranks; k *= 2) {
        counts.push_back(k);
    }
    if (ranks >= 2 && counts.back() != ranks) {
        counts.push_back(ranks);
    }
    return counts;
}

void ScalingReport::add(CollOp op, bool in_place, std::uint64_t size, int ranks, double busbw) {
    busbw_[{static_cast<int>(op), in_place, size}][ranks] = busbw;
    if (std::find(counts_.begin(), counts_.end(), ranks) == counts_.end()) {
        counts_.push_back(ranks);
        std::sort(counts_.begin(), counts_.end());
    }
    base_ranks_ = counts_.front();
}

std::optional<double> ScalingReport::efficiency(CollOp op, bool in_place, std::uint64_t size,
                                                int ranks) const {
    const auto it = busbw_.find({static_cast<int>(op), in_place, size});
    if (it == busbw_.end() || it->second.empty()) {
        return std::nullopt;
    }
    const auto& by_ranks = it->second;
    const double base = by_ranks.begin()->second; // smallest rank count of this case
    const auto at = by_ranks.find(ranks);
    if (at == by_ranks.end() || !(base > 0)) {
        return std::nullopt;
    }
    return at->second / base;
}

std::string ScalingReport::text() const {
    std::string s;
    std::set<std::pair<int, bool>> tables;
    for (const auto& [key, v] : busbw_) {
        tables.insert({std::get<0>(key), std::get<1>(key)});
    }
    for (const auto& [op_index, in_place] : tables) {
        const CollOp op = static_cast<CollOp>(op_index);
        s += fmt::format("#\n# scaling: {} {}, busbw (GB/s) and efficiency vs {} ranks\n",
                         to_string(op), in_place ? "in-place" : "out-of-place", base_ranks_);
        s += fmt::format("#{:>11}", "size (B)");
        for (const int k : counts_) {
            s += fmt::format("  {:>9}", fmt::format("busbw@{}", k));
        }
        for (const int k : counts_) {
            s += fmt::format("  {:>7}", fmt::format("eff@{}", k));
        }
        s += "\n";
        for (const auto& [key, by_ranks] : busbw_) {
            if (std::get<0>(key) != op_index || std::get<1>(key) != in_place) {
                continue;
            }
            s += fmt::format("{:>12}", std::get<2>(key));
            for (const int k : counts_) {
                const auto it = by_ranks.find(k);
                s += it == by_ranks.end() ? fmt::format("  {:>9}", "-")
                                          : fmt::format("  {:>9.2f}", it->second);
            }
            for (const int k : counts_) {
                const auto e = efficiency(op, in_place, std::get<2>(key), k);
                s += e ? fmt::format("  {:>7.2f}", *e) : fmt::format("  {:>7}", "-");
            }
            s += "\n";
        }
    }
    return s;
}

} // namespace linkperf::coll
