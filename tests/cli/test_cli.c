/**
 * @file test_cli.c
 * @brief End-to-end tests of the chansim binary (CHANSIM_BIN, run from the project
 *        root): reproducibility across thread counts, provenance, CSV export, every
 *        bad-input path, output safety (--force), help and version.
 *
 * Runs are small (a few replications, 70 days after a 30-day warm-up: well under a
 * second each). Files are compared with h5diff (exit 0 = same, 1 = different), with
 * /provenance excluded where the run's time, host, threads and command line differ.
 * Each test works in its own temporary directory and removes it.
 * Fixtures: tests/data/cli/ (bad-input INIs; small.ini is a valid short scenario).
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/metrics.h"
#include "tests/support.h"

#define SMALL "--set scenario.days=70 --set scenario.warmup_days=30"
#define H5DIFF "/usr/bin/h5diff"
#define FIX(name) "tests/data/cli/" name

/* A scratch directory for captured output and one for results, removed at the end. */
typedef struct {
    char *scratch; /* stdout/stderr captures */
    char *out;     /* results; must hold only what a test expects */
} dirs;

static dirs dirs_open(void) { return (dirs){sup_tmpdir(), sup_tmpdir()}; }

static void dirs_close(dirs *d)
{
    sup_rmtree(d->scratch);
    sup_rmtree(d->out);
    free(d->scratch);
    free(d->out);
}

/* Run the baseline small; asserts success. */
static void run_ok(dirs *d, const char *env, const char *extra, const char *file)
{
    sup_result r = sup_chansim(d->scratch, env, "run " SUP_BASELINE " -r 4 " SMALL " -q %s -o '%s/%s'", extra, d->out,
                               file);
    cr_assert_eq(r.status, 0, "run %s failed (%d): %s", extra, r.status, r.err);
    sup_result_free(&r);
}

static int h5diff(dirs *d, const char *opts, const char *a, const char *b)
{
    sup_result r = sup_shell(d->scratch, H5DIFF " %s '%s/%s' '%s/%s'", opts, d->out, a, d->out, b);
    int st = r.status;
    cr_expect_neq(st, 2, "h5diff error: %s%s", r.out, r.err);
    sup_result_free(&r);
    return st;
}

/* ---- reproducibility and provenance ------------------------------------------- */

Test(cli, same_results_for_one_and_two_threads)
{
    dirs d = dirs_open();
    run_ok(&d, "OMP_NUM_THREADS=1", "", "a.h5");
    run_ok(&d, "OMP_NUM_THREADS=2", "", "b.h5");
    cr_expect_eq(h5diff(&d, "--exclude-path /provenance", "a.h5", "b.h5"), 0,
                 "1 and 2 threads give different results");
    /* The comparison can see a difference: the provenance records the thread count. */
    cr_expect_eq(h5diff(&d, "", "a.h5", "b.h5"), 1, "h5diff found no difference even in /provenance");
    dirs_close(&d);
}

Test(cli, different_seed_gives_different_results)
{
    dirs d = dirs_open();
    run_ok(&d, "OMP_NUM_THREADS=2", "-s 1", "a.h5");
    run_ok(&d, "OMP_NUM_THREADS=2", "-s 2", "b.h5");
    run_ok(&d, "OMP_NUM_THREADS=1", "-s 1", "c.h5");
    cr_expect_eq(h5diff(&d, "--exclude-path /provenance", "a.h5", "b.h5"), 1, "seeds 1 and 2 give the same results");
    cr_expect_eq(h5diff(&d, "--exclude-path /provenance", "a.h5", "c.h5"), 0, "seed 1 is not reproducible");
    dirs_close(&d);
}

