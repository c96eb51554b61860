/**
 * @file homeoffice.c
 * @brief Asylum claims, decisions, support, and every removal and return route.
 *
 * Capacities are daily rates accrued as tokens (a route with 0.8 returns a day
 * returns four people in five days); unused capacity does not bank beyond one
 * day's worth. The policy routes (offshore removal, returns to France, fast track)
 * are in models/policies/.
 */
#include "models/agencies/homeoffice.h"

#include <math.h>
#include <stddef.h>
#include <string.h>


#define H_OFF(field) offsetof(ho_params, field)

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

/* Double a full queue's capacity, unrolling the ring. Apart from ho_queue_push so that
 * a push, a million a replication, does not pay for saving the registers it needs. */
static __attribute__((noinline)) sim_status queue_grow(ho_queue *q)
{
    size_t cap = q->cap ? 2 * q->cap : 1024;
    uint32_t *ids = malloc(cap * sizeof *ids);
    int32_t *days = malloc(cap * sizeof *days);
    if (!ids || !days) {
        free(ids);
        free(days);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory growing a Home Office queue to %zu", cap);
    }
    for (size_t i = 0; i < q->len; i++) {
        ids[i] = q->id[(q->head + i) & (q->cap - 1)];
        days[i] = q->day[(q->head + i) & (q->cap - 1)];
    }
    free(q->id);
    free(q->day);
    q->id = ids;
    q->day = days;
    q->cap = cap;
    q->head = 0;
    return SIM_OK;
}

sim_status ho_queue_push(ho_queue *q, uint32_t id, int32_t day)
{
    if (q->len == q->cap) SIM_CHECK(queue_grow(q));
    size_t tail = (q->head + q->len) & (q->cap - 1); /* capacities are powers of two: a mask, not a division */
    q->id[tail] = id;
    q->day[tail] = day;
    q->len++;
    return SIM_OK;
}

void ho_queue_pop(ho_queue *q)
{
    q->head = (q->head + 1) & (q->cap - 1);
    q->len--;
}

void ho_queue_free(ho_queue *q)
{
    free(q->id);
    free(q->day);
    memset(q, 0, sizeof *q);
}

void ho_count_return(model_day *d, int group, metric_id route)
{
    d->today[route] += 1;
    if (route != M_REMOVED) d->today[M_RETURNED] += 1;
    d->group_today[group][G_RETURNED] += 1;
}

double ho_accrue(double tokens, double rate)
{
    tokens += rate;
    double cap = rate > 1.0 ? rate : 1.0;
    return tokens > cap ? cap : tokens;
}

void ho_init(ho_state *ho, const ho_params *p, const mig_params *mig)
{
    memset(ho, 0, sizeof *ho);
    ho->p = p;
    ho->mig = mig;
}

void ho_reuse(ho_state *ho, const ho_params *p, const mig_params *mig, ho_state *from)
{
    ho_init(ho, p, mig);
    ho->backlog = from->backlog;
    ho->refused = from->refused;
    memset(&from->backlog, 0, sizeof from->backlog);
    memset(&from->refused, 0, sizeof from->refused);
}

static void clear_queue(ho_queue *q) { q->head = q->len = 0; }

void ho_reset(ho_state *ho)
{
    clear_queue(&ho->backlog);
    clear_queue(&ho->refused);
    ho->legacy_backlog = ho->p->initial_backlog;
    ho->decision_tokens = ho->return_tokens = 0;
}

void ho_free(ho_state *ho)
{
    ho_queue_free(&ho->backlog);
    ho_queue_free(&ho->refused);
}

void ho_arrival_draws(const model_day *d, const uint32_t *id, size_t n, uint32_t (*w)[4])
{
    rng_blocks(d->key, RNG_ASYLUM, id, (uint32_t)d->date, n, w);
}

int ho_land(mig_population *pop, model_day *d, uint32_t id, const uint32_t w[4])
{
    mig_person *q = &pop->people[id];
    q->uk_day = d->day;
    d->today[M_ARRIVALS] += 1;
    d->group_today[mig_group_of(pop, id)][G_ARRIVALS] += 1;
    if (w[0] >= rng_threshold(pop->p->claim_share)) {
        mig_set_state(pop, id, MIG_UK_NO_CLAIM);
        return 0;
    }
    return 1;
}

sim_status ho_enter_backlog(ho_state *ho, mig_population *pop, const model_day *d, uint32_t id)
{
    mig_set_state(pop, id, MIG_UK_BACKLOG);
    return ho_queue_push(&ho->backlog, id, d->day);
}

/* The counter word of a decision's draw: entity id, purpose RNG_ASYLUM, day = the
 * decision date offset by 2^30, distinct from the arrival draw's. */
static uint32_t decision_day(const model_day *d) { return (uint32_t)d->date + 0x40000000u; }

