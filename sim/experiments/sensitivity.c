/**
 * @file sensitivity.c
 * @brief SA files (syntax in sensitivity.h): parsing with the config layer, the
 *        Morris or Saltelli design, and the sweep that runs every design point for
 *        every scenario.
 */
#include "sim/experiments/sensitivity.h"
#include "sim/engine/number.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine/config.h"
#include "sim/engine/strbuf.h"
#include "sim/experiments/sobol_sa.h"

/* Keys [sensitivity] may hold, and which method each belongs to (-1: both). */
static const struct {
    const char *key;
    int method;
} sa_keys[] = {
    {"method", -1},       {"base", -1},         {"policies", -1},   {"outputs", -1},   {"replications", -1},
    {"block", -1},        {"seed", -1},         {"design_seed", -1}, {"bootstrap", -1}, {"confidence", -1},
    {"trajectories", SA_MORRIS}, {"levels", SA_MORRIS}, {"candidates", SA_MORRIS}, {"samples", SA_SOBOL},
};

const char *sa_method_name(sa_method m) { return m == SA_MORRIS ? "morris" : "sobol"; }

void sa_study_destroy(sa_study **sp)
{
    sa_study *s = sp ? *sp : NULL;
    if (!s) return;
    free(s->path);
    for (int i = 0; s->scen_paths && i < s->nscen; i++) free(s->scen_paths[i]);
    free(s->scen_paths);
    free(s->scen_names);
    for (int i = 0; s->scen_configs && i < s->nscen; i++) free(s->scen_configs[i]);
    free(s->scen_configs);
    free(s->factors);
    free(s->lo);
    free(s->hi);
    free(s->unit);
    sweep_destroy(&s->run);
    free(s);
    *sp = NULL;
}

/* ------------------------------------------------------------------------- */
/* Values of [sensitivity]                                                    */

static sim_status get_long(const cfg_doc *doc, const char *key, long min, long max, int required, long *out,
                           int *found)
{
    const char *v = cfg_doc_get(doc, "sensitivity", key);
    *found = v != NULL;
    if (!v) {
        if (required) return SIM_FAIL(SIM_ERR_CONFIG, "%s: [sensitivity] %s: missing", cfg_doc_path(doc), key);
        return SIM_OK;
    }
    char *end = NULL;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno || end == v || *end != '\0' || x < min || x > max)
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: [sensitivity] %s: expected a whole number from %ld to %ld, got '%s'",
                        cfg_doc_origin(doc, "sensitivity", key), key, min, max, v);
    *out = x;
    return SIM_OK;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
    return s;
}

/* Split a comma-separated value into at most max trimmed items (in the copy *buf, caller frees). */
static sim_status split_list(const cfg_doc *doc, const char *key, char **buf, char **items, int max, int *n)
{
    const char *v = cfg_doc_get(doc, "sensitivity", key);
    *n = 0;
    *buf = NULL;
    if (!v) return SIM_OK;
    if (!(*buf = strdup(v))) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    for (char *p = *buf;;) {
        char *c = strchr(p, ',');
        if (c) *c = '\0';
        char *item = trim(p);
        if (!item[0])
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [sensitivity] %s: empty item in '%s'",
                            cfg_doc_origin(doc, "sensitivity", key), key, v);
        if (*n == max)
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [sensitivity] %s: at most %d items",
                            cfg_doc_origin(doc, "sensitivity", key), key, max);
        items[(*n)++] = item;
        if (!c) break;
        p = c + 1;
    }
    return SIM_OK;
}

