/**
 * @file model.c
 * @brief One replication's life: create the state of every agent, agency and policy,
 *        reset it, run the days (the schedule is in schedule.c) and record outputs.
 */
#include "models/model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/policies/registry.h"
#include "sim/engine/calweek.h"
#include "sim/engine/date.h"

static sim_status policies_create(model *m)
{
    size_t n = policy_count();
    m->n_policies = n;
    m->policy_params = calloc(n ? n : 1, sizeof *m->policy_params);
    m->policy_state = calloc(n ? n : 1, sizeof *m->policy_state);
    m->in_force = calloc(n ? n : 1, sizeof *m->in_force);
    m->defs = calloc(n ? n : 1, sizeof *m->defs);
    m->on_arrival = calloc(n ? n : 1, sizeof *m->on_arrival);
    m->on_backlog = calloc(n ? n : 1, sizeof *m->on_backlog);
    if (!m->policy_params || !m->policy_state || !m->in_force || !m->defs || !m->on_arrival || !m->on_backlog)
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory allocating policy state");
    for (size_t i = 0; i < n; i++) {
        const policy_def *pd = m->defs[i] = policy_get(i);
        m->policy_params[i] = policy_params_of(&m->p->policies, i);
        if (pd->state_size == 0) continue;
        m->policy_state[i] = calloc(1, pd->state_size);
        if (!m->policy_state[i]) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory allocating the state of policy %s", pd->section);
    }
    return SIM_OK;
}

static void policies_destroy(model *m)
{
    for (size_t i = 0; m->policy_state && i < m->n_policies; i++) {
        if (!m->policy_state[i]) continue;
        const policy_def *pd = policy_get(i);
        if (pd->destroy) pd->destroy(m->policy_state[i]);
        free(m->policy_state[i]);
    }
    free(m->policy_state);
    free(m->policy_params);
    free(m->in_force);
    free(m->defs);
    free(m->on_arrival);
    free(m->on_backlog);
}

/* model_create and model_create_reusing: the population from `old` when given. */
static sim_status create(const model_params *p, model *old, model **out)
{
    model *m;
    SIM_CALLOC(m, 1);
    m->p = p;
    sim_status st = old ? mig_population_reuse(&m->pop, &old->pop, &p->migrants, p->scenario.max_people)
                        : mig_population_init(&m->pop, &p->migrants, p->scenario.max_people);
    /* The queues' buffers too: regrowing them each replication cost page faults and copies. */
    if (old) {
        gang_market_reuse(&m->gangs, &p->gangs, &old->gangs);
        ho_reuse(&m->ho, &p->home_office, &p->migrants, &old->ho);
    } else {
        gang_market_init(&m->gangs, &p->gangs);
        ho_init(&m->ho, &p->home_office, &p->migrants);
    }
    if (st == SIM_OK) st = mig_beliefs_init(&m->beliefs, &p->deterrence);
    if (st == SIM_OK) st = announce_init(&m->announce, &p->deterrence, &p->policies);
    if (st == SIM_OK) st = policies_create(m);
    if (st == SIM_OK) st = rng_stream_create(&m->d.rng);
    if (st != SIM_OK) {
        model_destroy(&m);
        return st;
    }
    *out = m;
    return SIM_OK;
}

sim_status model_create(const model_params *p, model **out) { return create(p, NULL, out); }

sim_status model_create_reusing(const model_params *p, model *old, model **out)
{
    return old ? create(p, old, out) : create(p, NULL, out);
}

void model_destroy(model **mp)
{
    model *m = *mp;
    if (!m) return;
    mig_population_free(&m->pop);
    mig_beliefs_free(&m->beliefs);
    announce_free(&m->announce);
    gang_market_free(&m->gangs);
    ho_free(&m->ho);
    policies_destroy(m);
    rng_stream_destroy(&m->d.rng);
    free(m);
    *mp = NULL;
}

double model_cost_hint(const model_params *p)
{
    enum { STEP = 7 }; /* a week apart: the level moves between anchors, the season by month */
    double people = 0;
    for (int day = -p->scenario.warmup_days; day < p->scenario.days; day += STEP) {
        int date = p->scenario.start_date + day;
        people += STEP * demand_level(&p->demand, &p->migrants, date) * p->migrants.inflow_season[cfg_date_month(date) - 1];
    }
    return people;
}

/* Put the model in its warm-up initial state for one replication, keeping buffers. */
static sim_status model_reset(model *m, rng_key key)
{
    const model_params *p = m->p;
    model_day *d = &m->d;
    d->key = key;
    d->cost_total = 0;
    mig_population_clear(&m->pop);
    mig_beliefs_reset(&m->beliefs);
    announce_reset(&m->announce);
    gang_market_clear(&m->gangs);
    french_reset(&m->french, &p->french);
    ho_reset(&m->ho);
    for (size_t i = 0; i < m->n_policies; i++)
        if (m->policy_state[i]) policy_get(i)->reset(m->policy_state[i], m->policy_params[i]);
    m->agent_days = 0;
    m->sea = SEA_STATES;
    m->weather_year = m->weather_month = -1;

    d->day = -p->scenario.warmup_days;
    d->date = p->scenario.start_date + d->day;
    for (int k = 0; k < (int)p->gangs.initial_gangs; k++) gang_start(&m->gangs, k % COAST_SECTORS);
    double share[MIG_GROUPS];
    demand_mix(&p->demand, &p->migrants, d->date, share);
    int n[MIG_GROUPS];
    for (int g = 0; g < MIG_GROUPS; g++) n[g] = (int)lround(p->migrants.initial_waiting * share[g]);
    return mig_create_groups(&m->pop, d, n, d->day);
}

