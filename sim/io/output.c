/**
 * @file output.c
 * @brief HDF5 results files (layout in output.h): atomic write through a temporary
 *        file, deterministic content outside /provenance, and read-back.
 *
 * Every HDF5 call is checked; a failure becomes SIM_ERR_IO whose message names the
 * object and carries HDF5's own reason, taken from its error stack (whose automatic
 * printing is switched off). Every function has one cleanup path that closes what it
 * opened, so a failure leaks neither memory nor HDF5 identifiers.
 */
#include "sim/engine/version.h"
#include "sim/io/output.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_version.h>

#include "sim/engine/config.h"


enum {
    OUT_FORMAT_VERSION = 1,          /* root attribute format_version; bump when the layout changes */
    CHUNK_MAX_BYTES = 64 * 1024,     /* chunk size cap: big enough to compress well, small enough to read one series cheaply */
    CONTIGUOUS_MAX_BYTES = 256,      /* below this a chunk index and filter cost more than they save */
    DEFLATE_LEVEL = 4,               /* good ratio on smooth series at a fraction of level 9's time */
    DATE_BYTES = 11,                 /* "YYYY-MM-DD" and its NUL */
    MAX_RANK = 8,                    /* out_write_doubles' rank limit */
    WHERE_MAX = 512                  /* room for "file:/object/path" in messages */
};

struct out_file {
    hid_t file;          /* the open temporary file */
    hid_t scenarios;     /* its /scenarios group */
    char *path;          /* final path */
    char *tmp;           /* temporary path: path.tmp.<pid> */
    int force;           /* replace an existing final file at commit */
    int provenance_done; /* out_write_provenance has run */
};

/* ------------------------------------------------------------------------- */
/* Errors and identifiers                                                     */

/* The innermost (most specific) and outermost (API) descriptions on HDF5's error stack. */
typedef struct {
    char inner[400];
    char outer[400];
} h5_reason;

static herr_t h5_reason_walk(unsigned n, const H5E_error2_t *e, void *data)
{
    h5_reason *r = data;
    if (!e || !e->desc) return 0;
    if (n == 0) snprintf(r->inner, sizeof r->inner, "%s", e->desc);
    snprintf(r->outer, sizeof r->outer, "%s", e->desc); /* walking upward: the last one is the API call */
    return 0;
}

/* Fail with SIM_ERR_IO: the caller's description plus HDF5's reason, then clear the stack. */
__attribute__((format(printf, 3, 4))) static sim_status h5_fail_at(const char *file, int line, const char *fmt, ...)
{
    char what[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    h5_reason r = {"", ""};
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, h5_reason_walk, &r);
    H5Eclear2(H5E_DEFAULT);
    if (!r.inner[0]) return sim_fail_at(SIM_ERR_IO, file, line, "%s", what);
    if (!r.outer[0] || strcmp(r.inner, r.outer) == 0)
        return sim_fail_at(SIM_ERR_IO, file, line, "%s (HDF5: %s)", what, r.inner);
    return sim_fail_at(SIM_ERR_IO, file, line, "%s (HDF5: %s: %s)", what, r.outer, r.inner);
}
#define H5_FAIL(...) h5_fail_at(__FILE__, __LINE__, __VA_ARGS__)

#define FAIL_H5(...)                \
    do {                            \
        st = H5_FAIL(__VA_ARGS__);  \
        goto done;                  \
    } while (0)

