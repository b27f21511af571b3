/* score_json.c: the scored interview (docs/scored-format.md,
 * "auditkit-scored/2").
 *
 * Every statement is written once, in "statements", with its place in the
 * notes, its topics and its assertion status; requirements, questions and
 * proposed findings refer to statements by id ("S12") rather than copying
 * their text, so the file grows with the notes, not with the bank. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "score/score_int.h"

static const char *const kinds[] = {"markdown", "text", "webvtt", "srt"};
static const char *const stmt_kinds[] = {"sentence", "bullet", "cell", "turn"};
static const char *const speakers[] = {"notes", "interviewee", "auditor", "other"};
static const char *const answered[] = {"none", "free", "clause", "section", "transcript"};

const char *score_env_rules_path(const struct score_env *e) { return ctx_rules_path(e->rules); }
const char *score_env_rules_sha256(const struct score_env *e) { return ctx_rules_sha256(e->rules); }

static json_t *jstr(const char *s) { return s ? json_string(s) : json_null(); }

json_t *score_span(const struct notes *n, size_t off, size_t len)
{
	char ctx[256];
	json_t *o = json_object();

	notes_context(n, off, ctx, sizeof ctx);
	json_object_set_new(o, "quote", json_stringn(n->data + off, len));
	json_object_set_new(o, "offset", json_integer((json_int_t)off));
	json_object_set_new(o, "line", json_integer(notes_line_of(n, off)));
	json_object_set_new(o, "context", json_string(ctx));
	return o;
}

static json_t *sid(size_t i)
{
	char b[24];
	snprintf(b, sizeof b, "S%zu", i + 1);
	return json_string(b);
}

static const char *mark_name(enum notes_mark m)
{
	switch (m) {
	case MARK_PLUS: return "+";
	case MARK_MINUS: return "-";
	case MARK_UNCLEAR: return "?";
	case MARK_FLAG: return "!";
	default: return NULL;
	}
}

/* A span of a statement's normalised text, in the notes. */
static void stmt_span(const struct stmt *st, size_t a, size_t b, size_t *off, size_t *len)
{
	if (a >= st->t.len) {
		*off = st->off + st->len;
		*len = 0;
		return;
	}
	if (b > st->t.len)
		b = st->t.len;
	*off = st->t.map[a];
	*len = (b < st->t.len ? st->t.map[b] : st->off + st->len) - *off;
}

/* The same, trimmed of the white space the map carries between words. */
static void stmt_span_trim(const struct notes *n, const struct stmt *st, size_t a, size_t b, size_t *off,
			   size_t *len)
{
	stmt_span(st, a, b, off, len);
	while (*len && (n->data[*off + *len - 1] == ' ' || n->data[*off + *len - 1] == '\t' ||
			n->data[*off + *len - 1] == '\n' || n->data[*off + *len - 1] == '\r'))
		(*len)--;
}

static json_t *trigger_json(const struct scorer *s, size_t i, size_t k)
{
	const struct stmt *st = &s->st.v[i];
	const struct ctx_trigger *t = &s->si[i].ctx.v[k];
	const struct ctx_rule *ru = ctx_rules_get(s->env->rules, t->rule);
	size_t off, len;
	json_t *o;

	stmt_span_trim(s->n, st, t->off, t->off + t->len, &off, &len);
	o = json_pack("{s:s, s:s, s:s%, s:I}", "rule", ru->id, "category",
		      ru->kind == CK_PSEUDO ? "pseudo" : ru->kind == CK_TERMINATE ? "terminate" : ctx_cat_name(ru->cat),
		      "quote", s->n->data + off, len, "offset", (json_int_t)off);
	if (t->actor_len) {
		size_t ao, al;
		stmt_span_trim(s->n, st, t->actor_off, t->actor_off + t->actor_len, &ao, &al);
		json_object_set_new(o, "actor", json_stringn(s->n->data + ao, al));
	}
	if (t->cat && t->scope_end > t->scope_off) {
		size_t so, sl;
		stmt_span_trim(s->n, st, t->scope_off, t->scope_end, &so, &sl);
		json_object_set_new(o, "scope", json_stringn(s->n->data + so, sl));
	}
	return o;
}

