/**
 * @file abc_config.c
 * @brief Reading and checking a calibration file (see abc_config.h).
 *
 * inih does the INI syntax; a line-counting reader gives each key its line (this
 * inih build does not pass line numbers to the handler), and every key is checked
 * here with a message of the form `file:line: [section] key: problem`.
 */
#include "sim/experiments/abc_config.h"
#include "sim/engine/number.h"
#include "sim/engine/textfile.h"

#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine/config.h"
#include "sim/engine/ini_doc.h"
#include "models/model.h"

/* One key of the file with its line. */
typedef struct {
    char section[64];
    char key[130];
    char value[512];
    int line;
} entry;

typedef struct {
    FILE *fp;
    const char *path;
    int line;
    int at_start;
    size_t line_len; /* characters of the current line read so far */
    size_t limit;    /* longest line inih reads whole (cfg_inih_configure) */
    entry *entries;
    size_t n, cap;
    sim_status status;
    char msg[1024];
} reader;

static void fail(reader *r, sim_status code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void fail(reader *r, sim_status code, const char *fmt, ...)
{
    if (r->status != SIM_OK) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->msg, sizeof r->msg, fmt, ap);
    va_end(ap);
    r->status = code;
}

static char *read_line(char *str, int num, void *stream)
{
    reader *r = stream;
    if (r->status != SIM_OK) return NULL;
    if (r->at_start) {
        r->line++;
        r->line_len = 0;
    }
    if (!fgets(str, num, r->fp)) return NULL;
    size_t n = strlen(str);
    r->at_start = n > 0 && str[n - 1] == '\n';
    /* inih would take the rest of a longer line as a new line: a comment's tail could become a key. */
    r->line_len += n - (r->at_start ? 1 : 0);
    if (r->line_len > r->limit) {
        fail(r, SIM_ERR_CONFIG, "%s:%d: line is longer than %zu characters", r->path, r->line, r->limit);
        return NULL;
    }
    return str;
}

/* Cut a `#` comment preceded by white space (inih handles `;`). */
static void strip_hash(char *v)
{
    for (char *p = v; *p; p++)
        if (*p == '#' && (p == v || p[-1] == ' ' || p[-1] == '\t')) {
            *p = '\0';
            break;
        }
    size_t n = strlen(v);
    while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t')) v[--n] = '\0';
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
    reader *r = user;
    if (r->status != SIM_OK) return 1;
    if (strlen(section) >= sizeof r->entries[0].section || strlen(name) >= sizeof r->entries[0].key ||
        strlen(value) >= sizeof r->entries[0].value) {
        fail(r, SIM_ERR_CONFIG, "%s:%d: [%s] %s: name or value too long", r->path, r->line, section, name);
        return 1;
    }
    if (section[0] == '\0') {
        fail(r, SIM_ERR_CONFIG, "%s:%d: %s: keys must follow a [section] ([calibration], [priors], [statistics])",
             r->path, r->line, name);
        return 1;
    }
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->entries[i].section, section) == 0 && strcmp(r->entries[i].key, name) == 0) {
            fail(r, SIM_ERR_CONFIG, "%s:%d: [%s] %s: given twice (first at line %d)", r->path, r->line, section, name,
                 r->entries[i].line);
            return 1;
        }
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 32;
        entry *e = realloc(r->entries, cap * sizeof *e);
        if (!e) {
            fail(r, SIM_ERR_MEMORY, "out of memory reading %s", r->path);
            return 1;
        }
        r->entries = e;
        r->cap = cap;
    }
    entry *e = &r->entries[r->n++];
    snprintf(e->section, sizeof e->section, "%s", section);
    snprintf(e->key, sizeof e->key, "%s", name);
    snprintf(e->value, sizeof e->value, "%s", value);
    strip_hash(e->value);
    e->line = r->line;
    return 1;
}

/* `rel` relative to the directory of `base` unless absolute. */
static sim_status resolve(const char *base, const char *rel, char *out, size_t size)
{
    const char *slash = strrchr(base, '/');
    int n;
    if (rel[0] == '/' || !slash) n = snprintf(out, size, "%s", rel);
    else n = snprintf(out, size, "%.*s/%s", (int)(slash - base), base, rel);
    if (n < 0 || (size_t)n >= size) return SIM_FAIL(SIM_ERR_CONFIG, "%s: path too long: '%.100s'", base, rel);
    return SIM_OK;
}

