/**
 * @file migrants.c
 * @brief Migrant agents: inflow to the coast, attributes, states, the coast list.
 *
 * Every person has attributes drawn once from their own stream (money, risk
 * tolerance, bias about the group's belief, Exp(1) event thresholds), so the same
 * person is the same in every scenario (common random numbers). Their daily choices
 * are in choices.c, what they learn in beliefs.c.
 */
#include "models/agents/migrants.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

const char *const mig_state_names[MIG_STATES] = {
    "waiting", "booked", "gave_up", "died", "admitted", "uk_no_claim",
    "uk_detained", "uk_backlog", "uk_granted", "uk_refused", "removed", "returned_home",
};

#define M_OFF(field) offsetof(mig_params, field)
#define GROUPS_DEFAULT "afghan,eritrean,sudanese,iranian,vietnamese,iraqi,syrian,turkish,albanian,other"

const cfg_param mig_param_list[] = {
    {"migrants", "inflow_per_day", CFG_DOUBLE, M_OFF(inflow_per_day), 0, 0, 1e5, "100", "people/day",
     "arrivals on the French coast on inflow_reference_date, before season and deterrence (replaced by [demand] level anchors: setting both is refused)",
     "assumption; calibrated in configs/calibration/calibrated.ini against SB_01 2023-25 arrivals"},
    {"migrants", "inflow_trend", CFG_DOUBLE, M_OFF(inflow_trend), 0, -0.9, 5, "0.20", "1/year",
     "relative growth of coast inflow per year (replaced by [demand] level anchors: setting both is refused)", "assumption; SB_01: arrivals +25% (2023-24), +13% (2024-25); calibrated in configs/calibration/calibrated.ini"},
    {"migrants", "inflow_reference_date", CFG_DATE, M_OFF(inflow_reference_date), 0, 0, CFG_DATE_NEVER - 1, "2023-01-01", "date",
     "the date inflow_per_day refers to (the start of the calibration period)", "convention: configs/calibration/history_2023_2025.ini"},
    {"migrants", "inflow_trend_end", CFG_DATE, M_OFF(inflow_trend_end), 0, 0, CFG_DATE_NEVER, "never", "date",
     "the trend stops on this date and inflow keeps its level afterwards (never: the trend goes on; replaced by [demand] level anchors: setting both is refused)",
     "change point, to calibrate (calibrated.ini); arrivals grew 25% in 2024 and 13% in 2025 (SB_01)"},
    {"migrants", "inflow_season", CFG_DOUBLE_LIST, M_OFF(inflow_season), 12, 0, 10,
     "0.40,0.41,0.96,0.97,0.92,1.34,1.36,1.46,1.56,1.13,0.77,0.72", "-",
     "monthly multiplier of coast inflow, Jan..Dec (mean 1)",
     "shape: SB_01 2023-25 arrivals by month over their mean; as that includes the weather, its strength is calibrated"},
    {"migrants", "inflow_month_sd", CFG_DOUBLE, M_OFF(inflow_month_sd), 0, 0, 2, "0.2", "-",
     "log-sd of a calendar month's inflow multiplier (mean 1): demand shocks upstream the model does not represent",
     "assumption, to calibrate (the routes to northern France are outside the model)"},
    {"migrants", "initial_waiting", CFG_DOUBLE, M_OFF(initial_waiting), 0, 0, 1e6, "2000", "people",
     "people on the coast when the warm-up starts", "assumption (no published count in the sources)"},
    {"migrants", "group_names", CFG_STRING_LIST, M_OFF(group_names), MIG_GROUPS, 0, 0, GROUPS_DEFAULT, "-",
     "nationality groups", "Home Office nationality breakdowns 2022-2025 (via PA)"},
    {"migrants", "group_share", CFG_DOUBLE_LIST, M_OFF(group_share), MIG_GROUPS, 0, 1,
     "0.15,0.18,0.11,0.09,0.08,0.07,0.07,0.05,0.02,0.18", "probability",
     "share of coast inflow by group (sums to 1; replaced by [demand] mix anchors: setting both is refused)",
     "Home Office via PA: Q1 2025 Eritrean 20%, Afghan 13%, Sudanese 12%, Vietnamese 8%, Iranian 8%; Iraqi, Turkish, Syrian, Albanian and other shares are assumptions between the 2023 and 2025 figures"},
    {"migrants", "grant_rate", CFG_DOUBLE_LIST, M_OFF(grant_rate), MIG_GROUPS, 0, 1,
     "0.65,0.91,0.93,0.72,0.38,0.38,0.94,0.38,0.17,0.50", "probability",
     "asylum grant rate at initial decision by group",
     "Home Office Asy_D02 2020-25 (all claimants); 'other' is an assumption"},
    {"migrants", "return_feasible", CFG_DOUBLE_LIST, M_OFF(return_feasible), MIG_GROUPS, 0, 1,
     "0.05,0.02,0.02,0.05,0.5,0.3,0.02,0.4,0.9,0.3", "probability",
     "chance a refused person of the group can be returned to their country",
     "assumption: high for Albania (UK-Albania arrangement, Dec 2022), low where returns are rarely possible"},
    {"migrants", "means_median", CFG_DOUBLE, M_OFF(means_median), 0, 0, 1e6, "4000", "EUR",
     "median money for a seat on reaching the coast", "assumption anchored on typical prices EUR 3,000-4,500 (NCA, AP)"},
    {"migrants", "means_sigma", CFG_DOUBLE, M_OFF(means_sigma), 0, 0, 3, "0.5", "-",
     "log-sd of money on reaching the coast", "assumption"},
    {"migrants", "savings_per_day", CFG_DOUBLE, M_OFF(savings_per_day), 0, 0, 1e4, "20", "EUR/day",
     "money gained per day while unable to pay", "assumption"},
    {"migrants", "risk_tolerance_a", CFG_DOUBLE, M_OFF(risk_tolerance_a), 0, 0.01, 100, "4", "-",
     "Beta(a,b) shape a of risk tolerance", "assumption (mean 0.67)"},
    {"migrants", "risk_tolerance_b", CFG_DOUBLE, M_OFF(risk_tolerance_b), 0, 0.01, 100, "2", "-",
     "Beta(a,b) shape b of risk tolerance", "assumption"},
    {"migrants", "belief_bias_sigma", CFG_DOUBLE, M_OFF(belief_bias_sigma), 0, 0, 3, "0.5", "-",
     "log-sd of a person's bias about the group's learned belief", "assumption"},
    {"migrants", "giveup_rate", CFG_DOUBLE, M_OFF(giveup_rate), 0, 0, 10, "0.004", "1/day",
     "daily hazard of leaving the coast for a new arrival without deterrence", "assumption, to calibrate"},
    {"migrants", "giveup_season", CFG_DOUBLE_LIST, M_OFF(giveup_season), 12, 0, 100,
     "1.3,1.3,1.0,0.9,0.8,0.8,0.8,0.8,0.9,1.0,1.2,1.2", "-",
     "monthly multiplier of the give-up hazard, Jan..Dec (mean 1): camps empty in winter",
     "assumption (shape); its strength calibrated in configs/calibration/calibrated.ini: SB_01 winter arrivals per day of crossing weather are half the autumn's"},
    {"migrants", "giveup_wait_days", CFG_DOUBLE, M_OFF(giveup_wait_days), 0, 1, 1e5, "60", "days",
     "the hazard grows by one times its base per this many days waited", "assumption"},
    {"migrants", "giveup_per_attempt", CFG_DOUBLE, M_OFF(giveup_per_attempt), 0, 0, 100, "0.1", "-",
     "relative hazard increase per failed crossing attempt", "assumption"},
    {"migrants", "giveup_unaffordable", CFG_DOUBLE, M_OFF(giveup_unaffordable), 0, 0, 100, "2", "-",
     "hazard multiplier while the price is out of reach", "assumption"},
    {"migrants", "giveup_booked", CFG_DOUBLE, M_OFF(giveup_booked), 0, 0, 100, "1", "-",
     "hazard multiplier once a seat is paid for (0: booked people never leave the coast)",
     "assumption: a booking does not tie a person to the coast; the gang keeps the money"},
    {"migrants", "booking_prob", CFG_DOUBLE, M_OFF(booking_prob), 0, 0, 1, "0.15", "probability",
     "daily chance that a person able to pay books a seat when seats are on sale", "assumption"},
    {"migrants", "claim_share", CFG_DOUBLE, M_OFF(claim_share), 0, 0, 1, "0.95", "probability",
     "share of UK arrivals who claim asylum", "Home Office via press: 90-99% of small-boat arrivals claim (2020-24)"},
};
const size_t mig_param_count = sizeof mig_param_list / sizeof mig_param_list[0];


