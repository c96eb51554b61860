/**
 * @file output_write.c
 * @brief Writing results files (layout in output.h): the writer's life cycle, from a
 *        temporary file claimed at out_open to the atomic rename at out_commit, and
 *        one scenario's groups: attributes, week dates, per-replication series and
 *        their summaries across replications. Everything written here is
 *        deterministic; what varies from run to run is in output_provenance.c.
 */
#include "sim/io/output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/engine/atomic_file.h"
#include "sim/engine/atomic_internal.h"
#include "sim/engine/calweek.h"
#include "sim/engine/config.h"
#include "sim/io/output_dims.h"
#include "sim/io/output_h5.h"

/* ------------------------------------------------------------------------- */
/* Scenario contents                                                          */

/* The label of week k (days since 1970-01-01): its Monday, also for a partial first week. */
static int week_first_day(const sim_results *r, int k) { return calweek_monday(r->start_day, k); }

/* Axes a family of datasets can have, in the order they appear in its datasets' shapes. */
typedef enum { AX_REP, AX_WEEK, AX_DAY, AX_GROUP, AX_STAT } axis_kind;

/*
 * Axis `kind` of scenario r in group g: a dimension scale (week and day dates, replication
 * numbers, group names, summary statistics) and, for weeks, the week_days and
 * partial_week variables. *scale is new.
 */
static sim_status write_axis(hid_t g, const sim_results *r, axis_kind kind, hid_t *scale)
{
    sim_status st = SIM_OK;
    int *v = NULL;
    *scale = H5I_INVALID_HID;
    switch (kind) {
    case AX_REP:
        return out_dim_index(g, "replication", (size_t)r->reps, r->first_rep,
                             "replication number (0-based; sets the random streams)", scale);
    case AX_GROUP: {
        const char *names[RESULTS_MAX_GROUPS];
        for (int i = 0; i < r->groups; i++) names[i] = r->group_names[i];
        return out_dim_labels(g, "group", (size_t)r->groups, names, "nationality group", scale);
    }
    case AX_STAT:
        return out_dim_labels(g, "statistic", SUMMARY_COUNT, summary_names,
                              "statistic across replications (mean, sd, 5%, 50%, 95% quantiles)", scale);
    case AX_DAY:
        if (!(v = malloc((size_t)r->days * sizeof *v))) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory for the day axis");
        for (int d = 0; d < r->days; d++) v[d] = r->start_day + d;
        SIM_TRY(out_dim_dates(g, "day", (size_t)r->days, v, "simulated day", scale));
        break;
    case AX_WEEK:
        return out_dim_weeks(g, r->start_day, r->days, r->weeks, scale);
    }
done:
    if (st != SIM_OK) out_close(scale);
    free(v);
    return st;
}

/* Open the axes kinds[0..rank) in g; close them with close_axes. */
static sim_status write_axes(hid_t g, const sim_results *r, int rank, const axis_kind *kinds, hid_t *scales)
{
    for (int i = 0; i < rank; i++) scales[i] = H5I_INVALID_HID;
    for (int i = 0; i < rank; i++) SIM_CHECK(write_axis(g, r, kinds[i], &scales[i]));
    return SIM_OK;
}

static void close_axes(int rank, hid_t *scales)
{
    for (int i = 0; i < rank; i++) out_close(&scales[i]);
}

/* Axes, coordinates and description of metric mi's dataset in a family on axes kinds[0..rank). */
static sim_status describe_metric(hid_t g, const sim_metric *mi, int rank, const axis_kind *kinds, const hid_t *scales)
{
    int on_week = 0, on_day = 0;
    for (int i = 0; i < rank; i++) {
        on_week |= kinds[i] == AX_WEEK;
        on_day |= kinds[i] == AX_DAY;
    }
    char cm[64];
    const char *methods = on_week ? out_metric_cell_methods(mi->kind, "week", cm, sizeof cm)
                          : on_day ? out_metric_cell_methods(mi->kind, "day", cm, sizeof cm)
                                   : NULL;
    SIM_CHECK(out_dim_attach(g, mi->name, rank, scales, on_week ? OUT_WEEK_AUX : NULL));
    SIM_CHECK(out_dim_describe(g, mi->name, mi->description, out_metric_kind(mi->kind), methods));
    return SIM_OK;
}

/* week_start: the ISO date ("YYYY-MM-DD", variable-length UTF-8) of each week's Monday, on the week axis. */
static sim_status write_week_start(hid_t g, const sim_results *r)
{
    sim_status st = SIM_OK;
    hid_t scale = H5I_INVALID_HID;
    const axis_kind kind = AX_WEEK;
    char(*dates)[OUT_DATE_BYTES] = calloc((size_t)r->weeks, sizeof *dates);
    const char **ptrs = calloc((size_t)r->weeks, sizeof *ptrs);
    if (!dates || !ptrs) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory formatting %d week dates", r->weeks);
    for (int k = 0; k < r->weeks; k++) {
        cfg_format_date(week_first_day(r, k), dates[k], OUT_DATE_BYTES);
        ptrs[k] = dates[k];
    }
    SIM_TRY(write_axes(g, r, 1, &kind, &scale));
    SIM_TRY(out_dim_string_variable(g, "week_start", scale, (size_t)r->weeks, ptrs,
                                    "Monday of the calendar week, ISO 8601 (YYYY-MM-DD)"));
done:
    close_axes(1, &scale);
    free(ptrs);
    free(dates);
    return st;
}

