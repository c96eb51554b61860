/**
 * @file test_config.c
 * @brief Tests for the config layer (sim/engine/ini_doc.c, config_set.c, config_value.c,
 *        config_bind.c, config_render.c): loading, extends chains, listing keys, --set,
 *        binding, error messages and the rendering round trip. Dates: test_date.c.
 *
 * A toy parameter struct with one field of every cfg_type stands in for a model.
 * Fixtures live in tests/data/config/ and are named relative to the project root,
 * where the suite runs.
 */
#include <criterion/criterion.h>

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/engine/config.h"
#include "sim/engine/status.h"

#define FIXTURE(name) "tests/data/config/" name

typedef struct {
    double rate;
    int agents;
    int verbose;
    char label[CFG_STRING_MAX];
    int start;
    int end;
    double weights[3];
    char channels[3][CFG_NAME_MAX];
    double gain;
} toy;

enum { DAY_2000_01_01 = 10957 };

static const cfg_param toy_params[] = {
    {"model", "rate", CFG_DOUBLE, offsetof(toy, rate), 0, 0, 1, "0.25", "probability", "daily rate", "assumption: toy"},
    {"model", "agents", CFG_INT, offsetof(toy, agents), 0, 1, 1000, "100", "people", "agent count", "assumption: toy"},
    {"model", "verbose", CFG_BOOL, offsetof(toy, verbose), 0, 0, 1, "false", "-", "chatty", "assumption: toy"},
    {"model", "label", CFG_STRING, offsetof(toy, label), 0, 0, 0, "toy", "-", "run label", "assumption: toy"},
    {"policy", "start", CFG_DATE, offsetof(toy, start), 0, DAY_2000_01_01, CFG_DATE_NEVER, "2024-01-01", "date",
     "policy start", "assumption: toy"},
    {"policy", "end", CFG_DATE, offsetof(toy, end), 0, DAY_2000_01_01, CFG_DATE_NEVER, "never", "date",
     "policy end", "assumption: toy"},
    {"policy", "weights", CFG_DOUBLE_LIST, offsetof(toy, weights), 3, 0, 10, "1, 2, 3", "GBP", "channel weights",
     "assumption: toy"},
    {"policy", "channels", CFG_STRING_LIST, offsetof(toy, channels), 3, 0, 0, "alpha, beta, gamma", "-",
     "channel names", "assumption: toy"},
};

/* A second module: its [extra] gain must not make `gain` valid in [model]. */
static const cfg_param extra_params[] = {
    {"extra", "gain", CFG_DOUBLE, offsetof(toy, gain), 0, 0, 100, "1.5", "-", "gain", "assumption: toy"},
};

static const cfg_table toy_tables[] = {
    {"toy", toy_params, sizeof toy_params / sizeof toy_params[0]},
    {"extra", extra_params, sizeof extra_params / sizeof extra_params[0]},
};
static const size_t n_toy_tables = sizeof toy_tables / sizeof toy_tables[0];

/* --- helpers ------------------------------------------------------------- */

static void assert_message_has(const char *needle)
{
    const char *msg = sim_error_message();
    cr_assert(strstr(msg, needle) != NULL, "message \"%s\" lacks \"%s\"", msg, needle);
}

static void assert_fails(sim_status got, sim_status want, const char *const *needles)
{
    cr_assert_eq(got, want, "status %s, expected %s (message: %s)", sim_status_name(got), sim_status_name(want),
                 sim_error_message());
    for (const char *const *n = needles; n && *n; n++)
        assert_message_has(*n);
    sim_error_clear();
}

#define EXPECT_FAIL(call, code, ...) assert_fails((call), (code), (const char *const[]){__VA_ARGS__, NULL})

static void assert_ok(sim_status s)
{
    cr_assert_eq(s, SIM_OK, "status %s: %s", sim_status_name(s), sim_error_message());
}

/* Load a fixture and bind it; returns the bind or load status. */
static sim_status load_and_bind(const char *path, toy *t, const char *const *ignore)
{
    cfg_doc *doc = NULL;
    sim_status s = cfg_doc_load(path, &doc);
    if (s == SIM_OK)
        s = cfg_bind(doc, toy_tables, n_toy_tables, t, ignore);
    cfg_doc_destroy(&doc);
    return s;
}

