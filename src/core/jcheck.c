/* jcheck.c: typed reads with located problems (see jcheck.h). */
#include "core/jcheck.h"

#include "core/dates.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/jpos.h"
#include "core/util.h"

json_t *jck_parse(struct jck *c, const char *file, const char *text, size_t len, struct ak_diags *d)
{
	json_t *root = NULL;

	memset(c, 0, sizeof *c);
	c->file = file;
	c->text = text;
	c->len = len;
	c->d = d;
	if (!jpos_parse(file, text, len, &root, d)) {
		c->bad = true;
		return NULL;
	}
	return root;
}

void jck_release(struct jck *c)
{
	jpos_free(c->pos);
	c->pos = NULL;
}

bool jck_index(struct jck *c)
{
	if (!c->pos && c->text)
		c->pos = jpos_build(c->text, c->len);
	return c->pos != NULL;
}

/* The index for a problem's position; without it the problem is still
 * reported, with no line, and the reader told it ran out of memory. */
static bool index_built(struct jck *c)
{
	if (!jck_index(c))
		c->nomem = c->text != NULL;
	return c->pos != NULL;
}

void jck_problem(struct jck *c, const char *path, bool key, const char *fmt, ...)
{
	struct jpos_loc loc;
	char msg[900];
	va_list ap;

	c->bad = true;
	/* A file of another format can have a problem on every line; the
	 * first fifty say enough. */
	if (++c->count > JCK_MAX_PROBLEMS && !c->uncapped) {
		if (c->count == JCK_MAX_PROBLEMS + 1)
			ak_diags_add(c->d, c->file, 0, 0,
			             "more problems not shown (the first %d are)",
			             JCK_MAX_PROBLEMS);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	memset(&loc, 0, sizeof loc);
	if (index_built(c))
		jpos_find(c->pos, path, &loc);
	if (key && loc.key_line)
		ak_diags_add(c->d, c->file, loc.key_line, loc.key_col, "%s", msg);
	else
		ak_diags_add(c->d, c->file, loc.line, loc.col, "%s", msg);
	c->bad = true;
}

int jck_string_col(struct jck *c, const char *path, size_t off, int *line)
{
	struct jpos_loc loc;

	*line = 0;
	if (!index_built(c) || !jpos_find(c->pos, path, &loc))
		return 0;
	*line = loc.line;
	return jpos_string_col(c->pos, &loc, off);
}

bool jck_loc(struct jck *c, const char *path, int *line, int *col)
{
	struct jpos_loc loc;

	*line = *col = 0;
	if (!index_built(c) || !jpos_find(c->pos, path, &loc))
		return false;
	*line = loc.line;
	*col = loc.col;
	return true;
}

const char *jck_type(json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

void jck_sub(char out[JCK_PATH], const char *base, const char *key)
{
	if (!jpos_path_key(out, JCK_PATH, base, key))
		snprintf(out, JCK_PATH, "%s", base);
}

void jck_idx(char out[JCK_PATH], const char *base, size_t i)
{
	if (!jpos_path_index(out, JCK_PATH, base, i))
		snprintf(out, JCK_PATH, "%s", base);
}


void jck_fields(struct jck *c, const char *path, json_t *obj, const char *const *allowed,
                const char *what)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v)
	{
		const char *best = NULL;
		size_t i, bd = 3;
		char p[JCK_PATH];

		for (i = 0; allowed[i]; i++)
			if (strcmp(key, allowed[i]) == 0)
				break;
		if (allowed[i] || key[0] == '$')
			continue;
		for (i = 0; allowed[i] && !c->no_hints; i++) {
			size_t dd = ak_edit_distance(key, allowed[i]);
			if (dd < bd) {
				bd = dd;
				best = allowed[i];
			}
		}
		jck_sub(p, path, key);
		if (best)
			jck_problem(c, p, true, "unknown field '%s' in %s (did you mean '%s'?)",
			            key, what, best);
		else
			jck_problem(c, p, true, "unknown field '%s' in %s", key, what);
	}
}

