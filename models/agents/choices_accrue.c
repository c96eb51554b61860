/**
 * @file choices_accrue.c
 * @brief The accrual pass of the daily choices (choices_accrue.h): scalar and AVX2.
 *
 * Per person (choices.c gives the hazard): the situation factor, then
 *   h = ((((base A) B) situation) C),  A = 1 + (day - coast_day) wait_coef,
 *   B = 1 + per_attempt attempts,      C = (1 + deter susceptibility) + death_term inv_risk,
 * giveup_left -= h, means += saved or not, booking_left -= the booking step or not, and
 * the two marks. The AVX2 pass does these very operations on eight people at a time
 * (no FMA: -std=c11 turns contraction off and the intrinsics name each operation), so
 * both passes give the same bits; the marks come out of the comparisons as bits
 * (movemask) instead of a byte per person packed afterwards.
 */
#include "models/agents/choices_accrue.h"

/* One person's accrual: the reference form of the AVX2 pass. Returns bit 0 give up,
 * bit 1 book. */
static inline unsigned accrue_one(mig_coast *c, const accrue_terms *t, uint32_t k)
{
    const int is_booked = c->gang[k] != 0;
    const float m = c->means[k];
    const int affordable = is_booked | (m >= t->price);
    const int shopping = affordable & (is_booked ^ 1);
    const float situation = is_booked ? t->sit_booked : affordable ? t->sit_waiting : t->sit_unaffordable;
    const float a = 1.0f + (float)(t->day - c->coast_day[k]) * t->wait_coef;
    const float b = 1.0f + t->per_attempt * (float)c->attempts[k];
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

__attribute__((target("avx2"))) static void accrue_avx2(mig_coast *c, const accrue_terms *t, uint64_t *giveup,
                                                        uint64_t *book)
{
    const uint32_t n = c->n;
    const int32_t *coast_day = c->coast_day, *gang = c->gang, *attempts = c->attempts;
    const float *susceptibility = c->susceptibility, *inv_risk = c->inv_risk;
    float *giveup_left = c->giveup_left, *booking_left = c->booking_left, *means = c->means;
    const __m256 one = _mm256_set1_ps(1.0f), zero = _mm256_setzero_ps();
    const __m256 base = _mm256_set1_ps(t->base), wait_coef = _mm256_set1_ps(t->wait_coef);
    const __m256 per_attempt = _mm256_set1_ps(t->per_attempt), price = _mm256_set1_ps(t->price);
    const __m256 sit_unaffordable = _mm256_set1_ps(t->sit_unaffordable), sit_waiting = _mm256_set1_ps(t->sit_waiting);
    const __m256 sit_booked = _mm256_set1_ps(t->sit_booked), deter = _mm256_set1_ps(t->deter);
    const __m256 death_term = _mm256_set1_ps(t->death_term), saved = _mm256_set1_ps(t->saved);
    const __m256 not_saved = _mm256_set1_ps(t->not_saved), book_step = _mm256_set1_ps(t->book_step);
    const __m256 no_book_step = _mm256_set1_ps(t->no_book_step);
    const __m256i day = _mm256_set1_epi32(t->day), izero = _mm256_setzero_si256();
    for (uint32_t w = 0; w < accrue_words(n); w++) {
        uint64_t gu = 0, bk = 0;
        const uint32_t k0 = 64 * w, end = n - k0 < 64 ? n - k0 : 64;
        uint32_t j = 0;
        for (; j + 8 <= end; j += 8) {
            const uint32_t k = k0 + j;
            /* Masks are all ones or all zeros a lane; blendv(a, b, m) is m ? b : a. */
            const __m256 booked = _mm256_castsi256_ps(
                _mm256_xor_si256(_mm256_cmpeq_epi32(_mm256_loadu_si256((const __m256i *)(gang + k)), izero),
                                 _mm256_cmpeq_epi32(izero, izero)));
            const __m256 m = _mm256_loadu_ps(means + k);
            const __m256 affordable = _mm256_or_ps(booked, _mm256_cmp_ps(m, price, _CMP_GE_OQ));
            const __m256 shopping = _mm256_andnot_ps(booked, affordable);
            __m256 situation = _mm256_blendv_ps(sit_unaffordable, sit_waiting, affordable);
            situation = _mm256_blendv_ps(situation, sit_booked, booked);
            const __m256 waited =
                _mm256_cvtepi32_ps(_mm256_sub_epi32(day, _mm256_loadu_si256((const __m256i *)(coast_day + k))));
            const __m256 a = _mm256_add_ps(one, _mm256_mul_ps(waited, wait_coef));
            const __m256 tries = _mm256_cvtepi32_ps(_mm256_loadu_si256((const __m256i *)(attempts + k)));
            const __m256 b = _mm256_add_ps(one, _mm256_mul_ps(per_attempt, tries));
            const __m256 cc = _mm256_add_ps(_mm256_add_ps(one, _mm256_mul_ps(deter, _mm256_loadu_ps(susceptibility + k))),
                                            _mm256_mul_ps(death_term, _mm256_loadu_ps(inv_risk + k)));
            const __m256 h = _mm256_mul_ps(_mm256_mul_ps(_mm256_mul_ps(_mm256_mul_ps(base, a), b), situation), cc);
            const __m256 g = _mm256_sub_ps(_mm256_loadu_ps(giveup_left + k), h);
            _mm256_storeu_ps(giveup_left + k, g);
            _mm256_storeu_ps(means + k, _mm256_add_ps(m, _mm256_blendv_ps(saved, not_saved, affordable)));
            const __m256 bl =
                _mm256_sub_ps(_mm256_loadu_ps(booking_left + k), _mm256_blendv_ps(no_book_step, book_step, shopping));
            _mm256_storeu_ps(booking_left + k, bl);
            gu |= (uint64_t)(unsigned)_mm256_movemask_ps(_mm256_cmp_ps(g, zero, _CMP_LE_OQ)) << j;
            bk |= (uint64_t)(unsigned)_mm256_movemask_ps(_mm256_and_ps(shopping, _mm256_cmp_ps(bl, zero, _CMP_LE_OQ)))
                  << j;
        }
        for (; j < end; j++) {
            unsigned mark = accrue_one(c, t, k0 + j);
            gu |= (uint64_t)(mark & 1u) << j;
            bk |= (uint64_t)(mark >> 1) << j;
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
