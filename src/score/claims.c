/* claims.c: what a statement says that the records deny (docs/scoring.md,
 * "Contradictions").
 *
 * Each statement that is evidence at all (not a question, not the
 * auditor's own housekeeping, not hypothetical) is read for claims about
 * the records: the policy's version, approval date and approver, that it
 * is reviewed every year, an objective's target, the management review's
 * date, who attended it, and the amounts it decided. A claim is read in
 * the statement's context: a transcript answer "Version four." is about
 * the policy when the auditor asked about the policy, which the
 * statement's topics say. Each contradiction bears on the one requirement
 * its fact belongs to (policy: 5.2; objectives: 6.2; management review:
 * 9.3), once.
 *
 * The English of the claims (approval verbs, governing bodies, target
 * words) is kept in the small tables below, next to the code that reads
 * them: they describe the records' fields, not how people hedge or deny,
 * which is the assertion rules' business. */
#define _GNU_SOURCE /* strcasestr */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"
#include "score/score_int.h"

static bool has_word(const struct words *w, const char *x)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (strcmp(w->v[i].w, x) == 0)
			return true;
	return false;
}

static bool has_stem(const struct words *w, const char *prefix)
{
	size_t i, n = strlen(prefix);

	for (i = 0; i < w->n; i++)
		if (strncmp(w->v[i].stem, prefix, n) == 0)
			return true;
	return false;
}

static bool on_topic(const struct scorer *s, size_t i, const char *clause, const char *item)
{
	const struct sinfo *si = &s->si[i];
	size_t k;

	for (k = 0; k < si->topics.n; k++) {
		const struct bank_topic *t = bank_topic(s->env->bank, si->topics.v[k].topic);
		if (strcmp(t->clause, clause) == 0 && (!item || (t->item && strcmp(t->item, item) == 0)))
			return true;
	}
	return false;
}

static bool about_policy(const struct scorer *s, size_t i)
{
	return has_stem(&s->si[i].w, "polic") || has_word(&s->si[i].w, "isp") || on_topic(s, i, "5.2", NULL);
}

static bool about_review(const struct scorer *s, size_t i)
{
	const struct words *w = &s->si[i].w;
	size_t k;

	for (k = 0; k + 1 < w->n; k++)
		if (strcmp(w->v[k].w, "management") == 0 && strncmp(w->v[k + 1].stem, "review", 6) == 0)
			return true;
	for (k = 0; k < w->n; k++)
		if (w->v[k].acronym && strcmp(w->v[k].w, "mr") == 0)
			return true;
	return on_topic(s, i, "9.3", NULL);
}

/* Is a word with one of the stems within n words of byte off? */
static bool near_stem(const struct words *w, size_t off, const char *a, const char *b, size_t n)
{
	size_t k, at = 0;

	for (k = 0; k < w->n; k++)
		if (w->v[k].off <= off)
			at = k;
	for (k = at > n ? at - n : 0; k < w->n && k <= at + n; k++)
		if (strncmp(w->v[k].stem, a, strlen(a)) == 0 || strncmp(w->v[k].stem, b, strlen(b)) == 0)
			return true;
	return false;
}

static bool approval_verb(const struct words *w)
{
	return has_stem(w, "approv") || has_stem(w, "sign") || has_word(w, "adopted") ||
	       has_word(w, "ratified") || has_word(w, "endorsed");
}

/* Is byte range [a, b) of statement i negated or hypothetical? */
static bool denied(const struct scorer *s, size_t i, size_t a, size_t b)
{
	return (ctx_covering(&s->si[i].ctx, a, b, NULL) & (CTX_NEGATED | CTX_HYPOTHETICAL)) != 0;
}

/* Also an intention: "she will attend the review on 9 December". */
static bool not_said(const struct scorer *s, size_t i, size_t a, size_t b)
{
	return (ctx_covering(&s->si[i].ctx, a, b, NULL) & (CTX_NEGATED | CTX_HYPOTHETICAL | CTX_INTENDED)) != 0;
}

