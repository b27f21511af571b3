/* util.h: growable buffers, whole-file reading, outputs that appear whole or
 * not at all and never land on an input, and the temporary-file registry
 * that signals clean up. */
#ifndef AK_UTIL_H
#define AK_UTIL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "core/msg.h"

/* ---- growable byte buffer ------------------------------------------------
 * Always NUL-terminated once anything was added. Allocation failure is
 * sticky: later adds do nothing and ak_buf_failed() says so, so a caller
 * checks once at the end instead of after every add. */
struct ak_buf {
	char *data;
	size_t len, cap;
	bool oom;
};

#define AK_BUF_INIT {NULL, 0, 0, false}

void ak_buf_init(struct ak_buf *b);
void ak_buf_release(struct ak_buf *b);
void ak_buf_reset(struct ak_buf *b); /* len = 0, keeps memory */
/* The growing path of ak_buf_add(); the room-to-spare path is inline, as
 * large outputs (facts.json) are built from many short adds. */
void ak_buf_add_grow(struct ak_buf *b, const void *p, size_t n);

static inline void ak_buf_add(struct ak_buf *b, const void *p, size_t n)
{
	if (n && !b->oom && b->data && n < b->cap - b->len) {
		memcpy(b->data + b->len, p, n);
		b->len += n;
		b->data[b->len] = '\0';
	} else {
		ak_buf_add_grow(b, p, n);
	}
}

static inline void ak_buf_addc(struct ak_buf *b, char c) { ak_buf_add(b, &c, 1); }

void ak_buf_adds(struct ak_buf *b, const char *s);
/* Make room for extra more bytes now (a size known ahead saves regrowing). */
void ak_buf_reserve(struct ak_buf *b, size_t extra);
void ak_buf_printf(struct ak_buf *b, const char *fmt, ...) AK_PRINTF(2, 3);
bool ak_buf_failed(const struct ak_buf *b);
/* The contents as a string ("" when empty); the caller owns it and the buffer
 * is left empty. NULL only after an allocation failure. */
char *ak_buf_detach(struct ak_buf *b);
/* Never NULL: "" when empty. Borrowed. */
const char *ak_buf_str(const struct ak_buf *b);

/* ---- small allocation helpers (NULL on failure, like malloc) ---------- */
char *ak_strdup(const char *s);
char *ak_strndup(const char *s, size_t n);
/* printf into a new string; the caller frees it. */
char *ak_asprintf(const char *fmt, ...) AK_PRINTF(1, 2);
/* Grow *v (of *cap elements of size sz) to hold at least need elements. */
bool ak_grow(void *v, size_t *cap, size_t need, size_t sz);

/* ---- files ---------------------------------------------------------------
 * Read a whole file ("-" is standard input) into a new NUL-terminated buffer.
 * Refuses files over max bytes (0: no limit). On failure prints a message
 * naming the file and returns AK_ERR_INPUT (or AK_ERR_NOMEM). */
ak_err ak_read_file(const char *path, size_t max, char **data, size_t *len);

/* A data file shipped with auditkit (rules, assertion rules): the value of
 * the environment variable env if set, else <prefix>/share/auditkit/<rel>
 * beside the installed binary, else <rel> in the source tree the binary was
 * built in. A new string, or NULL when none is a regular file. */
char *ak_data_file(const char *env, const char *rel);

/* ---- outputs written whole or not at all (out.c) ---------------------------
 * ak_out_open() creates "<dir>/.<name>.auditkit-<pid>-XXXXXX" beside path
 * (beside a symbolic link's target), or uses standard output for "-" and
 * /dev/stdout; ak_out_commit() flushes, checks for write errors, syncs and
 * renames it into place, keeping the mode of the file it replaces;
 * ak_out_abort() removes it. A signal while open removes it too, and the
 * next run into that folder removes one a killed run left (out.c says
 * when). A named pipe, a terminal, /dev/null or /dev/full is opened and
 * written directly (stream true), never renamed over; a folder, a
 * read-only file, a block device, a socket or another device is refused
 * with a message (AK_ERR_OUTPUT). */
struct ak_out {
	FILE *fp;
	char *path;
	char *tmp;   /* NULL when written directly */
	bool stream; /* written directly to a pipe, a device or a descriptor */
};

