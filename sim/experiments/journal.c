/**
 * @file journal.c
 * @brief The sweep checkpoint journal (format in journal.h): create, resume with
 *        validation and torn-tail repair, append, fsync.
 */
#include "sim/experiments/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/engine/atomic_file.h"
#include "sim/experiments/sweep.h"

static const char MAGIC[8] = {'C', 'H', 'S', 'W', 'J', 'N', 'L', '1'};
enum { RECORD_MAGIC = 0x43525753u, RECORD_HEAD = 16, HEADER_SUMMED = 56 };

struct journal {
    int fd;
    char *path;
    journal_header h;
    size_t record_bytes;
    unsigned char *buf; /* one record */
};

size_t journal_record_bytes(const journal_header *h)
{
    return RECORD_HEAD + 8 * (size_t)h->block * h->metrics + 8;
}

static void encode_header(const journal_header *h, unsigned char out[JOURNAL_HEADER_BYTES])
{
    memset(out, 0, JOURNAL_HEADER_BYTES);
    memcpy(out, MAGIC, 8);
    memcpy(out + 8, &h->hash, 8);
    uint32_t f[7] = {h->points, h->reps, h->block, h->metrics, h->shard_index, h->shard_count,
                     (uint32_t)journal_record_bytes(h)};
    memcpy(out + 16, f, sizeof f);
    uint64_t sum = sweep_fnv1a(SWEEP_FNV_OFFSET, out, HEADER_SUMMED);
    memcpy(out + HEADER_SUMMED, &sum, 8);
}

/* write(2) all of buf, retrying short writes and EINTR (a signal may arrive mid-write). */
static int write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static ssize_t read_full(int fd, void *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, (char *)buf + got, n - got);
        if (r < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (r == 0) break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

static sim_status lock_fd(int fd, const char *path)
{
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK)
            return SIM_FAIL(SIM_ERR_IO, "journal '%s' is in use by another chansim sweep", path);
        return SIM_FAIL(SIM_ERR_IO, "cannot lock journal '%s': %s", path, strerror(errno));
    }
    return SIM_OK;
}

static sim_status journal_new(const char *path, int fd, const journal_header *h, journal **out)
{
    journal *j = calloc(1, sizeof *j);
    if (j) j->path = strdup(path);
    if (j) j->record_bytes = journal_record_bytes(h);
    if (j) j->buf = malloc(j->record_bytes);
    if (!j || !j->path || !j->buf) {
        if (j) {
            free(j->path);
            free(j->buf);
            free(j);
        }
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory opening journal '%s'", path);
    }
    j->fd = fd;
    j->h = *h;
    *out = j;
    return SIM_OK;
}

sim_status journal_create(const char *path, const journal_header *h, int replace, journal **out)
{
    *out = NULL;
    if (replace) { /* --force: the output-path policy decides what may be replaced (no device, no read-only file) */
        char *target = NULL;
        SIM_CHECK(atomic_target(path, 1, &target));
        free(target);
    }
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | (replace ? 0 : O_EXCL), 0666);
    if (fd < 0) {
        if (errno == EEXIST)
            return SIM_FAIL(SIM_ERR_EXISTS, "journal '%s' exists from an unfinished run: add --resume to finish it, "
                                            "or --force to start again", path);
        return SIM_FAIL(SIM_ERR_IO, "cannot create journal '%s': %s", path, strerror(errno));
    }
    sim_status st = lock_fd(fd, path);
    unsigned char head[JOURNAL_HEADER_BYTES];
    encode_header(h, head);
    if (st == SIM_OK && (ftruncate(fd, 0) != 0 || write_all(fd, head, sizeof head) != 0 || fsync(fd) != 0))
        st = SIM_FAIL(SIM_ERR_IO, "cannot write journal '%s': %s", path, strerror(errno));
    if (st == SIM_OK) st = journal_new(path, fd, h, out);
    if (st != SIM_OK) close(fd);
    return st;
}

/* Name the first header field that differs, for a message the user can act on. */
static sim_status header_mismatch(const char *path, const journal_header *got, const journal_header *want)
{
    if (got->hash != want->hash)
        return SIM_FAIL(SIM_ERR_CONFIG,
                        "journal '%s' belongs to a different sweep (the sweep file, its base, -r, -s or --set "
                        "changed); use --force to start again",
                        path);
    if (got->shard_index != want->shard_index || got->shard_count != want->shard_count)
        return SIM_FAIL(SIM_ERR_CONFIG, "journal '%s' is for shard %u/%u, not %u/%u", path, got->shard_index,
                        got->shard_count, want->shard_index, want->shard_count);
    return SIM_FAIL(SIM_ERR_CONFIG,
                    "journal '%s' has points %u, replications %u, block %u, metrics %u; this run has %u, %u, %u, %u",
                    path, got->points, got->reps, got->block, got->metrics, want->points, want->reps, want->block,
                    want->metrics);
}

