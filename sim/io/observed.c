/**
 * @file observed.c
 * @brief Readers for the observed CSV files, calendar periods, and the metrics
 *        computed alike from the record and from simulated daily series.
 */
#include "sim/io/observed.h"
#include "sim/engine/number.h"
#include "sim/engine/textfile.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine/date.h"

const char *const obs_period_kind_names[OBS_PERIOD_KINDS] = {"monthly", "half", "annual"};

const char *const obs_metric_names[OBS_METRICS] = {
    "arrivals", "boats", "people_per_boat", "days_with_arrivals", "prevention_share", "deaths", "prevented_event_share",
};

const char *const obs_metric_units[OBS_METRICS] = {
    "people", "boats", "people/boat", "days", "probability", "people", "probability",
};

int obs_metric_find(const char *name)
{
    for (int m = 0; m < OBS_METRICS; m++)
        if (strcmp(name, obs_metric_names[m]) == 0) return m;
    return -1;
}

int obs_period_kind_find(const char *name)
{
    for (int k = 0; k < OBS_PERIOD_KINDS; k++)
        if (strcmp(name, obs_period_kind_names[k]) == 0) return k;
    return -1;
}

/* ---------------------------------------------------------------------------
 * CSV reading
 * ------------------------------------------------------------------------- */

enum { CSV_MAX_FIELDS = 8 };

/** A file being read line by line, with the current line number for messages. */
typedef struct {
    FILE *fp;
    const char *path;
    int line;        /* number of the line in buf (1-based) */
    char *buf;       /* current line, fields split in place */
    size_t cap;
    char *field[CSV_MAX_FIELDS];
    int nfields;
} csv_reader;

static sim_status csv_open(csv_reader *c, const char *path)
{
    *c = (csv_reader){.path = path};
    return textfile_fopen(path, "observed data file", &c->fp); /* the reader policy: textfile.h */
}

static void csv_close(csv_reader *c)
{
    if (c->fp) fclose(c->fp);
    free(c->buf);
    c->fp = NULL;
    c->buf = NULL;
}

/*
 * Split the line in place at commas. A field may be double-quoted (the deaths file's
 * source column holds commas); "" inside quotes is a quote. Returns 0 on malformed
 * quoting or too many fields.
 */
static int csv_split(csv_reader *c)
{
    char *s = c->buf, *out = c->buf;
    c->nfields = 0;
    for (;;) {
        if (c->nfields == CSV_MAX_FIELDS) return 0;
        c->field[c->nfields++] = out;
        if (*s == '"') {
            s++;
            for (;;) {
                if (*s == '\0') return 0; /* unterminated quote */
                if (*s == '"' && s[1] == '"') {
                    *out++ = '"';
                    s += 2;
                } else if (*s == '"') {
                    s++;
                    break;
                } else {
                    *out++ = *s++;
                }
            }
            if (*s != ',' && *s != '\0') return 0;
        } else {
            while (*s != ',' && *s != '\0') *out++ = *s++;
        }
        if (*s == '\0') {
            *out = '\0';
            return 1;
        }
        *out++ = '\0';
        s++;
    }
}

/* Next non-blank line, split into fields. *got = 0 at end of file. */
static sim_status csv_next(csv_reader *c, int *got)
{
    for (;;) {
        errno = 0;
        ssize_t n = getline(&c->buf, &c->cap, c->fp);
        if (n < 0) {
            if (ferror(c->fp)) return SIM_FAIL(SIM_ERR_IO, "%s:%d: read error: %s", c->path, c->line + 1, strerror(errno));
            *got = 0;
            return SIM_OK;
        }
        c->line++;
        while (n > 0 && (c->buf[n - 1] == '\n' || c->buf[n - 1] == '\r')) c->buf[--n] = '\0';
        if (n == 0) continue;
        if (!csv_split(c))
            return SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: malformed line (quotes, or more than %d fields)", c->path, c->line,
                            CSV_MAX_FIELDS);
        *got = 1;
        return SIM_OK;
    }
}

/* The header line must be exactly these column names. */
static sim_status csv_header(csv_reader *c, const char *const *names, int n)
{
    int got = 0;
    SIM_CHECK(csv_next(c, &got));
    if (!got) return SIM_FAIL(SIM_ERR_CONFIG, "%s: empty file (expected a header line)", c->path);
    int ok = c->nfields == n;
    for (int i = 0; ok && i < n; i++) ok = strcmp(c->field[i], names[i]) == 0;
    if (!ok) {
        char want[256] = "";
        for (int i = 0; i < n; i++) {
            strncat(want, names[i], sizeof want - strlen(want) - 2);
            if (i + 1 < n) strcat(want, ",");
        }
        return SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: expected the header '%s'", c->path, c->line, want);
    }
    return SIM_OK;
}

