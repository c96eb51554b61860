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
 *
 * Layout: each group's people on the coast are a structure of arrays (mig_coast), so
 * the accrual is one branch-free pass over contiguous arrays that the compiler
 * vectorises (`omp simd`), with the group's belief a constant of the pass. The pass
 * marks people whose threshold is crossed; the events (give up, book a seat) are
 * then taken one by one in decreasing order of position in the arrays (take_events). The booking hazard accrues on a day when
 * seats are on sale as the day starts; someone whose booking threshold is crossed
 * when the last seat has gone books at the next chance.
 */
#include "models/agents/choices.h"

#include "models/agents/choices_accrue.h"

#include <math.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* What the accrual marks for a person: bit 0 give up (taken first), bit 1 book. */
enum { EVENT_GIVE_UP = 1, EVENT_BOOK = 2 };

/* A booking hazard that crosses any threshold in one day (a chance of 1), finite so
 * that 0 x it is 0 in the branch-free pass. */
static const float BOOK_CERTAIN = 1e30f;

/*
 * Seats on sale by gang, in slot order, in blocks of eight gangs: cumulative seats of
 * the blocks, and within each block cumulative seats of its gangs. Choosing a gang in
 * proportion to its seats is finding the entry holding seat number `target`: the block
 * is the count of blocks whose cumulative seats are <= target, the entry within it the
 * count of its gangs whose cumulative seats are <= what is left of target. Both counts
 * are branch-free over eight values (vector compares) with no dependent
 * loads, and taking a seat decrements at most eight values of each level. (A Fenwick
 * tree (Fenwick 1994) did both in O(log gangs), but its search is a chain of dependent
 * loads and unpredictable comparisons; a flat count over all 64 gangs cost 200
 * instructions a booking.) Every form finds the largest prefix of gangs whose seats are
 * <= target, so the same gang for every seat number.
 */
enum { SEAT_BLOCK = 8, SEAT_BLOCKS = GANG_MAX / SEAT_BLOCK };
_Static_assert(GANG_MAX % SEAT_BLOCK == 0, "whole blocks of gangs");
_Static_assert(SEAT_BLOCKS == SEAT_BLOCK, "the blocks' cumulative seats are eight values, like a block's");

/* Counts in 32 bits (a compare of four a vector instruction even in SSE2, eight in
 * AVX2): a day's seats on sale are at most SEATS_MAX, so the sentinel INT32_MAX of the
 * entries past n, less the day's bookings (at most the seats), stays above any target. */
#define SEATS_MAX (INT32_MAX / 2)

typedef struct {
    int n;                          /* gangs selling as the day starts */
    int slot[GANG_MAX];             /* their slots, in slot order */
    int32_t block_cum[SEAT_BLOCKS]; /* seats left in blocks 0..b; about INT32_MAX for blocks past n */
    int32_t cum[GANG_MAX];          /* seats left of entries 8 b .. i of i's block b; about INT32_MAX past n */
    int64_t total;                  /* seats left */
} seat_tree;

static sim_status seats_build(seat_tree *t, const double seats[GANG_MAX])
{
    memset(t, 0, sizeof *t);
    int64_t in_block = 0;
    for (int s = 0; s < GANG_MAX; s++) {
        if (seats[s] < 1.0) continue;
        if (seats[s] > SEATS_MAX || t->total + (int64_t)seats[s] > SEATS_MAX)
            return SIM_FAIL(SIM_ERR_CONFIG, "more than %d seats on sale in a day (gang slot %d has %g)", SEATS_MAX, s,
                            seats[s]);
        if (t->n % SEAT_BLOCK == 0) in_block = 0;
        in_block += (int64_t)seats[s];
        t->total += (int64_t)seats[s];
        t->slot[t->n] = s;
        t->cum[t->n] = (int32_t)in_block;
        t->block_cum[t->n / SEAT_BLOCK] = (int32_t)t->total;
        t->n++;
    }
    /* Entries and blocks past n are never counted: the target is below the total. */
    for (int i = t->n; i < GANG_MAX; i++) t->cum[i] = INT32_MAX;
    for (int b = (t->n + SEAT_BLOCK - 1) / SEAT_BLOCK; b < SEAT_BLOCKS; b++) t->block_cum[b] = INT32_MAX;
    return SIM_OK;
}

