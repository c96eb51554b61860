/**
 * @file cmd_merge.c
 * @brief `chansim merge OUT.h5 SHARD.h5...`: the shard files of a job-array sweep
 *        combined into the file the whole run gives (identical outside /provenance).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/cli/cli.h"
#include "sim/io/output.h"
#include "sim/experiments/sweep_output.h"
#include "sim/run/scenario.h"

static const char merge_usage[] =
    "Usage: chansim merge OUT.h5 SHARD.h5... [--force]\n"
    "\n"
    "Combine the files of `chansim sweep --shard K/N` (K = 1..N, each exactly once, all of\n"
    "the same sweep) into OUT.h5, the file the whole sweep gives in one run.\n"
    "\n"
    "  -f, --force   overwrite an existing OUT.h5\n"
    "  -h, --help    this help\n";

/* Everything but the shard fields and the rows must agree. */
static sim_status same_sweep(const sweep_table *a, const char *pa, const sweep_table *b, const char *pb)
{
    int same = strcmp(a->hash, b->hash) == 0 && strcmp(a->definition, b->definition) == 0 && a->reps == b->reps &&
               a->block == b->block && a->seed == b->seed && a->total_points == b->total_points &&
               a->nparams == b->nparams && strcmp(a->kind, b->kind) == 0 && strcmp(a->base, b->base) == 0 &&
               strcmp(a->base_name, b->base_name) == 0;
    for (int j = 0; same && j < a->nparams; j++)
        same = strcmp(a->names[j], b->names[j]) == 0 && strcmp(a->keys[j], b->keys[j]) == 0 &&
               strcmp(a->units[j], b->units[j]) == 0;
    if (!same)
        return SIM_FAIL(SIM_ERR_CONFIG, "'%s' (sweep %s) and '%s' (sweep %s) are not shards of the same sweep", pa,
                        a->hash, pb, b->hash);
    if (a->shard_count != b->shard_count)
        return SIM_FAIL(SIM_ERR_CONFIG, "'%s' is a shard of %d but '%s' of %d", pa, a->shard_count, pb,
                        b->shard_count);
    return SIM_OK;
}

static sim_status merge(int nshards, char **paths, sweep_table **out)
{
    sweep_table **sh = calloc((size_t)nshards, sizeof *sh);
    const char **by_index = NULL;
    sweep_table *t = NULL;
    sim_status st = SIM_OK;
    if (!sh) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    for (int i = 0; st == SIM_OK && i < nshards; i++) st = sweep_table_read(paths[i], scenario_metric_set(), &sh[i]);
    for (int i = 1; st == SIM_OK && i < nshards; i++) st = same_sweep(sh[0], paths[0], sh[i], paths[i]);
    int n = st == SIM_OK ? sh[0]->shard_count : 0;
    if (st == SIM_OK && n != nshards)
        st = SIM_FAIL(SIM_ERR_CONFIG, "the sweep was cut into %d shards but %d files were given", n, nshards);
    if (st == SIM_OK && !(by_index = calloc((size_t)n + 1, sizeof *by_index)))
        st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    for (int i = 0; st == SIM_OK && i < nshards; i++) {
        const sweep_table *s = sh[i];
        if (by_index[s->shard_index])
            st = SIM_FAIL(SIM_ERR_CONFIG, "shard %d/%d is given twice: '%s' and '%s'", s->shard_index, n,
                          by_index[s->shard_index], paths[i]);
        by_index[s->shard_index] = paths[i];
        /* A shard holds exactly the points p with p % n == index - 1. */
        size_t expect = 0;
        for (size_t p = 0; p < s->total_points; p++) expect += (int)(p % (size_t)n) == s->shard_index - 1;
        int ok = st == SIM_OK && s->npoints == expect;
        for (size_t r = 0; ok && r < s->npoints; r++) ok = (int)(s->point[r] % (uint32_t)n) == s->shard_index - 1;
        if (st == SIM_OK && !ok)
            st = SIM_FAIL(SIM_ERR_CONFIG, "'%s' does not hold the points of shard %d/%d", paths[i], s->shard_index, n);
    }
    if (st == SIM_OK) st = sweep_table_create(sh[0]->metrics, sh[0]->nparams, sh[0]->total_points, sh[0]->reps, &t);
    if (st == SIM_OK) {
        const sweep_table *f = sh[0];
        t->definition = strdup(f->definition);
        t->base = strdup(f->base);
        t->base_name = strdup(f->base_name);
        t->base_config = f->base_config ? strdup(f->base_config) : NULL;
        memcpy(t->hash, f->hash, sizeof t->hash);
        memcpy(t->kind, f->kind, sizeof t->kind);
        t->block = f->block;
        t->seed = f->seed;
        t->total_points = f->total_points;
        t->shard_index = t->shard_count = 1;
        int ok = t->definition && t->base && t->base_name && (t->base_config || !f->base_config);
        for (int j = 0; ok && j < f->nparams; j++)
            ok = (t->names[j] = strdup(f->names[j])) && (t->keys[j] = strdup(f->keys[j])) &&
                 (t->units[j] = strdup(f->units[j]));
        if (!ok) st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    }
    for (int i = 0; st == SIM_OK && i < nshards; i++) {
        const sweep_table *s = sh[i];
        size_t d = (size_t)s->nparams, cells = (size_t)s->reps * (size_t)s->metrics->nweekly;
        for (size_t r = 0; r < s->npoints; r++) {
            size_t p = s->point[r];
            t->point[p] = (uint32_t)p;
            memcpy(t->design + p * d, s->design + r * d, d * sizeof *t->design);
            memcpy(t->totals + p * cells, s->totals + r * cells, cells * sizeof *t->totals);
        }
    }
    for (int i = 0; i < nshards; i++) sweep_table_destroy(&sh[i]);
    free(sh);
    free(by_index);
    if (st != SIM_OK) {
        sweep_table_destroy(&t);
        return st;
    }
    *out = t;
    return SIM_OK;
}

