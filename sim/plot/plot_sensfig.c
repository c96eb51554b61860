/**
 * @file plot_sensfig.c
 * @brief Sensitivity plots: for each output of a sensitivity file, Morris studies get
 *        a mu*-sigma chart and a ranked bar chart of mu*; Sobol studies a ranked bar
 *        chart of the total and first-order indices, all with bootstrap intervals.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/plot/plot_figure.h"

enum {
    SA_PLOT_MAX_BARS = 20,  /**< factors in a ranked bar chart: the rest matter less */
    SA_PLOT_LABELS = 10     /**< factors labelled in a mu*-sigma chart */
};

/* prefix + name with every character outside [A-Za-z0-9_-] turned into '_'. */
static void stem_of(const char *prefix, const char *name, char *stem, size_t size)
{
    size_t o = (size_t)snprintf(stem, size, "%s", prefix);
    for (const char *p = name; *p && o + 1 < size; p++) {
        char c = *p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        stem[o++] = ok ? c : '_';
    }
    stem[o] = '\0';
}

/* Factors ranked by column col, largest first; ties keep file order. */
static void rank_by(const double *tab, int k, int ncols, int col, int *order)
{
    for (int i = 0; i < k; i++) order[i] = i;
    for (int i = 1; i < k; i++) {
        int x = order[i], j = i - 1;
        while (j >= 0 && tab[(size_t)order[j] * (size_t)ncols + (size_t)col] < tab[(size_t)x * (size_t)ncols + (size_t)col]) {
            order[j + 1] = order[j];
            j--;
        }
        order[j + 1] = x;
    }
}

/* A data file: rank, factor label (quoted), then the given columns of each ranked factor. */
static char *data_text(const sa_file *f, const double *tab, const int *order, int n, const int *cols, int ncols_out,
                       const char *header)
{
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    if (!fp) return NULL;
    fprintf(fp, "# %s\n", header);
    for (int r = 0; r < n; r++) {
        int i = order[r];
        fprintf(fp, "%d \"%s\"", r + 1, f->factor_names[i]);
        for (int c = 0; c < ncols_out; c++) {
            char b[32];
            plot_num(b, sizeof b, cols[c] < 0 ? NAN : tab[(size_t)i * (size_t)f->ncols + (size_t)cols[c]]);
            fprintf(fp, " %s", b);
        }
        fputc('\n', fp);
    }
    int bad = ferror(fp);
    fclose(fp);
    if (bad) {
        free(text);
        return NULL;
    }
    return text;
}

/* "noise: 12% of one replication's variance, 3% of the mean's" for a subtitle. */
static void noise_text(const sa_file *f, int o, char *buf, size_t size)
{
    snprintf(buf, size, "Replication noise: %.0f%% of one replication's variance, %.0f%% of the replication mean's",
             100 * f->noise_share[o], 100 * f->noise_share_of_mean[o]);
}

static sim_status add_figure(plot_figures *out, const char *prefix, const char *name, const char *tmpl, char *data,
                             plot_figure **fig)
{
    if (!data) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    char stem[PLOT_STEM_MAX];
    stem_of(prefix, name, stem, sizeof stem);
    sim_status st = plot_figures_add(out, stem, tmpl, fig);
    if (st != SIM_OK) {
        free(data);
        return st;
    }
    (*fig)->data = data;
    return SIM_OK;
}

