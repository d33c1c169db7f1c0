#pragma once
// The rows of a block that a process acts on (for instance the mining households), listed once so
// that the process's loop over them has no unpredictable branch on who is in: a branch that goes
// either way at random, household after household, costs the processor more than the work it skips.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/module.hpp"

namespace asmsim {

class RowList {
public:
    // The rows i of `rows` for which in(i) is true, in increasing order. Branch-free: every row is
    // written, and the count moves on only for those selected.
    template <class Predicate>
    void select(RowRange rows, Predicate in) {
        const auto n = static_cast<std::size_t>(rows.end - rows.begin);
        if (rows_.size() < n) rows_.resize(n);
        std::size_t count = 0;
        for (Eigen::Index i = rows.begin; i < rows.end; ++i) {
            rows_[count] = static_cast<std::int32_t>(i);
            count += in(i) ? 1 : 0;
        }
        size_ = count;
    }
    const std::int32_t* begin() const { return rows_.data(); }
    const std::int32_t* end() const { return rows_.data() + size_; }

private:
    std::vector<std::int32_t> rows_;  // capacity for a block; the first size_ are the selection
    std::size_t size_ = 0;
};

}  // namespace asmsim
