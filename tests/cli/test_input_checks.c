/**
 * @file test_input_checks.c
 * @brief The rest of issue #14's reproducers through the binary: a policy window that
 *        never opens is refused naming its key and where it was set (file:line or
 *        --set); a failed check across keys is blamed on --set when --set made it; hex,
 *        inf, nan and denormals are not numbers; dates outside 1900..2199 are refused;
 *        merge tells a truncated HDF5 file from a file that is not HDF5; run and batch
 *        refuse to run as several copies under mpirun (skipped where mpirun is missing).
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/support.h"

#define SMALL_INI "tests/data/cli/small.ini"
#define FIX(name) "tests/data/cli/" name

/* Run `args` (output in a fresh directory, -o %s/out.h5 appended); expect exit `code`, each needle in stderr, and no file. */
static void expect_refused(const char *args, int code, const char *const *needles)
{
    char *dir = sup_tmpdir();
    sup_result r = sup_chansim(dir, NULL, "%s -q -o '%s/out.h5'", args, dir);
    cr_expect_eq(r.status, code, "%s: exit %d: %s", args, r.status, r.err);
    for (int i = 0; needles[i]; i++) cr_expect(strstr(r.err, needles[i]), "%s: lacks '%s': %s", args, needles[i], r.err);
    cr_expect_eq(sup_count_entries(dir), 0, "%s: wrote something", args);
    sup_result_free(&r);
    sup_rmtree(dir);
    free(dir);
}
#define REFUSED(args, code, ...) expect_refused(args, code, (const char *const[]){__VA_ARGS__, NULL})

Test(input_checks, policy_window_that_never_opens, .timeout = 120)
{
    REFUSED("run " SMALL_INI " --set rwanda.start=2025-01-01 --set rwanda.end=2024-01-01", 1,
            "--set: [rwanda] end: 2024-01-01 is not after start 2025-01-01");
    REFUSED("run " FIX("bad_window.ini"), 1, FIX("bad_window.ini") ":5: [rwanda] end: 2024-01-01 is not after start");
    REFUSED("run " SMALL_INI " --set france_returns.start=2025-03-01 --set france_returns.end=2025-03-01", 1,
            "[france_returns] end: 2025-03-01 is not after start 2025-03-01");
    /* never on either side is fine: switched off, or never ending */
    char *dir = sup_tmpdir();
    sup_result r = sup_chansim(dir, NULL, "run " SMALL_INI " -r 1 -q --set rwanda.start=never --set rwanda.end=2024-01-01 -o '%s/ok.h5'", dir);
    cr_expect_eq(r.status, 0, "%s", r.err);
    sup_result_free(&r);
    sup_rmtree(dir);
    free(dir);
}

/* A check across keys names where its key was set: --set, not the config file. */
Test(input_checks, bad_set_is_blamed_on_set, .timeout = 120)
{
    char *dir = sup_tmpdir();
    sup_result r = sup_chansim(dir, NULL, "run " SMALL_INI " --set gangs.min_load=80 -q -o '%s/out.h5'", dir);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "chansim: config error: --set: [gangs] min_load"), "%s", r.err);
    cr_expect(!strstr(r.err, "small.ini"), "blamed on the config file: %s", r.err);
    sup_result_free(&r);
    sup_rmtree(dir);
    free(dir);
}

/* A key the demand history or the supply anchors replace is refused, never silently unused. */
Test(input_checks, inert_keys_refused, .timeout = 120)
{
    REFUSED("run " SMALL_INI " --set migrants.inflow_per_day=200", 1,
            "--set: [migrants] inflow_per_day is set but not used: the demand history's level anchors");
    REFUSED("run " FIX("inert_inflow.ini"), 1, FIX("inert_inflow.ini") ":4: [migrants] inflow_per_day is set but not used");
    REFUSED("run " SMALL_INI " --set migrants.inflow_trend=0.1", 1, "[migrants] inflow_trend is set but not used");
    REFUSED("run " SMALL_INI " --set gangs.supply_per_day=4", 1,
            "--set: [gangs] supply_per_day is set but not used: the supply anchors");
    REFUSED("run " SMALL_INI " --set migrants.group_share=0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1", 1,
            "[migrants] group_share is set but not used: the demand history's mix anchors");
}

