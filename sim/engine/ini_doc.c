/**
 * @file ini_doc.c
 * @brief The config document: reading one INI file with inih, following its
 *        `extends` chain (cycle detection by file identity), and the document's
 *        lookups.
 *
 * A document is a flat list of entries {section, key, value, origin}; an `extends`
 * chain is flattened at load time (ancestors first, each child overriding key by
 * key), so binding never needs to know about files. Parsing is inih's; this file
 * only adds what inih leaves to the caller: line numbers (counted by our own line
 * reader), `#` inline comments, name checks, duplicates and the chain.
 *
 * Thread safety: no mutable state of our own. inih's line-buffer options are set
 * once (pthread_once) before the first parse; see configure_inih().
 * Lookups are linear: configs hold hundreds of keys, not millions.
 */
#if !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L /* strdup, fstat, strerror_r */
#endif

#include "sim/engine/ini_doc.h"
#include "sim/engine/ini_doc_internal.h"
#include "sim/engine/textfile.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---------------------------------------------------------------------------
 * inih configuration
 *
 * Upstream inih fixes its options at build time: lines are cut at 200 bytes and
 * indented lines continue the previous value. Both are wrong for us (a 12-value
 * list rendered with %.17g is ~300 characters; an indented `key = value` must not
 * silently join the line above). Debian's libinih exposes these options as
 * process-wide variables. They are declared weak so the code still links against
 * an upstream build, where the 200-byte limit then applies and is reported as
 * "line is longer than ..." rather than misparsed.
 * ------------------------------------------------------------------------- */
#pragma weak ini_use_stack
#pragma weak ini_allow_realloc
#pragma weak ini_max_line
#pragma weak ini_allow_multiline
extern bool ini_use_stack;
extern bool ini_allow_realloc;
extern int ini_max_line;
extern bool ini_allow_multiline;

enum {
    INI_LINE_BUFFER = 65536, /* inih line buffer we ask for (content + "\n\0") */
    MAX_SECTION_LEN = 48     /* inih copies section names into char[50]; longer ones are cut */
};

static pthread_once_t inih_once = PTHREAD_ONCE_INIT;

static void configure_inih(void)
{
    /* Written once, before any parse, and never again: effectively constants. */
    if (&ini_max_line && &ini_use_stack && &ini_allow_realloc) {
        ini_use_stack = false;
        ini_allow_realloc = true;
        ini_max_line = INI_LINE_BUFFER;
    }
    if (&ini_allow_multiline)
        ini_allow_multiline = false;
}

/* Longest line (without its newline) that inih will see whole. */
static size_t line_limit(void)
{
    int buffer = (&ini_max_line && &ini_use_stack && !ini_use_stack) ? ini_max_line : INI_MAX_LINE;
    return (size_t)buffer - 2;
}

size_t cfg_inih_configure(void)
{
    pthread_once(&inih_once, configure_inih);
    return line_limit();
}

/* ---------------------------------------------------------------------------
 * Document
 * ------------------------------------------------------------------------- */

const char CFG_SET_ORIGIN[] = "--set";

/* Grow an array to hold `need` items. Returns the new array, or NULL (old one intact). */
void *cfg_grow_array(void *items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return items;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2 / size)
            return NULL;
        n *= 2;
    }
    void *p = realloc(items, n * size);
    if (p)
        *cap = n;
    return p;
}

char *cfg_dup_range(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

void cfg_entry_free(cfg_entry *e)
{
    free(e->section);
    free(e->key);
    free(e->value);
    free(e->origin);
    for (size_t i = 0; i < e->nelems; i++)
        free(e->elems[i].value);
    free(e->elems);
    memset(e, 0, sizeof *e);
}

cfg_entry *cfg_find_entry(cfg_entry *entries, size_t n, const char *section, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(entries[i].section, section) == 0 && strcmp(entries[i].key, key) == 0)
            return &entries[i];
    return NULL;
}

static const cfg_entry *doc_find(const cfg_doc *doc, const char *section, const char *key)
{
    if (!doc || !section || !key)
        return NULL;
    return cfg_find_entry(doc->entries, doc->count, section, key);
}

