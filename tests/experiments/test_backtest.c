/**
 * @file test_backtest.c
 * @brief `chansim backtest`: the [backtest] section's errors (file, line, key), a small
 *        run's tables (scores by origin and horizon, pooled scores, the HDF5 table),
 *        windows the simulation or the record do not cover listed as skipped, and the
 *        pooling over origins against a hand-made table.
 */
#include <criterion/criterion.h>

#include <hdf5.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/engine/config.h"
#include "sim/experiments/backtest.h"
#include "tests/support.h"

static char *scratch;

static void setup(void) { scratch = sup_tmpdir(); }

static void teardown(void)
{
    sup_rmtree(scratch);
    free(scratch);
}

TestSuite(backtest, .init = setup, .fini = teardown, .timeout = 120);

/* BT.ini in the scratch directory: a 200-day replay from 2025-01-01 plus `section`. */
static void write_bt(const char *section)
{
    char cwd[PATH_MAX], path[1100], text[16384];
    cr_assert_not_null(getcwd(cwd, sizeof cwd));
    snprintf(text, sizeof text,
             "extends = %s/configs/calibration/history_2022_2025.ini\n"
             "[scenario]\nname = bt_test\nstart_date = 2025-01-01\ndays = 200\n"
             "[run]\nreplications = 3\n%s",
             cwd, section);
    snprintf(path, sizeof path, "%s/BT.ini", scratch);
    sup_write_file(path, text);
}

static void refused(const char *section, const char *needle)
{
    write_bt(section);
    sup_result r = sup_chansim(scratch, NULL, "backtest %s/BT.ini -o %s/out --no-plots -q", scratch, scratch);
    cr_expect_eq(r.status, 1, "exit %d: %s", r.status, r.err);
    cr_expect(strstr(r.err, needle) != NULL, "'%s' in: %s", needle, r.err);
    char out[1100];
    snprintf(out, sizeof out, "%s/out", scratch);
    cr_expect(!sup_exists(out), "nothing written");
    sup_result_free(&r);
}


Test(backtest, bad_sections_refused)
{
    char cwd[1024], obs[1100], s[4096];
    cr_assert_not_null(getcwd(cwd, sizeof cwd));
    snprintf(obs, sizeof obs, "observed = %s/data/uk_small_boats_daily.csv\n", cwd);
    snprintf(s, sizeof s, "[backtest]\nhorizons_weeks = 4\n%s", obs);
    refused(s, "[backtest] origins: missing");
    snprintf(s, sizeof s, "[backtest]\norigins = 2025-03-03, 2025-02-03\nhorizons_weeks = 4\n%s", obs);
    refused(s, "BT.ini:9: [backtest] origins: 2025-02-03 does not follow 2025-03-03");
    snprintf(s, sizeof s, "[backtest]\norigins = 2025-03-03\nhorizons_weeks = 4, 60\n%s", obs);
    refused(s, "BT.ini:10: [backtest] horizons_weeks: expected increasing whole numbers of weeks from 1 to 52, got '60'");
    snprintf(s, sizeof s, "[backtest]\norigins = 2025-03-03\nhorizons_weeks = 4\nhorizon = 3\n%s", obs);
    refused(s, "BT.ini:11: [backtest] horizon: unknown key");
    snprintf(s, sizeof s, "[backtest]\norigins = 2025-09-01\nhorizons_weeks = 4\n%s", obs);
    refused(s, "origins: 2025-09-01 is not inside the scenario's horizon");
    snprintf(s, sizeof s, "[backtest]\norigins = 2025-03-03\nhorizons_weeks = 4\nobserved = nope.csv\n");
    refused(s, "nope.csv");
    /* A key longer than any buffer is still named with its line. */
    char key[201];
    memset(key, 'k', sizeof key - 1);
    key[sizeof key - 1] = '\0';
    snprintf(s, sizeof s, "[backtest]\norigins = 2025-03-03\nhorizons_weeks = 4\n%s = 3\n%s", key, obs);
    refused(s, "BT.ini:11: [backtest] kkkkkkkkkk");
    /* Padding that pushes a date past the list's buffer is refused, not dropped unseen. */
    char big[8192];
    snprintf(big, sizeof big, "[backtest]\norigins = 2025-03-03%*s, 2025-04-07\nhorizons_weeks = 4\n%s", 4100, "", obs);
    refused(big, "BT.ini:9: [backtest] origins: expected 1 to 64 dates in at most 4095 characters");
}

