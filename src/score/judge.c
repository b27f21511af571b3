/* judge.c: from statements to evidence, and from evidence to a score
 * (docs/scoring.md, "Evidence" and "The decision table").
 *
 * Each statement that speaks to a topic is one piece of evidence on it, of
 * one class: in favour (general or specific), what someone else does,
 * an intention, against, a hand-off, or the auditor's red flag. The class
 * comes from the auditor's mark where there is one (a judgement made on the
 * spot outranks any rule), else from the assertion status of the words that
 * speak to the topic: a hypothetical or a negated mention is never
 * evidence in favour, and a hand-off is a delegation only where the same
 * statement says nothing first-hand beside it.
 *
 * The records are then held against the whole interview at once (knowledge
 * shown anywhere is knowledge): the probes, with every word in a negated,
 * hypothetical or intended scope, or on a line the auditor marked against,
 * unable to name a record; and the contradictions, each put on the one
 * requirement its fact belongs to. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"
#include "score/score_int.h"

static const char *const class_names[] = {"none",     "general",  "specific",   "reported",
					  "intention", "negative", "delegation", "red_flag"};

const char *ev_class_name(enum ev_class c) { return class_names[c]; }

/* ======================================================================
 * Cues of one statement
 * ====================================================================== */

static bool cue_match(struct scorer *s, enum ctx_cue k, const char *t, size_t len, size_t start,
		      size_t *off)
{
	const pcre2_code *re = ctx_rules_cue(s->env->rules, k);
	int rc;

	if (!re)
		return false;
	rc = pcre2_match(re, (PCRE2_SPTR)t, len, start, 0, s->env->md, s->env->mc);
	if (rc < 0)
		return false;
	if (off)
		*off = pcre2_get_ovector_pointer(s->env->md)[0];
	return true;
}

/* Is byte i of t inside double quotes? */
static bool in_quotes(const char *t, size_t i)
{
	size_t k, q = 0;

	for (k = 0; k < i; k++)
		if (t[k] == '"')
			q++;
	return q % 2 == 1;
}

/* Does the statement name the interviewee: own names, initials? */
static bool names_self(const struct scorer *s, const struct words *w)
{
	size_t i, k;

	for (i = 0; i < w->n; i++)
		for (k = 0; k < s->nself; k++)
			if (strcasecmp(w->v[i].w, s->self[k]) == 0)
				return true;
	return false;
}

/* The people the records name who are not the interviewee: a statement
 * that opens with one of them is about someone else. */
static bool opens_with_other(const struct scorer *s, const struct stmt *st, const struct words *w)
{
	size_t i, k, n;
	const struct facts *f = s->env->facts;

	if (cue_match((struct scorer *)s, CUE_OTHER_START, st->t.s, st->t.len, 0, NULL))
		return true;
	if (!w->n || !f)
		return false;
	/* the first word (or the first after "Says"/"Said") as a first or
	 * last name of someone in the records */
	i = 0;
	if (w->n > 1 && (strcmp(w->v[0].w, "says") == 0 || strcmp(w->v[0].w, "said") == 0))
		i = 1;
	for (k = 0, n = facts_nroles(f); k < n; k++) {
		const char *name = facts_role(f, k)->name;
		const char *sp;
		size_t l;
		if (!name || !*name)
			continue;
		sp = strchr(name, ' ');
		l = sp ? (size_t)(sp - name) : strlen(name);
		if ((strlen(w->v[i].w) == l && strncasecmp(w->v[i].w, name, l) == 0) ||
		    (sp && strcasecmp(w->v[i].w, sp + 1) == 0)) {
			size_t j;
			for (j = 0; j < s->nself; j++)
				if (strcasecmp(w->v[i].w, s->self[j]) == 0)
					return false;
			return true;
		}
	}
	/* initials of someone else: "JH = ISMS owner", "TB runs it" */
	if (w->v[i].acronym && strlen(w->v[i].w) == 2 && i == 0) {
		for (k = 0; k < s->nself; k++)
			if (strcasecmp(w->v[i].w, s->self[k]) == 0)
				return false;
		for (k = 0, n = facts_nroles(f); k < n; k++) {
			const char *name = facts_role(f, k)->name, *sp;
			if (!name || !(sp = strchr(name, ' ')))
				continue;
			if (tolower((unsigned char)name[0]) == w->v[i].w[0] &&
			    tolower((unsigned char)sp[1]) == w->v[i].w[1])
				return true;
		}
	}
	return false;
}

