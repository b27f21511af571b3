/* fetch_config.c: audit.json as far as fetching goes. Unknown members of a
 * source are errors (a typing mistake must not silently drop a column map);
 * "$comment" members, as `auditkit init` writes them, are ignored anywhere. */
#include "evidence/fetch_config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/textin.h"
#include "core/jpos.h"
#include "core/msg.h"
#include "evidence/policy.h"
#include "evidence/review.h"
#include "core/util.h"

struct ctx {
	const char *file;
	struct jpos *pos;
	char *dir; /* the file's folder, for relative file URLs */
};

/* "FILE:LINE:COL: where: message" for the JSON Pointer ptr. */
static ak_err cfg_error(const struct ctx *x, const char *ptr, const char *fmt, ...)
	AK_PRINTF(3, 4);

static ak_err cfg_error(const struct ctx *x, const char *ptr, const char *fmt, ...)
{
	struct jpos_loc loc = {0, 0, 0, 0, 0};
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (x->pos && ptr)
		jpos_find(x->pos, ptr, &loc);
	ak_diag_print(x->file, loc.key_line ? loc.key_line : loc.line,
		      loc.key_line ? loc.key_col : loc.col, "%s", msg);
	return AK_ERR_DATA;
}

void fetch_config_init(struct fetch_config *c) { memset(c, 0, sizeof *c); }

bool fetch_source_allow_host(struct fetch_source *s, const char *host)
{
	size_t cap = s->nallow_hosts;
	char *h = ak_strdup(host);

	if (!h || !ak_grow(&s->allow_hosts, &cap, s->nallow_hosts + 1, sizeof *s->allow_hosts)) {
		free(h);
		return false;
	}
	s->allow_hosts[s->nallow_hosts++] = h;
	return true;
}

static void source_release(struct fetch_source *s)
{
	free(s->where);
	free(s->given_url);
	free(s->url);
	free(s->format);
	free((char *)s->auth.env);
	free((char *)s->auth.user_env);
	free((char *)s->auth.password_env);
	free((char *)s->auth.header);
	json_decref(s->column_map);
	json_decref(s->field_map);
	{
		size_t i;
		for (i = 0; i < s->nallow_hosts; i++)
			free(s->allow_hosts[i]);
		free(s->allow_hosts);
	}
	free(s->path);
	free(s->next);
	free(s->jql);
	free(s->table);
	memset(s, 0, sizeof *s);
}

void fetch_config_release(struct fetch_config *c)
{
	free(c->organisation);
	free(c->scope);
	source_release(&c->policy);
	source_release(&c->risks);
	source_release(&c->review);
	fetch_config_init(c);
}

/* A string member into *out (replacing it); absent is fine. */
static ak_err get_str(const struct ctx *x, json_t *o, const char *key, const char *ptr,
		      char **out)
{
	json_t *v = json_object_get(o, key);
	char p[256];

	if (!v)
		return AK_OK;
	snprintf(p, sizeof p, "%s/%s", ptr, key);
	if (!json_is_string(v) || json_string_length(v) == 0)
		return cfg_error(x, p, "'%s' must be a non-empty string", key);
	free(*out);
	*out = ak_strdup(json_string_value(v));
	return *out ? AK_OK : AK_ERR_NOMEM;
}

static ak_err check_keys(const struct ctx *x, json_t *o, const char *ptr, const char *where,
			 const char *const *known)
{
	const char *key;
	json_t *v;
	char p[256];
	size_t i;

	json_object_foreach(o, key, v) {
		bool ok = key[0] == '$';
		for (i = 0; !ok && known[i]; i++)
			ok = strcmp(key, known[i]) == 0;
		if (!ok) {
			snprintf(p, sizeof p, "%s/%s", ptr, key);
			return cfg_error(x, p, "%s: unknown field '%s'", where, key);
		}
	}
	return AK_OK;
}

