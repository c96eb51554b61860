/**
 * @file abc_model.c
 * @brief The chansim model behind the ABC sampler: parameters in, statistics out.
 */
#include "sim/experiments/abc_model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef CHANSIM_MPI
#include <mpi.h>
#endif

#include "sim/engine/config.h"
#include "models/model.h"
#include "sim/run/progress.h"
#include "sim/run/replicate.h"
#include "sim/run/runner.h"

/* ---------------------------------------------------------------------------
 * Set-up
 * ------------------------------------------------------------------------- */

/* Where each calibrated parameter lives in model_params. */
static sim_status find_offsets(abc_model *m)
{
    cfg_table *t = NULL;
    size_t nt = 0;
    SIM_CHECK(params_tables_create(&t, &nt));
    for (int a = 0; a < m->cfg->nparams; a++) {
        const abc_param *p = &m->cfg->params[a];
        int found = 0;
        for (size_t i = 0; i < nt && !found; i++)
            for (size_t j = 0; j < t[i].count && !found; j++)
                if (strcmp(t[i].params[j].section, p->section) == 0 && strcmp(t[i].params[j].key, p->key) == 0) {
                    m->offset[a] = t[i].params[j].offset;
                    found = 1;
                }
        if (!found) {
            params_tables_destroy(&t, nt);
            return SIM_FAIL(SIM_ERR_INTERNAL, "%s: parameter %s vanished from the tables", p->origin, p->name);
        }
    }
    params_tables_destroy(&t, nt);
    /* A prior on a parameter the scenario does not use would calibrate nothing. */
    params_inert_key inert[16];
    size_t ni = params_inert(&m->base->params, inert, sizeof inert / sizeof inert[0]);
    for (int a = 0; a < m->cfg->nparams; a++)
        for (size_t i = 0; i < ni; i++)
            if (strcmp(m->cfg->params[a].section, inert[i].section) == 0 &&
                strcmp(m->cfg->params[a].key, inert[i].key) == 0)
                return SIM_FAIL(SIM_ERR_CONFIG, "%s: [priors] %s: the scenario does not use this parameter: %s",
                                m->cfg->params[a].origin, m->cfg->params[a].name, inert[i].reason);
    return SIM_OK;
}

static sim_status build_components(abc_model *m)
{
    const abc_config *c = m->cfg;
    size_t cap = 0, n = 0;
    for (int s = 0; s < c->nstats; s++) {
        obs_period *per = NULL;
        size_t np = 0;
        SIM_CHECK(obs_periods(c->stats[s].kind, m->window_first, m->window_end, &per, &np));
        int used = 0;
        for (size_t k = 0; k < np; k++) {
            double o = obs_value(m->obs, c->stats[s].metric, &per[k]);
            if (isnan(o)) continue; /* e.g. preventions before May 2024 */
            if (n == cap) {
                cap = cap ? 2 * cap : 64;
                abc_component *g = realloc(m->comp, cap * sizeof *g);
                if (!g) {
                    free(per);
                    return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
                }
                m->comp = g;
            }
            m->comp[n++] = (abc_component){.statistic = s, .period = per[k], .observed = o};
            used++;
        }
        free(per);
        if (used == 0) {
            char a[16], b[16];
            cfg_format_date(m->window_first, a, sizeof a);
            cfg_format_date(m->window_end - 1, b, sizeof b);
            return SIM_FAIL(SIM_ERR_CONFIG,
                            "%s: [statistics] %s: the record has no value for any complete %s period of %s .. %s",
                            c->path, c->stats[s].name, obs_period_kind_names[c->stats[s].kind], a, b);
        }
    }
    m->ncomp = (int)n;
    m->observed = calloc(n, sizeof *m->observed);
    m->group = calloc(n, sizeof *m->group);
    m->group_weight = calloc(c->nstats > 0 ? (size_t)c->nstats : 1, sizeof *m->group_weight);
    if (!m->observed || !m->group || !m->group_weight) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    for (size_t k = 0; k < n; k++) {
        m->observed[k] = m->comp[k].observed;
        m->group[k] = m->comp[k].statistic;
    }
    for (int s = 0; s < c->nstats; s++) m->group_weight[s] = c->stats[s].weight;
    return SIM_OK;
}

