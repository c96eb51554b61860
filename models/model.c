/**
 * @file model.c
 * @brief One replication: initial state, the daily schedule, and output recording.
 *
 * Daily schedule (ODD "process overview and scheduling"):
 *   1. date, month and the policies in force;         7. gangs launch; beach, shallow water, sea;
 *   2. sea state;                                     8. Home Office: returns, admissions, decisions, removals;
 *   3. French effort moves (weekly);                  9. seat price;
 *   4. NCA / BSC disrupt gangs;                      10. beliefs learn from removals, returns, deaths;
 *   5. gangs enter, move, order and receive boats;   11. costs;
 *   6. migrants arrive on the coast, then choose:    12. levels, invariants (tests), outputs.
 *      give up, book, or save;
 */
#include "models/model.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine/date.h"

sim_status model_create(const model_params *p, model **out)
{
    model *m;
    SIM_CALLOC(m, 1);
    m->p = p;
    m->ring_len = (int)(p->deterrence.delay_days + p->deterrence.window_days) + 1;
    m->ring_arrivals = calloc((size_t)m->ring_len * MIG_GROUPS, sizeof(double));
    m->ring_returned = calloc((size_t)m->ring_len * MIG_GROUPS, sizeof(double));
    m->ring_deaths = calloc((size_t)m->ring_len, sizeof(double));
    m->ring_crossers = calloc((size_t)m->ring_len, sizeof(double));
    sim_status st = SIM_OK;
    if (!m->ring_arrivals || !m->ring_returned || !m->ring_deaths || !m->ring_crossers)
        st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory allocating belief buffers");
    if (st == SIM_OK) st = rng_stream_create(&m->rng);
    if (st != SIM_OK) {
        model_destroy(&m);
        return st;
    }
    *out = m;
    return SIM_OK;
}

void model_destroy(model **mp)
{
    model *m = *mp;
    if (!m) return;
    free(m->people);
    free(m->coast);
    free(m->ring_arrivals);
    free(m->ring_returned);
    free(m->ring_deaths);
    free(m->ring_crossers);
    free(m->scratch);
    for (int s = 0; s < GANG_MAX; s++) free(m->gangs[s].queue);
    ho_queue_free(&m->backlog);
    ho_queue_free(&m->refused);
    ho_queue_free(&m->pilot_detained);
    ho_queue_free(&m->ftrack);
    ho_queue_free(&m->ftrack_returns);
    ho_queue_free(&m->rwanda_pool);
    rng_stream_destroy(&m->rng);
    free(m);
    *mp = NULL;
}

sim_status model_reserve_person(model *m)
{
    if (m->n_people < m->cap_people) return SIM_OK;
    double limit = m->p->scenario.max_people;
    if (m->n_people >= limit)
        return SIM_FAIL(SIM_ERR_CONFIG,
                        "a replication created more than [scenario] max_people = %.0f people; raise it if this is intended",
                        limit);
    double want = m->cap_people ? 2.0 * m->cap_people : 65536.0;
    if (want > limit) want = limit;
    mig_person *grown = realloc(m->people, (size_t)want * sizeof *grown);
    if (!grown) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory growing the population to %.0f", want);
    m->people = grown;
    m->cap_people = (uint32_t)want;
    return SIM_OK;
}

static void clear_queue(ho_queue *q) { q->head = q->len = 0; }

