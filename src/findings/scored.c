/* scored.c: reading and checking a scored interview (docs/scored-format.md).
 *
 * Strings are borrowed from the parsed document, which the scored interview
 * keeps; arrays come from one arena, so scored_free is three calls. */
#include "findings/scored.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/textin.h"
#include "core/hash.h"
#include "core/jcheck.h"
#include "core/util.h"

struct scored_priv {
	json_t *root;
	struct ak_arena arena;
};

static const char *const kind_names[SK_NKINDS] = {
    "conformity", "delegation", "contradiction", "red_flag", "no_evidence", "weak", "not_asked",
};

const char *scored_kind_name(enum scored_kind k)
{
	return (unsigned)k < SK_NKINDS ? kind_names[k] : NULL;
}

bool scored_kind_parse(const char *s, enum scored_kind *k)
{
	int i;

	for (i = 0; i < SK_NKINDS; i++)
		if (ak_streq(s, kind_names[i])) {
			*k = (enum scored_kind)i;
			return true;
		}
	return false;
}

struct ctx {
	struct jck c;
	struct scored *s;
	struct ak_arena *a;
};

static void *alloc_n(struct ctx *x, size_t n, size_t sz)
{
	void *p;

	if (n == 0)
		return NULL;
	if (n > ((size_t)-1) / sz) {
		x->c.nomem = true;
		return NULL;
	}
	p = ak_arena_alloc(x->a, n * sz);
	if (!p)
		x->c.nomem = true;
	return p;
}

static bool is_sha256(const char *s)
{
	size_t i;

	if (!s || strlen(s) != 64)
		return false;
	for (i = 0; i < 64; i++)
		if (!strchr("0123456789abcdef", s[i]))
			return false;
	return true;
}

