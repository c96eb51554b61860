/**
 * @file validate.c
 * @brief Rows of validation.csv: simulated distributions against the record over
 *        years, half years and months, and the fit of the monthly series.
 */
#include "sim/experiments/validate.h"

#include "sim/engine/atomic_file.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "sim/engine/date.h"
#include "sim/engine/summary.h"

const char val_csv_header[] = "scenario,period,metric,observed,sim_mean,sim_q05,sim_q95,rel_error,window";

static sim_status add_row(val_table *t, const val_row *r)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 256;
        val_row *g = realloc(t->rows, cap * sizeof *g);
        if (!g) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory for validation rows");
        t->rows = g;
        t->cap = cap;
    }
    t->rows[t->n++] = *r;
    return SIM_OK;
}

void val_table_free(val_table *t)
{
    free(t->rows);
    *t = (val_table){0};
}

/* The metric's value in each replication over period p. */
static void per_rep(const sim_results *res, const obs_sim_columns *cols, const obs_record *obs, obs_metric m,
                    const obs_period *p, double *v)
{
    for (int r = 0; r < res->reps; r++)
        v[r] = obs_sim_value(obs, m, p, cols, results_daily(res, r), res->start_day, res->days);
}

static sim_status period_rows(const sim_results *res, const obs_sim_columns *cols, const obs_record *obs,
                              obs_period_kind kind, int first, int end, int with_deaths, val_table *t, double *v)
{
    obs_period *per = NULL;
    size_t np = 0;
    SIM_CHECK(obs_periods(kind, first, end, &per, &np));
    sim_status st = SIM_OK;
    for (size_t k = 0; st == SIM_OK && k < np; k++) {
        for (int m = 0; st == SIM_OK && m < OBS_METRICS; m++) {
            if (m == OBS_DEATHS && !with_deaths) continue;
            double o = obs_value(obs, (obs_metric)m, &per[k]);
            if (isnan(o)) continue;
            per_rep(res, cols, obs, (obs_metric)m, &per[k], v);
            double s[SUMMARY_COUNT];
            st = summary_stats(v, (size_t)res->reps, 1, s);
            if (st != SIM_OK) break;
            val_row row = {.observed = o, .sim_mean = s[S_MEAN], .sim_q05 = s[S_Q05], .sim_q95 = s[S_Q95],
                           .rel_error = o != 0 ? (s[S_MEAN] - o) / o : NAN};
            snprintf(row.scenario, sizeof row.scenario, "%s", res->name);
            snprintf(row.period, sizeof row.period, "%s", per[k].label);
            snprintf(row.metric, sizeof row.metric, "%s", obs_metric_names[m]);
            st = add_row(t, &row);
        }
    }
    free(per);
    return st;
}

/* The 25% and 75% quantiles of the finite values of v (n of them), GSL's definition
 * as in summary.h; NaN if none. Reorders v. */
static void quartiles(double *v, int n, double *q25, double *q75)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        if (isfinite(v[i])) v[k++] = v[i];
    if (k == 0) {
        *q25 = *q75 = NAN;
        return;
    }
    gsl_sort(v, 1, (size_t)k);
    *q25 = gsl_stats_quantile_from_sorted_data(v, 1, (size_t)k, 0.25);
    *q75 = gsl_stats_quantile_from_sorted_data(v, 1, (size_t)k, 0.75);
}

/* Coverage and correlation of one metric's monthly series. */
static sim_status monthly_fit(const sim_results *res, const obs_sim_columns *cols, const obs_record *obs, obs_metric m,
                              const obs_period *per, size_t np, val_table *t, double *v, double *om, double *sm)
{
    int months = 0, in50 = 0, in90 = 0;
    for (size_t k = 0; k < np; k++) {
        double o = obs_value(obs, m, &per[k]);
        if (isnan(o)) continue;
        per_rep(res, cols, obs, m, &per[k], v);
        double s[SUMMARY_COUNT];
        SIM_CHECK(summary_stats(v, (size_t)res->reps, 1, s));
        if (isnan(s[S_MEAN])) continue;
        double q25, q75;
        quartiles(v, res->reps, &q25, &q75);
        in50 += o >= q25 && o <= q75;
        in90 += o >= s[S_Q05] && o <= s[S_Q95];
        om[months] = o;
        sm[months] = s[S_MEAN];
        months++;
    }
    if (months == 0) return SIM_OK;
    const char *prefix = m == OBS_ARRIVALS ? "" : obs_metric_names[m];
    const char *sep = m == OBS_ARRIVALS ? "" : "_";
    double corr = months > 1 ? gsl_stats_correlation(om, 1, sm, 1, (size_t)months) : NAN;
    double values[3] = {(double)in50 / months, (double)in90 / months, corr};
    const char *names[3] = {"coverage50", "coverage90", "correlation"};
    for (int i = 0; i < 3; i++) {
        val_row row = {.observed = NAN, .sim_mean = values[i], .sim_q05 = NAN, .sim_q95 = NAN, .rel_error = NAN};
        snprintf(row.scenario, sizeof row.scenario, "%s", res->name);
        snprintf(row.period, sizeof row.period, "monthly");
        snprintf(row.metric, sizeof row.metric, "%s%s%s", prefix, sep, names[i]);
        SIM_CHECK(add_row(t, &row));
    }
    return SIM_OK;
}

