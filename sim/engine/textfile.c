#include "sim/engine/textfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What a non-regular file is, for messages. */
static const char *kind_of(mode_t m)
{
    if (S_ISDIR(m)) return "a directory";
    if (S_ISCHR(m)) return "a character device";
    if (S_ISBLK(m)) return "a block device";
    if (S_ISFIFO(m)) return "a FIFO";
    if (S_ISSOCK(m)) return "a socket";
    return "not a regular file";
}

/* Read all of fd (at most TEXTFILE_MAX_BYTES) into a NUL-terminated buffer. */
static sim_status read_all(int fd, const char *path, const char *what, size_t hint, char **out, size_t *len)
{
    size_t cap = hint + 1 > 8192 ? hint + 1 : 8192, n = 0;
    char *buf = malloc(cap);
    if (!buf) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory reading %s '%s'", what, path);
    for (;;) {
        if (n + 1 >= cap) {
            /* A file that grows while read (or lies about its size) is bounded too. */
            if (cap > TEXTFILE_MAX_BYTES) {
                free(buf);
                return SIM_FAIL(SIM_ERR_IO, "%s '%s' is larger than %zu bytes: not read", what, path,
                                TEXTFILE_MAX_BYTES);
            }
            char *grown = realloc(buf, cap *= 2);
            if (!grown) {
                free(buf);
                return SIM_FAIL(SIM_ERR_MEMORY, "out of memory reading %s '%s'", what, path);
            }
            buf = grown;
        }
        ssize_t got = read(fd, buf + n, cap - n - 1);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            int err = errno;
            free(buf);
            return SIM_FAIL(SIM_ERR_IO, "cannot read %s '%s': %s", what, path, strerror(err));
        }
        if (got == 0) break;
        n += (size_t)got;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return SIM_OK;
}

static sim_status read_checked(const char *path, const char *what, int allow_nul, char **text, size_t *len)
{
    if (!path || !what || !text) return SIM_FAIL(SIM_ERR_INTERNAL, "textfile_read: NULL argument");
    *text = NULL;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; the type check below refuses it. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return SIM_FAIL(SIM_ERR_IO, "cannot open %s '%s': %s", what, path, strerror(errno));
    struct stat sb;
    sim_status st = SIM_OK;
    if (fstat(fd, &sb) != 0)
        st = SIM_FAIL(SIM_ERR_IO, "cannot open %s '%s': %s", what, path, strerror(errno));
    else if (!S_ISREG(sb.st_mode))
        st = SIM_FAIL(SIM_ERR_IO, "%s '%s' is %s, not a regular file: not read", what, path, kind_of(sb.st_mode));
    else if ((size_t)sb.st_size > TEXTFILE_MAX_BYTES)
        st = SIM_FAIL(SIM_ERR_IO, "%s '%s' is larger than %zu bytes (%lld): not read", what, path, TEXTFILE_MAX_BYTES,
                      (long long)sb.st_size);
    else if (fcntl(fd, F_SETFL, 0) != 0) /* a regular file: plain blocking reads */
        st = SIM_FAIL(SIM_ERR_IO, "cannot read %s '%s': %s", what, path, strerror(errno));
    size_t n = 0;
    char *buf = NULL;
    if (st == SIM_OK) st = read_all(fd, path, what, (size_t)sb.st_size, &buf, &n);
    close(fd);
    if (st != SIM_OK) return st;
    const char *nul = allow_nul ? NULL : memchr(buf, '\0', n);
    if (nul) {
        int line = 1;
        for (const char *p = buf; p < nul; p++) line += *p == '\n';
        free(buf);
        return SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: NUL byte in %s (a binary file?): not read", path, line, what);
    }
    *text = buf;
    if (len) *len = n;
    return SIM_OK;
}

sim_status textfile_read(const char *path, const char *what, char **text, size_t *len)
{
    return read_checked(path, what, 0, text, len);
}

sim_status textfile_read_bytes(const char *path, const char *what, char **data, size_t *len)
{
    return read_checked(path, what, 1, data, len);
}

/* A read-only stream over an owned text (fopencookie): reading copies, closing frees. */
typedef struct {
    char *text;
    size_t len, pos;
} text_stream;

static ssize_t stream_read(void *cookie, char *buf, size_t size)
{
    text_stream *s = cookie;
    size_t n = s->len - s->pos < size ? s->len - s->pos : size;
    memcpy(buf, s->text + s->pos, n);
    s->pos += n;
    return (ssize_t)n;
}

static int stream_close(void *cookie)
{
    text_stream *s = cookie;
    free(s->text);
    free(s);
    return 0;
}

sim_status textfile_fopen(const char *path, const char *what, FILE **fp)
{
    if (!fp) return SIM_FAIL(SIM_ERR_INTERNAL, "textfile_fopen: NULL argument");
    *fp = NULL;
    text_stream *s = calloc(1, sizeof *s);
    if (!s) return SIM_FAIL(SIM_ERR_MEMORY, "out of memory reading %s '%s'", what, path);
    sim_status st = textfile_read(path, what, &s->text, &s->len);
    if (st != SIM_OK) {
        free(s);
        return st;
    }
    *fp = fopencookie(s, "r", (cookie_io_functions_t){.read = stream_read, .close = stream_close});
    if (!*fp) {
        stream_close(s);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory reading %s '%s'", what, path);
    }
    return SIM_OK;
}
