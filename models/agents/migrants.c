/**
 * @file migrants.c
 * @brief Migrant agents: inflow to the coast, attributes, daily choices, beliefs.
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
#include "models/agents/migrants.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "models/model.h"

const char *const mig_state_names[MIG_STATES] = {
    "waiting", "booked", "gave_up", "died", "admitted", "uk_no_claim",
    "uk_detained", "uk_backlog", "uk_granted", "uk_refused", "removed", "returned_home",
};

#define M_OFF(field) offsetof(mig_params, field)
#define D_OFF(field) offsetof(deter_params, field)
#define GROUPS_DEFAULT "afghan,eritrean,sudanese,iranian,vietnamese,iraqi,syrian,turkish,albanian,other"

const cfg_param mig_param_list[] = {
    {"migrants", "inflow_per_day", CFG_DOUBLE, M_OFF(inflow_per_day), 0, 0, 1e5, "100", "people/day",
     "arrivals on the French coast on inflow_reference_date, before season and deterrence",
     "assumption; calibrated in configs/calibration/calibrated.ini against SB_01 2023-25 arrivals"},
    {"migrants", "inflow_trend", CFG_DOUBLE, M_OFF(inflow_trend), 0, -0.9, 5, "0.20", "1/year",
     "relative growth of coast inflow per year", "assumption; SB_01: arrivals +25% (2023-24), +13% (2024-25); calibrated in configs/calibration/calibrated.ini"},
    {"migrants", "inflow_reference_date", CFG_DATE, M_OFF(inflow_reference_date), 0, 0, CFG_DATE_NEVER - 1, "2023-01-01", "date",
     "the date inflow_per_day refers to (the start of the calibration period)", "convention: configs/calibration/history_2023_2025.ini"},
    {"migrants", "inflow_trend_end", CFG_DATE, M_OFF(inflow_trend_end), 0, 0, CFG_DATE_NEVER, "never", "date",
     "the trend stops on this date and inflow keeps its level afterwards (never: the trend goes on)",
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
     "share of coast inflow by group (sums to 1)",
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

const cfg_param deter_param_list[] = {
    {"deterrence", "strength", CFG_DOUBLE, D_OFF(strength), 0, 0, 1000, "2", "-",
     "give-up hazard multiplier per unit of perceived removal-or-return chance; 0 = no deterrent effect",
     "assumption to sweep: critics say a 1% chance deters no one (seeds 000, 001)"},
    {"deterrence", "inflow_strength", CFG_DOUBLE, D_OFF(inflow_strength), 0, 0, 1000, "2", "-",
     "coast inflow of a group falls by exp(-inflow_strength x belief)", "assumption to sweep"},
    {"deterrence", "death_weight", CFG_DOUBLE, D_OFF(death_weight), 0, 0, 1e6, "10", "-",
     "give-up hazard multiplier per unit of perceived death risk per crossing", "assumption to sweep"},
    {"deterrence", "initial_belief", CFG_DOUBLE_LIST, D_OFF(initial_belief), MIG_GROUPS, 0, 1,
     "0.02,0.02,0.02,0.02,0.05,0.03,0.02,0.04,0.2,0.03", "probability",
     "belief about removal or return when the warm-up starts", "assumption; the warm-up lets beliefs settle"},
    {"deterrence", "learning_days", CFG_DOUBLE, D_OFF(learning_days), 0, 1, 1e4, "60", "days",
     "time constant of belief updating", "assumption"},
    {"deterrence", "delay_days", CFG_DOUBLE, D_OFF(delay_days), 0, 0, 365, "14", "days",
     "news of removals and returns reaches the coast after this delay", "assumption"},
    {"deterrence", "window_days", CFG_DOUBLE, D_OFF(window_days), 0, 1, 365, "90", "days",
     "outcomes are counted over this window", "assumption"},
    {"deterrence", "min_signal", CFG_DOUBLE, D_OFF(min_signal), 0, 1, 1e6, "20", "people",
     "arrivals of a group in the window needed before its belief updates", "assumption"},
    {"deterrence", "noise_sd", CFG_DOUBLE, D_OFF(noise_sd), 0, 0, 3, "0.2", "-",
     "log-sd of daily noise in the observed rate", "assumption"},
};
const size_t deter_param_count = sizeof deter_param_list / sizeof deter_param_list[0];

sim_status mig_params_check(const mig_params *p)
{
    double sum = 0;
    for (int g = 0; g < MIG_GROUPS; g++) sum += p->group_share[g];
    if (fabs(sum - 1.0) > 1e-6)
        return SIM_FAIL(SIM_ERR_CONFIG, "[migrants] group_share: shares sum to %.6g, not 1", sum);
    return SIM_OK;
}

void mig_set_state(model *m, uint32_t id, mig_state to)
{
    mig_person *p = &m->people[id];
    m->state_count[p->state]--;
    m->state_count[to]++;
    p->state = (uint8_t)to;
}

static sim_status coast_push(model *m, uint32_t id)
{
    if (m->n_coast == m->cap_coast) {
        size_t cap = m->cap_coast ? 2 * m->cap_coast : 4096;
        uint32_t *grown = realloc(m->coast, cap * sizeof *grown);
        if (!grown) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory growing the coast list to %zu", cap);
        m->coast = grown;
        m->cap_coast = cap;
    }
    m->coast[m->n_coast++] = id;
    return SIM_OK;
}

sim_status mig_create_people(model *m, int group, int n, int coast_day)
{
    const mig_params *p = &m->p->migrants;
    for (int k = 0; k < n; k++) {
        SIM_CHECK(model_reserve_person(m));
        uint32_t id = m->n_people++;
        /* Attributes come from the person's own stream: the same person id gets the
         * same attributes in every scenario (common random numbers). */
        rng_seek(m->rng, m->key, RNG_MIGRANT_ATTR, id, 0);
        double means = p->means_median * exp(p->means_sigma * gsl_ran_gaussian_ziggurat(m->rng, 1.0));
        double risk = gsl_ran_beta(m->rng, p->risk_tolerance_a, p->risk_tolerance_b);
        if (risk < 0.05) risk = 0.05; /* nobody is wholly risk averse and on the beach */
        double s = p->belief_bias_sigma;
        double bias = exp(s * gsl_ran_gaussian_ziggurat(m->rng, 1.0) - 0.5 * s * s); /* mean 1 */
        double giveup_left = gsl_ran_exponential(m->rng, 1.0);
        double booking_left = gsl_ran_exponential(m->rng, 1.0);
        mig_person *q = &m->people[id];
        *q = (mig_person){
            .state = MIG_WAITING, .group = (uint8_t)group, .gang = MIG_NO_GANG,
            .coast_day = coast_day, .uk_day = INT32_MIN, .means = (float)means,
            .inv_risk = (float)(1.0 / risk), .susceptibility = (float)(bias / risk),
            .giveup_left = (float)giveup_left, .booking_left = (float)booking_left,
        };
        m->state_count[MIG_WAITING]++;
        SIM_CHECK(coast_push(m, id));
    }
    return SIM_OK;
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

