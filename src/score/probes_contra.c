/* probes_contra.c: contradictions (probes.h, docs/scoring.md section 5).
 *
 * What an answer says that the records deny: the policy dated otherwise
 * than its approval, "reviewed every year" against an old approval,
 * another version of the policy, the management review on another date,
 * "I attended" when the attendance list does not name the interviewee.
 * Each is looked for in the sentence around a date or a claim, and only
 * where that sentence is about the policy or the management review. */
#include "score/probes.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "score/probes_int.h"
#include "core/util.h"

/* The sentence around offset off: up to the nearest ". ", "? ", "! ", "; "
 * or line break on either side. */
static void sentence(const struct text *t, size_t off, size_t *s, size_t *e)
{
	size_t a = off, b = off;

	while (a > 0 && t->s[a - 1] != '\n' &&
	       !(a >= 2 && strchr(".?!;", t->s[a - 2]) && t->s[a - 1] == ' '))
		a--;
	while (b < t->len && t->s[b] != '\n' &&
	       !(strchr(".?!;", t->s[b]) &&
	         (b + 1 == t->len || t->s[b + 1] == ' ' || t->s[b + 1] == '\n')))
		b++;
	*s = a;
	*e = b;
}

static bool span_has_stem(const struct answer *a, size_t s, size_t e, const char *prefix)
{
	size_t i, n = strlen(prefix);

	for (i = 0; i < a->words->n; i++)
		if (a->words->v[i].off >= s && a->words->v[i].off < e &&
		    strncmp(a->words->v[i].stem, prefix, n) == 0)
			return true;
	return false;
}

static bool span_has_word(const struct answer *a, size_t s, size_t e, const char *w)
{
	size_t i;

	for (i = 0; i < a->words->n; i++)
		if (a->words->v[i].off >= s && a->words->v[i].off < e &&
		    strcmp(a->words->v[i].w, w) == 0)
			return true;
	return false;
}

static bool span_has_text(const struct answer *a, size_t s, size_t e, const char *needle)
{
	return probe_has_ci(a->text->s + s, e - s, needle);
}

static size_t add_contra(struct contradiction *out, size_t max, size_t n, const char *topic,
                         size_t s, size_t e, char *record, char *why)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (out[i].off == s && strcmp(out[i].topic, topic) == 0) {
			free(record);
			free(why);
			return n;
		}
	if (n >= max || !record || !why) {
		free(record);
		free(why);
		return n;
	}
	out[n].topic = topic;
	out[n].off = s;
	out[n].len = e - s;
	out[n].record = record;
	out[n].explanation = why;
	return n + 1;
}

static bool about_policy(const struct answer *a, size_t s, size_t e)
{
	return span_has_stem(a, s, e, "polic");
}

static bool about_review(const struct answer *a, size_t s, size_t e)
{
	return span_has_text(a, s, e, "management review") || span_has_word(a, s, e, "mr") ||
	       span_has_text(a, s, e, "review meeting");
}

