/**
 * @file cmd_calibrate.c
 * @brief `chansim calibrate CAL.ini`: ABC-SMC of the parameters named in a calibration
 *        file against the observed record; writes the posterior (parameter sets with
 *        weights and distances, posterior predictive statistics), two replays of the
 *        base scenario (posterior medians; posterior ensemble) to HDF5, and the
 *        posterior medians as a config file that scenarios can extend.
 *
 * The output file holds /calibration (layout in abc_output.h) and two replays of the
 * base scenario as ordinary scenarios, so `chansim validate` and `chansim export`
 * read them:
 *     /scenarios/<base>_calibrated  the base scenario with the posterior medians, exactly as
 *                                   written to the calibrated config (so it equals `chansim run`
 *                                   of a scenario that includes that config, same seed)
 *     /scenarios/<base>_posterior   one replication per posterior draw (systematic resampling by
 *                                   weight): parameter and stochastic uncertainty together
 *     /provenance
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_randist.h>

#ifdef CHANSIM_MPI
#include <mpi.h>
#endif

#include "sim/engine/version.h"
#include "sim/engine/atomic_file.h"
#include "sim/engine/strbuf.h"
#include "sim/experiments/abc.h"
#include "sim/experiments/abc_config.h"
#include "sim/experiments/abc_model.h"
#include "sim/experiments/abc_output.h"
#include "sim/cli/cli.h"
#include "sim/engine/date.h"
#include "sim/engine/ini_doc.h"
#include "sim/io/observed.h"
#include "sim/io/output.h"
#include "sim/engine/rng.h"
#include "sim/run/runner.h"


/* Significant digits of the calibrated config's values: readable, and what the replay uses. */
enum { CAL_DIGITS = 6 };

static const char calibrate_usage[] =
    "Usage: chansim calibrate CAL.ini [-o OUT.h5] [-c CALIBRATED.ini] [-e ENSEMBLE.ini] [--force] [--quiet]\n"
    "\n"
    "Approximate Bayesian computation (adaptive population Monte Carlo ABC) of the parameters\n"
    "named in CAL.ini's [priors] against the observed record's summary statistics ([statistics]).\n"
    "Writes the final population (parameter sets, weights, distances), the posterior predictive\n"
    "statistics and two replays of the base scenario (posterior medians; posterior ensemble) to\n"
    "OUT.h5 (default <CAL name>.h5 in the current directory), and the posterior medians as a config file that\n"
    "scenarios can extend (default: [calibration] output_config), with the posterior ensemble\n"
    "(default: [calibration] output_ensemble, else X.posterior.ini beside a config X.ini).\n"
    "\n"
    "  -o, --output FILE   HDF5 output; an existing file is kept unless --force\n"
    "  -c, --config FILE   calibrated config to write; the ensemble goes beside it as\n"
    "                      FILE's name with .posterior.ini unless -e; existing files are\n"
    "                      kept unless --force\n"
    "  -e, --ensemble FILE posterior ensemble to write; kept unless --force\n"
    "  -f, --force         overwrite existing outputs\n"
    "  -q, --quiet         no progress\n"
    "  -h, --help          this help\n"
    "\n"
    "Threads: OMP_NUM_THREADS; with an MPI build, run under mpirun. Results are identical\n"
    "for any thread or process count. Then: chansim validate OUT.h5 -o DIR\n";

typedef struct {
    const abc_config *cfg;
    int quiet;
    long long start;
} progress_ctx;

static void on_generation(void *ctx, const abc_generation *g, int max_generations)
{
    progress_ctx *p = ctx;
    if (p->quiet) return;
    fprintf(stderr,
            "generation %d/%d: %d simulations, acceptance %.3f, tolerance %.4g, ESS %.1f, kernel mass inside %.3g (%lld s)\n",
            g->generation, max_generations, g->simulations, g->acceptance, g->epsilon, g->ess, g->inside,
            cli_now() - p->start);
}

/* ---------------------------------------------------------------------------
 * Posterior summaries
 * ------------------------------------------------------------------------- */

