/* statements.c: notes cut into statements (statements.h).
 *
 * One pass over the sections of the notes. Inside a section the answer
 * lines are grouped into paragraphs: a marked line, a bullet, a table row
 * and a transcript turn each start one; a line of plain prose joins the
 * paragraph before it only when that one was long enough to have been
 * wrapped (terse shorthand keeps one point to a line). Each paragraph's
 * text is normalised (core/text.h) and handed to ICU's sentence break
 * iterator; table rows are split into cells first.
 *
 * ICU rather than a hand-written splitter: its rules (UAX #29) with the
 * "ss=standard" suppressions know "Mr.", "Dr.", "e.g.", "i.e." and decimal
 * points, which a full stop and a capital letter cannot tell apart. */
#include "score/statements.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "core/util.h"

#define WRAPPED_LINE 50          /* bytes: a shorter line was not wrapped */

void stmts_release(struct stmts *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		text_release(&s->v[i].t);
	free(s->v);
	free(s->auditor_speaker);
	memset(s, 0, sizeof *s);
}

/* ======================================================================
 * Clause references
 * ====================================================================== */

size_t stmt_clause_ref(const char *s, size_t len, char *out, size_t n)
{
	size_t i = 0, k = 0;
	char buf[16];
	int parts = 0;

	if (n == 0)
		return 0;
	out[0] = '\0';
	while (i < len && isdigit((unsigned char)s[i])) {
		size_t start = i;
		/* "5.l c": a lower-case l typed for a one */
		while (i < len && (isdigit((unsigned char)s[i]) || (s[i] == 'l' && parts > 0)))
			i++;
		if (i == start || i - start > 2 || k + (i - start) + 2 >= sizeof buf)
			return 0;
		for (; start < i; start++)
			buf[k++] = s[start] == 'l' ? '1' : s[start];
		parts++;
		/* "6,1" typed for "6.1" */
		if (i + 1 < len && (s[i] == '.' || s[i] == ',') && (isdigit((unsigned char)s[i + 1]) || s[i + 1] == 'l')) {
			buf[k++] = '.';
			i++;
			continue;
		}
		break;
	}
	if (parts == 0)
		return 0;
	/* a bare number is a clause only when it is one ("10"), never "2026" */
	if (parts == 1 && !(k == 2 && buf[0] == '1' && buf[1] == '0'))
		return 0;
	buf[k] = '\0';
	{
		size_t j = i;
		char item = 0;
		if (j < len && (s[j] == ' ' || s[j] == '('))
			j++;
		if (j < len && s[j] >= 'a' && s[j] <= 'h') {
			size_t after = j + 1;
			if (after < len && s[after] == ')')
				after++;
			if (after >= len || !isalnum((unsigned char)s[after])) {
				item = s[j];
				i = after;
			}
		}
		if (i < len && isalnum((unsigned char)s[i]) && !item)
			return 0; /* "5.1abc", "9.3m" */
		if (item)
			snprintf(out, n, "%s %c", buf, item);
		else
			snprintf(out, n, "%s", buf);
	}
	return i;
}

/* ======================================================================
 * Speakers
 * ====================================================================== */

/* Two names of one person: "Paul Hennessy", "Paul", "P. Hennessy",
 * "Hennessy" (a word of three letters or more in common). */
static bool same_person(const char *a, const char *b)
{
	const char *p = a;

	if (!a || !b || !*a || !*b)
		return false;
	if (strcasecmp(a, b) == 0)
		return true;
	while (*p) {
		const char *q = b;
		size_t la;
		while (*p && !isalpha((unsigned char)*p) && (unsigned char)*p < 0x80)
			p++;
		la = 0;
		while (p[la] && (isalpha((unsigned char)p[la]) || (unsigned char)p[la] >= 0x80 || p[la] == '-'))
			la++;
		if (la >= 3) {
			while (*q) {
				size_t lb = 0;
				while (*q && !isalpha((unsigned char)*q) && (unsigned char)*q < 0x80)
					q++;
				while (q[lb] && (isalpha((unsigned char)q[lb]) || (unsigned char)q[lb] >= 0x80 || q[lb] == '-'))
					lb++;
				if (lb == la && strncasecmp(p, q, la) == 0)
					return true;
				q += lb;
			}
		}
		p += la;
	}
	return false;
}

