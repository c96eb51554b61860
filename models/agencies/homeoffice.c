/**
 * @file homeoffice.c
 * @brief Asylum claims, decisions, support, and every removal and return route.
 *
 * Capacities are daily rates accrued as tokens (a route with 0.8 returns a day
 * returns four people in five days); unused capacity does not bank beyond one
 * day's worth, except offshore removal, whose places bank for up to 30 days.
 */
#include "models/agencies/homeoffice.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "models/model.h"

#define H_OFF(field) offsetof(ho_params, field)
#define R_OFF(field) offsetof(rwanda_params, field)
#define P_OFF(field) offsetof(pilot_params, field)
#define T_OFF(field) offsetof(ftrack_params, field)

const cfg_param ho_param_list[] = {
    {"home_office", "initial_backlog", CFG_DOUBLE, H_OFF(initial_backlog), 0, 0, 1e7, "40000", "people",
     "small-boat claims awaiting a decision when the warm-up starts (not agents)",
     "assumption"},
    {"home_office", "decisions_per_day", CFG_DOUBLE, H_OFF(decisions_per_day), 0, 0, 1e5, "105", "decisions/day",
     "initial decisions on small-boat claims", "assumption"},
    {"home_office", "min_decision_days", CFG_DOUBLE, H_OFF(min_decision_days), 0, 0, 3650, "30", "days",
     "shortest time from arrival to an initial decision", "assumption"},
    {"home_office", "returns_per_day", CFG_DOUBLE, H_OFF(returns_per_day), 0, 0, 1e5, "4", "people/day",
     "ordinary enforced returns of refused small-boat claimants", "assumption"},
    {"home_office", "hotel_share", CFG_DOUBLE, H_OFF(hotel_share), 0, 0, 1, "0.30", "probability",
     "share of supported people in hotels", "assumption (hotel spending fell from GBP 3.0bn to 2.1bn, 2023-24 to 2024-25: NAO, BBC FOI)"},
    {"home_office", "hotel_cost_per_night", CFG_DOUBLE, H_OFF(hotel_cost_per_night), 0, 0, 1e5, "145", "GBP/(person night)",
     "hotel cost per person per night", "NAO 2023: GBP 145 a night"},
    {"home_office", "dispersal_cost_per_night", CFG_DOUBLE, H_OFF(dispersal_cost_per_night), 0, 0, 1e5, "14.41", "GBP/(person night)",
     "dispersal housing cost per person per night", "NAO 2023: GBP 14.41 a night"},
    {"home_office", "cost_per_decision", CFG_DOUBLE, H_OFF(cost_per_decision), 0, 0, 1e7, "1500", "GBP/decision",
     "caseworking cost per initial decision", "assumption"},
    {"home_office", "cost_per_return", CFG_DOUBLE, H_OFF(cost_per_return), 0, 0, 1e7, "12000", "GBP/person",
     "cost of one enforced return", "assumption"},
    {"home_office", "detention_cost_per_night", CFG_DOUBLE, H_OFF(detention_cost_per_night), 0, 0, 1e5, "100", "GBP/(person night)",
     "immigration detention per person per night", "assumption"},
};
const size_t ho_param_count = sizeof ho_param_list / sizeof ho_param_list[0];