/* The notes span of statement bytes [a, b). */
static void span(const struct stmt *st, size_t a, size_t b, size_t *off, size_t *len)
{
	if (a >= st->t.len)
		a = st->t.len ? st->t.len - 1 : 0;
	if (b > st->t.len)
		b = st->t.len;
	*off = st->t.map[a];
	*len = (b < st->t.len ? st->t.map[b] : st->off + st->len) - *off;
	while (*len && st->t.s[b > a ? b - 1 : a] == ' ')
		(*len)--;
}

static void add(struct scorer *s, size_t i, const char *topic, const char *clause, const char *fact,
		char *record, char *why)
{
	const struct bank_topic *home = bank_topic_for(s->env->bank, clause, NULL);
	const struct stmt *st = &s->st.v[i];
	struct contra *x;
	size_t k;

	if (!record || !why || !home || s->ncontra >= MAX_CONTRA) {
		free(record);
		free(why);
		if (!record || !why)
			s->oom = true;
		return;
	}
	/* one fact, once per interview: a slip repeated is one slip */
	for (k = 0; k < s->ncontra; k++)
		if (strcmp(s->contra[k].fact, fact) == 0) {
			free(record);
			free(why);
			return;
		}
	x = &s->contra[s->ncontra++];
	memset(x, 0, sizeof *x);
	x->c.topic = topic;
	x->c.record = record;
	x->c.explanation = why;
	x->stmt = i;
	x->topic = (size_t)(home - bank_topic(s->env->bank, 0));
	x->fact = fact;
	span(st, 0, st->t.len, &x->off, &x->len);
}

/* ======================================================================
 * The policy
 * ====================================================================== */

static bool same_version(const char *said, const char *record)
{
	char *e1, *e2;
	double a, b;

	if (strcasecmp(said, record) == 0)
		return true;
	a = strtod(said, &e1);
	b = strtod(record, &e2);
	return *e1 == '\0' && *e2 == '\0' && fabs(a - b) < 1e-9;
}

static void policy_version(struct scorer *s, size_t i, const char *version)
{
	const struct words *w = &s->si[i].w;
	size_t k;

	for (k = 0; k < w->n; k++) {
		const struct word *x = &w->v[k], *num = NULL;
		char said[48];
		if (strcmp(x->w, "version") == 0 && k + 1 < w->n && w->v[k + 1].is_num)
			num = &w->v[k + 1];
		else if (x->w[0] == 'v' && isdigit((unsigned char)x->w[1]))
			num = x;
		if (!num || denied(s, i, x->off, num->off + num->len))
			continue;
		if (num == x)
			snprintf(said, sizeof said, "%s", x->w + 1);
		else if (isdigit((unsigned char)num->w[0]))
			snprintf(said, sizeof said, "%s", num->w);
		else
			snprintf(said, sizeof said, "%g", num->num);
		/* "version two point something": not a version said */
		if (k + 2 < w->n && strcmp(w->v[k + 2].w, "point") == 0)
			continue;
		if (same_version(said, version))
			continue;
		add(s, i, "policy version", "5.2", "policy.version", ak_asprintf("policy version %s", version),
		    ak_asprintf("the answer gives the policy's version as %s; the current version is %s", said,
				version));
		return;
	}
}

static void policy_approval(struct scorer *s, size_t i, const struct ak_date *approved,
			    const struct date_hit *dates, size_t nd)
{
	size_t k;
	char d[16], said[16];

	for (k = 0; k < nd; k++)
		if (date_agrees(&dates[k].date, approved))
			return;
	for (k = 0; k < nd; k++) {
		if (denied(s, i, dates[k].off, dates[k].off + dates[k].len) ||
		    !near_stem(&s->si[i].w, dates[k].off, "approv", "sign", 6))
			continue;
		date_format(approved, d, sizeof d);
		date_format(&dates[k].date, said, sizeof said);
		add(s, i, "policy approval", "5.2", "policy.approved", ak_asprintf("policy approved %s", d),
		    ak_asprintf("the answer dates the policy's approval to %s; the records say %s", said, d));
		return;
	}
}

