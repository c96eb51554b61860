/**
 * @file output_provenance.c
 * @brief /provenance of a results file: who ran what, where and when, library
 *        versions and each scenario's resolved config. The only part of a file that
 *        differs between two runs of the same config and seed.
 */
#include "sim/engine/version.h"
#include "sim/io/output.h"

#include <stdio.h>
#include <time.h>

#include <gsl/gsl_version.h>

#include "sim/io/output_h5.h"

/* ISO 8601 UTC, e.g. 2024-05-01T12:34:56Z. */
static void iso_utc(long long t, char *buf, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm) || strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) snprintf(buf, size, "unknown");
}

sim_status out_write_provenance(out_file *f, const out_provenance *p, const sim_results *const *scen, size_t nscen)
{
    if (!f || f->file < 0 || !p || (nscen > 0 && !scen))
        return SIM_FAIL(SIM_ERR_INTERNAL, "out_write_provenance: bad argument");
    if (f->provenance_done) return SIM_FAIL(SIM_ERR_INTERNAL, "provenance of '%s' written twice", f->path);
    f->provenance_done = 1;

    sim_status st = SIM_OK;
    hid_t g = H5I_INVALID_HID, cg = H5I_INVALID_HID;
    char buf[64];
    SIM_TRY(out_create_group(f->file, "provenance", &g));
    SIM_TRY(out_write_attr_string(g, "command_line", p->command_line));
    SIM_TRY(out_write_attr_u32(g, "seed", p->seed));
    SIM_TRY(out_write_attr_int(g, "replications", p->reps));
    SIM_TRY(out_write_attr_string(g, "version", sim_version()));
    SIM_TRY(out_write_attr_string(g, "git_commit", sim_git_commit()));
    SIM_TRY(out_write_attr_string(g, "gsl_version", gsl_version));
    unsigned maj = 0, min = 0, rel = 0;
    if (H5get_libversion(&maj, &min, &rel) < 0) FAIL_H5("cannot get the HDF5 library version");
    snprintf(buf, sizeof buf, "%u.%u.%u", maj, min, rel);
    SIM_TRY(out_write_attr_string(g, "hdf5_version", buf));
    SIM_TRY(out_write_attr_string(g, "inih_version", sim_inih_version()));
    SIM_TRY(out_write_attr_int(g, "threads", p->threads));
    SIM_TRY(out_write_attr_int(g, "mpi_processes", p->mpi_procs));
    SIM_TRY(out_write_attr_string(g, "host", p->host));
    iso_utc(p->start_time, buf, sizeof buf);
    SIM_TRY(out_write_attr_string(g, "start_time", buf));
    iso_utc(p->end_time, buf, sizeof buf);
    SIM_TRY(out_write_attr_string(g, "end_time", buf));

    SIM_TRY(out_create_group(g, "config", &cg));
    for (size_t i = 0; i < nscen; i++) {
        if (!scen[i]) SIM_FAIL_GOTO(SIM_ERR_INTERNAL, "out_write_provenance: scenario %zu is NULL", i);
        if (!scen[i]->config_text) continue;
        SIM_TRY(out_check_name(scen[i]->name));
        htri_t ex = H5Lexists(cg, scen[i]->name, H5P_DEFAULT);
        if (ex < 0) FAIL_H5("cannot look up provenance of scenario '%s'", scen[i]->name);
        if (ex > 0) SIM_FAIL_GOTO(SIM_ERR_CONFIG, "scenario '%s' appears twice in the provenance", scen[i]->name);
        SIM_TRY(out_write_string_dataset(cg, scen[i]->name, scen[i]->config_text));
    }
done:
    out_close(&cg);
    out_close(&g);
    return st;
}
