/* score_findings.c: proposed findings from the verdicts (docs/scoring.md,
 * "Proposed findings"; docs/scored-format.md).
 *
 * One proposal per requirement at most, of the one kind that says what is
 * wrong (or right) with it, carrying every statement behind it once: a
 * remark never becomes several findings here. A contradiction stands on
 * the requirement its fact belongs to. Absence of evidence is never a
 * problem: a requirement the notes say nothing of is "not asked", for the
 * lead auditor to verify. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "score/score_int.h"

static json_t *jstr(const char *s) { return s ? json_string(s) : json_null(); }

/* The statements of topic t whose class is in mask (a bit per ev_class),
 * once each, as quotes. */
static json_t *quotes(const struct scorer *s, size_t t, unsigned mask, size_t max)
{
	json_t *a = json_array();
	size_t i, k, n = 0, last = SIZE_MAX;

	for (i = 0; i < s->nev && n < max; i++) {
		const struct evidence *e = &s->ev[i];
		const struct stmt *st;
		json_t *x;
		char id[24];
		if (e->topic != t || !(mask & (1u << e->cls)) || e->stmt == last)
			continue;
		for (k = 0; k < i; k++)
			if (s->ev[k].topic == t && s->ev[k].stmt == e->stmt && (mask & (1u << s->ev[k].cls)))
				break;
		if (k < i)
			continue;
		last = e->stmt;
		st = &s->st.v[e->stmt];
		x = score_span(s->n, st->off, st->len);
		snprintf(id, sizeof id, "S%zu", e->stmt + 1);
		json_object_set_new(x, "statement", json_string(id));
		json_object_set_new(x, "class", json_string(ev_class_name(e->cls)));
		json_array_append_new(a, x);
		n++;
	}
	return a;
}

static const char *who(const struct scorer *s)
{
	return s->interviewee ? s->interviewee : "the interviewee";
}

void score_propose(struct scorer *s, json_t *reqs, json_t *fs)
{
	const struct bank *b = s->env->bank;
	size_t t, i, nid = 0;
	json_t *r;

	json_array_foreach(reqs, t, r) {
		const struct bank_topic *tp = bank_topic(b, t);
		const struct tjudge *j = &s->tj[t];
		const char *req = json_string_value(json_object_get(r, "requirement"));
		const char *kind = NULL;
		struct ak_buf st = AK_BUF_INIT;
		json_t *ev = NULL, *record = json_null(), *f;
		char id[16], key[64];

		if (!j->evidenced) {
			if (!json_is_true(json_object_get(r, "coverage")))
				continue;
			kind = "not_asked";
			ak_buf_printf(&st, "Not evidenced: the notes of %s say nothing of %s %s%s%s; verify", who(s),
				      tp->clause, tp->item ? tp->item : "", tp->item ? ": " : "", req ? req : "");
			ev = json_array();
		} else if (j->score >= 2) {
			kind = "conformity";
			ak_buf_printf(&st, "%s showed %s %s%s%s first-hand (%s)", who(s), tp->clause,
				      tp->item ? tp->item : "", tp->item ? ": " : "", req ? req : "",
				      ak_buf_str((struct ak_buf *)&j->reason));
			ev = quotes(s, t, 1u << EV_SPECIFIC | 1u << EV_GENERAL, 5);
		} else {
			if (j->delegation)
				kind = "delegation";
			else if (j->ncontra)
				kind = "contradiction";
			else if (j->flags)
				kind = "red_flag";
			else if (j->score == 0)
				kind = "no_evidence";
			else
				kind = "weak";
			ak_buf_printf(&st, "%s: %s %s%s%s, %s", who(s), tp->clause, tp->item ? tp->item : "",
				      tp->item ? ": " : "", req ? req : "",
				      ak_buf_str((struct ak_buf *)&j->reason));
			ev = quotes(s, t, 1u << EV_NEGATIVE | 1u << EV_DELEGATION | 1u << EV_FLAG | 1u << EV_INTENT |
					       1u << EV_GENERAL | 1u << EV_REPORTED,
				    12);
			for (i = 0; i < s->ncontra; i++)
				if (s->contra[i].topic == t) {
					json_t *x = NULL, *y;
					size_t k;
					/* the statement may stand in the evidence already:
					 * it is marked, not quoted twice */
					json_array_foreach(ev, k, y)
						if (json_integer_value(json_object_get(y, "offset")) ==
						    (json_int_t)s->contra[i].off)
							x = y;
					if (!x) {
						x = score_span(s->n, s->contra[i].off, s->contra[i].len);
						json_array_append_new(ev, x);
					}
					json_object_set_new(x, "record", json_string(s->contra[i].c.record));
					json_object_set_new(x, "class", json_string("contradiction"));
					if (json_is_null(record)) {
						json_decref(record);
						record = json_string(s->contra[i].c.record);
					}
				}
			for (i = 0; json_is_null(record) && i < s->ntp[t]; i++) {
				const struct tprobe *p = &s->tp[t][i];
				if (p->run && !p->r.no_records && !p->r.met && p->r.nmissing) {
					struct ak_buf m = AK_BUF_INIT;
					size_t k;
					ak_buf_printf(&m, "not named: ");
					for (k = 0; k < p->r.nmissing && k < 5; k++)
						ak_buf_printf(&m, "%s%s", k ? "; " : "", p->r.missing[k]);
					json_decref(record);
					record = json_string(ak_buf_str(&m));
					ak_buf_release(&m);
				}
			}
		}
		snprintf(id, sizeof id, "P%zu", ++nid);
		snprintf(key, sizeof key, "%s%s%s/%s", tp->clause, tp->item ? " " : "", tp->item ? tp->item : "",
			 kind);
		f = json_object();
		json_object_set_new(f, "id", json_string(id));
		json_object_set_new(f, "kind", json_string(kind));
		json_object_set_new(f, "key", json_string(key));
		json_object_set_new(f, "clause", json_string(tp->clause));
		json_object_set_new(f, "item", jstr(tp->item));
		json_object_set_new(f, "requirement", jstr(req));
		json_object_set_new(f, "score", json_object_get(r, "score") ? json_incref(json_object_get(r, "score"))
									      : json_null());
		json_object_set_new(f, "delegation", json_boolean(j->delegation));
		json_object_set_new(f, "statement", json_string(ak_buf_str(&st)));
		json_object_set_new(f, "evidence", ev);
		json_object_set_new(f, "record", record);
		json_object_set_new(f, "questions", json_incref(json_object_get(r, "questions")));
		json_object_set_new(f, "interviewee", jstr(s->interviewee));
		json_object_set_new(f, "role", jstr(s->role_name));
		json_array_append_new(fs, f);
		ak_buf_release(&st);
	}
}
