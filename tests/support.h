/**
 * @file support.h
 * @brief Shared helpers of the test suite: temporary directories, running the
 *        chansim binary and capturing its output, reading files and HDF5 attributes,
 *        loading the reference scenario with overrides.
 *
 * Implemented in tests/test_support.c (linked into the suite because of its name).
 * Helpers abort the calling test with a Criterion assertion on any setup failure,
 * so a broken helper shows up as a failed test, never as a false pass.
 */
#ifndef CHANSIM_TEST_SUPPORT_H
#define CHANSIM_TEST_SUPPORT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sim/run/scenario.h"

#ifndef CHANSIM_BIN
#define CHANSIM_BIN "build/release/chansim"
#endif

/** The reference scenario every model and CLI test starts from (path from the project root). */
#define SUP_BASELINE "configs/scenarios/baseline.ini"

/** A new empty directory under $TMPDIR (or /tmp); caller frees the string and calls sup_rmtree. */
char *sup_tmpdir(void);

/** As sup_tmpdir, into a caller's buffer of `size` bytes (asserts it fits). */
void sup_tmpdir_into(char *dir, size_t size);

/** Remove a directory tree created by the test (like rm -rf); quiet if it is already gone. */
void sup_rmtree(const char *dir);

/** Output of one command: exit status and the text it wrote. */
typedef struct {
    int status;   /**< exit code, or 128 + signal number if it was killed */
    char *out;    /**< everything written to stdout (owned, NUL-terminated) */
    char *err;    /**< everything written to stderr (owned, NUL-terminated) */
} sup_result;

/**
 * Run `env CHANSIM_BIN args` through /bin/sh from the project root, capturing stdout
 * and stderr in files under `scratch` (a sup_tmpdir). `env` is a prefix of shell
 * assignments (e.g. "OMP_NUM_THREADS=2") or NULL; `args` is printf-style.
 */
sup_result sup_chansim(const char *scratch, const char *env, const char *args_fmt, ...)
    __attribute__((format(printf, 3, 4)));

/** Run an arbitrary shell command the same way (for h5diff, h5dump). */
sup_result sup_shell(const char *scratch, const char *cmd_fmt, ...) __attribute__((format(printf, 2, 3)));

/** Start CHANSIM_BIN with `args` (argv, NULL-terminated) in the background, stdout and stderr to `log`; its pid. */
pid_t sup_spawn(const char *log, const char *const *args);

/** Free the strings of a result. */
void sup_result_free(sup_result *r);

/** A whole file as a NUL-terminated string (owned), or NULL if it cannot be read; *len gets its size if not NULL. */
char *sup_read_file(const char *path, size_t *len);

/** Write `text` to `path` (replacing it); asserts on failure. */
void sup_write_file(const char *path, const char *text);

/** 1 if `path` exists (any type). */
int sup_exists(const char *path);

/** Number of entries in `dir` other than . and .. (-1 if it cannot be read). */
int sup_count_entries(const char *dir);

/** A string attribute of an object in an HDF5 file (owned), or NULL if absent. */
char *sup_h5_attr_string(const char *file, const char *object, const char *attr);

/** An integer attribute of an object in an HDF5 file, read as int64; returns 0 and sets *ok = 0 if absent. */
long long sup_h5_attr_int(const char *file, const char *object, const char *attr, int *ok);

/** A scalar string dataset (e.g. /provenance/config/<name>) as an owned string, or NULL if absent. */
char *sup_h5_string_dataset(const char *file, const char *path);

/**
 * Load `path` with "section.key=value" overrides (NULL-terminated list) through
 * scenario_load, asserting success with the error message on failure.
 */
scenario *sup_load(const char *path, const char *const *overrides);

/** Replications of a scenario run in the test's process: the scenario and its results. */
typedef struct {
    scenario *s;      /**< the loaded scenario (owned) */
    sim_results *res; /**< weekly, daily, group and total outputs of every replication (owned) */
} sup_runs;

/**
 * Replications 0..reps-1 of the baseline with `overrides` (NULL-terminated), keys
 * (seed, r), with the conservation of people checked every day; asserts every run
 * succeeds. Free with sup_runs_free.
 */
void sup_runs_baseline(const char *const *overrides, int reps, uint32_t seed, sup_runs *out);
void sup_runs_free(sup_runs *r);

/** Overrides (list items, for sup_runs_baseline) that turn the shipped supply anchors
 *  off, so gangs.supply_per_day is the boat supply. */
#define SUP_SUPPLY_ANCHORS_OFF                                                                                        \
    "gangs.supply_date_1=never", "gangs.supply_date_2=never", "gangs.supply_date_3=never", "gangs.supply_date_4=never", \
        "gangs.supply_date_5=never", "gangs.supply_date_6=never"

/** The gangs' ordering the load and seizure tests were written with (3 spare boats, 21
 *  days to delivery; calibrated since, docs/calibration.md section 4): a calibrated
 *  larger buffer leaves boats idle, and those tests are about what a shortage does. */
#define SUP_ORDERING_AS_WRITTEN "gangs.stock_buffer=3", "gangs.lead_days=21"

/** A month factor: one lognormal draw per (replication, year, month), e.g. weather or inflow. */
typedef double (*sup_month_factor)(const void *params, rng_key key, int year, int month);

/**
 * Sample moments of a month factor over `n` consecutive months from January of year
 * 1000: the mean of the factor and the sample sd of its log. Asserts every factor > 0.
 */
void sup_month_factor_moments(sup_month_factor f, const void *params, rng_key key, int n, double *mean,
                              double *log_sd);

#endif
