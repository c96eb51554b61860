#include "sim/engine/rng.h"

#include <Random123/gsl_microrng.h>
#include <gsl/gsl_randist.h>

/* Random123's adaptor: a gsl_rng type whose output is Philox4x32-10 of a counter
 * we set; the last counter word is the micro-stream's own draw index. */
GSL_MICRORNG(chansim_philox, philox4x32);

sim_status rng_stream_create(gsl_rng **stream)
{
    *stream = gsl_rng_alloc(gsl_rng_chansim_philox);
    if (!*stream)
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory allocating a random stream");
    return SIM_OK;
}

void rng_stream_destroy(gsl_rng **stream)
{
    if (*stream) gsl_rng_free(*stream);
    *stream = NULL;
}

void rng_seek(gsl_rng *stream, rng_key key, uint32_t purpose, uint32_t entity, uint32_t day)
{
    philox4x32_ctr_t c = {{entity, day, purpose, 0}};
    philox4x32_key_t k = {{key.seed, key.replication}};
    chansim_philox_reset(stream, c, k);
}

unsigned rng_poisson(gsl_rng *stream, rng_key key, uint32_t purpose, uint32_t entity, uint32_t day, double mu)
{
    if (!(mu > 0)) return 0;
    if (mu > RNG_POISSON_INVERSION_MAX) {
        rng_seek(stream, key, purpose, entity, day);
        return gsl_ran_poisson(stream, mu);
    }
    uint32_t w[4];
    rng_block(key, purpose, entity, day, w);
    /* 53 bits: 27 of w[0] and 26 of w[1], and the midpoint of the cell. */
    double u = ((double)(w[0] >> 5) * 67108864.0 + (double)(w[1] >> 6) + 0.5) * (1.0 / 9007199254740992.0);
    /* The smallest k with F(k) >= u. p reaches 0 (underflow) long after F has passed any
     * u the rounding of F could leave above it, so the search always ends. */
    double p = exp(-mu), cdf = p;
    unsigned k = 0;
    while (u > cdf && p > 0) {
        k++;
        p *= mu / k;
        cdf += p;
    }
    return k;
}

