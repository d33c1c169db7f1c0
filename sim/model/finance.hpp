#pragma once
// Finance (docs/model.md, "Finance"): interest accrues on every debt; savings-group members pay
// in and the fund is shared out at the end of each cycle; instalments are paid out of cash above
// subsistence; repeated missed payments end in default, write-off (a bank first takes savings as
// collateral) and exclusion from formal credit.

#include <array>

#include "model/context.hpp"
#include "model/lending.hpp"
#include "model/module.hpp"
#include "model/row_selection.hpp"

namespace asmsim {

class FinanceModule final : public Module {
public:
    explicit FinanceModule(const ModelContext& ctx);
    std::string_view name() const override { return "finance"; }
    std::string_view summary() const override {
        return "interest accrues; savings groups collect and share out; instalments are paid; missed payments "
               "lead to default and exclusion";
    }
    // Pass 0: interest, contributions, instalments and defaults, per household; pass 1: the share-out
    // at the end of a savings-group cycle, from the site funds of every household's pass 0.
    int pass_count() const override { return 2; }
    PassKind pass_kind(int pass) const override { return pass == 0 ? PassKind::rows : PassKind::whole; }
    void visit_rows(int pass, World& world, RowRange rows) override;
    void begin_pass(int pass, World& world, Results& results) override;

private:
    Lending lending_;
    double contribution_usd_, subsistence_usd_per_ae_, child_ae_weight_;
    int cycle_months_, default_after_months_, exclusion_months_;
    Eigen::ArrayXd site_shares_;  // scratch: members' shares per site
    RowList active_;              // scratch: the block's households that save in a group or owe
};

// Adult equivalents of a household: workers count 1, other members `child_weight`.
inline double adult_equivalents(const Households& h, Eigen::Index i, double child_weight) {
    return h.workers(i) + child_weight * (h.size_persons[i] - h.workers(i));
}

}  // namespace asmsim