static bool is_auditor_label(const char *s)
{
	static const char *const labels[] = {"auditor", "lead auditor", "interviewer", "q"};
	size_t i;

	for (i = 0; i < sizeof labels / sizeof *labels; i++)
		if (strcasecmp(s, labels[i]) == 0)
			return true;
	return false;
}

/* Does a turn (section) hold a question? */
static bool turn_asks(const struct notes *n, const struct notes_section *sec)
{
	size_t i, j;

	for (i = 0; i < sec->nlines; i++) {
		const struct notes_line *l = &n->lines[sec->first_line + i];
		for (j = 0; j < l->npieces; j++) {
			const struct notes_piece *p = &n->pieces[l->first_piece + j];
			if (memchr(n->data + p->off, '?', p->len))
				return true;
		}
	}
	return false;
}

static size_t turn_bytes(const struct notes *n, const struct notes_section *sec)
{
	size_t i, j, b = 0;

	for (i = 0; i < sec->nlines; i++) {
		const struct notes_line *l = &n->lines[sec->first_line + i];
		for (j = 0; j < l->npieces; j++)
			b += n->pieces[l->first_piece + j].len;
	}
	return b;
}

/* Choose the transcript's auditor and interviewee speakers (borrowed
 * strings of the notes, or NULL). */
static void pick_speakers(const struct notes *n, const char *auditor, const char *interviewee,
			  const char **aud, const char **iee)
{
	size_t i, j, best = 0, most = 0;

	*aud = *iee = NULL;
	for (i = 0; i < n->nsections; i++) {
		const struct notes_section *s = &n->sections[i];
		if (s->kind != SEC_TURN)
			continue;
		if (!*aud && ((auditor && same_person(s->heading, auditor)) || is_auditor_label(s->heading)))
			*aud = s->heading;
		if (!*iee && interviewee && same_person(s->heading, interviewee) &&
		    !(auditor && same_person(s->heading, auditor)))
			*iee = s->heading;
	}
	if (!*aud) {
		/* whoever asks most questions */
		for (i = 0; i < n->nsections; i++) {
			size_t asks = 0;
			const struct notes_section *s = &n->sections[i];
			if (s->kind != SEC_TURN || (*iee && strcmp(s->heading, *iee) == 0))
				continue;
			for (j = 0; j < n->nsections; j++)
				if (n->sections[j].kind == SEC_TURN &&
				    strcmp(n->sections[j].heading, s->heading) == 0 &&
				    turn_asks(n, &n->sections[j]))
					asks++;
			if (asks > best) {
				best = asks;
				*aud = s->heading;
			}
		}
	}
	if (!*iee) {
		/* whoever else speaks most */
		for (i = 0; i < n->nsections; i++) {
			size_t bytes = 0;
			const struct notes_section *s = &n->sections[i];
			if (s->kind != SEC_TURN || (*aud && strcmp(s->heading, *aud) == 0))
				continue;
			for (j = 0; j < n->nsections; j++)
				if (n->sections[j].kind == SEC_TURN &&
				    strcmp(n->sections[j].heading, s->heading) == 0)
					bytes += turn_bytes(n, &n->sections[j]);
			if (bytes > most) {
				most = bytes;
				*iee = s->heading;
			}
		}
	}
}

/* ======================================================================
 * Building
 * ====================================================================== */

struct builder {
	const struct notes *n;
	struct stmts *out;
	UBreakIterator *bi;
	size_t total; /* bytes of statements so far */
	bool oom;
};

