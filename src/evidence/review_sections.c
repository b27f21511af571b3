/* review_sections.c: what a line of minutes announces: the section a
 * heading or label line opens (rv_classify), the key of a "Key: value"
 * line (rv_key_kind), and what a table's columns hold (rv_cols_read). The
 * words are data in the tables below. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/dates.h"
#include "core/util.h"
#include "evidence/review_int.h"


/* Lower-case copy of at most 127 bytes of s, for matching words. */
void rv_lower(const char *s, size_t n, char out[128])
{
	size_t i;

	if (n > 127)
		n = 127;
	for (i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[n] = '\0';
}

/* Where the word w (a prefix of a word when w ends in '*') is in s, or -1. */
long rv_word_in(const char *s, const char *w)
{
	size_t k = strlen(w);
	bool prefix = k && w[k - 1] == '*';
	const char *p;

	if (prefix)
		k--;
	for (p = s; *p; p++) {
		if (strncmp(p, w, k) != 0)
			continue;
		if (p > s && isalpha((unsigned char)p[-1]))
			continue;
		if (!prefix && isalpha((unsigned char)p[k]))
			continue;
		return p - s;
	}
	return -1;
}

/* s contains needle (lower case) */
bool rv_has(const char *s, const char *needle) { return strstr(s, needle) != NULL; }

/* What a heading or a label line is about. */
enum rv_sk rv_classify(const char *s, size_t n)
{
	static const struct {
		const char *w;
		enum rv_sk k;
	} words[] = {
		{"present", RV_S_PRESENT},      {"attendees", RV_S_PRESENT},    {"attendance", RV_S_PRESENT},
		{"attending", RV_S_PRESENT},    {"participants", RV_S_PRESENT}, {"guest*", RV_S_PRESENT},
		{"apolog*", RV_S_APOLOGIES},    {"absent*", RV_S_APOLOGIES},    {"absence*", RV_S_APOLOGIES},
		{"regrets", RV_S_APOLOGIES},    {"excused", RV_S_APOLOGIES},    {"decision*", RV_S_DECISIONS},
		{"resolution*", RV_S_DECISIONS}, {"outputs", RV_S_DECISIONS},   {"outcomes", RV_S_DECISIONS},
		{"agreed", RV_S_DECISIONS},     {"action", RV_S_ACTIONS},       {"actions", RV_S_ACTIONS},
		{"next steps", RV_S_ACTIONS},
	};
	static const char *const previous[] = {
		"previous", "last review", "last meeting", "prior ", "follow-up", "follow up",
		"matters arising", "carried forward", "outstanding actions", "open actions",
		"status of actions", "actions arising", "review of actions", NULL};
	static const char *const approve[] = {"approv*", "agreed", "allocat*", "granted",
					      "committed", "decision*", NULL};
	char l[128];
	const char *t = s;
	long best = -1, at, res = -1;
	enum rv_sk kind = RV_S_NONE;
	size_t i, k = n;

	t = rv_skip_ref(s);
	k = n - (size_t)(t - s) <= n ? n - (size_t)(t - s) : 0;
	rv_lower(t, k, l);
	if (rv_word_in(l, "next") >= 0 && (rv_word_in(l, "review*") >= 0 || rv_word_in(l, "meeting") >= 0))
		return RV_S_NEXT;
	for (i = 0; previous[i]; i++)
		if (rv_has(l, previous[i]))
			return RV_S_PREVIOUS;
	if (rv_has(l, "not present"))
		return RV_S_APOLOGIES;
	if ((at = rv_word_in(l, "resource*")) >= 0 || (at = rv_word_in(l, "budget*")) >= 0 ||
	    (at = rv_word_in(l, "funding")) >= 0) {
		bool approved = strcmp(l, "resources") == 0 || strcmp(l, "budget") == 0;
		for (i = 0; approve[i] && !approved; i++)
			approved = rv_word_in(l, approve[i]) >= 0;
		if (approved)
			res = at;
	}
	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if ((at = rv_word_in(l, words[i].w)) >= 0 && (best < 0 || at < best)) {
			best = at;
			kind = words[i].k;
		}
	if (res >= 0 && (best < 0 || res <= best))
		kind = RV_S_RESOURCES;
	return kind;
}

/* Label lines that need no emphasis to be one. */
bool rv_exact_label(const char *l)
{
	static const char *const exact[] = {
		"present", "attendees", "attendance", "in attendance", "also present",
		"also in attendance", "members present", "participants", "guests", "apologies",
		"apologies for absence", "apologies received", "absent", "absentees", "not present",
		"decisions", "decisions taken", "decisions made", "decisions agreed", "key decisions",
		"summary of decisions", "decisions and actions", "resolutions", "actions",
		"action items", "actions agreed", "agreed actions", "new actions", "action log",
		"resources", "resources approved", "resource decisions", "approved resources",
		"budget approved", "next review", "next meeting", "date of next meeting",
		"next management review", "next review date", "date of next review", "outputs",
		"review outputs", "attendance and apologies", "apologies and attendance", NULL};
	static const char *const prefix[] = {"in attendance ", "present ", "apologies ",
					     "guests ", "absent ", "also present ", NULL};
	size_t i;

	for (i = 0; exact[i]; i++)
		if (strcmp(l, exact[i]) == 0)
			return true;
	for (i = 0; prefix[i]; i++)
		if (strncmp(l, prefix[i], strlen(prefix[i])) == 0 && rv_words(l, strlen(l)) <= 6)
			return true;
	return false;
}


bool rv_one_of(const char *l, const char *const *list)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (strcmp(l, list[i]) == 0)
			return true;
	return false;
}