/* The member, or NULL when absent (reported if required) or null. */
static json_t *member(struct jck *c, const char *path, json_t *obj, const char *key, int flags,
                      const char *want)
{
	json_t *v = json_object_get(obj, key);

	if (!v) {
		if (flags & JCK_REQUIRED)
			jck_problem(c, path, false, "missing \"%s\" (%s)", key, want);
		return NULL;
	}
	if (json_is_null(v)) {
		if (!(flags & JCK_NULLABLE)) {
			char p[JCK_PATH];
			jck_sub(p, path, key);
			jck_problem(c, p, false, "\"%s\" must be %s, not null", key, want);
		}
		return NULL;
	}
	return v;
}

const char *jck_str(struct jck *c, const char *path, json_t *obj, const char *key, int flags)
{
	json_t *v = member(c, path, obj, key, flags, "a string");
	char p[JCK_PATH];

	if (!v)
		return NULL;
	jck_sub(p, path, key);
	if (!json_is_string(v)) {
		jck_problem(c, p, false, "\"%s\" must be a string, not %s", key, jck_type(v));
		return NULL;
	}
	if ((flags & JCK_NONEMPTY) && json_string_length(v) == 0) {
		jck_problem(c, p, false, "\"%s\" is empty", key);
		return NULL;
	}
	if (strlen(json_string_value(v)) != json_string_length(v)) {
		jck_problem(c, p, false, "\"%s\" holds a NUL character", key);
		return NULL;
	}
	return json_string_value(v);
}

bool jck_int(struct jck *c, const char *path, json_t *obj, const char *key, long lo, long hi,
             int flags, long *out)
{
	json_t *v = member(c, path, obj, key, flags, "a whole number");
	char p[JCK_PATH];
	json_int_t x;

	if (!v)
		return false;
	jck_sub(p, path, key);
	if (!json_is_integer(v)) {
		jck_problem(c, p, false, "\"%s\" must be a whole number, not %s", key, jck_type(v));
		return false;
	}
	x = json_integer_value(v);
	if (x < lo || x > hi) {
		jck_problem(c, p, false, "\"%s\" is %lld, out of range %ld to %ld", key,
		            (long long)x, lo, hi);
		return false;
	}
	*out = (long)x;
	return true;
}

bool jck_num(struct jck *c, const char *path, json_t *obj, const char *key, int flags, double *out)
{
	json_t *v = member(c, path, obj, key, flags, "a number");
	char p[JCK_PATH];

	if (!v)
		return false;
	if (!json_is_number(v)) {
		jck_sub(p, path, key);
		jck_problem(c, p, false, "\"%s\" must be a number, not %s", key, jck_type(v));
		return false;
	}
	*out = json_number_value(v);
	return true;
}

bool jck_bool(struct jck *c, const char *path, json_t *obj, const char *key, int flags, bool *out)
{
	json_t *v = member(c, path, obj, key, flags, "true or false");
	char p[JCK_PATH];

	if (!v)
		return false;
	if (!json_is_boolean(v)) {
		jck_sub(p, path, key);
		jck_problem(c, p, false, "\"%s\" must be true or false, not %s", key, jck_type(v));
		return false;
	}
	*out = json_is_true(v);
	return true;
}

json_t *jck_array(struct jck *c, const char *path, json_t *obj, const char *key, int flags)
{
	json_t *v = member(c, path, obj, key, flags, "an array");
	char p[JCK_PATH];

	if (v && !json_is_array(v)) {
		jck_sub(p, path, key);
		jck_problem(c, p, false, "\"%s\" must be an array, not %s", key, jck_type(v));
		return NULL;
	}
	return v;
}

json_t *jck_object(struct jck *c, const char *path, json_t *obj, const char *key, int flags)
{
	json_t *v = member(c, path, obj, key, flags, "an object");
	char p[JCK_PATH];

	if (v && !json_is_object(v)) {
		jck_sub(p, path, key);
		jck_problem(c, p, false, "\"%s\" must be an object, not %s", key, jck_type(v));
		return NULL;
	}
	return v;
}

bool jck_is_date(const char *s)
{
	struct ak_date d;

	return date_parse_iso(s, &d);
}
