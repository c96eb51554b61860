/**
 * @file backtest.c
 * @brief Rolling-origin backtest: the [backtest] section, scoring each origin and
 *        horizon, pooling over origins, and the HDF5 and CSV tables.
 */
#include "sim/experiments/backtest.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/engine/atomic_file.h"
#include "sim/engine/config.h"
#include "sim/io/output.h"

const char *const bt_sections[] = {"backtest", NULL};

static const char SKIP_BEYOND_RECORD[] = "the forecast window ends after the record";

/* The first key of [backtest] that is not one of these, or NULL. */
static const char *unknown_key(const cfg_doc *doc)
{
    static const char *const known[] = {"origins", "horizons_weeks", "observed"};
    for (size_t i = 0; i < cfg_doc_size(doc); i++) {
        const char *section, *key;
        cfg_doc_key(doc, i, &section, &key);
        if (strcmp(section, "backtest") != 0) continue;
        int found = 0;
        for (size_t k = 0; k < sizeof known / sizeof known[0]; k++) found |= strcmp(key, known[k]) == 0;
        if (!found) return key;
    }
    return NULL;
}

/* The comma-separated items of `text` into items (trimmed, in a copy held by buf); -1 when
 * there are more than max or the text does not fit buf (cut short, it would lose items unseen). */
static int split_list(const char *text, char *buf, size_t size, char **items, int max)
{
    if ((size_t)snprintf(buf, size, "%s", text) >= size) return -1;
    int n = 0;
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ' || *tok == '\t') tok++;
        char *e = tok + strlen(tok);
        while (e > tok && (e[-1] == ' ' || e[-1] == '\t')) *--e = '\0';
        if (n == max) return -1;
        items[n++] = tok;
    }
    return n;
}

static sim_status read_origins(const cfg_doc *doc, bt_config *c)
{
    const char *v = cfg_doc_get(doc, "backtest", "origins");
    const char *at = cfg_doc_origin(doc, "backtest", "origins");
    if (!v) return SIM_FAIL(SIM_ERR_CONFIG, "%s: [backtest] origins: missing (forecast origin dates)", c->path);
    snprintf(c->origin_at, sizeof c->origin_at, "%s", at);
    char buf[4096], *items[BT_MAX_ORIGINS];
    int n = split_list(v, buf, sizeof buf, items, BT_MAX_ORIGINS);
    if (n <= 0)
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: [backtest] origins: expected 1 to %d dates in at most %zu characters", at,
                        BT_MAX_ORIGINS, sizeof buf - 1);
    for (int i = 0; i < n; i++) {
        if (cfg_parse_date(items[i], &c->origins[i]) != SIM_OK) {
            sim_error_clear();
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [backtest] origins: expected dates YYYY-MM-DD, got '%.40s'", at,
                            items[i]);
        }
        if (i > 0 && c->origins[i] <= c->origins[i - 1])
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [backtest] origins: %s does not follow %s (increasing dates)", at,
                            items[i], items[i - 1]);
    }
    c->norigins = n;
    return SIM_OK;
}

static sim_status read_horizons(const cfg_doc *doc, bt_config *c)
{
    const char *v = cfg_doc_get(doc, "backtest", "horizons_weeks");
    const char *at = cfg_doc_origin(doc, "backtest", "horizons_weeks");
    if (!v) return SIM_FAIL(SIM_ERR_CONFIG, "%s: [backtest] horizons_weeks: missing (e.g. 4, 13, 26)", c->path);
    char buf[1024], *items[BT_MAX_HORIZONS];
    int n = split_list(v, buf, sizeof buf, items, BT_MAX_HORIZONS);
    if (n <= 0) return SIM_FAIL(SIM_ERR_CONFIG, "%s: [backtest] horizons_weeks: expected 1 to %d numbers", at, BT_MAX_HORIZONS);
    for (int i = 0; i < n; i++) {
        char *end = NULL;
        errno = 0;
        long h = strtol(items[i], &end, 10);
        if (errno || end == items[i] || *end || h < 1 || h > BT_MAX_HORIZON_WEEKS || (i > 0 && h <= c->horizons[i - 1]))
            return SIM_FAIL(SIM_ERR_CONFIG,
                            "%s: [backtest] horizons_weeks: expected increasing whole numbers of weeks from 1 to %d, "
                            "got '%.40s'",
                            at, BT_MAX_HORIZON_WEEKS, items[i]);
        c->horizons[i] = (int)h;
    }
    c->nhorizons = n;
    return SIM_OK;
}

