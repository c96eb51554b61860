/**
 * @file version.h
 * @brief What was built: chansim's release, the git commit of the source, and the
 *        inih version. Defined in a file the Makefile generates on every build and
 *        rewrites only when a value changes, so results always name the commit they
 *        came from without rebuilding everything after each commit.
 */
#ifndef CHANSIM_VERSION_H
#define CHANSIM_VERSION_H

/** Release, e.g. "0.1.0". */
const char *sim_version(void);

/** Git commit of the source tree built, with "-dirty" if it had uncommitted changes ("unknown" outside git). */
const char *sim_git_commit(void);

/** inih's version as Debian packages it (pkg-config), or "unknown". */
const char *sim_inih_version(void);

#endif