/* Bind an empty document with one --set (whose own status must be OK). */
static sim_status bind_set(const char *assignment, toy *t)
{
    cfg_doc *doc = NULL;
    assert_ok(cfg_doc_create(&doc));
    assert_ok(cfg_doc_set(doc, assignment));
    sim_status s = cfg_bind(doc, toy_tables, n_toy_tables, t, NULL);
    cfg_doc_destroy(&doc);
    return s;
}

static int day_of(const char *date)
{
    int day = 0;
    assert_ok(cfg_parse_date(date, &day));
    return day;
}

static void assert_toy_equal(const toy *a, const toy *b)
{
    cr_assert_eq(a->rate, b->rate);
    cr_assert_eq(a->agents, b->agents);
    cr_assert_eq(a->verbose, b->verbose);
    cr_assert_str_eq(a->label, b->label);
    cr_assert_eq(a->start, b->start);
    cr_assert_eq(a->end, b->end);
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(a->weights[i], b->weights[i], "weights[%d]: %.17g vs %.17g", i, a->weights[i], b->weights[i]);
        cr_assert_str_eq(a->channels[i], b->channels[i]);
    }
    cr_assert_eq(a->gain, b->gain);
}

/* Write text to a fresh temporary .ini file; the caller unlinks it. */
static void write_temp(const char *text, char *path, size_t size)
{
    snprintf(path, size, "/tmp/chansim_test_config_XXXXXX.ini");
    int fd = mkstemps(path, 4);
    cr_assert(fd >= 0, "mkstemps failed");
    FILE *f = fdopen(fd, "w");
    cr_assert(f != NULL);
    cr_assert_eq(fputs(text, f) >= 0, 1);
    cr_assert_eq(fclose(f), 0);
}

/* --- defaults and tables ------------------------------------------------- */

Test(config, defaults_applied)
{
    toy t;
    memset(&t, 0x5a, sizeof t);
    assert_ok(cfg_bind(NULL, toy_tables, n_toy_tables, &t, NULL));
    cr_assert_eq(t.rate, 0.25);
    cr_assert_eq(t.agents, 100);
    cr_assert_eq(t.verbose, 0);
    cr_assert_str_eq(t.label, "toy");
    cr_assert_eq(t.start, day_of("2024-01-01"));
    cr_assert_eq(t.end, CFG_DATE_NEVER);
    cr_assert_eq(t.weights[0], 1.0);
    cr_assert_eq(t.weights[2], 3.0);
    cr_assert_str_eq(t.channels[0], "alpha");
    cr_assert_str_eq(t.channels[2], "gamma");
    cr_assert_eq(t.gain, 1.5);

    /* An empty document binds the same defaults and reports them as such. */
    cfg_doc *doc = NULL;
    assert_ok(cfg_doc_create(&doc));
    cr_assert_str_eq(cfg_doc_path(doc), "");
    toy u;
    assert_ok(cfg_bind(doc, toy_tables, n_toy_tables, &u, NULL));
    assert_toy_equal(&t, &u);
    cr_assert_str_eq(cfg_doc_origin(doc, "model", "rate"), "default");
    cr_assert_null(cfg_doc_get(doc, "model", "rate"));
    cfg_doc_destroy(&doc);
    cr_assert_null(doc);
    cfg_doc_destroy(&doc); /* destroying NULL is a no-op */
}

Test(config, every_default_parses)
{
    /* Each table on its own, so one module's broken default cannot hide behind another's. */
    for (size_t t = 0; t < n_toy_tables; t++) {
        toy x;
        sim_status s = cfg_bind(NULL, &toy_tables[t], 1, &x, NULL);
        cr_assert_eq(s, SIM_OK, "table %s: %s", toy_tables[t].name, sim_error_message());
    }
}

Test(config, bad_default_is_internal_error)
{
    cfg_param bad[] = {toy_params[0]};
    bad[0].def = "0.25x";
    cfg_table table = {"bad", bad, 1};
    toy t;
    EXPECT_FAIL(cfg_bind(NULL, &table, 1, &t, NULL), SIM_ERR_INTERNAL, "table 'bad'", "[model] rate",
                "default '0.25x'");

    bad[0].def = "2"; /* parses, but outside [0, 1] */
    EXPECT_FAIL(cfg_bind(NULL, &table, 1, &t, NULL), SIM_ERR_INTERNAL, "out of range");

    cfg_param twice[] = {toy_params[0], toy_params[0]};
    cfg_table dup = {"dup", twice, 2};
    EXPECT_FAIL(cfg_bind(NULL, &dup, 1, &t, NULL), SIM_ERR_INTERNAL, "claimed by two parameters");
}

