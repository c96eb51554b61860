/**
 * @file atomic_dir.c
 * @brief Output folders written whole (atomic_dir_* in atomic_file.h): filled under a
 *        temporary name beside the target, then exchanged with the old folder in one
 *        rename (renameat2 RENAME_EXCHANGE, Linux 3.15+), so readers see the old folder
 *        or the new one and nothing of an earlier output is left over.
 */
#include "sim/engine/atomic_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/engine/atomic_internal.h"

/* `path` without trailing slashes ("out/" -> "out", "/" stays "/"); caller frees. */
static char *trim_slashes(const char *path)
{
    char *p = strdup(path);
    if (!p) return NULL;
    for (size_t n = strlen(p); n > 1 && p[n - 1] == '/'; n--) p[n - 1] = '\0';
    return p;
}

/*
 * May existing `target` (output `path` as given) be replaced by a new folder? Only a
 * writable directory of regular files, and only with force: a folder holding
 * subfolders, links or devices is not something chansim wrote, and "--force -o ~"
 * must not remove a home directory.
 */
static sim_status check_folder(const char *path, const char *target, const struct stat *sb, int force)
{
    if (!S_ISDIR(sb->st_mode))
        return SIM_FAIL(SIM_ERR_IO, "output folder '%s' is a %s, not a directory: not replaced", path,
                        atomic_kind_of(sb->st_mode));
    if (!force) return SIM_FAIL(SIM_ERR_EXISTS, "output folder '%s' exists; use --force to replace it", path);
    /* Mode bits, not access(): root may write anything, but a read-only folder says "keep me". */
    if ((sb->st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0 || access(target, W_OK | X_OK) != 0)
        return SIM_FAIL(SIM_ERR_IO, "output folder '%s' is read-only: not replaced, even with --force", path);
    DIR *dir = opendir(target);
    if (!dir) return SIM_FAIL(SIM_ERR_IO, "cannot read output folder '%s': %s", path, strerror(errno));
    sim_status st = SIM_OK;
    for (struct dirent *e; st == SIM_OK && (e = readdir(dir));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        struct stat es;
        if (fstatat(dirfd(dir), e->d_name, &es, AT_SYMLINK_NOFOLLOW) != 0)
            st = SIM_FAIL(SIM_ERR_IO, "cannot check '%s/%s': %s", path, e->d_name, strerror(errno));
        else if (!S_ISREG(es.st_mode))
            st = SIM_FAIL(SIM_ERR_IO,
                          "output folder '%s' holds '%s', a %s: only a folder of regular files is replaced "
                          "(choose a new folder)",
                          path, e->d_name, atomic_kind_of(es.st_mode));
    }
    closedir(dir);
    return st;
}

sim_status atomic_dir_open(atomic_dir *d, const char *path, int force)
{
    if (!d || !path) return SIM_FAIL(SIM_ERR_INTERNAL, "atomic_dir_open: NULL argument");
    memset(d, 0, sizeof *d);
    d->force = force;
    sim_status st = SIM_OK;
    char *given = trim_slashes(path), *t = NULL;
    if (!given) SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
    if (!given[0]) SIM_FAIL_GOTO(SIM_ERR_USAGE, "empty output folder name");
    struct stat sb;
    int exists = lstat(given, &sb) == 0;
    if (!exists && errno != ENOENT)
        SIM_FAIL_GOTO(SIM_ERR_IO, "cannot write output folder '%s': %s", given, strerror(errno));
    if (exists && S_ISLNK(sb.st_mode)) {
        /* Written through, as for files: the folder the link names is replaced, the link kept. */
        if (!(t = realpath(given, NULL)) || stat(t, &sb) != 0)
            SIM_FAIL_GOTO(SIM_ERR_IO, "output folder '%s' is a symbolic link to a missing folder: not written", given);
    } else if (!(t = strdup(given))) {
        SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
    }
    if (exists) SIM_TRY(check_folder(given, t, &sb, force));
    if (!strcmp(t, "/") || !strcmp(t, ".") || !strcmp(t, ".."))
        SIM_FAIL_GOTO(SIM_ERR_USAGE, "output folder '%s': give a folder name", given);
    SIM_TRY(atomic_check_parent(given, t));
    atomic_clean_stale(t);
    if (asprintf(&d->tmp, "%s.tmp.%ld", t, (long)getpid()) < 0) {
        d->tmp = NULL;
        SIM_FAIL_GOTO(SIM_ERR_MEMORY, "out of memory");
    }
    /* The umask's mode, since this folder becomes the output. */
    if (mkdir(d->tmp, 0777) != 0) {
        st = SIM_FAIL(SIM_ERR_IO, "cannot create the temporary folder '%s': %s", d->tmp, strerror(errno));
        free(d->tmp); /* not ours: never remove it */
        d->tmp = NULL;
        goto done;
    }
    d->path = t;
    t = NULL;
done:
    free(given);
    free(t);
    if (st != SIM_OK) atomic_dir_discard(d);
    return st;
}

sim_status atomic_dir_file(const atomic_dir *d, const char *name, char **path)
{
    if (!d || !d->tmp || !name || !path) return SIM_FAIL(SIM_ERR_INTERNAL, "atomic_dir_file: no open folder");
    *path = NULL;
    if (!name[0] || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, ".."))
        return SIM_FAIL(SIM_ERR_INTERNAL, "atomic_dir_file: '%s' is not a plain file name", name);
    if (asprintf(path, "%s/%s", d->tmp, name) < 0) {
        *path = NULL;
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    }
    return SIM_OK;
}

