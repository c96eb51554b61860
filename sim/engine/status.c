#include "sim/engine/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum { SIM_MSG_MAX = 2048, SIM_TRACE_MAX = 4096 };

static _Thread_local char error_message[SIM_MSG_MAX];
static _Thread_local char error_trace[SIM_TRACE_MAX];

sim_status sim_fail_at(sim_status code, const char *file, int line, const char *fmt, ...)
{
    /* Keep the first (innermost) message: it is the one that names the cause. */
    if (error_message[0] == '\0') {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(error_message, sizeof error_message, fmt, ap);
        va_end(ap);
        snprintf(error_trace, sizeof error_trace, "  at %s:%d\n", file, line);
    }
    return code;
}

void sim_trace_at(const char *file, int line, const char *func)
{
    size_t used = strlen(error_trace);
    if (used + 1 < sizeof error_trace)
        snprintf(error_trace + used, sizeof error_trace - used, "  from %s() %s:%d\n", func, file, line);
}

const char *sim_error_message(void) { return error_message; }

const char *sim_error_trace(void) { return error_trace; }

void sim_error_clear(void)
{
    error_message[0] = '\0';
    error_trace[0] = '\0';
}

void sim_error_adopt(const char *message, const char *trace)
{
    snprintf(error_message, sizeof error_message, "%s", message ? message : "");
    snprintf(error_trace, sizeof error_trace, "%s", trace ? trace : "");
}

void sim_error_keep(sim_error_record *rec, sim_status st)
{
    if (st == SIM_OK || rec->status != SIM_OK) return;
    snprintf(rec->message, sizeof rec->message, "%s", error_message);
    snprintf(rec->trace, sizeof rec->trace, "%s", error_trace);
    rec->status = st;
}

static void warn_to_stderr(const char *message) { fprintf(stderr, "chansim: warning: %s\n", message); }

/* Set once by the program or a test before any parallel work; read by every sim_warn. */
static sim_warning_handler warning_handler = warn_to_stderr;

sim_warning_handler sim_set_warning_handler(sim_warning_handler h)
{
    sim_warning_handler old = warning_handler;
    warning_handler = h ? h : warn_to_stderr;
    return old;
}

void sim_warn(const char *fmt, ...)
{
    char message[SIM_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    warning_handler(message);
}

sim_status sim_error_restore(const sim_error_record *rec)
{
    if (rec->status != SIM_OK) sim_error_adopt(rec->message, rec->trace);
    return rec->status;
}

const char *sim_status_name(sim_status code)
{
    switch (code) {
    case SIM_OK: return "ok";
    case SIM_ERR_USAGE: return "usage error";
    case SIM_ERR_CONFIG: return "config error";
    case SIM_ERR_IO: return "I/O error";
    case SIM_ERR_MEMORY: return "out of memory";
    case SIM_ERR_EXISTS: return "output exists";
    case SIM_ERR_INTERNAL: return "internal error";
    case SIM_ERR_INTERRUPTED: return "interrupted";
    }
    return "unknown error";
}
