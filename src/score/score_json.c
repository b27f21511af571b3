/* score_json.c: the scored interview (docs/scored-format.md,
 * "auditkit-scored/2"), written as text.
 *
 * Every statement is written once, in "statements", with its place in the
 * notes, its topics and its assertion status; requirements, questions and
 * proposed findings refer to statements by id ("S12") rather than copying
 * their text, so the file grows with the notes, not with the bank. It is
 * written straight into a buffer (core/jwrite.h), byte for byte what
 * jansson's JSON_INDENT(2) would give, without building a tree first: a
 * tree of the explanation cost more than all the judging. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jwrite.h"
#include "core/util.h"
#include "score/score_int.h"

static const char *const kinds[] = {"markdown", "text", "webvtt", "srt"};
static const char *const stmt_kinds[] = {"sentence", "bullet", "cell", "turn"};
static const char *const speakers[] = {"notes", "interviewee", "auditor", "other"};
static const char *const answered[] = {"none", "free", "clause", "section", "transcript"};

const char *score_env_rules_path(const struct score_env *e) { return ctx_rules_path(e->rules); }
const char *score_env_rules_sha256(const struct score_env *e) { return ctx_rules_sha256(e->rules); }

static void sid(struct jw *w, size_t i)
{
	char b[24];
	snprintf(b, sizeof b, "S%zu", i + 1);
	jw_str(w, b);
}

/* {quote, offset, line, context} of a span of the notes, as members of the
 * object being written. */
void score_span_members(struct jw *w, const struct notes *n, size_t off, size_t len)
{
	char ctx[256];

	notes_context(n, off, ctx, sizeof ctx);
	jw_key(w, "quote");
	jw_strn(w, n->data + off, len);
	jw_key(w, "offset");
	jw_num(w, (double)off);
	jw_key(w, "line");
	jw_num(w, notes_line_of(n, off));
	jw_key(w, "context");
	jw_str(w, ctx);
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

/* A span of a statement's normalised text, in the notes, trimmed of the
 * white space the map carries between words. */
static void stmt_span(const struct notes *n, const struct stmt *st, size_t a, size_t b, size_t *off,
		      size_t *len)
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
	while (*len && (n->data[*off + *len - 1] == ' ' || n->data[*off + *len - 1] == '\t' ||
			n->data[*off + *len - 1] == '\n' || n->data[*off + *len - 1] == '\r'))
		(*len)--;
}

static void trigger_json(struct jw *w, const struct scorer *s, size_t i, size_t k)
{
	const struct stmt *st = &s->st.v[i];
	const struct ctx_trigger *t = &s->si[i].ctx.v[k];
	const struct ctx_rule *ru = ctx_rules_get(s->env->rules, t->rule);
	size_t off, len;

	stmt_span(s->n, st, t->off, t->off + t->len, &off, &len);
	jw_open(w, '{');
	jw_key_str(w, "rule", ru->id);
	jw_key_str(w, "category",
		   ru->kind == CK_PSEUDO ? "pseudo" : ru->kind == CK_TERMINATE ? "terminate" : ctx_cat_name(ru->cat));
	jw_key(w, "quote");
	jw_strn(w, s->n->data + off, len);
	jw_key(w, "offset");
	jw_num(w, (double)off);
	if (t->actor_len) {
		size_t ao, al;
		stmt_span(s->n, st, t->actor_off, t->actor_off + t->actor_len, &ao, &al);
		jw_key(w, "actor");
		jw_strn(w, s->n->data + ao, al);
	}
	if (t->cat && t->scope_end > t->scope_off) {
		size_t so, sl;
		stmt_span(s->n, st, t->scope_off, t->scope_end, &so, &sl);
		jw_key(w, "scope");
		jw_strn(w, s->n->data + so, sl);
	}
	jw_close(w, '}');
}

