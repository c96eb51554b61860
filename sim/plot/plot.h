/**
 * @file plot.h
 * @brief `chansim plot`: comparison plots of a results file, drawn by gnuplot.
 *
 * For every plot the output directory gets three files with the same stem: the
 * image, `<stem>.dat` (whitespace-separated columns under a commented header naming
 * them and their units) and `<stem>.gp`, the gnuplot script that drew it, made from
 * the template `plots/<template>.gp` (placeholders in plots/README.md). A user can
 * restyle `<stem>.gp` and rerun `gnuplot <stem>.gp` in that directory.
 *
 * Plots (stems), each drawn when its inputs are in the file:
 *   - arrivals_weekly      weekly arrivals, mean and 90% band, one panel per scenario  (any file)
 *   - arrivals_cumulative  cumulative arrivals, mean and 90% band                     (any file)
 *   - deaths_ppb           cumulative deaths at sea and weekly people per boat, means  (any file)
 *   - diff_baseline        paired differences from the baseline, 95% intervals,
 *                          for arrivals, deaths and cost                              (/comparison)
 *   - cost_prevented       extra cost against crossings prevented, 95% intervals      (/comparison)
 *   - observed_weekly      simulated (baseline) against observed weekly arrivals       (--observed)
 *   - sweep_<param>        each outcome against each swept parameter, 90% bands        (/sweep)
 *
 * Weekly values are drawn at the middle day of their week (start + 3 days), the
 * simulated weeks (which start on the scenario's start date) and the observed weeks
 * (Monday to the Sunday `week_ending`) alike, so the two series align by date. A
 * final partial week (horizon not a whole number of weeks) is left out of weekly plots.
 *
 * Atomicity: everything is made in a private temporary directory and moved into
 * place only when every plot has been drawn, so a failure leaves the output
 * directory as it was. Existing plot files are replaced only with `force`.
 */
#ifndef CHANSIM_PLOT_H
#define CHANSIM_PLOT_H

#include <stddef.h>

#include "sim/engine/metric.h"
#include "sim/engine/status.h"

/** Image formats. */
typedef enum {
    PLOT_PNG, /**< 1200 x 750 px (pngcairo; png if gnuplot lacks cairo) */
    PLOT_SVG, /**< 1200 x 750 px, scalable */
    PLOT_PDF  /**< 8 x 5 in (pdfcairo) */
} plot_format;

/** Parse "png", "svg" or "pdf". Errors: anything else (SIM_ERR_USAGE). */
sim_status plot_format_parse(const char *text, plot_format *format);

/** File extension of a format, without the dot ("png"). */
const char *plot_format_ext(plot_format format);

/** What to plot and where. */
typedef struct {
    const char *results;  /**< results file (HDF5) from run, batch or sweep */
    const sim_metric_set *metrics; /**< the model's outputs; plots find arrivals, deaths, people_per_boat
                                        and cost in it by name */
    const char *outdir;   /**< output directory; NULL: the results path without ".h5", plus "_plots" */
    plot_format format;   /**< image format */
    const char *observed; /**< observed weekly CSV (week_ending,migrants,...) for observed_weekly; NULL: none */
    int force;            /**< replace plot files already in outdir (else SIM_ERR_EXISTS, nothing written) */
} plot_options;

/** What plot_results wrote, for the command line to report. */
typedef struct {
    char *outdir;   /**< the output directory used */
    size_t nimages; /**< images written */
    char **images;  /**< their file names (relative to outdir), in drawing order */
    size_t nnotes;  /**< plots skipped */
    char **notes;   /**< why each was skipped, one sentence each */
} plot_report;

/**
 * Draw every plot the results file supports into o->outdir. gnuplot is looked up
 * first (plot_gnuplot_find): without it the error says how to install it and
 * nothing is written. Errors: gnuplot missing or lacking the format's terminal, no
 * templates, unreadable results or observed file (SIM_ERR_IO / SIM_ERR_CONFIG);
 * outdir not a directory or its parent missing (SIM_ERR_IO); plot files present
 * without force (SIM_ERR_EXISTS); a gnuplot failure (SIM_ERR_IO quoting gnuplot).
 * On success *rep is new (free with plot_report_destroy); on failure it is NULL and
 * outdir is unchanged.
 */
sim_status plot_results(const plot_options *o, plot_report **rep);

/** Free a report; sets *rep to NULL. Safe on NULL. */
void plot_report_destroy(plot_report **rep);

#endif
