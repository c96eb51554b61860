/**
 * @file france_returns.c
 * @brief The UK-France returns pilot ("one in, one out"): while it is in force, a
 *        share of claimants is detained (while places last) and returned to France
 *        after a delay, at most weekly_cap in one calendar week (Monday to Sunday); those not returned in
 *        time, or still detained when the pilot ends, are released into the ordinary
 *        backlog. For each return, one person waiting on the coast whose group's
 *        grant rate is high enough is admitted legally.
 */
#include <limits.h>
#include <stddef.h>

#include "models/policies/policy.h"
#include "sim/engine/date.h"

/** UK-France returns pilot: section [france_returns]. */
typedef struct {
    policy_window window;     /**< when the pilot is in force */
    double weekly_cap;        /**< most returns to France in one calendar week (Monday to Sunday), people/week */
    double eligible_share;    /**< share of arrivals detained for return while places last, probability */
    double detention_places;  /**< detention places for the pilot, people */
    double delay_days;        /**< time from arrival to return (referral, French agreement), days */
    double max_detention_days;/**< people not returned by then are released into the asylum system, days */
    double admission_min_grant; /**< legal admissions go to groups with at least this grant rate, probability */
    double cost_per_return;   /**< cost of one return to France, GBP */
    policy_announcement announcement; /**< what is announced, when (models/policies/announce.h) */
} pilot_params;
_Static_assert(offsetof(pilot_params, window) == 0, "a policy's window comes first");

#define P_OFF(field) offsetof(pilot_params, field)

static const cfg_param pilot_param_list[] = {
    POLICY_WINDOW_PARAMS("france_returns", P_OFF(window), "the UK-France returns pilot"),
    {"france_returns", "weekly_cap", CFG_DOUBLE, P_OFF(weekly_cap), 0, 0, 1e6, "50", "people/week",
     "most returns to France in one calendar week (Monday to Sunday)", "seed 004: capped at about 50 a week"},
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
    POLICY_ANNOUNCE_PARAMS("france_returns", P_OFF(announcement), "the returns pilot",
                           "scenario choice: seed 004, about 50 returns a week, against the week's arrivals"),
};

/** The pilot in one replication. */
typedef struct {
    ho_queue detained;     /**< detained for return to France, in order of arrival */
    int week;              /**< calendar week week_returns refers to: its Monday, day number */
    double week_returns;   /**< returns to France this week, people */
    double admit_credits;  /**< legal admissions owed (one per return), people */
    size_t admit_cursor;   /**< where the search for the next admission resumes among the people on the coast (mig_coast_at) */
} pilot_state;

static void pilot_reset(void *state, const void *params)
{
    (void)params;
    pilot_state *s = state;
    s->detained.head = s->detained.len = 0;
    s->week = INT_MIN;
    s->week_returns = 0;
    s->admit_credits = 0;
    s->admit_cursor = 0;
}

static void pilot_destroy(void *state) { ho_queue_free(&((pilot_state *)state)->detained); }

static sim_status pilot_on_arrival(const void *params, void *state, policy_world *w, uint32_t id,
                                   const uint32_t draws[4], int *taken)
{
    const pilot_params *p = params;
    pilot_state *s = state;
    if (s->detained.len < (size_t)p->detention_places && draws[1] < rng_threshold(p->eligible_share)) {
        *taken = 1;
        mig_set_state(w->pop, id, MIG_UK_DETAINED);
        return ho_queue_push(&s->detained, id, w->day->day);
    }
    return SIM_OK;
}

/* One in, one out: for each return owed, admit someone waiting with a strong claim. */
static void admit(const pilot_params *p, pilot_state *s, policy_world *w)
{
    mig_population *pop = w->pop;
    size_t scanned = 0;
    uint64_t on_coast = mig_coast_size(pop);
    while (s->admit_credits >= 1.0 && on_coast > 0 && scanned < on_coast) {
        if (s->admit_cursor >= on_coast) s->admit_cursor = 0;
        uint32_t id = mig_coast_at(pop, s->admit_cursor++);
        scanned++;
        if (mig_state_of(pop, id) != MIG_WAITING || pop->p->grant_rate[mig_group_of(pop, id)] < p->admission_min_grant)
            continue;
        mig_set_state(pop, id, MIG_ADMITTED); /* leaves the coast: the last of the group's arrays takes its place */
        on_coast--;
        w->day->today[M_ADMITTED] += 1;
        s->admit_credits -= 1;
        scanned = 0;
    }
}

static sim_status pilot_before_decisions(const void *params, void *state, policy_world *w, int in_force)
{
    const pilot_params *p = params;
    pilot_state *s = state;
    model_day *d = w->day;
    /* The cap counts calendar weeks, Monday to Sunday, as the Home Office reports them
     * (SB_02 week_ending): the week is named by its Monday, so runs that start on
     * different days share the same weeks. */
    int week = cfg_date_monday(d->date);
    if (week != s->week) {
        s->week = week;
        s->week_returns = 0;
    }
    while (s->detained.len > 0) {
        uint32_t id = ho_queue_front_id(&s->detained);
        int waited = d->day - ho_queue_front_day(&s->detained);
        if (!in_force || waited >= p->max_detention_days) {
            /* Released into the asylum system. */
            ho_queue_pop(&s->detained);
            SIM_CHECK(ho_enter_backlog(w->ho, w->pop, d, id));
            continue;
        }
        if (waited < p->delay_days || s->week_returns + 1 > p->weekly_cap) break;
        ho_queue_pop(&s->detained);
        w->pop->people[id].returned++;
        SIM_CHECK(mig_return_to_coast(w->pop, d, id));
        ho_count_return(d, mig_group_of(w->pop, id), M_RETURNED_FRANCE);
        s->week_returns += 1;
        s->admit_credits += 1;
        day_spend(d, p->cost_per_return);
    }
    admit(p, s, w);
    return SIM_OK;
}

static sim_status pilot_check(const void *state, const mig_population *pop, int day)
{
    const pilot_state *s = state;
    if (s->detained.len != pop->state_count[MIG_UK_DETAINED])
        return SIM_FAIL(SIM_ERR_INTERNAL, "day %d: pilot detains %zu but %llu are detained", day, s->detained.len,
                        (unsigned long long)pop->state_count[MIG_UK_DETAINED]);
    return SIM_OK;
}

const policy_def france_returns_policy = {
    .section = "france_returns",
    .summary = "detention and return to France of a share of claimants, capped weekly; one legal admission per return",
    .params = pilot_param_list,
    .nparams = sizeof pilot_param_list / sizeof pilot_param_list[0],
    .params_size = sizeof(pilot_params),
    .state_size = sizeof(pilot_state),
    .announce_offset = offsetof(pilot_params, announcement),
    .return_route = M_RETURNED_FRANCE,
    .reset = pilot_reset,
    .destroy = pilot_destroy,
    .on_arrival = pilot_on_arrival,
    .before_decisions = pilot_before_decisions,
    .check = pilot_check,
};
