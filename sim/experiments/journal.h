/**
 * @file journal.h
 * @brief The checkpoint of a sweep: an append-only file of fixed-size records, one
 *        per completed work unit, flushed to disk as units complete, so a run killed
 *        at any moment (SIGKILL, a lost node) can be resumed without redoing them.
 *
 * Layout (native byte order: a journal is resumed on the machine type that wrote it;
 * the portable result is the HDF5 file):
 *
 *     header  (JOURNAL_HEADER_BYTES = 64)
 *         char     magic[8]      "CHSWJNL1"
 *         uint64   hash          the sweep's identity (sweep.h: sweep_hash)
 *         uint32   points        design points in the whole sweep
 *         uint32   reps          replications per point
 *         uint32   block         replications per unit (record capacity)
 *         uint32   metrics       values per replication (the model's weekly metrics when written)
 *         uint32   shard_index   1-based
 *         uint32   shard_count
 *         uint32   record_bytes  size of every record
 *         uint8    pad[12]       zero
 *         uint64   checksum      FNV-1a 64 of the 56 bytes above
 *     record  (record_bytes = 24 + 8 * block * metrics)
 *         uint32   magic         0x43525753 ("SWRC")
 *         uint32   point         design point
 *         uint32   block         block index within the point
 *         uint32   nreps         replications held (the last block may be short)
 *         double   values[block][metrics]   totals of each replication; unused rows zero
 *         uint64   checksum      FNV-1a 64 of the record's bytes before it
 *
 * A record is written with one write(2) and the file is fsync'd by journal_sync.
 * On resume a short or corrupt last record (the process died mid-write) is cut off;
 * a corrupt record followed by good ones means the file was damaged otherwise, and
 * is an error. The file is locked (flock) while open, so two runs cannot share it.
 */
#ifndef CHANSIM_JOURNAL_H
#define CHANSIM_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "sim/engine/status.h"

enum { JOURNAL_HEADER_BYTES = 64 };

/** What a journal belongs to: a resume must match every field. */
typedef struct {
    uint64_t hash;        /**< the sweep's hash */
    uint32_t points;      /**< design points of the whole sweep */
    uint32_t reps;        /**< replications per point */
    uint32_t block;       /**< replications per unit */
    uint32_t metrics;     /**< values per replication */
    uint32_t shard_index; /**< 1-based shard index */
    uint32_t shard_count; /**< shards */
} journal_header;

/** An open journal, positioned for appending. Opaque. */
typedef struct journal journal;

/** Called for each valid record found on resume: values is [nreps][metrics]. Return non-OK to stop. */
typedef sim_status (*journal_visit)(void *ctx, uint32_t point, uint32_t block, uint32_t nreps, const double *values);

/**
 * Create a new journal at `path` with header h, flushed to disk. An existing file is
 * replaced only if `replace` is 1, else SIM_ERR_EXISTS. *j is new.
 */
sim_status journal_create(const char *path, const journal_header *h, int replace, journal **j);

/**
 * Open an existing journal to resume: check its header against `expect` (a mismatch
 * names the field: another sweep, other replications or shard), call `visit` for each
 * complete record, cut off a torn last record, and position for appending. *j is new.
 * *records gets the number of valid records. Errors: unreadable or locked file, wrong
 * magic or header checksum, mismatch, damaged records (SIM_ERR_IO or SIM_ERR_CONFIG).
 */
sim_status journal_resume(const char *path, const journal_header *expect, journal_visit visit, void *ctx,
                          journal **j, size_t *records);

/** Append one record (values [nreps][metrics], nreps <= block). Not yet durable: call journal_sync. */
sim_status journal_append(journal *j, uint32_t point, uint32_t block, uint32_t nreps, const double *values);

/** Flush appended records to disk (fsync). */
sim_status journal_sync(journal *j);

/** Close (keeps the file); sets *j to NULL. Safe on NULL. */
void journal_close(journal **j);

/** Bytes of one record for a header. */
size_t journal_record_bytes(const journal_header *h);

#endif