sim_status validate_scenario(const sim_results *res, const obs_record *obs, int first, int end, const char *window,
                             val_table *t)
{
    obs_sim_columns cols;
    SIM_CHECK(obs_sim_columns_find(res->metrics, &cols));
    int s0 = res->start_day, s1 = res->start_day + res->days;
    int r0 = obs->first_day, r1 = obs->first_day + obs->days;
    if (first < s0) first = s0;
    if (first < r0) first = r0;
    if (end > s1) end = s1;
    if (end > r1) end = r1;
    obs_period *months = NULL;
    size_t nm = 0;
    if (end > first) SIM_CHECK(obs_periods(OBS_MONTH, first, end, &months, &nm));
    if (nm == 0) {
        free(months);
        return SIM_OK;
    }
    size_t from = t->n;
    double *v = malloc((size_t)res->reps * sizeof *v);
    double *om = malloc(nm * sizeof *om), *sm = malloc(nm * sizeof *sm);
    sim_status st = (!v || !om || !sm) ? SIM_FAIL(SIM_ERR_MEMORY, "out of memory") : SIM_OK;
    if (st == SIM_OK) st = period_rows(res, &cols, obs, OBS_YEAR, first, end, 1, t, v);
    if (st == SIM_OK) st = period_rows(res, &cols, obs, OBS_HALF, first, end, 0, t, v);
    if (st == SIM_OK) st = period_rows(res, &cols, obs, OBS_MONTH, first, end, 0, t, v);
    for (int m = 0; st == SIM_OK && m < OBS_METRICS; m++)
        if (m != OBS_DEATHS) st = monthly_fit(res, &cols, obs, (obs_metric)m, months, nm, t, v, om, sm);
    for (size_t i = from; i < t->n; i++) snprintf(t->rows[i].window, sizeof t->rows[i].window, "%s", window);
    free(v);
    free(om);
    free(sm);
    free(months);
    return st;
}

/* A number for the CSV: empty when undefined. */
static void put_number(FILE *fp, double x)
{
    if (isfinite(x)) fprintf(fp, ",%.10g", x);
    else fputc(',', fp);
}

sim_status validate_write_csv(const val_table *t, const char *path, int force)
{
    atomic_file af;
    SIM_CHECK(atomic_open_checked(&af, path, force));
    FILE *fp = af.fp;
    fprintf(fp, "%s\n", val_csv_header);
    for (size_t i = 0; i < t->n; i++) {
        const val_row *r = &t->rows[i];
        fprintf(fp, "%s,%s,%s", r->scenario, r->period, r->metric);
        put_number(fp, r->observed);
        put_number(fp, r->sim_mean);
        put_number(fp, r->sim_q05);
        put_number(fp, r->sim_q95);
        put_number(fp, r->rel_error);
        fprintf(fp, ",%s\n", r->window);
    }
    return atomic_commit(&af);
}

void validate_print(const val_table *t, FILE *out)
{
    const char *scen = "", *win = "";
    for (size_t i = 0; i < t->n; i++) {
        const val_row *r = &t->rows[i];
        if (strchr(r->period, '-')) continue; /* single months: in the CSV only */
        if (strcmp(scen, r->scenario) != 0 || strcmp(win, r->window) != 0) {
            scen = r->scenario;
            win = r->window;
            fprintf(out, "%sscenario %s, window %s\n  %-8s %-32s %12s %12s %12s %12s %9s\n", i ? "\n" : "", scen, win,
                    "period", "metric", "observed", "sim mean", "sim 5%", "sim 95%", "rel err");
        }
        int share = strstr(r->metric, "_share") != NULL || strcmp(r->period, "monthly") == 0;
        const char *fmt = share ? "%12.3f" : "%12.1f";
        fprintf(out, "  %-8s %-32s ", r->period, r->metric);
        const double cols[4] = {r->observed, r->sim_mean, r->sim_q05, r->sim_q95};
        for (int c = 0; c < 4; c++) {
            if (isfinite(cols[c])) fprintf(out, fmt, cols[c]);
            else fprintf(out, "%12s", "");
            fputc(' ', out);
        }
        if (isfinite(r->rel_error)) fprintf(out, "%+8.1f%%\n", 100 * r->rel_error);
        else fprintf(out, "%9s\n", "");
    }
}
