/**
 * @file test_observed.c
 * @brief The observed-data reader: known answers from the shipped record (annual
 *        totals of facts.md), parse errors naming file and line, calendar periods,
 *        and metrics computed alike from the record and from a simulated block.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine/config.h"
#include "sim/io/observed.h"
#include "tests/support.h"

static int day_of(const char *text)
{
    int d = 0;
    cr_assert_eq(cfg_parse_date(text, &d), SIM_OK, "bad test date %s", text);
    return d;
}

static obs_period period(obs_period_kind kind, const char *first, const char *end)
{
    obs_period p = {.first = day_of(first), .end = day_of(end), .kind = kind};
    return p;
}

/* The shipped record: data/ (the suite runs from the project root). */
static obs_record *shipped(void)
{
    obs_record *r = NULL;
    sim_status st = obs_load_dir("data", &r);
    cr_assert_eq(st, SIM_OK, "loading data/: %s", sim_error_message());
    return r;
}

Test(observed, annual_totals_match_facts)
{
    /* facts.md, "Annual totals from the daily series" (Home Office SB_01). */
    obs_record *r = shipped();
    static const struct {
        const char *first, *end;
        double people, boats, days;
    } want[] = {
        {"2023-01-01", "2024-01-01", 29437, 602, 140},
        {"2024-01-01", "2025-01-01", 36816, 695, 151},
        {"2025-01-01", "2026-01-01", 41472, 672, 139},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        obs_period p = period(OBS_YEAR, want[i].first, want[i].end);
        cr_expect_eq(obs_value(r, OBS_ARRIVALS, &p), want[i].people, "arrivals from %s", want[i].first);
        cr_expect_eq(obs_value(r, OBS_BOATS, &p), want[i].boats, "boats from %s", want[i].first);
        cr_expect_eq(obs_value(r, OBS_DAYS_WITH_ARRIVALS, &p), want[i].days, "days with arrivals from %s",
                     want[i].first);
        cr_expect_float_eq(obs_value(r, OBS_PEOPLE_PER_BOAT, &p), want[i].people / want[i].boats, 1e-12);
    }
    obs_period h1 = period(OBS_HALF, "2025-01-01", "2025-07-01");
    cr_expect_eq(obs_value(r, OBS_ARRIVALS, &h1), 19982, "first half of 2025 (facts.md: 19,982)");
    obs_destroy(&r);
}

Test(observed, record_coverage)
{
    obs_record *r = shipped();
    cr_expect_eq(r->first_day, day_of("2018-01-01"));
    cr_expect_eq(r->days, 2922, "2018-01-01 .. 2025-12-31 is 2,922 days");
    cr_expect_eq(r->weeks, 417);
    cr_expect_eq(r->week_end[0], day_of("2018-01-07"));
    cr_expect(isnan(r->week_prevented[0]), "preventions before May 2024 are unpublished, not zero");
    obs_destroy(&r);
}

Test(observed, deaths_from_sourced_csv)
{
    /* facts.md: Home Office 12 (2023); IOM 78 (2024); prefecture 25 dead + 2 missing (2025). */
    obs_record *r = shipped();
    const char *years[][2] = {{"2023-01-01", "2024-01-01"}, {"2024-01-01", "2025-01-01"}, {"2025-01-01", "2026-01-01"}};
    const double want[] = {12, 78, 27};
    for (int i = 0; i < 3; i++) {
        obs_period p = period(OBS_YEAR, years[i][0], years[i][1]);
        cr_expect_eq(obs_value(r, OBS_DEATHS, &p), want[i], "deaths in %s", years[i][0]);
    }
    obs_period h = period(OBS_HALF, "2025-01-01", "2025-07-01");
    cr_expect(isnan(obs_value(r, OBS_DEATHS, &h)), "deaths are annual only");
    obs_destroy(&r);
}

Test(observed, prevention_share_uses_published_weeks)
{
    /* facts.md (SB_02): 21,317 people prevented May-Dec 2024 (35 weeks), 22,476 in 2025;
     * arrivals in the same weeks: 29,649 and 41,472. */
    obs_record *r = shipped();
    obs_period y24 = period(OBS_YEAR, "2024-01-01", "2025-01-01"), y25 = period(OBS_YEAR, "2025-01-01", "2026-01-01");
    cr_expect_float_eq(obs_value(r, OBS_PREVENTION_SHARE, &y24), 21317.0 / (21317 + 29649), 1e-12);
    cr_expect_float_eq(obs_value(r, OBS_PREVENTION_SHARE, &y25), 22476.0 / (22476 + 41472), 1e-12);
    obs_period y23 = period(OBS_YEAR, "2023-01-01", "2024-01-01");
    cr_expect(isnan(obs_value(r, OBS_PREVENTION_SHARE, &y23)), "no preventions published in 2023");
    /* Events: facts.md (SB_02) 694 events prevented May-Dec 2024 and 845 in 2025; boats
     * arriving in the same weeks: 547 and 672. */
    cr_expect_float_eq(obs_value(r, OBS_PREVENTED_EVENT_SHARE, &y24), 694.0 / (694 + 547), 1e-12);
    cr_expect_float_eq(obs_value(r, OBS_PREVENTED_EVENT_SHARE, &y25), 845.0 / (845 + 672), 1e-12);
    cr_expect(isnan(obs_value(r, OBS_PREVENTED_EVENT_SHARE, &y23)), "no prevented events published in 2023");
    obs_destroy(&r);
}