/* Put the model in its warm-up initial state for one replication, keeping buffers. */
static sim_status model_reset(model *m, rng_key key)
{
    const model_params *p = m->p;
    m->key = key;
    m->n_people = 0;
    m->n_coast = 0;
    memset(m->state_count, 0, sizeof m->state_count);
    memcpy(m->belief, p->deterrence.initial_belief, sizeof m->belief);
    m->death_risk = 0;
    memset(m->ring_arrivals, 0, (size_t)m->ring_len * MIG_GROUPS * sizeof(double));
    memset(m->ring_returned, 0, (size_t)m->ring_len * MIG_GROUPS * sizeof(double));
    memset(m->ring_deaths, 0, (size_t)m->ring_len * sizeof(double));
    memset(m->ring_crossers, 0, (size_t)m->ring_len * sizeof(double));
    memset(m->window_arrivals, 0, sizeof m->window_arrivals);
    memset(m->window_returned, 0, sizeof m->window_returned);
    m->window_deaths = m->window_crossers = 0;
    m->agent_days = 0;
    for (int s = 0; s < GANG_MAX; s++) {
        m->gangs[s].active = 0;
        m->gangs[s].queue_len = 0;
        m->gangs[s].queue_head = 0;
    }
    m->n_gangs = 0;
    m->gang_serial = 0;
    m->price = p->gangs.price_initial;
    m->supply_cursor = 0;
    for (int s = 0; s < COAST_SECTORS; s++) {
        m->effort_share[s] = 1.0 / COAST_SECTORS;
        m->sector_launches[s] = 0;
    }
    clear_queue(&m->backlog);
    clear_queue(&m->refused);
    clear_queue(&m->pilot_detained);
    clear_queue(&m->ftrack);
    clear_queue(&m->ftrack_returns);
    clear_queue(&m->rwanda_pool);
    m->legacy_backlog = p->home_office.initial_backlog;
    m->rwanda_tokens = 0;
    m->rwanda_was_on = 0;
    m->pilot_week = INT_MIN;
    m->pilot_week_returns = 0;
    m->admit_credits = 0;
    m->admit_cursor = 0;
    m->cost_total = 0;
    m->ho_decision_tokens = m->ho_return_tokens = 0;
    m->ft_decision_tokens = m->ft_return_tokens = 0;
    m->sea = SEA_STATES;
    m->weather_year = m->weather_month = -1;

    m->day = -p->scenario.warmup_days;
    m->date = p->scenario.start_date + m->day;
    for (int k = 0; k < (int)p->gangs.initial_gangs; k++) gang_start(m, k % COAST_SECTORS);
    for (int g = 0; g < MIG_GROUPS; g++) {
        int n = (int)lround(p->migrants.initial_waiting * p->migrants.group_share[g]);
        SIM_CHECK(mig_create_people(m, g, n, m->day));
    }
    return SIM_OK;
}

static void set_policies(model *m)
{
    const model_params *p = m->p;
    int d = m->date;
    m->on = (policy_flags){
        .rwanda = policy_active(p->rwanda.window, d),
        .pilot = policy_active(p->pilot.window, d),
        .fast_track = policy_active(p->fast_track.window, d),
        .bsc = policy_active(p->bsc.window, d),
        .shallow = policy_active(p->shallow.window, d),
        .supply_chain = policy_active(p->supply_chain.window, d),
        .online = policy_active(p->online.window, d),
    };
}

