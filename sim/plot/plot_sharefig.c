/**
 * @file plot_sharefig.c
 * @brief Where a deterrent bites, drawn: outcomes of a sweep against the realised
 *        removal share (removed / arrivals) or return share (returned / arrivals),
 *        the quantity a policy debate is about, rather than against the lever swept
 *        (capacity, a weekly cap). Uses the sweep template (plots/sweep.gp).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine/summary.h"
#include "sim/plot/plot_figure.h"

/* The outcomes drawn, one panel each (the order plots/sweep.gp labels): arrivals, deaths, people per boat, cost. */
enum { N_OUTCOMES = 4 };

/* The share axis stops at 200%: beyond it removals outnumber arrivals twice over, i.e.
 * deterrence has all but stopped crossings, and a single such point (shares of 65 were
 * seen) would squeeze every threshold of interest (a few per cent) against the axis. */
static const double SHARE_AXIS_MAX = 2.0;

typedef struct {
    double share;
    size_t point;
} share_item;

static int by_share(const void *a, const void *b)
{
    const share_item *x = a, *y = b;
    if (x->share < y->share) return -1;
    if (x->share > y->share) return 1;
    return x->point < y->point ? -1 : x->point > y->point;
}

static double mean_of(const plot_sweep *sw, size_t point, int metric)
{
    return sw->summary[(point * (size_t)sw->metrics->nweekly + (size_t)metric) * SUMMARY_COUNT + S_MEAN];
}

static size_t distinct(const plot_sweep *sw, size_t col)
{
    size_t n = 0;
    for (size_t i = 0; i < sw->points; i++) {
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++) seen = sw->design[k * sw->nparams + col] == sw->design[i * sw->nparams + col];
        n += !seen;
    }
    return n;
}

