#include "sim/cli/cli.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include <omp.h>
#ifdef CHANSIM_MPI
#include <mpi.h>
#endif

#include "sim/engine/datadir.h"
#include "sim/engine/number.h"
#include "sim/run/runner.h"

/* Length of the valid UTF-8 sequence of 2 to 4 bytes at s, or 0 (RFC 3629: no overlongs or surrogates). */
static int utf8_len(const unsigned char *s)
{
    int n = s[0] >= 0xC2 && s[0] <= 0xDF ? 2 : s[0] >= 0xE0 && s[0] <= 0xEF ? 3 : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;
    for (int i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    if (n == 3 && ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0))) return 0;
    if (n == 4 && ((s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90))) return 0;
    return n;
}

/* Print a message that may quote bytes of a user's file: text and UTF-8 as they are, control
 * bytes and invalid UTF-8 as \xNN, so binary garbage cannot reach the terminal raw. */
static void print_escaped(FILE *fp, const char *msg)
{
    for (const unsigned char *p = (const unsigned char *)msg; *p;) {
        int n = *p >= 0x80 ? utf8_len(p) : 0;
        if (n) {
            fwrite(p, 1, (size_t)n, fp);
            p += n;
        } else if ((*p >= 0x20 && *p < 0x7F) || *p == '\n' || *p == '\t') {
            fputc(*p++, fp);
        } else {
            fprintf(fp, "\\x%02X", *p++);
        }
    }
}

/* The code cli_report returns for `st`, without printing. */
static int exit_code(sim_status st)
{
    if (st == SIM_OK) return CLI_EXIT_OK;
    if (st == SIM_ERR_USAGE) return CLI_EXIT_USAGE;
    if (st == SIM_ERR_INTERRUPTED) return CLI_EXIT_SIGNAL + (runner_stop_signal() ? runner_stop_signal() : SIGINT);
    return CLI_EXIT_ERROR;
}

int cli_report(sim_status st)
{
    if (st == SIM_OK) return CLI_EXIT_OK;
    if (st == SIM_ERR_INTERRUPTED) {
        int sig = runner_stop_signal();
        const char *m = sim_error_message();
        fprintf(stderr, "chansim: stopped by %s%s", sig == SIGTERM ? "SIGTERM" : sig == SIGINT || !sig ? "SIGINT" : "a signal",
                m[0] ? ": " : "");
    } else {
        fprintf(stderr, "chansim: %s: ", sim_status_name(st));
    }
    print_escaped(stderr, sim_error_message());
    fputc('\n', stderr);
    if (getenv("CHANSIM_DEBUG")) fputs(sim_error_trace(), stderr);
    return exit_code(st);
}

sim_status cli_parse_int(const char *option, const char *text, long min, long max, long *out)
{
    long v = 0;
    if (num_parse_long(text, min, max, &v) != NUM_OK)
        return SIM_FAIL(SIM_ERR_USAGE, "%s: expected a whole number from %ld to %ld, got '%s'", option, min, max,
                        text);
    *out = v;
    return SIM_OK;
}

char *cli_command_line(int argc, char **argv)
{
    size_t len = 1;
    for (int i = 0; i < argc; i++) len += strlen(argv[i]) + 1;
    char *s = malloc(len);
    if (!s) return NULL;
    s[0] = '\0';
    for (int i = 0; i < argc; i++) {
        if (i) strcat(s, " ");
        strcat(s, argv[i]);
    }
    return s;
}

