/**
 * @file test_mig_attributes.c
 * @brief People's attributes as mig_create_people draws them (inverse CDF through
 *        quantile tables on Philox words): each fits its distribution.
 *
 * 200,000 people of the baseline scenario's parameters; for each attribute the
 * probability integral transform F(X) over 100 equal bins is tested by chi-square and
 * rejected below p = 1e-7 (the rule of tests/engine/test_samplers.c). The negative
 * control feeds a 3% wrong log-sd and must be rejected. Attributes are stored as
 * float, whose rounding (relative 6e-8) moves no draw across a bin edge that matters.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "models/agents/migrants.h"
#include "models/model.h"
#include "tests/support.h"

enum { N_PEOPLE = 200000, PIT_BINS = 100 };
static const double P_MIN = 1e-7;

typedef struct {
    scenario *s;
    mig_population pop;
    model_day d;
} people_fx;

static void make_people(people_fx *f)
{
    const char *const over[] = {"scenario.max_people=1000000", NULL};
    f->s = sup_load(SUP_BASELINE, over);
    const model_params *p = &f->s->params;
    cr_assert_eq(mig_population_init(&f->pop, &p->migrants, p->scenario.max_people), SIM_OK, "%s",
                 sim_error_message());
    f->d = (model_day){.key = {20250101u, 7}, .day = 0, .date = p->scenario.start_date, .month = 1};
    cr_assert_eq(rng_stream_create(&f->d.rng), SIM_OK);
    cr_assert_eq(mig_create_people(&f->pop, &f->d, 0, N_PEOPLE, 0), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(f->pop.n_people, (uint32_t)N_PEOPLE);
}

static void drop_people(people_fx *f)
{
    mig_population_free(&f->pop);
    rng_stream_destroy(&f->d.rng);
    scenario_destroy(&f->s);
}

typedef double (*attr_cdf)(const mig_person *q, const double *par);

static double pit_p(const mig_population *pop, attr_cdf cdf, const double *par)
{
    unsigned long hist[PIT_BINS] = {0};
    for (uint32_t i = 0; i < pop->n_people; i++) {
        mig_person q = mig_person_view(pop, i);
        int b = (int)(cdf(&q, par) * PIT_BINS);
        hist[b < 0 ? 0 : b >= PIT_BINS ? PIT_BINS - 1 : b]++;
    }
    double e = (double)pop->n_people / PIT_BINS, stat = 0;
    for (int b = 0; b < PIT_BINS; b++) stat += (hist[b] - e) * (hist[b] - e) / e;
    return gsl_cdf_chisq_Q(stat, PIT_BINS - 1);
}

/* par = {median, log-sd} */
static double cdf_means(const mig_person *q, const double *par) { return gsl_cdf_lognormal_P(q->means, log(par[0]), par[1]); }
/* Risk tolerance is 1 / inv_risk; par = {a, b} */
static double cdf_risk(const mig_person *q, const double *par) { return gsl_cdf_beta_P(1.0 / q->inv_risk, par[0], par[1]); }
/* Bias = susceptibility x risk, lognormal with mean 1; par = {log-sd} */
static double cdf_bias(const mig_person *q, const double *par)
{
    return gsl_cdf_lognormal_P((double)q->susceptibility / q->inv_risk, -0.5 * par[0] * par[0], par[0]);
}
static double cdf_giveup(const mig_person *q, const double *par) { (void)par; return gsl_cdf_exponential_P(q->giveup_left, 1.0); }
static double cdf_booking(const mig_person *q, const double *par) { (void)par; return gsl_cdf_exponential_P(q->booking_left, 1.0); }

Test(mig_attributes, every_attribute_fits_its_distribution)
{
    people_fx f;
    make_people(&f);
    const mig_params *p = &f.s->params.migrants;
    const double means[2] = {p->means_median, p->means_sigma}, risk[2] = {p->risk_tolerance_a, p->risk_tolerance_b};
    const double bias[1] = {p->belief_bias_sigma};
    double pv;
    pv = pit_p(&f.pop, cdf_means, means);
    cr_expect_gt(pv, P_MIN, "money: lognormal(%g, %g): p = %g", means[0], means[1], pv);
    pv = pit_p(&f.pop, cdf_risk, risk);
    cr_expect_gt(pv, P_MIN, "risk tolerance: Beta(%g, %g): p = %g", risk[0], risk[1], pv);
    pv = pit_p(&f.pop, cdf_bias, bias);
    cr_expect_gt(pv, P_MIN, "belief bias: lognormal mean 1, log-sd %g: p = %g", bias[0], pv);
    pv = pit_p(&f.pop, cdf_giveup, NULL);
    cr_expect_gt(pv, P_MIN, "give-up threshold: Exp(1): p = %g", pv);
    pv = pit_p(&f.pop, cdf_booking, NULL);
    cr_expect_gt(pv, P_MIN, "booking threshold: Exp(1): p = %g", pv);
    /* Negative control: the money's log-sd 3% off is detected. */
    const double wrong[2] = {p->means_median, p->means_sigma * 1.03};
    pv = pit_p(&f.pop, cdf_means, wrong);
    cr_expect_lt(pv, P_MIN, "money passed with a log-sd 3%% off: p = %g", pv);
    drop_people(&f);
}