/* Our callers print the message; HDF5 printing its stack to stderr as well would be noise. */
static void h5_quiet(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

void out_close(hid_t *id)
{
    if (*id < 0) return;
    switch (H5Iget_type(*id)) {
    case H5I_FILE: H5Fclose(*id); break;
    case H5I_GROUP: H5Gclose(*id); break;
    case H5I_DATASET: H5Dclose(*id); break;
    case H5I_ATTR: H5Aclose(*id); break;
    case H5I_DATASPACE: H5Sclose(*id); break;
    case H5I_DATATYPE: H5Tclose(*id); break;
    case H5I_GENPROP_LST: H5Pclose(*id); break;
    default: H5Idec_ref(*id); break;
    }
    *id = H5I_INVALID_HID;
}

/* "file:/path/of/loc/name" for messages. Keeps HDF5's error stack, which any API
 * call would otherwise clear before h5_fail_at could read the reason from it. */
static const char *where(hid_t loc, const char *name, char *buf, size_t size)
{
    char file[256] = "?", obj[256] = "";
    hid_t saved = H5Eget_current_stack();
    if (H5Fget_name(loc, file, sizeof file) < 0) snprintf(file, sizeof file, "?");
    if (H5Iget_name(loc, obj, sizeof obj) < 0) obj[0] = '\0';
    if (saved >= 0) H5Eset_current_stack(saved); /* also closes `saved` */
    const char *sep = (obj[0] && strcmp(obj, "/") != 0) ? "/" : "";
    if (name)
        snprintf(buf, size, "%s:%s%s%s", file, obj[0] ? obj : "/", obj[0] ? sep : "", name);
    else
        snprintf(buf, size, "%s:%s", file, obj[0] ? obj : "/");
    return buf;
}

/* A scenario name becomes an HDF5 link name and a CSV file name: no '/', not "." or "..". */
static sim_status check_name(const char *name)
{
    if (!name || !name[0]) return SIM_FAIL(SIM_ERR_CONFIG, "scenario name is empty");
    if (memchr(name, '\0', RESULTS_NAME_MAX) == NULL)
        return SIM_FAIL(SIM_ERR_CONFIG, "scenario name is longer than %d bytes", RESULTS_NAME_MAX - 1);
    if (strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return SIM_FAIL(SIM_ERR_CONFIG, "scenario name '%s' cannot name an HDF5 group or file (no '/', '.' or '..')",
                        name);
    return SIM_OK;
}

/* ------------------------------------------------------------------------- */
/* Writing helpers                                                            */

/* Creation order tracked (so groups list in insertion order) and no timestamps (so reruns are identical). */
static sim_status group_plist(hid_t *gcpl)
{
    hid_t p = H5Pcreate(H5P_GROUP_CREATE);
    if (p < 0 || H5Pset_link_creation_order(p, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) < 0 ||
        H5Pset_obj_track_times(p, 0) < 0) {
        sim_status st = H5_FAIL("cannot set up HDF5 group properties"); /* before closing clears the stack */
        out_close(&p);
        return st;
    }
    *gcpl = p;
    return SIM_OK;
}

sim_status out_create_group(hid_t loc, const char *name, hid_t *g)
{
    if (!g || !name || !name[0]) return SIM_FAIL(SIM_ERR_INTERNAL, "out_create_group: bad argument");
    *g = H5I_INVALID_HID;
    hid_t gcpl = H5I_INVALID_HID;
    SIM_CHECK(group_plist(&gcpl));
    hid_t id = H5Gcreate2(loc, name, H5P_DEFAULT, gcpl, H5P_DEFAULT);
    sim_status st = SIM_OK;
    if (id < 0) {
        char w[WHERE_MAX];
        st = H5_FAIL("cannot create group '%s'", where(loc, name, w, sizeof w));
    }
    out_close(&gcpl);
    *g = id;
    return st;
}

/* A variable-length UTF-8 string type (what h5py and rhdf5 read as native strings). */
static sim_status vlen_string_type(hid_t *t)
{
    hid_t id = H5Tcopy(H5T_C_S1);
    if (id < 0 || H5Tset_size(id, H5T_VARIABLE) < 0 || H5Tset_cset(id, H5T_CSET_UTF8) < 0) {
        sim_status st = H5_FAIL("cannot make an HDF5 string type");
        out_close(&id);
        return st;
    }
    *t = id;
    return SIM_OK;
}

/* Attach attribute `name` of file type ftype and shape `space`, written from memory type mtype. */
static sim_status write_attr(hid_t obj, const char *name, hid_t ftype, hid_t mtype, hid_t space, const void *value)
{
    sim_status st = SIM_OK;
    char w[WHERE_MAX];
    hid_t a = H5Acreate2(obj, name, ftype, space, H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0) FAIL_H5("cannot create attribute '%s' on '%s'", name, where(obj, NULL, w, sizeof w));
    if (H5Awrite(a, mtype, value) < 0) FAIL_H5("cannot write attribute '%s' on '%s'", name, where(obj, NULL, w, sizeof w));
done:
    out_close(&a);
    return st;
}

static sim_status write_attr_scalar(hid_t obj, const char *name, hid_t ftype, hid_t mtype, const void *value)
{
    hid_t space = H5Screate(H5S_SCALAR);
    if (space < 0) return H5_FAIL("cannot make a scalar HDF5 dataspace");
    sim_status st = write_attr(obj, name, ftype, mtype, space, value);
    out_close(&space);
    SIM_CHECK(st);
    return SIM_OK;
}

sim_status out_write_attr_string(hid_t obj, const char *name, const char *value)
{
    if (!name) return SIM_FAIL(SIM_ERR_INTERNAL, "out_write_attr_string: NULL name");
    const char *v = value ? value : "";
    hid_t t = H5I_INVALID_HID;
    SIM_CHECK(vlen_string_type(&t));
    sim_status st = write_attr_scalar(obj, name, t, t, &v);
    out_close(&t);
    SIM_CHECK(st);
    return SIM_OK;
}

sim_status out_write_attr_int(hid_t obj, const char *name, int value)
{
    if (!name) return SIM_FAIL(SIM_ERR_INTERNAL, "out_write_attr_int: NULL name");
    SIM_CHECK(write_attr_scalar(obj, name, H5T_STD_I32LE, H5T_NATIVE_INT, &value));
    return SIM_OK;
}

static sim_status write_attr_u32(hid_t obj, const char *name, uint32_t value)
{
    SIM_CHECK(write_attr_scalar(obj, name, H5T_STD_U32LE, H5T_NATIVE_UINT32, &value));
    return SIM_OK;
}

/* 1-D attribute of n variable-length strings. */
static sim_status write_attr_strings(hid_t obj, const char *name, const char *const *values, size_t n)
{
    sim_status st = SIM_OK;
    hid_t t = H5I_INVALID_HID, space = H5I_INVALID_HID;
    hsize_t dim = n;
    SIM_TRY(vlen_string_type(&t));
    if ((space = H5Screate_simple(1, &dim, NULL)) < 0) FAIL_H5("cannot make a dataspace for attribute '%s'", name);
    SIM_TRY(write_attr(obj, name, t, t, space, values));
done:
    out_close(&space);
    out_close(&t);
    return st;
}

/* Dataset creation properties: no timestamps; chunked and compressed unless tiny. */
static sim_status dataset_plist(int rank, const hsize_t *dims, size_t elem_bytes, int compress, hid_t *dcpl)
{
    sim_status st = SIM_OK;
    hid_t p = H5Pcreate(H5P_DATASET_CREATE);
    if (p < 0 || H5Pset_obj_track_times(p, 0) < 0) FAIL_H5("cannot set up HDF5 dataset properties");
    hsize_t count = 1;
    for (int i = 0; i < rank; i++) count *= dims[i];
    if (compress && count > 0 && count * elem_bytes >= CONTIGUOUS_MAX_BYTES) {
        /* Whole trailing rows: shrink the outermost dimension first until a chunk fits the
         * cap, so reading one replication's series touches one chunk. */
        hsize_t chunk[MAX_RANK];
        for (int i = 0; i < rank; i++) chunk[i] = dims[i];
        for (int i = 0; i < rank; i++) {
            hsize_t inner = elem_bytes;
            for (int j = i + 1; j < rank; j++) inner *= dims[j];
            hsize_t fit = CHUNK_MAX_BYTES / inner;
            if (fit >= dims[i]) break;
            chunk[i] = fit > 0 ? fit : 1;
            if (fit > 0) break;
        }
        if (H5Pset_chunk(p, rank, chunk) < 0 || H5Pset_shuffle(p) < 0 || H5Pset_deflate(p, DEFLATE_LEVEL) < 0)
            FAIL_H5("cannot set up HDF5 chunking and compression");
    }
    *dcpl = p;
    p = H5I_INVALID_HID;
done:
    out_close(&p);
    return st;
}

/* The double dataset writer; `columns`, if not NULL, is attached as the `columns` attribute. */
static sim_status write_doubles(hid_t loc, const char *name, int rank, const hsize_t *dims, const double *data,
                                const char *unit, const char *title, const char *columns)
{
    if (!name || !dims || rank < 1 || rank > MAX_RANK)
        return SIM_FAIL(SIM_ERR_INTERNAL, "out_write_doubles: bad name, shape or rank %d", rank);
    sim_status st = SIM_OK;
    char w[WHERE_MAX];
    hid_t space = H5I_INVALID_HID, dcpl = H5I_INVALID_HID, d = H5I_INVALID_HID;
    hsize_t count = 1;
    for (int i = 0; i < rank; i++) count *= dims[i];
    if (count > 0 && !data) SIM_FAIL_GOTO(SIM_ERR_INTERNAL, "out_write_doubles: NULL data for '%s'", name);
    if ((space = H5Screate_simple(rank, dims, NULL)) < 0)
        FAIL_H5("cannot make the dataspace of '%s'", where(loc, name, w, sizeof w));
    SIM_TRY(dataset_plist(rank, dims, sizeof(double), 1, &dcpl));
    if ((d = H5Dcreate2(loc, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT)) < 0)
        FAIL_H5("cannot create dataset '%s'", where(loc, name, w, sizeof w));
    if (count > 0 && H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
        FAIL_H5("cannot write dataset '%s'", where(loc, name, w, sizeof w));
    if (unit) SIM_TRY(out_write_attr_string(d, "unit", unit));
    if (title) SIM_TRY(out_write_attr_string(d, "title", title));
    if (columns) SIM_TRY(out_write_attr_string(d, "columns", columns));
done:
    out_close(&d);
    out_close(&dcpl);
    out_close(&space);
    return st;
}

sim_status out_write_doubles(hid_t loc, const char *name, int rank, const hsize_t *dims, const double *data,
                             const char *unit, const char *title)
{
    SIM_CHECK(write_doubles(loc, name, rank, dims, data, unit, title, NULL));
    return SIM_OK;
}

/* A scalar variable-length string dataset (a scenario's config text). */
static sim_status write_string_dataset(hid_t loc, const char *name, const char *text)
{
    sim_status st = SIM_OK;
    char w[WHERE_MAX];
    hid_t t = H5I_INVALID_HID, space = H5I_INVALID_HID, dcpl = H5I_INVALID_HID, d = H5I_INVALID_HID;
    SIM_TRY(vlen_string_type(&t));
    if ((space = H5Screate(H5S_SCALAR)) < 0) FAIL_H5("cannot make a scalar HDF5 dataspace");
    SIM_TRY(dataset_plist(0, NULL, 0, 0, &dcpl));
    if ((d = H5Dcreate2(loc, name, t, space, H5P_DEFAULT, dcpl, H5P_DEFAULT)) < 0)
        FAIL_H5("cannot create dataset '%s'", where(loc, name, w, sizeof w));
    if (H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, &text) < 0)
        FAIL_H5("cannot write dataset '%s'", where(loc, name, w, sizeof w));
done:
    out_close(&d);
    out_close(&dcpl);
    out_close(&space);
    out_close(&t);
    return st;
}

/* week_start: fixed-length "YYYY-MM-DD" strings, one a week. */
static sim_status write_week_start(hid_t g, const sim_results *r)
{
    sim_status st = SIM_OK;
    char w[WHERE_MAX];
    hid_t t = H5I_INVALID_HID, space = H5I_INVALID_HID, dcpl = H5I_INVALID_HID, d = H5I_INVALID_HID;
    char(*dates)[DATE_BYTES] = calloc((size_t)r->weeks, sizeof *dates);
    if (!dates) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory formatting %d week dates", r->weeks);
    for (int k = 0; k < r->weeks; k++) cfg_format_date(r->start_day + 7 * k, dates[k], DATE_BYTES);
    hsize_t dim = (hsize_t)r->weeks;
    t = H5Tcopy(H5T_C_S1);
    if (t < 0 || H5Tset_size(t, DATE_BYTES) < 0 || H5Tset_strpad(t, H5T_STR_NULLTERM) < 0)
        FAIL_H5("cannot make a date string type");
    if ((space = H5Screate_simple(1, &dim, NULL)) < 0) FAIL_H5("cannot make the dataspace of week_start");
    SIM_TRY(dataset_plist(1, &dim, DATE_BYTES, 1, &dcpl));
    if ((d = H5Dcreate2(g, "week_start", t, space, H5P_DEFAULT, dcpl, H5P_DEFAULT)) < 0)
        FAIL_H5("cannot create dataset '%s'", where(g, "week_start", w, sizeof w));
    if (H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, dates) < 0)
        FAIL_H5("cannot write dataset '%s'", where(g, "week_start", w, sizeof w));
done:
    out_close(&d);
    out_close(&dcpl);
    out_close(&space);
    out_close(&t);
    free(dates);
    return st;
}

/*
 * One dataset per metric of `table` (k metrics) in a new group `group` under `parent`.
 * src is [outer...][k] with the metric innermost, so dataset m holds src[i*k + m]
 * for i over the product of dims; `buf` has room for that many doubles.
 */
static sim_status write_family(hid_t parent, const char *group, const metric_info *table, int k, const double *src,
                               int rank, const hsize_t *dims, double *buf)
{
    sim_status st = SIM_OK;
    hid_t g = H5I_INVALID_HID;
    size_t count = 1;
    for (int i = 0; i < rank; i++) count *= (size_t)dims[i];
    SIM_TRY(out_create_group(parent, group, &g));
    for (int m = 0; m < k; m++) {
        for (size_t i = 0; i < count; i++) buf[i] = src[i * (size_t)k + (size_t)m];
        SIM_TRY(write_doubles(g, table[m].name, rank, dims, buf, table[m].unit, table[m].title, NULL));
    }
done:
    out_close(&g);
    return st;
}

/* "mean,sd,q05,q50,q95" from summary_names, so the column list has one source. */
static void summary_columns(char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int s = 0; s < SUMMARY_COUNT && used < size; s++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s", s ? "," : "", summary_names[s]);
}

/* summary/weekly/<metric> [weeks, 5] and summary/totals/<metric> [5]; buf holds weeks*5 doubles. */
static sim_status write_summaries(hid_t sg, const sim_results *r, double *buf)
{
    sim_status st = SIM_OK;
    hid_t g = H5I_INVALID_HID, gw = H5I_INVALID_HID, gt = H5I_INVALID_HID;
    char columns[64];
    summary_columns(columns, sizeof columns);
    size_t wstride = (size_t)r->weeks * M_COUNT;
    SIM_TRY(out_create_group(sg, "summary", &g));
    SIM_TRY(out_create_group(g, "weekly", &gw));
    SIM_TRY(out_create_group(g, "totals", &gt));
    for (int m = 0; m < M_COUNT; m++) {
        const metric_info *mi = &metric_table[m];
        /* Ratio metrics are ratios per replication already; NaN weeks (no boats) are skipped. */
        for (int w = 0; w < r->weeks; w++)
            SIM_TRY(summary_stats(r->weekly + (size_t)w * M_COUNT + (size_t)m, (size_t)r->reps, wstride,
                              buf + (size_t)w * SUMMARY_COUNT));
        hsize_t wdims[2] = {(hsize_t)r->weeks, SUMMARY_COUNT};
        SIM_TRY(write_doubles(gw, mi->name, 2, wdims, buf, mi->unit, mi->title, columns));
        SIM_TRY(summary_stats(r->totals + m, (size_t)r->reps, M_COUNT, buf));
        hsize_t tdim = SUMMARY_COUNT;
        SIM_TRY(write_doubles(gt, mi->name, 1, &tdim, buf, mi->unit, mi->title, columns));
    }
done:
    out_close(&gt);
    out_close(&gw);
    out_close(&g);
    return st;
}

/* ------------------------------------------------------------------------- */
/* Writer                                                                     */

sim_status out_open(const char *path, int force, out_file **f)
{
    if (!f) return SIM_FAIL(SIM_ERR_INTERNAL, "out_open: NULL writer pointer");
    *f = NULL;
    if (!path || !path[0]) return SIM_FAIL(SIM_ERR_USAGE, "empty output path");
    h5_quiet();

    struct stat sb;
    if (stat(path, &sb) == 0) {
        if (S_ISDIR(sb.st_mode)) return SIM_FAIL(SIM_ERR_IO, "output '%s' is a directory", path);
        if (!force) return SIM_FAIL(SIM_ERR_EXISTS, "output '%s' exists; use --force to overwrite", path);
    }

    sim_status st = SIM_OK;
    out_file *o = NULL;
    hid_t fcpl = H5I_INVALID_HID, fapl = H5I_INVALID_HID;
    int created = 0;
    char *dircopy = strdup(path);
    if (!dircopy) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
    /* Check the directory first: its error names the real problem ("No such file or directory"). */
    const char *dir = dirname(dircopy);
    if (stat(dir, &sb) != 0)
        SIM_FAIL_GOTO(SIM_ERR_IO, "cannot write output '%s': directory '%s': %s", path, dir, strerror(errno));
    if (!S_ISDIR(sb.st_mode)) SIM_FAIL_GOTO(SIM_ERR_IO, "cannot write output '%s': '%s' is not a directory", path, dir);
    if (access(dir, W_OK | X_OK) != 0)
        SIM_FAIL_GOTO(SIM_ERR_IO, "cannot write output '%s': directory '%s': %s", path, dir, strerror(errno));

    if (!(o = calloc(1, sizeof *o))) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
    o->file = o->scenarios = H5I_INVALID_HID;
    o->force = force;
    size_t tmp_size = strlen(path) + 32;
    o->path = strdup(path);
    o->tmp = malloc(tmp_size);
    if (!o->path || !o->tmp) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
    snprintf(o->tmp, tmp_size, "%s.tmp.%ld", path, (long)getpid());

    /* Claim the temporary name with the system call, whose errno explains a failure
     * (read-only file system, quota) better than HDF5 does. O_EXCL: never share it. */
    int fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        if (errno == EEXIST)
            SIM_FAIL_GOTO(SIM_ERR_IO,
                 "temporary file '%s' exists: another writer of '%s' in this process, or left by a crashed run "
                 "(remove it)",
                 o->tmp, path);
        SIM_FAIL_GOTO(SIM_ERR_IO, "cannot create '%s': %s", o->tmp, strerror(errno));
    }
    created = 1;
    close(fd);

    if ((fcpl = H5Pcreate(H5P_FILE_CREATE)) < 0 ||
        H5Pset_link_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) < 0 ||
        H5Pset_obj_track_times(fcpl, 0) < 0)
        FAIL_H5("cannot set up HDF5 file properties");
    /* STRONG: closing the file closes every object still open in it (incl. other writers'). */
    if ((fapl = H5Pcreate(H5P_FILE_ACCESS)) < 0 || H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0)
        FAIL_H5("cannot set up HDF5 file access properties");
    if ((o->file = H5Fcreate(o->tmp, H5F_ACC_TRUNC, fcpl, fapl)) < 0) FAIL_H5("cannot create HDF5 file '%s'", o->tmp);
    SIM_TRY(out_write_attr_int(o->file, "format_version", OUT_FORMAT_VERSION));
    SIM_TRY(out_create_group(o->file, "scenarios", &o->scenarios));
    *f = o;
    o = NULL;
