/**
 * @file test_samplers.c
 * @brief GSL samplers driven by the Philox sub-streams of sim/engine/rng.h (rng_stream_create
 *        + rng_seek): moments and chi-square goodness of fit.
 *
 * Tolerances. Moment checks allow 6 standard errors (SE from the distribution's own
 * variance over N draws; for a sample variance, SE = sqrt((mu4 - sigma^4) / N)):
 * a correct sampler fails one with probability 2e-9. Goodness-of-fit checks fail
 * when the chi-square p-value (gsl_cdf_chisq_Q) is below 1e-7, which is exactly
 * the false-failure rate for a correct sampler. With about twenty checks in this
 * file, the chance of any false failure stays below 1e-6.
 *
 * Power: the negative controls at the end feed the same checks with a slightly
 * wrong reference distribution and require them to fail, so the checks can fail.
 *
 * Seeds are fixed, so results are reproducible; each check has its own sub-stream
 * (purpose RNG_TEST, a distinct entity).
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "sim/engine/rng.h"

enum { N_MOMENTS = 1000000, N_FIT = 200000, PIT_BINS = 100 };

static const double P_MIN = 1e-7;  /* reject a fit below this p-value */
static const double K_SE = 6.0;    /* moment tolerance in standard errors */

static gsl_rng *stream(uint32_t entity)
{
    gsl_rng *r = NULL;
    cr_assert_eq(rng_stream_create(&r), SIM_OK);
    rng_seek(r, (rng_key){20250101u, 0}, RNG_TEST, entity, 0);
    return r;
}

/* ---- discrete goodness of fit --------------------------------------------- */

typedef double (*pmf_fn)(unsigned k, const double *par);
static double pmf_poisson(unsigned k, const double *par) { return gsl_ran_poisson_pdf(k, par[0]); }
static double pmf_binomial(unsigned k, const double *par) { return gsl_ran_binomial_pdf(k, par[0], (unsigned)par[1]); }

/*
 * Chi-square p-value of a histogram (hist[k] = draws equal to k for k < kmax, hist[kmax]
 * = draws >= kmax) against pmf. Adjacent values are pooled into cells with at least 20
 * expected draws each (the chi-square approximation is then good); the tail P(X >= kmax)
 * joins the last cell. *cells receives the number of cells.
 */
static double discrete_fit(const unsigned long *hist, unsigned kmax, size_t n, pmf_fn pmf, const double *par,
                           int *cells)
{
    double stat = 0, e = 0, o = 0, cum = 0, last_e = -1, last_o = 0;
    int c = 0;
    for (unsigned k = 0; k < kmax; k++) {
        double p = pmf(k, par);
        cum += p;
        e += n * p;
        o += hist[k];
        if (e >= 20) {
            if (last_e >= 0) {
                stat += (last_o - last_e) * (last_o - last_e) / last_e;
                c++;
            }
            last_e = e;
            last_o = o;
            e = o = 0;
        }
    }
    /* Remaining values and the tail: their own cell if big enough, else pooled with the last. */
    e += n * (1.0 - cum);
    o += hist[kmax];
    if (e >= 20 || last_e < 0) {
        if (last_e >= 0) {
            stat += (last_o - last_e) * (last_o - last_e) / last_e;
            c++;
        }
        last_e = e;
        last_o = o;
    } else {
        last_e += e;
        last_o += o;
    }
    stat += (last_o - last_e) * (last_o - last_e) / last_e;
    c++;
    *cells = c;
    return gsl_cdf_chisq_Q(stat, c - 1);
}

typedef enum { DRAW_POISSON, DRAW_BINOMIAL, DRAW_POISSON_BLOCK } discrete_kind;

