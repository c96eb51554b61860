/**
 * @file number.h
 * @brief The one way input text becomes a number (configs, --set, calibration, sweep
 *        and sensitivity files, observed CSVs): plain decimal notation only.
 *
 * strtod alone accepts more than a person means by a number: hexadecimal ("0x10" is 16),
 * "inf", "nan", "infinity", and values so small they lose precision silently (1e-320 is
 * a denormal) or become 0 (1e-400). Every reader of numbers in input goes through
 * num_parse, so they all accept and refuse the same texts.
 */
#ifndef CHANSIM_NUMBER_H
#define CHANSIM_NUMBER_H

#include <stddef.h>

/** Why a text is not an accepted number. */
typedef enum {
    NUM_OK = 0,
    NUM_SYNTAX,    /**< not plain decimal notation (hex, inf, nan, spaces, trailing text, empty) */
    NUM_TOO_LARGE, /**< overflows a double */
    NUM_TOO_SMALL, /**< nonzero but below DBL_MIN (2.2e-308): a denormal or 0 after underflow */
    NUM_RANGE,     /**< a whole number outside the caller's bounds, or not whole */
} num_status;

/**
 * Parse all of `s` as a decimal number: optional sign, digits with an optional decimal
 * point (at least one digit), optional exponent e/E[sign]digits; no spaces. The value
 * must be finite and, unless it is exactly zero, a normal double (|v| >= 2.2e-308).
 * On NUM_OK sets *out; otherwise leaves it unchanged.
 */
num_status num_parse(const char *s, double *out);

/** num_parse for a whole number in [lo, hi] written as digits only (no point, no exponent). */
num_status num_parse_long(const char *s, long lo, long hi, long *out);

/** A short phrase for a failure: "not a decimal number", "too large", ... */
const char *num_reason(num_status st);

/**
 * Write v as the shorter of %.15g and %.17g that reads back to the same double: "0.1"
 * for 0.1, not "0.10000000000000001", yet every double round-trips. Finite v only.
 */
void num_format(double v, char *buf, size_t size);

#endif
