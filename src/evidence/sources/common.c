/* evidence/sources/common.c: JSON field paths, the field map and URL parameters,
 * shared by every source shape. */
#include "evidence/sources/common.h"

#include <curl/curl.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/msg.h"
#include "core/util.h"

const char *const src_field_names[SRC_NFIELDS] = {
	"id",     "title", "description", "owner",     "likelihood",
	"impact", "level", "level_label", "treatment", "status",
};

/* ======================================================================
 * JSON: pages are read with cJSON, whose plain lists of members cost a
 * quarter of what a hash table per object costs on a register of
 * thousands of small records (docs/benchmarks.md). cJSON is more lenient
 * than RFC 8259 in places that cannot change a value (a raw tab inside a
 * string); what it would let through silently changed is refused first:
 * bytes that are not UTF-8, NUL bytes and the \u0000 escape (cJSON would
 * cut the string there).
 * ====================================================================== */

static void position(const char *data, size_t off, int *line, int *col)
{
	const char *nl = NULL, *p;

	*line = 1;
	for (p = data; p < data + off; p++) {
		if (*p == '\n') {
			(*line)++;
			nl = p;
		}
	}
	*col = (int)(off - (size_t)(nl ? nl + 1 - data : 0)) + 1;
}

static ak_err syntax_error(const struct src_page *p, size_t off, const char *what)
{
	int line, col;

	position(p->data, off, &line, &col);
	ak_diag_print(p->name, line, col, "invalid JSON: %s", what);
	return AK_ERR_DATA;
}

/* How many arrays and objects are open at off (strings skipped). */
static int depth_at(const char *s, size_t off)
{
	int depth = 0;
	bool in_str = false;
	size_t i;

	for (i = 0; i < off; i++) {
		if (in_str) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == '"')
				in_str = false;
		} else if (s[i] == '"') {
			in_str = true;
		} else if (s[i] == '[' || s[i] == '{') {
			depth++;
		} else if (s[i] == ']' || s[i] == '}') {
			depth--;
		}
	}
	return depth;
}

/* Refuse what cJSON would read as something else: invalid UTF-8, a NUL
 * byte, the escape \u0000. */
static ak_err check_bytes(const struct src_page *p)
{
	size_t bad = ak_utf8_check(p->data, p->len), i;
	const char *nul = memchr(p->data, '\0', p->len);

	if (nul && (size_t)(nul - p->data) < bad)
		return syntax_error(p, (size_t)(nul - p->data), "a NUL byte");
	if (bad < p->len)
		return syntax_error(p, bad, "not UTF-8 text");
	i = 0;
	while (i + 6 <= p->len) {
		const char *b = memchr(p->data + i, '\\', p->len - i);
		if (!b)
			break;
		i = (size_t)(b - p->data);
		if (p->len - i >= 6 && b[1] == 'u' && memcmp(b + 2, "0000", 4) == 0)
			return syntax_error(p, i, "\\u0000 (a NUL character) in a string");
		i += 2; /* the backslash and the character it escapes */
	}
	return AK_OK;
}

static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Where cJSON stopped in data[0..len) followed by one space: it reports a
 * failure at the end of the text as being on the last byte, so the space
 * tells "ends too early" from "wrong last character". Error path only. */
/* cJSON keeps the place of its last error in a global it writes on every
 * parse; two threads parse pages at once (fetch_pages.c), so they take turns. */
static pthread_mutex_t cjson_mu = PTHREAD_MUTEX_INITIALIZER;

/* ---- a page's tree in one arena ------------------------------------------
 * cJSON allocates a node and a string for every value, thousands on a
 * register's page; between src_json_load() and src_json_free() the
 * thread's cJSON allocations come from an arena freed in one go (a third
 * of the parse time was malloc and free). cJSON's allocator is global, so
 * it is set once to one that looks for the calling thread's arena and
 * uses malloc without one. */

struct arena {
	struct ak_arena a;
	struct arena *outer; /* the arena this one was opened inside, if any */
};

static _Thread_local struct arena *arena;
static pthread_once_t hooks_once = PTHREAD_ONCE_INIT;

static void *hook_malloc(size_t n) { return arena ? ak_arena_alloc(&arena->a, n) : malloc(n); }

static void hook_free(void *p)
{
	if (!arena) /* in an arena, everything goes when it does */
		free(p);
}