sim_status atomic_dir_fopen(const atomic_dir *d, const char *name, FILE **fp)
{
    if (!fp) return SIM_FAIL(SIM_ERR_INTERNAL, "atomic_dir_fopen: NULL argument");
    *fp = NULL;
    char *p = NULL;
    SIM_CHECK(atomic_dir_file(d, name, &p));
    /* O_EXCL: two outputs given the same name are a bug, not a silent overwrite. */
    int fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    sim_status st = SIM_OK;
    if (fd < 0 || !(*fp = fdopen(fd, "w"))) {
        st = SIM_FAIL(SIM_ERR_IO, "cannot create '%s': %s", p, strerror(errno));
        if (fd >= 0) close(fd);
    }
    free(p);
    return st;
}

sim_status atomic_dir_fclose(const atomic_dir *d, const char *name, FILE **fp)
{
    if (!d || !fp || !*fp) return SIM_FAIL(SIM_ERR_INTERNAL, "atomic_dir_fclose: no open file");
    int bad = ferror(*fp) || fflush(*fp) != 0 || fsync(fileno(*fp)) != 0;
    int err = errno;
    if (fclose(*fp) != 0 && !bad) {
        bad = 1;
        err = errno;
    }
    *fp = NULL;
    if (bad) return SIM_FAIL(SIM_ERR_IO, "cannot write '%s/%s': %s", d->tmp, name ? name : "?", strerror(err ? err : EIO));
    return SIM_OK;
}

/* fsync the new folder's entry list, so the exchange publishes a complete folder after a crash. */
static sim_status sync_folder(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return SIM_FAIL(SIM_ERR_IO, "cannot open '%s': %s", dir, strerror(errno));
    int bad = fsync(fd) != 0;
    int err = errno;
    close(fd);
    if (bad) return SIM_FAIL(SIM_ERR_IO, "cannot flush '%s' to disk: %s", dir, strerror(err));
    return SIM_OK;
}

/* The old folder, now at `old`, goes; a failure leaves it there, reported, not an error of the output. */
static void remove_old(const char *old, const char *path)
{
    if (atomic_remove_tree(old) != 0)
        sim_warn("the previous contents of '%s' were kept at '%s' (cannot remove: %s)", path, old, strerror(errno));
}

/* Put the new folder in place of an existing one: one exchange, or aside-then-in where unsupported (NFS). */
static sim_status replace_folder(atomic_dir *d)
{
    if (renameat2(AT_FDCWD, d->tmp, AT_FDCWD, d->path, RENAME_EXCHANGE) == 0) {
        remove_old(d->tmp, d->path); /* the exchange put the old folder under the temporary name */
        return SIM_OK;
    }
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
        return SIM_FAIL(SIM_ERR_IO, "cannot replace '%s' with '%s': %s", d->path, d->tmp, strerror(errno));
    char *old = NULL;
    if (asprintf(&old, "%s.old.%ld", d->path, (long)getpid()) < 0) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory");
    sim_status st = SIM_OK;
    if (rename(d->path, old) != 0) {
        st = SIM_FAIL(SIM_ERR_IO, "cannot move '%s' aside to '%s': %s", d->path, old, strerror(errno));
    } else if (rename(d->tmp, d->path) != 0) {
        st = SIM_FAIL(SIM_ERR_IO, "cannot rename '%s' to '%s': %s", d->tmp, d->path, strerror(errno));
        (void)rename(old, d->path); /* put the old folder back */
    } else {
        remove_old(old, d->path);
    }
    free(old);
    return st;
}

sim_status atomic_dir_commit(atomic_dir *d)
{
    if (!d || !d->tmp || !d->path) return SIM_FAIL(SIM_ERR_INTERNAL, "atomic_dir_commit: no open folder");
    sim_status st = SIM_OK;
    SIM_TRY(sync_folder(d->tmp));
    /* Checked again: the target may have appeared or changed kind since atomic_dir_open.
     * lstat: a link put there meanwhile is not ours to follow now. */
    struct stat sb;
    if (lstat(d->path, &sb) == 0) {
        SIM_TRY(check_folder(d->path, d->path, &sb, d->force));
        SIM_TRY(replace_folder(d));
    } else if (renameat2(AT_FDCWD, d->tmp, AT_FDCWD, d->path, RENAME_NOREPLACE) != 0) {
        if (errno == EEXIST) SIM_FAIL_GOTO(SIM_ERR_EXISTS, "output folder '%s' appeared meanwhile; not replaced", d->path);
        /* RENAME_NOREPLACE unsupported (NFS): rename, which refuses a non-empty folder. */
        if ((errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) || rename(d->tmp, d->path) != 0)
            SIM_FAIL_GOTO(SIM_ERR_IO, "cannot rename '%s' to '%s': %s", d->tmp, d->path, strerror(errno));
    }
    free(d->tmp);
    d->tmp = NULL;
    atomic_sync_dir_of(d->path);
done:
    atomic_dir_discard(d);
    return st;
}

void atomic_dir_discard(atomic_dir *d)
{
    if (!d) return;
    if (d->tmp) (void)atomic_remove_tree(d->tmp);
    free(d->tmp);
    free(d->path);
    memset(d, 0, sizeof *d);
}
