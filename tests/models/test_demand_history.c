/**
 * @file test_demand_history.c
 * @brief The time-varying inputs of issue #12's longer fit, each tested for what it
 *        does: the demand history (inflow level and nationality mix on a date are what
 *        the config says, totals conserved), French policing effort by period, and the
 *        supply chain's season; every bad-input path names its key.
 *
 * Known-answer tests call the functions directly; model tests run a few replications
 * of the baseline with every day's invariants checked (conservation of people).
 */
#include <criterion/criterion.h>

#include <math.h>
#include <string.h>

#include "models/agencies/french_police.h"
#include "models/agents/demand.h"
#include "models/agents/gangs.h"
#include "models/metrics.h"
#include "models/model.h"
#include "sim/engine/date.h"
#include "sim/engine/results.h"
#include "sim/run/scenario.h"
#include "tests/support.h"

static const uint32_t SEED = 20250101u;
enum { REPS = 3 };

static int day_of(const char *text)
{
    int d;
    cr_assert_eq(cfg_parse_date(text, &d), SIM_OK, "%s", text);
    return d;
}

/* Every anchor unused; the migrants' fallback a known level and mix. */
static void blank(demand_params *p, mig_params *mp)
{
    memset(p, 0, sizeof *p);
    memset(mp, 0, sizeof *mp);
    for (int k = 0; k < DEMAND_LEVELS; k++) p->level_date[k] = CFG_DATE_NEVER;
    for (int k = 0; k < DEMAND_MIXES; k++) p->mix_date[k] = CFG_DATE_NEVER;
    mp->inflow_per_day = 100;
    mp->inflow_trend = 0.2;
    mp->inflow_reference_date = day_of("2023-01-01");
    mp->inflow_trend_end = CFG_DATE_NEVER;
    for (int g = 0; g < MIG_GROUPS; g++) mp->group_share[g] = 1.0 / MIG_GROUPS;
}

/* Mix k puts everyone in group g. */
static void only_group(demand_params *p, int k, int g)
{
    for (int h = 0; h < MIG_GROUPS; h++) p->mix[k][h] = h == g ? 1 : 0;
}

Test(demand, no_anchors_is_the_trend_and_group_share)
{
    demand_params p;
    mig_params mp;
    blank(&p, &mp);
    cr_expect_eq(demand_level_anchors(&p), 0);
    int d = day_of("2024-01-01");
    cr_expect_float_eq(demand_level(&p, &mp, d), 100 * pow(1.2, 365 / 365.25), 1e-9);
    double share[MIG_GROUPS];
    demand_mix(&p, &mp, d, share);
    for (int g = 0; g < MIG_GROUPS; g++) cr_expect_float_eq(share[g], 0.1, 1e-15);
}

Test(demand, level_is_linear_between_anchors_and_flat_outside)
{
    demand_params p;
    mig_params mp;
    blank(&p, &mp);
    p.level_date[0] = day_of("2022-07-01");
    p.level[0] = 200;
    p.level_date[1] = day_of("2023-07-01");
    p.level[1] = 100;
    cr_expect_eq(demand_level_anchors(&p), 2);
    cr_expect_eq(demand_params_check(&p), SIM_OK, "%s", sim_error_message());
    cr_expect_float_eq(demand_level(&p, &mp, day_of("2020-01-01")), 200, 1e-12);
    cr_expect_float_eq(demand_level(&p, &mp, day_of("2022-07-01")), 200, 1e-12);
    /* 2023-01-00 + 184 of 365 days: 200 - 100 x 184/365. */
    cr_expect_float_eq(demand_level(&p, &mp, day_of("2023-01-01")), 200 - 100.0 * 184 / 365, 1e-9);
    cr_expect_float_eq(demand_level(&p, &mp, day_of("2023-07-01")), 100, 1e-12);
    cr_expect_float_eq(demand_level(&p, &mp, day_of("2030-01-01")), 100, 1e-12);
}

/* The mix on an anchor date is that anchor's; between anchors each share is linear and
 * the shares sum to 1; the rates by group sum to the level (people are conserved). */
