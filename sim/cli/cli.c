#include "sim/cli/cli.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <omp.h>

#include "sim/run/runner.h"

int cli_report(sim_status st)
{
    if (st == SIM_OK) return CLI_EXIT_OK;
    if (st == SIM_ERR_INTERRUPTED) {
        int sig = runner_stop_signal();
        const char *m = sim_error_message();
        fprintf(stderr, "chansim: stopped by %s%s%s\n",
                sig == SIGTERM ? "SIGTERM" : sig == SIGINT || !sig ? "SIGINT" : "a signal", m[0] ? ": " : "", m);
    } else {
        fprintf(stderr, "chansim: %s: %s\n", sim_status_name(st), sim_error_message());
    }
    if (getenv("CHANSIM_DEBUG")) fputs(sim_error_trace(), stderr);
    if (st == SIM_ERR_USAGE) return CLI_EXIT_USAGE;
    if (st == SIM_ERR_INTERRUPTED) return CLI_EXIT_SIGNAL + (runner_stop_signal() ? runner_stop_signal() : SIGINT);
    return CLI_EXIT_ERROR;
}

sim_status cli_parse_int(const char *option, const char *text, long min, long max, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || end == text || *end != '\0' || v < min || v > max)
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
