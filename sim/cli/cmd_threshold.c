/**
 * @file cmd_threshold.c
 * @brief `chansim threshold SWEEP.h5 -o DIR`: where a deterrent bites, from a sweep of
 *        a removal or return lever crossed with deterrence strength (threshold.h).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sim/cli/cli.h"
#include "sim/engine/number.h"
#include "sim/engine/atomic_file.h"
#include "sim/experiments/sweep_output.h"
#include "sim/experiments/threshold.h"
#include "sim/run/scenario.h"

static const char threshold_usage[] =
    "Usage: chansim threshold SWEEP.h5 -o DIR [--lever NAME] [--by NAME] [--share removal|return] [--fall F]\n"
    "\n"
    "Where a deterrent bites. From a sweep of a removal or return lever (e.g. Rwanda capacity,\n"
    "the pilot's weekly cap) crossed with deterrence strength, write DIR/threshold.csv: for each\n"
    "value of the --by parameter, the smallest realised share (removed or returned / arrivals)\n"
    "at which arrivals fall by at least F (default 0.10) from the no-scheme point (the lowest\n"
    "lever value), and the share at which the scheme's cost is repaid by what it saves (the\n"
    "paired change in total public cost reaches 0), each with a 95% interval from the\n"
    "replications (NA: not reached in the sweep); and DIR/threshold_points.csv with every\n"
    "point's share and paired changes. Figures of outcomes against the realised share:\n"
    "chansim plot SWEEP.h5.\n"
    "\n"
    "  -o, --output DIR    directory for the CSV files (created if missing)\n"
    "      --lever NAME    the swept lever (default: the parameter with more values)\n"
    "      --by NAME       the grouping parameter (default: the other one)\n"
    "      --share KIND    removal (offshore removals) or return (all returns); default: removal\n"
    "                      if the sweep removed anyone, else return\n"
    "      --fall F        the fall in arrivals sought, 0 < F < 1 (default 0.10)\n"
    "  -h, --help          this help\n";

static int column_of(const sweep_table *t, const char *name)
{
    for (int j = 0; j < t->nparams; j++)
        if (strcmp(t->names[j], name) == 0) return j;
    return -1;
}

static size_t distinct(const sweep_table *t, int col)
{
    size_t n = 0;
    for (size_t i = 0; i < t->npoints; i++) {
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++)
            seen = t->design[k * (size_t)t->nparams + (size_t)col] == t->design[i * (size_t)t->nparams + (size_t)col];
        n += !seen;
    }
    return n;
}

static void csv_num(FILE *fp, double v)
{
    if (isnan(v)) fputs(",NA", fp);
    else fprintf(fp, ",%.6g", v);
}

static sim_status write_csv(const char *dir, const sweep_table *t, const threshold_result *r)
{
    char path[1024];
    atomic_file af = {0};
    const char *by = r->group_col >= 0 ? t->names[r->group_col] : "";
    const char *lever = t->names[r->lever_col], *kind = r->share == THRESHOLD_REMOVAL ? "removal" : "return";
    snprintf(path, sizeof path, "%s/threshold.csv", dir);
    SIM_CHECK(atomic_open(&af, path));
    fprintf(af.fp, "by,by_value,lever,share_kind,reference_lever,reference_arrivals,fall,share_at_fall,share_at_fall_lo,"
                   "share_at_fall_hi,share_at_breakeven,share_at_breakeven_lo,share_at_breakeven_hi\n");
    for (size_t g = 0; g < r->ngroups; g++) {
        const threshold_group *G = &r->groups[g];
        fprintf(af.fp, "%s,%.6g,%s,%s", by, G->value, lever, kind);
        csv_num(af.fp, G->reference_lever);
        csv_num(af.fp, G->reference_arrivals);
        csv_num(af.fp, r->fall);
        /* The interval's ends: the optimistic end crosses first (the interval's low share). */
        csv_num(af.fp, G->fall_share);
        csv_num(af.fp, G->fall_lo);
        csv_num(af.fp, G->fall_hi);
        csv_num(af.fp, G->breakeven_share);
        csv_num(af.fp, G->breakeven_lo);
        csv_num(af.fp, G->breakeven_hi);
        fputc('\n', af.fp);
    }
    SIM_CHECK(atomic_commit(&af));
    snprintf(path, sizeof path, "%s/threshold_points.csv", dir);
    SIM_CHECK(atomic_open(&af, path));
    fprintf(af.fp, "by,by_value,lever,lever_value,share,arrivals_change,arrivals_change_lo,arrivals_change_hi,"
                   "cost_change_gbp,cost_change_lo,cost_change_hi\n");
    for (size_t g = 0; g < r->ngroups; g++)
        for (size_t i = 0; i < r->groups[g].npoints; i++) {
            const threshold_point *p = &r->groups[g].points[i];
            fprintf(af.fp, "%s,%.6g,%s,%.6g", by, r->groups[g].value, lever, p->lever);
            double v[] = {p->share, p->change, p->change_lo, p->change_hi, p->dcost, p->dcost_lo, p->dcost_hi};
            for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) csv_num(af.fp, v[k]);
            fputc('\n', af.fp);
        }
    return atomic_commit(&af);
}

