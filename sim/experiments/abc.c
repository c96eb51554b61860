/**
 * @file abc.c
 * @brief Adaptive population Monte Carlo ABC (Lenormand, Jabot & Deffuant 2013, after
 *        Beaumont et al. 2009); see abc.h for the algorithm and its references.
 */
#include "sim/experiments/abc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "sim/engine/rng.h"

const char *const abc_prior_kind_names[ABC_PRIOR_KINDS] = {"uniform", "loguniform", "normal"};

const char *const abc_weighting_names[ABC_WEIGHTINGS] = {"generation", "mixture"};

sim_status abc_prior_check(const abc_prior *p, const char *what)
{
    if (p->kind < 0 || p->kind >= ABC_PRIOR_KINDS) return SIM_FAIL(SIM_ERR_CONFIG, "%s: unknown prior family", what);
    if (!isfinite(p->lo) || !isfinite(p->hi) || !(p->lo < p->hi))
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: the prior needs finite bounds with low < high (got %g, %g)", what, p->lo,
                        p->hi);
    if (p->kind == ABC_LOGUNIFORM && !(p->lo > 0))
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: a log-uniform prior needs a low bound > 0 (got %g)", what, p->lo);
    if (p->kind == ABC_NORMAL && (!isfinite(p->mean) || !isfinite(p->sd) || !(p->sd > 0)))
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: a normal prior needs a finite mean and sd > 0 (got %g, %g)", what,
                        p->mean, p->sd);
    return SIM_OK;
}

double abc_to_internal(const abc_prior *p, double x) { return p->kind == ABC_LOGUNIFORM ? log(x) : x; }

double abc_from_internal(const abc_prior *p, double u) { return p->kind == ABC_LOGUNIFORM ? exp(u) : u; }

double abc_prior_logdensity(const abc_prior *p, double u)
{
    double x = abc_from_internal(p, u);
    if (!(x >= p->lo && x <= p->hi)) return -INFINITY;
    if (p->kind == ABC_NORMAL) {
        double z = (x - p->mean) / p->sd;
        double mass = gsl_cdf_ugaussian_P((p->hi - p->mean) / p->sd) - gsl_cdf_ugaussian_P((p->lo - p->mean) / p->sd);
        return -0.5 * z * z - log(p->sd * sqrt(2.0 * M_PI) * mass);
    }
    /* Uniform in internal coordinates (log-uniform is uniform in log x). */
    return -log(abc_to_internal(p, p->hi) - abc_to_internal(p, p->lo));
}

/* Inside prior a's support: the test of abc_prior_logdensity without its density. */
static int inside_prior(const abc_prior *p, double u)
{
    double x = abc_from_internal(p, u);
    return x >= p->lo && x <= p->hi;
}

double abc_prior_draw(const abc_prior *p, gsl_rng *r)
{
    double v = gsl_rng_uniform_pos(r);
    switch (p->kind) {
    case ABC_LOGUNIFORM: return log(p->lo) + v * (log(p->hi) - log(p->lo));
    case ABC_NORMAL: {
        /* Inverse CDF on the truncated range: one uniform per draw, no rejection loop. */
        double a = gsl_cdf_ugaussian_P((p->lo - p->mean) / p->sd);
        double b = gsl_cdf_ugaussian_P((p->hi - p->mean) / p->sd);
        double x = p->mean + p->sd * gsl_cdf_ugaussian_Pinv(a + v * (b - a));
        return x < p->lo ? p->lo : x > p->hi ? p->hi : x;
    }
    default: return p->lo + v * (p->hi - p->lo);
    }
}

/* ---------------------------------------------------------------------------
 * Statistics helpers
 * ------------------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double abc_mad(const double *x, size_t stride, size_t n)
{
    double *v = malloc((n ? n : 1) * sizeof *v);
    if (!v) return NAN;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i * stride])) v[k++] = x[i * stride];
    if (k == 0) {
        free(v);
        return NAN;
    }
    qsort(v, k, sizeof *v, cmp_double);
    double med = k % 2 ? v[k / 2] : 0.5 * (v[k / 2 - 1] + v[k / 2]);
    for (size_t i = 0; i < k; i++) v[i] = fabs(v[i] - med);
    qsort(v, k, sizeof *v, cmp_double);
    double mad = k % 2 ? v[k / 2] : 0.5 * (v[k / 2 - 1] + v[k / 2]);
    free(v);
    return 1.4826 * mad;
}

typedef struct {
    double x;
    double w;
    size_t i;
} wpoint;

static int cmp_wpoint(const void *a, const void *b)
{
    const wpoint *p = a, *q = b;
    if (p->x != q->x) return (p->x > q->x) - (p->x < q->x);
    return (p->i > q->i) - (p->i < q->i);
}

double abc_weighted_quantile(const double *x, size_t stride, const double *w, size_t n, double q)
{
    if (n == 0) return NAN;
    wpoint *v = malloc(n * sizeof *v);
    if (!v) return NAN;
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        v[i] = (wpoint){x[i * stride], w[i], i};
        total += w[i];
    }
    qsort(v, n, sizeof *v, cmp_wpoint);
    double cum = 0, out = v[n - 1].x;
    for (size_t i = 0; i < n; i++) {
        cum += v[i].w / total;
        /* A relative slack so that q = 0.5 of two equal weights picks the first. */
        if (cum >= q - 1e-12) {
            out = v[i].x;
            break;
        }
    }
    free(v);
    return out;
}

