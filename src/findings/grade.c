/* grade.c: merging proposed findings across interviews, grading them with
 * the rules, overrides, and the never-a-nonconformity-as-OFI invariant.
 *
 * Everything the findings point at is either borrowed from the scored
 * interviews or allocated in the grader's arena, so a finding stays valid
 * until grade_free. */
#include "findings/grade.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "findings/rules.h"
#include "core/util.h"

/* ======================================================================
 * The grader
 * ====================================================================== */

struct person {
	const char *name; /* key: the interviewee's name (or the notes file) */
	char *label;      /* "Name (role)", in the arena */
};

struct interview {
	const struct scored *s;
	size_t person;
};

struct req {
	struct grade_req pub;
	const char **flags; /* red-flag labels, no duplicates (malloc) */
	size_t nflags, capflags;
	int contradictions;
	int asked, without, with;
};

/* One proposed finding of one interview, on the way to a merged one. */
struct contrib {
	size_t interview;
	const struct scored_finding *pf;
};

struct cand {
	size_t req;
	enum grade_kind kind;
	struct contrib *v; /* malloc */
	size_t n, cap;
};

struct gf {
	struct grade_finding f;
	size_t req;
	struct rules_subject subj;
	bool absorbed; /* combined into a systemic finding */
};

struct grader {
	struct ak_arena a;
	struct interview *iv;
	size_t niv, capiv;
	struct person *people;
	size_t npeople, cappeople;
	struct req *reqs;
	size_t nreqs, capreqs;
	int *best; /* nreqs x npeople */
	struct cand *cands;
	size_t ncands, capcands;
	struct gf *out;
	size_t nout, capout;
	bool oom;
};

struct grader *grade_new(void)
{
	return calloc(1, sizeof(struct grader));
}

void grade_free(struct grader *g)
{
	size_t i;

	if (!g)
		return;
	for (i = 0; i < g->nreqs; i++)
		free(g->reqs[i].flags);
	for (i = 0; i < g->ncands; i++)
		free(g->cands[i].v);
	free(g->iv);
	free(g->people);
	free(g->reqs);
	free(g->best);
	free(g->cands);
	free(g->out);
	ak_arena_release(&g->a);
	free(g);
}

/* A copy of the buffer's text in the arena; the buffer is reset. */
static const char *keep(struct grader *g, struct ak_buf *b)
{
	const char *s;

	if (ak_buf_failed(b)) {
		g->oom = true;
		ak_buf_reset(b);
		return "";
	}
	s = ak_arena_strdup(&g->a, ak_buf_str(b));
	ak_buf_reset(b);
	if (!s) {
		g->oom = true;
		return "";
	}
	return s;
}

static size_t person_of(struct grader *g, const struct scored *s)
{
	const char *name = s->interviewee ? s->interviewee : s->notes_file;
	struct ak_buf b = AK_BUF_INIT;
	size_t i;

	for (i = 0; i < g->npeople; i++)
		if (strcmp(g->people[i].name, name) == 0)
			return i;
	if (!ak_grow(&g->people, &g->cappeople, g->npeople + 1, sizeof *g->people)) {
		g->oom = true;
		return (size_t)-1;
	}
	if (s->interviewee)
		ak_buf_adds(&b, s->interviewee);
	else
		ak_buf_printf(&b, "unnamed (%s)", s->notes_file);
	if (s->role)
		ak_buf_printf(&b, " (%s)", s->role);
	g->people[g->npeople].name = name;
	g->people[g->npeople].label = (char *)keep(g, &b);
	ak_buf_release(&b);
	return g->npeople++;
}

ak_err grade_add(struct grader *g, const struct scored *s, bool *skipped)
{
	size_t i, p;

	*skipped = false;
	for (i = 0; i < g->niv; i++)
		if (strcmp(g->iv[i].s->notes_sha256, s->notes_sha256) == 0) {
			ak_warn(
			    "'%s' scores the same notes as '%s' (sha256 %.12s...): counted once",
			    s->path, g->iv[i].s->path, s->notes_sha256);
			*skipped = true;
			return AK_OK;
		}
	p = person_of(g, s);
	if (g->oom || !ak_grow(&g->iv, &g->capiv, g->niv + 1, sizeof *g->iv))
		return AK_ERR_NOMEM;
	g->iv[g->niv].s = s;
	g->iv[g->niv].person = p;
	g->niv++;
	return AK_OK;
}

