/**
 * @file gangs.c
 * @brief Smuggling gangs: seat sales, supply chain, launches, price, entry.
 */
#include "models/agents/gangs.h"

#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "sim/engine/anchors.h"


#define G_OFF(field) offsetof(gang_params, field)

const cfg_param gang_param_list[] = {
    {"gangs", "initial_gangs", CFG_DOUBLE, G_OFF(initial_gangs), 0, 0, GANG_MAX, "15", "gangs",
     "gangs active when the warm-up starts", "assumption"},
    {"gangs", "max_gangs", CFG_DOUBLE, G_OFF(max_gangs), 0, 1, GANG_MAX, "40", "gangs",
     "most gangs active at once", "assumption"},
    {"gangs", "initial_stock", CFG_DOUBLE, G_OFF(initial_stock), 0, 0, 1000, "4", "boats",
     "boats held by a new gang", "assumption"},
    {"gangs", "initial_cash", CFG_DOUBLE, G_OFF(initial_cash), 0, 0, 1e9, "50000", "EUR",
     "money held by a new gang", "assumption"},
    {"gangs", "target_load", CFG_DOUBLE, G_OFF(target_load), 0, 1, 200, "55", "people",
     "people per boat when boats are plentiful", "assumption near SB_01 people per boat 2024 (53) and 2025 (62)"},
    {"gangs", "target_load_growth", CFG_DOUBLE, G_OFF(target_load_growth), 0, -0.5, 2, "0", "1/year",
     "relative growth of the target load per year from load_reference_date (the mix of boat sizes shifting to bigger boats)",
     "[calibrate]; facts.md: boats of 71-80 people rose from 2 (FY2021-22) to 102 (FY2024-25), of 80+ from 6 to 26"},
    {"gangs", "load_reference_date", CFG_DATE, G_OFF(load_reference_date), 0, 0, CFG_DATE_NEVER - 1, "2023-01-01", "date",
     "the date target_load refers to", "convention: the start of the calibration period (as migrants.inflow_reference_date)"},
    {"gangs", "opening_load", CFG_DOUBLE, G_OFF(opening_load), 0, 0, 200, "0", "people",
     "target load on opening_load_date, linear from there to target_load on load_reference_date (flat before; clamped to min_load..max_load); 0: off, the growth curve before load_reference_date too (the model before it, bit for bit)",
     "[calibrate]: SB_01 people per boat 27.6 (2021), 28.5 (January-February 2022), 34.8 (2022H1), 44.4 (2022H2), 48.9 (2023): the boat sizes changed faster in 2022 than after"},
    {"gangs", "opening_load_date", CFG_DATE, G_OFF(opening_load_date), 0, 0, CFG_DATE_NEVER, "never", "date",
     "the date opening_load refers to (before load_reference_date; required when opening_load is set)",
     "convention: the first day of the record the fit covers (configs/calibration/history_schedule.ini)"},
    {"gangs", "load_elasticity", CFG_DOUBLE, G_OFF(load_elasticity), 0, 0, 2, "0.5", "-",
     "when boats are short, the load rises as (queue / what the boats a gang can count on carry at the target)^this; 0: never above the target, so the price rations alone",
     "[calibrate]: SB_01 people per boat rose 41 -> 49 -> 53 -> 62 (2022-25) while boats fell 1,110 -> 602-695"},
    {"gangs", "abundance_elasticity", CFG_DOUBLE, G_OFF(abundance_elasticity), 0, 0, 2, "0", "-",
     "when a gang holds more boats than its queue fills at the target, the load falls as (queue / what its boats carry at the target)^this, down to min_load; 0: never below the target (the model before it, bit for bit)",
     "[calibrate]: SB_01 people per boat by month, 2022-25: 39.6 in January and 45.2 in February, when gangs hold idle boats, against 51-53 in June-December; 41.2 with 1,110 boats in 2022 against 48.9 with 602 in 2023"},
    {"gangs", "max_load", CFG_DOUBLE, G_OFF(max_load), 0, 1, 200, "90", "people",
     "most people a gang puts in a boat", "parliamentary answer: boats with 80+ people rose from 6 (2021-22) to 26 (2024-25)"},
    {"gangs", "min_load", CFG_DOUBLE, G_OFF(min_load), 0, 1, 200, "40", "people",
     "customers a gang waits for before launching", "assumption"},
    {"gangs", "marginal_launch_prob", CFG_DOUBLE, G_OFF(marginal_launch_prob), 0, 0, 1, "0.35", "probability",
     "chance that a marginal-sea day is crossable (one draw for the whole coast)", "assumption"},
    {"gangs", "price_initial", CFG_DOUBLE, G_OFF(price_initial), 0, 0, 1e5, "3500", "EUR",
     "seat price when the warm-up starts", "NCA via press: average fell from EUR 4,500 to 3,000 in 2024"},
    {"gangs", "price_min", CFG_DOUBLE, G_OFF(price_min), 0, 0, 1e5, "500", "EUR",
     "lowest seat price", "press: as low as EUR 500"},
    {"gangs", "price_max", CFG_DOUBLE, G_OFF(price_max), 0, 0, 1e5, "10000", "EUR",
     "highest seat price", "press: up to about GBP 10,000 at the top end (taken as EUR 10,000)"},
    {"gangs", "price_response", CFG_DOUBLE, G_OFF(price_response), 0, 0, 1, "0.02", "1/day",
     "daily log-price change per unit of relative excess demand",
     "assumption, calibrated (calibrated.ini): prices fell in 2024 (NCA) while loads rose, so the price rations little"},
    {"gangs", "kit_cost", CFG_DOUBLE, G_OFF(kit_cost), 0, 0, 1e7, "8000", "EUR",
     "price of one boat with engine", "assumption"},
    {"gangs", "stock_buffer", CFG_DOUBLE, G_OFF(stock_buffer), 0, 0, 100, "3", "boats",
     "boats a gang wants beyond what its customers need", "assumption, calibrated (calibrated.ini): with lead_days, what bounds 2022's boats (docs/calibration.md section 6)"},
    {"gangs", "lead_days", CFG_DOUBLE, G_OFF(lead_days), 0, 1, GANG_LEAD_MAX - 1, "21", "days",
     "days from order to delivery on the coast", "assumption, calibrated (calibrated.ini): boats and engines reach the coast through Europe (NCA: seizures in Bulgaria and elsewhere)"},
    {"gangs", "supply_per_day", CFG_DOUBLE, G_OFF(supply_per_day), 0, 0, 1000, "5", "boats/day",
     "boats and engines the European supply chain can deliver (yearly mean; supply_season shapes it; replaced by supply anchors: setting both is refused)", "assumption: ~1,500 boats used a year (SB_01 boats + SB_02 prevented events)"},
#define SUPPLY(k)                                                                                                 \
    {"gangs", "supply_date_" #k, CFG_DATE, G_OFF(supply_date[k - 1]), 0, 0, CFG_DATE_NEVER, "never", "date",      \
     "anchor " #k " of the supply chain's level (never: this and later anchors unused; no anchors: supply_per_day)", \
     "convention: the dates of the demand's level anchors (configs/calibration/history_schedule.ini)"},                                  \
    {"gangs", "supply_" #k, CFG_DOUBLE, G_OFF(supply[k - 1]), 0, 0, 1000, "0", "boats/day",                       \
     "boats and engines the supply chain can deliver on supply_date_" #k " (linear between anchors, flat outside)", \
     "[calibrate]: SB_01 boats 1,110, 602, 695, 672 and SB_02/declaration prevented events 1,381 (2022) .. 845 (2025)"}
    SUPPLY(1), SUPPLY(2), SUPPLY(3), SUPPLY(4), SUPPLY(5), SUPPLY(6),
    {"gangs", "supply_season", CFG_DOUBLE_LIST, G_OFF(supply_season), GANG_MONTHS, 0, 10,
     "0.48,0.48,1.02,1.05,0.96,1.30,1.27,1.42,1.42,1.12,0.73,0.74", "-",
     "monthly multiplier of the supply chain's deliveries, Jan..Dec (mean 1): boats and engines are bought for the season",
     "shape: SB_01 2023-25 boats by month over their mean (26 in January, 78 in September); as that includes the weather, its strength is calibrated (0: flat supply)"},
    {"gangs", "base_seizure_share", CFG_DOUBLE, G_OFF(base_seizure_share), 0, 0, 1, "0.1", "probability",
     "share of boats seized in the supply chain without extra effort", "NCA: >650 boats and engines seized across Europe, early 2023 - Jul 2025"},
    {"gangs", "entry_rate", CFG_DOUBLE, G_OFF(entry_rate), 0, 0, 1, "0.1", "probability",
     "daily chance a new gang enters when the business pays well", "assumption"},
    {"gangs", "entry_revenue", CFG_DOUBLE, G_OFF(entry_revenue), 0, 0, 1e10, "150000", "EUR",
     "waiting demand per gang at which entry begins", "assumption"},
    {"gangs", "relocate_prob", CFG_DOUBLE, G_OFF(relocate_prob), 0, 0, 1, "0.02", "probability",
     "daily chance a gang moves to the least policed stretch of coast", "assumption"},
};
const size_t gang_param_count = sizeof gang_param_list / sizeof gang_param_list[0];

