/**
 * @file test_rng.c
 * @brief Tests of sim/engine/rng.h: Philox4x32-10 known answers, the documented mapping of
 *        (seed, replication; purpose, entity, day) to Philox keys and counters, the
 *        GSL adaptor's sub-streams, the edge cases of rng_u01 and rng_threshold, and the
 *        bit layout of rng_words5.
 *
 * Everything here is exact (no statistics): Philox is a fixed function, so each test
 * either always passes or always fails on a given build.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "sim/engine/rng.h"

/* Known-answer vectors of Random123's kat_vectors file (philox4x32, 10 rounds):
 * counter (4 words), key (2 words) -> output (4 words). */
static const struct {
    uint32_t ctr[4], key[2], out[4];
} kat[] = {
    {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}},
    {{0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}, {0xffffffffu, 0xffffffffu},
     {0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}},
    {{0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}, {0xa4093822u, 0x299f31d0u},
     {0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}},
};

Test(rng, philox4x32_10_known_answers)
{
    for (size_t i = 0; i < sizeof kat / sizeof kat[0]; i++) {
        philox4x32_ctr_t c = {{kat[i].ctr[0], kat[i].ctr[1], kat[i].ctr[2], kat[i].ctr[3]}};
        philox4x32_key_t k = {{kat[i].key[0], kat[i].key[1]}};
        philox4x32_ctr_t r = philox4x32(c, k);
        for (int w = 0; w < 4; w++)
            cr_expect_eq(r.v[w], kat[i].out[w], "vector %zu word %d: got %08x, expected %08x", i, w, r.v[w],
                         kat[i].out[w]);
    }
}

Test(rng, block_of_zero_key_and_counter_is_the_known_answer)
{
    uint32_t w[4];
    rng_block((rng_key){0, 0}, 0, 0, 0, w);
    for (int i = 0; i < 4; i++) cr_expect_eq(w[i], kat[0].out[i], "word %d", i);
}

/* rng.h documents key = {seed, replication}, counter = {entity, day, purpose, 0}. */
Test(rng, block_is_philox_of_the_documented_counter_and_key)
{
    static const uint32_t cases[][5] = {
        /* seed, replication, purpose, entity, day */
        {20250101u, 0, RNG_MODEL_FIRST, 0, 20089},
        {1, 7, RNG_MODEL_LAST, 123456, 19900},
        {0xffffffffu, 0xfffffffeu, RNG_TEST, 0xffffffffu, 0x7fffffffu},
        {42, 3, RNG_EXPERIMENTS_FIRST, 99, 0x40000000u + 20100u},
        {5, 0, 0xffffffffu, 1, 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const uint32_t *c = cases[i];
        uint32_t w[4];
        rng_block((rng_key){c[0], c[1]}, c[2], c[3], c[4], w);
        philox4x32_ctr_t ctr = {{c[3], c[4], c[2], 0}};
        philox4x32_key_t key = {{c[0], c[1]}};
        philox4x32_ctr_t r = philox4x32(ctr, key);
        for (int k = 0; k < 4; k++) cr_expect_eq(w[k], r.v[k], "case %zu word %d", i, k);
    }
}

/* rng_blocks gives rng_block's words for every entity, whatever n (full vectors of
 * eight, a remainder, one, none) and whatever the entities (consecutive, scattered, at
 * the ends of their range, repeated). */
Test(rng, blocks_equal_block_by_block)
{
    enum { N = 77 };
    uint32_t ent[N], out[N + 1][4];
    for (size_t i = 0; i < N; i++) ent[i] = i < 20 ? 1000u + (uint32_t)i : (uint32_t)(i * 2654435761u);
    ent[N - 1] = 0xffffffffu;
    ent[N - 2] = 0;
    ent[N - 3] = ent[5];
    static const rng_key keys[] = {{20250101u, 0}, {0xffffffffu, 0xfffffffeu}, {0, 0}};
    static const size_t counts[] = {0, 1, 7, 8, 9, 12, 16, 20, 25, 33, N};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
            const size_t n = counts[c];
            memset(out, 0xab, sizeof out);
            rng_blocks(keys[k], RNG_MODEL_FIRST + (uint32_t)k, ent, 20089u + (uint32_t)c, n, out);
            for (size_t i = 0; i < n; i++) {
                uint32_t w[4];
                rng_block(keys[k], RNG_MODEL_FIRST + (uint32_t)k, ent[i], 20089u + (uint32_t)c, w);
                cr_expect_arr_eq(out[i], w, sizeof w, "key %zu, n %zu, entity %zu (%u)", k, n, i, ent[i]);
            }
            for (int j = 0; j < 4; j++) cr_expect_eq(out[n][j], 0xababababu, "n %zu: nothing written past n", n);
        }
}

typedef struct {
    uint32_t w[4];
} block128;