done:
    out_close(&fapl);
    out_close(&fcpl);
    if (o) {
        out_close(&o->scenarios);
        out_close(&o->file);
        if (created) unlink(o->tmp);
        free(o->path);
        free(o->tmp);
        free(o);
    }
    free(dircopy);
    return st;
}

hid_t out_file_handle(out_file *f) { return f ? f->file : H5I_INVALID_HID; }

/* Shapes must agree with results_create, or the gathers below would read out of bounds. */
static sim_status check_results(const sim_results *r)
{
    SIM_CHECK(check_name(r->name));
    if (r->reps < 1 || r->days < 1 || r->weeks != r->days / 7 + (r->days % 7 != 0) || r->groups < 0 ||
        r->groups > RESULTS_MAX_GROUPS || r->first_rep < 0)
        return SIM_FAIL(SIM_ERR_INTERNAL,
                        "scenario '%s' has inconsistent shape: reps %d, days %d, weeks %d, groups %d, first_rep %d",
                        r->name, r->reps, r->days, r->weeks, r->groups, r->first_rep);
    if (!r->weekly || !r->totals || !r->daily || !r->group_weekly)
        return SIM_FAIL(SIM_ERR_INTERNAL, "scenario '%s' has unallocated results", r->name);
    for (int i = 0; i < r->groups; i++)
        if (memchr(r->group_names[i], '\0', CFG_NAME_MAX) == NULL)
            return SIM_FAIL(SIM_ERR_INTERNAL, "scenario '%s': group name %d is not NUL-terminated", r->name, i);
    return SIM_OK;
}

