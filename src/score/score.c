/* score.c: scoring one notes file (score.h, docs/scoring.md).
 *
 * 1. Which questions were answered: a "## <id>" section answers its
 *    question; a "## 5.1 c" section every question on 5.1 c that suits the
 *    interviewee's role; a transcript's answers follow the auditor's turns
 *    matched to questions; free text answers a question only where the
 *    question's own patterns find something in it, and adds its hits to
 *    every question scored.
 * 2. For each, the answer text is normalised (text.h) and the rubric run:
 *    patterns (PCRE2 with match and depth limits), the auditor's marks,
 *    records seen, knowledge probes and contradictions (probes.h).
 * 3. The points add up to a score 0..3 with caps for red flags,
 *    contradictions and unmet probes; the reason says which.
 * 4. Requirements aggregate the questions on each clause item, and the
 *    weak spots become proposed findings. */
#define _GNU_SOURCE /* strcasestr */
#include "score/score.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/dates.h"
#include "interview/plan.h"
#include "score/probes.h"
#include "interview/script.h"
#include "core/text.h"
#include "core/util.h"

#include "score/score_int.h"

static const char *const source_names[] = {"none", "free", "clause", "section", "transcript"};

/* Answer texts are numbered for the whole run, not per notes file: the
 * probes' memos live as long as the records do and see every file. */
static unsigned long answer_gens;

/* ======================================================================
 * Evaluating one question
 * ====================================================================== */

struct hit {
	const char *kind, *label;
	int weight;
	size_t off, len; /* in the notes */
};

struct eval {
	unsigned long gen; /* of the answer text */
	struct text t;     /* copies of the cached answer text's fields: borrowed */
	struct words w;
	struct date_hit *dates;
	size_t ndates;
	struct hit *hits;
	size_t nhits, caphits;
	struct probe_result *probes;
	size_t nprobes;
	struct contradiction contra[MAX_CONTRA];
	size_t ncontra;
	int positive, negative, flags, probes_met, probes_with_records, plus, minus, docs, rules_hit;
	int total, score;
	bool any_text;
	struct ak_buf reason;
};

static void atext_release(struct atext *a)
{
	free(a->lines);
	text_release(&a->t);
	words_release(&a->w);
	free(a->dates);
	free(a->word_against);
	free(a->date_against);
	word_index_free(a->ix);
	free(a->word_line);
	memset(a, 0, sizeof *a);
}

static void eval_release(struct eval *e)
{
	size_t i;

	free(e->hits);
	for (i = 0; i < e->nprobes; i++)
		probe_result_release(&e->probes[i]);
	free(e->probes);
	for (i = 0; i < e->ncontra; i++)
		contradiction_release(&e->contra[i]);
	ak_buf_release(&e->reason);
	memset(e, 0, sizeof *e);
}

/* Source end of normalised byte i: a straightened quote or dash stands for
 * its whole UTF-8 sequence. */
static size_t src_end(const struct notes *n, const struct text *t, size_t i)
{
	size_t o = t->map[i];
	unsigned char c = (unsigned char)n->data[o];

	if ((unsigned char)t->s[i] < 0x80 && c >= 0x80)
		return o + (c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2);
	return o + 1;
}

/* A span of the normalised text, in the notes: [*off, *off + *len). */
static void to_notes(const struct notes *n, const struct text *t, size_t s, size_t len, size_t *off,
		     size_t *nlen)
{
	if (len == 0 || s >= t->len) {
		*off = s < t->len ? t->map[s] : (t->len ? t->map[t->len] : 0);
		*nlen = 0;
		return;
	}
	*off = t->map[s];
	*nlen = src_end(n, t, s + len - 1) - *off;
}

static bool add_hit(struct eval *e, const char *kind, const char *label, int weight, size_t off,
		    size_t len)
{
	struct hit *h;

	if (!ak_grow(&e->hits, &e->caphits, e->nhits + 1, sizeof *e->hits))
		return false;
	h = &e->hits[e->nhits++];
	h->kind = kind;
	h->label = label;
	h->weight = weight;
	h->off = off;
	h->len = len;
	return true;
}

/* Run one rule over the answer; false when the pattern could not finish
 * (reported) or memory ran out. *hit says whether it matched. */
