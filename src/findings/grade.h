/* grade.h: graded findings, the model every output writes.
 *
 * The grader merges the proposed findings of many scored interviews (by
 * several auditors, of several members of top management) into one finding
 * per requirement and issue, carrying every piece of evidence once and every
 * interviewee; grades each with the first matching rule of a rules file
 * (docs/grading-rules.md); raises several minor nonconformities on one
 * requirement to a systemic finding when a rule says so; applies the lead
 * auditor's overrides; and never lets a nonconformity end as an opportunity
 * for improvement (ISO/IEC 17021-1).
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

/* The issue a finding is about: the scorer's kinds, then those grading
 * makes. */
enum grade_kind {
	GK_NO_EVIDENCE = SK_NO_EVIDENCE,
	GK_NOT_ASKED = SK_NOT_ASKED,
	GK_WEAK = SK_WEAK,
	GK_RED_FLAG = SK_RED_FLAG,
	GK_CONTRADICTION = SK_CONTRADICTION,
	GK_KNOWLEDGE_GAP = SK_KNOWLEDGE_GAP,
	GK_CONFORMS = SK_NKINDS, /* evidence shown and no issue raised */
	GK_SYSTEMIC,             /* several minors on one requirement, combined */
	GK_MANUAL,               /* written by an auditor (--manual) */
	GK_COUNT
};

/* "major", "minor", "observation", "ofi", "conformity" */
const char *grade_code(enum grade g);
/* "major nonconformity", ..., "opportunity for improvement", "conformity" */
const char *grade_label(enum grade g);
/* A code or a label, any case; false if neither. */
bool grade_parse(const char *s, enum grade *g);
const char *grade_kind_name(enum grade_kind k);
bool grade_kind_parse(const char *s, enum grade_kind *k);
/* major and minor */
bool grade_is_nc(enum grade g);

/* The client's status of a finding, for the drop-down list. */
extern const char *const grade_statuses[]; /* NULL-terminated */
bool grade_status_valid(const char *s);    /* one of them, or empty */

struct grade_quote {
	const char *quote;
	const char *interviewee; /* "Name (role)", NULL when unknown */
	const char *notes;       /* the notes file, as the scored interview names it */
	long line, offset;       /* -1 when unknown */
	const char *record;      /* the record contradicted, or NULL */
};

struct grade_override {
	const char *target; /* finding id, or NULL for clause/item/kind */
	const char *clause, *item, *kind;
	enum grade grade;
	const char *by, *why, *date; /* date may be NULL */
	const char *file;            /* where it was written, for messages */
	long line;
	int col;
};

struct grade_finding {
	const char *id;
	const char *standard, *clause, *item, *requirement;
	enum grade_kind kind;
	enum grade grade;      /* final: the override's if any, else the rule's */
	enum grade rule_grade; /* GRADE_NONE for a manual finding */
	const char *rule;      /* rule id, or "manual" */
	const char *statement;
	const struct grade_quote *quotes;
	size_t nquotes;
	const char *const *interviewees; /* "Name (role)" */
	size_t ninterviewees;
	const char *const *auditors;
	size_t nauditors;
	const char *const *questions;
	size_t nquestions;
	const char *date; /* YYYY-MM-DD: the latest interview, or as written; may be NULL */
	const struct grade_override *override; /* NULL when none */
	const char *note; /* how grading got here, when it is not plain; may be NULL */
	/* Filled by the client (manual findings may carry them already). */
	const char *correction, *root_cause, *corrective_action, *owner, *status;
	const char *due; /* YYYY-MM-DD, or NULL: rules' due_days from the report date */
	/* For OSCAL: the interviews and questions behind it (indexes into the
	 * grader's interview list, parallel to questions). */
	const size_t *question_interview;
};

/* One merged requirement, for the Coverage sheet. */
struct grade_req {
	const char *standard, *clause, *item, *requirement;
	bool coverage;
	int best; /* best score across interviewees, -1 when none was asked */
	bool gap; /* a coverage duty no interviewee was asked about */
};

struct ak_buf;
struct rules;
struct grader;

/* A new grader; NULL when out of memory. */
struct grader *grade_new(void);
void grade_free(struct grader *g);

/* Add one scored interview. Borrowed: it must outlive the grader. An
 * interview of the same notes (same SHA-256) as one already added is
 * skipped with a warning and *skipped set. */
ak_err grade_add(struct grader *g, const struct scored *s, bool *skipped);

/* Merge, grade and override. Problems with the overrides (unknown target,
 * a nonconformity lowered to an opportunity for improvement) and findings
 * no rule grades go to d: AK_ERR_DATA. Overrides are borrowed. */
ak_err grade_run(struct grader *g, const struct rules *r, const struct grade_override *ov,
                 size_t nov, struct ak_diags *d);

/* The findings after grade_run, in requirement order, then by grade. */
size_t grade_count(const struct grader *g);
const struct grade_finding *grade_get(const struct grader *g, size_t i);

/* The interviews added (without skipped duplicates), in the order given. */
size_t grade_ninterviews(const struct grader *g);
const struct scored *grade_interview(const struct grader *g, size_t i);
/* "Name (role)" of interview i (borrowed from the grader). */
const char *grade_interview_person(const struct grader *g, size_t i);

/* Requirements and interviewees, for the coverage matrix: best score of
 * person p on requirement r, -1 when not asked. */
size_t grade_nreqs(const struct grader *g);
const struct grade_req *grade_req(const struct grader *g, size_t r);
size_t grade_npeople(const struct grader *g);
const char *grade_person(const struct grader *g, size_t p);
int grade_score(const struct grader *g, size_t r, size_t p);

/* The invariant, applied after the rules: a finding that shows a
 * nonconformity (kinds no_evidence, red_flag, contradiction; weak when no
 * interviewee did better) is never an opportunity for improvement. Returns
 * the grade to record, raised to minor when needed, and sets *raised. */
enum grade grade_floor(enum grade_kind k, int best, enum grade g, bool *raised);
bool grade_kind_shows_nc(enum grade_kind k, int best);

/* Order clause numbers as numbers ("5.10" after "5.9"), then items. */
int grade_cmp_clause(const char *ca, const char *ia, const char *cb, const char *ib);

/* ---- the text of a finding's cells, shared by the workbook and CSV -----
 * Appended to b. */
void grade_text_evidence(const struct grade_finding *f, struct ak_buf *b);
void grade_text_list(const char *const *v, size_t n, struct ak_buf *b); /* "a; b" */

#endif
