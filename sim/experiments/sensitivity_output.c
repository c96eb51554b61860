/**
 * @file sensitivity_output.c
 * @brief /sensitivity written through output.h's writer and read back (layout in
 *        sensitivity_output.h).
 */
#include "sim/experiments/sensitivity_output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/metrics.h"

enum { SA_FORMAT = 1 };

const char sa_morris_columns[] = "mu,mu_star,sigma,mu_star_lo,mu_star_hi";
const char sa_sobol_columns[] = "first,first_lo,first_hi,total,total_lo,total_hi";

static hid_t vlen_string(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t >= 0 && (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0)) out_close(&t);
    return t;
}

/* A 1-D dataset of n variable-length strings, no timestamps. */
static sim_status write_strings(hid_t loc, const char *name, const char *const *values, size_t n)
{
    sim_status st = SIM_OK;
    hsize_t dim = n;
    hid_t t = vlen_string(), space = H5Screate_simple(1, &dim, NULL), dcpl = H5Pcreate(H5P_DATASET_CREATE);
    hid_t d = H5I_INVALID_HID;
    if (t < 0 || space < 0 || dcpl < 0 || H5Pset_obj_track_times(dcpl, 0) < 0)
        SIM_FAIL_GOTO(SIM_ERR_IO, "cannot set up dataset /sensitivity/%s", name);
    if ((d = H5Dcreate2(loc, name, t, space, H5P_DEFAULT, dcpl, H5P_DEFAULT)) < 0 ||
        (n > 0 && H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) < 0))
        SIM_FAIL_GOTO(SIM_ERR_IO, "cannot write dataset /sensitivity/%s", name);
done:
    out_close(&d);
    out_close(&dcpl);
    out_close(&space);
    out_close(&t);
    return st;
}

static sim_status write_attr_double(hid_t obj, const char *name, double v)
{
    hid_t space = H5Screate(H5S_SCALAR), a = H5I_INVALID_HID;
    sim_status st = SIM_OK;
    if (space < 0 || (a = H5Acreate2(obj, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT)) < 0 ||
        H5Awrite(a, H5T_NATIVE_DOUBLE, &v) < 0)
        st = SIM_FAIL(SIM_ERR_IO, "cannot write attribute %s", name);
    out_close(&a);
    out_close(&space);
    return st;
}

static sim_status write_output(hid_t parent, const sa_study *s, const sa_output *o)
{
    sim_status st = SIM_OK;
    hid_t g = H5I_INVALID_HID, d = H5I_INVALID_HID;
    int k = s->nfactors;
    double *tab = calloc((size_t)k * SA_SOBOL_COLUMNS, sizeof *tab);
    if (!tab) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    const char *unit = metric_table[o->metric].unit;
    SIM_TRY(out_create_group(parent, o->name, &g));
    SIM_TRY(out_write_attr_string(g, "metric", metric_table[o->metric].name));
    SIM_TRY(out_write_attr_string(g, "unit", unit));
    SIM_TRY(out_write_attr_string(g, "scenario", s->scen_names[o->scenario]));
    SIM_TRY(out_write_attr_string(g, "baseline", o->scenario > 0 ? s->scen_names[0] : ""));
    SIM_TRY(write_attr_double(g, "noise_within", o->noise.within));
    SIM_TRY(write_attr_double(g, "noise_total", o->noise.total));
    SIM_TRY(write_attr_double(g, "noise_between_means", o->noise.between_means));
    SIM_TRY(write_attr_double(g, "noise_share", o->noise.share));
    SIM_TRY(write_attr_double(g, "noise_share_of_mean", o->noise.share_of_mean));
    hsize_t nd = s->ndesign;
    SIM_TRY(out_write_doubles(g, "mean", 1, &nd, o->mean, unit, "replication mean at each design point"));
    if (o->morris) {
        for (int i = 0; i < k; i++) {
            const morris_stat *m = &o->morris[i];
            double row[SA_MORRIS_COLUMNS] = {m->mu, m->mu_star, m->sigma, m->mu_star_lo, m->mu_star_hi};
            memcpy(tab + (size_t)i * SA_MORRIS_COLUMNS, row, sizeof row);
        }
        hsize_t dims[2] = {(hsize_t)k, SA_MORRIS_COLUMNS};
        SIM_TRY(out_write_doubles(g, "morris", 2, dims, tab, unit, "Morris statistics per whole range of each factor"));
        if ((d = H5Dopen2(g, "morris", H5P_DEFAULT)) < 0) SIM_FAIL_GOTO(SIM_ERR_IO, "cannot reopen morris");
        SIM_TRY(out_write_attr_string(d, "columns", sa_morris_columns));
    } else {
        for (int i = 0; i < k; i++) {
            const sobol_index *x = &o->sobol[i];
            double row[SA_SOBOL_COLUMNS] = {x->first, x->first_lo, x->first_hi, x->total, x->total_lo, x->total_hi};
            memcpy(tab + (size_t)i * SA_SOBOL_COLUMNS, row, sizeof row);
        }
        hsize_t dims[2] = {(hsize_t)k, SA_SOBOL_COLUMNS};
        SIM_TRY(out_write_doubles(g, "sobol", 2, dims, tab, "-", "first-order and total Sobol indices"));
        if ((d = H5Dopen2(g, "sobol", H5P_DEFAULT)) < 0) SIM_FAIL_GOTO(SIM_ERR_IO, "cannot reopen sobol");
        SIM_TRY(out_write_attr_string(d, "columns", sa_sobol_columns));
        SIM_TRY(write_attr_double(d, "variance", o->variance));
    }
done:
    out_close(&d);
    out_close(&g);
    free(tab);
    return st;
}

