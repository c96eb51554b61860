/**
 * @file sweep.c
 * @brief Sweep files (syntax in sweep.h and docs/hpc.md): parsing with the config
 *        layer, parameter specs, design expansion, validation of every point, and
 *        the hash that identifies a sweep across resumes, shards and merges.
 *
 * The config layer owns the file's keys, values and their origins (cfg_doc_key,
 * cfg_doc_get, cfg_doc_origin); [parameters] columns come in the document's order.
 */
#include "sim/experiments/sweep.h"
#include "sim/engine/number.h"
#include "sim/engine/strbuf.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "models/model.h"
#include "sim/run/runner.h"

/* Sections of a sweep file that scenario binding must leave alone. */
static const char *const sweep_sections[] = {"sweep", "parameters", NULL};

/*
 * A sweep point is one parameter set: the base's ensemble ([run] ensemble) is turned
 * off by an override that comes before the sweep's own, and a sweep that sets it again
 * is refused rather than run on one draw.
 */
sim_status sweep_scenario_load(const char *path, const char *const *sets, size_t nsets, scenario **out)
{
    const char **all = malloc((nsets + 1) * sizeof *all);
    if (!all) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    all[0] = "run.ensemble=none";
    for (size_t i = 0; i < nsets; i++) all[i + 1] = sets[i];
    sim_status st = scenario_load(path, all, nsets + 1, sweep_sections, out);
    free(all);
    if (st == SIM_OK && (*out)->ndraws > 0) {
        scenario_destroy(out);
        st = SIM_FAIL(SIM_ERR_CONFIG, "%s: [run] ensemble: a sweep runs one parameter set per point; leave it none",
                      path);
    }
    return st;
}

/* Keys [sweep] may hold. */
static const char *const sweep_keys[] = {"base", "design", "replications", "block", "seed",
                                         "samples", "design_seed", "points", NULL};

uint64_t sweep_fnv1a(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* ------------------------------------------------------------------------- */
/* Keys and values                                                            */

static int is_key_char(char c) { return islower((unsigned char)c) || isdigit((unsigned char)c) || c == '_'; }

/* Find "section.key" or "section.key[i]" in the tables; fills p's type, range and unit. */
static sim_status bind_key(const cfg_table *tables, size_t nt, const char *origin, const char *label, const char *text,
                           sweep_param *p)
{
    char section[64], key[64];
    int index = -1;
    const char *dot = strchr(text, '.');
    const char *br = strchr(text, '[');
    size_t slen = dot ? (size_t)(dot - text) : 0;
    size_t klen = dot ? (br ? (size_t)(br - dot - 1) : strlen(dot + 1)) : 0;
    if (!dot || slen == 0 || slen >= sizeof section || klen == 0 || klen >= sizeof key)
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: [parameters] %s: '%s' is not a config key (expected section.key)", origin,
                        label, text);
    memcpy(section, text, slen);
    section[slen] = '\0';
    memcpy(key, dot + 1, klen);
    key[klen] = '\0';
    if (br) {
        char *end = NULL;
        errno = 0;
        long i = strtol(br + 1, &end, 10);
        if (errno || end == br + 1 || *end != ']' || end[1] != '\0' || i < 0 || i > 1000000)
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [parameters] %s: '%s': expected a list index like key[0]", origin,
                            label, text);
        index = (int)i;
    }
    const cfg_param *cp = NULL;
    for (size_t t = 0; t < nt && !cp; t++)
        for (size_t i = 0; i < tables[t].count; i++)
            if (strcmp(tables[t].params[i].section, section) == 0 && strcmp(tables[t].params[i].key, key) == 0) {
                cp = &tables[t].params[i];
                break;
            }
    if (!cp)
        return SIM_FAIL(SIM_ERR_CONFIG,
                        "%s: [parameters] %s: no config key '%s.%s' (bin/chansim params lists every key)", origin,
                        label, section, key);
    if (strcmp(section, "run") == 0)
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: [parameters] %s: '%s' cannot be swept; set [sweep] seed or replications",
                        origin, label, text);
    cfg_type type = cp->type;
    if (type == CFG_DOUBLE_LIST) {
        if (index < 0)
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [parameters] %s: '%s' is a list of %d numbers; sweep one element as %s[i]",
                            origin, label, text, cp->count, text);
        if (index >= cp->count)
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [parameters] %s: '%s': index %d is past the list's %d elements", origin,
                            label, text, index, cp->count);
        type = CFG_DOUBLE;
    } else if (index >= 0) {
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: [parameters] %s: '%s.%s' is not a list", origin, label, section, key);
    } else if (type == CFG_STRING || type == CFG_STRING_LIST) {
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: [parameters] %s: '%s' is text; only numbers and dates can be swept", origin,
                        label, text);
    }
    if (p->nkeys == 0) {
        p->type = type;
        p->min = cp->min;
        p->max = cp->max;
        snprintf(p->unit, sizeof p->unit, "%s", cp->unit ? cp->unit : "-");
    } else {
        if (type != p->type)
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [parameters] %s: linked keys must have the same type ('%s' differs)",
                            origin, label, text);
        if (cp->min > p->min) p->min = cp->min;
        if (cp->max < p->max) p->max = cp->max;
    }
    if (p->nkeys == SWEEP_MAX_LINKED)
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: [parameters] %s: at most %d linked keys", origin, label, SWEEP_MAX_LINKED);
    for (int i = 0; i < p->nkeys; i++)
        if (strcmp(p->keys[i], text) == 0)
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [parameters] %s: '%s' is linked twice", origin, label, text);
    snprintf(p->keys[p->nkeys++], SWEEP_KEY_MAX, "%s", text);
    return SIM_OK;
}