sim_status abc_model_create(const abc_config *cfg, const obs_record *obs, abc_model **out)
{
    abc_model *m;
    SIM_CALLOC(m, 1);
    m->cfg = cfg;
    m->obs = obs;
    m->mpi_size = 1;
#ifdef CHANSIM_MPI
    int init = 0;
    MPI_Initialized(&init);
    if (init) {
        MPI_Comm_rank(MPI_COMM_WORLD, &m->mpi_rank);
        MPI_Comm_size(MPI_COMM_WORLD, &m->mpi_size);
    }
#endif
    /* The calibration fits one parameter set at a time: the base's ensemble, if any, is off. */
    static const char *const no_ensemble[] = {"run.ensemble=none"};
    sim_status st = scenario_load(cfg->scenario, no_ensemble, 1, NULL, &m->base);
    if (st == SIM_OK) st = obs_sim_columns_find(scenario_metric_set(), &m->cols);
    if (st == SIM_OK) st = find_offsets(m);
    if (st == SIM_OK) {
        const scen_params *sp = &m->base->params.scenario;
        int s0 = sp->start_date, s1 = sp->start_date + sp->days;
        int r0 = obs->first_day, r1 = obs->first_day + obs->days;
        m->window_first = cfg->stats_start >= 0 ? cfg->stats_start : (s0 > r0 ? s0 : r0);
        m->window_end = cfg->stats_last >= 0 ? cfg->stats_last + 1 : (s1 < r1 ? s1 : r1);
        char a[16], b[16];
        cfg_format_date(m->window_first, a, sizeof a);
        cfg_format_date(m->window_end - 1, b, sizeof b);
        if (m->window_first < s0 || m->window_end > s1)
            st = SIM_FAIL(SIM_ERR_CONFIG, "%s: the statistics window %s .. %s leaves the horizon of %s", cfg->path, a,
                          b, cfg->scenario);
        else if (m->window_first < r0 || m->window_end > r1)
            st = SIM_FAIL(SIM_ERR_CONFIG, "%s: the statistics window %s .. %s leaves the record in %s", cfg->path, a,
                          b, obs->daily_path);
        else if (m->window_end <= m->window_first)
            st = SIM_FAIL(SIM_ERR_CONFIG, "%s: the scenario's horizon and the record do not overlap", cfg->path);
    }
    if (st == SIM_OK) st = build_components(m);
    if (st != SIM_OK) {
        abc_model_destroy(&m);
        sim_trace_at(__FILE__, __LINE__, __func__);
        return st;
    }
    *out = m;
    return SIM_OK;
}

void abc_model_destroy(abc_model **mp)
{
    if (!mp || !*mp) return;
    abc_model *m = *mp;
    scenario_destroy(&m->base);
    free(m->comp);
    free(m->observed);
    free(m->group);
    free(m->group_weight);
    free(m);
    *mp = NULL;
}

void abc_model_problem(const abc_model *m, abc_prior *priors, abc_problem *pb)
{
    for (int a = 0; a < m->cfg->nparams; a++) priors[a] = m->cfg->params[a].prior;
    *pb = (abc_problem){
        .dim = m->cfg->nparams, .priors = priors, .nstats = m->ncomp, .observed = m->observed,
        .stat_group = m->group, .ngroups = m->cfg->nstats, .group_weight = m->group_weight,
    };
}

/* ---------------------------------------------------------------------------
 * Parameters
 * ------------------------------------------------------------------------- */

/* v as it reads back from `digits` significant digits. */
static double rounded(double v, int digits)
{
    if (digits >= 17) return v;
    char buf[64];
    snprintf(buf, sizeof buf, "%.*g", digits, v);
    return strtod(buf, NULL);
}

sim_status abc_model_params(const abc_model *m, const double *theta, int digits, model_params *out)
{
    *out = m->base->params;
    for (int a = 0; a < m->cfg->nparams; a++) {
        const abc_param *p = &m->cfg->params[a];
        void *at = (char *)out + m->offset[a];
        if (p->is_date) { /* an int day number, rounded as abc_param_assignment writes it */
            *(int *)at = (int)lround(theta[a]);
            continue;
        }
        double *field = at;
        if (p->transform == ABC_VALUE) field[0] = rounded(theta[a], digits);
        else
            for (int i = 0; i < p->count; i++) field[i] = rounded(abc_param_element(p, theta[a], i), digits);
    }
    SIM_CHECK(params_check(out));
    return SIM_OK;
}