/* ---- requirements -------------------------------------------------------- */

static size_t req_index(struct grader *g, const char *clause, const char *item)
{
	size_t i;

	for (i = 0; i < g->nreqs; i++)
		if (strcmp(g->reqs[i].pub.clause, clause) == 0 &&
		    ak_streq(g->reqs[i].pub.item, item))
			return i;
	return (size_t)-1;
}

static void add_flag(struct grader *g, struct req *r, const char *label)
{
	size_t i;

	for (i = 0; i < r->nflags; i++)
		if (strcmp(r->flags[i], label) == 0)
			return;
	if (!ak_grow(&r->flags, &r->capflags, r->nflags + 1, sizeof *r->flags)) {
		g->oom = true;
		return;
	}
	r->flags[r->nflags++] = label;
}

static int cmp_req(const void *a, const void *b)
{
	const struct req *x = a, *y = b;
	return grade_cmp_clause(x->pub.clause, x->pub.item, y->pub.clause, y->pub.item);
}

/* The union of every interview's requirements, in clause order, with the
 * best score of each interviewee on each. */
static ak_err build_reqs(struct grader *g)
{
	size_t i, j, k;

	for (i = 0; i < g->niv; i++) {
		const struct scored *s = g->iv[i].s;
		for (j = 0; j < s->nreqs; j++) {
			const struct scored_requirement *sr = &s->reqs[j];
			struct req *r;
			if (req_index(g, sr->clause, sr->item) != (size_t)-1)
				continue;
			if (!ak_grow(&g->reqs, &g->capreqs, g->nreqs + 1, sizeof *g->reqs))
				return AK_ERR_NOMEM;
			r = &g->reqs[g->nreqs++];
			memset(r, 0, sizeof *r);
			r->pub.standard = s->bank_standard;
			r->pub.clause = sr->clause;
			r->pub.item = sr->item;
			r->pub.requirement = sr->requirement;
		}
	}
	if (g->nreqs > 1)
		qsort(g->reqs, g->nreqs, sizeof *g->reqs, cmp_req);
	g->best = malloc((g->nreqs * g->npeople + 1) * sizeof *g->best);
	if (!g->best)
		return AK_ERR_NOMEM;
	for (i = 0; i < g->nreqs * g->npeople; i++)
		g->best[i] = -1;
	for (i = 0; i < g->niv; i++) {
		const struct scored *s = g->iv[i].s;
		for (j = 0; j < s->nreqs; j++) {
			const struct scored_requirement *sr = &s->reqs[j];
			size_t r = req_index(g, sr->clause, sr->item);
			int *cell = &g->best[r * g->npeople + g->iv[i].person];
			struct req *rq = &g->reqs[r];
			if (sr->score > *cell)
				*cell = sr->score;
			rq->pub.coverage |= sr->coverage;
			if (!rq->pub.requirement)
				rq->pub.requirement = sr->requirement;
			for (k = 0; k < sr->nred_flags; k++)
				add_flag(g, rq, sr->red_flags[k]);
			rq->contradictions += (int)sr->contradictions;
		}
	}
	for (i = 0; i < g->nreqs; i++) {
		struct req *r = &g->reqs[i];
		r->pub.best = -1;
		for (j = 0; j < g->npeople; j++) {
			int v = g->best[i * g->npeople + j];
			if (v < 0)
				continue;
			r->asked++;
			r->without += v == 0;
			r->with += v >= 2;
			if (v > r->pub.best)
				r->pub.best = v;
		}
		r->pub.gap = r->pub.coverage && r->asked == 0;
	}
	return g->oom ? AK_ERR_NOMEM : AK_OK;
}

/* ---- candidates ------------------------------------------------------------ */

static struct cand *cand_for(struct grader *g, size_t req, enum grade_kind kind)
{
	size_t i;

