/**
 * @file naive.h
 * @brief Two naive point forecasts of a daily count summed over a period, made at an
 *        origin date from the record before it; the baselines a model must beat.
 *
 * The record is a daily series obs[0..days-1] whose day 0 is day number `first_day`.
 * A forecast of the sum over days [a, b) made at `origin` uses only days < origin.
 *  - NAIVE_LAST_YEAR, "the same weeks of the previous year": the sum over
 *    [a - 364 k, b - 364 k) for the smallest k >= 1 with b - 364 k <= origin. 364 days
 *    are 52 whole weeks, so Monday-Sunday weeks map onto Monday-Sunday weeks.
 *  - NAIVE_SEASONAL, "the previous year's total spread by the average seasonal shape":
 *    P is the last calendar year that ends before the origin; its total T is spread
 *    over the days by the mean monthly shares s_m over the complete calendar years up
 *    to and including P with a positive total (share of month m in year Y = its sum
 *    divided by Y's total), a month's share split evenly over its days:
 *        forecast = T * sum_{d in [a, b)} s_{month(d)} / days_in_month(d).
 *    This is the classical multiplicative seasonal index (Makridakis, Wheelwright &
 *    Hyndman 1998, Forecasting: Methods and Applications, ch. 3) with a yearly level.
 * Either is NaN when the record does not hold the days it needs.
 * As point forecasts they score as one-member ensembles (scores.h): CRPS = WIS = the
 * absolute error, and an interval covers only an exact hit.
 */
#ifndef CHANSIM_NAIVE_H
#define CHANSIM_NAIVE_H

/** The naive forecasts. Order is part of the CSV naming. */
typedef enum { NAIVE_LAST_YEAR, NAIVE_SEASONAL, NAIVE_COUNT } naive_kind;

/** Their names: "naive_last_year", "naive_seasonal". */
extern const char *const naive_names[NAIVE_COUNT];

/** 52 weeks, the lag of NAIVE_LAST_YEAR, days. */
enum { NAIVE_YEAR_LAG_DAYS = 364 };

/**
 * The naive forecast `k` of the sum of obs over [a, b) made at `origin` (see above);
 * NaN if the record lacks the days it needs or b <= a.
 */
double naive_forecast(naive_kind k, const double *obs, int first_day, int days, int a, int b, int origin);

#endif
