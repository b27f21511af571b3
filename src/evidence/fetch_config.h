/* fetch_config.h: what `auditkit fetch` reads from audit.json
 * (docs/audit-format.md): the organisation, its scope, and the sources of
 * the policy, the risk register and the management-review minutes with
 * their credentials' variable names. Command-line flags may replace any of
 * it. */
#ifndef AK_FETCH_CONFIG_H
#define AK_FETCH_CONFIG_H

#include <jansson.h>
#include <stdbool.h>

#include "core/err.h"
#include "evidence/fetch.h"
#include "evidence/sources.h"

struct fetch_source {
	bool set;
	char *where;         /* "sources.risks", for messages */
	char *given_url;     /* as written */
	char *url;           /* absolute (file:// for local files) */
	char *format;
	struct fetch_auth_spec auth; /* strings owned */
	json_t *column_map, *field_map; /* owned references, may be NULL */
	char *path, *next, *jql, *table;
	long page_size;
	char delimiter;
	char **allow_hosts;  /* other hosts its redirects and next pages may go to */
	size_t nallow_hosts;
};

struct fetch_config {
	char *organisation, *scope;
	struct fetch_source policy, risks, review;
};

/* What a source holds, for its formats and messages. */
enum fetch_kind { FETCH_POLICY, FETCH_RISKS, FETCH_REVIEW };

void fetch_config_init(struct fetch_config *c);
void fetch_config_release(struct fetch_config *c);

/* Contract: reads path into c (initialised by the caller). File URLs are
 * resolved against the file's folder. Problems are printed as
 * "FILE:LINE:COL: ..." and give AK_ERR_DATA (AK_ERR_INPUT when the file
 * cannot be read). */
ak_err fetch_config_read(const char *path, struct fetch_config *c);

/* Set a source's location from the command line (relative paths against
 * the current folder), keeping the rest of its configuration. */
ak_err fetch_source_set_url(struct fetch_source *s, const char *where, const char *given);
/* Set a source's format, checked against the known ones for its kind
 * (AK_ERR_USAGE naming them). */
ak_err fetch_source_set_format_of(struct fetch_source *s, const char *format,
				  enum fetch_kind kind);
/* Guess a missing format from the URL's suffix (and, for minutes, a
 * Confluence REST path); AK_ERR_USAGE naming the source and the option to
 * give if it cannot be guessed. */
ak_err fetch_source_default_format_of(struct fetch_source *s, enum fetch_kind kind);
/* The same for a policy (risks false) or a register (risks true). */
ak_err fetch_source_set_format(struct fetch_source *s, const char *format, bool risks);
ak_err fetch_source_default_format(struct fetch_source *s, bool risks);

/* Add a host the source's links may lead to (--allow-host, allow_hosts);
 * false when out of memory. */
bool fetch_source_allow_host(struct fetch_source *s, const char *host);

/* The parser's view of a risk source (borrows from s). */
void fetch_source_to_src(const struct fetch_source *s, struct src_config *out);

#endif
