/**
 * @file sweep_mpi.h
 * @brief A sweep across MPI ranks (built only with `make MPI=1`, which defines
 *        CHANSIM_MPI): rank 0 deals batches of work units to ranks 1..N-1 as they
 *        ask for them, journals the results it gets back and writes the file; each
 *        worker runs its batch with OpenMP (sweep_run_units).
 *
 * Protocol (MPI_COMM_WORLD, small messages):
 *   worker -> 0, tag SWEEP_TAG_RESULT: doubles {want, interrupted, nunits, then per
 *       unit: unit id, complete, block * sweep_nvalues(s) totals}; the first message has no units.
 *   worker -> 0, tag SWEEP_TAG_ERROR: the worker's error message (chars); it then
 *       waits for the stop message.
 *   0 -> worker, tag SWEEP_TAG_WORK: uint32 unit ids; an empty message means stop.
 * Rank 0 polls with MPI_Iprobe and short sleeps rather than blocking, so on a shared
 * node it does not spin a core, and it notices SIGINT/SIGTERM promptly.
 */
#ifndef CHANSIM_SWEEP_MPI_H
#define CHANSIM_SWEEP_MPI_H

#include "sim/engine/status.h"
#include "sim/experiments/sweep.h"
#include "sim/experiments/sweep_run.h"

#ifdef CHANSIM_MPI
/** Rank 0 with `size` > 1 ranks: schedule every pending unit of st over the workers. */
sim_status sweep_mpi_master(sweep_state *st, int size, int progress);

/** Ranks 1..size-1: ask for work, run it, send it back, until told to stop. */
sim_status sweep_mpi_worker(const sweep *s, int check);
#endif

#endif