/* One value in the parameter's type and range; `what` describes it for messages. */
static sim_status parse_value(const sweep_param *p, const char *text, const char *where, double *v)
{
    if (p->type == CFG_DATE) {
        int day;
        if (strcmp(text, "never") == 0) {
            day = CFG_DATE_NEVER;
        } else if (cfg_parse_date(text, &day) != SIM_OK) {
            sim_error_clear();
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: '%s' is not a date (YYYY-MM-DD or never)", where, text);
        }
        *v = day;
    } else {
        double x = 0;
        num_status ns = num_parse(text, &x);
        if (ns != NUM_OK) return SIM_FAIL(SIM_ERR_CONFIG, "%s: '%s' is not a number (%s)", where, text, num_reason(ns));
        if (p->type != CFG_DOUBLE && x != floor(x))
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: '%s' is not a whole number", where, text);
        *v = x;
    }
    if (*v < p->min || *v > p->max) {
        char lo[32], hi[32];
        sweep_format_value(p, p->min, lo, sizeof lo);
        sweep_format_value(p, p->max, hi, sizeof hi);
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: %s is outside the allowed range %s to %s", where, text, lo, hi);
    }
    return SIM_OK;
}

void sweep_format_value(const sweep_param *p, double v, char *buf, size_t size)
{
    if (p->type == CFG_DATE) cfg_format_date((int)v, buf, size);
    else if (p->type == CFG_DOUBLE) num_format(v, buf, size); /* short, and reads back exactly */
    else snprintf(buf, size, "%.0f", v);
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
    return s;
}

/* A parsed spec: either explicit values or a range lo:hi[:count]. */
typedef struct {
    double *values;
    size_t nvalues;
    double lo, hi;
} param_spec;

/*
 * Parse "KEY [+ KEY...] SPEC" of one [parameters] line into p (keys) and spec.
 * Grid: "lo:hi:count" or "v1, v2, ..."; lhs and sobol: "lo:hi".
 */
