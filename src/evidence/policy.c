/* policy.c: the policy heuristic (docs/fetch.md, "Reading the policy").
 *
 * The text (Markdown, or what policy_html.c makes of HTML) is cut into
 * blocks: headings, paragraphs, list items and table rows, each knowing the
 * headings above it. Then:
 *   - metadata: "Key: value" lines and two-cell table rows whose key is one
 *     of the known names (Title, Version, Approved, Approved by, Owner, Next
 *     review, ...); the first occurrence wins; dates become YYYY-MM-DD;
 *   - the title falls back to the page title, then the first heading;
 *   - commitments: every sentence saying "commit(s|ted|ment) to <words>",
 *     kept from <words> on, and list items under a "commitment" heading;
 *   - objectives: list items or table rows (the Target, else Objective
 *     column) under an "objective" heading, else its sentences;
 *   - roles: "Role (Name): duties", "Role: Name" and role/name table rows
 *     under a "roles" or "responsibilit..." heading; a role whose duties
 *     make it "owner of ... the ISMS" also gives the role "ISMS owner". */
#include "evidence/policy.h"
#include "core/dates.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/msg.h"
#include "evidence/risk.h"
#include "core/util.h"

#include <jansson.h>

/* ======================================================================
 * Formats
 * ====================================================================== */

bool policy_format_known(const char *f)
{
	return f && (strcmp(f, "text") == 0 || strcmp(f, "markdown") == 0 ||
		     strcmp(f, "html") == 0 || strcmp(f, "confluence") == 0);
}

const char *policy_formats(void) { return "text, markdown, html, confluence"; }

const char *policy_raw_ext(const char *f)
{
	if (ak_streq(f, "markdown"))
		return "md";
	if (ak_streq(f, "html"))
		return "html";
	if (ak_streq(f, "confluence"))
		return "json";
	return "txt";
}

/* Confluence REST: v1 /wiki/rest/api/content/ID?expand=body.storage and v2
 * /wiki/api/v2/pages/ID?body-format=storage both carry the page as
 * body.storage.value, and its name as title. */
static ak_err confluence_to_text(const char *data, size_t len, const char *name, char **text,
				 char **title)
{
	json_error_t e;
	json_t *root = json_loadb(data, len, 0, &e), *v, *t;
	ak_err err;

	if (!root) {
		ak_diag_print(name, e.line, e.column, "invalid JSON: %s", e.text);
		return AK_ERR_DATA;
	}
	v = json_object_get(json_object_get(json_object_get(root, "body"), "storage"), "value");
	if (!json_is_string(v)) {
		ak_diag_print(name, 0, 0,
			      "expected the page body at 'body.storage.value' (ask for "
			      "expand=body.storage in v1 or body-format=storage in v2)");
		json_decref(root);
		return AK_ERR_DATA;
	}
	err = policy_html_to_text(json_string_value(v), json_string_length(v), text, title);
	t = json_object_get(root, "title");
	if (!err && json_is_string(t)) {
		free(*title);
		*title = ak_strdup(json_string_value(t));
	}
	json_decref(root);
	return err;
}

ak_err policy_to_text(const char *format, const char *data, size_t len, const char *name,
		      char **text, char **title_hint)
{
	*text = NULL;
	*title_hint = NULL;
	if (!ak_streq(format, "confluence")) { /* JSON: jansson checks that */
		size_t bad = ak_utf8_check(data, len), i, col = 1;
		int line = 1;
		if (bad < len) {
			for (i = 0; i < bad; i++, col++)
				if (data[i] == '\n')
					line++, col = 0;
			ak_diag_print(name, line, (int)col,
			              "not valid UTF-8 (byte 0x%02X); save the policy as UTF-8",
			              (unsigned char)data[bad]);
			return AK_ERR_DATA;
		}
	}
	if (ak_streq(format, "html"))
		return policy_html_to_text(data, len, text, title_hint);
	if (ak_streq(format, "confluence"))
		return confluence_to_text(data, len, name, text, title_hint);
	/* text and markdown are kept as they are, less a byte-order mark */
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	*text = ak_strndup(data, len);
	return *text ? AK_OK : AK_ERR_NOMEM;
}

/* ======================================================================
 * Blocks
 * ====================================================================== */

enum bkind { B_HEADING, B_PARA, B_ITEM, B_ROW };

