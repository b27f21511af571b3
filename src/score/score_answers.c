/* score_answers.c: which questions the notes answer, and with which lines
 * (docs/scoring.md, section 1): question and clause sections, free text,
 * and the auditor's turns of a transcript matched to the questions. */
#define _GNU_SOURCE /* strcasestr */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "interview/plan.h"
#include "score/score_int.h"
#include "core/util.h"

/* ======================================================================
 * Finding the answers
 * ====================================================================== */

bool score_push(size_t **v, size_t *n, size_t *cap, size_t x)
{
	if (!ak_grow(v, cap, *n + 1, sizeof **v))
		return false;
	(*v)[(*n)++] = x;
	return true;
}

bool score_suits(const struct scorer *s, const struct bank_question *q)
{
	size_t i;

	if (s->o->script_ids) {
		for (i = 0; i < s->o->nscript; i++)
			if (strcmp(s->o->script_ids[i], q->id) == 0)
				return true;
		return false;
	}
	if (!(q->roles & (1u << s->role)))
		return false;
	return !s->has_audit || (q->audits & (1u << s->audit_kind));
}

/* A heading names a question ("5.1a-tell: ..."), a clause item ("5.1 c",
 * "5.1c") or nothing we know (free text). */
static void classify(const struct bank *b, const char *heading, const struct bank_question **q,
		     struct plan_filter *f, bool *is_clause)
{
	char tok[64], two[80];
	size_t k = 0;
	const char *p = heading, *next;

	*q = NULL;
	*is_clause = false;
	while (*p && !isspace((unsigned char)*p) && *p != ':' && k < sizeof tok - 1)
		tok[k++] = *p++;
	tok[k] = '\0';
	if ((*q = bank_find(b, tok)))
		return;
	next = p;
	while (*next == ' ')
		next++;
	snprintf(two, sizeof two, "%s", tok);
	if (islower((unsigned char)next[0]) && (next[1] == '\0' || isspace((unsigned char)next[1]) ||
						next[1] == ':' || next[1] == ')'))
		snprintf(two, sizeof two, "%s %c", tok, next[0]);
	if ((plan_filter_parse(two, f) || plan_filter_parse(tok, f)) &&
	    bank_clause_title(b, f->clause)) {
		if (f->item[0] && !bank_item_text(b, f->clause, f->item))
			return;
		*is_clause = true;
	}
}

static bool add_lines(struct scorer *s, struct qlines *ql, const struct notes_section *sec,
		      enum source src)
{
	size_t i;

	for (i = 0; i < sec->nlines; i++)
		if (!score_push(&ql->own, &ql->nown, &ql->capown, sec->first_line + i))
			return false;
	if (src > ql->src)
		ql->src = src;
	return true;
}

/* Content-word stems of a text, for matching transcript turns. */
static size_t stems_of(const char *s, size_t len, char (*out)[48], size_t max)
{
	struct words w = {NULL, 0, 0};
	size_t i, n = 0;

	if (!words_split(s, len, &w))
		return 0;
	for (i = 0; i < w.n && n < max; i++)
		if (!w.v[i].is_num && strlen(w.v[i].w) > 2 && !text_stopword(w.v[i].w))
			memcpy(out[n++], w.v[i].stem, 48);
	words_release(&w);
	return n;
}

static double overlap(char (*a)[48], size_t na, char (*b)[48], size_t nb)
{
	size_t i, j, both = 0;

	for (i = 0; i < na; i++)
		for (j = 0; j < nb; j++)
			if (strcmp(a[i], b[j]) == 0) {
				both++;
				break;
			}
	return na + nb - both ? (double)both / (double)(na + nb - both) : 0;
}

/* A transcript: the auditor's turns are matched to the questions by the
 * overlap of their content words (Jaccard); the turns that follow are the
 * answer. A turn that matches no question well (a follow-up) keeps the
 * question before it. */
