/* fetch.c: GET with libcurl, for sources that page through hundreds of
 * requests: one easy handle per session so the connection (and its TLS
 * session) is reused, redirects and retries handled here so that the
 * credentials never leave the host they were configured for. */
#include "evidence/fetch.h"

#include <ctype.h>
#include <curl/curl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/msg.h"

#define MAX_REDIRECTS 5

struct fetch_session {
	CURL *h;
	struct fetch_opts o;
	int retries_used;
	char errbuf[CURL_ERROR_SIZE];
	struct ak_buf *body; /* the transfer in progress */
	bool too_big;
	bool (*before_wait)(void *arg);
	void *wait_arg;
};

static volatile sig_atomic_t cancelled;

void fetch_cancel(void) { cancelled = 1; }
bool fetch_cancelled(void) { return cancelled != 0; }

/* ======================================================================
 * Credentials
 * ====================================================================== */

bool fetch_auth_kind_parse(const char *s, enum fetch_auth_kind *kind)
{
	static const struct {
		const char *name;
		enum fetch_auth_kind kind;
	} names[] = {
		{"bearer", FETCH_AUTH_BEARER}, {"token", FETCH_AUTH_TOKEN},
		{"basic", FETCH_AUTH_BASIC},   {"api-key", FETCH_AUTH_API_KEY},
		{"none", FETCH_AUTH_NONE},
	};
	size_t i;

	for (i = 0; s && i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(s, names[i].name) == 0) {
			*kind = names[i].kind;
			return true;
		}
	}
	return false;
}

static void wipe_free(char *s)
{
	if (!s)
		return;
	OPENSSL_cleanse(s, strlen(s));
	free(s);
}

void fetch_auth_release(struct fetch_auth *a)
{
	wipe_free(a->header_line);
	free(a->vars);
	a->header_line = NULL;
	a->vars = NULL;
	a->kind = FETCH_AUTH_NONE;
}

bool fetch_auth_env_allowed(const char *var, const char *const *allowed, size_t nallowed)
{
	size_t i;

	if (!var)
		return false;
	if (strncmp(var, "AUDITKIT_", 9) == 0 && var[9])
		return true;
	for (i = 0; i < nallowed; i++)
		if (allowed[i] && strcmp(allowed[i], var) == 0)
			return true;
	return false;
}

/* getenv, refusing names not allowed (unread), unset and empty values by
 * name. */
static ak_err need_env(const char *var, const char *where, const char *const *allowed,
		       size_t nallowed, const char **val)
{
	if (!var || !*var) {
		ak_error("%s: the auth section names no environment variable", where);
		return AK_ERR_USAGE;
	}
	if (!fetch_auth_env_allowed(var, allowed, nallowed)) {
		ak_error("%s: not reading the environment variable '%s' as a credential: auditkit "
			 "reads only variables whose names start with AUDITKIT_, or one confirmed "
			 "with --allow-env %s (check first that this audit.json is yours to trust)",
			 where, var, var);
		return AK_ERR_USAGE;
	}
	*val = getenv(var);
	if (!*val || !**val) {
		ak_error("set the environment variable '%s': %s reads its credential from it", var,
			 where);
		return AK_ERR_USAGE;
	}
	return AK_OK;
}

static bool header_name_ok(const char *h)
{
	const char *p;

	if (!h || !*h)
		return false;
	for (p = h; *p; p++)
		if (!(('a' <= *p && *p <= 'z') || ('A' <= *p && *p <= 'Z') ||
		      ('0' <= *p && *p <= '9') || *p == '-' || *p == '_'))
			return false;
	return true;
}

