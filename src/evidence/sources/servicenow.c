/* evidence/sources/servicenow.c: risks in a ServiceNow table, read with the Table
 * API (GET /api/now/table/<table>, default the IRM table sn_risk_risk):
 * {"result": [...]}, with the next page named by the Link header
 * (rel="next"), as ServiceNow pages with sysparm_limit / sysparm_offset.
 * Display values are requested, so references and choices arrive as the
 * text a person sees ("Maria Keller", "3 - Possible"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evidence/sources/common.h"
#include "core/util.h"

static const struct src_paths defaults = {{
	[SRC_F_ID] = "number|sys_id",
	[SRC_F_TITLE] = "name|short_description",
	[SRC_F_DESCRIPTION] = "description",
	[SRC_F_OWNER] = "owner",
	[SRC_F_LIKELIHOOD] = "residual_likelihood|likelihood",
	[SRC_F_IMPACT] = "residual_impact|impact",
	[SRC_F_LEVEL] = "residual_score|score",
	[SRC_F_LEVEL_LABEL] = "residual_risk|risk_rating",
	[SRC_F_TREATMENT] = "response",
	[SRC_F_STATUS] = "state",
}};

char *src_servicenow_first_url(const struct src_config *c)
{
	char *path = ak_asprintf("/api/now/table/%s", c->table ? c->table : "sn_risk_risk");
	char *base = path ? src_url_default_path(c->url, path) : NULL;
	char *limit = ak_asprintf("sysparm_limit=%ld", c->page_size > 0 ? c->page_size : 100);
	char *url = NULL;

	if (base && limit) {
		const char *params[4] = {limit, "sysparm_offset=0", "sysparm_display_value=true",
					 "sysparm_exclude_reference_link=true"};
		url = src_url_add_params(base, params, 4);
	}
	free(path);
	free(base);
	free(limit);
	return url;
}

/* Contract: appends the page's records. */
ak_err src_servicenow_parse(const struct src_config *c, const struct src_page *p,
			    struct risk_list *out)
{
	static const struct src_items how = {"'result'", "result", &defaults, NULL, NULL, NULL};

	return src_parse_json_items(c, p, out, &how);
}

/* Contract: *next is the Link rel="next" target resolved against this
 * page's URL, or NULL; an empty page ends the paging whatever the header
 * says (ServiceNow keeps offering a next page past the end). */
ak_err src_servicenow_next(const struct src_config *c, const struct src_page *p, char **next)
{
	const char *v;
	size_t n;
	bool more;
	ak_err err = AK_OK;

	(void)c;
	if (!p->link_next || !*p->link_next)
		return AK_OK;
	/* Whether `result` holds anything, from its first bytes. */
	switch (src_json_peek_raw(p, "result", &v, &n)) {
	case SRC_PEEK_FOUND:
		more = n >= 2 && v[0] == '[' && v[n - 1] == ']' && strspn(v + 1, " \t\r\n") < n - 2;
		break;
	case SRC_PEEK_ABSENT:
		more = false;
		break;
	default: {
		cJSON *root;
		if ((err = src_json_load(p, &root)) != AK_OK)
			return err;
		more = cJSON_GetArraySize(src_json_get(root, "result")) > 0 &&
		       cJSON_IsArray(src_json_get(root, "result"));
		src_json_free(root);
	}
	}
	if (more) {
		*next = src_url_resolve(p->url, p->link_next);
		if (!*next)
			err = src_shape_error(p, "the Link header's next page '%s' is not a URL",
					      p->link_next);
	}
	return err;
}
