/**
 * @file plot_data.c
 * @brief Reading the observed weekly CSV and a sweep's /sweep group (see plot_data.h).
 */
#include "sim/plot/plot_data.h"
#include "sim/engine/number.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

#include "sim/engine/date.h"

enum { LINE_MAX_BYTES = 4096, FIELD_MAX = 64 };

/* ------------------------------------------------------------------------- */
/* Observed CSV                                                               */

/* Split line in place at commas into at most max fields; trims blanks, \r and surrounding quotes. */
static int split_csv(char *line, char **fields, int max)
{
    int n = 0;
    char *p = line;
    for (;;) {
        char *end = strchr(p, ',');
        if (end) *end = '\0';
        while (*p == ' ' || *p == '\t') p++;
        size_t len = strlen(p);
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r' || p[len - 1] == '\n'))
            p[--len] = '\0';
        if (len >= 2 && p[0] == '"' && p[len - 1] == '"') {
            p[len - 1] = '\0';
            p++;
        }
        if (n < max) fields[n] = p;
        n++;
        if (!end) return n;
        p = end + 1;
    }
}

void plot_observed_destroy(plot_observed **obs)
{
    if (!obs || !*obs) return;
    free((*obs)->week_ending);
    free((*obs)->migrants);
    free(*obs);
    *obs = NULL;
}

sim_status plot_observed_read(const char *path, plot_observed **out)
{
    if (!path || !out) return SIM_FAIL(SIM_ERR_INTERNAL, "plot_observed_read: NULL argument");
    *out = NULL;
    FILE *fp = fopen(path, "r");
    if (!fp) return SIM_FAIL(SIM_ERR_IO, "cannot read observed data '%s': %s", path, strerror(errno));
    sim_status st = SIM_OK;
    plot_observed *o = calloc(1, sizeof *o);
    size_t cap = 0;
    char line[LINE_MAX_BYTES];
    char *fields[FIELD_MAX];
    int lineno = 0, c_date = -1, c_migrants = -1, ncols = 0;
    if (!o) {
        fclose(fp);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    }
    while (fgets(line, sizeof line, fp)) {
        lineno++;
        if (!strchr(line, '\n') && !feof(fp)) {
            st = SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: line longer than %d bytes", path, lineno, LINE_MAX_BYTES - 1);
            break;
        }
        if (line[strspn(line, " \t\r\n")] == '\0') continue; /* blank line */
        int nf = split_csv(line, fields, FIELD_MAX);
        if (nf > FIELD_MAX) nf = FIELD_MAX;
        if (c_date < 0) { /* the header */
            for (int i = 0; i < nf; i++) {
                if (strcmp(fields[i], "week_ending") == 0) c_date = i;
                if (strcmp(fields[i], "migrants") == 0) c_migrants = i;
            }
            if (c_date < 0 || c_migrants < 0) {
                st = SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: header must name the columns week_ending and migrants%s%s",
                              path, lineno, c_date < 0 ? " (no week_ending)" : "",
                              c_migrants < 0 ? " (no migrants)" : "");
                break;
            }
            ncols = nf;
            continue;
        }
        if (nf <= c_date || nf <= c_migrants) {
            st = SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: %d fields, expected %d as in the header", path, lineno, nf, ncols);
            break;
        }
        int day;
        if (cfg_parse_date(fields[c_date], &day) != SIM_OK) {
            sim_error_clear();
            st = SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: week_ending: expected a date YYYY-MM-DD, got '%.40s'", path, lineno,
                          fields[c_date]);
            break;
        }
        double v = NAN;
        const char *t = fields[c_migrants];
        if (t[0]) {
            if (num_parse(t, &v) != NUM_OK || v < 0) {
                st = SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: migrants: expected a number of people >= 0, got '%.40s'", path,
                              lineno, t);
                break;
            }
        }
        if (o->n == cap) {
            size_t nc = cap ? 2 * cap : 256;
            int *d = realloc(o->week_ending, nc * sizeof *d);
            if (d) o->week_ending = d;
            double *m = d ? realloc(o->migrants, nc * sizeof *m) : NULL;
            if (!m) {
                st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory reading '%s'", path);
                break;
            }
            o->migrants = m;
            cap = nc;
        }
        o->week_ending[o->n] = day;
        o->migrants[o->n] = v;
        o->n++;
    }
    if (st == SIM_OK && ferror(fp)) st = SIM_FAIL(SIM_ERR_IO, "cannot read '%s': %s", path, strerror(errno));
    if (st == SIM_OK && c_date < 0) st = SIM_FAIL(SIM_ERR_CONFIG, "%s: empty file: expected a header and weekly rows", path);
    if (st == SIM_OK && o->n == 0) st = SIM_FAIL(SIM_ERR_CONFIG, "%s: no data rows after the header", path);
    fclose(fp);
    if (st != SIM_OK) {
        plot_observed_destroy(&o);
        return st;
    }
    *out = o;
    return SIM_OK;
}

