/* review_blocks.c: minutes as text (review_to_text's Markdown-like text)
 * cut into blocks: headings (ATX and underlined), lines, list items (a
 * wrapped item joined up), table rows (with or without the outer pipes,
 * the header marked by its separator), each with the paragraph it is in and
 * whether the whole line was bold. Inline Markdown and stray HTML are
 * removed from the text, and columns aligned with spaces become ", ". */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"
#include "evidence/review_int.h"




void rv_doc_release(struct rv_doc *d)
{
	size_t i, k;

	for (i = 0; i < d->n; i++) {
		free(d->b[i].text);
		for (k = 0; k < d->b[i].ncells; k++)
			free(d->b[i].cells[k]);
		free(d->b[i].cells);
	}
	free(d->b);
}

/* Inline Markdown and stray HTML removed, white space collapsed:
 * "**Present:**" -> "Present:", "[minutes](x.md)" -> "minutes",
 * "A<br>B" -> "A; B". */
static char *clean(const char *s, size_t n, bool *oom)
{
	struct ak_buf b = AK_BUF_INIT;
	size_t i;
	char *out;

	for (i = 0; i < n; i++) {
		char c = s[i];
		if ((c == '*' || c == '_') && i + 1 < n && s[i + 1] == c) {
			i++;
			continue;
		}
		if (c == '`')
			continue;
		if (c == '\\' && i + 1 < n && strchr("|*_`[]#\\", s[i + 1]) && s[i + 1]) {
			ak_buf_addc(&b, s[++i]);
			continue;
		}
		if (c == '!' && i + 1 < n && s[i + 1] == '[')
			continue;
		if (c == '[') {
			const char *close = memchr(s + i, ']', n - i);
			if (close && (size_t)(close - s) + 1 < n && close[1] == '(') {
				const char *paren = memchr(close, ')', n - (size_t)(close - s));
				if (paren) {
					ak_buf_add(&b, s + i + 1, (size_t)(close - (s + i + 1)));
					i = (size_t)(paren - s);
					continue;
				}
			}
		}
		if (c == '<' && i + 1 < n &&
		    (isalpha((unsigned char)s[i + 1]) ||
		     (s[i + 1] == '/' && i + 2 < n && isalpha((unsigned char)s[i + 2])))) {
			size_t k = i + 1, lim = i + 200 < n ? i + 200 : n;
			while (k < lim && s[k] != '>' && s[k] != '<')
				k++;
			if (k < lim && s[k] == '>') {
				if (k - i >= 3 && strncasecmp(s + i + 1, "br", 2) == 0 &&
				    !isalpha((unsigned char)s[i + 3]))
					ak_buf_adds(&b, "; ");
				i = k;
				continue;
			}
		}
		if (c == '\t' || c == '\r' || c == '\v' || c == '\f')
			c = ' ';
		if (c == ' ' && b.len && (isalnum((unsigned char)b.data[b.len - 1]) ||
					  b.data[b.len - 1] == ')')) {
			/* "Gillian Marsh      Chief Executive": columns, not words */
			size_t k = i;
			bool tab = false;
			while (k < n && (s[k] == ' ' || s[k] == '\t'))
				tab |= s[k++] == '\t';
			if ((tab || k - i >= 2) && k < n) {
				ak_buf_adds(&b, ", ");
				i = k - 1;
				continue;
			}
		}
		if (c == ' ' && (b.len == 0 || b.data[b.len - 1] == ' '))
			continue;
		ak_buf_addc(&b, c);
	}
	while (b.len && b.data[b.len - 1] == ' ')
		b.data[--b.len] = '\0';
	if (ak_buf_failed(&b)) {
		*oom = true;
		ak_buf_release(&b);
		return NULL;
	}
	out = ak_buf_detach(&b);
	if (!out)
		*oom = true;
	return out;
}

static struct rv_blk *add(struct rv_doc *d, enum rv_bkind kind, int para)
{
	struct rv_blk *b;

