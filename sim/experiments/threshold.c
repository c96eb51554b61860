/**
 * @file threshold.c
 * @brief Thresholds and break-even shares from a sweep table (see threshold.h).
 */
#include "sim/experiments/threshold.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "sim/engine/metric.h"

/* 95% t interval of the mean of n values. */
static void mean_interval(const double *x, int n, double *mean, double *lo, double *hi)
{
    double s = 0, ss = 0;
    for (int i = 0; i < n; i++) s += x[i];
    double m = s / n;
    for (int i = 0; i < n; i++) ss += (x[i] - m) * (x[i] - m);
    double half = gsl_cdf_tdist_Pinv(0.975, n - 1) * sqrt(ss / (n - 1) / n);
    *mean = m;
    *lo = m - half;
    *hi = m + half;
}

static const double *row_totals(const sweep_table *t, size_t row, int r)
{
    return t->totals + (row * (size_t)t->reps + (size_t)r) * (size_t)t->metrics->nweekly;
}

/* Where y (over points, in lever order) first reaches target from above (y <= target), in share; NaN if never. */
static double crossing(const threshold_group *g, size_t off, double target)
{
    for (size_t i = 1; i < g->npoints; i++) {
        const threshold_point *a = &g->points[i - 1], *b = &g->points[i];
        double ya = *(const double *)((const char *)a + off), yb = *(const double *)((const char *)b + off);
        if (yb <= target) {
            if (ya <= target || yb == ya) return b->share;
            return a->share + (b->share - a->share) * (ya - target) / (ya - yb);
        }
    }
    return NAN;
}

static int by_lever(const void *x, const void *y)
{
    const threshold_point *a = x, *b = y;
    return (a->lever > b->lever) - (a->lever < b->lever);
}

static sim_status analyse_group(const sweep_table *t, const threshold_result *res, threshold_group *g, double *ya,
                                double *yc)
{
    int reps = t->reps, d = t->nparams;
    qsort(g->points, g->npoints, sizeof *g->points, by_lever);
    const threshold_point *ref = &g->points[0];
    g->reference_lever = ref->lever;
    /* The model's outputs by name: the lever's numerator, arrivals and cost. */
    int num, arr, cost;
    SIM_CHECK(metric_set_lookup(t->metrics, METRIC_WEEKLY, res->share == THRESHOLD_REMOVAL ? "removed" : "returned",
                                &num));
    SIM_CHECK(metric_set_lookup(t->metrics, METRIC_WEEKLY, "arrivals", &arr));
    SIM_CHECK(metric_set_lookup(t->metrics, METRIC_WEEKLY, "cost", &cost));
    double sum = 0;
    for (int r = 0; r < reps; r++) sum += row_totals(t, ref->row, r)[arr];
    g->reference_arrivals = sum / reps;
    for (size_t i = 0; i < g->npoints; i++) {
        threshold_point *p = &g->points[i];
        double share = 0;
        int counted = 0;
        for (int r = 0; r < reps; r++) {
            const double *v = row_totals(t, p->row, r), *z = row_totals(t, ref->row, r);
            if (!(z[arr] > 0))
                return SIM_FAIL(SIM_ERR_CONFIG, "the reference point %u has a replication without arrivals: no change "
                                                "to measure from", (unsigned)t->point[ref->row]);
            /* A replication that deterred every arrival has no share; the others say what share it takes. */
            if (v[arr] > 0) {
                share += v[num] / v[arr];
                counted++;
            }
            ya[r] = v[arr] / z[arr] - 1.0;
            yc[r] = v[cost] - z[cost];
        }
        p->share = counted ? share / counted : NAN;
        mean_interval(ya, reps, &p->change, &p->change_lo, &p->change_hi);
        mean_interval(yc, reps, &p->dcost, &p->dcost_lo, &p->dcost_hi);
    }
    (void)d;
    g->fall_share = crossing(g, offsetof(threshold_point, change), -res->fall);
    g->fall_lo = crossing(g, offsetof(threshold_point, change_lo), -res->fall);
    g->fall_hi = crossing(g, offsetof(threshold_point, change_hi), -res->fall);
    g->breakeven_share = crossing(g, offsetof(threshold_point, dcost), 0.0);
    g->breakeven_lo = crossing(g, offsetof(threshold_point, dcost_lo), 0.0);
    g->breakeven_hi = crossing(g, offsetof(threshold_point, dcost_hi), 0.0);
    return SIM_OK;
}

void threshold_result_destroy(threshold_result **rp)
{
    threshold_result *r = rp ? *rp : NULL;
    if (!r) return;
    for (size_t g = 0; r->groups && g < r->ngroups; g++) free(r->groups[g].points);
    free(r->groups);
    free(r);
    *rp = NULL;
}

static int by_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

sim_status threshold_analyse(const sweep_table *t, int lever_col, int group_col, threshold_share share, double fall,
                             threshold_result **out)
{
    *out = NULL;
    int d = t->nparams;
    if (t->shard_count != 1) return SIM_FAIL(SIM_ERR_CONFIG, "a shard holds only part of the sweep: merge first");
    if (t->reps < 2) return SIM_FAIL(SIM_ERR_CONFIG, "intervals need at least 2 replications (the sweep has %d)", t->reps);
    if (lever_col < 0 || lever_col >= d || group_col >= d || group_col == lever_col)
        return SIM_FAIL(SIM_ERR_CONFIG, "bad lever or grouping column");
    if (!(fall > 0 && fall < 1)) return SIM_FAIL(SIM_ERR_CONFIG, "the fall must be between 0 and 1 (got %g)", fall);
    threshold_result *r;
    SIM_CALLOC(r, 1);
    *r = (threshold_result){.lever_col = lever_col, .group_col = group_col, .fall = fall, .share = share};
    sim_status st = SIM_OK;
    double *values = calloc(t->npoints, sizeof *values);
    double *ya = calloc((size_t)t->reps, sizeof *ya), *yc = calloc((size_t)t->reps, sizeof *yc);
    if (!values || !ya || !yc) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
    for (size_t i = 0; i < t->npoints; i++) values[i] = group_col >= 0 ? t->design[i * (size_t)d + (size_t)group_col] : 0;
    qsort(values, t->npoints, sizeof *values, by_double);
    size_t ng = 0;
    for (size_t i = 0; i < t->npoints; i++)
        if (i == 0 || values[i] != values[ng - 1]) values[ng++] = values[i];
    if (!(r->groups = calloc(ng, sizeof *r->groups))) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
    r->ngroups = ng;
    for (size_t g = 0; g < ng; g++) {
        threshold_group *G = &r->groups[g];
        G->value = values[g];
        if (!(G->points = calloc(t->npoints, sizeof *G->points))) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
        for (size_t i = 0; i < t->npoints; i++) {
            double v = group_col >= 0 ? t->design[i * (size_t)d + (size_t)group_col] : 0;
            if (v == G->value)
                G->points[G->npoints++] = (threshold_point){.row = i, .lever = t->design[i * (size_t)d + (size_t)lever_col]};
        }
        if (G->npoints < 2)
            SIM_FAIL_GOTO(SIM_ERR_CONFIG, "group %g has %zu design point: no change to measure", G->value, G->npoints);
        SIM_TRY(analyse_group(t, r, G, ya, yc));
    }
done:
    free(values);
    free(ya);
    free(yc);
    if (st != SIM_OK) {
        threshold_result_destroy(&r);
        return st;
    }
    *out = r;
    return SIM_OK;
}
