/**
 * @file test_support.c
 * @brief Shared test helpers (see support.h), plus sanity tests of the helpers
 *        themselves: a helper that always "succeeded" would let every E2E test pass.
 */
#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include <unistd.h>

#include <hdf5.h>

#include "sim/engine/textfile.h"
#include "models/metrics.h"
#include "models/model.h"
#include "tests/support.h"

char *sup_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    if (!base || !base[0]) base = "/tmp";
    char *dir = NULL;
    cr_assert_gt(asprintf(&dir, "%s/chansim_test_XXXXXX", base), 0, "out of memory");
    cr_assert_not_null(mkdtemp(dir), "cannot create a temporary directory under %s: %s", base, strerror(errno));
    return dir;
}

void sup_tmpdir_into(char *dir, size_t size)
{
    char *made = sup_tmpdir();
    cr_assert_lt(strlen(made), size, "temporary directory name too long: %s", made);
    snprintf(dir, size, "%s", made);
    free(made);
}

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0; /* keep going: remove as much as possible */
}

void sup_rmtree(const char *dir)
{
    if (dir && dir[0]) nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

char *sup_read_file(const char *path, size_t *len)
{
    char *text = NULL;
    if (textfile_read_bytes(path, "file", &text, len) != SIM_OK) sim_error_clear(); /* NULL says it */
    return text;
}

void sup_write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    cr_assert_not_null(fp, "cannot write %s: %s", path, strerror(errno));
    size_t n = strlen(text);
    cr_assert_eq(fwrite(text, 1, n, fp), n, "short write to %s", path);
    cr_assert_eq(fclose(fp), 0, "cannot close %s", path);
}

int sup_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

int sup_count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    closedir(d);
    return n;
}

/* Run a shell command with stdout/stderr captured in scratch/{stdout,stderr}. */
static sup_result run_captured(const char *scratch, const char *cmd)
{
    char *full = NULL, *out_path = NULL, *err_path = NULL;
    cr_assert_gt(asprintf(&out_path, "%s/stdout", scratch), 0);
    cr_assert_gt(asprintf(&err_path, "%s/stderr", scratch), 0);
    cr_assert_gt(asprintf(&full, "( %s ) >'%s' 2>'%s' </dev/null", cmd, out_path, err_path), 0);
    fflush(NULL);
    int ws = system(full);
    cr_assert_neq(ws, -1, "system() failed for: %s", cmd);
    sup_result r = {0};
    if (WIFEXITED(ws)) r.status = WEXITSTATUS(ws);
    else if (WIFSIGNALED(ws)) r.status = 128 + WTERMSIG(ws);
    else r.status = -1;
    r.out = sup_read_file(out_path, NULL);
    r.err = sup_read_file(err_path, NULL);
    cr_assert(r.out && r.err, "cannot read captured output of: %s", cmd);
    remove(out_path);
    remove(err_path);
    free(full);
    free(out_path);
    free(err_path);
    return r;
}

sup_result sup_chansim(const char *scratch, const char *env, const char *args_fmt, ...)
{
    char *args = NULL, *cmd = NULL;
    va_list ap;
    va_start(ap, args_fmt);
    int n = vasprintf(&args, args_fmt, ap);
    va_end(ap);
    cr_assert_gt(n, -1, "out of memory");
    cr_assert_gt(asprintf(&cmd, "%s %s %s", env ? env : "", CHANSIM_BIN, args), 0);
    sup_result r = run_captured(scratch, cmd);
    free(args);
    free(cmd);
    return r;
}

pid_t sup_spawn(const char *log, const char *const *args)
{
    pid_t pid = fork();
    cr_assert_geq(pid, 0, "fork failed");
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        execv(CHANSIM_BIN, (char *const *)args);
        _exit(127);
    }
    return pid;
}

sup_result sup_shell(const char *scratch, const char *cmd_fmt, ...)
{
    char *cmd = NULL;
    va_list ap;
    va_start(ap, cmd_fmt);
    int n = vasprintf(&cmd, cmd_fmt, ap);
    va_end(ap);
    cr_assert_gt(n, -1, "out of memory");
    sup_result r = run_captured(scratch, cmd);
    free(cmd);
    return r;
}

