/**
 * @file plot_template.c
 * @brief Locating and filling gnuplot script templates (see plot_template.h).
 */
#include "sim/plot/plot_template.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/engine/datadir.h"
#include "sim/engine/textfile.h"

/* 1 if dir holds the marker template. */
static int has_templates(const char *dir)
{
    char *p = NULL;
    if (asprintf(&p, "%s/%s", dir, PLOT_TEMPLATE_MARKER) < 0) return 0;
    struct stat sb;
    int ok = stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
    free(p);
    return ok;
}

sim_status plot_template_dir(char **dir)
{
    if (!dir) return SIM_FAIL(SIM_ERR_INTERNAL, "plot_template_dir: NULL argument");
    *dir = NULL;
    const char *env = getenv("CHANSIM_PLOTS_DIR");
    if (env && env[0]) {
        if (!has_templates(env))
            return SIM_FAIL(SIM_ERR_CONFIG, "CHANSIM_PLOTS_DIR='%s' holds no plot templates (no %s)", env,
                            PLOT_TEMPLATE_MARKER);
        if (!(*dir = strdup(env))) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
        return SIM_OK;
    }
    /* The shipped plots/ directory (datadir.h: source tree, install prefix or $CHANSIM_DATA_DIR). */
    char *plots = NULL;
    SIM_CHECK(datadir_path("plots", &plots));
    if (!has_templates(plots)) {
        sim_status st = SIM_FAIL(SIM_ERR_CONFIG, "no plot templates in '%s' (no %s); set CHANSIM_PLOTS_DIR to a "
                                 "directory that holds them", plots, PLOT_TEMPLATE_MARKER);
        free(plots);
        return st;
    }
    *dir = plots;
    return SIM_OK;
}

sim_status plot_template_read(const char *dir, const char *name, char **text)
{
    if (!dir || !name || !text) return SIM_FAIL(SIM_ERR_INTERNAL, "plot_template_read: NULL argument");
    *text = NULL;
    char *path = NULL;
    if (asprintf(&path, "%s/%s", dir, name) < 0) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    sim_status st = textfile_read(path, "plot template", text, NULL);
    free(path);
    return st;
}

/* A growable string. */
typedef struct {
    char *s;
    size_t n, cap;
} sbuf;

static int sbuf_add(sbuf *b, const char *text, size_t len)
{
    if (b->n + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (b->n + len + 1 > cap) cap *= 2;
        char *grown = realloc(b->s, cap);
        if (!grown) return 0;
        b->s = grown;
        b->cap = cap;
    }
    memcpy(b->s + b->n, text, len);
    b->n += len;
    b->s[b->n] = '\0';
    return 1;
}

static int is_key_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

sim_status plot_template_fill(const char *tmpl, const char *origin, const plot_subst *subs, size_t n, char **out)
{
    if (!tmpl || !out || (n && !subs)) return SIM_FAIL(SIM_ERR_INTERNAL, "plot_template_fill: NULL argument");
    *out = NULL;
    sbuf b = {0};
    int line = 1;
    const char *p = tmpl;
    while (*p) {
        const char *at = p;
        while (*at && *at != '@') at++;
        for (const char *q = p; q < at; q++) line += *q == '\n';
        if (!sbuf_add(&b, p, (size_t)(at - p))) goto oom;
        if (!*at) break;
        const char *k = at + 1, *e = k;
        while (is_key_char(*e)) e++;
        if (e == k || *e != '@') { /* not a placeholder: a lone '@' (gnuplot macro) */
            if (!sbuf_add(&b, "@", 1)) goto oom;
            p = at + 1;
            continue;
        }
        size_t klen = (size_t)(e - k);
        const plot_subst *s = NULL;
        for (size_t i = 0; i < n && !s; i++)
            if (strlen(subs[i].key) == klen && strncmp(subs[i].key, k, klen) == 0) s = &subs[i];
        if (!s) {
            free(b.s);
            return SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: unknown placeholder @%.*s@ (see plots/README.md)",
                            origin ? origin : "template", line, (int)klen, k);
        }
        const char *v = s->value ? s->value : "";
        if (!sbuf_add(&b, v, strlen(v))) goto oom;
        p = e + 1;
    }
    if (!b.s && !sbuf_add(&b, "", 0)) goto oom;
    *out = b.s;
    return SIM_OK;
oom:
    free(b.s);
    return SIM_FAIL(SIM_ERR_MEMORY, "out of memory filling template %s", origin ? origin : "");
}

char *plot_template_quote(const char *text)
{
    if (!text) text = "";
    size_t len = 0;
    for (const char *p = text; *p; p++) len += *p == '\'' ? 2 : 1;
    char *q = malloc(len + 1), *o = q;
    if (!q) return NULL;
    for (const char *p = text; *p; p++) {
        if (*p == '\'') *o++ = '\'';
        *o++ = (*p == '\n' || *p == '\r') ? ' ' : *p;
    }
    *o = '\0';
    return q;
}
