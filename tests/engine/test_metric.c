/**
 * @file test_metric.c
 * @brief The engine with a model it does not know: a metric set's lookups and checks,
 *        results sized by the set, and paired comparisons whose effects the set names.
 *        Nothing here includes models/: the toy set stands for any model.
 */
#include <criterion/criterion.h>

#include <stdio.h>

#include <math.h>
#include <string.h>

#include "sim/engine/compare.h"
#include "sim/engine/metric.h"
#include "sim/engine/results.h"
#include "sim/engine/summary.h"
#include "tests/engine/toy_metrics.h"

Test(metric, lookup_finds_each_table_by_name)
{
    int i = -9;
    cr_assert_eq(metric_set_lookup(&toy_set, METRIC_WEEKLY, "spend", &i), SIM_OK);
    cr_expect_eq(i, TOY_SPEND);
    cr_assert_eq(metric_set_lookup(&toy_set, METRIC_DAILY, "temperature", &i), SIM_OK);
    cr_expect_eq(i, 0);
    cr_assert_eq(metric_set_lookup(&toy_set, METRIC_GROUP, "widgets", &i), SIM_OK);
    cr_expect_eq(i, 0);
    cr_assert_eq(metric_set_lookup_effect(&toy_set, "spend_per_widget_saved", &i), SIM_OK);
    cr_expect_eq(i, 0);
    cr_expect_eq(metric_set_find(&toy_set, METRIC_DAILY, "widgets"), -1, "tables are separate");
    cr_expect_eq(metric_set_find(&toy_set, METRIC_WEEKLY, NULL), -1);
}

Test(metric, unknown_name_is_a_clear_error)
{
    int i = 0;
    cr_assert_eq(metric_set_lookup(&toy_set, METRIC_WEEKLY, "arrivals", &i), SIM_ERR_CONFIG);
    cr_expect_eq(i, -1);
    const char *msg = sim_error_message();
    cr_expect(strstr(msg, "the toy model has no weekly output named 'arrivals' (it has: widgets, batches, spend, "
                          "per_batch)") != NULL,
              "%s", msg);
    sim_error_clear();
    cr_assert_eq(metric_set_lookup(&toy_set, METRIC_DAILY, "deaths", &i), SIM_ERR_CONFIG);
    cr_expect(strstr(sim_error_message(), "no daily output named 'deaths' (it has: temperature)") != NULL, "%s",
              sim_error_message());
    sim_error_clear();
    cr_assert_eq(metric_set_lookup_effect(&toy_set, "cost_per_death_averted", &i), SIM_ERR_CONFIG);
    cr_expect(strstr(sim_error_message(), "no comparison effect named 'cost_per_death_averted' (it has: "
                                          "spend_per_widget_saved)") != NULL,
              "%s", sim_error_message());
}

Test(metric, check_accepts_the_toy_set) { cr_expect_eq(metric_set_check(&toy_set), SIM_OK, "%s", sim_error_message()); }

/* metric_set_check on a copy of the toy set with weekly table `w` and the effect and columns given. */
static sim_status check_with(const sim_metric *w, int nw, const sim_metric_effect *e, const sim_metric_column *head)
{
    sim_error_clear(); /* the message checked is this call's */
    sim_metric_set s = toy_set;
    s.weekly = w;
    s.nweekly = nw;
    if (e) s.effects = e;
    if (head) s.headline = head;
    return metric_set_check(&s);
}

Test(metric, check_rejects_broken_tables)
{
    sim_metric w[TOY_NWEEKLY];
    memcpy(w, toy_weekly, sizeof w);
    w[TOY_BATCHES].name = "widgets";
    cr_expect_eq(check_with(w, TOY_NWEEKLY, NULL, NULL), SIM_ERR_INTERNAL);
    cr_expect(strstr(sim_error_message(), "weekly metric 'widgets' appears twice") != NULL, "%s", sim_error_message());

    memcpy(w, toy_weekly, sizeof w);
    w[TOY_SPEND].name = "spend/EUR";
    cr_expect_eq(check_with(w, TOY_NWEEKLY, NULL, NULL), SIM_ERR_INTERNAL, "a name with '/' cannot name a dataset");

    memcpy(w, toy_weekly, sizeof w);
    w[TOY_PER_BATCH].denominator = TOY_SPEND; /* a stock: a ratio of sums needs two flows */
    cr_expect_eq(check_with(w, TOY_NWEEKLY, NULL, NULL), SIM_ERR_INTERNAL);
    cr_expect(strstr(sim_error_message(), "ratio 'per_batch'") != NULL, "%s", sim_error_message());

    memcpy(w, toy_weekly, sizeof w);
    w[TOY_PER_BATCH].numerator = TOY_NWEEKLY;
    cr_expect_eq(check_with(w, TOY_NWEEKLY, NULL, NULL), SIM_ERR_INTERNAL, "ratio index out of the table");

    const sim_metric_effect bad_effect[] = {{"saved", "EUR", "Saved", "spend", "arrivals"}};
    cr_expect_eq(check_with(toy_weekly, TOY_NWEEKLY, bad_effect, NULL), SIM_ERR_INTERNAL);
    cr_expect(strstr(sim_error_message(), "effect 'saved'") != NULL, "%s", sim_error_message());

    const sim_metric_column bad_head[] = {{"arrivals", "arrivals", 1}, {"spend", "spend", 1}};
    cr_expect_eq(check_with(toy_weekly, TOY_NWEEKLY, NULL, bad_head), SIM_ERR_INTERNAL);
    cr_expect(strstr(sim_error_message(), "headline column 'arrivals'") != NULL, "%s", sim_error_message());

    cr_expect_eq(metric_set_check(NULL), SIM_ERR_INTERNAL);
}

