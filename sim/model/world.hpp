#pragma once
// The running state of one simulation: household and site columns, this month's prices and the
// few model-wide quantities (price expectations, licence queue, savings-group pools).
// Columns are Eigen arrays (structure of arrays): row i of every household column is household i.
// Rows never move during a run, and `id` is the household's stable identifier.

#include <array>
#include <cstdint>
#include <deque>
#include <vector>

#include <Eigen/Core>

#include "model/commodity.hpp"
#include "model/network.hpp"
#include "model/policy.hpp"
#include "model/roles.hpp"

namespace asmsim {

using ArrayXi64 = Eigen::Array<std::int64_t, Eigen::Dynamic, 1>;
// ArrayXflag (model/policy.hpp): flags and small codes take one byte: at 1e5 households the columns
// do not fit in cache, and every module streams through several of them each month.

// Legal status of a household's mining (docs/model.md, "Formalisation").
enum LegalStatus : int { informal = 0, applicant = 1, licensed = 2 };
// Gold processing method (docs/model.md, "Mercury and land").
enum Processing : int { whole_ore_amalgamation = 0, concentrate_amalgamation = 1, mercury_free = 2 };
// Lenders, in the order of the debt columns.
enum Lender : int { vsla = 0, mfi = 1, bank = 2, trader = 3 };
inline constexpr int n_lenders = 4;
inline constexpr std::array<const char*, n_lenders> lender_names = {"vsla", "mfi", "bank", "trader"};

struct Households {
    // Traits fixed at the start (adult counts change only through deaths)
    ArrayXi64 id;                      // stable identifier
    Eigen::ArrayXi size_persons;       // household members
    Eigen::ArrayXi male_workers;       // adult men who work
    Eigen::ArrayXi female_workers;     // adult women who work
    ArrayXflag     head_female;        // 1 when the head is a woman
    Eigen::ArrayXd skill;              // mining productivity multiplier (mean 1)
    ArrayXflag     mfi_reach;          // 1 when a microfinance institution serves the household
    Eigen::ArrayXd credit_rate_tolerance;  // highest monthly cost of credit it accepts for consumption

    // Livelihood state
    Eigen::ArrayXi site;               // row in Sites (where it mines, or would)
    ArrayXflag     is_mining;          // 1 when the household's workers mine
    ArrayXflag     entered_mining;     // 1 when it started mining this month (labour); such entrants chose their site already
    Eigen::ArrayXd farm_land_ha;       // farm land it cultivates
    ArrayXflag     semi_mechanised;    // 1 when it owns semi-mechanised equipment
    ArrayXflag     processing;         // Processing method for gold
    Eigen::ArrayXi injured_workers;    // workers unable to work this month
    Eigen::ArrayXi injury_months_left; // months until the injured return
    ArrayXflag     job_workers;        // adults in a programme job (alternative livelihoods): they neither mine nor farm

    // Formalisation
    ArrayXflag     legal_status;         // LegalStatus
    Eigen::ArrayXi licence_months_left;  // months until the licence expires (licensed)
    ArrayXflag     in_cooperative;       // 1 when licensed through a cooperative

    // Money
    Eigen::ArrayXd savings_usd;                 // cash held at the end of the month
    ArrayXflag     vsla_member;                 // 1 when in a village savings and loan association
    Eigen::ArrayXd vsla_shares_usd;             // own contributions in the current VSLA cycle
    Eigen::Array<double, Eigen::Dynamic, n_lenders> debt_usd;         // balance per Lender
    Eigen::Array<double, Eigen::Dynamic, n_lenders> installment_usd;  // agreed monthly payment per Lender
    Eigen::ArrayXi arrears_months;              // consecutive months with a payment missed
    Eigen::ArrayXi excluded_until_month;        // no MFI or bank credit before this month (after a default)

    // This month's flows (overwritten every month). The cash identity, tested every month:
    // d(savings) = income - consumption + borrowed - debt_service - payments + vsla_net
    Eigen::ArrayXd output_g;            // mineral produced (contained), before confiscation
    Eigen::ArrayXd mining_income_usd;   // sales net of royalty, tied discount and confiscation
    Eigen::ArrayXd farm_income_usd;
    Eigen::ArrayXd offfarm_income_usd;
    Eigen::ArrayXd consumption_usd;
    Eigen::ArrayXd borrowed_usd;        // new loans received
    Eigen::ArrayXd debt_service_usd;    // paid to lenders (principal and interest)
    Eigen::ArrayXd payments_usd;        // fees, fines, compliance, equipment, mercury
    Eigen::ArrayXd vsla_net_usd;        // share-out received minus contributions paid

