/**
 * @file homeoffice.h
 * @brief The Home Office: asylum claims, processing capacity and backlog, grants by
 *        nationality, accommodation, and each removal or return route with its own
 *        capacity, delay, eligibility and cost. The ordinary route (decisions, then
 *        returns of refused claimants) is here; the policy routes (offshore removal
 *        to Rwanda, the UK-France returns pilot, fast-track returns) are policies in
 *        models/policies/ that use these functions.
 */
#ifndef CHANSIM_HOMEOFFICE_H
#define CHANSIM_HOMEOFFICE_H

#include <stdint.h>

#include "models/agents/migrants.h"
#include "models/day.h"
#include "sim/engine/config.h"

/** Asylum processing and support: section [home_office]. */
typedef struct {
    double initial_backlog;         /**< small-boat claims awaiting decision when the warm-up starts (not agents), people */
    double decisions_per_day;       /**< initial decisions on small-boat claims, decisions/day */
    double min_decision_days;       /**< shortest time from arrival to decision, days */
    double returns_per_day;         /**< ordinary enforced returns of refused small-boat claimants, people/day */
    double hotel_share;             /**< share of supported people in hotels (rest in dispersal housing), probability */
    double hotel_cost_per_night;    /**< hotel cost per person per night, GBP */
    double dispersal_cost_per_night;/**< dispersal housing cost per person per night, GBP */
    double cost_per_decision;       /**< caseworking cost per initial decision, GBP */
    double cost_per_return;         /**< cost of one enforced return, GBP */
    double detention_cost_per_night;/**< immigration detention, GBP per person per night */
} ho_params;

extern const cfg_param ho_param_list[];
extern const size_t ho_param_count;

/** A first-in first-out queue of person ids with the day each joined. */
typedef struct {
    uint32_t *id;   /**< person ids, ring buffer */
    int32_t *day;   /**< simulated day each joined */
    size_t head;    /**< index of the oldest */
    size_t len;     /**< entries */
    size_t cap;     /**< ring capacity (0 or a power of two: 1024, doubled) */
} ho_queue;

sim_status ho_queue_push(ho_queue *q, uint32_t id, int32_t day);
void ho_queue_pop(ho_queue *q);
void ho_queue_free(ho_queue *q);
static inline uint32_t ho_queue_front_id(const ho_queue *q) { return q->id[q->head]; }
static inline int32_t ho_queue_front_day(const ho_queue *q) { return q->day[q->head]; }

/** The Home Office's ordinary asylum system in one replication. */
typedef struct {
    const ho_params *p;         /**< inputs (not owned) */
    const mig_params *mig;      /**< grant rates and return feasibility by group (not owned) */
    ho_queue backlog;           /**< awaiting an ordinary decision */
    ho_queue refused;           /**< refused and returnable, awaiting an ordinary return */
    double legacy_backlog;      /**< claims awaiting decision that predate the run (not agents), people */
    double decision_tokens;     /**< ordinary decision capacity accrued, decisions */
    double return_tokens;       /**< ordinary return capacity accrued, people */
} ho_state;

/** Set the inputs and empty the queues; free with ho_free. */
void ho_init(ho_state *ho, const ho_params *p, const mig_params *mig);

/** Empty queues and the initial legacy backlog (start of a replication; keeps buffers). */
void ho_reset(ho_state *ho);

void ho_free(ho_state *ho);

/** Like ho_init, but take over the queue buffers of `from`, which is left empty, to be freed (a model of new parameters reuses the last one's memory). */
void ho_reuse(ho_state *ho, const ho_params *p, const mig_params *mig, ho_state *from);

/**
 * A person lands in the UK today: counted as an arrival. `w` is their arrival draw, the
 * block of (RNG_ASYLUM, entity id, today), which the caller computes (ho_arrival_draws,
 * for a day's landings at once): w[0] decides the claim, w[1..3] are left to the
 * policies that act on arrival (france_returns, fast_track, rwanda). Returns 1 if they
 * claim asylum, 0 if not (then they are MIG_UK_NO_CLAIM).
 */
int ho_land(mig_population *pop, model_day *d, uint32_t id, const uint32_t w[4]);

/** The arrival draws of ho_land for `n` people landing today, w[i] for id[i]. */
void ho_arrival_draws(const model_day *d, const uint32_t *id, size_t n, uint32_t (*w)[4]);

/** The person's claim joins the ordinary backlog (state MIG_UK_BACKLOG). */
sim_status ho_enter_backlog(ho_state *ho, mig_population *pop, const model_day *d, uint32_t id);

/** Decide a claim now (grant or refuse, at cost_per_decision); refused people who can be returned join `returns`. */
sim_status ho_decide(ho_state *ho, mig_population *pop, model_day *d, uint32_t id, ho_queue *returns);

/** Count one removal or return of a person of `group` by `route` (M_REMOVED or an M_RETURNED_* metric). */
void ho_count_return(model_day *d, int group, metric_id route);

/** Capacity accrued as tokens: add `rate`, bank at most max(rate, 1). */
double ho_accrue(double tokens, double rate);

/** Daily ordinary processing: the legacy backlog, then decisions in order of arrival, then returns. */
sim_status ho_process(ho_state *ho, mig_population *pop, model_day *d);

/** People supported in accommodation (backlog including legacy) and in detention. */
double ho_accommodated(const ho_state *ho, const mig_population *pop);

/** Daily Home Office spending on support and detention, GBP. */
double ho_daily_support_cost(const ho_state *ho, const mig_population *pop);

#endif
