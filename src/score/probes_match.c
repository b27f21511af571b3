/* probes_match.c: the knowledge probes (probes.h): does an answer name
 * the records?
 *
 * A record (a risk title, a commitment, a decision) becomes a short list of
 * content words (probes.c). An answer names the record when it holds enough
 * of them:
 *  - all of them when the record has one or two;
 *  - two when it has three to five, three when it has more;
 *  - or one word and one of the record's numbers ("3 %", "180k");
 *  - for a risk, also one word no other risk title in the register has
 *    ("ransomware"), or the risk's id ("R-07").
 * A person is named by first or last name; the policy's approver also by
 * the role's initials ("CEO"), and by "I signed it" when the interviewee is
 * the approver. docs/scoring.md gives the reasoning. */
#include "score/probes.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "score/probes_int.h"
#include "core/util.h"

/* ======================================================================
 * Does the answer hold a word?
 * ====================================================================== */

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
		if (probe_seq_at(a->words, pos[i], &c->syn[m]) &&
		    !(a->word_against && a->word_against[pos[i]]))
			ok = push_occ(v, n, cap, pos[i], c->syn[m].n);
	free(pos);
	return ok;
}

/* Every place word wi of p stands in the answer, directly or as a synonym:
 * "vendor" in the answer stands for "supplier" of a record when the bank
 * lists them together (phrase_synonyms worked out which members). Words on
 * lines marked against are left out. */
static bool occurrences(const struct probe_ctx *c, const struct answer *a, const struct phrase *p,
                        size_t wi, struct occ **v, size_t *n, size_t *cap)
{
	const struct word *kw = &p->w.v[wi];
	size_t *pos = NULL, np = 0, cp = 0, i, k;
	bool ok = word_index_lookup(a->index, kw, &pos, &np, &cp);

	for (i = 0; ok && i < np; i++)
		if (!(a->word_against && a->word_against[pos[i]]))
			ok = push_occ(v, n, cap, pos[i], 1);
	free(pos);
	if (!ok || kw->is_num)
		return ok;
	for (k = p->syn_from[wi]; ok && k < p->syn_from[wi + 1]; k++)
		ok = member_occ(c, a, p->syn_at[k], v, n, cap);
	return ok;
}

static bool answer_has(const struct probe_ctx *c, const struct answer *a, const struct phrase *p,
                       size_t wi, size_t *off, size_t *len)
{
	struct occ *v = NULL, *best = NULL;
	size_t n = 0, cap = 0, i;

	if (!occurrences(c, a, p, wi, &v, &n, &cap)) {
		free(v);
		return false;
	}
	for (i = 0; i < n; i++)
		if (!best || v[i].pos < best->pos)
			best = &v[i];
	if (best) {
		const struct word *w0 = &a->words->v[best->pos],
		                  *wl = &a->words->v[best->pos + best->nwords - 1];
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

/* Currency codes are written as acronyms ("EUR") but tell no record from
 * another. */
static bool currency(const char *w)
{
	static const char *const cur[] = {"eur", "usd", "gbp", "chf", "sek",
	                                  "nok", "dkk", "pln", NULL};
	size_t i;

	for (i = 0; cur[i]; i++)
		if (strcmp(w, cur[i]) == 0)
			return true;
	return false;
}

/* Is phrase p named by the answer? Its words must stand on one line of
 * the notes (words scattered over a long answer name nothing). Sets the
 * span, on the line that holds most of them, that named it. */
static bool phrase_named_uncached(const struct probe_ctx *c, const struct answer *a,
                                  const struct phrase *p, bool distinctive, size_t *off,
                                  size_t *len)
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
		              ((distinctive && probe_df(c, kw->stem) == 1 && strlen(kw->w) >= 4) ||
		               (kw->acronym && strlen(kw->w) >= 3 && !probe_generic(kw->w) &&
		                !currency(kw->w)));
		if (!kw->is_num)
			words++;
		no = 0;
		ok = occurrences(c, a, p, i, &o, &no, &capo);
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
			/* the span quotes each word once, where it first stands */
			if (k < nkeys)
				continue;
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

static bool person_named(const struct probe_ctx *c, const struct answer *a, const struct phrase *p,
                         size_t *off, size_t *len)
{
	size_t i;

	for (i = 0; i < p->w.n; i++)
		if (strlen(p->w.v[i].w) >= 3 && !p->w.v[i].is_num &&
		    answer_has(c, a, p, i, off, len))
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

/* Where id stands as a whole word, in any case, on a line not marked
 * against ("R-07", and not the "R-07" of "R-070"). */
static bool id_named(const struct answer *a, const char *id, size_t *off, size_t *len)
{
	const char *s = a->text->s;
	size_t n = a->text->len, k = strlen(id), i, w = 0;

	if (k == 0 || k > n)
		return false;
	for (i = 0; i + k <= n; i++) {
		if (strncasecmp(s + i, id, k) != 0 || (i > 0 && isalnum((unsigned char)s[i - 1])) ||
		    (i + k < n && isalnum((unsigned char)s[i + k])))
			continue;
		/* the word that starts here carries its line's mark */
		while (w < a->words->n && a->words->v[w].off + a->words->v[w].len <= i)
			w++;
		if (a->word_against && w < a->words->n && a->word_against[w])
			continue;
		*off = i;
		*len = k;
		return true;
	}
	return false;
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
			snprintf(id, sizeof id, "%.*s", sp ? (int)(sp - v[i].display) : 0,
			         v[i].display);
			ok = id_named(a, id, &off, &len);
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
		ok = probe_list(c, a, c->risks,
		                c->nrisks < (size_t)p->of ? c->nrisks : (size_t)p->of, true, r);
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
			if ((strcasecmp(a->words->v[i].w, pol->version) == 0 ||
			     strcmp(a->words->v[i].w, vv) == 0) &&
			    !(a->word_against && a->word_against[i]))
				break;
		ok = i < a->words->n ? found(r, fact, a->words->v[i].off, a->words->v[i].len)
		                     : missing(r, fact);
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
		/* by name, by the role's initials, by the role: each tried in turn
		 * (initials only on lines marked against do not stop the role) */
		if (person_named(c, a, &c->approver_name, &off, &len))
			named = true;
		if (!named && c->approver_initials[0] && strlen(c->approver_initials) >= 2 &&
		    probe_has_ci(a->text->s, a->text->len, c->approver_initials)) {
			for (i = 0; i < a->words->n; i++)
				if (strcmp(a->words->v[i].w, c->approver_initials) == 0 &&
				    !(a->word_against && a->word_against[i])) {
					off = a->words->v[i].off;
					len = a->words->v[i].len;
					named = true;
					break;
				}
		}
		if (!named && c->approver_role.w.n >= 2 &&
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
			ok = person_named(c, a, &c->roles[i], &off, &len)
			         ? found(r, c->roles[i].display, off, len)
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
