/* plan.c: choosing and ordering the questions of an interview (plan.h). */
#include "interview/plan.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/msg.h"
#include "core/util.h"

bool plan_filter_parse(const char *s, struct plan_filter *f)
{
	size_t n = 0;

	memset(f, 0, sizeof *f);
	while (*s == ' ')
		s++;
	while ((isdigit((unsigned char)s[n]) || s[n] == '.') && n < sizeof f->clause - 1)
		n++;
	if (n == 0 || !isdigit((unsigned char)s[0]) || s[n - 1] == '.')
		return false;
	memcpy(f->clause, s, n);
	s += n;
	while (*s == ' ')
		s++;
	if (*s) {
		if (!islower((unsigned char)s[0]) || s[1])
			return false;
		f->item[0] = s[0];
	}
	return true;
}

static bool clause_under(const char *clause, const char *prefix)
{
	size_t n = strlen(prefix);
	return strncmp(clause, prefix, n) == 0 && (clause[n] == '\0' || clause[n] == '.');
}

static bool filtered_in(const struct plan_opts *o, const struct bank_question *q)
{
	size_t i;

	if (o->nfilters == 0)
		return true;
	for (i = 0; i < o->nfilters; i++) {
		const struct plan_filter *f = &o->filters[i];
		if (!clause_under(q->clause, f->clause))
			continue;
		if (!f->item[0] || (q->item && strcmp(q->item, f->item) == 0))
			return true;
	}
	return false;
}

static bool was_asked(const struct plan_opts *o, const char *id)
{
	size_t i;

	for (i = 0; i < o->nasked; i++)
		if (strcmp(o->asked[i], id) == 0)
			return true;
	return false;
}

/* SplitMix64's finaliser and FNV-1a: a seed-and-group mix that is the same
 * on every machine. */
static uint64_t mix64(uint64_t z)
{
	z += 0x9E3779B97F4A7C15ULL;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xCBF29CE484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001B3ULL;
	return h;
}

/* The bank, for comparing clause ranks in qsort. */
static const struct bank *sort_bank;

static int angle_rank(enum bank_angle a) { return (int)a; }

static int cmp_key(const struct bank_question *x, const struct bank_question *y)
{
	size_t rx, ry;
	int c;

	if (x->priority != y->priority)
		return x->priority - y->priority;
	rx = bank_clause_rank(sort_bank, x->clause);
	ry = bank_clause_rank(sort_bank, y->clause);
	if (rx != ry)
		return rx < ry ? -1 : 1;
	c = strcmp(x->item ? x->item : "", y->item ? y->item : "");
	if (c)
		return c;
	if (x->angle != y->angle)
		return angle_rank(x->angle) - angle_rank(y->angle);
	return strcmp(x->id, y->id);
}

static int cmp_qp(const void *a, const void *b)
{
	return cmp_key(*(const struct bank_question *const *)a, *(const struct bank_question *const *)b);
}

/* Follow-ups first, then the core by rank, then the rest in key order. */
static int cmp_item(const void *a, const void *b)
{
	const struct plan_item *x = a, *y = b;

	if (x->follow_up != y->follow_up)
		return x->follow_up ? -1 : 1;
	if (x->core != y->core) {
		if (!x->core || !y->core)
			return x->core ? -1 : 1;
		return x->core - y->core;
	}
	return cmp_key(x->q, y->q);
}

/* The rank of a question's "core-N" tag (N from 1 to 999, lowest asked
 * first), or 0: the bank marks the method's core with these tags
 * (docs/script-format.md). */
int plan_core_rank(const struct bank_question *q)
{
	int best = 0;
	size_t i, k;

	for (i = 0; i < q->tags.n; i++) {
		const char *t = q->tags.v[i];
		int n = 0;
		if (strncmp(t, "core-", 5) != 0 || t[5] < '1' || t[5] > '9')
			continue;
		for (k = 5; isdigit((unsigned char)t[k]) && k < 8; k++)
			n = n * 10 + (t[k] - '0');
		if (!t[k] && (!best || n < best))
			best = n;
	}
	return best;
}

static int cmp_group(const void *a, const void *b)
{
	const struct bank_question *x = *(const struct bank_question *const *)a;
	const struct bank_question *y = *(const struct bank_question *const *)b;
	int c = strcmp(x->group, y->group);
	return c ? c : strcmp(x->id, y->id);
}

/* Whether a question already taken is on this clause item. */
static bool covered(const struct plan *p, const char *clause, const char *item)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->items[i].q->clause, clause) == 0 && p->items[i].q->item &&
		    strcmp(p->items[i].q->item, item) == 0)
			return true;
	return false;
}

