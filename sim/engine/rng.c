#include "sim/engine/rng.h"

#include <Random123/gsl_microrng.h>

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
