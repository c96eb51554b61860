/**
 * @file test_output_fixture.c
 * @brief The shared fixture of the results-file tests (output_fixture.h); no tests of its own.
 */
#include <criterion/criterion.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/io/output_fixture.h"
#include "tests/support.h"
#include "models/metrics.h"

void ofx_tmpdir(char *dir, size_t size) { sup_tmpdir_into(dir, size); }

void ofx_remove_tree(const char *dir)
{
    chmod(dir, 0700);
    sup_rmtree(dir);
}

int ofx_count_entries(const char *dir, const char *part)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "cannot list %s", dir);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 && (!part || strstr(e->d_name, part))) n++;
    closedir(d);
    return n;
}

char *ofx_slurp(const char *path, size_t *size)
{
    char *buf = sup_read_file(path, size);
    cr_assert_not_null(buf, "cannot read %s", path);
    return buf;
}

sim_results *ofx_results(const char *name, int reps, int days, int groups)
{
    sim_results *r = NULL;
    cr_assert_eq(results_create(model_metric_set(), reps, T_START_DAY, days, groups, &r), SIM_OK, "%s",
                 sim_error_message());
    snprintf(r->name, sizeof r->name, "%s", name);
    r->seed = 20240101u;
    r->first_rep = 0;
    static const char *gn[] = {"albania", "afghanistan", "iran", "eritrea"};
    for (int g = 0; g < groups; g++) snprintf(r->group_names[g], CFG_NAME_MAX, "%s", gn[g % 4]);
    for (int rep = 0; rep < reps; rep++) {
        double *w = results_weekly(r, rep);
        for (int k = 0; k < r->weeks; k++)
            for (int m = 0; m < M_COUNT; m++) w[k * M_COUNT + m] = rep * 1000.0 + k * 10.0 + m + 0.125 * (rep + 1);
        if (r->weeks > 1 && rep == 0) w[1 * M_COUNT + M_PEOPLE_PER_BOAT] = NAN;
        if (r->weeks > 2) w[2 * M_COUNT + M_PEOPLE_PER_BOAT] = NAN;
        double *t = results_totals(r, rep);
        for (int m = 0; m < M_COUNT; m++) t[m] = rep * 7.5 + m * 100.0;
        double *d = results_daily(r, rep);
        for (int day = 0; day < days; day++)
            for (int k = 0; k < D_COUNT; k++) d[day * D_COUNT + k] = rep * 1e4 + day * 10.0 + k;
        double *gw = results_group_weekly(r, rep);
        for (int k = 0; k < r->weeks; k++)
            for (int g = 0; g < groups; g++)
                for (int m = 0; m < G_COUNT; m++)
                    gw[(k * groups + g) * G_COUNT + m] = rep * 1e5 + k * 100.0 + g * 10.0 + m + 0.5;
    }
    r->config_text = strdup("[run]\nseed = 20240101\n; resolved\n");
    cr_assert_not_null(r->config_text);
    return r;
}

out_provenance ofx_provenance(const char *host, long long start)
{
    out_provenance p = {
        .command_line = "chansim run --seed 20240101 configs/scenarios/baseline.ini",
        .seed = 20240101u,
        .reps = 3,
        .threads = 2,
        .mpi_procs = 1,
        .host = host,
        .start_time = start,
        .end_time = start + 61,
    };
    return p;
}

sim_status ofx_write_file(const char *path, int force, sim_results **scen, size_t n, const out_provenance *p)
{
    out_file *f = NULL;
    SIM_CHECK(out_open(path, force, &f));
    for (size_t i = 0; i < n; i++) {
        sim_status st = out_write_scenario(f, scen[i]);
        if (st != SIM_OK) {
            out_abort(&f);
            return st;
        }
    }
    sim_status st = out_write_provenance(f, p, (const sim_results *const *)scen, n);
    if (st != SIM_OK) {
        out_abort(&f);
        return st;
    }
    SIM_CHECK(out_commit(&f));
    return SIM_OK;
}

int ofx_same_double(double a, double b) { return a == b || (isnan(a) && isnan(b)); }

void ofx_expect_same_array(const double *a, const double *b, size_t n, const char *what)
{
    for (size_t i = 0; i < n; i++)
        if (!ofx_same_double(a[i], b[i])) {
            cr_expect_fail("%s[%zu]: %.17g != %.17g", what, i, a[i], b[i]);
            return;
        }
}

int ofx_dataset_dims(hid_t file, const char *path, hsize_t *dims)
{
    if (H5Lexists(file, path, H5P_DEFAULT) <= 0) return -1;
    hid_t d = H5Dopen2(file, path, H5P_DEFAULT);
    hid_t s = H5Dget_space(d);
    int rank = H5Sget_simple_extent_dims(s, dims, NULL);
    H5Sclose(s);
    H5Dclose(d);
    return rank;
}

void ofx_attr_string(hid_t file, const char *path, const char *name, char *buf, size_t size)
{
    buf[0] = '\0';
    cr_assert_gt(H5Aexists_by_name(file, path, name, H5P_DEFAULT), 0, "attribute %s of %s missing", name, path);
    hid_t a = H5Aopen_by_name(file, path, name, H5P_DEFAULT, H5P_DEFAULT);
    hid_t t = H5Aget_type(a);
    cr_assert_gt(H5Tis_variable_str(t), 0, "attribute %s of %s is not a variable-length string", name, path);
    char *s = NULL;
    cr_assert_geq(H5Aread(a, t, &s), 0);
    snprintf(buf, size, "%s", s ? s : "");
    H5free_memory(s);
    H5Tclose(t);
    H5Aclose(a);
}

int ofx_attr_int(hid_t file, const char *path, const char *name)
{
    int v = -12345;
    hid_t a = H5Aopen_by_name(file, path, name, H5P_DEFAULT, H5P_DEFAULT);
    cr_assert_geq(a, 0, "attribute %s of %s missing", name, path);
    cr_assert_geq(H5Aread(a, H5T_NATIVE_INT, &v), 0);
    H5Aclose(a);
    return v;
}