	if (!ak_grow(&d->b, &d->cap, d->n + 1, sizeof *d->b)) {
		d->oom = true;
		return NULL;
	}
	b = &d->b[d->n++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->para = para;
	b->header = -1;
	return b;
}

/* A list marker at t: "* ", "- ", "+ ", "• ", "1. ", "1) ", "(a) ", "a) ";
 * its length, and the number of a numbered one. */
static size_t list_marker(const char *t, size_t n, int *num)
{
	size_t k = 0;

	*num = 0;
	if (n >= 2 && (t[0] == '*' || t[0] == '-' || t[0] == '+') && t[1] == ' ')
		return 2;
	if (n >= 4 && memcmp(t, "\xE2\x80\xA2 ", 4) == 0)
		return 4;
	if (n >= 4 && memcmp(t, "\xE2\x80\x93 ", 4) == 0)
		return 4;
	while (k < n && k < 4 && isdigit((unsigned char)t[k]))
		*num = *num * 10 + (t[k++] - '0');
	if (k > 0 && k < 4 && k + 1 < n && (t[k] == '.' || t[k] == ')') && t[k + 1] == ' ')
		return k + 2;
	*num = 0;
	if (n >= 4 && t[0] == '(' && isalnum((unsigned char)t[1]) && t[2] == ')' && t[3] == ' ')
		return 4;
	if (n >= 3 && islower((unsigned char)t[0]) && t[1] == ')' && t[2] == ' ')
		return 3;
	return 0;
}

static bool separator_cells(char **cells, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *c = cells[i];
		if (*c == ':')
			c++;
		if (*c != '-')
			return false;
		while (*c == '-')
			c++;
		if (*c == ':')
			c++;
		if (*c)
			return false;
	}
	return n > 0;
}

/* "| a | b |" (or "a | b") into cleaned cells. */
static char **split_row(const char *t, size_t len, size_t *n, bool *oom)
{
	char **cells = NULL;
	size_t cap = 0;
	const char *p = t, *end = t + len;

	*n = 0;
	if (p < end && *p == '|')
		p++;
	if (end > p && end[-1] == '|' && !(end - p >= 2 && end[-2] == '\\'))
		end--;
	while (p <= end) {
		const char *bar = p, *e;
		char *cell;
		while (bar < end && !(*bar == '|' && (bar == p || bar[-1] != '\\')))
			bar++;
		e = bar;
		cell = clean(p, (size_t)(e - p), oom);
		if (!cell || !ak_grow(&cells, &cap, *n + 1, sizeof *cells)) {
			free(cell);
			*oom = true;
			break;
		}
		cells[(*n)++] = cell;
		if (bar >= end)
			break;
		p = bar + 1;
	}
	return cells;
}

static void free_cells(char **cells, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(cells[i]);
	free(cells);
}

/* Is the line at s (up to its end) a table separator "---|---"? */
static bool separator_line(const char *s)
{
	size_t dashes = 0, bars = 0;

	if (!s)
		return false;
	for (; *s && *s != '\n'; s++) {
		if (*s == '-')
			dashes++;
		else if (*s == '|')
			bars++;
		else if (*s != ':' && *s != ' ' && *s != '\t' && *s != '\r')
			return false;
	}
	return dashes >= 3 && bars >= 1;
}

static bool bold_line(const char *t, size_t n)
{
	if (n < 5 || !((t[0] == '*' && t[1] == '*') || (t[0] == '_' && t[1] == '_')))
		return false;
	if (t[n - 1] == ':')
		n--;
	return n >= 4 && t[n - 1] == t[0] && t[n - 2] == t[0];
}

bool rv_upper_line(const char *s)
{
	size_t letters = 0;

	for (; *s; s++) {
		if (islower((unsigned char)*s) || *s == ',' || *s == ';')
			return false;
		letters += isupper((unsigned char)*s) != 0;
	}
	return letters >= 3;
}