/* --- loading ------------------------------------------------------------- */

Test(config, values_from_file)
{
    cfg_doc *doc = NULL;
    assert_ok(cfg_doc_load(FIXTURE("full.ini"), &doc));
    cr_assert_str_eq(cfg_doc_path(doc), FIXTURE("full.ini"));
    /* Inline comments (';' and '#') and surrounding whitespace are gone. */
    cr_assert_str_eq(cfg_doc_get(doc, "model", "agents"), "250");
    cr_assert_str_eq(cfg_doc_get(doc, "model", "verbose"), "yes");
    cr_assert_str_eq(cfg_doc_origin(doc, "model", "rate"), FIXTURE("full.ini") ":3");

    toy t;
    assert_ok(cfg_bind(doc, toy_tables, n_toy_tables, &t, NULL));
    cr_assert_eq(t.rate, 0.75);
    cr_assert_eq(t.agents, 250);
    cr_assert_eq(t.verbose, 1);
    cr_assert_str_eq(t.label, "hello world");
    cr_assert_eq(t.start, day_of("2024-02-29"));
    cr_assert_eq(t.end, 20453);
    cr_assert_eq(t.weights[0], 0.5);
    cr_assert_eq(t.weights[1], 1.5);
    cr_assert_eq(t.weights[2], 2.5);
    cr_assert_str_eq(t.channels[0], "sms");
    cr_assert_str_eq(t.channels[1], "email");
    cr_assert_str_eq(t.channels[2], "phone");
    cr_assert_eq(t.gain, 42.0);
    cfg_doc_destroy(&doc);
}

Test(config, extends_chain_overrides_key_by_key)
{
    cfg_doc *doc = NULL;
    assert_ok(cfg_doc_load(FIXTURE("chain_child.ini"), &doc));
    toy t;
    assert_ok(cfg_bind(doc, toy_tables, n_toy_tables, &t, NULL));
    cr_assert_eq(t.rate, 0.125);                    /* only the grandparent sets it */
    cr_assert_eq(t.agents, 20);                     /* parent overrides grandparent */
    cr_assert_str_eq(t.label, "child");             /* child overrides both */
    cr_assert_eq(t.start, day_of("2020-01-01"));    /* grandparent */
    cr_assert_eq(t.weights[1], 5.0);                /* parent */
    cr_assert_eq(t.verbose, 0);                     /* nobody: default */

    /* Parents resolve relative to the file that names them. */
    cr_assert_str_eq(cfg_doc_origin(doc, "model", "rate"), FIXTURE("chain/base.ini") ":3");
    cr_assert_str_eq(cfg_doc_origin(doc, "model", "agents"), FIXTURE("chain/mid.ini") ":5");
    cr_assert_str_eq(cfg_doc_origin(doc, "model", "label"), FIXTURE("chain_child.ini") ":3");
    cr_assert_str_eq(cfg_doc_origin(doc, "model", "verbose"), "default");
    cr_assert_str_eq(cfg_doc_path(doc), FIXTURE("chain_child.ini"));
    cfg_doc_destroy(&doc);
}

/* Keys are listed once each, in order of first appearance along the chain, then --set. */
Test(config, list_keys_in_chain_order)
{
    cfg_doc *doc = NULL;
    assert_ok(cfg_doc_load(FIXTURE("chain_child.ini"), &doc));
    assert_ok(cfg_doc_set(doc, "extra.gain=2"));
    assert_ok(cfg_doc_set(doc, "model.label=set")); /* already listed: keeps its place */
    static const char *const want[][2] = {{"model", "rate"},    {"model", "agents"},    {"model", "label"},
                                          {"policy", "start"}, {"policy", "weights"}, {"extra", "gain"}};
    const size_t n = sizeof want / sizeof want[0];
    cr_assert_eq(cfg_doc_size(doc), n);
    for (size_t i = 0; i < n; i++) {
        const char *section = NULL, *key = NULL;
        cfg_doc_key(doc, i, &section, &key);
        cr_assert_str_eq(section, want[i][0], "key %zu", i);
        cr_assert_str_eq(key, want[i][1], "key %zu", i);
    }
    const char *section = "x", *key = "x";
    cfg_doc_key(doc, n, &section, &key);
    cr_assert_null(section);
    cr_assert_null(key);
    /* The top file's own parent, as written there; `extends` is not a key. */
    cr_assert_str_eq(cfg_doc_extends(doc), "chain/mid.ini");
    cfg_doc_destroy(&doc);

    assert_ok(cfg_doc_load(FIXTURE("chain/base.ini"), &doc));
    cr_assert_null(cfg_doc_extends(doc));
    cr_assert_eq(cfg_doc_size(doc), 4);
    cfg_doc_destroy(&doc);

    assert_ok(cfg_doc_create(&doc));
    cr_assert_eq(cfg_doc_size(doc), 0);
    cr_assert_null(cfg_doc_extends(doc));
    cfg_doc_destroy(&doc);
}

