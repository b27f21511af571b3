/* jcheck.h: typed reads from a parsed JSON document, with every problem
 * reported at its line and column.
 *
 * The readers of question banks, facts, scored interviews, grading rules and
 * manual findings all check outside input the same way: unknown fields are
 * named at their key (with a "did you mean" when one is close), a mistyped
 * value at the value. A jck holds the document's text so the position index
 * (jpos) is built only when the first problem needs a line number: correct
 * files, the usual case, never pay for it. A jck prints nothing; problems go
 * to its diags. */
#ifndef AK_JCHECK_H
#define AK_JCHECK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"

#define JCK_PATH 256 /* enough for "/questions/123/probes/4/found/5/quote" */

enum {
	JCK_REQUIRED = 1, /* absent is a problem */
	JCK_NULLABLE = 2, /* null is allowed (and read as absent) */
	JCK_NONEMPTY = 4  /* "" is a problem */
};

struct jck {
	const char *file; /* for messages */
	const char *text; /* borrowed: the bytes jansson parsed */
	size_t len;
	struct jpos *pos; /* built on the first problem; owned */
	struct ak_diags *d;
	bool bad; /* a problem was reported */
	bool nomem;
	int count; /* problems so far; past JCK_MAX_PROBLEMS they are counted only */
	/* Set after jck_parse by the bank and facts readers, whose messages were
	 * settled before jcheck: banks and facts show every problem, and facts
	 * suggest no field names. */
	bool uncapped; /* every problem is shown, past JCK_MAX_PROBLEMS too */
	bool no_hints; /* jck_fields names no "did you mean" field */
};

#define JCK_MAX_PROBLEMS 50

/* Parse text (duplicate keys rejected); on a syntax error adds the
 * diagnostic and returns NULL. The result is a new reference. */
json_t *jck_parse(struct jck *c, const char *file, const char *text, size_t len,
                  struct ak_diags *d);
void jck_release(struct jck *c);

/* Build the position index now rather than at the first problem. false
 * when it cannot be built: out of memory, or a path longer than jpos
 * indexes (4 KB). */
bool jck_index(struct jck *c);

/* Report a problem at the value at path (or at its key when key is true). */
void jck_problem(struct jck *c, const char *path, bool key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* "a string", "an object"... for messages. */
const char *jck_type(json_t *v);

/* Report every member of obj not in allowed (NULL-terminated), at its name,
 * with the closest allowed name unless c->no_hints; members whose names begin
 * with '$' are comments and always allowed. */
void jck_fields(struct jck *c, const char *path, json_t *obj, const char *const *allowed,
                const char *what);

/* A string member (borrowed from obj), or NULL when absent, null (with
 * JCK_NULLABLE) or wrong (reported). */
const char *jck_str(struct jck *c, const char *path, json_t *obj, const char *key, int flags);
/* An integer member in [lo, hi]. Returns true and sets *out when present
 * and valid; false when absent (reported if required), null or wrong. */
bool jck_int(struct jck *c, const char *path, json_t *obj, const char *key, long lo, long hi,
             int flags, long *out);
/* A number member (integer or real). */
bool jck_num(struct jck *c, const char *path, json_t *obj, const char *key, int flags, double *out);
bool jck_bool(struct jck *c, const char *path, json_t *obj, const char *key, int flags, bool *out);
/* An array or object member (borrowed), NULL when absent or wrong. */
json_t *jck_array(struct jck *c, const char *path, json_t *obj, const char *key, int flags);
json_t *jck_object(struct jck *c, const char *path, json_t *obj, const char *key, int flags);

/* Paths: base + "/" + key or index, escaped as JSON Pointer requires. */
void jck_sub(char out[JCK_PATH], const char *base, const char *key);
void jck_idx(char out[JCK_PATH], const char *base, size_t i);

/* The column of byte off inside the string value at path (for pattern
 * errors); 0 when unknown. */
int jck_string_col(struct jck *c, const char *path, size_t off, int *line);

/* Line and column of the value at path; false (zeros) when unknown. */
bool jck_loc(struct jck *c, const char *path, int *line, int *col);

/* YYYY-MM-DD with a real month and day. */
bool jck_is_date(const char *s);

#endif
