/* dates.c: finding dates in notes (dates.h).
 *
 * A small scanner over words rather than one regular expression per form:
 * the forms share their parts (a day, a month name, a year), and relative
 * forms need the interview date, which a pattern cannot know. */
#include "core/dates.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static bool valid(int y, int m, int d)
{
	if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	return !(m == 2 && d == 29 && !leap(y));
}

bool date_parse_iso(const char *s, struct ak_date *d)
{
	int y, m, dd;
	char tail;

	if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &dd, &tail) != 3 ||
	    !valid(y, m, dd))
		return false;
	d->y = y;
	d->m = m;
	d->d = dd;
	d->prec = DATE_DAY;
	return true;
}

static const char *const month_names[] = {"january", "february", "march",     "april",
				     "may",     "june",     "july",      "august",
				     "september", "october", "november", "december"};

/* A month name or its abbreviation ("Feb", "Sept", "Sep."); 0 if none. */
static int month_of(const char *w, size_t n)
{
	char buf[16];
	size_t i;

	if (n > 0 && w[n - 1] == '.')
		n--;
	if (n < 3 || n >= sizeof buf)
		return 0;
	for (i = 0; i < n; i++)
		buf[i] = (char)tolower((unsigned char)w[i]);
	buf[n] = '\0';
	for (i = 0; i < 12; i++) {
		if (strcmp(buf, month_names[i]) == 0)
			return (int)i + 1;
		/* abbreviations: a prefix of three letters or more ("sept") */
		if (n >= 3 && strncmp(buf, month_names[i], n) == 0 && n < strlen(month_names[i]))
			return (int)i + 1;
	}
	return 0;
}

int date_month_name(const char *w) { return month_of(w, strlen(w)); }

struct tok {
	const char *p;
	size_t n, off;
	bool ok;
};

/* The next word (letters and digits, with "/", "-" or "." between digits
 * and a "." after a month abbreviation) at or after *pos. */
static bool next_tok(const char *s, size_t len, size_t *pos, struct tok *t)
{
	size_t i = *pos, st;

	while (i < len && !isalnum((unsigned char)s[i]))
		i++;
	if (i >= len) {
		t->ok = false;
		*pos = len;
		return false;
	}
	st = i;
	while (i < len && (isalnum((unsigned char)s[i]) ||
			   ((s[i] == '/' || s[i] == '-' || s[i] == '.') && i + 1 < len &&
			    isdigit((unsigned char)s[i + 1]) && isdigit((unsigned char)s[i - 1]))))
		i++;
	if (i < len && s[i] == '.' && isalpha((unsigned char)s[i - 1]))
		i++; /* "Sept." */
	t->p = s + st;
	t->n = i - st;
	t->off = st;
	t->ok = true;
	*pos = i;
	return true;
}

static int number(const struct tok *t, int lo, int hi)
{
	int v = 0;
	size_t i;

	if (!t->ok || t->n == 0 || t->n > 4)
		return -1;
	for (i = 0; i < t->n; i++) {
		if (!isdigit((unsigned char)t->p[i])) {
			/* "10th", "1st", "2nd", "3rd" */
			if (i > 0 && t->n - i == 2 &&
			    (strncasecmp(t->p + i, "th", 2) == 0 || strncasecmp(t->p + i, "st", 2) == 0 ||
			     strncasecmp(t->p + i, "nd", 2) == 0 || strncasecmp(t->p + i, "rd", 2) == 0))
				break;
			return -1;
		}
		v = v * 10 + (t->p[i] - '0');
	}
	return v >= lo && v <= hi ? v : -1;
}

static bool word_is(const struct tok *t, const char *w)
{
	return t->ok && t->n == strlen(w) && strncasecmp(t->p, w, t->n) == 0;
}

static void add(struct date_hit *out, size_t max, size_t *n, int y, int m, int d,
		enum date_prec prec, size_t off, size_t end, bool rel)
{
	if (*n < max) {
		out[*n].date.y = y;
		out[*n].date.m = m;
		out[*n].date.d = d;
		out[*n].date.prec = prec;
		out[*n].off = off;
		out[*n].len = end - off;
		out[*n].relative = rel;
	}
	(*n)++;
}

static size_t tok_end(const struct tok *t) { return t->off + t->n; }

/* Read one date starting at w[1] (w[0] is the word before it, w[2] and w[3]
 * the two after). Returns how many words it used (0: none). */
static int read_date(const char *s, const struct tok w[4], const struct ak_date *ref,
		     struct date_hit *out, size_t max, size_t *n)
{
	const struct tok *prev = &w[0], *t = &w[1], *n1 = &w[2], *n2 = &w[3];
	int y, m, d;
	char sep, tok[16];

