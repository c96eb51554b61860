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

#include <math.h>
#include <stdint.h>
#include <string.h>

/* What the accrual pass marks for a person: bit 0 give up (taken first), bit 1 book. */
enum { EVENT_GIVE_UP = 1, EVENT_BOOK = 2 };

/* A booking hazard that crosses any threshold in one day (a chance of 1), finite so
 * that 0 x it is 0 in the branch-free pass. */
static const float BOOK_CERTAIN = 1e30f;

/* The day's constants of the accrual, shared by every group. */
typedef struct {
    float base;         /* giveup_rate x this month's season, 1/day */
    float wait_coef;    /* 1 / giveup_wait_days, 1/day */
    float per_attempt;  /* giveup_per_attempt */
    float unaffordable; /* hazard factor while the price is out of reach */
    float booked;       /* hazard factor once booked */
    float death_term;   /* death_weight x learned death risk */
    float savings;      /* EUR/day */
    float price;        /* seat price, EUR */
    float book_h;       /* today's booking hazard (0 when nothing is on sale), 1/day */
    int day;            /* simulated day */
} day_terms;

/*
 * On x86-64 the accrual (and the seat search) is compiled twice, for AVX2 (8 people a
 * vector instruction) and for the baseline SSE2 (4), and the loader picks the one the
 * CPU runs (GCC and Clang function multiversioning). Both do the same IEEE single-precision operations on
 * each person in the same order, with nothing fused (no FMA: -std=c11 turns contraction
 * off and the AVX2 target has no FMA), so they give the same bits: results do not
 * depend on the machine.
 */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(CHANSIM_NO_MULTIVERSION)
#define SIMD_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define SIMD_CLONES
#endif

/*
 * Accrue one day of hazard for everyone of a group on the coast and mark crossings in
 * ev[] (one byte a person). Branch-free so that it vectorises; the order of the
 * operations per person is the scalar loop's: give-up hazard with today's situation,
 * then savings (unaffordable) or booking hazard (affordable, waiting).
 */
/* c ? a : b for c 0 or 1, as a bitwise select (GCC does not if-convert the ternary in
 * the loop below, which then does not vectorise). */
static inline float select_f(int c, float a, float b)
{
    uint32_t ua, ub, mask = (uint32_t)0 - (uint32_t)c, r;
    memcpy(&ua, &a, sizeof ua);
    memcpy(&ub, &b, sizeof ub);
    r = (ua & mask) | (ub & ~mask);
    float x;
    memcpy(&x, &r, sizeof x);
    return x;
}

SIMD_CLONES static void accrue_group(mig_coast *c, const day_terms *t, float deter, uint8_t *ev)
{
    const uint32_t n = c->n;
    const int32_t *restrict coast_day = c->coast_day, *restrict gang = c->gang, *restrict attempts = c->attempts;
    const float *restrict susceptibility = c->susceptibility, *restrict inv_risk = c->inv_risk;
    float *restrict giveup_left = c->giveup_left, *restrict booking_left = c->booking_left, *restrict means = c->means;
    const float base = t->base, wait_coef = t->wait_coef, per_attempt = t->per_attempt;
    const float unaffordable = t->unaffordable, booked_f = t->booked;
    const float death_term = t->death_term, savings = t->savings, price = t->price, book_h = t->book_h;
    const int day = t->day;
    /* The situation factor (unaffordable, affordable and waiting, booked) and the savings
     * and booking terms take two or three values a day: the loop selects among them,
     * computed here by the expressions of 0/1 factors (af affordable, bk booked)
     *   situation = unaffordable + af (1 - unaffordable) + bk (booked - 1),
     *   means += (1 - af) savings,  booking_left -= (af - bk) book_h,
     * so that every person gets the bits the factors would give (x + 0 and x - 0 are x),
     * with selections instead of conversions and multiplications per person. */
    const float sit_unaffordable = unaffordable + 0.0f * (1.0f - unaffordable) + 0.0f * (booked_f - 1.0f);
    const float sit_waiting = unaffordable + 1.0f * (1.0f - unaffordable) + 0.0f * (booked_f - 1.0f);
    const float sit_booked = unaffordable + 1.0f * (1.0f - unaffordable) + 1.0f * (booked_f - 1.0f);
    const float saved = 1.0f * savings, not_saved = 0.0f * savings;
    const float book_step = 1.0f * book_h, no_book_step = 0.0f * book_h;
#pragma omp simd
    for (uint32_t k = 0; k < n; k++) {
        /* Selections, so the loop has no control flow. */
        const int is_booked = gang[k] != 0;
        const float m = means[k];
        const int affordable = is_booked | (m >= price);
        const int shopping = affordable & (is_booked ^ 1); /* affordable and waiting */
        float situation = select_f(affordable, sit_waiting, sit_unaffordable);
        situation = select_f(is_booked, sit_booked, situation);
        float h = base * (1.0f + (float)(day - coast_day[k]) * wait_coef) * (1.0f + per_attempt * (float)attempts[k]) *
                  situation * (1.0f + deter * susceptibility[k] + death_term * inv_risk[k]);
        float g = giveup_left[k] - h;
        giveup_left[k] = g;
        means[k] = m + select_f(affordable, not_saved, saved);
        float b = booking_left[k] - select_f(shopping, book_step, no_book_step);
        booking_left[k] = b;
        ev[k] = (uint8_t)((g <= 0.0f) | (shopping & (b <= 0.0f)) << 1);
    }
}

