/**
 * @file sensitivity_analysis.c
 * @brief Outputs of a sensitivity study from its sweep table: replication means,
 *        noise shares, Morris or Sobol indices (see sensitivity_analysis.h).
 */
#include "sim/experiments/sensitivity_analysis.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


void sa_result_destroy(sa_result **rp)
{
    sa_result *r = rp ? *rp : NULL;
    if (!r) return;
    for (int i = 0; r->out && i < r->noutputs; i++) {
        free(r->out[i].mean);
        free(r->out[i].morris);
        free(r->out[i].sobol);
    }
    free(r->out);
    free(r);
    *rp = NULL;
}

/* One output's per-replication values y[ndesign][reps]: a level, or policy minus base at the same point and replication. */
static void gather(const sa_study *s, const sweep_table *t, int metric, int scen, double *y)
{
    size_t ns = (size_t)s->nscen, reps = (size_t)t->reps, nm = (size_t)t->metrics->nweekly;
    for (size_t d = 0; d < s->ndesign; d++)
        for (size_t r = 0; r < reps; r++) {
            const double *base = t->totals + ((d * ns) * reps + r) * nm;
            double v = base[metric];
            if (scen > 0) v = t->totals[((d * ns + (size_t)scen) * reps + r) * nm + (size_t)metric] - v;
            y[d * reps + r] = v;
        }
}

static sim_status analyse_one(const sa_study *s, const double *y, int reps, sa_output *o)
{
    int k = s->nfactors;
    SIM_CALLOC(o->mean, s->ndesign);
    for (size_t d = 0; d < s->ndesign; d++) {
        double m = 0;
        for (int r = 0; r < reps; r++) m += y[d * (size_t)reps + (size_t)r];
        o->mean[d] = m / reps;
    }
    o->noise = sa_noise_share(y, s->ndesign, reps);
    if (s->method == SA_MORRIS) {
        int r = s->morris.trajectories;
        double *ee = calloc((size_t)r * (size_t)k, sizeof *ee);
        SIM_CALLOC(o->morris, (size_t)k);
        if (!ee) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory for elementary effects");
        sim_status st = morris_effects(k, r, s->unit, o->mean, ee);
        if (st == SIM_OK)
            st = morris_statistics(k, r, ee, s->bootstrap, s->confidence, s->design_seed, o->morris);
        free(ee);
        return st;
    }
    SIM_CALLOC(o->sobol, (size_t)k);
    return sobol_sa_indices(k, s->samples, o->mean, s->bootstrap, s->confidence, s->design_seed, o->sobol,
                            &o->variance);
}

sim_status sa_analyse(const sa_study *s, const sweep_table *t, sa_result **out)
{
    *out = NULL;
    if (strcmp(t->hash, s->run->hash_hex) != 0)
        return SIM_FAIL(SIM_ERR_CONFIG, "the results (study %s) are not those of %s (study %s)", t->hash, s->path,
                        s->run->hash_hex);
    if (t->npoints != s->run->npoints || t->shard_count != 1)
        return SIM_FAIL(SIM_ERR_CONFIG, "the results hold %zu of the study's %zu points (merge the shards first)",
                        t->npoints, s->run->npoints);
    sa_result *r;
    SIM_CALLOC(r, 1);
    sim_status st = SIM_OK;
    double *y = calloc(s->ndesign * (size_t)t->reps, sizeof *y);
    r->out = calloc((size_t)s->nmetrics * (size_t)s->nscen, sizeof *r->out);
    if (!y || !r->out) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory analysing %s", s->path);
    for (int sc = 0; sc < s->nscen; sc++)
        for (int m = 0; m < s->nmetrics; m++) {
            sa_output *o = &r->out[r->noutputs++];
            o->metric = s->metrics[m];
            o->scenario = sc;
            if (sc == 0) snprintf(o->name, sizeof o->name, "%s.%s", s->scen_names[0], t->metrics->weekly[o->metric].name);
            else
                snprintf(o->name, sizeof o->name, "%s-%s.%s", s->scen_names[sc], s->scen_names[0],
                         t->metrics->weekly[o->metric].name);
            gather(s, t, o->metric, sc, y);
            SIM_TRY(analyse_one(s, y, t->reps, o));
        }
done:
    free(y);
    if (st != SIM_OK) {
        sa_result_destroy(&r);
        return st;
    }
    *out = r;
    return SIM_OK;
}
