/* snapshot.h: the evidence snapshot (docs/evidence-format.md): a folder with
 * raw/ (each document's bytes as received), manifest.json (where and when
 * each came from, its status, type, ETag, size and SHA-256), facts.json and
 * policy.txt (the normalised forms).
 *
 * A snapshot is built in a temporary folder beside the target and put in
 * place with one rename (an atomic exchange where the system has it), so it
 * appears whole or not at all, and a failed refresh leaves the previous one
 * as it was. */
#ifndef AK_EVIDENCE_H
#define AK_EVIDENCE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "core/hash.h"

#define EVIDENCE_FORMAT "auditkit-evidence/1"

/* One manifest entry. */
struct evidence_doc {
	char *role;          /* "policy", "risks" or "review" */
	char *format;        /* the source's format ("csv", "ciso-assistant", "markdown") */
	int page;            /* 1 for the first page */
	char *url;           /* where the bytes came from, after redirects, without
			      * credentials (fetch_url_display) */
	char *requested;     /* the URL asked for, when a redirect made it differ;
			      * else NULL */
	char *file;          /* "raw/risks-001.json", relative to the snapshot */
	char *retrieved;     /* UTC, "2026-11-17T09:30:00Z" */
	long status;         /* HTTP status; -1 for file URLs (none) */
	char *content_type, *etag, *last_modified; /* NULL when not given */
	char *link_next;     /* a Link: rel="next" target, kept for 304 answers */
	unsigned long long bytes;
	char sha256[AK_SHA256_HEX];
};

/* A file auditkit derived from the documents (facts.json, policy.txt),
 * listed in the manifest's "derived" so that a reader can tell it is the
 * one fetch wrote. */
struct evidence_derived {
	char *file; /* at the snapshot's top: "facts.json" */
	unsigned long long bytes;
	char sha256[AK_SHA256_HEX];
};

struct evidence_snapshot {
	char *dir;
	char *created;
	struct evidence_doc *docs;
	size_t n;
	struct evidence_derived *derived;
	size_t nderived;
};

/* The file beside facts.json where the auditor's own additions go; fetch
 * never writes it, a refresh carries it over as it is, and every reader
 * merges it over facts.json (facts_load_snapshot, docs/facts-format.md). */
#define EVIDENCE_LOCAL_FACTS "facts.local.json"

/* Contract: reads DIR/manifest.json into a new *out. *out is NULL (and
 * AK_OK) when dir does not exist or is an empty folder. A folder that holds
 * something else, or a manifest that is not one, is AK_ERR_DATA with a
 * message. */
ak_err evidence_read(const char *dir, struct evidence_snapshot **out);
void evidence_snapshot_free(struct evidence_snapshot *s);
/* Contract: the snapshot for a reader (score, findings, interview): reads
 * DIR/manifest.json as evidence_read does, then checks every file it lists,
 * raw and derived, against its SHA-256 and size; a file changed, missing,
 * or a facts.json the manifest does not list, is AK_ERR_DATA naming the
 * file. A folder that does not exist is AK_ERR_INPUT, an empty one or one
 * without a manifest AK_ERR_DATA. New *out. */
ak_err evidence_open(const char *dir, struct evidence_snapshot **out);
/* The derived file name ("facts.json") checked against the manifest: new
 * buffer in *data. AK_ERR_DATA naming it when it is not listed or does not
 * match; *data NULL and AK_OK when it is neither listed nor there. */
ak_err evidence_load_derived(const struct evidence_snapshot *s, const char *name, char **data,
			     size_t *len);
/* The entry for role and url (recorded or requested), or NULL. Borrowed. */
const struct evidence_doc *evidence_find(const struct evidence_snapshot *s, const char *role,
					 const char *url);
/* A document's bytes, checked against its recorded SHA-256 and size; a
 * mismatch is AK_ERR_DATA naming the file. New buffer in *data. */
ak_err evidence_load(const struct evidence_snapshot *s, const struct evidence_doc *d, char **data,
		     size_t *len);

struct evidence_builder;

/* Contract: refuses a target that exists and is neither a snapshot nor an
 * empty folder (AK_ERR_OUTPUT), then makes the temporary folder beside it. */
ak_err evidence_begin(const char *target, struct evidence_builder **out);
/* Keep a document: writes raw/<role>-<page>.<ext>, and records meta (copied)
 * with the file name, byte count and SHA-256 filled in. */
ak_err evidence_add(struct evidence_builder *b, const struct evidence_doc *meta, const char *ext,
		    const void *data, size_t len);
/* Write a derived file (facts.json, policy.txt) at the snapshot's top,
 * listed with its size and SHA-256 in the manifest's "derived". */
ak_err evidence_put(struct evidence_builder *b, const char *name, const void *data, size_t len);
/* Write manifest.json and put the snapshot in place of the target; the
 * builder is freed, whatever happens. The previous snapshot's
 * facts.local.json is carried over unchanged (a hard link, else a copy);
 * anything else in it that fetch did not write (a file beside facts.json,
 * a raw/ file the manifest does not list, a folder) makes it refuse with
 * AK_ERR_OUTPUT naming it, the target as it was. */
ak_err evidence_commit(struct evidence_builder *b);
/* Remove the temporary folder and free the builder. NULL is fine. */
void evidence_abort(struct evidence_builder *b);

/* ---- facts.json (facts_write.c) -------------------------------------- */

struct policy_facts;
struct risk_list;
struct review_facts;

struct evidence_facts_in {
	const char *org_name, *org_scope;     /* from audit.json; NULL if not given */
	const struct policy_facts *policy;    /* NULL: no policy source */
	const struct risk_list *risks;        /* NULL: no risk source; finished */
	const struct review_facts *review;    /* NULL: no management-review source */
};

/* The facts file (docs/facts-format.md) for what was fetched, with
 * "missing" listing the field paths the sources did not give; the same
 * list joined by ", " in a new *missing when missing is not NULL. New
 * string ending in a newline; NULL when out of memory. */
char *evidence_facts_json(const struct evidence_facts_in *in, char **missing);

#endif