double abc_distance(const abc_problem *pb, const double *scale, const double *s)
{
    double total = 0;
    for (int g = 0; g < pb->ngroups; g++) {
        double sum = 0;
        int count = 0;
        for (int k = 0; k < pb->nstats; k++) {
            if (pb->stat_group[k] != g || isnan(pb->observed[k])) continue;
            if (!isfinite(s[k])) return INFINITY;
            double z = (s[k] - pb->observed[k]) / scale[k];
            sum += z * z;
            count++;
        }
        if (count > 0 && pb->group_weight[g] > 0) total += pb->group_weight[g] * sqrt(sum / count);
    }
    return total;
}

/* ---------------------------------------------------------------------------
 * The sampler
 * ------------------------------------------------------------------------- */

/** A pool of particles in internal coordinates with their statistics. */
typedef struct {
    double *u;     /* [n][dim] internal coordinates */
    double *w;     /* [n] weights */
    double *d;     /* [n] distances */
    double *s;     /* [n][nstats] statistics */
    double *lmix;  /* [n] ABC_WEIGHTS_MIXTURE: log sum_s n_s q_s(u) over the proposals so far */
} pool;

static sim_status pool_alloc(pool *p, int n, int dim, int nstats)
{
    p->u = calloc((size_t)n * dim, sizeof *p->u);
    p->w = calloc((size_t)n, sizeof *p->w);
    p->d = calloc((size_t)n, sizeof *p->d);
    p->s = calloc((size_t)n * (nstats ? nstats : 1), sizeof *p->s);
    p->lmix = calloc((size_t)n, sizeof *p->lmix);
    if (!p->u || !p->w || !p->d || !p->s || !p->lmix) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory for %d ABC particles", n);
    return SIM_OK;
}

static void pool_free(pool *p)
{
    free(p->u);
    free(p->w);
    free(p->d);
    free(p->s);
    free(p->lmix);
    *p = (pool){0};
}

/* Copy particle i of `from` to slot j of `to`. */
static void pool_copy(pool *to, int j, const pool *from, int i, int dim, int nstats)
{
    memcpy(to->u + (size_t)j * dim, from->u + (size_t)i * dim, (size_t)dim * sizeof(double));
    memcpy(to->s + (size_t)j * nstats, from->s + (size_t)i * nstats, (size_t)nstats * sizeof(double));
    to->w[j] = from->w[i];
    to->d[j] = from->d[i];
    to->lmix[j] = from->lmix[i];
}

typedef struct {
    double d;
    int i;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked *p = a, *q = b;
    if (p->d != q->d) return (p->d > q->d) - (p->d < q->d);
    return (p->i > q->i) - (p->i < q->i);
}

/*
 * Cholesky factor L (lower, row-major [dim][dim]) of 2 x the weighted covariance of the
 * kept particles. A degenerate direction (all particles equal in it) gets a small
 * variance relative to the prior's width, so the kernel can still move there.
 */
static void kernel_factor(const abc_problem *pb, const pool *kept, int n, double *L)
{
    int dim = pb->dim;
    double *mean = calloc((size_t)dim, sizeof *mean), *cov = calloc((size_t)dim * dim, sizeof *cov);
    double wsum = 0, w2 = 0;
    if (!mean || !cov) goto done; /* L stays as given (zeroed): the caller checks */
    for (int i = 0; i < n; i++) wsum += kept->w[i];
    for (int i = 0; i < n; i++) {
        double w = kept->w[i] / wsum;
        w2 += w * w;
        for (int a = 0; a < dim; a++) mean[a] += w * kept->u[(size_t)i * dim + a];
    }
    for (int i = 0; i < n; i++) {
        double w = kept->w[i] / wsum;
        for (int a = 0; a < dim; a++)
            for (int b = 0; b <= a; b++)
                cov[a * dim + b] += w * (kept->u[(size_t)i * dim + a] - mean[a]) * (kept->u[(size_t)i * dim + b] - mean[b]);
    }
    /* Unbiased weighted covariance, then Beaumont et al.'s factor 2. */
    double unbias = w2 < 1 ? 1.0 / (1.0 - w2) : 1.0;
    for (int a = 0; a < dim; a++) {
        double width = abc_to_internal(&pb->priors[a], pb->priors[a].hi) - abc_to_internal(&pb->priors[a], pb->priors[a].lo);
        double floor = 1e-6 * width * width;
        for (int b = 0; b <= a; b++) cov[a * dim + b] *= 2.0 * unbias;
        if (!(cov[a * dim + a] > floor)) cov[a * dim + a] = floor;
    }
    /* Cholesky by hand (dim is small); a non-positive pivot drops the correlations. */
    for (int pass = 0; pass < 2; pass++) {
        int ok = 1;
        memset(L, 0, (size_t)dim * dim * sizeof *L);
        for (int a = 0; a < dim && ok; a++) {
            for (int b = 0; b <= a; b++) {
                double s = cov[a * dim + b];
                for (int k = 0; k < b; k++) s -= L[a * dim + k] * L[b * dim + k];
                if (a == b) {
                    if (!(s > 0)) {
                        ok = 0;
                        break;
                    }
                    L[a * dim + a] = sqrt(s);
                } else {
                    L[a * dim + b] = s / L[b * dim + b];
                }
            }
        }
        if (ok) break;
        for (int a = 0; a < dim; a++)
            for (int b = 0; b < a; b++) cov[a * dim + b] = 0;
    }
done:
    free(mean);
    free(cov);
}

