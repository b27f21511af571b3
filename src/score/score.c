/* score.c: scoring one notes file (score.h, docs/scoring.md).
 *
 * 1. The notes become statements (statements.c): sentences, bullets, table
 *    cells, transcript turns, each with its place in the file.
 * 2. Each statement gets its topics: its own words (the bank's topic
 *    terms, topics.c), the heading it stands under, the clause its row
 *    names, or the question it answers; and its assertion status
 *    (context.c): negated, hypothetical, intended, hedged, handed to
 *    someone else.
 * 3. judge.c makes it evidence of one class on each topic, holds the whole
 *    interview against the records (probes, contradictions), and scores
 *    every requirement by the decision table.
 * 4. The questions the notes answer are scored by the same table over
 *    their own statements; proposed findings follow (score_findings.c),
 *    and the scored interview is written (score_json.c). */
#include "score/score.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/dates.h"
#include "core/msg.h"
#include "core/util.h"
#include "score/score_int.h"

/* ======================================================================
 * The environment shared by every notes file of a run
 * ====================================================================== */

/* Words of the organisation's own records, as extra terms of a topic: a
 * word that only one or two of the records hold ("ransomware", "dosing")
 * says the statement is about them. */
#define TOP_RISK_TERMS 20 /* risks whose words speak to 6.1 */

static bool record_terms(struct topic_index *ix, const char *key, const char *const *rec, size_t n,
			 const struct facts *f)
{
	struct words *w = calloc(n + 1, sizeof *w), org = {NULL, 0, 0};
	size_t i, j, k, m;
	bool ok = w != NULL;
	const char *name = facts_org_name(f), *scope = facts_org_scope(f);

	/* the organisation's own name and the places of its scope stand in
	 * every kind of statement: they say nothing of the risks */
	if (ok && name)
		ok = words_split(name, strlen(name), &org);
	if (ok && scope)
		ok = words_split(scope, strlen(scope), &org);

	for (i = 0; ok && i < n; i++)
		ok = words_split(rec[i], strlen(rec[i]), &w[i]);
	for (i = 0; ok && i < n; i++) {
		for (j = 0; ok && j < w[i].n; j++) {
			const struct word *x = &w[i].v[j];
			size_t holders = 0, dup = 0;
			if (x->is_num || strlen(x->w) < 4 || text_stopword(x->w))
				continue;
			for (m = 0; m < org.n; m++)
				if (strcmp(org.v[m].stem, x->stem) == 0)
					break;
			if (m < org.n)
				continue;
			for (k = 0; k < n; k++)
				for (m = 0; m < w[k].n; m++)
					if (strcmp(w[k].v[m].stem, x->stem) == 0) {
						holders++;
						break;
					}
			/* once per record and word */
			for (m = 0; m < j; m++)
				if (strcmp(w[i].v[m].stem, x->stem) == 0)
					dup++;
			if (dup || holders > 2 || (n > 6 && holders * 3 > n))
				continue;
			{
				char term[64];
				/* weak: one word of a record says little; two say it is about them */
				snprintf(term, sizeof term, "~%s", x->w);
				ok = topic_index_add(ix, key, term);
			}
		}
	}
	for (i = 0; w && i < n; i++)
		words_release(&w[i]);
	free(w);
	words_release(&org);
	return ok;
}

void score_env_free(struct score_env *e)
{
	if (!e)
		return;
	ctx_matcher_free(e->m);
	ctx_rules_free(e->rules);
	topic_index_free(e->topics);
	probe_ctx_free(e->probes);
	pcre2_match_data_free(e->md);
	pcre2_match_context_free(e->mc);
	free(e->rules_path);
	free(e->flags);
	free(e->qtopic);
	free(e);
}

const struct bank_topic *score_question_topic(const struct score_env *e,
					      const struct bank_question *q)
{
	return e->qtopic[q - bank_question(e->bank, 0)];
}

