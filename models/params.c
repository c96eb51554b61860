/**
 * @file params.c
 * @brief The scenario's own parameters and the composition of every module's table
 *        into one set of tables bound to model_params.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "models/params.h"
#include "models/policies/announce.h"

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

/*
 * Sections in the order the resolved config lists them. The order is part of the file
 * format: a sweep stores its rendered base config and a hash of it, which --resume
 * checks. Policies (list NULL) are placed by name here; a policy not named here comes
 * after all of these, in registry order.
 */
#define POLICY_SECTION(name) {name, NULL, NULL, 0}
static const module_table modules[] = {
    {"scenario", scen_param_list, &scen_count, offsetof(model_params, scenario)},
    {"run", run_param_list, &run_count, offsetof(model_params, run)},
    {"weather", weather_param_list, &weather_param_count, offsetof(model_params, weather)},
    {"migrants", mig_param_list, &mig_param_count, offsetof(model_params, migrants)},
    {"demand", demand_param_list, &demand_param_count, offsetof(model_params, demand)},
    {"deterrence", deter_param_list, &deter_param_count, offsetof(model_params, deterrence)},
    {"gangs", gang_param_list, &gang_param_count, offsetof(model_params, gangs)},
    POLICY_SECTION("supply_chain"),
    POLICY_SECTION("online"),
    {"french_police", french_param_list, &french_param_count, offsetof(model_params, french)},
    POLICY_SECTION("shallow_water"),
    {"sea", sea_param_list, &sea_param_count, offsetof(model_params, sea)},
    {"nca", nca_param_list, &nca_param_count, offsetof(model_params, nca)},
    POLICY_SECTION("border_security_command"),
    {"home_office", ho_param_list, &ho_param_count, offsetof(model_params, home_office)},
    POLICY_SECTION("rwanda"),
    POLICY_SECTION("france_returns"),
    POLICY_SECTION("fast_track"),
};
enum { MODULE_COUNT = sizeof modules / sizeof modules[0] };

/* A copy of `list` with offsets shifted by `offset` (module struct -> model_params). */
static sim_status shifted_table(const char *name, const cfg_param *list, size_t n, size_t offset, cfg_table *out)
{
    cfg_param *rows = calloc(n, sizeof *rows);
    if (!rows) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory building parameter tables");
    memcpy(rows, list, n * sizeof *rows);
    for (size_t k = 0; k < n; k++) rows[k].offset += offset;
    *out = (cfg_table){name, rows, n};
    return SIM_OK;
}

static sim_status policy_table(size_t i, cfg_table *out)
{
    const policy_def *d = policy_get(i);
    return shifted_table(d->section, d->params, d->nparams, offsetof(model_params, policies) + policy_params_offset(i),
                         out);
}

/* 1 if the registered policy `section` has a place in modules[]. */
static int placed(const char *section)
{
    for (size_t i = 0; i < MODULE_COUNT; i++)
        if (!modules[i].list && strcmp(modules[i].name, section) == 0) return 1;
    return 0;
}

sim_status params_tables_create(cfg_table **tables, size_t *ntables)
{
    SIM_CHECK(policy_registry_check());
    for (size_t i = 0; i < MODULE_COUNT; i++)
        if (!modules[i].list && policy_find(modules[i].name) < 0)
            return SIM_FAIL(SIM_ERR_INTERNAL, "section [%s] is placed as a policy but no policy is registered under it",
                            modules[i].name);
    size_t total = MODULE_COUNT;
    for (size_t i = 0; i < policy_count(); i++) total += !placed(policy_get(i)->section);
    cfg_table *t;
    SIM_CALLOC(t, total);
    sim_status st = SIM_OK;
    size_t n = 0;
    for (size_t i = 0; i < MODULE_COUNT && st == SIM_OK; i++, n++)
        st = modules[i].list
                 ? shifted_table(modules[i].name, modules[i].list, *modules[i].count, modules[i].offset, &t[n])
                 : policy_table((size_t)policy_find(modules[i].name), &t[n]);
    for (size_t i = 0; i < policy_count() && st == SIM_OK; i++)
        if (!placed(policy_get(i)->section)) st = policy_table(i, &t[n++]);
    if (st != SIM_OK) {
        params_tables_destroy(&t, total);
        return st;
    }
    *tables = t;
    *ntables = total;
    return SIM_OK;
}