static ak_err read_auth(const struct ctx *x, json_t *a, const char *ptr, struct fetch_source *s)
{
	static const char *const known[] = {"type", "env", "user_env", "password_env", "header",
					    NULL};
	char p[256], *type = NULL, *where = NULL;
	ak_err err;

	snprintf(p, sizeof p, "%s/auth", ptr);
	if (!json_is_object(a))
		return cfg_error(x, p, "%s.auth must be an object", s->where);
	where = ak_asprintf("%s.auth", s->where);
	if (!where)
		return AK_ERR_NOMEM;
	if ((err = check_keys(x, a, p, where, known)) != AK_OK ||
	    (err = get_str(x, a, "type", p, &type)) != AK_OK ||
	    (err = get_str(x, a, "env", p, (char **)&s->auth.env)) != AK_OK ||
	    (err = get_str(x, a, "user_env", p, (char **)&s->auth.user_env)) != AK_OK ||
	    (err = get_str(x, a, "password_env", p, (char **)&s->auth.password_env)) != AK_OK ||
	    (err = get_str(x, a, "header", p, (char **)&s->auth.header)) != AK_OK)
		goto out;
	if (!type || !fetch_auth_kind_parse(type, &s->auth.kind)) {
		err = cfg_error(x, p, "%s.type must be one of bearer, token, basic, api-key", where);
		goto out;
	}
	if ((s->auth.kind == FETCH_AUTH_BEARER || s->auth.kind == FETCH_AUTH_TOKEN ||
	     s->auth.kind == FETCH_AUTH_API_KEY) &&
	    !s->auth.env) {
		err = cfg_error(x, p, "%s: '%s' needs 'env', the name of the environment variable "
				      "holding the credential",
				where, type);
		goto out;
	}
	if (s->auth.kind == FETCH_AUTH_BASIC && (!s->auth.user_env || !s->auth.password_env)) {
		err = cfg_error(x, p, "%s: 'basic' needs 'user_env' and 'password_env', the names "
				      "of the environment variables holding them",
				where);
		goto out;
	}
out:
	free(type);
	free(where);
	return err;
}

static bool format_known(const char *format, enum fetch_kind kind)
{
	return kind == FETCH_RISKS    ? src_known(format)
	       : kind == FETCH_REVIEW ? review_format_known(format)
				      : policy_format_known(format);
}

static const char *format_names(enum fetch_kind kind)
{
	return kind == FETCH_RISKS    ? src_names()
	       : kind == FETCH_REVIEW ? review_formats()
				      : policy_formats();
}

/* "allow_hosts": ["cdn.example.org"], the other hosts a redirect or a next
 * page of this source may lead to. */
static ak_err read_hosts(const struct ctx *x, json_t *v, const char *ptr, struct fetch_source *s)
{
	json_t *e;
	char p[256];
	size_t i;

	snprintf(p, sizeof p, "%s/allow_hosts", ptr);
	if (!json_is_array(v))
		return cfg_error(x, p, "%s.allow_hosts must be an array of host names", s->where);
	json_array_foreach(v, i, e) {
		const char *h = json_string_value(e);
		if (!h || !*h || strpbrk(h, "/:@ ")) {
			snprintf(p, sizeof p, "%s/allow_hosts/%zu", ptr, i);
			return cfg_error(x, p, "%s.allow_hosts[%zu] must be a host name (such as "
					       "\"cdn.example.org\")",
					 s->where, i);
		}
		if (!fetch_source_allow_host(s, h))
			return AK_ERR_NOMEM;
	}
	return AK_OK;
}

static ak_err read_source(const struct ctx *x, json_t *o, const char *name,
			  struct fetch_source *s, enum fetch_kind kind)
{
	bool risks = kind == FETCH_RISKS;
	static const char *const known_risks[] = {"url",  "format", "auth", "column_map",
						  "field_map", "path", "next", "page_size",
						  "jql", "table", "delimiter", "allow_hosts", NULL};
	static const char *const known_policy[] = {"url", "format", "auth", "allow_hosts", NULL};
	char ptr[128], p[256], *url = NULL, *delim = NULL;
	json_t *v;
	ak_err err;

