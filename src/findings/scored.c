/* scored.c: reading and checking a scored interview (docs/scored-format.md).
 *
 * Strings are borrowed from the parsed document, which the scored interview
 * keeps; arrays come from one arena, so scored_free is three calls. */
#include "findings/scored.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/hash.h"
#include "core/jcheck.h"
#include "core/util.h"

struct scored_priv {
	json_t *root;
	struct ak_arena arena;
};

static const char *const kind_names[SK_NKINDS] = {
    "no_evidence", "not_asked", "weak", "red_flag", "contradiction", "knowledge_gap",
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
	if (n == 0)
		return NULL;
	if (n > ((size_t)-1) / sz) {
		x->c.nomem = true;
		return NULL;
	}
	void *p = ak_arena_alloc(x->a, n * sz);
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

/* {quote, offset, length?, line, record?} as the documented quote shapes
 * use it; extra lists further allowed members (e.g. "fact"). */
static void quote_at(struct ctx *x, const char *path, json_t *o, struct scored_quote *q,
                     bool with_length, const char *record_key)
{
	static const char *const f_plain[] = {"quote", "offset", "line", "context", NULL};
	static const char *const f_len[] = {"quote", "offset", "length", "line", "context", NULL};
	static const char *const f_rec[] = {"quote", "offset", "line", "record", "context", NULL};
	static const char *const f_fact[] = {"quote", "offset", "line", "fact", "context", NULL};
	const char *const *allowed = with_length ? f_len : f_plain;

	if (record_key && strcmp(record_key, "record") == 0)
		allowed = f_rec;
	else if (record_key && strcmp(record_key, "fact") == 0)
		allowed = f_fact;
	q->offset = q->length = q->line = -1;
	q->record = NULL;
	if (!json_is_object(o)) {
		jck_problem(&x->c, path, false, "a quote must be an object {quote, offset, line}");
		q->quote = "";
		return;
	}
	jck_fields(&x->c, path, o, allowed, "a quote");
	q->quote = jck_str(&x->c, path, o, "quote", JCK_REQUIRED);
	if (!q->quote)
		q->quote = "";
	jck_int(&x->c, path, o, "offset", 0, 0x7fffffffL, JCK_REQUIRED, &q->offset);
	if (with_length)
		jck_int(&x->c, path, o, "length", 0, 0x7fffffffL, JCK_REQUIRED, &q->length);
	jck_int(&x->c, path, o, "line", 1, 0x7fffffffL, JCK_REQUIRED, &q->line);
	if (record_key)
		q->record = jck_str(&x->c, path, o, record_key,
		                    strcmp(record_key, "fact") == 0 ? JCK_REQUIRED : JCK_NULLABLE);
	jck_str(&x->c, path, o, "context", JCK_NULLABLE);
}

/* ======================================================================
 * Questions
 * ====================================================================== */

static const char *const evidence_kinds[] = {"positive",  "negative",   "red_flag",
                                             "mark_plus", "mark_minus", "mark_unclear",
                                             "mark_flag", "document",   NULL};
static const char *const answered_by[] = {"section", "clause", "transcript", "free", NULL};

static bool one_of(const char *s, const char *const *list)
{
	size_t i;

	for (i = 0; s && list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

static void read_evidence(struct ctx *x, const char *qp, json_t *qo, struct scored_question *q)
{
	static const char *const f[] = {"kind",   "label", "weight",  "quote", "offset",
	                                "length", "line",  "context", NULL};
	json_t *arr = jck_array(&x->c, qp, qo, "evidence", JCK_REQUIRED), *e;
	char ap[JCK_PATH], p[JCK_PATH];
	size_t i;

	if (!arr)
		return;
	jck_sub(ap, qp, "evidence");
	q->ev = alloc_n(x, json_array_size(arr), sizeof *q->ev);
	json_array_foreach(arr, i, e)
	{
		struct scored_evidence *ev = q->ev ? &q->ev[q->nev] : NULL;
		struct scored_evidence tmp;
		jck_idx(p, ap, i);
		if (!ev)
			ev = &tmp;
		if (!json_is_object(e)) {
			jck_problem(&x->c, p, false, "evidence must be an object, not %s",
			            jck_type(e));
			continue;
		}
		jck_fields(&x->c, p, e, f, "evidence");
		ev->kind = jck_str(&x->c, p, e, "kind", JCK_REQUIRED);
		if (ev->kind && !one_of(ev->kind, evidence_kinds)) {
			char kp[JCK_PATH];
			jck_sub(kp, p, "kind");
			jck_problem(&x->c, kp, false, "unknown evidence kind '%s'", ev->kind);
		}
		ev->label = jck_str(&x->c, p, e, "label", JCK_REQUIRED);
		ev->weight = 0;
		jck_num(&x->c, p, e, "weight", JCK_REQUIRED, &ev->weight);
		ev->q.quote = jck_str(&x->c, p, e, "quote", JCK_REQUIRED);
		ev->q.offset = ev->q.length = ev->q.line = -1;
		ev->q.record = NULL;
		jck_int(&x->c, p, e, "offset", 0, 0x7fffffffL, JCK_REQUIRED, &ev->q.offset);
		jck_int(&x->c, p, e, "length", 0, 0x7fffffffL, JCK_REQUIRED, &ev->q.length);
		jck_int(&x->c, p, e, "line", 1, 0x7fffffffL, JCK_REQUIRED, &ev->q.line);
		jck_str(&x->c, p, e, "context", JCK_NULLABLE);
		if (!ev->kind || !ev->label || !ev->q.quote)
			continue;
		if (ev != &tmp)
			q->nev++;
	}
}

static void read_probes(struct ctx *x, const char *qp, json_t *qo, struct scored_question *q)
{
	/* "records" (whether the facts hold what the probe asks) is written by
	 * the scorer beside the documented members. */
	static const char *const f[] = {"probe", "label",   "min",     "met",
	                                "found", "missing", "records", NULL};
	json_t *arr = jck_array(&x->c, qp, qo, "probes", JCK_REQUIRED), *o;
	char ap[JCK_PATH], p[JCK_PATH];
	size_t i;

	if (!arr)
		return;
	jck_sub(ap, qp, "probes");
	q->probes = alloc_n(x, json_array_size(arr), sizeof *q->probes);
	json_array_foreach(arr, i, o)
	{
		struct scored_probe tmp, *pr = q->probes ? &q->probes[q->nprobes] : &tmp;
		json_t *found, *met, *fo;
		char fp[JCK_PATH], ep[JCK_PATH];
		size_t j;

		memset(pr, 0, sizeof *pr);
		jck_idx(p, ap, i);
		if (!json_is_object(o)) {
			jck_problem(&x->c, p, false, "a probe must be an object, not %s",
			            jck_type(o));
			continue;
		}
		jck_fields(&x->c, p, o, f, "a probe");
		pr->probe = jck_str(&x->c, p, o, "probe", JCK_REQUIRED);
		pr->label = jck_str(&x->c, p, o, "label", JCK_REQUIRED);
		jck_int(&x->c, p, o, "min", 0, 1000, JCK_REQUIRED, &pr->min);
		/* "met" is documented without a type: a boolean, or how many were
		 * met (met when at least min). */
		met = json_object_get(o, "met");
		if (!met)
			jck_problem(&x->c, p, false, "missing \"met\" (true or false)");
		else if (json_is_boolean(met))
			pr->met = json_is_true(met);
		else if (json_is_integer(met) && json_integer_value(met) >= 0)
			pr->met = json_integer_value(met) >= pr->min;
		else {
			jck_sub(ep, p, "met");
			jck_problem(&x->c, ep, false, "\"met\" must be true or false, not %s",
			            jck_type(met));
		}
		found = jck_array(&x->c, p, o, "found", JCK_REQUIRED);
		jck_sub(fp, p, "found");
		if (found) {
			pr->found = alloc_n(x, json_array_size(found), sizeof *pr->found);
			json_array_foreach(found, j, fo)
			{
				struct scored_quote qt;
				jck_idx(ep, fp, j);
				quote_at(x, ep, fo, &qt, false, "fact");
				if (pr->found)
					pr->found[pr->nfound++] = qt;
			}
		}
		pr->missing = strings(x, p, o, "missing", JCK_REQUIRED, &pr->nmissing);
		jck_bool(&x->c, p, o, "records", JCK_NULLABLE, &pr->records);
		if (pr != &tmp)
			q->nprobes++;
	}
}

static void read_contradictions(struct ctx *x, const char *qp, json_t *qo,
                                struct scored_question *q)
{
	static const char *const f[] = {"topic", "said", "record", "explanation", NULL};
	json_t *arr = jck_array(&x->c, qp, qo, "contradictions", JCK_REQUIRED), *o, *said;
	char ap[JCK_PATH], p[JCK_PATH], sp[JCK_PATH];
	size_t i;

	if (!arr)
		return;
	jck_sub(ap, qp, "contradictions");
	q->contra = alloc_n(x, json_array_size(arr), sizeof *q->contra);
	json_array_foreach(arr, i, o)
	{
		struct scored_contradiction tmp, *c = q->contra ? &q->contra[q->ncontra] : &tmp;

		memset(c, 0, sizeof *c);
		jck_idx(p, ap, i);
		if (!json_is_object(o)) {
			jck_problem(&x->c, p, false, "a contradiction must be an object, not %s",
			            jck_type(o));
			continue;
		}
		jck_fields(&x->c, p, o, f, "a contradiction");
		c->topic = jck_str(&x->c, p, o, "topic", JCK_REQUIRED);
		said = jck_object(&x->c, p, o, "said", JCK_REQUIRED);
		jck_sub(sp, p, "said");
		if (said)
			quote_at(x, sp, said, &c->said, false, NULL);
		else
			c->said.quote = "";
		c->record = jck_str(&x->c, p, o, "record", JCK_REQUIRED);
		c->explanation = jck_str(&x->c, p, o, "explanation", JCK_REQUIRED);
		if (c != &tmp)
			q->ncontra++;
	}
}

static void read_points(struct ctx *x, const char *qp, json_t *qo)
{
	static const char *const f[] = {"positive",   "negative", "red_flags",  "contradictions",
	                                "probes_met", "probes",   "plus_marks", "minus_marks",
	                                "documents",  "total",    NULL};
	json_t *o = jck_object(&x->c, qp, qo, "points", JCK_REQUIRED);
	char p[JCK_PATH];
	size_t i;
	double d;

	if (!o)
		return;
	jck_sub(p, qp, "points");
	jck_fields(&x->c, p, o, f, "points");
	for (i = 0; f[i]; i++)
		jck_num(&x->c, p, o, f[i], 0, &d);
}

static void read_questions(struct ctx *x, json_t *root)
{
	static const char *const f[] = {
	    "id",     "clause", "item",     "requirement", "question",       "answered_by", "score",
	    "reason", "points", "evidence", "probes",      "contradictions", NULL};
	json_t *arr = jck_array(&x->c, "", root, "questions", JCK_REQUIRED), *o;
	struct scored *s = x->s;
	char p[JCK_PATH];
	size_t i;

	if (!arr)
		return;
	s->questions = alloc_n(x, json_array_size(arr), sizeof *s->questions);
	json_array_foreach(arr, i, o)
	{
		struct scored_question tmp, *q = s->questions ? &s->questions[s->nquestions] : &tmp;
		long score = 0;

		memset(q, 0, sizeof *q);
		jck_idx(p, "/questions", i);
		if (!json_is_object(o)) {
			jck_problem(&x->c, p, false, "a question must be an object, not %s",
			            jck_type(o));
			continue;
		}
		jck_fields(&x->c, p, o, f, "a question");
		q->id = jck_str(&x->c, p, o, "id", JCK_REQUIRED | JCK_NONEMPTY);
		q->clause = jck_str(&x->c, p, o, "clause", JCK_REQUIRED | JCK_NONEMPTY);
		q->item = jck_str(&x->c, p, o, "item", JCK_REQUIRED | JCK_NULLABLE);
		q->requirement = jck_str(&x->c, p, o, "requirement", JCK_REQUIRED | JCK_NULLABLE);
		q->question = jck_str(&x->c, p, o, "question", JCK_REQUIRED);
		q->answered_by = jck_str(&x->c, p, o, "answered_by", JCK_REQUIRED);
		if (q->answered_by && !one_of(q->answered_by, answered_by)) {
			char ap[JCK_PATH];
			jck_sub(ap, p, "answered_by");
			jck_problem(
			    &x->c, ap, false,
			    "\"answered_by\" must be section, clause, transcript or free, not '%s'",
			    q->answered_by);
		}
		jck_int(&x->c, p, o, "score", 0, 3, JCK_REQUIRED, &score);
		q->score = (int)score;
		q->reason = jck_str(&x->c, p, o, "reason", JCK_REQUIRED);
		read_points(x, p, o);
		read_evidence(x, p, o, q);
		read_probes(x, p, o, q);
		read_contradictions(x, p, o, q);
		if (!q->id || !q->clause)
			continue;
		if (q != &tmp)
			s->nquestions++;
	}
}

/* ======================================================================
 * Requirements and proposed findings
 * ====================================================================== */

static bool known_question(const struct scored *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->nquestions; i++)
		if (strcmp(s->questions[i].id, id) == 0)
			return true;
	return false;
}

static void check_question_ids(struct ctx *x, const char *path, const char **ids, size_t n)
{
	char p[JCK_PATH], q[JCK_PATH];
	size_t i;

	jck_sub(p, path, "questions");
	for (i = 0; i < n; i++)
		if (!known_question(x->s, ids[i])) {
			jck_idx(q, p, i);
			jck_problem(&x->c, q, false,
			            "question '%s' is not among the questions answered", ids[i]);
		}
}

static void read_requirements(struct ctx *x, json_t *root)
{
	static const char *const f[] = {"clause",   "item", "requirement", "questions",
	                                "score",    "mean", "red_flags",   "contradictions",
	                                "coverage", NULL};
	json_t *arr = jck_array(&x->c, "", root, "requirements", JCK_REQUIRED), *o;
	struct scored *s = x->s;
	char p[JCK_PATH];
	size_t i;

	if (!arr)
		return;
	s->reqs = alloc_n(x, json_array_size(arr), sizeof *s->reqs);
	json_array_foreach(arr, i, o)
	{
		struct scored_requirement tmp, *r = s->reqs ? &s->reqs[s->nreqs] : &tmp;
		long score = -1;
		size_t j;

		memset(r, 0, sizeof *r);
		jck_idx(p, "/requirements", i);
		if (!json_is_object(o)) {
			jck_problem(&x->c, p, false, "a requirement must be an object, not %s",
			            jck_type(o));
			continue;
		}
		jck_fields(&x->c, p, o, f, "a requirement");
		r->clause = jck_str(&x->c, p, o, "clause", JCK_REQUIRED | JCK_NONEMPTY);
		r->item = jck_str(&x->c, p, o, "item", JCK_REQUIRED | JCK_NULLABLE);
		r->requirement = jck_str(&x->c, p, o, "requirement", JCK_REQUIRED | JCK_NULLABLE);
		r->questions = strings(x, p, o, "questions", JCK_REQUIRED, &r->nquestions);
		check_question_ids(x, p, r->questions, r->nquestions);
		r->score = -1;
		if (jck_int(&x->c, p, o, "score", 0, 3, JCK_REQUIRED | JCK_NULLABLE, &score))
			r->score = (int)score;
		r->mean = NAN;
		jck_num(&x->c, p, o, "mean", JCK_REQUIRED | JCK_NULLABLE, &r->mean);
		r->red_flags = strings(x, p, o, "red_flags", JCK_REQUIRED, &r->nred_flags);
		jck_int(&x->c, p, o, "contradictions", 0, 100000, JCK_REQUIRED, &r->contradictions);
		jck_bool(&x->c, p, o, "coverage", JCK_REQUIRED, &r->coverage);
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

static const struct scored_requirement *find_req(const struct scored *s, const char *clause,
                                                 const char *item)
{
	size_t i;

	for (i = 0; i < s->nreqs; i++)
		if (strcmp(s->reqs[i].clause, clause) == 0 && ak_streq(s->reqs[i].item, item))
			return &s->reqs[i];
	return NULL;
}

static void read_findings(struct ctx *x, json_t *root)
{
	/* "record": the record a contradiction is against, for the finding
	 * as a whole (null otherwise); a quote may carry its own. */
	static const char *const f[] = {"id",          "kind",        "clause",   "item",
	                                "requirement", "statement",   "evidence", "record",
	                                "questions",   "interviewee", "role",     NULL};
	json_t *arr = jck_array(&x->c, "", root, "proposed_findings", JCK_REQUIRED), *o;
	struct scored *s = x->s;
	char p[JCK_PATH];
	size_t i;

	if (!arr)
		return;
	s->findings = alloc_n(x, json_array_size(arr), sizeof *s->findings);
	json_array_foreach(arr, i, o)
	{
		struct scored_finding tmp, *pf = s->findings ? &s->findings[s->nfindings] : &tmp;
		const char *kind;
		json_t *ev, *e;
		char ep[JCK_PATH], qp[JCK_PATH];
		size_t j;

		memset(pf, 0, sizeof *pf);
		jck_idx(p, "/proposed_findings", i);
		if (!json_is_object(o)) {
			jck_problem(&x->c, p, false, "a proposed finding must be an object, not %s",
			            jck_type(o));
			continue;
		}
		jck_fields(&x->c, p, o, f, "a proposed finding");
		pf->id = jck_str(&x->c, p, o, "id", JCK_REQUIRED | JCK_NONEMPTY);
		kind = jck_str(&x->c, p, o, "kind", JCK_REQUIRED);
		if (kind && !scored_kind_parse(kind, &pf->kind)) {
			jck_sub(ep, p, "kind");
			jck_problem(&x->c, ep, false,
			            "unknown kind '%s' (no_evidence, not_asked, weak, red_flag, "
			            "contradiction or knowledge_gap)",
			            kind);
			kind = NULL;
		}
		pf->clause = jck_str(&x->c, p, o, "clause", JCK_REQUIRED | JCK_NONEMPTY);
		pf->item = jck_str(&x->c, p, o, "item", JCK_REQUIRED | JCK_NULLABLE);
		pf->requirement = jck_str(&x->c, p, o, "requirement", JCK_REQUIRED | JCK_NULLABLE);
		pf->statement = jck_str(&x->c, p, o, "statement", JCK_REQUIRED);
		ev = jck_array(&x->c, p, o, "evidence", JCK_REQUIRED);
		jck_sub(ep, p, "evidence");
		if (ev) {
			pf->ev = alloc_n(x, json_array_size(ev), sizeof *pf->ev);
			json_array_foreach(ev, j, e)
			{
				struct scored_quote qt;
				jck_idx(qp, ep, j);
				quote_at(x, qp, e, &qt, false, "record");
				if (pf->ev)
					pf->ev[pf->nev++] = qt;
			}
		}
		pf->record = jck_str(&x->c, p, o, "record", JCK_NULLABLE);
		pf->questions = strings(x, p, o, "questions", JCK_REQUIRED, &pf->nquestions);
		check_question_ids(x, p, pf->questions, pf->nquestions);
		pf->interviewee = jck_str(&x->c, p, o, "interviewee", JCK_REQUIRED | JCK_NULLABLE);
		pf->role = jck_str(&x->c, p, o, "role", JCK_REQUIRED | JCK_NULLABLE);
		if (!pf->id || !kind || !pf->clause || !pf->statement)
			continue;
		if (!find_req(s, pf->clause, pf->item))
			jck_problem(&x->c, p, false,
			            "proposed finding on %s%s%s has no entry in \"requirements\"",
			            pf->clause, pf->item ? " " : "", pf->item ? pf->item : "");
		if (pf != &tmp)
			s->nfindings++;
	}
}

/* ======================================================================
 * Top level
 * ====================================================================== */

static void read_head(struct ctx *x, json_t *root)
{
	static const char *const notes_f[] = {"file", "sha256", "kind", NULL};
	static const char *const bank_f[] = {"id", "version", "standard", NULL};
	static const char *const facts_f[] = {"file", "sha256", NULL};
	static const char *const notes_kinds[] = {"markdown", "text", "webvtt", "srt", NULL};
	struct scored *s = x->s;
	const char *fmt;
	json_t *o;

	fmt = jck_str(&x->c, "", root, "format", JCK_REQUIRED);
	if (fmt && strcmp(fmt, SCORED_FORMAT) != 0)
		jck_problem(&x->c, "/format", false,
		            "unsupported format '%s' (this auditkit reads %s)", fmt, SCORED_FORMAT);
	s->generator = jck_str(&x->c, "", root, "generator", JCK_REQUIRED);
	if ((o = jck_object(&x->c, "", root, "notes", JCK_REQUIRED))) {
		jck_fields(&x->c, "/notes", o, notes_f, "notes");
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
		jck_fields(&x->c, "/bank", o, bank_f, "the bank");
		s->bank_id = jck_str(&x->c, "/bank", o, "id", JCK_REQUIRED | JCK_NONEMPTY);
		s->bank_version = jck_str(&x->c, "/bank", o, "version", JCK_REQUIRED);
		s->bank_standard = jck_str(&x->c, "/bank", o, "standard", JCK_REQUIRED);
	}
	if ((o = jck_object(&x->c, "", root, "facts", JCK_NULLABLE))) {
		jck_fields(&x->c, "/facts", o, facts_f, "facts");
		s->facts_file = jck_str(&x->c, "/facts", o, "file", JCK_REQUIRED);
		s->facts_sha256 = jck_str(&x->c, "/facts", o, "sha256", JCK_REQUIRED);
		if (s->facts_sha256 && !is_sha256(s->facts_sha256))
			jck_problem(&x->c, "/facts/sha256", false,
			            "\"sha256\" must be 64 lower-case hex digits");
	}
}

struct scored *scored_parse(const char *name, const char *text, size_t len, struct ak_diags *d,
                            ak_err *err)
{
	static const char *const top[] = {
	    "format", "generator", "notes",        "interviewee",       "role",
	    "date",   "auditor",   "audit",        "organisation",      "bank",
	    "facts",  "questions", "requirements", "proposed_findings", NULL};
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
	if (!ak_sha256_hex(text, len, s->sha256)) {
		*err = AK_ERR_NOMEM;
		goto out;
	}
	if (!(s->path = ak_arena_strdup(&pv->arena, name))) {
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
	jck_fields(&x.c, "", root, top, "a scored interview");
	read_head(&x, root);
	read_questions(&x, root);
	read_requirements(&x, root);
	read_findings(&x, root);
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

	*err = ak_read_file(path, 256u << 20, &text, &len);
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
