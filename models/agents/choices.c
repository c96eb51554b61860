/**
 * @file choices.c
 * @brief A day on the coast: everyone waiting gives up, books a seat with a gang, or
 *        saves.
 *
 * The daily choice loop is the hot path. The give-up hazard is a product of cheap
 * factors so that nothing but a few multiplications happens per person:
 *   h = giveup_rate (1 + days/giveup_wait_days) (1 + giveup_per_attempt attempts)
 *       (booked ? giveup_booked : unaffordable ? giveup_unaffordable : 1)
 *       (1 + strength B_g susceptibility + death_weight D inv_risk)
 * where B_g is the group's learned chance of removal or return and D the learned
 * chance of dying at sea. strength = 0 switches deterrence off entirely.
 *
 * Events are timed by thresholds, not daily coin flips: each person holds an Exp(1)
 * threshold per event (give up, book) and accrues its hazard every day; the event
 * happens on the day the accrued hazard passes the threshold. The chance of the event
 * on a day, given it has not happened, is then exactly 1 - exp(-h), as for a daily
 * Bernoulli draw, but the loop needs no random number per person per day
 * (Anderson 2007, "A modified next reaction method for simulating chemical systems
 * with time dependent propensities and delays", J. Chem. Phys. 127, 214107). A
 * threshold is drawn when a spell on the coast starts (arrival, return from the UK)
 * or a booking is lost, from the person's own stream, so it is the same in every
 * scenario for the same person.
 */
#include "models/agents/choices.h"

#include <math.h>

/* Coast-list entries between a record's prefetch and its use: about one memory
 * latency of loop iterations (measured best of 8, 16, 32 on the development machine). */
enum { PREFETCH_AHEAD = 16 };

sim_status mig_daily_choices(mig_population *pop, gang_market *gm, model_day *d, const mig_beliefs *b,
                             double booking_factor)
{
    const mig_params *p = pop->p;
    const deter_params *dp = b->p;
    double seats[GANG_MAX];
    double seats_total = gang_seats_on_sale(gm, seats);
    /* Loop invariants in locals: writes through pop inside the loop would otherwise make
     * the compiler reload them for every person. */
    const double book_p = p->booking_prob * booking_factor;
    /* The daily booking hazard whose chance per day is book_p. */
    const float book_h = book_p < 1.0 ? (float)-log1p(-book_p) : INFINITY;
    /* The hazard in single precision, like the thresholds it is subtracted from: its
     * relative rounding (6e-8) is far below any parameter's uncertainty. */
    float deter_f[MIG_GROUPS];
    for (int g = 0; g < MIG_GROUPS; g++) deter_f[g] = (float)(dp->strength * b->belief[g]);
    const float death_term = (float)(dp->death_weight * b->death_risk);
    const float wait_coef = (float)(1.0 / p->giveup_wait_days);
    const float base = (float)(p->giveup_rate * p->giveup_season[d->month - 1]);
    const float per_attempt = (float)p->giveup_per_attempt;
    /* Hazard factor by situation, indexed by booked + affordable (booked implies affordable). */
    const float situation[3] = {(float)p->giveup_unaffordable, 1.0f, (float)p->giveup_booked};
    const float savings = (float)p->savings_per_day;
    const float price = (float)gm->price;
    const double inv32 = 1.0 / 4294967296.0;
    const int day = d->day;
    const uint32_t date = (uint32_t)d->date;
    const rng_key key = d->key;
    const uint32_t *coast = pop->coast;
    mig_person *people = pop->people;
    const size_t n_coast = pop->n_coast;

    /* The coast list is compacted in the same pass: people who left the coast since
     * yesterday (crossed, died, were admitted) are dropped, everyone else kept in order. */
    pop->agent_days += pop->state_count[MIG_WAITING] + pop->state_count[MIG_BOOKED];
    uint32_t *kept = pop->coast;
    size_t n_kept = 0;
    for (size_t i = 0; i < n_coast; i++) {
        /* Records are scattered over the people array: ask for one a few iterations ahead. */
        if (i + PREFETCH_AHEAD < n_coast) __builtin_prefetch(&people[coast[i + PREFETCH_AHEAD]], 1);
        uint32_t id = coast[i];
        mig_person *q = &people[id];
        unsigned state = q->state;
        if (state > MIG_BOOKED) continue; /* left the coast (MIG_WAITING = 0, MIG_BOOKED = 1): drop */
        int booked = (int)state, affordable = booked | (q->means >= price);
        float h = base * (1.0f + (float)(day - q->coast_day) * wait_coef) * (1.0f + per_attempt * q->attempts) *
                  situation[booked + affordable] *
                  (1.0f + deter_f[q->group] * q->susceptibility + death_term * q->inv_risk);
        q->giveup_left -= h;
        if (q->giveup_left <= 0.0f) {
            if (booked) gang_leave(gm, pop, id); /* the gang keeps the money */
            mig_set_state(pop, id, MIG_GAVE_UP);
            d->today[M_GAVE_UP] += 1;
            d->group_today[q->group][G_GAVE_UP] += 1;
            continue;
        }
        kept[n_kept++] = id;
        if (booked) continue; /* booked people wait for their gang */
        if (!affordable) {
            q->means += savings;
            continue;
        }
        if (seats_total < 1.0) continue; /* nothing on sale: the booking clock stops */
        q->booking_left -= book_h;
        if (q->booking_left <= 0.0f) {
            /* Choose a gang in proportion to the seats it has on sale. */
            uint32_t w[4];
            rng_block(key, RNG_MIGRANT_DAY, id, date, w);
            double target = w[0] * inv32 * seats_total;
            int slot = -1;
            for (int s = 0; s < GANG_MAX; s++) {
                if (seats[s] <= 0) continue;
                slot = s;
                if (target < seats[s]) break;
                target -= seats[s];
            }
            if (slot < 0) continue;
            SIM_CHECK(gang_book(gm, pop, slot, id)); /* on failure the replication is abandoned */
            seats[slot] -= 1.0;
            seats_total -= 1.0;
        }
    }
    pop->n_coast = n_kept;
    return SIM_OK;
}
