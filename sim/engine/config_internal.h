/**
 * @file config_internal.h
 * @brief Private to the config layer (ini_doc.c, config_set.c, config_value.c,
 *        config_bind.c, config_render.c): the document's layout, small text helpers,
 *        and value parsing shared by binding and rendering. Nothing else includes it.
 */
#ifndef CHANSIM_CONFIG_INTERNAL_H
#define CHANSIM_CONFIG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/engine/config.h"
#include "sim/engine/ini_doc_internal.h"

enum {
    CFG_QUOTE_MAX = 100, /**< longest value text echoed back in a message, characters */
    CFG_WHY_MAX = 512    /**< room for one "problem" description, bytes */
};

/* ---- value parsing (config_value.c) ----
 * Each parser takes trimmed text, writes a problem description into a why_buf and
 * returns false on failure, so the caller can put file:line, section and key in
 * front of it in a single sim_fail (which keeps only the first message). */

/** A problem description. */
typedef struct {
    char text[CFG_WHY_MAX];
} cfg_why_buf;

/** Write a problem into w; returns false so callers can `return cfg_why(...)`. */
bool cfg_why(cfg_why_buf *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** Whether p is one of the list types. */
bool cfg_is_list(const cfg_param *p);

/** Parse the whole text of parameter p into its field of target. */
bool cfg_parse_value(const cfg_param *p, const char *text, void *target, cfg_why_buf *w);

/** Parse list element i of p from `s` into target. */
bool cfg_parse_element(const cfg_param *p, int i, const char *s, void *target, cfg_why_buf *w);

/** For CFG_STRING_LIST: no name appears twice. */
bool cfg_names_unique(const cfg_param *p, void *target, cfg_why_buf *w);

/** A string that renders as `key = text  ; ...` and reads back unchanged; `what` prefixes the problem. */
bool cfg_string_ok(const char *s, cfg_why_buf *w, const char *what);

/** A CFG_STRING_LIST element: [A-Za-z0-9_]+, shorter than CFG_NAME_MAX; copied to out. */
bool cfg_parse_name(const char *s, char *out, cfg_why_buf *w, const char *what);

/* ---- tables (config_bind.c) ---- */

/** Tables are code: a broken one is a bug, reported as SIM_ERR_INTERNAL. */
sim_status cfg_check_tables(const cfg_table *tables, size_t ntables);

#endif