Test(config, extends_cycle_names_both_files)
{
    cfg_doc *doc = NULL;
    EXPECT_FAIL(cfg_doc_load(FIXTURE("cycle_a.ini"), &doc), SIM_ERR_CONFIG,
                FIXTURE("cycle_a.ini") " extends " FIXTURE("cycle_b.ini") ", which extends " FIXTURE(
                    "cycle_a.ini") " again (cycle)");
    cr_assert_null(doc);
    EXPECT_FAIL(cfg_doc_load(FIXTURE("self_cycle.ini"), &doc), SIM_ERR_CONFIG,
                FIXTURE("self_cycle.ini") " extends itself (cycle)");
}

Test(config, extends_missing_parent)
{
    cfg_doc *doc = NULL;
    EXPECT_FAIL(cfg_doc_load(FIXTURE("missing_parent.ini"), &doc), SIM_ERR_CONFIG,
                FIXTURE("missing_parent.ini") ":1: extends: cannot open parent '" FIXTURE(
                    "no_such_parent.ini") "': No such file or directory");
    cr_assert_null(doc);
}

Test(config, missing_file_is_io_error)
{
    cfg_doc *doc = NULL;
    EXPECT_FAIL(cfg_doc_load(FIXTURE("does_not_exist.ini"), &doc), SIM_ERR_IO,
                "cannot open config '" FIXTURE("does_not_exist.ini") "': No such file or directory");
    cr_assert_null(doc);
    EXPECT_FAIL(cfg_doc_load(FIXTURE("chain"), &doc), SIM_ERR_IO, "is a directory, not a regular file");
}

Test(config, syntax_error_has_line)
{
    cfg_doc *doc = NULL;
    EXPECT_FAIL(cfg_doc_load(FIXTURE("syntax.ini"), &doc), SIM_ERR_CONFIG, FIXTURE("syntax.ini") ":4: syntax error");
    cr_assert_null(doc);
}

Test(config, duplicate_key)
{
    cfg_doc *doc = NULL;
    EXPECT_FAIL(cfg_doc_load(FIXTURE("duplicate.ini"), &doc), SIM_ERR_CONFIG,
                FIXTURE("duplicate.ini") ":5: [model] rate: given twice in this file (first at line 2)");
}

Test(config, top_level_key_other_than_extends)
{
    cfg_doc *doc = NULL;
    EXPECT_FAIL(cfg_doc_load(FIXTURE("toplevel.ini"), &doc), SIM_ERR_CONFIG, FIXTURE("toplevel.ini") ":1: rate:",
                "only 'extends'");
}

Test(config, invalid_key_name)
{
    cfg_doc *doc = NULL;
    EXPECT_FAIL(cfg_doc_load(FIXTURE("bad_key_name.ini"), &doc), SIM_ERR_CONFIG,
                FIXTURE("bad_key_name.ini") ":2: [model] Rate: invalid key name");
}

Test(config, indented_lines_are_keys_not_continuations)
{
    toy t;
    assert_ok(load_and_bind(FIXTURE("indented.ini"), &t, NULL));
    cr_assert_eq(t.rate, 0.5);
    cr_assert_eq(t.agents, 7);
}

Test(config, long_lines)
{
    /* inih's default 200-byte line buffer would cut these lines. */
    toy t;
    assert_ok(load_and_bind(FIXTURE("long_lines.ini"), &t, NULL));
    cr_assert_eq(strlen(t.label), 250);
    cr_assert_eq(t.weights[0], 0.1);
    cr_assert_eq(t.weights[2], 0.3);

    /* Beyond the buffer: a clear error, not a misparse. */
    size_t n = 70000;
    char *text = malloc(n + 32);
    cr_assert(text != NULL);
    strcpy(text, "[model]\nlabel = ");
    size_t used = strlen(text);
    memset(text + used, 'x', n);
    strcpy(text + used + n, "\n");
    char path[64];
    write_temp(text, path, sizeof path);
    free(text);
    cfg_doc *doc = NULL;
    sim_status s = cfg_doc_load(path, &doc);
    unlink(path);
    EXPECT_FAIL(s, SIM_ERR_CONFIG, ":2: line is longer than");
}

