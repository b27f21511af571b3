/* policy_html.c: HTML and Confluence storage format to Markdown-like text,
 * keeping what the policy and minutes readers use: headings, list items,
 * table rows, definition lists ("term: definition") and bold ("**").
 *
 * A tolerant scanner rather than an HTML parser: policies and minutes are
 * documents, not applications, and the readers need only the block
 * structure. Scripts, styles and comments are dropped; Confluence macro
 * parameters, task ids and statuses and placeholders are dropped and macro
 * bodies kept; a task list's tasks are list items; CDATA is kept as text; an
 * empty <time datetime="..."/> (as Confluence writes dates) is its date. A
 * line break or a list inside a table cell keeps the cell on its row
 * ("a; b"). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "evidence/policy.h"
#include "evidence/risk.h"
#include "core/util.h"

struct out {
	struct ak_buf b;
	bool space;    /* a space is pending before the next word */
	bool row_th;   /* the table row in progress had header cells */
	int cells;     /* cells so far in the row */
	int pre;       /* inside <pre> */
	int items;     /* list items so far in the table cell */
	bool in_title;
	struct ak_buf title;
};

static void nl(struct out *o, int n)
{
	int have = 0;
	size_t i = o->b.len;

	while (i > 0 && o->b.data[i - 1] == '\n' && have < n) {
		i--;
		have++;
	}
	if (o->b.len == 0)
		have = n;
	for (; have < n; have++)
		ak_buf_addc(&o->b, '\n');
	o->space = false;
}

static void text(struct out *o, const char *s, size_t n)
{
	struct ak_buf *b = o->in_title ? &o->title : &o->b;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (o->pre) {
			ak_buf_addc(b, (char)c);
			continue;
		}
		if (isspace(c)) {
			o->space = true;
			continue;
		}
		if (o->space && b->len && b->data[b->len - 1] != '\n' && b->data[b->len - 1] != ' ')
			ak_buf_addc(b, ' ');
		o->space = false;
		ak_buf_addc(b, (char)c);
	}
}

