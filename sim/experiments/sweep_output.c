/**
 * @file sweep_output.c
 * @brief Writing and reading the /sweep group of a results file (layout in
 *        sweep_output.h). Objects follow output.c's conventions: no timestamps,
 *        creation order tracked, chunked and compressed double datasets.
 */
#include "sim/experiments/sweep_output.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/engine/summary.h"
#include "sim/io/output_dims.h"

const sweep_derived sweep_derived_outcomes[SWEEP_DERIVED_COUNT] = {
    {"removal_share", "removed", "arrivals", "offshore removals per arrival (realised removal share)"},
    {"return_share", "returned", "arrivals", "returns per arrival (realised return share)"},
};

enum { SWEEP_FORMAT = 1 };

/* ------------------------------------------------------------------------- */
/* Table                                                                      */

sim_status sweep_table_create(const sim_metric_set *metrics, int nparams, size_t npoints, int reps, sweep_table **out)
{
    *out = NULL;
    SIM_CHECK(metric_set_check(metrics));
    sweep_table *t = calloc(1, sizeof *t);
    if (!t) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    t->metrics = metrics;
    t->nparams = nparams;
    t->npoints = npoints;
    t->reps = reps;
    size_t np = nparams > 0 ? (size_t)nparams : 1, n = npoints ? npoints : 1;
    t->names = calloc(np, sizeof *t->names);
    t->keys = calloc(np, sizeof *t->keys);
    t->units = calloc(np, sizeof *t->units);
    t->point = calloc(n, sizeof *t->point);
    t->design = calloc(n * np, sizeof *t->design);
    t->totals = calloc(n * (size_t)reps * (size_t)metrics->nweekly + 1, sizeof *t->totals);
    if (!t->names || !t->keys || !t->units || !t->point || !t->design || !t->totals) {
        sweep_table_destroy(&t);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory for %zu points x %d replications", npoints, reps);
    }
    *out = t;
    return SIM_OK;
}

void sweep_table_destroy(sweep_table **tp)
{
    sweep_table *t = tp ? *tp : NULL;
    if (!t) return;
    for (int j = 0; j < t->nparams; j++) {
        if (t->names) free(t->names[j]);
        if (t->keys) free(t->keys[j]);
        if (t->units) free(t->units[j]);
    }
    free(t->names);
    free(t->keys);
    free(t->units);
    free(t->definition);
    free(t->base);
    free(t->base_name);
    free(t->base_config);
    free(t->point);
    free(t->design);
    free(t->totals);
    free(t);
    *tp = NULL;
}

/* ------------------------------------------------------------------------- */
/* HDF5 helpers                                                               */



static hid_t vlen_string(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t >= 0 && (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0)) out_close(&t);
    return t;
}

