/* snapshot.c: snapshots written whole or not at all, and read back for
 * `fetch --offline` and for conditional requests on a refresh. */
#define _GNU_SOURCE /* renameat2 for the atomic exchange */
#include "evidence/snapshot.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/msg.h"
#include "core/util.h"

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

struct evidence_builder {
	char *target, *tmp;
	struct evidence_doc *docs;
	size_t n, cap;
	struct evidence_derived *derived;
	size_t nderived, capderived;
	bool carry_local; /* the target holds a facts.local.json to carry over */
};

/* ======================================================================
 * Entries
 * ====================================================================== */

static void doc_release(struct evidence_doc *d)
{
	free(d->role);
	free(d->format);
	free(d->url);
	free(d->requested);
	free(d->file);
	free(d->retrieved);
	free(d->content_type);
	free(d->etag);
	free(d->last_modified);
	free(d->link_next);
	memset(d, 0, sizeof *d);
}

static bool doc_copy(struct evidence_doc *to, const struct evidence_doc *from)
{
	*to = *from;
	to->role = ak_strdup(from->role);
	to->format = ak_strdup(from->format);
	to->url = ak_strdup(from->url);
	to->requested = ak_strdup(from->requested);
	to->file = ak_strdup(from->file);
	to->retrieved = ak_strdup(from->retrieved);
	to->content_type = ak_strdup(from->content_type);
	to->etag = ak_strdup(from->etag);
	to->last_modified = ak_strdup(from->last_modified);
	to->link_next = ak_strdup(from->link_next);
	return (!from->link_next || to->link_next) && (!from->requested || to->requested) && (!from->role || to->role) && (!from->format || to->format) &&
	       (!from->url || to->url) && (!from->file || to->file) &&
	       (!from->retrieved || to->retrieved) && (!from->content_type || to->content_type) &&
	       (!from->etag || to->etag) && (!from->last_modified || to->last_modified);
}

/* ======================================================================
 * Reading
 * ====================================================================== */

void evidence_snapshot_free(struct evidence_snapshot *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++)
		doc_release(&s->docs[i]);
	free(s->docs);
	for (i = 0; i < s->nderived; i++)
		free(s->derived[i].file);
	free(s->derived);
	free(s->dir);
	free(s->created);
	free(s);
}

static bool dir_is_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool empty = true;

	if (!d)
		return false;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			empty = false;
	closedir(d);
	return empty;
}

static char *opt_string(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? ak_strdup(json_string_value(v)) : NULL;
}

/* The manifest's "derived": [{file, bytes, sha256}]; absent in snapshots
 * made before it was kept (their facts.json is then unlisted). */
static ak_err read_derived(const char *path, json_t *arr, struct evidence_snapshot *s)
{
	json_t *d;
	size_t i;

	if (!arr)
		return AK_OK;
	if (!json_is_array(arr)) {
		ak_diag_print(path, 0, 0, "derived: expected an array");
		return AK_ERR_DATA;
	}
	s->derived = calloc(json_array_size(arr) + 1, sizeof *s->derived);
	if (!s->derived)
		return AK_ERR_NOMEM;
	json_array_foreach(arr, i, d) {
		struct evidence_derived *x = &s->derived[s->nderived];
		const char *file = json_string_value(json_object_get(d, "file"));
		const char *sha = json_string_value(json_object_get(d, "sha256"));
		json_t *bytes = json_object_get(d, "bytes");
		if (!file || !*file || strchr(file, '/') || strcmp(file, "..") == 0 ||
		    strcmp(file, ".") == 0 || !sha || strlen(sha) != 64 || !json_is_integer(bytes)) {
			ak_diag_print(path, 0, 0, "derived[%zu]: file (at the top of the snapshot), "
				      "bytes and sha256 are required",
				      i);
			return AK_ERR_DATA;
		}
		if (!(x->file = ak_strdup(file)))
			return AK_ERR_NOMEM;
		x->bytes = (unsigned long long)json_integer_value(bytes);
		memcpy(x->sha256, sha, AK_SHA256_HEX);
		s->nderived++;
	}
	return AK_OK;
}