	/* sscanf on a copy: on the text itself it would measure the whole
	 * rest of the answer at every word */
	if (t->n < sizeof tok) {
		memcpy(tok, t->p, t->n);
		tok[t->n] = '\0';
	} else {
		tok[0] = '\0';
	}
	/* 2026-02-10, 10/02/2026, 10.02.2026 */
	if (t->n == 10 && tok[4] == '-' && sscanf(tok, "%4d-%2d-%2d", &y, &m, &d) == 3 &&
	    valid(y, m, d)) {
		add(out, max, n, y, m, d, DATE_DAY, t->off, tok_end(t), false);
		return 1;
	}
	if (t->n >= 8 && t->n <= 10 && sscanf(tok, "%2d%c%2d", &d, &sep, &m) == 3 &&
	    (sep == '/' || sep == '.' || sep == '-')) {
		const char *y4 = memchr(tok + 3, sep, t->n - 3);
		if (y4 && tok + t->n - (y4 + 1) == 4 && sscanf(y4 + 1, "%4d", &y) == 1 &&
		    valid(y, m, d)) {
			add(out, max, n, y, m, d, DATE_DAY, t->off, tok_end(t), false);
			return 1;
		}
	}
	if ((m = month_of(t->p, t->n))) {
		/* "may" and "march" are words more often than months: only with a year */
		bool weak = word_is(t, "may") || word_is(t, "march");
		int dd = number(prev, 1, 31);
		size_t start = dd > 0 ? prev->off : t->off;
		bool last = word_is(prev, "last"), nxt = word_is(prev, "next");
		if ((y = number(n1, 1900, 2199)) > 0) {
			if (dd > 0 && valid(y, m, dd))
				add(out, max, n, y, m, dd, DATE_DAY, start, tok_end(n1), false);
			else
				add(out, max, n, y, m, 0, DATE_MONTH, t->off, tok_end(n1), false);
			return 2;
		}
		if ((d = number(n1, 1, 31)) > 0 && (y = number(n2, 1900, 2199)) > 0 && valid(y, m, d)) {
			add(out, max, n, y, m, d, DATE_DAY, t->off, tok_end(n2), false);
			return 3;
		}
		if (!ref || (weak && !last && !nxt && !word_is(prev, "this") && !word_is(prev, "in")))
			return 0;
		/* "last February": the most recent February before the
		 * interview's month; "in September", "this September" or a
		 * bare month: the most recent not after it; "next": ahead. */
		if (nxt)
			y = m > ref->m ? ref->y : ref->y + 1;
		else if (last)
			y = m < ref->m ? ref->y : ref->y - 1;
		else
			y = m <= ref->m ? ref->y : ref->y - 1;
		if (last || nxt || word_is(prev, "this") || word_is(prev, "in"))
			start = prev->off;
		if (dd > 0 && valid(y, m, dd))
			add(out, max, n, y, m, dd, DATE_DAY, start, tok_end(t), true);
		else
			add(out, max, n, y, m, 0, DATE_MONTH, start, tok_end(t), true);
		return 1;
	}
	/* this year, last year */
	if (ref && word_is(t, "year") && (word_is(prev, "this") || word_is(prev, "last"))) {
		add(out, max, n, word_is(prev, "this") ? ref->y : ref->y - 1, 0, 0, DATE_YEAR,
		    prev->off, tok_end(t), true);
		return 1;
	}
	/* a year on its own: 2023 (not part of an amount like 12,2023) */
	if (t->n == 4 && (y = number(t, 1990, 2100)) > 0 &&
	    !(t->off > 0 && (s[t->off - 1] == ',' || s[t->off - 1] == '.'))) {
		add(out, max, n, y, 0, 0, DATE_YEAR, t->off, tok_end(t), false);
		return 1;
	}
	return 0;
}

size_t dates_find(const char *s, size_t len, const struct ak_date *ref, struct date_hit *out,
		  size_t max)
{
	struct tok w[4];
	size_t pos = 0, n = 0;
	int i;

	/* a window of four words slides over the text: the word before, the
	 * word under consideration and the two after it */
	memset(w, 0, sizeof w);
	for (i = 1; i < 4; i++)
		next_tok(s, len, &pos, &w[i]);
	while (w[1].ok) {
		int used = read_date(s, w, ref, out, max, &n);
		if (used < 1)
			used = 1;
		while (used-- > 0) {
			w[0] = w[1];
			w[1] = w[2];
			w[2] = w[3];
			next_tok(s, len, &pos, &w[3]);
		}
	}
	return n;
}

bool date_agrees(const struct ak_date *said, const struct ak_date *rec)
{
	if (said->y != rec->y)
		return false;
	if (said->prec == DATE_YEAR || rec->prec == DATE_YEAR)
		return true;
	if (said->m != rec->m)
		return false;
	if (said->prec == DATE_MONTH || rec->prec == DATE_MONTH)
		return true;
	return said->d == rec->d;
}

int date_months_between(const struct ak_date *a, const struct ak_date *b)
{
	int months = (b->y - a->y) * 12 + (b->m - a->m);

	if (a->prec == DATE_DAY && b->prec == DATE_DAY && b->d < a->d)
		months--;
	return months;
}

void date_format(const struct ak_date *d, char *out, size_t n)
{
	if (d->prec == DATE_DAY)
		snprintf(out, n, "%04d-%02d-%02d", d->y, d->m, d->d);
	else if (d->prec == DATE_MONTH)
		snprintf(out, n, "%04d-%02d", d->y, d->m);
	else
		snprintf(out, n, "%04d", d->y);
}