enum { IN_COMMIT = 1, IN_OBJECTIVE = 2, IN_ROLES = 4 };

struct block {
	enum bkind kind;
	int level;        /* headings */
	struct ak_buf text;
	char **cells;     /* rows */
	size_t ncells;
	int header;       /* rows: index of the table's header row, -1 none */
	bool is_header;
	int in;           /* IN_* of the headings above */
};

struct doc {
	struct block *b;
	size_t n, cap;
	bool oom;
};

static void doc_release(struct doc *d)
{
	size_t i, k;

	for (i = 0; i < d->n; i++) {
		ak_buf_release(&d->b[i].text);
		for (k = 0; k < d->b[i].ncells; k++)
			free(d->b[i].cells[k]);
		free(d->b[i].cells);
	}
	free(d->b);
}

static struct block *doc_add(struct doc *d, enum bkind kind, int in)
{
	struct block *b;

	if (!ak_grow(&d->b, &d->cap, d->n + 1, sizeof *d->b)) {
		d->oom = true;
		return NULL;
	}
	b = &d->b[d->n++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->in = in;
	b->header = -1;
	return b;
}

/* Append inline text, without Markdown emphasis and with links as their
 * text: "**Owner**" -> "Owner", "[policy](x.md)" -> "policy". */
static void add_inline(struct ak_buf *b, const char *s, size_t n)
{
	size_t i;

	if (b->len && n)
		ak_buf_addc(b, ' ');
	for (i = 0; i < n; i++) {
		if ((s[i] == '*' || s[i] == '_') && i + 1 < n && s[i + 1] == s[i]) {
			i++;
			continue;
		}
		if (s[i] == '`')
			continue;
		if (s[i] == '[') {
			const char *close = memchr(s + i, ']', n - i);
			if (close && (size_t)(close - s) + 1 < n && close[1] == '(') {
				const char *paren = memchr(close, ')', n - (size_t)(close - s));
				if (paren) {
					ak_buf_add(b, s + i + 1, (size_t)(close - s - (long)i - 1));
					i = (size_t)(paren - s);
					continue;
				}
			}
		}
		ak_buf_addc(b, s[i]);
	}
}

static bool contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; hay && *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

static int heading_flags(const char *t)
{
	int f = 0;

	if (contains_ci(t, "commitment"))
		f |= IN_COMMIT;
	if (contains_ci(t, "objective"))
		f |= IN_OBJECTIVE;
	if (contains_ci(t, "roles") || contains_ci(t, "responsibilit"))
		f |= IN_ROLES;
	return f;
}

/* A list marker at t: "* ", "- ", "+ ", "1. ", "1) "; its length or 0. */
static size_t list_marker(const char *t)
{
	size_t n = 0;

	if ((t[0] == '*' || t[0] == '-' || t[0] == '+') && t[1] == ' ')
		return 2;
	while (isdigit((unsigned char)t[n]))
		n++;
	if (n > 0 && n < 4 && (t[n] == '.' || t[n] == ')') && t[n + 1] == ' ')
		return n + 2;
	return 0;
}

static bool separator_row(char **cells, size_t n)
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

/* Split "| a | b |" into trimmed cells (emphasis removed). */
static char **split_row(const char *t, size_t len, size_t *n, bool *oom)
{
	char **cells = NULL;
	size_t cap = 0;
	const char *p = t, *end = t + len;

	*n = 0;
	if (p < end && *p == '|')
		p++;
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	if (end > p && end[-1] == '|')
		end--;
	while (p <= end) {
		const char *bar = memchr(p, '|', (size_t)(end - p));
		const char *e = bar ? bar : end;
		struct ak_buf cb = AK_BUF_INIT;
		char *cell;
		while (p < e && isspace((unsigned char)*p))
			p++;
		add_inline(&cb, p, (size_t)(e - p));
		cell = risk_strdup_trim(ak_buf_str(&cb), cb.len, oom);
		ak_buf_release(&cb);
		if (!cell)
			cell = ak_strdup("");
		if (!cell || !ak_grow(&cells, &cap, *n + 1, sizeof *cells)) {
			free(cell);
			*oom = true;
			break;
		}
		cells[(*n)++] = cell;
		if (!bar)
			break;
		p = bar + 1;
	}
	return cells;
}

/* Cut the text into blocks. */
static void parse_blocks(const char *text, struct doc *d)
{
	const char *line = text;
	struct block *cur = NULL; /* paragraph or item being continued */
	int heads[7] = {0};       /* IN_* flags of the heading at each level */
	int table_first = -1;     /* first row of the table in progress */
	bool in_table = false;

	while (line && *line && !d->oom) {
		const char *eol = strchr(line, '\n');
		size_t len = eol ? (size_t)(eol - line) : strlen(line);
		const char *t = line;
		size_t tl = len, m;
		int in = 0, i;

		for (i = 1; i <= 6; i++)
			in |= heads[i];
		while (tl && isspace((unsigned char)*t))
			t++, tl--;
		while (tl && isspace((unsigned char)t[tl - 1]))
			tl--;
		if (tl == 0) {
			cur = NULL;
			in_table = false;
		} else if (*t == '#') {
			int lvl = 0;
			struct block *b;
			while (lvl < (int)tl && t[lvl] == '#')
				lvl++;
			if (lvl <= 6 && (lvl == (int)tl || t[lvl] == ' ')) {
				size_t hl = tl - (size_t)lvl;
				const char *h = t + lvl;
				while (hl && (*h == ' '))
					h++, hl--;
				while (hl && (h[hl - 1] == '#' || h[hl - 1] == ' '))
					hl--;
				b = doc_add(d, B_HEADING, in);
				if (!b)
					break;
				b->level = lvl;
				add_inline(&b->text, h, hl);
				heads[lvl] = heading_flags(ak_buf_str(&b->text));
				for (i = lvl + 1; i <= 6; i++)
					heads[i] = 0;
				cur = NULL;
				in_table = false;
			} else {
				goto paragraph;
			}
		} else if (*t == '|') {
			size_t nc;
			bool oom = false;
			char **cells = split_row(t, tl, &nc, &oom);
			if (oom)
				d->oom = true;
			cur = NULL;
			if (separator_row(cells, nc)) {
				if (in_table && table_first >= 0 && (size_t)table_first == d->n - 1)
					d->b[table_first].is_header = true;
				for (i = 0; i < (int)nc; i++)
					free(cells[i]);
				free(cells);
			} else {
				struct block *b = doc_add(d, B_ROW, in);
				if (!b) {
					for (i = 0; i < (int)nc; i++)
						free(cells[i]);
					free(cells);
					break;
				}
				if (!in_table)
					table_first = (int)(d->n - 1);
				b->cells = cells;
				b->ncells = nc;
				if (table_first >= 0 && d->b[table_first].is_header)
					b->header = table_first;
				in_table = true;
			}
		} else if (cur && cur->kind == B_PARA && cur->text.len && tl >= 3 &&
			   (strspn(t, "=") == tl || strspn(t, "-") == tl)) {
			/* Setext heading: the paragraph above is the heading. */
			cur->kind = B_HEADING;
			cur->level = *t == '=' ? 1 : 2;
			heads[cur->level] = heading_flags(ak_buf_str(&cur->text));
			for (i = cur->level + 1; i <= 6; i++)
				heads[i] = 0;
			cur = NULL;
		} else if ((m = list_marker(t)) != 0) {
			cur = doc_add(d, B_ITEM, in);
			if (!cur)
				break;
			/* "- " alone: the marker's space was trimmed off tl */
			add_inline(&cur->text, t + m, m < tl ? tl - m : 0);
			in_table = false;
		} else {
		paragraph:
			if (!cur) {
				cur = doc_add(d, B_PARA, in);
				if (!cur)
					break;
			}
			add_inline(&cur->text, t, tl);
			in_table = false;
		}
		if (cur && ak_buf_failed(&cur->text))
			d->oom = true;
		line = eol ? eol + 1 : NULL;
	}
}

/* ======================================================================
 * Metadata
 * ====================================================================== */

enum { K_TITLE, K_VERSION, K_APPROVED, K_APPROVER, K_OWNER, K_REVIEW, K_N };

static const char *const keys[K_N][6] = {
	[K_TITLE] = {"title", "document title", "policy title"},
	[K_VERSION] = {"version", "document version", "version number", "version no", "revision"},
	[K_APPROVED] = {"approved", "approval date", "date approved", "approved on",
			"date of approval"},
	[K_APPROVER] = {"approved by", "approver", "approving authority"},
	[K_OWNER] = {"owner", "document owner", "policy owner"},
	[K_REVIEW] = {"next review", "review date", "next review date", "review due",
		      "next review due"},
};

static int key_of(const char *k, size_t n)
{
	int i, j;

	while (n && (k[n - 1] == ':' || k[n - 1] == '*' || isspace((unsigned char)k[n - 1])))
		n--;
	while (n && (*k == '*' || isspace((unsigned char)*k)))
		k++, n--;
	for (i = 0; i < K_N; i++)
		for (j = 0; j < 6 && keys[i][j]; j++)
			if (strlen(keys[i][j]) == n && strncasecmp(k, keys[i][j], n) == 0)
				return i;
	return -1;
}

/* Record key = value unless that key was already found. */
static ak_err set_meta(char *raw[K_N], int k, const char *v, size_t n)
{
	bool oom = false;

	if (k < 0 || raw[k])
		return AK_OK;
	while (n && (*v == '*' || *v == ':' || isspace((unsigned char)*v)))
		v++, n--;
	raw[k] = risk_strdup_trim(v, n, &oom);
	return oom ? AK_ERR_NOMEM : AK_OK;
}

/* "Key: value" on each line (outside tables), then two-cell table rows,
 * in document order. */
static ak_err scan_meta(const char *text, const struct doc *d, char *raw[K_N])
{
	const char *line;
	size_t i;
	ak_err err;

	for (line = text; line && *line;) {
		const char *eol = strchr(line, '\n');
		size_t len = eol ? (size_t)(eol - line) : strlen(line);
		struct ak_buf clean = AK_BUF_INIT;
		const char *t = line, *colon;
		size_t tl = len;

		while (tl && isspace((unsigned char)*t))
			t++, tl--;
		if (tl && *t != '|' && *t != '#') {
			size_t m = list_marker(t);
			add_inline(&clean, t + m, tl - m);
			colon = strchr(ak_buf_str(&clean), ':');
			if (colon && colon - clean.data <= 40) {
				int k = key_of(clean.data, (size_t)(colon - clean.data));
				err = set_meta(raw, k, colon + 1, strlen(colon + 1));
				if (err) {
					ak_buf_release(&clean);
					return err;
				}
			}
		}
		ak_buf_release(&clean);
		line = eol ? eol + 1 : NULL;
	}
	for (i = 0; i < d->n; i++) {
		const struct block *b = &d->b[i];
		if (b->kind == B_ROW && b->ncells == 2 && !b->is_header &&
		    (err = set_meta(raw, key_of(b->cells[0], strlen(b->cells[0])), b->cells[1],
				    strlen(b->cells[1]))) != AK_OK)
			return err;
	}
	return AK_OK;
}

/* ======================================================================
 * Lists of statements
 * ====================================================================== */

struct strlist {
	char **v;
	size_t n, cap;
};

static ak_err strlist_add(struct strlist *l, const char *s, size_t n)
{
	bool oom = false;
	char *t;
	size_t i;

	while (n && (s[n - 1] == '.' || s[n - 1] == ';' || isspace((unsigned char)s[n - 1])))
		n--;
	t = risk_strdup_trim(s, n, &oom);
	if (!t)
		return oom ? AK_ERR_NOMEM : AK_OK;
	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i], t) == 0) {
			free(t);
			return AK_OK;
		}
	}
	if (!ak_grow(&l->v, &l->cap, l->n + 1, sizeof *l->v)) {
		free(t);
		return AK_ERR_NOMEM;
	}
	l->v[l->n++] = t;
	return AK_OK;
}

