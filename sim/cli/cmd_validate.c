/**
 * @file cmd_validate.c
 * @brief `chansim validate RESULTS.h5 -o DIR`: every scenario of a results file
 *        against the observed record on one or more windows; prints a table and
 *        writes DIR/validation.csv (validate.h), DIR/scores.csv and DIR/skill.csv
 *        (validate_scores.h).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/cli/cli.h"
#include "sim/engine/datadir.h"
#include "sim/engine/config.h"
#include "sim/io/observed.h"
#include "sim/io/output.h"
#include "sim/experiments/validate.h"
#include "sim/experiments/validate_scores.h"
#include "sim/run/scenario.h"

static const char validate_usage[] =
    "Usage: chansim validate RESULTS.h5 -o DIR [--observed FILE] [--weekly FILE] [--deaths FILE] "
    "[--from DATE] [--to DATE]... [--scenario NAME]... [--force] [--quiet]\n"
    "\n"
    "Compare simulated series with the observed record on the same dates, inside a window.\n"
    "validation.csv: each complete year, half year and month (arrivals, boats, people per boat,\n"
    "days with arrivals, the French prevention share, deaths per year) and the fit of the monthly\n"
    "series (coverage of the 50% and 90% intervals, correlation); columns\n"
    "scenario,period,metric,observed,sim_mean,sim_q05,sim_q95,rel_error,window.\n"
    "scores.csv: proper scores (CRPS, weighted interval score, 50%/90% coverage) of arrivals and\n"
    "boats in every calendar week (Monday-Sunday), month and the whole window, partial ones\n"
    "flagged, for the model and two naive forecasts (the same weeks of the previous year; the\n"
    "previous year's total spread by the average seasonal shape); a period that cannot be scored\n"
    "is kept with the reason. skill.csv: mean scores and the ratios to each naive forecast.\n"
    "\n"
    "  -o, --output DIR      output directory (created if missing)\n"
    "      --observed FILE   daily series (default: beside --weekly or --deaths, else the shipped\n"
    "                        data/" OBS_DAILY_FILE ")\n"
    "      --weekly FILE     weekly series with preventions (default: " OBS_WEEKLY_FILE " beside the daily file)\n"
    "      --deaths FILE     deaths per year (default: " OBS_DEATHS_FILE " beside the daily file)\n"
    "      --from DATE       first day of a window, YYYY-MM-DD (default: the first day both cover)\n"
    "      --to DATE         last day of a window (default: the last day both cover); repeat\n"
    "                        --from/--to for several windows, paired in order, not overlapping\n"
    "      --scenario NAME   validate only this scenario (repeatable; default: all in the file)\n"
    "  -f, --force           overwrite existing output files\n"
    "  -q, --quiet           no table\n"
    "  -h, --help            this help\n";

/** Most windows on one command line. */
enum { MAX_WINDOWS = 64 };

/** Unset window bound: the record and the scenario's horizon decide. */
#define NO_DATE (-2147483647 - 1)

/** Options of one validate call. */
typedef struct {
    const char *dir;                    /**< output directory */
    const char *daily, *weekly, *deaths; /**< observed files (NULL: not named) */
    int from[MAX_WINDOWS], nfrom;       /**< --from dates, day numbers */
    int to[MAX_WINDOWS], nto;           /**< --to dates */
    int force, quiet;
    cli_list only;                      /**< --scenario names */
} val_opts;

