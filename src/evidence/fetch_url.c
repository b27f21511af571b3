/* fetch_url.c: URLs as the transport sees them: made absolute, compared by
 * origin, and cleaned of credentials before anyone sees them. */
#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "evidence/fetch.h"
#include "core/msg.h"
#include "core/util.h"

/* Query parameter names whose values are credentials, compared without
 * case; names ending in "_token", "-token", "_key", "-key" or holding
 * "secret", "password" or "signature" are treated the same. Paging cursors
 * such as Jira's nextPageToken are not credentials and are kept. */
static bool secret_param(const char *name, size_t n)
{
	static const char *const exact[] = {
		"token", "access_token", "api_key", "apikey",     "api-key", "key",  "password",
		"passwd", "pwd",         "secret",  "sig",        "signature", "auth", "authorization",
		"x-api-key", "session",  "sessionid", "jwt",      "code",      "client_secret",
	};
	static const char *const suffix[] = {"_token", "-token", "_key", "-key"};
	static const char *const inner[] = {"secret", "password", "signature"};
	char lower[128];
	size_t i, k;

	if (n == 0 || n >= sizeof lower)
		return n != 0;
	for (i = 0; i < n; i++)
		lower[i] = (char)tolower((unsigned char)name[i]);
	lower[n] = '\0';
	for (i = 0; i < sizeof exact / sizeof exact[0]; i++)
		if (strcmp(lower, exact[i]) == 0)
			return true;
	for (i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		k = strlen(suffix[i]);
		if (n > k && strcmp(lower + n - k, suffix[i]) == 0)
			return true;
	}
	for (i = 0; i < sizeof inner / sizeof inner[0]; i++)
		if (strstr(lower, inner[i]))
			return true;
	return false;
}

char *fetch_url_display(const char *url)
{
	CURLU *u = curl_url();
	char *query = NULL, *s = NULL, *out = NULL;
	struct ak_buf kept = AK_BUF_INIT;
	const char *q;

	if (!u)
		return NULL;
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
		/* Not a URL libcurl reads: show it without anything before '@'. */
		const char *at = strchr(url, '@'), *sl = strstr(url, "://");
		curl_url_cleanup(u);
		if (at && sl && at > sl)
			return ak_asprintf("%.*s%s", (int)(sl + 3 - url), url, at + 1);
		return ak_strdup(url);
	}
	curl_url_set(u, CURLUPART_USER, NULL, 0);
	curl_url_set(u, CURLUPART_PASSWORD, NULL, 0);
	curl_url_set(u, CURLUPART_OPTIONS, NULL, 0);
	curl_url_get(u, CURLUPART_QUERY, &query, 0);
	for (q = query; q && *q;) {
		const char *amp = strchr(q, '&'), *eq;
		size_t len = amp ? (size_t)(amp - q) : strlen(q);
		eq = memchr(q, '=', len);
		if (!secret_param(q, eq ? (size_t)(eq - q) : len)) {
			if (kept.len)
				ak_buf_addc(&kept, '&');
			ak_buf_add(&kept, q, len);
		}
		q = amp ? amp + 1 : NULL;
	}
	if (ak_buf_failed(&kept))
		goto out;
	curl_url_set(u, CURLUPART_QUERY, kept.len ? ak_buf_str(&kept) : NULL, 0);
	if (curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK)
		out = ak_strdup(s);
out:
	ak_buf_release(&kept);
	curl_free(query);
	curl_free(s);
	curl_url_cleanup(u);
	return out;
}

char *fetch_url_host(const char *url)
{
	CURLU *u = curl_url();
	char *host = NULL, *scheme = NULL, *port = NULL, *out = NULL;

	if (!u)
		return NULL;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK) {
		curl_url_get(u, CURLUPART_SCHEME, &scheme, 0);
		if (scheme && strcmp(scheme, "file") == 0) {
			out = ak_strdup("local file");
		} else if (curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
			if (curl_url_get(u, CURLUPART_PORT, &port, 0) == CURLUE_OK && port)
				out = ak_asprintf("%s:%s", host, port);
			else
				out = ak_strdup(host);
		}
	}
	if (!out)
		out = ak_strdup("(unknown host)");
	curl_free(host);
	curl_free(scheme);
	curl_free(port);
	curl_url_cleanup(u);
	return out;
}