sim_status out_write_scenario(out_file *f, const sim_results *r)
{
    if (!f || f->file < 0 || !r) return SIM_FAIL(SIM_ERR_INTERNAL, "out_write_scenario: no open output or no results");
    SIM_CHECK(check_results(r));
    htri_t exists = H5Lexists(f->scenarios, r->name, H5P_DEFAULT);
    if (exists < 0) return H5_FAIL("cannot look up scenario '%s' in '%s'", r->name, f->tmp);
    if (exists > 0) return SIM_FAIL(SIM_ERR_CONFIG, "scenario '%s' is written twice to '%s'", r->name, f->path);

    sim_status st = SIM_OK;
    hid_t g = H5I_INVALID_HID;
    size_t reps = (size_t)r->reps, weeks = (size_t)r->weeks, days = (size_t)r->days, groups = (size_t)r->groups;
    /* One staging buffer, big enough for any single dataset below. */
    size_t nbuf = reps * days;
    if (reps * weeks * groups > nbuf) nbuf = reps * weeks * groups;
    if (weeks * SUMMARY_COUNT > nbuf) nbuf = weeks * SUMMARY_COUNT;
    double *buf = malloc(nbuf * sizeof *buf);
    if (!buf) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory writing scenario '%s'", r->name);

    SIM_TRY(out_create_group(f->scenarios, r->name, &g));
    char date[DATE_BYTES];
    cfg_format_date(r->start_day, date, sizeof date);
    SIM_TRY(out_write_attr_string(g, "start_date", date));
    SIM_TRY(out_write_attr_int(g, "days", r->days));
    SIM_TRY(out_write_attr_int(g, "weeks", r->weeks));
    SIM_TRY(out_write_attr_int(g, "replications", r->reps));
    SIM_TRY(out_write_attr_int(g, "first_replication", r->first_rep));
    SIM_TRY(out_write_attr_int(g, "groups", r->groups));
    SIM_TRY(write_attr_u32(g, "seed", r->seed));
    const char *names[RESULTS_MAX_GROUPS];
    for (int i = 0; i < r->groups; i++) names[i] = r->group_names[i];
    SIM_TRY(write_attr_strings(g, "group_names", names, groups));
    SIM_TRY(write_week_start(g, r));

    hsize_t dw[2] = {reps, weeks}, dt[1] = {reps}, dd[2] = {reps, days}, dg[3] = {reps, weeks, groups};
    SIM_TRY(write_family(g, "weekly", metric_table, M_COUNT, r->weekly, 2, dw, buf));
    SIM_TRY(write_family(g, "totals", metric_table, M_COUNT, r->totals, 1, dt, buf));
    SIM_TRY(write_family(g, "daily", daily_table, D_COUNT, r->daily, 2, dd, buf));
    SIM_TRY(write_family(g, "groups", group_metric_table, G_COUNT, r->group_weekly, 3, dg, buf));
    SIM_TRY(write_summaries(g, r, buf));
done:
    out_close(&g);
    free(buf);
    return st;
}

/* ISO 8601 UTC, e.g. 2024-05-01T12:34:56Z. */
static void iso_utc(long long t, char *buf, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm) || strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) snprintf(buf, size, "unknown");
}