/* The sentence break iterator, opened once per process: opening one builds
 * the English rules and their suppressions ("Mr.", "e.g."), about a twentieth
 * of scoring a 2 KB notes file; each paragraph sets its own text on it.
 * Scoring runs on one thread. */
static UBreakIterator *sentence_breaks(void)
{
	static UBreakIterator *bi;
	UErrorCode st = U_ZERO_ERROR;

	if (bi)
		return bi;
	bi = ubrk_open(UBRK_SENTENCE, "en@ss=standard", NULL, 0, &st);
	if (U_FAILURE(st) || !bi) {
		/* without the suppressions rather than not at all */
		st = U_ZERO_ERROR;
		bi = ubrk_open(UBRK_SENTENCE, "en", NULL, 0, &st);
		if (U_FAILURE(st))
			bi = NULL;
	}
	return bi;
}

/* The source end of normalised byte i: a straightened quote stands for its
 * whole UTF-8 sequence. */
static size_t src_end(const struct notes *n, const struct text *t, size_t i)
{
	size_t o = t->map[i];
	unsigned char c = (unsigned char)n->data[o];

	if ((unsigned char)t->s[i] < 0x80 && c >= 0x80)
		return o + (c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2);
	return o + 1;
}

static bool has_word(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (isalnum((unsigned char)s[i]) || (unsigned char)s[i] >= 0xC0)
			return true;
	return false;
}

struct para_info {
	size_t section, para, first_line;
	enum stmt_kind kind;
	enum notes_mark mark;
	enum stmt_speaker speaker;
	bool question, record;
	const char *hint;
};

/* Emit one statement: bytes [a, b) of the paragraph text pt. */
static void emit(struct builder *B, const struct text *pt, size_t a, size_t b, const struct para_info *pi,
		 bool question)
{
	struct stmt *st;
	const struct notes *n = B->n;

	while (a < b && (pt->s[a] == ' ' || pt->s[a] == '\n'))
		a++;
	while (b > a && (pt->s[b - 1] == ' ' || pt->s[b - 1] == '\n'))
		b--;
	if (a >= b || !has_word(pt->s + a, b - a) || B->oom)
		return;
	if (B->total >= STMTS_TEXT_MAX) {
		B->out->truncated = true;
		return;
	}
	if (B->out->n >= STMTS_MAX) {
		B->out->too_many = true;
		return;
	}
	if (!ak_grow(&B->out->v, &B->out->cap, B->out->n + 1, sizeof *B->out->v)) {
		B->oom = true;
		return;
	}
	st = &B->out->v[B->out->n];
	memset(st, 0, sizeof *st);
	text_slice(&st->t, pt, a, b);
	if (st->t.oom) {
		text_release(&st->t);
		B->oom = true;
		return;
	}
	B->out->n++;
	B->total += b - a;
	st->off = pt->map[a];
	st->len = src_end(n, pt, b - 1) - st->off;
	st->line = notes_line_of(n, st->off);
	st->section = pi->section;
	st->para = pi->para;
	st->first_line = pi->first_line;
	st->kind = pi->kind;
	st->mark = pi->mark;
	st->speaker = pi->speaker;
	st->question = question;
	st->record = pi->record;
	if (pi->hint)
		snprintf(st->hint, sizeof st->hint, "%s", pi->hint);
}

