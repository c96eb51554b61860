/**
 * @file atomic_file.h
 * @brief Text outputs written under a temporary name ("path.tmp.<pid>") and renamed
 *        into place only when complete and flushed to disk, so a reader never sees a
 *        half-written file and a failure leaves whatever was at `path` untouched.
 */
#ifndef CHANSIM_ATOMIC_FILE_H
#define CHANSIM_ATOMIC_FILE_H

#include <stdio.h>

#include "sim/engine/status.h"

typedef struct {
    FILE *fp;   /**< write here */
    char *path; /**< the final name (owned) */
    char *tmp;  /**< the temporary name (owned) */
} atomic_file;

/** Create `path`'s temporary file for writing. On failure nothing is left behind. */
sim_status atomic_open(atomic_file *f, const char *path);

/** Check every write succeeded, flush to disk, close and rename into place; discards on failure. */
sim_status atomic_commit(atomic_file *f);

/** Close and remove the temporary file; safe on a closed or zeroed atomic_file. */
void atomic_discard(atomic_file *f);

/** Write `text` to `path` atomically. */
sim_status atomic_write_text(const char *path, const char *text);

#endif
