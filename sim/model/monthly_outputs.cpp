#include "model/monthly_outputs.hpp"

#include <cstdint>
#include <string>

namespace asmsim {

namespace {
constexpr double days_per_month = 365.25 / 12.0;
const char* head_name[2] = {"male_head", "female_head"};
}  // namespace

int MonthlyOutputsModule::declare(const std::string& name, const std::string& units, const std::string& long_name) {
    return results_.declare(name, units, long_name);
}

MonthlyOutputsModule::MonthlyOutputsModule(const ModelContext& ctx)
    : results_(ctx.results),
      poverty_line_usd_per_person_month_(ctx.params.real("welfare.poverty_line_usd_per_person_day") * days_per_month),
      female_mining_effort_(ctx.params.real("labour.female_mining_effort")) {
    Ids& d = id_;
    d.n_households = declare("n_households", "households", "households in the population");
    d.n_persons = declare("n_persons", "persons", "people in the population");
    d.n_mining_households = declare("n_mining_households", "households", "households whose workers mine");
    d.n_miners = declare("n_miners", "persons", "people working in mining (women weighted by their share of time in mining)");
    d.n_women_miners = declare("n_women_miners", "persons", "women working in mining (weighted by time in mining)");
    d.women_share_of_miners = declare("women_share_of_miners", "1", "women's share of people working in mining");
    d.new_mining_entries = declare("new_mining_entries", "households/month", "households that started mining");
    d.new_mining_exits = declare("new_mining_exits", "households/month", "households that stopped mining");
    d.n_miners_informal = declare("n_miners_informal", "persons", "miners without a licence or application");
    d.n_miners_applicant = declare("n_miners_applicant", "persons", "miners whose licence application waits in the queue");
    d.n_miners_licensed = declare("n_miners_licensed", "persons", "miners holding a licence");
    d.formal_share = declare("formal_share", "1", "share of miners holding a licence");
    d.formal_output_share = declare("formal_output_share", "1",
                                    "share of the value of mining output (at world prices) produced by licensed miners");
    d.licence_queue = declare("licence_queue", "applications", "licence applications waiting to be processed");
    d.new_applications = declare("new_applications", "applications/month", "licence applications filed");
    d.new_licences = declare("new_licences", "licences/month", "licences issued from the queue");
    d.new_renewals = declare("new_renewals", "licences/month", "licences renewed at expiry");
    d.new_lapses = declare("new_lapses", "licences/month", "licences that lapsed at expiry");
    d.new_inspections = declare("new_inspections", "inspections/month", "inspections of informal miners");
    for (Commodity c : all_commodities) {
        const int k = index_of(c);
        const std::string m(commodity_name(c));
        d.miners_by_mineral[k] = declare("n_miners_" + m, "persons", "people working in " + m + " mining (women weighted by time in mining)");
        d.production_g[k] = declare("production_" + m + "_g", "g/month", m + " produced (contained mineral)");
        d.sold_formal_g[k] = declare("sold_formal_" + m + "_g", "g/month", m + " sold by licensed miners to formal buyers");
        d.sold_informal_g[k] = declare("sold_informal_" + m + "_g", "g/month", m + " sold to informal traders");
        d.sold_tied_g[k] = declare("sold_tied_" + m + "_g", "g/month", m + " sold to the trader who pre-financed the miner");
        d.sold_programme_g[k] = declare("sold_programme_" + m + "_g", "g/month", m + " sold to a government buying programme");
        d.confiscated_g[k] = declare("confiscated_" + m + "_g", "g/month", m + " confiscated at inspections");
        d.mining_income_per_miner[k] = declare("mining_income_usd_per_miner_" + m, "USD/person/month",
                                               "mean mining income per person working in " + m + " mining");
        d.production_per_miner[k] = declare("production_" + m + "_g_per_miner", "g/person/month",
                                            m + " produced per person working in " + m + " mining (women weighted by time in mining)");
    }
    d.mining_income_usd = declare("mining_income_usd", "USD/month", "households' total income from mineral sales");
    d.mean_income = declare("mean_income_usd_per_capita", "USD/person/month", "mean per-capita income (all sources)");
    d.median_income = declare("median_income_usd_per_capita", "USD/person/month", "median per-capita income, over people");
    d.p10_income = declare("p10_income_usd_per_capita", "USD/person/month", "10th percentile of per-capita income, over people");
    d.p90_income = declare("p90_income_usd_per_capita", "USD/person/month", "90th percentile of per-capita income, over people");
    d.gini = declare("gini_income", "1", "Gini index of per-capita income, over people");
    d.poverty = declare("poverty_headcount", "1", "share of people whose household per-capita income is below the poverty line");
    d.n_poor_households = declare("n_poor_households", "households", "households whose per-capita income is below the poverty line");
    for (int f = 0; f < 2; ++f) {
        const std::string g = head_name[f];
        const std::string who = f ? "in women-headed households" : "in men-headed households";
        d.mean_income_by_head[f] = declare("mean_income_usd_per_capita_" + g, "USD/person/month", "mean per-capita income " + who);
        d.poverty_by_head[f] = declare("poverty_headcount_" + g, "1", "poverty headcount " + who);
        d.mean_savings_by_head[f] = declare("mean_savings_usd_" + g, "USD", "mean savings of households " + std::string(f ? "headed by women" : "headed by men"));
        d.mean_debt_by_head[f] = declare("mean_debt_usd_" + g, "USD", "mean debt of households " + std::string(f ? "headed by women" : "headed by men"));
    }
    d.mean_savings = declare("mean_savings_usd", "USD", "mean household savings at the end of the month");
    d.mean_debt = declare("mean_debt_usd", "USD", "mean household debt (all lenders)");
    for (int l = 0; l < n_lenders; ++l) {
        const std::string name = lender_names[l];
        d.mean_debt_by_lender[l] = declare("mean_debt_" + name + "_usd", "USD", "mean household debt to " + name);
        d.new_loans[l] = declare("new_loans_" + name, "loans/month", "new loans from " + name);
    }
    d.share_in_trader_debt = declare("share_in_trader_debt", "1", "share of households owing a trader (pre-finance)");
    d.new_defaults = declare("new_defaults", "households/month", "households defaulting on their loans");
    d.written_off_usd = declare("written_off_usd", "USD/month", "debt written off after defaults");
    d.interest_usd = declare("interest_usd", "USD/month", "interest accrued on all household debt");
    d.vsla_members = declare("n_vsla_members", "households", "members of village savings and loan associations");
    d.semi_mechanised_share = declare("semi_mechanised_share", "1", "share of mining households with semi-mechanised equipment");
    d.mercury_free_share = declare("mercury_free_share", "1", "share of gold-mining households processing without mercury");
    d.new_adoptions_semi = declare("new_adoptions_semi_mechanised", "households/month", "purchases of semi-mechanised equipment");
    d.new_adoptions_mercury_free = declare("new_adoptions_mercury_free", "households/month", "switches to mercury-free processing");
    d.mercury_released_kg = declare("mercury_released_kg", "kg/month", "mercury released by gold amalgamation");
    d.land_degraded_ha = declare("land_degraded_ha", "ha/month", "land newly degraded by extraction");
    d.land_degraded_total_ha = declare("land_degraded_total_ha", "ha", "degraded land not yet restored");
    d.land_restored_ha = declare("land_restored_ha", "ha/month", "degraded land restored");
    d.restoration_cost_usd = declare("restoration_cost_usd", "USD/month", "cost of land restoration");
    d.new_injuries = declare("new_injuries", "injuries/month", "injuries among miners (including fatal ones)");
    d.new_injuries_informal = declare("new_injuries_informal", "injuries/month", "injuries among miners without a licence");
    d.new_injuries_licensed = declare("new_injuries_licensed", "injuries/month", "injuries among licensed miners");
    d.new_fatalities = declare("new_fatalities", "deaths/month", "fatal mining injuries");
    d.exposure_informal = declare("exposure_informal_person_months", "person-months", "full-time mining work without a licence");
    d.exposure_licensed = declare("exposure_licensed_person_months", "person-months", "full-time mining work with a licence");
    d.fiscal_revenue_usd = declare("fiscal_revenue_usd", "USD/month", "royalties, licence fees and fines collected");
    d.royalties_usd = declare("royalties_usd", "USD/month", "royalties on formal sales");
    d.licence_fees_usd = declare("licence_fees_usd", "USD/month", "licence fees paid");
    d.fines_usd = declare("fines_usd", "USD/month", "fines paid by informal miners that reach the treasury");
    d.informal_payments_usd = declare("informal_payments_usd", "USD/month", "part of what inspected miners pay that officials keep");
    d.new_leases = declare("new_leases", "leases/month", "equipment leases started (equipment-leasing programme)");
    d.n_programme_jobs = declare("n_programme_jobs", "persons", "adults in programme jobs (alternative livelihoods)");
    // Consumption smoothing (docs/model.md 7.14)
    d.mean_consumption = declare("mean_consumption_usd_per_capita", "USD/person/month", "mean per-capita consumption");
    d.p10_consumption = declare("p10_consumption_usd_per_capita", "USD/person/month", "10th percentile of per-capita consumption, over people");
    d.median_consumption = declare("median_consumption_usd_per_capita", "USD/person/month", "median per-capita consumption, over people");
    d.p90_consumption = declare("p90_consumption_usd_per_capita", "USD/person/month", "90th percentile of per-capita consumption, over people");
    d.poverty_consumption = declare("poverty_headcount_consumption", "1", "share of people whose household per-capita consumption is below the poverty line (as surveys measure poverty)");
    d.poverty_income = declare("poverty_headcount_income", "1", "share of people whose household per-capita income is below the poverty line (same as poverty_headcount)");
    d.poverty_miners_income = declare("poverty_headcount_miners_income", "1", "poverty headcount by income among people in mining households");
    d.poverty_miners_consumption = declare("poverty_headcount_miners_consumption", "1", "poverty headcount by consumption among people in mining households");
    d.share_at_limit = declare("share_at_borrowing_limit", "1", "share of households whose consumption was capped by their cash and credit (they wanted to spend more)");
    d.mean_livestock = declare("mean_livestock_usd", "USD", "mean household livestock, at purchase value");
    d.mean_permanent_income = declare("mean_permanent_income_usd", "USD/month", "mean household permanent income, as households have learned it");
    // Programme costs: declared by the interventions, which plug into the month from outside
    // sim/model (model/plan_slots.hpp; absent, -1, without them). The interventions module writes 0
    // for every programme each month; the accounts of those that run are filled here, once the
    // month's spending is known.
    d.programme_cost = results_.find("programme_cost_usd");
}

void MonthlyOutputsModule::begin_pass(int, World&, Results&) {
    sums_ = Sums{};
    distribution_.clear();
    consumption_distribution_.clear();
}

void MonthlyOutputsModule::visit_rows(int, World& world, RowRange rows) {
    const Households& h = world.households;
    const int gold = index_of(Commodity::gold);
    const double poverty_line = poverty_line_usd_per_person_month_ * world.price_level;
    // The sums in a local copy, so that they stay in registers (the distribution's stores could
    // alias members). Counts of households and persons are summed as integers (exact, so the same as
    // summing doubles); money and effort-weighted sums keep their order of addition, household by household.
    Sums s = sums_;
    IncomeDistribution::Totals income_totals = distribution_.totals(), consumption_totals = consumption_distribution_.totals();
    for (Eigen::Index i = rows.begin; i < rows.end; ++i) {
        const int size = h.size_persons[i];
        const double income = h.income_usd(i);
        const double household_debt = h.total_debt_usd(i);
        const double household_savings = h.savings_usd[i];
        const int f = h.head_female[i];
        s.persons += size;
        s.total_income += income;
        s.mining_income += h.mining_income_usd[i];
        s.savings += household_savings;
        s.debt += household_debt;
        for (int l = 0; l < n_lenders; ++l) s.debt_by_lender[l] += h.debt_usd(i, l);
        s.in_trader_debt += h.debt_usd(i, trader) > 0.0;
        s.vsla_members += h.vsla_member[i];
        // Without branches (whether a household is poor, or headed by a woman, goes either way at
        // random): counts add 0 or 1 times a number, and each gender's sums add x times 1 or 0
        // (x x 0 is 0, and adding 0 leaves a sum as it was).
        const int poor = (size > 0) & (income < poverty_line * size);
        const int poor_persons = poor * size;
        s.poor += poor_persons;
        s.poor_households += poor;
        if (size > 0) distribution_.add(income / size, size, income_totals);
        const double female = f, male = 1 - f;
        s.female_head_households += f;
        s.female_head_persons += f * size;
        s.female_head_poor += f * poor_persons;
        s.income_male_head += income * male;
        s.income_female_head += income * female;
        s.savings_male_head += household_savings * male;
        s.savings_female_head += household_savings * female;
        s.debt_male_head += household_debt * male;
        s.debt_female_head += household_debt * female;
    }
    // Programme jobs exist only while alternative livelihoods acts (otherwise every job_workers is 0):
    // counted apart, which keeps one more sum out of the loop above.
    if (world.policy.jobs.on)
        for (Eigen::Index i = rows.begin; i < rows.end; ++i) s.job_workers += h.job_workers[i];
    // Consumption in its own loop (same reason as the miners' loop below).
    for (Eigen::Index i = rows.begin; i < rows.end; ++i) {
        const int size = h.size_persons[i];
        const double consumption = h.consumption_usd[i];
        s.consumption += consumption;
        s.livestock += h.livestock_usd[i];
        s.permanent_income += h.permanent_income_usd[i];
        s.at_limit += h.at_borrowing_limit[i];
        const int poor = (size > 0) & (consumption < poverty_line * size);
        s.poor_by_consumption += poor * size;
        if (size > 0) consumption_distribution_.add(consumption / size, size, consumption_totals);
    }
    distribution_.set_totals(income_totals);
    consumption_distribution_.set_totals(consumption_totals);
    // Miners in a second loop: one loop with every sum ran out of registers (each sum still adds
    // household by household, so the results are the same).
    miners_.select(rows, [&](Eigen::Index i) { return h.is_mining[i] != 0; });
    for (const Eigen::Index i : miners_) {
        const int mineral = world.sites.mineral[h.site[i]];
        // Adults in programme jobs do not mine (men first, as in mining_workers' effort count).
        const int men = h.male_workers[i] - std::min<int>(h.job_workers[i], h.male_workers[i]);
        const double women = female_mining_effort_ * (h.female_workers[i] - (h.job_workers[i] - (h.male_workers[i] - men)));
        s.mining_households += 1;
        s.women_miners += women;
        s.men_miners += men;
        s.miners_by_status[h.legal_status[i]] += men + women;
        s.production[mineral] += h.output_g[i];
        const double value = h.output_g[i] * world.price_usd_per_g[mineral];
        s.output_value += value;
        s.output_value_licensed += h.legal_status[i] == licensed ? value : 0.0;
        s.miners_by_mineral[mineral] += men + women;
        s.income_by_mineral[mineral] += h.mining_income_usd[i];
        s.semi += h.semi_mechanised[i];
        const int is_gold = mineral == gold;
        s.gold_households += is_gold;
        s.mercury_free_households += is_gold & (h.processing[i] == mercury_free);
        const int size = h.size_persons[i];
        s.miner_persons += size;
        s.miner_poor_income += ((size > 0) & (h.income_usd(i) < poverty_line * size)) * size;
        s.miner_poor_consumption += ((size > 0) & (h.consumption_usd[i] < poverty_line * size)) * size;
    }
    sums_ = s;
}

void MonthlyOutputsModule::end_pass(int, World& world, Results& results) {
    const Households& h = world.households;
    const MonthTally& t = world.tally;
    const Sums& s = sums_;
    const std::int64_t persons = s.persons, mining_households = s.mining_households, poor = s.poor;
    const double women_miners = s.women_miners;
    const double* miners_by_status = s.miners_by_status;
    const auto& production = s.production;
    const auto& miners_by_mineral = s.miners_by_mineral;
    const auto& income_by_mineral = s.income_by_mineral;
    // Counts of men-headed households follow from the totals and the women-headed ones (exact).
    const std::int64_t head_households[2] = {h.size() - s.female_head_households, s.female_head_households};
    const std::int64_t head_persons[2] = {persons - s.female_head_persons, s.female_head_persons};
    const std::int64_t head_poor[2] = {poor - s.female_head_poor, s.female_head_poor};
    const double head_income[2] = {s.income_male_head, s.income_female_head};
    const double head_savings[2] = {s.savings_male_head, s.savings_female_head};
    const double head_debt[2] = {s.debt_male_head, s.debt_female_head};

    const Ids& d = id_;
    const int m = world.month;
    auto set = [&](int output, double value) { results.set(output, m, value); };
    auto ratio = [](double a, double b) { return b > 0.0 ? a / b : 0.0; };
    const double n = static_cast<double>(h.size());
    const double miners = s.men_miners + women_miners;
    set(d.n_households, n);
    set(d.n_persons, persons);
    set(d.n_mining_households, mining_households);
    set(d.n_miners, miners);
    set(d.n_women_miners, women_miners);
    set(d.women_share_of_miners, ratio(women_miners, miners));
    set(d.new_mining_entries, t.mining_entries);
    set(d.new_mining_exits, t.mining_exits);
    set(d.n_miners_informal, miners_by_status[informal]);
    set(d.n_miners_applicant, miners_by_status[applicant]);
    set(d.n_miners_licensed, miners_by_status[licensed]);
    set(d.formal_share, ratio(miners_by_status[licensed], miners));
    set(d.formal_output_share, ratio(s.output_value_licensed, s.output_value));
    set(d.licence_queue, static_cast<double>(world.licence_queue.size()));
    set(d.new_applications, t.applications);
    set(d.new_licences, t.licences_issued);
    set(d.new_renewals, t.licences_renewed);
    set(d.new_lapses, t.licences_lapsed);
    set(d.new_inspections, t.inspections);
    for (int c = 0; c < n_commodities; ++c) {
        set(d.miners_by_mineral[c], miners_by_mineral[c]);
        set(d.production_g[c], production[c]);
        set(d.sold_formal_g[c], t.sold_formal_g[c]);
        set(d.sold_informal_g[c], t.sold_informal_g[c]);
        set(d.sold_tied_g[c], t.sold_tied_g[c]);
        set(d.sold_programme_g[c], t.sold_programme_g[c]);
        set(d.confiscated_g[c], t.confiscated_g[c]);
        set(d.mining_income_per_miner[c], ratio(income_by_mineral[c], miners_by_mineral[c]));
        set(d.production_per_miner[c], ratio(production[c], miners_by_mineral[c]));
    }
    set(d.mining_income_usd, s.mining_income);
    set(d.mean_income, ratio(s.total_income, persons));
    set(d.median_income, distribution_.quantile(0.5));
    set(d.p10_income, distribution_.quantile(0.1));
    set(d.p90_income, distribution_.quantile(0.9));
    set(d.gini, distribution_.gini());
    set(d.poverty, ratio(poor, persons));
    set(d.n_poor_households, s.poor_households);
    set(d.mean_consumption, ratio(s.consumption, persons));
    set(d.p10_consumption, consumption_distribution_.quantile(0.1));
    set(d.median_consumption, consumption_distribution_.quantile(0.5));
    set(d.p90_consumption, consumption_distribution_.quantile(0.9));
    set(d.poverty_consumption, ratio(s.poor_by_consumption, persons));
    set(d.poverty_income, ratio(poor, persons));
    set(d.poverty_miners_income, ratio(s.miner_poor_income, s.miner_persons));
    set(d.poverty_miners_consumption, ratio(s.miner_poor_consumption, s.miner_persons));
    set(d.share_at_limit, ratio(s.at_limit, n));
    set(d.mean_livestock, ratio(s.livestock, n));
    set(d.mean_permanent_income, ratio(s.permanent_income, n));
    for (int f = 0; f < 2; ++f) {
        set(d.mean_income_by_head[f], ratio(head_income[f], head_persons[f]));
        set(d.poverty_by_head[f], ratio(head_poor[f], head_persons[f]));
        set(d.mean_savings_by_head[f], ratio(head_savings[f], head_households[f]));
        set(d.mean_debt_by_head[f], ratio(head_debt[f], head_households[f]));
    }
    set(d.mean_savings, ratio(s.savings, n));
    set(d.mean_debt, ratio(s.debt, n));
    for (int l = 0; l < n_lenders; ++l) {
        set(d.mean_debt_by_lender[l], ratio(s.debt_by_lender[l], n));
        set(d.new_loans[l], t.new_loans[l]);
    }
    set(d.share_in_trader_debt, ratio(s.in_trader_debt, n));
    set(d.new_defaults, t.defaults);
    set(d.written_off_usd, t.written_off_usd);
    set(d.interest_usd, t.interest_usd);
    set(d.vsla_members, s.vsla_members);
    set(d.semi_mechanised_share, ratio(s.semi, mining_households));
    set(d.mercury_free_share, ratio(s.mercury_free_households, s.gold_households));
    set(d.new_adoptions_semi, t.adoptions_semi_mechanised);
    set(d.new_adoptions_mercury_free, t.adoptions_mercury_free);
    set(d.mercury_released_kg, t.mercury_released_kg);
    set(d.land_degraded_ha, t.land_degraded_ha);
    set(d.land_degraded_total_ha, world.sites.land_degraded_ha.sum());
    set(d.land_restored_ha, t.land_restored_ha);
    set(d.restoration_cost_usd, t.restoration_cost_usd);
    set(d.new_injuries, t.injuries_informal + t.injuries_licensed);
    set(d.new_injuries_informal, t.injuries_informal);
    set(d.new_injuries_licensed, t.injuries_licensed);
    set(d.new_fatalities, t.fatalities);
    set(d.exposure_informal, t.exposure_informal_person_months);
    set(d.exposure_licensed, t.exposure_licensed_person_months);
    set(d.fiscal_revenue_usd, t.royalties_usd + t.licence_fees_usd + t.fines_usd);
    set(d.royalties_usd, t.royalties_usd);
    set(d.licence_fees_usd, t.licence_fees_usd);
    set(d.fines_usd, t.fines_usd);
    set(d.informal_payments_usd, t.informal_payments_usd);
    set(d.new_leases, t.new_leases);
    set(d.n_programme_jobs, s.job_workers);
    double programme_cost = 0.0;
    for (const ProgrammeAccount& account : world.programmes) {
        set(account.output, account.spent_month_usd);
        programme_cost += account.spent_month_usd;
    }
    if (d.programme_cost >= 0) set(d.programme_cost, programme_cost);
}

}  // namespace asmsim
