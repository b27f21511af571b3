/* score_findings.c: from scored questions to requirements and proposed
 * findings (docs/scoring.md, section 7; docs/scored-format.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interview/script.h"
#include "score/score_int.h"
#include "core/util.h"

/* ======================================================================
 * Requirements and proposed findings
 * ====================================================================== */

static bool is_coverage(const struct bank *b, const char *clause, const char *item)
{
	struct bank_strings cov = bank_coverage(b);
	size_t i;

	for (i = 0; item && i < cov.n; i++)
		if (strcmp(cov.v[i], clause) == 0)
			return true;
	return false;
}

static bool on_item(json_t *q, const char *clause, const char *item)
{
	const char *qi = json_string_value(json_object_get(q, "item"));

	return strcmp(json_string_value(json_object_get(q, "clause")), clause) == 0 &&
	       ((!item && !qi) || (item && qi && strcmp(item, qi) == 0));
}

static void add_unique_string(json_t *arr, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
		if (strcmp(json_string_value(v), s) == 0)
			return;
	json_array_append_new(arr, json_string(s));
}

/* Add a quote to a finding's evidence unless that offset is there already. */
static void add_quote(json_t *ev, json_t *x)
{
	size_t i;
	json_t *v;
	json_int_t off = json_integer_value(json_object_get(x, "offset"));

	json_array_foreach(ev, i, v)
		if (json_integer_value(json_object_get(v, "offset")) == off)
			return;
	json_array_append_new(ev, json_pack("{s:O, s:O, s:O, s:O}", "quote", json_object_get(x, "quote"),
					    "offset", json_object_get(x, "offset"), "line",
					    json_object_get(x, "line"), "context",
					    json_object_get(x, "context")));
}

/* Is the probe of this kind on question qj met by the whole interview? */
static bool shown_anywhere(struct scorer *s, json_t *qj, const char *kind)
{
	const struct bank_question *q = bank_find(s->o->bank, json_string_value(json_object_get(qj, "id")));
	struct probe_result r;
	struct answer a;
	size_t i;
	bool met = false;

	if (!q || !s->whole.valid)
		return false;
	a.text = &s->whole.t;
	a.words = &s->whole.w;
	a.dates = s->whole.dates;
	a.ndates = s->whole.ndates;
	a.word_against = s->whole.word_against;
	a.date_against = s->whole.date_against;
	a.index = s->whole.ix;
	a.word_line = s->whole.word_line;
	a.gen = s->whole.gen;
	for (i = 0; i < q->n_probes; i++) {
		if (strcmp(bank_probe_name(q->probes[i].kind), kind) != 0)
			continue;
		if (!probe_run(s->probes, &q->probes[i], &a, &r)) {
			s->oom = true;
			probe_result_release(&r);
			return false;
		}
		met = r.met;
		probe_result_release(&r);
	}
	return met;
}

struct fctx {
	struct scorer *s;
	json_t *out;
	int next;
};

static json_t *finding(struct fctx *f, const char *kind, const char *clause, const char *item,
		       const char *req, char *statement, const char *record)
{
	json_t *o = json_object();
	char id[16];

	snprintf(id, sizeof id, "P%d", ++f->next);
	json_object_set_new(o, "id", json_string(id));
	json_object_set_new(o, "kind", json_string(kind));
	json_object_set_new(o, "clause", json_string(clause));
	json_object_set_new(o, "item", score_jstr(item));
	json_object_set_new(o, "requirement", score_jstr(req));
	json_object_set_new(o, "statement", json_string(statement ? statement : ""));
	json_object_set_new(o, "evidence", json_array());
	json_object_set_new(o, "record", score_jstr(record));
	json_object_set_new(o, "questions", json_array());
	json_object_set_new(o, "interviewee", json_string(f->s->interviewee));
	json_object_set_new(o, "role", json_string(f->s->role_name));
	json_array_append_new(f->out, o);
	free(statement);
	return o;
}

