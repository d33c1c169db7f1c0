#pragma once
// Every random number in asmsim comes from a stream named by
//   (master seed, stream group, replicate, module),
// and inside a stream from a position (entity, month): an entity is a household's row (or a site,
// a commodity, ... for draws that are not a household's). The numbers at a position are a pure
// function of the stream's name and the position (a counter-based generator, Philox4x32-10 from
// Random123), so a household's draws in a module and month do not depend on how many households
// there are, nor on what other households or months drew: common random numbers hold per household
// even when the population changes. A run draws from nothing else, so its results do not depend on
// thread count, MPI rank or the order in which runs execute. Scenarios in the same stream group (the
// default: all of them) draw the same numbers in each module.

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace asmsim {

struct StreamKey {
    std::uint64_t master_seed = 0;
    std::string stream_group;  // scenarios sharing a group share random numbers
    std::uint64_t replicate = 0;
};

// splitmix64's finaliser: a well-mixed 64-bit number from a key and an index.
constexpr std::uint64_t mix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// 64-bit FNV-1a: a fixed, platform-independent hash for names in stream keys.
std::uint64_t stable_hash(std::string_view text);

// Four 32-bit words of Philox4x32-10 output: the numbers of one counter.
struct RandomBlock {
    std::array<std::uint32_t, 4> w;
    friend bool operator==(const RandomBlock&, const RandomBlock&) = default;
};

// Philox4x32-10 of one key and counter (r123::Philox4x32, written out so that loops over counters
// vectorise; tests/core/test_random_streams.cpp checks it against Random123).
RandomBlock philox_block(std::array<std::uint32_t, 2> key, std::array<std::uint32_t, 4> counter);

// The instruction sets the block loop of RandomEngine::words can use, slowest first. Every path
// gives the same words; words() takes the fastest this machine has. For tests.
enum class PhiloxPath { portable = 0, avx2 = 1, avx512 = 2 };
bool philox_path_available(PhiloxPath path);
void philox_words_on(PhiloxPath path, std::uint32_t k0, std::uint32_t k1, std::uint32_t month, std::uint64_t first,
                     std::ptrdiff_t n, int blocks_per_row, std::uint32_t* out);

// The engine of one module: a UniformRandomBitGenerator (64-bit numbers) for Boost.Random's
// distributions. seek(entity, month) puts it at the start of that position's numbers; from there
// it returns the words of the blocks at counters (entity, month, 0), (entity, month, 1), ...
// (word 0 in the low half of the first number, word 1 in its high half, ...). Without a seek it
// starts at (0, 0): a sequential stream, for draws that belong to no entity (2^33 numbers).
class RandomEngine {
public:
    using result_type = std::uint64_t;
    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

    RandomEngine() = default;
    explicit RandomEngine(std::uint64_t key) : key_{static_cast<std::uint32_t>(key), static_cast<std::uint32_t>(key >> 32)} {}

    void seek(std::uint64_t entity, std::uint32_t month) {
        counter_ = {static_cast<std::uint32_t>(entity), static_cast<std::uint32_t>(entity >> 32), month, 0};
        used_ = 2;
    }
    // seek, with the position's first block already computed (by words() below).
    void seek(std::uint64_t entity, std::uint32_t month, const RandomBlock& first) {
        counter_ = {static_cast<std::uint32_t>(entity), static_cast<std::uint32_t>(entity >> 32), month, 1};
        block_ = first;
        used_ = 0;
    }

    result_type operator()() {
        if (used_ == 2) {
            block_ = philox_block(key_, counter_);
            ++counter_[3];
            used_ = 0;
        }
        const std::uint64_t low = block_.w[2 * used_], high = block_.w[2 * used_ + 1];
        ++used_;
        return low | (high << 32);
    }

    // The first 4 x blocks_per_row 32-bit words of entities first .. first + n - 1 in month:
    // out[j * n + k] is word j of entity first + k (word 4b + i is word i of its block b). One call
    // for a block of households, vectorised, word by word (the stores of whole blocks cost a third
    // of the time); the same numbers as seek and draws, whatever instruction set the machine has.
    void words(std::uint32_t month, std::uint64_t first, std::ptrdiff_t n, int blocks_per_row, std::uint32_t* out) const;

    // Block b of one entity in month, alone (scalar): words 4b .. 4b + 3 of what words() gives that
    // entity. For draws that only the few households an event reaches use.
    RandomBlock block(std::uint64_t entity, std::uint32_t month, std::uint32_t b) const {
        return philox_block(key_, {static_cast<std::uint32_t>(entity), static_cast<std::uint32_t>(entity >> 32), month, b});
    }

    // Same key and position: the same numbers next.
    friend bool operator==(const RandomEngine&, const RandomEngine&) = default;

private:
    std::array<std::uint32_t, 2> key_{};
    std::array<std::uint32_t, 4> counter_{};  // entity (low, high), month, block
    RandomBlock block_{};
    int used_ = 2;  // 64-bit halves of block_ returned so far
};

// The engine of one module in one run: its key is a hash of the stream's name.
RandomEngine make_stream(const StreamKey& key, std::string_view module);

}  // namespace asmsim