sim_status gang_params_check(const gang_params *p)
{
    if (!(p->min_load <= p->target_load && p->target_load <= p->max_load))
        return SIM_FAIL(SIM_ERR_CONFIG, "[gangs] min_load <= target_load <= max_load does not hold (%g, %g, %g)",
                        p->min_load, p->target_load, p->max_load);
    if (p->opening_load > 0 && !(p->opening_load_date < p->load_reference_date))
        return SIM_FAIL(SIM_ERR_CONFIG, "[gangs] opening_load is set (%g) but opening_load_date is not before "
                        "load_reference_date", p->opening_load);
    if (p->opening_load > p->max_load)
        return SIM_FAIL(SIM_ERR_CONFIG, "[gangs] opening_load (%g) exceeds max_load (%g)", p->opening_load, p->max_load);
    if (p->price_min > p->price_max || p->price_initial < p->price_min || p->price_initial > p->price_max)
        return SIM_FAIL(SIM_ERR_CONFIG, "[gangs] price_initial must lie in [price_min, price_max] (%g, %g, %g)",
                        p->price_initial, p->price_min, p->price_max);
    double mean = 0;
    for (int m = 0; m < GANG_MONTHS; m++) mean += p->supply_season[m] / GANG_MONTHS;
    if (fabs(mean - 1.0) > 0.01)
        return SIM_FAIL(SIM_ERR_CONFIG, "[gangs] supply_season: the monthly multipliers average %.4g, not 1 "
                        "(supply_per_day is the yearly mean)", mean);
    SIM_CHECK(anchors_check(p->supply_date, GANG_SUPPLY_ANCHORS, "gangs", "supply_date"));
    for (int k = 0; k < gang_supply_anchors(p); k++)
        if (!(p->supply[k] > 0))
            return SIM_FAIL(SIM_ERR_CONFIG, "[gangs] supply_%d must be positive when supply_date_%d is set (got %g)",
                            k + 1, k + 1, p->supply[k]);
    if (p->initial_gangs > p->max_gangs)
        return SIM_FAIL(SIM_ERR_CONFIG, "[gangs] initial_gangs (%g) exceeds max_gangs (%g)", p->initial_gangs,
                        p->max_gangs);
    return SIM_OK;
}