ak_err evidence_read(const char *dir, struct evidence_snapshot **out)
{
	struct evidence_snapshot *s = NULL;
	struct stat st;
	json_error_t e;
	json_t *root = NULL, *docs, *d;
	char *path = NULL;
	ak_err err = AK_OK;
	size_t i;

	*out = NULL;
	if (stat(dir, &st) != 0) {
		if (errno == ENOENT)
			return AK_OK;
		ak_error("cannot read '%s': %s", dir, strerror(errno));
		return AK_ERR_INPUT;
	}
	if (!S_ISDIR(st.st_mode)) {
		ak_error("'%s' exists and is not a folder", dir);
		return AK_ERR_DATA;
	}
	if (dir_is_empty(dir))
		return AK_OK;
	path = ak_asprintf("%s/manifest.json", dir);
	if (!path)
		return AK_ERR_NOMEM;
	if (access(path, F_OK) != 0) {
		ak_error("'%s' exists and is not an evidence snapshot (no manifest.json)", dir);
		err = AK_ERR_DATA;
		goto out;
	}
	root = json_load_file(path, 0, &e);
	if (!root) {
		ak_diag_print(path, e.line, e.column, "invalid JSON: %s", e.text);
		err = AK_ERR_DATA;
		goto out;
	}
	if (!ak_streq(json_string_value(json_object_get(root, "format")), EVIDENCE_FORMAT)) {
		ak_diag_print(path, 0, 0, "format: expected \"%s\"", EVIDENCE_FORMAT);
		err = AK_ERR_DATA;
		goto out;
	}
	docs = json_object_get(root, "documents");
	if (!json_is_array(docs)) {
		ak_diag_print(path, 0, 0, "documents: expected an array");
		err = AK_ERR_DATA;
		goto out;
	}
	s = calloc(1, sizeof *s);
	if (!s || !(s->dir = ak_strdup(dir)))
		goto nomem;
	s->created = opt_string(root, "created");
	s->docs = calloc(json_array_size(docs) + 1, sizeof *s->docs);
	if (!s->docs)
		goto nomem;
	json_array_foreach(docs, i, d) {
		struct evidence_doc *x = &s->docs[s->n];
		json_t *page = json_object_get(d, "page"), *status = json_object_get(d, "status");
		json_t *bytes = json_object_get(d, "bytes");
		const char *sha = json_string_value(json_object_get(d, "sha256"));
		x->role = opt_string(d, "role");
		x->format = opt_string(d, "format");
		x->url = opt_string(d, "url");
		x->requested = opt_string(d, "requested_url");
		x->file = opt_string(d, "file");
		x->retrieved = opt_string(d, "retrieved");
		x->content_type = opt_string(d, "content_type");
		x->etag = opt_string(d, "etag");
		x->last_modified = opt_string(d, "last_modified");
		x->link_next = opt_string(d, "link_next");
		x->page = json_is_integer(page) ? (int)json_integer_value(page) : 1;
		x->status = json_is_integer(status) ? (long)json_integer_value(status) : -1;
		x->bytes = json_is_integer(bytes) ? (unsigned long long)json_integer_value(bytes) : 0;
		s->n++;
		if (!x->role || !x->format || !x->url || !x->file || !sha || strlen(sha) != 64 ||
		    strstr(x->file, "..") || x->file[0] == '/') {
			ak_diag_print(path, 0, 0, "documents[%zu]: role, format, url, file and sha256 "
				      "are required",
				      i);
			err = AK_ERR_DATA;
			goto out;
		}
		memcpy(x->sha256, sha, AK_SHA256_HEX);
	}
	if ((err = read_derived(path, json_object_get(root, "derived"), s)) != AK_OK)
		goto out;
	*out = s;
	s = NULL;
	goto out;
nomem:
	err = AK_ERR_NOMEM;
out:
	evidence_snapshot_free(s);
	json_decref(root);
	free(path);
	return err;
}

const struct evidence_doc *evidence_find(const struct evidence_snapshot *s, const char *role,
					 const char *url)
{
	size_t i;

	for (i = 0; s && i < s->n; i++)
		if (ak_streq(s->docs[i].role, role) &&
		    (ak_streq(s->docs[i].url, url) || ak_streq(s->docs[i].requested, url)))
			return &s->docs[i];
	return NULL;
}

