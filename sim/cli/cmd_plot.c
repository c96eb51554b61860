/**
 * @file cmd_plot.c
 * @brief `chansim plot RESULTS.h5 [-o DIR] [--format png|svg|pdf] [--observed FILE]`:
 *        comparison plots drawn by gnuplot, each beside its data and script.
 */
#include <getopt.h>
#include <stdio.h>

#include "sim/cli/cli.h"
#include "sim/plot/plot.h"
#include "sim/run/scenario.h"

static const char plot_usage[] =
    "Usage: chansim plot RESULTS.h5 [-o DIR] [--format png|svg|pdf] [--observed FILE] [--force]\n"
    "\n"
    "Draw the plots a results file supports, with gnuplot (found on PATH at run time, or\n"
    "$CHANSIM_GNUPLOT):\n"
    "  arrivals_weekly      weekly arrivals per scenario, mean and 90% band\n"
    "  arrivals_cumulative  cumulative arrivals, mean and 90% band\n"
    "  deaths_ppb           cumulative deaths at sea and weekly people per boat\n"
    "  diff_baseline        differences from the baseline, 95% intervals (batch files)\n"
    "  cost_prevented       extra cost against crossings prevented (batch files)\n"
    "  observed_weekly      baseline against observed weekly arrivals (with --observed)\n"
    "  sweep_<param>        outcomes against each swept parameter (sweep files)\n"
    "Beside each image are <plot>.dat (its data) and <plot>.gp (its script): edit the script\n"
    "and run `gnuplot <plot>.gp` in DIR to restyle. Templates: plots/ ($CHANSIM_PLOTS_DIR).\n"
    "\n"
    "  -o, --output DIR     output directory (default: RESULTS without .h5, plus _plots)\n"
    "      --format F       png (1200x750, default), svg or pdf\n"
    "      --observed FILE  observed weekly CSV (week_ending,migrants,...) to compare with the\n"
    "                       baseline over the weeks both cover, e.g. data/uk_small_boats_weekly.csv\n"
    "  -f, --force          replace plot files already in DIR\n"
    "  -q, --quiet          print nothing on success (no notes either)\n"
    "  -h, --help           this help\n"
    "\n"
    "Weekly values are drawn at mid-week; simulated and observed weeks align by date.\n"
    "Nothing is written unless every plot is drawn.\n";

int cmd_plot(int argc, char **argv)
{
    enum { OPT_FORMAT = 1000, OPT_OBSERVED };
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'}, {"format", required_argument, 0, OPT_FORMAT},
        {"observed", required_argument, 0, OPT_OBSERVED}, {"force", no_argument, 0, 'f'},
        {"quiet", no_argument, 0, 'q'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
    };
    plot_options o = {.format = PLOT_PNG, .metrics = scenario_metric_set()};
    int quiet = 0, c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:fqh", opts, NULL)) != -1) {
        switch (c) {
        case 'o': o.outdir = optarg; break;
        case OPT_FORMAT: {
            sim_status st = plot_format_parse(optarg, &o.format);
            if (st != SIM_OK) return cli_report(st);
            break;
        }
        case OPT_OBSERVED: o.observed = optarg; break;
        case 'f': o.force = 1; break;
        case 'q': quiet = 1; break;
        case 'h': fputs(plot_usage, stdout); return CLI_EXIT_OK;
        default:
            return cli_report(SIM_FAIL(SIM_ERR_USAGE, "plot: unknown or incomplete option '%s' (see chansim plot --help)",
                                       argv[optind - 1]));
        }
    }
    if (optind != argc - 1)
        return cli_report(SIM_FAIL(SIM_ERR_USAGE, "plot: expected one RESULTS.h5 (see chansim plot --help)"));
    o.results = argv[optind];

    plot_report *rep = NULL;
    sim_status st = plot_results(&o, &rep);
    if (st != SIM_OK) return cli_report(st);
    if (!quiet) {
        for (size_t i = 0; i < rep->nnotes; i++) fprintf(stderr, "chansim: note: %s\n", rep->notes[i]);
        printf("wrote %zu plot%s to %s:", rep->nimages, rep->nimages == 1 ? "" : "s", rep->outdir);
        for (size_t i = 0; i < rep->nimages; i++) printf(" %s", rep->images[i]);
        printf("\n(each with its .dat and .gp; rerun with: cd %s && gnuplot NAME.gp)\n", rep->outdir);
    }
    plot_report_destroy(&rep);
    return CLI_EXIT_OK;
}
