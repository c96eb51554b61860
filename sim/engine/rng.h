/**
 * @file rng.h
 * @brief Counter-based random streams: Random123 Philox4x32-10 keyed by (seed, replication).
 *
 * Every random number in chansim is a pure function of
 *   key     = (seed, replication)
 *   counter = (purpose, entity, day, draw index)
 * so a replication's numbers do not depend on which thread or process runs it, and
 * replication i sees the same numbers in every scenario (common random numbers).
 * There is no per-thread generator state anywhere.
 *
 * Two interfaces:
 *  - rng_block(): one Philox call giving four 32-bit words, for hot per-agent loops;
 *  - an rng_stream (a gsl_rng built with Random123's GSL_MICRORNG adaptor) that
 *    rng_seek() positions on (purpose, entity, day), after which any GSL sampler
 *    (gsl_ran_poisson, gsl_ran_binomial, gsl_ran_gamma, ...) can draw up to 2^32
 *    words from that sub-stream.
 *
 * Reference: Salmon, Moraes, Dror & Shaw (2011), "Parallel random numbers: as easy
 * as 1, 2, 3", SC'11.
 */
#ifndef CHANSIM_RNG_H
#define CHANSIM_RNG_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>
#include <Random123/philox.h>

#include "sim/engine/status.h"

/** The key of one replication's streams. */
typedef struct {
    uint32_t seed;        /**< the run's seed, 0 .. 2^32-1 */
    uint32_t replication; /**< replication index, from 0 */
} rng_key;

/**
 * What a draw is for: the `purpose` word of the counter. Distinct purposes give
 * independent sub-streams. The engine assigns no purposes of its own; it only
 * partitions the 32-bit space among the layers that do, so they never collide:
 *
 *   0                 unused (the all-zero counter)
 *   1 .. 98           the model's streams: models/streams.h
 *   99 (RNG_TEST)     reserved for tests; never used by the model or experiments
 *   100 .. 2^32-1     experiments: sweep designs (DESIGN_RNG_PURPOSE = 100,
 *                     sim/experiments/design.h), ABC proposals (ABC_RNG_PURPOSE = 1000,
 *                     sim/experiments/abc.h), the ABC posterior's resampling
 *                     (ABC_RESAMPLE_RNG_PURPOSE = 1001, sim/experiments/abc.h)
 *
 * Assigned values are part of the reproducibility contract: never renumber, only
 * append, each in its own range.
 */
enum {
    RNG_MODEL_FIRST = 1,        /**< first purpose of the model's range */
    RNG_MODEL_LAST = 98,        /**< last purpose of the model's range */
    RNG_TEST = 99,              /**< reserved for tests */
    RNG_EXPERIMENTS_FIRST = 100 /**< first purpose of the experiments' range (to 2^32-1) */
};

/** Four 32-bit random words for (key; purpose, entity, day, 0). */
static inline void rng_block(rng_key key, uint32_t purpose, uint32_t entity, uint32_t day,
                             uint32_t out[4])
{
    philox4x32_ctr_t c = {{entity, day, purpose, 0}};
    philox4x32_key_t k = {{key.seed, key.replication}};
    philox4x32_ctr_t r = philox4x32(c, k);
    out[0] = r.v[0];
    out[1] = r.v[1];
    out[2] = r.v[2];
    out[3] = r.v[3];
}

/**
 * rng_block for n entities at once: out[i] = the block of (key; purpose, entity[i],
 * day), the same words rng_block gives, computed several entities to a vector
 * instruction (for loops that know their entities ahead: people created, people landed).
 */
void rng_blocks(rng_key key, uint32_t purpose, const uint32_t *entity, uint32_t day, size_t n, uint32_t (*out)[4]);

/** Draws rng_words5() makes of one block. */
enum { RNG_WORDS5 = 5 };

/**
 * Five uniform words from one block, for a caller needing five draws of moderate
 * resolution (such as quantile-table draws) at the cost of one Philox call: out[k],
 * k < 4, is the top 26 bits of w[k]; out[4] is the low 6 bits of w[0..3] concatenated
 * (24 bits). Each is completed with the midpoint of the bits it lacks (a 1 below its
 * last bit), so it stands for the centre of its cell of width 2^-26 or 2^-24. The five
 * are independent and uniform on their grids because they use disjoint bits of the
 * block. Their resolution bounds the tails: u >= 2^-27 (2^-25 for out[4]), so an
 * Exp(1) draw by inverse CDF is at most 18.7 (17.3), a chance of 1e-8 (3e-8) lost
 * beyond it.
 */
static inline void rng_words5(const uint32_t w[4], uint32_t out[RNG_WORDS5])
{
    const uint32_t low6 = 63u;
    for (int k = 0; k < 4; k++) out[k] = (w[k] & ~low6) | 32u;
    out[4] = (w[0] & low6) << 26 | (w[1] & low6) << 20 | (w[2] & low6) << 14 | (w[3] & low6) << 8 | 128u;
}

/** Map a 32-bit word to a double in the open interval (0, 1). */
static inline double rng_u01(uint32_t word)
{
    return ((double)word + 0.5) * (1.0 / 4294967296.0);
}

/**
 * One standard normal from the first two words of a block, by the Box-Muller
 * transform (Box & Muller 1958, Ann. Math. Stat. 29, 610).
 */
static inline double rng_normal(const uint32_t w[4])
{
    return sqrt(-2.0 * log(rng_u01(w[0]))) * cos(6.283185307179586 * rng_u01(w[1]));
}

/**
 * Threshold form of a Bernoulli trial: word < rng_threshold(p) happens with
 * probability p (to within 2^-32), without converting the word to a double.
 */
static inline uint32_t rng_threshold(double p)
{
    if (p <= 0.0) return 0;
    if (p >= 1.0) return UINT32_MAX;
    return (uint32_t)(p * 4294967296.0);
}

/** Allocate a GSL generator backed by Philox sub-streams. Must be rng_seek()ed before use. */
sim_status rng_stream_create(gsl_rng **stream);

/** Free a generator from rng_stream_create(); sets *stream to NULL. */
void rng_stream_destroy(gsl_rng **stream);

/** Position a generator at the start of the sub-stream (key; purpose, entity, day). */
void rng_seek(gsl_rng *stream, rng_key key, uint32_t purpose, uint32_t entity, uint32_t day);

/** Largest mean rng_poisson draws by inversion (above it, GSL's gamma-based method is cheaper). */
#define RNG_POISSON_INVERSION_MAX 64.0

/**
 * One Poisson(mu) draw from the sub-stream (key; purpose, entity, day). For mu up to
 * RNG_POISSON_INVERSION_MAX by inversion: one uniform of 53 bits from the sub-stream's
 * first block, and a sequential search of the CDF from 0 (Devroye 1986, "Non-Uniform
 * Random Variate Generation", X.3.3), about mu + 1 steps with no call into a generator;
 * above, gsl_ran_poisson on `stream` sought to that sub-stream. mu <= 0 gives 0.
 */
unsigned rng_poisson(gsl_rng *stream, rng_key key, uint32_t purpose, uint32_t entity, uint32_t day, double mu);

#endif
