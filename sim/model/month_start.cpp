#include "model/month_start.hpp"

#include <cmath>

namespace asmsim {

bool is_rainy_month(int m, int start, int length) {
    const int since_start = ((m - start) % 12 + 12) % 12;
    return since_start < length;
}

MonthStartModule::MonthStartModule(const ModelContext& ctx)
    : first_calendar_month_(ctx.inputs.start ? ctx.inputs.start->month : 1),
      rainy_start_(static_cast<int>(ctx.params.integer("seasons.rainy_start_month"))),
      rainy_months_(static_cast<int>(ctx.params.integer("seasons.rainy_months"))),
      monthly_growth_(std::pow(1.0 + ctx.params.real("economy.nominal_growth_annual"), 1.0 / 12.0)),
      price_level_start_(ctx.params.real("economy.price_level_start")),
      returns_(ctx.params) {}

void MonthStartModule::begin_pass(int, World& world, Results&) {
    // The household flows are not cleared here: each is written for every household by the first
    // process of the month that sets it (output: production; mining income and debt service: selling;
    // farm and off-farm income: other income; consumption: consumption; payments: labour (entry costs);
    // new loans: technology; savings-group flows: finance), which saves a pass over memory.
    world.tally = MonthTally{};
    world.calendar_month = (first_calendar_month_ - 1 + world.month) % 12 + 1;
    world.rainy = is_rainy_month(world.calendar_month, rainy_start_, rainy_months_);
    world.price_level = price_level_start_ * std::pow(monthly_growth_, world.month);
    world.sites.refresh_grades();
    returns_.refresh_site_yields(world);
}

void MonthStartModule::visit_rows(int, World& world, RowRange rows) {
    Households& h = world.households;
    for (Eigen::Index i = rows.begin; i < rows.end; ++i) {
        if (h.injury_months_left[i] > 0 && --h.injury_months_left[i] == 0) h.injured_workers[i] = 0;
    }
}

}  // namespace asmsim