/* [P][SUM5]: weighted mean, sd, q05, q50, q95 of each parameter. */
static void posterior_summary(const abc_result *r, double *sum)
{
    for (int a = 0; a < r->dim; a++) {
        double mean = 0, var = 0;
        for (int i = 0; i < r->kept; i++) mean += r->weight[i] * r->theta[(size_t)i * r->dim + a];
        for (int i = 0; i < r->kept; i++) {
            double d = r->theta[(size_t)i * r->dim + a] - mean;
            var += r->weight[i] * d * d;
        }
        double *s = sum + (size_t)a * 5;
        s[0] = mean;
        s[1] = sqrt(var);
        s[2] = abc_weighted_quantile(r->theta + a, (size_t)r->dim, r->weight, (size_t)r->kept, 0.05);
        s[3] = abc_weighted_quantile(r->theta + a, (size_t)r->dim, r->weight, (size_t)r->kept, 0.50);
        s[4] = abc_weighted_quantile(r->theta + a, (size_t)r->dim, r->weight, (size_t)r->kept, 0.95);
    }
}

/* Systematic resampling of `draws` particle indices by weight, with one uniform from the sampler's seed
 * (key (seed, 0), purpose ABC_RESAMPLE_RNG_PURPOSE: independent of the cap on generations). */
static sim_status resample(const abc_result *r, uint32_t seed, int draws, int *out)
{
    gsl_rng *g = NULL;
    SIM_CHECK(rng_stream_create(&g));
    rng_seek(g, (rng_key){seed, 0}, ABC_RESAMPLE_RNG_PURPOSE, ABC_RESAMPLE_SYSTEMATIC, 0);
    double u = gsl_rng_uniform(g), cum = r->weight[0];
    rng_stream_destroy(&g);
    int i = 0;
    for (int j = 0; j < draws; j++) {
        double pos = (u + j) / draws;
        while (pos > cum && i < r->kept - 1) cum += r->weight[++i];
        out[j] = i;
    }
    /* Systematic resampling lists the draws in particle order; shuffle them so that any
     * first k (a run of k < draws replications uses draws 1..k) is a fair subsample. */
    SIM_CHECK(rng_stream_create(&g));
    rng_seek(g, (rng_key){seed, 0}, ABC_RESAMPLE_RNG_PURPOSE, ABC_RESAMPLE_SHUFFLE, 0);
    gsl_ran_shuffle(g, out, (size_t)draws, sizeof *out);
    rng_stream_destroy(&g);
    return SIM_OK;
}

/* ---------------------------------------------------------------------------
 * The calibrated config and the posterior ensemble
 * ------------------------------------------------------------------------- */

/*
 * How the ensemble names the calibrated config (ensemble.h reads it relative to the
 * ensemble): its file name when both are in one directory, else its absolute path.
 * Caller frees; NULL when out of memory or the config's directory cannot be resolved.
 */
static char *calibrated_reference(const abc_config *cfg)
{
    const char *cs = strrchr(cfg->output_config, '/'), *es = strrchr(cfg->output_ensemble, '/');
    size_t cd = cs ? (size_t)(cs - cfg->output_config) : 0, ed = es ? (size_t)(es - cfg->output_ensemble) : 0;
    const char *name = cs ? cs + 1 : cfg->output_config;
    if (cd == ed && strncmp(cfg->output_config, cfg->output_ensemble, cd) == 0) return strdup(name);
    char *dir = cs ? strndup(cfg->output_config, cd ? cd : 1) : strdup(".");
    char *abs = dir ? realpath(dir, NULL) : NULL, *ref = NULL;
    if (abs && asprintf(&ref, "%s/%s", strcmp(abs, "/") == 0 ? "" : abs, name) < 0) ref = NULL;
    free(dir);
    free(abs);
    return ref;
}

/*
 * The posterior draws as an ensemble file (sim/run/ensemble.h): draw j is the resampled
 * particle draw[j], written with the calibrated config's digits, so a scenario run with
 * it reproduces the calibration's posterior replay.
 */
