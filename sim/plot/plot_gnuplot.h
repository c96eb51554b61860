/**
 * @file plot_gnuplot.h
 * @brief Finding gnuplot at run time, asking it which terminals it has, and running
 *        a script in a given working directory, without a shell.
 *
 * gnuplot is an optional run-time dependency: only `chansim plot` needs it, so it is
 * looked up when a plot is asked for, never at build time. Child processes are
 * started with posix_spawn (argument vectors, no shell), so no user string is ever
 * interpreted by /bin/sh.
 */
#ifndef CHANSIM_PLOT_GNUPLOT_H
#define CHANSIM_PLOT_GNUPLOT_H

#include "sim/engine/status.h"

/**
 * Seconds one gnuplot process may take (a terminal probe, or one figure's script)
 * before it is killed and the plot fails: the slowest shipped figure takes about a
 * second, so this only stops a gnuplot that hangs (a broken terminal, a script waiting
 * for input). $CHANSIM_GNUPLOT_TIMEOUT (whole seconds, 1 to 86400) replaces it.
 */
#define PLOT_GNUPLOT_TIMEOUT_S 120

/** The hint every "gnuplot missing" error ends with. */
#define PLOT_GNUPLOT_INSTALL_HINT "install it with: apt-get install gnuplot-nox (Debian/Ubuntu)"

/**
 * The gnuplot executable to use: $CHANSIM_GNUPLOT if set and non-empty (a path if
 * it contains '/', else a name searched on PATH), else "gnuplot" searched on PATH.
 * *path is a new string (caller frees). Fails with SIM_ERR_IO and the install hint
 * if nothing executable is found ("gnuplot not found on PATH; install it with: ...").
 */
sim_status plot_gnuplot_find(char **path);

/**
 * The names of the output terminals `gnuplot` supports (GPVAL_TERMINALS), space
 * separated. *terms is a new string (caller frees). Errors: gnuplot cannot be
 * started, exits non-zero (SIM_ERR_IO, with its own message if it printed one), or
 * does not finish within the timeout (killed; SIM_ERR_IO saying so).
 */
sim_status plot_gnuplot_terminals(const char *gnuplot, char **terms);

/** 1 if the space-separated list `terms` contains the word `name`, else 0. */
int plot_gnuplot_has_terminal(const char *terms, const char *name);

/**
 * Run `gnuplot script` with `dir` as working directory, stdin and stdout on
 * /dev/null and stderr captured to `dir/log` (log is a file name relative to dir,
 * left in place for the caller to remove). Errors: cannot start, killed by a signal,
 * or non-zero exit (SIM_ERR_IO naming the script and quoting the last line gnuplot
 * wrote to stderr), or no exit within the timeout (killed; SIM_ERR_IO saying so).
 */
sim_status plot_gnuplot_run(const char *gnuplot, const char *dir, const char *script, const char *log);

#endif