/* Beyond this many standard deviations, where Q(z) underflows, the normal tail is taken
 * as an exponential one (Mills ratio, relative error ~1/z^2 < 0.1%). */
#define ABC_TAIL_Z 37.0

/* log of the standard normal mass on [alpha, beta] (alpha < beta), accurate in either
 * tail: upper-tail probabilities Q for an interval right of 0, mirrored for one left. */
static double trunc_logmass(double alpha, double beta)
{
    if (beta <= 0) {
        double a = -beta;
        beta = -alpha;
        alpha = a;
    }
    if (alpha >= ABC_TAIL_Z) /* Q(z) ~ phi(z) / z, and the mass decays as exp(-alpha (z - alpha)) */
        return -0.5 * alpha * alpha - 0.5 * log(2.0 * M_PI) - log(alpha) + log1p(-exp(-alpha * (beta - alpha)));
    double mass = alpha >= 0 ? gsl_cdf_ugaussian_Q(alpha) - gsl_cdf_ugaussian_Q(beta)
                             : 1.0 - gsl_cdf_ugaussian_P(alpha) - gsl_cdf_ugaussian_Q(beta);
    return log(mass);
}

/* A standard normal deviate truncated to [alpha, beta], by inversion of the CDF (one
 * uniform, no rejection), on the side of 0 where the interval's probabilities are
 * accurate; the exponential tail beyond ABC_TAIL_Z. */
static double trunc_draw(gsl_rng *rng, double alpha, double beta)
{
    double sign = 1;
    if (beta <= 0) {
        double a = -beta;
        beta = -alpha;
        alpha = a;
        sign = -1;
    }
    double v = gsl_rng_uniform_pos(rng), z;
    if (alpha >= ABC_TAIL_Z) {
        z = alpha - log1p(-v * -expm1(-alpha * (beta - alpha))) / alpha;
    } else if (alpha >= 0) {
        double qa = gsl_cdf_ugaussian_Q(alpha), qb = gsl_cdf_ugaussian_Q(beta);
        z = gsl_cdf_ugaussian_Qinv(qb + v * (qa - qb));
    } else {
        double pa = gsl_cdf_ugaussian_P(alpha), pb = gsl_cdf_ugaussian_P(beta);
        z = gsl_cdf_ugaussian_Pinv(pa + v * (pb - pa));
    }
    z = z < alpha ? alpha : z > beta ? beta : z; /* rounding at the ends */
    return sign * z;
}

/* The density of the kernel (abc.h): the untruncated Gaussian density over the product
 * of the conditional masses inside the box, each a function of u and v alone. */
double abc_kernel_logdensity(const double *L, int dim, const double *lo, const double *hi, const double *u,
                             const double *v, double *z)
{
    double q = 0, logdet = 0, logmass = 0;
    for (int a = 0; a < dim; a++) {
        if (!(u[a] >= lo[a] && u[a] <= hi[a])) return -INFINITY;
        const double sd = L[a * dim + a];
        double s = u[a] - v[a];
        for (int k = 0; k < a; k++) s -= L[a * dim + k] * z[k];
        z[a] = s / sd;
        q += z[a] * z[a];
        logdet += log(sd);
        const double m = u[a] - s; /* component a's conditional mean */
        logmass += trunc_logmass((lo[a] - m) / sd, (hi[a] - m) / sd);
    }
    return -0.5 * q - logdet - 0.5 * dim * log(2.0 * M_PI) - logmass;
}

double abc_kernel_draw(const double *L, int dim, const double *lo, const double *hi, const double *v, gsl_rng *rng,
                       double *u, double *z)
{
    double logmass = 0;
    for (int a = 0; a < dim; a++) {
        const double sd = L[a * dim + a];
        double m = v[a];
        for (int k = 0; k < a; k++) m += L[a * dim + k] * z[k];
        const double alpha = (lo[a] - m) / sd, beta = (hi[a] - m) / sd;
        logmass += trunc_logmass(alpha, beta);
        double x = m + sd * trunc_draw(rng, alpha, beta);
        u[a] = x < lo[a] ? lo[a] : x > hi[a] ? hi[a] : x; /* rounding at the ends */
        z[a] = (u[a] - m) / sd;                            /* as abc_kernel_logdensity recovers it */
    }
    return logmass;
}

static double log_prior(const abc_problem *pb, const double *u)
{
    double s = 0;
    for (int a = 0; a < pb->dim; a++) s += abc_prior_logdensity(&pb->priors[a], u[a]);
    return s;
}

