#include "model/simulation.hpp"

#include "model/initialisation.hpp"

namespace asmsim {

Simulation::Simulation(std::shared_ptr<const ParameterSet> params,
                       std::shared_ptr<const ModelInputs> inputs, StreamKey stream_key)
    : params_(std::move(params)),
      inputs_(std::move(inputs)),
      months_(static_cast<int>(params_->integer("simulation.months"))),
      results_(months_) {
    ModelContext ctx{*params_, *inputs_, std::move(stream_key), results_};
    world_ = initialise_world(ctx);
    plan_ = build_month_plan(ctx);
}

void Simulation::step_month() {
    for (auto& module : plan_) module->step(world_, results_);
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
