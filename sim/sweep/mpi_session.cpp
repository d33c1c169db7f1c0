#include "sweep/mpi_session.hpp"

#include <cstdlib>
#include <limits>
#include <stdexcept>

#ifdef ASMSIM_HAVE_MPI
// The C API only: the deprecated C++ bindings would need libmpi_cxx.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace asmsim {

namespace {
[[maybe_unused]] bool launched_by_mpirun() {
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"})
        if (std::getenv(name)) return true;
    return false;
}
}  // namespace

bool MpiSession::built_with_mpi() {
#ifdef ASMSIM_HAVE_MPI
    return true;
#else
    return false;
#endif
}

MpiSession::MpiSession() {
#ifndef ASMSIM_HAVE_MPI
    // Without MPI, K copies started by mpirun would each run the whole sweep into the same files.
    const char* size = std::getenv("OMPI_COMM_WORLD_SIZE");
    if (!size) size = std::getenv("PMI_SIZE");
    if (size && std::atoi(size) > 1)
        throw std::runtime_error("this asmsim was built without MPI (CMake found none): run it without mpirun, "
                                 "or use --shard i/n and 'asmsim merge'");
#else
    if (!launched_by_mpirun()) return;
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);  // only the main thread calls MPI
    active_ = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
#endif
}

MpiSession::~MpiSession() {
#ifdef ASMSIM_HAVE_MPI
    if (active_) MPI_Finalize();
#endif
}

void MpiSession::barrier() const {
#ifdef ASMSIM_HAVE_MPI
    if (active_) MPI_Barrier(MPI_COMM_WORLD);
#endif
}

std::vector<double> MpiSession::all_gather(const std::vector<double>& mine) const {
#ifdef ASMSIM_HAVE_MPI
    if (active_ && size_ > 1) {
        if (mine.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
            throw std::runtime_error("MPI exchange of more than 2^31 numbers from one rank");
        const int count = static_cast<int>(mine.size());
        std::vector<int> counts(static_cast<std::size_t>(size_)), offsets(static_cast<std::size_t>(size_), 0);
        MPI_Allgather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
        long long total = 0;
        for (int r = 0; r < size_; ++r) {
            offsets[static_cast<std::size_t>(r)] = static_cast<int>(total);
            total += counts[static_cast<std::size_t>(r)];
        }
        if (total > std::numeric_limits<int>::max()) throw std::runtime_error("MPI exchange of more than 2^31 numbers");
        std::vector<double> all(static_cast<std::size_t>(total));
        MPI_Allgatherv(mine.data(), count, MPI_DOUBLE, all.data(), counts.data(), offsets.data(), MPI_DOUBLE, MPI_COMM_WORLD);
        return all;
    }
#endif
    return mine;
}

void MpiSession::abort(int exit_code) const {
#ifdef ASMSIM_HAVE_MPI
    if (active_) MPI_Abort(MPI_COMM_WORLD, exit_code);
#endif
    std::exit(exit_code);
}

}  // namespace asmsim