sim_status cfg_doc_create(cfg_doc **doc)
{
    if (!doc)
        return SIM_FAIL(SIM_ERR_INTERNAL, "cfg_doc_create: NULL argument");
    *doc = NULL;
    cfg_doc *d;
    SIM_CALLOC(d, 1);
    d->path = strdup("");
    if (!d->path) {
        free(d);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory creating a config document");
    }
    *doc = d;
    return SIM_OK;
}

void cfg_doc_destroy(cfg_doc **doc)
{
    if (!doc || !*doc)
        return;
    cfg_doc *d = *doc;
    for (size_t i = 0; i < d->count; i++)
        cfg_entry_free(&d->entries[i]);
    free(d->entries);
    free(d->path);
    free(d->extends);
    free(d);
    *doc = NULL;
}

const char *cfg_doc_path(const cfg_doc *doc) { return doc && doc->path ? doc->path : ""; }

const char *cfg_doc_extends(const cfg_doc *doc) { return doc ? doc->extends : NULL; }

size_t cfg_doc_size(const cfg_doc *doc) { return doc ? doc->count : 0; }

void cfg_doc_key(const cfg_doc *doc, size_t i, const char **section, const char **key)
{
    const cfg_entry *e = doc && i < doc->count ? &doc->entries[i] : NULL;
    if (section)
        *section = e ? e->section : NULL;
    if (key)
        *key = e ? e->key : NULL;
}

const char *cfg_doc_get(const cfg_doc *doc, const char *section, const char *key)
{
    const cfg_entry *e = doc_find(doc, section, key);
    return e ? e->value : NULL;
}

const char *cfg_doc_origin(const cfg_doc *doc, const char *section, const char *key)
{
    const cfg_entry *e = doc_find(doc, section, key);
    if (!e)
        return "default";
    /* A list with one element overridden on the command line is no longer the file's. */
    return e->nelems ? CFG_SET_ORIGIN : e->origin;
}

/* ---------------------------------------------------------------------------
 * Small text helpers
 * ------------------------------------------------------------------------- */

/* Section and key names: [a-z0-9_]+. */
bool cfg_valid_name(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '_'))
            return false;
    return true;
}

