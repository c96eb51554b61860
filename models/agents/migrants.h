/**
 * @file migrants.h
 * @brief Migrants as individual agents: arrival on the French coast, attributes,
 *        daily choices (give up, book a seat, save), and beliefs learned from what
 *        happens to people like them.
 *
 * Every person who reaches the coast is in exactly one mig_state on every day;
 * the model keeps a count per state and tests check it against a recount.
 */
#ifndef CHANSIM_MIGRANTS_H
#define CHANSIM_MIGRANTS_H

#include <stdint.h>

#include "models/day.h"
#include "models/streams.h"
#include "sim/engine/qtable.h"
#include "sim/engine/config.h"

enum {
    MIG_NO_GANG = -1,   /**< no gang holds a booking */
    MIG_GANG_SLOTS = 64 /**< gang slots a booking may name (models/agents/gangs.h's GANG_MAX) */
};

/** Where a person is. Append only: values are stored in results. */
typedef enum {
    MIG_WAITING,       /**< on the French coast, no seat booked */
    MIG_BOOKED,        /**< on the French coast, seat paid for with a gang */
    MIG_GAVE_UP,       /**< left the coast for good (asylum in France, moved on) */
    MIG_DIED,          /**< died at sea */
    MIG_ADMITTED,      /**< admitted to the UK legally from France (one in, one out) */
    MIG_UK_NO_CLAIM,   /**< in the UK without an asylum claim */
    MIG_UK_DETAINED,   /**< detained in the UK for return to France under the pilot */
    MIG_UK_BACKLOG,    /**< in the UK awaiting an initial asylum decision (supported) */
    MIG_UK_GRANTED,    /**< granted protection */
    MIG_UK_REFUSED,    /**< refused and still in the UK */
    MIG_REMOVED,       /**< removed offshore (Rwanda scheme) */
    MIG_RETURNED_HOME, /**< returned to their own or a safe country (fast-track or ordinary) */
    MIG_STATES
} mig_state;

extern const char *const mig_state_names[MIG_STATES];

/**
 * One person's record. While a person is on the coast (waiting or booked), the fields
 * the daily choices and crossing attempts change (means, attempts, giveup_left,
 * booking_left) live in their group's coast arrays (mig_coast) and the record's copies
 * are stale; money and attempts are written back when the person leaves for the UK
 * (they may be returned to the coast, with new thresholds), nothing when they leave for
 * good. Read a person through mig_person_view and change
 * them through the mig_* functions below, never by writing the record directly. The
 * state, group and place in the coast arrays are in dense arrays of mig_population (a
 * few bytes a person, so the queues and the events that look them up stay in cache);
 * the gang holding a booking is in the coast arrays (a booking lasts only while on the
 * coast), which keeps the record at 32 bytes.
 */
typedef struct {
    uint8_t ftrack;     /**< 1 when their claim is in the fast-track stream */
    uint8_t returned;   /**< times returned to France under the pilot */
    uint16_t attempts;  /**< failed crossing attempts (prevented or turned back; stale while on the coast, like means) */
    int32_t coast_day;  /**< simulated day they reached the coast (negative during warm-up) */
    int32_t uk_day;     /**< simulated day they reached the UK, or INT32_MIN */
    float means;        /**< money available for a seat, EUR (stale while on the coast and after leaving it for good) */
    float inv_risk;     /**< 1 / risk tolerance, - (>= 1) */
    float susceptibility; /**< belief bias / risk tolerance: scales perceived removal risk, - */
    float giveup_left;  /**< give-up threshold of a person coming onto the coast (starts Exp(1)), - (the coast arrays hold what is left to accrue) */
    float booking_left; /**< booking threshold of a person coming onto the coast (starts Exp(1)), - (likewise) */
} mig_person;

/**
 * The people of one nationality group on the coast, as a structure of arrays holding
 * only what the daily choice loop reads and writes, so that loop streams through a few
 * contiguous arrays instead of loading scattered records (and vectorises). Order is
 * arbitrary: leaving moves the last entry into the gap. (Leaving gaps to be closed by a
 * sequential compaction was tried: the compaction cost more than the moves it saved.)
 */
typedef struct {
    uint32_t n;             /**< people of the group on the coast */
    uint32_t cap;           /**< allocated entries of each array */
    uint32_t *id;           /**< person id */
    float *coast_day;       /**< simulated day the person reached the coast (an integer, exact in a float) */
    int32_t *booking;       /**< (1 + slot of the gang holding their booking, 0 if waiting) << MIG_ATTEMPT_BITS
                                 | failed crossing attempts (mig_coast_gang, mig_coast_attempts) */
    float *attempt_factor;  /**< 1 + giveup_per_attempt x attempts (mig_attempt_factor), kept with the attempts */
    float *susceptibility;  /**< copy of the record's, - */
    float *inv_risk;        /**< copy of the record's, - */
    float *giveup_left;     /**< give-up hazard still to accrue, - */
    float *booking_left;    /**< booking hazard still to accrue, - */
    float *means;           /**< money available for a seat, EUR */
} mig_coast;

