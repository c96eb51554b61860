/**
 * @file compare_io.c
 * @brief Paired comparisons (sim/engine/compare.h) written to and read from the
 *        /comparison group of a results file.
 */
#include "sim/io/compare_io.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine/calweek.h"
#include "sim/engine/date.h"
#include "sim/io/output.h"
#include "sim/io/output_dims.h"
#include "sim/io/output_h5.h"

static const char *const cmp_columns = "mean,lo,hi";
/* The same, as the labels of the statistic axis (output_dims.h). */
static const char *const cmp_labels[CMP_COUNT] = {"mean", "lo", "hi"};
static const char cmp_axis_title[] = "paired difference (scenario - baseline): mean and 95% interval";

/* A [CMP_COUNT] dataset on the statistic axis `stat`. */
static sim_status write_triple(hid_t loc, const char *name, const double *v, const char *unit, const char *title,
                               hid_t stat)
{
    hsize_t dims[1] = {CMP_COUNT};
    SIM_CHECK(out_write_doubles(loc, name, 1, dims, v, unit, title));
    hid_t d = H5Dopen2(loc, name, H5P_DEFAULT);
    if (d < 0) return SIM_FAIL(SIM_ERR_IO, "cannot reopen comparison dataset '%s'", name);
    sim_status st = out_write_attr_string(d, "columns", cmp_columns);
    H5Dclose(d);
    SIM_CHECK(st);
    SIM_CHECK(out_dim_attach(loc, name, 1, &stat, NULL));
    return SIM_OK;
}

static sim_status write_one(hid_t parent, const cmp_result *c)
{
    hid_t g = H5I_INVALID_HID, gt = H5I_INVALID_HID, gw = H5I_INVALID_HID;
    hid_t sg = H5I_INVALID_HID, st_t = H5I_INVALID_HID, ax_w[2] = {H5I_INVALID_HID, H5I_INVALID_HID};
    sim_status st = out_create_group(parent, c->scenario, &g);
    if (st == SIM_OK) st = out_write_attr_string(g, "baseline", c->baseline);
    if (st == SIM_OK) st = out_create_group(g, "totals", &gt);
    if (st == SIM_OK) st = out_create_group(g, "weekly", &gw);
    /* Each group its own axes, so a netCDF reader opening any one of them sees them labelled. */
    if (st == SIM_OK) st = out_dim_labels(g, "statistic", CMP_COUNT, cmp_labels, cmp_axis_title, &sg);
    if (st == SIM_OK) st = out_dim_labels(gt, "statistic", CMP_COUNT, cmp_labels, cmp_axis_title, &st_t);
    if (st == SIM_OK) st = out_dim_weeks(gw, c->start_day, c->days, c->weeks, &ax_w[0]);
    if (st == SIM_OK) st = out_dim_labels(gw, "statistic", CMP_COUNT, cmp_labels, cmp_axis_title, &ax_w[1]);
    double *col = malloc((size_t)c->weeks * CMP_COUNT * sizeof *col);
    if (st == SIM_OK && !col) st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    const int nm = c->metrics->nweekly;
    for (int m = 0; st == SIM_OK && m < nm; m++) {
        const sim_metric *mi = &c->metrics->weekly[m];
        st = write_triple(gt, mi->name, c->totals[m], mi->unit, mi->title, st_t);
        for (int w = 0; w < c->weeks; w++)
            memcpy(col + (size_t)w * CMP_COUNT, c->weekly + ((size_t)w * nm + m) * CMP_COUNT,
                   CMP_COUNT * sizeof *col);
        hsize_t dims[2] = {(hsize_t)c->weeks, CMP_COUNT};
        if (st == SIM_OK) st = out_write_doubles(gw, mi->name, 2, dims, col, mi->unit, mi->title);
        if (st == SIM_OK) {
            hid_t d = H5Dopen2(gw, mi->name, H5P_DEFAULT);
            st = d >= 0 ? out_write_attr_string(d, "columns", cmp_columns)
                        : SIM_FAIL(SIM_ERR_IO, "cannot reopen weekly comparison '%s'", mi->name);
            if (d >= 0) H5Dclose(d);
        }
        if (st == SIM_OK) st = out_dim_attach(gw, mi->name, 2, ax_w, OUT_WEEK_AUX);
    }
    for (int e = 0; st == SIM_OK && e < c->metrics->neffects; e++) {
        const sim_metric_effect *ef = &c->metrics->effects[e];
        st = write_triple(g, ef->name, c->effects[e], ef->unit, ef->title, sg);
    }
    free(col);
    out_close(&sg);
    out_close(&st_t);
    out_close(&ax_w[0]);
    out_close(&ax_w[1]);
    if (gw >= 0) H5Gclose(gw);
    if (gt >= 0) H5Gclose(gt);
    if (g >= 0) H5Gclose(g);
    return st;
}

