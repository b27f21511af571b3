/* grade_rate.c: grading the findings grade.c formed, for top management as
 * a body: the facts each rule looks at (who is behind a finding, who
 * demonstrated the requirement, whether the chief executive is among
 * either, whether they own the record), the first matching rule, several
 * minors combined, overrides, the order of the register, and the words of
 * each finding. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/msg.h"
#include "evidence/facts.h"
#include "findings/grade_int.h"

/* ======================================================================
 * Who is behind a finding, and who showed the requirement
 * ====================================================================== */

static bool in_cand(const struct grader *g, const struct cand *c, size_t p)
{
	size_t i;

	for (i = 0; i < c->nissues; i++)
		if (g->iv[g->issues[c->issues[i]].iv].person == p)
			return true;
	return false;
}

/* The requirements the finding is about, for "shown": its duties for a
 * finding on 5.1 as a whole, else its primary requirement. */
static bool passed(const struct grader *g, const struct cand *c, size_t p)
{
	size_t i;
	int n = 0;

	if (c->req >= 0)
		return g->verdict[(size_t)c->req * g->npeople + p] == 1;
	for (i = 0; i < g->nreqs; i++) {
		const struct req *q = &g->reqs[i];
		if (!ak_streq(q->pub.clause, "5.1") || !q->pub.item ||
		    !(c->duties & (1u << (q->pub.item[0] - 'a'))))
			continue;
		if (g->verdict[i * g->npeople + p] != 1)
			return false;
		n++;
	}
	return n > 0;
}

