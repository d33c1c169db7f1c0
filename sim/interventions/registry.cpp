#include "interventions/registry.hpp"

namespace asmsim {

// THE LIST OF INTERVENTIONS, one line each, in the order in which they act each month. Each name
// has a file sim/interventions/<name>.cpp defining `InterventionKind <name>_kind()`; the list
// declares those functions and calls them, so registering a new intervention is one line here.
#define ASMSIM_INTERVENTIONS(X) \
    X(licence_fee_subsidy)      \
    X(one_stop_licensing)       \
    X(royalty_change)           \
    X(enforcement)              \
    X(buying_programme)         \
    X(credit_guarantee)         \
    X(equipment_leasing)        \
    X(savings_groups)           \
    X(technical_assistance)     \
    X(mercury_free_support)     \
    X(land_restoration)         \
    X(alternative_livelihoods)  \
    X(cash_transfer)

#define ASMSIM_DECLARE_KIND(name) InterventionKind name##_kind();
ASMSIM_INTERVENTIONS(ASMSIM_DECLARE_KIND)
#undef ASMSIM_DECLARE_KIND

const std::vector<InterventionKind>& intervention_kinds() {
#define ASMSIM_CALL_KIND(name) name##_kind(),
    static const std::vector<InterventionKind> kinds = {ASMSIM_INTERVENTIONS(ASMSIM_CALL_KIND)};
#undef ASMSIM_CALL_KIND
    return kinds;
}

void declare_intervention_parameters(ParameterSchema& schema) {
    for (const InterventionKind& kind : intervention_kinds()) kind.declare(schema);
}

}  // namespace asmsim
