#include "sim/engine/rng.h"

#include <Random123/gsl_microrng.h>
#include <gsl/gsl_randist.h>

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

/* Counters per pass: RNG_VECS vectors of eight, so that the dependent chains of the
 * rounds of independent vectors overlap. */
enum { RNG_VECS = 4, RNG_LANES = 8 * RNG_VECS, RNG_ROUNDS = 10, RNG_AVX2_MIN = 12 };

/* Random123's mulhilo32 on eight lanes: vpmuludq multiplies the words in the low
 * halves of the 64-bit elements; the high halves are shifted down for a second one;
 * the products' halves are then blended back into their lanes. */
__attribute__((target("avx2"))) static inline void mulhilo8(__m256i c, __m256i m, __m256i *hi, __m256i *lo)
{
    __m256i pl = _mm256_mul_epu32(c, m), ph = _mm256_mul_epu32(_mm256_srli_epi64(c, 32), m);
    *lo = _mm256_blend_epi32(pl, _mm256_slli_epi64(ph, 32), 0xaa);
    *hi = _mm256_blend_epi32(_mm256_srli_epi64(pl, 32), ph, 0xaa);
}

/* Philox4x32-10 (Salmon et al. 2011; Random123's philox4x32_R) of the 8 nv counters
 * c[0][..]: _philox4x32round on every lane, the key bumped by the Weyl constants between
 * rounds. Inlined with nv a constant (1..RNG_VECS), so the vectors stay in registers. */
__attribute__((target("avx2"), always_inline)) static inline void philox_avx2(rng_key key, int nv,
                                                                              __m256i c[4][RNG_VECS])
{
    const __m256i m0 = _mm256_set1_epi64x(PHILOX_M4x32_0), m1 = _mm256_set1_epi64x(PHILOX_M4x32_1);
    uint32_t k0 = key.seed, k1 = key.replication;
    for (int r = 0; r < RNG_ROUNDS; r++) {
        const __m256i vk0 = _mm256_set1_epi32((int)k0), vk1 = _mm256_set1_epi32((int)k1);
        for (int v = 0; v < nv; v++) {
            __m256i hi0, lo0, hi1, lo1;
            mulhilo8(c[0][v], m0, &hi0, &lo0);
            mulhilo8(c[2][v], m1, &hi1, &lo1);
            c[0][v] = _mm256_xor_si256(_mm256_xor_si256(hi1, c[1][v]), vk0);
            c[1][v] = lo1;
            c[2][v] = _mm256_xor_si256(_mm256_xor_si256(hi0, c[3][v]), vk1);
            c[3][v] = lo0;
        }
        k0 += PHILOX_W32_0;
        k1 += PHILOX_W32_1;
    }
}

/* rng_blocks on AVX2: up to RNG_LANES entities a pass, in as many vectors as they fill. */
__attribute__((target("avx2"))) static void blocks_avx2(rng_key key, uint32_t purpose, const uint32_t *entity,
                                                        uint32_t day, size_t n, uint32_t (*out)[4])
{
    for (size_t i0 = 0; i0 < n; i0 += RNG_LANES) {
        size_t m = n - i0 < RNG_LANES ? n - i0 : RNG_LANES;
        const int nv = (int)(m + 7) / 8;
        uint32_t e[RNG_LANES];
        for (size_t j = 0; j < (size_t)nv * 8; j++) e[j] = entity[i0 + (j < m ? j : 0)]; /* lanes past n: unused */
        __m256i c[4][RNG_VECS];
        for (int v = 0; v < nv; v++) {
            c[0][v] = _mm256_loadu_si256((const __m256i *)(e + 8 * v));
            c[1][v] = _mm256_set1_epi32((int)day);
            c[2][v] = _mm256_set1_epi32((int)purpose);
            c[3][v] = _mm256_setzero_si256();
        }
        switch (nv) {
        case 1: philox_avx2(key, 1, c); break;
        case 2: philox_avx2(key, 2, c); break;
        case 3: philox_avx2(key, 3, c); break;
        default: philox_avx2(key, RNG_VECS, c); break;
        }
        uint32_t w[4][RNG_LANES];
        for (int k = 0; k < 4; k++)
            for (int v = 0; v < nv; v++) _mm256_storeu_si256((__m256i *)(w[k] + 8 * v), c[k][v]);
        for (size_t j = 0; j < m; j++)
            for (int k = 0; k < 4; k++) out[i0 + j][k] = w[k][j];
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
