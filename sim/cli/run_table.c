/**
 * @file run_table.c
 * @brief Fixed-notation, aligned tables of run summaries and paired comparisons (run_table.h).
 */
#include "sim/cli/run_table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine/date.h"
#include "sim/engine/summary.h"

void table_format_number(double v, int decimals, char *buf, size_t size)
{
    if (!isfinite(v)) {
        snprintf(buf, size, "n/a");
        return;
    }
    char digits[TABLE_NUM_MAX];
    int n = snprintf(digits, sizeof digits, "%.*f", decimals, fabs(v));
    if (n < 0 || (size_t)n >= sizeof digits) { /* beyond any table's range: say so rather than cut digits */
        snprintf(buf, size, "n/a");
        return;
    }
    int zero = strspn(digits, "0.") == (size_t)n;
    const char *point = strchr(digits, '.');
    int whole = point ? (int)(point - digits) : n;
    char out[2 * TABLE_NUM_MAX];
    size_t k = 0;
    if (v < 0 && !zero) out[k++] = '-';
    for (int i = 0; i < whole; i++) {
        if (i > 0 && (whole - i) % 3 == 0) out[k++] = ',';
        out[k++] = digits[i];
    }
    for (int i = whole; i < n; i++) out[k++] = digits[i];
    out[k] = '\0';
    snprintf(buf, size, "%s", out);
}

int table_decimals(double maxabs)
{
    if (isnan(maxabs) || maxabs == 0) return 0; /* nothing to show after the point */
    return maxabs >= 100 ? 0 : maxabs >= 10 ? 1 : 2;
}

static double max_abs(const double *v, int n)
{
    double m = 0;
    for (int i = 0; i < n; i++)
        if (isfinite(v[i]) && fabs(v[i]) > m) m = fabs(v[i]);
    return m;
}

static int max_int(int a, int b) { return a > b ? a : b; }

void table_print_summary(FILE *fp, const sim_results *r)
{
    const sim_metric_set *ms = r->metrics;
    char date[16];
    cfg_format_date(r->start_day, date, sizeof date);
    fprintf(fp, "scenario %s: %d replications, %d days from %s (totals over the horizon; stocks at the end)\n", r->name,
            r->reps, r->days, date);
    /* Each row's three numbers share their decimals; each column is as wide as its widest cell. */
    enum { NCOL = 3 };
    char (*cell)[NCOL][TABLE_NUM_MAX] = calloc((size_t)(ms->nheadline > 0 ? ms->nheadline : 1), sizeof *cell);
    int *ok = calloc((size_t)(ms->nheadline > 0 ? ms->nheadline : 1), sizeof *ok);
    if (!cell || !ok) {
        free(cell);
        free(ok);
        fprintf(fp, "  (no memory for the summary table)\n");
        return;
    }
    int w[NCOL] = {4, 2, 3}; /* "mean", "5%", "95%" */
    for (int i = 0; i < ms->nheadline; i++) {
        const sim_metric_column *col = &ms->headline[i];
        int m = metric_set_find(ms, METRIC_WEEKLY, col->name);
        double s[SUMMARY_COUNT];
        if (m < 0 || summary_stats(r->totals + m, (size_t)r->reps, (size_t)ms->nweekly, s) != SIM_OK) continue;
        double v[NCOL] = {s[S_MEAN] / col->scale, s[S_Q05] / col->scale, s[S_Q95] / col->scale};
        int d = table_decimals(max_abs(v, NCOL));
        for (int c = 0; c < NCOL; c++) {
            table_format_number(v[c], d, cell[i][c], TABLE_NUM_MAX);
            w[c] = max_int(w[c], (int)strlen(cell[i][c]));
        }
        ok[i] = 1;
    }
    fprintf(fp, "  %-22s  %*s  %*s  %*s\n", "metric", w[0], "mean", w[1], "5%", w[2], "95%");
    for (int i = 0; i < ms->nheadline; i++) {
        if (!ok[i]) continue;
        int m = metric_set_find(ms, METRIC_WEEKLY, ms->headline[i].name);
        fprintf(fp, "  %-22s  %*s  %*s  %*s  %s\n", ms->headline[i].label, w[0], cell[i][0], w[1], cell[i][1], w[2],
                cell[i][2], ms->weekly[m].unit);
    }
    free(cell);
    free(ok);
}

/* One comparison column's cells: mean, low and high of each scenario, formatted, with their widths. */
typedef struct {
    char (*num)[CMP_COUNT][TABLE_NUM_MAX]; /* [n] */
    int w[CMP_COUNT];                      /* widest mean, low, high */
    int width;                             /* of the whole cell "mean [low, high]" */
} cmp_column;

