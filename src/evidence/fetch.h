/* fetch.h: the transport. GET over https, http and file URLs with libcurl,
 * one connection reused across the pages of a source, credentials from
 * environment variables sent only to the host they were configured for.
 *
 * TLS verification is always on (a private CA is added with cacert);
 * redirects are followed here, not by libcurl, at most 5, and a redirect to
 * another scheme, host or port loses the credentials; 429 and 5xx answers
 * are retried with exponential backoff, honouring Retry-After; a response
 * larger than max_size is refused, compressed or not. Messages name the host
 * and never the credentials: URLs are shown through fetch_url_display(). */
#ifndef AK_FETCH_H
#define AK_FETCH_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "core/util.h"

/* ---- credentials -------------------------------------------------------- */

enum fetch_auth_kind {
	FETCH_AUTH_NONE,
	FETCH_AUTH_BEARER,  /* Authorization: Bearer <env> */
	FETCH_AUTH_TOKEN,   /* Authorization: Token <env> (CISO Assistant) */
	FETCH_AUTH_BASIC,   /* Authorization: Basic base64(<user_env>:<password_env>) */
	FETCH_AUTH_API_KEY, /* <header>: <env> (SimpleRisk: X-API-KEY) */
};

/* What the configuration says: the kind and the NAMES of the variables. */
struct fetch_auth_spec {
	enum fetch_auth_kind kind;
	const char *env;          /* bearer, token, api-key */
	const char *user_env;     /* basic */
	const char *password_env; /* basic */
	const char *header;       /* api-key; default "X-API-KEY" */
};

/* The credential ready to send. header_line is secret: it is wiped when
 * released and never printed; vars names the variables for messages. */
struct fetch_auth {
	enum fetch_auth_kind kind;
	char *header_line;
	char *vars;
};

/* Parse "bearer", "token", "basic", "api-key"; false if none of them. */
bool fetch_auth_kind_parse(const char *s, enum fetch_auth_kind *kind);
/* Read the variables named in spec. Only a name starting with AUDITKIT_
 * or one of allowed (the user's --allow-env) is read at all, so that an
 * audit.json from someone else cannot send any secret of the environment
 * to its URL. A variable that is unset or empty, or not allowed, is
 * reported by name ("set the environment variable 'X' ...", where says
 * whose it is) and gives AK_ERR_USAGE. */
ak_err fetch_auth_load(const struct fetch_auth_spec *spec, const char *where,
		       const char *const *allowed, size_t nallowed, struct fetch_auth *out);
/* True if the name may be read as a credential: AUDITKIT_... or allowed. */
bool fetch_auth_env_allowed(const char *var, const char *const *allowed, size_t nallowed);
void fetch_auth_release(struct fetch_auth *a);

/* ---- sessions and requests -------------------------------------------- */

struct fetch_opts {
	const char *cacert;             /* extra CA bundle (PEM), or NULL */
	long connect_timeout_ms;        /* 0: 10 s */
	long timeout_ms;                /* per request, 0: 60 s */
	unsigned long long max_size;    /* bytes per response, 0: 64 MiB */
	int retries;                    /* per request, -1: 3 */
	int total_retries;              /* per session, 0: 10 */
	long max_retry_after_s;         /* longest Retry-After honoured, 0: 120 */
	bool insecure_http_credentials; /* credentials over plain http (never via a
					 * proxy that is not https) */
};

struct fetch_request {
	const char *url;         /* absolute http, https or file URL */
	const char *auth_origin; /* the source's URL: only its scheme://host:port
				  * gets auth, and redirects keep to its scheme
				  * (fetch_url_link_check) */
	const char *const *allow_hosts; /* other hosts a redirect may go to */
	size_t nallow_hosts;
	const struct fetch_auth *auth; /* may be NULL */
	const char *accept;      /* Accept header, or NULL */
	const char *if_none_match;     /* a previous ETag: conditional request */
	const char *if_modified_since; /* a previous Last-Modified */
};

