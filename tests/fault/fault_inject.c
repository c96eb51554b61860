/**
 * @file fault_inject.c
 * @brief An LD_PRELOAD shim for the fault-injection tests (tests/cli/test_faults.c):
 *        makes write, close or fsync of files whose path contains $CHANSIM_FAULT_PATH
 *        fail with $CHANSIM_FAULT_ERRNO, as a failing disk would, without root or a
 *        special file system.
 *
 *   CHANSIM_FAULT_PATH   substring of the paths to fail (e.g. ".h5.tmp.": temporary outputs)
 *   CHANSIM_FAULT_OP     write | close (of a descriptor written through) | fsync
 *   CHANSIM_FAULT_ERRNO  EIO | ENOSPC
 *   CHANSIM_FAULT_AFTER  bytes written to such files before writes fail (write only; default 0)
 *
 * Interposes the libc entry points a library calls through its PLT (open, write, pwrite,
 * close, fsync, ...): HDF5's sec2 driver and chansim's own open/fsync. Writes glibc's stdio
 * makes internally do not pass here, so text outputs are failed at fsync. Not part of
 * chansim: built by the Makefile for the tests only.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

enum { MAX_FD = 4096 };
static unsigned char tracked[MAX_FD]; /* 1: fd is open on a path to fail; 2: and was written through */
static long long written;             /* bytes let through to tracked files */

static int fault_errno(void)
{
    const char *e = getenv("CHANSIM_FAULT_ERRNO");
    return e && !strcmp(e, "ENOSPC") ? ENOSPC : EIO;
}

static int op_is(const char *op)
{
    const char *o = getenv("CHANSIM_FAULT_OP");
    return o && !strcmp(o, op);
}

static void track(int fd, const char *path)
{
    const char *needle = getenv("CHANSIM_FAULT_PATH");
    if (fd >= 0 && fd < MAX_FD) tracked[fd] = needle && needle[0] && path && strstr(path, needle);
}

static int is_tracked(int fd) { return fd >= 0 && fd < MAX_FD && tracked[fd]; }

/* Fail this write of n bytes? Lets CHANSIM_FAULT_AFTER bytes through first. */
static int fail_write(int fd, size_t n)
{
    if (!is_tracked(fd)) return 0;
    tracked[fd] = 2;
    if (!op_is("write")) return 0;
    const char *a = getenv("CHANSIM_FAULT_AFTER");
    long long after = a ? atoll(a) : 0;
    if (written + (long long)n <= after) {
        written += (long long)n;
        return 0;
    }
    return 1;
}

#define REAL(name, type) ((type)dlsym(RTLD_NEXT, name))

int open(const char *path, int flags, ...)
{
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    int fd = REAL("open", int (*)(const char *, int, ...))(path, flags, mode);
    track(fd, path);
    return fd;
}

int open64(const char *path, int flags, ...)
{
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    int fd = REAL("open64", int (*)(const char *, int, ...))(path, flags, mode);
    track(fd, path);
    return fd;
}

int openat(int dirfd, const char *path, int flags, ...)
{
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    int fd = REAL("openat", int (*)(int, const char *, int, ...))(dirfd, path, flags, mode);
    track(fd, path);
    return fd;
}

ssize_t write(int fd, const void *buf, size_t n)
{
    if (fail_write(fd, n)) return errno = fault_errno(), -1;
    return REAL("write", ssize_t(*)(int, const void *, size_t))(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
    if (fail_write(fd, n)) return errno = fault_errno(), -1;
    return REAL("pwrite", ssize_t(*)(int, const void *, size_t, off_t))(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off)
{
    if (fail_write(fd, n)) return errno = fault_errno(), -1;
    return REAL("pwrite64", ssize_t(*)(int, const void *, size_t, off_t))(fd, buf, n, off);
}

ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
    size_t n = 0;
    for (int i = 0; i < cnt; i++) n += iov[i].iov_len;
    if (fail_write(fd, n)) return errno = fault_errno(), -1;
    return REAL("writev", ssize_t(*)(int, const struct iovec *, int))(fd, iov, cnt);
}

int fsync(int fd)
{
    if (is_tracked(fd) && op_is("fsync")) return errno = fault_errno(), -1;
    return REAL("fsync", int (*)(int))(fd);
}

int fdatasync(int fd)
{
    if (is_tracked(fd) && op_is("fsync")) return errno = fault_errno(), -1;
    return REAL("fdatasync", int (*)(int))(fd);
}

int close(int fd)
{
    /* Only a descriptor data went through: HDF5 opens and closes a file to probe it at creation. */
    int fail = is_tracked(fd) && tracked[fd] == 2 && op_is("close");
    if (fd >= 0 && fd < MAX_FD) tracked[fd] = 0;
    int r = REAL("close", int (*)(int))(fd); /* the descriptor is released either way, as the kernel does */
    if (fail && r == 0) return errno = fault_errno(), -1;
    return r;
}
