/**
 * @file output_h5.c
 * @brief The HDF5 conventions of results files (output_h5.h): every HDF5 failure
 *        becomes SIM_ERR_IO naming the object and carrying HDF5's own reason, taken
 *        from its error stack (whose automatic printing is switched off); objects
 *        have no timestamps and track creation order; datasets are chunked and
 *        compressed. Every function has one cleanup path that closes what it opened.
 */
#include "sim/io/output_h5.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/io/output.h"

enum {
    CHUNK_MAX_BYTES = 64 * 1024,     /* chunk size cap: big enough to compress well, small enough to read one series cheaply */
    CONTIGUOUS_MAX_BYTES = 256,      /* below this a chunk index and filter cost more than they save */
    DEFLATE_LEVEL = 4                /* good ratio on smooth series at a fraction of level 9's time */
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
sim_status out_h5_fail_at(const char *file, int line, const char *fmt, ...)
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
/* Our callers print the message; HDF5 printing its stack to stderr as well would be noise. */
void out_h5_quiet(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

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
const char *out_where(hid_t loc, const char *name, char *buf, size_t size)
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
sim_status out_check_name(const char *name)
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
/* Writing                                                                    */

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
        st = H5_FAIL("cannot create group '%s'", out_where(loc, name, w, sizeof w));
    }
    out_close(&gcpl);
    *g = id;
    return st;
}

/* A variable-length UTF-8 string type (what h5py and rhdf5 read as native strings). */
sim_status out_vlen_string_type(hid_t *t)
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
    if (a < 0) FAIL_H5("cannot create attribute '%s' on '%s'", name, out_where(obj, NULL, w, sizeof w));
    if (H5Awrite(a, mtype, value) < 0) FAIL_H5("cannot write attribute '%s' on '%s'", name, out_where(obj, NULL, w, sizeof w));
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
    SIM_CHECK(out_vlen_string_type(&t));
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

sim_status out_write_attr_u32(hid_t obj, const char *name, uint32_t value)
{
    SIM_CHECK(write_attr_scalar(obj, name, H5T_STD_U32LE, H5T_NATIVE_UINT32, &value));
    return SIM_OK;
}

/* 1-D attribute of n variable-length strings. */
sim_status out_write_attr_strings(hid_t obj, const char *name, const char *const *values, size_t n)
{
    sim_status st = SIM_OK;
    hid_t t = H5I_INVALID_HID, space = H5I_INVALID_HID;
    hsize_t dim = n;
    SIM_TRY(out_vlen_string_type(&t));
    if ((space = H5Screate_simple(1, &dim, NULL)) < 0) FAIL_H5("cannot make a dataspace for attribute '%s'", name);
    SIM_TRY(write_attr(obj, name, t, t, space, values));
done:
    out_close(&space);
    out_close(&t);
    return st;
}

