/**
 * @file test_validate.c
 * @brief `chansim validate` on a hand-made results file against a hand-made record:
 *        the CSV's columns, yearly and half-yearly rows, and interval coverage and
 *        correlation of the monthly series computed by hand.
 *
 * The record: 2024, 10 people in 1 boat on every other day from 1 January (183 days),
 * preventions of 30 people a week published from the week ending 2024-07-07, 5 deaths.
 * The simulation: 4 replications of 2024; on the same days replication r lands k[r][m]
 * people in month m in 1 boat, prevents 3 people every day, and has r deaths in all. k:
 *   Jan-Mar  8, 9, 11, 12    record's 10 inside the 50% (8.75..11.25) and 90% intervals
 *   Apr-Jun  7, 8, 8.5, 14   inside the 90% (7.15..13.175), outside the 50% (7.75..9.875)
 *   Jul-Dec  11, 12, 13, 14  outside both (5% quantile 11.15)
 * Monthly sums scale every value by the same day count, so coverage50 = 3/12 and
 * coverage90 = 6/12 exactly (quantiles: GSL's linear interpolation, as in summary.h).
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>

#include "sim/engine/config.h"
#include "sim/io/observed.h"
#include "sim/io/output.h"
#include "sim/engine/results.h"
#include "sim/experiments/validate.h"
#include "tests/support.h"
#include "models/metrics.h"

enum { DAYS = 366, REPS = 4 };

static const double K[3][REPS] = {{8, 9, 11, 12}, {7, 8, 8.5, 14}, {11, 12, 13, 14}};

static double k_of(int rep, int month) { return K[month < 3 ? 0 : month < 6 ? 1 : 2][rep]; }

static char *scratch;
static int jan1;

static void setup(void)
{
    scratch = sup_tmpdir();
    cr_assert_eq(cfg_parse_date("2024-01-01", &jan1), SIM_OK);
}

static void teardown(void)
{
    sup_rmtree(scratch);
    free(scratch);
}

TestSuite(validate, .init = setup, .fini = teardown, .timeout = 60);

static void write_record(void)
{
    char path[1024], *text = malloc(64 * 1024);
    size_t n = (size_t)sprintf(text, "date,migrants,boats\n");
    for (int d = 0; d < DAYS; d++) {
        char date[16];
        cfg_format_date(jan1 + d, date, sizeof date);
        n += (size_t)sprintf(text + n, "%s,%d,%d\n", date, d % 2 == 0 ? 10 : 0, d % 2 == 0 ? 1 : 0);
    }
    snprintf(path, sizeof path, "%s/uk_small_boats_daily.csv", scratch);
    sup_write_file(path, text);

    /* Weeks Monday..Sunday: 2024-01-07 is the first Sunday. */
    n = (size_t)sprintf(text, "week_ending,migrants,boats,prevented_migrants,prevented_events\n");
    for (int end = 6; end < DAYS; end += 7) {
        int people = 0, boats = 0;
        for (int d = end - 6; d <= end; d++) {
            people += d % 2 == 0 ? 10 : 0;
            boats += d % 2 == 0;
        }
        char date[16];
        cfg_format_date(jan1 + end, date, sizeof date);
        if (end >= 188) n += (size_t)sprintf(text + n, "%s,%d,%d,30,1\n", date, people, boats); /* from 2024-07-07 */
        else n += (size_t)sprintf(text + n, "%s,%d,%d,,\n", date, people, boats);
    }
    snprintf(path, sizeof path, "%s/uk_small_boats_weekly.csv", scratch);
    sup_write_file(path, text);
    snprintf(path, sizeof path, "%s/deaths_annual.csv", scratch);
    sup_write_file(path, "year,deaths,source\n2024,5,\"hand-made, for tests\"\n");
    free(text);
}