static sim_status morris_figures(const plot_inputs *in, const sa_file *f, int o, int *order, plot_figures *out)
{
    const double *tab = f->table + (size_t)o * (size_t)f->nfactors * (size_t)f->ncols;
    const char *name = f->output_names[o], *unit = f->output_units[o];
    char sub[256], label[256];
    noise_text(f, o, sub, sizeof sub);
    rank_by(tab, f->nfactors, f->ncols, 1, order);
    static const int scatter[] = {1, 2, 3, 4}; /* mu_star, sigma, mu_star_lo, mu_star_hi */
    plot_figure *fig;
    SIM_CHECK(add_figure(out, "sa_morris_", name, "sensitivity_morris.gp",
                         data_text(f, tab, order, f->nfactors, scatter, 4, "rank factor mu_star sigma mu_star_lo mu_star_hi"),
                         &fig));
    SIM_CHECK(plot_figure_set_quoted(fig, "OUTPUTNAME", name));
    SIM_CHECK(plot_figure_set_quoted(fig, "SUBTITLE", sub));
    snprintf(label, sizeof label, "mu* (%s per whole range of the factor), %.0f%% bootstrap interval", unit,
             100 * f->confidence);
    SIM_CHECK(plot_figure_set_quoted(fig, "XLABEL", label));
    snprintf(label, sizeof label, "sigma (%s)", unit);
    SIM_CHECK(plot_figure_set_quoted(fig, "YLABEL", label));
    SIM_CHECK(plot_figure_set(fig, "NLABEL", "%d", SA_PLOT_LABELS));
    SIM_CHECK(plot_figure_set_quoted(fig, "SOURCE", in->source));

    int nbars = f->nfactors < SA_PLOT_MAX_BARS ? f->nfactors : SA_PLOT_MAX_BARS;
    static const int bars[] = {1, 3, 4, -1, -1, -1};
    SIM_CHECK(add_figure(out, "sa_rank_", name, "sensitivity_bars.gp",
                         data_text(f, tab, order, nbars, bars, 6, "rank factor mu_star lo hi - - -"), &fig));
    snprintf(label, sizeof label, "Morris screening: %s, the %d factors with the largest mu*", name, nbars);
    SIM_CHECK(plot_figure_set_quoted(fig, "TITLE", label));
    SIM_CHECK(plot_figure_set_quoted(fig, "SUBTITLE", sub));
    snprintf(label, sizeof label, "mu* (%s per whole range of the factor)", unit);
    SIM_CHECK(plot_figure_set_quoted(fig, "XLABEL", label));
    SIM_CHECK(plot_figure_set(fig, "NBARS", "%d", nbars));
    SIM_CHECK(plot_figure_set(fig, "TWOSERIES", "0"));
    snprintf(label, sizeof label, "mu*, %.0f%% bootstrap interval", 100 * f->confidence);
    SIM_CHECK(plot_figure_set_quoted(fig, "SERIES1", label));
    SIM_CHECK(plot_figure_set_quoted(fig, "SERIES2", ""));
    return plot_figure_set_quoted(fig, "SOURCE", in->source);
}

static sim_status sobol_figure(const plot_inputs *in, const sa_file *f, int o, int *order, plot_figures *out)
{
    const double *tab = f->table + (size_t)o * (size_t)f->nfactors * (size_t)f->ncols;
    const char *name = f->output_names[o];
    char sub[256], label[256];
    noise_text(f, o, sub, sizeof sub);
    rank_by(tab, f->nfactors, f->ncols, 3, order);
    int nbars = f->nfactors < SA_PLOT_MAX_BARS ? f->nfactors : SA_PLOT_MAX_BARS;
    static const int bars[] = {3, 4, 5, 0, 1, 2}; /* total, its interval; first, its interval */
    plot_figure *fig;
    SIM_CHECK(add_figure(out, "sa_sobol_", name, "sensitivity_bars.gp",
                         data_text(f, tab, order, nbars, bars, 6, "rank factor total lo hi first lo hi"), &fig));
    snprintf(label, sizeof label, "Sobol indices: %s", name);
    SIM_CHECK(plot_figure_set_quoted(fig, "TITLE", label));
    SIM_CHECK(plot_figure_set_quoted(fig, "SUBTITLE", sub));
    SIM_CHECK(plot_figure_set_quoted(fig, "XLABEL", "share of the variance of the replication mean"));
    SIM_CHECK(plot_figure_set(fig, "NBARS", "%d", nbars));
    SIM_CHECK(plot_figure_set(fig, "TWOSERIES", "1"));
    snprintf(label, sizeof label, "total index, %.0f%% interval", 100 * f->confidence);
    SIM_CHECK(plot_figure_set_quoted(fig, "SERIES1", label));
    snprintf(label, sizeof label, "first-order index, %.0f%% interval", 100 * f->confidence);
    SIM_CHECK(plot_figure_set_quoted(fig, "SERIES2", label));
    return plot_figure_set_quoted(fig, "SOURCE", in->source);
}

sim_status plot_build_sensitivity(const plot_inputs *in, plot_figures *out)
{
    const sa_file *f = in->sensitivity;
    if (!f) return SIM_OK;
    int *order = calloc((size_t)f->nfactors, sizeof *order);
    if (!order) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    sim_status st = SIM_OK;
    int morris = f->ncols == SA_MORRIS_COLUMNS;
    for (int o = 0; o < f->noutputs && st == SIM_OK; o++)
        st = morris ? morris_figures(in, f, o, order, out) : sobol_figure(in, f, o, order, out);
    free(order);
    if (st != SIM_OK) sim_trace_at(__FILE__, __LINE__, __func__);
    return st;
}
