/* jpos.c: a position index over a valid JSON text.
 *
 * A small recursive scanner: it trusts that jansson accepted the text (so
 * it need not diagnose anything) and records, for every value, its JSON
 * Pointer and where it starts. jansson's json_loadb lets a raw NUL byte
 * through between tokens ("[1\0]" reads as [1]), so a byte no value starts
 * with is stepped over: every step consumes at least one byte. Recursion
 * depth is bounded by jansson's own nesting limit, which the text has
 * already passed. */
#include "core/jpos.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/textin.h"
#include "core/util.h"

struct entry {
	char *path;
	struct jpos_loc loc;
};

struct jpos {
	const char *text; /* borrowed: the caller keeps the text alive */
	size_t len;
	struct entry *v;
	size_t n, cap;
	bool oom;
};

struct scan {
	struct jpos *p;
	size_t i;
	int line, col;
};

static void advance(struct scan *s)
{
	unsigned char c = (unsigned char)s->p->text[s->i++];

	if (c == '\n') {
		s->line++;
		s->col = 1;
	} else if ((c & 0xC0) != 0x80) {
		s->col++; /* count characters, not UTF-8 continuation bytes */
	}
}

static void skip_ws(struct scan *s)
{
	while (s->i < s->p->len && strchr(" \t\r\n", s->p->text[s->i]) && s->p->text[s->i])
		advance(s);
}

static void record(struct scan *s, const char *path, int kl, int kc)
{
	struct jpos *p = s->p;
	struct entry *e;

	if (!ak_grow(&p->v, &p->cap, p->n + 1, sizeof *p->v)) {
		p->oom = true;
		return;
	}
	e = &p->v[p->n];
	e->path = ak_strdup(path);
	if (!e->path) {
		p->oom = true;
		return;
	}
	e->loc.line = s->line;
	e->loc.col = s->col;
	e->loc.key_line = kl;
	e->loc.key_col = kc;
	e->loc.offset = s->i;
	p->n++;
}

/* Skip a string at s->i (on its opening quote); decode it into out when
 * out is not NULL. */
static void scan_string(struct scan *s, struct ak_buf *out)
{
	advance(s); /* " */
	while (s->i < s->p->len && s->p->text[s->i] != '"') {
		char c = s->p->text[s->i];
		if (c == '\\') {
			advance(s);
			if (s->i >= s->p->len)
				return;
			c = s->p->text[s->i];
			if (out) {
				switch (c) {
				case 'n': ak_buf_addc(out, '\n'); break;
				case 't': ak_buf_addc(out, '\t'); break;
				case 'r': ak_buf_addc(out, '\r'); break;
				case 'b': ak_buf_addc(out, '\b'); break;
				case 'f': ak_buf_addc(out, '\f'); break;
				case 'u': ak_buf_addc(out, '?'); break; /* names only */
				default: ak_buf_addc(out, c); break;
				}
			}
			advance(s);
			continue;
		}
		if (out)
			ak_buf_addc(out, c);
		advance(s);
	}
	if (s->i < s->p->len)
		advance(s); /* " */
}

static void scan_value(struct scan *s, char *path, size_t cap, int kl, int kc);

static void scan_object(struct scan *s, char *path, size_t cap)
{
	size_t base = strlen(path);
	struct ak_buf key = AK_BUF_INIT;

	advance(s); /* { */
	for (;;) {
		int kl, kc;
		skip_ws(s);
		if (s->i >= s->p->len || s->p->text[s->i] == '}')
			break;
		if (s->p->text[s->i] == ',') {
			advance(s);
			continue;
		}
		kl = s->line;
		kc = s->col;
		ak_buf_reset(&key);
		scan_string(s, &key);
		skip_ws(s);
		if (s->i < s->p->len && s->p->text[s->i] == ':')
			advance(s);
		skip_ws(s);
		path[base] = '\0';
		if (!jpos_path_key(path, cap, path, ak_buf_str(&key)))
			s->p->oom = true;
		scan_value(s, path, cap, kl, kc);
	}
	path[base] = '\0';
	if (s->i < s->p->len)
		advance(s); /* } */
	ak_buf_release(&key);
}

static void scan_array(struct scan *s, char *path, size_t cap)
{
	size_t base = strlen(path), idx = 0;

	advance(s); /* [ */
	for (;;) {
		skip_ws(s);
		if (s->i >= s->p->len || s->p->text[s->i] == ']')
			break;
		if (s->p->text[s->i] == ',') {
			advance(s);
			continue;
		}
		path[base] = '\0';
		if (!jpos_path_index(path, cap, path, idx++))
			s->p->oom = true;
		scan_value(s, path, cap, 0, 0);
	}
	path[base] = '\0';
	if (s->i < s->p->len)
		advance(s); /* ] */
}

