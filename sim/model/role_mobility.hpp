#pragma once
// Roles on the site, before anyone works (docs/model.md, "Sites as hierarchies"): groups that start
// mining get their first role (men dig; most women process); groups that stop mining lose theirs;
// experienced groups step one role up where their site has a free place, with a chance that falls for
// women (barriers to pit work and ownership) and, into sponsorship, only with the capital for it.
// Steps down (injuries, losses) happen in site pay, once the month's pay is known.

#include <vector>

#include "model/context.hpp"
#include "model/module.hpp"
#include "model/roles.hpp"

namespace asmsim {

class RoleMobilityModule final : public Module {
public:
    explicit RoleMobilityModule(const ModelContext& ctx);
    std::string_view name() const override { return "roles"; }
    std::string_view summary() const override {
        return "mining groups get a first role (men dig, most women process), step up with experience, capital "
               "and luck where their site has a free place; leavers lose their role";
    }
    PassKind pass_kind(int) const override { return PassKind::rows; }
    void visit_rows(int, World& world, RowRange rows) override;

private:
    // One group (the household's men or its women): its role and months in it after this month.
    // Inlined into the loop over households, instead of a call per group and month (role mobility's
    // perf samples fell by about a fifth).
    [[gnu::always_inline]] inline void step(const World& world, Eigen::Index i, bool female, int count,
                                            std::int8_t& role, std::int8_t& months, double u) const;
    double free_places(const World& world, int site, int role) const;

    RandomEngine rng_;
    std::vector<double> u_;  // the block's draws
    RoleParameters p_;
};

}  // namespace asmsim
