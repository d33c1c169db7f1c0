#pragma once
// The journal of a sweep: an append-only file beside the output (OUT.h5.journal, or
// OUT.h5.journal.<rank> under MPI) with one checksummed record per finished point, written with
// one write() as the point finishes. A process killed at any moment (kill -9) leaves whole
// records followed by at most one partial record, which readers ignore and --resume cuts off.
// The final HDF5 file is assembled from the journals, point by point. Calibrations keep their
// journals in the same format, one record per simulation (sim/calibration/calibration_journal.hpp).
//
// File: 8-byte magic "ASMSWJ01", 8-byte sweep fingerprint; then records:
//   u32 marker 0x44524352, u32 point, u32 error bytes, u32 statistics, u32 series values,
//   error text, statistics (f64), series (f64), u64 FNV-1a checksum of everything after the marker.
// Native byte order: a journal is read back on the machine (or cluster) that wrote it.

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "sweep/point_model.hpp"

namespace asmsim {

class JournalWriter {
public:
    // Opens `path` for appending (creating it with a header when absent). An existing file is
    // first cut to `valid_bytes` (the end of its last whole record, from JournalIndex).
    JournalWriter(const std::string& path, std::uint64_t fingerprint, std::int64_t valid_bytes = -1);
    ~JournalWriter();
    JournalWriter(const JournalWriter&) = delete;
    JournalWriter& operator=(const JournalWriter&) = delete;

    void append(const PointResult& result);  // not thread-safe: callers serialise
    void sync();                             // fdatasync: records survive a power cut too
    const std::string& path() const { return path_; }

private:
    std::string path_;
    int fd_ = -1;
};

// Where each point's record is, over one or more journals of the same sweep.
class JournalIndex {
public:
    explicit JournalIndex(int points)
        : file_(static_cast<std::size_t>(points), -1), offset_(static_cast<std::size_t>(points), 0), bytes_(static_cast<std::size_t>(points), 0) {}

    // Reads a journal; returns the end of its last whole record. Throws std::runtime_error when
    // the file belongs to another sweep (fingerprint) or is not a journal.
    std::int64_t add(const std::string& path, std::uint64_t fingerprint);

    bool has(int point) const { return file_[static_cast<std::size_t>(point)] >= 0; }
    int count() const;
    // Reads one point's record back (not thread-safe).
    PointResult read(int point) const;

private:
    std::vector<std::string> paths_;
    mutable std::vector<std::unique_ptr<std::ifstream>> streams_;  // opened on first read
    std::vector<int> file_;
    std::vector<std::int64_t> offset_;
    std::vector<std::size_t> bytes_;  // the checked record's size, which read() holds the file to
};

// The journals of an output: "OUT.journal" and "OUT.journal.<rank>" that exist now.
std::vector<std::string> existing_journals(const std::string& output_path);
std::string journal_path(const std::string& output_path, int rank, int ranks);

}  // namespace asmsim
