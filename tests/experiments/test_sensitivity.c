/**
 * @file test_sensitivity.c
 * @brief `chansim sensitivity` on the model: inert factors get zero indices, the coast
 *        inflow leads baseline arrivals, one process equals shards + merge + --from and
 *        any thread count, an interrupted study resumes to the same file, and bad SA
 *        files are refused naming file, line and key with nothing written.
 */
#include <criterion/criterion.h>

#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <hdf5.h>

#include "models/metrics.h"
#include "sim/experiments/journal.h"
#include "sim/experiments/sensitivity_output.h"
#include "tests/support.h"

#define DATA "tests/data/sensitivity/"

/* A [rows][cols] dataset of doubles into buf (asserts the shape). */
static void read_table(const char *file, const char *path, double *buf, size_t count)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t f = H5Fopen(file, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(f, 0, "cannot open %s", file);
    hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
    cr_assert_geq(d, 0, "no dataset %s in %s", path, file);
    hid_t sp = H5Dget_space(d);
    cr_assert_eq((size_t)H5Sget_simple_extent_npoints(sp), count, "%s: unexpected size", path);
    cr_assert_geq(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf), 0);
    H5Sclose(sp);
    H5Dclose(d);
    H5Fclose(f);
}

static int h5_same(const char *scratch, const char *a, const char *b)
{
    sup_result r = sup_shell(scratch, "h5diff --exclude-path /provenance %s %s", a, b);
    if (r.status != 0) fprintf(stderr, "h5diff %s %s:\n%s%s\n", a, b, r.out, r.err);
    int rc = r.status;
    sup_result_free(&r);
    return rc;
}

/* Factors of morris.ini, in file order. */
enum { F_INFLOW, F_RWANDA_COST, F_STRENGTH, F_LOAD, NF };

Test(sensitivity, morris_inert_factor_is_zero_and_inflow_leads_arrivals, .timeout = 240)
{
    char *dir = sup_tmpdir();
    sup_result r = sup_chansim(dir, "OMP_NUM_THREADS=2", "sensitivity " DATA "morris.ini -q -o %s/m.h5", dir);
    cr_assert_eq(r.status, 0, "%s", r.err);
    sup_result_free(&r);
    char file[512];
    snprintf(file, sizeof file, "%s/m.h5", dir);
    double m[NF * SA_MORRIS_COLUMNS];
    /* Rwanda is off in the base: its per-person cost cannot act on arrivals or cost. */
    const char *base_outputs[] = {"sa_base.arrivals", "sa_base.cost"};
    for (int o = 0; o < 2; o++) {
        char path[256];
        snprintf(path, sizeof path, "/sensitivity/outputs/%s/morris", base_outputs[o]);
        read_table(file, path, m, NF * SA_MORRIS_COLUMNS);
        for (int c = 0; c < SA_MORRIS_COLUMNS; c++)
            cr_assert_eq(m[F_RWANDA_COST * SA_MORRIS_COLUMNS + c], 0.0, "%s: rwanda cost column %d = %g",
                         base_outputs[o], c, m[F_RWANDA_COST * SA_MORRIS_COLUMNS + c]);
    }
    /* The coast inflow has the largest mu* for baseline arrivals, and its interval excludes 0. */
    read_table(file, "/sensitivity/outputs/sa_base.arrivals/morris", m, NF * SA_MORRIS_COLUMNS);
    for (int i = 0; i < NF; i++)
        if (i != F_INFLOW)
            cr_assert_gt(m[F_INFLOW * SA_MORRIS_COLUMNS + 1], m[i * SA_MORRIS_COLUMNS + 1], "factor %d outranks inflow",
                         i);
    cr_assert_gt(m[F_INFLOW * SA_MORRIS_COLUMNS + 3], 0.0);
    /* Where Rwanda runs, its per-person cost drives the cost difference. */
    read_table(file, "/sensitivity/outputs/sa_rwanda-sa_base.cost/morris", m, NF * SA_MORRIS_COLUMNS);
    cr_assert_gt(m[F_RWANDA_COST * SA_MORRIS_COLUMNS + 3], 0.0, "Rwanda's cost should act where Rwanda runs");
    /* export: the ranked CSV, inflow first for baseline arrivals. */
    r = sup_chansim(dir, NULL, "export %s -o %s/csv", file, dir);
    cr_assert_eq(r.status, 0, "%s", r.err);
    sup_result_free(&r);
    char csv[512];
    snprintf(csv, sizeof csv, "%s/csv/sensitivity.csv", dir);
    char *text = sup_read_file(csv, NULL);
    cr_assert_not_null(text);
    cr_assert(strncmp(text, "output,unit,method,rank,factor,key,mu,mu_star,sigma,mu_star_lo,mu_star_hi,", 74) == 0,
              "%.120s", text);
    cr_assert(strstr(text, "\nsa_base.arrivals,people,morris,1,inflow,demand.level_6,"), "%s", text);
    int lines = 0;
    for (const char *p = text; *p; p++) lines += *p == '\n';
    cr_assert_eq(lines, 1 + 4 * NF, "rows: %d", lines);
    free(text);
    int ok = 0;
    cr_assert_eq(sup_h5_attr_int(file, "/sensitivity", "factors", &ok), NF);
    char *method = sup_h5_attr_string(file, "/sensitivity", "method");
    cr_assert_str_eq(method, "morris");
    free(method);
    sup_rmtree(dir);
    free(dir);
}