int gang_supply_anchors(const gang_params *p) { return anchors_used(p->supply_date, GANG_SUPPLY_ANCHORS); }

double gang_supply_level(const gang_params *p, int date)
{
    int n = gang_supply_anchors(p);
    if (n == 0) return p->supply_per_day;
    int lo, hi;
    double w;
    anchors_bracket(p->supply_date, n, date, &lo, &hi, &w);
    return (1 - w) * p->supply[lo] + w * p->supply[hi];
}

static inline int ring_slot(int day) { return ((day % GANG_LEAD_MAX) + GANG_LEAD_MAX) % GANG_LEAD_MAX; }

void gang_market_init(gang_market *gm, const gang_params *p)
{
    memset(gm, 0, sizeof *gm);
    gm->p = p;
}

void gang_market_reuse(gang_market *gm, const gang_params *p, gang_market *from)
{
    gang_market_init(gm, p);
    for (int s = 0; s < GANG_MAX; s++) {
        gm->gangs[s].queue = from->gangs[s].queue;
        gm->gangs[s].queue_cap = from->gangs[s].queue_cap;
        from->gangs[s].queue = NULL;
        from->gangs[s].queue_cap = 0;
    }
    gm->scratch = from->scratch;
    gm->scratch_cap = from->scratch_cap;
    gm->landed = from->landed;
    gm->cap_landed = from->cap_landed;
    from->scratch = NULL;
    from->landed = NULL;
    from->scratch_cap = 0;
    from->cap_landed = from->n_landed = 0;
}

void gang_market_clear(gang_market *gm)
{
    for (int s = 0; s < GANG_MAX; s++) {
        gm->gangs[s].active = 0;
        gm->gangs[s].queue_len = 0;
        gm->gangs[s].queue_used = 0;
        gm->gangs[s].queue_head = 0;
    }
    gm->n_gangs = 0;
    gm->gang_serial = 0;
    gm->price = gm->p->price_initial;
    gm->supply_cursor = 0;
    gm->n_landed = 0;
}

