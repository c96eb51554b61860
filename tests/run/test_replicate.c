/**
 * @file test_replicate.c
 * @brief The replication loop (sim/run/replicate.h): results independent of the thread
 *        count and of how items are grouped, the first failure reported with its
 *        file:line and stopping the rest, interruption, each replication reported
 *        exactly once, items skipped, and the progress count.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/metrics.h"
#include "sim/run/replicate.h"
#include "sim/run/runner.h"
#include "tests/support.h"

/* Short runs: 10 weeks after a 30-day warm-up keep each replication to a few ms. */
static const char *const short_run[] = {"scenario.days=70", "scenario.warmup_days=30", NULL};

enum { SEED = 20250101u };

/* Two parameter sets; item i uses set i % ngroups and the key (SEED, i). */
typedef struct {
    const model_params *set[2];
    int ngroups;
    int skip_every;            /* > 0: items with i % skip_every == skip_every - 1 are not run here */
    int fail_at;               /* >= 0: the done callback fails at this item */
    int fail_line;             /* __LINE__ of that failure */
    int stop_after;            /* > 0: ask to stop once this many replications are done */
    int *seen;                 /* [count] how often done saw each item */
    double *totals;            /* [count][M_COUNT] each item's totals, from its slot */
    int calls;                 /* done callbacks */
    size_t *order;             /* [count] if not NULL, the items in the order done saw them */
} fixture;

static fixture *current; /* for interrupted(), which has no context argument */

static sim_status fx_params(void *ctx, size_t item, model_params *scratch, const model_params **p)
{
    const fixture *f = ctx;
    const model_params *src = f->set[item % (size_t)f->ngroups];
    /* Group 1 goes through the thread's scratch buffer, group 0 by pointer: both paths are used. */
    if (item % (size_t)f->ngroups == 1) {
        *scratch = *src;
        *p = scratch;
    } else {
        *p = src;
    }
    return SIM_OK;
}

static size_t fx_group(void *ctx, size_t item)
{
    const fixture *f = ctx;
    if (f->skip_every > 0 && (int)(item % (size_t)f->skip_every) == f->skip_every - 1) return REPLICATE_SKIP;
    return item % (size_t)f->ngroups;
}

static rng_key fx_key(void *ctx, size_t item)
{
    (void)ctx;
    return (rng_key){SEED, (uint32_t)item};
}

static sim_status fx_done(void *ctx, size_t item, const model *m, const sim_results *res, int slot)
{
    fixture *f = ctx;
    if (!m || !res) return SIM_FAIL(SIM_ERR_INTERNAL, "no model or results for item %zu", item);
    if (f->totals) memcpy(f->totals + item * M_COUNT, results_totals(res, slot), M_COUNT * sizeof(double));
    if (f->seen) {
#pragma omp atomic
        f->seen[item]++;
    }
    int call;
#pragma omp atomic capture
    call = f->calls++;
    if (f->order) f->order[call] = item;
    if ((int)item == f->fail_at) {
        f->fail_line = __LINE__ + 1;
        return SIM_FAIL(SIM_ERR_IO, "replication %zu could not be stored", item);
    }
    return SIM_OK;
}

static int fx_interrupted(void)
{
    int calls;
#pragma omp atomic read
    calls = current->calls;
    return current->stop_after > 0 && calls >= current->stop_after;
}

static replicate_job fx_job(fixture *f, size_t count)
{
    current = f;
    return (replicate_job){
        .count = count, .params = fx_params, .group = fx_group, .key = fx_key, .done = fx_done, .ctx = f,
        .interrupted = fx_interrupted,
    };
}

static fixture fx_make(const scenario *a, const scenario *b)
{
    return (fixture){.set = {&a->params, b ? &b->params : &a->params}, .ngroups = b ? 2 : 1, .fail_at = -1};
}

/* Every replication recorded in slots, with `threads` threads. */
static sim_results *run_slots(fixture *f, size_t count, int threads, uint64_t *agent_days)
{
    sim_results *res = NULL;
    cr_assert_eq(results_create(model_metric_set(), (int)count, f->set[0]->scenario.start_date, f->set[0]->scenario.days, MIG_GROUPS, &res), SIM_OK);
    omp_set_num_threads(threads);
    replicate_job job = fx_job(f, count);
    job.res = res;
    sim_status st = replicate_run(&job, agent_days);
    cr_assert_eq(st, SIM_OK, "replicate_run with %d threads: %s", threads, sim_error_message());
    return res;
}

static void expect_same_results(const sim_results *a, const sim_results *b, const char *what)
{
    size_t reps = (size_t)a->reps;
    cr_expect(memcmp(a->weekly, b->weekly, reps * a->weeks * M_COUNT * sizeof(double)) == 0, "%s: weekly", what);
    cr_expect(memcmp(a->totals, b->totals, reps * M_COUNT * sizeof(double)) == 0, "%s: totals", what);
    cr_expect(memcmp(a->daily, b->daily, reps * a->days * D_COUNT * sizeof(double)) == 0, "%s: daily", what);
    cr_expect(memcmp(a->group_weekly, b->group_weekly, reps * a->weeks * a->groups * G_COUNT * sizeof(double)) == 0,
              "%s: by group", what);
}