/* Check every key of the file: known sections, known keys, method-specific keys for the right method. */
static sim_status check_keys(const sa_study *s, const cfg_doc *doc)
{
    for (size_t i = 0; i < cfg_doc_size(doc); i++) {
        const char *section, *key;
        cfg_doc_key(doc, i, &section, &key);
        const char *origin = cfg_doc_origin(doc, section, key);
        if (strcmp(section, "parameters") == 0) continue;
        if (strcmp(section, "sensitivity") != 0)
            return SIM_FAIL(SIM_ERR_CONFIG,
                            "%s: [%s] %s: an SA file holds only [sensitivity] and [parameters] (put scenario keys "
                            "in the base or a policy scenario)",
                            origin, section, key);
        int known = -2;
        for (size_t j = 0; j < sizeof sa_keys / sizeof sa_keys[0]; j++)
            if (strcmp(sa_keys[j].key, key) == 0) known = sa_keys[j].method;
        if (known == -2)
            return SIM_FAIL(SIM_ERR_CONFIG,
                            "%s: [sensitivity] %s: unknown key (expected method, base, policies, outputs, "
                            "replications, block, seed, design_seed, bootstrap, confidence, trajectories, levels, "
                            "candidates or samples)",
                            origin, key);
        if (known >= 0 && known != (int)s->method)
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [sensitivity] %s: only the %s method takes this key", origin, key,
                            sa_method_name((sa_method)known));
    }
    return SIM_OK;
}

/* Scenarios: base, then policies, resolved beside the SA file. */
static sim_status read_scenarios(sa_study *s, const cfg_doc *doc)
{
    const char *base = cfg_doc_get(doc, "sensitivity", "base");
    if (!base || !base[0])
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: [sensitivity] base: missing (the scenario the factors are varied in)",
                        s->path);
    char *buf = NULL, *items[SA_MAX_SCENARIOS];
    int n = 0;
    sim_status st = split_list(doc, "policies", &buf, items, SA_MAX_SCENARIOS - 1, &n);
    s->scen_paths = calloc((size_t)n + 1, sizeof *s->scen_paths);
    s->scen_names = calloc((size_t)n + 1, sizeof *s->scen_names);
    if (st == SIM_OK && (!s->scen_paths || !s->scen_names)) st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    for (int i = 0; st == SIM_OK && i <= n; i++) {
        if (!(s->scen_paths[i] = cfg_path_beside(s->path, i == 0 ? base : items[i - 1])))
            st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
        else s->nscen++;
    }
    free(buf);
    return st;
}

static sim_status read_outputs(sa_study *s, const cfg_doc *doc)
{
    char *buf = NULL, *items[SA_MAX_OUTPUTS];
    int n = 0;
    sim_status st = split_list(doc, "outputs", &buf, items, SA_MAX_OUTPUTS, &n);
    if (st == SIM_OK && n == 0)
        st = SIM_FAIL(SIM_ERR_CONFIG, "%s: [sensitivity] outputs: missing (metric names such as arrivals, deaths, cost)",
                      s->path);
    for (int i = 0; st == SIM_OK && i < n; i++) {
        const sim_metric_set *ms = scenario_metric_set();
        int m = metric_set_find(ms, METRIC_WEEKLY, items[i]);
        if (m < 0) {
            strbuf names = {0};
            for (int j = 0; j < ms->nweekly; j++) strbuf_printf(&names, "%s%s", j ? ", " : "", ms->weekly[j].name);
            st = SIM_FAIL(SIM_ERR_CONFIG, "%s: [sensitivity] outputs: unknown metric '%s' (expected one of %s)",
                          cfg_doc_origin(doc, "sensitivity", "outputs"), items[i], names.buf ? names.buf : "");
            free(names.buf);
        }
        for (int j = 0; st == SIM_OK && j < s->nmetrics; j++)
            if (s->metrics[j] == m)
                st = SIM_FAIL(SIM_ERR_CONFIG, "%s: [sensitivity] outputs: '%s' is named twice",
                              cfg_doc_origin(doc, "sensitivity", "outputs"), items[i]);
        if (st == SIM_OK) s->metrics[s->nmetrics++] = m;
    }
    free(buf);
    return st;
}