Test(sensitivity, sobol_inert_factor_has_zero_indices, .timeout = 240)
{
    char *dir = sup_tmpdir();
    sup_result r = sup_chansim(dir, "OMP_NUM_THREADS=2", "sensitivity " DATA "sobol.ini -q -o %s/s.h5", dir);
    cr_assert_eq(r.status, 0, "%s", r.err);
    sup_result_free(&r);
    char file[512];
    snprintf(file, sizeof file, "%s/s.h5", dir);
    double t[2 * SA_SOBOL_COLUMNS];
    read_table(file, "/sensitivity/outputs/sa_base.arrivals/sobol", t, 2 * SA_SOBOL_COLUMNS);
    for (int c = 0; c < SA_SOBOL_COLUMNS; c++)
        cr_assert_eq(t[SA_SOBOL_COLUMNS + c], 0.0, "rwanda cost column %d = %g", c, t[SA_SOBOL_COLUMNS + c]);
    /* Inflow: a total index well above 0 (interval excluding it). */
    cr_assert_gt(t[4], 0.0, "inflow total index interval [%g, %g]", t[4], t[5]);
    double mean[16 * 4];
    read_table(file, "/sensitivity/outputs/sa_base.arrivals/mean", mean, 16 * 4);
    sup_rmtree(dir);
    free(dir);
}

Test(sensitivity, shards_merge_and_threads_give_the_same_file, .timeout = 300)
{
    char *dir = sup_tmpdir();
    sup_result r = sup_chansim(dir, "OMP_NUM_THREADS=1", "sensitivity " DATA "morris.ini -q -o %s/whole.h5", dir);
    cr_assert_eq(r.status, 0, "%s", r.err);
    sup_result_free(&r);
    r = sup_chansim(dir, "OMP_NUM_THREADS=2", "sensitivity " DATA "morris.ini -q -o %s/two.h5", dir);
    cr_assert_eq(r.status, 0, "%s", r.err);
    sup_result_free(&r);
    char a[512], b[512];
    snprintf(a, sizeof a, "%s/whole.h5", dir);
    snprintf(b, sizeof b, "%s/two.h5", dir);
    cr_assert_eq(h5_same(dir, a, b), 0, "1 and 2 threads differ");
    for (int k = 1; k <= 3; k++) {
        r = sup_chansim(dir, "OMP_NUM_THREADS=1", "sensitivity " DATA "morris.ini -q --shard %d/3 -o %s/s%d.h5", k, dir,
                        k);
        cr_assert_eq(r.status, 0, "shard %d: %s", k, r.err);
        sup_result_free(&r);
    }
    /* A shard file holds no indices: they need every point. */
    snprintf(b, sizeof b, "%s/s1.h5", dir);
    cr_assert_not(sa_file_present(b), "a shard file has /sensitivity");
    r = sup_chansim(dir, NULL, "merge %s/merged.h5 %s/s2.h5 %s/s3.h5 %s/s1.h5", dir, dir, dir, dir);
    cr_assert_eq(r.status, 0, "%s", r.err);
    sup_result_free(&r);
    r = sup_chansim(dir, NULL, "sensitivity " DATA "morris.ini -q --from %s/merged.h5 -o %s/fromshards.h5", dir, dir);
    cr_assert_eq(r.status, 0, "%s", r.err);
    sup_result_free(&r);
    snprintf(b, sizeof b, "%s/fromshards.h5", dir);
    cr_assert_eq(h5_same(dir, a, b), 0, "shards + merge + --from differ from the whole run");
    /* --from refuses another study's results. */
    r = sup_chansim(dir, NULL, "sensitivity " DATA "morris.ini -q -r 3 --from %s/merged.h5 -o %s/other.h5", dir, dir);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "are not those of"), "%s", r.err);
    sup_result_free(&r);
    snprintf(b, sizeof b, "%s/other.h5", dir);
    cr_assert_not(sup_exists(b));
    sup_rmtree(dir);
    free(dir);
}

static pid_t spawn(const char *log, const char *const *args)
{
    pid_t pid = fork();
    cr_assert_geq(pid, 0, "fork failed");
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        setenv("OMP_NUM_THREADS", "1", 1);
        execv(CHANSIM_BIN, (char *const *)args);
        _exit(127);
    }
    return pid;
}

static long long file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
}

