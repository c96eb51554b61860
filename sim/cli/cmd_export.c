/**
 * @file cmd_export.c
 * @brief `chansim export RESULTS.h5 -o DIR`: every table of a results file as tidy CSV in
 *        one folder, with a data dictionary, written whole (sim/io/export.h).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/cli/cli.h"
#include "sim/engine/atomic_file.h"
#include "sim/experiments/sweep_export.h"
#include "sim/io/export.h"
#include "sim/io/sensitivity_export.h"
#include "sim/io/sensitivity_read.h"
#include "sim/run/scenario.h"

static const char export_usage[] =
    "Usage: chansim export RESULTS.h5 -o DIR [--force] [--quiet]\n"
    "\n"
    "Write every table of a results file as tidy CSV (one row per observation, one column per\n"
    "variable; empty fields are NA) into the new folder DIR, with columns.csv describing every\n"
    "column of every file (file,name,unit,description). From a run or batch file: summary.csv\n"
    "(horizon totals across replications: mean, sd, q05, q50, q95), totals.csv, weekly.csv,\n"
    "daily.csv and groups.csv (per replication), weekly_summary.csv, and for a batch\n"
    "comparison.csv and comparison_weekly.csv (paired differences from the baseline with 95%\n"
    "intervals); from a sweep or sensitivity file: sweep_totals.csv and sweep_summary.csv, and\n"
    "sensitivity.csv (factors ranked); always provenance.csv. Weeks are calendar weeks, Monday\n"
    "(week_start) to Sunday (week_ending), with partial_week = 1 for a partial first or last week.\n"
    "DIR appears whole or not at all; its parent must exist.\n"
    "\n"
    "  -o, --output DIR   the folder to write (refused if it exists, unless --force)\n"
    "  -f, --force        replace an existing DIR (a folder of regular files only) whole: no file\n"
    "                     of an earlier export is left\n"
    "  -q, --quiet        no message on success\n"
    "  -h, --help         this help\n";

typedef struct {
    const char *dir;     /**< -o */
    const char *results; /**< the results file */
    int force, quiet;
} export_opts;

static sim_status parse_options(int argc, char **argv, export_opts *o, int *help)
{
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'}, {"force", no_argument, 0, 'f'}, {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},         {0, 0, 0, 0},
    };
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:fqh", opts, NULL)) != -1) {
        switch (c) {
        case 'o': o->dir = optarg; break;
        case 'f': o->force = 1; break;
        case 'q': o->quiet = 1; break;
        case 'h': *help = 1; return SIM_OK;
        default:
            return SIM_FAIL(SIM_ERR_USAGE, "export: unknown or incomplete option '%s' (see chansim export --help)",
                            argv[optind - 1]);
        }
    }
    if (optind != argc - 1)
        return SIM_FAIL(SIM_ERR_USAGE, "export: expected exactly one RESULTS.h5 file (see chansim export --help)");
    if (!o->dir) return SIM_FAIL(SIM_ERR_USAGE, "export: -o DIR is required (see chansim export --help)");
    o->results = argv[optind];
    return SIM_OK;
}

/*
 * Refuse an output folder that holds the results file itself: --force would replace the
 * folder, and the file with it, whole.
 */
static sim_status check_not_inside(const char *results, const char *dir)
{
    char *file = realpath(results, NULL), *folder = realpath(dir, NULL);
    sim_status st = SIM_OK;
    if (file && folder) {
        size_t n = strlen(folder);
        if (strncmp(file, folder, n) == 0 && (file[n] == '/' || (n == 1 && folder[0] == '/')))
            st = SIM_FAIL(SIM_ERR_USAGE,
                          "export: '%s' is inside the output folder '%s', which is written whole: choose another folder",
                          results, dir);
    }
    free(file);
    free(folder);
    return st;
}

/* Every table of o->results into the open folder d; *files: the CSV files written. */
static sim_status export_all(const export_opts *o, atomic_dir *d, int *files)
{
    const sim_metric_set *ms = scenario_metric_set();
    export_ctx x;
    export_ctx_init(&x, d);
    sim_status st = export_results(&x, o->results, ms);
    if (st == SIM_OK && sweep_file_present(o->results)) st = sweep_export(&x, o->results, ms);
    if (st == SIM_OK && sa_file_present(o->results)) st = sa_export_csv(o->results, &x);
    if (st == SIM_OK) st = export_columns_write(&x);
    *files = x.files;
    export_ctx_free(&x);
    return st;
}

int cmd_export(int argc, char **argv)
{
    export_opts o = {0};
    int help = 0;
    sim_status st = parse_options(argc, argv, &o, &help);
    if (st == SIM_OK && help) {
        fputs(export_usage, stdout);
        return CLI_EXIT_OK;
    }
    if (st != SIM_OK) return cli_report(st);
    /* The results file first: a missing or unreadable one writes nothing. */
    if (access(o.results, R_OK) != 0)
        return cli_report(SIM_FAIL(SIM_ERR_IO, "export: cannot read results '%s': %s", o.results, strerror(errno)));
    if ((st = check_not_inside(o.results, o.dir)) != SIM_OK) return cli_report(st);
    atomic_dir d;
    if ((st = atomic_dir_open(&d, o.dir, o.force)) != SIM_OK) return cli_report(st);
    int files = 0;
    st = export_all(&o, &d, &files);
    if (st == SIM_OK) {
        st = atomic_dir_commit(&d);
    } else {
        atomic_dir_discard(&d);
    }
    if (st == SIM_OK && !o.quiet) printf("wrote %d CSV files and columns.csv to %s\n", files, o.dir);
    return cli_report(st);
}
