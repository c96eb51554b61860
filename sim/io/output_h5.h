/**
 * @file output_h5.h
 * @brief Internal to sim/io/output*.c: the HDF5 conventions every results file
 *        follows (errors with HDF5's reason, no timestamps, creation order, chunking)
 *        and the primitives the writer, the provenance writer and the reader share.
 *        Not for use outside sim/io; other writers use the helpers in output.h.
 */
#ifndef CHANSIM_OUTPUT_H5_H
#define CHANSIM_OUTPUT_H5_H

#include <stddef.h>
#include <stdint.h>

#include <hdf5.h>

#include "sim/engine/status.h"

enum {
    OUT_FORMAT_VERSION = 3,          /**< root attribute format_version; bump when the layout changes (2: dimension scales,
                                          CF attributes; 3: weekly series on calendar weeks, Monday to Sunday) */
    OUT_DATE_BYTES = 11,             /**< "YYYY-MM-DD" and its NUL */
    OUT_MAX_RANK = 8,                /**< out_write_doubles' rank limit */
    WHERE_MAX = 512                  /**< room for "file:/object/path" in messages */
};

/** An open results file being written (output.h's opaque out_file). */
struct out_file {
    hid_t file;          /**< the open temporary file */
    hid_t scenarios;     /**< its /scenarios group */
    char *path;          /**< final path */
    char *tmp;           /**< temporary path: path.tmp.<pid> */
    int force;           /**< replace an existing final file at commit */
    int lock_fd;         /**< descriptor holding a write lock on tmp while it is written (-1: none) */
    int provenance_done; /**< out_write_provenance has run */
};

/** Fail with SIM_ERR_IO: the caller's description plus HDF5's reason from its error stack, then clear the stack. */
__attribute__((format(printf, 3, 4))) sim_status out_h5_fail_at(const char *file, int line, const char *fmt, ...);
#define H5_FAIL(...) out_h5_fail_at(__FILE__, __LINE__, __VA_ARGS__)

/** H5_FAIL into `st` and jump to `done`. */
#define FAIL_H5(...)                \
    do {                            \
        st = H5_FAIL(__VA_ARGS__);  \
        goto done;                  \
    } while (0)

/** Switch off HDF5's own error printing: our callers print the message. */
void out_h5_quiet(void);

/** "file:/path/of/loc/name" (name may be NULL) into buf, keeping HDF5's error stack; returns buf. */
const char *out_where(hid_t loc, const char *name, char *buf, size_t size);

/** A scenario name must work as an HDF5 link and a CSV file name: not empty, no '/', not "." or "..". */
sim_status out_check_name(const char *name);

/** A variable-length UTF-8 string type; *t is new. */
sim_status out_vlen_string_type(hid_t *t);

/** Scalar unsigned 32-bit attribute. */
sim_status out_write_attr_u32(hid_t obj, const char *name, uint32_t value);

/** 1-D attribute of n variable-length strings. */
sim_status out_write_attr_strings(hid_t obj, const char *name, const char *const *values, size_t n);

/** Dataset creation properties: no timestamps; chunked and compressed (if compress) unless tiny. *dcpl is new. */
sim_status out_dataset_plist(int rank, const hsize_t *dims, size_t elem_bytes, int compress, hid_t *dcpl);

/** out_write_doubles plus a `columns` attribute when columns is not NULL. */
sim_status out_write_doubles_cols(hid_t loc, const char *name, int rank, const hsize_t *dims, const double *data,
                                  const char *unit, const char *title, const char *columns);

/** A scalar variable-length string dataset. */
sim_status out_write_string_dataset(hid_t loc, const char *name, const char *text);

/** Open a finished results file read-only (objects closed with it). */
sim_status out_open_read(const char *path, hid_t *file);

/** A scalar numeric attribute converted to mtype; missing or not scalar is SIM_ERR_IO. */
sim_status out_read_attr_scalar(hid_t obj, const char *name, hid_t mtype, void *value);

/**
 * The strings of an attribute (is_attr) or dataset `id`, which must hold exactly
 * `expect` of them (fixed or variable length). *out is new; out_free_names(out, expect).
 */
sim_status out_read_strings(hid_t id, int is_attr, const char *what, size_t expect, char ***out);

/** A scalar string attribute as a new string (caller frees). */
sim_status out_read_attr_string(hid_t obj, const char *name, char **value);

/** Dataset `name` under loc, of exactly shape dims, into buf; *found = 0 (buf untouched) if absent. */
sim_status out_read_doubles(hid_t loc, const char *name, int rank, const hsize_t *dims, double *buf, int *found);

#endif