static void finish_ratios(double *row, int ndays)
{
    for (int k = 0; k < M_COUNT; k++) {
        const sim_metric *mi = &metric_table[k];
        if (mi->kind == METRIC_LEVEL) row[k] /= ndays;
        else if (mi->kind == METRIC_RATIO)
            row[k] = row[mi->denominator] > 0 ? row[mi->numerator] / row[mi->denominator] : NAN;
    }
}

static void accumulate(double *row, const double *today)
{
    for (int k = 0; k < M_COUNT; k++) {
        switch (metric_table[k].kind) {
        case METRIC_FLOW:
        case METRIC_LEVEL: row[k] += today[k]; break;
        case METRIC_STOCK: row[k] = today[k]; break;
        case METRIC_RATIO: break;
        }
    }
}

static void record_day(const model *m, sim_results *res, int slot)
{
    const model_day *d = &m->d;
    /* Weekly rows are calendar weeks (Monday to Sunday), as the Home Office counts them. */
    int day = d->day, week = calweek_index(res->start_day, day);
    double *daily = results_daily(res, slot) + (size_t)day * D_COUNT;
    daily[D_ARRIVALS] = d->today[M_ARRIVALS];
    daily[D_BOATS] = d->today[M_BOATS];
    daily[D_LAUNCHES] = d->today[M_LAUNCHES];
    daily[D_PREVENTED_PEOPLE] = d->today[M_PREVENTED_PEOPLE];
    daily[D_DEATHS] = d->today[M_DEATHS];
    daily[D_SEA_STATE] = m->sea;
    daily[D_PREVENTED_LAUNCHES] = d->today[M_PREVENTED_LAUNCHES];

    double *wrow = results_weekly(res, slot) + (size_t)week * M_COUNT;
    accumulate(wrow, d->today);
    accumulate(results_totals(res, slot), d->today);
    double *grow = results_group_weekly(res, slot) + (size_t)week * res->groups * G_COUNT;
    for (int g = 0; g < res->groups; g++)
        for (int k = 0; k < G_COUNT; k++) {
            double v = d->group_today[g][k];
            grow[g * G_COUNT + k] = group_metric_table[k].kind == METRIC_STOCK ? v : grow[g * G_COUNT + k] + v;
        }
    int week_end = cfg_date_weekday(res->start_day + day) == 7 || day == res->days - 1;
    if (week_end) finish_ratios(wrow, calweek_days(res->start_day, res->days, week));
    if (day == res->days - 1) finish_ratios(results_totals(res, slot), res->days);
}

sim_status model_check_invariants(const model *m)
{
    int day = m->d.day;
    SIM_CHECK(mig_check(&m->pop, day));
    SIM_CHECK(gang_check(&m->gangs, &m->pop, day));
    for (size_t i = 0; i < m->n_policies; i++) {
        const policy_def *pd = policy_get(i);
        if (pd->check) SIM_CHECK(pd->check(m->policy_state[i], &m->pop, day));
    }
    return SIM_OK;
}

sim_status model_run(model *m, rng_key key, sim_results *res, int slot)
{
    /* The model writes its own tables' columns: results sized by another set would overflow. */
    if (res && res->metrics != model_metric_set())
        return SIM_FAIL(SIM_ERR_INTERNAL, "model_run: results were not created from the model's metric set");
    if (res && (res->days != m->p->scenario.days || res->start_day != m->p->scenario.start_date))
        return SIM_FAIL(SIM_ERR_INTERNAL, "model_run: results sized for another horizon (%d days from day %d, not %d from %d)",
                        res->days, res->start_day, m->p->scenario.days, m->p->scenario.start_date);
    SIM_CHECK(model_reset(m, key));
    if (res) {
        /* Outputs accumulate day by day: start the slot from zero so it can be reused. */
        memset(results_weekly(res, slot), 0, (size_t)res->weeks * M_COUNT * sizeof(double));
        memset(results_totals(res, slot), 0, M_COUNT * sizeof(double));
        memset(results_daily(res, slot), 0, (size_t)res->days * D_COUNT * sizeof(double));
        memset(results_group_weekly(res, slot), 0, (size_t)res->weeks * res->groups * G_COUNT * sizeof(double));
    }
    const int days = m->p->scenario.days;
    for (m->d.day = -m->p->scenario.warmup_days; m->d.day < days; m->d.day++) {
        SIM_CHECK(model_step(m));
        if (m->d.day >= 0 && res) record_day(m, res, slot);
    }
    return SIM_OK;
}
