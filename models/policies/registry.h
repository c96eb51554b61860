/**
 * @file registry.h
 * @brief The list of policies the model knows, and where each one's parameters live
 *        inside model_params (one block, laid out in registry order).
 */
#ifndef CHANSIM_REGISTRY_H
#define CHANSIM_REGISTRY_H

#include <stdalign.h>
#include <stddef.h>

#include "models/policies/policy.h"

/** Room for every policy's parameter struct; policy_registry_check says if it is too small. */
enum { POLICY_PARAMS_BYTES = 2048 };

/** Every registered policy's parameters, bound from the config like any other module's. */
typedef struct {
    alignas(max_align_t) unsigned char bytes[POLICY_PARAMS_BYTES]; /**< laid out by policy_params_offset */
} policy_params;

/** Number of registered policies. */
size_t policy_count(void);

/** Policy i (0 <= i < policy_count()), in registry order. */
const policy_def *policy_get(size_t i);

/** Index of the policy with config section `section`, or -1. */
int policy_find(const char *section);

/** Offset of policy i's parameter struct inside policy_params, bytes (aligned for any type). */
size_t policy_params_offset(size_t i);

/** Policy i's parameters. */
const void *policy_params_of(const policy_params *pp, size_t i);

/** Policy i's date window (the first member of its parameters). */
policy_window policy_window_of(const policy_params *pp, size_t i);

/** Policy i's announcement (models/policies/announce.h), or NULL when it makes none. */
const policy_announcement *policy_announcement_of(const policy_params *pp, size_t i);

/** Every policy's parameters fit in POLICY_PARAMS_BYTES, and every table starts with its window. */
sim_status policy_registry_check(void);

/**
 * Every policy's window opens: end after start unless either is "never". Errors
 * (SIM_ERR_CONFIG) begin "[section] end:" so the caller can name where the key was set.
 */
sim_status policy_windows_check(const policy_params *pp);

#endif