/* Levels of the day, set after everything else has happened. */
static void set_stocks(model *m)
{
    double boats = 0;
    for (int s = 0; s < GANG_MAX; s++)
        if (m->gangs[s].active) boats += m->gangs[s].stock;
    m->today[M_WAITING] = (double)(m->state_count[MIG_WAITING] + m->state_count[MIG_BOOKED]);
    m->today[M_BACKLOG] = m->legacy_backlog + (double)m->state_count[MIG_UK_BACKLOG];
    m->today[M_ACCOMMODATED] = ho_accommodated(m);
    m->today[M_GANGS] = m->n_gangs;
    m->today[M_BOAT_STOCK] = boats;
    m->today[M_PRICE] = m->price;
    m->today[M_COST] = m->cost_total;
    m->today[M_SUITABLE_DAYS] = m->sea != SEA_ROUGH;
    m->today[M_DAYS_WITH_ARRIVALS] = m->today[M_ARRIVALS] > 0;
    for (int g = 0; g < MIG_GROUPS; g++) m->group_today[g][G_BELIEF] = m->belief[g];
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
    int day = m->day, week = day / 7;
    double *daily = results_daily(res, slot) + (size_t)day * D_COUNT;
    daily[D_ARRIVALS] = m->today[M_ARRIVALS];
    daily[D_BOATS] = m->today[M_BOATS];
    daily[D_LAUNCHES] = m->today[M_LAUNCHES];
    daily[D_PREVENTED_PEOPLE] = m->today[M_PREVENTED_PEOPLE];
    daily[D_DEATHS] = m->today[M_DEATHS];
    daily[D_SEA_STATE] = m->sea;

    double *wrow = results_weekly(res, slot) + (size_t)week * M_COUNT;
    accumulate(wrow, m->today);
    accumulate(results_totals(res, slot), m->today);
    double *grow = results_group_weekly(res, slot) + (size_t)week * res->groups * G_COUNT;
    for (int g = 0; g < res->groups; g++)
        for (int k = 0; k < G_COUNT; k++) {
            double v = m->group_today[g][k];
            grow[g * G_COUNT + k] = group_metric_table[k].kind == METRIC_STOCK ? v : grow[g * G_COUNT + k] + v;
        }
    int week_end = (day % 7 == 6) || day == res->days - 1;
    if (week_end) finish_ratios(wrow, day - 7 * week + 1);
    if (day == res->days - 1) finish_ratios(results_totals(res, slot), res->days);
}

sim_status model_check_invariants(const model *m)
{
    uint64_t count[MIG_STATES] = {0};
    for (uint32_t i = 0; i < m->n_people; i++) {
        if (m->people[i].state >= MIG_STATES)
            return SIM_FAIL(SIM_ERR_INTERNAL, "day %d: person %u has no valid state (%d)", m->day, i, m->people[i].state);
        count[m->people[i].state]++;
    }
    uint64_t total = 0;
    for (int s = 0; s < MIG_STATES; s++) {
        if (count[s] != m->state_count[s])
            return SIM_FAIL(SIM_ERR_INTERNAL, "day %d: %llu people are %s but the running count says %llu", m->day,
                            (unsigned long long)count[s], mig_state_names[s], (unsigned long long)m->state_count[s]);
        total += count[s];
    }
    if (total != m->n_people)
        return SIM_FAIL(SIM_ERR_INTERNAL, "day %d: states hold %llu people of %u", m->day, (unsigned long long)total,
                        m->n_people);
    /* The coast list holds everyone waiting or booked exactly once, and may also hold
     * people who left the coast today (dropped by tomorrow's daily choices). */
    uint8_t *seen = calloc(m->n_people ? m->n_people : 1, 1);
    if (!seen) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory checking invariants");
    sim_status st = SIM_OK;
    uint64_t on_coast = 0;
    for (size_t i = 0; i < m->n_coast && st == SIM_OK; i++) {
        uint32_t id = m->coast[i];
        if (seen[id]++) st = SIM_FAIL(SIM_ERR_INTERNAL, "day %d: person %u is on the coast list twice", m->day, id);
        on_coast += m->people[id].state == MIG_WAITING || m->people[id].state == MIG_BOOKED;
    }
    if (st == SIM_OK && on_coast != count[MIG_WAITING] + count[MIG_BOOKED])
        st = SIM_FAIL(SIM_ERR_INTERNAL, "day %d: the coast list holds %llu people waiting or booked, but %llu are",
                      m->day, (unsigned long long)on_coast, (unsigned long long)(count[MIG_WAITING] + count[MIG_BOOKED]));
    uint64_t booked = 0;
    for (int s = 0; s < GANG_MAX && st == SIM_OK; s++) {
        const gang *g = &m->gangs[s];
        if (!g->active && g->queue_len)
            st = SIM_FAIL(SIM_ERR_INTERNAL, "day %d: inactive gang %d holds customers", m->day, s);
        for (int i = 0; i < g->queue_len && st == SIM_OK; i++) {
            uint32_t id = g->queue[(g->queue_head + i) % g->queue_cap];
            if (m->people[id].state != MIG_BOOKED || m->people[id].gang != s)
                st = SIM_FAIL(SIM_ERR_INTERNAL, "day %d: gang %d queues person %u who is %s", m->day, s, id,
                              mig_state_names[m->people[id].state]);
        }
        booked += (uint64_t)g->queue_len;
    }
    if (st == SIM_OK && booked != count[MIG_BOOKED])
        st = SIM_FAIL(SIM_ERR_INTERNAL, "day %d: gangs queue %llu customers but %llu are booked", m->day,
                      (unsigned long long)booked, (unsigned long long)count[MIG_BOOKED]);
    if (st == SIM_OK && m->pilot_detained.len != count[MIG_UK_DETAINED])
        st = SIM_FAIL(SIM_ERR_INTERNAL, "day %d: pilot detains %zu but %llu are detained", m->day,
                      m->pilot_detained.len, (unsigned long long)count[MIG_UK_DETAINED]);
    free(seen);
    return st;
}

