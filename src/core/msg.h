/* msg.h: every message auditkit prints on standard error goes through here.
 *
 * Wording (git's rules): lower-case first word, no full stop, quote the
 * subject: "cannot open 'notes/ceo.md': No such file or directory". */
#ifndef AK_MSG_H
#define AK_MSG_H

#include <stdarg.h>
#include <stdio.h>

#define AK_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* "auditkit: error: ..." */
void ak_error(const char *fmt, ...) AK_PRINTF(1, 2);
/* "auditkit: warning: ..." (not at -q) */
void ak_warn(const char *fmt, ...) AK_PRINTF(1, 2);
/* "auditkit: ..." (information the user asked for, e.g. where outputs are;
 * not at -q) */
void ak_note(const char *fmt, ...) AK_PRINTF(1, 2);
/* "FILE:LINE:COL: ..." for bad input; line or col 0 leaves that part out. */
void ak_diag_print(const char *file, int line, int col, const char *fmt, ...) AK_PRINTF(4, 5);

/* A progress line on standard error ("\rauditkit: fetching ..."), redrawn
 * in place; any other message first ends it with a line break, so the two
 * never share a line. ak_progress_end() ends it (nothing if none shown).
 * The caller decides whether standard error is a terminal; the main thread
 * only. */
void ak_progress(const char *fmt, ...) AK_PRINTF(1, 2);
void ak_progress_end(void);

/* How much the user asked to hear, set once by the command's -q and -v
 * before any work starts:
 *   AK_QUIET (-q)     errors and diagnostics only: no warnings, no notes
 *   AK_NORMAL         errors, warnings and notes
 *   AK_VERBOSE (-v)   and ak_verbosef(): why each thing happened (which file
 *                     was read, which URL fetched, which rule decided)
 * -vv gives AK_VERBOSE + 1, and so on, for detail a stage wants to keep for
 * those who ask twice. */
enum { AK_QUIET = -1, AK_NORMAL = 0, AK_VERBOSE = 1 };
void ak_msg_set_level(int level);
int ak_msg_level(void);
/* Whether ak_verbosef() would print: a stage tests it before building an
 * expensive explanation. */
static inline int ak_verbose(void) { return ak_msg_level() >= AK_VERBOSE; }

/* "auditkit: ..." at -v and above, with the same wording rules: the
 * reason behind a result, one line each ("'notes/ceo.md': read as
 * markdown, 31 statements"). The hook for the stages: src/score and
 * src/findings say here which rule gave a score or a grade. Captured like
 * every other message (ak_msg_capture). */
void ak_verbosef(const char *fmt, ...) AK_PRINTF(1, 2);

/* The same as ak_msg_set_level(quiet ? AK_QUIET : AK_NORMAL), kept for the
 * callers written before the levels. */
void ak_msg_quiet(int quiet);

/* Messages kept instead of printed: text[0..len) once any arrived. */
struct ak_msg_sink {
	char *text;
	size_t len;
	FILE *f; /* opened on the first message */
};

/* Keep the calling thread's messages in s instead of printing them (NULL:
 * print again), so work done ahead on two threads can be reported in the
 * order one thread would have done it (fetch_pages.c). A message that cannot be
 * kept (out of memory) is printed. */
void ak_msg_capture(struct ak_msg_sink *s);
/* Finish s (text complete); ak_msg_sink_release() frees it. */
void ak_msg_sink_close(struct ak_msg_sink *s);
/* Print what s kept (closed) on standard error, after any progress line. */
void ak_msg_sink_print(const struct ak_msg_sink *s);
void ak_msg_sink_release(struct ak_msg_sink *s);

#endif