/* Two parameter groups interleaved (a thread's model is re-created as its group
 * changes): every series is bit-identical with 1 and 2 threads, and a group's items
 * equal a run of that group alone. */
Test(replicate, identical_results_for_one_and_two_threads)
{
    static const char *const more[] = {"scenario.days=70", "scenario.warmup_days=30", "demand.level_6=400",
                                       NULL};
    scenario *a = sup_load(SUP_BASELINE, short_run), *b = sup_load(SUP_BASELINE, more);
    enum { N = 8 };
    fixture f1 = fx_make(a, b), f2 = fx_make(a, b), alone = fx_make(a, NULL);
    uint64_t days1 = 0, days2 = 0;
    sim_results *r1 = run_slots(&f1, N, 1, &days1), *r2 = run_slots(&f2, N, 2, &days2);
    sim_results *ra = run_slots(&alone, N, 2, NULL);
    expect_same_results(r1, r2, "1 vs 2 threads");
    cr_expect_eq(days1, days2, "agent-days %llu vs %llu", (unsigned long long)days1, (unsigned long long)days2);
    cr_expect_gt(days1, 0);
    for (int i = 0; i < N; i += 2)
        cr_expect(memcmp(results_totals(r1, i), results_totals(ra, i), M_COUNT * sizeof(double)) == 0,
                  "item %d of group 0 differs from a run of group 0 alone", i);
    /* The other group really is different, so the comparison above can fail. */
    cr_expect(memcmp(results_totals(r1, 1), results_totals(ra, 1), M_COUNT * sizeof(double)) != 0);
    results_destroy(&r1);
    results_destroy(&r2);
    results_destroy(&ra);
    scenario_destroy(&a);
    scenario_destroy(&b);
}

/* Without a results object each replication goes through the thread's one slot: the
 * callback sees the same totals as slot recording gives. */
Test(replicate, scratch_slot_gives_the_slot_results)
{
    scenario *a = sup_load(SUP_BASELINE, short_run);
    enum { N = 5 };
    fixture f = fx_make(a, NULL);
    sim_results *res = run_slots(&f, N, 2, NULL);
    fixture g = fx_make(a, NULL);
    double totals[N * M_COUNT];
    g.totals = totals;
    omp_set_num_threads(2);
    replicate_job job = fx_job(&g, N);
    cr_assert_eq(replicate_run(&job, NULL), SIM_OK, "%s", sim_error_message());
    for (int i = 0; i < N; i++)
        cr_expect(memcmp(totals + i * M_COUNT, results_totals(res, i), M_COUNT * sizeof(double)) == 0, "item %d", i);
    results_destroy(&res);
    scenario_destroy(&a);
}

/* One thread: the callback fails at item 2, so items 3.. never run; the error keeps
 * its message and the file:line where it was raised. */
Test(replicate, failure_is_reported_with_its_place_and_stops_the_rest)
{
    scenario *a = sup_load(SUP_BASELINE, short_run);
    fixture f = fx_make(a, NULL);
    f.fail_at = 2;
    omp_set_num_threads(1);
    replicate_job job = fx_job(&f, 6);
    uint64_t agent_days = 12345;
    sim_status st = replicate_run(&job, &agent_days);
    cr_assert_eq(st, SIM_ERR_IO, "status %d: %s", st, sim_error_message());
    cr_expect_str_eq(sim_error_message(), "replication 2 could not be stored");
    char where[64];
    snprintf(where, sizeof where, "test_replicate.c:%d", f.fail_line);
    cr_expect(strstr(sim_error_trace(), where) != NULL, "trace lacks %s:\n%s", where, sim_error_trace());
    cr_expect(strstr(sim_error_trace(), "replicate.c") != NULL, "trace lacks the loop's frame:\n%s",
              sim_error_trace());
    cr_expect_eq(f.calls, 3, "%d replications reported; the failure at item 2 should stop the rest", f.calls);
    cr_expect_eq(agent_days, 12345, "agent-days returned despite the failure");
    scenario_destroy(&a);
}

/* A failure inside the model on a worker thread reaches the caller with the model's message and place. */
Test(replicate, model_failure_on_a_worker_thread_is_reported)
{
    static const char *const tiny[] = {"scenario.days=70", "scenario.warmup_days=30", "scenario.max_people=1000",
                                       NULL};
    scenario *a = sup_load(SUP_BASELINE, tiny);
    fixture f = fx_make(a, NULL);
    omp_set_num_threads(2);
    replicate_job job = fx_job(&f, 4);
    sim_status st = replicate_run(&job, NULL);
    cr_assert_eq(st, SIM_ERR_CONFIG, "status %d: %s", st, sim_error_message());
    cr_expect(strstr(sim_error_message(), "max_people = 1000") != NULL, "%s", sim_error_message());
    cr_expect(strstr(sim_error_trace(), "models/model.c:") != NULL, "%s", sim_error_trace());
    cr_expect_eq(f.calls, 0);
    scenario_destroy(&a);
}