static const double *cmp_values(const cmp_result *c, const sim_metric_column *col)
{
    static const double none[CMP_COUNT] = {NAN, NAN, NAN};
    const sim_metric_set *ms = c->metrics;
    int m = metric_set_find(ms, METRIC_WEEKLY, col->name);
    int e = m < 0 ? metric_set_find_effect(ms, col->name) : -1;
    return m >= 0 ? c->totals[m] : e >= 0 ? c->effects[e] : none;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* A column shares its decimals (so its points line up): those of its median magnitude,
 * so a column whose rows span several orders of magnitude stays readable in most rows. */
static int column_decimals(cmp_result *const *cmp, size_t n, const sim_metric_column *col)
{
    double *mag = malloc((n ? n : 1) * sizeof *mag);
    if (!mag) return table_decimals(NAN);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        double v = cmp_values(cmp[i], col)[CMP_MEAN] / col->scale;
        if (isfinite(v)) mag[m++] = fabs(v);
    }
    qsort(mag, m, sizeof *mag, cmp_double);
    double median = m ? mag[m / 2] : NAN;
    free(mag);
    return table_decimals(median);
}

static void column_fill(cmp_column *k, cmp_result *const *cmp, size_t n, const sim_metric_column *col)
{
    memset(k->w, 0, sizeof k->w);
    int d = column_decimals(cmp, n, col);
    for (size_t i = 0; i < n; i++) {
        const double *raw = cmp_values(cmp[i], col);
        for (int j = 0; j < CMP_COUNT; j++) {
            table_format_number(raw[j] / col->scale, d, k->num[i][j], TABLE_NUM_MAX);
            k->w[j] = max_int(k->w[j], (int)strlen(k->num[i][j]));
        }
    }
    k->width = max_int(k->w[CMP_MEAN] + k->w[CMP_LO] + k->w[CMP_HI] + 5, (int)strlen(col->label));
}

/* "mean [low, high]" with each part right-aligned in its own width, the whole right-aligned in the column. */
static void column_print(FILE *fp, const cmp_column *k, size_t i)
{
    char text[4 * TABLE_NUM_MAX];
    if (strcmp(k->num[i][CMP_MEAN], "n/a") == 0) snprintf(text, sizeof text, "n/a");
    else
        snprintf(text, sizeof text, "%*s [%*s, %*s]", k->w[CMP_MEAN], k->num[i][CMP_MEAN], k->w[CMP_LO],
                 k->num[i][CMP_LO], k->w[CMP_HI], k->num[i][CMP_HI]);
    fprintf(fp, "  %*s", k->width, text);
}

void table_print_comparison(FILE *fp, cmp_result *const *cmp, size_t n, const sim_results *base)
{
    const sim_metric_set *ms = base->metrics;
    fprintf(fp, "\nPaired differences from '%s' over the horizon (mean [95%% interval], %d replications)\n",
            base->name, base->reps);
    double s[SUMMARY_COUNT];
    int first = ms->ncompare > 0 ? metric_set_find(ms, METRIC_WEEKLY, ms->compare[0].name) : -1;
    if (first >= 0 && summary_stats(base->totals + first, (size_t)base->reps, (size_t)ms->nweekly, s) == SIM_OK) {
        char mean[TABLE_NUM_MAX];
        table_format_number(s[S_MEAN], table_decimals(fabs(s[S_MEAN])), mean, sizeof mean);
        fprintf(fp, "baseline %s: %s (mean)\n", ms->compare[0].name, mean);
    }
    cmp_column *cols = calloc((size_t)(ms->ncompare > 0 ? ms->ncompare : 1), sizeof *cols);
    int ok = cols != NULL;
    for (int k = 0; ok && k < ms->ncompare; k++) {
        cols[k].num = calloc(n ? n : 1, sizeof *cols[k].num);
        if (!cols[k].num) ok = 0;
        else column_fill(&cols[k], cmp, n, &ms->compare[k]);
    }
    if (ok) {
        int wname = 8; /* "scenario" */
        for (size_t i = 0; i < n; i++) wname = max_int(wname, (int)strlen(cmp[i]->scenario));
        fprintf(fp, "%-*s", wname, "scenario");
        for (int k = 0; k < ms->ncompare; k++) fprintf(fp, "  %*s", cols[k].width, ms->compare[k].label);
        fputc('\n', fp);
        for (size_t i = 0; i < n; i++) {
            fprintf(fp, "%-*s", wname, cmp[i]->scenario);
            for (int k = 0; k < ms->ncompare; k++) column_print(fp, &cols[k], i);
            fputc('\n', fp);
        }
    } else {
        fprintf(fp, "(no memory for the comparison table)\n");
    }
    for (int k = 0; cols && k < ms->ncompare; k++) free(cols[k].num);
    free(cols);
}
