/**
 * @file date.c
 * @brief Day numbers <-> civil dates, text dates, weekdays.
 *
 * Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms"
 * (http://howardhinnant.github.io/date_algorithms.html): days_from_civil,
 * civil_from_days and weekday_from_days, proleptic Gregorian, day 0 = 1970-01-01.
 * 64-bit arithmetic so every int day number, CFG_DATE_NEVER included, converts
 * without overflow.
 */
#include "sim/engine/date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

enum {
    DATE_QUOTE_MAX = 100,       /* longest text echoed back in a message */
    DAYS_0000_TO_1970 = 719468, /* days from 0000-03-01 to 1970-01-01 (Hinnant's shift) */
    DAYS_PER_ERA = 146097       /* days in 400 Gregorian years */
};

static long long days_from_civil(long long y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;                                   /* [0, 399] */
    long long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
    return era * DAYS_PER_ERA + doe - DAYS_0000_TO_1970;
}

static void civil_from_days(long long z, long long *y, int *m, int *d)
{
    z += DAYS_0000_TO_1970;
    long long era = (z >= 0 ? z : z - (DAYS_PER_ERA - 1)) / DAYS_PER_ERA;
    long long doe = z - era * DAYS_PER_ERA;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

bool cfg_date_is_leap_year(long long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int cfg_date_days_in_month(long long y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && cfg_date_is_leap_year(y) ? 29 : days[m - 1];
}

int cfg_date_from_civil(int y, int m, int d) { return (int)days_from_civil(y, m, d); }

bool cfg_date_from_text(const char *s, int *day)
{
    if (!s || !day || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < CFG_DATE_FIRST_YEAR || y > CFG_DATE_LAST_YEAR || m < 1 || m > 12 || d < 1 ||
        d > cfg_date_days_in_month(y, m))
        return false;
    *day = (int)days_from_civil(y, m, d);
    return true;
}

sim_status cfg_parse_date(const char *text, int *day)
{
    if (!text || !day)
        return SIM_FAIL(SIM_ERR_INTERNAL, "cfg_parse_date: NULL argument");
    if (!cfg_date_from_text(text, day))
        return SIM_FAIL(SIM_ERR_CONFIG, "expected a date YYYY-MM-DD from " CFG_DATE_RANGE_TEXT ", got '%.*s'",
                        DATE_QUOTE_MAX, text);
    return SIM_OK;
}

void cfg_format_date(int day, char *buf, size_t size)
{
    if (!buf || size == 0)
        return;
    if (day == CFG_DATE_NEVER) {
        snprintf(buf, size, "never");
        return;
    }
    long long y;
    int m, d;
    civil_from_days(day, &y, &m, &d);
    snprintf(buf, size, "%04lld-%02d-%02d", y, m, d);
}

int cfg_date_year(int day)
{
    long long y;
    int m, d;
    civil_from_days(day, &y, &m, &d);
    return (int)y;
}

int cfg_date_month(int day)
{
    long long y;
    int m, d;
    civil_from_days(day, &y, &m, &d);
    return m;
}

int cfg_date_day_of_month(int day)
{
    long long y;
    int m, d;
    civil_from_days(day, &y, &m, &d);
    return d;
}

int cfg_date_weekday(int day)
{
    /* Day 0 was a Thursday (ISO 4); shift so the remainder is 0 on Mondays. */
    long long z = (long long)day + 3;
    long long r = z % 7;
    return (int)(r < 0 ? r + 7 : r) + 1;
}

int cfg_date_monday(int day) { return day - (cfg_date_weekday(day) - 1); }