ak_err ak_out_open(struct ak_out *o, const char *path);
ak_err ak_out_commit(struct ak_out *o);
void ak_out_abort(struct ak_out *o);
/* Many outputs committed together (score's one file per notes file): the
 * whole of ak_out_commit, but one sync for all of them rather than one per
 * file. ak_out_close() flushes, checks and closes o's temporary file (a
 * stream or standard output it commits at once); ak_out_commit_closed()
 * syncs the file systems that hold the n closed temporaries, once each,
 * then renames each into place. ok[i] says whether v[i] landed; a failure
 * has its message and leaves nothing behind. Until then each temporary is
 * removed by a signal, as an open one is. */
ak_err ak_out_close(struct ak_out *o);
ak_err ak_out_commit_closed(struct ak_out *v, size_t n, bool *ok);

/* ---- an output that would land on an input (out.c) ------------------------
 * One input of a command: what names it ("--facts", "the notes") and its
 * path ("-" and NULL are skipped). */
struct ak_input {
	const char *what;
	const char *path;
};

/* Before anything is read: refuse (AK_ERR_USAGE, one message naming the
 * output and the input) an output that is one of the n inputs by device
 * and inode, through symbolic and hard links, or that lies inside an input
 * that is a folder (a snapshot, a bank folder); and refuse early (as
 * ak_out_open would, AK_ERR_OUTPUT) an output that cannot be written: a
 * folder, a read-only file, a block device. "-" and /dev/null-like
 * outputs are not compared. */
ak_err ak_out_check(const char *output, const struct ak_input *in, size_t n);
/* The same for nout outputs against the same inputs, in order, stopping at
 * the first refused: each input is looked at once, not once an output (a
 * run over 10,000 notes would otherwise stat them 100 million times). */
ak_err ak_out_check_many(const char *const *outputs, size_t nout, const struct ak_input *in,
			 size_t n);

/* ---- temporary paths removed on a signal (out.c) -------------------------
 * The handlers take every signal that ends the process but those a fault
 * raises: SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM,
 * SIGPIPE, SIGVTALRM, SIGPROF, SIGXCPU, SIGIO, SIGPWR and the real-time
 * signals; an ignored SIGHUP (nohup) or SIGPIPE stays ignored. */
void ak_tmp_install_handlers(void);
/* Those signals, for a command with a handler of its own (fetch). */
void ak_tmp_signal_set(sigset_t *set);
/* Register a file (dir false) or an empty-by-then folder (dir true) to remove
 * if a signal arrives; files go before folders, later folders before
 * earlier ones. Copies path. */
bool ak_tmp_register(const char *path, bool dir);
void ak_tmp_unregister(const char *path);
/* mkstemp() / mkdtemp() of tmpl and ak_tmp_register() with those signals
 * held off in between, so a signal cannot leave the new file or
 * folder behind unregistered. As mkstemp/mkdtemp: -1 / NULL with errno set
 * on failure (ENOMEM when it could not be registered, and nothing is left). */
int ak_mkstemp_tmp(char *tmpl);
char *ak_mkdtemp_tmp(char *tmpl);

/* ---- strings ------------------------------------------------------------- */
/* True when memcheck is watching. It cannot follow JIT-compiled code (it
 * reports the JIT's own reads as uninitialised), so every pcre2_jit_compile
 * is skipped under it and the interpreter, which it can follow, runs. */
bool ak_valgrind(void);

bool ak_streq(const char *a, const char *b); /* NULL-safe */
bool ak_has_prefix(const char *s, const char *prefix);
/* Levenshtein distance of two short strings (99 past 62 bytes): for "did
 * you mean" on a misspelt field name. */
size_t ak_edit_distance(const char *a, const char *b);
/* Parse a whole decimal integer in [lo, hi]; false if s is not one. */
bool ak_parse_long(const char *s, long lo, long hi, long *out);
/* The offset of the first byte of s[0..n) that is not valid UTF-8 (a stray
 * continuation byte, a cut sequence, an overlong form, a surrogate, past
 * U+10FFFF), or n when all of it is. A NUL byte is valid here. */
size_t ak_utf8_check(const char *s, size_t n);



/* ---- arena: many small allocations freed together -------------------------
 * For read-only structures built once (a loaded bank): every string and
 * array of it comes from the arena and goes with ak_arena_release. */
struct ak_arena {
	struct ak_arena_block *head;
	bool oom;
};

#define AK_ARENA_INIT {NULL, false}

void *ak_arena_alloc(struct ak_arena *a, size_t n); /* zeroed, aligned; NULL when out of memory */
char *ak_arena_strdup(struct ak_arena *a, const char *s);
void ak_arena_release(struct ak_arena *a);
#endif