static void strlist_release(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* The end of the sentence starting at s: after '.', '!' or '?' followed by
 * a space and a capital, a digit or a quote; or the end of the text. */
static const char *sentence_end(const char *s)
{
	const char *p;

	for (p = s; *p; p++) {
		if ((*p == '.' || *p == '!' || *p == '?') && p[1] == ' ' &&
		    (isupper((unsigned char)p[2]) || isdigit((unsigned char)p[2]) || p[2] == '"'))
			return p + 1;
	}
	return p;
}

/* Where the commitment starts in a sentence: after "commit to", "commits
 * to", "committed to" or "commitment to", when a word follows; else NULL. */
static const char *commitment_in(const char *s, size_t n)
{
	static const char *const phrases[] = {"commit to ", "commits to ", "committed to ",
					      "commitment to ", "commitments to "};
	size_t i, k;

	for (i = 0; i < n; i++) {
		if (i > 0 && isalpha((unsigned char)s[i - 1]))
			continue;
		for (k = 0; k < sizeof phrases / sizeof phrases[0]; k++) {
			size_t pl = strlen(phrases[k]);
			if (i + pl < n && strncasecmp(s + i, phrases[k], pl) == 0 &&
			    isalpha((unsigned char)s[i + pl]))
				return s + i + pl;
		}
	}
	return NULL;
}

static ak_err find_commitments(const struct doc *d, struct strlist *out)
{
	size_t i;
	ak_err err;

	for (i = 0; i < d->n; i++) {
		const struct block *b = &d->b[i];
		const char *s = ak_buf_str(&b->text), *e, *c;
		bool found = false;

		if (b->kind != B_PARA && b->kind != B_ITEM)
			continue;
		for (; *s; s = e) {
			while (*s == ' ')
				s++;
			e = sentence_end(s);
			c = commitment_in(s, (size_t)(e - s));
			if (c) {
				found = true;
				if ((err = strlist_add(out, c, (size_t)(e - c))) != AK_OK)
					return err;
			}
		}
		if (!found && b->kind == B_ITEM && (b->in & IN_COMMIT) &&
		    (err = strlist_add(out, b->text.data, b->text.len)) != AK_OK)
			return err;
	}
	return AK_OK;
}

/* The column of a table row that states the objective. */
static size_t objective_column(const struct doc *d, const struct block *row)
{
	static const char *const prefer[] = {"target", "objective", "description", "measure"};
	size_t k, c, best = 0, bestlen = 0;

	if (row->header >= 0) {
		const struct block *h = &d->b[row->header];
		for (k = 0; k < sizeof prefer / sizeof prefer[0]; k++)
			for (c = 0; c < h->ncells && c < row->ncells; c++)
				if (contains_ci(h->cells[c], prefer[k]))
					return c;
	}
	for (c = 0; c < row->ncells; c++) {
		if (strlen(row->cells[c]) > bestlen) {
			bestlen = strlen(row->cells[c]);
			best = c;
		}
	}
	return best;
}

static ak_err find_objectives(const struct doc *d, struct strlist *out)
{
	bool listed = false;
	size_t i;
	ak_err err;

	for (i = 0; i < d->n; i++) {
		const struct block *b = &d->b[i];
		if (!(b->in & IN_OBJECTIVE))
			continue;
		if (b->kind == B_ITEM) {
			listed = true;
			if ((err = strlist_add(out, b->text.data, b->text.len)) != AK_OK)
				return err;
		} else if (b->kind == B_ROW && !b->is_header && b->ncells > 0) {
			const char *cell = b->cells[objective_column(d, b)];
			listed = true;
			if ((err = strlist_add(out, cell, strlen(cell))) != AK_OK)
				return err;
		}
	}
	if (listed)
		return AK_OK;
	for (i = 0; i < d->n; i++) {
		const struct block *b = &d->b[i];
		const char *s, *e;
		if (!(b->in & IN_OBJECTIVE) || b->kind != B_PARA)
			continue;
		for (s = ak_buf_str(&b->text); *s; s = e) {
			while (*s == ' ')
				s++;
			e = sentence_end(s);
			if (e > s && e[-1] != ':' && (err = strlist_add(out, s, (size_t)(e - s))) != AK_OK)
				return err;
		}
	}
	return AK_OK;
}

/* ======================================================================
 * Roles
 * ====================================================================== */

/* "Maria Keller", "Lena van der Vos", "J. Smith": 2 to 5 words, the first
 * and last capitalised, no digits. */
static bool person_name(const char *s, size_t n)
{
	size_t words = 0, i = 0;
	bool last_cap = false;

	if (n == 0 || n > 60)
		return false;
	while (i < n) {
		size_t start;
		while (i < n && s[i] == ' ')
			i++;
		if (i >= n)
			break;
		start = i;
		while (i < n && s[i] != ' ') {
			unsigned char c = (unsigned char)s[i];
			if (isdigit(c) || strchr(":;,()/&@", c))
				return false;
			i++;
		}
		last_cap = isupper((unsigned char)s[start]) || (unsigned char)s[start] >= 0x80;
		if (words == 0 && !last_cap)
			return false;
		words++;
	}
	return words >= 2 && words <= 5 && last_cap;
}

struct roles {
	struct policy_role *v;
	size_t n, cap;
	char *isms_owner;
};

static ak_err role_add(struct roles *r, const char *role, size_t rl, const char *name, size_t nl)
{
	bool oom = false;
	char *a = risk_strdup_trim(role, rl, &oom), *b = risk_strdup_trim(name, nl, &oom);
	size_t i;

	if (!a || !b) {
		free(a);
		free(b);
		return oom ? AK_ERR_NOMEM : AK_OK;
	}
	for (i = 0; i < r->n; i++) {
		if (strcasecmp(r->v[i].role, a) == 0 && strcmp(r->v[i].name, b) == 0) {
			free(a);
			free(b);
			return AK_OK;
		}
	}
	if (!ak_grow(&r->v, &r->cap, r->n + 1, sizeof *r->v)) {
		free(a);
		free(b);
		return AK_ERR_NOMEM;
	}
	r->v[r->n].role = a;
	r->v[r->n].name = b;
	r->n++;
	return AK_OK;
}

/* One "Role (Name): duties" or "Role: Name" statement. */
static ak_err role_line(struct roles *r, const char *s)
{
	const char *colon = strchr(s, ':'), *open, *close, *duties;
	size_t kl;
	ak_err err;

	if (!colon || colon - s > 100)
		return AK_OK;
	kl = (size_t)(colon - s);
	while (kl && s[kl - 1] == ' ')
		kl--;
	duties = colon + 1;
	while (*duties == ' ')
		duties++;
	open = memchr(s, '(', kl);
	close = kl ? (s[kl - 1] == ')' ? s + kl - 1 : NULL) : NULL;
	if (open && close && close > open && person_name(open + 1, (size_t)(close - open - 1))) {
		if ((err = role_add(r, s, (size_t)(open - s), open + 1,
				    (size_t)(close - open - 1))) != AK_OK)
			return err;
		if (!r->isms_owner && contains_ci(duties, "owner of") &&
		    (strstr(duties, "ISMS") ||
		     contains_ci(duties, "information security management system")) &&
		    !(r->isms_owner = ak_strndup(open + 1, (size_t)(close - open - 1))))
			return AK_ERR_NOMEM;
		return AK_OK;
	}
	{
		size_t dl = strlen(duties);
		while (dl && (duties[dl - 1] == '.' || duties[dl - 1] == ' '))
			dl--;
		if (person_name(duties, dl))
			return role_add(r, s, kl, duties, dl);
	}
	return AK_OK;
}

static ak_err find_roles(const struct doc *d, struct roles *r)
{
	size_t i, c;
	ak_err err;

	for (i = 0; i < d->n; i++) {
		const struct block *b = &d->b[i];
		if (!(b->in & IN_ROLES))
			continue;
		if (b->kind == B_PARA || b->kind == B_ITEM) {
			if ((err = role_line(r, ak_buf_str(&b->text))) != AK_OK)
				return err;
		} else if (b->kind == B_ROW && !b->is_header && b->ncells >= 2) {
			size_t rc = 0, nc = 1;
			if (b->header >= 0) {
				const struct block *h = &d->b[b->header];
				for (c = 0; c < h->ncells; c++) {
					if (contains_ci(h->cells[c], "role"))
						rc = c;
					else if (contains_ci(h->cells[c], "name") ||
						 contains_ci(h->cells[c], "holder") ||
						 contains_ci(h->cells[c], "person"))
						nc = c;
				}
			}
			if (rc < b->ncells && nc < b->ncells && rc != nc &&
			    person_name(b->cells[nc], strlen(b->cells[nc])) &&
			    (err = role_add(r, b->cells[rc], strlen(b->cells[rc]), b->cells[nc],
					    strlen(b->cells[nc]))) != AK_OK)
				return err;
		}
	}
	/* The ISMS owner first, as the facts format names that role. */
	if (r->isms_owner) {
		bool named = false;
		for (i = 0; i < r->n; i++)
			if (strcasecmp(r->v[i].role, "ISMS owner") == 0)
				named = true;
		if (!named) {
			if ((err = role_add(r, "ISMS owner", 10, r->isms_owner,
					    strlen(r->isms_owner))) != AK_OK)
				return err;
			if (r->n > 1) {
				struct policy_role last = r->v[r->n - 1];
				memmove(r->v + 1, r->v, (r->n - 1) * sizeof *r->v);
				r->v[0] = last;
			}
		}
	}
	return AK_OK;
}

/* ======================================================================
 * Putting it together
 * ====================================================================== */

void policy_facts_release(struct policy_facts *f)
{
	size_t i;

	free(f->title);
	free(f->version);
	free(f->approved);
	free(f->approver);
	free(f->owner);
	free(f->review_due);
	for (i = 0; i < f->ncommitments; i++)
		free(f->commitments[i]);
	free(f->commitments);
	for (i = 0; i < f->nobjectives; i++)
		free(f->objectives[i]);
	free(f->objectives);
	for (i = 0; i < f->nroles; i++) {
		free(f->roles[i].role);
		free(f->roles[i].name);
	}
	free(f->roles);
	memset(f, 0, sizeof *f);
}

static char *date_or_null(const char *raw)
{
	char d[11];

	return raw && policy_parse_date(raw, d) ? ak_strdup(d) : NULL;
}

ak_err policy_extract(const char *text, const char *title_hint, struct policy_facts *out)
{
	struct doc d = {NULL, 0, 0, false};
	char *raw[K_N] = {NULL};
	struct strlist commits = {NULL, 0, 0}, objectives = {NULL, 0, 0};
	struct roles roles = {NULL, 0, 0, NULL};
	ak_err err = AK_OK;
	size_t i;

	memset(out, 0, sizeof *out);
	parse_blocks(text, &d);
	if (d.oom)
		goto nomem;
	if ((err = scan_meta(text, &d, raw)) != AK_OK)
		goto out;
	if ((err = find_commitments(&d, &commits)) != AK_OK ||
	    (err = find_objectives(&d, &objectives)) != AK_OK ||
	    (err = find_roles(&d, &roles)) != AK_OK)
		goto out;

	out->title = raw[K_TITLE];
	raw[K_TITLE] = NULL;
	if (!out->title && title_hint)
		out->title = ak_strdup(title_hint);
	for (i = 0; !out->title && i < d.n; i++)
		if (d.b[i].kind == B_HEADING && d.b[i].text.len)
			out->title = ak_strdup(d.b[i].text.data);
	out->version = raw[K_VERSION];
	raw[K_VERSION] = NULL;
	out->approver = raw[K_APPROVER];
	raw[K_APPROVER] = NULL;
	out->owner = raw[K_OWNER];
	raw[K_OWNER] = NULL;
	out->approved = date_or_null(raw[K_APPROVED]);
	out->review_due = date_or_null(raw[K_REVIEW]);
	/* "Approved: 2026-02-10 by Maria Keller" names the approver too. */
	if (!out->approver && raw[K_APPROVED]) {
		const char *by = strstr(raw[K_APPROVED], " by ");
		if (by)
			out->approver = ak_strdup(by + 4);
	}
	out->commitments = commits.v;
	out->ncommitments = commits.n;
	commits.v = NULL;
	commits.n = 0;
	out->objectives = objectives.v;
	out->nobjectives = objectives.n;
	objectives.v = NULL;
	objectives.n = 0;
	out->roles = roles.v;
	out->nroles = roles.n;
	roles.v = NULL;
	roles.n = 0;
	goto out;
nomem:
	err = AK_ERR_NOMEM;
out:
	for (i = 0; i < K_N; i++)
		free(raw[i]);
	strlist_release(&commits);
	strlist_release(&objectives);
	for (i = 0; i < roles.n; i++) {
		free(roles.v[i].role);
		free(roles.v[i].name);
	}
	free(roles.v);
	free(roles.isms_owner);
	doc_release(&d);
	if (err)
		policy_facts_release(out);
	return err;
}

/* A policy's dates are read as auditors' notes are (dates.h): the first
 * whole date in s. */
bool policy_parse_date(const char *s, char out[11])
{
	struct date_hit h[8];
	size_t n = dates_find(s, strlen(s), NULL, h, 8), i;

	for (i = 0; i < n && i < 8; i++)
		if (h[i].date.prec == DATE_DAY) {
			date_format(&h[i].date, out, 11);
			return true;
		}
	return false;
}