const cfg_param rwanda_param_list[] = {
    POLICY_WINDOW_PARAMS("rwanda", R_OFF(window), "offshore removal"),
    {"rwanda", "capacity_per_year", CFG_DOUBLE, R_OFF(capacity_per_year), 0, 0, 1e7, "300", "people/year",
     "relocations the partner country accepts", "NAO Mar 2024: ~300 relocations a year planned"},
    {"rwanda", "eligible_share", CFG_DOUBLE, R_OFF(eligible_share), 0, 0, 1, "1", "probability",
     "share of arrivals made eligible for removal", "assumption: all irregular arrivals in scope"},
    {"rwanda", "legal_delay_days", CFG_DOUBLE, R_OFF(legal_delay_days), 0, 0, 3650, "90", "days",
     "shortest time from arrival to relocation (notices, challenges)", "assumption"},
    {"rwanda", "cost_upfront", CFG_DOUBLE, R_OFF(cost_upfront), 0, 0, 1e11, "0", "GBP",
     "payment when the scheme starts", "scenario choice (GBP 290m paid to Rwanda by 2024, seed 003)"},
    {"rwanda", "cost_per_year", CFG_DOUBLE, R_OFF(cost_per_year), 0, 0, 1e11, "74000000", "GBP/year",
     "fixed payments while in force", "NAO Mar 2024: GBP 370m committed; spread over five years is an assumption"},
    {"rwanda", "cost_per_person", CFG_DOUBLE, R_OFF(cost_per_person), 0, 0, 1e8, "171000", "GBP/person",
     "cost of relocating one person", "NAO Mar 2024: ~GBP 20k + ~GBP 151k per person; impact assessment GBP 169k"},
};
const size_t rwanda_param_count = sizeof rwanda_param_list / sizeof rwanda_param_list[0];

const cfg_param pilot_param_list[] = {
    POLICY_WINDOW_PARAMS("france_returns", P_OFF(window), "the UK-France returns pilot"),
    {"france_returns", "weekly_cap", CFG_DOUBLE, P_OFF(weekly_cap), 0, 0, 1e6, "50", "people/week",
     "most returns to France in one output week", "seed 004: capped at about 50 a week"},
    {"france_returns", "eligible_share", CFG_DOUBLE, P_OFF(eligible_share), 0, 0, 1, "0.2", "probability",
     "share of arrivals detained for return while places last", "assumption"},
    {"france_returns", "detention_places", CFG_DOUBLE, P_OFF(detention_places), 0, 0, 1e6, "300", "people",
     "detention places for the pilot", "assumption"},
    {"france_returns", "delay_days", CFG_DOUBLE, P_OFF(delay_days), 0, 1, 365, "30", "days",
     "time from arrival to return", "assumption; press: in force 5 Aug 2025, first return 18 Sep 2025 (44 days)"},
    {"france_returns", "max_detention_days", CFG_DOUBLE, P_OFF(max_detention_days), 0, 1, 3650, "90", "days",
     "people not returned by then are released into the asylum system", "assumption"},
    {"france_returns", "admission_min_grant", CFG_DOUBLE, P_OFF(admission_min_grant), 0, 0, 1, "0.6", "probability",
     "legal admissions go to people of groups with at least this grant rate", "assumption: admissions for those with a legitimate claim"},
    {"france_returns", "cost_per_return", CFG_DOUBLE, P_OFF(cost_per_return), 0, 0, 1e7, "10000", "GBP/person",
     "cost of one return to France", "assumption"},
};
const size_t pilot_param_count = sizeof pilot_param_list / sizeof pilot_param_list[0];

const cfg_param ftrack_param_list[] = {
    POLICY_WINDOW_PARAMS("fast_track", T_OFF(window), "fast-track processing"),
    {"fast_track", "group_share", CFG_DOUBLE_LIST, T_OFF(group_share), MIG_GROUPS, 0, 1,
     "0,0,0,0,0,0,0,0,0,0", "probability", "share of each group's arrivals put in the fast-track stream", "scenario choice"},
    {"fast_track", "decision_days", CFG_DOUBLE, T_OFF(decision_days), 0, 0, 3650, "30", "days",
     "arrival to decision in fast-track", "assumption"},
    {"fast_track", "decisions_per_day", CFG_DOUBLE, T_OFF(decisions_per_day), 0, 0, 1e5, "40", "decisions/day",
     "fast-track decision capacity", "assumption"},
    {"fast_track", "returns_per_day", CFG_DOUBLE, T_OFF(returns_per_day), 0, 0, 1e5, "25", "people/day",
     "fast-track return capacity", "assumption"},
    {"fast_track", "return_delay_days", CFG_DOUBLE, T_OFF(return_delay_days), 0, 0, 3650, "14", "days",
     "decision to return", "assumption"},
};
const size_t ftrack_param_count = sizeof ftrack_param_list / sizeof ftrack_param_list[0];

