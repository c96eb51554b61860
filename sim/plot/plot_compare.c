/**
 * @file plot_compare.c
 * @brief Plots of the paired comparisons with the baseline (/comparison, compare.h):
 *        differences in arrivals, deaths and cost, and cost against crossings prevented.
 *
 * Each scenario keeps the colour (gnuplot line type = its position in the file, from
 * 1) it has in the time-series plots, so a reader can follow it from plot to plot.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/plot/plot_figure.h"

enum { NUM_LEN = 32 };

/* Line type of a scenario: its 1-based position among the file's scenarios (1 if absent). */
static size_t line_type(const plot_inputs *in, const char *name)
{
    for (size_t i = 0; i < in->nscen; i++)
        if (strcmp(in->names[i], name) == 0) return i + 1;
    return 1;
}

/* A data-file string: double-quoted, with any double quote turned into a single one. */
static void print_name(FILE *fp, const char *name)
{
    fputc('"', fp);
    for (const char *p = name; *p; p++) fputc(*p == '"' ? '\'' : *p, fp);
    fputc('"', fp);
}

static void print3(FILE *fp, double mean, double lo, double hi)
{
    char a[NUM_LEN], b[NUM_LEN], c[NUM_LEN];
    plot_num(a, sizeof a, mean);
    plot_num(b, sizeof b, lo);
    plot_num(c, sizeof c, hi);
    fprintf(fp, " %s %s %s", a, b, c);
}

/* Legend text for a cost per crossing prevented (GBP per person), e.g. "£72k per crossing prevented". */
static void cost_per_text(char *buf, size_t size, double v)
{
    char amount[32];
    double a = v < 0 ? -v : v;
    if (!isfinite(v)) {
        snprintf(buf, size, "no clear reduction in crossings");
        return;
    }
    if (a >= 1e6) snprintf(amount, sizeof amount, "\xc2\xa3%.1fm", a / 1e6);
    else if (a >= 1e3) snprintf(amount, sizeof amount, "\xc2\xa3%.0fk", a / 1e3);
    else snprintf(amount, sizeof amount, "\xc2\xa3%.0f", a);
    snprintf(buf, size, v < 0 ? "saves %s per crossing prevented" : "%s per crossing prevented", amount);
}

/*
 * Tic step and format for an axis spanning the values lo[i]..hi[i] (i < n) and zero,
 * scaled by 1/scale: a 1, 2 or 5 times a power of ten giving about four intervals, and
 * "12k"-style labels once the step reaches a thousand (wide numbers crowd a panel) on
 * unscaled axes.
 */
static void axis_tics(cmp_result *const *cmp, size_t n, int m, double scale, double *step, const char **fmt)
{
    double lo = 0, hi = 0;
    for (size_t i = 0; i < n; i++) {
        double a = cmp[i]->totals[m][CMP_LO] / scale, b = cmp[i]->totals[m][CMP_HI] / scale,
               c = cmp[i]->totals[m][CMP_MEAN] / scale;
        if (isfinite(a) && a < lo) lo = a;
        if (isfinite(c) && c < lo) lo = c;
        if (isfinite(b) && b > hi) hi = b;
        if (isfinite(c) && c > hi) hi = c;
    }
    double span = hi - lo > 0 ? hi - lo : 1, raw = span / 4.0, e = pow(10, floor(log10(raw))), f = raw / e;
    *step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * e;
    *fmt = *step >= 1000 && scale == 1 ? "%.0s%c" : "%g"; /* no "k" on an axis already in millions */
}

/* Close a memstream and hand its text to fig->data. */
static sim_status take_data(FILE *fp, char **text, plot_figure *fig)
{
    int bad = ferror(fp);
    fclose(fp);
    if (bad || !*text) {
        free(*text);
        *text = NULL;
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory writing the data of %s", fig->stem);
    }
    fig->data = *text;
    *text = NULL;
    return SIM_OK;
}

