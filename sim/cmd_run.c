/**
 * @file cmd_run.c
 * @brief `chansim run CONFIG`: one scenario's replications to an HDF5 file.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "cli.h"
#include "output.h"
#include "runner.h"
#include "scenario.h"
#include "summary.h"

static const char run_usage[] =
    "usage: chansim run CONFIG [-r REPS] [-s SEED] [-o OUT.h5] [--force] [--set section.key=value]...\n"
    "\n"
    "Run the scenario in CONFIG and write per-replication weekly, daily and group series,\n"
    "totals and summaries to OUT.h5 (default results/<scenario>.h5).\n"
    "\n"
    "  -r, --reps N        replications (default: [run] replications)\n"
    "  -s, --seed N        seed, 0..2147483647 (default: [run] seed)\n"
    "  -o, --output FILE   results file; an existing file is kept unless --force\n"
    "  -f, --force         overwrite an existing results file\n"
    "      --set K=V       override a config key, e.g. --set rwanda.capacity_per_year=3000\n"
    "      --check         recount every person's state every day (slow; for testing)\n"
    "  -q, --quiet         no progress bar and no summary table\n"
    "  -h, --help          this help\n"
    "\n"
    "Threads: OMP_NUM_THREADS. Results are identical for any thread count.\n";

/* Key outcomes over the horizon: mean and 90% interval across replications. */
static void print_summary(const sim_results *r)
{
    static const int shown[] = {M_ARRIVALS, M_BOATS, M_PEOPLE_PER_BOAT, M_LAUNCHES, M_PREVENTED_PEOPLE,
                                M_DEATHS, M_GAVE_UP, M_WAITING, M_REMOVED, M_RETURNED, M_ADMITTED,
                                M_BACKLOG, M_GANGS, M_PRICE, M_COST};
    printf("scenario %s: %d replications, %d days from ", r->name, r->reps, r->days);
    char date[16];
    cfg_format_date(r->start_day, date, sizeof date);
    printf("%s (totals over the horizon; stocks at the end)\n", date);
    printf("  %-22s %16s %16s %16s\n", "metric", "mean", "5%", "95%");
    for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
        double s[SUMMARY_COUNT];
        if (summary_stats(r->totals + shown[i], (size_t)r->reps, M_COUNT, s) != SIM_OK) continue;
        printf("  %-22s %16.6g %16.6g %16.6g  %s\n", metric_table[shown[i]].name, s[S_MEAN], s[S_Q05], s[S_Q95],
               metric_table[shown[i]].unit);
    }
}

static sim_status default_output(const char *name, char *buf, size_t size)
{
    if ((size_t)snprintf(buf, size, "results/%s.h5", name) >= size)
        return SIM_FAIL(SIM_ERR_USAGE, "scenario name too long for a default output name");
    return SIM_OK;
}

static sim_status run_main(int argc, char **argv, int *help)
{
    static const struct option opts[] = {
        {"reps", required_argument, 0, 'r'}, {"seed", required_argument, 0, 's'},
        {"output", required_argument, 0, 'o'}, {"force", no_argument, 0, 'f'},
        {"set", required_argument, 0, 'S'}, {"check", no_argument, 0, 'C'},
        {"quiet", no_argument, 0, 'q'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
    };
    long reps = -1, seed = -1;
    const char *output = NULL;
    int force = 0, check = 0, quiet = 0, c;
    cli_list sets = {0};
    sim_status st = SIM_OK;
    optind = 0;
    opterr = 0;
    while (st == SIM_OK && (c = getopt_long(argc, argv, "r:s:o:fqh", opts, NULL)) != -1) {
        switch (c) {
        case 'r': st = cli_parse_int("--reps", optarg, 1, 1000000, &reps); break;
        case 's': st = cli_parse_int("--seed", optarg, 0, 2147483647L, &seed); break;
        case 'o': output = optarg; break;
        case 'f': force = 1; break;
        case 'S': st = cli_list_add(&sets, optarg); break;
        case 'C': check = 1; break;
        case 'q': quiet = 1; break;
        case 'h': *help = 1; cli_list_free(&sets); return SIM_OK;
        default:
            st = SIM_FAIL(SIM_ERR_USAGE, "run: unknown or incomplete option '%s' (see chansim run --help)",
                          argv[optind - 1]);
        }
    }
    if (st == SIM_OK && optind != argc - 1)
        st = SIM_FAIL(SIM_ERR_USAGE, "run: expected exactly one CONFIG file (see chansim run --help)");
    scenario *s = NULL;
    if (st == SIM_OK) st = scenario_load(argv[optind], sets.items, sets.n, NULL, &s);
    cli_list_free(&sets);
    if (st != SIM_OK) return st;

    char default_path[256];
    if (!output) {
        st = default_output(s->name, default_path, sizeof default_path);
        output = default_path;
    }
    out_file *f = NULL;
    if (st == SIM_OK) st = out_open(output, force, &f); /* before any work: a bad path fails now */
    run_options o = {
        .reps = reps > 0 ? (int)reps : s->params.run.replications,
        .seed = (uint32_t)(seed >= 0 ? seed : s->params.run.seed),
        .check_invariants = check, .progress = !quiet, .label = s->name,
    };
    char *cmdline = cli_command_line(argc, argv);
    out_provenance prov;
    cli_provenance_init(&prov, cmdline, o.seed, o.reps);
    sim_results *res = NULL;
    if (st == SIM_OK) st = runner_run(s, &o, &res, NULL);
    if (st == SIM_OK) st = out_write_scenario(f, res);
    prov.end_time = cli_now();
    const sim_results *list[1] = {res};
    if (st == SIM_OK) st = out_write_provenance(f, &prov, list, 1);
    if (st == SIM_OK) st = out_commit(&f);
    else out_abort(&f);
    if (st == SIM_OK && !quiet) {
        print_summary(res);
        printf("wrote %s\n", output);
    }
    free(cmdline);
    results_destroy(&res);
    scenario_destroy(&s);
    return st;
}

int cmd_run(int argc, char **argv)
{
    runner_install_signal_handlers();
    int help = 0;
    sim_status st = run_main(argc, argv, &help);
    if (help) {
        fputs(run_usage, stdout);
        return CLI_EXIT_OK;
    }
    return cli_report(st);
}
