#include "sweep/sobol_sequence.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>

namespace asmsim {

namespace {

// Direction numbers from S. Joe and F. Y. Kuo, "Constructing Sobol sequences with better
// two-dimensional projections", SIAM J. Sci. Comput. 30, 2635-2654 (2008); data file
// new-joe-kuo-6.21201 from https://web.maths.unsw.edu.au/~fkuo/sobol/ (first 128 dimensions).
// Copyright (c) 2008, Frances Y. Kuo and Stephen Joe. All rights reserved. Redistribution and
// use in source and binary forms, with or without modification, are permitted provided that the
// copyright notice, this list of conditions and the following disclaimer are retained, and that
// the names of the copyright holders are not used to endorse or promote derived products without
// specific prior written permission. THIS DATA IS PROVIDED BY THE COPYRIGHT HOLDERS "AS IS" AND
// ANY EXPRESS OR IMPLIED WARRANTIES ARE DISCLAIMED.
//
// Each row is dimension d >= 2: degree s of the primitive polynomial, its inner coefficients a
// (as bits, highest first), and the initial direction integers m_1..m_s. Dimension 1 is the
// van der Corput sequence in base 2 and has no row.
struct JoeKuoRow {
    int s;
    unsigned a;
    unsigned m[16];
};

constexpr JoeKuoRow joe_kuo[SobolSequence::max_dimensions - 1] = {
    {1, 0, {1}},  // d=2
    {2, 1, {1, 3}},  // d=3
    {3, 1, {1, 3, 1}},  // d=4
    {3, 2, {1, 1, 1}},  // d=5
    {4, 1, {1, 1, 3, 3}},  // d=6
    {4, 4, {1, 3, 5, 13}},  // d=7
    {5, 2, {1, 1, 5, 5, 17}},  // d=8
    {5, 4, {1, 1, 5, 5, 5}},  // d=9
    {5, 7, {1, 1, 7, 11, 19}},  // d=10
    {5, 11, {1, 1, 5, 1, 1}},  // d=11
    {5, 13, {1, 1, 1, 3, 11}},  // d=12
    {5, 14, {1, 3, 5, 5, 31}},  // d=13
    {6, 1, {1, 3, 3, 9, 7, 49}},  // d=14
    {6, 13, {1, 1, 1, 15, 21, 21}},  // d=15
    {6, 16, {1, 3, 1, 13, 27, 49}},  // d=16
    {6, 19, {1, 1, 1, 15, 7, 5}},  // d=17
    {6, 22, {1, 3, 1, 15, 13, 25}},  // d=18
    {6, 25, {1, 1, 5, 5, 19, 61}},  // d=19
    {7, 1, {1, 3, 7, 11, 23, 15, 103}},  // d=20
    {7, 4, {1, 3, 7, 13, 13, 15, 69}},  // d=21
    {7, 7, {1, 1, 3, 13, 7, 35, 63}},  // d=22
    {7, 8, {1, 3, 5, 9, 1, 25, 53}},  // d=23
    {7, 14, {1, 3, 1, 13, 9, 35, 107}},  // d=24
    {7, 19, {1, 3, 1, 5, 27, 61, 31}},  // d=25
    {7, 21, {1, 1, 5, 11, 19, 41, 61}},  // d=26
    {7, 28, {1, 3, 5, 3, 3, 13, 69}},  // d=27
    {7, 31, {1, 1, 7, 13, 1, 19, 1}},  // d=28
    {7, 32, {1, 3, 7, 5, 13, 19, 59}},  // d=29
    {7, 37, {1, 1, 3, 9, 25, 29, 41}},  // d=30
    {7, 41, {1, 3, 5, 13, 23, 1, 55}},  // d=31
    {7, 42, {1, 3, 7, 3, 13, 59, 17}},  // d=32
    {7, 50, {1, 3, 1, 3, 5, 53, 69}},  // d=33
    {7, 55, {1, 1, 5, 5, 23, 33, 13}},  // d=34
    {7, 56, {1, 1, 7, 7, 1, 61, 123}},  // d=35
    {7, 59, {1, 1, 7, 9, 13, 61, 49}},  // d=36
    {7, 62, {1, 3, 3, 5, 3, 55, 33}},  // d=37
    {8, 14, {1, 3, 1, 15, 31, 13, 49, 245}},  // d=38
    {8, 21, {1, 3, 5, 15, 31, 59, 63, 97}},  // d=39
    {8, 22, {1, 3, 1, 11, 11, 11, 77, 249}},  // d=40
    {8, 38, {1, 3, 1, 11, 27, 43, 71, 9}},  // d=41
    {8, 47, {1, 1, 7, 15, 21, 11, 81, 45}},  // d=42
    {8, 49, {1, 3, 7, 3, 25, 31, 65, 79}},  // d=43
    {8, 50, {1, 3, 1, 1, 19, 11, 3, 205}},  // d=44
    {8, 52, {1, 1, 5, 9, 19, 21, 29, 157}},  // d=45
    {8, 56, {1, 3, 7, 11, 1, 33, 89, 185}},  // d=46
    {8, 67, {1, 3, 3, 3, 15, 9, 79, 71}},  // d=47
    {8, 70, {1, 3, 7, 11, 15, 39, 119, 27}},  // d=48
    {8, 84, {1, 1, 3, 1, 11, 31, 97, 225}},  // d=49
    {8, 97, {1, 1, 1, 3, 23, 43, 57, 177}},  // d=50
    {8, 103, {1, 3, 7, 7, 17, 17, 37, 71}},  // d=51
    {8, 115, {1, 3, 1, 5, 27, 63, 123, 213}},  // d=52
    {8, 122, {1, 1, 3, 5, 11, 43, 53, 133}},  // d=53
    {9, 8, {1, 3, 5, 5, 29, 17, 47, 173, 479}},  // d=54
    {9, 13, {1, 3, 3, 11, 3, 1, 109, 9, 69}},  // d=55
    {9, 16, {1, 1, 1, 5, 17, 39, 23, 5, 343}},  // d=56
    {9, 22, {1, 3, 1, 5, 25, 15, 31, 103, 499}},  // d=57
    {9, 25, {1, 1, 1, 11, 11, 17, 63, 105, 183}},  // d=58
    {9, 44, {1, 1, 5, 11, 9, 29, 97, 231, 363}},  // d=59
    {9, 47, {1, 1, 5, 15, 19, 45, 41, 7, 383}},  // d=60
    {9, 52, {1, 3, 7, 7, 31, 19, 83, 137, 221}},  // d=61
    {9, 55, {1, 1, 1, 3, 23, 15, 111, 223, 83}},  // d=62
    {9, 59, {1, 1, 5, 13, 31, 15, 55, 25, 161}},  // d=63
    {9, 62, {1, 1, 3, 13, 25, 47, 39, 87, 257}},  // d=64
    {9, 67, {1, 1, 1, 11, 21, 53, 125, 249, 293}},  // d=65
    {9, 74, {1, 1, 7, 11, 11, 7, 57, 79, 323}},  // d=66
    {9, 81, {1, 1, 5, 5, 17, 13, 81, 3, 131}},  // d=67
    {9, 82, {1, 1, 7, 13, 23, 7, 65, 251, 475}},  // d=68
    {9, 87, {1, 3, 5, 1, 9, 43, 3, 149, 11}},  // d=69
    {9, 91, {1, 1, 3, 13, 31, 13, 13, 255, 487}},  // d=70
    {9, 94, {1, 3, 3, 1, 5, 63, 89, 91, 127}},  // d=71
    {9, 103, {1, 1, 3, 3, 1, 19, 123, 127, 237}},  // d=72
    {9, 104, {1, 1, 5, 7, 23, 31, 37, 243, 289}},  // d=73
    {9, 109, {1, 1, 5, 11, 17, 53, 117, 183, 491}},  // d=74
    {9, 122, {1, 1, 1, 5, 1, 13, 13, 209, 345}},  // d=75
    {9, 124, {1, 1, 3, 15, 1, 57, 115, 7, 33}},  // d=76
    {9, 137, {1, 3, 1, 11, 7, 43, 81, 207, 175}},  // d=77
    {9, 138, {1, 3, 1, 1, 15, 27, 63, 255, 49}},  // d=78
    {9, 143, {1, 3, 5, 3, 27, 61, 105, 171, 305}},  // d=79
    {9, 145, {1, 1, 5, 3, 1, 3, 57, 249, 149}},  // d=80
    {9, 152, {1, 1, 3, 5, 5, 57, 15, 13, 159}},  // d=81
    {9, 157, {1, 1, 1, 11, 7, 11, 105, 141, 225}},  // d=82
    {9, 167, {1, 3, 3, 5, 27, 59, 121, 101, 271}},  // d=83
    {9, 173, {1, 3, 5, 9, 11, 49, 51, 59, 115}},  // d=84
    {9, 176, {1, 1, 7, 1, 23, 45, 125, 71, 419}},  // d=85
    {9, 181, {1, 1, 3, 5, 23, 5, 105, 109, 75}},  // d=86
    {9, 182, {1, 1, 7, 15, 7, 11, 67, 121, 453}},  // d=87
    {9, 185, {1, 3, 7, 3, 9, 13, 31, 27, 449}},  // d=88
    {9, 191, {1, 3, 1, 15, 19, 39, 39, 89, 15}},  // d=89
    {9, 194, {1, 1, 1, 1, 1, 33, 73, 145, 379}},  // d=90
    {9, 199, {1, 3, 1, 15, 15, 43, 29, 13, 483}},  // d=91
    {9, 218, {1, 1, 7, 3, 19, 27, 85, 131, 431}},  // d=92
    {9, 220, {1, 3, 3, 3, 5, 35, 23, 195, 349}},  // d=93
    {9, 227, {1, 3, 3, 7, 9, 27, 39, 59, 297}},  // d=94
    {9, 229, {1, 1, 3, 9, 11, 17, 13, 241, 157}},  // d=95
    {9, 230, {1, 3, 7, 15, 25, 57, 33, 189, 213}},  // d=96
    {9, 234, {1, 1, 7, 1, 9, 55, 73, 83, 217}},  // d=97
    {9, 236, {1, 3, 3, 13, 19, 27, 23, 113, 249}},  // d=98
    {9, 241, {1, 3, 5, 3, 23, 43, 3, 253, 479}},  // d=99
    {9, 244, {1, 1, 5, 5, 11, 5, 45, 117, 217}},  // d=100
    {9, 253, {1, 3, 3, 7, 29, 37, 33, 123, 147}},  // d=101
    {10, 4, {1, 3, 1, 15, 5, 5, 37, 227, 223, 459}},  // d=102
    {10, 13, {1, 1, 7, 5, 5, 39, 63, 255, 135, 487}},  // d=103
    {10, 19, {1, 3, 1, 7, 9, 7, 87, 249, 217, 599}},  // d=104
    {10, 22, {1, 1, 3, 13, 9, 47, 7, 225, 363, 247}},  // d=105
    {10, 50, {1, 3, 7, 13, 19, 13, 9, 67, 9, 737}},  // d=106
    {10, 55, {1, 3, 5, 5, 19, 59, 7, 41, 319, 677}},  // d=107
    {10, 64, {1, 1, 5, 3, 31, 63, 15, 43, 207, 789}},  // d=108
    {10, 69, {1, 1, 7, 9, 13, 39, 3, 47, 497, 169}},  // d=109
    {10, 98, {1, 3, 1, 7, 21, 17, 97, 19, 415, 905}},  // d=110
    {10, 107, {1, 3, 7, 1, 3, 31, 71, 111, 165, 127}},  // d=111
    {10, 115, {1, 1, 5, 11, 1, 61, 83, 119, 203, 847}},  // d=112
    {10, 121, {1, 3, 3, 13, 9, 61, 19, 97, 47, 35}},  // d=113
    {10, 127, {1, 1, 7, 7, 15, 29, 63, 95, 417, 469}},  // d=114
    {10, 134, {1, 3, 1, 9, 25, 9, 71, 57, 213, 385}},  // d=115
    {10, 140, {1, 3, 5, 13, 31, 47, 101, 57, 39, 341}},  // d=116
    {10, 145, {1, 1, 3, 3, 31, 57, 125, 173, 365, 551}},  // d=117
    {10, 152, {1, 3, 7, 1, 13, 57, 67, 157, 451, 707}},  // d=118
    {10, 158, {1, 1, 1, 7, 21, 13, 105, 89, 429, 965}},  // d=119
    {10, 161, {1, 1, 5, 9, 17, 51, 45, 119, 157, 141}},  // d=120
    {10, 171, {1, 3, 7, 7, 13, 45, 91, 9, 129, 741}},  // d=121
    {10, 181, {1, 3, 7, 1, 23, 57, 67, 141, 151, 571}},  // d=122
    {10, 194, {1, 1, 3, 11, 17, 47, 93, 107, 375, 157}},  // d=123
    {10, 199, {1, 3, 3, 5, 11, 21, 43, 51, 169, 915}},  // d=124
    {10, 203, {1, 1, 5, 3, 15, 55, 101, 67, 455, 625}},  // d=125
    {10, 208, {1, 3, 5, 9, 1, 23, 29, 47, 345, 595}},  // d=126
    {10, 227, {1, 3, 7, 7, 5, 49, 29, 155, 323, 589}},  // d=127
    {10, 242, {1, 3, 3, 7, 5, 41, 127, 61, 261, 717}},  // d=128
};

}  // namespace

SobolSequence::SobolSequence(int dimensions) : dimensions_(dimensions), shift_(static_cast<std::size_t>(std::max(dimensions, 0)), 0u) {
    if (dimensions < 1 || dimensions > max_dimensions)
        throw std::invalid_argument("the Sobol' sequence has 1 to " + std::to_string(max_dimensions) +
                                    " dimensions, not " + std::to_string(dimensions));
    direction_.assign(static_cast<std::size_t>(dimensions) * bits, 0);
    for (int k = 0; k < bits; ++k) direction_[static_cast<std::size_t>(k)] = 1u << (bits - 1 - k);
    for (int d = 1; d < dimensions; ++d) {
        const JoeKuoRow& row = joe_kuo[d - 1];
        std::uint32_t* v = &direction_[static_cast<std::size_t>(d) * bits];
        for (int k = 0; k < row.s && k < bits; ++k) v[k] = row.m[k] << (bits - 1 - k);
        for (int k = row.s; k < bits; ++k) {
            // v_k = a_1 v_{k-1} ^ ... ^ a_{s-1} v_{k-s+1} ^ v_{k-s} ^ (v_{k-s} >> s)
            std::uint32_t value = v[k - row.s] ^ (v[k - row.s] >> row.s);
            for (int j = 1; j < row.s; ++j)
                if ((row.a >> (row.s - 1 - j)) & 1u) value ^= v[k - j];
            v[k] = value;
        }
    }
}

SobolSequence SobolSequence::scrambled(const Scramble& scramble) const {
    if (scramble.matrix.size() != direction_.size() || scramble.shift.size() != shift_.size())
        throw std::invalid_argument("a Sobol' scramble must have as many dimensions as the sequence");
    SobolSequence out = *this;
    for (int d = 0; d < dimensions_; ++d) {
        const std::uint32_t* rows = &scramble.matrix[static_cast<std::size_t>(d) * bits];
        for (int k = 0; k < bits; ++k) {
            // Output digit i (bit 31 - i) of L v is the parity of row i AND v.
            const std::uint32_t v = direction_[static_cast<std::size_t>(d) * bits + k];
            std::uint32_t w = 0;
            for (int i = 0; i < bits; ++i)
                if (std::popcount(rows[i] & v) & 1) w |= 1u << (bits - 1 - i);
            out.direction_[static_cast<std::size_t>(d) * bits + k] = w;
        }
        out.shift_[static_cast<std::size_t>(d)] = scramble.shift[static_cast<std::size_t>(d)];
    }
    return out;
}

std::vector<double> SobolSequence::point(std::uint64_t index) const {
    if (index >> bits) throw std::invalid_argument("Sobol' point index beyond 2^32");
    const std::uint64_t gray = index ^ (index >> 1);
    std::vector<double> x(static_cast<std::size_t>(dimensions_));
    for (int d = 0; d < dimensions_; ++d) {
        std::uint32_t bits_value = shift_[static_cast<std::size_t>(d)];
        const std::uint32_t* v = &direction_[static_cast<std::size_t>(d) * bits];
        for (int k = 0; k < bits; ++k)
            if ((gray >> k) & 1u) bits_value ^= v[k];
        x[static_cast<std::size_t>(d)] = static_cast<double>(bits_value) / 4294967296.0;
    }
    return x;
}

}  // namespace asmsim