/* Sentences of pt[a, b), each emitted. */
static void sentences(struct builder *B, const struct text *pt, size_t a, size_t b,
		      const struct para_info *pi)
{
	UErrorCode st = U_ZERO_ERROR;
	UText *ut;
	int32_t x, y;

	if (b <= a)
		return;
	ut = utext_openUTF8(NULL, pt->s + a, (int64_t)(b - a), &st);
	if (U_FAILURE(st)) {
		B->oom = true;
		return;
	}
	ubrk_setUText(B->bi, ut, &st);
	if (U_FAILURE(st)) {
		utext_close(ut);
		emit(B, pt, a, b, pi, pi->question);
		return;
	}
	for (x = ubrk_first(B->bi); (y = ubrk_next(B->bi)) != UBRK_DONE; x = y) {
		size_t s0 = a + (size_t)x, s1 = a + (size_t)y;
		bool q = pi->question;
		size_t e = s1;
		while (e > s0 && (pt->s[e - 1] == ' ' || pt->s[e - 1] == '"' || pt->s[e - 1] == '\''))
			e--;
		/* an auditor's turn: its questions set the topic, its other
		 * sentences ("Thank you.") are no evidence either */
		if (pi->speaker == SP_AUDITOR)
			q = true;
		else if (pi->speaker == SP_NOTES && e > s0 && pt->s[e - 1] == '?' &&
			 !memchr(pt->s + s0, '"', s1 - s0))
			q = true; /* a question the auditor noted, not a quoted one */
		emit(B, pt, s0, s1, pi, q);
	}
	utext_close(ut);
}

/* A bullet at the start of s: its length, or 0. */
static size_t bullet_len(const char *s, size_t len)
{
	size_t i = 0;

	if (len >= 2 && (s[0] == '*' || s[0] == '-' || s[0] == '+') && s[1] == ' ')
		return 2;
	if (len >= 4 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0xA2 || (unsigned char)s[2] == 0x93) && s[3] == ' ')
		return 4; /* "• ", "– " */
	while (i < len && i < 3 && isdigit((unsigned char)s[i]))
		i++;
	if (i > 0 && i + 1 < len && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ') {
		/* "1. " but not "5.1 c" */
		if (s[i] == '.' && i + 2 < len && isdigit((unsigned char)s[i + 2]))
			return 0;
		return i + 2;
	}
	if (len >= 3 && s[0] >= 'a' && s[0] <= 'h' && s[1] == ')' && s[2] == ' ')
		return 3;
	return 0;
}

/* The raw text of a line's first piece, after leading spaces. */
static const char *line_text(const struct notes *n, const struct notes_line *l, size_t *len)
{
	const struct notes_piece *p;
	const char *s;
	size_t k;

	if (!l->npieces) {
		*len = 0;
		return "";
	}
	p = &n->pieces[l->first_piece];
	s = n->data + p->off;
	k = p->len;
	while (k && (*s == ' ' || *s == '\t'))
		s++, k--;
	*len = k;
	return s;
}

static size_t line_bytes(const struct notes *n, const struct notes_line *l)
{
	size_t j, b = 0;

	for (j = 0; j < l->npieces; j++)
		b += n->pieces[l->first_piece + j].len;
	return b;
}

static bool is_row(const struct notes *n, const struct notes_line *l)
{
	size_t len;
	const char *s = line_text(n, l, &len);

	return len > 1 && s[0] == '|';
}

static bool is_rule_row(const char *s, size_t len)
{
	size_t i;
	bool dash = false;

	for (i = 0; i < len; i++) {
		if (s[i] == '-')
			dash = true;
		else if (!strchr("|: \t", s[i]))
			return false;
	}
	return dash;
}

/* ---- tables ----------------------------------------------------------- */

enum col_role { COL_TEXT, COL_CLAUSE, COL_MARK, COL_RECORD, COL_SKIP };

static enum col_role header_role(const char *s, size_t len)
{
	char h[48];
	size_t k = 0, i;

	for (i = 0; i < len && k < sizeof h - 1; i++)
		h[k++] = (char)tolower((unsigned char)s[i]);
	h[k] = '\0';
	if (strstr(h, "clause") || strstr(h, "requirement") || strstr(h, "item") || strstr(h, "topic") ||
	    strstr(h, "ref") || strcmp(h, "#") == 0 || strstr(h, "area"))
		return COL_CLAUSE;
	if (strstr(h, "mark") || strstr(h, "+/-") || strstr(h, "rating") || strstr(h, "flag") ||
	    strstr(h, "assess") || strstr(h, "score") || strstr(h, "verdict") || strstr(h, "judgement") ||
	    strstr(h, "judgment"))
		return COL_MARK;
	if (strstr(h, "evidence") || strstr(h, "record") || strstr(h, "document") || strstr(h, "seen"))
		return COL_RECORD;
	if (strstr(h, "time") || strstr(h, "minute") || strstr(h, "no."))
		return COL_SKIP;
	return COL_TEXT;
}