static int cmp_block(const void *a, const void *b) { return memcmp(a, b, sizeof(block128)); }

/* Every coordinate of the key and counter matters: a grid of inputs differing in one
 * coordinate at a time (and in several) gives pairwise distinct 128-bit blocks. A
 * chance collision among n blocks has probability < n^2 / 2^129, i.e. never. */
Test(rng, distinct_inputs_give_distinct_blocks)
{
    enum { SEEDS = 2, REPS = 3, PURPOSES = 13, ENTITIES = 10, DAYS = 10 };
    size_t n = (size_t)SEEDS * REPS * PURPOSES * ENTITIES * DAYS, i = 0;
    block128 *all = malloc(n * sizeof *all);
    cr_assert_not_null(all);
    for (uint32_t s = 0; s < SEEDS; s++)
        for (uint32_t r = 0; r < REPS; r++)
            for (uint32_t p = 1; p <= PURPOSES; p++)
                for (uint32_t e = 0; e < ENTITIES; e++)
                    for (uint32_t d = 0; d < DAYS; d++)
                        rng_block((rng_key){20250101u + s, r}, p, e, 20000u + d, all[i++].w);
    qsort(all, n, sizeof *all, cmp_block);
    size_t dups = 0;
    for (i = 1; i < n; i++) dups += memcmp(&all[i - 1], &all[i], sizeof *all) == 0;
    cr_expect_eq(dups, 0, "%zu repeated blocks among %zu inputs", dups, n);
    free(all);

    /* And one coordinate at a time from a base point, word by word. */
    enum { P = RNG_TEST, OTHER = RNG_TEST - 1 }; /* any two purposes */
    rng_key base = {7, 1};
    uint32_t b[4], v[4];
    rng_block(base, P, 5, 100, b);
    rng_block((rng_key){8, 1}, P, 5, 100, v);
    cr_expect(memcmp(b, v, sizeof b), "seed ignored");
    rng_block((rng_key){7, 2}, P, 5, 100, v);
    cr_expect(memcmp(b, v, sizeof b), "replication ignored");
    rng_block(base, OTHER, 5, 100, v);
    cr_expect(memcmp(b, v, sizeof b), "purpose ignored");
    rng_block(base, P, 6, 100, v);
    cr_expect(memcmp(b, v, sizeof b), "entity ignored");
    rng_block(base, P, 5, 101, v);
    cr_expect(memcmp(b, v, sizeof b), "day ignored");
}

/* The GSL adaptor returns the words of Philox({entity, day, purpose, n}, key) for
 * n = 0, 1, 2, ..., each block's words from the last to the first (Random123's
 * gsl_microrng.h), so a sub-stream is exactly the documented counter range. */
Test(rng, stream_words_are_philox_of_the_sub_stream_counters)
{
    gsl_rng *r = NULL;
    cr_assert_eq(rng_stream_create(&r), SIM_OK);
    cr_expect_eq(gsl_rng_min(r), 0);
    cr_expect_eq(gsl_rng_max(r), 0xffffffffUL);
    rng_key key = {20250101u, 5};
    rng_seek(r, key, RNG_TEST, 3, 20123);
    for (uint32_t k = 0; k < 64; k++) {
        philox4x32_ctr_t c = {{3, 20123, RNG_TEST, k / 4}};
        philox4x32_key_t pk = {{key.seed, key.replication}};
        philox4x32_ctr_t b = philox4x32(c, pk);
        unsigned long got = gsl_rng_get(r);
        cr_expect_eq(got, b.v[3 - k % 4], "draw %u: got %lx, expected %x", k, got, b.v[3 - k % 4]);
    }
    rng_stream_destroy(&r);
    cr_expect_null(r);
    rng_stream_destroy(&r); /* safe on NULL */
}

Test(rng, seek_is_reproducible_and_re_seekable)
{
    enum { N = 200 };
    gsl_rng *a = NULL, *b = NULL;
    cr_assert_eq(rng_stream_create(&a), SIM_OK);
    cr_assert_eq(rng_stream_create(&b), SIM_OK);
    rng_key key = {99, 4};
    unsigned long first[N], again[N];
    double g1[N], g2[N];

    rng_seek(a, key, RNG_TEST, 11, 300);
    for (int i = 0; i < N; i++) first[i] = gsl_rng_get(a);
    for (int i = 0; i < N; i++) g1[i] = gsl_ran_gaussian_ziggurat(a, 1.0);

    /* Another generator, interleaved work on a different sub-stream, then the same seek. */
    rng_seek(b, key, RNG_TEST, 12, 300);
    for (int i = 0; i < 17; i++) (void)gsl_rng_get(b);
    rng_seek(b, key, RNG_TEST, 11, 300);
    for (int i = 0; i < N; i++) again[i] = gsl_rng_get(b);
    for (int i = 0; i < N; i++) g2[i] = gsl_ran_gaussian_ziggurat(b, 1.0);
    cr_expect_arr_eq(first, again, sizeof first, "same sub-stream, different words");
    cr_expect_arr_eq(g1, g2, sizeof g1, "same sub-stream, different gaussian draws");

    /* Re-seeking the first generator restarts its sub-stream. */
    rng_seek(a, key, RNG_TEST, 11, 300);
    for (int i = 0; i < N; i++) again[i] = gsl_rng_get(a);
    cr_expect_arr_eq(first, again, sizeof first, "re-seek did not restart the sub-stream");

    /* A neighbouring sub-stream (day + 1) is different. */
    rng_seek(a, key, RNG_TEST, 11, 301);
    int same = 0;
    for (int i = 0; i < N; i++) same += gsl_rng_get(a) == first[i];
    cr_expect_lt(same, 3, "day+1 sub-stream repeats %d of %d words", same, N);

    rng_stream_destroy(&a);
    rng_stream_destroy(&b);
}

