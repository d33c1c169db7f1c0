// Every parameter of the model, declared once: name, default, unit, valid range, description and
// source. Sources in short form point to docs/model.md "Sources", which gives them in full;
// "assumption: ..." marks a value chosen without a figure, with the reason.
// docs/parameters.md and scenarios/baseline.toml are generated from this table
// (`asmsim params --format markdown|toml`); tests fail when either is stale.

#include "model/schema.hpp"

#include <string>

#include "model/commodity.hpp"

namespace asmsim {
namespace {

struct PriceDefaults {
    std::string process;
    double initial_usd_per_g;
    std::string initial_source;
    double drift_annual, volatility_annual;
    std::string gbm_source;
    double jump_rate_annual, jump_mean_log, jump_sd_log;
    double reversion_rate_annual, long_run_usd_per_g;
    std::string ou_source;
};

PriceDefaults price_defaults(Commodity c) {
    const std::string gold_fit =
        "World Bank Pink Sheet gold series 1999-2024 (monthly log returns: drift 8.6%/yr, "
        "volatility 12.8%/yr), via shared/data";
    const std::string no_series =
        "assumption: no open monthly series found; cobalt is far more volatile than gold, "
        "with several-fold boom-bust cycles";
    switch (c) {
        case Commodity::gold:
            return {"gbm_jump", 85.14, "World Bank Pink Sheet, Dec 2024: 2648 USD/ozt",
                    0.086, 0.128, gold_fit,
                    0.0, 0.0, 0.1,
                    0.5, 85.14, "assumption: used only when process = \"log_ou\"; centred on the initial price"};
        case Commodity::cobalt:
            return {"log_ou", 0.033, "assumption: about 33,000 USD/t of contained cobalt, mid-2020s",
                    0.0, 0.45, no_series,
                    0.3, 0.0, 0.3,
                    0.5, 0.033, no_series};
        case Commodity::tin:
            return {"log_ou", 0.030, "assumption: about 30,000 USD/t of tin, mid-2020s",
                    0.0, 0.25, "assumption: no open monthly series found; tin less volatile than cobalt",
                    0.1, 0.0, 0.2,
                    0.5, 0.030, "assumption: no open monthly series found"};
    }
    return {};
}

void declare_prices(ParameterSchema& s) {
    for (Commodity c : all_commodities) {
        const std::string p = "prices." + std::string(commodity_name(c)) + ".";
        const std::string m(commodity_name(c));
        const PriceDefaults d = price_defaults(c);
        s.choice(p + "process", d.process, {"gbm_jump", "log_ou", "replay"},
                 "World price process of " + m + ": geometric Brownian motion with Poisson jumps, "
                 "mean-reverting log-Ornstein-Uhlenbeck, or replay of a monthly series",
                 "see docs/model.md, Prices");
        s.real(p + "initial_usd_per_g", d.initial_usd_per_g, "USD/g", 1e-6, 1e6,
               "World price of " + m + " in month 0 (gbm_jump, log_ou)", d.initial_source);
        s.real(p + "drift_annual", d.drift_annual, "1/yr", -1.0, 1.0,
               "Expected growth rate of the " + m + " price (gbm_jump): E[P(t)] = P(0) exp(drift t) without jumps",
               d.gbm_source);
        s.real(p + "volatility_annual", d.volatility_annual, "1/sqrt(yr)", 0.0, 3.0,
               "Volatility of the log " + m + " price (gbm_jump, log_ou)", d.gbm_source);
        s.real(p + "jump_rate_annual", d.jump_rate_annual, "1/yr", 0.0, 12.0,
               "Poisson rate of " + m + " price jumps (gbm_jump, log_ou)",
               "assumption: rare large moves beyond the diffusion");
        s.real(p + "jump_mean_log", d.jump_mean_log, "log", -2.0, 2.0,
               "Mean of the log size of a " + m + " price jump", "assumption: jumps symmetric in log");
        s.real(p + "jump_sd_log", d.jump_sd_log, "log", 0.0, 2.0,
               "Standard deviation of the log size of a " + m + " price jump", "assumption");
        s.real(p + "reversion_rate_annual", d.reversion_rate_annual, "1/yr", 0.0, 50.0,
               "Speed at which the log " + m + " price returns to its long-run level (log_ou); "
               "half-life ln2/rate years",
               d.ou_source);
        s.real(p + "long_run_usd_per_g", d.long_run_usd_per_g, "USD/g", 1e-6, 1e6,
               "Long-run level of the " + m + " price (log_ou; the median of its stationary distribution)",
               d.ou_source);
        s.text(p + "series_file", "", TextFormat::path,
               "Monthly CSV series (columns Date as YYYY-MM, Price) replayed when process = \"replay\"; "
               "a relative path is read from the scenario file's folder",
               "scenarios/data/ holds the World Bank Pink Sheet gold series");
        s.choice(p + "series_unit", "usd_per_ozt", {"usd_per_ozt", "usd_per_g", "usd_per_kg", "usd_per_t"},
                 "Unit of the Price column of series_file; converted to USD/g (1 ozt = 31.1034768 g)",
                 "troy ounce: international definition");
        s.text(p + "series_start", "", TextFormat::year_month,
               "Row of series_file replayed in month 0; empty: simulation.start, or the first row "
               "when the scenario has no calendar",
               "assumption");
        s.integer(p + "shock_start_month", -1, "month", -1, 1200,
                  "Month in which a scheduled " + m + " price shock begins; -1 for none", "assumption");
        s.real(p + "shock_size", -0.4, "1", -0.99, 10.0,
               "Relative change of the " + m + " price during the shock (-0.4 = 40% lower)",
               "assumption: a crash of the size seen in 2011-2015 gold (-39% peak to trough)");
        s.integer(p + "shock_duration_months", 6, "months", 1, 1200,
                  "Months the " + m + " price shock lasts at full size", "assumption");
        s.integer(p + "shock_recovery_months", 6, "months", 0, 1200,
                  "Months over which the " + m + " price shock fades linearly back to the process", "assumption");
    }
}

ParameterSchema build() {
    ParameterSchema s;
    // Simulation and randomness
    s.integer("simulation.months", 120, "months", 1, 1200, "Months simulated", "assumption: ten years");
    s.integer("simulation.households", 1000, "households", 1, 50'000'000,
              "Households simulated in each replicate", "assumption");
    s.integer("simulation.sites", 20, "sites", 1, 1'000'000, "Mining sites", "assumption");
    s.text("simulation.start", "", TextFormat::year_month,
           "Calendar month of month 0 (\"YYYY-MM\"); empty for a scenario without calendar. "
           "Outputs then carry dates and replayed series start here",
           "assumption");
    s.integer("random.seed", 1, "1", 0, 9'007'199'254'740'992,
              "Master seed of every random stream; `asmsim run --seed` overrides it", "assumption");
    s.text("random.stream_group", "common", TextFormat::any,
           "Scenarios in the same stream group draw identical random numbers (common random "
           "numbers); give a scenario its own group to make its draws independent",
           "design choice, see docs/model.md, Stochasticity");

    declare_prices(s);

    // Households and sites at the start
    s.real("households.size_mean", 5.0, "persons", 1.0, 20.0,
           "Mean household size; size = 1 + Poisson(size_mean - 1)",
           "assumption: typical rural household in ASM regions of sub-Saharan Africa");
    s.real("households.adult_worker_share", 0.5, "1", 0.0, 1.0,
           "Share of members who work (at least one per household)", "assumption");
    s.real("households.mining_share", 0.6, "1", 0.0, 1.0,
           "Share of households whose workers mine", "assumption: fixed in this minimal livelihood");
    s.real("households.skill_sd_log", 0.4, "log", 0.0, 2.0,
           "Spread of mining skill: skill = exp(sd N(0,1) - sd^2/2), mean 1",
           "assumption: earnings differ several-fold between diggers and experts (Geenen et al.)");
    s.real("households.savings_initial_mean_usd", 50.0, "USD", 0.0, 1e6,
           "Mean initial savings (exponentially distributed)", "assumption");
    s.real("sites.share_gold", 0.6, "1", 0.0, 1.0,
           "Weight of gold among sites (weights are normalised over the three minerals)", "assumption");
    s.real("sites.share_cobalt", 0.2, "1", 0.0, 1.0, "Weight of cobalt among sites", "assumption");
    s.real("sites.share_tin", 0.2, "1", 0.0, 1.0, "Weight of tin among sites", "assumption");

    // Production and selling
    s.real("production.mining_days_per_month", 20.0, "days/month", 0.0, 31.0,
           "Days a miner works at the site in a month", "assumption: 240 days a year");
    s.real("production.gold.output_g_per_worker_day", 0.283, "g/worker/day", 0.0, 100.0,
           "Gold produced per worker-day at average skill",
           "Boukare/IOM 2020: Burkina Faso 2016, 9.5 t by 140,196 workers = 68 g/worker/yr, over 240 days");
    s.real("production.cobalt.output_g_per_worker_day", 230.0, "g/worker/day", 0.0, 1e5,
           "Contained cobalt produced per worker-day at average skill",
           "assumption: gives about 3 USD/day to a digger at the default price and price share (CRU 2016)");
    s.real("production.tin.output_g_per_worker_day", 150.0, "g/worker/day", 0.0, 1e5,
           "Contained tin produced per worker-day at average skill",
           "assumption: of the order of 300 g of ore a day (Perez Rodriguez, coltan) at about 50% Sn");
    s.real("production.output_sd_log", 0.5, "log", 0.0, 3.0,
           "Month-to-month luck in output: factor exp(sd N(0,1) - sd^2/2), mean 1", "assumption");
    s.real("selling.gold.price_share", 0.94, "1", 0.0, 1.0,
           "Share of the world gold price a miner receives", "Artisanal Gold Council 2020: about 94% in Burkina Faso");
    s.real("selling.cobalt.price_share", 0.4, "1", 0.0, 1.0,
           "Share of the world cobalt price a digger receives",
           "BGR: diggers receive 1/3 to 1/2 of the local trader price");
    s.real("selling.tin.price_share", 0.4, "1", 0.0, 1.0,
           "Share of the world tin price a digger receives",
           "BGR: diggers receive 1/3 to 1/2 of the local trader price");

    // Other income, consumption and welfare
    s.real("income.farm_usd_per_household_month", 30.0, "USD/month", 0.0, 1e5,
           "Mean own-farm income of a household", "assumption");
    s.real("income.offfarm_usd_per_worker_month", 40.0, "USD/month", 0.0, 1e5,
           "Mean off-farm income of a worker who does not mine", "assumption");
    s.real("income.sd_log", 0.3, "log", 0.0, 3.0,
           "Month-to-month variation of farm and off-farm income, factor exp(sd N(0,1) - sd^2/2)",
           "assumption");
    s.real("consumption.subsistence_usd_per_person_month", 30.0, "USD/person/month", 0.0, 1e4,
           "Spending a household makes before anything else, when it has the cash", "assumption");
    s.real("consumption.mpc", 0.8, "1", 0.0, 1.0,
           "Share of cash on hand above subsistence that is consumed in the month",
           "assumption: poor households save little");
    s.real("welfare.poverty_line_usd_per_person_day", 2.15, "USD/person/day", 0.0, 100.0,
           "Poverty line applied to per-capita income", "World Bank international poverty line (2017 PPP)");
    return s;
}

}  // namespace

const ParameterSchema& model_schema() {
    static const ParameterSchema schema = build();
    return schema;
}

}  // namespace asmsim