Test(cli, provenance_records_config_seed_commit_and_threads)
{
    dirs d = dirs_open();
    run_ok(&d, "OMP_NUM_THREADS=2", "-s 4242", "a.h5");
    char *path = NULL;
    cr_assert_gt(asprintf(&path, "%s/a.h5", d.out), 0);
    int ok;
    cr_expect_eq(sup_h5_attr_int(path, "/provenance", "seed", &ok), 4242);
    cr_expect(ok, "no /provenance seed");
    cr_expect_eq(sup_h5_attr_int(path, "/provenance", "threads", &ok), 2);
    cr_expect(ok, "no /provenance threads");
    cr_expect_eq(sup_h5_attr_int(path, "/provenance", "replications", &ok), 4);
    cr_expect_eq(sup_h5_attr_int(path, "/scenarios/baseline", "seed", &ok), 4242, "scenario seed attribute");
    char *commit = sup_h5_attr_string(path, "/provenance", "git_commit");
    cr_expect(commit && commit[0], "no git_commit");
    char *cmd = sup_h5_attr_string(path, "/provenance", "command_line");
    cr_expect(cmd && strstr(cmd, "--set scenario.days=70") && strstr(cmd, "-s 4242"), "command line: %s",
              cmd ? cmd : "(none)");
    char *version = sup_h5_attr_string(path, "/provenance", "version");
    cr_expect(version && version[0], "no version");
    char *cfg = sup_h5_string_dataset(path, "/provenance/config/baseline");
    cr_assert_not_null(cfg, "no /provenance/config/baseline");
    /* The resolved config shows the overridden value and where it came from. */
    const char *line = strstr(cfg, "\ndays = 70");
    cr_expect_not_null(line, "overridden days not in the config text");
    if (line) {
        const char *eol = strchr(line + 1, '\n');
        char buf[256];
        snprintf(buf, sizeof buf, "%.*s", eol ? (int)(eol - line - 1) : 200, line + 1);
        cr_expect(strstr(buf, "--set"), "origin of days is not --set: '%s'", buf);
    }
    cr_expect(strstr(cfg, "[weather]") && strstr(cfg, "persistence = "), "config text lacks [weather] persistence");
    free(commit);
    free(cmd);
    free(version);
    free(cfg);
    free(path);
    dirs_close(&d);
}

/*
 * `chansim config` prints a resolved config that runs to the same results. (With a
 * posterior ensemble the draws vary the keys taken from the calibrated config, which a
 * flattened file no longer marks, so the comparison is of one parameter set.)
 */
Test(cli, resolved_config_reproduces_the_run)
{
    dirs d = dirs_open();
    sup_result r = sup_chansim(d.scratch, NULL,
                               "config " FIX("small.ini") " --set rwanda.start=2025-01-01 --set run.ensemble=none");
    cr_assert_eq(r.status, 0, "config failed: %s", r.err);
    /* Same file name, so the same scenario name. */
    char *resolved = NULL;
    cr_assert_gt(asprintf(&resolved, "%s/small.ini", d.scratch), 0);
    sup_write_file(resolved, r.out);
    cr_expect(strstr(r.out, "start = 2025-01-01"), "override missing from the resolved config");
    sup_result_free(&r);

    r = sup_chansim(d.scratch, NULL,
                    "run " FIX("small.ini") " --set rwanda.start=2025-01-01 --set run.ensemble=none -r 3 -q -o '%s/a.h5'",
                    d.out);
    cr_assert_eq(r.status, 0, "%s", r.err);
    sup_result_free(&r);
    r = sup_chansim(d.scratch, NULL, "run '%s' -r 3 -q -o '%s/b.h5'", resolved, d.out);
    cr_assert_eq(r.status, 0, "the resolved config does not run: %s", r.err);
    sup_result_free(&r);
    cr_expect_eq(h5diff(&d, "--exclude-path /provenance", "a.h5", "b.h5"), 0,
                 "the resolved config gives different results");
    free(resolved);
    dirs_close(&d);
}

/* ---- export: tests/cli/test_export.c ------------------------------------------ */

/* ---- bad input ------------------------------------------------------------------ */

typedef struct {
    const char *what;
    const char *args;     /* after "run"; the output option is appended */
    int status;           /* expected exit code: 1 error, 2 usage */
    const char *needs[4]; /* substrings stderr must contain */
} bad_case;