size_t probe_contradictions(struct probe_ctx *c, const struct answer *a, struct contradiction *out,
                            size_t max)
{
	const struct facts_policy *pol = facts_policy(c->f);
	size_t n = 0, i, s, e;
	char d[16], said[16];

	/* 1. the policy dated otherwise than its approval */
	for (i = 0; c->has_approved && i < a->ndates; i++) {
		size_t k;
		bool agrees = false;
		sentence(a->text, a->dates[i].off, &s, &e);
		if (!about_policy(a, s, e) ||
		    !(span_has_stem(a, s, e, "approv") || span_has_stem(a, s, e, "sign") ||
		      span_has_stem(a, s, e, "updat") || span_has_stem(a, s, e, "issu") ||
		      span_has_stem(a, s, e, "adopt") || span_has_stem(a, s, e, "revis")))
			continue;
		for (k = 0; k < a->ndates; k++)
			if (a->dates[k].off >= s && a->dates[k].off < e &&
			    date_agrees(&a->dates[k].date, &c->approved))
				agrees = true;
		if (agrees || date_agrees(&a->dates[i].date, &c->approved))
			continue;
		date_format(&c->approved, d, sizeof d);
		date_format(&a->dates[i].date, said, sizeof said);
		n = add_contra(
		    out, max, n, "policy approval", s, e, ak_asprintf("policy approved %s", d),
		    ak_asprintf(
		        "the answer dates the policy to %s; the records say it was approved on %s",
		        said, d));
	}
	/* 2. "we review the policy every year" against an old approval */
	if (c->has_approved && c->has_interview &&
	    date_months_between(&c->approved, &c->interview) > 13) {
		static const char *const yearly[] = {
		    "every year",  "each year",           "annually", "yearly",
		    "once a year", "every twelve months", NULL};
		for (i = 0; yearly[i]; i++) {
			size_t k;
			for (k = 0; k + strlen(yearly[i]) <= a->text->len; k++) {
				if (strncasecmp(a->text->s + k, yearly[i], strlen(yearly[i])) != 0)
					continue;
				sentence(a->text, k, &s, &e);
				if (!about_policy(a, s, e) || !(span_has_stem(a, s, e, "review") ||
				                                span_has_stem(a, s, e, "approv") ||
				                                span_has_stem(a, s, e, "updat")))
					continue;
				date_format(&c->approved, d, sizeof d);
				n = add_contra(
				    out, max, n, "policy review", s, e,
				    ak_asprintf("policy approved %s", d),
				    ak_asprintf(
				        "the answer says the policy is reviewed every year; "
				        "its last approval on %s is %d months before the interview",
				        d, date_months_between(&c->approved, &c->interview)));
				break;
			}
		}
	}
	/* 3. another version of the policy */
	if (pol->version) {
		for (i = 0; i < a->words->n; i++) {
			const struct word *w = &a->words->v[i];
			const struct word *v = i + 1 < a->words->n ? &a->words->v[i + 1] : NULL;
			bool mention = v && strcmp(w->w, "version") == 0 && v->is_num;
			const struct word *num = v;
			if (!mention && w->w[0] == 'v' && w->w[1] >= '0' && w->w[1] <= '9')
				mention = true, num = w;
			if (!mention)
				continue;
			sentence(a->text, w->off, &s, &e);
			if (!about_policy(a, s, e))
				continue;
			if (strcasecmp(num->w[0] == 'v' ? num->w + 1 : num->w, pol->version) == 0)
				continue;
			n = add_contra(out, max, n, "policy version", s, e,
			               ak_asprintf("policy version %s", pol->version),
			               ak_asprintf("the answer gives the policy's version as %s; "
			                           "the current version is %s",
			                           num->w[0] == 'v' ? num->w + 1 : num->w,
			                           pol->version));
		}
	}
	/* 4. the management review on another date */
	for (i = 0; c->has_review && i < a->ndates; i++) {
		size_t k;
		bool agrees = false;
		if (a->dates[i].date.prec == DATE_YEAR)
			continue;
		sentence(a->text, a->dates[i].off, &s, &e);
		if (!about_review(a, s, e) || about_policy(a, s, e))
			continue;
		for (k = 0; k < a->ndates; k++)
			if (a->dates[k].off >= s && a->dates[k].off < e &&
			    date_agrees(&a->dates[k].date, &c->review))
				agrees = true;
		if (agrees)
			continue;
		date_format(&c->review, d, sizeof d);
		date_format(&a->dates[i].date, said, sizeof said);
		n = add_contra(
		    out, max, n, "management review date", s, e,
		    ak_asprintf("last management review %s", d),
		    ak_asprintf(
		        "the answer puts the last management review in %s; the records say %s",
		        said, d));
	}
	/* 5. "I attended" when the attendance list says otherwise */
	if (c->has_attendees && !c->interviewee_attended) {
		for (i = 0; i + 1 < a->words->n; i++) {
			const struct word *w = &a->words->v[i];
			size_t k;
			bool claim = false, negated = false;
			if (strcmp(w->w, "i") != 0)
				continue;
			for (k = i + 1; k < a->words->n && k <= i + 2; k++) {
				const char *st = a->words->v[k].stem;
				if (strcmp(st, "attend") == 0 || strcmp(st, "chair") == 0)
					claim = true;
				if (strcmp(a->words->v[k].w, "never") == 0 ||
				    strcmp(a->words->v[k].w, "don") == 0 ||
				    strcmp(a->words->v[k].w, "didn") == 0 ||
				    strcmp(a->words->v[k].w, "not") == 0)
					negated = true;
			}
			if (!claim || negated)
				continue;
			sentence(a->text, w->off, &s, &e);
			if (!about_review(a, s, e))
				continue;
			n = add_contra(
			    out, max, n, "management review attendance", s, e,
			    ak_strdup("management review attendees"),
			    ak_strdup(
			        "the answer says the interviewee attends the management review; "
			        "the last review's attendance list does not name them"));
		}
	}
	return n;
}

void contradiction_release(struct contradiction *x)
{
	free(x->record);
	free(x->explanation);
	x->record = x->explanation = NULL;
}
