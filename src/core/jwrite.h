/* jwrite.h: JSON text written straight into a buffer, for the large
 * outputs where building a jansson tree first costs more than the writing
 * (facts.json of a 10,000-risk register). The output is byte for byte what
 * jansson's json_dumps(JSON_INDENT(n) | JSON_PRESERVE_ORDER) gives for the
 * same values (indent 1 or more), so readers and tests cannot tell the two
 * apart (tests/unit/test_jwrite.c). Strings are written as given: the
 * caller passes UTF-8 (every auditkit input is checked for it).
 *
 * The caller nests: jw_open()/jw_close() an object or array, jw_key() before
 * each member of an object, then one value. Errors are the buffer's (sticky
 * allocation failure, ak_buf_failed()). */
#ifndef AK_JWRITE_H
#define AK_JWRITE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/util.h"

#define JW_MAX_DEPTH 32

struct jw {
	struct ak_buf *b;
	int indent, depth;
	bool first[JW_MAX_DEPTH]; /* no member yet at this depth */
	bool after_key;           /* the next value follows "key": */
};

void jw_init(struct jw *w, struct ak_buf *b, int indent);
/* '{' or '['; jw_close() writes the matching bracket ("{}" / "[]" when empty). */
void jw_open(struct jw *w, char bracket);
void jw_close(struct jw *w, char bracket);
void jw_key(struct jw *w, const char *key);
void jw_str(struct jw *w, const char *s);
/* A whole number below 1e15 as an integer, anything else as jansson writes a
 * real (%.17g, always with a '.' or an exponent); NaN and infinities, which
 * JSON cannot hold, as null. */
void jw_num(struct jw *w, double v);
/* n bytes of s (no NUL needed), as a string. */
void jw_strn(struct jw *w, const char *s, size_t n);
void jw_bool(struct jw *w, bool v);
void jw_null(struct jw *w);
/* s, or null when s is NULL. */
void jw_str_or_null(struct jw *w, const char *s);
/* Shorthand: the member key: s, only when s is not NULL. */
void jw_key_str(struct jw *w, const char *key, const char *s);

/* s as a JSON string literal, quotes included, escaped as jansson escapes. */
void jw_quote(struct ak_buf *b, const char *s);
void jw_quoten(struct ak_buf *b, const char *s, size_t n);

#endif
