/**
 * @file plot_figure.c
 * @brief The figure list and its helpers (see plot_figure.h).
 */
#include "sim/plot/plot_figure.h"

#include "sim/engine/date.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

sim_status plot_figures_add(plot_figures *list, const char *stem, const char *tmpl, plot_figure **fig)
{
    if (strlen(stem) >= PLOT_STEM_MAX || strlen(tmpl) >= PLOT_STEM_MAX)
        return SIM_FAIL(SIM_ERR_INTERNAL, "plot name too long: '%s'", stem);
    if (list->n == list->cap) {
        size_t cap = list->cap ? 2 * list->cap : 8;
        plot_figure *grown = realloc(list->items, cap * sizeof *grown);
        if (!grown) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
        list->items = grown;
        list->cap = cap;
    }
    plot_figure *f = &list->items[list->n++];
    memset(f, 0, sizeof *f);
    snprintf(f->stem, sizeof f->stem, "%s", stem);
    snprintf(f->tmpl, sizeof f->tmpl, "%s", tmpl);
    *fig = f;
    return SIM_OK;
}

/* Store an owned value for key, replacing an earlier one. */
static sim_status set_owned(plot_figure *fig, const char *key, char *value)
{
    if (!value) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    for (size_t i = 0; i < fig->nsubs; i++)
        if (strcmp(fig->subs[i].key, key) == 0) {
            free((char *)fig->subs[i].value);
            fig->subs[i].value = value;
            return SIM_OK;
        }
    if (fig->nsubs == PLOT_SUBS_MAX) {
        free(value);
        return SIM_FAIL(SIM_ERR_INTERNAL, "plot '%s': more than %d placeholders", fig->stem, PLOT_SUBS_MAX);
    }
    fig->subs[fig->nsubs++] = (plot_subst){key, value};
    return SIM_OK;
}

sim_status plot_figure_set(plot_figure *fig, const char *key, const char *fmt, ...)
{
    char *v = NULL;
    va_list ap;
    va_start(ap, fmt);
    int rc = vasprintf(&v, fmt, ap);
    va_end(ap);
    return set_owned(fig, key, rc < 0 ? NULL : v);
}

sim_status plot_figure_set_quoted(plot_figure *fig, const char *key, const char *text)
{
    return set_owned(fig, key, plot_template_quote(text));
}

sim_status plot_figures_note(plot_figures *list, const char *fmt, ...)
{
    char *v = NULL;
    va_list ap;
    va_start(ap, fmt);
    int rc = vasprintf(&v, fmt, ap);
    va_end(ap);
    if (rc < 0) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    char **grown = realloc(list->notes, (list->nnotes + 1) * sizeof *grown);
    if (!grown) {
        free(v);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    }
    list->notes = grown;
    list->notes[list->nnotes++] = v;
    return SIM_OK;
}

void plot_figures_free(plot_figures *list)
{
    for (size_t i = 0; i < list->n; i++) {
        free(list->items[i].data);
        for (size_t k = 0; k < list->items[i].nsubs; k++) free((char *)list->items[i].subs[k].value);
    }
    free(list->items);
    for (size_t i = 0; i < list->nnotes; i++) free(list->notes[i]);
    free(list->notes);
    memset(list, 0, sizeof *list);
}

void plot_num(char *buf, size_t size, double v)
{
    if (isnan(v)) snprintf(buf, size, "NaN");
    else snprintf(buf, size, "%.10g", v);
}

void plot_thousands(char *buf, size_t size, double v)
{
    if (!isfinite(v)) {
        snprintf(buf, size, "n/a");
        return;
    }
    char digits[64];
    snprintf(digits, sizeof digits, "%.0f", fabs(v));
    size_t nd = strlen(digits), o = 0;
    char out[96];
    if (v < 0 && strcmp(digits, "0") != 0) out[o++] = '-';
    for (size_t i = 0; i < nd && o + 2 < sizeof out; i++) {
        if (i && (nd - i) % 3 == 0) out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
    snprintf(buf, size, "%s", out);
}

/* Day number of the first day of month m (1..12) of year y. */
static int month_start(int y, int m)
{
    return cfg_date_from_civil(y, m, 1);
}

sim_status plot_date_tics(int first, int last, int max_tics, char **out)
{
    static const int steps[] = {1, 2, 3, 6, 12, 24, 60, 120};
    *out = NULL;
    int y0 = cfg_date_year(first), m0 = cfg_date_month(first);
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
        int step = steps[k], count = 0;
        /* Months since year 0 aligned to the step: Jan/Jul for 6, every January for 12, even years for 24. */
        long m = (long)y0 * 12 + (m0 - 1);
        m += (step - m % step) % step;
        for (long i = m;; i += step) {
            int d = month_start((int)(i / 12), (int)(i % 12) + 1);
            if (d > last) break;
            if (d >= first) count++;
        }
        if (count > max_tics) continue;
        if (count < 2) break;
        char *text = NULL;
        size_t len = 0;
        FILE *fp = open_memstream(&text, &len);
        if (!fp) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
        fputc('(', fp);
        int n = 0;
        for (long i = m;; i += step) {
            int d = month_start((int)(i / 12), (int)(i % 12) + 1);
            if (d > last) break;
            if (d < first) continue;
            char date[16];
            cfg_format_date(d, date, sizeof date);
            fprintf(fp, "%s\"%s\"", n++ ? ", " : "", date);
        }
        fputc(')', fp);
        int bad = ferror(fp);
        fclose(fp);
        if (bad || !text) {
            free(text);
            return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
        }
        *out = text;
        return SIM_OK;
    }
    if (!(*out = strdup("autofreq"))) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    return SIM_OK;
}

sim_status plot_metric_ids_find(const sim_metric_set *set, plot_metric_ids *ids)
{
    if (!set) return SIM_FAIL(SIM_ERR_INTERNAL, "plots need the model's metric set");
    SIM_CHECK(metric_set_lookup(set, METRIC_WEEKLY, "arrivals", &ids->arrivals));
    SIM_CHECK(metric_set_lookup(set, METRIC_WEEKLY, "deaths", &ids->deaths));
    SIM_CHECK(metric_set_lookup(set, METRIC_WEEKLY, "people_per_boat", &ids->people_per_boat));
    SIM_CHECK(metric_set_lookup(set, METRIC_WEEKLY, "cost", &ids->cost));
    SIM_CHECK(metric_set_lookup_effect(set, "cost_per_crossing_prevented", &ids->cost_per_crossing));
    return SIM_OK;
}