Test(observed, periods_are_whole_and_labelled)
{
    obs_period *p = NULL;
    size_t n = 0;
    cr_assert_eq(obs_periods(OBS_HALF, day_of("2023-01-01"), day_of("2026-01-01"), &p, &n), SIM_OK);
    cr_assert_eq(n, 6);
    cr_expect_str_eq(p[0].label, "2023H1");
    cr_expect_str_eq(p[5].label, "2025H2");
    cr_expect_eq(p[1].first, day_of("2023-07-01"));
    cr_expect_eq(p[1].end, day_of("2024-01-01"));
    free(p);
    /* A window starting mid-month and ending mid-month keeps only the whole months. */
    cr_assert_eq(obs_periods(OBS_MONTH, day_of("2024-01-15"), day_of("2024-04-10"), &p, &n), SIM_OK);
    cr_assert_eq(n, 2);
    cr_expect_str_eq(p[0].label, "2024-02");
    cr_expect_eq(p[0].end - p[0].first, 29, "February 2024 has 29 days");
    cr_expect_str_eq(p[1].label, "2024-03");
    free(p);
    cr_assert_eq(obs_periods(OBS_YEAR, day_of("2024-01-02"), day_of("2025-01-01"), &p, &n), SIM_OK);
    cr_expect_eq(n, 0, "no whole year");
    free(p);
}

/* Issue #14: periods reaching 2199-12-31 (the last date the tool reads, date.h) end there
 * instead of looping; a window wider than the calendar neither loops nor overruns the list. */
Test(observed, periods_end_at_the_last_date)
{
    obs_period *p = NULL;
    size_t n = 0;
    int end = day_of("2199-12-31") + 1;
    cr_assert_eq(obs_periods(OBS_MONTH, day_of("2199-01-01"), end, &p, &n), SIM_OK);
    cr_assert_eq(n, 12);
    cr_expect_str_eq(p[11].label, "2199-12");
    cr_expect_eq(p[11].end, end);
    free(p);
    cr_assert_eq(obs_periods(OBS_YEAR, day_of("2198-01-01"), 2147483647, &p, &n), SIM_OK);
    cr_expect_eq(n, 2, "2198 and 2199, nothing after");
    free(p);
    cr_assert_eq(obs_periods(OBS_HALF, -2147483647, 2147483647, &p, &n), SIM_OK);
    cr_expect_eq(n, 600, "every half-year of 1900 to 2199, none outside");
    free(p);
    cr_assert_eq(obs_periods(OBS_MONTH, day_of("1900-01-01"), end, &p, &n), SIM_OK);
    cr_expect_eq(n, 3600, "every month of years 1900 to 2199");
    free(p);
}

Test(observed, names)
{
    cr_expect_eq(obs_metric_find("people_per_boat"), OBS_PEOPLE_PER_BOAT);
    cr_expect_eq(obs_metric_find("nope"), -1);
    cr_expect_eq(obs_period_kind_find("half"), OBS_HALF);
    cr_expect_eq(obs_period_kind_find("weekly"), -1);
}

