/**
 * @file export_results.c
 * @brief The scenario tables of `chansim export` (see export.h): per-replication totals,
 *        weekly, daily and group series, summaries across replications and paired
 *        comparisons, one scenario read at a time.
 */
#include <stdlib.h>
#include <string.h>

#include "sim/engine/calweek.h"
#include "sim/engine/compare.h"
#include "sim/engine/date.h"
#include "sim/engine/summary.h"
#include "sim/io/compare_io.h"
#include "sim/io/export.h"
#include "sim/io/output.h"

/** The scenario files, open while the scenarios are read. */
enum { F_SUMMARY, F_TOTALS, F_WEEKLY, F_WEEKLY_SUMMARY, F_DAILY, F_GROUPS, F_COUNT };
static const char *const file_names[F_COUNT] = {"summary.csv", "totals.csv", "weekly.csv", "weekly_summary.csv",
                                                "daily.csv", "groups.csv"};

/* Key columns, shared by several files: name, unit, description. */
typedef struct {
    const char *name, *unit, *description;
} key_column;

static const key_column K_SCENARIO = {"scenario", "", "scenario name (the config file's name, or [scenario] name)"};
static const key_column K_REPLICATION = {"replication", "",
                                         "replication number (0-based; it fixes the random streams, so replication r "
                                         "of every scenario of a batch shares them)"};
static const key_column K_WEEK[] = {
    {"week_start", "date", "Monday of the calendar week (Monday to Sunday, as the Home Office counts weeks)"},
    {"week_ending", "date", "Sunday of the calendar week: the Home Office's week_ending"},
    {"week_days", "days", "simulated days in the week: 7, or fewer in a partial first or last week"},
    {"partial_week", "", "1 if the horizon covers only part of the week (its flows count only the simulated days), "
                         "else 0"},
};
static const key_column K_METRIC = {"metric", "", "metric name (its unit in the unit column; described in the rows "
                                                  "of totals.csv in this dictionary)"};
static const key_column K_UNIT = {"unit", "", "the metric's unit"};
static const key_column K_STATS[SUMMARY_COUNT] = {
    {"mean", "", "mean across replications, in the metric's unit"},
    {"sd", "", "standard deviation across replications (n - 1 denominator), in the metric's unit"},
    {"q05", "", "5% quantile across replications"},
    {"q50", "", "median across replications"},
    {"q95", "", "95% quantile across replications"},
};
static const key_column K_BASELINE = {"baseline", "", "the reference scenario of the paired comparison"};
static const key_column K_DIFF[CMP_COUNT] = {
    {"diff_mean", "", "paired difference scenario - baseline, mean over replications, in the metric's unit"},
    {"diff_lo", "", "lower end of its 95% interval"},
    {"diff_hi", "", "upper end of its 95% interval"},
};

/* Header fields of keys (comma-separated, no newline) and their dictionary rows. */
static void keys(export_ctx *x, FILE *fp, const char *file, const key_column *k, size_t n, int *first)
{
    for (size_t i = 0; i < n; i++) {
        fprintf(fp, "%s%s", *first ? "" : ",", k[i].name);
        *first = 0;
        export_column(x, file, k[i].name, k[i].unit, k[i].description);
    }
}

/* How a metric of `kind` adds up over `span` ("the week", "the horizon"), for the dictionary. */
static const char *how(sim_metric_kind kind, int per_week)
{
    switch (kind) {
    case METRIC_FLOW: return per_week ? "flow: summed over the week's simulated days" : "flow: summed over the horizon";
    case METRIC_STOCK: return per_week ? "stock: value at the end of the week's last simulated day"
                                       : "stock: value at the end of the horizon";
    case METRIC_LEVEL: return per_week ? "level: mean over the week's simulated days" : "level: mean over the horizon";
    case METRIC_RATIO: return per_week ? "ratio of the week's flows" : "ratio of the horizon's totals";
    }
    return "";
}

/* One column per metric of `table`, with unit and description in the dictionary. */
static void metric_columns(export_ctx *x, FILE *fp, const char *file, const sim_metric *table, int n, const char *span)
{
    for (int m = 0; m < n; m++) {
        const sim_metric *mi = &table[m];
        fprintf(fp, ",%s", mi->name);
        char d[512];
        snprintf(d, sizeof d, "%s%s%s (%s)", mi->title, mi->description ? ": " : "", mi->description ? mi->description : "",
                 span ? span : how(mi->kind, 0));
        export_column(x, file, mi->name, mi->unit, d);
    }
}

