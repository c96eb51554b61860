/**
 * @file abc_output.h
 * @brief The /calibration group of a calibration's results file: how the sampler ran,
 *        every population, the final posterior with its predictive statistics, the
 *        observed statistics and distance scales, and the posterior ensemble's draws.
 *
 * Layout (all datasets double; a results file also holds the replays as ordinary
 * /scenarios, so `chansim validate` and `chansim export` read it):
 *
 *     /calibration                 attributes method, calibration_file, base_scenario, data_dir,
 *                                  data_first, data_last, window_first, window_last, seed, particles,
 *                                  kept, replications, generations, stopped_on, simulations, rejected,
 *                                  parameters, statistics, calibrated_config
 *         generations/{epsilon,acceptance,simulations,ess}   [generations]
 *         populations/<g>/theta    [kept, parameters]  attribute columns; weight, distance [kept]
 *         posterior/weight         [kept]   normalised importance weights of the final population
 *         posterior/distance       [kept]   distances to the observed statistics
 *         posterior/parameters/<section.key>  [kept]  the parameter's values (the factor of a list
 *                                  transform); attributes unit, title, prior, origin
 *         posterior/summary        [parameters, 5] weighted mean, sd, q05, q50, q95 (attributes columns, rows)
 *         posterior/predictive/<metric.period>  [kept, periods] each kept particle's mean statistics
 *         observed/<metric.period> [periods]  the record's statistics
 *         scale/<metric.period>    [periods]  distance scales (MAD of generation 0)
 *                                  (these three carry attributes periods and weight)
 *         ensemble/particle        [draws]  index into posterior/ of the parameter set behind each
 *                                  replication of the <base>_posterior scenario
 */
#ifndef CHANSIM_ABC_OUTPUT_H
#define CHANSIM_ABC_OUTPUT_H

#include <hdf5.h>

#include "sim/experiments/abc.h"
#include "sim/experiments/abc_config.h"
#include "sim/experiments/abc_model.h"
#include "sim/engine/status.h"

/**
 * Write /calibration into an open results file (out_file_handle). `summary` is
 * [nparams][5] (mean, sd, q05, q50, q95), `particle_of_draw` [cfg->posterior_draws],
 * `rejected` the proposals refused by a rule between parameters. Errors: SIM_ERR_IO.
 */
sim_status abc_output_write(hid_t file, const abc_config *cfg, const abc_model *m, const abc_result *r,
                            const double *summary, const int *particle_of_draw, int rejected);

#endif