	snprintf(ptr, sizeof ptr, "/sources/%s", name);
	if (!(s->where = ak_asprintf("sources.%s", name)))
		return AK_ERR_NOMEM;
	if (!json_is_object(o))
		return cfg_error(x, ptr, "%s must be an object", s->where);
	if ((err = check_keys(x, o, ptr, s->where, risks ? known_risks : known_policy)) != AK_OK)
		return err;
	if ((err = get_str(x, o, "url", ptr, &url)) != AK_OK)
		return err;
	if (!url)
		return cfg_error(x, ptr, "%s has no 'url'", s->where);
	if (fetch_url_has_userinfo(url)) {
		free(url);
		snprintf(p, sizeof p, "%s/url", ptr);
		return cfg_error(x, p, "%s.url: credentials in URLs are refused; name an "
				       "environment variable in 'auth' instead",
				 s->where);
	}
	s->given_url = url;
	if ((err = fetch_url_absolute(url, x->dir, &s->url)) != AK_OK) {
		snprintf(p, sizeof p, "%s/url", ptr);
		return cfg_error(x, p, "%s.url: '%s' is not a source auditkit can read", s->where,
				 url);
	}
	s->set = true;
	{
		char *format = NULL;
		if ((err = get_str(x, o, "format", ptr, &format)) != AK_OK)
			return err;
		if (format) {
			if (!format_known(format, kind)) {
				snprintf(p, sizeof p, "%s/format", ptr);
				cfg_error(x, p, "%s.format: '%s' is not one of %s", s->where, format,
					  format_names(kind));
				free(format);
				return AK_ERR_DATA;
			}
			s->format = format;
		}
	}
	if ((v = json_object_get(o, "auth")) && (err = read_auth(x, v, ptr, s)) != AK_OK)
		return err;
	if ((v = json_object_get(o, "allow_hosts")) && (err = read_hosts(x, v, ptr, s)) != AK_OK)
		return err;
	if (!risks)
		return AK_OK;
	s->column_map = json_incref(json_object_get(o, "column_map"));
	s->field_map = json_incref(json_object_get(o, "field_map"));
	{
		char *w1 = ak_asprintf("%s.column_map", s->where);
		char *w2 = ak_asprintf("%s.field_map", s->where);
		if (!w1 || !w2) {
			free(w1);
			free(w2);
			return AK_ERR_NOMEM;
		}
		err = src_check_map(s->column_map, w1);
		if (!err)
			err = src_check_map(s->field_map, w2);
		free(w1);
		free(w2);
		if (err) {
			cfg_error(x, ptr, "in the file above");
			return err;
		}
	}
	if ((err = get_str(x, o, "path", ptr, &s->path)) != AK_OK ||
	    (err = get_str(x, o, "next", ptr, &s->next)) != AK_OK ||
	    (err = get_str(x, o, "jql", ptr, &s->jql)) != AK_OK ||
	    (err = get_str(x, o, "table", ptr, &s->table)) != AK_OK ||
	    (err = get_str(x, o, "delimiter", ptr, &delim)) != AK_OK)
		return err;
	if (delim) {
		char d = strcmp(delim, "tab") == 0 ? '\t' : delim[0];
		bool ok = (d == ',' || d == ';' || d == '\t') && (delim[1] == '\0' || d == '\t');
		free(delim);
		if (!ok) {
			snprintf(p, sizeof p, "%s/delimiter", ptr);
			return cfg_error(x, p, "%s.delimiter must be \",\", \";\" or \"tab\"", s->where);
		}
		s->delimiter = d;
	}
	v = json_object_get(o, "page_size");
	if (v) {
		snprintf(p, sizeof p, "%s/page_size", ptr);
		if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 10000)
			return cfg_error(x, p, "%s.page_size must be a whole number from 1 to 10000",
					 s->where);
		s->page_size = (long)json_integer_value(v);
	}
	return AK_OK;
}