    // Consumption smoothing (docs/model.md 7.14; issue 13 point 1). State: the household's learned
    // permanent income and its livestock. Flow: livestock_net_usd = cash from livestock sales minus
    // cash paid for livestock this month; it enters the cash identity:
    // d(savings) = income - consumption + borrowed - debt_service - payments + vsla_net + livestock_net
    Eigen::ArrayXd permanent_income_usd;  // learned expected monthly income (adaptive filter of its own income)
    Eigen::ArrayXd livestock_usd;         // livestock held, valued at purchase price
    Eigen::ArrayXd livestock_net_usd;     // this month's cash from livestock sales minus purchases
    ArrayXflag     at_borrowing_limit;    // 1 when this month's consumption was capped by cash and credit
    // Roles on the site (docs/model.md, "Sites as hierarchies"): one Role code for the household's
    // men who mine and one for its women who mine (role_none when the household does not mine or has
    // no such workers), so that headcount and women's share per role are exact.
    ArrayXflag     role_male;           // Role of the male mining workers
    ArrayXflag     role_female;         // Role of the female mining workers
    ArrayXflag     role_months_male;    // months in that role (capped at 120)
    ArrayXflag     role_months_female;
    ArrayXflag     new_injuries;        // injuries this month (safety), read by site pay for demotions
    Eigen::ArrayXd team_value_usd;      // what selling credited for the team's output, before site pay pooled it
    // --- Traders (docs/model.md, "Traders: buyers with limited cash") ---
    Eigen::ArrayXd held_g;              // mineral kept back because its buyer had no cash; offered next month
    Eigen::ArrayXi held_mineral;        // Commodity of held_g
    Eigen::ArrayXi tied_buyer;          // row in SiteBuyers of the buyer that pre-financed it (-1: none)

    Eigen::Index size() const { return id.size(); }
    void resize(Eigen::Index n);
    int workers(Eigen::Index i) const { return male_workers[i] + female_workers[i]; }
    double income_usd(Eigen::Index i) const {
        return mining_income_usd[i] + farm_income_usd[i] + offfarm_income_usd[i];
    }
    double total_debt_usd(Eigen::Index i) const { return debt_usd.row(i).sum(); }