sim_status abc_model_config_text(const abc_model *m, const double *theta, int digits, char **text)
{
    int P = m->cfg->nparams;
    char(*buf)[1024] = calloc((size_t)P, sizeof *buf);
    const char **sets = calloc((size_t)P + 1, sizeof *sets);
    sim_status st = (!buf || !sets) ? SIM_FAIL(SIM_ERR_MEMORY, "out of memory") : SIM_OK;
    for (int a = 0; st == SIM_OK && a < P; a++) {
        st = abc_param_assignment(&m->cfg->params[a], theta[a], digits, buf[a], sizeof buf[a]);
        sets[a] = buf[a];
    }
    if (sets) sets[P] = "run.ensemble=none"; /* the replay is one parameter set */
    scenario *s = NULL;
    if (st == SIM_OK) st = scenario_load(m->cfg->scenario, sets, (size_t)P + 1, NULL, &s);
    if (st == SIM_OK) {
        *text = s->config_text;
        s->config_text = NULL;
    }
    scenario_destroy(&s);
    free(buf);
    free(sets);
    if (st != SIM_OK) sim_trace_at(__FILE__, __LINE__, __func__);
    return st;
}

/* ---------------------------------------------------------------------------
 * Simulation
 * ------------------------------------------------------------------------- */

/* Simulations use the proposals' values exactly: %.17g prints every double so it reads back unchanged. */
enum { ABC_EXACT_DIGITS = 17 };

/* Statistic component k of the replication in slot r of res (NaN where it is undefined). */
static double component_value(const abc_model *m, int k, const sim_results *res, int r)
{
    const abc_component *c = &m->comp[k];
    return obs_sim_value(m->obs, m->cfg->stats[c->statistic].metric, &c->period, &m->cols, results_daily(res, r),
                         res->start_day, res->days);
}

/* The mean of the finite values among v[0], v[stride], ... (n of them), in order; NaN if none. */
static double finite_mean(const double *v, int n, size_t stride)
{
    double sum = 0;
    int used = 0;
    for (int r = 0; r < n; r++) {
        double x = v[(size_t)r * stride];
        if (isfinite(x)) {
            sum += x;
            used++;
        }
    }
    return used ? sum / used : NAN;
}

/* Settle a parallel step across MPI processes: an interruption becomes an error here, and
 * a failure on any process fails all of them. */