Test(demand, mix_on_a_date_is_what_the_config_says)
{
    demand_params p;
    mig_params mp;
    blank(&p, &mp);
    p.mix_date[0] = day_of("2022-07-01");
    only_group(&p, 0, 8);
    p.mix_date[1] = day_of("2023-07-01");
    only_group(&p, 1, 0);
    p.mix_date[2] = day_of("2025-02-15");
    for (int g = 0; g < MIG_GROUPS; g++) p.mix[2][g] = 0.1;
    cr_assert_eq(demand_params_check(&p), SIM_OK, "%s", sim_error_message());
    double share[MIG_GROUPS], rate[MIG_GROUPS];
    demand_mix(&p, &mp, day_of("2022-01-01"), share);
    cr_expect_eq(share[8], 1.0, "before the first anchor: the first mix");
    demand_mix(&p, &mp, day_of("2023-07-01"), share);
    cr_expect_eq(share[0], 1.0, "on the second anchor: its mix");
    demand_mix(&p, &mp, day_of("2026-01-01"), share);
    for (int g = 0; g < MIG_GROUPS; g++) cr_expect_float_eq(share[g], 0.1, 1e-15, "after the last anchor");
    /* Halfway between the first two anchors (182 of 365 days). */
    int mid = day_of("2022-07-01") + 182;
    demand_mix(&p, &mp, mid, share);
    cr_expect_float_eq(share[8], 1 - 182.0 / 365, 1e-12);
    cr_expect_float_eq(share[0], 182.0 / 365, 1e-12);
    for (int d = day_of("2022-01-01"); d < day_of("2026-06-30"); d += 17) {
        demand_rates(&p, &mp, d, rate);
        double sum = 0;
        for (int g = 0; g < MIG_GROUPS; g++) {
            cr_expect_geq(rate[g], 0);
            sum += rate[g];
        }
        cr_expect_float_eq(sum, demand_level(&p, &mp, d), 1e-9, "day %d: rates sum to %g", d, sum);
    }
}

static void expect_refused(sim_status st, const char *key)
{
    cr_expect_neq(st, SIM_OK, "accepted; expected an error naming %s", key);
    cr_expect(strstr(sim_error_message(), key) != NULL, "message '%s' does not name %s", sim_error_message(), key);
    sim_error_clear();
}

Test(demand, bad_schedules_are_refused_naming_the_key)
{
    demand_params p;
    mig_params mp;
    blank(&p, &mp);
    p.level_date[1] = day_of("2023-07-01"); /* anchor 2 without anchor 1 */
    p.level[1] = 10;
    expect_refused(demand_params_check(&p), "level_date_2");
    blank(&p, &mp);
    p.level_date[0] = day_of("2023-07-01");
    p.level_date[1] = day_of("2023-07-01"); /* not after */
    p.level[0] = p.level[1] = 10;
    expect_refused(demand_params_check(&p), "level_date_2");
    blank(&p, &mp);
    p.level_date[0] = day_of("2023-07-01"); /* level left at 0 */
    expect_refused(demand_params_check(&p), "level_1");
    blank(&p, &mp);
    p.mix_date[0] = day_of("2023-07-01");
    only_group(&p, 0, 3);
    p.mix[0][4] = 0.5; /* sums to 1.5 */
    expect_refused(demand_params_check(&p), "mix_1");
    blank(&p, &mp);
    p.mix_date[0] = day_of("2024-07-01");
    p.mix_date[1] = day_of("2023-07-01");
    only_group(&p, 0, 1);
    only_group(&p, 1, 1);
    expect_refused(demand_params_check(&p), "mix_date_2");
}

/* ---- model runs ------------------------------------------------------------------ */

typedef struct {
    double tot[REPS][M_COUNT];
    double group_coast[MIG_GROUPS]; /* coast arrivals by group, summed over replications */
    sim_results *res;
    sup_runs runs;
} run_set;

static void run_reps(const char *const *ov, run_set *out)
{
    memset(out->group_coast, 0, sizeof out->group_coast);
    sup_runs_baseline(ov, REPS, SEED, &out->runs);
    out->res = out->runs.res;
    for (int r = 0; r < REPS; r++) {
        memcpy(out->tot[r], results_totals(out->res, r), sizeof out->tot[r]);
        const double *gw = results_group_weekly(out->res, r);
        for (int w = 0; w < out->res->weeks; w++)
            for (int g = 0; g < MIG_GROUPS; g++)
                out->group_coast[g] += gw[((size_t)w * out->res->groups + g) * G_COUNT + G_COAST_ARRIVALS];
    }
}

static void run_free(run_set *r) { sup_runs_free(&r->runs); }

/* Boats launched over the replications: those that arrived and those the police stopped. */
static double launches(const run_set *s)
{
    double n = 0;
    for (int r = 0; r < REPS; r++) n += s->tot[r][M_BOATS] + s->tot[r][M_PREVENTED_LAUNCHES];
    return n;
}

