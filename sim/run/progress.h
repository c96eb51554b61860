/**
 * @file progress.h
 * @brief How a long job shows how far it has come: one reporter with done/total that
 *        every command shares (run, batch, sweep, sensitivity, calibrate, backtest), so
 *        the look of progress is decided in one place.
 *
 * On a terminal the reporter redraws one line in place on stderr:
 *     baseline                 [##########..............................] 16/64 replications  0:05 elapsed, ETA 0:15
 * Anywhere else (a pipe, a file, a Slurm or nohup log) it writes plain lines that a log
 * keeps, one when the job starts, then whenever another PROGRESS_LINE_PERCENT of the work
 * is done or PROGRESS_LINE_SECONDS have passed since the last line, and one at the end:
 *     chansim: baseline: 16/64 replications (25%), 3.2/s, elapsed 0:05, ETA 0:15
 * The rate and ETA count only work done since the reporter started (a resumed sweep's
 * earlier units do not inflate the rate). A reporter lives on the caller's stack:
 * progress_start, then progress_step (from any thread) or progress_set.
 */
#ifndef CHANSIM_PROGRESS_H
#define CHANSIM_PROGRESS_H

#include <stddef.h>
#include <stdio.h>

enum {
    PROGRESS_LABEL_MAX = 64,     /**< bytes of a label or unit, NUL included */
    PROGRESS_LINE_PERCENT = 10,  /**< a log line at least every this many percent of the work */
    PROGRESS_LINE_SECONDS = 5    /**< and at least every this many seconds while work is done */
};

/** Seconds on a clock that never goes back (its origin does not matter); ctx is the clock's own. */
typedef double (*progress_clock_fn)(void *ctx);

/** Where and how progress is shown. */
typedef struct {
    FILE *fp;                 /**< stream written to; NULL: show nothing */
    int terminal;             /**< 1: redraw a bar in place; 0: plain log lines */
    progress_clock_fn clock;  /**< NULL: the monotonic system clock */
    void *clock_ctx;          /**< handed to clock */
} progress_output;

/** A progress reporter. Fields are the reporter's own: use the functions. */
typedef struct {
    char label[PROGRESS_LABEL_MAX]; /**< what is being done, shown first */
    char unit[PROGRESS_LABEL_MAX];  /**< what is counted, shown after the count ("" for nothing) */
    size_t total;                   /**< work items in the job */
    size_t done;                    /**< work items finished */
    size_t done0;                   /**< items already done at the first update (a resumed job's) */
    int updated;                    /**< 1 once done has been set or stepped */
    int finished;                   /**< 1 once the final line is written */
    progress_output out;            /**< where it is shown (fp NULL: nowhere) */
    double t0;                      /**< clock at the start, s */
    double last_t;                  /**< clock at the last log line, s */
    size_t last_done;               /**< done at the last log line */
} progress;

/**
 * Start reporting a job of `total` items (none done yet) on stderr: a bar if stderr is a
 * terminal, log lines otherwise. wanted = 0 (-q, or an MPI process other than the first)
 * shows nothing. unit may be NULL (no word after the count).
 */
void progress_start(progress *p, const char *label, const char *unit, size_t total, int wanted);

/** As progress_start, shown as `out` says (tests: a pipe or memory stream and a fake clock). */
void progress_start_to(progress *p, const char *label, const char *unit, size_t total, const progress_output *out);

/** One more item done. Safe to call from several OpenMP threads at once. */
void progress_step(progress *p);

/** `done` items are done (for jobs that count their own progress, e.g. a sweep's committed units). */
void progress_set(progress *p, size_t done);

/** "H:MM:SS" or "M:SS" for a number of seconds (negative or not finite: "?"), into buf. */
void progress_format_duration(double seconds, char *buf, size_t size);

#endif
