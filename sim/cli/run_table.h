/**
 * @file run_table.h
 * @brief The tables `chansim run` and `chansim batch` print: numbers in fixed notation
 *        with thousands separators, in right-aligned columns (never %g's scientific
 *        notation), so a reader can compare rows at a glance.
 */
#ifndef CHANSIM_RUN_TABLE_H
#define CHANSIM_RUN_TABLE_H

#include <stddef.h>
#include <stdio.h>

#include "sim/engine/compare.h"
#include "sim/engine/results.h"

enum { TABLE_NUM_MAX = 48 /**< bytes of one formatted number, NUL included */ };

/**
 * v with `decimals` digits after the point and a comma between each three digits before
 * it ("-1,234,567.89"); "n/a" for NaN or infinity; "0" rather than "-0" when v rounds to zero.
 */
void table_format_number(double v, int decimals, char *buf, size_t size);

/**
 * Digits after the point that give about three significant digits for numbers whose
 * largest magnitude is maxabs: 0 from 100 up, 1 from 10, 2 below 10; 0 for 0 or NaN.
 */
int table_decimals(double maxabs);

/** The run summary: each headline metric's mean, 5% and 95% over the replications. */
void table_print_summary(FILE *fp, const sim_results *r);

/**
 * The batch comparison: each scenario's paired differences from the baseline, mean [95%
 * interval]; each column's numbers share their decimals (those of the column's median
 * magnitude), so their points line up.
 */
void table_print_comparison(FILE *fp, cmp_result *const *cmp, size_t n, const sim_results *base);

#endif