/* scheme://host:port of url with the default port made explicit. */
static char *origin(const char *url)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL, *out = NULL;

	if (!u)
		return NULL;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
		if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK)
			host = NULL;
		out = ak_asprintf("%s://%s:%s", scheme, host ? host : "", port);
		if (out) {
			char *p;
			for (p = out; *p; p++)
				*p = (char)tolower((unsigned char)*p);
		}
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return out;
}

bool fetch_url_same_origin(const char *a, const char *b)
{
	char *oa, *ob;
	bool same;

	if (!a || !b)
		return false;
	oa = origin(a);
	ob = origin(b);
	same = oa && ob && strcmp(oa, ob) == 0;
	free(oa);
	free(ob);
	return same;
}

bool fetch_url_has_userinfo(const char *url)
{
	CURLU *u = curl_url();
	char *user = NULL;
	bool has = false;

	if (!u)
		return false;
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK && user)
		has = true;
	curl_free(user);
	curl_url_cleanup(u);
	return has;
}

/* Percent-encode a path for a file URL, keeping '/'. */
static char *file_url(const char *path)
{
	struct ak_buf b = AK_BUF_INIT;
	const unsigned char *p;

	ak_buf_adds(&b, "file://");
	for (p = (const unsigned char *)path; *p; p++) {
		if (isalnum(*p) || strchr("/-._~", *p))
			ak_buf_addc(&b, (char)*p);
		else
			ak_buf_printf(&b, "%%%02X", *p);
	}
	return ak_buf_detach(&b);
}

ak_err fetch_url_absolute(const char *given, const char *base_dir, char **out)
{
	const char *colon = strchr(given, ':');
	const char *path = given;
	char *abs = NULL, cwd[PATH_MAX];
	size_t slen = colon ? (size_t)(colon - given) : 0;
	size_t i;
	bool scheme = colon && slen > 1;

	*out = NULL;
	for (i = 0; scheme && i < slen; i++)
		if (!(isalnum((unsigned char)given[i]) || given[i] == '+' || given[i] == '-' ||
		      given[i] == '.'))
			scheme = false;
	if (scheme) {
		if (strncasecmp(given, "http:", 5) == 0 || strncasecmp(given, "https:", 6) == 0) {
			*out = ak_strdup(given);
			return *out ? AK_OK : AK_ERR_NOMEM;
		}
		if (strncasecmp(given, "file:", 5) != 0) {
			ak_error("'%.*s' URLs are not supported (use https, http or file)", (int)slen,
				 given);
			return AK_ERR_USAGE;
		}
		path = given + 5;
		if (strncmp(path, "//", 2) == 0) {
			/* file:///abs or file://localhost/abs */
			path += 2;
			if (strncasecmp(path, "localhost/", 10) == 0)
				path += 9;
			if (*path != '/') {
				ak_error("'%s': a file URL must name a local path", given);
				return AK_ERR_USAGE;
			}
			*out = ak_strdup(given);
			return *out ? AK_OK : AK_ERR_NOMEM;
		}
	}
	if (!*path) {
		ak_error("'%s' names no file", given);
		return AK_ERR_USAGE;
	}
	if (*path == '/') {
		abs = ak_strdup(path);
	} else if (base_dir && *base_dir == '/') {
		abs = ak_asprintf("%s/%s", base_dir, path);
	} else {
		if (!getcwd(cwd, sizeof cwd)) {
			ak_error("cannot find the current folder: %s", strerror(errno));
			return AK_ERR_INTERNAL;
		}
		abs = base_dir ? ak_asprintf("%s/%s/%s", cwd, base_dir, path)
			       : ak_asprintf("%s/%s", cwd, path);
	}
	if (!abs)
		return AK_ERR_NOMEM;
	{
		/* curl reads a folder as an empty document */
		struct stat st;
		if (stat(abs, &st) == 0 && S_ISDIR(st.st_mode)) {
			ak_error("cannot read '%s': %s", given, strerror(EISDIR));
			free(abs);
			return AK_ERR_INPUT;
		}
	}
	*out = file_url(abs);
	free(abs);
	return *out ? AK_OK : AK_ERR_NOMEM;
}

/* ======================================================================
 * Links followed, proxies
 * ====================================================================== */