/* Simulate n particles of `gen` held in internal coordinates in p (from slot `first`). */
static sim_status simulate(const abc_problem *pb, abc_simulate_fn fn, void *ctx, int gen, pool *p, int first, int n,
                           double *theta)
{
    for (int i = 0; i < n; i++)
        for (int a = 0; a < pb->dim; a++)
            theta[(size_t)i * pb->dim + a] = abc_from_internal(&pb->priors[a], p->u[(size_t)(first + i) * pb->dim + a]);
    SIM_CHECK(fn(ctx, gen, n, theta, p->s + (size_t)first * pb->nstats));
    return SIM_OK;
}

static sim_status check_problem(const abc_problem *pb, const abc_options *o)
{
    if (!pb || !o || pb->dim < 1 || pb->nstats < 1 || pb->ngroups < 1 || !pb->priors || !pb->observed ||
        !pb->stat_group || !pb->group_weight)
        return SIM_FAIL(SIM_ERR_INTERNAL, "abc_run: incomplete problem");
    if (o->particles < 4) return SIM_FAIL(SIM_ERR_CONFIG, "ABC needs at least 4 particles (got %d)", o->particles);
    if (!(o->keep_share > 0 && o->keep_share < 1))
        return SIM_FAIL(SIM_ERR_CONFIG, "ABC keep share must be between 0 and 1 (got %g)", o->keep_share);
    int kept = (int)floor(o->keep_share * o->particles);
    if (kept < 2 || kept >= o->particles)
        return SIM_FAIL(SIM_ERR_CONFIG, "ABC keeps %d of %d particles: need at least 2 kept and 1 new per generation",
                        kept, o->particles);
    if (o->max_generations < 0) return SIM_FAIL(SIM_ERR_CONFIG, "ABC generations must be >= 0");
    if ((int)o->weighting < 0 || (int)o->weighting >= ABC_WEIGHTINGS)
        return SIM_FAIL(SIM_ERR_CONFIG, "ABC weighting %d unknown", (int)o->weighting);
    for (int k = 0; k < pb->nstats; k++)
        if (pb->stat_group[k] < 0 || pb->stat_group[k] >= pb->ngroups)
            return SIM_FAIL(SIM_ERR_INTERNAL, "abc_run: statistic %d has no valid group", k);
    for (int a = 0; a < pb->dim; a++) SIM_CHECK(abc_prior_check(&pb->priors[a], "ABC prior"));
    return SIM_OK;
}

/* Keep the `kept` closest of pool `all` (n particles) in `out`; return the tolerance. */
static double select_kept(const pool *all, int n, pool *out, int kept, int dim, int nstats, ranked *rank)
{
    for (int i = 0; i < n; i++) rank[i] = (ranked){all->d[i], i};
    qsort(rank, (size_t)n, sizeof *rank, cmp_ranked);
    for (int j = 0; j < kept; j++) pool_copy(out, j, all, rank[j].i, dim, nstats);
    return rank[kept - 1].d;
}

static double ess_of(const double *w, int n)
{
    double s = 0, s2 = 0;
    for (int i = 0; i < n; i++) {
        s += w[i];
        s2 += w[i] * w[i];
    }
    return s2 > 0 ? s * s / s2 : 0;
}

static void normalise(double *w, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) s += w[i];
    if (s > 0)
        for (int i = 0; i < n; i++) w[i] /= s;
}

/* Append the kept population to the result's history. */
static void record_population(abc_result *r, const pool *kept, const abc_generation *g)
{
    int t = r->generations++, dim = r->dim, n = r->kept;
    double wsum = 0;
    for (int i = 0; i < n; i++) wsum += kept->w[i];
    r->history[t] = *g;
    for (int i = 0; i < n; i++) {
        for (int a = 0; a < dim; a++) r->pop_theta[((size_t)t * n + i) * dim + a] = kept->u[(size_t)i * dim + a];
        r->pop_weight[(size_t)t * n + i] = kept->w[i] / wsum;
        r->pop_distance[(size_t)t * n + i] = kept->d[i];
    }
}

/** One abc_run: the problem, the options, the pools and the workspace. */
typedef struct {
    const abc_problem *pb;
    const abc_options *o;
    abc_simulate_fn fn;
    void *ctx;
    abc_progress_fn progress;
    void *progress_ctx;
    int N, K, M, dim, ns; /* particles, kept, new per generation, parameters, statistics */
    pool all;             /* a generation's N particles: the K kept first, then the M new */
    pool kept;            /* the K closest */
    double *theta;        /* [N][dim] parameters in external coordinates, for fn */
    double *L;            /* [dim][dim] Cholesky factor of the kernel */
    double *lo, *hi;      /* [dim] the priors' supports in internal coordinates */
    double *cum;          /* [K] cumulative weights of the kept particles, for picking parents */
    double *logmass;      /* [M] log kernel mass inside the support along each proposal's path */
    ranked *rank;         /* [N] the pool ordered by distance */
    /* ABC_WEIGHTS_MIXTURE: proposal s = 1..t of every generation so far (s = 0 is the
     * prior), kept because a new particle is weighed against all of them */
    double *prop_u;       /* [G][K][dim] centres of proposal s at s - 1 */
    double *prop_lw;      /* [G][K] log normalised weights of the centres */
    double *prop_L;       /* [G][dim][dim] Cholesky factors of the kernels */
    double *inside;       /* [G] mean over generation t's proposals of exp(logmass) (1 for t = 0) */
    gsl_rng *rng;
    abc_result *r;        /* the result being built */
} sampler;

