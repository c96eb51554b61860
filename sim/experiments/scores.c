/**
 * @file scores.c
 * @brief CRPS, interval score, weighted interval score and coverage of an ensemble
 *        forecast (formulas and sources in scores.h).
 */
#include "sim/experiments/scores.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

/* The COVID-19 Forecast Hub's levels (Bracher et al. 2021, section 2.1; Cramer et al. 2022). */
const double score_wis_alpha[SCORE_WIS_INTERVALS] = {0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};

double score_interval(double lo, double hi, double alpha, double y)
{
    if (!(alpha > 0 && alpha < 1) || isnan(lo) || isnan(hi) || isnan(y)) return NAN;
    double s = hi - lo;
    if (y < lo) s += 2.0 / alpha * (lo - y);
    if (y > hi) s += 2.0 / alpha * (y - hi);
    return s;
}

double score_wis(double median, const double *lo, const double *hi, const double *alpha, int k, double y)
{
    if (k <= 0 || !lo || !hi || !alpha || isnan(median) || isnan(y)) return NAN;
    double sum = 0.5 * fabs(y - median);
    for (int i = 0; i < k; i++) sum += alpha[i] / 2.0 * score_interval(lo[i], hi[i], alpha[i], y);
    return sum / (k + 0.5);
}

double score_crps_sorted(const double *sorted, size_t n, double y)
{
    if (n == 0 || !sorted || isnan(y)) return NAN;
    double abs_err = 0, spread = 0;
    for (size_t i = 0; i < n; i++) {
        abs_err += fabs(sorted[i] - y);
        /* (2i - n - 1) with i 1-based is 2(i+1) - n - 1 = 2i - n + 1 with i 0-based */
        spread += (2.0 * (double)i - (double)n + 1.0) * sorted[i];
    }
    double dn = (double)n;
    return abs_err / dn - spread / (dn * dn);
}

sim_status score_ensemble(const double *x, size_t n, size_t stride, double y, score_set *out)
{
    if (!out || (n > 0 && !x)) return SIM_FAIL(SIM_ERR_INTERNAL, "score_ensemble: NULL argument");
    if (stride == 0) return SIM_FAIL(SIM_ERR_INTERNAL, "score_ensemble: stride must be positive");
    *out = (score_set){.mean = NAN, .q05 = NAN, .q25 = NAN, .q50 = NAN, .q75 = NAN, .q95 = NAN,
                       .crps = NAN, .wis = NAN, .in50 = NAN, .in90 = NAN};
    double *v = malloc((n ? n : 1) * sizeof *v);
    if (!v) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory scoring %zu ensemble members", n);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i * stride])) v[k++] = x[i * stride];
    out->n = k;
    if (k > 0) {
        out->mean = gsl_stats_mean(v, 1, k);
        gsl_sort(v, 1, k);
        out->q05 = gsl_stats_quantile_from_sorted_data(v, 1, k, 0.05);
        out->q25 = gsl_stats_quantile_from_sorted_data(v, 1, k, 0.25);
        out->q50 = gsl_stats_quantile_from_sorted_data(v, 1, k, 0.50);
        out->q75 = gsl_stats_quantile_from_sorted_data(v, 1, k, 0.75);
        out->q95 = gsl_stats_quantile_from_sorted_data(v, 1, k, 0.95);
    }
    if (k > 0 && !isnan(y)) {
        double lo[SCORE_WIS_INTERVALS], hi[SCORE_WIS_INTERVALS];
        for (int i = 0; i < SCORE_WIS_INTERVALS; i++) {
            lo[i] = gsl_stats_quantile_from_sorted_data(v, 1, k, score_wis_alpha[i] / 2);
            hi[i] = gsl_stats_quantile_from_sorted_data(v, 1, k, 1 - score_wis_alpha[i] / 2);
        }
        out->crps = score_crps_sorted(v, k, y);
        out->wis = score_wis(out->q50, lo, hi, score_wis_alpha, SCORE_WIS_INTERVALS, y);
        out->in50 = y >= out->q25 && y <= out->q75;
        out->in90 = y >= out->q05 && y <= out->q95;
    }
    free(v);
    return SIM_OK;
}
