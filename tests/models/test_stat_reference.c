/**
 * @file test_stat_reference.c
 * @brief The model stays statistically unchanged: for the baseline and two policy
 *        scenarios, the mean over 200 replications of each total (arrivals, boats,
 *        people per boat, deaths, returns, cost) lies within the 99% interval of the
 *        mean recorded in tests/data/reference/stat_reference.csv.
 *
 * The reference was made by the code before the speed-up of issue #16 (its header says
 * which commit and how; scripts/make-stat-reference.sh regenerates it, only in a commit
 * that changes the model on purpose). Changes that alter only how random numbers are
 * consumed (faster samplers, a new memory layout, event times) give other replications
 * with the same distribution, so each mean must satisfy
 *     |m_new - m_ref| <= z * sqrt(se_new^2 + se_ref^2),  z = 2.576 (two-sided 99%).
 * Both runs use the same seed and hence the same posterior draw for replication r, so
 * their means are positively correlated and this bound (which treats them as
 * independent) is conservative: a false alarm is rarer than 1 in 100 per check.
 *
 * The three runs cost about a minute of CPU on the 2-core machine, so they run under
 * `make test-stat` (CHANSIM_TEST_STAT=1; CI runs it) and are skipped by `make test`,
 * which still checks the reference file and the decision rule itself.
 */
#include <criterion/criterion.h>

#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support.h"

#define REFERENCE "tests/data/reference/stat_reference.csv"
#define REF_MAX 64
/** Two-sided 99% point of the standard normal distribution. */
#define Z99 2.5758293035489
/** Replications per scenario, as in the reference. */
#define STAT_REPS 200

static const char *const SCENARIOS[] = {"baseline", "border_security_command", "shallow_water_interceptions"};
static const char *const METRICS[] = {"arrivals", "boats", "people_per_boat", "deaths", "returned", "cost"};
#define N_SCENARIOS (sizeof SCENARIOS / sizeof SCENARIOS[0])
#define N_METRICS (sizeof METRICS / sizeof METRICS[0])

/** One row of the reference file. */
typedef struct {
    char scenario[64]; /**< scenario name (its file under configs/scenarios/) */
    char metric[32];   /**< dataset name under /scenarios/NAME/totals/ */
    int n;             /**< replications */
    double mean;       /**< mean of the per-replication totals (metric's unit) */
    double se;         /**< standard error of that mean (metric's unit) */
} ref_row;

/* All rows of the reference file; asserts on any malformed line. */
static int read_reference(ref_row *rows, int max)
{
    FILE *f = fopen(REFERENCE, "r");
    cr_assert_not_null(f, "cannot open %s", REFERENCE);
    char line[512];
    int n = 0, lineno = 0, header = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (line[0] == '#' || line[0] == '\n') continue;
        if (!header) {
            cr_assert_str_eq(line, "scenario,metric,n,mean,se\n", "%s:%d: unexpected header", REFERENCE, lineno);
            header = 1;
            continue;
        }
        cr_assert_lt(n, max, "%s: more than %d rows", REFERENCE, max);
        ref_row *r = &rows[n++];
        cr_assert_eq(sscanf(line, "%63[^,],%31[^,],%d,%lf,%lf", r->scenario, r->metric, &r->n, &r->mean, &r->se), 5,
                     "%s:%d: malformed row", REFERENCE, lineno);
    }
    fclose(f);
    return n;
}

static const ref_row *find_row(const ref_row *rows, int n, const char *scenario, const char *metric)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(rows[i].scenario, scenario) && !strcmp(rows[i].metric, metric)) return &rows[i];
    return NULL;
}

/* The decision rule: 1 if the new mean lies within the 99% interval of the reference mean. */
static int within_99(double m_new, double se_new, double m_ref, double se_ref)
{
    return fabs(m_new - m_ref) <= Z99 * sqrt(se_new * se_new + se_ref * se_ref);
}

/* Mean and standard error of a 1-D double dataset of an HDF5 file. */
static void dataset_mean_se(const char *file, const char *path, int expect_n, double *mean, double *se)
{
    hid_t f = H5Fopen(file, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(f, 0, "cannot open %s", file);
    hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
    cr_assert_geq(d, 0, "%s: no dataset %s", file, path);
    hid_t sp = H5Dget_space(d);
    hsize_t dims[1] = {0};
    cr_assert_eq(H5Sget_simple_extent_ndims(sp), 1, "%s:%s is not 1-D", file, path);
    H5Sget_simple_extent_dims(sp, dims, NULL);
    cr_assert_eq((int)dims[0], expect_n, "%s:%s has %d values, expected %d", file, path, (int)dims[0], expect_n);
    double *v = malloc(dims[0] * sizeof *v);
    cr_assert_not_null(v);
    cr_assert_geq(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v), 0, "%s:%s unreadable", file, path);
    H5Sclose(sp);
    H5Dclose(d);
    H5Fclose(f);
    /* Welford (1962): one pass, no cancellation for large totals such as cost. */
    double m = 0, m2 = 0;
    for (hsize_t i = 0; i < dims[0]; i++) {
        double delta = v[i] - m;
        m += delta / (double)(i + 1);
        m2 += delta * (v[i] - m);
    }
    free(v);
    *mean = m;
    *se = sqrt(m2 / (double)(dims[0] - 1) / (double)dims[0]);
}

