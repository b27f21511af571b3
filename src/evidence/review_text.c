/* review_text.c: single entries of management-review minutes: people,
 * lists of people, amounts of money, decisions with their annotations.
 *
 * Hand-written scanners over short strings (a line, a table cell): the
 * shapes are loose ("Alison Treharne, Chief Executive (chair)", "Kristoffer
 * Moe (COO) – at Skyfold", "£340,000 capital", "NOK 1.2 million") and
 * regular expressions would be as long and harder to read. Every function
 * takes a length and reads nothing past it; fuzz_review checks that.
 * Amounts of money are review_money.c's. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"
#include "evidence/review_int.h"

/* ======================================================================
 * Small pieces
 * ====================================================================== */

static bool sp(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static void trim(const char **s, size_t *n)
{
	while (*n && sp((unsigned char)**s))
		(*s)++, (*n)--;
	while (*n && sp((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

/* Trim white space and any of junk (ASCII only: a byte of a UTF-8
 * sequence must never be trimmed alone) at both ends. */
static void trim_junk(const char **s, size_t *n, const char *junk)
{
	for (;;) {
		size_t before = *n;
		trim(s, n);
		while (*n && strchr(junk, (*s)[0]))
			(*s)++, (*n)--;
		while (*n && strchr(junk, (*s)[*n - 1]))
			(*n)--;
		if (*n == before)
			return;
	}
}

void rv_strs_add(struct rv_strs *l, const char *s, size_t n)
{
	char *t;

	trim(&s, &n);
	if (!n || l->oom)
		return;
	if (!(t = ak_strndup(s, n))) {
		l->oom = true;
		return;
	}
	rv_strs_take(l, t);
}

void rv_strs_take(struct rv_strs *l, char *s)
{
	if (!s)
		return;
	if (l->oom || !ak_grow(&l->v, &l->cap, l->n + 1, sizeof *l->v)) {
		free(s);
		l->oom = true;
		return;
	}
	l->v[l->n++] = s;
}

void rv_strs_release(struct rv_strs *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

bool rv_word_at(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);

	return k <= n && strncasecmp(s, w, k) == 0 && (k == n || !isalpha((unsigned char)s[k]));
}

size_t rv_words(const char *s, size_t n)
{
	size_t i = 0, w = 0;

	while (i < n) {
		while (i < n && sp((unsigned char)s[i]))
			i++;
		if (i < n)
			w++;
		while (i < n && !sp((unsigned char)s[i]))
			i++;
	}
	return w;
}

static bool in_list(const char *w, size_t n, const char *const *list)
{
	size_t i;

	while (n && (w[n - 1] == '.' || w[n - 1] == ','))
		n--;
	for (i = 0; list[i]; i++)
		if (strlen(list[i]) == n && strncasecmp(w, list[i], n) == 0)
			return true;
	return false;
}

/* The dash a writer puts between a name and a reason: " – ", " — ", " - ". */
static size_t dash_at(const char *s, size_t n)
{
	if (n >= 3 && s[0] == ' ' && s[1] == '-' && s[2] == ' ')
		return 3;
	if (n >= 5 && s[0] == ' ' && (unsigned char)s[1] == 0xE2 && (unsigned char)s[2] == 0x80 &&
	    ((unsigned char)s[3] == 0x93 || (unsigned char)s[3] == 0x94) && s[4] == ' ')
		return 5;
	return 0;
}

/* ======================================================================
 * People
 * ====================================================================== */

/* Words that make a phrase a role or a body, never a person's name. */
static const char *const not_name[] = {
	"chief", "officer", "director", "head", "manager", "lead", "leader", "executive",
	"secretary", "president", "chair", "chairman", "chairwoman", "chairperson", "controller",
	"board", "committee", "team", "department", "representative", "coordinator", "analyst",
	"engineer", "counsel", "partner", "owner", "guardian", "auditor", "advisor", "adviser",
	"specialist", "administrator", "assistant", "deputy", "vice", "member", "members", "staff",
	"security", "finance", "operations", "information", "group", "company", "services",
	"all", "none", "nil", "apologies", "present", "absent", "attendees", "minutes", "ceo",
	"cfo", "coo", "ciso", "cto", "cio", "cpo", "cco", "cro", "cso", "dpo", "siro", "hr", "it",
	"ops", "ltd", "plc", "item", "items", "only", "via", "teams", "zoom", NULL};

/* Words that make a capitalised phrase a role: "Operations Director". */
static const char *const role_word[] = {
	"chief", "officer", "director", "head", "manager", "lead", "executive", "secretary",
	"president", "chair", "chairman", "chairwoman", "chairperson", "controller", "board",
	"committee", "team", "department", "coordinator", "analyst", "engineer", "counsel",
	"guardian", "auditor", "advisor", "adviser", "administrator", "officer", "owner", NULL};

static const char *const particle[] = {"van", "de", "der", "den", "von", "da",  "di", "du",
				       "le",  "la", "del", "della", "dos", "das", "bin", "al",
				       "el",  "ter", "ten", "op", "zu", "af", NULL};

static bool capital(unsigned char c) { return isupper(c) || c >= 0x80; }

bool rv_person(const char *s, size_t n)
{
	size_t i = 0, words = 0;
	bool last_cap = false;

	trim(&s, &n);
	if (n == 0 || n > 60)
		return false;
	while (i < n) {
		size_t st;
		bool cap;
		while (i < n && s[i] == ' ')
			i++;
		if (i >= n)
			break;
		st = i;
		while (i < n && s[i] != ' ') {
			unsigned char c = (unsigned char)s[i];
			if (isdigit(c) || c == 0 || strchr(":;,()/&@|[]<>\"*=+#!?", c))
				return false;
			i++;
		}
		cap = capital((unsigned char)s[st]);
		if (in_list(s + st, i - st, not_name))
			return false;
		if (words == 0 && !cap)
			return false;
		if (!cap && !in_list(s + st, i - st, particle))
			return false;
		last_cap = cap;
		words++;
	}
	return words >= 2 && words <= 5 && last_cap;
}

/* "CFO", "SIRO", "DPO": one word of two to six capitals. */
static bool acronym(const char *s, size_t n)
{
	size_t i;

	if (n < 2 || n > 6)
		return false;
	for (i = 0; i < n; i++)
		if (!isupper((unsigned char)s[i]))
			return false;
	return true;
}

bool rv_role(const char *s, size_t n)
{
	static const char *const small[] = {"of", "and", "for", "the", "&", "with", "to", NULL};
	size_t i = 0;
	bool strong = false;

	trim(&s, &n);
	if (rv_word_at(s, n, "the")) {
		s += 3, n -= 3;
		trim(&s, &n);
	}
	if (n == 0 || n > 60)
		return false;
	if (acronym(s, n))
		return true;
	while (i < n) {
		size_t st;
		while (i < n && s[i] == ' ')
			i++;
		if (i >= n)
			break;
		st = i;
		while (i < n && s[i] != ' ') {
			if (isdigit((unsigned char)s[i]) || strchr(":;,()/@|[]", s[i]))
				return false;
			i++;
		}
		if (in_list(s + st, i - st, role_word))
			strong = true;
		else if (!capital((unsigned char)s[st]) && !in_list(s + st, i - st, small))
			return false;
		if (acronym(s + st, i - st))
			strong = true;
	}
	return strong;
}

bool rv_none(const char *s, size_t n)
{
	static const char *const exact[] = {
		"none", "nil", "n/a", "na", "-", "\xE2\x80\x93", "\xE2\x80\x94", "nobody", "no one",
		"not applicable", "none received", "none recorded", "none noted", "no apologies",
		"no apologies received", "no absences", "none required", "none requested", NULL};
	static const char *const starts[] = {"none ", "no apologies", "no additional ",
					     "no new ", "no resources", "no decisions",
					     "no further ", "no extra ", NULL};
	size_t i;

	trim_junk(&s, &n, ".;:*_()");
	if (n == 0)
		return true;
	if (in_list(s, n, exact))
		return true;
	for (i = 0; starts[i]; i++)
		if (n >= strlen(starts[i]) && strncasecmp(s, starts[i], strlen(starts[i])) == 0 &&
		    rv_words(s, n) <= 8)
			return true;
	return false;
}

/* Bytes up to the first thing that ends a name: '(', ',', ';', ':', '|',
 * '/', '[' or a dash between spaces. */
static size_t head_len(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strchr("(),;:|/[]", s[i]) && s[i])
			return i;
		if (s[i] == ' ' && dash_at(s + i, n - i))
			return i;
	}
	return n;
}

/* Skip leading "the" and role acronyms ("CEO Maria Keller") when a name
 * follows them. */
static void skip_title(const char **s, size_t *n)
{
	int round;

	for (round = 0; round < 3; round++) {
		const char *p = *s;
		size_t k = 0, m;
		while (k < *n && p[k] != ' ')
			k++;
		if (k == *n)
			return;
		if (!(acronym(p, k) || (k == 3 && strncasecmp(p, "the", 3) == 0)))
			return;
		m = *n - k;
		p += k;
		while (m && *p == ' ')
			p++, m--;
		if (!rv_person(p, m) && !rv_person(p, head_len(p, m < 80 ? m : 80)))
			return;
		*s = p;
		*n = m;
	}
}

/* The name at the start of s, if s starts with one. */
static bool leading_person(const char *s, size_t n, const char **name, size_t *len)
{
	size_t h;

	if (n > 120)
		n = 120; /* the head is at most 80 bytes: see below */
	trim_junk(&s, &n, "*_-.");
	h = head_len(s, n < 80 ? n : 80); /* a name is shorter than that */
	trim(&s, &h);
	skip_title(&s, &h);
	trim(&s, &h);
	if (!rv_person(s, h))
		return false;
	*name = s;
	*len = h;
	return true;
}

static bool chair_marked(const char *s, size_t n)
{
	static const char *const marks[] = {"chair", "chairing", "chairperson", "chairman",
					    "chairwoman", "in the chair", "meeting chair",
					    "chair of the meeting", "chaired", "chaired the meeting",
					    NULL};
	size_t i = 0;

	while (i < n) {
		size_t st = i, d = 0, k;
		const char *seg;
		while (i < n && !strchr("(),;[]", s[i]) && s[i] && !(d = dash_at(s + i, n - i)))
			i++;
		seg = s + st;
		k = i - st;
		trim(&seg, &k);
		if (k && in_list(seg, k, marks))
			return true;
		i += d ? d : 1;
	}
	return false;
}

char *rv_name_of(const char *s, size_t n, bool *chair, bool *oom)
{
	const char *name, *colon, *open;
	size_t len, h, i;
	char *out;

	trim_junk(&s, &n, "*_-.;,");
	if (n >= 3 && memcmp(s, "\xE2\x80\xA2", 3) == 0) { /* a bullet, "•" */
		s += 3;
		n -= 3;
		trim_junk(&s, &n, "*_-.;,");
	}
	if (n == 0)
		return NULL;
	/* "Chief Executive: Maria Keller" */
	colon = memchr(s, ':', n < 60 ? n : 60);
	if (colon && (size_t)(colon - s) + 1 < n &&
	    leading_person(colon + 1, n - (size_t)(colon + 1 - s), &name, &len) &&
	    !leading_person(s, (size_t)(colon - s), &name, &len)) {
		n -= (size_t)(colon + 1 - s);
		s = colon + 1;
		trim(&s, &n);
	}
	if (chair && chair_marked(s, n))
		*chair = true;
	if (leading_person(s, n, &name, &len))
		goto found;
	/* "Chief Executive (Maria Keller)" */
	open = memchr(s, '(', n);
	if (open && leading_person(open + 1, n - (size_t)(open + 1 - s), &name, &len))
		goto found;
	/* "the Chief Executive, Maria Keller" */
	for (i = 0; i < n && i < 400; i++)
		if ((s[i] == ',' || s[i] == ';') &&
		    leading_person(s + i + 1, n - i - 1, &name, &len))
			goto found;
	/* no name: the entry's head, as written */
	h = head_len(s, n);
	name = s;
	len = h ? h : n;
	trim_junk(&name, &len, "*_-.;,");
	if (!len)
		return NULL;
found:
	out = ak_strndup(name, len);
	if (!out)
		*oom = true;
	return out;
}

/* Cut s[0..n) at sep (outside brackets) into l, trimmed. */
static void split_at(const char *s, size_t n, char sep, struct rv_strs *l)
{
	size_t i, st = 0;
	int depth = 0;

	for (i = 0; i <= n; i++) {
		if (i < n && (s[i] == '(' || s[i] == '['))
			depth++;
		else if (i < n && (s[i] == ')' || s[i] == ']') && depth > 0)
			depth--;
		else if (i == n || (s[i] == sep && depth == 0)) {
			rv_strs_add(l, s + st, i - st);
			st = i + 1;
		}
	}
}

bool rv_starts_person(const char *s, size_t n)
{
	const char *name;
	size_t len;

	return leading_person(s, n, &name, &len);
}

/* "Maria Keller and Tom Brandt" in two when both sides are people. */
static void split_and(const char *s, struct rv_strs *out)
{
	static const char *const ands[] = {" and ", " & ", NULL};
	size_t n = strlen(s), i, k, st = 0;
	int depth = 0;

	if (rv_word_at(s, n, "and"))
		st = 3;
	for (i = st; i < n; i++) {
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && depth > 0)
			depth--;
		for (k = 0; depth == 0 && ands[k]; k++) {
			size_t al = strlen(ands[k]);
			if (i + al <= n && strncasecmp(s + i, ands[k], al) == 0 &&
			    rv_starts_person(s + st, i - st) && rv_starts_person(s + i + al, n - i - al)) {
				rv_strs_add(out, s + st, i - st);
				st = i + al;
				i = st - 1;
				break;
			}
		}
	}
	rv_strs_add(out, s + st, n - st);
}

void rv_split_people(const char *s, size_t n, struct rv_strs *out)
{
	struct rv_strs parts = {NULL, 0, 0, false}, ands = {NULL, 0, 0, false};
	struct ak_buf cur = AK_BUF_INIT;
	size_t i;
	int depth = 0;
	bool semi = false, any_person = false;

	trim_junk(&s, &n, ".");
	for (i = 0; i < n; i++) {
		if (s[i] == '(' || s[i] == '[')
			depth++;
		else if ((s[i] == ')' || s[i] == ']') && depth > 0)
			depth--;
		else if (s[i] == ';' && depth == 0)
			semi = true;
	}
	if (semi) {
		split_at(s, n, ';', &parts);
		for (i = 0; i < parts.n; i++)
			rv_strs_take(out, parts.v[i]), parts.v[i] = NULL;
		goto out;
	}
	split_at(s, n, ',', &parts);
	for (i = 0; i < parts.n; i++)
		split_and(parts.v[i], &ands);
	for (i = 0; i < ands.n; i++)
		any_person |= rv_starts_person(ands.v[i], strlen(ands.v[i]));
	/* A part that starts with a name starts an entry; the parts after it
	 * ("Chief Executive", "travelling") belong to it. A list without any
	 * name ("CEO, CFO, COO") is one entry per part. */
	for (i = 0; i < ands.n; i++) {
		if (i == 0 || !any_person || rv_starts_person(ands.v[i], strlen(ands.v[i]))) {
			if (cur.len)
				rv_strs_take(out, ak_buf_detach(&cur));
			ak_buf_adds(&cur, ands.v[i]);
		} else {
			ak_buf_adds(&cur, ", ");
			ak_buf_adds(&cur, ands.v[i]);
		}
	}
	if (ak_buf_failed(&cur))
		out->oom = true;
	else if (cur.len)
		rv_strs_take(out, ak_buf_detach(&cur));
out:
	if (parts.oom || ands.oom)
		out->oom = true;
	ak_buf_release(&cur);
	rv_strs_release(&parts);
	rv_strs_release(&ands);
}

/* ======================================================================
 * Sentences and references
 * ====================================================================== */

static bool abbreviation(const char *start, const char *dot)
{
	static const char *const abbr[] = {"dr", "mr", "mrs", "ms", "st", "e.g", "i.e", "etc",
					   "no", "vs", "approx", "incl", "prof", "cf", NULL};
	const char *w = dot;

	while (w > start && !sp((unsigned char)w[-1]) && w[-1] != '(')
		w--;
	if (dot - w == 1 && isupper((unsigned char)*w))
		return true; /* an initial: "J. Smith" */
	return in_list(w, (size_t)(dot - w), abbr);
}

const char *rv_sentence_end(const char *s)
{
	const char *p;

	for (p = s; *p; p++) {
		if ((*p == '.' || *p == '!' || *p == '?') && p[1] == ' ' &&
		    (isupper((unsigned char)p[2]) || isdigit((unsigned char)p[2]) || p[2] == '"' ||
		     (unsigned char)p[2] >= 0x80) &&
		    !(*p == '.' && abbreviation(s, p)))
			return p + 1;
	}
	return p;
}

const char *rv_skip_ref(const char *s)
{
	static const char *const words[] = {"decision", "resolution", "item", "action", "ref",
					    NULL};
	const char *p = s, *q;
	size_t i, letters = 0, digits = 0;
	bool word = false, bracket = false, dotted = false;

	while (*p == ' ')
		p++;
	for (i = 0; words[i]; i++) {
		size_t k = strlen(words[i]);
		if (rv_word_at(p, strlen(p), words[i])) {
			q = p + k;
			while (*q == ' ')
				q++;
			if (isdigit((unsigned char)*q) || *q == ':' || *q == '#' ||
			    (isupper((unsigned char)*q) && isdigit((unsigned char)q[1]))) {
				p = q;
				word = true;
			}
			break;
		}
	}
	if (word && *p == ':') {
		p++;
		while (*p == ' ')
			p++;
		return p;
	}
	q = p;
	if (*q == '#' || *q == '[' || *q == '(') {
		bracket = *q != '#';
		q++;
	}
	while (isupper((unsigned char)*q) && letters < 5)
		q++, letters++;
	if (letters && *q == '-')
		q++;
	while (isdigit((unsigned char)*q))
		q++, digits++;
	if (!digits)
		return word ? p : s;
	while ((*q == '.' || *q == '-' || *q == '/') && isdigit((unsigned char)q[1])) {
		dotted |= *q == '.';
		for (q++; isdigit((unsigned char)*q); q++)
			;
	}
	if (bracket) {
		if (*q != ']' && *q != ')')
			return s;
		q++;
	}
	if ((*q == ':' || *q == '.' || *q == ')') && (q[1] == ' ' || q[1] == '\0'))
		q++;
	else if ((i = dash_at(q, strlen(q))) != 0)
		q += i - 1;
	else if (*q == ' ' && q[1] == '|')
		q += 2;
	else if (!(*q == ' ' && (letters || bracket || word || dotted)))
		return s;
	while (*q == ' ')
		q++;
	return *q ? q : s;
}

/* ======================================================================
 * Decisions
 * ====================================================================== */

enum rv_ann rv_ann_key(const char *k, size_t n)
{
	static const char *const owner[] = {
		"owner", "owners", "action owner", "decision owner", "responsible", "responsibility",
		"lead", "led by", "owned by", "action by", "accountable", "assigned to", "who",
		"by whom", "action", "actionee", NULL};
	static const char *const amount[] = {"amount", "budget", "cost", "costs", "funding",
					     "value", "investment", "resources", "resource",
					     "capex", "opex", "price", "approved amount",
					     "budget approved", NULL};
	static const char *const due[] = {"due", "due date", "deadline", "target date", "by when",
					  "when", "date", "timescale", "timeline", "completion",
					  "by", NULL};

	trim_junk(&k, &n, "*_");
	if (in_list(k, n, owner))
		return RV_ANN_OWNER;
	if (in_list(k, n, amount))
		return RV_ANN_AMOUNT;
	if (in_list(k, n, due))
		return RV_ANN_DUE;
	return RV_ANN_NONE;
}

/* An annotation key starting at s[i]: its kind, and where its value
 * starts. "Owner: X", "owner - X", "owned by X", and inside brackets
 * "(owner X". */
static enum rv_ann ann_at(const char *s, size_t n, size_t i, bool in_paren, size_t *value)
{
	static const char *const bare[] = {"owned by ", "led by ", "assigned to ", NULL};
	size_t j, k;
	enum rv_ann a;

	if (i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '-'))
		return RV_ANN_NONE;
	if (!isalpha((unsigned char)s[i]))
		return RV_ANN_NONE;
	for (k = 0; bare[k]; k++)
		if (strlen(bare[k]) <= n - i && strncasecmp(s + i, bare[k], strlen(bare[k])) == 0) {
			*value = i + strlen(bare[k]);
			return RV_ANN_OWNER;
		}
	/* up to three words of letters, then ':' or a spaced dash */
	for (j = i; j < n && j - i < 24; j++) {
		size_t d;
		if (s[j] == ':' || (s[j] == ' ' && (d = dash_at(s + j, n - j)) != 0)) {
			if ((a = rv_ann_key(s + i, j - i)) == RV_ANN_NONE)
				return RV_ANN_NONE;
			*value = s[j] == ':' ? j + 1 : j + d;
			return a;
		}
		if (!isalpha((unsigned char)s[j]) && s[j] != ' ')
			break;
	}
	/* "(owner CFO", ", owner Ruth Okonkwo", "; budget EUR 12,500": a bare
	 * key after a bracket or a separator, with a name or money after it */
	if (!(in_paren || (i >= 2 && s[i - 1] == ' ' && s[i - 2] && strchr(",;(-", s[i - 2])) ||
	      (i >= 4 && s[i - 1] == ' ' && (unsigned char)s[i - 3] == 0x80 &&
	       ((unsigned char)s[i - 2] == 0x93 || (unsigned char)s[i - 2] == 0x94))))
		return RV_ANN_NONE;
	for (j = i; j < n && j - i < 12 && isalpha((unsigned char)s[j]); j++)
		;
	if (j + 1 >= n || s[j] != ' ')
		return RV_ANN_NONE;
	a = rv_ann_key(s + i, j - i);
	if (a == RV_ANN_OWNER && (capital((unsigned char)s[j + 1]) &&
				  !rv_word_at(s + i, j - i, "action") && !rv_word_at(s + i, j - i, "who"))) {
		*value = j + 1;
		return a;
	}
	if (a == RV_ANN_AMOUNT && (rv_currency_at(s + j + 1, n - j - 1))) {
		*value = j + 1;
		return a;
	}
	return RV_ANN_NONE;
}

/* Where an annotation's value ends: ';', ", ", ". " before a capital, a
 * closing bracket when the key was inside one, or the next key. */
static size_t value_end(const char *s, size_t n, size_t from, bool in_paren)
{
	size_t i, v;
	int depth = 0;

	for (i = from; i < n; i++) {
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')') {
			if (depth == 0 && in_paren)
				return i;
			if (depth > 0)
				depth--;
		} else if (depth == 0 && (s[i] == ';' || (s[i] == ',' && i + 1 < n && s[i + 1] == ' ') ||
					  (s[i] == '.' && i + 2 < n && s[i + 1] == ' ' &&
					   isupper((unsigned char)s[i + 2])))) {
			return i;
		} else if (depth == 0 && i > from && ann_at(s, n, i, in_paren, &v) != RV_ANN_NONE) {
			return i;
		}
	}
	return n;
}