static sim_status parse_param(const cfg_table *tables, size_t nt, design_kind kind, const char *label,
                              const char *value, const char *origin, sweep_param *p, param_spec *spec)
{
    memset(p, 0, sizeof *p);
    memset(spec, 0, sizeof *spec);
    /* The name labels output columns: cut short, two names could become one. */
    if (strlen(label) >= sizeof p->name)
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: [parameters] %.40s...: name is longer than %zu characters", origin, label,
                        sizeof p->name - 1);
    snprintf(p->name, sizeof p->name, "%s", label);
    snprintf(p->origin, sizeof p->origin, "%s", origin);
    const char *s = value;
    for (;;) {
        while (isspace((unsigned char)*s)) s++;
        const char *k = s;
        while (is_key_char(*s) || *s == '.' || *s == '[' || *s == ']') s++;
        if (s == k)
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [parameters] %s: expected 'section.key VALUES', got '%s'", origin,
                            label, value);
        char key[SWEEP_KEY_MAX];
        if ((size_t)(s - k) >= sizeof key)
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [parameters] %s: key is too long", origin, label);
        memcpy(key, k, (size_t)(s - k));
        key[s - k] = '\0';
        SIM_CHECK(bind_key(tables, nt, origin, label, key, p));
        while (isspace((unsigned char)*s)) s++;
        if (*s != '+') break;
        s++;
    }
    char *rest = strdup(s);
    if (!rest) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    char *t = trim(rest);
    char where[SWEEP_ORIGIN_MAX + SWEEP_KEY_MAX + 32];
    snprintf(where, sizeof where, "%s: [parameters] %s", origin, label);
    sim_status st = SIM_OK;
    if (!t[0]) {
        st = SIM_FAIL(SIM_ERR_CONFIG, "%s: no values after '%s' (expected %s)", where, p->keys[p->nkeys - 1],
                      kind == DESIGN_GRID ? "low:high:count or v1, v2, ..." : "a range low:high");
    } else if (strchr(t, ':')) {
        char *parts[4] = {0};
        int n = 0;
        for (char *q = t; n < 4;) {
            char *c = strchr(q, ':');
            if (c) *c = '\0';
            parts[n++] = trim(q);
            if (!c) break;
            q = c + 1;
        }
        if (n > 3 || (n == 3 && kind != DESIGN_GRID) || (n == 2 && kind == DESIGN_GRID))
            st = SIM_FAIL(SIM_ERR_CONFIG, "%s: malformed range '%s' (expected %s)", where, s,
                          kind == DESIGN_GRID ? "low:high:count" : "low:high; the design's samples give the count");
        if (st == SIM_OK) st = parse_value(p, parts[0], where, &spec->lo);
        if (st == SIM_OK) st = parse_value(p, parts[1], where, &spec->hi);
        if (st == SIM_OK && !(spec->lo < spec->hi))
            st = SIM_FAIL(SIM_ERR_CONFIG, "%s: empty range %s:%s (need low < high)", where, parts[0], parts[1]);
        if (st == SIM_OK && n == 3) {
            char *end = NULL;
            errno = 0;
            long count = strtol(parts[2], &end, 10);
            if (errno || end == parts[2] || *end || count < 2 || count > 1000000)
                st = SIM_FAIL(SIM_ERR_CONFIG, "%s: count '%s' must be a whole number from 2 to 1000000", where,
                              parts[2]);
            if (st == SIM_OK && !(spec->values = calloc((size_t)count, sizeof *spec->values)))
                st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
            for (long i = 0; st == SIM_OK && i < count; i++) {
                double x = spec->lo + (spec->hi - spec->lo) * (double)i / (double)(count - 1);
                if (i == count - 1) x = spec->hi; /* exact end, not lo + (hi - lo) rounded */
                spec->values[i] = p->type == CFG_DOUBLE ? x : nearbyint(x);
            }
            spec->nvalues = (size_t)count;
        }
    } else if (kind != DESIGN_GRID) {
        st = SIM_FAIL(SIM_ERR_CONFIG, "%s: a %s design needs a range low:high, got '%s'", where,
                      design_kind_name(kind), t);
    } else {
        size_t n = 1;
        for (const char *q = t; *q; q++) n += *q == ',';
        if (!(spec->values = calloc(n, sizeof *spec->values))) st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
        char *q = t;
        for (size_t i = 0; st == SIM_OK && i < n; i++) {
            char *c = strchr(q, ',');
            if (c) *c = '\0';
            char *item = trim(q);
            if (!item[0]) st = SIM_FAIL(SIM_ERR_CONFIG, "%s: value %zu of '%s' is empty", where, i + 1, value);
            else st = parse_value(p, item, where, &spec->values[i]);
            q = c ? c + 1 : q;
        }
        spec->nvalues = n;
    }
    free(rest);
    if (st != SIM_OK) {
        free(spec->values);
        spec->values = NULL;
    }
    return st;
}