static sim_status ensemble_text(const abc_config *cfg, const abc_result *r, const int *draw, char **out)
{
    strbuf t = {0};
    char *calibrated = calibrated_reference(cfg);
    if (!calibrated)
        return SIM_FAIL(SIM_ERR_IO, "cannot name calibrated config '%s' from ensemble '%s'", cfg->output_config,
                        cfg->output_ensemble);
    strbuf_printf(&t, "; Posterior ensemble of `chansim calibrate %s`: %d draws by systematic resampling of the\n",
                  cfg->path, cfg->posterior_draws);
    strbuf_printf(&t, "; final population (equal weights), seed %u, chansim %s (git %s).\n", cfg->seed, sim_version(),
                  sim_git_commit());
    strbuf_printf(&t, "; A scenario runs with it through [run] ensemble = <this file>: replication r takes draw\n"
                      "; r mod %d for every key whose value it gets from the calibrated config below.\n",
                  cfg->posterior_draws);
    strbuf_printf(&t, "calibrated = %s\n", calibrated);
    free(calibrated);
    for (int j = 0; j < cfg->posterior_draws; j++) {
        strbuf_printf(&t, "\n[draw %d]\n", j + 1);
        for (int a = 0; a < cfg->nparams; a++) {
            char assign[1024];
            SIM_CHECK(abc_param_assignment(&cfg->params[a], r->theta[(size_t)draw[j] * cfg->nparams + a], CAL_DIGITS,
                                           assign, sizeof assign));
            char *eq = strchr(assign, '=');
            strbuf_printf(&t, "%.*s = %s\n", (int)(eq - assign), assign, eq + 1);
        }
    }
    if (t.failed) {
        free(t.buf);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    }
    *out = t.buf;
    return SIM_OK;
}

static sim_status calibrated_text(const abc_config *cfg, const abc_model *m, const abc_result *r, const double *sum,
                                  const double *medians, char **out)
{
    strbuf t = {0};
    char d0[16], d1[16], w0[16], w1[16];
    cfg_format_date(m->obs->first_day, d0, sizeof d0);
    cfg_format_date(m->obs->first_day + m->obs->days - 1, d1, sizeof d1);
    cfg_format_date(m->window_first, w0, sizeof w0);
    cfg_format_date(m->window_end - 1, w1, sizeof w1);
    strbuf_printf(&t, "; Posterior medians of the parameters calibrated by `chansim calibrate %s`.\n;\n", cfg->path);
    strbuf_printf(&t, ";   base scenario:  %s\n", cfg->scenario);
    strbuf_printf(&t, ";   method:         adaptive population Monte Carlo ABC (Lenormand, Jabot & Deffuant 2013;\n");
    strbuf_printf(&t, ";                   Beaumont et al. 2009): %d particles, %d kept, %d generations, final\n",
            cfg->particles, r->kept, r->generations);
    strbuf_printf(&t, ";                   tolerance %.4g, %d simulations of %d replications each\n",
            r->history[r->generations - 1].epsilon, r->total_simulations, cfg->replications);
    strbuf_printf(&t, ";   observed data:  %s (%s .. %s); statistics over %s .. %s\n", m->obs->daily_path, d0, d1, w0, w1);
    strbuf_printf(&t, ";   seed:           %u\n", cfg->seed);
    strbuf_printf(&t, ";   chansim:        %s (git %s)\n;\n", sim_version(), sim_git_commit());
    strbuf_printf(&t, "; Only model keys, so a scenario can include it: extends = ../calibration/calibrated.ini\n");
    strbuf_printf(&t, "; The posterior draws (weighted parameter sets, usable as an ensemble) are in the\n");
    strbuf_printf(&t, "; calibration's HDF5 output under /calibration/posterior.\n");
    for (int a = 0; a < cfg->nparams; a++) {
        const abc_param *p = &cfg->params[a];
        int first_of_section = 1;
        for (int b = 0; b < a; b++)
            if (strcmp(cfg->params[b].section, p->section) == 0) first_of_section = 0;
        if (!first_of_section) continue;
        strbuf_printf(&t, "\n[%s]\n", p->section);
        for (int b = a; b < cfg->nparams; b++) {
            const abc_param *q = &cfg->params[b];
            if (strcmp(q->section, p->section) != 0) continue;
            char assign[1024];
            SIM_CHECK(abc_param_assignment(q, medians[b], CAL_DIGITS, assign, sizeof assign));
            const double *s = sum + (size_t)b * 5;
            const char *what = q->transform == ABC_SCALE      ? "factor on the default list"
                               : q->transform == ABC_CONTRAST ? "stretch of the default list about its mean"
                                                              : q->unit;
            char med[32], lo[32], hi[32];
            abc_param_format(q, s[3], med, sizeof med);
            abc_param_format(q, s[2], lo, sizeof lo);
            abc_param_format(q, s[4], hi, sizeof hi);
            strbuf_printf(&t, "; prior %s; posterior median %s, 90%% interval %s .. %s (%s)\n", q->text, med, lo, hi,
                          q->is_date ? "date" : what);
            strbuf_printf(&t, "%s = %s\n", q->key, strchr(assign, '=') + 1);
        }
    }
    if (t.failed) {
        free(t.buf);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    }
    *out = t.buf;
    return SIM_OK;
}


