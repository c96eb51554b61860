/**
 * @file replicate.c
 * @brief The replication loop behind replicate.h: OpenMP over items, one model per
 *        thread (per parameter group), the first error kept, interruption honoured.
 */
#include "sim/run/replicate.h"

#include <math.h>
#include <stdlib.h>

#include <omp.h>

#include "models/metrics.h"

/* What one thread holds while it runs items. */
typedef struct {
    model *m;               /* the thread's model, for parameter group `group` */
    size_t group;           /* group of m's parameters */
    model_params *scratch;  /* parameters a provider may fill (m->p may point here) */
    sim_results *res;       /* one-slot results, when the job records into no results object */
    uint64_t agent_days;    /* person-days of the replications this thread ran */
} worker;

/* Make w->m a model of item's parameter group. */
static sim_status worker_model(const replicate_job *job, worker *w, size_t item, size_t group)
{
    if (w->m && w->group == group) return SIM_OK;
    /* The old model may point at the scratch parameters about to be overwritten: only
     * its buffers are used from here on (model_create_reusing reads no parameters of it). */
    model *old = w->m;
    w->m = NULL;
    sim_status st = SIM_OK;
    if (!w->scratch && !(w->scratch = malloc(sizeof *w->scratch)))
        st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory for a replication's parameters");
    const model_params *p = NULL;
    if (st == SIM_OK) st = job->params(job->ctx, item, w->scratch, &p);
    if (st == SIM_OK && !p) st = SIM_FAIL(SIM_ERR_INTERNAL, "replication %zu: its provider gave no parameters", item);
    if (st == SIM_OK) st = model_create_reusing(p, old, &w->m);
    model_destroy(&old);
    SIM_CHECK(st);
    w->m->check_invariants = job->check_invariants;
    w->group = group;
    return SIM_OK;
}

/* Where item's replication is recorded: slot `item` of the job's results, or the thread's one slot. */
static sim_status worker_results(const replicate_job *job, worker *w, size_t item, sim_results **res, int *slot)
{
    if (job->res) {
        *res = job->res;
        *slot = (int)item;
        return SIM_OK;
    }
    const scen_params *sc = &w->m->p->scenario;
    /* model_run overwrites its slot entirely, so one slot serves every replication. */
    if (!w->res || w->res->days != sc->days || w->res->start_day != sc->start_date) {
        results_destroy(&w->res);
        SIM_CHECK(results_create(model_metric_set(), 1, sc->start_date, sc->days, model_metric_set()->groups, &w->res));
    }
    *res = w->res;
    *slot = 0;
    return SIM_OK;
}

/* One item: its model, its run, its record, its report. */
static sim_status run_item(const replicate_job *job, worker *w, size_t item, size_t group)
{
    SIM_CHECK(worker_model(job, w, item, group));
    sim_results *res = NULL;
    int slot = 0;
    SIM_CHECK(worker_results(job, w, item, &res, &slot));
    SIM_CHECK(model_run(w->m, job->key(job->ctx, item), res, slot));
    w->agent_days += w->m->agent_days;
    if (job->done) SIM_CHECK(job->done(job->ctx, item, w->m, res, slot));
    progress_step(job->progress);
    return SIM_OK;
}

static int stop_asked(const replicate_job *job) { return job->interrupted && job->interrupted(); }

/* An item and its cost, to be sorted dearest first, ties in item order. */
typedef struct {
    double cost;
    size_t item;
} costed;

static int dearest_first(const void *a, const void *b)
{
    const costed *x = a, *y = b;
    if (x->cost != y->cost) return x->cost > y->cost ? -1 : 1;
    return (x->item > y->item) - (x->item < y->item);
}

/* The order in which to start the items: *order = NULL for item order. */
static sim_status start_order(const replicate_job *job, size_t **order)
{
    *order = NULL;
    if (!job->cost || job->count < 2) return SIM_OK;
    costed *c = malloc(job->count * sizeof *c);
    size_t *o = malloc(job->count * sizeof *o);
    if (!c || !o) {
        free(c);
        free(o);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory ordering %zu replications", job->count);
    }
    for (size_t i = 0; i < job->count; i++) {
        double x = job->cost(job->ctx, i);
        c[i] = (costed){isnan(x) ? -HUGE_VAL : x, i}; /* an unknown cost: last */
    }
    qsort(c, job->count, sizeof *c, dearest_first);
    for (size_t i = 0; i < job->count; i++) o[i] = c[i].item;
    free(c);
    *order = o;
    return SIM_OK;
}

sim_status replicate_run(const replicate_job *job, uint64_t *agent_days)
{
    if (!job->params || !job->key)
        return SIM_FAIL(SIM_ERR_INTERNAL, "replicate_run: a job needs a parameter and a key provider");
    if (job->res && (size_t)job->res->reps < job->count)
        return SIM_FAIL(SIM_ERR_INTERNAL, "replicate_run: %zu replications into %d slots", job->count, job->res->reps);
    size_t *order;
    SIM_CHECK(start_order(job, &order));
    sim_error_record failed = {.status = SIM_OK};
    uint64_t total_agent_days = 0;
#pragma omp parallel
    {
        worker w = {0};
        sim_status st = SIM_OK;
        /* A pool thread's error buffer keeps its first message: start each job clean. */
        sim_error_clear();
#pragma omp for schedule(dynamic, 1)
        for (size_t n = 0; n < job->count; n++) {
            size_t i = order ? order[n] : n;
            int skip;
#pragma omp atomic read
            skip = failed.status;
            if (skip != SIM_OK || st != SIM_OK || stop_asked(job)) continue;
            size_t group = job->group ? job->group(job->ctx, i) : 0;
            if (group == REPLICATE_SKIP) continue;
            st = run_item(job, &w, i, group);
            if (st != SIM_OK) {
#pragma omp critical(replicate_error)
                sim_error_keep(&failed, st);
            }
        }
#pragma omp atomic
        total_agent_days += w.agent_days;
        model_destroy(&w.m);
        results_destroy(&w.res);
        free(w.scratch);
    }
    free(order);
    if (failed.status != SIM_OK) return sim_error_restore(&failed);
    if (stop_asked(job))
        return SIM_FAIL(SIM_ERR_INTERRUPTED, "interrupted before all %zu replications ran", job->count);
    if (agent_days) *agent_days = total_agent_days;
    return SIM_OK;
}
