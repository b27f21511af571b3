/* bank_load.c: loading question banks (bank.h).
 *
 * Loading has two steps. First the raw questions are collected: the bank's
 * includes are followed (recursively, with cycle detection), the included
 * questions filtered by tag and renamed by clause map, and the bank's own
 * questions appended. Each raw question still points into the JSON of the
 * file that wrote it, so every problem is reported at its own file, line and
 * column. Then each raw question is checked and built: placeholders filled
 * from the vars of the bank that uses it, fields checked against the root
 * bank's clause table, patterns compiled. Every string of the result lives in
 * the bank's arena. */
#include "interview/bank.h"

#include <errno.h>
#include <jansson.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interview/bank_check.h"
#include "core/jpos.h"
#include "core/util.h"

/* ======================================================================
 * Loading
 * ====================================================================== */

#define MAX_INCLUDE_DEPTH 16

struct rawq {
	json_t *q;             /* borrowed from file->root */
	struct bfile *file;
	size_t index;          /* in its file's "questions" */
	char *clause, *item;   /* after clause maps; owned */
	json_t *overlay[MAX_INCLUDE_DEPTH]; /* include vars, innermost first; borrowed */
	size_t noverlay;
	const char *mapped_by; /* the including file, when included */
};

struct rawqs {
	struct rawq *v;
	size_t n, cap;
};

struct loader {
	struct bank *b;
	struct ak_diags *d;
	struct bfile **files;
	size_t nfiles, capfiles;
	const char *stack[MAX_INCLUDE_DEPTH + 1]; /* real paths being loaded */
	const char *shown[MAX_INCLUDE_DEPTH + 1]; /* the same, as written */
	size_t depth;
	json_t *root_vars; /* borrowed */
	bool nomem, unreadable;
};

static void rawqs_release(struct rawqs *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].clause);
		free(r->v[i].item);
	}
	free(r->v);
	r->v = NULL;
	r->n = r->cap = 0;
}

static struct rawq *rawqs_push(struct loader *L, struct rawqs *r)
{
	if (!ak_grow(&r->v, &r->cap, r->n + 1, sizeof *r->v)) {
		L->nomem = true;
		return NULL;
	}
	memset(&r->v[r->n], 0, sizeof r->v[r->n]);
	return &r->v[r->n++];
}

/* Open, parse and index one bank file, and check its top level. NULL (with
 * a diagnostic) when it cannot be read or is not JSON. */
static struct bfile *open_bfile(struct loader *L, const char *path, const char *from_file,
				int from_line, int from_col)
{
	struct bfile *f = calloc(1, sizeof *f);
	char *dircopy = NULL;

	if (!f || !ak_grow(&L->files, &L->capfiles, L->nfiles + 1, sizeof *L->files)) {
		free(f);
		L->nomem = true;
		return NULL;
	}
	f->path = ak_strdup(path);
	dircopy = ak_strdup(path);
	if (!f->path || !dircopy) {
		L->nomem = true;
		goto fail;
	}
	f->dir = ak_strdup(dirname(dircopy));
	free(dircopy);
	if (!f->dir) {
		L->nomem = true;
		goto fail;
	}
	{
		struct ak_buf buf = AK_BUF_INIT;
		char chunk[65536];
		size_t n;
		FILE *fp = fopen(path, "rb");
		if (!fp) {
			if (from_file)
				ak_diags_add(L->d, from_file, from_line, from_col,
					     "cannot read included bank '%s'", path);
			else
				ak_diags_add(L->d, path, 0, 0, "cannot open: %s", strerror(errno));
			L->unreadable = !from_file;
			goto fail;
		}
		while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
			ak_buf_add(&buf, chunk, n);
		fclose(fp);
		f->len = buf.len;
		f->text = ak_buf_detach(&buf);
		if (!f->text) {
			L->nomem = true;
			goto fail;
		}
	}
	f->root = jck_parse(&f->chk, f->path, f->text, f->len, L->d);
	if (!f->root)
		goto fail;
	f->chk.uncapped = true; /* a bank has always shown every problem */
	L->files[L->nfiles++] = f;
	return f;
fail:
	bfile_free(f);
	return NULL;
}