#define SHORT "scenario.days=120", "scenario.warmup_days=30", "scenario.start_date=2023-01-01"

/*
 * The schedule reaches the model: a mix that moves everyone from group 8 (before
 * 2023-02-01) to group 0 (from 2023-03-01) puts no coast arrival outside those two
 * groups, most in group 0 over the horizon; and levels of 50 then 150 people a day
 * bring about three times as many people to the coast in the last recorded month as in
 * the first weeks of the warm-up's level.
 */
Test(demand, the_schedule_drives_the_coast_inflow)
{
    static const char *const ov[] = {SHORT, "demand.mix_date_1=2023-02-01", "demand.mix_1=0,0,0,0,0,0,0,0,1,0",
                                     "demand.mix_date_2=2023-03-01", "demand.mix_2=1,0,0,0,0,0,0,0,0,0",
                                     "demand.level_date_1=2023-01-01", "demand.level_1=50",
                                     "demand.level_date_2=2023-02-01", "demand.level_2=150",
                                     /* the shipped schedule's later anchors off */
                                     "demand.mix_date_3=never", "demand.level_date_3=never",
                                     "demand.level_date_4=never", "demand.level_date_5=never",
                                     "demand.level_date_6=never", NULL};
    run_set a;
    run_reps(ov, &a);
    for (int g = 1; g < MIG_GROUPS; g++)
        if (g != 8) cr_expect_eq(a.group_coast[g], 0, "group %d got %g coast arrivals", g, a.group_coast[g]);
    cr_expect_gt(a.group_coast[0], 2 * a.group_coast[8], "group 0: %g, group 8: %g", a.group_coast[0],
                 a.group_coast[8]);
    run_free(&a);
}

/* ---- French policing effort --------------------------------------------------------- */

/* French parameters with no dated periods (effort and boarded factors 1). */
static french_params french_no_periods(void)
{
    french_params p = {.officers = 1200, .reference_officers = 1200, .prevention_at_reference = 0.4, .boarded_share = 0.6};
    for (int k = 0; k < FRENCH_PERIODS; k++) {
        p.effort_date[k] = CFG_DATE_NEVER;
        p.effort[k] = 1;
        p.boarded_factor[k] = 1;
    }
    return p;
}

/* Two periods, from 2024-07-01 and from 2025-07-01, with their effort and boarded factors. */
static void set_two_periods(french_params *p, double effort_1, double factor_1, double effort_2, double factor_2)
{
    p->effort_date[0] = day_of("2024-07-01");
    p->effort[0] = effort_1;
    p->boarded_factor[0] = factor_1;
    p->effort_date[1] = day_of("2025-07-01");
    p->effort[1] = effort_2;
    p->boarded_factor[1] = factor_2;
    cr_assert_eq(french_params_check(p), SIM_OK, "%s", sim_error_message());
}

Test(french_effort, effort_by_date_known_answers)
{
    french_params p = french_no_periods();
    cr_expect_eq(french_effort(&p, day_of("2025-01-01")), 1.0, "no changes: 1");
    set_two_periods(&p, 1.3, 1, 0.5, 1);
    cr_expect_eq(french_effort(&p, day_of("2024-06-30")), 1.0);
    cr_expect_eq(french_effort(&p, day_of("2024-07-01")), 1.3);
    cr_expect_eq(french_effort(&p, day_of("2025-06-30")), 1.3);
    cr_expect_eq(french_effort(&p, day_of("2025-07-01")), 0.5);
    /* Effective deployment compounds like officers: 0.5 x 1200 officers evenly -> 1 - 0.6^0.5. */
    french_police f;
    french_reset(&f, &p);
    french_set_date(&f, day_of("2025-08-01"));
    cr_expect_float_eq(french_beach_prevention(&f, 0), 1 - sqrt(0.6), 1e-12);
    p.effort_date[1] = day_of("2024-01-01"); /* before effort_date_1 */
    expect_refused(french_params_check(&p), "effort_date_2");
    p.effort_date[1] = CFG_DATE_NEVER;
    p.effort_date[2] = day_of("2026-01-01"); /* after an unused one */
    expect_refused(french_params_check(&p), "effort_date_3");
}

/* Effort 0 from the first recorded day: nobody is stopped on the beach after it
 * (shallow-water interceptions are off in the baseline), while effort 1 stops many. */