/* ---------------------------------------------------------------------------
 * The command
 * ------------------------------------------------------------------------- */

static void print_posterior(const abc_config *cfg, const abc_result *r, const double *sum)
{
    printf("calibration %s: %d generations, %d simulations x %d replications, final tolerance %.4g (%s)\n", cfg->path,
           r->generations, r->total_simulations, cfg->replications, r->history[r->generations - 1].epsilon,
           r->stopped_on_acceptance ? "stopped: acceptance below min_acceptance" : "stopped: max_generations");
    printf("  %-40s %-28s %12s %12s %12s\n", "parameter", "prior", "median", "5%", "95%");
    for (int a = 0; a < cfg->nparams; a++) {
        const double *s = sum + (size_t)a * 5;
        char med[32], lo[32], hi[32];
        abc_param_format(&cfg->params[a], s[3], med, sizeof med);
        abc_param_format(&cfg->params[a], s[2], lo, sizeof lo);
        abc_param_format(&cfg->params[a], s[4], hi, sizeof hi);
        printf("  %-40s %-28s %12s %12s %12s\n", cfg->params[a].name, cfg->params[a].text, med, lo, hi);
    }
}

/* Refuse an existing output without --force, and any path the output policy refuses
 * (atomic_file.h), before any work. `what` names the output ("calibrated config",
 * "posterior ensemble"): both are .ini files beside each other. */
static sim_status check_config_output(const char *path, const char *what, int force)
{
    if (!force && access(path, F_OK) == 0)
        return SIM_FAIL(SIM_ERR_EXISTS, "%s '%s' exists; use --force to overwrite", what, path);
    char *target = NULL;
    SIM_CHECK(atomic_target(path, force, &target));
    free(target);
    return SIM_OK;
}

/* Share a status decided on process 0 with every process, so all stop together. */
static sim_status agree(sim_status st)
{
#ifdef CHANSIM_MPI
    int init = 0;
    MPI_Initialized(&init);
    if (init) {
        int local = (int)st, global = 0;
        MPI_Allreduce(&local, &global, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
        if (global != SIM_OK && st == SIM_OK) return SIM_FAIL((sim_status)global, "another MPI process failed");
    }
#endif
    return st;
}

typedef struct {
    const char *cal_path;
    const char *output;
    const char *config_out;
    const char *ensemble_out;
    int force, quiet;
    int argc;
    char **argv;
    int rank;
} cal_args;

/* Everything one calibration holds, from the config to the written files. */
typedef struct {
    const cal_args *a;
    int root;                  /* process 0, the one that writes */
    const char *output;        /* the HDF5 file: --output or the default below */
    char default_out[ABC_PATH_MAX + 32];
    abc_config *cfg;
    obs_record *obs;
    abc_model *m;
    abc_result *r;
    out_file *f;
    sim_results *rep_med, *rep_post; /* replays with the posterior medians and the ensemble */
    double *sum;               /* [nparams][5] posterior summary */
    double *medians;           /* [nparams] */
    int *draw;                 /* [posterior_draws] particles of the ensemble */
    int *zeros;                /* [replay_replications] particle 0 of the medians, for every replication */
    char *cal_text, *ens_text, *cmdline;
    const char *ens_path;      /* the posterior ensemble file (cfg->output_ensemble) */
    int rejected;              /* proposals refused by a rule between parameters, all processes */
} cal_state;

/* <CAL name without .ini>.h5 in the current directory */
static void default_output(const char *cal_path, char *buf, size_t size)
{
    const char *base = strrchr(cal_path, '/');
    base = base ? base + 1 : cal_path;
    size_t n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".ini") == 0) n -= 4;
    snprintf(buf, size, "%.*s.h5", (int)n, base);
}