sim_status ho_queue_push(ho_queue *q, uint32_t id, int32_t day)
{
    if (q->len == q->cap) {
        size_t cap = q->cap ? 2 * q->cap : 1024;
        uint32_t *ids = malloc(cap * sizeof *ids);
        int32_t *days = malloc(cap * sizeof *days);
        if (!ids || !days) {
            free(ids);
            free(days);
            return SIM_FAIL(SIM_ERR_MEMORY, "out of memory growing a Home Office queue to %zu", cap);
        }
        for (size_t i = 0; i < q->len; i++) {
            ids[i] = q->id[(q->head + i) % q->cap];
            days[i] = q->day[(q->head + i) % q->cap];
        }
        free(q->id);
        free(q->day);
        q->id = ids;
        q->day = days;
        q->cap = cap;
        q->head = 0;
    }
    size_t tail = (q->head + q->len) % q->cap;
    q->id[tail] = id;
    q->day[tail] = day;
    q->len++;
    return SIM_OK;
}

void ho_queue_pop(ho_queue *q)
{
    q->head = (q->head + 1) % q->cap;
    q->len--;
}

void ho_queue_free(ho_queue *q)
{
    free(q->id);
    free(q->day);
    memset(q, 0, sizeof *q);
}

static void count_return(model *m, uint32_t id, metric_id route)
{
    m->today[route] += 1;
    if (route != M_REMOVED) m->today[M_RETURNED] += 1;
    m->group_today[m->people[id].group][G_RETURNED] += 1;
}

static void spend(model *m, double gbp)
{
    if (m->day >= 0) m->cost_total += gbp;
}

sim_status ho_arrive(model *m, uint32_t id)
{
    mig_person *q = &m->people[id];
    const model_params *p = m->p;
    q->uk_day = m->day;
    q->gang = MIG_NO_GANG;
    m->today[M_ARRIVALS] += 1;
    m->group_today[q->group][G_ARRIVALS] += 1;
    uint32_t w[4];
    rng_block(m->key, RNG_ASYLUM, id, (uint32_t)m->date, w);
    if (w[0] >= rng_threshold(p->migrants.claim_share)) {
        mig_set_state(m, id, MIG_UK_NO_CLAIM);
        return SIM_OK;
    }
    if (m->on.pilot && m->pilot_detained.len < (size_t)p->pilot.detention_places &&
        w[1] < rng_threshold(p->pilot.eligible_share)) {
        mig_set_state(m, id, MIG_UK_DETAINED);
        return ho_queue_push(&m->pilot_detained, id, m->day);
    }
    mig_set_state(m, id, MIG_UK_BACKLOG);
    if (m->on.fast_track && w[2] < rng_threshold(p->fast_track.group_share[q->group])) {
        q->ftrack = 1;
        return ho_queue_push(&m->ftrack, id, m->day);
    }
    q->ftrack = 0;
    SIM_CHECK(ho_queue_push(&m->backlog, id, m->day));
    if (m->on.rwanda && w[3] < rng_threshold(p->rwanda.eligible_share))
        SIM_CHECK(ho_queue_push(&m->rwanda_pool, id, m->day));
    return SIM_OK;
}

static double accrue(double tokens, double rate)
{
    tokens += rate;
    double cap = rate > 1.0 ? rate : 1.0;
    return tokens > cap ? cap : tokens;
}

