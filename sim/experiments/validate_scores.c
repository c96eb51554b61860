/**
 * @file validate_scores.c
 * @brief Scores of the model and the naive forecasts per week, month and window,
 *        their averages and ratios, and the CSV files and printout of them.
 */
#include "sim/experiments/validate_scores.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/engine/atomic_file.h"
#include "sim/engine/config.h"

const char *const vs_forecast_names[VS_FORECASTS] = {"model", "naive_last_year", "naive_seasonal"};
const obs_metric vs_metrics[VS_METRICS] = {OBS_ARRIVALS, OBS_BOATS};

static const char SKIP_NOT_SIMULATED[] = "the simulation does not cover the period";
static const char SKIP_NO_RECORD[] = "the record does not cover the period";
static const char SKIP_NAIVE_HISTORY[] = "the record before the origin is too short for this forecast";

sim_status vs_add_row(vs_table *t, const vs_row *r)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 512;
        vs_row *g = realloc(t->rows, cap * sizeof *g);
        if (!g) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory for score rows");
        t->rows = g;
        t->cap = cap;
    }
    t->rows[t->n++] = *r;
    return SIM_OK;
}

static sim_status add_skill(vs_table *t, const vs_skill *s)
{
    if (t->nskill == t->capskill) {
        size_t cap = t->capskill ? 2 * t->capskill : 64;
        vs_skill *g = realloc(t->skill, cap * sizeof *g);
        if (!g) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory for skill rows");
        t->skill = g;
        t->capskill = cap;
    }
    t->skill[t->nskill++] = *s;
    return SIM_OK;
}

void vs_table_free(vs_table *t)
{
    free(t->rows);
    free(t->skill);
    *t = (vs_table){0};
}

/* The observed daily series of a metric (arrivals or boats). */
static const double *obs_series(const obs_record *obs, int metric)
{
    return metric == OBS_BOATS ? obs->boats : obs->arrivals;
}

/* The three rows (model, naive forecasts) of one period and metric. v: [reps] scratch. */
static sim_status score_period(const sim_results *res, const obs_record *obs, const vs_frame *frame,
                               const per_period *p, int metric, double *v, vs_table *t)
{
    obs_period op = {.first = p->first, .end = p->end, .kind = OBS_MONTH};
    vs_row row = {.frame = *frame, .period = *p, .metric = metric, .forecast = VS_MODEL};
    row.observed = obs_value(obs, (obs_metric)metric, &op);
    obs_sim_columns cols;
    SIM_CHECK(obs_sim_columns_find(res->metrics, &cols));
    for (int r = 0; r < res->reps; r++)
        v[r] = obs_sim_value(obs, (obs_metric)metric, &op, &cols, results_daily(res, r), res->start_day, res->days);
    int simulated = p->first >= res->start_day && p->end <= res->start_day + res->days;
    SIM_CHECK(score_ensemble(v, simulated ? (size_t)res->reps : 0, 1, row.observed, &row.s));
    row.skipped = isnan(row.observed) ? SKIP_NO_RECORD : !simulated ? SKIP_NOT_SIMULATED : NULL;
    SIM_CHECK(vs_add_row(t, &row));
    int origin = frame->origin == VS_ORIGIN_PERIOD ? p->first : frame->origin;
    for (int k = 0; k < NAIVE_COUNT; k++) {
        double f = naive_forecast((naive_kind)k, obs_series(obs, metric), obs->first_day, obs->days, p->first,
                                  p->end, origin);
        vs_row nr = {.frame = *frame, .period = *p, .metric = metric, .forecast = 1 + k, .observed = row.observed};
        SIM_CHECK(score_ensemble(&f, isnan(f) ? 0 : 1, 1, row.observed, &nr.s));
        nr.skipped = isnan(row.observed) ? SKIP_NO_RECORD : isnan(f) ? SKIP_NAIVE_HISTORY : NULL;
        SIM_CHECK(vs_add_row(t, &nr));
    }
    return SIM_OK;
}

int vs_averaged(const vs_row *g)
{
    if (g->period.kind == PER_WEEK && g->period.partial) return 0;
    for (int f = 0; f < VS_FORECASTS; f++)
        if (g[f].skipped) return 0;
    return 1;
}

