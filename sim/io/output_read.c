/**
 * @file output_read.c
 * @brief Reading results files back (output.h): the scenario list, one scenario's
 *        per-replication series, or only its summaries; each for the metrics of a
 *        model's set, a metric missing from the file reading as NaN.
 */
#include "sim/io/output.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine/calweek.h"
#include "sim/engine/config.h"
#include "sim/io/output_h5.h"

/* Refuse files whose weekly rows are not calendar weeks (format_version before 3), which
 * would otherwise be read with the wrong dates. */
static sim_status check_format(hid_t file, const char *path)
{
    int version = 0;
    htri_t ex = H5Aexists(file, "format_version");
    if (ex < 0) return H5_FAIL("cannot read '%s'", path);
    if (ex > 0) SIM_CHECK(out_read_attr_scalar(file, "format_version", H5T_NATIVE_INT, &version));
    if (version < OUT_FORMAT_VERSION)
        return SIM_FAIL(SIM_ERR_IO,
                        "'%s' has format_version %d, older than %d: its weekly series count weeks from the start date, "
                        "not Monday to Sunday; run it again with this chansim",
                        path, version, OUT_FORMAT_VERSION);
    return SIM_OK;
}

/* Open the file's /scenarios group. */
static sim_status open_scenarios(hid_t file, const char *path, hid_t *sg)
{
    *sg = H5I_INVALID_HID;
    htri_t ex = H5Lexists(file, "scenarios", H5P_DEFAULT);
    if (ex < 0) return H5_FAIL("cannot read '%s'", path);
    if (ex == 0) return SIM_FAIL(SIM_ERR_IO, "'%s' is not a chansim results file (no /scenarios group)", path);
    SIM_CHECK(check_format(file, path));
    if ((*sg = H5Gopen2(file, "scenarios", H5P_DEFAULT)) < 0) return H5_FAIL("cannot open /scenarios in '%s'", path);
    return SIM_OK;
}

