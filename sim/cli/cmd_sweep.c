/**
 * @file cmd_sweep.c
 * @brief `chansim sweep SWEEP.ini`: every design point x replication, OpenMP inside,
 *        optionally over MPI ranks or as one shard of a job array, journaled so an
 *        interrupted run resumes where it stopped.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <omp.h>


#include "sim/cli/cli.h"
#include "sim/cli/sweep_exec.h"
#include "sim/experiments/journal.h"
#include "sim/io/output.h"
#include "sim/run/runner.h"
#include "sim/experiments/sweep.h"
#include "sim/experiments/sweep_mpi.h"
#include "sim/experiments/sweep_output.h"
#include "sim/experiments/sweep_run.h"

static const char sweep_usage[] =
    "Usage: chansim sweep SWEEP.ini [-r REPS] [-s SEED] [-o OUT.h5] [--resume] [--force] [--shard K/N] "
    "[--set section.key=value]... [--dry-run] [-q]\n"
    "\n"
    "Run every point of the design in SWEEP.ini for REPS replications each and write the\n"
    "design table, per-replication totals and per-point summaries to OUT.h5 (default\n"
    "<sweep>.h5, or <sweep>.shard-K-of-N.h5 for a shard, in the current directory). Replication r of\n"
    "every point uses the same random numbers (common random numbers). Sweep file syntax:\n"
    "docs/hpc.md.\n"
    "\n"
    "  -r, --reps N        replications per point (default: [sweep] replications)\n"
    "  -s, --seed N        seed, 0..2147483647 (default: [sweep] seed, else the base's)\n"
    "  -o, --output FILE   results file; an existing file is kept unless --force\n"
    "      --resume        finish an interrupted run from OUT.h5.journal (starts afresh if none)\n"
    "  -f, --force         overwrite OUT.h5, and discard a journal when not resuming\n"
    "      --shard K/N     run only shard K (1..N) of N: points p with p % N == K-1;\n"
    "                      combine the shard files with `chansim merge`\n"
    "      --set K=V       override a key of the base scenario for every point\n"
    "      --dry-run       check the sweep and print its size; run nothing, write nothing\n"
    "      --check         recount every person's state every day (slow; for testing)\n"
    "  -q, --quiet         no progress bar\n"
    "  -h, --help          this help\n"
    "\n"
    "Threads: OMP_NUM_THREADS. MPI (make MPI=1): mpirun -n N bin/chansim sweep ...; rank 0\n"
    "schedules, ranks 1..N-1 compute. The file is the same for any thread, rank or shard count.\n"
    "Completed work is flushed to OUT.h5.journal as it completes; after SIGINT, SIGTERM,\n"
    "SIGKILL or a lost node, rerun the same command with --resume.\n";

typedef struct {
    long reps, seed;
    const char *output;
    int force, resume, dry_run, check, quiet, help;
    int shard_k, shard_n;
    cli_list sets;
    const char *path;
    char found[PATH_MAX]; /* path of a shipped file named without its directory (cli_config_path) */
} sweep_args;

static sim_status parse_args(int argc, char **argv, sweep_args *a)
{
    static const struct option opts[] = {
        {"reps", required_argument, 0, 'r'},  {"seed", required_argument, 0, 's'},
        {"output", required_argument, 0, 'o'}, {"force", no_argument, 0, 'f'},
        {"resume", no_argument, 0, 'R'},      {"shard", required_argument, 0, 'K'},
        {"set", required_argument, 0, 'S'},   {"dry-run", no_argument, 0, 'D'},
        {"check", no_argument, 0, 'C'},       {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},        {0, 0, 0, 0},
    };
    *a = (sweep_args){.reps = -1, .seed = -1, .shard_k = 1, .shard_n = 1};
    int c;
    sim_status st = SIM_OK;
    optind = 0;
    opterr = 0;
    while (st == SIM_OK && (c = getopt_long(argc, argv, "r:s:o:fqh", opts, NULL)) != -1) {
        switch (c) {
        case 'r': st = cli_parse_int("--reps", optarg, 1, 1000000, &a->reps); break;
        case 's': st = cli_parse_int("--seed", optarg, 0, 2147483647L, &a->seed); break;
        case 'o': a->output = optarg; break;
        case 'f': a->force = 1; break;
        case 'R': a->resume = 1; break;
        case 'K': st = sweep_exec_parse_shard(optarg, &a->shard_k, &a->shard_n); break;
        case 'S': st = cli_list_add(&a->sets, optarg); break;
        case 'D': a->dry_run = 1; break;
        case 'C': a->check = 1; break;
        case 'q': a->quiet = 1; break;
        case 'h': a->help = 1; return SIM_OK;
        default:
            st = SIM_FAIL(SIM_ERR_USAGE, "sweep: unknown or incomplete option '%s' (see chansim sweep --help)",
                          argv[optind - 1]);
        }
    }
    if (st == SIM_OK && optind != argc - 1)
        st = SIM_FAIL(SIM_ERR_USAGE, "sweep: expected exactly one SWEEP.ini (see chansim sweep --help)");
    if (st == SIM_OK) a->path = cli_config_path("sweeps", argv[optind], a->found, sizeof a->found);
    return st;
}

