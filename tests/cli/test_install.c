/**
 * @file test_install.c
 * @brief The installed tool works anywhere (#15): `make install` into a temporary PREFIX
 *        builds nothing (it only copies), then from another directory the installed
 *        chansim runs a shipped scenario by name, validates it against the shipped record,
 *        plots it with the shipped templates and runs a shipped sweep, writing into the
 *        current directory; the man pages render with `man -l`; bash completion completes
 *        commands and options; a wrong CHANSIM_DATA_DIR is an error; `make uninstall`
 *        removes every file install put there.
 *
 * It installs the binary under test (CHANSIM_BIN) and the man pages made beside it
 * (`make test` makes them), so it also runs under SANITIZE=1.
 */
#include <criterion/criterion.h>

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support.h"

/* make, run from the project root, without the outer make's jobserver (this runs inside `make test`). */
#define MAKE "env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory"

typedef struct {
    char *root;    /* scratch: captures */
    char prefix[4096], work[4096], build[4096];
} inst;

static sup_result in_work(inst *t, const char *fmt, const char *arg)
{
    /* The installed program first on PATH, run from the work directory (outside the repository). */
    return sup_shell(t->root, "cd '%s' && env -u CHANSIM_DATA_DIR -u CHANSIM_PLOTS_DIR PATH='%s/bin':\"$PATH\" %s%s",
                     t->work, t->prefix, fmt, arg ? arg : "");
}

static int files_under(inst *t, const char *dir)
{
    sup_result r = sup_shell(t->root, "find '%s' -type f -o -type l | wc -l", dir);
    cr_assert_eq(r.status, 0, "%s", r.err);
    int n = atoi(r.out);
    sup_result_free(&r);
    return n;
}