static bool question_topics(struct score_env *e)
{
	const struct bank *b = e->bank;
	size_t i;

	if (!(e->qtopic = malloc((bank_nquestions(b) + 1) * sizeof *e->qtopic)))
		return false;
	for (i = 0; i < bank_nquestions(b); i++) {
		const struct bank_question *q = bank_question(b, i);
		e->qtopic[i] = bank_topic_for(b, q->clause, q->item);
	}
	return true;
}

/* The bank's red-flag patterns, each once per topic. */
static bool flag_rules(struct score_env *e)
{
	const struct bank *b = e->bank;
	size_t i, j, k, cap = 0;

	for (i = 0; i < bank_nquestions(b); i++) {
		const struct bank_question *q = bank_question(b, i);
		const struct bank_topic *t = bank_topic_for(b, q->clause, q->item);
		size_t ti;
		if (!t)
			continue;
		ti = (size_t)(t - bank_topic(b, 0));
		for (j = 0; j < q->red_flags.n; j++) {
			const struct bank_rule *r = &q->red_flags.v[j];
			for (k = 0; k < e->nflags; k++)
				if (e->flags[k].topic == ti && (e->flags[k].r->re == r->re ||
								strcmp(e->flags[k].r->pattern, r->pattern) == 0))
					break;
			if (k < e->nflags)
				continue;
			if (!ak_grow(&e->flags, &cap, e->nflags + 1, sizeof *e->flags))
				return false;
			e->flags[e->nflags].topic = ti;
			e->flags[e->nflags].r = r;
			e->flags[e->nflags].q = q;
			e->nflags++;
		}
	}
	return true;
}

struct score_env *score_env_new(const struct bank *b, const struct facts *f, const char *rules_path,
				struct ak_diags *d, ak_err *err)
{
	struct score_env *e = calloc(1, sizeof *e);
	size_t i;

	*err = AK_OK;
	if (!e) {
		*err = AK_ERR_NOMEM;
		return NULL;
	}
	e->bank = b;
	e->facts = f;
	if (bank_ntopics(b) == 0) {
		ak_diags_add(d, bank_path(b), 0, 0,
			     "the bank has no \"topics\": scoring needs them (docs/question-bank-format.md)");
		*err = AK_ERR_DATA;
		goto fail;
	}
	e->rules_path = rules_path ? ak_strdup(rules_path) : ctx_rules_default_path("en");
	if (!e->rules_path) {
		ak_diags_add(d, "rules/assertions-en.json", 0, 0,
			     "no assertion rules found (set AUDITKIT_ASSERTIONS or give --assertions FILE)");
		*err = AK_ERR_INPUT;
		goto fail;
	}
	e->rules = ctx_rules_load(e->rules_path, d, err);
	if (!e->rules)
		goto fail;
	e->m = ctx_matcher_new(e->rules);
	e->topics = topic_index_new(b);
	e->probes = probe_ctx_new(f, b);
	e->md = pcre2_match_data_create(8, NULL);
	e->mc = pcre2_match_context_create(NULL);
	if (!e->m || !e->topics || !e->probes || !e->md || !e->mc || !question_topics(e) ||
	    !flag_rules(e))
		goto nomem;
	pcre2_set_match_limit(e->mc, 1000000u);
	pcre2_set_depth_limit(e->mc, 5000u);
	if (f) {
		size_t n = facts_nrisks(f);
		const char **titles = calloc(n + 1, sizeof *titles);
		const struct facts_policy *pol = facts_policy(f);
		const struct facts_review *rev = facts_review(f);
		bool ok;
		if (!titles)
			goto nomem;
		/* the main risks: those at the top of the register (facts keep
		 * them in top-risk order), not every line of a 5,000-risk export */
		if (n > TOP_RISK_TERMS)
			n = TOP_RISK_TERMS;
		for (i = 0; i < n; i++)
			titles[i] = facts_risk(f, i)->title;
		ok = record_terms(e->topics, "6.1", titles, n, f);
		free(titles);
		if (!ok)
			goto nomem;
		(void)pol;
		(void)rev;
	}
	return e;
nomem:
	*err = AK_ERR_NOMEM;
fail:
	score_env_free(e);
	return NULL;
}

/* ======================================================================
 * The front matter
 * ====================================================================== */

