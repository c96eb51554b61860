/**
 * @file abc.h
 * @brief Approximate Bayesian computation by sequential Monte Carlo: adaptive
 *        population Monte Carlo ABC, independent of the model.
 *
 * Algorithm: the adaptive population Monte Carlo ABC of Lenormand, Jabot & Deffuant
 * (2013), "Adaptive approximate Bayesian computation for complex models",
 * Computational Statistics 28(6):2777-2796, which builds on the ABC-PMC of Beaumont,
 * Cornuet, Marin & Robert (2009), "Adaptive approximate Bayesian computation",
 * Biometrika 96(4):983-990, with the tolerance set adaptively as a quantile of the
 * previous distances (as in Del Moral, Doucet & Jasra 2012, Statistics and Computing
 * 22:1009-1020). With N particles and keep share alpha (N_a = alpha N):
 *   0. draw N parameter vectors from the prior, simulate, keep the N_a closest;
 *      tolerance eps_0 = the largest kept distance; weights 1;
 *   t. draw N - N_a new vectors: pick a kept particle by weight, move it with a
 *      Gaussian kernel of covariance 2 x the weighted covariance of the kept particles
 *      (Beaumont et al. 2009), truncated to the prior's support one component at a time
 *      (abc_kernel_draw: every move lands inside; rejecting whole moves outside it
 *      needed ~1e6 tries a particle with 38 parameters); simulate; weight each new
 *      vector by prior(theta) / q(theta), q(theta) = sum_j w_j K(theta | theta_j) with
 *      K the truncated kernel, whose normaliser is exact for each parent; the acceptance
 *      rate is the share of new vectors closer than eps_{t-1}; keep the N_a closest of
 *      old and new together; eps_t = the largest kept distance. Stop when the acceptance
 *      rate falls below min_acceptance or after max_generations.
 *   With weighting ABC_WEIGHTS_MIXTURE the weights of step t are instead recomputed for
 *   every kept particle against the mixture of all proposals so far (abc_weighting).
 * Every generation simulates a fixed number of vectors, so the cost is known in advance.
 *
 * Parameters live in "internal" coordinates: log(x) for a log-uniform prior (where
 * it is uniform), x otherwise, so the kernel moves scale parameters multiplicatively.
 *
 * Distance: summary statistics are grouped (e.g. the 36 monthly arrivals form one
 * group); each statistic is scaled by the median absolute deviation (x 1.4826) of its
 * values over generation 0's simulations (the prior predictive), as in Prangle (2017),
 * "Adapting the ABC distance function", Bayesian Analysis 12(1):289-309, and fixed
 * afterwards so tolerances stay comparable; then
 *     d = sum_g weight_g sqrt(mean_{k in g} ((s_k - o_k) / scale_k)^2).
 * A simulated statistic that is NaN where the observed one is not gives d = infinity.
 *
 * Reproducible: the random numbers of proposal i of generation t come from a Philox
 * stream keyed by (seed, t) at counter (ABC_RNG_PURPOSE, i); the simulator must make
 * its own randomness a function of (generation, index) only; ties in distance are
 * broken by position. So results are identical for any thread or process count.
 */
#ifndef CHANSIM_ABC_H
#define CHANSIM_ABC_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "sim/engine/rng.h"
#include "sim/engine/status.h"

/**
 * Purpose counter of the ABC's own streams (proposals; key (seed, generation), entity =
 * particle): in the experiments' range of sim/engine/rng.h, so no stream is shared with
 * the model's. Part of the reproducibility contract: never renumber.
 */
enum { ABC_RNG_PURPOSE = 1000 };

/**
 * Purpose counter of the posterior ensemble's resampling (`chansim calibrate`): key
 * (seed, 0); entity ABC_RESAMPLE_SYSTEMATIC gives the systematic resampling's one
 * uniform, entity ABC_RESAMPLE_SHUFFLE the shuffle of the draws. A purpose of its own,
 * so the draws depend on the seed and the final population only, not on the cap on
 * generations (they were keyed by generation cap + 1 and + 2 before, so raising the
 * cap would have changed them). Part of the reproducibility contract: never renumber.
 */
enum { ABC_RESAMPLE_RNG_PURPOSE = 1001, ABC_RESAMPLE_SYSTEMATIC = 0, ABC_RESAMPLE_SHUFFLE = 1 };

_Static_assert((int)ABC_RNG_PURPOSE >= (int)RNG_EXPERIMENTS_FIRST, "ABC proposals draw from the experiments' purposes");
_Static_assert((int)ABC_RESAMPLE_RNG_PURPOSE > (int)ABC_RNG_PURPOSE, "resampling has a purpose of its own");

