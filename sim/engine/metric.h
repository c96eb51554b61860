/**
 * @file metric.h
 * @brief What a model outputs, described as data: each metric's name, unit, how its
 *        daily values aggregate, and titles; the set of them a model hands the engine.
 *
 * The engine, the HDF5 writer, the CSV exporter and the plots size and label
 * everything from a sim_metric_set, so they know no model: a model defines its
 * tables (models/metrics.c for the Channel model) and passes the set to
 * results_create. Code that needs one particular output finds it by name
 * (metric_set_lookup), which fails clearly if the model has no such output.
 *
 * A set lives as long as the program (a model's static tables): results, summaries
 * and comparisons keep a pointer to it, never a copy.
 */
#ifndef CHANSIM_METRIC_H
#define CHANSIM_METRIC_H

#include "sim/engine/status.h"

/** How a metric's daily values combine into a week or a horizon total. */
typedef enum {
    METRIC_FLOW,  /**< a count per day: summed (people, boats, GBP spent) */
    METRIC_STOCK, /**< a level: the value at the end of the period */
    METRIC_LEVEL, /**< a level averaged over the days of the period (price) */
    METRIC_RATIO  /**< numerator / denominator, both flows of the same table (people per boat) */
} sim_metric_kind;

/** One output series. */
typedef struct {
    const char *name;        /**< machine name: HDF5 dataset and CSV column names; [A-Za-z0-9_] */
    const char *unit;        /**< unit, e.g. "people", "GBP" */
    sim_metric_kind kind;    /**< aggregation over days, weeks and the horizon */
    int numerator;           /**< for METRIC_RATIO: index in the same table of the numerator, else -1 */
    int denominator;         /**< for METRIC_RATIO: index in the same table of the denominator, else -1 */
    const char *title;       /**< human label for tables and plots (HDF5 attribute title) */
    const char *description; /**< one sentence on what is counted (docs; may be NULL) */
} sim_metric;

/** The tables of a set, for lookups. */
typedef enum {
    METRIC_WEEKLY, /**< weekly series and horizon totals of one replication */
    METRIC_DAILY,  /**< daily series */
    METRIC_GROUP   /**< weekly series per group (e.g. nationality) */
} sim_metric_table;

/**
 * A cost-effectiveness ratio reported with every paired comparison: the mean of
 * (cost scenario - cost baseline) over the mean of (benefit baseline - benefit
 * scenario), e.g. extra public cost per crossing prevented (compare.h).
 */
typedef struct {
    const char *name;    /**< dataset name beside totals/ in a comparison group */
    const char *unit;    /**< unit of the ratio, e.g. "GBP/person" */
    const char *title;   /**< human label */
    const char *cost;    /**< weekly metric name of the numerator (scenario - baseline) */
    const char *benefit; /**< weekly metric name of the denominator (baseline - scenario: amount prevented) */
} sim_metric_effect;

/** One column of a summary table printed for people (chansim run, batch). */
typedef struct {
    const char *name;  /**< a weekly metric name, or (comparison tables only) an effect name */
    const char *label; /**< column heading, unit and scale included (e.g. "cost (GBP m)") */
    double scale;      /**< the value is divided by this for display (1e6 for millions) */
} sim_metric_column;

/** Everything a model outputs, as the engine sees it. */
typedef struct {
    const char *model;                     /**< the model's name, for messages */
    const sim_metric *weekly;              /**< weekly series; also the horizon totals */
    int nweekly;                           /**< entries in weekly */
    const sim_metric *daily;               /**< daily series */
    int ndaily;                            /**< entries in daily */
    const sim_metric *group;               /**< weekly series per group */
    int ngroup;                            /**< entries in group */
    int groups;                            /**< number of groups the model keeps (their names come from its config) */
    const sim_metric_effect *effects;      /**< cost-effectiveness ratios of paired comparisons */
    int neffects;                          /**< entries in effects */
    const sim_metric_column *headline;     /**< weekly metrics of the run summary table, in order */
    int nheadline;                         /**< entries in headline */
    const sim_metric_column *compare;      /**< columns of the paired-comparison table (metrics or effects) */
    int ncompare;                          /**< entries in compare */
} sim_metric_set;

/** The entries and length of table t of a set. */
const sim_metric *metric_set_table(const sim_metric_set *set, sim_metric_table t, int *n);

/** Name of table t ("weekly", "daily", "group") for messages. */
const char *metric_table_name(sim_metric_table t);

/** Index of the metric called `name` in table t of `set`, or -1 if there is none. */
int metric_set_find(const sim_metric_set *set, sim_metric_table t, const char *name);

/**
 * Index of the metric called `name` in table t of `set` into *index. Errors
 * (SIM_ERR_CONFIG): no such metric; the message names the model, the table and the
 * metrics it does have.
 */
sim_status metric_set_lookup(const sim_metric_set *set, sim_metric_table t, const char *name, int *index);

/** Index of the comparison effect called `name`, or -1. */
int metric_set_find_effect(const sim_metric_set *set, const char *name);

/** As metric_set_lookup, for a comparison effect. */
sim_status metric_set_lookup_effect(const sim_metric_set *set, const char *name, int *index);

/**
 * Check a set before use: names present, valid as dataset names and unique within
 * their table; ratio indices inside their table and pointing at flows; effects and
 * headline columns naming metrics (or effects) that exist. Errors (SIM_ERR_INTERNAL:
 * a model's tables are code) name the offending entry.
 */
sim_status metric_set_check(const sim_metric_set *set);

#endif
