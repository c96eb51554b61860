/**
 * @file cmd_export.c
 * @brief `chansim export RESULTS.h5 -o DIR`: CSV for R and pandas users.
 */
#include <getopt.h>
#include <stdio.h>

#include "sim/cli/cli.h"
#include "sim/io/export.h"
#include "sim/io/sensitivity_export.h"
#include "sim/io/sensitivity_read.h"
#include "sim/run/scenario.h"

static const char export_usage[] =
    "usage: chansim export RESULTS.h5 -o DIR\n"
    "\n"
    "Write DIR/<scenario>_weekly.csv (week_start, then <metric>_mean,_q05,_q50,_q95 for each\n"
    "metric) and DIR/summary.csv (scenario,metric,mean,sd,q05,q50,q95 over the horizon).\n"
    "DIR is created if missing. Empty fields are NA (e.g. people per boat in a week without boats).\n"
    "A sensitivity file (chansim sensitivity) also gives DIR/sensitivity.csv: each output's factors\n"
    "ranked, with mu*, sigma and intervals (Morris) or first and total indices and intervals (Sobol).\n"
    "\n"
    "  -o, --output DIR    output directory\n"
    "  -h, --help          this help\n";

int cmd_export(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
    };
    const char *dir = NULL;
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        if (c == 'o') dir = optarg;
        else if (c == 'h') {
            fputs(export_usage, stdout);
            return CLI_EXIT_OK;
        } else
            return cli_report(SIM_FAIL(SIM_ERR_USAGE, "export: unknown or incomplete option '%s'", argv[optind - 1]));
    }
    if (optind != argc - 1 || !dir)
        return cli_report(SIM_FAIL(SIM_ERR_USAGE, "export: expected RESULTS.h5 and -o DIR (see chansim export --help)"));
    sim_status st = export_csv(argv[optind], scenario_metric_set(), dir);
    if (st == SIM_OK && sa_file_present(argv[optind])) st = sa_export_csv(argv[optind], dir);
    if (st == SIM_OK) printf("wrote CSV files to %s\n", dir);
    return cli_report(st);
}
