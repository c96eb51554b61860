/**
 * @file cmd_sensitivity.c
 * @brief `chansim sensitivity SA.ini`: Morris screening or Sobol indices of the
 *        model's outputs and of policies' paired effects, run through the sweep
 *        engine (journal, --resume, --shard, merge, MPI).
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "sim/cli/cli.h"
#include "sim/cli/sweep_exec.h"
#include "sim/experiments/sensitivity.h"
#include "sim/experiments/sensitivity_analysis.h"
#include "sim/experiments/sensitivity_output.h"
#include "sim/run/runner.h"

static const char sensitivity_usage[] =
    "Usage: chansim sensitivity SA.ini [-r REPS] [-s SEED] [-o OUT.h5] [--resume] [--force] [--shard K/N] "
    "[--from MERGED.h5] [--set section.key=value]... [--dry-run] [-q]\n"
    "\n"
    "Global sensitivity analysis of the outputs named in SA.ini: Morris screening (mu*, sigma,\n"
    "bootstrap intervals of mu*) or first-order and total Sobol indices (with bootstrap\n"
    "intervals), for the base scenario's totals and for each policy's paired difference from\n"
    "the base. Every design point runs REPS replications per scenario with common random\n"
    "numbers; indices are estimated on the replication mean, and the share of variance that\n"
    "is replication noise is reported. OUT.h5 (default <study>.h5 here) holds /sweep (design\n"
    "and every replication's totals), /sensitivity (indices) and /provenance. Syntax and\n"
    "results: docs/sensitivity.md.\n"
    "\n"
    "  -r, --reps N        replications per point and scenario (default: [sensitivity] replications)\n"
    "  -s, --seed N        seed, 0..2147483647 (default: [sensitivity] seed)\n"
    "  -o, --output FILE   results file; an existing file is kept unless --force\n"
    "      --resume        finish an interrupted run from OUT.h5.journal (starts afresh if none)\n"
    "  -f, --force         overwrite OUT.h5, and discard a journal when not resuming\n"
    "      --shard K/N     run only shard K of N (points p with p % N == K-1); the shard file has\n"
    "                      no indices: `chansim merge ALL.h5 SHARD...` then\n"
    "      --from ALL.h5   compute the indices from a merged (or any whole) results file of this study\n"
    "      --set K=V       override a key of every scenario\n"
    "      --dry-run       check the study and print its size; run nothing, write nothing\n"
    "      --check         recount every person's state every day (slow; for testing)\n"
    "  -q, --quiet         no progress bar\n"
    "  -h, --help          this help\n"
    "\n"
    "Threads: OMP_NUM_THREADS. MPI (make MPI=1): mpirun -n N bin/chansim sensitivity ...\n"
    "The file is the same for any thread, rank or shard count.\n";

typedef struct {
    long reps, seed;
    const char *output, *from;
    int force, resume, dry_run, check, quiet, help;
    int shard_k, shard_n;
    cli_list sets;
    const char *path;
    char found[PATH_MAX]; /* path of a shipped file named without its directory (cli_config_path) */
} sa_args;

