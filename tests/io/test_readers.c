/**
 * @file test_readers.c
 * @brief Results files open as users open them (docs/output.md): a run, a batch and a
 *        sweep file read with Python (h5py, xarray with the h5netcdf engine, pandas)
 *        and R (hdf5r) by the scripts in tests/io/readers/, which check that one line
 *        gives a labelled series with dates and the same numbers as the raw datasets.
 *
 * The interpreters are Debian's (/usr/bin/python3, /usr/bin/Rscript; CHANSIM_PYTHON and
 * CHANSIM_RSCRIPT override them) with the packages scripts/install-deps.sh installs. A
 * missing interpreter or package fails the test with a message naming what to install:
 * CI installs them, so a skip would hide a broken reader. Runs are tiny (3 replications
 * of 10 to 70 days: well under a second each).
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/support.h"

#define READERS "tests/io/readers/"
#define TINY "-r 3 --set scenario.days=24 --set scenario.warmup_days=10"

/* Exit status the reader scripts use for a missing package. */
enum { READER_MISSING_PACKAGE = 3 };

/* The interpreter to use: $var if set, else the Debian path; fails the test if absent. */
static const char *interpreter(const char *var, const char *debian, const char *packages)
{
    const char *p = getenv(var);
    if (!p || !p[0]) p = debian;
    cr_assert_eq(access(p, X_OK), 0, "%s not found (set %s to another): install %s (scripts/install-deps.sh)", p, var,
                 packages);
    return p;
}

static const char *python(void)
{
    return interpreter("CHANSIM_PYTHON", "/usr/bin/python3",
                       "python3 python3-h5py python3-xarray python3-h5netcdf python3-pandas");
}

static const char *rscript(void) { return interpreter("CHANSIM_RSCRIPT", "/usr/bin/Rscript", "r-base-core r-cran-hdf5r"); }

/* Run `interp script args` from the project root; assert it passed, with its message if not. */
static void read_ok(const char *dir, const char *interp, const char *script, const char *args)
{
    sup_result r = sup_shell(dir, "'%s' " READERS "%s %s", interp, script, args);
    cr_assert_neq(r.status, READER_MISSING_PACKAGE, "%s", r.err);
    cr_assert_eq(r.status, 0, "%s %s %s failed (%d):\n%s%s", interp, script, args, r.status, r.out, r.err);
    cr_expect(strstr(r.out, "all checks passed") != NULL, "%s printed: %s", script, r.out);
    sup_result_free(&r);
}

static void chansim_ok(const char *dir, const char *args)
{
    sup_result r = sup_chansim(dir, NULL, "%s", args);
    cr_assert_eq(r.status, 0, "chansim %s failed (%d): %s", args, r.status, r.err);
    sup_result_free(&r);
}

Test(readers, run_file_in_python_and_r)
{
    char dir[512], args[1024];
    sup_tmpdir_into(dir, sizeof dir);
    snprintf(args, sizeof args, "run " SUP_BASELINE " " TINY " -q -o '%s/run.h5'", dir);
    chansim_ok(dir, args);
    snprintf(args, sizeof args, "run '%s/run.h5' baseline", dir);
    read_ok(dir, python(), "read_results.py", args);
    read_ok(dir, rscript(), "read_results.R", args);
    sup_rmtree(dir);
}

Test(readers, batch_file_in_python_and_r)
{
    char dir[512], args[1024];
    sup_tmpdir_into(dir, sizeof dir);
    snprintf(args, sizeof args,
             "batch " SUP_BASELINE " configs/scenarios/rwanda.ini " TINY " -q -o '%s/batch.h5'", dir);
    chansim_ok(dir, args);
    snprintf(args, sizeof args, "batch '%s/batch.h5' baseline rwanda", dir);
    read_ok(dir, python(), "read_results.py", args);
    read_ok(dir, rscript(), "read_results.R", args);
    sup_rmtree(dir);
}

Test(readers, sweep_file_in_python_and_r)
{
    char dir[512], args[1024];
    sup_tmpdir_into(dir, sizeof dir);
    snprintf(args, sizeof args, "sweep tests/data/sweep/small.ini -r 2 -q -o '%s/sweep.h5'", dir);
    chansim_ok(dir, args);
    snprintf(args, sizeof args, "sweep '%s/sweep.h5'", dir);
    read_ok(dir, python(), "read_results.py", args);
    read_ok(dir, rscript(), "read_results.R", args);
    sup_rmtree(dir);
}