sim_status mig_params_check(const mig_params *p)
{
    double sum = 0;
    for (int g = 0; g < MIG_GROUPS; g++) sum += p->group_share[g];
    if (fabs(sum - 1.0) > 1e-6)
        return SIM_FAIL(SIM_ERR_CONFIG, "[migrants] group_share: shares sum to %.6g, not 1", sum);
    return SIM_OK;
}

/* Room in a group's coast arrays for `need` people (each array grows by doubling). */
static sim_status coast_reserve(mig_coast *c, uint32_t need)
{
    if (need <= c->cap) return SIM_OK;
    uint32_t cap = c->cap ? c->cap : 1024; /* a multiple of 8, as the accrual needs (choices_accrue.h) */
    while (cap < need) cap *= 2;
    /* Grow each array in turn; a failure leaves the arrays grown so far larger, which is harmless. */
    void **arrays[] = {(void **)&c->id, (void **)&c->coast_day, (void **)&c->booking, (void **)&c->attempt_factor,
                       (void **)&c->susceptibility, (void **)&c->inv_risk, (void **)&c->giveup_left,
                       (void **)&c->booking_left, (void **)&c->means};
    for (size_t k = 0; k < sizeof arrays / sizeof arrays[0]; k++) {
        void *grown = realloc(*arrays[k], (size_t)cap * 4); /* every field is 4 bytes */
        if (!grown) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory growing the coast arrays to %u people", cap);
        /* Zeros past the old capacity: the accrual reads entries up to n rounded up to 8
         * (and stores them back unchanged), so they hold numbers, never stray bits. */
        memset((char *)grown + (size_t)c->cap * 4, 0, (size_t)(cap - c->cap) * 4);
        *arrays[k] = grown;
    }
    c->cap = cap;
    return SIM_OK;
}