/* Who the statement says approved the policy, against who did. */
static void policy_approver(struct scorer *s, size_t i, const char *approver)
{
	static const char *const bodies[] = {"board", "chair", "chairman", "chairwoman", "elt",  "slt",
					     "exco",  "exec",  "executive", "directors", "committee", "rac",
					     "trustees"};
	static const char *const chiefs[] = {"ceo", "md", "chief", "managing"};
	const struct words *w = &s->si[i].w;
	char low[256];
	size_t k, j;
	bool rec_body = false, rec_chief;

	snprintf(low, sizeof low, "%s", approver);
	for (k = 0; low[k]; k++)
		low[k] = (char)tolower((unsigned char)low[k]);
	for (j = 0; j < sizeof bodies / sizeof *bodies; j++)
		if (strstr(low, bodies[j]))
			rec_body = true;
	rec_chief = strstr(low, "chief executive") || strstr(low, "ceo") || strstr(low, "managing director");
	if (rec_chief)
		rec_body = false; /* "Chief Executive" is a person, not the executive team */
	for (k = 0; k < w->n; k++) {
		const struct word *x = &w->v[k];
		bool body = false, chief = false;
		for (j = 0; j < sizeof bodies / sizeof *bodies; j++)
			if (strcmp(x->w, bodies[j]) == 0)
				body = true;
		for (j = 0; j < sizeof chiefs / sizeof *chiefs; j++)
			if (strcmp(x->w, chiefs[j]) == 0)
				chief = true;
		if (!body && !chief)
			continue;
		/* "the board received it", "the chair asked": the body must be
		 * the one approving, within a few words of the verb */
		{
			size_t a = k > 4 ? k - 4 : 0, b = k + 5 < w->n ? k + 5 : w->n, m;
			bool verb = false;
			for (m = a; m < b; m++)
				if (strncmp(w->v[m].stem, "approv", 6) == 0 || strncmp(w->v[m].stem, "sign", 4) == 0)
					verb = true;
			if (!verb)
				continue;
		}
		if (denied(s, i, x->off, x->off + x->len))
			continue;
		if ((body && rec_body) || (chief && rec_chief))
			return;
		if (chief && !rec_chief && !rec_body)
			continue; /* a named approver the role words cannot place */
		add(s, i, "policy approver", "5.2", "policy.approver", ak_asprintf("policy approved by %s", approver),
		    ak_asprintf("the answer says the %s approved the policy; the records say %s", x->w,
				approver));
		return;
	}
}

static void policy_yearly(struct scorer *s, size_t i, const struct ak_date *approved)
{
	static const char *const yearly[] = {"every year", "each year", "annually", "yearly", "once a year",
					     "every twelve months"};
	const struct stmt *st = &s->st.v[i];
	size_t k;
	char d[16];

	if (!(has_stem(&s->si[i].w, "review") || has_stem(&s->si[i].w, "approv") ||
	      has_stem(&s->si[i].w, "updat")))
		return;
	for (k = 0; k < sizeof yearly / sizeof *yearly; k++) {
		const char *p = strcasestr(st->t.s, yearly[k]);
		if (!p || denied(s, i, (size_t)(p - st->t.s), (size_t)(p - st->t.s) + strlen(yearly[k])))
			continue;
		date_format(approved, d, sizeof d);
		add(s, i, "policy review", "5.2", "policy.approved", ak_asprintf("policy approved %s", d),
		    ak_asprintf("the answer says the policy is reviewed every year; its last approval on %s is "
				"%d months before the interview",
				d, date_months_between(approved, &s->interview)));
		return;
	}
}

/* ======================================================================
 * Objectives and decisions: figures held against the records
 * ====================================================================== */

/* The words of a record that tell it apart: not stop words, not generic
 * ("security", "information"), four letters or more. */
static size_t overlap(const struct words *a, const char *record)
{
	struct words r = {NULL, 0, 0};
	size_t i, j, n = 0;

	if (!words_split(record, strlen(record), &r))
		return 0;
	for (i = 0; i < r.n; i++) {
		const struct word *x = &r.v[i];
		if (x->is_num || strlen(x->w) < 4 || text_stopword(x->w) || strcmp(x->w, "security") == 0 ||
		    strcmp(x->w, "information") == 0 || strcmp(x->w, "staff") == 0)
			continue;
		for (j = 0; j < a->n; j++)
			if (text_word_match(x, &a->v[j])) {
				n++;
				break;
			}
	}
	words_release(&r);
	return n;
}

