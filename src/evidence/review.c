/* review.c: management-review minutes (docs/fetch.md, "Management review
 * minutes").
 *
 * The document becomes Markdown-like text (policy_html.c for HTML and
 * Confluence storage format), the text is cut into blocks (headings, lines,
 * list items, table rows), and the blocks into sections by their headings
 * and by label lines ("Present:", "**Apologies**", "5 — Decisions"). Then:
 *   - "Key: value" lines and two-cell table rows anywhere: Date, Chair,
 *     Present, Apologies, Next review, Decision, Resources approved, and a
 *     decision's Owner and Amount just after it;
 *   - in an attendance section, list items, lines and table rows are
 *     people (a table's status column may say who was absent); in an
 *     apologies section, the absent;
 *   - in a decisions section, list items, table rows (with their Owner and
 *     Amount columns) or, when there are neither, the sentences; an actions
 *     section is read the same way and used only when the minutes record no
 *     decisions;
 *   - in a resources section, list items, rows or the sentences naming
 *     money; in a next-review section, the first date;
 *   - the meeting's date, when no Date key gives it, is the first whole date
 *     before the first section (not on a line about a previous meeting, an
 *     approval or the next review), else the page title's.
 *
 * The walk is review_walk.c; review_int.h says how the files divide. */
#include "evidence/review.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "evidence/policy.h"

/* ======================================================================
 * Formats and the document's text
 * ====================================================================== */

bool review_format_known(const char *f)
{
	return f && (strcmp(f, "markdown") == 0 || strcmp(f, "text") == 0 ||
		     strcmp(f, "html") == 0 || strcmp(f, "confluence") == 0);
}

const char *review_formats(void) { return "markdown, text, html, confluence"; }

static bool json_envelope(const char *data, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && isspace((unsigned char)data[i]))
		i++;
	return i < len && data[i] == '{';
}

const char *review_raw_ext(const char *f, const char *data, size_t len)
{
	if (ak_streq(f, "markdown"))
		return "md";
	if (ak_streq(f, "html"))
		return "html";
	if (ak_streq(f, "confluence"))
		return json_envelope(data, len) ? "json" : "xml";
	return "txt";
}

