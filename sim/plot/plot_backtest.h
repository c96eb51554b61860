/**
 * @file plot_backtest.h
 * @brief Figures of a backtest, drawn by gnuplot: a forecast fan against the record
 *        for one origin, and the model's skill (WIS ratio to a naive forecast)
 *        against the horizon. Each image comes with its data (`.dat`) and script
 *        (`.gp`) in the same directory: edit the script and rerun gnuplot to restyle.
 */
#ifndef CHANSIM_PLOT_BACKTEST_H
#define CHANSIM_PLOT_BACKTEST_H

#include "sim/engine/status.h"

/** Quantile columns of a fan: 5%, 25%, 50%, 75%, 95%. */
enum { PLOT_FAN_Q = 5 };

/** One fan: calendar weeks around an origin. */
typedef struct {
    int weeks;                 /**< weeks drawn */
    const int *week_start;     /**< [weeks] Monday of each week, day number */
    const double *observed;    /**< [weeks] observed people (NaN: none) */
    const double *q;           /**< [weeks][PLOT_FAN_Q] simulated quantiles across replications (NaN: not simulated) */
    int origin;                /**< the origin, day number (a vertical line) */
    const char *title;         /**< title line */
} plot_fan_data;

/** Draw `dir/stem.png` (+ .dat, .gp) from a fan. Errors: gnuplot missing or failing, I/O (SIM_ERR_IO). */
sim_status plot_backtest_fan(const char *dir, const char *stem, const plot_fan_data *f);

/**
 * Draw `dir/stem.png`: `nseries` lines of a ratio against the horizon (x: horizons[i]
 * weeks; y: ratios[s * nh + i]), with a reference line at 1; names[s] label them.
 */
sim_status plot_backtest_skill(const char *dir, const char *stem, int nh, const int *horizons, int nseries,
                               const char *const *names, const double *ratios, const char *title);

#endif
