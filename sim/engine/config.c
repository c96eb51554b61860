/**
 * @file config.c
 * @brief INI scenario configs: loading with inih, `extends` chains, `--set`
 *        overrides, binding to typed parameter tables, and rendering for provenance.
 *
 * A document is a flat list of entries {section, key, value, origin}; an `extends`
 * chain is flattened at load time (ancestors first, each child overriding key by
 * key), so binding never needs to know about files. Parsing is inih's; this file
 * only adds what inih leaves to the caller: line numbers (counted by our own line
 * reader), `#` inline comments, name checks, duplicates and the chain.
 *
 * Binding writes every table default into the target, then each document value.
 * Every message has the form `ORIGIN: [section] key: problem`, where ORIGIN is
 * `file:line` or `--set`, so the user can go straight to the offending line.
 *
 * Thread safety: no mutable state of our own. inih's line-buffer options are set
 * once (pthread_once) before the first parse; see configure_inih().
 * Lookups are linear: configs hold hundreds of keys, not millions.
 */
#if !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L /* strdup, fstat, strerror_r, strcasecmp */
#endif

#include "sim/engine/config.h"
#include "sim/engine/strbuf.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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
    MAX_SECTION_LEN = 48,    /* inih copies section names into char[50]; longer ones are cut */
    QUOTE_MAX = 100,         /* longest value text echoed back in a message */
    WHY_MAX = 512            /* room for one "problem" description */
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

/* ---------------------------------------------------------------------------
 * Document
 * ------------------------------------------------------------------------- */

/** One `--set section.key[i]=value`. */
typedef struct {
    int index;
    char *value;
} cfg_element;

typedef struct {
    char *section;
    char *key;
    char *value;  /**< whole value; NULL when only elements were set */
    char *origin; /**< where `value` came from: "file:line" or "--set" */
    int line;     /**< line in its file, for duplicate messages; 0 for --set */
    cfg_element *elems; /**< element overrides, applied in order after `value` */
    size_t nelems, elems_cap;
} cfg_entry;

struct cfg_doc {
    char *path; /**< top file as given; "" if created empty */
    cfg_entry *entries;
    size_t count, cap;
};

static const char SET_ORIGIN[] = "--set";

/* Grow an array to hold `need` items. Returns the new array, or NULL (old one intact). */
static void *grow_array(void *items, size_t *cap, size_t need, size_t size)
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

static char *dup_range(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static void entry_free(cfg_entry *e)
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

static cfg_entry *find_entry(cfg_entry *entries, size_t n, const char *section, const char *key)
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
    return find_entry(doc->entries, doc->count, section, key);
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
        entry_free(&d->entries[i]);
    free(d->entries);
    free(d->path);
    free(d);
    *doc = NULL;
}

const char *cfg_doc_path(const cfg_doc *doc) { return doc && doc->path ? doc->path : ""; }

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
    return e->nelems ? SET_ORIGIN : e->origin;
}

/* ---------------------------------------------------------------------------
 * Small text helpers
 * ------------------------------------------------------------------------- */

/* Section and key names: [a-z0-9_]+. */
static bool valid_name(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '_'))
            return false;
    return true;
}