/* An interruption after the first replication: SIM_ERR_INTERRUPTED, no more
 * replications, no agent-days; runner_run returns no results at all. */
Test(replicate, interrupt_stops_the_loop)
{
    scenario *a = sup_load(SUP_BASELINE, short_run);
    fixture f = fx_make(a, NULL);
    f.stop_after = 1;
    omp_set_num_threads(1);
    replicate_job job = fx_job(&f, 6);
    uint64_t agent_days = 12345;
    sim_status st = replicate_run(&job, &agent_days);
    cr_expect_eq(st, SIM_ERR_INTERRUPTED, "status %d: %s", st, sim_error_message());
    cr_expect_eq(f.calls, 1);
    cr_expect_eq(agent_days, 12345);

    runner_request_stop();
    run_options o = {.reps = 4, .seed = SEED};
    sim_results *res = NULL;
    st = runner_run(a, &o, &res, NULL);
    cr_expect_eq(st, SIM_ERR_INTERRUPTED, "status %d: %s", st, sim_error_message());
    cr_expect_null(res, "an interrupted run returned results");
    scenario_destroy(&a);
}

/* Two threads, 13 items of which every fifth is not run here: the callback sees each
 * item run exactly once and the skipped ones never, and progress counts the ones run. */
Test(replicate, callback_sees_each_replication_exactly_once)
{
    scenario *a = sup_load(SUP_BASELINE, short_run), *b = sup_load(SUP_BASELINE, short_run);
    enum { N = 13 };
    int seen[N] = {0};
    fixture f = fx_make(a, b);
    f.seen = seen;
    f.skip_every = 5;
    progress bar;
    progress_start(&bar, "test", "replications", N - N / 5, 0);
    omp_set_num_threads(2);
    replicate_job job = fx_job(&f, N);
    job.progress = &bar;
    cr_assert_eq(replicate_run(&job, NULL), SIM_OK, "%s", sim_error_message());
    for (int i = 0; i < N; i++) cr_expect_eq(seen[i], i % 5 == 4 ? 0 : 1, "item %d seen %d times", i, seen[i]);
    cr_expect_eq(bar.done, N - N / 5);
    cr_expect_eq(bar.total, N - N / 5);
    scenario_destroy(&a);
    scenario_destroy(&b);
}

/* A cost per item, with ties and an unknown (NaN) cost: (i x 5) mod 8 for i < 11. */
static double fx_cost(void *ctx, size_t item)
{
    (void)ctx;
    return item == 3 ? NAN : (double)(item * 5 % 8);
}

/* With a cost, one thread runs the items dearest first (ties in item order, an unknown
 * cost last), and the results are those of item order, with one thread and with two. */
Test(replicate, dearest_first_with_the_same_results)
{
    scenario *a = sup_load(SUP_BASELINE, short_run), *b = sup_load(SUP_BASELINE, short_run);
    enum { N = 11 };
    size_t order[N];
    fixture plain = fx_make(a, b), one = fx_make(a, b), two = fx_make(a, b);
    one.order = order;
    sim_results *r0 = run_slots(&plain, N, 1, NULL);
    sim_results *res[2] = {NULL, NULL};
    fixture *fx[2] = {&one, &two};
    for (int t = 0; t < 2; t++) {
        cr_assert_eq(results_create(model_metric_set(), N, a->params.scenario.start_date, a->params.scenario.days,
                                    MIG_GROUPS, &res[t]), SIM_OK);
        omp_set_num_threads(t + 1);
        replicate_job job = fx_job(fx[t], N);
        job.res = res[t];
        job.cost = fx_cost;
        cr_assert_eq(replicate_run(&job, NULL), SIM_OK, "%s", sim_error_message());
    }
    /* costs 0 5 2 NaN 4 1 6 3 0 5 2: 6, then the 5s, 4, 3, the 2s, 1, the 0s, NaN */
    static const size_t want[N] = {6, 1, 9, 4, 7, 2, 10, 5, 0, 8, 3};
    for (int i = 0; i < N; i++) cr_expect_eq(order[i], want[i], "start %d: item %zu, not %zu", i, order[i], want[i]);
    expect_same_results(r0, res[0], "dearest first vs item order, 1 thread");
    expect_same_results(r0, res[1], "dearest first vs item order, 2 threads");
    results_destroy(&r0);
    results_destroy(&res[0]);
    results_destroy(&res[1]);
    scenario_destroy(&a);
    scenario_destroy(&b);
}

/* A job without a key provider is a bug in the caller, not a crash. */
Test(replicate, job_without_providers_is_refused)
{
    replicate_job job = {.count = 1};
    cr_expect_eq(replicate_run(&job, NULL), SIM_ERR_INTERNAL);
}