static sim_status parse_args(int argc, char **argv, sa_args *a)
{
    static const struct option opts[] = {
        {"reps", required_argument, 0, 'r'},  {"seed", required_argument, 0, 's'},
        {"output", required_argument, 0, 'o'}, {"force", no_argument, 0, 'f'},
        {"resume", no_argument, 0, 'R'},      {"shard", required_argument, 0, 'K'},
        {"from", required_argument, 0, 'F'},  {"set", required_argument, 0, 'S'},
        {"dry-run", no_argument, 0, 'D'},     {"check", no_argument, 0, 'C'},
        {"quiet", no_argument, 0, 'q'},       {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    *a = (sa_args){.reps = -1, .seed = -1, .shard_k = 1, .shard_n = 1};
    int c;
    sim_status st = SIM_OK;
    optind = 0;
    opterr = 0;
    while (st == SIM_OK && (c = getopt_long(argc, argv, "r:s:o:fqh", opts, NULL)) != -1) {
        switch (c) {
        case 'r': st = cli_parse_int("--reps", optarg, 2, 1000000, &a->reps); break;
        case 's': st = cli_parse_int("--seed", optarg, 0, 2147483647L, &a->seed); break;
        case 'o': a->output = optarg; break;
        case 'f': a->force = 1; break;
        case 'R': a->resume = 1; break;
        case 'K': st = sweep_exec_parse_shard(optarg, &a->shard_k, &a->shard_n); break;
        case 'F': a->from = optarg; break;
        case 'S': st = cli_list_add(&a->sets, optarg); break;
        case 'D': a->dry_run = 1; break;
        case 'C': a->check = 1; break;
        case 'q': a->quiet = 1; break;
        case 'h': a->help = 1; return SIM_OK;
        default:
            st = SIM_FAIL(SIM_ERR_USAGE,
                          "sensitivity: unknown or incomplete option '%s' (see chansim sensitivity --help)",
                          argv[optind - 1]);
        }
    }
    if (st == SIM_OK && optind != argc - 1)
        st = SIM_FAIL(SIM_ERR_USAGE, "sensitivity: expected exactly one SA.ini (see chansim sensitivity --help)");
    if (st == SIM_OK && a->from && (a->shard_n > 1 || a->resume))
        st = SIM_FAIL(SIM_ERR_USAGE, "sensitivity: --from analyses a whole results file; it takes no --shard or --resume");
    if (st == SIM_OK) a->path = cli_config_path("sensitivity", argv[optind], a->found, sizeof a->found);
    return st;
}

/* <SA file name without .ini>[.shard-K-of-N].h5 */
static sim_status default_output(const sa_args *a, char *buf, size_t size)
{
    const char *base = strrchr(a->path, '/');
    base = base ? base + 1 : a->path;
    size_t n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".ini") == 0) n -= 4;
    int w = a->shard_n > 1 ? snprintf(buf, size, "%.*s.shard-%d-of-%d.h5", (int)n, base, a->shard_k, a->shard_n)
                           : snprintf(buf, size, "%.*s.h5", (int)n, base);
    if (w < 0 || (size_t)w >= size) return SIM_FAIL(SIM_ERR_USAGE, "SA file name too long for a default output");
    return SIM_OK;
}

static void print_dry_run(const sa_study *s, const sa_args *a)
{
    const sweep *w = s->run;
    printf("sensitivity %s: %s, %d factors, %zu design points x %d scenarios x %d replications (block %d), seed %u, "
           "hash %s\n", s->path, sa_method_name(s->method), s->nfactors, s->ndesign, s->nscen, w->reps, w->block,
           w->seed, w->hash_hex);
    for (int i = 0; i < s->nscen; i++) printf("  scenario %d: %s (%s)\n", i, s->scen_names[i], s->scen_paths[i]);
    for (int j = 0; j < s->nfactors; j++) {
        char l[64], h[64];
        sweep_format_value(&s->factors[j], s->lo[j], l, sizeof l);
        sweep_format_value(&s->factors[j], s->hi[j], h, sizeof h);
        printf("  %-24s", s->factors[j].name);
        for (int k = 0; k < s->factors[j].nkeys; k++) printf("%s%s", k ? " + " : " ", s->factors[j].keys[k]);
        printf("  %s .. %s %s\n", l, h, s->factors[j].unit);
    }
    size_t held = 0;
    for (size_t p = 0; p < w->npoints; p++) held += sweep_in_shard(p, a->shard_k, a->shard_n);
    printf("shard %d/%d: %zu points, %zu work units, %zu replications\n", a->shard_k, a->shard_n, held,
           held * (size_t)sweep_blocks(w), held * (size_t)w->reps);
}

/* The /sensitivity group of a whole run, from its table. */
static sim_status write_indices(void *ctx, out_file *f, const sweep_table *t)
{
    const sa_study *s = ctx;
    sa_result *r = NULL;
    SIM_CHECK(sa_analyse(s, t, &r));
    sim_status st = sa_write(f, s, r);
    sa_result_destroy(&r);
    return st;
}

