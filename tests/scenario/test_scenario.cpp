// Scenario files, extends and --set (scenario/scenario.hpp): what they resolve to, and where the
// errors of bad input point.

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "../support/test_support.hpp"
#include "core/input_error.hpp"
#include "experiment/replicates.hpp"
#include "experiment/assembly.hpp"
#include "scenario/scenario.hpp"

using asmsim::InputError;
using asmsim::load_scenario;
using asmsim::model_schema;
using asmsim::ResolvedScenario;
using asmsim::testing::TempDir;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace fs = std::filesystem;

namespace {

// Loads and expects an InputError; returns it for inspection.
InputError load_error(const std::string& path, const std::vector<std::string>& overrides = {}) {
    try {
        load_scenario(path, overrides, model_schema());
    } catch (const InputError& e) {
        return e;
    }
    FAIL("expected an InputError loading " << path);
    throw std::logic_error("unreachable");
}

std::string absolute(const std::string& path) {
    return fs::absolute(path).lexically_normal().string();
}

}  // namespace

TEST_CASE("a misspelt key is reported at its line with a suggestion", "[scenario]") {
    TempDir dir("scenario_typo");
    const std::string path = dir.write("typo.toml",
                                       "name = \"typo\"\n"            // 1
                                       "\n"                           // 2
                                       "[prices.gold]\n"              // 3
                                       "process = \"gbm_jump\"\n"     // 4
                                       "drft_annual = 0.05\n"         // 5
                                       "volatility_annual = 0.2\n");  // 6
    const InputError e = load_error(path);
    CHECK(e.where().file == path);
    CHECK(e.where().line == 5);
    CHECK(e.where().column == 1);
    CHECK(e.key() == "prices.gold.drft_annual");
    CHECK(e.message() == "unknown parameter");
    CHECK(e.hint() == "did you mean 'prices.gold.drift_annual'?");
    // The text printed to users carries all of it.
    CHECK_THAT(std::string(e.what()), StartsWith(path + ":5:1: key 'prices.gold.drft_annual'"));
    CHECK_THAT(std::string(e.what()), Contains("did you mean 'prices.gold.drift_annual'?"));
}

TEST_CASE("a key that names a table is reported as such", "[scenario]") {
    TempDir dir("scenario_table_key");
    const std::string path = dir.write("t.toml",
                                       "[prices]\n"      // 1
                                       "gold = 3.0\n");  // 2
    const InputError e = load_error(path);
    CHECK(e.where().line == 2);
    CHECK(e.key() == "prices.gold");
    CHECK(e.message() == "unknown parameter");
    CHECK_THAT(e.hint(), Contains("[prices.gold]"));
}

TEST_CASE("an unknown table is reported at its header", "[scenario]") {
    TempDir dir("scenario_table");
    SECTION("unknown top-level table") {
        const std::string path = dir.write("u.toml",
                                           "[simulation]\n"          // 1
                                           "months = 12\n"           // 2
                                           "\n"                      // 3
                                           "[pricez.gold]\n"         // 4
                                           "drift_annual = 0.1\n");  // 5
        const InputError e = load_error(path);
        CHECK(e.where().file == path);
        CHECK(e.where().line == 4);
        CHECK(e.key() == "pricez");
        CHECK(e.message() == "unknown table");
        CHECK_FALSE(e.hint().empty());
    }
    SECTION("unknown sub-table of a known table") {
        const std::string path = dir.write("v.toml",
                                           "[prices.gold]\n"         // 1
                                           "drift_annual = 0.1\n"    // 2
                                           "\n"                      // 3
                                           "[prices.silver]\n"       // 4
                                           "drift_annual = 0.1\n");  // 5
        const InputError e = load_error(path);
        CHECK(e.where().line == 4);
        CHECK(e.key() == "prices.silver");
        CHECK(e.message() == "unknown table");
    }
    SECTION("a parameter written as a table") {
        const std::string path = dir.write("w.toml",
                                           "[simulation.months]\n"  // 1
                                           "value = 12\n");         // 2
        const InputError e = load_error(path);
        CHECK(e.where().line == 1);
        CHECK(e.key() == "simulation.months");
        CHECK_THAT(e.message(), Contains("expected a value, got a table"));
    }
}