static bool assign_transcript(struct scorer *s)
{
	const struct notes *n = s->n;
	const char *auditor = NULL;
	size_t i, j, best_q = SIZE_MAX;
	int most = -1;

	/* the auditor: named in the front matter, else whoever asks most */
	for (i = 0; i < n->nsections; i++) {
		const char *sp = n->sections[i].heading;
		if (s->auditor && (strcasecmp(sp, s->auditor) == 0 || strcasestr(s->auditor, sp) ||
				   strcasestr(sp, s->auditor)))
			auditor = sp;
	}
	if (!auditor) {
		for (i = 0; i < n->nsections; i++) {
			int q = 0;
			const char *sp = n->sections[i].heading;
			for (j = 0; j < n->nsections; j++) {
				size_t k;
				if (strcmp(n->sections[j].heading, sp) != 0)
					continue;
				for (k = 0; k < n->sections[j].nlines; k++) {
					const struct notes_line *l = &n->lines[n->sections[j].first_line + k];
					q += memchr(n->data + l->off, '?', l->len) != NULL;
				}
			}
			if (q > most) {
				most = q;
				auditor = sp;
			}
		}
	}
	for (i = 0; i < n->nsections; i++) {
		const struct notes_section *sec = &n->sections[i];
		if (auditor && strcmp(sec->heading, auditor) == 0) {
			char turn[256][48], qs[256][48];
			struct ak_buf t = AK_BUF_INIT;
			size_t nt, k;
			double best = 0.25; /* below this a turn is a follow-up */
			for (k = 0; k < sec->nlines; k++) {
				const struct notes_line *l = &n->lines[sec->first_line + k];
				ak_buf_add(&t, n->data + l->off, l->len);
				ak_buf_addc(&t, ' ');
			}
			nt = stems_of(ak_buf_str(&t), t.len, turn, 256);
			ak_buf_release(&t);
			for (k = 0; k < bank_nquestions(s->o->bank); k++) {
				const struct bank_question *q = bank_question(s->o->bank, k);
				size_t nq;
				double o;
				if (!score_suits(s, q))
					continue;
				nq = stems_of(q->question, strlen(q->question), qs, 256);
				o = overlap(turn, nt, qs, nq);
				if (o > best) {
					best = o;
					best_q = k;
				}
			}
			continue;
		}
		if (best_q == SIZE_MAX) {
			for (j = 0; j < sec->nlines; j++)
				if (!score_push(&s->free_lines, &s->nfree, &s->capfree, sec->first_line + j))
					return false;
		} else if (!add_lines(s, &s->q[best_q], sec, SRC_TRANSCRIPT)) {
			return false;
		}
	}
	return true;
}

bool score_find_answers(struct scorer *s)
{
	const struct bank *b = s->o->bank;
	size_t i, k;

	if (s->n->kind == NOTES_WEBVTT || s->n->kind == NOTES_SRT)
		return assign_transcript(s);
	for (i = 0; i < s->n->nsections; i++) {
		const struct notes_section *sec = &s->n->sections[i];
		const struct bank_question *q = NULL;
		struct plan_filter f;
		bool clause = false;

		if (sec->kind == SEC_HEADING)
			classify(b, sec->heading, &q, &f, &clause);
		if (q) {
			if (!add_lines(s, &s->q[q - bank_question(b, 0)], sec, SRC_SECTION))
				return false;
		} else if (clause) {
			for (k = 0; k < bank_nquestions(b); k++) {
				const struct bank_question *x = bank_question(b, k);
				size_t g;
				bool taken = false;
				if (strcmp(x->clause, f.clause) != 0 || !score_suits(s, x))
					continue;
				if (f.item[0] && (!x->item || strcmp(x->item, f.item) != 0))
					continue;
				/* interchangeable wordings are one question: the
				 * first of the group answers for it */
				for (g = 0; g < k; g++)
					if (strcmp(bank_question(b, g)->group, x->group) == 0 &&
					    s->q[g].nown && score_suits(s, bank_question(b, g)))
						taken = true;
				if (taken)
					continue;
				if (!add_lines(s, &s->q[k], sec, SRC_CLAUSE))
					return false;
			}
		} else {
			for (k = 0; k < sec->nlines; k++)
				if (!score_push(&s->free_lines, &s->nfree, &s->capfree, sec->first_line + k))
					return false;
		}
	}
	return true;
}