/* l starts with one of list as whole words ("guest, item 5 only"). */
static bool starts_one_of(const char *l, const char *const *list)
{
	size_t i, k;

	for (i = 0; list[i]; i++) {
		k = strlen(list[i]);
		if (strncmp(l, list[i], k) == 0 && (l[k] == '\0' || l[k] == ' ' || l[k] == ',' ||
						    l[k] == '(' || l[k] == '/'))
			return true;
	}
	return false;
}

enum rv_key rv_key_kind(const char *k, size_t n)
{
	static const char *const date[] = {
		"date", "meeting date", "date of meeting", "date of the meeting", "date of review",
		"date of the review", "review date", "date and time", "date & time", "date/time",
		"held on", "when", "meeting held", "date held", NULL};
	static const char *const chair[] = {"chair", "chaired by", "chairperson", "chairman",
					    "chairwoman", "chair person", "meeting chair",
					    "chairing", "in the chair", NULL};
	static const char *const next[] = {"next review", "next meeting", "date of next meeting",
					   "date of the next meeting", "next review date",
					   "date of next review", "next management review",
					   "next isms review", "next scheduled review",
					   "next review due", NULL};
	static const char *const present[] = {
		"present", "attendees", "attendance", "attending", "in attendance", "participants",
		"members present", "also present", "also attending", "guest", "guests", "invited",
		"by invitation", "attended by", "those present", NULL};
	static const char *const apologies[] = {"apologies", "apology", "absent", "absentees",
						"not present", "regrets", "excused", NULL};
	static const char *const decision[] = {"decision", "decisions", "decided", "agreed",
					       "resolved", "resolution", "decision taken",
					       "decision made", "decision agreed", NULL};
	static const char *const resources[] = {
		"resources approved", "resources", "approved resources", "budget approved",
		"funding approved", "resources agreed", "resource decisions", "resources allocated",
		"resources committed", NULL};
	char l[128];
	size_t m;

	while (n && (k[n - 1] == ' ' || k[n - 1] == '*' || k[n - 1] == '_'))
		n--;
	while (n && (*k == ' ' || *k == '*' || *k == '_'))
		k++, n--;
	if (!n || n > 60)
		return RV_K_NONE;
	rv_lower(k, n, l);
	if (rv_has(l, "previous") || strncmp(l, "last ", 5) == 0 || strncmp(l, "prior ", 6) == 0)
		return RV_K_IGNORE;
	if (rv_one_of(l, date))
		return RV_K_DATE;
	if (rv_one_of(l, chair))
		return RV_K_CHAIR;
	if (starts_one_of(l, next))
		return RV_K_NEXT;
	if (rv_one_of(l, decision))
		return RV_K_DECISION;
	if (strncmp(l, "decision ", 9) == 0 && *rv_skip_ref(k) && rv_skip_ref(k) != k)
		return RV_K_DECISION; /* "Decision 3", "Decision D2" */
	if (rv_one_of(l, resources))
		return RV_K_RESOURCES;
	if (starts_one_of(l, apologies))
		return RV_K_APOLOGIES;
	if (starts_one_of(l, present))
		return RV_K_PRESENT;
	m = strlen(l);
	switch (rv_ann_key(l, m)) {
	case RV_ANN_OWNER:
		return strcmp(l, "who") == 0 || strcmp(l, "by") == 0 ? RV_K_NONE : RV_K_OWNER;
	case RV_ANN_AMOUNT:
		return RV_K_AMOUNT;
	case RV_ANN_DUE:
		return RV_K_IGNORE;
	case RV_ANN_NONE:
		break;
	}
	return RV_K_NONE;
}

