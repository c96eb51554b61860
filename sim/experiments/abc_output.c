/**
 * @file abc_output.c
 * @brief Writing a calibration's /calibration group (layout in abc_output.h) with the
 *        results file's own helpers, so it follows the same conventions (no timestamps,
 *        creation order, compression) and stays h5diff-identical run to run.
 */
#include "sim/experiments/abc_output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine/date.h"
#include "sim/io/output.h"

static const char method[] =
    "adaptive population Monte Carlo ABC (Lenormand, Jabot & Deffuant 2013, Computational Statistics "
    "28:2777-2796; after Beaumont, Cornuet, Marin & Robert 2009, Biometrika 96:983-990)";

/* A string attribute on dataset `name` under `loc`. */
static sim_status dataset_attr(hid_t loc, const char *name, const char *attr, const char *value)
{
    hid_t d = H5Dopen2(loc, name, H5P_DEFAULT);
    if (d < 0) return SIM_FAIL(SIM_ERR_IO, "cannot reopen dataset '%s' to label it", name);
    sim_status st = out_write_attr_string(d, attr, value);
    out_close(&d);
    return st;
}

/* "a,b,c" from n names (caller frees), or NULL without memory. */
static char *join(const char *const *names, int n)
{
    size_t len = 1;
    for (int i = 0; i < n; i++) len += strlen(names[i]) + 1;
    char *s = malloc(len);
    if (!s) return NULL;
    s[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (i) strcat(s, ",");
        strcat(s, names[i]);
    }
    return s;
}

static sim_status write_attributes(hid_t g, const abc_config *cfg, const abc_model *m, const abc_result *r,
                                   int rejected, const char *params, const char *stats)
{
    char d[4][16];
    cfg_format_date(m->obs->first_day, d[0], sizeof d[0]);
    cfg_format_date(m->obs->first_day + m->obs->days - 1, d[1], sizeof d[1]);
    cfg_format_date(m->window_first, d[2], sizeof d[2]);
    cfg_format_date(m->window_end - 1, d[3], sizeof d[3]);
    SIM_CHECK(out_write_attr_string(g, "method", method));
    SIM_CHECK(out_write_attr_string(g, "calibration_file", cfg->path));
    SIM_CHECK(out_write_attr_string(g, "base_scenario", cfg->scenario));
    SIM_CHECK(out_write_attr_string(g, "data_dir", cfg->data_dir));
    SIM_CHECK(out_write_attr_string(g, "data_first", d[0]));
    SIM_CHECK(out_write_attr_string(g, "data_last", d[1]));
    SIM_CHECK(out_write_attr_string(g, "window_first", d[2]));
    SIM_CHECK(out_write_attr_string(g, "window_last", d[3]));
    SIM_CHECK(out_write_attr_int(g, "seed", (int)cfg->seed));
    SIM_CHECK(out_write_attr_int(g, "particles", cfg->particles));
    SIM_CHECK(out_write_attr_int(g, "kept", r->kept));
    SIM_CHECK(out_write_attr_int(g, "replications", cfg->replications));
    SIM_CHECK(out_write_attr_string(g, "weights", abc_weighting_names[cfg->weighting]));
    SIM_CHECK(out_write_attr_int(g, "generations", r->generations));
    SIM_CHECK(out_write_attr_string(g, "stopped_on", r->stopped_on_acceptance ? "min_acceptance" : "max_generations"));
    SIM_CHECK(out_write_attr_int(g, "simulations", r->total_simulations));
    SIM_CHECK(out_write_attr_int(g, "rejected", rejected));
    SIM_CHECK(out_write_attr_string(g, "parameters", params));
    SIM_CHECK(out_write_attr_string(g, "statistics", stats));
    SIM_CHECK(out_write_attr_string(g, "calibrated_config", cfg->output_config));
    return SIM_OK;
}

static sim_status write_generations(hid_t parent, const abc_result *r, double *buf)
{
    sim_status st = SIM_OK;
    hid_t g = H5I_INVALID_HID;
    const hsize_t dims[1] = {(hsize_t)r->generations};
    SIM_TRY(out_create_group(parent, "generations", &g));
    for (int t = 0; t < r->generations; t++) buf[t] = r->history[t].epsilon;
    SIM_TRY(out_write_doubles(g, "epsilon", 1, dims, buf, "-", "tolerance: largest kept distance"));
    for (int t = 0; t < r->generations; t++) buf[t] = r->history[t].acceptance;
    SIM_TRY(out_write_doubles(g, "acceptance", 1, dims, buf, "probability",
                              "share of new particles closer than the previous tolerance"));
    for (int t = 0; t < r->generations; t++) buf[t] = r->history[t].simulations;
    SIM_TRY(out_write_doubles(g, "simulations", 1, dims, buf, "-", "parameter vectors simulated"));
    for (int t = 0; t < r->generations; t++) buf[t] = r->history[t].ess;
    SIM_TRY(out_write_doubles(g, "ess", 1, dims, buf, "-", "effective sample size of the kept weights"));
    for (int t = 0; t < r->generations; t++) buf[t] = r->history[t].inside;
    SIM_TRY(out_write_doubles(g, "inside", 1, dims, buf, "probability",
                              "mean over the generation's proposals of the kernel's mass inside the prior's support along "
                              "the draw (the chance an untruncated move would stay inside; 1 for generation 0)"));
done:
    out_close(&g);
    return st;
}

