/* evidence/sources/ciso_assistant.c: CISO Assistant's risk scenarios
 * (GET /api/risk-scenarios/, Django REST framework paging:
 * {count, next, previous, results}, `next` possibly a relative path).
 *
 * Probability, impact and level are objects from the assessment's risk
 * matrix, {"value": index, "name": "High", ...}, with value -1 when the
 * scenario is not rated. They are normalised to their rank in the matrix
 * (value + 1, so 1 is the lowest), and the level's name is its label. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evidence/sources/common.h"
#include "core/util.h"

static const struct src_paths defaults = {{
	[SRC_F_ID] = "ref_id|id",
	[SRC_F_TITLE] = "name",
	[SRC_F_DESCRIPTION] = "description",
	[SRC_F_OWNER] = "owner",
	[SRC_F_TREATMENT] = "treatment",
	[SRC_F_STATUS] = "status",
}};

char *src_ciso_first_url(const struct src_config *c)
{
	char *base = src_url_default_path(c->url, "/api/risk-scenarios/"), *url;
	char limit[40];
	const char *params[1] = {limit};

	if (!base)
		return NULL;
	if (c->page_size <= 0)
		return base;
	snprintf(limit, sizeof limit, "limit=%ld", c->page_size);
	url = src_url_add_params(base, params, 1);
	free(base);
	return url;
}

/* A matrix rating: {"value": n, "name": ...}; value < 0 is "not rated".
 * A plain number or numeric string is taken as it is. */
static ak_err rating(const struct src_page *p, const char *where, const cJSON *item,
		     const char *key, double *v, bool *has, char **label)
{
	const cJSON *o = src_json_get(item, key), *val;
	char path[200];

	if (!o || cJSON_IsNull(o))
		return AK_OK;
	snprintf(path, sizeof path, "%s.%s", where, key);
	if (cJSON_IsNumber(o)) {
		if (o->valuedouble >= 0) {
			*v = o->valuedouble + 1;
			*has = true;
		}
		return AK_OK;
	}
	if (cJSON_IsString(o)) { /* older servers sent only the name */
		if (label && *o->valuestring && strcmp(o->valuestring, "--") != 0 &&
		    !(*label = ak_strdup(o->valuestring)))
			return AK_ERR_NOMEM;
		return AK_OK;
	}
	if (!cJSON_IsObject(o))
		return src_shape_error(p, "%s: expected a rating object", path);
	val = src_json_get(o, "value");
	if (val && !cJSON_IsNumber(val))
		return src_shape_error(p, "%s.value: expected a number", path);
	if (!val || val->valuedouble < 0)
		return AK_OK; /* not rated */
	*v = val->valuedouble + 1;
	*has = true;
	if (label) {
		const cJSON *name = src_json_get(o, "name");
		if (cJSON_IsString(name) && *name->valuestring &&
		    !(*label = ak_strdup(name->valuestring)))
			return AK_ERR_NOMEM;
	}
	return AK_OK;
}

/* The three ratings, unless the field map names where they are. */
static ak_err ratings(const struct src_config *c, const struct src_page *p, const cJSON *item,
		      const char *where, struct risk *r)
{
	const json_t *fm = c->field_map;
	ak_err err = AK_OK;

	if (!(fm && json_object_get(fm, "likelihood")))
		err = rating(p, where, item, "current_proba", &r->likelihood, &r->has_likelihood, NULL);
	if (!err && !(fm && json_object_get(fm, "impact")))
		err = rating(p, where, item, "current_impact", &r->impact, &r->has_impact, NULL);
	if (!err && !(fm && json_object_get(fm, "level")))
		err = rating(p, where, item, "current_level", &r->level, &r->has_level,
			     r->level_label ? NULL : &r->level_label);
	return err;
}

/* Contract: appends the page's scenarios. */
ak_err src_ciso_parse(const struct src_config *c, const struct src_page *p, struct risk_list *out)
{
	static const bool skip[SRC_NFIELDS] = {
		[SRC_F_LIKELIHOOD] = true, [SRC_F_IMPACT] = true, [SRC_F_LEVEL] = true,
		[SRC_F_LEVEL_LABEL] = true};
	static const struct src_items how = {"'count', 'next' and 'results'", "results", &defaults,
					     skip, NULL, ratings};

	return src_parse_json_items(c, p, out, &how);
}

/* Contract: *next is the absolute URL of the next page (`next`, possibly a
 * relative path, resolved against this page's URL) or NULL when it is null. */
ak_err src_ciso_next(const struct src_config *c, const struct src_page *p, char **next)
{
	json_t *n = NULL;
	ak_err err;

	(void)c;
	if ((err = src_json_peek(p, "next", &n)) != AK_OK || !n)
		return err;
	if (!json_is_string(n)) {
		err = src_shape_error(p, "next: expected a URL or null");
	} else {
		*next = src_url_resolve(p->url, json_string_value(n));
		if (!*next)
			err = src_shape_error(p, "next: '%s' is not a URL", json_string_value(n));
	}
	json_decref(n);
	return err;
}