static void coast_free(mig_coast *c)
{
    free(c->id);
    free(c->coast_day);
    free(c->booking);
    free(c->attempt_factor);
    free(c->susceptibility);
    free(c->inv_risk);
    free(c->giveup_left);
    free(c->booking_left);
    free(c->means);
    memset(c, 0, sizeof *c);
}

/* Put person `id` (state already waiting or booked) into their group's coast arrays. */
static sim_status coast_add(mig_population *pop, uint32_t id)
{
    mig_person *q = &pop->people[id];
    mig_coast *c = &pop->coast[pop->group[id]];
    SIM_CHECK(coast_reserve(c, c->n + 1));
    uint32_t k = c->n++;
    c->id[k] = id;
    c->coast_day[k] = (float)q->coast_day;
    c->booking[k] = q->attempts; /* a person comes onto the coast waiting */
    c->attempt_factor[k] = mig_attempt_factor(pop->p, q->attempts);
    c->susceptibility[k] = q->susceptibility;
    c->inv_risk[k] = q->inv_risk;
    c->giveup_left[k] = q->giveup_left;
    c->booking_left[k] = q->booking_left;
    c->means[k] = q->means;
    pop->coast_pos[id] = k;
    return SIM_OK;
}

/* Leaving the coast for these states is for good: nothing of the coast arrays is kept. */
static int leaves_for_good(mig_state to) { return to == MIG_GAVE_UP || to == MIG_DIED || to == MIG_ADMITTED; }

/* Drop the person at position k of group g's coast arrays, leaving for state `to`.
 * Someone who may come back (from the UK) keeps their money in the record; their
 * thresholds are drawn anew on return (mig_return_to_coast), so they are not kept, and
 * nothing is for those who leave for good (saving a load of a cold record per
 * departure). */
static void coast_remove(mig_population *pop, int g, uint32_t k, mig_state to)
{
    mig_coast *c = &pop->coast[g];
    uint32_t last = --c->n;
    if (!leaves_for_good(to)) {
        mig_person *q = &pop->people[c->id[k]];
        q->means = c->means[k];
        q->attempts = (uint16_t)mig_coast_attempts(c, k);
    }
    if (k != last) {
        c->id[k] = c->id[last];
        c->coast_day[k] = c->coast_day[last];
        c->booking[k] = c->booking[last];
        c->attempt_factor[k] = c->attempt_factor[last];
        c->susceptibility[k] = c->susceptibility[last];
        c->inv_risk[k] = c->inv_risk[last];
        c->giveup_left[k] = c->giveup_left[last];
        c->booking_left[k] = c->booking_left[last];
        c->means[k] = c->means[last];
        pop->coast_pos[c->id[k]] = k;
    }
}