ak_err evidence_load(const struct evidence_snapshot *s, const struct evidence_doc *d, char **data,
		     size_t *len)
{
	char *path = ak_asprintf("%s/%s", s->dir, d->file);
	char hex[AK_SHA256_HEX];
	ak_err err;

	*data = NULL;
	if (!path)
		return AK_ERR_NOMEM;
	err = ak_read_file(path, 0, data, len);
	if (err)
		goto out;
	if (!ak_sha256_hex(*data, *len, hex)) {
		err = AK_ERR_INTERNAL;
	} else if (strcmp(hex, d->sha256) != 0 || *len != d->bytes) {
		ak_error("'%s' does not match the SHA-256 recorded in the manifest: the snapshot "
			 "was changed after it was made",
			 path);
		err = AK_ERR_DATA;
	}
out:
	if (err) {
		free(*data);
		*data = NULL;
	}
	free(path);
	return err;
}

/* path's bytes against sha and size: AK_ERR_DATA naming it otherwise. */
static ak_err check_file(const char *path, const char *sha, unsigned long long bytes, char **data,
			 size_t *len)
{
	char hex[AK_SHA256_HEX];
	char *buf = NULL;
	size_t n = 0;
	ak_err err;

	err = ak_read_file(path, 0, &buf, &n);
	if (err == AK_ERR_INPUT) {
		ak_error("'%s' is listed in the manifest but cannot be read: the snapshot is not "
			 "whole",
			 path);
		return AK_ERR_DATA;
	}
	if (err)
		return err;
	if (!ak_sha256_hex(buf, n, hex)) {
		free(buf);
		return AK_ERR_INTERNAL;
	}
	if (strcmp(hex, sha) != 0 || n != bytes) {
		ak_error("'%s' does not match the SHA-256 recorded in the manifest: the snapshot "
			 "was changed after it was made",
			 path);
		free(buf);
		return AK_ERR_DATA;
	}
	if (data) {
		*data = buf;
		*len = n;
	} else {
		free(buf);
	}
	return AK_OK;
}

static const struct evidence_derived *find_derived(const struct evidence_snapshot *s,
						   const char *name)
{
	size_t i;

	for (i = 0; s && i < s->nderived; i++)
		if (strcmp(s->derived[i].file, name) == 0)
			return &s->derived[i];
	return NULL;
}

ak_err evidence_load_derived(const struct evidence_snapshot *s, const char *name, char **data,
			     size_t *len)
{
	const struct evidence_derived *x = find_derived(s, name);
	char *path = ak_asprintf("%s/%s", s->dir, name);
	ak_err err = AK_OK;

	*data = NULL;
	*len = 0;
	if (!path)
		return AK_ERR_NOMEM;
	if (x) {
		err = check_file(path, x->sha256, x->bytes, data, len);
	} else if (access(path, F_OK) == 0) {
		ak_error("'%s' is not in the snapshot's manifest, so it cannot be told from a file "
			 "written by hand: rebuild it with 'auditkit fetch --offline --output %s' "
			 "(additions of your own go in %s beside it)",
			 path, s->dir, EVIDENCE_LOCAL_FACTS);
		err = AK_ERR_DATA;
	}
	free(path);
	return err;
}

ak_err evidence_open(const char *dir, struct evidence_snapshot **out)
{
	struct evidence_snapshot *s = NULL;
	struct stat st;
	char *path = NULL;
	ak_err err;
	size_t i;

	*out = NULL;
	if (stat(dir, &st) != 0) {
		ak_error("cannot open '%s': %s", dir, strerror(errno));
		return AK_ERR_INPUT;
	}
	if ((err = evidence_read(dir, &s)) != AK_OK)
		return err;
	if (!s) {
		ak_error("'%s' is empty: not an evidence snapshot", dir);
		return AK_ERR_DATA;
	}
	for (i = 0; i < s->n && !err; i++) {
		if (!(path = ak_asprintf("%s/%s", dir, s->docs[i].file))) {
			err = AK_ERR_NOMEM;
			break;
		}
		err = check_file(path, s->docs[i].sha256, s->docs[i].bytes, NULL, NULL);
		free(path);
	}
	for (i = 0; i < s->nderived && !err; i++) {
		if (!(path = ak_asprintf("%s/%s", dir, s->derived[i].file))) {
			err = AK_ERR_NOMEM;
			break;
		}
		err = check_file(path, s->derived[i].sha256, s->derived[i].bytes, NULL, NULL);
		free(path);
	}
	if (!err && !find_derived(s, "facts.json")) {
		/* Listed or absent: a facts.json the manifest does not name is
		 * refused by evidence_load_derived's message. */
		char *data = NULL;
		size_t len;
		err = evidence_load_derived(s, "facts.json", &data, &len);
		free(data);
	}
	if (err) {
		evidence_snapshot_free(s);
		return err;
	}
	*out = s;
	return AK_OK;
}