static char *dup_trim(const char *s, size_t n, const char *junk, bool *oom)
{
	char *t;

	trim_junk(&s, &n, junk);
	if (!n)
		return NULL;
	if (!(t = ak_strndup(s, n)))
		*oom = true;
	return t;
}

/* A date, or "by ...", "due ...", "from ...": a part that says when. */
static bool when_part(const char *s, size_t n)
{
	static const char *const words[] = {"by", "due", "from", "until", "before", "end",
					    "q1", "q2", "q3", "q4", "h1", "h2", "ongoing", NULL};
	size_t i;

	for (i = 0; words[i]; i++)
		if (rv_word_at(s, n, words[i]))
			return true;
	for (i = 0; i + 3 < n; i++)
		if (isdigit((unsigned char)s[i]) && isdigit((unsigned char)s[i + 1]) &&
		    isdigit((unsigned char)s[i + 2]) && isdigit((unsigned char)s[i + 3]))
			return true; /* a year */
	return false;
}

/* "Fund the SOC (Daniel Okafor, EUR 180,000, by January 2027)": a trailing
 * bracket whose every part is an owner, an amount or a date gives them and
 * leaves the text. */
static void trailing_bracket(const char *s, size_t *cut, char **owner, char **amount, bool *oom)
{
	size_t end = *cut, open, i, st;
	int depth = 0;
	char *o = NULL, *a = NULL;

	while (end && sp((unsigned char)s[end - 1]))
		end--;
	if (end && s[end - 1] == '.')
		end--;
	if (!end || s[end - 1] != ')')
		return;
	for (open = end - 1; open > 0; open--) {
		if (s[open - 1] == ')')
			depth++;
		else if (s[open - 1] == '(' && depth-- == 0)
			break;
	}
	if (open == 0)
		return;
	open--; /* at '(' */
	for (i = st = open + 1; i < end; i++) {
		if (i == end - 1 || s[i] == ';' || (s[i] == ',' && i + 1 < end && s[i + 1] == ' ')) {
			const char *p = s + st;
			size_t k = i - st, mo, ml;
			trim(&p, &k);
			if (!k) {
			} else if (rv_money(p, k, &mo, &ml)) {
				if (!a && !*amount)
					a = dup_trim(p, k, ".", oom);
			} else if (rv_person(p, k) || rv_role(p, k)) {
				if (!o && !*owner)
					o = dup_trim(p, k, ".", oom);
			} else if (!when_part(p, k)) {
				free(o);
				free(a);
				return;
			}
			st = i + 1;
		}
	}
	if (o || a) {
		*owner = *owner ? *owner : o;
		*amount = *amount ? *amount : a;
		*cut = open;
	} else {
		free(o);
		free(a);
	}
}

