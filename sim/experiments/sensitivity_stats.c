/**
 * @file sensitivity_stats.c
 * @brief Percentile intervals and noise shares for the sensitivity estimators.
 */
#include "sim/experiments/sensitivity_stats.h"

#include <math.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

void sa_percentile_interval(double *x, size_t n, double confidence, double *lo, double *hi)
{
    gsl_sort(x, 1, n);
    *lo = gsl_stats_quantile_from_sorted_data(x, 1, n, (1.0 - confidence) / 2.0);
    *hi = gsl_stats_quantile_from_sorted_data(x, 1, n, (1.0 + confidence) / 2.0);
}

sa_noise sa_noise_share(const double *y, size_t npoints, int reps)
{
    sa_noise n = {0};
    size_t all = npoints * (size_t)reps;
    double grand = 0;
    for (size_t i = 0; i < all; i++) grand += y[i];
    grand /= (double)all;
    double mean_of_means = grand, between = 0, within = 0, total = 0;
    for (size_t p = 0; p < npoints; p++) {
        const double *row = y + p * (size_t)reps;
        double m = gsl_stats_mean(row, 1, (size_t)reps);
        within += gsl_stats_variance_m(row, 1, (size_t)reps, m);
        between += (m - mean_of_means) * (m - mean_of_means);
        for (int r = 0; r < reps; r++) total += (row[r] - grand) * (row[r] - grand);
    }
    n.within = within / (double)npoints;
    n.total = all > 1 ? total / (double)(all - 1) : NAN;
    n.between_means = npoints > 1 ? between / (double)(npoints - 1) : NAN;
    n.share = n.total > 0 ? n.within / n.total : NAN;
    n.share_of_mean = n.between_means > 0 ? (n.within / reps) / n.between_means : NAN;
    return n;
}
