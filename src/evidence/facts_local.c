/* facts_local.c: a snapshot's facts as every reader sees them: facts.json,
 * checked against the manifest, with the auditor's own facts.local.json
 * merged over it (docs/facts-format.md, "Additions by hand").
 *
 * fetch writes facts.json and a refresh rewrites it; what the auditor adds
 * lives in a file fetch never writes, so a refresh cannot lose it. */
#include "evidence/facts.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/msg.h"
#include "core/util.h"
#include "evidence/snapshot.h"

#define LOCAL_MAX (64u << 20)

/* ======================================================================
 * Merging
 * ====================================================================== */

/* Object over object, key by key: a null removes the key, an object merges
 * into an object, anything else replaces. Steals nothing; base changes. */
static bool merge_object(json_t *base, json_t *over)
{
	const char *k;
	json_t *v;

	json_object_foreach(over, k, v) {
		json_t *b = json_object_get(base, k);
		if (json_is_null(v)) {
			json_object_del(base, k);
			continue;
		}
		if (json_is_object(v) && json_is_object(b)) {
			if (!merge_object(b, v))
				return false;
			continue;
		}
		if (json_object_set(base, k, v) != 0)
			return false;
	}
	return true;
}

/* An array of records keyed by key (risks by "id", roles by "role"): a
 * local record with the key of a fetched one merges over it, any other is
 * added at the end. */
static bool merge_keyed(json_t *base, json_t *over, const char *key, bool nocase)
{
	size_t i, j;
	json_t *o, *b;

	json_array_foreach(over, i, o) {
		const char *ok = json_string_value(json_object_get(o, key));
		bool done = false;
		if (ok && json_is_object(o))
			json_array_foreach(base, j, b) {
				const char *bk = json_string_value(json_object_get(b, key));
				if (json_is_object(b) && bk &&
				    (nocase ? strcasecmp(bk, ok) == 0 : strcmp(bk, ok) == 0)) {
					if (!merge_object(b, o))
						return false;
					done = true;
					break;
				}
			}
		if (!done && json_array_append(base, o) != 0)
			return false;
	}
	return true;
}

/* True when the local facts give the field path names ("policy.version",
 * "risks[].owner", "management_review"). */
static bool gives(json_t *v, const char *path)
{
	const char *dot = strchr(path, '.');
	size_t n = dot ? (size_t)(dot - path) : strlen(path);
	char key[128];
	bool each = false;
	json_t *e;
	size_t i;

	if (n >= sizeof key)
		return false;
	memcpy(key, path, n);
	key[n] = '\0';
	if (n > 2 && strcmp(key + n - 2, "[]") == 0) {
		key[n - 2] = '\0';
		each = true;
	}
	v = json_object_get(v, key);
	if (!v || json_is_null(v))
		return false;
	if (!dot)
		return true;
	if (!each)
		return json_is_object(v) && gives(v, dot + 1);
	json_array_foreach(v, i, e) {
		if (json_is_object(e) && gives(e, dot + 1))
			return true;
	}
	return false;
}

/* base (fetched) with over (local) merged in; "missing" keeps only what the
 * local file does not give. */
static bool merge_facts(json_t *base, json_t *over)
{
	json_t *missing = json_object_get(base, "missing"), *kept = NULL, *m;
	const char *k;
	json_t *v;
	size_t i;

	if (json_is_array(missing)) {
		if (!(kept = json_array()))
			return false;
		json_array_foreach(missing, i, m) {
			if (json_is_string(m) && gives(over, json_string_value(m)))
				continue;
			json_array_append(kept, m);
		}
	}
	json_object_foreach(over, k, v) {
		json_t *b = json_object_get(base, k);
		bool ok = true;
		if (strcmp(k, "format") == 0 || strcmp(k, "missing") == 0)
			continue;
		if (json_is_null(v))
			json_object_del(base, k);
		else if (json_is_object(v) && json_is_object(b))
			ok = merge_object(b, v);
		else if (json_is_array(v) && json_is_array(b) && strcmp(k, "risks") == 0)
			ok = merge_keyed(b, v, "id", false);
		else if (json_is_array(v) && json_is_array(b) && strcmp(k, "roles") == 0)
			ok = merge_keyed(b, v, "role", true);
		else
			ok = json_object_set(base, k, v) == 0;
		if (!ok) {
			json_decref(kept);
			return false;
		}
	}
	if (kept && json_object_set_new(base, "missing", kept) != 0)
		return false;
	return true;
}

/* After the merge: a risk or role the local file added (rather than
 * changed) has what every risk and role needs. Said of the local file,
 * since the merged text has no lines anyone wrote. */
static bool complete(json_t *merged, const char *lpath)
{
	json_t *e;
	size_t i;
	bool ok = true;

	json_array_foreach(json_object_get(merged, "risks"), i, e) {
		if (json_is_object(e) && !json_is_string(json_object_get(e, "title"))) {
			ak_error("%s: the risk '%s' is not one the source gave, so it needs a "
				 "\"title\"",
				 lpath, json_string_value(json_object_get(e, "id")));
			ok = false;
		}
	}
	json_array_foreach(json_object_get(merged, "roles"), i, e) {
		if (json_is_object(e) && !json_is_string(json_object_get(e, "name"))) {
			ak_error("%s: the role '%s' is not one the source gave, so it needs a "
				 "\"name\"",
				 lpath, json_string_value(json_object_get(e, "role")));
			ok = false;
		}
	}
	return ok;
}

/* ======================================================================
 * Loading
 * ====================================================================== */