static bool run_rule(struct scorer *s, struct eval *e, const struct bank_question *q,
		     const struct bank_rule *r, const char *kind, bool *hit)
{
	PCRE2_SIZE start = 0;
	int found = 0, i;
	bool positive = strcmp(kind, "positive") == 0;
	size_t slot = (((uintptr_t)r->re >> 4) * 2 + positive) % MEMO_SLOTS;
	struct rule_memo *m = NULL;

	*hit = false;
	/* the same pattern on the same text: the hits it had (the kind does not
	 * change a pattern's hits: "positive" is filtered below by marks, so
	 * the memo is kept per kind as well) */
	if (s->memo) {
		size_t k;
		for (k = 0; k < MEMO_SLOTS; k++) {
			struct rule_memo *x = &s->memo[(slot + k) % MEMO_SLOTS];
			if ((x->re == r->re && x->positive == positive) || !x->re) {
				m = x;
				break;
			}
		}
	}
	if (m && m->re == r->re && m->positive == positive && m->gen == e->gen && m->gen) {
		for (i = 0; i < m->n; i++)
			if (!add_hit(e, kind, r->label, r->weight, m->off[i], m->len[i]))
				return false;
		*hit = m->n > 0;
		return true;
	}
	if (m) {
		m->re = r->re;
		m->positive = positive;
		m->gen = e->gen;
		m->n = 0;
	}
	while (found < HITS_PER_RULE && start <= e->t.len) {
		int rc = pcre2_match(r->re, (PCRE2_SPTR)e->t.s, e->t.len, start, 0, s->md, s->mctx);
		PCRE2_SIZE *ov;
		size_t off, len;
		if (rc == PCRE2_ERROR_NOMATCH)
			break;
		if (rc < 0) {
			PCRE2_UCHAR msg[160];
			pcre2_get_error_message(rc, msg, sizeof msg);
			ak_diags_add(s->d, s->n->path, 0, 0,
				     "question %s: pattern '%s' (%s) stopped: %s; simplify the pattern in %s",
				     q->id, r->pattern, r->label, (const char *)msg, q->file);
			s->failed = true;
			return false;
		}
		ov = pcre2_get_ovector_pointer(s->md);
		to_notes(s->n, &e->t, ov[0], ov[1] - ov[0], &off, &len);
		start = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
		/* the auditor's mark on a line outranks a pattern: words in
		 * favour on a line marked "-" or "!" ("unaware she owns the
		 * top risk") are not evidence in favour, nor words against on
		 * a line marked "+" */
		{
			enum notes_mark mk = s->line_mark[notes_line_of(s->n, off) - 1];
			if (positive && (mk == MARK_MINUS || mk == MARK_FLAG))
				continue;
			if (!positive && mk == MARK_PLUS)
				continue;
		}
		if (!add_hit(e, kind, r->label, r->weight, off, len))
			return false;
		if (m) {
			m->off[m->n] = off;
			m->len[m->n++] = len;
		}
		*hit = true;
		found++;
	}
	return true;
}