	for (i = 0; i < g->ncands; i++)
		if (g->cands[i].req == req && g->cands[i].kind == kind)
			return &g->cands[i];
	if (!ak_grow(&g->cands, &g->capcands, g->ncands + 1, sizeof *g->cands)) {
		g->oom = true;
		return NULL;
	}
	memset(&g->cands[g->ncands], 0, sizeof *g->cands);
	g->cands[g->ncands].req = req;
	g->cands[g->ncands].kind = kind;
	return &g->cands[g->ncands++];
}

static ak_err build_cands(struct grader *g)
{
	size_t i, j;

	for (i = 0; i < g->niv; i++) {
		const struct scored *s = g->iv[i].s;
		for (j = 0; j < s->nfindings; j++) {
			const struct scored_finding *pf = &s->findings[j];
			size_t r = req_index(g, pf->clause, pf->item);
			struct cand *c;
			if (r == (size_t)-1)
				return AK_ERR_INTERNAL; /* the reader checks this */
			/* Not asked of one interviewee but answered by another:
			 * the duty was covered. Asked of no one: a gap. */
			if ((enum grade_kind)pf->kind == GK_NOT_ASKED)
				continue;
			c = cand_for(g, r, (enum grade_kind)pf->kind);
			if (!c || !ak_grow(&c->v, &c->cap, c->n + 1, sizeof *c->v))
				return AK_ERR_NOMEM;
			c->v[c->n].interview = i;
			c->v[c->n].pf = pf;
			c->n++;
		}
	}
	/* Shown and no issue raised: a conformity, so the register says what
	 * was found to work as well as what was not. */
	for (i = 0; i < g->nreqs; i++) {
		for (j = 0; j < g->ncands; j++)
			if (g->cands[j].req == i)
				break;
		if (j == g->ncands && g->reqs[i].pub.best >= 2 && !cand_for(g, i, GK_CONFORMS))
			return AK_ERR_NOMEM;
	}
	return g->oom ? AK_ERR_NOMEM : AK_OK;
}

/* ---- building a merged finding ---------------------------------------------- */

struct lists {
	struct grade_quote *q;
	size_t nq, capq;
	const char **q_sha; /* notes SHA-256 of each quote, for duplicates */
	size_t capsha;
	const char **people, **auditors, **questions, **stmts;
	size_t np, capp, na, capa, nqs, capqs, ns, caps;
	size_t *qiv;
	size_t capqiv;
	const char *date;
};

static void lists_release(struct lists *l)
{
	free(l->q);
	free(l->q_sha);
	free(l->people);
	free(l->auditors);
	free(l->questions);
	free(l->stmts);
	free(l->qiv);
	memset(l, 0, sizeof *l);
}

static bool add_unique(const char ***v, size_t *n, size_t *cap, const char *s)
{
	size_t i;

	if (!s)
		return true;
	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i], s) == 0)
			return true;
	if (!ak_grow(v, cap, *n + 1, sizeof **v))
		return false;
	(*v)[(*n)++] = s;
	return true;
}

static bool add_quote(struct lists *l, const char *sha, const struct grade_quote *q)
{
	size_t i;

	for (i = 0; i < l->nq; i++)
		if (l->q[i].offset == q->offset && strcmp(l->q_sha[i], sha) == 0 &&
		    strcmp(l->q[i].quote, q->quote) == 0)
			return true;
	if (!ak_grow(&l->q, &l->capq, l->nq + 1, sizeof *l->q) ||
	    !ak_grow(&l->q_sha, &l->capsha, l->nq + 1, sizeof *l->q_sha))
		return false;
	l->q[l->nq] = *q;
	l->q_sha[l->nq] = sha;
	l->nq++;
	return true;
}

static bool add_question(struct lists *l, size_t iv, const char *id)
{
	size_t i;

	for (i = 0; i < l->nqs; i++)
		if (l->qiv[i] == iv && strcmp(l->questions[i], id) == 0)
			return true;
	if (!ak_grow(&l->questions, &l->capqs, l->nqs + 1, sizeof *l->questions) ||
	    !ak_grow(&l->qiv, &l->capqiv, l->nqs + 1, sizeof *l->qiv))
		return false;
	l->questions[l->nqs] = id;
	l->qiv[l->nqs] = iv;
	l->nqs++;
	return true;
}