static void statements_json(struct jw *w, const struct scorer *s)
{
	const struct bank *b = s->env->bank;
	size_t i, k, j;
	unsigned c;

	jw_open(w, '[');
	for (i = 0; i < s->st.n; i++) {
		const struct stmt *st = &s->st.v[i];
		const struct sinfo *si = &s->si[i];
		jw_open(w, '{');
		jw_key(w, "id");
		sid(w, i);
		jw_key(w, "offset");
		jw_num(w, (double)st->off);
		jw_key(w, "length");
		jw_num(w, (double)st->len);
		jw_key(w, "line");
		jw_num(w, st->line);
		jw_key(w, "text");
		jw_strn(w, st->t.s, st->t.len);
		jw_key_str(w, "kind", stmt_kinds[st->kind]);
		jw_key_str(w, "speaker", speakers[st->speaker]);
		jw_key(w, "mark");
		jw_str_or_null(w, mark_name(st->mark));
		jw_key(w, "question");
		jw_bool(w, st->question);
		jw_key(w, "topics");
		jw_open(w, '[');
		for (k = 0; k < si->topics.n; k++) {
			const struct topic_hit *h = &si->topics.v[k];
			jw_open(w, '{');
			jw_key_str(w, "topic", bank_topic(b, h->topic)->key);
			jw_key_str(w, "from", h->nspans ? "words" : "context");
			jw_key(w, "words");
			jw_open(w, '[');
			for (j = 0; j < h->nspans; j++)
				jw_strn(w, st->t.s + h->span[j][0], h->span[j][1] - h->span[j][0]);
			jw_close(w, ']');
			jw_close(w, '}');
		}
		jw_close(w, ']');
		jw_key(w, "assertion");
		jw_open(w, '[');
		for (c = 1; c <= CTX_PROMPTED; c <<= 1)
			if (si->ctx.cats & c)
				jw_str(w, ctx_cat_name(c));
		jw_close(w, ']');
		jw_key(w, "triggers");
		jw_open(w, '[');
		for (k = 0; k < si->ctx.n; k++)
			trigger_json(w, s, i, k);
		jw_close(w, ']');
		jw_key_str(w, "actor", si->self ? "interviewee" : si->other ? "someone else" : "unstated");
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static const char *req_text(const struct bank *b, const struct bank_topic *t)
{
	return t->item ? bank_item_text(b, t->clause, t->item) : bank_clause_title(b, t->clause);
}

bool score_is_coverage(const struct bank *b, const struct bank_topic *t)
{
	struct bank_strings cov = bank_coverage(b);
	size_t i;

	for (i = 0; t->item && i < cov.n; i++)
		if (strcmp(cov.v[i], t->clause) == 0)
			return true;
	return false;
}

static void probe_json(struct jw *w, const struct scorer *s, const struct tprobe *tp)
{
	size_t j;

	jw_open(w, '{');
	jw_key_str(w, "probe", bank_probe_name(tp->r.kind));
	jw_key_str(w, "label", tp->r.label);
	jw_key(w, "min");
	jw_num(w, tp->r.min);
	jw_key(w, "met");
	jw_bool(w, tp->r.met);
	jw_key(w, "records");
	jw_bool(w, !tp->r.no_records);
	jw_key(w, "found");
	jw_open(w, '[');
	for (j = 0; j < tp->r.nfound; j++) {
		size_t a = tp->r.found[j].off, e = a + tp->r.found[j].len, off, len;
		off = s->whole.map[a];
		len = (e < s->whole.len ? s->whole.map[e] : s->whole.map[s->whole.len]) - off;
		while (len && (s->n->data[off + len - 1] == ' ' || s->n->data[off + len - 1] == '\n' ||
			       s->n->data[off + len - 1] == '\r'))
			len--;
		jw_open(w, '{');
		score_span_members(w, s->n, off, len);
		jw_key_str(w, "fact", tp->r.found[j].fact);
		jw_key(w, "statement");
		sid(w, s->whole_stmt[a]);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	jw_key(w, "missing");
	jw_open(w, '[');
	for (j = 0; j < tp->r.nmissing; j++)
		jw_str(w, tp->r.missing[j]);
	jw_close(w, ']');
	jw_close(w, '}');
}

static void contra_json(struct jw *w, const struct scorer *s, const struct contra *c)
{
	jw_open(w, '{');
	jw_key_str(w, "topic", c->c.topic);
	jw_key_str(w, "fact", c->fact);
	jw_key(w, "said");
	jw_open(w, '{');
	score_span_members(w, s->n, c->off, c->len);
	jw_key(w, "statement");
	sid(w, c->stmt);
	jw_close(w, '}');
	jw_key_str(w, "record", c->c.record);
	jw_key_str(w, "explanation", c->c.explanation);
	jw_close(w, '}');
}

/* The red flags of a topic: the auditor's "!" lines and, for a delegation,
 * the hand-off, as labels (each once). */
static void flags_json(struct jw *w, const struct scorer *s, size_t t)
{
	char seen[8][200];
	size_t ns = 0, i, k;

	jw_open(w, '[');
	for (i = 0; i < s->nev; i++) {
		const struct evidence *e = &s->ev[i];
		const struct stmt *st = &s->st.v[e->stmt];
		char label[200];
		bool dup = false;
		if (e->topic != t || (e->cls != EV_FLAG && !(e->cls == EV_DELEGATION && s->tj[t].delegation)))
			continue;
		if (e->cls == EV_FLAG)
			snprintf(label, sizeof label, "auditor's red flag: %.*s%s",
				 (int)(st->t.len > 120 ? 120 : st->t.len), st->t.s, st->t.len > 120 ? "..." : "");
		else
			snprintf(label, sizeof label, "handed to someone else, nothing first-hand");
		for (k = 0; k < ns; k++)
			if (strcmp(seen[k], label) == 0)
				dup = true;
		if (dup)
			continue;
		if (ns < sizeof seen / sizeof *seen)
			memcpy(seen[ns++], label, sizeof label);
		jw_str(w, label);
	}
	jw_close(w, ']');
}

static void qids_json(struct jw *w, const struct score_qset *qs, size_t t)
{
	size_t i;

	jw_open(w, '[');
	for (i = 0; i < qs->n; i++)
		if (qs->v[i].topic == t)
			jw_str(w, qs->v[i].q->id);
	jw_close(w, ']');
}

static void requirement_json(struct jw *w, const struct scorer *s, size_t t, const struct score_qset *qs)
{
	const struct bank *b = s->env->bank;
	const struct bank_topic *tp = bank_topic(b, t);
	const struct tjudge *j = &s->tj[t];
	size_t i;

	jw_open(w, '{');
	jw_key_str(w, "clause", tp->clause);
	jw_key(w, "item");
	jw_str_or_null(w, tp->item);
	jw_key(w, "requirement");
	jw_str_or_null(w, req_text(b, tp));
	jw_key_str(w, "kind", tp->duty ? "duty" : "knowledge");
	jw_key(w, "coverage");
	jw_bool(w, score_is_coverage(b, tp));
	jw_key_str(w, "status", j->evidenced ? "evidenced" : "not_evidenced");
	jw_key(w, "score");
	if (j->evidenced)
		jw_num(w, j->score);
	else
		jw_null(w);
	jw_key(w, "verdict");
	jw_str_or_null(w, j->evidenced ? (j->score >= 2 ? "pass" : "fail") : NULL);
	jw_key(w, "delegation");
	jw_bool(w, j->delegation);
	jw_key_str(w, "reason", ak_buf_str((struct ak_buf *)&j->reason));
	jw_key_str(w, "rule", j->rule ? j->rule : "not evidenced");
	jw_key(w, "counts");
	jw_open(w, '{');
	{
		const struct {
			const char *k;
			int v;
		} c[] = {{"specific", j->specific},   {"general", j->general},         {"reported", j->reported},
			 {"intent", j->intent},       {"negative", j->negative},       {"delegation", j->delegated},
			 {"red_flags", j->flags},     {"probes_met", j->probes_met},   {"probes_unmet", j->probes_unmet},
			 {"contradictions", (int)j->ncontra}};
		for (i = 0; i < sizeof c / sizeof *c; i++) {
			jw_key(w, c[i].k);
			jw_num(w, c[i].v);
		}
	}
	jw_close(w, '}');
	jw_key(w, "red_flags");
	flags_json(w, s, t);
	jw_key(w, "contradictions");
	jw_num(w, (double)j->ncontra);
	jw_key(w, "questions");
	qids_json(w, qs, t);
	jw_key(w, "evidence");
	jw_open(w, '[');
	for (i = 0; i < s->nev; i++) {
		const struct evidence *e = &s->ev[i];
		if (e->topic != t)
			continue;
		jw_open(w, '{');
		jw_key(w, "statement");
		sid(w, e->stmt);
		jw_key_str(w, "class", ev_class_name(e->cls));
		jw_key_str(w, "why", e->why);
		jw_key_str(w, "topic_from", e->prior ? "context" : "words");
		if (e->cue != SIZE_MAX && e->cue < s->si[e->stmt].ctx.n) {
			jw_key(w, "cue");
			trigger_json(w, s, e->stmt, e->cue);
		}
		jw_close(w, '}');
	}
	jw_close(w, ']');
	jw_key(w, "probes");
	jw_open(w, '[');
	for (i = 0; i < s->ntp[t]; i++)
		if (s->tp[t][i].run)
			probe_json(w, s, &s->tp[t][i]);
	jw_close(w, ']');
	jw_key(w, "contradiction_details");
	jw_open(w, '[');
	for (i = 0; i < s->ncontra; i++)
		if (s->contra[i].topic == t)
			contra_json(w, s, &s->contra[i]);
	jw_close(w, ']');
	jw_close(w, '}');
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
		if (score_question_topic(s->env, q) == tp && suits(s, q))
			return q;
	}
	/* with --script, only the script's questions; else any on the topic */
	for (i = 0; !s->o->script_ids && i < bank_nquestions(b); i++) {
		const struct bank_question *q = bank_question(b, i);
		if (score_question_topic(s->env, q) == tp)
			return q;
	}
	return NULL;
}

static struct score_qent *qent_for(struct score_qset *qs, const struct bank_question *q, size_t topic,
				   int by, size_t nst)
{
	size_t i;

	for (i = 0; i < qs->n; i++)
		if (qs->v[i].q == q) {
			if (by > qs->v[i].by)
				qs->v[i].by = by;
			return &qs->v[i];
		}
	if (!ak_grow(&qs->v, &qs->cap, qs->n + 1, sizeof *qs->v))
		return NULL;
	qs->v[qs->n].q = q;
	qs->v[qs->n].topic = topic;
	qs->v[qs->n].by = by;
	qs->v[qs->n].in = calloc(nst + 1, sizeof *qs->v[qs->n].in);
	if (!qs->v[qs->n].in)
		return NULL;
	return &qs->v[qs->n++];
}

void score_qset_release(struct score_qset *qs)
{
	size_t i;

	for (i = 0; i < qs->n; i++)
		free(qs->v[i].in);
	free(qs->v);
	memset(qs, 0, sizeof *qs);
}

bool score_find_questions(struct scorer *s, struct score_qset *qs)
{
	const struct bank *b = s->env->bank;
	size_t i, k;

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
			struct score_qent *e = qent_for(qs, sq, stopic, ANS_SECTION, s->st.n);
			if (!e)
				return false;
			e->in[i] = true;
			continue;
		}
		for (k = 0; k < si->topics.n; k++) {
			size_t t = si->topics.v[k].topic;
			const struct bank_question *q = first_on(s, t);
			int by = stopic == t ? ANS_CLAUSE : st->speaker == SP_INTERVIEWEE ? ANS_TRANSCRIPT : ANS_FREE;
			struct score_qent *e;
			if (!q)
				continue;
			e = qent_for(qs, q, t, by, s->st.n);
			if (!e)
				return false;
			e->in[i] = true;
		}
	}
	/* bank order */
	for (i = 1; i < qs->n; i++) {
		struct score_qent x = qs->v[i];
		size_t xi = (size_t)(x.q - bank_question(b, 0));
		k = i;
		while (k > 0 && (size_t)(qs->v[k - 1].q - bank_question(b, 0)) > xi) {
			qs->v[k] = qs->v[k - 1];
			k--;
		}
		qs->v[k] = x;
	}
	return true;
}

