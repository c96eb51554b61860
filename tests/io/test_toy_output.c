/**
 * @file test_toy_output.c
 * @brief Results files for a model the I/O layer does not know: a toy metric set's
 *        results go through the writer, summaries, comparison, read-back and CSV
 *        export with its own dataset names, units and effects. Nothing here includes
 *        models/.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hdf5.h>

#include "sim/engine/atomic_file.h"
#include "sim/engine/compare.h"
#include "sim/io/compare_io.h"
#include "sim/engine/results.h"
#include "sim/engine/summary.h"
#include "sim/io/export.h"
#include "sim/io/output.h"
#include "tests/engine/toy_metrics.h"

enum { REPS = 3, DAYS = 10, T_START = 19723 /* 2024-01-01 */ };

/* Toy results: widgets, spend and temperature encode (rep, time); the scenario makes fewer widgets for more. */
static sim_results *toy(const char *name, int scenario)
{
    sim_results *r = NULL;
    cr_assert_eq(results_create(&toy_set, REPS, T_START, DAYS, toy_set.groups, &r), SIM_OK, "%s", sim_error_message());
    snprintf(r->name, sizeof r->name, "%s", name);
    r->seed = 7;
    snprintf(r->group_names[0], sizeof r->group_names[0], "north");
    snprintf(r->group_names[1], sizeof r->group_names[1], "south");
    for (int rep = 0; rep < REPS; rep++) {
        double *t = results_totals(r, rep), *w = results_weekly(r, rep);
        t[TOY_WIDGETS] = 100 + 10 * rep - (scenario ? 5 + rep : 0);
        t[TOY_BATCHES] = 10;
        t[TOY_SPEND] = 500 + (scenario ? 20 * (5 + rep) : 0);
        t[TOY_PER_BATCH] = t[TOY_WIDGETS] / t[TOY_BATCHES];
        for (int k = 0; k < r->weeks; k++)
            for (int m = 0; m < TOY_NWEEKLY; m++) w[k * TOY_NWEEKLY + m] = rep * 100.0 + k * 10.0 + m;
        for (int d = 0; d < DAYS; d++) results_daily(r, rep)[d] = 15 + rep + 0.5 * d;
        for (int i = 0; i < r->weeks * r->groups; i++) results_group_weekly(r, rep)[i] = rep + i;
    }
    r->config_text = strdup("[toy]\nwidgets = yes\n");
    cr_assert_not_null(r->config_text);
    return r;
}

typedef struct {
    char dir[64];
    char path[128];
    sim_results *base, *scen;
    cmp_result *cmp;
} fixture;

