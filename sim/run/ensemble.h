/**
 * @file ensemble.h
 * @brief A posterior ensemble: equally weighted parameter sets ("draws") written by
 *        `chansim calibrate`, which a scenario runs with instead of one calibrated
 *        point (`[run] ensemble = FILE`).
 *
 * The file is INI: a top-level `calibrated = FILE` naming the calibrated config the
 * draws stand in for (relative to the ensemble file), then sections `[draw 1]`,
 * `[draw 2]`, ... each with the same `section.key = value` lines. Replication r of a
 * scenario takes draw (r mod draws) for every key whose value the scenario gets from
 * that calibrated config; keys the scenario sets itself (or with --set) keep its value.
 * Parameter uncertainty then enters every result, and paired comparisons stay paired:
 * replication r of every scenario uses the same draw.
 */
#ifndef CHANSIM_ENSEMBLE_H
#define CHANSIM_ENSEMBLE_H

#include <stddef.h>

#include "sim/engine/status.h"

typedef struct {
    char *path;        /**< the ensemble file as resolved */
    char *calibrated;  /**< the calibrated config the draws replace, resolved against the ensemble's directory */
    int ndraws;        /**< draws */
    int nkeys;         /**< keys per draw */
    char **keys;       /**< [nkeys] "section.key", in the order of the first draw */
    char **values;     /**< [ndraws * nkeys] value text of key k in draw d at d * nkeys + k */
    size_t nvalues;    /**< values read (ndraws * nkeys once loaded) */
    char *text;        /**< the whole file, for provenance */
} ensemble;

/** Read and check an ensemble file. Errors name file:line. */
sim_status ens_load(const char *path, ensemble **e);

/** Free; sets *e to NULL. Safe on NULL. */
void ens_destroy(ensemble **e);

#endif
