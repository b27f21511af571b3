/* probes.c: the records, prepared once for the probes (probes.h).
 *
 * Each record the probes look for (a risk title, a commitment, a decision,
 * a person) becomes a phrase: its content words, and the bank's synonym
 * sets it spells out a member of. Risk titles also count how many of them
 * hold each word, so that a word only one title has can name that risk.
 * The approver is split into name, role and the role's initials ("CEO").
 * Matching those phrases in an answer is probes_match.c's; contradictions
 * are probes_contra.c's. Here also the word tests both of them share. */
#include "score/probes.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "score/probes_int.h"
#include "core/util.h"

struct stem_count {
	char stem[48];
	int n;
};

/* ======================================================================
 * Phrases and words
 * ====================================================================== */

static bool content_word(const struct word *w)
{
	if (w->is_num)
		return true;
	return strlen(w->w) >= 2 && !text_stopword(w->w);
}

/* Does words a[from..] begin with the words of m? */
bool probe_seq_at(const struct words *a, size_t from, const struct words *m)
{
	size_t k;

	if (m->n == 0 || from + m->n > a->n)
		return false;
	for (k = 0; k < m->n; k++)
		if (!text_word_match(&a->v[from + k], &m->v[k]))
			return false;
	return true;
}

/* Words of this field that nearly every commitment or decision holds:
 * they cannot tell one record from another. */
bool probe_generic(const char *w)
{
	static const char *const g[] = {"information",  "security", "isms",       "qms",
	                                "policy",       "system",   "management", "organisation",
	                                "organization", NULL};
	size_t i;

	for (i = 0; g[i]; i++)
		if (strcmp(w, g[i]) == 0)
			return true;
	return false;
}

bool probe_has_ci(const char *hay, size_t hlen, const char *needle)
{
	size_t n = strlen(needle), i;

	if (n == 0 || n > hlen)
		return false;
	for (i = 0; i + n <= hlen; i++)
		if (strncasecmp(hay + i, needle, n) == 0 &&
		    (i == 0 || !isalnum((unsigned char)hay[i - 1])) &&
		    (i + n == hlen || !isalnum((unsigned char)hay[i + n])))
			return true;
	return false;
}

/* Which synonym members stand for each of p's words: for every one-word
 * member within one edit of the word (the same stem, or one typo in a
 * longer word), each other member of its set. A word in two members of a
 * set (with and without a plural) lists the set twice, as the look-up
 * always did. */
static void phrase_synonyms(struct probe_ctx *c, struct phrase *p)
{
	size_t i, s, t, n = 0, cap = 0, klen;

	if (!(p->syn_from = malloc((p->w.n + 1) * sizeof *p->syn_from))) {
		c->oom = true;
		return;
	}
	for (i = 0; i < p->w.n; i++) {
		const struct word *kw = &p->w.v[i];
		p->syn_from[i] = n;
		if (kw->is_num)
			continue;
		klen = strlen(kw->stem);
		for (s = 0; s < c->nsyn; s++) {
			if (c->syn_slen[s] == SIZE_MAX || c->syn_slen[s] + 1 < klen ||
			    c->syn_slen[s] > klen + 1 || !text_word_match(&c->syn[s].v[0], kw))
				continue;
			for (t = 0; t < c->nsyn; t++) {
				if (t == s || c->syn_set[t] != c->syn_set[s])
					continue;
				if (!ak_grow(&p->syn_at, &cap, n + 1, sizeof *p->syn_at)) {
					c->oom = true;
					return;
				}
				p->syn_at[n++] = t;
			}
		}
	}
	p->syn_from[p->w.n] = n;
}

static bool phrase_make_x(struct probe_ctx *c, struct phrase *p, const char *text,
                          const char *display, bool drop_generic)
{
	struct words all = {NULL, 0, 0};
	size_t i;

	memset(p, 0, sizeof p[0]);
	p->display = ak_strdup(display ? display : text);
	if (!p->display || !words_split(text, strlen(text), &all)) {
		c->oom = true;
		words_release(&all);
		return false;
	}
	/* "managed security operations service" spells out a member of the
	 * set that holds "SOC": saying "SOC" names the record */
	for (i = 0; i < c->nsyn; i++) {
		size_t k, j;
		bool dup = false;
		if (c->syn[i].n < 2)
			continue;
		for (k = 0; k < all.n && !probe_seq_at(&all, k, &c->syn[i]); k++)
			;
		if (k == all.n)
			continue;
		for (j = 0; j < p->naliases; j++)
			dup |= p->aliases[j] == c->syn_set[i];
		if (dup)
			continue;
		{
			size_t *v = realloc(p->aliases, (p->naliases + 1) * sizeof *v);
			if (!v) {
				c->oom = true;
				break;
			}
			p->aliases = v;
			p->aliases[p->naliases++] = c->syn_set[i];
		}
	}
	for (i = 0; i < all.n; i++) {
		if (!content_word(&all.v[i]) || (drop_generic && probe_generic(all.v[i].w)))
			continue;
		if (!ak_grow(&p->w.v, &p->w.cap, p->w.n + 1, sizeof *p->w.v)) {
			c->oom = true;
			break;
		}
		p->w.v[p->w.n++] = all.v[i];
	}
	words_release(&all);
	if (!c->oom)
		phrase_synonyms(c, p);
	return !c->oom;
}