/* Draw n values and return the fit p-value against (kind, ref) -- ref may differ from the sampler's own. */
static double sample_and_fit(discrete_kind kind, const double *draw_par, const double *ref_par, uint32_t entity,
                             int *cells)
{
    unsigned kmax = kind != DRAW_BINOMIAL ? (unsigned)(draw_par[0] + 12 * sqrt(draw_par[0]) + 12)
                                          : (unsigned)draw_par[1] + 1;
    unsigned long *hist = calloc(kmax + 1, sizeof *hist);
    cr_assert_not_null(hist);
    gsl_rng *r = stream(entity);
    for (size_t i = 0; i < N_FIT; i++) {
        /* rng_poisson: draw i from its own sub-stream (entity, day i), as the model keys one a day. */
        unsigned x = kind == DRAW_POISSON         ? gsl_ran_poisson(r, draw_par[0])
                     : kind == DRAW_POISSON_BLOCK ? rng_poisson(r, (rng_key){20250101u, 0}, RNG_TEST, entity, (uint32_t)i,
                                                                draw_par[0])
                                                  : gsl_ran_binomial(r, draw_par[0], (unsigned)draw_par[1]);
        hist[x < kmax ? x : kmax]++;
    }
    rng_stream_destroy(&r);
    double p = discrete_fit(hist, kmax, N_FIT, kind == DRAW_BINOMIAL ? pmf_binomial : pmf_poisson, ref_par, cells);
    free(hist);
    return p;
}

/* Small and large means exercise GSL's two Poisson algorithms (direct and gamma-based). */
Test(samplers, poisson_fits_chi_square)
{
    static const double lambdas[] = {3.0, 150.0};
    for (size_t i = 0; i < 2; i++) {
        int cells;
        double p = sample_and_fit(DRAW_POISSON, &lambdas[i], &lambdas[i], 100 + (uint32_t)i, &cells);
        cr_expect_geq(cells, 8, "too few cells (%d) for a meaningful fit", cells);
        cr_expect_gt(p, P_MIN, "Poisson(%g): chi-square p = %g over %d cells", lambdas[i], p, cells);
    }
}

/* rng_poisson: inversion up to RNG_POISSON_INVERSION_MAX (small, moderate and the
 * largest such means), GSL's method above it. */
Test(samplers, rng_poisson_fits_chi_square)
{
    static const double lambdas[] = {0.4, 6.5, 37.0, RNG_POISSON_INVERSION_MAX, 150.0};
    for (size_t i = 0; i < sizeof lambdas / sizeof lambdas[0]; i++) {
        int cells;
        double p = sample_and_fit(DRAW_POISSON_BLOCK, &lambdas[i], &lambdas[i], 110 + (uint32_t)i, &cells);
        cr_expect_geq(cells, 3, "too few cells (%d) for a meaningful fit", cells);
        cr_expect_gt(p, P_MIN, "rng_poisson(%g): chi-square p = %g over %d cells", lambdas[i], p, cells);
    }
}

/* Known answers: no draw for a mean of zero or less; the same sub-stream gives the same draw. */
Test(samplers, rng_poisson_known_answers)
{
    gsl_rng *r = stream(120);
    const rng_key key = {20250101u, 3};
    cr_expect_eq(rng_poisson(r, key, RNG_TEST, 1, 2, 0.0), 0u);
    cr_expect_eq(rng_poisson(r, key, RNG_TEST, 1, 2, -1.0), 0u);
    cr_expect_eq(rng_poisson(r, key, RNG_TEST, 1, 2, NAN), 0u);
    for (double mu = 0.5; mu < 200; mu *= 1.7)
        cr_expect_eq(rng_poisson(r, key, RNG_TEST, 7, 9, mu), rng_poisson(r, key, RNG_TEST, 7, 9, mu), "mu %g", mu);
    /* A larger mean never gives a smaller draw from the same uniform (inversion is monotone in mu
     * for a fixed u: F(k; mu) falls as mu grows). */
    unsigned last = 0;
    for (double mu = 0.5; mu <= RNG_POISSON_INVERSION_MAX; mu += 0.5) {
        unsigned x = rng_poisson(r, key, RNG_TEST, 5, 5, mu);
        cr_expect_geq(x, last, "mu %g gave %u after %u", mu, x, last);
        last = x;
    }
    rng_stream_destroy(&r);
}

/* n*p < 14 uses inversion in GSL, larger n*p the BTPE algorithm: test both. */
Test(samplers, binomial_fits_chi_square)
{
    static const double cases[][2] = {{0.12, 60}, {0.3, 500}};
    for (size_t i = 0; i < 2; i++) {
        int cells;
        double p = sample_and_fit(DRAW_BINOMIAL, cases[i], cases[i], 200 + (uint32_t)i, &cells);
        cr_expect_geq(cells, 8);
        cr_expect_gt(p, P_MIN, "Binomial(p=%g, n=%g): chi-square p = %g over %d cells", cases[i][0], cases[i][1], p,
                     cells);
    }
}