/* A dataset of `rank` 0 (scalar) or 1 with `n` elements of type `ftype`, written from mtype; no timestamps. */
static sim_status write_raw(hid_t loc, const char *name, int rank, size_t n, hid_t ftype, hid_t mtype, const void *data)
{
    sim_status st = SIM_OK;
    hid_t space = H5I_INVALID_HID, dcpl = H5I_INVALID_HID, d = H5I_INVALID_HID;
    hsize_t dim = n;
    space = rank == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &dim, NULL);
    if (space < 0 || (dcpl = H5Pcreate(H5P_DATASET_CREATE)) < 0 || H5Pset_obj_track_times(dcpl, 0) < 0)
        SIM_FAIL_GOTO(SIM_ERR_IO, "cannot set up dataset /sweep/%s", name);
    if ((d = H5Dcreate2(loc, name, ftype, space, H5P_DEFAULT, dcpl, H5P_DEFAULT)) < 0)
        SIM_FAIL_GOTO(SIM_ERR_IO, "cannot create dataset /sweep/%s", name);
    if ((rank == 0 || n > 0) && H5Dwrite(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
        SIM_FAIL_GOTO(SIM_ERR_IO, "cannot write dataset /sweep/%s", name);
done:
    out_close(&d);
    out_close(&dcpl);
    out_close(&space);
    return st;
}

static sim_status write_strings(hid_t loc, const char *name, int rank, char *const *values, size_t n)
{
    hid_t t = vlen_string();
    if (t < 0) return SIM_FAIL(SIM_ERR_IO, "cannot make an HDF5 string type");
    sim_status st = write_raw(loc, name, rank, n, t, t, values);
    out_close(&t);
    return st;
}

/* ------------------------------------------------------------------------- */
/* Axes (output_dims.h): point, parameter, replication, statistic             */

/* The axes a sweep group can have. */
typedef enum { SAX_POINT, SAX_PARAM, SAX_REP, SAX_STAT } sweep_axis;

/* Auxiliary coordinate name of parameter j: its label, unless that names a dataset of the group. */
static void param_coord_name(const sweep_table *t, int j, char *buf, size_t size)
{
    const char *name = t->names[j];
    static const char *const taken[] = {"point", "replication", "statistic", "parameter", "design", "names",
                                        "keys", "units", "definition", "totals", "summary"};
    int clash = 0;
    for (size_t k = 0; k < sizeof taken / sizeof *taken; k++) clash |= strcmp(name, taken[k]) == 0;
    for (int k = 0; !clash && k < t->metrics->nweekly; k++) clash = strcmp(name, t->metrics->weekly[k].name) == 0;
    for (int k = 0; !clash && k < SWEEP_DERIVED_COUNT; k++) clash = strcmp(name, sweep_derived_outcomes[k].name) == 0;
    snprintf(buf, size, "%s%s", clash ? "parameter_" : "", name);
}

/*
 * Axis `kind` in group g. For the point axis, also one variable per swept parameter
 * on it (its value at each point: a number in the parameter's unit, or a CF date), and
 * `coords` gets their space-separated names. *scale is new.
 */
static sim_status write_sweep_axis(hid_t g, const sweep_table *t, sweep_axis kind, char *coords, size_t csize,
                                   hid_t *scale)
{
    sim_status st = SIM_OK;
    int *idx = NULL;
    double *col = NULL;
    size_t n = t->npoints;
    *scale = H5I_INVALID_HID;
    if (kind == SAX_REP) return out_dim_index(g, "replication", (size_t)t->reps, 0, "replication number", scale);
    if (kind == SAX_STAT)
        return out_dim_labels(g, "statistic", SUMMARY_COUNT, summary_names, "statistic across replications", scale);
    if (kind == SAX_PARAM)
        return out_dim_labels(g, "parameter", (size_t)t->nparams, (const char *const *)t->names,
                              "swept parameter (design column)", scale);
    if (!(idx = malloc((n ? n : 1) * sizeof *idx)) || !(col = malloc((n ? n : 1) * sizeof *col)))
        SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory for the sweep's point axis");
    for (size_t i = 0; i < n; i++) idx[i] = (int)t->point[i];
    /* The global design point index, so shards and merged files label points alike. */
    SIM_TRY(out_dim_ints(g, "point", n, idx, "design point (index in the whole sweep)", scale));
    if (coords) coords[0] = '\0';
    for (int j = 0; coords && j < t->nparams; j++) {
        char name[128];
        param_coord_name(t, j, name, sizeof name);
        int is_date = strcmp(t->units[j], "date") == 0;
        for (size_t i = 0; i < n; i++) {
            col[i] = t->design[i * (size_t)t->nparams + (size_t)j];
            idx[i] = (int)col[i];
        }
        if (is_date)
            SIM_TRY(out_dim_date_variable(g, name, *scale, n, idx, t->keys[j]));
        else
            SIM_TRY(out_dim_double_variable(g, name, *scale, n, col, t->keys[j], t->units[j]));
        size_t used = strlen(coords);
        snprintf(coords + used, csize - used, "%s%s", used ? " " : "", name);
    }
done:
    if (st != SIM_OK) out_close(scale);
    free(idx);
    free(col);
    return st;
}

/* ------------------------------------------------------------------------- */
/* Writing                                                                    */

/* Metric columns of each derived outcome's numerator and denominator, found by name. */
typedef struct {
    int num[SWEEP_DERIVED_COUNT], den[SWEEP_DERIVED_COUNT];
} derived_columns;

static sim_status find_derived(const sim_metric_set *ms, derived_columns *dc)
{
    for (int k = 0; k < SWEEP_DERIVED_COUNT; k++) {
        SIM_CHECK(metric_set_lookup(ms, METRIC_WEEKLY, sweep_derived_outcomes[k].numerator, &dc->num[k]));
        SIM_CHECK(metric_set_lookup(ms, METRIC_WEEKLY, sweep_derived_outcomes[k].denominator, &dc->den[k]));
    }
    return SIM_OK;
}

/* Outcome k of row i, replication r: a metric (k < nweekly) or a derived share. */
static double outcome(const sweep_table *t, const derived_columns *dc, size_t i, int r, int k)
{
    const int nm = t->metrics->nweekly;
    const double *v = t->totals + (i * (size_t)t->reps + (size_t)r) * (size_t)nm;
    if (k < nm) return v[k];
    double den = v[dc->den[k - nm]];
    return den > 0 ? v[dc->num[k - nm]] / den : NAN;
}

sim_status sweep_table_write(out_file *f, const sweep_table *t)
{
    sim_status st = SIM_OK;
    hid_t g = H5I_INVALID_HID, gt = H5I_INVALID_HID, gs = H5I_INVALID_HID, d = H5I_INVALID_HID;
    hid_t ax[2] = {H5I_INVALID_HID, H5I_INVALID_HID}, tax[2] = {H5I_INVALID_HID, H5I_INVALID_HID},
          sax[2] = {H5I_INVALID_HID, H5I_INVALID_HID};
    char coords[1024] = "";
    size_t n = t->npoints, reps = (size_t)t->reps;
    char *cols = NULL;
    double *buf = malloc((n * (reps > SUMMARY_COUNT ? reps : SUMMARY_COUNT) + 1) * sizeof *buf);
    if (!buf) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory writing the sweep table");
    derived_columns dc;
    SIM_TRY(find_derived(t->metrics, &dc));

    SIM_TRY(out_create_group(out_file_handle(f), "sweep", &g));
    SIM_TRY(out_write_attr_string(g, "kind", "chansim sweep"));
    SIM_TRY(out_write_attr_int(g, "sweep_format", SWEEP_FORMAT));
    SIM_TRY(out_write_attr_string(g, "design", t->kind));
    SIM_TRY(out_write_attr_string(g, "base", t->base));
    SIM_TRY(out_write_attr_string(g, "base_scenario", t->base_name));
    SIM_TRY(out_write_attr_int(g, "replications", t->reps));
    SIM_TRY(out_write_attr_int(g, "block", t->block));
    SIM_TRY(out_write_attr_int(g, "seed", (int)t->seed));
    SIM_TRY(out_write_attr_int(g, "points", (int)t->total_points));
    SIM_TRY(out_write_attr_int(g, "parameters", t->nparams));
    SIM_TRY(out_write_attr_int(g, "shard_index", t->shard_index));
    SIM_TRY(out_write_attr_int(g, "shard_count", t->shard_count));
    SIM_TRY(out_write_attr_string(g, "hash", t->hash));
    SIM_TRY(write_strings(g, "definition", 0, &t->definition, 1));
    SIM_TRY(write_sweep_axis(g, t, SAX_PARAM, NULL, 0, &ax[0]));
    SIM_TRY(write_sweep_axis(g, t, SAX_POINT, coords, sizeof coords, &ax[1]));
    const char *const per_param[3] = {"names", "keys", "units"};
    char **const per_values[3] = {t->names, t->keys, t->units};
    for (int i = 0; i < 3; i++) {
        SIM_TRY(write_strings(g, per_param[i], 1, per_values[i], (size_t)t->nparams));
        SIM_TRY(out_dim_attach(g, per_param[i], 1, &ax[0], NULL));
    }

    size_t clen = 1;
    for (int j = 0; j < t->nparams; j++) clen += strlen(t->names[j]) + 1;
    if (!(cols = calloc(clen, 1))) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
    for (int j = 0; j < t->nparams; j++) {
        if (j) strcat(cols, ",");
        strcat(cols, t->names[j]);
    }
    hsize_t ddims[2] = {n, (hsize_t)t->nparams};
    SIM_TRY(out_write_doubles(g, "design", 2, ddims, t->design, NULL, "design points: parameter values"));
    if ((d = H5Dopen2(g, "design", H5P_DEFAULT)) < 0) SIM_FAIL_GOTO(SIM_ERR_IO, "cannot reopen /sweep/design");
    SIM_TRY(out_write_attr_string(d, "columns", cols));
    out_close(&d);
    const hid_t design_axes[2] = {ax[1], ax[0]};
    SIM_TRY(out_dim_attach(g, "design", 2, design_axes, NULL));

    char scols[64] = "";
    for (int s = 0; s < SUMMARY_COUNT; s++) {
        if (s) strcat(scols, ",");
        strcat(scols, summary_names[s]);
    }
    SIM_TRY(out_create_group(g, "totals", &gt));
    SIM_TRY(out_create_group(g, "summary", &gs));
    SIM_TRY(write_sweep_axis(gt, t, SAX_POINT, coords, sizeof coords, &tax[0]));
    SIM_TRY(write_sweep_axis(gt, t, SAX_REP, NULL, 0, &tax[1]));
    SIM_TRY(write_sweep_axis(gs, t, SAX_POINT, coords, sizeof coords, &sax[0]));
    SIM_TRY(write_sweep_axis(gs, t, SAX_STAT, NULL, 0, &sax[1]));
    const int nm = t->metrics->nweekly;
    for (int k = 0; k < nm + SWEEP_DERIVED_COUNT; k++) {
        const sim_metric *mk = k < nm ? &t->metrics->weekly[k] : NULL;
        const char *name = mk ? mk->name : sweep_derived_outcomes[k - nm].name;
        const char *unit = mk ? mk->unit : "share";
        const char *title = mk ? mk->title : sweep_derived_outcomes[k - nm].title;
        const char *kind = mk ? out_metric_kind(mk->kind) : out_metric_kind(METRIC_RATIO);
        for (size_t i = 0; i < n; i++)
            for (size_t r = 0; r < reps; r++) buf[i * reps + r] = outcome(t, &dc, i, (int)r, k);
        hsize_t tdims[2] = {n, reps};
        SIM_TRY(out_write_doubles(gt, name, 2, tdims, buf, unit, title));
        SIM_TRY(out_dim_attach(gt, name, 2, tax, coords[0] ? coords : NULL));
        SIM_TRY(out_dim_describe(gt, name, "horizon total of one replication at one design point", kind, NULL));
        /* Summaries overwrite buf row by row after each row has been read. */
        for (size_t i = 0; i < n; i++) {
            double s[SUMMARY_COUNT];
            SIM_TRY(summary_stats(buf + i * reps, reps, 1, s));
            memcpy(buf + i * SUMMARY_COUNT, s, sizeof s);
        }
        hsize_t sdims[2] = {n, SUMMARY_COUNT};
        SIM_TRY(out_write_doubles(gs, name, 2, sdims, buf, unit, title));
        if ((d = H5Dopen2(gs, name, H5P_DEFAULT)) < 0) SIM_FAIL_GOTO(SIM_ERR_IO, "cannot reopen /sweep/summary/%s", name);
        SIM_TRY(out_write_attr_string(d, "columns", scols));
        out_close(&d);
        SIM_TRY(out_dim_attach(gs, name, 2, sax, coords[0] ? coords : NULL));
        SIM_TRY(out_dim_describe(gs, name, "horizon total across replications at one design point", kind, NULL));
    }
done:
    for (int i = 0; i < 2; i++) {
        out_close(&ax[i]);
        out_close(&tax[i]);
        out_close(&sax[i]);
    }
    out_close(&d);
    out_close(&gs);
    out_close(&gt);
    out_close(&g);
    free(cols);
    free(buf);
    return st;
}

/* ------------------------------------------------------------------------- */
/* Reading                                                                    */

static sim_status read_attr_int(hid_t obj, const char *name, const char *path, int *v)
{
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a < 0) return SIM_FAIL(SIM_ERR_IO, "%s: /sweep has no attribute '%s'", path, name);
    herr_t e = H5Aread(a, H5T_NATIVE_INT, v);
    H5Aclose(a);
    if (e < 0) return SIM_FAIL(SIM_ERR_IO, "%s: cannot read attribute /sweep %s", path, name);
    return SIM_OK;
}

