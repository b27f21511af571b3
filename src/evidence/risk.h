/* risk.h: a risk register normalised to the facts format (docs/facts-format.md)
 * and the one order in which "the top risks" are read.
 *
 * Every source shape (one file each in src/sources/) turns its pages into a risk_list;
 * risk_list_finish() then fills in what can be derived (level from likelihood
 * x impact, the label from the documented bands) and sorts the list. */
#ifndef AK_RISK_H
#define AK_RISK_H

#include <stdbool.h>
#include <stddef.h>

struct risk {
	char *id, *title, *description, *owner;
	char *level_label, *treatment, *status;
	double likelihood, impact, level;
	bool has_likelihood, has_impact, has_level;
	char *where; /* for messages: "risks.csv:7" or "page.json: [3]" (may be NULL) */
};

struct risk_list {
	struct risk *v;
	size_t n, cap;
};

void risk_list_init(struct risk_list *l);
void risk_list_release(struct risk_list *l);
/* A new zeroed risk at the end of l, owned by l; NULL when out of memory. */
struct risk *risk_list_add(struct risk_list *l);
/* Drop the last risk added (after a parse error on it). */
void risk_list_drop_last(struct risk_list *l);

/* Derive level = likelihood x impact where the source gave no level, the
 * label from the bands where it gave none, and sort: level, impact,
 * likelihood (highest first), then id in byte order; unrated risks last. */
void risk_list_finish(struct risk_list *l);

/* The band of a level on the 1-25 scale: "low" (1-4), "medium" (5-9),
 * "high" (10-15), "critical" (16 and above); NULL below 1. Static string. */
const char *risk_band(double level);

/* Read a score such as "4", "4.5", "4,5" or "4 - Likely": a leading number,
 * alone or followed by a space, dash, colon or parenthesis and a label.
 * false if s holds no such number (it is then not a score). */
bool risk_parse_score(const char *s, double *out);

/* The scales a register's scores are read on: likelihood and impact from 0
 * to RISK_SCALE_MAX (1-5, 1-10 or a percentage), a level (their product,
 * or the register's own) to RISK_SCALE_MAX squared. A likelihood of 99999
 * is a typing slip, not a risk 400 times graver than the worst. */
#define RISK_SCALE_MAX 100.0
/* NULL if v is on field's scale ("likelihood", "impact" or "level"), else a
 * static phrase for the message: "out of range (0 to 100)". */
const char *risk_score_range(const char *field, double v);
/* Read text as field's score (risk_parse_score, then risk_score_range):
 * NULL with *out set, or a static phrase for "likelihood '-3' <phrase>":
 * "is not a number", "is below zero: ...", "is out of range (...)". */
const char *risk_read_score(const char *field, const char *text, double *out);
/* Two risks of l with one id: true with their indexes (*a < *b, the first
 * repeat in the register's order). Ids compared as given. */
bool risk_list_duplicate(const struct risk_list *l, size_t *a, size_t *b, bool *oom);
/* Duplicate s with surrounding white space removed and CRLF as LF; NULL for NULL, for an
 * all-blank s, or when out of memory (*oom is then set). */
char *risk_strdup_trim(const char *s, size_t n, bool *oom);

#endif