static void write_results(void)
{
    sim_results *r = NULL;
    cr_assert_eq(results_create(model_metric_set(), REPS, jan1, DAYS, 1, &r), SIM_OK);
    snprintf(r->name, sizeof r->name, "hand");
    snprintf(r->group_names[0], sizeof r->group_names[0], "all");
    r->seed = 1;
    for (int rep = 0; rep < REPS; rep++) {
        double *daily = results_daily(r, rep);
        for (int d = 0; d < DAYS; d++) {
            double *row = daily + (size_t)d * D_COUNT;
            int month = cfg_date_month(jan1 + d) - 1;
            row[D_ARRIVALS] = d % 2 == 0 ? k_of(rep, month) : 0;
            row[D_BOATS] = d % 2 == 0 ? 1 : 0;
            row[D_PREVENTED_PEOPLE] = 3;
            row[D_DEATHS] = d == 0 ? rep : 0;
        }
    }
    char path[1024];
    snprintf(path, sizeof path, "%s/hand.h5", scratch);
    out_file *f = NULL;
    cr_assert_eq(out_open(path, 0, &f), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(out_write_scenario(f, r), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(out_commit(&f), SIM_OK, "%s", sim_error_message());
    results_destroy(&r);
}

/* Fields of the CSV row (period, metric); asserts it exists. Returns a static copy. */
static char **find_row(const char *csv, const char *period, const char *metric)
{
    static char line[512];
    static char *field[9];
    char key[128];
    snprintf(key, sizeof key, "\nhand,%s,%s,", period, metric);
    const char *at = strstr(csv, key);
    cr_assert_not_null(at, "no row %s,%s", period, metric);
    at++;
    size_t len = strcspn(at, "\n");
    cr_assert_lt(len, sizeof line);
    memcpy(line, at, len);
    line[len] = '\0';
    int n = 0;
    char *s = line;
    for (;;) {
        field[n++] = s;
        char *comma = strchr(s, ',');
        if (!comma || n == 9) break;
        *comma = '\0';
        s = comma + 1;
    }
    cr_assert_eq(n, 9, "row %s,%s has %d fields", period, metric, n);
    return field;
}

static double num(const char *s)
{
    cr_assert(s[0] != '\0', "empty number");
    return strtod(s, NULL);
}

/* Days with arrivals (even days from 1 January) in month m (0-based) of 2024. */
static int even_days(int m)
{
    int c = 0;
    for (int d = 0; d < DAYS; d++) c += cfg_date_month(jan1 + d) - 1 == m && d % 2 == 0;
    return c;
}

static char *run_validate(const char *extra)
{
    write_record();
    write_results();
    sup_result r = sup_chansim(scratch, NULL, "validate %s/hand.h5 --observed %s/uk_small_boats_daily.csv -o %s/val %s",
                               scratch, scratch, scratch, extra ? extra : "");
    cr_assert_eq(r.status, 0, "validate failed: %s", r.err);
    cr_expect(strstr(r.out, "coverage90") != NULL, "the table is printed: %s", r.out);
    sup_result_free(&r);
    char path[1024];
    snprintf(path, sizeof path, "%s/val/validation.csv", scratch);
    char *csv = sup_read_file(path, NULL);
    cr_assert_not_null(csv);
    return csv;
}

Test(validate, columns_and_yearly_rows)
{
    char *csv = run_validate(NULL);
    const char *header = "scenario,period,metric,observed,sim_mean,sim_q05,sim_q95,rel_error,window\n";
    cr_expect(strncmp(csv, header, strlen(header)) == 0, "header: %.80s", csv);

    /* Arrivals 2024: record 10 x 183; replication r: sum over months of k[r][m] x even days. */
    double sims[REPS], mean = 0;
    for (int r = 0; r < REPS; r++) {
        sims[r] = 0;
        for (int m = 0; m < 12; m++) sims[r] += k_of(r, m) * even_days(m);
        mean += sims[r] / REPS;
    }
    char **f = find_row(csv, "2024", "arrivals");
    cr_expect_float_eq(num(f[3]), 1830, 1e-9);
    cr_expect_float_eq(num(f[4]), mean, 1e-6);
    cr_expect_float_eq(num(f[7]), (mean - 1830) / 1830, 1e-9);
    cr_expect_lt(num(f[5]), num(f[4]));
    cr_expect_gt(num(f[6]), num(f[4]));

    f = find_row(csv, "2024", "days_with_arrivals");
    cr_expect_float_eq(num(f[3]), 183, 1e-9);
    cr_expect_float_eq(num(f[4]), 183, 1e-9);
    f = find_row(csv, "2024", "boats");
    cr_expect_float_eq(num(f[7]), 0, 1e-12, "same boats: no error");
    f = find_row(csv, "2024", "people_per_boat");
    cr_expect_float_eq(num(f[3]), 10, 1e-9);

    /* Deaths: 0, 1, 2, 3 against 5 -> mean 1.5, q05 0.15, q95 2.85, rel_error -0.7. */
    f = find_row(csv, "2024", "deaths");
    cr_expect_float_eq(num(f[3]), 5, 1e-12);
    cr_expect_float_eq(num(f[4]), 1.5, 1e-12);
    cr_expect_float_eq(num(f[5]), 0.15, 1e-9);
    cr_expect_float_eq(num(f[6]), 2.85, 1e-9);
    cr_expect_float_eq(num(f[7]), -0.7, 1e-12);
    cr_expect(strstr(csv, "hand,2024H1,deaths,") == NULL, "deaths are annual only");

    /* Prevention share over the 26 published weeks (weeks ending 2024-07-07 .. 2024-12-29). */
    f = find_row(csv, "2024", "prevention_share");
    double arrivals = 0;
    for (int end = 188; end < DAYS; end += 7)
        for (int d = end - 6; d <= end; d++) arrivals += d % 2 == 0 ? 10 : 0;
    cr_expect_float_eq(num(f[3]), 30.0 * 26 / (30.0 * 26 + arrivals), 1e-9);
    f = find_row(csv, "2024H1", "arrivals");
    cr_expect_float_eq(num(f[3]), 10.0 * (even_days(0) + even_days(1) + even_days(2) + even_days(3) + even_days(4) +
                                          even_days(5)),
                       1e-9);
    find_row(csv, "2024H2", "arrivals");
    find_row(csv, "2024-03", "arrivals");
    free(csv);
}

Test(validate, monthly_coverage_and_correlation)
{
    char *csv = run_validate(NULL);
    char **f = find_row(csv, "monthly", "coverage50");
    cr_expect_float_eq(num(f[4]), 0.25, 1e-12, "3 of 12 months inside the 50%% interval");
    cr_expect_eq(f[3][0], '\0', "no observed value for a fit measure");
    cr_expect_eq(f[7][0], '\0');
    f = find_row(csv, "monthly", "coverage90");
    cr_expect_float_eq(num(f[4]), 0.5, 1e-12, "6 of 12 months inside the 90%% interval");
    f = find_row(csv, "monthly", "boats_coverage90");
    cr_expect_float_eq(num(f[4]), 1.0, 1e-12, "the same boats in every replication: all inside");

    double obs[12], sim[12];
    for (int m = 0; m < 12; m++) {
        obs[m] = 10.0 * even_days(m);
        double k = 0;
        for (int r = 0; r < REPS; r++) k += k_of(r, m) / REPS;
        sim[m] = k * even_days(m);
    }
    f = find_row(csv, "monthly", "correlation");
    cr_expect_float_eq(num(f[4]), gsl_stats_correlation(obs, 1, sim, 1, 12), 1e-9);
    free(csv);
}

Test(validate, outputs_are_kept_and_errors_reported)
{
    char *csv = run_validate(NULL);
    free(csv);
    sup_result r = sup_chansim(scratch, NULL, "validate %s/hand.h5 --observed %s/uk_small_boats_daily.csv -o %s/val",
                               scratch, scratch, scratch);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "exists") != NULL, "%s", r.err);
    sup_result_free(&r);
    r = sup_chansim(scratch, NULL, "validate %s/hand.h5 --observed %s/uk_small_boats_daily.csv -o %s/val --force -q",
                    scratch, scratch, scratch);
    cr_expect_eq(r.status, 0, "%s", r.err);
    sup_result_free(&r);
    r = sup_chansim(scratch, NULL, "validate %s/hand.h5", scratch);
    cr_expect_eq(r.status, 2, "-o is required");
    sup_result_free(&r);
    r = sup_chansim(scratch, NULL, "validate %s/hand.h5 --observed %s/nope.csv -o %s/v2", scratch, scratch, scratch);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "nope.csv") != NULL, "names the missing file: %s", r.err);
    sup_result_free(&r);
    r = sup_chansim(scratch, NULL, "validate %s/hand.h5 --observed %s/uk_small_boats_daily.csv -o %s/v3 --scenario x",
                    scratch, scratch, scratch);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "no scenario 'x'") != NULL, "%s", r.err);
    sup_result_free(&r);
}

