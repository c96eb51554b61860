/**
 * @file output_fixture.h
 * @brief Shared fixture of the results-file tests (tests/io/test_output*.c,
 *        test_export_tables.c): deterministic results, provenance, a writer that
 *        commits, and readers for dataset shapes and attributes.
 */
#ifndef CHANSIM_TESTS_IO_OUTPUT_FIXTURE_H
#define CHANSIM_TESTS_IO_OUTPUT_FIXTURE_H

#include <stddef.h>

#include <hdf5.h>

#include "sim/engine/results.h"
#include "sim/io/output.h"

enum { T_START_DAY = 19723 }; /* 2024-01-01 */

/** A new empty directory under $TMPDIR into dir (size bytes). */
void ofx_tmpdir(char *dir, size_t size);

/** rm -rf dir (restoring write permission first, in case a test removed it). */
void ofx_remove_tree(const char *dir);

/** Number of entries in dir whose name contains `part` (NULL: all entries). */
int ofx_count_entries(const char *dir, const char *part);

/** The whole file in a new buffer (asserts it can be read); *size its length. */
char *ofx_slurp(const char *path, size_t *size);

/**
 * Deterministic results: every value encodes (rep, time, index, metric), so a
 * transposition anywhere shows up. people_per_boat is NaN in rep 0 week 1 (one
 * replication with no boats) and in every replication in week 2 (all NaN).
 */
sim_results *ofx_results(const char *name, int reps, int days, int groups);

/** Provenance of a run on `host` started at `start` (seconds since 1970) and lasting 61 s. */
out_provenance ofx_provenance(const char *host, long long start);

/** Write the given scenarios with provenance and commit (abort on any error). */
sim_status ofx_write_file(const char *path, int force, sim_results **scen, size_t n, const out_provenance *p);

/** 1 if a and b are equal or both NaN. */
int ofx_same_double(double a, double b);

/** Expect a[i] == b[i] (NaN equal to NaN) for i < n; reports the first difference. */
void ofx_expect_same_array(const double *a, const double *b, size_t n, const char *what);

/** Rank and dims of the dataset at `path` in an open file; -1 if absent. */
int ofx_dataset_dims(hid_t file, const char *path, hsize_t *dims);

/** A scalar variable-length string attribute of the object at `path` into buf (asserts it exists). */
void ofx_attr_string(hid_t file, const char *path, const char *name, char *buf, size_t size);

/** An int attribute of the object at `path` (asserts it exists). */
int ofx_attr_int(hid_t file, const char *path, const char *name);

#endif
