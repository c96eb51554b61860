/**
 * @file main.c
 * @brief `chansim`: the command line. Dispatches to a subcommand; only this layer
 *        prints errors and chooses exit codes.
 */
#include <stdio.h>
#include <string.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <gsl/gsl_errno.h>
#include <gsl/gsl_version.h>
#include <hdf5.h>

#include "sim/engine/version.h"
#include "sim/cli/cli.h"


static const char usage[] =
    "Usage: chansim <command> [options]\n"
    "\n"
    "Agent-based Monte Carlo simulation of small-boat Channel crossings under deterrence policies.\n"
    "\n"
    "commands:\n"
    "  run CONFIG       run one scenario's replications and write HDF5 results\n"
    "  batch CONFIG...  run scenarios with common random numbers and compare them with a baseline\n"
    "  export RESULTS   write every table of a results file as tidy CSV, with a data dictionary\n"
    "  bench CONFIG     measure agent-days per second on 1 thread and on all threads\n"
    "  params           list every parameter with unit, default and source (--markdown for docs)\n"
    "  config CONFIG    print the resolved config (every key, value and origin)\n"
    "  plot RESULTS     draw comparison plots with gnuplot (PNG/SVG/PDF, each with its data and script)\n"
    "  sweep SWEEP      run a parameter sweep (grid, lhs, sobol, list); --shard, --resume, MPI\n"
    "  merge OUT SHARD...  combine the shard files of a sweep into the whole sweep's file\n"
    "  sensitivity SA   Morris screening or Sobol indices of outputs and policy effects\n"
    "  threshold SWEEP.h5  where a deterrent bites: shares for a 10% fall and for break-even\n"
    "  calibrate CAL    ABC-SMC of the parameters in CAL against the observed record; calibrated config\n"
    "  validate RESULTS  compare simulated with observed series on any window; proper scores against naive forecasts\n"
    "  backtest BT      rolling-origin forecasts scored against the record and two naive forecasts\n"
    "\n"
    "options:\n"
    "  -h, --help       this help; `chansim help COMMAND` or `chansim COMMAND --help` for one command\n"
    "  -V, --version    version, git commit and library versions\n"
    "\n"
    "Every command takes -h/--help, and -q/--quiet where it shows progress; `--` ends the options.\n"
    "A shipped CONFIG, SWEEP, SA, CAL or BT file can be named without its directory and .ini\n"
    "(`chansim run baseline`, `chansim sweep rwanda_deterrence`). Data, plot templates and configs\n"
    "are found in the source tree when run from it, else in PREFIX/share/chansim, or in\n"
    "$CHANSIM_DATA_DIR. Outputs go to the current directory unless -o says otherwise.\n";

typedef struct {
    const char *name;
    int (*fn)(int, char **);
} command;

static const command commands[] = {
    {"run", cmd_run}, {"batch", cmd_batch}, {"export", cmd_export}, {"bench", cmd_bench},
    {"params", cmd_params}, {"config", cmd_config},
    {"plot", cmd_plot},
    {"sweep", cmd_sweep}, {"merge", cmd_merge}, {"sensitivity", cmd_sensitivity}, {"threshold", cmd_threshold},
    {"calibrate", cmd_calibrate}, {"validate", cmd_validate}, {"backtest", cmd_backtest},
};

/* "chansim --version": this program's version and the libraries' it was built with. */
static int print_version(void)
{
    unsigned maj, min, rel;
    H5get_libversion(&maj, &min, &rel);
    printf("chansim %s (git %s)\nGSL %s, HDF5 %u.%u.%u\n", sim_version(), sim_git_commit(), gsl_version, maj, min, rel);
    return CLI_EXIT_OK;
}

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(name, commands[i].name) == 0) return &commands[i];
    return NULL;
}

/* "chansim help [COMMAND]": the top-level help, or what "chansim COMMAND --help" prints. */
static int help(int argc, char **argv)
{
    if (argc < 3) {
        fputs(usage, stdout);
        return CLI_EXIT_OK;
    }
    const command *c = find_command(argv[2]);
    if (!c) {
        fprintf(stderr, "chansim: help: unknown command '%s'\n\n%s", argv[2], usage);
        return CLI_EXIT_USAGE;
    }
    char *sub[] = {argv[2], "--help", NULL};
    return c->fn(2, sub);
}

/* Keep freed memory in the process for the next replication pass to reuse. Every pass
 * (a scenario of a batch, a sweep point, a calibration generation) gives each thread
 * fresh models; glibc's default returns their buffers to the kernel (mmap above a
 * moving threshold, trimming the heaps), so each pass touched them anew: page faults
 * that cost the second thread of `chansim bench -r 16` about 10% more CPU time than
 * the first, for the same work (docs/hpc.md, seventh round). 32 MiB is the largest
 * mmap threshold glibc takes on 64-bit systems; larger blocks (long horizons, huge
 * inflows) are still mapped and returned. No effect on results. */
static void keep_freed_memory(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

int main(int argc, char **argv)
{
    keep_freed_memory();
    /* GSL's default handler aborts; chansim checks its inputs and reports errors itself. */
    gsl_set_error_handler_off();
    /* No HDF5 clean-up at exit: every file is closed explicitly, and after a failed
     * H5Fclose (a full disk) HDF5 1.10's exit-time clean-up closes the file again and
     * crashes (SIGSEGV), turning a clear "No space left on device" into exit 139. Must
     * come before any other HDF5 call. */
    H5dont_atexit();
    if (argc >= 2 && strcmp(argv[1], "--") == 0) { /* "chansim -- run ...": -- ends chansim's own options */
        argv[1] = argv[0];
        argv++;
        argc--;
    }
    if (argc < 2) {
        fputs(usage, stderr);
        return CLI_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage, stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(argv[1], "help") == 0) return help(argc, argv);
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "version") == 0)
        return print_version();
    const command *c = find_command(argv[1]);
    if (c) return c->fn(argc - 1, argv + 1);
    fprintf(stderr, "chansim: unknown command '%s'\n\n%s", argv[1], usage);
    return CLI_EXIT_USAGE;
}
