#include "model/monthly_outputs.hpp"

#include <string>

namespace asmsim {

namespace {
constexpr double days_per_month = 365.25 / 12.0;
}

MonthlyOutputsModule::MonthlyOutputsModule(const ModelContext& ctx)
    : poverty_line_usd_per_person_month_(
          ctx.params.real("welfare.poverty_line_usd_per_person_day") * days_per_month) {
    Results& r = ctx.results;
    n_households_ = r.declare("n_households", "households", "households in the population");
    n_mining_households_ = r.declare("n_mining_households", "households", "households whose workers mine");
    n_miners_ = r.declare("n_miners", "persons", "people working in mining");
    for (Commodity c : all_commodities) {
        const std::string m(commodity_name(c));
        production_g_[index_of(c)] =
            r.declare("production_" + m + "_g", "g/month", m + " produced (contained mineral)");
    }
    mining_income_ = r.declare("mining_income_usd", "USD/month", "total income from mineral sales");
    mean_income_per_capita_ = r.declare("mean_income_usd_per_capita", "USD/person/month",
                                        "mean per-capita income (all sources)");
    poverty_headcount_ = r.declare("poverty_headcount", "1",
                                   "share of people in households whose per-capita income is below "
                                   "the poverty line");
    mean_savings_ = r.declare("mean_savings_usd", "USD", "mean household savings at the end of the month");
    mean_consumption_ =
        r.declare("mean_consumption_usd", "USD/month", "mean household consumption");
}

void MonthlyOutputsModule::step(World& world, Results& results) {
    const Households& h = world.households;
    double mining_households = 0, miners = 0, persons = 0, poor_persons = 0;
    double mining_income = 0, total_income = 0, savings = 0, consumption = 0;
    std::array<double, n_commodities> production{};
    for (Eigen::Index i = 0; i < h.size(); ++i) {
        const double income = h.mining_income_usd[i] + h.farm_income_usd[i] + h.offfarm_income_usd[i];
        persons += h.size_persons[i];
        if (h.is_mining[i]) {
            mining_households += 1;
            miners += h.adult_workers[i];
            production[world.sites.mineral[h.site[i]]] += h.output_g[i];
        }
        if (income < poverty_line_usd_per_person_month_ * h.size_persons[i]) poor_persons += h.size_persons[i];
        mining_income += h.mining_income_usd[i];
        total_income += income;
        savings += h.savings_usd[i];
        consumption += h.consumption_usd[i];
    }
    const int m = world.month;
    const double n = static_cast<double>(h.size());
    results.set(n_households_, m, n);
    results.set(n_mining_households_, m, mining_households);
    results.set(n_miners_, m, miners);
    for (int c = 0; c < n_commodities; ++c) results.set(production_g_[c], m, production[c]);
    results.set(mining_income_, m, mining_income);
    results.set(mean_income_per_capita_, m, persons > 0 ? total_income / persons : 0.0);
    results.set(poverty_headcount_, m, persons > 0 ? poor_persons / persons : 0.0);
    results.set(mean_savings_, m, n > 0 ? savings / n : 0.0);
    results.set(mean_consumption_, m, n > 0 ? consumption / n : 0.0);
}

}  // namespace asmsim
