#include "sim/run/scenario.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "models/metrics.h"
#include "sim/run/ensemble.h"
#include "sim/engine/strbuf.h"

int scenario_name_valid(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n >= RESULTS_NAME_MAX || name[0] == '.') return 0;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                 c == '-' || c == '.';
        if (!ok) return 0;
    }
    return 1;
}

/* The file's base name without directory and without a trailing ".ini". */
static void name_from_path(const char *path, char *out, size_t size)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".ini") == 0) n -= 4;
    if (n >= size) n = size - 1;
    memcpy(out, base, n);
    out[n] = '\0';
}

/* Where the key a cross-key check's message starts with ("[section] key ...") was set, or NULL. */
static const char *blamed_origin(const cfg_doc *doc, const char *message)
{
    char section[64], key[64];
    if (sscanf(message, "[%63[^]]] %63[A-Za-z0-9_]", section, key) != 2) return NULL;
    return cfg_doc_origin(doc, section, key);
}

/* A key the document sets that the bound parameters do not use is refused, so it never silently does nothing. */
static sim_status refuse_inert(const cfg_doc *doc, const model_params *p)
{
    params_inert_key inert[16];
    size_t n = params_inert(p, inert, sizeof inert / sizeof inert[0]);
    for (size_t i = 0; i < n; i++)
        if (cfg_doc_get(doc, inert[i].section, inert[i].key))
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [%s] %s is set but not used: %s",
                            cfg_doc_origin(doc, inert[i].section, inert[i].key), inert[i].section, inert[i].key,
                            inert[i].reason);
    return SIM_OK;
}

/* Leave the inert keys out of the resolved config, so that running it again reproduces the
 * run rather than being refused. The tables' rows are our own copies (params_tables_create). */
static void drop_inert(cfg_table *tables, size_t ntables, const model_params *p)
{
    params_inert_key inert[16];
    size_t n = params_inert(p, inert, sizeof inert / sizeof inert[0]);
    for (size_t t = 0; t < ntables; t++) {
        cfg_param *rows = (cfg_param *)tables[t].params;
        size_t kept = 0;
        for (size_t r = 0; r < tables[t].count; r++) {
            int drop = 0;
            for (size_t i = 0; i < n && !drop; i++)
                drop = strcmp(rows[r].section, inert[i].section) == 0 && strcmp(rows[r].key, inert[i].key) == 0;
            if (!drop) rows[kept++] = rows[r];
        }
        tables[t].count = kept;
    }
}

static sim_status bind_all(scenario *s, cfg_doc *doc, const char *const *ignore)
{
    cfg_table *tables = NULL;
    size_t ntables = 0;
    SIM_CHECK(params_tables_create(&tables, &ntables));
    sim_status st = cfg_bind(doc, tables, ntables, &s->params, ignore);
    if (st == SIM_OK && (st = params_check(&s->params)) != SIM_OK) {
        /* Checks across keys know the keys, not where they were set: name where the key
         * their message starts with ("[section] key") was set, file:line or --set. */
        char message[2048];
        snprintf(message, sizeof message, "%s", sim_error_message());
        sim_error_clear();
        const char *where = blamed_origin(doc, message);
        st = SIM_FAIL(st, "%s: %s", where ? where : cfg_doc_path(doc)[0] ? cfg_doc_path(doc) : "config", message);
    }
    if (st == SIM_OK) st = refuse_inert(doc, &s->params);
    if (st == SIM_OK) drop_inert(tables, ntables, &s->params);
    if (st == SIM_OK) st = cfg_render(doc, tables, ntables, &s->params, &s->config_text);
    params_tables_destroy(&tables, ntables);
    if (st != SIM_OK) sim_trace_at(__FILE__, __LINE__, __func__);
    return st;
}

/* The file part of an origin "file:line", canonical; NULL for "--set" or "default". Caller frees. */
static char *origin_file(const char *origin)
{
    const char *colon = strrchr(origin, ':');
    if (!colon || colon == origin) return NULL;
    char *file = strndup(origin, (size_t)(colon - origin));
    if (!file) return NULL;
    char *real = realpath(file, NULL);
    free(file);
    return real;
}

/*
 * Bind draw d: set the draw's value of each varied key on the scenario's document
 * (replacing the previous draw's) and bind it. The file chain is read once.
 */
static sim_status bind_draw(cfg_doc *doc, const char *const *ignore, const ensemble *e, const int *varied, int d,
                            model_params *out)
{
    scenario tmp = {0};
    char assignment[4096];
    sim_status st = SIM_OK;
    for (int k = 0; st == SIM_OK && k < e->nkeys; k++) {
        if (!varied[k]) continue;
        const char *value = e->values[(size_t)d * (size_t)e->nkeys + (size_t)k];
        if ((size_t)snprintf(assignment, sizeof assignment, "%s=%s", e->keys[k], value) >= sizeof assignment)
            st = SIM_FAIL(SIM_ERR_CONFIG, "value too long: %s", e->keys[k]);
        else
            st = cfg_doc_set(doc, assignment);
    }
    if (st == SIM_OK) st = bind_all(&tmp, doc, ignore);
    if (st == SIM_OK) *out = tmp.params;
    free(tmp.config_text);
    if (st != SIM_OK) { /* name the draw: the document only knows the values came from a set */
        char message[2048];
        snprintf(message, sizeof message, "%s", sim_error_message());
        sim_error_clear();
        st = SIM_FAIL(st, "%s: [draw %d]: %s", e->path, d + 1, message);
    }
    return st;
}

/*
 * [run] ensemble: load the file (relative to the config that names it), find the keys
 * whose value comes from its calibrated config, bind every draw, and add the ensemble
 * to the provenance text.
 */