sim_status out_write_provenance(out_file *f, const out_provenance *p, const sim_results *const *scen, size_t nscen)
{
    if (!f || f->file < 0 || !p || (nscen > 0 && !scen))
        return SIM_FAIL(SIM_ERR_INTERNAL, "out_write_provenance: bad argument");
    if (f->provenance_done) return SIM_FAIL(SIM_ERR_INTERNAL, "provenance of '%s' written twice", f->path);
    f->provenance_done = 1;

    sim_status st = SIM_OK;
    hid_t g = H5I_INVALID_HID, cg = H5I_INVALID_HID;
    char buf[64];
    SIM_TRY(out_create_group(f->file, "provenance", &g));
    SIM_TRY(out_write_attr_string(g, "command_line", p->command_line));
    SIM_TRY(write_attr_u32(g, "seed", p->seed));
    SIM_TRY(out_write_attr_int(g, "replications", p->reps));
    SIM_TRY(out_write_attr_string(g, "version", sim_version()));
    SIM_TRY(out_write_attr_string(g, "git_commit", sim_git_commit()));
    SIM_TRY(out_write_attr_string(g, "gsl_version", gsl_version));
    unsigned maj = 0, min = 0, rel = 0;
    if (H5get_libversion(&maj, &min, &rel) < 0) FAIL_H5("cannot get the HDF5 library version");
    snprintf(buf, sizeof buf, "%u.%u.%u", maj, min, rel);
    SIM_TRY(out_write_attr_string(g, "hdf5_version", buf));
    SIM_TRY(out_write_attr_string(g, "inih_version", sim_inih_version()));
    SIM_TRY(out_write_attr_int(g, "threads", p->threads));
    SIM_TRY(out_write_attr_int(g, "mpi_processes", p->mpi_procs));
    SIM_TRY(out_write_attr_string(g, "host", p->host));
    iso_utc(p->start_time, buf, sizeof buf);
    SIM_TRY(out_write_attr_string(g, "start_time", buf));
    iso_utc(p->end_time, buf, sizeof buf);
    SIM_TRY(out_write_attr_string(g, "end_time", buf));

    SIM_TRY(out_create_group(g, "config", &cg));
    for (size_t i = 0; i < nscen; i++) {
        if (!scen[i]) SIM_FAIL_GOTO(SIM_ERR_INTERNAL, "out_write_provenance: scenario %zu is NULL", i);
        if (!scen[i]->config_text) continue;
        SIM_TRY(check_name(scen[i]->name));
        htri_t ex = H5Lexists(cg, scen[i]->name, H5P_DEFAULT);
        if (ex < 0) FAIL_H5("cannot look up provenance of scenario '%s'", scen[i]->name);
        if (ex > 0) SIM_FAIL_GOTO(SIM_ERR_CONFIG, "scenario '%s' appears twice in the provenance", scen[i]->name);
        SIM_TRY(write_string_dataset(cg, scen[i]->name, scen[i]->config_text));
    }
done:
    out_close(&cg);
    out_close(&g);
    return st;
}

/* Free a writer whose file is closed; remove its temporary file if asked. */
static void writer_free(out_file *f, int remove_tmp)
{
    if (remove_tmp && f->tmp) unlink(f->tmp);
    free(f->path);
    free(f->tmp);
    free(f);
}

/* Best effort: make the rename itself durable. A failure here cannot undo the rename. */
static void sync_dir_of(const char *path)
{
    char *copy = strdup(path);
    if (!copy) return;
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    free(copy);
}

sim_status out_commit(out_file **fp)
{
    if (!fp || !*fp) return SIM_FAIL(SIM_ERR_INTERNAL, "out_commit: no open output");
    out_file *f = *fp;
    *fp = NULL;
    sim_status st = SIM_OK;

    out_close(&f->scenarios);
    herr_t closed = H5Fclose(f->file);
    f->file = H5I_INVALID_HID;
    if (closed < 0) FAIL_H5("cannot finish writing '%s'", f->tmp);
    /* Flush to disk before the rename, or a crash could leave an empty file under the final name. */
    int fd = open(f->tmp, O_RDONLY | O_CLOEXEC);
    if (fd < 0) SIM_FAIL_GOTO(SIM_ERR_IO, "cannot reopen '%s' to flush it: %s", f->tmp, strerror(errno));
    int synced = fsync(fd);
    int sync_errno = errno;
    close(fd);
    if (synced != 0) SIM_FAIL_GOTO(SIM_ERR_IO, "cannot flush '%s' to disk: %s", f->tmp, strerror(sync_errno));
    /* Someone may have created the file since out_open; without force it is theirs. */
    if (!f->force && access(f->path, F_OK) == 0)
        SIM_FAIL_GOTO(SIM_ERR_EXISTS, "output '%s' exists; use --force to overwrite", f->path);
    if (rename(f->tmp, f->path) != 0)
        SIM_FAIL_GOTO(SIM_ERR_IO, "cannot rename '%s' to '%s': %s", f->tmp, f->path, strerror(errno));
    sync_dir_of(f->path);
    writer_free(f, 0);
    return SIM_OK;
done:
    writer_free(f, 1);
    return st;
}

void out_abort(out_file **fp)
{
    if (!fp || !*fp) return;
    out_file *f = *fp;
    *fp = NULL;
    out_close(&f->scenarios);
    if (f->file >= 0) H5Fclose(f->file);
    H5Eclear2(H5E_DEFAULT);
    writer_free(f, 1);
}

/* ------------------------------------------------------------------------- */
/* Reading                                                                    */

static sim_status open_read(const char *path, hid_t *file)
{
    *file = H5I_INVALID_HID;
    if (!path) return SIM_FAIL(SIM_ERR_INTERNAL, "NULL results path");
    h5_quiet();
    if (access(path, R_OK) != 0) return SIM_FAIL(SIM_ERR_IO, "cannot read results '%s': %s", path, strerror(errno));
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    sim_status st = SIM_OK;
    if (fapl < 0 || H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0) {
        st = H5_FAIL("cannot set up HDF5 file access properties");
    } else if ((*file = H5Fopen(path, H5F_ACC_RDONLY, fapl)) < 0) {
        st = H5_FAIL("cannot open '%s' as an HDF5 file", path);
    }
    out_close(&fapl);
    return st;
}

/* Open the file's /scenarios group. */
static sim_status open_scenarios(hid_t file, const char *path, hid_t *sg)
{
    *sg = H5I_INVALID_HID;
    htri_t ex = H5Lexists(file, "scenarios", H5P_DEFAULT);
    if (ex < 0) return H5_FAIL("cannot read '%s'", path);
    if (ex == 0) return SIM_FAIL(SIM_ERR_IO, "'%s' is not a chansim results file (no /scenarios group)", path);
    if ((*sg = H5Gopen2(file, "scenarios", H5P_DEFAULT)) < 0) return H5_FAIL("cannot open /scenarios in '%s'", path);
    return SIM_OK;
}

