/**
 * @file runner.c
 * @brief A scenario's replications into a results object (through replicate.h), and
 *        the stop flag that signals set.
 */
#include "sim/run/runner.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/run/progress.h"
#include "sim/run/replicate.h"

static volatile sig_atomic_t stop_requested = 0;

void runner_request_stop(void) { stop_requested = 1; }

int runner_interrupted(void) { return stop_requested != 0; }

static volatile sig_atomic_t stop_signal = 0;

int runner_stop_signal(void) { return stop_signal; }

static void on_signal(int sig)
{
    if (!stop_signal) stop_signal = sig; /* the first one decides the exit code */
    stop_requested = 1;
}

void runner_install_signal_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* Replication r of the job is replication first_rep + r of the run. */
typedef struct {
    const scenario *s;
    const run_options *o;
} run_job;

static sim_status item_params(void *ctx, size_t item, model_params *scratch, const model_params **p)
{
    (void)scratch;
    const run_job *j = ctx;
    *p = scenario_params_for(j->s, j->o->first_rep + (int)item);
    return SIM_OK;
}

/* With an ensemble, the draw: replications of one draw share its parameters. */
static size_t item_group(void *ctx, size_t item)
{
    const run_job *j = ctx;
    return (size_t)(j->o->first_rep + (int)item) % (size_t)j->s->ndraws;
}

/* What a replication costs: the posterior draws differ in inflow (model_cost_hint). */
static double item_cost(void *ctx, size_t item)
{
    const run_job *j = ctx;
    return model_cost_hint(scenario_params_for(j->s, j->o->first_rep + (int)item));
}

static rng_key item_key(void *ctx, size_t item)
{
    const run_job *j = ctx;
    return (rng_key){j->o->seed, (uint32_t)(j->o->first_rep + (int)item)};
}

sim_status runner_run(const scenario *s, const run_options *o, sim_results **out, uint64_t *agent_days)
{
    const model_params *p = &s->params;
    sim_results *res = NULL;
    const sim_metric_set *ms = scenario_metric_set();
    SIM_CHECK(results_create(ms, o->reps, p->scenario.start_date, p->scenario.days, ms->groups, &res));
    snprintf(res->name, sizeof res->name, "%s", s->name);
    res->seed = o->seed;
    res->first_rep = o->first_rep;
    for (int g = 0; g < MIG_GROUPS; g++)
        snprintf(res->group_names[g], sizeof res->group_names[g], "%s", p->migrants.group_names[g]);
    res->config_text = strdup(s->config_text);
    if (!res->config_text) {
        results_destroy(&res);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    }

    progress bar;
    progress_start(&bar, o->label, "replications", (size_t)o->reps, o->progress);
    run_job j = {s, o};
    replicate_job job = {
        .count = (size_t)o->reps, .params = item_params, .group = s->ndraws ? item_group : NULL, .key = item_key,
        .cost = s->ndraws ? item_cost : NULL,
        .res = res, .ctx = &j, .check_invariants = o->check_invariants, .interrupted = runner_interrupted,
        .progress = &bar,
    };
    sim_status st = replicate_run(&job, agent_days);
    if (st == SIM_ERR_INTERRUPTED) {
        sim_error_clear();
        st = SIM_FAIL(SIM_ERR_INTERRUPTED, "nothing was written"); /* the CLI names the signal */
    }
    if (st != SIM_OK) {
        results_destroy(&res);
        sim_trace_at(__FILE__, __LINE__, __func__);
        return st;
    }
    *out = res;
    return SIM_OK;
}