/* Trim [*s, *s + *n) in place (pointer and length). */
void cfg_trim_range(const char **s, size_t *n)
{
    while (*n > 0 && isspace((unsigned char)**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n > 0 && isspace((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

/* Cut a `#` inline comment (at the start or after whitespace, like inih's `;`) and
 * trailing whitespace, in place. inih handles `;` itself. */
static void strip_hash_comment(char *v)
{
    for (char *p = v; *p; p++) {
        if (*p == '#' && (p == v || isspace((unsigned char)p[-1]))) {
            *p = '\0';
            break;
        }
    }
    size_t n = strlen(v);
    while (n > 0 && isspace((unsigned char)v[n - 1]))
        v[--n] = '\0';
}

/* Thread-safe strerror for both the GNU and the XSI strerror_r. */
static const char *errno_text(int err, char *buf, size_t size)
{
#ifdef _GNU_SOURCE
    return strerror_r(err, buf, size);
#else
    if (strerror_r(err, buf, size) != 0)
        snprintf(buf, size, "error %d", err);
    return buf;
#endif
}

/* ---------------------------------------------------------------------------
 * Loading one file
 * ------------------------------------------------------------------------- */

typedef struct {
    char *path;         /**< as opened: the top path, or parent resolved against its child */
    dev_t dev;          /**< identity, for cycle detection independent of spelling */
    ino_t ino;
    char *extends;      /**< parent as written, or NULL */
    int extends_line;
    cfg_entry *entries; /**< this file's keys only */
    size_t count, cap;
} parsed_file;

static void parsed_file_free(parsed_file *f)
{
    free(f->path);
    free(f->extends);
    for (size_t i = 0; i < f->count; i++)
        cfg_entry_free(&f->entries[i]);
    free(f->entries);
    memset(f, 0, sizeof *f);
}

/* State shared by our line reader and our key handler during one inih parse. */
typedef struct {
    parsed_file *file;
    FILE *stream;
    int line;           /**< physical line being read, 1-based */
    size_t line_len;    /**< characters of it read so far */
    bool at_line_start;
    size_t limit;
    int read_errno;     /**< errno of a failed read, 0 if none */
    sim_status status;  /**< first failure inside a callback; inih cannot carry one */
    int err_line;
    char msg[1024];
} parse_ctx;

static void ctx_fail(parse_ctx *c, sim_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void ctx_fail(parse_ctx *c, sim_status code, const char *fmt, ...)
{
    if (c->status != SIM_OK)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->msg, sizeof c->msg, fmt, ap);
    va_end(ap);
    c->status = code;
    c->err_line = c->line;
}

/* fgets for inih that counts physical lines (this inih build does not pass line
 * numbers to the handler), rejects over-long lines instead of letting inih cut
 * them, and stops the parse at the first error by reporting end of input. */
static char *read_line(char *str, int num, void *stream)
{
    parse_ctx *c = stream;
    if (c->status != SIM_OK)
        return NULL;
    if (c->at_line_start) {
        c->line++;
        c->line_len = 0;
    }
    errno = 0;
    if (!fgets(str, num, c->stream)) {
        if (ferror(c->stream))
            c->read_errno = errno ? errno : EIO;
        return NULL;
    }
    size_t n = strlen(str);
    bool complete = n > 0 && str[n - 1] == '\n';
    c->line_len += n - (complete ? 1 : 0);
    if (c->line_len > c->limit) {
        ctx_fail(c, SIM_ERR_CONFIG, "%s:%d: line is longer than %zu characters", c->file->path, c->line,
                 c->limit);
        return NULL;
    }
    c->at_line_start = complete;
    return str;
}

static int on_key(void *user, const char *section, const char *name, const char *raw_value)
{
    parse_ctx *c = user;
    parsed_file *f = c->file;
    if (c->status != SIM_OK)
        return 1;
    char *value = strdup(raw_value);
    if (!value) {
        ctx_fail(c, SIM_ERR_MEMORY, "out of memory reading '%s'", f->path);
        return 1;
    }
    strip_hash_comment(value);

    if (section[0] == '\0') {
        /* Before the first [section] only `extends` is allowed. */
        if (strcmp(name, "extends") != 0) {
            ctx_fail(c, SIM_ERR_CONFIG, "%s:%d: %s: only 'extends' may come before the first [section]",
                     f->path, c->line, name);
        } else if (f->extends) {
            ctx_fail(c, SIM_ERR_CONFIG, "%s:%d: extends: given twice in this file (first at line %d)",
                     f->path, c->line, f->extends_line);
        } else if (value[0] == '\0') {
            ctx_fail(c, SIM_ERR_CONFIG, "%s:%d: extends: missing parent file name", f->path, c->line);
        } else {
            f->extends = value;
            f->extends_line = c->line;
            return 1;
        }
        free(value);
        return 1;
    }

    size_t slen = strlen(section);
    if (!cfg_valid_name(section, slen) || slen > MAX_SECTION_LEN) {
        ctx_fail(c, SIM_ERR_CONFIG, "%s:%d: [%s]: invalid section name (use a-z, 0-9 and '_', at most %d)",
                 f->path, c->line, section, MAX_SECTION_LEN);
    } else if (!cfg_valid_name(name, strlen(name))) {
        ctx_fail(c, SIM_ERR_CONFIG, "%s:%d: [%s] %s: invalid key name (use a-z, 0-9 and '_')", f->path,
                 c->line, section, name);
    } else {
        const cfg_entry *first = cfg_find_entry(f->entries, f->count, section, name);
        if (first) {
            ctx_fail(c, SIM_ERR_CONFIG, "%s:%d: [%s] %s: given twice in this file (first at line %d)",
                     f->path, c->line, section, name, first->line);
        } else {
            cfg_entry *grown = cfg_grow_array(f->entries, &f->cap, f->count + 1, sizeof *grown);
            if (grown) {
                f->entries = grown;
                cfg_entry *e = &f->entries[f->count];
                memset(e, 0, sizeof *e);
                e->line = c->line;
                e->section = strdup(section);
                e->key = strdup(name);
                int len = snprintf(NULL, 0, "%s:%d", f->path, c->line);
                e->origin = malloc((size_t)len + 1);
                if (e->origin)
                    snprintf(e->origin, (size_t)len + 1, "%s:%d", f->path, c->line);
                e->value = value;
                value = NULL;
                f->count++; /* counted even if incomplete, so parsed_file_free frees it */
                if (e->section && e->key && e->origin)
                    return 1;
            }
            ctx_fail(c, SIM_ERR_MEMORY, "out of memory reading '%s'", f->path);
        }
    }
    free(value);
    return 1;
}

/* Open `path` under the reader policy (sim/engine/textfile.h: regular files only, size-bounded,
 * no NUL byte), with its identity for cycle detection. On failure *fp is NULL and the
 * message is left in `why` (the caller names the file's role). */
static FILE *open_config(const char *path, const char *role, struct stat *st, char *why, size_t size,
                         sim_status *code)
{
    FILE *fp = NULL;
    *code = SIM_ERR_IO;
    if ((*code = textfile_fopen(path, role, &fp)) != SIM_OK) {
        snprintf(why, size, "%s", sim_error_message());
        sim_error_clear();
        return NULL;
    }
    if (stat(path, st) != 0) {
        snprintf(why, size, "cannot open %s '%s': %s", role, path, strerror(errno));
        *code = SIM_ERR_IO;
        fclose(fp);
        return NULL;
    }
    return fp;
}

/* Parse an open file into f (f->path already set). Closes nothing. */
static sim_status parse_stream(FILE *fp, parsed_file *f)
{
    parse_ctx c = {.file = f, .stream = fp, .at_line_start = true, .limit = line_limit()};
    int rc = ini_parse_stream(read_line, &c, on_key, &c);
    char ebuf[128];
    if (c.read_errno)
        return SIM_FAIL(SIM_ERR_IO, "cannot read '%s': %s", f->path, errno_text(c.read_errno, ebuf, sizeof ebuf));
    if (rc == -2)
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory parsing '%s'", f->path);
    /* inih reports syntax errors after the fact; an earlier one wins over ours. */
    if (rc > 0 && (c.status == SIM_OK || rc < c.err_line))
        return SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: syntax error", f->path, rc);
    if (c.status != SIM_OK)
        return SIM_FAIL(c.status, "%s", c.msg);
    return SIM_OK;
}

char *cfg_path_beside(const char *base, const char *rel)
{
    if (!base || !rel) return NULL;
    const char *slash = strrchr(base, '/');
    size_t dirlen = (rel[0] == '/' || !slash) ? 0 : (size_t)(slash - base) + 1;
    size_t rellen = strlen(rel);
    char *p = malloc(dirlen + rellen + 1);
    if (p) {
        memcpy(p, base, dirlen);
        memcpy(p + dirlen, rel, rellen + 1);
    }
    return p;
}

/* The parent named by `f`, relative to the directory of f's path. */
static char *parent_path(const parsed_file *f) { return cfg_path_beside(f->path, f->extends); }

typedef struct {
    parsed_file *files; /**< files[0] is the top file, files[i+1] the parent of files[i] */
    size_t count, cap;
} file_chain;

static void chain_free(file_chain *ch)
{
    for (size_t i = 0; i < ch->count; i++)
        parsed_file_free(&ch->files[i]);
    free(ch->files);
}

/* Read the top file and every ancestor into the chain. */
static sim_status read_chain(const char *top, file_chain *ch)
{
    char *path = strdup(top);
    if (!path)
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory loading '%s'", top);
    for (;;) {
        const parsed_file *child = ch->count ? &ch->files[ch->count - 1] : NULL;
        struct stat st;
        char why[1024];
        sim_status code;
        FILE *fp = open_config(path, child ? "parent" : "config", &st, why, sizeof why, &code);
        if (!fp) {
            sim_status s;
            if (!child)
                s = SIM_FAIL(code, "%s", why);
            else
                s = SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: extends: %s", child->path, child->extends_line, why);
            free(path);
            return s;
        }
        for (size_t j = 0; j < ch->count; j++) {
            if (ch->files[j].dev != st.st_dev || ch->files[j].ino != st.st_ino)
                continue;
            sim_status s;
            if (j + 1 == ch->count)
                s = SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: extends: %s extends itself (cycle)", child->path,
                             child->extends_line, child->path);
            else
                s = SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: extends: %s extends %s, which extends %s again (cycle)",
                             child->path, child->extends_line, ch->files[ch->count - 2].path, child->path,
                             path);
            fclose(fp);
            free(path);
            return s;
        }
        parsed_file *grown = cfg_grow_array(ch->files, &ch->cap, ch->count + 1, sizeof *grown);
        if (!grown) {
            fclose(fp);
            free(path);
            return SIM_FAIL(SIM_ERR_MEMORY, "out of memory loading '%s'", top);
        }
        ch->files = grown;
        parsed_file *f = &ch->files[ch->count++];
        memset(f, 0, sizeof *f);
        f->path = path;
        f->dev = st.st_dev;
        f->ino = st.st_ino;
        sim_status s = parse_stream(fp, f);
        fclose(fp);
        SIM_CHECK(s);
        if (!f->extends)
            return SIM_OK;
        path = parent_path(f);
        if (!path)
            return SIM_FAIL(SIM_ERR_MEMORY, "out of memory loading '%s'", top);
    }
}

/* Move a file's entries into the document; a key already there is overridden. */
static sim_status merge_file(cfg_doc *doc, parsed_file *f)
{
    for (size_t i = 0; i < f->count; i++) {
        cfg_entry *src = &f->entries[i];
        cfg_entry *dst = cfg_find_entry(doc->entries, doc->count, src->section, src->key);
        if (dst) {
            free(dst->value);
            free(dst->origin);
            dst->value = src->value;
            dst->origin = src->origin;
            dst->line = src->line;
            src->value = src->origin = NULL;
            continue;
        }
        cfg_entry *grown = cfg_grow_array(doc->entries, &doc->cap, doc->count + 1, sizeof *grown);
        if (!grown)
            return SIM_FAIL(SIM_ERR_MEMORY, "out of memory loading '%s'", doc->path);
        doc->entries = grown;
        doc->entries[doc->count++] = *src;
        memset(src, 0, sizeof *src);
    }
    return SIM_OK;
}

static sim_status load_into(cfg_doc *doc, const char *path)
{
    file_chain ch = {0};
    sim_status s = read_chain(path, &ch);
    /* Ancestors first, so each child overrides its parent key by key. */
    for (size_t i = ch.count; s == SIM_OK && i-- > 0;)
        s = merge_file(doc, &ch.files[i]);
    if (s == SIM_OK && ch.count && ch.files[0].extends) {
        doc->extends = ch.files[0].extends;
        ch.files[0].extends = NULL;
    }
    chain_free(&ch);
    SIM_CHECK(s);
    return SIM_OK;
}

sim_status cfg_doc_load(const char *path, cfg_doc **doc)
{
    if (!path || !doc)
        return SIM_FAIL(SIM_ERR_INTERNAL, "cfg_doc_load: NULL argument");
    *doc = NULL;
    cfg_inih_configure();
    cfg_doc *d = NULL;
    SIM_CHECK(cfg_doc_create(&d));
    free(d->path);
    d->path = strdup(path);
    sim_status s = d->path ? load_into(d, path) : SIM_FAIL(SIM_ERR_MEMORY, "out of memory loading '%s'", path);
    if (s != SIM_OK) {
        cfg_doc_destroy(&d);
        sim_trace_at(__FILE__, __LINE__, __func__);
        return s;
    }
    *doc = d;
    return SIM_OK;
}