/* Who is speaking of whom, and how specifically. */
static void describe(struct scorer *s, size_t i)
{
	const struct stmt *st = &s->st.v[i];
	struct sinfo *si = &s->si[i];
	const char *t = st->t.s;
	size_t off = 0, start = 0, k;
	bool first = false;

	si->quoted = memchr(t, '"', st->t.len) != NULL;
	/* first person: the interviewee's own words (a transcript, or a
	 * quote in the notes); outside quotes in notes it is the auditor */
	while (start < st->t.len && cue_match(s, CUE_FIRST_PERSON, t, st->t.len, start, &off)) {
		if (st->speaker == SP_INTERVIEWEE || in_quotes(t, off) || st->kind == ST_CELL) {
			first = true;
			break;
		}
		start = off + 1;
	}
	si->self = first || names_self(s, &si->w) ||
		   (st->speaker == SP_NOTES && cue_match(s, CUE_THIRD_PERSON, t, st->t.len, 0, NULL));
	si->other = !si->self && opens_with_other(s, st, &si->w);
	si->specific = cue_match(s, CUE_SPECIFICS, t, st->t.len, 0, NULL);
	si->confines = cue_match(s, CUE_CONFINES, t, st->t.len, 0, NULL);
	for (k = 0; !si->specific && k < si->w.n; k++) {
		const struct word *w = &si->w.v[k];
		unsigned char c0 = (unsigned char)t[w->off];
		if (w->is_num)
			si->specific = true;
		/* a name, a system, a place: a capital inside the statement,
		 * not after a full stop or a quote, and not "I" */
		else if (k > 0 && c0 >= 'A' && c0 <= 'Z' && w->len > 1 && !w->acronym && w->off >= 2 &&
			 !strchr(".!?\"", t[w->off - 2]) && t[w->off - 1] == ' ')
			si->specific = true; /* not an acronym: "part of our DNA" names nothing */
	}
	for (k = 0; k < s->n->ndocs; k++)
		if (s->n->docs[k].line == st->line)
			si->docs++;
	si->auditor = s->sec_skip[st->section] ||
		      (st->speaker == SP_NOTES && cue_match(s, CUE_AUDITOR_ACTION, t, st->t.len, 0, NULL));
}

/* ======================================================================
 * The class of a statement's evidence on one topic
 * ====================================================================== */

/* Is there a first-person word outside every delegation scope (and not
 * negated)? "Jonas runs it day to day, but I go through his report". */
static bool first_hand_beside(struct scorer *s, size_t i)
{
	const struct stmt *st = &s->st.v[i];

	return ctx_first_hand(s->env->m, st->t.s, st->t.len, &s->si[i].ctx);
}

/* Is every negated word of the topic's spans a term whose absence is good
 * news ("no incidents", "no breach")? */
static bool negates_bad_news(struct scorer *s, size_t i, const struct topic_hit *h)
{
	const struct sinfo *si = &s->si[i];
	size_t k, j;
	bool any = false;

	for (k = 0; k < si->w.n; k++) {
		const struct word *w = &si->w.v[k];
		if (!(ctx_covering(&si->ctx, w->off, w->off + w->len, NULL) & CTX_NEGATED))
			continue;
		if (ctx_negative_term(s->env->rules, w->w, strlen(w->w)))
			any = true;
	}
	(void)j;
	(void)h;
	return any;
}

/* Whose is the negation? "Did not know", "Not aware", "She could not say",
 * "Version: dk" deny the interviewee's knowing or doing; "Gareth wasn't
 * there", "the agents didn't like it", "no executives in the room" deny
 * something of someone or something else, and are no evidence against the
 * interviewee. The subject is the word before the trigger, past
 * auxiliaries and adverbs, within its clause. */
static bool negation_is_self(const struct scorer *s, size_t i, const struct ctx_trigger *t)
{
	static const char *const skip[] = {"had",    "has",     "have",  "was",    "is",     "were",
					   "are",    "really",  "just",  "still",  "also",   "simply",
					   "honestly", "actually", "even", "genuinely", "said", "says",
					   "admitted", "frankly", "then", "so", "and", "but", "already"};
	static const char *const self_words[] = {"i", "we", "she", "he", "i'd", "we'd", "i'm", "we're"};
	const struct stmt *st = &s->st.v[i];
	const struct ctx_rule *ru = ctx_rules_get(s->env->rules, t->rule);
	const char *x = st->t.s;
	size_t e = t->off, k;

	if (ru->dir == CD_BACKWARD)
		return true; /* "Version not known": the auditor's note of what was not known */
	for (;;) {
		size_t b;
		char w[32];
		while (e > 0 && x[e - 1] == ' ')
			e--;
		if (e == 0 || strchr(":;(-\"", x[e - 1]))
			/* "Did not know", "Objectives: not named": the auditor's
			 * note of the interviewee; in the interviewee's own speech
			 * a sentence that opens "Nobody reads..." is a view of the
			 * world, and only "No idea", "Not sure" a denial of knowing */
			return st->speaker != SP_INTERVIEWEE || ru->governs;
		if (strchr(",.!?", x[e - 1]))
			/* a new clause opens with the denial: of the interviewee's
			 * knowing or doing ("..., could not say which") it is; a
			 * "no" or "without" there denies something else ("...,
			 * without names") */
			return ru->governs;
		b = e;
		while (b > 0 && x[b - 1] != ' ' && !strchr(":;(\",.!?", x[b - 1]))
			b--;
		if (e - b >= sizeof w)
			return false;
		for (k = 0; k < e - b; k++)
			w[k] = (char)tolower((unsigned char)x[b + k]);
		w[e - b] = '\0';
		for (k = 0; k < sizeof skip / sizeof *skip; k++)
			if (strcmp(w, skip[k]) == 0)
				break;
		if (k < sizeof skip / sizeof *skip) {
			e = b;
			continue;
		}
		for (k = 0; k < sizeof self_words / sizeof *self_words; k++)
			if (strcmp(w, self_words[k]) == 0)
				return true;
		for (k = 0; k < s->nself; k++)
			if (strcasecmp(w, s->self[k]) == 0)
				return true;
		return false;
	}
}