/* The five attributes come from disjoint bits of one Philox block, so they are
 * independent: the correlation of each pair's probability integral transforms (a
 * Spearman correlation) is within 5.3 / sqrt(N) of 0 (under independence it is about
 * normal with sd 1 / sqrt(N); 5.3 sd is the p = 1e-7 rule above). The control:
 * susceptibility (bias / risk) against risk tolerance, dependent by construction, must
 * be detected. */
static double pit_corr(const mig_population *pop, attr_cdf fa, const double *pa, attr_cdf fb, const double *pb)
{
    double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0, n = pop->n_people;
    for (uint32_t i = 0; i < pop->n_people; i++) {
        mig_person q = mig_person_view(pop, i);
        double a = fa(&q, pa), b = fb(&q, pb);
        sa += a;
        sb += b;
        saa += a * a;
        sbb += b * b;
        sab += a * b;
    }
    double cov = sab / n - sa / n * sb / n;
    return cov / sqrt((saa / n - sa / n * sa / n) * (sbb / n - sb / n * sb / n));
}

/* The control's statistic: 1 / susceptibility = risk / bias grows with risk tolerance. */
static double inv_susceptibility(const mig_person *q, const double *par)
{
    (void)par;
    return 1.0 / q->susceptibility;
}

Test(mig_attributes, the_five_attributes_are_independent)
{
    people_fx f;
    make_people(&f);
    const mig_params *p = &f.s->params.migrants;
    const double means[2] = {p->means_median, p->means_sigma}, risk[2] = {p->risk_tolerance_a, p->risk_tolerance_b};
    const double bias[1] = {p->belief_bias_sigma};
    const struct {
        const char *name;
        attr_cdf cdf;
        const double *par;
    } attr[] = {{"money", cdf_means, means}, {"risk tolerance", cdf_risk, risk}, {"bias", cdf_bias, bias},
                {"give-up threshold", cdf_giveup, NULL}, {"booking threshold", cdf_booking, NULL}};
    const int n_attr = (int)(sizeof attr / sizeof attr[0]);
    const double tol = 5.3 / sqrt((double)f.pop.n_people);
    for (int a = 0; a < n_attr; a++)
        for (int b = a + 1; b < n_attr; b++) {
            double r = pit_corr(&f.pop, attr[a].cdf, attr[a].par, attr[b].cdf, attr[b].par);
            cr_expect_lt(fabs(r), tol, "%s and %s: correlation %g (tolerance %g)", attr[a].name, attr[b].name, r, tol);
        }
    double r = pit_corr(&f.pop, inv_susceptibility, NULL, cdf_risk, risk);
    cr_expect_gt(fabs(r), tol, "susceptibility and risk tolerance look independent: correlation %g", r);
    drop_people(&f);
}

/* Attributes are a pure function of (key, person id): creating the same people again,
 * in two batches, gives the same bits. */
Test(mig_attributes, same_key_and_id_give_the_same_person)
{
    people_fx f;
    make_people(&f);
    mig_population again;
    const model_params *p = &f.s->params;
    cr_assert_eq(mig_population_init(&again, &p->migrants, p->scenario.max_people), SIM_OK);
    cr_assert_eq(mig_create_people(&again, &f.d, 0, 1000, 0), SIM_OK);
    cr_assert_eq(mig_create_people(&again, &f.d, 0, 1000, 0), SIM_OK);
    for (uint32_t i = 0; i < 2000; i++) {
        const mig_person a = mig_person_view(&f.pop, i), b = mig_person_view(&again, i);
        cr_assert(a.means == b.means && a.inv_risk == b.inv_risk && a.susceptibility == b.susceptibility &&
                      a.giveup_left == b.giveup_left && a.booking_left == b.booking_left,
                  "person %u differs", i);
    }
    mig_population_free(&again);
    drop_people(&f);
}

/* A population reused for new inputs (the next posterior draw) takes the old buffers and
 * tables but keeps the new limit on people and gives the same people as a fresh one. */
Test(mig_attributes, a_reused_population_obeys_its_own_limit_and_draws_the_same_people)
{
    people_fx f;
    make_people(&f); /* 200,000 people: the buffers are larger than the limit below */
    const mig_params *mp = &f.s->params.migrants;
    mig_population fresh, reused;
    cr_assert_eq(mig_population_init(&fresh, mp, 1000), SIM_OK);
    cr_assert_eq(mig_create_people(&fresh, &f.d, 3, 1000, 0), SIM_OK);
    cr_assert_eq(mig_population_reuse(&reused, &f.pop, mp, 1000), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(f.pop.people, NULL, "the old population keeps nothing");
    cr_assert_eq(reused.n_people, 0u);
    cr_assert_eq(mig_create_people(&reused, &f.d, 3, 1000, 0), SIM_OK);
    for (uint32_t i = 0; i < 1000; i++) {
        const mig_person a = mig_person_view(&fresh, i), b = mig_person_view(&reused, i);
        cr_assert(a.means == b.means && a.inv_risk == b.inv_risk && a.giveup_left == b.giveup_left,
                  "person %u differs", i);
    }
    cr_expect_eq(mig_create_people(&reused, &f.d, 3, 1, 0), SIM_ERR_CONFIG, "person 1001 of max_people 1000 was created");
    cr_expect(strstr(sim_error_message(), "max_people"), "%s", sim_error_message());
    sim_error_clear();
    mig_population_free(&fresh);
    mig_population_free(&reused);
    drop_people(&f);
}
