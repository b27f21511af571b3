/* grade.c: issues into findings. Each proposed finding of each interview is
 * an issue; the several duties one member of top management fails for one
 * reason fold into one finding on 5.1; issues of one key merge across
 * interviewees; conformities gather on the requirement the rules name; and
 * every line of the notes is quoted in one finding only, the one where it
 * belongs. Grading, overrides and wording are in grade_rate.c.
 *
 * Everything the findings point at is borrowed from the scored interviews
 * or allocated in the grader's arena, so a finding stays valid until
 * grade_free. */
#include "findings/grade.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "findings/grade_int.h"

/* ======================================================================
 * The grader
 * ====================================================================== */

struct grader *grade_new(void)
{
	return calloc(1, sizeof(struct grader));
}

void grade_free(struct grader *g)
{
	size_t i;

	if (!g)
		return;
	for (i = 0; i < g->ncands; i++) {
		free(g->cands[i].reqs);
		free(g->cands[i].issues);
		free(g->cands[i].ev);
	}
	free(g->iv);
	free(g->people);
	free(g->reqs);
	free(g->best);
	free(g->verdict);
	free(g->issues);
	free(g->cands);
	free(g->out);
	ak_arena_release(&g->a);
	free(g);
}

const char *grade_keep(struct grader *g, struct ak_buf *b)
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

ak_err grade_set_top(struct grader *g, const struct grade_member *m, size_t n)
{
	g->top = m;
	g->ntop = n;
	return AK_OK;
}

void grade_set_facts(struct grader *g, const struct facts *f)
{
	g->facts = f;
}

/* Names as people write them: "Dr Helen Ashworth" is Helen Ashworth. */
static bool same_person(const char *a, const char *b)
{
	static const char *const titles[] = {"dr ", "mr ", "mrs ", "ms ", "miss ", "prof ", NULL};
	size_t i;

	if (!a || !b)
		return false;
	for (i = 0; titles[i]; i++) {
		if (strncasecmp(a, titles[i], strlen(titles[i])) == 0)
			a += strlen(titles[i]);
		if (strncasecmp(b, titles[i], strlen(titles[i])) == 0)
			b += strlen(titles[i]);
	}
	return strcasecmp(a, b) == 0;
}