static enum notes_mark cell_mark(const char *s, size_t len)
{
	while (len && (*s == ' '))
		s++, len--;
	while (len && s[len - 1] == ' ')
		len--;
	if (len == 0)
		return MARK_NONE;
	if (len == 1 || (len > 1 && s[1] == ' ')) {
		switch (s[0]) {
		case '+': return MARK_PLUS;
		case '-': return MARK_MINUS;
		case '?': return MARK_UNCLEAR;
		case '!': return MARK_FLAG;
		}
	}
	if (len >= 2 && strncmp(s, "++", 2) == 0)
		return MARK_PLUS;
	if (len >= 2 && strncmp(s, "--", 2) == 0)
		return MARK_MINUS;
	return MARK_NONE;
}

#define MAX_COLS 16

struct table {
	enum col_role role[MAX_COLS];
	size_t ncols;
	bool have; /* a header was read */
};

/* One table row: cells split at '|' in the normalised row text. */
static void table_row(struct builder *B, struct table *tb, const struct text *rt, struct para_info *pi)
{
	size_t cells[MAX_COLS + 1][2], nc = 0, i = 0, k;
	char hint[16] = "";
	enum notes_mark mark = MARK_NONE;

	while (i < rt->len && rt->s[i] == ' ')
		i++;
	if (i < rt->len && rt->s[i] == '|')
		i++;
	while (i < rt->len && nc < MAX_COLS) {
		size_t start = i;
		while (i < rt->len && rt->s[i] != '|')
			i++;
		cells[nc][0] = start;
		cells[nc][1] = i;
		nc++;
		if (i < rt->len)
			i++;
	}
	/* a trailing '|' leaves an empty last cell */
	if (nc && cells[nc - 1][0] == cells[nc - 1][1])
		nc--;
	for (k = 0; k < nc; k++) {
		enum col_role r = tb->have && k < tb->ncols ? tb->role[k] : COL_TEXT;
		const char *s = rt->s + cells[k][0];
		size_t len = cells[k][1] - cells[k][0], skip;
		char ref[16];
		while (len && *s == ' ')
			s++, len--;
		if (r == COL_MARK || (!tb->have && cell_mark(s, len) != MARK_NONE && len <= 3)) {
			if (cell_mark(s, len) != MARK_NONE)
				mark = cell_mark(s, len);
			continue;
		}
		if ((r == COL_CLAUSE || !tb->have) && (skip = stmt_clause_ref(s, len, ref, sizeof ref)) &&
		    !hint[0]) {
			memcpy(hint, ref, sizeof hint);
			if (r == COL_CLAUSE)
				continue;
		}
	}
	for (k = 0; k < nc; k++) {
		enum col_role r = tb->have && k < tb->ncols ? tb->role[k] : COL_TEXT;
		const char *s = rt->s + cells[k][0];
		size_t len = cells[k][1] - cells[k][0];
		while (len && *s == ' ')
			s++, len--;
		if (r == COL_MARK || r == COL_SKIP || (!tb->have && cell_mark(s, len) != MARK_NONE && len <= 3))
			continue;
		if (r == COL_CLAUSE)
			continue;
		pi->kind = ST_CELL;
		pi->mark = mark;
		pi->record = r == COL_RECORD;
		pi->hint = hint[0] ? hint : NULL;
		sentences(B, rt, cells[k][0], cells[k][1], pi);
	}
	pi->record = false;
	pi->hint = NULL;
}