/* The headers of the scenario files, with their dictionary rows. */
static void headers(export_ctx *x, FILE *const *fp, const sim_metric_set *ms)
{
    int first;
    first = 1;
    keys(x, fp[F_SUMMARY], file_names[F_SUMMARY], &K_SCENARIO, 1, &first);
    keys(x, fp[F_SUMMARY], file_names[F_SUMMARY], &K_METRIC, 1, &first);
    keys(x, fp[F_SUMMARY], file_names[F_SUMMARY], &K_UNIT, 1, &first);
    keys(x, fp[F_SUMMARY], file_names[F_SUMMARY], K_STATS, SUMMARY_COUNT, &first);
    first = 1;
    keys(x, fp[F_TOTALS], file_names[F_TOTALS], &K_SCENARIO, 1, &first);
    keys(x, fp[F_TOTALS], file_names[F_TOTALS], &K_REPLICATION, 1, &first);
    metric_columns(x, fp[F_TOTALS], file_names[F_TOTALS], ms->weekly, ms->nweekly, NULL);
    first = 1;
    keys(x, fp[F_WEEKLY], file_names[F_WEEKLY], &K_SCENARIO, 1, &first);
    keys(x, fp[F_WEEKLY], file_names[F_WEEKLY], &K_REPLICATION, 1, &first);
    keys(x, fp[F_WEEKLY], file_names[F_WEEKLY], K_WEEK, 4, &first);
    for (int m = 0; m < ms->nweekly; m++) {
        const sim_metric *mi = &ms->weekly[m];
        metric_columns(x, fp[F_WEEKLY], file_names[F_WEEKLY], mi, 1, how(mi->kind, 1));
    }
    first = 1;
    keys(x, fp[F_WEEKLY_SUMMARY], file_names[F_WEEKLY_SUMMARY], &K_SCENARIO, 1, &first);
    keys(x, fp[F_WEEKLY_SUMMARY], file_names[F_WEEKLY_SUMMARY], K_WEEK, 4, &first);
    keys(x, fp[F_WEEKLY_SUMMARY], file_names[F_WEEKLY_SUMMARY], &K_METRIC, 1, &first);
    keys(x, fp[F_WEEKLY_SUMMARY], file_names[F_WEEKLY_SUMMARY], &K_UNIT, 1, &first);
    keys(x, fp[F_WEEKLY_SUMMARY], file_names[F_WEEKLY_SUMMARY], K_STATS, SUMMARY_COUNT, &first);
    first = 1;
    static const key_column date = {"date", "date", "simulated day (ISO 8601)"};
    keys(x, fp[F_DAILY], file_names[F_DAILY], &K_SCENARIO, 1, &first);
    keys(x, fp[F_DAILY], file_names[F_DAILY], &K_REPLICATION, 1, &first);
    keys(x, fp[F_DAILY], file_names[F_DAILY], &date, 1, &first);
    metric_columns(x, fp[F_DAILY], file_names[F_DAILY], ms->daily, ms->ndaily, "on the day");
    first = 1;
    static const key_column group = {"group", "", "nationality group"};
    keys(x, fp[F_GROUPS], file_names[F_GROUPS], &K_SCENARIO, 1, &first);
    keys(x, fp[F_GROUPS], file_names[F_GROUPS], &K_REPLICATION, 1, &first);
    keys(x, fp[F_GROUPS], file_names[F_GROUPS], K_WEEK, 4, &first);
    keys(x, fp[F_GROUPS], file_names[F_GROUPS], &group, 1, &first);
    for (int m = 0; m < ms->ngroup; m++) {
        const sim_metric *mi = &ms->group[m];
        metric_columns(x, fp[F_GROUPS], file_names[F_GROUPS], mi, 1, how(mi->kind, 1));
    }
    for (int f = 0; f < F_COUNT; f++) fputc('\n', fp[f]);
}

/* The four week fields of week k of a horizon: week_start,week_ending,week_days,partial_week. */
static void week_fields(FILE *fp, int start_day, int days, int k)
{
    char a[CFG_DATE_TEXT_MAX], b[CFG_DATE_TEXT_MAX];
    int monday = calweek_monday(start_day, k);
    cfg_format_date(monday, a, sizeof a);
    cfg_format_date(monday + CALWEEK_DAYS - 1, b, sizeof b);
    fprintf(fp, "%s,%s,%d,%d", a, b, calweek_days(start_day, days, k), calweek_partial(start_day, days, k) ? 1 : 0);
}

/* A row's metric values: ",v1,v2,...". */
static void values(FILE *fp, const double *v, int n)
{
    for (int m = 0; m < n; m++) {
        fputc(',', fp);
        export_number(fp, v[m]);
    }
}

