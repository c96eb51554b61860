/**
 * @file cmd_run.c
 * @brief `chansim run CONFIG` and `chansim batch CONFIG...`: scenarios' replications
 *        to one HDF5 file; a batch adds paired comparisons with a baseline.
 *
 * Both share one path: load every config first (so a typo fails in milliseconds),
 * open the output (so a bad path fails before any work), run each scenario with the
 * same seed and replication indices (common random numbers), write, commit.
 */
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/cli/cli.h"
#include "sim/cli/run_table.h"
#include "sim/run/memory.h"
#include "sim/engine/compare.h"
#include "sim/io/compare_io.h"
#include "sim/io/output.h"
#include "sim/run/runner.h"
#include "sim/run/scenario.h"
#include "sim/engine/summary.h"

static const char run_usage[] =
    "Usage: chansim run CONFIG [-r REPS] [-s SEED] [-o OUT.h5] [--force] [--set section.key=value]...\n"
    "\n"
    "Run the scenario in CONFIG and write per-replication weekly, daily and group series,\n"
    "totals and summaries to OUT.h5 (default <scenario>.h5 in the current directory). CONFIG is a\n"
    "file, or the name of a shipped scenario (e.g. baseline: configs/scenarios/baseline.ini of the\n"
    "source tree or of PREFIX/share/chansim).\n"
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

static const char batch_usage[] =
    "Usage: chansim batch CONFIG... [-r REPS] [-s SEED] [-o OUT.h5] [--baseline NAME] [--force] [--set "
    "section.key=value]...\n"
    "\n"
    "Run every scenario with common random numbers (replication i of each scenario uses the\n"
    "same random streams) and write one file (default batch.h5): each scenario as\n"
    "`run` writes it, plus /comparison/<scenario> with paired differences from the baseline\n"
    "(mean and 95% interval over replications), cost per crossing prevented and per death\n"
    "averted. Prints a comparison table.\n"
    "\n"
    "  --baseline NAME     reference scenario (default: the one named 'baseline')\n"
    "  -r, -s, -o, -f, --set, --check, -q   as for `chansim run` (--set applies to every scenario;\n"
    "                      seed and replications default to the baseline's [run] section)\n"
    "  -h, --help          this help\n";

typedef struct {
    int batch;           /* 1 for batch */
    long reps, seed;     /* -1: from the config */
    const char *output;  /* NULL: default */
    const char *baseline;
    int force, check, quiet, help;
    cli_list sets, configs;
} run_args;

static sim_status parse_args(int argc, char **argv, run_args *a)
{
    static const struct option opts[] = {
        {"reps", required_argument, 0, 'r'}, {"seed", required_argument, 0, 's'},
        {"output", required_argument, 0, 'o'}, {"force", no_argument, 0, 'f'},
        {"set", required_argument, 0, 'S'}, {"check", no_argument, 0, 'C'},
        {"baseline", required_argument, 0, 'B'}, {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
    };
    const char *cmd = a->batch ? "batch" : "run";
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "r:s:o:fqh", opts, NULL)) != -1) {
        switch (c) {
        case 'r': SIM_CHECK(cli_parse_int("--reps", optarg, 1, 1000000, &a->reps)); break;
        case 's': SIM_CHECK(cli_parse_int("--seed", optarg, 0, 2147483647L, &a->seed)); break;
        case 'o': a->output = optarg; break;
        case 'f': a->force = 1; break;
        case 'S': SIM_CHECK(cli_list_add(&a->sets, optarg)); break;
        case 'C': a->check = 1; break;
        case 'q': a->quiet = 1; break;
        case 'h': a->help = 1; return SIM_OK;
        case 'B':
            if (a->batch) {
                a->baseline = optarg;
                break;
            }
            return SIM_FAIL(SIM_ERR_USAGE, "run: --baseline is for chansim batch");
        default:
            return SIM_FAIL(SIM_ERR_USAGE, "%s: unknown or incomplete option '%s' (see chansim %s --help)", cmd,
                            argv[optind - 1], cmd);
        }
    }
    for (int i = optind; i < argc; i++) SIM_CHECK(cli_list_add(&a->configs, argv[i]));
    if (a->configs.n == 0 || (!a->batch && a->configs.n != 1))
        return SIM_FAIL(SIM_ERR_USAGE, "%s: expected %s (see chansim %s --help)", cmd,
                        a->batch ? "one or more CONFIG files" : "exactly one CONFIG file", cmd);
    return SIM_OK;
}

typedef struct {
    char (*paths)[PATH_MAX]; /* the configs as found (cli_config_path) */
    scenario **scen;
    sim_results **res;
    cmp_result **cmp;
    size_t n, ncmp;
    int base;
} batch_state;

static void batch_free(batch_state *b)
{
    for (size_t i = 0; i < b->n; i++) {
        scenario_destroy(&b->scen[i]);
        results_destroy(&b->res[i]);
    }
    for (size_t i = 0; i < b->ncmp; i++) cmp_destroy(&b->cmp[i]);
    free(b->paths);
    free(b->scen);
    free(b->res);
    free(b->cmp);
}

