/**
 * @file test_choices_accrue.c
 * @brief The daily choices' accrual pass (models/agents/choices_accrue.h): on arrays of
 *        people in every situation (waiting and unable to pay, able to pay, booked, at
 *        and around the thresholds and the price), and of lengths that leave partial
 *        vectors and words, it gives bit for bit what the hazard's formula gives person
 *        by person in single precision, and marks exactly the crossings; and the
 *        seat counts' limit.
 */
#include <criterion/criterion.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "models/agents/choices.h"
#include "models/agents/choices_accrue.h"
#include "models/model.h"
#include "sim/run/scenario.h"
#include "tests/support.h"

/* The longest group of the test, and its arrays' capacity: rounded up to 8, as the
 * accrual needs (it reads and stores back the entries past n in its last vector). */
enum { MAX_N = 203, CAP = (MAX_N + 7) / 8 * 8 };

typedef struct {
    uint32_t id[CAP];
    int32_t booking[CAP], attempts[CAP];
    float coast_day[CAP], attempt_factor[CAP], susceptibility[CAP], inv_risk[CAP], giveup_left[CAP], booking_left[CAP],
        means[CAP];
} arrays;

static mig_coast coast_of(arrays *a, uint32_t n)
{
    return (mig_coast){
        .n = n, .cap = CAP, .id = a->id, .coast_day = a->coast_day, .booking = a->booking,
        .attempt_factor = a->attempt_factor,
        .susceptibility = a->susceptibility, .inv_risk = a->inv_risk, .giveup_left = a->giveup_left,
        .booking_left = a->booking_left, .means = a->means,
    };
}

/* A small deterministic generator for the test's inputs (not the model's streams). */
static uint32_t next(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(*s >> 33);
}

static float uniform(uint64_t *s, float lo, float hi) { return lo + (hi - lo) * (float)(next(s) % 100000u) / 100000.0f; }

/* giveup_per_attempt of the test, in single precision as the accrual used it */
static const float PER_ATTEMPT = 0.15f;

static void fill(arrays *a, uint64_t seed, const accrue_terms *t)
{
    uint64_t s = seed;
    for (uint32_t k = 0; k < CAP; k++) {
        a->id[k] = k;
        a->coast_day[k] = t->day - (float)(next(&s) % 400u);
        int32_t gang = next(&s) % 3u == 0 ? 1 + (int32_t)(next(&s) % 64u) : 0;
        a->attempts[k] = (int32_t)(next(&s) % 5u);
        a->booking[k] = gang << MIG_ATTEMPT_BITS | a->attempts[k];
        a->attempt_factor[k] = 1.0f + PER_ATTEMPT * (float)a->attempts[k];
        a->susceptibility[k] = uniform(&s, 0.0f, 4.0f);
        a->inv_risk[k] = uniform(&s, 1.0f, 20.0f);
        /* Thresholds near zero (some crossed today, some exactly at zero) and the means
         * around the price (some exactly at it). */
        a->giveup_left[k] = k % 17 == 0 ? 0.0f : uniform(&s, -0.01f, 0.2f);
        a->booking_left[k] = k % 19 == 0 ? t->book_step : uniform(&s, -0.01f, 0.6f);
        a->means[k] = k % 13 == 0 ? t->price : uniform(&s, 0.5f * t->price, 1.5f * t->price);
    }
}

/* The formula, person by person, as choices.c states it. */
static unsigned reference(arrays *a, uint32_t k, const accrue_terms *t)
{
    int booked = a->booking[k] >> MIG_ATTEMPT_BITS != 0, affordable = booked || a->means[k] >= t->price, shopping = affordable && !booked;
    float situation = booked ? t->sit_booked : affordable ? t->sit_waiting : t->sit_unaffordable;
    float waited = (float)((int32_t)t->day - (int32_t)a->coast_day[k]);
    float h = t->base * (1.0f + waited * t->wait_coef) * (1.0f + PER_ATTEMPT * (float)a->attempts[k]) * situation *
              (1.0f + t->deter * a->susceptibility[k] + t->death_term * a->inv_risk[k]);
    a->giveup_left[k] -= h;
    a->means[k] += affordable ? t->not_saved : t->saved;
    a->booking_left[k] -= shopping ? t->book_step : t->no_book_step;
    return (a->giveup_left[k] <= 0.0f) | (shopping && a->booking_left[k] <= 0.0f) << 1;
}

