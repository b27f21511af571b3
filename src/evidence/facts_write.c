/* facts_write.c: facts.json from what the sources gave, in exactly the
 * shape docs/facts-format.md defines (the reader refuses unknown fields),
 * and the list of what they did not give.
 *
 * Written straight as text (jwrite.c): a register of 10,000 risks made into
 * a jansson tree first took longer than fetching it. */
#include <stdlib.h>

#include "evidence/snapshot.h"
#include "core/jwrite.h"
#include "evidence/policy.h"
#include "evidence/review.h"
#include "evidence/risk.h"
#include "core/util.h"

#define MAX_MISSING 48

struct missing {
	const char *path[MAX_MISSING];
	size_t n;
};

static void missing_if(struct missing *m, const void *have, const char *path)
{
	if (!have && m->n < MAX_MISSING)
		m->path[m->n++] = path;
}

static void strings(struct jw *w, const char *key, char *const *v, size_t n)
{
	size_t i;

	if (!n)
		return;
	jw_key(w, key);
	jw_open(w, '[');
	for (i = 0; i < n; i++)
		jw_str(w, v[i]);
	jw_close(w, ']');
}

static void policy_json(struct jw *w, const struct policy_facts *p, struct missing *m)
{
	jw_key(w, "policy");
	jw_open(w, '{');
	jw_key_str(w, "title", p->title);
	jw_key_str(w, "version", p->version);
	jw_key_str(w, "approved", p->approved);
	jw_key_str(w, "approver", p->approver);
	jw_key_str(w, "owner", p->owner);
	jw_key_str(w, "review_due", p->review_due);
	strings(w, "commitments", p->commitments, p->ncommitments);
	strings(w, "objectives", p->objectives, p->nobjectives);
	jw_close(w, '}');
	missing_if(m, p->title, "policy.title");
	missing_if(m, p->version, "policy.version");
	missing_if(m, p->approved, "policy.approved");
	missing_if(m, p->approver, "policy.approver");
	missing_if(m, p->owner, "policy.owner");
	missing_if(m, p->review_due, "policy.review_due");
	missing_if(m, p->ncommitments ? p : NULL, "policy.commitments");
	missing_if(m, p->nobjectives ? p : NULL, "policy.objectives");
}

/* The management review as the minutes gave it: a decision is an object
 * with its owner and amount when the minutes name them; apologies and
 * resources are written as [] when the minutes say "none". */
static void review_json(struct jw *w, const struct review_facts *r, struct missing *m)
{
	bool owner = false, amount = false;
	size_t i;

	jw_key(w, "management_review");
	jw_open(w, '{');
	jw_key_str(w, "date", r->date);
	jw_key_str(w, "chair", r->chair);
	strings(w, "attendees", r->attendees, r->nattendees);
	if (r->napologies || r->has_apologies) {
		jw_key(w, "apologies");
		jw_open(w, '[');
		for (i = 0; i < r->napologies; i++)
			jw_str(w, r->apologies[i]);
		jw_close(w, ']');
	}
	if (r->ndecisions) {
		jw_key(w, "decisions");
		jw_open(w, '[');
		for (i = 0; i < r->ndecisions; i++) {
			const struct review_decision *d = &r->decisions[i];
			jw_open(w, '{');
			jw_key_str(w, "decision", d->text);
			jw_key_str(w, "owner", d->owner);
			jw_key_str(w, "amount", d->amount);
			jw_close(w, '}');
			owner |= d->owner != NULL;
			amount |= d->amount != NULL;
		}
		jw_close(w, ']');
	}
	if (r->nresources || r->has_resources) {
		jw_key(w, "resources");
		jw_open(w, '[');
		for (i = 0; i < r->nresources; i++)
			jw_str(w, r->resources[i]);
		jw_close(w, ']');
	}
	jw_key_str(w, "next_review", r->next_review);
	jw_close(w, '}');
	missing_if(m, r->date, "management_review.date");
	missing_if(m, r->chair, "management_review.chair");
	missing_if(m, r->nattendees ? r : NULL, "management_review.attendees");
	missing_if(m, r->napologies || r->has_apologies ? r : NULL, "management_review.apologies");
	missing_if(m, r->ndecisions ? r : NULL, "management_review.decisions");
	if (r->ndecisions) {
		missing_if(m, owner ? r : NULL, "management_review.decisions[].owner");
		missing_if(m, amount ? r : NULL, "management_review.decisions[].amount");
	}
	missing_if(m, r->nresources || r->has_resources ? r : NULL, "management_review.resources");
	missing_if(m, r->next_review, "management_review.next_review");
}