/* --- binding errors ------------------------------------------------------ */

Test(config, unknown_key)
{
    toy t;
    EXPECT_FAIL(load_and_bind(FIXTURE("unknown_key.ini"), &t, NULL), SIM_ERR_CONFIG,
                FIXTURE("unknown_key.ini") ":3: [model] agnets: unknown key 'agnets' (did you mean 'agents'?)");
}

Test(config, unknown_key_even_if_known_in_another_section)
{
    toy t;
    EXPECT_FAIL(load_and_bind(FIXTURE("other_section_key.ini"), &t, NULL), SIM_ERR_CONFIG,
                FIXTURE("other_section_key.ini") ":3: [model] gain: unknown key 'gain'");
}

Test(config, unknown_section)
{
    toy t;
    EXPECT_FAIL(load_and_bind(FIXTURE("unknown_section.ini"), &t, NULL), SIM_ERR_CONFIG,
                FIXTURE("unknown_section.ini") ":5: [modle] agents: unknown section [modle] (did you mean [model]?)");
}

Test(config, wrong_type_in_file)
{
    toy t;
    EXPECT_FAIL(load_and_bind(FIXTURE("bad_number.ini"), &t, NULL), SIM_ERR_CONFIG,
                FIXTURE("bad_number.ini") ":3: [model] rate: expected a number, got 'abc'");
}

Test(config, wrong_type_each_type)
{
    toy t;
    EXPECT_FAIL(bind_set("model.rate=abc", &t), SIM_ERR_CONFIG, "--set: [model] rate: expected a number, got 'abc'");
    EXPECT_FAIL(bind_set("model.rate=0.5x", &t), SIM_ERR_CONFIG, "expected a number, got '0.5x'");
    EXPECT_FAIL(bind_set("model.rate=nan", &t), SIM_ERR_CONFIG, "expected a number, got 'nan'");
    EXPECT_FAIL(bind_set("model.rate=inf", &t), SIM_ERR_CONFIG, "expected a number, got 'inf'");
    EXPECT_FAIL(bind_set("model.rate=-infinity", &t), SIM_ERR_CONFIG, "expected a number, got '-infinity'");
    EXPECT_FAIL(bind_set("model.rate=1e999", &t), SIM_ERR_CONFIG, "expected a finite number");
    /* Issue #14: hexadecimal and denormals are not numbers a person means (sim/engine/number.h). */
    EXPECT_FAIL(bind_set("model.rate=0x10", &t), SIM_ERR_CONFIG, "expected a number, got '0x10'");
    EXPECT_FAIL(bind_set("model.rate=0x1p-3", &t), SIM_ERR_CONFIG, "expected a number, got '0x1p-3'");
    EXPECT_FAIL(bind_set("model.rate=1e-320", &t), SIM_ERR_CONFIG, "number '1e-320' is too small");
    EXPECT_FAIL(bind_set("model.rate=1e-400", &t), SIM_ERR_CONFIG, "too small");
    assert_ok(bind_set("model.rate=.5e-3", &t)); /* decimal forms strtod shares are still numbers */
    assert_ok(bind_set("model.rate=+1.", &t));
    EXPECT_FAIL(bind_set("model.rate=", &t), SIM_ERR_CONFIG, "[model] rate: missing value");
    EXPECT_FAIL(bind_set("model.agents=1.5", &t), SIM_ERR_CONFIG, "[model] agents: expected an integer, got '1.5'");
    EXPECT_FAIL(bind_set("model.agents=99999999999", &t), SIM_ERR_CONFIG, "too large");
    EXPECT_FAIL(bind_set("model.verbose=maybe", &t), SIM_ERR_CONFIG,
                "[model] verbose: expected true/false/yes/no/on/off/1/0, got 'maybe'");
    EXPECT_FAIL(bind_set("policy.start=2024-13-01", &t), SIM_ERR_CONFIG,
                "--set: [policy] start: expected a date YYYY-MM-DD from 1900-01-01 .. 2199-12-31 or 'never', got "
                "'2024-13-01'");
    EXPECT_FAIL(bind_set("policy.start=2023-02-29", &t), SIM_ERR_CONFIG, "got '2023-02-29'");
    EXPECT_FAIL(bind_set("policy.weights=1, x, 3", &t), SIM_ERR_CONFIG,
                "[policy] weights: element [1]: expected a number, got 'x'");
    EXPECT_FAIL(bind_set("policy.channels=sms, e-mail, phone", &t), SIM_ERR_CONFIG,
                "[policy] channels: element [1]: name 'e-mail' may only contain");
    EXPECT_FAIL(bind_set("policy.channels=sms, sms, phone", &t), SIM_ERR_CONFIG,
                "[policy] channels: name 'sms' appears twice");
    EXPECT_FAIL(bind_set("policy.channels=sms, a_name_that_is_far_too_long_for_it, phone", &t), SIM_ERR_CONFIG,
                "is too long");

    char assignment[CFG_STRING_MAX + 32];
    int n = snprintf(assignment, sizeof assignment, "model.label=");
    memset(assignment + n, 'y', CFG_STRING_MAX);
    assignment[n + CFG_STRING_MAX] = '\0';
    EXPECT_FAIL(bind_set(assignment, &t), SIM_ERR_CONFIG, "[model] label: value is too long (256 bytes, at most 255)");
    assignment[n + CFG_STRING_MAX - 1] = '\0'; /* 255 bytes fit */
    assert_ok(bind_set(assignment, &t));
    cr_assert_eq(strlen(t.label), CFG_STRING_MAX - 1);

    /* A string that would turn into a comment when written back out. */
    EXPECT_FAIL(bind_set("model.label=a ; b", &t), SIM_ERR_CONFIG, "starts a comment");
}

