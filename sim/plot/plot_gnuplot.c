/**
 * @file plot_gnuplot.c
 * @brief Locate and run gnuplot (see plot_gnuplot.h): PATH search, terminal probe,
 *        and script runs through posix_spawn with a working directory.
 */
#include "sim/plot/plot_gnuplot.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <poll.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

enum { TAIL_MAX = 400 }; /* bytes of gnuplot's stderr quoted in an error message */

/* 1 if path is a regular file we may execute. */
static int is_executable(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && access(path, X_OK) == 0;
}

/* Search PATH for `name` the way execvp would; a new string or NULL. */
static char *search_path(const char *name)
{
    const char *path = getenv("PATH");
    if (!path) return NULL; /* no PATH: nothing to search (execvp's default list would be a surprise) */
    for (const char *p = path;; p++) {
        const char *end = strchr(p, ':');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char *cand = NULL;
        /* An empty PATH element means the current directory, as for the shell. */
        if (asprintf(&cand, "%.*s%s%s", (int)len, len ? p : ".", "/", name) < 0) return NULL;
        if (is_executable(cand)) return cand;
        free(cand);
        if (!end) return NULL;
        p = end;
    }
}

sim_status plot_gnuplot_find(char **path)
{
    if (!path) return SIM_FAIL(SIM_ERR_INTERNAL, "plot_gnuplot_find: NULL argument");
    *path = NULL;
    const char *over = getenv("CHANSIM_GNUPLOT");
    if (over && over[0]) {
        if (strchr(over, '/')) {
            if (is_executable(over) && (*path = strdup(over))) return SIM_OK;
        } else if ((*path = search_path(over))) {
            return SIM_OK;
        }
        return SIM_FAIL(SIM_ERR_IO, "gnuplot not found: CHANSIM_GNUPLOT='%s' is not an executable file%s; "
                        "unset it to search PATH, or " PLOT_GNUPLOT_INSTALL_HINT,
                        over, strchr(over, '/') ? "" : " on PATH");
    }
    if ((*path = search_path("gnuplot"))) return SIM_OK;
    return SIM_FAIL(SIM_ERR_IO, "gnuplot not found on PATH; " PLOT_GNUPLOT_INSTALL_HINT);
}

/* The timeout of one gnuplot process, seconds: $CHANSIM_GNUPLOT_TIMEOUT or PLOT_GNUPLOT_TIMEOUT_S. */
static sim_status timeout_seconds(long *s)
{
    const char *env = getenv("CHANSIM_GNUPLOT_TIMEOUT");
    *s = PLOT_GNUPLOT_TIMEOUT_S;
    if (!env || !env[0]) return SIM_OK;
    char *end = NULL;
    errno = 0;
    long v = strtol(env, &end, 10);
    if (errno || end == env || *end || v < 1 || v > 86400)
        return SIM_FAIL(SIM_ERR_USAGE, "CHANSIM_GNUPLOT_TIMEOUT: expected whole seconds from 1 to 86400, got '%s'",
                        env);
    *s = v;
    return SIM_OK;
}

/* Milliseconds from now until `deadline` (CLOCK_MONOTONIC), 0 if past. */
static int ms_left(const struct timespec *deadline)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long long ms = (long long)(deadline->tv_sec - now.tv_sec) * 1000 + (deadline->tv_nsec - now.tv_nsec) / 1000000;
    return ms <= 0 ? 0 : ms > 1000000 ? 1000000 : (int)ms;
}

static struct timespec deadline_after(long seconds)
{
    struct timespec d;
    clock_gettime(CLOCK_MONOTONIC, &d);
    d.tv_sec += seconds;
    return d;
}

/* Poll interval while waiting for gnuplot to exit, ms: short against a one-second figure. */
enum { WAIT_POLL_MS = 10, KILL_GRACE_MS = 1000 };

