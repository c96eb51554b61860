/**
 * @file output_dims.c
 * @brief Dimension scales and CF coordinate attributes (conventions in output_dims.h).
 *
 * Dimension scales follow the HDF5 Dimension Scale specification (H5DS, HDF5 high-level
 * library); netCDF-4 stores its dimensions the same way, which is why h5netcdf and
 * netCDF tools read these files as netCDF. CF time coordinates: CF Conventions 1.10,
 * section 4.4 (units "days since ...", calendar attribute).
 */
#include "sim/io/output_dims.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5_hl.h>

#include "sim/engine/calweek.h"
#include "sim/io/output.h"
#include "sim/io/output_h5.h"

/* Properties of a coordinate dataset: no timestamps (reruns h5diff-identical), contiguous (small). */
static sim_status coord_plist(const char *name, hid_t *dcpl)
{
    hid_t p = H5Pcreate(H5P_DATASET_CREATE);
    if (p < 0 || H5Pset_obj_track_times(p, 0) < 0) {
        sim_status st = H5_FAIL("cannot set up the HDF5 properties of axis '%s'", name); /* before closing clears the stack */
        out_close(&p);
        return st;
    }
    *dcpl = p;
    return SIM_OK;
}

/* A 1-D dataset of n elements of file type ftype written from memory type mtype. *d is new. */
static sim_status create_1d(hid_t loc, const char *name, hid_t ftype, hid_t mtype, size_t n, const void *data, hid_t *d)
{
    sim_status st = SIM_OK;
    hid_t space = H5I_INVALID_HID, dcpl = H5I_INVALID_HID;
    hsize_t dim = (hsize_t)n;
    *d = H5I_INVALID_HID;
    SIM_TRY(coord_plist(name, &dcpl));
    if ((space = H5Screate_simple(1, &dim, NULL)) < 0 ||
        (*d = H5Dcreate2(loc, name, ftype, space, H5P_DEFAULT, dcpl, H5P_DEFAULT)) < 0)
        FAIL_H5("cannot create the HDF5 dataset '%s'", name);
    if (n > 0 && H5Dwrite(*d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
        FAIL_H5("cannot write the HDF5 dataset '%s'", name);
done:
    if (st != SIM_OK) out_close(d);
    out_close(&dcpl);
    out_close(&space);
    return st;
}

/* Make dataset d the dimension scale `name` and give it its long_name. */
static sim_status make_scale(hid_t d, const char *name, const char *long_name)
{
    if (H5DSset_scale(d, name) < 0) return H5_FAIL("cannot make '%s' a dimension scale", name);
    if (long_name) SIM_CHECK(out_write_attr_string(d, "long_name", long_name));
    return SIM_OK;
}

/* A variable-length UTF-8 string type (what h5py, xarray and hdf5r read as native strings). */
static sim_status utf8_type(hid_t *t)
{
    *t = H5Tcopy(H5T_C_S1);
    if (*t < 0 || H5Tset_size(*t, H5T_VARIABLE) < 0 || H5Tset_cset(*t, H5T_CSET_UTF8) < 0) {
        sim_status st = H5_FAIL("cannot make an HDF5 string type");
        out_close(t);
        return st;
    }
    return SIM_OK;
}

sim_status out_dim_index(hid_t loc, const char *name, size_t n, int first, const char *long_name, hid_t *scale)
{
    int *v = malloc((n ? n : 1) * sizeof *v);
    if (!v) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory for axis '%s'", name);
    for (size_t i = 0; i < n; i++) v[i] = first + (int)i;
    sim_status st = create_1d(loc, name, H5T_STD_I32LE, H5T_NATIVE_INT, n, v, scale);
    free(v);
    SIM_CHECK(st);
    st = make_scale(*scale, name, long_name);
    if (st != SIM_OK) out_close(scale);
    SIM_CHECK(st);
    return SIM_OK;
}

sim_status out_dim_ints(hid_t loc, const char *name, size_t n, const int *values, const char *long_name, hid_t *scale)
{
    SIM_CHECK(create_1d(loc, name, H5T_STD_I32LE, H5T_NATIVE_INT, n, values, scale));
    sim_status st = make_scale(*scale, name, long_name);
    if (st != SIM_OK) out_close(scale);
    SIM_CHECK(st);
    return SIM_OK;
}

sim_status out_dim_dates(hid_t loc, const char *name, size_t n, const int *days, const char *long_name, hid_t *scale)
{
    SIM_CHECK(create_1d(loc, name, H5T_STD_I32LE, H5T_NATIVE_INT, n, days, scale));
    sim_status st = make_scale(*scale, name, long_name);
    if (st == SIM_OK) st = out_write_attr_string(*scale, "units", OUT_DATE_UNITS);
    if (st == SIM_OK) st = out_write_attr_string(*scale, "calendar", OUT_DATE_CALENDAR);
    if (st != SIM_OK) out_close(scale);
    SIM_CHECK(st);
    return SIM_OK;
}

sim_status out_dim_labels(hid_t loc, const char *name, size_t n, const char *const *labels, const char *long_name,
                          hid_t *scale)
{
    hid_t t = H5I_INVALID_HID;
    SIM_CHECK(utf8_type(&t));
    sim_status st = create_1d(loc, name, t, t, n, labels, scale);
    out_close(&t);
    SIM_CHECK(st);
    st = make_scale(*scale, name, long_name);
    if (st != SIM_OK) out_close(scale);
    SIM_CHECK(st);
    return SIM_OK;
}

sim_status out_dim_int_variable(hid_t loc, const char *name, hid_t scale, size_t n, const int *values,
                                const char *long_name, const char *units, const char *flag_meanings)
{
    sim_status st = SIM_OK;
    hid_t d = H5I_INVALID_HID, space = H5I_INVALID_HID, a = H5I_INVALID_HID;
    SIM_TRY(create_1d(loc, name, H5T_STD_I32LE, H5T_NATIVE_INT, n, values, &d));
    if (long_name) SIM_TRY(out_write_attr_string(d, "long_name", long_name));
    if (units) SIM_TRY(out_write_attr_string(d, "units", units));
    if (flag_meanings) {
        static const int flags[2] = {0, 1};
        hsize_t two = 2;
        if ((space = H5Screate_simple(1, &two, NULL)) < 0 ||
            (a = H5Acreate2(d, "flag_values", H5T_STD_I32LE, space, H5P_DEFAULT, H5P_DEFAULT)) < 0 ||
            H5Awrite(a, H5T_NATIVE_INT, flags) < 0)
            FAIL_H5("cannot write the flag values of '%s'", name);
        SIM_TRY(out_write_attr_string(d, "flag_meanings", flag_meanings));
    }
    if (H5DSattach_scale(d, scale, 0) < 0) FAIL_H5("cannot attach its axis to '%s'", name);
done:
    out_close(&a);
    out_close(&space);
    out_close(&d);
    return st;
}

/* A 1-D variable of file type ftype from memory type mtype on axis `scale`, with long_name and units. */
static sim_status variable_1d(hid_t loc, const char *name, hid_t scale, size_t n, hid_t ftype, hid_t mtype,
                              const void *values, const char *long_name, const char *units, const char *calendar)
{
    sim_status st = SIM_OK;
    hid_t d = H5I_INVALID_HID;
    SIM_TRY(create_1d(loc, name, ftype, mtype, n, values, &d));
    if (long_name) SIM_TRY(out_write_attr_string(d, "long_name", long_name));
    if (units) SIM_TRY(out_write_attr_string(d, "units", units));
    if (calendar) SIM_TRY(out_write_attr_string(d, "calendar", calendar));
    if (H5DSattach_scale(d, scale, 0) < 0) FAIL_H5("cannot attach its axis to '%s'", name);
done:
    out_close(&d);
    return st;
}

sim_status out_dim_date_variable(hid_t loc, const char *name, hid_t scale, size_t n, const int *days,
                                 const char *long_name)
{
    SIM_CHECK(variable_1d(loc, name, scale, n, H5T_STD_I32LE, H5T_NATIVE_INT, days, long_name, OUT_DATE_UNITS,
                          OUT_DATE_CALENDAR));
    return SIM_OK;
}

sim_status out_dim_double_variable(hid_t loc, const char *name, hid_t scale, size_t n, const double *values,
                                   const char *long_name, const char *units)
{
    SIM_CHECK(variable_1d(loc, name, scale, n, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, values, long_name, units, NULL));
    return SIM_OK;
}

sim_status out_dim_string_variable(hid_t loc, const char *name, hid_t scale, size_t n, const char *const *values,
                                   const char *long_name)
{
    sim_status st = SIM_OK;
    hid_t t = H5I_INVALID_HID, d = H5I_INVALID_HID;
    SIM_TRY(utf8_type(&t));
    SIM_TRY(create_1d(loc, name, t, t, n, values, &d));
    if (long_name) SIM_TRY(out_write_attr_string(d, "long_name", long_name));
    if (H5DSattach_scale(d, scale, 0) < 0) FAIL_H5("cannot attach its axis to '%s'", name);
done:
    out_close(&d);
    out_close(&t);
    return st;
}

sim_status out_dim_attach(hid_t loc, const char *name, int rank, const hid_t *scales, const char *coordinates)
{
    sim_status st = SIM_OK;
    hid_t d = H5Dopen2(loc, name, H5P_DEFAULT);
    if (d < 0) FAIL_H5("cannot open dataset '%s' to attach its axes", name);
    for (int i = 0; i < rank; i++)
        if (H5DSattach_scale(d, scales[i], (unsigned)i) < 0)
            FAIL_H5("cannot attach axis %d to dataset '%s'", i, name);
    if (coordinates) SIM_TRY(out_write_attr_string(d, "coordinates", coordinates));
done:
    out_close(&d);
    return st;
}

sim_status out_dim_describe(hid_t loc, const char *name, const char *description, const char *kind,
                            const char *cell_methods)
{
    sim_status st = SIM_OK;
    hid_t d = H5Dopen2(loc, name, H5P_DEFAULT);
    if (d < 0) FAIL_H5("cannot open dataset '%s' to describe it", name);
    if (description) SIM_TRY(out_write_attr_string(d, "description", description));
    if (kind) SIM_TRY(out_write_attr_string(d, "kind", kind));
    if (cell_methods) SIM_TRY(out_write_attr_string(d, "cell_methods", cell_methods));
done:
    out_close(&d);
    return st;
}

sim_status out_dim_weeks(hid_t loc, int start_day, int days, int weeks, hid_t *scale)
{
    *scale = H5I_INVALID_HID;
    if (days < 1 || weeks != calweek_count(start_day, days))
        return SIM_FAIL(SIM_ERR_INTERNAL, "out_dim_weeks: %d weeks for %d days", weeks, days);
    sim_status st = SIM_OK;
    size_t n = (size_t)weeks;
    int *first = malloc((n ? n : 1) * sizeof *first), *len = malloc((n ? n : 1) * sizeof *len),
        *part = malloc((n ? n : 1) * sizeof *part);
    if (!first || !len || !part) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory for the week axis");
    for (int k = 0; k < weeks; k++) {
        first[k] = calweek_monday(start_day, k);
        len[k] = calweek_days(start_day, days, k);
        part[k] = calweek_partial(start_day, days, k);
    }
    SIM_TRY(out_dim_dates(loc, "week", n, first, "Monday of the calendar week (Monday to Sunday)", scale));
    SIM_TRY(out_dim_int_variable(loc, "week_days", *scale, n, len,
                                 "simulated days in the week (7 unless the start date or the horizon's end cuts it)",
                                 NULL, NULL));
    SIM_TRY(out_dim_int_variable(loc, "partial_week", *scale, n, part,
                                 "1 if the horizon covers only part of the week: its flows count only the simulated "
                                 "days", NULL, "whole_week partial_week"));
done:
    if (st != SIM_OK) out_close(scale);
    free(first);
    free(len);
    free(part);
    return st;
}

const char *out_metric_kind(sim_metric_kind kind)
{
    switch (kind) {
    case METRIC_FLOW: return "flow";
    case METRIC_STOCK: return "stock";
    case METRIC_LEVEL: return "level";
    case METRIC_RATIO: return "ratio";
    }
    return "unknown";
}

const char *out_metric_cell_methods(sim_metric_kind kind, const char *axis, char *buf, size_t size)
{
    const char *how = kind == METRIC_FLOW ? "sum" : kind == METRIC_STOCK ? "point" : kind == METRIC_LEVEL ? "mean" : NULL;
    if (!how) return NULL;
    snprintf(buf, size, "%s: %s", axis, how);
    return buf;
}