static const bad_case bad_cases[] = {
    {"unknown key", FIX("unknown_key.ini"), 1, {FIX("unknown_key.ini:5"), "[weather]", "persistense"}},
    {"misspelt section", FIX("unknown_section.ini"), 1, {FIX("unknown_section.ini:5"), "[wether]", "persistence"}},
    {"wrong type", FIX("wrong_type.ini"), 1, {FIX("wrong_type.ini:4"), "[scenario]", "days", "seventy"}},
    {"out of range", FIX("out_of_range.ini"), 1, {FIX("out_of_range.ini:6"), "[weather]", "persistence", "1.5"}},
    {"list count", FIX("list_count.ini"), 1, {FIX("list_count.ini:5"), "calm_share", "12", "2"}},
    {"missing config", FIX("no_such_config.ini"), 1, {FIX("no_such_config.ini")}},
    {"missing parent", FIX("missing_parent.ini"), 1, {FIX("missing_parent.ini:2"), "extends", "no_such_parent.ini"}},
    {"extends cycle", FIX("cycle_a.ini"), 1, {"cycle_a.ini", "cycle_b.ini", "extends", "cycle"}},
    {"calm + marginal > 1", FIX("cross_key.ini"), 1, {"[weather]", "calm_share", "marginal_share"}},
    {"--set unknown key", FIX("small.ini") " --set weather.persistense=0.3", 1, {"--set", "[weather]", "persistense"}},
    {"--set unknown section", FIX("small.ini") " --set wether.persistence=0.3", 1, {"--set", "wether"}},
    {"--set out of range", FIX("small.ini") " --set weather.persistence=2", 1, {"--set", "persistence", "2"}},
    {"--set wrong type", FIX("small.ini") " --set scenario.days=ten", 1, {"--set", "days", "ten"}},
    {"--set malformed", FIX("small.ini") " --set weather.persistence", 2, {"--set", "weather.persistence"}},
    {"--set empty key", FIX("small.ini") " --set =3", 2, {"--set", "=3"}},
    {"-r zero", FIX("small.ini") " -r 0", 2, {"--reps", "'0'"}},
    {"-r text", FIX("small.ini") " -r many", 2, {"--reps", "many"}},
    {"-r trailing junk", FIX("small.ini") " -r 3x", 2, {"--reps", "3x"}},
    {"-s negative", FIX("small.ini") " -s -1", 2, {"--seed", "-1"}},
    {"-s too large", FIX("small.ini") " -s 2147483648", 2, {"--seed", "2147483648"}},
    {"unknown option", FIX("small.ini") " --frobnicate", 2, {"--frobnicate"}},
    {"no config", "", 2, {"CONFIG"}},
};

/* Every bad input: non-zero exit, a message naming file, line and key, and no output at all. */
Test(cli, bad_input_fails_cleanly_and_writes_nothing)
{
    dirs d = dirs_open();
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const bad_case *c = &bad_cases[i];
        sup_result r = sup_chansim(d.scratch, NULL, "run %s -q -o '%s/out.h5'", c->args, d.out);
        cr_expect_eq(r.status, c->status, "%s: exit %d, expected %d (stderr: %s)", c->what, r.status, c->status, r.err);
        cr_expect(strstr(r.err, "chansim: "), "%s: no error message on stderr", c->what);
        for (int k = 0; k < 4 && c->needs[k]; k++)
            cr_expect(strstr(r.err, c->needs[k]), "%s: message lacks '%s': %s", c->what, c->needs[k], r.err);
        cr_expect_eq(r.out[0], '\0', "%s: wrote to stdout: %s", c->what, r.out);
        cr_expect_eq(sup_count_entries(d.out), 0, "%s: left a file in the output directory", c->what);
        sup_result_free(&r);
    }
    dirs_close(&d);
}

Test(cli, missing_output_directory_fails_before_running)
{
    dirs d = dirs_open();
    sup_result r = sup_chansim(d.scratch, NULL, "run %s -r 2 -q -o '%s/missing/out.h5'", FIX("small.ini"), d.out);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "missing"), "message does not name the directory: %s", r.err);
    cr_expect_eq(sup_count_entries(d.out), 0);
    sup_result_free(&r);
    dirs_close(&d);
}

