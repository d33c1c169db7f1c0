#pragma once
// Policy levers and programme accounts: how interventions reach the processes of the model
// (docs/model.md, "Interventions").
//
// An intervention (sim/interventions/) never changes a process's code. Each month it sets levers
// here: which households a lever reaches and on what terms. The processes read the levers they
// know. A lever that is `on == false` is never read, so a run without interventions does exactly
// what it did before levers existed. Programmes pay through their ProgrammeAccount, which refuses
// any spending beyond the budget cap.

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace asmsim {

using ArrayXflag = Eigen::Array<std::int8_t, Eigen::Dynamic, 1>;

// The money of one programme: what it spent, this month and in all, against its budget cap.
struct ProgrammeAccount {
    std::string name;
    double budget_cap_usd = 0.0;  // 0: no cap
    double spent_usd = 0.0;       // since the start of the run
    double spent_month_usd = 0.0;  // this month (reset at the start of each month)
    int output = -1;               // the Results column of its monthly cost

    double remaining_usd() const { return budget_cap_usd > 0.0 ? budget_cap_usd - spent_usd : 1e300; }
    // Spends `usd` when the budget allows it all; returns false (spending nothing) otherwise.
    bool try_spend(double usd) {
        if (usd > remaining_usd()) return false;
        spent_usd += usd;
        spent_month_usd += usd;
        return true;
    }
};

// Every lever: on for this month or not, which households (or sites) it reaches, its terms, and
// the account of the programme that pays for it (index into World::programmes).
struct Policy {
    // Licence fee subsidy: the programme pays `share` of the fee of reached households.
    struct FeeSubsidy {
        bool on = false;
        ArrayXflag reached;
        double share = 0.0;
        int account = -1;
    } fee_subsidy;

    // One-stop licensing: reached applicants are licensed after `processing_months`, outside the
    // ordinary queue; the programme pays per licence it processes.
    struct OneStop {
        bool on = false;
        ArrayXflag reached;
        int processing_months = 1;
        double usd_per_licence = 0.0;
        int account = -1;
        struct Application {
            int household;
            int licence_month;  // the month its licence is issued
        };
        std::deque<Application> queue;  // oldest first
    } one_stop;

    // Royalty: reached licensed sellers pay `rate` on the value of formal sales.
    struct Royalty {
        bool on = false;
        ArrayXflag reached;
        double rate = 0.0;
    } royalty;

    // Enforcement and local governance: reached households face these inspection terms.
    struct Enforcement {
        bool on = false;
        ArrayXflag reached;
        double inspection_rate_monthly = 0.0;
        double fine_usd = 0.0;                // in prices of month 0
        double informal_payment_share = 0.0;  // share of fines kept by officials, not the treasury
        double usd_per_inspection = 0.0;      // the programme's cost of an inspection
        int account = -1;
    } enforcement;

    // Government buying programme: reached households that are not tied to a trader (and, when
    // required, hold a licence) sell at `price_share` of the world price, before royalty.
    struct Buying {
        bool on = false;
        ArrayXflag reached;
        double price_share = 1.0;
        bool requires_licence = true;
        double cost_share_of_value = 0.0;  // the programme's cost of handling output, per USD bought
        int account = -1;
        double working_capital_usd = 0.0;  // its cash to buy with, month-0 USD (model/traders.cpp)
    } buying;

    // Partial credit guarantee: banks lend to reached licensed households against
    // (1 - share) of the usual collateral; the programme covers `share` of losses on such loans.
    struct Guarantee {
        bool on = false;
        ArrayXflag reached;
        ArrayXflag guaranteed;  // 1 while the household's bank debt is under guarantee
        double share = 0.0;
        double usd_per_loan = 0.0;
        int account = -1;
    } guarantee;

    // Equipment leasing: reached mining households may lease semi-mechanised equipment for a
    // monthly fee instead of buying it; the programme pays a subsidy per lease-month.
    struct Leasing {
        bool on = false;
        ArrayXflag reached;
        ArrayXflag leasing;  // 1 while the household leases its equipment
        double fee_usd_month = 0.0;  // in prices of month 0
        double subsidy_usd_month = 0.0;
        int account = -1;
    } leasing;

    // Safety training: trained households' injury rates are multiplied by `injury_factor`.
    // Training lasts: `trained` stays set after the programme ends.
    struct Safety {
        bool on = false;
        ArrayXflag trained;
        double injury_factor = 1.0;
    } safety;

    // Mercury-free support: reached gold miners pay (1 - subsidy_share) of the equipment and look
    // at it with chance `consider_share_monthly` (extension visits) instead of the usual rate.
    struct MercuryFree {
        bool on = false;
        ArrayXflag reached;
        double subsidy_share = 0.0;
        double consider_share_monthly = 0.0;
        int account = -1;
    } mercury_free;

    // Land restoration paid by a programme, per site (hectares this month).
    struct Restoration {
        bool on = false;
        Eigen::ArrayXd ha_this_month;  // by site
        double usd_per_ha = 0.0;
        int account = -1;
    } restoration;

    // Alternative livelihoods: Households::job_workers adults of a reached household hold programme
    // jobs paying `wage_usd_month` (the programme pays when it hires, for the month), and neither
    // mine nor farm.
    struct Jobs {
        bool on = false;
        double wage_usd_month = 0.0;  // in prices of month 0
        int account = -1;
    } jobs;
    // Cash transfer (the benchmark programme, issue 16.3): households with paid[i] = 1 receive
    // `usd_month` (in prices of month 0) this month, counted with their off-farm income; the
    // programme pays the transfer and its delivery cost when it marks them.
    struct CashTransfer {
        bool on = false;
        ArrayXflag paid;
        double usd_month = 0.0;
    } cash_transfer;
};

}  // namespace asmsim