sim_status cmp_write(hid_t file, const char *baseline, cmp_result *const *list, size_t n)
{
    hid_t g = H5I_INVALID_HID;
    SIM_CHECK(out_create_group(file, "comparison", &g));
    sim_status st = out_write_attr_string(g, "baseline", baseline);
    for (size_t i = 0; st == SIM_OK && i < n; i++) st = write_one(g, list[i]);
    H5Gclose(g);
    return st;
}

static sim_status read_triple(hid_t loc, const char *name, double out[CMP_COUNT])
{
    out[0] = out[1] = out[2] = NAN;
    if (H5Lexists(loc, name, H5P_DEFAULT) <= 0) return SIM_OK; /* an older file: NaN */
    hid_t d = H5Dopen2(loc, name, H5P_DEFAULT);
    if (d < 0) return SIM_FAIL(SIM_ERR_IO, "cannot open comparison dataset '%s'", name);
    herr_t e = H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out);
    H5Dclose(d);
    return e < 0 ? SIM_FAIL(SIM_ERR_IO, "cannot read comparison dataset '%s'", name) : SIM_OK;
}

typedef struct {
    const sim_metric_set *metrics;
    cmp_result **list;
    size_t n;
    char baseline[RESULTS_NAME_MAX];
    int weekly; /* read the weekly differences too */
    sim_status st;
} read_ctx;

/* The horizon of the scenario compared (its /scenarios group) and its weekly differences. */
static sim_status read_weekly(hid_t file, hid_t g, cmp_result *c)
{
    sim_status st = SIM_OK;
    char path[RESULTS_NAME_MAX + 16], *date = NULL;
    hid_t sg = H5I_INVALID_HID, gw = H5I_INVALID_HID;
    double *col = NULL;
    snprintf(path, sizeof path, "scenarios/%s", c->scenario);
    if (H5Lexists(file, "scenarios", H5P_DEFAULT) <= 0 || H5Lexists(file, path, H5P_DEFAULT) <= 0)
        SIM_FAIL_GOTO(SIM_ERR_IO, "comparison '%s' has no scenario '/%s'", c->scenario, path);
    if ((sg = H5Gopen2(file, path, H5P_DEFAULT)) < 0) SIM_FAIL_GOTO(SIM_ERR_IO, "cannot open '/%s'", path);
    SIM_TRY(out_read_attr_string(sg, "start_date", &date));
    SIM_TRY(cfg_parse_date(date, &c->start_day));
    SIM_TRY(out_read_attr_scalar(sg, "days", H5T_NATIVE_INT, &c->days));
    if (c->days < 1 || c->days > INT_MAX / 2) SIM_FAIL_GOTO(SIM_ERR_IO, "'/%s' has %d days", path, c->days);
    c->weeks = calweek_count(c->start_day, c->days);
    const size_t nm = (size_t)c->metrics->nweekly, nw = (size_t)c->weeks;
    free(c->weekly);
    if (!(c->weekly = malloc((nw * nm * CMP_COUNT + 1) * sizeof *c->weekly)) ||
        !(col = malloc((nw * CMP_COUNT + 1) * sizeof *col)))
        SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory reading comparison '%s'", c->scenario);
    if (H5Lexists(g, "weekly", H5P_DEFAULT) > 0 && (gw = H5Gopen2(g, "weekly", H5P_DEFAULT)) < 0)
        SIM_FAIL_GOTO(SIM_ERR_IO, "cannot open the weekly comparison of '%s'", c->scenario);
    const hsize_t dims[2] = {nw, CMP_COUNT};
    for (size_t m = 0; m < nm; m++) {
        int found = 0;
        if (gw >= 0) SIM_TRY(out_read_doubles(gw, c->metrics->weekly[m].name, 2, dims, col, &found));
        for (size_t w = 0; w < nw; w++)
            for (int k = 0; k < CMP_COUNT; k++)
                c->weekly[(w * nm + m) * CMP_COUNT + (size_t)k] = found ? col[w * CMP_COUNT + (size_t)k] : NAN;
    }
done:
    free(col);
    free(date);
    out_close(&gw);
    out_close(&sg);
    return st;
}

