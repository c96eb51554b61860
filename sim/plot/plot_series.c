/**
 * @file plot_series.c
 * @brief Time-series plots of every scenario: weekly and cumulative arrivals,
 *        cumulative deaths and weekly people per boat, and the baseline against
 *        observed arrivals.
 *
 * Weekly summaries are the ones stored in the file (summary/weekly); cumulative
 * bands need the replications themselves (a quantile of a sum is not the sum of the
 * quantiles), so each scenario's per-replication arrivals are read and summed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine/calweek.h"
#include "sim/engine/date.h"
#include "sim/io/output.h"
#include "sim/plot/plot_figure.h"
#include "sim/engine/summary.h"

enum { MID_WEEK = 3, DATE_LEN = 11, NUM_LEN = 32 };

/* Streams the data files are printed to (open_memstream), one per figure. */
typedef struct {
    FILE *fp;
    char *text;
    size_t len;
} mem_out;

static sim_status mem_open(mem_out *m)
{
    memset(m, 0, sizeof *m);
    if (!(m->fp = open_memstream(&m->text, &m->len))) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    return SIM_OK;
}

/* Close and take the text (NULL if the stream failed). */
static char *mem_take(mem_out *m)
{
    if (!m->fp) return NULL;
    int bad = ferror(m->fp);
    fclose(m->fp);
    m->fp = NULL;
    char *t = m->text;
    m->text = NULL;
    if (bad) {
        free(t);
        return NULL;
    }
    return t;
}

static void mem_discard(mem_out *m)
{
    free(mem_take(m));
}

/* The summary column c of metric m in week w. */
static double wsum(const out_summary *s, int w, int m, int c)
{
    return s->weekly[((size_t)w * (size_t)s->metrics->nweekly + (size_t)m) * SUMMARY_COUNT + (size_t)c];
}

/* Print the columns of a weekly summary: mean q05 q50 q95. */
static void print_band(FILE *fp, const out_summary *s, int w, int m)
{
    static const int cols[] = {S_MEAN, S_Q05, S_Q50, S_Q95};
    for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
        char b[NUM_LEN];
        plot_num(b, sizeof b, wsum(s, w, m, cols[k]));
        fprintf(fp, " %s", b);
    }
}

/* Set @XRANGE@ of f to ["first":"last"] (day numbers as dates). */
static sim_status set_xrange(plot_figure *f, int first, int last)
{
    char a[DATE_LEN], b[DATE_LEN];
    cfg_format_date(first, a, sizeof a);
    cfg_format_date(last, b, sizeof b);
    return plot_figure_set(f, "XRANGE", "[\"%s\":\"%s\"]", a, b);
}

/* "'a', 'b'" for a gnuplot array initialiser. */
static sim_status names_array(char *const *names, size_t n, char **out)
{
    *out = NULL;
    mem_out m;
    SIM_CHECK(mem_open(&m));
    for (size_t i = 0; i < n; i++) {
        char *q = plot_template_quote(names[i]);
        if (!q) {
            mem_discard(&m);
            return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
        }
        fprintf(m.fp, "%s'%s'", i ? ", " : "", q);
        free(q);
    }
    if (!(*out = mem_take(&m))) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    return SIM_OK;
}

/* The placeholders every series figure shares. */
static sim_status set_common(plot_figure *f, const plot_inputs *in, const char *names, const char *reps)
{
    SIM_CHECK(plot_figure_set(f, "SCENARIOS", "%s", names));
    SIM_CHECK(plot_figure_set(f, "NSCEN", "%zu", in->nscen));
    SIM_CHECK(plot_figure_set_quoted(f, "SOURCE", in->source));
    SIM_CHECK(plot_figure_set_quoted(f, "REPS", reps));
    return SIM_OK;
}

/* Index of the baseline among the scenarios (0 if it is not named or not found). */
static size_t baseline_index(const plot_inputs *in)
{
    for (size_t i = 0; in->baseline && i < in->nscen; i++)
        if (strcmp(in->names[i], in->baseline) == 0) return i;
    return 0;
}

/*
 * Running totals of metric m at the end of each week, summarised across replications:
 * out[w * SUMMARY_COUNT + c]. NaN weekly values add nothing (a week without data).
 */
