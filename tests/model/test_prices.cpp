// World price processes (model/prices.hpp): their statistics, replay of a series, scheduled
// shocks and common random numbers.

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/input_error.hpp"
#include "core/parameters.hpp"
#include "core/random_streams.hpp"
#include "model/inputs.hpp"
#include "model/prices.hpp"
#include "experiment/assembly.hpp"

using asmsim::Commodity;
using asmsim::InputError;
using asmsim::ModelInputs;
using asmsim::ParameterSet;
using asmsim::ParamValue;
using asmsim::PriceProcess;
using asmsim::RandomEngine;
using asmsim::StreamKey;

namespace {

constexpr std::uint64_t seed = 20240611;
constexpr double grams_per_ozt = 31.1034768;

const std::string gold_csv =
    std::string(ASMSIM_SOURCE_DIR) + "/scenarios/data/gold-monthly-usd-per-ozt.csv";

ParamValue real(double x) { return ParamValue{x}; }
ParamValue integer(std::int64_t x) { return ParamValue{x}; }
ParamValue text(const std::string& s) { return ParamValue{s}; }

RandomEngine stream_for_path(int path) {
    return asmsim::make_stream(StreamKey{seed, "test_prices", static_cast<std::uint64_t>(path)},
                               "prices.gold");
}

// Log prices of months 0..months-1 of one path.
std::vector<double> log_path(const ParameterSet& params, const ModelInputs& inputs, int months,
                             RandomEngine rng) {
    PriceProcess process(params, inputs, Commodity::gold);
    std::vector<double> out;
    for (int m = 0; m < months; ++m) out.push_back(std::log(process.next(m, rng)));
    return out;
}

struct Moments {
    double mean = 0, variance = 0;
    long n = 0;
};

Moments moments(const std::vector<double>& x) {
    Moments m;
    m.n = static_cast<long>(x.size());
    for (double v : x) m.mean += v;
    m.mean /= static_cast<double>(m.n);
    for (double v : x) m.variance += (v - m.mean) * (v - m.mean);
    m.variance /= static_cast<double>(m.n - 1);
    return m;
}

// The CSV as (month -> USD/ozt), read independently of the model's reader.
std::map<std::string, double> read_csv(const std::string& path) {
    std::ifstream in(path);
    REQUIRE(in);
    std::map<std::string, double> out;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const auto comma = line.find(',');
        out[line.substr(0, comma)] = std::stod(line.substr(comma + 1));
    }
    return out;
}

}  // namespace

TEST_CASE("GBM monthly log returns have the mean and variance of the process", "[prices]") {
    ParameterSet params(asmsim::model_schema());
    const double drift = 0.1, vol = 0.5;
    params.set("prices.gold.process", text("gbm_jump"));
    params.set("prices.gold.drift_annual", real(drift));
    params.set("prices.gold.volatility_annual", real(vol));
    params.set("prices.gold.jump_rate_annual", real(0.0));
    const ModelInputs inputs;

    const int paths = 200, months = 241;  // 240 returns per path
    std::vector<double> returns;
    for (int path = 0; path < paths; ++path) {
        const auto lp = log_path(params, inputs, months, stream_for_path(path));
        CHECK(lp[0] == std::log(85.14));  // month 0 is the initial price
        for (int m = 1; m < months; ++m) returns.push_back(lp[m] - lp[m - 1]);
    }
    const Moments r = moments(returns);
    const double n = static_cast<double>(r.n);
    const double expected_mean = (drift - 0.5 * vol * vol) / 12.0;
    const double expected_variance = vol * vol / 12.0;
    // Mean within 4 standard errors (sd/sqrt(n) = 0.00066; the Ito term vol^2/24 is 16 SE).
    const double se_mean = std::sqrt(expected_variance / n);
    CHECK(std::abs(r.mean - expected_mean) < 4.0 * se_mean);
    // Variance within 4 standard errors, SE = sqrt(2/(n-1)) var (normal returns): 2.6%.
    const double se_variance = std::sqrt(2.0 / (n - 1.0)) * expected_variance;
    CHECK(std::abs(r.variance - expected_variance) < 4.0 * se_variance);
}