/** Prior families. */
typedef enum {
    ABC_UNIFORM,    /**< uniform on [lo, hi] */
    ABC_LOGUNIFORM, /**< log-uniform on [lo, hi], 0 < lo */
    ABC_NORMAL,     /**< normal(mean, sd) truncated to [lo, hi] */
    ABC_PRIOR_KINDS
} abc_prior_kind;

/** Names of the families as written in configs: "uniform", "loguniform", "normal". */
extern const char *const abc_prior_kind_names[ABC_PRIOR_KINDS];

/** A prior of one parameter, in the parameter's unit. */
typedef struct {
    abc_prior_kind kind; /**< family */
    double lo;           /**< lower end of the support (finite) */
    double hi;           /**< upper end of the support (finite, > lo) */
    double mean;         /**< ABC_NORMAL: mean before truncation */
    double sd;           /**< ABC_NORMAL: standard deviation before truncation (> 0) */
} abc_prior;

/** Check a prior's arguments; message names `what` (e.g. "file:line: [priors] key"). */
sim_status abc_prior_check(const abc_prior *p, const char *what);

/** Internal coordinate of x: log(x) for log-uniform, x otherwise. */
double abc_to_internal(const abc_prior *p, double x);

/** Inverse of abc_to_internal. */
double abc_from_internal(const abc_prior *p, double u);

/** Log prior density in internal coordinates (normalised over the support); -INFINITY outside it. */
double abc_prior_logdensity(const abc_prior *p, double u);

/** One draw from the prior, in internal coordinates. */
double abc_prior_draw(const abc_prior *p, gsl_rng *r);

/**
 * The proposal kernel: a Gaussian with Cholesky factor L (lower triangular, row-major
 * [dim][dim], positive diagonal) about v, truncated to the box [lo, hi] (internal
 * coordinates) one component at a time: component a is normal with sd L[a][a] and mean
 * v_a + sum_{k<a} L[a][k] z_k given the standardised deviates z_k before it, restricted
 * to [lo_a, hi_a]. Every draw lands inside the box, with no rejection.
 * abc_kernel_draw writes the draw to u[dim] (z[dim] is scratch) and returns the log of
 * the kernel's mass inside the box along its path; abc_kernel_logdensity is its density
 * at u (z[dim] is scratch), -INFINITY outside the box.
 */
double abc_kernel_draw(const double *L, int dim, const double *lo, const double *hi, const double *v, gsl_rng *rng,
                       double *u, double *z);
double abc_kernel_logdensity(const double *L, int dim, const double *lo, const double *hi, const double *u,
                             const double *v, double *z);

/** What is fitted: the priors and the observed summary statistics with their groups. */
typedef struct {
    int dim;                    /**< parameters */
    const abc_prior *priors;    /**< [dim] */
    int nstats;                 /**< summary statistics */
    const double *observed;     /**< [nstats] observed values (NaN: statistic not used) */
    const int *stat_group;      /**< [nstats] group of each statistic, 0..ngroups-1 */
    int ngroups;                /**< statistic groups */
    const double *group_weight; /**< [ngroups] weight of each group in the distance, >= 0 */
} abc_problem;

/**
 * How the kept particles are weighted (`[calibration] weights`).
 *
 * ABC_WEIGHTS_GENERATION is Lenormand et al.'s rule: a particle keeps the weight of the
 * generation that drew it, prior / that generation's proposal density. In many
 * dimensions the later proposals are far narrower than the prior, so a particle drawn
 * early (weight near 1) that stays close outweighs the later ones (weights orders of
 * magnitude smaller): the effective sample collapses to the few early survivors (with
 * 34 parameters, to 2-3 of 750 in 24 generations; docs/calibration.md section 5).
 *
 * ABC_WEIGHTS_MIXTURE weighs every kept particle, whichever generation drew it, by
 * prior / the mixture of all proposals so far, each in proportion to the vectors it
 * drew: w(u) = prior(u) / sum_s (n_s / n) q_s(u), with q_0 the prior. This is the
 * deterministic-mixture (balance heuristic) weight of multiple importance sampling
 * (Veach & Guibas 1995, "Optimally combining sampling techniques for Monte Carlo
 * rendering", SIGGRAPH '95; Owen & Zhou 2000, JASA 95:135-143), as in adaptive
 * multiple importance sampling (Cornuet, Marin, Mira & Robert 2012, Scand. J. Stat.
 * 39:798-812). It is valid here because the kept set is exactly every vector ever
 * simulated that is within the tolerance (each generation keeps the closest of the
 * previous kept and the new), so the kept particles are all the draws of the mixture
 * that pass the indicator; an early survivor's weight is then bounded by n / n_0.
 */
typedef enum {
    ABC_WEIGHTS_GENERATION, /**< prior / the drawing generation's proposal (Lenormand et al. 2013) */
    ABC_WEIGHTS_MIXTURE,    /**< prior / the mixture of every generation's proposal */
    ABC_WEIGHTINGS
} abc_weighting;

