/**
 * @file observed.h
 * @brief The observed record (Home Office small-boat series and sourced annual
 *        deaths) read from CSV files, calendar periods, and the validation metrics
 *        computed the same way from the record and from a simulated daily series.
 *
 * Files (data/, Open Government Licence v3.0 for the Home Office tables):
 *   uk_small_boats_daily.csv   date,migrants,boats                 (SB_01), one row a day
 *   uk_small_boats_weekly.csv  week_ending,migrants,boats,prevented_migrants,prevented_events
 *                              (SB_02), one row a week; prevented_* empty before May 2024
 *   deaths_annual.csv          year,deaths,source                  (sourced figures)
 * Readers are strict: the header must name the expected columns, every row must have
 * them all, dates must follow each other (daily: one day apart; weekly: seven), counts
 * must be non-negative numbers. Every error names the file and line.
 *
 * A metric over a period uses the same dates for the record and for a simulation:
 * arrivals, boats, people per boat (ratio of sums), days with arrivals and deaths sum
 * the days of the period; the French prevention share uses the published weeks whose
 * last day falls in the period (prevented / (prevented + arrivals) over those weeks'
 * days), because preventions are only published weekly, and so does the share of
 * launch events prevented (prevented events / (prevented events + boats arriving)). Deaths are only recorded per
 * calendar year, so other periods have no observed deaths.
 */
#ifndef CHANSIM_OBSERVED_H
#define CHANSIM_OBSERVED_H

#include <stddef.h>

#include "sim/engine/metric.h"
#include "sim/engine/status.h"

/** Standard file names inside a data directory. */
#define OBS_DAILY_FILE "uk_small_boats_daily.csv"
#define OBS_WEEKLY_FILE "uk_small_boats_weekly.csv"
#define OBS_DEATHS_FILE "deaths_annual.csv"

/** The observed record. Arrays are owned; a missing optional file leaves its count at 0. */
typedef struct {
    int first_day;            /**< day number (days since 1970-01-01) of the first daily row */
    int days;                 /**< daily rows, consecutive dates */
    double *arrivals;         /**< [days] people detected arriving by small boat, people */
    double *boats;            /**< [days] small boats detected, boats */
    int weeks;                /**< weekly rows, consecutive weeks (0 if no weekly file) */
    int *week_end;            /**< [weeks] day number of each week's last day */
    double *week_arrivals;    /**< [weeks] people detected arriving, people */
    double *week_boats;       /**< [weeks] boats detected, boats */
    double *week_prevented;   /**< [weeks] people prevented by French authorities, people; NaN if unpublished */
    double *week_prevented_events; /**< [weeks] launch events prevented, events; NaN if unpublished */
    int death_years;          /**< rows of the deaths file (0 if none) */
    int *death_year;          /**< [death_years] calendar year, increasing */
    double *deaths;           /**< [death_years] deaths at sea in the year, people */
    char daily_path[512];     /**< where the daily series came from (for messages and provenance) */
} obs_record;

/**
 * Read the daily CSV (required) and, if not NULL, the weekly and deaths CSVs.
 * Errors (SIM_ERR_IO for unreadable files, SIM_ERR_CONFIG for content) name file:line.
 */
sim_status obs_load(const char *daily_csv, const char *weekly_csv, const char *deaths_csv, obs_record **r);

/** Read the three standard files of directory `dir` (all required). */
sim_status obs_load_dir(const char *dir, obs_record **r);

/** Free; sets *r to NULL. Safe on NULL. */
void obs_destroy(obs_record **r);

/** Calendar period kinds. */
typedef enum { OBS_MONTH, OBS_HALF, OBS_YEAR, OBS_PERIOD_KINDS } obs_period_kind;

/** Names of the period kinds as used in configs: "monthly", "half", "annual". */
extern const char *const obs_period_kind_names[OBS_PERIOD_KINDS];

/** One calendar period [first, end) of day numbers with its label ("2023-01", "2025H1", "2023"). */
typedef struct {
    char label[16];       /**< label */
    int first;            /**< first day, day number */
    int end;              /**< first day after the period, day number */
    obs_period_kind kind; /**< month, half year or year */
} obs_period;

/**
 * The complete periods of `kind` inside [first_day, end_day), in order. *out is a new
 * array of *n periods (possibly 0; free with free()).
 */
sim_status obs_periods(obs_period_kind kind, int first_day, int end_day, obs_period **out, size_t *n);

/** Metrics compared with the record. Order is part of the CSV and HDF5 naming. */
typedef enum {
    OBS_ARRIVALS,           /**< people arriving, people */
    OBS_BOATS,              /**< boats arriving, boats */
    OBS_PEOPLE_PER_BOAT,    /**< arrivals / boats, people/boat */
    OBS_DAYS_WITH_ARRIVALS, /**< days with at least one arrival, days */
    OBS_PREVENTION_SHARE,   /**< prevented / (prevented + arrivals), probability */
    OBS_DEATHS,             /**< deaths at sea, people */
    OBS_PREVENTED_EVENT_SHARE, /**< prevented events / (prevented events + boats arriving), probability */
    OBS_METRICS
} obs_metric;

/** Machine names of the metrics: "arrivals", "boats", "people_per_boat", ... */
extern const char *const obs_metric_names[OBS_METRICS];

/** Units of the metrics: "people", "boats", "people/boat", "days", "probability", "people", "probability". */
extern const char *const obs_metric_units[OBS_METRICS];

/** obs_metric with this name, or -1. */
int obs_metric_find(const char *name);

/** obs_period_kind with this name ("monthly", "half", "annual"), or -1. */
int obs_period_kind_find(const char *name);

/** The record's value of metric `m` over period `p`, or NaN where the record does not cover it. */
double obs_value(const obs_record *r, obs_metric m, const obs_period *p);

/** Where the simulated daily series the metrics need sit in a replication's daily block. */
typedef struct {
    int stride;    /**< values per day (the set's ndaily) */
    int arrivals;  /**< column of daily "arrivals" (people) */
    int boats;     /**< column of daily "boats" */
    int prevented; /**< column of daily "prevented_people" (people stopped by France) */
    int deaths;    /**< column of daily "deaths" (people) */
    int prevented_events; /**< column of daily "prevented_launches" (launches stopped by France) */
} obs_sim_columns;

/**
 * Find the daily series named above in a model's metric set. Errors: the set lacks
 * one (SIM_ERR_CONFIG naming it and the series the set has).
 */
sim_status obs_sim_columns_find(const sim_metric_set *set, obs_sim_columns *cols);

/**
 * The same metric from one simulated replication: `daily` is that replication's block
 * [sim_days][cols->stride] (results_daily()) whose day 0 is day number `sim_first_day`.
 * NaN when the simulation does not cover the days the metric needs, or the ratio has a
 * zero denominator. `r` supplies the weeks for the prevention share (NULL: NaN).
 */
double obs_sim_value(const obs_record *r, obs_metric m, const obs_period *p, const obs_sim_columns *cols,
                     const double *daily, int sim_first_day, int sim_days);

#endif
