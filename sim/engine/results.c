/**
 * @file results.c
 * @brief Allocation and release of one scenario's in-memory results (see results.h).
 *
 * All arrays are zeroed, so a replication that is never run reads as zeros rather
 * than garbage; the runner overwrites every element of the replications it runs.
 */
#include "sim/engine/results.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

/* a * b into *out, or 0 if it would overflow size_t. */
static int mul_size(size_t a, size_t b, size_t *out)
{
    if (a != 0 && b > SIZE_MAX / a) return 0;
    *out = a * b;
    return 1;
}

/* Element count reps * n1 * n2 * n3, checked against size_t overflow and the byte
 * size of a double array, so a huge horizon fails cleanly instead of wrapping. */
static int count_elements(size_t reps, size_t n1, size_t n2, size_t n3, size_t *out)
{
    size_t c;
    if (!mul_size(reps, n1, &c) || !mul_size(c, n2, &c) || !mul_size(c, n3, &c)) return 0;
    if (c > SIZE_MAX / sizeof(double)) return 0;
    *out = c;
    return 1;
}

sim_status results_create(const sim_metric_set *metrics, int reps, int start_day, int days, int groups,
                          sim_results **res)
{
    if (!res) return SIM_FAIL(SIM_ERR_INTERNAL, "results_create: NULL result pointer");
    *res = NULL;
    SIM_CHECK(metric_set_check(metrics));
    if (reps < 1) return SIM_FAIL(SIM_ERR_CONFIG, "replications must be at least 1 (got %d)", reps);
    if (days < 1) return SIM_FAIL(SIM_ERR_CONFIG, "horizon must be at least 1 day (got %d)", days);
    /* The last day and the week count must fit an int (calweek.h adds up to 13 days). */
    if (start_day > INT_MAX - days - 2 * CALWEEK_DAYS || start_day < INT_MIN + 2 * CALWEEK_DAYS)
        return SIM_FAIL(SIM_ERR_CONFIG, "start day %d with a horizon of %d days is out of range", start_day, days);
    if (groups < 0 || groups > RESULTS_MAX_GROUPS)
        return SIM_FAIL(SIM_ERR_CONFIG, "nationality groups must be between 0 and %d (got %d)",
                        RESULTS_MAX_GROUPS, groups);

    /* One row per calendar week touched, partial first and last weeks included. */
    int weeks = calweek_count(start_day, days);

    size_t n_weekly, n_totals, n_daily, n_group;
    size_t nw = (size_t)metrics->nweekly, nd = (size_t)metrics->ndaily, ng = (size_t)metrics->ngroup;
    if (!count_elements((size_t)reps, (size_t)weeks, nw, 1, &n_weekly) ||
        !count_elements((size_t)reps, nw, 1, 1, &n_totals) ||
        !count_elements((size_t)reps, (size_t)days, nd, 1, &n_daily) ||
        !count_elements((size_t)reps, (size_t)weeks, (size_t)groups, ng, &n_group))
        return SIM_FAIL(SIM_ERR_MEMORY, "results of %d replications x %d days x %d groups are too large",
                        reps, days, groups);

    sim_results *r = calloc(1, sizeof *r);
    if (!r) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory allocating scenario results");
    r->metrics = metrics;
    r->reps = reps;
    r->start_day = start_day;
    r->days = days;
    r->weeks = weeks;
    r->groups = groups;
    /* calloc(0) may return NULL; ask for at least one element so NULL always means failure. */
    r->weekly = calloc(n_weekly ? n_weekly : 1, sizeof(double));
    r->totals = calloc(n_totals ? n_totals : 1, sizeof(double));
    r->daily = calloc(n_daily ? n_daily : 1, sizeof(double));
    r->group_weekly = calloc(n_group ? n_group : 1, sizeof(double));
    if (!r->weekly || !r->totals || !r->daily || !r->group_weekly) {
        size_t bytes = (n_weekly + n_totals + n_daily + n_group) * sizeof(double);
        results_destroy(&r);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory allocating %zu bytes of results (%d replications x %d days)",
                        bytes, reps, days);
    }
    *res = r;
    return SIM_OK;
}

void results_destroy(sim_results **res)
{
    if (!res || !*res) return;
    sim_results *r = *res;
    free(r->weekly);
    free(r->totals);
    free(r->daily);
    free(r->group_weekly);
    free(r->config_text);
    free(r);
    *res = NULL;
}