/* How many of the eight values v[] are <= x, for v[] non-decreasing (the cumulative
 * counts stay so: a seat is taken only from an entry that has one, and the decrements
 * run from it to the end). */
static inline int count_le8(const int32_t *v, int32_t x)
{
#ifdef __SSE2__
    /* The values <= x are a prefix, so their count is the first lane > x: the compares
     * packed to a byte mask and its lowest set bit, instead of a sum across the lanes. */
    const __m128i xs = _mm_set1_epi32(x);
    const __m128i gt0 = _mm_cmpgt_epi32(_mm_loadu_si128((const __m128i *)v), xs);
    const __m128i gt1 = _mm_cmpgt_epi32(_mm_loadu_si128((const __m128i *)(v + 4)), xs);
    const unsigned gt =
        (unsigned)_mm_movemask_epi8(_mm_packs_epi16(_mm_packs_epi32(gt0, gt1), _mm_setzero_si128()));
    return __builtin_ctz(gt | 1u << SEAT_BLOCK);
#else
    int32_t count = 0;
    for (int i = 0; i < SEAT_BLOCK; i++) count += v[i] <= x;
    return (int)count;
#endif
}

/* The entry holding seat number `target` (0 <= target < total), in slot order. */
static int seats_find(const seat_tree *t, int64_t target)
{
    int b = count_le8(t->block_cum, (int32_t)target); /* < SEAT_BLOCKS: the block holding the target */
    int64_t left = b ? target - t->block_cum[b - 1] : target;
    return b * SEAT_BLOCK + count_le8(t->cum + b * SEAT_BLOCK, (int32_t)left);
}

/* ONE_FROM[f][i] = (i >= f): a row of 0/1 per starting index, so that a decrement is
 * a subtraction of a loaded row instead of comparing indices. */
static const int32_t ONE_FROM[SEAT_BLOCK][SEAT_BLOCK] = {
    {1, 1, 1, 1, 1, 1, 1, 1}, {0, 1, 1, 1, 1, 1, 1, 1}, {0, 0, 1, 1, 1, 1, 1, 1}, {0, 0, 0, 1, 1, 1, 1, 1},
    {0, 0, 0, 0, 1, 1, 1, 1}, {0, 0, 0, 0, 0, 1, 1, 1}, {0, 0, 0, 0, 0, 0, 1, 1}, {0, 0, 0, 0, 0, 0, 0, 1},
};

/* v[i]-- for the eight values from index `from` (0..7) on, branch-free. */
static inline void dec_from8(int32_t *v, int from)
{
    for (int i = 0; i < SEAT_BLOCK; i++) v[i] -= ONE_FROM[from][i];
}

/* One seat of `entry` taken. The entries and blocks past n are decremented too: they
 * stay above any target (SEATS_MAX), so no count changes. */
static void seats_take(seat_tree *t, int entry)
{
    int b = entry / SEAT_BLOCK;
    dec_from8(t->cum + b * SEAT_BLOCK, entry - b * SEAT_BLOCK);
    dec_from8(t->block_cum, b);
    t->total--;
}

/* Everything the events of a day need. */
typedef struct {
    mig_population *pop;
    gang_market *gm;
    model_day *d;
    seat_tree seats;         /* seats on sale, counted down as people book */
    const uint32_t (*draw)[4]; /* the current group's booking draws of the day, four a block */
    uint32_t drawn;          /* booking draws the group has taken today */
} event_day;