sim_status sweep_parse_range(const char *label, const char *value, const char *origin, sweep_param *p, double *lo,
                             double *hi)
{
    cfg_table *tables = NULL;
    size_t nt = 0;
    SIM_CHECK(params_tables_create(&tables, &nt));
    param_spec spec;
    sim_status st = parse_param(tables, nt, DESIGN_LHS, label, value, origin, p, &spec);
    params_tables_destroy(&tables, nt);
    if (st != SIM_OK) return st;
    free(spec.values);
    *lo = spec.lo;
    *hi = spec.hi;
    return SIM_OK;
}

/* ------------------------------------------------------------------------- */
/* Loading                                                                    */

void sweep_destroy(sweep **sp)
{
    sweep *s = sp ? *sp : NULL;
    if (!s) return;
    free(s->path);
    free(s->base_path);
    free(s->base);
    free(s->base_config);
    free(s->params);
    free(s->points);
    for (size_t i = 0; i < s->nsets; i++) free(s->sets[i]);
    free(s->sets);
    for (int i = 0; s->base_paths && i < s->nbases; i++) free(s->base_paths[i]);
    free(s->base_paths);
    free(s->definition);
    free(s);
    *sp = NULL;
}

int sweep_blocks(const sweep *s) { return (s->reps + s->block - 1) / s->block; }

void sweep_block_range(const sweep *s, int b, int *first, int *count)
{
    *first = b * s->block;
    int n = s->reps - *first;
    *count = n < s->block ? n : s->block;
}

/* A whole number from [sweep]; `required` says whether a missing key is an error. */
static sim_status sweep_int(const cfg_doc *doc, const char *key, long min, long max, int required, long *out, int *found)
{
    const char *v = cfg_doc_get(doc, "sweep", key);
    *found = v != NULL;
    if (!v) {
        if (required)
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [sweep] %s: missing", cfg_doc_path(doc), key);
        return SIM_OK;
    }
    char *end = NULL;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno || end == v || *end != '\0' || x < min || x > max)
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: [sweep] %s: expected a whole number from %ld to %ld, got '%s'",
                        cfg_doc_origin(doc, "sweep", key), key, min, max, v);
    *out = x;
    return SIM_OK;
}

/* The resolved config without comments: only values matter to a sweep's identity. */
void sweep_append_values(strbuf *t, const char *config)
{
    const char *line = config;
    while (*line) {
        const char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        if (n > 0 && line[0] != ';') {
            const char *c = strstr(line, "  ; ");
            size_t keep = (c && c < line + n) ? (size_t)(c - line) : n;
            strbuf_printf(t, "%.*s\n", (int)keep, line);
        }
        line += n + (nl ? 1 : 0);
    }
}

/* Expand the design into s->points. specs[j] belong to s->params[j]. */
static sim_status expand(sweep *s, param_spec *specs, long samples, size_t max_points)
{
    int d = s->nparams;
    if (s->design == DESIGN_GRID) {
        design_axis axes[SWEEP_MAX_PARAMS];
        for (int j = 0; j < d; j++) axes[j] = (design_axis){specs[j].values, specs[j].nvalues};
        SIM_CHECK(design_grid(axes, d, max_points, &s->points, &s->npoints));
        return SIM_OK;
    }
    double lo[SWEEP_MAX_PARAMS], hi[SWEEP_MAX_PARAMS];
    for (int j = 0; j < d; j++) {
        lo[j] = specs[j].lo;
        hi[j] = specs[j].hi;
    }
    s->npoints = (size_t)samples;
    if (s->design == DESIGN_LHS) SIM_CHECK(design_lhs(lo, hi, d, s->npoints, s->design_seed, &s->points));
    else SIM_CHECK(design_sobol(lo, hi, d, s->npoints, &s->points));
    /* Whole-number keys take the nearest whole value. */
    for (int j = 0; j < d; j++)
        if (s->params[j].type != CFG_DOUBLE)
            for (size_t i = 0; i < s->npoints; i++) {
                double *x = &s->points[i * (size_t)d + (size_t)j];
                *x = nearbyint(*x);
            }
    return SIM_OK;
}

