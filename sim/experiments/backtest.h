/**
 * @file backtest.h
 * @brief Rolling-origin evaluation (`chansim backtest BT.ini`): from each origin
 *        date, forecasts of the next weeks scored against the record with the scores
 *        of validate_scores.h, beside the two naive forecasts made at the same origin
 *        from the record before it.
 *
 * BT.ini is a scenario (it `extends` a history replay that switches policies on and
 * off by date) plus a [backtest] section:
 *
 *     extends = ../calibration/history_2022_2025.ini
 *     [backtest]
 *     origins = 2024-01-01, 2024-04-01, ...   ; forecast origins, increasing
 *     horizons_weeks = 4, 13, 26              ; forecast lengths, increasing, 1..52 weeks
 *     observed = ../../data/uk_small_boats_daily.csv  ; the record (relative to BT.ini)
 *
 * Method. The model's parameters are held fixed at the calibrated posterior ensemble
 * (no re-fit per origin). The model takes no observation as input, so the forecast
 * from an origin is the scenario's replay continued past it, with the policies in
 * force at each date: one run of the scenario from its start date gives every
 * origin's forecast, and a run per origin with the same seed would give the same
 * numbers. The naive forecasts use only the record before the origin. The
 * forecast window of origin o and horizon h weeks is [o, o + 7h); its calendar weeks
 * and months (partial ones flagged) and the window as a whole are scored. A window
 * ending after the record is skipped and listed.
 */
#ifndef CHANSIM_BACKTEST_H
#define CHANSIM_BACKTEST_H

#include <hdf5.h>

#include "sim/engine/results.h"
#include "sim/engine/status.h"
#include "sim/experiments/validate_scores.h"
#include "sim/io/observed.h"

enum {
    BT_MAX_ORIGINS = 64,   /**< most origins */
    BT_MAX_HORIZONS = 8,   /**< most horizons */
    BT_MAX_HORIZON_WEEKS = 52, /**< longest horizon: NAIVE_LAST_YEAR needs the same weeks a year back */
    BT_PATH_MAX = 1024,
    BT_FAN_Q = 5           /**< quantiles of a fan week: 5, 25, 50, 75, 95% */
};

/** Sections of BT.ini that the scenario binder leaves to bt_config_load. */
extern const char *const bt_sections[];

/** The [backtest] section. */
typedef struct {
    char path[BT_PATH_MAX];        /**< BT.ini as given */
    char observed[BT_PATH_MAX];    /**< daily record CSV, resolved beside BT.ini */
    int origins[BT_MAX_ORIGINS];   /**< origin dates, day numbers, increasing */
    int norigins;
    int horizons[BT_MAX_HORIZONS]; /**< horizons, weeks, increasing */
    int nhorizons;
    char origin_at[BT_PATH_MAX + 16];  /**< "file:line" of the origins key, for messages */
} bt_config;

/**
 * Read [backtest] of `path`. Errors (file:line and key): missing or unknown keys,
 * dates not increasing, horizons outside 1..52 weeks or not increasing.
 */
sim_status bt_config_load(const char *path, bt_config *c);

/**
 * Check the origins against the scenario's horizon [start_day, start_day + days) and
 * the record: each origin after the scenario's first day (the replay comes first) and
 * inside the record. Errors name the key's file:line and the dates.
 */
sim_status bt_check(const bt_config *c, int start_day, int days, const obs_record *obs);

/** Score every origin and horizon of `res` into `t` (frames carry origin and horizon). */
sim_status bt_score(const bt_config *c, const sim_results *res, const obs_record *obs, vs_table *t);

/** Scores pooled over origins: the mean over every period of one horizon, kind and metric that vs_averaged keeps. */
typedef struct {
    int horizon_weeks;             /**< horizon */
    per_kind kind;                 /**< week, month or window */
    int metric;                    /**< obs_metric */
    int origins;                   /**< origins with at least one scored period */
    size_t periods;                /**< periods scored by every forecast, over all origins (no partial week: vs_averaged) */
    double wis[VS_FORECASTS];      /**< mean WIS of each forecast, metric unit */
    double crps[VS_FORECASTS];     /**< mean CRPS */
    double coverage50[VS_FORECASTS], coverage90[VS_FORECASTS]; /**< shares covered */
} bt_pooled;

/** Pool the rows of `t` for one horizon, kind and metric. */
void bt_pool(const vs_table *t, int horizon_weeks, per_kind kind, int metric, bt_pooled *out);

/**
 * Write /backtest into an open results file: attributes origins and horizons_weeks,
 * datasets scores [rows, columns] and skill [rows, columns] (doubles, attribute
 * `columns` naming them; codes explained by attributes kind_names, metric_names,
 * forecast_names; origin as a day number since 1970-01-01) and pooled [rows, columns].
 */
sim_status bt_write_h5(hid_t file, const bt_config *c, const vs_table *t);

/** Write pooled.csv: bt_pool for every horizon, kind and metric. */
sim_status bt_write_pooled_csv(const bt_config *c, const vs_table *t, const char *path, int force);

/**
 * Data of a forecast fan: the `weeks` calendar weeks from the Monday `first_monday`:
 * week_start[w], observed people (NaN outside the record) and the 5/25/50/75/95%
 * quantiles across replications of the simulated people q[w][BT_FAN_Q] (NaN where the
 * simulation does not cover the whole week). Errors: no memory.
 */
sim_status bt_fan(const sim_results *res, const obs_record *obs, int first_monday, int weeks, int *week_start,
                  double *observed, double *q);

/** Print the pooled scores and the model's ratios to the naive forecasts. */
void bt_print(const bt_config *c, const vs_table *t, FILE *out);

#endif
