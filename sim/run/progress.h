/**
 * @file progress.h
 * @brief How a long job shows how far it has come: one reporter with done/total that
 *        every command shares (runs, batches, sweeps, calibration), so the look of
 *        progress is decided in one place.
 *
 * Today a reporter draws a bar on stderr, redrawn in place, when stderr is a terminal,
 * and nothing otherwise (pipes, files, tests):
 *     label                    [##########..............................] 16/64 units
 * A reporter lives on the caller's stack: progress_start, then progress_step (from any
 * thread) or progress_set, and the line ends by itself when done reaches total.
 */
#ifndef CHANSIM_PROGRESS_H
#define CHANSIM_PROGRESS_H

#include <stddef.h>

enum { PROGRESS_LABEL_MAX = 64 };

/** A progress reporter. Fields are the reporter's own: use the functions. */
typedef struct {
    char label[PROGRESS_LABEL_MAX]; /**< what is being done, shown first */
    char unit[PROGRESS_LABEL_MAX];  /**< what is counted, shown after the count ("" for nothing) */
    size_t total;                   /**< work items in the job */
    size_t done;                    /**< work items finished */
    int draw;                       /**< 1: draw a bar on stderr (asked for, and stderr is a terminal) */
} progress;

/**
 * Start reporting a job of `total` items (none done yet) and draw its first line.
 * wanted = 0 (e.g. -q, or an MPI process other than the first) shows nothing.
 * unit may be NULL (no word after the count).
 */
void progress_start(progress *p, const char *label, const char *unit, size_t total, int wanted);

/** One more item done. Safe to call from several OpenMP threads at once. */
void progress_step(progress *p);

/** `done` items are done (for jobs that count their own progress, e.g. a sweep's committed units). */
void progress_set(progress *p, size_t done);

#endif