static sim_status write_populations(hid_t parent, const abc_result *r, const char *params)
{
    sim_status st = SIM_OK;
    hid_t g = H5I_INVALID_HID, pop = H5I_INVALID_HID;
    const int K = r->kept, P = r->dim;
    const hsize_t d2[2] = {(hsize_t)K, (hsize_t)P}, d1[1] = {(hsize_t)K};
    SIM_TRY(out_create_group(parent, "populations", &g));
    for (int t = 0; t < r->generations; t++) {
        char name[16];
        snprintf(name, sizeof name, "%d", t);
        SIM_TRY(out_create_group(g, name, &pop));
        SIM_TRY(out_write_doubles(pop, "theta", 2, d2, r->pop_theta + (size_t)t * K * P, NULL, "kept parameter sets"));
        SIM_TRY(dataset_attr(pop, "theta", "columns", params));
        SIM_TRY(out_write_doubles(pop, "weight", 1, d1, r->pop_weight + (size_t)t * K, "-", "normalised weights"));
        SIM_TRY(out_write_doubles(pop, "distance", 1, d1, r->pop_distance + (size_t)t * K, "-", "distances"));
        out_close(&pop);
    }
done:
    out_close(&pop);
    out_close(&g);
    return st;
}

static const char *transform_title(abc_transform t)
{
    return t == ABC_SCALE ? "factor on the default list"
           : t == ABC_CONTRAST ? "stretch of the default list about its mean"
                               : "value";
}

static sim_status write_posterior(hid_t parent, const abc_config *cfg, const abc_result *r, const double *summary,
                                  const char *params, double *buf)
{
    sim_status st = SIM_OK;
    hid_t g = H5I_INVALID_HID, pg = H5I_INVALID_HID;
    const int K = r->kept, P = r->dim;
    const hsize_t dk[1] = {(hsize_t)K}, ds[2] = {(hsize_t)P, 5};
    SIM_TRY(out_create_group(parent, "posterior", &g));
    SIM_TRY(out_write_doubles(g, "weight", 1, dk, r->weight, "-", "normalised importance weights"));
    SIM_TRY(out_write_doubles(g, "distance", 1, dk, r->distance, "-", "distance to the observed statistics"));
    SIM_TRY(out_write_doubles(g, "summary", 2, ds, summary, NULL, "weighted posterior summary of each parameter"));
    SIM_TRY(dataset_attr(g, "summary", "columns", "mean,sd,q05,q50,q95"));
    SIM_TRY(dataset_attr(g, "summary", "rows", params));
    SIM_TRY(out_create_group(g, "parameters", &pg));
    for (int a = 0; a < P; a++) {
        const abc_param *p = &cfg->params[a];
        for (int i = 0; i < K; i++) buf[i] = r->theta[(size_t)i * P + a];
        SIM_TRY(out_write_doubles(pg, p->name, 1, dk, buf, p->unit, transform_title(p->transform)));
        SIM_TRY(dataset_attr(pg, p->name, "prior", p->text));
        SIM_TRY(dataset_attr(pg, p->name, "origin", p->origin));
    }
done:
    out_close(&pg);
    out_close(&g);
    return st;
}