/* The state change alone, from a known state: counts and the dense state (written,
 * not read: a store does not wait for the line as a load would). */
static void count_move_from(mig_population *pop, uint32_t id, mig_state from, mig_state to)
{
    pop->state_count[from]--;
    pop->state_count[to]++;
    pop->state[id] = (uint8_t)to;
}

static void count_move(mig_population *pop, uint32_t id, mig_state to) { count_move_from(pop, id, pop->state[id], to); }

void mig_set_state_at(mig_population *pop, uint32_t id, int group, uint32_t k, mig_state to)
{
    /* On the coast, booked exactly when a gang holds their booking (mig_check): the
     * state is known from the coast arrays without loading it. */
    mig_coast *c = &pop->coast[group];
    count_move_from(pop, id, mig_coast_booked(c, k) ? MIG_BOOKED : MIG_WAITING, to);
    if (!mig_on_coast(to)) coast_remove(pop, group, k, to);
    else if (to == MIG_WAITING) c->booking[k] &= MIG_ATTEMPTS_MASK; /* a booking lost */
}

void mig_set_state(mig_population *pop, uint32_t id, mig_state to)
{
    if (mig_on_coast(pop->state[id])) mig_set_state_at(pop, id, pop->group[id], pop->coast_pos[id], to);
    else count_move(pop, id, to); /* coming onto the coast: the caller adds them (coast_add) */
}

sim_status mig_scratch_reserve(mig_population *pop, uint32_t n)
{
    if (n <= pop->cap_scratch) return SIM_OK;
    uint32_t cap = n < 1024 ? 1024 : n + n / 2, blocks = cap / 4 + MIG_GROUPS;
    uint8_t *events = realloc(pop->scratch_events, cap);
    if (events) pop->scratch_events = events;
    uint32_t *ids = realloc(pop->scratch_pos, (size_t)cap * sizeof *ids);
    if (ids) pop->scratch_pos = ids;
    uint64_t *marks = realloc(pop->scratch_marks, 2 * ((size_t)cap / 64 + MIG_GROUPS) * sizeof *marks);
    if (marks) pop->scratch_marks = marks;
    uint32_t(*draws)[4] = realloc(pop->scratch_draws, (size_t)blocks * sizeof *draws);
    if (draws) pop->scratch_draws = draws;
    uint32_t *entity = realloc(pop->scratch_entity, (size_t)blocks * sizeof *entity);
    if (entity) pop->scratch_entity = entity;
    if (!events || !ids || !marks || !draws || !entity)
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory for the daily choices of %u people", cap);
    pop->cap_scratch = cap;
    return SIM_OK;
}

uint32_t mig_coast_at(const mig_population *pop, uint64_t k)
{
    int g = 0;
    while (g < MIG_GROUPS - 1 && k >= pop->coast[g].n) k -= pop->coast[g++].n;
    return pop->coast[g].id[k];
}

mig_person mig_person_view(const mig_population *pop, uint32_t id)
{
    mig_person q = pop->people[id];
    if (mig_on_coast(pop->state[id])) {
        const mig_coast *c = &pop->coast[pop->group[id]];
        uint32_t k = pop->coast_pos[id];
        q.means = c->means[k];
        q.attempts = (uint16_t)mig_coast_attempts(c, k);
        q.giveup_left = c->giveup_left[k];
        q.booking_left = c->booking_left[k];
    }
    return q;
}