static sim_status step(model *m)
{
    const model_params *p = m->p;
    m->date = p->scenario.start_date + m->day;
    m->month = cfg_date_month(m->date);
    set_policies(m);
    memset(m->today, 0, sizeof m->today);
    memset(m->group_today, 0, sizeof m->group_today);
    m->crossers_today = 0;

    int year = cfg_date_year(m->date);
    if (m->month != m->weather_month || year != m->weather_year) {
        m->weather_month = m->month;
        m->weather_year = year;
        m->weather_factor = weather_month_factor(&p->weather, m->key, year, m->month);
        m->inflow_factor = mig_inflow_month_factor(&p->migrants, m->key, year, m->month);
    }
    m->sea = weather_step(&p->weather, m->sea, m->month, m->weather_factor, m->key, m->date);
    if ((m->day + p->scenario.warmup_days) % 7 == 0) enf_reallocate(m);
    enf_disrupt_gangs(m);
    gang_entry_and_moves(m);
    gang_supply(m);
    SIM_CHECK(mig_inflow(m));
    SIM_CHECK(mig_daily_choices(m));
    gang_drop_leavers(m);
    SIM_CHECK(gang_launch_all(m));
    SIM_CHECK(ho_daily(m));
    gang_update_price(m);
    mig_update_beliefs(m);
    if (m->day >= 0) m->cost_total += enf_daily_cost(m) + ho_daily_support_cost(m);
    set_stocks(m);
    if (m->check_invariants) SIM_CHECK(model_check_invariants(m));
    return SIM_OK;
}

sim_status model_run(model *m, rng_key key, sim_results *res, int slot)
{
    /* The model writes its own tables' columns: results sized by another set would overflow. */
    if (res && res->metrics != model_metric_set())
        return SIM_FAIL(SIM_ERR_INTERNAL, "model_run: results were not created from the model's metric set");
    SIM_CHECK(model_reset(m, key));
    if (res) {
        /* Outputs accumulate day by day: start the slot from zero so it can be reused. */
        memset(results_weekly(res, slot), 0, (size_t)res->weeks * M_COUNT * sizeof(double));
        memset(results_totals(res, slot), 0, M_COUNT * sizeof(double));
        memset(results_daily(res, slot), 0, (size_t)res->days * D_COUNT * sizeof(double));
        memset(results_group_weekly(res, slot), 0, (size_t)res->weeks * res->groups * G_COUNT * sizeof(double));
    }
    const int days = m->p->scenario.days;
    for (m->day = -m->p->scenario.warmup_days; m->day < days; m->day++) {
        SIM_CHECK(step(m));
        if (m->day >= 0 && res) record_day(m, res, slot);
    }
    return SIM_OK;
}
