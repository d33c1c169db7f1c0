#include "sweep/mpi_session.hpp"

#include <cstdlib>

#ifdef ASMSIM_HAVE_MPI
// The C API only: the deprecated C++ bindings would need libmpi_cxx.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace asmsim {

namespace {
bool launched_by_mpirun() {
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
#ifdef ASMSIM_HAVE_MPI
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
