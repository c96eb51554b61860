/**
 * @file sensitivity_read.c
 * @brief /sensitivity read back (layout in sim/experiments/sensitivity_output.h).
 */
#include "sim/io/sensitivity_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

#include "sim/io/output.h"

const char sa_morris_columns[] = "mu,mu_star,sigma,mu_star_lo,mu_star_hi";
const char sa_sobol_columns[] = "first,first_lo,first_hi,total,total_lo,total_hi";

static hid_t vlen_string(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t >= 0 && (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0)) out_close(&t);
    return t;
}


int sa_file_present(const char *path)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0) return 0;
    int yes = H5Lexists(f, "sensitivity", H5P_DEFAULT) > 0;
    H5Fclose(f);
    return yes;
}

void sa_file_destroy(sa_file **fp)
{
    sa_file *f = fp ? *fp : NULL;
    if (!f) return;
    for (int j = 0; j < f->nfactors; j++) {
        if (f->factor_names) free(f->factor_names[j]);
        if (f->factor_keys) free(f->factor_keys[j]);
    }
    for (int i = 0; i < f->noutputs; i++) {
        if (f->output_names) free(f->output_names[i]);
        if (f->output_units) free(f->output_units[i]);
    }
    free(f->factor_names);
    free(f->factor_keys);
    free(f->output_names);
    free(f->output_units);
    free(f->table);
    free(f->noise_share);
    free(f->noise_share_of_mean);
    free(f);
    *fp = NULL;
}

/* n strings of a 1-D dataset, each strdup'd into out. */
static sim_status read_strings(hid_t loc, const char *name, const char *path, size_t n, char **out)
{
    sim_status st = SIM_OK;
    hid_t d = H5Dopen2(loc, name, H5P_DEFAULT), t = vlen_string(), space = H5I_INVALID_HID;
    char **raw = calloc(n ? n : 1, sizeof *raw);
    int got = 0;
    if (!raw) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
    if (d < 0 || t < 0 || (space = H5Dget_space(d)) < 0 || (size_t)H5Sget_simple_extent_npoints(space) != n)
        SIM_FAIL_GOTO(SIM_ERR_IO, "%s: /sensitivity/%s is missing or has the wrong size", path, name);
    if (H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw) < 0)
        SIM_FAIL_GOTO(SIM_ERR_IO, "%s: cannot read /sensitivity/%s", path, name);
    got = 1;
    for (size_t i = 0; i < n; i++)
        if (!(out[i] = strdup(raw[i] ? raw[i] : ""))) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
done:
    if (got) H5Dvlen_reclaim(t, space, H5P_DEFAULT, raw);
    free(raw);
    out_close(&space);
    out_close(&t);
    out_close(&d);
    return st;
}

static sim_status read_attr(hid_t obj, const char *name, hid_t mtype, void *v, const char *path)
{
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    herr_t e = a >= 0 ? H5Aread(a, mtype, v) : -1;
    if (a >= 0) H5Aclose(a);
    if (e < 0) return SIM_FAIL(SIM_ERR_IO, "%s: cannot read attribute %s of /sensitivity", path, name);
    return SIM_OK;
}

static sim_status read_doubles(hid_t loc, const char *name, size_t n, double *buf, const char *path)
{
    hid_t d = H5Dopen2(loc, name, H5P_DEFAULT), space = d >= 0 ? H5Dget_space(d) : H5I_INVALID_HID;
    int ok = space >= 0 && (size_t)H5Sget_simple_extent_npoints(space) == n &&
             H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0;
    out_close(&space);
    out_close(&d);
    if (!ok) return SIM_FAIL(SIM_ERR_IO, "%s: /sensitivity dataset %s is missing or has the wrong size", path, name);
    return SIM_OK;
}