/* `name` beside `file` (same directory) into out; 1 if it is readable. */
static int beside(const char *file, const char *name, char *out, size_t size)
{
    const char *slash = strrchr(file, '/');
    if (slash) snprintf(out, size, "%.*s/%s", (int)(slash - file), file, name);
    else snprintf(out, size, "%s", name);
    return access(out, R_OK) == 0;
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

static sim_status add_date(const char *option, const char *text, int *list, int *n)
{
    if (*n == MAX_WINDOWS) return SIM_FAIL(SIM_ERR_USAGE, "validate: at most %d %s options", MAX_WINDOWS, option);
    if (cfg_parse_date(text, &list[*n]) != SIM_OK) {
        sim_error_clear();
        return SIM_FAIL(SIM_ERR_USAGE, "validate: %s: expected a date YYYY-MM-DD, got '%.40s'", option, text);
    }
    (*n)++;
    return SIM_OK;
}

static sim_status parse_options(int argc, char **argv, val_opts *o, int *help)
{
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'}, {"observed", required_argument, 0, 'O'},
        {"weekly", required_argument, 0, 'W'}, {"deaths", required_argument, 0, 'D'},
        {"from", required_argument, 0, 'F'},   {"to", required_argument, 0, 'T'},
        {"scenario", required_argument, 0, 'S'}, {"force", no_argument, 0, 'f'},
        {"quiet", no_argument, 0, 'q'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
    };
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:fqh", opts, NULL)) != -1) {
        switch (c) {
        case 'o': o->dir = optarg; break;
        case 'O': o->daily = optarg; break;
        case 'W': o->weekly = optarg; break;
        case 'D': o->deaths = optarg; break;
        case 'F': SIM_CHECK(add_date("--from", optarg, o->from, &o->nfrom)); break;
        case 'T': SIM_CHECK(add_date("--to", optarg, o->to, &o->nto)); break;
        case 'S': SIM_CHECK(cli_list_add(&o->only, optarg)); break;
        case 'f': o->force = 1; break;
        case 'q': o->quiet = 1; break;
        case 'h': *help = 1; return SIM_OK;
        default:
            return SIM_FAIL(SIM_ERR_USAGE, "validate: unknown or incomplete option '%s' (see chansim validate --help)",
                            argv[optind - 1]);
        }
    }
    if (optind != argc - 1)
        return SIM_FAIL(SIM_ERR_USAGE, "validate: expected exactly one RESULTS.h5 file (see chansim validate --help)");
    if (!o->dir) return SIM_FAIL(SIM_ERR_USAGE, "validate: -o DIR is required (see chansim validate --help)");
    if ((o->nfrom > 1 || o->nto > 1) && o->nfrom != o->nto)
        return SIM_FAIL(SIM_ERR_USAGE, "validate: %d --from and %d --to: several windows need one of each per window",
                        o->nfrom, o->nto);
    return SIM_OK;
}

/*
 * Find the observed files: each one named is required; one not named is looked for
 * beside a named one (the daily file beside --weekly or --deaths; the weekly and deaths
 * files beside the daily file) and left out if absent.
 */
static sim_status resolve_files(val_opts *o, char *dbuf, char *wbuf, char *xbuf, size_t size)
{
    if (!o->daily) {
        const char *anchor = o->weekly ? o->weekly : o->deaths;
        if (anchor) {
            if (!beside(anchor, OBS_DAILY_FILE, dbuf, size))
                return SIM_FAIL(SIM_ERR_USAGE, "validate: no --observed and no '%s' beside '%s'", dbuf, anchor);
            o->daily = dbuf;
        } else { /* the shipped record (datadir.h): works from any directory once installed */
            char *shipped = NULL;
            SIM_CHECK(datadir_path("data/" OBS_DAILY_FILE, &shipped));
            int n = snprintf(dbuf, size, "%s", shipped);
            free(shipped);
            if (n < 0 || (size_t)n >= size) return SIM_FAIL(SIM_ERR_USAGE, "validate: data directory path too long");
            o->daily = dbuf;
        }
    }
    if (!o->weekly && beside(o->daily, OBS_WEEKLY_FILE, wbuf, size)) o->weekly = wbuf;
    if (!o->deaths && beside(o->daily, OBS_DEATHS_FILE, xbuf, size)) o->deaths = xbuf;
    return SIM_OK;
}

