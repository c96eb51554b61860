/**
 * @file design.c
 * @brief Sweep designs (see design.h): grid crossing, Latin hypercube with Philox
 *        permutations, GSL's Sobol sequence, and a small CSV reader for point lists.
 */
#include "sim/experiments/design.h"
#include "sim/engine/textfile.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>

#include "sim/engine/rng.h"

static const char *const kind_names[] = {
    [DESIGN_GRID] = "grid", [DESIGN_LHS] = "lhs", [DESIGN_SOBOL] = "sobol", [DESIGN_LIST] = "list"};

sim_status design_kind_parse(const char *text, design_kind *kind)
{
    for (int k = 0; k < (int)(sizeof kind_names / sizeof kind_names[0]); k++)
        if (text && strcmp(text, kind_names[k]) == 0) {
            *kind = (design_kind)k;
            return SIM_OK;
        }
    return SIM_FAIL(SIM_ERR_CONFIG, "unknown design '%s' (expected grid, lhs, sobol or list)", text ? text : "");
}

const char *design_kind_name(design_kind kind)
{
    return (unsigned)kind < sizeof kind_names / sizeof kind_names[0] ? kind_names[kind] : "?";
}

sim_status design_grid(const design_axis *axes, int dims, size_t max_points, double **points, size_t *npoints)
{
    *points = NULL;
    *npoints = 0;
    if (dims < 1 || !axes) return SIM_FAIL(SIM_ERR_CONFIG, "a grid needs at least one parameter");
    size_t n = 1;
    for (int d = 0; d < dims; d++) {
        if (axes[d].count < 1) return SIM_FAIL(SIM_ERR_CONFIG, "grid parameter %d has no values", d + 1);
        if (n > max_points / axes[d].count)
            return SIM_FAIL(SIM_ERR_CONFIG, "the grid has more than %zu points", max_points);
        n *= axes[d].count;
    }
    double *x;
    SIM_CALLOC(x, n * (size_t)dims);
    for (size_t i = 0; i < n; i++) {
        /* Mixed-radix digits of i, last axis fastest. */
        size_t rest = i;
        for (int d = dims - 1; d >= 0; d--) {
            x[i * (size_t)dims + (size_t)d] = axes[d].values[rest % axes[d].count];
            rest /= axes[d].count;
        }
    }
    *points = x;
    *npoints = n;
    return SIM_OK;
}

static sim_status check_box(const double *lo, const double *hi, int dims, size_t n)
{
    if (dims < 1 || !lo || !hi) return SIM_FAIL(SIM_ERR_CONFIG, "a design needs at least one parameter");
    if (n < 1) return SIM_FAIL(SIM_ERR_CONFIG, "a design needs at least one point");
    for (int d = 0; d < dims; d++)
        if (!(lo[d] < hi[d]))
            return SIM_FAIL(SIM_ERR_CONFIG, "parameter %d: empty range %g:%g (need low < high)", d + 1, lo[d], hi[d]);
    return SIM_OK;
}

sim_status design_lhs(const double *lo, const double *hi, int dims, size_t n, uint32_t seed, double **points)
{
    *points = NULL;
    SIM_CHECK(check_box(lo, hi, dims, n));
    if (n > UINT32_MAX) return SIM_FAIL(SIM_ERR_CONFIG, "too many LHS points (%zu)", n);
    double *x = NULL;
    size_t *perm = NULL;
    gsl_rng *r = NULL;
    sim_status st = rng_stream_create(&r);
    if (st == SIM_OK) {
        x = calloc(n * (size_t)dims, sizeof *x);
        perm = malloc(n * sizeof *perm);
        if (!x || !perm) st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory for %zu LHS points", n);
    }
    rng_key key = {seed, DESIGN_RNG_REPLICATION};
    for (int d = 0; st == SIM_OK && d < dims; d++) {
        /* One sub-stream per dimension: adding a parameter leaves the others' draws alone. */
        rng_seek(r, key, DESIGN_RNG_PURPOSE, (uint32_t)d, 0);
        for (size_t i = 0; i < n; i++) perm[i] = i;
        gsl_ran_shuffle(r, perm, n, sizeof *perm);
        double width = (hi[d] - lo[d]) / (double)n;
        for (size_t i = 0; i < n; i++)
            x[i * (size_t)dims + (size_t)d] = lo[d] + width * ((double)perm[i] + gsl_rng_uniform_pos(r));
    }
    free(perm);
    rng_stream_destroy(&r);
    if (st != SIM_OK) {
        free(x);
        return st;
    }
    *points = x;
    return SIM_OK;
}

sim_status design_sobol(const double *lo, const double *hi, int dims, size_t n, double **points)
{
    *points = NULL;
    SIM_CHECK(check_box(lo, hi, dims, n));
    if (dims > DESIGN_SOBOL_MAX_DIMS)
        return SIM_FAIL(SIM_ERR_CONFIG, "a Sobol design takes at most %d parameters (got %d)", DESIGN_SOBOL_MAX_DIMS,
                        dims);
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)dims);
    if (!q) return SIM_FAIL(SIM_ERR_MEMORY, "cannot allocate a %d-dimensional Sobol generator", dims);
    double *x = calloc(n * (size_t)dims, sizeof *x);
    if (!x) {
        gsl_qrng_free(q);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory for %zu Sobol points", n);
    }
    double u[DESIGN_SOBOL_MAX_DIMS];
    for (size_t i = 0; i < n; i++) {
        if (gsl_qrng_get(q, u) != 0) {
            gsl_qrng_free(q);
            free(x);
            return SIM_FAIL(SIM_ERR_CONFIG, "the Sobol sequence is exhausted after %zu points", i);
        }
        for (int d = 0; d < dims; d++) x[i * (size_t)dims + (size_t)d] = lo[d] + u[d] * (hi[d] - lo[d]);
    }
    gsl_qrng_free(q);
    *points = x;
    return SIM_OK;
}