/* The whole of `path` (asserting it exists). */
static char *slurp(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *text = sup_read_file(path, NULL);
    cr_assert_not_null(text, "cannot read %s", path);
    return text;
}

/* Field `col` (0-based) of the scores.csv row starting with `key` after the scenario. */
static double score_field(const char *csv, const char *key, int col)
{
    const char *at = strstr(csv, key);
    cr_assert_not_null(at, "no row %s", key);
    while (at > csv && at[-1] != '\n') at--;
    for (int c = 0; c < col; c++) {
        at = strchr(at, ',');
        cr_assert_not_null(at);
        at++;
    }
    return num(at);
}

Test(validate, scores_of_a_month_by_hand)
{
    char *csv = run_validate(NULL);
    free(csv);
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/val", scratch);
    char *scores = slurp(dir, "scores.csv");
    /* January 2024: 16 even days. Record 160; replications k x 16 = 128, 144, 176, 192.
     * E|X - y| = (32 + 16 + 16 + 32)/4 = 24; E|X - X'| = 2 (16+48+64+32+48+16)/16 = 28;
     * CRPS = 24 - 14 = 10. Columns: observed 11, crps 18, in50 20, in90 21. */
    const char *key = ",month,2024-01,2024-01-01,2024-01-31,0,arrivals,model,";
    cr_expect_float_eq(score_field(scores, key, 11), 160, 1e-9);
    cr_expect_float_eq(score_field(scores, key, 18), 10, 1e-9);
    cr_expect_float_eq(score_field(scores, key, 20), 1, 1e-12);
    /* The first week of 2024 is whole (1 January was a Monday); the last is cut by the
     * window's end on Tuesday 31 December and flagged partial. */
    cr_expect(strstr(scores, ",week,2024-01-01,2024-01-01,2024-01-07,0,arrivals,model,") != NULL);
    cr_expect(strstr(scores, ",week,2024-12-30,2024-12-30,2024-12-31,1,arrivals,model,") != NULL, "partial week");
    /* No record before 2024: the naive forecasts cannot be made and say so. */
    cr_expect(strstr(scores, "naive_last_year,160,,,,,,,,,,,the record before the origin is too short") != NULL);
    free(scores);
    char *skill = slurp(dir, "skill.csv");
    cr_expect(strstr(skill, "hand,2024-01-01..2024-12-31,,,month,arrivals,model,0,") != NULL,
              "no month has all three forecasts: %.300s", skill);
    free(skill);
}

