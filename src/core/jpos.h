/* jpos.h: where each value of a JSON text sits (line and column).
 *
 * jansson parses and reports syntax errors with their position, but keeps no
 * positions for the values it returns; an author told "unknown field 'roels'"
 * needs the line. jpos indexes a text jansson has already accepted, by JSON
 * Pointer path ("/questions/3/rubric/positive/0/pattern"), so a validator can
 * name the line and column of any value or key. */
#ifndef AK_JPOS_H
#define AK_JPOS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"

struct jpos_loc {
	int line, col;         /* of the value's first character, from 1 */
	int key_line, key_col; /* of its member name (0 for array elements) */
	size_t offset;         /* byte offset of the value */
};

struct jpos;

/* Parse text with jansson (duplicate keys rejected) and index it. On a
 * syntax error adds "file:line:col: message" to d and returns NULL in both
 * outputs. *root is a new reference; *pos is freed with jpos_free. */
bool jpos_load(const char *file, const char *text, size_t len, json_t **root, struct jpos **pos,
	       struct ak_diags *d);

/* Only the jansson step of jpos_load: for callers that index lazily, when a
 * problem needs a position. */
bool jpos_parse(const char *file, const char *text, size_t len, json_t **root, struct ak_diags *d);

/* Index a text that is already known to be valid JSON; NULL when out of
 * memory. */
struct jpos *jpos_build(const char *text, size_t len);
void jpos_free(struct jpos *p);

/* Look a path up; false (and loc zeroed) if it is not in the text. */
bool jpos_find(const struct jpos *p, const char *path, struct jpos_loc *loc);

/* The column of the byte at decoded offset off inside the JSON string value
 * at loc (so a pattern error at offset 7 points at the right character even
 * when the string holds escapes). */
int jpos_string_col(const struct jpos *p, const struct jpos_loc *loc, size_t off);

/* Append "/" and name, escaped as JSON Pointer requires, to path (of size n).
 * Returns false if it does not fit. */
bool jpos_path_key(char *path, size_t n, const char *base, const char *name);
bool jpos_path_index(char *path, size_t n, const char *base, size_t index);

#endif