static sim_status csv_fields(const csv_reader *c, int n)
{
    if (c->nfields != n)
        return SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: expected %d fields, found %d", c->path, c->line, n, c->nfields);
    return SIM_OK;
}

static sim_status csv_date(const csv_reader *c, int i, const char *column, int *day)
{
    if (cfg_parse_date(c->field[i], day) != SIM_OK) {
        sim_error_clear(); /* replace the generic message with one naming file, line and column */
        return SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: %s: expected a date YYYY-MM-DD, got '%.40s'", c->path, c->line,
                        column, c->field[i]);
    }
    return SIM_OK;
}

/* A non-negative whole count; empty allowed (NaN) only if `optional`. */
static sim_status csv_count(const csv_reader *c, int i, const char *column, int optional, double *out)
{
    const char *s = c->field[i];
    if (*s == '\0') {
        if (optional) {
            *out = NAN;
            return SIM_OK;
        }
        return SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: %s: missing value", c->path, c->line, column);
    }
    double v = 0;
    if (num_parse(s, &v) != NUM_OK || v < 0 || v != floor(v))
        return SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: %s: expected a whole number >= 0, got '%.40s'", c->path, c->line,
                        column, s);
    *out = v;
    return SIM_OK;
}

/* Typed growth of one array to `n` elements (0 on failure, the old array intact). */
static int grow_d(double **p, size_t n)
{
    double *q = realloc(*p, n * sizeof *q);
    if (!q) return 0;
    *p = q;
    return 1;
}

static int grow_i(int **p, size_t n)
{
    int *q = realloc(*p, n * sizeof *q);
    if (!q) return 0;
    *p = q;
    return 1;
}

/* The next capacity when `n` rows are held in `cap` (doubling), or `cap` if there is room. */
static size_t next_cap(size_t n, size_t cap) { return n < cap ? cap : cap ? 2 * cap : 1024; }

static sim_status read_daily(obs_record *r, const char *path)
{
    static const char *const cols[] = {"date", "migrants", "boats"};
    csv_reader c;
    SIM_CHECK(csv_open(&c, path));
    sim_status st = csv_header(&c, cols, 3);
    size_t cap = 0, n = 0;
    int prev = 0, got = 1;
    while (st == SIM_OK) {
        st = csv_next(&c, &got);
        if (st != SIM_OK || !got) break;
        int day = 0;
        if (st == SIM_OK) st = csv_fields(&c, 3);
        if (st == SIM_OK) st = csv_date(&c, 0, "date", &day);
        if (st == SIM_OK && n > 0 && day != prev + 1) {
            char want[16];
            cfg_format_date(prev + 1, want, sizeof want);
            st = SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: date: expected %s (one row a day, in order), got %s", path, c.line,
                          want, c.field[0]);
        }
        if (st == SIM_OK && n == cap) {
            cap = next_cap(n, cap);
            if (!grow_d(&r->arrivals, cap) || !grow_d(&r->boats, cap)) st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory reading %s", path);
        }
        if (st == SIM_OK) st = csv_count(&c, 1, "migrants", 0, &r->arrivals[n]);
        if (st == SIM_OK) st = csv_count(&c, 2, "boats", 0, &r->boats[n]);
        if (st == SIM_OK && r->boats[n] > r->arrivals[n])
            st = SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: boats (%g) exceed migrants (%g)", path, c.line, r->boats[n],
                          r->arrivals[n]);
        if (st == SIM_OK) {
            if (n == 0) r->first_day = day;
            prev = day;
            n++;
        }
    }
    csv_close(&c);
    if (st == SIM_OK && n == 0) st = SIM_FAIL(SIM_ERR_CONFIG, "%s: no data rows", path);
    r->days = (int)n;
    snprintf(r->daily_path, sizeof r->daily_path, "%s", path);
    return st;
}