/* Who and when, for one interview's part in a finding. */
static bool add_interview(struct grader *g, struct lists *l, size_t iv)
{
	const struct scored *s = g->iv[iv].s;

	if (s->date && (!l->date || strcmp(s->date, l->date) > 0))
		l->date = s->date;
	return add_unique(&l->people, &l->np, &l->capp, g->people[g->iv[iv].person].label) &&
	       add_unique(&l->auditors, &l->na, &l->capa, s->auditor);
}

static void *arena_copy(struct grader *g, const void *p, size_t n, size_t sz)
{
	void *d;

	if (n == 0)
		return NULL;
	d = ak_arena_alloc(&g->a, n * sz);
	if (!d) {
		g->oom = true;
		return NULL;
	}
	memcpy(d, p, n * sz);
	return d;
}

/* Move the lists into the finding (copies in the arena). */
static void publish(struct grader *g, struct lists *l, struct grade_finding *f)
{
	f->quotes = arena_copy(g, l->q, l->nq, sizeof *l->q);
	f->nquotes = f->quotes ? l->nq : 0;
	f->interviewees = arena_copy(g, l->people, l->np, sizeof *l->people);
	f->ninterviewees = f->interviewees ? l->np : 0;
	f->auditors = arena_copy(g, l->auditors, l->na, sizeof *l->auditors);
	f->nauditors = f->auditors ? l->na : 0;
	f->questions = arena_copy(g, l->questions, l->nqs, sizeof *l->questions);
	f->question_interview = arena_copy(g, l->qiv, l->nqs, sizeof *l->qiv);
	f->nquestions = f->questions && f->question_interview ? l->nqs : 0;
	f->date = l->date;
}

static const char *make_id(struct grader *g, const struct req *r, enum grade_kind k)
{
	struct ak_buf b = AK_BUF_INIT;
	const char *s;

	ak_buf_printf(&b, "%s%s/%s", r->pub.clause, r->pub.item ? r->pub.item : "",
	              grade_kind_name(k));
	s = keep(g, &b);
	ak_buf_release(&b);
	return s;
}

static struct gf *new_out(struct grader *g)
{
	struct gf *x;

	if (!ak_grow(&g->out, &g->capout, g->nout + 1, sizeof *g->out)) {
		g->oom = true;
		return NULL;
	}
	x = &g->out[g->nout++];
	memset(x, 0, sizeof *x);
	x->f.grade = x->f.rule_grade = GRADE_NONE;
	return x;
}

static void subject_of(const struct grader *g, size_t r, enum grade_kind k, int interviewees,
                       struct rules_subject *s)
{
	const struct req *rq = &g->reqs[r];

	memset(s, 0, sizeof *s);
	s->kind = k;
	s->clause = rq->pub.clause;
	s->item = rq->pub.item;
	s->coverage = rq->pub.coverage;
	s->best = rq->pub.best;
	s->asked = rq->asked;
	s->without_evidence = rq->without;
	s->with_evidence = rq->with;
	s->interviewees = interviewees;
	s->contradictions = rq->contradictions;
	s->red_flags = rq->flags;
	s->nred_flags = rq->nflags;
}