static size_t first_trigger(const struct ctx_result *r, unsigned cat)
{
	size_t k;

	for (k = 0; k < r->n; k++)
		if (r->v[k].cat == cat)
			return k;
	return SIZE_MAX;
}

static bool add_evidence(struct scorer *s, size_t stmt, size_t topic, enum ev_class cls, unsigned mods,
			 const char *why, size_t cue, bool prior)
{
	struct evidence *e;

	if (!ak_grow(&s->ev, &s->capev, s->nev + 1, sizeof *s->ev))
		return false;
	e = &s->ev[s->nev++];
	e->stmt = stmt;
	e->topic = topic;
	e->cls = cls;
	e->mods = mods;
	e->why = why;
	e->cue = cue;
	e->prior = prior;
	return true;
}

static bool classify(struct scorer *s, size_t i, const struct topic_hit *h)
{
	const struct stmt *st = &s->st.v[i];
	const struct sinfo *si = &s->si[i];
	const struct ctx_result *r = &si->ctx;
	unsigned cov = 0;
	size_t k, trig[CTX_NCATS];
	bool duty = bank_topic(s->env->bank, h->topic)->duty;
	bool deleg = (r->cats & CTX_DELEGATION) != 0;

	if (st->question || st->speaker == SP_AUDITOR || st->speaker == SP_OTHER || si->auditor)
		return true;
	if (st->record)
		/* what the auditor checked, not what was said: it supports the
		 * row's point, it is no point of its own */
		return add_evidence(s, i, h->topic, EV_NONE, 0, "a record the auditor saw", SIZE_MAX,
				    h->prior);
	switch (st->mark) {
	case MARK_PLUS:
		return add_evidence(s, i, h->topic, si->specific || si->docs ? EV_SPECIFIC : EV_GENERAL, 0,
				    "the auditor marked it +", SIZE_MAX, h->prior);
	case MARK_MINUS:
		if (deleg)
			return add_evidence(s, i, h->topic, EV_DELEGATION, CTX_DELEGATION,
					    "the auditor marked it -, a hand-off",
					    first_trigger(r, CTX_DELEGATION), h->prior);
		return add_evidence(s, i, h->topic, EV_NEGATIVE, 0, "the auditor marked it -", SIZE_MAX,
				    h->prior);
	case MARK_FLAG:
		return add_evidence(s, i, h->topic, EV_FLAG, deleg ? CTX_DELEGATION : 0,
				    "the auditor's red flag", deleg ? first_trigger(r, CTX_DELEGATION) : SIZE_MAX,
				    h->prior);
	case MARK_UNCLEAR:
		/* unclear, to follow up: the auditor has not judged it, the
		 * words speak for themselves */
	default:
		break;
	}
	/* read off a card, or said only once prompted: on a requirement of
	 * knowledge that is not knowing it; a duty is shown by what is done,
	 * and reading about it neither shows nor denies that */
	if (r->cats & CTX_PROMPTED) {
		/* a duty whose gaps weigh double rests on knowing (the policy,
		 * the resources, whether the objectives are met) */
		bool knows = !duty || bank_topic(s->env->bank, h->topic)->gaps > 1;
		return add_evidence(s, i, h->topic, knows ? EV_NEGATIVE : EV_NONE, CTX_PROMPTED,
				    knows ? "read out or prompted: not known without help"
					  : "read out or prompted: not evidence either way",
				    first_trigger(r, CTX_PROMPTED), h->prior);
	}
	for (k = 0; k < CTX_NCATS; k++)
		trig[k] = SIZE_MAX;
	if (h->nspans) {
		for (k = 0; k < h->nspans; k++) {
			size_t t5[CTX_NCATS], j;
			cov |= ctx_covering(r, h->span[k][0], h->span[k][1], t5);
			for (j = 0; j < CTX_NCATS; j++)
				if (trig[j] == SIZE_MAX)
					trig[j] = t5[j];
		}
	} else {
		/* a topic from the heading or the context: the statement's own
		 * status stands for it */
		cov = r->cats & ~(unsigned)CTX_DELEGATION;
		for (k = 0; k < CTX_NCATS; k++)
			trig[k] = first_trigger(r, 1u << k);
	}
	/* a hand-off inside a condition is a habit ("if Kelly needs
	 * something she goes to Sunita"): a hand-off all the same */
	if (deleg && (cov & CTX_HYPOTHETICAL) && !first_hand_beside(s, i))
		return add_evidence(s, i, h->topic, EV_DELEGATION, cov | CTX_DELEGATION,
				    "handed to someone else", first_trigger(r, CTX_DELEGATION), h->prior);
	if ((cov & CTX_LIMITED) && !(r->cats & CTX_DELEGATION))
		return add_evidence(s, i, h->topic, EV_NONE, cov, "a limit on the rest, not evidence either way",
				    trig[5], h->prior);
	if (cov & CTX_HYPOTHETICAL)
		return add_evidence(s, i, h->topic, EV_NONE, cov, "hypothetical: not evidence either way",
				    trig[1], h->prior);
	if (deleg) {
		if (first_hand_beside(s, i) && !(cov & CTX_NEGATED))
			return add_evidence(s, i, h->topic, si->specific ? EV_SPECIFIC : EV_GENERAL,
					    cov | CTX_DELEGATION,
					    "oversight: the day-to-day is someone else's, the rest first-hand",
					    first_trigger(r, CTX_DELEGATION), h->prior);
		return add_evidence(s, i, h->topic, EV_DELEGATION, cov | CTX_DELEGATION,
				    "handed to someone else", first_trigger(r, CTX_DELEGATION), h->prior);
	}
	if (!(cov & CTX_NEGATED) && h->nspans) {
		/* "he does not know the version": a denial of the interviewee's
		 * knowing that governs the whole statement, where no "but"
		 * parts it, whatever words of the topic stand before it */
		size_t n = first_trigger(r, CTX_NEGATED);
		bool parted = false;
		for (k = 0; k < r->n; k++)
			if (ctx_rules_get(s->env->rules, r->v[k].rule)->kind == CK_TERMINATE)
				parted = true;
		if (n != SIZE_MAX && !parted && ctx_rules_get(s->env->rules, r->v[n].rule)->governs &&
		    negation_is_self(s, i, &r->v[n]) &&
		    r->v[n].scope_end > r->v[n].off + r->v[n].len) {
			cov |= CTX_NEGATED;
			trig[0] = n;
		}
	}
	if ((cov & CTX_NEGATED) && trig[0] != SIZE_MAX && !negation_is_self(s, i, &r->v[trig[0]]))
		return add_evidence(s, i, h->topic, EV_NONE, cov,
				    "denies something of someone else: not evidence against the interviewee",
				    trig[0], h->prior);
	if (cov & CTX_NEGATED) {
		if (negates_bad_news(s, i, h))
			return add_evidence(s, i, h->topic, EV_GENERAL, cov,
					    "the absence of bad news (no incident): weak in favour", trig[0],
					    h->prior);
		/* the bound is on what its own words, or the question it
		 * answers, speak to: not on what the paragraph was about */
		if (si->confines && (h->nspans || si->answered_by == ANS_CLAUSE ||
				     si->answered_by == ANS_SECTION || si->answered_by == ANS_TRANSCRIPT))
			/* "could not say what was approved beyond the OT money":
			 * what was said in favour is where the knowing stops */
			return add_evidence(s, i, h->topic, EV_NEGATIVE, cov | CTX_LIMITED,
					    "negated, and bounds the rest: known only in part", trig[0],
					    h->prior);
		return add_evidence(s, i, h->topic, EV_NEGATIVE, cov, "negated: not known or not done",
				    trig[0], h->prior);
	}
	if (cov & CTX_INTENDED)
		return add_evidence(s, i, h->topic, EV_INTENT, cov, "an intention, nothing done yet", trig[2],
				    h->prior);
	if (si->other)
		return add_evidence(s, i, h->topic, EV_REPORTED, cov,
				    duty ? "what someone else does, not first-hand"
					 : "knows what someone else does",
				    SIZE_MAX, h->prior);
	if (cov & CTX_HEDGED)
		return add_evidence(s, i, h->topic, EV_GENERAL, cov, "in favour, hedged", trig[3], h->prior);
	return add_evidence(s, i, h->topic, si->specific || si->docs ? EV_SPECIFIC : EV_GENERAL, cov,
			    si->specific || si->docs ? "in favour, with specifics" : "in favour, in general terms",
			    SIZE_MAX, h->prior);
}