/* The person at position k of group g's coast arrays books a seat if one is left. */
static sim_status book(event_day *e, int g, uint32_t k)
{
    if (e->seats.total < 1) return SIM_OK; /* the last seat has gone: books at the next chance */
    /* Choose a gang in proportion to the seats it has on sale, with the next word of the
     * group's booking draws of the day (one Philox block serves four bookings). */
    uint32_t i = e->drawn++;
    uint32_t word = e->draw[i / 4][i % 4];
    int entry = seats_find(&e->seats, (int64_t)(word * (1.0 / 4294967296.0) * (double)e->seats.total));
    SIM_CHECK(gang_book(e->gm, e->pop, e->seats.slot[entry], g, k)); /* on failure the replication is abandoned */
    seats_take(&e->seats, entry);
    return SIM_OK;
}

/* Gather the events the accrual marked for group g (its give-up and booking bits, a
 * word per 64 people): their positions into pos[] and their marks into ev[], in
 * increasing order of position. Returns how many; *bookings counts the marks that are
 * bookings alone (at most that many booking draws are taken). Crossings are a few per
 * cent of people: the loop over the set bits has one hard-to-predict exit per 64. */
static uint32_t gather_events(const mig_population *pop, int g, const uint64_t *giveup, const uint64_t *book,
                              uint8_t *ev, uint32_t *pos, uint32_t *bookings)
{
    const mig_coast *c = &pop->coast[g];
    const uint8_t *state = pop->state;
    uint32_t m = 0, nb = 0;
    for (uint32_t w = 0; w < accrue_words(c->n); w++) {
        uint64_t mask = giveup[w] | book[w];
        while (mask) { /* the lowest set bit is the first marked person */
            uint32_t b = (uint32_t)__builtin_ctzll(mask), j = 64 * w + b;
            mask &= mask - 1;
            __builtin_prefetch(&state[c->id[j]], 1); /* written when taken: fetched now, not one miss per event */
            uint8_t mark = (uint8_t)((giveup[w] >> b & 1u) | (book[w] >> b & 1u) << 1);
            pos[m] = j;
            ev[m++] = mark;
            nb += mark == EVENT_BOOK; /* (a popcount is a libgcc call without -mpopcnt) */
        }
    }
    *bookings = nb;
    return m;
}

/* Take group g's m gathered events in decreasing order of position: giving up moves the
 * last entry of the arrays into the gap, which is then always an entry already taken
 * or unmarked, so every position gathered stays valid and no person's position is
 * looked up. */
static sim_status take_events(event_day *e, int g, const uint8_t *ev, const uint32_t *pos, uint32_t m)
{
    mig_coast *c = &e->pop->coast[g];
    e->drawn = 0;
    for (uint32_t i = m; i-- > 0;) {
        uint32_t k = pos[i];
        if (ev[i] == EVENT_BOOK) { /* a give-up (bit 0) goes first */
            SIM_CHECK(book(e, g, k));
            continue;
        }
        if (mig_coast_booked(c, k)) gang_leave(e->gm, mig_coast_gang(c, k)); /* the gang keeps the money */
        mig_set_state_at(e->pop, c->id[k], g, k, MIG_GAVE_UP);
        e->d->today[M_GAVE_UP] += 1;
        e->d->group_today[g][G_GAVE_UP] += 1;
    }
    return SIM_OK;
}