Test(config, accepted_spellings)
{
    toy t;
    const char *truths[] = {"model.verbose=true", "model.verbose=YES", "model.verbose=on", "model.verbose=1"};
    for (size_t i = 0; i < 4; i++) {
        assert_ok(bind_set(truths[i], &t));
        cr_assert_eq(t.verbose, 1, "%s", truths[i]);
    }
    assert_ok(bind_set("model.verbose=off", &t));
    cr_assert_eq(t.verbose, 0);
    assert_ok(bind_set("model.label=", &t)); /* strings may be empty */
    cr_assert_str_eq(t.label, "");
    assert_ok(bind_set("policy.end=never", &t));
    cr_assert_eq(t.end, CFG_DATE_NEVER);
    assert_ok(bind_set("model.rate=1e-1", &t));
    cr_assert_eq(t.rate, 0.1);
    assert_ok(bind_set("model.agents=+5", &t));
    cr_assert_eq(t.agents, 5);
}

Test(config, out_of_range)
{
    toy t;
    EXPECT_FAIL(load_and_bind(FIXTURE("out_of_range.ini"), &t, NULL), SIM_ERR_CONFIG,
                FIXTURE("out_of_range.ini") ":2: [model] rate: value 1.7 is out of range [0, 1]");
    EXPECT_FAIL(bind_set("model.agents=0", &t), SIM_ERR_CONFIG, "[model] agents: value 0 is out of range [1, 1000]");
    EXPECT_FAIL(bind_set("policy.weights=1, 2, 11", &t), SIM_ERR_CONFIG,
                "[policy] weights: element [2]: value 11 is out of range [0, 10]");
    EXPECT_FAIL(bind_set("policy.start=1999-12-31", &t), SIM_ERR_CONFIG,
                "[policy] start: date 1999-12-31 is out of range [2000-01-01, never]");
}

Test(config, wrong_list_count)
{
    toy t;
    EXPECT_FAIL(bind_set("policy.weights=1, 2", &t), SIM_ERR_CONFIG,
                "--set: [policy] weights: expected 3 comma-separated values, got 2");
    EXPECT_FAIL(bind_set("policy.weights=1, 2, 3, 4", &t), SIM_ERR_CONFIG, "expected 3 comma-separated values, got 4");
    EXPECT_FAIL(bind_set("policy.weights=", &t), SIM_ERR_CONFIG, "expected 3 comma-separated values, got 0");
    EXPECT_FAIL(bind_set("policy.channels=a, b", &t), SIM_ERR_CONFIG,
                "[policy] channels: expected 3 comma-separated values, got 2");
}