/* The result's history arrays and the sampler's workspace; sm->r must be allocated. */
static sim_status sampler_alloc(sampler *sm, int G)
{
    abc_result *r = sm->r;
    const int N = sm->N, K = sm->K, dim = sm->dim, ns = sm->ns;
    sim_status st = pool_alloc(&sm->all, N, dim, ns);
    if (st == SIM_OK) st = pool_alloc(&sm->kept, K, dim, ns);
    r->history = calloc((size_t)G, sizeof *r->history);
    r->pop_theta = calloc((size_t)G * K * dim, sizeof(double));
    r->pop_weight = calloc((size_t)G * K, sizeof(double));
    r->pop_distance = calloc((size_t)G * K, sizeof(double));
    r->scale = calloc((size_t)ns, sizeof(double));
    sm->theta = calloc((size_t)N * dim, sizeof *sm->theta);
    sm->L = calloc((size_t)dim * dim, sizeof *sm->L);
    sm->lo = calloc((size_t)dim, sizeof *sm->lo);
    sm->hi = calloc((size_t)dim, sizeof *sm->hi);
    sm->logmass = calloc((size_t)(sm->M > 0 ? sm->M : 1), sizeof *sm->logmass);
    sm->cum = calloc((size_t)K, sizeof *sm->cum);
    sm->rank = calloc((size_t)N, sizeof *sm->rank);
    sm->inside = calloc((size_t)G, sizeof *sm->inside);
    if (st == SIM_OK && (!r->history || !r->pop_theta || !r->pop_weight || !r->pop_distance || !r->scale ||
                         !sm->theta || !sm->L || !sm->lo || !sm->hi || !sm->logmass || !sm->cum ||
                         !sm->rank || !sm->inside))
        st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory for the ABC sampler");
    if (st == SIM_OK) {
        for (int a = 0; a < dim; a++) { /* log then exp can round outside: step inwards */
            const abc_prior *p = &sm->pb->priors[a];
            sm->lo[a] = abc_to_internal(p, p->lo);
            sm->hi[a] = abc_to_internal(p, p->hi);
            while (!inside_prior(p, sm->lo[a])) sm->lo[a] = nextafter(sm->lo[a], INFINITY);
            while (!inside_prior(p, sm->hi[a])) sm->hi[a] = nextafter(sm->hi[a], -INFINITY);
        }
        sm->inside[0] = 1.0;
    }
    if (st == SIM_OK && sm->o->weighting == ABC_WEIGHTS_MIXTURE && G > 1) {
        sm->prop_u = malloc((size_t)(G - 1) * K * dim * sizeof *sm->prop_u);
        sm->prop_lw = malloc((size_t)(G - 1) * K * sizeof *sm->prop_lw);
        sm->prop_L = malloc((size_t)(G - 1) * dim * dim * sizeof *sm->prop_L);
        if (!sm->prop_u || !sm->prop_lw || !sm->prop_L)
            st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory for %d ABC proposals of %d particles", G - 1, K);
    }
    if (st == SIM_OK) st = rng_stream_create(&sm->rng);
    return st;
}

/* The workspace (not the result). */
static void sampler_free(sampler *sm)
{
    rng_stream_destroy(&sm->rng);
    pool_free(&sm->all);
    pool_free(&sm->kept);
    free(sm->theta);
    free(sm->L);
    free(sm->lo);
    free(sm->hi);
    free(sm->logmass);
    free(sm->cum);
    free(sm->rank);
    free(sm->prop_u);
    free(sm->prop_lw);
    free(sm->prop_L);
    free(sm->inside);
}

/* log(e^a + e^b) without overflow. */
static double log_add(double a, double b)
{
    if (a < b) {
        double c = a;
        a = b;
        b = c;
    }
    return a == -INFINITY ? a : a + log1p(exp(b - a));
}

/* log q_s(u), the density of generation s's proposal (s >= 1): the mixture of truncated
 * kernels sum_i c_i K_s(u | centre_i) by a running log-sum-exp. */
static double proposal_log(const sampler *sm, int s, const double *u, double *tmp)
{
    const int K = sm->K, dim = sm->dim;
    const double *L = sm->prop_L + (size_t)(s - 1) * dim * dim;
    const double *centre = sm->prop_u + (size_t)(s - 1) * K * dim;
    const double *lw = sm->prop_lw + (size_t)(s - 1) * K;
    double top = -INFINITY, sum = 0;
    for (int i = 0; i < K; i++) {
        if (lw[i] == -INFINITY) continue;
        double x = lw[i] + abc_kernel_logdensity(L, dim, sm->lo, sm->hi, u, centre + (size_t)i * dim, tmp);
        if (x <= top) {
            sum += exp(x - top);
        } else {
            sum = sum * exp(top - x) + 1.0;
            top = x;
        }
    }
    return top + log(sum);
}

/*
 * ABC_WEIGHTS_MIXTURE after generation t's selection: each kept particle's log mixture
 * density log sum_s n_s q_s(u) (n_0 = N prior draws, n_s = M for s >= 1), updated with
 * q_t for particles kept before and computed over every proposal for the new ones, and
 * its weight prior(u) / that density (relative to the largest, so it stays finite).
 * Each particle's sum is its own, in a fixed order, so any thread count gives the same.
 */