/* Load the calibration, the observed record and the model; check and open every output. */
static sim_status cal_setup(cal_state *c)
{
    const cal_args *a = c->a;
    sim_status st = abc_config_load(a->cal_path, &c->cfg);
    abc_config *cfg = c->cfg;
    /* -c moves the ensemble with it (X.posterior.ini) unless -e names it: a calibration into a
     * new config never replaces the ensemble that shipped scenarios use. */
    if (st == SIM_OK && a->config_out) {
        snprintf(cfg->output_config, sizeof cfg->output_config, "%s", a->config_out);
        if (!a->ensemble_out) st = abc_ensemble_name(a->config_out, cfg->output_ensemble, sizeof cfg->output_ensemble);
    }
    if (st == SIM_OK && a->ensemble_out)
        snprintf(cfg->output_ensemble, sizeof cfg->output_ensemble, "%s", a->ensemble_out);
    if (st == SIM_OK && strcmp(cfg->output_config, cfg->output_ensemble) == 0)
        st = SIM_FAIL(SIM_ERR_USAGE, "calibrate: the calibrated config and the posterior ensemble are both '%s'",
                      cfg->output_config);
    c->output = a->output;
    if (st == SIM_OK && !c->output) {
        default_output(a->cal_path, c->default_out, sizeof c->default_out);
        c->output = c->default_out;
    }
    if (st == SIM_OK) st = obs_load_dir(cfg->data_dir, &c->obs);
    if (st == SIM_OK) st = abc_model_create(cfg, c->obs, &c->m);
    if (st == SIM_OK) {
        c->m->progress = !a->quiet;
        const char *bn = c->m->base->name;
        if (strlen(bn) > 50) /* room for "_calibrated" within RESULTS_NAME_MAX */
            st = SIM_FAIL(SIM_ERR_CONFIG, "%s: scenario name '%s' too long to name its replays", cfg->scenario, bn);
    }
    /* Outputs are checked before any simulation, so a bad path fails in milliseconds. */
    if (st == SIM_OK && c->root) st = check_config_output(cfg->output_config, "calibrated config", a->force);
    c->ens_path = cfg ? cfg->output_ensemble : NULL;
    if (st == SIM_OK && c->root) st = check_config_output(c->ens_path, "posterior ensemble", a->force);
    if (st == SIM_OK && c->root) st = out_open(c->output, a->force, &c->f);
    return st;
}