/* The line and column of byte off. */
static void position(const char *data, size_t off, int *line, int *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (data[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)data[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

/* A Confluence REST answer: v1 content or v2 page, each with the page at
 * body.storage.value; a search (results[0]) is taken too. */
static ak_err confluence_json(const char *data, size_t len, const char *name, char **text,
			      char **title, struct ak_diags *d)
{
	json_error_t e;
	json_t *root = json_loadb(data, len, 0, &e), *page, *v, *t;
	ak_err err;

	if (!root) {
		ak_diags_add(d, name, e.line, e.column, "invalid JSON: %s", e.text);
		return AK_ERR_DATA;
	}
	page = root;
	if (!json_object_get(root, "body") && json_is_array(json_object_get(root, "results")))
		page = json_array_get(json_object_get(root, "results"), 0);
	v = json_object_get(json_object_get(json_object_get(page, "body"), "storage"), "value");
	if (!json_is_string(v)) {
		ak_diags_add(d, name, 1, 1,
			     "expected the page at 'body.storage.value' (ask for expand=body.storage "
			     "in v1 or body-format=storage in v2)");
		json_decref(root);
		return AK_ERR_DATA;
	}
	err = policy_html_to_text(json_string_value(v), json_string_length(v), text, title);
	t = json_object_get(page, "title");
	if (!err && json_is_string(t)) {
		free(*title);
		if (!(*title = ak_strdup(json_string_value(t))))
			err = AK_ERR_NOMEM;
	}
	json_decref(root);
	if (err) {
		free(*text);
		free(*title);
		*text = *title = NULL;
	}
	return err;
}

ak_err review_to_text(const char *format, const char *data, size_t len, const char *name,
		      char **text, char **title, struct ak_diags *d)
{
	static const struct {
		const char *magic;
		size_t n;
		const char *what;
	} binary[] = {
		{"%PDF-", 5, "a PDF file"},
		{"PK\x03\x04", 4, "a ZIP file (a Word or OpenDocument document?)"},
		{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "an old Word or Excel file"},
		{"{\\rtf", 5, "an RTF file"},
	};
	const char *nul;
	size_t bad, i;
	int line, col;

	*text = *title = NULL;
	if (ak_streq(format, "confluence") && json_envelope(data, len))
		return confluence_json(data, len, name, text, title, d);
	for (i = 0; i < sizeof binary / sizeof binary[0]; i++)
		if (len >= binary[i].n && memcmp(data, binary[i].magic, binary[i].n) == 0) {
			ak_diags_add(d, name, 1, 1,
				     "%s, not minutes as text: export them as HTML, Markdown or "
				     "text",
				     binary[i].what);
			return AK_ERR_DATA;
		}
	if ((bad = ak_utf8_check(data, len)) < len) {
		position(data, bad, &line, &col);
		ak_diags_add(d, name, line, col,
			     "not valid UTF-8 (byte 0x%02X); save the minutes as UTF-8",
			     (unsigned char)data[bad]);
		return AK_ERR_DATA;
	}
	if ((nul = memchr(data, '\0', len)) != NULL) {
		position(data, (size_t)(nul - data), &line, &col);
		ak_diags_add(d, name, line, col, "a NUL byte: this is not a text document");
		return AK_ERR_DATA;
	}
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	for (i = 0; i < len && isspace((unsigned char)data[i]); i++)
		;
	if (i == len) {
		ak_diags_add(d, name, 1, 0, "the minutes are empty");
		return AK_ERR_DATA;
	}
	if (ak_streq(format, "html") || ak_streq(format, "confluence"))
		return policy_html_to_text(data, len, text, title) == AK_OK ? AK_OK : AK_ERR_NOMEM;
	/* text and Markdown: line ends as LF */
	if (!(*text = malloc(len + 1)))
		return AK_ERR_NOMEM;
	for (i = 0, bad = 0; i < len; i++) {
		if (data[i] == '\r') {
			(*text)[bad++] = '\n';
			if (i + 1 < len && data[i + 1] == '\n')
				i++;
		} else {
			(*text)[bad++] = data[i];
		}
	}
	(*text)[bad] = '\0';
	return AK_OK;
}

/* ======================================================================
 * Putting it together
 * ====================================================================== */

void review_facts_release(struct review_facts *f)
{
	size_t i;

	free(f->date);
	free(f->chair);
	free(f->next_review);
	for (i = 0; i < f->nattendees; i++)
		free(f->attendees[i]);
	free(f->attendees);
	for (i = 0; i < f->napologies; i++)
		free(f->apologies[i]);
	free(f->apologies);
	for (i = 0; i < f->ndecisions; i++) {
		free(f->decisions[i].text);
		free(f->decisions[i].owner);
		free(f->decisions[i].amount);
	}
	free(f->decisions);
	for (i = 0; i < f->nresources; i++)
		free(f->resources[i]);
	free(f->resources);
	memset(f, 0, sizeof *f);
}

ak_err review_parse(const char *format, const char *data, size_t len, const char *name,
		    struct review_facts *out, struct ak_diags *d)
{
	char *text = NULL, *title = NULL;
	ak_err err;

	memset(out, 0, sizeof *out);
	if ((err = review_to_text(format, data, len, name, &text, &title, d)) != AK_OK)
		return err;
	err = review_extract(text, title, out);
	if (!err && !out->date && !out->chair && !out->next_review && !out->nattendees &&
	    !out->napologies && !out->ndecisions && !out->nresources) {
		ak_diags_add(d, name, 0, 0,
			     "no management review found: no date, attendance, decisions, "
			     "resources or next review (is this the minutes, or a sign-in page?)");
		review_facts_release(out);
		err = AK_ERR_DATA;
	}
	free(text);
	free(title);
	return err;
}