static sim_status read_body(hid_t g, const char *path, sa_file *f)
{
    hid_t t = vlen_string();
    char *method = NULL;
    sim_status st = read_attr(g, "method", t, &method, path);
    out_close(&t);
    SIM_CHECK(st);
    snprintf(f->method, sizeof f->method, "%s", method ? method : "");
    H5free_memory(method);
    int is_morris = strcmp(f->method, "morris") == 0;
    f->ncols = is_morris ? SA_MORRIS_COLUMNS : SA_SOBOL_COLUMNS;
    SIM_CHECK(read_attr(g, "factors", H5T_NATIVE_INT, &f->nfactors, path));
    SIM_CHECK(read_attr(g, "outputs", H5T_NATIVE_INT, &f->noutputs, path));
    SIM_CHECK(read_attr(g, "confidence", H5T_NATIVE_DOUBLE, &f->confidence, path));
    if (f->nfactors < 1 || f->noutputs < 1) return SIM_FAIL(SIM_ERR_IO, "%s: /sensitivity is empty", path);
    size_t k = (size_t)f->nfactors, no = (size_t)f->noutputs;
    SIM_CALLOC(f->factor_names, k);
    SIM_CALLOC(f->factor_keys, k);
    SIM_CALLOC(f->output_names, no);
    SIM_CALLOC(f->output_units, no);
    SIM_CALLOC(f->table, no * k * (size_t)f->ncols);
    SIM_CALLOC(f->noise_share, no);
    SIM_CALLOC(f->noise_share_of_mean, no);
    SIM_CHECK(read_strings(g, "factor_names", path, k, f->factor_names));
    SIM_CHECK(read_strings(g, "factor_keys", path, k, f->factor_keys));
    SIM_CHECK(read_strings(g, "output_names", path, no, f->output_names));
    hid_t go = H5Gopen2(g, "outputs", H5P_DEFAULT);
    if (go < 0) return SIM_FAIL(SIM_ERR_IO, "%s: no /sensitivity/outputs", path);
    for (size_t i = 0; st == SIM_OK && i < no; i++) {
        hid_t o = H5Gopen2(go, f->output_names[i], H5P_DEFAULT);
        hid_t ts = vlen_string();
        char *unit = NULL;
        if (o < 0) st = SIM_FAIL(SIM_ERR_IO, "%s: no /sensitivity/outputs/%s", path, f->output_names[i]);
        if (st == SIM_OK) st = read_attr(o, "unit", ts, &unit, path);
        if (st == SIM_OK && !(f->output_units[i] = strdup(unit ? unit : "")))
            st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
        if (unit) H5free_memory(unit);
        if (st == SIM_OK) st = read_attr(o, "noise_share", H5T_NATIVE_DOUBLE, &f->noise_share[i], path);
        if (st == SIM_OK) st = read_attr(o, "noise_share_of_mean", H5T_NATIVE_DOUBLE, &f->noise_share_of_mean[i], path);
        if (st == SIM_OK)
            st = read_doubles(o, is_morris ? "morris" : "sobol", k * (size_t)f->ncols,
                              f->table + i * k * (size_t)f->ncols, path);
        out_close(&ts);
        out_close(&o);
    }
    out_close(&go);
    return st;
}

sim_status sa_file_read(const char *path, sa_file **out)
{
    *out = NULL;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0) return out_h5_open_failed(path);
    hid_t g = H5Lexists(file, "sensitivity", H5P_DEFAULT) > 0 ? H5Gopen2(file, "sensitivity", H5P_DEFAULT)
                                                              : H5I_INVALID_HID;
    sim_status st = SIM_OK;
    sa_file *f = calloc(1, sizeof *f);
    if (!f) st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    else if (g < 0) st = SIM_FAIL(SIM_ERR_IO, "'%s' is not a sensitivity results file (no /sensitivity)", path);
    else st = read_body(g, path, f);
    out_close(&g);
    out_close(&file);
    if (st != SIM_OK) {
        sa_file_destroy(&f);
        return st;
    }
    *out = f;
    return SIM_OK;
}
