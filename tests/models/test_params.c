/**
 * @file test_params.c
 * @brief The model's parameter tables: every default parses, binds and passes the
 *        cross-key checks; every parameter is documented (unit, meaning, source);
 *        the resolved config lists every key; docs/parameters.md is the current
 *        output of `chansim params --markdown`.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/model.h"
#include "sim/run/scenario.h"
#include "tests/support.h"

#define PARAMS_DOC "docs/parameters.md"

/* An empty config: everything comes from the tables' defaults. */
static scenario *load_empty(char **dir)
{
    *dir = sup_tmpdir();
    char *path = NULL;
    cr_assert_gt(asprintf(&path, "%s/defaults.ini", *dir), 0);
    sup_write_file(path, "; no keys: every parameter takes its default\n");
    scenario *s = sup_load(path, NULL);
    free(path);
    return s;
}

Test(params, every_default_parses_binds_and_passes_checks)
{
    char *dir;
    scenario *s = load_empty(&dir);
    cr_expect_str_eq(s->name, "defaults", "scenario named after the file");
    cr_expect_eq(params_check(&s->params), SIM_OK, "defaults fail the cross-key checks: %s", sim_error_message());

    /* Every parameter appears in the resolved config, with origin "default". */
    cfg_table *tables = NULL;
    size_t n = 0;
    cr_assert_eq(params_tables_create(&tables, &n), SIM_OK);
    size_t count = 0;
    for (size_t t = 0; t < n; t++) {
        for (size_t k = 0; k < tables[t].count; k++) {
            const cfg_param *p = &tables[t].params[k];
            count++;
            char head[96], line[160];
            snprintf(head, sizeof head, "[%s]\n", p->section);
            cr_expect(strstr(s->config_text, head), "section [%s] missing from the resolved config", p->section);
            snprintf(line, sizeof line, "\n%s = ", p->key);
            const char *at = strstr(strstr(s->config_text, head) ? strstr(s->config_text, head) : s->config_text, line);
            cr_expect_not_null(at, "[%s] %s missing from the resolved config", p->section, p->key);
            if (at) {
                const char *eol = strchr(at + 1, '\n');
                size_t len = eol ? (size_t)(eol - at) : strlen(at);
                char *row = strndup(at + 1, len - 1);
                cr_expect(strstr(row, "default"), "[%s] %s: origin is not 'default': %s", p->section, p->key, row);
                free(row);
            }
        }
    }
    cr_expect_gt(count, 100, "only %zu parameters", count);
    params_tables_destroy(&tables, n);
    scenario_destroy(&s);
    sup_rmtree(dir);
    free(dir);
}

/* Each default, given explicitly with --set, binds to exactly the same parameters. */
Test(params, each_default_round_trips_through_set)
{
    char *dir;
    scenario *base = load_empty(&dir);
    char *path = NULL;
    cr_assert_gt(asprintf(&path, "%s/defaults.ini", dir), 0);
    cfg_table *tables = NULL;
    size_t n = 0;
    cr_assert_eq(params_tables_create(&tables, &n), SIM_OK);
    for (size_t t = 0; t < n; t++) {
        for (size_t k = 0; k < tables[t].count; k++) {
            const cfg_param *p = &tables[t].params[k];
            char *set = NULL;
            cr_assert_gt(asprintf(&set, "%s.%s=%s", p->section, p->key, p->def), 0);
            const char *const ov[] = {set, NULL};
            scenario *s = sup_load(path, ov);
            cr_expect_eq(memcmp(&s->params, &base->params, sizeof s->params), 0,
                         "--set %s binds differently from the default", set);
            scenario_destroy(&s);
            free(set);
        }
    }
    params_tables_destroy(&tables, n);
    free(path);
    scenario_destroy(&base);
    sup_rmtree(dir);
    free(dir);
}

/* Project standard: every parameter has a unit, a meaning and a source (or "assumption"). */
Test(params, every_parameter_is_documented)
{
    cfg_table *tables = NULL;
    size_t n = 0;
    cr_assert_eq(params_tables_create(&tables, &n), SIM_OK);
    for (size_t t = 0; t < n; t++) {
        cr_expect_gt(tables[t].count, 0, "table %s is empty", tables[t].name);
        for (size_t k = 0; k < tables[t].count; k++) {
            const cfg_param *p = &tables[t].params[k];
            cr_expect(p->unit && p->unit[0], "[%s] %s has no unit", p->section, p->key);
            cr_expect(p->doc && p->doc[0], "[%s] %s has no meaning", p->section, p->key);
            cr_expect(p->source && p->source[0], "[%s] %s has no source", p->section, p->key);
            cr_expect(p->def, "[%s] %s has no default", p->section, p->key);
            cr_expect_str_eq(p->section, tables[t].name, "[%s] %s listed in table %s", p->section, p->key,
                             tables[t].name);
        }
    }
    params_tables_destroy(&tables, n);
}

/* `chansim params` lists one line per parameter. */
Test(params, params_command_lists_every_parameter)
{
    cfg_table *tables = NULL;
    size_t n = 0, count = 0;
    cr_assert_eq(params_tables_create(&tables, &n), SIM_OK);
    for (size_t t = 0; t < n; t++) count += tables[t].count;
    char *dir = sup_tmpdir();
    sup_result r = sup_chansim(dir, NULL, "params");
    cr_assert_eq(r.status, 0, "%s", r.err);
    size_t lines = 0;
    for (const char *c = r.out; *c; c++) lines += *c == '\n';
    cr_expect_eq(lines, count, "chansim params prints %zu lines for %zu parameters", lines, count);
    for (size_t t = 0; t < n; t++)
        for (size_t k = 0; k < tables[t].count; k++) {
            char key[128];
            snprintf(key, sizeof key, "%s.%s = ", tables[t].params[k].section, tables[t].params[k].key);
            cr_expect(strstr(r.out, key), "chansim params does not list %s", key);
        }
    sup_result_free(&r);
    params_tables_destroy(&tables, n);
    sup_rmtree(dir);
    free(dir);
}

/* docs/parameters.md must be regenerated whenever a parameter changes. */
Test(params, parameters_md_matches_params_markdown)
{
    char *dir = sup_tmpdir();
    sup_result r = sup_chansim(dir, NULL, "params --markdown");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "# Parameters"), "markdown output has no title");
    char *doc = sup_read_file(PARAMS_DOC, NULL);
    cr_expect_not_null(doc, PARAMS_DOC " is missing: generate it with bin/chansim params --markdown > " PARAMS_DOC);
    if (doc) {
        size_t i = 0;
        while (doc[i] && doc[i] == r.out[i]) i++;
        cr_expect(doc[i] == '\0' && r.out[i] == '\0',
                  PARAMS_DOC " is out of date (first difference at byte %zu: '%.60s' vs '%.60s'); regenerate it with "
                             "bin/chansim params --markdown > " PARAMS_DOC,
                  i, doc + i, r.out + i);
    }
    free(doc);
    sup_result_free(&r);
    sup_rmtree(dir);
    free(dir);
}