/* Check the windows against each other and the record: not reversed, inside the record, not overlapping. */
static sim_status check_windows(const val_opts *o, const obs_record *obs)
{
    int r0 = obs->first_day, r1 = obs->first_day + obs->days - 1;
    char a[32], b[32], c[32], d[32];
    cfg_format_date(r0, c, sizeof c);
    cfg_format_date(r1, d, sizeof d);
    for (int i = 0; i < o->nfrom; i++) {
        cfg_format_date(o->from[i], a, sizeof a);
        if (o->from[i] < r0 || o->from[i] > r1)
            return SIM_FAIL(SIM_ERR_USAGE, "validate: --from %s is outside the record (%s covers %s .. %s): no data", a,
                            obs->daily_path, c, d);
    }
    for (int i = 0; i < o->nto; i++) {
        cfg_format_date(o->to[i], a, sizeof a);
        if (o->to[i] < r0 || o->to[i] > r1)
            return SIM_FAIL(SIM_ERR_USAGE, "validate: --to %s is outside the record (%s covers %s .. %s): no data", a,
                            obs->daily_path, c, d);
    }
    int n = o->nfrom > o->nto ? o->nfrom : o->nto;
    for (int i = 0; i < n; i++) {
        int f = o->nfrom ? o->from[i] : r0, t = o->nto ? o->to[i] : r1;
        cfg_format_date(f, a, sizeof a);
        cfg_format_date(t, b, sizeof b);
        if (f > t) return SIM_FAIL(SIM_ERR_USAGE, "validate: window %d: --from %s is after --to %s", i + 1, a, b);
        for (int j = 0; j < i; j++) {
            int f2 = o->from[j], t2 = o->to[j]; /* several windows: both lists are full */
            if (f <= t2 && f2 <= t) {
                cfg_format_date(f2, c, sizeof c);
                cfg_format_date(t2, d, sizeof d);
                return SIM_FAIL(SIM_ERR_USAGE, "validate: windows %d (--from %s --to %s) and %d (--from %s --to %s) overlap",
                                j + 1, c, d, i + 1, a, b);
            }
        }
    }
    return SIM_OK;
}

/* Validate and score one scenario on every window. */
static sim_status validate_one(const sim_results *res, const obs_record *obs, const val_opts *o, val_table *t,
                               vs_table *vt)
{
    static const int kinds[PER_KINDS] = {1, 1, 1};
    int s0 = res->start_day, s1 = res->start_day + res->days; /* [s0, s1) */
    int r0 = obs->first_day, r1 = obs->first_day + obs->days;
    int n = o->nfrom > o->nto ? o->nfrom : o->nto;
    if (n == 0) n = 1;
    for (int i = 0; i < n; i++) {
        int first = o->nfrom ? o->from[i] : (s0 > r0 ? s0 : r0);
        int end = o->nto ? o->to[i] + 1 : (s1 < r1 ? s1 : r1);
        char a[32], b[32], c[32], d[32];
        cfg_format_date(first, a, sizeof a);
        cfg_format_date(end - 1, b, sizeof b);
        cfg_format_date(s0, c, sizeof c);
        cfg_format_date(s1 - 1, d, sizeof d);
        if (end <= first || end <= s0 || first >= s1)
            return SIM_FAIL(SIM_ERR_CONFIG, "scenario '%s' (%s .. %s) has no day in the window %s .. %s with the record",
                            res->name, c, d, a, b);
        vs_frame frame = {.origin = VS_ORIGIN_PERIOD};
        snprintf(frame.scenario, sizeof frame.scenario, "%s", res->name);
        snprintf(frame.window, sizeof frame.window, "%s..%s", a, b);
        SIM_CHECK(validate_scenario(res, obs, first, end, frame.window, t));
        SIM_CHECK(vs_score(res, obs, &frame, first, end, kinds, vt));
    }
    return SIM_OK;
}