static bool contains_ci(const char *hay, const char *needle)
{
	size_t n;

	if (!hay || !needle || !*needle)
		return false;
	n = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

/* Does the record holder text (a name, or a role title such as "Chief
 * Operating Officer") name person p? */
static bool names_person(const struct grader *g, const char *holder, const struct person *p)
{
	const char *name = p->name;
	size_t i;

	if (!holder)
		return false;
	if (strncasecmp(name, "dr ", 3) == 0)
		name += 3;
	if (contains_ci(holder, name))
		return true;
	if (p->title && strcasecmp(holder, p->title) == 0)
		return true;
	for (i = 0; g->facts && i < facts_nroles(g->facts); i++) {
		const struct facts_role *r = facts_role(g->facts, i);
		if (r->role && strcasecmp(r->role, holder) == 0 && contains_ci(r->name, name))
			return true;
	}
	return false;
}

/* Does someone behind issue is own or approve the record it is about?
 * A risk among the five highest rated (6.1), the policy (5.2, 5.1 a, a
 * contradiction of policy.*), a management review they attended or a
 * decision of it they own (9.3, management_review.*). What was found goes
 * into b. */
static bool owns(const struct grader *g, const struct issue *is, struct ak_buf *b)
{
	const struct person *p = &g->people[g->iv[is->iv].person];
	const struct scored_finding *pf = is->pf;
	const struct facts *f = g->facts;
	const struct facts_policy *pol;
	const struct facts_review *rv;
	const char *fact = NULL;
	size_t i, j;

	if (!f)
		return false;
	if (pf->req >= 0) {
		const struct scored_requirement *sr = &g->iv[is->iv].s->reqs[pf->req];
		for (i = 0; i < sr->ncontra && !fact; i++)
			fact = sr->contra[i].fact;
	}
	if (ak_streq(pf->clause, "6.1")) {
		for (i = 0; i < facts_nrisks(f) && i < 5; i++) {
			const struct facts_risk *r = facts_risk(f, i);
			if (names_person(g, r->owner, p)) {
				ak_buf_printf(b, "%s owns %s%s%s, among the five highest-rated risks",
				              p->title ? p->title : p->name, r->id ? r->id : "a risk",
				              r->title ? " " : "", r->title ? r->title : "");
				return true;
			}
		}
	}
	pol = facts_policy(f);
	if ((ak_streq(pf->clause, "5.2") || (fact && strncmp(fact, "policy.", 7) == 0)) && pol &&
	    names_person(g, pol->approver, p)) {
		ak_buf_printf(b, "%s approved the policy", p->title ? p->title : p->name);
		return true;
	}
	rv = facts_review(f);
	if ((ak_streq(pf->clause, "9.3") || (fact && strncmp(fact, "management_review.", 18) == 0)) &&
	    rv) {
		for (i = 0; i < rv->attendees.n; i++)
			if (names_person(g, rv->attendees.v[i], p)) {
				ak_buf_printf(b, "%s attended the management review of %s",
				              p->title ? p->title : p->name, rv->date ? rv->date : "");
				return true;
			}
		for (j = 0; rv->decision_items && j < rv->decisions.n; j++)
			if (names_person(g, rv->decision_items[j].owner, p)) {
				ak_buf_printf(b, "%s owns decision %zu of the management review of %s",
				              p->title ? p->title : p->name, j + 1,
				              rv->date ? rv->date : "");
				return true;
			}
	}
	return false;
}

static void items_text(unsigned duties, struct ak_buf *b)
{
	int i, n = 0;

	for (i = 0; i < 26; i++)
		if (duties & (1u << i))
			ak_buf_printf(b, "%s%c", n++ ? ", " : "", 'a' + i);
}

static int popcount(unsigned v)
{
	int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

/* The facts a rule looks at, and the same in words for the reason. */
static void subject_of(struct grader *g, struct cand *c)
{
	struct rules_subject *s = &c->subj;
	struct ak_buf b = AK_BUF_INIT, own = AK_BUF_INIT;
	size_t p, i, j;
	int nlines = 0;

	memset(s, 0, sizeof *s);
	s->kind = c->kind;
	s->clause = c->clause;
	s->item = c->item;
	s->coverage = c->coverage;
	s->duty = c->duty;
	s->top = g->ntop_in_scope;
	s->duties = popcount(c->duties);
	s->best = c->req >= 0 ? g->reqs[c->req].pub.best : -1;
	for (i = 0; i < c->nev; i++)
		if (c->ev[i].home < 0) {
			nlines++;
			s->contradictions += c->ev[i].record != NULL;
		}
	s->statements = nlines;
	ak_buf_printf(&b, "top management in scope: %d", s->top);
	if (c->kind != GK_CONFORMITY) {
		struct ak_buf who = AK_BUF_INIT, shown = AK_BUF_INIT;
		for (p = 0; p < g->npeople; p++) {
			const struct person *pe = &g->people[p];
			if (in_cand(g, c, p)) {
				s->interviewees++;
				if (pe->top) {
					s->failed++;
					s->chief |= pe->chief;
					ak_buf_printf(&who, "%s%s", who.len ? ", " : "",
					              pe->title ? pe->title : pe->name);
				}
			} else if (pe->top && passed(g, c, p)) {
				s->shown++;
				s->chief_shown |= pe->chief;
				ak_buf_printf(&shown, "%s%s", shown.len ? ", " : "",
				              pe->title ? pe->title : pe->name);
			}
		}
		s->most = s->failed >= 2 && 2 * s->failed > s->top;
		for (i = 0; i < c->nissues && !s->owner; i++)
			s->owner = owns(g, &g->issues[c->issues[i]], &own);
		ak_buf_printf(&b, "; failed or delegated here: %d (%s)", s->failed,
		              who.len ? ak_buf_str(&who) : "none in scope");
		ak_buf_printf(&b, "; demonstrated by: %d%s%s%s", s->shown, shown.len ? " (" : "",
		              ak_buf_str(&shown), shown.len ? ")" : "");
		if (s->chief)
			ak_buf_adds(&b, "; the chief executive is among those who failed");
		else if (s->chief_shown)
			ak_buf_adds(&b, "; the chief executive demonstrated it");
		if (s->most)
			ak_buf_adds(&b, "; that is most of top management");
		if (own.len)
			ak_buf_printf(&b, "; %s", ak_buf_str(&own));
		ak_buf_release(&who);
		ak_buf_release(&shown);
	} else {
		for (p = 0; p < g->npeople; p++)
			s->interviewees += in_cand(g, c, p);
	}
	if (c->duties) {
		ak_buf_adds(&b, "; duties of 5.1: ");
		items_text(c->duties, &b);
	}
	ak_buf_printf(&b, "; statements quoted: %d", s->statements);
	/* Red-flag labels of its requirements, each once. */
	for (i = 0; i < c->nissues; i++) {
		const struct issue *is = &g->issues[c->issues[i]];
		const struct scored_requirement *sr =
		    is->pf->req >= 0 ? &g->iv[is->iv].s->reqs[is->pf->req] : NULL;
		for (j = 0; sr && j < sr->nred_flags; j++)
			s->nred_flags++;
	}
	if (s->nred_flags) {
		const char **v = ak_arena_alloc(&g->a, s->nred_flags * sizeof *v);
		size_t n = 0;
		for (i = 0; v && i < c->nissues; i++) {
			const struct issue *is = &g->issues[c->issues[i]];
			const struct scored_requirement *sr =
			    is->pf->req >= 0 ? &g->iv[is->iv].s->reqs[is->pf->req] : NULL;
			for (j = 0; sr && j < sr->nred_flags; j++)
				v[n++] = sr->red_flags[j];
		}
		s->red_flags = v;
		s->nred_flags = v ? n : 0;
	}
	c->facts_text = grade_keep(g, &b);
	ak_buf_release(&b);
	ak_buf_release(&own);
}

/* ======================================================================
 * Grading
 * ====================================================================== */

static const char *clause_text(struct grader *g, const char *clause, const char *item)
{
	struct ak_buf b = AK_BUF_INIT;
	const char *s;

	ak_buf_printf(&b, "%s%s%s", clause, item ? " " : "", item ? item : "");
	s = grade_keep(g, &b);
	ak_buf_release(&b);
	return s;
}

static void set_reason(struct grader *g, struct cand *c, const struct rule *ru, const char *extra)
{
	struct ak_buf b = AK_BUF_INIT;

	ak_buf_printf(&b, "%s: %s Counted: %s.", rule_id(ru), rule_why(ru), c->facts_text);
	if (extra)
		ak_buf_printf(&b, " %s", extra);
	c->f.reason = grade_keep(g, &b);
	ak_buf_release(&b);
}

static bool grade_one(struct grader *g, const struct rules *r, struct cand *c, struct ak_diags *d)
{
	const struct rule *ru = rules_match(r, &c->subj, false);
	bool raised;

	if (!ru) {
		ak_diags_add(d, rules_path(r), 0, 0,
		             "no rule grades %s on %s (finding '%s'): end the rules with one that "
		             "has no \"when\"",
		             grade_kind_name(c->kind), clause_text(g, c->clause, c->item), c->key);
		return false;
	}
	c->f.rule = rule_id(ru);
	c->f.rule_grade = grade_floor(c->kind, c->subj.shown, rule_grade(ru), &raised);
	c->f.grade = c->f.rule_grade;
	set_reason(g, c, ru, NULL);
	if (raised)
		c->f.note = "raised from opportunity for improvement to minor nonconformity: a "
		            "nonconformity is never recorded as an opportunity for improvement";
	ak_verbosef("%s: %s by rule %s", c->key, grade_label(c->f.grade), c->f.rule);
	return true;
}

/* Several minors on one clause, when a requirement rule says they show a
 * systemic failure, become one finding with that rule's grade. */
static void combine_minors(struct grader *g, const struct rules *r)
{
	struct ak_buf b = AK_BUF_INIT;
	size_t i, j, n = g->ncands;

	for (i = 0; i < n; i++) {
		struct rules_subject s;
		const struct rule *ru;
		struct cand *c = &g->cands[i], *x;
		int minors = 0;
		if (c->dead || c->f.grade != GRADE_MINOR || c->absorbed)
			continue;
		for (j = i; j < n; j++)
			minors += !g->cands[j].dead && !g->cands[j].absorbed &&
			          g->cands[j].f.grade == GRADE_MINOR &&
			          ak_streq(g->cands[j].clause, c->clause);
		memset(&s, 0, sizeof s);
		s.kind = GK_COUNT;
		s.clause = c->clause;
		s.coverage = c->coverage;
		s.duty = c->duty;
		s.top = g->ntop_in_scope;
		s.minors = minors;
		s.best = -1;
		if (!(ru = rules_match(r, &s, true)))
			continue;
		ak_buf_printf(&b, "%s/systemic", c->clause);
		if (!(x = grade_cand_new(g, grade_keep(g, &b), GK_SYSTEMIC)))
			break;
		c = &g->cands[i]; /* the array may have moved */
		x->clause = c->clause;
		x->requirement = c->req >= 0 && c->item ? g->reqs[c->req].pub.requirement
		                                        : c->requirement;
		if (c->item && ak_streq(c->clause, "5.1"))
			x->requirement = "Leadership and commitment";
		x->coverage = c->coverage;
		x->duty = c->duty;
		x->subj = s;
		for (j = i; j < n; j++) {
			struct cand *m = &g->cands[j];
			if (m->dead || m->absorbed || m->f.grade != GRADE_MINOR ||
			    !ak_streq(m->clause, x->clause))
				continue;
			m->absorbed = true;
			grade_absorb(g, x, m);
		}
		x->f.rule = rule_id(ru);
		x->f.grade = x->f.rule_grade = rule_grade(ru);
		ak_buf_printf(&b, "combines %d minor nonconformities on %s", minors, x->clause);
		x->f.note = grade_keep(g, &b);
		subject_of(g, x);
		x->subj.minors = minors;
		ak_buf_printf(&b, "%d minor nonconformities on this clause.", minors);
		set_reason(g, x, ru, ak_buf_str(&b));
		ak_buf_reset(&b);
	}
	ak_buf_release(&b);
}

/* ======================================================================
 * Overrides
 * ====================================================================== */

static struct cand *find_target(struct grader *g, const struct grade_override *o)
{
	struct ak_buf b = AK_BUF_INIT;
	const char *key;
	size_t i;

	if (o->target)
		key = o->target;
	else {
		ak_buf_printf(&b, "%s%s%s/%s", o->clause, o->item ? " " : "", o->item ? o->item : "",
		              o->kind ? o->kind : "");
		key = grade_keep(g, &b);
	}
	ak_buf_release(&b);
	for (i = 0; i < g->ncands; i++)
		if (!g->cands[i].dead && strcmp(g->cands[i].key, key) == 0)
			return &g->cands[i];
	/* An issue folded or merged into another finding names that one. */
	for (i = 0; i < g->nissues; i++)
		if (strcmp(g->issues[i].pf->key, key) == 0 && g->issues[i].cand >= 0 &&
		    !g->cands[g->issues[i].cand].dead)
			return &g->cands[g->issues[i].cand];
	return NULL;
}

static void apply_overrides(struct grader *g, const struct grade_override *ov, size_t nov,
                            struct ak_diags *d, bool *bad)
{
	size_t i;

	for (i = 0; i < nov; i++) {
		const struct grade_override *o = &ov[i];
		struct cand *x = find_target(g, o);
		const char *name = o->target ? o->target : clause_text(g, o->clause, o->item);

		if (!x) {
			ak_diags_add(d, o->file, (int)o->line, o->col,
			             "override of '%s%s%s': no such finding (name it by its key, the "
			             "register's Key column)",
			             name, o->target ? "" : " ", o->target ? "" : (o->kind ? o->kind : ""));
			*bad = true;
			continue;
		}
		if (x->absorbed) {
			ak_diags_add(d, o->file, (int)o->line, o->col,
			             "override of '%s': it was combined into a systemic finding on "
			             "%s; override that finding",
			             x->key, x->clause);
			*bad = true;
			continue;
		}
		if (x->f.override) {
			ak_diags_add(d, o->file, (int)o->line, o->col,
			             "'%s' is overridden twice (first at line %ld)", x->key,
			             x->f.override->line);
			*bad = true;
			continue;
		}
		if (o->grade == GRADE_OFI &&
		    (grade_is_nc(x->f.rule_grade) || grade_kind_shows_nc(x->kind, x->subj.shown))) {
			ak_diags_add(d, o->file, (int)o->line, o->col,
			             "cannot lower '%s' (%s) to an opportunity for improvement: a "
			             "nonconformity is never recorded as one (ISO/IEC 17021-1); "
			             "grade it observation or conformity if the evidence allows",
			             x->key, grade_label(x->f.rule_grade));
			*bad = true;
			continue;
		}
		x->f.override = o;
		x->f.grade = o->grade;
	}
}

/* ======================================================================
 * The words of a finding
 * ====================================================================== */

/* "the chief operating officer and the chief financial officer" */
static void titles(struct grader *g, const struct cand *c, struct ak_buf *b)
{
	size_t p, n = 0, k = 0;

	for (p = 0; p < g->npeople; p++)
		n += in_cand(g, c, p);
	for (p = 0; p < g->npeople; p++) {
		const struct person *pe = &g->people[p];
		const char *t = pe->title ? pe->title : pe->name;
		if (!in_cand(g, c, p))
			continue;
		if (k)
			ak_buf_adds(b, k + 1 == n ? " and " : ", ");
		if (pe->title)
			ak_buf_printf(b, "the %c%s", tolower((unsigned char)t[0]), t + 1);
		else
			ak_buf_adds(b, t);
		k++;
	}
	if (!n)
		ak_buf_adds(b, "top management");
}

static void cap(struct ak_buf *b, const char *s)
{
	if (!s || !*s)
		return;
	ak_buf_addc(b, (char)toupper((unsigned char)s[0]));
	ak_buf_adds(b, s + 1);
}

static void related_text(struct grader *g, const struct cand *c, struct ak_buf *b)
{
	const char *seen[64];
	size_t i, j, n = 0;

	for (i = 0; i < c->nreqs; i++) {
		const struct req *q = &g->reqs[c->reqs[i]];
		if (c->reqs[i] == c->req)
			continue;
		const char *name = q->pub.clause;
		if (ak_streq(c->clause, "5.1") && ak_streq(q->pub.clause, "5.1"))
			continue; /* a duty: in the items */
		if (q->pub.item)
			name = clause_text(g, q->pub.clause, q->pub.item);
		for (j = 0; j < n; j++)
			if (strcmp(seen[j], name) == 0)
				break;
		if (j < n || n == 64)
			continue;
		seen[n++] = name;
	}
	/* In clause order. */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && grade_cmp_clause(seen[j - 1], NULL, seen[j], NULL) > 0; j--) {
			const char *t = seen[j];
			seen[j] = seen[j - 1];
			seen[j - 1] = t;
		}
	for (i = 0; i < n; i++)
		ak_buf_printf(b, "%s%s", i ? ", " : "", seen[i]);
}

static void requirement_text(struct grader *g, const struct cand *c, struct ak_buf *b)
{
	size_t i;

	if (c->req >= 0 && c->item) {
		cap(b, g->reqs[c->req].pub.requirement);
		return;
	}
	cap(b, c->requirement ? c->requirement : "");
	if (!c->duties)
		return;
	ak_buf_addc(b, ':');
	for (i = 0; i < g->nreqs; i++) {
		const struct req *q = &g->reqs[i];
		if (ak_streq(q->pub.clause, "5.1") && q->pub.item &&
		    (c->duties & (1u << (q->pub.item[0] - 'a'))))
			ak_buf_printf(b, " %s) %s;", q->pub.item,
			              q->pub.requirement ? q->pub.requirement : "");
	}
	if (b->len && b->data[b->len - 1] == ';')
		b->data[b->len - 1] = '.';
}

static void statement_text(struct grader *g, const struct cand *c, struct ak_buf *b)
{
	struct ak_buf who = AK_BUF_INIT, rel = AK_BUF_INIT, items = AK_BUF_INIT;
	const char *ref = c->item ? clause_text(g, c->clause, c->item) : c->clause;
	const char *record = NULL;
	size_t i;

	titles(g, c, &who);
	related_text(g, c, &rel);
	items_text(c->duties, &items);
	for (i = 0; i < c->nissues && !record; i++)
		if (g->issues[c->issues[i]].pf->kind == SK_CONTRADICTION)
			record = g->issues[c->issues[i]].pf->record;
	switch (c->kind) {
	case GK_LEADERSHIP:
		ak_buf_printf(&b[0],
		              "Leadership and commitment (5.1) is not demonstrated across top "
		              "management: in the area directed by %s, duties %s of 5.1 are handed "
		              "to others or not shown first-hand",
		              ak_buf_str(&who), ak_buf_str(&items));
		if (c->subj.owner)
			ak_buf_adds(b, ", and records they own are not known");
		ak_buf_addc(b, '.');
		break;
	case GK_DELEGATION:
		ak_buf_printf(b, "%s (%s) is handed to others by %s, with nothing first-hand "
		                 "beside it.",
		              "", ref, ak_buf_str(&who));
		break;
	case GK_NO_EVIDENCE:
		ak_buf_printf(b, " (%s) is not shown by %s: the interview recorded nothing in "
		                 "favour.",
		              ref, ak_buf_str(&who));
		break;
	case GK_WEAK:
		ak_buf_printf(b, " (%s) is shown by %s only in general terms, without "
		                 "specifics.",
		              ref, ak_buf_str(&who));
		break;
	case GK_RED_FLAG:
		ak_buf_printf(b, " (%s): the interview of %s raised a concern the auditor "
		                 "recorded.",
		              ref, ak_buf_str(&who));
		break;
	case GK_CONTRADICTION:
		ak_buf_printf(b, " (%s): what %s stated is contradicted by the organisation's "
		                 "records%s%s%s.",
		              ref, ak_buf_str(&who), record ? " (" : "", record ? record : "",
		              record ? ")" : "");
		break;
	case GK_CONFORMITY:
		ak_buf_printf(b, " (%s%s%s%s) is demonstrated by top management with objective "
		                 "evidence, from %s.",
		              ref, c->duties ? ": duties " : "", ak_buf_str(&items), "",
		              ak_buf_str(&who));
		break;
	case GK_SYSTEMIC:
		ak_buf_printf(b, "%d minor nonconformities on %s together show a systemic failure "
		                 "to meet it.",
		              c->subj.minors, c->clause);
		break;
	default:
		ak_buf_printf(b, " (%s).", ref);
		break;
	}
	if (rel.len)
		ak_buf_printf(b, " The same evidence bears on %s.", ak_buf_str(&rel));
	ak_buf_release(&who);
	ak_buf_release(&rel);
	ak_buf_release(&items);
}

/* A statement that stands alone in the register: kinds that begin with the
 * requirement get it in front. */
static const char *finding_statement(struct grader *g, const struct cand *c)
{
	struct ak_buf b = AK_BUF_INIT, tail = AK_BUF_INIT;
	const char *s;

	statement_text(g, c, &tail);
	if (tail.len && tail.data[0] == ' ') {
		struct ak_buf req = AK_BUF_INIT;
		if (c->req >= 0 && c->item)
			requirement_text(g, c, &req);
		else
			cap(&req, c->requirement);
		/* The paraphrase without a closing list, for a sentence. */
		ak_buf_add(&b, req.data, req.len && req.data[req.len - 1] == '.' ? req.len - 1 : req.len);
		ak_buf_release(&req);
	}
	ak_buf_adds(&b, ak_buf_str(&tail));
	ak_buf_release(&tail);
	s = grade_keep(g, &b);
	ak_buf_release(&b);
	return s;
}

static int cmp_ev(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;

	if (x->iv != y->iv)
		return x->iv < y->iv ? -1 : 1;
	return x->st < y->st ? -1 : x->st > y->st;
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

/* Quotes: the statements of one line of one interview are one quote, in
 * notes order. */
static void words(struct grader *g, struct cand *c)
{
	struct grade_quote *q = NULL;
	const char **people = NULL, **aud = NULL, **qs = NULL;
	size_t *qiv = NULL;
	size_t last_iv = (size_t)-1;
	size_t nq = 0, capq = 0, np = 0, capp = 0, na = 0, capa = 0, nqs = 0, capqs = 0, capqiv = 0;
	struct ak_buf b = AK_BUF_INIT;
	size_t i, j;

	if (c->nev > 1)
		qsort(c->ev, c->nev, sizeof *c->ev, cmp_ev);
	for (i = 0; i < c->nev; i++) {
		const struct ev *e = &c->ev[i];
		const struct scored *s;
		const struct scored_statement *st;
		if (e->home >= 0)
			continue;
		s = g->iv[e->iv].s;
		st = &s->statements[e->st];
		if (nq && last_iv == e->iv && q[nq - 1].line == st->line) {
			ak_buf_printf(&b, "%s %s", q[nq - 1].quote, st->text);
			q[nq - 1].quote = grade_keep(g, &b);
			if (e->record && !q[nq - 1].record)
				q[nq - 1].record = e->record;
			continue;
		}
		if (!ak_grow(&q, &capq, nq + 1, sizeof *q)) {
			g->oom = true;
			break;
		}
		q[nq].quote = st->text;
		q[nq].who = g->people[g->iv[e->iv].person].label;
		q[nq].notes = grade_base_name(s->notes_file);
		q[nq].line = st->line;
		q[nq].offset = st->offset;
		q[nq].record = e->record;
		q[nq].cls = e->cls;
		last_iv = e->iv;
		nq++;
	}
	for (i = 0; i < c->nissues; i++) {
		const struct issue *is = &g->issues[c->issues[i]];
		const struct scored *s = g->iv[is->iv].s;
		if (!add_unique(&people, &np, &capp, g->people[g->iv[is->iv].person].label) ||
		    !add_unique(&aud, &na, &capa, s->auditor))
			g->oom = true;
		if (s->date && (!c->f.date || strcmp(s->date, c->f.date) > 0))
			c->f.date = s->date;
		for (j = 0; j < is->pf->nquestions; j++) {
			size_t k;
			for (k = 0; k < nqs; k++)
				if (qiv[k] == is->iv && strcmp(qs[k], is->pf->questions[j]) == 0)
					break;
			if (k < nqs)
				continue;
			if (!ak_grow(&qs, &capqs, nqs + 1, sizeof *qs) ||
			    !ak_grow(&qiv, &capqiv, nqs + 1, sizeof *qiv)) {
				g->oom = true;
				break;
			}
			qs[nqs] = is->pf->questions[j];
			qiv[nqs++] = is->iv;
		}
	}
	c->f.key = c->key;
	c->f.kind = c->kind;
	c->f.standard = c->req >= 0 ? g->reqs[c->req].pub.standard
	                            : (g->niv ? g->iv[0].s->bank_standard : NULL);
	c->f.clause = c->clause;
	c->f.item = c->item;
	requirement_text(g, c, &b);
	c->f.requirement = grade_keep(g, &b);
	if (c->duties && !c->item && ak_streq(c->clause, "5.1")) {
		items_text(c->duties, &b);
		c->f.items = grade_keep(g, &b);
	}
	related_text(g, c, &b);
	c->f.related = b.len ? grade_keep(g, &b) : NULL;
	ak_buf_reset(&b);
	c->f.statement = finding_statement(g, c);
	c->f.quotes = arena_copy(g, q, nq, sizeof *q);
	c->f.nquotes = c->f.quotes ? nq : 0;
	c->f.interviewees = arena_copy(g, people, np, sizeof *people);
	c->f.ninterviewees = c->f.interviewees ? np : 0;
	c->f.auditors = arena_copy(g, aud, na, sizeof *aud);
	c->f.nauditors = c->f.auditors ? na : 0;
	c->f.questions = arena_copy(g, qs, nqs, sizeof *qs);
	c->f.question_interview = arena_copy(g, qiv, nqs, sizeof *qiv);
	c->f.nquestions = c->f.questions && c->f.question_interview ? nqs : 0;
	if (c->fold_note) {
		if (c->f.note)
			ak_buf_printf(&b, "%s\n%s", c->f.note, c->fold_note);
		else
			ak_buf_adds(&b, c->fold_note);
		c->f.note = grade_keep(g, &b);
	}
	ak_buf_release(&b);
	free(q);
	free(people);
	free(aud);
	free(qs);
	free(qiv);
}

/* ======================================================================
 * The run
 * ====================================================================== */

static int cmp_out(const void *a, const void *b)
{
	const struct cand *x = *(const struct cand *const *)a, *y = *(const struct cand *const *)b;
	int c;

	if (x->f.grade != y->f.grade)
		return x->f.grade < y->f.grade ? -1 : 1;
	if ((c = grade_cmp_clause(x->clause, x->item, y->clause, y->item)))
		return c;
	return strcmp(x->key, y->key);
}

ak_err grade_rate(struct grader *g, const struct rules *r, const struct grade_override *ov,
                  size_t nov, struct ak_diags *d)
{
	size_t i, n;
	bool bad = false;

	for (i = 0; i < g->ncands; i++) {
		struct cand *c = &g->cands[i];
		c->f.grade = c->f.rule_grade = GRADE_NONE;
		if (c->dead)
			continue;
		subject_of(g, c);
		if (!grade_one(g, r, c, d))
			bad = true;
	}
	if (bad)
		return AK_ERR_DATA;
	combine_minors(g, r);
	if (g->oom)
		return AK_ERR_NOMEM;
	apply_overrides(g, ov, nov, d, &bad);
	free(g->out);
	g->out = calloc(g->ncands + 1, sizeof *g->out);
	if (!g->out)
		return AK_ERR_NOMEM;
	for (i = n = 0; i < g->ncands; i++) {
		struct cand *c = &g->cands[i];
		if (c->dead || c->absorbed)
			continue;
		words(g, c);
		g->out[n++] = c;
	}
	g->nout = n;
	if (n > 1)
		qsort(g->out, n, sizeof *g->out, cmp_out);
	if (g->oom || d->oom)
		return AK_ERR_NOMEM;
	return bad ? AK_ERR_DATA : AK_OK;
}
