/**
 * @file test_threshold.c
 * @brief Where a deterrent bites (sim/experiments/threshold.h): thresholds and break-even
 *        shares on a hand-made sweep table with known answers, and the refusals.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/metrics.h"
#include "sim/experiments/threshold.h"

/* A table of one lever (0, 1, 2, 3) in two groups (strength 0 and 1), 2 replications. */
static sweep_table *make_table(void)
{
    sweep_table *t = NULL;
    cr_assert_eq(sweep_table_create(model_metric_set(), 2, 8, 2, &t), SIM_OK);
    t->shard_index = t->shard_count = 1;
    t->total_points = 8;
    for (size_t i = 0; i < 8; i++) {
        double lever = (double)(i % 4), group = (double)(i / 4);
        t->point[i] = (uint32_t)i;
        t->design[i * 2] = lever;
        t->design[i * 2 + 1] = group;
        for (int r = 0; r < 2; r++) {
            double *v = t->totals + (i * 2 + (size_t)r) * M_COUNT;
            /* Group 0: no deterrent effect. Group 1: arrivals fall 8% per lever step.
             * Replications differ by +-1% around that, so intervals are narrow but not empty. */
            double fall = group > 0 ? 0.08 * lever : 0.0;
            double arrivals = 1000.0 * (1.0 - fall) * (r == 0 ? 1.01 : 0.99);
            v[M_ARRIVALS] = arrivals;
            v[M_REMOVED] = 0.1 * lever * arrivals; /* share 0.1 per step */
            /* Cost: the scheme costs 100 per step; each arrival avoided saves 1. */
            v[M_COST] = 5000.0 + 100.0 * lever - (1000.0 * (r == 0 ? 1.01 : 0.99) - arrivals);
        }
    }
    return t;
}

Test(threshold, known_crossings_and_breakeven)
{
    sweep_table *t = make_table();
    threshold_result *r = NULL;
    cr_assert_eq(threshold_analyse(t, 0, 1, THRESHOLD_REMOVAL, 0.10, &r), SIM_OK);
    cr_assert_eq(r->ngroups, 2);
    const threshold_group *g0 = &r->groups[0], *g1 = &r->groups[1];
    cr_assert_eq(g0->npoints, 4);
    /* Without deterrence arrivals never fall: no threshold. */
    cr_assert(isnan(g0->fall_share));
    /* With it: -8% at share 0.1, -16% at 0.2; -10% is a quarter of the way: share 0.125. */
    cr_assert_float_eq(g1->fall_share, 0.125, 1e-9, "%g", g1->fall_share);
    cr_assert(g1->fall_lo <= g1->fall_share && g1->fall_share <= g1->fall_hi);
    cr_assert_float_eq(g1->reference_arrivals, 1000.0, 1e-9);
    /* Break-even: a step costs 100 and saves 80 arrivals' worth (80): never repaid. */
    cr_assert(isnan(g1->breakeven_share));
    cr_assert_float_eq(g1->points[2].share, 0.2, 1e-12);
    cr_assert_float_eq(g1->points[2].change, -0.16, 1e-12);
    cr_assert_float_eq(g1->points[1].dcost, 100.0 - 80.0, 1e-9);
    threshold_result_destroy(&r);

    /* Cheaper scheme: 50 per step, saving 80: repaid at the first step, share 0.1 * (50 / 80) of the way. */
    for (size_t i = 0; i < 8; i++)
        for (int k = 0; k < 2; k++) {
            double *v = t->totals + (i * 2 + (size_t)k) * M_COUNT;
            v[M_COST] -= 50.0 * (double)(i % 4);
        }
    cr_assert_eq(threshold_analyse(t, 0, 1, THRESHOLD_REMOVAL, 0.10, &r), SIM_OK);
    /* Cost change is 50 - 80 = -30 at share 0.1: crosses 0 at once (from 0 at the reference, which
     * does not count as reached). */
    cr_assert_float_eq(r->groups[1].breakeven_share, 0.1, 1e-9, "%g", r->groups[1].breakeven_share);
    /* Without deterrence nothing is saved: 50 per step, never repaid. */
    cr_assert(isnan(r->groups[0].breakeven_share));
    threshold_result_destroy(&r);
    sweep_table_destroy(&t);
}

Test(threshold, refusals)
{
    sweep_table *t = make_table();
    threshold_result *r = NULL;
    cr_assert_eq(threshold_analyse(t, 0, 0, THRESHOLD_REMOVAL, 0.10, &r), SIM_ERR_CONFIG);
    cr_assert_eq(threshold_analyse(t, 0, 1, THRESHOLD_REMOVAL, 1.5, &r), SIM_ERR_CONFIG);
    t->shard_count = 2;
    cr_assert_eq(threshold_analyse(t, 0, 1, THRESHOLD_REMOVAL, 0.10, &r), SIM_ERR_CONFIG);
    cr_assert_null(r);
    sweep_table_destroy(&t);
}

#include "tests/support.h"

Test(threshold, command_writes_the_tables, .timeout = 120)
{
    char *dir = sup_tmpdir();
    sup_result r = sup_chansim(dir, NULL, "sweep tests/data/sweep/small.ini -q -o %s/sw.h5", dir);
    cr_assert_eq(r.status, 0, "%s", r.err);
    sup_result_free(&r);
    r = sup_chansim(dir, NULL, "threshold %s/sw.h5 -o %s/out --fall 1.5", dir, dir);
    cr_assert_eq(r.status, 2, "%s", r.err);
    cr_assert(strstr(r.err, "--fall"), "%s", r.err);
    sup_result_free(&r);
    r = sup_chansim(dir, NULL, "threshold %s/sw.h5 -o %s/out --by nosuch", dir, dir);
    cr_assert_neq(r.status, 0);
    cr_assert(strstr(r.err, "nosuch"), "%s", r.err);
    sup_result_free(&r);
    char path[512];
    snprintf(path, sizeof path, "%s/out", dir);
    cr_assert_not(sup_exists(path), "a refused command wrote its directory");
    r = sup_chansim(dir, NULL, "threshold %s/sw.h5 -o %s/out", dir, dir);
    cr_assert_eq(r.status, 0, "%s", r.err);
    sup_result_free(&r);
    snprintf(path, sizeof path, "%s/out/threshold.csv", dir);
    char *text = sup_read_file(path, NULL);
    cr_assert_not_null(text);
    /* small.ini sweeps capacity (3 values) by strength (2): capacity is the lever, two rows. */
    cr_assert(strstr(text, "\nstrength,0,capacity,removal,0,"), "%s", text);
    cr_assert(strstr(text, "\nstrength,2,capacity,removal,0,"), "%s", text);
    free(text);
    snprintf(path, sizeof path, "%s/out/threshold_points.csv", dir);
    cr_assert(sup_exists(path));
    sup_rmtree(dir);
    free(dir);
}