/* Apply an include's clause_map to a raw question's clause and item. */
static void map_clause(struct loader *L, struct rawq *r, json_t *map)
{
	char key[128];
	json_t *to = NULL;
	const char *s, *sp;

	if (!json_is_object(map) || !r->clause)
		return;
	if (r->item) {
		snprintf(key, sizeof key, "%s %s", r->clause, r->item);
		to = json_object_get(map, key);
	}
	if (!json_is_string(to))
		to = json_object_get(map, r->clause);
	if (!json_is_string(to))
		return;
	s = json_string_value(to);
	sp = strchr(s, ' ');
	free(r->clause);
	if (sp) {
		free(r->item);
		r->clause = ak_strndup(s, (size_t)(sp - s));
		r->item = ak_strdup(sp + 1);
		if (!r->item)
			L->nomem = true;
	} else {
		r->clause = ak_strdup(s); /* a clause-only mapping keeps the item */
	}
	if (!r->clause)
		L->nomem = true;
}

static bool has_any_tag(json_t *q, json_t *tags)
{
	size_t i, j;
	json_t *qt = json_object_get(q, "tags"), *t, *u;

	if (!tags)
		return true;
	json_array_foreach(tags, i, t) {
		json_array_foreach(qt, j, u) {
			if (json_is_string(t) && json_is_string(u) &&
			    strcmp(json_string_value(t), json_string_value(u)) == 0)
				return true;
		}
	}
	return false;
}

static bool in_string_array(json_t *arr, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v) {
		if (json_is_string(v) && s && strcmp(json_string_value(v), s) == 0)
			return true;
	}
	return false;
}

static void collect(struct loader *L, struct bfile *f, struct rawqs *out);

/* Follow one entry of f's "includes": load the bank it names, keep the
 * questions it selects and rename their clauses. */
static void follow_include(struct loader *L, struct bfile *f, size_t idx, json_t *inc,
			   struct rawqs *out)
{
	char path[64], *target = NULL, *real = NULL;
	int line, col;
	json_t *file = json_object_get(inc, "file");
	struct bfile *g;
	struct rawqs sub = {NULL, 0, 0};
	size_t i;

	jpos_path_index(path, sizeof path, "/includes", idx);
	jpos_path_key(path, sizeof path, path, "file");
	jck_loc(&f->chk, path, &line, &col);
	if (!json_is_string(file))
		return; /* reported by the field checks */
	target = json_string_value(file)[0] == '/' ? ak_strdup(json_string_value(file))
						   : ak_asprintf("%s/%s", f->dir, json_string_value(file));
	if (!target) {
		L->nomem = true;
		return;
	}
	real = realpath(target, NULL);
	if (!real) {
		ak_diags_add(L->d, f->path, line, col, "cannot read included bank '%s'",
			     json_string_value(file));
		goto out;
	}
	for (i = 0; i < L->depth; i++) {
		if (strcmp(L->stack[i], real) == 0) {
			struct ak_buf chain = AK_BUF_INIT;
			size_t k;
			for (k = i; k < L->depth; k++)
				ak_buf_printf(&chain, "%s -> ", L->shown[k]);
			ak_buf_adds(&chain, target);
			ak_diags_add(L->d, f->path, line, col, "include cycle: %s",
				     ak_buf_str(&chain));
			ak_buf_release(&chain);
			goto out;
		}
	}
	if (L->depth >= MAX_INCLUDE_DEPTH) {
		ak_diags_add(L->d, f->path, line, col, "includes nest deeper than %d banks",
			     MAX_INCLUDE_DEPTH);
		goto out;
	}
	g = open_bfile(L, target, f->path, line, col);
	if (!g)
		goto out;
	bank_check_header(g, false);
	L->stack[L->depth] = real;
	L->shown[L->depth++] = target;
	collect(L, g, &sub);
	L->depth--;
	for (i = 0; i < sub.n; i++) {
		struct rawq *r = &sub.v[i], *n;
		json_t *id = json_object_get(r->q, "id");
		if (!has_any_tag(r->q, json_object_get(inc, "tags")))
			continue;
		if (in_string_array(json_object_get(inc, "exclude"), json_string_value(id)))
			continue;
		n = rawqs_push(L, out);
		if (!n)
			break;
		*n = *r;
		r->clause = r->item = NULL; /* moved */
		map_clause(L, n, json_object_get(inc, "clause_map"));
		if (json_is_object(json_object_get(inc, "vars")) && n->noverlay < MAX_INCLUDE_DEPTH)
			n->overlay[n->noverlay++] = json_object_get(inc, "vars");
		n->mapped_by = f->path;
	}
out:
	rawqs_release(&sub);
	free(target);
	free(real);
}