/* Grant or refuse; refused people who can be returned join `returns`. */
static sim_status decide(model *m, uint32_t id, ho_queue *returns)
{
    const mig_params *mp = &m->p->migrants;
    mig_person *q = &m->people[id];
    uint32_t w[4];
    /* Entity id, purpose RNG_ASYLUM, day = decision date: distinct from arrival. */
    rng_block(m->key, RNG_ASYLUM, id, (uint32_t)m->date + 0x40000000u, w);
    spend(m, m->p->home_office.cost_per_decision);
    if (w[0] < rng_threshold(mp->grant_rate[q->group])) {
        mig_set_state(m, id, MIG_UK_GRANTED);
        return SIM_OK;
    }
    mig_set_state(m, id, MIG_UK_REFUSED);
    if (w[1] < rng_threshold(mp->return_feasible[q->group])) return ho_queue_push(returns, id, m->day);
    return SIM_OK;
}

static sim_status run_pilot(model *m)
{
    const pilot_params *p = &m->p->pilot;
    int week = m->day >= 0 ? m->day / 7 : -1 - (-m->day - 1) / 7; /* floor division */
    if (week != m->pilot_week) {
        m->pilot_week = week;
        m->pilot_week_returns = 0;
    }
    while (m->pilot_detained.len > 0) {
        uint32_t id = ho_queue_front_id(&m->pilot_detained);
        int waited = m->day - ho_queue_front_day(&m->pilot_detained);
        if (!m->on.pilot || waited >= p->max_detention_days) {
            /* Released into the asylum system. */
            ho_queue_pop(&m->pilot_detained);
            mig_set_state(m, id, MIG_UK_BACKLOG);
            SIM_CHECK(ho_queue_push(&m->backlog, id, m->day));
            continue;
        }
        if (waited < p->delay_days || m->pilot_week_returns + 1 > p->weekly_cap) break;
        ho_queue_pop(&m->pilot_detained);
        m->people[id].returned++;
        SIM_CHECK(mig_return_to_coast(m, id));
        count_return(m, id, M_RETURNED_FRANCE);
        m->pilot_week_returns += 1;
        m->admit_credits += 1;
        spend(m, p->cost_per_return);
    }
    /* One in, one out: for each return, admit someone waiting with a strong claim. */
    size_t scanned = 0;
    while (m->admit_credits >= 1.0 && m->n_coast > 0 && scanned < m->n_coast) {
        if (m->admit_cursor >= m->n_coast) m->admit_cursor = 0;
        uint32_t id = m->coast[m->admit_cursor++];
        scanned++;
        mig_person *q = &m->people[id];
        if (q->state != MIG_WAITING || m->p->migrants.grant_rate[q->group] < p->admission_min_grant) continue;
        mig_set_state(m, id, MIG_ADMITTED);
        m->today[M_ADMITTED] += 1;
        m->admit_credits -= 1;
        scanned = 0;
    }
    return SIM_OK;
}

static sim_status run_fast_track(model *m)
{
    const ftrack_params *p = &m->p->fast_track;
    m->ft_decision_tokens = accrue(m->ft_decision_tokens, p->decisions_per_day);
    while (m->ftrack.len > 0 && m->ft_decision_tokens >= 1.0) {
        if (m->day - ho_queue_front_day(&m->ftrack) < p->decision_days) break;
        uint32_t id = ho_queue_front_id(&m->ftrack);
        ho_queue_pop(&m->ftrack);
        m->ft_decision_tokens -= 1.0;
        SIM_CHECK(decide(m, id, &m->ftrack_returns));
    }
    m->ft_return_tokens = accrue(m->ft_return_tokens, p->returns_per_day);
    while (m->ftrack_returns.len > 0 && m->ft_return_tokens >= 1.0) {
        if (m->day - ho_queue_front_day(&m->ftrack_returns) < p->return_delay_days) break;
        uint32_t id = ho_queue_front_id(&m->ftrack_returns);
        ho_queue_pop(&m->ftrack_returns);
        m->ft_return_tokens -= 1.0;
        mig_set_state(m, id, MIG_RETURNED_HOME);
        count_return(m, id, M_RETURNED_FASTTRACK);
        spend(m, m->p->home_office.cost_per_return);
    }
    return SIM_OK;
}

