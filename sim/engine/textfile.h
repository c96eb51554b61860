/**
 * @file textfile.h
 * @brief The reader policy of every chansim input (configs, sweep, sensitivity and
 *        calibration files, ensembles, CSVs, plot templates), and whole-file reads.
 *
 * Policy: an input is a regular file (a directory, device, FIFO or socket is refused
 * at once: `extends = /dev/zero` or a FIFO as config fails instead of spinning or
 * blocking; the file is opened with O_NONBLOCK so not even the open waits on a FIFO),
 * of at most TEXTFILE_MAX_BYTES, and a text file holds no NUL byte (refused naming
 * file:line, instead of silently ending the line there and shifting later lines).
 */
#ifndef CHANSIM_TEXTFILE_H
#define CHANSIM_TEXTFILE_H

#include <stddef.h>
#include <stdio.h>

#include "sim/engine/status.h"

/** Largest input file read, bytes: far above any real config or the observed CSVs (< 1 MB). */
#define TEXTFILE_MAX_BYTES ((size_t)64 << 20)

/**
 * Read text file `path` whole under the policy above into a NUL-terminated buffer
 * (caller frees); `len`, if not NULL, gets its length. `what` names the file in
 * messages: "cannot open <what> '<path>': <reason>", "<path>:<line>: NUL byte ...".
 */
sim_status textfile_read(const char *path, const char *what, char **text, size_t *len);

/** As textfile_read for files that may hold any bytes (NULs allowed; still regular and bounded). */
sim_status textfile_read_bytes(const char *path, const char *what, char **data, size_t *len);

/**
 * Open text file `path` for reading line by line under the policy: the file is read
 * and checked whole, then handed out as a stream over that text; fclose(*fp) frees it.
 */
sim_status textfile_fopen(const char *path, const char *what, FILE **fp);

#endif
