/**
 * @file sweep_run.c
 * @brief The sweep executor (OpenMP over the replications of a batch of units), the
 *        done-record of a shard, and the single-process scheduler.
 */
#include "sim/experiments/sweep_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "models/model.h"
#include "sim/run/replicate.h"
#include "sim/run/runner.h"

/* A batch of units as one replication job: item k is replication item_rep[k] of unit item_unit[k]. */
typedef struct {
    const sweep *s;
    const uint32_t *units; /* [n] the batch's units */
    scenario **sc;         /* [n] each unit's scenario */
    size_t *item_unit;     /* [nitems] */
    int *item_rep;         /* [nitems] */
    double *values;        /* [n][s->block][sweep_nvalues(s)] */
    int *ran;              /* [n] replications finished per unit */
} batch_job;

static sim_status batch_params(void *ctx, size_t item, model_params *scratch, const model_params **p)
{
    (void)scratch;
    const batch_job *b = ctx;
    *p = &b->sc[b->item_unit[item]]->params;
    return SIM_OK;
}

/* A model is sized by its parameters (belief windows), so each unit gets its own. */
static size_t batch_group(void *ctx, size_t item) { return ((const batch_job *)ctx)->item_unit[item]; }

static rng_key batch_key(void *ctx, size_t item)
{
    const batch_job *b = ctx;
    return (rng_key){b->s->seed, (uint32_t)b->item_rep[item]};
}

static sim_status batch_done(void *ctx, size_t item, const model *m, const sim_results *res, int slot)
{
    (void)m;
    batch_job *b = ctx;
    size_t u = b->item_unit[item];
    int first, count;
    sweep_block_range(b->s, (int)(b->units[u] % (uint32_t)sweep_blocks(b->s)), &first, &count);
    memcpy(b->values + (u * (size_t)b->s->block + (size_t)(b->item_rep[item] - first)) * sweep_nvalues(b->s),
           results_totals(res, slot), sweep_nvalues(b->s) * sizeof(double));
#pragma omp atomic
    b->ran[u]++;
    return SIM_OK;
}

/* Bind each unit's scenario, in parallel: with many short units binding is not free. */
static sim_status bind_units(const sweep *s, const uint32_t *units, size_t n, scenario **sc)
{
    uint32_t blocks = (uint32_t)sweep_blocks(s);
    sim_error_record failed = {.status = SIM_OK};
#pragma omp parallel
    {
        sim_status st = SIM_OK;
        sim_error_clear();
#pragma omp for schedule(dynamic, 1)
        for (size_t u = 0; u < n; u++)
            if (st == SIM_OK) st = sweep_point_scenario(s, units[u] / blocks, &sc[u]);
        if (st != SIM_OK) {
#pragma omp critical(sweep_error)
            sim_error_keep(&failed, st);
        }
    }
    return sim_error_restore(&failed);
}

sim_status sweep_run_units(const sweep *s, const uint32_t *units, size_t n, double *values, int *complete, int check)
{
    int blocks = sweep_blocks(s);
    size_t nitems = 0;
    for (size_t u = 0; u < n; u++) {
        int first, count;
        sweep_block_range(s, (int)(units[u] % (uint32_t)blocks), &first, &count);
        nitems += (size_t)count;
        complete[u] = 0;
    }
    scenario **sc = calloc(n ? n : 1, sizeof *sc);
    size_t *item_unit = malloc((nitems ? nitems : 1) * sizeof *item_unit);
    int *item_rep = malloc((nitems ? nitems : 1) * sizeof *item_rep);
    int *ran = calloc(n ? n : 1, sizeof *ran);
    if (!sc || !item_unit || !item_rep || !ran) {
        free(sc);
        free(item_unit);
        free(item_rep);
        free(ran);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory for a batch of %zu units", n);
    }
    size_t k = 0;
    for (size_t u = 0; u < n; u++) {
        int first, count;
        sweep_block_range(s, (int)(units[u] % (uint32_t)blocks), &first, &count);
        for (int r = 0; r < count; r++) {
            item_unit[k] = u;
            item_rep[k++] = first + r;
        }
    }

    batch_job b = {s, units, sc, item_unit, item_rep, values, ran};
    replicate_job job = {
        .count = nitems, .params = batch_params, .group = batch_group, .key = batch_key, .done = batch_done,
        .ctx = &b, .check_invariants = check, .interrupted = runner_interrupted,
    };
    sim_status st = bind_units(s, units, n, sc);
    if (st == SIM_OK) st = replicate_run(&job, NULL);
    if (st == SIM_ERR_INTERRUPTED) { /* not an error here: the batch's complete units are kept */
        sim_error_clear();
        st = SIM_OK;
    }
    for (size_t u = 0; u < n; u++) {
        int first, count;
        sweep_block_range(s, (int)(units[u] % (uint32_t)blocks), &first, &count);
        complete[u] = st == SIM_OK && ran[u] == count;
        scenario_destroy(&sc[u]);
    }
    free(sc);
    free(item_unit);
    free(item_rep);
    free(ran);
    if (st != SIM_OK) sim_trace_at(__FILE__, __LINE__, __func__);
    return st;
}

