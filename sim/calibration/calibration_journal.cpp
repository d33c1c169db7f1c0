#include "calibration/calibration_journal.hpp"

#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "calibration/calibration_spec.hpp"
#include "core/input_error.hpp"
#include "core/random_streams.hpp"
#include "core/version.hpp"

namespace asmsim {

namespace {

// Every calibration journal carries the same fingerprint (it tells them from sweep journals);
// what makes a journal fit a run is its identity record, compared item by item.
std::uint64_t calibration_journal_fingerprint() { return stable_hash("asmsim calibration journal 1"); }

std::string number(double x) {
    char text[40];
    std::snprintf(text, sizeof text, "%.17g", x);
    return text;
}

}  // namespace

CalibrationIdentity calibration_identity(const CalibrationSpec& spec, std::uint64_t seed, const std::string& scenario_toml) {
    const AbcSettings& a = spec.abc;
    return {{"asmsim version", asmsim_version()},
            {"git commit", asmsim_git_commit()},
            {"seed", std::to_string(seed)},
            {"method", spec.method},
            {"particles", std::to_string(a.particles)},
            {"budget", std::to_string(a.budget)},
            {"quantile", number(a.quantile)},
            {"min_tolerance", number(a.min_tolerance)},
            {"min_acceptance", number(a.min_acceptance)},
            {"max_generations", std::to_string(a.max_generations)},
            {"calibration file (text)", spec.toml},
            {"targets file (text)", spec.targets_csv},
            {"base scenario with its overrides (resolved)", scenario_toml}};
}

PointResult CalibrationJournal::identity_record(const CalibrationIdentity& identity) {
    PointResult r;
    r.point = 0;
    for (const auto& [name, value] : identity) {
        r.error += name;
        r.error.push_back('\0');
        r.error += value;
        r.error.push_back('\0');
    }
    return r;
}

CalibrationIdentity CalibrationJournal::read_identity(const PointResult& record) {
    CalibrationIdentity identity;
    const std::string& text = record.error;
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t name_end = text.find('\0', at);
        const std::size_t value_end = name_end == std::string::npos ? std::string::npos : text.find('\0', name_end + 1);
        if (value_end == std::string::npos) break;
        identity.emplace_back(text.substr(at, name_end - at), text.substr(name_end + 1, value_end - name_end - 1));
        at = value_end + 1;
    }
    return identity;
}

namespace {

// "budget (journal 400, now 500), targets file (text)": the items that differ.
std::string differences(const CalibrationIdentity& journal, const CalibrationIdentity& now) {
    std::string out;
    auto add = [&](const std::string& item) { out += (out.empty() ? "" : ", ") + item; };
    for (const auto& [name, value] : now) {
        const std::string* stored = nullptr;
        for (const auto& [n, v] : journal)
            if (n == name) stored = &v;
        if (!stored) add(name + " (not in the journal)");
        else if (*stored != value) {
            const bool short_values = stored->size() <= 40 && value.size() <= 40 && stored->find('\n') == std::string::npos &&
                                      value.find('\n') == std::string::npos;
            add(short_values ? name + " (journal " + *stored + ", now " + value + ")" : name);
        }
    }
    return out;
}

}  // namespace

CalibrationJournal::CalibrationJournal(const std::vector<std::string>& paths, const CalibrationIdentity& identity,
                                       std::int64_t budget)
    : identity_(identity) {
    const std::uint64_t fingerprint = calibration_journal_fingerprint();
    const int records = static_cast<int>(budget + 1);
    for (const auto& path : paths) {
        JournalIndex index(records);
        std::int64_t valid = 0;
        try {
            valid = index.add(path, fingerprint);
        } catch (const std::runtime_error& e) {
            throw InputError({path, 0, 0}, "", "not the journal of a calibration (" + std::string(e.what()) + ")",
                             "delete it, or choose another -o");
        }
        if (index.has(0)) {
            const std::string diff = differences(read_identity(index.read(0)), identity);
            if (!diff.empty())
                throw InputError({path, 0, 0}, "", "the journal was written by a different calibration; what differs: " + diff,
                                 "resume with the same calibration file, targets, --set, --budget and asmsim build, "
                                 "or delete the journal to start again");
        }
        paths_.push_back(path);
        valid_bytes_.push_back(valid);
        indexes_.push_back(std::move(index));
    }
    for (int s = 1; s < records; ++s)
        for (const auto& index : indexes_)
            if (index.has(s)) {
                ++recorded_;
                break;
            }
}

void CalibrationJournal::open(const std::string& own) {
    std::int64_t own_valid = -1;
    bool own_has_identity = false;
    for (std::size_t f = 0; f < paths_.size(); ++f)
        if (paths_[f] == own) {
            own_valid = valid_bytes_[f];
            own_has_identity = indexes_[f].has(0);
        }
    writer_ = std::make_unique<JournalWriter>(own, calibration_journal_fingerprint(), own_valid);
    if (!own_has_identity) writer_->append(identity_record(identity_));
}

bool CalibrationJournal::recall(AbcOutcome& o) const {
    const int point = static_cast<int>(o.simulation + 1);
    std::lock_guard<std::mutex> lock(read_mutex_);
    for (std::size_t f = 0; f < indexes_.size(); ++f) {
        if (!indexes_[f].has(point)) continue;
        const PointResult r = indexes_[f].read(point);
        const std::size_t d = o.theta.size();
        const bool same = r.statistics.size() == 2 + d && r.statistics[0] == o.generation &&
                          r.statistics[1] == static_cast<double>(o.proposal) &&
                          std::memcmp(r.statistics.data() + 2, o.theta.data(), d * sizeof(double)) == 0;
        if (!same)
            throw std::runtime_error(paths_[f] + ": simulation " + std::to_string(o.simulation) +
                                     " was recorded for another proposal than this run makes (generation " + std::to_string(o.generation) +
                                     ", proposal " + std::to_string(o.proposal) +
                                     "); the journal comes from another build or machine: delete it to start again");
        o.simulated = r.series;
        o.failed = !r.ok();
        return true;
    }
    return false;
}

void CalibrationJournal::record(const AbcOutcome& o) {
    PointResult r;
    r.point = static_cast<int>(o.simulation + 1);
    if (o.failed) r.error = "failed";
    r.statistics.reserve(2 + o.theta.size());
    r.statistics.push_back(o.generation);
    r.statistics.push_back(static_cast<double>(o.proposal));
    r.statistics.insert(r.statistics.end(), o.theta.begin(), o.theta.end());
    r.series = o.simulated;
    writer_->append(r);
}

}  // namespace asmsim