/* Contract: out->header_line is a new secret string, wiped on release. */
ak_err fetch_auth_load(const struct fetch_auth_spec *spec, const char *where,
		       const char *const *allowed, size_t nallowed, struct fetch_auth *out)
{
	const char *v = NULL, *user = NULL, *pass = NULL;
	ak_err err;

	out->kind = spec->kind;
	out->header_line = NULL;
	out->vars = NULL;
	switch (spec->kind) {
	case FETCH_AUTH_NONE:
		return AK_OK;
	case FETCH_AUTH_BEARER:
	case FETCH_AUTH_TOKEN:
	case FETCH_AUTH_API_KEY: {
		const char *h = spec->header ? spec->header : "X-API-KEY";
		if ((err = need_env(spec->env, where, allowed, nallowed, &v)) != AK_OK)
			return err;
		if (spec->kind == FETCH_AUTH_API_KEY && !header_name_ok(h)) {
			ak_error("%s: '%s' is not a header name", where, h);
			return AK_ERR_USAGE;
		}
		if (strpbrk(v, "\r\n")) {
			ak_error("the environment variable '%s' holds a line break", spec->env);
			return AK_ERR_USAGE;
		}
		if (spec->kind == FETCH_AUTH_BEARER)
			out->header_line = ak_asprintf("Authorization: Bearer %s", v);
		else if (spec->kind == FETCH_AUTH_TOKEN)
			out->header_line = ak_asprintf("Authorization: Token %s", v);
		else
			out->header_line = ak_asprintf("%s: %s", h, v);
		out->vars = ak_asprintf("'%s'", spec->env);
		break;
	}
	case FETCH_AUTH_BASIC: {
		char *pair;
		unsigned char *b64;
		size_t n;
		if ((err = need_env(spec->user_env, where, allowed, nallowed, &user)) != AK_OK ||
		    (err = need_env(spec->password_env, where, allowed, nallowed, &pass)) != AK_OK)
			return err;
		pair = ak_asprintf("%s:%s", user, pass);
		if (!pair)
			return AK_ERR_NOMEM;
		n = strlen(pair);
		b64 = malloc(4 * ((n + 2) / 3) + 1);
		if (!b64) {
			wipe_free(pair);
			return AK_ERR_NOMEM;
		}
		EVP_EncodeBlock(b64, (const unsigned char *)pair, (int)n);
		out->header_line = ak_asprintf("Authorization: Basic %s", (char *)b64);
		OPENSSL_cleanse(b64, strlen((char *)b64));
		free(b64);
		wipe_free(pair);
		out->vars = ak_asprintf("'%s' and '%s'", spec->user_env, spec->password_env);
		break;
	}
	}
	if (!out->header_line || !out->vars) {
		fetch_auth_release(out);
		return AK_ERR_NOMEM;
	}
	return AK_OK;
}

/* ======================================================================
 * Session
 * ====================================================================== */

static size_t on_write(char *p, size_t size, size_t n, void *arg)
{
	struct fetch_session *s = arg;
	size_t len = size * n;

	if (s->body->len + len > s->o.max_size) {
		s->too_big = true;
		return 0;
	}
	ak_buf_add(s->body, p, len);
	return ak_buf_failed(s->body) ? 0 : len;
}

static int on_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	(void)arg, (void)dt, (void)dn, (void)ut, (void)un;
	return cancelled ? 1 : 0;
}

ak_err fetch_session_new(const struct fetch_opts *opts, struct fetch_session **out)
{
	struct fetch_session *s = calloc(1, sizeof *s);
	CURL *h;

	*out = NULL;
	if (!s)
		return AK_ERR_NOMEM;
	s->o = *opts;
	if (!s->o.connect_timeout_ms)
		s->o.connect_timeout_ms = 10000;
	if (!s->o.timeout_ms)
		s->o.timeout_ms = 60000;
	if (!s->o.max_size)
		s->o.max_size = 64ull << 20;
	if (s->o.retries < 0)
		s->o.retries = 3;
	if (!s->o.total_retries)
		s->o.total_retries = 10;
	if (!s->o.max_retry_after_s)
		s->o.max_retry_after_s = 120;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		free(s);
		ak_error("cannot initialise libcurl");
		return AK_ERR_INTERNAL;
	}
	h = s->h = curl_easy_init();
	if (!h) {
		fetch_session_free(s);
		return AK_ERR_NOMEM;
	}
	/* Settings that hold for every request of the session. Proxies come
	 * from the environment (http_proxy, https_proxy, no_proxy) as libcurl
	 * reads them by default. */
	if (curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https,file") != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "") != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_USERAGENT, "auditkit/" AK_VERSION) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, s->o.connect_timeout_ms) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, s->o.timeout_ms) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)s->o.max_size) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, s->errbuf) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_WRITEDATA, s) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L) != CURLE_OK ||
	    (s->o.cacert && curl_easy_setopt(h, CURLOPT_CAINFO, s->o.cacert) != CURLE_OK)) {
		ak_error("libcurl %s lacks a feature auditkit needs (protocol selection, TLS or "
			 "compression)",
			 curl_version_info(CURLVERSION_NOW)->version);
		fetch_session_free(s);
		return AK_ERR_INTERNAL;
	}
	*out = s;
	return AK_OK;
}