void gang_market_free(gang_market *gm)
{
    for (int s = 0; s < GANG_MAX; s++) {
        free(gm->gangs[s].queue);
        gm->gangs[s].queue = NULL;
        gm->gangs[s].queue_cap = 0;
    }
    free(gm->scratch);
    free(gm->landed);
    gm->scratch = NULL;
    gm->landed = NULL;
    gm->scratch_cap = 0;
    gm->cap_landed = gm->n_landed = 0;
}

int gang_start(gang_market *m, int sector)
{
    for (int s = 0; s < GANG_MAX; s++) {
        gang *g = &m->gangs[s];
        if (g->active) continue;
        g->active = 1;
        g->sector = sector;
        g->stock = (int)m->p->initial_stock;
        g->on_order = 0;
        g->wanted = 0;
        memset(g->deliveries, 0, sizeof g->deliveries);
        g->cash = m->p->initial_cash;
        g->frozen_until = INT_MIN;
        g->queue_head = 0;
        g->queue_len = 0;
        g->queue_used = 0;
        m->n_gangs++;
        m->gang_serial++;
        return s;
    }
    return -1;
}

/* Ring index of the i-th customer: capacities are powers of two (256, doubled), so a
 * mask replaces the division of a modulo in these per-customer loops. */
static inline int ring_at(const gang *g, int i) { return (g->queue_head + i) & (g->queue_cap - 1); }

/* Double a full queue's ring (out of line: rare, and it keeps queue_push's fast path
 * free of the registers a call needs). */
static __attribute__((noinline)) sim_status queue_grow(gang *g)
{
    int cap = g->queue_cap ? 2 * g->queue_cap : 256;
    uint32_t *q = malloc((size_t)cap * sizeof *q);
    if (!q) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory growing a gang's customer queue to %d", cap);
    for (int i = 0; i < g->queue_used; i++) q[i] = g->queue[ring_at(g, i)];
    free(g->queue);
    g->queue = q;
    g->queue_cap = cap;
    g->queue_head = 0;
    return SIM_OK;
}

/* A booked customer joins the back of a queue with room. */
static inline void queue_put(gang *g, uint32_t id)
{
    g->queue[ring_at(g, g->queue_used)] = id;
    g->queue_used++;
    g->queue_len++;
}

/* queue_push of a full queue: apart, so that the common push calls nothing. */
static __attribute__((noinline)) sim_status queue_grow_push(gang *g, uint32_t id)
{
    SIM_CHECK(queue_grow(g));
    queue_put(g, id);
    return SIM_OK;
}

/* A booked customer joins the back of the queue. */
static inline sim_status queue_push(gang *g, uint32_t id)
{
    if (g->queue_used == g->queue_cap) return queue_grow_push(g, id);
    queue_put(g, id);
    return SIM_OK;
}

/* The first customer still booked (queue_len > 0), taken off the queue; entries of
 * customers who gave up before it are dropped on the way. A customer who gave up is no
 * longer booked (leaving a gang's queue is giving up, for good, or the gang's
 * dismantling, which empties the queue), so the dense state array tells them apart
 * without loading their records. */
static uint32_t queue_pop(gang *g, const mig_population *pop)
{
    uint32_t id;
    do {
        id = g->queue[g->queue_head];
        g->queue_head = ring_at(g, 1);
        g->queue_used--;
    } while (mig_state_of(pop, id) != MIG_BOOKED);
    g->queue_len--;
    return id;
}

sim_status gang_book(gang_market *m, mig_population *pop, int slot, int group, uint32_t k)
{
    gang *g = &m->gangs[slot];
    uint32_t id = pop->coast[group].id[k];
    mig_book_at(pop, id, group, k, slot, m->price);
    g->cash += m->price;
    /* Last, so that a push into a full queue is a tail call and the common path saves no
     * registers (a failure to grow abandons the replication either way). */
    return queue_push(g, id);
}

void gang_leave(gang_market *m, int slot) { m->gangs[slot].queue_len--; }

void gang_drop_leavers(gang_market *m, const mig_population *pop)
{
    for (int s = 0; s < GANG_MAX; s++) {
        gang *g = &m->gangs[s];
        /* Entries of customers who gave up are skipped when reached (queue_pop); the ring
         * is compacted only once they are more than half of it, so that the work is a
         * constant per leaver and the ring stays within twice the queue. */
        if (!g->active || 2 * (g->queue_used - g->queue_len) <= g->queue_used) continue;
        /* In place: the write position never passes the read position. */
        int kept = 0;
        for (int i = 0; i < g->queue_used; i++) {
            uint32_t id = g->queue[ring_at(g, i)];
            if (mig_state_of(pop, id) == MIG_BOOKED) g->queue[ring_at(g, kept++)] = id;
        }
        g->queue_used = kept;
    }
}