sim_status bt_config_load(const char *path, bt_config *c)
{
    if (!path || !c) return SIM_FAIL(SIM_ERR_INTERNAL, "bt_config_load: NULL argument");
    *c = (bt_config){0};
    if ((size_t)snprintf(c->path, sizeof c->path, "%s", path) >= sizeof c->path)
        return SIM_FAIL(SIM_ERR_CONFIG, "backtest file name too long");
    cfg_doc *doc = NULL;
    SIM_CHECK(cfg_doc_load(path, &doc));
    sim_status st = SIM_OK;
    const char *unknown = unknown_key(doc);
    if (unknown)
        st = SIM_FAIL(SIM_ERR_CONFIG, "%s: [backtest] %s: unknown key (known: origins, horizons_weeks, observed)",
                      cfg_doc_origin(doc, "backtest", unknown), unknown);
    if (st == SIM_OK) st = read_origins(doc, c);
    if (st == SIM_OK) st = read_horizons(doc, c);
    if (st == SIM_OK) {
        const char *v = cfg_doc_get(doc, "backtest", "observed");
        if (!v || !v[0]) {
            st = SIM_FAIL(SIM_ERR_CONFIG, "%s: [backtest] observed: missing (the daily record CSV)", path);
        } else {
            /* Relative to the file that sets the key: its origin is "file:line". */
            char file[BT_PATH_MAX];
            snprintf(file, sizeof file, "%s", cfg_doc_origin(doc, "backtest", "observed"));
            char *colon = strrchr(file, ':');
            if (colon) *colon = '\0';
            char *p = cfg_path_beside(file, v);
            if (!p) st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
            else if ((size_t)snprintf(c->observed, sizeof c->observed, "%s", p) >= sizeof c->observed)
                st = SIM_FAIL(SIM_ERR_CONFIG, "%s: [backtest] observed: path too long", path);
            free(p);
        }
    }
    cfg_doc_destroy(&doc);
    return st;
}

sim_status bt_check(const bt_config *c, int start_day, int days, const obs_record *obs)
{
    char a[32], b[32], d[32];
    int r1 = obs->first_day + obs->days;
    for (int i = 0; i < c->norigins; i++) {
        int o = c->origins[i];
        cfg_format_date(o, a, sizeof a);
        if (o <= start_day || o >= start_day + days) {
            cfg_format_date(start_day, b, sizeof b);
            cfg_format_date(start_day + days - 1, d, sizeof d);
            return SIM_FAIL(SIM_ERR_CONFIG,
                            "%s: [backtest] origins: %s is not inside the scenario's horizon after its first day "
                            "(%s .. %s)",
                            c->origin_at, a, b, d);
        }
        if (o <= obs->first_day || o >= r1) {
            cfg_format_date(obs->first_day, b, sizeof b);
            cfg_format_date(r1 - 1, d, sizeof d);
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [backtest] origins: %s is outside the record %s (%s .. %s)",
                            c->origin_at, a, obs->daily_path, b, d);
        }
    }
    return SIM_OK;
}

sim_status bt_score(const bt_config *c, const sim_results *res, const obs_record *obs, vs_table *t)
{
    static const int kinds[PER_KINDS] = {1, 1, 1};
    int r1 = obs->first_day + obs->days;
    for (int i = 0; i < c->norigins; i++) {
        for (int h = 0; h < c->nhorizons; h++) {
            int o = c->origins[i], end = o + PER_WEEK_DAYS * c->horizons[h];
            char a[32], b[32];
            cfg_format_date(o, a, sizeof a);
            cfg_format_date(end - 1, b, sizeof b);
            vs_frame frame = {.origin = o, .horizon_weeks = c->horizons[h]};
            snprintf(frame.scenario, sizeof frame.scenario, "%s", res->name);
            snprintf(frame.window, sizeof frame.window, "%s..%s", a, b);
            if (end > r1) {
                vs_row row = {.frame = frame, .metric = OBS_ARRIVALS, .forecast = VS_MODEL, .observed = NAN,
                              .skipped = SKIP_BEYOND_RECORD};
                row.period = (per_period){.kind = PER_WINDOW, .label = "window", .first = o, .end = end};
                row.s = (score_set){.mean = NAN, .q05 = NAN, .q25 = NAN, .q50 = NAN, .q75 = NAN, .q95 = NAN,
                                    .crps = NAN, .wis = NAN, .in50 = NAN, .in90 = NAN};
                /* vs_score's rows come in groups of VS_FORECASTS; keep the grouping for the pooling. */
                for (int f = 0; f < VS_FORECASTS; f++) {
                    row.forecast = f;
                    SIM_CHECK(vs_add_row(t, &row));
                }
                continue;
            }
            SIM_CHECK(vs_score(res, obs, &frame, o, end, kinds, t));
        }
    }
    return SIM_OK;
}