static const char *mark_kind(enum notes_mark m)
{
	switch (m) {
	case MARK_PLUS: return "mark_plus";
	case MARK_MINUS: return "mark_minus";
	case MARK_UNCLEAR: return "mark_unclear";
	case MARK_FLAG: return "mark_flag";
	default: return NULL;
	}
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

/* own lines and free lines, in file order, each once */
static size_t merge_lines(const size_t *a, size_t na, const size_t *b, size_t nb, size_t *out)
{
	size_t i, n = 0;

	if (na) /* a and b may be NULL when empty */
		memcpy(out, a, na * sizeof *a);
	if (nb)
		memcpy(out + na, b, nb * sizeof *b);
	qsort(out, na + nb, sizeof *out, cmp_size);
	for (i = 0; i < na + nb; i++)
		if (n == 0 || out[n - 1] != out[i])
			out[n++] = out[i];
	return n;
}

/* The label of an auditor's "!" line: its own words, at most 120 bytes,
 * kept for the life of the scorer. */
static const char *flag_label(struct scorer *s, const struct notes_line *l)
{
	struct text t;
	size_t i, n;

	for (i = 0; i < s->nflags; i++)
		if (s->flags[i].line == l->line)
			return s->flags[i].text;
	if (!ak_grow(&s->flags, &s->capflags, s->nflags + 1, sizeof *s->flags))
		return "red flag noted by the auditor";
	/* the line's own words, without the records seen */
	text_init(&t);
	for (i = 0; i < l->npieces; i++) {
		const struct notes_piece *p = &s->n->pieces[l->first_piece + i];
		text_add(&t, s->n->data + p->off, p->len, p->off);
	}
	n = t.len;
	if (n > 120) {
		n = 120;
		while (n > 0 && ((unsigned char)t.s[n] & 0xC0) == 0x80)
			n--;
	}
	s->flags[s->nflags].line = l->line;
	snprintf(s->flags[s->nflags].text, sizeof s->flags[s->nflags].text, "auditor's red flag: %.*s%s",
		 (int)n, t.s ? t.s : "", n < t.len ? "..." : "");
	for (i = 0; s->flags[s->nflags].text[i]; i++)
		if (s->flags[s->nflags].text[i] == '\n')
			s->flags[s->nflags].text[i] = ' ';
	text_release(&t);
	return s->flags[s->nflags++].text;
}

/* Does notes offset off stand on a line marked "-" or "!"? */
static bool against(const struct scorer *s, size_t off)
{
	enum notes_mark m = s->line_mark[notes_line_of(s->n, off) - 1];
	return m == MARK_MINUS || m == MARK_FLAG;
}

/* Make s->cache the answer text of these lines (reused when they are the
 * same lines as last time). */
static bool prepare(struct scorer *s, const size_t *lines, size_t nlines)
{
	const struct notes *n = s->n;
	struct atext *a = &s->cache;
	size_t i, j, nd;

	if (a->valid && a->nlines == nlines && memcmp(a->lines, lines, nlines * sizeof *lines) == 0)
		return true;
	atext_release(a);
	a->gen = ++answer_gens;
	a->lines = malloc((nlines + 1) * sizeof *lines);
	if (!a->lines)
		return false;
	memcpy(a->lines, lines, nlines * sizeof *lines);
	a->nlines = nlines;
	text_init(&a->t);
	for (i = 0; i < nlines; i++) {
		const struct notes_line *l = &n->lines[lines[i]];
		/* a notes file is no place for a pasted log: an answer is
		 * scored on its first ANSWER_MAX bytes, and the auditor told */
		if (a->t.len >= s->answer_max) {
			s->truncated = true;
			break;
		}
		a->nused = i + 1;
		for (j = 0; j < l->npieces; j++) {
			const struct notes_piece *p = &n->pieces[l->first_piece + j];
			size_t len = p->len;
			size_t room = a->t.len < s->answer_max ? s->answer_max - a->t.len : 0;
			/* one enormous line is cut too, at a character boundary */
			if (len > room) {
				len = room;
				while (len > 0 && ((unsigned char)n->data[p->off + len] & 0xC0) == 0x80)
					len--;
				s->truncated = true;
			}
			text_add(&a->t, n->data + p->off, len, p->off);
			if (len < p->len)
				break;
		}
	}
	if (a->t.oom || !words_split(a->t.s ? a->t.s : "", a->t.len, &a->w))
		return false;
	nd = dates_find(a->t.s ? a->t.s : "", a->t.len, &s->interview, NULL, 0);
	a->dates = calloc(nd + 1, sizeof *a->dates);
	if (!a->dates)
		return false;
	a->ndates = dates_find(a->t.s ? a->t.s : "", a->t.len, &s->interview, a->dates, nd);
	a->word_against = calloc(a->w.n + 1, sizeof *a->word_against);
	a->date_against = calloc(a->ndates + 1, sizeof *a->date_against);
	if (!a->word_against || !a->date_against)
		return false;
	for (i = 0; i < a->w.n; i++)
		a->word_against[i] = against(s, a->t.map[a->w.v[i].off]);
	for (i = 0; i < a->ndates; i++)
		a->date_against[i] = against(s, a->t.map[a->dates[i].off]);
	{
		struct answer tmp;
		memset(&tmp, 0, sizeof tmp);
		tmp.text = &a->t;
		tmp.words = &a->w;
		if (!probe_answer_index(&tmp, &a->ix, &a->word_line))
			return false;
	}
	a->valid = true;
	return true;
}

/* Evaluate question q on the given lines (own lines and free lines,
 * sorted and without repeats). */
static bool evaluate(struct scorer *s, const struct bank_question *q, const size_t *lines,
		     size_t nlines, const size_t *own, size_t nown, struct eval *e)
{
	const struct notes *n = s->n;
	struct answer a;
	size_t i, j;
	bool hit;

	memset(e, 0, sizeof *e);
	if (!prepare(s, lines, nlines))
		return false;
	e->gen = s->cache.gen;
	e->t = s->cache.t;
	e->w = s->cache.w;
	e->dates = s->cache.dates;
	e->ndates = s->cache.ndates;
	/* the auditor's marks and records seen belong to the answer they sit
	 * in: those in free text are not spread over every question; and
	 * only lines within the scored part of an over-long answer count */
	for (i = 0; i < nown; i++) {
		const struct notes_line *l = &n->lines[own[i]];
		if (s->cache.nused < nlines && own[i] > lines[s->cache.nused ? s->cache.nused - 1 : 0])
			continue;
		if (l->mark != MARK_NONE) {
			const char *k = mark_kind(l->mark);
			size_t end = l->off + l->len;
			while (end > l->mark_off && isspace((unsigned char)n->data[end - 1]))
				end--;
			if (!add_hit(e, k, l->mark == MARK_FLAG ? flag_label(s, l) : "auditor's mark", 0,
				     l->mark_off, end - l->mark_off))
				return false;
			if (l->mark == MARK_PLUS)
				e->plus++;
			else if (l->mark == MARK_MINUS)
				e->minus++;
			else if (l->mark == MARK_FLAG)
				e->flags++;
		}
		for (j = 0; j < n->ndocs; j++)
			if (n->docs[j].off >= l->off && n->docs[j].off < l->off + l->len) {
				/* a record cited on a "-" or "!" line supports the
				 * point against: it is quoted, not counted in favour */
				bool against = l->mark == MARK_MINUS || l->mark == MARK_FLAG;
				if (!add_hit(e, "document", against ? "record seen (supports a point against)"
								    : "record seen",
					     0, n->docs[j].off, n->docs[j].len))
					return false;
				if (!against)
					e->docs++;
			}
	}
	e->any_text = e->t.len > 0 || e->plus || e->minus || e->flags || e->docs;

	for (i = 0; e->t.len && i < q->positive.n; i++) {
		if (!run_rule(s, e, q, &q->positive.v[i], "positive", &hit))
			return false;
		if (hit) {
			e->positive += q->positive.v[i].weight;
			e->rules_hit++;
		}
	}
	for (i = 0; e->t.len && i < q->negative.n; i++) {
		if (!run_rule(s, e, q, &q->negative.v[i], "negative", &hit))
			return false;
		if (hit)
			e->negative += q->negative.v[i].weight;
	}
	for (i = 0; e->t.len && i < q->red_flags.n; i++) {
		if (!run_rule(s, e, q, &q->red_flags.v[i], "red_flag", &hit))
			return false;
		if (hit)
			e->flags++;
	}
	a.text = &e->t;
	a.words = &e->w;
	a.dates = e->dates;
	a.ndates = e->ndates;
	a.word_against = s->cache.word_against;
	a.date_against = s->cache.date_against;
	a.index = s->cache.ix;
	a.word_line = s->cache.word_line;
	a.gen = s->cache.gen;
	e->probes = calloc(q->n_probes + 1, sizeof *e->probes);
	if (!e->probes)
		return false;
	for (i = 0; i < q->n_probes; i++) {
		if (!probe_run(s->probes, &q->probes[i], &a, &e->probes[i]))
			return false;
		e->nprobes++;
		if (!e->probes[i].no_records) {
			e->probes_with_records++;
			e->probes_met += e->probes[i].met;
		}
	}
	if (e->t.len)
		e->ncontra = probe_contradictions(s->probes, &a, e->contra, MAX_CONTRA);
	return true;
}

/* The score and its reason (docs/scoring.md). */
static void judge(const struct bank_question *q, struct eval *e)
{
	static const char *const level[] = {"No evidence", "Weak", "Adequate", "Strong"};
	struct ak_buf *r = &e->reason;
	bool specifics, unmet = e->probes_met < e->probes_with_records;
	size_t i;
	int cap = 3;

	(void)q;
	e->total = e->positive + 2 * e->probes_met + e->plus + (e->docs < 2 ? e->docs : 2) -
		   e->negative - e->minus - 2 * e->flags - 2 * (int)e->ncontra;
	specifics = e->probes_with_records ? !unmet : (e->rules_hit >= 2 || e->docs > 0);
	/* 0 is for no answer, or an answer with nothing in its favour; any
	 * evidence at all makes it at least weak */
	if (!e->any_text)
		e->score = 0;
	else if (e->total <= 0 && !(e->positive || e->probes_met || e->plus || e->docs))
		e->score = 0;
	else if (e->total <= 2)
		e->score = 1;
	else if (e->total <= 5)
		e->score = 2;
	else
		e->score = specifics ? 3 : 2;
	if (e->flags || e->ncontra)
		cap = 1;
	else if (unmet)
		cap = 2;
	if (e->score > cap)
		e->score = cap;

	ak_buf_printf(r, "%s", level[e->score]);
	if (!e->any_text) {
		ak_buf_adds(r, ": no answer recorded");
		return;
	}
	ak_buf_printf(r, " (%d point%s)", e->total, e->total == 1 || e->total == -1 ? "" : "s");
	{
		const char *sep = ": ";
		if (e->positive) {
			bool first = true;
			ak_buf_printf(r, "%sshows", sep);
			for (i = 0; i < e->nhits; i++) {
				size_t k;
				bool seen = false;
				if (strcmp(e->hits[i].kind, "positive") != 0)
					continue;
				for (k = 0; k < i; k++)
					if (e->hits[k].label == e->hits[i].label)
						seen = true;
				if (seen)
					continue;
				ak_buf_printf(r, "%s%s", first ? " " : ", ", e->hits[i].label);
				first = false;
			}
			sep = "; ";
		}
		for (i = 0; i < e->nprobes; i++) {
			const struct probe_result *p = &e->probes[i];
			if (p->no_records)
				continue;
			ak_buf_printf(r, "%s%s %s: %zu of %zu named, %d expected", sep,
				      p->met ? "met" : "not met", p->label, p->nfound, p->nfound + p->nmissing,
				      p->min);
			sep = "; ";
		}
		if (e->negative) {
			bool first = true;
			ak_buf_printf(r, "%sagainst:", sep);
			for (i = 0; i < e->nhits; i++) {
				size_t k;
				bool seen = false;
				if (strcmp(e->hits[i].kind, "negative") != 0)
					continue;
				for (k = 0; k < i; k++)
					if (e->hits[k].label == e->hits[i].label)
						seen = true;
				if (!seen) {
					ak_buf_printf(r, "%s%s", first ? " " : ", ", e->hits[i].label);
					first = false;
				}
			}
			sep = "; ";
		}
		for (i = 0; i < e->nhits; i++) {
			size_t k;
			bool seen = false;
			if (strcmp(e->hits[i].kind, "red_flag") != 0 && strcmp(e->hits[i].kind, "mark_flag") != 0)
				continue;
			for (k = 0; k < i; k++)
				if (e->hits[k].label == e->hits[i].label)
					seen = true;
			if (!seen) {
				ak_buf_printf(r, "%sred flag: %s", sep, e->hits[i].label);
				sep = "; ";
			}
		}
		for (i = 0; i < e->ncontra; i++) {
			ak_buf_printf(r, "%scontradicts the records on %s", sep, e->contra[i].topic);
			sep = "; ";
		}
		if (e->docs) {
			ak_buf_printf(r, "%s%d record%s seen", sep, e->docs, e->docs == 1 ? "" : "s");
			sep = "; ";
		}
		if (e->plus || e->minus)
			ak_buf_printf(r, "%sauditor's marks: %d +, %d -", sep, e->plus, e->minus);
	}
	if (e->score < 3 && e->score == cap && e->total > 5)
		ak_buf_printf(r, " (capped at %d by %s)", cap,
			      cap == 1 ? (e->flags ? "a red flag" : "a contradiction") : "an unmet probe");
}

/* ======================================================================
 * Output
 * ====================================================================== */

static json_t *jstr(const char *s) { return s ? json_string(s) : json_null(); }

/* A quoted span of the notes: {quote, offset, line, context}. */
static json_t *span_json(const struct notes *n, size_t off, size_t len)
{
	char ctx[256];
	json_t *o = json_object();

	notes_context(n, off, ctx, sizeof ctx);
	json_object_set_new(o, "quote", json_stringn(n->data + off, len));
	json_object_set_new(o, "offset", json_integer((json_int_t)off));
	json_object_set_new(o, "line", json_integer(notes_line_of(n, off)));
	json_object_set_new(o, "context", json_string(ctx));
	return o;
}

static int cmp_hit(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return strcmp(x->kind, y->kind);
}

static json_t *question_json(struct scorer *s, const struct bank_question *q, enum source src,
			     struct eval *e)
{
	const struct bank *b = s->o->bank;
	json_t *o = json_object(), *ev = json_array(), *pr = json_array(), *co = json_array();
	const char *req = q->item ? bank_item_text(b, q->clause, q->item) : bank_clause_title(b, q->clause);
	size_t i, j;

	json_object_set_new(o, "id", json_string(q->id));
	json_object_set_new(o, "clause", json_string(q->clause));
	json_object_set_new(o, "item", jstr(q->item));
	json_object_set_new(o, "requirement", jstr(req));
	json_object_set_new(o, "question", json_string(q->question));
	json_object_set_new(o, "answered_by", json_string(source_names[src]));
	json_object_set_new(o, "score", json_integer(e->score));
	json_object_set_new(o, "reason", json_string(ak_buf_str(&e->reason)));
	json_object_set_new(o, "points",
			    json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i}", "positive",
				      e->positive, "negative", e->negative, "red_flags", e->flags,
				      "contradictions", (int)e->ncontra, "probes_met", e->probes_met,
				      "probes", e->probes_with_records, "plus_marks", e->plus,
				      "minus_marks", e->minus, "documents", e->docs, "total", e->total));
	if (e->nhits) /* hits is NULL when there are none */
		qsort(e->hits, e->nhits, sizeof *e->hits, cmp_hit);
	for (i = 0; i < e->nhits; i++) {
		const struct hit *h = &e->hits[i];
		json_t *x = span_json(s->n, h->off, h->len), *y = json_object();
		json_object_set_new(y, "kind", json_string(h->kind));
		json_object_set_new(y, "label", json_string(h->label));
		json_object_set_new(y, "weight", json_integer(h->weight));
		json_object_set(y, "quote", json_object_get(x, "quote"));
		json_object_set_new(y, "offset", json_integer((json_int_t)h->off));
		json_object_set_new(y, "length", json_integer((json_int_t)h->len));
		json_object_set(y, "line", json_object_get(x, "line"));
		json_object_set(y, "context", json_object_get(x, "context"));
		json_decref(x);
		json_array_append_new(ev, y);
	}
	json_object_set_new(o, "evidence", ev);
	for (i = 0; i < e->nprobes; i++) {
		const struct probe_result *p = &e->probes[i];
		json_t *fo = json_array(), *mi = json_array(), *x;
		for (j = 0; j < p->nfound; j++) {
			size_t off, len;
			to_notes(s->n, &e->t, p->found[j].off, p->found[j].len, &off, &len);
			x = span_json(s->n, off, len);
			json_object_set_new(x, "fact", json_string(p->found[j].fact));
			json_array_append_new(fo, x);
		}
		for (j = 0; j < p->nmissing; j++)
			json_array_append_new(mi, json_string(p->missing[j]));
		json_array_append_new(pr, json_pack("{s:s, s:s, s:i, s:b, s:b, s:o, s:o}", "probe",
						    bank_probe_name(p->kind), "label", p->label, "min",
						    p->min, "met", p->met, "records", !p->no_records,
						    "found", fo, "missing", mi));
	}
	json_object_set_new(o, "probes", pr);
	for (i = 0; i < e->ncontra; i++) {
		size_t off, len;
		to_notes(s->n, &e->t, e->contra[i].off, e->contra[i].len, &off, &len);
		json_array_append_new(co, json_pack("{s:s, s:o, s:s, s:s}", "topic", e->contra[i].topic,
						    "said", span_json(s->n, off, len), "record",
						    e->contra[i].record, "explanation",
						    e->contra[i].explanation));
	}
	json_object_set_new(o, "contradictions", co);
	return o;
}

