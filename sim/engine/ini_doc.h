/**
 * @file ini_doc.h
 * @brief A parsed INI config document: keys with values and where each was set.
 *
 * cfg_doc_load reads a file with inih and follows `extends = parent.ini` (relative to
 * the child; the child's keys win; a cycle or a missing parent is an error naming both
 * files), flattening the chain into one list of entries {section, key, value, origin}.
 * cfg_doc_set adds `--set section.key=value` overrides (also `section.key[i]=value`
 * for one element of a list). Binding the values to typed parameter tables is
 * config.h's job. Nothing here calls exit(); every failure returns a status.
 */
#ifndef CHANSIM_INI_DOC_H
#define CHANSIM_INI_DOC_H

#include <stddef.h>

#include "sim/engine/status.h"

/** A parsed config document: keys with values and their origin (file, line). Opaque. */
typedef struct cfg_doc cfg_doc;

/**
 * Read `path` and its `extends` chain into a new document. Errors: missing or
 * unreadable file, INI syntax error (file:line), a key given twice in one file,
 * an extends cycle or missing parent (naming both files).
 */
sim_status cfg_doc_load(const char *path, cfg_doc **doc);

/** An empty document (no file), for building configs in code and tests. */
sim_status cfg_doc_create(cfg_doc **doc);

/**
 * Apply one override "section.key=value" or "section.key[i]=value" (origin
 * "--set"). Errors: malformed assignment. Unknown keys are reported by cfg_bind.
 */
sim_status cfg_doc_set(cfg_doc *doc, const char *assignment);

/** Free a document; sets *doc to NULL. */
void cfg_doc_destroy(cfg_doc **doc);

/** The file the document was loaded from ("" if created empty). */
const char *cfg_doc_path(const cfg_doc *doc);

/** The parent the top file names in `extends`, as written there, or NULL if it has none. */
const char *cfg_doc_extends(const cfg_doc *doc);

/**
 * Where section.key was set: "file:line", "--set", or "default" when the document
 * does not set it. The pointer stays valid while the document lives.
 */
const char *cfg_doc_origin(const cfg_doc *doc, const char *section, const char *key);

/** The raw text value of section.key, or NULL if the document does not set it. */
const char *cfg_doc_get(const cfg_doc *doc, const char *section, const char *key);

/**
 * How many keys the document sets; cfg_doc_key lists them. Order: as first set along
 * the chain (the furthest ancestor's keys first; a key a child overrides keeps its
 * ancestor's place; keys new in a child follow in file order; --set keys last).
 */
size_t cfg_doc_size(const cfg_doc *doc);

/**
 * Key i (< cfg_doc_size) of the document: its section and key name, valid while the
 * document lives. Out of range: both NULL.
 */
void cfg_doc_key(const cfg_doc *doc, size_t i, const char **section, const char **key);

/**
 * `rel` taken relative to the directory of file `base` (as `extends` is), or `rel`
 * itself when absolute or when `base` has no directory. Caller frees; NULL when out of memory.
 */
char *cfg_path_beside(const char *base, const char *rel);

/**
 * Configure inih (heap line buffer, long lines, no multi-line values) once; every
 * reader that parses with inih itself (calibration, ensemble, key listings) calls it
 * first, so a long line is never split in two and comment text never becomes a key.
 * Returns the longest line (without its newline) inih then reads whole.
 */
size_t cfg_inih_configure(void);

#endif