/* The merged finding of one candidate (its grade comes later). */
static ak_err merge_cand(struct grader *g, const struct cand *c)
{
	const struct req *rq = &g->reqs[c->req];
	struct lists l;
	struct ak_buf b = AK_BUF_INIT;
	struct gf *x = new_out(g);
	size_t i, j;

	memset(&l, 0, sizeof l);
	if (!x)
		return AK_ERR_NOMEM;
	x->req = c->req;
	x->f.kind = c->kind;
	x->f.id = make_id(g, rq, c->kind);
	x->f.standard = rq->pub.standard;
	x->f.clause = rq->pub.clause;
	x->f.item = rq->pub.item;
	x->f.requirement = rq->pub.requirement;
	for (i = 0; i < c->n; i++) {
		const struct scored *s = g->iv[c->v[i].interview].s;
		const struct scored_finding *pf = c->v[i].pf;
		const char *who = g->people[g->iv[c->v[i].interview].person].label;
		if (!add_interview(g, &l, c->v[i].interview) ||
		    !add_unique(&l.stmts, &l.ns, &l.caps, pf->statement))
			goto nomem;
		for (j = 0; j < pf->nev; j++) {
			struct grade_quote q = {
			    pf->ev[j].quote,  who,
			    s->notes_file,    pf->ev[j].line,
			    pf->ev[j].offset, pf->ev[j].record ? pf->ev[j].record : pf->record};
			if (!add_quote(&l, s->notes_sha256, &q))
				goto nomem;
		}
		for (j = 0; j < pf->nquestions; j++)
			if (!add_question(&l, c->v[i].interview, pf->questions[j]))
				goto nomem;
	}
	if (c->kind == GK_CONFORMS) {
		/* Who showed it, and the positive evidence they gave. */
		ak_buf_adds(&b, "Shown in interview by ");
		for (i = 0; i < g->niv; i++) {
			const struct scored *s = g->iv[i].s;
			size_t p = g->iv[i].person;
			int sc = g->best[c->req * g->npeople + p];
			if (sc < 2)
				continue;
			for (j = 0; j < s->nquestions; j++) {
				const struct scored_question *q = &s->questions[j];
				size_t k;
				if (strcmp(q->clause, rq->pub.clause) != 0 ||
				    !ak_streq(q->item, rq->pub.item) || q->score < 2)
					continue;
				if (!add_interview(g, &l, i) || !add_question(&l, i, q->id))
					goto nomem;
				for (k = 0; k < q->nev; k++) {
					const struct scored_evidence *e = &q->ev[k];
					struct grade_quote gq = {e->q.quote,    g->people[p].label,
					                         s->notes_file, e->q.line,
					                         e->q.offset,   NULL};
					if (strcmp(e->kind, "positive") &&
					    strcmp(e->kind, "document") &&
					    strcmp(e->kind, "mark_plus"))
						continue;
					if (!add_quote(&l, s->notes_sha256, &gq))
						goto nomem;
				}
			}
		}
		for (i = j = 0; i < g->npeople; i++) {
			int sc = g->best[c->req * g->npeople + i];
			if (sc >= 2)
				ak_buf_printf(&b, "%s%s (score %d)", j++ ? "; " : "",
				              g->people[i].label, sc);
		}
		ak_buf_addc(&b, '.');
		x->f.statement = keep(g, &b);
	} else {
		for (i = 0; i < l.ns; i++)
			ak_buf_printf(&b, "%s%s", i ? "\n" : "", l.stmts[i]);
		x->f.statement = keep(g, &b);
	}
	publish(g, &l, &x->f);
	subject_of(g, c->req, c->kind, (int)l.np, &x->subj);
	ak_buf_release(&b);
	lists_release(&l);
	return g->oom ? AK_ERR_NOMEM : AK_OK;
nomem:
	ak_buf_release(&b);
	lists_release(&l);
	return AK_ERR_NOMEM;
}

/* ---- grading ------------------------------------------------------------------ */

static const char *clause_text(struct grader *g, const char *clause, const char *item)
{
	struct ak_buf b = AK_BUF_INIT;
	const char *s;

	ak_buf_printf(&b, "%s%s%s", clause, item ? " " : "", item ? item : "");
	s = keep(g, &b);
	ak_buf_release(&b);
	return s;
}

static bool grade_one(struct grader *g, const struct rules *r, struct gf *x, struct ak_diags *d)
{
	const struct rule *ru = rules_match(r, &x->subj, false);
	bool raised;

	if (!ru) {
		ak_diags_add(d, rules_path(r), 0, 0,
		             "no rule grades %s on %s (finding '%s'): end the rules with one that "
		             "has no \"when\"",
		             grade_kind_name(x->f.kind), clause_text(g, x->f.clause, x->f.item),
		             x->f.id);
		return false;
	}
	x->f.rule = rule_id(ru);
	x->f.rule_grade = grade_floor(x->f.kind, x->subj.best, rule_grade(ru), &raised);
	x->f.grade = x->f.rule_grade;
	if (raised)
		x->f.note = "raised from opportunity for improvement to minor nonconformity: a "
		            "nonconformity is never recorded as an opportunity for improvement";
	return true;
}

