/**
 * @file datadir.c
 * @brief Finding the shipped directory (datadir.h).
 */
#include "sim/engine/datadir.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* 1 if dir holds the marker as a regular file. */
static int is_datadir(const char *dir)
{
    char p[PATH_MAX];
    int n = snprintf(p, sizeof p, "%s/%s", dir, DATADIR_MARKER);
    struct stat sb;
    return n > 0 && (size_t)n < sizeof p && stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

static sim_status found(const char *dir, char **out)
{
    if (!(*out = strdup(dir))) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    return SIM_OK;
}

sim_status datadir_find(char **dir)
{
    if (!dir) return SIM_FAIL(SIM_ERR_INTERNAL, "datadir_find: NULL argument");
    *dir = NULL;
    const char *env = getenv(DATADIR_ENV);
    if (env && env[0]) {
        if (!is_datadir(env))
            return SIM_FAIL(SIM_ERR_CONFIG, "%s='%s' is not a chansim data directory (no %s in it)", DATADIR_ENV, env,
                            DATADIR_MARKER);
        return found(env, dir);
    }
    if (is_datadir(".")) return found(".", dir);
    /* Relative to the executable: an installed tree or a source tree run from elsewhere. */
    static const char *const beside[] = {"/../share/chansim", "/..", "/../.."};
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) *slash = '\0';
        for (size_t i = 0; i < sizeof beside / sizeof beside[0]; i++) {
            char cand[PATH_MAX + 32];
            snprintf(cand, sizeof cand, "%s%s", exe, beside[i]);
            if (is_datadir(cand)) return found(cand, dir);
        }
    }
    return SIM_FAIL(SIM_ERR_CONFIG,
                    "cannot find chansim's data, configs and plot templates (no %s in the current directory or in "
                    "%s%s, %s/.. or %s/../..): install with `make install`, run from the source tree, or set %s to "
                    "the directory that holds configs/, data/ and plots/",
                    DATADIR_MARKER, len > 0 ? exe : "EXE_DIR", beside[0], len > 0 ? exe : "EXE_DIR",
                    len > 0 ? exe : "EXE_DIR", DATADIR_ENV);
}

sim_status datadir_path(const char *rel, char **path)
{
    if (!rel || !path) return SIM_FAIL(SIM_ERR_INTERNAL, "datadir_path: NULL argument");
    *path = NULL;
    char *dir = NULL;
    SIM_CHECK(datadir_find(&dir));
    int n = asprintf(path, "%s/%s", dir, rel);
    free(dir);
    if (n < 0) {
        *path = NULL;
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    }
    return SIM_OK;
}