static herr_t read_member(hid_t parent, const char *name, const H5L_info_t *info, void *data)
{
    (void)info;
    read_ctx *ctx = data;
    cmp_result *c = cmp_alloc(ctx->metrics, 0);
    cmp_result **grown = realloc(ctx->list, (ctx->n + 1) * sizeof *grown);
    if (!c || !grown) {
        cmp_destroy(&c);
        if (grown) ctx->list = grown;
        ctx->st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
        return -1;
    }
    ctx->list = grown;
    ctx->list[ctx->n++] = c;
    snprintf(c->scenario, sizeof c->scenario, "%s", name);
    snprintf(c->baseline, sizeof c->baseline, "%s", ctx->baseline);
    hid_t g = H5Gopen2(parent, name, H5P_DEFAULT);
    hid_t gt = g >= 0 ? H5Gopen2(g, "totals", H5P_DEFAULT) : H5I_INVALID_HID;
    if (gt < 0) ctx->st = SIM_FAIL(SIM_ERR_IO, "malformed comparison group '%s'", name);
    const sim_metric_set *ms = ctx->metrics;
    for (int m = 0; ctx->st == SIM_OK && m < ms->nweekly; m++)
        ctx->st = read_triple(gt, ms->weekly[m].name, c->totals[m]);
    for (int e = 0; ctx->st == SIM_OK && e < ms->neffects; e++)
        ctx->st = read_triple(g, ms->effects[e].name, c->effects[e]);
    if (ctx->st == SIM_OK && ctx->weekly) {
        hid_t file = H5Iget_file_id(parent);
        ctx->st = file >= 0 ? read_weekly(file, g, c) : SIM_FAIL(SIM_ERR_IO, "cannot read comparison '%s'", name);
        if (file >= 0) H5Fclose(file);
    }
    if (gt >= 0) H5Gclose(gt);
    if (g >= 0) H5Gclose(g);
    return ctx->st == SIM_OK ? 0 : -1;
}

/* cmp_read_totals, and the weekly differences if `weekly`. */
static sim_status read_all(const char *path, const sim_metric_set *metrics, int weekly, cmp_result ***list, size_t *n)
{
    *list = NULL;
    *n = 0;
    SIM_CHECK(metric_set_check(metrics));
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0) return out_h5_open_failed(path);
    read_ctx ctx = {.metrics = metrics, .weekly = weekly, .st = SIM_OK};
    if (H5Lexists(f, "comparison", H5P_DEFAULT) > 0) {
        hid_t g = H5Gopen2(f, "comparison", H5P_DEFAULT);
        hid_t a = g >= 0 ? H5Aopen(g, "baseline", H5P_DEFAULT) : H5I_INVALID_HID;
        if (a >= 0) {
            hid_t t = H5Tcopy(H5T_C_S1);
            H5Tset_size(t, H5T_VARIABLE);
            H5Tset_cset(t, H5T_CSET_UTF8); /* as out_write_attr_string writes it */
            char *s = NULL;
            if (H5Aread(a, t, &s) >= 0 && s) snprintf(ctx.baseline, sizeof ctx.baseline, "%s", s);
            if (s) H5free_memory(s);
            H5Tclose(t);
            H5Aclose(a);
        }
        if (g < 0) ctx.st = SIM_FAIL(SIM_ERR_IO, "cannot open /comparison in '%s'", path);
        else {
            hsize_t idx = 0;
            H5Literate(g, H5_INDEX_CRT_ORDER, H5_ITER_INC, &idx, read_member, &ctx);
            H5Gclose(g);
        }
    }
    H5Fclose(f);
    if (ctx.st != SIM_OK) {
        cmp_free_list(&ctx.list, ctx.n);
        return ctx.st;
    }
    *list = ctx.list;
    *n = ctx.n;
    return SIM_OK;
}

sim_status cmp_read_totals(const char *path, const sim_metric_set *metrics, cmp_result ***list, size_t *n)
{
    return read_all(path, metrics, 0, list, n);
}

sim_status cmp_read(const char *path, const sim_metric_set *metrics, cmp_result ***list, size_t *n)
{
    return read_all(path, metrics, 1, list, n);
}
