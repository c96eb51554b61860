/**
 * @file cmd_backtest.c
 * @brief `chansim backtest BT.ini -o DIR`: rolling-origin forecasts scored against
 *        the record beside two naive forecasts (sim/experiments/backtest.h); writes
 *        DIR/backtest.h5 (the replay, /backtest score tables, provenance),
 *        DIR/scores.csv, DIR/skill.csv, DIR/pooled.csv and the figures.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/cli/cli.h"
#include "sim/engine/config.h"
#include "sim/experiments/backtest.h"
#include "sim/io/observed.h"
#include "sim/io/output.h"
#include "sim/plot/plot_backtest.h"
#include "sim/run/memory.h"
#include "sim/run/runner.h"
#include "sim/run/scenario.h"

static const char backtest_usage[] =
    "Usage: chansim backtest BT.ini [-o DIR] [-r REPS] [--seed N] [--set section.key=value]... "
    "[--no-plots] [--force] [--quiet]\n"
    "\n"
    "Rolling-origin evaluation: from each origin of [backtest] origins, forecasts of the next\n"
    "horizons_weeks weeks (the scenario replayed with the policies of each date, parameters held\n"
    "at the calibrated posterior ensemble) scored against the record with CRPS, the weighted\n"
    "interval score and 50%/90% coverage per calendar week, month and window, beside two naive\n"
    "forecasts made from the record before the origin. See docs/validation.md.\n"
    "\n"
    "  -o, --output DIR   output directory (default ./backtest; created if missing)\n"
    "  -r, --reps N       replications (default: [run] replications)\n"
    "      --seed N       seed (default: [run] seed)\n"
    "      --set S.K=V    override a scenario key (repeatable)\n"
    "      --no-plots     no figures\n"
    "  -f, --force        overwrite existing outputs\n"
    "  -q, --quiet        no progress bar or table\n"
    "  -h, --help         this help\n";

/** Weeks of record drawn before each origin in a fan. */
enum { FAN_WEEKS_BEFORE = 13 };

typedef struct {
    const char *config, *dir;
    long reps, seed;
    int force, quiet, plots, help;
    cli_list sets;
    char found[PATH_MAX]; /* path of a shipped file named without its directory (cli_config_path) */
} bt_args;

static sim_status parse_args(int argc, char **argv, bt_args *a)
{
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'}, {"reps", required_argument, 0, 'r'},
        {"seed", required_argument, 0, 's'},   {"set", required_argument, 0, 'S'},
        {"no-plots", no_argument, 0, 'P'},     {"force", no_argument, 0, 'f'},
        {"quiet", no_argument, 0, 'q'},        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
    };
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:r:fqh", opts, NULL)) != -1) {
        switch (c) {
        case 'o': a->dir = optarg; break;
        case 'r': SIM_CHECK(cli_parse_int("--reps", optarg, 1, 1000000, &a->reps)); break;
        case 's': SIM_CHECK(cli_parse_int("--seed", optarg, 0, 2147483647L, &a->seed)); break;
        case 'S': SIM_CHECK(cli_list_add(&a->sets, optarg)); break;
        case 'P': a->plots = 0; break;
        case 'f': a->force = 1; break;
        case 'q': a->quiet = 1; break;
        case 'h': a->help = 1; return SIM_OK;
        default:
            return SIM_FAIL(SIM_ERR_USAGE, "backtest: unknown or incomplete option '%s' (see chansim backtest --help)",
                            argv[optind - 1]);
        }
    }
    if (optind != argc - 1)
        return SIM_FAIL(SIM_ERR_USAGE, "backtest: expected exactly one BT.ini file (see chansim backtest --help)");
    a->config = cli_config_path("validation", argv[optind], a->found, sizeof a->found);
    return SIM_OK;
}

static sim_status ensure_dir(const char *dir)
{
    struct stat sb;
    if (stat(dir, &sb) == 0) {
        if (!S_ISDIR(sb.st_mode)) return SIM_FAIL(SIM_ERR_IO, "output '%s' exists and is not a directory", dir);
        return SIM_OK;
    }
    if (mkdir(dir, 0777) != 0) return SIM_FAIL(SIM_ERR_IO, "cannot create directory '%s': %s", dir, strerror(errno));
    return SIM_OK;
}

static sim_status out_name(const bt_args *a, const char *name, char *out, size_t size)
{
    if ((size_t)snprintf(out, size, "%s/%s", a->dir, name) >= size)
        return SIM_FAIL(SIM_ERR_USAGE, "backtest: output directory name too long");
    if (!a->force && access(out, F_OK) == 0)
        return SIM_FAIL(SIM_ERR_EXISTS, "output '%s' exists; use --force to overwrite", out);
    return SIM_OK;
}

