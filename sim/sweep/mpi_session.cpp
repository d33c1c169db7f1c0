#include "sweep/mpi_session.hpp"

#include <cstdlib>
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

void MpiSession::abort(int exit_code) const {
#ifdef ASMSIM_HAVE_MPI
    if (active_) MPI_Abort(MPI_COMM_WORLD, exit_code);
#endif
    std::exit(exit_code);
}

}  // namespace asmsim