static sim_status read_weekly(obs_record *r, const char *path)
{
    static const char *const cols[] = {"week_ending", "migrants", "boats", "prevented_migrants", "prevented_events"};
    csv_reader c;
    SIM_CHECK(csv_open(&c, path));
    sim_status st = csv_header(&c, cols, 5);
    size_t cap = 0, n = 0;
    int got = 1;
    while (st == SIM_OK) {
        st = csv_next(&c, &got);
        if (st != SIM_OK || !got) break;
        int day = 0;
        st = csv_fields(&c, 5);
        if (st == SIM_OK) st = csv_date(&c, 0, "week_ending", &day);
        if (st == SIM_OK && n > 0 && day != r->week_end[n - 1] + 7) {
            char want[16];
            cfg_format_date(r->week_end[n - 1] + 7, want, sizeof want);
            st = SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: week_ending: expected %s (one row a week, in order), got %s", path,
                          c.line, want, c.field[0]);
        }
        if (st == SIM_OK && n == cap) {
            cap = next_cap(n, cap);
            if (!grow_i(&r->week_end, cap) || !grow_d(&r->week_arrivals, cap) || !grow_d(&r->week_boats, cap) ||
                !grow_d(&r->week_prevented, cap) || !grow_d(&r->week_prevented_events, cap))
                st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory reading %s", path);
        }
        if (st == SIM_OK) r->week_end[n] = day;
        if (st == SIM_OK) st = csv_count(&c, 1, "migrants", 0, &r->week_arrivals[n]);
        if (st == SIM_OK) st = csv_count(&c, 2, "boats", 0, &r->week_boats[n]);
        if (st == SIM_OK) st = csv_count(&c, 3, "prevented_migrants", 1, &r->week_prevented[n]);
        if (st == SIM_OK) st = csv_count(&c, 4, "prevented_events", 1, &r->week_prevented_events[n]);
        if (st == SIM_OK) n++;
    }
    csv_close(&c);
    if (st == SIM_OK && n == 0) st = SIM_FAIL(SIM_ERR_CONFIG, "%s: no data rows", path);
    r->weeks = (int)n;
    return st;
}

static sim_status read_deaths(obs_record *r, const char *path)
{
    static const char *const cols[] = {"year", "deaths", "source"};
    csv_reader c;
    SIM_CHECK(csv_open(&c, path));
    sim_status st = csv_header(&c, cols, 3);
    size_t cap = 0, n = 0;
    int got = 1;
    while (st == SIM_OK) {
        st = csv_next(&c, &got);
        if (st != SIM_OK || !got) break;
        double year = 0;
        st = csv_fields(&c, 3);
        if (st == SIM_OK) st = csv_count(&c, 0, "year", 0, &year);
        if (st == SIM_OK && (year < 1900 || year > 9999))
            st = SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: year: expected a year from 1900 to 9999, got '%s'", path, c.line,
                          c.field[0]);
        if (st == SIM_OK && n > 0 && (int)year <= r->death_year[n - 1])
            st = SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: year: %d does not follow %d (one row a year, increasing)", path,
                          c.line, (int)year, r->death_year[n - 1]);
        if (st == SIM_OK && c.field[2][0] == '\0')
            st = SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: source: every figure needs a source", path, c.line);
        if (st == SIM_OK && n == cap) {
            cap = next_cap(n, cap);
            if (!grow_i(&r->death_year, cap) || !grow_d(&r->deaths, cap))
                st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory reading %s", path);
        }
        if (st == SIM_OK) st = csv_count(&c, 1, "deaths", 0, &r->deaths[n]);
        if (st == SIM_OK) r->death_year[n++] = (int)year;
    }
    csv_close(&c);
    if (st == SIM_OK && n == 0) st = SIM_FAIL(SIM_ERR_CONFIG, "%s: no data rows", path);
    r->death_years = (int)n;
    return st;
}

sim_status obs_load(const char *daily_csv, const char *weekly_csv, const char *deaths_csv, obs_record **out)
{
    if (!daily_csv || !out) return SIM_FAIL(SIM_ERR_INTERNAL, "obs_load: NULL argument");
    obs_record *r;
    SIM_CALLOC(r, 1);
    sim_status st = read_daily(r, daily_csv);
    if (st == SIM_OK && weekly_csv) st = read_weekly(r, weekly_csv);
    if (st == SIM_OK && deaths_csv) st = read_deaths(r, deaths_csv);
    if (st != SIM_OK) {
        obs_destroy(&r);
        sim_trace_at(__FILE__, __LINE__, __func__);
        return st;
    }
    *out = r;
    return SIM_OK;
}

sim_status obs_load_dir(const char *dir, obs_record **r)
{
    char daily[1024], weekly[1024], deaths[1024];
    if ((size_t)snprintf(daily, sizeof daily, "%s/%s", dir, OBS_DAILY_FILE) >= sizeof daily ||
        (size_t)snprintf(weekly, sizeof weekly, "%s/%s", dir, OBS_WEEKLY_FILE) >= sizeof weekly ||
        (size_t)snprintf(deaths, sizeof deaths, "%s/%s", dir, OBS_DEATHS_FILE) >= sizeof deaths)
        return SIM_FAIL(SIM_ERR_CONFIG, "data directory name too long: '%.100s'", dir);
    SIM_CHECK(obs_load(daily, weekly, deaths, r));
    return SIM_OK;
}

