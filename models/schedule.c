/**
 * @file schedule.c
 * @brief The model's day, in the order things happen (ODD "process overview and
 *        scheduling"), and the points where the policies in force act.
 *
 *   1. date, month, and the policies in force;        8. those who landed: claim, or a
 *   2. sea state;                                        policy takes them (pilot,
 *   3. French effort moves (weekly);                     fast track), or the backlog;
 *   4. NCA (+ policies) disrupt gangs;                 9. Home Office: policies before,
 *   5. gangs enter, move, order and receive boats        ordinary decisions and returns,
 *      (+ supply-chain policies);                        policies after;
 *   6. migrants arrive on the coast, then choose:     10. seat price;
 *      give up, book (+ booking policies), or save;   11. beliefs learn from removals,
 *   7. gangs launch: beach, shallow water                 returns, deaths; announced
 *      (+ launch policies), sea;                          policies move them (credibility);
 *                                                     12. costs (+ policies' running costs);
 *                                                     13. levels, invariants (tests).
 */
#include <string.h>

#include "models/agencies/nca.h"
#include "models/agents/choices.h"
#include "models/model.h"
#include "models/policies/registry.h"
#include "sim/engine/date.h"

/* The policies in force today, and those of them that act on each landing (the
 * per-landing hooks then loop over only these). */
static void set_policies(model *m)
{
    m->n_on_arrival = m->n_on_backlog = 0;
    for (size_t i = 0; i < m->n_policies; i++) {
        m->in_force[i] = policy_active(policy_window_of(&m->p->policies, i), m->d.date);
        if (!m->in_force[i]) continue;
        if (m->defs[i]->on_arrival) m->on_arrival[m->n_on_arrival++] = i;
        if (m->defs[i]->on_backlog) m->on_backlog[m->n_on_backlog++] = i;
    }
}

/* The effort against the gangs: the NCA's, plus what policies in force add. */
static nca_effort gang_effort(const model *m)
{
    nca_effort e = nca_base_effort(&m->p->nca);
    for (size_t i = 0; i < m->n_policies; i++) {
        const policy_def *pd = m->defs[i];
        if (m->in_force[i] && pd->against_gangs) pd->against_gangs(m->policy_params[i], &e);
    }
    return e;
}

static double extra_seizure_share(const model *m)
{
    double extra = 0.0;
    for (size_t i = 0; i < m->n_policies; i++) {
        const policy_def *pd = m->defs[i];
        if (m->in_force[i] && pd->supply) pd->supply(m->policy_params[i], &extra);
    }
    return extra;
}

static double booking_factor(const model *m)
{
    double factor = 1.0;
    for (size_t i = 0; i < m->n_policies; i++) {
        const policy_def *pd = m->defs[i];
        if (m->in_force[i] && pd->booking) pd->booking(m->policy_params[i], &factor);
    }
    return factor;
}

static void launch_rules(model *m, gang_launch_rules *r)
{
    *r = (gang_launch_rules){
        .boat_loss_prevented = m->p->french.boat_loss_prevented,
        .boarded_share = m->french.boarded_share,
        .intercept_prob = 0.0,
        .intercept_incident_factor = 1.0,
        .sea = &m->p->sea,
        .sector_launches = m->french.sector_launches,
    };
    for (int s = 0; s < COAST_SECTORS; s++) r->p_beach[s] = french_beach_prevention(&m->french, s);
    for (size_t i = 0; i < m->n_policies; i++) {
        const policy_def *pd = m->defs[i];
        if (m->in_force[i] && pd->launch) pd->launch(m->policy_params[i], r);
    }
}

/* One person lands in the UK: they claim or not; a policy in force may take the
 * claimant (the first that does); otherwise the claim joins the ordinary backlog. */
static sim_status land(model *m, policy_world *w, uint32_t id, const uint32_t draws[4])
{
    if (!ho_land(&m->pop, &m->d, id, draws)) return SIM_OK;
    int taken = 0;
    for (size_t k = 0; k < m->n_on_arrival && !taken; k++) {
        size_t i = m->on_arrival[k];
        SIM_CHECK(m->defs[i]->on_arrival(m->policy_params[i], m->policy_state[i], w, id, draws, &taken));
    }
    if (taken) return SIM_OK;
    m->pop.people[id].ftrack = 0;
    SIM_CHECK(ho_enter_backlog(&m->ho, &m->pop, &m->d, id));
    for (size_t k = 0; k < m->n_on_backlog; k++) {
        size_t i = m->on_backlog[k];
        SIM_CHECK(m->defs[i]->on_backlog(m->policy_params[i], m->policy_state[i], w, id, draws));
    }
    return SIM_OK;
}

/* The day's landings, in the order the boats landed, their arrival draws computed a
 * batch at a time (ho_arrival_draws). */
static sim_status land_all(model *m, policy_world *w)
{
    enum { BATCH = 64 };
    uint32_t draws[BATCH][4];
    const uint32_t *landed = m->gangs.landed;
    const size_t n = m->gangs.n_landed;
    for (size_t i0 = 0; i0 < n; i0 += BATCH) {
        size_t k = n - i0 < BATCH ? n - i0 : BATCH;
        /* Where each lander is on the coast, then their coast entries, which leaving it
         * reads and writes: asked for all at once (the first while the draws are
         * computed), not missed one lander at a time. */
        for (size_t j = 0; j < k; j++) mig_prefetch_person(&m->pop, landed[i0 + j]);
        ho_arrival_draws(&m->d, landed + i0, k, draws);
        for (size_t j = 0; j < k; j++) mig_prefetch_coast_entry(&m->pop, landed[i0 + j]);
        for (size_t j = 0; j < k; j++) SIM_CHECK(land(m, w, landed[i0 + j], draws[j]));
    }
    return SIM_OK;
}

