#include "core/random_streams.hpp"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace asmsim {

std::uint64_t stable_hash(std::string_view text) {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

namespace {

// One Philox4x32 round and key bump (Salmon et al. 2011; Random123's philox.h constants).
constexpr std::uint64_t philox_m0 = 0xD2511F53u, philox_m1 = 0xCD9E8D57u;
constexpr std::uint64_t philox_w0 = 0x9E3779B9u, philox_w1 = 0xBB67AE85u;

// The 32-bit words are held in 64-bit integers (upper halves zero): in the vectorised loop each
// product is then one unsigned 32 x 32 -> 64 multiply per lane (pmuludq) with no widening
// shuffles, which makes it about 2.5 times faster than with 32-bit words (measured).
inline void philox_rounds(std::uint64_t k0, std::uint64_t k1, std::uint64_t& c0, std::uint64_t& c1, std::uint64_t& c2,
                          std::uint64_t& c3) {
    constexpr std::uint64_t low = 0xffffffffu;
    for (int r = 0; r < 10; ++r) {
        const std::uint64_t p0 = philox_m0 * c0;
        const std::uint64_t p1 = philox_m1 * c2;
        const std::uint64_t n0 = (p1 >> 32) ^ c1 ^ k0;
        const std::uint64_t n1 = p1 & low;
        const std::uint64_t n2 = (p0 >> 32) ^ c3 ^ k1;
        const std::uint64_t n3 = p0 & low;
        c0 = n0, c1 = n1, c2 = n2, c3 = n3;
        k0 = (k0 + philox_w0) & low;
        k1 = (k1 + philox_w1) & low;
    }
}

// The portable loop over entities, one block index at a time.
void philox_entities_scalar(std::uint32_t k0, std::uint32_t k1, std::uint32_t month, std::uint64_t first,
                            std::ptrdiff_t begin, std::ptrdiff_t n, int b, std::uint32_t* w) {
    for (std::ptrdiff_t k = begin; k < n; ++k) {
        const std::uint64_t entity = first + static_cast<std::uint64_t>(k);
        std::uint64_t c0 = entity & 0xffffffffu, c1 = entity >> 32, c2 = month, c3 = static_cast<std::uint64_t>(b);
        philox_rounds(k0, k1, c0, c1, c2, c3);
        w[k] = static_cast<std::uint32_t>(c0);
        w[n + k] = static_cast<std::uint32_t>(c1);
        w[2 * n + k] = static_cast<std::uint32_t>(c2);
        w[3 * n + k] = static_cast<std::uint32_t>(c3);
    }
}

// The same numbers with 8 (AVX-512) or 4 (AVX2) entities per vector, one 32-bit word in each
// 64-bit lane. mul_epu32 multiplies the low halves of the lanes only, so the high halves may hold
// anything: the products and shifts below need no masks (6 instructions a round for 8 blocks with
// AVX-512; the compiler's own vectorisation of the portable loop cannot know the halves are zero
// and multiplies 64 x 64 bits, about three times slower). Integer arithmetic: every path gives
// the same words (tests/core/test_random_streams.cpp compares them).
#if defined(__x86_64__)
#if defined(__GNUC__) && !defined(__clang__)
// GCC 12's own intrinsic headers start some conversions from an "undefined" vector, which its
// -Wmaybe-uninitialized reports inside them; nothing here reads an uninitialised value.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
__attribute__((target("avx512f"))) std::ptrdiff_t philox_entities_avx512(std::uint32_t k0, std::uint32_t k1,
                                                                          std::uint32_t month, std::uint64_t first,
                                                                          std::ptrdiff_t n, int b, std::uint32_t* w) {
    const __m512i m0 = _mm512_set1_epi64(static_cast<long long>(philox_m0));
    const __m512i m1 = _mm512_set1_epi64(static_cast<long long>(philox_m1));
    __m512i key0[10], key1[10];
    for (int r = 0; r < 10; ++r) {
        key0[r] = _mm512_set1_epi64(static_cast<long long>((k0 + r * philox_w0) & 0xffffffffu));
        key1[r] = _mm512_set1_epi64(static_cast<long long>((k1 + r * philox_w1) & 0xffffffffu));
    }
    const __m512i lanes = _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0);
    const __m512i c2_start = _mm512_set1_epi64(month), c3_start = _mm512_set1_epi64(b);
    std::ptrdiff_t k = 0;
    for (; k + 8 <= n; k += 8) {
        const __m512i entity = _mm512_add_epi64(_mm512_set1_epi64(static_cast<long long>(first + static_cast<std::uint64_t>(k))), lanes);
        __m512i c0 = entity, c1 = _mm512_srli_epi64(entity, 32), c2 = c2_start, c3 = c3_start;
        for (int r = 0; r < 10; ++r) {
            const __m512i p0 = _mm512_mul_epu32(c0, m0);
            const __m512i p1 = _mm512_mul_epu32(c2, m1);
            c0 = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p1, 32), c1, key0[r], 0x96);  // a ^ b ^ c
            c2 = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p0, 32), c3, key1[r], 0x96);
            c1 = p1;
            c3 = p0;
        }
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(w + k), _mm512_cvtepi64_epi32(c0));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(w + n + k), _mm512_cvtepi64_epi32(c1));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(w + 2 * n + k), _mm512_cvtepi64_epi32(c2));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(w + 3 * n + k), _mm512_cvtepi64_epi32(c3));
    }
    return k;
}