/* Kill pid (SIGTERM, then SIGKILL after a grace period) and reap it. */
static void kill_child(pid_t pid)
{
    kill(pid, SIGTERM);
    struct timespec grace = deadline_after(0);
    grace.tv_nsec += (long)KILL_GRACE_MS * 1000000L;
    grace.tv_sec += grace.tv_nsec / 1000000000L;
    grace.tv_nsec %= 1000000000L;
    int ws;
    while (waitpid(pid, &ws, WNOHANG) == 0) {
        if (ms_left(&grace) == 0) {
            kill(pid, SIGKILL);
            while (waitpid(pid, &ws, 0) < 0 && errno == EINTR) {
            }
            return;
        }
        nanosleep(&(struct timespec){0, WAIT_POLL_MS * 1000000L}, NULL);
    }
}

/* Wait for pid until `deadline`; *ws its status. On timeout kill it and fail saying so. */
static sim_status wait_until(pid_t pid, const struct timespec *deadline, long seconds, const char *what, int *ws)
{
    for (;;) {
        pid_t w = waitpid(pid, ws, WNOHANG);
        if (w == pid) return SIM_OK;
        if (w < 0 && errno != EINTR)
            return SIM_FAIL(SIM_ERR_IO, "%s: cannot wait for gnuplot: %s", what, strerror(errno));
        if (ms_left(deadline) == 0) {
            kill_child(pid);
            return SIM_FAIL(SIM_ERR_IO, "%s: gnuplot did not finish within %ld s and was killed (a hung terminal or "
                            "a script waiting for input?); CHANSIM_GNUPLOT_TIMEOUT sets the limit",
                            what, seconds);
        }
        nanosleep(&(struct timespec){0, WAIT_POLL_MS * 1000000L}, NULL);
    }
}

/* Wait for pid until `deadline`; SIM_OK on exit 0, else SIM_ERR_IO describing how it ended. */
static sim_status wait_child(pid_t pid, const struct timespec *deadline, long seconds, const char *what,
                             const char *detail)
{
    int ws = 0;
    SIM_CHECK(wait_until(pid, deadline, seconds, what, &ws));
    if (WIFEXITED(ws) && WEXITSTATUS(ws) == 0) return SIM_OK;
    if (WIFSIGNALED(ws))
        return SIM_FAIL(SIM_ERR_IO, "%s: gnuplot was killed by signal %d%s%s", what, WTERMSIG(ws),
                        detail[0] ? ": " : "", detail);
    return SIM_FAIL(SIM_ERR_IO, "%s: gnuplot failed (exit %d)%s%s", what, WEXITSTATUS(ws), detail[0] ? ": " : "",
                    detail);
}

/* The last TAIL_MAX bytes of text, trimmed, newlines turned into " | " so one error line carries them. */
static void tail_of(const char *text, size_t len, char *out, size_t size)
{
    while (len && (text[len - 1] == '\n' || text[len - 1] == ' ' || text[len - 1] == '\r')) len--;
    size_t start = len > TAIL_MAX ? len - TAIL_MAX : 0;
    size_t o = 0;
    for (size_t i = start; i < len && o + 4 < size; i++) {
        if (text[i] == '\n') {
            if (o && out[o - 1] != ' ') {
                memcpy(out + o, " | ", 3);
                o += 3;
            }
        } else if (text[i] != '\r' && !(text[i] == ' ' && o && out[o - 1] == ' ')) {
            out[o++] = text[i];
        }
    }
    out[o] = '\0';
}