Test(input_checks, only_decimal_numbers, .timeout = 120)
{
    REFUSED("run " SMALL_INI " --set migrants.inflow_per_day=0x10", 1, "--set: [migrants] inflow_per_day: expected a number, got '0x10'");
    REFUSED("run " FIX("bad_hex.ini"), 1, FIX("bad_hex.ini") ":4: [migrants] inflow_per_day: expected a number, got '0x10'");
    REFUSED("run " SMALL_INI " --set migrants.inflow_per_day=1e-320", 1, "number '1e-320' is too small");
    REFUSED("run " SMALL_INI " --set migrants.inflow_per_day=nan", 1, "expected a number, got 'nan'");
    REFUSED("run " SMALL_INI " --set migrants.inflow_per_day=inf", 1, "expected a number, got 'inf'");
}

Test(input_checks, one_date_range, .timeout = 120)
{
    REFUSED("run " SMALL_INI " --set rwanda.start=2500-01-01", 1, "[rwanda] start", "1900-01-01 .. 2199-12-31", "'2500-01-01'");
    REFUSED("run " SMALL_INI " --set scenario.start_date=1899-12-31", 1, "[scenario] start_date", "'1899-12-31'");
}

Test(input_checks, merge_names_a_truncated_file, .timeout = 120)
{
    char *dir = sup_tmpdir();
    char shard[1024], cut[1024], text[1024];
    snprintf(shard, sizeof shard, "%s/shard.h5", dir);
    snprintf(cut, sizeof cut, "%s/cut.h5", dir);
    snprintf(text, sizeof text, "%s/text.h5", dir);
    sup_result r = sup_chansim(dir, NULL, "sweep tests/data/sweep/small.ini --shard 1/2 -q -o '%s'", shard);
    cr_assert_eq(r.status, 0, "%s", r.err);
    sup_result_free(&r);
    size_t len = 0;
    char *bytes = sup_read_file(shard, &len);
    cr_assert(bytes && len > 4096);
    FILE *fp = fopen(cut, "wb");
    cr_assert_not_null(fp);
    cr_assert_eq(fwrite(bytes, 1, len / 2, fp), len / 2); /* a copy cut short */
    fclose(fp);
    free(bytes);
    sup_write_file(text, "shard,1\n");
    r = sup_chansim(dir, NULL, "merge '%s/out.h5' '%s'", dir, cut);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "truncated or damaged HDF5 file"), "%s", r.err);
    cr_expect(!strstr(r.err, "not an HDF5 file"), "%s", r.err);
    sup_result_free(&r);
    r = sup_chansim(dir, NULL, "merge '%s/out.h5' '%s'", dir, text);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "is not an HDF5 file"), "%s", r.err);
    sup_result_free(&r);
    cr_expect_eq(sup_count_entries(dir), 3, "merge wrote something");
    sup_rmtree(dir);
    free(dir);
}

/* mpirun of the plain build: each copy would run everything and race to write one file. */
static void under_mpirun(const char *command, const char *args)
{
    if (access("/usr/bin/mpirun", X_OK) != 0) cr_skip_test("no /usr/bin/mpirun: MPI launch not tested");
    char *dir = sup_tmpdir();
    sup_result r = sup_shell(dir,
                             "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 "
                             "/usr/bin/mpirun -n 3 %s %s %s -q -o '%s/out.h5'",
                             CHANSIM_BIN, command, args, dir);
    if (strstr(r.err, "not enough slots") || strstr(r.err, "ORTE") || strstr(r.err, "PMIx")) {
        sup_result_free(&r);
        sup_rmtree(dir);
        free(dir);
        cr_skip_test("mpirun cannot start 3 processes here: MPI launch not tested");
    }
    cr_expect_eq(r.status, 2, "%s: exit %d: %s", command, r.status, r.err);
    cr_expect(strstr(r.err, "started as 3 processes"), "%s", r.err);
    const char *first = strstr(r.err, "chansim: usage error");
    cr_expect(first && !strstr(first + 1, "chansim: usage error"), "one message, from rank 0: %s", r.err);
    cr_expect_eq(sup_count_entries(dir), 0, "%s wrote a file", command);
    sup_result_free(&r);
    sup_rmtree(dir);
    free(dir);
}

Test(input_checks, run_refuses_several_copies_under_mpirun, .timeout = 120) { under_mpirun("run", SMALL_INI " -r 2"); }

Test(input_checks, batch_refuses_several_copies_under_mpirun, .timeout = 120)
{
    under_mpirun("batch", SMALL_INI " --baseline small -r 2");
}
