#include "scenario.h"

#include <stdlib.h>
#include <string.h>

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

static sim_status bind_all(scenario *s, cfg_doc *doc, const char *const *ignore)
{
    cfg_table *tables = NULL;
    size_t ntables = 0;
    SIM_CHECK(params_tables_create(&tables, &ntables));
    sim_status st = cfg_bind(doc, tables, ntables, &s->params, ignore);
    if (st == SIM_OK && (st = params_check(&s->params)) != SIM_OK) {
        /* Checks across keys know the keys, not where they were set: name the config. */
        char message[2048];
        snprintf(message, sizeof message, "%s", sim_error_message());
        sim_error_clear();
        st = SIM_FAIL(st, "%s: %s", cfg_doc_path(doc)[0] ? cfg_doc_path(doc) : "config", message);
    }
    if (st == SIM_OK) st = cfg_render(doc, tables, ntables, &s->params, &s->config_text);
    params_tables_destroy(&tables, ntables);
    if (st != SIM_OK) sim_trace_at(__FILE__, __LINE__, __func__);
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
    free(s);
    *sp = NULL;
}