static void put_utf8(struct out *o, unsigned long cp)
{
	char u[4];
	size_t n;

	if (cp == 0xA0 || cp == 0) {
		o->space = true;
		return;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		cp = 0xFFFD; /* a lone surrogate is not a character: UTF-8 cannot hold it */
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else if (cp < 0x110000) {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	} else {
		return;
	}
	text(o, u, n);
}

/* An entity at s (after '&'); returns the bytes consumed, 0 if none. */
static size_t entity(struct out *o, const char *s, const char *end)
{
	static const struct {
		const char *name;
		unsigned long cp;
	} named[] = {
		{"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},
		{"apos", '\''},    {"nbsp", 0xA0},    {"ndash", 0x2013}, {"mdash", 0x2014},
		{"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C}, {"rdquo", 0x201D},
		{"hellip", 0x2026}, {"euro", 0x20AC}, {"copy", 0xA9},    {"eacute", 0xE9},
		{"pound", 0xA3},   {"yen", 0xA5},     {"cent", 0xA2},    {"times", 0xD7},
		{"middot", 0xB7},  {"bull", 0x2022},  {"shy", 0xAD},     {"reg", 0xAE},
		{"trade", 0x2122}, {"deg", 0xB0},     {"plusmn", 0xB1},  {"sect", 0xA7},
		{"para", 0xB6},    {"laquo", 0xAB},   {"raquo", 0xBB},   {"sbquo", 0x201A},
		{"bdquo", 0x201E}, {"minus", 0x2212}, {"thinsp", 0x2009}, {"ensp", 0x2002},
		{"emsp", 0x2003},  {"le", 0x2264},    {"ge", 0x2265},    {"rarr", 0x2192},
		{"larr", 0x2190},  {"check", 0x2713}, {"frac12", 0xBD},  {"frac14", 0xBC},
		{"aacute", 0xE1},  {"agrave", 0xE0},  {"acirc", 0xE2},   {"auml", 0xE4},
		{"aring", 0xE5},   {"aelig", 0xE6},   {"ccedil", 0xE7},  {"egrave", 0xE8},
		{"ecirc", 0xEA},   {"euml", 0xEB},    {"iacute", 0xED},  {"iuml", 0xEF},
		{"ntilde", 0xF1},  {"oacute", 0xF3},  {"ocirc", 0xF4},   {"ouml", 0xF6},
		{"oslash", 0xF8},  {"uacute", 0xFA},  {"uuml", 0xFC},    {"szlig", 0xDF},
		{"Aring", 0xC5},   {"Auml", 0xC4},    {"Ouml", 0xD6},    {"Oslash", 0xD8},
		{"Uuml", 0xDC},    {"AElig", 0xC6},   {"Eacute", 0xC9},  {"Ccedil", 0xC7},
	};
	const char *semi = memchr(s, ';', (size_t)(end - s) < 12 ? (size_t)(end - s) : 12);
	size_t i, n;

	if (!semi)
		return 0;
	n = (size_t)(semi - s);
	if (n > 1 && s[0] == '#') {
		unsigned long cp = strtoul(s + 1 + (s[1] == 'x' || s[1] == 'X'), NULL,
					   (s[1] == 'x' || s[1] == 'X') ? 16 : 10);
		put_utf8(o, cp);
		return n + 1;
	}
	for (i = 0; i < sizeof named / sizeof named[0]; i++) {
		if (strlen(named[i].name) == n && strncmp(s, named[i].name, n) == 0) {
			put_utf8(o, named[i].cp);
			return n + 1;
		}
	}
	return 0;
}

/* Text with entities decoded. */
static void chars(struct out *o, const char *s, size_t n)
{
	const char *end = s + n, *p = s;

	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		size_t used;
		if (!amp) {
			text(o, p, (size_t)(end - p));
			return;
		}
		text(o, p, (size_t)(amp - p));
		used = entity(o, amp + 1, end);
		if (used) {
			p = amp + 1 + used;
		} else {
			text(o, "&", 1);
			p = amp + 1;
		}
	}
}

static bool name_is(const char *name, size_t n, const char *want)
{
	return strlen(want) == n && strncasecmp(name, want, n) == 0;
}

/* Skip to the end of an element whose content is dropped (script, style,
 * ac:parameter): returns the position after its closing tag. */
static const char *skip_element(const char *p, const char *end, const char *name, size_t n)
{
	while (p < end) {
		const char *lt = memchr(p, '<', (size_t)(end - p));
		if (!lt || lt + 2 + n > end)
			return end;
		if (lt[1] == '/' && strncasecmp(lt + 2, name, n) == 0) {
			const char *gt = memchr(lt, '>', (size_t)(end - lt));
			return gt ? gt + 1 : end;
		}
		p = lt + 1;
	}
	return end;
}

/* A pending space, now, before markup that starts a word ("a **b**"). */
static void flush_space(struct out *o)
{
	if (o->space && o->b.len && o->b.data[o->b.len - 1] != '\n' &&
	    o->b.data[o->b.len - 1] != ' ')
		ak_buf_addc(&o->b, ' ');
	o->space = false;
}

static void end_row(struct out *o)
{
	if (o->cells)
		ak_buf_adds(&o->b, " |");
	nl(o, 1);
	if (o->row_th && o->cells) {
		int i;
		ak_buf_addc(&o->b, '|');
		for (i = 0; i < o->cells; i++)
			ak_buf_adds(&o->b, "---|");
		nl(o, 1);
	}
	o->cells = 0;
	o->row_th = false;
}

static void tag(struct out *o, const char *name, size_t n, bool closing)
{
	if (n == 2 && (name[0] == 'h' || name[0] == 'H') && name[1] >= '1' && name[1] <= '6') {
		nl(o, 2);
		if (!closing) {
			int i;
			for (i = 0; i < name[1] - '0'; i++)
				ak_buf_addc(&o->b, '#');
			ak_buf_addc(&o->b, ' ');
		}
		return;
	}
	if (name_is(name, n, "title")) {
		o->in_title = !closing;
		return;
	}
	if (name_is(name, n, "strong") || name_is(name, n, "b")) {
		if (!closing)
			flush_space(o);
		if (!o->in_title)
			ak_buf_adds(&o->b, "**");
		return;
	}
	if (name_is(name, n, "br")) {
		if (o->cells) { /* a table row stays on its line */
			ak_buf_adds(&o->b, ";");
			o->space = true;
		} else {
			nl(o, 1);
		}
		return;
	}
	if (name_is(name, n, "li") || name_is(name, n, "ac:task")) {
		if (o->cells) {
			if (!closing && o->items++) {
				ak_buf_adds(&o->b, ";");
				o->space = true;
			}
			return;
		}
		nl(o, 1);
		if (!closing)
			ak_buf_adds(&o->b, "* ");
		return;
	}
	if (name_is(name, n, "tr")) {
		if (closing)
			end_row(o);
		else
			nl(o, 1);
		o->cells = 0;
		o->row_th = false;
		return;
	}
	if (name_is(name, n, "td") || name_is(name, n, "th")) {
		if (!closing) {
			ak_buf_adds(&o->b, o->cells ? " | " : "| ");
			o->space = false;
			o->cells++;
			o->items = 0;
			if (name_is(name, n, "th"))
				o->row_th = true;
		}
		return;
	}
	if (name_is(name, n, "table") && o->cells)
		end_row(o); /* a row left open */
	if (name_is(name, n, "dt")) {
		if (!closing)
			nl(o, 1);
		return;
	}
	if (name_is(name, n, "dd")) {
		if (!closing) {
			ak_buf_adds(&o->b, ": ");
			o->space = false;
		} else {
			nl(o, 1);
		}
		return;
	}
	if (name_is(name, n, "pre")) {
		nl(o, 2);
		o->pre += closing ? -1 : 1;
		if (o->pre < 0)
			o->pre = 0;
		return;
	}
	if (name_is(name, n, "p") || name_is(name, n, "div") || name_is(name, n, "section") ||
	    name_is(name, n, "article") || name_is(name, n, "header") ||
	    name_is(name, n, "footer") || name_is(name, n, "blockquote") ||
	    name_is(name, n, "ul") || name_is(name, n, "ol") || name_is(name, n, "table") ||
	    name_is(name, n, "dl") || name_is(name, n, "hr") ||
	    name_is(name, n, "ac:structured-macro") || name_is(name, n, "ac:layout-section") ||
	    name_is(name, n, "ac:layout-cell") || name_is(name, n, "ac:task-list")) {
		/* A paragraph inside a table cell or list item stays on its line. */
		if (o->cells || (o->b.len > 2 && memcmp(o->b.data + o->b.len - 2, "* ", 2) == 0))
			return;
		nl(o, 2);
	}
}

/* The value of the attribute name in the tag [lt, gt), quoted or not. */
static const char *attribute(const char *lt, const char *gt, const char *name, size_t *len)
{
	size_t k = strlen(name);
	const char *p, *v, *e;

	for (p = lt + 1; p + k < gt; p++) {
		if (strncasecmp(p, name, k) != 0 || !isspace((unsigned char)p[-1]) || p[k] != '=')
			continue;
		v = p + k + 1;
		if (v < gt && (*v == '"' || *v == '\'')) {
			e = memchr(v + 1, *v, (size_t)(gt - v - 1));
			if (!e)
				return NULL;
			*len = (size_t)(e - v - 1);
			return v + 1;
		}
		for (e = v; e < gt && !isspace((unsigned char)*e) && *e != '/'; e++)
			;
		*len = (size_t)(e - v);
		return v;
	}
	return NULL;
}

/* Contract: see policy.h. */
ak_err policy_html_to_text(const char *html, size_t len, char **textp, char **title)
{
	struct out o;
	const char *p = html, *end = html + len;

	memset(&o, 0, sizeof o);
	*textp = NULL;
	*title = NULL;
	while (p < end) {
		const char *lt = memchr(p, '<', (size_t)(end - p)), *gt, *name;
		size_t n;
		bool closing;

		if (!lt) {
			chars(&o, p, (size_t)(end - p));
			break;
		}
		chars(&o, p, (size_t)(lt - p));
		if ((size_t)(end - lt) >= 4 && memcmp(lt, "<!--", 4) == 0) {
			const char *c = lt + 4;
			while (c + 3 <= end && memcmp(c, "-->", 3) != 0)
				c++;
			p = c + 3 <= end ? c + 3 : end;
			continue;
		}
		if ((size_t)(end - lt) >= 9 && memcmp(lt, "<![CDATA[", 9) == 0) {
			const char *c = lt + 9;
			while (c + 3 <= end && memcmp(c, "]]>", 3) != 0)
				c++;
			text(&o, lt + 9, (size_t)((c < end ? c : end) - (lt + 9)));
			p = c + 3 <= end ? c + 3 : end;
			continue;
		}
		gt = memchr(lt, '>', (size_t)(end - lt));
		if (!gt) {
			chars(&o, lt, (size_t)(end - lt));
			break;
		}
		closing = lt[1] == '/';
		name = lt + 1 + closing;
		for (n = 0; name + n < gt && !isspace((unsigned char)name[n]) && name[n] != '/' &&
			    name[n] != '>';
		     n++)
			;
		p = gt + 1;
		if (n == 0 || name[0] == '!' || name[0] == '?')
			continue;
		if (!closing && (name_is(name, n, "script") || name_is(name, n, "style") ||
				 name_is(name, n, "ac:parameter") || name_is(name, n, "ac:task-id") ||
				 name_is(name, n, "ac:task-status") ||
				 name_is(name, n, "ac:placeholder"))) {
			if (gt[-1] != '/')
				p = skip_element(p, end, name, n);
			continue;
		}
		if (!closing && name_is(name, n, "time")) {
			/* <time datetime="2026-07-14" />: the date is the attribute */
			size_t dl;
			const char *dt = attribute(lt, gt, "datetime", &dl);
			if (dt && (gt[-1] == '/' ||
				   ((size_t)(end - p) >= 7 && strncasecmp(p, "</time>", 7) == 0)))
				chars(&o, dt, dl);
			continue;
		}
		tag(&o, name, n, closing);
	}
	nl(&o, 1);
	if (ak_buf_failed(&o.b) || ak_buf_failed(&o.title)) {
		ak_buf_release(&o.b);
		ak_buf_release(&o.title);
		return AK_ERR_NOMEM;
	}
	*textp = ak_buf_detach(&o.b);
	if (o.title.len) {
		bool oom = false;
		*title = risk_strdup_trim(o.title.data, o.title.len, &oom);
	}
	ak_buf_release(&o.title);
	return *textp ? AK_OK : AK_ERR_NOMEM;
}
