/**
 * @file sensitivity_export.c
 * @brief sensitivity.csv of an export folder from /sensitivity (see sensitivity_export.h).
 */
#include "sim/io/sensitivity_export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    fputc(',', fp);
    export_number(fp, v);
}

/* What each column of sensitivity.csv holds, for the data dictionary. */
static const struct {
    const char *name, *description;
} sa_columns[] = {
    {"output", "the output (a metric's horizon total, or a policy's paired effect on it)"},
    {"unit", "the output's unit"},
    {"method", "morris (elementary effects) or sobol (variance-based indices)"},
    {"rank", "1 = most influential factor for this output (by mu_star for Morris, by total for Sobol)"},
    {"factor", "the uncertain parameter (factor) screened"},
    {"key", "its config key"},
    {"mu", "Morris: mean elementary effect, in the output's unit"},
    {"mu_star", "Morris: mean absolute elementary effect, in the output's unit"},
    {"sigma", "Morris: standard deviation of the elementary effects"},
    {"mu_star_lo", "Morris: lower end of the bootstrap interval of mu_star"},
    {"mu_star_hi", "Morris: upper end of the bootstrap interval of mu_star"},
    {"first", "Sobol: first-order index (share of variance)"},
    {"first_lo", "Sobol: lower end of the bootstrap interval of first"},
    {"first_hi", "Sobol: upper end of the bootstrap interval of first"},
    {"total", "Sobol: total index (share of variance)"},
    {"total_lo", "Sobol: lower end of the bootstrap interval of total"},
    {"total_hi", "Sobol: upper end of the bootstrap interval of total"},
    {"noise_share", "within-point variance across replications over the variance of all values (docs/sensitivity.md)"},
    {"noise_share_of_mean", "that variance divided by the replications over the variance of the point means"},
};

/* Dictionary rows of the columns named in `header` (comma-separated). */
static void describe(export_ctx *x, const char *header)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", header);
    for (char *save = NULL, *c = strtok_r(buf, ",", &save); c; c = strtok_r(NULL, ",", &save))
        for (size_t i = 0; i < sizeof sa_columns / sizeof sa_columns[0]; i++)
            if (!strcmp(c, sa_columns[i].name)) export_column(x, "sensitivity.csv", c, "", sa_columns[i].description);
}

sim_status sa_export_csv(const char *results, export_ctx *x)
{
    sa_file *f = NULL;
    SIM_CHECK(sa_file_read(results, &f));
    int *order = calloc((size_t)f->nfactors + 1, sizeof *order);
    FILE *fp = NULL;
    sim_status st = SIM_OK;
    char header[512];
    if (!order) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
    SIM_TRY(export_open(x, "sensitivity.csv", &fp));
    int morris = f->ncols == SA_MORRIS_COLUMNS;
    snprintf(header, sizeof header, "output,unit,method,rank,factor,key,%s,noise_share,noise_share_of_mean",
             morris ? sa_morris_columns : sa_sobol_columns);
    fprintf(fp, "%s\n", header);
    describe(x, header);
    for (int o = 0; o < f->noutputs; o++) {
        const double *tab = f->table + (size_t)o * (size_t)f->nfactors * (size_t)f->ncols;
        rank_factors(tab, f->nfactors, f->ncols, morris ? 1 : 3, order);
        for (int r = 0; r < f->nfactors; r++) {
            int i = order[r];
            export_text(fp, f->output_names[o]);
            fputc(',', fp);
            export_text(fp, f->output_units[o]);
            fprintf(fp, ",%s,%d,", f->method, r + 1);
            export_text(fp, f->factor_names[i]);
            fputc(',', fp);
            export_text(fp, f->factor_keys[i]);
            for (int c = 0; c < f->ncols; c++) csv_num(fp, tab[(size_t)i * (size_t)f->ncols + (size_t)c]);
            csv_num(fp, f->noise_share[o]);
            csv_num(fp, f->noise_share_of_mean[o]);
            fputc('\n', fp);
        }
    }
    SIM_TRY(export_close(x, "sensitivity.csv", &fp));
done:
    if (fp) fclose(fp);
    free(order);
    sa_file_destroy(&f);
    return st;
}