TEST_CASE("log-OU log price has the stationary variance and autocorrelation", "[prices]") {
    ParameterSet params(asmsim::model_schema());
    const double kappa = 2.0, vol = 0.3, long_run = 50.0;
    params.set("prices.gold.process", text("log_ou"));
    params.set("prices.gold.reversion_rate_annual", real(kappa));
    params.set("prices.gold.volatility_annual", real(vol));
    params.set("prices.gold.long_run_usd_per_g", real(long_run));
    params.set("prices.gold.initial_usd_per_g", real(200.0));  // far from the long run
    params.set("prices.gold.jump_rate_annual", real(0.0));
    const ModelInputs inputs;

    // 60 months of burn-in: the initial gap decays by exp(-kappa * 5) = 4.5e-5.
    const int paths = 400, burn_in = 60, months = burn_in + 240;
    const double mu = std::log(long_run);
    double sum_sq = 0, sum_lag_sq = 0, sum_cross = 0, sum_dev = 0;
    long n = 0;
    for (int path = 0; path < paths; ++path) {
        const auto lp = log_path(params, inputs, months, stream_for_path(path));
        for (int m = burn_in + 1; m < months; ++m) {
            const double x = lp[m] - mu, previous = lp[m - 1] - mu;
            sum_sq += x * x;
            sum_lag_sq += previous * previous;
            sum_cross += x * previous;
            sum_dev += x;
            ++n;
        }
    }
    const double a = std::exp(-kappa / 12.0);
    const double stationary_variance = vol * vol / (2.0 * kappa);
    const double nn = static_cast<double>(n);
    // Mean of the log price: the long-run level, within 4 SE (AR(1): var/n * (1+a)/(1-a)).
    CHECK(std::abs(sum_dev / nn) < 4.0 * std::sqrt(stationary_variance / nn * (1 + a) / (1 - a)));
    // Variance within 4 SE; for an AR(1), SE = var sqrt(2/n (1+a^2)/(1-a^2)) (about 1.1%).
    const double variance = sum_sq / nn;
    const double se_variance =
        stationary_variance * std::sqrt(2.0 / nn * (1 + a * a) / (1 - a * a));
    CHECK(std::abs(variance - stationary_variance) < 4.0 * se_variance);
    // Lag-1 autocorrelation within 4 SE, SE = sqrt((1 - a^2)/n) (about 0.0017).
    const double autocorrelation = sum_cross / sum_lag_sq;
    CHECK(std::abs(autocorrelation - a) < 4.0 * std::sqrt((1 - a * a) / nn));
}

TEST_CASE("Poisson jumps occur in the expected share of months", "[prices]") {
    ParameterSet params(asmsim::model_schema());
    const double rate = 3.0, jump = 0.1;
    params.set("prices.gold.process", text("gbm_jump"));
    params.set("prices.gold.drift_annual", real(0.0));
    params.set("prices.gold.volatility_annual", real(0.0));
    params.set("prices.gold.jump_rate_annual", real(rate));
    params.set("prices.gold.jump_mean_log", real(jump));
    params.set("prices.gold.jump_sd_log", real(0.0));
    const ModelInputs inputs;

    const int paths = 50, months = 241;
    long n = 0, months_with_jump = 0, jumps = 0;
    for (int path = 0; path < paths; ++path) {
        const auto lp = log_path(params, inputs, months, stream_for_path(path));
        for (int m = 1; m < months; ++m) {
            const double k = (lp[m] - lp[m - 1]) / jump;  // jumps this month
            REQUIRE(std::abs(k - std::round(k)) < 1e-9);  // nothing moves the price but jumps
            REQUIRE(k > -0.5);
            jumps += std::lround(k);
            months_with_jump += k > 0.5 ? 1 : 0;
            ++n;
        }
    }
    const double nn = static_cast<double>(n);
    const double p = 1.0 - std::exp(-rate / 12.0);
    // Share of months with a jump within 4 binomial standard errors sqrt(p(1-p)/n) (0.0038).
    CHECK(std::abs(months_with_jump / nn - p) < 4.0 * std::sqrt(p * (1 - p) / nn));
    // Mean jump count per month within 4 Poisson standard errors sqrt(lambda/12/n).
    CHECK(std::abs(jumps / nn - rate / 12.0) < 4.0 * std::sqrt(rate / 12.0 / nn));
    CHECK(jumps > months_with_jump);  // some months hold two jumps (expected ~ 340 of them)
}