/* Scenario r's rows of totals, weekly, daily and groups. */
static void replication_rows(FILE *const *fp, const sim_results *r)
{
    const sim_metric_set *ms = r->metrics;
    for (int k = 0; k < r->reps; k++) {
        int rep = r->first_rep + k;
        export_text(fp[F_TOTALS], r->name);
        fprintf(fp[F_TOTALS], ",%d", rep);
        values(fp[F_TOTALS], results_totals(r, k), ms->nweekly);
        fputc('\n', fp[F_TOTALS]);
        for (int w = 0; w < r->weeks; w++) {
            export_text(fp[F_WEEKLY], r->name);
            fprintf(fp[F_WEEKLY], ",%d,", rep);
            week_fields(fp[F_WEEKLY], r->start_day, r->days, w);
            values(fp[F_WEEKLY], results_weekly(r, k) + (size_t)w * (size_t)ms->nweekly, ms->nweekly);
            fputc('\n', fp[F_WEEKLY]);
            for (int g = 0; g < r->groups; g++) {
                export_text(fp[F_GROUPS], r->name);
                fprintf(fp[F_GROUPS], ",%d,", rep);
                week_fields(fp[F_GROUPS], r->start_day, r->days, w);
                fputc(',', fp[F_GROUPS]);
                export_text(fp[F_GROUPS], r->group_names[g]);
                size_t off = ((size_t)w * (size_t)r->groups + (size_t)g) * (size_t)ms->ngroup;
                values(fp[F_GROUPS], results_group_weekly(r, k) + off, ms->ngroup);
                fputc('\n', fp[F_GROUPS]);
            }
        }
        for (int d = 0; d < r->days; d++) {
            char date[CFG_DATE_TEXT_MAX];
            cfg_format_date(r->start_day + d, date, sizeof date);
            export_text(fp[F_DAILY], r->name);
            fprintf(fp[F_DAILY], ",%d,%s", rep, date);
            values(fp[F_DAILY], results_daily(r, k) + (size_t)d * (size_t)ms->ndaily, ms->ndaily);
            fputc('\n', fp[F_DAILY]);
        }
    }
}

/* Scenario s's rows of summary and weekly_summary (s->days from the scenario). */
static void summary_rows(FILE *const *fp, const out_summary *s)
{
    const sim_metric_set *ms = s->metrics;
    for (int m = 0; m < ms->nweekly; m++) {
        export_text(fp[F_SUMMARY], s->name);
        fputc(',', fp[F_SUMMARY]);
        export_text(fp[F_SUMMARY], ms->weekly[m].name);
        fputc(',', fp[F_SUMMARY]);
        export_text(fp[F_SUMMARY], ms->weekly[m].unit);
        values(fp[F_SUMMARY], s->totals[m], SUMMARY_COUNT);
        fputc('\n', fp[F_SUMMARY]);
    }
    for (int w = 0; w < s->weeks; w++)
        for (int m = 0; m < ms->nweekly; m++) {
            FILE *f = fp[F_WEEKLY_SUMMARY];
            export_text(f, s->name);
            fputc(',', f);
            week_fields(f, s->start_day, s->days, w);
            fputc(',', f);
            export_text(f, ms->weekly[m].name);
            fputc(',', f);
            export_text(f, ms->weekly[m].unit);
            values(f, s->weekly + ((size_t)w * (size_t)ms->nweekly + (size_t)m) * SUMMARY_COUNT, SUMMARY_COUNT);
            fputc('\n', f);
        }
}

/* The scenario files: every scenario of the file, one at a time. */
static sim_status export_scenarios(export_ctx *x, const char *h5path, const sim_metric_set *ms, char **names,
                                   size_t n)
{
    sim_status st = SIM_OK;
    FILE *fp[F_COUNT] = {0};
    sim_results *r = NULL;
    out_summary *s = NULL;
    for (int f = 0; f < F_COUNT; f++) SIM_TRY(export_open(x, file_names[f], &fp[f]));
    headers(x, fp, ms);
    for (size_t i = 0; i < n; i++) {
        SIM_TRY(out_read_scenario(h5path, names[i], ms, &r));
        SIM_TRY(out_read_summary(h5path, names[i], ms, &s));
        replication_rows(fp, r);
        summary_rows(fp, s);
        results_destroy(&r);
        out_summary_destroy(&s);
    }
    for (int f = 0; f < F_COUNT; f++) SIM_TRY(export_close(x, file_names[f], &fp[f]));
done:
    for (int f = 0; f < F_COUNT; f++)
        if (fp[f]) fclose(fp[f]);
    results_destroy(&r);
    out_summary_destroy(&s);
    return st;
}