sim_status mig_inflow(model *m)
{
    const mig_params *p = &m->p->migrants;
    int until = m->date < p->inflow_trend_end ? m->date : p->inflow_trend_end;
    double years = (until - p->inflow_reference_date) / 365.25;
    double base = p->inflow_per_day * p->inflow_season[m->month - 1] * m->inflow_factor * pow(1.0 + p->inflow_trend, years);
    for (int g = 0; g < MIG_GROUPS; g++) {
        double lambda = base * p->group_share[g] * exp(-m->p->deterrence.inflow_strength * m->belief[g]);
        if (lambda <= 0) continue;
        rng_seek(m->rng, m->key, RNG_COAST_INFLOW, (uint32_t)g, (uint32_t)m->date);
        int n = (int)gsl_ran_poisson(m->rng, lambda);
        SIM_CHECK(mig_create_people(m, g, n, m->day));
        m->today[M_COAST_ARRIVALS] += n;
        m->group_today[g][G_COAST_ARRIVALS] += n;
    }
    return SIM_OK;
}

sim_status mig_daily_choices(model *m)
{
    const mig_params *p = &m->p->migrants;
    const deter_params *d = &m->p->deterrence;
    double seats[GANG_MAX];
    double seats_total = gang_seats_on_sale(m, seats);
    double deter_g[MIG_GROUPS];
    for (int g = 0; g < MIG_GROUPS; g++) deter_g[g] = d->strength * m->belief[g];
    /* Loop invariants in locals: writes through m inside the loop would otherwise make
     * the compiler reload them for every person. */
    const double book_p = p->booking_prob * (m->on.online ? m->p->online.booking_factor : 1.0);
    /* The daily booking hazard whose chance per day is book_p. */
    const float book_h = book_p < 1.0 ? (float)-log1p(-book_p) : INFINITY;
    const double death_term = d->death_weight * m->death_risk;
    const double wait_coef = 1.0 / p->giveup_wait_days;
    const double base = p->giveup_rate * p->giveup_season[m->month - 1], per_attempt = p->giveup_per_attempt;
    const double unaffordable = p->giveup_unaffordable, booked_factor = p->giveup_booked;
    const float savings = (float)p->savings_per_day;
    const float price = (float)m->price;
    const double inv32 = 1.0 / 4294967296.0;
    const int day = m->day;
    const uint32_t date = (uint32_t)m->date;
    const rng_key key = m->key;
    const uint32_t *coast = m->coast;
    mig_person *people = m->people;
    const size_t n_coast = m->n_coast;

    /* The coast list is compacted in the same pass: people who left the coast since
     * yesterday (crossed, died, were admitted) are dropped, everyone else kept in order. */
    m->agent_days += m->state_count[MIG_WAITING] + m->state_count[MIG_BOOKED];
    uint32_t *kept = m->coast;
    size_t n_kept = 0;
    for (size_t i = 0; i < n_coast; i++) {
        uint32_t id = coast[i];
        mig_person *q = &people[id];
        if (q->state != MIG_WAITING && q->state != MIG_BOOKED) continue; /* left the coast: drop */
        int booked = q->state == MIG_BOOKED;
        int affordable = booked || q->means >= price;
        double h = base * (1.0 + (day - q->coast_day) * wait_coef) * (1.0 + per_attempt * q->attempts) *
                   (booked ? booked_factor : affordable ? 1.0 : unaffordable) *
                   (1.0 + deter_g[q->group] * q->susceptibility + death_term * q->inv_risk);
        q->giveup_left -= (float)h;
        if (q->giveup_left <= 0.0f) {
            if (booked) gang_leave(m, id); /* the gang keeps the money */
            mig_set_state(m, id, MIG_GAVE_UP);
            m->today[M_GAVE_UP] += 1;
            m->group_today[q->group][G_GAVE_UP] += 1;
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
            SIM_CHECK(gang_book(m, slot, id)); /* on failure the replication is abandoned */
            seats[slot] -= 1.0;
            seats_total -= 1.0;
        }
    }
    m->n_coast = n_kept;
    return SIM_OK;
}