/* Open /scenarios/<name>. */
static sim_status open_scenario(hid_t file, const char *path, const char *name, hid_t *g)
{
    *g = H5I_INVALID_HID;
    SIM_CHECK(check_name(name));
    hid_t sg = H5I_INVALID_HID;
    SIM_CHECK(open_scenarios(file, path, &sg));
    sim_status st = SIM_OK;
    htri_t ex = H5Lexists(sg, name, H5P_DEFAULT);
    if (ex < 0) FAIL_H5("cannot look up scenario '%s' in '%s'", name, path);
    if (ex == 0) SIM_FAIL_GOTO(SIM_ERR_IO, "no scenario '%s' in '%s'", name, path);
    if ((*g = H5Gopen2(sg, name, H5P_DEFAULT)) < 0) FAIL_H5("cannot open scenario '%s' in '%s'", name, path);
done:
    out_close(&sg);
    return st;
}

/* A scalar numeric attribute, converted to mtype. */
static sim_status read_attr_scalar(hid_t obj, const char *name, hid_t mtype, void *value)
{
    sim_status st = SIM_OK;
    char w[WHERE_MAX];
    hid_t a = H5I_INVALID_HID, space = H5I_INVALID_HID;
    htri_t ex = H5Aexists(obj, name);
    if (ex < 0) FAIL_H5("cannot look up attribute '%s' of '%s'", name, where(obj, NULL, w, sizeof w));
    if (ex == 0) SIM_FAIL_GOTO(SIM_ERR_IO, "attribute '%s' missing from '%s'", name, where(obj, NULL, w, sizeof w));
    if ((a = H5Aopen(obj, name, H5P_DEFAULT)) < 0 || (space = H5Aget_space(a)) < 0)
        FAIL_H5("cannot open attribute '%s' of '%s'", name, where(obj, NULL, w, sizeof w));
    if (H5Sget_simple_extent_npoints(space) != 1)
        SIM_FAIL_GOTO(SIM_ERR_IO, "attribute '%s' of '%s' is not a single value", name, where(obj, NULL, w, sizeof w));
    if (H5Aread(a, mtype, value) < 0) FAIL_H5("cannot read attribute '%s' of '%s'", name, where(obj, NULL, w, sizeof w));
done:
    out_close(&space);
    out_close(&a);
    return st;
}

/*
 * The strings of an attribute (is_attr) or dataset `id`, which must hold exactly
 * `expect` of them: fixed- or variable-length, so files written by other tools read
 * too. *out is a new array of new strings; free with out_free_names(out, expect).
 */
static sim_status read_strings(hid_t id, int is_attr, const char *what, size_t expect, char ***out)
{
    sim_status st = SIM_OK;
    hid_t ftype = H5I_INVALID_HID, mtype = H5I_INVALID_HID, space = H5I_INVALID_HID;
    char **vl = NULL, *fixed = NULL, **strs = NULL;
    *out = NULL;
    ftype = is_attr ? H5Aget_type(id) : H5Dget_type(id);
    space = is_attr ? H5Aget_space(id) : H5Dget_space(id);
    if (ftype < 0 || space < 0) FAIL_H5("cannot open '%s'", what);
    if (H5Tget_class(ftype) != H5T_STRING) SIM_FAIL_GOTO(SIM_ERR_IO, "'%s' does not hold strings", what);
    hssize_t npoints = H5Sget_simple_extent_npoints(space);
    if (npoints < 0 || (size_t)npoints != expect)
        SIM_FAIL_GOTO(SIM_ERR_IO, "'%s' holds %lld strings, expected %zu", what, (long long)npoints, expect);
    if (!(strs = calloc(expect ? expect : 1, sizeof *strs))) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
    htri_t is_vl = H5Tis_variable_str(ftype);
    H5T_cset_t cset = H5Tget_cset(ftype);
    if (is_vl < 0 || cset < 0 || (mtype = H5Tcopy(H5T_C_S1)) < 0 || H5Tset_cset(mtype, cset) < 0)
        FAIL_H5("cannot read the string type of '%s'", what);
    if (expect == 0) goto ok;
    if (is_vl) {
        if (H5Tset_size(mtype, H5T_VARIABLE) < 0) FAIL_H5("cannot make a string type for '%s'", what);
        if (!(vl = calloc(expect, sizeof *vl))) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
        herr_t rd = is_attr ? H5Aread(id, mtype, vl) : H5Dread(id, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, vl);
        if (rd < 0) FAIL_H5("cannot read '%s'", what);
        for (size_t i = 0; i < expect; i++)
            if (!(strs[i] = strdup(vl[i] ? vl[i] : ""))) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
    } else {
        size_t size = H5Tget_size(ftype);
        if (size == 0) FAIL_H5("cannot read the string size of '%s'", what);
        /* One extra byte a string, so each comes back NUL-terminated whatever its padding. */
        if (H5Tset_size(mtype, size + 1) < 0 || H5Tset_strpad(mtype, H5T_STR_NULLTERM) < 0)
            FAIL_H5("cannot make a string type for '%s'", what);
        if (!(fixed = calloc(expect, size + 1))) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
        herr_t rd = is_attr ? H5Aread(id, mtype, fixed) : H5Dread(id, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, fixed);
        if (rd < 0) FAIL_H5("cannot read '%s'", what);
        for (size_t i = 0; i < expect; i++)
            if (!(strs[i] = strndup(fixed + i * (size + 1), size))) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
    }
ok:
    *out = strs;
    strs = NULL;
done:
    if (vl) {
        for (size_t i = 0; i < expect; i++) H5free_memory(vl[i]);
        free(vl);
    }
    free(fixed);
    out_free_names(&strs, expect);
    out_close(&space);
    out_close(&mtype);
    out_close(&ftype);
    return st;
}

/* A scalar string attribute as a new string (caller frees). */
static sim_status read_attr_string(hid_t obj, const char *name, char **value)
{
    sim_status st = SIM_OK;
    char w[WHERE_MAX], what[WHERE_MAX + 64];
    char **strs = NULL;
    hid_t a = H5I_INVALID_HID;
    snprintf(what, sizeof what, "attribute '%s' of '%s'", name, where(obj, NULL, w, sizeof w));
    htri_t ex = H5Aexists(obj, name);
    if (ex < 0) FAIL_H5("cannot look up %s", what);
    if (ex == 0) SIM_FAIL_GOTO(SIM_ERR_IO, "%s is missing", what);
    if ((a = H5Aopen(obj, name, H5P_DEFAULT)) < 0) FAIL_H5("cannot open %s", what);
    SIM_TRY(read_strings(a, 1, what, 1, &strs));
    *value = strs[0];
    strs[0] = NULL;
done:
    out_free_names(&strs, 1);
    out_close(&a);
    return st;
}

/*
 * Dataset `name` under loc, which must have exactly shape dims, into buf.
 * *found = 0 (and buf untouched) if there is no such dataset.
 */