/* ======================================================================
 * Writing
 * ====================================================================== */

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path) != 0 && errno != ENOENT ? -1 : 0;
}

static void remove_tree(const char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Write a whole file in the temporary folder and start writing it to the
 * disk; evidence_commit waits for all of them at once (one syncfs rather
 * than an fsync per page, each a cache flush), by when most of the bytes
 * are on the disk already. */
static ak_err write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	const char *p = data;
	int e = 0;

	if (fd < 0) {
		ak_error("cannot write '%s': %s", path, strerror(errno));
		return AK_ERR_OUTPUT;
	}
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			break;
		}
		p += w;
		len -= (size_t)w;
	}
#ifdef SYNC_FILE_RANGE_WRITE
	if (!e)
		sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE); /* a head start only */
#endif
	if (close(fd) != 0 && !e)
		e = errno;
	if (e) {
		ak_error("cannot write '%s': %s", path, strerror(e));
		return AK_ERR_OUTPUT;
	}
	return AK_OK;
}

/* Refuse a refresh that would lose what someone put in the snapshot: a
 * file fetch did not write, a raw/ file the manifest does not list, a
 * derived file changed since fetch wrote it. facts.local.json is the
 * auditor's and is carried over (*carry). Snapshots from before the
 * manifest listed derived files have facts.json and policy.txt unlisted;
 * they are taken as fetch's. */
static ak_err check_strays(const char *target, const struct evidence_snapshot *prev, bool *carry)
{
	const char *stray = NULL, *why = "fetch did not write it";
	char *raw = NULL, *path = NULL;
	bool legacy = !prev->derived;
	struct dirent *e;
	ak_err err = AK_OK;
	DIR *d;
	size_t i;

	*carry = false;
	if (!(d = opendir(target))) {
		ak_error("cannot read '%s': %s", target, strerror(errno));
		return AK_ERR_OUTPUT;
	}
	while (!stray && (e = readdir(d)) != NULL) {
		const struct evidence_derived *x;
		const char *n = e->d_name;
		if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0 || strcmp(n, "raw") == 0 ||
		    strcmp(n, "manifest.json") == 0)
			continue;
		if (strcmp(n, EVIDENCE_LOCAL_FACTS) == 0) {
			*carry = true;
			continue;
		}
		if (legacy && (strcmp(n, "facts.json") == 0 || strcmp(n, "policy.txt") == 0))
			continue;
		if ((x = find_derived(prev, n)) != NULL) {
			char hex[AK_SHA256_HEX];
			free(path);
			if (!(path = ak_asprintf("%s/%s", target, n))) {
				err = AK_ERR_NOMEM;
				break;
			}
			if (ak_sha256_file(path, hex) && strcmp(hex, x->sha256) == 0)
				continue;
			why = "it was changed since fetch wrote it";
		}
		stray = n;
	}
	if (stray && !err) {
		if (strcmp(why, "fetch did not write it") == 0)
			ak_error("not replacing '%s': '%s' would be lost (%s); move it out of the "
				 "snapshot (additions to the facts go in '%s/%s', which a refresh "
				 "keeps)",
				 target, stray, why, target, EVIDENCE_LOCAL_FACTS);
		else
			ak_error("not replacing '%s': what was changed in '%s' would be lost (%s); "
				 "put the additions in '%s/%s', which a refresh keeps, and remove "
				 "'%s/%s'",
				 target, stray, why, target, EVIDENCE_LOCAL_FACTS, target, stray);
		err = AK_ERR_OUTPUT;
	}
	closedir(d);
	if (err)
		goto out;
	if (!(raw = ak_asprintf("%s/raw", target))) {
		err = AK_ERR_NOMEM;
		goto out;
	}
	if (!(d = opendir(raw)))
		goto out; /* no raw/: nothing there to lose */
	while ((e = readdir(d)) != NULL && !err) {
		char *rel;
		bool listed = false;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (!(rel = ak_asprintf("raw/%s", e->d_name))) {
			err = AK_ERR_NOMEM;
			break;
		}
		for (i = 0; i < prev->n && !listed; i++)
			listed = strcmp(prev->docs[i].file, rel) == 0;
		if (!listed) {
			ak_error("not replacing '%s': '%s' would be lost (the manifest does not list "
				 "it, so fetch did not write it); move it out of the snapshot",
				 target, rel);
			err = AK_ERR_OUTPUT;
		}
		free(rel);
	}
	closedir(d);
