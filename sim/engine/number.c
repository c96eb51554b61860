/**
 * @file number.c
 * @brief Decimal number text to double, and a double to its shortest exact text (see number.h).
 */
#include "sim/engine/number.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Length of the decimal-number prefix of s (0 if none); *digits_nonzero: a mantissa digit is not 0. */
static size_t decimal_span(const char *s, int *integer_only, int *digits_nonzero)
{
    size_t i = 0, digits = 0;
    *integer_only = 1;
    *digits_nonzero = 0;
    if (s[i] == '+' || s[i] == '-') i++;
    for (; s[i] >= '0' && s[i] <= '9'; i++, digits++)
        if (s[i] != '0') *digits_nonzero = 1;
    if (s[i] == '.') {
        *integer_only = 0;
        for (i++; s[i] >= '0' && s[i] <= '9'; i++, digits++)
            if (s[i] != '0') *digits_nonzero = 1;
    }
    if (digits == 0) return 0;
    if (s[i] == 'e' || s[i] == 'E') {
        size_t j = i + 1, exp_digits = 0;
        if (s[j] == '+' || s[j] == '-') j++;
        for (; s[j] >= '0' && s[j] <= '9'; j++) exp_digits++;
        if (exp_digits == 0) return 0;
        *integer_only = 0;
        i = j;
    }
    return i;
}

num_status num_parse(const char *s, double *out)
{
    int integer_only, nonzero;
    size_t n = s ? decimal_span(s, &integer_only, &nonzero) : 0;
    if (n == 0 || s[n] != '\0') return NUM_SYNTAX;
    double v = strtod(s, NULL);
    if (!isfinite(v)) return NUM_TOO_LARGE;
    /* Underflow: a nonzero text read as 0 or as a denormal has lost its precision. */
    if (nonzero && fabs(v) < DBL_MIN) return NUM_TOO_SMALL;
    *out = v;
    return NUM_OK;
}

num_status num_parse_long(const char *s, long lo, long hi, long *out)
{
    int integer_only, nonzero;
    size_t n = s ? decimal_span(s, &integer_only, &nonzero) : 0;
    if (n == 0 || s[n] != '\0') return NUM_SYNTAX;
    if (!integer_only) return NUM_RANGE;
    errno = 0;
    long v = strtol(s, NULL, 10);
    if (errno == ERANGE || v < lo || v > hi) return NUM_RANGE;
    *out = v;
    return NUM_OK;
}

const char *num_reason(num_status st)
{
    switch (st) {
    case NUM_OK: return "a number";
    case NUM_SYNTAX: return "not a decimal number";
    case NUM_TOO_LARGE: return "too large";
    case NUM_TOO_SMALL: return "too small (nonzero below 2.2e-308)";
    case NUM_RANGE: return "out of range";
    }
    return "not a number";
}

void num_format(double v, char *buf, size_t size)
{
    snprintf(buf, size, "%.15g", v);
    if (strtod(buf, NULL) != v) snprintf(buf, size, "%.17g", v);
}