static bool numbers_of(const char *text, double *v, size_t max, size_t *n)
{
	struct words r = {NULL, 0, 0};
	size_t i;

	*n = 0;
	if (!words_split(text, strlen(text), &r))
		return false;
	for (i = 0; i < r.n && *n < max; i++)
		if (r.v[i].is_num)
			v[(*n)++] = r.v[i].num;
	words_release(&r);
	return true;
}

/* A year ("2027") is no amount of money. */
static bool is_year(const struct word *x)
{
	return x->is_num && x->num >= 1900 && x->num <= 2100 && x->num == floor(x->num) && strlen(x->w) == 4;
}

/* The amounts of money in a text: numbers of a thousand or more that are
 * not years, or with k, m, thousand or million. */
static bool money_of(const char *text, double *v, size_t max, size_t *n)
{
	struct words r = {NULL, 0, 0};
	size_t i;

	*n = 0;
	if (!words_split(text, strlen(text), &r))
		return false;
	for (i = 0; i < r.n && *n < max; i++) {
		const struct word *x = &r.v[i];
		if (!x->is_num || is_year(x) || strchr(x->w, '%'))
			continue;
		if (x->num >= 1000)
			v[(*n)++] = x->num;
	}
	words_release(&r);
	return true;
}

static void objective_target(struct scorer *s, size_t i, const struct facts_list *obj)
{
	static const char *const target_words[] = {"target", "objective", "goal", "aim", "kpi", "below",
						   "under", "fewer", "less", "least", "above", "over"};
	const struct words *w = &s->si[i].w;
	size_t k, j, best = SIZE_MAX, bo = 0;
	const struct word *num = NULL;
	bool target = false;
	double rec[8];
	size_t nrec;

	for (k = 0; k < w->n; k++)
		for (j = 0; j < sizeof target_words / sizeof *target_words; j++)
			if (strcmp(w->v[k].w, target_words[j]) == 0)
				target = true;
	for (k = 0; k < w->n && !num; k++) {
		const struct word *x = &w->v[k];
		const char *after = s->st.v[i].t.s + x->off + x->len;
		/* "5 %", "5%" */
		if (x->is_num && (strchr(x->w, '%') || after[0] == '%' || (after[0] == ' ' && after[1] == '%')))
			num = x;
	}
	for (k = 0; k + 1 < w->n && !num; k++)
		if (w->v[k].is_num && (strcmp(w->v[k + 1].w, "percent") == 0 || strcmp(w->v[k + 1].w, "per") == 0))
			num = &w->v[k];
	if (!target || !num || denied(s, i, num->off, num->off + num->len))
		return;
	/* a target said, not a figure reported against it: a target word
	 * beside the figure, and no "against", "inside", "met" near it */
	{
		static const char *const actual[] = {"inside", "within", "outside", "against", "vs", "versus",
						     "missed", "met", "beat", "behind", "ahead", "reached",
						     "hit", "now", "currently", "was", "were", "last", "fell", "rose"};
		size_t at = (size_t)(num - w->v), a = at > 3 ? at - 3 : 0, b = at + 4 < w->n ? at + 4 : w->n;
		size_t far = at + 9 < w->n ? at + 9 : w->n;
		bool beside = false;
		for (k = a; k < far; k++)
			for (j = 0; j < sizeof target_words / sizeof *target_words; j++)
				if (strcmp(w->v[k].w, target_words[j]) == 0)
					beside = true;
		if (!beside)
			return;
		for (k = a; k < b; k++) {
			const char *x = w->v[k].w;
			for (j = 0; j < sizeof actual / sizeof *actual; j++)
				if (strcmp(x, actual[j]) == 0)
					return;
			/* a quarter or a month beside it: a figure of that period */
			if ((x[0] == 'q' && x[1] >= '1' && x[1] <= '4' && !x[2]) || date_month_name(x))
				return;
		}
		/* "under target", "inside target": the figure set against it */
		for (k = 0; k + 1 < w->n; k++)
			if (strcmp(w->v[k + 1].w, "target") == 0 &&
			    (strcmp(w->v[k].w, "under") == 0 || strcmp(w->v[k].w, "inside") == 0 ||
			     strcmp(w->v[k].w, "within") == 0 || strcmp(w->v[k].w, "over") == 0 ||
			     strcmp(w->v[k].w, "above") == 0 || strcmp(w->v[k].w, "below") == 0 ||
			     strcmp(w->v[k].w, "off") == 0 || strcmp(w->v[k].w, "on") == 0))
				return;
	}
	{
		/* the words around the figure say which objective it is */
		struct words near = {NULL, 0, 0};
		size_t at = (size_t)(num - w->v), a = at > 6 ? at - 6 : 0, b = at + 7 < w->n ? at + 7 : w->n;
		near.v = w->v + a;
		near.n = b - a;
		for (k = 0; k < obj->n; k++) {
			size_t o = overlap(&near, obj->v[k]), m;
			if (!numbers_of(obj->v[k], rec, 8, &nrec))
				return;
			for (m = 0; m < nrec; m++)
				if (fabs(rec[m] - num->num) < 1e-9)
					return; /* it agrees with an objective */
			if (o > bo) {
				bo = o;
				best = k;
			}
		}
	}
	if (best == SIZE_MAX || bo < 1 || !numbers_of(obj->v[best], rec, 8, &nrec) || nrec == 0)
		return;
	for (k = 0; k < nrec; k++)
		if (fabs(rec[k] - num->num) < 1e-9)
			return;
	/* a target is a percentage: compare with the record's percentages */
	if (!strchr(obj->v[best], '%') && !strstr(obj->v[best], "percent"))
		return;
	add(s, i, "objective target", "6.2", "policy.objectives", ak_strdup(obj->v[best]),
	    ak_asprintf("the answer gives the target as %g %%; the objective is \"%s\"", num->num, obj->v[best]));
}

