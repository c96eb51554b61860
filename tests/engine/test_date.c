/**
 * @file test_date.c
 * @brief Known answers for sim/engine/date.c: leap years (1900 no, 2000 yes), month
 *        lengths, weekdays of known dates, parse/format round trip over 800 years,
 *        and the extremes of the day-number range.
 *
 * Weekday answers are from any printed calendar: 1970-01-01 Thursday, 2000-01-01
 * Saturday, 2024-07-06 Saturday (the UK general election was two days before, on
 * Thursday 4 July), 1900-01-01 Monday.
 */
#include <criterion/criterion.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "sim/engine/date.h"
#include "sim/engine/status.h"

enum { MON = 1, TUE, WED, THU, FRI, SAT, SUN };

static int day_of(const char *date)
{
    int day = 0;
    sim_status s = cfg_parse_date(date, &day);
    cr_assert_eq(s, SIM_OK, "'%s': %s", date, sim_error_message());
    return day;
}

Test(date, day_numbers_known_answers)
{
    cr_assert_eq(day_of("1970-01-01"), 0);
    cr_assert_eq(day_of("1969-12-31"), -1);
    cr_assert_eq(day_of("2000-01-01"), 10957);
    cr_assert_eq(day_of("2000-03-01"), 11017);
    cr_assert_eq(day_of("2025-12-31"), 20453);
    cr_assert_eq(day_of("2024-02-29"), day_of("2024-02-28") + 1);
    cr_assert_eq(day_of("2000-02-29"), day_of("2000-03-01") - 1); /* 2000 is a leap year */
    cr_assert_eq(day_of("1900-03-01"), day_of("1900-02-28") + 1); /* 1900 is not */
    cr_assert_eq(cfg_date_from_civil(1970, 1, 1), 0);
    cr_assert_eq(cfg_date_from_civil(2025, 12, 31), 20453);
    cr_assert_eq(cfg_date_from_civil(1969, 12, 31), -1);
}

Test(date, leap_years)
{
    const long long leap[] = {1600, 1996, 2000, 2004, 2024, 2400, 0};
    const long long common[] = {1700, 1800, 1900, 2023, 2025, 2100, 2200, 2300, 1};
    for (size_t i = 0; i < sizeof leap / sizeof leap[0]; i++)
        cr_assert(cfg_date_is_leap_year(leap[i]), "%lld", leap[i]);
    for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
        cr_assert_not(cfg_date_is_leap_year(common[i]), "%lld", common[i]);
    /* Year lengths follow: 366 days from 1 January to 1 January after a leap year. */
    cr_assert_eq(day_of("2001-01-01") - day_of("2000-01-01"), 366);
    cr_assert_eq(day_of("1901-01-01") - day_of("1900-01-01"), 365);
    cr_assert_eq(day_of("2025-01-01") - day_of("2024-01-01"), 366);
}

Test(date, month_lengths)
{
    static const int y2023[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int m = 1; m <= 12; m++) {
        cr_assert_eq(cfg_date_days_in_month(2023, m), y2023[m - 1], "2023-%02d", m);
        cr_assert_eq(cfg_date_days_in_month(2024, m), y2023[m - 1] + (m == 2), "2024-%02d", m);
    }
    cr_assert_eq(cfg_date_days_in_month(1900, 2), 28);
    cr_assert_eq(cfg_date_days_in_month(2000, 2), 29);
    cr_assert_eq(cfg_date_days_in_month(2100, 2), 28);
}

Test(date, weekdays_known_answers)
{
    cr_assert_eq(cfg_date_weekday(day_of("2024-07-06")), SAT);
    cr_assert_eq(cfg_date_weekday(day_of("2024-07-04")), THU);
    cr_assert_eq(cfg_date_weekday(day_of("1970-01-01")), THU);
    cr_assert_eq(cfg_date_weekday(day_of("1969-12-29")), MON);
    cr_assert_eq(cfg_date_weekday(day_of("2000-01-01")), SAT);
    cr_assert_eq(cfg_date_weekday(day_of("1900-01-01")), MON);
    cr_assert_eq(cfg_date_weekday(day_of("2023-01-01")), SUN);
    cr_assert_eq(cfg_date_weekday(day_of("2025-12-25")), THU);
    cr_assert_eq(cfg_date_weekday(day_of("2000-02-29")), TUE);
    cr_assert_eq(cfg_date_weekday(day_of("2018-01-03")), WED);
    cr_assert_eq(cfg_date_weekday(day_of("2021-01-01")), FRI);
}

