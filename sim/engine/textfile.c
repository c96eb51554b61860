#include "sim/engine/textfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

sim_status textfile_read(const char *path, const char *what, char **text, size_t *len)
{
    if (!path || !what || !text) return SIM_FAIL(SIM_ERR_INTERNAL, "textfile_read: NULL argument");
    *text = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp) return SIM_FAIL(SIM_ERR_IO, "cannot open %s '%s': %s", what, path, strerror(errno));
    size_t cap = 8192, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n + 1 >= cap) {
            char *grown = realloc(buf, cap *= 2);
            if (!grown) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = grown;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
        if (got == 0) break;
    }
    sim_status st = SIM_OK;
    if (!buf) st = SIM_FAIL(SIM_ERR_MEMORY, "out of memory reading %s '%s'", what, path);
    else if (ferror(fp)) st = SIM_FAIL(SIM_ERR_IO, "cannot read %s '%s': %s", what, path, strerror(errno));
    fclose(fp);
    if (st != SIM_OK) {
        free(buf);
        return st;
    }
    buf[n] = '\0';
    if (len) *len = n;
    *text = buf;
    return SIM_OK;
}