/* ---------------------------------------------------------------------------
 * Values
 * ------------------------------------------------------------------------- */

/* Decimal notation only (sim/engine/number.h): no hex, inf, nan or denormals. */
static int parse_real(const char *s, double *v) { return num_parse(s, v) == NUM_OK; }

static sim_status get_int(const entry *e, const char *path, long lo, long hi, int *out)
{
    long v = 0;
    if (num_parse_long(e->value, lo, hi, &v) != NUM_OK)
        return SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: [%s] %s: expected a whole number from %ld to %ld, got '%s'", path,
                        e->line, e->section, e->key, lo, hi, e->value);
    *out = (int)v;
    return SIM_OK;
}

static sim_status get_real(const entry *e, const char *path, double lo, double hi, int open_lo, int open_hi,
                           double *out)
{
    double v;
    if (!parse_real(e->value, &v) || (open_lo ? v <= lo : v < lo) || (open_hi ? v >= hi : v > hi))
        return SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: [%s] %s: expected a number in %s%g, %g%s, got '%s'", path, e->line,
                        e->section, e->key, open_lo ? "(" : "[", lo, hi, open_hi ? ")" : "]", e->value);
    *out = v;
    return SIM_OK;
}

static sim_status get_date(const entry *e, const char *path, int *out)
{
    if (cfg_parse_date(e->value, out) != SIM_OK) {
        sim_error_clear();
        return SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: [%s] %s: expected a date YYYY-MM-DD, got '%s'", path, e->line,
                        e->section, e->key, e->value);
    }
    return SIM_OK;
}

static sim_status get_path(const entry *e, const char *path, char *out, size_t size)
{
    if (e->value[0] == '\0')
        return SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: [%s] %s: missing file name", path, e->line, e->section, e->key);
    SIM_CHECK(resolve(path, e->value, out, size));
    return SIM_OK;
}

static sim_status set_calibration_key(abc_config *c, const entry *e)
{
    const char *p = c->path;
    const char *k = e->key;
    if (strcmp(k, "scenario") == 0) return get_path(e, p, c->scenario, sizeof c->scenario);
    if (strcmp(k, "data_dir") == 0) return get_path(e, p, c->data_dir, sizeof c->data_dir);
    if (strcmp(k, "output_config") == 0) return get_path(e, p, c->output_config, sizeof c->output_config);
    if (strcmp(k, "output_ensemble") == 0) return get_path(e, p, c->output_ensemble, sizeof c->output_ensemble);
    if (strcmp(k, "seed") == 0) {
        int v = 0;
        SIM_CHECK(get_int(e, p, 0, 2147483647L, &v));
        c->seed = (uint32_t)v;
        return SIM_OK;
    }
    if (strcmp(k, "particles") == 0) return get_int(e, p, 4, ABC_MAX_PARTICLES, &c->particles);
    if (strcmp(k, "keep_share") == 0) return get_real(e, p, 0, 1, 1, 1, &c->keep_share);
    if (strcmp(k, "max_generations") == 0) return get_int(e, p, 0, ABC_MAX_GENERATIONS, &c->max_generations);
    if (strcmp(k, "min_acceptance") == 0) return get_real(e, p, 0, 1, 0, 0, &c->min_acceptance);
    if (strcmp(k, "weights") == 0) {
        for (int w = 0; w < ABC_WEIGHTINGS; w++)
            if (strcmp(e->value, abc_weighting_names[w]) == 0) {
                c->weighting = (abc_weighting)w;
                return SIM_OK;
            }
        return SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: [calibration] weights: expected generation or mixture, got '%s'", p,
                        e->line, e->value);
    }
    if (strcmp(k, "replications") == 0) return get_int(e, p, 1, ABC_MAX_REPS, &c->replications);
    if (strcmp(k, "replay_replications") == 0) return get_int(e, p, 1, 100000, &c->replay_replications);
    if (strcmp(k, "posterior_draws") == 0) return get_int(e, p, 1, 100000, &c->posterior_draws);
    if (strcmp(k, "stats_start") == 0) return get_date(e, p, &c->stats_start);
    if (strcmp(k, "stats_end") == 0) return get_date(e, p, &c->stats_last);
    return SIM_FAIL(SIM_ERR_CONFIG,
                    "%s:%d: [calibration] %s: unknown key (known: scenario, data_dir, output_config, output_ensemble, seed, particles, "
                    "keep_share, max_generations, min_acceptance, weights, replications, replay_replications, "
                    "posterior_draws, stats_start, stats_end)",
                    p, e->line, k);
}