static json_t *statements_json(const struct scorer *s)
{
	const struct bank *b = s->env->bank;
	json_t *a = json_array();
	size_t i, k;

	for (i = 0; i < s->st.n; i++) {
		const struct stmt *st = &s->st.v[i];
		const struct sinfo *si = &s->si[i];
		json_t *o = json_object(), *tp = json_array(), *as = json_array(), *tr = json_array();
		unsigned c;
		json_object_set_new(o, "id", sid(i));
		json_object_set_new(o, "offset", json_integer((json_int_t)st->off));
		json_object_set_new(o, "length", json_integer((json_int_t)st->len));
		json_object_set_new(o, "line", json_integer(st->line));
		json_object_set_new(o, "text", json_stringn(st->t.s, st->t.len));
		json_object_set_new(o, "kind", json_string(stmt_kinds[st->kind]));
		json_object_set_new(o, "speaker", json_string(speakers[st->speaker]));
		json_object_set_new(o, "mark", jstr(mark_name(st->mark)));
		json_object_set_new(o, "question", json_boolean(st->question));
		for (k = 0; k < si->topics.n; k++) {
			const struct topic_hit *h = &si->topics.v[k];
			json_t *w = json_array();
			size_t j;
			for (j = 0; j < h->nspans; j++)
				json_array_append_new(w, json_stringn(st->t.s + h->span[j][0],
								      h->span[j][1] - h->span[j][0]));
			json_array_append_new(tp, json_pack("{s:s, s:s, s:o}", "topic", bank_topic(b, h->topic)->key,
							    "from", h->nspans ? "words" : "context", "words", w));
		}
		json_object_set_new(o, "topics", tp);
		for (c = 1; c <= CTX_LIMITED; c <<= 1)
			if (si->ctx.cats & c)
				json_array_append_new(as, json_string(ctx_cat_name(c)));
		json_object_set_new(o, "assertion", as);
		for (k = 0; k < si->ctx.n; k++)
			json_array_append_new(tr, trigger_json(s, i, k));
		json_object_set_new(o, "triggers", tr);
		json_object_set_new(o, "actor",
				    json_string(si->self ? "interviewee" : si->other ? "someone else" : "unstated"));
		json_array_append_new(a, o);
	}
	return a;
}

static const char *req_text(const struct bank *b, const struct bank_topic *t)
{
	return t->item ? bank_item_text(b, t->clause, t->item) : bank_clause_title(b, t->clause);
}

static bool is_coverage(const struct bank *b, const struct bank_topic *t)
{
	struct bank_strings cov = bank_coverage(b);
	size_t i;

	for (i = 0; t->item && i < cov.n; i++)
		if (strcmp(cov.v[i], t->clause) == 0)
			return true;
	return false;
}

static json_t *probe_json(const struct scorer *s, const struct tprobe *tp)
{
	json_t *fo = json_array(), *mi = json_array();
	size_t j;

	for (j = 0; j < tp->r.nfound; j++) {
		size_t a = tp->r.found[j].off, e = a + tp->r.found[j].len, off, len;
		json_t *x;
		off = s->whole.map[a];
		len = (e < s->whole.len ? s->whole.map[e] : s->whole.map[s->whole.len]) - off;
		while (len && (s->n->data[off + len - 1] == ' ' || s->n->data[off + len - 1] == '\n'))
			len--;
		x = score_span(s->n, off, len);
		json_object_set_new(x, "fact", json_string(tp->r.found[j].fact));
		json_object_set_new(x, "statement", sid(s->whole_stmt[a]));
		json_array_append_new(fo, x);
	}
	for (j = 0; j < tp->r.nmissing; j++)
		json_array_append_new(mi, json_string(tp->r.missing[j]));
	return json_pack("{s:s, s:s, s:i, s:b, s:b, s:o, s:o}", "probe", bank_probe_name(tp->r.kind), "label",
			 tp->r.label, "min", tp->r.min, "met", tp->r.met, "records", !tp->r.no_records, "found",
			 fo, "missing", mi);
}

static json_t *contra_json(const struct scorer *s, const struct contra *c)
{
	json_t *said = score_span(s->n, c->off, c->len);

	json_object_set_new(said, "statement", sid(c->stmt));
	return json_pack("{s:s, s:s, s:o, s:s, s:s}", "topic", c->c.topic, "fact", c->fact, "said", said,
			 "record", c->c.record, "explanation", c->c.explanation);
}