static sim_status agree(const abc_model *m, sim_status st)
{
    if (st == SIM_ERR_INTERRUPTED) {
        sim_error_clear();
        st = SIM_FAIL(SIM_ERR_INTERRUPTED, "nothing was written"); /* the CLI names the signal */
    }
#ifdef CHANSIM_MPI
    if (m->mpi_size > 1) {
        int local = (int)st, global = 0;
        MPI_Allreduce(&local, &global, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
        if (global != SIM_OK && st == SIM_OK) {
            sim_error_clear();
            st = SIM_FAIL((sim_status)global, "a simulation failed on another MPI process");
        }
    }
#else
    (void)m;
#endif
    return st;
}

/* Sum an array over the MPI processes, in place (each element is written by one process). */
static void gather_sum(const abc_model *m, double *x, size_t n)
{
#ifdef CHANSIM_MPI
    if (m->mpi_size > 1) {
        /* Chunks, so counts stay within int. */
        for (size_t at = 0; at < n; at += (size_t)1 << 28) {
            size_t len = n - at < ((size_t)1 << 28) ? n - at : (size_t)1 << 28;
            MPI_Allreduce(MPI_IN_PLACE, x + at, (int)len, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
        }
    }
#else
    (void)m;
    (void)x;
    (void)n;
#endif
}

/* One generation's proposals as one replication job: item k is replication k % reps of
 * proposal k / reps. */
typedef struct {
    abc_model *m;
    int gen;
    const double *theta;         /* [n][nparams] the proposals */
    const unsigned char *skip;   /* [n] 1: not simulated here (another process's, or rejected) */
    double *rep_stats;           /* [n][reps][ncomp] each replication's statistics */
} gen_job;

static sim_status gen_params(void *ctx, size_t item, model_params *scratch, const model_params **p)
{
    const gen_job *g = ctx;
    size_t i = item / (size_t)g->m->cfg->replications;
    SIM_CHECK(abc_model_params(g->m, g->theta + i * (size_t)g->m->cfg->nparams, ABC_EXACT_DIGITS, scratch));
    *p = scratch;
    return SIM_OK;
}

static size_t gen_group(void *ctx, size_t item)
{
    const gen_job *g = ctx;
    size_t i = item / (size_t)g->m->cfg->replications;
    return g->skip[i] ? REPLICATE_SKIP : i;
}

/* The replication key (generation x ABC_MAX_PARTICLES + particle) x replications + r must fit the
 * key's 32-bit word for every generation up to the cap, or two simulations would share a stream. */
_Static_assert(((uint64_t)ABC_MAX_GENERATIONS + 1) * ABC_MAX_PARTICLES * ABC_MAX_REPS <= (uint64_t)UINT32_MAX + 1,
               "ABC replication keys overflow 32 bits at the generation cap");

static rng_key gen_key(void *ctx, size_t item)
{
    const gen_job *g = ctx;
    const abc_config *c = g->m->cfg;
    uint64_t i = item / (uint64_t)c->replications, r = item % (uint64_t)c->replications;
    uint64_t rep = ((uint64_t)g->gen * ABC_MAX_PARTICLES + i) * (uint64_t)c->replications + r;
    return (rng_key){c->seed, (uint32_t)rep};
}

static sim_status gen_done(void *ctx, size_t item, const model *md, const sim_results *res, int slot)
{
    (void)md;
    const gen_job *g = ctx;
    for (int k = 0; k < g->m->ncomp; k++)
        g->rep_stats[item * (size_t)g->m->ncomp + (size_t)k] = component_value(g->m, k, res, slot);
    return SIM_OK;
}

/* Which proposals of this process break a rule between parameters: outside the model's
 * domain, so they are rejected (infinite distance) rather than the run stopped. */
static sim_status find_rejected(abc_model *m, int n, const double *theta, unsigned char *skip)
{
    sim_error_record failed = {.status = SIM_OK};
#pragma omp parallel
    {
        model_params *p = malloc(sizeof *p);
        sim_status st = p ? SIM_OK : SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
#pragma omp for schedule(dynamic, 1)
        for (int i = 0; i < n; i++) {
            if (skip[i] || st != SIM_OK) continue;
            sim_status ps = abc_model_params(m, theta + (size_t)i * m->cfg->nparams, ABC_EXACT_DIGITS, p);
            if (ps == SIM_ERR_CONFIG) {
                sim_error_clear();
                skip[i] = 1;
#pragma omp atomic
                m->rejected++;
            } else {
                st = ps;
            }
        }
        if (st != SIM_OK) {
#pragma omp critical(abc_error)
            sim_error_keep(&failed, st);
        }
        free(p);
    }
    return sim_error_restore(&failed);
}

sim_status abc_model_simulate(void *ctx, int generation, int n, const double *theta, double *stats)
{
    abc_model *m = ctx;
    const int reps = m->cfg->replications;
    /* Zero first: with MPI each process fills its own proposals and the sum gathers them. */
    for (size_t k = 0; k < (size_t)n * m->ncomp; k++) stats[k] = 0;
    unsigned char *skip = malloc((size_t)(n > 0 ? n : 1));
    double *rep_stats = malloc(((size_t)n * reps * m->ncomp + 1) * sizeof *rep_stats);
    sim_status st = skip && rep_stats ? SIM_OK : SIM_FAIL(SIM_ERR_MEMORY, "out of memory for %d proposals", n);
    for (int i = 0; st == SIM_OK && i < n; i++) skip[i] = i % m->mpi_size != m->mpi_rank;
    if (st == SIM_OK) st = find_rejected(m, n, theta, skip);
    if (st == SIM_OK) {
        size_t mine = 0;
        for (int i = 0; i < n; i++) mine += !skip[i];
        char label[PROGRESS_LABEL_MAX];
        snprintf(label, sizeof label, "generation %d", generation);
        progress bar;
        progress_start(&bar, label, "replications", mine * (size_t)reps, m->progress && m->mpi_rank == 0);
        gen_job g = {m, generation, theta, skip, rep_stats};
        replicate_job job = {
            .count = (size_t)n * (size_t)reps, .params = gen_params, .group = gen_group, .key = gen_key,
            .done = gen_done, .ctx = &g, .interrupted = runner_interrupted, .progress = &bar,
        };
        st = replicate_run(&job, NULL);
    }
    /* Each proposal's statistics: the mean over its replications, in replication order. */
    for (int i = 0; st == SIM_OK && i < n; i++) {
        if (i % m->mpi_size != m->mpi_rank) continue;
        double *out = stats + (size_t)i * m->ncomp;
        for (int k = 0; k < m->ncomp; k++)
            out[k] = skip[i] ? NAN : finite_mean(rep_stats + (size_t)i * reps * m->ncomp + k, reps, (size_t)m->ncomp);
    }
    free(skip);
    free(rep_stats);
    st = agree(m, st);
    if (st != SIM_OK) {
        sim_trace_at(__FILE__, __LINE__, __func__);
        return st;
    }
    gather_sum(m, stats, (size_t)n * m->ncomp);
    return SIM_OK;
}

/* A replay as one replication job: slot r uses parameter set set_of_slot[r]. */
typedef struct {
    const abc_model *m;
    const double *sets;
    const int *set_of_slot;
    int digits;
    uint32_t seed;
} replay_job;

static sim_status replay_params(void *ctx, size_t item, model_params *scratch, const model_params **p)
{
    const replay_job *b = ctx;
    SIM_CHECK(abc_model_params(b->m, b->sets + (size_t)b->set_of_slot[item] * b->m->cfg->nparams, b->digits,
                               scratch));
    *p = scratch;
    return SIM_OK;
}

/* With MPI, slots are dealt round-robin to the processes. */
static size_t replay_group(void *ctx, size_t item)
{
    const replay_job *b = ctx;
    if (item % (size_t)b->m->mpi_size != (size_t)b->m->mpi_rank) return REPLICATE_SKIP;
    return (size_t)b->set_of_slot[item];
}

static rng_key replay_key(void *ctx, size_t item)
{
    const replay_job *b = ctx;
    return (rng_key){b->seed, (uint32_t)item};
}

sim_status abc_model_replay(const abc_model *m, const double *sets, const int *set_of_slot, int digits, uint32_t seed,
                            sim_results *res)
{
    const scen_params *sp = &m->base->params.scenario;
    if (res->days != sp->days || res->start_day != sp->start_date)
        return SIM_FAIL(SIM_ERR_INTERNAL, "abc_model_replay: results of the wrong horizon");
    res->seed = seed;
    res->first_rep = 0;
    res->groups = MIG_GROUPS;
    for (int g = 0; g < MIG_GROUPS; g++)
        snprintf(res->group_names[g], sizeof res->group_names[g], "%s", m->base->params.migrants.group_names[g]);
    size_t mine = 0;
    for (int r = 0; r < res->reps; r++) mine += r % m->mpi_size == m->mpi_rank;
    progress bar;
    progress_start(&bar, "replaying", "replications", mine, m->progress && m->mpi_rank == 0);
    replay_job b = {m, sets, set_of_slot, digits, seed};
    replicate_job job = {
        .count = (size_t)res->reps, .params = replay_params, .group = replay_group, .key = replay_key, .res = res,
        .ctx = &b, .interrupted = runner_interrupted, .progress = &bar,
    };
    SIM_CHECK(agree(m, replicate_run(&job, NULL)));
    const sim_metric_set *ms = res->metrics;
    gather_sum(m, res->weekly, (size_t)res->reps * res->weeks * ms->nweekly);
    gather_sum(m, res->totals, (size_t)res->reps * ms->nweekly);
    gather_sum(m, res->daily, (size_t)res->reps * res->days * ms->ndaily);
    gather_sum(m, res->group_weekly, (size_t)res->reps * res->weeks * res->groups * ms->ngroup);
    return SIM_OK;
}
