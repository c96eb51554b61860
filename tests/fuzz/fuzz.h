/**
 * @file fuzz.h
 * @brief Fuzz targets of chansim's input readers, shared by the libFuzzer harnesses
 *        (tests/fuzz/libfuzzer_main.c, `make fuzz`) and the regression replay of the
 *        test suite (tests/fuzz/test_fuzz_regress.c, `make test`), so a saved input runs
 *        through exactly the code that found it.
 *
 * Each target takes one input of arbitrary bytes, writes its parts as files in a
 * private copy of the shipped tree (configs/, data/: created on first use under
 * $TMPDIR, removed at exit) and calls the reader on them. A target returns 0 whether
 * the reader accepted or rejected the input: only a crash, a leak, undefined behaviour
 * or a hang is a finding. Inputs hold several files separated by a line "%%"
 * (FUZZ_SEPARATOR); missing parts are empty files.
 */
#ifndef CHANSIM_FUZZ_H
#define CHANSIM_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/** The line that separates the files of one input. */
#define FUZZ_SEPARATOR "\n%%\n"

/**
 * Scenario config: part 1 is scenarios/fuzz.ini (it may extend the shipped
 * baseline.ini or part 2), part 2 is scenarios/fuzz_parent.ini, part 3 holds one
 * --set assignment a line. Loads, applies the sets and binds (scenario_load).
 */
int fuzz_config(const uint8_t *data, size_t size);

/** Sweep file: part 1 is sweeps/fuzz.ini (base ../scenarios/...), part 2 is sweeps/points.csv. */
int fuzz_sweep(const uint8_t *data, size_t size);

/** Sensitivity (SA) file: part 1 is sweeps/fuzz_sa.ini (base ../scenarios/...); the design is built, not run. */
int fuzz_sensitivity(const uint8_t *data, size_t size);

/** Calibration file: part 1 is calibration/fuzz.ini (scenario, data_dir relative to it). */
int fuzz_calibration(const uint8_t *data, size_t size);

/**
 * Observed CSVs: parts 1-3 are the daily, weekly and deaths files; when they load,
 * every period kind over the record and every metric over those periods is computed.
 */
int fuzz_observed(const uint8_t *data, size_t size);

/**
 * Backtest file: part 1 is calibration/fuzz_bt.ini (it may extend history_2022_2025.ini;
 * observed relative to it). Reads [backtest], the scenario, the record, and checks the
 * origins (bt_config_load, scenario_load, obs_load, bt_check), as `chansim backtest` does.
 */
int fuzz_backtest(const uint8_t *data, size_t size);

/** One target by name ("config", "sweep", "sensitivity", "calibration", "observed", "backtest"), or NULL. */
typedef int (*fuzz_target_fn)(const uint8_t *data, size_t size);
fuzz_target_fn fuzz_target_find(const char *name);

/* --- support (fuzz_support.c) --- */

/** The private tree (created on first call; aborts if it cannot be): "<tmp>/chansim-fuzz-XXXXXX". */
const char *fuzz_root(void);

/** <root>/<rel> into buf (aborts if it does not fit). */
void fuzz_path(const char *rel, char *buf, size_t size);

/** Part `i` (0-based) of an input split at FUZZ_SEPARATOR, written to <root>/<rel> (replacing it). */
void fuzz_write_part(const uint8_t *data, size_t size, int i, const char *rel);

/** Part `i` of the input as a new NUL-terminated string (NULs inside kept as bytes); caller frees. */
char *fuzz_part(const uint8_t *data, size_t size, int i, size_t *len);

#endif
