/**
 * @file qtable.c
 * @brief Quantile tables: construction and checks (drawing is inline in qtable.h).
 */
#include "sim/engine/qtable.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

sim_status qtable_create(qtable_fn q, const double par[QTABLE_PARAMS], int bits, qtable **out)
{
    *out = NULL;
    if (!q || bits < 4 || bits > 20) return SIM_FAIL(SIM_ERR_INTERNAL, "qtable_create: bits %d outside 4..20", bits);
    qtable *t;
    SIM_CALLOC(t, 1);
    t->q = q;
    memcpy(t->par, par, sizeof t->par);
    t->n = 1u << bits;
    t->shift = 32u - (uint32_t)bits;
    t->mask = (1u << t->shift) - 1u;
    t->frac_scale = ldexp(1.0, -(int)t->shift);
    t->frac_scale_f = (float)t->frac_scale;
    t->x = malloc((t->n + 1) * sizeof *t->x);
    if (!t->x) {
        uint32_t points = t->n + 1;
        free(t);
        return SIM_FAIL(SIM_ERR_MEMORY, "qtable_create: out of memory for %u points", points);
    }
    t->x[0] = t->x[t->n] = NAN; /* the outer intervals are evaluated exactly */
    for (uint32_t i = 1; i < t->n; i++) {
        double x = q((double)i / t->n, par);
        t->x[i] = (float)x;
        if (!isfinite(x) || !isfinite(t->x[i]) || (i > 1 && t->x[i] < t->x[i - 1])) {
            sim_status st = SIM_FAIL(SIM_ERR_CONFIG, "qtable_create: quantile at %g is %g (not finite or decreasing)",
                                     (double)i / t->n, x);
            qtable_destroy(&t);
            return st;
        }
    }
    *out = t;
    return SIM_OK;
}

void qtable_destroy(qtable **t)
{
    if (!*t) return;
    free((*t)->x);
    free(*t);
    *t = NULL;
}
