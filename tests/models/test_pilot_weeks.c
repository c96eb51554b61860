/**
 * @file test_pilot_weeks.c
 * @brief The UK-France pilot's weekly cap counts calendar weeks (Monday to Sunday, as
 *        the Home Office reports them): two runs that start on different weekdays
 *        release returns on the same weekdays and never more than the cap in a
 *        calendar week.
 *
 * Daily returns are not an output, so they are recovered from the horizon totals:
 * the model's randomness is keyed by date and replication, never by the horizon, so a
 * run of k days is the first k days of a longer run, and the returns of day k are the
 * total over k days minus the total over k - 1 days (checked: the totals never fall).
 * The pilot starts two months before the runs with a cap of 50 a week, so by the
 * horizon the detention queue holds more people past their delay than the cap lets go:
 * the cap binds every week and the whole week's allowance goes on its first day.
 */
#include <criterion/criterion.h>

#include <stdio.h>

#include "models/model.h"
#include "sim/engine/config.h"
#include "sim/engine/results.h"
#include "sim/run/scenario.h"
#include "tests/support.h"

enum { DAYS = 28, CAP = 50 };

/* Returns to France on each of the first DAYS days of a run starting on `start`. */
static void daily_returns(const char *start, double *out)
{
    char set_start[64];
    snprintf(set_start, sizeof set_start, "scenario.start_date=%s", start);
    const char *over[] = {set_start, "run.ensemble=none", "france_returns.start=2024-11-01", "france_returns.weekly_cap=50",
                          "scenario.warmup_days=120", NULL};
    scenario *s = sup_load("configs/scenarios/france_returns_pilot.ini", over);
    double prev = 0;
    for (int k = 1; k <= DAYS; k++) {
        s->params.scenario.days = k;
        model *m = NULL;
        sim_results *res = NULL;
        cr_assert_eq(model_create(&s->params, &m), SIM_OK, "%s", sim_error_message());
        cr_assert_eq(results_create(model_metric_set(), 1, s->params.scenario.start_date, k, MIG_GROUPS, &res), SIM_OK);
        cr_assert_eq(model_run(m, (rng_key){7, 0}, res, 0), SIM_OK, "%s", sim_error_message());
        double tot = results_totals(res, 0)[M_RETURNED_FRANCE];
        cr_assert_geq(tot, prev, "a longer horizon never has fewer returns (day %d)", k);
        out[k - 1] = tot - prev;
        prev = tot;
        results_destroy(&res);
        model_destroy(&m);
    }
    scenario_destroy(&s);
}

static void check_calendar_weeks(const char *start)
{
    double r[DAYS];
    daily_returns(start, r);
    int first = 0;
    cr_assert_eq(cfg_parse_date(start, &first), SIM_OK);
    double week = 0, released = 0;
    int mondays = 0;
    for (int d = 0; d < DAYS; d++) {
        int date = first + d;
        if (cfg_date_monday(date) == date) {
            week = 0;
            mondays++;
            cr_expect_eq(r[d], CAP, "%s: the whole allowance goes on Monday %d (got %g)", start, d, r[d]);
        } else {
            cr_expect_eq(r[d], 0, "%s: nothing left for day %d, a weekday after Monday (got %g)", start, d, r[d]);
        }
        week += r[d];
        released += r[d];
        cr_expect_leq(week, CAP, "%s: at most %d returns in a calendar week", start, CAP);
    }
    cr_expect_eq(released, CAP * mondays, "%s: the cap binds every week", start);
}

Test(pilot_weeks, monday_start, .timeout = 120) { check_calendar_weeks("2025-01-06"); }

Test(pilot_weeks, thursday_start_same_weeks, .timeout = 120) { check_calendar_weeks("2025-01-09"); }
