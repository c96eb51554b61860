/**
 * @file memory.h
 * @brief Will a run's results fit in memory? An estimate of the results arrays of a
 *        scenario (results.h) checked against the memory the system has available,
 *        before anything is allocated, so a horizon too long for the machine is
 *        refused with the numbers instead of failing or swapping hours later.
 */
#ifndef CHANSIM_RUN_MEMORY_H
#define CHANSIM_RUN_MEMORY_H

#include <stdint.h>

#include "sim/engine/status.h"

/**
 * Bytes of the results arrays of `reps` replications over `days` days with `groups`
 * nationality groups: per replication, weeks x M_COUNT weekly values, M_COUNT totals,
 * days x D_COUNT daily values and weeks x groups x G_COUNT group values, 8 bytes each
 * (weeks: the calendar weeks the horizon touches, at most days / 7 + 2).
 */
uint64_t run_results_bytes(int reps, int days, int groups);

/**
 * Bytes of memory available now: MemAvailable of /proc/meminfo, else the free
 * physical pages (sysconf); 0 if neither can be read (the check is then skipped).
 */
uint64_t run_available_bytes(void);

/**
 * Refuse (SIM_ERR_CONFIG) a run of `nscen` scenarios held in memory together, each of
 * `reps` replications over `days` days, whose results would take more than the memory
 * `available`, naming `what` (the config file), the horizon, the replications and both
 * sizes in GiB. `available` = 0 skips the check.
 */
sim_status run_memory_check(const char *what, int nscen, int reps, int days, int groups, uint64_t available);

#endif