static sim_status cumulative(const sim_results *r, int m, double *out)
{
    double *cum = calloc((size_t)r->reps, sizeof *cum);
    if (!cum) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    sim_status st = SIM_OK;
    for (int w = 0; w < r->weeks && st == SIM_OK; w++) {
        for (int k = 0; k < r->reps; k++) {
            double v = results_weekly(r, k)[(size_t)w * (size_t)r->metrics->nweekly + (size_t)m];
            if (!isnan(v)) cum[k] += v;
        }
        st = summary_stats(cum, (size_t)r->reps, 1, out + (size_t)w * SUMMARY_COUNT);
    }
    free(cum);
    if (st != SIM_OK) sim_trace_at(__FILE__, __LINE__, __func__);
    return st;
}

/* Print mean q05 q50 q95 of a summary row. */
static void print_row(FILE *fp, const double *s)
{
    static const int cols[] = {S_MEAN, S_Q05, S_Q50, S_Q95};
    for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
        char b[NUM_LEN];
        plot_num(b, sizeof b, s[cols[k]]);
        fprintf(fp, " %s", b);
    }
}

/* Day after the last simulated day of week w (the end of the horizon for a partial last week). */
static int week_end(const sim_results *r, int w)
{
    int a, b;
    calweek_span(r->start_day, r->days, w, &a, &b);
    return b;
}

/* The whole calendar weeks of r, [*w0, *w1) (empty if none): all but a partial first and last week. */
static void whole_weeks(const sim_results *r, int *w0, int *w1)
{
    *w0 = calweek_partial(r->start_day, r->days, 0) ? 1 : 0;
    *w1 = r->weeks - (r->weeks > *w0 && calweek_partial(r->start_day, r->days, r->weeks - 1) ? 1 : 0);
    if (*w1 < *w0) *w1 = *w0;
}

/* State of the observed-vs-simulated figure, filled while the baseline is read. */
typedef struct {
    int drawn;          /* an overlap was found */
    char note_sim[300]; /* subtitle lines: the totals compared */
    char note_obs[300];
    char xtics[600];    /* tic dates over the compared span */
    int first, last;    /* that span, day numbers */
    char why[300];      /* why it was skipped */
} observed_result;

/*
 * Baseline weekly arrivals against the observed weeks over the dates both cover: the
 * simulated whole calendar weeks inside [first, last] and the observed weeks
 * (Monday..Sunday week_ending) inside the same span, so the same weeks on both sides.
 * Both are drawn at their middle day.
 */
