/**
 * @file anchors.c
 * @brief Dated anchors of a schedule (anchors.h).
 */
#include "sim/engine/anchors.h"

#include "sim/engine/config.h"

int anchors_used(const int *date, int n)
{
    int k = 0;
    while (k < n && date[k] != CFG_DATE_NEVER) k++;
    return k;
}

sim_status anchors_check(const int *date, int n, const char *section, const char *key)
{
    int used = anchors_used(date, n);
    for (int k = used; k < n; k++)
        if (date[k] != CFG_DATE_NEVER)
            return SIM_FAIL(SIM_ERR_CONFIG, "[%s] %s_%d is set but %s_%d is never: anchors are used in order from 1",
                            section, key, k + 1, key, used + 1);
    for (int k = 1; k < used; k++)
        if (date[k] <= date[k - 1])
            return SIM_FAIL(SIM_ERR_CONFIG, "[%s] %s_%d is not after %s_%d: anchors must be in date order", section,
                            key, k + 1, key, k);
    return SIM_OK;
}

void anchors_bracket(const int *date, int used, int day, int *lo, int *hi, double *w)
{
    *w = 0;
    if (day <= date[0]) {
        *lo = *hi = 0;
        return;
    }
    if (day >= date[used - 1]) {
        *lo = *hi = used - 1;
        return;
    }
    int k = 1;
    while (date[k] < day) k++;
    *lo = k - 1;
    *hi = k;
    *w = (double)(day - date[k - 1]) / (date[k] - date[k - 1]);
}

int anchors_step(const int *date, int used, int day)
{
    int k = -1;
    while (k + 1 < used && date[k + 1] <= day) k++;
    return k;
}
