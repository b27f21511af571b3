/* facts.c: reading and checking a facts file. */
#include "evidence/facts.h"

#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/textin.h"
#include "core/jcheck.h"
#include "core/util.h"
#include "evidence/risk.h"

struct facts {
	json_t *root; /* owns every string handed out */
	const char *org_name, *org_scope;
	struct facts_policy policy;
	struct facts_risk *risks;
	size_t nrisks;
	struct facts_role *roles;
	size_t nroles;
	struct facts_review review;
	struct facts_decision *decisions; /* review.decision_items */
	bool has_review;
	struct facts_list missing;
	const char **lists; /* storage for every facts_list */
	size_t nlists, caplists;
};

struct ctx {
	struct jck c;
	struct facts *f;
	bool overlay; /* facts.local.json: a risk needs only its id, a role its role */
};

/* Facts fields are all optional and null means absent. Their messages name
 * no type, unlike jck_str's and jck_num's, and a string may hold a NUL (it
 * ends there), so these readers stay here. */
static const char *str(struct jck *c, const char *path, json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	char p[JCK_PATH];

	if (!v || json_is_null(v))
		return NULL;
	jck_sub(p, path, key);
	if (!json_is_string(v)) {
		jck_problem(c, p, false, "\"%s\" must be a string", key);
		return NULL;
	}
	return json_string_value(v);
}

static double num(struct jck *c, const char *path, json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	char p[JCK_PATH];

	if (!v || json_is_null(v))
		return NAN;
	jck_sub(p, path, key);
	if (!json_is_number(v)) {
		jck_problem(c, p, false, "\"%s\" must be a number", key);
		return NAN;
	}
	return json_number_value(v);
}

/* A risk's score, range-checked as a fetched register's are (risk.h). */
static double score(struct jck *c, const char *path, json_t *obj, const char *key)
{
	double v = num(c, path, obj, key);
	const char *range = isnan(v) ? NULL : risk_score_range(key, v);
	char p[JCK_PATH];

	if (range) {
		jck_sub(p, path, key);
		jck_problem(c, p, false, "\"%s\" %g is %s", key, v, range);
		return NAN;
	}
	return v;
}

static const char *date(struct jck *c, const char *path, json_t *obj, const char *key)
{
	const char *s = str(c, path, obj, key);
	char p[JCK_PATH];

	if (s && !jck_is_date(s)) {
		jck_sub(p, path, key);
		jck_problem(c, p, false, "\"%s\" must be a date as YYYY-MM-DD, not '%s'", key, s);
		return NULL;
	}
	return s;
}

static struct facts_list list(struct ctx *x, const char *path, json_t *obj, const char *key)
{
	struct facts_list out = {NULL, 0};
	json_t *v = json_object_get(obj, key), *e;
	struct facts *f = x->f;
	char p[JCK_PATH];
	size_t i, start;

	if (!v)
		return out;
	jck_sub(p, path, key);
	if (!json_is_array(v)) {
		jck_problem(&x->c, p, false, "\"%s\" must be an array of strings", key);
		return out;
	}
	start = f->nlists;
	json_array_foreach(v, i, e) {
		char ep[JCK_PATH];
		if (!json_is_string(e)) {
			jck_idx(ep, p, i);
			jck_problem(&x->c, ep, false, "entries of \"%s\" must be strings", key);
			continue;
		}
		if (!ak_grow(&f->lists, &f->caplists, f->nlists + 1, sizeof *f->lists)) {
			x->c.nomem = true;
			return out;
		}
		f->lists[f->nlists++] = json_string_value(e);
	}
	/* Offsets, not pointers: f->lists may move while later lists grow. */
	out.v = (const char *const *)(uintptr_t)start;
	out.n = f->nlists - start;
	return out;
}

/* management_review.decisions: each a string (the form before owners and
 * amounts were kept) or {"decision": ..., "owner": ..., "amount": ...}.
 * The texts go into the lists' storage as list() puts them. */
static struct facts_list decisions(struct ctx *x, const char *path, json_t *obj)
{
	static const char *const dec_f[] = {"decision", "owner", "amount", NULL};
	struct facts_list out = {NULL, 0};
	json_t *v = json_object_get(obj, "decisions"), *e;
	struct facts *f = x->f;
	char p[JCK_PATH];
	size_t i, start, n = 0;

