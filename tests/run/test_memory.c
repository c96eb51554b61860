/**
 * @file test_memory.c
 * @brief Horizons of any length: 20-year and longer horizons are accepted by the
 *        config, and a run whose results would not fit in memory is refused before
 *        anything is allocated or written, with the sizes in the message.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/metrics.h"
#include "sim/run/memory.h"
#include "sim/run/scenario.h"
#include "tests/support.h"

Test(memory, results_bytes_known_answer)
{
    /* 2 replications of 14 days, 3 groups: weeks = 14 / 7 + 2 = 4. */
    uint64_t per_rep = 4 * M_COUNT + M_COUNT + 14 * D_COUNT + 4 * 3 * G_COUNT;
    cr_expect_eq(run_results_bytes(2, 14, 3), 2 * per_rep * 8);
    cr_expect_eq(run_results_bytes(0, 14, 3), 0);
}

Test(memory, check_refuses_only_what_does_not_fit)
{
    uint64_t need = run_results_bytes(10, 7305, 10);
    cr_expect_eq(run_memory_check("x.ini", 1, 10, 7305, 10, need), SIM_OK);
    cr_expect_eq(run_memory_check("x.ini", 1, 10, 7305, 10, 0), SIM_OK, "unknown memory: no check");
    cr_expect_eq(run_memory_check("x.ini", 2, 10, 7305, 10, need), SIM_ERR_CONFIG, "two scenarios need twice");
    cr_expect(strstr(sim_error_message(), "x.ini: [scenario] days = 7305 with 10 replications (x 2 scenarios)") != NULL,
              "%s", sim_error_message());
    sim_error_clear();
    cr_expect_gt(run_available_bytes(), 0, "this Linux machine reports its memory");
}

Test(memory, twenty_years_accepted_and_beyond_the_bound_refused)
{
    const char *twenty[] = {"scenario.days=7305", NULL};
    scenario *s = sup_load(SUP_BASELINE, twenty);
    cr_expect_eq(s->params.scenario.days, 7305);
    scenario_destroy(&s);
    const char *too_long[] = {"scenario.days=40000"};
    cr_expect_neq(scenario_load(SUP_BASELINE, too_long, 1, NULL, &s), SIM_OK);
    cr_expect(strstr(sim_error_message(), "days") != NULL, "%s", sim_error_message());
    sim_error_clear();
}

Test(memory, run_refused_before_writing, .timeout = 60)
{
    char *scratch = sup_tmpdir();
    sup_result r = sup_chansim(scratch, NULL, "run %s --set scenario.days=36000 -r 1000000 -o %s/huge.h5 -q",
                               SUP_BASELINE, scratch);
    cr_expect_eq(r.status, 1, "%s", r.err);
    cr_expect(strstr(r.err, "needs about") != NULL && strstr(r.err, "GiB available") != NULL, "%s", r.err);
    char out[1100];
    snprintf(out, sizeof out, "%s/huge.h5", scratch);
    cr_expect(!sup_exists(out), "no results file");
    cr_expect_eq(sup_count_entries(scratch), 0, "no temporary file either");
    sup_result_free(&r);
    sup_rmtree(scratch);
    free(scratch);
}