Test(french_effort, zero_effort_stops_no_launch)
{
    static const char *const zero[] = {SHORT, "french_police.effort_date_1=2023-01-01", "french_police.effort_1=0", NULL};
    static const char *const one[] = {SHORT, "french_police.effort_date_1=2023-01-01", "french_police.effort_1=1", NULL};
    run_set a, b;
    run_reps(zero, &a);
    run_reps(one, &b);
    for (int r = 0; r < REPS; r++) {
        cr_expect_eq(a.tot[r][M_PREVENTED_LAUNCHES], 0, "replication %d: %g launches prevented with effort 0", r,
                     a.tot[r][M_PREVENTED_LAUNCHES]);
        cr_expect_gt(b.tot[r][M_PREVENTED_LAUNCHES], 10, "replication %d: effort 1", r);
    }
    run_free(&a);
    run_free(&b);
}

/* The boarded share by period: boarded_share x boarded_factor_k of the period (x 1
 * before the first date), capped at 1, and what french_set_date hands the launches. */
Test(french_effort, boarded_share_by_date_known_answers)
{
    french_params p = french_no_periods();
    cr_expect_eq(french_boarded_share(&p, day_of("2025-01-01")), 0.6, "no periods: boarded_share");
    set_two_periods(&p, 1, 0.5, 1, 2);
    cr_expect_eq(french_boarded_share(&p, day_of("2024-06-30")), 0.6);
    cr_expect_eq(french_boarded_share(&p, day_of("2024-07-01")), 0.3);
    cr_expect_eq(french_boarded_share(&p, day_of("2025-06-30")), 0.3);
    cr_expect_eq(french_boarded_share(&p, day_of("2025-07-01")), 1.0, "0.6 x 2 capped at 1");
    french_police f;
    french_reset(&f, &p);
    cr_expect_eq(f.boarded_share, 0.6, "before any date");
    french_set_date(&f, day_of("2024-08-01"));
    cr_expect_eq(f.boarded_share, 0.3);
    cr_expect_eq(f.effort, 1.0, "the effort of the period is its own");
}

/* A boarded factor of 0.5 from the start of the run stops about half as many people per
 * prevented launch as a factor of 1 (ceil(share x load) people each), in every
 * replication: at most 0.6 times, and launches are still stopped. */
Test(french_effort, a_lower_boarded_factor_stops_fewer_people_per_launch)
{
    static const char *const half[] = {SHORT, "french_police.effort_date_1=2023-01-01", "french_police.effort_1=1",
                                       "french_police.boarded_factor_1=0.5", NULL};
    static const char *const one[] = {SHORT, "french_police.effort_date_1=2023-01-01", "french_police.effort_1=1",
                                      "french_police.boarded_factor_1=1", NULL};
    run_set a, b;
    run_reps(half, &a);
    run_reps(one, &b);
    for (int r = 0; r < REPS; r++) {
        cr_assert_gt(a.tot[r][M_PREVENTED_LAUNCHES], 10, "replication %d: launches stopped", r);
        cr_assert_gt(b.tot[r][M_PREVENTED_LAUNCHES], 10, "replication %d: launches stopped", r);
        double per_half = a.tot[r][M_PREVENTED_PEOPLE] / a.tot[r][M_PREVENTED_LAUNCHES];
        double per_one = b.tot[r][M_PREVENTED_PEOPLE] / b.tot[r][M_PREVENTED_LAUNCHES];
        cr_log_info("replication %d: people per prevented launch %g with factor 0.5, %g with 1", r, per_half, per_one);
        cr_expect_lt(per_half, 0.6 * per_one, "replication %d: %g people per prevented launch with factor 0.5, %g with 1", r,
                     per_half, per_one);
    }
    run_free(&a);
    run_free(&b);
}

/* ---- supply season ---------------------------------------------------------------- */

Test(supply_season, multipliers_must_average_one)
{
    gang_params p = {.target_load = 50, .min_load = 40, .max_load = 90, .price_min = 1, .price_max = 10,
                     .price_initial = 5, .initial_gangs = 1, .max_gangs = 2};
    for (int m = 0; m < GANG_MONTHS; m++) p.supply_season[m] = 1;
    for (int k = 0; k < GANG_SUPPLY_ANCHORS; k++) p.supply_date[k] = CFG_DATE_NEVER;
    cr_expect_eq(gang_params_check(&p), SIM_OK, "%s", sim_error_message());
    p.supply_season[0] = 2;
    expect_refused(gang_params_check(&p), "supply_season");
}