static void set_hooks(void)
{
	cJSON_Hooks h = {hook_malloc, hook_free};
	cJSON_InitHooks(&h);
}

static bool arena_open(void)
{
	struct arena *a = calloc(1, sizeof *a);

	if (!a)
		return false;
	pthread_once(&hooks_once, set_hooks);
	a->outer = arena;
	arena = a;
	return true;
}

static void arena_close(void)
{
	struct arena *a = arena;

	if (!a)
		return;
	ak_arena_release(&a->a);
	arena = a->outer;
	free(a);
}

void src_json_free(cJSON *root)
{
	if (root)
		arena_close();
}

static cJSON *parse_locked(const char *data, size_t len, const char **end)
{
	cJSON *v;

	pthread_mutex_lock(&cjson_mu);
	v = cJSON_ParseWithLengthOpts(data, len, end, false);
	pthread_mutex_unlock(&cjson_mu);
	return v;
}

static size_t error_offset(const char *data, size_t len)
{
	char *copy = malloc(len + 1);
	const char *end = NULL;
	size_t off;
	cJSON *v;

	if (!copy)
		return len;
	memcpy(copy, data, len);
	copy[len] = ' ';
	v = parse_locked(copy, len + 1, &end);
	off = end ? (size_t)(end - copy) : 0;
	cJSON_Delete(v);
	free(copy);
	return off;
}

ak_err src_json_load(const struct src_page *p, cJSON **root)
{
	const char *end = NULL;
	ak_err err;

	*root = NULL;
	if ((err = check_bytes(p)) != AK_OK)
		return err;
	if (!arena_open())
		return AK_ERR_NOMEM;
	*root = parse_locked(p->data, p->len, &end);
	if (!*root) {
		size_t off = error_offset(p->data, p->len);
		char what[64];
		bool oom = arena->a.oom;
		arena_close();
		if (oom)
			return AK_ERR_NOMEM;
		while (off < p->len && is_ws(p->data[off]))
			off++;
		if (off >= p->len)
			return syntax_error(p, p->len, "the text ends before the JSON value does");
		if (depth_at(p->data, off) >= CJSON_NESTING_LIMIT)
			snprintf(what, sizeof what, "nested more than %d deep", CJSON_NESTING_LIMIT);
		else if ((unsigned char)p->data[off] > 0x20 && (unsigned char)p->data[off] < 0x7f)
			snprintf(what, sizeof what, "unexpected '%c'", p->data[off]);
		else
			snprintf(what, sizeof what, "unexpected byte 0x%02x",
				 (unsigned)(unsigned char)p->data[off]);
		return syntax_error(p, off, what);
	}
	while (end < p->data + p->len && is_ws(*end))
		end++;
	if (end < p->data + p->len) {
		src_json_free(*root);
		*root = NULL;
		return syntax_error(p, (size_t)(end - p->data), "more text after the JSON value");
	}
	return AK_OK;
}

ak_err src_shape_error(const struct src_page *p, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ak_diag_print(p->name, 0, 0, "%s", msg);
	return AK_ERR_DATA;
}

/* s (NUL-terminated) is key[0..n); key holds no NUL, so a shorter s stops
 * the loop at its terminator. */
static bool key_is(const char *s, const char *key, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != key[i])
			return false;
	return s[n] == '\0';
}

const cJSON *src_json_getn(const cJSON *o, const char *key, size_t n)
{
	const cJSON *c;

	if (!cJSON_IsObject(o))
		return NULL;
	/* The first of repeated keys, as cJSON's own lookup and the scan for
	 * the next page (peek_member) take it. */
	for (c = o->child; c; c = c->next)
		if (c->string && key_is(c->string, key, n))
			return c;
	return NULL;
}

const cJSON *src_json_get(const cJSON *o, const char *key)
{
	return src_json_getn(o, key, strlen(key));
}

/* One alternative: a dotted path of n bytes. */
static const cJSON *path_one(const cJSON *v, const char *path, size_t n)
{
	const char *end = path + n;

	while (v && path < end) {
		const char *dot = memchr(path, '.', (size_t)(end - path));
		size_t len = (size_t)((dot ? dot : end) - path);
		if (cJSON_IsObject(v)) {
			v = src_json_getn(v, path, len);
		} else if (cJSON_IsArray(v)) {
			char idx[24];
			long i;
			if (len == 0 || len >= sizeof idx)
				return NULL;
			memcpy(idx, path, len);
			idx[len] = '\0';
			if (!ak_parse_long(idx, 0, 1L << 30, &i))
				return NULL;
			v = cJSON_GetArrayItem(v, (int)i);
		} else {
			return NULL;
		}
		path += len + (dot ? 1 : 0);
	}
	return cJSON_IsNull(v) ? NULL : v;
}

