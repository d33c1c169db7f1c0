#include "interventions/intervention.hpp"

#include "core/draws.hpp"

namespace asmsim {

namespace {
Target parse_target(const std::string& text) {
    if (text == "miners") return Target::miners;
    if (text == "informal_miners") return Target::informal_miners;
    if (text == "women_headed") return Target::women_headed;
    if (text == "sites") return Target::sites;
    return Target::everyone;
}
}  // namespace

Intervention::Intervention(const ModelContext& ctx, std::string name)
    : name_(std::move(name)), prefix_("interventions." + name_ + "."), rng_(ctx.stream("intervention." + name_)),
      coverage_rng_(ctx.stream("intervention." + name_ + ".coverage")) {
    const ParameterSet& p = ctx.params;
    coverage_ = p.real(prefix_ + "coverage");
    start_month_ = static_cast<int>(p.integer(prefix_ + "start_month"));
    end_month_ = static_cast<int>(p.integer(prefix_ + "end_month"));
    target_ = parse_target(p.text(prefix_ + "target"));
    budget_cap_usd_ = p.real(prefix_ + "budget_cap_usd");
    overhead_usd_month_ = p.real(prefix_ + "overhead_usd_month_per_1000_households") *
                          static_cast<double>(p.integer("simulation.households")) / 1000.0;
    listed_sites_ = parse_index_list(p.text(prefix_ + "sites")).value_or(std::vector<std::int64_t>{});
    cost_output_ = ctx.results.find("programme_cost_" + name_ + "_usd");
}

double Intervention::monthly_uniform(Eigen::Index i, int month) {
    rng_.seek(static_cast<std::uint64_t>(i), static_cast<std::uint32_t>(month));
    return draw_uniform(rng_);
}

void Intervention::open(World& world) {
    // Who falls within coverage is drawn once, from the intervention's own stream: the other
    // processes' random numbers do not move, so scenarios with and without it stay paired.
    // Households at positions (i, 0), sites at (s, 1): each its own number, whatever the population.
    household_draw_.resize(world.households.size());
    for (Eigen::Index i = 0; i < household_draw_.size(); ++i) {
        coverage_rng_.seek(static_cast<std::uint64_t>(i), 0);
        household_draw_[i] = draw_uniform(coverage_rng_);
    }
    site_draw_.resize(world.sites.size());
    for (Eigen::Index s = 0; s < site_draw_.size(); ++s) {
        coverage_rng_.seek(static_cast<std::uint64_t>(s), 1);
        site_draw_[s] = draw_uniform(coverage_rng_);
    }
    // Listed sites were checked against simulation.sites when the scenario was prepared.
    site_listed_.setZero(world.sites.size());
    for (std::int64_t s : listed_sites_) site_listed_[s] = 1;
    ProgrammeAccount programme;
    programme.name = name_;
    programme.budget_cap_usd = budget_cap_usd_;
    programme.output = cost_output_;
    account_ = static_cast<int>(world.programmes.size());
    world.programmes.push_back(programme);
    open_levers(world);
}

void Intervention::step(World& world) {
    const bool in_months = world.month >= start_month_ && world.month < end_month_;
    // The overhead (staff, offices) is due every running month; a programme that cannot pay it
    // has run out of money and stops for good.
    if (in_months && !closed_for_good_ && !account(world).try_spend(overhead_usd_month_ * world.price_level))
        closed_for_good_ = true;
    if (in_months && !closed_for_good_)
        apply_levers(world);
    else
        close_levers(world);
}

void Intervention::mark_reached(const World& world, ArrayXflag& column) const {
    for (Eigen::Index i = 0; i < column.size(); ++i) column[i] = reaches(world, i) ? 1 : 0;
}

std::string intervention_key(const std::string& name, const std::string& key) {
    return "interventions." + name + "." + key;
}

void declare_common(ParameterSchema& s, const std::string& name, const std::vector<std::string>& targets,
                    double overhead_usd_month_per_1000_households, const std::string& overhead_source,
                    double government_share) {
    const std::string p = "interventions." + name + ".";
    s.real(p + "coverage", 0.0, "1", 0.0, 1.0,
           "Share of the target group (households, or sites for site programmes) the programme reaches; "
           "0 switches it off",
           "scenario choice");
    s.integer(p + "start_month", 12, "month", 0, 1200, "Month of the run (0 = the first) in which the programme starts",
              "scenario choice: after a year of baseline");
    s.integer(p + "end_month", 1200, "month", 0, 1200,
              "First month without the programme (1200: it runs to the end)", "scenario choice");
    s.choice(p + "target", targets.front(), targets,
             "Whom the programme is for: everyone, mining households, informal miners (no licence), "
             "women-headed households, or the households (sites) of the listed sites",
             "scenario choice");
    s.text(p + "sites", "", TextFormat::index_list, "Sites targeted when target = \"sites\" (site rows, e.g. \"0, 3\")",
           "scenario choice");
    s.real(p + "budget_cap_usd", 0.0, "USD", 0.0, 1e12,
           "Most the programme may spend over the run (0: no cap); it stops when the next payment would exceed it",
           "scenario choice");
    s.real(p + "overhead_usd_month_per_1000_households", overhead_usd_month_per_1000_households, "USD/month", 0.0, 1e9,
           "Running cost while the programme runs (staff, offices), per 1000 simulated households, in prices of month 0",
           overhead_source);
    s.real(p + "government_share", government_share, "1", 0.0, 1.0,
           "Share of the programme's cost paid by government; the implementer (donor, NGO, company) pays the rest. "
           "Read only by the cost-benefit of `asmsim compare` (docs/model.md 7.17)",
           government_share > 0.0 ? "assumption: a state programme (licensing office, inspectorate, state gold buyer)"
                                  : "assumption: a donor- or NGO-funded programme");
}

}  // namespace asmsim