void gang_dismantle(gang_market *m, mig_population *pop, model_day *d, int slot)
{
    gang *g = &m->gangs[slot];
    /* Customers lose what they paid and must book again. */
    while (g->queue_len > 0) {
        uint32_t id = queue_pop(g, pop);
        mig_new_thresholds(pop, d, id, 0, 1); /* they must book again */
        mig_set_state(pop, id, MIG_WAITING);
    }
    g->queue_used = 0; /* entries of those who gave up that were behind the last customer */
    d->today[M_BOATS_SEIZED] += g->stock;
    g->stock = 0;
    g->on_order = 0;
    g->wanted = 0;
    memset(g->deliveries, 0, sizeof g->deliveries);
    g->cash = 0;
    g->active = 0;
    m->n_gangs--;
    d->today[M_GANGS_DISMANTLED] += 1;
}

double gang_seats_on_sale(const gang_market *m, double seats[GANG_MAX])
{
    double total = 0;
    for (int s = 0; s < GANG_MAX; s++) {
        const gang *g = &m->gangs[s];
        seats[s] = 0;
        if (!g->active) continue;
        /* A gang sells the seats of the boats it holds or expects, filled to the maximum. */
        double v = (g->stock + g->on_order + g->wanted) * m->p->max_load - g->queue_len;
        if (v > 0) seats[s] = floor(v);
        total += seats[s];
    }
    return total;
}

void gang_supply(gang_market *m, model_day *d, double extra_seizure_share)
{
    const gang_params *p = m->p;
    int today = ring_slot(d->date);
    const double target = gang_target_load(p, d->date); /* the day's, once (a pow) rather than per gang */
    for (int s = 0; s < GANG_MAX; s++) {
        gang *g = &m->gangs[s];
        if (!g->active) continue;
        g->stock += g->deliveries[today];
        g->on_order -= g->deliveries[today];
        g->deliveries[today] = 0;
        if (d->day < g->frozen_until) continue; /* frozen finances: no new orders */
        int need = (int)ceil(g->queue_len / target + p->stock_buffer) - g->stock - g->on_order - g->wanted;
        int afford = p->kit_cost > 0 ? (int)floor(g->cash / p->kit_cost) : need;
        int order = need < afford ? need : afford;
        if (order > 0) {
            g->wanted += order;
            g->cash -= order * p->kit_cost;
        }
    }
    /* The supply chain delivers a random number of kits a day, one gang at a time in
     * turn from a rotating start; some are seized on the way. */
    rng_seek(d->rng, d->key, RNG_SUPPLY, 0, (uint32_t)d->date);
    int kits = (int)gsl_ran_poisson(d->rng, gang_supply_level(p, d->date) * p->supply_season[d->month - 1]);
    double seize = p->base_seizure_share + extra_seizure_share;
    if (seize > 1) seize = 1;
    int arrive = ring_slot(d->date + (int)p->lead_days);
    int start = m->supply_cursor;
    m->supply_cursor = (m->supply_cursor + 1) % GANG_MAX;
    while (kits > 0) {
        int served = 0;
        for (int k = 0; k < GANG_MAX && kits > 0; k++) {
            gang *g = &m->gangs[(start + k) % GANG_MAX];
            if (!g->active || g->wanted <= 0) continue;
            g->wanted--;
            kits--;
            served = 1;
            if (gsl_rng_uniform(d->rng) < seize) {
                d->today[M_BOATS_SEIZED] += 1;
            } else {
                g->on_order++;
                g->deliveries[arrive]++;
            }
        }
        if (!served) break;
    }
}

static int least_policed_sector(const double effort_share[COAST_SECTORS])
{
    int best = 0;
    for (int s = 1; s < COAST_SECTORS; s++)
        if (effort_share[s] < effort_share[best]) best = s;
    return best;
}

void gang_entry_and_moves(gang_market *m, const model_day *d, double waiting, const double effort_share[COAST_SECTORS])
{
    const gang_params *p = m->p;
    uint32_t w[4];
    rng_block(d->key, RNG_MARKET, 0, (uint32_t)d->date, w);
    double demand = waiting * m->price / (m->n_gangs + 1);
    if (demand > 0 && m->n_gangs < (int)p->max_gangs) {
        double pr = p->entry_rate * (1.0 - p->entry_revenue / demand);
        if (pr > 0 && w[0] < rng_threshold(pr)) gang_start(m, (int)(w[1] % COAST_SECTORS));
    }
    int quiet = least_policed_sector(effort_share);
    /* Each active gang's block (entity = its slot), computed together (rng_blocks). */
    uint32_t slots[GANG_MAX], draws[GANG_MAX][4];
    size_t active = 0;
    for (int s = 0; s < GANG_MAX; s++)
        if (m->gangs[s].active) slots[active++] = (uint32_t)s;
    rng_blocks(d->key, RNG_GANG, slots, (uint32_t)d->date, active, draws);
    for (size_t i = 0; i < active; i++)
        if (draws[i][0] < rng_threshold(p->relocate_prob)) m->gangs[slots[i]].sector = quiet;
}