Test(validate, windows_and_skipped_periods)
{
    write_record();
    write_results();
    sup_result r = sup_chansim(scratch, NULL,
                               "validate %s/hand.h5 --observed %s/uk_small_boats_daily.csv -o %s/w --from 2024-02-10 "
                               "--to 2024-03-31 --from 2024-06-01 --to 2024-06-30",
                               scratch, scratch, scratch);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "window 2024-02-10..2024-03-31") != NULL, "%s", r.out);
    cr_expect(strstr(r.out, "skipped 2024-06-01..2024-06-30 week naive_last_year") != NULL,
              "skipped periods are listed: %s", r.out);
    sup_result_free(&r);
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/w", scratch);
    char *v = slurp(dir, "validation.csv");
    cr_expect(strstr(v, "hand,2024-02,") == NULL, "February is cut by the window: no complete-month row");
    cr_expect(strstr(v, "hand,2024-03,arrivals,") != NULL);
    cr_expect(strstr(v, "hand,2024-06,arrivals,") != NULL);
    cr_expect(strstr(v, "hand,2024-05,") == NULL, "May is outside both windows");
    free(v);
    char *s = slurp(dir, "scores.csv");
    cr_expect(strstr(s, ",month,2024-02,2024-02-10,2024-02-29,1,arrivals,model,") != NULL, "partial month");
    free(s);
}

/* Run validate expecting failure with `code` and `needle` in the message; nothing written. */
static void refused(int code, const char *needle, const char *args)
{
    char h5[1100];
    snprintf(h5, sizeof h5, "%s/hand.h5", scratch);
    write_record();
    if (!sup_exists(h5)) write_results();
    sup_result r = sup_chansim(scratch, NULL, "validate %s/hand.h5 -o %s/out %s", scratch, scratch, args);
    cr_expect_eq(r.status, code, "exit %d for %s: %s", r.status, args, r.err);
    cr_expect(strstr(r.err, needle) != NULL, "'%s' in: %s", needle, r.err);
    char out[1100];
    snprintf(out, sizeof out, "%s/out", scratch);
    cr_expect(!sup_exists(out), "nothing written for %s", args);
    sup_result_free(&r);
}

