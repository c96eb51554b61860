/**
 * @file plot_backtest.c
 * @brief Fan and skill figures of a backtest (see plot_backtest.h).
 */
#include "sim/plot/plot_backtest.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine/config.h"
#include "sim/plot/plot_gnuplot.h"

/* Write `text` to dir/name; errors name the file. */
static sim_status open_in(const char *dir, const char *name, FILE **fp)
{
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
        return SIM_FAIL(SIM_ERR_IO, "path too long: %s/%s", dir, name);
    *fp = fopen(path, "w");
    if (!*fp) return SIM_FAIL(SIM_ERR_IO, "cannot write '%s': %s", path, strerror(errno));
    return SIM_OK;
}

static sim_status close_checked(FILE *fp, const char *dir, const char *name)
{
    int bad = ferror(fp);
    bad |= fclose(fp) != 0;
    if (bad) return SIM_FAIL(SIM_ERR_IO, "cannot write '%s/%s'", dir, name);
    return SIM_OK;
}

static void put(FILE *fp, double x)
{
    if (isfinite(x)) fprintf(fp, " %.6g", x);
    else fputs(" NaN", fp);
}

/* Run gnuplot on dir/stem.gp and remove its log when it succeeds. */
static sim_status draw(const char *dir, const char *stem)
{
    char *gnuplot = NULL;
    SIM_CHECK(plot_gnuplot_find(&gnuplot));
    char script[512], log[512];
    snprintf(script, sizeof script, "%s.gp", stem);
    snprintf(log, sizeof log, "%s.log", stem);
    sim_status st = plot_gnuplot_run(gnuplot, dir, script, log);
    free(gnuplot);
    if (st == SIM_OK) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, log);
        remove(path);
    }
    return st;
}

sim_status plot_backtest_fan(const char *dir, const char *stem, const plot_fan_data *f)
{
    char name[512];
    FILE *fp = NULL;
    snprintf(name, sizeof name, "%s.dat", stem);
    SIM_CHECK(open_in(dir, name, &fp));
    fprintf(fp, "# week_start(Monday) mid_week observed(people) q05 q25 q50 q75 q95 (simulated people per week)\n");
    for (int w = 0; w < f->weeks; w++) {
        char d[32], m[32];
        cfg_format_date(f->week_start[w], d, sizeof d);
        cfg_format_date(f->week_start[w] + 3, m, sizeof m);
        fprintf(fp, "%s %s", d, m);
        put(fp, f->observed[w]);
        for (int k = 0; k < PLOT_FAN_Q; k++) put(fp, f->q[(size_t)w * PLOT_FAN_Q + k]);
        fputc('\n', fp);
    }
    SIM_CHECK(close_checked(fp, dir, name));
    char origin[32];
    cfg_format_date(f->origin, origin, sizeof origin);
    snprintf(name, sizeof name, "%s.gp", stem);
    SIM_CHECK(open_in(dir, name, &fp));
    fprintf(fp,
            "# Forecast fan from the origin %s: simulated weekly arrivals (Monday-Sunday weeks; median,\n"
            "# 50%% and 90%% bands across replications) against the Home Office record. Written by\n"
            "# `chansim backtest`; restyle and rerun in this directory:  gnuplot %s.gp\n"
            "set terminal pngcairo size 1200,750 noenhanced font 'Sans,12' linewidth 1.2\n"
            "set output '%s.png'\n"
            "set title '%s' font ',14'\n"
            "set xdata time\nset timefmt '%%Y-%%m-%%d'\nset format x \"%%d %%b\\n%%Y\"\n"
            "set ylabel 'people arriving per week'\nset yrange [0:*]\nset grid ytics\n"
            "set key inside top left\n"
            "set arrow 1 from '%s', graph 0 to '%s', graph 1 nohead dt 2 lc rgb '#555555'\n"
            "set label 1 'origin' at '%s', graph 0.97 offset 0.5,0 font ',10'\n"
            "plot '%s.dat' using 2:4:8 with filledcurves lc rgb '#c6dbef' title 'simulated 90%%', \\\n"
            "     ''       using 2:5:7 with filledcurves lc rgb '#6baed6' title 'simulated 50%%', \\\n"
            "     ''       using 2:6 with lines lc rgb '#08519c' lw 2 title 'simulated median', \\\n"
            "     ''       using 2:3 with linespoints lc rgb '#000000' pt 7 ps 0.7 title 'observed (Home Office)'\n",
            origin, stem, stem, f->title, origin, origin, origin, stem);
    SIM_CHECK(close_checked(fp, dir, name));
    return draw(dir, stem);
}

sim_status plot_backtest_skill(const char *dir, const char *stem, int nh, const int *horizons, int nseries,
                               const char *const *names, const double *ratios, const char *title)
{
    char name[512];
    FILE *fp = NULL;
    snprintf(name, sizeof name, "%s.dat", stem);
    SIM_CHECK(open_in(dir, name, &fp));
    fprintf(fp, "# horizon_weeks");
    for (int s = 0; s < nseries; s++) fprintf(fp, " %s", names[s]);
    fprintf(fp, "  (model's mean WIS / the naive forecast's; below 1: the model is better)\n");
    for (int i = 0; i < nh; i++) {
        fprintf(fp, "%d", horizons[i]);
        for (int s = 0; s < nseries; s++) put(fp, ratios[(size_t)s * nh + i]);
        fputc('\n', fp);
    }
    SIM_CHECK(close_checked(fp, dir, name));
    snprintf(name, sizeof name, "%s.gp", stem);
    SIM_CHECK(open_in(dir, name, &fp));
    fprintf(fp,
            "# Skill against the horizon: the model's mean weighted interval score over each naive\n"
            "# forecast's, pooled over origins. Written by `chansim backtest`; rerun: gnuplot %s.gp\n"
            "set terminal pngcairo size 1200,750 noenhanced font 'Sans,12' linewidth 1.2\n"
            "set output '%s.png'\nset title '%s' font ',14'\n"
            "set xlabel 'forecast horizon (weeks)'\nset ylabel 'WIS ratio, model / naive (below 1: model better)'\n"
            "set yrange [0:*]\nset xrange [0:%d]\nset grid\nset key inside top left\n"
            "set arrow 1 from graph 0, first 1 to graph 1, first 1 nohead dt 2 lc rgb '#555555'\n"
            "plot ",
            stem, stem, title, horizons[nh - 1] + 2);
    for (int s = 0; s < nseries; s++)
        fprintf(fp, "%s'%s.dat' using 1:%d with linespoints lw 2 pt 7 title '%s'", s ? ", \\\n     " : "", stem,
                s + 2, names[s]);
    fputc('\n', fp);
    SIM_CHECK(close_checked(fp, dir, name));
    return draw(dir, stem);
}