struct fetch_response {
	long status;            /* the HTTP status; 0 for file URLs */
	char *url;              /* the URL finally answered (after redirects) */
	char *content_type;     /* NULL when not given */
	char *etag, *last_modified;
	char *link_next;        /* Link: <...>; rel="next", as written */
	char retrieved[24];     /* "2026-11-17T09:30:00Z" */
	struct ak_buf body;     /* the bytes, decoded from gzip/deflate */
};

struct fetch_session;

/* Contract: a session owns one libcurl handle, so consecutive requests to
 * one host share a connection. Free with fetch_session_free. */
ak_err fetch_session_new(const struct fetch_opts *opts, struct fetch_session **out);
void fetch_session_free(struct fetch_session *s);
/* fn(arg) is called before each pause between retries (a Retry-After may
 * be minutes): a caller holding messages back prints them there, so the
 * warning about the wait is seen while waiting. fn returning false ends
 * the request at once, as AK_ERR_INTERRUPTED, with nothing printed. NULL
 * removes it. */
void fetch_session_before_wait(struct fetch_session *s, bool (*fn)(void *arg), void *arg);

/* GET req->url into *res (initialised here; release with
 * fetch_response_release even on failure). A 304 answer to a conditional
 * request is a success with status 304 and an empty body. Failures are
 * reported here, naming the host: AK_ERR_SOURCE when the source answered
 * with an error (401/403 name the credential variables), AK_ERR_NETWORK
 * when it could not be reached or the transfer failed, AK_ERR_INTERRUPTED
 * after fetch_cancel(). */
ak_err fetch_get(struct fetch_session *s, const struct fetch_request *req,
		 struct fetch_response *res);
void fetch_response_release(struct fetch_response *res);

/* Ask running and later transfers to stop; async-signal-safe. */
void fetch_cancel(void);
bool fetch_cancelled(void);

/* ---- URLs (fetch_url.c) ------------------------------------------------- */

/* url as it may be shown or recorded: without user:password@ and without
 * query parameters that look like credentials (token, key, secret,
 * password, signature, ...). New string; NULL when out of memory. */
char *fetch_url_display(const char *url);
/* The host of url ("example.com"; "local file" for file URLs). New string. */
char *fetch_url_host(const char *url);
/* True if a and b have the same scheme, host and port. */
bool fetch_url_same_origin(const char *a, const char *b);
/* Contract: may a document of the source at source (fetched from from)
 * lead to link, a redirect's Location or a next page? Never to a scheme
 * other than http and https (so never to a file from a remote page), never
 * from https down to http (from the source or the page), and never to
 * another host unless allow names it (http up to https is fine). A link
 * refused is reported as "'FROM' WHAT 'LINK' ..." and is AK_ERR_SOURCE. */
ak_err fetch_url_link_check(const char *source, const char *from, const char *link,
			    const char *const *allow, size_t nallow, const char *what);
/* The proxy libcurl would use for url from the environment (http_proxy;
 * https_proxy or HTTPS_PROXY; all_proxy or ALL_PROXY; minus no_proxy), as
 * written, in a new string; NULL when none. *var names the variable. */
char *fetch_url_proxy(const char *url, const char **var);
/* True if url's scheme is scheme ("https"), without regard to case. */
bool fetch_url_scheme_is(const char *url, const char *scheme);
/* True if url carries user:password@. */
bool fetch_url_has_userinfo(const char *url);
/* A source location as given in a configuration or on the command line,
 * made into an absolute URL: http(s) URLs as they are; "file:rel/path",
 * "file:///abs" or a bare path resolved against base_dir (NULL: the
 * current folder). New string in *out; AK_ERR_USAGE with a message for a
 * scheme other than http, https or file. */
ak_err fetch_url_absolute(const char *given, const char *base_dir, char **out);

#endif
