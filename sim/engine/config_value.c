/**
 * @file config_value.c
 * @brief Config text to typed values (numbers, booleans, dates, strings, lists) with
 *        type and range checks, and the checks rendering shares with them.
 *
 * Each parser takes trimmed text, writes a problem description into a cfg_why_buf and
 * returns false on failure, so the caller can put file:line, section and key in
 * front of it in a single sim_fail (which keeps only the first message).
 */
#if !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L /* strcasecmp */
#endif

#include "sim/engine/config_internal.h"
#include "sim/engine/number.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool cfg_why(cfg_why_buf *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->text, sizeof w->text, fmt, ap);
    va_end(ap);
    return false;
}

bool cfg_is_list(const cfg_param *p) { return p->type == CFG_DOUBLE_LIST || p->type == CFG_STRING_LIST; }


static bool in_range(const cfg_param *p, double v) { return v >= p->min && v <= p->max; }

static bool out_of_range(cfg_why_buf *w, const cfg_param *p, const char *what, const char *text)
{
    char lo[32], hi[32];
    num_format(p->min, lo, sizeof lo);
    num_format(p->max, hi, sizeof hi);
    return cfg_why(w, "%svalue %.*s is out of range [%s, %s]", what, CFG_QUOTE_MAX, text, lo, hi);
}

static bool parse_double(const char *s, double *out, cfg_why_buf *w, const char *what)
{
    /* Decimal notation only: no hex, inf or nan, no denormals (sim/engine/number.h). */
    switch (num_parse(s, out)) {
    case NUM_OK: return true;
    case NUM_TOO_LARGE: return cfg_why(w, "%sexpected a finite number, got '%.*s'", what, CFG_QUOTE_MAX, s);
    case NUM_TOO_SMALL:
        return cfg_why(w, "%snumber '%.*s' is %s: write 0 for zero", what, CFG_QUOTE_MAX, s, num_reason(NUM_TOO_SMALL));
    default: return cfg_why(w, "%sexpected a number, got '%.*s'", what, CFG_QUOTE_MAX, s);
    }
}

static bool parse_int(const char *s, int *out, cfg_why_buf *w)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0')
        return cfg_why(w, "expected an integer, got '%.*s'", CFG_QUOTE_MAX, s);
    if (errno == ERANGE || v < INT_MIN || v > INT_MAX)
        return cfg_why(w, "integer %.*s is too large", CFG_QUOTE_MAX, s);
    *out = (int)v;
    return true;
}

static bool parse_bool(const char *s, int *out, cfg_why_buf *w)
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
    return cfg_why(w, "expected true/false/yes/no/on/off/1/0, got '%.*s'", CFG_QUOTE_MAX, s);
}

static void format_date_bound(double v, char *buf, size_t size)
{
    /* Bounds inside years 0000..9999 read best as dates; others as numbers. */
    if (v >= CFG_DATE_NEVER)
        snprintf(buf, size, "never");
    else if (v >= -719528 && v <= 2932896 && v == floor(v))
        cfg_format_date((int)v, buf, size);
    else
        num_format(v, buf, size);
}

static bool parse_date_value(const cfg_param *p, const char *s, int *out, cfg_why_buf *w)
{
    int day;
    if (strcmp(s, "never") == 0)
        day = CFG_DATE_NEVER;
    else if (!cfg_date_from_text(s, &day))
        return cfg_why(w, "expected a date YYYY-MM-DD from " CFG_DATE_RANGE_TEXT " or 'never', got '%.*s'",
                       CFG_QUOTE_MAX, s);
    if (!in_range(p, day)) {
        char lo[32], hi[32];
        format_date_bound(p->min, lo, sizeof lo);
        format_date_bound(p->max, hi, sizeof hi);
        return cfg_why(w, "date %.*s is out of range [%s, %s]", CFG_QUOTE_MAX, s, lo, hi);
    }
    *out = day;
    return true;
}

