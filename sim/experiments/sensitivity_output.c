/**
 * @file sensitivity_output.c
 * @brief /sensitivity written through output.h's writer and read back (layout in
 *        sensitivity_output.h).
 */
#include "sim/experiments/sensitivity_output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/run/scenario.h"

enum { SA_FORMAT = 1 };

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
    const char *unit = scenario_metric_set()->weekly[o->metric].unit;
    SIM_TRY(out_create_group(parent, o->name, &g));
    SIM_TRY(out_write_attr_string(g, "metric", scenario_metric_set()->weekly[o->metric].name));
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