bool fetch_url_scheme_is(const char *url, const char *scheme)
{
	size_t n = strlen(scheme);

	return url && strncasecmp(url, scheme, n) == 0 && url[n] == ':';
}

/* The lower-case host of url in a new string, or NULL. */
static char *host_of(const char *url)
{
	CURLU *u = curl_url();
	char *host = NULL, *out = NULL, *p;

	if (!u)
		return NULL;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
		out = ak_strdup(host);
	for (p = out; p && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	curl_free(host);
	curl_url_cleanup(u);
	return out;
}

ak_err fetch_url_link_check(const char *source, const char *from, const char *link,
			    const char *const *allow, size_t nallow, const char *what)
{
	char *shown_from = fetch_url_display(from), *shown = fetch_url_display(link);
	char *lh = NULL, *sh = NULL;
	ak_err err = AK_OK;
	size_t i;

	if (!shown_from || !shown) {
		err = AK_ERR_NOMEM;
		goto out;
	}
	if (!fetch_url_scheme_is(link, "https") && !fetch_url_scheme_is(link, "http")) {
		ak_error("'%s' %s '%s', which is not an http or https URL: not followed (a page "
			 "from the network never leads to a local file)",
			 shown_from, what, shown);
		err = AK_ERR_SOURCE;
		goto out;
	}
	if (fetch_url_scheme_is(link, "http") &&
	    (fetch_url_scheme_is(source, "https") || fetch_url_scheme_is(from, "https"))) {
		ak_error("'%s' %s '%s': not followed from https down to plain http", shown_from,
			 what, shown);
		err = AK_ERR_SOURCE;
		goto out;
	}
	lh = host_of(link);
	sh = host_of(source);
	if (!lh || !sh) {
		ak_error("'%s' %s '%s', whose host cannot be read: not followed", shown_from, what,
			 shown);
		err = AK_ERR_SOURCE;
		goto out;
	}
	if (strcmp(lh, sh) == 0)
		goto out;
	for (i = 0; i < nallow; i++)
		if (allow[i] && strcasecmp(allow[i], lh) == 0)
			goto out;
	ak_error("'%s' %s '%s', on another host than the source's ('%s'): not followed; "
		 "allow it with the source's \"allow_hosts\" in audit.json or --allow-host %s",
		 shown_from, what, shown, sh, lh);
	err = AK_ERR_SOURCE;
out:
	free(shown_from);
	free(shown);
	free(lh);
	free(sh);
	return err;
}

/* no_proxy as libcurl reads it: "*", or names matched as the host or a
 * domain it is in ("example.org" and ".example.org" both match
 * "a.example.org"). */
static bool no_proxy_matches(const char *list, const char *host)
{
	const char *p = list;
	size_t hl = strlen(host);

	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		while (n && (*p == ' ' || *p == '\t')) {
			p++;
			n--;
		}
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n == 1 && *p == '*')
			return true;
		if (n && *p == '.') {
			p++;
			n--;
		}
		if (n && (hl == n || (hl > n && host[hl - n - 1] == '.')) &&
		    strncasecmp(host + hl - n, p, n) == 0)
			return true;
		p = end ? end + 1 : NULL;
	}
	return false;
}

char *fetch_url_proxy(const char *url, const char **var)
{
	static const char *const for_http[] = {"http_proxy", "all_proxy", "ALL_PROXY", NULL};
	static const char *const for_https[] = {"https_proxy", "HTTPS_PROXY", "all_proxy",
						"ALL_PROXY", NULL};
	const char *const *names;
	const char *v = NULL, *np;
	char *host = NULL, *out = NULL;
	size_t i;

	*var = NULL;
	if (fetch_url_scheme_is(url, "https"))
		names = for_https;
	else if (fetch_url_scheme_is(url, "http"))
		names = for_http;
	else
		return NULL;
	for (i = 0; names[i] && !v; i++) {
		v = getenv(names[i]);
		if (v && !*v)
			v = NULL;
		if (v)
			*var = names[i];
	}
	if (!v)
		return NULL;
	np = getenv("no_proxy");
	if (!np || !*np)
		np = getenv("NO_PROXY");
	host = host_of(url);
	if (np && host && no_proxy_matches(np, host)) {
		*var = NULL;
		goto out;
	}
	out = ak_strdup(v);
out:
	free(host);
	return out;
}