static sim_status mixture_reweigh(sampler *sm, int t)
{
    const int K = sm->K, dim = sm->dim;
    const double log_m = log((double)sm->M), log_n0 = log((double)sm->N);
    int nomem = 0;
#ifdef _OPENMP
#pragma omp parallel
#endif
    {
        double *tmp = malloc((size_t)dim * sizeof *tmp);
        if (!tmp) {
#ifdef _OPENMP
#pragma omp atomic write
#endif
            nomem = 1;
        }
#ifdef _OPENMP
#pragma omp for schedule(dynamic, 4)
#endif
        for (int j = 0; j < K; j++) {
            if (!tmp) continue;
            const double *u = sm->kept.u + (size_t)j * dim;
            double l;
            if (sm->rank[j].i >= K) { /* drawn in generation t: against every proposal */
                l = log_n0 + log_prior(sm->pb, u);
                for (int s = 1; s <= t; s++) l = log_add(l, log_m + proposal_log(sm, s, u, tmp));
            } else {
                l = log_add(sm->kept.lmix[j], log_m + proposal_log(sm, t, u, tmp));
            }
            sm->kept.lmix[j] = l;
        }
        free(tmp);
    }
    if (nomem) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory weighing the ABC particles");
    double top = -INFINITY;
    for (int j = 0; j < K; j++) {
        sm->kept.w[j] = log_prior(sm->pb, sm->kept.u + (size_t)j * dim) - sm->kept.lmix[j]; /* log weight for now */
        if (sm->kept.w[j] > top) top = sm->kept.w[j];
    }
    for (int j = 0; j < K; j++) sm->kept.w[j] = exp(sm->kept.w[j] - top);
    return SIM_OK;
}

/* Keep the closest of the pool, reweigh them if the weighting asks, record the
 * population and report it. */
static sim_status close_generation(sampler *sm, int t, int simulated, double acceptance)
{
    double eps = select_kept(&sm->all, sm->N, &sm->kept, sm->K, sm->dim, sm->ns, sm->rank);
    if (t > 0 && sm->o->weighting == ABC_WEIGHTS_MIXTURE) SIM_CHECK(mixture_reweigh(sm, t));
    abc_generation g = {t, simulated, eps, acceptance, ess_of(sm->kept.w, sm->K), sm->inside[t]};
    record_population(sm->r, &sm->kept, &g);
    sm->r->total_simulations += simulated;
    if (sm->progress) sm->progress(sm->progress_ctx, &g, sm->o->max_generations);
    return SIM_OK;
}

/* Generation 0: N draws from the prior; their statistics set the distance scales. */
static sim_status first_generation(sampler *sm)
{
    const abc_problem *pb = sm->pb;
    const int N = sm->N, dim = sm->dim, ns = sm->ns;
    for (int i = 0; i < N; i++) {
        rng_seek(sm->rng, (rng_key){sm->o->seed, 0}, ABC_RNG_PURPOSE, (uint32_t)i, 0);
        for (int a = 0; a < dim; a++) sm->all.u[(size_t)i * dim + a] = abc_prior_draw(&pb->priors[a], sm->rng);
        sm->all.w[i] = 1.0;
        sm->all.lmix[i] = log((double)N) + log_prior(pb, sm->all.u + (size_t)i * dim);
    }
    SIM_CHECK(simulate(pb, sm->fn, sm->ctx, 0, &sm->all, 0, N, sm->theta));
    for (int k = 0; k < ns; k++) {
        double s = abc_mad(sm->all.s + k, (size_t)ns, (size_t)N);
        /* A statistic the prior cannot move: fall back to its observed size. */
        if (!(s > 0) || !isfinite(s)) s = fabs(pb->observed[k]) > 0 ? fabs(pb->observed[k]) : 1.0;
        sm->r->scale[k] = s;
    }
    for (int i = 0; i < N; i++) sm->all.d[i] = abc_distance(pb, sm->r->scale, sm->all.s + (size_t)i * ns);
    return close_generation(sm, 0, N, 1.0);
}

/*
 * New particle j of generation t: a kept parent (by weight) moved by the kernel
 * truncated to the prior's support one component at a time (kernel_log), so every
 * move lands inside: no rejection. Rejecting whole moves outside the support needed
 * ~10^6 tries a particle with 38 parameters (each stays inside a prior with a chance of
 * ~0.7) and failed outright at 10^7. The kernel's Cholesky factor is lower triangular,
 * so component a's conditional mean needs only the deviates before it. Its own stream
 * (seed, t; j), so proposals can be drawn in any order or thread. The parent is found by
 * bisection of the cumulative weights `cum` (the first with pick < cum[i], as a linear
 * scan would). Returns the log of the kernel's mass inside the support along the path
 * (the sum of the conditional masses' logs), for the diagnostic.
 */