sim_status plot_gnuplot_terminals(const char *gnuplot, char **terms)
{
    if (!gnuplot || !terms) return SIM_FAIL(SIM_ERR_INTERNAL, "plot_gnuplot_terminals: NULL argument");
    *terms = NULL;
    long seconds;
    SIM_CHECK(timeout_seconds(&seconds));
    int fds[2];
    if (pipe(fds) != 0) return SIM_FAIL(SIM_ERR_IO, "cannot create a pipe to gnuplot: %s", strerror(errno));
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    /* print writes to stderr unless told otherwise; send both to the pipe so errors are quoted too. */
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    char *argv[] = {(char *)gnuplot, "-e", "set print '-'; print GPVAL_TERMINALS", NULL};
    pid_t pid;
    int rc = posix_spawn(&pid, gnuplot, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        return SIM_FAIL(SIM_ERR_IO, "cannot start '%s': %s", gnuplot, strerror(rc));
    }
    const char *what = "asking gnuplot for its terminals";
    struct timespec deadline = deadline_after(seconds);
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    int oom = !buf;
    for (;;) {
        /* A gnuplot that hangs keeps the pipe open: read only while time is left. */
        struct pollfd pfd = {.fd = fds[0], .events = POLLIN};
        int ready = poll(&pfd, 1, ms_left(&deadline));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) break; /* timed out: wait_child below kills it and says so */
        if (!oom && n + 1 >= cap) {
            char *grown = realloc(buf, cap *= 2);
            if (!grown) oom = 1;
            else buf = grown;
        }
        char sink[512];
        ssize_t got = oom ? read(fds[0], sink, sizeof sink) : read(fds[0], buf + n, cap - n - 1);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        if (!oom) n += (size_t)got;
    }
    close(fds[0]);
    char tail[TAIL_MAX + 64] = "";
    if (buf) {
        buf[n] = '\0';
        tail_of(buf, n, tail, sizeof tail);
    }
    sim_status st = wait_child(pid, &deadline, seconds, what, tail);
    if (st == SIM_OK && oom) st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory reading gnuplot's terminal list");
    if (st != SIM_OK) {
        free(buf);
        return st;
    }
    *terms = buf;
    return SIM_OK;
}

int plot_gnuplot_has_terminal(const char *terms, const char *name)
{
    size_t len = strlen(name);
    if (!terms || !len) return 0;
    for (const char *p = terms; (p = strstr(p, name)); p += len) {
        int starts = p == terms || p[-1] == ' ' || p[-1] == '\n' || p[-1] == '\t';
        char after = p[len];
        if (starts && (after == '\0' || after == ' ' || after == '\n' || after == '\t')) return 1;
    }
    return 0;
}

sim_status plot_gnuplot_run(const char *gnuplot, const char *dir, const char *script, const char *log)
{
    if (!gnuplot || !dir || !script || !log) return SIM_FAIL(SIM_ERR_INTERNAL, "plot_gnuplot_run: NULL argument");
    long seconds;
    SIM_CHECK(timeout_seconds(&seconds));
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addchdir_np(&fa, dir);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    /* Relative to dir: file actions run in order, after the chdir. */
    posix_spawn_file_actions_addopen(&fa, 2, log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    char *argv[] = {(char *)gnuplot, (char *)script, NULL};
    pid_t pid;
    int rc = posix_spawn(&pid, gnuplot, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) return SIM_FAIL(SIM_ERR_IO, "cannot start '%s' in '%s': %s", gnuplot, dir, strerror(rc));

    char what[512];
    snprintf(what, sizeof what, "%s/%s", dir, script);
    int ws = 0;
    struct timespec deadline = deadline_after(seconds);
    SIM_CHECK(wait_until(pid, &deadline, seconds, what, &ws));
    if (WIFEXITED(ws) && WEXITSTATUS(ws) == 0) return SIM_OK;

    /* Quote what gnuplot said: its message names the script line at fault. */
    char tail[TAIL_MAX + 64] = "";
    char *logpath = NULL;
    if (asprintf(&logpath, "%s/%s", dir, log) >= 0) {
        FILE *fp = fopen(logpath, "rb");
        if (fp) {
            char text[4 * TAIL_MAX];
            if (fseek(fp, 0, SEEK_END) == 0) {
                long size = ftell(fp);
                if (size > (long)sizeof text - 1) fseek(fp, size - (long)sizeof text + 1, SEEK_SET);
                else rewind(fp);
            }
            size_t got = fread(text, 1, sizeof text - 1, fp);
            text[got] = '\0';
            fclose(fp);
            tail_of(text, got, tail, sizeof tail);
        }
        free(logpath);
    }
    if (WIFSIGNALED(ws))
        return SIM_FAIL(SIM_ERR_IO, "%s: gnuplot was killed by signal %d%s%s", what, WTERMSIG(ws),
                        tail[0] ? ": " : "", tail);
    return SIM_FAIL(SIM_ERR_IO, "%s: gnuplot failed (exit %d)%s%s", what, WEXITSTATUS(ws), tail[0] ? ": " : "",
                    tail);
}