/* Several minors on one requirement, when a requirement rule says they show
 * a systemic failure, become one finding with that rule's grade. */
static ak_err combine_minors(struct grader *g, const struct rules *r)
{
	size_t nreq = g->nreqs, i, j, k, nout;
	struct ak_buf b = AK_BUF_INIT;

	for (i = 0; i < nreq; i++) {
		struct rules_subject s;
		const struct rule *ru;
		struct lists l;
		struct gf *x;
		int minors = 0;

		nout = g->nout;
		for (j = 0; j < nout; j++)
			minors += g->out[j].req == i && g->out[j].f.grade == GRADE_MINOR;
		if (!minors)
			continue;
		subject_of(g, i, GK_COUNT, 0, &s);
		s.minors = minors;
		if (!(ru = rules_match(r, &s, true)))
			continue;
		if (!(x = new_out(g)))
			return AK_ERR_NOMEM;
		memset(&l, 0, sizeof l);
		x->req = i;
		x->subj = s;
		x->f.kind = GK_SYSTEMIC;
		x->f.id = make_id(g, &g->reqs[i], GK_SYSTEMIC);
		x->f.standard = g->reqs[i].pub.standard;
		x->f.clause = g->reqs[i].pub.clause;
		x->f.item = g->reqs[i].pub.item;
		x->f.requirement = g->reqs[i].pub.requirement;
		x->f.rule = rule_id(ru);
		x->f.grade = x->f.rule_grade = rule_grade(ru);
		ak_buf_printf(&b,
		              "%d minor nonconformities on this requirement together show a "
		              "systemic failure:",
		              minors);
		for (j = 0; j < nout; j++) {
			struct gf *m = &g->out[j];
			if (m->req != i || m->f.grade != GRADE_MINOR)
				continue;
			m->absorbed = true;
			ak_buf_printf(&b, "\n- %s: %s", m->f.id, m->f.statement);
			if (m->f.date && (!l.date || strcmp(m->f.date, l.date) > 0))
				l.date = m->f.date;
			for (k = 0; k < m->f.nquotes; k++)
				if (!add_quote(&l, m->f.quotes[k].notes ? m->f.quotes[k].notes : "",
				               &m->f.quotes[k]))
					goto nomem;
			for (k = 0; k < m->f.ninterviewees; k++)
				if (!add_unique(&l.people, &l.np, &l.capp, m->f.interviewees[k]))
					goto nomem;
			for (k = 0; k < m->f.nauditors; k++)
				if (!add_unique(&l.auditors, &l.na, &l.capa, m->f.auditors[k]))
					goto nomem;
			for (k = 0; k < m->f.nquestions; k++)
				if (!add_question(&l, m->f.question_interview[k],
				                  m->f.questions[k]))
					goto nomem;
		}
		x->f.statement = keep(g, &b);
		ak_buf_printf(&b, "combines %d minor nonconformities", minors);
		x->f.note = keep(g, &b);
		publish(g, &l, &x->f);
		lists_release(&l);
		continue;
	nomem:
		lists_release(&l);
		ak_buf_release(&b);
		return AK_ERR_NOMEM;
	}
	ak_buf_release(&b);
	return g->oom ? AK_ERR_NOMEM : AK_OK;
}

/* ---- overrides ---------------------------------------------------------------- */

static struct gf *find_target(struct grader *g, const struct grade_override *o)
{
	size_t i;

	for (i = 0; i < g->nout; i++) {
		struct gf *x = &g->out[i];
		if (o->target ? strcmp(o->target, x->f.id) == 0
		              : ak_streq(o->clause, x->f.clause) && ak_streq(o->item, x->f.item) &&
		                    ak_streq(o->kind, grade_kind_name(x->f.kind)))
			return x;
	}
	return NULL;
}

static void apply_overrides(struct grader *g, const struct grade_override *ov, size_t nov,
                            struct ak_diags *d, bool *bad)
{
	size_t i;