static sim_status print_observed(FILE *fp, const sim_results *r, const out_summary *s, int arrivals,
                                 const plot_observed *o, observed_result *res)
{
    int full0, full1;
    whole_weeks(r, &full0, &full1);
    int sim_first = calweek_monday(r->start_day, full0), sim_last = calweek_monday(r->start_day, full1) - 1;
    int obs_first = o->week_ending[0] - 6, obs_last = o->week_ending[0];
    for (size_t i = 0; i < o->n; i++) {
        if (o->week_ending[i] - 6 < obs_first) obs_first = o->week_ending[i] - 6;
        if (o->week_ending[i] > obs_last) obs_last = o->week_ending[i];
    }
    int first = sim_first > obs_first ? sim_first : obs_first;
    int last = sim_last < obs_last ? sim_last : obs_last;
    int w0 = -1, w1 = -1;
    for (int w = full0; w < full1; w++)
        if (calweek_monday(r->start_day, w) >= first && calweek_monday(r->start_day, w) + 6 <= last) {
            if (w0 < 0) w0 = w;
            w1 = w;
        }
    size_t nobs = 0, nobs_known = 0;
    double obs_total = 0;
    int obs_lo = 0, obs_hi = 0;
    for (size_t i = 0; i < o->n; i++)
        if (o->week_ending[i] - 6 >= first && o->week_ending[i] <= last) {
            if (!nobs) obs_lo = o->week_ending[i] - 6;
            obs_hi = o->week_ending[i];
            nobs++;
            if (!isnan(o->migrants[i])) {
                obs_total += o->migrants[i];
                nobs_known++;
            }
        }
    char a[DATE_LEN], b[DATE_LEN], c[DATE_LEN], d[DATE_LEN];
    if (w0 < 0 || nobs_known == 0) {
        cfg_format_date(sim_first, a, sizeof a);
        cfg_format_date(sim_last, b, sizeof b);
        cfg_format_date(obs_first, c, sizeof c);
        cfg_format_date(obs_last, d, sizeof d);
        snprintf(res->why, sizeof res->why,
                 "simulated whole weeks (%s to %s) and observed weeks (%s to %s) do not overlap", a, b, c, d);
        return SIM_OK;
    }
    res->drawn = 1;

    /* Totals over the compared weeks: observed, and the simulated mean with its 90% band. */
    double *tot = calloc((size_t)r->reps, sizeof *tot), t[SUMMARY_COUNT];
    if (!tot) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    for (int k = 0; k < r->reps; k++)
        for (int w = w0; w <= w1; w++) tot[k] += results_weekly(r, k)[(size_t)w * (size_t)r->metrics->nweekly + (size_t)arrivals];
    sim_status st = summary_stats(tot, (size_t)r->reps, 1, t);
    free(tot);
    SIM_CHECK(st);
    char so[32], sm[32], sl[32], sh[32];
    plot_thousands(so, sizeof so, obs_total);
    plot_thousands(sm, sizeof sm, t[S_MEAN]);
    plot_thousands(sl, sizeof sl, t[S_Q05]);
    plot_thousands(sh, sizeof sh, t[S_Q95]);
    int m0 = calweek_monday(r->start_day, w0), m1 = calweek_monday(r->start_day, w1);
    cfg_format_date(m0, a, sizeof a);
    cfg_format_date(m1 + 6, b, sizeof b);
    cfg_format_date(obs_lo, c, sizeof c);
    cfg_format_date(obs_hi, d, sizeof d);
    snprintf(res->note_sim, sizeof res->note_sim, "Simulated %s to %s: mean %s people (90%% of replications: %s to %s)",
             a, b, sm, sl, sh);
    snprintf(res->note_obs, sizeof res->note_obs, "Observed %s to %s: %s people%s", c, d, so,
             nobs_known < nobs ? " (weeks without a figure left out)" : "");
    char *tics = NULL;
    int lo = m0 < obs_lo ? m0 : obs_lo;
    int hi = m1 + 6 > obs_hi ? m1 + 6 : obs_hi;
    SIM_CHECK(plot_date_tics(lo, hi, 12, &tics));
    res->first = lo;
    res->last = hi + 1;
    snprintf(res->xtics, sizeof res->xtics, "%s", tics);
    free(tics);

    fprintf(fp, "# block 0: simulated (%s), columns: week_start week_mid mean q05 q50 q95 (people per week)\n",
            r->name);
    for (int w = w0; w <= w1; w++) {
        cfg_format_date(calweek_monday(r->start_day, w), a, sizeof a);
        cfg_format_date(calweek_monday(r->start_day, w) + MID_WEEK, b, sizeof b);
        fprintf(fp, "%s %s", a, b);
        print_band(fp, s, w, arrivals);
        fputc('\n', fp);
    }
    fprintf(fp, "\n\n# block 1: observed, columns: week_ending week_mid migrants (people per week)\n");
    for (size_t i = 0; i < o->n; i++)
        if (o->week_ending[i] - 6 >= first && o->week_ending[i] <= last) {
            char v[NUM_LEN];
            cfg_format_date(o->week_ending[i], a, sizeof a);
            cfg_format_date(o->week_ending[i] - 6 + MID_WEEK, b, sizeof b);
            plot_num(v, sizeof v, o->migrants[i]);
            fprintf(fp, "%s %s %s\n", a, b, v);
        }
    return SIM_OK;
}

static const char *const week_note =
    "# Weeks are calendar weeks, Monday (week_start) to Sunday, drawn at week_mid = week_start + 3 days.\n"
    "# A partial first or last week (the start date or the horizon's end cuts it) is left out. NaN: no value.\n";

/* The data files being written and what the scenarios have shown so far. */
typedef struct {
    mem_out weekly, cum, dp, obs; /* one data file per figure; obs only with observed data */
    int rmin, rmax;               /* fewest and most replications of a scenario */
    int day_first;                /* earliest start day */
    int day_first_full;           /* earliest first day of a scenario's whole weeks */
    int day_last_full;            /* latest day after a scenario's last whole week */
    int day_last;                 /* latest day after a scenario's horizon */
    int min_full;                 /* fewest whole weeks of a scenario */
    size_t ib;                    /* the baseline's index */
    observed_result ores;         /* the baseline against observed data */
} series_build;

