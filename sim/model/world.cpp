#include "model/world.hpp"

#include <cmath>

namespace asmsim {

void Households::resize(Eigen::Index n) {
    id.setZero(n);
    size_persons.setZero(n);
    male_workers.setZero(n);
    female_workers.setZero(n);
    head_female.setZero(n);
    skill.setOnes(n);
    mfi_reach.setZero(n);
    credit_rate_tolerance.setZero(n);
    site.setZero(n);
    is_mining.setZero(n);
    farm_land_ha.setZero(n);
    semi_mechanised.setZero(n);
    processing.setZero(n);
    injured_workers.setZero(n);
    injury_months_left.setZero(n);
    job_workers.setZero(n);
    legal_status.setZero(n);
    licence_months_left.setZero(n);
    in_cooperative.setZero(n);
    savings_usd.setZero(n);
    vsla_member.setZero(n);
    vsla_shares_usd.setZero(n);
    debt_usd.setZero(n, n_lenders);
    installment_usd.setZero(n, n_lenders);
    arrears_months.setZero(n);
    excluded_until_month.setZero(n);
    output_g.setZero(n);
    mining_income_usd.setZero(n);
    farm_income_usd.setZero(n);
    offfarm_income_usd.setZero(n);
    consumption_usd.setZero(n);
    borrowed_usd.setZero(n);
    debt_service_usd.setZero(n);
    payments_usd.setZero(n);
    vsla_net_usd.setZero(n);
    entered_mining.setZero(n);
    role_male.setZero(n);
    role_female.setZero(n);
    role_months_male.setZero(n);
    role_months_female.setZero(n);
    new_injuries.setZero(n);
    team_value_usd.setZero(n);
    permanent_income_usd.setZero(n);
    livestock_usd.setZero(n);
    livestock_net_usd.setZero(n);
    at_borrowing_limit.setZero(n);
    held_g.setZero(n);
    held_mineral.setZero(n);
    tied_buyer.setConstant(n, -1);
}

void Sites::initialise_deposit_columns() {
    const Eigen::Index n = size();
    capital_usd.setZero(n);
    capital_output_factor.setOnes(n);
    capital_land_factor.setOnes(n);
    pay_ratio_smoothed.setZero(n);
    extracted_last_g = cumulative_output_g;
}

void BuyerColumns::resize(Eigen::Index n) {
    formal.setZero(n);
    mineral.setZero(n);
    for (Eigen::ArrayXd* c : {&cash_usd, &credit_limit_usd, &credit_used_usd, &stock_g, &turnover_usd, &need_usd,
                              &tightness, &price_share, &offered_last_g, &expected_g, &offer_unlicensed, &offer_licensed})
        c->setZero(n);
    clear_flows();
}

void BuyerColumns::clear_flows() {
    const Eigen::Index n = cash_usd.size();
    for (Eigen::ArrayXd* c : {&bought_g, &bought_usd, &royalty_usd, &sales_usd, &transport_usd, &credit_drawn_usd,
                              &credit_repaid_usd, &prefinance_lent_usd, &prefinance_repaid_usd, &drawings_usd,
                              &lent_down_usd, &repaid_down_usd, &offered_g})
        c->setZero(n);
}

void Sites::refresh_grades() { grade_now = grade_initial * (-cumulative_output_g / depletion_scale_g).exp(); }

}  // namespace asmsim
