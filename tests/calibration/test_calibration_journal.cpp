// The calibration journal: outcomes read back bit for bit; a torn last record is dropped and cut
// off; a journal of another calibration is refused naming what differs; a calibration stopped
// part-way and resumed from its journal gives the uninterrupted result without rerunning what the
// journal holds. And ranks: two ranks (threads here, exchanging as MPI_Allgatherv would) that
// share the proposals give the single process's result.
#include <catch2/catch.hpp>

#include <atomic>
#include <barrier>
#include <thread>
#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "calibration/calibration_journal.hpp"
#include "core/input_error.hpp"
#include "../support/test_support.hpp"

using namespace asmsim;

namespace {

CalibrationIdentity identity(const std::string& budget = "300") {
    return {{"seed", "11"}, {"budget", budget}, {"calibration file (text)", "name = \"x\"\nparticles = 50\n"}};
}

AbcOutcome outcome(std::int64_t s, int generation, std::int64_t k, double base, bool failed = false) {
    AbcOutcome o;
    o.simulation = s;
    o.generation = generation;
    o.proposal = k;
    o.theta = {base, -base / 3};
    o.simulated = failed ? std::vector<double>{std::nan(""), std::nan("")} : std::vector<double>{base * 0.1, 1.0 / 3 + base};
    o.failed = failed;
    return o;
}

// A normal mean with known variance: one parameter, one target, a cheap noisy "simulation".
AbcProblem normal_mean_problem(std::atomic<int>& calls) {
    AbcProblem p;
    Prior uniform;
    uniform.lower = -5.0;
    uniform.upper = 5.0;
    p.priors.push_back(uniform);
    p.observed = {1.0};
    p.uncertainty = {0.5};
    p.simulate = [&calls](const std::vector<double>& theta, int generation, std::int64_t k) {
        ++calls;
        const double noise = std::sin(1e3 * static_cast<double>(k) + 17.0 * generation);  // deterministic in (t, k)
        return std::vector<double>{theta[0] + 0.3 * noise};
    };
    return p;
}

AbcSettings small_settings() {
    AbcSettings s;
    s.particles = 50;
    s.budget = 300;
    s.max_generations = 6;
    return s;
}

void require_same(const AbcResult& a, const AbcResult& b) {
    REQUIRE(a.generations.size() == b.generations.size());
    CHECK(a.simulations == b.simulations);
    CHECK(a.stop_reason == b.stop_reason);
    for (std::size_t g = 0; g < a.generations.size(); ++g) {
        CHECK(a.generations[g].theta == b.generations[g].theta);
        CHECK(a.generations[g].weights == b.generations[g].weights);
        CHECK(a.generations[g].distances == b.generations[g].distances);
        CHECK(a.generations[g].simulations == b.generations[g].simulations);
    }
}

}  // namespace

TEST_CASE("Calibration journal records read back bit for bit, failures included", "[calibration][journal]") {
    testing::TempDir dir("cal_journal");
    const std::string path = dir.file("out.h5.journal");
    {
        CalibrationJournal j({}, identity(), 300);
        j.open(path);
        j.record(outcome(0, 0, 0, 0.25));
        j.record(outcome(7, 1, 3, 1.0 / 7, true));
    }
    CalibrationJournal j({path}, identity(), 300);
    CHECK(j.recorded() == 2);
    AbcOutcome o = outcome(7, 1, 3, 1.0 / 7);
    o.simulated.clear();
    o.failed = false;
    REQUIRE(j.recall(o));
    CHECK(o.failed);
    CHECK(std::isnan(o.simulated[0]));
    AbcOutcome first = outcome(0, 0, 0, 0.25);
    first.simulated.clear();
    REQUIRE(j.recall(first));
    CHECK(first.simulated == outcome(0, 0, 0, 0.25).simulated);
    CHECK_FALSE(first.failed);
    AbcOutcome missing = outcome(1, 0, 1, 0.5);
    CHECK_FALSE(j.recall(missing));
    // A record whose proposal differs from what this run proposes is not silently used.
    AbcOutcome other = outcome(0, 0, 0, 0.26);
    CHECK_THROWS_WITH(j.recall(other), Catch::Contains("simulation 0 was recorded for another proposal"));
}

TEST_CASE("A torn last calibration record is dropped and cut off before appending", "[calibration][journal]") {
    testing::TempDir dir("cal_journal_torn");
    const std::string path = dir.file("out.h5.journal");
    {
        CalibrationJournal j({}, identity(), 300);
        j.open(path);
        for (int s = 0; s < 3; ++s) j.record(outcome(s, 0, s, s + 0.5));
    }
    // kill -9 in the middle of the third record's write: only part of it reached the file.
    std::filesystem::resize_file(path, std::filesystem::file_size(path) - 9);
    {
        CalibrationJournal j({path}, identity(), 300);
        CHECK(j.recorded() == 2);
        AbcOutcome third = outcome(2, 0, 2, 2.5);
        CHECK_FALSE(j.recall(third));
        j.open(path);  // cuts the torn record off, then appends after the last whole one
        j.record(outcome(2, 0, 2, 2.5));
    }
    CalibrationJournal j({path}, identity(), 300);
    CHECK(j.recorded() == 3);
    AbcOutcome third = outcome(2, 0, 2, 2.5);
    third.simulated.clear();
    REQUIRE(j.recall(third));
    CHECK(third.simulated == outcome(2, 0, 2, 2.5).simulated);
}