static sim_status load_all(const run_args *a, batch_state *b)
{
    b->n = a->configs.n;
    SIM_CALLOC(b->paths, b->n);
    SIM_CALLOC(b->scen, b->n);
    SIM_CALLOC(b->res, b->n);
    SIM_CALLOC(b->cmp, b->n);
    for (size_t i = 0; i < b->n; i++) {
        const char *path = cli_config_path("scenarios", a->configs.items[i], b->paths[i], sizeof b->paths[i]);
        SIM_CHECK(scenario_load(path, a->sets.items, a->sets.n, NULL, &b->scen[i]));
        for (size_t j = 0; j < i; j++)
            if (strcmp(b->scen[i]->name, b->scen[j]->name) == 0)
                return SIM_FAIL(SIM_ERR_CONFIG, "%s and %s both name the scenario '%s'; set [scenario] name",
                                b->scen[j]->path, b->scen[i]->path, b->scen[i]->name);
    }
    b->base = 0;
    if (a->batch) {
        const char *want = a->baseline ? a->baseline : "baseline";
        b->base = -1;
        for (size_t i = 0; i < b->n; i++)
            if (strcmp(b->scen[i]->name, want) == 0) b->base = (int)i;
        if (b->base < 0)
            return SIM_FAIL(SIM_ERR_USAGE, "batch: no scenario is named '%s'%s", want,
                            a->baseline ? "" : " (name one with --baseline NAME)");
        const scen_params *bp = &b->scen[b->base]->params.scenario;
        for (size_t i = 0; i < b->n; i++) {
            const scen_params *sp = &b->scen[i]->params.scenario;
            if (sp->start_date != bp->start_date || sp->days != bp->days)
                return SIM_FAIL(SIM_ERR_CONFIG,
                                "%s: [scenario] start_date and days must match the baseline %s for a paired comparison",
                                b->scen[i]->path, b->scen[b->base]->path);
        }
    }
    return SIM_OK;
}

static sim_status run_main(int argc, char **argv, run_args *a)
{
    SIM_CHECK(parse_args(argc, argv, a));
    if (a->help) return SIM_OK;
    batch_state b = {0};
    sim_status st = load_all(a, &b);
    const scenario *ref = st == SIM_OK ? b.scen[b.base] : NULL;
    char default_path[256];
    if (st == SIM_OK && !a->output) {
        snprintf(default_path, sizeof default_path, "%s.h5", a->batch ? "batch" : ref->name);
        a->output = default_path;
    }
    out_file *f = NULL;
    if (st == SIM_OK) {
        int reps = a->reps > 0 ? (int)a->reps : ref->params.run.replications;
        st = run_memory_check(ref->path, (int)b.n, reps, ref->params.scenario.days, MIG_GROUPS, run_available_bytes());
    }
    if (st == SIM_OK) st = out_open(a->output, a->force, &f); /* before any work: a bad path fails now */
    run_options o = {0};
    if (st == SIM_OK)
        o = (run_options){
            .reps = a->reps > 0 ? (int)a->reps : ref->params.run.replications,
            .seed = (uint32_t)(a->seed >= 0 ? a->seed : ref->params.run.seed),
            .check_invariants = a->check, .progress = !a->quiet,
        };
    char *cmdline = cli_command_line(argc, argv);
    out_provenance prov;
    cli_provenance_init(&prov, cmdline, o.seed, o.reps);
    for (size_t i = 0; st == SIM_OK && i < b.n; i++) {
        o.label = b.scen[i]->name;
        st = runner_run(b.scen[i], &o, &b.res[i], NULL);
        if (st == SIM_OK) st = out_write_scenario(f, b.res[i]);
    }
    for (size_t i = 0; st == SIM_OK && a->batch && i < b.n; i++)
        if ((int)i != b.base) st = cmp_compute(b.res[i], b.res[b.base], &b.cmp[b.ncmp++]);
    if (st == SIM_OK && a->batch) st = cmp_write(out_file_handle(f), ref->name, b.cmp, b.ncmp);
    prov.end_time = cli_now();
    if (st == SIM_OK) st = out_write_provenance(f, &prov, (const sim_results *const *)b.res, b.n);
    if (st == SIM_OK) st = out_commit(&f);
    else out_abort(&f);
    if (st == SIM_OK && !a->quiet) {
        if (a->batch) table_print_comparison(stdout, b.cmp, b.ncmp, b.res[b.base]);
        else table_print_summary(stdout, b.res[0]);
        printf("wrote %s\n", a->output);
    }
    free(cmdline);
    batch_free(&b);
    return st;
}

static int run_or_batch(int argc, char **argv, int batch)
{
    /* Several copies under mpirun would each run everything and race to write one file. */
    cli_mpi m = cli_mpi_begin();
    runner_install_signal_handlers();
    run_args a = {.batch = batch, .reps = -1, .seed = -1};
    sim_status st = cli_mpi_check(&m, batch ? "batch" : "run", 0);
    if (st == SIM_OK) st = run_main(argc, argv, &a);
    cli_list_free(&a.sets);
    cli_list_free(&a.configs);
    int code;
    if (st == SIM_OK && a.help) {
        fputs(batch ? batch_usage : run_usage, stdout);
        code = CLI_EXIT_OK;
    } else {
        code = cli_exit(&m, st);
    }
    cli_mpi_end(&m);
    return code;
}

int cmd_run(int argc, char **argv) { return run_or_batch(argc, argv, 0); }

int cmd_batch(int argc, char **argv) { return run_or_batch(argc, argv, 1); }
