#pragma once
// MPI for sweeps and calibrations. When asmsim is built with MPI (CMake found it) and started by mpirun, the ranks
// share a sweep's points or a calibration's proposals; otherwise this is one process of rank 0 of 1. MPI is initialised only
// under mpirun (detected from its environment), so a plain `asmsim sweep` never needs it.

#include <string>
#include <vector>

namespace asmsim {

class MpiSession {
public:
    MpiSession();  // initialises MPI when built with it and launched by mpirun
    ~MpiSession();  // finalises
    MpiSession(const MpiSession&) = delete;
    MpiSession& operator=(const MpiSession&) = delete;

    int rank() const { return rank_; }
    int size() const { return size_; }
    void barrier() const;
    // Every rank's `mine`, concatenated in rank order, on every rank (MPI_Allgatherv); `mine`
    // itself in a single process. A calibration exchanges each batch's outcomes with it.
    std::vector<double> all_gather(const std::vector<double>& mine) const;
    [[noreturn]] void abort(int exit_code) const;  // stops every rank

    static bool built_with_mpi();

private:
    bool active_ = false;
    int rank_ = 0, size_ = 1;
};

}  // namespace asmsim