/* The line a message about a front-matter value points at: the value's
 * own line, else where the front matter starts. */
static int at(int value_line, int fallback) { return value_line ? value_line : fallback; }

static bool meta_ok(struct scorer *s)
{
	const struct notes *n = s->n;
	const struct score_opts *o = s->o;
	int line = n->meta.line ? n->meta.line : 1;
	bool ok = true;

	s->interviewee = o->interviewee ? o->interviewee : n->meta.interviewee;
	s->role_name = o->role ? o->role : n->meta.role;
	s->date = o->date ? o->date : n->meta.date;
	s->auditor = o->auditor ? o->auditor : n->meta.auditor;
	s->audit = o->audit ? o->audit : n->meta.audit;
	if (!s->interviewee || !*s->interviewee) {
		ak_diags_add(s->d, n->path, line, 0,
			     "the notes do not say who was interviewed: add 'interviewee:' to the front "
			     "matter, or give --interviewee");
		ok = false;
	}
	if (!s->role_name || !*s->role_name) {
		ak_diags_add(s->d, n->path, line, 0,
			     "the notes do not give the interviewee's role: add 'role:' (ceo, cfo, ...) "
			     "to the front matter, or give --role");
		ok = false;
	} else if (!bank_role_parse(s->role_name, &s->role)) {
		ak_diags_add(s->d, n->path, o->role ? 0 : at(n->meta.role_line, line), 0,
			     "unknown role '%s' (%s)", s->role_name,
			     bank_role_list());
		ok = false;
	}
	if (!s->date || !*s->date) {
		ak_diags_add(s->d, n->path, line, 0,
			     "the notes do not give the interview date: add 'date: YYYY-MM-DD' to the "
			     "front matter, or give --date");
		ok = false;
	} else if (!date_parse_iso(s->date, &s->interview)) {
		ak_diags_add(s->d, o->date ? "--date" : n->path, o->date ? 0 : at(n->meta.date_line, line),
			     0, "the interview date '%s' is not YYYY-MM-DD", s->date);
		ok = false;
	}
	if (s->audit && *s->audit)
		s->has_audit = bank_audit_parse(s->audit, &s->audit_kind);
	return ok;
}

/* The interviewee's names as the notes may write them: "Sofia Lindqvist",
 * "Sofia", "Lindqvist", "SL", and the role ("COO"). */
static void self_names(struct scorer *s)
{
	const char *p = s->interviewee;
	char initials[8];
	size_t ni = 0;

	s->nself = 0;
	while (p && *p && s->nself < 5) {
		size_t k = 0;
		while (*p == ' ')
			p++;
		while (p[k] && p[k] != ' ' && k < sizeof s->selfbuf[0] - 1)
			k++;
		if (!k)
			break;
		memcpy(s->selfbuf[s->nself], p, k);
		s->selfbuf[s->nself][k] = '\0';
		if (ni < sizeof initials - 1 && isalpha((unsigned char)p[0]))
			initials[ni++] = (char)toupper((unsigned char)p[0]);
		s->self[s->nself] = s->selfbuf[s->nself];
		s->nself++;
		p += k;
	}
	initials[ni] = '\0';
	if (ni >= 2) {
		snprintf(s->selfbuf[s->nself], sizeof s->selfbuf[0], "%s", initials);
		s->self[s->nself] = s->selfbuf[s->nself];
		s->nself++;
	}
	if (s->role_name && *s->role_name) {
		snprintf(s->selfbuf[s->nself], sizeof s->selfbuf[0], "%s", s->role_name);
		s->self[s->nself] = s->selfbuf[s->nself];
		s->nself++;
	}
}

/* ======================================================================
 * Headings: which question or requirement a section answers
 * ====================================================================== */

/* Edit distance with a cap (small strings only). */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, prev[64], cur[64];

	if (la >= 63 || lb >= 63)
		return 99;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t c = prev[j - 1] + (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
			size_t d = prev[j] + 1, e = cur[j - 1] + 1;
			cur[j] = c < d ? (c < e ? c : e) : (d < e ? d : e);
		}
		memcpy(prev, cur, (lb + 1) * sizeof *prev);
	}
	return prev[lb];
}