/*
 * One dataset per metric of `table` (k metrics) in a new group `group` under `parent`.
 * src is [outer...][k] with the metric innermost, so dataset m holds src[i*k + m]
 * for i over the product of dims; `buf` has room for that many doubles.
 */
static sim_status write_family(hid_t parent, const char *group, const sim_results *r, const sim_metric *table, int k,
                               const double *src, int rank, const axis_kind *kinds, const hsize_t *dims, double *buf)
{
    sim_status st = SIM_OK;
    hid_t g = H5I_INVALID_HID, scales[OUT_MAX_RANK];
    size_t count = 1;
    for (int i = 0; i < rank; i++) count *= (size_t)dims[i];
    for (int i = 0; i < rank; i++) scales[i] = H5I_INVALID_HID;
    SIM_TRY(out_create_group(parent, group, &g));
    SIM_TRY(write_axes(g, r, rank, kinds, scales));
    for (int m = 0; m < k; m++) {
        for (size_t i = 0; i < count; i++) buf[i] = src[i * (size_t)k + (size_t)m];
        SIM_TRY(out_write_doubles_cols(g, table[m].name, rank, dims, buf, table[m].unit, table[m].title, NULL));
        SIM_TRY(describe_metric(g, &table[m], rank, kinds, scales));
    }
done:
    close_axes(rank, scales);
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
    hid_t sw[2] = {H5I_INVALID_HID, H5I_INVALID_HID}, stt = H5I_INVALID_HID;
    const axis_kind kw[2] = {AX_WEEK, AX_STAT}, kt[1] = {AX_STAT};
    char columns[64];
    summary_columns(columns, sizeof columns);
    const int nm = r->metrics->nweekly;
    size_t wstride = (size_t)r->weeks * nm;
    SIM_TRY(out_create_group(sg, "summary", &g));
    SIM_TRY(out_create_group(g, "weekly", &gw));
    SIM_TRY(out_create_group(g, "totals", &gt));
    SIM_TRY(write_axes(gw, r, 2, kw, sw));
    SIM_TRY(write_axes(gt, r, 1, kt, &stt));
    for (int m = 0; m < nm; m++) {
        const sim_metric *mi = &r->metrics->weekly[m];
        /* Ratio metrics are ratios per replication already; NaN weeks (no boats) are skipped. */
        for (int w = 0; w < r->weeks; w++)
            SIM_TRY(summary_stats(r->weekly + (size_t)w * nm + (size_t)m, (size_t)r->reps, wstride,
                              buf + (size_t)w * SUMMARY_COUNT));
        hsize_t wdims[2] = {(hsize_t)r->weeks, SUMMARY_COUNT};
        SIM_TRY(out_write_doubles_cols(gw, mi->name, 2, wdims, buf, mi->unit, mi->title, columns));
        SIM_TRY(describe_metric(gw, mi, 2, kw, sw));
        SIM_TRY(summary_stats(r->totals + m, (size_t)r->reps, (size_t)nm, buf));
        hsize_t tdim = SUMMARY_COUNT;
        SIM_TRY(out_write_doubles_cols(gt, mi->name, 1, &tdim, buf, mi->unit, mi->title, columns));
        SIM_TRY(describe_metric(gt, mi, 1, kt, &stt));
    }
done:
    close_axes(2, sw);
    close_axes(1, &stt);
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
    out_h5_quiet();

    /* The output-path policy of every writer (atomic_file.h): regular files only, links
     * written through, read-only files kept, stale temporaries of killed runs cleaned. */
    char *target = NULL;
    SIM_CHECK(atomic_target(path, force, &target));

    sim_status st = SIM_OK;
    out_file *o = NULL;
    hid_t fcpl = H5I_INVALID_HID, fapl = H5I_INVALID_HID;
    int created = 0;
    if (!(o = calloc(1, sizeof *o))) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
    o->file = o->scenarios = H5I_INVALID_HID;
    o->lock_fd = -1;
    o->force = force;
    o->path = target;
    target = NULL;
    size_t tmp_size = strlen(o->path) + 32;
    o->tmp = malloc(tmp_size);
    if (!o->tmp) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
    snprintf(o->tmp, tmp_size, "%s.tmp.%ld", o->path, (long)getpid());

    /* Claim the temporary name with the system call, whose errno explains a failure
     * (read-only file system, quota) better than HDF5 does. O_EXCL: never share it. */
    int fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        if (errno == EEXIST)
            SIM_FAIL_GOTO(SIM_ERR_IO, "temporary file '%s' exists: another writer of '%s' in this process", o->tmp,
                          path);
        SIM_FAIL_GOTO(SIM_ERR_IO, "cannot create '%s': %s", o->tmp, strerror(errno));
    }
    created = 1;
    /* Kept open, locked below: marks the temporary as in use for other runs' stale-file check. */
    o->lock_fd = fd;

    if ((fcpl = H5Pcreate(H5P_FILE_CREATE)) < 0 ||
        H5Pset_link_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) < 0 ||
        H5Pset_obj_track_times(fcpl, 0) < 0)
        FAIL_H5("cannot set up HDF5 file properties");
    /* STRONG: closing the file closes every object still open in it (incl. other writers'). */
    if ((fapl = H5Pcreate(H5P_FILE_ACCESS)) < 0 || H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0)
        FAIL_H5("cannot set up HDF5 file access properties");
    if ((o->file = H5Fcreate(o->tmp, H5F_ACC_TRUNC, fcpl, fapl)) < 0) FAIL_H5("cannot create HDF5 file '%s'", o->tmp);
    /* After H5Fcreate: it opens and closes the file while creating it, and closing any
     * descriptor of a file drops this process's fcntl locks on it (POSIX). */
    (void)atomic_hold_lock(o->lock_fd);
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
        if (o->lock_fd >= 0) close(o->lock_fd);
        free(o->path);
        free(o->tmp);
        free(o);
    }
    free(target);
    return st;
}

