/**
 * @file test_sweep.c
 * @brief Parameter sweeps: sweep files and their errors, common random numbers
 *        (a point's totals equal a plain run's), thread, shard and MPI invariance
 *        of the file, the journal, SIGKILL then --resume, SIGTERM, and a
 *        10,000-point table round trip.
 *
 * End-to-end tests run CHANSIM_BIN from the project root on the small sweeps in
 * tests/data/sweep (28- or 730-day horizons, a few replications), each in its own
 * mkdtemp directory, and compare files with `h5diff --exclude-path /provenance`.
 */
#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <dirent.h>

#include "sim/experiments/journal.h"
#include "models/metrics.h"
#include "models/params.h"
#include "sim/io/output.h"
#include "sim/run/runner.h"
#include "sim/experiments/sweep.h"
#include "sim/experiments/sweep_output.h"
#include "sim/experiments/sweep_run.h"
#include "tests/support.h"

#ifndef CHANSIM_BIN
#define CHANSIM_BIN "build/release/chansim"
#endif
#define DATA "tests/data/sweep/"
#ifndef CHANSIM_MPI_BIN
#define CHANSIM_MPI_BIN "build/mpi/chansim" /* built by make test-mpi */
#endif
#define MPI_BIN CHANSIM_MPI_BIN

/* ---- helpers ----------------------------------------------------------------- */

static void make_tmpdir(char *dir, size_t size) { sup_tmpdir_into(dir, size); }

static void remove_tree(const char *dir) { sup_rmtree(dir); }

static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    closedir(d);
    return n;
}

static int exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

static long long file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
}

/* Run a shell command; its combined output (up to size bytes) goes to out; returns the exit code. */
static int run(char *out, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int run(char *out, size_t size, const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    strncat(cmd, " 2>&1", sizeof cmd - strlen(cmd) - 1);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p, "popen failed: %s", cmd);
    size_t n = out && size ? fread(out, 1, size - 1, p) : 0;
    if (out && size) out[n] = '\0';
    char sink[4096];
    while (fread(sink, 1, sizeof sink, p) > 0) {
    }
    int status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* 0 if two results files are equal outside /provenance. */
static int h5_same(const char *a, const char *b)
{
    char out[4096];
    int rc = run(out, sizeof out, "h5diff --exclude-path /provenance %s %s", a, b);
    if (rc != 0) fprintf(stderr, "h5diff %s %s:\n%s\n", a, b, out);
    return rc;
}


static void nap_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Wait until the journal holds at least `records` records (or the child exits); 1 if it got there. */
static int wait_for_records(const char *journal, size_t record_bytes, int records, pid_t pid)
{
    for (int i = 0; i < 12000; i++) { /* up to 60 s, for slow sanitizer builds */
        if (file_size(journal) >= (long long)(JOURNAL_HEADER_BYTES + records * record_bytes)) return 1;
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid) return 0;
        nap_ms(5);
    }
    return 0;
}

/* Bytes of one journal record of medium.ini (block 1). */
static size_t medium_record_bytes(void)
{
    journal_header h = {.block = 1, .metrics = M_COUNT};
    return journal_record_bytes(&h);
}

/* ---- sweep files ---------------------------------------------------------- */

