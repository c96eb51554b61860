/**
 * @file plot_figure.h
 * @brief The plots of a results file as data: for each, its file stem, template,
 *        data-file text and placeholder values; and the builders that make them.
 *
 * Builders only compute: they read the results file, but write nothing to disk,
 * so plot.c can check every output name before it creates any file.
 */
#ifndef CHANSIM_PLOT_FIGURE_H
#define CHANSIM_PLOT_FIGURE_H

#include <stddef.h>

#include "sim/engine/compare.h"
#include "sim/plot/plot_data.h"
#include "sim/io/sensitivity_read.h"
#include "sim/plot/plot_template.h"
#include "sim/engine/status.h"

enum {
    PLOT_SUBS_MAX = 24, /* placeholders one figure may set */
    PLOT_STEM_MAX = 96  /* bytes of a file stem, NUL included */
};

/** One plot: what plot.c writes as <stem>.dat and <stem>.gp, and draws as <stem>.<ext>. */
typedef struct {
    char stem[PLOT_STEM_MAX];     /**< file stem, [A-Za-z0-9_-] only */
    char tmpl[PLOT_STEM_MAX];     /**< template file name in the template directory, e.g. "sweep.gp" */
    char *data;                   /**< contents of <stem>.dat (owned) */
    size_t nsubs;                 /**< placeholders set */
    plot_subst subs[PLOT_SUBS_MAX]; /**< keys are string literals; values are owned */
} plot_figure;

/** The plots to draw, and notes on those skipped. */
typedef struct {
    size_t n;            /**< figures held */
    size_t cap;          /**< room in items */
    plot_figure *items;  /**< the figures, in drawing order (owned) */
    size_t nnotes;       /**< notes held */
    char **notes;        /**< one owned sentence per plot skipped, saying why */
} plot_figures;

/** Weekly metrics and the comparison effect the figures draw, found by name in the model's set. */
typedef struct {
    int arrivals;        /**< people arriving */
    int deaths;          /**< deaths at sea */
    int people_per_boat; /**< arrivals / boats */
    int cost;            /**< cumulative public cost */
    int cost_per_crossing; /**< comparison effect "cost_per_crossing_prevented" (index in the set's effects) */
} plot_metric_ids;

/** Find the metrics of plot_metric_ids in a set; SIM_ERR_CONFIG naming one the set lacks. */
sim_status plot_metric_ids_find(const sim_metric_set *set, plot_metric_ids *ids);

/** What the builders read. */
typedef struct {
    const char *results;          /**< results file path */
    const sim_metric_set *metrics; /**< the model's outputs */
    plot_metric_ids ids;          /**< the metrics drawn */
    const char *source;           /**< its base name, shown in a corner of every plot */
    char **names;                 /**< scenarios in file order */
    size_t nscen;                 /**< how many */
    const char *baseline;         /**< the comparison baseline (NULL: names[0] when nscen > 0) */
    cmp_result *const *cmp;       /**< paired comparisons with the baseline (may be NULL) */
    size_t ncmp;                  /**< how many */
    const plot_observed *observed; /**< observed weekly arrivals, or NULL */
    const plot_sweep *sweep;      /**< sweep design and summaries, or NULL */
    const sa_file *sensitivity;   /**< sensitivity indices (chansim sensitivity), or NULL */
} plot_inputs;

/** Append a new figure with this stem and template; *fig points at it (valid until the next append). */
sim_status plot_figures_add(plot_figures *list, const char *stem, const char *tmpl, plot_figure **fig);

/** Set placeholder `key` (a string literal) of fig to printf-formatted text. */
sim_status plot_figure_set(plot_figure *fig, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/** Set placeholder `key` to text quoted for a single-quoted gnuplot string. */
sim_status plot_figure_set_quoted(plot_figure *fig, const char *key, const char *text);

/** Record a note (printf-formatted) about a plot not drawn. */
sim_status plot_figures_note(plot_figures *list, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** Free every figure and note; leaves an empty list. */
void plot_figures_free(plot_figures *list);

/** A number for a data file: "%.10g", or "NaN" (which the scripts declare missing). */
void plot_num(char *buf, size_t size, double v);

/** A whole number with thousands separators for titles ("41,472"); "n/a" for NaN. */
void plot_thousands(char *buf, size_t size, double v);

/**
 * Tic marks for a date axis from day `first` to day `last` (day numbers): a gnuplot
 * list such as ("2025-01-01", "2025-07-01") on the first days of months, every 1, 2,
 * 3, 6, 12 or 24 months, the smallest step giving at most max_tics marks; "autofreq"
 * (gnuplot's own choice) when fewer than two such days fall in the span. *out is new.
 */
sim_status plot_date_tics(int first, int last, int max_tics, char **out);

/** Time series of every scenario: arrivals_weekly, arrivals_cumulative, deaths_ppb, observed_weekly. */
sim_status plot_build_series(const plot_inputs *in, plot_figures *out);

/** Paired comparisons with the baseline: diff_baseline, cost_prevented (nothing when in->ncmp is 0). */
sim_status plot_build_compare(const plot_inputs *in, plot_figures *out);

/** One sweep_<param> per swept parameter (nothing when in->sweep is NULL). */
sim_status plot_build_sweep(const plot_inputs *in, plot_figures *out);

/**
 * Sensitivity plots (nothing when in->sensitivity is NULL): per output, Morris gives
 * sa_morris_<output> (mu* against sigma) and sa_rank_<output> (ranked mu*); Sobol
 * gives sa_sobol_<output> (ranked total and first-order indices); all with intervals.
 */
sim_status plot_build_sensitivity(const plot_inputs *in, plot_figures *out);

/**
 * Sweeps of one or two parameters that removed people (Rwanda) or returned them under
 * the pilot: sweep_removal_share and sweep_return_share, outcomes against the realised
 * share, coloured by the parameter with fewer values (nothing otherwise).
 */
sim_status plot_build_share(const plot_inputs *in, plot_figures *out);

#endif