static void depth_step(int *depth, char c)
{
	if (c == '(')
		(*depth)++;
	else if (c == ')' && *depth > 0)
		(*depth)--;
}

void rv_decision(const char *s, char **text, char **owner, char **amount, bool *oom)
{
	size_t n, cut, i, v, ve, mo, ml;
	int depth = 0;
	bool first = true;

	*text = *owner = *amount = NULL;
	s = rv_skip_ref(s);
	n = strlen(s);
	cut = n;
	i = 0;
	while (i < n) {
		enum rv_ann a;
		size_t next;
		if (i == 0 || (a = ann_at(s, n, i, depth > 0, &v)) == RV_ANN_NONE) {
			depth_step(&depth, s[i++]);
			continue;
		}
		while (v < n && s[v] == ' ')
			v++;
		ve = value_end(s, n, v, depth > 0);
		if (first) {
			/* the text stops before the first annotation and the
			 * bracket or punctuation that introduces it */
			size_t c = i;
			for (;;) {
				while (c > 0 && (sp((unsigned char)s[c - 1]) || strchr("(,;.:-|", s[c - 1])))
					c--;
				if (c >= 3 && (unsigned char)s[c - 3] == 0xE2 &&
				    (unsigned char)s[c - 2] == 0x80 &&
				    ((unsigned char)s[c - 1] == 0x93 || (unsigned char)s[c - 1] == 0x94))
					c -= 3; /* an en or em dash */
				else
					break;
			}
			cut = c;
			first = false;
		}
		if (a == RV_ANN_OWNER && !*owner)
			*owner = dup_trim(s + v, ve - v, ".*_", oom);
		else if (a == RV_ANN_AMOUNT && !*amount)
			*amount = dup_trim(s + v, ve - v, ".*_", oom);
		for (next = ve > i ? ve : i + 1; i < next && i < n; i++)
			depth_step(&depth, s[i]);
	}
	trailing_bracket(s, &cut, owner, amount, oom);
	/* "Tom Brandt to procure the service": the actor leads */
	if (!*owner) {
		const char *to = NULL;
		for (i = 0; i + 4 < cut && i < 60; i++)
			if (strncmp(s + i, " to ", 4) == 0 && isalpha((unsigned char)s[i + 4])) {
				to = s + i;
				break;
			}
		if (to) {
			const char *p = s;
			size_t k = (size_t)(to - s);
			if (rv_word_at(p, k, "the"))
				p += 4, k -= 4;
			if (rv_words(p, k) <= 6 && (rv_person(p, k) || rv_role(p, k)))
				*owner = dup_trim(p, k, "", oom);
		}
	}
	if (!*amount && rv_money(s, n, &mo, &ml))
		*amount = dup_trim(s + mo, ml, "", oom);
	*text = dup_trim(s, cut, ".,;:-|*_", oom);
	if (!*text && !*oom)
		*text = dup_trim(s, n, ".,;:-|*_", oom);
}