/* ======================================================================
 * The bank's red flags
 * ====================================================================== */

/* The bank's red-flag patterns ("a tick-box exercise", "I just sign what
 * they give me") on each statement that speaks to the flag's topic and is
 * the interviewee's: a hit that no denial or condition covers is evidence
 * against, labelled with the flag. A pattern that cannot finish is
 * reported, naming it, and scoring stops (exit 3): never a hang. */
static bool bank_flags(struct scorer *s)
{
	const struct score_env *e = s->env;
	size_t i, f, k;

	for (i = 0; i < s->st.n; i++) {
		const struct stmt *st = &s->st.v[i];
		const struct sinfo *si = &s->si[i];
		if (st->question || st->speaker == SP_AUDITOR || st->speaker == SP_OTHER || si->auditor ||
		    st->record || st->mark == MARK_PLUS)
			continue;
		for (f = 0; f < e->nflags; f++) {
			const struct flag_rule *fr = &e->flags[f];
			PCRE2_SIZE *ov;
			int rc;
			for (k = 0; k < si->topics.n; k++)
				if (si->topics.v[k].topic == fr->topic)
					break;
			if (k == si->topics.n)
				continue;
			rc = pcre2_match(fr->r->re, (PCRE2_SPTR)st->t.s, st->t.len, 0, 0, e->md, e->mc);
			if (rc == PCRE2_ERROR_NOMATCH)
				continue;
			if (rc < 0) {
				PCRE2_UCHAR msg[160];
				pcre2_get_error_message(rc, msg, sizeof msg);
				ak_diags_add(s->d, s->n->path, st->line, 0,
					     "question %s: pattern '%s' (%s) stopped: %s; simplify the pattern in %s",
					     fr->q->id, fr->r->pattern, fr->r->label, (const char *)msg, fr->q->file);
				s->failed = true;
				return false;
			}
			ov = pcre2_get_ovector_pointer(e->md);
			if (ctx_covering(&si->ctx, ov[0], ov[1], NULL) & (CTX_NEGATED | CTX_HYPOTHETICAL))
				continue;
			if (!add_evidence(s, i, fr->topic, EV_NEGATIVE, 0, fr->r->label, SIZE_MAX, false))
				return false;
		}
	}
	return true;
}

