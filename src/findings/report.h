/* report.h: what every findings output shares besides the findings: the
 * audit (audit.json, docs/audit-format.md), the report date, the inputs and
 * their hashes, the tallies by grade and clause, the response due dates and
 * the certification recommendation.
 *
 * Nothing here reads the clock: the report date is given or taken from the
 * audit, so the same inputs give the same outputs. */
#ifndef AK_REPORT_H
#define AK_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "core/err.h"
#include "findings/grade.h"

struct rules;
struct grader;
struct evidence_snapshot;
struct sp_plan;

struct report_person {
	const char *name, *role;
	/* an interviewee's slot, for the script and the agenda (NULL when not
	 * given): date YYYY-MM-DD, time and place as written, the auditor */
	const char *date, *time, *place, *auditor;
};

/* The parts of audit.json a report names. Strings borrowed from the
 * audit; NULL when not given. */
struct report_audit {
	const char *path;
	const char *organisation, *scope, *standard, *audit_type, *start, *end;
	struct report_person *team, *interviewees;
	size_t nteam, ninterviewees;
	struct report_audit_priv *priv;
};

/* Read audit.json: the fields above are checked, the rest ("sources", and
 * members beginning with '$') is for other commands and left alone.
 * Problems go to d with line and column. */
struct report_audit *report_audit_load(const char *path, struct ak_diags *d, ak_err *err);
void report_audit_free(struct report_audit *a);

/* One clause's tally, for the chart of findings by clause. */
struct report_clause {
	char *clause;
	size_t n[GRADE_COUNT];
};

/* One input of the run, for the About sheet and the JSON: every file read,
 * with its SHA-256, named for the client (report_display). */
struct report_input {
	const char *kind; /* "scored interview", "manual findings", "overrides", ... */
	char *file;       /* as displayed: relative to the audit folder, or a base name */
	char sha256[65];  /* "" for a folder */
};

/* What the client typed into a returned workbook for one finding. */
struct report_response {
	char *id, *key;
	char *correction, *root_cause, *corrective_action, *owner, *due, *target, *status;
	char *override_grade; /* typed in the workbook: not applied, reported */
	bool used;
	bool override_ignored; /* differs from this register's override */
};

struct report {
	/* inputs, all borrowed */
	const struct report_audit *audit; /* NULL without --audit */
	const char *date;                 /* the report date, YYYY-MM-DD */
	const struct rules *rules;
	const struct grader *grader;
	const struct evidence_snapshot *evidence;
	const char *evidence_dir;
	const struct sp_plan *plan;
	const char *plan_path;
	char plan_sha256[65];
	bool client; /* the client's copy: no sheets internal to the audit team */
	/* every file read (owned) */
	struct report_input *inputs;
	size_t ninputs, capinputs;
	/* the client's responses (owned), matched by key, else by id */
	struct report_response *responses;
	size_t nresponses;
	/* numbering: the next number of each prefix */
	int next[GRADE_COUNT];
	/* tallies, by report_tally */
	size_t counts[GRADE_COUNT];
	size_t total;
	size_t open_major, open_minor;
	struct report_clause *clauses;
	size_t nclauses, capclauses;
	bool oom;
	char due[GRADE_COUNT][11]; /* by report_ready: the date plus the rules' days */
	bool ready;
};

void report_init(struct report *r);
void report_release(struct report *r);

/* A path as the client may see it: relative to the audit's folder when it
 * is inside it, else its base name; never a machine's own folders. New
 * string. */
char *report_display(const struct report *r, const char *path);
/* Record an input: its SHA-256 (of the file; "" for a folder) and its name
 * as displayed. false when out of memory or unreadable (errno). */
bool report_add_input(struct report *r, const char *kind, const char *path);
/* The same with the SHA-256 its reader computed (a pipe or standard input,
 * read once, cannot be hashed again); NULL or "" hashes the file. */
bool report_add_input_hashed(struct report *r, const char *kind, const char *path,
			     const char *sha256);

/* The register's id of f into out: NC-01, OBS-02, ... by its grade, in
 * order; the id the returned workbook gave the same finding when there is
 * one and its grade still fits it. */
void report_number(struct report *r, const struct grade_finding *f, char out[24]);
/* The client's response to f (by key, else by id), or NULL; marked used. */
struct report_response *report_response_for(struct report *r, const struct grade_finding *f);
/* Copy what the client typed into *f (strings borrowed from r). */
void report_apply_response(const struct report_response *x, struct grade_finding *f);

/* Call once date and rules are set: works out the due date of each grade
 * (every finding then asks report_due, so it should be cheap). */
void report_ready(struct report *r);

/* The report date when none is given: the audit's last day, else the
 * latest interview; NULL when neither is known. */
const char *report_default_date(const struct report_audit *a, const struct grader *g);

/* Count one finding (grades, open nonconformities, clause). */
void report_tally(struct report *r, const struct grade_finding *f);

/* The response due date of f into out ("" when no response is asked):
 * the finding's own, else the report date plus the rules' days for its
 * grade. */
void report_due(const struct report *r, const struct grade_finding *f, char out[11]);
/* The status to show: the finding's own, else "open" when a response is
 * asked, else "". */
const char *report_status(const struct report *r, const struct grade_finding *f);

enum report_recommendation {
	REPORT_RECOMMENDED,
	REPORT_UPON_ACTION_PLAN,
	REPORT_NOT_RECOMMENDED,
	REPORT_NOT_APPLICABLE /* an internal audit certifies nothing */
};
enum report_recommendation report_recommend(const struct report *r);
const char *report_recommendation_code(enum report_recommendation x);
const char *report_recommendation_text(enum report_recommendation x);

/* Dates: YYYY-MM-DD plus days (out: 11 bytes); false if s is not a date. */
bool report_date_add(const char *s, int days, char out[11]);
/* Split a YYYY-MM-DD into numbers; false if it is not one. */
bool report_date_parts(const char *s, int *y, int *m, int *d);
/* Seconds since the epoch at 00:00 UTC of a YYYY-MM-DD (for file times). */
long long report_date_epoch(const char *s);

#endif