static void number(struct jw *w, const char *key, bool has, double v)
{
	if (!has)
		return;
	jw_key(w, key);
	jw_num(w, v);
}

static void risk_json(struct jw *w, const struct risk *r)
{
	jw_open(w, '{');
	jw_key_str(w, "id", r->id);
	jw_key_str(w, "title", r->title);
	jw_key_str(w, "description", r->description);
	jw_key_str(w, "owner", r->owner);
	number(w, "likelihood", r->has_likelihood, r->likelihood);
	number(w, "impact", r->has_impact, r->impact);
	number(w, "level", r->has_level, r->level);
	jw_key_str(w, "level_label", r->level_label);
	jw_key_str(w, "treatment", r->treatment);
	jw_key_str(w, "status", r->status);
	jw_close(w, '}');
}

#define RISK_TEXT 330 /* bytes a risk takes in facts.json, about */

static void risks_json(struct jw *w, const struct risk_list *l, struct missing *m)
{
	static const char *const paths[] = {
		"risks[].description", "risks[].owner",       "risks[].likelihood",
		"risks[].impact",      "risks[].level",       "risks[].level_label",
		"risks[].treatment",   "risks[].status"};
	bool seen[8] = {false};
	size_t i, k;

	ak_buf_reserve(w->b, l->n * RISK_TEXT); /* one allocation, not twenty */
	jw_key(w, "risks");
	jw_open(w, '[');
	for (i = 0; i < l->n; i++)
		risk_json(w, &l->v[i]);
	jw_close(w, ']');
	for (i = 0; i < l->n; i++) {
		const struct risk *r = &l->v[i];
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
		missing_if(m, NULL, "risks");
		return;
	}
	for (k = 0; k < 8; k++)
		missing_if(m, seen[k] ? l : NULL, paths[k]);
}

char *evidence_facts_json(const struct evidence_facts_in *in, char **missing)
{
	struct ak_buf b = AK_BUF_INIT;
	struct missing m = {{NULL}, 0};
	struct jw w;
	size_t i;

	jw_init(&w, &b, 2);
	jw_open(&w, '{');
	jw_key_str(&w, "format", "auditkit-facts/1");
	if (in->org_name || in->org_scope) {
		jw_key(&w, "organisation");
		jw_open(&w, '{');
		jw_key_str(&w, "name", in->org_name);
		jw_key_str(&w, "scope", in->org_scope);
		jw_close(&w, '}');
	}
	missing_if(&m, in->org_name, "organisation.name");
	missing_if(&m, in->org_scope, "organisation.scope");
	if (in->policy) {
		policy_json(&w, in->policy, &m);
		if (in->policy->nroles) {
			jw_key(&w, "roles");
			jw_open(&w, '[');
			for (i = 0; i < in->policy->nroles; i++) {
				jw_open(&w, '{');
				jw_key_str(&w, "role", in->policy->roles[i].role);
				jw_key_str(&w, "name", in->policy->roles[i].name);
				jw_close(&w, '}');
			}
			jw_close(&w, ']');
		} else {
			missing_if(&m, NULL, "roles");
		}
	} else {
		missing_if(&m, NULL, "policy");
		missing_if(&m, NULL, "roles");
	}
	if (in->risks)
		risks_json(&w, in->risks, &m);
	else
		missing_if(&m, NULL, "risks");
	/* Without minutes to read, the auditor adds it by hand. */
	if (in->review)
		review_json(&w, in->review, &m);
	else
		missing_if(&m, NULL, "management_review");
	jw_key(&w, "missing");
	jw_open(&w, '[');
	for (i = 0; i < m.n; i++)
		jw_str(&w, m.path[i]);
	jw_close(&w, ']');
	jw_close(&w, '}');
	ak_buf_addc(&b, '\n');
	if (missing) {
		struct ak_buf list = AK_BUF_INIT;
		for (i = 0; i < m.n; i++) {
			ak_buf_adds(&list, i ? ", " : "");
			ak_buf_adds(&list, m.path[i]);
		}
		*missing = ak_buf_failed(&list) ? NULL : ak_buf_detach(&list);
		ak_buf_release(&list);
		if (!*missing)
			b.oom = true;
	}
	if (ak_buf_failed(&b)) {
		ak_buf_release(&b);
		return NULL;
	}
	return ak_buf_detach(&b);
}
