/**
 * @file test_usage.c
 * @brief The command line as GNU programs behave (#15): `chansim help CMD` is `CMD --help`,
 *        every command's help lists -h/--help and has no printf escapes left in it, -V is
 *        --version, `--` ends the options, `plot -q` prints no notes; the run and batch
 *        tables in fixed notation with thousands separators and aligned columns; progress
 *        lines in a log (stderr a file, not a terminal), and none with -q.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/cli/run_table.h"
#include "tests/support.h"

#define SMALL "--set scenario.days=70 --set scenario.warmup_days=30"

/* The command names listed under "commands:" in `chansim --help`; returns how many. */
static int listed_commands(const char *scratch, char names[][32], int max)
{
    sup_result r = sup_chansim(scratch, NULL, "--help");
    cr_assert_eq(r.status, 0);
    const char *p = strstr(r.out, "commands:\n");
    cr_assert_not_null(p);
    int n = 0;
    for (p = strchr(p, '\n') + 1; n < max && p[0] == ' ' && p[1] == ' ' && p[2] >= 'a' && p[2] <= 'z';) {
        cr_assert_eq(sscanf(p + 2, "%31[a-z_-]", names[n]), 1);
        n++;
        const char *nl = strchr(p, '\n');
        if (!nl) break;
        p = nl + 1;
    }
    sup_result_free(&r);
    cr_assert_geq(n, 10, "only %d commands listed", n);
    return n;
}

Test(usage, help_command_is_command_help_and_lists_help_option)
{
    char *d = sup_tmpdir();
    char names[32][32];
    int n = listed_commands(d, names, 32);
    for (int i = 0; i < n; i++) {
        sup_result a = sup_chansim(d, NULL, "help %s", names[i]);
        sup_result b = sup_chansim(d, NULL, "%s --help", names[i]);
        sup_result c = sup_chansim(d, NULL, "%s -h", names[i]);
        cr_expect_eq(a.status, 0, "help %s exits %d: %s", names[i], a.status, a.err);
        cr_expect_str_eq(a.out, b.out, "`help %s` differs from `%s --help`", names[i], names[i]);
        cr_expect_str_eq(c.out, b.out, "`%s -h` differs from `%s --help`", names[i], names[i]);
        cr_expect(strstr(b.out, "-h, --help"), "%s --help does not list -h, --help:\n%s", names[i], b.out);
        cr_expect_null(strstr(b.out, "%%"), "%s --help shows a literal %%%%:\n%s", names[i], b.out);
        sup_result_free(&a);
        sup_result_free(&b);
        sup_result_free(&c);
    }
    sup_result r = sup_chansim(d, NULL, "help");
    sup_result top = sup_chansim(d, NULL, "--help");
    cr_expect_eq(r.status, 0);
    cr_expect_str_eq(r.out, top.out, "`chansim help` is the top-level help");
    cr_expect(strstr(top.out, "-h, --help") && strstr(top.out, "-V, --version"), "%s", top.out);
    sup_result_free(&r);
    sup_result_free(&top);
    r = sup_chansim(d, NULL, "help frobnicate");
    cr_expect_eq(r.status, 2, "help of an unknown command exits %d", r.status);
    cr_expect(strstr(r.err, "unknown command 'frobnicate'"), "%s", r.err);
    sup_result_free(&r);
    sup_rmtree(d);
    free(d);
}

Test(usage, short_version_is_long_version)
{
    char *d = sup_tmpdir();
    sup_result a = sup_chansim(d, NULL, "-V"), b = sup_chansim(d, NULL, "--version");
    cr_expect_eq(a.status, 0, "-V exits %d: %s", a.status, a.err);
    cr_expect_str_eq(a.out, b.out);
    cr_expect(strstr(a.out, "chansim ") && strstr(a.out, "HDF5"), "%s", a.out);
    sup_result_free(&a);
    sup_result_free(&b);
    sup_rmtree(d);
    free(d);
}

