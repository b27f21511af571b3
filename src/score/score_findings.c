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

#include "core/jwrite.h"
#include "core/util.h"
#include "score/score_int.h"

static const char *who(const struct scorer *s)
{
	return s->interviewee ? s->interviewee : "the interviewee";
}

/* The statements of topic t whose class is in mask (a bit per ev_class),
 * once each, at most max; the contradictions on t mark theirs (or add
 * their own span). */
static void evidence_json(struct jw *w, const struct scorer *s, size_t t, unsigned mask, size_t max,
			  bool with_contra)
{
	size_t i, k, n = 0;
	char id[24];

	jw_open(w, '[');
	for (i = 0; i < s->nev && n < max; i++) {
		const struct evidence *e = &s->ev[i];
		const struct stmt *st;
		const struct contra *c = NULL;
		if (e->topic != t || !(mask & (1u << e->cls)))
			continue;
		for (k = 0; k < i; k++)
			if (s->ev[k].topic == t && s->ev[k].stmt == e->stmt && (mask & (1u << s->ev[k].cls)))
				break;
		if (k < i)
			continue;
		st = &s->st.v[e->stmt];
		for (k = 0; with_contra && k < s->ncontra; k++)
			if (s->contra[k].topic == t && s->contra[k].off == st->off)
				c = &s->contra[k];
		jw_open(w, '{');
		score_span_members(w, s->n, st->off, st->len);
		snprintf(id, sizeof id, "S%zu", e->stmt + 1);
		jw_key_str(w, "statement", id);
		jw_key_str(w, "class", c ? "contradiction" : ev_class_name(e->cls));
		if (c)
			jw_key_str(w, "record", c->c.record);
		jw_close(w, '}');
		n++;
	}
	/* a contradiction whose statement is not among those above */
	for (k = 0; with_contra && k < s->ncontra; k++) {
		const struct contra *c = &s->contra[k];
		bool shown = false;
		if (c->topic != t)
			continue;
		for (i = 0; i < s->nev; i++)
			if (s->ev[i].topic == t && (mask & (1u << s->ev[i].cls)) &&
			    s->st.v[s->ev[i].stmt].off == c->off)
				shown = true;
		if (shown)
			continue;
		jw_open(w, '{');
		score_span_members(w, s->n, c->off, c->len);
		snprintf(id, sizeof id, "S%zu", c->stmt + 1);
		jw_key_str(w, "statement", id);
		jw_key_str(w, "class", "contradiction");
		jw_key_str(w, "record", c->c.record);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

/* The record the finding is about: the one contradicted, else the records
 * not named; NULL when none. A new string. */
static char *record_of(const struct scorer *s, size_t t)
{
	size_t i, k;

	for (i = 0; i < s->ncontra; i++)
		if (s->contra[i].topic == t)
			return ak_strdup(s->contra[i].c.record);
	for (i = 0; i < s->ntp[t]; i++) {
		const struct tprobe *p = &s->tp[t][i];
		if (p->run && !p->r.no_records && !p->r.met && p->r.nmissing) {
			struct ak_buf m = AK_BUF_INIT;
			ak_buf_printf(&m, "not named: ");
			for (k = 0; k < p->r.nmissing && k < 5; k++)
				ak_buf_printf(&m, "%s%s", k ? "; " : "", p->r.missing[k]);
			return ak_buf_detach(&m);
		}
	}
	return NULL;
}

void score_propose(struct scorer *s, struct jw *w, const struct score_qset *qs, struct score_summary *sum)
{
	const struct bank *b = s->env->bank;
	size_t t, i, nid = 0;

	jw_open(w, '[');
	for (t = 0; t < s->ntopics; t++) {
		const struct bank_topic *tp = bank_topic(b, t);
		const struct tjudge *j = &s->tj[t];
		const char *req = tp->item ? bank_item_text(b, tp->clause, tp->item) : bank_clause_title(b, tp->clause);
		const char *kind;
		struct ak_buf st = AK_BUF_INIT;
		char id[16], key[64], *record = NULL;
		unsigned mask;

		if (!j->evidenced) {
			if (!score_is_coverage(b, tp))
				continue;
			kind = "not_asked";
			ak_buf_printf(&st, "Not evidenced: the notes of %s say nothing of %s %s%s%s; verify", who(s),
				      tp->clause, tp->item ? tp->item : "", tp->item ? ": " : "", req ? req : "");
			mask = 0;
		} else if (j->score >= 2) {
			kind = "conformity";
			ak_buf_printf(&st, "%s showed %s %s%s%s first-hand (%s)", who(s), tp->clause,
				      tp->item ? tp->item : "", tp->item ? ": " : "", req ? req : "",
				      ak_buf_str((struct ak_buf *)&j->reason));
			mask = 1u << EV_SPECIFIC | 1u << EV_GENERAL;
		} else {
			kind = j->delegation ? "delegation"
			       : j->ncontra  ? "contradiction"
			       : j->flags    ? "red_flag"
			       : j->score == 0 ? "no_evidence"
					       : "weak";
			ak_buf_printf(&st, "%s: %s %s%s%s, %s", who(s), tp->clause, tp->item ? tp->item : "",
				      tp->item ? ": " : "", req ? req : "", ak_buf_str((struct ak_buf *)&j->reason));
			mask = 1u << EV_NEGATIVE | 1u << EV_DELEGATION | 1u << EV_FLAG | 1u << EV_INTENT |
			       1u << EV_GENERAL | 1u << EV_REPORTED;
			record = record_of(s, t);
		}
		if (sum) {
			if (strcmp(kind, "conformity") == 0)
				sum->conformities++;
			else
				sum->findings++;
		}
		snprintf(id, sizeof id, "P%zu", ++nid);
		snprintf(key, sizeof key, "%s%s%s/%s", tp->clause, tp->item ? " " : "", tp->item ? tp->item : "",
			 kind);
		jw_open(w, '{');
		jw_key_str(w, "id", id);
		jw_key_str(w, "kind", kind);
		jw_key_str(w, "key", key);
		jw_key_str(w, "clause", tp->clause);
		jw_key(w, "item");
		jw_str_or_null(w, tp->item);
		jw_key(w, "requirement");
		jw_str_or_null(w, req);
		jw_key(w, "score");
		if (j->evidenced)
			jw_num(w, j->score);
		else
			jw_null(w);
		jw_key(w, "delegation");
		jw_bool(w, j->delegation);
		jw_key_str(w, "statement", ak_buf_str(&st));
		jw_key(w, "evidence");
		if (mask)
			evidence_json(w, s, t, mask, strcmp(kind, "conformity") == 0 ? 5 : 12,
				      strcmp(kind, "conformity") != 0);
		else {
			jw_open(w, '[');
			jw_close(w, ']');
		}
		jw_key(w, "record");
		jw_str_or_null(w, record);
		jw_key(w, "questions");
		jw_open(w, '[');
		for (i = 0; i < qs->n; i++)
			if (qs->v[i].topic == t)
				jw_str(w, qs->v[i].q->id);
		jw_close(w, ']');
		jw_key(w, "interviewee");
		jw_str_or_null(w, s->interviewee);
		jw_key(w, "role");
		jw_str_or_null(w, s->role_name);
		jw_close(w, '}');
		free(record);
		ak_buf_release(&st);
	}
	jw_close(w, ']');
}