Test(backtest, small_run_tables_and_skips)
{
    char cwd[1024], s[4096];
    cr_assert_not_null(getcwd(cwd, sizeof cwd));
    /* 2025-03-03 is a Monday; 2025-06-04 (Wednesday) + 8 weeks ends after the replay's last day (2025-07-19). */
    snprintf(s, sizeof s,
             "[backtest]\norigins = 2025-03-03, 2025-06-04\nhorizons_weeks = 4, 8\n"
             "observed = %s/data/uk_small_boats_daily.csv\n",
             cwd);
    write_bt(s);
    sup_result r = sup_chansim(scratch, "OMP_NUM_THREADS=2", "backtest %s/BT.ini -o %s/out --no-plots", scratch, scratch);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "pooled over origins") != NULL, "%s", r.out);
    cr_expect(strstr(r.out, "the simulation does not cover the period") != NULL, "skips listed: %s", r.out);
    sup_result_free(&r);
    char path[1100];
    snprintf(path, sizeof path, "%s/out/scores.csv", scratch);
    char *csv = sup_read_file(path, NULL);
    cr_assert_not_null(csv);
    /* The first origin's first week is whole; the second origin's first week starts on a Wednesday: partial. */
    cr_expect(strstr(csv, "bt_test,2025-03-03..2025-03-30,2025-03-03,4,week,2025-03-03,2025-03-03,2025-03-09,0,arrivals,model,")
              != NULL);
    cr_expect(strstr(csv, ",2025-06-04,4,week,2025-06-02,2025-06-04,2025-06-08,1,arrivals,model,") != NULL);
    cr_expect(strstr(csv, ",2025-06-04,8,week,2025-07-21,2025-07-21,2025-07-27,0,arrivals,model,") != NULL);
    free(csv);
    snprintf(path, sizeof path, "%s/out/pooled.csv", scratch);
    csv = sup_read_file(path, NULL);
    cr_assert_not_null(csv);
    cr_expect(strncmp(csv, "horizon_weeks,kind,metric,origins,periods,wis_model,", 52) == 0, "%.80s", csv);
    cr_expect(strstr(csv, "\n4,month,arrivals,2,") != NULL, "%s", csv);
    free(csv);
    snprintf(path, sizeof path, "%s/out/backtest.h5", scratch);
    char *cols = sup_h5_attr_string(path, "/backtest/pooled", "columns");
    cr_assert_not_null(cols);
    cr_expect(strstr(cols, "wis_ratio_naive_last_year") != NULL);
    free(cols);
    char *origins = sup_h5_attr_string(path, "/backtest", "origins");
    cr_assert_not_null(origins);
    cr_expect_str_eq(origins, "2025-03-03,2025-06-04");
    free(origins);
    cr_expect_not_null(sup_h5_attr_string(path, "/provenance", "git_commit"));
    /* Outputs are kept without --force. */
    r = sup_chansim(scratch, NULL, "backtest %s/BT.ini -o %s/out --no-plots -q", scratch, scratch);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "exists") != NULL, "%s", r.err);
    sup_result_free(&r);
}

/* Rows of one origin: model, naive_last_year, naive_seasonal for one month, with these WIS. */
static void add_group(vs_table *t, int origin, const double wis[VS_FORECASTS], int skip_naive)
{
    for (int f = 0; f < VS_FORECASTS; f++) {
        vs_row r = {.frame = {.origin = origin, .horizon_weeks = 13}, .metric = OBS_ARRIVALS, .forecast = f};
        r.period = (per_period){.kind = PER_MONTH, .first = origin, .end = origin + 30};
        r.s = (score_set){.wis = wis[f], .crps = 2 * wis[f], .in50 = f == 0, .in90 = 1};
        r.skipped = skip_naive && f == 2 ? "skipped" : NULL;
        cr_assert_eq(vs_add_row(t, &r), SIM_OK);
    }
}