/* ------------------------------------------------------------------------- */
/* Sweep                                                                      */

void plot_sweep_destroy(plot_sweep **sw)
{
    if (!sw || !*sw) return;
    plot_sweep *s = *sw;
    for (size_t i = 0; i < s->nparams; i++) {
        if (s->names) free(s->names[i]);
        if (s->keys) free(s->keys[i]);
        if (s->units) free(s->units[i]);
    }
    free(s->names);
    free(s->keys);
    free(s->units);
    free(s->design);
    free(s->summary);
    free(s);
    *sw = NULL;
}

/* Read the 1-D string dataset `name` of exactly n elements (variable or fixed length) into n new strings. */
static sim_status read_strings(hid_t loc, const char *name, const char *what, size_t n, char **out)
{
    sim_status st = SIM_OK;
    hid_t d = H5Dopen2(loc, name, H5P_DEFAULT), ft = H5I_INVALID_HID, sp = H5I_INVALID_HID, mt = H5I_INVALID_HID;
    hsize_t dim = 0;
    char **vl = NULL, *fixed = NULL;
    if (d < 0 || (ft = H5Dget_type(d)) < 0 || (sp = H5Dget_space(d)) < 0 || H5Tget_class(ft) != H5T_STRING ||
        H5Sget_simple_extent_ndims(sp) != 1 || H5Sget_simple_extent_dims(sp, &dim, NULL) < 0 || dim != n) {
        st = SIM_FAIL(SIM_ERR_IO, "%s/%s: expected %zu strings", what, name, n);
        goto done;
    }
    mt = H5Tcopy(H5T_C_S1);
    H5Tset_cset(mt, H5Tget_cset(ft)); /* HDF5 converts no character sets: read as stored */
    if (H5Tis_variable_str(ft) > 0) {
        if (!(vl = calloc(n, sizeof *vl))) {
            st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
            goto done;
        }
        if (H5Tset_size(mt, H5T_VARIABLE) < 0 || H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, vl) < 0) {
            st = SIM_FAIL(SIM_ERR_IO, "%s/%s: cannot read", what, name);
            goto done;
        }
        for (size_t i = 0; i < n && st == SIM_OK; i++)
            if (!(out[i] = strdup(vl[i] ? vl[i] : ""))) st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
        H5Dvlen_reclaim(mt, sp, H5P_DEFAULT, vl);
    } else {
        size_t size = H5Tget_size(ft) + 1;
        if (!(fixed = calloc(n, size))) {
            st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
            goto done;
        }
        if (H5Tset_size(mt, size) < 0 || H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, fixed) < 0) {
            st = SIM_FAIL(SIM_ERR_IO, "%s/%s: cannot read", what, name);
            goto done;
        }
        for (size_t i = 0; i < n && st == SIM_OK; i++)
            if (!(out[i] = strndup(fixed + i * size, size - 1))) st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    }
done:
    free(vl);
    free(fixed);
    if (mt >= 0) H5Tclose(mt);
    if (sp >= 0) H5Sclose(sp);
    if (ft >= 0) H5Tclose(ft);
    if (d >= 0) H5Dclose(d);
    H5Eclear2(H5E_DEFAULT);
    return st;
}

/* Read dataset `name` under loc into buf if it exists with exactly the given 2-D shape. *found = 0 if absent. */
static sim_status read_2d(hid_t loc, const char *name, const char *what, const hsize_t dims[2], double *buf,
                          int *found)
{
    *found = 0;
    htri_t ex = H5Lexists(loc, name, H5P_DEFAULT);
    if (ex < 0) return SIM_FAIL(SIM_ERR_IO, "%s/%s: cannot look it up", what, name);
    if (ex == 0) return SIM_OK;
    sim_status st = SIM_OK;
    hid_t d = H5Dopen2(loc, name, H5P_DEFAULT), sp = H5I_INVALID_HID;
    hsize_t got[2] = {0, 0};
    if (d < 0 || (sp = H5Dget_space(d)) < 0) st = SIM_FAIL(SIM_ERR_IO, "%s/%s: cannot open", what, name);
    else if (H5Sget_simple_extent_ndims(sp) != 2 || H5Sget_simple_extent_dims(sp, got, NULL) < 0 ||
             got[0] != dims[0] || got[1] != dims[1])
        st = SIM_FAIL(SIM_ERR_IO, "%s/%s: expected shape [%llu, %llu]", what, name, (unsigned long long)dims[0],
                      (unsigned long long)dims[1]);
    else if (H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0)
        st = SIM_FAIL(SIM_ERR_IO, "%s/%s: cannot read", what, name);
    else
        *found = 1;
    if (sp >= 0) H5Sclose(sp);
    if (d >= 0) H5Dclose(d);
    H5Eclear2(H5E_DEFAULT);
    return st;
}

