/**
 * @file sensitivity_output.h
 * @brief Sensitivity results in HDF5, beside the study's /sweep group (the design
 *        table and every replication's totals, sweep_output.h), and read back for
 *        export and figures.
 *
 * Layout:
 *
 *     /sensitivity                   attributes:
 *                                      kind = "chansim sensitivity", sensitivity_format (int, 1)
 *                                      method ("morris" or "sobol"), estimated_on = "replication mean"
 *                                      factors, outputs, design_points, replications, bootstrap (int)
 *                                      confidence (double), hash (the /sweep hash)
 *                                      morris: trajectories, levels, candidates, design_seed (int)
 *                                      sobol: samples (int)
 *         scenarios                  string[nscen]: base, then policies
 *         factor_names               string[k]: [parameters] labels
 *         factor_keys                string[k]: config keys, linked keys joined by " + "
 *         factor_units               string[k]
 *         factor_range               [k, 2]  low, high in each factor's unit
 *         unit_design                [ndesign, k]  each design point in [0, 1]^k (point d of scenario s is
 *                                                  /sweep point d * nscen + s)
 *         output_names               string[outputs]
 *         outputs/<name>/            attributes metric, unit, scenario, baseline ("" for a level),
 *                                      noise_within, noise_total, noise_between_means (variances),
 *                                      noise_share (within / total), noise_share_of_mean
 *             mean                   [ndesign]  replication mean at each design point
 *             morris                 [k, 5]  mu, mu_star, sigma, mu_star_lo, mu_star_hi (attribute columns)
 *             sobol                  [k, 6]  first, first_lo, first_hi, total, total_lo, total_hi
 *                                            (attribute columns; attribute variance = V of the means)
 */
#ifndef CHANSIM_SENSITIVITY_OUTPUT_H
#define CHANSIM_SENSITIVITY_OUTPUT_H

#include "sim/engine/status.h"
#include "sim/experiments/sensitivity.h"
#include "sim/experiments/sensitivity_analysis.h"
#include "sim/io/output.h"
#include "sim/io/sensitivity_read.h"

/** Write /sensitivity for study s with results r into an open results file. */
sim_status sa_write(out_file *f, const sa_study *s, const sa_result *r);

#endif