static void questions_json(struct jw *w, struct scorer *s, const struct score_qset *qs,
			   struct score_summary *sum)
{
	const struct bank *b = s->env->bank;
	size_t i, k;

	jw_open(w, '[');
	for (i = 0; i < qs->n; i++) {
		const struct bank_question *q = qs->v[i].q;
		struct ak_buf r = AK_BUF_INIT;
		int sc = judge_subset(s, qs->v[i].topic, qs->v[i].in, &r);
		jw_open(w, '{');
		jw_key_str(w, "id", q->id);
		jw_key_str(w, "clause", q->clause);
		jw_key(w, "item");
		jw_str_or_null(w, q->item);
		jw_key(w, "requirement");
		jw_str_or_null(w, q->item ? bank_item_text(b, q->clause, q->item) : bank_clause_title(b, q->clause));
		jw_key_str(w, "question", q->question);
		jw_key_str(w, "answered_by", answered[qs->v[i].by]);
		jw_key(w, "score");
		if (sc < 0)
			jw_null(w);
		else
			jw_num(w, sc);
		jw_key_str(w, "reason", ak_buf_str(&r));
		jw_key(w, "statements");
		jw_open(w, '[');
		for (k = 0; k < s->st.n; k++)
			if (qs->v[i].in[k])
				sid(w, k);
		jw_close(w, ']');
		jw_close(w, '}');
		if (sum && sc >= 0 && sc <= 3)
			sum->questions[sc]++;
		ak_buf_release(&r);
	}
	jw_close(w, ']');
	if (sum)
		sum->nquestions = qs->n;
}

