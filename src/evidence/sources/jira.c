/* evidence/sources/jira.c: a risk register kept as Jira Cloud issues, read with the
 * enhanced search (GET /rest/api/3/search/jql). Pages are chained by
 * `nextPageToken`, which the last page leaves out (or sets to null, or marks
 * with isLast: true). Descriptions arrive in the Atlassian Document Format
 * and are flattened to text. Likelihood, impact and level live in custom
 * fields that differ per site, so they come from the field_map
 * ({"likelihood": "fields.customfield_10050"}); option values such as
 * {"value": "4 - Likely"} are read by their leading number. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evidence/sources/common.h"
#include "core/util.h"

static const struct src_paths defaults = {{
	[SRC_F_ID] = "key",
	[SRC_F_TITLE] = "fields.summary",
	[SRC_F_OWNER] = "fields.assignee.displayName|fields.assignee",
	[SRC_F_STATUS] = "fields.status.name|fields.status",
}};

/* The fields parameter: the ones read by default plus every "fields.X"
 * the field_map names. */
static char *fields_param(const struct src_config *c)
{
	struct ak_buf b = AK_BUF_INIT;
	const char *key;
	json_t *v;

	ak_buf_adds(&b, "fields=summary,description,assignee,status");
	if (c->field_map) {
		json_object_foreach(c->field_map, key, v) {
			const char *path = json_string_value(v), *end;
			if (!path || strncmp(path, "fields.", 7) != 0)
				continue;
			path += 7;
			end = strpbrk(path, ".|");
			ak_buf_addc(&b, ',');
			ak_buf_add(&b, path, end ? (size_t)(end - path) : strlen(path));
		}
	}
	return ak_buf_detach(&b);
}

char *src_jira_first_url(const struct src_config *c)
{
	char *base = src_url_default_path(c->url, "/rest/api/3/search/jql");
	char *jql = ak_asprintf("jql=%s", c->jql ? c->jql : "ORDER BY key");
	char *max = ak_asprintf("maxResults=%ld", c->page_size > 0 ? c->page_size : 50);
	char *fields = fields_param(c);
	char *url = NULL;

	if (base && jql && max && fields) {
		const char *params[3] = {jql, max, fields};
		url = src_url_add_params(base, params, 3);
	}
	free(base);
	free(jql);
	free(max);
	free(fields);
	return url;
}

/* Append the text of an ADF node: text nodes as they are, a line break
 * after each block. */
static void adf_text(const cJSON *node, struct ak_buf *b, int depth)
{
	const cJSON *t = src_json_get(node, "type"), *child;
	const char *type = cJSON_IsString(t) ? t->valuestring : NULL;

	if (depth > 64)
		return;
	if (type && strcmp(type, "text") == 0) {
		const cJSON *text = src_json_get(node, "text");
		if (cJSON_IsString(text))
			ak_buf_adds(b, text->valuestring);
		return;
	}
	if (type && strcmp(type, "hardBreak") == 0) {
		ak_buf_addc(b, '\n');
		return;
	}
	if (type && strcmp(type, "listItem") == 0)
		ak_buf_adds(b, "* ");
	child = src_json_get(node, "content");
	if (cJSON_IsArray(child)) {
		const cJSON *el;
		cJSON_ArrayForEach(el, child) {
			adf_text(el, b, depth + 1);
		}
	}
	if (type && strcmp(type, "doc") != 0 && strcmp(type, "listItem") != 0 &&
	    strcmp(type, "bulletList") != 0 && strcmp(type, "orderedList") != 0 && b->len &&
	    b->data[b->len - 1] != '\n')
		ak_buf_addc(b, '\n');
}

static ak_err description(const cJSON *item, struct risk *r)
{
	const cJSON *d = src_json_path(item, "fields.description");
	struct ak_buf b = AK_BUF_INIT;
	bool oom = false;

	if (!d)
		return AK_OK;
	if (cJSON_IsString(d)) { /* API v2, or a plain-text field */
		r->description = src_json_text(d, &oom);
		return oom ? AK_ERR_NOMEM : AK_OK;
	}
	if (!cJSON_IsObject(d))
		return AK_OK;
	adf_text(d, &b, 0);
	if (ak_buf_failed(&b)) {
		ak_buf_release(&b);
		return AK_ERR_NOMEM;
	}
	r->description = risk_strdup_trim(ak_buf_str(&b), b.len, &oom);
	ak_buf_release(&b);
	return oom ? AK_ERR_NOMEM : AK_OK;
}

/* The description as text, unless the field map names it. */
static ak_err jira_extra(const struct src_config *c, const struct src_page *p, const cJSON *item,
			 const char *where, struct risk *r)
{
	(void)p, (void)where;
	if (c->field_map && json_object_get(c->field_map, "description"))
		return AK_OK;
	return description(item, r);
}

/* Contract: appends the page's issues. */
ak_err src_jira_parse(const struct src_config *c, const struct src_page *p, struct risk_list *out)
{
	static const struct src_items how = {"'issues'", "issues", &defaults, NULL, NULL, jira_extra};

	return src_parse_json_items(c, p, out, &how);
}

/* Contract: *next is this page's URL with the new nextPageToken, or NULL on
 * the last page (no token, a null one, or isLast: true). */
ak_err src_jira_next(const struct src_config *c, const struct src_page *p, char **next)
{
	json_t *tok = NULL, *last = NULL;
	ak_err err;

	(void)c;
	if ((err = src_json_peek(p, "nextPageToken", &tok)) != AK_OK || !tok)
		return err;
	if ((err = src_json_peek(p, "isLast", &last)) != AK_OK)
		goto out;
	if (json_is_true(last))
		goto out;
	if (!json_is_string(tok)) {
		err = src_shape_error(p, "nextPageToken: expected a string");
		goto out;
	}
	*next = src_url_set_param(p->url, "nextPageToken", json_string_value(tok));
	if (!*next)
		err = AK_ERR_NOMEM;
out:
	json_decref(tok);
	json_decref(last);
	return err;
}