/* Factors: every [parameters] line, in file order, with the sweep's range syntax. */
static sim_status read_factors(sa_study *s, const cfg_doc *doc)
{
    size_t n = 0;
    for (size_t i = 0; i < cfg_doc_size(doc); i++) {
        const char *section, *key;
        cfg_doc_key(doc, i, &section, &key);
        n += strcmp(section, "parameters") == 0;
    }
    if (n == 0) return SIM_FAIL(SIM_ERR_CONFIG, "%s: [parameters]: no factors", s->path);
    if (n > MORRIS_MAX_FACTORS)
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: [parameters]: %zu factors; at most %d", s->path, n, MORRIS_MAX_FACTORS);
    SIM_CALLOC(s->factors, n);
    SIM_CALLOC(s->lo, n);
    SIM_CALLOC(s->hi, n);
    for (size_t i = 0; i < cfg_doc_size(doc); i++) {
        const char *section, *key;
        cfg_doc_key(doc, i, &section, &key);
        if (strcmp(section, "parameters") != 0) continue;
        int j = s->nfactors;
        const char *origin = cfg_doc_origin(doc, "parameters", key);
        SIM_CHECK(sweep_parse_range(key, cfg_doc_get(doc, "parameters", key), origin, &s->factors[j], &s->lo[j],
                                    &s->hi[j]));
        for (int a = 0; a < j; a++)
            for (int x = 0; x < s->factors[j].nkeys; x++)
                for (int y = 0; y < s->factors[a].nkeys; y++)
                    if (strcmp(s->factors[j].keys[x], s->factors[a].keys[y]) == 0)
                        return SIM_FAIL(SIM_ERR_CONFIG, "%s: [parameters] %s: '%s' is already a factor (%s)", origin,
                                        key, s->factors[j].keys[x], s->factors[a].name);
        /* A whole-number factor needs distinct values at the Morris grid levels. */
        if (s->method == SA_MORRIS && s->factors[j].type != CFG_DOUBLE &&
            s->hi[j] - s->lo[j] < (double)(s->morris.levels - 1))
            return SIM_FAIL(SIM_ERR_CONFIG,
                            "%s: [parameters] %s: a whole-number range of %g cannot hold %d distinct grid levels",
                            origin, key, s->hi[j] - s->lo[j], s->morris.levels);
        s->nfactors++;
    }
    return SIM_OK;
}

static sim_status read_settings(sa_study *s, const cfg_doc *doc, const sweep_options *o, long *reps, long *block,
                                long *seed)
{
    int found;
    SIM_CHECK(get_long(doc, "replications", 2, 1000000, o->reps <= 0, reps, &found));
    if (o->reps > 0) *reps = o->reps;
    if (*reps < 2)
        return SIM_FAIL(SIM_ERR_USAGE, "%s: a sensitivity study needs at least 2 replications (for the noise share)",
                        s->path);
    SIM_CHECK(get_long(doc, "seed", 0, 2147483647L, 1, seed, &found));
    if (o->seed >= 0) *seed = o->seed;
    SIM_CHECK(get_long(doc, "block", 1, 1000000, 0, block, &found));
    if (!found) *block = *reps < SWEEP_DEFAULT_BLOCK ? *reps : SWEEP_DEFAULT_BLOCK;
    if (*block > *reps) *block = *reps;
    long dseed = *seed, boot = SA_DEFAULT_BOOTSTRAP;
    SIM_CHECK(get_long(doc, "design_seed", 0, 2147483647L, 0, &dseed, &found));
    s->design_seed = (uint32_t)dseed;
    SIM_CHECK(get_long(doc, "bootstrap", 1, SA_MAX_BOOTSTRAP, 0, &boot, &found));
    s->bootstrap = (int)boot;
    s->confidence = SA_DEFAULT_CONFIDENCE;
    const char *c = cfg_doc_get(doc, "sensitivity", "confidence");
    if (c) {
        double x = 0;
        if (num_parse(c, &x) != NUM_OK || !(x > 0 && x < 1))
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [sensitivity] confidence: expected a number between 0 and 1, got '%s'",
                            cfg_doc_origin(doc, "sensitivity", "confidence"), c);
        s->confidence = x;
    }
    if (s->method == SA_MORRIS) {
        long r = 0, levels = SA_DEFAULT_LEVELS, cand = 0;
        SIM_CHECK(get_long(doc, "trajectories", 1, 100000, 1, &r, &found));
        if (r < MORRIS_MIN_TRAJECTORIES)
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [sensitivity] trajectories: %ld are too few for Morris screening (need "
                                            "at least %d for sigma and the bootstrap)",
                            cfg_doc_origin(doc, "sensitivity", "trajectories"), r, MORRIS_MIN_TRAJECTORIES);
        SIM_CHECK(get_long(doc, "levels", 2, 1000, 0, &levels, &found));
        if (levels % 2)
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [sensitivity] levels: must be even (got %ld)",
                            cfg_doc_origin(doc, "sensitivity", "levels"), levels);
        cand = r;
        SIM_CHECK(get_long(doc, "candidates", r, MORRIS_MAX_CANDIDATES, 0, &cand, &found));
        s->morris = (morris_spec){.factors = 0, .trajectories = (int)r, .levels = (int)levels,
                                  .candidates = (int)cand, .seed = s->design_seed};
    } else {
        long n = 0;
        SIM_CHECK(get_long(doc, "samples", 1, 10000000, 1, &n, &found));
        if (n < SOBOL_SA_MIN_SAMPLES)
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [sensitivity] samples: %ld are too few for Sobol indices (need at "
                                            "least %d)",
                            cfg_doc_origin(doc, "sensitivity", "samples"), n, SOBOL_SA_MIN_SAMPLES);
        s->samples = (size_t)n;
    }
    return SIM_OK;
}

