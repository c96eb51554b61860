/**
 * @file sensitivity_read.h
 * @brief Reading the /sensitivity group of a results file (written by
 *        sim/experiments/sensitivity_output.h, whose header documents the layout) for
 *        CSV export and figures.
 */
#ifndef CHANSIM_SENSITIVITY_READ_H
#define CHANSIM_SENSITIVITY_READ_H

#include "sim/engine/status.h"

enum { SA_MORRIS_COLUMNS = 5, SA_SOBOL_COLUMNS = 6 };

/** Column names of the morris and sobol tables, comma-separated. */
extern const char sa_morris_columns[];
extern const char sa_sobol_columns[];

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