/* Write base and scenario with their comparison and provenance to dir/toy.h5. */
static void write_toy(fixture *fx)
{
    snprintf(fx->dir, sizeof fx->dir, "/tmp/chansim-toy-XXXXXX");
    cr_assert_not_null(mkdtemp(fx->dir));
    snprintf(fx->path, sizeof fx->path, "%s/toy.h5", fx->dir);
    fx->base = toy("base", 0);
    fx->scen = toy("dearer", 1);
    cr_assert_eq(cmp_compute(fx->scen, fx->base, &fx->cmp), SIM_OK, "%s", sim_error_message());
    out_file *f = NULL;
    cr_assert_eq(out_open(fx->path, 0, &f), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(out_write_scenario(f, fx->base), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(out_write_scenario(f, fx->scen), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(cmp_write(out_file_handle(f), "base", &fx->cmp, 1), SIM_OK, "%s", sim_error_message());
    out_provenance p = {.command_line = "toy", .seed = 7, .reps = REPS, .threads = 1, .mpi_procs = 1, .host = "h"};
    const sim_results *both[2] = {fx->base, fx->scen};
    cr_assert_eq(out_write_provenance(f, &p, both, 2), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(out_commit(&f), SIM_OK, "%s", sim_error_message());
}

static void free_toy(fixture *fx)
{
    cmp_destroy(&fx->cmp);
    results_destroy(&fx->base);
    results_destroy(&fx->scen);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    cr_expect_eq(system(cmd), 0);
}

static int exists(hid_t f, const char *path) { return H5Lexists(f, path, H5P_DEFAULT) > 0; }

Test(toy_output, datasets_are_named_by_the_set)
{
    fixture fx;
    write_toy(&fx);
    hid_t f = H5Fopen(fx.path, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(f, 0);
    cr_expect(exists(f, "/scenarios/base/weekly/per_batch"));
    cr_expect(exists(f, "/scenarios/base/totals/spend"));
    cr_expect(exists(f, "/scenarios/base/daily/temperature"));
    cr_expect(exists(f, "/scenarios/base/groups/widgets"));
    cr_expect(exists(f, "/scenarios/base/summary/totals/widgets"));
    cr_expect(exists(f, "/comparison/dearer/totals/spend"));
    cr_expect(exists(f, "/comparison/dearer/spend_per_widget_saved"));
    cr_expect(!exists(f, "/scenarios/base/weekly/arrivals"), "no Channel-model output in a toy file");
    cr_expect(!exists(f, "/comparison/dearer/cost_per_crossing_prevented"));
    hid_t d = H5Dopen2(f, "/scenarios/base/weekly/spend", H5P_DEFAULT), a = H5Aopen(d, "units", H5P_DEFAULT);
    hid_t t = H5Aget_type(a);
    char *unit = NULL;
    cr_assert_geq(H5Aread(a, t, &unit), 0);
    cr_expect_str_eq(unit, "EUR");
    H5free_memory(unit);
    H5Tclose(t);
    H5Aclose(a);
    H5Dclose(d);
    H5Fclose(f);
    free_toy(&fx);
}

Test(toy_output, read_back_summaries_and_comparison)
{
    fixture fx;
    write_toy(&fx);
    sim_results *b = NULL;
    cr_assert_eq(out_read_scenario(fx.path, "dearer", &toy_set, &b), SIM_OK, "%s", sim_error_message());
    cr_expect_eq(b->metrics, &toy_set);
    cr_expect_eq(b->groups, 2);
    cr_expect_str_eq(b->group_names[1], "south");
    cr_expect_arr_eq(b->totals, fx.scen->totals, sizeof(double) * REPS * TOY_NWEEKLY);
    cr_expect_arr_eq(b->weekly, fx.scen->weekly, sizeof(double) * REPS * 2 * TOY_NWEEKLY);
    cr_expect_arr_eq(b->daily, fx.scen->daily, sizeof(double) * REPS * DAYS);
    cr_expect_arr_eq(b->group_weekly, fx.scen->group_weekly, sizeof(double) * REPS * 2 * 2);
    results_destroy(&b);

    out_summary *s = NULL;
    cr_assert_eq(out_read_summary(fx.path, "base", &toy_set, &s), SIM_OK, "%s", sim_error_message());
    double want[SUMMARY_COUNT];
    cr_assert_eq(summary_stats(fx.base->totals + TOY_SPEND, REPS, TOY_NWEEKLY, want), SIM_OK);
    cr_expect_arr_eq(s->totals[TOY_SPEND], want, sizeof want);
    cr_expect_float_eq(s->totals[TOY_WIDGETS][S_MEAN], 110, 1e-12);
    cr_expect_float_eq(s->weekly[(1 * TOY_NWEEKLY + TOY_SPEND) * SUMMARY_COUNT + S_MEAN], 100 + 10 + TOY_SPEND, 1e-12);
    out_summary_destroy(&s);

    cmp_result **list = NULL;
    size_t n = 0;
    cr_assert_eq(cmp_read_totals(fx.path, &toy_set, &list, &n), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(n, 1);
    cr_expect_str_eq(list[0]->baseline, "base");
    cr_expect_arr_eq(list[0]->totals, fx.cmp->totals, sizeof(double) * TOY_NWEEKLY * CMP_COUNT);
    /* 20 EUR more spent per widget fewer in every replication. */
    cr_expect_float_eq(list[0]->effects[0][CMP_MEAN], 20.0, 1e-9);
    cmp_free_list(&list, n);
    free_toy(&fx);
}

Test(toy_output, a_metric_the_file_lacks_reads_as_nan)
{
    fixture fx;
    write_toy(&fx);
    static const sim_metric more[] = {
        {"widgets", "widgets", METRIC_FLOW, -1, -1, "Widgets made", NULL},
        {"gadgets", "gadgets", METRIC_FLOW, -1, -1, "Gadgets", NULL},
    };
    sim_metric_set grown = toy_set;
    grown.weekly = more;
    grown.nweekly = 2;
    grown.effects = NULL;
    grown.neffects = 0;
    grown.headline = NULL;
    grown.nheadline = 0;
    grown.compare = NULL;
    grown.ncompare = 0;
    sim_results *b = NULL;
    cr_assert_eq(out_read_scenario(fx.path, "base", &grown, &b), SIM_OK, "%s", sim_error_message());
    cr_expect_eq(results_totals(b, 1)[0], 110);
    cr_expect(isnan(results_totals(b, 1)[1]), "gadgets is not in the file");
    results_destroy(&b);
    free_toy(&fx);
}

Test(toy_output, csv_export_lists_the_sets_metrics_and_effects)
{
    fixture fx;
    write_toy(&fx);
    char out[128], file[192];
    snprintf(out, sizeof out, "%s/csv", fx.dir);
    atomic_dir d;
    cr_assert_eq(atomic_dir_open(&d, out, 0), SIM_OK, "%s", sim_error_message());
    export_ctx x;
    export_ctx_init(&x, &d);
    cr_assert_eq(export_results(&x, fx.path, &toy_set), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(export_columns_write(&x), SIM_OK, "%s", sim_error_message());
    export_ctx_free(&x);
    cr_assert_eq(atomic_dir_commit(&d), SIM_OK, "%s", sim_error_message());
    char line[4096];
    snprintf(file, sizeof file, "%s/weekly.csv", out);
    FILE *fp = fopen(file, "r");
    cr_assert_not_null(fp);
    cr_assert_not_null(fgets(line, sizeof line, fp));
    cr_expect_str_eq(line, "scenario,replication,week_start,week_ending,week_days,partial_week,widgets,batches,spend,"
                           "per_batch\n");
    fclose(fp);
    snprintf(file, sizeof file, "%s/summary.csv", out);
    fp = fopen(file, "r");
    cr_assert_not_null(fp);
    int rows = 0;
    while (fgets(line, sizeof line, fp)) rows++;
    fclose(fp);
    cr_expect_eq(rows, 1 + 2 * TOY_NWEEKLY);
    snprintf(file, sizeof file, "%s/comparison.csv", out);
    fp = fopen(file, "r");
    cr_assert_not_null(fp);
    int effect_rows = 0;
    rows = 0;
    while (fgets(line, sizeof line, fp)) {
        rows++;
        effect_rows += strncmp(line, "dearer,base,spend_per_widget_saved,EUR/widget,20", 48) == 0;
    }
    fclose(fp);
    cr_expect_eq(rows, 1 + TOY_NWEEKLY + 1);
    cr_expect_eq(effect_rows, 1);
    /* The dictionary takes the set's own names and units. */
    snprintf(file, sizeof file, "%s/columns.csv", out);
    fp = fopen(file, "r");
    cr_assert_not_null(fp);
    int spend = 0;
    while (fgets(line, sizeof line, fp)) spend += strncmp(line, "daily.csv,temperature,C,", 24) == 0;
    fclose(fp);
    cr_expect_eq(spend, 1, "daily.csv's temperature column is not described once");
    free_toy(&fx);
}