/* Ring slot of simulated day `day` (days may be negative during warm-up). */
static inline size_t ring_slot(const model *m, int day) { return (size_t)(((day % m->ring_len) + m->ring_len) % m->ring_len); }

/*
 * Record today's counts and move each observation window [day - delay - window + 1,
 * day - delay] on by one day: add the day entering it, drop the day leaving it. The
 * ring holds delay + window + 1 days, so the day leaving is still there. Counts are
 * whole numbers, so the running sums are exact.
 */
static void slide_windows(model *m)
{
    int delay = (int)m->p->deterrence.delay_days, window = (int)m->p->deterrence.window_days;
    size_t now = ring_slot(m, m->day), in = ring_slot(m, m->day - delay), out = ring_slot(m, m->day - delay - window);
    for (int g = 0; g < MIG_GROUPS; g++) {
        m->ring_arrivals[now * MIG_GROUPS + g] = m->group_today[g][G_ARRIVALS];
        m->ring_returned[now * MIG_GROUPS + g] = m->group_today[g][G_RETURNED];
    }
    m->ring_deaths[now] = m->today[M_DEATHS];
    m->ring_crossers[now] = m->crossers_today;
    for (int g = 0; g < MIG_GROUPS; g++) {
        m->window_arrivals[g] += m->ring_arrivals[in * MIG_GROUPS + g] - m->ring_arrivals[out * MIG_GROUPS + g];
        m->window_returned[g] += m->ring_returned[in * MIG_GROUPS + g] - m->ring_returned[out * MIG_GROUPS + g];
    }
    m->window_deaths += m->ring_deaths[in] - m->ring_deaths[out];
    m->window_crossers += m->ring_crossers[in] - m->ring_crossers[out];
}

void mig_update_beliefs(model *m)
{
    const deter_params *d = &m->p->deterrence;
    slide_windows(m);
    const double rate = 1.0 / d->learning_days;
    for (int g = 0; g < MIG_GROUPS; g++) {
        double arrived = m->window_arrivals[g];
        if (arrived < d->min_signal) continue; /* too few like them to learn from */
        double observed = m->window_returned[g] / arrived;
        rng_seek(m->rng, m->key, RNG_BELIEF, (uint32_t)g, (uint32_t)m->date);
        double s = d->noise_sd;
        observed *= exp(s * gsl_ran_gaussian_ziggurat(m->rng, 1.0) - 0.5 * s * s);
        if (observed > 1.0) observed = 1.0;
        m->belief[g] += rate * (observed - m->belief[g]);
    }
    if (m->window_crossers >= d->min_signal) {
        double observed = m->window_deaths / m->window_crossers;
        m->death_risk += rate * (observed - m->death_risk);
    }
}

void mig_new_thresholds(model *m, uint32_t id, int giveup, int booking)
{
    uint32_t w[4];
    rng_block(m->key, RNG_MIGRANT_RESET, id, (uint32_t)m->date, w);
    mig_person *q = &m->people[id];
    if (giveup) q->giveup_left = (float)-log(rng_u01(w[0]));
    if (booking) q->booking_left = (float)-log(rng_u01(w[1]));
}

sim_status mig_return_to_coast(model *m, uint32_t id)
{
    mig_person *q = &m->people[id];
    mig_new_thresholds(m, id, 1, 1);
    mig_set_state(m, id, MIG_WAITING);
    q->gang = MIG_NO_GANG;
    q->coast_day = m->day;
    q->attempts++;
    return coast_push(m, id);
}