/** Names of the weightings as written in configs: "generation", "mixture". */
extern const char *const abc_weighting_names[ABC_WEIGHTINGS];

/** Tuning of the sampler. */
typedef struct {
    int particles;          /**< N: population simulated in generation 0; N - N_a per later generation */
    double keep_share;      /**< alpha: share of the population kept (0 < alpha < 1) */
    int max_generations;    /**< generations after generation 0 (0: rejection ABC only) */
    double min_acceptance;  /**< stop when a generation's acceptance rate falls below this, probability */
    uint32_t seed;          /**< seed of the sampler's streams */
    abc_weighting weighting; /**< how kept particles are weighted (0: ABC_WEIGHTS_GENERATION) */
} abc_options;

/**
 * Simulate `n` parameter vectors of `generation` (vector i is [i*dim .. i*dim+dim-1],
 * in the parameters' own units) and write their summary statistics to
 * stats[i*nstats .. ]. All randomness must depend only on (generation, i). A vector
 * the model refuses (e.g. a broken cross-parameter rule) gets NaN statistics.
 */
typedef sim_status (*abc_simulate_fn)(void *ctx, int generation, int n, const double *theta, double *stats);

/** What one generation did. */
typedef struct {
    int generation;     /**< 0, 1, ... */
    int simulations;    /**< parameter vectors simulated */
    double epsilon;     /**< tolerance after the generation (largest kept distance) */
    double acceptance;  /**< share of new vectors closer than the previous tolerance (1 for generation 0) */
    double ess;         /**< effective sample size of the kept weights */
    double inside;      /**< mean over the proposals of the kernel's mass inside the prior's support along each draw (the chance
                             an untruncated move would have stayed inside; 1 for generation 0), probability */
} abc_generation;

/** Called after each generation (progress display). */
typedef void (*abc_progress_fn)(void *ctx, const abc_generation *g, int max_generations);

/** The sampler's output. All arrays owned. */
typedef struct {
    int dim;               /**< parameters */
    int nstats;            /**< statistics */
    int kept;              /**< N_a: particles in each population */
    int generations;       /**< populations produced (generation 0 included) */
    int stopped_on_acceptance; /**< 1 if the acceptance rule stopped it, 0 if max_generations did */
    abc_generation *history;   /**< [generations] */
    double *theta;         /**< [kept][dim] final population, parameters' units */
    double *weight;        /**< [kept] normalised weights (sum 1) */
    double *distance;      /**< [kept] distances */
    double *stats;         /**< [kept][nstats] each kept particle's statistics (posterior predictive) */
    double *scale;         /**< [nstats] distance scales (MAD of generation 0) */
    double *pop_theta;     /**< [generations][kept][dim] every population */
    double *pop_weight;    /**< [generations][kept] */
    double *pop_distance;  /**< [generations][kept] */
    int total_simulations; /**< parameter vectors simulated in all */
} abc_result;

/**
 * Run the sampler. Errors: bad options or problem (SIM_ERR_CONFIG / SIM_ERR_INTERNAL),
 * a failing simulator (its status), proposals that never fall inside the prior.
 */
sim_status abc_run(const abc_problem *pb, const abc_options *o, abc_simulate_fn simulate, void *sim_ctx,
                   abc_progress_fn progress, void *progress_ctx, abc_result **out);

/** Free; sets *r to NULL. Safe on NULL. */
void abc_result_destroy(abc_result **r);

/**
 * Weighted quantile of x[0], x[stride], ... (n values, weights w[0..n-1] >= 0, not all 0):
 * the smallest value whose cumulative normalised weight reaches q (inverse of the
 * weighted empirical CDF). NaN when n is 0.
 */
double abc_weighted_quantile(const double *x, size_t stride, const double *w, size_t n, double q);

/** The distance of statistics s to the observed ones (see the file comment). */
double abc_distance(const abc_problem *pb, const double *scale, const double *s);

/** Median absolute deviation x 1.4826 of the finite values among x[0], x[stride], ...; NaN if none. */
double abc_mad(const double *x, size_t stride, size_t n);

/**
 * A final population whose effective sample size (Kish: 1 / sum w^2) is below this share
 * of its particles rests on a handful of them: its medians, intervals and ensemble draws
 * repeat those few. 0.1 is well below N/2, where ABC-SMC samplers already resample
 * (Del Moral, Doucet & Jasra 2012, Statistics and Computing 22:1009-1020).
 */
#define ABC_ESS_WARN_SHARE 0.1

/**
 * Warn (sim_warn) if the final population's effective sample size is below
 * ABC_ESS_WARN_SHARE of the kept particles or below 2; `what` names the calibration.
 * Returns 1 if it warned.
 */
int abc_warn_degenerate(const abc_result *r, const char *what);

#endif