/* ------------------------------------------------------------------------- */
/* Design and sweep                                                           */

/* The unit design, each factor's values (whole-number keys rounded) and the positions they give. */
static sim_status build_design(sa_study *s, size_t max_points, double **values)
{
    int k = s->nfactors;
    double *u = NULL;
    /* The design's size is known before it is built: refuse one over the caller's bound (fuzzing). */
    s->morris.factors = k;
    size_t want = s->method == SA_MORRIS ? morris_points(&s->morris) : sobol_sa_points(k, s->samples);
    /* Morris draws its trajectories from candidates of the same shape. */
    if (s->method == SA_MORRIS && (size_t)s->morris.candidates * (size_t)(k + 1) > want)
        want = (size_t)s->morris.candidates * (size_t)(k + 1);
    if (max_points > 0 && want > max_points)
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: the design has %zu points, more than the %zu allowed", s->path, want,
                        max_points);
    if (s->method == SA_MORRIS) {
        s->morris.factors = k;
        SIM_CHECK(morris_design(&s->morris, &u));
        s->ndesign = morris_points(&s->morris);
    } else {
        if (k > SOBOL_SA_MAX_FACTORS) {
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [parameters]: %d factors; Sobol indices take at most %d (screen "
                                            "with method = morris first)", s->path, k, SOBOL_SA_MAX_FACTORS);
        }
        SIM_CHECK(sobol_sa_design(k, s->samples, &u));
        s->ndesign = sobol_sa_points(k, s->samples);
    }
    double *v = calloc(s->ndesign * (size_t)k, sizeof *v);
    if (!v) {
        free(u);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory for %zu design points", s->ndesign);
    }
    for (size_t i = 0; i < s->ndesign; i++)
        for (int j = 0; j < k; j++) {
            size_t at = i * (size_t)k + (size_t)j;
            double x = s->lo[j] + u[at] * (s->hi[j] - s->lo[j]);
            if (s->factors[j].type != CFG_DOUBLE) x = nearbyint(x);
            if (x > s->hi[j]) x = s->hi[j]; /* lo + 1 (hi - lo) can round past hi */
            v[at] = x;
            /* Effects are per whole range, at the values actually run. */
            u[at] = (x - s->lo[j]) / (s->hi[j] - s->lo[j]);
        }
    s->unit = u;
    *values = v;
    return SIM_OK;
}

