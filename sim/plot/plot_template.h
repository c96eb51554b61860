/**
 * @file plot_template.h
 * @brief gnuplot script templates (plots/<name>.gp): where they are, and filling
 *        their @PLACEHOLDERS@ to make a script a user can rerun.
 *
 * A placeholder is '@', one or more of A-Z, 0-9 and '_', then '@' (e.g. @TITLE@).
 * Values are inserted verbatim, never expanded again. Anything else with an '@' is
 * copied unchanged, so gnuplot's own `@macro` syntax still works in templates.
 * The placeholders each template uses are documented in plots/README.md.
 */
#ifndef CHANSIM_PLOT_TEMPLATE_H
#define CHANSIM_PLOT_TEMPLATE_H

#include <stddef.h>

#include "sim/engine/status.h"

/** One placeholder and its replacement text. */
typedef struct {
    const char *key;   /**< name between the '@'s, e.g. "TITLE" */
    const char *value; /**< text inserted in its place */
} plot_subst;

/** The file every template directory must hold (the shared style, @STYLE@). */
#define PLOT_TEMPLATE_MARKER "style.gp"

/**
 * The directory holding the templates: $CHANSIM_PLOTS_DIR if set (an error if it
 * has no style.gp), else plots/ of the shipped directory (sim/engine/datadir.h: the
 * source tree, PREFIX/share/chansim, or $CHANSIM_DATA_DIR). *dir is a new string.
 * Errors: none found or no style.gp there (SIM_ERR_CONFIG, naming the places).
 */
sim_status plot_template_dir(char **dir);

/** Read `dir/name` whole into a new NUL-terminated string. Errors: SIM_ERR_IO naming the file. */
sim_status plot_template_read(const char *dir, const char *name, char **text);

/**
 * Fill the template text `tmpl` (read from `origin`, used in messages) with the n
 * substitutions into a new string *out. Errors: a placeholder with no substitution
 * (SIM_ERR_CONFIG "origin:line: unknown placeholder @X@").
 */
sim_status plot_template_fill(const char *tmpl, const char *origin, const plot_subst *subs, size_t n, char **out);

/**
 * Quote text for a single-quoted gnuplot string: ' becomes '' (gnuplot's escape)
 * and line breaks become spaces. Returns a new string, or NULL when out of memory.
 */
char *plot_template_quote(const char *text);

#endif
