/**
 * @file config_set.c
 * @brief `--set section.key=value` and `section.key[i]=value` overrides on a document.
 *
 * A whole value replaces whatever the files gave (and earlier element overrides);
 * an element override is kept beside the value and applied after it by cfg_bind,
 * which also reports unknown keys and bad values. Here only the assignment's form
 * is checked.
 */
#if !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L /* strdup */
#endif

#include "sim/engine/ini_doc.h"
#include "sim/engine/config_internal.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define MALFORMED(text, ...) \
    SIM_FAIL(SIM_ERR_USAGE, "malformed --set '%s': " __VA_ARGS__, text)

sim_status cfg_doc_set(cfg_doc *doc, const char *assignment)
{
    if (!doc || !assignment)
        return SIM_FAIL(SIM_ERR_INTERNAL, "cfg_doc_set: NULL argument");
    const char *eq = strchr(assignment, '=');
    if (!eq)
        return MALFORMED(assignment, "expected section.key=value or section.key[i]=value");

    const char *lhs = assignment;
    size_t lhs_len = (size_t)(eq - assignment);
    cfg_trim_range(&lhs, &lhs_len);
    const char *dot = memchr(lhs, '.', lhs_len);
    if (!dot)
        return MALFORMED(assignment, "expected section.key=value or section.key[i]=value");
    const char *sec = lhs;
    size_t sec_len = (size_t)(dot - lhs);
    const char *key = dot + 1;
    size_t key_len = lhs_len - sec_len - 1;

    int index = -1;
    const char *bracket = memchr(key, '[', key_len);
    if (bracket) {
        const char *digits = bracket + 1;
        const char *end = key + key_len;
        if (end[-1] != ']' || end - 1 == digits)
            return MALFORMED(assignment, "expected a list index like key[0]");
        long long i = 0;
        for (const char *p = digits; p < end - 1; p++) {
            if (!isdigit((unsigned char)*p))
                return MALFORMED(assignment, "list index must be a non-negative integer");
            i = i * 10 + (*p - '0');
            if (i > INT_MAX)
                return MALFORMED(assignment, "list index is too large");
        }
        index = (int)i;
        key_len = (size_t)(bracket - key);
    }
    if (!cfg_valid_name(sec, sec_len) || !cfg_valid_name(key, key_len))
        return MALFORMED(assignment, "section and key must be a-z, 0-9 and '_'");

    const char *val = eq + 1;
    size_t val_len = strlen(val);
    cfg_trim_range(&val, &val_len);

    char *section = cfg_dup_range(sec, sec_len);
    char *name = cfg_dup_range(key, key_len);
    char *value = cfg_dup_range(val, val_len);
    char *origin = strdup(CFG_SET_ORIGIN);
    if (!section || !name || !value || !origin)
        goto nomem;

    cfg_entry *e = cfg_find_entry(doc->entries, doc->count, section, name);
    if (!e) {
        cfg_entry *grown = cfg_grow_array(doc->entries, &doc->cap, doc->count + 1, sizeof *grown);
        if (!grown)
            goto nomem;
        doc->entries = grown;
        e = &doc->entries[doc->count++];
        memset(e, 0, sizeof *e);
        e->section = section;
        e->key = name;
        section = name = NULL;
    }
    if (index < 0) {
        /* A whole value replaces the file's value and any earlier element overrides. */
        for (size_t i = 0; i < e->nelems; i++)
            free(e->elems[i].value);
        e->nelems = 0;
        free(e->value);
        free(e->origin);
        e->value = value;
        e->origin = origin;
        e->line = 0;
    } else {
        cfg_element *grown = cfg_grow_array(e->elems, &e->elems_cap, e->nelems + 1, sizeof *grown);
        if (!grown) {
            /* A new entry with nothing in it would bind as nothing; drop it. */
            if (!e->value && e->nelems == 0) {
                cfg_entry_free(e);
                doc->count--;
            }
            goto nomem;
        }
        e->elems = grown;
        e->elems[e->nelems++] = (cfg_element){.index = index, .value = value};
        free(origin);
    }
    free(section);
    free(name);
    return SIM_OK;

nomem:
    free(section);
    free(name);
    free(value);
    free(origin);
    return SIM_FAIL(SIM_ERR_MEMORY, "out of memory applying --set '%s'", assignment);
}