/* A coast entry's booking and its failed attempts share one word, so that the accrual
 * tells the booked from one compare (booking > MIG_ATTEMPTS_MASK) and the attempts,
 * which it needs only through attempt_factor, cost it no array of their own. */
enum { MIG_ATTEMPT_BITS = 24 };
#define MIG_ATTEMPTS_MASK ((int32_t)((1u << MIG_ATTEMPT_BITS) - 1u))
_Static_assert((int64_t)(MIG_GANG_SLOTS + 1) << MIG_ATTEMPT_BITS <= INT32_MAX, "gang and attempts fit 31 bits");

/** The gang slot holding the booking of entry k, or MIG_NO_GANG (waiting). */
static inline int mig_coast_gang(const mig_coast *c, uint32_t k) { return (c->booking[k] >> MIG_ATTEMPT_BITS) - 1; }

/** Is entry k booked? */
static inline int mig_coast_booked(const mig_coast *c, uint32_t k) { return c->booking[k] > MIG_ATTEMPTS_MASK; }

/** Failed crossing attempts of entry k. */
static inline uint32_t mig_coast_attempts(const mig_coast *c, uint32_t k)
{
    return (uint32_t)(c->booking[k] & MIG_ATTEMPTS_MASK);
}

/** Inputs of the migrant module: section [migrants]. */
typedef struct {
    double inflow_per_day;            /**< arrivals on the coast on inflow_reference_date, before season and deterrence, people/day */
    double inflow_trend;              /**< growth of inflow, relative change per year */
    int inflow_reference_date;        /**< the date inflow_per_day refers to, day number */
    int inflow_trend_end;             /**< the trend stops here and inflow stays at its level (CFG_DATE_NEVER: never), day number */
    double inflow_season[12];         /**< monthly inflow multiplier, Jan..Dec, - */
    double inflow_month_sd;           /**< log-sd of one calendar month's inflow multiplier (demand shocks upstream), - */
    double initial_waiting;           /**< people on the coast when the warm-up starts, people */
    char group_names[MIG_GROUPS][CFG_NAME_MAX]; /**< nationality groups */
    double group_share[MIG_GROUPS];   /**< share of coast inflow by group, probability */
    double grant_rate[MIG_GROUPS];    /**< asylum grant rate at initial decision, probability */
    double return_feasible[MIG_GROUPS]; /**< chance a refused person can be returned to their country, probability */
    double means_median;              /**< median money for a seat on arrival at the coast, EUR */
    double means_sigma;               /**< log-sd of money on arrival, - */
    double savings_per_day;           /**< money gained per day waiting (work, remittances), EUR/day */
    double risk_tolerance_a;          /**< Beta(a, b) shape a of risk tolerance, - */
    double risk_tolerance_b;          /**< Beta(a, b) shape b of risk tolerance, - */
    double belief_bias_sigma;         /**< log-sd of a person's bias about the group's belief, - */
    double giveup_rate;               /**< daily hazard of leaving the coast for a new arrival with no deterrence, 1/day */
    double giveup_season[12];         /**< monthly multiplier of the give-up hazard, Jan..Dec (mean 1), - */
    double giveup_wait_days;          /**< hazard grows by 1x per this many days waited, days */
    double giveup_per_attempt;        /**< relative hazard increase per failed attempt, - */
    double giveup_unaffordable;       /**< hazard multiplier while unable to pay the price, - */
    double giveup_booked;             /**< hazard multiplier once a seat is paid for (0: booked people never leave), - */
    double booking_prob;              /**< daily chance an able payer books a seat if seats are on sale, probability */
    double claim_share;               /**< share of UK arrivals who claim asylum, probability */
} mig_params;

extern const cfg_param mig_param_list[];
extern const size_t mig_param_count;

