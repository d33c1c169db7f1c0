#include "model/world.hpp"

namespace asmsim {

void Households::resize(Eigen::Index n) {
    id.setZero(n);
    site.setZero(n);
    size_persons.setZero(n);
    adult_workers.setZero(n);
    skill.setOnes(n);
    is_mining.setZero(n);
    savings_usd.setZero(n);
    output_g.setZero(n);
    mining_income_usd.setZero(n);
    farm_income_usd.setZero(n);
    offfarm_income_usd.setZero(n);
    consumption_usd.setZero(n);
}

}  // namespace asmsim