/* One chosen question per group. */
struct rep {
	const struct bank_question *q;
	bool repeated; /* every wording of the group was asked before */
	bool taken;
};

static void take(struct plan *p, struct rep *r, int core, bool coverage, int *used)
{
	r->taken = true;
	*used += r->q->minutes;
	p->items[p->n].q = r->q;
	p->items[p->n].core = core;
	p->items[p->n].coverage = coverage;
	p->items[p->n++].repeated = r->repeated;
}

static bool is_coverage(struct bank_strings cov, const char *clause)
{
	size_t i;

	for (i = 0; i < cov.n; i++)
		if (strcmp(cov.v[i], clause) == 0)
			return true;
	return false;
}

/* Rule 0: the core. Each rank N of the bank's "core-N" tags, lowest first,
 * is one slot: the first question of that rank in key order that fits, one
 * not asked before if there is one. The method's core is asked at every
 * audit, a repeat marked as such. */
static void plan_core(const struct bank *b, struct rep *reps, size_t nreps, struct plan *p,
		      int *used)
{
	struct bank_strings cov = bank_coverage(b);
	int rank = 0, next, r;
	size_t j;

	for (;;) {
		struct rep *best = NULL;
		next = 0;
		for (j = 0; j < nreps; j++)
			if ((r = plan_core_rank(reps[j].q)) > rank && (!next || r < next))
				next = r;
		if (!next)
			break;
		rank = next;
		for (j = 0; j < nreps; j++) {
			struct rep *x = &reps[j];
			if (x->taken || plan_core_rank(x->q) != rank)
				continue;
			if (p->budget && *used + x->q->minutes > p->budget)
				continue;
			if (!best || (best->repeated && !x->repeated))
				best = x;
		}
		if (best)
			take(p, best, rank, is_coverage(cov, best->q->clause), used);
	}
}