/* organisation: "Name" or {"name": ..., "scope": ...}. */
static ak_err read_org(const struct ctx *x, json_t *root, struct fetch_config *c)
{
	json_t *o = json_object_get(root, "organisation");
	ak_err err;

	if (json_is_object(o)) {
		if ((err = get_str(x, o, "name", "/organisation", &c->organisation)) != AK_OK ||
		    (err = get_str(x, o, "scope", "/organisation", &c->scope)) != AK_OK)
			return err;
	} else if ((err = get_str(x, root, "organisation", "", &c->organisation)) != AK_OK) {
		return err;
	}
	return get_str(x, root, "scope", "", &c->scope);
}

ak_err fetch_config_read(const char *path, struct fetch_config *c)
{
	static const char *const top[] = {"format", "organisation", "scope",        "standard",
					  "audit_type", "dates",    "team", "interviewees",
					  "sources", NULL};
	struct ctx x = {path, NULL, NULL};
	json_error_t e;
	json_t *root = NULL, *src, *v;
	char *text = NULL, *slash;
	const char *key;
	size_t len;
	ak_err err;

	if ((err = ak_read_text(path, 16u << 20, 0, &text, &len)) != AK_OK)
		return err;
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);
	if (!root) {
		ak_diag_print(path, e.line, e.column, "%s", e.text);
		err = AK_ERR_DATA;
		goto out;
	}
	x.pos = jpos_build(text, len);
	x.dir = ak_strdup(path);
	if (!x.dir) {
		err = AK_ERR_NOMEM;
		goto out;
	}
	slash = strrchr(x.dir, '/');
	if (slash)
		slash[slash == x.dir ? 1 : 0] = '\0';
	else { /* x.dir holds the path, at least one byte and its NUL: "." fits */
		x.dir[0] = '.';
		x.dir[1] = '\0';
	}
	if (!json_is_object(root)) {
		err = cfg_error(&x, "", "expected a JSON object");
		goto out;
	}
	v = json_object_get(root, "format");
	if (!ak_streq(json_string_value(v), "auditkit-audit/1")) {
		err = cfg_error(&x, "/format", "format: expected \"auditkit-audit/1\"");
		goto out;
	}
	json_object_foreach(root, key, v) {
		size_t i;
		bool ok = key[0] == '$';
		for (i = 0; !ok && top[i]; i++)
			ok = strcmp(key, top[i]) == 0;
		if (!ok) {
			char p[256];
			snprintf(p, sizeof p, "/%s", key);
			err = cfg_error(&x, p, "unknown field '%s'", key);
			goto out;
		}
	}
	if ((err = read_org(&x, root, c)) != AK_OK)
		goto out;
	src = json_object_get(root, "sources");
	if (src) {
		static const char *const known[] = {"policy", "risks", "review", NULL};
		if (!json_is_object(src)) {
			err = cfg_error(&x, "/sources", "sources must be an object");
			goto out;
		}
		if ((err = check_keys(&x, src, "/sources", "sources", known)) != AK_OK)
			goto out;
		if ((v = json_object_get(src, "policy")) &&
		    (err = read_source(&x, v, "policy", &c->policy, FETCH_POLICY)) != AK_OK)
			goto out;
		if ((v = json_object_get(src, "risks")) &&
		    (err = read_source(&x, v, "risks", &c->risks, FETCH_RISKS)) != AK_OK)
			goto out;
		if ((v = json_object_get(src, "review")) &&
		    (err = read_source(&x, v, "review", &c->review, FETCH_REVIEW)) != AK_OK)
			goto out;
	}
out:
	jpos_free(x.pos);
	free(x.dir);
	json_decref(root);
	free(text);
	return err;
}

