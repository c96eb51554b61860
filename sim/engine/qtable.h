/**
 * @file qtable.h
 * @brief Sampling a continuous distribution from one 32-bit random word through a
 *        table of its quantile function (inverse-CDF method with linear interpolation).
 *
 * X = Q(U) has distribution F when U is uniform on (0, 1) and Q = F^-1 (Devroye 1986,
 * "Non-Uniform Random Variate Generation", ch. II.2). The table holds Q at the 2^bits + 1
 * points i / 2^bits; a word's top `bits` bits pick the interval and its remaining bits
 * the position inside it, so a draw costs a shift, a load and one interpolation, with no
 * call through a generator. The two outer intervals, where a quantile function may run
 * off to infinity (normal, lognormal), are never interpolated: there Q is evaluated
 * exactly, for 2 / 2^bits of the draws. Interpolation error elsewhere is at most
 * h^2 max|Q''| / 8 for the interval width h (Atkinson 1989, "An Introduction to
 * Numerical Analysis", 3.2); the tests bound it for the tables the model uses.
 *
 * Tables are built once (qtable_create) and are read-only afterwards, so threads may
 * share one.
 */
#ifndef CHANSIM_QTABLE_H
#define CHANSIM_QTABLE_H

#include <stdint.h>

#include "sim/engine/status.h"

/** Most parameters a quantile function takes. */
enum { QTABLE_PARAMS = 4 };

/** A quantile function: the x with F(x) = u, for u in (0, 1), given its parameters. */
typedef double (*qtable_fn)(double u, const double par[QTABLE_PARAMS]);

/** A quantile table; fields are read by qtable_draw only. */
typedef struct {
    qtable_fn q;                /**< the exact quantile function (outer intervals) */
    double par[QTABLE_PARAMS];  /**< its parameters */
    uint32_t n;                 /**< intervals, 2^bits */
    uint32_t shift;             /**< 32 - bits: a word's interval is word >> shift */
    uint32_t mask;              /**< 2^shift - 1: a word's position inside its interval */
    double frac_scale;          /**< 2^-shift */
    float frac_scale_f;         /**< 2^-shift in single precision (exact) */
    float *x;                   /**< [n + 1] Q(i / n) in single precision (relative rounding 6e-8, half the
                                     cache of doubles; the model stores the draws as float); x[0], x[n] unused */
} qtable;

/**
 * Tabulate `q` with parameters `par` (QTABLE_PARAMS values; unused ones ignored) on
 * 2^bits intervals, bits in 4..20. Fails if q gives a non-finite or decreasing value
 * inside (0, 1).
 */
sim_status qtable_create(qtable_fn q, const double par[QTABLE_PARAMS], int bits, qtable **t);

/** Free a table; sets *t to NULL. */
void qtable_destroy(qtable **t);

/** Ask for the table entry qtable_draw(t, word) will read to be fetched into cache (a hint; no effect on results). */
static inline void qtable_prefetch(const qtable *t, uint32_t word) { __builtin_prefetch(&t->x[word >> t->shift]); }

/** One draw from a uniform 32-bit word; the word's value u = (word + 0.5) / 2^32. */
static inline double qtable_draw(const qtable *t, uint32_t word)
{
    uint32_t i = word >> t->shift;
    if (i - 1u >= t->n - 2u) return t->q(((double)word + 0.5) * (1.0 / 4294967296.0), t->par); /* i = 0 or n - 1 */
    double f = ((double)(word & t->mask) + 0.5) * t->frac_scale;
    double lo = t->x[i];
    return lo + f * ((double)t->x[i + 1] - lo);
}

/**
 * qtable_draw in single precision, for callers that keep the draw as a float: the same
 * interval, the position inside it as a float (exact for bits >= 8), the interpolation with float
 * operations (a rounding of about 1e-7 relative, against the table's own rounding of
 * 6e-8), the outer intervals exactly (rounded to float).
 */
static inline float qtable_drawf(const qtable *t, uint32_t word)
{
    uint32_t i = word >> t->shift;
    if (i - 1u >= t->n - 2u) return (float)t->q(((double)word + 0.5) * (1.0 / 4294967296.0), t->par);
    float f = ((float)(word & t->mask) + 0.5f) * t->frac_scale_f;
    float lo = t->x[i];
    return lo + f * (t->x[i + 1] - lo);
}

/**
 * qtable_drawf for a table of `bits` intervals' bits, `bits` a constant at the call
 * site (a caller that made the table with it): the shift, mask, interval count and
 * scale become constants of the inlined code instead of loads from the table. Same
 * result as qtable_drawf.
 */
static inline float qtable_drawf_bits(const qtable *t, uint32_t word, int bits)
{
    const uint32_t shift = 32u - (uint32_t)bits, n = 1u << bits, i = word >> shift;
    if (i - 1u >= n - 2u) return (float)t->q(((double)word + 0.5) * (1.0 / 4294967296.0), t->par);
    /* word & mask < 2^shift <= 2^28: a signed conversion, exact for bits >= 8 as in qtable_drawf */
    float f = ((float)(int32_t)(word & ((1u << shift) - 1u)) + 0.5f) * (1.0f / (float)(1u << shift));
    float lo = t->x[i];
    return lo + f * (t->x[i + 1] - lo);
}

#endif
