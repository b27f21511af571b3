/* sources/common.c: JSON field paths, the field map and URL parameters,
 * shared by every source shape. */
#include "sources/common.h"

#include <curl/curl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "util.h"

const char *const src_field_names[SRC_NFIELDS] = {
	"id",     "title", "description", "owner",     "likelihood",
	"impact", "level", "level_label", "treatment", "status",
};

/* ======================================================================
 * JSON
 * ====================================================================== */

ak_err src_json_load(const struct src_page *p, json_t **root)
{
	json_error_t e;

	*root = json_loadb(p->data, p->len, JSON_DECODE_ANY, &e);
	if (!*root) {
		ak_diag_print(p->name, e.line, e.column, "invalid JSON: %s", e.text);
		return AK_ERR_DATA;
	}
	return AK_OK;
}

ak_err src_shape_error(const struct src_page *p, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ak_diag_print(p->name, 0, 0, "%s", msg);
	return AK_ERR_DATA;
}

/* One alternative: a dotted path of n bytes. */
static json_t *path_one(const json_t *v, const char *path, size_t n)
{
	const char *end = path + n;

	while (v && path < end) {
		const char *dot = memchr(path, '.', (size_t)(end - path));
		size_t len = (size_t)((dot ? dot : end) - path);
		if (json_is_object(v)) {
			v = json_object_getn(v, path, len);
		} else if (json_is_array(v)) {
			char idx[24];
			long i;
			if (len == 0 || len >= sizeof idx)
				return NULL;
			memcpy(idx, path, len);
			idx[len] = '\0';
			if (!ak_parse_long(idx, 0, 1L << 30, &i))
				return NULL;
			v = json_array_get(v, (size_t)i);
		} else {
			return NULL;
		}
		path += len + (dot ? 1 : 0);
	}
	return json_is_null(v) ? NULL : (json_t *)v;
}

json_t *src_json_path(const json_t *v, const char *path)
{
	if (!path || !*path)
		return json_is_null(v) ? NULL : (json_t *)v;
	for (;;) {
		const char *bar = strchr(path, '|');
		size_t n = bar ? (size_t)(bar - path) : strlen(path);
		json_t *got = path_one(v, path, n);
		if (got)
			return got;
		if (!bar)
			return NULL;
		path = bar + 1;
	}
}

char *src_json_text(const json_t *v, bool *oom)
{
	static const char *const display[] = {"display_value", "displayName", "name",
					      "value",         "str",         "label"};
	char *s = NULL;
	size_t i;

	if (!v)
		return NULL;
	switch (json_typeof(v)) {
	case JSON_STRING:
		return risk_strdup_trim(json_string_value(v), json_string_length(v), oom);
	case JSON_INTEGER:
		s = ak_asprintf("%lld", (long long)json_integer_value(v));
		break;
	case JSON_REAL:
		s = ak_asprintf("%.15g", json_real_value(v));
		break;
	case JSON_TRUE:
		s = ak_strdup("true");
		break;
	case JSON_FALSE:
		s = ak_strdup("false");
		break;
	case JSON_OBJECT:
		for (i = 0; i < sizeof display / sizeof display[0]; i++) {
			json_t *m = json_object_get(v, display[i]);
			if (m && !json_is_null(m) && !json_is_object(m))
				return src_json_text(m, oom);
		}
		return NULL;
	case JSON_ARRAY: {
		struct ak_buf b = AK_BUF_INIT;
		for (i = 0; i < json_array_size(v); i++) {
			char *t = src_json_text(json_array_get(v, i), oom);
			if (!t)
				continue;
			if (b.len)
				ak_buf_adds(&b, ", ");
			ak_buf_adds(&b, t);
			free(t);
		}
		if (b.len == 0) {
			ak_buf_release(&b);
			return NULL;
		}
		s = ak_buf_detach(&b);
		break;
	}
	case JSON_NULL:
		return NULL;
	}
	if (!s && oom)
		*oom = true;
	return s;
}

ak_err src_json_array(const struct src_page *p, json_t *root, const char *path, json_t **arr)
{
	json_t *v = src_json_path(root, path);

	if (!json_is_array(v)) {
		if (path && *path)
			return src_shape_error(p, "expected an array at '%s'%s", path,
					       v ? "" : ", which is missing");
		return src_shape_error(p, "expected a JSON array of risks");
	}
	*arr = v;
	return AK_OK;
}

ak_err src_score(const struct src_page *p, const char *where, const char *field, const char *text,
		 double *out, bool *has)
{
	if (!text)
		return AK_OK;
	if (!risk_parse_score(text, out))
		return src_shape_error(p, "%s: %s '%s' is not a number", where, field, text);
	*has = true;
	return AK_OK;
}

ak_err src_require(const struct src_page *p, const struct risk *r, const char *where)
{
	if (!r->id)
		return src_shape_error(p, "%s: the risk has no id", where);
	if (!r->title)
		return src_shape_error(p, "%s: risk '%s' has no title", where, r->id);
	return AK_OK;
}

ak_err src_fill_item(const struct src_page *p, const json_t *item, const char *where,
		     const struct src_paths *defaults, const json_t *field_map, const bool *skip,
		     struct risk *r)
{
	char **text_field[SRC_NFIELDS] = {
		[SRC_F_ID] = &r->id,
		[SRC_F_TITLE] = &r->title,
		[SRC_F_DESCRIPTION] = &r->description,
		[SRC_F_OWNER] = &r->owner,
		[SRC_F_LEVEL_LABEL] = &r->level_label,
		[SRC_F_TREATMENT] = &r->treatment,
		[SRC_F_STATUS] = &r->status,
	};
	bool oom = false;
	ak_err err;
	int i;

