/* review.h: management-review minutes read into what an auditor checks
 * against top management's answers: the date, who was present, who sent
 * apologies, the chair, each decision with its owner and amount, the
 * resources approved and the date of the next review (docs/fetch.md,
 * "Management review minutes").
 *
 * Minutes come as secretaries write them: Markdown or plain text, HTML, or
 * a Confluence page (its storage format, bare or in the REST API's JSON).
 * Everything here parses: nothing is printed and no file is written;
 * problems with the document go to a list of diagnostics with their line. */
#ifndef AK_REVIEW_H
#define AK_REVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "core/err.h"

struct review_decision {
	char *text;   /* the decision, without its reference number and annotations */
	char *owner;  /* as written ("Operations Director", "Marius Lie"); NULL: not given */
	char *amount; /* as written ("EUR 45,000", "£340k", "NOK 1.2 million"); NULL: not given */
};

struct review_facts {
	char *date;        /* the meeting, YYYY-MM-DD; NULL: not found */
	char *chair;       /* NULL: not stated */
	char *next_review; /* YYYY-MM-DD; NULL: not found (or no whole date given) */
	char **attendees;  /* names (or roles, where the minutes give no name) */
	size_t nattendees;
	char **apologies;  /* who sent apologies or is recorded as absent */
	size_t napologies;
	bool has_apologies; /* the minutes record apologies, perhaps "none" */
	struct review_decision *decisions;
	size_t ndecisions;
	char **resources;  /* the resources approved, each as written */
	size_t nresources;
	bool has_resources; /* the minutes record resources, perhaps "none" */
};

/* "markdown", "text", "html", "confluence". */
bool review_format_known(const char *format);
const char *review_formats(void);
/* The suffix the raw minutes are kept under: "md", "txt", "html"; for
 * Confluence "json" (the REST API's answer) or "xml" (bare storage format),
 * by the document's first byte. */
const char *review_raw_ext(const char *format, const char *data, size_t len);

/* Contract: the minutes' bytes as Markdown-like text (headings "# ", list
 * items "* ", table rows "| a | b |", bold "**") in a new *text, and for
 * HTML and Confluence the page title in a new *title (NULL if none). A
 * document that is not text (not UTF-8, a NUL byte, a PDF or Word file) or
 * an unusable Confluence answer is AK_ERR_DATA with a diagnostic naming
 * name and the line; nothing is allocated then. */
ak_err review_to_text(const char *format, const char *data, size_t len, const char *name,
		      char **text, char **title, struct ak_diags *d);

/* Contract: fills out (initialised here; release with review_facts_release)
 * from text as review_to_text makes it; title (may be NULL) gives the date
 * when the text does not. Finding nothing is not an error. Only
 * AK_ERR_NOMEM can fail it. */
ak_err review_extract(const char *text, const char *title, struct review_facts *out);

/* review_to_text then review_extract. Minutes in which nothing at all is
 * found (a sign-in page fetched in their place, say) are AK_ERR_DATA, with a
 * diagnostic; so is what review_to_text refuses. out is initialised here
 * and holds nothing unless AK_OK. */
ak_err review_parse(const char *format, const char *data, size_t len, const char *name,
		    struct review_facts *out, struct ak_diags *d);

void review_facts_release(struct review_facts *f);

#endif