Test(observed, simulated_block_uses_the_same_days)
{
    /* A simulated block of 14 days from Monday 2024-04-29: 10 people in 2 boats on every
     * even day, 5 prevented and 1 death every day. Over the period 2024-04-29 .. 2024-05-12
     * the record publishes preventions for the weeks ending 2024-05-05 and 2024-05-12,
     * and both lie in the block. */
    obs_record *r = shipped();
    /* A daily layout that is not the Channel model's: columns found by name, in another order. */
    static const sim_metric daily_tab[] = {
        {"boats", "boats", METRIC_FLOW, -1, -1, "Boats", NULL},
        {"deaths", "people", METRIC_FLOW, -1, -1, "Deaths", NULL},
        {"wind", "m/s", METRIC_LEVEL, -1, -1, "Wind", NULL},
        {"arrivals", "people", METRIC_FLOW, -1, -1, "Arrivals", NULL},
        {"prevented_people", "people", METRIC_FLOW, -1, -1, "Prevented", NULL},
        {"prevented_launches", "boats", METRIC_FLOW, -1, -1, "Prevented events", NULL},
    };
    const sim_metric_set set = {.model = "a test model", .daily = daily_tab, .ndaily = 6};
    obs_sim_columns cols;
    cr_assert_eq(obs_sim_columns_find(&set, &cols), SIM_OK, "%s", sim_error_message());
    cr_expect_eq(cols.stride, 6);
    cr_expect_eq(cols.arrivals, 3);
    cr_expect_eq(cols.deaths, 1);
    cr_expect_eq(cols.prevented_events, 5);
    enum { W = 6 };
    double daily[14 * W];
    memset(daily, 0, sizeof daily);
    for (int d = 0; d < 14; d++) {
        daily[d * W + 3] = d % 2 == 0 ? 10 : 0;
        daily[d * W + 0] = d % 2 == 0 ? 2 : 0;
        daily[d * W + 4] = 5;
        daily[d * W + 1] = 1;
        daily[d * W + 2] = 99; /* wind: used by no metric */
        daily[d * W + 5] = 3;  /* 3 launches prevented a day */
    }
    int start = day_of("2024-04-29");
    obs_period wk = period(OBS_MONTH, "2024-04-29", "2024-05-13");
    cr_expect_eq(obs_sim_value(r, OBS_ARRIVALS, &wk, &cols, daily, start, 14), 70);
    cr_expect_eq(obs_sim_value(r, OBS_BOATS, &wk, &cols, daily, start, 14), 14);
    cr_expect_eq(obs_sim_value(r, OBS_PEOPLE_PER_BOAT, &wk, &cols, daily, start, 14), 5);
    cr_expect_eq(obs_sim_value(r, OBS_DAYS_WITH_ARRIVALS, &wk, &cols, daily, start, 14), 7);
    cr_expect_eq(obs_sim_value(r, OBS_DEATHS, &wk, &cols, daily, start, 14), 14);
    /* Two published weeks: 70 prevented, 70 arrived. */
    cr_expect_float_eq(obs_sim_value(r, OBS_PREVENTION_SHARE, &wk, &cols, daily, start, 14), 0.5, 1e-12);
    /* 42 events prevented, 14 boats arrived. */
    cr_expect_float_eq(obs_sim_value(r, OBS_PREVENTED_EVENT_SHARE, &wk, &cols, daily, start, 14), 0.75, 1e-12);
    /* May needs days the block does not hold. */
    obs_period may = period(OBS_MONTH, "2024-05-01", "2024-06-01");
    cr_expect(isnan(obs_sim_value(r, OBS_ARRIVALS, &may, &cols, daily, start, 14)));
    obs_destroy(&r);
}

/* ---------------------------------------------------------------------------
 * Errors name file and line
 * ------------------------------------------------------------------------- */

static char *scratch;

static void make_scratch(void) { scratch = sup_tmpdir(); }

static void drop_scratch(void)
{
    sup_rmtree(scratch);
    free(scratch);
}

/* Write `text` as a daily CSV and expect obs_load to fail with `code` naming `where`. */
static void expect_daily_error(const char *text, sim_status code, const char *where, const char *what)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/daily.csv", scratch);
    sup_write_file(path, text);
    obs_record *r = NULL;
    sim_error_clear();
    sim_status st = obs_load(path, NULL, NULL, &r);
    cr_expect_eq(st, code, "%s: status %d", what, st);
    cr_expect_null(r);
    char want[1100];
    snprintf(want, sizeof want, "%s%s", path, where);
    cr_expect(strstr(sim_error_message(), want) != NULL, "%s: message '%s' should name '%s'", what,
              sim_error_message(), want);
    sim_error_clear();
}

TestSuite(observed_errors, .init = make_scratch, .fini = drop_scratch);

Test(observed_errors, bad_header)
{
    expect_daily_error("day,migrants,boats\n2024-01-01,1,1\n", SIM_ERR_CONFIG, ":1: expected the header", "header");
}

Test(observed_errors, bad_date)
{
    expect_daily_error("date,migrants,boats\n2024-01-01,1,1\n2024-01-32,1,1\n", SIM_ERR_CONFIG, ":3: date",
                       "date");
}

Test(observed_errors, gap_in_dates)
{
    expect_daily_error("date,migrants,boats\n2024-01-01,1,1\n2024-01-03,1,1\n", SIM_ERR_CONFIG,
                       ":3: date: expected 2024-01-02", "gap");
}

Test(observed_errors, wrong_field_count)
{
    expect_daily_error("date,migrants,boats\n2024-01-01,1\n", SIM_ERR_CONFIG, ":2: expected 3 fields", "fields");
}