/* A warning about the notes, at a line: printed, and kept in the scored
 * interview's "warnings". */
static void warn_at(struct scorer *s, int line, const char *fmt, ...) AK_PRINTF(3, 4);
static void warn_at(struct scorer *s, int line, const char *fmt, ...)
{
	va_list ap;
	char m[512];

	va_start(ap, fmt);
	vsnprintf(m, sizeof m, fmt, ap);
	va_end(ap);
	ak_warn("%s:%d: %s", s->n->path, line, m);
	if (!ak_grow(&s->warn, &s->capwarn, s->nwarn + 1, sizeof *s->warn)) {
		s->oom = true;
		return;
	}
	s->warn[s->nwarn].line = line;
	snprintf(s->warn[s->nwarn].message, sizeof s->warn[s->nwarn].message, "%s", m);
	s->nwarn++;
}

static bool looks_like_id(const char *t)
{
	return isdigit((unsigned char)t[0]) && strpbrk(t, ".-") != NULL;
}

/* What a heading names: a question, a clause item (or clause), or
 * nothing. A heading that looks like an id but names none is read as the
 * nearest one, with a warning naming the line. */
static void heading_topic(struct scorer *s, const struct notes_section *sec,
			  const struct bank_question **q, const struct bank_topic **t)
{
	const struct bank *b = s->env->bank;
	char tok[64], ref[16];
	size_t k = 0, used;
	const char *h = sec->heading;

	*q = NULL;
	*t = NULL;
	while (*h && !isspace((unsigned char)*h) && *h != ':' && k < sizeof tok - 1)
		tok[k++] = *h++;
	tok[k] = '\0';
	if ((*q = bank_find(b, tok))) {
		*t = bank_topic_for(b, (*q)->clause, (*q)->item);
		return;
	}
	used = stmt_clause_ref(sec->heading, strlen(sec->heading), ref, sizeof ref);
	if (used) {
		const char *sp = strchr(ref, ' ');
		char clause[16];
		snprintf(clause, sizeof clause, "%.*s", sp ? (int)(sp - ref) : (int)strlen(ref), ref);
		if (bank_clause_title(b, clause)) {
			/* "## 5.1a-tel": the id of a question, mistyped */
			const char *rest = sec->heading + used;
			if (*rest == '-' && isalpha((unsigned char)rest[1]))
				goto nearest;
			*t = bank_topic_for(b, clause, sp ? sp + 1 : NULL);
			return;
		}
	}
nearest:
	if (looks_like_id(tok)) {
		size_t i, best = SIZE_MAX, bd = 99;
		for (i = 0; i < bank_nquestions(b); i++) {
			size_t dd = distance(tok, bank_question(b, i)->id);
			if (dd < bd) {
				bd = dd;
				best = i;
			}
		}
		if (best != SIZE_MAX && bd <= 2) {
			*q = bank_question(b, best);
			*t = bank_topic_for(b, (*q)->clause, (*q)->item);
			warn_at(s, sec->line, "heading '%s' names no question of the bank: read as '%s'", tok,
				(*q)->id);
		} else {
			warn_at(s, sec->line,
				"heading '%s' names no question or clause of the bank%s%s%s: its "
				"statements count for what they say",
				tok, best != SIZE_MAX ? " (the nearest is '" : "",
				best != SIZE_MAX ? bank_question(b, best)->id : "", best != SIZE_MAX ? "')" : "");
		}
	}
}

/* A section of logistics: who, where, when, what happens next. What it
 * holds is the auditor's housekeeping, not the interviewee's evidence. */
static bool logistics(const char *heading)
{
	static const char *const words[] = {"opening", "closing", "close", "logistics", "admin",
					    "attendance", "attendees", "introduction", "introductions",
					    "intro", "wrap-up", "wrap", "next steps", "housekeeping",
					    "setting", "context", "timing", "time", "present"};
	size_t i, k;
	char h[32];

	for (k = 0; heading[k] && k < sizeof h - 1 && heading[k] != ':' && heading[k] != '('; k++)
		h[k] = (char)tolower((unsigned char)heading[k]);
	while (k && h[k - 1] == ' ')
		k--;
	h[k] = '\0';
	for (i = 0; i < sizeof words / sizeof *words; i++)
		if (strcmp(h, words[i]) == 0)
			return true;
	return false;
}