/* ---- continuous: moments and probability-integral-transform fit --------------- */

typedef double (*draw_fn)(gsl_rng *r, const double *par);
typedef double (*cdf_fn)(double x, const double *par);

static double draw_gamma(gsl_rng *r, const double *par) { return gsl_ran_gamma(r, par[0], par[1]); }
static double cdf_gamma(double x, const double *par) { return gsl_cdf_gamma_P(x, par[0], par[1]); }
static double draw_beta(gsl_rng *r, const double *par) { return gsl_ran_beta(r, par[0], par[1]); }
static double cdf_beta(double x, const double *par) { return gsl_cdf_beta_P(x, par[0], par[1]); }
static double draw_zig(gsl_rng *r, const double *par) { return gsl_ran_gaussian_ziggurat(r, par[0]); }
static double cdf_gauss(double x, const double *par) { return gsl_cdf_gaussian_P(x, par[0]); }

/* If X ~ F then F(X) is uniform: chi-square of F(X) over PIT_BINS equal bins (df = bins - 1). */
static double pit_fit(draw_fn draw, const double *draw_par, cdf_fn cdf, const double *ref_par, uint32_t entity)
{
    unsigned long hist[PIT_BINS] = {0};
    gsl_rng *r = stream(entity);
    for (size_t i = 0; i < N_FIT; i++) {
        int b = (int)(cdf(draw(r, draw_par), ref_par) * PIT_BINS);
        hist[b < 0 ? 0 : b >= PIT_BINS ? PIT_BINS - 1 : b]++;
    }
    rng_stream_destroy(&r);
    double e = (double)N_FIT / PIT_BINS, stat = 0;
    for (int b = 0; b < PIT_BINS; b++) stat += (hist[b] - e) * (hist[b] - e) / e;
    return gsl_cdf_chisq_Q(stat, PIT_BINS - 1);
}

/* Mean and variance of N_MOMENTS draws (Welford, so no cancellation). */
static void moments(draw_fn draw, const double *par, uint32_t entity, double *mean, double *var)
{
    gsl_rng *r = stream(entity);
    double m = 0, s = 0;
    for (size_t i = 1; i <= N_MOMENTS; i++) {
        double x = draw(r, par), d = x - m;
        m += d / i;
        s += d * (x - m);
    }
    rng_stream_destroy(&r);
    *mean = m;
    *var = s / (N_MOMENTS - 1);
}

static double draw_uniform(gsl_rng *r, const double *par)
{
    (void)par;
    return gsl_rng_uniform(r);
}

Test(samplers, uniform_mean_and_variance)
{
    double mean, var;
    moments(draw_uniform, NULL, 300, &mean, &var);
    double se_mean = sqrt(1.0 / 12.0 / N_MOMENTS);
    double se_var = sqrt((1.0 / 80.0 - 1.0 / 144.0) / N_MOMENTS); /* mu4 = 1/80, sigma^4 = 1/144 */
    cr_expect_leq(fabs(mean - 0.5), K_SE * se_mean, "mean %.6f (SE %.2g)", mean, se_mean);
    cr_expect_leq(fabs(var - 1.0 / 12.0), K_SE * se_var, "variance %.6f (SE %.2g)", var, se_var);

    /* gsl_rng_uniform stays in [0, 1) and uniform_pos in (0, 1) on a long stretch of the stream. */
    gsl_rng *r = stream(301);
    double lo = 1, hi = 0;
    for (int i = 0; i < 100000; i++) {
        double u = gsl_rng_uniform_pos(r);
        lo = u < lo ? u : lo;
        hi = u > hi ? u : hi;
    }
    rng_stream_destroy(&r);
    cr_expect_gt(lo, 0.0);
    cr_expect_lt(hi, 1.0);
}

