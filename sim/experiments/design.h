/**
 * @file design.h
 * @brief Experimental designs for parameter sweeps: full grids, Latin hypercubes,
 *        Sobol sequences and explicit point lists read from CSV.
 *
 * A design is a row-major table of points, [npoints][dims] doubles, in the swept
 * parameters' own units. Generators know nothing about configs: sweep.c turns a
 * sweep file into axes and ranges, calls these, and rounds integer parameters.
 *
 * Randomness (LHS only) comes from sim/engine/rng.h with the key (seed, DESIGN_RNG_REPLICATION),
 * a replication index no run reaches, so the design's draws never share a stream
 * with a replication's. Sobol points are GSL's gsl_qrng_sobol sequence, unscrambled.
 */
#ifndef CHANSIM_DESIGN_H
#define CHANSIM_DESIGN_H

#include <stddef.h>
#include <stdint.h>

#include "sim/engine/rng.h"
#include "sim/engine/status.h"

/** The kinds of design a sweep file may name in `[sweep] design`. */
typedef enum {
    DESIGN_GRID,  /**< every combination of each parameter's values (full factorial) */
    DESIGN_LHS,   /**< Latin hypercube: n points, each parameter's range cut in n strata, each hit once */
    DESIGN_SOBOL, /**< the first n points of the Sobol low-discrepancy sequence, scaled to the ranges */
    DESIGN_LIST   /**< explicit points from a CSV file */
} design_kind;

enum {
    DESIGN_SOBOL_MAX_DIMS = 40,                  /**< GSL's Sobol generator supports 1..40 dimensions */
    DESIGN_RNG_REPLICATION = 0xFFFFFFFFu,        /**< replication slot of the LHS key: never a real replication */
    /** Counter purpose of LHS draws: Latin hypercube permutations and jitter, entity = dimension. First of
     *  the experiments' range of sim/engine/rng.h; part of the reproducibility contract, never renumber. */
    DESIGN_RNG_PURPOSE = 100
};

_Static_assert((int)DESIGN_RNG_PURPOSE >= (int)RNG_EXPERIMENTS_FIRST, "sweep designs draw from the experiments' purposes");

/** Parse "grid", "lhs", "sobol" or "list". Errors: anything else (SIM_ERR_CONFIG, naming the accepted words). */
sim_status design_kind_parse(const char *text, design_kind *kind);

/** The name of a kind: "grid", "lhs", "sobol", "list". */
const char *design_kind_name(design_kind kind);

/** One grid axis: the values a parameter takes, in the order given. */
typedef struct {
    const double *values; /**< the values, in the parameter's unit */
    size_t count;         /**< how many; at least 1 */
} design_axis;

/**
 * Full factorial of `dims` axes: product of the counts points, crossed in file order
 * with the FIRST axis varying slowest (as nested loops over axes 0, 1, ...: point
 * index = ((i0 * n1 + i1) * n2 + i2) ...). *points is new ([npoints][dims]); free().
 * Errors: no axes, an empty axis, or more than max_points points (SIM_ERR_CONFIG).
 */
sim_status design_grid(const design_axis *axes, int dims, size_t max_points, double **points, size_t *npoints);

/**
 * Latin hypercube of n points over the boxes [lo[d], hi[d]]: in each dimension the
 * range is cut into n equal strata and each stratum holds exactly one point, placed
 * uniformly within it; strata are matched across dimensions by independent random
 * permutations. Deterministic in `seed`. *points is new ([n][dims]); free().
 * Errors: dims < 1, n < 1, lo >= hi (SIM_ERR_CONFIG).
 */
sim_status design_lhs(const double *lo, const double *hi, int dims, size_t n, uint32_t seed, double **points);

/**
 * The first n points of GSL's Sobol sequence in `dims` dimensions (gsl_qrng_sobol;
 * its first point is (0.5, ..., 0.5)), each coordinate x mapped to lo + x (hi - lo).
 * *points is new ([n][dims]); free(). Errors: dims outside 1..DESIGN_SOBOL_MAX_DIMS,
 * n < 1, lo >= hi (SIM_ERR_CONFIG).
 */
sim_status design_sobol(const double *lo, const double *hi, int dims, size_t n, double **points);

/**
 * A CSV table as text: a header of column names and rows of cells, each with the line
 * it came from, so the caller can convert cells by type and name file:line in errors.
 */
typedef struct {
    size_t ncols;   /**< columns (header fields) */
    size_t nrows;   /**< data rows */
    char **header;  /**< [ncols] column names, trimmed */
    char **cells;   /**< [nrows][ncols] cells, trimmed */
    int *lines;     /**< [nrows] line number of each row in the file (1 = header line) */
    char *path;     /**< the file as opened */
} design_csv;

/**
 * Read a comma-separated file: the first non-blank, non-comment line is the header,
 * each later one a row. Lines starting with '#' and blank lines are skipped; fields
 * are trimmed; no quoting (names and numbers only). Errors, each naming path:line:
 * unreadable file, no header, an empty header field, a header name given twice, a row
 * with a different number of fields, an empty cell, no data rows (SIM_ERR_CONFIG, or
 * SIM_ERR_IO for reading). *csv is new; free with design_csv_destroy.
 */
sim_status design_csv_read(const char *path, design_csv **csv);

/** Free a table from design_csv_read; sets *csv to NULL. Safe on NULL. */
void design_csv_destroy(design_csv **csv);

#endif