/* The further clauses a heading names after its first: "5.1 f / h",
 * "5.1 c / 7.1", "5.1 d and e", "6.1, 6.2". */
static void more_refs(struct scorer *s, const char *h, size_t out[3])
{
	const struct bank *b = s->env->bank;
	char ref[16], clause[16] = "";
	size_t len = strlen(h), i, n = 0, used;

	used = stmt_clause_ref(h, len, ref, sizeof ref);
	if (!used)
		return;
	snprintf(clause, sizeof clause, "%.*s", (int)strcspn(ref, " "), ref);
	i = used;
	while (i < len && n < 3) {
		const struct bank_topic *t = NULL;
		size_t j = i;
		while (j < len && (h[j] == ' ' || h[j] == '/' || h[j] == '&' || h[j] == ',' || h[j] == '+'))
			j++;
		if (j + 3 < len && strncmp(h + j, "and ", 4) == 0)
			j += 4;
		if (j == i && i > used)
			break;
		if ((used = stmt_clause_ref(h + j, len - j, ref, sizeof ref))) {
			char c2[16];
			const char *sp = strchr(ref, ' ');
			snprintf(c2, sizeof c2, "%.*s", sp ? (int)(sp - ref) : (int)strlen(ref), ref);
			t = bank_topic_for(b, c2, sp ? sp + 1 : NULL);
			snprintf(clause, sizeof clause, "%s", c2);
			i = j + used;
		} else if (j < len && h[j] >= 'a' && h[j] <= 'h' && (j + 1 == len || !isalnum((unsigned char)h[j + 1]))) {
			char item[2] = {h[j], '\0'};
			t = bank_topic_for(b, clause, item);
			i = j + 1;
		} else {
			break;
		}
		if (t)
			out[n++] = (size_t)(t - bank_topic(b, 0));
	}
}

/* ======================================================================
 * Entry point
 * ====================================================================== */

static void scorer_release(struct scorer *s)
{
	size_t i, k;

	for (i = 0; s->si && i < s->st.n; i++) {
		words_release(&s->si[i].w);
		ctx_result_release(&s->si[i].ctx);
		topic_hits_release(&s->si[i].topics);
	}
	free(s->si);
	stmts_release(&s->st);
	free(s->ev);
	for (k = 0; s->tj && k < s->ntopics; k++)
		ak_buf_release(&s->tj[k].reason);
	free(s->tj);
	for (k = 0; s->tp && k < s->ntopics; k++) {
		for (i = 0; i < s->ntp[k]; i++)
			probe_result_release(&s->tp[k][i].r);
		free(s->tp[k]);
	}
	free(s->tp);
	free(s->ntp);
	for (i = 0; i < s->ncontra; i++)
		contradiction_release(&s->contra[i].c);
	text_release(&s->whole);
	words_release(&s->wwords);
	free(s->wdates);
	free(s->wagainst);
	free(s->dagainst);
	word_index_free(s->wix);
	free(s->wline);
	free(s->whole_stmt);
	free(s->sec_topic);
	free(s->sec_more);
	free(s->sec_q);
	free(s->sec_skip);
	free(s->warn);
}

/* The probes of each topic: those of the bank's questions on it, each
 * kind once. */