/* The ABC run, the posterior summary, the ensemble's draws and the two config texts. */
static sim_status cal_sample(cal_state *c)
{
    const abc_config *cfg = c->cfg;
    const abc_model *m = c->m;
    abc_prior priors[ABC_MAX_PARAMS];
    abc_problem pb;
    abc_model_problem(c->m, priors, &pb);
    abc_options o = {cfg->particles, cfg->keep_share, cfg->max_generations, cfg->min_acceptance, cfg->seed,
                     cfg->weighting};
    progress_ctx pc = {cfg, c->a->quiet || !c->root, cli_now()};
    if (c->root && !c->a->quiet) {
        char w0[16], w1[16];
        cfg_format_date(m->window_first, w0, sizeof w0);
        cfg_format_date(m->window_end - 1, w1, sizeof w1);
        fprintf(stderr, "calibrating %d parameters on %d statistics (%d values, %s .. %s): %d particles, %d kept, "
                        "up to %d generations, %d replications each, %s weights\n",
                cfg->nparams, cfg->nstats, m->ncomp, w0, w1, cfg->particles,
                (int)floor(cfg->keep_share * cfg->particles), cfg->max_generations, cfg->replications,
                abc_weighting_names[cfg->weighting]);
    }
    SIM_CHECK(abc_run(&pb, &o, abc_model_simulate, c->m, on_generation, &pc, &c->r));
    if (c->root) (void)abc_warn_degenerate(c->r, cfg->path);
    c->sum = malloc((size_t)cfg->nparams * 5 * sizeof *c->sum);
    c->medians = malloc((size_t)cfg->nparams * sizeof *c->medians);
    c->draw = malloc((size_t)cfg->posterior_draws * sizeof *c->draw);
    c->zeros = calloc((size_t)cfg->replay_replications, sizeof *c->zeros);
    if (!c->sum || !c->medians || !c->draw || !c->zeros) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    posterior_summary(c->r, c->sum);
    for (int p = 0; p < cfg->nparams; p++) c->medians[p] = c->sum[(size_t)p * 5 + 3];
    SIM_CHECK(resample(c->r, cfg->seed, cfg->posterior_draws, c->draw));
    SIM_CHECK(calibrated_text(cfg, m, c->r, c->sum, c->medians, &c->cal_text));
    SIM_CHECK(ensemble_text(cfg, c->r, c->draw, &c->ens_text));
    return SIM_OK;
}

/* Replays of the base scenario with its own seed, as `chansim run` would use them.
 * Collective under MPI: every process enters them or none. */
static sim_status cal_replay(cal_state *c)
{
    const abc_config *cfg = c->cfg;
    abc_model *m = c->m;
    uint32_t run_seed = (uint32_t)m->base->params.run.seed;
    const sim_metric_set *ms = scenario_metric_set();
    int days = m->base->params.scenario.days, start = m->base->params.scenario.start_date;
    SIM_CHECK(results_create(ms, cfg->replay_replications, start, days, ms->groups, &c->rep_med));
    SIM_CHECK(results_create(ms, cfg->posterior_draws, start, days, ms->groups, &c->rep_post));
    snprintf(c->rep_med->name, sizeof c->rep_med->name, "%.50s_calibrated", m->base->name);
    snprintf(c->rep_post->name, sizeof c->rep_post->name, "%.50s_posterior", m->base->name);
    if (c->root && !c->a->quiet)
        fprintf(stderr, "replaying %s with the posterior medians and a %d-draw ensemble\n", m->base->name,
                cfg->posterior_draws);
    SIM_CHECK(abc_model_replay(m, c->medians, c->zeros, CAL_DIGITS, run_seed, c->rep_med));
    SIM_CHECK(abc_model_replay(m, c->r->theta, c->draw, CAL_DIGITS, run_seed, c->rep_post));
    if (!c->root) return SIM_OK;
    SIM_CHECK(abc_model_config_text(m, c->medians, CAL_DIGITS, &c->rep_med->config_text));
    const char *head = "; posterior ensemble: replication r uses posterior parameter set "
                       "/calibration/ensemble/particle[r]; the calibrated keys below are overridden\n";
    size_t n = strlen(head) + strlen(m->base->config_text) + 1;
    c->rep_post->config_text = malloc(n);
    if (!c->rep_post->config_text) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    snprintf(c->rep_post->config_text, n, "%s%s", head, m->base->config_text);
    return SIM_OK;
}

/* On process 0: the HDF5 file (committed only if everything before succeeded), then the
 * two config files, then the summary on stdout. */