TEST_CASE("replay returns the series converted to USD/g, month by month", "[prices]") {
    ParameterSet params(asmsim::model_schema());
    params.set("prices.gold.process", text("replay"));
    params.set("prices.gold.series_file", text(gold_csv));
    params.set("prices.gold.series_unit", text("usd_per_ozt"));
    params.set("simulation.start", text("1999-01"));
    params.set("simulation.months", integer(312));
    const ModelInputs inputs = asmsim::load_model_inputs(params);
    REQUIRE(inputs.start.has_value());
    CHECK(*inputs.start == (asmsim::YearMonth{1999, 1}));

    PriceProcess process(params, inputs, Commodity::gold);
    RandomEngine rng = stream_for_path(0);
    std::vector<double> prices;
    for (int m = 0; m < 312; ++m) prices.push_back(process.next(m, rng));

    CHECK(prices[0] == 287.0 / grams_per_ozt);     // 1999-01
    CHECK(prices[5] == 261.0 / grams_per_ozt);     // 1999-06
    CHECK(prices[152] == 1772.0 / grams_per_ozt);  // 2011-09
    CHECK(prices[311] == 2648.0 / grams_per_ozt);  // 2024-12

    const auto csv = read_csv(gold_csv);
    const asmsim::YearMonth start{1999, 1};
    for (int m = 0; m < 312; ++m) {
        const std::string month = start.plus_months(m).to_string();
        INFO("month " << m << " = " << month);
        REQUIRE(csv.count(month) == 1);
        CHECK(prices[m] == csv.at(month) / grams_per_ozt);
    }

    SECTION("series_start picks the row replayed in month 0") {
        params.set("prices.gold.series_start", text("2011-01"));
        params.set("simulation.months", integer(12));
        const ModelInputs later = asmsim::load_model_inputs(params);
        PriceProcess p(params, later, Commodity::gold);
        RandomEngine r = stream_for_path(0);
        CHECK(p.next(0, r) == 1360.0 / grams_per_ozt);
        CHECK(p.next(1, r) == 1375.0 / grams_per_ozt);
    }
}

TEST_CASE("replay outside the series throws an InputError naming the key", "[prices]") {
    ParameterSet params(asmsim::model_schema());
    params.set("prices.gold.process", text("replay"));
    params.set("prices.gold.series_file", text(gold_csv));
    params.set("simulation.months", integer(12));

    SECTION("series_start after the end of the file") {
        params.set("prices.gold.series_start", text("2099-01"));
        try {
            asmsim::load_model_inputs(params);
            FAIL("expected an InputError");
        } catch (const InputError& e) {
            CHECK(e.key() == "prices.gold.series_start");
            CHECK_THAT(e.message(), Catch::Matchers::Contains("2099-01"));
        }
    }
    SECTION("series_start before the start of the file") {
        params.set("prices.gold.series_start", text("1800-01"));
        CHECK_THROWS_MATCHES(asmsim::load_model_inputs(params), InputError,
                             Catch::Predicate<InputError>([](const InputError& e) {
                                 return e.key() == "prices.gold.series_start";
                             }));
    }
    SECTION("simulation.start after the end of the file") {
        params.set("simulation.start", text("2099-01"));
        CHECK_THROWS_MATCHES(asmsim::load_model_inputs(params), InputError,
                             Catch::Predicate<InputError>([](const InputError& e) {
                                 return e.key() == "simulation.start";
                             }));
    }
    SECTION("months that run past the end of the file") {
        params.set("simulation.start", text("2026-01"));
        try {
            asmsim::load_model_inputs(params);
            FAIL("expected an InputError");
        } catch (const InputError& e) {
            CHECK(e.key() == "simulation.months");
            CHECK_THAT(e.hint(), Catch::Matchers::Contains("at most 6 months"));
        }
        // Exactly to the last row is fine.
        params.set("simulation.months", integer(6));
        CHECK_NOTHROW(asmsim::load_model_inputs(params));
    }
    SECTION("a missing series file") {
        params.set("prices.gold.series_file", text(gold_csv + ".missing"));
        try {
            asmsim::load_model_inputs(params);
            FAIL("expected an InputError");
        } catch (const InputError& e) {
            CHECK(e.key() == "prices.gold.series_file");
            CHECK_THAT(std::string(e.what()), Catch::Matchers::Contains(gold_csv + ".missing"));
        }
    }
    SECTION("replay without a series file") {
        params.set("prices.gold.series_file", text(""));
        CHECK_THROWS_MATCHES(asmsim::load_model_inputs(params), InputError,
                             Catch::Predicate<InputError>([](const InputError& e) {
                                 return e.key() == "prices.gold.series_file";
                             }));
    }
}