static sim_status read_attr_str(hid_t obj, const char *name, const char *path, char **v)
{
    sim_status st = SIM_OK;
    hid_t a = H5I_INVALID_HID, t = vlen_string();
    char *raw = NULL;
    if ((a = H5Aopen(obj, name, H5P_DEFAULT)) < 0) SIM_FAIL_GOTO(SIM_ERR_IO, "%s: /sweep has no attribute '%s'", path, name);
    if (t < 0 || H5Aread(a, t, &raw) < 0) SIM_FAIL_GOTO(SIM_ERR_IO, "%s: cannot read attribute /sweep %s", path, name);
    if (!(*v = strdup(raw ? raw : ""))) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
done:
    if (raw) H5free_memory(raw);
    out_close(&a);
    out_close(&t);
    return st;
}

/* A scalar (expect 0) or 1-D (expect n) string dataset into new strings. */
static sim_status read_strings(hid_t loc, const char *name, const char *path, size_t n, int scalar, char **out)
{
    sim_status st = SIM_OK;
    hid_t d = H5I_INVALID_HID, t = vlen_string(), space = H5I_INVALID_HID;
    char **raw = calloc(n ? n : 1, sizeof *raw);
    int read = 0;
    if (!raw) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
    if ((d = H5Dopen2(loc, name, H5P_DEFAULT)) < 0) SIM_FAIL_GOTO(SIM_ERR_IO, "%s: no dataset /sweep/%s", path, name);
    if ((space = H5Dget_space(d)) < 0) SIM_FAIL_GOTO(SIM_ERR_IO, "%s: /sweep/%s: bad dataspace", path, name);
    hssize_t count = H5Sget_simple_extent_npoints(space);
    if (count != (hssize_t)(scalar ? 1 : n) || (scalar && H5Sget_simple_extent_ndims(space) != 0))
        SIM_FAIL_GOTO(SIM_ERR_IO, "%s: /sweep/%s has %lld elements, expected %zu", path, name, (long long)count, n);
    if (n > 0 || scalar) {
        if (t < 0 || H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw) < 0)
            SIM_FAIL_GOTO(SIM_ERR_IO, "%s: cannot read /sweep/%s", path, name);
        read = 1;
    }
    for (size_t i = 0; i < (scalar ? 1 : n); i++)
        if (!(out[i] = strdup(raw[i] ? raw[i] : ""))) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