static sim_status read_doubles(hid_t loc, const char *name, int rank, const hsize_t *dims, double *buf, int *found)
{
    sim_status st = SIM_OK;
    char w[WHERE_MAX];
    hid_t d = H5I_INVALID_HID, space = H5I_INVALID_HID;
    *found = 0;
    htri_t ex = H5Lexists(loc, name, H5P_DEFAULT);
    if (ex < 0) FAIL_H5("cannot look up '%s'", where(loc, name, w, sizeof w));
    if (ex == 0) goto done;
    if ((d = H5Dopen2(loc, name, H5P_DEFAULT)) < 0 || (space = H5Dget_space(d)) < 0)
        FAIL_H5("cannot open dataset '%s'", where(loc, name, w, sizeof w));
    hsize_t got[MAX_RANK];
    int r = H5Sget_simple_extent_ndims(space);
    if (r != rank) SIM_FAIL_GOTO(SIM_ERR_IO, "dataset '%s' has rank %d, expected %d", where(loc, name, w, sizeof w), r, rank);
    if (H5Sget_simple_extent_dims(space, got, NULL) < 0) FAIL_H5("cannot read the shape of '%s'", where(loc, name, w, sizeof w));
    hsize_t count = 1;
    for (int i = 0; i < rank; i++) {
        if (got[i] != dims[i])
            SIM_FAIL_GOTO(SIM_ERR_IO, "dataset '%s' has %llu elements in dimension %d, expected %llu",
                 where(loc, name, w, sizeof w), (unsigned long long)got[i], i, (unsigned long long)dims[i]);
        count *= dims[i];
    }
    if (count > 0 && H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0)
        FAIL_H5("cannot read dataset '%s'", where(loc, name, w, sizeof w));
    *found = 1;
done:
    out_close(&space);
    out_close(&d);
    return st;
}

/* Inverse of write_family: dst[i*k + m] from dataset m; NaN for a missing dataset or group. */
static sim_status read_family(hid_t parent, const char *group, const metric_info *table, int k, double *dst, int rank,
                              const hsize_t *dims, double *buf)
{
    sim_status st = SIM_OK;
    char w[WHERE_MAX];
    hid_t g = H5I_INVALID_HID;
    size_t count = 1;
    for (int i = 0; i < rank; i++) count *= (size_t)dims[i];
    htri_t ex = H5Lexists(parent, group, H5P_DEFAULT);
    if (ex < 0) FAIL_H5("cannot look up '%s'", where(parent, group, w, sizeof w));
    if (ex > 0 && (g = H5Gopen2(parent, group, H5P_DEFAULT)) < 0)
        FAIL_H5("cannot open group '%s'", where(parent, group, w, sizeof w));
    for (int m = 0; m < k; m++) {
        int found = 0;
        if (g >= 0) SIM_TRY(read_doubles(g, table[m].name, rank, dims, buf, &found));
        for (size_t i = 0; i < count; i++) dst[i * (size_t)k + (size_t)m] = found ? buf[i] : NAN;
    }
done:
    out_close(&g);
    return st;
}

/* The scenario-level attributes both readers need. */
typedef struct {
    int start_day, days, weeks, reps, first_rep, groups;
    uint32_t seed;
} scenario_shape;

static sim_status read_shape(hid_t g, const char *name, const char *path, scenario_shape *s)
{
    sim_status st = SIM_OK;
    char *date = NULL;
    SIM_TRY(read_attr_scalar(g, "days", H5T_NATIVE_INT, &s->days));
    SIM_TRY(read_attr_scalar(g, "weeks", H5T_NATIVE_INT, &s->weeks));
    SIM_TRY(read_attr_scalar(g, "replications", H5T_NATIVE_INT, &s->reps));
    SIM_TRY(read_attr_scalar(g, "first_replication", H5T_NATIVE_INT, &s->first_rep));
    SIM_TRY(read_attr_scalar(g, "groups", H5T_NATIVE_INT, &s->groups));
    SIM_TRY(read_attr_scalar(g, "seed", H5T_NATIVE_UINT32, &s->seed));
    SIM_TRY(read_attr_string(g, "start_date", &date));
    SIM_TRY(cfg_parse_date(date, &s->start_day));
    if (s->reps < 1 || s->days < 1 || s->weeks != s->days / 7 + (s->days % 7 != 0) || s->groups < 0 ||
        s->groups > RESULTS_MAX_GROUPS || s->first_rep < 0)
        SIM_FAIL_GOTO(SIM_ERR_IO, "scenario '%s' in '%s' has an inconsistent shape: reps %d, days %d, weeks %d, groups %d",
             name, path, s->reps, s->days, s->weeks, s->groups);
done:
    free(date);
    return st;
}

/* The config text from /provenance/config/<name>, or NULL if the file has none. */
static sim_status read_config_text(hid_t file, const char *name, char **text)
{
    sim_status st = SIM_OK;
    char path[RESULTS_NAME_MAX + 32], **strs = NULL;
    hid_t d = H5I_INVALID_HID;
    *text = NULL;
    /* Each step separately: H5Lexists fails, rather than answers no, on a missing parent. */
    snprintf(path, sizeof path, "provenance/config/%s", name);
    const char *steps[] = {"provenance", "provenance/config", path};
    for (int i = 0; i < 3; i++) {
        htri_t ex = H5Lexists(file, steps[i], H5P_DEFAULT);
        if (ex < 0) FAIL_H5("cannot look up '/%s'", steps[i]);
        if (ex == 0) goto done;
    }
    if ((d = H5Dopen2(file, path, H5P_DEFAULT)) < 0) FAIL_H5("cannot open '/%s'", path);
    SIM_TRY(read_strings(d, 0, path, 1, &strs));
    *text = strs[0];
    strs[0] = NULL;
done:
    out_free_names(&strs, 1);
    out_close(&d);
    return st;
}

sim_status out_read_scenario(const char *path, const char *name, sim_results **res)
{
    if (!res) return SIM_FAIL(SIM_ERR_INTERNAL, "out_read_scenario: NULL result pointer");
    *res = NULL;
    sim_status st = SIM_OK;
    hid_t file = H5I_INVALID_HID, g = H5I_INVALID_HID, ga = H5I_INVALID_HID;
    sim_results *r = NULL;
    double *buf = NULL;
    char **gnames = NULL;
    size_t ngnames = 0;
    scenario_shape s;

    SIM_TRY(open_read(path, &file));
    SIM_TRY(open_scenario(file, path, name, &g));
    SIM_TRY(read_shape(g, name, path, &s));
    SIM_TRY(results_create(s.reps, s.days, s.groups, &r));
    snprintf(r->name, sizeof r->name, "%s", name);
    r->start_day = s.start_day;
    r->seed = s.seed;
    r->first_rep = s.first_rep;

    if ((ga = H5Aopen(g, "group_names", H5P_DEFAULT)) < 0)
        FAIL_H5("cannot open attribute 'group_names' of scenario '%s' in '%s'", name, path);
    ngnames = (size_t)s.groups;
    SIM_TRY(read_strings(ga, 1, "group_names", ngnames, &gnames));
    for (size_t i = 0; i < ngnames; i++) {
        if (strlen(gnames[i]) >= CFG_NAME_MAX)
            SIM_FAIL_GOTO(SIM_ERR_IO, "group name '%s' in '%s' is longer than %d bytes", gnames[i], path, CFG_NAME_MAX - 1);
        snprintf(r->group_names[i], CFG_NAME_MAX, "%s", gnames[i]);
    }

    size_t reps = (size_t)r->reps, weeks = (size_t)r->weeks, days = (size_t)r->days, groups = (size_t)r->groups;
    size_t nbuf = reps * days;
    if (reps * weeks * groups > nbuf) nbuf = reps * weeks * groups;
    if (!(buf = malloc(nbuf * sizeof *buf))) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory reading scenario '%s'", name);
    hsize_t dw[2] = {reps, weeks}, dt[1] = {reps}, dd[2] = {reps, days}, dg[3] = {reps, weeks, groups};
    SIM_TRY(read_family(g, "weekly", metric_table, M_COUNT, r->weekly, 2, dw, buf));
    SIM_TRY(read_family(g, "totals", metric_table, M_COUNT, r->totals, 1, dt, buf));
    SIM_TRY(read_family(g, "daily", daily_table, D_COUNT, r->daily, 2, dd, buf));
    SIM_TRY(read_family(g, "groups", group_metric_table, G_COUNT, r->group_weekly, 3, dg, buf));
    SIM_TRY(read_config_text(file, name, &r->config_text));
    *res = r;
    r = NULL;
done:
    out_free_names(&gnames, ngnames);
    free(buf);
    results_destroy(&r);
    out_close(&ga);
    out_close(&g);
    out_close(&file);
    return st;
}

