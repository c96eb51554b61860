/**
 * @file test_layout.c
 * @brief The layering inside models/: the graph of #include "models/..." between its
 *        files (a file includes a header) has no cycle, agents and agencies never include a policy or the model,
 *        and policies never include the model. Read from the sources (run from the
 *        project root, as `make test` does).
 */
#include <criterion/criterion.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_FILES = 256, MAX_EDGES = 2048, NAME = 160 };

static char files[MAX_FILES][NAME]; /* file paths */
static int nfiles;
static int edge_from[MAX_EDGES], edge_to[MAX_EDGES];
static int nedges;

static int file_index(const char *path)
{
    char name[NAME];
    snprintf(name, sizeof name, "%s", path);
    for (int i = 0; i < nfiles; i++)
        if (strcmp(files[i], name) == 0) return i;
    cr_assert_lt(nfiles, MAX_FILES);
    snprintf(files[nfiles], NAME, "%s", name);
    return nfiles++;
}

static int read_includes(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    size_t len = strlen(path);
    if (type != FTW_F || len < 2 || (strcmp(path + len - 2, ".c") != 0 && strcmp(path + len - 2, ".h") != 0)) return 0;
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "cannot read %s", path);
    int from = file_index(path);
    char line[512];
    while (fgets(line, sizeof line, f)) {
        char target[NAME];
        if (sscanf(line, " #include \"%159[^\"]\"", target) != 1 || strncmp(target, "models/", 7) != 0) continue;
        int to = file_index(target);
        if (to == from) continue;
        cr_assert_lt(nedges, MAX_EDGES);
        edge_from[nedges] = from;
        edge_to[nedges++] = to;
    }
    fclose(f);
    return 0;
}

static int state[MAX_FILES];

/* Depth-first search; returns 1 and prints the path when it closes a cycle. */
static int cycle_from(int u)
{
    state[u] = 1;
    for (int e = 0; e < nedges; e++) {
        if (edge_from[e] != u) continue;
        int v = edge_to[e];
        if (state[v] == 1 || (state[v] == 0 && cycle_from(v))) {
            cr_log_error("include cycle through %s -> %s", files[u], files[v]);
            return 1;
        }
    }
    state[u] = 2;
    return 0;
}

static void load_graph(void)
{
    nfiles = nedges = 0;
    cr_assert_eq(nftw("models", read_includes, 16, FTW_PHYS), 0, "cannot walk models/");
    cr_assert_gt(nedges, 10, "too few includes found: is the test run from the project root?");
}

Test(layout, includes_inside_models_form_no_cycle)
{
    load_graph();
    memset(state, 0, sizeof state);
    int cycles = 0;
    for (int u = 0; u < nfiles; u++)
        if (state[u] == 0) cycles += cycle_from(u);
    cr_expect_eq(cycles, 0, "models/ has include cycles (see the log)");
}

Test(layout, lower_layers_do_not_include_higher_ones)
{
    load_graph();
    for (int e = 0; e < nedges; e++) {
        const char *from = files[edge_from[e]], *to = files[edge_to[e]];
        int low = strncmp(from, "models/agents/", 14) == 0 || strncmp(from, "models/agencies/", 16) == 0 ||
                  strncmp(from, "models/environment/", 19) == 0;
        int policy = strncmp(from, "models/policies/", 16) == 0;
        int top = strncmp(to, "models/model.", 13) == 0 || strncmp(to, "models/params.", 14) == 0;
        if (low) cr_expect(strncmp(to, "models/policies/", 16) != 0 && !top, "%s includes %s", from, to);
        if (policy) cr_expect(!top, "%s includes %s", from, to);
    }
}
