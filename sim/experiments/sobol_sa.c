/**
 * @file sobol_sa.c
 * @brief Saltelli (2010) design on GSL's Sobol' sequence; first-order (Saltelli 2010)
 *        and total (Jansen 1999) estimators with bootstrap intervals (see sobol_sa.h).
 */
#include "sim/experiments/sobol_sa.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_qrng.h>
#include <gsl/gsl_rng.h>

#include "sim/engine/rng.h"
#include "sim/experiments/sensitivity_stats.h"

/* Sub-stream of SA_RNG_PURPOSE (entity) for the bootstrap's row draws. */
enum { SOBOL_SA_ENTITY_BOOTSTRAP = 2 };

size_t sobol_sa_points(int k, size_t n) { return n * (size_t)(k + 2); }

sim_status sobol_sa_design(int k, size_t n, double **out)
{
    *out = NULL;
    if (k < 1 || k > SOBOL_SA_MAX_FACTORS)
        return SIM_FAIL(SIM_ERR_CONFIG, "Sobol indices: %d factors (need 1 to %d: the Sobol' sequence has at most 40 "
                                        "dimensions and the design needs 2 per factor)", k, SOBOL_SA_MAX_FACTORS);
    if (n < SOBOL_SA_MIN_SAMPLES)
        return SIM_FAIL(SIM_ERR_CONFIG, "Sobol indices: %zu samples are too few (need at least %d)", n,
                        SOBOL_SA_MIN_SAMPLES);
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(2 * k));
    double *x = calloc(sobol_sa_points(k, n) * (size_t)k, sizeof *x);
    if (!q || !x) {
        if (q) gsl_qrng_free(q);
        free(x);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory for a Saltelli design of %zu samples", n);
    }
    double u[2 * SOBOL_SA_MAX_FACTORS];
    for (int s = 0; s < SOBOL_SA_SKIP; s++) gsl_qrng_get(q, u);
    size_t kk = (size_t)k;
    for (size_t row = 0; row < n; row++) {
        if (gsl_qrng_get(q, u) != 0) {
            gsl_qrng_free(q);
            free(x);
            return SIM_FAIL(SIM_ERR_CONFIG, "the Sobol' sequence is exhausted after %zu points", row);
        }
        double *a = x + row * (kk + 2) * kk, *b = a + kk;
        memcpy(a, u, kk * sizeof *a);
        memcpy(b, u + kk, kk * sizeof *b);
        for (size_t i = 0; i < kk; i++) {
            double *ab = a + (2 + i) * kk;
            memcpy(ab, a, kk * sizeof *ab);
            ab[i] = b[i];
        }
    }
    gsl_qrng_free(q);
    *out = x;
    return SIM_OK;
}

/* S and ST of every factor over the rows idx[n]; V from f(A) and f(B) of those rows. */
static double estimate(int k, size_t n, const double *y, const size_t *idx, double *first, double *total)
{
    size_t stride = (size_t)k + 2;
    double sum = 0;
    for (size_t j = 0; j < n; j++) {
        const double *row = y + idx[j] * stride;
        sum += row[0] + row[1];
    }
    double mean = sum / (2.0 * (double)n);
    double ss = 0; /* two passes: steadier than sum of squares minus square of sum */
    for (size_t j = 0; j < n; j++) {
        const double *row = y + idx[j] * stride;
        ss += (row[0] - mean) * (row[0] - mean) + (row[1] - mean) * (row[1] - mean);
    }
    double v = ss / (2.0 * (double)n - 1.0);
    for (int i = 0; i < k; i++) {
        double s = 0, t = 0;
        for (size_t j = 0; j < n; j++) {
            const double *row = y + idx[j] * stride;
            double fa = row[0], fb = row[1], fab = row[2 + i];
            s += fb * (fab - fa);
            t += (fa - fab) * (fa - fab);
        }
        first[i] = v > 0 ? s / (double)n / v : 0.0;
        total[i] = v > 0 ? t / (2.0 * (double)n) / v : 0.0;
    }
    return v;
}

sim_status sobol_sa_indices(int k, size_t n, const double *y, int nboot, double confidence, uint32_t seed,
                            sobol_index *out, double *variance)
{
    if (nboot < 1 || !(confidence > 0 && confidence < 1))
        return SIM_FAIL(SIM_ERR_CONFIG, "Sobol indices: need >= 1 bootstrap resample and a confidence in (0, 1) "
                                        "(got %d, %g)", nboot, confidence);
    size_t kk = (size_t)k, nb = (size_t)nboot;
    size_t *idx = calloc(n, sizeof *idx);
    double *s = calloc(kk, sizeof *s), *t = calloc(kk, sizeof *t);
    double *bs = calloc(kk * nb, sizeof *bs), *bt = calloc(kk * nb, sizeof *bt);
    gsl_rng *g = NULL;
    sim_status st = SIM_OK;
    if (!idx || !s || !t || !bs || !bt) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory for Sobol indices");
    for (size_t j = 0; j < n; j++) idx[j] = j;
    double v = estimate(k, n, y, idx, s, t);
    if (variance) *variance = v;
    for (int i = 0; i < k; i++) out[i] = (sobol_index){.first = s[i], .total = t[i]};
    SIM_TRY(rng_stream_create(&g));
    rng_key key = {seed, SOBOL_SA_RNG_REPLICATION};
    for (size_t b = 0; b < nb; b++) {
        rng_seek(g, key, SA_RNG_PURPOSE, SOBOL_SA_ENTITY_BOOTSTRAP, (uint32_t)b);
        for (size_t j = 0; j < n; j++) idx[j] = gsl_rng_uniform_int(g, (unsigned long)n);
        estimate(k, n, y, idx, s, t);
        for (size_t i = 0; i < kk; i++) {
            bs[i * nb + b] = s[i];
            bt[i * nb + b] = t[i];
        }
    }
    for (size_t i = 0; i < kk; i++) {
        sa_percentile_interval(bs + i * nb, nb, confidence, &out[i].first_lo, &out[i].first_hi);
        sa_percentile_interval(bt + i * nb, nb, confidence, &out[i].total_lo, &out[i].total_hi);
    }
done:
    rng_stream_destroy(&g);
    free(idx);
    free(s);
    free(t);
    free(bs);
    free(bt);
    return st;
}