/* --from: the indices of a merged file, written with its table into a new file. */
static sim_status analyse_file(const sa_study *s, const sa_args *a, const char *output, int argc, char **argv)
{
    sweep_table *t = NULL;
    out_file *f = NULL;
    SIM_CHECK(sweep_table_read(a->from, scenario_metric_set(), &t));
    sim_status st = out_open(output, a->force, &f);
    if (st == SIM_OK) st = sweep_table_write(f, t);
    if (st == SIM_OK) st = write_indices((void *)s, f, t);
    char *cmdline = cli_command_line(argc, argv);
    out_provenance prov;
    cli_provenance_init(&prov, cmdline, s->run->seed, s->run->reps);
    prov.end_time = cli_now();
    sim_results *stubs = calloc((size_t)s->nscen, sizeof *stubs);
    const sim_results **list = calloc((size_t)s->nscen, sizeof *list);
    if (st == SIM_OK && (!stubs || !list)) st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    for (int i = 0; st == SIM_OK && i < s->nscen; i++) {
        snprintf(stubs[i].name, sizeof stubs[i].name, "%s", s->scen_names[i]);
        stubs[i].config_text = s->scen_configs[i];
        list[i] = &stubs[i];
    }
    if (st == SIM_OK) st = out_write_provenance(f, &prov, list, (size_t)s->nscen);
    if (st == SIM_OK) st = out_commit(&f);
    else out_abort(&f);
    if (st == SIM_OK && !a->quiet) printf("sensitivity %s: indices from %s; wrote %s\n", s->path, a->from, output);
    free(stubs);
    free(list);
    free(cmdline);
    sweep_table_destroy(&t);
    return st;
}

static sim_status sa_main(int argc, char **argv, int rank, int size, sa_args *a)
{
    sim_status st = parse_args(argc, argv, a);
    if (a->help) return SIM_OK;
    sa_study *s = NULL;
    if (st == SIM_OK) {
        /* Rank 0 checks every point; workers would only repeat it. */
        sweep_options o = {.reps = (int)a->reps, .seed = a->seed, .sets = a->sets.items, .nsets = a->sets.n,
                           .skip_validation = rank != 0 || a->from != NULL};
        st = sa_study_load(a->path, &o, &s);
    }
    if (st == SIM_OK && a->dry_run) {
        if (rank == 0) print_dry_run(s, a);
        sa_study_destroy(&s);
        return SIM_OK;
    }
    if (st != SIM_OK && rank != 0) fprintf(stderr, "chansim: rank %d: %s\n", rank, sim_error_message());
    if (sweep_exec_agree(st != SIM_OK)) {
        sa_study_destroy(&s);
        if (st == SIM_OK) return SIM_FAIL(SIM_ERR_CONFIG, "another rank failed to load the study");
        return st;
    }
    char default_path[512];
    const char *output = a->output;
    if (!output) {
        st = default_output(a, default_path, sizeof default_path);
        output = default_path;
    }
    if (st == SIM_OK && a->from) {
        if (rank == 0) st = analyse_file(s, a, output, argc, argv);
    } else if (st == SIM_OK) {
        sweep_exec_options eo = {.label = "sensitivity", .output = output, .force = a->force, .resume = a->resume,
                                 .shard_k = a->shard_k, .shard_n = a->shard_n, .check = a->check, .quiet = a->quiet,
                                 .argc = argc, .argv = argv, .configs = (const char *const *)s->scen_configs,
                                 .nconfigs = s->nscen, .extra = write_indices, .ctx = s};
        const char **names = calloc((size_t)s->nscen, sizeof *names);
        if (!names) st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
        for (int i = 0; names && i < s->nscen; i++) names[i] = s->scen_names[i];
        eo.config_names = names;
        if (st == SIM_OK) st = sweep_exec(s->run, &eo, rank, size);
        free(names);
    }
    sa_study_destroy(&s);
    return st;
}

int cmd_sensitivity(int argc, char **argv)
{
    cli_mpi m = cli_mpi_begin();
    runner_install_signal_handlers();
    sa_args a = {0};
    sim_status st = cli_mpi_check(&m, "sensitivity", 1);
    if (st == SIM_OK) st = sa_main(argc, argv, m.rank, m.size, &a);
    int code;
    if (st == SIM_OK && a.help) {
        if (m.rank == 0) fputs(sensitivity_usage, stdout);
        code = CLI_EXIT_OK;
    } else {
        code = cli_exit(&m, st);
    }
    cli_list_free(&a.sets);
    cli_mpi_end(&m);
    return code;
}