sim_status journal_resume(const char *path, const journal_header *expect, journal_visit visit, void *ctx,
                          journal **out, size_t *records)
{
    *out = NULL;
    *records = 0;
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0) return SIM_FAIL(SIM_ERR_IO, "cannot open journal '%s': %s", path, strerror(errno));
    sim_status st = lock_fd(fd, path);
    journal *j = NULL;
    unsigned char head[JOURNAL_HEADER_BYTES];
    if (st == SIM_OK) {
        ssize_t n = read_full(fd, head, sizeof head);
        uint64_t sum;
        memcpy(&sum, head + HEADER_SUMMED, 8);
        if (n < 0) st = SIM_FAIL(SIM_ERR_IO, "cannot read journal '%s': %s", path, strerror(errno));
        else if (n < JOURNAL_HEADER_BYTES || memcmp(head, MAGIC, 8) != 0 ||
                 sum != sweep_fnv1a(SWEEP_FNV_OFFSET, head, HEADER_SUMMED))
            st = SIM_FAIL(SIM_ERR_IO, "'%s' is not a chansim sweep journal (or its header is damaged); remove it or "
                                      "use --force to start again", path);
    }
    if (st == SIM_OK) {
        journal_header got;
        uint32_t f[7];
        memcpy(&got.hash, head + 8, 8);
        memcpy(f, head + 16, sizeof f);
        got = (journal_header){got.hash, f[0], f[1], f[2], f[3], f[4], f[5]};
        if (memcmp(&got, expect, sizeof got) != 0 || f[6] != journal_record_bytes(expect))
            st = header_mismatch(path, &got, expect);
    }
    if (st == SIM_OK) st = journal_new(path, fd, expect, &j);
    off_t good = JOURNAL_HEADER_BYTES;
    struct stat sb;
    if (st == SIM_OK && fstat(fd, &sb) != 0) st = SIM_FAIL(SIM_ERR_IO, "cannot stat journal '%s'", path);
    while (st == SIM_OK) {
        ssize_t n = read_full(fd, j->buf, j->record_bytes);
        if (n < 0) {
            st = SIM_FAIL(SIM_ERR_IO, "cannot read journal '%s': %s", path, strerror(errno));
            break;
        }
        if ((size_t)n < j->record_bytes) break; /* end, or a torn last record */
        uint32_t head4[4];
        uint64_t sum;
        memcpy(head4, j->buf, sizeof head4);
        memcpy(&sum, j->buf + j->record_bytes - 8, 8);
        int ok = head4[0] == RECORD_MAGIC && sum == sweep_fnv1a(SWEEP_FNV_OFFSET, j->buf, j->record_bytes - 8) &&
                 head4[1] < expect->points && head4[3] >= 1 && head4[3] <= expect->block &&
                 (uint64_t)head4[2] * expect->block + head4[3] <= expect->reps;
        if (!ok) {
            if ((off_t)(good + (off_t)j->record_bytes) < sb.st_size)
                st = SIM_FAIL(SIM_ERR_IO, "journal '%s' is damaged at byte %lld (not at its end); use --force to "
                                          "start again", path, (long long)good);
            break; /* a bad last record: the write that died */
        }
        st = visit(ctx, head4[1], head4[2], head4[3], (const double *)(const void *)(j->buf + RECORD_HEAD));
        good += (off_t)j->record_bytes;
        (*records)++;
    }
    if (st == SIM_OK && good < sb.st_size && (ftruncate(fd, good) != 0 || fsync(fd) != 0))
        st = SIM_FAIL(SIM_ERR_IO, "cannot repair journal '%s': %s", path, strerror(errno));
    if (st == SIM_OK && lseek(fd, good, SEEK_SET) < 0)
        st = SIM_FAIL(SIM_ERR_IO, "cannot seek in journal '%s': %s", path, strerror(errno));
    if (st != SIM_OK) {
        if (j) journal_close(&j);
        else close(fd);
        return st;
    }
    *out = j;
    return SIM_OK;
}

sim_status journal_append(journal *j, uint32_t point, uint32_t block, uint32_t nreps, const double *values)
{
    if (nreps < 1 || nreps > j->h.block) return SIM_FAIL(SIM_ERR_INTERNAL, "journal record of %u replications", nreps);
    memset(j->buf, 0, j->record_bytes);
    uint32_t head4[4] = {RECORD_MAGIC, point, block, nreps};
    memcpy(j->buf, head4, sizeof head4);
    memcpy(j->buf + RECORD_HEAD, values, (size_t)nreps * j->h.metrics * sizeof(double));
    uint64_t sum = sweep_fnv1a(SWEEP_FNV_OFFSET, j->buf, j->record_bytes - 8);
    memcpy(j->buf + j->record_bytes - 8, &sum, 8);
    if (write_all(j->fd, j->buf, j->record_bytes) != 0)
        return SIM_FAIL(SIM_ERR_IO, "cannot append to journal '%s': %s", j->path, strerror(errno));
    return SIM_OK;
}

sim_status journal_sync(journal *j)
{
    if (fsync(j->fd) != 0) return SIM_FAIL(SIM_ERR_IO, "cannot flush journal '%s': %s", j->path, strerror(errno));
    return SIM_OK;
}

void journal_close(journal **jp)
{
    journal *j = jp ? *jp : NULL;
    if (!j) return;
    close(j->fd); /* also releases the lock */
    free(j->path);
    free(j->buf);
    free(j);
    *jp = NULL;
}
