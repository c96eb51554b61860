/**
 * @file sweep_exec.c
 * @brief The sweep driver shared by `chansim sweep` and `chansim sensitivity`.
 */
#include "sim/cli/sweep_exec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef CHANSIM_MPI
#include <mpi.h>
#endif

#include "sim/cli/cli.h"
#include "sim/experiments/journal.h"
#include "sim/experiments/sweep_mpi.h"
#include "sim/experiments/sweep_run.h"

sim_status sweep_exec_parse_shard(const char *text, int *k, int *n)
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

int sweep_exec_agree(int failed)
{
#ifdef CHANSIM_MPI
    int any = 0;
    MPI_Allreduce(&failed, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return any;
#else
    return failed;
#endif
}

/* Rank 0's set-up: check the output, open or resume the journal, fill the state. */
static sim_status prepare(const sweep_exec_options *a, const char *jpath, sweep_state *state, journal **j,
                          size_t *resumed)
{
    /* Probe the output now so a bad path fails in milliseconds; the real write is at the end,
     * so a killed run leaves no temporary file behind. */
    out_file *probe = NULL;
    SIM_CHECK(out_open(a->output, a->force, &probe));
    out_abort(&probe);
    const sweep *s = state->s;
    journal_header h = {s->hash,
                        (uint32_t)s->npoints,
                        (uint32_t)s->reps,
                        (uint32_t)s->block,
                        (uint32_t)sweep_nvalues(s),
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
static sim_status finish(const sweep_exec_options *a, const char *jpath, sweep_state *state, out_provenance *prov)
{
    sweep_table *t = NULL;
    out_file *f = NULL;
    SIM_CHECK(sweep_state_table(state, &t));
    sim_status st = out_open(a->output, a->force, &f);
    if (st == SIM_OK) st = sweep_table_write(f, t);
    if (st == SIM_OK && a->extra && a->shard_n == 1) st = a->extra(a->ctx, f, t);
    int n = a->configs ? a->nconfigs : 1;
    sim_results *stubs = calloc((size_t)n, sizeof *stubs);
    const sim_results **list = calloc((size_t)n, sizeof *list);
    if (st == SIM_OK && (!stubs || !list)) st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    for (int i = 0; st == SIM_OK && i < n; i++) {
        snprintf(stubs[i].name, sizeof stubs[i].name, "%s", a->configs ? a->config_names[i] : state->s->base_name);
        stubs[i].config_text = (char *)(a->configs ? a->configs[i] : state->s->base_config);
        list[i] = &stubs[i];
    }
    prov->end_time = cli_now();
    if (st == SIM_OK) st = out_write_provenance(f, prov, list, (size_t)n);
    if (st == SIM_OK) st = out_commit(&f);
    else out_abort(&f);
    free(stubs);
    free(list);
    sweep_table_destroy(&t);
    /* Only once the file is safely in place is the journal redundant. */
    if (st != SIM_OK)
        sim_warn("the finished work is kept in '%s': once the output can be written (disk space, path), run the "
                 "same command with --resume to write it without running anything again", jpath);
    if (st == SIM_OK && unlink(jpath) != 0)
        fprintf(stderr, "chansim: warning: cannot remove journal '%s': %s\n", jpath, strerror(errno));
    return st;
}

sim_status sweep_exec(const sweep *s, const sweep_exec_options *a, int rank, int size)
{
    char jpath[1040];
    if ((size_t)snprintf(jpath, sizeof jpath, "%s.journal", a->output) >= sizeof jpath)
        return SIM_FAIL(SIM_ERR_USAGE, "output path too long: '%s'", a->output);
    sweep_state *state = NULL;
    journal *j = NULL;
    size_t resumed = 0;
    sim_status st = SIM_OK;
    if (rank == 0) st = sweep_state_create(s, a->shard_k, a->shard_n, &state);
    if (st == SIM_OK && rank == 0) st = prepare(a, jpath, state, &j, &resumed);
    if (sweep_exec_agree(st != SIM_OK)) {
        journal_close(&j);
        sweep_state_destroy(&state);
        if (st == SIM_OK) return SIM_FAIL(SIM_ERR_IO, "rank 0 could not start");
        return st;
    }
    char *cmdline = cli_command_line(a->argc, a->argv);
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
            st = finish(a, jpath, state, &prov);
            if (st == SIM_OK && !a->quiet)
                printf("%s %s: %zu points x %d replications; wrote %s\n", a->label, s->path, state->nheld, s->reps, a->output);
        }
    }
#ifdef CHANSIM_MPI
    else {
        st = sweep_mpi_worker(s, a->check);
    }
#endif
    journal_close(&j);
    sweep_state_destroy(&state);
    free(cmdline);
    return st;
}