Test(date, parse_rejects_non_dates)
{
    const char *bad[] = {"2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-04-31",
                         "2024-01-00", "2024-1-01",  "24-01-01",   "2024/01/01", "2024-01-01x",
                         "",           "never",      " 2024-01-01", "2024-01-1 "};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int day = 12345;
        cr_assert_eq(cfg_parse_date(bad[i], &day), SIM_ERR_CONFIG, "'%s' accepted", bad[i]);
        cr_assert(strstr(sim_error_message(), "expected a date YYYY-MM-DD") != NULL, "%s", sim_error_message());
        sim_error_clear();
        cr_assert_not(cfg_date_from_text(bad[i], &day), "'%s' accepted", bad[i]);
        cr_assert_eq(day, 12345, "'%s' wrote the day", bad[i]);
    }
    int day = 0;
    cr_assert(cfg_date_from_text("2024-07-06", &day));
    cr_assert_eq(day, day_of("2024-07-06"));
    cr_assert_not(cfg_date_from_text(NULL, &day));
    cr_assert_eq(cfg_parse_date(NULL, &day), SIM_ERR_INTERNAL);
    sim_error_clear();
}

Test(date, format_known_answers)
{
    char buf[16];
    cfg_format_date(0, buf, sizeof buf);
    cr_assert_str_eq(buf, "1970-01-01");
    cfg_format_date(20453, buf, sizeof buf);
    cr_assert_str_eq(buf, "2025-12-31");
    cfg_format_date(11017, buf, CFG_DATE_TEXT_MAX); /* exactly enough */
    cr_assert_str_eq(buf, "2000-03-01");
    cfg_format_date(CFG_DATE_NEVER, buf, sizeof buf);
    cr_assert_str_eq(buf, "never");
    cfg_format_date(-1, buf, sizeof buf);
    cr_assert_str_eq(buf, "1969-12-31");
}

/* Walk the calendar a day at a time (by its rules, not the closed forms) and check
 * every field, the weekday cycle and the parse/format round trip. */
Test(date, walk_800_years)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = 1600, m = 1, d = 1;
    int day = cfg_date_from_civil(1600, 1, 1);
    int weekday = SAT; /* 1600-01-01 was a Saturday: the Gregorian cycle repeats every 400 years, as 2000-01-01 */
    const int last = cfg_date_from_civil(2400, 12, 31);
    for (; day <= last; day++) {
        cr_assert_eq(cfg_date_year(day), y, "day %d", day);
        cr_assert_eq(cfg_date_month(day), m, "day %d", day);
        cr_assert_eq(cfg_date_day_of_month(day), d, "day %d", day);
        cr_assert_eq(cfg_date_weekday(day), weekday, "day %d", day);
        cr_assert_eq(cfg_date_from_civil(y, m, d), day, "day %d", day);
        char buf[16], want[48];
        cfg_format_date(day, buf, sizeof buf);
        snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, d);
        cr_assert_str_eq(buf, want);
        int back = 0;
        if (y >= CFG_DATE_FIRST_YEAR && y <= CFG_DATE_LAST_YEAR) {
            cr_assert_eq(cfg_parse_date(buf, &back), SIM_OK);
            cr_assert_eq(back, day);
        } else {
            cr_assert_not(cfg_date_from_text(buf, &back), "%s is outside the tool's dates", buf);
        }

        weekday = weekday == SUN ? MON : weekday + 1;
        int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        if (++d > mdays[m - 1] + (m == 2 && leap)) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
}

/* The extremes of the 4-digit range and of int do not overflow. */
Test(date, extremes)
{
    cr_assert_eq(cfg_date_year(cfg_date_from_civil(0, 1, 1)), 0);
    cr_assert_eq(cfg_date_year(cfg_date_from_civil(9999, 12, 31)), 9999);
    cr_assert_eq(cfg_date_month(cfg_date_from_civil(9999, 12, 31)), 12);
    cr_assert_eq(cfg_date_day_of_month(cfg_date_from_civil(9999, 12, 31)), 31);
    cr_assert(cfg_date_year(CFG_DATE_NEVER) > 9999);
    cr_assert(cfg_date_year(INT_MIN) < 0);
    int w = cfg_date_weekday(INT_MIN);
    cr_assert(w >= MON && w <= SUN);
    w = cfg_date_weekday(INT_MAX);
    cr_assert(w >= MON && w <= SUN);
}

/* Issue #14: one date range for the whole tool; a typo'd year is an error, not a run over millennia. */
Test(date, one_range_for_every_text_date)
{
    int day = 0;
    cr_expect_eq(day_of("1900-01-01"), -25567);
    cr_expect_eq(day_of("2199-12-31"), 84005);
    static const char *const outside[] = {"1899-12-31", "2200-01-01", "0000-01-01", "9999-12-31", "0024-07-01"};
    for (size_t i = 0; i < sizeof outside / sizeof outside[0]; i++) {
        cr_expect_not(cfg_date_from_text(outside[i], &day), "%s accepted", outside[i]);
        cr_expect_eq(cfg_parse_date(outside[i], &day), SIM_ERR_CONFIG);
        cr_expect(strstr(sim_error_message(), CFG_DATE_RANGE_TEXT), "%s", sim_error_message());
        sim_error_clear();
    }
}