void params_tables_destroy(cfg_table **tables, size_t ntables)
{
    if (!*tables) return;
    for (size_t i = 0; i < ntables; i++) free((void *)(*tables)[i].params);
    free(*tables);
    *tables = NULL;
}

/* The row of section.key, or NULL. */
static const cfg_param *find_row(const cfg_table *t, size_t n, const char *section, const char *key)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < t[i].count; k++)
            if (strcmp(t[i].params[k].section, section) == 0 && strcmp(t[i].params[k].key, key) == 0)
                return &t[i].params[k];
    return NULL;
}

sim_status params_value(const model_params *p, const char *section, const char *key, double *value)
{
    cfg_table *t = NULL;
    size_t n = 0;
    SIM_CHECK(params_tables_create(&t, &n));
    const cfg_param *row = find_row(t, n, section, key);
    cfg_type type = row ? row->type : CFG_STRING;
    const char *at = row ? (const char *)p + row->offset : NULL;
    params_tables_destroy(&t, n);
    if (!row) return SIM_FAIL(SIM_ERR_CONFIG, "no parameter [%s] %s", section, key);
    if (type == CFG_DOUBLE) {
        memcpy(value, at, sizeof *value);
        return SIM_OK;
    }
    if (type == CFG_INT || type == CFG_BOOL || type == CFG_DATE) {
        int v;
        memcpy(&v, at, sizeof v);
        *value = v;
        return SIM_OK;
    }
    return SIM_FAIL(SIM_ERR_CONFIG, "[%s] %s is not a number", section, key);
}

size_t params_inert(const model_params *p, params_inert_key *out, size_t cap)
{
    static const char *const level = "the demand history's level anchors ([demand] level_date_k, level_k) set the "
                                     "inflow; set those, or [demand] level_date_1 = never to use this key";
    static const char *const mix = "the demand history's mix anchors ([demand] mix_date_k, mix_k) set the nationality "
                                   "mix; set those, or [demand] mix_date_1 = never to use this key";
    static const char *const supply = "the supply anchors ([gangs] supply_date_k, supply_k) set the boat supply; "
                                      "set those, or [gangs] supply_date_1 = never to use this key";
    const params_inert_key all[] = {
        {"migrants", "inflow_per_day", level},  {"migrants", "inflow_trend", level},
        {"migrants", "inflow_trend_end", level}, {"migrants", "inflow_reference_date", level},
        {"migrants", "group_share", mix},        {"gangs", "supply_per_day", supply},
    };
    const int inert[] = {
        demand_level_anchors(&p->demand) > 0, demand_level_anchors(&p->demand) > 0,
        demand_level_anchors(&p->demand) > 0, demand_level_anchors(&p->demand) > 0,
        demand_mix_anchors(&p->demand) > 0,   gang_supply_anchors(&p->gangs) > 0,
    };
    size_t n = 0;
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (inert[i] && n < cap) out[n++] = all[i];
    return n;
}

sim_status params_check(const model_params *p)
{
    SIM_CHECK(weather_params_check(&p->weather));
    SIM_CHECK(mig_params_check(&p->migrants));
    SIM_CHECK(demand_params_check(&p->demand));
    SIM_CHECK(gang_params_check(&p->gangs));
    SIM_CHECK(french_params_check(&p->french));
    SIM_CHECK(policy_windows_check(&p->policies));
    SIM_CHECK(announce_check(&p->policies));
    return SIM_OK;
}
