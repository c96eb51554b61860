/**
 * @file metric.c
 * @brief Lookups in and checks of a model's metric set (see metric.h).
 */
#include "sim/engine/metric.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine/strbuf.h"

const sim_metric *metric_set_table(const sim_metric_set *set, sim_metric_table t, int *n)
{
    switch (t) {
    case METRIC_WEEKLY: *n = set->nweekly; return set->weekly;
    case METRIC_DAILY: *n = set->ndaily; return set->daily;
    case METRIC_GROUP: *n = set->ngroup; return set->group;
    }
    *n = 0;
    return NULL;
}

const char *metric_table_name(sim_metric_table t)
{
    switch (t) {
    case METRIC_WEEKLY: return "weekly";
    case METRIC_DAILY: return "daily";
    case METRIC_GROUP: return "group";
    }
    return "unknown";
}

int metric_set_find(const sim_metric_set *set, sim_metric_table t, const char *name)
{
    int n;
    const sim_metric *tab = set && name ? metric_set_table(set, t, &n) : NULL;
    for (int i = 0; tab && i < n; i++)
        if (strcmp(tab[i].name, name) == 0) return i;
    return -1;
}

sim_status metric_set_lookup(const sim_metric_set *set, sim_metric_table t, const char *name, int *index)
{
    if (!set || !index) return SIM_FAIL(SIM_ERR_INTERNAL, "metric_set_lookup: NULL argument");
    *index = metric_set_find(set, t, name);
    if (*index >= 0) return SIM_OK;
    int n;
    const sim_metric *tab = metric_set_table(set, t, &n);
    strbuf known = {0};
    for (int i = 0; i < n; i++) strbuf_printf(&known, "%s%s", i ? ", " : "", tab[i].name);
    sim_status st = SIM_FAIL(SIM_ERR_CONFIG, "%s has no %s output named '%s' (it has: %s)",
                             set->model ? set->model : "the model", metric_table_name(t), name ? name : "(null)",
                             known.len && !known.failed ? known.buf : "none");
    free(known.buf);
    return st;
}

int metric_set_find_effect(const sim_metric_set *set, const char *name)
{
    for (int i = 0; set && name && i < set->neffects; i++)
        if (strcmp(set->effects[i].name, name) == 0) return i;
    return -1;
}

sim_status metric_set_lookup_effect(const sim_metric_set *set, const char *name, int *index)
{
    if (!set || !index) return SIM_FAIL(SIM_ERR_INTERNAL, "metric_set_lookup_effect: NULL argument");
    *index = metric_set_find_effect(set, name);
    if (*index >= 0) return SIM_OK;
    strbuf known = {0};
    for (int i = 0; i < set->neffects; i++) strbuf_printf(&known, "%s%s", i ? ", " : "", set->effects[i].name);
    sim_status st = SIM_FAIL(SIM_ERR_CONFIG, "%s has no comparison effect named '%s' (it has: %s)",
                             set->model ? set->model : "the model", name ? name : "(null)",
                             known.len && !known.failed ? known.buf : "none");
    free(known.buf);
    return st;
}

/* A dataset and CSV-column name: non-empty, letters, digits and '_' only. */
static int valid_name(const char *s)
{
    if (!s || !*s) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

static sim_status check_table(const sim_metric_set *set, sim_metric_table t)
{
    int n;
    const sim_metric *tab = metric_set_table(set, t, &n);
    const char *tn = metric_table_name(t);
    if (n < 0 || (n > 0 && !tab)) return SIM_FAIL(SIM_ERR_INTERNAL, "metric set: %s table has no entries", tn);
    for (int i = 0; i < n; i++) {
        const sim_metric *m = &tab[i];
        if (!valid_name(m->name))
            return SIM_FAIL(SIM_ERR_INTERNAL, "metric set: %s metric %d has an invalid name '%s'", tn, i,
                            m->name ? m->name : "(null)");
        if (!m->unit || !m->title)
            return SIM_FAIL(SIM_ERR_INTERNAL, "metric set: %s metric '%s' needs a unit and a title", tn, m->name);
        for (int j = 0; j < i; j++)
            if (strcmp(tab[j].name, m->name) == 0)
                return SIM_FAIL(SIM_ERR_INTERNAL, "metric set: %s metric '%s' appears twice", tn, m->name);
        if (m->kind == METRIC_RATIO) {
            int a = m->numerator, b = m->denominator;
            if (a < 0 || a >= n || b < 0 || b >= n || tab[a].kind != METRIC_FLOW || tab[b].kind != METRIC_FLOW)
                return SIM_FAIL(SIM_ERR_INTERNAL, "metric set: ratio '%s' must name two flows of the %s table", m->name,
                                tn);
        } else if (m->kind != METRIC_FLOW && m->kind != METRIC_STOCK && m->kind != METRIC_LEVEL) {
            return SIM_FAIL(SIM_ERR_INTERNAL, "metric set: %s metric '%s' has an unknown kind", tn, m->name);
        }
    }
    return SIM_OK;
}

static sim_status check_columns(const sim_metric_set *set, const sim_metric_column *cols, int n, int effects_ok,
                                const char *what)
{
    if (n > 0 && !cols) return SIM_FAIL(SIM_ERR_INTERNAL, "metric set: %s columns missing", what);
    for (int i = 0; i < n; i++) {
        int known = metric_set_find(set, METRIC_WEEKLY, cols[i].name) >= 0 ||
                    (effects_ok && metric_set_find_effect(set, cols[i].name) >= 0);
        if (!known || !cols[i].label || !(cols[i].scale > 0))
            return SIM_FAIL(SIM_ERR_INTERNAL, "metric set: %s column '%s' names no output or lacks a label or scale",
                            what, cols[i].name ? cols[i].name : "(null)");
    }
    return SIM_OK;
}

sim_status metric_set_check(const sim_metric_set *set)
{
    if (!set) return SIM_FAIL(SIM_ERR_INTERNAL, "metric set: NULL");
    SIM_CHECK(check_table(set, METRIC_WEEKLY));
    SIM_CHECK(check_table(set, METRIC_DAILY));
    SIM_CHECK(check_table(set, METRIC_GROUP));
    if (set->groups < 0) return SIM_FAIL(SIM_ERR_INTERNAL, "metric set: negative number of groups");
    if (set->neffects > 0 && !set->effects) return SIM_FAIL(SIM_ERR_INTERNAL, "metric set: effects missing");
    for (int i = 0; i < set->neffects; i++) {
        const sim_metric_effect *e = &set->effects[i];
        if (!valid_name(e->name) || !e->unit || !e->title || metric_set_find(set, METRIC_WEEKLY, e->cost) < 0 ||
            metric_set_find(set, METRIC_WEEKLY, e->benefit) < 0)
            return SIM_FAIL(SIM_ERR_INTERNAL, "metric set: effect '%s' must have a name, unit, title and two "
                                              "weekly metrics", e->name ? e->name : "(null)");
        if (metric_set_find(set, METRIC_WEEKLY, e->name) >= 0 || metric_set_find_effect(set, e->name) != i)
            return SIM_FAIL(SIM_ERR_INTERNAL, "metric set: effect name '%s' is not unique", e->name);
    }
    SIM_CHECK(check_columns(set, set->headline, set->nheadline, 0, "headline"));
    SIM_CHECK(check_columns(set, set->compare, set->ncompare, 1, "comparison"));
    return SIM_OK;
}
