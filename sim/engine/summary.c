/**
 * @file summary.c
 * @brief Across-replication summaries (mean, sd, quantiles) and paired differences,
 *        computed with GSL so the quantile definition is GSL's documented one.
 */
#include "sim/engine/summary.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

const char *const summary_names[SUMMARY_COUNT] = {
    [S_MEAN] = "mean", [S_SD] = "sd", [S_Q05] = "q05", [S_Q50] = "q50", [S_Q95] = "q95",
};

/* Copy the non-NaN values of a strided view into a new packed array (caller frees),
 * keeping replication order so GSL's running mean sees the same sequence every time. */
static sim_status packed_finite(const double *x, size_t n, size_t stride, double **packed, size_t *k)
{
    *packed = NULL;
    *k = 0;
    double *v = malloc((n ? n : 1) * sizeof *v);
    if (!v) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory summarising %zu replications", n);
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        double xi = x[i * stride];
        if (!isnan(xi)) v[used++] = xi;
    }
    *packed = v;
    *k = used;
    return SIM_OK;
}

sim_status summary_stats(const double *x, size_t n, size_t stride, double out[SUMMARY_COUNT])
{
    if (!out || (n > 0 && !x)) return SIM_FAIL(SIM_ERR_INTERNAL, "summary_stats: NULL argument");
    if (stride == 0) return SIM_FAIL(SIM_ERR_INTERNAL, "summary_stats: stride must be positive");
    for (int s = 0; s < SUMMARY_COUNT; s++) out[s] = NAN;

    double *v;
    size_t k;
    SIM_CHECK(packed_finite(x, n, stride, &v, &k));
    if (k > 0) {
        out[S_MEAN] = gsl_stats_mean(v, 1, k);
        /* GSL divides by k-1, which is 0/0 for one value; one replication has no spread. */
        out[S_SD] = k > 1 ? gsl_stats_sd_m(v, 1, k, out[S_MEAN]) : 0.0;
        gsl_sort(v, 1, k);
        out[S_Q05] = gsl_stats_quantile_from_sorted_data(v, 1, k, 0.05);
        out[S_Q50] = gsl_stats_quantile_from_sorted_data(v, 1, k, 0.50);
        out[S_Q95] = gsl_stats_quantile_from_sorted_data(v, 1, k, 0.95);
    }
    free(v);
    return SIM_OK;
}

sim_status summary_paired_diff(const double *a, const double *b, size_t n, size_t stride, double *mean,
                               double *lo, double *hi)
{
    if (!mean || !lo || !hi || (n > 0 && (!a || !b)))
        return SIM_FAIL(SIM_ERR_INTERNAL, "summary_paired_diff: NULL argument");
    if (stride == 0) return SIM_FAIL(SIM_ERR_INTERNAL, "summary_paired_diff: stride must be positive");
    *mean = *lo = *hi = NAN;

    double *d = malloc((n ? n : 1) * sizeof *d);
    if (!d) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory differencing %zu replications", n);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        double di = a[i * stride] - b[i * stride]; /* NaN if either is NaN */
        if (!isnan(di)) d[k++] = di;
    }
    if (k == 1) {
        *mean = *lo = *hi = d[0];
    } else if (k > 1) {
        double m = gsl_stats_mean(d, 1, k);
        double half = gsl_cdf_tdist_Pinv(0.975, (double)(k - 1)) * gsl_stats_sd_m(d, 1, k, m) / sqrt((double)k);
        *mean = m;
        *lo = m - half;
        *hi = m + half;
    }
    free(d);
    return SIM_OK;
}