/* "Key: value" at the start of t: the key's kind, and the value. A colon
 * between digits ("09:30") or before a non-space ("https:") is none. */
enum rv_key rv_key_line(const char *t, const char **value)
{
	size_t i;

	*value = "";
	for (i = 0; t[i] && i < 60; i++) {
		if (t[i] != ':')
			continue;
		if (i == 0 || (t[i + 1] && t[i + 1] != ' '))
			return RV_K_NONE;
		*value = t + i + 1;
		while (**value == ' ')
			(*value)++;
		return rv_key_kind(t, i);
	}
	return RV_K_NONE;
}

enum rv_sk rv_key_section(enum rv_key k)
{
	switch (k) {
	case RV_K_PRESENT: return RV_S_PRESENT;
	case RV_K_APOLOGIES: return RV_S_APOLOGIES;
	case RV_K_NEXT: return RV_S_NEXT;
	case RV_K_DECISION: return RV_S_DECISIONS;
	case RV_K_RESOURCES: return RV_S_RESOURCES;
	default: return RV_S_NONE;
	}
}

/* The first whole date in s as YYYY-MM-DD. */
bool rv_first_date(const char *s, char out[11])
{
	struct date_hit h[8];
	size_t n = dates_find(s, strlen(s), NULL, h, 8), i;

	for (i = 0; i < n && i < 8; i++)
		if (h[i].date.prec == DATE_DAY) {
			date_format(&h[i].date, out, 11);
			return true;
		}
	return false;
}

/* ======================================================================
 * Tables: what each column holds
 * ====================================================================== */


enum rv_col rv_col_kind(const char *cell, enum rv_status *st)
{
	static const char *const ref[] = {"#", "no", "no.", "nr", "nr.", "ref", "ref.", "id",
					  "item", "number", "num", "decision no", "decision no.",
					  "decision #", "ref no", "ref.no", "s/n", NULL};
	static const char *const owner[] = {"owner*", "responsib*", "who", "lead", "accountable",
					    "assigned*", "actionee", "by whom", "action by", NULL};
	static const char *const amount[] = {"amount*", "cost*", "budget*", "resource*",
					     "funding", "value", "investment", "capex", "opex",
					     "price", NULL};
	static const char *const due[] = {"due", "deadline", "by when", "target date", "when",
					  "date", "timescale", "completion", "timeline", NULL};
	static const char *const name[] = {"name", "attendee*", "member*", "participant*",
					   "person", "people", NULL};
	static const char *const role[] = {"role", "title", "position", "job", NULL};
	static const char *const decision[] = {"decision*", "resolution*", "description",
					       "agreed", "outcome*", "subject", "topic", "what",
					       "summary", NULL};
	static const char *const action[] = {"action*", "task*", NULL};
	static const struct {
		const char *const *words;
		enum rv_col c;
	} order[] = {{owner, RV_C_OWNER}, {amount, RV_C_AMOUNT}, {due, RV_C_DUE},      {name, RV_C_NAME},
		     {role, RV_C_ROLE},   {decision, RV_C_DECISION}, {action, RV_C_ACTION}};
	char l[128];
	size_t i, k;
	bool oom = false;
	char *cur;

