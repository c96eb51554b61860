/**
 * @file test_calweek.c
 * @brief Calendar weeks of a horizon (sim/engine/calweek.h): counts, spans and
 *        partial first and last weeks, checked against hand-worked calendars.
 */
#include <criterion/criterion.h>

#include "sim/engine/calweek.h"
#include "sim/engine/date.h"

static int day_of(const char *iso)
{
    int d = 0;
    cr_assert_eq(cfg_parse_date(iso, &d), SIM_OK, "%s", iso);
    return d;
}

Test(calweek, monday_start_gives_whole_weeks)
{
    int mon = day_of("2024-01-01"); /* a Monday */
    cr_expect_eq(calweek_count(mon, 14), 2);
    cr_expect_eq(calweek_count(mon, 15), 3, "a 15th day opens a partial third week");
    cr_expect_eq(calweek_monday(mon, 1), day_of("2024-01-08"));
    cr_expect_eq(calweek_index(mon, 6), 0, "Sunday is the last day of week 0");
    cr_expect_eq(calweek_index(mon, 7), 1);
    cr_expect_eq(calweek_days(mon, 15, 0), 7);
    cr_expect_eq(calweek_days(mon, 15, 2), 1);
    cr_expect(!calweek_partial(mon, 15, 1));
    cr_expect(calweek_partial(mon, 15, 2));
}

Test(calweek, thursday_start_has_a_partial_first_week)
{
    /* Thursday 2025-01-02 for 62 days (to Tuesday 2025-03-04): weeks from Monday 2024-12-30. */
    int thu = day_of("2025-01-02");
    cr_expect_eq(cfg_date_weekday(thu), 4);
    cr_expect_eq(calweek_count(thu, 62), 10, "4 days + 8 whole weeks + 2 days");
    cr_expect_eq(calweek_monday(thu, 0), day_of("2024-12-30"));
    int a, b;
    calweek_span(thu, 62, 0, &a, &b);
    cr_expect(a == thu && b == day_of("2025-01-06"), "week 0 runs Thursday to Sunday 2025-01-05");
    cr_expect_eq(calweek_days(thu, 62, 0), 4);
    cr_expect(calweek_partial(thu, 62, 0));
    calweek_span(thu, 62, 1, &a, &b);
    cr_expect(a == day_of("2025-01-06") && b == day_of("2025-01-13"), "week 1 is a whole Monday-Sunday week");
    cr_expect(!calweek_partial(thu, 62, 8));
    calweek_span(thu, 62, 9, &a, &b);
    cr_expect(a == day_of("2025-03-03") && b == day_of("2025-03-05"), "week 9: Monday and Tuesday");
    cr_expect_eq(calweek_days(thu, 62, 9), 2);
    cr_expect_eq(calweek_index(thu, 0), 0);
    cr_expect_eq(calweek_index(thu, 3), 0, "Sunday 2025-01-05");
    cr_expect_eq(calweek_index(thu, 4), 1, "Monday 2025-01-06");
    /* Every day lands in exactly one week, and the weeks' days add up to the horizon. */
    int sum = 0;
    for (int k = 0; k < calweek_count(thu, 62); k++) sum += calweek_days(thu, 62, k);
    cr_expect_eq(sum, 62);
}

Test(calweek, single_days_and_dates_before_1970)
{
    int sun = day_of("2025-01-05");
    cr_expect_eq(calweek_count(sun, 1), 1);
    cr_expect_eq(calweek_count(sun, 2), 2, "Sunday then Monday: two weeks of a day each");
    cr_expect_eq(calweek_days(sun, 2, 1), 1);
    int old = day_of("1969-12-31"); /* a Wednesday: negative day numbers */
    cr_expect_eq(calweek_monday(old, 0), day_of("1969-12-29"));
    cr_expect_eq(calweek_count(old, 5), 1, "Wednesday to Sunday");
    cr_expect_eq(calweek_count(old, 6), 2);
}
