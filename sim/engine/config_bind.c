/**
 * @file config_bind.c
 * @brief Binding a document to parameter tables: defaults, then the document's
 *        values; unknown sections and keys are reported with a "did you mean".
 *
 * Every message has the form `ORIGIN: [section] key: problem`, where ORIGIN is
 * `file:line` or `--set`, so the user can go straight to the offending line.
 */
#include "sim/engine/config.h"
#include "sim/engine/config_internal.h"

#include <limits.h>
#include <string.h>

static const cfg_param *find_param(const cfg_table *tables, size_t ntables, const char *section, const char *key)
{
    for (size_t t = 0; t < ntables; t++)
        for (size_t i = 0; i < tables[t].count; i++)
            if (strcmp(tables[t].params[i].section, section) == 0 && strcmp(tables[t].params[i].key, key) == 0)
                return &tables[t].params[i];
    return NULL;
}

static bool section_known(const cfg_table *tables, size_t ntables, const char *section)
{
    for (size_t t = 0; t < ntables; t++)
        for (size_t i = 0; i < tables[t].count; i++)
            if (strcmp(tables[t].params[i].section, section) == 0)
                return true;
    return false;
}

/* Levenshtein distance, or INT_MAX for names too long to be worth it. */
static int edit_distance(const char *a, const char *b)
{
    enum { MAXLEN = 64 };
    size_t la = strlen(a), lb = strlen(b);
    if (la >= MAXLEN || lb >= MAXLEN)
        return INT_MAX;
    int prev[MAXLEN + 1], cur[MAXLEN + 1];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int best = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            cur[j] = best;
        }
        memcpy(prev, cur, sizeof prev);
    }
    return prev[lb];
}

/* The closest key of `section` (or, with section NULL, the closest section) within
 * edit distance 2, or NULL. */
static const char *suggest(const cfg_table *tables, size_t ntables, const char *section, const char *name)
{
    const char *best = NULL;
    int best_d = 3;
    for (size_t t = 0; t < ntables; t++) {
        for (size_t i = 0; i < tables[t].count; i++) {
            const cfg_param *p = &tables[t].params[i];
            if (section && strcmp(p->section, section) != 0)
                continue;
            const char *cand = section ? p->key : p->section;
            int d = edit_distance(name, cand);
            if (d < best_d && d < (int)strlen(name)) {
                best = cand;
                best_d = d;
            }
        }
    }
    return best;
}

static bool ignored(const char *const *ignore_sections, const char *section)
{
    for (const char *const *s = ignore_sections; s && *s; s++)
        if (strcmp(*s, section) == 0)
            return true;
    return false;
}

sim_status cfg_check_tables(const cfg_table *tables, size_t ntables)
{
    for (size_t t = 0; t < ntables; t++) {
        const char *tname = tables[t].name ? tables[t].name : "?";
        if (tables[t].count && !tables[t].params)
            return SIM_FAIL(SIM_ERR_INTERNAL, "table '%s': no parameters array", tname);
        for (size_t i = 0; i < tables[t].count; i++) {
            const cfg_param *p = &tables[t].params[i];
            if (!p->section || !p->key || !p->def)
                return SIM_FAIL(SIM_ERR_INTERNAL, "table '%s': parameter %zu lacks section, key or default",
                                tname, i);
            if (!cfg_valid_name(p->section, strlen(p->section)) || !cfg_valid_name(p->key, strlen(p->key)))
                return SIM_FAIL(SIM_ERR_INTERNAL, "table '%s': [%s] %s: invalid section or key name", tname,
                                p->section, p->key);
            if (cfg_is_list(p) && p->count < 1)
                return SIM_FAIL(SIM_ERR_INTERNAL, "table '%s': [%s] %s: list count %d must be positive", tname,
                                p->section, p->key, p->count);
            if (find_param(tables, ntables, p->section, p->key) != p)
                return SIM_FAIL(SIM_ERR_INTERNAL, "table '%s': [%s] %s: claimed by two parameters", tname,
                                p->section, p->key);
        }
    }
    return SIM_OK;
}

static sim_status bind_entry(const cfg_entry *e, const cfg_table *tables, size_t ntables, void *target)
{
    /* Element-only entries come from --set; so does any element override. */
    const char *origin = e->value ? e->origin : CFG_SET_ORIGIN;
    const cfg_param *p = find_param(tables, ntables, e->section, e->key);
    if (!p) {
        if (!section_known(tables, ntables, e->section)) {
            const char *s = suggest(tables, ntables, NULL, e->section);
            if (s)
                return SIM_FAIL(SIM_ERR_CONFIG, "%s: [%s] %s: unknown section [%s] (did you mean [%s]?)", origin,
                                e->section, e->key, e->section, s);
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [%s] %s: unknown section [%s]", origin, e->section, e->key,
                            e->section);
        }
        const char *s = suggest(tables, ntables, e->section, e->key);
        if (s)
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [%s] %s: unknown key '%s' (did you mean '%s'?)", origin,
                            e->section, e->key, e->key, s);
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: [%s] %s: unknown key '%s'", origin, e->section, e->key, e->key);
    }
    cfg_why_buf w = {{0}};
    if (e->value && !cfg_parse_value(p, e->value, target, &w))
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: [%s] %s: %s", e->origin, e->section, e->key, w.text);
    for (size_t i = 0; i < e->nelems; i++) {
        const cfg_element *el = &e->elems[i];
        if (!cfg_is_list(p))
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [%s] %s: not a list, so [%d] cannot be set", CFG_SET_ORIGIN,
                            e->section, e->key, el->index);
        if (el->index >= p->count)
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [%s] %s: index [%d] is out of range (the list has %d values)",
                            CFG_SET_ORIGIN, e->section, e->key, el->index, p->count);
        if (!cfg_parse_element(p, el->index, el->value, target, &w))
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [%s] %s: %s", CFG_SET_ORIGIN, e->section, e->key, w.text);
    }
    if (p->type == CFG_STRING_LIST && !cfg_names_unique(p, target, &w))
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: [%s] %s: %s", e->nelems ? CFG_SET_ORIGIN : origin, e->section, e->key,
                        w.text);
    return SIM_OK;
}

sim_status cfg_bind(const cfg_doc *doc, const cfg_table *tables, size_t ntables, void *target,
                    const char *const *ignore_sections)
{
    if ((!tables && ntables) || !target)
        return SIM_FAIL(SIM_ERR_INTERNAL, "cfg_bind: NULL argument");
    SIM_CHECK(cfg_check_tables(tables, ntables));
    for (size_t t = 0; t < ntables; t++) {
        for (size_t i = 0; i < tables[t].count; i++) {
            const cfg_param *p = &tables[t].params[i];
            cfg_why_buf w = {{0}};
            if (!cfg_parse_value(p, p->def, target, &w) || (p->type == CFG_STRING_LIST && !cfg_names_unique(p, target, &w)))
                return SIM_FAIL(SIM_ERR_INTERNAL, "table '%s': [%s] %s: default '%.*s' is invalid: %s",
                                tables[t].name ? tables[t].name : "?", p->section, p->key, CFG_QUOTE_MAX, p->def,
                                w.text);
        }
    }
    if (!doc)
        return SIM_OK;
    for (size_t i = 0; i < doc->count; i++) {
        const cfg_entry *e = &doc->entries[i];
        if (!ignored(ignore_sections, e->section))
            SIM_CHECK(bind_entry(e, tables, ntables, target));
    }
    return SIM_OK;
}
