/* evidence/sources/common.h: what the source shapes share (internal to src/evidence/sources/):
 * field paths into JSON items, the field map, URL parameters, and the
 * per-shape entry points the dispatch table in table.c lists. */
#ifndef AK_SOURCES_COMMON_H
#define AK_SOURCES_COMMON_H

#include <cjson/cJSON.h>
#include <jansson.h>
#include <stdbool.h>

#include "core/err.h"
#include "evidence/risk.h"
#include "evidence/sources.h"

enum {
	SRC_F_ID,
	SRC_F_TITLE,
	SRC_F_DESCRIPTION,
	SRC_F_OWNER,
	SRC_F_LIKELIHOOD,
	SRC_F_IMPACT,
	SRC_F_LEVEL,
	SRC_F_LEVEL_LABEL,
	SRC_F_TREATMENT,
	SRC_F_STATUS,
	SRC_NFIELDS
};

/* "id", "title", ... in the order above. */
extern const char *const src_field_names[SRC_NFIELDS];

/* Default field paths of a JSON shape, one per field; a path may list
 * alternatives separated by '|' ("name|short_description"); NULL: none. */
struct src_paths {
	const char *path[SRC_NFIELDS];
};

/* Parse the page as JSON (cJSON, after refusing bytes that are not UTF-8,
 * NUL bytes and \u0000). On failure prints "NAME:LINE:COL: invalid JSON:
 * ..." and returns AK_ERR_DATA. *root is new; src_json_free() it. */
ak_err src_json_load(const struct src_page *p, cJSON **root);
/* Free a tree src_json_load() gave, with everything cJSON allocated on this
 * thread since (the tree lives in an arena; loads and frees nest). */
void src_json_free(cJSON *root);

/* The value at a dotted path of object keys ("next", "links.next") of the
 * page, found by a scan that does not parse the rest of the page and
 * decoded alone (with jansson, so it may run beside a cJSON parse on
 * another thread); when the scan is not sure, the whole page is parsed.
 * *value is new (NULL when absent or JSON null); errors as src_json_load. */
ak_err src_json_peek(const struct src_page *p, const char *path, json_t **value);

/* The scan alone: the raw text of the value at path (*v, *n bytes). */
enum { SRC_PEEK_FOUND, SRC_PEEK_ABSENT, SRC_PEEK_UNSURE };
int src_json_peek_raw(const struct src_page *p, const char *path, const char **v, size_t *n);

/* Member key of object o (the first one when repeated); NULL if none. */
const cJSON *src_json_get(const cJSON *o, const char *key);
const cJSON *src_json_getn(const cJSON *o, const char *key, size_t n);

/* Follow a dotted path ("fields.assignee.displayName", "items.0.id") from v;
 * alternatives separated by '|' are tried in turn. Borrowed; NULL when
 * absent or JSON null. */
const cJSON *src_json_path(const cJSON *v, const char *path);

/* False for a number that a double does not hold exactly as sent: out of
 * range, or a whole number of 2^53 or more (an id, say). */
bool src_json_exact(const cJSON *v);

/* The text of a JSON value: a string as it is, a number in shortest form,
 * true/false, an object by its display member (display_value, displayName,
 * name, value, str, label), an array as its elements' texts joined by ", ".
 * New string; NULL for null/empty or when out of memory (*oom set). */
char *src_json_text(const cJSON *v, bool *oom);

/* Print "NAME: PATH: what" for a shape that is not as expected; returns
 * AK_ERR_DATA. */
