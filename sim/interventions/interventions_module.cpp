#include "interventions/interventions_module.hpp"

#include "core/input_error.hpp"
#include "interventions/registry.hpp"

namespace asmsim {

InterventionsModule::InterventionsModule(const ModelContext& ctx) {
    // Every known programme has a cost output, so that the files of compared scenarios have the same
    // variables whichever programmes they run.
    ctx.results.declare("programme_cost_usd", "USD/month", "cost of all intervention programmes");
    for (const InterventionKind& kind : intervention_kinds())
        cost_outputs_.push_back(ctx.results.declare("programme_cost_" + kind.name + "_usd", "USD/month",
                                                    "cost of the " + kind.name + " programme (" + kind.summary + ")"));
    for (const InterventionKind& kind : intervention_kinds())
        if (ctx.params.real(intervention_key(kind.name, "coverage")) > 0.0) programmes_.push_back(kind.make(ctx));
}

void InterventionsModule::step(World& world, Results& results) {
    // 0 for every programme this month; monthly_outputs writes the spending of those that run.
    for (int output : cost_outputs_) results.set(output, world.month, 0.0);
    if (!opened_) {
        for (auto& programme : programmes_) programme->open(world);
        opened_ = true;
    }
    for (ProgrammeAccount& account : world.programmes) account.spent_month_usd = 0.0;
    for (auto& programme : programmes_) programme->step(world);
}

void check_intervention_parameters(const ParameterSet& params) {
    const std::int64_t sites = params.integer("simulation.sites");
    for (const InterventionKind& kind : intervention_kinds()) {
        const std::string sites_key = intervention_key(kind.name, "sites");
        const auto listed = parse_index_list(params.text(sites_key)).value_or(std::vector<std::int64_t>{});
        for (std::int64_t s : listed)
            if (s >= sites)
                throw InputError({}, sites_key,
                                 "site " + std::to_string(s) + " does not exist (simulation.sites = " +
                                     std::to_string(sites) + ", so sites are numbered 0 to " + std::to_string(sites - 1) + ")",
                                 "list sites below simulation.sites");
        const std::string target_key = intervention_key(kind.name, "target");
        if (params.text(target_key) == "sites" && listed.empty())
            throw InputError({}, target_key, "is \"sites\" but " + sites_key + " lists no site",
                             "set " + sites_key + ", e.g. \"0, 3\"");
        const std::string start_key = intervention_key(kind.name, "start_month");
        if (params.integer(start_key) > params.integer(intervention_key(kind.name, "end_month")))
            throw InputError({}, start_key, "is after " + intervention_key(kind.name, "end_month"),
                             "the programme runs from start_month up to (not including) end_month");
    }
}

}  // namespace asmsim