bool cfg_string_ok(const char *s, cfg_why_buf *w, const char *what)
{
    size_t n = strlen(s);
    if (n > 0 && (isspace((unsigned char)s[0]) || isspace((unsigned char)s[n - 1])))
        return cfg_why(w, "%sleading or trailing whitespace is not kept in INI files", what);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x20 || ch == 0x7f)
            return cfg_why(w, "%scontrol characters are not allowed in a value", what);
        if ((ch == ';' || ch == '#') && (i == 0 || isspace((unsigned char)s[i - 1])))
            return cfg_why(w, "%s'%c' at the start of a value or after a space starts a comment", what, ch);
    }
    return true;
}

static bool parse_string(const char *s, char *out, cfg_why_buf *w)
{
    size_t n = strlen(s);
    if (n >= CFG_STRING_MAX)
        return cfg_why(w, "value is too long (%zu bytes, at most %d)", n, CFG_STRING_MAX - 1);
    if (!cfg_string_ok(s, w, ""))
        return false;
    memcpy(out, s, n + 1);
    return true;
}

bool cfg_parse_name(const char *s, char *out, cfg_why_buf *w, const char *what)
{
    size_t n = strlen(s);
    if (n == 0)
        return cfg_why(w, "%sempty name", what);
    if (n >= CFG_NAME_MAX)
        return cfg_why(w, "%sname '%.*s' is too long (at most %d characters)", what, CFG_QUOTE_MAX, s, CFG_NAME_MAX - 1);
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '_')
            return cfg_why(w, "%sname '%.*s' may only contain A-Z, a-z, 0-9 and '_'", what, CFG_QUOTE_MAX, s);
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
bool cfg_parse_element(const cfg_param *p, int i, const char *s, void *target, cfg_why_buf *w)
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
    return cfg_parse_name(s, names_field(p, target)[i], w, what);
}

/* A comma-separated list of exactly p->count values. */
static bool parse_list(const cfg_param *p, const char *s, void *target, cfg_why_buf *w)
{
    int fields = s[0] == '\0' ? 0 : 1;
    for (const char *c = s; *c; c++)
        fields += *c == ',';
    if (fields != p->count)
        return cfg_why(w, "expected %d comma-separated values, got %d", p->count, fields);
    const char *start = s;
    for (int i = 0; i < p->count; i++) {
        const char *comma = strchr(start, ',');
        size_t n = comma ? (size_t)(comma - start) : strlen(start);
        const char *field = start;
        cfg_trim_range(&field, &n);
        /* Valid numbers and names are short; a bounded copy needs no allocation. */
        char buf[128];
        if (n >= sizeof buf) {
            char what[32];
            snprintf(what, sizeof what, "element [%d]: ", i);
            return cfg_why(w, "%svalue '%.*s...' is too long", what, 40, field);
        }
        memcpy(buf, field, n);
        buf[n] = '\0';
        if (!cfg_parse_element(p, i, buf, target, w))
            return false;
        start = comma ? comma + 1 : start + strlen(start);
    }
    return true;
}

bool cfg_names_unique(const cfg_param *p, void *target, cfg_why_buf *w)
{
    char (*names)[CFG_NAME_MAX] = names_field(p, target);
    for (int i = 0; i < p->count; i++)
        for (int j = 0; j < i; j++)
            if (strcmp(names[i], names[j]) == 0)
                return cfg_why(w, "name '%s' appears twice (elements [%d] and [%d])", names[i], j, i);
    return true;
}

bool cfg_parse_value(const cfg_param *p, const char *text, void *target, cfg_why_buf *w)
{
    size_t n = strlen(text);
    const char *s = text;
    cfg_trim_range(&s, &n);
    if (n != strlen(s)) {
        /* Only --set and defaults can carry untrimmed text; trim a copy. */
        char *copy = cfg_dup_range(s, n);
        if (!copy)
            return cfg_why(w, "out of memory");
        bool ok = cfg_parse_value(p, copy, target, w);
        free(copy);
        return ok;
    }
    if (n == 0 && (p->type == CFG_DOUBLE || p->type == CFG_INT || p->type == CFG_BOOL || p->type == CFG_DATE))
        return cfg_why(w, "missing value");
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
    return cfg_why(w, "unknown parameter type %d", (int)p->type);
}