/* ---------------------------------------------------------------------------
 * Priors
 * ------------------------------------------------------------------------- */

static const cfg_param *find_param(const cfg_table *t, size_t nt, const char *section, const char *key)
{
    for (size_t i = 0; i < nt; i++)
        for (size_t j = 0; j < t[i].count; j++)
            if (strcmp(t[i].params[j].section, section) == 0 && strcmp(t[i].params[j].key, key) == 0)
                return &t[i].params[j];
    return NULL;
}

/* The comma-separated default of a list parameter. */
static int parse_default_list(const cfg_param *cp, double *out)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", cp->def);
    int n = 0;
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ') tok++;
        if (n == ABC_LIST_MAX || !parse_real(tok, &out[n])) return -1;
        n++;
    }
    return n == cp->count ? n : -1;
}

static sim_status parse_prior(const entry *e, const char *path, const cfg_table *t, size_t nt, abc_param *p)
{
    char where[ABC_PATH_MAX + 200];
    snprintf(where, sizeof where, "%s:%d: [priors] %s", path, e->line, e->key);
    snprintf(p->origin, sizeof p->origin, "%s:%d", path, e->line);
    snprintf(p->name, sizeof p->name, "%s", e->key);
    snprintf(p->text, sizeof p->text, "%.159s", e->value);

    const char *dot = strchr(e->key, '.');
    if (!dot || dot == e->key || !dot[1] || strchr(dot + 1, '.') || (size_t)(dot - e->key) >= sizeof p->section ||
        strlen(dot + 1) >= sizeof p->key)
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: expected a parameter as section.key, e.g. migrants.inflow_per_day",
                        where);
    snprintf(p->section, sizeof p->section, "%.*s", (int)(dot - e->key), e->key);
    snprintf(p->key, sizeof p->key, "%s", dot + 1);
    if (strcmp(p->section, "scenario") == 0 || strcmp(p->section, "run") == 0)
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: [%s] keys frame the run and cannot be calibrated", where, p->section);
    const cfg_param *cp = find_param(t, nt, p->section, p->key);
    if (!cp) return SIM_FAIL(SIM_ERR_CONFIG, "%s: no such model parameter (see chansim params)", where);

    /* Tokens: [scale|contrast] family numbers... */
    char buf[512];
    snprintf(buf, sizeof buf, "%s", e->value);
    char *tok[8];
    int ntok = 0;
    for (char *save = NULL, *s = strtok_r(buf, " \t", &save); s; s = strtok_r(NULL, " \t", &save)) {
        if (ntok == 8) return SIM_FAIL(SIM_ERR_CONFIG, "%s: too many words in the prior", where);
        tok[ntok++] = s;
    }
    int first = 0;
    if (ntok > 0 && (strcmp(tok[0], "scale") == 0 || strcmp(tok[0], "contrast") == 0)) {
        p->transform = tok[0][0] == 's' ? ABC_SCALE : ABC_CONTRAST;
        first = 1;
    }
    if (ntok == first)
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: missing prior (uniform LO HI, loguniform LO HI, normal MEAN SD LO HI)",
                        where);
    int kind = -1;
    for (int k = 0; k < ABC_PRIOR_KINDS; k++)
        if (strcmp(tok[first], abc_prior_kind_names[k]) == 0) kind = k;
    if (kind < 0)
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: unknown prior family '%s' (uniform, loguniform, normal)", where,
                        tok[first]);
    int want = kind == ABC_NORMAL ? 4 : 2;
    if (ntok - first - 1 != want)
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: %s needs %d numbers (%s), got %d", where, tok[first], want,
                        kind == ABC_NORMAL ? "MEAN SD LO HI" : "LO HI", ntok - first - 1);
    /* A date parameter takes dates as its bounds and is calibrated as a day number. */
    p->is_date = cp->type == CFG_DATE;
    if (p->is_date && (p->transform != ABC_VALUE || kind != ABC_UNIFORM))
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: a date parameter takes 'uniform FIRST LAST' with dates YYYY-MM-DD", where);
    double v[4];
    for (int i = 0; i < want; i++) {
        int day;
        if (p->is_date ? cfg_parse_date(tok[first + 1 + i], &day) != SIM_OK : !parse_real(tok[first + 1 + i], &v[i])) {
            sim_error_clear(); /* replaced by a message naming the file, line and key */
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: '%s' is not a %s", where, tok[first + 1 + i],
                            p->is_date ? "date YYYY-MM-DD" : "number");
        }
        if (p->is_date) v[i] = day;
    }
    p->prior.kind = (abc_prior_kind)kind;
    if (kind == ABC_NORMAL) {
        p->prior.mean = v[0];
        p->prior.sd = v[1];
        p->prior.lo = v[2];
        p->prior.hi = v[3];
    } else {
        p->prior.lo = v[0];
        p->prior.hi = v[1];
    }
    SIM_CHECK(abc_prior_check(&p->prior, where));

    /* The support must stay inside the parameter's allowed range. */
    if (cp->type == CFG_DOUBLE) {
        if (p->transform != ABC_VALUE)
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: '%s' applies to list parameters only", where, tok[0]);
        if (p->prior.lo < cp->min || p->prior.hi > cp->max)
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: the prior's range [%g, %g] leaves the parameter's range [%g, %g]",
                            where, p->prior.lo, p->prior.hi, cp->min, cp->max);
        snprintf(p->unit, sizeof p->unit, "%s", cp->unit);
    } else if (cp->type == CFG_DOUBLE_LIST) {
        if (p->transform == ABC_VALUE)
            return SIM_FAIL(SIM_ERR_CONFIG,
                            "%s: a list parameter is calibrated through a factor: write 'scale %s ...' or "
                            "'contrast %s ...'",
                            where, tok[first], tok[first]);
        p->count = parse_default_list(cp, p->base);
        if (p->count < 1)
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: the parameter's default list cannot be used (longer than %d?)",
                            where, ABC_LIST_MAX);
        /* Each element is linear in the factor, so the ends of the prior bound it. */
        for (int i = 0; i < p->count; i++) {
            double a = abc_param_element(p, p->prior.lo, i), b = abc_param_element(p, p->prior.hi, i);
            if ((a < b ? a : b) < cp->min || (a < b ? b : a) > cp->max)
                return SIM_FAIL(SIM_ERR_CONFIG,
                                "%s: element %d of the default (%g) becomes %g .. %g over the prior, leaving the "
                                "range [%g, %g]",
                                where, i + 1, p->base[i], a < b ? a : b, a < b ? b : a, cp->min, cp->max);
        }
        snprintf(p->unit, sizeof p->unit, "-");
    } else if (p->is_date) {
        snprintf(p->unit, sizeof p->unit, "days since 1970-01-01");
    } else {
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: only real-valued and date parameters can be calibrated", where);
    }
    return SIM_OK;
}