/* list design: keys from the CSV header, values from its rows. */
static sim_status load_list(sweep *s, const cfg_doc *doc, const cfg_table *tables, size_t nt, size_t max_points)
{
    const char *rel = cfg_doc_get(doc, "sweep", "points");
    if (!rel || !rel[0])
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: [sweep] points: missing (the list design reads its points from a CSV file)",
                        s->path);
    char *path = cfg_path_beside(s->path, rel);
    if (!path) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    design_csv *csv = NULL;
    sim_status st = design_csv_read(path, &csv);
    if (st == SIM_OK && csv->ncols > SWEEP_MAX_PARAMS)
        st = SIM_FAIL(SIM_ERR_CONFIG, "%s:1: %zu columns; at most %d parameters", path, csv->ncols, SWEEP_MAX_PARAMS);
    if (st == SIM_OK && csv->nrows > max_points)
        st = SIM_FAIL(SIM_ERR_CONFIG, "%s: more than %zu points", path, max_points);
    if (st == SIM_OK) {
        s->nparams = (int)csv->ncols;
        s->params = calloc(csv->ncols, sizeof *s->params);
        s->npoints = csv->nrows;
        s->points = calloc(csv->nrows * csv->ncols, sizeof *s->points);
        if (!s->params || !s->points) st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory for %zu points", csv->nrows);
    }
    char origin[SWEEP_ORIGIN_MAX];
    for (size_t j = 0; st == SIM_OK && j < csv->ncols; j++) {
        sweep_param *p = &s->params[j];
        snprintf(origin, sizeof origin, "%s:1", path);
        snprintf(p->name, sizeof p->name, "%s", csv->header[j]);
        snprintf(p->origin, sizeof p->origin, "%s", origin);
        st = bind_key(tables, nt, origin, csv->header[j], csv->header[j], p);
    }
    for (size_t i = 0; st == SIM_OK && i < csv->nrows; i++)
        for (size_t j = 0; st == SIM_OK && j < csv->ncols; j++) {
            char where[SWEEP_ORIGIN_MAX + SWEEP_KEY_MAX + 16];
            snprintf(where, sizeof where, "%s:%d: %s", path, csv->lines[i], csv->header[j]);
            st = parse_value(&s->params[j], csv->cells[i * csv->ncols + j], where,
                             &s->points[i * csv->ncols + j]);
        }
    design_csv_destroy(&csv);
    free(path);
    return st;
}

/* Every point bound as a scenario, in parallel; the lowest failing point is reported. */
sim_status sweep_validate_points(const sweep *s)
{
    size_t bad = SIZE_MAX;
    char message[2048] = "";
#pragma omp parallel for schedule(dynamic, 16)
    for (size_t i = 0; i < s->npoints; i++) {
        size_t known;
#pragma omp atomic read
        known = bad;
        if (i > known || runner_interrupted()) continue; /* a signal stops the check of a large design */
        scenario *sc = NULL;
        if (sweep_point_scenario(s, i, &sc) != SIM_OK) {
#pragma omp critical(sweep_validate)
            if (i < bad) {
                bad = i;
                snprintf(message, sizeof message, "%s", sim_error_message());
            }
        }
        sim_error_clear();
        scenario_destroy(&sc);
    }
    if (bad == SIZE_MAX && runner_interrupted())
        return SIM_FAIL(SIM_ERR_INTERRUPTED, "stopped while checking the %zu design points of '%s'; nothing was written",
                        s->npoints, s->path);
    if (bad == SIZE_MAX) return SIM_OK;
    char values[1024] = "";
    size_t used = 0;
    for (int j = 0; j < s->nparams && used < sizeof values; j++) {
        char v[64];
        sweep_format_value(&s->params[j], s->points[bad * (size_t)s->nparams + (size_t)j], v, sizeof v);
        used += (size_t)snprintf(values + used, sizeof values - used, "%s%s=%s", j ? ", " : "", s->params[j].name, v);
    }
    return SIM_FAIL(SIM_ERR_CONFIG, "%s: design point %zu (%s) is not a valid scenario: %s", s->path, bad + 1, values,
                    message);
}