static void table_header(struct table *tb, const struct text *rt)
{
	size_t i = 0, nc = 0;

	while (i < rt->len && rt->s[i] == ' ')
		i++;
	if (i < rt->len && rt->s[i] == '|')
		i++;
	while (i < rt->len && nc < MAX_COLS) {
		size_t start = i;
		while (i < rt->len && rt->s[i] != '|')
			i++;
		if (i > start || i < rt->len) {
			const char *s = rt->s + start;
			size_t len = i - start;
			while (len && *s == ' ')
				s++, len--;
			while (len && s[len - 1] == ' ')
				len--;
			if (len || i < rt->len)
				tb->role[nc++] = header_role(s, len);
		}
		if (i < rt->len)
			i++;
	}
	tb->ncols = nc;
	tb->have = true;
}

/* The normalised text of lines [from, to) of the notes, lines joined by a
 * space (the map still points at each line). */
static bool para_text(const struct notes *n, size_t from, size_t to, struct text *pt)
{
	size_t i, j;

	text_init(pt);
	for (i = from; i < to; i++) {
		const struct notes_line *l = &n->lines[i];
		for (j = 0; j < l->npieces; j++) {
			const struct notes_piece *p = &n->pieces[l->first_piece + j];
			text_add(pt, n->data + p->off, p->len, p->off);
		}
	}
	if (pt->oom)
		return false;
	for (i = 0; i < pt->len; i++)
		if (pt->s[i] == '\n')
			pt->s[i] = ' ';
	return true;
}

/* "Q:", "A:", "Question:", "Answer:" at the start of a paragraph. */
static size_t qa_prefix(const char *s, size_t len, bool *question)
{
	static const struct {
		const char *p;
		bool q;
	} pre[] = {{"q:", true}, {"question:", true}, {"a:", false}, {"answer:", false}};
	size_t i;

	for (i = 0; i < sizeof pre / sizeof *pre; i++) {
		size_t k = strlen(pre[i].p);
		if (len > k && strncasecmp(s, pre[i].p, k) == 0) {
			*question = pre[i].q;
			return k;
		}
	}
	return 0;
}

static void paragraph(struct builder *B, size_t from, size_t to, struct para_info *pi)
{
	struct text pt;
	size_t a = 0, k;
	char ref[16];
	bool q = false;

	if (!para_text(B->n, from, to, &pt)) {
		text_release(&pt);
		B->oom = true;
		return;
	}
	if (pt.len == 0) { /* marks and records only: no words */
		text_release(&pt);
		return;
	}
	if (pt.len > STMTS_ANSWER_MAX) {
		/* one answer of megabytes is a paste, not speech: its first
		 * STMTS_ANSWER_MAX bytes, cut at a space (or at least between
		 * two UTF-8 sequences) */
		size_t cut = STMTS_ANSWER_MAX;
		while (cut > STMTS_ANSWER_MAX / 2 && pt.s[cut] != ' ')
			cut--;
		if (pt.s[cut] != ' ')
			for (cut = STMTS_ANSWER_MAX; cut > 0 && ((unsigned char)pt.s[cut] & 0xC0) == 0x80; cut--)
				;
		pt.len = cut;
		pt.s[cut] = '\0';
		B->out->cut++;
	}
	while (a < pt.len && pt.s[a] == ' ')
		a++;
	if ((k = bullet_len(pt.s + a, pt.len - a))) {
		a += k;
		pi->kind = ST_BULLET;
	}
	if ((k = qa_prefix(pt.s + a, pt.len - a, &q))) {
		a += k;
		pi->question = q;
	}
	/* "5.1 c: ..." or "6.1 - ...": a clause named at the start */
	if ((k = stmt_clause_ref(pt.s + a, pt.len - a, ref, sizeof ref))) {
		size_t j = a + k;
		while (j < pt.len && pt.s[j] == ' ')
			j++;
		/* not a time ("10:00") or a range ("6.1-6.3") */
		bool sep = j < pt.len && (pt.s[j] == ':' || pt.s[j] == '-' || pt.s[j] == ')' || pt.s[j] == '=');
		if (sep && j + 1 < pt.len && isdigit((unsigned char)pt.s[j + 1]))
			sep = false;
		if (sep) {
			pi->hint = ref;
			a = j + 1;
		}
	}
	sentences(B, &pt, a, pt.len, pi);
	pi->hint = NULL;
	pi->question = false;
	text_release(&pt);
}