/* The red flags of a topic: the auditor's "!" lines and the hand-offs, as
 * labels. */
static json_t *flags_json(const struct scorer *s, size_t t)
{
	json_t *a = json_array();
	size_t i, k;

	for (i = 0; i < s->nev; i++) {
		const struct evidence *e = &s->ev[i];
		const struct stmt *st = &s->st.v[e->stmt];
		char label[200];
		bool dup = false;
		json_t *v;
		if (e->topic != t || (e->cls != EV_FLAG && !(e->cls == EV_DELEGATION && s->tj[t].delegation)))
			continue;
		if (e->cls == EV_FLAG)
			snprintf(label, sizeof label, "auditor's red flag: %.*s%s",
				 (int)(st->t.len > 120 ? 120 : st->t.len), st->t.s, st->t.len > 120 ? "..." : "");
		else
			snprintf(label, sizeof label, "handed to someone else, nothing first-hand");
		json_array_foreach(a, k, v)
			if (strcmp(json_string_value(v), label) == 0)
				dup = true;
		if (!dup)
			json_array_append_new(a, json_string(label));
	}
	return a;
}

static json_t *requirement_json(const struct scorer *s, size_t t, json_t *qids)
{
	const struct bank *b = s->env->bank;
	const struct bank_topic *tp = bank_topic(b, t);
	const struct tjudge *j = &s->tj[t];
	json_t *o = json_object(), *ev = json_array(), *pr = json_array(), *co = json_array();
	size_t i;

	json_object_set_new(o, "clause", json_string(tp->clause));
	json_object_set_new(o, "item", jstr(tp->item));
	json_object_set_new(o, "requirement", jstr(req_text(b, tp)));
	json_object_set_new(o, "kind", json_string(tp->duty ? "duty" : "knowledge"));
	json_object_set_new(o, "coverage", json_boolean(is_coverage(b, tp)));
	json_object_set_new(o, "status", json_string(j->evidenced ? "evidenced" : "not_evidenced"));
	json_object_set_new(o, "score", j->evidenced ? json_integer(j->score) : json_null());
	json_object_set_new(o, "verdict",
			    j->evidenced ? json_string(j->score >= 2 ? "pass" : "fail") : json_null());
	json_object_set_new(o, "delegation", json_boolean(j->delegation));
	json_object_set_new(o, "reason", json_string(ak_buf_str((struct ak_buf *)&j->reason)));
	json_object_set_new(o, "rule", json_string(j->rule ? j->rule : "not evidenced"));
	json_object_set_new(o, "counts",
			    json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i}", "specific",
				      j->specific, "general", j->general, "reported", j->reported, "intent",
				      j->intent, "negative", j->negative, "delegation", j->delegated,
				      "red_flags", j->flags, "probes_met", j->probes_met, "probes_unmet",
				      j->probes_unmet, "contradictions", (int)j->ncontra));
	json_object_set_new(o, "red_flags", flags_json(s, t));
	json_object_set_new(o, "contradictions", json_integer((json_int_t)j->ncontra));
	json_object_set_new(o, "questions", qids ? json_incref(qids) : json_array());
	for (i = 0; i < s->nev; i++) {
		const struct evidence *e = &s->ev[i];
		json_t *x;
		if (e->topic != t)
			continue;
		x = json_pack("{s:o, s:s, s:s, s:s}", "statement", sid(e->stmt), "class",
			      ev_class_name(e->cls), "why", e->why, "topic_from", e->prior ? "context" : "words");
		if (e->cue != SIZE_MAX && e->cue < s->si[e->stmt].ctx.n)
			json_object_set_new(x, "cue", trigger_json(s, e->stmt, e->cue));
		json_array_append_new(ev, x);
	}
	json_object_set_new(o, "evidence", ev);
	for (i = 0; i < s->ntp[t]; i++)
		if (s->tp[t][i].run)
			json_array_append_new(pr, probe_json(s, &s->tp[t][i]));
	json_object_set_new(o, "probes", pr);
	for (i = 0; i < s->ncontra; i++)
		if (s->contra[i].topic == t)
			json_array_append_new(co, contra_json(s, &s->contra[i]));
	json_object_set_new(o, "contradiction_details", co);
	return o;
}