void fetch_session_before_wait(struct fetch_session *s, bool (*fn)(void *arg), void *arg)
{
	s->before_wait = fn;
	s->wait_arg = arg;
}

void fetch_session_free(struct fetch_session *s)
{
	if (!s)
		return;
	if (s->h) {
		curl_easy_cleanup(s->h);
		curl_global_cleanup();
	}
	free(s);
}

void fetch_response_release(struct fetch_response *res)
{
	free(res->url);
	free(res->content_type);
	free(res->etag);
	free(res->last_modified);
	free(res->link_next);
	ak_buf_release(&res->body);
	memset(res, 0, sizeof *res);
}

/* ======================================================================
 * One request
 * ====================================================================== */

/* The value of response header name from the last request, or NULL. */
static char *header(CURL *h, const char *name)
{
	struct curl_header *hd;

	if (curl_easy_header(h, name, 0, CURLH_HEADER, -1, &hd) != CURLHE_OK)
		return NULL;
	return ak_strdup(hd->value);
}

/* The target of rel="next" in the Link headers: <url>; rel="next", ... */
static char *link_next(CURL *h)
{
	struct curl_header *hd;
	size_t i, amount = 1;

	for (i = 0; i < amount; i++) {
		const char *p;
		if (curl_easy_header(h, "Link", i, CURLH_HEADER, -1, &hd) != CURLHE_OK)
			return NULL;
		amount = hd->amount;
		for (p = hd->value; (p = strchr(p, '<')) != NULL;) {
			const char *end = strchr(p, '>'), *params, *stop;
			if (!end)
				break;
			params = end + 1;
			stop = strchr(params, '<');
			if (!stop)
				stop = params + strlen(params);
			{
				char *ps = ak_strndup(params, (size_t)(stop - params)), *c;
				bool next = false;
				for (c = ps; c && *c; c++)
					*c = (char)tolower((unsigned char)*c);
				/* rel="next", rel=next, or next among several: rel="next last" */
				next = ps && (strstr(ps, "rel=\"next\"") || strstr(ps, "rel=next") ||
					      strstr(ps, " next\"") || strstr(ps, "\"next "));
				free(ps);
				if (next)
					return ak_strndup(p + 1, (size_t)(end - p - 1));
			}
			p = stop;
		}
	}
	return NULL;
}

static void now_utc(char out[24])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Sleep ms milliseconds in short steps, so that a signal stops the wait. */
static bool nap(long ms)
{
	while (ms > 0 && !cancelled) {
		long step = ms < 100 ? ms : 100;
		struct timespec ts = {0, step * 1000000L};
		nanosleep(&ts, NULL);
		ms -= step;
	}
	return !cancelled;
}

static bool is_tls_error(CURLcode rc)
{
	switch (rc) {
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_USE_SSL_FAILED:
		return true;
	default:
		return false;
	}
}

static bool is_transient(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return true;
	default:
		return false;
	}
}