/* <sweep file name without .ini>[.shard-K-of-N].h5 */
static sim_status default_output(const sweep_args *a, char *buf, size_t size)
{
    const char *base = strrchr(a->path, '/');
    base = base ? base + 1 : a->path;
    size_t n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".ini") == 0) n -= 4;
    int w = a->shard_n > 1 ? snprintf(buf, size, "%.*s.shard-%d-of-%d.h5", (int)n, base, a->shard_k, a->shard_n)
                           : snprintf(buf, size, "%.*s.h5", (int)n, base);
    if (w < 0 || (size_t)w >= size) return SIM_FAIL(SIM_ERR_USAGE, "sweep file name too long for a default output");
    return SIM_OK;
}

static void print_dry_run(const sweep *s, const sweep_args *a)
{
    printf("sweep %s: %s design, %zu points x %d replications (block %d), seed %u, hash %s\n", s->path,
           design_kind_name(s->design), s->npoints, s->reps, s->block, s->seed, s->hash_hex);
    printf("base scenario %s (%s)\n", s->base_name, s->base_path);
    for (int j = 0; j < s->nparams; j++) {
        double lo = s->points[j], hi = s->points[j];
        for (size_t i = 1; i < s->npoints; i++) {
            double v = s->points[i * (size_t)s->nparams + (size_t)j];
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        char l[64], h[64];
        sweep_format_value(&s->params[j], lo, l, sizeof l);
        sweep_format_value(&s->params[j], hi, h, sizeof h);
        printf("  %-20s", s->params[j].name);
        for (int k = 0; k < s->params[j].nkeys; k++) printf("%s%s", k ? " + " : " ", s->params[j].keys[k]);
        printf("  %s .. %s %s\n", l, h, s->params[j].unit);
    }
    size_t held = 0;
    for (size_t p = 0; p < s->npoints; p++) held += sweep_in_shard(p, a->shard_k, a->shard_n);
    printf("shard %d/%d: %zu points, %zu work units, %zu replications\n", a->shard_k, a->shard_n, held,
           held * (size_t)sweep_blocks(s), held * (size_t)s->reps);
}

static sim_status sweep_main(int argc, char **argv, int rank, int size, sweep_args *a)
{
    sim_status st = parse_args(argc, argv, a);
    if (a->help) return SIM_OK;
    sweep *s = NULL;
    if (st == SIM_OK) {
        /* Rank 0 checks every point; workers would only repeat it. */
        sweep_options o = {.reps = (int)a->reps, .seed = a->seed, .sets = a->sets.items, .nsets = a->sets.n,
                           .skip_validation = rank != 0};
        st = sweep_load(a->path, &o, &s);
    }
    if (st == SIM_OK && a->dry_run) {
        if (rank == 0) print_dry_run(s, a);
        sweep_destroy(&s);
        return SIM_OK;
    }
    if (st != SIM_OK && rank != 0) fprintf(stderr, "chansim: rank %d: %s\n", rank, sim_error_message());
    if (sweep_exec_agree(st != SIM_OK)) {
        sweep_destroy(&s);
        if (st == SIM_OK) return SIM_FAIL(SIM_ERR_CONFIG, "another rank failed to load the sweep");
        return st;
    }

    char default_path[512];
    const char *output = a->output;
    if (st == SIM_OK && !output) {
        st = default_output(a, default_path, sizeof default_path);
        output = default_path;
    }
    if (st == SIM_OK) {
        sweep_exec_options eo = {.label = "sweep", .output = output, .force = a->force, .resume = a->resume, .shard_k = a->shard_k,
                                 .shard_n = a->shard_n, .check = a->check, .quiet = a->quiet, .argc = argc,
                                 .argv = argv};
        st = sweep_exec(s, &eo, rank, size);
    }
    sweep_destroy(&s);
    return st;
}

int cmd_sweep(int argc, char **argv)
{
    cli_mpi m = cli_mpi_begin();
    runner_install_signal_handlers();
    sweep_args a = {0};
    sim_status st = cli_mpi_check(&m, "sweep", 1);
    if (st == SIM_OK) st = sweep_main(argc, argv, m.rank, m.size, &a);
    int code;
    if (st == SIM_OK && a.help) {
        if (m.rank == 0) fputs(sweep_usage, stdout);
        code = CLI_EXIT_OK;
    } else {
        code = cli_exit(&m, st);
    }
    cli_list_free(&a.sets);
    cli_mpi_end(&m);
    return code;
}