/* Run `scenario` for STAT_REPS replications and check every metric against the reference. */
static void check_scenario(const char *scenario)
{
    if (!getenv("CHANSIM_TEST_STAT")) cr_skip_test("200-replication runs are under `make test-stat`");
    ref_row rows[REF_MAX];
    int n = read_reference(rows, REF_MAX);
    char *dir = sup_tmpdir();
    char out[512];
    snprintf(out, sizeof out, "%s/%s.h5", dir, scenario);
    sup_result r = sup_chansim(dir, NULL, "run configs/scenarios/%s.ini -r %d -q -o %s", scenario, STAT_REPS, out);
    cr_assert_eq(r.status, 0, "chansim run %s failed: %s", scenario, r.err);
    sup_result_free(&r);
    char report[4096] = "";
    int failed = 0;
    for (size_t k = 0; k < N_METRICS; k++) {
        const ref_row *ref = find_row(rows, n, scenario, METRICS[k]);
        cr_assert_not_null(ref, "%s has no row for %s/%s", REFERENCE, scenario, METRICS[k]);
        char path[256];
        snprintf(path, sizeof path, "/scenarios/%s/totals/%s", scenario, METRICS[k]);
        double mean, se;
        dataset_mean_se(out, path, STAT_REPS, &mean, &se);
        int ok = within_99(mean, se, ref->mean, ref->se);
        failed += !ok;
        size_t used = strlen(report);
        snprintf(report + used, sizeof report - used, "  %-16s new %.6g (se %.3g)  ref %.6g (se %.3g)  z=%.2f%s\n",
                 METRICS[k], mean, se, ref->mean, ref->se,
                 (mean - ref->mean) / sqrt(se * se + ref->se * ref->se), ok ? "" : "  OUTSIDE 99%");
    }
    cr_log_info("%s, %d replications:\n%s", scenario, STAT_REPS, report);
    cr_assert_eq(failed, 0, "%s: %d of %zu means outside the 99%% interval of the reference:\n%s", scenario, failed,
                 N_METRICS, report);
    sup_rmtree(dir);
    free(dir);
}

Test(stat_reference, file_lists_every_scenario_and_metric)
{
    ref_row rows[REF_MAX];
    int n = read_reference(rows, REF_MAX);
    cr_assert_eq(n, (int)(N_SCENARIOS * N_METRICS), "%s: %d rows", REFERENCE, n);
    for (size_t s = 0; s < N_SCENARIOS; s++)
        for (size_t k = 0; k < N_METRICS; k++) {
            const ref_row *r = find_row(rows, n, SCENARIOS[s], METRICS[k]);
            cr_assert_not_null(r, "no row for %s/%s", SCENARIOS[s], METRICS[k]);
            cr_assert_eq(r->n, STAT_REPS, "%s/%s: n = %d", SCENARIOS[s], METRICS[k], r->n);
            cr_assert(r->se > 0 && isfinite(r->mean), "%s/%s: se %g mean %g", SCENARIOS[s], METRICS[k], r->se, r->mean);
        }
}

/* The rule accepts a difference just inside 2.576 combined standard errors and
 * rejects one just outside it, in either direction: the statistical checks can fail. */
Test(stat_reference, rule_rejects_a_shift_beyond_the_99_percent_interval)
{
    double se = 10.0, edge = Z99 * sqrt(2.0) * se;
    cr_assert(within_99(100.0 + 0.99 * edge, se, 100.0, se));
    cr_assert(within_99(100.0 - 0.99 * edge, se, 100.0, se));
    cr_assert_not(within_99(100.0 + 1.01 * edge, se, 100.0, se));
    cr_assert_not(within_99(100.0 - 1.01 * edge, se, 100.0, se));
    /* The narrower the new run's error, the tighter the interval. */
    cr_assert_not(within_99(100.0 + 0.99 * edge, 0.0, 100.0, se));
}

Test(stat_reference, baseline, .timeout = 900)
{
    check_scenario("baseline");
}

Test(stat_reference, border_security_command, .timeout = 900)
{
    check_scenario("border_security_command");
}

Test(stat_reference, shallow_water_interceptions, .timeout = 900)
{
    check_scenario("shallow_water_interceptions");
}