bool score_write(struct scorer *s, const char *notes_sha256, struct ak_buf *out, struct score_summary *sum)
{
	const struct bank *b = s->env->bank;
	const struct notes *n = s->n;
	struct score_qset qs = {NULL, 0, 0};
	struct jw w;
	size_t t;

	if (!score_find_questions(s, &qs)) {
		score_qset_release(&qs);
		return false;
	}
	if (sum)
		memset(sum, 0, sizeof *sum);
	jw_init(&w, out, 2);
	jw_open(&w, '{');
	jw_key_str(&w, "format", SCORED_FORMAT);
	jw_key_str(&w, "generator", "auditkit " AK_VERSION);
	jw_key(&w, "notes");
	jw_open(&w, '{');
	jw_key_str(&w, "file", n->path);
	jw_key_str(&w, "sha256", notes_sha256);
	jw_key_str(&w, "kind", kinds[n->kind]);
	jw_close(&w, '}');
	jw_key(&w, "interviewee");
	jw_str_or_null(&w, s->interviewee);
	jw_key(&w, "role");
	jw_str_or_null(&w, s->role_name);
	jw_key(&w, "date");
	jw_str_or_null(&w, s->date);
	jw_key(&w, "auditor");
	jw_str_or_null(&w, s->auditor);
	jw_key(&w, "audit");
	jw_str_or_null(&w, s->audit);
	jw_key(&w, "organisation");
	jw_str_or_null(&w, n->meta.organisation ? n->meta.organisation : facts_org_name(s->o->facts));
	jw_key(&w, "bank");
	jw_open(&w, '{');
	jw_key_str(&w, "id", bank_id(b));
	jw_key_str(&w, "version", bank_version(b));
	jw_key_str(&w, "standard", bank_standard(b));
	jw_close(&w, '}');
	jw_key(&w, "facts");
	jw_open(&w, '{');
	jw_key_str(&w, "file", s->o->facts_file);
	jw_key_str(&w, "sha256", s->o->facts_sha256);
	jw_close(&w, '}');
	jw_key(&w, "assertions");
	jw_open(&w, '{');
	jw_key_str(&w, "file", ctx_rules_path(s->env->rules));
	jw_key_str(&w, "sha256", ctx_rules_sha256(s->env->rules));
	jw_close(&w, '}');
	jw_key(&w, "warnings");
	jw_open(&w, '[');
	for (t = 0; t < s->nwarn; t++) {
		jw_open(&w, '{');
		jw_key(&w, "line");
		jw_num(&w, s->warn[t].line);
		jw_key_str(&w, "message", s->warn[t].message);
		jw_close(&w, '}');
	}
	jw_close(&w, ']');
	jw_key(&w, "statements");
	statements_json(&w, s);
	jw_key(&w, "questions");
	questions_json(&w, s, &qs, sum);
	jw_key(&w, "requirements");
	jw_open(&w, '[');
	for (t = 0; t < s->ntopics; t++) {
		requirement_json(&w, s, t, &qs);
		if (sum) {
			const struct tjudge *j = &s->tj[t];
			if (!j->evidenced)
				sum->not_evidenced++;
			else if (j->score >= 2)
				sum->pass++;
			else
				sum->fail++;
			sum->delegated += j->delegation;
			sum->contradictions += j->ncontra;
			sum->nrequirements++;
		}
	}
	jw_close(&w, ']');
	jw_key(&w, "proposed_findings");
	score_propose(s, &w, &qs, sum);
	jw_close(&w, '}');
	ak_buf_addc(out, '\n');
	score_qset_release(&qs);
	return !ak_buf_failed(out);
}
