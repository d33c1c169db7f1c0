#pragma once
// Roles on a mining site (docs/model.md, "Sites as hierarchies"): the codes stored in the role
// columns of Households, their names (the labels of the `role` output dimension), and the role
// parameters read once by the modules that use them (roles: entry and promotion; site pay: pay,
// demotion).

#include <array>
#include <cstdint>
#include <string>

#include "core/parameters.hpp"

namespace asmsim {

// One-byte codes, in the order of the ladder: promotion is one step up, demotion one step down.
// none: the group does not mine (or has nobody in it).
enum Role : std::int8_t { role_none = 0, processor = 1, digger = 2, skilled = 3, pit_manager = 4, sponsor = 5 };
inline constexpr int n_roles = 6;          // codes, with none
inline constexpr int n_mining_roles = 5;   // processor .. sponsor; output index = code - 1
inline constexpr std::array<const char*, n_roles> role_names = {"none", "processor", "digger", "skilled",
                                                                 "pit_manager", "sponsor"};

struct RoleParameters {
    std::array<double, n_roles> share{};      // share of the net pool per head, by code (none: 0)
    std::array<double, n_roles> workers_per{}; // site workers per place in a role (skilled, manager, sponsor)
    double cost_usd_per_worker_month = 0;      // sponsor's costs: food, tools, fuel (at month-0 prices)
    double promotion_monthly = 0;              // chance per month of one step up, where a place is free
    int experience_months = 0;                 // months in a role before a step up
    double sponsor_capital_usd = 0;            // savings needed to become a sponsor (at month-0 prices)
    double female_pit_work_factor = 1;         // women's chance of a step up into pit work and above, relative
    double female_ownership_factor = 1;        // women's chance of becoming a sponsor, relative (on top)
    double female_entry_processing_share = 0;  // women who start in processing (the rest dig)
    double injury_demotion = 0;                // chance that an injury moves the injured group one step down
    double loss_demotion = 0;                  // chance that a sponsor who lost money this month steps down

    explicit RoleParameters(const ParameterSet& p);
};

// Rejects role parameters that make the hierarchy impossible (shares that do not sum to one, a paid
// role that nobody can reach); throws InputError naming the key.
void check_role_parameters(const ParameterSet& p);

}  // namespace asmsim
