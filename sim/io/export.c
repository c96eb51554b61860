/**
 * @file export.c
 * @brief The export folder's plumbing (see export.h): files counted, CSV fields, the data
 *        dictionary columns.csv, and provenance.csv from the attributes of /provenance.
 */
#include "sim/io/export.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

#include "sim/io/output.h"
#include "sim/io/output_h5.h"

void export_ctx_init(export_ctx *x, atomic_dir *dir)
{
    memset(x, 0, sizeof *x);
    x->dir = dir;
}

void export_ctx_free(export_ctx *x)
{
    if (!x) return;
    free(x->columns.buf);
    memset(x, 0, sizeof *x);
}

void export_number(FILE *fp, double v)
{
    if (!isnan(v)) fprintf(fp, "%.10g", v);
}

void export_text(FILE *fp, const char *s)
{
    if (!s) s = "";
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, fp);
        return;
    }
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"') fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

/* A field for the dictionary text, quoted like export_text. */
static void dict_field(strbuf *sb, const char *s, int last)
{
    if (!s) s = "";
    if (!strpbrk(s, ",\"\r\n")) {
        strbuf_printf(sb, "%s", s);
    } else {
        strbuf_printf(sb, "\"");
        for (; *s; s++) strbuf_printf(sb, *s == '"' ? "\"\"" : "%c", *s);
        strbuf_printf(sb, "\"");
    }
    strbuf_printf(sb, last ? "\n" : ",");
}

void export_column(export_ctx *x, const char *file, const char *name, const char *unit, const char *description)
{
    dict_field(&x->columns, file, 0);
    dict_field(&x->columns, name, 0);
    dict_field(&x->columns, unit, 0);
    dict_field(&x->columns, description, 1);
}

sim_status export_open(export_ctx *x, const char *name, FILE **fp)
{
    SIM_CHECK(atomic_dir_fopen(x->dir, name, fp));
    x->files++;
    return SIM_OK;
}

sim_status export_close(export_ctx *x, const char *name, FILE **fp)
{
    return atomic_dir_fclose(x->dir, name, fp);
}

sim_status export_columns_write(export_ctx *x)
{
    if (x->columns.failed) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory building columns.csv");
    FILE *fp = NULL;
    SIM_CHECK(atomic_dir_fopen(x->dir, "columns.csv", &fp));
    fputs("file,name,unit,description\n", fp);
    export_column(x, "columns.csv", "file", "", "the CSV file the column is in");
    export_column(x, "columns.csv", "name", "", "the column's name (its header)");
    export_column(x, "columns.csv", "unit", "", "its unit: a metric's unit, \"date\" for ISO 8601 dates, empty for labels");
    export_column(x, "columns.csv", "description", "", "what it holds");
    if (x->columns.failed) {
        fclose(fp);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory building columns.csv");
    }
    if (x->columns.buf) fputs(x->columns.buf, fp);
    return atomic_dir_fclose(x->dir, "columns.csv", &fp);
}

/* ---- provenance.csv ------------------------------------------------------------ */

typedef struct {
    FILE *fp;
    sim_status st;
} prov_ctx;

/* Attribute `name` of `loc` as text into sb: numbers, strings, and arrays of them joined by "; ". */
static sim_status attr_text(hid_t loc, const char *name, strbuf *sb)
{
    sim_status st = SIM_OK;
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT), t = H5I_INVALID_HID, sp = H5I_INVALID_HID;
    void *buf = NULL;
    if (a < 0 || (t = H5Aget_type(a)) < 0 || (sp = H5Aget_space(a)) < 0)
        SIM_FAIL_GOTO(SIM_ERR_IO, "cannot read provenance attribute '%s'", name);
    hssize_t n = H5Sget_simple_extent_npoints(sp);
    if (n < 0) SIM_FAIL_GOTO(SIM_ERR_IO, "cannot read provenance attribute '%s'", name);
    size_t count = (size_t)n;
    H5T_class_t cls = H5Tget_class(t);
    if (cls == H5T_INTEGER || cls == H5T_FLOAT) {
        double *v = buf = malloc((count ? count : 1) * sizeof *v);
        if (!v) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
        if (H5Aread(a, H5T_NATIVE_DOUBLE, v) < 0) SIM_FAIL_GOTO(SIM_ERR_IO, "cannot read provenance attribute '%s'", name);
        for (size_t i = 0; i < count; i++) strbuf_printf(sb, "%s%.17g", i ? "; " : "", v[i]);
    } else if (cls == H5T_STRING) {
        char **strs = NULL;
        SIM_TRY(out_read_strings(a, 1, name, count, &strs));
        for (size_t i = 0; i < count; i++) strbuf_printf(sb, "%s%s", i ? "; " : "", strs[i] ? strs[i] : "");
        out_free_names(&strs, count);
    } else {
        strbuf_printf(sb, "(unsupported attribute type)");
    }
done:
    free(buf);
    out_close(&sp);
    out_close(&t);
    out_close(&a);
    return st;
}

static herr_t prov_attr(hid_t loc, const char *name, const H5A_info_t *info, void *data)
{
    (void)info;
    prov_ctx *c = data;
    strbuf sb = {0};
    c->st = attr_text(loc, name, &sb);
    if (c->st == SIM_OK && sb.failed) c->st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    if (c->st == SIM_OK) {
        export_text(c->fp, name);
        fputc(',', c->fp);
        export_text(c->fp, sb.buf ? sb.buf : "");
        fputc('\n', c->fp);
    }
    free(sb.buf);
    return c->st == SIM_OK ? 0 : -1;
}

sim_status export_provenance(export_ctx *x, const char *h5path)
{
    sim_status st = SIM_OK;
    hid_t f = H5I_INVALID_HID, g = H5I_INVALID_HID;
    FILE *fp = NULL;
    SIM_TRY(out_open_read(h5path, &f));
    htri_t ex = H5Lexists(f, "provenance", H5P_DEFAULT);
    if (ex < 0) SIM_FAIL_GOTO(SIM_ERR_IO, "cannot read '%s'", h5path);
    if (ex == 0) goto done; /* nothing to say */
    if ((g = H5Gopen2(f, "provenance", H5P_DEFAULT)) < 0) SIM_FAIL_GOTO(SIM_ERR_IO, "cannot open /provenance in '%s'", h5path);
    SIM_TRY(export_open(x, "provenance.csv", &fp));
    fputs("name,value\n", fp);
    export_column(x, "provenance.csv", "name", "", "what is recorded: command line, seed, version, git commit, "
                                                   "library versions, threads, MPI processes, host, start and end time");
    export_column(x, "provenance.csv", "value", "", "its value as written in /provenance of the results file "
                                                    "(several values joined by \"; \")");
    prov_ctx c = {fp, SIM_OK};
    hsize_t idx = 0;
    if (H5Aiterate2(g, H5_INDEX_NAME, H5_ITER_INC, &idx, prov_attr, &c) < 0 && c.st == SIM_OK)
        c.st = SIM_FAIL(SIM_ERR_IO, "cannot list /provenance in '%s'", h5path);
    SIM_TRY(c.st);
    SIM_TRY(export_close(x, "provenance.csv", &fp));
done:
    if (fp) fclose(fp);
    out_close(&g);
    out_close(&f);
    return st;
}
