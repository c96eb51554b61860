/**
 * @file test_ensemble.c
 * @brief Posterior ensembles ([run] ensemble): the file reader and its errors, which
 *        keys a scenario lets the draws vary, and a run whose replication r equals a
 *        plain run with draw r's values.
 *
 * Fixtures are written into a scratch directory. The ensembles name the repository's
 * configs/calibration/calibrated.ini, which the tiny scenario gets its calibrated keys
 * from (tiny_scenario.ini -> baseline.ini -> calibrated.ini).
 */
#include <criterion/criterion.h>

#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/run/ensemble.h"
#include "sim/run/scenario.h"
#include "tests/support.h"

static char *scratch;
static char cwd[512];

static void make_scratch(void)
{
    scratch = sup_tmpdir();
    cr_assert_not_null(getcwd(cwd, sizeof cwd));
}

static void drop_scratch(void)
{
    sup_rmtree(scratch);
    free(scratch);
}

TestSuite(ensemble, .init = make_scratch, .fini = drop_scratch, .timeout = 60);

/* Write `name` in scratch; returns its path (caller frees). */
static char *write_scratch(const char *name, const char *text)
{
    char *path = malloc(1024);
    snprintf(path, 1024, "%s/%s", scratch, name);
    sup_write_file(path, text);
    return path;
}

/* Two draws of giveup_rate (a calibrated key) and max_load (not in calibrated.ini). */
static char *write_two_draws(void)
{
    char text[2048];
    snprintf(text, sizeof text,
             "; test ensemble\ncalibrated = %s/configs/calibration/calibrated.ini\n\n"
             "[draw 1]\nmigrants.giveup_rate = 0.004\ngangs.max_load = 70\n\n"
             "[draw 2]\nmigrants.giveup_rate = 0.006\ngangs.max_load = 75\n",
             cwd);
    return write_scratch("ens.ini", text);
}

static char *write_scenario(const char *ensemble_line)
{
    char text[2048];
    snprintf(text, sizeof text, "extends = %s/tests/data/calib/tiny_scenario.ini\n[scenario]\nname = tiny_ens\n"
                                "[run]\nreplications = 3\n%s\n",
             cwd, ensemble_line);
    return write_scratch("scenario.ini", text);
}

Test(ensemble, file_reads)
{
    char *path = write_two_draws();
    ensemble *e = NULL;
    cr_assert_eq(ens_load(path, &e), SIM_OK, "%s", sim_error_message());
    cr_expect_eq(e->ndraws, 2);
    cr_expect_eq(e->nkeys, 2);
    cr_expect_str_eq(e->keys[0], "migrants.giveup_rate");
    cr_expect_str_eq(e->keys[1], "gangs.max_load");
    cr_expect_str_eq(e->values[1 * 2 + 0], "0.006");
    cr_expect_str_eq(e->values[1 * 2 + 1], "75");
    cr_expect(strstr(e->calibrated, "configs/calibration/calibrated.ini") != NULL, "%s", e->calibrated);
    cr_expect(strstr(e->text, "; test ensemble") == e->text, "the whole text is kept for provenance");
    ens_destroy(&e);
    cr_expect_null(e);
    free(path);
}

static void expect_error(const char *text, const char *needle)
{
    char *path = write_scratch("bad.ini", text);
    ensemble *e = NULL;
    sim_error_clear();
    cr_expect_neq(ens_load(path, &e), SIM_OK, "accepted: %s", text);
    cr_expect_null(e);
    cr_expect(strstr(sim_error_message(), needle) != NULL, "message '%s' should contain '%s'", sim_error_message(),
              needle);
    sim_error_clear();
    free(path);
}