double abc_param_element(const abc_param *p, double v, int i)
{
    if (p->transform == ABC_SCALE) return v * p->base[i];
    if (p->transform == ABC_CONTRAST) {
        double mean = 0;
        for (int k = 0; k < p->count; k++) mean += p->base[k] / p->count;
        return mean + v * (p->base[i] - mean);
    }
    return v;
}

void abc_param_format(const abc_param *p, double v, char *buf, size_t size)
{
    if (p->is_date) cfg_format_date((int)lround(v), buf, size);
    else snprintf(buf, size, "%.5g", v);
}

sim_status abc_param_assignment(const abc_param *p, double v, int digits, char *buf, size_t size)
{
    size_t used = (size_t)snprintf(buf, size, "%s=", p->name);
    if (p->is_date) {
        char date[16];
        cfg_format_date((int)lround(v), date, sizeof date);
        used += (size_t)snprintf(buf + (used < size ? used : size), used < size ? size - used : 0, "%s", date);
    } else if (p->transform == ABC_VALUE) {
        used += (size_t)snprintf(buf + (used < size ? used : size), used < size ? size - used : 0, "%.*g", digits, v);
    } else {
        for (int i = 0; i < p->count; i++)
            used += (size_t)snprintf(buf + (used < size ? used : size), used < size ? size - used : 0, "%s%.*g",
                                     i ? "," : "", digits, abc_param_element(p, v, i));
    }
    if (used >= size) return SIM_FAIL(SIM_ERR_INTERNAL, "assignment of %s longer than %zu bytes", p->name, size);
    return SIM_OK;
}