Test(usage, double_dash_ends_options)
{
    char *d = sup_tmpdir();
    /* After --, "-odd.ini" is a file name (not found: a config error, exit 1), not an option (exit 2). */
    sup_result r = sup_chansim(d, NULL, "config -- -odd.ini");
    cr_expect_eq(r.status, 1, "exit %d: %s", r.status, r.err);
    cr_expect(strstr(r.err, "-odd.ini"), "the message names the file: %s", r.err);
    sup_result_free(&r);
    r = sup_chansim(d, NULL, "config -- " SUP_BASELINE);
    cr_expect_eq(r.status, 0, "exit %d: %s", r.status, r.err);
    sup_result_free(&r);
    r = sup_chansim(d, NULL, "params --");
    cr_expect_eq(r.status, 0, "params -- exits %d: %s", r.status, r.err);
    sup_result_free(&r);
    r = sup_chansim(d, NULL, "params -- extra");
    cr_expect_eq(r.status, 2, "params -- extra exits %d", r.status);
    sup_result_free(&r);
    r = sup_chansim(d, NULL, "run -q -r 2 " SMALL " -o '%s/a.h5' -- " SUP_BASELINE, d);
    cr_expect_eq(r.status, 0, "run ... -- CONFIG exits %d: %s", r.status, r.err);
    sup_result_free(&r);
    r = sup_chansim(d, NULL, "-- --version");
    cr_expect_eq(r.status, 0, "chansim -- --version exits %d: %s", r.status, r.err);
    sup_result_free(&r);
    sup_rmtree(d);
    free(d);
}

Test(usage, plot_quiet_prints_no_notes)
{
    char *d = sup_tmpdir();
    sup_result r = sup_chansim(d, NULL, "run " SUP_BASELINE " -q -r 2 " SMALL " -o '%s/run.h5'", d);
    cr_assert_eq(r.status, 0, "%s", r.err);
    sup_result_free(&r);
    /* A run file has no comparison: plot notes that two plots are not drawn. */
    r = sup_chansim(d, NULL, "plot '%s/run.h5' -o '%s/p1'", d, d);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.err, "note:"), "without -q the note is shown: %s", r.err);
    sup_result_free(&r);
    r = sup_chansim(d, NULL, "plot '%s/run.h5' -o '%s/p2' -q", d, d);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_str_eq(r.err, "", "plot -q printed: %s", r.err);
    cr_expect_str_eq(r.out, "", "plot -q printed: %s", r.out);
    sup_result_free(&r);
    sup_rmtree(d);
    free(d);
}

/* The column at which `c` first appears in each line that contains "[" (the table rows). */
static void expect_aligned(const char *text, char c)
{
    int col = -1, rows = 0;
    for (const char *line = text; *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        const char *hit = memchr(line, c, len);
        if (memchr(line, '[', len) && hit && !memchr(line, '%', len)) {
            int at = (int)(hit - line);
            if (col < 0) col = at;
            cr_expect_eq(at, col, "'%c' at column %d, not %d, in: %.*s", c, at, col, (int)len, line);
            rows++;
        }
        line = nl ? nl + 1 : line + len;
    }
    cr_expect_geq(rows, 2, "no table rows in: %s", text);
}

Test(usage, batch_table_fixed_notation_aligned)
{
    char *d = sup_tmpdir();
    sup_result r = sup_chansim(d, NULL,
                               "batch " SUP_BASELINE " configs/scenarios/rwanda_at_scale.ini "
                               "configs/scenarios/france_returns_pilot.ini -r 3 " SMALL " -o '%s/b.h5'",
                               d);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_null(strstr(r.out, "e+"), "scientific notation: %s", r.out);
    cr_expect_null(strstr(r.out, "e-0"), "scientific notation: %s", r.out);
    cr_expect(strstr(r.out, "baseline arrivals: ") && strchr(strstr(r.out, "baseline arrivals: "), ','),
              "no thousands separator in the baseline's arrivals: %s", r.out);
    expect_aligned(r.out, '[');
    expect_aligned(r.out, ']');
    sup_result_free(&r);
    r = sup_chansim(d, NULL, "run " SUP_BASELINE " -r 3 " SMALL " -o '%s/a.h5'", d);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_null(strstr(r.out, "e+"), "scientific notation: %s", r.out);
    const char *cost = strstr(r.out, "  cost ");
    cr_assert_not_null(cost, "%s", r.out);
    cr_expect(strchr(cost, ','), "no thousands separators in the cost row: %s", cost);
    sup_result_free(&r);
    sup_rmtree(d);
    free(d);
}