/* The canonical description of what runs (not of the analysis: outputs, bootstrap and confidence may change). */
static sim_status describe(const sa_study *s, sweep *w, char **configs)
{
    strbuf t = {0};
    strbuf_printf(&t, "chansim sensitivity definition 1\nmethod = %s\nreplications = %d\nblock = %d\nseed = %u\n",
                  sa_method_name(s->method), w->reps, w->block, w->seed);
    if (s->method == SA_MORRIS)
        strbuf_printf(&t, "trajectories = %d\nlevels = %d\ncandidates = %d\ndesign_seed = %u\n", s->morris.trajectories,
                      s->morris.levels, s->morris.candidates, s->design_seed);
    else strbuf_printf(&t, "samples = %zu\n", s->samples);
    for (int i = 0; i < s->nscen; i++) strbuf_printf(&t, "scenario %d = %s\n", i, s->scen_names[i]);
    for (int j = 0; j < s->nfactors; j++) {
        char lo[64], hi[64];
        sweep_format_value(&s->factors[j], s->lo[j], lo, sizeof lo);
        sweep_format_value(&s->factors[j], s->hi[j], hi, sizeof hi);
        strbuf_printf(&t, "factor %s =", s->factors[j].name);
        for (int k = 0; k < s->factors[j].nkeys; k++) strbuf_printf(&t, "%s %s", k ? " +" : "", s->factors[j].keys[k]);
        strbuf_printf(&t, " %s:%s  ; %s\n", lo, hi, s->factors[j].unit);
    }
    for (size_t i = 0; i < w->nsets; i++) strbuf_printf(&t, "set %s\n", w->sets[i]);
    for (int i = 0; i < s->nscen; i++) {
        strbuf_printf(&t, "\n; scenario %d values\n", i);
        sweep_append_values(&t, configs[i]);
    }
    if (t.failed) {
        free(t.buf);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory describing the study");
    }
    w->definition = t.buf;
    uint64_t h = sweep_fnv1a(SWEEP_FNV_OFFSET, t.buf, t.len);
    h = sweep_fnv1a(h, w->points, w->npoints * (size_t)w->nparams * sizeof *w->points);
    w->hash = h;
    snprintf(w->hash_hex, sizeof w->hash_hex, "%016llx", (unsigned long long)h);
    return SIM_OK;
}

/* Every scenario loaded once: names (distinct), configs for the definition and provenance. */
static sim_status load_scenarios(sa_study *s, sweep *w, char **configs)
{
    for (int i = 0; i < s->nscen; i++) {
        scenario *sc = NULL;
        SIM_CHECK(sweep_scenario_load(s->scen_paths[i], (const char *const *)w->sets, w->nsets, &sc));
        snprintf(s->scen_names[i], sizeof s->scen_names[i], "%s", sc->name);
        configs[i] = sc->config_text;
        sc->config_text = NULL;
        scenario_destroy(&sc);
        for (int j = 0; j < i; j++)
            if (strcmp(s->scen_names[j], s->scen_names[i]) == 0)
                return SIM_FAIL(SIM_ERR_CONFIG, "%s: [sensitivity]: scenario '%s' is named twice (%s and %s)", s->path,
                                s->scen_names[i], s->scen_paths[j], s->scen_paths[i]);
    }
    return SIM_OK;
}

