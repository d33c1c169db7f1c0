// The parameter registry (core/parameters.hpp) and the model's declarations (model/schema.cpp).

#include <toml++/toml.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>

#include "core/parameters.hpp"
#include "experiment/assembly.hpp"

using asmsim::model_schema;
using asmsim::ParameterSchema;
using asmsim::ParameterSet;
using asmsim::ParamSpec;
using asmsim::ParamType;
using asmsim::ParamValue;

namespace {

const ParamSpec& spec_of(const std::string& name) {
    const ParamSpec* spec = model_schema().find(name);
    REQUIRE(spec != nullptr);
    return *spec;
}

// A literal as toml++ reads it back, the way a scenario file would be read.
double read_back_real(const std::string& literal) {
    toml::table table = toml::parse("v = " + literal);
    auto value = table["v"].value<double>();
    REQUIRE(value.has_value());
    REQUIRE(table["v"].is_floating_point());
    return *value;
}

}  // namespace

TEST_CASE("every declared parameter is complete and its default is valid", "[parameters]") {
    const ParameterSchema& schema = model_schema();
    REQUIRE(schema.size() > 40);
    for (const ParamSpec& spec : schema.all()) {
        INFO("parameter " << spec.name);
        CHECK_FALSE(ParameterSchema::check(spec, spec.default_value).has_value());
        CHECK(asmsim::type_of(spec.default_value) == spec.type);
        CHECK_FALSE(spec.description.empty());
        CHECK_FALSE(spec.source.empty());
        CHECK(spec.name.find('.') != std::string::npos);  // every parameter lives in a table
        CHECK(schema.find(spec.name) == &spec);
        if (spec.is_numeric()) {
            const double x = spec.type == ParamType::real
                                 ? std::get<double>(spec.default_value)
                                 : static_cast<double>(std::get<std::int64_t>(spec.default_value));
            CHECK(spec.min <= x);
            CHECK(x <= spec.max);
            CHECK(spec.min < spec.max);
            CHECK_FALSE(spec.unit.empty());
        }
        if (!spec.choices.empty()) {
            CHECK(spec.type == ParamType::text);
            const std::set<std::string> unique(spec.choices.begin(), spec.choices.end());
            CHECK(unique.size() == spec.choices.size());
        }
    }
}

TEST_CASE("check rejects values of the wrong type", "[parameters]") {
    const ParamSpec& months = spec_of("simulation.months");        // integer
    const ParamSpec& drift = spec_of("prices.gold.drift_annual");  // real
    const ParamSpec& process = spec_of("prices.gold.process");     // text choice
    const ParamSpec& start = spec_of("simulation.start");          // text YYYY-MM

    auto problem = ParameterSchema::check(months, ParamValue{std::string("ten")});
    REQUIRE(problem.has_value());
    CHECK_THAT(*problem, Catch::Matchers::Contains("expected integer"));
    CHECK_THAT(*problem, Catch::Matchers::Contains("string"));

    CHECK(ParameterSchema::check(months, ParamValue{12.0}).has_value());  // a real for an integer
    CHECK(ParameterSchema::check(months, ParamValue{true}).has_value());
    CHECK(ParameterSchema::check(drift, ParamValue{std::string("0.1")}).has_value());
    CHECK(ParameterSchema::check(drift, ParamValue{false}).has_value());
    CHECK(ParameterSchema::check(process, ParamValue{std::int64_t{1}}).has_value());
    CHECK(ParameterSchema::check(start, ParamValue{std::int64_t{199901}}).has_value());
}