/* One fan figure per origin, then the skill figure. */
static sim_status draw_figures(const bt_args *a, const bt_config *c, const sim_results *res, const obs_record *obs,
                               const vs_table *t)
{
    int weeks = FAN_WEEKS_BEFORE + c->horizons[c->nhorizons - 1] + 1;
    int *ws = malloc((size_t)weeks * sizeof *ws);
    double *ob = malloc((size_t)weeks * sizeof *ob), *q = malloc((size_t)weeks * BT_FAN_Q * sizeof *q);
    sim_status st = (!ws || !ob || !q) ? SIM_FAIL(SIM_ERR_MEMORY, "out of memory for figures") : SIM_OK;
    for (int i = 0; st == SIM_OK && i < c->norigins; i++) {
        int o = c->origins[i];
        st = bt_fan(res, obs, per_week_monday(o) - PER_WEEK_DAYS * FAN_WEEKS_BEFORE, weeks, ws, ob, q);
        char date[32], stem[64], title[256];
        cfg_format_date(o, date, sizeof date);
        snprintf(stem, sizeof stem, "fan_%s", date);
        snprintf(title, sizeof title, "Forecast from %s (%s, %d replications) against the record", date, res->name,
                 res->reps);
        plot_fan_data f = {.weeks = weeks, .week_start = ws, .observed = ob, .q = q, .origin = o, .title = title};
        if (st == SIM_OK) st = plot_backtest_fan(a->dir, stem, &f);
    }
    double *ratios = malloc((size_t)4 * c->nhorizons * sizeof *ratios);
    if (st == SIM_OK && !ratios) st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory for figures");
    for (int h = 0; st == SIM_OK && h < c->nhorizons; h++) {
        bt_pooled pm, pw;
        bt_pool(t, c->horizons[h], PER_MONTH, OBS_ARRIVALS, &pm);
        bt_pool(t, c->horizons[h], PER_WEEK, OBS_ARRIVALS, &pw);
        ratios[0 * c->nhorizons + h] = pm.wis[0] / pm.wis[1];
        ratios[1 * c->nhorizons + h] = pm.wis[0] / pm.wis[2];
        ratios[2 * c->nhorizons + h] = pw.wis[0] / pw.wis[1];
        ratios[3 * c->nhorizons + h] = pw.wis[0] / pw.wis[2];
    }
    static const char *const names[] = {"monthly arrivals vs naive_last_year", "monthly arrivals vs naive_seasonal",
                                         "weekly arrivals vs naive_last_year", "weekly arrivals vs naive_seasonal"};
    if (st == SIM_OK)
        st = plot_backtest_skill(a->dir, "skill_horizon", c->nhorizons, c->horizons, 4, names, ratios,
                                 "Backtest skill: model WIS / naive WIS, pooled over origins");
    free(ratios);
    free(ws);
    free(ob);
    free(q);
    return st;
}

static sim_status backtest_main(bt_args *a, int argc, char **argv)
{
    bt_config c;
    SIM_CHECK(bt_config_load(a->config, &c));
    scenario *scen = NULL;
    obs_record *obs = NULL;
    sim_results *res = NULL;
    out_file *f = NULL;
    vs_table t = {0};
    char h5[4096], scores[4096], skill[4096], pooled[4096];
    long long t0 = cli_now();
    sim_status st = scenario_load(a->config, a->sets.items, a->sets.n, bt_sections, &scen);
    if (st == SIM_OK) st = obs_load(c.observed, NULL, NULL, &obs);
    if (st == SIM_OK) st = bt_check(&c, scen->params.scenario.start_date, scen->params.scenario.days, obs);
    if (st == SIM_OK) st = out_name(a, "scores.csv", scores, sizeof scores);
    if (st == SIM_OK) st = out_name(a, "skill.csv", skill, sizeof skill);
    if (st == SIM_OK) st = out_name(a, "pooled.csv", pooled, sizeof pooled);
    if (st == SIM_OK) st = out_name(a, "backtest.h5", h5, sizeof h5);
    if (st == SIM_OK)
        st = run_memory_check(a->config, 1, a->reps > 0 ? (int)a->reps : scen->params.run.replications,
                              scen->params.scenario.days, MIG_GROUPS, run_available_bytes());
    if (st == SIM_OK) st = ensure_dir(a->dir);
    if (st == SIM_OK) st = out_open(h5, a->force, &f);
    run_options o = {0};
    if (st == SIM_OK)
        o = (run_options){.reps = a->reps > 0 ? (int)a->reps : scen->params.run.replications,
                          .seed = (uint32_t)(a->seed >= 0 ? a->seed : scen->params.run.seed),
                          .progress = !a->quiet,
                          .label = scen->name};
    char *cmdline = cli_command_line(argc, argv);
    out_provenance prov;
    cli_provenance_init(&prov, cmdline, o.seed, o.reps);
    if (st == SIM_OK) st = runner_run(scen, &o, &res, NULL);
    if (st == SIM_OK) st = bt_score(&c, res, obs, &t);
    if (st == SIM_OK) st = out_write_scenario(f, res);
    if (st == SIM_OK) st = bt_write_h5(out_file_handle(f), &c, &t);
    prov.end_time = cli_now();
    if (st == SIM_OK) st = out_write_provenance(f, &prov, (const sim_results *const *)&res, 1);
    if (st == SIM_OK) st = out_commit(&f);
    else out_abort(&f);
    if (st == SIM_OK) st = vs_write_scores_csv(&t, scores, a->force);
    if (st == SIM_OK) st = vs_write_skill_csv(&t, skill, a->force);
    if (st == SIM_OK) st = bt_write_pooled_csv(&c, &t, pooled, a->force);
    if (st == SIM_OK && a->plots) st = draw_figures(a, &c, res, obs, &t);
    if (st == SIM_OK && !a->quiet) {
        vs_print(&t, stdout);
        bt_print(&c, &t, stdout);
        printf("wrote %s, %s, %s, %s%s in %lld s\n", h5, scores, skill, pooled, a->plots ? " and figures" : "",
               cli_now() - t0);
    }
    free(cmdline);
    vs_table_free(&t);
    results_destroy(&res);
    obs_destroy(&obs);
    scenario_destroy(&scen);
    return st;
}

int cmd_backtest(int argc, char **argv)
{
    runner_install_signal_handlers();
    bt_args a = {.dir = "backtest", .reps = -1, .seed = -1, .plots = 1};
    sim_status st = parse_args(argc, argv, &a);
    if (st == SIM_OK && a.help) {
        fputs(backtest_usage, stdout);
        cli_list_free(&a.sets);
        return CLI_EXIT_OK;
    }
    if (st == SIM_OK) st = backtest_main(&a, argc, argv);
    cli_list_free(&a.sets);
    return cli_report(st);
}
