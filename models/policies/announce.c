/**
 * @file announce.c
 * @brief Announcement effect: announced returns and removal policies move the targeted
 *        groups' beliefs toward what was stated, times a credibility that follows the
 *        policy's own returns heard of against what it stated (equations in announce.h).
 */
#include "models/policies/announce.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine/date.h"

sim_status announce_init(announce_state *a, const deter_params *p, const policy_params *pp)
{
    memset(a, 0, sizeof *a);
    a->p = p;
    a->pp = pp;
    a->n = policy_count();
    a->ring_len = (int)p->social_delay_days + (int)p->social_window_days + 1;
    size_t cells = a->n * (size_t)a->ring_len + 1;
    a->credibility = calloc(a->n + 1, sizeof *a->credibility);
    a->announced = calloc(a->n + 1, sizeof *a->announced);
    a->ring_returns = calloc(cells, sizeof *a->ring_returns);
    a->ring_implied = calloc(cells, sizeof *a->ring_implied);
    a->ring_arrivals = calloc(cells, sizeof *a->ring_arrivals);
    if (!a->credibility || !a->announced || !a->ring_returns || !a->ring_implied || !a->ring_arrivals) {
        announce_free(a);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory allocating announcement state");
    }
    return SIM_OK;
}

void announce_free(announce_state *a)
{
    free(a->credibility);
    free(a->announced);
    free(a->ring_returns);
    free(a->ring_implied);
    free(a->ring_arrivals);
    a->credibility = a->ring_returns = a->ring_implied = a->ring_arrivals = NULL;
    a->announced = NULL;
}

/* Forget what policies first .. first + count - 1 have seen (their three rings). */
static void clear_rings(announce_state *a, size_t first, size_t count)
{
    size_t offset = first * (size_t)a->ring_len, bytes = count * (size_t)a->ring_len * sizeof(double);
    memset(a->ring_returns + offset, 0, bytes);
    memset(a->ring_implied + offset, 0, bytes);
    memset(a->ring_arrivals + offset, 0, bytes);
}

void announce_reset(announce_state *a)
{
    memset(a->credibility, 0, a->n * sizeof *a->credibility);
    memset(a->announced, 0, a->n * sizeof *a->announced);
    clear_rings(a, 0, a->n);
    memcpy(a->told, a->p->initial_belief, sizeof a->told);
}

/* Policy i's announcement if it targets some group, else NULL. */
static const policy_announcement *targeting(const announce_state *a, size_t i)
{
    const policy_announcement *an = policy_announcement_of(a->pp, i);
    if (!an) return NULL;
    for (int g = 0; g < MIG_GROUPS; g++)
        if (an->stated[g] > 0) return an;
    return NULL;
}

/* 1 if the announcement of policy i holds on `date`: from its date (or the policy's start) until the policy's end. */
static int holds(const announce_state *a, size_t i, const policy_announcement *an, int date)
{
    policy_window w = policy_window_of(a->pp, i);
    int from = an->date != CFG_DATE_NEVER ? an->date : w.start;
    if (from == CFG_DATE_NEVER || date < from) return 0;
    return w.end == CFG_DATE_NEVER || date < w.end;
}

/* Ring slot of simulated day `day` (negative in warm-up). */
static inline size_t slot(const announce_state *a, int day) { return (size_t)(((day % a->ring_len) + a->ring_len) % a->ring_len); }

/*
 * Record the day for policy i (its own returns, the returns its statement implies for
 * the targeted arrivals) and update its credibility from the days heard of: those
 * from social_delay_days + social_window_days - 1 to social_delay_days ago, since the
 * announcement (the ring is cleared on that day, so older days count as nothing).
 */
static void judge(announce_state *a, size_t i, const policy_announcement *an, const model_day *d)
{
    const deter_params *p = a->p;
    double *ret = a->ring_returns + i * (size_t)a->ring_len, *imp = a->ring_implied + i * (size_t)a->ring_len,
           *arr = a->ring_arrivals + i * (size_t)a->ring_len;
    size_t now = slot(a, d->day);
    ret[now] = d->today[policy_get(i)->return_route];
    imp[now] = arr[now] = 0;
    for (int g = 0; g < MIG_GROUPS; g++) {
        if (an->stated[g] <= 0) continue;
        imp[now] += an->stated[g] * d->group_today[g][G_ARRIVALS];
        arr[now] += d->group_today[g][G_ARRIVALS];
    }
    int delay = (int)p->social_delay_days, window = (int)p->social_window_days;
    double returns = 0, implied = 0, arrivals = 0;
    for (int k = delay; k < delay + window; k++) { /* sums over the window, recomputed: no drift */
        size_t at = slot(a, d->day - k);
        returns += ret[at];
        implied += imp[at];
        arrivals += arr[at];
    }
    if (arrivals < p->min_signal || implied <= 0) return; /* too few like them to judge by */
    double evidence = returns >= implied ? 1.0 : returns / implied;
    a->credibility[i] += (evidence - a->credibility[i]) / p->credibility_days;
}

void announce_update(announce_state *a, mig_beliefs *b, const model_day *d)
{
    const deter_params *p = a->p;
    if (p->announcement_strength <= 0) return; /* exactly the model without announcements */
    double learned[MIG_GROUPS], target[MIG_GROUPS];
    memcpy(learned, b->belief, sizeof learned); /* today's learned beliefs, before the announcement acts */
    memcpy(target, learned, sizeof target);
    int targeted[MIG_GROUPS] = {0};
    for (size_t i = 0; i < a->n; i++) {
        const policy_announcement *an = targeting(a, i);
        if (!an || !holds(a, i, an, d->date)) {
            a->announced[i] = 0;
            continue;
        }
        if (!a->announced[i]) { /* announcement day: nothing seen yet either way */
            a->announced[i] = 1;
            a->credibility[i] = p->credibility_prior;
            clear_rings(a, i, 1);
        }
        judge(a, i, an, d);
        for (int g = 0; g < MIG_GROUPS; g++) {
            if (an->stated[g] <= 0) continue;
            targeted[g] = 1;
            double told = learned[g] + a->credibility[i] * (an->stated[g] - learned[g]);
            if (told > target[g]) target[g] = told; /* the most deterring announcement is the one heard */
        }
    }
    /* The daily rate as a share moved, so a fast rate cannot overshoot (as social learning). */
    const double move = 1.0 - exp(-p->announcement_strength);
    for (int g = 0; g < MIG_GROUPS; g++) {
        if (!targeted[g]) {
            a->told[g] = learned[g]; /* nothing announced to the group: it believes what it learned */
            continue;
        }
        a->told[g] += move * (target[g] - a->told[g]);
        double over = a->told[g] - learned[g];
        if (over > 0) b->belief[g] = learned[g] + p->announcement_reach * over;
    }
}

sim_status announce_check(const policy_params *pp)
{
    for (size_t i = 0; i < policy_count(); i++) {
        const policy_announcement *an = policy_announcement_of(pp, i);
        policy_window w = policy_window_of(pp, i);
        if (!an || an->date == CFG_DATE_NEVER || w.end == CFG_DATE_NEVER || an->date < w.end) continue;
        char said[16], end[16];
        cfg_format_date(an->date, said, sizeof said);
        cfg_format_date(w.end, end, sizeof end);
        return SIM_FAIL(SIM_ERR_CONFIG,
                        "[%s] announced: %s is not before end %s, so the announcement would never hold (an "
                        "announcement holds from its date until the policy's end)",
                        policy_get(i)->section, said, end);
    }
    return SIM_OK;
}
