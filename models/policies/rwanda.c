/**
 * @file rwanda.c
 * @brief Offshore removal (the Rwanda scheme): claimants who arrive while it is in
 *        force may be made eligible; after a legal delay they are relocated as places
 *        allow. Places accrue at capacity_per_year / 365 a day and bank for up to 30
 *        days; when the scheme stops, unused places are lost and eligibility lapses
 *        for those not yet relocated (they stay in the ordinary backlog).
 */
#include <stddef.h>

#include "models/policies/policy.h"

/** Offshore removal (Rwanda scheme): section [rwanda]. */
typedef struct {
    policy_window window;     /**< when removals can happen (e.g. Safety of Rwanda Act 2024-04-25 to 2024-07-06) */
    double capacity_per_year; /**< relocations the partner country accepts, people/year */
    double eligible_share;    /**< share of arrivals made eligible for removal, probability */
    double legal_delay_days;  /**< shortest time from arrival to relocation (notices, legal challenges), days */
    double cost_upfront;      /**< payment when the scheme starts, GBP */
    double cost_per_year;     /**< fixed payments while in force, GBP/year */
    double cost_per_person;   /**< cost of relocating one person, GBP */
    policy_announcement announcement; /**< what is announced, when (e.g. 2022-04-14; models/policies/announce.h) */
} rwanda_params;
_Static_assert(offsetof(rwanda_params, window) == 0, "a policy's window comes first");

#define R_OFF(field) offsetof(rwanda_params, field)

static const cfg_param rwanda_param_list[] = {
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
    POLICY_ANNOUNCE_PARAMS("rwanda", R_OFF(announcement), "offshore removal",
                           "scenario choice: announced 14 Apr 2022, anyone arriving irregularly liable to relocation; in practice less than 1% (seeds 000, 001)"),
};

/** The scheme in one replication. */
typedef struct {
    ho_queue pool;   /**< claimants eligible for removal, in order of arrival */
    double tokens;   /**< relocation places accrued and unused, people */
    int was_on;      /**< 1 if in force yesterday (the upfront payment is charged once per start) */
} rwanda_state;

/* Places bank for at most this many days of capacity. */
#define RWANDA_BANK_DAYS 30.0

static void rwanda_reset(void *state, const void *params)
{
    (void)params;
    rwanda_state *s = state;
    s->pool.head = s->pool.len = 0;
    s->tokens = 0;
    s->was_on = 0;
}

static void rwanda_destroy(void *state) { ho_queue_free(&((rwanda_state *)state)->pool); }

static sim_status rwanda_on_backlog(const void *params, void *state, policy_world *w, uint32_t id,
                                    const uint32_t draws[4])
{
    const rwanda_params *p = params;
    rwanda_state *s = state;
    if (draws[3] < rng_threshold(p->eligible_share)) SIM_CHECK(ho_queue_push(&s->pool, id, w->day->day));
    return SIM_OK;
}

static sim_status rwanda_after_decisions(const void *params, void *state, policy_world *w, int in_force)
{
    const rwanda_params *p = params;
    rwanda_state *s = state;
    model_day *d = w->day;
    if (!in_force) {
        s->was_on = 0;
        s->tokens = 0;
        return SIM_OK;
    }
    if (!s->was_on) {
        day_spend(d, p->cost_upfront);
        s->was_on = 1;
    }
    day_spend(d, p->cost_per_year / 365.0);
    double rate = p->capacity_per_year / 365.0;
    s->tokens += rate;
    if (s->tokens > RWANDA_BANK_DAYS * rate + 1.0) s->tokens = RWANDA_BANK_DAYS * rate + 1.0;
    while (s->pool.len > 0 && s->tokens >= 1.0) {
        uint32_t id = ho_queue_front_id(&s->pool);
        if (mig_state_of(w->pop, id) != MIG_UK_BACKLOG) { /* decided or otherwise gone */
            ho_queue_pop(&s->pool);
            continue;
        }
        if (d->day - ho_queue_front_day(&s->pool) < p->legal_delay_days) break;
        ho_queue_pop(&s->pool);
        s->tokens -= 1.0;
        mig_set_state(w->pop, id, MIG_REMOVED);
        ho_count_return(d, mig_group_of(w->pop, id), M_REMOVED);
        day_spend(d, p->cost_per_person);
    }
    return SIM_OK;
}

const policy_def rwanda_policy = {
    .section = "rwanda",
    .summary = "offshore removal of eligible claimants after a legal delay, within a yearly capacity",
    .params = rwanda_param_list,
    .nparams = sizeof rwanda_param_list / sizeof rwanda_param_list[0],
    .params_size = sizeof(rwanda_params),
    .state_size = sizeof(rwanda_state),
    .announce_offset = offsetof(rwanda_params, announcement),
    .return_route = M_REMOVED,
    .reset = rwanda_reset,
    .destroy = rwanda_destroy,
    .on_backlog = rwanda_on_backlog,
    .after_decisions = rwanda_after_decisions,
};