	if (!v)
		return out;
	jck_sub(p, path, "decisions");
	if (!json_is_array(v)) {
		jck_problem(&x->c, p, false, "\"decisions\" must be an array");
		return out;
	}
	f->decisions = calloc(json_array_size(v) + 1, sizeof *f->decisions);
	if (!f->decisions) {
		x->c.nomem = true;
		return out;
	}
	start = f->nlists;
	json_array_foreach(v, i, e) {
		char ep[JCK_PATH];
		struct facts_decision *d = &f->decisions[n];
		jck_idx(ep, p, i);
		if (json_is_string(e)) {
			d->decision = json_string_value(e);
		} else if (json_is_object(e)) {
			jck_fields(&x->c, ep, e, dec_f, "a decision");
			d->decision = str(&x->c, ep, e, "decision");
			d->owner = str(&x->c, ep, e, "owner");
			d->amount = str(&x->c, ep, e, "amount");
			if (!d->decision) {
				jck_problem(&x->c, ep, false, "a decision needs \"decision\", its text");
				continue;
			}
		} else {
			jck_problem(&x->c, ep, false,
				    "entries of \"decisions\" must be strings or objects with "
				    "\"decision\"");
			continue;
		}
		if (!ak_grow(&f->lists, &f->caplists, f->nlists + 1, sizeof *f->lists)) {
			x->c.nomem = true;
			return out;
		}
		f->lists[f->nlists++] = d->decision;
		n++;
	}
	out.v = (const char *const *)(uintptr_t)start;
	out.n = f->nlists - start;
	return out;
}

static void fix_list(struct facts *f, struct facts_list *l)
{
	l->v = l->n ? f->lists + (uintptr_t)l->v : NULL;
}

static int cmp_risk(const void *a, const void *b)
{
	const struct facts_risk *x = a, *y = b;
	double kx[3] = {x->level, x->impact, x->likelihood};
	double ky[3] = {y->level, y->impact, y->likelihood};
	int i;

	for (i = 0; i < 3; i++) {
		bool nx = isnan(kx[i]), ny = isnan(ky[i]);
		if (nx != ny)
			return nx ? 1 : -1; /* unrated after rated */
		if (!nx && kx[i] != ky[i])
			return kx[i] > ky[i] ? -1 : 1;
	}
	return strcmp(x->id, y->id);
}

