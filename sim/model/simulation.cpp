#include "model/simulation.hpp"

#include <algorithm>
#include <stdexcept>

#include "model/initialisation.hpp"

namespace asmsim {

Simulation::Simulation(std::shared_ptr<const ParameterSet> params,
                       std::shared_ptr<const ModelInputs> inputs, StreamKey stream_key, Eigen::Index rows_per_block)
    : params_(std::move(params)),
      inputs_(std::move(inputs)),
      months_(static_cast<int>(params_->integer("simulation.months"))),
      results_(months_),
      rows_per_block_(rows_per_block) {
    // Any size: every household draws from its own position of each stream (core/random_streams.hpp).
    if (rows_per_block_ < 1)
        throw std::invalid_argument("rows per block must be at least 1, not " + std::to_string(rows_per_block_));
    ModelContext ctx{*params_, *inputs_, std::move(stream_key), results_};
    world_ = initialise_world(ctx);
    recorder_ = HouseholdRecorder(*params_, ctx.stream_key, world_);  // before any module acts
    plan_ = build_month_plan(ctx);
}

void Simulation::step_month() {
    const Eigen::Index n = world_.households.size();
    for (const auto& module : plan_) {
        for (int pass = 0; pass < module->pass_count(); ++pass) {
            module->begin_pass(pass, world_, results_);
            if (module->pass_kind(pass) == PassKind::rows) {
                for (Eigen::Index begin = 0; begin < n; begin += rows_per_block_)
                    module->visit_rows(pass, world_, RowRange{begin, std::min(n, begin + rows_per_block_)});
            }
            module->end_pass(pass, world_, results_);
        }
    }
    recorder_.record(world_, world_.month);
    ++world_.month;
}

void Simulation::run() {
    while (world_.month < months_) step_month();
}

std::string describe_month_plan(const MonthPlan& plan) {
    std::string text = "Each month runs, in order:\n";
    int k = 1;
    for (const auto& module : plan) {
        text += "  " + std::to_string(k++) + ". " + std::string(module->name()) + ": " +
                std::string(module->summary()) + "\n";
    }
    return text;
}

}  // namespace asmsim