TEST_CASE("check rejects numbers out of range at both ends and NaN", "[parameters]") {
    const ParamSpec& months = spec_of("simulation.months");  // [1, 1200]
    CHECK_FALSE(ParameterSchema::check(months, ParamValue{std::int64_t{1}}).has_value());
    CHECK_FALSE(ParameterSchema::check(months, ParamValue{std::int64_t{1200}}).has_value());
    auto low = ParameterSchema::check(months, ParamValue{std::int64_t{0}});
    REQUIRE(low.has_value());
    CHECK_THAT(*low, Catch::Matchers::Contains("out of range"));
    CHECK_THAT(*low, Catch::Matchers::Contains("[1, 1200]"));
    CHECK(ParameterSchema::check(months, ParamValue{std::int64_t{1201}}).has_value());
    CHECK(ParameterSchema::check(months, ParamValue{std::int64_t{-5}}).has_value());

    const ParamSpec& share = spec_of("traders.competition_margin");  // [0, 1]
    CHECK_FALSE(ParameterSchema::check(share, ParamValue{0.0}).has_value());
    CHECK_FALSE(ParameterSchema::check(share, ParamValue{1.0}).has_value());
    CHECK(ParameterSchema::check(share, ParamValue{-1e-12}).has_value());
    CHECK(ParameterSchema::check(share, ParamValue{1.0 + 1e-12}).has_value());
    CHECK(ParameterSchema::check(share, ParamValue{std::numeric_limits<double>::quiet_NaN()})
              .has_value());
    CHECK(ParameterSchema::check(share, ParamValue{std::numeric_limits<double>::infinity()})
              .has_value());
    CHECK(ParameterSchema::check(share, ParamValue{std::int64_t{2}}).has_value());  // integer
}

TEST_CASE("check rejects a value outside the choices and a malformed month", "[parameters]") {
    const ParamSpec& process = spec_of("prices.gold.process");
    CHECK_FALSE(ParameterSchema::check(process, ParamValue{std::string("log_ou")}).has_value());
    CHECK_FALSE(ParameterSchema::check(process, ParamValue{std::string("replay")}).has_value());
    auto bad = ParameterSchema::check(process, ParamValue{std::string("brownian")});
    REQUIRE(bad.has_value());
    CHECK_THAT(*bad, Catch::Matchers::Contains("brownian"));
    CHECK_THAT(*bad, Catch::Matchers::Contains("gbm_jump | log_ou | replay"));
    CHECK(ParameterSchema::check(process, ParamValue{std::string("")}).has_value());
    CHECK(ParameterSchema::check(process, ParamValue{std::string("LOG_OU")}).has_value());

    const ParamSpec& start = spec_of("simulation.start");
    CHECK_FALSE(ParameterSchema::check(start, ParamValue{std::string("")}).has_value());
    CHECK_FALSE(ParameterSchema::check(start, ParamValue{std::string("1999-01")}).has_value());
    CHECK_FALSE(ParameterSchema::check(start, ParamValue{std::string("2024-12")}).has_value());
    for (const char* bad_month : {"1999-13", "1999-00", "1999-1", "99-01", "1999/01", "1999-01-01",
                                  "abcd-ef", " 1999-01"}) {
        INFO("month '" << bad_month << "'");
        CHECK(ParameterSchema::check(start, ParamValue{std::string(bad_month)}).has_value());
    }
}

TEST_CASE("an integer is accepted for a real parameter and coerced to real", "[parameters]") {
    const ParamSpec& drift = spec_of("prices.gold.drift_annual");
    const ParamValue one{std::int64_t{1}};
    CHECK_FALSE(ParameterSchema::check(drift, one).has_value());
    const ParamValue coerced = ParameterSchema::coerce(drift, one);
    REQUIRE(std::holds_alternative<double>(coerced));
    CHECK(std::get<double>(coerced) == 1.0);

    // Integers stay integers for integer parameters.
    const ParamValue months = ParameterSchema::coerce(spec_of("simulation.months"), one);
    CHECK(std::holds_alternative<std::int64_t>(months));

    ParameterSet params(model_schema());
    params.set("prices.gold.drift_annual", ParamValue{std::int64_t{-1}});
    REQUIRE(std::holds_alternative<double>(params.get("prices.gold.drift_annual")));
    CHECK(params.real("prices.gold.drift_annual") == -1.0);
}