TEST_CASE("a value of the wrong type is reported at its line", "[scenario]") {
    TempDir dir("scenario_type");
    const std::string path = dir.write("type.toml",
                                       "# months as text\n"    // 1
                                       "[simulation]\n"        // 2
                                       "households = 100\n"    // 3
                                       "months = \"ten\"\n");  // 4
    const InputError e = load_error(path);
    CHECK(e.where().file == path);
    CHECK(e.where().line == 4);
    CHECK(e.where().column == 10);  // the value, not the key
    CHECK(e.key() == "simulation.months");
    CHECK_THAT(e.message(), Contains("expected integer"));
    CHECK_THAT(e.message(), Contains("string"));
    CHECK_THAT(e.hint(), Contains("[1, 1200]"));

    SECTION("an array where a number belongs") {
        const std::string array = dir.write("array.toml",
                                            "[prices.gold]\n"                // 1
                                            "drift_annual = [0.1, 0.2]\n");  // 2
        const InputError a = load_error(array);
        CHECK(a.where().line == 2);
        CHECK(a.key() == "prices.gold.drift_annual");
        CHECK_THAT(a.message(), Contains("expected real"));
        CHECK_THAT(a.message(), Contains("array"));
    }
    SECTION("a real where an integer belongs") {
        const std::string real = dir.write("real.toml",
                                           "[simulation]\n"     // 1
                                           "months = 12.0\n");  // 2
        const InputError r = load_error(real);
        CHECK(r.where().line == 2);
        CHECK(r.key() == "simulation.months");
        CHECK_THAT(r.message(), Contains("expected integer"));
    }
}

TEST_CASE("a value out of range is reported at its line with the valid range", "[scenario]") {
    TempDir dir("scenario_range");
    SECTION("above the maximum") {
        const std::string path = dir.write("high.toml",
                                           "[traders]\n"                     // 1
                                           "competition_margin = 1.5\n");    // 2
        const InputError e = load_error(path);
        CHECK(e.where().file == path);
        CHECK(e.where().line == 2);
        CHECK(e.key() == "traders.competition_margin");
        CHECK_THAT(e.message(), Contains("out of range"));
        CHECK_THAT(e.message(), Contains("1.5"));
        CHECK_THAT(e.hint(), Contains("[0, 1]"));
    }
    SECTION("below the minimum") {
        const std::string path = dir.write("low.toml",
                                           "name = \"low\"\n"    // 1
                                           "[simulation]\n"      // 2
                                           "months = 12\n"       // 3
                                           "households = 0\n");  // 4
        const InputError e = load_error(path);
        CHECK(e.where().line == 4);
        CHECK(e.key() == "simulation.households");
        CHECK_THAT(e.message(), Contains("out of range"));
    }
    SECTION("a choice that does not exist") {
        const std::string path = dir.write("choice.toml",
                                           "[prices.tin]\n"            // 1
                                           "process = \"random\"\n");  // 2
        const InputError e = load_error(path);
        CHECK(e.where().line == 2);
        CHECK(e.key() == "prices.tin.process");
        CHECK_THAT(e.message(), Contains("gbm_jump | log_ou | replay"));
    }
}

TEST_CASE("a missing extends file is reported at the extends line", "[scenario]") {
    TempDir dir("scenario_extends_missing");
    const std::string path = dir.write("child.toml",
                                       "name = \"child\"\n"            // 1
                                       "extends = \"missing.toml\"\n"  // 2
                                       "[simulation]\n"                // 3
                                       "months = 12\n");               // 4
    const InputError e = load_error(path);
    CHECK(e.where().file == path);
    CHECK(e.where().line == 2);
    CHECK(e.key() == "extends");
    CHECK_THAT(e.message(), Contains("missing.toml"));
    CHECK_THAT(e.message(), Contains("not found"));

    SECTION("the top file itself missing") {
        const InputError top = load_error(dir.file("nowhere.toml"));
        CHECK(top.where().file == dir.file("nowhere.toml"));
        CHECK_THAT(top.message(), Contains("not found"));
    }
    SECTION("extends that is not a string") {
        const std::string number = dir.write("number.toml",
                                             "\n"               // 1
                                             "extends = 3\n");  // 2
        const InputError n = load_error(number);
        CHECK(n.where().line == 2);
        CHECK(n.key() == "extends");
        CHECK_THAT(n.message(), Contains("string"));
    }
}