const cJSON *src_json_path(const cJSON *v, const char *path)
{
	if (!path || !*path)
		return cJSON_IsNull(v) ? NULL : v;
	for (;;) {
		const char *bar = strchr(path, '|');
		size_t n = bar ? (size_t)(bar - path) : strlen(path);
		const cJSON *got = path_one(v, path, n);
		if (got)
			return got;
		if (!bar)
			return NULL;
		path = bar + 1;
	}
}

bool src_json_exact(const cJSON *v)
{
	double d;

	if (!cJSON_IsNumber(v))
		return true;
	d = v->valuedouble;
	return isfinite(d) && !(d == floor(d) && fabs(d) >= 9007199254740992.0);
}

char *src_json_text(const cJSON *v, bool *oom)
{
	static const char *const display[] = {"display_value", "displayName", "name",
					      "value",         "str",         "label"};
	char *s = NULL;
	size_t i;

	if (!v)
		return NULL;
	if (cJSON_IsString(v)) {
		return risk_strdup_trim(v->valuestring, strlen(v->valuestring), oom);
	} else if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;
		if (!src_json_exact(v))
			return NULL;
		if (d == floor(d))
			s = ak_asprintf("%.0f", d);
		else
			s = ak_asprintf("%.15g", d);
	} else if (cJSON_IsTrue(v)) {
		s = ak_strdup("true");
	} else if (cJSON_IsFalse(v)) {
		s = ak_strdup("false");
	} else if (cJSON_IsObject(v)) {
		for (i = 0; i < sizeof display / sizeof display[0]; i++) {
			const cJSON *m = src_json_get(v, display[i]);
			if (m && !cJSON_IsNull(m) && !cJSON_IsObject(m))
				return src_json_text(m, oom);
		}
		return NULL;
	} else if (cJSON_IsArray(v)) {
		struct ak_buf b = AK_BUF_INIT;
		const cJSON *el;
		cJSON_ArrayForEach(el, v) {
			char *t = src_json_text(el, oom);
			if (!t)
				continue;
			if (b.len)
				ak_buf_adds(&b, ", ");
			ak_buf_adds(&b, t);
			free(t);
		}
		if (b.len == 0) {
			ak_buf_release(&b);
			return NULL;
		}
		s = ak_buf_detach(&b);
	} else {
		return NULL; /* null */
	}
	if (!s && oom)
		*oom = true;
	return s;
}

ak_err src_json_array(const struct src_page *p, const cJSON *root, const char *path,
		      const cJSON **arr)
{
	const cJSON *v = src_json_path(root, path);

	if (!cJSON_IsArray(v)) {
		if (path && *path)
			return src_shape_error(p, "expected an array at '%s'%s", path,
					       v ? "" : ", which is missing");
		return src_shape_error(p, "expected a JSON array of risks");
	}
	*arr = v;
	return AK_OK;
}

ak_err src_score(const struct src_page *p, const char *where, const char *field, const char *text,
		 double *out, bool *has)
{
	if (!text)
		return AK_OK;
	const char *problem;

	if ((problem = risk_read_score(field, text, out)))
		return src_shape_error(p, "%s: %s '%s' %s", where, field, text, problem);
	*has = true;
	return AK_OK;
}

ak_err src_require(const struct src_page *p, const struct risk *r, const char *where)
{
	if (!r->id)
		return src_shape_error(p, "%s: the risk has no id", where);
	if (!r->title)
		return src_shape_error(p, "%s: risk '%s' has no title", where, r->id);
	return AK_OK;
}

ak_err src_fill_item(const struct src_page *p, const cJSON *item, const char *where,
		     const struct src_paths *defaults, const json_t *field_map, const bool *skip,
		     struct risk *r)
{
	char **text_field[SRC_NFIELDS] = {
		[SRC_F_ID] = &r->id,
		[SRC_F_TITLE] = &r->title,
		[SRC_F_DESCRIPTION] = &r->description,
		[SRC_F_OWNER] = &r->owner,
		[SRC_F_LEVEL_LABEL] = &r->level_label,
		[SRC_F_TREATMENT] = &r->treatment,
		[SRC_F_STATUS] = &r->status,
	};
	bool oom = false;
	ak_err err;
	int i;

