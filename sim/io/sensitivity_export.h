/**
 * @file sensitivity_export.h
 * @brief CSV of a sensitivity results file: one row per output and factor, ranked.
 */
#ifndef CHANSIM_SENSITIVITY_EXPORT_H
#define CHANSIM_SENSITIVITY_EXPORT_H

#include "sim/engine/status.h"
#include "sim/io/export.h"

/**
 * Write sensitivity.csv into the export folder of x (export.h) from the /sensitivity group of `results`:
 * output, unit, rank (1 = most influential: by mu* for Morris, by the total index for
 * Sobol), factor, key, the method's columns (mu, mu_star, sigma, mu_star_lo,
 * mu_star_hi; or first, first_lo, first_hi, total, total_lo, total_hi), noise_share,
 * noise_share_of_mean; its columns go to the data dictionary. Errors: not a sensitivity
 * file, I/O (SIM_ERR_IO).
 */
sim_status sa_export_csv(const char *results, export_ctx *x);

#endif
