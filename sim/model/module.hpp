#pragma once
// A process of the model. Each module owns its random stream and its parameters (read once, when
// it is built) and acts on whole columns: one virtual call per module and block of households per
// month, never one per household.
//
// A module's month is one or more passes, run in order. A pass over households (PassKind::rows) has
// three parts: begin_pass once, visit_rows on consecutive blocks of rows that together cover every
// household in row order, then end_pass once; the simulation (model/simulation.cpp) finishes a pass
// before it starts the next. Blocks let a module work a block at a time (draw the block's random
// numbers in one loop, list the households that act, then act) with scratch arrays that stay small
// and in cache. A pass must give the same results whatever the block size (tested): per-month
// quantities are set in begin_pass, not per block, and sums carry over from one block to the next.

#include <string_view>

#include <Eigen/Core>

#include "core/results.hpp"
#include "model/world.hpp"

namespace asmsim {

// Households in rows [begin, end).
struct RowRange {
    Eigen::Index begin, end;
};

enum class PassKind {
    whole,  // begin_pass does the whole pass; no rows are visited
    rows,   // begin_pass, visit_rows block by block, end_pass
};

class Module {
public:
    virtual ~Module() = default;
    virtual std::string_view name() const = 0;     // also names the module's random stream
    virtual std::string_view summary() const = 0;  // one line for `asmsim run --print-plan`

    virtual int pass_count() const { return 1; }
    virtual PassKind pass_kind(int pass) const = 0;
    virtual void begin_pass(int /*pass*/, World&, Results&) {}
    virtual void visit_rows(int /*pass*/, World&, RowRange) {}
    virtual void end_pass(int /*pass*/, World&, Results&) {}
};

// A process that acts on the world as a whole, in one step (prices, expectations, interventions).
class WholeModule : public Module {
public:
    PassKind pass_kind(int) const final { return PassKind::whole; }
    void begin_pass(int, World& world, Results& results) final { step(world, results); }
    virtual void step(World& world, Results& results) = 0;
};

}  // namespace asmsim