void bt_pool(const vs_table *t, int horizon_weeks, per_kind kind, int metric, bt_pooled *out)
{
    *out = (bt_pooled){.horizon_weeks = horizon_weeks, .kind = kind, .metric = metric};
    int last_origin = VS_ORIGIN_PERIOD;
    for (size_t i = 0; i + VS_FORECASTS <= t->n; i += VS_FORECASTS) {
        const vs_row *g = &t->rows[i];
        if (g->frame.horizon_weeks != horizon_weeks || g->period.kind != kind || g->metric != metric ||
            !vs_averaged(g))
            continue;
        if (g->frame.origin != last_origin) {
            out->origins++;
            last_origin = g->frame.origin;
        }
        out->periods++;
        for (int f = 0; f < VS_FORECASTS; f++) {
            out->wis[f] += g[f].s.wis;
            out->crps[f] += g[f].s.crps;
            out->coverage50[f] += g[f].s.in50;
            out->coverage90[f] += g[f].s.in90;
        }
    }
    double n = (double)out->periods;
    for (int f = 0; f < VS_FORECASTS; f++) {
        out->wis[f] = n > 0 ? out->wis[f] / n : NAN;
        out->crps[f] = n > 0 ? out->crps[f] / n : NAN;
        out->coverage50[f] = n > 0 ? out->coverage50[f] / n : NAN;
        out->coverage90[f] = n > 0 ? out->coverage90[f] / n : NAN;
    }
}

static double ratio(double a, double b) { return b > 0 ? a / b : NAN; }

/* ---------------------------------------------------------------------------
 * Output
 * ------------------------------------------------------------------------- */

enum { SCORE_COLS = 14, SKILL_COLS = 14, POOL_COLS = 4 + 4 * VS_FORECASTS + 2 * NAIVE_COUNT };

static const char score_columns[] =
    "origin_day,horizon_weeks,kind,period_first_day,period_end_day,partial,metric,forecast,observed,q50,crps,wis,"
    "in50,in90";
static const char skill_columns[] =
    "origin_day,horizon_weeks,kind,metric,forecast,periods,crps,wis,coverage50,coverage90,"
    "wis_ratio_naive_last_year,wis_ratio_naive_seasonal,crps_ratio_naive_last_year,crps_ratio_naive_seasonal";

static sim_status write_table(hid_t g, const char *name, const double *data, size_t rows, int cols,
                              const char *columns, const char *title)
{
    hsize_t dims[2] = {rows, (hsize_t)cols};
    SIM_CHECK(out_write_doubles(g, name, 2, dims, data, "see columns", title));
    hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
    if (d < 0) return SIM_FAIL(SIM_ERR_IO, "cannot reopen /backtest/%s", name);
    sim_status st = out_write_attr_string(d, "columns", columns);
    out_close(&d);
    return st;
}

static void pooled_row(const bt_pooled *p, double *r)
{
    int k = 0;
    r[k++] = p->horizon_weeks;
    r[k++] = p->kind;
    r[k++] = p->metric;
    r[k++] = (double)p->periods;
    for (int f = 0; f < VS_FORECASTS; f++) r[k++] = p->wis[f];
    for (int f = 0; f < VS_FORECASTS; f++) r[k++] = p->crps[f];
    for (int f = 0; f < VS_FORECASTS; f++) r[k++] = p->coverage50[f];
    for (int f = 0; f < VS_FORECASTS; f++) r[k++] = p->coverage90[f];
    for (int n = 0; n < NAIVE_COUNT; n++) r[k++] = ratio(p->wis[VS_MODEL], p->wis[1 + n]);
    for (int n = 0; n < NAIVE_COUNT; n++) r[k++] = ratio(p->crps[VS_MODEL], p->crps[1 + n]);
}