sim_status plot_build_compare(const plot_inputs *in, plot_figures *out)
{
    if (in->ncmp == 0 || !in->cmp) return SIM_OK;
    const char *base = in->cmp[0]->baseline[0] ? in->cmp[0]->baseline : (in->baseline ? in->baseline : "baseline");
    const plot_metric_ids *id = &in->ids;
    const sim_metric *ma = &in->metrics->weekly[id->arrivals], *md = &in->metrics->weekly[id->deaths],
                     *mc = &in->metrics->weekly[id->cost];
    char label[256];
    plot_figure *f;

    /* diff_baseline */
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    if (!fp) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    fprintf(fp,
            "# Paired differences from the baseline '%s' over the whole horizon (scenario - baseline, same\n"
            "# random numbers in each replication): mean and 95%% confidence interval of the mean difference.\n"
            "# Results file: %s\n# Units: arrivals %s, deaths %s, cost %s (cumulative public cost at the end).\n"
            "# lt: the scenario's line type (colour), as in the other plots. NaN: undefined.\n"
            "# columns: lt scenario arrivals_mean arrivals_lo arrivals_hi deaths_mean deaths_lo deaths_hi "
            "cost_mean cost_lo cost_hi\n",
            base, in->source, ma->unit, md->unit, mc->unit);
    for (size_t i = 0; i < in->ncmp; i++) {
        const cmp_result *c = in->cmp[i];
        fprintf(fp, "%zu ", line_type(in, c->scenario));
        print_name(fp, c->scenario);
        for (int m = 0; m < 3; m++) {
            int k = m == 0 ? id->arrivals : m == 1 ? id->deaths : id->cost;
            print3(fp, c->totals[k][CMP_MEAN], c->totals[k][CMP_LO], c->totals[k][CMP_HI]);
        }
        fputc('\n', fp);
    }
    sim_status st = plot_figures_add(out, "diff_baseline", "diff_baseline.gp", &f);
    if (st != SIM_OK) {
        fclose(fp);
        free(text);
        SIM_CHECK(st);
    }
    SIM_CHECK(take_data(fp, &text, f));
    SIM_CHECK(plot_figure_set_quoted(f, "SOURCE", in->source));
    SIM_CHECK(plot_figure_set_quoted(f, "BASELINE", base));
    SIM_CHECK(plot_figure_set(f, "NCOMP", "%zu", in->ncmp));
    for (int k = 0; k < 3; k++) {
        static const char *const steps[3] = {"XSTEP1", "XSTEP2", "XSTEP3"}, *const fmts[3] = {"XFMT1", "XFMT2", "XFMT3"};
        double step;
        const char *fmt;
        axis_tics(in->cmp, in->ncmp, k == 0 ? id->arrivals : k == 1 ? id->deaths : id->cost, k == 2 ? 1e6 : 1, &step,
                  &fmt);
        SIM_CHECK(plot_figure_set(f, steps[k], "%g", step));
        SIM_CHECK(plot_figure_set(f, fmts[k], "%s", fmt));
    }
    snprintf(label, sizeof label, "%s (%s)", ma->title, ma->unit);
    SIM_CHECK(plot_figure_set_quoted(f, "XLABEL1", label));
    snprintf(label, sizeof label, "%s (%s)", md->title, md->unit);
    SIM_CHECK(plot_figure_set_quoted(f, "XLABEL2", label));
    snprintf(label, sizeof label, "Public cost (%s million)", mc->unit);
    SIM_CHECK(plot_figure_set_quoted(f, "XLABEL3", label));

    /* cost_prevented */
    if (!(fp = open_memstream(&text, &len))) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    fprintf(fp,
            "# Extra public cost against crossings prevented, relative to the baseline '%s', over the whole\n"
            "# horizon: means and 95%% confidence intervals of the paired differences.\n# Results file: %s\n"
            "# prevented = baseline arrivals - scenario arrivals (%s); extra_cost = scenario cost - baseline cost "
            "(%s);\n# cpp = cost per crossing prevented (%s per person; NaN unless the interval of prevented "
            "crossings is above 0).\n# columns: lt scenario prevented_mean prevented_lo prevented_hi extra_cost_mean "
            "extra_cost_lo extra_cost_hi cpp_mean cpp_lo cpp_hi\n",
            base, in->source, ma->unit, mc->unit, mc->unit);
    char *keys = NULL, *lts = NULL;
    size_t klen = 0, llen = 0;
    FILE *kf = open_memstream(&keys, &klen), *lf = kf ? open_memstream(&lts, &llen) : NULL;
    if (!lf) {
        if (kf) fclose(kf);
        free(keys);
        fclose(fp);
        free(text);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    }
    for (size_t i = 0; i < in->ncmp; i++) {
        const cmp_result *c = in->cmp[i];
        size_t lt = line_type(in, c->scenario);
        fprintf(fp, "%zu ", lt);
        print_name(fp, c->scenario);
        const double *a = c->totals[id->arrivals], *cost = c->totals[id->cost];
        const double *cpp = c->effects[id->cost_per_crossing];
        print3(fp, -a[CMP_MEAN], -a[CMP_HI], -a[CMP_LO]);
        print3(fp, cost[CMP_MEAN], cost[CMP_LO], cost[CMP_HI]);
        print3(fp, cpp[CMP_MEAN], cpp[CMP_LO], cpp[CMP_HI]);
        fputc('\n', fp);
        char k[96], *name = plot_template_quote(c->scenario);
        cost_per_text(k, sizeof k, cpp[CMP_MEAN]);
        fprintf(kf, "%s'%s: %s'", i ? ", " : "", name ? name : "?", k);
        free(name);
        fprintf(lf, "%s%zu", i ? ", " : "", lt);
    }
    int bad = ferror(kf) || ferror(lf);
    fclose(kf);
    fclose(lf);
    st = bad ? SIM_FAIL(SIM_ERR_MEMORY, "out of memory") : plot_figures_add(out, "cost_prevented", "cost_prevented.gp", &f);
    if (st != SIM_OK) {
        fclose(fp);
        free(text);
        free(keys);
        free(lts);
        SIM_CHECK(st);
    }
    st = take_data(fp, &text, f);
    if (st == SIM_OK) st = plot_figure_set(f, "KEYS", "%s", keys);
    if (st == SIM_OK) st = plot_figure_set(f, "LTS", "%s", lts);
    free(keys);
    free(lts);
    SIM_CHECK(st);
    SIM_CHECK(plot_figure_set_quoted(f, "SOURCE", in->source));
    SIM_CHECK(plot_figure_set_quoted(f, "BASELINE", base));
    SIM_CHECK(plot_figure_set(f, "NCOMP", "%zu", in->ncmp));
    snprintf(label, sizeof label, "Crossings prevented: baseline minus scenario arrivals (%s)", ma->unit);
    SIM_CHECK(plot_figure_set_quoted(f, "XLABEL", label));
    snprintf(label, sizeof label, "Extra public cost (%s million)", mc->unit);
    SIM_CHECK(plot_figure_set_quoted(f, "YLABEL", label));
    return SIM_OK;
}