// The low halves of the four 64-bit lanes of v, as four 32-bit words.
__attribute__((target("avx2"))) inline __m128i low_words(__m256i v) {
    const __m256i packed = _mm256_permutevar8x32_epi32(v, _mm256_set_epi32(7, 5, 3, 1, 6, 4, 2, 0));
    return _mm256_castsi256_si128(packed);
}

// Four entities' words, each to its block word's run of n.
__attribute__((target("avx2"))) inline void store_words(std::uint32_t* w, std::ptrdiff_t n, std::ptrdiff_t k, __m256i c0,
                                                        __m256i c1, __m256i c2, __m256i c3) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(w + k), low_words(c0));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(w + n + k), low_words(c1));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(w + 2 * n + k), low_words(c2));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(w + 3 * n + k), low_words(c3));
}

__attribute__((target("avx2"))) std::ptrdiff_t philox_entities_avx2(std::uint32_t k0, std::uint32_t k1,
                                                                     std::uint32_t month, std::uint64_t first,
                                                                     std::ptrdiff_t n, int b, std::uint32_t* w) {
    const __m256i m0 = _mm256_set1_epi64x(static_cast<long long>(philox_m0));
    const __m256i m1 = _mm256_set1_epi64x(static_cast<long long>(philox_m1));
    __m256i key0[10], key1[10];
    for (int r = 0; r < 10; ++r) {
        key0[r] = _mm256_set1_epi64x(static_cast<long long>((k0 + r * philox_w0) & 0xffffffffu));
        key1[r] = _mm256_set1_epi64x(static_cast<long long>((k1 + r * philox_w1) & 0xffffffffu));
    }
    const __m256i lanes = _mm256_set_epi64x(3, 2, 1, 0);
    const __m256i c2_start = _mm256_set1_epi64x(month), c3_start = _mm256_set1_epi64x(b);
    std::ptrdiff_t k = 0;
    // Two groups of 4 entities side by side: a round is a chain of dependent steps (multiply, shift,
    // xor), and two independent chains keep the multiplier busy while the other waits.
    for (; k + 8 <= n; k += 8) {
        const __m256i entity = _mm256_add_epi64(_mm256_set1_epi64x(static_cast<long long>(first + static_cast<std::uint64_t>(k))), lanes);
        const __m256i entity_b = _mm256_add_epi64(entity, _mm256_set1_epi64x(4));
        __m256i c0 = entity, c1 = _mm256_srli_epi64(entity, 32), c2 = c2_start, c3 = c3_start;
        __m256i d0 = entity_b, d1 = _mm256_srli_epi64(entity_b, 32), d2 = c2_start, d3 = c3_start;
        for (int r = 0; r < 10; ++r) {
            const __m256i p0 = _mm256_mul_epu32(c0, m0);
            const __m256i p1 = _mm256_mul_epu32(c2, m1);
            const __m256i q0 = _mm256_mul_epu32(d0, m0);
            const __m256i q1 = _mm256_mul_epu32(d2, m1);
            c0 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p1, 32), c1), key0[r]);
            c2 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p0, 32), c3), key1[r]);
            d0 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(q1, 32), d1), key0[r]);
            d2 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(q0, 32), d3), key1[r]);
            c1 = p1;
            c3 = p0;
            d1 = q1;
            d3 = q0;
        }
        store_words(w, n, k, c0, c1, c2, c3);
        store_words(w, n, k + 4, d0, d1, d2, d3);
    }
    for (; k + 4 <= n; k += 4) {
        const __m256i entity = _mm256_add_epi64(_mm256_set1_epi64x(static_cast<long long>(first + static_cast<std::uint64_t>(k))), lanes);
        __m256i c0 = entity, c1 = _mm256_srli_epi64(entity, 32), c2 = c2_start, c3 = c3_start;
        for (int r = 0; r < 10; ++r) {
            const __m256i p0 = _mm256_mul_epu32(c0, m0);
            const __m256i p1 = _mm256_mul_epu32(c2, m1);
            c0 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p1, 32), c1), key0[r]);
            c2 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p0, 32), c3), key1[r]);
            c1 = p1;
            c3 = p0;
        }
        store_words(w, n, k, c0, c1, c2, c3);
    }
    return k;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#endif

