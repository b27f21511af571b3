/* policy.h: a policy document as text with headings, and the metadata an
 * auditor checks on it, found by the heuristic documented in docs/fetch.md:
 * title, version, approval date, approver, owner, review date, named roles,
 * statements of commitment and objectives.
 *
 * Everything here parses; nothing prints except bad input (a Confluence
 * page that is not the expected JSON), reported with ak_diag_print. */
#ifndef AK_POLICY_H
#define AK_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

struct policy_role {
	char *role, *name;
};

struct policy_facts {
	char *title, *version, *approved, *approver, *owner, *review_due; /* NULL: not found */
	char **commitments;
	size_t ncommitments;
	char **objectives;
	size_t nobjectives;
	struct policy_role *roles;
	size_t nroles;
};

/* "text", "markdown", "html", "confluence". */
bool policy_format_known(const char *format);
const char *policy_formats(void);
/* The suffix a raw policy of this format is kept under. */
const char *policy_raw_ext(const char *format);

/* Contract: turns the document's bytes into Markdown-like text (headings as
 * "# ", list items as "* ", table rows as "| a | b |") in a new *text; for
 * HTML and Confluence also a new *title_hint (the page title; NULL if none).
 * name is used in messages. AK_ERR_DATA for a Confluence answer without
 * body.storage.value. */
ak_err policy_to_text(const char *format, const char *data, size_t len, const char *name,
		      char **text, char **title_hint);

/* Contract: fills out (initialised here; release with policy_facts_release)
 * from text as policy_to_text makes it. title_hint is used when the text
 * names no title. Only AK_ERR_NOMEM can fail it. */
ak_err policy_extract(const char *text, const char *title_hint, struct policy_facts *out);
void policy_facts_release(struct policy_facts *f);

/* The first date in s as YYYY-MM-DD: 2026-02-10, 10/02/2026 and 10.02.2026
 * (day first), 10 February 2026, 10 Feb 2026, February 10, 2026. */
bool policy_parse_date(const char *s, char out[11]);

/* HTML (and Confluence storage format) to text; policy_html.c. New string
 * in *text, the <title> in *title (may be NULL). */
ak_err policy_html_to_text(const char *html, size_t len, char **text, char **title);

#endif
