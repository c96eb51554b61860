/**
 * @file ini_doc_internal.h
 * @brief The INI document's entries and the small string and array helpers of
 *        ini_doc.c, shared with the rest of the config layer (config_internal.h)
 *        but not with its users. Includes nothing of the binding layer, so the
 *        document does not depend on what is built on it.
 */
#ifndef CHANSIM_INI_DOC_INTERNAL_H
#define CHANSIM_INI_DOC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/engine/ini_doc.h"

/** Origin of every command-line override. */
extern const char CFG_SET_ORIGIN[];

/** One `--set section.key[i]=value`. */
typedef struct {
    int index;   /**< list element, 0-based */
    char *value; /**< its text */
} cfg_element;

/** One key of a document. */
typedef struct {
    char *section;
    char *key;
    char *value;        /**< whole value; NULL when only elements were set */
    char *origin;       /**< where `value` came from: "file:line" or "--set" */
    int line;           /**< line in its file, for duplicate messages; 0 for --set */
    cfg_element *elems; /**< element overrides, applied in order after `value` */
    size_t nelems, elems_cap;
} cfg_entry;

struct cfg_doc {
    char *path;         /**< top file as given; "" if created empty */
    char *extends;      /**< the top file's `extends` as written, or NULL */
    cfg_entry *entries; /**< in order of first appearance along the chain, then --set */
    size_t count, cap;
};

/* ---- small helpers (ini_doc.c) ---- */

/** Grow an array to hold `need` items of `size` bytes. Returns the new array, or NULL (old one intact). */
void *cfg_grow_array(void *items, size_t *cap, size_t need, size_t size);

/** A NUL-terminated copy of s[0, n); NULL when out of memory. */
char *cfg_dup_range(const char *s, size_t n);

/** Free an entry's strings and elements and zero it. */
void cfg_entry_free(cfg_entry *e);

/** The entry section.key among entries[0, n), or NULL. */
cfg_entry *cfg_find_entry(cfg_entry *entries, size_t n, const char *section, const char *key);

/** Section and key names: [a-z0-9_]+. */
bool cfg_valid_name(const char *s, size_t n);

/** Trim whitespace from [*s, *s + *n) in place (pointer and length). */
void cfg_trim_range(const char **s, size_t *n);

#endif
