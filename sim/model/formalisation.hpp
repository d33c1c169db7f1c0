#pragma once
// Formalisation, a cost-benefit choice made at application and again at every renewal
// (docs/model.md, "Formalisation"). Costs: fee, travel, informal payments, months in the queue,
// royalties (through the formal price) and compliance. Benefits: the formal price, secure tenure
// (no eviction), eligibility for bank credit, and the enforcement cost avoided (inspection rate x
// (fine + output seized)). Discounted over the licence term, with random utility (a logistic draw)
// so that households differ. Licences expire and many lapse; licensable land per site is limited.

#include <vector>

#include "model/context.hpp"
#include "model/mining_returns.hpp"
#include "model/module.hpp"
#include "model/row_selection.hpp"

namespace asmsim {

class FormalisationModule final : public Module {
public:
    explicit FormalisationModule(const ModelContext& ctx);
    std::string_view name() const override { return "formalisation"; }
    std::string_view summary() const override {
        return "licences expire (renewed or lapse); the queue is processed; informal miners apply when the "
               "net benefit, with peer influence, is worth it";
    }
    // Pass 0: compliance costs and expiries, per household; pass 1: the queue is processed; pass 2:
    // applications, per household (they read the neighbours' legal status after passes 0 and 1).
    int pass_count() const override { return 3; }
    PassKind pass_kind(int pass) const override { return pass == 1 ? PassKind::whole : PassKind::rows; }
    void begin_pass(int pass, World& world, Results& results) override;
    void visit_rows(int pass, World& world, RowRange rows) override;

    struct Benefit {
        double net_usd;     // over the licence period, after the fee
        bool cooperative;   // the better route
        double fee_usd;     // what the route costs the household now
        double subsidy_usd; // what a fee subsidy pays of the route's fee
    };
    // Net benefit of holding a licence for the coming period, by the better route. Levers: whether
    // programmes may act on formalisation this month (false skips reading the policy).
    template <bool Levers>
    // individual_route = false when the site has no land left for a licence of the household's own.
    Benefit net_benefit(const World& world, Eigen::Index i, double wait_months, bool individual_route = true) const;
    // The same when the licence would expire before it is issued (wait_months at least the licence
    // period) and no programme acts: each route is then worth minus its fee, the same for every
    // household, so net_benefit<false> returns exactly this (the months of benefit are 0).
    Benefit fees_only_benefit(double price_level) const;

private:
    // Share of the licence fee household i pays itself (1 unless a funded fee subsidy reaches it).
    double fee_share_paid(const World& world, Eigen::Index i) const;
    void pay_fee(World& world, Eigen::Index i, const Benefit& b) const;
    void pay_upfront(World& world, Eigen::Index i, double usd) const;
    void issue_licence(World& world, Eigen::Index i) const;
    void renew_or_lapse(World& world, RowRange rows);
    void process_queue(World& world);
    template <bool Levers>
    void apply_for_licences(World& world, RowRange rows);

    // Discounted months of benefit over a licence term that starts after `wait_months` in the queue.
    double benefit_months(double wait_months) const;
    // Land units a licence takes at its site (a cooperative licence is shared by its members).
    double land_units(bool cooperative) const { return cooperative ? 1.0 / cooperative_members_ : 1.0; }
    void count_land_in_use(const World& world);

    RandomEngine rng_;        // applying
    RandomEngine renew_rng_;  // renewing: its own numbers, as a household may do both in a month
    MiningReturns returns_;
    double fee_usd_, compliance_usd_month_, cooperative_fee_share_;
    double travel_usd_, informal_payment_usd_, discount_factor_;
    double eviction_rate_, eviction_months_lost_;
    double credit_use_share_, credit_spread_, bank_loan_max_usd_, collateral_ratio_, land_value_usd_per_ha_;
    double renewal_intercept_;
    double licensable_ha_per_household_, ha_per_licence_, cooperative_members_;
    Eigen::ArrayXd land_capacity_, land_in_use_;  // by site: licence units allowed, and taken (this month)
    bool land_sized_ = false;
    int licence_months_;
    double processing_per_month_;
    double inspection_rate_, fine_usd_, confiscation_share_;
    double benefit_scale_usd_, peer_weight_, intercept_;
    // Set when applications begin (pass 2), for the whole pass: whether programmes act on formalisation
    // this month, and the queue's wait before any household of the month applies.
    bool levers_ = false;
    double wait_months_ = 0.0;
    double months_at_wait_ = 0.0, months_no_wait_ = 0.0;  // benefit_months at wait_months_ and at 0
    std::vector<double> u_;  // scratch: the block's draws
    RowList candidates_;     // scratch: the block's households that may apply
    RowList holders_;        // scratch: the block's applicants and licence holders
};

}  // namespace asmsim