/* The supply level: linear between anchors, flat outside, supply_per_day without
 * anchors; anchors out of order, after an unused one or without a level are refused. */
Test(supply_season, supply_level_by_date_known_answers)
{
    gang_params p = {.target_load = 50, .min_load = 40, .max_load = 90, .price_min = 1, .price_max = 10,
                     .price_initial = 5, .initial_gangs = 1, .max_gangs = 2, .supply_per_day = 5};
    for (int m = 0; m < GANG_MONTHS; m++) p.supply_season[m] = 1;
    for (int k = 0; k < GANG_SUPPLY_ANCHORS; k++) p.supply_date[k] = CFG_DATE_NEVER;
    cr_expect_eq(gang_supply_level(&p, day_of("2023-01-01")), 5, "no anchors: supply_per_day");
    p.supply_date[0] = day_of("2022-07-01");
    p.supply[0] = 8;
    p.supply_date[1] = day_of("2023-07-01");
    p.supply[1] = 4;
    cr_assert_eq(gang_params_check(&p), SIM_OK, "%s", sim_error_message());
    cr_expect_eq(gang_supply_level(&p, day_of("2021-01-01")), 8);
    cr_expect_float_eq(gang_supply_level(&p, day_of("2022-07-01") + 73), 8 - 4 * 73.0 / 365, 1e-12);
    cr_expect_eq(gang_supply_level(&p, day_of("2026-01-01")), 4);
    p.supply[1] = 0;
    expect_refused(gang_params_check(&p), "supply_2");
    p.supply[1] = 4;
    p.supply_date[1] = day_of("2022-01-01");
    expect_refused(gang_params_check(&p), "supply_date_2");
    p.supply_date[1] = CFG_DATE_NEVER;
    p.supply_date[3] = day_of("2026-01-01");
    expect_refused(gang_params_check(&p), "supply_date_4");
}

/*
 * Deliveries follow the season: with all of the year's supply in July and August
 * (6 each) the supply chain delivers nothing in the other months, so boats launched in
 * a winter horizon (after the warm-up's stock is used) fall far below a flat season's.
 */
Test(supply_season, deliveries_follow_the_season)
{
#define WINTER "scenario.days=90", "scenario.warmup_days=60", "scenario.start_date=2023-11-01"
    static const char *const summer[] = {WINTER, "gangs.supply_season=0,0,0,0,0,0,6,6,0,0,0,0", NULL};
    static const char *const flat[] = {WINTER, "gangs.supply_season=1,1,1,1,1,1,1,1,1,1,1,1", NULL};
#undef WINTER
    run_set a, b;
    run_reps(summer, &a);
    run_reps(flat, &b);
    double ba = launches(&a), bb = launches(&b);
    cr_log_info("launches in winter: %g (summer-only supply), %g (flat)", ba, bb);
    cr_expect_lt(ba, 0.5 * bb, "launches %g with summer-only supply vs %g flat", ba, bb);
    run_free(&a);
    run_free(&b);
}

/*
 * An opening anchor (issue #12's 2022 diagnosis): the six anchors the supply chain
 * holds, the first on the replay's first day, give the first half year its own level
 * (a ramp to the mid-year anchor instead of the mid-year level held flat), and a
 * seventh anchor does not exist.
 */
Test(supply_season, an_opening_anchor_gives_the_first_half_year_its_own_supply)
{
    gang_params p = {.target_load = 50, .min_load = 40, .max_load = 90, .price_min = 1, .price_max = 10,
                     .price_initial = 5, .initial_gangs = 1, .max_gangs = 2, .supply_per_day = 5};
    for (int m = 0; m < GANG_MONTHS; m++) p.supply_season[m] = 1;
    cr_assert_eq(GANG_SUPPLY_ANCHORS, 6);
    static const char *const dates[] = {"2022-01-01", "2022-07-01", "2023-07-01",
                                        "2024-07-01", "2025-07-01", "2026-07-01"};
    for (int k = 0; k < GANG_SUPPLY_ANCHORS; k++) {
        p.supply_date[k] = day_of(dates[k]);
        p.supply[k] = k + 1;
    }
    cr_assert_eq(gang_params_check(&p), SIM_OK, "%s", sim_error_message());
    cr_expect_eq(gang_supply_anchors(&p), 6);
    cr_expect_eq(gang_supply_level(&p, day_of("2021-07-01")), 1, "flat before the opening anchor");
    cr_expect_float_eq(gang_supply_level(&p, day_of("2022-04-01")), 1 + 90.0 / 181, 1e-12);
    cr_expect_eq(gang_supply_level(&p, day_of("2026-07-01")), 6, "the sixth anchor is used");
    cr_expect_eq(gang_supply_level(&p, day_of("2027-01-01")), 6);
    const cfg_param *seventh = NULL;
    for (size_t i = 0; i < gang_param_count; i++)
        if (strcmp(gang_param_list[i].key, "supply_date_7") == 0) seventh = &gang_param_list[i];
    cr_expect_null(seventh, "no seventh supply anchor key");
}