/** Everyone who reached the coast in one replication, and where each is. */
typedef struct {
    const mig_params *p;        /**< inputs (not owned) */
    double max_people;          /**< most people one replication may create ([scenario] max_people), people */
    mig_person *people;         /**< everyone who reached the coast; id = index */
    uint8_t *state;             /**< [cap_people] each person's mig_state */
    uint8_t *group;             /**< [cap_people] each person's nationality group index */
    uint32_t *coast_pos;        /**< [cap_people] index in their group's coast arrays while on the coast */
    uint32_t n_people;          /**< people created */
    uint32_t cap_people;        /**< allocated */
    mig_coast coast[MIG_GROUPS]; /**< everyone on the coast (waiting or booked), by group */
    uint64_t state_count[MIG_STATES]; /**< people in each state */
    uint64_t agent_days;        /**< person-days spent on the coast (benchmark unit) */
    qtable *means_table;        /**< quantiles of money on reaching the coast (means_median, means_sigma), EUR */
    qtable *bias_table;         /**< quantiles of the belief bias (belief_bias_sigma), - */
    qtable *exp_table;          /**< quantiles of Exp(1) (event thresholds), - */
    qtable *risk_table;         /**< quantiles of Beta(risk_tolerance_a, risk_tolerance_b), - */
    uint8_t *scratch_events;    /**< [cap_scratch] the daily choices' marks, one per person on the coast */
    uint32_t *scratch_pos;      /**< [cap_scratch] positions in the coast arrays of the daily choices' events */
    uint64_t *scratch_marks;    /**< [2 (cap_scratch / 64 + MIG_GROUPS)] the accrual's marks, give-up then booking bits, a word per 64 people of a group */
    uint32_t (*scratch_draws)[4]; /**< [cap_scratch / 4 + MIG_GROUPS] the day's booking draws, a Philox block per four bookings of a group */
    uint32_t *scratch_entity;   /**< [cap_scratch / 4 + MIG_GROUPS] the entities (stream counters) of those blocks */
    uint32_t cap_scratch;       /**< allocated */
} mig_population;

/** Is a person in this state on the French coast (waiting or booked)? */
static inline int mig_on_coast(unsigned state) { return state <= MIG_BOOKED; }

/** A person's state. */
static inline mig_state mig_state_of(const mig_population *pop, uint32_t id) { return (mig_state)pop->state[id]; }

/** The gang slot holding person `id`'s booking, or MIG_NO_GANG. */
static inline int mig_gang_of(const mig_population *pop, uint32_t id)
{
    if (pop->state[id] != MIG_BOOKED) return MIG_NO_GANG;
    return mig_coast_gang(&pop->coast[pop->group[id]], pop->coast_pos[id]);
}

/**
 * The factor of the give-up hazard for `attempts` failed attempts, 1 + giveup_per_attempt
 * x attempts, in single precision as the accrual uses it (kept in the coast arrays,
 * recomputed whenever the attempts change, instead of every day).
 */
static inline float mig_attempt_factor(const mig_params *p, uint32_t attempts)
{
    return 1.0f + (float)p->giveup_per_attempt * (float)attempts;
}

/** A person's nationality group index. */
static inline int mig_group_of(const mig_population *pop, uint32_t id) { return pop->group[id]; }

/** People on the coast (waiting or booked). */
static inline uint64_t mig_coast_size(const mig_population *pop)
{
    return pop->state_count[MIG_WAITING] + pop->state_count[MIG_BOOKED];
}

/** Ask for person `id`'s state, group and coast place to be fetched into cache (a hint; no effect on results). */
static inline void mig_prefetch_person(const mig_population *pop, uint32_t id)
{
    __builtin_prefetch(&pop->state[id], 1);
    __builtin_prefetch(&pop->group[id]);
    __builtin_prefetch(&pop->coast_pos[id]);
}

/**
 * Ask for the coast entries that person `id` (on the coast) leaving it reads and
 * writes to be fetched, once their group and place are in cache (mig_prefetch_person
 * first); a hint, no effect on results.
 */
static inline void mig_prefetch_coast_entry(const mig_population *pop, uint32_t id)
{
    const mig_coast *c = &pop->coast[pop->group[id]];
    uint32_t k = pop->coast_pos[id];
    if (k >= c->n) return; /* not on the coast */
    __builtin_prefetch(&c->booking[k], 1);
    __builtin_prefetch(&c->means[k], 1);
    __builtin_prefetch(&c->id[k], 1);
    /* written when the last entry moves into the gap */
    __builtin_prefetch(&c->attempt_factor[k], 1);
    __builtin_prefetch(&c->coast_day[k], 1);
    __builtin_prefetch(&c->susceptibility[k], 1);
    __builtin_prefetch(&c->inv_risk[k], 1);
    __builtin_prefetch(&c->giveup_left[k], 1);
    __builtin_prefetch(&c->booking_left[k], 1);
}

/**
 * One more failed crossing attempt for person `id` (raises their give-up hazard). Inline:
 * a launch's passengers who are turned back take one each.
 */
static inline void mig_add_attempt(mig_population *pop, uint32_t id)
{
    if (mig_on_coast(pop->state[id])) {
        mig_coast *c = &pop->coast[pop->group[id]];
        uint32_t k = pop->coast_pos[id];
        c->booking[k]++; /* the attempts are the low bits; mig_check bounds them */
        c->attempt_factor[k] = mig_attempt_factor(pop->p, mig_coast_attempts(c, k));
    } else {
        pop->people[id].attempts++;
    }
}

