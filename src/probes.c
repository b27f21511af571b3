/* probes.c: knowledge probes and contradictions (probes.h).
 *
 * A record (a risk title, a commitment, a decision) becomes a short list of
 * content words. An answer names the record when it holds enough of them:
 *  - all of them when the record has one or two;
 *  - two when it has three to five, three when it has more;
 *  - or one word and one of the record's numbers ("3 %", "180k");
 *  - for a risk, also one word no other risk title in the register has
 *    ("ransomware"), or the risk's id ("R-07").
 * A person is named by first or last name; the policy's approver also by
 * the role's initials ("CEO"), and by "I signed it" when the interviewee is
 * the approver. docs/scoring.md gives the reasoning. */
#include "probes.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

#define MAX_TOP 50

struct phrase {
	char *display;
	unsigned long memo_gen; /* the answer phrase_named last looked at */
	bool memo_named;
	size_t memo_off, memo_len;
	struct words w;  /* content words */
	size_t *aliases; /* synonym sets a member of which the record spells out */
	size_t naliases;
};

struct stem_count {
	char stem[48];
	int n;
};

struct probe_ctx {
	const struct facts *f;
	const struct bank *b;
	struct ak_date interview;
	bool has_interview;
	const char *interviewee;
	struct phrase risks[MAX_TOP];
	size_t nrisks;
	struct stem_count *df; /* how many risk titles hold each stem, sorted */
	size_t ndf;
	struct phrase *commitments, *objectives, *decisions, *resources, *roles;
	size_t ncommitments, nobjectives, ndecisions, nresources, nroles;
	struct phrase isms_owner, approver_name, approver_role, policy_owner;
	char approver_initials[16];
	bool interviewee_is_approver, interviewee_attended, has_attendees;
	struct words *syn; /* each synonym member as words */
	size_t *syn_set;   /* which set each member belongs to */
	size_t nsyn;
	struct ak_date approved, review;
	bool has_approved, has_review;
	bool oom;
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
static bool seq_at(const struct words *a, size_t from, const struct words *m)
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
static bool generic(const char *w)
{
	static const char *const g[] = {"information", "security", "isms", "qms", "policy",
					"system", "management", "organisation", "organization", NULL};
	size_t i;

	for (i = 0; g[i]; i++)
		if (strcmp(w, g[i]) == 0)
			return true;
	return false;
}

static bool phrase_make_x(struct probe_ctx *c, struct phrase *p, const char *text,
			  const char *display, bool drop_generic);

static bool currency(const char *w)
{
	static const char *const cur[] = {"eur", "usd", "gbp", "chf", "sek", "nok", "dkk", "pln", NULL};
	size_t i;

	for (i = 0; cur[i]; i++)
		if (strcmp(w, cur[i]) == 0)
			return true;
	return false;
}

static bool phrase_make(struct probe_ctx *c, struct phrase *p, const char *text, const char *display)
{
	return phrase_make_x(c, p, text, display, false);
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
		for (k = 0; k < all.n && !seq_at(&all, k, &c->syn[i]); k++)
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
		if (!content_word(&all.v[i]) || (drop_generic && generic(all.v[i].w)))
			continue;
		if (!ak_grow(&p->w.v, &p->w.cap, p->w.n + 1, sizeof *p->w.v)) {
			c->oom = true;
			break;
		}
		p->w.v[p->w.n++] = all.v[i];
	}
	words_release(&all);
	return !c->oom;
}

static void phrase_release(struct phrase *p)
{
	free(p->aliases);
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

static int df_of(const struct probe_ctx *c, const char *stem)
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
static void split_person(struct probe_ctx *c, const char *s, struct phrase *name, struct phrase *role,
			 char *initials, size_t ni)
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
	c->decisions = phrases_of(c, rev ? rev->decisions : (struct facts_list){NULL, 0}, &c->ndecisions);
	c->resources = phrases_of(c, rev ? rev->resources : (struct facts_list){NULL, 0}, &c->nresources);
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
		split_person(c, pol->approver, &c->approver_name, &c->approver_role, c->approver_initials,
			     sizeof c->approver_initials);
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
			if (strlen(who.w.v[i].w) >= 3 && strcmp(who.w.v[i].w, c->approver_name.w.v[j].w) == 0)
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
	free(c);
}