void obs_destroy(obs_record **rp)
{
    if (!rp || !*rp) return;
    obs_record *r = *rp;
    free(r->arrivals);
    free(r->boats);
    free(r->week_end);
    free(r->week_arrivals);
    free(r->week_boats);
    free(r->week_prevented);
    free(r->week_prevented_events);
    free(r->death_year);
    free(r->deaths);
    free(r);
    *rp = NULL;
}

/* ---------------------------------------------------------------------------
 * Periods
 * ------------------------------------------------------------------------- */

/* Day number of the first of month `month` (1..12, may overflow into later years) in *day;
 * 0 outside the tool's dates (date.h), except the day after the last one, which ends a
 * period list. */
static int month_start(int year, int month, int *day)
{
    year += (month - 1) / 12;
    month = (month - 1) % 12 + 1;
    int after_last = year == CFG_DATE_LAST_YEAR + 1 && month == 1;
    if (year < CFG_DATE_FIRST_YEAR || (year > CFG_DATE_LAST_YEAR && !after_last)) return 0;
    *day = cfg_date_from_civil(year, month, 1);
    return 1;
}

sim_status obs_periods(obs_period_kind kind, int first_day, int end_day, obs_period **out, size_t *n)
{
    if (!out || !n || kind < 0 || kind >= OBS_PERIOD_KINDS) return SIM_FAIL(SIM_ERR_INTERNAL, "obs_periods: bad argument");
    *out = NULL;
    *n = 0;
    int months = kind == OBS_MONTH ? 1 : kind == OBS_HALF ? 6 : 12;
    int y = cfg_date_year(first_day), count = 0;
    if (y < CFG_DATE_FIRST_YEAR) y = CFG_DATE_FIRST_YEAR; /* periods start within the tool's dates */
    /* Whole periods only: a period starting before first_day or ending after end_day is left out. */
    /* At most one period per 28 days; dates end at CFG_DATE_LAST_YEAR, so a longer span (in long: no overflow) adds none. */
    long span = (long)end_day - (long)first_day, max_span = (CFG_DATE_LAST_YEAR - CFG_DATE_FIRST_YEAR + 2L) * 366;
    int cap = span > 0 ? (int)((span < max_span ? span : max_span) / 28 + 2) : 1;
    obs_period *p;
    SIM_CALLOC(p, cap);
    for (int m = 1;; m += months) {
        int a, b;
        /* Dates end at the tool's last date: the list ends there. */
        if (!month_start(y, m, &a) || !month_start(y, m + months, &b) || b > end_day) break;
        if (a < first_day) continue;
        if (count == cap) {
            free(p);
            return SIM_FAIL(SIM_ERR_INTERNAL, "obs_periods: more than %d periods in %ld days", cap, span);
        }
        obs_period *q = &p[count++];
        q->first = a;
        q->end = b;
        q->kind = kind;
        int yy = cfg_date_year(a), mm = cfg_date_month(a);
        if (kind == OBS_MONTH) snprintf(q->label, sizeof q->label, "%04d-%02d", yy, mm);
        else if (kind == OBS_HALF) snprintf(q->label, sizeof q->label, "%04dH%d", yy, mm <= 6 ? 1 : 2);
        else snprintf(q->label, sizeof q->label, "%04d", yy);
    }
    *out = p;
    *n = (size_t)count;
    return SIM_OK;
}

/* ---------------------------------------------------------------------------
 * Metrics
 * ------------------------------------------------------------------------- */

/* Sums over a run of days of a simulated daily block. */
typedef struct {
    double arrivals, boats, with_arrivals, prevented, deaths, prevented_events;
} day_sums;

/* Observed preventions: the published weeks ending in the period. Returns the number of weeks used. */
static int prevention_weeks(const obs_record *r, const obs_period *p, int *first_week)
{
    int used = 0;
    *first_week = -1;
    for (int w = 0; w < r->weeks; w++) {
        if (r->week_end[w] < p->first || r->week_end[w] >= p->end || isnan(r->week_prevented[w])) continue;
        if (*first_week < 0) *first_week = w;
        used++;
    }
    return used;
}

static double ratio(double num, double den) { return den > 0 ? num / den : NAN; }