    // Visits every column with (name, units, description, column); the HDF5 writer uses this, so
    // a new column is written out by adding it here.
    template <class Visitor>
    void for_each_column(Visitor&& visit) const {
        visit("id", "1", "stable household identifier", id);
        visit("size_persons", "persons", "household members", size_persons);
        visit("male_workers", "persons", "adult men who work", male_workers);
        visit("female_workers", "persons", "adult women who work", female_workers);
        visit_flag(visit, "head_female", "1", "1 when the household head is a woman", head_female);
        visit("skill", "1", "mining productivity multiplier (mean 1)", skill);
        visit_flag(visit, "mfi_reach", "1", "1 when a microfinance institution serves the household", mfi_reach);
        visit("credit_rate_tolerance", "1/month", "highest monthly cost of credit accepted for consumption",
              credit_rate_tolerance);
        visit("site", "1", "row of the household's mining site", site);
        visit_flag(visit, "is_mining", "1", "1 when the household mines", is_mining);
        visit("farm_land_ha", "ha", "farm land cultivated", farm_land_ha);
        visit_flag(visit, "semi_mechanised", "1", "1 when the household owns semi-mechanised equipment", semi_mechanised);
        visit_flag(visit, "processing", "1", "gold processing: 0 whole-ore amalgamation, 1 concentrate amalgamation, 2 mercury-free",
              processing);
        visit("injured_workers", "persons", "workers unable to work after an injury", injured_workers);
        visit_flag(visit, "job_workers", "persons", "adults in a programme job (alternative livelihoods)", job_workers);
        visit_flag(visit, "legal_status", "1", "0 informal, 1 licence applicant, 2 licensed", legal_status);
        visit("licence_months_left", "months", "months until the licence expires", licence_months_left);
        visit_flag(visit, "in_cooperative", "1", "1 when licensed through a cooperative", in_cooperative);
        visit("savings_usd", "USD", "cash held at the end of the month", savings_usd);
        visit_flag(visit, "vsla_member", "1", "1 when a member of a village savings and loan association", vsla_member);
        visit("vsla_shares_usd", "USD", "own contributions in the current savings-group cycle", vsla_shares_usd);
        for (int l = 0; l < n_lenders; ++l) debt_column(visit, l);
        visit("arrears_months", "months", "consecutive months with a loan payment missed", arrears_months);
        visit("output_g", "g", "mineral produced in the last month", output_g);
        visit("mining_income_usd", "USD", "mining income in the last month", mining_income_usd);
        visit("farm_income_usd", "USD", "farm income in the last month", farm_income_usd);
        visit("offfarm_income_usd", "USD", "off-farm income in the last month", offfarm_income_usd);
        visit("consumption_usd", "USD", "consumption in the last month", consumption_usd);
        visit("permanent_income_usd", "USD/month", "learned permanent (expected) monthly income", permanent_income_usd);
        visit("livestock_usd", "USD", "livestock held, at purchase value", livestock_usd);
        visit_flag(visit, "at_borrowing_limit", "1", "1 when last month's consumption was capped by cash and credit",
                   at_borrowing_limit);
        visit_flag(visit, "role_male", "1", "role of the male mining workers: 0 none, 1 processor, 2 digger, 3 skilled, 4 pit manager, 5 sponsor", role_male);
        visit_flag(visit, "role_female", "1", "role of the female mining workers (codes as role_male)", role_female);
        visit("held_g", "g", "mineral held back to next month because its buyer had no cash", held_g);
    }

private:
    // Flag columns are written as int32, as before they were narrowed.
    template <class Visitor>
    void visit_flag(Visitor& visit, const char* name, const char* units, const char* description,
                    const ArrayXflag& column) const {
        flag_column_storage_ = column.cast<int>();
        visit(name, units, description, flag_column_storage_);
    }
    template <class Visitor>
    void debt_column(Visitor& visit, int lender) const {
        static const std::array<const char*, n_lenders> names = {"debt_vsla_usd", "debt_mfi_usd", "debt_bank_usd",
                                                                 "debt_trader_usd"};
        static const std::array<const char*, n_lenders> descriptions = {
            "debt to the savings group", "debt to microfinance", "debt to banks", "debt to traders (pre-finance)"};
        debt_column_storage_ = debt_usd.col(lender);
        visit(names[lender], "USD", descriptions[lender], debt_column_storage_);
    }
    mutable Eigen::ArrayXd debt_column_storage_;  // contiguous copy of one debt column for writers
    mutable Eigen::ArrayXi flag_column_storage_;  // int32 copy of one flag column for writers
};

struct Sites {
    Eigen::ArrayXi mineral;             // Commodity as int
    Eigen::ArrayXd grade_initial;       // ore grade index at the start (mean 1)
    Eigen::ArrayXd cumulative_output_g; // extracted so far
    Eigen::ArrayXd depletion_scale_g;   // extraction that lowers the grade by a factor e
    Eigen::ArrayXd land_degraded_ha;    // degraded and not yet restored
    Eigen::ArrayXd land_restored_ha;    // restored so far
    Eigen::ArrayXd vsla_fund_usd;       // cash in the site's savings group, not lent out
    Eigen::ArrayXd grade_now;           // grade this month (refreshed at the start of each month)
    Eigen::ArrayXd miners;              // effective mining workers last month
    Eigen::ArrayXd capacity_workers;    // workers at which output per worker is halved (congestion)
    Eigen::ArrayXd g_per_worker_day;    // this month's yield of an average manual worker-day: grade and crowding