static int cmp_id_index(const void *a, const void *b)
{
	const struct facts_risk *x = *(const struct facts_risk *const *)a;
	const struct facts_risk *y = *(const struct facts_risk *const *)b;
	int c = strcmp(x->id, y->id);

	return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* An id given twice: which risk is meant cannot be told. Each repeat is
 * reported at its place, naming the line of the first. */
static void dup_ids(struct jck *c, struct facts *f)
{
	const struct facts_risk **v;
	size_t i, first = 0;

	if (f->nrisks < 2)
		return;
	if (!(v = malloc(f->nrisks * sizeof *v))) {
		c->nomem = true;
		return;
	}
	for (i = 0; i < f->nrisks; i++)
		v[i] = &f->risks[i];
	qsort(v, f->nrisks, sizeof *v, cmp_id_index);
	for (i = 1; i < f->nrisks; i++) {
		char p[JCK_PATH], q[JCK_PATH];
		int line = 0, col = 0;
		if (strcmp(v[i]->id, v[first]->id) != 0) {
			first = i;
			continue;
		}
		jck_idx(p, "/risks", v[i]->index);
		jck_idx(q, "/risks", v[first]->index);
		jck_loc(c, q, &line, &col);
		jck_problem(c, p, false, "risk id '%s' is given twice: here and on line %d (%s)",
			    v[i]->id, line, q);
	}
	free(v);
}

static void read_risks(struct ctx *x, json_t *arr)
{
	static const char *const risk_fields[] = {"id", "title", "description", "owner", "likelihood",
						  "impact", "level", "level_label", "treatment",
						  "status", NULL};
	struct facts *f = x->f;
	struct jck *c = &x->c;
	json_t *r;
	size_t i;

	if (!json_is_array(arr)) {
		jck_problem(c, "/risks", false, "\"risks\" must be an array");
		return;
	}
	f->risks = calloc(json_array_size(arr) + 1, sizeof *f->risks);
	if (!f->risks) {
		c->nomem = true;
		return;
	}
	json_array_foreach(arr, i, r) {
		char p[JCK_PATH];
		struct facts_risk *k = &f->risks[f->nrisks];
		jck_idx(p, "/risks", i);
		if (!json_is_object(r)) {
			jck_problem(c, p, false, "a risk must be an object");
			continue;
		}
		jck_fields(c, p, r, risk_fields, "a risk");
		k->id = str(c, p, r, "id");
		k->title = str(c, p, r, "title");
		if (x->overlay && k->id && !k->title)
			k->title = k->id; /* changes a fetched risk's fields */
		if (!k->id || !k->title) {
			jck_problem(c, p, false, "a risk needs an \"id\" and a \"title\"");
			continue;
		}
		k->description = str(c, p, r, "description");
		k->owner = str(c, p, r, "owner");
		k->treatment = str(c, p, r, "treatment");
		k->status = str(c, p, r, "status");
		k->level_label = str(c, p, r, "level_label");
		k->likelihood = score(c, p, r, "likelihood");
		k->impact = score(c, p, r, "impact");
		k->level = score(c, p, r, "level");
		k->index = i;
		f->nrisks++;
	}
	dup_ids(c, f);
	qsort(f->risks, f->nrisks, sizeof *f->risks, cmp_risk);
}

static struct facts *parse(const char *name, const char *text, size_t len, struct ak_diags *d,
			   ak_err *err, bool overlay);

struct facts *facts_parse(const char *name, const char *text, size_t len, struct ak_diags *d,
			  ak_err *err)
{
	return parse(name, text, len, d, err, false);
}

struct facts *facts_parse_overlay(const char *name, const char *text, size_t len,
				  struct ak_diags *d, ak_err *err)
{
	return parse(name, text, len, d, err, true);
}

static struct facts *parse(const char *name, const char *text, size_t len, struct ak_diags *d,
			   ak_err *err, bool overlay)
{
	static const char *const top[] = {"format", "organisation", "policy", "roles", "risks",
					  "management_review", "missing", NULL};
	static const char *const org_f[] = {"name", "scope", NULL};
	static const char *const pol_f[] = {"title", "version", "approved", "approver", "owner",
					    "review_due", "commitments", "objectives", NULL};
	static const char *const rev_f[] = {"date",      "chair",     "attendees",   "apologies",
					    "decisions", "resources", "next_review", NULL};
	struct facts *f = calloc(1, sizeof *f);
	struct ctx x;
	struct jck *c = &x.c;
	json_t *root, *v;
	const char *fmt;
	size_t i;

	*err = AK_OK;
	memset(&x, 0, sizeof x);
	x.f = f;
	x.overlay = overlay;
	if (!f) {
		*err = AK_ERR_NOMEM;
		return NULL;
	}
	root = jck_parse(c, name, text, len, d);
	if (!root) {
		*err = AK_ERR_DATA;
		goto out;
	}
	f->root = root;
	/* Facts have always been indexed up front, and a text the index cannot
	 * hold refused rather than read with problems at no line. */
	if (!jck_index(c)) {
		ak_diags_add(d, name, 0, 0, "out of memory");
		*err = AK_ERR_DATA;
		goto out;
	}
	c->uncapped = c->no_hints = true;
	if (!json_is_object(root)) {
		jck_problem(c, "", false, "a facts file must be a JSON object");
		goto out;
	}
	jck_fields(c, "", root, top, "the facts");
	fmt = str(c, "", root, "format");
	if (!fmt)
		jck_problem(c, "", false, "the facts have no \"format\" (expected \"%s\")",
			    FACTS_FORMAT);
	else if (strcmp(fmt, FACTS_FORMAT) != 0)
		jck_problem(c, "/format", false, "unsupported format '%s' (this auditkit reads %s)",
			    fmt, FACTS_FORMAT);
	if ((v = json_object_get(root, "organisation"))) {
		if (!json_is_object(v))
			jck_problem(c, "/organisation", false,
				    "\"organisation\" must be an object");
		else {
			jck_fields(c, "/organisation", v, org_f, "organisation");
			f->org_name = str(c, "/organisation", v, "name");
			f->org_scope = str(c, "/organisation", v, "scope");
		}
	}
	if ((v = json_object_get(root, "policy"))) {
		if (!json_is_object(v))
			jck_problem(c, "/policy", false, "\"policy\" must be an object");
		else {
			struct facts_policy *p = &f->policy;
			jck_fields(c, "/policy", v, pol_f, "the policy");
			p->title = str(c, "/policy", v, "title");
			p->version = str(c, "/policy", v, "version");
			p->approved = date(c, "/policy", v, "approved");
			p->approver = str(c, "/policy", v, "approver");
			p->owner = str(c, "/policy", v, "owner");
			p->review_due = date(c, "/policy", v, "review_due");
			p->commitments = list(&x, "/policy", v, "commitments");
			p->objectives = list(&x, "/policy", v, "objectives");
		}
	}
	if ((v = json_object_get(root, "roles"))) {
		json_t *r;
		if (!json_is_array(v))
			jck_problem(c, "/roles", false, "\"roles\" must be an array");
		f->roles = calloc(json_array_size(v) + 1, sizeof *f->roles);
		if (!f->roles)
			c->nomem = true;
		else
			json_array_foreach(v, i, r) {
				char p[JCK_PATH];
				static const char *const role_f[] = {"role", "name", NULL};
				jck_idx(p, "/roles", i);
				if (!json_is_object(r)) {
					jck_problem(c, p, false,
						    "a role must be an object with role and name");
					continue;
				}
				jck_fields(c, p, r, role_f, "a role");
				f->roles[f->nroles].role = str(c, p, r, "role");
				f->roles[f->nroles].name = str(c, p, r, "name");
				if (x.overlay && f->roles[f->nroles].role &&
				    !json_object_get(r, "name"))
					f->roles[f->nroles].name = "";
				if (f->roles[f->nroles].role && f->roles[f->nroles].name)
					f->nroles++;
				else
					jck_problem(c, p, false,
						    "a role needs \"role\" and \"name\"");
			}
	}
	if ((v = json_object_get(root, "risks")))
		read_risks(&x, v);
	if ((v = json_object_get(root, "management_review"))) {
		if (!json_is_object(v))
			jck_problem(c, "/management_review", false,
				    "\"management_review\" must be an object");
		else {
			jck_fields(c, "/management_review", v, rev_f, "the management review");
			f->review.date = date(c, "/management_review", v, "date");
			f->review.chair = str(c, "/management_review", v, "chair");
			f->review.attendees = list(&x, "/management_review", v, "attendees");
			f->review.apologies = list(&x, "/management_review", v, "apologies");
			f->review.has_apologies = json_is_array(json_object_get(v, "apologies"));
			f->review.decisions = decisions(&x, "/management_review", v);
			f->review.resources = list(&x, "/management_review", v, "resources");
			f->review.next_review = date(c, "/management_review", v, "next_review");
			f->review.decision_items = f->decisions;
			f->has_review = true;
		}
	}
	f->missing = list(&x, "", root, "missing");
	fix_list(f, &f->policy.commitments);
	fix_list(f, &f->policy.objectives);
	fix_list(f, &f->review.attendees);
	fix_list(f, &f->review.apologies);
	fix_list(f, &f->review.decisions);
	fix_list(f, &f->review.resources);
	fix_list(f, &f->missing);
out:
	jck_release(c);
	if (c->nomem || d->oom)
		*err = AK_ERR_NOMEM;
	else if (c->bad && !*err)
		*err = AK_ERR_DATA;
	if (*err) {
		facts_free(f);
		return NULL;
	}
	return f;
}

struct facts *facts_load(const char *path, struct ak_diags *d, ak_err *err)
{
	char *text = NULL;
	size_t len = 0;
	struct facts *f;

	*err = ak_read_text(path, 64u << 20, 0, &text, &len);
	if (*err)
		return NULL;
	f = facts_parse(path, text, len, d, err);
	free(text);
	return f;
}

void facts_free(struct facts *f)
{
	if (!f)
		return;
	json_decref(f->root);
	free(f->risks);
	free(f->roles);
	free(f->decisions);
	free(f->lists);
	free(f);
}

const char *facts_org_name(const struct facts *f) { return f->org_name; }
const char *facts_org_scope(const struct facts *f) { return f->org_scope; }
const struct facts_policy *facts_policy(const struct facts *f) { return &f->policy; }
size_t facts_nrisks(const struct facts *f) { return f->nrisks; }
const struct facts_risk *facts_risk(const struct facts *f, size_t i) { return &f->risks[i]; }
size_t facts_nroles(const struct facts *f) { return f->nroles; }
const struct facts_role *facts_role(const struct facts *f, size_t i) { return &f->roles[i]; }
const struct facts_review *facts_review(const struct facts *f) { return f->has_review ? &f->review : NULL; }
struct facts_list facts_missing(const struct facts *f) { return f->missing; }

const char *facts_isms_owner(const struct facts *f)
{
	size_t i;

	for (i = 0; i < f->nroles; i++)
		if (strcasecmp(f->roles[i].role, "ISMS owner") == 0)
			return f->roles[i].name;
	return NULL;
}