TEST_CASE("nearest suggests the intended parameter for a typo", "[parameters]") {
    const ParameterSchema& schema = model_schema();
    const auto typo = schema.nearest("prices.gold.drft_annual");
    REQUIRE(typo.size() == 1);
    CHECK(typo.front() == "prices.gold.drift_annual");

    const auto table_typo = schema.nearest("simulation.month");
    REQUIRE_FALSE(table_typo.empty());
    CHECK(table_typo.front() == "simulation.months");

    const auto other_table = schema.nearest("prices.tin.volatility");
    REQUIRE_FALSE(other_table.empty());
    CHECK(other_table.front() == "prices.tin.volatility_annual");

    CHECK(schema.nearest("qqqq.zzzzz").empty());  // nothing close: no suggestion
    CHECK(schema.nearest("prices.gold.drift_annual", 3).size() == 3);
}

// The truncated name is a prefix of the intended one; sim/core/parameters.cpp says in nearest()
// that "prices.gold.drift" finds "prices.gold.drift_annual".
TEST_CASE("nearest suggests the full name for a truncated parameter name", "[parameters]") {
    const auto truncated = model_schema().nearest("prices.gold.drift");
    REQUIRE_FALSE(truncated.empty());
    CHECK(truncated.front() == "prices.gold.drift_annual");
}

TEST_CASE("edit_distance is the Levenshtein distance", "[parameters]") {
    CHECK(asmsim::edit_distance("", "") == 0);
    CHECK(asmsim::edit_distance("abc", "") == 3);
    CHECK(asmsim::edit_distance("", "abc") == 3);
    CHECK(asmsim::edit_distance("kitten", "sitting") == 3);
    CHECK(asmsim::edit_distance("drft_annual", "drift_annual") == 1);
    CHECK(asmsim::edit_distance("flaw", "lawn") == 2);
}

TEST_CASE("ParameterSet starts at the defaults and sets, gets and types values", "[parameters]") {
    const ParameterSchema& schema = model_schema();
    ParameterSet params(schema);
    for (std::size_t i = 0; i < schema.size(); ++i) {
        INFO("parameter " << schema.all()[i].name);
        CHECK(params.at(i) == schema.all()[i].default_value);
        CHECK(params.get(schema.all()[i].name) == schema.all()[i].default_value);
    }
    CHECK(params.integer("simulation.months") == 120);
    CHECK(params.real("prices.gold.initial_usd_per_g") == 85.14);
    CHECK(params.text("prices.gold.process") == "gbm_jump");
    CHECK(params.text("random.stream_group") == "common");

    params.set("simulation.months", ParamValue{std::int64_t{36}});
    params.set("prices.gold.volatility_annual", ParamValue{0.25});
    params.set("prices.gold.process", ParamValue{std::string("log_ou")});
    params.set("simulation.start", ParamValue{std::string("2001-07")});
    CHECK(params.integer("simulation.months") == 36);
    CHECK(params.real("prices.gold.volatility_annual") == 0.25);
    CHECK(params.text("prices.gold.process") == "log_ou");
    CHECK(params.text("simulation.start") == "2001-07");
    const auto index = schema.index_of("simulation.months");
    REQUIRE(index.has_value());
    CHECK(params.at(*index) == ParamValue{std::int64_t{36}});
    // Other values are untouched.
    CHECK(params.real("prices.gold.drift_annual") == 0.0);  // the neutral baseline

    // Typed getters refuse the wrong type.
    CHECK_THROWS_AS(params.real("simulation.months"), std::bad_variant_access);
    CHECK_THROWS_AS(params.integer("prices.gold.drift_annual"), std::bad_variant_access);
    CHECK_THROWS_AS(params.text("simulation.months"), std::bad_variant_access);
    CHECK_THROWS_AS(params.flag("simulation.months"), std::bad_variant_access);
}