/* Gather f's raw questions: its includes' first, then its own. */
static void collect(struct loader *L, struct bfile *f, struct rawqs *out)
{
	json_t *incs = json_object_get(f->root, "includes");
	json_t *qs = json_object_get(f->root, "questions");
	json_t *v;
	size_t i;

	if (json_is_array(incs))
		json_array_foreach(incs, i, v)
			if (json_is_object(v))
				follow_include(L, f, i, v, out);
	if (!json_is_array(qs))
		return;
	json_array_foreach(qs, i, v) {
		struct rawq *r;
		json_t *c = json_object_get(v, "clause"), *it = json_object_get(v, "item");
		if (!json_is_object(v))
			continue; /* reported by the question checks */
		r = rawqs_push(L, out);
		if (!r)
			return;
		r->q = v;
		r->file = f;
		r->index = i;
		r->clause = json_is_string(c) ? ak_strdup(json_string_value(c)) : NULL;
		r->item = json_is_string(it) ? ak_strdup(json_string_value(it)) : NULL;
	}
}

struct bank *bank_load(const char *arg, struct ak_diags *d, ak_err *err)
{
	struct loader L;
	struct bank *b = calloc(1, sizeof *b);
	struct bfile *root = NULL;
	struct rawqs raw = {NULL, 0, 0};
	char *path = NULL, *real = NULL;
	struct bfile **qfile = NULL;
	size_t before = d->n, i, *qindex = NULL;

	memset(&L, 0, sizeof L);
	*err = AK_OK;
	if (!b) {
		*err = AK_ERR_NOMEM;
		return NULL;
	}
	L.b = b;
	L.d = d;
	path = bank_json_path(arg);
	if (!path) {
		*err = AK_ERR_NOMEM;
		goto out;
	}
	b->path = ak_arena_strdup(&b->arena, path);
	root = open_bfile(&L, path, NULL, 0, 0);
	if (!root)
		goto out;
	bank_check_header(root, true);
	real = realpath(path, NULL);
	L.stack[L.depth] = real ? real : path;
	L.shown[L.depth++] = path;
	L.root_vars = json_object_get(root->root, "vars");
	bank_build_header(&b->arena, root, b);
	collect(&L, root, &raw);
	b->q = ak_arena_alloc(&b->arena, (raw.n ? raw.n : 1) * sizeof *b->q);
	qfile = calloc(raw.n + 1, sizeof *qfile);
	qindex = calloc(raw.n + 1, sizeof *qindex);
	if (!b->q || !qfile || !qindex)
		L.nomem = true;
	for (i = 0; i < raw.n && !L.nomem; i++) {
		struct bank_build_ctx ctx = {&b->arena, b, L.root_vars, raw.v[i].overlay,
					     raw.v[i].noverlay, raw.v[i].mapped_by};
		if (bank_build_question(&ctx, raw.v[i].file, raw.v[i].index, raw.v[i].q,
					raw.v[i].clause, raw.v[i].item, &b->q[b->nq])) {
			qfile[b->nq] = raw.v[i].file;
			qindex[b->nq] = raw.v[i].index;
			b->nq++;
		}
	}
	if (!L.nomem)
		bank_check_duplicates(d, b->q, b->nq, qfile, qindex);
out:
	free(qfile);
	free(qindex);
	rawqs_release(&raw);
	for (i = 0; i < L.nfiles; i++)
		bfile_free(L.files[i]);
	free(L.files);
	free(real);
	free(path);
	if (L.nomem || b->arena.oom || d->oom)
		*err = AK_ERR_NOMEM;
	else if (L.unreadable)
		*err = AK_ERR_INPUT;
	else if (d->n > before)
		*err = AK_ERR_DATA;
	if (*err) {
		bank_free(b);
		return NULL;
	}
	return b;
}

void bfile_free(struct bfile *f)
{
	if (!f)
		return;
	json_decref(f->root);
	jck_release(&f->chk);
	free(f->text);
	free(f->dir);
	free(f->path);
	free(f);
}