/* The comment lines that head each data file. */
static void print_headers(const plot_inputs *in, series_build *b)
{
    const sim_metric *ma = &in->metrics->weekly[in->ids.arrivals], *md = &in->metrics->weekly[in->ids.deaths],
                     *mp = &in->metrics->weekly[in->ids.people_per_boat];
    fprintf(b->weekly.fp, "# %s (%s per week) by scenario: summaries across replications.\n# Results file: %s\n%s",
            ma->title, ma->unit, in->source, week_note);
    fprintf(b->weekly.fp, "# One block per scenario, separated by two blank lines (gnuplot: index 0, 1, ...).\n"
                          "# columns: week_start week_mid mean q05 q50 q95\n");
    fprintf(b->cum.fp,
            "# Cumulative %s (%s) by scenario: summaries across replications of the running total.\n"
            "# Results file: %s\n# date: the running total up to (not including) this day; the first row is the "
            "start (0).\n# One block per scenario, separated by two blank lines.\n# columns: date mean q05 q50 q95\n",
            ma->title, ma->unit, in->source);
    fprintf(b->dp.fp,
            "# %s (%s per week) and %s (%s) by scenario: summaries across replications.\n# Results file: %s\n%s"
            "# One block per scenario, separated by two blank lines.\n"
            "# deaths: in the week; cum_deaths: the running total up to (not including) week_end.\n"
            "# columns: week_start week_mid week_end deaths_mean deaths_q05 deaths_q50 deaths_q95\n"
            "#   cum_deaths_mean cum_deaths_q05 cum_deaths_q50 cum_deaths_q95 ppb_mean ppb_q05 ppb_q50 ppb_q95\n",
            md->title, md->unit, mp->title, mp->unit, in->source, week_note);
    if (b->obs.fp)
        fprintf(b->obs.fp,
                "# %s (%s per week): simulated (baseline scenario) and observed.\n# Results file: %s\n"
                "# Simulated and observed weeks are both calendar weeks, Monday to Sunday (observed: week_ending, "
                "the Sunday).\n# Both are drawn at their middle day (week_mid). Only whole weeks inside the span "
                "both cover are kept.\n",
                ma->title, ma->unit, in->source);
}

/* Scenario i's blocks of the weekly, cumulative and deaths files from its results and summary. */
static sim_status print_scenario_blocks(const plot_inputs *in, series_build *b, size_t i, const sim_results *r,
                                        const out_summary *s)
{
    const char *name = in->names[i];
    const char *sep = i ? "\n\n" : "";
    fprintf(b->weekly.fp, "%s# scenario %zu: %s (%d replications)\n", sep, i, name, r->reps);
    fprintf(b->cum.fp, "%s# scenario %zu: %s (%d replications)\n", sep, i, name, r->reps);
    fprintf(b->dp.fp, "%s# scenario %zu: %s (%d replications)\n", sep, i, name, r->reps);
    int full0, full1;
    whole_weeks(r, &full0, &full1);
    double *cbuf = malloc((size_t)r->weeks * 2 * SUMMARY_COUNT * sizeof *cbuf);
    if (!cbuf) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    double *carr = cbuf, *cdeaths = cbuf + (size_t)r->weeks * SUMMARY_COUNT;
    sim_status st = cumulative(r, in->ids.arrivals, carr);
    if (st == SIM_OK) st = cumulative(r, in->ids.deaths, cdeaths);
    if (st != SIM_OK) {
        free(cbuf);
        SIM_CHECK(st);
    }
    char a[DATE_LEN], c[DATE_LEN], e[DATE_LEN];
    cfg_format_date(r->start_day, a, sizeof a);
    fprintf(b->cum.fp, "%s 0 0 0 0\n", a);
    for (int w = 0; w < r->weeks; w++) {
        cfg_format_date(week_end(r, w), e, sizeof e);
        fprintf(b->cum.fp, "%s", e);
        print_row(b->cum.fp, carr + (size_t)w * SUMMARY_COUNT);
        fputc('\n', b->cum.fp);
    }
    for (int w = full0; w < full1 && w < s->weeks; w++) {
        cfg_format_date(calweek_monday(r->start_day, w), a, sizeof a);
        cfg_format_date(calweek_monday(r->start_day, w) + MID_WEEK, c, sizeof c);
        cfg_format_date(week_end(r, w), e, sizeof e);
        fprintf(b->weekly.fp, "%s %s", a, c);
        print_band(b->weekly.fp, s, w, in->ids.arrivals);
        fprintf(b->dp.fp, "%s %s %s", a, c, e);
        print_band(b->dp.fp, s, w, in->ids.deaths);
        print_row(b->dp.fp, cdeaths + (size_t)w * SUMMARY_COUNT);
        print_band(b->dp.fp, s, w, in->ids.people_per_boat);
        fputc('\n', b->weekly.fp);
        fputc('\n', b->dp.fp);
    }
    free(cbuf);
    return SIM_OK;
}

