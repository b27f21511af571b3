/* score_int.h: private to the scorer (score.c, score_findings.c).
 *
 * score.c finds and scores the answers; score_findings.c aggregates them
 * per requirement and proposes findings. Both see the scorer's state. */
#ifndef AK_SCORE_INT_H
#define AK_SCORE_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/dates.h"
#include "score/notes.h"
#include "score/probes.h"
#include "score/score.h"
#include "core/text.h"

#define MATCH_LIMIT 2000000u /* PCRE2 backtracking steps per match */
#define DEPTH_LIMIT 5000u    /* PCRE2 nested backtracking depth */
#define HITS_PER_RULE 3      /* quoted occurrences of one pattern */
#define MAX_CONTRA 16
#define ANSWER_MAX (1u << 20)  /* bytes of one question's answer text */
#define WHOLE_MAX (8u << 20)   /* bytes of the whole interview, for knowledge shown anywhere */

/* Where a question's answer came from. */
enum source { SRC_NONE, SRC_FREE, SRC_CLAUSE, SRC_SECTION, SRC_TRANSCRIPT };


struct qlines {
	size_t *own; /* indices into notes->lines: section, clause or transcript */
	size_t nown, capown;
	enum source src;
};

/* The normalised text, words and dates of a set of lines: questions on one
 * clause item share their lines, so the last one is kept and reused. */
struct atext {
	size_t *lines;
	size_t nlines;
	struct text t;
	struct words w;
	struct date_hit *dates;
	size_t ndates;
	bool *word_against, *date_against; /* on a line marked "-" or "!" */
	size_t nused; /* lines that fitted under the cap */
	struct word_index *ix;
	size_t *word_line;
	unsigned long gen; /* changes whenever the text does */
	bool valid;
};


/* What a pattern found in the answer text of one generation: questions
 * share their text and many share patterns ("cannot answer"), so each
 * pattern runs once per text. */
#define MEMO_SLOTS 2048
struct rule_memo {
	const pcre2_code *re;
	bool positive; /* marks filter hits in favour and against differently */
	unsigned long gen;
	int n;
	size_t off[HITS_PER_RULE], len[HITS_PER_RULE];
};

struct scorer {
	const struct score_opts *o;
	const struct notes *n;
	struct ak_diags *d;
	struct probe_ctx *probes;
	struct ak_date interview;
	enum bank_role role;
	const char *interviewee, *role_name, *date, *auditor, *audit;
	bool has_audit;
	enum bank_audit audit_kind;
	size_t *free_lines;
	size_t nfree, capfree;
	struct qlines *q; /* per bank question */
	pcre2_match_context *mctx;
	pcre2_match_data *md;
	struct atext cache;
	struct atext whole; /* every answer line of the interview */
	struct rule_memo *memo; /* MEMO_SLOTS, open addressing by pattern */
	struct {
		int line;
		char text[160];
	} *flags; /* labels of the auditor's "!" lines */
	size_t nflags, capflags;
	enum notes_mark *line_mark; /* the auditor's mark of each line of the notes */
	size_t answer_max;          /* bytes of answer text scored per question */
	bool truncated;
	bool failed; /* a pattern could not finish: reported, scoring stops */
	bool oom;
};

static inline json_t *score_jstr(const char *s) { return s ? json_string(s) : json_null(); }

/* Append x to the array *v (of *n, capacity *cap); false: out of memory. */
bool score_push(size_t **v, size_t *n, size_t *cap, size_t x);
/* Does question q suit this interview (its role and audit, or --script)? */
bool score_suits(const struct scorer *s, const struct bank_question *q);
/* Fill s->q (each question's own lines) and s->free_lines from the notes. */
bool score_find_answers(struct scorer *s);

/* Aggregate the scored questions per requirement into reqs, and propose
 * findings into findings (docs/scoring.md, section 7). */
void score_requirements(struct scorer *s, json_t *questions, json_t *reqs, json_t *findings);

#endif
