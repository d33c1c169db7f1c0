#pragma once
// c ? a : b without a branch, for conditions that go either way at random from one household to the
// next (a mispredicted branch costs more than computing both sides). Exactly the conditional's value.

#include <bit>
#include <cstdint>

namespace asmsim {

inline double choose(bool c, double a, double b) {
    const std::uint64_t take_a = 0 - static_cast<std::uint64_t>(c);  // all ones when c
    return std::bit_cast<double>((std::bit_cast<std::uint64_t>(a) & take_a) |
                                 (std::bit_cast<std::uint64_t>(b) & ~take_a));
}

}  // namespace asmsim
