#pragma once
// Formalisation: licences expire and are renewed or lapse; the administration processes the
// queue of applications; informal miners apply when the expected net benefit, nudged by how many
// neighbours are licensed, makes it worthwhile and they can pay (docs/model.md, "Formalisation").

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
    Benefit net_benefit(const World& world, Eigen::Index i, double wait_months) const;
    // The same when the licence would expire before it is issued (wait_months at least the licence
    // period) and no programme acts: each route is then worth minus its fee, the same for every
    // household, so net_benefit<false> returns exactly this (the months of benefit are 0).
    Benefit fees_only_benefit(double price_level) const;

private:
    // Share of the licence fee household i pays itself (1 unless a funded fee subsidy reaches it).
    double fee_share_paid(const World& world, Eigen::Index i) const;
    void pay_fee(World& world, Eigen::Index i, const Benefit& b) const;
    void issue_licence(World& world, Eigen::Index i) const;
    void renew_or_lapse(World& world, RowRange rows);
    void process_queue(World& world);
    template <bool Levers>
    void apply_for_licences(World& world, RowRange rows);

    RandomEngine rng_;
    MiningReturns returns_;
    double fee_usd_, compliance_usd_month_, cooperative_fee_share_;
    int licence_months_;
    double processing_per_month_;
    double inspection_rate_, fine_usd_, confiscation_share_;
    double benefit_scale_usd_, peer_weight_, intercept_;
    // Set when applications begin (pass 2), for the whole pass: whether programmes act on formalisation
    // this month, and the queue's wait before any household of the month applies.
    bool levers_ = false;
    double wait_months_ = 0.0;
    std::vector<double> u_;  // scratch: the block's draws
    RowList candidates_;     // scratch: the block's households that may apply
};

}  // namespace asmsim
