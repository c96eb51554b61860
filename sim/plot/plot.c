/**
 * @file plot.c
 * @brief `chansim plot` (see plot.h): find gnuplot and the templates, build every
 *        figure in memory, then write and draw them in a private temporary
 *        directory and move the results into the output directory.
 *
 * Order matters for "nothing written on failure": every check that can fail
 * without drawing (gnuplot, terminal, templates, inputs, existing files) runs
 * before the first file is created.
 */
#include "sim/plot/plot.h"

#include <errno.h>
#include <ftw.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/engine/compare.h"
#include "sim/io/compare_io.h"
#include "sim/io/output.h"
#include "sim/plot/plot_data.h"
#include "sim/plot/plot_figure.h"
#include "sim/plot/plot_gnuplot.h"
#include "sim/plot/plot_template.h"

static const char *const gnuplot_log = ".gnuplot.log"; /* gnuplot's stderr, inside the temporary directory */

sim_status plot_format_parse(const char *text, plot_format *format)
{
    if (text && strcmp(text, "png") == 0) *format = PLOT_PNG;
    else if (text && strcmp(text, "svg") == 0) *format = PLOT_SVG;
    else if (text && strcmp(text, "pdf") == 0) *format = PLOT_PDF;
    else return SIM_FAIL(SIM_ERR_USAGE, "--format: expected png, svg or pdf, got '%s'", text ? text : "");
    return SIM_OK;
}

const char *plot_format_ext(plot_format format)
{
    return format == PLOT_SVG ? "svg" : format == PLOT_PDF ? "pdf" : "png";
}

void plot_report_destroy(plot_report **rep)
{
    if (!rep || !*rep) return;
    plot_report *r = *rep;
    for (size_t i = 0; i < r->nimages; i++) free(r->images[i]);
    for (size_t i = 0; i < r->nnotes; i++) free(r->notes[i]);
    free(r->images);
    free(r->notes);
    free(r->outdir);
    free(r);
    *rep = NULL;
}

/*
 * The terminal line for a format, from what this gnuplot has. Sizes: PNG and SVG
 * 1200 x 750 px (wide enough for a README at full resolution), PDF 8 x 5 in.
 * noenhanced: scenario names such as france_returns_pilot must not turn into subscripts.
 */
static sim_status choose_terminal(const char *terms, plot_format format, char **out)
{
    const char *t = NULL;
    if (format == PLOT_PNG) {
        if (plot_gnuplot_has_terminal(terms, "pngcairo"))
            t = "pngcairo size 1200,750 noenhanced font 'Sans,12' linewidth 1.2";
        else if (plot_gnuplot_has_terminal(terms, "png"))
            t = "png size 1200,750 truecolor noenhanced";
        else
            return SIM_FAIL(SIM_ERR_CONFIG, "this gnuplot has neither the pngcairo nor the png terminal; use --format "
                                            "svg, or " PLOT_GNUPLOT_INSTALL_HINT);
    } else if (format == PLOT_SVG) {
        if (!plot_gnuplot_has_terminal(terms, "svg"))
            return SIM_FAIL(SIM_ERR_CONFIG, "this gnuplot has no svg terminal; use --format png");
        t = "svg size 1200,750 dynamic noenhanced font 'Sans,12' background rgb 'white'";
    } else {
        if (!plot_gnuplot_has_terminal(terms, "pdfcairo"))
            return SIM_FAIL(SIM_ERR_CONFIG, "this gnuplot has no pdfcairo terminal; use --format png or svg, or "
                                            "install a gnuplot built with cairo (" PLOT_GNUPLOT_INSTALL_HINT ")");
        t = "pdfcairo size 8in,5in noenhanced font 'Sans,10' linewidth 1.2";
    }
    if (!(*out = strdup(t))) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    return SIM_OK;
}

/* "<results without .h5>_plots". */
static char *default_outdir(const char *results)
{
    size_t len = strlen(results);
    if (len > 3 && strcmp(results + len - 3, ".h5") == 0) len -= 3;
    char *d = NULL;
    if (asprintf(&d, "%.*s_plots", (int)len, results) < 0) return NULL;
    return d;
}

