/**
 * @file sweep_export.c
 * @brief Sweep tables as tidy CSV (see sweep_export.h).
 */
#include "sim/experiments/sweep_export.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine/date.h"
#include "sim/engine/summary.h"
#include "sim/experiments/sweep_output.h"
#include "sim/io/output_h5.h"

int sweep_file_present(const char *path)
{
    hid_t f = H5I_INVALID_HID;
    if (out_open_read(path, &f) != SIM_OK) {
        sim_error_clear();
        return 0;
    }
    int yes = H5Lexists(f, "sweep", H5P_DEFAULT) > 0;
    out_close(&f);
    return yes;
}

/* Outcome k (a metric, then the derived shares) of point i, replication r. */
static double outcome(const sweep_table *t, const int *num, const int *den, size_t i, int r, int k)
{
    const int nm = t->metrics->nweekly;
    const double *v = t->totals + (i * (size_t)t->reps + (size_t)r) * (size_t)nm;
    if (k < nm) return v[k];
    double d = v[den[k - nm]];
    return d > 0 ? v[num[k - nm]] / d : NAN;
}

/* Does `label` name another column of the sweep files? */
static int clashes(const sweep_table *t, const char *label)
{
    static const char *const fixed[] = {"point", "replication", "metric", "unit", "mean", "sd", "q05", "q50", "q95"};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (!strcmp(label, fixed[i])) return 1;
    for (int k = 0; k < t->metrics->nweekly; k++)
        if (!strcmp(label, t->metrics->weekly[k].name)) return 1;
    for (int k = 0; k < SWEEP_DERIVED_COUNT; k++)
        if (!strcmp(label, sweep_derived_outcomes[k].name)) return 1;
    return 0;
}

/* "point,<parameters>" header fields and their dictionary rows. */
static void design_header(export_ctx *x, FILE *fp, const char *file, const sweep_table *t)
{
    fputs("point", fp);
    export_column(x, file, "point", "", "design point: its index (0-based) in the whole sweep");
    for (int j = 0; j < t->nparams; j++) {
        char name[256], d[512];
        snprintf(name, sizeof name, "%s%s", clashes(t, t->names[j]) ? "parameter_" : "", t->names[j]);
        fputc(',', fp);
        export_text(fp, name);
        snprintf(d, sizeof d, "swept parameter: config key %s", t->keys[j]);
        export_column(x, file, name, t->units[j], d);
    }
}

/* "point,<parameter values>" of row i. */
static void design_fields(FILE *fp, const sweep_table *t, size_t i)
{
    fprintf(fp, "%u", (unsigned)t->point[i]);
    for (int j = 0; j < t->nparams; j++) {
        double v = t->design[i * (size_t)t->nparams + (size_t)j];
        fputc(',', fp);
        if (!strcmp(t->units[j], "date") && !isnan(v)) {
            char date[CFG_DATE_TEXT_MAX];
            cfg_format_date((int)v, date, sizeof date);
            fputs(date, fp);
        } else {
            export_number(fp, v);
        }
    }
}

/* Name, unit and description of outcome k. */
static void outcome_info(const sweep_table *t, int k, const char **name, const char **unit, const char **title)
{
    const int nm = t->metrics->nweekly;
    *name = k < nm ? t->metrics->weekly[k].name : sweep_derived_outcomes[k - nm].name;
    *unit = k < nm ? t->metrics->weekly[k].unit : "share";
    *title = k < nm ? t->metrics->weekly[k].title : sweep_derived_outcomes[k - nm].title;
}