/* Grow the people arrays to hold `n` more people, within max_people. */
static sim_status reserve_people(mig_population *pop, uint32_t n)
{
    /* The limit is checked before the capacity: a reused population may hold more than
     * this model's max_people (mig_population_reuse). */
    double need = (double)pop->n_people + n;
    if (need > pop->max_people)
        return SIM_FAIL(SIM_ERR_CONFIG,
                        "a replication created more than [scenario] max_people = %.0f people; raise it if this is intended",
                        pop->max_people);
    if (need <= pop->cap_people) return SIM_OK;
    double want = pop->cap_people ? 2.0 * pop->cap_people : 65536.0;
    while (want < need) want *= 2;
    if (want > pop->max_people) want = pop->max_people;
    mig_person *grown = realloc(pop->people, (size_t)want * sizeof *grown);
    if (!grown) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory growing the population to %.0f", want);
    pop->people = grown;
    uint8_t *state = realloc(pop->state, (size_t)want);
    if (state) pop->state = state;
    uint8_t *group = realloc(pop->group, (size_t)want);
    if (group) pop->group = group;
    uint32_t *coast_pos = realloc(pop->coast_pos, (size_t)want * sizeof *coast_pos);
    if (coast_pos) pop->coast_pos = coast_pos;
    if (!state || !group || !coast_pos) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory growing the population to %.0f", want);
    pop->cap_people = (uint32_t)want;
    return SIM_OK;
}

/* Intervals of the attribute quantile tables: 2^12, 16 KiB each (float), cache-resident.
 * tests/engine/test_qtable.c bounds a table's CDF error; tests/models/test_mig_attributes.c
 * checks the fit of every attribute as drawn here. */
enum { ATTR_TABLE_BITS = 12 };

/* Money on reaching the coast: lognormal, par = {median, log-sd}. */
static double means_quantile(double u, const double par[QTABLE_PARAMS])
{
    return par[0] * exp(par[1] * gsl_cdf_ugaussian_Pinv(u));
}

/* Bias about the group's belief: lognormal with mean 1, par = {log-sd}. */
static double bias_quantile(double u, const double par[QTABLE_PARAMS])
{
    return exp(par[0] * gsl_cdf_ugaussian_Pinv(u) - 0.5 * par[0] * par[0]);
}

/* Risk tolerance: Beta(a, b), par = {a, b}. GSL's inverse costs about 1.5 us a point
 * (6 ms a table), paid once per thread while the shapes stay the same. */
static double risk_quantile(double u, const double par[QTABLE_PARAMS])
{
    return gsl_cdf_beta_Pinv(u, par[0], par[1]);
}

/* Exp(1): -log(1 - u) (no parameters). */
static double exp_quantile(double u, const double par[QTABLE_PARAMS])
{
    (void)par;
    return -log1p(-u);
}

sim_status mig_population_init(mig_population *pop, const mig_params *p, double max_people)
{
    memset(pop, 0, sizeof *pop);
    pop->p = p;
    pop->max_people = max_people;
    const double means_par[QTABLE_PARAMS] = {p->means_median, p->means_sigma, 0, 0};
    const double bias_par[QTABLE_PARAMS] = {p->belief_bias_sigma, 0, 0, 0};
    const double risk_par[QTABLE_PARAMS] = {p->risk_tolerance_a, p->risk_tolerance_b, 0, 0};
    const double none[QTABLE_PARAMS] = {0, 0, 0, 0};
    SIM_CHECK(qtable_create(means_quantile, means_par, ATTR_TABLE_BITS, &pop->means_table));
    SIM_CHECK(qtable_create(bias_quantile, bias_par, ATTR_TABLE_BITS, &pop->bias_table));
    SIM_CHECK(qtable_create(exp_quantile, none, ATTR_TABLE_BITS, &pop->exp_table));
    return qtable_create(risk_quantile, risk_par, ATTR_TABLE_BITS, &pop->risk_table);
}

/* Keep table *t if it tabulates q with parameters par, else build it anew. */
static sim_status table_for(qtable **t, qtable_fn q, const double par[QTABLE_PARAMS])
{
    if (*t && (*t)->q == q && memcmp((*t)->par, par, sizeof (*t)->par) == 0) return SIM_OK;
    qtable_destroy(t);
    return qtable_create(q, par, ATTR_TABLE_BITS, t);
}

sim_status mig_population_reuse(mig_population *pop, mig_population *from, const mig_params *p, double max_people)
{
    *pop = *from;
    memset(from, 0, sizeof *from);
    pop->p = p;
    pop->max_people = max_people;
    mig_population_clear(pop);
    const double means_par[QTABLE_PARAMS] = {p->means_median, p->means_sigma, 0, 0};
    const double bias_par[QTABLE_PARAMS] = {p->belief_bias_sigma, 0, 0, 0};
    const double risk_par[QTABLE_PARAMS] = {p->risk_tolerance_a, p->risk_tolerance_b, 0, 0};
    const double none[QTABLE_PARAMS] = {0, 0, 0, 0};
    SIM_CHECK(table_for(&pop->means_table, means_quantile, means_par));
    SIM_CHECK(table_for(&pop->bias_table, bias_quantile, bias_par));
    SIM_CHECK(table_for(&pop->exp_table, exp_quantile, none));
    return table_for(&pop->risk_table, risk_quantile, risk_par);
}