hid_t out_file_handle(out_file *f) { return f ? f->file : H5I_INVALID_HID; }

/* Shapes must agree with results_create, or the gathers below would read out of bounds. */
static sim_status check_results(const sim_results *r)
{
    SIM_CHECK(out_check_name(r->name));
    if (r->reps < 1 || r->days < 1 || r->weeks != calweek_count(r->start_day, r->days) || r->groups < 0 ||
        r->groups > RESULTS_MAX_GROUPS || r->first_rep < 0)
        return SIM_FAIL(SIM_ERR_INTERNAL,
                        "scenario '%s' has inconsistent shape: reps %d, days %d, weeks %d, groups %d, first_rep %d",
                        r->name, r->reps, r->days, r->weeks, r->groups, r->first_rep);
    if (!r->metrics) return SIM_FAIL(SIM_ERR_INTERNAL, "scenario '%s' has no metric set", r->name);
    SIM_CHECK(metric_set_check(r->metrics));
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
    char date[OUT_DATE_BYTES];
    cfg_format_date(r->start_day, date, sizeof date);
    SIM_TRY(out_write_attr_string(g, "start_date", date));
    SIM_TRY(out_write_attr_int(g, "days", r->days));
    SIM_TRY(out_write_attr_int(g, "weeks", r->weeks));
    SIM_TRY(out_write_attr_int(g, "replications", r->reps));
    SIM_TRY(out_write_attr_int(g, "first_replication", r->first_rep));
    SIM_TRY(out_write_attr_int(g, "groups", r->groups));
    SIM_TRY(out_write_attr_u32(g, "seed", r->seed));
    const char *names[RESULTS_MAX_GROUPS];
    for (int i = 0; i < r->groups; i++) names[i] = r->group_names[i];
    SIM_TRY(out_write_attr_strings(g, "group_names", names, groups));
    SIM_TRY(write_week_start(g, r));

    hsize_t dw[2] = {reps, weeks}, dt[1] = {reps}, dd[2] = {reps, days}, dg[3] = {reps, weeks, groups};
    const sim_metric_set *ms = r->metrics;
    const axis_kind kw[2] = {AX_REP, AX_WEEK}, kd[2] = {AX_REP, AX_DAY}, kg[3] = {AX_REP, AX_WEEK, AX_GROUP};
    SIM_TRY(write_family(g, "weekly", r, ms->weekly, ms->nweekly, r->weekly, 2, kw, dw, buf));
    SIM_TRY(write_family(g, "totals", r, ms->weekly, ms->nweekly, r->totals, 1, kw, dt, buf));
    SIM_TRY(write_family(g, "daily", r, ms->daily, ms->ndaily, r->daily, 2, kd, dd, buf));
    SIM_TRY(write_family(g, "groups", r, ms->group, ms->ngroup, r->group_weekly, 3, kg, dg, buf));
    SIM_TRY(write_summaries(g, r, buf));
done:
    out_close(&g);
    free(buf);
    return st;
}

/* Free a writer whose file is closed; remove its temporary file if asked. */
static void writer_free(out_file *f, int remove_tmp)
{
    if (remove_tmp && f->tmp) unlink(f->tmp);
    if (f->lock_fd >= 0) close(f->lock_fd);
    free(f->path);
    free(f->tmp);
    free(f);
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
    /* Checks the target again (it may have appeared or changed kind since out_open). */
    SIM_TRY(atomic_rename(f->tmp, f->path, f->force));
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
