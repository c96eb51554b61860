/**
 * @file test_fuzz_regress.c
 * @brief Replays the fuzz regression corpus (tests/fuzz/regress/<target>/) through the
 *        same targets the libFuzzer harnesses run (tests/fuzz/fuzz.h), built here
 *        without libFuzzer: an input that once crashed, leaked, hung or hit undefined
 *        behaviour must now run clean (`make test SANITIZE=1` checks memory and UB; the
 *        suite's timeout catches a hang).
 */
#include <criterion/criterion.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "tests/support.h"

/* Feed every file of tests/fuzz/regress/<target>/ to the target; returns how many. */
static int replay(const char *target)
{
    fuzz_target_fn fn = fuzz_target_find(target);
    cr_assert_not_null(fn, "no fuzz target '%s'", target);
    char dir[256];
    snprintf(dir, sizeof dir, "tests/fuzz/regress/%s", target);
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "cannot open %s (run the suite from the project root)", dir);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t len = 0;
        char *data = sup_read_file(path, &len);
        cr_assert_not_null(data, "cannot read %s", path);
        cr_assert_eq(fn((const uint8_t *)data, len), 0, "%s", path);
        free(data);
        n++;
    }
    closedir(d);
    return n;
}

/* Each target's corpus holds at least the reproducers of issue #14, so an empty one is a broken checkout. */
Test(fuzz_regress, config) { cr_expect_gt(replay("config"), 0); }
Test(fuzz_regress, sweep) { cr_expect_gt(replay("sweep"), 0); }
Test(fuzz_regress, sensitivity) { cr_expect_gt(replay("sensitivity"), 0); }
Test(fuzz_regress, calibration) { cr_expect_gt(replay("calibration"), 0); }
Test(fuzz_regress, observed) { cr_expect_gt(replay("observed"), 0); }
Test(fuzz_regress, backtest) { cr_expect_gt(replay("backtest"), 0); }

Test(fuzz_regress, unknown_target) { cr_expect_null(fuzz_target_find("no_such_target")); }

/* The splitting of an input into files, which every target relies on. */
Test(fuzz_regress, parts_split_at_separator_lines)
{
    static const char in[] = "a = 1\n%%\nb = 2\n%%\n\n%%\nc";
    size_t n;
    char *p0 = fuzz_part((const uint8_t *)in, sizeof in - 1, 0, &n);
    cr_expect_str_eq(p0, "a = 1\n");
    char *p1 = fuzz_part((const uint8_t *)in, sizeof in - 1, 1, NULL);
    cr_expect_str_eq(p1, "b = 2\n");
    char *p2 = fuzz_part((const uint8_t *)in, sizeof in - 1, 2, &n);
    cr_expect_str_eq(p2, "\n");
    char *p3 = fuzz_part((const uint8_t *)in, sizeof in - 1, 3, NULL);
    cr_expect_str_eq(p3, "c");
    char *p4 = fuzz_part((const uint8_t *)in, sizeof in - 1, 4, &n);
    cr_expect_str_eq(p4, "");
    cr_expect_eq(n, 0);
    free(p0), free(p1), free(p2), free(p3), free(p4);
}