out:
	free(path);
	free(raw);
	return err;
}

ak_err evidence_begin(const char *target, struct evidence_builder **out)
{
	struct evidence_builder *b = NULL;
	struct evidence_snapshot *prev = NULL;
	const char *slash;
	char *raw = NULL;
	bool carry = false;
	ak_err err;

	*out = NULL;
	/* Refuse to replace anything that is not a snapshot, or a snapshot
	 * holding what a refresh would lose. */
	err = evidence_read(target, &prev);
	if (!err && prev)
		err = check_strays(target, prev, &carry);
	evidence_snapshot_free(prev);
	if (err == AK_ERR_DATA) {
		ak_error("not replacing '%s': choose an --out folder that is new, empty or an "
			 "earlier snapshot",
			 target);
		return AK_ERR_OUTPUT;
	}
	if (err)
		return err;
	b = calloc(1, sizeof *b);
	if (!b || !(b->target = ak_strdup(target)))
		goto nomem;
	b->carry_local = carry;
	while (strlen(b->target) > 1 && b->target[strlen(b->target) - 1] == '/')
		b->target[strlen(b->target) - 1] = '\0';
	slash = strrchr(b->target, '/');
	b->tmp = slash ? ak_asprintf("%.*s/.%s.tmp-XXXXXX", (int)(slash - b->target), b->target,
				     slash + 1)
		       : ak_asprintf(".%s.tmp-XXXXXX", b->target);
	if (!b->tmp)
		goto nomem;
	if (!ak_mkdtemp_tmp(b->tmp)) {
		ak_error("cannot make a folder beside '%s': %s", target, strerror(errno));
		free(b->tmp);
		b->tmp = NULL;
		evidence_abort(b);
		return AK_ERR_OUTPUT;
	}
	raw = ak_asprintf("%s/raw", b->tmp);
	if (!raw)
		goto nomem;
	/* Registered too, so a signal's handler (which only removes empty
	 * folders) can take raw/ and then the folder; once fetch has its own
	 * handler, evidence_abort removes everything. */
	if (!ak_tmp_register(raw, true) || mkdir(raw, 0777) != 0) {
		ak_error("cannot make '%s': %s", raw, strerror(errno));
		free(raw);
		evidence_abort(b);
		return AK_ERR_OUTPUT;
	}
	free(raw);
	/* mkdtemp makes 0700; a snapshot is an ordinary folder under the umask. */
	{
		mode_t mask = umask(0);
		umask(mask);
		chmod(b->tmp, 0777 & ~mask);
	}
	*out = b;
	return AK_OK;
nomem:
	evidence_abort(b);
	return AK_ERR_NOMEM;
}

/* The temporary folder and its raw/ leave the signal handler's list. */
static void unregister_tmp(const struct evidence_builder *b)
{
	char *raw = ak_asprintf("%s/raw", b->tmp);

	if (raw)
		ak_tmp_unregister(raw);
	free(raw);
	ak_tmp_unregister(b->tmp);
}

void evidence_abort(struct evidence_builder *b)
{
	size_t i;

	if (!b)
		return;
	if (b->tmp) {
		remove_tree(b->tmp);
		unregister_tmp(b);
	}
	for (i = 0; i < b->n; i++)
		doc_release(&b->docs[i]);
	free(b->docs);
	for (i = 0; i < b->nderived; i++)
		free(b->derived[i].file);
	free(b->derived);
	free(b->tmp);
	free(b->target);
	free(b);
}