/* ======================================================================
 * Statements
 * ====================================================================== */

/* The topics a statement keeps: its own (weight 2 or more), its priors,
 * and weak ones that agree with a prior. */
/* Under a heading (or in a row) that names a requirement, the auditor has
 * said what the statement is about: another topic joins only when the
 * statement speaks to it plainly (two strong terms). Elsewhere one strong
 * term, or two weak ones, is enough. */
#define OWN_WEIGHT 2
#define BESIDE_HEADING 3

static bool settle(const struct bank *b, struct topic_hits *h, bool filed)
{
	size_t i, n = 0, k, t;

	for (i = 0; i < h->n; i++) {
		struct topic_hit *x = &h->v[i];
		if (x->prior || x->weight >= (filed ? BESIDE_HEADING : OWN_WEIGHT))
			h->v[n++] = *x;
	}
	h->n = n;
	/* requirements that share their evidence: what speaks to 5.1 d
	 * (communicating why it matters) speaks to 7.4 (communication) */
	for (t = 0; t < bank_ntopics(b); t++) {
		const struct bank_topic *tp = bank_topic(b, t);
		for (k = 0; k < tp->nshares; k++)
			for (i = 0; i < n; i++)
				if (strcmp(bank_topic(b, h->v[i].topic)->key, tp->shares[k]) == 0 &&
				    !topic_hits_prior(h, t))
					return false;
	}
	return true;
}

static bool own_topics(const struct topic_hits *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (h->v[i].weight >= 2)
			return true;
	return false;
}

static bool copy_topics(struct topic_hits *to, const struct topic_hits *from)
{
	size_t i;

	for (i = 0; i < from->n; i++)
		if (!topic_hits_prior(to, from->v[i].topic))
			return false;
	return true;
}

/* The topics from->v speaks to by its own words, as priors of to. */
static bool copy_own(struct topic_hits *to, const struct topic_hits *from)
{
	size_t i;

	for (i = 0; i < from->n; i++)
		if (from->v[i].weight >= 2 && !topic_hits_prior(to, from->v[i].topic))
			return false;
	return true;
}

bool judge_statements(struct scorer *s)
{
	size_t i, k;

	s->si = calloc(s->st.n + 1, sizeof *s->si);
	if (!s->si)
		return false;
	for (i = 0; i < s->st.n; i++) {
		struct stmt *st = &s->st.v[i];
		struct sinfo *si = &s->si[i];
		if (!words_split(st->t.s, st->t.len, &si->w))
			return false;
		if (!ctx_apply(s->env->m, st->t.s, st->t.len, s->self, s->nself, &si->ctx)) {
			ak_diags_add(s->d, s->n->path, st->line, 0,
				     "the assertion rules could not finish on this statement (too much "
				     "backtracking): simplify a pattern in %s",
				     ctx_rules_path(s->env->rules));
			s->failed = true;
			return false;
		}
		if (!topics_match(s->env->topics, st->t.s, &si->w, &si->topics))
			return false;
		/* the heading it stands under, the clause its row names */
		if (s->sec_topic[st->section] != SIZE_MAX &&
		    !topic_hits_prior(&si->topics, s->sec_topic[st->section]))
			return false;
		for (k = 0; k < 3; k++)
			if (s->sec_more[st->section][k] != SIZE_MAX &&
			    !topic_hits_prior(&si->topics, s->sec_more[st->section][k]))
				return false;
		if (st->hint[0]) {
			char clause[16];
			const char *sp = strchr(st->hint, ' ');
			const struct bank_topic *t;
			snprintf(clause, sizeof clause, "%.*s", sp ? (int)(sp - st->hint) : (int)strlen(st->hint),
				 st->hint);
			t = bank_topic_for(s->env->bank, clause, sp ? sp + 1 : NULL);
			if (t && !topic_hits_prior(&si->topics, (size_t)(t - bank_topic(s->env->bank, 0))))
				return false;
		}
		describe(s, i);
	}
	/* the context: what the auditor asked (a transcript's question holds
	 * for the whole answer), the sentence that opens a paragraph of prose
	 * (the auditor writes a paragraph a question), and, for a statement
	 * that speaks to nothing of its own, the statement before it */
	{
		struct topic_hits question = {NULL, 0, 0};
		size_t para_first = SIZE_MAX, last_turn = SIZE_MAX;
		bool ok = true;
		for (i = 0; i < s->st.n && ok; i++) {
			struct stmt *st = &s->st.v[i];
			struct sinfo *si = &s->si[i];
			bool filed = s->sec_topic[st->section] != SIZE_MAX || st->hint[0];
			bool own = own_topics(&si->topics);
			if (st->speaker == SP_AUDITOR) {
				if (st->para != last_turn) {
					question.n = 0; /* a new question */
					last_turn = st->para;
				}
				ok = settle(s->env->bank, &si->topics, filed);
				for (k = 0; k < si->topics.n && ok; k++)
					ok = topic_hits_prior(&question, si->topics.v[k].topic);
				continue;
			}
			if (st->speaker == SP_INTERVIEWEE && question.n)
				ok = copy_topics(&si->topics, &question);
			if (i == 0 || s->st.v[i - 1].para != st->para)
				para_first = i;
			else if (st->kind == ST_SENTENCE && st->speaker == SP_NOTES && para_first != SIZE_MAX &&
				 own_topics(&s->si[para_first].topics))
				ok = ok && copy_own(&si->topics, &s->si[para_first].topics);
			if (ok && !own && !filed && i > 0 && s->st.v[i - 1].para == st->para)
				ok = copy_topics(&si->topics, &s->si[i - 1].topics);
			ok = ok && settle(s->env->bank, &si->topics, filed);
		}
		topic_hits_release(&question);
		if (!ok)
			return false;
	}
	for (i = 0; i < s->st.n; i++)
		for (k = 0; k < s->si[i].topics.n; k++)
			if (!classify(s, i, &s->si[i].topics.v[k]))
				return false;
	return bank_flags(s);
}