    // --- Deposits, rushes and capital (model/deposits.cpp, model/migration.cpp; docs/model.md,
    // "Deposits, discoveries and site capital"). Set by initialise_deposit_columns.
    Eigen::ArrayXd capital_usd;            // sponsors' equipment at the site (pumps, crushers, excavators), month-0 USD
    Eigen::ArrayXd capital_output_factor;  // output per worker-day relative to a site without capital (>= 1)
    Eigen::ArrayXd capital_land_factor;    // land disturbed per gram relative to a site without capital (>= 1)
    Eigen::ArrayXd pay_ratio_smoothed;     // diggers' pay per worker over the outside wage, smoothed over about a year
    Eigen::ArrayXd extracted_last_g;       // cumulative_output_g when the deposits module last ran
    void initialise_deposit_columns();     // no capital, factors 1 (called once the sites exist)
    // --- end deposits
    // Roles (site pay): effective workers per Role code last month, for the free places of promotion.
    Eigen::Array<double, Eigen::Dynamic, n_roles> role_workers;
    Eigen::Index size() const { return mineral.size(); }
    double grade(Eigen::Index s) const { return grade_now[s]; }
    // Output per worker falls as a site fills: 1 / (1 + last month's miners / capacity).
    double congestion(Eigen::Index s) const { return 1.0 / (1.0 + miners[s] / capacity_workers[s]); }
    void refresh_grades();              // grade = initial grade x exp(-extracted / depletion scale)
};

// --- Traders (docs/model.md, "Traders: buyers with limited cash"): the buying chain's state ---
// Site buyers: n_formal + n_informal rows per site (formal first), row = site * per_site + k.
// Upper tier (dealers, exporters, smuggling routes): one row per mineral and channel,
// row = 2 * mineral + formal. Cash and credit in USD; credit is drawn from the tier above (site
// buyers from their dealer, dealers from banks and foreign buyers). The cash identity of every row,
// tested each month: d(cash) = sales_up - bought - royalty - transport + credit_drawn - credit_repaid
//   - prefinance_lent + prefinance_repaid - drawings (+ for dealers: - lent_down + repaid_down).
struct BuyerColumns {
    ArrayXflag     formal;             // 1: licensed buyer (pays the royalty)
    Eigen::ArrayXi mineral;            // Commodity as int
    Eigen::ArrayXd cash_usd;
    Eigen::ArrayXd credit_limit_usd;   // line from the tier above
    Eigen::ArrayXd credit_used_usd;    // owed to the tier above
    Eigen::ArrayXd stock_g;            // bought, not yet sold up the chain
    Eigen::ArrayXd turnover_usd;       // moving average of the monthly value offered to it (world price)
    Eigen::ArrayXd need_usd;           // value it expects to be offered this month
    Eigen::ArrayXd tightness;          // 1 - cash / need, in [0, 1]
    Eigen::ArrayXd price_share;        // share of the world price it offers before competition and royalty
    Eigen::ArrayXd offered_last_g;     // mineral sellers offered it last month (bought or not)
    Eigen::ArrayXd expected_g;         // mineral it expects to be offered this month
    Eigen::ArrayXd offer_unlicensed, offer_licensed;  // price_share less the competition margin for sellers of each status
    // This month's flows (cleared at the traders' step)
    Eigen::ArrayXd bought_g, bought_usd, royalty_usd, sales_usd, transport_usd, credit_drawn_usd,
        credit_repaid_usd, prefinance_lent_usd, prefinance_repaid_usd, drawings_usd, lent_down_usd,
        repaid_down_usd;
    Eigen::ArrayXd offered_g;          // mineral sellers offered it this month (bought or not)
    Eigen::Index size() const { return cash_usd.size(); }
    void resize(Eigen::Index n);
    void clear_flows();
    // Cash change implied by this month's flows of row b.
    double net_flow_usd(Eigen::Index b) const {
        return sales_usd[b] - bought_usd[b] - royalty_usd[b] - transport_usd[b] + credit_drawn_usd[b] -
               credit_repaid_usd[b] - prefinance_lent_usd[b] + prefinance_repaid_usd[b] - drawings_usd[b] -
               lent_down_usd[b] + repaid_down_usd[b];
    }
};
struct Traders {
    int informal_per_site = 1, formal_per_site = 1;
    BuyerColumns site;   // site buyers
    BuyerColumns upper;  // dealers and exporters (formal) and smuggling routes (informal)
    // Best posted offers per site (share of the world price, competition included): to unlicensed
    // households, to licensed households from informal buyers, and from formal buyers before royalty.
    Eigen::ArrayXd informal_offer, informal_offer_licensed, formal_offer;
    std::vector<double> cash_start_usd;  // site then upper rows, at the start of the traders' step (for tests)
    bool shock_active = false;
    // The buying programme as a formal buyer: its working capital and the gold it has not resold.
    bool programme_started = false;
    double programme_cash_usd = 0.0;
    std::array<double, n_commodities> programme_stock_g{};  // by mineral
    int per_site() const { return informal_per_site + formal_per_site; }
    int first_formal(int site) const { return site * per_site(); }
    int first_informal(int site) const { return site * per_site() + formal_per_site; }
    int site_of(int buyer) const { return buyer / per_site(); }
    static int upper_row(int mineral, bool formal) { return 2 * mineral + (formal ? 1 : 0); }
};

// Model-wide sums of the month's events, filled by the processes and read by monthly_outputs.
struct MonthTally {
    int mining_entries = 0, mining_exits = 0;       // households
    int applications = 0, licences_issued = 0, licences_renewed = 0, licences_lapsed = 0;
    int inspections = 0;
    double royalties_usd = 0, licence_fees_usd = 0, fines_usd = 0;  // to the treasury
    double informal_payments_usd = 0;  // the part of fines officials keep
    std::array<double, n_commodities> sold_formal_g{}, sold_informal_g{}, sold_tied_g{}, confiscated_g{};
    std::array<double, n_commodities> sold_programme_g{};  // to a government buying programme
    double injuries_informal = 0, injuries_licensed = 0, fatalities = 0;
    double exposure_informal_person_months = 0, exposure_licensed_person_months = 0;
    std::array<int, n_lenders> new_loans{};
    std::array<double, n_lenders> new_loans_usd{};
    double interest_usd = 0;     // accrued on all debts
    double written_off_usd = 0;  // debt cancelled by defaults
    int defaults = 0;            // households defaulting
    int adoptions_semi_mechanised = 0, adoptions_mercury_free = 0;
    int new_leases = 0;  // equipment leases started (equipment-leasing programme)
    double mercury_released_kg = 0;
    double land_degraded_ha = 0, land_restored_ha = 0, restoration_cost_usd = 0;
    // Deposits, rushes and capital
    int discoveries = 0;            // new deposits brought into work
    int migrants = 0;               // mining households that moved to another site
    double migration_cost_usd = 0;  // paid by them
    double capital_investment_usd = 0;
    // Roles (site pay): sponsors' and self-financed teams' costs paid, and per Role code the
    // month's headcount (persons), women, pay and injuries.
    double site_costs_usd = 0;
    std::array<double, n_roles> role_persons{}, role_women{}, role_pay_usd{}, role_injuries{};
    // Traders: value paid to sellers (at the price paid) and at the world price, by mineral; held back.
    std::array<double, n_commodities> sold_paid_usd{}, sold_world_usd{}, held_back_g{};
    std::array<double, n_commodities> held_lost_g{};  // held back, then left behind by a household that moved to another mineral
    std::array<double, n_commodities> sold_margin_usd{};  // site buyers' margin on it: dealer's price net of transport, less price paid and royalty
    double programme_bought_usd = 0;
};

struct World {
    int month = 0;           // months since the start, 0-based
    int calendar_month = 1;  // 1..12 (month 0 is January unless simulation.start says otherwise)
    bool rainy = false;      // this month is in the rainy season
    double price_level = 1;  // local prices and wages relative to month 0 (economy.nominal_growth_annual)
    Households households;
    Sites sites;
    Neighbours neighbours;   // social network, rows of Households
    std::array<double, n_commodities> price_usd_per_g{};           // world price this month
    std::array<double, n_commodities> expected_price_usd_per_g{};  // miners' adaptive expectation
    std::deque<int> licence_queue;  // applicant households, oldest first
    double processing_credit = 0;   // applications the administration can still process (fractional)
    MonthTally tally;               // reset at the start of every month
    Policy policy;                  // levers set by interventions (all off without them)
    std::vector<ProgrammeAccount> programmes;  // one per intervention that runs
    Traders traders;                // the buying chain (docs/model.md, "Traders")
};

}  // namespace asmsim