static double propose(const sampler *sm, int t, int j, const double *cum, gsl_rng *rng, double *tmp)
{
    const int K = sm->K, dim = sm->dim;
    double *u = sm->all.u + (size_t)(K + j) * dim;
    rng_seek(rng, (rng_key){sm->o->seed, (uint32_t)t}, ABC_RNG_PURPOSE, (uint32_t)j, 0);
    double pick = gsl_rng_uniform(rng) * cum[K - 1]; /* weights are unnormalised */
    int lo = 0, hi = K - 1;                          /* the answer is in [lo, hi]; K - 1 if none */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (pick < cum[mid]) hi = mid;
        else lo = mid + 1;
    }
    const double *parent = sm->kept.u + (size_t)lo * dim;
    double logmass = abc_kernel_draw(sm->L, dim, sm->lo, sm->hi, parent, rng, u, tmp);
    /* The box's ends are inside the priors (sampler_alloc); this is a guard. */
    for (int a = 0; a < dim; a++)
        while (!inside_prior(&sm->pb->priors[a], u[a])) u[a] = nextafter(u[a], parent[a]);
    return logmass;
}

/* The generation's M proposals, in parallel (each has its own stream, so the result is
 * the same for any thread count), and the mean of their masses inside the support. */
static sim_status propose_all(sampler *sm, int t, const double *cum)
{
    const int M = sm->M, dim = sm->dim;
    int nomem = 0;
#ifdef _OPENMP
#pragma omp parallel
#endif
    {
        gsl_rng *rng = NULL;
        double *tmp = malloc((size_t)dim * sizeof *tmp);
        int ok = tmp != NULL && rng_stream_create(&rng) == SIM_OK;
#ifdef _OPENMP
#pragma omp for schedule(dynamic, 4)
#endif
        for (int j = 0; j < M; j++)
            if (ok) sm->logmass[j] = propose(sm, t, j, cum, rng, tmp);
        if (!ok) {
#ifdef _OPENMP
#pragma omp atomic write
#endif
            nomem = 1;
        }
        rng_stream_destroy(&rng);
        free(tmp);
    }
    if (nomem) {
        sim_error_clear();
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory for the ABC proposals");
    }
    double mean = 0; /* summed in order: the same for any thread count */
    for (int j = 0; j < M; j++) mean += exp(sm->logmass[j]);
    sm->inside[t] = mean / M;
    return SIM_OK;
}

/* Distances and importance weights of the new particles, in parallel (each particle's
 * sums are its own, in a fixed order: any thread count gives the same bits); *closer =
 * how many came closer than the previous tolerance. With ABC_WEIGHTS_MIXTURE only the
 * distances: the kept ones are weighed after the selection (mixture_reweigh). */
static sim_status weigh_new(sampler *sm, double prev_eps, double wsum, int *closer)
{
    const int K = sm->K, N = sm->N, dim = sm->dim;
    const int mixture = sm->o->weighting == ABC_WEIGHTS_MIXTURE;
    int count = 0, nomem = 0;
#ifdef _OPENMP
#pragma omp parallel
#endif
    {
        double *logk = mixture ? NULL : malloc((size_t)K * sizeof *logk);
        double *tmp = malloc((size_t)dim * sizeof *tmp);
        const int ok = tmp != NULL && (mixture || logk != NULL);
#ifdef _OPENMP
#pragma omp for schedule(dynamic, 4) reduction(+ : count)
#endif
        for (int j = K; j < N; j++) {
            if (!ok) continue;
            const double *u = sm->all.u + (size_t)j * dim;
            sm->all.d[j] = abc_distance(sm->pb, sm->r->scale, sm->all.s + (size_t)j * sm->ns);
            if (sm->all.d[j] < prev_eps) count++;
            if (mixture) continue;
            /* w = prior(u) / sum_i w_i K(u | u_i), in logs with the largest term factored out. */
            double top = -INFINITY;
            for (int i = 0; i < K; i++) {
                logk[i] = abc_kernel_logdensity(sm->L, dim, sm->lo, sm->hi, u, sm->kept.u + (size_t)i * dim, tmp);
                if (logk[i] > top) top = logk[i];
            }
            double sum = 0;
            for (int i = 0; i < K; i++) sum += sm->kept.w[i] / wsum * exp(logk[i] - top);
            sm->all.w[j] = exp(log_prior(sm->pb, u) - top) / sum;
        }
        if (!ok) {
#ifdef _OPENMP
#pragma omp atomic write
#endif
            nomem = 1;
        }
        free(logk);
        free(tmp);
    }
    if (nomem) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory weighing the new ABC particles");
    *closer = count;
    return SIM_OK;
}

/* Generation t >= 1: M new particles around the kept ones; *stop when acceptance fell
 * below the minimum. */