static sim_status cal_write(cal_state *c, out_provenance *prov, sim_status st)
{
    const int root = c->root;
    if (st == SIM_OK && root) st = out_write_scenario(c->f, c->rep_med);
    if (st == SIM_OK && root) st = out_write_scenario(c->f, c->rep_post);
    if (st == SIM_OK && root)
        st = abc_output_write(out_file_handle(c->f), c->cfg, c->m, c->r, c->sum, c->draw, c->rejected);
    prov->end_time = cli_now();
    const sim_results *list[2] = {c->rep_med, c->rep_post};
    if (st == SIM_OK && root) st = out_write_provenance(c->f, prov, list, 2);
    if (st == SIM_OK && root) st = out_commit(&c->f);
    else out_abort(&c->f);
    if (st == SIM_OK && root) st = atomic_write_text(c->cfg->output_config, c->cal_text);
    if (st == SIM_OK && root) st = atomic_write_text(c->ens_path, c->ens_text);
    if (st == SIM_OK && root && !c->a->quiet) {
        print_posterior(c->cfg, c->r, c->sum);
        if (c->rejected) printf("  %d proposals broke a rule between parameters and were rejected\n", c->rejected);
        printf("wrote %s, %s and %s\n", c->output, c->cfg->output_config, c->ens_path);
        printf("next: chansim validate %s -o DIR\n", c->output);
    }
    return st;
}

static void cal_free(cal_state *c)
{
    free(c->cmdline);
    free(c->cal_text);
    free(c->ens_text);
    free(c->sum);
    free(c->medians);
    free(c->draw);
    free(c->zeros);
    results_destroy(&c->rep_med);
    results_destroy(&c->rep_post);
    abc_result_destroy(&c->r);
    abc_model_destroy(&c->m);
    obs_destroy(&c->obs);
    abc_config_destroy(&c->cfg);
}

static sim_status calibrate(const cal_args *a)
{
    cal_state c = {.a = a, .root = a->rank == 0};
    sim_status st = agree(cal_setup(&c));

    c.cmdline = cli_command_line(a->argc, a->argv);
    out_provenance prov;
    cli_provenance_init(&prov, c.cmdline, c.cfg ? c.cfg->seed : 0, c.cfg ? c.cfg->replications : 0);
    if (c.m) prov.mpi_procs = c.m->mpi_size;

    if (st == SIM_OK) st = cal_sample(&c);
    st = agree(st);
    if (st == SIM_OK) st = cal_replay(&c);
    c.rejected = c.m ? c.m->rejected : 0;
    st = agree(st);
#ifdef CHANSIM_MPI
    if (st == SIM_OK && c.m->mpi_size > 1) MPI_Allreduce(MPI_IN_PLACE, &c.rejected, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
#endif
    st = cal_write(&c, &prov, st);
    cal_free(&c);
    return st;
}

int cmd_calibrate(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'}, {"config", required_argument, 0, 'c'},
        {"ensemble", required_argument, 0, 'e'},
        {"force", no_argument, 0, 'f'}, {"quiet", no_argument, 0, 'q'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
    };
    cal_args a = {.argc = argc, .argv = argv};
    sim_status st = SIM_OK;
    int c;
    optind = 0;
    opterr = 0;
    while (st == SIM_OK && (c = getopt_long(argc, argv, "o:c:e:fqh", opts, NULL)) != -1) {
        switch (c) {
        case 'o': a.output = optarg; break;
        case 'c': a.config_out = optarg; break;
        case 'e': a.ensemble_out = optarg; break;
        case 'f': a.force = 1; break;
        case 'q': a.quiet = 1; break;
        case 'h': fputs(calibrate_usage, stdout); return CLI_EXIT_OK;
        default:
            st = SIM_FAIL(SIM_ERR_USAGE, "calibrate: unknown or incomplete option '%s' (see chansim calibrate --help)",
                          argv[optind - 1]);
        }
    }
    if (st == SIM_OK && optind != argc - 1)
        st = SIM_FAIL(SIM_ERR_USAGE, "calibrate: expected exactly one CAL.ini file (see chansim calibrate --help)");
    if (st != SIM_OK) return cli_report(st);
    char found[PATH_MAX];
    a.cal_path = cli_config_path("calibration", argv[optind], found, sizeof found);
    runner_install_signal_handlers();
    cli_mpi m = cli_mpi_begin();
    a.rank = m.rank;
    st = cli_mpi_check(&m, "calibrate", 1);
    if (st == SIM_OK) st = calibrate(&a);
    int code = cli_exit(&m, st);
    cli_mpi_end(&m);
    return code;
}