/* ======================================================================
 * Questions: which the notes answer, scored on their own statements
 * ====================================================================== */

static bool suits(const struct scorer *s, const struct bank_question *q)
{
	size_t i;

	if (s->o->script_ids) {
		for (i = 0; i < s->o->nscript; i++)
			if (strcmp(s->o->script_ids[i], q->id) == 0)
				return true;
		return false;
	}
	if (!(q->roles & (1u << s->role)))
		return false;
	return !s->has_audit || (q->audits & (1u << s->audit_kind));
}

/* The first question of the bank on a topic that suits the interview. */
static const struct bank_question *first_on(const struct scorer *s, size_t t)
{
	const struct bank *b = s->env->bank;
	const struct bank_topic *tp = bank_topic(b, t);
	size_t i;

	for (i = 0; i < bank_nquestions(b); i++) {
		const struct bank_question *q = bank_question(b, i);
		if (bank_topic_for(b, q->clause, q->item) == tp && suits(s, q))
			return q;
	}
	/* with --script, only the script's questions; else any on the topic */
	for (i = 0; !s->o->script_ids && i < bank_nquestions(b); i++) {
		const struct bank_question *q = bank_question(b, i);
		if (bank_topic_for(b, q->clause, q->item) == tp)
			return q;
	}
	return NULL;
}

struct qent {
	const struct bank_question *q;
	size_t topic;
	enum answered by;
	bool *in; /* statements of its answer */
};

static struct qent *qent_for(struct qent **v, size_t *n, size_t *cap, const struct bank_question *q,
			     size_t topic, enum answered by, size_t nst)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*v)[i].q == q) {
			if (by > (*v)[i].by)
				(*v)[i].by = by;
			return &(*v)[i];
		}
	if (!ak_grow(v, cap, *n + 1, sizeof **v))
		return NULL;
	(*v)[*n].q = q;
	(*v)[*n].topic = topic;
	(*v)[*n].by = by;
	(*v)[*n].in = calloc(nst + 1, sizeof *(*v)[*n].in);
	if (!(*v)[*n].in)
		return NULL;
	return &(*v)[(*n)++];
}

static int cmp_qent(const void *a, const void *b, void *bank)
{
	(void)bank;
	(void)a;
	(void)b;
	return 0;
}

static bool find_questions(struct scorer *s, struct qent **v, size_t *n, size_t *cap)
{
	const struct bank *b = s->env->bank;
	size_t i, k;

	(void)cmp_qent;
	for (i = 0; i < s->st.n; i++) {
		const struct stmt *st = &s->st.v[i];
		const struct sinfo *si = &s->si[i];
		const struct bank_question *sq = s->sec_q[st->section];
		size_t stopic = s->sec_topic[st->section];
		if (st->question || st->speaker == SP_AUDITOR || st->speaker == SP_OTHER)
			continue;
		if (sq && s->o->script_ids && !suits(s, sq))
			sq = NULL; /* --script: its questions only */
		if (sq && stopic != SIZE_MAX) {
			struct qent *e = qent_for(v, n, cap, sq, stopic, ANS_SECTION, s->st.n);
			if (!e)
				return false;
			e->in[i] = true;
			continue;
		}
		for (k = 0; k < si->topics.n; k++) {
			size_t t = si->topics.v[k].topic;
			const struct bank_question *q = first_on(s, t);
			enum answered by = stopic == t ? ANS_CLAUSE
					   : st->speaker == SP_INTERVIEWEE ? ANS_TRANSCRIPT
									 : ANS_FREE;
			struct qent *e;
			if (!q)
				continue;
			e = qent_for(v, n, cap, q, t, by, s->st.n);
			if (!e)
				return false;
			e->in[i] = true;
		}
	}
	/* bank order */
	for (i = 1; i < *n; i++) {
		struct qent x = (*v)[i];
		size_t xi = (size_t)(x.q - bank_question(b, 0));
		k = i;
		while (k > 0 && (size_t)((*v)[k - 1].q - bank_question(b, 0)) > xi) {
			(*v)[k] = (*v)[k - 1];
			k--;
		}
		(*v)[k] = x;
	}
	return true;
}