static void scan_value(struct scan *s, char *path, size_t cap, int kl, int kc)
{
	char c;

	skip_ws(s);
	if (s->i >= s->p->len)
		return;
	record(s, path, kl, kc);
	c = s->p->text[s->i];
	if (c == '{')
		scan_object(s, path, cap);
	else if (c == '[')
		scan_array(s, path, cap);
	else if (c == '"')
		scan_string(s, NULL);
	else if (!strchr(",]}", c) && c)
		while (s->i < s->p->len && !strchr(",]} \t\r\n", s->p->text[s->i]) && s->p->text[s->i])
			advance(s);
	else
		advance(s); /* a NUL byte jansson let through: step over it */
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->path, ((const struct entry *)b)->path);
}

struct jpos *jpos_build(const char *text, size_t len)
{
	struct jpos *p = calloc(1, sizeof *p);
	struct scan s;
	char path[4096] = "";

	if (!p)
		return NULL;
	p->text = text;
	p->len = len;
	s.p = p;
	s.i = 0;
	s.line = 1;
	s.col = 1;
	/* a UTF-8 byte-order mark is not a character an editor shows */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		s.i = 3;
	scan_value(&s, path, sizeof path, 0, 0);
	if (p->oom) {
		jpos_free(p);
		return NULL;
	}
	qsort(p->v, p->n, sizeof *p->v, cmp_entry);
	return p;
}

void jpos_free(struct jpos *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n; i++)
		free(p->v[i].path);
	free(p->v);
	free(p);
}

bool jpos_find(const struct jpos *p, const char *path, struct jpos_loc *loc)
{
	struct entry key, *e;

	memset(loc, 0, sizeof *loc);
	if (!p)
		return false;
	key.path = (char *)path;
	e = bsearch(&key, p->v, p->n, sizeof *p->v, cmp_entry);
	if (!e)
		return false;
	*loc = e->loc;
	return true;
}

int jpos_string_col(const struct jpos *p, const struct jpos_loc *loc, size_t off)
{
	size_t i = loc->offset + 1, decoded = 0;
	int col = loc->col + 1;

	while (i < p->len && p->text[i] != '"' && decoded < off) {
		unsigned char c = (unsigned char)p->text[i];
		if (c == '\\') {
			size_t k = i + 1 < p->len && p->text[i + 1] == 'u' ? 6 : 2;
			i += k;
			col += (int)k;
			decoded++;
			continue;
		}
		i++;
		decoded++;
		if ((c & 0xC0) != 0x80)
			col++;
	}
	return col;
}

bool jpos_path_key(char *path, size_t n, const char *base, const char *name)
{
	size_t len = strlen(base);
	const char *c;

	if (path != base) {
		if (len >= n)
			return false;
		memmove(path, base, len + 1);
	}
	if (len + 1 >= n)
		return false;
	path[len++] = '/';
	for (c = name; *c; c++) {
		const char *rep = *c == '~' ? "~0" : *c == '/' ? "~1" : NULL;
		size_t k = rep ? 2 : 1;
		if (len + k >= n)
			return false;
		if (rep) {
			memcpy(path + len, rep, 2);
		} else {
			path[len] = *c;
		}
		len += k;
	}
	path[len] = '\0';
	return true;
}

bool jpos_path_index(char *path, size_t n, const char *base, size_t index)
{
	size_t len = strlen(base);
	int k;

	if (path != base) {
		if (len >= n)
			return false;
		memmove(path, base, len + 1);
	}
	k = snprintf(path + len, n - len, "/%zu", index);
	return k > 0 && (size_t)k < n - len;
}

bool jpos_parse(const char *file, const char *text, size_t len, json_t **root, struct ak_diags *d)
{
	json_error_t e;

	/* a UTF-8 byte-order mark is not a character an editor shows: a file
	 * read another way than ak_read_text() may still carry one */
	if (ak_bom_of(text, len) == AK_BOM_UTF8)
		text += 3, len -= 3;
	*root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &e);
	if (!*root) {
		ak_diags_add(d, file, e.line, e.column, "JSON syntax: %s", e.text);
		return false;
	}
	return true;
}

bool jpos_load(const char *file, const char *text, size_t len, json_t **root, struct jpos **pos,
	       struct ak_diags *d)
{
	*pos = NULL;
	if (!jpos_parse(file, text, len, root, d))
		return false;
	*pos = jpos_build(text, len);
	if (!*pos) {
		json_decref(*root);
		*root = NULL;
		ak_diags_add(d, file, 0, 0, "out of memory");
		return false;
	}
	return true;
}