static bool phrase_make(struct probe_ctx *c, struct phrase *p, const char *text,
                        const char *display)
{
	return phrase_make_x(c, p, text, display, false);
}

static void phrase_release(struct phrase *p)
{
	free(p->aliases);
	free(p->syn_at);
	free(p->syn_from);
	free(p->display);
	words_release(&p->w);
	memset(p, 0, sizeof *p);
}

static struct phrase *phrases_of(struct probe_ctx *c, struct facts_list l, size_t *n)
{
	struct phrase *v = calloc(l.n + 1, sizeof *v);
	size_t i;

	*n = 0;
	if (!v) {
		c->oom = true;
		return NULL;
	}
	for (i = 0; i < l.n; i++)
		if (phrase_make_x(c, &v[(*n)], l.v[i], NULL, true))
			(*n)++;
	return v;
}

static int cmp_stem(const void *a, const void *b)
{
	return strcmp(((const struct stem_count *)a)->stem, ((const struct stem_count *)b)->stem);
}

int probe_df(const struct probe_ctx *c, const char *stem)
{
	struct stem_count key, *hit;

	snprintf(key.stem, sizeof key.stem, "%s", stem);
	hit = bsearch(&key, c->df, c->ndf, sizeof *c->df, cmp_stem);
	return hit ? hit->n : 0;
}

/* How often each stem occurs across all risk titles (counted once per
 * title): a word only one title has names that risk on its own. */
static void build_df(struct probe_ctx *c)
{
	size_t i, j, k, n = 0, cap = 0;
	struct stem_count *all = NULL;

	for (i = 0; i < facts_nrisks(c->f); i++) {
		struct words w = {NULL, 0, 0};
		const char *t = facts_risk(c->f, i)->title;
		if (!words_split(t, strlen(t), &w)) {
			c->oom = true;
			return;
		}
		for (j = 0; j < w.n; j++) {
			bool dup = false;
			if (!content_word(&w.v[j]) || w.v[j].is_num)
				continue;
			for (k = 0; k < j; k++)
				if (strcmp(w.v[k].stem, w.v[j].stem) == 0)
					dup = true;
			if (dup)
				continue;
			if (!ak_grow(&all, &cap, n + 1, sizeof *all)) {
				c->oom = true;
				words_release(&w);
				free(all);
				return;
			}
			snprintf(all[n].stem, sizeof all[n].stem, "%s", w.v[j].stem);
			all[n++].n = 1;
		}
		words_release(&w);
	}
	qsort(all, n, sizeof *all, cmp_stem);
	for (i = 0, k = 0; i < n; i++) {
		if (k && strcmp(all[k - 1].stem, all[i].stem) == 0)
			all[k - 1].n++;
		else
			all[k++] = all[i];
	}
	c->df = all;
	c->ndf = k;
}

/* "Maria Keller, Chief Executive Officer" -> name "Maria Keller", role
 * "Chief Executive Officer", initials "ceo". */
static void split_person(struct probe_ctx *c, const char *s, struct phrase *name,
                         struct phrase *role, char *initials, size_t ni)
{
	const char *comma = strchr(s, ',');
	char buf[256];
	size_t k = 0;

	snprintf(buf, sizeof buf, "%.*s", comma ? (int)(comma - s) : (int)strlen(s), s);
	phrase_make(c, name, buf, s);
	if (comma && role) {
		const char *r = comma + 1;
		phrase_make(c, role, r, r);
		for (; *r && k + 1 < ni; r++)
			if (isupper((unsigned char)*r) && (r == comma + 1 || r[-1] == ' '))
				initials[k++] = (char)tolower((unsigned char)*r);
	}
	if (initials)
		initials[k] = '\0';
}

/* ======================================================================
 * The context: the records, and the interview being scored
 * ====================================================================== */

struct probe_ctx *probe_ctx_new(const struct facts *f, const struct bank *b)
{
	struct probe_ctx *c = calloc(1, sizeof *c);
	const struct facts_policy *pol;
	const struct facts_review *rev;
	size_t i, j;