TEST_CASE("circular extends is reported", "[scenario]") {
    TempDir dir("scenario_circular");
    const std::string a = dir.write("a.toml",
                                    "extends = \"b.toml\"\n"  // 1
                                    "[simulation]\n"          // 2
                                    "months = 12\n");         // 3
    const std::string b = dir.write("b.toml",
                                    "# b goes back to a\n"    // 1
                                    "extends = \"a.toml\"\n"  // 2
                                    "[simulation]\n"          // 3
                                    "months = 24\n");         // 4
    const InputError e = load_error(a);
    CHECK_THAT(e.message(), Contains("circular"));
    CHECK(e.key() == "extends");
    CHECK(e.where().file == b);
    CHECK(e.where().line == 2);

    SECTION("a file that extends itself") {
        const std::string self = dir.write("self.toml", "extends = \"self.toml\"\n");
        const InputError s = load_error(self);
        CHECK_THAT(s.message(), Contains("circular"));
        CHECK(s.where().line == 1);
    }
}

TEST_CASE("malformed TOML is reported at the line of the syntax error", "[scenario]") {
    TempDir dir("scenario_malformed");
    const std::string path = dir.write("bad.toml",
                                       "name = \"bad\"\n"    // 1
                                       "[simulation]\n"      // 2
                                       "months = 12\n"       // 3
                                       "households = = 5\n"  // 4
                                       "sites = 3\n");       // 5
    const InputError e = load_error(path);
    CHECK(e.where().file == path);
    CHECK(e.where().line == 4);
    CHECK_THAT(e.message(), StartsWith("malformed TOML"));
    // The parser names no key; the loader reads it off the offending line and its table.
    CHECK(e.key() == "simulation.households");
    CHECK_THAT(e.message(), Contains("`households = = 5`"));

    SECTION("an unterminated string") {
        const std::string open = dir.write("open.toml",
                                           "[simulation]\n"       // 1
                                           "start = \"1999-01\n"  // 2
                                           "months = 12\n");      // 3
        const InputError o = load_error(open);
        CHECK(o.where().line == 2);
        CHECK_THAT(o.message(), StartsWith("malformed TOML"));
    }
    SECTION("a table defined twice") {
        const std::string twice = dir.write("twice.toml",
                                            "[simulation]\n"  // 1
                                            "months = 12\n"   // 2
                                            "[simulation]\n"  // 3
                                            "sites = 3\n");   // 4
        const InputError t = load_error(twice);
        CHECK(t.where().line == 3);
        CHECK_THAT(t.message(), StartsWith("malformed TOML"));
    }
}

TEST_CASE("bad --set arguments are reported with the argument's position", "[scenario]") {
    SECTION("unknown key") {
        const InputError e =
            load_error("", {"simulation.months=24", "prices.gold.drft_annual=0.1"});
        CHECK(e.where().file == "--set #2");
        CHECK(e.where().line == 0);
        CHECK(e.key() == "prices.gold.drft_annual");
        CHECK(e.message() == "unknown parameter");
        CHECK(e.hint() == "did you mean 'prices.gold.drift_annual'?");
    }
    SECTION("bad value") {
        const InputError e = load_error("", {"simulation.months=abc"});
        CHECK(e.where().file == "--set #1");
        CHECK(e.key() == "simulation.months");
        CHECK_THAT(e.message(), Contains("expected integer"));
    }
    SECTION("value out of range") {
        const InputError e = load_error("", {"traders.competition_margin=2"});
        CHECK(e.key() == "traders.competition_margin");
        CHECK_THAT(e.message(), Contains("out of range"));
    }
    SECTION("choice that does not exist") {
        const InputError e = load_error("", {"prices.gold.process=walk"});
        CHECK(e.key() == "prices.gold.process");
        CHECK_THAT(e.message(), Contains("walk"));
    }
    SECTION("missing '='") {
        const InputError e = load_error("", {"simulation.months"});
        CHECK(e.where().file == "--set #1");
        CHECK(e.message() == "expected key=value");
        CHECK(e.key() == "simulation.months");
    }
    SECTION("empty key") {
        const InputError e = load_error("", {"=12"});
        CHECK(e.message() == "expected key=value");
    }
}