/* ======================================================================
 * Records: the probes and the contradictions
 * ====================================================================== */

/* Is byte b of statement i's text against (negated, hypothetical,
 * intended, or on a line the auditor marked against)? */
static bool stmt_against(const struct scorer *s, size_t i, size_t b)
{
	const struct stmt *st = &s->st.v[i];

	if (st->mark == MARK_MINUS || st->mark == MARK_FLAG)
		return true;
	/* a record read off a card is not a record known */
	if (s->si[i].ctx.cats & CTX_PROMPTED)
		return true;
	return (ctx_covering(&s->si[i].ctx, b, b + 1, NULL) &
		(CTX_NEGATED | CTX_HYPOTHETICAL | CTX_INTENDED)) != 0;
}

bool judge_records(struct scorer *s)
{
	struct answer a;
	size_t i, k, nd, *starts = NULL;
	bool ok = false;

	text_init(&s->whole);
	starts = calloc(s->st.n + 1, sizeof *starts);
	if (!starts)
		return false;
	for (i = 0; i < s->st.n; i++) {
		const struct stmt *st = &s->st.v[i];
		starts[i] = s->whole.len + (s->whole.len ? 1 : 0);
		if (st->question || st->speaker == SP_AUDITOR || st->speaker == SP_OTHER || s->si[i].auditor ||
		    s->whole.len + st->t.len > WHOLE_MAX) {
			starts[i] = SIZE_MAX;
			continue;
		}
		/* the statement's own text, with its map into the notes */
		text_add(&s->whole, s->n->data + st->off, st->len, st->off);
	}
	if (s->whole.oom || !words_split(s->whole.s ? s->whole.s : "", s->whole.len, &s->wwords))
		goto out;
	nd = dates_find(s->whole.s ? s->whole.s : "", s->whole.len, &s->interview, NULL, 0);
	s->wdates = calloc(nd + 1, sizeof *s->wdates);
	s->wagainst = calloc(s->wwords.n + 1, sizeof *s->wagainst);
	s->whole_stmt = calloc(s->whole.len + 1, sizeof *s->whole_stmt);
	if (!s->wdates || !s->wagainst || !s->whole_stmt)
		goto out;
	s->nwdates = dates_find(s->whole.s ? s->whole.s : "", s->whole.len, &s->interview, s->wdates, nd);
	s->dagainst = calloc(s->nwdates + 1, sizeof *s->dagainst);
	if (!s->dagainst)
		goto out;
	/* which statement each byte of the whole text came from */
	{
		size_t j = 0, next;
		for (i = 0; i < s->st.n && starts[i] == SIZE_MAX; i++)
			;
		j = i < s->st.n ? i : 0;
		for (i = 0; i < s->whole.len; i++) {
			for (next = j + 1; next < s->st.n && starts[next] == SIZE_MAX; next++)
				;
			if (next < s->st.n && i >= starts[next])
				j = next;
			s->whole_stmt[i] = j;
		}
	}
	/* a word is against when it is against in its statement: find it by
	 * its notes offset in the statement's own text */
	for (i = 0; i < s->wwords.n; i++) {
		size_t off = s->whole.map[s->wwords.v[i].off], st = s->whole_stmt[s->wwords.v[i].off];
		const struct text *t = &s->st.v[st].t;
		size_t lo = 0, hi = t->len;
		while (lo < hi) { /* the first byte of t mapped at or after off */
			size_t mid = (lo + hi) / 2;
			if (t->map[mid] < off)
				lo = mid + 1;
			else
				hi = mid;
		}
		s->wagainst[i] = stmt_against(s, st, lo < t->len ? lo : (t->len ? t->len - 1 : 0));
	}
	for (i = 0; i < s->nwdates; i++) {
		size_t st = s->whole_stmt[s->wdates[i].off];
		s->dagainst[i] = s->st.v[st].mark == MARK_MINUS || s->st.v[st].mark == MARK_FLAG ||
				 (s->si[st].ctx.cats & (CTX_HYPOTHETICAL | CTX_INTENDED | CTX_PROMPTED));
	}
	memset(&a, 0, sizeof a);
	a.text = &s->whole;
	a.words = &s->wwords;
	if (!probe_answer_index(&a, &s->wix, &s->wline))
		goto out;
	a.dates = s->wdates;
	a.ndates = s->nwdates;
	a.word_against = s->wagainst;
	a.date_against = s->dagainst;
	a.index = s->wix;
	a.word_line = s->wline;
	a.gen = 0;
	/* the probes of each topic: those of the bank's questions on it */
	for (k = 0; k < s->ntopics; k++) {
		for (i = 0; i < s->ntp[k]; i++) {
			struct tprobe *tp = &s->tp[k][i];
			if (!probe_run(s->env->probes, &tp->p, &a, &tp->r))
				goto out;
			tp->run = true;
		}
	}
	/* contradictions: each on the requirement its fact belongs to */
	claims_find(s);
	ok = true;
out:
	free(starts);
	return ok;
}