/* Read scenario i, print its blocks, and widen the spans the figures cover. */
static sim_status add_scenario(const plot_inputs *in, size_t i, series_build *b)
{
    sim_status st = SIM_OK;
    sim_results *r = NULL;
    out_summary *s = NULL;
    SIM_TRY(out_read_summary(in->results, in->names[i], in->metrics, &s));
    SIM_TRY(out_read_scenario(in->results, in->names[i], in->metrics, &r));
    if (i == 0 || r->reps < b->rmin) b->rmin = r->reps;
    if (i == 0 || r->reps > b->rmax) b->rmax = r->reps;
    SIM_TRY(print_scenario_blocks(in, b, i, r, s));
    int full0, full1;
    whole_weeks(r, &full0, &full1);
    int first_full = calweek_monday(r->start_day, full0), end_full = calweek_monday(r->start_day, full1);
    if (i == 0 || r->start_day < b->day_first) b->day_first = r->start_day;
    if (i == 0 || first_full < b->day_first_full) b->day_first_full = first_full;
    if (i == 0 || end_full > b->day_last_full) b->day_last_full = end_full;
    if (i == 0 || full1 - full0 < b->min_full) b->min_full = full1 - full0;
    if (i == 0 || r->start_day + r->days > b->day_last) b->day_last = r->start_day + r->days;
    if (i == b->ib && b->obs.fp) SIM_TRY(print_observed(b->obs.fp, r, s, in->ids.arrivals, in->observed, &b->ores));
done:
    results_destroy(&r);
    out_summary_destroy(&s);
    return st;
}

/* A new figure named `name` drawn by `template` from the text of m, with the shared placeholders. */
static sim_status add_figure(plot_figures *out, const char *name, const char *template, mem_out *m,
                             const plot_inputs *in, const char *names, const char *reps, plot_figure **f)
{
    SIM_CHECK(plot_figures_add(out, name, template, f));
    if (!((*f)->data = mem_take(m))) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    SIM_CHECK(set_common(*f, in, names, reps));
    return SIM_OK;
}

