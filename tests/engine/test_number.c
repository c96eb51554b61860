/**
 * @file test_number.c
 * @brief The one number parser of input text (sim/engine/number.h): decimal notation
 *        only; hexadecimal, inf, nan, spaces and trailing text refused; overflow and
 *        underflow (denormals, nonzero text read as 0) refused; zero in any form kept.
 */
#include <criterion/criterion.h>

#include <float.h>

#include "sim/engine/number.h"

Test(number, decimal_forms_are_numbers)
{
    static const struct {
        const char *text;
        double value;
    } ok[] = {{"0", 0},         {"-0", 0},        {"12", 12},         {"+1.5", 1.5},       {"-.25", -0.25},
              {"3.", 3},        {"1e3", 1000},    {"2.5E-2", 0.025},  {"0e-999", 0},       {"0.000", 0},
              {"2.2250738585072014e-308", DBL_MIN}, {"1.7976931348623157e308", DBL_MAX}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        double v = -1;
        cr_expect_eq(num_parse(ok[i].text, &v), NUM_OK, "'%s' refused", ok[i].text);
        cr_expect_eq(v, ok[i].value, "'%s' read as %.17g", ok[i].text, v);
    }
}

Test(number, everything_else_is_refused)
{
    static const struct {
        const char *text;
        num_status why;
    } bad[] = {{"", NUM_SYNTAX},          {"0x10", NUM_SYNTAX},   {"0X1p4", NUM_SYNTAX}, {"inf", NUM_SYNTAX},
               {"-Infinity", NUM_SYNTAX}, {"nan", NUM_SYNTAX},    {"NAN(1)", NUM_SYNTAX}, {" 1", NUM_SYNTAX},
               {"1 ", NUM_SYNTAX},        {"1e", NUM_SYNTAX},     {"1e+", NUM_SYNTAX},   {".", NUM_SYNTAX},
               {"-", NUM_SYNTAX},         {"1,5", NUM_SYNTAX},    {"1e999", NUM_TOO_LARGE},
               {"-1e309", NUM_TOO_LARGE}, {"1e-320", NUM_TOO_SMALL}, {"-4.9e-324", NUM_TOO_SMALL},
               {"1e-400", NUM_TOO_SMALL}, {"2.2e-308", NUM_TOO_SMALL}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double v = 7;
        cr_expect_eq(num_parse(bad[i].text, &v), bad[i].why, "'%s': %s", bad[i].text, num_reason(num_parse(bad[i].text, &v)));
        cr_expect_eq(v, 7, "'%s' changed the output", bad[i].text);
    }
    cr_expect_eq(num_parse(NULL, &(double){0}), NUM_SYNTAX);
}

Test(number, whole_numbers)
{
    long v = 0;
    cr_expect_eq(num_parse_long("42", 0, 100, &v), NUM_OK);
    cr_expect_eq(v, 42);
    cr_expect_eq(num_parse_long("-3", -5, 5, &v), NUM_OK);
    cr_expect_eq(v, -3);
    cr_expect_eq(num_parse_long("101", 0, 100, &v), NUM_RANGE);
    cr_expect_eq(num_parse_long("1.5", 0, 100, &v), NUM_RANGE);
    cr_expect_eq(num_parse_long("1e2", 0, 1000, &v), NUM_RANGE);
    cr_expect_eq(num_parse_long("0x10", 0, 100, &v), NUM_SYNTAX);
    cr_expect_eq(num_parse_long("99999999999999999999", 0, 100, &v), NUM_RANGE);
    cr_expect_eq(v, -3);
}

/* num_format: the short form when it reads back exactly, else 17 digits; every value round-trips. */
Test(number, format_is_short_and_exact)
{
    char b[32];
    num_format(0.1, b, sizeof b);
    cr_expect_str_eq(b, "0.1");
    num_format(2e-4, b, sizeof b);
    cr_expect_str_eq(b, "0.0002");
    num_format(110000, b, sizeof b);
    cr_expect_str_eq(b, "110000");
    num_format(0.1 + 0.2, b, sizeof b); /* 0.30000000000000004: 15 digits would read back as 0.3 */
    cr_expect_str_eq(b, "0.30000000000000004");
    const double values[] = {1.0 / 3, 3.141592653589793, 1e-300, -2.5e17, 0.95, 6.02214076e23};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        num_format(values[i], b, sizeof b);
        double back;
        cr_assert_eq(num_parse(b, &back), NUM_OK, "%s", b);
        cr_expect_eq(back, values[i], "%s reads back as %.17g, not %.17g", b, back, values[i]);
    }
}