static bool topic_probes(struct scorer *s)
{
	const struct bank *b = s->env->bank;
	size_t i, j, k;

	s->tp = calloc(s->ntopics + 1, sizeof *s->tp);
	s->ntp = calloc(s->ntopics + 1, sizeof *s->ntp);
	if (!s->tp || !s->ntp)
		return false;
	for (k = 0; k < s->ntopics; k++) {
		s->tp[k] = calloc(PROBE_NKINDS + 1, sizeof *s->tp[k]);
		if (!s->tp[k])
			return false;
	}
	for (i = 0; i < bank_nquestions(b); i++) {
		const struct bank_question *q = bank_question(b, i);
		const struct bank_topic *t = score_question_topic(s->env, q);
		size_t ti;
		if (!t)
			continue;
		ti = (size_t)(t - bank_topic(b, 0));
		for (j = 0; j < q->n_probes; j++) {
			bool have = false;
			for (k = 0; k < s->ntp[ti]; k++)
				if (s->tp[ti][k].p.kind == q->probes[j].kind)
					have = true;
			if (!have && s->ntp[ti] < PROBE_NKINDS)
				s->tp[ti][s->ntp[ti]++].p = q->probes[j];
		}
	}
	return true;
}

ak_err score_notes(const struct score_opts *o, const struct notes *n, const char *notes_sha256,
		   struct ak_buf *out, struct score_summary *sum, struct ak_diags *d)
{
	struct scorer s;
	ak_err err = AK_OK;
	size_t before = d->n, i;

	memset(&s, 0, sizeof s);
	s.o = o;
	s.env = o->env;
	s.n = n;
	s.d = d;
	if (!meta_ok(&s))
		return AK_ERR_DATA;
	self_names(&s);
	s.ntopics = bank_ntopics(s.env->bank);
	s.tj = calloc(s.ntopics + 1, sizeof *s.tj);
	s.sec_topic = calloc(n->nsections + 1, sizeof *s.sec_topic);
	s.sec_more = calloc(n->nsections + 1, sizeof *s.sec_more);
	s.sec_q = calloc(n->nsections + 1, sizeof *s.sec_q);
	s.sec_skip = calloc(n->nsections + 1, sizeof *s.sec_skip);
	if (!s.tj || !s.sec_topic || !s.sec_more || !s.sec_q || !s.sec_skip || !topic_probes(&s) ||
	    !probe_ctx_interview(s.env->probes, &s.interview, s.interviewee))
		goto nomem;
	for (i = 0; i < n->nsections; i++) {
		const struct bank_topic *t = NULL;
		s.sec_topic[i] = SIZE_MAX;
		s.sec_skip[i] = n->sections[i].kind == SEC_HEADING && logistics(n->sections[i].heading);
		if (n->sections[i].kind == SEC_HEADING)
			heading_topic(&s, &n->sections[i], &s.sec_q[i], &t);
		if (t)
			s.sec_topic[i] = (size_t)(t - bank_topic(s.env->bank, 0));
		s.sec_more[i][0] = s.sec_more[i][1] = s.sec_more[i][2] = SIZE_MAX;
		if (t && n->sections[i].kind == SEC_HEADING)
			more_refs(&s, n->sections[i].heading, s.sec_more[i]);
	}
	if (!stmts_build(n, s.auditor, s.interviewee, &s.st))
		goto nomem;
	if (s.st.cut)
		ak_warn("'%s': an answer longer than %u KiB was scored on its first %u KiB", n->path,
			STMTS_ANSWER_MAX >> 10, STMTS_ANSWER_MAX >> 10);
	if (s.st.truncated)
		warn_at(&s, s.st.n ? s.st.v[s.st.n - 1].line : 1,
			"the notes were scored on their first %u MiB of statements; the rest was not read",
			STMTS_TEXT_MAX >> 20);
	else if (s.st.too_many)
		warn_at(&s, s.st.n ? s.st.v[s.st.n - 1].line : 1,
			"the notes were scored on their first %u statements; the rest was not read",
			STMTS_MAX);
	if (!judge_statements(&s)) {
		err = s.failed ? AK_ERR_DATA : AK_ERR_NOMEM;
		goto out;
	}
	if (!judge_records(&s))
		goto nomem;
	judge_topics(&s);
	if (!score_write(&s, notes_sha256, out, sum))
		goto nomem;
	goto out;
nomem:
	err = AK_ERR_NOMEM;
out:
	scorer_release(&s);
	if (!err && s.oom)
		err = AK_ERR_NOMEM;
	else if (!err && d->n > before)
		err = AK_ERR_DATA;
	return err;
}
