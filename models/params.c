/**
 * @file params.c
 * @brief The scenario's own parameters and the composition of every module's table
 *        into one set of tables bound to model_params.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "models/model.h"

#define SC_OFF(field) offsetof(scen_params, field)
#define RU_OFF(field) offsetof(run_params, field)

static const cfg_param scen_param_list[] = {
    {"scenario", "name", CFG_STRING, SC_OFF(name), 0, 0, 0, "", "-",
     "scenario name; empty means the config file's name without .ini", "convention"},
    {"scenario", "start_date", CFG_DATE, SC_OFF(start_date), 0, 0, CFG_DATE_NEVER - 1, "2025-01-01", "date",
     "first recorded day", "scenario choice"},
    {"scenario", "days", CFG_INT, SC_OFF(days), 0, 7, 100 * 366, "730", "days",
     "recorded horizon (up to 100 years; chansim run and backtest refuse a run whose results would not fit in memory)",
     "model brief: one to two years; history replays of any length"},
    {"scenario", "warmup_days", CFG_INT, SC_OFF(warmup_days), 0, 0, 3650, "180", "days",
     "days simulated before start_date and not recorded", "assumption: long enough for the coast, gangs and beliefs to settle"},
    {"scenario", "max_people", CFG_DOUBLE, SC_OFF(max_people), 0, 1000, 4e9, "5000000", "people",
     "most people one replication may create (bounds memory: 32 bytes each)", "engineering bound"},
};

static const cfg_param run_param_list[] = {
    {"run", "seed", CFG_INT, RU_OFF(seed), 0, 0, 2147483647, "20250101", "-",
     "seed of the random streams (-s overrides)", "convention"},
    {"run", "replications", CFG_INT, RU_OFF(replications), 0, 1, 1000000, "64", "-",
     "replications (-r overrides)", "convention"},
    {"run", "ensemble", CFG_STRING, RU_OFF(ensemble), 0, 0, 0, "none", "-",
     "posterior ensemble file (written by chansim calibrate): replication r takes draw r mod N of the calibrated "
     "keys; none = the calibrated point (sim/run/ensemble.h)", "convention"},
};

typedef struct {
    const char *name;
    const cfg_param *list;
    const size_t *count;
    size_t offset;
} module_table;

static const size_t scen_count = sizeof scen_param_list / sizeof scen_param_list[0];
static const size_t run_count = sizeof run_param_list / sizeof run_param_list[0];

static const module_table modules[] = {
    {"scenario", scen_param_list, &scen_count, offsetof(model_params, scenario)},
    {"run", run_param_list, &run_count, offsetof(model_params, run)},
    {"weather", weather_param_list, &weather_param_count, offsetof(model_params, weather)},
    {"migrants", mig_param_list, &mig_param_count, offsetof(model_params, migrants)},
    {"deterrence", deter_param_list, &deter_param_count, offsetof(model_params, deterrence)},
    {"gangs", gang_param_list, &gang_param_count, offsetof(model_params, gangs)},
    {"supply_chain", supply_param_list, &supply_param_count, offsetof(model_params, supply_chain)},
    {"online", online_param_list, &online_param_count, offsetof(model_params, online)},
    {"french_police", french_param_list, &french_param_count, offsetof(model_params, french)},
    {"shallow_water", shallow_param_list, &shallow_param_count, offsetof(model_params, shallow)},
    {"sea", sea_param_list, &sea_param_count, offsetof(model_params, sea)},
    {"nca", nca_param_list, &nca_param_count, offsetof(model_params, nca)},
    {"border_security_command", bsc_param_list, &bsc_param_count, offsetof(model_params, bsc)},
    {"home_office", ho_param_list, &ho_param_count, offsetof(model_params, home_office)},
    {"rwanda", rwanda_param_list, &rwanda_param_count, offsetof(model_params, rwanda)},
    {"france_returns", pilot_param_list, &pilot_param_count, offsetof(model_params, pilot)},
    {"fast_track", ftrack_param_list, &ftrack_param_count, offsetof(model_params, fast_track)},
};
enum { MODULE_COUNT = sizeof modules / sizeof modules[0] };

sim_status params_tables_create(cfg_table **tables, size_t *ntables)
{
    cfg_table *t;
    SIM_CALLOC(t, MODULE_COUNT);
    for (size_t i = 0; i < MODULE_COUNT; i++) {
        /* Each module's offsets are relative to its own struct; shift them to model_params. */
        size_t n = *modules[i].count;
        cfg_param *rows = calloc(n, sizeof *rows);
        if (!rows) {
            params_tables_destroy(&t, i);
            return SIM_FAIL(SIM_ERR_MEMORY, "out of memory building parameter tables");
        }
        memcpy(rows, modules[i].list, n * sizeof *rows);
        for (size_t k = 0; k < n; k++) rows[k].offset += modules[i].offset;
        t[i] = (cfg_table){modules[i].name, rows, n};
    }
    *tables = t;
    *ntables = MODULE_COUNT;
    return SIM_OK;
}

void params_tables_destroy(cfg_table **tables, size_t ntables)
{
    if (!*tables) return;
    for (size_t i = 0; i < ntables; i++) free((void *)(*tables)[i].params);
    free(*tables);
    *tables = NULL;
}

sim_status params_check(const model_params *p)
{
    SIM_CHECK(weather_params_check(&p->weather));
    SIM_CHECK(mig_params_check(&p->migrants));
    SIM_CHECK(gang_params_check(&p->gangs));
    return SIM_OK;
}