/* ======================================================================
 * Does the answer hold a word?
 * ====================================================================== */

/* Find kw in the answer, directly or through a synonym: "vendor" in the
 * answer holds "supplier" of a record when the bank lists them together. */
/* One place where a record's word (or a synonym of it) stands. */
struct occ {
	size_t pos, nwords;
};

static bool push_occ(struct occ **v, size_t *n, size_t *cap, size_t pos, size_t nwords)
{
	if (!ak_grow(v, cap, *n + 1, sizeof **v))
		return false;
	(*v)[*n].pos = pos;
	(*v)[*n].nwords = nwords;
	(*n)++;
	return true;
}

/* Where member m of the synonyms stands in the answer. */
static bool member_occ(const struct probe_ctx *c, const struct answer *a, size_t m, struct occ **v,
		       size_t *n, size_t *cap)
{
	size_t *pos = NULL, np = 0, cp = 0, i;
	bool ok = word_index_lookup(a->index, &c->syn[m].v[0], &pos, &np, &cp);

	for (i = 0; ok && i < np; i++)
		if (seq_at(a->words, pos[i], &c->syn[m]) && !(a->word_against && a->word_against[pos[i]]))
			ok = push_occ(v, n, cap, pos[i], c->syn[m].n);
	free(pos);
	return ok;
}

/* Every place kw stands in the answer, directly or as a synonym: "vendor"
 * in the answer stands for "supplier" of a record when the bank lists them
 * together. Words on lines marked against are left out. */
static bool occurrences(const struct probe_ctx *c, const struct answer *a, const struct word *kw,
			struct occ **v, size_t *n, size_t *cap)
{
	size_t *pos = NULL, np = 0, cp = 0, i, s, t;
	bool ok = word_index_lookup(a->index, kw, &pos, &np, &cp);

	for (i = 0; ok && i < np; i++)
		if (!(a->word_against && a->word_against[pos[i]]))
			ok = push_occ(v, n, cap, pos[i], 1);
	free(pos);
	if (!ok || kw->is_num)
		return ok;
	for (s = 0; ok && s < c->nsyn; s++) {
		if (c->syn[s].n != 1 || !text_word_match(&c->syn[s].v[0], kw))
			continue;
		for (t = 0; ok && t < c->nsyn; t++)
			if (t != s && c->syn_set[t] == c->syn_set[s])
				ok = member_occ(c, a, t, v, n, cap);
	}
	return ok;
}

static bool answer_has(const struct probe_ctx *c, const struct answer *a, const struct word *kw,
		       size_t *off, size_t *len)
{
	struct occ *v = NULL, *best = NULL;
	size_t n = 0, cap = 0, i;

	if (!occurrences(c, a, kw, &v, &n, &cap)) {
		free(v);
		return false;
	}
	for (i = 0; i < n; i++)
		if (!best || v[i].pos < best->pos)
			best = &v[i];
	if (best) {
		const struct word *w0 = &a->words->v[best->pos], *wl = &a->words->v[best->pos + best->nwords - 1];
		*off = w0->off;
		*len = wl->off + wl->len - w0->off;
	}
	free(v);
	return best != NULL;
}

bool probe_answer_index(struct answer *a, struct word_index **ix, size_t **word_line)
{
	size_t i, line = 0, at = 0;

	*ix = word_index_build(a->words);
	*word_line = malloc((a->words->n + 1) * sizeof **word_line);
	if (!*ix || !*word_line) {
		word_index_free(*ix);
		free(*word_line);
		*ix = NULL;
		*word_line = NULL;
		return false;
	}
	for (i = 0; i < a->words->n; i++) {
		for (; at < a->words->v[i].off; at++)
			if (a->text->s[at] == '\n')
				line++;
		(*word_line)[i] = line;
	}
	a->index = *ix;
	a->word_line = *word_line;
	return true;
}