TEST_CASE("extends chains apply base first and the child wins", "[scenario]") {
    TempDir dir("scenario_extends");
    const std::string base = dir.write("base/base.toml",
                                       "name = \"base\"\n"
                                       "description = \"the base\"\n"
                                       "[simulation]\n"
                                       "months = 24\n"
                                       "households = 500\n"
                                       "[prices.gold]\n"
                                       "drift_annual = 0.05\n");
    const std::string mid = dir.write("mid.toml",
                                      "name = \"mid\"\n"
                                      "extends = \"base/base.toml\"\n"
                                      "[simulation]\n"
                                      "months = 36\n");
    const std::string child = dir.write("child.toml",
                                        "extends = \"mid.toml\"\n"
                                        "[prices.gold]\n"
                                        "drift_annual = 0.07\n");
    const ResolvedScenario s = load_scenario(child, {}, model_schema());
    CHECK(s.params->integer("simulation.months") == 36);        // from mid
    CHECK(s.params->integer("simulation.households") == 500);   // from base
    CHECK(s.params->real("prices.gold.drift_annual") == 0.07);  // from child
    CHECK(s.params->integer("simulation.sites") == 20);         // default
    CHECK(s.name == "child");  // the child names none: its stem, not a base's name
    CHECK(s.description.empty());
    CHECK(s.path == child);
    REQUIRE(s.chain.size() == 3);
    CHECK(fs::equivalent(s.chain[0], base));
    CHECK(fs::equivalent(s.chain[1], mid));
    CHECK(fs::equivalent(s.chain[2], child));
    REQUIRE(s.origin.count("simulation.months") == 1);
    CHECK(fs::equivalent(s.origin.at("simulation.months").file, mid));
    CHECK(s.origin.at("simulation.months").line == 4);
    CHECK(s.origin.count("simulation.sites") == 0);

    SECTION("a name in the child file wins") {
        const std::string named = dir.write("named.toml",
                                            "name = \"my scenario\"\n"
                                            "description = \"mine\"\n"
                                            "extends = \"mid.toml\"\n");
        const ResolvedScenario n = load_scenario(named, {}, model_schema());
        CHECK(n.name == "my scenario");
        CHECK(n.description == "mine");
        CHECK(n.params->integer("simulation.months") == 36);
    }
    SECTION("--set overrides win over every file") {
        const ResolvedScenario o = load_scenario(
            child, {"simulation.months=48", "prices.gold.drift_annual = 0.01"}, model_schema());
        CHECK(o.params->integer("simulation.months") == 48);
        CHECK(o.params->real("prices.gold.drift_annual") == 0.01);
        CHECK(o.params->integer("simulation.households") == 500);
        REQUIRE(o.overrides.size() == 2);
        CHECK(o.overrides[0] == "simulation.months=48");
        CHECK(o.origin.at("simulation.months").file == "--set #1");
        CHECK(o.origin.at("prices.gold.drift_annual").file == "--set #2");
    }
}

TEST_CASE("set overrides take TOML values, and bare text for strings", "[scenario]") {
    const ResolvedScenario s =
        load_scenario("",
                      {"prices.gold.process=log_ou", "prices.tin.process=\"replay\"",
                       "simulation.start=2001-02", "prices.gold.volatility_annual=1",
                       "random.stream_group=my group", "simulation.households=250"},
                      model_schema());
    CHECK(s.name == "defaults");
    CHECK(s.params->text("prices.gold.process") == "log_ou");
    CHECK(s.params->text("prices.tin.process") == "replay");
    CHECK(s.params->text("simulation.start") == "2001-02");
    REQUIRE(std::holds_alternative<double>(s.params->get("prices.gold.volatility_annual")));
    CHECK(s.params->real("prices.gold.volatility_annual") == 1.0);
    CHECK(s.params->text("random.stream_group") == "my group");
    CHECK(s.params->integer("simulation.households") == 250);
}