Test(backtest, pooling_over_origins)
{
    vs_table t = {0};
    const double a[VS_FORECASTS] = {10, 20, 40}, b[VS_FORECASTS] = {30, 20, 20}, c[VS_FORECASTS] = {1000, 1, 1};
    add_group(&t, 100, a, 0);
    add_group(&t, 200, b, 0);
    add_group(&t, 300, c, 1); /* a naive forecast missing: left out of every mean */
    bt_pooled p;
    bt_pool(&t, 13, PER_MONTH, OBS_ARRIVALS, &p);
    cr_expect_eq(p.origins, 2);
    cr_expect_eq(p.periods, 2);
    cr_expect_float_eq(p.wis[0], 20, 1e-12);
    cr_expect_float_eq(p.wis[1], 20, 1e-12);
    cr_expect_float_eq(p.wis[2], 30, 1e-12);
    cr_expect_float_eq(p.crps[2], 60, 1e-12);
    cr_expect_float_eq(p.coverage50[0], 1, 1e-12);
    cr_expect_float_eq(p.coverage50[1], 0, 1e-12);
    bt_pool(&t, 4, PER_MONTH, OBS_ARRIVALS, &p);
    cr_expect_eq(p.periods, 0);
    cr_expect(isnan(p.wis[0]));
    vs_table_free(&t);
}

/* Rows of one week (model and the two naive forecasts), partial or whole, with these WIS. */
static void add_week(vs_table *t, int monday, int partial, const double wis[VS_FORECASTS])
{
    for (int f = 0; f < VS_FORECASTS; f++) {
        vs_row r = {.frame = {.origin = monday, .horizon_weeks = 4}, .metric = OBS_ARRIVALS, .forecast = f};
        r.period = (per_period){.kind = PER_WEEK, .first = monday + (partial ? 2 : 0), .end = monday + 7,
                                .partial = partial};
        r.s = (score_set){.wis = wis[f], .crps = wis[f], .in50 = 1, .in90 = 1};
        cr_assert_eq(vs_add_row(t, &r), SIM_OK);
    }
}

Test(backtest, partial_weeks_are_scored_but_not_pooled)
{
    /* A partial week's score (here 1, from 5 days) stays in the table but not in the means,
     * which are the whole week's alone (10, 20, 40), not pulled down by it (5.5, 10.5, 20.5). */
    vs_table t = {0};
    const double whole[VS_FORECASTS] = {10, 20, 40}, part[VS_FORECASTS] = {1, 1, 1};
    add_week(&t, 20089, 1, part); /* a Monday, cut from Wednesday */
    add_week(&t, 20096, 0, whole);
    cr_expect_eq(vs_averaged(&t.rows[0]), 0, "a partial week enters the averages");
    cr_expect_eq(vs_averaged(&t.rows[VS_FORECASTS]), 1, "a whole week is left out of the averages");
    bt_pooled p;
    bt_pool(&t, 4, PER_WEEK, OBS_ARRIVALS, &p);
    cr_expect_eq(p.periods, 1);
    cr_expect_float_eq(p.wis[0], 10, 1e-12);
    cr_expect_float_eq(p.wis[2], 40, 1e-12);
    /* A partial month is still averaged (docs/validation.md). */
    vs_table m = {0};
    const double a[VS_FORECASTS] = {10, 20, 40};
    add_group(&m, 100, a, 0);
    m.rows[0].period.partial = m.rows[1].period.partial = m.rows[2].period.partial = 1;
    cr_expect_eq(vs_averaged(&m.rows[0]), 1);
    vs_table_free(&m);
    vs_table_free(&t);
}
