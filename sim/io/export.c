/**
 * @file export.c
 * @brief CSV export of the summaries in a results file (see export.h).
 *
 * Reads only summary/ (out_read_summary), never the per-replication arrays, so
 * exporting a large run takes little memory.
 */
#include "sim/io/export.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/engine/atomic_file.h"
#include "sim/engine/calweek.h"
#include "sim/engine/compare.h"
#include "sim/io/compare_io.h"
#include "sim/engine/config.h"
#include "sim/engine/metric.h"
#include "sim/io/output.h"
#include "sim/engine/summary.h"

/* Weekly columns per metric: the interval and centre, without sd (it is in summary.csv). */
static const int weekly_columns[] = {S_MEAN, S_Q05, S_Q50, S_Q95};
enum { N_WEEKLY_COLUMNS = sizeof weekly_columns / sizeof weekly_columns[0] };

/* mkdir -p: create dir and its missing parents; an existing directory is fine. */
static sim_status make_dirs(const char *dir)
{
    if (!dir || !dir[0]) return SIM_FAIL(SIM_ERR_USAGE, "empty output directory");
    char *p = strdup(dir);
    if (!p) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    sim_status st = SIM_OK;
    size_t len = strlen(p);
    /* Walk each prefix ending before a '/', then the whole path. */
    for (size_t i = 1; i <= len && st == SIM_OK; i++) {
        if (i < len && p[i] != '/') continue;
        char saved = p[i];
        p[i] = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            st = SIM_FAIL(SIM_ERR_IO, "cannot create directory '%s': %s", p, strerror(errno));
        p[i] = saved;
    }
    struct stat sb;
    if (st == SIM_OK && (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)))
        st = SIM_FAIL(SIM_ERR_IO, "'%s' is not a directory", dir);
    free(p);
    return st;
}

/* A CSV file DIR/NAME, written atomically. */
static sim_status csv_open(atomic_file *c, const char *dir, const char *name)
{
    char *path = NULL;
    if (asprintf(&path, "%s/%s", dir, name) < 0) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    sim_status st = atomic_open(c, path);
    free(path);
    return st;
}

/* A number, or an empty field for NaN (R's and pandas' NA). */
static void csv_number(FILE *fp, double v)
{
    if (!isnan(v)) fprintf(fp, "%.10g", v);
}

/* A text field, quoted (RFC 4180) only if it needs to be. */
static void csv_text(FILE *fp, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, fp);
        return;
    }
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"') fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

/* <scenario>_weekly.csv from the weekly summaries. */
static sim_status write_weekly_csv(const char *outdir, const out_summary *s)
{
    char name[RESULTS_NAME_MAX + 16];
    snprintf(name, sizeof name, "%s_weekly.csv", s->name);
    atomic_file c;
    SIM_CHECK(csv_open(&c, outdir, name));
    const int nm = s->metrics->nweekly;
    fputs("week_start", c.fp);
    for (int m = 0; m < nm; m++)
        for (int k = 0; k < N_WEEKLY_COLUMNS; k++)
            fprintf(c.fp, ",%s_%s", s->metrics->weekly[m].name, summary_names[weekly_columns[k]]);
    fputc('\n', c.fp);
    for (int w = 0; w < s->weeks; w++) {
        char date[16];
        cfg_format_date(calweek_monday(s->start_day, w), date, sizeof date);
        fputs(date, c.fp);
        for (int m = 0; m < nm; m++) {
            const double *row = s->weekly + ((size_t)w * nm + (size_t)m) * SUMMARY_COUNT;
            for (int k = 0; k < N_WEEKLY_COLUMNS; k++) {
                fputc(',', c.fp);
                csv_number(c.fp, row[weekly_columns[k]]);
            }
        }
        fputc('\n', c.fp);
    }
    SIM_CHECK(atomic_commit(&c));
    return SIM_OK;
}