Test(sensitivity, sigkill_then_resume_equals_uninterrupted, .timeout = 300)
{
    char *dir = sup_tmpdir();
    char whole[512], part[512], jpath[600], log[512];
    snprintf(whole, sizeof whole, "%s/whole.h5", dir);
    snprintf(part, sizeof part, "%s/part.h5", dir);
    snprintf(jpath, sizeof jpath, "%s.journal", part);
    snprintf(log, sizeof log, "%s/log.txt", dir);
    sup_result r = sup_chansim(dir, NULL, "sensitivity " DATA "morris.ini -q -o %s", whole);
    cr_assert_eq(r.status, 0, "%s", r.err);
    sup_result_free(&r);
    const char *args[] = {CHANSIM_BIN, "sensitivity", DATA "morris.ini", "-q", "-o", part, NULL};
    pid_t pid = spawn(log, args);
    journal_header h = {.block = 2, .metrics = M_COUNT};
    long long want = JOURNAL_HEADER_BYTES + 2 * (long long)journal_record_bytes(&h);
    int got = 0, status;
    for (int i = 0; i < 12000 && !got; i++) {
        if (file_size(jpath) >= want) got = 1;
        else if (waitpid(pid, &status, WNOHANG) == pid) break;
        else nanosleep(&(struct timespec){0, 5000000L}, NULL);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    cr_assert(got, "the run ended before its journal had 2 records (too fast to interrupt?)");
    cr_assert_not(sup_exists(part), "a killed run left an output");
    r = sup_chansim(dir, NULL, "sensitivity " DATA "morris.ini --resume -o %s", part);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.err, "resuming:"), "%s", r.err);
    sup_result_free(&r);
    cr_assert_eq(h5_same(dir, whole, part), 0, "resumed study differs from the uninterrupted one");
    cr_assert_not(sup_exists(jpath), "journal kept after a successful run");
    sup_rmtree(dir);
    free(dir);
}

Test(sensitivity, bad_sa_files_are_refused_naming_file_line_and_key)
{
    static const struct {
        const char *file, *where, *what;
    } cases[] = {
        {"bad_unknown_key.ini", "bad_unknown_key.ini:9: [sensitivity] trajectoreis", "unknown key"},
        {"bad_reversed.ini", "bad_reversed.ini:10: [parameters] inflow", "need low < high"},
        {"bad_not_number.ini", "bad_not_number.ini:10: [parameters] inflow", "'lots' is not a number"},
        {"bad_text_factor.ini", "bad_text_factor.ini:10: [parameters] name", "only numbers and dates"},
        {"bad_few_trajectories.ini", "bad_few_trajectories.ini:8: [sensitivity] trajectories", "too few"},
        {"bad_few_samples.ini", "bad_few_samples.ini:8: [sensitivity] samples", "too few"},
        {"bad_output.ini", "bad_output.ini:5: [sensitivity] outputs", "unknown metric 'crossings'"},
        {"bad_section.ini", "bad_section.ini:12: [rwanda] capacity_per_year", "only [sensitivity] and [parameters]"},
        {"bad_method_key.ini", "bad_method_key.ini:9: [sensitivity] samples", "only the sobol method"},
        {"bad_long_name.ini", "bad_long_name.ini:10: [parameters] ffffffffff", "longer than 111 characters"},
        {"bad_extends.ini", "bad_extends.ini: extends", "an SA file has no parent"},
    };
    char *dir = sup_tmpdir();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sup_result r = sup_chansim(dir, NULL, "sensitivity " DATA "%s -q -o %s/out.h5", cases[i].file, dir);
        cr_assert_eq(r.status, 1, "%s: exit %d", cases[i].file, r.status);
        cr_assert(strstr(r.err, cases[i].where), "%s: %s", cases[i].file, r.err);
        cr_assert(strstr(r.err, cases[i].what), "%s: %s", cases[i].file, r.err);
        sup_result_free(&r);
        cr_assert_eq(sup_count_entries(dir), 0, "%s: something was written", cases[i].file);
    }
    sup_result r = sup_chansim(dir, NULL, "sensitivity --help");
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(r.out, "--shard K/N") && strstr(r.out, "--resume"), "%s", r.out);
    sup_result_free(&r);
    sup_rmtree(dir);
    free(dir);
}

/* sweep_options.max_points bounds the design before it is built (the fuzz target's guard):
 * morris.ini has 4 factors, 4 trajectories from 12 candidates, so 12 x 5 = 60 candidate points. */
Test(sensitivity_files, max_points_bounds_the_design)
{
    sweep_options o = {.seed = -1, .skip_validation = 1, .max_points = 59};
    sa_study *s = NULL;
    cr_assert_eq(sa_study_load(DATA "morris.ini", &o, &s), SIM_ERR_CONFIG);
    cr_expect(strstr(sim_error_message(), "the design has 60 points, more than the 59 allowed"), "%s",
              sim_error_message());
    sim_error_clear();
    o.max_points = 60;
    cr_assert_eq(sa_study_load(DATA "morris.ini", &o, &s), SIM_OK, "%s", sim_error_message());
    cr_expect_eq(s->ndesign, 20, "4 trajectories x 5 points");
    sa_study_destroy(&s);
}