void mig_population_clear(mig_population *pop)
{
    pop->n_people = 0;
    for (int g = 0; g < MIG_GROUPS; g++) pop->coast[g].n = 0;
    memset(pop->state_count, 0, sizeof pop->state_count);
    pop->agent_days = 0;
}

void mig_population_free(mig_population *pop)
{
    free(pop->people);
    free(pop->state);
    free(pop->group);
    free(pop->coast_pos);
    pop->people = NULL;
    pop->state = NULL;
    pop->group = NULL;
    pop->coast_pos = NULL;
    pop->n_people = pop->cap_people = 0;
    for (int g = 0; g < MIG_GROUPS; g++) coast_free(&pop->coast[g]);
    free(pop->scratch_events);
    free(pop->scratch_pos);
    free(pop->scratch_marks);
    free(pop->scratch_draws);
    free(pop->scratch_entity);
    pop->scratch_events = NULL;
    pop->scratch_pos = NULL;
    pop->scratch_marks = NULL;
    pop->scratch_draws = NULL;
    pop->scratch_entity = NULL;
    pop->cap_scratch = 0;
    qtable_destroy(&pop->means_table);
    qtable_destroy(&pop->bias_table);
    qtable_destroy(&pop->exp_table);
    qtable_destroy(&pop->risk_table);
}

sim_status mig_create_groups(mig_population *pop, model_day *d, const int n[MIG_GROUPS], int coast_day)
{
    uint32_t total = 0;
    for (int g = 0; g < MIG_GROUPS; g++) {
        if (n[g] < 0) return SIM_FAIL(SIM_ERR_INTERNAL, "%d people of group %d to create", n[g], g);
        total += (uint32_t)n[g];
    }
    if (total == 0) return SIM_OK;
    SIM_CHECK(reserve_people(pop, total));
    uint32_t k_next[MIG_GROUPS];
    for (int g = 0; g < MIG_GROUPS; g++) {
        SIM_CHECK(coast_reserve(&pop->coast[g], pop->coast[g].n + (uint32_t)n[g]));
        k_next[g] = pop->coast[g].n;
    }
    const qtable *risk_t = pop->risk_table, *bias_t = pop->bias_table, *means_t = pop->means_table,
                 *exp_t = pop->exp_table;
    const uint32_t first = pop->n_people;
    const float factor0 = mig_attempt_factor(pop->p, 0); /* nobody has tried yet */
    /* Attributes come from the person's own stream: the same person id gets the same
     * attributes in every scenario (common random numbers). One block gives the five
     * (rng_words5): money, bias, the two Exp(1) thresholds and the risk tolerance, each
     * by inverse CDF through a quantile table (sim/engine/qtable.h). Ids are given group
     * by group, in group order; the blocks of all groups' people are computed together
     * (a day brings a dozen people a group, too few alone to fill rng_blocks' vectors).
     * In chunks: the blocks of a chunk first, asking for the table entries they will
     * read (random places in 64 KiB of tables, more than the L1 cache), then the draws. */
    enum { CHUNK = 64 };
    uint32_t w[CHUNK][RNG_WORDS5], b[CHUNK][4], ent[CHUNK];
    int group = 0;
    uint32_t left = (uint32_t)n[0]; /* people of `group` still to create */
    for (uint32_t i0 = 0; i0 < total; i0 += CHUNK) {
        uint32_t m = total - i0 < CHUNK ? total - i0 : CHUNK;
        for (uint32_t j = 0; j < m; j++) ent[j] = first + i0 + j;
        rng_blocks(d->key, RNG_MIGRANT_ATTR, ent, 0, m, b); /* rng_block's words, several people a vector instruction */
        for (uint32_t j = 0; j < m; j++) {
            rng_words5(b[j], w[j]);
            qtable_prefetch(means_t, w[j][0]);
            qtable_prefetch(bias_t, w[j][1]);
            qtable_prefetch(exp_t, w[j][2]);
            qtable_prefetch(exp_t, w[j][3]);
            qtable_prefetch(risk_t, w[j][4]);
        }
        for (uint32_t j = 0; j < m; j++) {
            while (left == 0) left = (uint32_t)n[++group];
            left--;
            mig_coast *c = &pop->coast[group];
            uint32_t id = first + i0 + j, k = k_next[group]++;
            /* In single precision, as the draws are kept (qtable_drawf). */
            float risk = qtable_drawf_bits(risk_t, w[j][4], ATTR_TABLE_BITS);
            if (risk < 0.05f) risk = 0.05f; /* nobody is wholly risk averse and on the beach */
            float inv_risk = 1.0f / risk, means = qtable_drawf_bits(means_t, w[j][0], ATTR_TABLE_BITS);
            float susceptibility = qtable_drawf_bits(bias_t, w[j][1], ATTR_TABLE_BITS) * inv_risk,
                  giveup_left = qtable_drawf_bits(exp_t, w[j][2], ATTR_TABLE_BITS),
                  booking_left = qtable_drawf_bits(exp_t, w[j][3], ATTR_TABLE_BITS);
            pop->people[id] = (mig_person){
                .coast_day = coast_day, .uk_day = INT32_MIN, .means = means, .inv_risk = inv_risk,
                .susceptibility = susceptibility, .giveup_left = giveup_left, .booking_left = booking_left,
            };
            pop->state[id] = MIG_WAITING;
            pop->group[id] = (uint8_t)group;
            pop->coast_pos[id] = k;
            /* Straight into the group's coast arrays (what coast_add copies from the record). */
            c->id[k] = id;
            c->coast_day[k] = (float)coast_day;
            c->booking[k] = 0; /* waiting, no attempts */
            c->attempt_factor[k] = factor0;
            c->susceptibility[k] = susceptibility;
            c->inv_risk[k] = inv_risk;
            c->giveup_left[k] = giveup_left;
            c->booking_left[k] = booking_left;
            c->means[k] = means;
        }
    }
    pop->n_people = first + total;
    for (int g = 0; g < MIG_GROUPS; g++) pop->coast[g].n = k_next[g];
    pop->state_count[MIG_WAITING] += total;
    return SIM_OK;
}