TEST_CASE("A journal of another calibration is refused, naming what differs", "[calibration][journal]") {
    testing::TempDir dir("cal_journal_mismatch");
    const std::string path = dir.file("out.h5.journal");
    {
        CalibrationJournal j({}, identity(), 300);
        j.open(path);
        j.record(outcome(0, 0, 0, 0.25));
    }
    try {
        CalibrationJournal j({path}, identity("400"), 400);
        FAIL("a journal of another budget was accepted");
    } catch (const InputError& e) {
        CHECK_THAT(e.what(), Catch::Contains(path) && Catch::Contains("budget (journal 300, now 400)"));
    }
    CalibrationIdentity changed = identity();
    changed[2].second += "# edited\n";
    CHECK_THROWS_WITH(CalibrationJournal({path}, changed, 300), Catch::Contains("calibration file (text)"));
    CHECK_NOTHROW(CalibrationJournal({path}, identity(), 300));
    // A sweep journal beside the output is not taken for a calibration's.
    const std::string sweep = dir.file("sweep.journal");
    { JournalWriter w(sweep, 12345); }
    CHECK_THROWS_AS(CalibrationJournal({sweep}, identity(), 300), InputError);
}

TEST_CASE("A calibration stopped part-way resumes from its journal to the uninterrupted result", "[calibration][journal]") {
    testing::TempDir dir("cal_journal_resume");
    std::atomic<int> calls{0};
    const AbcProblem problem = normal_mean_problem(calls);
    const AbcSettings settings = small_settings();
    AbcExecution plain;
    plain.threads = 2;
    const AbcResult whole = run_abc_smc(problem, settings, 42, plain);
    REQUIRE(whole.generations.size() >= 2);
    const int whole_calls = calls.exchange(0);

    // The first run stops (as kill -9 would) after 130 journaled simulations, in generation 1 or later.
    const std::string path = dir.file("out.h5.journal");
    {
        CalibrationJournal j({}, identity(), settings.budget);
        j.open(path);
        AbcExecution x;
        x.threads = 2;
        int records = 0;
        x.record = [&](const AbcOutcome& o) {
            if (records == 130) throw std::runtime_error("killed");
            j.record(o);
            ++records;
        };
        CHECK_THROWS_WITH(run_abc_smc(problem, settings, 42, x), "killed");
    }
    calls = 0;
    CalibrationJournal j({path}, identity(), settings.budget);
    CHECK(j.recorded() == 130);
    j.open(path);
    AbcExecution x;
    x.threads = 3;
    x.recall = [&](AbcOutcome& o) { return j.recall(o); };
    x.record = [&](const AbcOutcome& o) { j.record(o); };
    const AbcResult resumed = run_abc_smc(problem, settings, 42, x);
    require_same(whole, resumed);
    CHECK(calls == whole_calls - 130);  // what the journal held was not run again
}

TEST_CASE("Two ranks sharing the proposals give the single process's calibration", "[calibration][journal]") {
    std::atomic<int> calls{0};
    const AbcProblem problem = normal_mean_problem(calls);
    const AbcSettings settings = small_settings();
    const AbcResult single = run_abc_smc(problem, settings, 42, 1);
    const int single_calls = calls.exchange(0);

    // Two "ranks" on two threads; all_gather concatenates their parts in rank order, as MPI would.
    std::barrier sync(2);
    std::vector<double> parts[2];
    AbcResult results[2];
    int rank_calls[2] = {0, 0};
    bool wrong_rank[2] = {false, false};  // Catch's assertions are checked on the test's thread
    auto rank = [&](int r) {
        AbcExecution x;
        x.rank = r;
        x.ranks = 2;
        x.all_gather = [&, r](const std::vector<double>& mine) {
            parts[r] = mine;
            sync.arrive_and_wait();
            std::vector<double> all = parts[0];
            all.insert(all.end(), parts[1].begin(), parts[1].end());
            sync.arrive_and_wait();  // both have read before the next batch writes
            return all;
        };
        x.record = [&, r](const AbcOutcome& o) {
            wrong_rank[r] = wrong_rank[r] || o.proposal % 2 != r;  // proposal k runs on rank k mod 2
            ++rank_calls[r];
        };
        results[r] = run_abc_smc(problem, settings, 42, x);
    };
    std::thread other(rank, 1);
    rank(0);
    other.join();
    require_same(single, results[0]);
    require_same(single, results[1]);
    CHECK(calls == single_calls);  // each simulation ran once, on one rank
    CHECK_FALSE(wrong_rank[0]);
    CHECK_FALSE(wrong_rank[1]);
    CHECK(rank_calls[0] > 0);
    CHECK(rank_calls[1] > 0);
}
