/**
 * @file progress.c
 * @brief The progress reporter behind progress.h: a bar on a terminal, log lines elsewhere.
 */
#include "sim/run/progress.h"

#include <math.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

enum { PROGRESS_BAR_WIDTH = 40 /* characters of the bar */ };

static double monotonic_seconds(void *ctx)
{
    (void)ctx;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double now(const progress *p)
{
    return p->out.clock ? p->out.clock(p->out.clock_ctx) : monotonic_seconds(NULL);
}

void progress_format_duration(double seconds, char *buf, size_t size)
{
    if (!isfinite(seconds) || seconds < 0 || seconds > 1e9) {
        snprintf(buf, size, "?");
        return;
    }
    long long s = (long long)(seconds + 0.5);
    if (s >= 3600) snprintf(buf, size, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
    else snprintf(buf, size, "%lld:%02lld", s / 60, s % 60);
}

/* Elapsed time, rate (items per second since the start) and time left, as text. */
typedef struct {
    char elapsed[32], eta[32], rate[32];
} timing;

static timing time_of(const progress *p, double t)
{
    timing tm;
    double elapsed = t - p->t0;
    size_t new_done = p->done > p->done0 ? p->done - p->done0 : 0;
    double rate = elapsed > 0 && new_done > 0 ? (double)new_done / elapsed : NAN;
    size_t left = p->total > p->done ? p->total - p->done : 0;
    progress_format_duration(elapsed, tm.elapsed, sizeof tm.elapsed);
    progress_format_duration(left == 0 ? 0.0 : isnan(rate) ? NAN : (double)left / rate, tm.eta, sizeof tm.eta);
    if (isnan(rate)) snprintf(tm.rate, sizeof tm.rate, "-");
    else if (rate >= 10) snprintf(tm.rate, sizeof tm.rate, "%.0f/s", rate);
    else snprintf(tm.rate, sizeof tm.rate, "%.2g/s", rate);
    return tm;
}

static void draw_bar(const progress *p, double t)
{
    size_t total = p->total ? p->total : 1;
    size_t done = p->done < total ? p->done : total;
    int filled = p->total ? (int)(PROGRESS_BAR_WIDTH * done / total) : PROGRESS_BAR_WIDTH;
    char bar[PROGRESS_BAR_WIDTH + 1];
    for (int i = 0; i < PROGRESS_BAR_WIDTH; i++) bar[i] = i < filled ? '#' : '.';
    bar[PROGRESS_BAR_WIDTH] = '\0';
    timing tm = time_of(p, t);
    /* \033[K clears what a longer earlier line left to the right. */
    fprintf(p->out.fp, "\r%-24.24s [%s] %zu/%zu%s%s  %s elapsed, ETA %s\033[K", p->label, bar, p->done, p->total,
            p->unit[0] ? " " : "", p->unit, tm.elapsed, tm.eta);
    if (p->done >= p->total) fputc('\n', p->out.fp);
}

static void write_line(progress *p, double t)
{
    timing tm = time_of(p, t);
    double pct = p->total ? 100.0 * (double)p->done / (double)p->total : 100.0;
    fprintf(p->out.fp, "chansim: %s: %zu/%zu%s%s (%.0f%%), %s, elapsed %s, ETA %s\n", p->label, p->done, p->total,
            p->unit[0] ? " " : "", p->unit, floor(pct), tm.rate, tm.elapsed, tm.eta);
    p->last_t = t;
    p->last_done = p->done;
}

/* Show the state after an update: every update on a terminal; on a log, only at the
 * start, the end, each further PROGRESS_LINE_PERCENT and each PROGRESS_LINE_SECONDS. */
static void show(progress *p, int first)
{
    if (!p->out.fp || p->finished) return;
    double t = now(p);
    if (p->out.terminal) {
        draw_bar(p, t);
    } else {
        size_t step = p->total * PROGRESS_LINE_PERCENT / 100;
        int due = first || p->done >= p->total || p->done >= p->last_done + (step ? step : 1) ||
                  (p->done > p->last_done && t - p->last_t >= PROGRESS_LINE_SECONDS);
        if (!due) return;
        write_line(p, t);
    }
    if (p->done >= p->total) p->finished = 1;
    fflush(p->out.fp);
}

void progress_start_to(progress *p, const char *label, const char *unit, size_t total, const progress_output *out)
{
    *p = (progress){.total = total, .out = out ? *out : (progress_output){0}};
    snprintf(p->label, sizeof p->label, "%s", label ? label : "");
    snprintf(p->unit, sizeof p->unit, "%s", unit ? unit : "");
    p->t0 = p->last_t = now(p);
    show(p, 1);
}

void progress_start(progress *p, const char *label, const char *unit, size_t total, int wanted)
{
    progress_output out = {.fp = wanted ? stderr : NULL, .terminal = wanted && isatty(STDERR_FILENO)};
    progress_start_to(p, label, unit, total, &out);
}

void progress_step(progress *p)
{
    if (!p) return;
#pragma omp critical(sim_progress)
    {
        p->done++;
        p->updated = 1;
        show(p, 0);
    }
}

void progress_set(progress *p, size_t done)
{
    if (!p) return;
#pragma omp critical(sim_progress)
    {
        int resumed = !p->updated && done > 0;
        if (resumed) p->done0 = p->last_done = done; /* a resumed job's earlier work: not in the rate */
        p->updated = 1;
        p->done = done;
        show(p, resumed);
    }
}
