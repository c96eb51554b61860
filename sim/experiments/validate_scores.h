/**
 * @file validate_scores.h
 * @brief Proper scores of a scenario's forecasts against the record on a window:
 *        every calendar week (Monday-Sunday), month and the whole window, for the
 *        model (the replications as an ensemble) and the two naive forecasts of
 *        naive.h, with coverage and the model's skill as a ratio to each naive.
 *
 * Rows (scores.csv) are one per period, metric (arrivals, boats) and forecast
 * ("model", "naive_last_year", "naive_seasonal"); a period the window cuts is scored
 * over its days inside the window and flagged partial. A row that cannot be scored
 * (the simulation does not cover the period, or the record lacks what a naive forecast
 * needs) is kept with the reason in `skipped`, never dropped.
 * Skill rows (skill.csv) average each forecast's scores over the periods of one kind
 * where all three forecasts were scored, so the ratios compare like with like:
 *   wis_ratio_X = mean WIS of the forecast / mean WIS of naive forecast X (< 1: better).
 * Partial weeks are scored (scores.csv) but left out of the averages (vs_averaged): a
 * 2-day week's score is on a smaller scale than a 7-day one's and would pull the mean
 * weekly score down by however the window happens to cut the calendar.
 */
#ifndef CHANSIM_VALIDATE_SCORES_H
#define CHANSIM_VALIDATE_SCORES_H

#include <stdio.h>

#include "sim/engine/results.h"
#include "sim/engine/status.h"
#include "sim/experiments/naive.h"
#include "sim/experiments/periods.h"
#include "sim/experiments/scores.h"
#include "sim/io/observed.h"

/** Forecasts scored: the model, then the naive forecasts in naive_kind order. */
enum { VS_MODEL = 0, VS_FORECASTS = 1 + NAIVE_COUNT };

/** Names of the forecasts: "model", "naive_last_year", "naive_seasonal". */
extern const char *const vs_forecast_names[VS_FORECASTS];

/** Metrics scored (counts the naive forecasts can forecast). */
enum { VS_METRICS = 2 };
extern const obs_metric vs_metrics[VS_METRICS];

/** Pass as `origin` to make each period's forecast at the period's first day. */
#define VS_ORIGIN_PERIOD (-2147483647 - 1)

/** Where a set of forecasts was made: a validation window or a backtest origin. */
typedef struct {
    char scenario[RESULTS_NAME_MAX]; /**< scenario name */
    char window[80];                 /**< "FIRST..LAST" dates of the window */
    int origin;                      /**< backtest origin, day number, or VS_ORIGIN_PERIOD */
    int horizon_weeks;               /**< backtest horizon, weeks (0 for validate) */
} vs_frame;

/** One scored (or skipped) forecast. */
typedef struct {
    vs_frame frame;       /**< where and when */
    per_period period;    /**< the period scored */
    int metric;           /**< obs_metric */
    int forecast;         /**< index into vs_forecast_names */
    double observed;      /**< the record's value, metric unit */
    score_set s;          /**< scores (NaN when skipped) */
    const char *skipped;  /**< NULL when scored, else why not (static text) */
} vs_row;

/** Mean scores of one forecast over the periods of one kind. */
typedef struct {
    vs_frame frame;              /**< where and when */
    per_kind kind;               /**< week, month or window */
    int metric;                  /**< obs_metric */
    int forecast;                /**< index into vs_forecast_names */
    size_t periods;              /**< periods where every forecast was scored */
    double crps, wis;            /**< means over them, metric unit */
    double coverage50, coverage90; /**< shares of them inside the 50% and 90% intervals */
    double crps_ratio[NAIVE_COUNT]; /**< mean CRPS / that naive forecast's mean CRPS */
    double wis_ratio[NAIVE_COUNT];  /**< mean WIS / that naive forecast's mean WIS */
} vs_skill;

/** Growing tables; zero-initialise, free with vs_table_free. */
typedef struct {
    vs_row *rows;
    size_t n, cap;
    vs_skill *skill;
    size_t nskill, capskill;
} vs_table;

/**
 * Score `res` against `obs` on [first, end) (day numbers) for the period kinds in
 * `kinds` (PER_KINDS entries of 0/1), adding rows and skill rows to `t`. Naive
 * forecasts are made at `frame->origin` (or each period's start: VS_ORIGIN_PERIOD)
 * from the record before it.
 */
sim_status vs_score(const sim_results *res, const obs_record *obs, const vs_frame *frame, int first, int end,
                    const int kinds[PER_KINDS], vs_table *t);

/**
 * Whether the group of VS_FORECASTS rows starting at g enters the averages (skill.csv,
 * the backtest's pooled.csv): every forecast scored, and not a partial week.
 */
int vs_averaged(const vs_row *g);

/** Append one row (for callers that skip a whole window, e.g. the backtest). */
sim_status vs_add_row(vs_table *t, const vs_row *r);

/** Write scores.csv (`path`) through a temporary file; refuses an existing file unless `force`. */
sim_status vs_write_scores_csv(const vs_table *t, const char *path, int force);

/** Write skill.csv (`path`) the same way. */
sim_status vs_write_skill_csv(const vs_table *t, const char *path, int force);

/** Print the skill rows and every skipped row (grouped by reason) to `out`. */
void vs_print(const vs_table *t, FILE *out);

/** Free; the table becomes empty. */
void vs_table_free(vs_table *t);

#endif
