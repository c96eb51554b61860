/**
 * @file choices_accrue.c
 * @brief The accrual pass of the daily choices (choices_accrue.h): scalar and AVX2.
 *
 * Per person (choices.c gives the hazard): the situation factor, then
 *   h = ((((base A) B) situation) C),  A = 1 + (day - coast_day) wait_coef,
 *   B = attempt_factor = 1 + per_attempt attempts (kept in the coast arrays: it changes
 *   only with the attempts), C = (1 + deter susceptibility) + death_term inv_risk,
 * giveup_left -= h, means += saved or not, booking_left -= the booking step or not, and
 * the two marks. The AVX2 pass does these very operations on eight people at a time
 * (no FMA: -std=c11 turns contraction off and the intrinsics name each operation), so
 * both passes give the same bits; the marks come out of the comparisons as bits
 * (movemask) instead of a byte per person packed afterwards. The days are floats holding
 * integers below 2^24, so day - coast_day is the exact difference, as the integers' was
 * once converted; the booked are those whose booking word is above the attempts' bits.
 */
#include "models/agents/choices_accrue.h"

/* One person's accrual: the reference form of the AVX2 pass. Returns bit 0 give up,
 * bit 1 book. */
static inline unsigned accrue_one(mig_coast *c, const accrue_terms *t, uint32_t k)
{
    const int is_booked = c->booking[k] > MIG_ATTEMPTS_MASK;
    const float m = c->means[k];
    const int affordable = is_booked | (m >= t->price);
    const int shopping = affordable & (is_booked ^ 1);
    const float situation = is_booked ? t->sit_booked : affordable ? t->sit_waiting : t->sit_unaffordable;
    const float a = 1.0f + (t->day - c->coast_day[k]) * t->wait_coef;
    const float b = c->attempt_factor[k];
    const float cc = 1.0f + t->deter * c->susceptibility[k] + t->death_term * c->inv_risk[k];
    const float h = t->base * a * b * situation * cc;
    const float g = c->giveup_left[k] - h;
    c->giveup_left[k] = g;
    c->means[k] = m + (affordable ? t->not_saved : t->saved);
    const float bl = c->booking_left[k] - (shopping ? t->book_step : t->no_book_step);
    c->booking_left[k] = bl;
    return (unsigned)(g <= 0.0f) | (unsigned)(shopping & (bl <= 0.0f)) << 1;
}

static void accrue_scalar(mig_coast *c, const accrue_terms *t, uint64_t *giveup, uint64_t *book)
{
    const uint32_t n = c->n;
    for (uint32_t w = 0; w < accrue_words(n); w++) {
        uint64_t gu = 0, bk = 0;
        const uint32_t end = n - 64 * w < 64 ? n - 64 * w : 64;
        for (uint32_t j = 0; j < end; j++) {
            unsigned mark = accrue_one(c, t, 64 * w + j);
            gu |= (uint64_t)(mark & 1u) << j;
            bk |= (uint64_t)(mark >> 1) << j;
        }
        giveup[w] = gu;
        book[w] = bk;
    }
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(CHANSIM_NO_MULTIVERSION)
#define ACCRUE_HAVE_AVX2 1
#include <immintrin.h>

/* The day's constants of the AVX2 pass, one a lane. */
typedef struct {
    __m256 one, zero, base, wait_coef, price, sit_unaffordable, sit_waiting, sit_booked, deter, death_term, saved,
        not_saved, book_step, no_book_step, day;
    __m256i attempts_mask;
} accrue_vec;

/* The group's arrays, copied out of mig_coast once: the intrinsics' stores may alias
 * anything, so pointers read through `c` would be read again after every store. */
typedef struct {
    const int32_t *booking;
    const float *coast_day, *attempt_factor, *susceptibility, *inv_risk;
    float *giveup_left, *booking_left, *means;
} accrue_ptr;

/* Eight people from position k: the accrual, its stores and its marks (*gu give up,
 * *bk book, a bit a person). With `partial` (a constant where inlined), only the lanes of `live`
 * are people: the others (entries past n, within the arrays' capacity) are stored back
 * as they were loaded and marked 0, so that the last few people of a group cost one
 * more vector instead of a scalar loop. */
__attribute__((target("avx2"), always_inline)) static inline void accrue8(const accrue_vec *v, accrue_ptr c, uint32_t k,
                                                                          int partial, __m256 live, unsigned *gu,
                                                                          unsigned *bk)
{
    /* Masks are all ones or all zeros a lane; blendv(a, b, m) is m ? b : a. */
    const __m256 booked =
        _mm256_castsi256_ps(_mm256_cmpgt_epi32(_mm256_loadu_si256((const __m256i *)(c.booking + k)), v->attempts_mask));
    const __m256 m = _mm256_loadu_ps(c.means + k);
    const __m256 affordable = _mm256_or_ps(booked, _mm256_cmp_ps(m, v->price, _CMP_GE_OQ));
    const __m256 shopping = _mm256_andnot_ps(booked, affordable);
    __m256 situation = _mm256_blendv_ps(v->sit_unaffordable, v->sit_waiting, affordable);
    situation = _mm256_blendv_ps(situation, v->sit_booked, booked);
    const __m256 waited = _mm256_sub_ps(v->day, _mm256_loadu_ps(c.coast_day + k));
    const __m256 a = _mm256_add_ps(v->one, _mm256_mul_ps(waited, v->wait_coef));
    const __m256 b = _mm256_loadu_ps(c.attempt_factor + k);
    const __m256 cc = _mm256_add_ps(_mm256_add_ps(v->one, _mm256_mul_ps(v->deter, _mm256_loadu_ps(c.susceptibility + k))),
                                    _mm256_mul_ps(v->death_term, _mm256_loadu_ps(c.inv_risk + k)));
    const __m256 h = _mm256_mul_ps(_mm256_mul_ps(_mm256_mul_ps(_mm256_mul_ps(v->base, a), b), situation), cc);
    const __m256 g0 = _mm256_loadu_ps(c.giveup_left + k), bl0 = _mm256_loadu_ps(c.booking_left + k);
    __m256 g = _mm256_sub_ps(g0, h);
    __m256 m1 = _mm256_add_ps(m, _mm256_blendv_ps(v->saved, v->not_saved, affordable));
    __m256 bl = _mm256_sub_ps(bl0, _mm256_blendv_ps(v->no_book_step, v->book_step, shopping));
    if (partial) {
        g = _mm256_blendv_ps(g0, g, live);
        m1 = _mm256_blendv_ps(m, m1, live);
        bl = _mm256_blendv_ps(bl0, bl, live);
    }
    _mm256_storeu_ps(c.giveup_left + k, g);
    _mm256_storeu_ps(c.means + k, m1);
    _mm256_storeu_ps(c.booking_left + k, bl);
    *gu = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(g, v->zero, _CMP_LE_OQ));
    *bk = (unsigned)_mm256_movemask_ps(_mm256_and_ps(shopping, _mm256_cmp_ps(bl, v->zero, _CMP_LE_OQ)));
    if (partial) {
        *gu &= (unsigned)_mm256_movemask_ps(live);
        *bk &= (unsigned)_mm256_movemask_ps(live);
    }
}

