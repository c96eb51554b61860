/**
 * @file morris.c
 * @brief Morris trajectories, the Campolongo (2007) selection, elementary effects and
 *        their statistics with bootstrap intervals (see morris.h for the references).
 */
#include "sim/experiments/morris.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "sim/engine/rng.h"
#include "sim/experiments/sensitivity_stats.h"

/* Sub-streams of SA_RNG_PURPOSE used here (entity): candidate trajectories, bootstrap. */
enum { MORRIS_ENTITY_TRAJECTORY = 0, MORRIS_ENTITY_BOOTSTRAP = 1 };

size_t morris_points(const morris_spec *spec) { return (size_t)spec->trajectories * (size_t)(spec->factors + 1); }

static sim_status check_spec(const morris_spec *s)
{
    if (s->factors < 1 || s->factors > MORRIS_MAX_FACTORS)
        return SIM_FAIL(SIM_ERR_CONFIG, "Morris design: %d factors (need 1 to %d)", s->factors, MORRIS_MAX_FACTORS);
    if (s->trajectories < MORRIS_MIN_TRAJECTORIES)
        return SIM_FAIL(SIM_ERR_CONFIG, "Morris design: %d trajectories are too few (need at least %d)",
                        s->trajectories, MORRIS_MIN_TRAJECTORIES);
    if (s->levels < 2 || s->levels % 2 != 0)
        return SIM_FAIL(SIM_ERR_CONFIG, "Morris design: levels must be an even number >= 2 (got %d)", s->levels);
    if (s->candidates < s->trajectories || s->candidates > MORRIS_MAX_CANDIDATES)
        return SIM_FAIL(SIM_ERR_CONFIG, "Morris design: candidates must be from trajectories (%d) to %d (got %d)",
                        s->trajectories, MORRIS_MAX_CANDIDATES, s->candidates);
    return SIM_OK;
}

/*
 * One random trajectory (Morris 1991): a base point on the grid levels that leave room
 * for a step of delta, a random order of the factors and a random direction for each;
 * the walk moves one factor per step, so every point stays in [0, 1].
 */
static void trajectory(gsl_rng *r, int k, int levels, double *x, size_t *order)
{
    double delta = (double)levels / (2.0 * (levels - 1));
    int base_levels = levels / 2; /* levels 0 .. p/2 - 1 leave room for +delta */
    for (int i = 0; i < k; i++) {
        double base = (double)gsl_rng_uniform_int(r, (unsigned long)base_levels) / (double)(levels - 1);
        int up = gsl_rng_uniform_int(r, 2) == 0;
        x[i] = up ? base : base + delta;
    }
    for (int i = 0; i < k; i++) order[i] = (size_t)i;
    gsl_ran_shuffle(r, order, (size_t)k, sizeof *order);
    for (int j = 0; j < k; j++) {
        double *next = x + (size_t)(j + 1) * (size_t)k;
        memcpy(next, x + (size_t)j * (size_t)k, (size_t)k * sizeof *next);
        size_t i = order[j];
        /* A factor below its grid midpoint steps up, otherwise down. */
        next[i] = next[i] + delta <= 1.0 + 1e-12 ? next[i] + delta : next[i] - delta;
    }
}

/* Campolongo (2007) distance between two trajectories: sum of Euclidean distances of all point pairs. */
static double trajectory_distance(const double *a, const double *b, int k)
{
    double d = 0;
    for (int i = 0; i <= k; i++)
        for (int j = 0; j <= k; j++) {
            double s = 0;
            for (int z = 0; z < k; z++) {
                double t = a[(size_t)i * (size_t)k + (size_t)z] - b[(size_t)j * (size_t)k + (size_t)z];
                s += t * t;
            }
            d += sqrt(s);
        }
    return d;
}

/* Greedy selection of r of the m candidates maximising the sum of squared pairwise distances. */
static sim_status select_spread(const double *cand, int m, int r, int k, int *keep)
{
    if (m < 2 || r < 2 || r > m) return SIM_FAIL(SIM_ERR_INTERNAL, "Morris selection of %d from %d", r, m);
    size_t rows = (size_t)(k + 1) * (size_t)k;
    double *d2 = calloc((size_t)m * (size_t)m, sizeof *d2);
    double *score = calloc((size_t)m, sizeof *score);
    unsigned char *used = calloc((size_t)m, 1);
    if (!d2 || !score || !used) {
        free(d2);
        free(score);
        free(used);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory selecting Morris trajectories");
    }
    int bi = 0, bj = 1;
    for (int i = 0; i < m; i++)
        for (int j = i + 1; j < m; j++) {
            double d = trajectory_distance(cand + (size_t)i * rows, cand + (size_t)j * rows, k);
            d2[(size_t)i * (size_t)m + (size_t)j] = d2[(size_t)j * (size_t)m + (size_t)i] = d * d;
            if (d * d > d2[(size_t)bi * (size_t)m + (size_t)bj]) bi = i, bj = j;
        }
    int n = 0;
    if (m == r) {
        for (int i = 0; i < m; i++) keep[n++] = i;
    } else {
        keep[n++] = bi;
        keep[n++] = bj;
        used[bi] = used[bj] = 1;
        for (int i = 0; i < m; i++) score[i] = d2[(size_t)i * (size_t)m + (size_t)bi] + d2[(size_t)i * (size_t)m + (size_t)bj];
        while (n < r) {
            int best = -1;
            for (int i = 0; i < m; i++)
                if (!used[i] && (best < 0 || score[i] > score[best])) best = i;
            keep[n++] = best;
            used[best] = 1;
            for (int i = 0; i < m; i++) score[i] += d2[(size_t)i * (size_t)m + (size_t)best];
        }
    }
    free(d2);
    free(score);
    free(used);
    return SIM_OK;
}