TEST_CASE("ParameterSet::set and get throw on unknown names and bad values", "[parameters]") {
    ParameterSet params(model_schema());
    CHECK_THROWS_AS(params.set("prices.gold.drft_annual", ParamValue{0.1}), std::invalid_argument);
    CHECK_THROWS_AS(params.get("no.such.parameter"), std::invalid_argument);
    CHECK_THROWS_AS(params.real("prices.gold"), std::invalid_argument);

    CHECK_THROWS_AS(params.set("simulation.months", ParamValue{std::int64_t{0}}),
                    std::invalid_argument);
    CHECK_THROWS_AS(params.set("simulation.months", ParamValue{std::string("12")}),
                    std::invalid_argument);
    CHECK_THROWS_AS(params.set("prices.gold.process", ParamValue{std::string("walk")}),
                    std::invalid_argument);
    CHECK_THROWS_WITH(params.set("traders.competition_margin", ParamValue{1.5}),
                      Catch::Matchers::Contains("traders.competition_margin") &&
                          Catch::Matchers::Contains("out of range"));
    // A failed set leaves the value as it was.
    CHECK(params.integer("simulation.months") == 120);
    CHECK(params.real("traders.competition_margin") == 0.06);
    CHECK(params.text("prices.gold.process") == "gbm_jump");
}

TEST_CASE("by_table groups every parameter once, each table once", "[parameters]") {
    const ParameterSchema& schema = model_schema();
    const auto tables = schema.by_table();
    std::set<std::string> names;
    std::set<std::size_t> seen;
    for (const auto& [table, members] : tables) {
        INFO("table " << table);
        CHECK(names.insert(table).second);  // no table twice
        CHECK_FALSE(members.empty());
        CHECK(schema.is_table(table));
        for (std::size_t i : members) {
            REQUIRE(i < schema.size());
            CHECK(seen.insert(i).second);  // no parameter twice
            const std::string& name = schema.all()[i].name;
            CHECK(name.substr(0, name.rfind('.')) == table);
        }
    }
    CHECK(seen.size() == schema.size());
    CHECK(names.count("prices.gold") == 1);
    CHECK(names.count("production") == 1);
    CHECK(names.count("production.gold") == 1);
    CHECK_FALSE(schema.is_table("prices.silver"));
    CHECK_FALSE(schema.is_table("prices.gold.process"));
}

TEST_CASE("to_toml_literal writes reals that read back exactly", "[parameters]") {
    for (double x : {0.1, 85.14, 1e-6, 3.0, -0.4, 0.086, 0.283, 1e6, 9.0e15, 1.0 / 3.0,
                     2.0 / 31.1034768, 123456789.123, -2.5e-300, 0.0}) {
        const std::string literal = asmsim::to_toml_literal(ParamValue{x});
        INFO("value " << x << " written as " << literal);
        CHECK(std::strtod(literal.c_str(), nullptr) == x);
        CHECK(read_back_real(literal) == x);
    }
    CHECK(asmsim::to_toml_literal(ParamValue{0.1}) == "0.1");
    CHECK(asmsim::to_toml_literal(ParamValue{85.14}) == "85.14");
    CHECK(asmsim::to_toml_literal(ParamValue{3.0}) == "3.0");
    CHECK(asmsim::to_toml_literal(ParamValue{std::int64_t{-1}}) == "-1");
    CHECK(asmsim::to_toml_literal(ParamValue{true}) == "true");
    CHECK(asmsim::to_toml_literal(ParamValue{std::string("a \"b\"\\c")}) == R"("a \"b\"\\c")");
}

TEST_CASE("range_text describes each kind of parameter", "[parameters]") {
    CHECK(spec_of("simulation.months").range_text() == "[1, 1200]");
    CHECK(spec_of("traders.competition_margin").range_text() == "[0, 1]");
    CHECK(spec_of("prices.gold.process").range_text() == "gbm_jump | log_ou | replay");
    CHECK(spec_of("simulation.start").range_text() == "\"YYYY-MM\" or \"\"");
    CHECK(spec_of("prices.gold.series_file").range_text() == "file path");
}