TEST_CASE("a scheduled shock holds, then fades linearly", "[prices]") {
    ParameterSet params(asmsim::model_schema());
    params.set("prices.gold.shock_start_month", integer(24));
    params.set("prices.gold.shock_size", real(-0.4));
    params.set("prices.gold.shock_duration_months", integer(6));
    params.set("prices.gold.shock_recovery_months", integer(3));
    const ModelInputs inputs;
    const PriceProcess process(params, inputs, Commodity::gold);

    // Exact equality: the model computes 1 + size * k / (R + 1), and -0.4 * k / 4 rounds the
    // same way as 0.4 * k / 4 with the sign flipped, so 1 - 0.4 * k / 4 is the same double.
    CHECK(process.shock_factor(0) == 1.0);
    CHECK(process.shock_factor(23) == 1.0);
    for (int m = 24; m <= 29; ++m) {
        INFO("month " << m);
        CHECK(process.shock_factor(m) == 1.0 - 0.4);
    }
    CHECK(process.shock_factor(30) == 1.0 - 0.4 * 3 / 4);
    CHECK(process.shock_factor(31) == 1.0 - 0.4 * 2 / 4);
    CHECK(process.shock_factor(32) == 1.0 - 0.4 * 1 / 4);
    CHECK(process.shock_factor(33) == 1.0);
    CHECK(process.shock_factor(500) == 1.0);

    SECTION("next() applies the factor on top of the process") {
        ParameterSet calm = params;
        calm.set("prices.gold.shock_start_month", integer(-1));
        PriceProcess shocked(params, inputs, Commodity::gold);
        PriceProcess unshocked(calm, inputs, Commodity::gold);
        RandomEngine a = stream_for_path(1), b = stream_for_path(1);
        for (int m = 0; m < 40; ++m) {
            INFO("month " << m);
            const double with = shocked.next(m, a), without = unshocked.next(m, b);
            CHECK(with == without * process.shock_factor(m));
        }
    }
    SECTION("no recovery: the shock ends at once") {
        params.set("prices.gold.shock_recovery_months", integer(0));
        const PriceProcess abrupt(params, inputs, Commodity::gold);
        CHECK(abrupt.shock_factor(29) == 1.0 - 0.4);
        CHECK(abrupt.shock_factor(30) == 1.0);
    }
    SECTION("no shock by default") {
        const PriceProcess plain(ParameterSet(asmsim::model_schema()), inputs, Commodity::gold);
        for (int m : {0, 1, 24, 30, 1200}) CHECK(plain.shock_factor(m) == 1.0);
    }
}

