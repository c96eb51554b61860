/**
 * @file textfile.h
 * @brief Reading a whole text file into memory (templates, ensemble files).
 */
#ifndef CHANSIM_TEXTFILE_H
#define CHANSIM_TEXTFILE_H

#include <stddef.h>

#include "sim/engine/status.h"

/**
 * Read `path` whole into a NUL-terminated buffer (caller frees); `len`, if not NULL,
 * gets the number of bytes read (the file may hold NULs). `what` names the file in
 * messages: "cannot open <what> '<path>': <reason>".
 */
sim_status textfile_read(const char *path, const char *what, char **text, size_t *len);

#endif