static const char pooled_columns[] =
    "horizon_weeks,kind,metric,periods,wis_model,wis_naive_last_year,wis_naive_seasonal,crps_model,"
    "crps_naive_last_year,crps_naive_seasonal,coverage50_model,coverage50_naive_last_year,coverage50_naive_seasonal,"
    "coverage90_model,coverage90_naive_last_year,coverage90_naive_seasonal,wis_ratio_naive_last_year,"
    "wis_ratio_naive_seasonal,crps_ratio_naive_last_year,crps_ratio_naive_seasonal";

static sim_status write_attrs(hid_t g, const bt_config *c)
{
    char text[BT_MAX_ORIGINS * 12 + 1] = "", d[32];
    for (int i = 0; i < c->norigins; i++) {
        cfg_format_date(c->origins[i], d, sizeof d);
        size_t used = strlen(text);
        snprintf(text + used, sizeof text - used, "%s%.10s", i ? "," : "", d);
    }
    SIM_CHECK(out_write_attr_string(g, "origins", text));
    char h[BT_MAX_HORIZONS * 4 + 1] = "";
    for (int i = 0; i < c->nhorizons; i++) snprintf(h + strlen(h), sizeof h - strlen(h), "%s%d", i ? "," : "", c->horizons[i]);
    SIM_CHECK(out_write_attr_string(g, "horizons_weeks", h));
    SIM_CHECK(out_write_attr_string(g, "kind_names", "week,month,window"));
    SIM_CHECK(out_write_attr_string(g, "metric_names", "arrivals,boats,people_per_boat,days_with_arrivals,prevention_share,deaths"));
    SIM_CHECK(out_write_attr_string(g, "forecast_names", "model,naive_last_year,naive_seasonal"));
    SIM_CHECK(out_write_attr_string(g, "method", "calibrated posterior ensemble held fixed; one replay of the scenario "
                                                 "gives every origin's forecast; naive forecasts from the record before "
                                                 "each origin (sim/experiments/backtest.h)"));
    return SIM_OK;
}

static sim_status fill_and_write(hid_t g, const bt_config *c, const vs_table *t)
{
    double *sc = malloc((t->n ? t->n : 1) * SCORE_COLS * sizeof *sc);
    double *sk = malloc((t->nskill ? t->nskill : 1) * SKILL_COLS * sizeof *sk);
    size_t npool = (size_t)c->nhorizons * PER_KINDS * VS_METRICS;
    double *po = malloc(npool * POOL_COLS * sizeof *po);
    sim_status st = (!sc || !sk || !po) ? SIM_FAIL(SIM_ERR_MEMORY, "out of memory writing /backtest") : SIM_OK;
    for (size_t i = 0; st == SIM_OK && i < t->n; i++) {
        const vs_row *r = &t->rows[i];
        const double v[SCORE_COLS] = {r->frame.origin, r->frame.horizon_weeks, r->period.kind, r->period.first,
                                      r->period.end, r->period.partial, r->metric, r->forecast, r->observed,
                                      r->s.q50, r->s.crps, r->s.wis, r->s.in50, r->s.in90};
        memcpy(sc + i * SCORE_COLS, v, sizeof v);
    }
    for (size_t i = 0; st == SIM_OK && i < t->nskill; i++) {
        const vs_skill *s = &t->skill[i];
        const double v[SKILL_COLS] = {s->frame.origin, s->frame.horizon_weeks, s->kind, s->metric, s->forecast,
                                      (double)s->periods, s->crps, s->wis, s->coverage50, s->coverage90,
                                      s->wis_ratio[0], s->wis_ratio[1], s->crps_ratio[0], s->crps_ratio[1]};
        memcpy(sk + i * SKILL_COLS, v, sizeof v);
    }
    size_t k = 0;
    for (int h = 0; st == SIM_OK && h < c->nhorizons; h++)
        for (int kind = 0; kind < PER_KINDS; kind++)
            for (int m = 0; m < VS_METRICS; m++) {
                bt_pooled p;
                bt_pool(t, c->horizons[h], (per_kind)kind, vs_metrics[m], &p);
                pooled_row(&p, po + k++ * POOL_COLS);
            }
    if (st == SIM_OK && t->n) st = write_table(g, "scores", sc, t->n, SCORE_COLS, score_columns, "score of each forecast, period and origin");
    if (st == SIM_OK && t->nskill)
        st = write_table(g, "skill", sk, t->nskill, SKILL_COLS, skill_columns, "mean scores per origin and horizon");
    if (st == SIM_OK) st = write_table(g, "pooled", po, k, POOL_COLS, pooled_columns, "scores pooled over origins");
    free(sc);
    free(sk);
    free(po);
    return st;
}

