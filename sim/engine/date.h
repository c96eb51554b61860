/**
 * @file date.h
 * @brief Calendar arithmetic on day numbers: days since 1970-01-01 in the proleptic
 *        Gregorian calendar, as config dates (CFG_DATE), results and the model use them.
 *
 * A day number is an int; day 0 is Thursday 1970-01-01. Every int converts without
 * overflow, CFG_DATE_NEVER included. Text dates are strict "YYYY-MM-DD" within one
 * range for the whole tool, CFG_DATE_FIRST_YEAR-01-01 .. CFG_DATE_LAST_YEAR-12-31
 * (1900-01-01 .. 2199-12-31): wide enough for the Home Office record, any history
 * replay and a century-long horizon, narrow enough that a typo (20245-01-01, 0024-01-01)
 * is an error rather than a run over millennia. The names keep the config layer's `cfg_` prefix because dates are one
 * of its value types and callers throughout the code use them.
 */
#ifndef CHANSIM_DATE_H
#define CHANSIM_DATE_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/engine/status.h"

/** Day number meaning "never" for CFG_DATE (policy end dates); formats as "never". */
#define CFG_DATE_NEVER 2147483647

/** The first and last years of every text date chansim reads (configs, --set, CSVs, results). */
enum { CFG_DATE_FIRST_YEAR = 1900, CFG_DATE_LAST_YEAR = 2199 };

/** The same range as text, for messages. */
#define CFG_DATE_RANGE_TEXT "1900-01-01 .. 2199-12-31"

/** Room for a formatted date ("YYYY-MM-DD" or "never") with its NUL, bytes. */
enum { CFG_DATE_TEXT_MAX = 11 };

/** Parse "YYYY-MM-DD" (a real calendar day within CFG_DATE_RANGE_TEXT) to a day number since 1970-01-01. */
sim_status cfg_parse_date(const char *text, int *day);

/**
 * The same check as cfg_parse_date without recording an error: true and *day set
 * for a real "YYYY-MM-DD" day within CFG_DATE_RANGE_TEXT, false otherwise (for callers
 * with their own message).
 */
bool cfg_date_from_text(const char *text, int *day);

/** Format a day number as "YYYY-MM-DD" ("never" for CFG_DATE_NEVER) into buf (>= CFG_DATE_TEXT_MAX bytes). */
void cfg_format_date(int day, char *buf, size_t size);

/**
 * Day number of year y, month m (1..12), day d (1..days in that month). The caller
 * checks the fields (cfg_date_days_in_month); the result must fit an int.
 */
int cfg_date_from_civil(int y, int m, int d);

/** Calendar year of a day number. */
int cfg_date_year(int day);

/** Month (1..12) of a day number. */
int cfg_date_month(int day);

/** Day of the month (1..31) of a day number. */
int cfg_date_day_of_month(int day);

/** ISO 8601 weekday of a day number: 1 = Monday ... 7 = Sunday. */
int cfg_date_weekday(int day);

/** The Monday on or before a day number: the first day of its calendar week (Monday to Sunday). */
int cfg_date_monday(int day);

/** Whether year y has 366 days (Gregorian rule: every 4th year, not centuries unless divisible by 400). */
bool cfg_date_is_leap_year(long long y);

/** Days in month m (1..12) of year y. */
int cfg_date_days_in_month(long long y, int m);

#endif
