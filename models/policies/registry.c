/**
 * @file registry.c
 * @brief The registered policies, in the order their hooks run at each point of the
 *        day. To add a policy: write models/policies/NAME.c defining
 *        `const policy_def NAME_policy`, and add X(NAME) below (docs/extending.md).
 *
 * Order matters only where two policies act at the same point and the outcome or the
 * order of floating-point sums depends on it: france_returns takes arrivals before
 * fast_track, and the running costs are summed in this order.
 */
#include "models/policies/registry.h"

#include <string.h>

#define POLICIES(X)              \
    X(rwanda)                    \
    X(france_returns)            \
    X(fast_track)                \
    X(border_security_command)   \
    X(shallow_water)             \
    X(supply_chain)              \
    X(online)

#define DECLARE(name) extern const policy_def name##_policy;
POLICIES(DECLARE)
#undef DECLARE

#define ENTRY(name) &name##_policy,
static const policy_def *const registry[] = {POLICIES(ENTRY)};
#undef ENTRY

enum { REGISTRY_COUNT = sizeof registry / sizeof registry[0] };

size_t policy_count(void) { return REGISTRY_COUNT; }

const policy_def *policy_get(size_t i) { return i < REGISTRY_COUNT ? registry[i] : NULL; }

int policy_find(const char *section)
{
    for (size_t i = 0; i < REGISTRY_COUNT; i++)
        if (strcmp(registry[i]->section, section) == 0) return (int)i;
    return -1;
}

static size_t align_up(size_t n)
{
    const size_t a = alignof(max_align_t);
    return (n + a - 1) / a * a;
}

size_t policy_params_offset(size_t i)
{
    size_t off = 0;
    for (size_t k = 0; k < i && k < REGISTRY_COUNT; k++) off += align_up(registry[k]->params_size);
    return off;
}

const void *policy_params_of(const policy_params *pp, size_t i) { return pp->bytes + policy_params_offset(i); }

policy_window policy_window_of(const policy_params *pp, size_t i)
{
    policy_window w;
    memcpy(&w, policy_params_of(pp, i), sizeof w);
    return w;
}

const policy_announcement *policy_announcement_of(const policy_params *pp, size_t i)
{
    if (i >= REGISTRY_COUNT || registry[i]->announce_offset == 0) return NULL;
    return (const policy_announcement *)(pp->bytes + policy_params_offset(i) + registry[i]->announce_offset);
}

sim_status policy_registry_check(void)
{
    size_t end = policy_params_offset(REGISTRY_COUNT);
    if (end > POLICY_PARAMS_BYTES)
        return SIM_FAIL(SIM_ERR_INTERNAL, "the policies' parameters need %zu bytes; raise POLICY_PARAMS_BYTES (%d)",
                        end, POLICY_PARAMS_BYTES);
    for (size_t i = 0; i < REGISTRY_COUNT; i++) {
        const policy_def *d = registry[i];
        if (d->nparams < 2 || strcmp(d->params[0].key, "start") != 0 || strcmp(d->params[1].key, "end") != 0 ||
            d->params[0].offset != offsetof(policy_window, start) || d->params[1].offset != offsetof(policy_window, end))
            return SIM_FAIL(SIM_ERR_INTERNAL, "policy %s: its table must start with POLICY_WINDOW_PARAMS at offset 0",
                            d->section);
        if (d->announce_offset != 0 && d->announce_offset + sizeof(policy_announcement) > d->params_size)
            return SIM_FAIL(SIM_ERR_INTERNAL, "policy %s: its announcement lies outside its parameters", d->section);
        if (d->announce_offset != 0 && (d->return_route == M_ARRIVALS || d->return_route >= M_COUNT))
            return SIM_FAIL(SIM_ERR_INTERNAL, "policy %s: an announced policy needs the metric of its returns", d->section);
        if (d->state_size > 0 && !d->reset)
            return SIM_FAIL(SIM_ERR_INTERNAL, "policy %s has state but no reset", d->section);
    }
    return SIM_OK;
}

sim_status policy_windows_check(const policy_params *pp)
{
    for (size_t i = 0; i < REGISTRY_COUNT; i++) {
        policy_window w = policy_window_of(pp, i);
        /* "never" on either side is a policy switched off or never ending: both fine. */
        if (w.start == CFG_DATE_NEVER || w.end == CFG_DATE_NEVER || w.end > w.start) continue;
        char start[16], end[16];
        cfg_format_date(w.start, start, sizeof start);
        cfg_format_date(w.end, end, sizeof end);
        return SIM_FAIL(SIM_ERR_CONFIG,
                        "[%s] end: %s is not after start %s, so the policy would never be in force (end is the "
                        "first day no longer in force; start = never switches a policy off)",
                        registry[i]->section, end, start);
    }
    return SIM_OK;
}