/* Skill rows of one kind and metric from the rows [from, t->n), which come in groups of VS_FORECASTS. */
static sim_status skill_rows(vs_table *t, size_t from, const vs_frame *frame, per_kind kind, int metric)
{
    vs_skill s[VS_FORECASTS];
    for (int f = 0; f < VS_FORECASTS; f++)
        s[f] = (vs_skill){.frame = *frame, .kind = kind, .metric = metric, .forecast = f};
    for (size_t i = from; i + VS_FORECASTS <= t->n; i += VS_FORECASTS) {
        const vs_row *g = &t->rows[i];
        if (g->period.kind != kind || g->metric != metric || !vs_averaged(g)) continue;
        for (int f = 0; f < VS_FORECASTS; f++) {
            s[f].periods++;
            s[f].crps += g[f].s.crps;
            s[f].wis += g[f].s.wis;
            s[f].coverage50 += g[f].s.in50;
            s[f].coverage90 += g[f].s.in90;
        }
    }
    for (int f = 0; f < VS_FORECASTS; f++) {
        double n = (double)s[f].periods;
        s[f].crps = n > 0 ? s[f].crps / n : NAN;
        s[f].wis = n > 0 ? s[f].wis / n : NAN;
        s[f].coverage50 = n > 0 ? s[f].coverage50 / n : NAN;
        s[f].coverage90 = n > 0 ? s[f].coverage90 / n : NAN;
    }
    for (int f = 0; f < VS_FORECASTS; f++) {
        for (int k = 0; k < NAIVE_COUNT; k++) {
            /* A naive forecast with zero error everywhere leaves the ratio undefined. */
            s[f].crps_ratio[k] = s[1 + k].crps > 0 ? s[f].crps / s[1 + k].crps : NAN;
            s[f].wis_ratio[k] = s[1 + k].wis > 0 ? s[f].wis / s[1 + k].wis : NAN;
        }
        SIM_CHECK(add_skill(t, &s[f]));
    }
    return SIM_OK;
}

sim_status vs_score(const sim_results *res, const obs_record *obs, const vs_frame *frame, int first, int end,
                    const int kinds[PER_KINDS], vs_table *t)
{
    if (!res || !obs || !frame || !kinds || !t || end <= first)
        return SIM_FAIL(SIM_ERR_INTERNAL, "vs_score: bad argument");
    double *v = malloc((size_t)(res->reps > 0 ? res->reps : 1) * sizeof *v);
    if (!v) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory scoring '%s'", res->name);
    size_t from = t->n;
    sim_status st = SIM_OK;
    for (int k = 0; st == SIM_OK && k < PER_KINDS; k++) {
        if (!kinds[k]) continue;
        per_period *per = NULL;
        size_t np = 0;
        st = per_list((per_kind)k, first, end, &per, &np);
        for (size_t i = 0; st == SIM_OK && i < np; i++)
            for (int m = 0; st == SIM_OK && m < VS_METRICS; m++)
                st = score_period(res, obs, frame, &per[i], vs_metrics[m], v, t);
        free(per);
    }
    for (int k = 0; st == SIM_OK && k < PER_KINDS; k++)
        for (int m = 0; st == SIM_OK && kinds[k] && m < VS_METRICS; m++)
            st = skill_rows(t, from, frame, (per_kind)k, vs_metrics[m]);
    free(v);
    return st;
}

/* ---------------------------------------------------------------------------
 * Output
 * ------------------------------------------------------------------------- */

static void put_number(FILE *fp, double x)
{
    if (isfinite(x)) fprintf(fp, ",%.10g", x);
    else fputc(',', fp);
}

static void put_frame(FILE *fp, const vs_frame *f)
{
    fprintf(fp, "%s,%s,", f->scenario, f->window);
    if (f->origin != VS_ORIGIN_PERIOD) {
        char d[32];
        cfg_format_date(f->origin, d, sizeof d);
        fprintf(fp, "%s,%d", d, f->horizon_weeks);
    } else {
        fputc(',', fp);
    }
}

static sim_status open_csv(const char *path, int force, atomic_file *af)
{
    SIM_CHECK(atomic_open_checked(af, path, force)); /* the output-path policy decides (atomic_file.h) */
    return SIM_OK;
}

sim_status vs_write_scores_csv(const vs_table *t, const char *path, int force)
{
    atomic_file af;
    SIM_CHECK(open_csv(path, force, &af));
    FILE *fp = af.fp;
    fprintf(fp, "scenario,window,origin,horizon_weeks,kind,period,first,last,partial,metric,forecast,observed,"
                "mean,q05,q25,q50,q75,q95,crps,wis,in50,in90,skipped\n");
    for (size_t i = 0; i < t->n; i++) {
        const vs_row *r = &t->rows[i];
        char a[32], b[32];
        cfg_format_date(r->period.first, a, sizeof a);
        cfg_format_date(r->period.end - 1, b, sizeof b);
        put_frame(fp, &r->frame);
        fprintf(fp, ",%s,%s,%s,%s,%d,%s,%s", per_kind_names[r->period.kind], r->period.label, a, b,
                r->period.partial, obs_metric_names[r->metric], vs_forecast_names[r->forecast]);
        const double cols[] = {r->observed, r->s.mean, r->s.q05, r->s.q25, r->s.q50, r->s.q75,
                               r->s.q95,    r->s.crps, r->s.wis, r->s.in50, r->s.in90};
        for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) put_number(fp, cols[c]);
        fprintf(fp, ",%s\n", r->skipped ? r->skipped : "");
    }
    return atomic_commit(&af);
}