ak_err evidence_add(struct evidence_builder *b, const struct evidence_doc *meta, const char *ext,
		    const void *data, size_t len)
{
	struct evidence_doc *d;
	char *path;
	ak_err err;

	if (!ak_grow(&b->docs, &b->cap, b->n + 1, sizeof *b->docs))
		return AK_ERR_NOMEM;
	d = &b->docs[b->n];
	if (!doc_copy(d, meta)) {
		doc_release(d);
		return AK_ERR_NOMEM;
	}
	free(d->file);
	d->file = ak_asprintf("raw/%s-%03d.%s", meta->role, meta->page, ext);
	path = d->file ? ak_asprintf("%s/%s", b->tmp, d->file) : NULL;
	if (!path) {
		doc_release(d);
		return AK_ERR_NOMEM;
	}
	d->bytes = len;
	if (!ak_sha256_hex(data, len, d->sha256)) {
		free(path);
		doc_release(d);
		return AK_ERR_INTERNAL;
	}
	err = write_file(path, data, len);
	free(path);
	if (err) {
		doc_release(d);
		return err;
	}
	b->n++;
	return AK_OK;
}

ak_err evidence_put(struct evidence_builder *b, const char *name, const void *data, size_t len)
{
	char *path = ak_asprintf("%s/%s", b->tmp, name);
	struct evidence_derived *x;
	ak_err err;

	if (!path || !ak_grow(&b->derived, &b->capderived, b->nderived + 1, sizeof *b->derived)) {
		free(path);
		return AK_ERR_NOMEM;
	}
	x = &b->derived[b->nderived];
	memset(x, 0, sizeof *x);
	x->bytes = len;
	if (!ak_sha256_hex(data, len, x->sha256)) {
		free(path);
		return AK_ERR_INTERNAL;
	}
	if (!(x->file = ak_strdup(name))) {
		free(path);
		return AK_ERR_NOMEM;
	}
	err = write_file(path, data, len);
	free(path);
	if (err) {
		free(x->file);
		return err;
	}
	b->nderived++;
	return AK_OK;
}

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static char *manifest_json(const struct evidence_builder *b)
{
	json_t *root = json_object(), *docs = json_array(), *derived = json_array();
	char created[24];
	time_t t = time(NULL);
	struct tm tm;
	char *text = NULL;
	size_t i;

	gmtime_r(&t, &tm);
	strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!root || !docs || !derived)
		goto out;
	json_object_set_new(root, "format", json_string(EVIDENCE_FORMAT));
	json_object_set_new(root, "created", json_string(created));
	json_object_set_new(root, "generator", json_string("auditkit " AK_VERSION));
	for (i = 0; i < b->n; i++) {
		const struct evidence_doc *d = &b->docs[i];
		json_t *o = json_object();
		if (!o)
			goto out;
		json_object_set_new(o, "role", json_string(d->role));
		json_object_set_new(o, "format", json_string(d->format));
		json_object_set_new(o, "page", json_integer(d->page));
		json_object_set_new(o, "url", json_string(d->url));
		if (d->requested && strcmp(d->requested, d->url) != 0)
			json_object_set_new(o, "requested_url", json_string(d->requested));
		json_object_set_new(o, "file", json_string(d->file));
		json_object_set_new(o, "retrieved", str_or_null(d->retrieved));
		json_object_set_new(o, "status", d->status >= 0 ? json_integer(d->status) : json_null());
		json_object_set_new(o, "content_type", str_or_null(d->content_type));
		json_object_set_new(o, "etag", str_or_null(d->etag));
		json_object_set_new(o, "last_modified", str_or_null(d->last_modified));
		if (d->link_next)
			json_object_set_new(o, "link_next", json_string(d->link_next));
		json_object_set_new(o, "bytes", json_integer((json_int_t)d->bytes));
		json_object_set_new(o, "sha256", json_string(d->sha256));
		json_array_append_new(docs, o);
	}
	json_object_set(root, "documents", docs);
	for (i = 0; i < b->nderived; i++) {
		json_t *o = json_object();
		if (!o)
			goto out;
		json_object_set_new(o, "file", json_string(b->derived[i].file));
		json_object_set_new(o, "bytes", json_integer((json_int_t)b->derived[i].bytes));
		json_object_set_new(o, "sha256", json_string(b->derived[i].sha256));
		json_array_append_new(derived, o);
	}
	json_object_set(root, "derived", derived);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
out:
	json_decref(derived);
	json_decref(docs);
	json_decref(root);
	return text;
}

static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* The auditor's facts.local.json into the new snapshot as it is: a hard
 * link to the same file (its bytes, mode and times untouched), else a
 * copy of its bytes. */