/* Report a transfer that failed inside libcurl. */
static ak_err transfer_error(struct fetch_session *s, CURLcode rc, const char *url,
			     const char *host, const char *shown)
{
	const char *why = s->errbuf[0] ? s->errbuf : curl_easy_strerror(rc);

	if (rc == CURLE_ABORTED_BY_CALLBACK && cancelled)
		return AK_ERR_INTERRUPTED;
	if (s->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		ak_error("the response from '%s' is larger than the limit of %llu bytes (--max-size)",
			 host, s->o.max_size);
		return AK_ERR_SOURCE;
	}
	if (rc == CURLE_WRITE_ERROR && ak_buf_failed(s->body))
		return AK_ERR_NOMEM;
	if (is_tls_error(rc)) {
		if (rc == CURLE_SSL_CACERT_BADFILE)
			ak_error("TLS failure with '%s': cannot use the CA file '%s': %s", host,
				 s->o.cacert ? s->o.cacert : "(system)", why);
		else
			ak_error("TLS failure with '%s': %s", host, why);
		if (rc == CURLE_PEER_FAILED_VERIFICATION)
			ak_note("if '%s' has a certificate from a private CA, name the CA with "
				"--cacert FILE",
				host);
		return AK_ERR_NETWORK;
	}
	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
		ak_error("timed out fetching '%s' (connect timeout %ld s, total %ld s)", shown,
			 s->o.connect_timeout_ms / 1000, s->o.timeout_ms / 1000);
		return AK_ERR_NETWORK;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT: {
		/* through a proxy it is the proxy that could not be reached: name
		 * it (its host only, never a credential in its URL) and where it
		 * was set, or the auditor looks for a fault at the source */
		const char *var = NULL;
		char *proxy = rc == CURLE_COULDNT_RESOLVE_HOST ? NULL : fetch_url_proxy(url, &var);
		char *pu = proxy ? (strstr(proxy, "://") ? ak_strdup(proxy) : ak_asprintf("http://%s", proxy))
				 : NULL;
		char *ph = pu ? fetch_url_host(pu) : NULL;
		if (ph)
			ak_error("cannot connect to the proxy '%s' (set by %s) to fetch from '%s': %s", ph,
				 var, host, why);
		else
			ak_error("cannot connect to '%s': %s", host, why);
		free(ph);
		free(pu);
		free(proxy);
		return AK_ERR_NETWORK;
	}
	case CURLE_PARTIAL_FILE:
		ak_error("the response from '%s' ended early (truncated body): %s", host, why);
		return AK_ERR_NETWORK;
	case CURLE_FILE_COULDNT_READ_FILE:
		ak_error("cannot read '%s': %s", shown, why);
		return AK_ERR_SOURCE;
	case CURLE_BAD_CONTENT_ENCODING:
		ak_error("the response from '%s' is not validly compressed: %s", host, why);
		return AK_ERR_SOURCE;
	default:
		(void)url;
		ak_error("cannot fetch '%s': %s", shown, why);
		return AK_ERR_NETWORK;
	}
}

/* Report an HTTP answer that is an error. */
static ak_err status_error(long status, const struct fetch_request *req, const char *host,
			   const char *shown, bool auth_sent)
{
	if (status == 401 || status == 403) {
		if (auth_sent)
			ak_error("'%s' refused the credentials (HTTP %ld): check the environment "
				 "variable %s",
				 host, status, req->auth->vars);
		else if (req->auth && req->auth->kind != FETCH_AUTH_NONE)
			ak_error("'%s' asks for credentials (HTTP %ld), which auditkit does not send "
				 "to a host other than the source's own (environment variable %s)",
				 host, status, req->auth->vars);
		else
			ak_error("'%s' asks for credentials (HTTP %ld): give the source an auth "
				 "section naming the environment variable that holds them",
				 host, status);
		return AK_ERR_SOURCE;
	}
	ak_error("'%s' answered HTTP %ld", shown, status);
	return AK_ERR_SOURCE;
}

static struct curl_slist *request_headers(const struct fetch_request *req, bool with_auth)
{
	struct curl_slist *l = NULL, *t;
	char line[1024];

#define ADD(s)                                                                                     \
	do {                                                                                       \
		if (!(t = curl_slist_append(l, (s))))                                              \
			goto fail;                                                                 \
		l = t;                                                                             \
	} while (0)
	if (req->accept) {
		snprintf(line, sizeof line, "Accept: %s", req->accept);
		ADD(line);
	}
	if (req->if_none_match) {
		snprintf(line, sizeof line, "If-None-Match: %s", req->if_none_match);
		ADD(line);
	}
	if (req->if_modified_since) {
		snprintf(line, sizeof line, "If-Modified-Since: %s", req->if_modified_since);
		ADD(line);
	}
	if (with_auth)
		ADD(req->auth->header_line);
	return l;
#undef ADD
fail:
	curl_slist_free_all(l);
	return NULL;
}

