// Calibration files and targets files: what they hold, and errors that name file, line and key.
#include <catch2/catch.hpp>

#include <string>

#include "calibration/calibration_spec.hpp"
#include "calibration/target_model.hpp"
#include "../support/test_support.hpp"

using namespace asmsim;
using asmsim::testing::TempDir;
using Catch::Matchers::Contains;

namespace {

const std::string header = "name,output,group,months,aggregation,observed,uncertainty,source\n";

InputError targets_error(const std::string& text) {
    try {
        load_targets("t.csv", text);
    } catch (const InputError& e) {
        return e;
    }
    FAIL("expected an InputError");
    throw std::logic_error("unreachable");
}

std::string config(const std::string& parameters, const std::string& targets_file = "targets.csv") {
    return "name = \"t\"\ntargets = \"" + targets_file + "\"\n[model]\nscenario = \"" + std::string(ASMSIM_SOURCE_DIR) +
           "/scenarios/baseline.toml\"\nset = [\"simulation.households=20\", \"simulation.months=12\"]\n" + parameters;
}

InputError calibration_error(const TempDir& dir, const std::string& text) {
    const std::string path = dir.write("c.toml", text);
    try {
        const CalibrationSpec spec = load_calibration(path);
        const TargetModel model(spec);
    } catch (const InputError& e) {
        return e;
    }
    FAIL("expected an InputError");
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("Targets files: comments, quoting and every kind of months", "[calibration][targets]") {
    const auto targets = load_targets("t.csv", "# a comment\n" + header +
                                                   "a,formal_share,,last:12,mean,0.15,0.05,\"Delve 2020, p. 3\"\n"
                                                   "b,n_workers_by_role,digger,0:11,sum,10,2,x\n"
                                                   "\n"
                                                   "c,n_miners,,5,max,1e2,1.5,\"say \"\"hi\"\"\"\r\n"
                                                   "d,n_miners,,all,min,1,1,\n");
    REQUIRE(targets.size() == 4);
    CHECK(targets[0].source == "Delve 2020, p. 3");
    CHECK(targets[0].last_n == 12);
    CHECK(targets[0].where.line == 3);
    CHECK(targets[1].group == "digger");
    CHECK(targets[1].first_month == 0);
    CHECK(targets[1].last_month == 11);
    CHECK(targets[1].aggregation == Aggregation::sum);
    CHECK(targets[2].first_month == 5);
    CHECK(targets[2].last_month == 5);
    CHECK(targets[2].observed == 100.0);
    CHECK(targets[2].source == "say \"hi\"");
    CHECK(targets[3].last_month == -1);
}

TEST_CASE("Targets files: malformed lines name the line, column and key", "[calibration][targets]") {
    {
        const InputError e = targets_error(header + "a,formal_share,,all,mean,0.15\n");
        CHECK(e.where().file == "t.csv");
        CHECK(e.where().line == 2);
        CHECK_THAT(e.message(), Contains("expected 8 fields") && Contains("found 6"));
    }
    {
        const InputError e = targets_error(header + "a,formal_share,,all,mean,0.15,abc,x\n");
        CHECK(e.where().line == 2);
        CHECK(e.key() == "uncertainty");
        CHECK(e.where().column == 31);
    }
    {
        const InputError e = targets_error(header + "a,formal_share,,all,mean,0.15,0,x\n");
        CHECK(e.key() == "uncertainty");
    }
    {
        const InputError e = targets_error(header + "a,formal_share,,last:x,mean,0.15,1,x\n");
        CHECK(e.key() == "months");
        CHECK_THAT(e.hint(), Contains("last:N"));
    }
    {
        const InputError e = targets_error(header + "a,formal_share,,all,median,0.15,1,x\n");
        CHECK(e.key() == "aggregation");
    }
    {
        const InputError e = targets_error(header + "a,formal_share,,all,mean,0.15,1,\"open\n");
        CHECK(e.where().line == 2);
        CHECK_THAT(e.message(), Contains("quoted field"));
    }
    {
        const InputError e = targets_error(header + "a,formal_share,,all,mean,1,1,x\na,n_miners,,all,mean,1,1,x\n");
        CHECK(e.where().line == 3);
        CHECK(e.key() == "name");
    }
    {
        const InputError e = targets_error("name,output\n");
        CHECK(e.key() == "header");
        CHECK(e.where().line == 1);
    }
}

TEST_CASE("Calibration files: parameters, priors and targets checked with file, line and key", "[calibration][config]") {
    TempDir dir("calibration_spec");
    dir.write("targets.csv", header + "f,formal_share,,last:6,mean,0.1,0.05,x\n" + "roles,n_workers_by_role,digger,all,mean,5,1,x\n");
    SECTION("a good file") {
        const std::string path = dir.write("c.toml", config("[[parameters]]\nname = \"production.digger_share\"\nprior = \"beta\"\n"
                                                            "alpha = 2\nbeta = 3\nmin = 0.1\nmax = 0.9\n"));
        const CalibrationSpec spec = load_calibration(path, {"simulation.sites=3"});
        REQUIRE(spec.parameters.size() == 1);
        CHECK(spec.parameters[0].prior.kind == PriorKind::beta);
        CHECK(spec.targets.size() == 2);
        CHECK(spec.fixed_sets.back() == "simulation.sites=3");
        CHECK_THAT(spec.targets_csv, Contains("n_workers_by_role"));
        const TargetModel model(spec);
        CHECK(model.target_units().size() == 2);
        const auto values = model.run({0.4}, 0, 0);
        CHECK(values.size() == 2);
        CHECK(values == model.run({0.4}, 0, 0));  // a pure function of (theta, generation, proposal)
    }
    SECTION("an unknown parameter") {
        const InputError e = calibration_error(dir, config("[[parameters]]\nname = \"production.diger_share\"\nprior = \"uniform\"\nmin = 0\nmax = 1\n"));
        CHECK(e.where().line == 7);
        CHECK(e.key() == "production.diger_share");
        CHECK(e.message() == "not a model parameter");
        CHECK(e.hint() == "did you mean 'production.digger_share'?");
    }
    SECTION("inverted bounds") {
        const InputError e = calibration_error(dir, config("[[parameters]]\nname = \"production.digger_share\"\nprior = \"uniform\"\nmin = 0.9\nmax = 0.1\n"));
        CHECK(e.where().line == 10);
        CHECK(e.key() == "production.digger_share.max");
        CHECK_THAT(e.message(), Contains("must be greater than min"));
    }
    SECTION("bounds outside the valid range") {
        const InputError e = calibration_error(dir, config("[[parameters]]\nname = \"production.digger_share\"\nprior = \"uniform\"\nmin = 0\nmax = 2\n"));
        CHECK(e.key() == "production.digger_share.min");
        CHECK_THAT(e.message(), Contains("valid range"));
    }
    SECTION("a shape key of another prior") {
        const InputError e = calibration_error(dir, config("[[parameters]]\nname = \"production.digger_share\"\nprior = \"normal\"\nalpha = 2\nmin = 0\nmax = 1\n"));
        CHECK(e.where().line == 9);
        CHECK(e.key() == "production.digger_share.alpha");
    }
    SECTION("a target naming an output that does not exist") {
        dir.write("bad.csv", header + "f,formal_share,,all,mean,0.1,0.05,x\n" + "g,formal_shar,,all,mean,0.1,0.05,x\n");
        const InputError e = calibration_error(dir, config("[[parameters]]\nname = \"production.digger_share\"\nprior = \"uniform\"\nmin = 0\nmax = 1\n", "bad.csv"));
        CHECK_THAT(e.where().file, Contains("bad.csv"));
        CHECK(e.where().line == 3);
        CHECK(e.where().column == 3);
        CHECK(e.key() == "output");
        CHECK(e.hint() == "did you mean 'formal_share'? ('asmsim outputs' lists them)");
    }
    SECTION("a grouped output without its label, and months past the end") {
        dir.write("g.csv", header + "r,n_workers_by_role,,all,mean,5,1,x\n");
        const InputError e = calibration_error(dir, config("[[parameters]]\nname = \"production.digger_share\"\nprior = \"uniform\"\nmin = 0\nmax = 1\n", "g.csv"));
        CHECK(e.key() == "group");
        CHECK(e.where().line == 2);
        dir.write("m.csv", header + "r,n_miners,,6:12,mean,5,1,x\n");
        const InputError m = calibration_error(dir, config("[[parameters]]\nname = \"production.digger_share\"\nprior = \"uniform\"\nmin = 0\nmax = 1\n", "m.csv"));
        CHECK(m.key() == "months");
        CHECK_THAT(m.message(), Contains("past the end"));
    }
    SECTION("a missing targets file") {
        const InputError e = calibration_error(dir, config("[[parameters]]\nname = \"production.digger_share\"\nprior = \"uniform\"\nmin = 0\nmax = 1\n", "nope.csv"));
        CHECK(e.key() == "targets");
        CHECK(e.where().line == 2);
    }
}