	rv_lower(cell, strlen(cell), l);
	if (!*l)
		return RV_C_NONE;
	if (rv_one_of(l, ref))
		return RV_C_REF;
	if (rv_word_in(l, "apolog*") >= 0 || rv_word_in(l, "absent*") >= 0) {
		*st = RV_ST_APOLOGIES;
		return RV_C_STATUS;
	}
	if (rv_word_in(l, "present") >= 0) {
		*st = RV_ST_PRESENT;
		return RV_C_STATUS;
	}
	if (rv_word_in(l, "attendance") >= 0 || rv_word_in(l, "attended") >= 0 ||
	    rv_word_in(l, "attending") >= 0 || rv_word_in(l, "presence") >= 0 ||
	    rv_word_in(l, "status") >= 0) {
		*st = RV_ST_ATTENDANCE;
		return RV_C_STATUS;
	}
	for (i = 0; i < sizeof order / sizeof order[0]; i++)
		for (k = 0; order[i].words[k]; k++)
			if (rv_word_in(l, order[i].words[k]) >= 0)
				return order[i].c;
	cur = rv_heading_currency(cell, &oom);
	if (cur) {
		free(cur);
		return RV_C_AMOUNT;
	}
	return RV_C_NONE;
}



/* The money a heading's cells are counted in: "(£k)", "(EUR thousands)". */
static const char *heading_multiplier(const char *cell)
{
	char l[128];

	rv_lower(cell, strlen(cell), l);
	if (rv_has(l, "thousand") || rv_has(l, "'000") || rv_has(l, "000s") || rv_has(l, "(k)") ||
	    rv_has(l, " k)") || rv_has(l, "\xc2\xa3k") || rv_has(l, "\xe2\x82\xack") || rv_has(l, "eur k"))
		return "k";
	if (rv_has(l, "million") || rv_has(l, "(m)") || rv_has(l, " m)") || rv_has(l, "\xc2\xa3m") ||
	    rv_has(l, "\xe2\x82\xacm") || rv_has(l, "(mn)"))
		return " million";
	return NULL;
}

void rv_cols_read(const struct rv_blk *h, struct rv_cols *c, bool *oom)
{
	size_t i;
	bool present = false, absent = false, all_people = h->ncells > 1;

	c->ref = c->decision = c->owner = c->amount = c->due = c->name = c->role = c->status = -1;
	for (i = 0; i < h->ncells && i < RV_MAX_COLS; i++) {
		enum rv_status st = RV_ST_ATTENDANCE;
		enum rv_col k = rv_col_kind(h->cells[i], &st);
		enum rv_sk s = rv_classify(h->cells[i], strlen(h->cells[i]));
		int *slot = NULL;
		c->colkind[i] = s;
		if (s == RV_S_PRESENT)
			present = true;
		else if (s == RV_S_APOLOGIES)
			absent = true;
		else
			all_people = false;
		switch (k) {
		case RV_C_REF: slot = &c->ref; break;
		case RV_C_DECISION: slot = &c->decision; break;
		case RV_C_ACTION:
			if (c->decision < 0) {
				slot = &c->decision;
				c->action = true;
			}
			break;
		case RV_C_OWNER: slot = &c->owner; break;
		case RV_C_AMOUNT:
			slot = &c->amount;
			if (!c->currency && c->amount < 0) {
				c->currency = rv_heading_currency(h->cells[i], oom);
				c->multiplier = heading_multiplier(h->cells[i]);
			}
			break;
		case RV_C_DUE: slot = &c->due; break;
		case RV_C_NAME: slot = &c->name; break;
		case RV_C_ROLE: slot = &c->role; break;
		case RV_C_STATUS:
			slot = &c->status;
			if (c->status < 0)
				c->st = st;
			break;
		case RV_C_NONE: break;
		}
		if (slot && *slot < 0)
			*slot = (int)i;
	}
	c->columnwise = all_people && present && absent;
}

/* A first row that is a header though nothing marked it one. */
bool rv_looks_like_header(const struct rv_blk *r)
{
	size_t i, named = 0;
	enum rv_status st;

	if (r->ncells < 2)
		return false;
	for (i = 0; i < r->ncells; i++) {
		enum rv_col k;
		if (!*r->cells[i])
			continue;
		k = rv_col_kind(r->cells[i], &st);
		if (k == RV_C_NONE && rv_classify(r->cells[i], strlen(r->cells[i])) == RV_S_NONE)
			return false;
		named++;
	}
	return named >= 2;
}