bool stmts_build(const struct notes *n, const char *auditor, const char *interviewee,
		 struct stmts *out)
{
	struct builder B;
	const char *aud = NULL, *iee = NULL;
	size_t si;

	memset(out, 0, sizeof *out);
	memset(&B, 0, sizeof B);
	B.n = n;
	B.out = out;
	if (!(B.bi = sentence_breaks()))
		return false;
	if (n->kind == NOTES_WEBVTT || n->kind == NOTES_SRT) {
		pick_speakers(n, auditor, interviewee, &aud, &iee);
		if (aud && !(out->auditor_speaker = ak_strdup(aud)))
			B.oom = true;
	}
	for (si = 0; si < n->nsections && !B.oom; si++) {
		const struct notes_section *sec = &n->sections[si];
		struct para_info pi;
		struct table tb;
		size_t i = sec->first_line, end = sec->first_line + sec->nlines;

		memset(&tb, 0, sizeof tb);
		memset(&pi, 0, sizeof pi);
		pi.section = si;
		pi.speaker = SP_NOTES;
		if (sec->kind == SEC_TURN) {
			pi.speaker = aud && strcmp(sec->heading, aud) == 0   ? SP_AUDITOR
				     : !iee || strcmp(sec->heading, iee) == 0 ? SP_INTERVIEWEE
									  : SP_OTHER;
			if (sec->nlines) {
				pi.para = out->npara++;
				pi.first_line = i;
				pi.kind = ST_TURN;
				paragraph(&B, i, end, &pi);
			}
			continue;
		}
		while (i < end && !B.oom) {
			const struct notes_line *l = &n->lines[i];
			size_t j = i + 1;
			pi.para = out->npara++;
			pi.first_line = i;
			pi.mark = l->mark;
			pi.kind = ST_SENTENCE;
			pi.record = false;
			if (is_row(n, l)) {
				size_t len;
				const char *s = line_text(n, l, &len);
				struct text rt;
				bool header = false;
				if (i + 1 < end && n->lines[i + 1].line == l->line + 1 &&
				    is_row(n, &n->lines[i + 1])) {
					size_t len2;
					const char *s2 = line_text(n, &n->lines[i + 1], &len2);
					header = is_rule_row(s2, len2);
				}
				if (is_rule_row(s, len)) {
					i++;
					continue;
				}
				if (i == sec->first_line || n->lines[i - 1].line != l->line - 1 ||
				    !is_row(n, &n->lines[i - 1]))
					memset(&tb, 0, sizeof tb); /* a new table */
				if (!para_text(n, i, i + 1, &rt)) {
					text_release(&rt);
					B.oom = true;
					break;
				}
				if (header)
					table_header(&tb, &rt);
				else
					table_row(&B, &tb, &rt, &pi);
				text_release(&rt);
				i++;
				continue;
			}
			/* wrapped prose: join the lines that continue this one */
			while (j < end) {
				const struct notes_line *p = &n->lines[j - 1], *c = &n->lines[j];
				size_t len;
				const char *s = line_text(n, c, &len);
				if (c->line != p->line + 1 || c->mark != MARK_NONE || is_row(n, c) ||
				    bullet_len(s, len) || line_bytes(n, p) < WRAPPED_LINE)
					break;
				j++;
			}
			paragraph(&B, i, j, &pi);
			i = j;
		}
	}
	return !B.oom;
}