Test(sweep, grid_file_expands_in_order_with_linked_keys)
{
    sweep *s = NULL;
    cr_assert_eq(sweep_load(DATA "small.ini", NULL, &s), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(s->design, DESIGN_GRID);
    cr_assert_eq(s->npoints, 6);
    cr_assert_eq(s->nparams, 2);
    cr_assert_eq(s->reps, 4);
    cr_assert_eq(s->block, 2);
    cr_assert_eq(sweep_blocks(s), 2);
    cr_assert_eq(s->seed, 11);
    cr_assert_str_eq(s->params[0].name, "capacity");
    cr_assert_eq(s->params[1].nkeys, 2);
    cr_assert_str_eq(s->params[1].keys[1], "deterrence.inflow_strength");
    const double expect[6][2] = {{0, 0}, {0, 2}, {10000, 0}, {10000, 2}, {20000, 0}, {20000, 2}};
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 2; j++) cr_assert_eq(s->points[i * 2 + j], expect[i][j], "point %d col %d", i, j);
    /* A point's scenario carries its values, on every linked key. */
    scenario *sc = NULL;
    cr_assert_eq(sweep_point_scenario(s, 3, &sc), SIM_OK, "%s", sim_error_message());
    double capacity = 0;
    cr_assert_eq(params_value(&sc->params, "rwanda", "capacity_per_year", &capacity), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(capacity, 10000);
    cr_assert_eq(sc->params.deterrence.strength, 2);
    cr_assert_eq(sc->params.deterrence.inflow_strength, 2);
    cr_assert_eq(sc->params.scenario.days, 28, "the base's own keys still apply");
    scenario_destroy(&sc);

    /* The hash identifies the sweep: stable, and changed by -r or --set. */
    sweep *again = NULL, *more = NULL, *set = NULL;
    sweep_options o = {.reps = 5, .seed = -1};
    const char *sets[] = {"demand.level_4=140"};
    sweep_options os = {.seed = -1, .sets = sets, .nsets = 1};
    cr_assert_eq(sweep_load(DATA "small.ini", NULL, &again), SIM_OK);
    cr_assert_eq(sweep_load(DATA "small.ini", &o, &more), SIM_OK);
    cr_assert_eq(sweep_load(DATA "small.ini", &os, &set), SIM_OK);
    cr_assert_eq(again->hash, s->hash);
    cr_assert_neq(more->hash, s->hash);
    cr_assert_neq(set->hash, s->hash);
    cr_assert_eq(more->reps, 5);
    sweep_destroy(&again);
    sweep_destroy(&more);
    sweep_destroy(&set);
    sweep_destroy(&s);
    cr_assert_null(s);
}

Test(sweep, list_lhs_and_sobol_files)
{
    sweep *s = NULL;
    cr_assert_eq(sweep_load(DATA "list.ini", NULL, &s), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(s->npoints, 3);
    cr_assert_eq(s->params[1].type, CFG_DATE);
    cr_assert_eq(s->points[1], CFG_DATE_NEVER, "'never' is a date value");
    int day;
    cfg_parse_date("2024-12-15", &day);
    cr_assert_eq(s->points[5], day);
    sweep_destroy(&s);

    cr_assert_eq(sweep_load(DATA "sobol.ini", NULL, &s), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(s->npoints, 8);
    cr_assert_float_eq(s->points[0], 10000, 1e-9, "first Sobol point is the centre");
    for (size_t i = 0; i < s->npoints; i++) {
        double officers = s->points[i * 2 + 1];
        cr_assert_eq(officers, (double)(long)officers, "whole-number key not rounded: %g", officers);
        cr_assert(officers >= 600 && officers <= 1800);
    }
    sweep_destroy(&s);

    cr_assert_eq(sweep_load(DATA "lhs.ini", NULL, &s), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(s->npoints, 10);
    cr_assert_str_eq(s->params[1].keys[0], "deterrence.initial_belief[8]");
    scenario *sc = NULL;
    cr_assert_eq(sweep_point_scenario(s, 4, &sc), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(sc->params.deterrence.initial_belief[8], s->points[4 * 2 + 1]);
    scenario_destroy(&sc);
    sweep_destroy(&s);
}

/* sweep_options.max_points bounds every design before it is expanded (the fuzz target's guard). */
Test(sweep, max_points_bounds_each_design)
{
    sweep_options o = {.seed = -1, .skip_validation = 1, .max_points = 9};
    sweep *s = NULL;
    cr_assert_eq(sweep_load(DATA "lhs.ini", &o, &s), SIM_ERR_CONFIG, "10 LHS samples over a bound of 9");
    cr_expect(strstr(sim_error_message(), "[sweep] samples: expected a whole number from 1 to 9"), "%s",
              sim_error_message());
    sim_error_clear();
    cr_assert_eq(sweep_load(DATA "small.ini", &o, &s), SIM_OK, "%s", sim_error_message());
    cr_expect_eq(s->npoints, 6, "a 3 x 2 grid is within the bound");
    sweep_destroy(&s);
    o.max_points = 5;
    cr_assert_eq(sweep_load(DATA "small.ini", &o, &s), SIM_ERR_CONFIG, "a 3 x 2 grid over a bound of 5");
    sim_error_clear();
    o.max_points = 2;
    cr_assert_eq(sweep_load(DATA "list.ini", &o, &s), SIM_ERR_CONFIG, "3 listed points over a bound of 2");
    cr_expect(strstr(sim_error_message(), "more than 2 points"), "%s", sim_error_message());
    cr_assert_null(s);
}

Test(sweep, shipped_sweeps_load_and_every_point_binds)
{
    const char *files[] = {"configs/sweeps/rwanda_deterrence.ini", "configs/sweeps/returns_cap.ini",
                           "configs/sweeps/enforcement.ini"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        sweep *s = NULL;
        cr_assert_eq(sweep_load(files[i], NULL, &s), SIM_OK, "%s: %s", files[i], sim_error_message());
        cr_assert_geq(s->npoints, 20, "%s", files[i]);
        cr_assert_geq(s->reps, 8, "%s", files[i]);
        sweep_destroy(&s);
    }
}

/* Every malformed sweep: exit 1, a message naming file:line (or the file), nothing written. */
Test(sweep, malformed_sweeps_are_refused_and_write_nothing)
{
    static const struct {
        const char *file, *expect;
    } cases[] = {
        {"bad_design.ini", "bad_design.ini:3: [sweep] design: unknown design 'factorial'"},
        {"bad_key.ini", "bad_key.ini:7: [parameters] cap: no config key 'rwanda.capacity_per_yer'"},
        {"bad_empty_range.ini", "bad_empty_range.ini:7: [parameters] cap: empty range 100:100"},
        {"bad_reversed_range.ini", "bad_reversed_range.ini:8: [parameters] cap: empty range 100:0"},
        {"bad_count.ini", "bad_count.ini:7: [parameters] cap: count '1' must be"},
        {"bad_missing_design.ini", "bad_missing_design.ini: [sweep] design: missing"},
        {"bad_sweep_key.ini", "bad_sweep_key.ini:4: [sweep] replication: unknown key"},
        {"bad_out_of_range.ini", "bad_out_of_range.ini:7: [parameters] share: 2 is outside the allowed range 0 to 1"},
        {"bad_text_key.ini", "bad_text_key.ini:7: [parameters] name: 'scenario.name' is text"},
        {"bad_list_key.ini", "bad_list_key.ini:7: [parameters] belief: 'deterrence.initial_belief' is a list"},
        {"bad_base_extra.ini", "bad_base_extra.ini:2: [sweep] base: a sweep file with a base holds only"},
        {"bad_list_csv.ini", "bad_points.csv:3: 1 fields, but the header has 2"},
        {"bad_lhs_samples.ini", "bad_lhs_samples.ini: [sweep] samples: missing"},
        {"bad_no_params.ini", "bad_no_params.ini: [parameters]: no parameters to sweep"},
        {"bad_grid_range.ini", "bad_grid_range.ini:7: [parameters] cap: malformed range '0:100'"},
        {"bad_value.ini", "bad_value.ini:7: [parameters] cap: 'abc' is not a number"},
        {"bad_twice.ini", "bad_twice.ini:8: [parameters] b: 'deterrence.strength' is already swept by a"},
        {"bad_long_name.ini", "bad_long_name.ini:7: [parameters] ffffffffff"},
    };
    char dir[64];
    make_tmpdir(dir, sizeof dir);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[4096];
        int rc = run(out, sizeof out, "%s sweep " DATA "%s -o %s/out.h5", CHANSIM_BIN, cases[i].file, dir);
        cr_expect_eq(rc, 1, "%s: exit %d, output: %s", cases[i].file, rc, out);
        cr_expect(strstr(out, cases[i].expect), "%s: '%s' lacks '%s'", cases[i].file, out, cases[i].expect);
        cr_expect_eq(entries(dir), 0, "%s left files behind", cases[i].file);
    }
    remove_tree(dir);
}

/* ---- results -------------------------------------------------------------- */

/* A point's totals are exactly a plain run's with the same key: common random numbers. */
Test(sweep, point_totals_equal_a_plain_run)
{
    sweep *s = NULL;
    cr_assert_eq(sweep_load(DATA "small.ini", NULL, &s), SIM_OK, "%s", sim_error_message());
    const size_t point = 3;
    uint32_t units[2] = {(uint32_t)(point * 2), (uint32_t)(point * 2 + 1)};
    double values[2 * 2 * M_COUNT];
    int complete[2];
    cr_assert_eq(sweep_run_units(s, units, 2, values, complete, 1), SIM_OK, "%s", sim_error_message());
    cr_assert(complete[0] && complete[1]);
    scenario *sc = NULL;
    cr_assert_eq(sweep_point_scenario(s, point, &sc), SIM_OK);
    run_options o = {.reps = 4, .seed = s->seed};
    sim_results *res = NULL;
    cr_assert_eq(runner_run(sc, &o, &res, NULL), SIM_OK, "%s", sim_error_message());
    for (int r = 0; r < 4; r++)
        for (int m = 0; m < M_COUNT; m++) {
            double a = values[r * M_COUNT + m], b = results_totals(res, r)[m];
            cr_assert(a == b || (a != a && b != b), "rep %d %s: sweep %.17g, run %.17g", r, metric_table[m].name, a,
                      b);
        }
    results_destroy(&res);
    scenario_destroy(&sc);
    sweep_destroy(&s);
}

Test(sweep, shards_merged_equal_the_whole_for_any_threads)
{
    char dir[64], out[4096];
    make_tmpdir(dir, sizeof dir);
    cr_assert_eq(run(out, sizeof out, "OMP_NUM_THREADS=1 %s sweep " DATA "small.ini -q -o %s/whole.h5", CHANSIM_BIN, dir),
                 0, "%s", out);
    cr_assert_eq(run(out, sizeof out, "OMP_NUM_THREADS=2 %s sweep " DATA "small.ini -q -o %s/two.h5", CHANSIM_BIN, dir),
                 0, "%s", out);
    char a[128], b[128];
    snprintf(a, sizeof a, "%s/whole.h5", dir);
    snprintf(b, sizeof b, "%s/two.h5", dir);
    cr_assert_eq(h5_same(a, b), 0, "1 and 2 threads differ");
    for (int k = 1; k <= 4; k++) /* 6 points in 4 shards: shards 3 and 4 hold one point each */
        cr_assert_eq(run(out, sizeof out, "OMP_NUM_THREADS=%d %s sweep " DATA "small.ini -q --shard %d/4 -o %s/s%d.h5",
                         1 + k % 2, CHANSIM_BIN, k, dir, k),
                     0, "shard %d: %s", k, out);
    cr_assert_eq(run(out, sizeof out, "%s merge %s/merged.h5 %s/s3.h5 %s/s1.h5 %s/s4.h5 %s/s2.h5", CHANSIM_BIN, dir, dir,
                     dir, dir, dir),
                 0, "%s", out);
    snprintf(b, sizeof b, "%s/merged.h5", dir);
    cr_assert_eq(h5_same(a, b), 0, "merged shards differ from the whole run");

    /* Refusals: a missing shard, a repeated shard, a shard of another sweep, an existing output. */
    cr_assert_eq(run(out, sizeof out, "%s merge %s/m2.h5 %s/s1.h5 %s/s2.h5 %s/s3.h5", CHANSIM_BIN, dir, dir, dir, dir), 1);
    cr_assert(strstr(out, "cut into 4 shards but 3 files"), "%s", out);
    cr_assert_eq(run(out, sizeof out, "%s merge %s/m2.h5 %s/s1.h5 %s/s2.h5 %s/s3.h5 %s/s3.h5", CHANSIM_BIN, dir, dir, dir,
                     dir, dir),
                 1);
    cr_assert(strstr(out, "shard 3/4 is given twice"), "%s", out);
    cr_assert_eq(run(out, sizeof out, "%s sweep " DATA "small.ini -q -r 2 --shard 4/4 -o %s/other4.h5", CHANSIM_BIN, dir),
                 0, "%s", out);
    cr_assert_eq(run(out, sizeof out, "%s merge %s/m2.h5 %s/s1.h5 %s/s2.h5 %s/s3.h5 %s/other4.h5", CHANSIM_BIN, dir, dir,
                     dir, dir, dir),
                 1);
    cr_assert(strstr(out, "not shards of the same sweep"), "%s", out);
    cr_assert(!exists(strcat(strcpy(b, dir), "/m2.h5")), "a refused merge wrote its output");
    cr_assert_eq(run(out, sizeof out, "%s merge %s/merged.h5 %s/s1.h5 %s/s2.h5 %s/s3.h5 %s/s4.h5", CHANSIM_BIN, dir, dir,
                     dir, dir, dir),
                 1);
    cr_assert(strstr(out, "exists; use --force"), "%s", out);
    remove_tree(dir);
}

/* Kill -9 once the journal holds some units, tear its last record, resume: same file. */
Test(sweep, sigkill_then_resume_equals_uninterrupted, .timeout = 240)
{
    char dir[64], out[4096], whole[128], part[128], jpath[160], log[128];
    make_tmpdir(dir, sizeof dir);
    snprintf(whole, sizeof whole, "%s/whole.h5", dir);
    snprintf(part, sizeof part, "%s/part.h5", dir);
    snprintf(jpath, sizeof jpath, "%s.journal", part);
    snprintf(log, sizeof log, "%s/log.txt", dir);
    cr_assert_eq(run(out, sizeof out, "%s sweep " DATA "medium.ini -q -o %s", CHANSIM_BIN, whole), 0, "%s", out);

    const char *args[] = {CHANSIM_BIN, "sweep", DATA "medium.ini", "-q", "-o", part, NULL};
    pid_t pid = sup_spawn(log, args);
    int got = wait_for_records(jpath, medium_record_bytes(), 3, pid);
    kill(pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
    cr_assert(got, "the run ended before its journal had 3 records (too fast to interrupt?)");
    cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    cr_assert(!exists(part), "a killed run left an output");
    cr_assert(exists(jpath), "a killed run left no journal");
    /* A write cut short by the kill: half a record of junk at the end. */
    FILE *f = fopen(jpath, "ab");
    cr_assert_not_null(f);
    for (size_t i = 0; i < medium_record_bytes() / 2; i++) fputc(0x5a, f);
    fclose(f);

    /* Without --resume the journal is not silently discarded. */
    cr_assert_eq(run(out, sizeof out, "%s sweep " DATA "medium.ini -q -o %s", CHANSIM_BIN, part), 1);
    cr_assert(strstr(out, "--resume"), "%s", out);
    /* Another sweep's journal is refused. */
    cr_assert_eq(run(out, sizeof out, "%s sweep " DATA "medium.ini -q -r 5 --resume -o %s", CHANSIM_BIN, part), 1);
    cr_assert(strstr(out, "different sweep"), "%s", out);

    cr_assert_eq(run(out, sizeof out, "%s sweep " DATA "medium.ini --resume -o %s", CHANSIM_BIN, part), 0, "%s", out);
    cr_assert(strstr(out, "resuming:"), "%s", out);
    cr_assert_eq(h5_same(whole, part), 0, "resumed run differs from the uninterrupted one");
    cr_assert(!exists(jpath), "journal kept after a successful run");
    remove_tree(dir);
}

Test(sweep, sigterm_stops_cleanly_keeping_the_journal, .timeout = 240)
{
    char dir[64], part[128], jpath[160], log[128], text[4096] = "";
    make_tmpdir(dir, sizeof dir);
    snprintf(part, sizeof part, "%s/part.h5", dir);
    snprintf(jpath, sizeof jpath, "%s.journal", part);
    snprintf(log, sizeof log, "%s/log.txt", dir);
    const char *args[] = {CHANSIM_BIN, "sweep", DATA "medium.ini", "-q", "-o", part, NULL};
    pid_t pid = sup_spawn(log, args);
    int got = wait_for_records(jpath, medium_record_bytes(), 1, pid);
    kill(pid, SIGTERM);
    int status;
    waitpid(pid, &status, 0);
    cr_assert(got, "the run ended before its journal had a record");
    cr_assert(WIFEXITED(status), "not a clean exit");
    cr_assert_eq(WEXITSTATUS(status), 143, "SIGTERM exits 128 + 15");
    FILE *f = fopen(log, "r");
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
    cr_assert(strstr(text, "--resume"), "no hint how to resume: %s", text);
    cr_assert(exists(jpath));
    cr_assert(!exists(part));
    /* Nothing else: no temporary HDF5 file. */
    cr_assert_eq(entries(dir), 2, "expected only the journal and the log");
    cr_assert_eq((file_size(jpath) - JOURNAL_HEADER_BYTES) % (long long)medium_record_bytes(), 0,
                 "the journal ends in a partial record after a clean stop");
    remove_tree(dir);
}

/* ---- journal --------------------------------------------------------------- */

static sim_status count_visit(void *ctx, uint32_t point, uint32_t block, uint32_t nreps, const double *values)
{
    int *seen = ctx;
    cr_assert_eq(values[0], point * 10.0 + block);
    cr_assert_eq(nreps, 2);
    (*seen)++;
    return SIM_OK;
}

Test(sweep, journal_resumes_skips_torn_tail_and_refuses_damage)
{
    char dir[64], path[128];
    make_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/j", dir);
    journal_header h = {0x1234, 10, 4, 2, 3, 1, 1};
    journal *j = NULL;
    cr_assert_eq(journal_create(path, &h, 0, &j), SIM_OK, "%s", sim_error_message());
    double v[6] = {0};
    for (uint32_t p = 0; p < 3; p++) {
        v[0] = p * 10.0 + 1;
        cr_assert_eq(journal_append(j, p, 1, 2, v), SIM_OK);
    }
    cr_assert_eq(journal_sync(j), SIM_OK);
    journal_close(&j);
    /* Creating over it needs replace. */
    cr_assert_eq(journal_create(path, &h, 0, &j), SIM_ERR_EXISTS);
    sim_error_clear();

    size_t rb = journal_record_bytes(&h);
    FILE *f = fopen(path, "ab");
    fwrite("torn", 1, 4, f);
    fclose(f);
    int seen = 0;
    size_t records = 0;
    cr_assert_eq(journal_resume(path, &h, count_visit, &seen, &j, &records), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(seen, 3);
    cr_assert_eq(records, 3);
    cr_assert_eq(file_size(path), (long long)(JOURNAL_HEADER_BYTES + 3 * rb), "torn tail not cut off");
    /* A second run cannot hold the same journal. */
    journal *other = NULL;
    cr_assert_eq(journal_resume(path, &h, count_visit, &seen, &other, &records), SIM_ERR_IO);
    cr_assert(strstr(sim_error_message(), "in use"), "%s", sim_error_message());
    sim_error_clear();
    journal_close(&j);

    journal_header wrong = h;
    wrong.hash = 0x9999;
    cr_assert_eq(journal_resume(path, &wrong, count_visit, &seen, &j, &records), SIM_ERR_CONFIG);
    cr_assert(strstr(sim_error_message(), "different sweep"), "%s", sim_error_message());
    sim_error_clear();

    /* Damage in the middle (a flipped byte in record 2 of 3) is an error, not a silent loss. */
    f = fopen(path, "r+b");
    fseek(f, JOURNAL_HEADER_BYTES + (long)rb + 20, SEEK_SET);
    fputc(0xff, f);
    fclose(f);
    cr_assert_eq(journal_resume(path, &h, count_visit, &seen, &j, &records), SIM_ERR_IO);
    cr_assert(strstr(sim_error_message(), "damaged"), "%s", sim_error_message());
    sim_error_clear();
    remove_tree(dir);
}

/* ---- big tables ------------------------------------------------------------- */

/* A 10,000-point sweep's table writes and reads back exactly (speed is measured in docs/hpc.md). */
Test(sweep, ten_thousand_point_table_round_trips)
{
    enum { N = 10000, R = 4, P = 3 };
    char dir[64], path[128];
    make_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/big.h5", dir);
    sweep_table *t = NULL;
    cr_assert_eq(sweep_table_create(model_metric_set(), P, N, R, &t), SIM_OK);
    t->definition = strdup("test definition");
    t->base = strdup("base.ini");
    t->base_name = strdup("base");
    t->base_config = strdup("[scenario]\ndays = 28\n");
    snprintf(t->hash, sizeof t->hash, "0123456789abcdef");
    snprintf(t->kind, sizeof t->kind, "lhs");
    t->block = 2;
    t->seed = 9;
    t->total_points = N;
    t->shard_index = t->shard_count = 1;
    for (int j = 0; j < P; j++) {
        char name[16];
        snprintf(name, sizeof name, "p%d", j);
        t->names[j] = strdup(name);
        t->keys[j] = strdup("section.key");
        t->units[j] = strdup("-");
    }
    for (size_t i = 0; i < N; i++) {
        t->point[i] = (uint32_t)i;
        for (int j = 0; j < P; j++) t->design[i * P + j] = (double)i * 0.5 + j;
        for (int r = 0; r < R; r++)
            for (int m = 0; m < M_COUNT; m++)
                t->totals[(i * R + r) * M_COUNT + m] = m == M_ARRIVALS ? 1000.0 + i + r : (double)(m * 7 + r);
    }
    out_file *f = NULL;
    cr_assert_eq(out_open(path, 0, &f), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(sweep_table_write(f, t), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(out_commit(&f), SIM_OK, "%s", sim_error_message());
    sweep_table *back = NULL;
    cr_assert_eq(sweep_table_read(path, model_metric_set(), &back), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(back->npoints, N);
    cr_assert_eq(back->reps, R);
    cr_assert_str_eq(back->kind, "lhs");
    cr_assert_str_eq(back->names[2], "p2");
    cr_assert_eq(memcmp(back->design, t->design, (size_t)N * P * sizeof(double)), 0);
    cr_assert_eq(memcmp(back->totals, t->totals, (size_t)N * R * M_COUNT * sizeof(double)), 0);
    cr_assert_eq(back->point[N - 1], N - 1);
    sweep_table_destroy(&back);
    sweep_table_destroy(&t);
    remove_tree(dir);
}

/* ---- MPI -------------------------------------------------------------------- */

/* 1 and 2 MPI ranks give the same file as each other and, under make test-mpi, as the plain build. */
Test(sweep, mpi_one_and_two_ranks_give_identical_files, .timeout = 300)
{
    /* Only under `make test-mpi`, which rebuilds the MPI binary first: a stale one left
     * in build/mpi by an earlier build would compare old code with new. */
    if (!getenv("CHANSIM_TEST_MPI")) cr_skip_test("MPI comparison runs under `make test-mpi`");
    if (access(MPI_BIN, X_OK) != 0) cr_skip_test("%s not built: run `make test-mpi` to build it and run this test", MPI_BIN);
    char dir[64], out[4096], a[128], b[128], c[128];
    make_tmpdir(dir, sizeof dir);
    snprintf(a, sizeof a, "%s/n1.h5", dir);
    snprintf(b, sizeof b, "%s/n2.h5", dir);
    snprintf(c, sizeof c, "%s/plain.h5", dir);
    const char *env = "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1";
    cr_assert_eq(run(out, sizeof out, "%s mpirun -n 1 --oversubscribe %s sweep " DATA "small.ini -q -o %s", env, MPI_BIN, a),
                 0, "%s", out);
    cr_assert_eq(run(out, sizeof out, "%s OMP_NUM_THREADS=1 mpirun -n 2 --oversubscribe -x OMP_NUM_THREADS %s sweep " DATA
                     "small.ini -q -o %s", env, MPI_BIN, b),
                 0, "%s", out);
    cr_assert_eq(h5_same(a, b), 0, "1 and 2 ranks differ");
    /* Only `make test-mpi` guarantees both binaries come from the same sources. */
    if (getenv("CHANSIM_TEST_MPI")) {
        cr_assert_eq(run(out, sizeof out, "%s sweep " DATA "small.ini -q -o %s", CHANSIM_BIN, c), 0, "%s", out);
        cr_assert_eq(h5_same(a, c), 0, "MPI and plain builds differ");
    }
    cr_assert_eq(run(out, sizeof out, "h5dump -a /provenance/mpi_processes %s", b), 0);
    cr_assert(strstr(out, "(0): 2"), "provenance does not record 2 processes: %s", out);
    remove_tree(dir);
}
