/**
 * @file cmd_sweep.c
 * @brief `chansim sweep SWEEP.ini`: every design point x replication, OpenMP inside,
 *        optionally over MPI ranks or as one shard of a job array, journaled so an
 *        interrupted run resumes where it stopped.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <omp.h>

#ifdef CHANSIM_MPI
#include <mpi.h>
#endif

#include "sim/cli/cli.h"
#include "sim/experiments/journal.h"
#include "sim/io/output.h"
#include "sim/run/runner.h"
#include "sim/experiments/sweep.h"
#include "sim/experiments/sweep_mpi.h"
#include "sim/experiments/sweep_output.h"
#include "sim/experiments/sweep_run.h"

static const char sweep_usage[] =
    "usage: chansim sweep SWEEP.ini [-r REPS] [-s SEED] [-o OUT.h5] [--resume] [--force]\n"
    "                     [--shard K/N] [--set section.key=value]... [--dry-run] [-q]\n"
    "\n"
    "Run every point of the design in SWEEP.ini for REPS replications each and write the\n"
    "design table, per-replication totals and per-point summaries to OUT.h5 (default\n"
    "results/<sweep>.h5, or results/<sweep>.shard-K-of-N.h5 for a shard). Replication r of\n"
    "every point uses the same random numbers (common random numbers). Sweep file syntax:\n"
    "docs/hpc.md.\n"
    "\n"
    "  -r, --reps N        replications per point (default: [sweep] replications)\n"
    "  -s, --seed N        seed, 0..2147483647 (default: [sweep] seed, else the base's)\n"
    "  -o, --output FILE   results file; an existing file is kept unless --force\n"
    "      --resume        finish an interrupted run from OUT.h5.journal (starts afresh if none)\n"
    "  -f, --force         overwrite OUT.h5, and discard a journal when not resuming\n"
    "      --shard K/N     run only shard K (1..N) of N: points p with p %% N == K-1;\n"
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
} sweep_args;

static sim_status parse_shard(const char *text, int *k, int *n)
{
    char *end = NULL;
    errno = 0;
    long a = strtol(text, &end, 10);
    if (errno || end == text || *end != '/')
        return SIM_FAIL(SIM_ERR_USAGE, "--shard: expected K/N such as 3/16, got '%s'", text);
    const char *rest = end + 1;
    long b = strtol(rest, &end, 10);
    if (errno || end == rest || *end || b < 1 || b > 1000000 || a < 1 || a > b)
        return SIM_FAIL(SIM_ERR_USAGE, "--shard: expected K/N with 1 <= K <= N, got '%s'", text);
    *k = (int)a;
    *n = (int)b;
    return SIM_OK;
}

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
        case 'K': st = parse_shard(optarg, &a->shard_k, &a->shard_n); break;
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
    if (st == SIM_OK) a->path = argv[optind];
    return st;
}

/* results/<sweep file name without .ini>[.shard-K-of-N].h5 */
static sim_status default_output(const sweep_args *a, char *buf, size_t size)
{
    const char *base = strrchr(a->path, '/');
    base = base ? base + 1 : a->path;
    size_t n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".ini") == 0) n -= 4;
    int w = a->shard_n > 1 ? snprintf(buf, size, "results/%.*s.shard-%d-of-%d.h5", (int)n, base, a->shard_k, a->shard_n)
                           : snprintf(buf, size, "results/%.*s.h5", (int)n, base);
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

/* Rank 0's set-up: check the output, open or resume the journal, fill the state. */
static sim_status prepare(const sweep_args *a, const char *output, const char *jpath, sweep_state *state,
                          journal **j, size_t *resumed)
{
    /* Probe the output now so a bad path fails in milliseconds; the real write is at the end,
     * so a killed run leaves no temporary file behind. */
    out_file *probe = NULL;
    SIM_CHECK(out_open(output, a->force, &probe));
    out_abort(&probe);
    const sweep *s = state->s;
    journal_header h = {s->hash, (uint32_t)s->npoints, (uint32_t)s->reps, (uint32_t)s->block, M_COUNT,
                        (uint32_t)a->shard_k, (uint32_t)a->shard_n};
    struct stat sb;
    int exists = stat(jpath, &sb) == 0;
    if (a->resume && exists) {
        SIM_CHECK(journal_resume(jpath, &h, sweep_state_put, state, j, resumed));
    } else {
        SIM_CHECK(journal_create(jpath, &h, a->force, j));
    }
    state->j = *j;
    return SIM_OK;
}