Test(metric, results_are_sized_by_the_set)
{
    sim_results *r = NULL;
    cr_assert_eq(results_create(&toy_set, 3, TOY_MONDAY, 10, toy_set.groups, &r), SIM_OK, "%s", sim_error_message());
    cr_expect_eq(r->metrics, &toy_set);
    cr_expect_eq(r->weeks, 2);
    /* Blocks are contiguous per replication, with the set's widths. */
    cr_expect_eq(results_weekly(r, 1) - r->weekly, 2 * TOY_NWEEKLY);
    cr_expect_eq(results_totals(r, 2) - r->totals, 2 * TOY_NWEEKLY);
    cr_expect_eq(results_daily(r, 1) - r->daily, 10 * 1);
    cr_expect_eq(results_group_weekly(r, 1) - r->group_weekly, 2 * 2 * 1);
    /* The last element of each array is addressable (ASan would catch an undersized block). */
    results_weekly(r, 2)[2 * TOY_NWEEKLY - 1] = 1;
    results_daily(r, 2)[9] = 1;
    results_group_weekly(r, 2)[3] = 1;
    results_destroy(&r);
    cr_expect_null(r);
    cr_expect_eq(results_create(NULL, 3, TOY_MONDAY, 10, 2, &r), SIM_ERR_INTERNAL, "no set, no results");
}

/* Toy results of 4 replications: baseline widgets 100..130 and spend 1000; the scenario saves 10, 10, 15, 10
 * widgets at 10 EUR each. */
static sim_results *toy_results(const char *name, int scenario)
{
    static const double base_w[4] = {100, 110, 120, 130}, saved[4] = {10, 10, 15, 10};
    sim_results *r = NULL;
    cr_assert_eq(results_create(&toy_set, 4, TOY_MONDAY, 14, toy_set.groups, &r), SIM_OK, "%s", sim_error_message());
    snprintf(r->name, sizeof r->name, "%s", name);
    for (int rep = 0; rep < 4; rep++) {
        double *t = results_totals(r, rep);
        t[TOY_WIDGETS] = base_w[rep] - (scenario ? saved[rep] : 0);
        t[TOY_BATCHES] = 10;
        t[TOY_SPEND] = 1000 + (scenario ? 10 * saved[rep] : 0);
        t[TOY_PER_BATCH] = t[TOY_WIDGETS] / t[TOY_BATCHES];
        for (int w = 0; w < r->weeks; w++) results_weekly(r, rep)[w * TOY_NWEEKLY + TOY_WIDGETS] = t[TOY_WIDGETS] / 2;
    }
    return r;
}

Test(metric, comparison_uses_the_sets_metrics_and_effects)
{
    sim_results *base = toy_results("base", 0), *scen = toy_results("cheaper", 1);
    cmp_result *c = NULL;
    cr_assert_eq(cmp_compute(scen, base, &c), SIM_OK, "%s", sim_error_message());
    cr_expect_eq(c->metrics, &toy_set);
    /* Differences -10, -10, -15, -10: mean -11.25. */
    cr_expect_float_eq(c->totals[TOY_WIDGETS][CMP_MEAN], -11.25, 1e-12);
    cr_expect_float_eq(c->totals[TOY_SPEND][CMP_MEAN], 112.5, 1e-12);
    cr_expect(c->totals[TOY_WIDGETS][CMP_LO] < -11.25 && c->totals[TOY_WIDGETS][CMP_HI] > -11.25);
    cr_expect_float_eq(c->weekly[(1 * TOY_NWEEKLY + TOY_WIDGETS) * CMP_COUNT + CMP_MEAN], -5.625, 1e-12);
    /* Spend is exactly 10 EUR per widget saved in every replication: ratio 10 with a zero-width interval. */
    cr_expect_float_eq(c->effects[0][CMP_MEAN], 10.0, 1e-9);
    cr_expect_float_eq(c->effects[0][CMP_LO], 10.0, 1e-6);
    cr_expect_float_eq(c->effects[0][CMP_HI], 10.0, 1e-6);
    cmp_destroy(&c);
    cr_expect_null(c);
    results_destroy(&base);
    results_destroy(&scen);
}

Test(metric, results_of_different_models_cannot_be_paired)
{
    sim_metric_set other = toy_set;
    sim_results *a = toy_results("base", 0), *b = NULL;
    cr_assert_eq(results_create(&other, 4, TOY_MONDAY, 14, 2, &b), SIM_OK);
    snprintf(b->name, sizeof b->name, "other");
    cmp_result *c = NULL;
    cr_expect_eq(cmp_compute(b, a, &c), SIM_ERR_CONFIG);
    cr_expect(strstr(sim_error_message(), "different models") != NULL, "%s", sim_error_message());
    cr_expect_null(c);
    results_destroy(&a);
    results_destroy(&b);
}
