/**
 * @file atomic_file.h
 * @brief The output-path policy of every chansim writer (text and HDF5), and text
 *        outputs written under it.
 *
 * Policy (atomic_target):
 *  - An output is written under a temporary name "<target>.tmp.<pid>" beside its target
 *    and renamed into place only when complete and flushed to disk, so a reader never
 *    sees a half-written file and a failure leaves whatever was at the target untouched.
 *  - Only regular files are written or replaced. An existing directory, device, FIFO or
 *    socket at the path is refused with an error naming its kind: `-o /dev/null` fails
 *    before any work and /dev/null stays a character device.
 *  - A symbolic link is written through: the file it points to is replaced (its temporary
 *    beside it, so the rename stays in one file system) and the link is kept. A link to a
 *    missing file is refused.
 *  - An existing file is replaced only when the caller allows it (--force), and never when
 *    it is read-only (no write permission bit, or not writable by this user): the error
 *    says so, even with --force (root's access() would allow it; the mode bits decide).
 *  - Temporary files "<target>.tmp.<pid>" left by processes that no longer run (a killed
 *    run) are removed at the next write to the same target, with a warning naming each;
 *    one whose process still runs (or whose writer still holds its lock, e.g. on another
 *    node of a shared file system) is reported and left alone.
 *
 * Folders (atomic_dir_*, for outputs made of several files such as `export -o DIR`) follow
 * the same policy: filled under "<folder>.tmp.<pid>" beside the folder and swapped into
 * place whole at commit, so a reader sees the old folder or the new one, never a mix, and
 * no file of an earlier output is left over. An existing folder is replaced only with
 * force, only if it is writable and holds nothing but regular files (so `--force -o ~`
 * cannot wipe a home directory); anything else at the path is refused.
 */
#ifndef CHANSIM_ATOMIC_FILE_H
#define CHANSIM_ATOMIC_FILE_H

#include <stdio.h>

#include "sim/engine/status.h"

/**
 * Check `path` as an output under the policy above and give the file actually to be
 * written (`path`, or the file a symbolic link points to) in *target (caller frees).
 * `force`: an existing regular file may be replaced. Also checks that the directory
 * exists and is writable, and warns (sim_warn) about stale temporaries beside the target.
 * Errors: SIM_ERR_EXISTS (exists, no force), SIM_ERR_IO (not a regular file, read-only,
 * dangling link, directory missing or not writable).
 */
sim_status atomic_target(const char *path, int force, char **target);

/**
 * Rename temporary `tmp` onto `target` (from atomic_target) after checking again that
 * the target is still allowed (it may have appeared or changed kind meanwhile), then
 * make the rename durable (directory fsync, best effort).
 */
sim_status atomic_rename(const char *tmp, const char *target, int force);

typedef struct {
    FILE *fp;   /**< write here */
    char *path; /**< the file to replace: the name given, or the file its symbolic link points to (owned) */
    char *tmp;  /**< the temporary name (owned) */
    int force;  /**< replacing an existing regular file is allowed */
} atomic_file;

/**
 * Create the temporary file of output `path` for writing, checking the policy above
 * first; `force`: an existing regular file may be replaced (else SIM_ERR_EXISTS, also
 * if one appears before the commit). On failure nothing is left behind.
 */
sim_status atomic_open_checked(atomic_file *f, const char *path, int force);

/**
 * atomic_open_checked with force: for callers that have already decided an existing
 * file may be replaced (checked --force before any work, or their own earlier output).
 * Devices, directories, FIFOs and read-only files are still refused.
 */
sim_status atomic_open(atomic_file *f, const char *path);

/** Check every write succeeded, flush to disk, close and rename into place; discards on failure. */
sim_status atomic_commit(atomic_file *f);

/** Close and remove the temporary file; safe on a closed or zeroed atomic_file. */
void atomic_discard(atomic_file *f);

/** Write `text` to `path` atomically (through atomic_open: the caller allows replacing). */
sim_status atomic_write_text(const char *path, const char *text);

/** A folder written whole (policy above). */
typedef struct {
    char *path;  /**< the folder to create or replace: the name given, or the folder its link points to (owned) */
    char *tmp;   /**< the new folder being filled, "<path>.tmp.<pid>" beside it (owned) */
    int force;   /**< replacing an existing folder is allowed */
} atomic_dir;

/**
 * Check `path` as an output folder and create its temporary folder. Errors:
 * SIM_ERR_EXISTS (exists, no force), SIM_ERR_IO (not a directory, read-only, holds
 * something other than regular files, dangling link, parent missing or not writable),
 * SIM_ERR_USAGE (empty name). On failure nothing is left behind and *d is zeroed.
 */
sim_status atomic_dir_open(atomic_dir *d, const char *path, int force);

/**
 * The path of file `name` inside the new folder (caller frees). `name` is a plain file
 * name: not empty, no '/', not "." or ".." (SIM_ERR_INTERNAL otherwise).
 */
sim_status atomic_dir_file(const atomic_dir *d, const char *name, char **path);

/** Create file `name` in the new folder for writing (fails if it exists there). */
sim_status atomic_dir_fopen(const atomic_dir *d, const char *name, FILE **fp);

/** Check every write to *fp (file `name` of atomic_dir_fopen) succeeded, flush it to disk and close it (*fp = NULL). */
sim_status atomic_dir_fclose(const atomic_dir *d, const char *name, FILE **fp);

/**
 * Flush the new folder to disk and put it in place of `path` (an atomic exchange with an
 * existing folder where the file system allows it), then remove the old folder. Checks
 * the target again first. On failure the old folder is untouched and the new one removed.
 */
sim_status atomic_dir_commit(atomic_dir *d);

/** Remove the new folder and free *d; safe on a committed or zeroed atomic_dir. */
void atomic_dir_discard(atomic_dir *d);

#endif
