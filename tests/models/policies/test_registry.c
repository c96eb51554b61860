/**
 * @file test_registry.c
 * @brief The policy registry: every registered policy is complete (section, summary,
 *        window, documented parameters, hooks); its hooks do what they say when called
 *        with the default parameters; each policy's own route shows in the outputs when
 *        every policy is in force; and a window that never opens leaves every output
 *        bit for bit as it is with the window closed, even with extreme parameters.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/model.h"
#include "models/policies/registry.h"
#include "sim/engine/results.h"
#include "sim/run/scenario.h"
#include "tests/support.h"

#define ALL_POLICIES "tests/data/model/all_policies.ini"

static const uint32_t SEED = 20250101u;

static scenario *load_defaults(char **dir)
{
    *dir = sup_tmpdir();
    char *path = NULL;
    cr_assert_gt(asprintf(&path, "%s/defaults.ini", *dir), 0);
    sup_write_file(path, "; no keys: every parameter takes its default\n");
    scenario *s = sup_load(path, NULL);
    free(path);
    return s;
}

static int any_hook(const policy_def *d)
{
    return d->against_gangs || d->supply || d->booking || d->launch || d->on_arrival || d->on_backlog ||
           d->before_decisions || d->after_decisions || d->cost_per_year || d->check;
}

Test(registry, every_policy_is_complete_and_documented)
{
    cr_assert_eq(policy_registry_check(), SIM_OK, "%s", sim_error_message());
    cr_assert_geq(policy_count(), 7, "the seven shipped policies are registered");
    cfg_table *tables = NULL;
    size_t ntables = 0;
    cr_assert_eq(params_tables_create(&tables, &ntables), SIM_OK, "%s", sim_error_message());
    for (size_t i = 0; i < policy_count(); i++) {
        const policy_def *d = policy_get(i);
        cr_assert_not_null(d);
        cr_expect(d->section && d->section[0], "policy %zu has no section", i);
        cr_expect(d->summary && d->summary[0], "[%s] has no summary", d->section);
        cr_expect_eq(policy_find(d->section), (int)i, "[%s] is registered twice or not found", d->section);
        cr_expect_gt(d->nparams, 2, "[%s] has no parameters beyond its window", d->section);
        cr_expect_geq(d->params_size, sizeof(policy_window), "[%s] parameters smaller than a window", d->section);
        cr_expect_str_eq(d->params[0].key, "start", "[%s] row 0 is not its window start", d->section);
        cr_expect_str_eq(d->params[1].key, "end", "[%s] row 1 is not its window end", d->section);
        cr_expect_eq(d->params[0].type, CFG_DATE);
        cr_expect_eq(d->params[1].type, CFG_DATE);
        for (size_t k = 0; k < d->nparams; k++) {
            const cfg_param *p = &d->params[k];
            cr_expect_str_eq(p->section, d->section, "[%s] row %zu belongs to [%s]", d->section, k, p->section);
            cr_expect(p->unit && p->unit[0], "[%s] %s has no unit", d->section, p->key);
            cr_expect(p->doc && p->doc[0], "[%s] %s has no meaning", d->section, p->key);
            cr_expect(p->source && p->source[0], "[%s] %s has no source", d->section, p->key);
            cr_expect_leq(p->offset + (p->count ? (size_t)p->count : 1) * sizeof(double), d->params_size + sizeof(double),
                          "[%s] %s lies outside its parameter struct", d->section, p->key);
        }
        cr_expect(any_hook(d), "[%s] acts nowhere: no hook", d->section);
        if (d->state_size) cr_expect_not_null(d->reset, "[%s] has state but no reset", d->section);
        int in_tables = 0;
        for (size_t t = 0; t < ntables; t++) in_tables += strcmp(tables[t].name, d->section) == 0;
        cr_expect_eq(in_tables, 1, "[%s] appears %d times among the parameter tables", d->section, in_tables);
    }
    params_tables_destroy(&tables, ntables);
}

/* Each modifier hook, called on the defaults, changes what it says it changes. */
Test(registry, modifier_hooks_act_on_their_inputs)
{
    char *dir;
    scenario *s = load_defaults(&dir);
    for (size_t i = 0; i < policy_count(); i++) {
        const policy_def *d = policy_get(i);
        const void *p = policy_params_of(&s->params.policies, i);
        policy_window w = policy_window_of(&s->params.policies, i);
        cr_expect_eq(w.start, CFG_DATE_NEVER, "[%s] is in force by default", d->section);
        if (d->against_gangs) {
            nca_effort e = nca_base_effort(&s->params.nca), base = e;
            d->against_gangs(p, &e);
            cr_expect(e.investigators > base.investigators || e.power != base.power || e.finance_powers,
                      "[%s] against_gangs changes nothing", d->section);
        }
        if (d->supply) {
            double extra = 0;
            d->supply(p, &extra);
            cr_expect_gt(extra, 0, "[%s] supply seizes nothing extra", d->section);
        }
        if (d->booking) {
            double f = 1.0;
            d->booking(p, &f);
            cr_expect(f >= 0 && f < 1, "[%s] booking factor %g", d->section, f);
        }
        if (d->launch) {
            gang_launch_rules r = {.intercept_prob = 0, .intercept_incident_factor = 1};
            d->launch(p, &r);
            cr_expect_gt(r.intercept_prob, 0, "[%s] launch intercepts nothing", d->section);
        }
        if (d->cost_per_year) cr_expect_gt(d->cost_per_year(p), 0, "[%s] costs nothing", d->section);
        if (d->state_size) {
            void *state = calloc(1, d->state_size);
            cr_assert_not_null(state);
            d->reset(state, p);
            if (d->destroy) d->destroy(state);
            free(state);
        }
    }
    scenario_destroy(&s);
    sup_rmtree(dir);
    free(dir);
}