Test(ensemble, bad_files_name_file_and_line)
{
    expect_error("[draw 1]\na.b = 1\n", "bad.ini: calibrated: missing");
    expect_error("calibrated = c.ini\nseed = 3\n", "bad.ini:2: seed: unknown key");
    expect_error("calibrated = c.ini\n[sample 1]\na.b = 1\n", "bad.ini:3: [sample 1]: expected a section [draw N]");
    expect_error("calibrated = c.ini\n[draw 2]\na.b = 1\n", "bad.ini:3: [draw 2]: expected [draw 1]");
    expect_error("calibrated = c.ini\n[draw 1]\na.b = 1\nc.d = 2\n[draw 2]\nc.d = 1\na.b = 2\n",
                 "bad.ini:6: [draw 2] c.d: expected a.b here");
    expect_error("calibrated = c.ini\n[draw 1]\na.b = 1\nc.d = 2\n[draw 2]\na.b = 2\n", "has 1 keys, the first draw 2");
    expect_error("calibrated = c.ini\n[draw 1]\na.b = 1\na.b = 2\n", "bad.ini:4: [draw 1] a.b: given twice");
    expect_error("calibrated = c.ini\n", "no [draw N] with keys");
    expect_error("calibrated = c.ini\ncalibrated = d.ini\n", "bad.ini:2: calibrated: given twice");
    expect_error("calibrated = c.ini\n[draw 1\n", "syntax error");
    ensemble *e = NULL;
    cr_expect_eq(ens_load("/nonexistent/ens.ini", &e), SIM_ERR_IO);
    cr_expect(strstr(sim_error_message(), "/nonexistent/ens.ini") != NULL, "%s", sim_error_message());
    sim_error_clear();
}

/* Only keys whose value comes from the named calibrated config vary; the rest keep the scenario's value. */
Test(ensemble, draws_vary_the_calibrated_keys_only)
{
    char *ens = write_two_draws(), *path = write_scenario("ensemble = ens.ini");
    scenario *plain = sup_load(path, (const char *const[]){"run.ensemble=none", NULL});
    scenario *s = sup_load(path, NULL);
    cr_assert_eq(s->ndraws, 2);
    cr_expect_eq(plain->ndraws, 0);
    cr_expect_eq(s->draws[0].migrants.giveup_rate, 0.004);
    cr_expect_eq(s->draws[1].migrants.giveup_rate, 0.006);
    cr_expect_eq(s->draws[0].gangs.max_load, plain->params.gangs.max_load, "max_load is not from calibrated.ini");
    cr_expect_eq(scenario_params_for(s, 2)->migrants.giveup_rate, 0.004, "replication 2 takes draw 0");
    cr_expect_eq(scenario_params_for(plain, 2), &plain->params);
    cr_expect(strstr(s->config_text, "; [run] ensemble: 2 draws from") != NULL, "provenance: %s", s->config_text);
    scenario_destroy(&s);
    scenario_destroy(&plain);

    /* Set by the user, the key is theirs: nothing is left for the draws to vary. */
    sim_error_clear();
    const char *sets[] = {"migrants.giveup_rate=0.005"};
    cr_expect_eq(scenario_load(path, sets, 1, NULL, &s), SIM_ERR_CONFIG);
    cr_expect(strstr(sim_error_message(), "none of the ensemble's keys") != NULL, "%s", sim_error_message());
    sim_error_clear();
    free(ens);
    free(path);
}

Test(ensemble, scenario_errors_name_where_the_ensemble_was_set)
{
    char *path = write_scenario("ensemble = missing.ini");
    scenario *s = NULL;
    sim_error_clear();
    cr_expect_eq(scenario_load(path, NULL, 0, NULL, &s), SIM_ERR_IO);
    cr_expect(strstr(sim_error_message(), "scenario.ini:6: [run] ensemble: cannot open ensemble file") != NULL, "%s",
              sim_error_message());
    sim_error_clear();
    free(path);
    /* An ensemble of another calibration: its calibrated config is not in the chain. */
    char *ens = write_scratch("other.ini", "calibrated = other_calibrated.ini\n[draw 1]\nmigrants.inflow_per_day = 1\n");
    free(write_scratch("other_calibrated.ini", "[migrants]\ninflow_per_day = 2\n"));
    path = write_scenario("ensemble = other.ini");
    cr_expect_eq(scenario_load(path, NULL, 0, NULL, &s), SIM_ERR_CONFIG);
    cr_expect(strstr(sim_error_message(), "none of the ensemble's keys takes its value from") != NULL, "%s",
              sim_error_message());
    sim_error_clear();
    free(ens);
    free(path);
}