struct facts *facts_load_snapshot(const struct evidence_snapshot *s, struct ak_diags *d,
				  ak_err *err)
{
	char *fetched = NULL, *local = NULL, *lpath = NULL, *merged = NULL, *name = NULL;
	size_t flen = 0, llen = 0;
	struct facts *f = NULL, *check;
	json_t *base = NULL, *over = NULL;
	json_error_t je;

	*err = AK_OK;
	if ((*err = evidence_load_derived(s, "facts.json", &fetched, &flen)) != AK_OK)
		goto out;
	if (!(lpath = ak_asprintf("%s/%s", s->dir, EVIDENCE_LOCAL_FACTS))) {
		*err = AK_ERR_NOMEM;
		goto out;
	}
	if (access(lpath, F_OK) == 0) {
		if ((*err = ak_read_file(lpath, LOCAL_MAX, &local, &llen)) != AK_OK)
			goto out;
		/* On its own first, so its problems are named at its lines. */
		if (!(check = facts_parse_overlay(lpath, local, llen, d, err)))
			goto out;
		facts_free(check);
	}
	if (!fetched && !local)
		goto out; /* no facts at all: the caller says what that means */
	if (!fetched) {
		f = facts_parse(lpath, local, llen, d, err);
		goto out;
	}
	name = ak_asprintf("%s/facts.json", s->dir);
	if (!name) {
		*err = AK_ERR_NOMEM;
		goto out;
	}
	if (!local) {
		f = facts_parse(name, fetched, flen, d, err);
		goto out;
	}
	base = json_loadb(fetched, flen, 0, &je);
	over = json_loadb(local, llen, 0, &je);
	if (!base || !over || !json_is_object(base) || !json_is_object(over)) {
		/* Both parsed above (facts.json below), so only facts.json can be
		 * at fault here: let facts_parse name it. */
		f = facts_parse(name, fetched, flen, d, err);
		if (f) {
			facts_free(f);
			f = NULL;
			ak_error("cannot merge '%s' over '%s'", lpath, name);
			*err = AK_ERR_DATA;
		}
		goto out;
	}
	if (!merge_facts(base, over) ||
	    !(merged = json_dumps(base, JSON_INDENT(2) | JSON_PRESERVE_ORDER))) {
		*err = AK_ERR_NOMEM;
		goto out;
	}
	if (!complete(base, lpath)) {
		*err = AK_ERR_DATA;
		goto out;
	}
	free(name);
	name = ak_asprintf("%s/facts.json with %s", s->dir, EVIDENCE_LOCAL_FACTS);
	if (!name) {
		*err = AK_ERR_NOMEM;
		goto out;
	}
	f = facts_parse(name, merged, strlen(merged), d, err);
out:
	json_decref(base);
	json_decref(over);
	free(fetched);
	free(local);
	free(lpath);
	free(merged);
	free(name);
	return f;
}

/* True when path is a file at the top of an evidence snapshot: its folder
 * holds a manifest.json. dir gets the folder (new string). */
static bool in_snapshot(const char *path, char **dir)
{
	const char *slash = strrchr(path, '/');
	char *m;
	bool yes;

	*dir = slash ? ak_strndup(path, (size_t)(slash - path)) : ak_strdup(".");
	if (!*dir)
		return false;
	if (slash && slash == path) {
		free(*dir);
		*dir = ak_strdup("/");
	}
	m = *dir ? ak_asprintf("%s/manifest.json", *dir) : NULL;
	yes = m && access(m, F_OK) == 0;
	free(m);
	if (!yes) {
		free(*dir);
		*dir = NULL;
	}
	return yes;
}

struct facts *facts_open(const char *facts_path, const char *evidence, bool need,
			 struct evidence_snapshot **snap, char **used, struct ak_diags *d,
			 ak_err *err)
{
	struct evidence_snapshot *s = NULL;
	struct facts *f = NULL;
	char *dir = NULL;
	const char *base;

	*err = AK_OK;
	*used = NULL;
	if (snap)
		*snap = NULL;
	if (facts_path) {
		base = strrchr(facts_path, '/');
		base = base ? base + 1 : facts_path;
		if ((strcmp(base, "facts.json") != 0 && strcmp(base, EVIDENCE_LOCAL_FACTS) != 0) ||
		    !in_snapshot(facts_path, &dir)) {
			if (!(*used = ak_strdup(facts_path))) {
				*err = AK_ERR_NOMEM;
				return NULL;
			}
			return facts_load(facts_path, d, err);
		}
		/* A snapshot's facts are read as the snapshot's: checked, and
		 * with the auditor's additions. */
		ak_verbosef("'%s' is in the evidence snapshot '%s': read as its facts", facts_path,
			    dir);
		evidence = dir;
	}
	if ((*err = evidence_open(evidence, &s)) != AK_OK)
		goto out;
	f = facts_load_snapshot(s, d, err);
	if (!f && !*err && need) {
		ak_error("'%s' holds no facts.json (nor %s): fetch it again, or give --facts FILE",
			 evidence, EVIDENCE_LOCAL_FACTS);
		*err = AK_ERR_INPUT;
	}
	if (f) {
		char *fj = ak_asprintf("%s/facts.json", evidence);
		if (fj && access(fj, F_OK) != 0) {
			free(fj);
			fj = ak_asprintf("%s/%s", evidence, EVIDENCE_LOCAL_FACTS);
		}
		if (!(*used = fj))
			*err = AK_ERR_NOMEM;
	}
	if (!*err && snap) {
		*snap = s;
		s = NULL;
	}
out:
	if (*err) {
		facts_free(f);
		f = NULL;
		free(*used);
		*used = NULL;
	}
	evidence_snapshot_free(s);
	free(dir);
	return f;
}
