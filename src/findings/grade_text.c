/* grade_text.c: the names of grades, kinds and statuses, the order of
 * clauses, the invariant on opportunities for improvement, and the text of
 * a finding's cells that the workbook and the CSV share. */
#include "findings/grade.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"

/* ======================================================================
 * Names
 * ====================================================================== */

static const char *const codes[GRADE_COUNT] = {"major", "minor", "observation", "ofi",
                                               "conformity"};
static const char *const labels[GRADE_COUNT] = {
    "Major nonconformity",         "Minor nonconformity", "Observation",
    "Opportunity for improvement", "Conformity",
};
static const char *const prefixes[GRADE_COUNT] = {"NC", "NC", "OBS", "OFI", "C"};
static const char *const kind_names[GK_COUNT] = {
    "conformity", "delegation", "contradiction", "red_flag", "no_evidence",
    "weak",       "not_asked",  "leadership",    "systemic", "manual",
};

/* Role codes as the client reads them. */
static const char *const roles[][2] = {
    {"ceo", "Chief executive officer"},
    {"md", "Managing director"},
    {"cfo", "Chief financial officer"},
    {"coo", "Chief operating officer"},
    {"cio", "Chief information officer"},
    {"cto", "Chief technology officer"},
    {"ciso", "Chief information security officer"},
    {"cmo", "Chief medical officer"},
    {"hr", "HR director"},
    {"commercial", "Commercial director"},
    {"chair", "Chair of the board"},
    {"board", "Board member"},
    {"dept-head", "Head of department"},
    {"isms-manager", "ISMS manager"},
};

const char *grade_role_words(const char *code)
{
	size_t i;

	for (i = 0; code && i < sizeof roles / sizeof roles[0]; i++)
		if (strcasecmp(code, roles[i][0]) == 0)
			return roles[i][1];
	return code;
}

bool grade_role_is_chief(const char *code)
{
	return code && (strcasecmp(code, "ceo") == 0 || strcasecmp(code, "md") == 0);
}

const char *grade_prefix(enum grade g)
{
	return (unsigned)g < GRADE_COUNT ? prefixes[g] : "F";
}

const char *grade_base_name(const char *path)
{
	const char *s;

	if (!path)
		return NULL;
	s = strrchr(path, '/');
	return s && s[1] ? s + 1 : path;
}

const char *const grade_statuses[] = {"open",
                                      "action plan proposed",
                                      "action plan accepted",
                                      "correction made",
                                      "implemented",
                                      "verified",
                                      "closed",
                                      NULL};

const char *grade_code(enum grade g)
{
	return (unsigned)g < GRADE_COUNT ? codes[g] : "";
}
const char *grade_label(enum grade g)
{
	return (unsigned)g < GRADE_COUNT ? labels[g] : "";
}
bool grade_is_nc(enum grade g)
{
	return g == GRADE_MAJOR || g == GRADE_MINOR;
}

bool grade_parse(const char *s, enum grade *g)
{
	int i;

	for (i = 0; s && i < GRADE_COUNT; i++)
		if (strcasecmp(s, codes[i]) == 0 || strcasecmp(s, labels[i]) == 0) {
			*g = (enum grade)i;
			return true;
		}
	return false;
}

const char *grade_kind_name(enum grade_kind k)
{
	return (unsigned)k < GK_COUNT ? kind_names[k] : "";
}

bool grade_kind_parse(const char *s, enum grade_kind *k)
{
	int i;

	for (i = 0; s && i < GK_COUNT; i++)
		if (strcmp(s, kind_names[i]) == 0) {
			*k = (enum grade_kind)i;
			return true;
		}
	return false;
}

bool grade_status_valid(const char *s)
{
	size_t i;

	if (!s || !*s)
		return true;
	for (i = 0; grade_statuses[i]; i++)
		if (strcasecmp(s, grade_statuses[i]) == 0)
			return true;
	return false;
}

/* A weak answer where another member demonstrated the requirement is room
 * to improve; every other failure, and a weak one nobody else did better
 * on, shows that a requirement may not be met. */
bool grade_kind_shows_nc(enum grade_kind k, int shown)
{
	switch (k) {
	case GK_NO_EVIDENCE:
	case GK_RED_FLAG:
	case GK_CONTRADICTION:
	case GK_DELEGATION:
	case GK_LEADERSHIP:
	case GK_SYSTEMIC:
		return true;
	case GK_WEAK:
		return shown <= 0;
	default:
		return false;
	}
}

enum grade grade_floor(enum grade_kind k, int shown, enum grade g, bool *raised)
{
	*raised = g == GRADE_OFI && grade_kind_shows_nc(k, shown);
	return *raised ? GRADE_MINOR : g;
}

/* Compare dotted clause numbers numerically, then items as strings (a
 * clause without items first). */
int grade_cmp_clause(const char *ca, const char *ia, const char *cb, const char *ib)
{
	const char *a = ca ? ca : "", *b = cb ? cb : "";

	while (*a || *b) {
		char *ea, *eb;
		unsigned long x = strtoul(a, &ea, 10), y = strtoul(b, &eb, 10);
		if (ea == a || eb == b) { /* not numbers: fall back to bytes */
			int c = strcmp(a, b);
			if (c)
				return c;
			break;
		}
		if (x != y)
			return x < y ? -1 : 1;
		a = ea;
		b = eb;
		if (*a == '.' && *b == '.') {
			a++;
			b++;
			continue;
		}
		if (*a != *b)
			return *a == '\0'   ? -1
			       : *b == '\0' ? 1
			                    : (unsigned char)*a - (unsigned char)*b;
		if (*a)
			return strcmp(a, b);
	}
	if (!ia || !ib)
		return ia ? 1 : ib ? -1 : 0;
	return strcmp(ia, ib);
}

/* ======================================================================
 * Cell text
 * ====================================================================== */

void grade_text_quote(const struct grade_quote *q, struct ak_buf *b)
{
	if (!q->who && !q->notes) {
		ak_buf_adds(b, q->quote); /* written by hand: as it is */
		return;
	}
	/* A statement that is itself a quotation keeps its own marks. */
	if (q->quote[0] == '"' || strncmp(q->quote, "\xe2\x80\x9c", 3) == 0)
		ak_buf_printf(b, "%s \xe2\x80\x94 ", q->quote);
	else
		ak_buf_printf(b, "\"%s\" \xe2\x80\x94 ", q->quote);
	if (q->who)
		ak_buf_adds(b, q->who);
	if (q->notes)
		ak_buf_printf(b, "%s%s", q->who ? ", " : "", q->notes);
	if (q->line > 0)
		ak_buf_printf(b, " line %ld", q->line);
	if (q->record)
		ak_buf_printf(b, "; the records say: %s", q->record);
}

void grade_text_evidence(const struct grade_finding *f, struct ak_buf *b)
{
	size_t i;

	for (i = 0; i < f->nquotes; i++) {
		if (i)
			ak_buf_addc(b, '\n');
		grade_text_quote(&f->quotes[i], b);
	}
}

void grade_text_list(const char *const *v, size_t n, struct ak_buf *b)
{
	size_t i;

	for (i = 0; i < n; i++)
		ak_buf_printf(b, "%s%s", i ? "; " : "", v[i]);
}
