/**
 * @file cmd_validate.c
 * @brief `chansim validate RESULTS.h5 -o DIR`: every scenario of a results file
 *        against the observed record on the same dates; prints a table and writes
 *        DIR/validation.csv (see validate.h for the rows).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/cli/cli.h"
#include "sim/io/observed.h"
#include "sim/io/output.h"
#include "sim/experiments/validate.h"

static const char validate_usage[] =
    "usage: chansim validate RESULTS.h5 -o DIR [--observed FILE] [--weekly FILE] [--deaths FILE]\n"
    "                        [--scenario NAME]... [--force] [--quiet]\n"
    "\n"
    "Compare simulated series with the observed record on the same dates: each year, each half\n"
    "year and each month (arrivals, boats, people per boat, days with arrivals, the French\n"
    "prevention share, deaths per year), and the fit of the monthly series (coverage of the 50%\n"
    "and 90% intervals, correlation). Prints a table; writes DIR/validation.csv with columns\n"
    "scenario,period,metric,observed,sim_mean,sim_q05,sim_q95,rel_error.\n"
    "\n"
    "  -o, --output DIR      output directory (created if missing)\n"
    "      --observed FILE   daily series (default data/" OBS_DAILY_FILE ")\n"
    "      --weekly FILE     weekly series with preventions (default: " OBS_WEEKLY_FILE " beside the daily file)\n"
    "      --deaths FILE     deaths per year (default: " OBS_DEATHS_FILE " beside the daily file)\n"
    "      --scenario NAME   validate only this scenario (repeatable; default: all in the file)\n"
    "  -f, --force           overwrite an existing validation.csv\n"
    "  -q, --quiet           no table\n"
    "  -h, --help            this help\n";

/* `name` beside `daily` (same directory), if it exists; otherwise "" (that part is skipped). */
static void beside(const char *daily, const char *name, char *out, size_t size)
{
    const char *slash = strrchr(daily, '/');
    if (slash) snprintf(out, size, "%.*s/%s", (int)(slash - daily), daily, name);
    else snprintf(out, size, "%s", name);
    if (access(out, R_OK) != 0) out[0] = '\0';
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

static sim_status validate_main(int argc, char **argv, int *help)
{
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'}, {"observed", required_argument, 0, 'O'},
        {"weekly", required_argument, 0, 'W'}, {"deaths", required_argument, 0, 'D'},
        {"scenario", required_argument, 0, 'S'}, {"force", no_argument, 0, 'f'},
        {"quiet", no_argument, 0, 'q'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
    };
    const char *dir = NULL, *daily = "data/" OBS_DAILY_FILE, *weekly = NULL, *deaths = NULL;
    int force = 0, quiet = 0, c;
    cli_list only = {0};
    sim_status st = SIM_OK;
    optind = 0;
    opterr = 0;
    while (st == SIM_OK && (c = getopt_long(argc, argv, "o:fqh", opts, NULL)) != -1) {
        switch (c) {
        case 'o': dir = optarg; break;
        case 'O': daily = optarg; break;
        case 'W': weekly = optarg; break;
        case 'D': deaths = optarg; break;
        case 'S': st = cli_list_add(&only, optarg); break;
        case 'f': force = 1; break;
        case 'q': quiet = 1; break;
        case 'h': *help = 1; cli_list_free(&only); return SIM_OK;
        default:
            st = SIM_FAIL(SIM_ERR_USAGE, "validate: unknown or incomplete option '%s' (see chansim validate --help)",
                          argv[optind - 1]);
        }
    }
    if (st == SIM_OK && optind != argc - 1)
        st = SIM_FAIL(SIM_ERR_USAGE, "validate: expected exactly one RESULTS.h5 file (see chansim validate --help)");
    if (st == SIM_OK && !dir) st = SIM_FAIL(SIM_ERR_USAGE, "validate: -o DIR is required (see chansim validate --help)");
    if (st != SIM_OK) {
        cli_list_free(&only);
        return st;
    }
    const char *results = argv[optind];
    char wbuf[4096], dbuf[4096], csv[4096];
    if (!weekly) {
        beside(daily, OBS_WEEKLY_FILE, wbuf, sizeof wbuf);
        weekly = wbuf[0] ? wbuf : NULL;
    }
    if (!deaths) {
        beside(daily, OBS_DEATHS_FILE, dbuf, sizeof dbuf);
        deaths = dbuf[0] ? dbuf : NULL;
    }
    if ((size_t)snprintf(csv, sizeof csv, "%s/validation.csv", dir) >= sizeof csv)
        st = SIM_FAIL(SIM_ERR_USAGE, "validate: output directory name too long");
    if (st == SIM_OK && !force && access(csv, F_OK) == 0)
        st = SIM_FAIL(SIM_ERR_EXISTS, "output '%s' exists; use --force to overwrite", csv);

    obs_record *obs = NULL;
    char **names = NULL;
    size_t nnames = 0;
    val_table t = {0};
    if (st == SIM_OK) st = obs_load(daily, weekly, deaths, &obs);
    if (st == SIM_OK) st = out_list_scenarios(results, &names, &nnames);
    if (st == SIM_OK && nnames == 0) st = SIM_FAIL(SIM_ERR_CONFIG, "'%s' holds no scenario", results);
    for (size_t i = 0; st == SIM_OK && i < only.n; i++) {
        int found = 0;
        for (size_t k = 0; k < nnames; k++) found |= strcmp(names[k], only.items[i]) == 0;
        if (!found) st = SIM_FAIL(SIM_ERR_USAGE, "validate: no scenario '%s' in '%s'", only.items[i], results);
    }
    for (size_t k = 0; st == SIM_OK && k < nnames; k++) {
        int wanted = only.n == 0;
        for (size_t i = 0; i < only.n; i++) wanted |= strcmp(names[k], only.items[i]) == 0;
        if (!wanted) continue;
        sim_results *res = NULL;
        st = out_read_scenario(results, names[k], &res);
        if (st == SIM_OK) st = validate_scenario(res, obs, &t);
        results_destroy(&res);
    }
    if (st == SIM_OK) st = ensure_dir(dir);
    if (st == SIM_OK) st = validate_write_csv(&t, csv, force);
    if (st == SIM_OK && !quiet) {
        printf("observed: %s%s%s%s%s\n", daily, weekly ? ", " : "", weekly ? weekly : "", deaths ? ", " : "",
               deaths ? deaths : "");
        if (!weekly) printf("  (no weekly file: no prevention share)\n");
        if (!deaths) printf("  (no deaths file: no deaths)\n");
        validate_print(&t, stdout);
        printf("wrote %s (%zu rows)\n", csv, t.n);
    }
    val_table_free(&t);
    out_free_names(&names, nnames);
    obs_destroy(&obs);
    cli_list_free(&only);
    return st;
}

int cmd_validate(int argc, char **argv)
{
    int help = 0;
    sim_status st = validate_main(argc, argv, &help);
    if (help) {
        fputs(validate_usage, stdout);
        return CLI_EXIT_OK;
    }
    return cli_report(st);
}