static double *totals(const char *file, const char *scen, size_t *n)
{
    char dataset[256];
    snprintf(dataset, sizeof dataset, "/scenarios/%s/totals/arrivals", scen);
    hid_t f = H5Fopen(file, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert(f >= 0, "cannot open %s", file);
    hid_t d = H5Dopen2(f, dataset, H5P_DEFAULT);
    cr_assert(d >= 0, "no %s", dataset);
    hid_t sp = H5Dget_space(d);
    *n = (size_t)H5Sget_simple_extent_npoints(sp);
    double *v = malloc(*n * sizeof *v);
    cr_assert_geq(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v), 0);
    H5Sclose(sp);
    H5Dclose(d);
    H5Fclose(f);
    return v;
}

/*
 * Known answer: replication r of an ensemble run is exactly the plain run's
 * replication r with draw (r mod 2)'s values set by hand (same key, same parameters).
 */
Test(ensemble, replication_r_runs_draw_r)
{
    char *ens = write_two_draws(), *path = write_scenario("ensemble = ens.ini");
    sup_result r = sup_chansim(scratch, "OMP_NUM_THREADS=2", "run %s -o %s/ens.h5 -q", path, scratch);
    cr_assert_eq(r.status, 0, "%s", r.err);
    sup_result_free(&r);
    r = sup_chansim(scratch, NULL, "run %s --set run.ensemble=none --set migrants.giveup_rate=0.004 -o %s/d1.h5 -q",
                    path, scratch);
    cr_assert_eq(r.status, 0, "%s", r.err);
    sup_result_free(&r);
    r = sup_chansim(scratch, NULL, "run %s --set run.ensemble=none --set migrants.giveup_rate=0.006 -o %s/d2.h5 -q",
                    path, scratch);
    cr_assert_eq(r.status, 0, "%s", r.err);
    sup_result_free(&r);
    char f[3][1100];
    snprintf(f[0], sizeof f[0], "%s/ens.h5", scratch);
    snprintf(f[1], sizeof f[1], "%s/d1.h5", scratch);
    snprintf(f[2], sizeof f[2], "%s/d2.h5", scratch);
    size_t n0, n1, n2;
    double *e = totals(f[0], "tiny_ens", &n0), *a = totals(f[1], "tiny_ens", &n1), *b = totals(f[2], "tiny_ens", &n2);
    cr_assert(n0 == 3 && n1 == 3 && n2 == 3);
    cr_expect_eq(e[0], a[0], "replication 0: %g with the ensemble, %g with draw 1 by hand", e[0], a[0]);
    cr_expect_eq(e[1], b[1], "replication 1: %g with the ensemble, %g with draw 2 by hand", e[1], b[1]);
    cr_expect_eq(e[2], a[2], "replication 2: %g with the ensemble, %g with draw 1 by hand", e[2], a[2]);
    cr_expect_neq(a[1], b[1], "the draws differ in effect");
    char *prov = sup_h5_string_dataset(f[0], "/provenance/config/tiny_ens");
    cr_expect(prov && strstr(prov, "ensemble: 2 draws"), "provenance records the ensemble");
    free(prov);
    free(e);
    free(a);
    free(b);
    free(ens);
    free(path);
}

/* A sweep point is one parameter set: a sweep that turns the ensemble on is refused. */
Test(ensemble, sweep_refuses_an_ensemble)
{
    char *ens = write_two_draws(), *base = write_scenario("ensemble = ens.ini");
    char text[2048];
    snprintf(text, sizeof text,
             "extends = scenario.ini\n[sweep]\ndesign = grid\nreplications = 1\n"
             "[parameters]\ngiveup = migrants.giveup_rate 0.004:0.005:2\n");
    char *sweep = write_scratch("sweep.ini", text);
    sup_result r = sup_chansim(scratch, NULL, "sweep %s --set run.ensemble=%s -o %s/sw.h5 -q", sweep, ens, scratch);
    cr_expect_neq(r.status, 0);
    cr_expect(strstr(r.err, "a sweep runs one parameter set per point") != NULL, "%s", r.err);
    sup_result_free(&r);
    free(ens);
    free(base);
    free(sweep);
}