	if (!cJSON_IsObject(item))
		return src_shape_error(p, "%s: expected an object", where);
	for (i = 0; i < SRC_NFIELDS; i++) {
		const char *path = defaults->path[i];
		json_t *m = field_map ? json_object_get(field_map, src_field_names[i]) : NULL;
		const cJSON *v;
		char *text, fwhere[256];

		if (json_is_string(m))
			path = json_string_value(m);
		else if (skip && skip[i])
			continue;
		if (!path)
			continue;
		v = src_json_path(item, path);
		if (!src_json_exact(v))
			return src_shape_error(p, "%s.%s: %s", where, path,
					       isfinite(v->valuedouble)
						       ? "a whole number too large to keep exactly "
							 "(2^53 or more); send it as a string"
						       : "a number out of range");
		text = src_json_text(v, &oom);
		if (oom)
			return AK_ERR_NOMEM;
		if (text_field[i]) {
			free(*text_field[i]);
			*text_field[i] = text;
			continue;
		}
		snprintf(fwhere, sizeof fwhere, "%s.%s", where, path);
		if (i == SRC_F_LIKELIHOOD)
			err = src_score(p, fwhere, "likelihood", text, &r->likelihood, &r->has_likelihood);
		else if (i == SRC_F_IMPACT)
			err = src_score(p, fwhere, "impact", text, &r->impact, &r->has_impact);
		else
			err = src_score(p, fwhere, "level", text, &r->level, &r->has_level);
		free(text);
		if (err)
			return err;
	}
	return AK_OK;
}

ak_err src_parse_json_items(const struct src_config *c, const struct src_page *p,
			    struct risk_list *out, const struct src_items *how)
{
	const cJSON *arr, *item;
	cJSON *root = NULL;
	ak_err err;
	size_t i = 0;

	if ((err = src_json_load(p, &root)) != AK_OK)
		return err;
	if (how->object && !cJSON_IsObject(root)) {
		err = src_shape_error(p, "expected an object with %s", how->object);
		goto out;
	}
	if ((how->check && (err = how->check(p, root)) != AK_OK) ||
	    (err = src_json_array(p, root, how->path, &arr)) != AK_OK)
		goto out;
	cJSON_ArrayForEach(item, arr) {
		char where[160];
		struct risk *r = risk_list_add(out);
		if (!r) {
			err = AK_ERR_NOMEM;
			goto out;
		}
		snprintf(where, sizeof where, "%s[%zu]", how->path ? how->path : "", i++);
		err = src_fill_item(p, item, where, how->defaults, c->field_map, how->skip, r);
		if (!err && !(r->where = ak_asprintf("%s: %s", p->name, where)))
			err = AK_ERR_NOMEM;
		if (!err && how->extra)
			err = how->extra(c, p, item, where, r);
		if (!err)
			err = src_require(p, r, where);
		if (err) {
			risk_list_drop_last(out);
			goto out;
		}
	}
out:
	src_json_free(root);
	return err;
}

/* ======================================================================
 * Peeking: one value of a page (the next page's link) found without
 * parsing the page, so the next request can go out while this page is
 * parsed on another thread (fetch_pages.c). A scan that only tells strings,
 * brackets and separators apart; the value found is then parsed alone.
 * Anything the scan is not sure of sends the caller to the full parse.
 * ====================================================================== */

static const char *skip_ws(const char *s, const char *e)
{
	while (s < e && is_ws(*s))
		s++;
	return s;
}

/* s at the opening quote; the byte after the closing quote, or NULL. */
static const char *skip_string(const char *s, const char *e)
{
	const char *from = s + 1;

	for (;;) {
		const char *q = memchr(from, '"', (size_t)(e - from)), *b;
		if (!q)
			return NULL;
		for (b = q; b > s + 1 && b[-1] == '\\'; b--)
			;
		if (((q - b) & 1) == 0)
			return q + 1;
		from = q + 1;
	}
}