/* The canonical description and its hash. */
static sim_status describe(sweep *s)
{
    strbuf t = {0};
    strbuf_printf(&t, "chansim sweep definition 1\ndesign = %s\nreplications = %d\nblock = %d\nseed = %u\n",
              design_kind_name(s->design), s->reps, s->block, s->seed);
    if (s->design == DESIGN_LHS) strbuf_printf(&t, "design_seed = %u\n", s->design_seed);
    strbuf_printf(&t, "base = %s\nbase_scenario = %s\npoints = %zu\nparameters = %d\n", s->base[0] ? s->base : "(self)",
              s->base_name, s->npoints, s->nparams);
    for (int j = 0; j < s->nparams; j++) {
        strbuf_printf(&t, "parameter %s =", s->params[j].name);
        for (int k = 0; k < s->params[j].nkeys; k++) strbuf_printf(&t, "%s %s", k ? " +" : "", s->params[j].keys[k]);
        strbuf_printf(&t, "  ; %s\n", s->params[j].unit);
    }
    for (size_t i = 0; i < s->nsets; i++) strbuf_printf(&t, "set %s\n", s->sets[i]);
    strbuf_printf(&t, "\n; base scenario values\n");
    sweep_append_values(&t, s->base_config);
    if (t.failed) {
        free(t.buf);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory describing the sweep");
    }
    s->definition = t.buf;
    uint64_t h = sweep_fnv1a(SWEEP_FNV_OFFSET, t.buf, t.len);
    /* Every point's values, in the exact bits that drive the runs. */
    h = sweep_fnv1a(h, s->points, s->npoints * (size_t)s->nparams * sizeof *s->points);
    s->hash = h;
    snprintf(s->hash_hex, sizeof s->hash_hex, "%016llx", (unsigned long long)h);
    return SIM_OK;
}

/* [sweep] base and the sections beside it; sets s->base and s->base_path. */
static sim_status read_base(sweep *s, const cfg_doc *doc)
{
    /* Which sections does the file hold? */
    int has_extends = cfg_doc_extends(doc) != NULL, has_other = 0;
    const char *other = NULL;
    for (size_t i = 0; i < cfg_doc_size(doc); i++) {
        const char *section, *key;
        cfg_doc_key(doc, i, &section, &key);
        if (strcmp(section, "sweep") == 0) {
            int known = 0;
            for (int j = 0; sweep_keys[j]; j++) known |= strcmp(key, sweep_keys[j]) == 0;
            if (!known)
                return SIM_FAIL(SIM_ERR_CONFIG,
                                "%s: [sweep] %s: unknown key (expected base, design, replications, block, seed, "
                                "samples, design_seed or points)",
                                cfg_doc_origin(doc, "sweep", key), key);
        } else if (strcmp(section, "parameters") != 0) {
            has_other = 1;
            other = section;
        }
    }
    const char *base = cfg_doc_get(doc, "sweep", "base");
    if (base && (has_extends || has_other))
        return SIM_FAIL(SIM_ERR_CONFIG,
                        "%s: [sweep] base: a sweep file with a base holds only [sweep] and [parameters]; found %s "
                        "(put scenario keys in the base, or drop base and use extends)",
                        cfg_doc_origin(doc, "sweep", "base"), has_extends ? "extends" : other);
    if (base && !base[0])
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: [sweep] base: empty path", cfg_doc_origin(doc, "sweep", "base"));
    s->base = strdup(base ? base : "");
    s->base_path = base ? cfg_path_beside(s->path, base) : strdup(s->path);
    if (!s->base || !s->base_path) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    return SIM_OK;
}

/* The design, the base scenario (loaded once on its own, so its errors come first) and
 * the run settings; *samples for lhs and sobol designs. */