Test(config, ignore_sections)
{
    toy t;
    const char *const ignore[] = {"design", NULL};
    assert_ok(load_and_bind(FIXTURE("ignore.ini"), &t, ignore));
    cr_assert_eq(t.rate, 0.5);
    EXPECT_FAIL(load_and_bind(FIXTURE("ignore.ini"), &t, NULL), SIM_ERR_CONFIG,
                FIXTURE("ignore.ini") ":2: [design] runs: unknown section [design]");
}

/* --- --set ----------------------------------------------------------------- */

Test(config, set_scalar_overrides_file)
{
    cfg_doc *doc = NULL;
    assert_ok(cfg_doc_load(FIXTURE("full.ini"), &doc));
    assert_ok(cfg_doc_set(doc, "model.rate=0.5"));
    assert_ok(cfg_doc_set(doc, " model.rate = 0.625 ")); /* later wins; spaces trimmed */
    assert_ok(cfg_doc_set(doc, "model.label=from the command line"));
    cr_assert_str_eq(cfg_doc_get(doc, "model", "rate"), "0.625");
    cr_assert_str_eq(cfg_doc_origin(doc, "model", "rate"), "--set");
    cr_assert_str_eq(cfg_doc_origin(doc, "model", "agents"), FIXTURE("full.ini") ":4");
    toy t;
    assert_ok(cfg_bind(doc, toy_tables, n_toy_tables, &t, NULL));
    cr_assert_eq(t.rate, 0.625);
    cr_assert_str_eq(t.label, "from the command line");
    cr_assert_eq(t.agents, 250);
    cfg_doc_destroy(&doc);
}

Test(config, set_list_element)
{
    cfg_doc *doc = NULL;
    assert_ok(cfg_doc_load(FIXTURE("full.ini"), &doc));
    assert_ok(cfg_doc_set(doc, "policy.weights[1]=9"));
    assert_ok(cfg_doc_set(doc, "policy.channels[2]=post"));
    assert_ok(cfg_doc_set(doc, "policy.weights[0]=7"));
    assert_ok(cfg_doc_set(doc, "policy.weights[0]=8")); /* later wins */
    cr_assert_str_eq(cfg_doc_origin(doc, "policy", "weights"), "--set");
    toy t;
    assert_ok(cfg_bind(doc, toy_tables, n_toy_tables, &t, NULL));
    cr_assert_eq(t.weights[0], 8.0);
    cr_assert_eq(t.weights[1], 9.0);
    cr_assert_eq(t.weights[2], 2.5); /* from the file */
    cr_assert_str_eq(t.channels[0], "sms");
    cr_assert_str_eq(t.channels[2], "post");

    /* A whole value after an element override replaces both. */
    assert_ok(cfg_doc_set(doc, "policy.weights=3, 3, 3"));
    assert_ok(cfg_bind(doc, toy_tables, n_toy_tables, &t, NULL));
    cr_assert_eq(t.weights[0], 3.0);
    cfg_doc_destroy(&doc);

    /* An element of a list that the document does not set overrides the default. */
    assert_ok(bind_set("policy.weights[2]=0", &t));
    cr_assert_eq(t.weights[0], 1.0);
    cr_assert_eq(t.weights[2], 0.0);
}

Test(config, set_bad_index)
{
    toy t;
    EXPECT_FAIL(bind_set("policy.weights[3]=1", &t), SIM_ERR_CONFIG,
                "--set: [policy] weights: index [3] is out of range (the list has 3 values)");
    EXPECT_FAIL(bind_set("model.rate[0]=1", &t), SIM_ERR_CONFIG, "--set: [model] rate: not a list");
    EXPECT_FAIL(bind_set("policy.weights[0]=x", &t), SIM_ERR_CONFIG,
                "--set: [policy] weights: element [0]: expected a number, got 'x'");
    EXPECT_FAIL(bind_set("policy.channels[1]=alpha", &t), SIM_ERR_CONFIG, "name 'alpha' appears twice");
    EXPECT_FAIL(bind_set("model.nope=1", &t), SIM_ERR_CONFIG, "--set: [model] nope: unknown key 'nope'");
}

