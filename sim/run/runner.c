#include "sim/run/runner.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <omp.h>

static volatile sig_atomic_t stop_requested = 0;

void runner_request_stop(void) { stop_requested = 1; }

int runner_interrupted(void) { return stop_requested != 0; }

static void on_signal(int sig)
{
    (void)sig;
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

static void draw_progress(const char *label, int done, int total)
{
    enum { WIDTH = 40 };
    int filled = total ? (int)((long long)WIDTH * done / total) : WIDTH;
    char bar[WIDTH + 1];
    for (int i = 0; i < WIDTH; i++) bar[i] = i < filled ? '#' : '.';
    bar[WIDTH] = '\0';
    fprintf(stderr, "\r%-24.24s [%s] %d/%d", label ? label : "", bar, done, total);
    if (done == total) fputc('\n', stderr);
    fflush(stderr);
}

sim_status runner_run(const scenario *s, const run_options *o, sim_results **out, uint64_t *agent_days)
{
    const model_params *p = &s->params;
    sim_results *res = NULL;
    SIM_CHECK(results_create(o->reps, p->scenario.days, MIG_GROUPS, &res));
    snprintf(res->name, sizeof res->name, "%s", s->name);
    res->start_day = p->scenario.start_date;
    res->seed = o->seed;
    res->first_rep = o->first_rep;
    for (int g = 0; g < MIG_GROUPS; g++)
        snprintf(res->group_names[g], sizeof res->group_names[g], "%s", p->migrants.group_names[g]);
    res->config_text = strdup(s->config_text);
    if (!res->config_text) {
        results_destroy(&res);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    }

    sim_error_record failed = {.status = SIM_OK};
    uint64_t total_agent_days = 0;
    int done = 0;
    int show = o->progress && isatty(STDERR_FILENO);
    if (show) draw_progress(o->label, 0, o->reps);

#pragma omp parallel
    {
        /* One model per thread, reused; with an ensemble, one per replication (its draw's parameters). */
        model *m = NULL;
        sim_status st = s->ndraws ? SIM_OK : model_create(p, &m);
        uint64_t mine = 0;
#pragma omp for schedule(dynamic, 1)
        for (int r = 0; r < o->reps; r++) {
            int skip;
#pragma omp atomic read
            skip = failed.status;
            if (skip != SIM_OK || st != SIM_OK || runner_interrupted()) continue;
            if (s->ndraws) {
                model_destroy(&m);
                if ((st = model_create(scenario_params_for(s, o->first_rep + r), &m)) != SIM_OK) continue;
            }
            m->check_invariants = o->check_invariants;
            rng_key key = {o->seed, (uint32_t)(o->first_rep + r)};
            sim_status rs = model_run(m, key, res, r);
            if (rs == SIM_OK) {
                mine += m->agent_days;
            } else {
                st = rs;
            }
            if (show) {
#pragma omp critical(chansim_progress)
                draw_progress(o->label, ++done, o->reps);
            }
        }
        if (st != SIM_OK) {
#pragma omp critical(chansim_error)
            sim_error_keep(&failed, st);
        }
#pragma omp atomic
        total_agent_days += mine;
        model_destroy(&m);
    }
    if (failed.status != SIM_OK) {
        results_destroy(&res);
        return sim_error_restore(&failed);
    }
    if (runner_interrupted()) {
        results_destroy(&res);
        return SIM_FAIL(SIM_ERR_INTERRUPTED, "interrupted; nothing was written");
    }
    if (agent_days) *agent_days = total_agent_days;
    *out = res;
    return SIM_OK;
}