/* ------------------------------------------------------------------------- */
/* State                                                                      */

sim_status sweep_state_create(const sweep *s, int k, int n, sweep_state **out)
{
    *out = NULL;
    size_t nheld = 0;
    for (size_t p = 0; p < s->npoints; p++) nheld += sweep_in_shard(p, k, n);
    size_t blocks = (size_t)sweep_blocks(s);
    if (s->npoints * blocks > UINT32_MAX)
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: %zu points x %zu blocks is too many work units; raise [sweep] block",
                        s->path, s->npoints, blocks);
    sweep_state *st = calloc(1, sizeof *st);
    if (!st) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    st->s = s;
    st->shard_index = k;
    st->shard_count = n;
    st->nheld = nheld;
    st->units_total = nheld * blocks;
    st->held = calloc(nheld ? nheld : 1, sizeof *st->held);
    st->totals = calloc((nheld ? nheld : 1) * (size_t)s->reps * sweep_nvalues(s), sizeof *st->totals);
    st->done = calloc(st->units_total ? st->units_total : 1, 1);
    if (!st->held || !st->totals || !st->done) {
        sweep_state_destroy(&st);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory for %zu points x %d replications", nheld, s->reps);
    }
    size_t i = 0;
    for (size_t p = 0; p < s->npoints; p++)
        if (sweep_in_shard(p, k, n)) st->held[i++] = (uint32_t)p;
    *out = st;
    return SIM_OK;
}

void sweep_state_destroy(sweep_state **sp)
{
    sweep_state *st = sp ? *sp : NULL;
    if (!st) return;
    free(st->held);
    free(st->totals);
    free(st->done);
    free(st);
    *sp = NULL;
}

/* Row of a point in this shard: points are dealt round-robin, so it is p / n. */
static size_t row_of(const sweep_state *st, uint32_t point) { return point / (uint32_t)st->shard_count; }

sim_status sweep_state_put(void *state, uint32_t point, uint32_t block, uint32_t nreps, const double *values)
{
    sweep_state *st = state;
    const sweep *s = st->s;
    int first, count;
    if (point >= s->npoints || !sweep_in_shard(point, st->shard_index, st->shard_count) ||
        block >= (uint32_t)sweep_blocks(s))
        return SIM_FAIL(SIM_ERR_INTERNAL, "unit (point %u, block %u) is not in shard %d/%d", point, block,
                        st->shard_index, st->shard_count);
    sweep_block_range(s, (int)block, &first, &count);
    if ((int)nreps != count)
        return SIM_FAIL(SIM_ERR_INTERNAL, "unit (point %u, block %u) has %u replications, expected %d", point, block,
                        nreps, count);
    size_t row = row_of(st, point);
    memcpy(st->totals + (row * (size_t)s->reps + (size_t)first) * sweep_nvalues(s), values,
           (size_t)count * sweep_nvalues(s) * sizeof *values);
    unsigned char *d = &st->done[row * (size_t)sweep_blocks(s) + block];
    if (!*d) st->units_done++;
    *d = 1;
    return SIM_OK;
}

sim_status sweep_state_pending(const sweep_state *st, uint32_t **units, size_t *n)
{
    *units = NULL;
    *n = 0;
    size_t blocks = (size_t)sweep_blocks(st->s), missing = st->units_total - st->units_done;
    uint32_t *u = malloc((missing ? missing : 1) * sizeof *u);
    if (!u) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    size_t k = 0;
    for (size_t row = 0; row < st->nheld; row++)
        for (size_t b = 0; b < blocks; b++)
            if (!st->done[row * blocks + b] && k < missing) u[k++] = (uint32_t)(st->held[row] * blocks + b);
    *units = u;
    *n = k;
    return SIM_OK;
}

sim_status sweep_state_commit(sweep_state *st, const uint32_t *units, size_t n, const double *values,
                              const int *complete)
{
    const sweep *s = st->s;
    uint32_t blocks = (uint32_t)sweep_blocks(s);
    size_t any = 0;
    for (size_t i = 0; i < n; i++) {
        if (!complete[i]) continue;
        int first, count;
        sweep_block_range(s, (int)(units[i] % blocks), &first, &count);
        const double *v = values + i * (size_t)s->block * sweep_nvalues(s);
        if (st->j) SIM_CHECK(journal_append(st->j, units[i] / blocks, units[i] % blocks, (uint32_t)count, v));
        any++;
    }
    /* Durable before counted: a unit is done only once a crash can no longer lose it. */
    if (any && st->j) SIM_CHECK(journal_sync(st->j));
    for (size_t i = 0; i < n; i++) {
        if (!complete[i]) continue;
        int first, count;
        sweep_block_range(s, (int)(units[i] % blocks), &first, &count);
        SIM_CHECK(sweep_state_put(st, units[i] / blocks, units[i] % blocks, (uint32_t)count,
                                  values + i * (size_t)s->block * sweep_nvalues(s)));
    }
    return SIM_OK;
}

