/**
 * @file online.c
 * @brief Online disruption: while in force, social-media advertising by the gangs is
 *        taken down, and people book seats less readily.
 */
#include <stddef.h>

#include "models/policies/policy.h"

/** Online disruption, social-media advertising taken down: section [online]. */
typedef struct {
    policy_window window;        /**< when takedowns are in force */
    double booking_factor;       /**< bookings a gang makes relative to without takedowns, - */
    double cost_per_year;        /**< cost, GBP/year */
} online_params;
_Static_assert(offsetof(online_params, window) == 0, "a policy's window comes first");

#define O_OFF(field) offsetof(online_params, field)

static const cfg_param online_param_list[] = {
    POLICY_WINDOW_PARAMS("online", O_OFF(window), "social-media takedowns"),
    {"online", "booking_factor", CFG_DOUBLE, O_OFF(booking_factor), 0, 0, 1, "0.85", "-",
     "bookings relative to without takedowns", "assumption to sweep"},
    {"online", "cost_per_year", CFG_DOUBLE, O_OFF(cost_per_year), 0, 0, 1e11, "2000000", "GBP/year",
     "cost of takedowns", "assumption"},
};

static void online_booking(const void *params, double *booking_factor)
{
    *booking_factor *= ((const online_params *)params)->booking_factor;
}

static double online_cost_per_year(const void *params) { return ((const online_params *)params)->cost_per_year; }

const policy_def online_policy = {
    .section = "online",
    .summary = "takedowns of the gangs' social-media advertising, which lower bookings",
    .params = online_param_list,
    .nparams = sizeof online_param_list / sizeof online_param_list[0],
    .params_size = sizeof(online_params),
    .booking = online_booking,
    .cost_per_year = online_cost_per_year,
};