sim_status out_read_summary(const char *path, const char *name, out_summary **out)
{
    if (!out) return SIM_FAIL(SIM_ERR_INTERNAL, "out_read_summary: NULL result pointer");
    *out = NULL;
    sim_status st = SIM_OK;
    hid_t file = H5I_INVALID_HID, g = H5I_INVALID_HID, sg = H5I_INVALID_HID, gw = H5I_INVALID_HID;
    out_summary *s = NULL;
    double *buf = NULL;
    scenario_shape sh;

    SIM_TRY(open_read(path, &file));
    SIM_TRY(open_scenario(file, path, name, &g));
    SIM_TRY(read_shape(g, name, path, &sh));
    if (!(s = calloc(1, sizeof *s))) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
    snprintf(s->name, sizeof s->name, "%s", name);
    s->start_day = sh.start_day;
    s->weeks = sh.weeks;
    s->reps = sh.reps;
    size_t weeks = (size_t)sh.weeks;
    if (!(s->weekly = malloc(weeks * M_COUNT * SUMMARY_COUNT * sizeof *s->weekly)) ||
        !(buf = malloc(weeks * SUMMARY_COUNT * sizeof *buf)))
        SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory reading the summary of '%s'", name);

    htri_t ex = H5Lexists(g, "summary", H5P_DEFAULT);
    if (ex < 0) FAIL_H5("cannot look up the summary of scenario '%s' in '%s'", name, path);
    if (ex == 0) SIM_FAIL_GOTO(SIM_ERR_IO, "scenario '%s' in '%s' has no summary group", name, path);
    if ((sg = H5Gopen2(g, "summary", H5P_DEFAULT)) < 0) FAIL_H5("cannot open the summary of '%s'", name);
    /* summary/weekly/<m> is [weeks][S]; stored as [weeks][M][S], i.e. element (w, c) -> (w*M + m)*S + c. */
    hsize_t dw[2] = {weeks, SUMMARY_COUNT}, dt[1] = {SUMMARY_COUNT};
    for (int fam = 0; fam < 2; fam++) {
        const char *gname = fam == 0 ? "weekly" : "totals";
        htri_t gex = H5Lexists(sg, gname, H5P_DEFAULT);
        if (gex < 0) FAIL_H5("cannot look up summary/%s of '%s'", gname, name);
        if (gex > 0 && (gw = H5Gopen2(sg, gname, H5P_DEFAULT)) < 0) FAIL_H5("cannot open summary/%s of '%s'", gname, name);
        for (int m = 0; m < M_COUNT; m++) {
            int found = 0;
            if (gw >= 0) SIM_TRY(read_doubles(gw, metric_table[m].name, fam == 0 ? 2 : 1, fam == 0 ? dw : dt, buf, &found));
            if (fam == 0) {
                for (size_t w = 0; w < weeks; w++)
                    for (int c = 0; c < SUMMARY_COUNT; c++)
                        s->weekly[(w * M_COUNT + (size_t)m) * SUMMARY_COUNT + (size_t)c] =
                            found ? buf[w * SUMMARY_COUNT + (size_t)c] : NAN;
            } else {
                for (int c = 0; c < SUMMARY_COUNT; c++) s->totals[m][c] = found ? buf[c] : NAN;
            }
        }
        out_close(&gw);
    }
    *out = s;
    s = NULL;
done:
    free(buf);
    out_summary_destroy(&s);
    out_close(&gw);
    out_close(&sg);
    out_close(&g);
    out_close(&file);
    return st;
}

void out_summary_destroy(out_summary **s)
{
    if (!s || !*s) return;
    free((*s)->weekly);
    free(*s);
    *s = NULL;
}

sim_status out_list_scenarios(const char *path, char ***names, size_t *n)
{
    if (!names || !n) return SIM_FAIL(SIM_ERR_INTERNAL, "out_list_scenarios: NULL argument");
    *names = NULL;
    *n = 0;
    sim_status st = SIM_OK;
    hid_t file = H5I_INVALID_HID, sg = H5I_INVALID_HID, gcpl = H5I_INVALID_HID;
    char **list = NULL;
    size_t count = 0;

    SIM_TRY(open_read(path, &file));
    SIM_TRY(open_scenarios(file, path, &sg));
    H5G_info_t info;
    unsigned order = 0;
    if (H5Gget_info(sg, &info) < 0 || (gcpl = H5Gget_create_plist(sg)) < 0 ||
        H5Pget_link_creation_order(gcpl, &order) < 0)
        FAIL_H5("cannot list the scenarios of '%s'", path);
    /* Creation order if tracked (our files); name order for files written elsewhere. */
    H5_index_t index = (order & H5P_CRT_ORDER_TRACKED) ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
    count = (size_t)info.nlinks;
    if (!(list = calloc(count ? count : 1, sizeof *list))) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
    for (size_t i = 0; i < count; i++) {
        ssize_t len = H5Lget_name_by_idx(sg, ".", index, H5_ITER_INC, (hsize_t)i, NULL, 0, H5P_DEFAULT);
        if (len < 0) FAIL_H5("cannot read scenario name %zu of '%s'", i, path);
        if (!(list[i] = malloc((size_t)len + 1))) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
        if (H5Lget_name_by_idx(sg, ".", index, H5_ITER_INC, (hsize_t)i, list[i], (size_t)len + 1, H5P_DEFAULT) < 0)
            FAIL_H5("cannot read scenario name %zu of '%s'", i, path);
    }
    *names = list;
    *n = count;
    list = NULL;
done:
    out_free_names(&list, count);
    out_close(&gcpl);
    out_close(&sg);
    out_close(&file);
    return st;
}

void out_free_names(char ***names, size_t n)
{
    if (!names || !*names) return;
    for (size_t i = 0; i < n; i++) free((*names)[i]);
    free(*names);
    *names = NULL;
}