sim_status mig_create_people(mig_population *pop, model_day *d, int group, int n, int coast_day)
{
    if (n <= 0) return SIM_OK;
    if (group < 0 || group >= MIG_GROUPS) return SIM_FAIL(SIM_ERR_INTERNAL, "no group %d to create people in", group);
    int counts[MIG_GROUPS] = {0};
    counts[group] = n;
    return mig_create_groups(pop, d, counts, coast_day);
}

double mig_inflow_month_factor(const mig_params *p, rng_key key, int year, int month)
{
    if (p->inflow_month_sd <= 0) return 1.0;
    uint32_t w[4];
    /* Entity MIG_GROUPS of the inflow purpose (groups use 0..MIG_GROUPS-1), counter =
     * the month's index since year 0. */
    rng_block(key, RNG_COAST_INFLOW, MIG_GROUPS, (uint32_t)(year * 12 + month - 1), w);
    double s = p->inflow_month_sd;
    return exp(s * rng_normal(w) - 0.5 * s * s);
}

sim_status mig_inflow(mig_population *pop, model_day *d, const double rate[MIG_GROUPS], double inflow_strength,
                      const double belief[MIG_GROUPS], double month_factor)
{
    const mig_params *p = pop->p;
    double season = p->inflow_season[d->month - 1] * month_factor;
    int n[MIG_GROUPS];
    for (int g = 0; g < MIG_GROUPS; g++) {
        double lambda = rate[g] * season * exp(-inflow_strength * belief[g]);
        n[g] = lambda > 0 ? (int)rng_poisson(d->rng, d->key, RNG_COAST_INFLOW, (uint32_t)g, (uint32_t)d->date, lambda) : 0;
    }
    /* Every group's newcomers in one batch (ids in group order, as one group at a time). */
    SIM_CHECK(mig_create_groups(pop, d, n, d->day));
    for (int g = 0; g < MIG_GROUPS; g++) {
        d->today[M_COAST_ARRIVALS] += n[g];
        d->group_today[g][G_COAST_ARRIVALS] += n[g];
    }
    return SIM_OK;
}

