/**
 * @file metrics.c
 * @brief The Channel model's output tables and the set it hands the engine
 *        (model_metric_set): what the writer, exporter, plots and summaries show.
 */
#include "models/metrics.h"

#include <stddef.h>

const sim_metric metric_table[M_COUNT] = {
    [M_ARRIVALS] = {"arrivals", "people", METRIC_FLOW, -1, -1, "Arrivals in the UK",
                    "people arriving in the UK by small boat"},
    [M_BOATS] = {"boats", "boats", METRIC_FLOW, -1, -1, "Boats arriving", "boats arriving in the UK"},
    [M_PEOPLE_PER_BOAT] = {"people_per_boat", "people/boat", METRIC_RATIO, M_ARRIVALS, M_BOATS, "People per boat",
                           "arrivals / boats"},
    [M_LAUNCHES] = {"launches", "boats", METRIC_FLOW, -1, -1, "Launch attempts",
                    "launch attempts (boats leaving or trying to leave the beach)"},
    [M_PREVENTED_PEOPLE] = {"prevented_people", "people", METRIC_FLOW, -1, -1, "People prevented by France",
                            "people stopped by French authorities (beach, shallow water, returned to France after rescue)"},
    [M_PREVENTED_LAUNCHES] = {"prevented_launches", "boats", METRIC_FLOW, -1, -1, "Launches prevented by France",
                              "launch attempts stopped"},
    [M_DEATHS] = {"deaths", "people", METRIC_FLOW, -1, -1, "Deaths at sea", "deaths at sea"},
    [M_GAVE_UP] = {"gave_up", "people", METRIC_FLOW, -1, -1, "People giving up",
                   "people leaving the coast for good (claim in France, move on)"},
    [M_WAITING] = {"waiting", "people", METRIC_STOCK, -1, -1, "People waiting on the coast",
                   "people on the French coast (booked or not)"},
    [M_COAST_ARRIVALS] = {"coast_arrivals", "people", METRIC_FLOW, -1, -1, "Arrivals on the French coast",
                          "people newly arriving on the French coast"},
    [M_REMOVED] = {"removed", "people", METRIC_FLOW, -1, -1, "Offshore removals", "offshore removals (Rwanda scheme)"},
    [M_RETURNED] = {"returned", "people", METRIC_FLOW, -1, -1, "Returns, all routes",
                    "all returns: France pilot + fast-track + ordinary"},
    [M_RETURNED_FRANCE] = {"returned_france", "people", METRIC_FLOW, -1, -1, "Returns to France (pilot)",
                           "returns to France under the UK-France pilot"},
    [M_RETURNED_FASTTRACK] = {"returned_fasttrack", "people", METRIC_FLOW, -1, -1, "Fast-track returns",
                              "fast-track returns to safe countries"},
    [M_RETURNED_ORDINARY] = {"returned_ordinary", "people", METRIC_FLOW, -1, -1, "Ordinary returns",
                             "ordinary enforced returns of refused claimants"},
    [M_ADMITTED] = {"admitted", "people", METRIC_FLOW, -1, -1, "Legal admissions from France",
                    "legal admissions from France (one in, one out)"},
    [M_BACKLOG] = {"backlog", "people", METRIC_STOCK, -1, -1, "Asylum backlog",
                   "asylum claims awaiting an initial decision"},
    [M_ACCOMMODATED] = {"accommodated", "people", METRIC_STOCK, -1, -1, "People in accommodation or detention",
                        "people in asylum accommodation or detention"},
    [M_GANGS] = {"gangs", "gangs", METRIC_STOCK, -1, -1, "Active smuggling gangs", "active smuggling gangs"},
    [M_BOAT_STOCK] = {"boat_stock", "boats", METRIC_STOCK, -1, -1, "Boats held by gangs",
                      "boats and engines held by gangs on the coast"},
    [M_PRICE] = {"price", "EUR", METRIC_LEVEL, -1, -1, "Price per seat", "price of a seat, EUR"},
    [M_COST] = {"cost", "GBP", METRIC_STOCK, -1, -1, "Cumulative public cost", "cumulative public cost, GBP"},
    [M_SUITABLE_DAYS] = {"suitable_days", "days", METRIC_FLOW, -1, -1, "Days with crossing weather",
                         "days with crossing weather (calm or marginal sea)"},
    [M_DAYS_WITH_ARRIVALS] = {"days_with_arrivals", "days", METRIC_FLOW, -1, -1, "Days with arrivals",
                              "days with at least one arrival"},
    [M_GANGS_DISMANTLED] = {"gangs_dismantled", "gangs", METRIC_FLOW, -1, -1, "Gangs dismantled",
                            "gangs dismantled by enforcement"},
    [M_BOATS_SEIZED] = {"boats_seized", "boats", METRIC_FLOW, -1, -1, "Boats and engines seized",
                        "boats and engines seized (supply chain and beach)"},
};

