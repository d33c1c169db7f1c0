#include "model/roles.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/input_error.hpp"
#include "model/schema.hpp"

namespace asmsim {

namespace {
// The model's own parameters (the roles keys are among them), for their defaults.
const ParameterSchema& own_schema() {
    static const ParameterSchema schema = [] {
        ParameterSchema s;
        declare_model_parameters(s);
        return s;
    }();
    return schema;
}

const std::array<const char*, n_roles> share_keys = {"", "roles.share_processor", "roles.share_digger",
                                                     "roles.share_skilled", "roles.share_pit_manager",
                                                     "roles.share_sponsor"};
const std::array<const char*, n_roles> places_keys = {"", "", "", "roles.workers_per_skilled",
                                                      "roles.workers_per_pit_manager", "roles.workers_per_sponsor"};

// The key to name in an error about several keys: the first one changed from its default (the one
// the user most likely set, so the error points at its line), else `fallback`.
std::string changed_key(const ParameterSet& p, std::initializer_list<const char*> keys, const char* fallback) {
    for (const char* key : keys) {
        const ParamSpec* spec = own_schema().find(key);
        if (spec && std::get<double>(spec->default_value) != p.real(key)) return key;
    }
    return fallback;
}
}  // namespace

RoleParameters::RoleParameters(const ParameterSet& p) {
    for (int r = processor; r < n_roles; ++r) share[r] = p.real(share_keys[r]);
    for (int r = skilled; r < n_roles; ++r) workers_per[r] = p.real(places_keys[r]);
    cost_usd_per_worker_month = p.real("roles.cost_usd_per_worker_month");
    promotion_monthly = p.real("roles.promotion_probability_monthly");
    experience_months = static_cast<int>(p.integer("roles.experience_months"));
    sponsor_capital_usd = p.real("roles.sponsor_capital_usd");
    female_pit_work_factor = p.real("roles.female_pit_work_factor");
    female_ownership_factor = p.real("roles.female_ownership_factor");
    female_entry_processing_share = p.real("roles.female_entry_processing_share");
    injury_demotion = p.real("roles.injury_demotion_probability");
    loss_demotion = p.real("roles.loss_demotion_probability");
}

void check_role_parameters(const ParameterSet& p) {
    const RoleParameters r(p);
    double sum = 0.0;
    for (int k = processor; k < n_roles; ++k) sum += r.share[k];
    if (std::abs(sum - 1.0) > 1e-9)
        throw InputError({}, changed_key(p, {share_keys[1], share_keys[2], share_keys[3], share_keys[4], share_keys[5]},
                                         share_keys[digger]),
                         "the five role shares (roles.share_processor, _digger, _skilled, _pit_manager, _sponsor) sum "
                         "to " + std::to_string(sum) + ", not 1",
                         "they split a site's net pool per head; make them add up to 1");
    // Paths into each role: men enter as diggers, women as processors or diggers; the roles above
    // are reached by promotion only; processing also by a step down after an injury.
    // A role that is paid must be reachable (the first month's draw of roles is no path).
    const bool promotion = r.promotion_monthly > 0.0;
    const bool into_processing = r.female_entry_processing_share > 0.0 || r.injury_demotion > 0.0;
    if (r.share[processor] > 0.0 && !into_processing)
        throw InputError({}, changed_key(p, {"roles.female_entry_processing_share", "roles.injury_demotion_probability"},
                                         "roles.female_entry_processing_share"),
                         "processors are paid (roles.share_processor > 0) but nobody can become one: no woman starts "
                         "in processing and injuries move nobody down",
                         "set roles.female_entry_processing_share or roles.injury_demotion_probability above 0, or "
                         "roles.share_processor = 0");
    for (int k = skilled; k < n_roles; ++k) {
        if (r.share[k] > 0.0 && !promotion)
            throw InputError({}, "roles.promotion_probability_monthly",
                             std::string("the ") + role_names[k] + " role is paid (" + share_keys[k] +
                                 " > 0) but nobody can reach it: promotion is off",
                             "set roles.promotion_probability_monthly above 0, or give the roles above digger a share of 0");
    }
    // Women's barriers never close a path on their own: men can always be promoted.
    const double pm = p.real("production.rich_find_probability_monthly") * p.real("production.rich_find_multiplier");
    if (pm > 1.0)
        throw InputError({}, changed_key(p, {"production.rich_find_probability_monthly", "production.rich_find_multiplier"},
                                         "production.rich_find_multiplier"),
                         "rich-find probability x multiplier is " + std::to_string(pm) +
                             ": above 1, the other months would need negative output to keep expected output unchanged",
                         "keep production.rich_find_probability_monthly x production.rich_find_multiplier <= 1");
}

}  // namespace asmsim
