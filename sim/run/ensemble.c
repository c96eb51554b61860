/**
 * @file ensemble.c
 * @brief Reading a posterior ensemble file (format in ensemble.h) with inih.
 */
#include "sim/run/ensemble.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "sim/engine/ini_doc.h"
#include "sim/engine/textfile.h"

/* Parser state: the text is fed to inih line by line so that messages name the line. */
typedef struct {
    ensemble *e;
    const char *path;
    const char *next; /* the rest of the text */
    int line;         /* line of the text last handed to inih */
    int draw;         /* draw of the current section (1-based), 0 before the first */
    int key_in_draw;  /* keys seen in the current draw */
    size_t cap_values;
    sim_status status;
    char msg[1024];
} parser;

static void fail(parser *p, sim_status code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void fail(parser *p, sim_status code, const char *fmt, ...)
{
    if (p->status != SIM_OK) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->msg, sizeof p->msg, fmt, ap);
    va_end(ap);
    p->status = code;
}

static char *next_line(char *str, int num, void *stream)
{
    parser *p = stream;
    if (p->status != SIM_OK || !*p->next) return NULL;
    const char *end = strchr(p->next, '\n');
    size_t n = end ? (size_t)(end - p->next) + 1 : strlen(p->next);
    if (n >= (size_t)num) {
        fail(p, SIM_ERR_CONFIG, "%s:%d: line too long", p->path, p->line + 1);
        return NULL;
    }
    memcpy(str, p->next, n);
    str[n] = '\0';
    p->next += n;
    p->line++;
    return str;
}

/* The draw number of a section "draw N", or 0. */
static int draw_number(const char *section)
{
    if (strncmp(section, "draw ", 5) != 0) return 0;
    char *end = NULL;
    long n = strtol(section + 5, &end, 10);
    return (end && *end == '\0' && n > 0 && n < 1000000) ? (int)n : 0;
}

static int end_draw(parser *p)
{
    if (p->draw > 0 && p->key_in_draw != p->e->nkeys) {
        fail(p, SIM_ERR_CONFIG, "%s:%d: [draw %d] has %d keys, the first draw %d", p->path, p->line, p->draw,
             p->key_in_draw, p->e->nkeys);
        return 0;
    }
    return 1;
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
    parser *p = user;
    ensemble *e = p->e;
    if (p->status != SIM_OK) return 0;
    if (!section[0]) {
        int known = strcmp(name, "calibrated") == 0;
        if (!known || e->calibrated) {
            fail(p, SIM_ERR_CONFIG, "%s:%d: %s: %s", p->path, p->line, name,
                 known ? "given twice" : "unknown key before the first [draw N] (known: calibrated)");
            return 0;
        }
        if (!(e->calibrated = strdup(value))) fail(p, SIM_ERR_MEMORY, "out of memory");
        return p->status == SIM_OK;
    }
    int d = draw_number(section);
    if (d == 0) {
        fail(p, SIM_ERR_CONFIG, "%s:%d: [%s]: expected a section [draw N]", p->path, p->line, section);
        return 0;
    }
    if (d != p->draw) { /* a new section */
        if (!end_draw(p)) return 0;
        if (d != e->ndraws + 1) {
            fail(p, SIM_ERR_CONFIG, "%s:%d: [draw %d]: expected [draw %d] (draws are numbered in order)", p->path,
                 p->line, d, e->ndraws + 1);
            return 0;
        }
        p->draw = d;
        p->key_in_draw = 0;
        e->ndraws = d;
    }
    if (d == 1) { /* the first draw fixes the keys */
        for (int k = 0; k < e->nkeys; k++)
            if (strcmp(e->keys[k], name) == 0) {
                fail(p, SIM_ERR_CONFIG, "%s:%d: [draw 1] %s: given twice", p->path, p->line, name);
                return 0;
            }
        char **keys = realloc(e->keys, (size_t)(e->nkeys + 1) * sizeof *keys);
        if (!keys || !(keys[e->nkeys] = strdup(name))) {
            if (keys) e->keys = keys;
            fail(p, SIM_ERR_MEMORY, "out of memory");
            return 0;
        }
        e->keys = keys;
        e->nkeys++;
    } else if (p->key_in_draw >= e->nkeys || strcmp(e->keys[p->key_in_draw], name) != 0) {
        fail(p, SIM_ERR_CONFIG, "%s:%d: [draw %d] %s: expected %s here (every draw lists the first draw's keys in "
             "its order)", p->path, p->line, d, name,
             p->key_in_draw < e->nkeys ? e->keys[p->key_in_draw] : "no further key");
        return 0;
    }
    /* Values are appended in file order, which is draw-major, key-minor. */
    if (e->nvalues == p->cap_values) {
        size_t cap = p->cap_values ? 2 * p->cap_values : 256;
        char **v = realloc(e->values, cap * sizeof *v);
        if (!v) {
            fail(p, SIM_ERR_MEMORY, "out of memory");
            return 0;
        }
        e->values = v;
        p->cap_values = cap;
    }
    if (!(e->values[e->nvalues] = strdup(value))) {
        fail(p, SIM_ERR_MEMORY, "out of memory");
        return 0;
    }
    e->nvalues++;
    p->key_in_draw++;
    return 1;
}

sim_status ens_load(const char *path, ensemble **out)
{
    if (!path || !out) return SIM_FAIL(SIM_ERR_INTERNAL, "ens_load: NULL argument");
    *out = NULL;
    ensemble *e;
    SIM_CALLOC(e, 1);
    sim_status st = (e->path = strdup(path)) ? SIM_OK : SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    if (st == SIM_OK) st = textfile_read(path, "ensemble file", &e->text, NULL);
    if (st == SIM_OK) {
        cfg_inih_configure(); /* long lines whole, as in configs */
        parser p = {.e = e, .path = path, .next = e->text, .status = SIM_OK};
        int rc = ini_parse_stream(next_line, &p, on_key, &p);
        if (p.status == SIM_OK && rc > 0) fail(&p, SIM_ERR_CONFIG, "%s:%d: syntax error", path, rc);
        if (p.status == SIM_OK) end_draw(&p);
        if (p.status != SIM_OK) st = SIM_FAIL(p.status, "%s", p.msg);
    }
    if (st == SIM_OK && !e->calibrated)
        st = SIM_FAIL(SIM_ERR_CONFIG, "%s: calibrated: missing (the calibrated config the draws replace)", path);
    if (st == SIM_OK && (e->ndraws == 0 || e->nkeys == 0))
        st = SIM_FAIL(SIM_ERR_CONFIG, "%s: no [draw N] with keys", path);
    if (st == SIM_OK) {
        char *resolved = cfg_path_beside(path, e->calibrated);
        if (!resolved) st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
        free(e->calibrated);
        e->calibrated = resolved;
    }
    if (st != SIM_OK) {
        ens_destroy(&e);
        sim_trace_at(__FILE__, __LINE__, __func__);
        return st;
    }
    *out = e;
    return SIM_OK;
}

void ens_destroy(ensemble **ep)
{
    if (!ep || !*ep) return;
    ensemble *e = *ep;
    for (size_t i = 0; i < e->nvalues; i++) free(e->values[i]);
    for (int k = 0; k < e->nkeys; k++) free(e->keys[k]);
    free(e->keys);
    free(e->values);
    free(e->calibrated);
    free(e->path);
    free(e->text);
    free(e);
    *ep = NULL;
}
