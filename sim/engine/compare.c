#include "sim/engine/compare.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "sim/engine/summary.h"

static sim_status same_design(const sim_results *a, const sim_results *b)
{
    if (a->metrics != b->metrics)
        return SIM_FAIL(SIM_ERR_CONFIG, "scenarios '%s' and '%s' cannot be paired: they come from different models",
                        a->name, b->name);
    if (a->reps != b->reps || a->seed != b->seed || a->first_rep != b->first_rep || a->start_day != b->start_day ||
        a->days != b->days)
        return SIM_FAIL(SIM_ERR_CONFIG,
                        "scenarios '%s' and '%s' cannot be paired: replications, seed, start date and horizon "
                        "must match (%d/%d reps, seed %u/%u, %d/%d days)",
                        a->name, b->name, a->reps, b->reps, a->seed, b->seed, a->days, b->days);
    return SIM_OK;
}

sim_status cmp_ratio(const double *num, const double *den, size_t n, size_t stride, double out[CMP_COUNT])
{
    out[CMP_MEAN] = out[CMP_LO] = out[CMP_HI] = NAN;
    if (n < 2) return SIM_OK;
    double mn = 0, md = 0;
    for (size_t i = 0; i < n; i++) {
        mn += num[i * stride];
        md += den[i * stride];
    }
    mn /= n;
    md /= n;
    double vn = 0, vd = 0, cov = 0;
    for (size_t i = 0; i < n; i++) {
        double a = num[i * stride] - mn, b = den[i * stride] - md;
        vn += a * a;
        vd += b * b;
        cov += a * b;
    }
    vn /= (n - 1);
    vd /= (n - 1);
    cov /= (n - 1);
    double t = gsl_cdf_tdist_Pinv(0.975, (double)(n - 1));
    if (!(md - t * sqrt(vd / n) > 0)) return SIM_OK; /* nothing reliably prevented */
    double r = mn / md;
    /* Delta method for a ratio of means (e.g. Casella & Berger, Statistical Inference, 5.5.4). */
    double var = (vn - 2 * r * cov + r * r * vd) / (n * md * md);
    double half = t * sqrt(var > 0 ? var : 0);
    out[CMP_MEAN] = r;
    out[CMP_LO] = r - half;
    out[CMP_HI] = r + half;
    return SIM_OK;
}

/* A cmp_result for `metrics` with totals and effects allocated (weekly if weeks > 0); NULL if out of memory. */
cmp_result *cmp_alloc(const sim_metric_set *metrics, int weeks)
{
    cmp_result *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->metrics = metrics;
    c->weeks = weeks;
    size_t nw = (size_t)metrics->nweekly, ne = (size_t)metrics->neffects;
    c->totals = calloc(nw ? nw : 1, sizeof *c->totals);
    c->effects = calloc(ne ? ne : 1, sizeof *c->effects);
    if (weeks > 0) c->weekly = calloc((size_t)weeks * nw * CMP_COUNT + 1, sizeof *c->weekly);
    if (!c->totals || !c->effects || (weeks > 0 && !c->weekly)) cmp_destroy(&c);
    return c;
}

/* Each effect of the set: ratio of paired (scen - base) cost to (base - scen) benefit, replication by replication. */
static sim_status compute_effects(const sim_results *scen, const sim_results *base, cmp_result *c)
{
    const sim_metric_set *ms = scen->metrics;
    const size_t n = (size_t)scen->reps;
    double *diff = calloc(n * 2 + 1, sizeof *diff);
    if (!diff) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory comparing scenarios");
    sim_status st = SIM_OK;
    for (int e = 0; st == SIM_OK && e < ms->neffects; e++) {
        int cost, benefit;
        st = metric_set_lookup(ms, METRIC_WEEKLY, ms->effects[e].cost, &cost);
        if (st == SIM_OK) st = metric_set_lookup(ms, METRIC_WEEKLY, ms->effects[e].benefit, &benefit);
        if (st != SIM_OK) break;
        for (size_t r = 0; r < n; r++) {
            diff[2 * r] = results_totals(scen, (int)r)[cost] - results_totals(base, (int)r)[cost];
            diff[2 * r + 1] = results_totals(base, (int)r)[benefit] - results_totals(scen, (int)r)[benefit];
        }
        st = cmp_ratio(diff, diff + 1, n, 2, c->effects[e]);
    }
    free(diff);
    return st;
}

sim_status cmp_compute(const sim_results *scen, const sim_results *base, cmp_result **out)
{
    SIM_CHECK(same_design(scen, base));
    const int nm = scen->metrics->nweekly;
    cmp_result *c = cmp_alloc(scen->metrics, scen->weeks);
    if (!c) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory comparing scenarios");
    snprintf(c->scenario, sizeof c->scenario, "%s", scen->name);
    snprintf(c->baseline, sizeof c->baseline, "%s", base->name);
    c->start_day = scen->start_day;
    c->days = scen->days;
    c->reps = scen->reps;
    sim_status st = SIM_OK;
    const size_t n = (size_t)scen->reps;
    for (int m = 0; st == SIM_OK && m < nm; m++) {
        double *t = c->totals[m];
        st = summary_paired_diff(scen->totals + m, base->totals + m, n, (size_t)nm, &t[CMP_MEAN], &t[CMP_LO],
                                 &t[CMP_HI]);
        for (int w = 0; st == SIM_OK && w < c->weeks; w++) {
            size_t off = (size_t)w * nm + m, stride = (size_t)scen->weeks * nm;
            double *row = c->weekly + ((size_t)w * nm + m) * CMP_COUNT;
            st = summary_paired_diff(scen->weekly + off, base->weekly + off, n, stride, &row[CMP_MEAN], &row[CMP_LO],
                                     &row[CMP_HI]);
        }
    }
    if (st == SIM_OK) st = compute_effects(scen, base, c);
    if (st != SIM_OK) {
        cmp_destroy(&c);
        sim_trace_at(__FILE__, __LINE__, __func__);
        return st;
    }
    *out = c;
    return SIM_OK;
}

void cmp_destroy(cmp_result **cp)
{
    if (!*cp) return;
    free((*cp)->weekly);
    free((*cp)->totals);
    free((*cp)->effects);
    free(*cp);
    *cp = NULL;
}

void cmp_free_list(cmp_result ***list, size_t n)
{
    if (!*list) return;
    for (size_t i = 0; i < n; i++) cmp_destroy(&(*list)[i]);
    free(*list);
    *list = NULL;
}