/* DIR/name into out, refusing an existing file without --force. */
static sim_status output_path(const val_opts *o, const char *name, char *out, size_t size)
{
    if ((size_t)snprintf(out, size, "%s/%s", o->dir, name) >= size)
        return SIM_FAIL(SIM_ERR_USAGE, "validate: output directory name too long");
    if (!o->force && access(out, F_OK) == 0) return SIM_FAIL(SIM_ERR_EXISTS, "output '%s' exists; use --force to overwrite", out);
    return SIM_OK;
}

static int wanted(const val_opts *o, const char *name)
{
    if (o->only.n == 0) return 1;
    for (size_t i = 0; i < o->only.n; i++)
        if (strcmp(name, o->only.items[i]) == 0) return 1;
    return 0;
}

static sim_status validate_run(val_opts *o, const char *results)
{
    char dbuf[4096], wbuf[4096], xbuf[4096], csv[4096], scores[4096], skill[4096];
    SIM_CHECK(resolve_files(o, dbuf, wbuf, xbuf, sizeof dbuf));
    SIM_CHECK(output_path(o, "validation.csv", csv, sizeof csv));
    SIM_CHECK(output_path(o, "scores.csv", scores, sizeof scores));
    SIM_CHECK(output_path(o, "skill.csv", skill, sizeof skill));

    obs_record *obs = NULL;
    char **names = NULL;
    size_t nnames = 0;
    val_table t = {0};
    vs_table vt = {0};
    sim_status st = obs_load(o->daily, o->weekly, o->deaths, &obs);
    if (st == SIM_OK) st = check_windows(o, obs);
    if (st == SIM_OK) st = out_list_scenarios(results, &names, &nnames);
    if (st == SIM_OK && nnames == 0) st = SIM_FAIL(SIM_ERR_CONFIG, "'%s' holds no scenario", results);
    for (size_t i = 0; st == SIM_OK && i < o->only.n; i++) {
        int found = 0;
        for (size_t k = 0; k < nnames; k++) found |= strcmp(names[k], o->only.items[i]) == 0;
        if (!found) st = SIM_FAIL(SIM_ERR_USAGE, "validate: no scenario '%s' in '%s'", o->only.items[i], results);
    }
    for (size_t k = 0; st == SIM_OK && k < nnames; k++) {
        if (!wanted(o, names[k])) continue;
        sim_results *res = NULL;
        st = out_read_scenario(results, names[k], scenario_metric_set(), &res);
        if (st == SIM_OK) st = validate_one(res, obs, o, &t, &vt);
        results_destroy(&res);
    }
    if (st == SIM_OK) st = ensure_dir(o->dir);
    if (st == SIM_OK) st = validate_write_csv(&t, csv, o->force);
    if (st == SIM_OK) st = vs_write_scores_csv(&vt, scores, o->force);
    if (st == SIM_OK) st = vs_write_skill_csv(&vt, skill, o->force);
    if (st == SIM_OK && !o->quiet) {
        printf("observed: %s%s%s%s%s\n", o->daily, o->weekly ? ", " : "", o->weekly ? o->weekly : "",
               o->deaths ? ", " : "", o->deaths ? o->deaths : "");
        if (!o->weekly) printf("  (no weekly file: no prevention share)\n");
        if (!o->deaths) printf("  (no deaths file: no deaths)\n");
        validate_print(&t, stdout);
        vs_print(&vt, stdout);
        printf("wrote %s (%zu rows), %s (%zu rows), %s (%zu rows)\n", csv, t.n, scores, vt.n, skill, vt.nskill);
    }
    val_table_free(&t);
    vs_table_free(&vt);
    out_free_names(&names, nnames);
    obs_destroy(&obs);
    return st;
}

int cmd_validate(int argc, char **argv)
{
    int help = 0;
    val_opts o = {0};
    sim_status st = parse_options(argc, argv, &o, &help);
    if (st == SIM_OK && help) {
        fputs(validate_usage, stdout);
        cli_list_free(&o.only);
        return CLI_EXIT_OK;
    }
    if (st == SIM_OK) st = validate_run(&o, argv[optind]);
    cli_list_free(&o.only);
    return cli_report(st);
}