Test(validate, bad_windows_refused)
{
    char obs[1100], args[2400];
    snprintf(obs, sizeof obs, "--observed %s/uk_small_boats_daily.csv", scratch);
    snprintf(args, sizeof args, "%s --from 2024-05-01 --to 2024-04-01", obs);
    refused(2, "--from 2024-05-01 is after --to 2024-04-01", args);
    snprintf(args, sizeof args, "%s --from 2023-06-01", obs);
    refused(2, "--from 2023-06-01 is outside the record", args);
    snprintf(args, sizeof args, "%s --to 2025-02-01", obs);
    refused(2, "--to 2025-02-01 is outside the record", args);
    snprintf(args, sizeof args, "%s --from 2024-01-01 --to 2024-03-31 --from 2024-03-01 --to 2024-04-30", obs);
    refused(2, "windows 1 (--from 2024-01-01 --to 2024-03-31) and 2 (--from 2024-03-01 --to 2024-04-30) overlap", args);
    snprintf(args, sizeof args, "%s --from 2024-01-01 --from 2024-03-01 --to 2024-04-30", obs);
    refused(2, "2 --from and 1 --to", args);
    snprintf(args, sizeof args, "%s --from 2024-13-01", obs);
    refused(2, "--from: expected a date", args);
}

Test(validate, observed_files_checked_and_found_beside)
{
    char args[2400];
    /* The weekly file given as the daily one: a different column set, named with its line. */
    snprintf(args, sizeof args, "--observed %s/uk_small_boats_weekly.csv", scratch);
    refused(1, "uk_small_boats_weekly.csv:1: expected the header 'date,migrants,boats'", args);
    snprintf(args, sizeof args, "--observed %s/uk_small_boats_daily.csv --weekly %s/uk_small_boats_daily.csv", scratch,
             scratch);
    refused(1, "uk_small_boats_daily.csv:1: expected the header 'week_ending,", args);
    /* Named but missing. */
    snprintf(args, sizeof args, "--observed %s/uk_small_boats_daily.csv --deaths %s/none.csv", scratch, scratch);
    refused(1, "none.csv", args);
    /* Only --weekly: the daily file is found beside it. */
    sup_result r = sup_chansim(scratch, NULL, "validate %s/hand.h5 -o %s/b --weekly %s/uk_small_boats_weekly.csv",
                               scratch, scratch, scratch);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "observed: ") != NULL && strstr(r.out, "/uk_small_boats_daily.csv") != NULL, "%s", r.out);
    sup_result_free(&r);
    /* A weekly file alone in a directory: no daily file beside it. */
    char lone[1100];
    snprintf(lone, sizeof lone, "%s/lone", scratch);
    r = sup_shell(scratch, "mkdir -p %s && cp %s/uk_small_boats_weekly.csv %s/", lone, scratch, lone);
    sup_result_free(&r);
    snprintf(args, sizeof args, "--weekly %s/uk_small_boats_weekly.csv", lone);
    refused(2, "no --observed and no", args);
}

Test(validate, scenario_outside_window_refused)
{
    write_record();
    sim_results *res = NULL;
    cr_assert_eq(results_create(model_metric_set(), 1, jan1 + 3, 20, 1, &res), SIM_OK); /* 4 .. 23 January */
    snprintf(res->name, sizeof res->name, "short");
    snprintf(res->group_names[0], sizeof res->group_names[0], "all");
    char path[1024];
    snprintf(path, sizeof path, "%s/short.h5", scratch);
    out_file *f = NULL;
    cr_assert_eq(out_open(path, 0, &f), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(out_write_scenario(f, res), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(out_commit(&f), SIM_OK, "%s", sim_error_message());
    results_destroy(&res);
    sup_result r = sup_chansim(scratch, NULL,
                               "validate %s/short.h5 --observed %s/uk_small_boats_daily.csv -o %s/s --from 2024-03-01",
                               scratch, scratch, scratch);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "scenario 'short' (2024-01-04 .. 2024-01-23) has no day in the window 2024-03-01") != NULL,
              "%s", r.err);
    sup_result_free(&r);
    /* Inside January only: no complete month, but the weeks and the window are scored. */
    r = sup_chansim(scratch, NULL, "validate %s/short.h5 --observed %s/uk_small_boats_daily.csv -o %s/s", scratch,
                    scratch, scratch);
    cr_expect_eq(r.status, 0, "%s", r.err);
    sup_result_free(&r);
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/s", scratch);
    char *s = slurp(dir, "scores.csv");
    cr_expect(strstr(s, "short,2024-01-04..2024-01-23,,,week,2024-01-01,2024-01-04,2024-01-07,1,arrivals,model,") != NULL,
              "%.400s", s);
    free(s);
}
