#pragma once
// The journal of a calibration, so that `asmsim calibrate --resume` continues a calibration that
// was killed (even by kill -9) and writes the file an uninterrupted run would have written.
// It reuses the sweep's journal files (sim/sweep/journal.hpp: OUT.h5.journal, or
// OUT.h5.journal.<rank> per MPI rank; checksummed records, a torn last record dropped): record 0
// holds the calibration's identity (version, commit, seed, settings, the texts of the calibration,
// targets and scenario files), record s + 1 the outcome of simulation s (generation, proposal,
// parameters and simulated targets). On resume every rank reads every journal and replays the
// recorded outcomes in place of their simulations; ABC-SMC is deterministic given them.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "calibration/abc_smc.hpp"
#include "sweep/journal.hpp"

namespace asmsim {

struct CalibrationSpec;

// What must be the same for a journal to be replayed: (name, value) pairs, compared one by one.
using CalibrationIdentity = std::vector<std::pair<std::string, std::string>>;
CalibrationIdentity calibration_identity(const CalibrationSpec& spec, std::uint64_t seed, const std::string& scenario_toml);

// The most simulations a journal numbers (its record numbers are 32-bit).
constexpr std::int64_t max_journaled_simulations = 2'000'000'000;

class CalibrationJournal {
public:
    // Reads the journals `paths` (existing_journals of the output). Throws InputError naming the
    // journal and the items of the identity that differ, or when a file is not a calibration journal.
    CalibrationJournal(const std::vector<std::string>& paths, const CalibrationIdentity& identity, std::int64_t budget);
    // Opens `own` for appending (cutting off a torn last record), after every process has read the journals.
    void open(const std::string& own);

    // The outcome of simulation o.simulation when a journal holds it (checked against o's
    // generation, proposal and parameters: a record that disagrees throws); thread-safe.
    bool recall(AbcOutcome& o) const;
    void record(const AbcOutcome& o);  // appends (callers serialise)
    void sync() { writer_->sync(); }
    std::int64_t recorded() const { return recorded_; }  // simulations the journals held when opened

    // Identity records, for tests.
    static PointResult identity_record(const CalibrationIdentity& identity);
    static CalibrationIdentity read_identity(const PointResult& record);

private:
    std::vector<std::string> paths_;
    std::vector<JournalIndex> indexes_;  // one per journal file
    std::unique_ptr<JournalWriter> writer_;
    CalibrationIdentity identity_;
    std::vector<std::int64_t> valid_bytes_;  // per journal file: the end of its last whole record
    mutable std::mutex read_mutex_;
    std::int64_t recorded_ = 0;
};

}  // namespace asmsim