Test(rng, u01_is_open_at_both_ends_and_monotone)
{
    double lo = rng_u01(0), hi = rng_u01(UINT32_MAX);
    cr_expect_gt(lo, 0.0);
    cr_expect_lt(hi, 1.0);
    cr_expect_eq(lo, 0.5 / 4294967296.0);
    cr_expect_eq(hi, 1.0 - 0.5 / 4294967296.0);
    cr_expect_eq(rng_u01(0x80000000u), 0.5 + 0.5 / 4294967296.0);
    cr_expect_lt(rng_u01(1000), rng_u01(1001));
    cr_expect_lt(rng_u01(UINT32_MAX - 1), hi);
    cr_expect_gt(log(lo), -INFINITY, "log of the smallest value must be finite");
    cr_expect_lt(log1p(-hi), 0.0);
    cr_expect_gt(log1p(-hi), -INFINITY);
}

Test(rng, threshold_edges)
{
    cr_expect_eq(rng_threshold(0.0), 0u, "p = 0 must never happen");
    cr_expect_eq(rng_threshold(-0.5), 0u);
    cr_expect_eq(rng_threshold(1.0), UINT32_MAX);
    cr_expect_eq(rng_threshold(7.0), UINT32_MAX);
    cr_expect_eq(rng_threshold(0.5), 0x80000000u);
    cr_expect_eq(rng_threshold(0.25), 0x40000000u);
    cr_expect_eq(rng_threshold(nextafter(1.0, 0.0)), UINT32_MAX, "just below 1 must not wrap to 0");
    cr_expect_eq(rng_threshold(1.0 / 4294967296.0), 1u);
    /* word < threshold(p) for exactly threshold(p) of the 2^32 words: p to within 2^-32. */
    static const double ps[] = {1e-9, 0.001, 0.0025, 0.1, 1.0 / 3.0, 0.35, 0.9, 0.999999};
    for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++) {
        double share = rng_threshold(ps[i]) / 4294967296.0;
        cr_expect_leq(fabs(share - ps[i]), 1.0 / 4294967296.0, "p = %g gives %.17g", ps[i], share);
    }
    /* p = 0 never happens even for the smallest word; p = 1 happens for all but the largest. */
    cr_expect_not(0u < rng_threshold(0.0));
    cr_expect(UINT32_MAX - 1 < rng_threshold(1.0));
}

/* The documented layout: top 26 bits of each word, then the four low 6-bit fields in
 * order, each completed with the midpoint of its missing bits. */
Test(rng, words5_known_answer)
{
    const uint32_t w[4] = {0xffffffffu, 0, 0x12345678u, 0xabcdef01u};
    const uint32_t want[RNG_WORDS5] = {0xffffffe0u, 0x00000020u, 0x12345660u, 0xabcdef20u, 0xfc0e0180u};
    uint32_t out[RNG_WORDS5];
    rng_words5(w, out);
    for (int k = 0; k < RNG_WORDS5; k++) cr_expect_eq(out[k], want[k], "word %d: got %08x, expected %08x", k, out[k], want[k]);
}

/* Disjoint bits: flipping any one bit of the block changes exactly one of the five words
 * (so the five are independent when the block's bits are). */
Test(rng, words5_use_each_bit_of_the_block_once)
{
    uint32_t w[4];
    rng_block((rng_key){20250101u, 3}, RNG_TEST, 17, 0, w);
    uint32_t base[RNG_WORDS5];
    rng_words5(w, base);
    for (int bit = 0; bit < 128; bit++) {
        uint32_t v[4] = {w[0], w[1], w[2], w[3]}, out[RNG_WORDS5];
        v[bit / 32] ^= 1u << (bit % 32);
        rng_words5(v, out);
        int changed = 0;
        for (int k = 0; k < RNG_WORDS5; k++) changed += out[k] != base[k];
        cr_expect_eq(changed, 1, "bit %d of the block changes %d words", bit, changed);
    }
}
