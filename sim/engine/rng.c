#include "sim/engine/rng.h"

#include <Random123/gsl_microrng.h>
#include <gsl/gsl_randist.h>
#include <string.h>

/* Random123's adaptor: a gsl_rng type whose output is Philox4x32-10 of a counter
 * we set; the last counter word is the micro-stream's own draw index. */
GSL_MICRORNG(chansim_philox, philox4x32);

sim_status rng_stream_create(gsl_rng **stream)
{
    *stream = gsl_rng_alloc(gsl_rng_chansim_philox);
    if (!*stream)
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory allocating a random stream");
    return SIM_OK;
}

void rng_stream_destroy(gsl_rng **stream)
{
    if (*stream) gsl_rng_free(*stream);
    *stream = NULL;
}

void rng_seek(gsl_rng *stream, rng_key key, uint32_t purpose, uint32_t entity, uint32_t day)
{
    philox4x32_ctr_t c = {{entity, day, purpose, 0}};
    philox4x32_key_t k = {{key.seed, key.replication}};
    chansim_philox_reset(stream, c, k);
}

unsigned rng_poisson(gsl_rng *stream, rng_key key, uint32_t purpose, uint32_t entity, uint32_t day, double mu)
{
    if (!(mu > 0)) return 0;
    if (mu > RNG_POISSON_INVERSION_MAX) {
        rng_seek(stream, key, purpose, entity, day);
        return gsl_ran_poisson(stream, mu);
    }
    uint32_t w[4];
    rng_block(key, purpose, entity, day, w);
    /* 53 bits: 27 of w[0] and 26 of w[1], and the midpoint of the cell. */
    double u = ((double)(w[0] >> 5) * 67108864.0 + (double)(w[1] >> 6) + 0.5) * (1.0 / 9007199254740992.0);
    /* The smallest k with F(k) >= u. p reaches 0 (underflow) long after F has passed any
     * u the rounding of F could leave above it, so the search always ends. */
    double p = exp(-mu), cdf = p;
    unsigned k = 0;
    while (u > cdf && p > 0) {
        k++;
        p *= mu / k;
        cdf += p;
    }
    return k;
}

/*
 * rng_blocks with AVX2 on x86-64 when the CPU has it (checked at run time), else
 * rng_block entity by entity: integer arithmetic either way, so the same words.
 */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(CHANSIM_NO_MULTIVERSION)
#define RNG_HAVE_AVX2 1
#include <immintrin.h>

/* Counters per pass: two vectors of eight, so that the dependent chains of the two
 * vectors' rounds overlap, with the state of both (eight registers) and the constants
 * still in the sixteen ymm registers. */
enum { RNG_LANES = 16, RNG_ROUNDS = 10, RNG_AVX2_MIN = 12 };

/* Random123's mulhilo32 on eight lanes: vpmuludq multiplies the words in the low
 * halves of the 64-bit elements; the high halves are shifted down for a second one;
 * the products' halves are then blended back into their lanes. */
__attribute__((target("avx2"), always_inline)) static inline void mulhilo8(__m256i c, __m256i m, __m256i *hi,
                                                                           __m256i *lo)
{
    __m256i pl = _mm256_mul_epu32(c, m), ph = _mm256_mul_epu32(_mm256_srli_epi64(c, 32), m);
    *lo = _mm256_blend_epi32(pl, _mm256_slli_epi64(ph, 32), 0xaa);
    *hi = _mm256_blend_epi32(_mm256_srli_epi64(pl, 32), ph, 0xaa);
}

/* One round of Philox4x32 (Salmon et al. 2011; Random123's _philox4x32round) on eight
 * counters (x0..x3: their four words). */
__attribute__((target("avx2"), always_inline)) static inline void philox_round8(__m256i *x0, __m256i *x1, __m256i *x2,
                                                                                __m256i *x3, __m256i vk0, __m256i vk1)
{
    const __m256i m0 = _mm256_set1_epi64x(PHILOX_M4x32_0), m1 = _mm256_set1_epi64x(PHILOX_M4x32_1);
    __m256i hi0, lo0, hi1, lo1;
    mulhilo8(*x0, m0, &hi0, &lo0);
    mulhilo8(*x2, m1, &hi1, &lo1);
    *x0 = _mm256_xor_si256(_mm256_xor_si256(hi1, *x1), vk0);
    *x1 = lo1;
    *x2 = _mm256_xor_si256(_mm256_xor_si256(hi0, *x3), vk1);
    *x3 = lo0;
}