static sim_status next_generation(sampler *sm, int t, int *stop)
{
    const int K = sm->K, M = sm->M;
    double prev_eps = sm->r->history[t - 1].epsilon, wsum = 0;
    for (int i = 0; i < K; i++) wsum += sm->kept.w[i];
    kernel_factor(sm->pb, &sm->kept, K, sm->L);
    if (!(sm->L[0] > 0)) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory building the ABC kernel");
    if (sm->o->weighting == ABC_WEIGHTS_MIXTURE) {
        const int dim = sm->dim;
        memcpy(sm->prop_u + (size_t)(t - 1) * K * dim, sm->kept.u, (size_t)K * dim * sizeof(double));
        for (int i = 0; i < K; i++) sm->prop_lw[(size_t)(t - 1) * K + i] = log(sm->kept.w[i] / wsum);
        memcpy(sm->prop_L + (size_t)(t - 1) * dim * dim, sm->L, (size_t)dim * dim * sizeof(double));
    }
    /* The old kept particles occupy slots 0..K-1 of the pool, new ones K..N-1. */
    for (int i = 0; i < K; i++) pool_copy(&sm->all, i, &sm->kept, i, sm->dim, sm->ns);
    /* Cumulative weights in the order a linear scan adds them . */
    double *cum = sm->cum, c = 0;
    for (int i = 0; i < K; i++) cum[i] = c += sm->kept.w[i];
    SIM_CHECK(propose_all(sm, t, cum));
    SIM_CHECK(simulate(sm->pb, sm->fn, sm->ctx, t, &sm->all, K, M, sm->theta));
    int closer = 0;
    SIM_CHECK(weigh_new(sm, prev_eps, wsum, &closer));
    /* Every weight, old or new, is the importance ratio prior / proposal density of
     * the generation that drew it (1 for the prior draws of generation 0), so old and
     * new particles compete on one scale; weights are normalised only for output. */
    SIM_CHECK(close_generation(sm, t, M, (double)closer / M));
    *stop = sm->r->history[t].acceptance < sm->o->min_acceptance;
    return SIM_OK;
}

/* The final population in external coordinates, weights normalised. */
static sim_status finish_result(sampler *sm)
{
    abc_result *r = sm->r;
    const abc_problem *pb = sm->pb;
    const int K = sm->K, dim = sm->dim, ns = sm->ns;
    r->theta = malloc((size_t)K * dim * sizeof *r->theta);
    r->weight = malloc((size_t)K * sizeof *r->weight);
    r->distance = malloc((size_t)K * sizeof *r->distance);
    r->stats = malloc((size_t)K * ns * sizeof *r->stats);
    if (!r->theta || !r->weight || !r->distance || !r->stats) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    for (int i = 0; i < K; i++)
        for (int a = 0; a < dim; a++)
            r->theta[(size_t)i * dim + a] = abc_from_internal(&pb->priors[a], sm->kept.u[(size_t)i * dim + a]);
    for (int t = 0; t < r->generations; t++)
        for (int i = 0; i < K; i++)
            for (int a = 0; a < dim; a++) {
                double *v = &r->pop_theta[((size_t)t * K + i) * dim + a];
                *v = abc_from_internal(&pb->priors[a], *v);
            }
    memcpy(r->weight, sm->kept.w, (size_t)K * sizeof *r->weight);
    normalise(r->weight, K);
    memcpy(r->distance, sm->kept.d, (size_t)K * sizeof *r->distance);
    memcpy(r->stats, sm->kept.s, (size_t)K * ns * sizeof *r->stats);
    return SIM_OK;
}

sim_status abc_run(const abc_problem *pb, const abc_options *o, abc_simulate_fn fn, void *ctx,
                   abc_progress_fn progress, void *progress_ctx, abc_result **out)
{
    SIM_CHECK(check_problem(pb, o));
    const int N = o->particles, K = (int)floor(o->keep_share * N);
    sampler sm = {.pb = pb, .o = o, .fn = fn, .ctx = ctx, .progress = progress, .progress_ctx = progress_ctx,
                  .N = N, .K = K, .M = N - K, .dim = pb->dim, .ns = pb->nstats};
    SIM_CALLOC(sm.r, 1);
    *sm.r = (abc_result){.dim = sm.dim, .nstats = sm.ns, .kept = K};
    sim_status st = sampler_alloc(&sm, o->max_generations + 1);
    if (st == SIM_OK) st = first_generation(&sm);
    int stop = 0;
    for (int t = 1; st == SIM_OK && !stop && t <= o->max_generations; t++) st = next_generation(&sm, t, &stop);
    sm.r->stopped_on_acceptance = stop;
    if (st == SIM_OK) st = finish_result(&sm);
    sampler_free(&sm);
    if (st != SIM_OK) {
        abc_result_destroy(&sm.r);
        sim_trace_at(__FILE__, __LINE__, __func__);
        return st;
    }
    *out = sm.r;
    return SIM_OK;
}

void abc_result_destroy(abc_result **rp)
{
    if (!rp || !*rp) return;
    abc_result *r = *rp;
    free(r->history);
    free(r->theta);
    free(r->weight);
    free(r->distance);
    free(r->stats);
    free(r->scale);
    free(r->pop_theta);
    free(r->pop_weight);
    free(r->pop_distance);
    free(r);
    *rp = NULL;
}

int abc_warn_degenerate(const abc_result *r, const char *what)
{
    if (!r || r->generations < 1 || r->kept < 1) return 0;
    double ess = r->history[r->generations - 1].ess;
    if (ess >= 2.0 && ess >= ABC_ESS_WARN_SHARE * r->kept) return 0;
    sim_warn("%s: the final population's effective sample size is %.2g of %d kept particles: the posterior rests on "
             "%s, so its medians, intervals and ensemble draws are unreliable; use more particles, a larger keep_share "
             "or fewer generations",
             what, ess, r->kept, ess < 1.5 ? "one particle" : "very few particles");
    return 1;
}
