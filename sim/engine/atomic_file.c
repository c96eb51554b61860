#include "sim/engine/atomic_file.h"

#include "sim/engine/atomic_internal.h"

#include <dirent.h>
#include <ftw.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What a non-regular file is, for messages. */
const char *atomic_kind_of(mode_t m)
{
    if (S_ISDIR(m)) return "directory";
    if (S_ISCHR(m)) return "character device";
    if (S_ISBLK(m)) return "block device";
    if (S_ISFIFO(m)) return "FIFO";
    if (S_ISSOCK(m)) return "socket";
    if (S_ISLNK(m)) return "symbolic link";
    return "special file";
}
#define kind_of atomic_kind_of

char *atomic_dir_of(const char *path)
{
    char *copy = strdup(path);
    if (!copy) return NULL;
    char *dir = strdup(dirname(copy));
    free(copy);
    return dir;
}
#define dir_of atomic_dir_of

static int remove_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    return (type == FTW_DP ? rmdir(path) : unlink(path)) == 0 ? 0 : -1;
}

int atomic_remove_tree(const char *path)
{
    /* FTW_PHYS: a link inside is removed, never followed; FTW_DEPTH: contents first. */
    return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/*
 * Is temporary `path` in use? Its writer holds a write lock on it (atomic_hold_lock) for
 * as long as it writes; a process id alone is not proof, since on a cluster's shared file
 * system the writer may run on another node whose process ids mean nothing here.
 */
static int held_by_writer(const char *path)
{
    int fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) return 0;
    struct flock l = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    int held = fcntl(fd, F_GETLK, &l) == 0 && l.l_type != F_UNLCK;
    close(fd);
    return held;
}

int atomic_hold_lock(int fd)
{
    struct flock l = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    return fcntl(fd, F_SETLK, &l);
}

/*
 * "<base>.tmp.<pid>" entries beside `target`: a killed run's leftovers (process gone, no
 * writer's lock) are removed and reported; one of a running process is reported and
 * left alone (two runs writing one output: the later rename wins).
 */
void atomic_clean_stale(const char *target)
{
    char *copy = strdup(target), *dir = dir_of(target);
    DIR *d = copy && dir ? opendir(dir) : NULL;
    if (d) {
        const char *base = basename(copy);
        size_t nb = strlen(base);
        for (struct dirent *e; (e = readdir(d));) {
            const char *name = e->d_name;
            if (strncmp(name, base, nb) != 0 || strncmp(name + nb, ".tmp.", 5) != 0) continue;
            char *end = NULL;
            long pid = strtol(name + nb + 5, &end, 10);
            if (end == name + nb + 5 || *end != '\0' || pid <= 0 || pid == (long)getpid()) continue;
            char *full = NULL;
            if (asprintf(&full, "%s/%s", dir, name) < 0) break;
            struct stat sb;
            /* ESRCH: no such process. EPERM means it runs under another user: not stale. */
            int gone = kill((pid_t)pid, 0) != 0 && errno == ESRCH;
            if (lstat(full, &sb) != 0 || !(S_ISREG(sb.st_mode) || S_ISDIR(sb.st_mode))) {
                /* not ours to touch */
            } else if (!gone || (S_ISREG(sb.st_mode) && held_by_writer(full))) {
                sim_warn("temporary file '%s' belongs to a running process (%ld): another run is writing the same "
                         "output; left alone",
                         full, pid);
            } else if ((S_ISDIR(sb.st_mode) ? atomic_remove_tree(full) : unlink(full)) == 0) {
                sim_warn("removed stale temporary %s '%s' left by an interrupted run (process %ld is gone)",
                         S_ISDIR(sb.st_mode) ? "folder" : "file", full, pid);
            } else {
                sim_warn("stale temporary file '%s' left by an interrupted run (process %ld is gone) cannot be "
                         "removed: %s",
                         full, pid, strerror(errno));
            }
            free(full);
        }
        closedir(d);
    }
    free(copy);
    free(dir);
}



