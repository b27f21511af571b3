/* script.h: interview scripts as Markdown (the auditor's copy, which is also
 * the notes template of docs/notes-format.md), an interviewee's agenda,
 * printable HTML and JSON (docs/script-format.md). The same inputs give the
 * same bytes: nothing depends on the clock or the machine. */
#ifndef AK_RENDER_H
#define AK_RENDER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "interview/bank.h"
#include "core/err.h"
#include "evidence/facts.h"
#include "interview/plan.h"

#define SCRIPT_FORMAT "auditkit-script/1"

enum render_format { RENDER_MD, RENDER_HTML, RENDER_JSON };
enum render_audience { RENDER_AUDITOR, RENDER_INTERVIEWEE };
enum render_paper { RENDER_A4, RENDER_LETTER };

struct render_meta {
	enum bank_role role;
	enum bank_audit audit;
	enum render_audience audience;
	enum render_paper paper; /* printed: A4 (the default) or US Letter */
	int minutes; /* asked for; 0: no limit */
	int opening_minutes, closing_minutes;
	uint64_t seed;
	const char *interviewee, *auditor, *date; /* NULL: left blank */
	const char *time, *place;                 /* the slot, from audit.json; NULL: not said */
	const char *organisation;                 /* when the facts do not name it; or NULL */
	bool agenda_questions;                    /* the agenda gives the questions' words */
	const char *const *asked;                 /* --exclude-asked ids */
	size_t nasked;
};

/* Write the script to fp. facts may be NULL. Returns AK_ERR_OUTPUT on a
 * write error, AK_ERR_NOMEM when out of memory. */
ak_err render_script(FILE *fp, enum render_format fmt, const struct bank *b, const struct plan *p,
		     const struct facts *facts, const struct render_meta *m);

/* The script as JSON (docs/script-format.md): a new reference, NULL when
 * out of memory. The interview page is built on it. */
json_t *render_script_json(const struct bank *b, const struct plan *p, const struct facts *f,
			   const struct render_meta *m);

/* Append the question ids of an interview script in JSON (this module's
 * own output) to *ids, of *n and capacity *cap: new strings the caller
 * frees. A file that is not a script is reported with its name. */
ak_err render_read_script_ids(const char *path, char ***ids, size_t *n, size_t *cap);

/* "6.1-tell: 6.1, 4 min": the heading of a question's section in the
 * notes, the same in the Markdown script and the page's notes. */
void render_heading(char *buf, size_t n, const struct bank_question *q);
/* What the auditor says at the opening and the closing: NULL-terminated. */
const char *const *render_opening(void);
const char *const *render_closing(void);

/* "chief executive officer" for ceo, and so on. */
const char *render_role_title(enum bank_role r);
const char *render_audit_title(enum bank_audit a);

#endif