static int is_file(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

const char *cli_config_path(const char *kind, const char *arg, char *buf, size_t size)
{
    if (!arg || strchr(arg, '/') || is_file(arg)) return arg;
    char *dir = NULL;
    if (datadir_find(&dir) != SIM_OK) return arg; /* loading arg reports the missing file */
    static const char *const suffix[] = {"", ".ini"};
    const char *found = arg;
    for (int i = 0; i < 2 && found == arg; i++) {
        int n = snprintf(buf, size, "%s/configs/%s/%s%s", dir, kind, arg, suffix[i]);
        if (n > 0 && (size_t)n < size && is_file(buf)) found = buf;
    }
    free(dir);
    return found;
}

long long cli_now(void) { return (long long)time(NULL); }

void cli_provenance_init(out_provenance *p, const char *command_line, uint32_t seed, int reps)
{
    static _Thread_local char host[256];
    if (gethostname(host, sizeof host) != 0) snprintf(host, sizeof host, "unknown");
    host[sizeof host - 1] = '\0';
    *p = (out_provenance){
        .command_line = command_line, .seed = seed, .reps = reps, .threads = omp_get_max_threads(),
        .mpi_procs = 1, .host = host, .start_time = cli_now(), .end_time = 0,
    };
}

sim_status cli_list_add(cli_list *l, const char *item)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 8;
        const char **grown = realloc(l->items, cap * sizeof *grown);
        if (!grown) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
        l->items = grown;
        l->cap = cap;
    }
    l->items[l->n++] = item;
    return SIM_OK;
}

void cli_list_free(cli_list *l)
{
    free(l->items);
    *l = (cli_list){0};
}

#ifndef CHANSIM_MPI
/* A positive integer from environment variable `name`, or 0. */
static int env_int(const char *name)
{
    const char *v = getenv(name);
    long n = 0;
    return v && cli_parse_int(name, v, 0, 1L << 30, &n) == SIM_OK ? (int)n : (sim_error_clear(), 0);
}
#endif

cli_mpi cli_mpi_begin(void)
{
    cli_mpi m = {.rank = 0, .size = 1, .owned = 0, .launched = 1};
#ifdef CHANSIM_MPI
    int init = 0, provided = 0;
    MPI_Initialized(&init);
    if (!init) {
        /* OpenMP threads never call MPI: only the main thread talks. */
        MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
        m.owned = 1;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &m.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &m.size);
#else
    /* Without MPI each copy is alone; the launcher's environment says how many it started. */
    int n = env_int("OMPI_COMM_WORLD_SIZE"), r = env_int("OMPI_COMM_WORLD_RANK");
    if (n == 0) n = env_int("PMI_SIZE"), r = env_int("PMI_RANK");
    if (n > 1) {
        m.launched = n;
        m.rank = r; /* only rank 0 prints */
    }
#endif
    return m;
}

void cli_mpi_end(const cli_mpi *m)
{
#ifdef CHANSIM_MPI
    if (m->owned) MPI_Finalize();
#else
    (void)m;
#endif
}

sim_status cli_mpi_check(cli_mpi *m, const char *command, int across_ranks)
{
    m->refused = (m->launched > 1) || (m->size > 1 && !across_ranks);
    if (m->launched > 1)
        return SIM_FAIL(SIM_ERR_USAGE,
                        "%s: started as %d processes by an MPI launcher, but this chansim is built without MPI, so "
                        "each would do all the work and write the same output; run it once (threads: "
                        "OMP_NUM_THREADS)%s",
                        command, m->launched, across_ranks ? ", or build with make MPI=1 for mpirun" : "");
    if (m->size > 1 && !across_ranks)
        return SIM_FAIL(SIM_ERR_USAGE,
                        "%s: started as %d MPI processes, but %s runs in one process (threads: OMP_NUM_THREADS); run "
                        "it without mpirun, or use sweep or sensitivity, which divide their work among MPI ranks",
                        command, m->size, command);
    return SIM_OK;
}

int cli_exit(const cli_mpi *m, sim_status st)
{
    if (m->rank == 0) return cli_report(st);
    /* A launcher kills the whole job when any rank exits non-zero, which could cut rank 0
     * off before it prints the refusal; rank 0's exit status carries the failure. */
    if (m->refused) return 0;
    return exit_code(st);
}
