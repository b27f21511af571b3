/* evidence/sources/json.c: a register as generic JSON: an array of objects, or an
 * envelope holding one at `path`, with a field_map naming where each field
 * is, and optionally the field holding the next page's URL (`next`). */
#include <stdio.h>
#include <stdlib.h>

#include "evidence/sources/common.h"
#include "core/util.h"

static const struct src_paths defaults = {{
	[SRC_F_ID] = "id|ref|ref_id|key|risk_id",
	[SRC_F_TITLE] = "title|name|summary|risk",
	[SRC_F_DESCRIPTION] = "description",
	[SRC_F_OWNER] = "owner|risk_owner",
	[SRC_F_LIKELIHOOD] = "likelihood|probability",
	[SRC_F_IMPACT] = "impact|consequence",
	[SRC_F_LEVEL] = "level|score|risk_score",
	[SRC_F_LEVEL_LABEL] = "level_label|rating",
	[SRC_F_TREATMENT] = "treatment|response",
	[SRC_F_STATUS] = "status",
}};

/* Contract: appends one risk per array element. */
ak_err src_json_parse(const struct src_config *c, const struct src_page *p, struct risk_list *out)
{
	struct src_items how = {NULL, c->path, &defaults, NULL, NULL, NULL};

	return src_parse_json_items(c, p, out, &how);
}

/* Contract: *next is a new absolute URL when c->next names a non-empty
 * string in the page. */
ak_err src_json_next(const struct src_config *c, const struct src_page *p, char **next)
{
	json_t *n = NULL;
	ak_err err;

	if (!c->next)
		return AK_OK;
	if ((err = src_json_peek(p, c->next, &n)) != AK_OK || !n)
		return err;
	if (!json_is_string(n)) {
		err = src_shape_error(p, "expected a URL string at '%s'", c->next);
	} else if (json_string_length(n) > 0) {
		*next = src_url_resolve(p->url, json_string_value(n));
		if (!*next)
			err = src_shape_error(p, "'%s' at '%s' is not a URL", json_string_value(n),
					      c->next);
	}
	json_decref(n);
	return err;
}