/*
 * The opening anchor reaches the model: a run whose supply starts at 20 boats a day on
 * its first day (ramping to 5 by mid-year) launches more boats in its first 120 days
 * than one that starts at 2 a day, with the same later anchor.
 */
Test(supply_season, the_opening_anchor_drives_launches)
{
#define OPEN "scenario.days=120", "scenario.warmup_days=30", "scenario.start_date=2022-01-01", \
             "gangs.supply_date_1=2022-01-01", "gangs.supply_date_2=2022-07-01", "gangs.supply_2=5",  \
             "gangs.supply_date_3=never", "gangs.supply_date_4=never", "gangs.supply_date_5=never",    \
             "gangs.supply_date_6=never"
    static const char *const many[] = {OPEN, "gangs.supply_1=20", NULL};
    static const char *const few[] = {OPEN, "gangs.supply_1=2", NULL};
#undef OPEN
    run_set a, b;
    run_reps(many, &a);
    run_reps(few, &b);
    double la = launches(&a), lb = launches(&b);
    cr_log_info("launches in the first 120 days: %g (opening supply 20), %g (2)", la, lb);
    cr_expect_gt(la, 1.3 * lb, "launches %g with an opening supply of 20 vs %g with 2", la, lb);
    run_free(&a);
    run_free(&b);
}

/* The opening load (issue #12's 2022): a line from opening_load on its date to
 * target_load on load_reference_date, flat before; 0 is the growth curve bit for bit;
 * a date missing or not before the reference, or a load above max_load, is refused. */
Test(supply_season, opening_load_known_answers)
{
    gang_params p = {.target_load = 50, .min_load = 40, .max_load = 90, .load_elasticity = 1};
    p.price_min = 1, p.price_max = 10, p.price_initial = 5, p.initial_gangs = 1, p.max_gangs = 2;
    for (int m = 0; m < GANG_MONTHS; m++) p.supply_season[m] = 1;
    for (int k = 0; k < GANG_SUPPLY_ANCHORS; k++) p.supply_date[k] = CFG_DATE_NEVER;
    p.target_load_growth = 0.1;
    p.load_reference_date = 19358;    /* 2023-01-01 */
    p.opening_load_date = 19358 - 365; /* 2022-01-01 */
    const double off_before = gang_target_load(&p, 19358 - 100);
    cr_expect_float_eq(off_before, 50 * pow(1.1, -100 / 365.25), 1e-9, "opening_load 0: the growth curve");
    p.opening_load = 30;
    cr_assert_eq(gang_params_check(&p), SIM_OK, "%s", sim_error_message());
    p.min_load = 25;
    cr_expect_float_eq(gang_target_load(&p, 19358 - 365), 30, 1e-12);
    cr_expect_float_eq(gang_target_load(&p, 19358 - 365 - 200), 30, 1e-12, "flat before its date");
    cr_expect_float_eq(gang_target_load(&p, 19358 - 73), 30 + 20 * 292.0 / 365, 1e-12);
    cr_expect_float_eq(gang_target_load(&p, 19358), 50, 1e-12);
    cr_expect_float_eq(gang_target_load(&p, 19358 + 731), 50 * pow(1.1, 731 / 365.25), 1e-9, "growth after");
    p.min_load = 40;
    cr_expect_float_eq(gang_target_load(&p, 19358 - 365), 40, 1e-12, "clamped to min_load");
    p.opening_load_date = CFG_DATE_NEVER;
    expect_refused(gang_params_check(&p), "opening_load_date");
    p.opening_load_date = 19358;
    expect_refused(gang_params_check(&p), "opening_load_date");
    p.opening_load_date = 19358 - 365;
    p.opening_load = 95;
    expect_refused(gang_params_check(&p), "max_load");
}