Test(choices_accrue, same_bits_and_marks_as_the_formula)
{
    const accrue_terms t = {
        .base = 0.011f, .wait_coef = 1.0f / 90.0f, .sit_unaffordable = 1.7f,
        .sit_waiting = 1.0f, .sit_booked = 0.4f, .deter = 0.9f, .death_term = 0.003f, .saved = 4.5f,
        .not_saved = 0.0f, .book_step = 0.35667f, .no_book_step = 0.0f, .price = 1500.0f, .day = 250.0f,
    };
    static const uint32_t lengths[] = {1, 7, 8, 9, 63, 64, 65, 130, MAX_N};
    int crossings = 0;
    for (size_t l = 0; l < sizeof lengths / sizeof lengths[0]; l++) {
        uint32_t n = lengths[l];
        arrays got, want;
        fill(&got, 1000 + l, &t);
        memcpy(&want, &got, sizeof got);
        mig_coast c = coast_of(&got, n);
        uint64_t giveup[4], book[4];
        memset(giveup, 0xff, sizeof giveup);
        memset(book, 0xff, sizeof book);
        choices_accrue(&c, &t, giveup, book);
        for (uint32_t k = 0; k < n; k++) {
            unsigned mark = reference(&want, k, &t);
            crossings += mark != 0;
            cr_expect_eq(giveup[k / 64] >> (k % 64) & 1u, mark & 1u, "n %u, person %u: give-up mark", n, k);
            cr_expect_eq(book[k / 64] >> (k % 64) & 1u, mark >> 1, "n %u, person %u: booking mark", n, k);
        }
        for (uint32_t k = n; k < 64 * accrue_words(n); k++) {
            cr_expect_eq(giveup[k / 64] >> (k % 64) & 1u, 0u, "n %u: a mark past the end at %u", n, k);
            cr_expect_eq(book[k / 64] >> (k % 64) & 1u, 0u, "n %u: a mark past the end at %u", n, k);
        }
        /* Bit for bit, and nothing past n touched. */
        cr_expect(memcmp(got.giveup_left, want.giveup_left, sizeof got.giveup_left) == 0, "n %u: give-up thresholds", n);
        cr_expect(memcmp(got.booking_left, want.booking_left, sizeof got.booking_left) == 0, "n %u: booking thresholds", n);
        cr_expect(memcmp(got.means, want.means, sizeof got.means) == 0, "n %u: means", n);
    }
    cr_expect_gt(crossings, 20, "the inputs should cross thresholds (%d crossings)", crossings);
}

/* More seats on sale in a day than the seat counts hold (unreachable within the
 * configuration's bounds, so forced here on one gang): the day fails with a message
 * naming the limit, rather than counting wrongly. */
Test(choices_seats, too_many_seats_are_refused)
{
    static const char *const short_run[] = {"scenario.days=7", "scenario.warmup_days=0", NULL};
    scenario *s = sup_load(SUP_BASELINE, short_run);
    model *m = NULL;
    cr_assert_eq(model_create(&s->params, &m), SIM_OK, "%s", sim_error_message());
    m->d.month = 1;
    gang *g = &m->gangs.gangs[0];
    g->active = 1;
    g->stock = INT32_MAX / 64; /* x max_load seats */
    sim_status st = mig_daily_choices(&m->pop, &m->gangs, &m->d, &m->beliefs, 1.0);
    cr_expect_eq(st, SIM_ERR_CONFIG, "status %d: %s", st, sim_error_message());
    cr_expect(strstr(sim_error_message(), "seats on sale in a day") != NULL, "%s", sim_error_message());
    model_destroy(&m);
    scenario_destroy(&s);
}
