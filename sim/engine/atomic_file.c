#include "sim/engine/atomic_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void atomic_discard(atomic_file *f)
{
    if (f->fp) fclose(f->fp);
    if (f->tmp) unlink(f->tmp);
    free(f->path);
    free(f->tmp);
    memset(f, 0, sizeof *f);
}

sim_status atomic_open(atomic_file *f, const char *path)
{
    memset(f, 0, sizeof *f);
    size_t n = strlen(path) + 1, nt = n + 32;
    f->path = malloc(n);
    f->tmp = malloc(nt);
    if (!f->path || !f->tmp) {
        atomic_discard(f);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    }
    memcpy(f->path, path, n);
    snprintf(f->tmp, nt, "%s.tmp.%ld", path, (long)getpid());
    if (!(f->fp = fopen(f->tmp, "w"))) {
        sim_status st = SIM_FAIL(SIM_ERR_IO, "cannot create '%s': %s", f->tmp, strerror(errno));
        free(f->tmp); /* nothing was created: do not unlink someone else's file */
        f->tmp = NULL;
        atomic_discard(f);
        return st;
    }
    return SIM_OK;
}

sim_status atomic_commit(atomic_file *f)
{
    int bad = ferror(f->fp) || fflush(f->fp) != 0 || fsync(fileno(f->fp)) != 0;
    int err = errno;
    if (fclose(f->fp) != 0 && !bad) {
        bad = 1;
        err = errno;
    }
    f->fp = NULL;
    if (bad) {
        sim_status st = SIM_FAIL(SIM_ERR_IO, "cannot write '%s': %s", f->tmp, strerror(err));
        atomic_discard(f);
        return st;
    }
    if (rename(f->tmp, f->path) != 0) {
        sim_status st = SIM_FAIL(SIM_ERR_IO, "cannot rename '%s' to '%s': %s", f->tmp, f->path, strerror(errno));
        atomic_discard(f);
        return st;
    }
    free(f->tmp);
    f->tmp = NULL;
    atomic_discard(f);
    return SIM_OK;
}

sim_status atomic_write_text(const char *path, const char *text)
{
    atomic_file f;
    SIM_CHECK(atomic_open(&f, path));
    fputs(text, f.fp);
    return atomic_commit(&f);
}
