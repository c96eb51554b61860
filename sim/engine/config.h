/**
 * @file config.h
 * @brief INI scenario configs bound to typed, range-checked parameter tables.
 *
 * Each model module owns a parameter struct and a table of cfg_param describing
 * every field (section, key, type, range, unit, default, source). The config layer
 *  - reads a document (ini_doc.h: the file, its `extends` chain and `--set` overrides);
 *  - binds values to the tables: defaults first, then the document. Any key in the
 *    document that no table claims is an error naming file, line and key, so typos
 *    surface; so is a wrong type or an out-of-range value;
 *  - renders the resolved config (every parameter, its value, and where it came from)
 *    as INI text for provenance.
 * Nothing here calls exit(); every failure returns a status with a message.
 *
 * Implementation: ini_doc.c (reading, extends), config_set.c (--set),
 * config_value.c (text to typed values), config_bind.c, config_render.c; dates in date.h.
 */
#ifndef CHANSIM_CONFIG_H
#define CHANSIM_CONFIG_H

#include <stddef.h>

#include "sim/engine/date.h"
#include "sim/engine/ini_doc.h"
#include "sim/engine/status.h"

/** How a parameter's text is parsed and stored. */
typedef enum {
    CFG_DOUBLE,      /**< double */
    CFG_INT,         /**< int (decimal); range checked against min/max */
    CFG_BOOL,        /**< int 0/1; text true/false/yes/no/on/off/1/0 */
    CFG_DATE,        /**< int day number (days since 1970-01-01) from YYYY-MM-DD, or "never" = CFG_DATE_NEVER */
    CFG_STRING,      /**< char[CFG_STRING_MAX], copied */
    CFG_DOUBLE_LIST, /**< double[count], comma-separated, exactly `count` values */
    CFG_STRING_LIST  /**< char[count][CFG_NAME_MAX], comma-separated, exactly `count` names */
} cfg_type;

enum {
    CFG_STRING_MAX = 256, /**< capacity of a CFG_STRING field, bytes including NUL */
    CFG_NAME_MAX = 32     /**< capacity of one CFG_STRING_LIST element, bytes including NUL */
};

/** One parameter: where it lives in the params struct and how to read and check it. */
typedef struct {
    const char *section; /**< INI section, e.g. "weather" */
    const char *key;     /**< INI key, e.g. "persistence" */
    cfg_type type;       /**< parse and storage type */
    size_t offset;       /**< offsetof() the field in the struct being bound */
    int count;           /**< element count for list types; 0 for scalars */
    double min;          /**< smallest allowed value (numbers, each list element, dates as day numbers) */
    double max;          /**< largest allowed value */
    const char *def;     /**< default, as config text */
    const char *unit;    /**< unit, e.g. "people/day", "GBP", "probability", "-" */
    const char *doc;     /**< one-line meaning */
    const char *source;  /**< source of the default, or "assumption: ..." */
} cfg_param;

/** A table of parameters: a module's whole input. */
typedef struct {
    const char *name;          /**< module name, e.g. "weather" */
    const cfg_param *params;   /**< the parameters */
    size_t count;              /**< how many */
} cfg_table;

/**
 * Fill `target` from the tables: every parameter's default, then the document's
 * value. Errors (each naming file:line, section and key): a key no table claims,
 * a value of the wrong type, a value outside [min, max], a list with the wrong count.
 * Sections listed in `ignore_sections` (NULL-terminated, may be NULL) are skipped:
 * they belong to another reader (e.g. a sweep file's [design]).
 */
sim_status cfg_bind(const cfg_doc *doc, const cfg_table *tables, size_t ntables, void *target,
                    const char *const *ignore_sections);

/**
 * The resolved configuration as INI text: every parameter of the tables with its
 * bound value, grouped by section, each followed by a comment with its unit and
 * origin. Parsing this text and binding it again gives the same values. Caller frees.
 */
sim_status cfg_render(const cfg_doc *doc, const cfg_table *tables, size_t ntables, const void *target,
                      char **text);

#endif