/* Every route a policy runs shows in the outputs when all are in force (invariants
 * checked daily). Half of each group goes to fast track, so the rest reach the
 * backlog and offshore removal, after a legal delay short enough for 120 days. */
Test(registry, each_route_shows_when_every_policy_is_in_force)
{
    static const char *const ov[] = {"fast_track.group_share=0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5",
                                     "rwanda.legal_delay_days=10", NULL};
    scenario *s = sup_load(ALL_POLICIES, ov);
    model *m = NULL;
    sim_results *res = NULL;
    cr_assert_eq(model_create(&s->params, &m), SIM_OK, "%s", sim_error_message());
    m->check_invariants = 1;
    cr_assert_eq(results_create(model_metric_set(), 1, s->params.scenario.start_date, s->params.scenario.days, MIG_GROUPS, &res), SIM_OK);
    cr_assert_eq(model_run(m, (rng_key){SEED, 0}, res, 0), SIM_OK, "%s", sim_error_message());
    const double *tot = results_totals(res, 0);
    cr_expect_gt(tot[M_REMOVED], 0, "rwanda removed no one");
    cr_expect_gt(tot[M_RETURNED_FRANCE], 0, "france_returns returned no one");
    cr_expect_gt(tot[M_ADMITTED], 0, "france_returns admitted no one");
    cr_expect_gt(tot[M_RETURNED_FASTTRACK], 0, "fast_track returned no one");
    cr_expect_gt(tot[M_BOATS_SEIZED], 0, "nothing seized");
    results_destroy(&res);
    model_destroy(&m);
    scenario_destroy(&s);
}

/* Overrides that open policy i's window on `late_start` and push every number to an
 * extreme: delays (unit "days") to their minimum, everything else to its maximum. */
