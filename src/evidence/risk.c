/* risk.c: the normalised register, its derived fields and its order. */
#include "evidence/risk.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

void risk_list_init(struct risk_list *l)
{
	l->v = NULL;
	l->n = l->cap = 0;
}

static void risk_release(struct risk *r)
{
	free(r->id);
	free(r->title);
	free(r->description);
	free(r->owner);
	free(r->level_label);
	free(r->treatment);
	free(r->status);
	free(r->where);
	memset(r, 0, sizeof *r);
}

void risk_list_release(struct risk_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		risk_release(&l->v[i]);
	free(l->v);
	risk_list_init(l);
}

struct risk *risk_list_add(struct risk_list *l)
{
	struct risk *r;

	if (!ak_grow(&l->v, &l->cap, l->n + 1, sizeof *l->v))
		return NULL;
	r = &l->v[l->n++];
	memset(r, 0, sizeof *r);
	return r;
}

void risk_list_drop_last(struct risk_list *l)
{
	if (l->n == 0)
		return;
	risk_release(&l->v[--l->n]);
}

const char *risk_band(double level)
{
	if (level >= 16)
		return "critical";
	if (level >= 10)
		return "high";
	if (level >= 5)
		return "medium";
	if (level >= 1)
		return "low";
	return NULL;
}

/* -1, 0, 1 for a rated value against another; a missing value is lowest. */
static int cmp_desc(bool ha, double a, bool hb, double b)
{
	if (ha != hb)
		return ha ? -1 : 1;
	if (!ha || a == b)
		return 0;
	return a > b ? -1 : 1;
}

static int cmp_risk(const void *pa, const void *pb)
{
	const struct risk *a = pa, *b = pb;
	int c;

	if ((c = cmp_desc(a->has_level, a->level, b->has_level, b->level)) != 0)
		return c;
	if ((c = cmp_desc(a->has_impact, a->impact, b->has_impact, b->impact)) != 0)
		return c;
	if ((c = cmp_desc(a->has_likelihood, a->likelihood, b->has_likelihood, b->likelihood)) != 0)
		return c;
	return strcmp(a->id ? a->id : "", b->id ? b->id : "");
}

void risk_list_finish(struct risk_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		struct risk *r = &l->v[i];
		if (!r->has_level && r->has_likelihood && r->has_impact) {
			r->level = r->likelihood * r->impact;
			r->has_level = true;
		}
		if (r->has_level && !r->level_label) {
			const char *band = risk_band(r->level);
			if (band)
				r->level_label = ak_strdup(band); /* NULL on OOM: left out */
		}
	}
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, cmp_risk);
}

bool risk_parse_score(const char *s, double *out)
{
	char num[64];
	size_t n = 0;
	bool dot = false, digits = false;
	double v;
	char *end;

	if (!s)
		return false;
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '+')
		s++;
	for (; *s && n + 1 < sizeof num; s++) {
		if (isdigit((unsigned char)*s)) {
			num[n++] = *s;
			digits = true;
		} else if ((*s == '.' || *s == ',') && !dot && digits &&
			   isdigit((unsigned char)s[1])) {
			num[n++] = '.'; /* "4,5" as European spreadsheets write it */
			dot = true;
		} else {
			break;
		}
	}
	num[n] = '\0';
	if (!digits)
		return false;
	while (*s == ' ' || *s == '\t')
		s++;
	/* What may follow the number: nothing, or a label after a separator. */
	if (*s && !(*s == '-' || *s == ':' || *s == '(' || *s == '/' ||
		    (s[-1] == ' ' && isalpha((unsigned char)*s))))
		return false;
	v = strtod(num, &end);
	if (*end || !isfinite(v))
		return false;
	*out = v;
	return true;
}

char *risk_strdup_trim(const char *s, size_t n, bool *oom)
{
	char *p;

	if (!s)
		return NULL;
	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0)
		return NULL;
	p = ak_strndup(s, n);
	if (!p) {
		if (oom)
			*oom = true;
		return NULL;
	}
	/* Line ends inside a field as LF, however the export wrote them. */
	{
		char *r = p, *w = p;
		for (; *r; r++)
			if (!(*r == '\r' && r[1] == '\n'))
				*w++ = *r;
		*w = '\0';
	}
	return p;
}

const char *risk_score_range(const char *field, double v)
{
	double hi = strcmp(field, "level") == 0 ? RISK_SCALE_MAX * RISK_SCALE_MAX : RISK_SCALE_MAX;

	if (v < 0)
		return "below zero: a register's scales start at 0 or 1";
	if (v > hi)
		return hi > RISK_SCALE_MAX ? "out of range (0 to 10000, the largest likelihood times the "
					     "largest impact)"
					   : "out of range (0 to 100: a register's scales run 1-5, 1-10 "
					     "or to 100 at most)";
	return NULL;
}

static const struct risk_list *dup_list; /* qsort has no context argument */

static int cmp_index_by_id(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	int c = strcmp(dup_list->v[a].id ? dup_list->v[a].id : "",
		       dup_list->v[b].id ? dup_list->v[b].id : "");

	return c ? c : (a > b) - (a < b);
}

bool risk_list_duplicate(const struct risk_list *l, size_t *a, size_t *b, bool *oom)
{
	size_t *ix, i, best = (size_t)-1;
	bool found = false;

	*oom = false;
	if (l->n < 2)
		return false;
	if (!(ix = malloc(l->n * sizeof *ix))) {
		*oom = true;
		return false;
	}
	for (i = 0; i < l->n; i++)
		ix[i] = i;
	dup_list = l;
	qsort(ix, l->n, sizeof *ix, cmp_index_by_id);
	dup_list = NULL;
	/* sorted by id, then position: the first of each run is its first use;
	 * report the repeat that comes earliest in the register */
	for (i = 1; i < l->n; i++) {
		const char *p = l->v[ix[i - 1]].id, *q = l->v[ix[i]].id;
		if (p && q && strcmp(p, q) == 0 && ix[i] < best) {
			size_t k = i;
			while (k > 0 && strcmp(l->v[ix[k - 1]].id ? l->v[ix[k - 1]].id : "", q) == 0)
				k--;
			*a = ix[k];
			*b = ix[i];
			best = ix[i];
			found = true;
		}
	}
	free(ix);
	return found;
}

const char *risk_read_score(const char *field, const char *text, double *out)
{
	static char phrase[160];
	const char *t = text, *range;

	while (*t == ' ' || *t == '\t')
		t++;
	/* "-3" is a number, just not a score: say so rather than "not a number" */
	if (*t == '-' && isdigit((unsigned char)t[1]) && risk_parse_score(t + 1, out))
		return "is below zero: a register's scales start at 0 or 1";
	if (!risk_parse_score(text, out))
		return "is not a number";
	if ((range = risk_score_range(field, *out))) {
		snprintf(phrase, sizeof phrase, "is %s", range);
		return phrase;
	}
	return NULL;
}