/* Shape >= 1 and shape < 1 take different branches in GSL's Marsaglia-Tsang gamma. */
Test(samplers, gamma_mean_and_fit)
{
    static const double cases[][2] = {{2.5, 1.5}, {0.5, 2.0}};
    for (size_t i = 0; i < 2; i++) {
        const double a = cases[i][0], b = cases[i][1];
        double mean, var;
        moments(draw_gamma, cases[i], 400 + (uint32_t)i, &mean, &var);
        double se = sqrt(a * b * b / N_MOMENTS);
        cr_expect_leq(fabs(mean - a * b), K_SE * se, "Gamma(%g,%g) mean %.5f vs %.5f (SE %.2g)", a, b, mean, a * b,
                      se);
        double p = pit_fit(draw_gamma, cases[i], cdf_gamma, cases[i], 410 + (uint32_t)i);
        cr_expect_gt(p, P_MIN, "Gamma(%g,%g): chi-square p = %g", a, b, p);
    }
}

/* Beta(4, 2) is the migrants' risk tolerance. */
Test(samplers, beta_mean_and_fit)
{
    static const double par[2] = {4.0, 2.0};
    const double a = par[0], b = par[1], mu = a / (a + b), v = a * b / ((a + b) * (a + b) * (a + b + 1));
    double mean, var;
    moments(draw_beta, par, 500, &mean, &var);
    double se = sqrt(v / N_MOMENTS);
    cr_expect_leq(fabs(mean - mu), K_SE * se, "Beta(4,2) mean %.6f vs %.6f (SE %.2g)", mean, mu, se);
    double p = pit_fit(draw_beta, par, cdf_beta, par, 501);
    cr_expect_gt(p, P_MIN, "Beta(4,2): chi-square p = %g", p);
}

Test(samplers, gaussian_ziggurat_mean_sd_and_fit)
{
    static const double par[1] = {2.0};
    const double sigma = par[0];
    double mean, var;
    moments(draw_zig, par, 600, &mean, &var);
    double se_mean = sigma / sqrt(N_MOMENTS);
    /* Var of the sample variance of a normal is 2 sigma^4 / N. */
    double se_var = sqrt(2.0 / N_MOMENTS) * sigma * sigma;
    cr_expect_leq(fabs(mean), K_SE * se_mean, "mean %.5f (SE %.2g)", mean, se_mean);
    cr_expect_leq(fabs(var - sigma * sigma), K_SE * se_var, "variance %.5f vs %.5f (SE %.2g)", var, sigma * sigma,
                  se_var);
    double p = pit_fit(draw_zig, par, cdf_gauss, par, 601);
    cr_expect_gt(p, P_MIN, "N(0,2) ziggurat: chi-square p = %g", p);
}

/* ---- negative controls: the same checks must reject a slightly wrong reference ---- */

Test(samplers, checks_reject_a_wrong_reference)
{
    int cells;
    /* Poisson(3) against Poisson(3.1): the means differ by ~25 SE at N = 200,000. */
    const double lam = 3.0, wrong = 3.1;
    double p = sample_and_fit(DRAW_POISSON, &lam, &wrong, 700, &cells);
    cr_expect_lt(p, P_MIN, "Poisson(3) passed as Poisson(3.1): p = %g", p);
    p = sample_and_fit(DRAW_POISSON_BLOCK, &lam, &wrong, 704, &cells);
    cr_expect_lt(p, P_MIN, "rng_poisson(3) passed as Poisson(3.1): p = %g", p);

    /* Binomial(0.3, 500) against Binomial(0.31, 500). */
    const double b[2] = {0.3, 500}, bw[2] = {0.31, 500};
    p = sample_and_fit(DRAW_BINOMIAL, b, bw, 701, &cells);
    cr_expect_lt(p, P_MIN, "Binomial(0.3,500) passed as Binomial(0.31,500): p = %g", p);

    /* Gamma(2.5, 1.5) against Gamma(2.5, 1.55): a 3% scale error. */
    const double g[2] = {2.5, 1.5}, gw[2] = {2.5, 1.55};
    p = pit_fit(draw_gamma, g, cdf_gamma, gw, 702);
    cr_expect_lt(p, P_MIN, "Gamma scale error not detected: p = %g", p);

    /* N(0, 2) against N(0, 2.05). */
    const double z = 2.0, zw = 2.05;
    p = pit_fit(draw_zig, &z, cdf_gauss, &zw, 703);
    cr_expect_lt(p, P_MIN, "Gaussian sd error not detected: p = %g", p);
}