static char *dup_or_empty(const char *s) { return strdup(s ? s : ""); }

sim_status sweep_state_table(const sweep_state *st, sweep_table **out)
{
    *out = NULL;
    const sweep *s = st->s;
    if (st->units_done != st->units_total)
        return SIM_FAIL(SIM_ERR_INTERNAL, "sweep table requested with %zu of %zu units done", st->units_done,
                        st->units_total);
    sweep_table *t = NULL;
    SIM_CHECK(sweep_table_create(s->metrics, s->nparams, st->nheld, s->reps, &t));
    int ok = 1;
    ok &= (t->definition = dup_or_empty(s->definition)) != NULL;
    ok &= (t->base = dup_or_empty(s->base)) != NULL;
    ok &= (t->base_name = dup_or_empty(s->base_name)) != NULL;
    ok &= (t->base_config = dup_or_empty(s->base_config)) != NULL;
    snprintf(t->hash, sizeof t->hash, "%s", s->hash_hex);
    snprintf(t->kind, sizeof t->kind, "%s", design_kind_name(s->design));
    t->block = s->block;
    t->seed = s->seed;
    t->total_points = s->npoints;
    t->shard_index = st->shard_index;
    t->shard_count = st->shard_count;
    for (int j = 0; j < s->nparams && ok; j++) {
        const sweep_param *p = &s->params[j];
        size_t len = 1;
        for (int k = 0; k < p->nkeys; k++) len += strlen(p->keys[k]) + 3;
        t->keys[j] = calloc(len, 1);
        t->names[j] = strdup(p->name);
        t->units[j] = strdup(p->unit);
        ok &= t->keys[j] && t->names[j] && t->units[j];
        for (int k = 0; k < p->nkeys && ok; k++) {
            if (k) strcat(t->keys[j], " + ");
            strcat(t->keys[j], p->keys[k]);
        }
    }
    if (!ok) {
        sweep_table_destroy(&t);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    }
    size_t d = (size_t)s->nparams;
    for (size_t i = 0; i < st->nheld; i++) {
        t->point[i] = st->held[i];
        memcpy(t->design + i * d, s->points + (size_t)st->held[i] * d, d * sizeof *t->design);
    }
    memcpy(t->totals, st->totals, st->nheld * (size_t)s->reps * sweep_nvalues(s) * sizeof *t->totals);
    *out = t;
    return SIM_OK;
}

size_t sweep_batch_units(const sweep *s, int threads)
{
    size_t want = (size_t)(4 * (threads > 0 ? threads : 1));
    size_t units = (want + (size_t)s->block - 1) / (size_t)s->block;
    return units ? units : 1;
}

void sweep_progress(sweep_state *st, int progress)
{
    if (!st->bar_started) {
        char label[PROGRESS_LABEL_MAX];
        snprintf(label, sizeof label, "sweep %.50s", st->s->base_name);
        progress_start(&st->bar, label, "units", st->units_total, progress);
        st->bar_started = 1;
    }
    progress_set(&st->bar, st->units_done);
}

sim_status sweep_execute_local(sweep_state *st, int check, int progress)
{
    const sweep *s = st->s;
    uint32_t *pending = NULL;
    size_t npending = 0;
    SIM_CHECK(sweep_state_pending(st, &pending, &npending));
    size_t batch = sweep_batch_units(s, omp_get_max_threads());
    double *values = malloc(batch * (size_t)s->block * sweep_nvalues(s) * sizeof *values);
    int *complete = malloc(batch * sizeof *complete);
    sim_status rc = SIM_OK;
    if (!values || !complete) rc = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    sweep_progress(st, progress);
    for (size_t at = 0; rc == SIM_OK && at < npending; at += batch) {
        if (runner_interrupted()) break;
        size_t n = npending - at < batch ? npending - at : batch;
        rc = sweep_run_units(s, pending + at, n, values, complete, check);
        if (rc == SIM_OK) rc = sweep_state_commit(st, pending + at, n, values, complete);
        sweep_progress(st, progress);
    }
    free(pending);
    free(values);
    free(complete);
    if (rc == SIM_OK && st->units_done < st->units_total && runner_interrupted()) return SIM_ERR_INTERRUPTED;
    return rc;
}