sim_status vs_write_skill_csv(const vs_table *t, const char *path, int force)
{
    atomic_file af;
    SIM_CHECK(open_csv(path, force, &af));
    FILE *fp = af.fp;
    fprintf(fp, "scenario,window,origin,horizon_weeks,kind,metric,forecast,periods,crps,wis,coverage50,coverage90");
    for (int k = 0; k < NAIVE_COUNT; k++) fprintf(fp, ",crps_ratio_%s", naive_names[k]);
    for (int k = 0; k < NAIVE_COUNT; k++) fprintf(fp, ",wis_ratio_%s", naive_names[k]);
    fputc('\n', fp);
    for (size_t i = 0; i < t->nskill; i++) {
        const vs_skill *s = &t->skill[i];
        put_frame(fp, &s->frame);
        fprintf(fp, ",%s,%s,%s,%zu", per_kind_names[s->kind], obs_metric_names[s->metric],
                vs_forecast_names[s->forecast], s->periods);
        put_number(fp, s->crps);
        put_number(fp, s->wis);
        put_number(fp, s->coverage50);
        put_number(fp, s->coverage90);
        for (int k = 0; k < NAIVE_COUNT; k++) put_number(fp, s->crps_ratio[k]);
        for (int k = 0; k < NAIVE_COUNT; k++) put_number(fp, s->wis_ratio[k]);
        fputc('\n', fp);
    }
    return atomic_commit(&af);
}

/* Skipped rows with the same frame, kind, forecast and reason as row i, from i on, printed on one entry. */
static size_t print_skipped_group(const vs_table *t, size_t i, unsigned char *done, FILE *out)
{
    const vs_row *r = &t->rows[i];
    size_t count = 0;
    fprintf(out, "  skipped %s %s %s (%s):", r->frame.window, per_kind_names[r->period.kind],
            vs_forecast_names[r->forecast], r->skipped);
    const char *last_label = "";
    for (size_t j = i; j < t->n; j++) {
        const vs_row *q = &t->rows[j];
        if (done[j] || !q->skipped || q->skipped != r->skipped || q->forecast != r->forecast ||
            q->period.kind != r->period.kind || strcmp(q->frame.scenario, r->frame.scenario) != 0 ||
            strcmp(q->frame.window, r->frame.window) != 0 || q->frame.origin != r->frame.origin ||
            q->frame.horizon_weeks != r->frame.horizon_weeks)
            continue;
        done[j] = 1;
        if (strcmp(q->period.label, last_label) == 0) continue; /* the same period for another metric */
        last_label = q->period.label;
        fprintf(out, "%s %s%s", count % 8 == 0 ? "\n   " : "", q->period.label, q->period.partial ? "(partial)" : "");
        count++;
    }
    fputc('\n', out);
    return count;
}

void vs_print(const vs_table *t, FILE *out)
{
    const char *scen = NULL, *win = NULL;
    for (size_t i = 0; i < t->nskill; i++) {
        const vs_skill *s = &t->skill[i];
        if (!scen || strcmp(scen, s->frame.scenario) != 0 || strcmp(win, s->frame.window) != 0) {
            scen = s->frame.scenario;
            win = s->frame.window;
            fprintf(out, "\nscores: scenario %s, window %s\n  %-6s %-8s %-16s %7s %11s %11s %6s %6s %9s %9s\n", scen,
                    win, "kind", "metric", "forecast", "periods", "CRPS", "WIS", "cov50", "cov90", "WIS/last",
                    "WIS/seas");
        }
        fprintf(out, "  %-6s %-8s %-16s %7zu %11.1f %11.1f %6.2f %6.2f %9.3f %9.3f\n", per_kind_names[s->kind],
                obs_metric_names[s->metric], vs_forecast_names[s->forecast], s->periods, s->crps, s->wis,
                s->coverage50, s->coverage90, s->wis_ratio[NAIVE_LAST_YEAR], s->wis_ratio[NAIVE_SEASONAL]);
    }
    unsigned char *done = calloc(t->n ? t->n : 1, 1);
    if (!done) return; /* the printout is a courtesy; the CSV holds every row */
    size_t skipped = 0;
    for (size_t i = 0; i < t->n; i++)
        if (t->rows[i].skipped && !done[i]) skipped += print_skipped_group(t, i, done, out);
    if (skipped == 0) fprintf(out, "  no period skipped\n");
    free(done);
}
