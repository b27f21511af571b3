/* evidence_facts.c: facts.json from what the sources gave, in exactly the
 * shape docs/facts-format.md defines (the reader refuses unknown fields),
 * and the list of what they did not give. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>

#include "evidence.h"
#include "policy.h"
#include "risk.h"
#include "util.h"

/* A whole number as an integer ("level": 20), anything else as a real. */
static json_t *number(double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		return json_integer((json_int_t)v);
	return json_real(v);
}

static void set_str(json_t *o, const char *key, const char *v)
{
	if (v)
		json_object_set_new(o, key, json_string(v));
}

static json_t *strings(char *const *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static void missing_if(json_t *missing, const void *have, const char *path)
{
	if (!have)
		json_array_append_new(missing, json_string(path));
}

static json_t *policy_json(const struct policy_facts *p, json_t *missing)
{
	json_t *o = json_object();

	set_str(o, "title", p->title);
	set_str(o, "version", p->version);
	set_str(o, "approved", p->approved);
	set_str(o, "approver", p->approver);
	set_str(o, "owner", p->owner);
	set_str(o, "review_due", p->review_due);
	if (p->ncommitments)
		json_object_set_new(o, "commitments", strings(p->commitments, p->ncommitments));
	if (p->nobjectives)
		json_object_set_new(o, "objectives", strings(p->objectives, p->nobjectives));
	missing_if(missing, p->title, "policy.title");
	missing_if(missing, p->version, "policy.version");
	missing_if(missing, p->approved, "policy.approved");
	missing_if(missing, p->approver, "policy.approver");
	missing_if(missing, p->owner, "policy.owner");
	missing_if(missing, p->review_due, "policy.review_due");
	missing_if(missing, p->ncommitments ? p : NULL, "policy.commitments");
	missing_if(missing, p->nobjectives ? p : NULL, "policy.objectives");
	return o;
}

static json_t *risks_json(const struct risk_list *l, json_t *missing)
{
	static const char *const fields[] = {"description", "owner",       "likelihood", "impact",
					     "level",       "level_label", "treatment",  "status"};
	bool seen[8] = {false};
	json_t *a = json_array();
	size_t i, k;

	for (i = 0; a && i < l->n; i++) {
		const struct risk *r = &l->v[i];
		json_t *o = json_object();
		set_str(o, "id", r->id);
		set_str(o, "title", r->title);
		set_str(o, "description", r->description);
		set_str(o, "owner", r->owner);
		if (r->has_likelihood)
			json_object_set_new(o, "likelihood", number(r->likelihood));
		if (r->has_impact)
			json_object_set_new(o, "impact", number(r->impact));
		if (r->has_level)
			json_object_set_new(o, "level", number(r->level));
		set_str(o, "level_label", r->level_label);
		set_str(o, "treatment", r->treatment);
		set_str(o, "status", r->status);
		json_array_append_new(a, o);
		seen[0] |= r->description != NULL;
		seen[1] |= r->owner != NULL;
		seen[2] |= r->has_likelihood;
		seen[3] |= r->has_impact;
		seen[4] |= r->has_level;
		seen[5] |= r->level_label != NULL;
		seen[6] |= r->treatment != NULL;
		seen[7] |= r->status != NULL;
	}
	if (l->n == 0) {
		json_array_append_new(missing, json_string("risks"));
		return a;
	}
	for (k = 0; k < 8; k++) {
		if (!seen[k]) {
			char *path = ak_asprintf("risks[].%s", fields[k]);
			if (path)
				json_array_append_new(missing, json_string(path));
			free(path);
		}
	}
	return a;
}

char *evidence_facts_json(const struct evidence_facts_in *in)
{
	json_t *root = json_object(), *missing = json_array(), *org;
	char *text = NULL, *out = NULL;

	if (!root || !missing)
		goto done;
	json_object_set_new(root, "format", json_string("auditkit-facts/1"));
	if (in->org_name || in->org_scope) {
		org = json_object();
		set_str(org, "name", in->org_name);
		set_str(org, "scope", in->org_scope);
		json_object_set_new(root, "organisation", org);
	}
	missing_if(missing, in->org_name, "organisation.name");
	missing_if(missing, in->org_scope, "organisation.scope");
	if (in->policy) {
		json_object_set_new(root, "policy", policy_json(in->policy, missing));
		if (in->policy->nroles) {
			json_t *roles = json_array();
			size_t i;
			for (i = 0; roles && i < in->policy->nroles; i++) {
				json_t *r = json_object();
				set_str(r, "role", in->policy->roles[i].role);
				set_str(r, "name", in->policy->roles[i].name);
				json_array_append_new(roles, r);
			}
			json_object_set_new(root, "roles", roles);
		} else {
			json_array_append_new(missing, json_string("roles"));
		}
	} else {
		json_array_append_new(missing, json_string("policy"));
		json_array_append_new(missing, json_string("roles"));
	}
	if (in->risks)
		json_object_set_new(root, "risks", risks_json(in->risks, missing));
	else
		json_array_append_new(missing, json_string("risks"));
	/* Never in the sources auditkit reads: the auditor adds it by hand. */
	json_array_append_new(missing, json_string("management_review"));
	json_object_set(root, "missing", missing);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (text)
		out = ak_asprintf("%s\n", text);
done:
	free(text);
	json_decref(missing);
	json_decref(root);
	return out;
}