/* The figures from the finished data files; date tics and ranges from the spans seen. */
static sim_status add_figures(const plot_inputs *in, series_build *b, plot_figures *out)
{
    sim_status st = SIM_OK;
    char *names = NULL, *xtics = NULL, *xtics_narrow = NULL, *xtics_cum = NULL;
    const sim_metric *ma = &in->metrics->weekly[in->ids.arrivals], *md = &in->metrics->weekly[in->ids.deaths],
                     *mp = &in->metrics->weekly[in->ids.people_per_boat];
    char reps[64];
    if (b->rmin == b->rmax) snprintf(reps, sizeof reps, "%d replications", b->rmin);
    else snprintf(reps, sizeof reps, "%d to %d replications", b->rmin, b->rmax);
    SIM_TRY(names_array(in->names, in->nscen, &names));
    /* Tic dates: up to 12 across a full-width plot, 4 across a small-multiple panel. */
    SIM_TRY(plot_date_tics(b->day_first_full, b->day_last_full, 12, &xtics));
    SIM_TRY(plot_date_tics(b->day_first_full, b->day_last_full, 4, &xtics_narrow));
    SIM_TRY(plot_date_tics(b->day_first, b->day_last, 12, &xtics_cum));
    plot_figure *f;
    char label[256];

    /* Weekly plots need a whole calendar week in every scenario (an empty block stops gnuplot). */
    if (b->min_full > 0) {
        SIM_TRY(add_figure(out, "arrivals_weekly", "arrivals_weekly.gp", &b->weekly, in, names, reps, &f));
        snprintf(label, sizeof label, "%s (%s per week)", ma->title, ma->unit);
        SIM_TRY(plot_figure_set_quoted(f, "YLABEL", label));
        SIM_TRY(plot_figure_set_quoted(f, "BASELINE", in->names[b->ib]));
        SIM_TRY(plot_figure_set(f, "IBASE", "%zu", b->ib));
        SIM_TRY(plot_figure_set(f, "XTICS", "%s", xtics));
        SIM_TRY(plot_figure_set(f, "XTICS_NARROW", "%s", xtics_narrow));
        SIM_TRY(set_xrange(f, b->day_first_full, b->day_last_full));
    }

    SIM_TRY(add_figure(out, "arrivals_cumulative", "arrivals_cumulative.gp", &b->cum, in, names, reps, &f));
    snprintf(label, sizeof label, "%s, cumulative (%s)", ma->title, ma->unit);
    SIM_TRY(plot_figure_set_quoted(f, "YLABEL", label));
    SIM_TRY(plot_figure_set(f, "XTICS", "%s", xtics_cum));
    SIM_TRY(set_xrange(f, b->day_first, b->day_last));

    if (b->min_full > 0) {
        SIM_TRY(add_figure(out, "deaths_ppb", "deaths_ppb.gp", &b->dp, in, names, reps, &f));
        snprintf(label, sizeof label, "%s, cumulative (%s)", md->title, md->unit);
        SIM_TRY(plot_figure_set_quoted(f, "YLABEL", label));
        snprintf(label, sizeof label, "%s (%s, weekly)", mp->title, mp->unit);
        SIM_TRY(plot_figure_set_quoted(f, "YLABEL2", label));
        SIM_TRY(plot_figure_set(f, "XTICS", "%s", xtics));
        SIM_TRY(set_xrange(f, b->day_first_full, b->day_last_full));
    } else {
        SIM_TRY(plot_figures_note(out, "arrivals_weekly and deaths_ppb not drawn: a scenario's horizon holds no whole calendar week "
                                       "(Monday to Sunday)"));
    }

    if (b->obs.fp) {
        if (b->ores.drawn) {
            SIM_TRY(add_figure(out, "observed_weekly", "observed_weekly.gp", &b->obs, in, names, reps, &f));
            snprintf(label, sizeof label, "%s (%s per week)", ma->title, ma->unit);
            SIM_TRY(plot_figure_set_quoted(f, "YLABEL", label));
            SIM_TRY(plot_figure_set_quoted(f, "BASELINE", in->names[b->ib]));
            SIM_TRY(plot_figure_set_quoted(f, "NOTE_SIM", b->ores.note_sim));
            SIM_TRY(plot_figure_set_quoted(f, "NOTE_OBS", b->ores.note_obs));
            SIM_TRY(plot_figure_set(f, "XTICS", "%s", b->ores.xtics));
            SIM_TRY(set_xrange(f, b->ores.first, b->ores.last));
        } else {
            SIM_TRY(plot_figures_note(out, "observed_weekly not drawn: %s", b->ores.why));
        }
    }
done:
    free(xtics);
    free(xtics_narrow);
    free(xtics_cum);
    free(names);
    return st;
}

sim_status plot_build_series(const plot_inputs *in, plot_figures *out)
{
    if (in->nscen == 0) return SIM_OK;
    sim_status st = SIM_OK;
    series_build b = {.ib = baseline_index(in)};
    SIM_TRY(mem_open(&b.weekly));
    SIM_TRY(mem_open(&b.cum));
    SIM_TRY(mem_open(&b.dp));
    if (in->observed) SIM_TRY(mem_open(&b.obs));
    print_headers(in, &b);
    for (size_t i = 0; i < in->nscen; i++) SIM_TRY(add_scenario(in, i, &b));
    SIM_TRY(add_figures(in, &b, out));
done:
    mem_discard(&b.weekly);
    mem_discard(&b.cum);
    mem_discard(&b.dp);
    mem_discard(&b.obs);
    return st;
}