/* Does this amount agree with any decision's or resource's amount? */
static bool amount_known(const struct facts_review *rev, double said)
{
	double rec[4];
	size_t k, m, n;

	for (k = 0; k < rev->decisions.n; k++) {
		const char *amount = rev->decision_items ? rev->decision_items[k].amount : NULL;
		if (money_of(amount ? amount : rev->decisions.v[k], rec, 4, &n))
			for (m = 0; m < n; m++)
				if (fabs(rec[m] - said) <= 0.1 * rec[m])
					return true;
	}
	for (k = 0; k < rev->resources.n; k++)
		if (money_of(rev->resources.v[k], rec, 4, &n))
			for (m = 0; m < n; m++)
				if (fabs(rec[m] - said) <= 0.1 * rec[m])
					return true;
	return false;
}

static bool no_budget(const char *t)
{
	char low[512];
	size_t m;

	snprintf(low, sizeof low, "%s", t ? t : "");
	for (m = 0; low[m]; m++)
		low[m] = (char)tolower((unsigned char)low[m]);
	return strstr(low, "no budget") || strstr(low, "internal effort") || strstr(low, "no cost") ||
	       strstr(low, "within existing") || strstr(low, "nok 0") || strstr(low, "no extra");
}

/* Each amount said about a decision of the management review, against
 * the decision's own amount (or its "no budget"). An amount that agrees
 * with any of the minutes' amounts is no contradiction, whichever decision
 * the words around it seem to name. */
/* Is word k of w an amount of money: a number of 1,000 or more that is not
 * a year, or one with "k", "grand", "thousand" or "million" after it? */
static bool is_money(const struct words *w, size_t k)
{
	const struct word *x = &w->v[k];

	if (!x->is_num || strchr(x->w, '%'))
		return false;
	return (x->num >= 1000 && !is_year(x)) ||
	       (k + 1 < w->n && (strcmp(w->v[k + 1].w, "k") == 0 || strcmp(w->v[k + 1].w, "grand") == 0 ||
				 strcmp(w->v[k + 1].w, "thousand") == 0 ||
				 strcmp(w->v[k + 1].w, "million") == 0));
}

/* Is the amount at k a limit rather than a sum: "every purchase above
 * 100,000", "payments over £50,000", "up to 20k"? The currency may stand
 * between ("over EUR 50,000"). */