/* The factor labels, keys and units as arrays of strings (the keys joined with " + "). */
static sim_status write_factors(hid_t g, const sa_study *s)
{
    int k = s->nfactors;
    const char **names = calloc((size_t)k, sizeof *names), **units = calloc((size_t)k, sizeof *units);
    char **keys = calloc((size_t)k, sizeof *keys);
    double *range = calloc((size_t)k * 2, sizeof *range);
    sim_status st = SIM_OK;
    if (!names || !units || !keys || !range) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
    for (int j = 0; j < k; j++) {
        names[j] = s->factors[j].name;
        units[j] = s->factors[j].unit;
        size_t len = 1;
        for (int x = 0; x < s->factors[j].nkeys; x++) len += strlen(s->factors[j].keys[x]) + 3;
        if (!(keys[j] = calloc(len, 1))) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
        for (int x = 0; x < s->factors[j].nkeys; x++) {
            if (x) strcat(keys[j], " + ");
            strcat(keys[j], s->factors[j].keys[x]);
        }
        range[2 * j] = s->lo[j];
        range[2 * j + 1] = s->hi[j];
    }
    SIM_TRY(write_strings(g, "factor_names", names, (size_t)k));
    SIM_TRY(write_strings(g, "factor_keys", (const char *const *)keys, (size_t)k));
    SIM_TRY(write_strings(g, "factor_units", units, (size_t)k));
    hsize_t rd[2] = {(hsize_t)k, 2};
    SIM_TRY(out_write_doubles(g, "factor_range", 2, rd, range, NULL, "low and high of each factor"));
    hsize_t ud[2] = {s->ndesign, (hsize_t)k};
    SIM_TRY(out_write_doubles(g, "unit_design", 2, ud, s->unit, "-", "design points in the unit hypercube"));
done:
    for (int j = 0; keys && j < k; j++) free(keys[j]);
    free(keys);
    free(names);
    free(units);
    free(range);
    return st;
}

sim_status sa_write(out_file *f, const sa_study *s, const sa_result *r)
{
    sim_status st = SIM_OK;
    hid_t g = H5I_INVALID_HID, go = H5I_INVALID_HID;
    const char **names = calloc((size_t)r->noutputs + 1, sizeof *names);
    const char **scen = calloc((size_t)s->nscen, sizeof *scen);
    if (!names || !scen) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
    SIM_TRY(out_create_group(out_file_handle(f), "sensitivity", &g));
    SIM_TRY(out_write_attr_string(g, "kind", "chansim sensitivity"));
    SIM_TRY(out_write_attr_int(g, "sensitivity_format", SA_FORMAT));
    SIM_TRY(out_write_attr_string(g, "method", sa_method_name(s->method)));
    SIM_TRY(out_write_attr_string(g, "estimated_on", "replication mean"));
    SIM_TRY(out_write_attr_int(g, "factors", s->nfactors));
    SIM_TRY(out_write_attr_int(g, "outputs", r->noutputs));
    SIM_TRY(out_write_attr_int(g, "design_points", (int)s->ndesign));
    SIM_TRY(out_write_attr_int(g, "replications", s->run->reps));
    SIM_TRY(out_write_attr_int(g, "bootstrap", s->bootstrap));
    SIM_TRY(write_attr_double(g, "confidence", s->confidence));
    SIM_TRY(out_write_attr_string(g, "hash", s->run->hash_hex));
    if (s->method == SA_MORRIS) {
        SIM_TRY(out_write_attr_int(g, "trajectories", s->morris.trajectories));
        SIM_TRY(out_write_attr_int(g, "levels", s->morris.levels));
        SIM_TRY(out_write_attr_int(g, "candidates", s->morris.candidates));
        SIM_TRY(out_write_attr_int(g, "design_seed", (int)s->design_seed));
    } else {
        SIM_TRY(out_write_attr_int(g, "samples", (int)s->samples));
    }
    for (int i = 0; i < s->nscen; i++) scen[i] = s->scen_names[i];
    SIM_TRY(write_strings(g, "scenarios", scen, (size_t)s->nscen));
    SIM_TRY(write_factors(g, s));
    for (int i = 0; i < r->noutputs; i++) names[i] = r->out[i].name;
    SIM_TRY(write_strings(g, "output_names", names, (size_t)r->noutputs));
    SIM_TRY(out_create_group(g, "outputs", &go));
    for (int i = 0; i < r->noutputs; i++) SIM_TRY(write_output(go, s, &r->out[i]));
done:
    out_close(&go);
    out_close(&g);
    free(names);
    free(scen);
    return st;
}

/* ------------------------------------------------------------------------- */
/* Reading                                                                    */

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
    if (file < 0) return SIM_FAIL(SIM_ERR_IO, "'%s' is not an HDF5 file", path);
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