	if (!json_is_object(item))
		return src_shape_error(p, "%s: expected an object", where);
	for (i = 0; i < SRC_NFIELDS; i++) {
		const char *path = defaults->path[i];
		json_t *m = field_map ? json_object_get(field_map, src_field_names[i]) : NULL;
		char *text, fwhere[256];

		if (json_is_string(m))
			path = json_string_value(m);
		else if (skip && skip[i])
			continue;
		if (!path)
			continue;
		text = src_json_text(src_json_path(item, path), &oom);
		if (oom)
			return AK_ERR_NOMEM;
		if (text_field[i]) {
			free(*text_field[i]);
			*text_field[i] = text;
			continue;
		}
		snprintf(fwhere, sizeof fwhere, "%s.%s", where, path);
		if (i == SRC_F_LIKELIHOOD)
			err = src_score(p, fwhere, "likelihood", text, &r->likelihood, &r->has_likelihood);
		else if (i == SRC_F_IMPACT)
			err = src_score(p, fwhere, "impact", text, &r->impact, &r->has_impact);
		else
			err = src_score(p, fwhere, "level", text, &r->level, &r->has_level);
		free(text);
		if (err)
			return err;
	}
	return AK_OK;
}

/* ======================================================================
 * URLs (libcurl's URL parser, so they are read as libcurl will send them)
 * ====================================================================== */

static bool query_has(const char *query, const char *param)
{
	const char *eq = strchr(param, '=');
	size_t n = eq ? (size_t)(eq - param) : strlen(param);
	const char *q = query;

	while (q && *q) {
		if (strncmp(q, param, n) == 0 && (q[n] == '=' || q[n] == '&' || q[n] == '\0'))
			return true;
		q = strchr(q, '&');
		if (q)
			q++;
	}
	return false;
}

char *src_url_add_params(const char *url, const char *const *params, size_t n)
{
	CURLU *u = curl_url();
	char *query = NULL, *out = NULL, *s = NULL;
	size_t i;

	if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
		goto out;
	for (i = 0; i < n; i++) {
		curl_free(query);
		query = NULL;
		curl_url_get(u, CURLUPART_QUERY, &query, 0);
		if (query && query_has(query, params[i]))
			continue;
		if (curl_url_set(u, CURLUPART_QUERY, params[i], CURLU_APPENDQUERY | CURLU_URLENCODE) !=
		    CURLUE_OK)
			goto out;
	}
	if (curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK)
		out = ak_strdup(s);
out:
	curl_free(s);
	curl_free(query);
	curl_url_cleanup(u);
	return out;
}

char *src_url_default_path(const char *url, const char *path)
{
	CURLU *u = curl_url();
	char *cur = NULL, *s = NULL, *out = NULL;

	if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
		goto out;
	if (curl_url_get(u, CURLUPART_PATH, &cur, 0) != CURLUE_OK || !cur || strcmp(cur, "/") == 0 ||
	    !*cur) {
		if (curl_url_set(u, CURLUPART_PATH, path, 0) != CURLUE_OK)
			goto out;
	}
	if (curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK)
		out = ak_strdup(s);
out:
	curl_free(cur);
	curl_free(s);
	curl_url_cleanup(u);
	return out;
}

char *src_url_resolve(const char *base, const char *ref)
{
	CURLU *u = curl_url();
	char *s = NULL, *out = NULL;

	if (!u)
		return NULL;
	if ((!base || curl_url_set(u, CURLUPART_URL, base, 0) == CURLUE_OK) &&
	    curl_url_set(u, CURLUPART_URL, ref, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK)
		out = ak_strdup(s);
	curl_free(s);
	curl_url_cleanup(u);
	return out;
}

char *src_url_set_param(const char *url, const char *name, const char *value)
{
	CURLU *u = curl_url();
	char *query = NULL, *s = NULL, *out = NULL, *param = NULL;
	struct ak_buf kept = AK_BUF_INIT;
	size_t n = strlen(name);
	const char *q;

	if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
		goto out;
	curl_url_get(u, CURLUPART_QUERY, &query, 0);
	for (q = query; q && *q;) {
		const char *amp = strchr(q, '&');
		size_t len = amp ? (size_t)(amp - q) : strlen(q);
		if (!(len >= n && strncmp(q, name, n) == 0 && (len == n || q[n] == '='))) {
			if (kept.len)
				ak_buf_addc(&kept, '&');
			ak_buf_add(&kept, q, len);
		}
		q = amp ? amp + 1 : NULL;
	}
	param = ak_asprintf("%s=%s", name, value);
	if (!param || ak_buf_failed(&kept))
		goto out;
	if (curl_url_set(u, CURLUPART_QUERY, kept.len ? ak_buf_str(&kept) : NULL, 0) != CURLUE_OK ||
	    curl_url_set(u, CURLUPART_QUERY, param, CURLU_APPENDQUERY | CURLU_URLENCODE) != CURLUE_OK)
		goto out;
	if (curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK)
		out = ak_strdup(s);
out:
	free(param);
	ak_buf_release(&kept);
	curl_free(s);
	curl_free(query);
	curl_url_cleanup(u);
	return out;
}
