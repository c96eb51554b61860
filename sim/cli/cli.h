/**
 * @file cli.h
 * @brief Shared pieces of the command-line subcommands: error reporting, number
 *        parsing, provenance, output naming. Only the CLI layer prints or exits.
 */
#ifndef CHANSIM_CLI_H
#define CHANSIM_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "sim/io/output.h"
#include "sim/engine/status.h"

/** Exit codes. */
enum {
    CLI_EXIT_OK = 0,
    CLI_EXIT_ERROR = 1,     /**< the run failed: config, I/O, model */
    CLI_EXIT_USAGE = 2,     /**< bad command line */
    CLI_EXIT_SIGNAL = 128   /**< stopped by signal N: exit 128 + N, the shell's convention (SIGINT 130, SIGTERM 143) */
};

/**
 * Print "chansim: <status name>: <message>" (and the trace when CHANSIM_DEBUG is set);
 * return an exit code. An interruption prints "chansim: stopped by <signal>: <message>"
 * and exits 128 + the signal's number (runner_stop_signal(); SIGINT's if none was recorded).
 */
int cli_report(sim_status st);

/** Parse a whole non-negative int with bounds, or fail with SIM_ERR_USAGE naming the option. */
sim_status cli_parse_int(const char *option, const char *text, long min, long max, long *out);

/** The command line joined with spaces, for provenance (caller frees). */
char *cli_command_line(int argc, char **argv);

/** Provenance of this process: host, threads, MPI processes (1), command line. */
void cli_provenance_init(out_provenance *p, const char *command_line, uint32_t seed, int reps);

/**
 * A config named on the command line: `arg` itself when it is an existing file or a path
 * (holds a '/'); otherwise the shipped configs/<kind>/<arg> or configs/<kind>/<arg>.ini of
 * the data directory (sim/engine/datadir.h) if one exists, so `chansim run baseline` works
 * from any directory once installed; otherwise `arg` (whose loading then reports it
 * missing). kind: "scenarios", "sweeps", "sensitivity", "calibration" or "validation".
 * Returns arg or buf (size bytes).
 */
const char *cli_config_path(const char *kind, const char *arg, char *buf, size_t size);

/** Wall-clock unix seconds now. */
long long cli_now(void);

/** A growable list of --set assignments. */
typedef struct {
    const char **items;
    size_t n, cap;
} cli_list;

sim_status cli_list_add(cli_list *l, const char *item);
void cli_list_free(cli_list *l);

/** This process's place among the processes an MPI launcher started. */
typedef struct {
    int rank;     /**< this process's rank, 0 without MPI */
    int size;     /**< processes in MPI_COMM_WORLD (1 without MPI) */
    int owned;    /**< cli_mpi_begin initialised MPI, so cli_mpi_end finalises it */
    int launched; /**< processes a launcher (mpirun, srun) started when this build has no MPI; 1 otherwise */
    int refused;  /**< cli_mpi_check refused this launch: rank 0 reports it, the other ranks leave quietly */
} cli_mpi;

/**
 * Join MPI when built with it (make MPI=1: MPI_Init_thread, FUNNELED, unless already
 * initialised); without MPI, read how many copies a launcher started from its
 * environment (Open MPI's OMPI_COMM_WORLD_SIZE/RANK, PMI_SIZE/PMI_RANK of MPICH and Slurm).
 */
cli_mpi cli_mpi_begin(void);

/** Leave MPI if cli_mpi_begin joined it. */
void cli_mpi_end(const cli_mpi *m);

/**
 * SIM_ERR_USAGE if this process is one of several copies that cannot share the work:
 * every command when this build has no MPI (each copy would write the same output), and
 * commands that do not run across ranks (`command`: run, batch) under any MPI launch.
 * `across_ranks`: the command divides its work among MPI ranks (sweep, sensitivity, calibrate).
 */
sim_status cli_mpi_check(cli_mpi *m, const char *command, int across_ranks);

/**
 * The process's exit code for `st`: rank 0 reports it (cli_report); other ranks stay
 * quiet and exit with the same code, so mpirun's exit status is the command's.
 */
int cli_exit(const cli_mpi *m, sim_status st);

/* Subcommands: each returns a process exit code. */
int cmd_run(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_params(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_sensitivity(int argc, char **argv);
int cmd_threshold(int argc, char **argv);
int cmd_calibrate(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_backtest(int argc, char **argv);

#endif
