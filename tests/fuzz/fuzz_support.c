/**
 * @file fuzz_support.c
 * @brief The fuzz targets' private tree and input splitting (see fuzz.h).
 *
 * The tree mirrors the shipped layout so relative paths in inputs resolve as they
 * would for users: <root>/scenarios, calibration, sweeps hold copies of the shipped
 * configs, <root>/data of the observed CSVs; the targets write their inputs beside them.
 * Copies, not links: scenarios resolve their files' real paths, which would lead back
 * into the project. One file differs: calibration/posterior.ini is cut to its first
 * draws, because binding all of its draws takes seconds per input under the sanitizers
 * and would leave the fuzzer a few executions a second; the ensemble code is the same.
 */

#include "tests/fuzz/fuzz.h"

#include <dirent.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[PATH_MAX];

static void die(const char *what, const char *path)
{
    fprintf(stderr, "fuzz: %s '%s' failed\n", what, path);
    abort();
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static void remove_root(void)
{
    if (root[0]) nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

enum { FUZZ_ENSEMBLE_DRAWS = 2 };

/* Copy `from` to `to`; with `draws`, only up to the line "[draw N+1]" (N = FUZZ_ENSEMBLE_DRAWS). */
static void copy_file(const char *from, const char *to, int draws)
{
    FILE *in = fopen(from, "r"), *out = fopen(to, "w");
    if (!in || !out) die("copy", from);
    char line[8192], stop[32];
    snprintf(stop, sizeof stop, "[draw %d]", FUZZ_ENSEMBLE_DRAWS + 1);
    while (fgets(line, sizeof line, in) && !(draws && strncmp(line, stop, strlen(stop)) == 0)) fputs(line, out);
    fclose(in);
    if (fclose(out) != 0) die("write", to);
}

/* Copy every file of project directory `from` into <root>/<to>. */
static void copy_dir(const char *from, const char *to)
{
    char dst[PATH_MAX], src[PATH_MAX], abs[PATH_MAX];
    if ((size_t)snprintf(dst, sizeof dst, "%s/%s", root, to) >= sizeof dst) die("path too long", to);
    if (mkdir(dst, 0700) != 0) die("mkdir", dst);
    if (!realpath(from, abs)) die("realpath", from);
    DIR *d = opendir(abs);
    if (!d) die("opendir", abs);
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        if ((size_t)snprintf(src, sizeof src, "%s/%s", abs, e->d_name) >= sizeof src ||
            (size_t)snprintf(dst, sizeof dst, "%s/%s/%s", root, to, e->d_name) >= sizeof dst)
            die("path too long", e->d_name);
        copy_file(src, dst, strcmp(e->d_name, "posterior.ini") == 0);
    }
    closedir(d);
}

const char *fuzz_root(void)
{
    if (root[0]) return root;
    const char *tmp = getenv("TMPDIR");
    if ((size_t)snprintf(root, sizeof root, "%s/chansim-fuzz-XXXXXX", tmp && tmp[0] ? tmp : "/tmp") >= sizeof root)
        die("path too long", tmp);
    if (!mkdtemp(root)) die("mkdtemp", root);
    atexit(remove_root);
    copy_dir("configs/scenarios", "scenarios");
    copy_dir("configs/calibration", "calibration");
    copy_dir("configs/sweeps", "sweeps");
    copy_dir("data", "data");
    return root;
}

void fuzz_path(const char *rel, char *buf, size_t size)
{
    if ((size_t)snprintf(buf, size, "%s/%s", fuzz_root(), rel) >= size) die("path too long", rel);
}

char *fuzz_part(const uint8_t *data, size_t size, int i, size_t *len)
{
    static const char sep[] = FUZZ_SEPARATOR;
    const size_t nsep = sizeof sep - 1;
    const uint8_t *p = data, *end = data + size;
    for (int k = 0; k < i && p; k++) {
        const uint8_t *hit = memmem(p, (size_t)(end - p), sep, nsep);
        p = hit ? hit + nsep : NULL;
    }
    size_t n = 0;
    if (p) {
        const uint8_t *hit = memmem(p, (size_t)(end - p), sep, nsep);
        n = (size_t)((hit ? hit + 1 : end) - p); /* keep the part's last newline */
    }
    char *s = malloc(n + 1);
    if (!s) die("malloc", "part");
    if (n) memcpy(s, p, n);
    s[n] = '\0';
    if (len) *len = n;
    return s;
}

void fuzz_write_part(const uint8_t *data, size_t size, int i, const char *rel)
{
    char path[PATH_MAX];
    fuzz_path(rel, path, sizeof path);
    size_t n;
    char *s = fuzz_part(data, size, i, &n);
    FILE *fp = fopen(path, "wb");
    if (!fp || fwrite(s, 1, n, fp) != n || fclose(fp) != 0) die("write", path);
    free(s);
}