double gang_target_load(const gang_params *p, int date)
{
    double load = p->target_load;
    if (p->opening_load > 0 && date < p->load_reference_date) {
        /* The boat sizes of the record's 2022 (issue #12): a line from the opening load,
         * flat before its date, instead of the growth curve run backwards. */
        double w = date <= p->opening_load_date ? 0.0
                                                : (double)(date - p->opening_load_date) /
                                                      (p->load_reference_date - p->opening_load_date);
        load = p->opening_load + w * (p->target_load - p->opening_load);
    } else if (p->target_load_growth != 0) {
        load *= pow(1.0 + p->target_load_growth, (date - p->load_reference_date) / 365.25);
    }
    if (load < p->min_load) load = p->min_load;
    return load < p->max_load ? load : p->max_load;
}

double gang_planned_load(const gang_params *p, int date, double queue, double held, double expected, double loss_risk)
{
    /* A gang launches today with the boats it holds, and expects to lose some on the
     * beach or in shallow water; boats on the way come after the lead time, and only
     * count when they arrive. Short of boats, it loads more (elasticity 1: the whole
     * queue over the boats it can count on; 0: never above the target, so the rest
     * wait and the price rations). `expected` is kept for the interface's meaning
     * (boats on order do not shorten today's shortage). */
    (void)expected;
    double target = gang_target_load(p, date);
    double usable = held * (1.0 - loss_risk);
    double shortage = usable > 0 ? queue / (usable * target) : INFINITY;
    double load = target;
    if (shortage > 1) load = target * pow(shortage, p->load_elasticity);
    else if (p->abundance_elasticity > 0) {
        /* Boats to spare (winter, or a year of plentiful supply): a gang spreads its
         * queue over more, lighter boats rather than keep them idle on the beach,
         * where they may be found; never below the customers it launches for. */
        load = target * pow(shortage, p->abundance_elasticity);
        if (load < p->min_load) load = p->min_load; /* gang_target_load is never below min_load */
    }
    return load < p->max_load ? load : p->max_load;
}

void gang_update_price(gang_market *m, int date)
{
    /* Demand: customers booked and waiting for a boat. Supply: what the boats gangs hold
     * carry at the target load. Scarce boats raise the price; idle boats lower it. */
    const gang_params *p = m->p;
    const double target = gang_target_load(p, date);
    double booked = 0, capacity = 0;
    for (int s = 0; s < GANG_MAX; s++) {
        const gang *g = &m->gangs[s];
        if (!g->active) continue;
        booked += g->queue_len;
        capacity += g->stock * target;
    }
    double price = m->price * exp(p->price_response * (booked - capacity) / (booked + capacity + 1.0));
    if (price < p->price_min) price = p->price_min;
    if (price > p->price_max) price = p->price_max;
    m->price = price;
}

static sim_status scratch_reserve(gang_market *m, int n)
{
    if (n <= m->scratch_cap) return SIM_OK;
    uint32_t *s = realloc(m->scratch, (size_t)n * sizeof *s);
    if (!s) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory for a boat of %d", n);
    m->scratch = s;
    m->scratch_cap = n;
    return SIM_OK;
}

/* People who stay on the coast after a failed attempt keep their booking: gangs
 * usually promise another try. They go to the back of the gang's queue; the first
 * `tried` of them made the attempt (the others had not reached the boat). */
static sim_status back_to_queue(mig_population *pop, gang *g, const uint32_t *ids, int n, int tried)
{
    /* Where each one is in the coast arrays, fetched for all at once rather than missed one by one. */
    for (int i = 0; i < tried; i++) {
        __builtin_prefetch(&pop->group[ids[i]]);
        __builtin_prefetch(&pop->coast_pos[ids[i]]);
    }
    for (int i = 0; i < n; i++) {
        if (i < tried) mig_add_attempt(pop, ids[i]);
        SIM_CHECK(queue_push(g, ids[i]));
    }
    return SIM_OK;
}

