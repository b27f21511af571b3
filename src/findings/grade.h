/* grade.h: graded findings, the model every output writes.
 *
 * Issues, then findings. Every proposed finding of a scored interview is an
 * issue keyed by its problem and subject ("5.1 c/delegation"). The grader
 * folds the several duties one member of top management fails for one
 * reason (wholesale delegation) into one issue on 5.1; merges issues of one
 * key across interviewees; quotes every statement of the notes once, in the
 * one finding where it belongs; grades each finding for top management as a
 * body, with the first matching rule of a rules file
 * (docs/grading-rules.md), naming the facts it counted; raises several minor
 * nonconformities on one requirement to a systemic finding when a rule
 * says so; applies the lead auditor's overrides; and never lets a
 * nonconformity end as an observation's or an improvement's grade by the
 * invariant (ISO/IEC 17021-1).
 *
 * Strings in a grade_finding are borrowed: from the scored interviews
 * (which must outlive the grader) or from the grader itself. */
#ifndef AK_GRADE_H
#define AK_GRADE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "core/err.h"
#include "findings/scored.h"

/* Grades, most severe first (the order of counts and sorting). */
enum grade {
	GRADE_NONE = -1,
	GRADE_MAJOR,
	GRADE_MINOR,
	GRADE_OBSERVATION,
	GRADE_OFI,
	GRADE_CONFORMITY,
	GRADE_COUNT
};

/* What a finding is about: the scorer's kinds, then those grading makes. */
enum grade_kind {
	GK_CONFORMITY = SK_CONFORMITY,
	GK_DELEGATION = SK_DELEGATION,
	GK_CONTRADICTION = SK_CONTRADICTION,
	GK_RED_FLAG = SK_RED_FLAG,
	GK_NO_EVIDENCE = SK_NO_EVIDENCE,
	GK_WEAK = SK_WEAK,
	GK_NOT_ASKED = SK_NOT_ASKED, /* never a finding: a gap to verify */
	GK_LEADERSHIP = SK_NKINDS,   /* several duties one member fails, folded */
	GK_SYSTEMIC,                 /* several minors on one requirement, combined */
	GK_MANUAL,                   /* written by an auditor (--manual) */
	GK_COUNT
};

/* "major", "minor", "observation", "ofi", "conformity" */
const char *grade_code(enum grade g);
/* "Major nonconformity", ..., "Opportunity for improvement", "Conformity" */
const char *grade_label(enum grade g);
/* "NC", "NC", "OBS", "OFI", "C": the register's numbering */
const char *grade_prefix(enum grade g);
/* A code or a label, any case; false if neither. */
bool grade_parse(const char *s, enum grade *g);
const char *grade_kind_name(enum grade_kind k);
bool grade_kind_parse(const char *s, enum grade_kind *k);
/* major and minor */
bool grade_is_nc(enum grade g);

/* The client's status of a finding, for the drop-down list. */
extern const char *const grade_statuses[]; /* NULL-terminated */
bool grade_status_valid(const char *s);    /* one of them, or empty */

/* Role codes as words: "coo" -> "Chief operating officer"; the code itself
 * when it is not known. Borrowed. */
const char *grade_role_words(const char *code);
/* A chief executive's code: ceo, md (managing director). */
bool grade_role_is_chief(const char *code);

struct grade_quote {
	const char *quote;       /* the statement(s) of one line, or a line written by hand */
	const char *who;         /* "Chief operating officer (Sofia Lindqvist)", NULL: by hand */
	const char *notes;       /* the notes file's base name, or NULL */
	long line, offset;       /* -1 when unknown */
	const char *record;      /* the record contradicted, or NULL */
	const char *cls;         /* the scorer's class of the evidence, or NULL */
};

struct grade_override {
	const char *target; /* finding key, or NULL for clause/item/kind */
	const char *clause, *item, *kind;
	enum grade grade;
	const char *by, *why, *date; /* date may be NULL */
	const char *file;            /* where it was written, for messages */
	long line;
	int col;
};