/*
 * Seats on sale by gang, in slot order, in blocks of eight gangs: cumulative seats of
 * the blocks, and within each block cumulative seats of its gangs. Choosing a gang in
 * proportion to its seats is finding the entry holding seat number `target`: the block
 * is the count of blocks whose cumulative seats are <= target, the entry within it the
 * count of its gangs whose cumulative seats are <= what is left of target. Both counts
 * are branch-free over eight values (AVX2 clone: four a compare) with no dependent
 * loads, and taking a seat decrements at most eight values of each level. (A Fenwick
 * tree (Fenwick 1994) did both in O(log gangs), but its search is a chain of dependent
 * loads and unpredictable comparisons; a flat count over all 64 gangs cost 200
 * instructions a booking.) Every form finds the largest prefix of gangs whose seats are
 * <= target, so the same gang for every seat number.
 */
enum { SEAT_BLOCK = 8, SEAT_BLOCKS = GANG_MAX / SEAT_BLOCK };
_Static_assert(GANG_MAX % SEAT_BLOCK == 0, "whole blocks of gangs");

typedef struct {
    int n;                          /* gangs selling as the day starts */
    int slot[GANG_MAX];             /* their slots, in slot order */
    int64_t block_cum[SEAT_BLOCKS]; /* seats left in blocks 0..b; INT64_MAX for blocks past n */
    int64_t cum[GANG_MAX];          /* seats left of entries 8 b .. i of i's block b; INT64_MAX past n */
    int64_t total;                  /* seats left */
} seat_tree;

static void seats_build(seat_tree *t, const double seats[GANG_MAX])
{
    memset(t, 0, sizeof *t);
    int64_t in_block = 0;
    for (int s = 0; s < GANG_MAX; s++) {
        if (seats[s] < 1.0) continue;
        if (t->n % SEAT_BLOCK == 0) in_block = 0;
        in_block += (int64_t)seats[s];
        t->total += (int64_t)seats[s];
        t->slot[t->n] = s;
        t->cum[t->n] = in_block;
        t->block_cum[t->n / SEAT_BLOCK] = t->total;
        t->n++;
    }
    /* Entries and blocks past n are never counted: the target is below the total. */
    for (int i = t->n; i < GANG_MAX; i++) t->cum[i] = INT64_MAX;
    for (int b = (t->n + SEAT_BLOCK - 1) / SEAT_BLOCK; b < SEAT_BLOCKS; b++) t->block_cum[b] = INT64_MAX;
}

/* How many of the eight values v[] are <= x. */
SIMD_CLONES static int count_le8(const int64_t *v, int64_t x)
{
    int64_t count = 0;
    for (int i = 0; i < SEAT_BLOCK; i++) count += v[i] <= x;
    return (int)count;
}

/* The entry holding seat number `target` (0 <= target < total), in slot order. */
static int seats_find(const seat_tree *t, int64_t target)
{
    int b = count_le8(t->block_cum, target); /* < SEAT_BLOCKS: the block holding the target */
    int64_t left = b ? target - t->block_cum[b - 1] : target;
    return b * SEAT_BLOCK + count_le8(t->cum + b * SEAT_BLOCK, left);
}

