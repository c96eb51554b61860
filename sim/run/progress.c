/**
 * @file progress.c
 * @brief The terminal progress bar behind progress.h.
 */
#include "sim/run/progress.h"

#include <stdio.h>
#include <unistd.h>

enum { PROGRESS_BAR_WIDTH = 40 /* characters of the bar */ };

static void draw(const progress *p)
{
    if (!p->draw) return;
    size_t total = p->total ? p->total : 1;
    size_t done = p->done < total ? p->done : total;
    int filled = p->total ? (int)(PROGRESS_BAR_WIDTH * done / total) : PROGRESS_BAR_WIDTH;
    char bar[PROGRESS_BAR_WIDTH + 1];
    for (int i = 0; i < PROGRESS_BAR_WIDTH; i++) bar[i] = i < filled ? '#' : '.';
    bar[PROGRESS_BAR_WIDTH] = '\0';
    fprintf(stderr, "\r%-24.24s [%s] %zu/%zu%s%s", p->label, bar, p->done, p->total, p->unit[0] ? " " : "", p->unit);
    if (p->done >= p->total) fputc('\n', stderr);
    fflush(stderr);
}

void progress_start(progress *p, const char *label, const char *unit, size_t total, int wanted)
{
    snprintf(p->label, sizeof p->label, "%s", label ? label : "");
    snprintf(p->unit, sizeof p->unit, "%s", unit ? unit : "");
    p->total = total;
    p->done = 0;
    p->draw = wanted && isatty(STDERR_FILENO);
    draw(p);
}

void progress_step(progress *p)
{
    if (!p) return;
#pragma omp critical(sim_progress)
    {
        p->done++;
        draw(p);
    }
}

void progress_set(progress *p, size_t done)
{
#pragma omp critical(sim_progress)
    {
        p->done = done;
        draw(p);
    }
}
