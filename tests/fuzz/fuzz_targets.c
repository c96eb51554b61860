/**
 * @file fuzz_targets.c
 * @brief The fuzz targets (see fuzz.h): each writes the input's parts beside the
 *        shipped files and runs one reader exactly as the command line does.
 */
#include "tests/fuzz/fuzz.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine/status.h"
#include "sim/experiments/abc_config.h"
#include "sim/experiments/backtest.h"
#include "sim/experiments/sensitivity.h"
#include "sim/experiments/sweep.h"
#include "sim/io/observed.h"
#include "sim/run/scenario.h"

/* --set assignments a scenario target applies at most (the command line has no limit; a few show the path). */
enum { FUZZ_MAX_SETS = 16, FUZZ_SWEEP_POINTS_BOUND = 3 };

/* Designs the sweep target expands at most: a legal ten-million-point LHS takes seconds to
 * expand, which libFuzzer would report as a hang; the limit is checked like the real one. */
#define FUZZ_SWEEP_MAX_POINTS ((size_t)10000)

/* Sensitivity designs the target builds at most: Morris's Campolongo selection grows with
 * the square of its candidates, so the bound is smaller than a sweep's. */
#define FUZZ_SA_MAX_POINTS ((size_t)2000)

/* Split part 3 into lines (in place) as --set assignments. */
static size_t split_sets(char *text, const char **sets)
{
    size_t n = 0;
    for (char *line = text; line && *line && n < FUZZ_MAX_SETS;) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        sets[n++] = line;
        line = nl ? nl + 1 : NULL;
    }
    return n;
}

int fuzz_config(const uint8_t *data, size_t size)
{
    char path[PATH_MAX];
    fuzz_write_part(data, size, 0, "scenarios/fuzz.ini");
    fuzz_write_part(data, size, 1, "scenarios/fuzz_parent.ini");
    char *settext = fuzz_part(data, size, 2, NULL);
    const char *sets[FUZZ_MAX_SETS];
    size_t nsets = split_sets(settext, sets);
    fuzz_path("scenarios/fuzz.ini", path, sizeof path);
    scenario *s = NULL;
    (void)scenario_load(path, sets, nsets, NULL, &s);
    scenario_destroy(&s);
    sim_error_clear();
    free(settext);
    return 0;
}

int fuzz_sweep(const uint8_t *data, size_t size)
{
    char path[PATH_MAX];
    fuzz_write_part(data, size, 0, "sweeps/fuzz.ini");
    fuzz_write_part(data, size, 1, "sweeps/points.csv");
    fuzz_path("sweeps/fuzz.ini", path, sizeof path);
    /* Binding every point of a large design is the run's job (and slow by design); the
     * first few points go through the same sweep_point_scenario. */
    sweep_options o = {.reps = 0, .seed = -1, .skip_validation = 1, .max_points = FUZZ_SWEEP_MAX_POINTS};
    sweep *s = NULL;
    if (sweep_load(path, &o, &s) == SIM_OK) {
        for (size_t i = 0; i < s->npoints && i < FUZZ_SWEEP_POINTS_BOUND; i++) {
            scenario *sc = NULL;
            (void)sweep_point_scenario(s, i, &sc);
            scenario_destroy(&sc);
        }
    }
    sweep_destroy(&s);
    sim_error_clear();
    return 0;
}

int fuzz_sensitivity(const uint8_t *data, size_t size)
{
    char path[PATH_MAX];
    fuzz_write_part(data, size, 0, "sweeps/fuzz_sa.ini");
    fuzz_path("sweeps/fuzz_sa.ini", path, sizeof path);
    sweep_options o = {.reps = 0, .seed = -1, .skip_validation = 1, .max_points = FUZZ_SA_MAX_POINTS};
    sa_study *s = NULL;
    (void)sa_study_load(path, &o, &s);
    sa_study_destroy(&s);
    sim_error_clear();
    return 0;
}

int fuzz_calibration(const uint8_t *data, size_t size)
{
    char path[PATH_MAX];
    fuzz_write_part(data, size, 0, "calibration/fuzz.ini");
    fuzz_path("calibration/fuzz.ini", path, sizeof path);
    abc_config *c = NULL;
    (void)abc_config_load(path, &c);
    abc_config_destroy(&c);
    sim_error_clear();
    return 0;
}

int fuzz_observed(const uint8_t *data, size_t size)
{
    char daily[PATH_MAX], weekly[PATH_MAX], deaths[PATH_MAX];
    fuzz_write_part(data, size, 0, "data/fuzz_daily.csv");
    fuzz_write_part(data, size, 1, "data/fuzz_weekly.csv");
    fuzz_write_part(data, size, 2, "data/fuzz_deaths.csv");
    fuzz_path("data/fuzz_daily.csv", daily, sizeof daily);
    fuzz_path("data/fuzz_weekly.csv", weekly, sizeof weekly);
    fuzz_path("data/fuzz_deaths.csv", deaths, sizeof deaths);
    obs_record *r = NULL;
    if (obs_load(daily, weekly, deaths, &r) == SIM_OK) {
        for (int k = 0; k < OBS_PERIOD_KINDS; k++) {
            obs_period *p = NULL;
            size_t n = 0;
            if (obs_periods((obs_period_kind)k, r->first_day, r->first_day + r->days, &p, &n) != SIM_OK) continue;
            for (size_t i = 0; i < n; i++)
                for (int m = 0; m < OBS_METRICS; m++) (void)obs_value(r, (obs_metric)m, &p[i]);
            free(p);
        }
    }
    obs_destroy(&r);
    sim_error_clear();
    return 0;
}

int fuzz_backtest(const uint8_t *data, size_t size)
{
    char path[PATH_MAX];
    fuzz_write_part(data, size, 0, "calibration/fuzz_bt.ini");
    fuzz_path("calibration/fuzz_bt.ini", path, sizeof path);
    /* As chansim backtest reads it: [backtest], then the scenario without that section,
     * then the origins against the scenario's horizon and the record. */
    bt_config c;
    scenario *scen = NULL;
    obs_record *obs = NULL;
    if (bt_config_load(path, &c) == SIM_OK && scenario_load(path, NULL, 0, bt_sections, &scen) == SIM_OK &&
        obs_load(c.observed, NULL, NULL, &obs) == SIM_OK)
        (void)bt_check(&c, scen->params.scenario.start_date, scen->params.scenario.days, obs);
    obs_destroy(&obs);
    scenario_destroy(&scen);
    sim_error_clear();
    return 0;
}

fuzz_target_fn fuzz_target_find(const char *name)
{
    static const struct {
        const char *name;
        fuzz_target_fn fn;
    } targets[] = {
        {"config", fuzz_config},
        {"sweep", fuzz_sweep},
        {"sensitivity", fuzz_sensitivity},
        {"calibration", fuzz_calibration},
        {"observed", fuzz_observed},
        {"backtest", fuzz_backtest},
    };
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++)
        if (strcmp(name, targets[i].name) == 0) return targets[i].fn;
    return NULL;
}