/* A credential about to be sent to url: over https, or over plain http
 * only when the user said so (--insecure-http-credentials), and then never
 * through a proxy that is not https, which would read it as it passes. Over
 * https a proxy only relays the TLS tunnel (CONNECT) and never sees it. */
static ak_err auth_may_go(const struct fetch_session *s, const char *url)
{
	const char *var = NULL;
	char *proxy, *host;
	ak_err err = AK_OK;

	if (fetch_url_scheme_is(url, "https"))
		return AK_OK;
	host = fetch_url_host(url);
	if (!s->o.insecure_http_credentials) {
		ak_error("not sending the credential to '%s' over plain http, where anyone on the "
			 "way can read it: use https (or, knowingly, --insecure-http-credentials)",
			 host ? host : "the source");
		free(host);
		return AK_ERR_USAGE;
	}
	proxy = fetch_url_proxy(url, &var);
	if (proxy && !fetch_url_scheme_is(proxy, "https")) {
		char *pu = strstr(proxy, "://") ? ak_strdup(proxy) : ak_asprintf("http://%s", proxy);
		char *ph = pu ? fetch_url_host(pu) : NULL;
		free(pu);
		ak_error("not sending the credential for '%s' through the proxy '%s' (%s), which "
			 "is not https and would read it in clear text: use an https proxy, or "
			 "name the host in no_proxy",
			 host ? host : "the source", ph ? ph : "(as set)", var);
		free(ph);
		err = AK_ERR_USAGE;
	}
	free(proxy);
	free(host);
	return err;
}

/* Contract: see fetch.h. Owns the URL being followed; res owns what it
 * returns. The credential header is attached only while the URL's origin is
 * req->auth_origin's, so a redirect elsewhere never carries it. */
ak_err fetch_get(struct fetch_session *s, const struct fetch_request *req,
		 struct fetch_response *res)
{
	char *url = ak_strdup(req->url), *host = NULL, *shown = NULL;
	int redirects = 0, attempt = 0;
	struct curl_slist *hdrs = NULL;
	ak_err err = AK_OK;

