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

enum { SA_MORRIS_COLUMNS = 5, SA_SOBOL_COLUMNS = 6 };

/** Column names of the morris and sobol tables, comma-separated. */
extern const char sa_morris_columns[];
extern const char sa_sobol_columns[];

/** Write /sensitivity for study s with results r into an open results file. */
sim_status sa_write(out_file *f, const sa_study *s, const sa_result *r);

/** What export and plot need from /sensitivity. */
typedef struct {
    char method[16];        /**< "morris" or "sobol" */
    int nfactors;           /**< k */
    char **factor_names;    /**< [k] (owned) */
    char **factor_keys;     /**< [k] (owned) */
    int noutputs;           /**< outputs */
    char **output_names;    /**< [noutputs] (owned) */
    char **output_units;    /**< [noutputs] each output's unit (owned) */
    int ncols;              /**< SA_MORRIS_COLUMNS or SA_SOBOL_COLUMNS */
    double *table;          /**< [noutputs][k][ncols] the morris or sobol table of each output */
    double *noise_share;    /**< [noutputs] noise_share */
    double *noise_share_of_mean; /**< [noutputs] noise_share_of_mean */
    double confidence;      /**< interval level */
} sa_file;

/** 1 if the file at path has a /sensitivity group, 0 if not or unreadable. */
int sa_file_present(const char *path);

/** Read /sensitivity. Errors: not a sensitivity file, bad shapes (SIM_ERR_IO). *f is new. */
sim_status sa_file_read(const char *path, sa_file **f);

/** Free; sets *f to NULL. Safe on NULL. */
void sa_file_destroy(sa_file **f);

#endif