/* ======================================================================
 * The decision table
 * ====================================================================== */

/* Counts of the evidence on topic t (of statements where in_stmt says so,
 * or all): each statement once per class. */
static void tally(const struct scorer *s, size_t t, const bool *in_stmt, struct tjudge *j)
{
	size_t i;
	size_t last = SIZE_MAX;
	enum ev_class last_cls = EV_NONE;

	for (i = 0; i < s->nev; i++) {
		const struct evidence *e = &s->ev[i];
		if (e->topic != t || (in_stmt && !in_stmt[e->stmt]))
			continue;
		if (e->stmt == last && e->cls == last_cls)
			continue;
		last = e->stmt;
		last_cls = e->cls;
		switch (e->cls) {
		case EV_GENERAL: j->general++; break;
		case EV_SPECIFIC: j->specific++; break;
		case EV_REPORTED: j->reported++; break;
		case EV_INTENT: j->intent++; break;
		case EV_NEGATIVE:
			j->negative++;
			if (e->mods & CTX_LIMITED)
				j->confined++;
			break;
		case EV_DELEGATION: j->delegated++; break;
		case EV_FLAG: j->flags++; break;
		default: break;
		}
	}
}

/* Does the interview name, for each record the topic requires, at least
 * one of its probes (where the facts hold what the probe needs)? */
static bool required_known(const struct scorer *s, size_t t)
{
	const struct bank_topic *tp = bank_topic(s->env->bank, t);
	size_t r, i;

	for (r = 0; r < tp->nrequires; r++) {
		bool checkable = false, met = false;
		for (i = 0; i < s->ntp[t]; i++) {
			const struct tprobe *p = &s->tp[t][i];
			if (!p->run || p->r.no_records || !(tp->requires[r] & (1u << p->p.kind)))
				continue;
			checkable = true;
			if (p->r.met)
				met = true;
		}
		if (checkable && !met)
			return false;
	}
	return true;
}

