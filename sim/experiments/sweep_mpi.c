/**
 * @file sweep_mpi.c
 * @brief Dynamic scheduling of sweep work units over MPI ranks (see sweep_mpi.h).
 *        Empty unless built with CHANSIM_MPI.
 */
#include "sim/experiments/sweep_mpi.h"

#ifdef CHANSIM_MPI

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mpi.h>
#include <omp.h>

#include "sim/run/runner.h"

enum { SWEEP_TAG_RESULT = 101, SWEEP_TAG_WORK = 102, SWEEP_TAG_ERROR = 103, RESULT_HEAD = 3, UNIT_HEAD = 2 };

static void nap(void)
{
    struct timespec ts = {0, 2000000}; /* 2 ms: negligible latency against units of seconds */
    nanosleep(&ts, NULL);
}

sim_status sweep_mpi_master(sweep_state *st, int size, int progress)
{
    const sweep *s = st->s;
    uint32_t *pending = NULL;
    size_t npending = 0, next = 0;
    SIM_CHECK(sweep_state_pending(st, &pending, &npending));
    size_t per_unit = UNIT_HEAD + (size_t)s->block * sweep_nvalues(s);
    double *msg = NULL;
    size_t msg_cap = 0;
    uint32_t *units = NULL, *batch = NULL;
    size_t units_cap = 0;
    int *complete = NULL;
    double *values = NULL;
    sim_status rc = SIM_OK;
    char first_error[2048] = "";
    int active = size - 1;
    sweep_progress(st, progress);
    while (active > 0) {
        int flag = 0;
        MPI_Status status;
        while (!flag) {
            MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status);
            if (!flag) nap();
        }
        int src = status.MPI_SOURCE;
        if (status.MPI_TAG == SWEEP_TAG_ERROR) {
            int len = 0;
            MPI_Get_count(&status, MPI_CHAR, &len);
            char *text = calloc((size_t)len + 1, 1);
            MPI_Recv(text, len, MPI_CHAR, src, SWEEP_TAG_ERROR, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            if (rc == SIM_OK) {
                snprintf(first_error, sizeof first_error, "rank %d: %s", src, text ? text : "failed");
                rc = SIM_ERR_CONFIG;
            }
            free(text);
            MPI_Send(NULL, 0, MPI_UINT32_T, src, SWEEP_TAG_WORK, MPI_COMM_WORLD);
            active--;
            continue;
        }
        int count = 0;
        MPI_Get_count(&status, MPI_DOUBLE, &count);
        if ((size_t)count > msg_cap) {
            double *grown = realloc(msg, (size_t)count * sizeof *msg);
            if (!grown) {
                MPI_Abort(MPI_COMM_WORLD, 1); /* cannot even receive: nothing sane is left to do */
            }
            msg = grown;
            msg_cap = (size_t)count;
        }
        MPI_Recv(msg, count, MPI_DOUBLE, src, SWEEP_TAG_RESULT, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        size_t want = (size_t)msg[0], nunits = (size_t)msg[2];
        if (msg[1] != 0) runner_request_stop();
        if (nunits > units_cap) {
            free(units);
            free(complete);
            free(values);
            units = malloc(nunits * sizeof *units);
            complete = malloc(nunits * sizeof *complete);
            values = malloc(nunits * (size_t)s->block * sweep_nvalues(s) * sizeof *values);
            units_cap = units && complete && values ? nunits : 0;
            if (!units_cap) MPI_Abort(MPI_COMM_WORLD, 1);
        }
        for (size_t i = 0; i < nunits; i++) {
            const double *u = msg + RESULT_HEAD + i * per_unit;
            units[i] = (uint32_t)u[0];
            complete[i] = u[1] != 0;
            memcpy(values + i * (size_t)s->block * sweep_nvalues(s), u + UNIT_HEAD,
                   (size_t)s->block * sweep_nvalues(s) * sizeof *values);
        }
        if (rc == SIM_OK && nunits > 0) {
            rc = sweep_state_commit(st, units, nunits, values, complete);
            if (rc != SIM_OK) snprintf(first_error, sizeof first_error, "%s", sim_error_message());
            sweep_progress(st, progress);
        }
        if (rc != SIM_OK || runner_interrupted() || next >= npending) {
            MPI_Send(NULL, 0, MPI_UINT32_T, src, SWEEP_TAG_WORK, MPI_COMM_WORLD);
            active--;
            continue;
        }
        size_t n = npending - next < want ? npending - next : want;
        if (n == 0) n = 1;
        batch = pending + next;
        next += n;
        MPI_Send(batch, (int)n, MPI_UINT32_T, src, SWEEP_TAG_WORK, MPI_COMM_WORLD);
    }
    free(pending);
    free(msg);
    free(units);
    free(complete);
    free(values);
    if (rc != SIM_OK) {
        sim_error_clear();
        return SIM_FAIL(rc, "%s", first_error);
    }
    if (st->units_done < st->units_total && runner_interrupted()) return SIM_ERR_INTERRUPTED;
    return SIM_OK;
}

sim_status sweep_mpi_worker(const sweep *s, int check)
{
    size_t want = sweep_batch_units(s, omp_get_max_threads());
    size_t per_unit = UNIT_HEAD + (size_t)s->block * sweep_nvalues(s);
    double *msg = malloc((RESULT_HEAD + want * per_unit) * sizeof *msg);
    uint32_t *units = malloc(want * sizeof *units);
    double *values = malloc(want * (size_t)s->block * sweep_nvalues(s) * sizeof *values);
    int *complete = malloc(want * sizeof *complete);
    if (!msg || !units || !values || !complete) MPI_Abort(MPI_COMM_WORLD, 1);
    msg[0] = (double)want;
    msg[1] = 0;
    msg[2] = 0;
    MPI_Send(msg, RESULT_HEAD, MPI_DOUBLE, 0, SWEEP_TAG_RESULT, MPI_COMM_WORLD);
    sim_status rc = SIM_OK;
    for (;;) {
        MPI_Status status;
        int n = 0;
        MPI_Recv(units, (int)want, MPI_UINT32_T, 0, SWEEP_TAG_WORK, MPI_COMM_WORLD, &status);
        MPI_Get_count(&status, MPI_UINT32_T, &n);
        if (n == 0) break;
        memset(values, 0, (size_t)n * (size_t)s->block * sweep_nvalues(s) * sizeof *values);
        rc = sweep_run_units(s, units, (size_t)n, values, complete, check);
        if (rc != SIM_OK) {
            const char *text = sim_error_message();
            MPI_Send(text, (int)strlen(text), MPI_CHAR, 0, SWEEP_TAG_ERROR, MPI_COMM_WORLD);
            continue; /* rank 0 answers with stop */
        }
        msg[0] = (double)want;
        msg[1] = runner_interrupted() ? 1 : 0;
        msg[2] = n;
        for (int i = 0; i < n; i++) {
            double *u = msg + RESULT_HEAD + (size_t)i * per_unit;
            u[0] = units[i];
            u[1] = complete[i];
            memcpy(u + UNIT_HEAD, values + (size_t)i * s->block * sweep_nvalues(s),
                   (size_t)s->block * sweep_nvalues(s) * sizeof *u);
        }
        MPI_Send(msg, (int)(RESULT_HEAD + (size_t)n * per_unit), MPI_DOUBLE, 0, SWEEP_TAG_RESULT, MPI_COMM_WORLD);
    }
    free(msg);
    free(units);
    free(values);
    free(complete);
    return rc;
}

#else
/* ISO C forbids an empty translation unit. */
typedef int sweep_mpi_unused;
#endif
