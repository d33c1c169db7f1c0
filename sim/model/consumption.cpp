#include "model/consumption.hpp"

#include <algorithm>

namespace asmsim {

ConsumptionModule::ConsumptionModule(const ModelContext& ctx)
    : subsistence_usd_per_person_(ctx.params.real("consumption.subsistence_usd_per_person_month")),
      mpc_(ctx.params.real("consumption.mpc")) {}

void ConsumptionModule::step(World& world, Results&) {
    Households& h = world.households;
    for (Eigen::Index i = 0; i < h.size(); ++i) {
        const double income = h.mining_income_usd[i] + h.farm_income_usd[i] + h.offfarm_income_usd[i];
        const double cash = h.savings_usd[i] + income;
        const double subsistence = subsistence_usd_per_person_ * h.size_persons[i];
        const double wanted = subsistence + mpc_ * std::max(0.0, cash - subsistence);
        const double spent = std::min(cash, wanted);
        h.consumption_usd[i] = spent;
        h.savings_usd[i] = cash - spent;  // money is conserved: d(savings) = income - consumption
    }
}

}  // namespace asmsim