/* Open /scenarios/<name>. */
static sim_status open_scenario(hid_t file, const char *path, const char *name, hid_t *g)
{
    *g = H5I_INVALID_HID;
    SIM_CHECK(out_check_name(name));
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

/* Inverse of write_family: dst[i*k + m] from dataset m; NaN for a missing dataset or group. */
static sim_status read_family(hid_t parent, const char *group, const sim_metric *table, int k, double *dst, int rank,
                              const hsize_t *dims, double *buf)
{
    sim_status st = SIM_OK;
    char w[WHERE_MAX];
    hid_t g = H5I_INVALID_HID;
    size_t count = 1;
    for (int i = 0; i < rank; i++) count *= (size_t)dims[i];
    htri_t ex = H5Lexists(parent, group, H5P_DEFAULT);
    if (ex < 0) FAIL_H5("cannot look up '%s'", out_where(parent, group, w, sizeof w));
    if (ex > 0 && (g = H5Gopen2(parent, group, H5P_DEFAULT)) < 0)
        FAIL_H5("cannot open group '%s'", out_where(parent, group, w, sizeof w));
    for (int m = 0; m < k; m++) {
        int found = 0;
        if (g >= 0) SIM_TRY(out_read_doubles(g, table[m].name, rank, dims, buf, &found));
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
    SIM_TRY(out_read_attr_scalar(g, "days", H5T_NATIVE_INT, &s->days));
    SIM_TRY(out_read_attr_scalar(g, "weeks", H5T_NATIVE_INT, &s->weeks));
    SIM_TRY(out_read_attr_scalar(g, "replications", H5T_NATIVE_INT, &s->reps));
    SIM_TRY(out_read_attr_scalar(g, "first_replication", H5T_NATIVE_INT, &s->first_rep));
    SIM_TRY(out_read_attr_scalar(g, "groups", H5T_NATIVE_INT, &s->groups));
    SIM_TRY(out_read_attr_scalar(g, "seed", H5T_NATIVE_UINT32, &s->seed));
    SIM_TRY(out_read_attr_string(g, "start_date", &date));
    SIM_TRY(cfg_parse_date(date, &s->start_day));
    /* days beyond INT_MAX / 2 cannot be a real horizon (and would overflow the week count). */
    if (s->reps < 1 || s->days < 1 || s->days > INT_MAX / 2 || s->groups < 0 || s->groups > RESULTS_MAX_GROUPS || s->first_rep < 0)
        SIM_FAIL_GOTO(SIM_ERR_IO, "scenario '%s' in '%s' has an inconsistent shape: reps %d, days %d, weeks %d, groups %d",
             name, path, s->reps, s->days, s->weeks, s->groups);
    /* Files before format 3 counted weeks from the start date, not Monday to Sunday. */
    if (s->weeks != calweek_count(s->start_day, s->days))
        SIM_FAIL_GOTO(SIM_ERR_IO,
                      "scenario '%s' in '%s' has %d weeks, not the %d calendar weeks (Monday to Sunday) of its %d days "
                      "from %s: written by an older chansim that counted weeks from the start date; run it again",
                      name, path, s->weeks, calweek_count(s->start_day, s->days), s->days, date);
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
    SIM_TRY(out_read_strings(d, 0, path, 1, &strs));
    *text = strs[0];
    strs[0] = NULL;
done:
    out_free_names(&strs, 1);
    out_close(&d);
    return st;
}

sim_status out_read_scenario(const char *path, const char *name, const sim_metric_set *metrics, sim_results **res)
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

    SIM_TRY(out_open_read(path, &file));
    SIM_TRY(open_scenario(file, path, name, &g));
    SIM_TRY(read_shape(g, name, path, &s));
    SIM_TRY(results_create(metrics, s.reps, s.start_day, s.days, s.groups, &r));
    snprintf(r->name, sizeof r->name, "%s", name);
    r->seed = s.seed;
    r->first_rep = s.first_rep;

    if ((ga = H5Aopen(g, "group_names", H5P_DEFAULT)) < 0)
        FAIL_H5("cannot open attribute 'group_names' of scenario '%s' in '%s'", name, path);
    ngnames = (size_t)s.groups;
    SIM_TRY(out_read_strings(ga, 1, "group_names", ngnames, &gnames));
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
    SIM_TRY(read_family(g, "weekly", metrics->weekly, metrics->nweekly, r->weekly, 2, dw, buf));
    SIM_TRY(read_family(g, "totals", metrics->weekly, metrics->nweekly, r->totals, 1, dt, buf));
    SIM_TRY(read_family(g, "daily", metrics->daily, metrics->ndaily, r->daily, 2, dd, buf));
    SIM_TRY(read_family(g, "groups", metrics->group, metrics->ngroup, r->group_weekly, 3, dg, buf));
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

sim_status out_read_summary(const char *path, const char *name, const sim_metric_set *metrics, out_summary **out)
{
    if (!out) return SIM_FAIL(SIM_ERR_INTERNAL, "out_read_summary: NULL result pointer");
    *out = NULL;
    SIM_CHECK(metric_set_check(metrics));
    const int nm = metrics->nweekly;
    sim_status st = SIM_OK;
    hid_t file = H5I_INVALID_HID, g = H5I_INVALID_HID, sg = H5I_INVALID_HID, gw = H5I_INVALID_HID;
    out_summary *s = NULL;
    double *buf = NULL;
    scenario_shape sh;

    SIM_TRY(out_open_read(path, &file));
    SIM_TRY(open_scenario(file, path, name, &g));
    SIM_TRY(read_shape(g, name, path, &sh));
    if (!(s = calloc(1, sizeof *s))) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
    s->metrics = metrics;
    snprintf(s->name, sizeof s->name, "%s", name);
    s->start_day = sh.start_day;
    s->days = sh.days;
    s->weeks = sh.weeks;
    s->reps = sh.reps;
    size_t weeks = (size_t)sh.weeks;
    if (!(s->weekly = malloc((weeks * (size_t)nm * SUMMARY_COUNT + 1) * sizeof *s->weekly)) ||
        !(s->totals = malloc(((size_t)nm + 1) * sizeof *s->totals)) ||
        !(buf = malloc(weeks * SUMMARY_COUNT * sizeof *buf)))
        SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory reading the summary of '%s'", name);

    htri_t ex = H5Lexists(g, "summary", H5P_DEFAULT);
    if (ex < 0) FAIL_H5("cannot look up the summary of scenario '%s' in '%s'", name, path);
    if (ex == 0) SIM_FAIL_GOTO(SIM_ERR_IO, "scenario '%s' in '%s' has no summary group", name, path);
    if ((sg = H5Gopen2(g, "summary", H5P_DEFAULT)) < 0) FAIL_H5("cannot open the summary of '%s'", name);
    /* summary/weekly/<m> is [weeks][S]; stored as [weeks][M][S] with M = nm, i.e. element (w, c) -> (w*M + m)*S + c. */
    hsize_t dw[2] = {weeks, SUMMARY_COUNT}, dt[1] = {SUMMARY_COUNT};
    for (int fam = 0; fam < 2; fam++) {
        const char *gname = fam == 0 ? "weekly" : "totals";
        htri_t gex = H5Lexists(sg, gname, H5P_DEFAULT);
        if (gex < 0) FAIL_H5("cannot look up summary/%s of '%s'", gname, name);
        if (gex > 0 && (gw = H5Gopen2(sg, gname, H5P_DEFAULT)) < 0) FAIL_H5("cannot open summary/%s of '%s'", gname, name);
        for (int m = 0; m < nm; m++) {
            int found = 0;
            const char *mname = metrics->weekly[m].name;
            if (gw >= 0) SIM_TRY(out_read_doubles(gw, mname, fam == 0 ? 2 : 1, fam == 0 ? dw : dt, buf, &found));
            if (fam == 0) {
                for (size_t w = 0; w < weeks; w++)
                    for (int c = 0; c < SUMMARY_COUNT; c++)
                        s->weekly[(w * (size_t)nm + (size_t)m) * SUMMARY_COUNT + (size_t)c] =
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
    free((*s)->totals);
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

    SIM_TRY(out_open_read(path, &file));
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