/* Trim [*s, *s + *n) in place (pointer and length). */
static void trim_range(const char **s, size_t *n)
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
        entry_free(&f->entries[i]);
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
    if (!valid_name(section, slen) || slen > MAX_SECTION_LEN) {
        ctx_fail(c, SIM_ERR_CONFIG, "%s:%d: [%s]: invalid section name (use a-z, 0-9 and '_', at most %d)",
                 f->path, c->line, section, MAX_SECTION_LEN);
    } else if (!valid_name(name, strlen(name))) {
        ctx_fail(c, SIM_ERR_CONFIG, "%s:%d: [%s] %s: invalid key name (use a-z, 0-9 and '_')", f->path,
                 c->line, section, name);
    } else {
        const cfg_entry *first = find_entry(f->entries, f->count, section, name);
        if (first) {
            ctx_fail(c, SIM_ERR_CONFIG, "%s:%d: [%s] %s: given twice in this file (first at line %d)",
                     f->path, c->line, section, name, first->line);
        } else {
            cfg_entry *grown = grow_array(f->entries, &f->cap, f->count + 1, sizeof *grown);
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

/* Open `path`, refusing directories (fopen accepts them; reads then fail). */
static FILE *open_config(const char *path, struct stat *st, int *err)
{
    FILE *fp = fopen(path, "r");
    if (!fp) {
        *err = errno;
        return NULL;
    }
    if (fstat(fileno(fp), st) != 0 || S_ISDIR(st->st_mode)) {
        *err = S_ISDIR(st->st_mode) ? EISDIR : errno;
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
        int err = 0;
        char ebuf[128];
        FILE *fp = open_config(path, &st, &err);
        if (!fp) {
            sim_status s;
            if (!child)
                s = SIM_FAIL(SIM_ERR_IO, "cannot open '%s': %s", path, errno_text(err, ebuf, sizeof ebuf));
            else
                s = SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: extends: cannot open parent '%s': %s", child->path,
                             child->extends_line, path, errno_text(err, ebuf, sizeof ebuf));
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
        parsed_file *grown = grow_array(ch->files, &ch->cap, ch->count + 1, sizeof *grown);
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
        cfg_entry *dst = find_entry(doc->entries, doc->count, src->section, src->key);
        if (dst) {
            free(dst->value);
            free(dst->origin);
            dst->value = src->value;
            dst->origin = src->origin;
            dst->line = src->line;
            src->value = src->origin = NULL;
            continue;
        }
        cfg_entry *grown = grow_array(doc->entries, &doc->cap, doc->count + 1, sizeof *grown);
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
    chain_free(&ch);
    SIM_CHECK(s);
    return SIM_OK;
}

sim_status cfg_doc_load(const char *path, cfg_doc **doc)
{
    if (!path || !doc)
        return SIM_FAIL(SIM_ERR_INTERNAL, "cfg_doc_load: NULL argument");
    *doc = NULL;
    pthread_once(&inih_once, configure_inih);
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

/* ---------------------------------------------------------------------------
 * --set overrides
 * ------------------------------------------------------------------------- */

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
    trim_range(&lhs, &lhs_len);
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
    if (!valid_name(sec, sec_len) || !valid_name(key, key_len))
        return MALFORMED(assignment, "section and key must be a-z, 0-9 and '_'");

    const char *val = eq + 1;
    size_t val_len = strlen(val);
    trim_range(&val, &val_len);

    char *section = dup_range(sec, sec_len);
    char *name = dup_range(key, key_len);
    char *value = dup_range(val, val_len);
    char *origin = strdup(SET_ORIGIN);
    if (!section || !name || !value || !origin)
        goto nomem;

    cfg_entry *e = find_entry(doc->entries, doc->count, section, name);
    if (!e) {
        cfg_entry *grown = grow_array(doc->entries, &doc->cap, doc->count + 1, sizeof *grown);
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
        cfg_element *grown = grow_array(e->elems, &e->elems_cap, e->nelems + 1, sizeof *grown);
        if (!grown) {
            /* A new entry with nothing in it would bind as nothing; drop it. */
            if (!e->value && e->nelems == 0) {
                entry_free(e);
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

/* ---------------------------------------------------------------------------
 * Dates
 *
 * Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms"
 * (http://howardhinnant.github.io/date_algorithms.html): days_from_civil and
 * civil_from_days, proleptic Gregorian, day 0 = 1970-01-01. 64-bit arithmetic
 * so every int day number, CFG_DATE_NEVER included, converts without overflow.
 * ------------------------------------------------------------------------- */

static long long days_from_civil(long long y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;                                /* [0, 399] */
    long long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;        /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long long z, long long *y, int *m, int *d)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static bool is_leap(long long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(long long y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Strict YYYY-MM-DD with a real calendar day. */
static bool date_from_text(const char *s, int *day)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return false;
    *day = (int)days_from_civil(y, m, d);
    return true;
}

sim_status cfg_parse_date(const char *text, int *day)
{
    if (!text || !day)
        return SIM_FAIL(SIM_ERR_INTERNAL, "cfg_parse_date: NULL argument");
    if (!date_from_text(text, day))
        return SIM_FAIL(SIM_ERR_CONFIG, "expected a date YYYY-MM-DD, got '%.*s'", QUOTE_MAX, text);
    return SIM_OK;
}

void cfg_format_date(int day, char *buf, size_t size)
{
    if (!buf || size == 0)
        return;
    if (day == CFG_DATE_NEVER) {
        snprintf(buf, size, "never");
        return;
    }
    long long y;
    int m, d;
    civil_from_days(day, &y, &m, &d);
    snprintf(buf, size, "%04lld-%02d-%02d", y, m, d);
}

int cfg_date_month(int day)
{
    long long y;
    int m, d;
    civil_from_days(day, &y, &m, &d);
    return m;
}

int cfg_date_year(int day)
{
    long long y;
    int m, d;
    civil_from_days(day, &y, &m, &d);
    return (int)y;
}

/* ---------------------------------------------------------------------------
 * Parsing values
 *
 * Each parser takes trimmed text, writes a problem description into `why` and
 * returns false on failure, so the caller can put file:line, section and key in
 * front of it in a single sim_fail (which keeps only the first message).
 * ------------------------------------------------------------------------- */

typedef struct {
    char text[WHY_MAX];
} why_buf;

static bool why(why_buf *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool why(why_buf *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->text, sizeof w->text, fmt, ap);
    va_end(ap);
    return false;
}

/* Shortest %g form that reads back to the same double, for readable bounds. */
static void format_bound(double v, char *buf, size_t size)
{
    snprintf(buf, size, "%.15g", v);
    if (strtod(buf, NULL) != v)
        snprintf(buf, size, "%.17g", v);
}

static bool in_range(const cfg_param *p, double v) { return v >= p->min && v <= p->max; }

static bool out_of_range(why_buf *w, const cfg_param *p, const char *what, const char *text)
{
    char lo[32], hi[32];
    format_bound(p->min, lo, sizeof lo);
    format_bound(p->max, hi, sizeof hi);
    return why(w, "%svalue %.*s is out of range [%s, %s]", what, QUOTE_MAX, text, lo, hi);
}

static bool parse_double(const char *s, double *out, why_buf *w, const char *what)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0')
        return why(w, "%sexpected a number, got '%.*s'", what, QUOTE_MAX, s);
    if (!isfinite(v))
        return why(w, "%sexpected a finite number, got '%.*s'", what, QUOTE_MAX, s);
    *out = v;
    return true;
}

static bool parse_int(const char *s, int *out, why_buf *w)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0')
        return why(w, "expected an integer, got '%.*s'", QUOTE_MAX, s);
    if (errno == ERANGE || v < INT_MIN || v > INT_MAX)
        return why(w, "integer %.*s is too large", QUOTE_MAX, s);
    *out = (int)v;
    return true;
}

static bool parse_bool(const char *s, int *out, why_buf *w)
{
    static const char *const yes[] = {"true", "yes", "on", "1"};
    static const char *const no[] = {"false", "no", "off", "0"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (strcasecmp(s, yes[i]) == 0) {
            *out = 1;
            return true;
        }
        if (strcasecmp(s, no[i]) == 0) {
            *out = 0;
            return true;
        }
    }
    return why(w, "expected true/false/yes/no/on/off/1/0, got '%.*s'", QUOTE_MAX, s);
}

static void format_date_bound(double v, char *buf, size_t size)
{
    /* Bounds inside years 0000..9999 read best as dates; others as numbers. */
    if (v >= CFG_DATE_NEVER)
        snprintf(buf, size, "never");
    else if (v >= -719528 && v <= 2932896 && v == floor(v))
        cfg_format_date((int)v, buf, size);
    else
        format_bound(v, buf, size);
}

static bool parse_date_value(const cfg_param *p, const char *s, int *out, why_buf *w)
{
    int day;
    if (strcmp(s, "never") == 0)
        day = CFG_DATE_NEVER;
    else if (!date_from_text(s, &day))
        return why(w, "expected a date YYYY-MM-DD or 'never', got '%.*s'", QUOTE_MAX, s);
    if (!in_range(p, day)) {
        char lo[32], hi[32];
        format_date_bound(p->min, lo, sizeof lo);
        format_date_bound(p->max, hi, sizeof hi);
        return why(w, "date %.*s is out of range [%s, %s]", QUOTE_MAX, s, lo, hi);
    }
    *out = day;
    return true;
}

/* A string that renders as `key = text  ; ...` and reads back unchanged. */
static bool string_ok(const char *s, why_buf *w, const char *what)
{
    size_t n = strlen(s);
    if (n > 0 && (isspace((unsigned char)s[0]) || isspace((unsigned char)s[n - 1])))
        return why(w, "%sleading or trailing whitespace is not kept in INI files", what);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x20 || ch == 0x7f)
            return why(w, "%scontrol characters are not allowed in a value", what);
        if ((ch == ';' || ch == '#') && (i == 0 || isspace((unsigned char)s[i - 1])))
            return why(w, "%s'%c' at the start of a value or after a space starts a comment", what, ch);
    }
    return true;
}

static bool parse_string(const char *s, char *out, why_buf *w)
{
    size_t n = strlen(s);
    if (n >= CFG_STRING_MAX)
        return why(w, "value is too long (%zu bytes, at most %d)", n, CFG_STRING_MAX - 1);
    if (!string_ok(s, w, ""))
        return false;
    memcpy(out, s, n + 1);
    return true;
}

static bool parse_name(const char *s, char *out, why_buf *w, const char *what)
{
    size_t n = strlen(s);
    if (n == 0)
        return why(w, "%sempty name", what);
    if (n >= CFG_NAME_MAX)
        return why(w, "%sname '%.*s' is too long (at most %d characters)", what, QUOTE_MAX, s, CFG_NAME_MAX - 1);
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '_')
            return why(w, "%sname '%.*s' may only contain A-Z, a-z, 0-9 and '_'", what, QUOTE_MAX, s);
    memcpy(out, s, n + 1);
    return true;
}

static double *double_field(const cfg_param *p, void *target) { return (double *)(void *)((char *)target + p->offset); }
static int *int_field(const cfg_param *p, void *target) { return (int *)(void *)((char *)target + p->offset); }
static char *char_field(const cfg_param *p, void *target) { return (char *)target + p->offset; }
static char (*names_field(const cfg_param *p, void *target))[CFG_NAME_MAX]
{
    return (char (*)[CFG_NAME_MAX])((char *)target + p->offset);
}

/* One list element `s` into slot i; `what` prefixes the problem ("element [i]: "). */
static bool parse_element(const cfg_param *p, int i, const char *s, void *target, why_buf *w)
{
    char what[32];
    snprintf(what, sizeof what, "element [%d]: ", i);
    if (p->type == CFG_DOUBLE_LIST) {
        double v = 0;
        if (!parse_double(s, &v, w, what))
            return false;
        if (!in_range(p, v))
            return out_of_range(w, p, what, s);
        double_field(p, target)[i] = v;
        return true;
    }
    return parse_name(s, names_field(p, target)[i], w, what);
}

/* A comma-separated list of exactly p->count values. */
static bool parse_list(const cfg_param *p, const char *s, void *target, why_buf *w)
{
    int fields = s[0] == '\0' ? 0 : 1;
    for (const char *c = s; *c; c++)
        fields += *c == ',';
    if (fields != p->count)
        return why(w, "expected %d comma-separated values, got %d", p->count, fields);
    const char *start = s;
    for (int i = 0; i < p->count; i++) {
        const char *comma = strchr(start, ',');
        size_t n = comma ? (size_t)(comma - start) : strlen(start);
        const char *field = start;
        trim_range(&field, &n);
        /* Valid numbers and names are short; a bounded copy needs no allocation. */
        char buf[128];
        if (n >= sizeof buf) {
            char what[32];
            snprintf(what, sizeof what, "element [%d]: ", i);
            return why(w, "%svalue '%.*s...' is too long", what, 40, field);
        }
        memcpy(buf, field, n);
        buf[n] = '\0';
        if (!parse_element(p, i, buf, target, w))
            return false;
        start = comma ? comma + 1 : start + strlen(start);
    }
    return true;
}

static bool names_unique(const cfg_param *p, void *target, why_buf *w)
{
    char (*names)[CFG_NAME_MAX] = names_field(p, target);
    for (int i = 0; i < p->count; i++)
        for (int j = 0; j < i; j++)
            if (strcmp(names[i], names[j]) == 0)
                return why(w, "name '%s' appears twice (elements [%d] and [%d])", names[i], j, i);
    return true;
}

/* Parse the whole text of parameter p into target. */
static bool parse_value(const cfg_param *p, const char *text, void *target, why_buf *w)
{
    size_t n = strlen(text);
    const char *s = text;
    trim_range(&s, &n);
    if (n != strlen(s)) {
        /* Only --set and defaults can carry untrimmed text; trim a copy. */
        char *copy = dup_range(s, n);
        if (!copy)
            return why(w, "out of memory");
        bool ok = parse_value(p, copy, target, w);
        free(copy);
        return ok;
    }
    if (n == 0 && (p->type == CFG_DOUBLE || p->type == CFG_INT || p->type == CFG_BOOL || p->type == CFG_DATE))
        return why(w, "missing value");
    switch (p->type) {
    case CFG_DOUBLE: {
        double v = 0;
        if (!parse_double(s, &v, w, ""))
            return false;
        if (!in_range(p, v))
            return out_of_range(w, p, "", s);
        *double_field(p, target) = v;
        return true;
    }
    case CFG_INT: {
        int v = 0;
        if (!parse_int(s, &v, w))
            return false;
        if (!in_range(p, v))
            return out_of_range(w, p, "", s);
        *int_field(p, target) = v;
        return true;
    }
    case CFG_BOOL:
        return parse_bool(s, int_field(p, target), w);
    case CFG_DATE:
        return parse_date_value(p, s, int_field(p, target), w);
    case CFG_STRING:
        return parse_string(s, char_field(p, target), w);
    case CFG_DOUBLE_LIST:
    case CFG_STRING_LIST:
        return parse_list(p, s, target, w);
    }
    return why(w, "unknown parameter type %d", (int)p->type);
}

/* ---------------------------------------------------------------------------
 * Binding
 * ------------------------------------------------------------------------- */

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

static bool is_list(const cfg_param *p) { return p->type == CFG_DOUBLE_LIST || p->type == CFG_STRING_LIST; }

/* Tables are code: a broken one is a bug, reported as SIM_ERR_INTERNAL. */
static sim_status check_tables(const cfg_table *tables, size_t ntables)
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
            if (!valid_name(p->section, strlen(p->section)) || !valid_name(p->key, strlen(p->key)))
                return SIM_FAIL(SIM_ERR_INTERNAL, "table '%s': [%s] %s: invalid section or key name", tname,
                                p->section, p->key);
            if (is_list(p) && p->count < 1)
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
    const char *origin = e->value ? e->origin : SET_ORIGIN;
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
    why_buf w = {{0}};
    if (e->value && !parse_value(p, e->value, target, &w))
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: [%s] %s: %s", e->origin, e->section, e->key, w.text);
    for (size_t i = 0; i < e->nelems; i++) {
        const cfg_element *el = &e->elems[i];
        if (!is_list(p))
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [%s] %s: not a list, so [%d] cannot be set", SET_ORIGIN,
                            e->section, e->key, el->index);
        if (el->index >= p->count)
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [%s] %s: index [%d] is out of range (the list has %d values)",
                            SET_ORIGIN, e->section, e->key, el->index, p->count);
        if (!parse_element(p, el->index, el->value, target, &w))
            return SIM_FAIL(SIM_ERR_CONFIG, "%s: [%s] %s: %s", SET_ORIGIN, e->section, e->key, w.text);
    }
    if (p->type == CFG_STRING_LIST && !names_unique(p, target, &w))
        return SIM_FAIL(SIM_ERR_CONFIG, "%s: [%s] %s: %s", e->nelems ? SET_ORIGIN : origin, e->section, e->key,
                        w.text);
    return SIM_OK;
}