__attribute__((target("avx2"))) static void accrue_avx2(mig_coast *c, const accrue_terms *t, uint64_t *giveup,
                                                        uint64_t *book)
{
    const uint32_t n = c->n;
    const accrue_vec v = {
        .one = _mm256_set1_ps(1.0f), .zero = _mm256_setzero_ps(), .base = _mm256_set1_ps(t->base),
        .wait_coef = _mm256_set1_ps(t->wait_coef), .price = _mm256_set1_ps(t->price),
        .sit_unaffordable = _mm256_set1_ps(t->sit_unaffordable), .sit_waiting = _mm256_set1_ps(t->sit_waiting),
        .sit_booked = _mm256_set1_ps(t->sit_booked), .deter = _mm256_set1_ps(t->deter),
        .death_term = _mm256_set1_ps(t->death_term), .saved = _mm256_set1_ps(t->saved),
        .not_saved = _mm256_set1_ps(t->not_saved), .book_step = _mm256_set1_ps(t->book_step),
        .no_book_step = _mm256_set1_ps(t->no_book_step), .day = _mm256_set1_ps(t->day),
        .attempts_mask = _mm256_set1_epi32(MIG_ATTEMPTS_MASK),
    };
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const accrue_ptr a = {
        .booking = c->booking, .coast_day = c->coast_day, .attempt_factor = c->attempt_factor,
        .susceptibility = c->susceptibility, .inv_risk = c->inv_risk, .giveup_left = c->giveup_left,
        .booking_left = c->booking_left, .means = c->means,
    };
    for (uint32_t w = 0; w < accrue_words(n); w++) {
        uint64_t gu = 0, bk = 0;
        const uint32_t k0 = 64 * w, end = n - k0 < 64 ? n - k0 : 64;
        uint32_t j = 0;
        for (; j + 8 <= end; j += 8) {
            unsigned g8, b8;
            accrue8(&v, a, k0 + j, 0, v.zero, &g8, &b8);
            gu |= (uint64_t)g8 << j;
            bk |= (uint64_t)b8 << j;
        }
        if (j < end) { /* the group's last 1-7 people */
            const __m256 live = _mm256_castsi256_ps(_mm256_cmpgt_epi32(_mm256_set1_epi32((int)(end - j)), lane));
            unsigned g8, b8;
            accrue8(&v, a, k0 + j, 1, live, &g8, &b8);
            gu |= (uint64_t)g8 << j;
            bk |= (uint64_t)b8 << j;
        }
        giveup[w] = gu;
        book[w] = bk;
    }
}
#endif

void choices_accrue(mig_coast *c, const accrue_terms *t, uint64_t *giveup, uint64_t *book)
{
#ifdef ACCRUE_HAVE_AVX2
    if (__builtin_cpu_supports("avx2")) {
        accrue_avx2(c, t, giveup, book);
        return;
    }
#endif
    accrue_scalar(c, t, giveup, book);
}