/* `target` (no link) exists as `sb`: may it be replaced? */
static sim_status check_existing(const char *path, const char *target, const struct stat *sb, int force)
{
    const char *via = strcmp(path, target) != 0 ? " (through symbolic link '" : "";
    const char *link = *via ? path : "", *close = *via ? "')" : "";
    if (!S_ISREG(sb->st_mode))
        return SIM_FAIL(SIM_ERR_IO, "output '%s'%s%s%s is a %s, not a regular file: chansim writes only regular files",
                        target, via, link, close, kind_of(sb->st_mode));
    if (!force) return SIM_FAIL(SIM_ERR_EXISTS, "output '%s' exists; use --force to overwrite", path);
    /* Mode bits, not access(): root may write anything, but a 0444 file says "keep me". */
    if ((sb->st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0 || access(target, W_OK) != 0)
        return SIM_FAIL(SIM_ERR_IO, "output '%s'%s%s%s is read-only: not replaced, even with --force (make it "
                        "writable or choose another name)",
                        target, via, link, close);
    return SIM_OK;
}

sim_status atomic_check_parent(const char *path, const char *target)
{
    /* Checked first: its error names the real problem ("No such file or directory"). */
    char *dir = dir_of(target);
    if (!dir) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    struct stat sb;
    sim_status st = SIM_OK;
    if (stat(dir, &sb) != 0)
        st = SIM_FAIL(SIM_ERR_IO, "cannot write output '%s': directory '%s': %s", path, dir, strerror(errno));
    else if (!S_ISDIR(sb.st_mode))
        st = SIM_FAIL(SIM_ERR_IO, "cannot write output '%s': '%s' is not a directory", path, dir);
    else if (access(dir, W_OK | X_OK) != 0)
        st = SIM_FAIL(SIM_ERR_IO, "cannot write output '%s': directory '%s': %s", path, dir, strerror(errno));
    free(dir);
    return st;
}

sim_status atomic_target(const char *path, int force, char **target)
{
    if (!path || !target) return SIM_FAIL(SIM_ERR_INTERNAL, "atomic_target: NULL argument");
    *target = NULL;
    if (!path[0]) return SIM_FAIL(SIM_ERR_USAGE, "empty output file name");
    struct stat sb;
    char *t = NULL;
    sim_status st = SIM_OK;
    int exists = lstat(path, &sb) == 0;
    if (!exists && errno != ENOENT) return SIM_FAIL(SIM_ERR_IO, "cannot write output '%s': %s", path, strerror(errno));
    if (exists && S_ISLNK(sb.st_mode)) {
        /* Write through the link: replace the file it points to, keep the link. */
        if (!(t = realpath(path, NULL)) || stat(t, &sb) != 0)
            SIM_FAIL_GOTO(SIM_ERR_IO, "output '%s' is a symbolic link to a missing file: not written", path);
    } else if (!(t = strdup(path))) {
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    }
    if (exists) SIM_TRY(check_existing(path, t, &sb, force));

    SIM_TRY(atomic_check_parent(path, t));
    atomic_clean_stale(t);
    *target = t;
    t = NULL;
done:
    free(t);
    return st;
}

void atomic_sync_dir_of(const char *path)
{
    char *dir = dir_of(path);
    int fd = dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    free(dir);
}

sim_status atomic_rename(const char *tmp, const char *target, int force)
{
    if (!tmp || !target) return SIM_FAIL(SIM_ERR_INTERNAL, "atomic_rename: NULL argument");
    /* Someone may have created the file since it was checked; without force it is theirs.
     * lstat: a link put there meanwhile is not ours to follow now. */
    struct stat sb;
    if (lstat(target, &sb) == 0) SIM_CHECK(check_existing(target, target, &sb, force));
    if (rename(tmp, target) != 0)
        return SIM_FAIL(SIM_ERR_IO, "cannot rename '%s' to '%s': %s", tmp, target, strerror(errno));
    atomic_sync_dir_of(target);
    return SIM_OK;
}

void atomic_discard(atomic_file *f)
{
    if (f->fp) fclose(f->fp);
    if (f->tmp) unlink(f->tmp);
    free(f->path);
    free(f->tmp);
    memset(f, 0, sizeof *f);
}

sim_status atomic_open(atomic_file *f, const char *path) { return atomic_open_checked(f, path, 1); }

sim_status atomic_open_checked(atomic_file *f, const char *path, int force)
{
    memset(f, 0, sizeof *f);
    SIM_CHECK(atomic_target(path, force, &f->path));
    f->force = force;
    size_t nt = strlen(f->path) + 32;
    if (!(f->tmp = malloc(nt))) {
        atomic_discard(f);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    }
    snprintf(f->tmp, nt, "%s.tmp.%ld", f->path, (long)getpid());
    /* O_EXCL: never write into a file someone else made under our temporary name. */
    int fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) (void)atomic_hold_lock(fd); /* best effort: marks the file as in use (clean_stale) */
    if (fd < 0 || !(f->fp = fdopen(fd, "w"))) {
        sim_status st = SIM_FAIL(SIM_ERR_IO, "cannot create '%s': %s", f->tmp, strerror(errno));
        if (fd >= 0) close(fd);
        else {
            free(f->tmp); /* nothing was created: do not unlink someone else's file */
            f->tmp = NULL;
        }
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
        sim_status st = SIM_FAIL(SIM_ERR_IO, "cannot write '%s': %s", f->tmp, strerror(err ? err : EIO));
        atomic_discard(f);
        return st;
    }
    sim_status st = atomic_rename(f->tmp, f->path, f->force);
    if (st == SIM_OK) {
        free(f->tmp);
        f->tmp = NULL;
    }
    atomic_discard(f);
    return st;
}

sim_status atomic_write_text(const char *path, const char *text)
{
    atomic_file f;
    SIM_CHECK(atomic_open(&f, path));
    fputs(text, f.fp);
    return atomic_commit(&f);
}