/* The first of " [ ] { } in s[0..e), or NULL; bytes outside strings are
 * few in JSON, so this runs over short stretches between memchr()s. */
static const char *structural(const char *s, const char *e)
{
	const char *q = memchr(s, '"', (size_t)(e - s)), *stop = q ? q : e;

	for (; s < stop; s++)
		if (*s == '[' || *s == ']' || *s == '{' || *s == '}')
			return s;
	return q;
}

/* s at the first byte of a value; the byte after it, or NULL. */
static const char *skip_value(const char *s, const char *e)
{
	int depth = 0;

	if (s >= e)
		return NULL;
	if (*s == '"')
		return skip_string(s, e);
	if (*s != '{' && *s != '[') {
		while (s < e && *s != ',' && *s != '}' && *s != ']' && !is_ws(*s))
			s++;
		return s;
	}
	while ((s = structural(s, e)) != NULL) {
		if (*s == '"') {
			if (!(s = skip_string(s, e)))
				return NULL;
			continue;
		}
		if (*s == '{' || *s == '[')
			depth++;
		else if (--depth == 0)
			return s + 1;
		s++;
	}
	return NULL;
}

/* In the object at *s, the value of member key (n bytes; the first one when
 * repeated, as src_json_getn): *s and *e become its first byte and the byte
 * after it. The rest of the object is not looked at. */
static int peek_member(const char **s, const char **e, const char *key, size_t n)
{
	const char *p = skip_ws(*s, *e), *end = *e;

	if (p >= end || *p != '{')
		return SRC_PEEK_UNSURE;
	p = skip_ws(p + 1, end);
	if (p < end && *p == '}')
		return SRC_PEEK_ABSENT;
	while (p < end) {
		const char *k = p, *ke, *v, *after;
		if (*p != '"' || !(ke = skip_string(p, end)))
			return SRC_PEEK_UNSURE;
		if (memchr(k + 1, '\\', (size_t)(ke - 1 - (k + 1))))
			return SRC_PEEK_UNSURE; /* an escaped key: let the parser decode it */
		p = skip_ws(ke, end);
		if (p >= end || *p != ':')
			return SRC_PEEK_UNSURE;
		v = skip_ws(p + 1, end);
		if (!(after = skip_value(v, end)) || after == v)
			return SRC_PEEK_UNSURE;
		if ((size_t)(ke - 1 - (k + 1)) == n && memcmp(k + 1, key, n) == 0) {
			*s = v;
			*e = after;
			return SRC_PEEK_FOUND;
		}
		p = skip_ws(after, end);
		if (p < end && *p == '}')
			break;
		if (p >= end || *p != ',')
			return SRC_PEEK_UNSURE;
		p = skip_ws(p + 1, end);
	}
	return p < end ? SRC_PEEK_ABSENT : SRC_PEEK_UNSURE;
}

int src_json_peek_raw(const struct src_page *p, const char *path, const char **v, size_t *n)
{
	const char *s = p->data, *e = p->data + p->len, *seg = path;

	if (strchr(path, '|'))
		return SRC_PEEK_UNSURE; /* alternatives: as src_json_path tries them */
	while (*seg) {
		const char *dot = strchr(seg, '.');
		size_t len = dot ? (size_t)(dot - seg) : strlen(seg);
		int r = peek_member(&s, &e, seg, len);
		if (r != SRC_PEEK_FOUND)
			return r;
		seg += len + (dot ? 1 : 0);
	}
	*v = s;
	*n = (size_t)(e - s);
	return SRC_PEEK_FOUND;
}

ak_err src_json_peek(const struct src_page *p, const char *path, json_t **value)
{
	const char *v;
	size_t n;
	cJSON *root;
	const cJSON *got;
	char *text;
	ak_err err;
	int r = src_json_peek_raw(p, path, &v, &n);

	*value = NULL;
	if (r == SRC_PEEK_ABSENT)
		return AK_OK;
	/* The value alone is decoded with jansson, not cJSON: this runs beside
	 * the worker's cJSON parse, and cJSON keeps its last error in a global. */
	if (r == SRC_PEEK_FOUND && (*value = json_loadb(v, n, JSON_DECODE_ANY, NULL))) {
		if (json_is_null(*value)) {
			json_decref(*value);
			*value = NULL;
		}
		return AK_OK;
	}
	/* The scan was not sure (an array index, an escaped key, bad JSON):
	 * the whole page decides. */
	if ((err = src_json_load(p, &root)) != AK_OK)
		return err;
	got = src_json_path(root, path);
	if (got) {
		text = cJSON_PrintUnformatted(got); /* in the page's arena */
		*value = text ? json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL) : NULL;
		if (!*value)
			err = AK_ERR_NOMEM;
	}
	src_json_free(root);
	return err;
}

