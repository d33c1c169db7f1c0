#pragma once
// A minimal thread pool shared by replicates, posterior comparisons and calibrations.

#include <cstddef>
#include <functional>

namespace asmsim {

// Calls body(i) for i = 0 .. count - 1 on up to `threads` threads, each index once, handed out in
// increasing order; after the first exception no further index is handed out, and it is rethrown
// once every thread has stopped. Results that each index writes to its own slot do not depend on
// `threads`.
void parallel_for(std::size_t count, int threads, const std::function<void(std::size_t)>& body);

}  // namespace asmsim