static bool threshold(const struct words *w, size_t k)
{
	static const char *const limit[] = {"above", "over", "under", "below", "exceeding",
					    "than", "beyond", "threshold", "limit"};
	size_t m, q;

	for (m = k; m-- > 0 && m + 2 >= k;) {
		const char *p = w->v[m].w;
		for (q = 0; q < sizeof limit / sizeof *limit; q++)
			if (strcmp(p, limit[q]) == 0)
				return true;
		if (strcmp(p, "to") == 0 && m > 0 && strcmp(w->v[m - 1].w, "up") == 0)
			return true;
		if (!w->v[m].acronym && strlen(p) > 3) /* not a currency code: stop */
			break;
	}
	return false;
}

/* The decision whose words near names (at least two of them, and more than
 * any other decision's); SIZE_MAX when none does. */
static size_t decision_named(const struct words *near, const struct facts_review *rev)
{
	size_t d, best = SIZE_MAX, bo = 0;
	bool tie = false;

	for (d = 0; d < rev->decisions.n; d++) {
		size_t o = overlap(near, rev->decisions.v[d]);
		if (o > bo) {
			bo = o;
			best = d;
			tie = false;
		} else if (o == bo && o > 0) {
			tie = true;
		}
	}
	return bo < 2 || tie ? SIZE_MAX : best;
}

static void review_amount(struct scorer *s, size_t i, const struct facts_review *rev)
{
	const struct words *w = &s->si[i].w;
	size_t k, amounts = 0;

	for (k = 0; k < w->n; k++)
		amounts += is_money(w, k);
	for (k = 0; k < w->n; k++) {
		const struct word *x = &w->v[k];
		struct words near = {NULL, 0, 0};
		size_t a = k > 6 ? k - 6 : 0, b = k + 7 < w->n ? k + 7 : w->n, best;
		double said;
		const char *amount, *text;
		double rec[4];
		size_t nrec = 0;
		if (!is_money(w, k) || not_said(s, i, x->off, x->off + x->len) || threshold(w, k))
			continue;
		said = x->num;
		if (said < 1000 && k + 1 < w->n)
			said *= strcmp(w->v[k + 1].w, "million") == 0 ? 1e6 : 1e3;
		if (amount_known(rev, said))
			continue;
		{
			/* an amount asked for, not one approved: "a £220k bid" */
			static const char *const asked[] = {"bid", "bids", "request", "requested", "asking",
							    "proposal", "proposed", "draft", "quote", "quoted",
							    "estimate", "estimated", "forecast"};
			size_t m, q;
			bool ask = false;
			for (m = k > 4 ? k - 4 : 0; m < w->n && m <= k + 4; m++)
				for (q = 0; q < sizeof asked / sizeof *asked; q++)
					if (strcmp(w->v[m].w, asked[q]) == 0)
						ask = true;
			if (ask)
				continue;
		}
		near.v = w->v + a;
		near.n = b - a;
		best = decision_named(&near, rev);
		/* a sentence that gives one amount speaks of the decision it names,
		 * however far the name stands from the amount: "the managed
		 * detection and response service was approved in May at £185,000 a
		 * year" */
		if (best == SIZE_MAX && amounts == 1)
			best = decision_named(w, rev);
		if (best == SIZE_MAX)
			continue;
		text = rev->decisions.v[best];
		amount = rev->decision_items ? rev->decision_items[best].amount : NULL;
		if (no_budget(amount) || (!amount && no_budget(text))) {
			add(s, i, "management review resources", "9.3", "management_review.resources",
			    ak_strdup(amount ? amount : text),
			    ak_asprintf("the answer says %g was approved for \"%s\"; the minutes say %s", said, text,
					amount ? amount : "no budget"));
			return;
		}
		if (!money_of(amount ? amount : text, rec, 4, &nrec) || nrec == 0)
			continue;
		add(s, i, "management review resources", "9.3", "management_review.resources",
		    ak_strdup(amount ? amount : text),
		    ak_asprintf("the answer gives %g for \"%s\"; the minutes say %s", said, text,
				amount ? amount : text));
		return;
	}
}

/* ======================================================================
 * The management review
 * ====================================================================== */

