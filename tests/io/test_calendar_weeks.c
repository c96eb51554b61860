/**
 * @file test_calendar_weeks.c
 * @brief Weekly outputs are calendar weeks, Monday to Sunday, as the Home Office
 *        publishes them (data/uk_small_boats_weekly.csv, `week_ending` a Sunday): a
 *        run from a Thursday has a partial first week ending on the Sunday of a
 *        published week, whole weeks whose values are the sums of their Monday-Sunday
 *        days, a partial last week, and the partial weeks flagged in the file.
 */
#include <criterion/criterion.h>

#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/metrics.h"
#include "sim/engine/calweek.h"
#include "sim/engine/date.h"
#include "sim/io/observed.h"
#include "sim/io/output.h"
#include "tests/support.h"

/* Thursday 2 January 2025 for 62 days, to Tuesday 4 March: 4 days, 8 whole weeks, 2 days. */
enum { T_DAYS = 62, T_WEEKS = 10, T_REPS = 2 };
#define T_START "2025-01-02"

static int day_of(const char *iso)
{
    int d = 0;
    cr_assert_eq(cfg_parse_date(iso, &d), SIM_OK, "%s", iso);
    return d;
}

/* n ints of dataset `path` in `file`. */
static void read_ints(const char *file, const char *path, int *v, size_t n)
{
    hid_t f = H5Fopen(file, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(f, 0, "cannot open %s", file);
    hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
    cr_assert_geq(d, 0, "no dataset %s", path);
    hid_t s = H5Dget_space(d);
    cr_assert_eq(H5Sget_simple_extent_npoints(s), (hssize_t)n, "%s has the wrong length", path);
    cr_assert_geq(H5Dread(d, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, v), 0);
    H5Sclose(s);
    H5Dclose(d);
    H5Fclose(f);
}

/* n variable-length strings of dataset `path` in `file`, each malloc'd into v[i]. */
static void read_strings(const char *file, const char *path, char **v, size_t n)
{
    hid_t f = H5Fopen(file, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(f, 0, "cannot open %s", file);
    hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
    cr_assert_geq(d, 0, "no dataset %s", path);
    hid_t s = H5Dget_space(d), t = H5Tcopy(H5T_C_S1);
    cr_assert_eq(H5Sget_simple_extent_npoints(s), (hssize_t)n, "%s has the wrong length", path);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    char **raw = calloc(n, sizeof *raw);
    cr_assert_geq(H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw), 0);
    for (size_t i = 0; i < n; i++) v[i] = strdup(raw[i] ? raw[i] : "");
    H5Dvlen_reclaim(t, s, H5P_DEFAULT, raw);
    free(raw);
    H5Tclose(t);
    H5Sclose(s);
    H5Dclose(d);
    H5Fclose(f);
}

/* Whether a week ending on `sunday` is a row of the Home Office's weekly table. */
static int published(const obs_record *obs, int sunday)
{
    for (int w = 0; w < obs->weeks; w++)
        if (obs->week_end[w] == sunday) return 1;
    return 0;
}

/* Sum of daily metric d of replication rep over the day numbers [first, end). */
static double daily_sum(const sim_results *r, int rep, int d, int first, int end)
{
    double s = 0;
    for (int day = first; day < end; day++) s += results_daily(r, rep)[(size_t)(day - r->start_day) * D_COUNT + d];
    return s;
}

Test(calendar_weeks, run_from_a_thursday_follows_home_office_weeks, .timeout = 120)
{
    char *dir = sup_tmpdir(), path[1024];
    snprintf(path, sizeof path, "%s/thursday.h5", dir);
    sup_result res = sup_chansim(dir, NULL,
                                 "run " SUP_BASELINE " -r %d -q --set scenario.start_date=" T_START
                                 " --set scenario.days=%d --set scenario.warmup_days=60 --set run.ensemble=none -o '%s'",
                                 T_REPS, T_DAYS, path);
    cr_assert_eq(res.status, 0, "run failed: %s", res.err);
    sup_result_free(&res);

    obs_record *obs = NULL;
    cr_assert_eq(obs_load_dir("data", &obs), SIM_OK, "%s", sim_error_message());
    sim_results *r = NULL;
    cr_assert_eq(out_read_scenario(path, "baseline", model_metric_set(), &r), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(r->weeks, T_WEEKS, "%d weeks, expected %d", r->weeks, T_WEEKS);

    /* The week axis: Mondays, with the partial first and last weeks flagged. */
    int week[T_WEEKS], wdays[T_WEEKS], part[T_WEEKS];
    read_ints(path, "/scenarios/baseline/weekly/week", week, T_WEEKS);
    read_ints(path, "/scenarios/baseline/weekly/week_days", wdays, T_WEEKS);
    read_ints(path, "/scenarios/baseline/summary/weekly/partial_week", part, T_WEEKS);
    cr_expect_eq(week[0], day_of("2024-12-30"), "week 0 is labelled by its Monday, before the start date");
    cr_expect(wdays[0] == 4 && part[0] == 1, "first week: %d days, partial %d (Thursday to Sunday)", wdays[0], part[0]);
    cr_expect(wdays[T_WEEKS - 1] == 2 && part[T_WEEKS - 1] == 1, "last week: %d days, partial %d", wdays[T_WEEKS - 1],
              part[T_WEEKS - 1]);
    for (int k = 1; k < T_WEEKS - 1; k++) cr_expect(wdays[k] == 7 && part[k] == 0, "week %d is whole", k);
    char *iso[T_WEEKS] = {0};
    read_strings(path, "/scenarios/baseline/week_start", iso, T_WEEKS);
    cr_expect_str_eq(iso[0], "2024-12-30", "week_start[0] is the Monday of the start date's week");
    cr_expect_str_eq(iso[T_WEEKS - 1], "2025-03-03");
    for (int k = 0; k < T_WEEKS; k++) free(iso[k]);

    /* Every week ends on the Sunday of a published week; the first one on Sunday 5 January. */
    cr_expect_eq(week[0] + 6, day_of("2025-01-05"));
    for (int k = 0; k < T_WEEKS; k++) {
        cr_expect_eq(cfg_date_weekday(week[k]), 1, "week %d does not start on a Monday", k);
        cr_expect(published(obs, week[k] + 6), "week %d (Monday %d) ends on no week_ending of SB_02", k, week[k]);
    }

    /* Whole weeks are the sums of the days Monday to Sunday that the published week covers;
     * partial weeks sum their simulated days; the weeks add up to the totals (flows unchanged). */
    static const struct {
        daily_id d;
        metric_id m;
    } pairs[] = {{D_ARRIVALS, M_ARRIVALS}, {D_BOATS, M_BOATS}, {D_DEATHS, M_DEATHS}};
    for (int rep = 0; rep < T_REPS; rep++)
        for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
            double all = 0;
            for (int k = 0; k < T_WEEKS; k++) {
                int sunday = week[k] + 6;
                int first = week[k] < r->start_day ? r->start_day : week[k];
                int end = sunday + 1 < r->start_day + r->days ? sunday + 1 : r->start_day + r->days;
                double want = daily_sum(r, rep, pairs[i].d, first, end);
                double got = results_weekly(r, rep)[(size_t)k * M_COUNT + pairs[i].m];
                cr_expect_eq(got, want, "replication %d week %d: weekly %s %g, days %g", rep, k,
                             metric_table[pairs[i].m].name, got, want);
                all += got;
            }
            cr_expect_eq(all, results_totals(r, rep)[pairs[i].m], "weeks do not add up to the total");
        }
    /* The summaries carry the same partial weeks: the mean of week 0 is over its 4 days only. */
    out_summary *s = NULL;
    cr_assert_eq(out_read_summary(path, "baseline", model_metric_set(), &s), SIM_OK, "%s", sim_error_message());
    cr_expect_eq(s->weeks, T_WEEKS);
    cr_expect_eq(s->days, T_DAYS);
    double mean0 = 0;
    for (int rep = 0; rep < T_REPS; rep++)
        mean0 += daily_sum(r, rep, D_ARRIVALS, r->start_day, day_of("2025-01-06")) / T_REPS;
    cr_expect_float_eq(s->weekly[(size_t)M_ARRIVALS * SUMMARY_COUNT + S_MEAN], mean0, 1e-9);
    out_summary_destroy(&s);
    results_destroy(&r);
    obs_destroy(&obs);
    sup_rmtree(dir);
    free(dir);
}

Test(calendar_weeks, partial_week_ratio_uses_its_simulated_days, .timeout = 120)
{
    /* People per boat is a ratio of the week's flows: in the partial first week, of its 4 simulated days. */
    char *dir = sup_tmpdir(), path[1024];
    snprintf(path, sizeof path, "%s/thursday.h5", dir);
    sup_result res = sup_chansim(dir, NULL,
                                 "run " SUP_BASELINE " -r 1 -q --set scenario.start_date=" T_START
                                 " --set scenario.days=%d --set scenario.warmup_days=60 --set run.ensemble=none -o '%s'",
                                 T_DAYS, path);
    cr_assert_eq(res.status, 0, "run failed: %s", res.err);
    sup_result_free(&res);
    sim_results *r = NULL;
    cr_assert_eq(out_read_scenario(path, "baseline", model_metric_set(), &r), SIM_OK, "%s", sim_error_message());
    const double *w0 = results_weekly(r, 0);
    double arrivals = daily_sum(r, 0, D_ARRIVALS, r->start_day, r->start_day + 4);
    double boats = daily_sum(r, 0, D_BOATS, r->start_day, r->start_day + 4);
    if (boats > 0) cr_expect_float_eq(w0[M_PEOPLE_PER_BOAT], arrivals / boats, 1e-12);
    /* Days with crossing weather: a flow of at most the 4 simulated days. */
    cr_expect_leq(w0[M_SUITABLE_DAYS], 4, "week 0 has %g suitable days in 4 simulated days", w0[M_SUITABLE_DAYS]);
    results_destroy(&r);
    sup_rmtree(dir);
    free(dir);
}
