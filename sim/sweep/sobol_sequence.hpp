#pragma once
// The Sobol' low-discrepancy sequence (unscrambled), with the direction numbers of Joe and Kuo
// (2008), file new-joe-kuo-6.21201, for the first 128 dimensions. Point n of the sequence is
// computed directly from n (Gray code), so any block of points can be generated independently.

#include <cstdint>
#include <vector>

namespace asmsim {

class SobolSequence {
public:
    static constexpr int max_dimensions = 128;
    static constexpr int bits = 32;  // points 0 .. 2^32 - 1

    // Throws std::invalid_argument when dimensions is outside [1, max_dimensions].
    explicit SobolSequence(int dimensions);

    int dimensions() const { return dimensions_; }
    // Point `index` (0 is the origin) as coordinates in [0, 1).
    std::vector<double> point(std::uint64_t index) const;

private:
    int dimensions_;
    std::vector<std::uint32_t> direction_;  // [dimension * bits + k]: direction number v_{k+1}
};

}  // namespace asmsim