static bool named(const char *person, const struct facts_list *l)
{
	size_t k;
	const char *sp;

	if (!person)
		return false;
	sp = strrchr(person, ' ');
	for (k = 0; k < l->n; k++)
		if (strcasestr(l->v[k], sp ? sp + 1 : person))
			return true;
	return false;
}

static void review_attendance(struct scorer *s, size_t i, const struct facts_review *rev)
{
	static const char *const claims[] = {"i was there", "i was at", "i attended", "i attend",
					     "i chaired", "i went", "was there", "was present", "attended",
					     "she attended", "he attended", "yes, i was", "in the room"};
	const struct stmt *st = &s->st.v[i];
	bool absent;
	size_t k;

	absent = (rev->has_apologies && named(s->interviewee, &rev->apologies)) ||
		 (rev->attendees.n && !named(s->interviewee, &rev->attendees));
	if (!absent)
		return;
	for (k = 0; k < sizeof claims / sizeof *claims; k++) {
		const char *p = strcasestr(st->t.s, claims[k]);
		size_t a;
		if (!p)
			continue;
		a = (size_t)(p - st->t.s);
		/* a word boundary on both sides */
		if ((a > 0 && isalnum((unsigned char)st->t.s[a - 1])) ||
		    isalnum((unsigned char)p[strlen(claims[k])]))
			continue;
		if (not_said(s, i, a, a + strlen(claims[k])))
			continue;
		/* "the CFO attended", "Neil attended": someone else's */
		if (s->si[i].other)
			continue;
		if (claims[k][0] != 'i' && strncmp(claims[k], "yes", 3) != 0 && a > 0) {
			size_t e = a, b;
			char wd[32];
			while (e > 0 && st->t.s[e - 1] == ' ')
				e--;
			b = e;
			while (b > 0 && isalpha((unsigned char)st->t.s[b - 1]))
				b--;
			if (e > b && e - b < sizeof wd && !strchr(":;(\"", st->t.s[b > 0 ? b - 1 : 0])) {
				size_t m;
				bool self = false;
				for (m = 0; m < e - b; m++)
					wd[m] = (char)tolower((unsigned char)st->t.s[b + m]);
				wd[e - b] = '\0';
				self = strcmp(wd, "she") == 0 || strcmp(wd, "he") == 0 || strcmp(wd, "i") == 0;
				for (m = 0; !self && m < s->nself; m++)
					if (strcasecmp(wd, s->self[m]) == 0)
						self = true;
				if (!self && isupper((unsigned char)st->t.s[b]))
					continue; /* a name before it: someone else attended */
			}
		}
		add(s, i, "management review attendance", "9.3", "management_review.attendance",
		    ak_strdup(rev->has_apologies && named(s->interviewee, &rev->apologies)
				      ? "the minutes record the interviewee's apologies"
				      : "the minutes' attendance list does not name the interviewee"),
		    ak_strdup("the answer says the interviewee was at the last management review; the "
			      "minutes say otherwise"));
		return;
	}
}

static bool review_date_claim(const struct words *w, size_t off)
{
	static const char *const not_last[] = {"next", "following", "upcoming", "due", "planned",
					       "scheduled", "previous", "prior", "earlier", "after",
					       "before", "since", "until"};
	static const char *const other[] = {"service", "performance", "access", "code", "design",
					    "vendor", "supplier", "contract", "budget", "board",
					    "peer", "post-incident", "incident", "risk"};
	size_t k, at = 0, j;
	bool review = false;

	for (k = 0; k < w->n; k++)
		if (w->v[k].off <= off)
			at = k;
	for (k = at > 5 ? at - 5 : 0; k < w->n && k <= at + 5; k++) {
		const char *x = w->v[k].w;
		bool is_review = strcmp(x, "review") == 0 || strcmp(x, "mr") == 0;
		if (!is_review)
			continue;
		/* "the Corvane service review": another review */
		if (strcmp(x, "review") == 0 && k > 0) {
			const char *before = w->v[k - 1].w;
			bool mgmt = strcmp(before, "management") == 0 || strcmp(before, "isms") == 0 ||
				    strcmp(before, "the") == 0 || strcmp(before, "last") == 0 ||
				    strcmp(before, "latest") == 0;
			for (j = 0; j < sizeof other / sizeof *other; j++)
				if (strcmp(before, other[j]) == 0)
					mgmt = false;
			if (!mgmt && !(k > 1 && strcmp(w->v[k - 2].w, "management") == 0))
				continue;
		}
		review = true;
	}
	if (!review)
		return false;
	/* the words just before the date, and before "the review" */
	for (k = at > 4 ? at - 4 : 0; k <= at + 4 && k < w->n; k++)
		for (j = 0; j < sizeof not_last / sizeof *not_last; j++)
			if (strcmp(w->v[k].w, not_last[j]) == 0)
				return false;
	return true;
}

