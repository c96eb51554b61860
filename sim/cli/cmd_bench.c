/**
 * @file cmd_bench.c
 * @brief `chansim bench CONFIG`: agent-days per second on one thread and on all
 *        threads, from one process, and their ratio.
 *
 * An agent-day is one person spending one simulated day on the French coast: the
 * unit of work of the daily choice loop. Both measurements run the same number of
 * replications, so the ratio is the parallel speed-up on a fixed workload.
 * Wall-clock rates are what a user sees; on a shared machine other processes take
 * time slices, so the CPU-time rate (agent-days per CPU second, i.e. per busy core)
 * is printed beside it.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <sys/resource.h>

#include <omp.h>

#include "sim/cli/cli.h"
#include "sim/run/runner.h"
#include "sim/run/scenario.h"

static const char bench_usage[] =
    "Usage: chansim bench CONFIG [-r REPS] [--threads T] [--set section.key=value]...\n"
    "\n"
    "Run REPS replications (default 8 x T) on 1 thread and then on T threads (default: all\n"
    "OpenMP threads) and print agent-days per second for each and their ratio.\n"
    "\n"
    "  -r, --reps N        replications of each pass (default 8 x T)\n"
    "      --threads T     threads of the second pass (default: all OpenMP threads)\n"
    "      --set K=V       override a config key, e.g. --set scenario.days=365\n"
    "  -h, --help          this help\n";

/* CPU seconds used by this process so far (all threads, user + system). */
static double cpu_seconds(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_stime.tv_sec + 1e-6 * (u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

static sim_status timed(const scenario *s, int reps, int threads, double *rate, double *cpu)
{
    omp_set_num_threads(threads);
    run_options o = {.reps = reps, .seed = (uint32_t)s->params.run.seed};
    sim_results *res = NULL;
    uint64_t agent_days = 0;
    double t0 = omp_get_wtime(), c0 = cpu_seconds();
    SIM_CHECK(runner_run(s, &o, &res, &agent_days));
    double t1 = omp_get_wtime(), c1 = cpu_seconds();
    results_destroy(&res);
    *rate = agent_days / (t1 - t0);
    *cpu = c1 - c0;
    printf("bench: threads=%d agent_days_per_sec=%.0f cpu_agent_days_per_sec=%.0f agent_days=%llu seconds=%.3f "
           "cpu_seconds=%.3f\n",
           threads, *rate, agent_days / (c1 - c0), (unsigned long long)agent_days, t1 - t0, c1 - c0);
    fflush(stdout);
    return SIM_OK;
}

int cmd_bench(int argc, char **argv)
{
    static const struct option opts[] = {
        {"reps", required_argument, 0, 'r'}, {"threads", required_argument, 0, 'T'},
        {"set", required_argument, 0, 'S'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
    };
    long reps = 0, threads = omp_get_max_threads();
    cli_list sets = {0};
    sim_status st = SIM_OK;
    int c;
    optind = 0;
    opterr = 0;
    while (st == SIM_OK && (c = getopt_long(argc, argv, "r:h", opts, NULL)) != -1) {
        switch (c) {
        case 'r': st = cli_parse_int("--reps", optarg, 1, 100000, &reps); break;
        case 'T': st = cli_parse_int("--threads", optarg, 1, 4096, &threads); break;
        case 'S': st = cli_list_add(&sets, optarg); break;
        case 'h': cli_list_free(&sets); fputs(bench_usage, stdout); return CLI_EXIT_OK;
        default: st = SIM_FAIL(SIM_ERR_USAGE, "bench: unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (st == SIM_OK && optind != argc - 1) st = SIM_FAIL(SIM_ERR_USAGE, "bench: expected one CONFIG file");
    scenario *s = NULL;
    char found[PATH_MAX];
    if (st == SIM_OK)
        st = scenario_load(cli_config_path("scenarios", argv[optind], found, sizeof found), sets.items, sets.n, NULL,
                           &s);
    cli_list_free(&sets);
    if (st != SIM_OK) return cli_report(st);
    if (reps == 0) reps = 8 * threads;
    double one = 0, many = 0, cpu_one = 0, cpu_many = 0;
    st = timed(s, (int)reps, 1, &one, &cpu_one);
    if (st == SIM_OK) st = timed(s, (int)reps, (int)threads, &many, &cpu_many);
    if (st == SIM_OK) {
        printf("bench: speedup=%.3f efficiency=%.3f per_core_agent_days_per_sec=%.0f (threads=%ld, reps=%ld)\n",
               many / one, many / one / threads, many / threads, threads, reps);
        /* The one-thread pass's mean: what one replication costs, set-up included. */
        printf("bench: job=replication cpu_ms_per_replication=%.1f (mean of %ld on 1 thread)\n",
               1e3 * cpu_one / (double)reps, reps);
    }
    scenario_destroy(&s);
    return cli_report(st);
}