/* posterior/predictive, observed and scale datasets of statistic s. */
static sim_status write_statistic(hid_t pred, hid_t obs, hid_t scale, const abc_config *cfg, const abc_model *m,
                                  const abc_result *r, int s)
{
    sim_status st = SIM_OK;
    const int K = r->kept;
    int n = 0;
    for (int k = 0; k < m->ncomp; k++) n += m->group[k] == s;
    double *pp = malloc((size_t)K * n * sizeof *pp), *ob = malloc((size_t)n * sizeof *ob),
           *sc = malloc((size_t)n * sizeof *sc);
    char *labels = calloc((size_t)n, sizeof m->comp[0].period.label + 1);
    if (!pp || !ob || !sc || !labels) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
    int j = 0;
    for (int k = 0; k < m->ncomp; k++) {
        if (m->group[k] != s) continue;
        for (int i = 0; i < K; i++) pp[(size_t)i * n + j] = r->stats[(size_t)i * m->ncomp + k];
        ob[j] = m->observed[k];
        sc[j] = r->scale[k];
        if (j) strcat(labels, ",");
        strcat(labels, m->comp[k].period.label);
        j++;
    }
    const char *name = cfg->stats[s].name, *unit = obs_metric_units[cfg->stats[s].metric];
    char weight[32];
    snprintf(weight, sizeof weight, "%g", cfg->stats[s].weight);
    const hsize_t d2[2] = {(hsize_t)K, (hsize_t)n}, d1[1] = {(hsize_t)n};
    SIM_TRY(out_write_doubles(pred, name, 2, d2, pp, unit, "each kept particle's mean statistic (posterior predictive)"));
    SIM_TRY(out_write_doubles(obs, name, 1, d1, ob, unit, "the record's statistic"));
    SIM_TRY(out_write_doubles(scale, name, 1, d1, sc, unit, "distance scale: MAD of generation 0"));
    const hid_t locs[3] = {pred, obs, scale};
    for (int l = 0; l < 3; l++) {
        SIM_TRY(dataset_attr(locs[l], name, "periods", labels));
        SIM_TRY(dataset_attr(locs[l], name, "weight", weight));
    }
done:
    free(pp);
    free(ob);
    free(sc);
    free(labels);
    return st;
}

static sim_status write_statistics(hid_t parent, const abc_config *cfg, const abc_model *m, const abc_result *r)
{
    sim_status st = SIM_OK;
    hid_t post = H5I_INVALID_HID, pred = H5I_INVALID_HID, obs = H5I_INVALID_HID, scale = H5I_INVALID_HID;
    SIM_TRY(out_create_group(parent, "observed", &obs));
    SIM_TRY(out_create_group(parent, "scale", &scale));
    post = H5Gopen2(parent, "posterior", H5P_DEFAULT);
    if (post < 0) SIM_FAIL_GOTO(SIM_ERR_IO, "cannot reopen /calibration/posterior");
    SIM_TRY(out_create_group(post, "predictive", &pred));
    for (int s = 0; s < cfg->nstats; s++) SIM_TRY(write_statistic(pred, obs, scale, cfg, m, r, s));
done:
    out_close(&pred);
    out_close(&post);
    out_close(&obs);
    out_close(&scale);
    return st;
}

sim_status abc_output_write(hid_t file, const abc_config *cfg, const abc_model *m, const abc_result *r,
                            const double *summary, const int *particle_of_draw, int rejected)
{
    sim_status st = SIM_OK;
    hid_t g = H5I_INVALID_HID, ens = H5I_INVALID_HID;
    const char **pn = calloc((size_t)cfg->nparams, sizeof *pn), **sn = calloc((size_t)cfg->nstats, sizeof *sn);
    size_t nbuf = (size_t)r->kept;
    if (nbuf < (size_t)r->generations) nbuf = (size_t)r->generations;
    if (nbuf < (size_t)cfg->posterior_draws) nbuf = (size_t)cfg->posterior_draws;
    double *buf = malloc(nbuf * sizeof *buf);
    char *params = NULL, *stats = NULL;
    if (!pn || !sn || !buf) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
    for (int a = 0; a < cfg->nparams; a++) pn[a] = cfg->params[a].name;
    for (int s = 0; s < cfg->nstats; s++) sn[s] = cfg->stats[s].name;
    params = join(pn, cfg->nparams);
    stats = join(sn, cfg->nstats);
    if (!params || !stats) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");

    SIM_TRY(out_create_group(file, "calibration", &g));
    SIM_TRY(write_attributes(g, cfg, m, r, rejected, params, stats));
    SIM_TRY(write_generations(g, r, buf));
    SIM_TRY(write_populations(g, r, params));
    SIM_TRY(write_posterior(g, cfg, r, summary, params, buf));
    SIM_TRY(write_statistics(g, cfg, m, r));
    SIM_TRY(out_create_group(g, "ensemble", &ens));
    for (int j = 0; j < cfg->posterior_draws; j++) buf[j] = particle_of_draw[j];
    const hsize_t de[1] = {(hsize_t)cfg->posterior_draws};
    SIM_TRY(out_write_doubles(ens, "particle", 1, de, buf, "-",
                              "index in posterior/ of the parameter set behind each replication of the ensemble"));
done:
    out_close(&ens);
    out_close(&g);
    free(pn);
    free(sn);
    free(buf);
    free(params);
    free(stats);
    return st;
}