static ak_err carry_local(const struct evidence_builder *b)
{
	char *from = ak_asprintf("%s/%s", b->target, EVIDENCE_LOCAL_FACTS);
	char *to = ak_asprintf("%s/%s", b->tmp, EVIDENCE_LOCAL_FACTS);
	char *data = NULL;
	size_t len;
	ak_err err = AK_OK;

	if (!from || !to) {
		err = AK_ERR_NOMEM;
		goto out;
	}
	if (link(from, to) == 0)
		goto out;
	if (errno == ENOENT && access(from, F_OK) != 0)
		goto out; /* removed meanwhile: nothing to keep */
	if ((err = ak_read_file(from, 0, &data, &len)) != AK_OK) {
		ak_error("cannot keep '%s' in the refreshed snapshot", from);
		err = AK_ERR_OUTPUT;
		goto out;
	}
	err = write_file(to, data, len);
out:
	free(data);
	free(from);
	free(to);
	return err;
}

/* Contract: frees b. On success the target is the new snapshot and the old
 * one (if any) is gone; on failure the target is as it was. */
ak_err evidence_commit(struct evidence_builder *b)
{
	char *manifest = manifest_json(b), *parent = NULL, *old = NULL;
	struct stat st;
	ak_err err = AK_OK;
	size_t ml;

	if (!manifest) {
		err = AK_ERR_NOMEM;
		goto fail;
	}
	ml = strlen(manifest);
	manifest[ml] = '\0';
	{
		char *with_nl = ak_asprintf("%s\n", manifest);
		char *path = ak_asprintf("%s/manifest.json", b->tmp);
		if (!with_nl || !path) {
			free(with_nl);
			free(path);
			err = AK_ERR_NOMEM;
			goto fail;
		}
		err = write_file(path, with_nl, ml + 1);
		free(with_nl);
		free(path);
		if (err)
			goto fail;
	}
	if (b->carry_local && (err = carry_local(b)) != AK_OK)
		goto fail;
	/* Everything written reaches the disk before the rename makes it the
	 * snapshot: one syncfs of the file system holding it. */
	{
		int fd = open(b->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0 || syncfs(fd) != 0) {
			ak_error("cannot write '%s': %s", b->target, strerror(errno));
			if (fd >= 0)
				close(fd);
			err = AK_ERR_OUTPUT;
			goto fail;
		}
		close(fd);
	}
	if (stat(b->target, &st) != 0) {
		if (rename(b->tmp, b->target) != 0) {
			ak_error("cannot write '%s': %s", b->target, strerror(errno));
			err = AK_ERR_OUTPUT;
			goto fail;
		}
	} else if (renameat2(AT_FDCWD, b->tmp, AT_FDCWD, b->target, RENAME_EXCHANGE) != 0) {
		/* No atomic exchange here: move the old one aside, then the new
		 * one in; only a crash between the two renames leaves no target. */
		if (errno != EINVAL && errno != ENOSYS) {
			ak_error("cannot replace '%s': %s", b->target, strerror(errno));
			err = AK_ERR_OUTPUT;
			goto fail;
		}
		old = ak_asprintf("%s.old", b->tmp);
		if (!old) {
			err = AK_ERR_NOMEM;
			goto fail;
		}
		if (rename(b->target, old) != 0) {
			ak_error("cannot replace '%s': %s", b->target, strerror(errno));
			err = AK_ERR_OUTPUT;
			goto fail;
		}
		if (rename(b->tmp, b->target) != 0) {
			int e = errno;
			rename(old, b->target);
			ak_error("cannot replace '%s': %s", b->target, strerror(e));
			err = AK_ERR_OUTPUT;
			goto fail;
		}
		remove_tree(old);
	} else {
		/* b->tmp now holds the previous snapshot. */
		remove_tree(b->tmp);
	}
	parent = ak_strdup(b->target);
	if (parent) {
		char *slash = strrchr(parent, '/');
		if (slash && slash != parent)
			*slash = '\0';
		else if (slash)
			slash[1] = '\0';
		sync_dir(slash ? parent : ".");
	}
	unregister_tmp(b);
	free(b->tmp);
	b->tmp = NULL;
fail:
	free(old);
	free(parent);
	free(manifest);
	evidence_abort(b);
	return err;
}
