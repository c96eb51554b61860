/**
 * @file fast_track.c
 * @brief Fast-track processing and returns for safe countries: while in force, a
 *        share of each group's claimants goes to a separate stream with its own
 *        decision and return capacity and delays. The stream goes on working through
 *        its queues after the window closes.
 */
#include <stddef.h>

#include "models/policies/policy.h"

/** Fast-track processing and returns for safe countries: section [fast_track]. */
typedef struct {
    policy_window window;             /**< when fast-track is in force */
    double group_share[MIG_GROUPS];   /**< share of each group's arrivals put in the fast-track stream, probability */
    double decision_days;             /**< arrival to decision in fast-track, days */
    double decisions_per_day;         /**< fast-track decision capacity, decisions/day */
    double returns_per_day;           /**< fast-track return capacity, people/day */
    double return_delay_days;         /**< decision to return, days */
    policy_announcement announcement; /**< what is announced, when (models/policies/announce.h) */
} ftrack_params;
_Static_assert(offsetof(ftrack_params, window) == 0, "a policy's window comes first");

#define T_OFF(field) offsetof(ftrack_params, field)

static const cfg_param ftrack_param_list[] = {
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
    POLICY_ANNOUNCE_PARAMS("fast_track", T_OFF(announcement), "fast-track returns",
                           "scenario choice: UK-Albania arrangement, 13 Dec 2022: Albanians arriving by small boat are to be returned (facts.md)"),
};

/** The fast-track stream in one replication. */
typedef struct {
    ho_queue queue;          /**< awaiting a fast-track decision */
    ho_queue returns;        /**< refused in fast-track, awaiting return */
    double decision_tokens;  /**< decision capacity accrued, decisions */
    double return_tokens;    /**< return capacity accrued, people */
} ftrack_state;

static void ftrack_reset(void *state, const void *params)
{
    (void)params;
    ftrack_state *s = state;
    s->queue.head = s->queue.len = 0;
    s->returns.head = s->returns.len = 0;
    s->decision_tokens = s->return_tokens = 0;
}

static void ftrack_destroy(void *state)
{
    ftrack_state *s = state;
    ho_queue_free(&s->queue);
    ho_queue_free(&s->returns);
}

static sim_status ftrack_on_arrival(const void *params, void *state, policy_world *w, uint32_t id,
                                    const uint32_t draws[4], int *taken)
{
    const ftrack_params *p = params;
    ftrack_state *s = state;
    mig_person *q = &w->pop->people[id];
    if (draws[2] >= rng_threshold(p->group_share[mig_group_of(w->pop, id)])) return SIM_OK;
    *taken = 1;
    mig_set_state(w->pop, id, MIG_UK_BACKLOG); /* awaiting a decision, in the fast stream */
    q->ftrack = 1;
    return ho_queue_push(&s->queue, id, w->day->day);
}

static sim_status ftrack_before_decisions(const void *params, void *state, policy_world *w, int in_force)
{
    (void)in_force; /* the queues drain after the window closes */
    const ftrack_params *p = params;
    ftrack_state *s = state;
    model_day *d = w->day;
    s->decision_tokens = ho_accrue(s->decision_tokens, p->decisions_per_day);
    while (s->queue.len > 0 && s->decision_tokens >= 1.0) {
        if (d->day - ho_queue_front_day(&s->queue) < p->decision_days) break;
        uint32_t id = ho_queue_front_id(&s->queue);
        ho_queue_pop(&s->queue);
        s->decision_tokens -= 1.0;
        SIM_CHECK(ho_decide(w->ho, w->pop, d, id, &s->returns));
    }
    s->return_tokens = ho_accrue(s->return_tokens, p->returns_per_day);
    while (s->returns.len > 0 && s->return_tokens >= 1.0) {
        if (d->day - ho_queue_front_day(&s->returns) < p->return_delay_days) break;
        uint32_t id = ho_queue_front_id(&s->returns);
        ho_queue_pop(&s->returns);
        s->return_tokens -= 1.0;
        mig_set_state(w->pop, id, MIG_RETURNED_HOME);
        ho_count_return(d, mig_group_of(w->pop, id), M_RETURNED_FASTTRACK);
        day_spend(d, w->ho->p->cost_per_return);
    }
    return SIM_OK;
}

const policy_def fast_track_policy = {
    .section = "fast_track",
    .summary = "a separate, faster decision and return stream for a share of each group's claimants",
    .params = ftrack_param_list,
    .nparams = sizeof ftrack_param_list / sizeof ftrack_param_list[0],
    .params_size = sizeof(ftrack_params),
    .state_size = sizeof(ftrack_state),
    .announce_offset = offsetof(ftrack_params, announcement),
    .return_route = M_RETURNED_FASTTRACK,
    .reset = ftrack_reset,
    .destroy = ftrack_destroy,
    .on_arrival = ftrack_on_arrival,
    .before_decisions = ftrack_before_decisions,
};
