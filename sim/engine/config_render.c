/**
 * @file config_render.c
 * @brief The resolved configuration as INI text for provenance: every parameter
 *        with its bound value, unit and origin; the text binds back to the same values.
 */
#include "sim/engine/config.h"
#include "sim/engine/config_internal.h"
#include "sim/engine/strbuf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Comment text on one line: control characters (a newline in a path) would end it. */
static void sb_comment(strbuf *sb, const char *s)
{
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        strbuf_printf(sb, "%c", ch < 0x20 || ch == 0x7f ? '?' : ch);
    }
}

/* Append p's bound value; false (with a reason) if it could not be read back. */
static bool render_value(strbuf *sb, const cfg_param *p, const void *target, cfg_why_buf *w)
{
    const char *field = (const char *)target + p->offset;
    const double *d = (const double *)(const void *)field;
    const int *n = (const int *)(const void *)field;
    switch (p->type) {
    case CFG_DOUBLE:
        if (!isfinite(*d))
            return cfg_why(w, "value is not finite");
        strbuf_printf(sb, "%.17g", *d);
        return true;
    case CFG_INT:
        strbuf_printf(sb, "%d", *n);
        return true;
    case CFG_BOOL:
        strbuf_printf(sb, "%s", *n ? "true" : "false");
        return true;
    case CFG_DATE: {
        char buf[32];
        cfg_format_date(*n, buf, sizeof buf);
        strbuf_printf(sb, "%s", buf);
        return true;
    }
    case CFG_STRING:
        if (memchr(field, '\0', CFG_STRING_MAX) == NULL)
            return cfg_why(w, "string is not NUL-terminated");
        if (!cfg_string_ok(field, w, ""))
            return false;
        strbuf_printf(sb, "%s", field);
        return true;
    case CFG_DOUBLE_LIST:
        for (int i = 0; i < p->count; i++) {
            if (!isfinite(d[i]))
                return cfg_why(w, "element [%d] is not finite", i);
            strbuf_printf(sb, "%s%.17g", i ? ", " : "", d[i]);
        }
        return true;
    case CFG_STRING_LIST:
        for (int i = 0; i < p->count; i++) {
            const char *s = field + (size_t)i * CFG_NAME_MAX;
            char copy[CFG_NAME_MAX];
            if (memchr(s, '\0', CFG_NAME_MAX) == NULL)
                return cfg_why(w, "element [%d] is not NUL-terminated", i);
            if (!cfg_parse_name(s, copy, w, "")) /* the same check binding applies */
                return false;
            strbuf_printf(sb, "%s%s", i ? ", " : "", s);
        }
        return true;
    }
    return cfg_why(w, "unknown parameter type %d", (int)p->type);
}

static bool section_seen_before(const cfg_table *tables, size_t t, size_t i)
{
    const char *section = tables[t].params[i].section;
    for (size_t u = 0; u <= t; u++)
        for (size_t j = 0; j < (u == t ? i : tables[u].count); j++)
            if (strcmp(tables[u].params[j].section, section) == 0)
                return true;
    return false;
}

sim_status cfg_render(const cfg_doc *doc, const cfg_table *tables, size_t ntables, const void *target,
                      char **text)
{
    if ((!tables && ntables) || !target || !text)
        return SIM_FAIL(SIM_ERR_INTERNAL, "cfg_render: NULL argument");
    *text = NULL;
    SIM_CHECK(cfg_check_tables(tables, ntables));
    strbuf sb = {0};
    strbuf_printf(&sb, "; resolved configuration");
    if (doc && doc->path[0]) {
        strbuf_printf(&sb, " of ");
        sb_comment(&sb, doc->path);
    }
    strbuf_printf(&sb, "\n");
    /* Sections in order of first appearance; within one, parameters in table order. */
    for (size_t t = 0; t < ntables; t++) {
        for (size_t i = 0; i < tables[t].count; i++) {
            if (section_seen_before(tables, t, i))
                continue;
            const char *section = tables[t].params[i].section;
            strbuf_printf(&sb, "\n[%s]\n", section);
            for (size_t u = t; u < ntables; u++) {
                for (size_t j = (u == t ? i : 0); j < tables[u].count; j++) {
                    const cfg_param *p = &tables[u].params[j];
                    if (strcmp(p->section, section) != 0)
                        continue;
                    cfg_why_buf w = {{0}};
                    strbuf_printf(&sb, "%s = ", p->key);
                    if (!render_value(&sb, p, target, &w)) {
                        free(sb.buf);
                        return SIM_FAIL(SIM_ERR_INTERNAL, "cannot render [%s] %s: %s", p->section, p->key,
                                        w.text);
                    }
                    strbuf_printf(&sb, "  ; ");
                    sb_comment(&sb, p->unit && p->unit[0] ? p->unit : "-");
                    strbuf_printf(&sb, "; from ");
                    sb_comment(&sb, cfg_doc_origin(doc, p->section, p->key));
                    strbuf_printf(&sb, "\n");
                }
            }
        }
    }
    if (sb.failed) {
        free(sb.buf);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory rendering the configuration");
    }
    *text = sb.buf;
    return SIM_OK;
}