void rv_parse_blocks(const char *text, struct rv_doc *d)
{
	const char *line = text;
	int para = 0, item = -1, item_indent = 0, table_first = -1, head_num = -1, head_indent = 0;
	bool in_table = false;

	while (line && *line && !d->oom) {
		const char *eol = strchr(line, '\n'), *next = eol ? eol + 1 : NULL, *t = line;
		size_t len = eol ? (size_t)(eol - line) : strlen(line), tl = len, m;
		int indent = 0, num;
		struct rv_blk *b;

		while (tl && (*t == ' ' || *t == '\t')) {
			indent += *t == '\t' ? 4 : 1;
			t++, tl--;
		}
		while (tl && isspace((unsigned char)t[tl - 1]))
			tl--;
		line = next;
		if (tl == 0) {
			para++;
			item = -1;
			in_table = false;
			continue;
		}
		if (*t == '#') {
			size_t lvl = 0;
			while (lvl < tl && t[lvl] == '#')
				lvl++;
			if (lvl <= 6 && (lvl == tl || t[lvl] == ' ')) {
				size_t hl = tl - lvl;
				const char *h = t + lvl;
				while (hl && h[hl - 1] == '#')
					hl--;
				if (!(b = add(d, RV_B_HEAD, ++para)))
					break;
				b->level = (int)lvl;
				b->text = clean(h, hl, &d->oom);
				item = -1;
				in_table = false;
				continue;
			}
		}
		if (*t == '|' || (memchr(t, '|', tl) && (in_table || separator_line(next)))) {
			size_t nc;
			char **cells = split_row(t, tl, &nc, &d->oom);
			item = -1;
			if (separator_cells(cells, nc)) {
				if (in_table && table_first >= 0 && (size_t)table_first == d->n - 1)
					d->b[table_first].is_header = true;
				free_cells(cells, nc);
				continue;
			}
			if (!(b = add(d, RV_B_ROW, para))) {
				free_cells(cells, nc);
				break;
			}
			if (!in_table)
				table_first = (int)(d->n - 1);
			b->cells = cells;
			b->ncells = nc;
			if (d->b[table_first].is_header)
				b->header = table_first;
			in_table = true;
			{
				struct ak_buf j = AK_BUF_INIT;
				size_t c;
				for (c = 0; c < nc; c++) {
					ak_buf_adds(&j, c ? " | " : "");
					ak_buf_adds(&j, cells[c]);
				}
				if (ak_buf_failed(&j) || !(b->text = ak_buf_detach(&j)))
					d->oom = true;
				ak_buf_release(&j);
			}
			continue;
		}
		in_table = false;
		if (tl >= 3 && (strspn(t, "-") >= tl || strspn(t, "=") >= tl || strspn(t, "*") >= tl ||
				strspn(t, "_") >= tl)) {
			/* an underline makes the line above a heading; else a rule */
			b = d->n ? &d->b[d->n - 1] : NULL;
			if (b && b->kind == RV_B_LINE && b->para == para && (*t == '=' || *t == '-')) {
				b->kind = RV_B_HEAD;
				b->level = *t == '=' ? 1 : 2;
			}
			para++;
			item = -1;
			continue;
		}
		if (item >= 0 && indent > item_indent && !list_marker(t, tl, &num)) {
			/* a wrapped list item */
			struct rv_blk *it = &d->b[item];
			char *more = clean(t, tl, &d->oom), *both;
			both = more ? ak_asprintf("%s %s", it->text ? it->text : "", more) : NULL;
			free(more);
			if (!both) {
				d->oom = true;
				break;
			}
			free(it->text);
			it->text = both;
			continue;
		}
		if ((m = list_marker(t, tl, &num)) != 0) {
			const char *it = t + m;
			size_t il = tl - m;
			if (il >= 4 && it[0] == '[' && (it[1] == ' ' || it[1] == 'x' || it[1] == 'X') &&
			    it[2] == ']' && it[3] == ' ')
				it += 4, il -= 4; /* a task box */
			if (!(b = add(d, RV_B_ITEM, para)))
				break;
			b->text = clean(it, il, &d->oom);
			b->indent = indent;
			b->num = num;
			b->bold = bold_line(it, il);
			b->colon = it[il - 1] == ':';
			/* "2. DECISIONS" over indented text heads it, and does not
			 * run on into it; nor does "3. Any other business" after it */
			if (b->text && (b->bold || rv_upper_line(b->text) ||
					(num && num == head_num + 1 && indent == head_indent))) {
				item = -1;
				head_num = num;
				head_indent = indent;
			} else {
				item = (int)(d->n - 1);
			}
			item_indent = indent;
			continue;
		}
		item = -1;
		if (!(b = add(d, RV_B_LINE, para)))
			break;
		b->text = clean(t, tl, &d->oom);
		b->bold = bold_line(t, tl);
		b->colon = t[tl - 1] == ':';
	}
}

