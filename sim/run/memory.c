/**
 * @file memory.c
 * @brief Results size estimate and the available-memory check (see memory.h).
 */
#include "sim/run/memory.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "models/metrics.h"

/** Calendar weeks a horizon can touch beyond days / 7: a partial first and last week. */
enum { PARTIAL_WEEKS = 2, WEEK_DAYS = 7 };

static const double GIB = 1024.0 * 1024.0 * 1024.0;

uint64_t run_results_bytes(int reps, int days, int groups)
{
    if (reps <= 0 || days <= 0 || groups < 0) return 0;
    uint64_t weeks = (uint64_t)days / WEEK_DAYS + PARTIAL_WEEKS;
    uint64_t per_rep = weeks * M_COUNT + M_COUNT + (uint64_t)days * D_COUNT + weeks * (uint64_t)groups * G_COUNT;
    return (uint64_t)reps * per_rep * sizeof(double);
}

uint64_t run_available_bytes(void)
{
    FILE *fp = fopen("/proc/meminfo", "r");
    if (fp) {
        char line[256];
        unsigned long long kb = 0;
        int found = 0;
        while (!found && fgets(line, sizeof line, fp)) found = sscanf(line, "MemAvailable: %llu kB", &kb) == 1;
        fclose(fp);
        if (found) return (uint64_t)kb * 1024u;
    }
    long pages = sysconf(_SC_AVPHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    return pages > 0 && size > 0 ? (uint64_t)pages * (uint64_t)size : 0;
}

sim_status run_memory_check(const char *what, int nscen, int reps, int days, int groups, uint64_t available)
{
    uint64_t need = (uint64_t)(nscen > 0 ? nscen : 1) * run_results_bytes(reps, days, groups);
    if (available == 0 || need <= available) return SIM_OK;
    return SIM_FAIL(SIM_ERR_CONFIG,
                    "%s: [scenario] days = %d with %d replications (x %d scenarios) needs about %.1f GiB for the results, more than the "
                    "%.1f GiB available: shorten the horizon, run fewer replications (-r), or split the replications "
                    "into shards",
                    what, days, reps, nscen, (double)need / GIB, (double)available / GIB);
}
