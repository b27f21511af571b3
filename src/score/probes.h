/* probes.h: knowledge probes and contradictions (docs/scoring.md).
 *
 * A probe holds an answer against the organisation's own records: does the
 * chief executive name the top risks in the register, the policy's version
 * and approval, the objectives, the last management review's decisions? A
 * contradiction is an answer that states what the records deny. Both work
 * on words (stemmed, with the bank's synonyms and one typo forgiven in
 * longer words) and dates, never on whole strings, so "the ransomware
 * thing on the WMS" names risk R-07 "Ransomware on warehouse management
 * system". */
#ifndef AK_PROBES_H
#define AK_PROBES_H

#include <stdbool.h>
#include <stddef.h>

#include "interview/bank.h"
#include "core/dates.h"
#include "evidence/facts.h"
#include "core/text.h"

/* What an answer is made of, for the probes: its normalised text, its words
 * and the dates in it (offsets into the normalised text). */
struct answer {
	const struct text *text;
	const struct words *words;
	const struct date_hit *dates;
	size_t ndates;
	/* words[i] (dates[i]) stands on a line the auditor marked "-" or "!":
	 * what the auditor wrote there was not known, so it names nothing
	 * (NULL: no such lines) */
	const bool *word_against, *date_against;
	const struct word_index *index; /* of words: probes look words up here */
	unsigned long gen;              /* not 0: the same gen is the same answer (results are reused) */
	const size_t *word_line;        /* words[i] stands on line word_line[i] of the text */
};

/* Build what an answer needs beyond its text, words and dates: the index
 * and each word's line. The caller frees both (word_index_free, free). */
bool probe_answer_index(struct answer *a, struct word_index **ix, size_t **word_line);

struct probe_found {
	char *fact;      /* the record named, e.g. "R-07 Ransomware on warehouse management system" */
	size_t off, len; /* the words that named it, in the normalised text */
};

struct probe_result {
	enum bank_probe_kind kind;
	const char *label; /* the bank's, or a default */
	int min;
	bool met;
	struct probe_found *found;
	size_t nfound;
	char **missing; /* records expected but not named */
	size_t nmissing;
	bool no_records; /* the facts do not hold what this probe needs */
};

struct contradiction {
	const char *topic;  /* "policy approval", "policy version", ... */
	size_t off, len;    /* what was said, in the normalised text */
	char *record;       /* the record, e.g. "policy approved 2026-02-10" */
	char *explanation;
};

struct probe_ctx;

/* Everything the probes need from the records, prepared once for many
 * interviews (stemming a 5,000-risk register is not done per notes file).
 * NULL when out of memory. */
struct probe_ctx *probe_ctx_new(const struct facts *f, const struct bank *b);
/* The interview now being scored: its date (for "every year" claims) and
 * the interviewee (NULL if unknown: for "I signed it" and attendance).
 * false when out of memory. */
bool probe_ctx_interview(struct probe_ctx *c, const struct ak_date *interview,
			 const char *interviewee);
void probe_ctx_free(struct probe_ctx *c);

/* Run one probe on an answer. false when out of memory. */
bool probe_run(struct probe_ctx *c, const struct bank_probe *p, const struct answer *a,
	       struct probe_result *r);
void probe_result_release(struct probe_result *r);

/* Find what the answer says that the records deny; at most max. Returns the
 * number stored; the caller releases each with contradiction_release. */
size_t probe_contradictions(struct probe_ctx *c, const struct answer *a, struct contradiction *out,
			    size_t max);
void contradiction_release(struct contradiction *x);

#endif