/* ======================================================================
 * URLs (libcurl's URL parser, so they are read as libcurl will send them)
 * ====================================================================== */

static bool query_has(const char *query, const char *param)
{
	const char *eq = strchr(param, '=');
	size_t n = eq ? (size_t)(eq - param) : strlen(param);
	const char *q = query;

	while (q && *q) {
		if (strncmp(q, param, n) == 0 && (q[n] == '=' || q[n] == '&' || q[n] == '\0'))
			return true;
		q = strchr(q, '&');
		if (q)
			q++;
	}
	return false;
}

char *src_url_add_params(const char *url, const char *const *params, size_t n)
{
	CURLU *u = curl_url();
	char *query = NULL, *out = NULL, *s = NULL;
	size_t i;

	if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
		goto out;
	for (i = 0; i < n; i++) {
		curl_free(query);
		query = NULL;
		curl_url_get(u, CURLUPART_QUERY, &query, 0);
		if (query && query_has(query, params[i]))
			continue;
		if (curl_url_set(u, CURLUPART_QUERY, params[i], CURLU_APPENDQUERY | CURLU_URLENCODE) !=
		    CURLUE_OK)
			goto out;
	}
	if (curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK)
		out = ak_strdup(s);
out:
	curl_free(s);
	curl_free(query);
	curl_url_cleanup(u);
	return out;
}

char *src_url_default_path(const char *url, const char *path)
{
	CURLU *u = curl_url();
	char *cur = NULL, *s = NULL, *out = NULL;

	if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
		goto out;
	if (curl_url_get(u, CURLUPART_PATH, &cur, 0) != CURLUE_OK || !cur || strcmp(cur, "/") == 0 ||
	    !*cur) {
		if (curl_url_set(u, CURLUPART_PATH, path, 0) != CURLUE_OK)
			goto out;
	}
	if (curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK)
		out = ak_strdup(s);
out:
	curl_free(cur);
	curl_free(s);
	curl_url_cleanup(u);
	return out;
}

char *src_url_resolve(const char *base, const char *ref)
{
	CURLU *u = curl_url();
	char *s = NULL, *out = NULL;

	if (!u)
		return NULL;
	if ((!base || curl_url_set(u, CURLUPART_URL, base, 0) == CURLUE_OK) &&
	    curl_url_set(u, CURLUPART_URL, ref, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK)
		out = ak_strdup(s);
	curl_free(s);
	curl_url_cleanup(u);
	return out;
}

char *src_url_set_param(const char *url, const char *name, const char *value)
{
	CURLU *u = curl_url();
	char *query = NULL, *s = NULL, *out = NULL, *param = NULL;
	struct ak_buf kept = AK_BUF_INIT;
	size_t n = strlen(name);
	const char *q;

	if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
		goto out;
	curl_url_get(u, CURLUPART_QUERY, &query, 0);
	for (q = query; q && *q;) {
		const char *amp = strchr(q, '&');
		size_t len = amp ? (size_t)(amp - q) : strlen(q);
		if (!(len >= n && strncmp(q, name, n) == 0 && (len == n || q[n] == '='))) {
			if (kept.len)
				ak_buf_addc(&kept, '&');
			ak_buf_add(&kept, q, len);
		}
		q = amp ? amp + 1 : NULL;
	}
	param = ak_asprintf("%s=%s", name, value);
	if (!param || ak_buf_failed(&kept))
		goto out;
	if (curl_url_set(u, CURLUPART_QUERY, kept.len ? ak_buf_str(&kept) : NULL, 0) != CURLUE_OK ||
	    curl_url_set(u, CURLUPART_QUERY, param, CURLU_APPENDQUERY | CURLU_URLENCODE) != CURLUE_OK)
		goto out;
	if (curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK)
		out = ak_strdup(s);
out:
	free(param);
	ak_buf_release(&kept);
	curl_free(s);
	curl_free(query);
	curl_url_cleanup(u);
	return out;
}
