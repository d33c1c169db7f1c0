// Every parameter of the model, declared once: name, default, unit, valid range, description and
// source. Sources in short form point to docs/model.md "Sources", which gives them in full;
// "assumption: ..." marks a value chosen without a figure, with the reason.
// docs/parameters.md and scenarios/baseline.toml are generated from this table
// (`asmsim params --format markdown|toml`); tests fail when either is stale.
// The interventions' parameters are added by the layer above (experiment/assembly.cpp, which
// builds model_schema()); sim/model includes nothing from sim/interventions.

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
    std::string jump_source = "assumption: rare large moves beyond the diffusion";
};

PriceDefaults price_defaults(Commodity c) {
    // Neutral baseline (behaviour brief, section 6): zero drift in real terms, volatility and jumps
    // estimated from the real (US CPI-deflated) monthly gold price 1999-2024 by
    // analysis/estimate_price_process.py; booms, crashes and the replay are scenarios/prices/*.toml.
    const std::string gold_fit =
        "neutral baseline: drift 0 in real terms (the 1999-2024 real drift, 6.8%/yr, is in "
        "scenarios/prices/boom.toml); volatility of the non-jump monthly real log returns, World Bank Pink "
        "Sheet gold deflated by US CPI-U (FRED CPIAUCSL) 1999-2024, analysis/estimate_price_process.py";
    const std::string gold_jumps =
        "analysis/estimate_price_process.py: 5 real monthly log returns beyond 3 robust sd in 1999-2024 "
        "(Pink Sheet gold / US CPI-U): 0.19 jumps/yr, log size sd 0.134; mean set to -sd^2/2 so a jump "
        "leaves the expected price unchanged (estimated mean +0.026)";
    const std::string no_series =
        "assumption: no open monthly series found; cobalt is far more volatile than gold, "
        "with several-fold boom-bust cycles";
    switch (c) {
        case Commodity::gold:
            return {"gbm_jump", 85.14, "World Bank Pink Sheet, Dec 2024: 2648 USD/ozt",
                    0.0, 0.115, gold_fit,
                    0.193, -0.009, 0.134,
                    0.5, 85.14, "assumption: used only when process = \"log_ou\"; centred on the initial price",
                    gold_jumps};
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

// Traders: buyers with limited cash (docs/model.md, "Traders: buyers with limited cash").
void declare_traders(ParameterSchema& s) {
    const std::string no_figure = "assumption: no published figure on traders' margins or cash found; ";
    s.integer("traders.informal_buyers_per_site", 3, "buyers", 1, 50,
              "Informal site buyers (negociants, site traders) each site's households can reach",
              "assumption: several buyers per site (BGR; IPIS site surveys report a few per site)");
    s.integer("traders.formal_buyers_per_site", 1, "buyers", 1, 50,
              "Licensed site buyers each site's licensed households can reach",
              "assumption: licensed buying points are few and far between");
    s.real("traders.competition_margin", 0.06, "1", 0.0, 1.0,
           "Site buyers' margin (share of the world price) with one buyer in reach; with n buyers in reach it is "
           "competition_margin / n",
           no_figure + "with 3 informal buyers and the costs below, informal gold pays 94% of the world price "
                       "(Artisanal Gold Council 2020); monopsony holds prices down (IRIN 2017, Kisengo)");
    s.real("traders.liquidity_margin", 0.15, "1", 0.0, 1.0,
           "Extra margin of a buyer whose cash covers none of what it expects to be offered (proportional to the "
           "shortfall)",
           no_figure + "pre-finance is bought at a discount (OCIM 2021)");
    s.real("traders.formal_dealer_margin", 0.01, "1", 0.0, 0.5,
           "Margin of licensed dealers and exporters below the world price (fees, assay, refining, freight)",
           no_figure + "a few percent at most");
    s.real("traders.smuggling_margin", 0.03, "1", 0.0, 0.5,
           "Margin of the informal upper tier (smuggling route) below the world price: its costs and risks",
           no_figure + "smuggled gold follows tax differentials of a few percent (Blore 2015, PAC)");
    for (Commodity c : all_commodities) {
        const std::string m(commodity_name(c));
        const bool gold = c == Commodity::gold;
        s.real("traders." + m + ".transport_security_share", gold ? 0.01 : 0.25, "1", 0.0, 0.9,
               "Site buyers' transport and security costs of " + m + ", share of its world value",
               gold ? "assumption: gold is light and valuable; together with the margins informal gold pays 94% of "
                      "the world price (Artisanal Gold Council 2020)"
                    : "assumption: bulky ore, long roads; with the margins informal " + m +
                          " pays about 70% of the world price, as the earlier fixed share did");
    }
    s.real("traders.site_cash_months", 0.25, "months", 0.0, 24.0,
           "Working cash a site buyer holds, as months of the value it is offered (start, and the level above which "
           "it draws its profit)",
           "assumption: little own capital; the chain is financed from downstream (OCIM 2021)");
    s.real("traders.site_credit_months", 1.0, "months", 0.0, 24.0,
           "Credit line a site buyer holds from its dealer, as months of the value it is offered",
           "assumption: each level pre-finances the one below (behaviour brief; OCIM 2021)");
    s.real("traders.dealer_cash_months", 0.25, "months", 0.0, 24.0,
           "Working cash a dealer or exporter holds, as months of what its site buyers offer it",
           "assumption: own capital small next to the credit of banks and foreign buyers, who finance the chain "
           "from downstream (OCIM 2021)");
    s.real("traders.dealer_credit_months", 2.0, "months", 0.0, 24.0,
           "Credit line dealers and exporters hold from banks and foreign buyers, as months of their turnover",
           "assumption: foreign buyers pre-finance the chain (OCIM 2021)");
    s.real("traders.turnover_memory_months", 12.0, "months", 1.0, 240.0,
           "Months over which buyers and their lenders average turnover to size cash and credit lines",
           "assumption: credit lines reviewed about yearly");
    s.flag("traders.licensed_informal_sales_illegal", true,
           "A licensed household that sells to an informal buyer breaks its licence terms: it is exposed to inspection "
           "(fine, seizure) like an unlicensed one, and weighs the expected seizure when choosing its buyer",
           "Minerals Commission Ghana (trading in minerals): the small-scale licence enjoins holders to sell to PMMC or "
           "licensed buyers; false reproduces the earlier attempt, where licensed sellers sold informally unpenalised");
    s.integer("traders.shock_start_month", -1, "month", -1, 1200,
              "Month in which a liquidity shock to the upper tier begins (credit crunch, export ban); -1 for none",
              "scenario choice");
    s.integer("traders.shock_duration_months", 12, "months", 1, 1200, "Months the liquidity shock lasts",
              "scenario choice");
    s.real("traders.shock_credit_cut", 0.8, "1", 0.0, 1.0,
           "Share of the upper tier's credit lines withdrawn during the shock (banks de-risking, foreign buyers pulling out)",
           "scenario choice");
    s.flag("traders.shock_export_ban", false,
           "During the shock the upper tier cannot sell abroad: its stock piles up and its cash stops coming back",
           "scenario choice");
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
               "Poisson rate of " + m + " price jumps (gbm_jump, log_ou)", d.jump_source);
        s.real(p + "jump_mean_log", d.jump_mean_log, "log", -2.0, 2.0,
               "Mean of the log size of a " + m + " price jump",
               c == Commodity::gold ? d.jump_source : "assumption: jumps symmetric in log");
        s.real(p + "jump_sd_log", d.jump_sd_log, "log", 0.0, 2.0,
               "Standard deviation of the log size of a " + m + " price jump",
               c == Commodity::gold ? d.jump_source : "assumption");
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


// Deposits, rushes and capital (docs/model.md, "Deposits, discoveries and site capital" and
// "Migration between sites"): model/deposits.cpp and model/migration.cpp.
void declare_deposits(ParameterSchema& s) {
    s.real("deposits.discoveries_per_site_decade", 1.25, "deposits/(site decade)", 0.0, 1000.0,
           "New workable deposits found at a site per decade while its reference workforce mines (the workers "
           "of half its households at the start, as for sites.depletion_years); the chance that a site's "
           "miners find one in a month is 1 - exp(-rate x workers / (120 x reference workers)); 0 switches "
           "discovery off",
           "assumption: about one new deposit per site and decade (the earlier 2 per 1000 worker-years at the "
           "baseline's 62.5 reference workers a site); no figure on ASM discovery rates found");
    s.real("deposits.reserve_per_site", 2.0, "deposits/site", 0.0, 1000.0,
           "Undiscovered workable deposits in the area at the start, per site; a find richer than what is "
           "left at the site replaces its deposit and leaves the reserve",
           "assumption: a finite endowment, each locality renewed about twice");
    s.real("migration.move_share_monthly", 0.1, "1/month", 0.0, 1.0,
           "Share of mining households for whom moving to another site pays that move in a month "
           "(mean lag 1/share months); 0 switches migration between sites off",
           "assumption: the same inertia as labour.switch_share_monthly");
    s.integer("migration.site_samples", 3, "sites", 1, 20,
              "Other sites a mining household hears of in a month (drawn at random) and compares with its own",
              "assumption: partial information, as labour.migration_site_samples");
    s.real("migration.cost_usd", 100.0, "USD", 0.0, 1e6,
           "Cost of moving to another site (travel, a place in a new team), paid from savings; scaled by the price level",
           "assumption: about 1.3 months of off-farm earnings");
    s.real("migration.payback_months", 12.0, "months", 0.1, 240.0,
           "Months of the expected income gain that must repay the cost of moving",
           "assumption: one year, as for technology.payback_months' order of magnitude");
    s.real("capital.invest_share", 0.2, "1", 0.0, 1.0,
           "Share of the sponsors' surplus (value of output not paid to miners' households) invested in site "
           "equipment when diggers' smoothed pay is at least twice the outside wage (linear from once to twice); "
           "0 switches site capital off",
           "assumption: reinvestment after good years (behaviour brief, section 3); no figure found");
    s.real("capital.depreciation_annual", 0.2, "1/yr", 0.0, 1.0,
           "Share of site equipment lost in a year (wear, breakdowns)",
           "assumption: pumps and crushers last about five years");
    s.integer("capital.return_memory_months", 12, "months", 1, 120,
              "Span of the exponential average of diggers' pay over the outside wage that investment responds to",
              "assumption: investment follows good years, not good months");
    s.real("capital.usd_per_worker_ref", 600.0, "USD/worker", 1.0, 1e6,
           "Site equipment per worker (month-0 USD) at which half of the largest gain is reached",
           "assumption: the price of technology.semi_mechanised_cost_usd per worker");
    s.real("capital.output_gain_max", 0.8, "1", 0.0, 10.0,
           "Largest relative gain in output per worker-day from site equipment: factor 1 + gain k/(1+k), "
           "k = equipment per worker / usd_per_worker_ref",
           "assumption: as production.semi_mechanised_factor (1.8)");
    s.real("capital.land_gain_max", 1.0, "1", 0.0, 10.0,
           "Largest relative increase of the land disturbed per gram from site equipment (same k/(1+k) form); "
           "land per worker rises by both factors",
           "assumption: excavators and dredges move more ground per gram; no figure found");
}


// Sites as hierarchies (docs/model.md, "Sites as hierarchies"): role pay shares, the sponsor's
// costs, mobility between roles and women's barriers; and the rich finds of production.
void declare_roles(ParameterSchema& s) {
    const std::string kamituga =
        "Geenen, Stoop & Verpoorten (Kamituga, n = 453): diggers about 25 USD/week, experts 50, right hands 100, "
        "pit managers up to 200";
    s.real("roles.share_processor", 0.03, "1", 0.0, 1.0,
           "Share of a site's net pool per head for a processor (crushing, washing, carrying), as it would be at a "
           "site with one worker in each role; the five role shares sum to 1",
           "assumption: about 0.6 of a digger's pay (no figure found for processors)");
    s.real("roles.share_digger", 0.05, "1", 0.0, 1.0,
           "Share of a site's net pool per head for a digger (see roles.share_processor)", kamituga);
    s.real("roles.share_skilled", 0.10, "1", 0.0, 1.0,
           "Share of a site's net pool per head for a skilled worker (\"expert\"): about 2 diggers", kamituga);
    s.real("roles.share_pit_manager", 0.31, "1", 0.0, 1.0,
           "Share of a site's net pool per head for a pit manager or right hand: about 6 diggers (right hands 4, "
           "managers up to 8)", kamituga);
    s.real("roles.share_sponsor", 0.51, "1", 0.0, 1.0,
           "Share of a site's net pool per head for a sponsor or pit owner, after its costs are recovered: about "
           "10 diggers", "assumption: Kamituga gives no sponsor figure; above the pit managers");
    s.real("roles.cost_usd_per_worker_month", 15.0, "USD/worker/month", 0.0, 1e5,
           "Sponsor's costs per full-time worker-month (food, tools, pump fuel), recovered from the pool first; "
           "scaled by the local price level",
           "assumption: a few days of food and tool wear per worker-month; no figure found");
    s.real("roles.workers_per_skilled", 4.0, "workers", 1.0, 1e6,
           "Site workers per place for a skilled worker (promotion only into a free place)",
           "assumption: a skilled worker leads a small pit team");
    s.real("roles.workers_per_pit_manager", 12.0, "workers", 1.0, 1e6,
           "Site workers per place for a pit manager", "assumption: one manager per pit of about 10-15 workers");
    s.real("roles.workers_per_sponsor", 30.0, "workers", 1.0, 1e6,
           "Site workers per place for a sponsor or pit owner", "assumption: a sponsor finances two or three pits");
    s.real("roles.promotion_probability_monthly", 0.05, "1/month", 0.0, 1.0,
           "Chance per month that an experienced group steps one role up when its site has a free place "
           "(scaled by the share of places free)", "assumption: a step every few years");
    s.integer("roles.experience_months", 12, "months", 0, 120,
              "Months in a role before a step up", "assumption: a season or two of learning");
    s.real("roles.sponsor_capital_usd", 500.0, "USD", 0.0, 1e7,
           "Savings a household needs to become a sponsor (scaled by the local price level)",
           "assumption: a pump and a few months of food for a team");
    s.real("roles.female_pit_work_factor", 0.2, "1", 0.0, 1.0,
           "Women's chance of a step up into digging and above, relative to men's",
           "assumption: women face barriers to pit work (behaviour brief, section 2)");
    s.real("roles.female_ownership_factor", 0.2, "1", 0.0, 1.0,
           "Women's chance of becoming a sponsor, relative to men's, on top of roles.female_pit_work_factor",
           "assumption: women face barriers to ownership and credit (behaviour brief, section 2)");
    s.real("roles.female_entry_processing_share", 0.8, "1", 0.0, 1.0,
           "Share of women entering mining who start in processing (the rest dig); men start digging",
           "assumption: women cluster in crushing, washing and carrying (behaviour brief, section 2)");
    s.real("roles.injury_demotion_probability", 0.5, "1", 0.0, 1.0,
           "Chance that an injury moves the injured worker's group one role down", "assumption");
    s.real("roles.loss_demotion_probability", 0.3, "1", 0.0, 1.0,
           "Chance that a sponsor whose site did not cover its costs this month steps down to pit manager",
           "assumption");
    s.real("production.rich_find_probability_monthly", 0.01, "1/month", 0.0, 0.5,
           "Chance per team-month of a rich find (output times production.rich_find_multiplier; other months "
           "scaled down so that expected output is unchanged)",
           "assumption: miners stay for the chance of a rich find (behaviour brief, section 2); no frequency found");
    s.real("production.rich_find_multiplier", 10.0, "1", 1.0, 1000.0,
           "Output of a rich-find month relative to the mean month; probability x multiplier must not exceed 1",
           "assumption: lumpy payoffs, most months little and now and then a rich find");
}

}  // namespace

void declare_model_parameters(ParameterSchema& s) {
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

    // Household panels (docs/outputs.md, "/panel"): what runs and comparisons store household by household.
    s.text("outputs.panel_months", "none", TextFormat::month_list,
           "Months of the run (0 = the first) at which the household panel records each household's outcomes: "
           "\"none\" (no panel), \"all\", or a list such as \"0, 12, 119\". Baseline characteristics are "
           "recorded whenever a panel is",
           "design choice: off by default, so that files stay small (docs/outputs.md gives sizes)");
    s.integer("outputs.panel_households", 0, "households", 0, 50'000'000,
              "Households in the panel: 0 for all, else a simple random sample of this many rows, the same rows "
              "in every replicate and scenario (drawn from the stream of random.seed, random.stream_group, "
              "replicate 0, module \"household_panel\")",
              "design choice: a sample keeps files small for large runs");

    declare_prices(s);
    declare_traders(s);

    // Households, their network and sites at the start
    s.real("households.size_mean", 5.0, "persons", 1.0, 20.0,
           "Mean household size; size = 1 + Poisson(size_mean - 1)",
           "assumption: typical rural household in ASM regions of sub-Saharan Africa");
    s.real("households.adult_worker_share", 0.5, "1", 0.0, 1.0,
           "Share of members who work (at least one per household)", "assumption");
    s.real("households.female_worker_share", 0.5, "1", 0.0, 1.0,
           "Share of working adults who are women", "assumption: working-age population about half women");
    s.real("households.female_head_share", 0.2, "1", 0.0, 1.0,
           "Share of households headed by a woman", "assumption: 15-30% in rural sub-Saharan Africa");
    s.real("households.skill_sd_log", 0.5, "log", 0.0, 2.0,
           "Spread of mining skill: skill = exp(sd N(0,1) - sd^2/2), mean 1",
           "assumption: earnings differ several-fold between diggers and experts (Geenen et al.)");
    s.real("households.savings_initial_mean_usd", 50.0, "USD", 0.0, 1e6,
           "Mean initial savings (exponentially distributed)", "assumption");
    s.real("households.farm_land_mean_ha", 1.0, "ha", 0.0, 100.0,
           "Mean farm land per household (exponentially distributed)", "assumption: smallholder farms of about 1 ha");
    s.real("households.licensed_share", 0.12, "1", 0.0, 1.0,
           "Share of households whose mining is licensed at the start",
           "Delve 2020: about 90% of ASM activity informal; IGF 70-90%");
    s.real("households.semi_mechanised_share", 0.05, "1", 0.0, 1.0,
           "Share of households owning semi-mechanised equipment at the start", "assumption");
    s.real("households.whole_ore_share", 0.5, "1", 0.0, 1.0,
           "Share of households amalgamating whole ore (the others amalgamate concentrate) at the start",
           "assumption: both practices are widespread (UNEP); no national shares found");
    s.real("households.mfi_reach_share", 0.4, "1", 0.0, 1.0,
           "Share of households a microfinance institution serves", "assumption");
    s.real("households.vsla_share_female_head", 0.35, "1", 0.0, 1.0,
           "Share of women-headed households in a village savings and loan association",
           "assumption: women join savings groups more often than men");
    s.real("households.vsla_share_male_head", 0.15, "1", 0.0, 1.0,
           "Share of men-headed households in a village savings and loan association", "assumption");
    s.integer("households.network_degree", 4, "neighbours", 0, 20,
              "Neighbours of each household in the small-world network (even)",
              "Watts & Strogatz 1998 small-world construction; degree an assumption");
    s.real("households.network_rewire_share", 0.1, "1", 0.0, 1.0,
           "Share of ring links rewired to random households", "Watts & Strogatz 1998; value an assumption");
    s.real("sites.share_gold", 0.6, "1", 0.0, 1.0,
           "Weight of gold among sites (weights are normalised over the three minerals)", "assumption");
    s.real("sites.share_cobalt", 0.2, "1", 0.0, 1.0, "Weight of cobalt among sites", "assumption");
    s.real("sites.share_tin", 0.2, "1", 0.0, 1.0, "Weight of tin among sites", "assumption");
    s.real("sites.grade_sd_log", 0.3, "log", 0.0, 2.0,
           "Spread of initial ore grade between sites: grade = exp(sd N(0,1) - sd^2/2)", "assumption");
    s.real("sites.capacity_share", 2.0, "1", 0.001, 100.0,
           "Output per worker at a site halves when this share of the area's workers (per site) mine there",
           "assumption: congestion of a common-pool deposit; calibrated to the 1999-2024 growth of ASM");
    s.real("sites.depletion_years", 30.0, "years", 0.1, 1000.0,
           "Years of extraction, by half the site's households at the start, that lower its grade by a factor e",
           "assumption: alluvial and shallow deposits worked for decades");

    // Seasons
    s.integer("seasons.rainy_start_month", 6, "calendar month", 1, 12,
              "First calendar month of the rainy season (month 0 is January without simulation.start)",
              "assumption: West African Sahel rains June-September");
    s.integer("seasons.rainy_months", 4, "months", 0, 12, "Length of the rainy season",
              "assumption: Sahel; Sierra Leone digging stops 2-5 months (qualitative literature)");
    s.real("seasons.rainy_mining_days_factor", 0.5, "1", 0.0, 1.0,
           "Mining days in a rainy month relative to a dry month",
           "assumption: mining concentrates in the dry season; no monthly amplitude found");
    s.real("seasons.farm_labour_share_rainy", 0.5, "1", 0.0, 1.0,
           "Share of a mining household's workers on its farm in the rainy season", "assumption");
    s.real("seasons.farm_labour_share_dry", 0.1, "1", 0.0, 1.0,
           "Share of a mining household's workers on its farm in the dry season", "assumption");

    // The local economy
    s.real("economy.price_level_start", 1.0, "1", 0.01, 100.0,
           "Local prices and wages in month 0 relative to the defaults, which are mid-2020s USD "
           "(scales wages, farm income, subsistence, the poverty line, licence fees, fines, compliance and equipment costs)",
           "assumption: 1 in the baseline; the 1999-2024 replay starts lower");
    s.real("economy.nominal_growth_annual", 0.0, "1/yr", -0.5, 1.0,
           "Yearly growth of local prices and wages in USD",
           "assumption: 0 in the baseline; the 1999-2024 replay sets it");
    // Cost-benefit of programmes (issue 16.3; docs/model.md 7.17, "Discounted cost-benefit"): read by
    // `asmsim compare` only, never by the month's processes.
    s.real("economy.discount_rate_annual", 0.10, "1/yr", 0.0, 0.3,
           "Social discount rate for the cost-benefit of programmes in `asmsim compare`: a flow in month t "
           "counts (1 + rate)^(-t/12) of its value in month 0",
           "World Bank IEG 2010 (the Bank's 10-12% rate for development projects); Zhuang et al. 2007 (ADB, 10-12%)");

    // Labour and participation
    s.real("labour.offfarm_usd_per_worker_month", 77.0, "USD/month", 0.0, 1e5,
           "Off-farm earnings of a worker who neither mines nor farms",
           "the 193 USD/month rural DRC living income (Anker Research Institute 2021) shared by 2.5 workers");
    s.real("labour.farm_usd_per_ha_month", 30.0, "USD/ha/month", 0.0, 1e5,
           "Farm income per hectare fully worked", "assumption");
    s.real("labour.farm_workers_per_ha", 1.0, "workers/ha", 0.01, 100.0,
           "Workers a hectare needs to be fully worked", "assumption");
    s.real("labour.income_sd_log", 0.3, "log", 0.0, 3.0,
           "Month-to-month variation of a household's farm and off-farm income (one shared factor exp(sd N(0,1) - sd^2/2))",
           "assumption");
    s.real("labour.female_mining_effort", 0.43, "1", 0.0, 1.0,
           "Work in mining of a woman in a mining household, relative to a man",
           "assumption calibrated so that about 30% of ASM workers are women (Delve 2023)");
    s.real("labour.expectation_weight", 0.25, "1", 0.0, 1.0,
           "Weight of this month's price in the adaptive price expectation", "assumption");
    // Choosing to mine (issue 13 point 3; docs/model.md 7.5)
    s.real("labour.switch_share_monthly", 0.1, "1/month", 0.0, 1.0,
           "Share of households that review their choice of mining in a (dry-season) month; those that review "
           "choose by the logit rule, the others keep what they do",
           "assumption: inertia; mean delay 10 months");
    s.real("labour.rainy_review_factor", 0.5, "1", 0.0, 10.0,
           "Chance of reviewing in a rainy-season month relative to a dry one (labour.switch_share_monthly x "
           "this must not exceed 1)",
           "assumption: mining concentrates in the dry season, farming in the rains (domain-facts.md, seasonality); "
           "no monthly figure found");
    s.integer("labour.choice_horizon_months", 12, "months", 1, 120,
              "Months over which a household weighs the choice: lump sums (entry, moving, a debt falling due) "
              "count 1/H per month; risk and the chance of a windfall are judged over H months",
              "assumption: a year, the cycle of seasons");
    s.real("labour.risk_aversion", 1.0, "1", 0.0, 10.0,
           "Coefficient of relative risk aversion gamma in the risk term of the choice (0 = risk-neutral)",
           "Gandelman & Hernandez-Murillo 2015, Federal Reserve Bank of St. Louis Review 97(1):53-66: about 1 in "
           "75 countries (Gallup World Poll)");
    s.real("labour.windfall_weight_curvature", 0.61, "1", 0.28, 1.0,
           "Curvature d of the probability weighting w(p) = p^d / (p^d + (1-p)^d)^(1/d) by which households weigh "
           "the chance of a rich find; 1 switches the hope of a windfall off",
           "Tversky & Kahneman 1992, Journal of Risk and Uncertainty 5:297-323 (d = 0.61 for gains); below 0.28 "
           "w is not monotone");
    s.real("labour.entry_cost_usd", 50.0, "USD", 0.0, 1e5,
           "Sunk cost of starting to mine (tools, a place in a team), paid from cash on entry (what cash cannot "
           "cover is advanced by the team and not tracked)",
           "assumption: about two-thirds of a month of off-farm earnings; no figure found");
    s.real("labour.choice_noise_usd", 20.0, "USD/worker/month", 0.01, 1e5,
           "Scale of the households' idiosyncratic reasons to mine or not (independence, status, distance, "
           "family) at month-0 prices (times the price level): the logit scale of the choice",
           "assumption: about a quarter of the off-farm wage; no estimate found");
    s.integer("labour.migration_site_samples", 3, "sites", 1, 100,
              "Sites an entering household compares before choosing where to mine (it moves to the best)",
              "assumption: migrants move to booming sites with partial information");

    // Production
    s.real("production.mining_days_per_month", 20.0, "days/month", 0.0, 31.0,
           "Days a miner works in a dry-season month", "assumption");
    s.real("production.gold.output_g_per_worker_day", 0.34, "g/worker/day", 0.0, 100.0,
           "Gold produced per worker-day, manual, average skill and grade",
           "Boukare/IOM 2020: Burkina Faso 2016, 68 g/worker/yr, over 200 mining days a year");
    s.real("production.cobalt.output_g_per_worker_day", 290.0, "g/worker/day", 0.0, 1e5,
           "Contained cobalt produced per worker-day, manual, average skill and grade",
           "assumption calibrated to about 3 USD/day per digger (CRU 2016)");
    s.real("production.tin.output_g_per_worker_day", 400.0, "g/worker/day", 0.0, 1e5,
           "Contained tin produced per worker-day, manual, average skill and grade",
           "assumption: a few times the 300 g of ore a day of coltan diggers (Perez Rodriguez), cassiterite about 70% Sn");
    s.real("production.semi_mechanised_factor", 1.8, "1", 1.0, 10.0,
           "Output of a semi-mechanised worker relative to a manual one", "assumption");
    s.real("production.digger_share", 0.5, "1", 0.0, 1.0,
           "Share of the value of output kept by the miners' household (the rest goes to pit owners and sponsors)",
           "BGR: diggers receive 1/3 to 1/2 of the trader price");
    s.real("production.output_sd_log", 0.5, "log", 0.0, 3.0,
           "Month-to-month luck in output: factor exp(sd N(0,1) - sd^2/2), mean 1", "assumption");

    // Technology
    s.real("technology.semi_mechanised_cost_usd", 600.0, "USD", 0.0, 1e6,
           "Price of semi-mechanised equipment (pump, crusher share)", "assumption");
    s.real("technology.mercury_free_cost_usd", 300.0, "USD", 0.0, 1e6,
           "Price of mercury-free gold processing (gravity concentration, direct smelting kit)", "assumption");
    s.real("technology.mercury_free_recovery_gain", 0.1, "1", -0.5, 2.0,
           "Extra gold recovered with mercury-free processing, relative to amalgamation", "assumption");
    s.integer("technology.payback_months", 24, "months", 1, 240,
              "Months over which a household expects an investment to pay for itself", "assumption");
    s.real("technology.adoption_share_monthly", 0.05, "1/month", 0.0, 1.0,
           "Share of households for whom an investment pays that make it in a month",
           "assumption: information and trust frictions");

    // Selling and enforcement
    // (The price shares of informal and formal buyers are outputs of the traders: declare_traders.)
    s.real("selling.royalty_rate", 0.03, "1", 0.0, 0.5,
           "Royalty on the value of formal sales, paid by formal buyers (share of the world price)",
           "assumption: low end of the 3-5% rates common for ASM");
    s.real("selling.tied_discount", 0.1, "1", 0.0, 1.0,
           "Further discount on the trader price for households selling to the trader who pre-financed them",
           "assumption: no figures on pre-finance terms found");
    s.real("enforcement.inspection_rate_monthly", 0.03, "1/month", 0.0, 1.0,
           "Chance that an informal mining household is inspected in a month", "assumption");
    s.real("enforcement.fine_usd", 50.0, "USD", 0.0, 1e6, "Fine for mining without a licence", "assumption");
    s.real("enforcement.informal_payment_share", 0.3, "1", 0.0, 1.0,
           "Share of what inspected miners pay that officials keep instead of the treasury",
           "assumption: no figure found; informal payments to officials at ASM sites are widely reported "
           "(World Bank 2024 framework: local governance); fiscal revenue counts the rest");
    s.real("enforcement.confiscation_share", 0.5, "1", 0.0, 1.0,
           "Share of the month's output confiscated at an inspection", "assumption");

    // Formalisation
    s.real("formalisation.licence_fee_usd", 50.0, "USD", 0.0, 1e6,
           "Fee for a mining licence (each issue and renewal)",
           "between the DRC artisanal card (10-25 USD/yr, Radio Okapi 2010) and Tanzania's 44 USD trading licence (Reuters 2019)");
    s.integer("formalisation.licence_months", 12, "months", 1, 240, "Months a licence is valid",
              "DRC artisanal miner card: one year");
    s.real("formalisation.processing_per_1000_households_month", 3.0, "applications/month", 0.0, 1000.0,
           "Licence applications the administration processes in a month, per 1000 households",
           "assumption: processing times of months (no reliable figure found)");
    s.real("formalisation.compliance_cost_usd_month", 3.0, "USD/month", 0.0, 1e5,
           "Monthly cost of keeping a licence (reporting, travel, fees to officials)", "assumption");
    s.real("formalisation.cooperative_fee_share", 0.3, "1", 0.0, 1.0,
           "Share of the licence fee a member pays when licensed through a cooperative", "assumption");
    s.real("formalisation.cooperative_levy", 0.02, "1", 0.0, 0.5,
           "Share of formal sales value a cooperative keeps", "assumption");
    s.real("formalisation.apply_logit_intercept", -5.0, "logit", -20.0, 20.0,
           "Logit of the monthly chance to apply at zero net benefit and no licensed neighbours (-5: 0.7%)",
           "assumption calibrated to 70-90% informality (Delve 2020; IGF)");
    s.real("formalisation.benefit_scale_usd", 100.0, "USD", 1.0, 1e6,
           "Net benefit over the licence period that moves the chance to apply by one logit unit", "assumption");
    s.real("formalisation.peer_weight", 2.0, "logit", 0.0, 20.0,
           "Effect on the logit of applying of having all neighbours licensed (none: 0)",
           "assumption: peer influence in formalisation");

    // Formalisation as a recurring cost-benefit choice (issue 14, point 3; docs/model.md 7.6)
    s.real("formalisation.travel_cost_usd", 15.0, "USD", 0.0, 1e5,
           "Travel to the licensing office, per application or renewal (in prices of month 0)",
           "assumption: a trip or two to a district office; Ghana miners cite bureaucracy and distance (Kumah 2022)");
    s.real("formalisation.informal_payment_usd", 20.0, "USD", 0.0, 1e5,
           "Informal payments to officials per application or renewal (in prices of month 0)",
           "assumption: no figure found; informal payments in licensing reported by Hilson & McQuilken 2014");
    s.real("formalisation.discount_rate_monthly", 0.05, "1/month", 0.0, 1.0,
           "Rate at which households discount a licence's future net benefits over its term",
           "assumption: poor, credit-constrained households discount steeply (the 4-6.5%/month microfinance cost)");
    s.real("formalisation.eviction_rate_monthly", 0.01, "1/month", 0.0, 1.0,
           "Chance in a month that an unlicensed miner is evicted from the claim (secure tenure removes it)",
           "assumption: evictions of informal miners are reported, no rates found (Hilson & McQuilken 2014)");
    s.real("formalisation.eviction_months_lost", 2.0, "months", 0.0, 60.0,
           "Months of mining income an eviction costs", "assumption");
    s.real("formalisation.credit_use_share", 0.2, "1", 0.0, 1.0,
           "Share of months a licensed household would borrow from a bank up to its limit, instead of microfinance "
           "(the value of eligibility for credit is this share x the rate gap x the bank limit)",
           "assumption");
    s.real("formalisation.renewal_logit_intercept", 0.0, "logit", -20.0, 20.0,
           "Logit of renewing at expiry at zero net benefit (the renewal's random utility: chance "
           "logistic(intercept + net benefit / benefit_scale_usd))",
           "assumption: an even chance at indifference; many licences are not renewed (Siegel & Veiga 2009)");
    s.real("formalisation.licensable_ha_per_household", 0.3, "ha/household", 0.0, 1e6,
           "Licensable land with known deposits at a site, per household of the site at the start",
           "assumption: licensable, prospected land is scarce (Siegel & Veiga 2009; Hilson & McQuilken 2014)");
    s.real("formalisation.ha_per_licence", 5.0, "ha", 0.01, 1e4,
           "Land one licence takes (a cooperative licence is shared by its members)",
           "assumption within Tanzania's PML (up to 10 ha, Reuters 2019) and Ghana's 25-acre small-scale licence");
    s.integer("formalisation.cooperative_members", 5, "households", 1, 1000,
              "Households sharing one cooperative licence (and its land)",
              "assumption: cooperatives formed to obtain a licence are small (Hilson & McQuilken 2014)");

    // Finance
    s.real("finance.vsla_contribution_usd_month", 3.0, "USD/month", 0.0, 1e4,
           "Monthly savings of a savings-group member", "assumption: small regular savings (CoMSES group-lending model)");
    s.real("finance.vsla_rate_monthly", 0.05, "1/month", 0.0, 1.0, "Interest on savings-group loans", "assumption");
    s.real("finance.vsla_loan_multiple", 3.0, "1", 0.0, 10.0,
           "Largest savings-group loan as a multiple of own savings in the cycle",
           "CoMSES group-lending model: loans up to 10x savings; 3x an assumption");
    s.integer("finance.vsla_cycle_months", 12, "months", 1, 120,
              "Months between share-outs of the savings-group fund", "assumption: annual cycles");
    s.real("finance.mfi_rate_monthly", 0.05, "1/month", 0.0, 1.0,
           "Interest on microfinance loans (flat)", "Ghana: 4-6.5% a month (press; Kumasi MFI survey)");
    s.real("finance.mfi_fee_share", 0.03, "1", 0.0, 1.0, "Up-front fee on a microfinance loan",
           "Kumasi MFI survey: about 3% fees");
    s.real("finance.mfi_loan_max_usd", 200.0, "USD", 0.0, 1e6, "Largest microfinance loan", "assumption");
    s.real("finance.bank_rate_monthly", 0.019, "1/month", 0.0, 1.0, "Interest on bank loans",
           "Ghana: 20-25% a year (press)");
    s.real("finance.bank_loan_max_usd", 2000.0, "USD", 0.0, 1e7, "Largest bank loan", "assumption");
    s.real("finance.bank_collateral_ratio", 0.5, "1", 0.0, 10.0,
           "Collateral (savings plus land value) a bank requires per dollar lent; banks lend only to licensed miners",
           "assumption");
    s.real("finance.land_value_usd_per_ha", 300.0, "USD/ha", 0.0, 1e6, "Collateral value of farm land", "assumption");
    s.real("finance.trader_rate_monthly", 0.03, "1/month", 0.0, 1.0,
           "Interest on trader pre-finance", "assumption: no figures on pre-finance terms found");
    s.real("finance.trader_repayment_share", 0.3, "1", 0.0, 1.0,
           "Share of mining sales a trader keeps each month to repay pre-finance", "assumption");
    s.real("finance.trader_credit_months", 2.0, "months", 0.0, 24.0,
           "Largest pre-finance as months of the household's expected mining income", "assumption");
    s.integer("finance.loan_term_months", 6, "months", 1, 60,
              "Term of savings-group, microfinance and bank loans", "assumption");
    s.real("finance.max_rate_monthly", 0.12, "1/month", 0.0, 1.0,
           "Highest monthly cost of credit a household accepts to smooth consumption", "assumption");
    s.integer("finance.default_after_months", 3, "months", 1, 60,
              "Consecutive months of missed payments after which a loan is in default and written off",
              "assumption: 90 days past due, a common definition");
    s.integer("finance.exclusion_months", 24, "months", 0, 1200,
              "Months a defaulter is refused microfinance and bank credit", "assumption");

    // Consumption and welfare
    s.real("consumption.subsistence_usd_per_ae_month", 30.0, "USD/adult equivalent/month", 0.0, 1e4,
           "Spending a household makes before anything else, per adult equivalent, when it has the cash",
           "assumption: about 1 USD a day of food per adult equivalent");
    s.real("consumption.child_ae_weight", 0.5, "1", 0.0, 1.0,
           "Adult equivalents of a member who does not work", "assumption: simplified adult-equivalence scale");
    s.real("consumption.mpc", 0.8, "1", 0.0, 1.0,
           "Share of cash on hand above subsistence that is consumed in the month; used only when "
           "consumption.buffer_stock = false (the earlier rule)",
           "assumption: poor households save little");
    // Consumption smoothing (docs/model.md 7.14): a buffer-stock rule in the spirit of Deaton (1991)
    // and Carroll (1997), with permanent income learned from the household's own income path.
    s.flag("consumption.buffer_stock", true,
           "Whether households smooth consumption with a buffer-stock rule (true) or spend subsistence "
           "plus consumption.mpc of the cash above it (false, the earlier rule)",
           "mechanism switch; Deaton 1991, Carroll 1997");
    s.real("consumption.income_learning_rate", 0.1, "1/month", 0.0, 1.0,
           "Weight w of this month's income in the household's permanent income: P <- P + w (Y - P)",
           "assumption: adaptive expectations with a half-life of about 7 months, so that a passing shock "
           "of a few months moves P little and a lasting one moves it fully within about two years");
    s.real("consumption.buffer_target_months", 1.0, "months", 0.0, 24.0,
           "Precautionary buffer: target cash on hand is (1 + b) P, i.e. b months of permanent income "
           "beyond this month's spending",
           "assumption: Carroll 1997 finds buffer-stock targets of a fraction of a year's income; one "
           "month chosen for poor households with no figure for ASM");
    s.real("consumption.mpc_excess_cash", 0.1, "1/month", 0.0, 1.0,
           "kappa: share of cash on hand above (below) the target that is spent (cut) in the month: "
           "C* = P + kappa (X - (1 + b) P)",
           "assumption: Carroll 1997 / 2001: the marginal propensity to consume out of wealth near the "
           "target is a few tenths a year, far below 1, and high only near the borrowing limit (clipped "
           "here); 0.1 a month is at the high end, for poor impatient households");
    s.real("consumption.livestock_buy_threshold", 1.5, "1", 1.0, 100.0,
           "Livestock is bought only with cash left after consumption above this multiple of the target "
           "cash on hand (1 + b) P",
           "assumption: livestock is the asset households buy once cash is well above need (Fafchamps, "
           "Udry & Czukas 1998)");
    s.real("consumption.livestock_buy_share", 0.5, "1", 0.0, 1.0,
           "Share of the cash above the livestock threshold spent on livestock in a month",
           "assumption: no figure found");
    s.real("consumption.livestock_sale_discount", 0.3, "1", 0.0, 0.99,
           "Share of livestock value lost when it is sold in distress (cash received = (1 - discount) x value)",
           "assumption: distress sales fetch low prices (Fafchamps, Udry & Czukas 1998 find livestock a weak "
           "buffer); no figure for ASM regions");
    s.real("welfare.poverty_line_usd_per_person_day", 2.15, "USD/person/day", 0.0, 100.0,
           "Poverty line applied to per-capita income", "World Bank international poverty line (2017 PPP)");

    // Mercury, land and safety
    s.flag("environment.amalgamation", true,
           "Whether gold is amalgamated with mercury at all (false: every household processes mercury-free)",
           "mechanism switch");
    s.real("environment.hg_per_au_whole_ore", 3.0, "g/g", 0.0, 50.0,
           "Mercury released per gram of gold with whole-ore amalgamation",
           "commonly quoted 3:1 or more [unverified: O'Neill & Telmer 2017]");
    s.real("environment.hg_per_au_concentrate", 1.3, "g/g", 0.0, 50.0,
           "Mercury released per gram of gold with concentrate amalgamation",
           "commonly quoted 1.3:1 [unverified: O'Neill & Telmer 2017]");
    s.real("environment.mercury_usd_per_g", 0.2, "USD/g", 0.0, 1e3, "Price miners pay for mercury",
           "assumption");
    s.real("environment.gold_ha_per_kg", 0.1, "ha/kg", 0.0, 1e3, "Land degraded per kg of gold produced",
           "assumption: order of magnitude from Madre de Dios, ~100,000 ha cleared 1984-2017 (Caballero Espejo et al. 2018)");
    s.real("environment.cobalt_ha_per_kg", 0.0005, "ha/kg", 0.0, 1e3, "Land degraded per kg of cobalt",
           "assumption");
    s.real("environment.tin_ha_per_kg", 0.0005, "ha/kg", 0.0, 1e3, "Land degraded per kg of tin", "assumption");
    s.real("environment.farm_share_of_degraded_land", 0.5, "1", 0.0, 1.0,
           "Share of newly degraded land that was farm land of households at the site", "assumption");
    s.real("environment.restoration_ha_per_month", 0.0, "ha/month", 0.0, 1e6,
           "Degraded land restored per month over the whole area (returned to farming)",
           "assumption: none without a programme");
    s.real("environment.restoration_usd_per_ha", 1500.0, "USD/ha", 0.0, 1e7, "Cost of restoring a hectare",
           "assumption");
    s.real("safety.injury_rate_informal_per_100py", 5.9, "injuries/100 person-years", 0.0, 500.0,
           "Injuries among miners at unlicensed sites", "Tarkwa, Ghana, n = 404 (BMC Public Health 2017)");
    s.real("safety.injury_rate_licensed_per_100py", 5.0, "injuries/100 person-years", 0.0, 500.0,
           "Injuries among miners at licensed sites", "Tarkwa, Ghana, n = 404 (BMC Public Health 2017)");
    s.real("safety.semi_mechanised_injury_factor", 1.0, "1", 0.0, 10.0,
           "Injury rate with semi-mechanised equipment relative to manual work",
           "assumption: the licensed/unlicensed rates (Tarkwa) already include technology differences; kept for scenarios");
    s.real("safety.fatal_share", 0.02, "1", 0.0, 1.0, "Share of injuries that are fatal", "assumption");
    s.integer("safety.injury_months_lost", 2, "months", 0, 60, "Months an injured worker cannot work",
              "assumption");

    declare_deposits(s);
    declare_roles(s);
}

}  // namespace asmsim
