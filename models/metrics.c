#include "models/metrics.h"

#include <string.h>

const metric_info metric_table[M_COUNT] = {
    [M_ARRIVALS] = {"arrivals", "people", METRIC_FLOW, -1, -1, "Arrivals in the UK"},
    [M_BOATS] = {"boats", "boats", METRIC_FLOW, -1, -1, "Boats arriving"},
    [M_PEOPLE_PER_BOAT] = {"people_per_boat", "people/boat", METRIC_RATIO, M_ARRIVALS, M_BOATS, "People per boat"},
    [M_LAUNCHES] = {"launches", "boats", METRIC_FLOW, -1, -1, "Launch attempts"},
    [M_PREVENTED_PEOPLE] = {"prevented_people", "people", METRIC_FLOW, -1, -1, "People prevented by France"},
    [M_PREVENTED_LAUNCHES] = {"prevented_launches", "boats", METRIC_FLOW, -1, -1, "Launches prevented by France"},
    [M_DEATHS] = {"deaths", "people", METRIC_FLOW, -1, -1, "Deaths at sea"},
    [M_GAVE_UP] = {"gave_up", "people", METRIC_FLOW, -1, -1, "People giving up"},
    [M_WAITING] = {"waiting", "people", METRIC_STOCK, -1, -1, "People waiting on the coast"},
    [M_COAST_ARRIVALS] = {"coast_arrivals", "people", METRIC_FLOW, -1, -1, "Arrivals on the French coast"},
    [M_REMOVED] = {"removed", "people", METRIC_FLOW, -1, -1, "Offshore removals"},
    [M_RETURNED] = {"returned", "people", METRIC_FLOW, -1, -1, "Returns, all routes"},
    [M_RETURNED_FRANCE] = {"returned_france", "people", METRIC_FLOW, -1, -1, "Returns to France (pilot)"},
    [M_RETURNED_FASTTRACK] = {"returned_fasttrack", "people", METRIC_FLOW, -1, -1, "Fast-track returns"},
    [M_RETURNED_ORDINARY] = {"returned_ordinary", "people", METRIC_FLOW, -1, -1, "Ordinary returns"},
    [M_ADMITTED] = {"admitted", "people", METRIC_FLOW, -1, -1, "Legal admissions from France"},
    [M_BACKLOG] = {"backlog", "people", METRIC_STOCK, -1, -1, "Asylum backlog"},
    [M_ACCOMMODATED] = {"accommodated", "people", METRIC_STOCK, -1, -1, "People in accommodation or detention"},
    [M_GANGS] = {"gangs", "gangs", METRIC_STOCK, -1, -1, "Active smuggling gangs"},
    [M_BOAT_STOCK] = {"boat_stock", "boats", METRIC_STOCK, -1, -1, "Boats held by gangs"},
    [M_PRICE] = {"price", "EUR", METRIC_LEVEL, -1, -1, "Price per seat"},
    [M_COST] = {"cost", "GBP", METRIC_STOCK, -1, -1, "Cumulative public cost"},
    [M_SUITABLE_DAYS] = {"suitable_days", "days", METRIC_FLOW, -1, -1, "Days with crossing weather"},
    [M_DAYS_WITH_ARRIVALS] = {"days_with_arrivals", "days", METRIC_FLOW, -1, -1, "Days with arrivals"},
    [M_GANGS_DISMANTLED] = {"gangs_dismantled", "gangs", METRIC_FLOW, -1, -1, "Gangs dismantled"},
    [M_BOATS_SEIZED] = {"boats_seized", "boats", METRIC_FLOW, -1, -1, "Boats and engines seized"},
};

const metric_info daily_table[D_COUNT] = {
    [D_ARRIVALS] = {"arrivals", "people", METRIC_FLOW, -1, -1, "Arrivals in the UK"},
    [D_BOATS] = {"boats", "boats", METRIC_FLOW, -1, -1, "Boats arriving"},
    [D_LAUNCHES] = {"launches", "boats", METRIC_FLOW, -1, -1, "Launch attempts"},
    [D_PREVENTED_PEOPLE] = {"prevented_people", "people", METRIC_FLOW, -1, -1, "People prevented"},
    [D_DEATHS] = {"deaths", "people", METRIC_FLOW, -1, -1, "Deaths at sea"},
    [D_SEA_STATE] = {"sea_state", "0 calm, 1 marginal, 2 rough", METRIC_LEVEL, -1, -1, "Sea state"},
};

const metric_info group_metric_table[G_COUNT] = {
    [G_ARRIVALS] = {"arrivals", "people", METRIC_FLOW, -1, -1, "Arrivals in the UK"},
    [G_COAST_ARRIVALS] = {"coast_arrivals", "people", METRIC_FLOW, -1, -1, "Arrivals on the French coast"},
    [G_GAVE_UP] = {"gave_up", "people", METRIC_FLOW, -1, -1, "People giving up"},
    [G_RETURNED] = {"returned", "people", METRIC_FLOW, -1, -1, "Removals and returns"},
    [G_BELIEF] = {"belief", "probability", METRIC_STOCK, -1, -1, "Learned chance of removal or return"},
};

int metric_find(const char *name)
{
    for (int m = 0; m < M_COUNT; m++)
        if (strcmp(metric_table[m].name, name) == 0) return m;
    return -1;
}