static char **extreme_overrides(size_t i, const char *late_start)
{
    const policy_def *d = policy_get(i);
    char **ov = calloc(d->nparams + 2, sizeof *ov);
    cr_assert_not_null(ov);
    size_t n = 0;
    cr_assert_gt(asprintf(&ov[n++], "%s.start=%s", d->section, late_start), 0);
    for (size_t k = 2; k < d->nparams; k++) {
        const cfg_param *p = &d->params[k];
        double extreme = strcmp(p->unit, "days") == 0 ? p->min : p->max;
        if (p->type == CFG_DOUBLE || p->type == CFG_INT) {
            cr_assert_gt(asprintf(&ov[n++], "%s.%s=%.17g", d->section, p->key, extreme), 0);
        } else if (p->type == CFG_BOOL) {
            cr_assert_gt(asprintf(&ov[n++], "%s.%s=%s", d->section, p->key,
                                  strcmp(p->def, "true") == 0 ? "false" : "true"), 0);
        } else if (p->type == CFG_DOUBLE_LIST) {
            char list[1024] = "";
            for (int c = 0; c < p->count; c++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%.17g", c ? "," : "", extreme);
            cr_assert_gt(asprintf(&ov[n++], "%s.%s=%s", d->section, p->key, list), 0);
        }
    }
    return ov;
}

static void run_into(scenario *s, sim_results *res, int reps)
{
    model *m = NULL;
    cr_assert_eq(model_create(&s->params, &m), SIM_OK, "%s", sim_error_message());
    m->check_invariants = 1;
    for (int r = 0; r < reps; r++)
        cr_assert_eq(model_run(m, (rng_key){SEED, (uint32_t)r}, res, r), SIM_OK, "%s", sim_error_message());
    model_destroy(&m);
}

static int same_results(const sim_results *a, const sim_results *b, int reps)
{
    for (int r = 0; r < reps; r++) {
        if (memcmp(results_totals(a, r), results_totals(b, r), M_COUNT * sizeof(double)) ||
            memcmp(results_weekly(a, r), results_weekly(b, r), (size_t)a->weeks * M_COUNT * sizeof(double)) ||
            memcmp(results_daily(a, r), results_daily(b, r), (size_t)a->days * D_COUNT * sizeof(double)) ||
            memcmp(results_group_weekly(a, r), results_group_weekly(b, r),
                   (size_t)a->weeks * a->groups * G_COUNT * sizeof(double)))
            return 0;
    }
    return 1;
}

/*
 * Paired check, replication by replication with the same streams: a policy whose
 * window opens only after the horizon (with every parameter at its maximum) gives the
 * same outputs, bit for bit, as the same scenario with its window closed. Its daily
 * hooks run all the while (out of force), so this checks they do nothing then.
 * As a control, opening the window of a policy with a route of its own changes them.
 */
Test(registry, a_window_that_never_opens_changes_nothing)
{
    enum { REPS = 2 };
    static const char *const shape[] = {"scenario.days=56", "scenario.warmup_days=28", NULL};
    scenario *closed = sup_load(SUP_BASELINE, shape);
    sim_results *ref = NULL;
    cr_assert_eq(results_create(model_metric_set(), REPS, closed->params.scenario.start_date, closed->params.scenario.days, MIG_GROUPS, &ref), SIM_OK);
    run_into(closed, ref, REPS);
    for (size_t i = 0; i < policy_count(); i++) {
        for (int control = 0; control < 2; control++) {
            char **ov = extreme_overrides(i, control ? "2024-10-01" : "2100-01-01");
            size_t n = 0;
            while (ov[n]) n++;
            const char **all = calloc(n + 3, sizeof *all);
            cr_assert_not_null(all);
            all[0] = shape[0];
            all[1] = shape[1];
            for (size_t k = 0; k < n; k++) all[2 + k] = ov[k];
            scenario *s = sup_load(SUP_BASELINE, all);
            sim_results *res = NULL;
            cr_assert_eq(results_create(model_metric_set(), REPS, s->params.scenario.start_date, s->params.scenario.days, MIG_GROUPS, &res), SIM_OK);
            run_into(s, res, REPS);
            if (!control)
                cr_expect(same_results(ref, res, REPS), "[%s] changed the outputs though its window never opened",
                          policy_get(i)->section);
            else
                cr_expect_not(same_results(ref, res, REPS), "[%s] in force at its extremes changed nothing: the "
                              "check above would be void", policy_get(i)->section);
            results_destroy(&res);
            scenario_destroy(&s);
            for (size_t k = 0; k < n; k++) free(ov[k]);
            free(ov);
            free(all);
        }
    }
    results_destroy(&ref);
    scenario_destroy(&closed);
}