const sim_metric daily_table[D_COUNT] = {
    [D_ARRIVALS] = {"arrivals", "people", METRIC_FLOW, -1, -1, "Arrivals in the UK", NULL},
    [D_BOATS] = {"boats", "boats", METRIC_FLOW, -1, -1, "Boats arriving", NULL},
    [D_LAUNCHES] = {"launches", "boats", METRIC_FLOW, -1, -1, "Launch attempts", NULL},
    [D_PREVENTED_PEOPLE] = {"prevented_people", "people", METRIC_FLOW, -1, -1, "People prevented", NULL},
    [D_DEATHS] = {"deaths", "people", METRIC_FLOW, -1, -1, "Deaths at sea", NULL},
    [D_SEA_STATE] = {"sea_state", "0 calm, 1 marginal, 2 rough", METRIC_LEVEL, -1, -1, "Sea state",
                     "0 calm, 1 marginal, 2 rough"},
    [D_PREVENTED_LAUNCHES] = {"prevented_launches", "boats", METRIC_FLOW, -1, -1, "Launches prevented", NULL},
};

const sim_metric group_metric_table[G_COUNT] = {
    [G_ARRIVALS] = {"arrivals", "people", METRIC_FLOW, -1, -1, "Arrivals in the UK",
                    "arrivals in the UK of this group"},
    [G_COAST_ARRIVALS] = {"coast_arrivals", "people", METRIC_FLOW, -1, -1, "Arrivals on the French coast",
                          "arrivals on the French coast of this group"},
    [G_GAVE_UP] = {"gave_up", "people", METRIC_FLOW, -1, -1, "People giving up",
                   "people of this group leaving the coast"},
    [G_RETURNED] = {"returned", "people", METRIC_FLOW, -1, -1, "Removals and returns",
                    "removals and returns of this group (all routes)"},
    [G_BELIEF] = {"belief", "probability", METRIC_STOCK, -1, -1, "Learned chance of removal or return",
                  "the group's learned chance of removal or return, end of week"},
};

/* Extra cost per unit prevented, reported with every paired comparison (compare.h). */
static const sim_metric_effect effects[] = {
    {"cost_per_crossing_prevented", "GBP/person", "Extra cost per crossing prevented", "cost", "arrivals"},
    {"cost_per_death_averted", "GBP/person", "Extra cost per death averted", "cost", "deaths"},
};

/* What `chansim run` prints for each scenario: totals over the horizon. */
static const sim_metric_column headline[] = {
    {"arrivals", "arrivals", 1},   {"boats", "boats", 1},     {"people_per_boat", "people_per_boat", 1},
    {"launches", "launches", 1},   {"prevented_people", "prevented_people", 1},
    {"deaths", "deaths", 1},       {"gave_up", "gave_up", 1}, {"waiting", "waiting", 1},
    {"removed", "removed", 1},     {"returned", "returned", 1}, {"admitted", "admitted", 1},
    {"backlog", "backlog", 1},     {"gangs", "gangs", 1},     {"price", "price", 1},
    {"cost", "cost", 1},
};

/* What `chansim batch` prints for each scenario's paired difference from the baseline. */
static const sim_metric_column compare_columns[] = {
    {"arrivals", "arrivals", 1},
    {"deaths", "deaths", 1},
    {"cost", "cost (GBP m)", 1e6},
    {"cost_per_crossing_prevented", "GBP k per crossing prevented", 1e3},
};

static const sim_metric_set channel_set = {
    .model = "the Channel model",
    .weekly = metric_table,
    .nweekly = M_COUNT,
    .daily = daily_table,
    .ndaily = D_COUNT,
    .group = group_metric_table,
    .ngroup = G_COUNT,
    .groups = MIG_GROUPS,
    .effects = effects,
    .neffects = sizeof effects / sizeof effects[0],
    .headline = headline,
    .nheadline = sizeof headline / sizeof headline[0],
    .compare = compare_columns,
    .ncompare = sizeof compare_columns / sizeof compare_columns[0],
};

const sim_metric_set *model_metric_set(void) { return &channel_set; }