TEST_CASE("a relative series_file is resolved against the folder of the file that sets it",
          "[scenario]") {
    TempDir dir("scenario_paths");
    dir.write("inputs/base.toml",
              "[prices.gold]\n"
              "process = \"replay\"\n"
              "series_file = \"data/gold.csv\"\n");
    const std::string child = dir.write("runs/child.toml",
                                        "extends = \"../inputs/base.toml\"\n"
                                        "[prices.tin]\n"
                                        "series_file = \"../tin.csv\"\n");
    const ResolvedScenario s = load_scenario(child, {}, model_schema());
    CHECK(s.params->text("prices.gold.series_file") == absolute(dir.file("inputs/data/gold.csv")));
    CHECK(s.params->text("prices.tin.series_file") == absolute(dir.file("tin.csv")));
    CHECK(fs::path(s.params->text("prices.gold.series_file")).is_absolute());
    CHECK(s.params->text("prices.cobalt.series_file").empty());

    SECTION("an absolute path is kept") {
        const std::string abs = absolute(dir.file("elsewhere/x.csv"));
        const std::string file =
            dir.write("abs.toml", "[prices.gold]\nseries_file = \"" + abs + "\"\n");
        const ResolvedScenario a = load_scenario(file, {}, model_schema());
        CHECK(a.params->text("prices.gold.series_file") == abs);
    }
}

TEST_CASE("to_toml writes a scenario that loads back to identical parameters", "[scenario]") {
    TempDir dir("scenario_roundtrip");
    dir.write("data/gold.csv", "Date,Price\n2000-01,280\n");
    const std::string path = dir.write("s.toml",
                                       "name = \"round \\\"trip\\\"\"\n"
                                       "description = \"every kind of value\"\n"
                                       "[simulation]\n"
                                       "months = 36\n"
                                       "start = \"2000-01\"\n"
                                       "[random]\n"
                                       "seed = 9007199254740992\n"
                                       "stream_group = \"g\"\n"
                                       "[prices.gold]\n"
                                       "process = \"replay\"\n"
                                       "series_file = \"data/gold.csv\"\n"
                                       "drift_annual = 0.1\n"
                                       "volatility_annual = 2\n"
                                       "initial_usd_per_g = 1e-6\n"
                                       "jump_mean_log = -0.123456789012345678\n"
                                       "[prices.cobalt]\n"
                                       "long_run_usd_per_g = 0.0333333333333333333\n"
                                       "shock_start_month = 5\n");
    const ResolvedScenario first =
        load_scenario(path, {"consumption.mpc=0.7000000000000001"}, model_schema());
    const std::string text = first.to_toml();
    const std::string copy = dir.write("copy/resolved.toml", text);
    const ResolvedScenario second = load_scenario(copy, {}, model_schema());

    CHECK(second.name == first.name);
    CHECK(second.description == first.description);
    const auto& specs = model_schema().all();
    for (std::size_t i = 0; i < specs.size(); ++i) {
        INFO("parameter " << specs[i].name << " = " << asmsim::to_toml_literal(first.params->at(i))
                          << " then " << asmsim::to_toml_literal(second.params->at(i)));
        CHECK(first.params->at(i).index() == second.params->at(i).index());
        CHECK(first.params->at(i) == second.params->at(i));
    }
    // The values set above did arrive (so the comparison is not between two default sets).
    CHECK(second.params->real("prices.gold.drift_annual") == 0.1);
    CHECK(second.params->integer("random.seed") == 9007199254740992);
    CHECK(second.params->real("consumption.mpc") == 0.7000000000000001);
    CHECK(second.params->text("prices.gold.series_file") == absolute(dir.file("data/gold.csv")));
    // Writing again gives the same text.
    CHECK(second.to_toml() == text);
}

TEST_CASE("errors found after loading point at the line that set the key", "[scenario]") {
    TempDir dir("scenario_located");
    const std::string csv =
        std::string(ASMSIM_SOURCE_DIR) + "/scenarios/data/gold-monthly-usd-per-ozt.csv";
    const std::string path = dir.write("late.toml",
                                       "[simulation]\n"          // 1
                                       "months = 12\n"           // 2
                                       "[prices.gold]\n"         // 3
                                       "process = \"replay\"\n"  // 4
                                       "series_file = \"" +
                                           csv +
                                           "\"\n"                            // 5
                                           "series_start = \"2099-01\"\n");  // 6
    try {
        asmsim::prepare_scenario(path, {});
        FAIL("expected an InputError");
    } catch (const InputError& e) {
        CHECK(e.key() == "prices.gold.series_start");
        CHECK(e.where().file == path);
        CHECK(e.where().line == 6);
        CHECK_THAT(e.message(), Contains("2099-01"));
    }
}
