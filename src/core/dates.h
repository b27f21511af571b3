/* dates.h: dates as auditors write them in notes.
 *
 * "2026-02-10", "10/02/2026" (day first, as in Europe), "10.02.2026",
 * "10 February 2026", "February 10, 2026", "Feb 2026", "Sept. 2026",
 * "last February" and "in September" (read against the interview date),
 * "this year", "last year", "in 2023". Each hit keeps its precision: a
 * month-and-year in the notes matches any day of that month in the
 * records. */
#ifndef AK_DATES_H
#define AK_DATES_H

#include <stdbool.h>
#include <stddef.h>

enum date_prec { DATE_YEAR, DATE_MONTH, DATE_DAY };

struct ak_date {
	int y, m, d; /* m and d 0 when not known */
	enum date_prec prec;
};

struct date_hit {
	struct ak_date date;
	size_t off, len; /* in the text searched */
	bool relative;   /* read against the interview date */
};

/* YYYY-MM-DD with a real day. */
bool date_parse_iso(const char *s, struct ak_date *d);
/* Find the dates in s[0..len). ref (the interview date) anchors relative
 * forms; with ref NULL they are skipped. At most max hits are stored; the
 * count found is returned. */
size_t dates_find(const char *s, size_t len, const struct ak_date *ref, struct date_hit *out,
		  size_t max);
/* Does what was said agree with the record, at the precision it was said? */
bool date_agrees(const struct ak_date *said, const struct ak_date *record);
/* A month's name or abbreviation ("Feb", "sept"): its number 1..12, else 0. */
int date_month_name(const char *w);
/* Whole months from a to b (b later is positive). */
int date_months_between(const struct ak_date *a, const struct ak_date *b);
/* "2026-02-10", "2026-02" or "2026" by precision; out of at least 11 bytes. */
void date_format(const struct ak_date *d, char *out, size_t n);

#endif