static int decide(const struct scorer *s, size_t t, struct tjudge *j, bool with_records)
{
	bool duty = bank_topic(s->env->bank, t)->duty;
	int pos_s, pos_g, against, net;
	size_t i;

	if (with_records && bank_topic(s->env->bank, t)->probes) {
		int unmet = 0;
		for (i = 0; i < s->ntp[t]; i++) {
			const struct tprobe *tp = &s->tp[t][i];
			if (!tp->run || tp->r.no_records)
				continue;
			if (tp->r.met)
				j->probes_met++;
			else
				unmet++;
		}
		/* knowing some of the records is knowing them: a gap counts once,
		 * and only on a requirement of knowledge (a duty is shown by what
		 * is done, not by reciting the register) */
		j->probes_unmet = unmet > j->probes_met ? 1 : 0;
		for (i = 0; i < s->ncontra; i++)
			if (s->contra[i].topic == t)
				j->ncontra++;
	}
	/* records named show knowledge of a requirement of knowledge; a duty
	 * is shown by what is done */
	pos_s = j->specific + (j->probes_met > 2 ? 2 : j->probes_met);
	pos_g = j->general + (duty ? 0 : j->reported);
	j->evidenced = pos_s || pos_g || j->negative || j->delegated || j->flags || j->ncontra ||
		       j->intent || j->reported;
	/* an unmet probe is evidence against only where the requirement was
	 * spoken to: not knowing what nobody asked is not evidenced */
	against = j->negative + (j->evidenced ? j->probes_unmet : 0);
	/* a hand-off is a delegation where nothing specific and first-hand
	 * stands beside it: "security is everyone's job" is no oversight */
	j->delegation = j->delegated > 0 && j->specific == 0;
	if (!j->evidenced) {
		j->rule = "not evidenced";
		return -1;
	}
	if (j->delegation) {
		j->rule = "handed to someone else, nothing specific first-hand";
		return pos_g ? 1 : 0;
	}
	if (pos_s + pos_g == 0) {
		if (j->negative || j->delegated || j->flags || j->ncontra || (j->evidenced && j->probes_unmet)) {
			j->rule = j->delegation ? "handed to someone else, nothing first-hand"
						: "evidence against, nothing in favour";
			return 0;
		}
		j->rule = j->intent ? "only intentions" : "only what others do";
		return 1;
	}
	if (j->flags || j->ncontra) {
		j->rule = j->ncontra ? "contradicts the records" : "a red flag";
		return 1;
	}
	if (with_records && !required_known(s, t)) {
		j->rule = "does not know a record the requirement rests on";
		return 1;
	}
	/* one thing known of what a requirement of knowledge asks, and the
	 * rest denied ("knows the phishing target; the others, no"), is not
	 * knowing it: the one specific is the whole of it. Two or more known
	 * is knowing the requirement in part, for the table below to weigh */
	if (j->confined && j->specific < 2 && (!duty || bank_topic(s->env->bank, t)->gaps > 1)) {
		j->rule = "known only in part: a denial bounds what was said";
		return 1;
	}
	/* a specific point in favour weighs two, a general one one; each
	 * point against, and each hand-off beside first-hand evidence, one */
	/* a gap in what a requirement of knowledge asks weighs double; a
	 * duty is shown by an example, and a limit beside it weighs less */
	net = 2 * pos_s + pos_g - bank_topic(s->env->bank, t)->gaps * against - j->delegated;
	if (pos_s >= 2 && against == 0 && j->delegated == 0) {
		j->rule = "strong: specifics, nothing against";
		return 3;
	}
	if ((pos_s >= 1 || pos_g >= 2) && net >= 1) {
		j->rule = "adequate: in favour outweighs against";
		return 2;
	}
	j->rule = "weak: too little in favour, or outweighed";
	return 1;
}

static void reason(const struct scorer *s, size_t t, struct tjudge *j, struct ak_buf *r)
{
	static const char *const level[] = {"No evidence", "Weak", "Adequate", "Strong"};
	const char *sep = ": ";

	(void)s;
	(void)t;
	if (!j->evidenced) {
		ak_buf_adds(r, "Not evidenced: the notes say nothing either way");
		return;
	}
	ak_buf_printf(r, "%s (%s)", level[j->score], j->rule);
	if (j->specific) {
		ak_buf_printf(r, "%s%d specific in favour", sep, j->specific);
		sep = ", ";
	}
	if (j->general) {
		ak_buf_printf(r, "%s%d general in favour", sep, j->general);
		sep = ", ";
	}
	if (j->probes_met) {
		ak_buf_printf(r, "%s%d record%s named", sep, j->probes_met, j->probes_met == 1 ? "" : "s");
		sep = ", ";
	}
	if (j->reported) {
		ak_buf_printf(r, "%s%d on what others do", sep, j->reported);
		sep = ", ";
	}
	if (j->intent) {
		ak_buf_printf(r, "%s%d intention%s", sep, j->intent, j->intent == 1 ? "" : "s");
		sep = ", ";
	}
	if (j->negative) {
		ak_buf_printf(r, "%s%d against", sep, j->negative);
		sep = ", ";
	}
	if (j->probes_unmet) {
		ak_buf_printf(r, "%s%d record%s not named", sep, j->probes_unmet, j->probes_unmet == 1 ? "" : "s");
		sep = ", ";
	}
	if (j->delegated) {
		ak_buf_printf(r, "%s%d hand-off%s", sep, j->delegated, j->delegated == 1 ? "" : "s");
		sep = ", ";
	}
	if (j->flags) {
		ak_buf_printf(r, "%s%d red flag%s", sep, j->flags, j->flags == 1 ? "" : "s");
		sep = ", ";
	}
	if (j->ncontra)
		ak_buf_printf(r, "%s%zu contradiction%s of the records", sep, j->ncontra,
			      j->ncontra == 1 ? "" : "s");
}

void judge_topics(struct scorer *s)
{
	size_t t;

	for (t = 0; t < s->ntopics; t++) {
		struct tjudge *j = &s->tj[t];
		int sc;
		tally(s, t, NULL, j);
		sc = decide(s, t, j, true);
		j->score = sc < 0 ? 0 : sc;
		/* a hand-off on a requirement that is not shown is a delegation,
		 * whatever little stands beside it */
		if (j->delegated && sc >= 0 && sc <= 1)
			j->delegation = true;
		reason(s, t, j, &j->reason);
	}
}

int judge_subset(const struct scorer *s, size_t topic, const bool *in_stmt, struct ak_buf *r)
{
	struct tjudge j;
	int sc;

	memset(&j, 0, sizeof j);
	tally(s, topic, in_stmt, &j);
	sc = decide(s, topic, &j, false);
	j.score = sc < 0 ? 0 : sc;
	reason(s, topic, &j, r);
	return sc;
}
