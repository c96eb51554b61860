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
    cr_assert_eq(results_create(REPS, DAYS, 1, &r), SIM_OK);
    snprintf(r->name, sizeof r->name, "hand");
    snprintf(r->group_names[0], sizeof r->group_names[0], "all");
    r->start_day = jan1;
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
    static char *field[8];
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
        if (!comma || n == 8) break;
        *comma = '\0';
        s = comma + 1;
    }
    cr_assert_eq(n, 8, "row %s,%s has %d fields", period, metric, n);
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
    const char *header = "scenario,period,metric,observed,sim_mean,sim_q05,sim_q95,rel_error\n";
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

Test(validate, no_common_month_is_an_error)
{
    write_record();
    sim_results *r = NULL;
    cr_assert_eq(results_create(1, 20, 1, &r), SIM_OK);
    snprintf(r->name, sizeof r->name, "short");
    r->start_day = jan1 + 3; /* 4 .. 23 January: no whole month */
    char path[1024];
    snprintf(path, sizeof path, "%s/uk_small_boats_daily.csv", scratch);
    obs_record *obs = NULL;
    cr_assert_eq(obs_load(path, NULL, NULL, &obs), SIM_OK);
    val_table t = {0};
    sim_error_clear();
    cr_expect_eq(validate_scenario(r, obs, &t), SIM_ERR_CONFIG);
    cr_expect(strstr(sim_error_message(), "share no complete month") != NULL, "%s", sim_error_message());
    sim_error_clear();
    val_table_free(&t);
    obs_destroy(&obs);
    results_destroy(&r);
}