/* ======================================================================
 * Entry point
 * ====================================================================== */

static bool meta_ok(struct scorer *s)
{
	const struct notes *n = s->n;
	const struct score_opts *o = s->o;
	int line = n->meta.line ? n->meta.line : 1;
	bool ok = true;

	s->interviewee = o->interviewee ? o->interviewee : n->meta.interviewee;
	s->role_name = o->role ? o->role : n->meta.role;
	s->date = o->date ? o->date : n->meta.date;
	s->auditor = o->auditor ? o->auditor : n->meta.auditor;
	s->audit = o->audit ? o->audit : n->meta.audit;
	if (!s->interviewee || !*s->interviewee) {
		ak_diags_add(s->d, n->path, line, 0,
			     "the notes do not say who was interviewed: add 'interviewee:' to the front "
			     "matter, or give --interviewee");
		ok = false;
	}
	if (!s->role_name || !*s->role_name) {
		ak_diags_add(s->d, n->path, line, 0,
			     "the notes do not give the interviewee's role: add 'role:' (ceo, cfo, ...) "
			     "to the front matter, or give --role");
		ok = false;
	} else if (!bank_role_parse(s->role_name, &s->role)) {
		ak_diags_add(s->d, n->path, line, 0,
			     "unknown role '%s' (ceo, board, cfo, coo, ciso, cio, dept-head, isms-manager)",
			     s->role_name);
		ok = false;
	}
	if (!s->date || !*s->date) {
		ak_diags_add(s->d, n->path, line, 0,
			     "the notes do not give the interview date: add 'date: YYYY-MM-DD' to the "
			     "front matter, or give --date");
		ok = false;
	} else if (!date_parse_iso(s->date, &s->interview)) {
		ak_diags_add(s->d, n->path, line, 0, "the interview date '%s' is not YYYY-MM-DD", s->date);
		ok = false;
	}
	if (s->audit && *s->audit) {
		s->has_audit = bank_audit_parse(s->audit, &s->audit_kind);
		if (!s->has_audit) {
			ak_diags_add(s->d, n->path, line, 0,
				     "unknown audit type '%s' (stage1, stage2, surveillance, recertification, internal)",
				     s->audit);
			ok = false;
		}
	}
	return ok;
}

