/**
 * @file toy_metrics.h
 * @brief A small metric set that is not the Channel model's, for tests of the engine
 *        and I/O layers: they must work for any model's outputs, found by name.
 *
 * Weekly: widgets (flow), batches (flow), spend (stock, EUR), per_batch (widgets /
 * batches); daily: temperature (level); per group: widgets; two groups; one effect,
 * spend per widget saved.
 */
#ifndef CHANSIM_TEST_TOY_METRICS_H
#define CHANSIM_TEST_TOY_METRICS_H

#include "sim/engine/metric.h"

enum { TOY_WIDGETS, TOY_BATCHES, TOY_SPEND, TOY_PER_BATCH, TOY_NWEEKLY };

/** A Monday (2024-01-01) to start toy horizons on, so their weeks are whole from day 0. */
enum { TOY_MONDAY = 19723 };

static const sim_metric toy_weekly[TOY_NWEEKLY] = {
    [TOY_WIDGETS] = {"widgets", "widgets", METRIC_FLOW, -1, -1, "Widgets made", "widgets leaving the line"},
    [TOY_BATCHES] = {"batches", "batches", METRIC_FLOW, -1, -1, "Batches", NULL},
    [TOY_SPEND] = {"spend", "EUR", METRIC_STOCK, -1, -1, "Cumulative spend", NULL},
    [TOY_PER_BATCH] = {"per_batch", "widgets/batch", METRIC_RATIO, TOY_WIDGETS, TOY_BATCHES, "Widgets per batch", NULL},
};
static const sim_metric toy_daily[] = {{"temperature", "C", METRIC_LEVEL, -1, -1, "Temperature", NULL}};
static const sim_metric toy_group[] = {{"widgets", "widgets", METRIC_FLOW, -1, -1, "Widgets made", NULL}};
static const sim_metric_effect toy_effects[] = {
    {"spend_per_widget_saved", "EUR/widget", "Extra spend per widget saved", "spend", "widgets"},
};
static const sim_metric_column toy_headline[] = {{"widgets", "widgets", 1}, {"spend", "spend (EUR k)", 1e3}};
static const sim_metric_column toy_compare[] = {{"widgets", "widgets", 1},
                                                {"spend_per_widget_saved", "EUR per widget saved", 1}};

static const sim_metric_set toy_set = {
    .model = "the toy model",
    .weekly = toy_weekly,
    .nweekly = TOY_NWEEKLY,
    .daily = toy_daily,
    .ndaily = 1,
    .group = toy_group,
    .ngroup = 1,
    .groups = 2,
    .effects = toy_effects,
    .neffects = 1,
    .headline = toy_headline,
    .nheadline = 2,
    .compare = toy_compare,
    .ncompare = 2,
};

#endif
