/**
 * @file atomic_internal.h
 * @brief Helpers shared by the output-path policy's file and folder writers
 *        (atomic_file.c, atomic_dir.c) and the HDF5 writer; not a public interface.
 */
#ifndef CHANSIM_ATOMIC_INTERNAL_H
#define CHANSIM_ATOMIC_INTERNAL_H

#include <sys/types.h>

#include "sim/engine/status.h"

/** "directory", "character device", ... for messages about a non-regular file of mode `m`. */
const char *atomic_kind_of(mode_t m);

/** The directory part of `path` (caller frees), or NULL when out of memory. */
char *atomic_dir_of(const char *path);

/** Remove `path` and everything under it without following links (like rm -rf); 0 or -1 with errno. */
int atomic_remove_tree(const char *path);

/** Take a non-blocking write lock on all of open file `fd`, marking a temporary file as in use; 0 or -1. */
int atomic_hold_lock(int fd);

/**
 * Beside `target`, remove and report "<name>.tmp.<pid>" files and folders of processes that
 * are gone (a killed run's leftovers); report, and keep, those of running processes.
 */
void atomic_clean_stale(const char *target);

/** Does the folder that will hold `target` (output `path` as given) exist and is it writable? SIM_ERR_IO if not. */
sim_status atomic_check_parent(const char *path, const char *target);

/** Best effort: flush the folder holding `path` to disk, so a rename in it is durable (cannot undo the rename). */
void atomic_sync_dir_of(const char *path);

#endif