static sim_status land(gang_market *m, uint32_t id)
{
    if (m->n_landed == m->cap_landed) {
        size_t cap = m->cap_landed ? 2 * m->cap_landed : 1024;
        uint32_t *grown = realloc(m->landed, cap * sizeof *grown);
        if (!grown) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory listing %zu people landed in a day", cap);
        m->landed = grown;
        m->cap_landed = cap;
    }
    m->landed[m->n_landed++] = id;
    return SIM_OK;
}

/* Everything one launch needs. */
typedef struct {
    gang_market *m;
    mig_population *pop;
    model_day *d;
    sea_state sea;
    const gang_launch_rules *r;
} launch_day;

static sim_status resolve_launch(const launch_day *ld, int slot, int boat, int load)
{
    gang_market *m = ld->m;
    model_day *d = ld->d;
    const gang_launch_rules *r = ld->r;
    gang *g = &m->gangs[slot];
    const sea_params *sea = r->sea;
    uint32_t serial = (uint32_t)slot * 256u + (uint32_t)boat;
    uint32_t w[4];
    rng_block(d->key, RNG_LAUNCH, serial, (uint32_t)d->date, w);
    SIM_CHECK(scratch_reserve(m, load));
    /* queue_pop reads the state of each entry it passes: asked for all the boat's at
     * once (and a few more, for entries of people who gave up), not missed one by one. */
    for (int i = 0; i < load + load / 4 && i < g->queue_used; i++)
        __builtin_prefetch(&ld->pop->state[g->queue[ring_at(g, i)]]);
    for (int i = 0; i < load; i++) m->scratch[i] = queue_pop(g, ld->pop);
    g->stock--;
    d->today[M_LAUNCHES] += 1;
    r->sector_launches[g->sector] += 1;

    double p_beach = r->p_beach[g->sector];
    double u = rng_u01(w[0]);
    if (u < p_beach) {
        /* The police stop the launch while it is boarding: the share of the load on the
         * beach by then is stopped and counted (SB_02 counts 25-33 people per prevented
         * event against 41-62 per arriving boat); the boat is lost or kept, and
         * everyone goes back to the queue. */
        int stopped = (int)ceil(r->boarded_share * load);
        d->today[M_PREVENTED_LAUNCHES] += 1;
        d->today[M_PREVENTED_PEOPLE] += stopped;
        /* u / p_beach is uniform given u < p_beach: reuse it for the boat's fate. */
        if (u / p_beach < r->boat_loss_prevented) d->today[M_BOATS_SEIZED] += 1;
        else g->stock++;
        return back_to_queue(ld->pop, g, m->scratch, load, stopped);
    }
    d->crossers_today += load;
    int intercepted = r->intercept_prob > 0 && w[1] < rng_threshold(r->intercept_prob);
    /* Overcrowding: a crush on board kills some of those packed in (before the sea). */
    int deaths = 0;
    double p_crush = sea_crush_prob(sea, load);
    if (p_crush > 0) {
        rng_seek(d->rng, d->key, RNG_CRUSH, serial, (uint32_t)d->date);
        if (gsl_rng_uniform(d->rng) < p_crush) deaths = (int)gsl_ran_binomial(d->rng, sea->crush_fatality_share, (unsigned)load);
    }
    double p_incident = sea_incident_prob(sea, load, ld->sea);
    if (intercepted) p_incident *= r->intercept_incident_factor;
    if (p_incident > 1) p_incident = 1;
    if (w[2] < rng_threshold(p_incident)) {
        rng_seek(d->rng, d->key, RNG_SEA_DEATHS, serial, (uint32_t)d->date);
        deaths += (int)gsl_ran_binomial(d->rng, sea->fatality_share, (unsigned)(load - deaths));
    }
    for (int i = 0; i < deaths; i++) mig_set_state(ld->pop, m->scratch[i], MIG_DIED);
    d->today[M_DEATHS] += deaths;
    int survivors = load - deaths;
    const uint32_t *alive = m->scratch + deaths;
    if (intercepted || (deaths > 0 && w[3] < rng_threshold(sea->rescue_to_france))) {
        /* Intercepted, or rescued in French waters: back on the coast. */
        d->today[M_PREVENTED_LAUNCHES] += intercepted;
        d->today[M_PREVENTED_PEOPLE] += survivors;
        if (intercepted) d->today[M_BOATS_SEIZED] += 1;
        return back_to_queue(ld->pop, g, alive, survivors, survivors);
    }
    if (survivors > 0) {
        d->today[M_BOATS] += 1;
        for (int i = 0; i < survivors; i++) {
            __builtin_prefetch(&ld->pop->people[alive[i]], 1); /* the Home Office writes it when they land */
            SIM_CHECK(land(m, alive[i]));
        }
    }
    day_spend(d, sea->cost_per_boat);
    return SIM_OK;
}

