/**
 * @file test_anchors.c
 * @brief Dated anchors (sim/engine/anchors.h): known answers for counting, checking,
 *        interpolation brackets and steps.
 */
#include <criterion/criterion.h>

#include <string.h>

#include "sim/engine/anchors.h"
#include "sim/engine/config.h"

Test(anchors, used_stops_at_the_first_never)
{
    const int d[4] = {10, 20, CFG_DATE_NEVER, CFG_DATE_NEVER};
    cr_expect_eq(anchors_used(d, 4), 2);
    const int none[2] = {CFG_DATE_NEVER, CFG_DATE_NEVER};
    cr_expect_eq(anchors_used(none, 2), 0);
}

Test(anchors, check_refuses_gaps_and_disorder)
{
    const int ok[3] = {10, 20, CFG_DATE_NEVER};
    cr_expect_eq(anchors_check(ok, 3, "s", "k"), SIM_OK);
    const int gap[3] = {10, CFG_DATE_NEVER, 30};
    cr_expect_eq(anchors_check(gap, 3, "s", "k"), SIM_ERR_CONFIG);
    cr_expect(strstr(sim_error_message(), "[s] k_3 is set but k_2 is never") != NULL, "%s", sim_error_message());
    sim_error_clear();
    const int back[2] = {20, 20};
    cr_expect_eq(anchors_check(back, 2, "s", "k"), SIM_ERR_CONFIG);
    cr_expect(strstr(sim_error_message(), "[s] k_2 is not after k_1") != NULL, "%s", sim_error_message());
    sim_error_clear();
}

Test(anchors, bracket_and_step_known_answers)
{
    const int d[3] = {10, 20, 40};
    int lo, hi;
    double w;
    anchors_bracket(d, 3, 5, &lo, &hi, &w);
    cr_expect(lo == 0 && hi == 0 && w == 0);
    anchors_bracket(d, 3, 30, &lo, &hi, &w);
    cr_expect(lo == 1 && hi == 2 && w == 0.5, "lo %d hi %d w %g", lo, hi, w);
    anchors_bracket(d, 3, 15, &lo, &hi, &w);
    cr_expect(lo == 0 && hi == 1 && w == 0.5);
    anchors_bracket(d, 3, 99, &lo, &hi, &w);
    cr_expect(lo == 2 && hi == 2 && w == 0);
    cr_expect_eq(anchors_step(d, 3, 9), -1);
    cr_expect_eq(anchors_step(d, 3, 10), 0);
    cr_expect_eq(anchors_step(d, 3, 39), 1);
    cr_expect_eq(anchors_step(d, 3, 40), 2);
}