/* This scenario's rows of summary.csv. */
static void write_summary_rows(FILE *fp, const out_summary *s)
{
    for (int m = 0; m < s->metrics->nweekly; m++) {
        csv_text(fp, s->name);
        fprintf(fp, ",%s", s->metrics->weekly[m].name);
        for (int k = 0; k < SUMMARY_COUNT; k++) {
            fputc(',', fp);
            csv_number(fp, s->totals[m][k]);
        }
        fputc('\n', fp);
    }
}

/* One comparison row: scenario,baseline,metric,diff_mean,diff_lo,diff_hi. */
static void comparison_row(FILE *fp, const cmp_result *c, const char *metric, const double *v)
{
    csv_text(fp, c->scenario);
    fputc(',', fp);
    csv_text(fp, c->baseline);
    fputc(',', fp);
    csv_text(fp, metric);
    for (int k = 0; k < CMP_COUNT; k++) {
        fputc(',', fp);
        csv_number(fp, v[k]);
    }
    fputc('\n', fp);
}

/*
 * comparison.csv: the paired differences from the baseline over the horizon, one row
 * per scenario and metric, plus the set's cost-effectiveness ratios as metrics. Written
 * only for files with a /comparison group (batch runs).
 */
static sim_status export_comparisons(const char *h5path, const sim_metric_set *ms, const char *outdir)
{
    cmp_result **cmp = NULL;
    size_t ncmp = 0;
    SIM_CHECK(cmp_read_totals(h5path, ms, &cmp, &ncmp));
    if (ncmp == 0) return SIM_OK;
    atomic_file c = {0};
    sim_status st = csv_open(&c, outdir, "comparison.csv");
    if (st == SIM_OK) {
        fputs("scenario,baseline,metric,diff_mean,diff_lo,diff_hi\n", c.fp);
        for (size_t i = 0; i < ncmp; i++) {
            for (int m = 0; m < ms->nweekly; m++) comparison_row(c.fp, cmp[i], ms->weekly[m].name, cmp[i]->totals[m]);
            for (int e = 0; e < ms->neffects; e++)
                comparison_row(c.fp, cmp[i], ms->effects[e].name, cmp[i]->effects[e]);
        }
        st = atomic_commit(&c);
    }
    cmp_free_list(&cmp, ncmp);
    return st;
}

sim_status export_csv(const char *h5path, const sim_metric_set *metrics, const char *outdir)
{
    if (!h5path || !metrics) return SIM_FAIL(SIM_ERR_INTERNAL, "export_csv: NULL results path or metric set");
    sim_status st = SIM_OK;
    char **names = NULL;
    size_t n = 0;
    out_summary *s = NULL;
    atomic_file sum = {0};

    /* List first: a bad results file should not leave an empty directory behind... */
    if ((st = out_list_scenarios(h5path, &names, &n)) != SIM_OK) goto fail;
    /* ...but the directory must exist before anything is written. */
    if ((st = make_dirs(outdir)) != SIM_OK) goto fail;
    if ((st = csv_open(&sum, outdir, "summary.csv")) != SIM_OK) goto fail;
    fputs("scenario,metric", sum.fp);
    for (int k = 0; k < SUMMARY_COUNT; k++) fprintf(sum.fp, ",%s", summary_names[k]);
    fputc('\n', sum.fp);
    for (size_t i = 0; i < n; i++) {
        if ((st = out_read_summary(h5path, names[i], metrics, &s)) != SIM_OK) goto fail;
        if ((st = write_weekly_csv(outdir, s)) != SIM_OK) goto fail;
        write_summary_rows(sum.fp, s);
        out_summary_destroy(&s);
    }
    if ((st = atomic_commit(&sum)) != SIM_OK) goto fail;
    if ((st = export_comparisons(h5path, metrics, outdir)) != SIM_OK) goto fail;
    out_free_names(&names, n);
    return SIM_OK;
fail:
    sim_trace_at(__FILE__, __LINE__, __func__);
    if (sum.path) atomic_discard(&sum);
    out_summary_destroy(&s);
    out_free_names(&names, n);
    return st;
}