static bool has_ci(const char *hay, size_t hlen, const char *needle)
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

struct phit {
	size_t line, off, end;
	size_t key; /* index of the record's word, or SIZE_MAX - alias */
	bool num, unique;
};

static int cmp_phit(const void *a, const void *b)
{
	const struct phit *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

static bool add_phit(struct phit **v, size_t *n, size_t *cap, const struct answer *a,
		     const struct occ *o, size_t key, bool num, bool unique)
{
	const struct word *w0 = &a->words->v[o->pos], *wl = &a->words->v[o->pos + o->nwords - 1];

	if (!ak_grow(v, cap, *n + 1, sizeof **v))
		return false;
	(*v)[*n].line = a->word_line[o->pos];
	(*v)[*n].off = w0->off;
	(*v)[*n].end = wl->off + wl->len;
	(*v)[*n].key = key;
	(*v)[*n].num = num;
	(*v)[*n].unique = unique;
	(*n)++;
	return true;
}

/* Is phrase p named by the answer? Its words must stand on one line of
 * the notes (words scattered over a long answer name nothing). Sets the
 * span, on the line that holds most of them, that named it. */
static bool phrase_named_uncached(const struct probe_ctx *c, const struct answer *a,
				  const struct phrase *p, bool distinctive, size_t *off, size_t *len);

/* Is phrase p named by the answer? The answer to that is kept per answer
 * text: the questions on one clause item share their text and their
 * records. */
static bool phrase_named(const struct probe_ctx *c, const struct answer *a, const struct phrase *cp,
			 bool distinctive, size_t *off, size_t *len)
{
	struct phrase *p = (struct phrase *)cp; /* the memo is a cache */

	if (a->gen && p->memo_gen == a->gen) {
		*off = p->memo_off;
		*len = p->memo_len;
		return p->memo_named;
	}
	p->memo_named = phrase_named_uncached(c, a, p, distinctive, &p->memo_off, &p->memo_len);
	p->memo_gen = a->gen;
	*off = p->memo_off;
	*len = p->memo_len;
	return p->memo_named;
}

static bool phrase_named_uncached(const struct probe_ctx *c, const struct answer *a,
				  const struct phrase *p, bool distinctive, size_t *off, size_t *len)
{
	struct phit *h = NULL;
	struct occ *o = NULL;
	size_t *keys = NULL;
	size_t nh = 0, caph = 0, no, capo = 0, i, j, k, words = 0, best = 0;
	bool ok = true;

	for (i = 0; i < p->w.n && ok; i++) {
		const struct word *kw = &p->w.v[i];
		/* a word no other risk title has ("ransomware"), or an
		 * acronym the record writes ("WMS"), names it on its own */
		bool unique = !kw->is_num &&
			      ((distinctive && df_of(c, kw->stem) == 1 && strlen(kw->w) >= 4) ||
			       (kw->acronym && strlen(kw->w) >= 3 && !generic(kw->w) && !currency(kw->w)));
		if (!kw->is_num)
			words++;
		no = 0;
		ok = occurrences(c, a, kw, &o, &no, &capo);
		for (j = 0; ok && j < no; j++)
			ok = add_phit(&h, &nh, &caph, a, &o[j], i, kw->is_num, unique);
	}
	/* "SOC" for a record that spells out "security operations service" */
	for (i = 0; ok && i < p->naliases; i++)
		for (k = 0; ok && k < c->nsyn; k++) {
			if (c->syn_set[k] != p->aliases[i])
				continue;
			no = 0;
			ok = member_occ(c, a, k, &o, &no, &capo);
			for (j = 0; ok && j < no; j++)
				ok = add_phit(&h, &nh, &caph, a, &o[j], SIZE_MAX - i, false, true);
		}
	free(o);
	if (!ok) {
		free(h);
		return false;
	}
	if (nh) /* h is NULL when nothing was found */
		qsort(h, nh, sizeof *h, cmp_phit);
	/* the keys already counted on a line: at most one per word and alias,
	 * so a line that repeats a word 100,000 times stays linear */
	if (nh && !(keys = malloc((p->w.n + p->naliases) * sizeof *keys))) {
		free(h);
		return false;
	}
	for (i = 0; i < nh; i = j) {
		size_t matched = 0, nums = 0, aliased = 0, lo = SIZE_MAX, hi = 0, need, nkeys = 0;
		bool unique = false;
		for (j = i; j < nh && h[j].line == h[i].line; j++) {
			for (k = 0; k < nkeys && keys[k] != h[j].key; k++)
				;
			if (k < nkeys)
				continue; /* the span quotes each word once, where it first stands */
			keys[nkeys++] = h[j].key;
			if (h[j].key > p->w.n)
				aliased++;
			else if (h[j].num)
				nums++;
			else
				matched++;
			unique |= h[j].unique;
			if (h[j].off < lo)
				lo = h[j].off;
			if (h[j].end > hi)
				hi = h[j].end;
		}
		need = words <= 2 ? words : words <= 5 ? 2 : 3;
		if (((words > 0 && matched >= need) || (nums > 0 && matched >= 1) || unique) &&
		    matched + nums + aliased > best) {
			best = matched + nums + aliased;
			if (hi - lo <= 160) {
				*off = lo;
				*len = hi - lo;
			} else {
				*off = h[i].off;
				*len = h[i].end - h[i].off;
			}
		}
	}
	free(keys);
	free(h);
	return best > 0;
}

static bool person_named(const struct probe_ctx *c, const struct answer *a, const struct phrase *p,
			 size_t *off, size_t *len)
{
	size_t i;

	for (i = 0; i < p->w.n; i++)
		if (strlen(p->w.v[i].w) >= 3 && !p->w.v[i].is_num && answer_has(c, a, &p->w.v[i], off, len))
			return true;
	return false;
}

/* ======================================================================
 * Probes
 * ====================================================================== */

static bool found(struct probe_result *r, const char *fact, size_t off, size_t len)
{
	struct probe_found *v = realloc(r->found, (r->nfound + 1) * sizeof *v);

	if (!v)
		return false;
	r->found = v;
	v[r->nfound].fact = ak_strdup(fact);
	v[r->nfound].off = off;
	v[r->nfound].len = len;
	if (!v[r->nfound].fact)
		return false;
	r->nfound++;
	return true;
}

static bool missing(struct probe_result *r, const char *fact)
{
	char **v = realloc(r->missing, (r->nmissing + 1) * sizeof *v);

	if (!v)
		return false;
	r->missing = v;
	v[r->nmissing] = ak_strdup(fact);
	if (!v[r->nmissing])
		return false;
	r->nmissing++;
	return true;
}

static bool probe_list(const struct probe_ctx *c, const struct answer *a, const struct phrase *v,
		       size_t n, bool distinctive, struct probe_result *r)
{
	size_t i, off, len;

	if (n == 0)
		r->no_records = true;
	for (i = 0; i < n; i++) {
		bool ok = phrase_named(c, a, &v[i], distinctive, &off, &len);
		if (!ok && distinctive) {
			/* a risk named by its id: "R-07" */
			const char *sp = strchr(v[i].display, ' ');
			char id[64];
			snprintf(id, sizeof id, "%.*s", sp ? (int)(sp - v[i].display) : 0, v[i].display);
			if (*id && has_ci(a->text->s, a->text->len, id)) {
				const char *at = a->text->s;
				size_t k, idl = strlen(id);
				for (k = 0; k + idl <= a->text->len; k++)
					if (strncasecmp(at + k, id, idl) == 0)
						break;
				off = k;
				len = idl;
				ok = true;
			}
		}
		if (ok ? !found(r, v[i].display, off, len) : !missing(r, v[i].display))
			return false;
	}
	return true;
}

static bool probe_one_person(const struct probe_ctx *c, const struct answer *a,
			     const struct phrase *p, const char *fact, struct probe_result *r)
{
	size_t off, len;

	if (!fact || p->w.n == 0) {
		r->no_records = true;
		return true;
	}
	if (person_named(c, a, p, &off, &len))
		return found(r, fact, off, len);
	return missing(r, fact);
}

/* "I signed it", "I approved it myself": the interviewee as approver. */
static bool first_person_approval(const struct answer *a, size_t *off, size_t *len)
{
	size_t i, k;

	for (i = 0; i < a->words->n; i++) {
		if (strcmp(a->words->v[i].w, "i") != 0 || (a->word_against && a->word_against[i]))
			continue;
		for (k = i + 1; k < a->words->n && k <= i + 3; k++) {
			const char *s = a->words->v[k].stem;
			if (strncmp(s, "sign", 4) == 0 || strncmp(s, "approv", 6) == 0 ||
			    strncmp(s, "endors", 6) == 0) {
				*off = a->words->v[i].off;
				*len = a->words->v[k].off + a->words->v[k].len - *off;
				return true;
			}
		}
	}
	return false;
}

static bool probe_date(const struct answer *a, const struct ak_date *rec, bool has,
		       const char *what, struct probe_result *r)
{
	char fact[64], d[16];
	size_t i;

	if (!has) {
		r->no_records = true;
		return true;
	}
	date_format(rec, d, sizeof d);
	snprintf(fact, sizeof fact, "%s %s", what, d);
	for (i = 0; i < a->ndates; i++)
		if (a->dates[i].date.prec != DATE_YEAR && date_agrees(&a->dates[i].date, rec) &&
		    !(a->date_against && a->date_against[i]))
			return found(r, fact, a->dates[i].off, a->dates[i].len);
	return missing(r, fact);
}

bool probe_run(struct probe_ctx *c, const struct bank_probe *p, const struct answer *a,
	       struct probe_result *r)
{
	const struct facts_policy *pol = facts_policy(c->f);
	size_t off, len, i;
	bool ok = true;
	int need;

	memset(r, 0, sizeof *r);
	r->kind = p->kind;
	r->label = p->label;
	r->min = p->min;
	switch (p->kind) {
	case PROBE_TOP_RISKS:
		if (!r->label)
			r->label = "names the top risks in the register";
		ok = probe_list(c, a, c->risks, c->nrisks < (size_t)p->of ? c->nrisks : (size_t)p->of, true, r);
		break;
	case PROBE_POLICY_COMMITMENTS:
		if (!r->label)
			r->label = "knows what the policy commits to";
		ok = probe_list(c, a, c->commitments, c->ncommitments, false, r);
		break;
	case PROBE_POLICY_OBJECTIVES:
		if (!r->label)
			r->label = "knows the objectives";
		ok = probe_list(c, a, c->objectives, c->nobjectives, false, r);
		break;
	case PROBE_REVIEW_DECISIONS:
		if (!r->label)
			r->label = "knows the last management review's decisions";
		ok = probe_list(c, a, c->decisions, c->ndecisions, false, r);
		break;
	case PROBE_REVIEW_RESOURCES:
		if (!r->label)
			r->label = "knows the resources the last management review approved";
		ok = probe_list(c, a, c->resources, c->nresources, false, r);
		break;
	case PROBE_POLICY_VERSION: {
		char fact[96], vv[64];
		if (!r->label)
			r->label = "knows the policy's version";
		if (!pol->version) {
			r->no_records = true;
			break;
		}
		snprintf(fact, sizeof fact, "policy version %s", pol->version);
		snprintf(vv, sizeof vv, "v%s", pol->version);
		text_lower(vv);
		for (i = 0; i < a->words->n; i++)
			if ((strcasecmp(a->words->v[i].w, pol->version) == 0 || strcmp(a->words->v[i].w, vv) == 0) &&
			    !(a->word_against && a->word_against[i]))
				break;
		ok = i < a->words->n ? found(r, fact, a->words->v[i].off, a->words->v[i].len) : missing(r, fact);
		break;
	}
	case PROBE_POLICY_APPROVAL:
		if (!r->label)
			r->label = "knows when the policy was approved";
		ok = probe_date(a, &c->approved, c->has_approved, "policy approved", r);
		break;
	case PROBE_REVIEW_DATE:
		if (!r->label)
			r->label = "knows when the last management review was held";
		ok = probe_date(a, &c->review, c->has_review, "management review on", r);
		break;
	case PROBE_POLICY_APPROVER: {
		char fact[300];
		bool named = false;
		if (!r->label)
			r->label = "knows who approved the policy";
		if (!pol->approver) {
			r->no_records = true;
			break;
		}
		snprintf(fact, sizeof fact, "policy approved by %s", pol->approver);
		if (person_named(c, a, &c->approver_name, &off, &len))
			named = true;
		else if (c->approver_initials[0] && strlen(c->approver_initials) >= 2 &&
			 has_ci(a->text->s, a->text->len, c->approver_initials)) {
			for (i = 0; i < a->words->n; i++)
				if (strcmp(a->words->v[i].w, c->approver_initials) == 0 &&
				    !(a->word_against && a->word_against[i])) {
					off = a->words->v[i].off;
					len = a->words->v[i].len;
					named = true;
					break;
				}
		} else if (c->approver_role.w.n >= 2 &&
			   phrase_named(c, a, &c->approver_role, false, &off, &len))
			named = true;
		if (!named && c->interviewee_is_approver && first_person_approval(a, &off, &len))
			named = true;
		ok = named ? found(r, fact, off, len) : missing(r, fact);
		break;
	}
	case PROBE_POLICY_OWNER:
		if (!r->label)
			r->label = "knows who owns the policy";
		ok = probe_one_person(c, a, &c->policy_owner, pol->owner, r);
		break;
	case PROBE_ISMS_OWNER:
		if (!r->label)
			r->label = "names the person accountable for the management system";
		ok = probe_one_person(c, a, &c->isms_owner, facts_isms_owner(c->f), r);
		break;
	case PROBE_ROLES:
		if (!r->label)
			r->label = "names who holds the key roles";
		if (c->nroles == 0)
			r->no_records = true;
		for (i = 0; ok && i < c->nroles; i++)
			ok = person_named(c, a, &c->roles[i], &off, &len) ? found(r, c->roles[i].display, off, len)
									 : missing(r, c->roles[i].display);
		break;
	case PROBE_NKINDS:
		break;
	}
	/* a list shorter than the minimum is met when all of it is named */
	need = r->min;
	if ((size_t)need > r->nfound + r->nmissing)
		need = (int)(r->nfound + r->nmissing);
	r->met = !r->no_records && need > 0 && r->nfound >= (size_t)need;
	return ok;
}

void probe_result_release(struct probe_result *r)
{
	size_t i;

	for (i = 0; i < r->nfound; i++)
		free(r->found[i].fact);
	for (i = 0; i < r->nmissing; i++)
		free(r->missing[i]);
	free(r->found);
	free(r->missing);
	memset(r, 0, sizeof *r);
}

/* ======================================================================
 * Contradictions
 * ====================================================================== */

/* The sentence around offset off: up to the nearest ". ", "? ", "! ", "; "
 * or line break on either side. */
static void sentence(const struct text *t, size_t off, size_t *s, size_t *e)
{
	size_t a = off, b = off;

	while (a > 0 && t->s[a - 1] != '\n' &&
	       !(a >= 2 && strchr(".?!;", t->s[a - 2]) && t->s[a - 1] == ' '))
		a--;
	while (b < t->len && t->s[b] != '\n' && !(strchr(".?!;", t->s[b]) && (b + 1 == t->len || t->s[b + 1] == ' ' || t->s[b + 1] == '\n')))
		b++;
	*s = a;
	*e = b;
}

static bool span_has_stem(const struct answer *a, size_t s, size_t e, const char *prefix)
{
	size_t i, n = strlen(prefix);

	for (i = 0; i < a->words->n; i++)
		if (a->words->v[i].off >= s && a->words->v[i].off < e &&
		    strncmp(a->words->v[i].stem, prefix, n) == 0)
			return true;
	return false;
}

static bool span_has_word(const struct answer *a, size_t s, size_t e, const char *w)
{
	size_t i;

	for (i = 0; i < a->words->n; i++)
		if (a->words->v[i].off >= s && a->words->v[i].off < e && strcmp(a->words->v[i].w, w) == 0)
			return true;
	return false;
}

static bool span_has_text(const struct answer *a, size_t s, size_t e, const char *needle)
{
	return has_ci(a->text->s + s, e - s, needle);
}

static size_t add_contra(struct contradiction *out, size_t max, size_t n, const char *topic,
			 size_t s, size_t e, char *record, char *why)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (out[i].off == s && strcmp(out[i].topic, topic) == 0) {
			free(record);
			free(why);
			return n;
		}
	if (n >= max || !record || !why) {
		free(record);
		free(why);
		return n;
	}
	out[n].topic = topic;
	out[n].off = s;
	out[n].len = e - s;
	out[n].record = record;
	out[n].explanation = why;
	return n + 1;
}