sim_status cfg_bind(const cfg_doc *doc, const cfg_table *tables, size_t ntables, void *target,
                    const char *const *ignore_sections)
{
    if ((!tables && ntables) || !target)
        return SIM_FAIL(SIM_ERR_INTERNAL, "cfg_bind: NULL argument");
    SIM_CHECK(check_tables(tables, ntables));
    for (size_t t = 0; t < ntables; t++) {
        for (size_t i = 0; i < tables[t].count; i++) {
            const cfg_param *p = &tables[t].params[i];
            why_buf w = {{0}};
            if (!parse_value(p, p->def, target, &w) || (p->type == CFG_STRING_LIST && !names_unique(p, target, &w)))
                return SIM_FAIL(SIM_ERR_INTERNAL, "table '%s': [%s] %s: default '%.*s' is invalid: %s",
                                tables[t].name ? tables[t].name : "?", p->section, p->key, QUOTE_MAX, p->def,
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

/* ---------------------------------------------------------------------------
 * Rendering
 * ------------------------------------------------------------------------- */




/* Comment text on one line: control characters (a newline in a path) would end it. */
static void sb_comment(strbuf *sb, const char *s)
{
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        strbuf_printf(sb, "%c", ch < 0x20 || ch == 0x7f ? '?' : ch);
    }
}

/* Append p's bound value; false (with a reason) if it could not be read back. */
static bool render_value(strbuf *sb, const cfg_param *p, const void *target, why_buf *w)
{
    const char *field = (const char *)target + p->offset;
    const double *d = (const double *)(const void *)field;
    const int *n = (const int *)(const void *)field;
    switch (p->type) {
    case CFG_DOUBLE:
        if (!isfinite(*d))
            return why(w, "value is not finite");
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
            return why(w, "string is not NUL-terminated");
        if (!string_ok(field, w, ""))
            return false;
        strbuf_printf(sb, "%s", field);
        return true;
    case CFG_DOUBLE_LIST:
        for (int i = 0; i < p->count; i++) {
            if (!isfinite(d[i]))
                return why(w, "element [%d] is not finite", i);
            strbuf_printf(sb, "%s%.17g", i ? ", " : "", d[i]);
        }
        return true;
    case CFG_STRING_LIST:
        for (int i = 0; i < p->count; i++) {
            const char *s = field + (size_t)i * CFG_NAME_MAX;
            char copy[CFG_NAME_MAX];
            if (memchr(s, '\0', CFG_NAME_MAX) == NULL)
                return why(w, "element [%d] is not NUL-terminated", i);
            if (!parse_name(s, copy, w, "")) /* the same check binding applies */
                return false;
            strbuf_printf(sb, "%s%s", i ? ", " : "", s);
        }
        return true;
    }
    return why(w, "unknown parameter type %d", (int)p->type);
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
    SIM_CHECK(check_tables(tables, ntables));
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
                    why_buf w = {{0}};
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
