/* sources.h: the shapes a risk register arrives in, each turned into the
 * normalised risk_list (risk.h).
 *
 * A source is paged: src_first_url() gives the URL of the first page, and
 * src_parse_page() parses one page's bytes and says where the next page is
 * (NULL at the end). Parsers never touch the network or the disk, so the
 * unit tests feed them pages from memory and `fetch --offline` feeds them
 * the pages kept in a snapshot. Bad data is reported with ak_diag_print
 * against the page's name ("raw/risks-002.json: ...") and AK_ERR_DATA. */
#ifndef AK_SOURCES_H
#define AK_SOURCES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "evidence/risk.h"

/* The normalised fields a column_map or field_map may name. */
#define SRC_FIELDS "id, title, description, owner, likelihood, impact, level, level_label, treatment, status"

struct src_config {
	const char *format;  /* csv, json, ciso-assistant, jira, servicenow, simplerisk */
	const char *url;     /* absolute URL (file://, http://, https://) */
	json_t *column_map;  /* csv: {"id": "Ref No", ...}; borrowed, may be NULL */
	json_t *field_map;   /* json shapes: {"owner": "fields.assignee.displayName"} */
	const char *path;    /* json: where the array is in an envelope ("data.items") */
	const char *next;    /* json: field path of the next page's URL */
	const char *jql;     /* jira: the query (default "ORDER BY key") */
	const char *table;   /* servicenow: the table (default "sn_risk_risk") */
	long page_size;      /* items per page requested; 0: the source's default */
	char delimiter;      /* csv: 0 detect, or ',' ';' '\t' */
};

struct src_page {
	const char *data;      /* the bytes as received */
	size_t len;
	const char *name;      /* for messages: the raw file or the URL */
	const char *url;       /* the URL it came from (to resolve relative links) */
	const char *link_next; /* a Link: rel="next" target, if the response had one */
	int number;            /* 1 for the first page */
};

/* True if format names a source shape. */
bool src_known(const char *format);
/* The list of shapes, for messages. */
const char *src_names(void);
/* Check a column_map / field_map: an object of strings whose keys are
 * SRC_FIELDS. On failure prints a message naming where (e.g.
 * "sources.risks.field_map") and returns AK_ERR_DATA. */
ak_err src_check_map(const json_t *map, const char *where);

/* The first page's URL, a new string: the configured URL with the source's
 * endpoint and paging parameters added where the URL leaves them out.
 * NULL when out of memory. */
char *src_first_url(const struct src_config *c);

/* The two halves of src_parse_page, for a caller that asks for the next
 * page while this one is parsed (fetch_pages.c): the page's risks appended to
 * out; and where the next page is, from as little of the page as the shape
 * needs (a ServiceNow page's Link header, a CISO Assistant page's `next`
 * found by a scan). A caller reports a src_parse_items() error on a page
 * before a src_next_page() error on the same page, as src_parse_page does. */
ak_err src_parse_items(const struct src_config *c, const struct src_page *p,
		       struct risk_list *out);
ak_err src_next_page(const struct src_config *c, const struct src_page *p, char **next);

/* Parse one page, appending its risks to out. *next receives a new string
 * with the next page's absolute URL, or NULL when this was the last page.
 * The list is not finished (risk_list_finish) here. */
ak_err src_parse_page(const struct src_config *c, const struct src_page *p, struct risk_list *out,
		      char **next);

/* url with each "name=value" of params added, unless its query already
 * names it (sources/common.c). New string; NULL on failure. */
char *src_url_add_params(const char *url, const char *const *params, size_t n);

/* The suffix a raw page of this shape is kept under ("csv", "json"). */
const char *src_raw_ext(const char *format);

#endif