/* The Home Office's day: the policies' routes that go first, the ordinary route, the
 * policies' routes that take what is left. Every policy runs, in force or not. */
static sim_status asylum_day(model *m, policy_world *w)
{
    for (size_t i = 0; i < m->n_policies; i++) {
        const policy_def *pd = m->defs[i];
        if (pd->before_decisions)
            SIM_CHECK(pd->before_decisions(m->policy_params[i], m->policy_state[i], w, m->in_force[i]));
    }
    SIM_CHECK(ho_process(&m->ho, &m->pop, &m->d));
    for (size_t i = 0; i < m->n_policies; i++) {
        const policy_def *pd = m->defs[i];
        if (pd->after_decisions)
            SIM_CHECK(pd->after_decisions(m->policy_params[i], m->policy_state[i], w, m->in_force[i]));
    }
    return SIM_OK;
}

/* Daily public spending outside the Home Office's own routes, GBP: French policing,
 * the NCA, and the running costs of the policies in force. */
static double enforcement_cost(const model *m)
{
    double per_year = m->p->french.payment_per_year + m->p->nca.budget_per_year;
    for (size_t i = 0; i < m->n_policies; i++) {
        const policy_def *pd = m->defs[i];
        if (m->in_force[i] && pd->cost_per_year) per_year += pd->cost_per_year(m->policy_params[i]);
    }
    return per_year / 365.0;
}

/* Levels of the day, set after everything else has happened. */
static void set_stocks(model *m)
{
    double *today = m->d.today;
    const uint64_t *count = m->pop.state_count;
    today[M_WAITING] = (double)(count[MIG_WAITING] + count[MIG_BOOKED]);
    today[M_BACKLOG] = m->ho.legacy_backlog + (double)count[MIG_UK_BACKLOG];
    today[M_ACCOMMODATED] = ho_accommodated(&m->ho, &m->pop);
    today[M_GANGS] = m->gangs.n_gangs;
    today[M_BOAT_STOCK] = gang_boats(&m->gangs);
    today[M_PRICE] = m->gangs.price;
    today[M_COST] = m->d.cost_total;
    today[M_SUITABLE_DAYS] = m->sea != SEA_ROUGH;
    today[M_DAYS_WITH_ARRIVALS] = today[M_ARRIVALS] > 0;
    for (int g = 0; g < MIG_GROUPS; g++) m->d.group_today[g][G_BELIEF] = m->beliefs.belief[g];
}

/* A new calendar month: this month's weather and inflow factors. */
static void new_month(model *m)
{
    const model_params *p = m->p;
    int year = cfg_date_year(m->d.date);
    if (m->d.month == m->weather_month && year == m->weather_year) return;
    m->weather_month = m->d.month;
    m->weather_year = year;
    m->weather_factor = weather_month_factor(&p->weather, m->d.key, year, m->d.month);
    m->inflow_factor = mig_inflow_month_factor(&p->migrants, m->d.key, year, m->d.month);
}

sim_status model_step(model *m)
{
    const model_params *p = m->p;
    model_day *d = &m->d;
    policy_world world = {d, &m->pop, &m->ho};
    d->date = p->scenario.start_date + d->day;
    d->month = cfg_date_month(d->date);
    set_policies(m);
    memset(d->today, 0, sizeof d->today);
    memset(d->group_today, 0, sizeof d->group_today);
    d->crossers_today = 0;

    new_month(m);
    m->sea = weather_step(&p->weather, m->sea, d->month, m->weather_factor, d->key, d->date);
    if ((d->day + p->scenario.warmup_days) % 7 == 0) french_reallocate(&m->french);
    french_set_date(&m->french, d->date);
    nca_disrupt_gangs(&p->nca, gang_effort(m), &m->gangs, &m->pop, d);
    gang_entry_and_moves(&m->gangs, d, (double)m->pop.state_count[MIG_WAITING], m->french.effort_share);
    gang_supply(&m->gangs, d, extra_seizure_share(m));
    double rate[MIG_GROUPS];
    demand_rates(&p->demand, &p->migrants, d->date, rate);
    SIM_CHECK(mig_inflow(&m->pop, d, rate, p->deterrence.inflow_strength, m->beliefs.belief, m->inflow_factor));
    SIM_CHECK(mig_daily_choices(&m->pop, &m->gangs, d, &m->beliefs, booking_factor(m)));
    gang_drop_leavers(&m->gangs, &m->pop);
    gang_launch_rules rules;
    launch_rules(m, &rules);
    SIM_CHECK(gang_launch_all(&m->gangs, &m->pop, d, m->sea, &rules));
    SIM_CHECK(land_all(m, &world));
    SIM_CHECK(asylum_day(m, &world));
    gang_update_price(&m->gangs, d->date);
    mig_beliefs_update(&m->beliefs, d);
    announce_update(&m->announce, &m->beliefs, d);
    day_spend(d, enforcement_cost(m) + ho_daily_support_cost(&m->ho, &m->pop));
    set_stocks(m);
    m->agent_days = m->pop.agent_days;
    if (m->check_invariants) SIM_CHECK(model_check_invariants(m));
    return SIM_OK;
}