static sim_status share_figure(const plot_inputs *in, const plot_sweep *sw, int numerator, const char *what,
                               plot_figures *out)
{
    const int outcomes[N_OUTCOMES] = {in->ids.arrivals, in->ids.deaths, in->ids.people_per_boat, in->ids.cost};
    const sim_metric *table = in->metrics->weekly;
    share_item *ord = calloc(sw->points, sizeof *ord);
    if (!ord) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    for (size_t i = 0; i < sw->points; i++) {
        double a = mean_of(sw, i, in->ids.arrivals);
        ord[i] = (share_item){a > 0 ? mean_of(sw, i, numerator) / a : NAN, i};
    }
    qsort(ord, sw->points, sizeof *ord, by_share);
    size_t beyond = 0;
    for (size_t i = 0; i < sw->points; i++) beyond += ord[i].share > SHARE_AXIS_MAX;
    /* Colour by the parameter with fewer values (deterrence strength, in the shipped sweeps). */
    int colour = sw->nparams == 2;
    size_t other = colour && distinct(sw, 0) < distinct(sw, 1) ? 0 : 1;
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    if (!fp) {
        free(ord);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    }
    fprintf(fp, "# Sweep: outcomes over the horizon against the realised %s share (mean %s / mean arrivals at each "
                "design point), sorted by it. Summaries across replications. Results file: %s\n",
            what, table[numerator].name, in->source);
    if (colour) fprintf(fp, "# other: %s (%s), which colours the points\n", sw->names[other], sw->units[other]);
    fprintf(fp, "# columns: share row");
    for (int k = 0; k < N_OUTCOMES; k++) {
        const char *n = table[outcomes[k]].name;
        fprintf(fp, " %s_mean %s_q05 %s_q95", n, n, n);
    }
    fprintf(fp, " other\n");
    for (size_t i = 0; i < sw->points; i++) {
        char b[32];
        plot_num(b, sizeof b, ord[i].share);
        fprintf(fp, "%s %zu", b, ord[i].point);
        for (int k = 0; k < N_OUTCOMES; k++) {
            size_t cell = ord[i].point * (size_t)sw->metrics->nweekly + (size_t)outcomes[k];
            const double *s = &sw->summary[cell * SUMMARY_COUNT];
            const int cols[3] = {S_MEAN, S_Q05, S_Q95};
            for (int c = 0; c < 3; c++) {
                plot_num(b, sizeof b, s[cols[c]]);
                fprintf(fp, " %s", b);
            }
        }
        plot_num(b, sizeof b, colour ? sw->design[ord[i].point * sw->nparams + other] : NAN);
        fprintf(fp, " %s\n", b);
    }
    int bad = ferror(fp);
    fclose(fp);
    free(ord);
    if (bad || !text) {
        free(text);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    }
    char stem[PLOT_STEM_MAX], label[256];
    snprintf(stem, sizeof stem, "sweep_%s_share", what);
    plot_figure *f;
    sim_status st = plot_figures_add(out, stem, "sweep.gp", &f);
    if (st != SIM_OK) {
        free(text);
        return st;
    }
    f->data = text;
    snprintf(label, sizeof label, "realised %s share (%s / arrivals)", what, table[numerator].name);
    SIM_CHECK(plot_figure_set_quoted(f, "XLABEL", label));
    if (beyond)
        snprintf(label, sizeof label, "the realised %s share (%zu of %zu points beyond %.0f%%, not shown)", what, beyond,
                 sw->points, 100 * SHARE_AXIS_MAX);
    else snprintf(label, sizeof label, "the realised %s share", what);
    SIM_CHECK(plot_figure_set_quoted(f, "PARAM", label));
    SIM_CHECK(plot_figure_set(f, "XMAX", "%g", SHARE_AXIS_MAX));
    SIM_CHECK(plot_figure_set_quoted(f, "SOURCE", in->source));
    SIM_CHECK(plot_figure_set(f, "CONNECT", "%d", sw->nparams == 1));
    SIM_CHECK(plot_figure_set(f, "COLORBY", "%d", colour));
    SIM_CHECK(plot_figure_set_quoted(f, "COLORLABEL", colour ? sw->names[other] : ""));
    SIM_CHECK(plot_figure_set(f, "NPOINTS", "%zu", sw->points));
    SIM_CHECK(plot_figure_set(f, "XTIME", "0"));
    SIM_CHECK(plot_figure_set(f, "XTICS", "autofreq"));
    for (int k = 0; k < N_OUTCOMES; k++) {
        static const char *const ykeys[N_OUTCOMES] = {"YLABEL1", "YLABEL2", "YLABEL3", "YLABEL4"};
        const sim_metric *m = &table[outcomes[k]];
        if (outcomes[k] == in->ids.cost) snprintf(label, sizeof label, "Public cost (%s million)", m->unit);
        else snprintf(label, sizeof label, "%s (%s)", m->title, m->unit);
        SIM_CHECK(plot_figure_set_quoted(f, ykeys[k], label));
    }
    return SIM_OK;
}

sim_status plot_build_share(const plot_inputs *in, plot_figures *out)
{
    const plot_sweep *sw = in->sweep;
    if (!sw || sw->points < 2 || sw->nparams > 2) return SIM_OK;
    int m_removed, m_france, m_returned;
    SIM_CHECK(metric_set_lookup(in->metrics, METRIC_WEEKLY, "removed", &m_removed));
    SIM_CHECK(metric_set_lookup(in->metrics, METRIC_WEEKLY, "returned_france", &m_france));
    SIM_CHECK(metric_set_lookup(in->metrics, METRIC_WEEKLY, "returned", &m_returned));
    double removed = 0, france = 0;
    for (size_t i = 0; i < sw->points; i++) {
        double r = mean_of(sw, i, m_removed), f = mean_of(sw, i, m_france);
        if (isfinite(r)) removed += r;
        if (isfinite(f)) france += f;
    }
    /* Removal sweeps (Rwanda) by the removal share; returns sweeps (the pilot) by the return share. */
    if (removed > 0) SIM_CHECK(share_figure(in, sw, m_removed, "removal", out));
    if (france > 0) SIM_CHECK(share_figure(in, sw, m_returned, "return", out));
    return SIM_OK;
}