sim_status morris_design(const morris_spec *spec, double **out)
{
    *out = NULL;
    SIM_CHECK(check_spec(spec));
    int k = spec->factors, m = spec->candidates, r = spec->trajectories;
    size_t rows = (size_t)(k + 1) * (size_t)k;
    double *cand = calloc((size_t)m * rows, sizeof *cand);
    double *x = calloc((size_t)r * rows, sizeof *x);
    size_t *order = calloc((size_t)k, sizeof *order);
    int *keep = calloc((size_t)r, sizeof *keep);
    gsl_rng *g = NULL;
    sim_status st = SIM_OK;
    if (!cand || !x || !order || !keep) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory for a Morris design");
    SIM_TRY(rng_stream_create(&g));
    rng_key key = {spec->seed, MORRIS_RNG_REPLICATION};
    for (int c = 0; c < m; c++) {
        /* One sub-stream per candidate: asking for more candidates leaves the first ones alone. */
        rng_seek(g, key, SA_RNG_PURPOSE, MORRIS_ENTITY_TRAJECTORY, (uint32_t)c);
        trajectory(g, k, spec->levels, cand + (size_t)c * rows, order);
    }
    SIM_TRY(select_spread(cand, m, r, k, keep));
    for (int t = 0; t < r; t++) memcpy(x + (size_t)t * rows, cand + (size_t)keep[t] * rows, rows * sizeof *x);
done:
    rng_stream_destroy(&g);
    free(cand);
    free(order);
    free(keep);
    if (st != SIM_OK) {
        free(x);
        return st;
    }
    *out = x;
    return SIM_OK;
}

sim_status morris_effects(int k, int r, const double *x, const double *y, double *ee)
{
    for (int t = 0; t < r; t++) {
        for (int i = 0; i < k; i++) ee[(size_t)t * (size_t)k + (size_t)i] = NAN;
        for (int j = 0; j < k; j++) {
            size_t a = (size_t)t * (size_t)(k + 1) + (size_t)j;
            const double *p = x + a * (size_t)k, *q = p + k;
            int moved = -1, count = 0;
            for (int i = 0; i < k; i++)
                if (p[i] != q[i]) moved = i, count++;
            if (count != 1 || !isnan(ee[(size_t)t * (size_t)k + (size_t)moved]))
                return SIM_FAIL(SIM_ERR_INTERNAL, "Morris trajectory %d step %d moves %d factors", t, j, count);
            ee[(size_t)t * (size_t)k + (size_t)moved] = (y[a + 1] - y[a]) / (q[moved] - p[moved]);
        }
    }
    return SIM_OK;
}

/* mu* of every factor over the trajectories listed in idx[r]. */
static void mu_star_of(int k, int r, const double *ee, const size_t *idx, double *mu_star)
{
    for (int i = 0; i < k; i++) {
        double s = 0;
        for (int t = 0; t < r; t++) s += fabs(ee[idx[t] * (size_t)k + (size_t)i]);
        mu_star[i] = s / r;
    }
}

sim_status morris_statistics(int k, int r, const double *ee, int nboot, double confidence, uint32_t seed,
                             morris_stat *out)
{
    if (r < 2 || nboot < 1 || !(confidence > 0 && confidence < 1))
        return SIM_FAIL(SIM_ERR_CONFIG, "Morris statistics: need >= 2 trajectories, >= 1 bootstrap resample and a "
                                        "confidence in (0, 1) (got %d, %d, %g)", r, nboot, confidence);
    for (int i = 0; i < k; i++) {
        double s = 0, a = 0;
        for (int t = 0; t < r; t++) {
            double e = ee[(size_t)t * (size_t)k + (size_t)i];
            s += e;
            a += fabs(e);
        }
        double mu = s / r, v = 0;
        for (int t = 0; t < r; t++) {
            double e = ee[(size_t)t * (size_t)k + (size_t)i] - mu;
            v += e * e;
        }
        out[i] = (morris_stat){.mu = mu, .mu_star = a / r, .sigma = sqrt(v / (r - 1))};
    }
    double *boot = calloc((size_t)nboot * (size_t)k, sizeof *boot);
    size_t *idx = calloc((size_t)r, sizeof *idx);
    gsl_rng *g = NULL;
    sim_status st = SIM_OK;
    if (!boot || !idx) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory for the Morris bootstrap");
    SIM_TRY(rng_stream_create(&g));
    rng_key key = {seed, MORRIS_RNG_REPLICATION};
    double *mu_star = calloc((size_t)k, sizeof *mu_star);
    if (!mu_star) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory for the Morris bootstrap");
    for (int b = 0; b < nboot; b++) {
        rng_seek(g, key, SA_RNG_PURPOSE, MORRIS_ENTITY_BOOTSTRAP, (uint32_t)b);
        for (int t = 0; t < r; t++) idx[t] = gsl_rng_uniform_int(g, (unsigned long)r);
        mu_star_of(k, r, ee, idx, mu_star);
        for (int i = 0; i < k; i++) boot[(size_t)i * (size_t)nboot + (size_t)b] = mu_star[i];
    }
    free(mu_star);
    for (int i = 0; i < k; i++)
        sa_percentile_interval(boot + (size_t)i * (size_t)nboot, (size_t)nboot, confidence, &out[i].mu_star_lo,
                               &out[i].mu_star_hi);
done:
    rng_stream_destroy(&g);
    free(boot);
    free(idx);
    return st;
}