done:
    if (read) H5Dvlen_reclaim(t, space, H5P_DEFAULT, raw);
    free(raw);
    out_close(&space);
    out_close(&d);
    out_close(&t);
    return st;
}

/* A double or int dataset of exactly `count` elements; *found = 0 if it is missing (then nothing is read). */
static sim_status read_numbers(hid_t loc, const char *name, const char *path, hid_t mtype, size_t count, void *buf,
                               int *found)
{
    sim_status st = SIM_OK;
    hid_t d = H5I_INVALID_HID, space = H5I_INVALID_HID;
    *found = 0;
    htri_t ex = H5Lexists(loc, name, H5P_DEFAULT);
    if (ex <= 0) return SIM_OK;
    if ((d = H5Dopen2(loc, name, H5P_DEFAULT)) < 0 || (space = H5Dget_space(d)) < 0)
        SIM_FAIL_GOTO(SIM_ERR_IO, "%s: cannot open dataset %s", path, name);
    if ((size_t)H5Sget_simple_extent_npoints(space) != count)
        SIM_FAIL_GOTO(SIM_ERR_IO, "%s: dataset %s has the wrong shape (expected %zu values)", path, name, count);
    if (count > 0 && H5Dread(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0)
        SIM_FAIL_GOTO(SIM_ERR_IO, "%s: cannot read dataset %s", path, name);
    *found = 1;
done:
    out_close(&space);
    out_close(&d);
    return st;
}

sim_status sweep_table_read(const char *path, const sim_metric_set *metrics, sweep_table **out)
{
    *out = NULL;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    if (access(path, R_OK) != 0) return SIM_FAIL(SIM_ERR_IO, "cannot read '%s'", path);
    sim_status st = SIM_OK;
    hid_t file = H5I_INVALID_HID, g = H5I_INVALID_HID, gt = H5I_INVALID_HID, pc = H5I_INVALID_HID;
    sweep_table *t = NULL;
    char *design = NULL, *hash = NULL;
    double *buf = NULL;
    int32_t *idx = NULL;
    if ((file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT)) < 0) {
        st = out_h5_open_failed(path);
        goto done;
    }
    if (H5Lexists(file, "sweep", H5P_DEFAULT) <= 0 || (g = H5Gopen2(file, "sweep", H5P_DEFAULT)) < 0)
        SIM_FAIL_GOTO(SIM_ERR_IO, "'%s' is not a chansim sweep file (no /sweep group)", path);
    int fmt, reps, block, seed, points, nparams, si, sc;
    SIM_TRY(read_attr_int(g, "sweep_format", path, &fmt));
    if (fmt != SWEEP_FORMAT) SIM_FAIL_GOTO(SIM_ERR_IO, "%s: sweep format %d; this chansim reads %d", path, fmt, SWEEP_FORMAT);
    SIM_TRY(read_attr_int(g, "replications", path, &reps));
    SIM_TRY(read_attr_int(g, "block", path, &block));
    SIM_TRY(read_attr_int(g, "seed", path, &seed));
    SIM_TRY(read_attr_int(g, "points", path, &points));
    SIM_TRY(read_attr_int(g, "parameters", path, &nparams));
    SIM_TRY(read_attr_int(g, "shard_index", path, &si));
    SIM_TRY(read_attr_int(g, "shard_count", path, &sc));
    if (reps < 1 || nparams < 1 || points < 0 || sc < 1 || si < 1 || si > sc)
        SIM_FAIL_GOTO(SIM_ERR_IO, "%s: /sweep has inconsistent attributes", path);
    hid_t ds = H5I_INVALID_HID, sp = H5I_INVALID_HID;
    if ((ds = H5Dopen2(g, "point", H5P_DEFAULT)) < 0 || (sp = H5Dget_space(ds)) < 0) {
        out_close(&ds);
        SIM_FAIL_GOTO(SIM_ERR_IO, "%s: no dataset /sweep/point", path);
    }
    hssize_t n = H5Sget_simple_extent_npoints(sp);
    out_close(&sp);
    out_close(&ds);
    if (n < 0 || n > points) SIM_FAIL_GOTO(SIM_ERR_IO, "%s: /sweep/point has %lld rows for %d points", path, (long long)n, points);

    SIM_TRY(sweep_table_create(metrics, nparams, (size_t)n, reps, &t));
    t->block = block;
    t->seed = (uint32_t)seed;
    t->total_points = (size_t)points;
    t->shard_index = si;
    t->shard_count = sc;
    SIM_TRY(read_attr_str(g, "design", path, &design));
    SIM_TRY(read_attr_str(g, "hash", path, &hash));
    snprintf(t->kind, sizeof t->kind, "%s", design);
    snprintf(t->hash, sizeof t->hash, "%s", hash);
    SIM_TRY(read_attr_str(g, "base", path, &t->base));
    SIM_TRY(read_attr_str(g, "base_scenario", path, &t->base_name));
    SIM_TRY(read_strings(g, "definition", path, 1, 1, &t->definition));
    SIM_TRY(read_strings(g, "names", path, (size_t)nparams, 0, t->names));
    SIM_TRY(read_strings(g, "keys", path, (size_t)nparams, 0, t->keys));
    SIM_TRY(read_strings(g, "units", path, (size_t)nparams, 0, t->units));
    int found;
    if (!(idx = malloc(((size_t)n + 1) * sizeof *idx))) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
    SIM_TRY(read_numbers(g, "point", path, H5T_NATIVE_INT32, (size_t)n, idx, &found));
    for (hssize_t i = 0; i < n; i++) {
        if (idx[i] < 0 || idx[i] >= points || (i > 0 && idx[i] <= idx[i - 1]))
            SIM_FAIL_GOTO(SIM_ERR_IO, "%s: /sweep/point is not an increasing list of points", path);
        t->point[i] = (uint32_t)idx[i];
    }
    SIM_TRY(read_numbers(g, "design", path, H5T_NATIVE_DOUBLE, (size_t)n * (size_t)nparams, t->design, &found));
    if (!found) SIM_FAIL_GOTO(SIM_ERR_IO, "%s: no dataset /sweep/design", path);

    size_t cells = (size_t)n * (size_t)reps;
    if (!(buf = malloc((cells + 1) * sizeof *buf))) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
    if ((gt = H5Gopen2(g, "totals", H5P_DEFAULT)) < 0) SIM_FAIL_GOTO(SIM_ERR_IO, "%s: no group /sweep/totals", path);
    const size_t nm = (size_t)metrics->nweekly;
    for (size_t m = 0; m < nm; m++) {
        SIM_TRY(read_numbers(gt, metrics->weekly[m].name, path, H5T_NATIVE_DOUBLE, cells, buf, &found));
        for (size_t c = 0; c < cells; c++) t->totals[c * nm + m] = found ? buf[c] : NAN;
    }
    /* The base config lives under /provenance; a file without it merges without it. */
    if (H5Lexists(file, "provenance", H5P_DEFAULT) > 0 &&
        (pc = H5Gopen2(file, "provenance/config", H5P_DEFAULT)) >= 0 &&
        H5Lexists(pc, t->base_name, H5P_DEFAULT) > 0)
        SIM_TRY(read_strings(pc, t->base_name, path, 1, 1, &t->base_config));
    H5Eclear2(H5E_DEFAULT);
    *out = t;
    t = NULL;
done:
    sweep_table_destroy(&t);
    free(design);
    free(hash);
    free(buf);
    free(idx);
    out_close(&pc);
    out_close(&gt);
    out_close(&g);
    out_close(&file);
    return st;
}