/* ho_decide with the person's decision draw `w` given. */
static sim_status decide(ho_state *ho, mig_population *pop, model_day *d, uint32_t id, const uint32_t w[4],
                         ho_queue *returns)
{
    const mig_params *mp = ho->mig;
    day_spend(d, ho->p->cost_per_decision);
    int group = mig_group_of(pop, id);
    if (w[0] < rng_threshold(mp->grant_rate[group])) {
        mig_set_state(pop, id, MIG_UK_GRANTED);
        return SIM_OK;
    }
    mig_set_state(pop, id, MIG_UK_REFUSED);
    if (w[1] < rng_threshold(mp->return_feasible[group])) return ho_queue_push(returns, id, d->day);
    return SIM_OK;
}

sim_status ho_decide(ho_state *ho, mig_population *pop, model_day *d, uint32_t id, ho_queue *returns)
{
    uint32_t w[4];
    rng_block(d->key, RNG_ASYLUM, id, decision_day(d), w);
    return decide(ho, pop, d, id, w, returns);
}

/* Decision draws for the backlog's next entries, computed ahead a batch at a time
 * (rng_blocks): a draw depends only on the person and the date, so computing one for
 * an entry that is then skipped or left for another day changes nothing. */
enum { HO_AHEAD = 64 };
typedef struct {
    uint32_t w[HO_AHEAD][4]; /* draws of the entries from the front */
    size_t have, at;         /* draws computed; the next one to use */
} ahead_draws;

static const uint32_t *next_draw(ahead_draws *a, const ho_queue *q, const mig_population *pop, const model_day *d,
                                 double tokens)
{
    if (a->at == a->have) {
        uint32_t ids[HO_AHEAD];
        size_t k = q->len < HO_AHEAD ? q->len : HO_AHEAD;
        if (tokens + 1 < (double)k) k = (size_t)tokens + 1; /* about the decisions left today */
        for (size_t j = 0; j < k; j++) ids[j] = q->id[(q->head + j) & (q->cap - 1)];
        /* Their state and group, read by the loop and the decisions: asked for all at
         * once while the draws are computed, not missed one claim at a time. */
        for (size_t j = 0; j < k; j++) mig_prefetch_person(pop, ids[j]);
        rng_blocks(d->key, RNG_ASYLUM, ids, decision_day(d), k, a->w);
        a->have = k;
        a->at = 0;
    }
    return a->w[a->at++];
}

sim_status ho_process(ho_state *m, mig_population *pop, model_day *d)
{
    const ho_params *p = m->p;
    m->decision_tokens = ho_accrue(m->decision_tokens, p->decisions_per_day);
    /* Older claims first: the legacy backlog, then arrivals in order. */
    double legacy = floor(m->decision_tokens);
    if (legacy > m->legacy_backlog) legacy = m->legacy_backlog;
    m->legacy_backlog -= legacy;
    m->decision_tokens -= legacy;
    day_spend(d, legacy * p->cost_per_decision);
    ahead_draws a = {.have = 0, .at = 0};
    while (m->backlog.len > 0 && m->decision_tokens >= 1.0) {
        uint32_t id = ho_queue_front_id(&m->backlog);
        if (mig_state_of(pop, id) != MIG_UK_BACKLOG) { /* removed offshore meanwhile */
            ho_queue_pop(&m->backlog);
            if (a.at < a.have) a.at++; /* its draw, if computed, goes unused */
            continue;
        }
        if (d->day - ho_queue_front_day(&m->backlog) < p->min_decision_days) break;
        const uint32_t *w = next_draw(&a, &m->backlog, pop, d, m->decision_tokens);
        ho_queue_pop(&m->backlog);
        m->decision_tokens -= 1.0;
        SIM_CHECK(decide(m, pop, d, id, w, &m->refused));
    }
    m->return_tokens = ho_accrue(m->return_tokens, p->returns_per_day);
    while (m->refused.len > 0 && m->return_tokens >= 1.0) {
        uint32_t id = ho_queue_front_id(&m->refused);
        ho_queue_pop(&m->refused);
        m->return_tokens -= 1.0;
        mig_set_state(pop, id, MIG_RETURNED_HOME);
        ho_count_return(d, mig_group_of(pop, id), M_RETURNED_ORDINARY);
        day_spend(d, p->cost_per_return);
    }
    return SIM_OK;
}

double ho_accommodated(const ho_state *ho, const mig_population *pop)
{
    return ho->legacy_backlog + (double)pop->state_count[MIG_UK_BACKLOG] + (double)pop->state_count[MIG_UK_DETAINED];
}

double ho_daily_support_cost(const ho_state *ho, const mig_population *pop)
{
    const ho_params *p = ho->p;
    double supported = ho->legacy_backlog + (double)pop->state_count[MIG_UK_BACKLOG];
    double night = p->hotel_share * p->hotel_cost_per_night + (1.0 - p->hotel_share) * p->dispersal_cost_per_night;
    return supported * night + (double)pop->state_count[MIG_UK_DETAINED] * p->detention_cost_per_night;
}