/* Copy of dir without trailing slashes ("/" stays "/"). */
static char *trim_slashes(const char *dir)
{
    char *d = strdup(dir);
    if (!d) return NULL;
    size_t len = strlen(d);
    while (len > 1 && d[len - 1] == '/') d[--len] = '\0';
    return d;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

/* Remove our temporary directory and whatever we put in it. */
static void remove_tmpdir(const char *dir)
{
    if (dir) nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* Write text to dir/name (our private directory: no temp+rename needed inside it). */
static sim_status write_text(const char *dir, const char *name, const char *text)
{
    char *path = NULL;
    if (asprintf(&path, "%s/%s", dir, name) < 0) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    FILE *fp = fopen(path, "w");
    sim_status st = SIM_OK;
    if (!fp) st = SIM_FAIL(SIM_ERR_IO, "cannot create '%s': %s", path, strerror(errno));
    else {
        size_t n = strlen(text);
        int bad = fwrite(text, 1, n, fp) != n;
        if (fclose(fp) != 0 || bad) st = SIM_FAIL(SIM_ERR_IO, "cannot write '%s': %s", path, strerror(errno));
    }
    free(path);
    return st;
}

/* The three file names of a figure: .dat, .gp and the image. */
static void figure_files(const plot_figure *f, const char *ext, char names[3][PLOT_STEM_MAX + 8])
{
    snprintf(names[0], PLOT_STEM_MAX + 8, "%s.dat", f->stem);
    snprintf(names[1], PLOT_STEM_MAX + 8, "%s.gp", f->stem);
    snprintf(names[2], PLOT_STEM_MAX + 8, "%s.%s", f->stem, ext);
}

/* Everything plot_results holds, freed in one place. */
typedef struct {
    char *gnuplot, *terms, *terminal, *tdir, *style, *outdir, *tmpdir;
    char **names;
    size_t nscen;
    cmp_result **cmp;
    size_t ncmp;
    plot_observed *observed;
    plot_sweep *sweep;
    sa_file *sens;
    plot_figures figs;
    plot_report *rep;
} plot_state;

static void state_free(plot_state *s)
{
    if (s->tmpdir) remove_tmpdir(s->tmpdir);
    free(s->gnuplot);
    free(s->terms);
    free(s->terminal);
    free(s->tdir);
    free(s->style);
    free(s->outdir);
    free(s->tmpdir);
    out_free_names(&s->names, s->nscen);
    cmp_free_list(&s->cmp, s->ncmp);
    plot_observed_destroy(&s->observed);
    plot_sweep_destroy(&s->sweep);
    sa_file_destroy(&s->sens);
    plot_figures_free(&s->figs);
    plot_report_destroy(&s->rep);
}

/* Read every input; build the figures in memory. */
static sim_status gather(const plot_options *o, plot_state *s)
{
    /* Every results file has /scenarios (empty in a sweep file); its reader's errors name the cause. */
    plot_metric_ids ids;
    SIM_CHECK(plot_metric_ids_find(o->metrics, &ids));
    SIM_CHECK(out_list_scenarios(o->results, &s->names, &s->nscen));
    SIM_CHECK(plot_sweep_read(o->results, o->metrics, &s->sweep));
    if (sa_file_present(o->results)) SIM_CHECK(sa_file_read(o->results, &s->sens));
    if (s->nscen == 0 && !s->sweep)
        return SIM_FAIL(SIM_ERR_IO, "'%s' holds no scenarios and no sweep: nothing to plot", o->results);
    SIM_CHECK(cmp_read_totals(o->results, o->metrics, &s->cmp, &s->ncmp));
    if (o->observed) SIM_CHECK(plot_observed_read(o->observed, &s->observed));

    char *copy = strdup(o->results);
    if (!copy) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    plot_inputs in = {
        .results = o->results, .metrics = o->metrics, .ids = ids, .source = basename(copy), .names = s->names,
        .nscen = s->nscen,
        .baseline = s->ncmp ? s->cmp[0]->baseline : NULL, .cmp = s->cmp, .ncmp = s->ncmp,
        .observed = s->observed, .sweep = s->sweep, .sensitivity = s->sens,
    };
    sim_status st = plot_build_series(&in, &s->figs);
    if (st == SIM_OK) st = plot_build_compare(&in, &s->figs);
    /* A sensitivity file's sweep is its design: the indices say more than one panel per factor. */
    if (st == SIM_OK && !s->sens) st = plot_build_sweep(&in, &s->figs);
    if (st == SIM_OK && !s->sens) st = plot_build_share(&in, &s->figs);
    if (st == SIM_OK) st = plot_build_sensitivity(&in, &s->figs);
    free(copy);
    SIM_CHECK(st);
    if (o->observed && !s->nscen)
        SIM_CHECK(plot_figures_note(&s->figs, "observed_weekly not drawn: the file has no scenarios to compare"));
    if (s->nscen && !s->ncmp)
        SIM_CHECK(plot_figures_note(&s->figs, "diff_baseline and cost_prevented not drawn: the file has no "
                                              "/comparison (made by chansim batch)"));
    return SIM_OK;
}

/* outdir must be a directory, or not exist with an existing parent; existing plot files need force. */
static sim_status check_outdir(const plot_options *o, plot_state *s, const char *ext, int *exists)
{
    struct stat sb;
    *exists = stat(s->outdir, &sb) == 0;
    if (*exists && !S_ISDIR(sb.st_mode)) return SIM_FAIL(SIM_ERR_IO, "output '%s' exists and is not a directory", s->outdir);
    if (!*exists) {
        if (errno != ENOENT) return SIM_FAIL(SIM_ERR_IO, "cannot use output directory '%s': %s", s->outdir, strerror(errno));
        char *copy = strdup(s->outdir);
        if (!copy) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
        const char *parent = dirname(copy);
        int ok = stat(parent, &sb) == 0 && S_ISDIR(sb.st_mode);
        sim_status st = ok ? SIM_OK
                           : SIM_FAIL(SIM_ERR_IO, "cannot create output directory '%s': its parent '%s' does not exist",
                                      s->outdir, parent);
        free(copy);
        return st;
    }
    if (o->force) return SIM_OK;
    for (size_t i = 0; i < s->figs.n; i++) {
        char names[3][PLOT_STEM_MAX + 8];
        figure_files(&s->figs.items[i], ext, names);
        for (int k = 0; k < 3; k++) {
            char *p = NULL;
            if (asprintf(&p, "%s/%s", s->outdir, names[k]) < 0) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
            int there = lstat(p, &sb) == 0;
            free(p);
            if (there)
                return SIM_FAIL(SIM_ERR_EXISTS, "'%s/%s' exists; use --force to replace the plot files in '%s'",
                                s->outdir, names[k], s->outdir);
        }
    }
    return SIM_OK;
}

/* Write, fill and draw one figure inside the temporary directory. */
static sim_status draw(plot_state *s, const plot_figure *f, const char *ext)
{
    char names[3][PLOT_STEM_MAX + 8];
    figure_files(f, ext, names);
    SIM_CHECK(write_text(s->tmpdir, names[0], f->data));

    char *tmpl = NULL, *script = NULL, *origin = NULL;
    plot_subst subs[PLOT_SUBS_MAX + 5];
    size_t n = 0;
    subs[n++] = (plot_subst){"STYLE", s->style};
    subs[n++] = (plot_subst){"TERMINAL", s->terminal};
    subs[n++] = (plot_subst){"OUTPUT", names[2]};
    subs[n++] = (plot_subst){"DATA", names[0]};
    subs[n++] = (plot_subst){"STEM", f->stem};
    for (size_t i = 0; i < f->nsubs; i++) subs[n++] = f->subs[i];
    sim_status st = plot_template_read(s->tdir, f->tmpl, &tmpl);
    if (st == SIM_OK && asprintf(&origin, "%s/%s", s->tdir, f->tmpl) < 0) {
        origin = NULL;
        st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    }
    if (st == SIM_OK) st = plot_template_fill(tmpl, origin, subs, n, &script);
    if (st == SIM_OK) st = write_text(s->tmpdir, names[1], script);
    if (st == SIM_OK) st = plot_gnuplot_run(s->gnuplot, s->tmpdir, names[1], gnuplot_log);
    free(tmpl);
    free(script);
    free(origin);
    SIM_CHECK(st);

    /* gnuplot can exit 0 after a plot error in some versions: insist on an image. */
    char *img = NULL;
    struct stat sb;
    if (asprintf(&img, "%s/%s", s->tmpdir, names[2]) < 0) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    int ok = stat(img, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0;
    free(img);
    if (!ok) return SIM_FAIL(SIM_ERR_IO, "gnuplot ran %s but drew no %s", names[1], names[2]);
    char *log = NULL;
    if (asprintf(&log, "%s/%s", s->tmpdir, gnuplot_log) >= 0) unlink(log);
    free(log);
    return SIM_OK;
}

/* Move the finished files into place: the whole directory if outdir is new, else file by file. */
static sim_status publish(plot_state *s, const char *ext, int exists)
{
    if (!exists) {
        if (rename(s->tmpdir, s->outdir) != 0)
            return SIM_FAIL(SIM_ERR_IO, "cannot rename '%s' to '%s': %s", s->tmpdir, s->outdir, strerror(errno));
        free(s->tmpdir);
        s->tmpdir = NULL;
        return SIM_OK;
    }
    for (size_t i = 0; i < s->figs.n; i++) {
        char names[3][PLOT_STEM_MAX + 8];
        figure_files(&s->figs.items[i], ext, names);
        for (int k = 0; k < 3; k++) {
            char *from = NULL, *to = NULL;
            int ok = asprintf(&from, "%s/%s", s->tmpdir, names[k]) >= 0 &&
                     asprintf(&to, "%s/%s", s->outdir, names[k]) >= 0;
            sim_status st = SIM_OK;
            if (!ok) st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
            else if (rename(from, to) != 0)
                st = SIM_FAIL(SIM_ERR_IO, "cannot move '%s' to '%s': %s", from, to, strerror(errno));
            free(from);
            free(to);
            SIM_CHECK(st);
        }
    }
    return SIM_OK;
}

sim_status plot_results(const plot_options *o, plot_report **rep)
{
    if (!o || !o->results || !rep) return SIM_FAIL(SIM_ERR_INTERNAL, "plot_results: NULL argument");
    *rep = NULL;
    plot_state s = {0};
    sim_status st = SIM_OK;
    const char *ext = plot_format_ext(o->format);

    /* 1. Tools: gnuplot and its terminal, the templates. Nothing is written yet. */
    SIM_TRY(plot_gnuplot_find(&s.gnuplot));
    SIM_TRY(plot_gnuplot_terminals(s.gnuplot, &s.terms));
    SIM_TRY(choose_terminal(s.terms, o->format, &s.terminal));
    SIM_TRY(plot_template_dir(&s.tdir));
    SIM_TRY(plot_template_read(s.tdir, PLOT_TEMPLATE_MARKER, &s.style));

    /* 2. Inputs and figures, in memory. */
    SIM_TRY(gather(o, &s));
    if (s.figs.n == 0) SIM_TRY(SIM_FAIL(SIM_ERR_IO, "'%s': nothing to plot", o->results));

    /* 3. Where to put them. */
    s.outdir = o->outdir ? trim_slashes(o->outdir) : default_outdir(o->results);
    if (!s.outdir) SIM_TRY(SIM_FAIL(SIM_ERR_MEMORY, "out of memory"));
    if (!s.outdir[0]) SIM_TRY(SIM_FAIL(SIM_ERR_USAGE, "empty output directory"));
    int exists = 0;
    SIM_TRY(check_outdir(o, &s, ext, &exists));

    /* 4. Draw in a private directory: inside outdir if it exists (same file system for rename), else
     *    beside it, made with the umask's mode because it becomes outdir. */
    if (asprintf(&s.tmpdir, exists ? "%s/.chansim-plot.tmp.%ld" : "%s.tmp.%ld", s.outdir, (long)getpid()) < 0) {
        s.tmpdir = NULL;
        SIM_TRY(SIM_FAIL(SIM_ERR_MEMORY, "out of memory"));
    }
    if (mkdir(s.tmpdir, 0777) != 0) {
        st = SIM_FAIL(SIM_ERR_IO, "cannot create the temporary directory '%s': %s", s.tmpdir, strerror(errno));
        free(s.tmpdir); /* not ours: never remove it */
        s.tmpdir = NULL;
        goto done;
    }
    for (size_t i = 0; i < s.figs.n; i++) SIM_TRY(draw(&s, &s.figs.items[i], ext));
    SIM_TRY(publish(&s, ext, exists));

    /* 5. Report. */
    plot_report *r = calloc(1, sizeof *r);
    if (!r) SIM_TRY(SIM_FAIL(SIM_ERR_MEMORY, "out of memory"));
    s.rep = r;
    r->outdir = s.outdir;
    s.outdir = NULL;
    if (!(r->images = calloc(s.figs.n, sizeof *r->images))) SIM_TRY(SIM_FAIL(SIM_ERR_MEMORY, "out of memory"));
    for (size_t i = 0; i < s.figs.n; i++) {
        if (asprintf(&r->images[i], "%s.%s", s.figs.items[i].stem, ext) < 0) {
            r->images[i] = NULL;
            SIM_TRY(SIM_FAIL(SIM_ERR_MEMORY, "out of memory"));
        }
        r->nimages++;
    }
    r->notes = s.figs.notes;
    r->nnotes = s.figs.nnotes;
    s.figs.notes = NULL;
    s.figs.nnotes = 0;
    *rep = r;
    s.rep = NULL;
done:
    state_free(&s);
    return st;
}
