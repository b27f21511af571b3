/* score.h: scoring interview notes against the records (docs/scoring.md).
 *
 * One notes file in, one scored interview out (docs/scored-format.md): per
 * question a score from 0 to 3 with every reason behind it, per requirement
 * an aggregate, and proposed findings for grading. The same inputs give the
 * same output, byte for byte. */
#ifndef AK_SCORE_H
#define AK_SCORE_H

#include <jansson.h>
#include <stdio.h>

#include "interview/bank.h"
#include "core/diag.h"
#include "core/err.h"
#include "core/util.h"
#include "evidence/facts.h"
#include "score/notes.h"

#define SCORED_FORMAT "auditkit-scored/2"

struct probe_ctx;
struct score_env;

/* What every notes file of a run shares: the bank's topics indexed, the
 * assertion rules (rules_path, or NULL for the default of the bank's
 * language), the records prepared for the probes. Borrows b and f, which
 * must outlive it. Problems go to d; NULL with *err set. */
struct score_env *score_env_new(const struct bank *b, const struct facts *f, const char *rules_path,
				struct ak_diags *d, ak_err *err);
void score_env_free(struct score_env *e);
/* The assertion rules file and its SHA-256, for the record. */
const char *score_env_rules_path(const struct score_env *e);
const char *score_env_rules_sha256(const struct score_env *e);

struct score_opts {
	const struct bank *bank; /* patterns JIT-compiled by the caller */
	const struct facts *facts;
	struct score_env *env;    /* score_env_new(bank, facts, ...), shared by all notes */
	const char *facts_file, *facts_sha256;
	const char *const *script_ids; /* --script: only these questions (NULL: all that suit) */
	size_t nscript;
	/* override or supply the front matter (transcripts carry none) */
	const char *interviewee, *role, *date, *auditor, *audit;
};

/* What a scored interview comes to, for the one line on standard error. */
struct score_summary {
	size_t nrequirements, pass, fail, not_evidenced, delegated, contradictions;
	size_t nquestions, questions[4]; /* questions by score 0..3 */
	size_t findings, conformities;   /* proposed: problems, and conformities */
};

/* Score one notes file: the scored interview (docs/scored-format.md) is
 * appended to out as JSON text, and sum (if not NULL) filled. Problems
 * with the notes (no interviewee, a bad date, a pattern that backtracks
 * without end) go to d: AK_ERR_DATA. */
ak_err score_notes(const struct score_opts *o, const struct notes *n, const char *notes_sha256,
		   struct ak_buf *out, struct score_summary *sum, struct ak_diags *d);

/* A human summary of a scored interview, in Markdown. */
ak_err score_write_markdown(FILE *fp, const json_t *scored);

#endif