static void review_date(struct scorer *s, size_t i, const struct ak_date *date, const struct date_hit *dates,
			size_t nd)
{
	size_t k;
	char d[16], said[16];

	for (k = 0; k < nd; k++)
		if (date_agrees(&dates[k].date, date))
			return;
	for (k = 0; k < nd; k++) {
		if (dates[k].date.prec == DATE_YEAR || not_said(s, i, dates[k].off, dates[k].off + dates[k].len))
			continue;
		/* the date of the last review, not of what it decided ("SOC
		 * from January 2027"), of the next ("next MR 9 Dec"), of
		 * another meeting ("the Corvane service review 24 Sept") or of
		 * what came after it ("approved in June, after the review") */
		if (!review_date_claim(&s->si[i].w, dates[k].off))
			continue;
		date_format(date, d, sizeof d);
		date_format(&dates[k].date, said, sizeof said);
		add(s, i, "management review date", "9.3", "management_review.date",
		    ak_asprintf("last management review %s", d),
		    ak_asprintf("the answer puts the last management review in %s; the records say %s", said, d));
		return;
	}
}

/* ======================================================================
 * Every statement
 * ====================================================================== */

void claims_find(struct scorer *s)
{
	const struct facts *f = s->env->facts;
	const struct facts_policy *pol = f ? facts_policy(f) : NULL;
	const struct facts_review *rev = f ? facts_review(f) : NULL;
	struct ak_date approved, rdate;
	bool has_approved = pol && pol->approved && date_parse_iso(pol->approved, &approved);
	bool has_rdate = rev && rev->date && date_parse_iso(rev->date, &rdate);
	size_t i;

	for (i = 0; i < s->st.n && !s->oom; i++) {
		const struct stmt *st = &s->st.v[i];
		const struct sinfo *si = &s->si[i];
		struct date_hit dates[8];
		size_t nd;
		bool pol_ctx, rev_ctx;
		if (st->question || st->speaker == SP_AUDITOR || st->speaker == SP_OTHER || si->auditor ||
		    st->record || (si->ctx.cats & CTX_HYPOTHETICAL))
			continue;
		nd = dates_find(st->t.s, st->t.len, &s->interview, dates, 8);
		if (nd > 8)
			nd = 8;
		pol_ctx = about_policy(s, i);
		rev_ctx = about_review(s, i);
		if (pol && pol_ctx) {
			if (pol->version)
				policy_version(s, i, pol->version);
			if (has_approved && approval_verb(&si->w) && !rev_ctx)
				policy_approval(s, i, &approved, dates, nd);
			if (has_approved && date_months_between(&approved, &s->interview) > 13)
				policy_yearly(s, i, &approved);
			if (pol->approver && approval_verb(&si->w))
				policy_approver(s, i, pol->approver);
		}
		if (pol && pol->objectives.n && (on_topic(s, i, "6.2", NULL) || on_topic(s, i, "5.1", "a") ||
						 on_topic(s, i, "5.1", "e") || on_topic(s, i, "7.3", NULL)))
			objective_target(s, i, &pol->objectives);
		if (rev && rev_ctx) {
			if (has_rdate && !pol_ctx)
				review_date(s, i, &rdate, dates, nd);
			if (s->interviewee)
				review_attendance(s, i, rev);
		}
		if (rev && rev->decisions.n && (rev_ctx || on_topic(s, i, "5.1", "c") || on_topic(s, i, "7.1", NULL)))
			review_amount(s, i, rev);
	}
}