static void seats_take(seat_tree *t, int entry)
{
    int b = entry / SEAT_BLOCK, end = (b + 1) * SEAT_BLOCK < t->n ? (b + 1) * SEAT_BLOCK : t->n;
    for (int i = entry; i < end; i++) t->cum[i]--;
    for (int k = b; k < (t->n + SEAT_BLOCK - 1) / SEAT_BLOCK; k++) t->block_cum[k]--;
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

/* Gather the events the pass marked for group g: their positions into pos[] and their
 * marks moved down to ev[0..m) (each mark is read before its byte can be overwritten:
 * the write position never passes the read position). Returns m; *bookings counts the
 * marks that are bookings alone (at most that many booking draws are taken). */
static uint32_t gather_events(const mig_population *pop, int g, uint8_t *ev, uint32_t *pos, uint32_t *bookings)
{
    const mig_coast *c = &pop->coast[g];
    const uint8_t *state = pop->state;
    uint32_t n = c->n, m = 0, nb = 0;
    /* Crossings are a few per cent of people: the marks of 64 people are packed into a
     * 64-bit mask first (bit j set when person k + j is marked; a mark is 1..3), so the
     * loop over the set bits has one hard-to-predict exit per 64 people, not per 8. */
    const uint64_t lsb = 0x0101010101010101ull, pack = 0x0102040810204080ull; /* byte i's low bit -> bit 56 + i */
    uint32_t k = 0;
    for (; k + 64 <= n; k += 64) {
        uint64_t mask = 0;
        for (int b = 0; b < 8; b++) {
            uint64_t word;
            memcpy(&word, ev + k + 8 * b, sizeof word);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
            word = __builtin_bswap64(word); /* byte j of memory to bits 8j..8j+7, as on little-endian */
#endif
            word = (word | word >> 1) & lsb; /* each byte: 1 if marked */
            mask |= (word * pack >> 56) << (8 * b);
        }
        while (mask) { /* the lowest set bit is the first marked person */
            uint32_t j = k + (uint32_t)__builtin_ctzll(mask);
            mask &= mask - 1;
            __builtin_prefetch(&state[c->id[j]], 1); /* written when taken: fetched now, not one miss per event */
            uint8_t mark = ev[j]; /* j >= m: not yet overwritten */
            pos[m] = j;
            ev[m++] = mark;
            nb += mark == EVENT_BOOK;
        }
    }
    for (; k < n; k++)
        if (ev[k]) {
            pos[m] = k;
            nb += ev[k] == EVENT_BOOK;
            ev[m++] = ev[k];
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
        if (c->gang[k]) gang_leave(e->gm, c->gang[k] - 1); /* the gang keeps the money */
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
    seats_build(&e.seats, seats);
    const double book_p = p->booking_prob * booking_factor;
    /* The hazard in single precision, like the thresholds it is subtracted from: its
     * relative rounding (6e-8) is far below any parameter's uncertainty. */
    const day_terms t = {
        .base = (float)(p->giveup_rate * p->giveup_season[d->month - 1]),
        .wait_coef = (float)(1.0 / p->giveup_wait_days),
        .per_attempt = (float)p->giveup_per_attempt,
        .unaffordable = (float)p->giveup_unaffordable,
        .booked = (float)p->giveup_booked,
        .death_term = (float)(dp->death_weight * b->death_risk),
        .savings = (float)p->savings_per_day,
        .price = (float)gm->price,
        /* The daily booking hazard whose chance per day is book_p; nothing on sale: the booking clock stops. */
        .book_h = seats_total < 1.0 ? 0.0f : book_p < 1.0 ? fminf((float)-log1p(-book_p), BOOK_CERTAIN) : BOOK_CERTAIN,
        .day = d->day,
    };
    pop->agent_days += mig_coast_size(pop);
    SIM_CHECK(mig_scratch_reserve(pop, (uint32_t)mig_coast_size(pop)));
    /* Every group's accrual and marks first (a group's pass reads only its own arrays,
     * which only its own events change), so that the day's booking draws of all groups
     * are computed in one rng_blocks call, then the events group by group. The
     * groups' marks and positions lie side by side in the scratch arrays. */
    uint8_t *ev = pop->scratch_events;
    uint32_t *pos = pop->scratch_pos, *entity = pop->scratch_entity;
    uint32_t off[MIG_GROUPS], marks[MIG_GROUPS], first_block[MIG_GROUPS], nblocks = 0, at = 0;
    for (int g = 0; g < MIG_GROUPS; g++) {
        mig_coast *c = &pop->coast[g];
        off[g] = at;
        marks[g] = 0;
        first_block[g] = nblocks;
        if (c->n == 0) continue;
        accrue_group(c, &t, (float)(dp->strength * b->belief[g]), ev + at);
        uint32_t bookings;
        marks[g] = gather_events(pop, g, ev + at, pos + at, &bookings);
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