static sim_status read_settings(sweep *s, const sweep_options *o, const cfg_doc *doc, size_t max_points,
                                long *samples)
{
    const char *dk = cfg_doc_get(doc, "sweep", "design");
    if (!dk)
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: [sweep] design: missing (grid, lhs, sobol or list)", s->path);
    if (design_kind_parse(dk, &s->design) != SIM_OK) {
        sim_error_clear();
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: [sweep] design: unknown design '%s' (expected grid, lhs, sobol or list)",
                        cfg_doc_origin(doc, "sweep", "design"), dk);
    }

    /* The base scenario on its own: its errors are the user's to fix first. */
    scenario *b = NULL;
    SIM_CHECK(sweep_scenario_load(s->base_path, (const char *const *)s->sets, s->nsets, &b));
    snprintf(s->base_name, sizeof s->base_name, "%s", b->name);
    s->base_config = b->config_text;
    b->config_text = NULL;
    long base_seed = b->params.run.seed;
    scenario_destroy(&b);

    long reps = 0, block = 0, seed = base_seed, dseed = 0;
    int found;
    SIM_CHECK(sweep_int(doc, "replications", 1, 1000000, o->reps <= 0, &reps, &found));
    if (o->reps > 0) reps = o->reps;
    SIM_CHECK(sweep_int(doc, "seed", 0, 2147483647L, 0, &seed, &found));
    if (o->seed >= 0) seed = o->seed;
    SIM_CHECK(sweep_int(doc, "block", 1, 1000000, 0, &block, &found));
    if (!found) block = reps < SWEEP_DEFAULT_BLOCK ? reps : SWEEP_DEFAULT_BLOCK;
    if (block > reps) block = reps;
    SIM_CHECK(sweep_int(doc, "design_seed", 0, 2147483647L, 0, &dseed, &found));
    if (!found) dseed = seed;
    s->reps = (int)reps;
    s->block = (int)block;
    s->seed = (uint32_t)seed;
    s->design_seed = (uint32_t)dseed;

    int needs_samples = s->design == DESIGN_LHS || s->design == DESIGN_SOBOL;
    SIM_CHECK(sweep_int(doc, "samples", 1, (long)max_points, needs_samples, samples, &found));
    if (found && !needs_samples)
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: [sweep] samples: only lhs and sobol designs take a number of samples",
                        cfg_doc_origin(doc, "sweep", "samples"));
    if (cfg_doc_get(doc, "sweep", "points") && s->design != DESIGN_LIST)
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: [sweep] points: only the list design reads points from a file",
                        cfg_doc_origin(doc, "sweep", "points"));
    return SIM_OK;
}

/* The swept parameters: the [parameters] columns expanded by the design, or the list
 * design's CSV. */
static sim_status read_parameters(sweep *s, const cfg_doc *doc, const cfg_table *tables, size_t nt, size_t max_points,
                                  long samples)
{
    size_t nlisted = 0;
    for (size_t i = 0; i < cfg_doc_size(doc); i++) {
        const char *section;
        cfg_doc_key(doc, i, &section, NULL);
        nlisted += strcmp(section, "parameters") == 0;
    }
    if (s->design == DESIGN_LIST) {
        if (nlisted)
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [parameters]: the list design takes its keys from the CSV header",
                            s->path);
        SIM_CHECK(load_list(s, doc, tables, nt, max_points));
    } else {
        if (nlisted == 0)
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [parameters]: no parameters to sweep", s->path);
        if (nlisted > SWEEP_MAX_PARAMS)
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [parameters]: %zu parameters; at most %d", s->path, nlisted,
                            SWEEP_MAX_PARAMS);
        param_spec specs[SWEEP_MAX_PARAMS] = {{0}};
        s->params = calloc(nlisted, sizeof *s->params);
        if (!s->params) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
        sim_status st = SIM_OK;
        for (size_t i = 0; st == SIM_OK && i < cfg_doc_size(doc); i++) {
            const char *section, *key;
            cfg_doc_key(doc, i, &section, &key);
            if (strcmp(section, "parameters") != 0) continue;
            st = parse_param(tables, nt, s->design, key, cfg_doc_get(doc, "parameters", key),
                             cfg_doc_origin(doc, "parameters", key), &s->params[s->nparams], &specs[s->nparams]);
            if (st == SIM_OK) s->nparams++;
        }
        /* The same key in two columns would make one silently override the other. */
        for (int a = 0; st == SIM_OK && a < s->nparams; a++)
            for (int c = 0; c < a; c++)
                for (int x = 0; x < s->params[a].nkeys; x++)
                    for (int y = 0; y < s->params[c].nkeys; y++)
                        if (st == SIM_OK && strcmp(s->params[a].keys[x], s->params[c].keys[y]) == 0)
                            st = SIM_FAIL(SIM_ERR_CONFIG, "%s: [parameters] %s: '%s' is already swept by %s",
                                          s->params[a].origin, s->params[a].name, s->params[a].keys[x],
                                          s->params[c].name);
        if (st == SIM_OK) st = expand(s, specs, samples, max_points);
        for (int j = 0; j < SWEEP_MAX_PARAMS; j++) free(specs[j].values);
        if (st != SIM_OK) {
            char msg[2048];
            snprintf(msg, sizeof msg, "%s", sim_error_message());
            if (!strstr(msg, s->path)) { /* design_* messages do not know the file */
                sim_error_clear();
                return SIM_FAIL(st, "%s: %s", s->path, msg);
            }
            return st;
        }
    }
    return SIM_OK;
}