ak_err fetch_source_set_url(struct fetch_source *s, const char *where, const char *given)
{
	char *url = NULL;
	ak_err err;

	if (fetch_url_has_userinfo(given)) {
		ak_error("%s: credentials in URLs are refused; name an environment variable in "
			 "audit.json's auth section instead",
			 where);
		return AK_ERR_USAGE;
	}
	if ((err = fetch_url_absolute(given, NULL, &url)) != AK_OK)
		return err;
	free(s->url);
	free(s->given_url);
	s->url = url;
	s->given_url = ak_strdup(given);
	if (!s->where)
		s->where = ak_strdup(where);
	s->set = true;
	return s->given_url && s->where ? AK_OK : AK_ERR_NOMEM;
}

ak_err fetch_source_set_format_of(struct fetch_source *s, const char *format,
				  enum fetch_kind kind)
{
	static const char *const what[] = {"policy", "risk register", "management review"};

	if (!format_known(format, kind)) {
		ak_error("'%s' is not a %s format (one of %s)", format, what[kind],
			 format_names(kind));
		return AK_ERR_USAGE;
	}
	free(s->format);
	s->format = ak_strdup(format);
	return s->format ? AK_OK : AK_ERR_NOMEM;
}

ak_err fetch_source_set_format(struct fetch_source *s, const char *format, bool risks)
{
	return fetch_source_set_format_of(s, format, risks ? FETCH_RISKS : FETCH_POLICY);
}

static bool ends_with(const char *s, const char *suffix)
{
	const char *q = strchr(s, '?');
	size_t n = q ? (size_t)(q - s) : strlen(s), k = strlen(suffix);
	return n >= k && strncasecmp(s + n - k, suffix, k) == 0;
}

struct guess {
	const char *suffix, *format;
};

ak_err fetch_source_default_format_of(struct fetch_source *s, enum fetch_kind kind)
{
	static const struct guess risk_guess[] = {{".csv", "csv"}, {".json", "json"}, {NULL, NULL}},
	  policy_guess[] = {{".md", "markdown"}, {".markdown", "markdown"}, {".html", "html"},
			    {".htm", "html"},    {".txt", "text"},          {NULL, NULL}},
	  review_guess[] = {{".md", "markdown"}, {".markdown", "markdown"}, {".html", "html"},
			    {".htm", "html"},    {".txt", "text"},          {".xml", "confluence"},
			    {NULL, NULL}};
	static const char *const option[] = {"--policy-format", "--risks-format",
					     "--review-format"};
	const struct guess *guess = kind == FETCH_RISKS    ? risk_guess
				    : kind == FETCH_REVIEW ? review_guess
							   : policy_guess;
	size_t i;

	if (s->format)
		return AK_OK;
	for (i = 0; guess[i].suffix; i++)
		if (ends_with(s->url, guess[i].suffix))
			return fetch_source_set_format_of(s, guess[i].format, kind);
	/* minutes kept in Confluence, by its REST paths */
	if (kind == FETCH_REVIEW && strncmp(s->url, "file:", 5) != 0 &&
	    (strstr(s->url, "/rest/api/content/") || strstr(s->url, "/api/v2/pages/")))
		return fetch_source_set_format_of(s, "confluence", kind);
	ak_error("%s: say which format '%s' is in (%s: one of %s)", s->where, s->given_url,
		 option[kind], format_names(kind));
	return AK_ERR_USAGE;
}

ak_err fetch_source_default_format(struct fetch_source *s, bool risks)
{
	return fetch_source_default_format_of(s, risks ? FETCH_RISKS : FETCH_POLICY);
}

void fetch_source_to_src(const struct fetch_source *s, struct src_config *out)
{
	memset(out, 0, sizeof *out);
	out->format = s->format;
	out->url = s->url;
	out->column_map = s->column_map;
	out->field_map = s->field_map;
	out->path = s->path;
	out->next = s->next;
	out->jql = s->jql;
	out->table = s->table;
	out->page_size = s->page_size;
	out->delimiter = s->delimiter;
}