static sim_status write_totals(export_ctx *x, const sweep_table *t, const int *num, const int *den)
{
    static const char file[] = "sweep_totals.csv";
    const int nk = t->metrics->nweekly + SWEEP_DERIVED_COUNT;
    FILE *fp = NULL;
    SIM_CHECK(export_open(x, file, &fp));
    design_header(x, fp, file, t);
    fputs(",replication", fp);
    export_column(x, file, "replication", "", "replication number (0-based; the same random streams at every point)");
    for (int k = 0; k < nk; k++) {
        const char *name, *unit, *title;
        outcome_info(t, k, &name, &unit, &title);
        char d[512];
        snprintf(d, sizeof d, "%s, over the horizon (flows summed, stocks at the end)", title);
        fprintf(fp, ",%s", name);
        export_column(x, file, name, unit, d);
    }
    fputc('\n', fp);
    for (size_t i = 0; i < t->npoints; i++)
        for (int r = 0; r < t->reps; r++) {
            design_fields(fp, t, i);
            fprintf(fp, ",%d", r);
            for (int k = 0; k < nk; k++) {
                fputc(',', fp);
                export_number(fp, outcome(t, num, den, i, r, k));
            }
            fputc('\n', fp);
        }
    sim_status st = export_close(x, file, &fp);
    if (fp) fclose(fp);
    return st;
}

static sim_status write_summary(export_ctx *x, const sweep_table *t, const int *num, const int *den)
{
    static const char file[] = "sweep_summary.csv";
    static const char *const stat_desc[SUMMARY_COUNT] = {
        "mean across replications", "standard deviation across replications (n - 1 denominator)",
        "5% quantile across replications", "median across replications", "95% quantile across replications"};
    const int nk = t->metrics->nweekly + SWEEP_DERIVED_COUNT;
    sim_status st = SIM_OK;
    FILE *fp = NULL;
    double *v = malloc(((size_t)t->reps + 1) * sizeof *v);
    if (!v) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory exporting the sweep");
    SIM_TRY(export_open(x, file, &fp));
    design_header(x, fp, file, t);
    fputs(",metric,unit", fp);
    export_column(x, file, "metric", "", "outcome: a metric's horizon total (see sweep_totals.csv) or a derived share");
    export_column(x, file, "unit", "", "the outcome's unit");
    for (int s = 0; s < SUMMARY_COUNT; s++) {
        fprintf(fp, ",%s", summary_names[s]);
        export_column(x, file, summary_names[s], "", stat_desc[s]);
    }
    fputc('\n', fp);
    for (size_t i = 0; i < t->npoints; i++)
        for (int k = 0; k < nk; k++) {
            const char *name, *unit, *title;
            outcome_info(t, k, &name, &unit, &title);
            for (int r = 0; r < t->reps; r++) v[r] = outcome(t, num, den, i, r, k);
            double s[SUMMARY_COUNT];
            SIM_TRY(summary_stats(v, (size_t)t->reps, 1, s));
            design_fields(fp, t, i);
            fprintf(fp, ",%s,", name);
            export_text(fp, unit);
            for (int c = 0; c < SUMMARY_COUNT; c++) {
                fputc(',', fp);
                export_number(fp, s[c]);
            }
            fputc('\n', fp);
        }
    SIM_TRY(export_close(x, file, &fp));
done:
    if (fp) fclose(fp);
    free(v);
    return st;
}

sim_status sweep_export(export_ctx *x, const char *path, const sim_metric_set *metrics)
{
    sweep_table *t = NULL;
    SIM_CHECK(sweep_table_read(path, metrics, &t));
    sim_status st = SIM_OK;
    int num[SWEEP_DERIVED_COUNT], den[SWEEP_DERIVED_COUNT];
    for (int k = 0; k < SWEEP_DERIVED_COUNT; k++) {
        SIM_TRY(metric_set_lookup(metrics, METRIC_WEEKLY, sweep_derived_outcomes[k].numerator, &num[k]));
        SIM_TRY(metric_set_lookup(metrics, METRIC_WEEKLY, sweep_derived_outcomes[k].denominator, &den[k]));
    }
    SIM_TRY(write_totals(x, t, num, den));
    SIM_TRY(write_summary(x, t, num, den));
done:
    sweep_table_destroy(&t);
    return st;
}