/** Scratch room for the daily choices of `n` people on the coast (marks, positions, booking draws). */
sim_status mig_scratch_reserve(mig_population *pop, uint32_t n);

/** The k-th person on the coast, k < mig_coast_size (groups in order, arbitrary order inside a group). */
uint32_t mig_coast_at(const mig_population *pop, uint64_t k);

/** A copy of person `id`'s record with the current values of the fields held in the coast arrays. */
mig_person mig_person_view(const mig_population *pop, uint32_t id);


/** Cross-key checks (group shares sum to 1). */
sim_status mig_params_check(const mig_params *p);

/** Empty population for these inputs (buffers grow on demand; free with mig_population_free, also after a failure). */
sim_status mig_population_init(mig_population *pop, const mig_params *p, double max_people);

/**
 * Like mig_population_init, but take over the buffers and tables of `from` (which is
 * left empty, to be freed) instead of allocating: a model of new parameters (the next
 * posterior draw) reuses the memory of the last one. Tables are rebuilt only where
 * their parameters changed.
 */
sim_status mig_population_reuse(mig_population *pop, mig_population *from, const mig_params *p, double max_people);

/** Forget everyone, keeping the buffers (start of a replication). */
void mig_population_clear(mig_population *pop);

void mig_population_free(mig_population *pop);

/**
 * New people reaching the coast today: Poisson by group with mean rate[g] (people/day,
 * from the demand history, demand.h) x the month's season x month_factor, deterred by
 * each group's belief `belief`.
 */
sim_status mig_inflow(mig_population *pop, model_day *d, const double rate[MIG_GROUPS], double inflow_strength,
                      const double belief[MIG_GROUPS], double month_factor);

/**
 * Inflow multiplier of calendar month `month` (1..12) of `year`: lognormal with mean 1
 * and log-sd inflow_month_sd, the same in every scenario of a replication.
 */
double mig_inflow_month_factor(const mig_params *p, rng_key key, int year, int month);

/** Create `n` people of group `group` on the coast with attributes drawn from their own streams. */
sim_status mig_create_people(mig_population *pop, model_day *d, int group, int n, int coast_day);

/**
 * Create n[g] people of each group g on the coast (inflow and initial state): ids are
 * given group by group in group order, so the result is that of mig_create_people
 * called for each group in turn, but the attribute blocks of all groups are computed
 * together.
 */
sim_status mig_create_groups(mig_population *pop, model_day *d, const int n[MIG_GROUPS], int coast_day);

/**
 * Move a person to a new state, keeping per-state counts and the coast arrays: leaving
 * the coast writes the coast fields back to the record and drops the person from the
 * arrays. A person comes onto the coast only through mig_create_people and
 * mig_return_to_coast, and books a seat only through mig_book_at (which records the
 * gang); moving a booked person to MIG_WAITING drops their booking.
 */
void mig_set_state(mig_population *pop, uint32_t id, mig_state to);

/**
 * mig_set_state for person `id`, at position `k` of group `group`'s coast arrays, for a
 * caller that knows where they are (the daily choices): no lookup of the person's
 * group and position. Leaving moves the last entry of the arrays to `k`, so a caller
 * taking several people from the arrays takes them in decreasing order of position.
 */
void mig_set_state_at(mig_population *pop, uint32_t id, int group, uint32_t k, mig_state to);

/**
 * Person `id`, waiting at position `k` of group `group`'s coast arrays, books a seat with
 * gang `slot` and pays `price` EUR. Inline: a booking's caller (gang_book) then calls
 * nothing on its common path and saves no registers.
 */
static inline void mig_book_at(mig_population *pop, uint32_t id, int group, uint32_t k, int slot, double price)
{
    mig_coast *c = &pop->coast[group];
    pop->state_count[MIG_WAITING]--; /* only the waiting book */
    pop->state_count[MIG_BOOKED]++;
    pop->state[id] = MIG_BOOKED;
    c->booking[k] |= (int32_t)(slot + 1) << MIG_ATTEMPT_BITS;
    c->means[k] -= (float)price;
}

/** Fresh Exp(1) thresholds for a person starting a new spell on the coast or losing a booking. */
void mig_new_thresholds(mig_population *pop, const model_day *d, uint32_t id, int giveup, int booking);

/** Put a person back on the coast (waiting, unbooked), e.g. returned from the UK. */
sim_status mig_return_to_coast(mig_population *pop, const model_day *d, uint32_t id);

/** Recount every person's state against the running counts, and check the coast arrays. */
sim_status mig_check(const mig_population *pop, int day);

#endif