	for (i = 0; i < nov; i++) {
		const struct grade_override *o = &ov[i];
		struct gf *x = find_target(g, o);
		const char *name = o->target ? o->target : clause_text(g, o->clause, o->item);

		if (!x) {
			ak_diags_add(d, o->file, (int)o->line, o->col,
			             "override of '%s%s%s': no such finding", name,
			             o->target ? "" : " ",
			             o->target ? "" : (o->kind ? o->kind : ""));
			*bad = true;
			continue;
		}
		if (x->absorbed) {
			ak_diags_add(d, o->file, (int)o->line, o->col,
			             "override of '%s': it was combined into a systemic finding on "
			             "%s; override that finding",
			             x->f.id, clause_text(g, x->f.clause, x->f.item));
			*bad = true;
			continue;
		}
		if (x->f.override) {
			ak_diags_add(d, o->file, (int)o->line, o->col,
			             "'%s' is overridden twice (first at line %ld)", x->f.id,
			             x->f.override->line);
			*bad = true;
			continue;
		}
		if (o->grade == GRADE_OFI && (grade_is_nc(x->f.rule_grade) ||
		                              grade_kind_shows_nc(x->f.kind, x->subj.best))) {
			ak_diags_add(d, o->file, (int)o->line, o->col,
			             "cannot lower '%s' (%s) to an opportunity for improvement: a "
			             "nonconformity is never recorded as one (ISO/IEC 17021-1); "
			             "grade it observation or conformity if the evidence allows",
			             x->f.id, grade_label(x->f.rule_grade));
			*bad = true;
			continue;
		}
		x->f.override = o;
		x->f.grade = o->grade;
	}
}

/* ---- the run -------------------------------------------------------------------- */

static int cmp_out(const void *a, const void *b)
{
	const struct gf *x = a, *y = b;

	if (x->req != y->req)
		return x->req < y->req ? -1 : 1;
	if (x->f.grade != y->f.grade)
		return x->f.grade < y->f.grade ? -1 : 1;
	return (int)x->f.kind - (int)y->f.kind;
}

ak_err grade_run(struct grader *g, const struct rules *r, const struct grade_override *ov,
                 size_t nov, struct ak_diags *d)
{
	ak_err err;
	size_t i, n;
	bool bad = false;

	if ((err = build_reqs(g)) || (err = build_cands(g)))
		return err;
	for (i = 0; i < g->ncands; i++)
		if ((err = merge_cand(g, &g->cands[i])))
			return err;
	for (i = 0; i < g->nout; i++)
		if (!grade_one(g, r, &g->out[i], d))
			bad = true;
	if (bad)
		return AK_ERR_DATA;
	if ((err = combine_minors(g, r)))
		return err;
	if (g->nout > 1)
		qsort(g->out, g->nout, sizeof *g->out, cmp_out);
	/* Overrides see the absorbed minors, to say where they went. */
	apply_overrides(g, ov, nov, d, &bad);
	/* Drop the absorbed minors; the systemic finding carries them. */
	for (i = n = 0; i < g->nout; i++)
		if (!g->out[i].absorbed)
			g->out[n++] = g->out[i];
	g->nout = n;
	if (g->oom || d->oom)
		return AK_ERR_NOMEM;
	return bad ? AK_ERR_DATA : AK_OK;
}

size_t grade_count(const struct grader *g)
{
	return g->nout;
}
const struct grade_finding *grade_get(const struct grader *g, size_t i)
{
	return &g->out[i].f;
}
size_t grade_ninterviews(const struct grader *g)
{
	return g->niv;
}
const struct scored *grade_interview(const struct grader *g, size_t i)
{
	return g->iv[i].s;
}
const char *grade_interview_person(const struct grader *g, size_t i)
{
	return g->people[g->iv[i].person].label;
}
size_t grade_nreqs(const struct grader *g)
{
	return g->nreqs;
}
const struct grade_req *grade_req(const struct grader *g, size_t r)
{
	return &g->reqs[r].pub;
}
size_t grade_npeople(const struct grader *g)
{
	return g->npeople;
}
const char *grade_person(const struct grader *g, size_t p)
{
	return g->people[p].label;
}
int grade_score(const struct grader *g, size_t r, size_t p)
{
	return g->best ? g->best[r * g->npeople + p] : -1;
}

