/**
 * @file plot_sweepfig.c
 * @brief Sweep plots: for each swept parameter, the main outcomes (arrivals, deaths,
 *        people per boat, cost) against the parameter's value, with 90% bands.
 *
 * With several parameters swept together (a design over more than one), each panel
 * is the projection on one parameter's axis: points, not a curve, since neighbours
 * along that axis differ in the other parameters too.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine/date.h"
#include "sim/plot/plot_figure.h"

enum { NUM_LEN = 32 };

/* The outcomes drawn, one panel each: arrivals, deaths, people per boat, cost. */
enum { N_OUTCOMES = 4 };

/* "sweep_" + key with every character outside [A-Za-z0-9_-] turned into '_'. */
static void stem_of(const char *key, char *stem, size_t size)
{
    size_t o = (size_t)snprintf(stem, size, "sweep_");
    for (const char *p = key; *p && o + 1 < size; p++) {
        char c = *p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        stem[o++] = ok ? c : '_';
    }
    stem[o] = '\0';
}

/* Sort context: points ordered by one design column (qsort has no user pointer). */
typedef struct {
    double value;
    size_t point;
} order_item;

static int by_value(const void *a, const void *b)
{
    const order_item *x = a, *y = b;
    if (x->value < y->value) return -1;
    if (x->value > y->value) return 1;
    return x->point < y->point ? -1 : x->point > y->point; /* stable: design order breaks ties */
}

sim_status plot_build_sweep(const plot_inputs *in, plot_figures *out)
{
    const plot_sweep *sw = in->sweep;
    if (!sw) return SIM_OK;
    const int outcomes[N_OUTCOMES] = {in->ids.arrivals, in->ids.deaths, in->ids.people_per_boat, in->ids.cost};
    const sim_metric *table = in->metrics->weekly;
    const size_t nm = (size_t)in->metrics->nweekly;
    order_item *ord = calloc(sw->points, sizeof *ord);
    if (!ord) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    sim_status st = SIM_OK;
    for (size_t p = 0; p < sw->nparams && st == SIM_OK; p++) {
        const char *key = sw->names[p], *unit = sw->units[p];
        int is_date = strcmp(unit, "date") == 0; /* day numbers: written and drawn as dates */
        for (size_t i = 0; i < sw->points; i++) ord[i] = (order_item){sw->design[i * sw->nparams + p], i};
        qsort(ord, sw->points, sizeof *ord, by_value);

        char *text = NULL;
        size_t len = 0;
        FILE *fp = open_memstream(&text, &len);
        if (!fp) {
            st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
            break;
        }
        fprintf(fp, "# Sweep: outcomes over the horizon against the swept parameter %s (%s), one row per design "
                    "point,\n# sorted by that parameter. Summaries across replications. Results file: %s\n",
                key, unit[0] ? unit : "no unit given", in->source);
        /* With two parameters, points are coloured by the other one, so a grid's structure shows. */
        int colour = sw->nparams == 2;
        size_t other = colour ? 1 - p : 0;
        if (colour)
            fprintf(fp, "# other: the value of the other swept parameter, %s (%s), which colours the points\n",
                    sw->names[other], sw->units[other]);
        fprintf(fp, "# row: the design point's row in /sweep/design\n# columns: value row");
        for (int k = 0; k < N_OUTCOMES; k++) {
            const char *n = table[outcomes[k]].name;
            fprintf(fp, " %s_mean %s_q05 %s_q95", n, n, n);
        }
        fprintf(fp, " other\n# units:");
        for (int k = 0; k < N_OUTCOMES; k++)
            fprintf(fp, " %s %s", table[outcomes[k]].name, table[outcomes[k]].unit);
        fputc('\n', fp);
        for (size_t i = 0; i < sw->points; i++) {
            char b[NUM_LEN];
            if (is_date && isfinite(ord[i].value)) cfg_format_date((int)lround(ord[i].value), b, sizeof b);
            else plot_num(b, sizeof b, ord[i].value);
            fprintf(fp, "%s %zu", b, ord[i].point);
            for (int k = 0; k < N_OUTCOMES; k++) {
                const double *s = &sw->summary[(ord[i].point * nm + (size_t)outcomes[k]) * SUMMARY_COUNT];
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
        if (bad || !text) {
            free(text);
            st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
            break;
        }
        char stem[PLOT_STEM_MAX], label[256];
        stem_of(key, stem, sizeof stem);
        plot_figure *f;
        if ((st = plot_figures_add(out, stem, "sweep.gp", &f)) != SIM_OK) {
            free(text);
            break;
        }
        f->data = text;
        /* "capacity: rwanda.capacity_per_year (people/year)": the label, and the key it sets if different. */
        const char *ckey = sw->keys[p];
        int same = strcmp(ckey, key) == 0, unitless = is_date || !unit[0] || strcmp(unit, "-") == 0;
        snprintf(label, sizeof label, "%s%s%s%s%s%s", key, same ? "" : ": ", same ? "" : ckey, unitless ? "" : " (",
                 unitless ? "" : unit, unitless ? "" : ")");
        if (st == SIM_OK) st = plot_figure_set_quoted(f, "XLABEL", label);
        if (st == SIM_OK) st = plot_figure_set_quoted(f, "PARAM", key);
        if (st == SIM_OK) st = plot_figure_set_quoted(f, "SOURCE", in->source);
        if (st == SIM_OK) st = plot_figure_set(f, "CONNECT", "%d", sw->nparams == 1);
        if (st == SIM_OK) st = plot_figure_set(f, "COLORBY", "%d", colour);
        if (st == SIM_OK && colour) {
            const char *ou = sw->units[other];
            if (!ou[0] || strcmp(ou, "-") == 0 || strcmp(ou, "date") == 0) snprintf(label, sizeof label, "%s", sw->names[other]);
            else snprintf(label, sizeof label, "%s (%s)", sw->names[other], ou);
        }
        if (st == SIM_OK) st = plot_figure_set_quoted(f, "COLORLABEL", colour ? label : "");
        if (st == SIM_OK) st = plot_figure_set(f, "NPOINTS", "%zu", sw->points);
        if (st == SIM_OK) st = plot_figure_set(f, "XTIME", "%d", is_date);
        if (st == SIM_OK) st = plot_figure_set(f, "XMAX", "0");
        if (st == SIM_OK && is_date && isfinite(ord[0].value) && isfinite(ord[sw->points - 1].value)) {
            /* Month tics: gnuplot's own date tics fall mid-month and repeat labels. */
            char *tics = NULL;
            st = plot_date_tics((int)lround(ord[0].value), (int)lround(ord[sw->points - 1].value), 8, &tics);
            if (st == SIM_OK) st = plot_figure_set(f, "XTICS", "%s", tics);
            free(tics);
        } else if (st == SIM_OK) {
            st = plot_figure_set(f, "XTICS", "autofreq");
        }
        for (int k = 0; k < N_OUTCOMES && st == SIM_OK; k++) {
            static const char *const ykeys[N_OUTCOMES] = {"YLABEL1", "YLABEL2", "YLABEL3", "YLABEL4"};
            const sim_metric *m = &table[outcomes[k]];
            if (outcomes[k] == in->ids.cost) snprintf(label, sizeof label, "Public cost (%s million)", m->unit);
            else snprintf(label, sizeof label, "%s (%s)", m->title, m->unit);
            st = plot_figure_set_quoted(f, ykeys[k], label);
        }
    }
    free(ord);
    if (st != SIM_OK) sim_trace_at(__FILE__, __LINE__, __func__);
    return st;
}