int cmd_threshold(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'}, {"lever", required_argument, 0, 'L'},
        {"by", required_argument, 0, 'B'},     {"share", required_argument, 0, 'S'},
        {"fall", required_argument, 0, 'F'},   {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    const char *dir = NULL, *lever = NULL, *by = NULL, *kind = NULL;
    double fall = 0.10;
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': dir = optarg; break;
        case 'L': lever = optarg; break;
        case 'B': by = optarg; break;
        case 'S': kind = optarg; break;
        case 'F':
            if (num_parse(optarg, &fall) != NUM_OK || !(fall > 0 && fall < 1))
                return cli_report(SIM_FAIL(SIM_ERR_USAGE, "--fall: expected a number between 0 and 1, got '%s'", optarg));
            break;
        case 'h': fputs(threshold_usage, stdout); return CLI_EXIT_OK;
        default:
            return cli_report(SIM_FAIL(SIM_ERR_USAGE, "threshold: unknown or incomplete option '%s'", argv[optind - 1]));
        }
    }
    if (optind != argc - 1 || !dir)
        return cli_report(SIM_FAIL(SIM_ERR_USAGE, "threshold: expected SWEEP.h5 and -o DIR (see chansim threshold --help)"));
    if (kind && strcmp(kind, "removal") != 0 && strcmp(kind, "return") != 0)
        return cli_report(SIM_FAIL(SIM_ERR_USAGE, "--share: expected removal or return, got '%s'", kind));
    sweep_table *t = NULL;
    threshold_result *r = NULL;
    sim_status st = sweep_table_read(argv[optind], scenario_metric_set(), &t);
    int lc = -1, gc = -1;
    if (st == SIM_OK && (t->nparams < 1 || t->nparams > 2))
        st = SIM_FAIL(SIM_ERR_CONFIG, "'%s' sweeps %d parameters; threshold needs a lever and at most one grouping "
                                      "parameter", argv[optind], t->nparams);
    if (st == SIM_OK) {
        lc = lever ? column_of(t, lever) : (t->nparams == 2 && distinct(t, 1) > distinct(t, 0) ? 1 : 0);
        gc = by ? column_of(t, by) : (t->nparams == 2 ? 1 - lc : -1);
        if (lc < 0 || (by && gc < 0) || lc == gc)
            st = SIM_FAIL(SIM_ERR_USAGE, "--lever/--by: '%s' does not name a swept parameter of '%s'",
                          lc < 0 ? lever : by, argv[optind]);
    }
    threshold_share share = THRESHOLD_REMOVAL;
    if (st == SIM_OK) {
        if (kind) share = strcmp(kind, "removal") == 0 ? THRESHOLD_REMOVAL : THRESHOLD_RETURN;
        else {
            int col = -1;
            st = metric_set_lookup(t->metrics, METRIC_WEEKLY, "removed", &col);
            double removed = 0;
            size_t nm = (size_t)t->metrics->nweekly;
            for (size_t i = 0; st == SIM_OK && i < t->npoints * (size_t)t->reps; i++)
                removed += t->totals[i * nm + (size_t)col];
            share = removed > 0 ? THRESHOLD_REMOVAL : THRESHOLD_RETURN;
        }
        if (st == SIM_OK) st = threshold_analyse(t, lc, gc, share, fall, &r);
    }
    if (st == SIM_OK && mkdir(dir, 0777) != 0 && errno != EEXIST)
        st = SIM_FAIL(SIM_ERR_IO, "cannot create '%s': %s", dir, strerror(errno));
    if (st == SIM_OK) st = write_csv(dir, t, r);
    if (st == SIM_OK) printf("wrote %s/threshold.csv and %s/threshold_points.csv\n", dir, dir);
    threshold_result_destroy(&r);
    sweep_table_destroy(&t);
    return cli_report(st);
}