PhiloxPath best_path() {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return PhiloxPath::avx512;
    if (__builtin_cpu_supports("avx2")) return PhiloxPath::avx2;
#endif
    return PhiloxPath::portable;
}

}  // namespace

bool philox_path_available(PhiloxPath path) {
    static const PhiloxPath best = best_path();
    return static_cast<int>(path) <= static_cast<int>(best);
}

void philox_words_on(PhiloxPath path, std::uint32_t k0, std::uint32_t k1, std::uint32_t month, std::uint64_t first,
                     std::ptrdiff_t n, int blocks_per_row, std::uint32_t* out) {
    for (int b = 0; b < blocks_per_row; ++b) {
        std::uint32_t* w = out + 4 * b * n;
        std::ptrdiff_t done = 0;
#if defined(__x86_64__)
        if (path == PhiloxPath::avx512) done = philox_entities_avx512(k0, k1, month, first, n, b, w);
        else if (path == PhiloxPath::avx2) done = philox_entities_avx2(k0, k1, month, first, n, b, w);
#endif
        philox_entities_scalar(k0, k1, month, first, done, n, b, w);
    }
}

RandomBlock philox_block(std::array<std::uint32_t, 2> key, std::array<std::uint32_t, 4> counter) {
    std::uint64_t c0 = counter[0], c1 = counter[1], c2 = counter[2], c3 = counter[3];
    philox_rounds(key[0], key[1], c0, c1, c2, c3);
    return {{static_cast<std::uint32_t>(c0), static_cast<std::uint32_t>(c1), static_cast<std::uint32_t>(c2),
             static_cast<std::uint32_t>(c3)}};
}

void RandomEngine::words(std::uint32_t month, std::uint64_t first, std::ptrdiff_t n, int blocks_per_row,
                         std::uint32_t* out) const {
    static const PhiloxPath fastest = best_path();
    philox_words_on(fastest, key_[0], key_[1], month, first, n, blocks_per_row, out);
}

RandomEngine make_stream(const StreamKey& key, std::string_view module) {
    // A chain of splitmix64 finalisers: every part of the name moves every bit of the key.
    std::uint64_t h = mix64(key.master_seed);
    h = mix64(h ^ stable_hash(key.stream_group));
    h = mix64(h ^ key.replicate);
    h = mix64(h ^ stable_hash(module));
    return RandomEngine(h);
}

}  // namespace asmsim