/* ---------------------------------------------------------------------------
 * Statistics
 * ------------------------------------------------------------------------- */

static sim_status parse_statistic(const entry *e, const char *path, abc_statistic *s)
{
    char where[ABC_PATH_MAX + 200];
    snprintf(where, sizeof where, "%s:%d: [statistics] %s", path, e->line, e->key);
    const char *dot = strchr(e->key, '.');
    char metric[64] = "";
    if (dot && (size_t)(dot - e->key) < sizeof metric) snprintf(metric, sizeof metric, "%.*s", (int)(dot - e->key), e->key);
    int m = dot ? obs_metric_find(metric) : -1;
    int k = dot ? obs_period_kind_find(dot + 1) : -1;
    if (m < 0 || k < 0)
        return SIM_FAIL(SIM_ERR_CONFIG,
                        "%s: expected metric.period with metric one of arrivals, boats, people_per_boat, "
                        "days_with_arrivals, prevention_share, deaths, prevented_event_share and period one of monthly, half, annual",
                        where);
    double w;
    if (!parse_real(e->value, &w) || w < 0)
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: expected a weight >= 0, got '%s'", where, e->value);
    *s = (abc_statistic){.metric = (obs_metric)m, .kind = (obs_period_kind)k, .weight = w};
    snprintf(s->name, sizeof s->name, "%.63s", e->key);
    return SIM_OK;
}

/* ---------------------------------------------------------------------------
 * The file
 * ------------------------------------------------------------------------- */

static sim_status interpret(abc_config *c, const entry *es, size_t n)
{
    cfg_table *tables = NULL;
    size_t ntables = 0;
    SIM_CHECK(params_tables_create(&tables, &ntables));
    size_t npri = 0, nsta = 0;
    for (size_t i = 0; i < n; i++) {
        npri += strcmp(es[i].section, "priors") == 0;
        nsta += strcmp(es[i].section, "statistics") == 0;
    }
    c->params = calloc(npri ? npri : 1, sizeof *c->params);
    c->stats = calloc(nsta ? nsta : 1, sizeof *c->stats);
    sim_status st = (!c->params || !c->stats) ? SIM_FAIL(SIM_ERR_MEMORY, "out of memory") : SIM_OK;
    int seen_scenario = 0, seen_data = 0;
    for (size_t i = 0; st == SIM_OK && i < n; i++) {
        const entry *e = &es[i];
        if (strcmp(e->section, "calibration") == 0) {
            st = set_calibration_key(c, e);
            seen_scenario |= strcmp(e->key, "scenario") == 0;
            seen_data |= strcmp(e->key, "data_dir") == 0;
        } else if (strcmp(e->section, "priors") == 0) {
            if (c->nparams == ABC_MAX_PARAMS) {
                st = SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: [priors]: more than %d parameters", c->path, e->line,
                              ABC_MAX_PARAMS);
                break;
            }
            st = parse_prior(e, c->path, tables, ntables, &c->params[c->nparams]);
            if (st == SIM_OK) c->nparams++;
        } else if (strcmp(e->section, "statistics") == 0) {
            st = parse_statistic(e, c->path, &c->stats[c->nstats]);
            if (st == SIM_OK) c->nstats++;
        } else {
            st = SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: [%s]: unknown section (known: calibration, priors, statistics)",
                          c->path, e->line, e->section);
        }
    }
    params_tables_destroy(&tables, ntables);
    if (st != SIM_OK) return st;
    if (!seen_scenario) return SIM_FAIL(SIM_ERR_CONFIG, "%s: [calibration] scenario: missing (the base scenario config)", c->path);
    if (!seen_data) return SIM_FAIL(SIM_ERR_CONFIG, "%s: [calibration] data_dir: missing (the observed data directory)", c->path);
    if (!c->output_ensemble[0]) SIM_CHECK(abc_ensemble_name(c->output_config, c->output_ensemble, sizeof c->output_ensemble));
    if (strcmp(c->output_ensemble, c->output_config) == 0)
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: [calibration] output_ensemble: the same file as output_config ('%s')",
                        c->path, c->output_config);
    if (c->nparams == 0) return SIM_FAIL(SIM_ERR_CONFIG, "%s: [priors]: no parameter to calibrate", c->path);
    if (c->nstats == 0) return SIM_FAIL(SIM_ERR_CONFIG, "%s: [statistics]: no summary statistic", c->path);
    double wsum = 0;
    for (int i = 0; i < c->nstats; i++) wsum += c->stats[i].weight;
    if (!(wsum > 0)) return SIM_FAIL(SIM_ERR_CONFIG, "%s: [statistics]: every weight is 0", c->path);
    int kept = (int)floor(c->keep_share * c->particles);
    if (kept < 2 || kept >= c->particles)
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: [calibration] keep_share x particles keeps %d of %d: need at least 2 "
                        "kept and 1 new particle per generation", c->path, kept, c->particles);
    if (c->stats_start >= 0 && c->stats_last >= 0 && c->stats_last < c->stats_start)
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: [calibration] stats_end is before stats_start", c->path);
    return SIM_OK;
}

