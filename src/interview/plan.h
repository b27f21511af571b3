/* plan.h: which questions to ask, in what order, in the time there is.
 *
 * The rules (docs/script-format.md says the same for auditors):
 *  1. Candidates are the questions that suit the role and the audit type and
 *     fall under the clause filter. Questions asked before (--exclude-asked)
 *     are left out, except where a coverage item has nothing else, and then
 *     the repeat is marked.
 *  2. Of interchangeable questions (one group) one is taken: with seed 0 the
 *     first unasked wording, otherwise one chosen by the seed.
 *  3. While the time allows, in this order:
 *     a. with --follow-up, the best question on each open finding's clause
 *        and item, asked before or not;
 *     b. the method's core: the questions a bank tags "core-N", one for
 *        each N, lowest first (for ISO/IEC 27001: the main risks, the
 *        policy, the last review's decisions, the resources); a core
 *        question on a coverage item covers it;
 *     c. every item of the bank's coverage clauses (5.1 a to h) not yet
 *        covered gets its best question;
 *     d. the other questions in key order (priority, clause, item, angle,
 *        id) while they fit.
 *  4. The script lists them in that order (follow-ups, core, then the rest
 *     in key order), and says which coverage items it left out and why. */
#ifndef AK_PLAN_H
#define AK_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "interview/bank.h"
#include "core/err.h"

struct plan_filter {
	char clause[32];
	char item[8]; /* "" for the whole clause */
};

struct plan_opts {
	enum bank_role role;
	enum bank_audit audit;
	int minutes; /* 0: no limit */
	const struct plan_filter *filters;
	size_t nfilters;
	uint64_t seed;
	const char *const *asked; /* ids asked before */
	size_t nasked;
	/* Clauses and items of last year's open findings (--follow-up): their
	 * best question is taken first, and listed first. */
	const struct plan_filter *follow;
	size_t nfollow;
	int opening_minutes, closing_minutes;
};

struct plan_item {
	const struct bank_question *q;
	int core;      /* the rank of its core slot (rule 0), or 0 */
	bool coverage; /* chosen to cover a coverage item */
	bool repeated; /* asked before, but nothing else covers its item */
	bool follow_up; /* on an open finding of the last audit */
};

struct plan_gap {
	const char *clause, *item;
	bool no_question; /* true: nothing suits the role and audit; false: no time */
};

struct plan {
	struct plan_item *items;
	size_t n;
	struct plan_gap *gaps;
	size_t ngaps;
	const struct bank_question **dropped; /* suited, but no time */
	size_t ndropped;
	int question_minutes; /* sum of the chosen questions' minutes */
	int total_minutes;    /* with opening and closing */
	int budget;           /* minutes for questions; 0: no limit */
};

/* Build the plan; *p is released by plan_release. AK_ERR_USAGE (with a
 * message) when a filter names no clause of the bank. */
ak_err plan_make(const struct bank *b, const struct plan_opts *o, struct plan *p);
void plan_release(struct plan *p);

/* The rank N of a question's "core-N" tag, or 0. */
int plan_core_rank(const struct bank_question *q);

/* Parse "5.1", "5.1 c" or "5.1c" into f; false if it is not a clause. */
bool plan_filter_parse(const char *s, struct plan_filter *f);

#endif