ak_err src_shape_error(const struct src_page *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The array at path in root (root itself for path NULL or ""), or a shape
 * error naming the path. */
ak_err src_json_array(const struct src_page *p, const cJSON *root, const char *path,
		      const cJSON **arr);

/* Fill r from one JSON item using the defaults overridden by field_map.
 * where names the item in messages ("results[3]"). Scores that are not
 * numbers, and a missing id or title, are AK_ERR_DATA. Fields a shape
 * handles itself are skipped when skip[i] is true (skip may be NULL). */
ak_err src_fill_item(const struct src_page *p, const cJSON *item, const char *where,
		     const struct src_paths *defaults, const json_t *field_map, const bool *skip,
		     struct risk *r);

/* How a JSON shape's page holds its risks, for src_parse_json_items(). */
struct src_items {
	const char *object;   /* the page must be an object "with ..." this; NULL: any */
	const char *path;     /* the array of risks ("results", "data.risks"); NULL: the page */
	const struct src_paths *defaults;
	const bool *skip;     /* fields the shape reads itself (may be NULL) */
	/* the envelope, before any risk (SimpleRisk's status); may be NULL */
	ak_err (*check)(const struct src_page *p, const cJSON *root);
	/* what the shape reads itself, after the fields; may be NULL */
	ak_err (*extra)(const struct src_config *c, const struct src_page *p, const cJSON *item,
			const char *where, struct risk *r);
};

/* The page loop every JSON shape shares: parse, check, then for each item
 * of the array a risk from the defaults and the field map, the shape's
 * extra, and the id/title check. Items are named PATH[i] in messages. */
ak_err src_parse_json_items(const struct src_config *c, const struct src_page *p,
			    struct risk_list *out, const struct src_items *how);

/* Check that r has an id and a title, naming where and the path tried. */
ak_err src_require(const struct src_page *p, const struct risk *r, const char *where);

/* Parse a score text for field `field` of item `where`; AK_ERR_DATA naming
 * both when it is not a number. */
ak_err src_score(const struct src_page *p, const char *where, const char *field, const char *text,
		 double *out, bool *has);

/* url with each "name=value" of params added, unless the URL's query already
 * names it. New string; NULL when out of memory or url is not a URL. */
char *src_url_add_params(const char *url, const char *const *params, size_t n);
/* url with its path set to path when it has none (or "/"). New string. */
char *src_url_default_path(const char *url, const char *path);
/* url with the query parameter name set to value (replacing any earlier
 * value). New string; NULL when out of memory or url is not a URL. */
char *src_url_set_param(const char *url, const char *name, const char *value);
/* ref resolved against base (ref may be absolute or a relative path).
 * New string; NULL when it cannot be resolved. */
char *src_url_resolve(const char *base, const char *ref);

/* ---- the shapes (one file each) ----------------------------------------
 * parse: the page's risks, appended to out. next: where the next page is
 * (a new absolute URL in *next, or NULL), from as little of the page as
 * possible; called only for a page whose risks were read or are being read
 * (fetch_pages.c reports a parse error before a next-page error). */
ak_err src_csv_parse(const struct src_config *c, const struct src_page *p, struct risk_list *out);
ak_err src_json_parse(const struct src_config *c, const struct src_page *p, struct risk_list *out);
ak_err src_json_next(const struct src_config *c, const struct src_page *p, char **next);
char *src_ciso_first_url(const struct src_config *c);
ak_err src_ciso_parse(const struct src_config *c, const struct src_page *p, struct risk_list *out);
ak_err src_ciso_next(const struct src_config *c, const struct src_page *p, char **next);
char *src_jira_first_url(const struct src_config *c);
ak_err src_jira_parse(const struct src_config *c, const struct src_page *p, struct risk_list *out);
ak_err src_jira_next(const struct src_config *c, const struct src_page *p, char **next);
char *src_servicenow_first_url(const struct src_config *c);
ak_err src_servicenow_parse(const struct src_config *c, const struct src_page *p,
			    struct risk_list *out);
ak_err src_servicenow_next(const struct src_config *c, const struct src_page *p, char **next);
char *src_simplerisk_first_url(const struct src_config *c);
ak_err src_simplerisk_parse(const struct src_config *c, const struct src_page *p,
			    struct risk_list *out);

#endif
