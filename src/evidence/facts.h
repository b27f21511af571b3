/* facts.h: the organisation's own records (docs/facts-format.md).
 *
 * Read from a facts file, as `auditkit fetch` writes it or an auditor does by
 * hand. Strings are borrowed from the facts and live as long as they do. The
 * risks are kept in "top risks" order: level, impact, likelihood (highest
 * first), then id. */
#ifndef AK_FACTS_H
#define AK_FACTS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "core/err.h"

#define FACTS_FORMAT "auditkit-facts/1"

struct facts_list {
	const char *const *v;
	size_t n;
};

struct facts_risk {
	const char *id, *title, *description, *owner, *treatment, *status, *level_label;
	double likelihood, impact, level; /* NAN when not given */
	size_t index; /* in the file's "risks" array */
};

struct facts_role {
	const char *role, *name;
};

struct facts_policy {
	const char *title, *version, *approved, *approver, *owner, *review_due;
	struct facts_list commitments, objectives;
};

/* A decision of the review with what the minutes say of it. */
struct facts_decision {
	const char *decision;      /* the text, as in facts_review's decisions */
	const char *owner, *amount; /* as written ("CFO", "EUR 45,000"); NULL: not given */
};

struct facts_review {
	const char *date;
	struct facts_list attendees, decisions, resources; /* decisions: the texts */
	/* NULL, empty or false when the facts do not say: */
	const char *chair, *next_review;
	struct facts_list apologies;
	bool has_apologies;                      /* "apologies" given, perhaps [] */
	const struct facts_decision *decision_items; /* decisions.n of them, in that order */
};

struct facts;

/* Load and check a facts file. Problems go to d with their line and column;
 * NULL then (err AK_ERR_INPUT, AK_ERR_DATA or AK_ERR_NOMEM). */
struct facts *facts_load(const char *path, struct ak_diags *d, ak_err *err);
/* The same from a buffer already read (name is used in messages). */
struct facts *facts_parse(const char *name, const char *text, size_t len, struct ak_diags *d,
			  ak_err *err);
/* facts_parse for an overlay (facts.local.json): the same checks, but a
 * risk needs only its "id" and a role only its "role", since they may
 * change some fields of fetched ones. For checking, not for reading. */
struct facts *facts_parse_overlay(const char *name, const char *text, size_t len,
				  struct ak_diags *d, ak_err *err);
void facts_free(struct facts *f);

struct evidence_snapshot;
/* The facts of a snapshot opened with evidence_open: its facts.json,
 * checked against the manifest, with facts.local.json (the auditor's
 * additions, which fetch never writes) merged over it. Either alone will
 * do; neither is NULL with *err AK_OK, for the caller to say what that
 * means. Problems go to d (facts.local.json's at its own lines). */
struct facts *facts_load_snapshot(const struct evidence_snapshot *s, struct ak_diags *d,
				  ak_err *err);
/* What a command's --facts FILE or --evidence DIR (one of them) give: a
 * facts file as it is, but a snapshot's (DIR, or a FILE that is a
 * snapshot's facts.json or facts.local.json) only after evidence_open has
 * checked every file against the manifest, and with facts.local.json
 * merged. need: no facts in the snapshot is an error (AK_ERR_INPUT), else
 * NULL with AK_OK. The snapshot in *snap (new, when snap is not NULL), the
 * file to name as the records in *used (new). */
struct facts *facts_open(const char *facts_path, const char *evidence, bool need,
			 struct evidence_snapshot **snap, char **used, struct ak_diags *d,
			 ak_err *err);

const char *facts_org_name(const struct facts *f);  /* NULL if not given */
const char *facts_org_scope(const struct facts *f);
const struct facts_policy *facts_policy(const struct facts *f); /* fields NULL if not given */
size_t facts_nrisks(const struct facts *f);
const struct facts_risk *facts_risk(const struct facts *f, size_t i); /* in top-risk order */
size_t facts_nroles(const struct facts *f);
const struct facts_role *facts_role(const struct facts *f, size_t i);
/* The holder of the "ISMS owner" role (case-insensitive), else NULL. */
const char *facts_isms_owner(const struct facts *f);
const struct facts_review *facts_review(const struct facts *f); /* NULL if not given */
struct facts_list facts_missing(const struct facts *f);

#endif