sim_status mig_daily_choices(mig_population *pop, gang_market *gm, model_day *d, const mig_beliefs *b,
                             double booking_factor)
{
    const mig_params *p = pop->p;
    const deter_params *dp = b->p;
    event_day e = {.pop = pop, .gm = gm, .d = d};
    double seats[GANG_MAX];
    double seats_total = gang_seats_on_sale(gm, seats);
    SIM_CHECK(seats_build(&e.seats, seats));
    const double book_p = p->booking_prob * booking_factor;
    /* The hazard in single precision, like the thresholds it is subtracted from: its
     * relative rounding (6e-8) is far below any parameter's uncertainty.
     * The situation factor (unaffordable, affordable and waiting, booked) and the savings
     * and booking terms take two or three values a day, computed here by the expressions
     * of 0/1 factors (af affordable, bk booked)
     *   situation = unaffordable + af (1 - unaffordable) + bk (booked - 1),
     *   means += (1 - af) savings,  booking_left -= (af - bk) book_h,
     * so that every person gets the bits the factors would give (x + 0 and x - 0 are x). */
    const float unaffordable = (float)p->giveup_unaffordable, booked = (float)p->giveup_booked;
    const float savings = (float)p->savings_per_day;
    /* The daily booking hazard whose chance per day is book_p; nothing on sale: the booking clock stops. */
    const float book_h =
        seats_total < 1.0 ? 0.0f : book_p < 1.0 ? fminf((float)-log1p(-book_p), BOOK_CERTAIN) : BOOK_CERTAIN;
    accrue_terms t = {
        .base = (float)(p->giveup_rate * p->giveup_season[d->month - 1]),
        .wait_coef = (float)(1.0 / p->giveup_wait_days),
        .sit_unaffordable = unaffordable + 0.0f * (1.0f - unaffordable) + 0.0f * (booked - 1.0f),
        .sit_waiting = unaffordable + 1.0f * (1.0f - unaffordable) + 0.0f * (booked - 1.0f),
        .sit_booked = unaffordable + 1.0f * (1.0f - unaffordable) + 1.0f * (booked - 1.0f),
        .death_term = (float)(dp->death_weight * b->death_risk),
        .saved = 1.0f * savings,
        .not_saved = 0.0f * savings,
        .book_step = 1.0f * book_h,
        .no_book_step = 0.0f * book_h,
        .price = (float)gm->price,
        .day = (float)d->day, /* exact: simulated days are far below 2^24 */
    };
    pop->agent_days += mig_coast_size(pop);
    SIM_CHECK(mig_scratch_reserve(pop, (uint32_t)mig_coast_size(pop)));
    /* Every group's accrual and marks first (a group's pass reads only its own arrays,
     * which only its own events change), so that the day's booking draws of all groups
     * are computed in one rng_blocks call, then the events group by group. The
     * groups' marks and positions lie side by side in the scratch arrays. */
    uint8_t *ev = pop->scratch_events;
    uint32_t *pos = pop->scratch_pos, *entity = pop->scratch_entity;
    uint64_t *bits = pop->scratch_marks;
    uint32_t off[MIG_GROUPS], marks[MIG_GROUPS], first_block[MIG_GROUPS], nblocks = 0, at = 0;
    for (int g = 0; g < MIG_GROUPS; g++) {
        mig_coast *c = &pop->coast[g];
        off[g] = at;
        marks[g] = 0;
        first_block[g] = nblocks;
        if (c->n == 0) continue;
        t.deter = (float)(dp->strength * b->belief[g]);
        const uint32_t words = accrue_words(c->n);
        choices_accrue(c, &t, bits, bits + words);
        uint32_t bookings;
        marks[g] = gather_events(pop, g, bits, bits + words, ev + at, pos + at, &bookings);
        bits += 2 * words;
        /* Block q of group g's booking draws is entity q x MIG_GROUPS + g of the day's stream. */
        for (uint32_t q = 0; q < (bookings + 3) / 4; q++) entity[nblocks++] = q * MIG_GROUPS + (uint32_t)g;
        at += c->n;
    }
    rng_blocks(d->key, RNG_MIGRANT_DAY, entity, (uint32_t)d->date, nblocks, pop->scratch_draws);
    for (int g = 0; g < MIG_GROUPS; g++) {
        e.draw = (const uint32_t(*)[4])(pop->scratch_draws + first_block[g]);
        SIM_CHECK(take_events(&e, g, ev + off[g], pos + off[g], marks[g]));
    }
    return SIM_OK;
}