static sim_status load_ensemble(scenario *s, cfg_doc *doc, const char *const *ignore)
{
    const char *name = s->params.run.ensemble;
    /* Relative to the config that names it; from --set, relative to the working directory. */
    char *named_in = origin_file(cfg_doc_origin(doc, "run", "ensemble"));
    char *file = named_in ? cfg_path_beside(named_in, name) : strdup(name);
    free(named_in);
    if (!file) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    ensemble *e = NULL;
    sim_status st = ens_load(file, &e);
    if (st != SIM_OK) {
        char message[2048];
        snprintf(message, sizeof message, "%s", sim_error_message());
        sim_error_clear();
        st = SIM_FAIL(st, "%s: [run] ensemble: %s", cfg_doc_origin(doc, "run", "ensemble"), message);
    }
    free(file);
    char *calibrated = NULL;
    if (st == SIM_OK && !(calibrated = realpath(e->calibrated, NULL)))
        st = SIM_FAIL(SIM_ERR_CONFIG, "%s: calibrated: cannot find '%s'", e->path, e->calibrated);
    int *varied = NULL, nvaried = 0;
    if (st == SIM_OK && !(varied = calloc((size_t)e->nkeys, sizeof *varied))) st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    for (int k = 0; st == SIM_OK && k < e->nkeys; k++) {
        const char *dot = strchr(e->keys[k], '.');
        if (!dot) {
            st = SIM_FAIL(SIM_ERR_CONFIG, "%s: %s: expected section.key", e->path, e->keys[k]);
            break;
        }
        char section[128];
        snprintf(section, sizeof section, "%.*s", (int)(dot - e->keys[k]), e->keys[k]);
        char *from = origin_file(cfg_doc_origin(doc, section, dot + 1));
        varied[k] = from && strcmp(from, calibrated) == 0;
        nvaried += varied[k];
        free(from);
    }
    if (st == SIM_OK && nvaried == 0)
        st = SIM_FAIL(SIM_ERR_CONFIG,
                      "%s: [run] ensemble: none of the ensemble's keys takes its value from %s (does the scenario "
                      "extend it?)",
                      cfg_doc_origin(doc, "run", "ensemble"), e->calibrated);
    if (st == SIM_OK && !(s->draws = malloc((size_t)e->ndraws * sizeof *s->draws)))
        st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory for %d ensemble draws", e->ndraws);
    for (int d = 0; st == SIM_OK && d < e->ndraws; d++)
        st = bind_draw(doc, ignore, e, varied, d, &s->draws[d]);
    if (st == SIM_OK) {
        s->ndraws = e->ndraws;
        /* Provenance: which keys vary, and every draw, as comments after the resolved config. */
        strbuf t = {0};
        strbuf_printf(&t, "%s\n; [run] ensemble: %d draws from %s; replication r takes draw r mod %d for:", s->config_text,
                      e->ndraws, e->path, e->ndraws);
        for (int k = 0; k < e->nkeys; k++)
            if (varied[k]) strbuf_printf(&t, " %s", e->keys[k]);
        strbuf_printf(&t, "\n; the ensemble file:\n");
        for (const char *line = e->text; *line;) {
            const char *end = strchr(line, '\n');
            int n = end ? (int)(end - line) : (int)strlen(line);
            strbuf_printf(&t, ";   %.*s\n", n, line);
            line += n + (end ? 1 : 0);
        }
        if (t.failed) {
            free(t.buf);
            st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
        } else {
            free(s->config_text);
            s->config_text = t.buf;
        }
    }
    free(varied);
    free(calibrated);
    ens_destroy(&e);
    return st;
}

sim_status scenario_load(const char *path, const char *const *overrides, size_t noverrides,
                         const char *const *ignore_sections, scenario **out)
{
    scenario *s;
    SIM_CALLOC(s, 1);
    cfg_doc *doc = NULL;
    sim_status st = SIM_OK;
    s->path = strdup(path);
    if (!s->path) st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    if (st == SIM_OK) st = cfg_doc_load(path, &doc);
    for (size_t i = 0; st == SIM_OK && i < noverrides; i++) st = cfg_doc_set(doc, overrides[i]);
    if (st == SIM_OK) st = bind_all(s, doc, ignore_sections);
    if (st == SIM_OK) {
        if (s->params.scenario.name[0]) {
            if (!scenario_name_valid(s->params.scenario.name))
                st = SIM_FAIL(SIM_ERR_CONFIG,
                              "%s: [scenario] name: '%s' is not a valid name (letters, digits, '_', '-', '.'; "
                              "at most %d characters)",
                              cfg_doc_origin(doc, "scenario", "name"), s->params.scenario.name, RESULTS_NAME_MAX - 1);
            else
                snprintf(s->name, sizeof s->name, "%.*s", RESULTS_NAME_MAX - 1, s->params.scenario.name); /* length checked above */
        } else {
            name_from_path(path, s->name, sizeof s->name);
            if (!scenario_name_valid(s->name))
                st = SIM_FAIL(SIM_ERR_CONFIG, "%s: the file name gives no valid scenario name; set [scenario] name",
                              path);
        }
    }
    if (st == SIM_OK && strcmp(s->params.run.ensemble, "none") != 0)
        st = load_ensemble(s, doc, ignore_sections);
    cfg_doc_destroy(&doc);
    if (st != SIM_OK) {
        sim_trace_at(__FILE__, __LINE__, __func__);
        scenario_destroy(&s);
        return st;
    }
    *out = s;
    return SIM_OK;
}

void scenario_destroy(scenario **sp)
{
    scenario *s = *sp;
    if (!s) return;
    free(s->config_text);
    free(s->path);
    free(s->draws);
    free(s);
    *sp = NULL;
}

const sim_metric_set *scenario_metric_set(void) { return model_metric_set(); }