double obs_value(const obs_record *r, obs_metric m, const obs_period *p)
{
    if (!r || !p) return NAN;
    if (m == OBS_DEATHS) {
        if (p->kind != OBS_YEAR) return NAN;
        int year = cfg_date_year(p->first);
        for (int i = 0; i < r->death_years; i++)
            if (r->death_year[i] == year) return r->deaths[i];
        return NAN;
    }
    if (m == OBS_PREVENTION_SHARE || m == OBS_PREVENTED_EVENT_SHARE) {
        int first = 0, events = m == OBS_PREVENTED_EVENT_SHARE;
        if (prevention_weeks(r, p, &first) == 0) return NAN;
        double prev = 0, arr = 0;
        for (int w = first; w < r->weeks && r->week_end[w] < p->end; w++) {
            if (isnan(r->week_prevented[w])) continue;
            if (events && isnan(r->week_prevented_events[w])) return NAN;
            prev += events ? r->week_prevented_events[w] : r->week_prevented[w];
            arr += events ? r->week_boats[w] : r->week_arrivals[w];
        }
        return ratio(prev, prev + arr);
    }
    int a = p->first - r->first_day, b = p->end - r->first_day;
    if (a < 0 || b > r->days) return NAN;
    day_sums s = {0};
    for (int d = a; d < b; d++) {
        s.arrivals += r->arrivals[d];
        s.boats += r->boats[d];
        s.with_arrivals += r->arrivals[d] > 0;
    }
    switch (m) {
    case OBS_ARRIVALS: return s.arrivals;
    case OBS_BOATS: return s.boats;
    case OBS_PEOPLE_PER_BOAT: return ratio(s.arrivals, s.boats);
    case OBS_DAYS_WITH_ARRIVALS: return s.with_arrivals;
    default: return NAN;
    }
}

sim_status obs_sim_columns_find(const sim_metric_set *set, obs_sim_columns *cols)
{
    SIM_CHECK(metric_set_lookup(set, METRIC_DAILY, "arrivals", &cols->arrivals));
    SIM_CHECK(metric_set_lookup(set, METRIC_DAILY, "boats", &cols->boats));
    SIM_CHECK(metric_set_lookup(set, METRIC_DAILY, "prevented_people", &cols->prevented));
    SIM_CHECK(metric_set_lookup(set, METRIC_DAILY, "deaths", &cols->deaths));
    SIM_CHECK(metric_set_lookup(set, METRIC_DAILY, "prevented_launches", &cols->prevented_events));
    cols->stride = set->ndaily;
    return SIM_OK;
}

/* Sums of the simulated daily block over day numbers [a, b); 0 if not covered. */
static int sim_sums(const obs_sim_columns *c, const double *daily, int sim_first, int sim_days, int a, int b,
                    day_sums *s)
{
    int i = a - sim_first, j = b - sim_first;
    if (i < 0 || j > sim_days || i >= j) return 0;
    *s = (day_sums){0};
    for (int d = i; d < j; d++) {
        const double *row = daily + (size_t)d * (size_t)c->stride;
        s->arrivals += row[c->arrivals];
        s->boats += row[c->boats];
        s->with_arrivals += row[c->arrivals] > 0;
        s->prevented += row[c->prevented];
        s->deaths += row[c->deaths];
        s->prevented_events += row[c->prevented_events];
    }
    return 1;
}

double obs_sim_value(const obs_record *r, obs_metric m, const obs_period *p, const obs_sim_columns *cols,
                     const double *daily, int sim_first_day, int sim_days)
{
    if (!p || !daily || !cols) return NAN;
    day_sums s;
    if (m == OBS_PREVENTION_SHARE || m == OBS_PREVENTED_EVENT_SHARE) {
        int first = 0, events = m == OBS_PREVENTED_EVENT_SHARE;
        if (!r || prevention_weeks(r, p, &first) == 0) return NAN;
        double prev = 0, arr = 0;
        for (int w = first; w < r->weeks && r->week_end[w] < p->end; w++) {
            if (isnan(r->week_prevented[w])) continue;
            if (!sim_sums(cols, daily, sim_first_day, sim_days, r->week_end[w] - 6, r->week_end[w] + 1, &s)) return NAN;
            prev += events ? s.prevented_events : s.prevented;
            arr += events ? s.boats : s.arrivals;
        }
        return ratio(prev, prev + arr);
    }
    if (!sim_sums(cols, daily, sim_first_day, sim_days, p->first, p->end, &s)) return NAN;
    switch (m) {
    case OBS_ARRIVALS: return s.arrivals;
    case OBS_BOATS: return s.boats;
    case OBS_PEOPLE_PER_BOAT: return ratio(s.arrivals, s.boats);
    case OBS_DAYS_WITH_ARRIVALS: return s.with_arrivals;
    case OBS_DEATHS: return s.deaths;
    default: return NAN;
    }
}
