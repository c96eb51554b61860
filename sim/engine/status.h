/**
 * @file status.h
 * @brief Status codes and error propagation for every fallible chansim function.
 *
 * Library code never calls exit(): it returns a sim_status. The first failure
 * records a message (sim_fail) and each caller that propagates it with SIM_CHECK
 * appends its file and line to a trace, PETSc style. The command line prints the
 * message (and the trace when CHANSIM_DEBUG is set) and chooses the exit code.
 * The message buffer is thread-local, so replications that fail in parallel do not
 * overwrite each other's messages.
 */
#ifndef CHANSIM_STATUS_H
#define CHANSIM_STATUS_H

typedef enum {
    SIM_OK = 0,
    SIM_ERR_USAGE,    /**< bad command-line usage */
    SIM_ERR_CONFIG,   /**< bad configuration: unknown key, wrong type, out of range */
    SIM_ERR_IO,       /**< a file could not be read or written */
    SIM_ERR_MEMORY,   /**< an allocation failed */
    SIM_ERR_EXISTS,   /**< an output exists and --force was not given */
    SIM_ERR_INTERNAL, /**< a broken invariant: a bug */
    SIM_ERR_INTERRUPTED /**< stopped by a signal; completed work was kept */
} sim_status;

/** Record the first error of this thread: its code, where, and a printf-style message. Returns code. */
sim_status sim_fail_at(sim_status code, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/** Append a propagation frame (file:line in func) to this thread's error trace. */
void sim_trace_at(const char *file, int line, const char *func);

/** The message of the last recorded error of this thread ("" if none). */
const char *sim_error_message(void);

/** The propagation trace of the last error of this thread, one frame a line. */
const char *sim_error_trace(void);

/** Forget this thread's error (message and trace). */
void sim_error_clear(void);

/** Copy another thread's error into this one, so a parallel failure can be reported by the caller. */
void sim_error_adopt(const char *message, const char *trace);

/** The first failure among the threads of a parallel region: status, message and trace. */
typedef struct {
    sim_status status;  /**< SIM_OK until a thread fails */
    char message[2048]; /**< that thread's sim_error_message() */
    char trace[4096];   /**< that thread's sim_error_trace() */
} sim_error_record;

/**
 * Keep this thread's error (status st) in rec unless rec already holds one. Call it
 * inside a critical section (threads' error buffers are thread-local, so the failing
 * thread itself must copy its message).
 */
void sim_error_keep(sim_error_record *rec, sim_status st);

/** Make rec's error this thread's error and return its status (SIM_OK if it holds none). */
sim_status sim_error_restore(const sim_error_record *rec);

/**
 * A warning: something the user should know that does not stop the work (a stale
 * temporary file, a weak result). Library code calls this instead of printing; the
 * handler decides where it goes. Thread-safe as far as the handler is.
 */
void sim_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** Where warnings go: a function given the formatted text. */
typedef void (*sim_warning_handler)(const char *message);

/**
 * Set the warning handler (NULL: the default, "chansim: warning: <message>" on stderr);
 * returns the previous one. The command line keeps the default; tests capture warnings.
 */
sim_warning_handler sim_set_warning_handler(sim_warning_handler h);

/** Short name of a status code, e.g. "config error". */
const char *sim_status_name(sim_status code);

/** Fail with a message: `return SIM_FAIL(SIM_ERR_CONFIG, "%s:%d: ...", ...)`. */
#define SIM_FAIL(code, ...) sim_fail_at((code), __FILE__, __LINE__, __VA_ARGS__)

/** Evaluate a fallible call; on failure record this frame and return its status. */
#define SIM_CHECK(call)                                          \
    do {                                                         \
        sim_status sim_check_status_ = (call);                   \
        if (sim_check_status_ != SIM_OK) {                       \
            sim_trace_at(__FILE__, __LINE__, __func__);          \
            return sim_check_status_;                            \
        }                                                        \
    } while (0)

/**
 * For functions that release resources at a `done:` label and hold their status in a
 * local `sim_status st`: evaluate a fallible call; on failure record this frame and
 * jump to `done`.
 */
#define SIM_TRY(call)                                            \
    do {                                                         \
        st = (call);                                             \
        if (st != SIM_OK) {                                      \
            sim_trace_at(__FILE__, __LINE__, __func__);          \
            goto done;                                           \
        }                                                        \
    } while (0)

/** Like SIM_FAIL, for functions with a `done:` label: record the error in `st` and jump to `done`. */
#define SIM_FAIL_GOTO(code, ...)                                 \
    do {                                                         \
        st = SIM_FAIL((code), __VA_ARGS__);                      \
        goto done;                                               \
    } while (0)

/** Allocate `n` objects of *ptr's type, zeroed, or fail with SIM_ERR_MEMORY. */
#define SIM_CALLOC(ptr, n)                                                          \
    do {                                                                            \
        size_t sim_calloc_n_ = (size_t)(n);                                         \
        (ptr) = calloc(sim_calloc_n_ ? sim_calloc_n_ : 1, sizeof *(ptr));           \
        if (!(ptr))                                                                 \
            return SIM_FAIL(SIM_ERR_MEMORY, "out of memory allocating %zu x %zu bytes", \
                            sim_calloc_n_, sizeof *(ptr));                          \
    } while (0)

#endif