Test(observed_errors, negative_or_fractional_count)
{
    expect_daily_error("date,migrants,boats\n2024-01-01,-4,0\n", SIM_ERR_CONFIG, ":2: migrants", "negative");
    expect_daily_error("date,migrants,boats\n2024-01-01,4,0\n2024-01-02,1.5,1\n", SIM_ERR_CONFIG, ":3: migrants",
                       "fractional");
    expect_daily_error("date,migrants,boats\n2024-01-01,,0\n", SIM_ERR_CONFIG, ":2: migrants: missing", "empty");
}

Test(observed_errors, more_boats_than_people)
{
    expect_daily_error("date,migrants,boats\n2024-01-01,2,3\n", SIM_ERR_CONFIG, ":2: boats", "boats");
}

Test(observed_errors, empty_and_missing_files)
{
    expect_daily_error("", SIM_ERR_CONFIG, ": empty file", "empty");
    expect_daily_error("date,migrants,boats\n", SIM_ERR_CONFIG, ": no data rows", "no rows");
    char path[1024];
    snprintf(path, sizeof path, "%s/absent.csv", scratch);
    obs_record *r = NULL;
    sim_error_clear();
    cr_expect_eq(obs_load(path, NULL, NULL, &r), SIM_ERR_IO);
    cr_expect(strstr(sim_error_message(), path) != NULL, "message names the file: %s", sim_error_message());
    sim_error_clear();
}

Test(observed_errors, crlf_and_blank_lines_are_read)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/daily.csv", scratch);
    sup_write_file(path, "date,migrants,boats\r\n2024-01-01,3,1\r\n\r\n2024-01-02,0,0\r\n");
    obs_record *r = NULL;
    cr_assert_eq(obs_load(path, NULL, NULL, &r), SIM_OK, "%s", sim_error_message());
    cr_expect_eq(r->days, 2);
    cr_expect_eq(r->arrivals[0], 3);
    obs_destroy(&r);
}

Test(observed_errors, weekly_and_deaths_files)
{
    char daily[1024], weekly[1024], deaths[1024];
    snprintf(daily, sizeof daily, "%s/daily.csv", scratch);
    snprintf(weekly, sizeof weekly, "%s/weekly.csv", scratch);
    snprintf(deaths, sizeof deaths, "%s/deaths.csv", scratch);
    sup_write_file(daily, "date,migrants,boats\n2024-01-01,3,1\n");
    sup_write_file(weekly, "week_ending,migrants,boats,prevented_migrants,prevented_events\n"
                           "2024-01-07,3,1,,\n2024-01-15,0,0,4,1\n");
    sup_write_file(deaths, "year,deaths,source\n2024,2,\"a, quoted source\"\n");
    obs_record *r = NULL;
    sim_error_clear();
    cr_expect_eq(obs_load(daily, weekly, deaths, &r), SIM_ERR_CONFIG);
    char want[1100];
    snprintf(want, sizeof want, "%s:3: week_ending: expected 2024-01-14", weekly);
    cr_expect(strstr(sim_error_message(), want) != NULL, "'%s' should name '%s'", sim_error_message(), want);
    sim_error_clear();

    sup_write_file(weekly, "week_ending,migrants,boats,prevented_migrants,prevented_events\n"
                           "2024-01-07,3,1,,\n2024-01-14,0,0,4,1\n");
    cr_assert_eq(obs_load(daily, weekly, deaths, &r), SIM_OK, "%s", sim_error_message());
    cr_expect(isnan(r->week_prevented[0]));
    cr_expect_eq(r->week_prevented[1], 4);
    cr_expect_eq(r->death_years, 1);
    cr_expect_eq(r->deaths[0], 2);
    obs_destroy(&r);

    sup_write_file(deaths, "year,deaths,source\n2024,2,\n");
    sim_error_clear();
    cr_expect_eq(obs_load(daily, weekly, deaths, &r), SIM_ERR_CONFIG);
    snprintf(want, sizeof want, "%s:2: source", deaths);
    cr_expect(strstr(sim_error_message(), want) != NULL, "'%s' should name '%s'", sim_error_message(), want);
    sim_error_clear();
}

Test(observed, simulated_series_missing_from_the_model_is_an_error)
{
    static const sim_metric daily_tab[] = {
        {"arrivals", "people", METRIC_FLOW, -1, -1, "Arrivals", NULL},
        {"boats", "boats", METRIC_FLOW, -1, -1, "Boats", NULL},
        {"prevented_people", "people", METRIC_FLOW, -1, -1, "Prevented", NULL},
    };
    const sim_metric_set set = {.model = "a model without deaths", .daily = daily_tab, .ndaily = 3};
    obs_sim_columns cols;
    cr_assert_eq(obs_sim_columns_find(&set, &cols), SIM_ERR_CONFIG);
    const char *msg = sim_error_message();
    cr_expect(strstr(msg, "a model without deaths has no daily output named 'deaths'") != NULL, "%s", msg);
    cr_expect(strstr(msg, "arrivals, boats, prevented_people") != NULL, "%s", msg);
}
