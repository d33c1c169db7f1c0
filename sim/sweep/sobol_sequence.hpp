#pragma once
// The Sobol' low-discrepancy sequence, with the direction numbers of Joe and Kuo (2008), file
// new-joe-kuo-6.21201, for the first 128 dimensions. Point n of the sequence is computed directly
// from n (Gray code), so any block of points can be generated independently.
//
// Randomised: Matousek's (1998) random linear scramble with a digital shift. For each dimension a
// random 32 x 32 lower-triangular binary matrix L with unit diagonal and a random 32-bit shift e
// map the point's binary digits x (most significant first) to L x + e (mod 2). L keeps the
// (t, m, s)-net structure of the sequence; the shift makes every point uniform on [0, 1)^s, so
// averages over the scrambled points are unbiased and independent scrambles give independent
// estimates whose spread measures the error (randomised quasi-Monte Carlo, Owen 1997; L'Ecuyer
// and Lemieux 2002). Since L is linear it is applied once to the direction numbers.

#include <cstdint>
#include <vector>

namespace asmsim {

class SobolSequence {
public:
    static constexpr int max_dimensions = 128;
    static constexpr int bits = 32;  // points 0 .. 2^32 - 1

    // Throws std::invalid_argument when dimensions is outside [1, max_dimensions].
    explicit SobolSequence(int dimensions);

    // The random linear scramble and digital shift: matrix[dimension * bits + k] is row k of L
    // (bit 31 - j set = column j, j <= k; row k always has bit 31 - k), shift[dimension] is e.
    struct Scramble {
        std::vector<std::uint32_t> matrix, shift;
    };
    // A scramble drawn from `next_word` (a source of uniform 32-bit words): bits + 1 words per
    // dimension (one per row of L, of which the columns left of the diagonal are kept, then e).
    template <class NextWord>
    static Scramble draw_scramble(int dimensions, NextWord&& next_word) {
        Scramble out;
        out.matrix.resize(static_cast<std::size_t>(dimensions) * bits);
        out.shift.resize(static_cast<std::size_t>(dimensions));
        for (int d = 0; d < dimensions; ++d) {
            for (int k = 0; k < bits; ++k) {
                const std::uint32_t diagonal = 1u << (bits - 1 - k);
                const std::uint32_t below = k ? ~std::uint32_t{0} << (bits - k) : 0u;  // columns j < k
                const auto word = static_cast<std::uint32_t>(next_word());  // drawn for every row
                out.matrix[static_cast<std::size_t>(d) * bits + k] = (word & below) | diagonal;
            }
            out.shift[static_cast<std::size_t>(d)] = static_cast<std::uint32_t>(next_word());
        }
        return out;
    }
    // This sequence with the scramble applied (same dimensions).
    SobolSequence scrambled(const Scramble& scramble) const;

    int dimensions() const { return dimensions_; }
    // Point `index` (0 is the origin) as coordinates in [0, 1).
    std::vector<double> point(std::uint64_t index) const;

private:
    int dimensions_;
    std::vector<std::uint32_t> direction_;  // [dimension * bits + k]: direction number v_{k+1}
    std::vector<std::uint32_t> shift_;      // [dimension]: digital shift (0 when unscrambled)
};

}  // namespace asmsim