/* Dataset creation properties: no timestamps; chunked and compressed unless tiny. */
sim_status out_dataset_plist(int rank, const hsize_t *dims, size_t elem_bytes, int compress, hid_t *dcpl)
{
    sim_status st = SIM_OK;
    hid_t p = H5Pcreate(H5P_DATASET_CREATE);
    if (p < 0 || H5Pset_obj_track_times(p, 0) < 0) FAIL_H5("cannot set up HDF5 dataset properties");
    hsize_t count = 1;
    for (int i = 0; i < rank; i++) count *= dims[i];
    if (compress && count > 0 && count * elem_bytes >= CONTIGUOUS_MAX_BYTES) {
        /* Whole trailing rows: shrink the outermost dimension first until a chunk fits the
         * cap, so reading one replication's series touches one chunk. */
        hsize_t chunk[OUT_MAX_RANK];
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
sim_status out_write_doubles_cols(hid_t loc, const char *name, int rank, const hsize_t *dims, const double *data,
                                const char *unit, const char *title, const char *columns)
{
    if (!name || !dims || rank < 1 || rank > OUT_MAX_RANK)
        return SIM_FAIL(SIM_ERR_INTERNAL, "out_write_doubles: bad name, shape or rank %d", rank);
    sim_status st = SIM_OK;
    char w[WHERE_MAX];
    hid_t space = H5I_INVALID_HID, dcpl = H5I_INVALID_HID, d = H5I_INVALID_HID;
    hsize_t count = 1;
    for (int i = 0; i < rank; i++) count *= dims[i];
    if (count > 0 && !data) SIM_FAIL_GOTO(SIM_ERR_INTERNAL, "out_write_doubles: NULL data for '%s'", name);
    if ((space = H5Screate_simple(rank, dims, NULL)) < 0)
        FAIL_H5("cannot make the dataspace of '%s'", out_where(loc, name, w, sizeof w));
    SIM_TRY(out_dataset_plist(rank, dims, sizeof(double), 1, &dcpl));
    if ((d = H5Dcreate2(loc, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT)) < 0)
        FAIL_H5("cannot create dataset '%s'", out_where(loc, name, w, sizeof w));
    if (count > 0 && H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
        FAIL_H5("cannot write dataset '%s'", out_where(loc, name, w, sizeof w));
    /* CF attribute names, which xarray, netCDF tools and R packages show as the unit and label. */
    if (unit) SIM_TRY(out_write_attr_string(d, "units", unit));
    if (title) SIM_TRY(out_write_attr_string(d, "long_name", title));
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
    SIM_CHECK(out_write_doubles_cols(loc, name, rank, dims, data, unit, title, NULL));
    return SIM_OK;
}

/* A scalar variable-length string dataset (a scenario's config text). */
sim_status out_write_string_dataset(hid_t loc, const char *name, const char *text)
{
    sim_status st = SIM_OK;
    char w[WHERE_MAX];
    hid_t t = H5I_INVALID_HID, space = H5I_INVALID_HID, dcpl = H5I_INVALID_HID, d = H5I_INVALID_HID;
    SIM_TRY(out_vlen_string_type(&t));
    if ((space = H5Screate(H5S_SCALAR)) < 0) FAIL_H5("cannot make a scalar HDF5 dataspace");
    SIM_TRY(out_dataset_plist(0, NULL, 0, 0, &dcpl));
    if ((d = H5Dcreate2(loc, name, t, space, H5P_DEFAULT, dcpl, H5P_DEFAULT)) < 0)
        FAIL_H5("cannot create dataset '%s'", out_where(loc, name, w, sizeof w));
    if (H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, &text) < 0)
        FAIL_H5("cannot write dataset '%s'", out_where(loc, name, w, sizeof w));
done:
    out_close(&d);
    out_close(&dcpl);
    out_close(&space);
    out_close(&t);
    return st;
}

/* ------------------------------------------------------------------------- */
/* Reading                                                                    */

sim_status out_h5_open_failed(const char *path)
{
    H5Eclear2(H5E_DEFAULT);
    /* The signature HDF5 writes at the start of a file without a user block (HDF5 file format spec, 2.1). */
    static const unsigned char signature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    unsigned char head[8];
    FILE *fp = fopen(path, "rb");
    if (!fp) return SIM_FAIL(SIM_ERR_IO, "cannot read '%s': %s", path, strerror(errno));
    size_t n = fread(head, 1, sizeof head, fp);
    fclose(fp);
    if (n == 0) return SIM_FAIL(SIM_ERR_IO, "'%s' is empty, not an HDF5 file", path);
    if (n == sizeof head && memcmp(head, signature, sizeof head) == 0)
        return SIM_FAIL(SIM_ERR_IO, "'%s' is a truncated or damaged HDF5 file (copied or written only in part?)", path);
    return SIM_FAIL(SIM_ERR_IO, "'%s' is not an HDF5 file", path);
}

sim_status out_open_read(const char *path, hid_t *file)
{
    *file = H5I_INVALID_HID;
    if (!path) return SIM_FAIL(SIM_ERR_INTERNAL, "NULL results path");
    out_h5_quiet();
    if (access(path, R_OK) != 0) return SIM_FAIL(SIM_ERR_IO, "cannot read results '%s': %s", path, strerror(errno));
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    sim_status st = SIM_OK;
    if (fapl < 0 || H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0) {
        st = H5_FAIL("cannot set up HDF5 file access properties");
    } else if ((*file = H5Fopen(path, H5F_ACC_RDONLY, fapl)) < 0) {
        st = out_h5_open_failed(path);
    }
    out_close(&fapl);
    return st;
}

/* A scalar numeric attribute, converted to mtype. */
sim_status out_read_attr_scalar(hid_t obj, const char *name, hid_t mtype, void *value)
{
    sim_status st = SIM_OK;
    char w[WHERE_MAX];
    hid_t a = H5I_INVALID_HID, space = H5I_INVALID_HID;
    htri_t ex = H5Aexists(obj, name);
    if (ex < 0) FAIL_H5("cannot look up attribute '%s' of '%s'", name, out_where(obj, NULL, w, sizeof w));
    if (ex == 0) SIM_FAIL_GOTO(SIM_ERR_IO, "attribute '%s' missing from '%s'", name, out_where(obj, NULL, w, sizeof w));
    if ((a = H5Aopen(obj, name, H5P_DEFAULT)) < 0 || (space = H5Aget_space(a)) < 0)
        FAIL_H5("cannot open attribute '%s' of '%s'", name, out_where(obj, NULL, w, sizeof w));
    if (H5Sget_simple_extent_npoints(space) != 1)
        SIM_FAIL_GOTO(SIM_ERR_IO, "attribute '%s' of '%s' is not a single value", name, out_where(obj, NULL, w, sizeof w));
    if (H5Aread(a, mtype, value) < 0) FAIL_H5("cannot read attribute '%s' of '%s'", name, out_where(obj, NULL, w, sizeof w));
done:
    out_close(&space);
    out_close(&a);
    return st;
}

/* Fixed- or variable-length strings, so files written by other tools read too. */
sim_status out_read_strings(hid_t id, int is_attr, const char *what, size_t expect, char ***out)
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
sim_status out_read_attr_string(hid_t obj, const char *name, char **value)
{
    sim_status st = SIM_OK;
    char w[WHERE_MAX], what[WHERE_MAX + 64];
    char **strs = NULL;
    hid_t a = H5I_INVALID_HID;
    snprintf(what, sizeof what, "attribute '%s' of '%s'", name, out_where(obj, NULL, w, sizeof w));
    htri_t ex = H5Aexists(obj, name);
    if (ex < 0) FAIL_H5("cannot look up %s", what);
    if (ex == 0) SIM_FAIL_GOTO(SIM_ERR_IO, "%s is missing", what);
    if ((a = H5Aopen(obj, name, H5P_DEFAULT)) < 0) FAIL_H5("cannot open %s", what);
    SIM_TRY(out_read_strings(a, 1, what, 1, &strs));
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
sim_status out_read_doubles(hid_t loc, const char *name, int rank, const hsize_t *dims, double *buf, int *found)
{
    sim_status st = SIM_OK;
    char w[WHERE_MAX];
    hid_t d = H5I_INVALID_HID, space = H5I_INVALID_HID;
    *found = 0;
    htri_t ex = H5Lexists(loc, name, H5P_DEFAULT);
    if (ex < 0) FAIL_H5("cannot look up '%s'", out_where(loc, name, w, sizeof w));
    if (ex == 0) goto done;
    if ((d = H5Dopen2(loc, name, H5P_DEFAULT)) < 0 || (space = H5Dget_space(d)) < 0)
        FAIL_H5("cannot open dataset '%s'", out_where(loc, name, w, sizeof w));
    hsize_t got[OUT_MAX_RANK];
    int r = H5Sget_simple_extent_ndims(space);
    if (r != rank) SIM_FAIL_GOTO(SIM_ERR_IO, "dataset '%s' has rank %d, expected %d", out_where(loc, name, w, sizeof w), r, rank);
    if (H5Sget_simple_extent_dims(space, got, NULL) < 0) FAIL_H5("cannot read the shape of '%s'", out_where(loc, name, w, sizeof w));
    hsize_t count = 1;
    for (int i = 0; i < rank; i++) {
        if (got[i] != dims[i])
            SIM_FAIL_GOTO(SIM_ERR_IO, "dataset '%s' has %llu elements in dimension %d, expected %llu",
                 out_where(loc, name, w, sizeof w), (unsigned long long)got[i], i, (unsigned long long)dims[i]);
        count *= dims[i];
    }
    if (count > 0 && H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0)
        FAIL_H5("cannot read dataset '%s'", out_where(loc, name, w, sizeof w));
    *found = 1;
done:
    out_close(&space);
    out_close(&d);
    return st;
}