static sim_status load_body(sweep *s, const sweep_options *o, const cfg_doc *doc, const cfg_table *tables, size_t nt)
{
    size_t max_points = o->max_points > 0 && o->max_points < SWEEP_MAX_POINTS ? o->max_points : SWEEP_MAX_POINTS;
    long samples = 0;
    SIM_CHECK(read_base(s, doc));
    SIM_CHECK(read_settings(s, o, doc, max_points, &samples));
    SIM_CHECK(read_parameters(s, doc, tables, nt, max_points, samples));
    SIM_CHECK(describe(s));
    if (!o->skip_validation) SIM_CHECK(sweep_validate_points(s));
    return SIM_OK;
}

sim_status sweep_load(const char *path, const sweep_options *o, sweep **out)
{
    *out = NULL;
    sweep_options none = {.seed = -1};
    if (!o) o = &none;
    sweep *s;
    SIM_CALLOC(s, 1);
    s->metrics = scenario_metric_set();
    cfg_doc *doc = NULL;
    cfg_table *tables = NULL;
    size_t nt = 0;
    sim_status st = SIM_OK;
    if (!(s->path = strdup(path))) st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    if (st == SIM_OK && o->nsets) {
        if (!(s->sets = calloc(o->nsets, sizeof *s->sets))) st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
        for (size_t i = 0; st == SIM_OK && i < o->nsets; i++) {
            if (!(s->sets[i] = strdup(o->sets[i]))) st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
            else s->nsets++;
        }
    }
    if (st == SIM_OK) st = cfg_doc_load(path, &doc);
    if (st == SIM_OK) st = params_tables_create(&tables, &nt);
    if (st == SIM_OK) st = load_body(s, o, doc, tables, nt);
    if (tables) params_tables_destroy(&tables, nt);
    cfg_doc_destroy(&doc);
    if (st != SIM_OK) {
        sim_trace_at(__FILE__, __LINE__, __func__);
        sweep_destroy(&s);
        return st;
    }
    *out = s;
    return SIM_OK;
}

sim_status sweep_point_scenario(const sweep *s, size_t point, scenario **sc)
{
    if (point >= s->npoints) return SIM_FAIL(SIM_ERR_INTERNAL, "sweep point %zu of %zu", point, s->npoints);
    size_t n = s->nsets;
    for (int j = 0; j < s->nparams; j++) n += (size_t)s->params[j].nkeys;
    char **sets = calloc(n ? n : 1, sizeof *sets);
    if (!sets) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    size_t used = 0;
    sim_status st = SIM_OK;
    for (size_t i = 0; i < s->nsets; i++) sets[used++] = s->sets[i];
    size_t first_own = used;
    for (int j = 0; st == SIM_OK && j < s->nparams; j++) {
        char v[64];
        sweep_format_value(&s->params[j], s->points[point * (size_t)s->nparams + (size_t)j], v, sizeof v);
        for (int k = 0; k < s->params[j].nkeys; k++) {
            size_t len = strlen(s->params[j].keys[k]) + strlen(v) + 2;
            char *a = malloc(len);
            if (!a) {
                st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
                break;
            }
            snprintf(a, len, "%s=%s", s->params[j].keys[k], v);
            sets[used++] = a;
        }
    }
    /* A paired study's column 0 picks the point's base (it sets no key itself). */
    const char *base = s->nbases > 0 ? s->base_paths[(size_t)s->points[point * (size_t)s->nparams]] : s->base_path;
    if (st == SIM_OK) st = sweep_scenario_load(base, (const char *const *)sets, used, sc);
    for (size_t i = first_own; i < used; i++) free(sets[i]);
    free(sets);
    if (st != SIM_OK) sim_trace_at(__FILE__, __LINE__, __func__);
    return st;
}