static sim_status merge_main(int argc, char **argv, int *help)
{
    static const struct option opts[] = {
        {"force", no_argument, 0, 'f'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int force = 0, c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "fh", opts, NULL)) != -1) {
        if (c == 'f') force = 1;
        else if (c == 'h') {
            *help = 1;
            return SIM_OK;
        } else
            return SIM_FAIL(SIM_ERR_USAGE, "merge: unknown option '%s' (see chansim merge --help)", argv[optind - 1]);
    }
    if (argc - optind < 2)
        return SIM_FAIL(SIM_ERR_USAGE, "merge: expected OUT.h5 and at least one SHARD.h5 (see chansim merge --help)");
    const char *output = argv[optind];
    for (int i = optind + 1; i < argc; i++)
        if (strcmp(argv[i], output) == 0)
            return SIM_FAIL(SIM_ERR_USAGE, "merge: the output '%s' is also given as a shard", output);
    out_file *f = NULL;
    SIM_CHECK(out_open(output, force, &f)); /* a bad output fails before reading anything */
    sweep_table *t = NULL;
    sim_status st = merge(argc - optind - 1, argv + optind + 1, &t);
    if (st == SIM_OK) st = sweep_table_write(f, t);
    char *cmdline = cli_command_line(argc, argv);
    out_provenance prov;
    cli_provenance_init(&prov, cmdline, t ? t->seed : 0, t ? t->reps : 0);
    prov.end_time = cli_now();
    sim_results stub = {0};
    if (t) {
        snprintf(stub.name, sizeof stub.name, "%s", t->base_name);
        stub.config_text = t->base_config;
    }
    const sim_results *list[1] = {&stub};
    if (st == SIM_OK) st = out_write_provenance(f, &prov, list, t && t->base_config ? 1 : 0);
    if (st == SIM_OK) st = out_commit(&f);
    else out_abort(&f);
    if (st == SIM_OK) printf("merged %d shards (%zu points) into %s\n", argc - optind - 1, t->npoints, output);
    sweep_table_destroy(&t);
    free(cmdline);
    return st;
}

int cmd_merge(int argc, char **argv)
{
    int help = 0;
    sim_status st = merge_main(argc, argv, &help);
    if (help) {
        fputs(merge_usage, stdout);
        return CLI_EXIT_OK;
    }
    return cli_report(st);
}