sim_status plot_sweep_read(const char *path, const sim_metric_set *metrics, plot_sweep **out)
{
    if (!path || !out || !metrics) return SIM_FAIL(SIM_ERR_INTERNAL, "plot_sweep_read: NULL argument");
    const size_t nm = (size_t)metrics->nweekly;
    *out = NULL;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    sim_status st = SIM_OK;
    plot_sweep *s = NULL;
    char what[600];
    double *buf = NULL;
    hid_t f = H5I_INVALID_HID, g = H5I_INVALID_HID, d = H5I_INVALID_HID, sp = H5I_INVALID_HID,
          sg = H5I_INVALID_HID;
    snprintf(what, sizeof what, "%s:/sweep", path);

    if ((f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT)) < 0) {
        st = SIM_FAIL(SIM_ERR_IO, "cannot open results file '%s'", path);
        goto done;
    }
    if (H5Lexists(f, "sweep", H5P_DEFAULT) <= 0) goto done; /* not a sweep file */
    if ((g = H5Gopen2(f, "sweep", H5P_DEFAULT)) < 0 || (d = H5Dopen2(g, "design", H5P_DEFAULT)) < 0 ||
        (sp = H5Dget_space(d)) < 0) {
        st = SIM_FAIL(SIM_ERR_IO, "%s: cannot open the design dataset", what);
        goto done;
    }
    hsize_t dims[2];
    if (H5Sget_simple_extent_ndims(sp) != 2 || H5Sget_simple_extent_dims(sp, dims, NULL) < 0 || dims[0] == 0 ||
        dims[1] == 0) {
        st = SIM_FAIL(SIM_ERR_IO, "%s/design: expected a non-empty [points, parameters] matrix", what);
        goto done;
    }
    if (!(s = calloc(1, sizeof *s)) || !(s->names = calloc(dims[1], sizeof *s->names)) ||
        !(s->units = calloc(dims[1], sizeof *s->units)) || !(s->keys = calloc(dims[1], sizeof *s->keys)) ||
        !(s->design = malloc(dims[0] * dims[1] * sizeof *s->design)) ||
        !(s->summary = malloc((dims[0] * nm * SUMMARY_COUNT + 1) * sizeof *s->summary)) ||
        !(buf = malloc(dims[0] * SUMMARY_COUNT * sizeof *buf))) {
        st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory reading %s", what);
        goto done;
    }
    s->metrics = metrics;
    s->points = (size_t)dims[0];
    s->nparams = (size_t)dims[1];
    if (H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, s->design) < 0) {
        st = SIM_FAIL(SIM_ERR_IO, "%s/design: cannot read", what);
        goto done;
    }
    if ((st = read_strings(g, "names", what, s->nparams, s->names)) != SIM_OK) goto done;
    if ((st = read_strings(g, "units", what, s->nparams, s->units)) != SIM_OK) goto done;
    if (H5Lexists(g, "keys", H5P_DEFAULT) > 0) {
        if ((st = read_strings(g, "keys", what, s->nparams, s->keys)) != SIM_OK) goto done;
    } else {
        for (size_t j = 0; j < s->nparams; j++)
            if (!(s->keys[j] = strdup(s->names[j]))) {
                st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
                goto done;
            }
    }

    if (H5Lexists(g, "summary", H5P_DEFAULT) > 0 && (sg = H5Gopen2(g, "summary", H5P_DEFAULT)) < 0) {
        st = SIM_FAIL(SIM_ERR_IO, "%s/summary: cannot open", what);
        goto done;
    }
    char swhat[640];
    snprintf(swhat, sizeof swhat, "%s/summary", what);
    hsize_t sdims[2] = {dims[0], SUMMARY_COUNT};
    for (size_t m = 0; m < nm; m++) {
        int found = 0;
        if (sg >= 0 && (st = read_2d(sg, metrics->weekly[m].name, swhat, sdims, buf, &found)) != SIM_OK) goto done;
        for (size_t p = 0; p < s->points; p++)
            for (int c = 0; c < SUMMARY_COUNT; c++)
                s->summary[(p * nm + m) * SUMMARY_COUNT + (size_t)c] =
                    found ? buf[p * SUMMARY_COUNT + (size_t)c] : NAN;
    }
    *out = s;
    s = NULL;
done:
    H5Eclear2(H5E_DEFAULT);
    free(buf);
    plot_sweep_destroy(&s);
    if (sg >= 0) H5Gclose(sg);
    if (sp >= 0) H5Sclose(sp);
    if (d >= 0) H5Dclose(d);
    if (g >= 0) H5Gclose(g);
    if (f >= 0) H5Fclose(f);
    return st;
}
