#pragma once
// The base of every intervention (docs/model.md, "Interventions").
//
// An intervention is a programme with a start and end month, a target group, a coverage share,
// unit costs and an optional budget cap. Each month it decides whom it reaches and sets the
// levers of World::policy that the processes read; it pays through its ProgrammeAccount.
// Its parameters live in the schema under `interventions.<name>.`: the common ones declared by
// declare_common() and its own. Coverage 0 (the default) switches it off: it is then never built,
// and the run is exactly the run without it.
//
// To add one: write sim/interventions/<name>.cpp with a class deriving from Intervention, its
// parameter declarations and a maker, and add one line to the list in registry.cpp.

#include <memory>
#include <string>
#include <vector>

#include "core/parameters.hpp"
#include "model/context.hpp"
#include "model/world.hpp"

namespace asmsim {

// Whom an intervention is for. Households must also fall within the coverage share.
enum class Target { everyone, miners, informal_miners, women_headed, sites };

class Intervention {
public:
    // Reads the common parameters under `interventions.<name>.`.
    Intervention(const ModelContext& ctx, std::string name);
    virtual ~Intervention() = default;

    // Before the first month: draws who falls within coverage, opens the account, then calls
    // open_levers() for the intervention to size its levers.
    void open(World& world);
    // Every month, before households decide: pays the month's overhead, then sets the levers
    // (apply_levers) when the programme is running, or switches them off (close_levers) when it
    // is not (outside its months, or out of budget).
    void step(World& world);

protected:
    virtual void open_levers(World& world) = 0;
    virtual void apply_levers(World& world) = 0;
    virtual void close_levers(World& world) = 0;

    // True when household i is in the target group this month and within coverage.
    bool reaches(const World& world, Eigen::Index i) const {
        if (household_draw_[i] >= coverage_) return false;
        const Households& h = world.households;
        switch (target_) {
            case Target::everyone: return true;
            case Target::miners: return h.is_mining[i] != 0;
            case Target::informal_miners: return h.is_mining[i] && h.legal_status[i] != licensed;
            case Target::women_headed: return h.head_female[i] != 0;
            case Target::sites: return site_listed_[h.site[i]] != 0;
        }
        return false;
    }
    // True when site s is targeted (every site, or the listed ones) and within coverage.
    bool reaches_site(Eigen::Index s) const {
        return site_draw_[s] < coverage_ && (target_ != Target::sites || site_listed_[s] != 0);
    }
    // Fills `column` with 1 for every household reached this month, 0 otherwise.
    void mark_reached(const World& world, ArrayXflag& column) const;

    // Household i's uniform for the month from the intervention's own stream (seed, group, replicate,
    // "intervention.<name>"), at the household's own position (common random numbers).
    double monthly_uniform(Eigen::Index i, int month);
    ProgrammeAccount& account(World& world) const { return world.programmes[static_cast<std::size_t>(account_)]; }
    int account_index() const { return account_; }

private:
    std::string name_;
    std::string prefix_;
    int start_month_, end_month_;
    Target target_;
    double coverage_;
    double budget_cap_usd_, overhead_usd_month_;
    std::vector<std::int64_t> listed_sites_;
    RandomEngine rng_;
    RandomEngine coverage_rng_;  // who and which sites fall within coverage, drawn once
    int account_ = -1;
    int cost_output_ = -1;
    bool closed_for_good_ = false;  // the budget ran out
    Eigen::ArrayXd household_draw_, site_draw_;
    ArrayXflag site_listed_;
};

// The common case: a lever made of an on-switch and a column of the households reached this month.
// Such an intervention only says which lever it drives and sets the lever's terms once.
class ReachingIntervention : public Intervention {
protected:
    using Intervention::Intervention;
    struct LeverRef {
        bool& on;
        ArrayXflag& reached;
    };
    virtual LeverRef lever(World& world) const = 0;
    virtual void set_terms(World& world) const = 0;  // called once, when the programme opens

    void open_levers(World& world) override {
        lever(world).reached.setZero(world.households.size());
        set_terms(world);
    }
    void apply_levers(World& world) override {
        LeverRef l = lever(world);
        l.on = true;
        mark_reached(world, l.reached);
    }
    void close_levers(World& world) override { lever(world).on = false; }
};

// Declares the parameters every intervention has, under `interventions.<name>.`:
// coverage, start_month, end_month, target (one of `targets`, default the first), sites,
// budget_cap_usd, overhead_usd_month_per_1000_households and government_share.
// government_share: the default share of the programme's cost that government pays (the rest, the
// implementer: a donor, NGO or company), used only by the cost-benefit of `asmsim compare`.
void declare_common(ParameterSchema& schema, const std::string& name, const std::vector<std::string>& targets,
                    double overhead_usd_month_per_1000_households, const std::string& overhead_source,
                    double government_share = 0.0);

// The parameter name `interventions.<name>.<key>`.
std::string intervention_key(const std::string& name, const std::string& key);

}  // namespace asmsim
