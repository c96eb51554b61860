/**
 * @file strbuf.h
 * @brief A growable string built with printf-style appends (resolved configs, sweep
 *        definitions, calibrated configs). An allocation failure is remembered and
 *        reported once, by the caller, when the text is used.
 */
#ifndef CHANSIM_STRBUF_H
#define CHANSIM_STRBUF_H

#include <stddef.h>

typedef struct {
    char *buf;   /**< the text, NUL-terminated (NULL while empty); owned: free() it */
    size_t len;  /**< bytes of text, without the NUL */
    size_t cap;  /**< bytes allocated */
    int failed;  /**< an allocation or format failed: the text is incomplete */
} strbuf;

/** Append formatted text; does nothing once the buffer has failed. */
void strbuf_printf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
