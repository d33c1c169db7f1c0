#pragma once
// One run: a replicate of one scenario. Built from shared, read-only parameters and inputs, so
// that any number of runs can proceed in one process, each with its own world and streams.

#include <memory>
#include <string>
#include <vector>

#include "core/parameters.hpp"
#include "core/random_streams.hpp"
#include "core/results.hpp"
#include "model/household_panel.hpp"
#include "model/inputs.hpp"
#include "model/month_plan.hpp"
#include "model/world.hpp"

namespace asmsim {

class Simulation {
public:
    // Households per block of a pass over households (model/module.hpp): a module's scratch arrays
    // for a block (draws, lists of rows) then take a few kilobytes.
    static constexpr Eigen::Index default_rows_per_block = 1024;

    // rows_per_block: even, at least 2; any value gives the same results (tested).
    Simulation(std::shared_ptr<const ParameterSet> params, std::shared_ptr<const ModelInputs> inputs,
               StreamKey stream_key, Eigen::Index rows_per_block = default_rows_per_block);

    void step_month();  // runs the month plan once, then advances the month
    void run();         // runs every remaining month

    int months() const { return months_; }
    const World& world() const { return world_; }
    World& world() { return world_; }
    const Results& results() const { return results_; }
    const MonthPlan& plan() const { return plan_; }
    // Household baseline, panel and (after keep_household_statistics) last-year means (model/household_panel.hpp).
    const HouseholdRecorder& households_record() const { return recorder_; }
    void keep_household_statistics() { recorder_.keep_last_year(world_); }  // before the first month

private:
    std::shared_ptr<const ParameterSet> params_;
    std::shared_ptr<const ModelInputs> inputs_;
    int months_;
    Results results_;
    World world_;
    MonthPlan plan_;
    HouseholdRecorder recorder_;
    Eigen::Index rows_per_block_;
};

// The month plan as text: one line per module, in order, with its summary.
std::string describe_month_plan(const MonthPlan& plan);

}  // namespace asmsim
