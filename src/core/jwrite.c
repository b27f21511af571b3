/* jwrite.c: JSON text straight into a buffer (see jwrite.h). */
#include "core/jwrite.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void jw_init(struct jw *w, struct ak_buf *b, int indent)
{
	memset(w, 0, sizeof *w);
	w->b = b;
	w->indent = indent;
	w->first[0] = true;
}

static void newline(struct jw *w)
{
	static const char spaces[] = "                                                                ";
	size_t n = (size_t)(w->depth * w->indent);

	ak_buf_addc(w->b, '\n');
	for (; n > sizeof spaces - 1; n -= sizeof spaces - 1)
		ak_buf_add(w->b, spaces, sizeof spaces - 1);
	ak_buf_add(w->b, spaces, n);
}

/* Before any value: the separator from the previous member and the line
 * break, unless the value follows its key. */
static void before_value(struct jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth == 0)
		return;
	if (!w->first[w->depth])
		ak_buf_addc(w->b, ',');
	w->first[w->depth] = false;
	newline(w);
}

void jw_open(struct jw *w, char bracket)
{
	before_value(w);
	ak_buf_addc(w->b, bracket);
	if (w->depth + 1 >= JW_MAX_DEPTH) {
		w->b->oom = true; /* a caller bug; fail loudly rather than overflow */
		return;
	}
	w->depth++;
	w->first[w->depth] = true;
}

void jw_close(struct jw *w, char bracket)
{
	bool empty = w->first[w->depth];

	if (w->depth == 0)
		return;
	w->depth--;
	if (!empty)
		newline(w);
	ak_buf_addc(w->b, bracket);
}

void jw_quoten(struct ak_buf *b, const char *s, size_t n)
{
	const char *run = s, *end = s + n;

	ak_buf_addc(b, '"');
	for (; s < end; s++) {
		unsigned char c = (unsigned char)*s;
		char esc[8];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		ak_buf_add(b, run, (size_t)(s - run));
		run = s + 1;
		switch (c) {
		case '"': ak_buf_adds(b, "\\\""); break;
		case '\\': ak_buf_adds(b, "\\\\"); break;
		case '\b': ak_buf_adds(b, "\\b"); break;
		case '\f': ak_buf_adds(b, "\\f"); break;
		case '\n': ak_buf_adds(b, "\\n"); break;
		case '\r': ak_buf_adds(b, "\\r"); break;
		case '\t': ak_buf_adds(b, "\\t"); break;
		default:
			snprintf(esc, sizeof esc, "\\u%04X", c);
			ak_buf_adds(b, esc);
		}
	}
	ak_buf_add(b, run, (size_t)(s - run));
	ak_buf_addc(b, '"');
}

void jw_quote(struct ak_buf *b, const char *s)
{
	jw_quoten(b, s, strlen(s));
}

void jw_key(struct jw *w, const char *key)
{
	before_value(w);
	jw_quote(w->b, key);
	ak_buf_add(w->b, ": ", w->indent > 0 ? 2 : 1);
	w->after_key = true;
}

void jw_str(struct jw *w, const char *s)
{
	before_value(w);
	jw_quote(w->b, s);
}

void jw_strn(struct jw *w, const char *s, size_t n)
{
	before_value(w);
	jw_quoten(w->b, s, n);
}

void jw_bool(struct jw *w, bool v)
{
	before_value(w);
	ak_buf_adds(w->b, v ? "true" : "false");
}

void jw_null(struct jw *w)
{
	before_value(w);
	ak_buf_adds(w->b, "null");
}

void jw_str_or_null(struct jw *w, const char *s)
{
	if (s)
		jw_str(w, s);
	else
		jw_null(w);
}

void jw_key_str(struct jw *w, const char *key, const char *s)
{
	if (!s)
		return;
	jw_key(w, key);
	jw_str(w, s);
}

/* As jansson's jsonp_dtostr: %.17g, then a ".0" when it reads as an
 * integer, and the exponent without '+' or leading zeros. */
static void real(struct ak_buf *b, double v)
{
	char s[64], *e;
	int n = snprintf(s, sizeof s, "%.17g", v);

	if (n < 0 || (size_t)n >= sizeof s)
		return; /* %.17g of a double is at most 24 bytes */
	if (!strchr(s, '.') && !strchr(s, 'e')) {
		ak_buf_add(b, s, (size_t)n);
		ak_buf_add(b, ".0", 2);
		return;
	}
	e = strchr(s, 'e');
	if (e) {
		char *p = e + 1, *q;
		if (*p == '-')
			p++;
		for (q = p; *q == '+' || (*q == '0' && q[1]); q++)
			;
		memmove(p, q, strlen(q) + 1);
	}
	ak_buf_adds(b, s);
}

void jw_num(struct jw *w, double v)
{
	char s[24];

	before_value(w);
	if (!isfinite(v)) {
		ak_buf_add(w->b, "null", 4); /* JSON has no NaN or infinity */
	} else if (v == floor(v) && fabs(v) < 1e15) {
		int n = snprintf(s, sizeof s, "%lld", (long long)v);
		ak_buf_add(w->b, s, (size_t)n);
	} else {
		real(w->b, v);
	}
}