/* ------------------------------------------------------------------------- */
/* CSV point lists                                                            */

void design_csv_destroy(design_csv **cp)
{
    design_csv *c = cp ? *cp : NULL;
    if (!c) return;
    for (size_t i = 0; c->header && i < c->ncols; i++) free(c->header[i]);
    for (size_t i = 0; c->cells && i < c->nrows * c->ncols; i++) free(c->cells[i]);
    free(c->header);
    free(c->cells);
    free(c->lines);
    free(c->path);
    free(c);
    *cp = NULL;
}

/* Trim s in place; returns the start of the trimmed text. */
static char *trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
    return s;
}

/* Split a line into fields at commas, in place; at most `max` fields, *count gets the real count. */
static size_t split(char *line, char **fields, size_t max)
{
    size_t n = 0;
    char *p = line;
    for (;;) {
        char *comma = strchr(p, ',');
        if (comma) *comma = '\0';
        if (n < max) fields[n] = trim(p);
        n++;
        if (!comma) break;
        p = comma + 1;
    }
    return n;
}

static int count_fields(const char *line)
{
    int n = 1;
    for (; *line; line++) n += *line == ',';
    return n;
}

sim_status design_csv_read(const char *path, design_csv **out)
{
    *out = NULL;
    FILE *fp = NULL;
    SIM_CHECK(textfile_fopen(path, "point list", &fp)); /* the reader policy: textfile.h */
    sim_status st = SIM_OK;
    design_csv *c = calloc(1, sizeof *c);
    char *line = NULL, **fields = NULL;
    size_t linecap = 0, rowcap = 0;
    int lineno = 0;
    if (!c || !(c->path = strdup(path))) {
        st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory reading '%s'", path);
        goto done;
    }
    ssize_t len;
    errno = 0;
    while ((len = getline(&line, &linecap, fp)) >= 0) {
        lineno++;
        char *t = trim(line);
        if (!t[0] || t[0] == '#') continue;
        size_t nf = (size_t)count_fields(t);
        if (!c->header) {
            c->ncols = nf;
            if (!(c->header = calloc(nf, sizeof *c->header)) || !(fields = calloc(nf, sizeof *fields))) {
                st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory reading '%s'", path);
                goto done;
            }
            split(t, fields, nf);
            for (size_t i = 0; i < nf; i++) {
                if (!fields[i][0]) {
                    st = SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: header field %zu is empty", path, lineno, i + 1);
                    goto done;
                }
                for (size_t j = 0; j < i; j++)
                    if (strcmp(fields[i], c->header[j]) == 0) {
                        st = SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: column '%s' is given twice", path, lineno, fields[i]);
                        goto done;
                    }
                if (!(c->header[i] = strdup(fields[i]))) {
                    st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory reading '%s'", path);
                    goto done;
                }
            }
            continue;
        }
        if (nf != c->ncols) {
            st = SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: %zu fields, but the header has %zu", path, lineno, nf, c->ncols);
            goto done;
        }
        if (c->nrows == rowcap) {
            size_t cap = rowcap ? 2 * rowcap : 64;
            char **cells = realloc(c->cells, cap * c->ncols * sizeof *cells);
            if (cells) c->cells = cells;
            int *lines = realloc(c->lines, cap * sizeof *lines);
            if (lines) c->lines = lines;
            if (!cells || !lines) {
                st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory reading '%s'", path);
                goto done;
            }
            rowcap = cap;
        }
        split(t, fields, nf);
        char **row = c->cells + c->nrows * c->ncols;
        for (size_t i = 0; i < nf; i++) {
            if (!fields[i][0]) {
                /* Free this row's copies made so far; the row is not counted yet. */
                for (size_t j = 0; j < i; j++) free(row[j]);
                st = SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: column '%s' is empty", path, lineno, c->header[i]);
                goto done;
            }
            if (!(row[i] = strdup(fields[i]))) {
                for (size_t j = 0; j < i; j++) free(row[j]);
                st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory reading '%s'", path);
                goto done;
            }
        }
        c->lines[c->nrows++] = lineno;
    }
    if (ferror(fp)) {
        st = SIM_FAIL(SIM_ERR_IO, "cannot read point list '%s': %s", path, strerror(errno ? errno : EIO));
        goto done;
    }
    if (!c->header) st = SIM_FAIL(SIM_ERR_CONFIG, "%s: no header line (expected a comma-separated list of keys)", path);
    else if (c->nrows == 0) st = SIM_FAIL(SIM_ERR_CONFIG, "%s: no points after the header", path);
done:
    free(fields);
    free(line);
    fclose(fp);
    if (st != SIM_OK) {
        design_csv_destroy(&c);
        return st;
    }
    *out = c;
    return SIM_OK;
}