sim_status bt_write_h5(hid_t file, const bt_config *c, const vs_table *t)
{
    hid_t g = H5I_INVALID_HID;
    SIM_CHECK(out_create_group(file, "backtest", &g));
    sim_status st = write_attrs(g, c);
    if (st == SIM_OK) st = fill_and_write(g, c, t);
    out_close(&g);
    return st;
}

static void put_number(FILE *fp, double x)
{
    if (isfinite(x)) fprintf(fp, ",%.10g", x);
    else fputc(',', fp);
}

sim_status bt_write_pooled_csv(const bt_config *c, const vs_table *t, const char *path, int force)
{
    if (!force && access(path, F_OK) == 0)
        return SIM_FAIL(SIM_ERR_EXISTS, "output '%s' exists; use --force to overwrite", path);
    atomic_file af;
    SIM_CHECK(atomic_open(&af, path));
    fprintf(af.fp, "horizon_weeks,kind,metric,origins,%s\n", pooled_columns + strlen("horizon_weeks,kind,metric,"));
    for (int h = 0; h < c->nhorizons; h++)
        for (int kind = 0; kind < PER_KINDS; kind++)
            for (int m = 0; m < VS_METRICS; m++) {
                bt_pooled p;
                bt_pool(t, c->horizons[h], (per_kind)kind, vs_metrics[m], &p);
                double r[POOL_COLS];
                pooled_row(&p, r);
                fprintf(af.fp, "%d,%s,%s,%d,%zu", p.horizon_weeks, per_kind_names[kind], obs_metric_names[p.metric],
                        p.origins, p.periods);
                for (int i = 4; i < POOL_COLS; i++) put_number(af.fp, r[i]);
                fputc('\n', af.fp);
            }
    return atomic_commit(&af);
}

void bt_print(const bt_config *c, const vs_table *t, FILE *out)
{
    fprintf(out, "\npooled over origins (mean over every scored period; ratio < 1: the model is better)\n");
    fprintf(out, "  %-8s %-6s %-8s %7s %7s %10s %10s %10s %8s %8s %9s %9s\n", "horizon", "kind", "metric", "origins",
            "periods", "WIS model", "WIS last", "WIS seas", "cov50", "cov90", "WIS/last", "WIS/seas");
    for (int h = 0; h < c->nhorizons; h++)
        for (int kind = 0; kind < PER_KINDS; kind++)
            for (int m = 0; m < VS_METRICS; m++) {
                bt_pooled p;
                bt_pool(t, c->horizons[h], (per_kind)kind, vs_metrics[m], &p);
                fprintf(out, "  %-8d %-6s %-8s %7d %7zu %10.1f %10.1f %10.1f %8.2f %8.2f %9.3f %9.3f\n",
                        p.horizon_weeks, per_kind_names[kind], obs_metric_names[p.metric], p.origins, p.periods,
                        p.wis[0], p.wis[1], p.wis[2], p.coverage50[0], p.coverage90[0], ratio(p.wis[0], p.wis[1]),
                        ratio(p.wis[0], p.wis[2]));
            }
}

sim_status bt_fan(const sim_results *res, const obs_record *obs, int first_monday, int weeks, int *week_start,
                  double *observed, double *q)
{
    obs_sim_columns cols;
    SIM_CHECK(obs_sim_columns_find(res->metrics, &cols));
    double *v = malloc((size_t)(res->reps > 0 ? res->reps : 1) * sizeof *v);
    if (!v) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory for a forecast fan");
    for (int w = 0; w < weeks; w++) {
        int a = first_monday + PER_WEEK_DAYS * w;
        obs_period p = {.first = a, .end = a + PER_WEEK_DAYS, .kind = OBS_MONTH};
        week_start[w] = a;
        observed[w] = obs_value(obs, OBS_ARRIVALS, &p);
        for (int r = 0; r < res->reps; r++)
            v[r] = obs_sim_value(obs, OBS_ARRIVALS, &p, &cols, results_daily(res, r), res->start_day, res->days);
        score_set s;
        sim_status st = score_ensemble(v, (size_t)res->reps, 1, NAN, &s);
        if (st != SIM_OK) {
            free(v);
            return st;
        }
        const double qs[] = {s.q05, s.q25, s.q50, s.q75, s.q95};
        memcpy(q + (size_t)w * BT_FAN_Q, qs, sizeof qs);
    }
    free(v);
    return SIM_OK;
}