ak_err plan_make(const struct bank *b, const struct plan_opts *o, struct plan *p)
{
	const struct bank_question **cand = NULL;
	struct rep *reps = NULL;
	struct bank_strings cov = bank_coverage(b);
	size_t ncand = 0, nreps = 0, i, j, k, nq = bank_nquestions(b);
	int used = 0;
	ak_err err = AK_OK;

	memset(p, 0, sizeof *p);
	sort_bank = b;
	for (i = 0; i < o->nfilters; i++) {
		for (j = 0; j < bank_nclauses(b); j++)
			if (clause_under(bank_clause(b, j), o->filters[i].clause))
				break;
		if (j == bank_nclauses(b)) {
			ak_error("no clause %s in bank %s", o->filters[i].clause, bank_id(b));
			return AK_ERR_USAGE;
		}
	}
	cand = calloc(nq + 1, sizeof *cand);
	reps = calloc(nq + 1, sizeof *reps);
	p->items = calloc(nq + 1, sizeof *p->items);
	p->dropped = calloc(nq + 1, sizeof *p->dropped);
	p->gaps = calloc(64 + nq, sizeof *p->gaps);
	if (!cand || !reps || !p->items || !p->dropped || !p->gaps) {
		err = AK_ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < nq; i++) {
		const struct bank_question *q = bank_question(b, i);
		if ((q->roles & (1u << o->role)) && (q->audits & (1u << o->audit)) && filtered_in(o, q))
			cand[ncand++] = q;
	}
	/* Rule 2: one question per group. */
	qsort(cand, ncand, sizeof *cand, cmp_group);
	for (i = 0; i < ncand; i = j) {
		size_t unasked = 0, n, pick;
		const struct bank_question *fresh[64];
		for (j = i; j < ncand && strcmp(cand[j]->group, cand[i]->group) == 0; j++)
			if (!was_asked(o, cand[j]->id) && unasked < 64)
				fresh[unasked++] = cand[j];
		n = unasked ? unasked : j - i;
		pick = o->seed ? (size_t)(mix64(o->seed ^ fnv1a(cand[i]->group)) % n) : 0;
		reps[nreps].q = unasked ? fresh[pick] : cand[i + pick];
		reps[nreps].repeated = unasked == 0;
		nreps++;
	}
	{
		/* Key order for everything that follows. */
		const struct bank_question **order = calloc(nreps + 1, sizeof *order);
		struct rep *sorted = calloc(nreps + 1, sizeof *sorted);
		if (!order || !sorted) {
			free(order);
			free(sorted);
			err = AK_ERR_NOMEM;
			goto out;
		}
		for (i = 0; i < nreps; i++)
			order[i] = reps[i].q;
		qsort(order, nreps, sizeof *order, cmp_qp);
		for (i = 0; i < nreps; i++)
			for (k = 0; k < nreps; k++)
				if (reps[k].q == order[i])
					sorted[i] = reps[k];
		free(order);
		free(reps);
		reps = sorted;
	}
	p->budget = o->minutes > 0 ? o->minutes - o->opening_minutes - o->closing_minutes : 0;
	if (o->minutes > 0 && p->budget < 0)
		p->budget = 0;
	/* Rule 0: last audit's open findings first, asked before or not. */
	for (k = 0; k < o->nfollow; k++) {
		const struct plan_filter *f = &o->follow[k];
		struct rep *best = NULL;
		for (j = 0; j < nreps; j++) {
			const struct bank_question *q = reps[j].q;
			if (!clause_under(q->clause, f->clause) ||
			    (f->item[0] && (!q->item || strcmp(q->item, f->item))))
				continue;
			if (!best || (best->repeated && !reps[j].repeated))
				best = &reps[j];
		}
		if (!best || best->taken || (p->budget && used + best->q->minutes > p->budget))
			continue;
		best->taken = true;
		used += best->q->minutes;
		p->items[p->n].q = best->q;
		for (j = 0; j < cov.n; j++)
			if (best->q->item && strcmp(cov.v[j], best->q->clause) == 0)
				p->items[p->n].coverage = true;
		p->items[p->n++].follow_up = true;
	}
	plan_core(b, reps, nreps, p, &used);
	/* Rule 3a: the best question for each coverage item, while time allows.
	 * A question asked before covers an item only if nothing else does. */
	for (i = 0; i < cov.n; i++) {
		struct bank_strings items = bank_clause_items(b, cov.v[i]);
		bool whole = o->nfilters == 0;
		for (k = 0; k < o->nfilters; k++)
			if (clause_under(cov.v[i], o->filters[k].clause))
				whole = true;
		if (!whole)
			continue;
		for (k = 0; k < items.n; k++) {
			struct rep *best = NULL;
			struct plan_filter f;
			bool done = false;
			memset(&f, 0, sizeof f);
			for (j = 0; j < nreps; j++)
				done |= reps[j].taken && reps[j].q->item &&
				        strcmp(reps[j].q->clause, cov.v[i]) == 0 &&
				        strcmp(reps[j].q->item, items.v[k]) == 0;
			if (done) /* a follow-up question covers it */
				continue;
			for (j = 0; j < nreps; j++) {
				const struct bank_question *q = reps[j].q;
				if (strcmp(q->clause, cov.v[i]) || !q->item || strcmp(q->item, items.v[k]))
					continue;
				if (!best || (best->repeated && !reps[j].repeated))
					best = &reps[j];
			}
			if (o->nfilters) {
				size_t m;
				bool in = false;
				for (m = 0; m < o->nfilters; m++)
					if (clause_under(cov.v[i], o->filters[m].clause) &&
					    (!o->filters[m].item[0] ||
					     strcmp(o->filters[m].item, items.v[k]) == 0))
						in = true;
				if (!in)
					continue;
			}
			if (covered(p, cov.v[i], items.v[k]))
				continue;
			if (!best) {
				p->gaps[p->ngaps].clause = cov.v[i];
				p->gaps[p->ngaps].item = items.v[k];
				p->gaps[p->ngaps++].no_question = true;
				continue;
			}
			if (p->budget && used + best->q->minutes > p->budget) {
				p->gaps[p->ngaps].clause = cov.v[i];
				p->gaps[p->ngaps].item = items.v[k];
				p->gaps[p->ngaps++].no_question = false;
				continue;
			}
			take(p, best, 0, true, &used);
		}
	}
	/* Rule 3b: the rest in key order, while they fit. Repeats only fill
	 * coverage gaps, never the rest. */
	for (j = 0; j < nreps; j++) {
		if (reps[j].taken || reps[j].repeated)
			continue;
		if (p->budget && used + reps[j].q->minutes > p->budget) {
			p->dropped[p->ndropped++] = reps[j].q;
			continue;
		}
		take(p, &reps[j], 0, false, &used);
	}
	qsort(p->items, p->n, sizeof *p->items, cmp_item);
	p->question_minutes = used;
	p->total_minutes = used + o->opening_minutes + o->closing_minutes;
out:
	free(cand);
	free(reps);
	if (err)
		plan_release(p);
	return err;
}

void plan_release(struct plan *p)
{
	free(p->items);
	free(p->gaps);
	free(p->dropped);
	memset(p, 0, sizeof *p);
}