Test(cli, existing_output_is_kept_without_force_and_replaced_with_it)
{
    dirs d = dirs_open();
    char *path = NULL;
    cr_assert_gt(asprintf(&path, "%s/out.h5", d.out), 0);
    static const char original[] = "precious bytes, not HDF5\n";
    sup_write_file(path, original);

    sup_result r = sup_chansim(d.scratch, NULL, "run %s -r 2 -q -o '%s'", FIX("small.ini"), path);
    cr_expect_eq(r.status, 1, "overwrote without --force? exit %d", r.status);
    cr_expect(strstr(r.err, "exists") && strstr(r.err, "--force"), "message: %s", r.err);
    sup_result_free(&r);
    char *now = sup_read_file(path, NULL);
    cr_expect(now && strcmp(now, original) == 0, "existing output changed without --force");
    free(now);
    cr_expect_eq(sup_count_entries(d.out), 1, "temporary files left behind");

    r = sup_chansim(d.scratch, NULL, "run %s -r 2 -q --force -o '%s'", FIX("small.ini"), path);
    cr_expect_eq(r.status, 0, "--force failed: %s", r.err);
    sup_result_free(&r);
    size_t len = 0;
    now = sup_read_file(path, &len);
    cr_expect(now && len > 8 && memcmp(now, "\x89HDF\r\n\x1a\n", 8) == 0, "--force did not write an HDF5 file");
    free(now);
    cr_expect_eq(sup_count_entries(d.out), 1, "temporary files left behind");
    free(path);
    dirs_close(&d);
}

Test(cli, check_option_runs_with_invariants)
{
    dirs d = dirs_open();
    run_ok(&d, NULL, "--check", "a.h5");
    run_ok(&d, NULL, "", "b.h5");
    cr_expect_eq(h5diff(&d, "--exclude-path /provenance", "a.h5", "b.h5"), 0, "--check changed the results");
    dirs_close(&d);
}

/* ---- help, version, dispatch -------------------------------------------------- */

Test(cli, help_version_and_every_subcommand_help)
{
    dirs d = dirs_open();
    sup_result r = sup_chansim(d.scratch, NULL, "--help");
    cr_assert_eq(r.status, 0);
    cr_expect(strstr(r.out, "Usage: chansim"), "no usage text: %s", r.out);
    /* Every command listed under "commands:" must answer --help with its own usage. */
    const char *p = strstr(r.out, "commands:\n");
    cr_assert_not_null(p, "no command list in --help");
    int listed = 0;
    for (p = strchr(p, '\n') + 1; *p == ' ' && p[1] == ' ' && p[2] >= 'a' && p[2] <= 'z'; p = strchr(p, '\n') + 1) {
        char name[32];
        cr_assert_eq(sscanf(p + 2, "%31[a-z_-]", name), 1);
        sup_result h = sup_chansim(d.scratch, NULL, "%s --help", name);
        char want[64];
        snprintf(want, sizeof want, "Usage: chansim %s", name);
        cr_expect_eq(h.status, 0, "%s --help exits %d", name, h.status);
        cr_expect(strstr(h.out, want), "%s --help does not print '%s': %s", name, want, h.out);
        sup_result_free(&h);
        listed++;
        if (!strchr(p, '\n')) break;
    }
    cr_expect_geq(listed, 5, "only %d commands listed", listed);
    sup_result_free(&r);

    r = sup_chansim(d.scratch, NULL, "--version");
    cr_expect_eq(r.status, 0);
    cr_expect(strstr(r.out, "chansim ") && strstr(r.out, "git"), "version text: %s", r.out);
    sup_result_free(&r);

    r = sup_chansim(d.scratch, NULL, "frobnicate");
    cr_expect_eq(r.status, 2, "unknown command exits %d", r.status);
    cr_expect(strstr(r.err, "unknown command") && strstr(r.err, "frobnicate"), "message: %s", r.err);
    sup_result_free(&r);

    r = sup_chansim(d.scratch, NULL, "%s", "");
    cr_expect_eq(r.status, 2, "no command exits %d", r.status);
    sup_result_free(&r);
    dirs_close(&d);
}
