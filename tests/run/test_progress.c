/**
 * @file test_progress.c
 * @brief The progress reporter (sim/run/progress.h) written into a pipe, as a Slurm or
 *        nohup log sees it, with an injected clock: which lines appear and when (every
 *        PROGRESS_LINE_PERCENT, every PROGRESS_LINE_SECONDS, at start and end), their
 *        rate, elapsed time and ETA; the terminal bar's elapsed time and ETA; no output
 *        when not wanted. No real time is measured.
 */
#include <criterion/criterion.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/run/progress.h"

/* A fake clock: the test moves it. */
static double fake_clock(void *ctx) { return *(double *)ctx; }

/* A pipe whose write end is a stream (the reporter's) and whose read end the test drains. */
typedef struct {
    int rd;
    FILE *wr;
    double t; /* the fake clock, s */
} pipe_log;

static void log_open(pipe_log *l)
{
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    cr_assert_eq(fcntl(fds[0], F_SETFL, O_NONBLOCK), 0);
    l->rd = fds[0];
    l->wr = fdopen(fds[1], "w");
    cr_assert_not_null(l->wr);
    cr_assert_eq(isatty(fds[1]), 0, "a pipe is not a terminal");
    l->t = 1000.0; /* any origin: only differences count */
}

/* Everything written since the last drain (owned). */
static char *log_drain(pipe_log *l)
{
    fflush(l->wr);
    static char buf[1 << 16];
    ssize_t n = read(l->rd, buf, sizeof buf - 1);
    if (n < 0) n = 0;
    buf[n] = '\0';
    return strdup(buf);
}

static void log_close(pipe_log *l)
{
    fclose(l->wr);
    close(l->rd);
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++) n += *s == '\n';
    return n;
}

static progress_output log_output(pipe_log *l, int terminal)
{
    return (progress_output){.fp = l->wr, .terminal = terminal, .clock = fake_clock, .clock_ctx = &l->t};
}

Test(progress, log_lines_every_ten_percent_with_rate_elapsed_and_eta)
{
    pipe_log l;
    log_open(&l);
    progress_output out = log_output(&l, 0);
    progress p;
    progress_start_to(&p, "baseline", "replications", 20, &out);
    char *s = log_drain(&l);
    cr_expect_str_eq(s, "chansim: baseline: 0/20 replications (0%), -, elapsed 0:00, ETA ?\n");
    free(s);
    /* One item a second: a line every 2 items (10% of 20), none between. */
    l.t += 1;
    progress_step(&p);
    s = log_drain(&l);
    cr_expect_str_eq(s, "", "a line before 10%%: %s", s);
    free(s);
    l.t += 1;
    progress_step(&p);
    s = log_drain(&l);
    cr_expect_str_eq(s, "chansim: baseline: 2/20 replications (10%), 1/s, elapsed 0:02, ETA 0:18\n");
    free(s);
    for (int i = 2; i < 20; i++) {
        l.t += 1;
        progress_step(&p);
    }
    s = log_drain(&l);
    cr_expect_eq(count_lines(s), 9, "lines from 20%% to 100%%: %s", s);
    cr_expect(strstr(s, "chansim: baseline: 10/20 replications (50%), 1/s, elapsed 0:10, ETA 0:10\n"), "%s", s);
    cr_expect(strstr(s, "chansim: baseline: 20/20 replications (100%), 1/s, elapsed 0:20, ETA 0:00\n"), "%s", s);
    free(s);
    /* Nothing after the end. */
    progress_step(&p);
    s = log_drain(&l);
    cr_expect_str_eq(s, "");
    free(s);
    log_close(&l);
}

Test(progress, log_line_every_few_seconds_when_percent_is_slow)
{
    pipe_log l;
    log_open(&l);
    progress_output out = log_output(&l, 0);
    progress p;
    progress_start_to(&p, "sweep rwanda", "units", 1000, &out);
    free(log_drain(&l));
    /* 1 item (0.1%) after 1 s: not due; after 5 s since the last line: due. */
    l.t += 1;
    progress_step(&p);
    char *s = log_drain(&l);
    cr_expect_str_eq(s, "");
    free(s);
    l.t += PROGRESS_LINE_SECONDS;
    progress_step(&p);
    s = log_drain(&l);
    cr_expect_str_eq(s, "chansim: sweep rwanda: 2/1000 units (0%), 0.33/s, elapsed 0:06, ETA 49:54\n");
    free(s);
    /* Time alone, with no new work, writes nothing (the log does not fill while stalled). */
    l.t += 100;
    progress_set(&p, 2);
    s = log_drain(&l);
    cr_expect_str_eq(s, "");
    free(s);
    log_close(&l);
}

Test(progress, resumed_work_is_not_counted_in_the_rate)
{
    pipe_log l;
    log_open(&l);
    progress_output out = log_output(&l, 0);
    progress p;
    progress_start_to(&p, "sweep s", "units", 100, &out);
    free(log_drain(&l));
    progress_set(&p, 50); /* journaled before the restart */
    char *s = log_drain(&l);
    cr_expect_str_eq(s, "chansim: sweep s: 50/100 units (50%), -, elapsed 0:00, ETA ?\n");
    free(s);
    l.t += 10;
    progress_set(&p, 60);
    s = log_drain(&l);
    cr_expect_str_eq(s, "chansim: sweep s: 60/100 units (60%), 1/s, elapsed 0:10, ETA 0:40\n");
    free(s);
    log_close(&l);
}

Test(progress, terminal_bar_shows_elapsed_and_eta)
{
    pipe_log l;
    log_open(&l);
    progress_output out = log_output(&l, 1);
    progress p;
    progress_start_to(&p, "rwanda", "replications", 4, &out);
    l.t += 3;
    progress_step(&p);
    char *s = log_drain(&l);
    cr_expect(strstr(s, "\rrwanda "), "%s", s);
    cr_expect(strstr(s, "[##########..............................] 1/4 replications  0:03 elapsed, ETA 0:09"),
              "%s", s);
    cr_expect_eq(count_lines(s), 0, "the bar is redrawn in place: %s", s);
    free(s);
    for (int i = 1; i < 4; i++) {
        l.t += 3;
        progress_step(&p);
    }
    s = log_drain(&l);
    cr_expect(strstr(s, "4/4 replications  0:12 elapsed, ETA 0:00"), "%s", s);
    cr_expect_eq(count_lines(s), 1, "one newline when done: %s", s);
    free(s);
    log_close(&l);
}

Test(progress, nothing_when_not_wanted)
{
    progress_output none = {0};
    progress p;
    progress_start_to(&p, "quiet", "replications", 3, &none);
    for (int i = 0; i < 3; i++) progress_step(&p);
    cr_expect_eq(p.done, 3, "still counts");
    progress_step(NULL); /* a job without a reporter */
    progress_set(NULL, 1);
}

Test(progress, durations)
{
    char b[32];
    progress_format_duration(0, b, sizeof b);
    cr_expect_str_eq(b, "0:00");
    progress_format_duration(59.6, b, sizeof b);
    cr_expect_str_eq(b, "1:00");
    progress_format_duration(3599, b, sizeof b);
    cr_expect_str_eq(b, "59:59");
    progress_format_duration(3600 * 27 + 61, b, sizeof b);
    cr_expect_str_eq(b, "27:01:01");
    progress_format_duration(-1, b, sizeof b);
    cr_expect_str_eq(b, "?");
}