/* Lines of `text` containing `needle`. */
static int count_containing(const char *text, const char *needle)
{
    int n = 0;
    for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

Test(usage, progress_lines_in_a_log_and_none_with_quiet)
{
    char *d = sup_tmpdir();
    /* sup_chansim sends stderr to a file: what a Slurm or nohup log sees. */
    sup_result r = sup_chansim(d, NULL, "run " SUP_BASELINE " -r 10 " SMALL " -o '%s/a.h5'", d);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.err, "chansim: baseline: 0/10 replications (0%)"), "no start line: %s", r.err);
    cr_expect(strstr(r.err, "chansim: baseline: 5/10 replications (50%)"), "no half-way line: %s", r.err);
    cr_expect(strstr(r.err, "chansim: baseline: 10/10 replications (100%)"), "no end line: %s", r.err);
    cr_expect_eq(count_containing(r.err, "chansim: baseline: "), 11, "a line per 10%%: %s", r.err);
    cr_expect(strstr(r.err, "elapsed ") && strstr(r.err, "ETA "), "%s", r.err);
    cr_expect_null(strchr(r.err, '\r'), "a bar in a log: %s", r.err);
    sup_result_free(&r);
    r = sup_chansim(d, NULL, "run " SUP_BASELINE " -r 10 " SMALL " -q -o '%s/b.h5'", d);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_str_eq(r.err, "", "-q printed: %s", r.err);
    sup_result_free(&r);
    /* A sweep: 6 points x 4 replications in blocks of 2 = 12 units. */
    r = sup_chansim(d, NULL, "sweep tests/data/sweep/small.ini -o '%s/s.h5'", d);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.err, "chansim: sweep "), "no sweep progress: %s", r.err);
    cr_expect(strstr(r.err, "/12 units (100%)"), "no end line: %s", r.err);
    sup_result_free(&r);
    r = sup_chansim(d, NULL, "sweep tests/data/sweep/small.ini -q -o '%s/s2.h5'", d);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_str_eq(r.err, "", "sweep -q printed: %s", r.err);
    sup_result_free(&r);
    sup_rmtree(d);
    free(d);
}

Test(usage, fixed_numbers_with_thousands_separators)
{
    static const struct {
        double v;
        int decimals;
        const char *want;
    } cases[] = {
        {0, 0, "0"},           {-0.4, 0, "0"},         {999, 0, "999"},         {1000, 0, "1,000"},
        {-23800.4, 0, "-23,800"}, {1234567.891, 2, "1,234,567.89"}, {-0.626, 2, "-0.63"}, {338157397, 0, "338,157,397"},
        {12.25, 1, "12.2"},    {NAN, 0, "n/a"},        {INFINITY, 1, "n/a"},    {-999999.5, 0, "-1,000,000"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[TABLE_NUM_MAX];
        table_format_number(cases[i].v, cases[i].decimals, buf, sizeof buf);
        cr_expect_str_eq(buf, cases[i].want, "%.17g with %d decimals", cases[i].v, cases[i].decimals);
    }
    cr_expect_eq(table_decimals(23800), 0);
    cr_expect_eq(table_decimals(24.3), 1);
    cr_expect_eq(table_decimals(6.9), 2);
    cr_expect_eq(table_decimals(0), 0);
    cr_expect_eq(table_decimals(NAN), 0);
}