struct grade_finding {
	const char *id;  /* the register's number (NC-01), set as the register is written */
	const char *key; /* internal: stable across runs ("5.1 c/delegation") */
	const char *standard, *clause, *item, *requirement;
	const char *items;   /* the duties of 5.1 it lists ("b, c, e"), or NULL */
	const char *related; /* other clauses whose evidence it carries, or NULL */
	enum grade_kind kind;
	enum grade grade;      /* final: the override's if any, else the rule's */
	enum grade rule_grade; /* GRADE_NONE for a manual finding */
	const char *rule;      /* rule id, or "manual" */
	const char *reason;    /* why this grade: the rule's reason and the facts counted */
	const char *statement; /* about the management system */
	const struct grade_quote *quotes;
	size_t nquotes;
	const char *const *interviewees; /* "Chief operating officer (Sofia Lindqvist)" */
	size_t ninterviewees;
	const char *const *auditors;
	size_t nauditors;
	const char *const *questions;
	size_t nquestions;
	const char *date; /* YYYY-MM-DD: the latest interview, or as written; may be NULL */
	const struct grade_override *override; /* NULL when none */
	const char *note; /* how grading got here, when it is not plain; may be NULL */
	/* Filled by the client (manual findings and returned workbooks carry them). */
	const char *correction, *root_cause, *corrective_action, *owner, *status;
	const char *due;    /* YYYY-MM-DD, or NULL: rules' due_days from the report date */
	const char *target; /* the client's target date, or NULL */
	/* For OSCAL: the interviews behind each question (indexes into the
	 * grader's interview list, parallel to questions). */
	const size_t *question_interview;
};

/* One merged requirement, for the Coverage sheet. */
struct grade_req {
	const char *standard, *clause, *item, *requirement;
	bool coverage;
	int best; /* best score across interviewees, -1 when none evidenced it */
	bool gap; /* a coverage duty no interviewee's notes evidence either way */
};

/* A member of top management in scope (audit.json's interviewees, else
 * the interviewees scored). */
struct grade_member {
	const char *name, *role;
};

struct ak_buf;
struct rules;
struct grader;
struct facts;

/* A new grader; NULL when out of memory. */
struct grader *grade_new(void);
void grade_free(struct grader *g);

/* Top management in scope (borrowed, copied by pointer). Without it, the
 * interviewees scored are top management. */
ak_err grade_set_top(struct grader *g, const struct grade_member *m, size_t n);
/* The organisation's records, for who owns or approved what (borrowed;
 * NULL: not known). */
void grade_set_facts(struct grader *g, const struct facts *f);

/* Add one scored interview. Borrowed: it must outlive the grader. An
 * interview of the same notes (same SHA-256) as one already added is
 * skipped with a warning and *skipped set. */
ak_err grade_add(struct grader *g, const struct scored *s, bool *skipped);

/* Fold, merge, grade and override. Problems with the overrides (unknown
 * target, a nonconformity lowered to an opportunity for improvement) and
 * findings no rule grades go to d: AK_ERR_DATA. Overrides are borrowed. */
ak_err grade_run(struct grader *g, const struct rules *r, const struct grade_override *ov,
                 size_t nov, struct ak_diags *d);

/* The findings after grade_run, by grade (most severe first), then by
 * requirement. */
size_t grade_count(const struct grader *g);
const struct grade_finding *grade_get(const struct grader *g, size_t i);

/* The interviews added (without skipped duplicates), in the order given. */
size_t grade_ninterviews(const struct grader *g);
const struct scored *grade_interview(const struct grader *g, size_t i);
/* "Chief operating officer (Sofia Lindqvist)" of interview i (borrowed). */
const char *grade_interview_person(const struct grader *g, size_t i);

/* Requirements and interviewees, for the coverage matrix: score of person
 * p on requirement r, -1 when their notes say nothing either way. */
size_t grade_nreqs(const struct grader *g);
const struct grade_req *grade_req(const struct grader *g, size_t r);
size_t grade_npeople(const struct grader *g);
const char *grade_person(const struct grader *g, size_t p);
int grade_score(const struct grader *g, size_t r, size_t p);

/* The invariant, applied after the rules: a finding that shows a
 * nonconformity is never an opportunity for improvement. Returns the grade
 * to record, raised to minor when needed, and sets *raised. shown: members
 * of top management who demonstrated the requirement. */
enum grade grade_floor(enum grade_kind k, int shown, enum grade g, bool *raised);
bool grade_kind_shows_nc(enum grade_kind k, int shown);

/* Order clause numbers as numbers ("5.10" after "5.9"), then items. */
int grade_cmp_clause(const char *ca, const char *ia, const char *cb, const char *ib);

/* A file named for the client: its base name (no machine's folders). */
const char *grade_base_name(const char *path);

/* ---- the text of a finding's cells, shared by the workbook and CSV -----
 * Appended to b. */
void grade_text_quote(const struct grade_quote *q, struct ak_buf *b);
void grade_text_evidence(const struct grade_finding *f, struct ak_buf *b);
void grade_text_list(const char *const *v, size_t n, struct ak_buf *b); /* "a; b" */

#endif