sim_status gang_launch_all(gang_market *m, mig_population *pop, model_day *d, sea_state sea,
                           const gang_launch_rules *rules)
{
    const gang_params *p = m->p;
    const launch_day ld = {m, pop, d, sea, rules};
    m->n_landed = 0;
    if (sea == SEA_ROUGH) return SIM_OK;
    if (sea == SEA_MARGINAL) {
        /* Whether a marginal sea is crossable today is one draw for the whole coast. */
        uint32_t w[4];
        rng_block(d->key, RNG_WEATHER, 1, (uint32_t)d->date, w);
        if (w[0] >= rng_threshold(p->marginal_launch_prob)) return SIM_OK;
    }
    for (int s = 0; s < GANG_MAX; s++) {
        gang *g = &m->gangs[s];
        if (!g->active || g->stock <= 0 || g->queue_len < p->min_load) continue;
        /* The gang plans a load from its queue, its boats and the chance of losing a
         * boat (gang_planned_load), wants about queue / load boats, and launches those it
         * holds, each carrying the planned share of the queue (at most max_load); those
         * it has no boat for today wait. Fewer boats through the supply chain means
         * fuller boats as far as load_elasticity lets it (SB_01: 13 people per boat in
         * 2020, 62 in 2025). */
        double loss = rules->p_beach[g->sector] * rules->boat_loss_prevented + rules->intercept_prob;
        double load = gang_planned_load(p, d->date, g->queue_len, g->stock, g->on_order, loss > 1 ? 1 : loss);
        int wanted = (int)lround(g->queue_len / load);
        if (wanted < 1) wanted = 1;
        int per_boat = (int)ceil((double)g->queue_len / wanted);
        if (per_boat > (int)p->max_load) per_boat = (int)p->max_load;
        int boats = wanted < g->stock ? wanted : g->stock;
        int carry = g->queue_len;
        if (carry > boats * per_boat) carry = boats * per_boat;
        /* Those who came back after a failed attempt go last, so count before launching. */
        for (int b = 0; b < boats; b++) {
            int on_board = carry / boats + (b < carry % boats ? 1 : 0);
            if (on_board > 0) SIM_CHECK(resolve_launch(&ld, s, b, on_board));
        }
    }
    return SIM_OK;
}

double gang_boats(const gang_market *m)
{
    double boats = 0;
    for (int s = 0; s < GANG_MAX; s++)
        if (m->gangs[s].active) boats += m->gangs[s].stock;
    return boats;
}

sim_status gang_check(const gang_market *m, const mig_population *pop, int day)
{
    uint64_t booked = 0;
    for (int s = 0; s < GANG_MAX; s++) {
        const gang *g = &m->gangs[s];
        if (!g->active && g->queue_len) return SIM_FAIL(SIM_ERR_INTERNAL, "day %d: inactive gang %d holds customers", day, s);
        if (g->queue_len < 0 || g->queue_used < g->queue_len || g->queue_used > g->queue_cap)
            return SIM_FAIL(SIM_ERR_INTERNAL, "day %d: gang %d counts %d customers in %d entries of %d", day, s,
                            g->queue_len, g->queue_used, g->queue_cap);
        int still_booked = 0;
        for (int i = 0; i < g->queue_used; i++) {
            uint32_t id = g->queue[ring_at(g, i)];
            mig_state st = mig_state_of(pop, id);
            if (st == MIG_GAVE_UP) continue; /* gave up since booking: skipped when reached */
            if (st != MIG_BOOKED || mig_gang_of(pop, id) != s)
                return SIM_FAIL(SIM_ERR_INTERNAL, "day %d: gang %d queues person %u who is %s", day, s, id,
                                mig_state_names[st]);
            still_booked++;
        }
        if (still_booked != g->queue_len)
            return SIM_FAIL(SIM_ERR_INTERNAL, "day %d: gang %d counts %d customers but queues %d still booked", day, s,
                            g->queue_len, still_booked);
        booked += (uint64_t)g->queue_len;
    }
    if (booked != pop->state_count[MIG_BOOKED])
        return SIM_FAIL(SIM_ERR_INTERNAL, "day %d: gangs queue %llu customers but %llu are booked", day,
                        (unsigned long long)booked, (unsigned long long)pop->state_count[MIG_BOOKED]);
    return SIM_OK;
}
