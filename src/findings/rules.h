/* rules.h: grading rules (docs/grading-rules.md, "auditkit-rules/1").
 *
 * A rules file is data a certification body can replace: an ordered list of
 * rules, each a condition over the merged evidence of one finding and the
 * grade it gives, the first match winning; and the days the client has to
 * respond, per grade. Rules that count minor nonconformities on a
 * requirement ("minors") are requirement rules, tried after the others.
 * The reader checks everything and rejects a rule that could record a
 * nonconformity as an opportunity for improvement. */
#ifndef AK_RULES_H
#define AK_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "core/err.h"
#include "findings/grade.h"

#define RULES_FORMAT "auditkit-rules/2"

/* What a condition looks at: one finding, all interviews merged, for top
 * management as a body. */
struct rules_subject {
	enum grade_kind kind;      /* GK_COUNT for a requirement rule */
	const char *clause, *item; /* item NULL for a clause without items */
	bool coverage;             /* a duty the bank's coverage asks for (5.1 a to h) */
	bool duty;                 /* a duty of top management (else knowledge) */
	int best;                  /* best score of anyone on it; -1 none evidenced it */
	int top;                   /* top management in scope */
	int failed;                /* members of it behind this finding (failed or delegated) */
	bool most;                 /* failed is most of top management (and at least 2) */
	bool chief;                /* the chief executive is among them */
	int shown;                 /* members who demonstrated the requirement */
	bool chief_shown;          /* the chief executive demonstrated it */
	bool owner;                /* one of them owns or approved the record at issue */
	int duties;                /* duties of 5.1 the finding lists */
	int statements;            /* statements of evidence it quotes */
	int interviewees;          /* interviewees behind it */
	int contradictions;        /* contradictions with the records it carries */
	const char *const *red_flags; /* labels raised on it */
	size_t nred_flags;
	int minors; /* requirement rules: minor findings on it */
};

struct rule;
struct rules;

/* Load and check a rules file; problems go to d with line and column.
 * NULL then (*err AK_ERR_INPUT, AK_ERR_DATA or AK_ERR_NOMEM). */
struct rules *rules_load(const char *path, struct ak_diags *d, ak_err *err);
/* The same from bytes; name is used in messages. */
struct rules *rules_parse(const char *name, const char *text, size_t len, struct ak_diags *d,
                          ak_err *err);
void rules_free(struct rules *r);

/* The default rules file: $AUDITKIT_RULES, else the installed
 * <prefix>/share/auditkit/rules/default.json, else rules/default.json of
 * the source tree the binary was built in. A new string, NULL if none. */
char *rules_default_path(void);

const char *rules_path(const struct rules *r);
const char *rules_sha256(const struct rules *r);
const char *rules_id(const struct rules *r);
const char *rules_version(const struct rules *r);
const char *rules_title(const struct rules *r);
/* Days to respond for findings of grade g; -1 when no response is asked. */
int rules_due_days(const struct rules *r, enum grade g);

size_t rules_count(const struct rules *r);
const struct rule *rules_at(const struct rules *r, size_t i);
const char *rule_id(const struct rule *x);
enum grade rule_grade(const struct rule *x);
const char *rule_why(const struct rule *x);
bool rule_is_requirement(const struct rule *x);

/* Where a conformity on clause (and item) is recorded: the clause the rules'
 * "fold_conformities" maps it to (borrowed), or NULL to keep its own. */
const char *rules_conformity_fold(const struct rules *r, const char *clause, const char *item);
const char *rules_fold_why(const struct rules *r);

/* The first finding rule (requirement rule when requirement is true) that
 * matches s, or NULL. */
const struct rule *rules_match(const struct rules *r, const struct rules_subject *s,
                               bool requirement);

#endif