void sup_result_free(sup_result *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

/* Read a string from an attribute or dataset whose type is `t`; `read` does the I/O. */
static char *read_string(hid_t t, hid_t obj, int is_attr)
{
    char *result = NULL;
    hid_t mt = H5Tcopy(H5T_C_S1);
    H5Tset_cset(mt, H5Tget_cset(t));
    if (H5Tis_variable_str(t) > 0) {
        char *s = NULL;
        H5Tset_size(mt, H5T_VARIABLE);
        herr_t e = is_attr ? H5Aread(obj, mt, &s) : H5Dread(obj, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, &s);
        if (e >= 0 && s) {
            result = strdup(s);
            H5free_memory(s);
        }
    } else {
        size_t size = H5Tget_size(t);
        char *buf = calloc(size + 1, 1);
        H5Tset_size(mt, size);
        herr_t e = is_attr ? H5Aread(obj, mt, buf) : H5Dread(obj, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
        if (e >= 0) result = buf;
        else free(buf);
    }
    H5Tclose(mt);
    return result;
}

char *sup_h5_attr_string(const char *file, const char *object, const char *attr)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t f = H5Fopen(file, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0) return NULL;
    char *result = NULL;
    hid_t a = H5Aopen_by_name(f, object, attr, H5P_DEFAULT, H5P_DEFAULT);
    if (a >= 0) {
        hid_t t = H5Aget_type(a);
        if (H5Tget_class(t) == H5T_STRING) result = read_string(t, a, 1);
        H5Tclose(t);
        H5Aclose(a);
    }
    H5Fclose(f);
    return result;
}

long long sup_h5_attr_int(const char *file, const char *object, const char *attr, int *ok)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    *ok = 0;
    long long v = 0;
    hid_t f = H5Fopen(file, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0) return 0;
    hid_t a = H5Aopen_by_name(f, object, attr, H5P_DEFAULT, H5P_DEFAULT);
    if (a >= 0) {
        hid_t t = H5Aget_type(a);
        if (H5Tget_class(t) == H5T_INTEGER && H5Aread(a, H5T_NATIVE_LLONG, &v) >= 0) *ok = 1;
        H5Tclose(t);
        H5Aclose(a);
    }
    H5Fclose(f);
    return v;
}

char *sup_h5_string_dataset(const char *file, const char *path)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t f = H5Fopen(file, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0) return NULL;
    char *result = NULL;
    hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
    if (d >= 0) {
        hid_t t = H5Dget_type(d);
        if (H5Tget_class(t) == H5T_STRING) result = read_string(t, d, 0);
        H5Tclose(t);
        H5Dclose(d);
    }
    H5Fclose(f);
    return result;
}

scenario *sup_load(const char *path, const char *const *overrides)
{
    size_t n = 0;
    while (overrides && overrides[n]) n++;
    scenario *s = NULL;
    sim_error_clear();
    sim_status st = scenario_load(path, overrides, n, NULL, &s);
    cr_assert_eq(st, SIM_OK, "scenario_load(%s) failed: %s", path, sim_error_message());
    return s;
}

void sup_runs_baseline(const char *const *overrides, int reps, uint32_t seed, sup_runs *out)
{
    model *m = NULL;
    out->s = sup_load(SUP_BASELINE, overrides);
    cr_assert_eq(model_create(&out->s->params, &m), SIM_OK, "%s", sim_error_message());
    m->check_invariants = 1; /* conservation of people, every day */
    cr_assert_eq(results_create(model_metric_set(), reps, out->s->params.scenario.start_date,
                                out->s->params.scenario.days, MIG_GROUPS, &out->res),
                 SIM_OK);
    for (int r = 0; r < reps; r++) {
        sim_error_clear();
        sim_status st = model_run(m, (rng_key){seed, (uint32_t)r}, out->res, r);
        cr_assert_eq(st, SIM_OK, "replication %d: %s", r, sim_error_message());
    }
    model_destroy(&m);
}

void sup_runs_free(sup_runs *r)
{
    results_destroy(&r->res);
    scenario_destroy(&r->s);
}

/* ---- sanity tests of the helpers ---------------------------------------- */

Test(support, shell_capture_reports_status_and_streams)
{
    char *dir = sup_tmpdir();
    sup_result r = sup_shell(dir, "printf 'out'; printf 'err' >&2; exit 3");
    cr_expect_eq(r.status, 3);
    cr_expect_str_eq(r.out, "out");
    cr_expect_str_eq(r.err, "err");
    sup_result_free(&r);
    sup_rmtree(dir);
    cr_expect_not(sup_exists(dir), "sup_rmtree left %s behind", dir);
    free(dir);
}

Test(support, missing_hdf5_objects_read_as_absent)
{
    int ok = 1;
    cr_expect_null(sup_h5_attr_string("/nonexistent/x.h5", "/", "a"));
    cr_expect_eq(sup_h5_attr_int("/nonexistent/x.h5", "/", "a", &ok), 0);
    cr_expect_eq(ok, 0);
}

void sup_month_factor_moments(sup_month_factor f, const void *params, rng_key key, int n, double *mean,
                              double *log_sd)
{
    double sum = 0, sl = 0, sl2 = 0;
    for (int k = 0; k < n; k++) {
        double v = f(params, key, 1000 + k / 12, 1 + k % 12);
        cr_assert(v > 0, "factor %g at month %d", v, k);
        sum += v;
        sl += log(v);
        sl2 += log(v) * log(v);
    }
    *mean = sum / n;
    *log_sd = sqrt((sl2 - sl * sl / n) / (n - 1));
}