static bool about_policy(const struct answer *a, size_t s, size_t e)
{
	return span_has_stem(a, s, e, "polic");
}

static bool about_review(const struct answer *a, size_t s, size_t e)
{
	return span_has_text(a, s, e, "management review") || span_has_word(a, s, e, "mr") ||
	       span_has_text(a, s, e, "review meeting");
}

size_t probe_contradictions(struct probe_ctx *c, const struct answer *a, struct contradiction *out,
			    size_t max)
{
	const struct facts_policy *pol = facts_policy(c->f);
	size_t n = 0, i, s, e;
	char d[16], said[16];

	/* 1. the policy dated otherwise than its approval */
	for (i = 0; c->has_approved && i < a->ndates; i++) {
		size_t k;
		bool agrees = false;
		sentence(a->text, a->dates[i].off, &s, &e);
		if (!about_policy(a, s, e) ||
		    !(span_has_stem(a, s, e, "approv") || span_has_stem(a, s, e, "sign") ||
		      span_has_stem(a, s, e, "updat") || span_has_stem(a, s, e, "issu") ||
		      span_has_stem(a, s, e, "adopt") || span_has_stem(a, s, e, "revis")))
			continue;
		for (k = 0; k < a->ndates; k++)
			if (a->dates[k].off >= s && a->dates[k].off < e &&
			    date_agrees(&a->dates[k].date, &c->approved))
				agrees = true;
		if (agrees || date_agrees(&a->dates[i].date, &c->approved))
			continue;
		date_format(&c->approved, d, sizeof d);
		date_format(&a->dates[i].date, said, sizeof said);
		n = add_contra(out, max, n, "policy approval", s, e,
			       ak_asprintf("policy approved %s", d),
			       ak_asprintf("the answer dates the policy to %s; the records say it was approved on %s",
					   said, d));
	}
	/* 2. "we review the policy every year" against an old approval */
	if (c->has_approved && c->has_interview &&
	    date_months_between(&c->approved, &c->interview) > 13) {
		static const char *const yearly[] = {"every year", "each year", "annually", "yearly",
						     "once a year", "every twelve months", NULL};
		for (i = 0; yearly[i]; i++) {
			size_t k;
			for (k = 0; k + strlen(yearly[i]) <= a->text->len; k++) {
				if (strncasecmp(a->text->s + k, yearly[i], strlen(yearly[i])) != 0)
					continue;
				sentence(a->text, k, &s, &e);
				if (!about_policy(a, s, e) || !(span_has_stem(a, s, e, "review") ||
								span_has_stem(a, s, e, "approv") ||
								span_has_stem(a, s, e, "updat")))
					continue;
				date_format(&c->approved, d, sizeof d);
				n = add_contra(out, max, n, "policy review", s, e,
					       ak_asprintf("policy approved %s", d),
					       ak_asprintf("the answer says the policy is reviewed every year; its last "
							   "approval on %s is %d months before the interview",
							   d, date_months_between(&c->approved, &c->interview)));
				break;
			}
		}
	}
	/* 3. another version of the policy */
	if (pol->version) {
		for (i = 0; i + 1 < a->words->n; i++) {
			const struct word *w = &a->words->v[i], *v = &a->words->v[i + 1];
			bool mention = strcmp(w->w, "version") == 0 && v->is_num;
			const struct word *num = v;
			if (!mention && w->w[0] == 'v' && w->w[1] >= '0' && w->w[1] <= '9')
				mention = true, num = w;
			if (!mention)
				continue;
			sentence(a->text, w->off, &s, &e);
			if (!about_policy(a, s, e))
				continue;
			if (strcasecmp(num->w[0] == 'v' ? num->w + 1 : num->w, pol->version) == 0)
				continue;
			n = add_contra(out, max, n, "policy version", s, e,
				       ak_asprintf("policy version %s", pol->version),
				       ak_asprintf("the answer gives the policy's version as %s; the current version is %s",
						   num->w[0] == 'v' ? num->w + 1 : num->w, pol->version));
		}
	}
	/* 4. the management review on another date */
	for (i = 0; c->has_review && i < a->ndates; i++) {
		size_t k;
		bool agrees = false;
		if (a->dates[i].date.prec == DATE_YEAR)
			continue;
		sentence(a->text, a->dates[i].off, &s, &e);
		if (!about_review(a, s, e) || about_policy(a, s, e))
			continue;
		for (k = 0; k < a->ndates; k++)
			if (a->dates[k].off >= s && a->dates[k].off < e &&
			    date_agrees(&a->dates[k].date, &c->review))
				agrees = true;
		if (agrees)
			continue;
		date_format(&c->review, d, sizeof d);
		date_format(&a->dates[i].date, said, sizeof said);
		n = add_contra(out, max, n, "management review date", s, e,
			       ak_asprintf("last management review %s", d),
			       ak_asprintf("the answer puts the last management review in %s; the records say %s",
					   said, d));
	}
	/* 5. "I attended" when the attendance list says otherwise */
	if (c->has_attendees && !c->interviewee_attended) {
		for (i = 0; i + 1 < a->words->n; i++) {
			const struct word *w = &a->words->v[i];
			size_t k;
			bool claim = false, negated = false;
			if (strcmp(w->w, "i") != 0)
				continue;
			for (k = i + 1; k < a->words->n && k <= i + 2; k++) {
				const char *st = a->words->v[k].stem;
				if (strcmp(st, "attend") == 0 || strcmp(st, "chair") == 0)
					claim = true;
				if (strcmp(a->words->v[k].w, "never") == 0 || strcmp(a->words->v[k].w, "don") == 0 ||
				    strcmp(a->words->v[k].w, "didn") == 0 || strcmp(a->words->v[k].w, "not") == 0)
					negated = true;
			}
			if (!claim || negated)
				continue;
			sentence(a->text, w->off, &s, &e);
			if (!about_review(a, s, e))
				continue;
			n = add_contra(out, max, n, "management review attendance", s, e,
				       ak_strdup("management review attendees"),
				       ak_strdup("the answer says the interviewee attends the management review; "
						 "the last review's attendance list does not name them"));
		}
	}
	return n;
}

void contradiction_release(struct contradiction *x)
{
	free(x->record);
	free(x->explanation);
	x->record = x->explanation = NULL;
}
