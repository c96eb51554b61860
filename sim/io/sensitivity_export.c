/**
 * @file sensitivity_export.c
 * @brief DIR/sensitivity.csv from /sensitivity (see sensitivity_export.h).
 */
#include "sim/io/sensitivity_export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine/atomic_file.h"
#include "sim/io/sensitivity_read.h"

/* Rank factors of one output by column `col`, largest first (ties: file order). */
static void rank_factors(const double *tab, int k, int ncols, int col, int *order)
{
    for (int i = 0; i < k; i++) order[i] = i;
    for (int i = 1; i < k; i++) { /* insertion sort: stable, k is small */
        int x = order[i], j = i - 1;
        while (j >= 0 && tab[(size_t)order[j] * (size_t)ncols + (size_t)col] < tab[(size_t)x * (size_t)ncols + (size_t)col]) {
            order[j + 1] = order[j];
            j--;
        }
        order[j + 1] = x;
    }
}

static void csv_num(FILE *fp, double v)
{
    if (v != v) fputs(",NA", fp);
    else fprintf(fp, ",%.10g", v);
}

sim_status sa_export_csv(const char *results, const char *dir)
{
    sa_file *f = NULL;
    SIM_CHECK(sa_file_read(results, &f));
    size_t len = strlen(dir) + 32;
    char *path = malloc(len);
    int *order = calloc((size_t)f->nfactors, sizeof *order);
    atomic_file af = {0};
    sim_status st = SIM_OK;
    if (!path || !order) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
    snprintf(path, len, "%s/sensitivity.csv", dir);
    SIM_TRY(atomic_open(&af, path));
    int morris = f->ncols == SA_MORRIS_COLUMNS;
    fprintf(af.fp, "output,unit,method,rank,factor,key,%s,noise_share,noise_share_of_mean\n",
            morris ? sa_morris_columns : sa_sobol_columns);
    for (int o = 0; o < f->noutputs; o++) {
        const double *tab = f->table + (size_t)o * (size_t)f->nfactors * (size_t)f->ncols;
        rank_factors(tab, f->nfactors, f->ncols, morris ? 1 : 3, order);
        for (int r = 0; r < f->nfactors; r++) {
            int i = order[r];
            fprintf(af.fp, "%s,%s,%s,%d,%s,%s", f->output_names[o], f->output_units[o], f->method, r + 1,
                    f->factor_names[i], f->factor_keys[i]);
            for (int c = 0; c < f->ncols; c++) csv_num(af.fp, tab[(size_t)i * (size_t)f->ncols + (size_t)c]);
            csv_num(af.fp, f->noise_share[o]);
            csv_num(af.fp, f->noise_share_of_mean[o]);
            fputc('\n', af.fp);
        }
    }
    SIM_TRY(atomic_commit(&af));
done:
    atomic_discard(&af);
    free(order);
    free(path);
    sa_file_destroy(&f);
    return st;
}
