/* bank_int.h: private to the bank module. What bank.c owns and the builder
 * (bank_check.c) stores into: the clause table and the compiled patterns.
 * bank.c includes only this, so the calls run one way: bank_load.c ->
 * bank_check.c -> bank.c. */
#ifndef AK_BANK_INT_H
#define AK_BANK_INT_H

#include "interview/bank.h"
#include "core/util.h"

struct bank_clause {
	const char *name, *title;
	const char **items, **texts;
	size_t nitems;
};

/* The bank itself: every string in its arena. */
struct bank {
	struct ak_arena arena;
	const char *path, *id, *standard, *version, *language, *title;
	struct bank_clause *clauses;
	size_t nclauses;
	const char **coverage;
	size_t ncoverage;
	struct bank_strings *synonyms;
	size_t nsynonyms;
	struct bank_question *q;
	size_t nq;
	struct bank_topic *topics;
	size_t ntopics;
	pcre2_code **codes; /* every compiled pattern, to free */
	const char **code_src; /* the pattern text of each, for sharing */
	size_t ncodes, capcodes, capsrc;
};

bool bank_keep_code(struct bank *b, pcre2_code *re, const char *src);
/* A pattern compiled before from the same text (the bank's "cannot answer"
 * pattern stands in every question): shared, compiled once. */
pcre2_code *bank_shared_code(const struct bank *b, const char *src);
void bank_set_header(struct bank *b, const char *id, const char *standard, const char *version,
		     const char *language, const char *title);
void bank_set_tables(struct bank *b, struct bank_clause *clauses, size_t nclauses,
		     const char **coverage, size_t ncoverage, struct bank_strings *syn, size_t nsyn);
const struct bank_clause *bank_clause_def(const struct bank *b, const char *name);
void bank_set_topics(struct bank *b, struct bank_topic *t, size_t n);

#endif