	if (!c)
		return NULL;
	c->f = f;
	c->b = b;
	/* the bank's synonyms, each member as words (first: the records'
	 * phrases look them up) */
	for (i = 0; i < bank_nsynonyms(b); i++) {
		struct bank_strings set = bank_synonyms(b, i);
		for (j = 0; j < set.n; j++) {
			size_t cap1 = c->nsyn, cap2 = c->nsyn;
			if (!ak_grow(&c->syn, &cap1, c->nsyn + 1, sizeof *c->syn) ||
			    !ak_grow(&c->syn_set, &cap2, c->nsyn + 1, sizeof *c->syn_set)) {
				c->oom = true;
				break;
			}
			memset(&c->syn[c->nsyn], 0, sizeof c->syn[c->nsyn]);
			if (!words_split(set.v[j], strlen(set.v[j]), &c->syn[c->nsyn])) {
				c->oom = true;
				break;
			}
			c->syn_set[c->nsyn++] = i;
		}
	}
	/* what the look-up of a record's word in the synonyms skips on: a
	 * one-word member matches only a stem within one letter of its length */
	if (!c->oom && !(c->syn_slen = malloc((c->nsyn + 1) * sizeof *c->syn_slen)))
		c->oom = true;
	for (i = 0; !c->oom && i < c->nsyn; i++)
		c->syn_slen[i] = c->syn[i].n == 1 && !c->syn[i].v[0].is_num ? strlen(c->syn[i].v[0].stem)
									 : SIZE_MAX;
	pol = facts_policy(f);
	rev = facts_review(f);
	for (i = 0; i < facts_nrisks(f) && i < MAX_TOP; i++) {
		const struct facts_risk *r = facts_risk(f, i);
		char *disp = ak_asprintf("%s %s", r->id, r->title);
		if (!disp || !phrase_make(c, &c->risks[c->nrisks], r->title, disp)) {
			free(disp);
			c->oom = true;
			break;
		}
		free(disp);
		c->nrisks++;
	}
	build_df(c);
	c->commitments = phrases_of(c, pol->commitments, &c->ncommitments);
	c->objectives = phrases_of(c, pol->objectives, &c->nobjectives);
	c->decisions =
	    phrases_of(c, rev ? rev->decisions : (struct facts_list){NULL, 0}, &c->ndecisions);
	c->resources =
	    phrases_of(c, rev ? rev->resources : (struct facts_list){NULL, 0}, &c->nresources);
	c->roles = calloc(facts_nroles(f) + 1, sizeof *c->roles);
	if (!c->roles)
		c->oom = true;
	for (i = 0; c->roles && i < facts_nroles(f); i++) {
		const struct facts_role *r = facts_role(f, i);
		char *disp = ak_asprintf("%s: %s", r->role, r->name);
		if (disp && phrase_make(c, &c->roles[c->nroles], r->name, disp))
			c->nroles++;
		free(disp);
	}
	if (facts_isms_owner(f))
		phrase_make(c, &c->isms_owner, facts_isms_owner(f), NULL);
	if (pol->approver)
		split_person(c, pol->approver, &c->approver_name, &c->approver_role,
		             c->approver_initials, sizeof c->approver_initials);
	if (pol->owner)
		split_person(c, pol->owner, &c->policy_owner, NULL, NULL, 0);
	c->has_approved = pol->approved && date_parse_iso(pol->approved, &c->approved);
	c->has_review = rev && rev->date && date_parse_iso(rev->date, &c->review);
	(void)j;
	if (c->oom) {
		probe_ctx_free(c);
		return NULL;
	}
	return c;
}

bool probe_ctx_interview(struct probe_ctx *c, const struct ak_date *interview,
                         const char *interviewee)
{
	const struct facts_review *rev = facts_review(c->f);
	struct phrase who;
	size_t i, j;

	c->has_interview = interview != NULL;
	if (interview)
		c->interview = *interview;
	c->interviewee = interviewee;
	c->interviewee_is_approver = c->interviewee_attended = c->has_attendees = false;
	if (!interviewee)
		return true;
	if (!phrase_make(c, &who, interviewee, NULL)) {
		phrase_release(&who);
		return false;
	}
	for (i = 0; i < who.w.n; i++)
		for (j = 0; j < c->approver_name.w.n; j++)
			if (strlen(who.w.v[i].w) >= 3 &&
			    strcmp(who.w.v[i].w, c->approver_name.w.v[j].w) == 0)
				c->interviewee_is_approver = true;
	if (rev && rev->attendees.n) {
		c->has_attendees = true;
		for (i = 0; i < rev->attendees.n; i++) {
			struct phrase att;
			if (!phrase_make(c, &att, rev->attendees.v[i], NULL)) {
				phrase_release(&att);
				phrase_release(&who);
				return false;
			}
			/* the same surname: the last word of each name */
			if (who.w.n && att.w.n &&
			    strcmp(who.w.v[who.w.n - 1].w, att.w.v[att.w.n - 1].w) == 0)
				c->interviewee_attended = true;
			phrase_release(&att);
		}
	}
	phrase_release(&who);
	return true;
}

static void phrases_free(struct phrase *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		phrase_release(&v[i]);
	free(v);
}

void probe_ctx_free(struct probe_ctx *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nrisks; i++)
		phrase_release(&c->risks[i]);
	free(c->df);
	phrases_free(c->commitments, c->ncommitments);
	phrases_free(c->objectives, c->nobjectives);
	phrases_free(c->decisions, c->ndecisions);
	phrases_free(c->resources, c->nresources);
	phrases_free(c->roles, c->nroles);
	phrase_release(&c->isms_owner);
	phrase_release(&c->approver_name);
	phrase_release(&c->approver_role);
	phrase_release(&c->policy_owner);
	for (i = 0; i < c->nsyn; i++)
		words_release(&c->syn[i]);
	free(c->syn);
	free(c->syn_set);
	free(c->syn_slen);
	free(c);
}