/* Rank 0's finish: the results file from the state, then the journal goes. */
static sim_status finish(const sweep_args *a, const char *output, const char *jpath, sweep_state *state,
                         out_provenance *prov)
{
    sweep_table *t = NULL;
    out_file *f = NULL;
    SIM_CHECK(sweep_state_table(state, &t));
    sim_status st = out_open(output, a->force, &f);
    if (st == SIM_OK) st = sweep_table_write(f, t);
    sim_results stub = {0};
    snprintf(stub.name, sizeof stub.name, "%s", state->s->base_name);
    stub.config_text = state->s->base_config;
    const sim_results *list[1] = {&stub};
    prov->end_time = cli_now();
    if (st == SIM_OK) st = out_write_provenance(f, prov, list, 1);
    if (st == SIM_OK) st = out_commit(&f);
    else out_abort(&f);
    sweep_table_destroy(&t);
    /* Only once the file is safely in place is the journal redundant. */
    if (st == SIM_OK && unlink(jpath) != 0)
        fprintf(stderr, "chansim: warning: cannot remove journal '%s': %s\n", jpath, strerror(errno));
    return st;
}

/* Combine a per-rank status into one agreed by every rank (MPI: the worst). */
static int agree(int failed)
{
#ifdef CHANSIM_MPI
    int any = 0;
    MPI_Allreduce(&failed, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return any;
#else
    return failed;
#endif
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
    if (agree(st != SIM_OK)) {
        sweep_destroy(&s);
        if (st == SIM_OK) return SIM_FAIL(SIM_ERR_CONFIG, "another rank failed to load the sweep");
        return st;
    }

    char default_path[512], jpath[1040];
    const char *output = a->output;
    if (!output) {
        st = default_output(a, default_path, sizeof default_path);
        output = default_path;
    }
    snprintf(jpath, sizeof jpath, "%s.journal", output);
    sweep_state *state = NULL;
    journal *j = NULL;
    size_t resumed = 0;
    if (st == SIM_OK && rank == 0) st = sweep_state_create(s, a->shard_k, a->shard_n, &state);
    if (st == SIM_OK && rank == 0) st = prepare(a, output, jpath, state, &j, &resumed);
    if (agree(st != SIM_OK)) {
        journal_close(&j);
        sweep_state_destroy(&state);
        sweep_destroy(&s);
        if (st == SIM_OK) return SIM_FAIL(SIM_ERR_IO, "rank 0 could not start");
        return st;
    }

    char *cmdline = cli_command_line(argc, argv);
    out_provenance prov;
    cli_provenance_init(&prov, cmdline, s->seed, s->reps);
    prov.mpi_procs = size;
    if (rank == 0 && resumed && !a->quiet)
        fprintf(stderr, "chansim: resuming: %zu of %zu work units already done\n", state->units_done,
                state->units_total);
    if (rank == 0) {
        if (size == 1) st = sweep_execute_local(state, a->check, !a->quiet);
#ifdef CHANSIM_MPI
        else st = sweep_mpi_master(state, size, !a->quiet);
#endif
        if (st == SIM_ERR_INTERRUPTED) {
            sim_error_clear();
            st = SIM_FAIL(SIM_ERR_INTERRUPTED,
                          "stopped: %zu of %zu work units are done and kept in '%s'; run the same command with "
                          "--resume to finish",
                          state->units_done, state->units_total, jpath);
        } else if (st == SIM_OK) {
            st = finish(a, output, jpath, state, &prov);
            if (st == SIM_OK && !a->quiet)
                printf("sweep %s: %zu points x %d replications; wrote %s\n", s->path, state->nheld, s->reps, output);
        }
    }
#ifdef CHANSIM_MPI
    else {
        st = sweep_mpi_worker(s, a->check);
    }
#endif
    journal_close(&j);
    sweep_state_destroy(&state);
    sweep_destroy(&s);
    free(cmdline);
    return st;
}

int cmd_sweep(int argc, char **argv)
{
    int rank = 0, size = 1;
#ifdef CHANSIM_MPI
    int provided = 0;
    /* OpenMP threads never call MPI: only the main thread talks. */
    MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
#endif
    runner_install_signal_handlers();
    sweep_args a;
    sim_status st = sweep_main(argc, argv, rank, size, &a);
    int code;
    if (a.help) {
        if (rank == 0) fputs(sweep_usage, stdout);
        code = CLI_EXIT_OK;
    } else if (rank == 0 || st != SIM_OK) {
        code = rank == 0 ? cli_report(st) : CLI_EXIT_ERROR;
    } else {
        code = CLI_EXIT_OK;
    }
    cli_list_free(&a.sets);
#ifdef CHANSIM_MPI
    MPI_Finalize();
#endif
    return code;
}
