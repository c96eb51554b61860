/**
 * @file libfuzzer_main.c
 * @brief libFuzzer entry point of one harness: built once per target with
 *        -DFUZZ_TARGET_NAME=<target> (Makefile `fuzz`), e.g. build/fuzz/fuzz_config.
 */
#include <stddef.h>
#include <stdint.h>

#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CAT_(a, b) a##b
#define FUZZ_CAT(a, b) FUZZ_CAT_(a, b)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return FUZZ_CAT(fuzz_, FUZZ_TARGET_NAME)(data, size);
}
