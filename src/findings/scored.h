/* scored.h: reading a scored interview (docs/scored-format.md,
 * "auditkit-scored/1"), the file `auditkit score` writes for each notes
 * file and `auditkit findings` grades.
 *
 * The reader is strict: every field is checked against the documented
 * format, unknown fields included, and each problem is reported at its
 * line and column, so a hand-edited or foreign file fails loudly rather
 * than grading the wrong thing. The structures are a read-only view: every
 * string is borrowed from the scored interview and lives as long as it. */
#ifndef AK_SCORED_H
#define AK_SCORED_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "core/err.h"

#ifndef SCORED_FORMAT /* score.h defines the same */
#define SCORED_FORMAT "auditkit-scored/1"
#endif

/* The kinds of proposed finding, in the documented order. */
enum scored_kind {
	SK_NO_EVIDENCE,
	SK_NOT_ASKED,
	SK_WEAK,
	SK_RED_FLAG,
	SK_CONTRADICTION,
	SK_KNOWLEDGE_GAP,
	SK_NKINDS
};

/* A quoted span of the notes: offset and length in bytes, line from 1;
 * -1 when the file does not say. */
struct scored_quote {
	const char *quote;
	long offset, length, line;
	const char *record; /* the record contradicted, or NULL */
};

/* One rule hit on an answer. */
struct scored_evidence {
	const char *kind; /* positive, negative, red_flag, mark_plus, mark_minus, mark_unclear,
	                     mark_flag, document */
	const char *label;
	double weight;
	struct scored_quote q;
};

struct scored_probe {
	const char *probe, *label;
	long min;
	bool met;
	bool records;               /* the facts hold what the probe asks (false when not said) */
	struct scored_quote *found; /* q.record holds the fact named */
	size_t nfound;
	const char **missing;
	size_t nmissing;
};

struct scored_contradiction {
	const char *topic, *record, *explanation;
	struct scored_quote said;
};

struct scored_question {
	const char *id, *clause, *item, *requirement, *question, *answered_by, *reason;
	int score; /* 0..3 */
	struct scored_evidence *ev;
	size_t nev;
	struct scored_probe *probes;
	size_t nprobes;
	struct scored_contradiction *contra;
	size_t ncontra;
};

struct scored_requirement {
	const char *clause, *item, *requirement; /* item NULL for a clause without items */
	const char **questions;
	size_t nquestions;
	int score;   /* best score, -1 when none was asked */
	double mean; /* NAN when none was asked */
	const char **red_flags;
	size_t nred_flags;
	long contradictions;
	bool coverage;
};

struct scored_finding {
	const char *id;
	enum scored_kind kind;
	const char *clause, *item, *requirement, *statement;
	const char *record; /* the record contradicted, or NULL */
	struct scored_quote *ev;
	size_t nev;
	const char **questions;
	size_t nquestions;
	const char *interviewee, *role; /* NULL when not given */
};

struct scored {
	const char *path; /* the file as given */
	char sha256[65];  /* of the scored file's bytes */
	const char *generator;
	const char *notes_file, *notes_sha256, *notes_kind;
	const char *interviewee, *role, *date, *auditor, *audit,
	    *organisation; /* NULL: not given */
	const char *bank_id, *bank_version, *bank_standard;
	const char *facts_file, *facts_sha256; /* NULL when no facts were used */
	struct scored_question *questions;
	size_t nquestions;
	struct scored_requirement *reqs;
	size_t nreqs;
	struct scored_finding *findings;
	size_t nfindings;
	struct scored_priv *priv; /* owns everything above */
};

/* Read and check a scored interview. Problems go to d with their line and
 * column; NULL then, with *err AK_ERR_INPUT (cannot read), AK_ERR_DATA or
 * AK_ERR_NOMEM. The result is freed with scored_free. */
struct scored *scored_load(const char *path, struct ak_diags *d, ak_err *err);
/* The same from bytes already read; name is used in messages. Copies text. */
struct scored *scored_parse(const char *name, const char *text, size_t len, struct ak_diags *d,
                            ak_err *err);
void scored_free(struct scored *s);

/* "no_evidence", ...; NULL for an unknown kind. */
const char *scored_kind_name(enum scored_kind k);
bool scored_kind_parse(const char *s, enum scored_kind *k);

#endif