Test(config, set_malformed)
{
    cfg_doc *doc = NULL;
    assert_ok(cfg_doc_create(&doc));
    const char *bad[] = {
        "model.rate",        /* no '=' */
        "rate=0.5",          /* no '.' */
        "model.=0.5",        /* empty key */
        ".rate=0.5",         /* empty section */
        "model.Rate=0.5",    /* not a-z0-9_ */
        "model.weights[x]=1",
        "model.weights[-1]=1",
        "model.weights[]=1",
        "model.weights[1=1",
        "model.weights[99999999999]=1",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sim_status s = cfg_doc_set(doc, bad[i]);
        cr_assert_eq(s, SIM_ERR_USAGE, "'%s' gave %s", bad[i], sim_status_name(s));
        assert_message_has("malformed --set");
        assert_message_has(bad[i]);
        sim_error_clear();
    }
    toy t;
    assert_ok(cfg_bind(doc, toy_tables, n_toy_tables, &t, NULL)); /* nothing was added */
    cfg_doc_destroy(&doc);
}

/* --- rendering ------------------------------------------------------------- */

Test(config, render_round_trip)
{
    cfg_doc *doc = NULL;
    assert_ok(cfg_doc_load(FIXTURE("full.ini"), &doc));
    /* Values that only survive with 17 significant digits, and a long line. */
    assert_ok(cfg_doc_set(doc, "model.rate=0.1"));
    assert_ok(cfg_doc_set(doc, "policy.weights=0.30000000000000004, 1e-300, 3.141592653589793"));
    assert_ok(cfg_doc_set(doc, "policy.end=never"));
    char long_label[220];
    memset(long_label, 'z', sizeof long_label - 1);
    long_label[sizeof long_label - 1] = '\0';
    char assignment[300];
    snprintf(assignment, sizeof assignment, "model.label=%s", long_label);
    assert_ok(cfg_doc_set(doc, assignment));
    toy a;
    assert_ok(cfg_bind(doc, toy_tables, n_toy_tables, &a, NULL));

    char *text = NULL;
    assert_ok(cfg_render(doc, toy_tables, n_toy_tables, &a, &text));
    cr_assert(text != NULL);

    /* Sections in order of first appearance; value, unit and origin on each line. */
    const char *model = strstr(text, "[model]\n"), *policy = strstr(text, "[policy]\n"),
               *extra = strstr(text, "[extra]\n");
    cr_assert(model && policy && extra && model < policy && policy < extra, "%s", text);
    cr_assert(strstr(text, "rate = 0.10000000000000001  ; probability; from --set\n"), "%s", text);
    cr_assert(strstr(text, "agents = 250  ; people; from " FIXTURE("full.ini") ":4\n"), "%s", text);
    cr_assert(strstr(text, "verbose = true  ; -; from " FIXTURE("full.ini") ":5\n"), "%s", text);
    cr_assert(strstr(text, "start = 2024-02-29  ; date;"), "%s", text);
    cr_assert(strstr(text, "end = never  ; date; from --set\n"), "%s", text);
    cr_assert(strstr(text, "channels = sms, email, phone  ;"), "%s", text);
    cr_assert(strstr(text, "gain = 42  ; -; from " FIXTURE("full.ini") ":15\n"), "%s", text);

    char path[64];
    write_temp(text, path, sizeof path);
    free(text);
    cfg_doc *again = NULL;
    sim_status s = cfg_doc_load(path, &again);
    unlink(path);
    assert_ok(s);
    toy b;
    memset(&b, 0, sizeof b);
    assert_ok(cfg_bind(again, toy_tables, n_toy_tables, &b, NULL));
    assert_toy_equal(&a, &b);
    cfg_doc_destroy(&again);
    cfg_doc_destroy(&doc);
}

Test(config, render_defaults_round_trip)
{
    toy a, b;
    assert_ok(cfg_bind(NULL, toy_tables, n_toy_tables, &a, NULL));
    a.label[0] = '\0'; /* an empty string must survive too */
    char *text = NULL;
    assert_ok(cfg_render(NULL, toy_tables, n_toy_tables, &a, &text));
    cr_assert(strstr(text, "rate = 0.25  ; probability; from default\n"), "%s", text);
    char path[64];
    write_temp(text, path, sizeof path);
    free(text);
    sim_status s = load_and_bind(path, &b, NULL);
    unlink(path);
    assert_ok(s);
    assert_toy_equal(&a, &b);
}

Test(config, render_refuses_unwritable_values)
{
    toy a;
    assert_ok(cfg_bind(NULL, toy_tables, n_toy_tables, &a, NULL));
    strcpy(a.label, "two\nlines");
    char *text = NULL;
    EXPECT_FAIL(cfg_render(NULL, toy_tables, n_toy_tables, &a, &text), SIM_ERR_INTERNAL, "[model] label");
    cr_assert_null(text);
}