static sim_status run_ordinary(model *m)
{
    const ho_params *p = &m->p->home_office;
    m->ho_decision_tokens = accrue(m->ho_decision_tokens, p->decisions_per_day);
    /* Older claims first: the legacy backlog, then arrivals in order. */
    double legacy = floor(m->ho_decision_tokens);
    if (legacy > m->legacy_backlog) legacy = m->legacy_backlog;
    m->legacy_backlog -= legacy;
    m->ho_decision_tokens -= legacy;
    spend(m, legacy * p->cost_per_decision);
    while (m->backlog.len > 0 && m->ho_decision_tokens >= 1.0) {
        uint32_t id = ho_queue_front_id(&m->backlog);
        if (m->people[id].state != MIG_UK_BACKLOG) { /* removed offshore meanwhile */
            ho_queue_pop(&m->backlog);
            continue;
        }
        if (m->day - ho_queue_front_day(&m->backlog) < p->min_decision_days) break;
        ho_queue_pop(&m->backlog);
        m->ho_decision_tokens -= 1.0;
        SIM_CHECK(decide(m, id, &m->refused));
    }
    m->ho_return_tokens = accrue(m->ho_return_tokens, p->returns_per_day);
    while (m->refused.len > 0 && m->ho_return_tokens >= 1.0) {
        uint32_t id = ho_queue_front_id(&m->refused);
        ho_queue_pop(&m->refused);
        m->ho_return_tokens -= 1.0;
        mig_set_state(m, id, MIG_RETURNED_HOME);
        count_return(m, id, M_RETURNED_ORDINARY);
        spend(m, p->cost_per_return);
    }
    return SIM_OK;
}

static void run_rwanda(model *m)
{
    const rwanda_params *p = &m->p->rwanda;
    if (!m->on.rwanda) {
        m->rwanda_was_on = 0;
        m->rwanda_tokens = 0;
        return;
    }
    if (!m->rwanda_was_on) {
        spend(m, p->cost_upfront);
        m->rwanda_was_on = 1;
    }
    spend(m, p->cost_per_year / 365.0);
    double rate = p->capacity_per_year / 365.0;
    m->rwanda_tokens += rate;
    if (m->rwanda_tokens > 30.0 * rate + 1.0) m->rwanda_tokens = 30.0 * rate + 1.0;
    while (m->rwanda_pool.len > 0 && m->rwanda_tokens >= 1.0) {
        uint32_t id = ho_queue_front_id(&m->rwanda_pool);
        if (m->people[id].state != MIG_UK_BACKLOG) { /* decided or otherwise gone */
            ho_queue_pop(&m->rwanda_pool);
            continue;
        }
        if (m->day - ho_queue_front_day(&m->rwanda_pool) < p->legal_delay_days) break;
        ho_queue_pop(&m->rwanda_pool);
        m->rwanda_tokens -= 1.0;
        mig_set_state(m, id, MIG_REMOVED);
        count_return(m, id, M_REMOVED);
        spend(m, p->cost_per_person);
    }
}

sim_status ho_daily(model *m)
{
    SIM_CHECK(run_pilot(m));
    SIM_CHECK(run_fast_track(m));
    SIM_CHECK(run_ordinary(m));
    run_rwanda(m);
    return SIM_OK;
}

double ho_accommodated(const model *m)
{
    return m->legacy_backlog + (double)m->state_count[MIG_UK_BACKLOG] + (double)m->state_count[MIG_UK_DETAINED];
}

double ho_daily_support_cost(const model *m)
{
    const ho_params *p = &m->p->home_office;
    double supported = m->legacy_backlog + (double)m->state_count[MIG_UK_BACKLOG];
    double night = p->hotel_share * p->hotel_cost_per_night + (1.0 - p->hotel_share) * p->dispersal_cost_per_night;
    return supported * night + (double)m->state_count[MIG_UK_DETAINED] * p->detention_cost_per_night;
}