/* The blocks of eight counters, words x0..x3 by lane, as eight blocks of four words
 * (a 4 x 4 transpose in each 128-bit half, then the halves put in entity order):
 * the first m (<= 8) into out. */
__attribute__((target("avx2"), always_inline)) static inline void store_blocks8(__m256i x0, __m256i x1, __m256i x2,
                                                                                __m256i x3, size_t m,
                                                                                uint32_t (*out)[4])
{
    __m256i t0 = _mm256_unpacklo_epi32(x0, x1), t1 = _mm256_unpacklo_epi32(x2, x3);
    __m256i t2 = _mm256_unpackhi_epi32(x0, x1), t3 = _mm256_unpackhi_epi32(x2, x3);
    __m256i r0 = _mm256_unpacklo_epi64(t0, t1), r1 = _mm256_unpackhi_epi64(t0, t1); /* lanes 0|4, 1|5 */
    __m256i r2 = _mm256_unpacklo_epi64(t2, t3), r3 = _mm256_unpackhi_epi64(t2, t3); /* lanes 2|6, 3|7 */
    __m256i b[4] = {_mm256_permute2x128_si256(r0, r1, 0x20), _mm256_permute2x128_si256(r2, r3, 0x20),
                    _mm256_permute2x128_si256(r0, r1, 0x31), _mm256_permute2x128_si256(r2, r3, 0x31)};
    if (m == 8) {
        for (int k = 0; k < 4; k++) _mm256_storeu_si256((__m256i *)out[2 * k], b[k]);
        return;
    }
    uint32_t tmp[8][4];
    for (int k = 0; k < 4; k++) _mm256_storeu_si256((__m256i *)tmp[2 * k], b[k]);
    memcpy(out, tmp, m * sizeof tmp[0]);
}

/* rng_blocks on AVX2: RNG_LANES entities a pass (the last pass padded with copies of
 * an entity, not stored), every round of both vectors in registers. */
__attribute__((target("avx2"))) static void blocks_avx2(rng_key key, uint32_t purpose, const uint32_t *entity,
                                                        uint32_t day, size_t n, uint32_t (*out)[4])
{
    const __m256i vday = _mm256_set1_epi32((int)day), vpurpose = _mm256_set1_epi32((int)purpose);
    for (size_t i0 = 0; i0 < n; i0 += RNG_LANES) {
        size_t m = n - i0 < RNG_LANES ? n - i0 : RNG_LANES;
        __m256i x0, y0;
        if (m == RNG_LANES) {
            x0 = _mm256_loadu_si256((const __m256i *)(entity + i0));
            y0 = _mm256_loadu_si256((const __m256i *)(entity + i0 + 8));
        } else {
            uint32_t e[RNG_LANES];
            for (size_t j = 0; j < RNG_LANES; j++) e[j] = entity[i0 + (j < m ? j : 0)]; /* lanes past n: unused */
            x0 = _mm256_loadu_si256((const __m256i *)e);
            y0 = _mm256_loadu_si256((const __m256i *)(e + 8));
        }
        __m256i x1 = vday, x2 = vpurpose, x3 = _mm256_setzero_si256();
        __m256i y1 = vday, y2 = vpurpose, y3 = x3;
        uint32_t k0 = key.seed, k1 = key.replication;
        for (int r = 0; r < RNG_ROUNDS; r++) {
            const __m256i vk0 = _mm256_set1_epi32((int)k0), vk1 = _mm256_set1_epi32((int)k1);
            philox_round8(&x0, &x1, &x2, &x3, vk0, vk1);
            philox_round8(&y0, &y1, &y2, &y3, vk0, vk1);
            k0 += PHILOX_W32_0; /* the key bumped by the Weyl constants between rounds */
            k1 += PHILOX_W32_1;
        }
        store_blocks8(x0, x1, x2, x3, m < 8 ? m : 8, out + i0);
        if (m > 8) store_blocks8(y0, y1, y2, y3, m - 8, out + i0 + 8);
    }
}
#endif

void rng_blocks(rng_key key, uint32_t purpose, const uint32_t *entity, uint32_t day, size_t n, uint32_t (*out)[4])
{
#ifdef RNG_HAVE_AVX2
    /* Below two vectors' worth the vectors' fixed costs outweigh the gain (measured). */
    if (n >= RNG_AVX2_MIN && __builtin_cpu_supports("avx2")) {
        blocks_avx2(key, purpose, entity, day, n, out);
        return;
    }
#endif
    for (size_t i = 0; i < n; i++) rng_block(key, purpose, entity[i], day, out[i]);
}