static sim_status build_sweep(sa_study *s, const char *base_written, const sweep_options *o, const double *values,
                              long reps, long block, long seed)
{
    sweep *w;
    SIM_CALLOC(w, 1);
    s->run = w;
    w->metrics = scenario_metric_set();
    int k = s->nfactors, ns = s->nscen;
    w->path = strdup(s->path);
    w->base_path = strdup(s->scen_paths[0]);
    w->base = strdup(base_written);
    if (!w->path || !w->base_path || !w->base) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    SIM_CALLOC(w->sets, o->nsets ? o->nsets : 1);
    for (size_t i = 0; i < o->nsets; i++) {
        if (!(w->sets[i] = strdup(o->sets[i]))) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
        w->nsets++;
    }
    w->design = DESIGN_LIST;
    w->reps = (int)reps;
    w->block = (int)block;
    w->seed = (uint32_t)seed;
    w->design_seed = s->design_seed;
    w->nparams = k + 1;
    SIM_CALLOC(w->params, (size_t)k + 1);
    sweep_param *col = &w->params[0];
    snprintf(col->name, sizeof col->name, "scenario");
    col->type = CFG_INT;
    col->max = ns - 1;
    snprintf(col->unit, sizeof col->unit, "index");
    snprintf(col->origin, sizeof col->origin, "%s", s->path);
    memcpy(w->params + 1, s->factors, (size_t)k * sizeof *s->factors);
    w->npoints = s->ndesign * (size_t)ns;
    SIM_CALLOC(w->points, w->npoints * (size_t)(k + 1));
    for (size_t d = 0; d < s->ndesign; d++)
        for (int sc = 0; sc < ns; sc++) {
            double *row = w->points + (d * (size_t)ns + (size_t)sc) * (size_t)(k + 1);
            row[0] = sc;
            memcpy(row + 1, values + d * (size_t)k, (size_t)k * sizeof *row);
        }
    SIM_CALLOC(w->base_paths, (size_t)ns);
    for (int i = 0; i < ns; i++) {
        if (!(w->base_paths[i] = strdup(s->scen_paths[i]))) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
        w->nbases++;
    }
    SIM_CALLOC(s->scen_configs, (size_t)ns);
    SIM_CHECK(load_scenarios(s, w, s->scen_configs));
    snprintf(w->base_name, sizeof w->base_name, "%s", s->scen_names[0]);
    SIM_CHECK(describe(s, w, s->scen_configs));
    if (!(w->base_config = strdup(s->scen_configs[0]))) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    if (!o->skip_validation) SIM_CHECK(sweep_validate_points(w));
    return SIM_OK;
}

static sim_status load_body(sa_study *s, const cfg_doc *doc, const sweep_options *o)
{
    /* A parent's [parameters] would silently become factors: the base names the scenario instead. */
    if (cfg_doc_extends(doc))
        return SIM_FAIL(SIM_ERR_CONFIG,
                        "%s: extends: an SA file has no parent (name the scenario in [sensitivity] base)", s->path);
    const char *m = cfg_doc_get(doc, "sensitivity", "method");
    if (!m) return SIM_FAIL(SIM_ERR_CONFIG, "%s: [sensitivity] method: missing (morris or sobol)", s->path);
    if (strcmp(m, "morris") == 0) s->method = SA_MORRIS;
    else if (strcmp(m, "sobol") == 0) s->method = SA_SOBOL;
    else
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: [sensitivity] method: unknown method '%s' (expected morris or sobol)",
                        cfg_doc_origin(doc, "sensitivity", "method"), m);
    SIM_CHECK(check_keys(s, doc));
    long reps = 0, block = 0, seed = 0;
    SIM_CHECK(read_settings(s, doc, o, &reps, &block, &seed));
    SIM_CHECK(read_scenarios(s, doc));
    SIM_CHECK(read_outputs(s, doc));
    SIM_CHECK(read_factors(s, doc));
    double *values = NULL;
    SIM_CHECK(build_design(s, o->max_points, &values));
    sim_status st = build_sweep(s, cfg_doc_get(doc, "sensitivity", "base"), o, values, reps, block, seed);
    free(values);
    return st;
}

sim_status sa_study_load(const char *path, const sweep_options *o, sa_study **out)
{
    *out = NULL;
    sweep_options none = {.seed = -1};
    if (!o) o = &none;
    sa_study *s;
    SIM_CALLOC(s, 1);
    cfg_doc *doc = NULL;
    sim_status st = SIM_OK;
    if (!(s->path = strdup(path))) st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    if (st == SIM_OK) st = cfg_doc_load(path, &doc);
    if (st == SIM_OK) st = load_body(s, doc, o);
    cfg_doc_destroy(&doc);
    if (st != SIM_OK) {
        sim_trace_at(__FILE__, __LINE__, __func__);
        sa_study_destroy(&s);
        return st;
    }
    *out = s;
    return SIM_OK;
}