TEST_CASE("processes sharing a stream differ only by their drift (common random numbers)",
          "[prices]") {
    ParameterSet low(asmsim::model_schema());
    low.set("prices.gold.drift_annual", real(0.02));
    low.set("prices.gold.volatility_annual", real(0.3));
    low.set("prices.gold.jump_rate_annual", real(2.0));  // the jumps are shared too
    low.set("prices.gold.jump_sd_log", real(0.2));
    ParameterSet high = low;
    high.set("prices.gold.drift_annual", real(0.17));
    const ModelInputs inputs;

    const auto a = log_path(low, inputs, 240, stream_for_path(7));
    const auto b = log_path(high, inputs, 240, stream_for_path(7));
    const double step = (0.17 - 0.02) / 12.0;
    for (int m = 0; m < 240; ++m) {
        INFO("month " << m);
        // Linear in the month up to rounding of the sums (about 1e-15 per month).
        CHECK(b[m] - a[m] == Approx(step * m).margin(1e-12));
    }
    // A different stream gives a different path (the difference above is not trivially linear).
    const auto c = log_path(low, inputs, 240, stream_for_path(8));
    CHECK(std::abs((c[239] - a[239])) > 1e-3);
}

TEST_CASE("every process draws three numbers a month, whatever its parameters", "[prices]") {
    ParameterSet gbm(asmsim::model_schema());
    ParameterSet ou = gbm;
    ou.set("prices.gold.process", text("log_ou"));
    ou.set("prices.gold.jump_rate_annual", real(12.0));
    ParameterSet replay = gbm;
    replay.set("prices.gold.process", text("replay"));
    replay.set("prices.gold.series_file", text(gold_csv));
    replay.set("simulation.start", text("1999-01"));
    replay.set("simulation.months", integer(60));
    const ModelInputs none;
    const ModelInputs replay_inputs = asmsim::load_model_inputs(replay);

    PriceProcess p_gbm(gbm, none, Commodity::gold), p_ou(ou, none, Commodity::gold),
        p_replay(replay, replay_inputs, Commodity::gold);
    RandomEngine r_gbm = stream_for_path(3), r_ou = stream_for_path(3),
                 r_replay = stream_for_path(3);
    for (int m = 0; m < 60; ++m) {
        p_gbm.next(m, r_gbm);
        p_ou.next(m, r_ou);
        p_replay.next(m, r_replay);
    }
    CHECK(r_gbm == r_ou);
    CHECK(r_gbm == r_replay);
    CHECK_FALSE(r_gbm == stream_for_path(3));
}

// The neutral baseline (behaviour brief, section 6): with the default parameters no mineral price
// has a built-in boom. Gold: the mean of P(240)/P(0) over many paths is 1 (zero drift, jumps of mean
// factor 1); cobalt and tin revert to a long-run level equal to their initial price. Fails with the
// old default gold drift (8.6%/yr gives E[P(240)/P(0)] = 5.6).
TEST_CASE("default price processes carry no boom: expected price after 20 years equals the start",
          "[prices][neutral]") {
    const ParameterSet params(asmsim::model_schema());
    const ModelInputs inputs;
    CHECK(params.real("prices.gold.drift_annual") == 0.0);
    for (Commodity c : asmsim::all_commodities) {
        const std::string p = "prices." + std::string(asmsim::commodity_name(c)) + ".";
        if (params.text(p + "process") == "log_ou")
            CHECK(params.real(p + "long_run_usd_per_g") == params.real(p + "initial_usd_per_g"));
    }
    const int paths = 2000, months = 241;
    double sum = 0, sum_sq = 0;
    for (int path = 0; path < paths; ++path) {
        const auto lp = log_path(params, inputs, months, stream_for_path(path));
        const double ratio = std::exp(lp[months - 1] - lp[0]);
        sum += ratio;
        sum_sq += ratio * ratio;
    }
    const double mean = sum / paths;
    const double se = std::sqrt((sum_sq / paths - mean * mean) / paths);
    // E[ratio] = 1; the standard error is about 0.013 with the estimated volatility and jumps.
    CHECK(std::abs(mean - 1.0) < 4.0 * se);
    CHECK(se < 0.05);
}
