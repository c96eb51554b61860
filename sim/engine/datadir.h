/**
 * @file datadir.h
 * @brief Where chansim's shipped files are (data/, configs/, plots/), so the program
 *        works the same from the source tree and once installed, from any directory.
 *
 * The shipped directory is the first of:
 *   1. $CHANSIM_DATA_DIR, if set (an error if it does not hold DATADIR_MARKER: a wrong
 *      setting is reported, never silently passed over);
 *   2. the current directory, if it is a chansim source tree (holds DATADIR_MARKER);
 *   3. beside the executable: EXE_DIR/../share/chansim (where `make install` puts them),
 *      then EXE_DIR/.. and EXE_DIR/../.. (bin/chansim or build/release/chansim of a
 *      source tree run from elsewhere).
 */
#ifndef CHANSIM_DATADIR_H
#define CHANSIM_DATADIR_H

#include "sim/engine/status.h"

/** The environment variable that names the shipped directory. */
#define DATADIR_ENV "CHANSIM_DATA_DIR"

/** A file every shipped directory holds; its presence identifies one. */
#define DATADIR_MARKER "configs/scenarios/baseline.ini"

/**
 * The shipped directory (a new string in *dir). Errors: SIM_ERR_CONFIG when $CHANSIM_DATA_DIR
 * is set but wrong, or when none is found (the message lists the places searched).
 */
sim_status datadir_find(char **dir);

/** `rel` (e.g. "data/uk_small_boats_daily.csv") under the shipped directory, as a new string. */
sim_status datadir_path(const char *rel, char **path);

#endif