static bool one_of(const char *s, const char *const *list)
{
	size_t i;

	for (i = 0; s && list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* An array of strings (borrowed); n set to its length. */
static const char **strings(struct ctx *x, const char *path, json_t *obj, const char *key,
                            int flags, size_t *n)
{
	json_t *arr = jck_array(&x->c, path, obj, key, flags), *v;
	char p[JCK_PATH], q[JCK_PATH];
	const char **out;
	size_t i;

	*n = 0;
	if (!arr)
		return NULL;
	out = alloc_n(x, json_array_size(arr), sizeof *out);
	jck_sub(p, path, key);
	json_array_foreach(arr, i, v)
	{
		if (!json_is_string(v)) {
			jck_idx(q, p, i);
			jck_problem(&x->c, q, false, "entries of \"%s\" must be strings, not %s",
			            key, jck_type(v));
			continue;
		}
		if (out)
			out[(*n)++] = json_string_value(v);
	}
	return out;
}

/* "S12" -> the index of statement S12, or -1 (reported at path) when there
 * is none. */
static long statement_id(struct ctx *x, const char *path, const char *id)
{
	char *end;
	long n;

	n = id[0] == 'S' ? strtol(id + 1, &end, 10) : 0;
	if (id[0] == 'S' && *end == '\0' && n >= 1 && (size_t)n <= x->s->nstatements &&
	    strcmp(x->s->statements[n - 1].id, id) == 0)
		return n - 1;
	jck_problem(&x->c, path, false, "no statement '%s' in \"statements\"", id);
	return -1;
}

/* The statement a member names, or -1 (reported when it names none). */
static long statement_ref(struct ctx *x, const char *path, json_t *o, const char *key, int flags)
{
	const char *id = jck_str(&x->c, path, o, key, flags);
	char p[JCK_PATH];

	if (!id)
		return -1;
	jck_sub(p, path, key);
	return statement_id(x, p, id);
}

/* ======================================================================
 * Statements
 * ====================================================================== */

static void read_statements(struct ctx *x, json_t *root)
{
	json_t *arr = jck_array(&x->c, "", root, "statements", JCK_REQUIRED), *o, *t;
	struct scored *s = x->s;
	char p[JCK_PATH], tp[JCK_PATH], q[JCK_PATH];
	size_t i, j;

	if (!arr)
		return;
	s->statements = alloc_n(x, json_array_size(arr), sizeof *s->statements);
	json_array_foreach(arr, i, o)
	{
		struct scored_statement tmp, *st = s->statements ? &s->statements[i] : &tmp;
		json_t *topics;
		char want[32];

		memset(st, 0, sizeof *st);
		st->offset = st->length = st->line = -1;
		jck_idx(p, "/statements", i);
		if (!json_is_object(o)) {
			jck_problem(&x->c, p, false, "a statement must be an object, not %s",
			            jck_type(o));
			st->id = st->text = "";
			continue;
		}
		st->id = jck_str(&x->c, p, o, "id", JCK_REQUIRED | JCK_NONEMPTY);
		snprintf(want, sizeof want, "S%zu", i + 1);
		if (st->id && strcmp(st->id, want) != 0) {
			jck_sub(q, p, "id");
			jck_problem(&x->c, q, false,
			            "statement %zu must be '%s', not '%s' (statements are numbered "
			            "in notes order)",
			            i + 1, want, st->id);
		}
		if (!st->id)
			st->id = "";
		jck_int(&x->c, p, o, "offset", 0, 0x7fffffffL, JCK_REQUIRED, &st->offset);
		jck_int(&x->c, p, o, "length", 0, 0x7fffffffL, JCK_REQUIRED, &st->length);
		jck_int(&x->c, p, o, "line", 1, 0x7fffffffL, JCK_REQUIRED, &st->line);
		st->text = jck_str(&x->c, p, o, "text", JCK_REQUIRED);
		if (!st->text)
			st->text = "";
		st->kind = jck_str(&x->c, p, o, "kind", JCK_NULLABLE);
		st->speaker = jck_str(&x->c, p, o, "speaker", JCK_NULLABLE);
		st->mark = jck_str(&x->c, p, o, "mark", JCK_NULLABLE);
		jck_bool(&x->c, p, o, "question", JCK_NULLABLE, &st->question);
		topics = jck_array(&x->c, p, o, "topics", 0);
		if (!topics)
			continue;
		jck_sub(tp, p, "topics");
		st->topics = alloc_n(x, json_array_size(topics), sizeof *st->topics);
		json_array_foreach(topics, j, t)
		{
			const char *from, *name;
			jck_idx(q, tp, j);
			if (!json_is_object(t)) {
				jck_problem(&x->c, q, false, "a topic must be an object, not %s",
				            jck_type(t));
				continue;
			}
			name = jck_str(&x->c, q, t, "topic", JCK_REQUIRED | JCK_NONEMPTY);
			from = jck_str(&x->c, q, t, "from", JCK_NULLABLE);
			if (name && st->topics) {
				st->topics[st->ntopics].topic = name;
				st->topics[st->ntopics].context = ak_streq(from, "context");
				st->ntopics++;
			}
		}
	}
	if (s->statements)
		s->nstatements = json_array_size(arr);
}

long scored_statement_at(const struct scored *s, long off)
{
	size_t lo = 0, hi = s->nstatements;

	/* Statements are in notes order: a binary search on their offsets. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct scored_statement *st = &s->statements[mid];
		if (off < st->offset)
			hi = mid;
		else if (off >= st->offset + (st->length > 0 ? st->length : 1))
			lo = mid + 1;
		else
			return (long)mid;
	}
	return -1;
}

/* ======================================================================
 * Questions
 * ====================================================================== */

static const char *const answered_by[] = {"section", "clause", "transcript", "free", NULL};

static void read_questions(struct ctx *x, json_t *root)
{
	json_t *arr = jck_array(&x->c, "", root, "questions", JCK_REQUIRED), *o, *v;
	struct scored *s = x->s;
	char p[JCK_PATH], q[JCK_PATH];
	size_t i, j;

	if (!arr)
		return;
	s->questions = alloc_n(x, json_array_size(arr), sizeof *s->questions);
	json_array_foreach(arr, i, o)
	{
		struct scored_question tmp, *qu = s->questions ? &s->questions[s->nquestions] : &tmp;
		json_t *sts;
		long score = -1;

		memset(qu, 0, sizeof *qu);
		jck_idx(p, "/questions", i);
		if (!json_is_object(o)) {
			jck_problem(&x->c, p, false, "a question must be an object, not %s",
			            jck_type(o));
			continue;
		}
		qu->id = jck_str(&x->c, p, o, "id", JCK_REQUIRED | JCK_NONEMPTY);
		qu->clause = jck_str(&x->c, p, o, "clause", JCK_REQUIRED | JCK_NONEMPTY);
		qu->item = jck_str(&x->c, p, o, "item", JCK_NULLABLE);
		qu->requirement = jck_str(&x->c, p, o, "requirement", JCK_NULLABLE);
		qu->question = jck_str(&x->c, p, o, "question", JCK_NULLABLE);
		qu->answered_by = jck_str(&x->c, p, o, "answered_by", JCK_NULLABLE);
		if (qu->answered_by && !one_of(qu->answered_by, answered_by)) {
			jck_sub(q, p, "answered_by");
			jck_problem(
			    &x->c, q, false,
			    "\"answered_by\" must be section, clause, transcript or free, not '%s'",
			    qu->answered_by);
		}
		qu->score = -1;
		if (jck_int(&x->c, p, o, "score", 0, 3, JCK_NULLABLE, &score))
			qu->score = (int)score;
		qu->reason = jck_str(&x->c, p, o, "reason", JCK_NULLABLE);
		sts = jck_array(&x->c, p, o, "statements", 0);
		if (sts) {
			qu->st = alloc_n(x, json_array_size(sts), sizeof *qu->st);
			jck_sub(q, p, "statements");
			json_array_foreach(sts, j, v)
			{
				char sp[JCK_PATH];
				long k;
				jck_idx(sp, q, j);
				if (!json_is_string(v)) {
					jck_problem(&x->c, sp, false,
					            "entries of \"statements\" must be ids like "
					            "\"S3\", not %s",
					            jck_type(v));
					continue;
				}
				k = statement_id(x, sp, json_string_value(v));
				if (k >= 0 && qu->st)
					qu->st[qu->nst++] = k;
			}
		}
		if (!qu->id || !qu->clause)
			continue;
		if (qu != &tmp)
			s->nquestions++;
	}
}

/* ======================================================================
 * Requirements
 * ====================================================================== */

static const char *const ev_classes[] = {"specific", "general",  "reported", "intention", "negative",
                                         "delegation", "red_flag", "none",     NULL};

static void read_req_evidence(struct ctx *x, const char *p, json_t *o, struct scored_requirement *r)
{
	json_t *arr = jck_array(&x->c, p, o, "evidence", JCK_REQUIRED), *e;
	char ap[JCK_PATH], ep[JCK_PATH], q[JCK_PATH];
	size_t i;

	if (!arr)
		return;
	jck_sub(ap, p, "evidence");
	r->ev = alloc_n(x, json_array_size(arr), sizeof *r->ev);
	json_array_foreach(arr, i, e)
	{
		struct scored_ev ev;
		jck_idx(ep, ap, i);
		if (!json_is_object(e)) {
			jck_problem(&x->c, ep, false, "evidence must be an object, not %s",
			            jck_type(e));
			continue;
		}
		ev.st = statement_ref(x, ep, e, "statement", JCK_REQUIRED);
		ev.cls = jck_str(&x->c, ep, e, "class", JCK_REQUIRED);
		if (ev.cls && !one_of(ev.cls, ev_classes)) {
			jck_sub(q, ep, "class");
			jck_problem(&x->c, q, false, "unknown evidence class '%s'", ev.cls);
			continue;
		}
		if (ev.st >= 0 && ev.cls && r->ev)
			r->ev[r->nev++] = ev;
	}
}

static void read_req_probes(struct ctx *x, const char *p, json_t *o, struct scored_requirement *r)
{
	json_t *arr = jck_array(&x->c, p, o, "probes", 0), *pr, *f;
	char ap[JCK_PATH], pp[JCK_PATH], fp[JCK_PATH], q[JCK_PATH];
	size_t i, j;

	if (!arr)
		return;
	jck_sub(ap, p, "probes");
	r->probes = alloc_n(x, json_array_size(arr), sizeof *r->probes);
	json_array_foreach(arr, i, pr)
	{
		struct scored_probe tmp, *b = r->probes ? &r->probes[r->nprobes] : &tmp;
		json_t *found;
		memset(b, 0, sizeof *b);
		jck_idx(pp, ap, i);
		if (!json_is_object(pr)) {
			jck_problem(&x->c, pp, false, "a probe must be an object, not %s",
			            jck_type(pr));
			continue;
		}
		b->probe = jck_str(&x->c, pp, pr, "probe", JCK_REQUIRED);
		b->label = jck_str(&x->c, pp, pr, "label", JCK_NULLABLE);
		jck_bool(&x->c, pp, pr, "met", JCK_REQUIRED, &b->met);
		jck_bool(&x->c, pp, pr, "records", JCK_NULLABLE, &b->records);
		b->missing = strings(x, pp, pr, "missing", 0, &b->nmissing);
		found = jck_array(&x->c, pp, pr, "found", 0);
		if (found) {
			jck_sub(fp, pp, "found");
			b->found = alloc_n(x, json_array_size(found), sizeof *b->found);
			json_array_foreach(found, j, f)
			{
				jck_idx(q, fp, j);
				if (!json_is_object(f)) {
					jck_problem(&x->c, q, false, "must be an object, not %s",
					            jck_type(f));
					continue;
				}
				if (b->found) {
					b->found[b->nfound].fact =
					    jck_str(&x->c, q, f, "fact", JCK_NULLABLE);
					b->found[b->nfound].st =
					    statement_ref(x, q, f, "statement", JCK_NULLABLE);
					b->nfound++;
				}
			}
		}
		if (b->probe && b != &tmp)
			r->nprobes++;
	}
}

static void read_req_contra(struct ctx *x, const char *p, json_t *o, struct scored_requirement *r)
{
	json_t *arr = jck_array(&x->c, p, o, "contradiction_details", 0), *c, *said;
	char ap[JCK_PATH], cp[JCK_PATH], sp[JCK_PATH];
	size_t i;

	if (!arr)
		return;
	jck_sub(ap, p, "contradiction_details");
	r->contra = alloc_n(x, json_array_size(arr), sizeof *r->contra);
	json_array_foreach(arr, i, c)
	{
		struct scored_contradiction tmp, *k = r->contra ? &r->contra[r->ncontra] : &tmp;
		memset(k, 0, sizeof *k);
		k->st = k->line = k->offset = -1;
		jck_idx(cp, ap, i);
		if (!json_is_object(c)) {
			jck_problem(&x->c, cp, false, "a contradiction must be an object, not %s",
			            jck_type(c));
			continue;
		}
		k->topic = jck_str(&x->c, cp, c, "topic", JCK_NULLABLE);
		k->fact = jck_str(&x->c, cp, c, "fact", JCK_NULLABLE);
		k->record = jck_str(&x->c, cp, c, "record", JCK_REQUIRED);
		k->explanation = jck_str(&x->c, cp, c, "explanation", JCK_NULLABLE);
		said = jck_object(&x->c, cp, c, "said", JCK_REQUIRED);
		if (said) {
			jck_sub(sp, cp, "said");
			k->quote = jck_str(&x->c, sp, said, "quote", JCK_REQUIRED);
			jck_int(&x->c, sp, said, "offset", 0, 0x7fffffffL, JCK_REQUIRED, &k->offset);
			jck_int(&x->c, sp, said, "line", 1, 0x7fffffffL, JCK_REQUIRED, &k->line);
			if (json_object_get(said, "statement"))
				k->st = statement_ref(x, sp, said, "statement", JCK_NULLABLE);
			if (k->st < 0 && k->offset >= 0)
				k->st = scored_statement_at(x->s, k->offset);
		}
		if (k->record && k != &tmp)
			r->ncontra++;
	}
}

static void read_requirements(struct ctx *x, json_t *root)
{
	json_t *arr = jck_array(&x->c, "", root, "requirements", JCK_REQUIRED), *o;
	struct scored *s = x->s;
	char p[JCK_PATH], q[JCK_PATH];
	size_t i, j;

	if (!arr)
		return;
	s->reqs = alloc_n(x, json_array_size(arr), sizeof *s->reqs);
	json_array_foreach(arr, i, o)
	{
		struct scored_requirement tmp, *r = s->reqs ? &s->reqs[s->nreqs] : &tmp;
		const char *kind, *status, *verdict;
		long score = -1;

		memset(r, 0, sizeof *r);
		r->score = r->verdict = -1;
		jck_idx(p, "/requirements", i);
		if (!json_is_object(o)) {
			jck_problem(&x->c, p, false, "a requirement must be an object, not %s",
			            jck_type(o));
			continue;
		}
		r->clause = jck_str(&x->c, p, o, "clause", JCK_REQUIRED | JCK_NONEMPTY);
		r->item = jck_str(&x->c, p, o, "item", JCK_NULLABLE);
		r->requirement = jck_str(&x->c, p, o, "requirement", JCK_NULLABLE);
		kind = jck_str(&x->c, p, o, "kind", JCK_REQUIRED);
		if (kind && strcmp(kind, "duty") && strcmp(kind, "knowledge")) {
			jck_sub(q, p, "kind");
			jck_problem(&x->c, q, false, "\"kind\" must be duty or knowledge, not '%s'",
			            kind);
		}
		r->duty = ak_streq(kind, "duty");
		jck_bool(&x->c, p, o, "coverage", JCK_REQUIRED, &r->coverage);
		status = jck_str(&x->c, p, o, "status", JCK_REQUIRED);
		if (status && strcmp(status, "evidenced") && strcmp(status, "not_evidenced")) {
			jck_sub(q, p, "status");
			jck_problem(&x->c, q, false,
			            "\"status\" must be evidenced or not_evidenced, not '%s'", status);
		}
		r->evidenced = ak_streq(status, "evidenced");
		if (jck_int(&x->c, p, o, "score", 0, 3, JCK_NULLABLE, &score))
			r->score = (int)score;
		verdict = jck_str(&x->c, p, o, "verdict", JCK_NULLABLE);
		if (verdict && strcmp(verdict, "pass") && strcmp(verdict, "fail")) {
			jck_sub(q, p, "verdict");
			jck_problem(&x->c, q, false, "\"verdict\" must be pass, fail or null, not '%s'",
			            verdict);
		}
		r->verdict = ak_streq(verdict, "pass") ? 1 : ak_streq(verdict, "fail") ? 0 : -1;
		if (r->evidenced && (r->score < 0 || r->verdict < 0))
			jck_problem(&x->c, p, false,
			            "an evidenced requirement needs a \"score\" and a \"verdict\"");
		jck_bool(&x->c, p, o, "delegation", JCK_NULLABLE, &r->delegation);
		r->reason = jck_str(&x->c, p, o, "reason", JCK_NULLABLE);
		r->rule = jck_str(&x->c, p, o, "rule", JCK_NULLABLE);
		r->red_flags = strings(x, p, o, "red_flags", 0, &r->nred_flags);
		jck_int(&x->c, p, o, "contradictions", 0, 100000, JCK_NULLABLE, &r->contradictions);
		r->questions = strings(x, p, o, "questions", 0, &r->nquestions);
		read_req_evidence(x, p, o, r);
		read_req_probes(x, p, o, r);
		read_req_contra(x, p, o, r);
		if (!r->clause)
			continue;
		for (j = 0; j < s->nreqs; j++)
			if (strcmp(s->reqs[j].clause, r->clause) == 0 &&
			    ak_streq(s->reqs[j].item, r->item)) {
				jck_problem(&x->c, p, false, "requirement %s%s%s is listed twice",
				            r->clause, r->item ? " " : "", r->item ? r->item : "");
				break;
			}
		if (r != &tmp && j == s->nreqs)
			s->nreqs++;
	}
}

const struct scored_requirement *scored_req(const struct scored *s, const char *clause,
                                            const char *item)
{
	size_t i;

	for (i = 0; i < s->nreqs; i++)
		if (ak_streq(s->reqs[i].clause, clause) && ak_streq(s->reqs[i].item, item))
			return &s->reqs[i];
	return NULL;
}

/* ======================================================================
 * Proposed findings
 * ====================================================================== */

static void read_finding_evidence(struct ctx *x, const char *p, json_t *o, struct scored_finding *f)
{
	json_t *arr = jck_array(&x->c, p, o, "evidence", JCK_REQUIRED), *e;
	char ap[JCK_PATH], ep[JCK_PATH];
	size_t i;

	if (!arr)
		return;
	jck_sub(ap, p, "evidence");
	f->ev = alloc_n(x, json_array_size(arr), sizeof *f->ev);
	json_array_foreach(arr, i, e)
	{
		struct scored_quote q;
		memset(&q, 0, sizeof q);
		q.st = q.offset = q.line = -1;
		jck_idx(ep, ap, i);
		if (!json_is_object(e)) {
			jck_problem(&x->c, ep, false, "evidence must be an object, not %s",
			            jck_type(e));
			continue;
		}
		q.quote = jck_str(&x->c, ep, e, "quote", JCK_REQUIRED);
		jck_int(&x->c, ep, e, "offset", 0, 0x7fffffffL, JCK_REQUIRED, &q.offset);
		jck_int(&x->c, ep, e, "line", 1, 0x7fffffffL, JCK_REQUIRED, &q.line);
		q.cls = jck_str(&x->c, ep, e, "class", JCK_NULLABLE);
		q.record = jck_str(&x->c, ep, e, "record", JCK_NULLABLE);
		if (json_object_get(e, "statement"))
			q.st = statement_ref(x, ep, e, "statement", JCK_NULLABLE);
		/* A contradiction's quote is a fragment of a statement: it is
		 * found by its offset, so the statement is quoted, once. */
		if (q.st < 0 && q.offset >= 0)
			q.st = scored_statement_at(x->s, q.offset);
		if (q.quote && f->ev)
			f->ev[f->nev++] = q;
	}
}

static void read_findings(struct ctx *x, json_t *root)
{
	json_t *arr = jck_array(&x->c, "", root, "proposed_findings", JCK_REQUIRED), *o;
	struct scored *s = x->s;
	char p[JCK_PATH], q[JCK_PATH];
	size_t i, j;

	if (!arr)
		return;
	s->findings = alloc_n(x, json_array_size(arr), sizeof *s->findings);
	json_array_foreach(arr, i, o)
	{
		struct scored_finding tmp, *pf = s->findings ? &s->findings[s->nfindings] : &tmp;
		const char *kind;
		const struct scored_requirement *r;
		long score = -1;

		memset(pf, 0, sizeof *pf);
		pf->req = -1;
		jck_idx(p, "/proposed_findings", i);
		if (!json_is_object(o)) {
			jck_problem(&x->c, p, false, "a proposed finding must be an object, not %s",
			            jck_type(o));
			continue;
		}
		pf->id = jck_str(&x->c, p, o, "id", JCK_REQUIRED | JCK_NONEMPTY);
		kind = jck_str(&x->c, p, o, "kind", JCK_REQUIRED);
		if (kind && !scored_kind_parse(kind, &pf->kind)) {
			jck_sub(q, p, "kind");
			jck_problem(&x->c, q, false,
			            "unknown kind '%s' (conformity, delegation, contradiction, "
			            "red_flag, no_evidence, weak or not_asked)",
			            kind);
			kind = NULL;
		}
		pf->key = jck_str(&x->c, p, o, "key", JCK_REQUIRED | JCK_NONEMPTY);
		pf->clause = jck_str(&x->c, p, o, "clause", JCK_REQUIRED | JCK_NONEMPTY);
		pf->item = jck_str(&x->c, p, o, "item", JCK_NULLABLE);
		pf->requirement = jck_str(&x->c, p, o, "requirement", JCK_NULLABLE);
		pf->statement = jck_str(&x->c, p, o, "statement", JCK_NULLABLE);
		pf->score = -1;
		if (jck_int(&x->c, p, o, "score", 0, 3, JCK_NULLABLE, &score))
			pf->score = (int)score;
		jck_bool(&x->c, p, o, "delegation", JCK_NULLABLE, &pf->delegation);
		read_finding_evidence(x, p, o, pf);
		pf->record = jck_str(&x->c, p, o, "record", JCK_NULLABLE);
		pf->questions = strings(x, p, o, "questions", 0, &pf->nquestions);
		pf->interviewee = jck_str(&x->c, p, o, "interviewee", JCK_NULLABLE);
		pf->role = jck_str(&x->c, p, o, "role", JCK_NULLABLE);
		if (!pf->id || !kind || !pf->clause || !pf->key)
			continue;
		r = scored_req(s, pf->clause, pf->item);
		if (!r) {
			jck_problem(&x->c, p, false,
			            "proposed finding on %s%s%s has no entry in \"requirements\"",
			            pf->clause, pf->item ? " " : "", pf->item ? pf->item : "");
			continue;
		}
		pf->req = (long)(r - s->reqs);
		for (j = 0; j < s->nfindings; j++)
			if (strcmp(s->findings[j].key, pf->key) == 0) {
				jck_sub(q, p, "key");
				jck_problem(&x->c, q, false, "key '%s' is proposed twice", pf->key);
				break;
			}
		if (pf != &tmp && j == s->nfindings)
			s->nfindings++;
	}
}

/* ======================================================================
 * Top level
 * ====================================================================== */

static bool read_head(struct ctx *x, json_t *root, const char *name)
{
	static const char *const notes_kinds[] = {"markdown", "text", "webvtt", "srt", NULL};
	struct scored *s = x->s;
	const char *fmt;
	json_t *o;

	fmt = jck_str(&x->c, "", root, "format", JCK_REQUIRED);
	if (ak_streq(fmt, SCORED_FORMAT_1)) {
		jck_problem(&x->c, "/format", false,
		            "'%s' is a scored interview of format %s, which this auditkit no "
		            "longer grades (it reads %s): score the notes again with 'auditkit "
		            "score NOTES -o DIR' (the notes are the record; a scored file is "
		            "derived from them)",
		            name, SCORED_FORMAT_1, SCORED_FORMAT_2);
		return false;
	}
	if (fmt && strcmp(fmt, SCORED_FORMAT_2) != 0) {
		jck_problem(&x->c, "/format", false,
		            "unsupported format '%s' (this auditkit reads %s)", fmt, SCORED_FORMAT_2);
		return false;
	}
	s->generator = jck_str(&x->c, "", root, "generator", JCK_REQUIRED);
	if ((o = jck_object(&x->c, "", root, "notes", JCK_REQUIRED))) {
		s->notes_file = jck_str(&x->c, "/notes", o, "file", JCK_REQUIRED | JCK_NONEMPTY);
		s->notes_sha256 = jck_str(&x->c, "/notes", o, "sha256", JCK_REQUIRED);
		if (s->notes_sha256 && !is_sha256(s->notes_sha256))
			jck_problem(&x->c, "/notes/sha256", false,
			            "\"sha256\" must be 64 lower-case hex digits");
		s->notes_kind = jck_str(&x->c, "/notes", o, "kind", JCK_REQUIRED);
		if (s->notes_kind && !one_of(s->notes_kind, notes_kinds))
			jck_problem(
			    &x->c, "/notes/kind", false,
			    "notes \"kind\" must be markdown, text, webvtt or srt, not '%s'",
			    s->notes_kind);
	}
	if (!s->notes_file)
		s->notes_file = "";
	if (!s->notes_sha256)
		s->notes_sha256 = "";
	s->interviewee = jck_str(&x->c, "", root, "interviewee", JCK_NULLABLE | JCK_NONEMPTY);
	s->role = jck_str(&x->c, "", root, "role", JCK_NULLABLE);
	s->date = jck_str(&x->c, "", root, "date", JCK_NULLABLE);
	if (s->date && !jck_is_date(s->date)) {
		jck_problem(&x->c, "/date", false,
		            "\"date\" must be a date as YYYY-MM-DD, not '%s'", s->date);
		s->date = NULL;
	}
	s->auditor = jck_str(&x->c, "", root, "auditor", JCK_NULLABLE);
	s->audit = jck_str(&x->c, "", root, "audit", JCK_NULLABLE);
	s->organisation = jck_str(&x->c, "", root, "organisation", JCK_NULLABLE);
	if ((o = jck_object(&x->c, "", root, "bank", JCK_REQUIRED))) {
		s->bank_id = jck_str(&x->c, "/bank", o, "id", JCK_REQUIRED | JCK_NONEMPTY);
		s->bank_version = jck_str(&x->c, "/bank", o, "version", JCK_NULLABLE);
		s->bank_standard = jck_str(&x->c, "/bank", o, "standard", JCK_NULLABLE);
	}
	if ((o = jck_object(&x->c, "", root, "facts", JCK_NULLABLE))) {
		s->facts_file = jck_str(&x->c, "/facts", o, "file", JCK_NULLABLE);
		s->facts_sha256 = jck_str(&x->c, "/facts", o, "sha256", JCK_NULLABLE);
		if (s->facts_sha256 && !is_sha256(s->facts_sha256))
			jck_problem(&x->c, "/facts/sha256", false,
			            "\"sha256\" must be 64 lower-case hex digits");
	}
	return true;
}

/* ======================================================================
 * Invariants: what scoring guarantees, checked so that a hand edit of one
 * score without the others is caught (docs/scored-format.md, "What a scored
 * file must hold"). Only necessary conditions of the decision table
 * (docs/scoring.md, section 7), so a file auditkit wrote always passes.
 * ====================================================================== */

#define EDITED "; was it edited by hand? score the notes again (the notes are the record)"

static const struct scored_requirement *req_of(const struct scored *s, const char *clause,
					       const char *item)
{
	const struct scored_requirement *r = scored_req(s, clause, item);

	return r ? r : item ? scored_req(s, clause, NULL) : NULL;
}

static void check_invariants(struct ctx *x)
{
	struct scored *s = x->s;
	char p[JCK_PATH], q[JCK_PATH];
	size_t i, j, k;

	for (i = 0; i < s->nreqs; i++) {
		const struct scored_requirement *r = &s->reqs[i];
		jck_idx(p, "/requirements", i);
		jck_sub(q, p, "verdict");
		if (!r->evidenced && (r->score >= 0 || r->verdict >= 0))
			jck_problem(&x->c, q, false,
				    "a requirement not evidenced has a null \"score\" and \"verdict\"" EDITED);
		else if (r->evidenced && r->score >= 0 && r->verdict >= 0 &&
			 r->verdict != (r->score >= 2))
			jck_problem(&x->c, q, false,
				    "verdict %s does not go with score %d (2 or 3 pass, 0 or 1 fail)" EDITED,
				    r->verdict ? "pass" : "fail", r->score);
	}
	for (i = 0; i < s->nquestions; i++) {
		const struct scored_question *qu = &s->questions[i];
		const struct scored_requirement *r = req_of(s, qu->clause, qu->item);
		size_t S = 0, G = 0, E = 0;
		if (!r)
			continue;
		for (j = 0; j < qu->nst; j++)
			for (k = 0; k < r->nev; k++) {
				const char *c = r->ev[k].cls;
				if (r->ev[k].st != qu->st[j] || !c)
					continue;
				S += strcmp(c, "specific") == 0;
				G += strcmp(c, "general") == 0 || (!r->duty && strcmp(c, "reported") == 0);
				E += strcmp(c, "none") != 0;
				break;
			}
		jck_idx(p, "/questions", i);
		jck_sub(q, p, "score");
		if (qu->score < 0 && E)
			jck_problem(&x->c, q, false,
				    "question %s has no score, but %zu of its statements are evidence on %s%s%s" EDITED,
				    qu->id, E, r->clause, r->item ? " " : "", r->item ? r->item : "");
		else if (qu->score >= 0 && (!E || !r->evidenced))
			jck_problem(&x->c, q, false,
				    "question %s has score %d, but none of its statements is evidence on %s%s%s" EDITED,
				    qu->id, qu->score, r->clause, r->item ? " " : "", r->item ? r->item : "");
		else if ((qu->score == 3 && S < 2) || (qu->score == 2 && S < 1 && G < 2) ||
			 (qu->score == 0 && (S || G)))
			jck_problem(&x->c, q, false,
				    "question %s: score %d cannot come from its statements (%zu specific, "
				    "%zu general: docs/scoring.md, the decision table)" EDITED,
				    qu->id, qu->score, S, G);
	}
	for (i = 0; i < s->nfindings; i++) {
		const struct scored_finding *f = &s->findings[i];
		const struct scored_requirement *r;
		bool ok;
		if (f->req < 0 || (size_t)f->req >= s->nreqs)
			continue;
		r = &s->reqs[f->req];
		switch (f->kind) {
		case SK_CONFORMITY: ok = r->verdict == 1; break;
		case SK_NOT_ASKED: ok = !r->evidenced; break;
		case SK_NO_EVIDENCE: ok = r->verdict == 0 && (f->score < 0 || r->score == 0); break;
		case SK_WEAK: ok = r->verdict == 0 && (f->score < 0 || r->score == 1); break;
		default: ok = r->verdict == 0; break;
		}
		jck_idx(p, "/proposed_findings", i);
		jck_sub(q, p, "score");
		if (f->score >= 0 && f->score != r->score) /* null: left out by hand, not changed */
			jck_problem(&x->c, q, false,
				    "proposed finding %s has score %d, its requirement %s%s%s %d" EDITED,
				    f->id ? f->id : "", f->score, r->clause, r->item ? " " : "",
				    r->item ? r->item : "", r->score);
		else if (!ok)
			jck_problem(&x->c, p, false,
				    "proposed finding %s is a %s, which its requirement's verdict (%s) "
				    "does not give" EDITED,
				    f->id ? f->id : "", scored_kind_name(f->kind),
				    r->verdict == 1 ? "pass" : r->verdict == 0 ? "fail" : "none");
	}
}

struct scored *scored_parse(const char *name, const char *text, size_t len, struct ak_diags *d,
                            ak_err *err)
{
	struct scored *s = calloc(1, sizeof *s);
	struct scored_priv *pv = calloc(1, sizeof *pv);
	struct ctx x;
	json_t *root;

	*err = AK_OK;
	if (!s || !pv) {
		free(s);
		free(pv);
		*err = AK_ERR_NOMEM;
		return NULL;
	}
	s->priv = pv;
	memset(&x, 0, sizeof x);
	root = jck_parse(&x.c, name, text, len, d);
	pv->root = root;
	x.s = s;
	x.a = &pv->arena;
	if (!ak_sha256_hex(text, len, s->sha256) || !(s->path = ak_arena_strdup(&pv->arena, name))) {
		*err = AK_ERR_NOMEM;
		goto out;
	}
	if (!root) {
		*err = AK_ERR_DATA;
		goto out;
	}
	if (!json_is_object(root)) {
		jck_problem(&x.c, "", false, "a scored interview must be a JSON object, not %s",
		            jck_type(root));
		goto out;
	}
	if (!read_head(&x, root, name))
		goto out;
	read_statements(&x, root);
	read_questions(&x, root);
	read_requirements(&x, root);
	read_findings(&x, root);
	if (!x.c.bad && !x.c.nomem)
		check_invariants(&x);
out:
	jck_release(&x.c);
	if (!*err && (x.c.nomem || pv->arena.oom || d->oom))
		*err = AK_ERR_NOMEM;
	else if (!*err && x.c.bad)
		*err = AK_ERR_DATA;
	if (*err) {
		scored_free(s);
		return NULL;
	}
	return s;
}

struct scored *scored_load(const char *path, struct ak_diags *d, ak_err *err)
{
	char *text = NULL;
	size_t len = 0;
	struct scored *s;

	*err = ak_read_text(path, 256u << 20, 0, &text, &len);
	if (*err)
		return NULL;
	s = scored_parse(path, text, len, d, err);
	free(text);
	return s;
}

void scored_free(struct scored *s)
{
	if (!s)
		return;
	if (s->priv) {
		json_decref(s->priv->root);
		ak_arena_release(&s->priv->arena);
		free(s->priv);
	}
	free(s);
}