Test(install, installed_tool_works_anywhere_and_uninstalls_cleanly, .timeout = 600)
{
    inst t = {.root = sup_tmpdir()};
    snprintf(t.prefix, sizeof t.prefix, "%s/prefix", t.root);
    snprintf(t.work, sizeof t.work, "%s/work", t.root);
    char bin[4096];
    snprintf(bin, sizeof bin, "%s", CHANSIM_BIN);
    snprintf(t.build, sizeof t.build, "%s", dirname(bin));
    sup_result r = sup_shell(t.root, "mkdir -p '%s'", t.work);
    cr_assert_eq(r.status, 0);
    sup_result_free(&r);

    /* install only copies: a dry run shows no compiler or archiver. */
    r = sup_shell(t.root, MAKE " -n install PREFIX='%s' INSTALL_EXE=%s BUILD=%s", t.prefix, CHANSIM_BIN, t.build);
    cr_assert_eq(r.status, 0, "make -n install: %s", r.err);
    cr_expect_null(strstr(r.out, " -c "), "install would compile:\n%s", r.out);
    cr_expect_null(strstr(r.out, "ar rcs"), "install would archive:\n%s", r.out);
    cr_expect_null(strstr(r.out, "help2man"), "install would make man pages:\n%s", r.out);
    sup_result_free(&r);
    r = sup_shell(t.root, MAKE " install PREFIX='%s' INSTALL_EXE=%s BUILD=%s", t.prefix, CHANSIM_BIN, t.build);
    cr_assert_eq(r.status, 0, "make install: %s%s", r.out, r.err);
    sup_result_free(&r);
    char path[8192];
    static const char *const installed[] = {
        "bin/chansim", "share/chansim/configs/scenarios/baseline.ini", "share/chansim/data/uk_small_boats_daily.csv",
        "share/chansim/plots/style.gp", "share/man/man1/chansim.1", "share/man/man1/chansim-run.1",
        "share/man/man1/chansim-sweep.1", "share/bash-completion/completions/chansim", "share/doc/chansim/README.md",
        "share/doc/chansim/docs/output.md",
    };
    for (size_t i = 0; i < sizeof installed / sizeof installed[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", t.prefix, installed[i]);
        cr_expect(sup_exists(path), "not installed: %s", installed[i]);
    }

    /* A shipped scenario by name, outputs in the current directory. */
    r = in_work(&t, "chansim run baseline -r 2 -q", NULL);
    cr_expect_eq(r.status, 0, "run: %s", r.err);
    sup_result_free(&r);
    snprintf(path, sizeof path, "%s/baseline.h5", t.work);
    cr_assert(sup_exists(path), "run without -o wrote no baseline.h5 in the current directory");
    /* The shipped observed record, found without --observed. */
    r = in_work(&t, "chansim validate baseline.h5 -o val -q", NULL);
    cr_expect_eq(r.status, 0, "validate: %s", r.err);
    sup_result_free(&r);
    snprintf(path, sizeof path, "%s/val/validation.csv", t.work);
    cr_expect(sup_exists(path), "validate wrote no validation.csv");
    /* The shipped plot templates. */
    r = in_work(&t, "chansim plot baseline.h5 -q", NULL);
    cr_expect_eq(r.status, 0, "plot: %s", r.err);
    sup_result_free(&r);
    snprintf(path, sizeof path, "%s/baseline_plots/arrivals_weekly.gp", t.work);
    cr_expect(sup_exists(path), "plot drew nothing");
    /* A shipped sweep, short. */
    r = in_work(&t, "chansim sweep returns_cap -r 1 --set scenario.days=28 --set scenario.warmup_days=7 -q", NULL);
    cr_expect_eq(r.status, 0, "sweep: %s", r.err);
    sup_result_free(&r);
    snprintf(path, sizeof path, "%s/returns_cap.h5", t.work);
    cr_expect(sup_exists(path), "sweep wrote no returns_cap.h5 in the current directory");
    /* A wrong data directory is reported, not passed over. */
    r = in_work(&t, "CHANSIM_DATA_DIR=/nonexistent chansim run baseline -r 1 -q -o x.h5", NULL);
    cr_expect_eq(r.status, 1, "exit %d", r.status);
    cr_expect(strstr(r.err, "CHANSIM_DATA_DIR='/nonexistent'"), "%s", r.err);
    sup_result_free(&r);

    /* Man pages render. */
    r = sup_shell(t.root, "MANWIDTH=80 MANPAGER=cat man -l '%s/share/man/man1/chansim.1'", t.prefix);
    cr_expect_eq(r.status, 0, "man -l chansim.1: %s", r.err);
    cr_expect(strstr(r.out, "CHANSIM_DATA_DIR") && strstr(r.out, "chansim-run"), "chansim(1):\n%s", r.out);
    sup_result_free(&r);
    r = sup_shell(t.root, "MANWIDTH=80 MANPAGER=cat man -l '%s/share/man/man1/chansim-run.1'", t.prefix);
    cr_expect_eq(r.status, 0, "man -l chansim-run.1: %s", r.err);
    cr_expect(strstr(r.out, "chansim-run -") && strstr(r.out, "--reps"), "chansim-run(1):\n%s", r.out);
    /* help2man takes the synopsis from the "Usage:" line; a lowercase or wrapped one would
     * have been left in DESCRIPTION. */
    const char *synopsis = strstr(r.out, "SYNOPSIS"), *description = strstr(r.out, "DESCRIPTION");
    const char *config = synopsis ? strstr(synopsis, "CONFIG") : NULL;
    cr_expect(config && description && config < description && !strstr(r.out, "Usage:"), "chansim-run(1):\n%s",
              r.out);
    sup_result_free(&r);

    /* Completion: a command from its start, an option of a command. */
    snprintf(path, sizeof path,
             "bash -c 'source %s/share/bash-completion/completions/chansim; COMP_WORDS=(chansim swe); COMP_CWORD=1; "
             "_chansim; echo \"${COMPREPLY[*]}\"; COMP_WORDS=(chansim run --re); COMP_CWORD=2; _chansim; "
             "echo \"${COMPREPLY[*]}\"'",
             t.prefix);
    r = in_work(&t, "", path);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect_str_eq(r.out, "sweep\n--reps\n", "completion: %s", r.out);
    sup_result_free(&r);

    /* Uninstall removes everything install put there. */
    r = sup_shell(t.root, MAKE " uninstall PREFIX='%s' BUILD=%s", t.prefix, t.build);
    cr_expect_eq(r.status, 0, "make uninstall: %s", r.err);
    sup_result_free(&r);
    cr_expect_eq(files_under(&t, t.prefix), 0, "files left under PREFIX after make uninstall");

    sup_rmtree(t.root);
    free(t.root);
}