/* Free text answers a question only where the question's own patterns
 * find something in it; a name or a date alone does not make an answer. */
static bool free_hits(const struct eval *e)
{
	/* negative patterns ("not sure") and red flags are general: on their
	 * own they cannot tie free text to a question */
	return e->positive > 0;
}

/* Is another wording of question k's group answered in its own right? */
static bool group_answered(const struct scorer *s, size_t k)
{
	const struct bank *b = s->o->bank;
	size_t g;

	for (g = 0; g < bank_nquestions(b); g++)
		if (g != k && s->q[g].nown && strcmp(bank_question(b, g)->group, bank_question(b, k)->group) == 0)
			return true;
	return false;
}

ak_err score_notes(const struct score_opts *o, const struct notes *n, const char *notes_sha256,
		   json_t **out, struct ak_diags *d)
{
	const struct bank *b = o->bank;
	struct scorer s;
	json_t *root = NULL, *qs = NULL, *reqs = NULL, *fs = NULL;
	size_t *lines = NULL, k, before = d->n;
	ak_err err = AK_OK;
	static const char *const kinds[] = {"markdown", "text", "webvtt", "srt"};

	memset(&s, 0, sizeof s);
	s.o = o;
	s.n = n;
	s.d = d;
	s.answer_max = ANSWER_MAX;
	*out = NULL;
	if (!meta_ok(&s))
		return AK_ERR_DATA;
	s.q = calloc(bank_nquestions(b) + 1, sizeof *s.q);
	s.mctx = pcre2_match_context_create(NULL);
	s.md = pcre2_match_data_create(64, NULL);
	s.probes = o->probes;
	if (s.probes && !probe_ctx_interview(s.probes, &s.interview, s.interviewee))
		s.probes = NULL;
	s.line_mark = calloc(n->nline_starts + 1, sizeof *s.line_mark);
	s.memo = calloc(MEMO_SLOTS, sizeof *s.memo);
	if (!s.q || !s.mctx || !s.md || !s.probes || !s.line_mark || !s.memo) {
		err = AK_ERR_NOMEM;
		goto out;
	}
	for (k = 0; k < n->nlines; k++)
		s.line_mark[n->lines[k].line - 1] = n->lines[k].mark;
	/* a pattern that backtracks without end stops with an error, never
	 * hangs the auditor's afternoon */
	pcre2_set_match_limit(s.mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(s.mctx, DEPTH_LIMIT);
	if (!score_find_answers(&s)) {
		err = AK_ERR_NOMEM;
		goto out;
	}
	qs = json_array();
	for (k = 0; k < bank_nquestions(b); k++) {
		const struct bank_question *q = bank_question(b, k);
		struct qlines *ql = &s.q[k];
		struct eval e;
		size_t nl;
		if (ql->nown == 0 && (s.nfree == 0 || !score_suits(&s, q) || group_answered(&s, k)))
			continue;
		if (o->script_ids && !score_suits(&s, q))
			continue; /* --script: its questions only, whatever else the notes answer */
		lines = realloc(lines, (ql->nown + s.nfree + 1) * sizeof *lines);
		if (!lines) {
			err = AK_ERR_NOMEM;
			goto out;
		}
		nl = merge_lines(ql->own, ql->nown, s.free_lines, s.nfree, lines);
		if (!evaluate(&s, q, lines, nl, ql->own, ql->nown, &e)) {
			eval_release(&e);
			err = s.failed ? AK_ERR_DATA : AK_ERR_NOMEM;
			goto out;
		}
		if (ql->nown == 0 && !free_hits(&e)) {
			eval_release(&e);
			continue;
		}
		judge(q, &e);
		json_array_append_new(qs, question_json(&s, q, ql->nown ? ql->src : SRC_FREE, &e));
		eval_release(&e);
	}
	{
		/* every answer line: for knowledge shown anywhere */
		size_t *all = malloc((s.nfree + 1) * sizeof *all), nall = 0, cap = s.nfree + 1;
		struct atext keep;
		if (!all) {
			err = AK_ERR_NOMEM;
			goto out;
		}
		for (k = 0; k < s.nfree; k++)
			all[nall++] = s.free_lines[k];
		for (k = 0; k < bank_nquestions(b); k++) {
			size_t j;
			for (j = 0; j < s.q[k].nown; j++)
				if (!score_push(&all, &nall, &cap, s.q[k].own[j])) {
					free(all);
					err = AK_ERR_NOMEM;
					goto out;
				}
		}
		lines = realloc(lines, (nall + 1) * sizeof *lines);
		if (!lines) {
			free(all);
			err = AK_ERR_NOMEM;
			goto out;
		}
		nall = merge_lines(all, nall, NULL, 0, lines);
		free(all);
		keep = s.cache;
		memset(&s.cache, 0, sizeof s.cache);
		s.answer_max = WHOLE_MAX;
		if (!prepare(&s, lines, nall)) {
			s.whole = s.cache;
			s.cache = keep;
			err = AK_ERR_NOMEM;
			goto out;
		}
		s.whole = s.cache;
		s.cache = keep;
	}
	if (s.truncated)
		ak_warn("'%s': an answer longer than %u KiB was scored on its first %u KiB", n->path,
			ANSWER_MAX >> 10, ANSWER_MAX >> 10);
	reqs = json_array();
	fs = json_array();
	score_requirements(&s, qs, reqs, fs);
	if (s.oom) {
		err = AK_ERR_NOMEM;
		goto out;
	}

	root = json_object();
	json_object_set_new(root, "format", json_string(SCORED_FORMAT));
	json_object_set_new(root, "generator", json_string("auditkit " AK_VERSION));
	json_object_set_new(root, "notes", json_pack("{s:s, s:s, s:s}", "file", n->path, "sha256",
						     notes_sha256, "kind", kinds[n->kind]));
	json_object_set_new(root, "interviewee", jstr(s.interviewee));
	json_object_set_new(root, "role", jstr(s.role_name));
	json_object_set_new(root, "date", jstr(s.date));
	json_object_set_new(root, "auditor", jstr(s.auditor));
	json_object_set_new(root, "audit", jstr(s.audit));
	json_object_set_new(root, "organisation",
			    jstr(n->meta.organisation ? n->meta.organisation : facts_org_name(o->facts)));
	json_object_set_new(root, "bank", json_pack("{s:s, s:s, s:s}", "id", bank_id(b), "version",
						    bank_version(b), "standard", bank_standard(b)));
	json_object_set_new(root, "facts", json_pack("{s:s, s:s}", "file", o->facts_file, "sha256",
						     o->facts_sha256));
	json_object_set_new(root, "questions", qs);
	json_object_set_new(root, "requirements", reqs);
	json_object_set_new(root, "proposed_findings", fs);
	qs = reqs = fs = NULL;
	*out = root;
out:
	json_decref(qs);
	json_decref(reqs);
	json_decref(fs);
	free(lines);
	for (k = 0; s.q && k < bank_nquestions(b); k++)
		free(s.q[k].own);
	free(s.q);
	free(s.free_lines);
	atext_release(&s.cache);
	atext_release(&s.whole);
	free(s.flags);
	free(s.line_mark);
	free(s.memo);
	pcre2_match_data_free(s.md);
	pcre2_match_context_free(s.mctx);
	if (!err && d->n > before)
		err = AK_ERR_DATA;
	return err;
}