static json_t *questions_json(struct scorer *s, struct qent *v, size_t n, json_t **per_topic)
{
	const struct bank *b = s->env->bank;
	json_t *a = json_array();
	size_t i, k;

	for (i = 0; i < n; i++) {
		const struct bank_question *q = v[i].q;
		struct ak_buf r = AK_BUF_INIT;
		int sc = judge_subset(s, v[i].topic, v[i].in, &r);
		json_t *o = json_object(), *ids = json_array();
		json_object_set_new(o, "id", json_string(q->id));
		json_object_set_new(o, "clause", json_string(q->clause));
		json_object_set_new(o, "item", jstr(q->item));
		json_object_set_new(o, "requirement",
				    jstr(q->item ? bank_item_text(b, q->clause, q->item) : bank_clause_title(b, q->clause)));
		json_object_set_new(o, "question", json_string(q->question));
		json_object_set_new(o, "answered_by", json_string(answered[v[i].by]));
		json_object_set_new(o, "score", sc < 0 ? json_null() : json_integer(sc));
		json_object_set_new(o, "reason", json_string(ak_buf_str(&r)));
		for (k = 0; k < s->st.n; k++)
			if (v[i].in[k])
				json_array_append_new(ids, sid(k));
		json_object_set_new(o, "statements", ids);
		json_array_append_new(a, o);
		if (!per_topic[v[i].topic])
			per_topic[v[i].topic] = json_array();
		json_array_append_new(per_topic[v[i].topic], json_string(q->id));
		ak_buf_release(&r);
	}
	return a;
}

json_t *score_json(struct scorer *s, const char *notes_sha256)
{
	const struct bank *b = s->env->bank;
	const struct notes *n = s->n;
	json_t *root = json_object(), *reqs = json_array(), *fs = json_array(), **per_topic;
	struct qent *qv = NULL;
	size_t nq = 0, capq = 0, t, i;

	per_topic = calloc(s->ntopics + 1, sizeof *per_topic);
	if (!root || !reqs || !fs || !per_topic || !find_questions(s, &qv, &nq, &capq)) {
		for (i = 0; i < nq; i++)
			free(qv[i].in);
		free(qv);
		free(per_topic);
		json_decref(root);
		json_decref(reqs);
		json_decref(fs);
		return NULL;
	}
	json_object_set_new(root, "format", json_string(SCORED_FORMAT));
	json_object_set_new(root, "generator", json_string("auditkit " AK_VERSION));
	json_object_set_new(root, "notes", json_pack("{s:s, s:s, s:s}", "file", n->path, "sha256", notes_sha256,
						     "kind", kinds[n->kind]));
	json_object_set_new(root, "interviewee", jstr(s->interviewee));
	json_object_set_new(root, "role", jstr(s->role_name));
	json_object_set_new(root, "date", jstr(s->date));
	json_object_set_new(root, "auditor", jstr(s->auditor));
	json_object_set_new(root, "audit", jstr(s->audit));
	json_object_set_new(root, "organisation",
			    jstr(n->meta.organisation ? n->meta.organisation : facts_org_name(s->o->facts)));
	json_object_set_new(root, "bank", json_pack("{s:s, s:s, s:s}", "id", bank_id(b), "version",
						    bank_version(b), "standard", bank_standard(b)));
	json_object_set_new(root, "facts", json_pack("{s:s?, s:s?}", "file", s->o->facts_file, "sha256",
						     s->o->facts_sha256));
	json_object_set_new(root, "assertions",
			    json_pack("{s:s, s:s}", "file", ctx_rules_path(s->env->rules), "sha256",
				      ctx_rules_sha256(s->env->rules)));
	json_object_set_new(root, "warnings", s->warnings ? json_incref(s->warnings) : json_array());
	json_object_set_new(root, "statements", statements_json(s));
	json_object_set_new(root, "questions", questions_json(s, qv, nq, per_topic));
	for (t = 0; t < s->ntopics; t++)
		json_array_append_new(reqs, requirement_json(s, t, per_topic[t]));
	score_propose(s, reqs, fs);
	json_object_set_new(root, "requirements", reqs);
	json_object_set_new(root, "proposed_findings", fs);
	for (i = 0; i < nq; i++)
		free(qv[i].in);
	free(qv);
	for (t = 0; t < s->ntopics; t++)
		json_decref(per_topic[t]);
	free(per_topic);
	return root;
}
