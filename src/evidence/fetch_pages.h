/* fetch_pages.h: a source's pages, one after another, into a snapshot.
 *
 * For each page: fetch it (or, offline, take it from the previous snapshot),
 * keep its bytes in the snapshot being built, parse it, and go on to the
 * page it names. Online, the next page is asked for while this one is kept
 * and parsed on a second thread; messages and the exit status are still
 * those of one page after another (fetch_pages.c). On a refresh each request is conditional on the previous
 * snapshot's ETag and Last-Modified for the same URL; a 304 answer reuses
 * the bytes kept then (checked against their SHA-256). */
#ifndef AK_COLLECT_H
#define AK_COLLECT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "evidence/snapshot.h"
#include "evidence/fetch.h"
#include "evidence/fetch_config.h"
#include "evidence/review.h"
#include "evidence/risk.h"

struct collect {
	struct fetch_session *fs;             /* NULL when offline */
	const struct evidence_snapshot *prev; /* the snapshot refreshed, or read offline */
	struct evidence_builder *out;
	bool offline;
	/* Called after each page; done is true once, after the last. */
	void (*progress)(void *arg, const char *role, int page, size_t items, bool done);
	void *arg;
};

/* Contract: appends the register's risks to out (not finished). Offline,
 * s may be unset: the format is then the one the snapshot recorded. */
ak_err collect_risks(struct collect *c, const struct fetch_source *s,
		     const struct fetch_auth *auth, struct risk_list *out);

/* Contract: the policy as text with headings in a new *text, and the page
 * title where the format has one in a new *title (may be NULL). */
ak_err collect_policy(struct collect *c, const struct fetch_source *s,
		      const struct fetch_auth *auth, char **text, char **title);

/* Contract: the management-review minutes kept in the snapshot
 * (raw/review-001.<ext>) and read into out (initialised here; release with
 * review_facts_release). Offline, s may be unset: the format is then the
 * one the snapshot recorded. Minutes that cannot be read are AK_ERR_DATA,
 * their problems printed as "URL:LINE:COL: ...". */
ak_err collect_review(struct collect *c, const struct fetch_source *s,
		      const struct fetch_auth *auth, struct review_facts *out);

#endif