static size_t person_of(struct grader *g, const struct scored *s)
{
	const char *name = s->interviewee ? s->interviewee : s->notes_file;
	struct ak_buf b = AK_BUF_INIT;
	struct person *p;
	size_t i;

	for (i = 0; i < g->npeople; i++)
		if (same_person(g->people[i].name, name))
			return i;
	if (!ak_grow(&g->people, &g->cappeople, g->npeople + 1, sizeof *g->people)) {
		g->oom = true;
		return (size_t)-1;
	}
	p = &g->people[g->npeople];
	memset(p, 0, sizeof *p);
	p->name = name;
	p->role = s->role;
	p->title = s->role ? grade_role_words(s->role) : NULL;
	if (p->title)
		ak_buf_printf(&b, "%s (%s)", p->title,
		              s->interviewee ? s->interviewee : grade_base_name(s->notes_file));
	else if (s->interviewee)
		ak_buf_adds(&b, s->interviewee);
	else
		ak_buf_printf(&b, "unnamed (%s)", grade_base_name(s->notes_file));
	p->label = (char *)grade_keep(g, &b);
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

/* Who is top management: the audit's interviewees, else everyone
 * interviewed; the chief executive by role. */
static void mark_top(struct grader *g)
{
	size_t i, j;
	int n = 0;

	for (i = 0; i < g->npeople; i++) {
		struct person *p = &g->people[i];
		p->top = g->ntop == 0;
		for (j = 0; j < g->ntop; j++)
			if (same_person(g->top[j].name, p->name)) {
				p->top = true;
				if (!p->role && g->top[j].role)
					p->role = g->top[j].role;
			}
		p->chief = p->top && grade_role_is_chief(p->role);
	}
	if (g->ntop)
		n = (int)g->ntop;
	else
		for (i = 0; i < g->npeople; i++)
			n += g->people[i].top;
	g->ntop_in_scope = n;
}

/* ======================================================================
 * Requirements
 * ====================================================================== */

static long req_index(const struct grader *g, const char *clause, const char *item)
{
	size_t i;

	for (i = 0; i < g->nreqs; i++)
		if (strcmp(g->reqs[i].pub.clause, clause) == 0 && ak_streq(g->reqs[i].pub.item, item))
			return (long)i;
	return -1;
}

static int cmp_req(const void *a, const void *b)
{
	const struct req *x = a, *y = b;
	return grade_cmp_clause(x->pub.clause, x->pub.item, y->pub.clause, y->pub.item);
}

/* The union of every interview's requirements, in clause order, with each
 * interviewee's score and verdict on each. */
static ak_err build_reqs(struct grader *g)
{
	size_t i, j, n;

	for (i = 0; i < g->niv; i++) {
		const struct scored *s = g->iv[i].s;
		for (j = 0; j < s->nreqs; j++) {
			const struct scored_requirement *sr = &s->reqs[j];
			struct req *r;
			if (req_index(g, sr->clause, sr->item) >= 0)
				continue;
			if (!ak_grow(&g->reqs, &g->capreqs, g->nreqs + 1, sizeof *g->reqs))
				return AK_ERR_NOMEM;
			r = &g->reqs[g->nreqs++];
			memset(r, 0, sizeof *r);
			r->pub.standard = s->bank_standard;
			r->pub.clause = sr->clause;
			r->pub.item = sr->item;
			r->pub.requirement = sr->requirement;
			r->duty = sr->duty;
		}
	}
	if (g->nreqs > 1)
		qsort(g->reqs, g->nreqs, sizeof *g->reqs, cmp_req);
	n = g->nreqs * g->npeople + 1;
	g->best = malloc(n * sizeof *g->best);
	g->verdict = malloc(n * sizeof *g->verdict);
	if (!g->best || !g->verdict)
		return AK_ERR_NOMEM;
	for (i = 0; i < n; i++)
		g->best[i] = g->verdict[i] = -1;
	for (i = 0; i < g->niv; i++) {
		const struct scored *s = g->iv[i].s;
		for (j = 0; j < s->nreqs; j++) {
			const struct scored_requirement *sr = &s->reqs[j];
			long r = req_index(g, sr->clause, sr->item);
			size_t cell = (size_t)r * g->npeople + g->iv[i].person;
			struct req *rq = &g->reqs[r];
			if (sr->score > g->best[cell])
				g->best[cell] = sr->score;
			/* Two interviews of one person: a pass in either counts. */
			if (sr->verdict > g->verdict[cell])
				g->verdict[cell] = sr->verdict;
			rq->pub.coverage |= sr->coverage;
			if (!rq->pub.requirement)
				rq->pub.requirement = sr->requirement;
		}
	}
	for (i = 0; i < g->nreqs; i++) {
		struct req *r = &g->reqs[i];
		r->pub.best = -1;
		for (j = 0; j < g->npeople; j++)
			if (g->best[i * g->npeople + j] > r->pub.best)
				r->pub.best = g->best[i * g->npeople + j];
		r->pub.gap = r->pub.coverage && r->pub.best < 0;
	}
	return AK_OK;
}

/* ======================================================================
 * Issues and candidates
 * ====================================================================== */

static bool failing(enum scored_kind k)
{
	return k != SK_CONFORMITY && k != SK_NOT_ASKED;
}

struct cand *grade_cand_new(struct grader *g, const char *key, enum grade_kind kind)
{
	struct cand *c;

	if (!ak_grow(&g->cands, &g->capcands, g->ncands + 1, sizeof *g->cands)) {
		g->oom = true;
		return NULL;
	}
	c = &g->cands[g->ncands++];
	memset(c, 0, sizeof *c);
	c->key = key;
	c->kind = kind;
	c->req = -1;
	return c;
}

static struct cand *cand_find(struct grader *g, const char *key)
{
	size_t i;

	for (i = 0; i < g->ncands; i++)
		if (strcmp(g->cands[i].key, key) == 0)
			return &g->cands[i];
	return NULL;
}

static void cand_req(struct grader *g, struct cand *c, long r)
{
	size_t i;
	const struct req *q;

	if (r < 0)
		return;
	q = &g->reqs[r];
	if (q->pub.coverage && ak_streq(q->pub.clause, "5.1") && q->pub.item &&
	    q->pub.item[0] >= 'a' && q->pub.item[0] <= 'z' && !q->pub.item[1])
		c->duties |= 1u << (q->pub.item[0] - 'a');
	for (i = 0; i < c->nreqs; i++)
		if (c->reqs[i] == r)
			return;
	if (!ak_grow(&c->reqs, &c->capreqs, c->nreqs + 1, sizeof *c->reqs)) {
		g->oom = true;
		return;
	}
	c->reqs[c->nreqs++] = r;
}

static void cand_ev(struct grader *g, struct cand *c, size_t iv, long st, const char *cls,
                    const char *record)
{
	size_t i;

	if (st < 0)
		return;
	for (i = 0; i < c->nev; i++)
		if (c->ev[i].iv == iv && c->ev[i].st == st) {
			if (record && !c->ev[i].record)
				c->ev[i].record = record;
			return;
		}
	if (!ak_grow(&c->ev, &c->capev, c->nev + 1, sizeof *c->ev)) {
		g->oom = true;
		return;
	}
	c->ev[c->nev].iv = iv;
	c->ev[c->nev].st = st;
	c->ev[c->nev].cls = cls;
	c->ev[c->nev].record = record;
	c->ev[c->nev].home = -1;
	c->ev[c->nev].against = record || ak_streq(cls, "negative") ||
	                        ak_streq(cls, "delegation") || ak_streq(cls, "red_flag") ||
	                        ak_streq(cls, "contradiction");
	c->nev++;
}

static void cand_issue(struct grader *g, struct cand *c, size_t i)
{
	struct issue *is = &g->issues[i];
	size_t j;

	if (!ak_grow(&c->issues, &c->capissues, c->nissues + 1, sizeof *c->issues)) {
		g->oom = true;
		return;
	}
	c->issues[c->nissues++] = i;
	is->cand = c - g->cands;
	cand_req(g, c, is->req);
	for (j = 0; j < is->pf->nev; j++) {
		const struct scored_quote *q = &is->pf->ev[j];
		cand_ev(g, c, is->iv, q->st, q->record ? "contradiction" : q->cls, q->record);
	}
}

static ak_err build_issues(struct grader *g)
{
	size_t i, j;

	for (i = 0; i < g->niv; i++) {
		const struct scored *s = g->iv[i].s;
		for (j = 0; j < s->nfindings; j++) {
			const struct scored_finding *pf = &s->findings[j];
			struct issue *is;
			/* What the notes say nothing of is a gap to verify, not a
			 * finding (grade_req's gap). */
			if (pf->kind == SK_NOT_ASKED)
				continue;
			if (!ak_grow(&g->issues, &g->capissues, g->nissues + 1, sizeof *g->issues))
				return AK_ERR_NOMEM;
			is = &g->issues[g->nissues++];
			is->iv = i;
			is->pf = pf;
			is->req = req_index(g, pf->clause, pf->item);
			is->cand = -1;
		}
	}
	return AK_OK;
}

static bool is_duty(const struct grader *g, long r)
{
	return r >= 0 && g->reqs[r].pub.coverage && ak_streq(g->reqs[r].pub.clause, "5.1");
}

/* One member who hands several requirements to others for one reason
 * (fewer than two of them duties of 5.1): one finding on the first of them,
 * the others related. Their other issues stay where they are. */
static void fold_delegations(struct grader *g, size_t p)
{
	struct ak_buf b = AK_BUF_INIT;
	struct cand *c;
	long first = -1, r;
	size_t i;
	int n = 0;

	for (i = 0; i < g->nissues; i++) {
		const struct issue *is = &g->issues[i];
		if (g->iv[is->iv].person != p || is->pf->kind != SK_DELEGATION || is->cand >= 0)
			continue;
		n++;
		r = is->req;
		/* A duty of 5.1 first, then clause order (reqs are sorted). */
		if (first < 0 || (is_duty(g, r) && !is_duty(g, first)) ||
		    (is_duty(g, r) == is_duty(g, first) && r < first))
			first = r;
	}
	if (n < 2 || first < 0)
		return;
	ak_buf_printf(&b, "%s%s%s/delegation: %s", g->reqs[first].pub.clause,
	              g->reqs[first].pub.item ? " " : "",
	              g->reqs[first].pub.item ? g->reqs[first].pub.item : "", g->people[p].name);
	c = grade_cand_new(g, grade_keep(g, &b), GK_DELEGATION);
	ak_buf_release(&b);
	if (!c)
		return;
	c->clause = g->reqs[first].pub.clause;
	c->item = g->reqs[first].pub.item;
	c->req = first;
	c->requirement = g->reqs[first].pub.requirement;
	c->coverage = g->reqs[first].pub.coverage;
	c->duty = g->reqs[first].duty;
	for (i = 0; i < g->nissues; i++) {
		const struct issue *is = &g->issues[i];
		if (g->iv[is->iv].person == p && is->pf->kind == SK_DELEGATION && is->cand < 0)
			cand_issue(g, c, i);
	}
}

/* Wholesale: a member who fails several duties of 5.1 and hands at least
 * two of them to others (or is the chief executive, whose every failed duty
 * is one problem) is one finding on 5.1 listing the duties, carrying every
 * issue of theirs. */
static void fold_people(struct grader *g)
{
	struct ak_buf b = AK_BUF_INIT;
	size_t p, i;

	for (p = 0; p < g->npeople; p++) {
		int failed = 0, delegated = 0;
		struct cand *c;
		for (i = 0; i < g->nissues; i++) {
			const struct issue *is = &g->issues[i];
			if (g->iv[is->iv].person != p || !failing(is->pf->kind) || !is_duty(g, is->req))
				continue;
			failed++;
			delegated += is->pf->kind == SK_DELEGATION || is->pf->delegation;
		}
		if (failed < 2 || (delegated < 2 && !g->people[p].chief)) {
			fold_delegations(g, p);
			continue;
		}
		ak_buf_printf(&b, "5.1/leadership: %s", g->people[p].name);
		c = grade_cand_new(g, grade_keep(g, &b), GK_LEADERSHIP);
		if (!c)
			break;
		c->clause = "5.1";
		c->requirement = "Leadership and commitment";
		c->coverage = c->duty = true;
		for (i = 0; i < g->nissues; i++) {
			const struct issue *is = &g->issues[i];
			if (g->iv[is->iv].person == p && failing(is->pf->kind))
				cand_issue(g, c, i);
		}
	}
	ak_buf_release(&b);
}

/* The rest by key, across interviewees; conformities where the rules
 * record them. */
static void merge_keys(struct grader *g, const struct rules *r)
{
	struct ak_buf b = AK_BUF_INIT;
	size_t i;

	for (i = 0; i < g->nissues && !g->oom; i++) {
		struct issue *is = &g->issues[i];
		const struct scored_finding *pf = is->pf;
		const char *clause = pf->clause, *item = pf->item, *key = pf->key;
		struct cand *c;
		if (is->cand >= 0)
			continue;
		if (pf->kind == SK_CONFORMITY) {
			const char *to = is_duty(g, is->req) ? "5.1"
			                                     : rules_conformity_fold(r, pf->clause, pf->item);
			if (to) {
				ak_buf_printf(&b, "%s/conformity", to);
				key = grade_keep(g, &b);
				clause = to;
				item = NULL;
			}
		}
		c = cand_find(g, key);
		if (!c) {
			long rq = req_index(g, clause, item);
			if (!(c = grade_cand_new(g, key, (enum grade_kind)pf->kind)))
				break;
			c->clause = clause;
			c->item = item;
			c->req = rq;
			c->requirement = rq >= 0 ? g->reqs[rq].pub.requirement : pf->requirement;
			if (!item && ak_streq(clause, "5.1"))
				c->requirement = "Leadership and commitment";
			c->coverage = rq >= 0 ? g->reqs[rq].pub.coverage : ak_streq(clause, "5.1");
			c->duty = rq >= 0 ? g->reqs[rq].duty : ak_streq(clause, "5.1");
		}
		cand_issue(g, c, i);
	}
	ak_buf_release(&b);
}

/* ======================================================================
 * One line, one finding
 * ====================================================================== */

static bool topic_is(const struct grader *g, long r, const char *topic)
{
	const struct req *q;
	size_t n;

	if (r < 0)
		return false;
	q = &g->reqs[r];
	n = strlen(q->pub.clause);
	if (strncmp(topic, q->pub.clause, n) != 0)
		return false;
	if (!q->pub.item)
		return topic[n] == '\0';
	return topic[n] == ' ' && strcmp(topic + n + 1, q->pub.item) == 0;
}

/* How well a line belongs in a finding: the heading or question it answers
 * names one of its requirements (3), its own words do (2); a finding that
 * holds it against the requirement over one that holds it in favour (1). */
static int belongs(const struct grader *g, const struct cand *c, const struct ev *e)
{
	const struct scored_statement *st = &g->iv[e->iv].s->statements[e->st];
	int best = 0;
	size_t i, j;

	for (i = 0; i < st->ntopics; i++)
		for (j = 0; j < c->nreqs; j++)
			if (topic_is(g, c->reqs[j], st->topics[i].topic)) {
				int v = st->topics[i].context ? 6 : 4;
				if (v > best)
					best = v;
			}
	return best + (c->kind != GK_CONFORMITY ? 1 : 0);
}

static long line_of(const struct grader *g, const struct ev *e)
{
	return g->iv[e->iv].s->statements[e->st].line;
}

void grade_absorb(struct grader *g, struct cand *into, struct cand *c)
{
	size_t i;

	for (i = 0; i < c->nissues; i++) {
		g->issues[c->issues[i]].cand = into - g->cands;
		if (!ak_grow(&into->issues, &into->capissues, into->nissues + 1,
		             sizeof *into->issues)) {
			g->oom = true;
			return;
		}
		into->issues[into->nissues++] = c->issues[i];
	}
	for (i = 0; i < c->nreqs; i++)
		cand_req(g, into, c->reqs[i]);
	for (i = 0; i < c->nev; i++)
		cand_ev(g, into, c->ev[i].iv, c->ev[i].st, c->ev[i].cls, c->ev[i].record);
	into->duties |= c->duties;
}

/* Every (interview, line) quoted by several findings is kept by the one it
 * belongs to best and given up by the others. A finding left with no line
 * of its own was the same remark read against another requirement: it
 * joins the finding that kept its lines (as a related clause) when both
 * say the same way, or is noted there when they do not. */
static void one_home(struct grader *g)
{
	struct ak_buf b = AK_BUF_INIT;
	size_t i, j, k, m;

	for (i = 0; i < g->ncands; i++) {
		struct cand *c = &g->cands[i];
		for (j = 0; j < c->nev; j++) {
			struct ev *e = &c->ev[j];
			long line = line_of(g, e);
			long best = (long)i;
			int bscore = belongs(g, c, e);
			for (k = 0; k < g->ncands; k++) {
				struct cand *o = &g->cands[k];
				if (k == i)
					continue;
				for (m = 0; m < o->nev; m++) {
					int v;
					if (o->ev[m].iv != e->iv || line_of(g, &o->ev[m]) != line)
						continue;
					v = belongs(g, o, &o->ev[m]);
					if (v > bscore || (v == bscore && (long)k < best)) {
						best = (long)k;
						bscore = v;
					}
				}
			}
			e->home = best == (long)i ? -1 : best;
		}
	}
	for (i = 0; i < g->ncands; i++) {
		struct cand *c = &g->cands[i], *holder;
		size_t kept = 0;
		for (j = 0; j < c->nev; j++)
			kept += c->ev[j].home < 0;
		if (kept || c->nev == 0 || c->dead)
			continue;
		holder = &g->cands[c->ev[0].home];
		while (holder->dead && holder->ev && holder->nev && holder->ev[0].home >= 0 &&
		       &g->cands[holder->ev[0].home] != holder)
			holder = &g->cands[holder->ev[0].home];
		if (holder->dead || holder == c)
			continue;
		if ((holder->kind == GK_CONFORMITY) == (c->kind == GK_CONFORMITY)) {
			grade_absorb(g, holder, c);
			c->dead = true;
			continue;
		}
		/* A failure read from statements that are evidence for a
		 * conformity (or the reverse) is not evidenced on its own. */
		ak_buf_printf(&b, "%s%s%s%s%s (%s) was also proposed from the same statements and "
		              "has no evidence of its own",
		              holder->fold_note ? holder->fold_note : "",
		              holder->fold_note ? "\n" : "", c->clause, c->item ? " " : "",
		              c->item ? c->item : "", grade_kind_name(c->kind));
		holder->fold_note = grade_keep(g, &b);
		c->dead = true;
	}
	ak_buf_release(&b);
}

/* ======================================================================
 * The run
 * ====================================================================== */

ak_err grade_run(struct grader *g, const struct rules *r, const struct grade_override *ov,
                 size_t nov, struct ak_diags *d)
{
	ak_err err;

	mark_top(g);
	if ((err = build_reqs(g)) || (err = build_issues(g)))
		return err;
	fold_people(g);
	merge_keys(g, r);
	if (g->oom)
		return AK_ERR_NOMEM;
	one_home(g);
	if (g->oom)
		return AK_ERR_NOMEM;
	return grade_rate(g, r, ov, nov, d);
}

size_t grade_count(const struct grader *g)
{
	return g->nout;
}
const struct grade_finding *grade_get(const struct grader *g, size_t i)
{
	return &g->out[i]->f;
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