void mig_new_thresholds(mig_population *pop, const model_day *d, uint32_t id, int giveup, int booking)
{
    uint32_t w[4];
    rng_block(d->key, RNG_MIGRANT_RESET, id, (uint32_t)d->date, w);
    mig_person *q = &pop->people[id];
    float *giveup_left = &q->giveup_left, *booking_left = &q->booking_left;
    if (mig_on_coast(pop->state[id])) {
        giveup_left = &pop->coast[pop->group[id]].giveup_left[pop->coast_pos[id]];
        booking_left = &pop->coast[pop->group[id]].booking_left[pop->coast_pos[id]];
    }
    if (giveup) *giveup_left = qtable_drawf(pop->exp_table, w[0]);
    if (booking) *booking_left = qtable_drawf(pop->exp_table, w[1]);
}

sim_status mig_return_to_coast(mig_population *pop, const model_day *d, uint32_t id)
{
    mig_person *q = &pop->people[id];
    if (mig_on_coast(pop->state[id]))
        return SIM_FAIL(SIM_ERR_INTERNAL, "person %u returned to the coast is already there", id);
    mig_new_thresholds(pop, d, id, 1, 1);
    mig_set_state(pop, id, MIG_WAITING);
    q->coast_day = d->day;
    q->attempts++;
    return coast_add(pop, id);
}

sim_status mig_check(const mig_population *pop, int day)
{
    uint64_t count[MIG_STATES] = {0};
    for (uint32_t i = 0; i < pop->n_people; i++) {
        if (pop->state[i] >= MIG_STATES)
            return SIM_FAIL(SIM_ERR_INTERNAL, "day %d: person %u has no valid state (%d)", day, i, pop->state[i]);
        count[pop->state[i]]++;
    }
    uint64_t total = 0;
    for (int s = 0; s < MIG_STATES; s++) {
        if (count[s] != pop->state_count[s])
            return SIM_FAIL(SIM_ERR_INTERNAL, "day %d: %llu people are %s but the running count says %llu", day,
                            (unsigned long long)count[s], mig_state_names[s], (unsigned long long)pop->state_count[s]);
        total += count[s];
    }
    if (total != pop->n_people)
        return SIM_FAIL(SIM_ERR_INTERNAL, "day %d: states hold %llu people of %u", day, (unsigned long long)total,
                        pop->n_people);
    /* The coast arrays hold everyone waiting or booked exactly once, where their record
     * says, in their own group, with the right booked flag and copies of the record. */
    uint64_t on_coast = 0;
    for (int g = 0; g < MIG_GROUPS; g++) {
        const mig_coast *c = &pop->coast[g];
        for (uint32_t k = 0; k < c->n; k++) {
            uint32_t id = c->id[k];
            if (id >= pop->n_people)
                return SIM_FAIL(SIM_ERR_INTERNAL, "day %d: group %d's coast arrays hold person %u of %u", day, g, id,
                                pop->n_people);
            const mig_person *q = &pop->people[id];
            if (!mig_on_coast(pop->state[id]) || pop->group[id] != g || pop->coast_pos[id] != k)
                return SIM_FAIL(SIM_ERR_INTERNAL, "day %d: entry %u of group %d's coast arrays (person %u) is not where their record says or not on the coast",
                                day, k, g, id);
            uint32_t attempts = mig_coast_attempts(c, k);
            if (mig_coast_booked(c, k) != (pop->state[id] == MIG_BOOKED) || c->booking[k] < 0 ||
                mig_coast_gang(c, k) >= MIG_GANG_SLOTS || c->coast_day[k] != (float)q->coast_day ||
                attempts < q->attempts || attempts > UINT16_MAX)
                return SIM_FAIL(SIM_ERR_INTERNAL, "day %d: person %u's coast entry disagrees with their record", day, id);
            if (c->attempt_factor[k] != mig_attempt_factor(pop->p, attempts))
                return SIM_FAIL(SIM_ERR_INTERNAL, "day %d: person %u's attempt factor %.9g is not that of %u attempts", day,
                                id, c->attempt_factor[k], attempts);
        }
        on_coast += c->n;
    }
    if (on_coast != count[MIG_WAITING] + count[MIG_BOOKED])
        return SIM_FAIL(SIM_ERR_INTERNAL, "day %d: the coast arrays hold %llu people, but %llu are waiting or booked",
                        day, (unsigned long long)on_coast, (unsigned long long)(count[MIG_WAITING] + count[MIG_BOOKED]));
    return SIM_OK;
}