/* The findings one requirement suggests, from its questions' results. */
static void propose(struct fctx *f, const char *clause, const char *item, const char *req,
		    json_t *qs, int best)
{
	const char *who = f->s->interviewee;
	const char *role = render_role_title(f->s->role);
	json_t *q, *x, *fo;
	size_t i, j, k;
	bool asked = false;

	/* questions answered only by free text were not put to the
	 * interviewee: they add evidence, but cannot show its absence */
	json_array_foreach(qs, i, q)
		if (strcmp(json_string_value(json_object_get(q, "answered_by")), "free") != 0)
			asked = true;

	if (json_array_size(qs) == 0) {
		fo = finding(f, "not_asked", clause, item, req,
			     ak_asprintf("The interview with %s (%s) did not reach %s %s: %s.", who, role,
					 clause, item ? item : "", req ? req : ""),
			     NULL);
		return;
	}
	if (best <= 1 && asked) {
		char *what = item ? ak_asprintf("that %s", req ? req : "") :
				    ak_asprintf("on clause %s (%s)", clause, req ? req : "");
		fo = finding(f, best == 0 ? "no_evidence" : "weak", clause, item, req,
			     ak_asprintf(best == 0 ? "%s (%s) showed no evidence %s."
						   : "%s (%s) gave only weak evidence %s.",
					 who, role, what ? what : ""),
			     NULL);
		free(what);
		json_array_foreach(qs, i, q) {
			add_unique_string(json_object_get(fo, "questions"), json_string_value(json_object_get(q, "id")));
			json_array_foreach(json_object_get(q, "evidence"), j, x) {
				const char *kd = json_string_value(json_object_get(x, "kind"));
				if (strcmp(kd, "negative") == 0 || strcmp(kd, "mark_minus") == 0 ||
				    strcmp(kd, "red_flag") == 0 || strcmp(kd, "mark_flag") == 0 ||
				    (best == 1 && strcmp(kd, "positive") == 0))
					add_quote(json_object_get(fo, "evidence"), x);
			}
		}
	}
	/* red flags, one finding per label */
	json_array_foreach(qs, i, q) {
		json_array_foreach(json_object_get(q, "evidence"), j, x) {
			const char *kd = json_string_value(json_object_get(x, "kind"));
			const char *label = json_string_value(json_object_get(x, "label"));
			json_t *existing = NULL, *y;
			if (strcmp(kd, "red_flag") != 0 && strcmp(kd, "mark_flag") != 0)
				continue;
			json_array_foreach(f->out, k, y)
				if (strcmp(json_string_value(json_object_get(y, "kind")), "red_flag") == 0 &&
				    strcmp(json_string_value(json_object_get(y, "clause")), clause) == 0 &&
				    ak_streq(json_string_value(json_object_get(y, "item")), item) &&
				    strstr(json_string_value(json_object_get(y, "statement")), label))
					existing = y;
			if (!existing)
				existing = finding(f, "red_flag", clause, item, req,
						   ak_asprintf("%s (%s): %s.", who, role, label), NULL);
			add_quote(json_object_get(existing, "evidence"), x);
			add_unique_string(json_object_get(existing, "questions"),
					  json_string_value(json_object_get(q, "id")));
		}
	}
	/* contradictions, one per topic */
	json_array_foreach(qs, i, q) {
		json_array_foreach(json_object_get(q, "contradictions"), j, x) {
			const char *topic = json_string_value(json_object_get(x, "topic"));
			json_t *existing = NULL, *y;
			json_array_foreach(f->out, k, y)
				if (strcmp(json_string_value(json_object_get(y, "kind")), "contradiction") == 0 &&
				    strcmp(json_string_value(json_object_get(y, "clause")), clause) == 0 &&
				    ak_streq(json_string_value(json_object_get(y, "item")), item) &&
				    strstr(json_string_value(json_object_get(y, "statement")), topic))
					existing = y;
			if (!existing)
				existing = finding(f, "contradiction", clause, item, req,
						   ak_asprintf("What %s (%s) said about the %s contradicts the records: %s.",
							       who, role, topic,
							       json_string_value(json_object_get(x, "explanation"))),
						   json_string_value(json_object_get(x, "record")));
			add_quote(json_object_get(existing, "evidence"), json_object_get(x, "said"));
			add_unique_string(json_object_get(existing, "questions"),
					  json_string_value(json_object_get(q, "id")));
		}
	}
	/* knowledge gaps: a probe with records that no question on the
	 * requirement met */
	for (k = 0; k < PROBE_NKINDS; k++) {
		const char *name = bank_probe_name((enum bank_probe_kind)k);
		json_t *worst = NULL, *wq = NULL, *p;
		bool met = false;
		json_array_foreach(qs, i, q) {
			json_array_foreach(json_object_get(q, "probes"), j, p) {
				if (strcmp(json_string_value(json_object_get(p, "probe")), name) != 0 ||
				    !json_is_true(json_object_get(p, "records")))
					continue;
				if (json_is_true(json_object_get(p, "met")))
					met = true;
				else if (!worst) {
					worst = p;
					wq = q;
				}
			}
		}
		if (met || !worst)
			continue;
		/* knowledge shown elsewhere in the interview is knowledge: a
		 * gap is proposed only when the whole interview lacks it */
		if (shown_anywhere(f->s, wq, name))
			continue;
		{
			size_t nf = json_array_size(json_object_get(worst, "found"));
			size_t nm = json_array_size(json_object_get(worst, "missing"));
			struct ak_buf miss = AK_BUF_INIT;
			json_t *m;
			json_array_foreach(json_object_get(worst, "missing"), j, m)
				ak_buf_printf(&miss, "%s%s", j ? "; " : "", json_string_value(m));
			fo = finding(f, "knowledge_gap", clause, item, req,
				     ak_asprintf("%s (%s) did not meet the knowledge check '%s': named %zu of "
						 "%zu, %lld expected.",
						 who, role, json_string_value(json_object_get(worst, "label")), nf,
						 nf + nm, json_integer_value(json_object_get(worst, "min"))),
				     ak_buf_str(&miss));
			ak_buf_release(&miss);
			add_unique_string(json_object_get(fo, "questions"), json_string_value(json_object_get(wq, "id")));
			json_array_foreach(json_object_get(worst, "found"), j, x)
				add_quote(json_object_get(fo, "evidence"), x);
		}
	}
}