/* One row of comparison.csv. */
static void comparison_row(FILE *fp, const cmp_result *c, const char *metric, const char *unit, const double *v)
{
    export_text(fp, c->scenario);
    fputc(',', fp);
    export_text(fp, c->baseline);
    fputc(',', fp);
    export_text(fp, metric);
    fputc(',', fp);
    export_text(fp, unit);
    values(fp, v, CMP_COUNT);
    fputc('\n', fp);
}

/* comparison_weekly.csv rows of c, whose weekly differences were read for the horizon of its scenario. */
static void comparison_weekly_rows(FILE *fp, const cmp_result *c)
{
    const sim_metric_set *ms = c->metrics;
    for (int w = 0; w < c->weeks; w++)
        for (int m = 0; m < ms->nweekly; m++) {
            export_text(fp, c->scenario);
            fputc(',', fp);
            export_text(fp, c->baseline);
            fputc(',', fp);
            week_fields(fp, c->start_day, c->days, w);
            fputc(',', fp);
            export_text(fp, ms->weekly[m].name);
            fputc(',', fp);
            export_text(fp, ms->weekly[m].unit);
            values(fp, c->weekly + ((size_t)w * (size_t)ms->nweekly + (size_t)m) * CMP_COUNT, CMP_COUNT);
            fputc('\n', fp);
        }
}

/* comparison.csv and comparison_weekly.csv, for files with /comparison (batch runs). */
static sim_status export_comparisons(export_ctx *x, const char *h5path, const sim_metric_set *ms)
{
    cmp_result **cmp = NULL;
    size_t ncmp = 0;
    SIM_CHECK(cmp_read(h5path, ms, &cmp, &ncmp));
    sim_status st = SIM_OK;
    FILE *fc = NULL, *fw = NULL;
    if (ncmp == 0) goto done;
    SIM_TRY(export_open(x, "comparison.csv", &fc));
    SIM_TRY(export_open(x, "comparison_weekly.csv", &fw));
    int first = 1;
    keys(x, fc, "comparison.csv", &K_SCENARIO, 1, &first);
    keys(x, fc, "comparison.csv", &K_BASELINE, 1, &first);
    static const key_column metric = {"metric", "", "metric name, or a cost-effectiveness ratio (cost_per_...): "
                                                    "extra cost per unit prevented, NA unless the prevented amount's "
                                                    "interval is above zero"};
    keys(x, fc, "comparison.csv", &metric, 1, &first);
    keys(x, fc, "comparison.csv", &K_UNIT, 1, &first);
    keys(x, fc, "comparison.csv", K_DIFF, CMP_COUNT, &first);
    fputc('\n', fc);
    first = 1;
    keys(x, fw, "comparison_weekly.csv", &K_SCENARIO, 1, &first);
    keys(x, fw, "comparison_weekly.csv", &K_BASELINE, 1, &first);
    keys(x, fw, "comparison_weekly.csv", K_WEEK, 4, &first);
    keys(x, fw, "comparison_weekly.csv", &K_METRIC, 1, &first);
    keys(x, fw, "comparison_weekly.csv", &K_UNIT, 1, &first);
    keys(x, fw, "comparison_weekly.csv", K_DIFF, CMP_COUNT, &first);
    fputc('\n', fw);
    for (size_t i = 0; i < ncmp; i++) {
        for (int m = 0; m < ms->nweekly; m++)
            comparison_row(fc, cmp[i], ms->weekly[m].name, ms->weekly[m].unit, cmp[i]->totals[m]);
        for (int e = 0; e < ms->neffects; e++)
            comparison_row(fc, cmp[i], ms->effects[e].name, ms->effects[e].unit, cmp[i]->effects[e]);
        comparison_weekly_rows(fw, cmp[i]);
    }
    SIM_TRY(export_close(x, "comparison.csv", &fc));
    SIM_TRY(export_close(x, "comparison_weekly.csv", &fw));
done:
    if (fc) fclose(fc);
    if (fw) fclose(fw);
    cmp_free_list(&cmp, ncmp);
    return st;
}

sim_status export_results(export_ctx *x, const char *h5path, const sim_metric_set *metrics)
{
    if (!x || !h5path || !metrics) return SIM_FAIL(SIM_ERR_INTERNAL, "export_results: NULL argument");
    SIM_CHECK(metric_set_check(metrics));
    char **names = NULL;
    size_t n = 0;
    sim_status st = SIM_OK;
    SIM_TRY(out_list_scenarios(h5path, &names, &n));
    if (n > 0) {
        SIM_TRY(export_scenarios(x, h5path, metrics, names, n));
        SIM_TRY(export_comparisons(x, h5path, metrics));
    }
    SIM_TRY(export_provenance(x, h5path));
done:
    out_free_names(&names, n);
    return st;
}