	memset(res, 0, sizeof *res);
	if (!url)
		return AK_ERR_NOMEM;
	for (;;) {
		bool with_auth = req->auth && req->auth->header_line && req->auth_origin &&
				 fetch_url_same_origin(url, req->auth_origin);
		long status = 0, delay_ms;
		curl_off_t retry_after = -1;
		CURLcode rc;
		char *scheme = NULL;

		if (cancelled) {
			err = AK_ERR_INTERRUPTED;
			goto out;
		}
		if (with_auth && (err = auth_may_go(s, url)) != AK_OK)
			goto out;
		free(host);
		free(shown);
		host = fetch_url_host(url);
		shown = fetch_url_display(url);
		if (!host || !shown)
			goto nomem;
		curl_slist_free_all(hdrs);
		hdrs = request_headers(req, with_auth);
		if ((req->accept || req->if_none_match || req->if_modified_since || with_auth) &&
		    !hdrs)
			goto nomem;
		ak_buf_reset(&res->body);
		s->body = &res->body;
		s->too_big = false;
		s->errbuf[0] = '\0';
		curl_easy_setopt(s->h, CURLOPT_URL, url);
		curl_easy_setopt(s->h, CURLOPT_HTTPHEADER, hdrs);
		rc = curl_easy_perform(s->h);
		curl_easy_setopt(s->h, CURLOPT_HTTPHEADER, NULL);
		if (rc != CURLE_OK) {
			if (is_transient(rc) && !cancelled && attempt < s->o.retries &&
			    s->retries_used < s->o.total_retries) {
				delay_ms = 500L << (attempt < 4 ? attempt : 4);
				attempt++;
				s->retries_used++;
				ak_warn("%s; retrying in %.1f s", rc == CURLE_OPERATION_TIMEDOUT
									? "timed out"
									: curl_easy_strerror(rc),
					delay_ms / 1000.0);
				if (s->before_wait && !s->before_wait(s->wait_arg)) {
					err = AK_ERR_INTERRUPTED;
					goto out;
				}
				if (!nap(delay_ms)) {
					err = AK_ERR_INTERRUPTED;
					goto out;
				}
				continue;
			}
			err = transfer_error(s, rc, url, host, shown);
			goto out;
		}
		curl_easy_getinfo(s->h, CURLINFO_RESPONSE_CODE, &status);
		curl_easy_getinfo(s->h, CURLINFO_SCHEME, &scheme);
		if (scheme && strcasecmp(scheme, "file") == 0)
			status = 0;
		if (status >= 300 && status < 400 && status != 304) {
			char *loc = NULL, *next;
			curl_easy_getinfo(s->h, CURLINFO_REDIRECT_URL, &loc);
			if (!loc) {
				ak_error("'%s' answered HTTP %ld without a Location", shown, status);
				err = AK_ERR_SOURCE;
				goto out;
			}
			if (++redirects > MAX_REDIRECTS) {
				ak_error("'%s' redirected more than %d times", shown, MAX_REDIRECTS);
				err = AK_ERR_SOURCE;
				goto out;
			}
			if ((err = fetch_url_link_check(req->auth_origin ? req->auth_origin : req->url,
							url, loc, req->allow_hosts, req->nallow_hosts,
							"redirects to")) != AK_OK)
				goto out;
			if (!(next = ak_strdup(loc)))
				goto nomem;
			free(url);
			url = next;
			attempt = 0;
			continue;
		}
		if (status == 429 || status >= 500) {
			curl_easy_getinfo(s->h, CURLINFO_RETRY_AFTER, &retry_after);
			if (retry_after > s->o.max_retry_after_s) {
				ak_error("'%s' answered HTTP %ld and asks to wait %ld s, longer than "
					 "auditkit waits (%ld s)",
					 host, status, (long)retry_after, s->o.max_retry_after_s);
				err = AK_ERR_SOURCE;
				goto out;
			}
			if (attempt < s->o.retries && s->retries_used < s->o.total_retries) {
				delay_ms = retry_after > 0 ? (long)retry_after * 1000
							   : 500L << (attempt < 4 ? attempt : 4);
				attempt++;
				s->retries_used++;
				ak_warn("'%s' answered HTTP %ld; retrying in %.1f s", host, status,
					delay_ms / 1000.0);
				if (s->before_wait && !s->before_wait(s->wait_arg)) {
					err = AK_ERR_INTERRUPTED;
					goto out;
				}
				if (!nap(delay_ms)) {
					err = AK_ERR_INTERRUPTED;
					goto out;
				}
				continue;
			}
			ak_error("'%s' answered HTTP %ld%s", shown, status,
				 attempt ? " after every retry" : "");
			err = AK_ERR_SOURCE;
			goto out;
		}
		if (status != 0 && (status < 200 || status > 299) &&
		    !(status == 304 && (req->if_none_match || req->if_modified_since))) {
			err = status_error(status, req, host, shown, with_auth);
			goto out;
		}
		/* Success (or 304 Not Modified). */
		{
			char *ct = NULL;
			res->status = status;
			curl_easy_getinfo(s->h, CURLINFO_CONTENT_TYPE, &ct);
			if (ct && !(res->content_type = ak_strdup(ct)))
				goto nomem;
			if (status != 0) {
				res->etag = header(s->h, "ETag");
				res->last_modified = header(s->h, "Last-Modified");
				res->link_next = link_next(s->h);
			}
			res->url = url;
			url = NULL;
			now_utc(res->retrieved);
			if (ak_buf_failed(&res->body))
				goto nomem;
			if (!res->body.data)
				ak_buf_add(&res->body, "", 0);
		}
		goto out;
	}
nomem:
	err = AK_ERR_NOMEM;
out:
	s->body = NULL;
	curl_slist_free_all(hdrs);
	free(url);
	free(host);
	free(shown);
	return err;
}