void score_requirements(struct scorer *s, json_t *questions, json_t *reqs, json_t *findings)
{
	const struct bank *b = s->o->bank;
	struct fctx f = {s, findings, 0};
	size_t c, i, k;

	for (c = 0; c < bank_nclauses(b); c++) {
		const char *clause = bank_clause(b, c);
		struct bank_strings items = bank_clause_items(b, clause);
		size_t nit = items.n ? items.n : 1;
		for (i = 0; i < nit; i++) {
			const char *item = items.n ? items.v[i] : NULL;
			const char *req = item ? bank_item_text(b, clause, item) : bank_clause_title(b, clause);
			bool cov = is_coverage(b, clause, item);
			json_t *qs = json_array(), *ids = json_array(), *flags = json_array(), *q, *x;
			int best = -1, sum = 0, ncontra = 0;
			json_array_foreach(questions, k, q) {
				size_t j;
				int sc;
				if (!on_item(q, clause, item))
					continue;
				json_array_append(qs, q);
				json_array_append_new(ids, json_string(json_string_value(json_object_get(q, "id"))));
				sc = (int)json_integer_value(json_object_get(q, "score"));
				sum += sc;
				if (sc > best)
					best = sc;
				ncontra += (int)json_array_size(json_object_get(q, "contradictions"));
				json_array_foreach(json_object_get(q, "evidence"), j, x) {
					const char *kd = json_string_value(json_object_get(x, "kind"));
					if (strcmp(kd, "red_flag") == 0 || strcmp(kd, "mark_flag") == 0)
						add_unique_string(flags, json_string_value(json_object_get(x, "label")));
				}
			}
			if (json_array_size(qs) || cov) {
				json_t *r = json_object();
				json_object_set_new(r, "clause", json_string(clause));
				json_object_set_new(r, "item", score_jstr(item));
				json_object_set_new(r, "requirement", score_jstr(req));
				json_object_set_new(r, "questions", ids);
				json_object_set_new(r, "score", best < 0 ? json_null() : json_integer(best));
				json_object_set_new(r, "mean", best < 0 ? json_null()
									: json_real((double)(int)(100.0 * sum / (double)json_array_size(qs) + 0.5) / 100.0));
				json_object_set_new(r, "red_flags", flags);
				json_object_set_new(r, "contradictions", json_integer(ncontra));
				json_object_set_new(r, "coverage", json_boolean(cov));
				json_array_append_new(reqs, r);
				if (cov || json_array_size(qs))
					propose(&f, clause, item, req, qs, best);
			} else {
				json_decref(ids);
				json_decref(flags);
			}
			json_decref(qs);
		}
	}
}

