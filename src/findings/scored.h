/* scored.h: reading a scored interview (docs/scored-format.md,
 * "auditkit-scored/2"), the file `auditkit score` writes for each notes
 * file and `auditkit findings` grades.
 *
 * The reader checks the type of every field it uses and reports each problem
 * at its line and column, so a hand-edited or foreign file fails loudly
 * rather than grading the wrong thing. Fields it does not use (a statement's
 * triggers, a requirement's counts) are not checked, so a scorer that adds
 * detail does not break grading. A file of format 1 is refused with a
 * message saying to score the notes again.
 *
 * The structures are a read-only view: every string is borrowed from the
 * scored interview and lives as long as it. Statements are referred to by
 * index into `statements` (-1: none). */
#ifndef AK_SCORED_H
#define AK_SCORED_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "core/err.h"

#define SCORED_FORMAT_2 "auditkit-scored/2"
#define SCORED_FORMAT_1 "auditkit-scored/1"

/* The kinds of proposed finding, in the documented order. */
enum scored_kind {
	SK_CONFORMITY,
	SK_DELEGATION,
	SK_CONTRADICTION,
	SK_RED_FLAG,
	SK_NO_EVIDENCE,
	SK_WEAK,
	SK_NOT_ASKED,
	SK_NKINDS
};

struct scored_topic {
	const char *topic; /* "5.1 a", "6.1" */
	bool context;      /* from the context (heading, question), not its own words */
};

struct scored_statement {
	const char *id, *text, *kind, *speaker, *mark;
	long offset, length, line;
	bool question; /* the auditor asking: no evidence */
	struct scored_topic *topics;
	size_t ntopics;
};

/* A requirement's evidence, by statement. */
struct scored_ev {
	long st; /* index into statements */
	const char *cls; /* specific, general, reported, intention, negative, delegation, red_flag, none */
};

struct scored_found {
	const char *fact;
	long st;
};

struct scored_probe {
	const char *probe, *label;
	bool met, records;
	struct scored_found *found;
	size_t nfound;
	const char **missing;
	size_t nmissing;
};

struct scored_contradiction {
	const char *topic, *fact, *record, *explanation, *quote;
	long st, line, offset;
};

struct scored_requirement {
	const char *clause, *item, *requirement; /* item NULL for a whole clause */
	bool duty;                               /* kind "duty" (else "knowledge") */
	bool coverage;
	bool evidenced; /* status */
	int score;      /* 0..3, -1 when not evidenced */
	int verdict;    /* 1 pass, 0 fail, -1 none */
	bool delegation;
	const char *reason, *rule;
	const char **red_flags;
	size_t nred_flags;
	long contradictions;
	const char **questions;
	size_t nquestions;
	struct scored_ev *ev;
	size_t nev;
	struct scored_probe *probes;
	size_t nprobes;
	struct scored_contradiction *contra;
	size_t ncontra;
};

struct scored_question {
	const char *id, *clause, *item, *requirement, *question, *answered_by, *reason;
	int score; /* -1 when none of its statements is evidence */
	long *st;
	size_t nst;
};

/* One piece of a proposed finding's evidence. */
struct scored_quote {
	const char *quote, *cls, *record; /* record: a contradiction's, else NULL */
	long st;                          /* the statement, -1 when the file names none */
	long offset, line;
};

struct scored_finding {
	const char *id, *key;
	enum scored_kind kind;
	const char *clause, *item, *requirement, *statement;
	int score; /* -1: null */
	bool delegation;
	const char *record; /* the record contradicted or not named, or NULL */
	struct scored_quote *ev;
	size_t nev;
	const char **questions;
	size_t nquestions;
	const char *interviewee, *role; /* NULL when not given */
	long req;                       /* index into reqs */
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
	struct scored_statement *statements;
	size_t nstatements;
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

/* "conformity", "delegation", ...; NULL for an unknown kind. */
const char *scored_kind_name(enum scored_kind k);
bool scored_kind_parse(const char *s, enum scored_kind *k);

/* The requirement of clause and item, or NULL. */
const struct scored_requirement *scored_req(const struct scored *s, const char *clause,
                                            const char *item);
/* The statement holding byte offset off of the notes, or -1. */
long scored_statement_at(const struct scored *s, long off);

#endif