sim_status abc_ensemble_name(const char *config_path, char *out, size_t size)
{
    size_t n = strlen(config_path);
    if (n > 4 && strcmp(config_path + n - 4, ".ini") == 0) n -= 4;
    if ((size_t)snprintf(out, size, "%.*s.posterior.ini", (int)n, config_path) >= size)
        return SIM_FAIL(SIM_ERR_CONFIG, "posterior ensemble name for '%s' too long", config_path);
    return SIM_OK;
}

sim_status abc_config_load(const char *path, abc_config **out)
{
    if (!path || !out) return SIM_FAIL(SIM_ERR_INTERNAL, "abc_config_load: NULL argument");
    *out = NULL;
    abc_config *c;
    SIM_CALLOC(c, 1);
    *c = (abc_config){.seed = 1, .particles = 160, .keep_share = 0.5, .max_generations = 4, .min_acceptance = 0.05,
                      .weighting = ABC_WEIGHTS_GENERATION,
                      .replications = 3, .replay_replications = 32, .posterior_draws = 64, .stats_start = -1,
                      .stats_last = -1};
    sim_status st = SIM_OK;
    if ((size_t)snprintf(c->path, sizeof c->path, "%s", path) >= sizeof c->path)
        st = SIM_FAIL(SIM_ERR_CONFIG, "calibration file name too long");
    if (st == SIM_OK) st = resolve(path, "calibrated.ini", c->output_config, sizeof c->output_config);
    reader r = {.path = path, .at_start = 1, .limit = cfg_inih_configure()};
    if (st == SIM_OK) {
        st = textfile_fopen(path, "calibration file", &r.fp); /* the reader policy: textfile.h */
    }
    if (st == SIM_OK) {
        int rc = ini_parse_stream(read_line, &r, on_key, &r);
        if (r.status != SIM_OK) st = SIM_FAIL(r.status, "%s", r.msg);
        else if (rc > 0) st = SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: syntax error", path, rc);
        else if (rc < 0) st = SIM_FAIL(SIM_ERR_IO, "cannot read calibration file '%s'", path);
    }
    if (r.fp) fclose(r.fp);
    if (st == SIM_OK) st = interpret(c, r.entries, r.n);
    free(r.entries);
    if (st != SIM_OK) {
        abc_config_destroy(&c);
        sim_trace_at(__FILE__, __LINE__, __func__);
        return st;
    }
    *out = c;
    return SIM_OK;
}

void abc_config_destroy(abc_config **cp)
{
    if (!cp || !*cp) return;
    free((*cp)->params);
    free((*cp)->stats);
    free(*cp);
    *cp = NULL;
}
