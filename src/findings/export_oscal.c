/* export_oscal.c: the findings as an OSCAL assessment-results document
 * (NIST OSCAL 1.1; docs/findings-format.md says how auditkit maps to it).
 *
 * Interviews become observations (method INTERVIEW, the interviewee a
 * subject of type party); findings target the requirement as an objective,
 * satisfied or not-satisfied, with the grade in props. Every UUID is
 * derived from stable content and every time from the audit's dates, so the
 * same inputs give the same document byte for byte. */
#include "findings/export.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/hash.h"
#include "findings/rules.h"
#include "core/util.h"

#define OSCAL_VERSION "1.1.2"
#define AK_NS "https://auditkit.invalid/ns/oscal"

struct export_oscal {
	const struct report *r;
	json_t *root, *result, *findings, *controls;
	char *default_standard;
};

void export_uuid(char out[37], const char *kind, const char *a, const char *b)
{
	struct ak_sha256 *h = ak_sha256_new();
	char hex[AK_SHA256_HEX];
	unsigned char u[16];
	int i;

	if (h) {
		ak_sha256_update(h, "auditkit-oscal\x1f", 15);
		ak_sha256_update(h, kind, strlen(kind) + 1);
		ak_sha256_update(h, a ? a : "", (a ? strlen(a) : 0) + 1);
		ak_sha256_update(h, b ? b : "", b ? strlen(b) : 0);
	}
	if (!h || !ak_sha256_final(h, hex))
		memset(hex, '0', 64);
	for (i = 0; i < 16; i++) {
		unsigned x;
		sscanf(hex + 2 * i, "%2x", &x);
		u[i] = (unsigned char)x;
	}
	u[6] = (unsigned char)((u[6] & 0x0f) | 0x50); /* version 5 layout */
	u[8] = (unsigned char)((u[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
	         u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12],
	         u[13], u[14], u[15]);
}

static json_t *jstr(const char *s)
{
	return json_string(s ? s : "");
}

static char *when(const char *date)
{
	return ak_asprintf("%sT00:00:00Z", date && *date ? date : "1970-01-01");
}

/* An OSCAL token: starts with a letter or '_', then letters, digits, '.',
 * '-' and '_'. */
static void token(struct ak_buf *b, const char *s)
{
	size_t start = b->len;

	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) || c == '.' || c == '_')
			ak_buf_addc(b, (char)tolower(c));
		else if (b->len > start && b->data[b->len - 1] != '-')
			ak_buf_addc(b, '-');
	}
	while (b->len > start && b->data[b->len - 1] == '-')
		b->data[--b->len] = '\0';
}

/* The target of a finding: "<standard>_<clause>.<item>". */
static char *target_id(const struct export_oscal *o, const char *standard, const char *clause,
                       const char *item)
{
	struct ak_buf b = AK_BUF_INIT;

	if (!standard)
		standard = o->default_standard;
	ak_buf_adds(&b, "req_");
	token(&b, standard);
	ak_buf_addc(&b, '_');
	token(&b, clause ? clause : "none");
	if (item) {
		ak_buf_addc(&b, '.');
		token(&b, item);
	}
	return ak_buf_detach(&b);
}

/* OSCAL's "string" type is one line with no blank at either end: runs of
 * blanks and line breaks become one space. A new string; NULL when empty. */
static char *one_line(const char *s)
{
	struct ak_buf b = AK_BUF_INIT;
	bool space = false;

	for (; s && *s; s++) {
		if (strchr(" \t\r\n\v\f", *s)) {
			space = b.len > 0;
			continue;
		}
		if (space)
			ak_buf_addc(&b, ' ');
		space = false;
		ak_buf_addc(&b, *s);
	}
	if (!b.len) {
		ak_buf_release(&b);
		return NULL;
	}
	return ak_buf_detach(&b);
}

/* A file name as a URI reference: bytes outside RFC 3986's unreserved,
 * sub-delims, ':', '@' and '/' are percent-encoded. */
static char *uri_ref(const char *s)
{
	struct ak_buf b = AK_BUF_INIT;

	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) || strchr("-._~!$&'()*+,;=:@/", c))
			ak_buf_addc(&b, (char)c);
		else
			ak_buf_printf(&b, "%%%02X", c);
	}
	return ak_buf_detach(&b);
}

static void prop(json_t *props, const char *name, const char *value)
{
	char *v = one_line(value);

	if (v)
		json_array_append_new(
		    props, json_pack("{s:s, s:s, s:s}", "name", name, "value", v, "ns", AK_NS));
	free(v);
}

static json_t *party(const char *kind, const char *name)
{
	char u[37], *n = one_line(name);
	json_t *p;

	export_uuid(u, "party", kind, name);
	p = json_pack("{s:s, s:s, s:s}", "uuid", u, "type", kind, "name", n ? n : "unnamed");
	free(n);
	return p;
}

/* metadata: title, dates, parties (the organisation, the team, the
 * interviewees) and the auditors' role. */
static json_t *metadata(const struct report *r)
{
	const struct report_audit *a = r->audit;
	const struct grader *g = r->grader;
	json_t *parties = json_array(), *team = json_array(), *md;
	char *lm = when(r->date), *title;
	size_t i, j;

	if (a && a->organisation)
		json_array_append_new(parties, party("organization", a->organisation));
	for (i = 0; a && i < a->nteam; i++) {
		char u[37];
		export_uuid(u, "party", "person", a->team[i].name);
		json_array_append_new(parties, party("person", a->team[i].name));
		json_array_append_new(team, json_string(u));
	}
	for (i = 0; g && i < grade_ninterviews(g); i++) {
		const char *name = grade_interview(g, i)->interviewee;
		bool seen = false;
		if (!name)
			name = grade_interview_person(g, i);
		for (j = 0; a && j < a->nteam; j++)
			seen |= strcmp(a->team[j].name, name) == 0;
		for (j = 0; j < i && !seen; j++) {
			const char *o = grade_interview(g, j)->interviewee;
			seen = strcmp(o ? o : grade_interview_person(g, j), name) == 0;
		}
		if (!seen)
			json_array_append_new(parties, party("person", name));
	}
	title = ak_asprintf("%s%s%s audit findings", a && a->organisation ? a->organisation : "",
	                    a && a->organisation ? ": " : "",
	                    a && a->standard ? a->standard : "ISO/IEC 27001");
	md = json_pack("{s:s, s:s, s:s, s:s, s:[{s:s, s:s}], s:o}", "title", title ? title : "",
	               "last-modified", lm ? lm : "", "version", r->date ? r->date : "1",
	               "oscal-version", OSCAL_VERSION, "roles", "id", "assessor", "title",
	               "Auditor", "parties", parties);
	if (md && json_array_size(team))
		json_object_set_new(
		    md, "responsible-parties",
		    json_pack("[{s:s, s:o}]", "role-id", "assessor", "party-uuids", team));
	else
		json_decref(team);
	free(lm);
	free(title);
	return md;
}

/* One observation per question answered in an interview. */
static json_t *observations(const struct report *r)
{
	const struct grader *g = r->grader;
	json_t *obs = json_array();
	size_t i, j, k;

	for (i = 0; g && obs && i < grade_ninterviews(g); i++) {
		const struct scored *s = grade_interview(g, i);
		const char *name = s->interviewee ? s->interviewee : grade_interview_person(g, i);
		char pu[37], *collected = when(s->date ? s->date : r->date);
		export_uuid(pu, "party", "person", name);
		for (j = 0; j < s->nquestions; j++) {
			const struct scored_question *q = &s->questions[j];
			json_t *o, *ev = json_array(), *props = json_array();
			char u[37], score[16], *title = ak_asprintf("%s: %s", q->id, name), *href;
			export_uuid(u, "observation", s->notes_sha256, q->id);
			if (q->score >= 0)
				snprintf(score, sizeof score, "%d", q->score);
			else
				snprintf(score, sizeof score, "not evidenced");
			prop(props, "clause", q->clause);
			prop(props, "item", q->item);
			prop(props, "question-id", q->id);
			prop(props, "score", score);
			href = uri_ref(s->notes_file);
			json_array_append_new(ev, json_pack("{s:s, s:s, s:[{s:s, s:s, s:s}]}",
			                                    "href", href ? href : "", "description",
			                                    "The interview notes.", "props", "name",
			                                    "sha256", "value", s->notes_sha256,
			                                    "ns", AK_NS));
			free(href);
			for (k = 0; k < q->nst; k++) {
				const struct scored_statement *st = &s->statements[q->st[k]];
				char *d = ak_asprintf("\"%s\" (line %ld)", st->text, st->line);
				json_array_append_new(
				    ev, json_pack("{s:s}", "description", d ? d : ""));
				free(d);
			}
			o = json_pack(
			    "{s:s, s:s, s:s, s:[s], s:o, s:[{s:s, s:s}], s:o, s:s, s:s}", "uuid", u,
			    "title", title ? title : "", "description", q->question, "methods",
			    "INTERVIEW", "props", props, "subjects", "subject-uuid", pu, "type",
			    "party", "relevant-evidence", ev, "collected",
			    collected ? collected : "", "remarks", q->reason ? q->reason : "");
			free(title);
			if (o)
				json_array_append_new(obs, o);
		}
		free(collected);
	}
	return obs;
}

ak_err export_oscal_begin(const struct report *r, struct export_oscal **out)
{
	struct export_oscal *o = calloc(1, sizeof *o);
	const struct report_audit *a = r->audit;
	json_t *obs, *md;
	char u[37], ru[37], *start = NULL, *end = NULL, *desc = NULL, *ap;

	*out = NULL;
	if (!o)
		return AK_ERR_NOMEM;
	o->r = r;
	o->default_standard = ak_strdup(a && a->standard ? a->standard : "ISO/IEC 27001:2022");
	export_uuid(u, "assessment-results", a && a->organisation ? a->organisation : "", r->date);
	export_uuid(ru, "result", u, NULL);
	start = when(a && a->start ? a->start : r->date);
	end = when(a && a->end ? a->end : r->date);
	desc = ak_asprintf("Interviews of top management and the findings graded from them%s%s.",
	                   a && a->scope ? ". Scope: " : "", a && a->scope ? a->scope : "");
	o->findings = json_array();
	o->controls = json_array();
	obs = observations(r);
	md = metadata(r);
	o->result = json_pack("{s:s, s:s, s:s, s:s, s:s}", "uuid", ru, "title", "Audit results",
	                      "description", desc ? desc : "", "start", start ? start : "", "end",
	                      end ? end : "");
	ap = uri_ref(a ? a->path : "audit.json");
	o->root =
	    json_pack("{s:{s:s, s:o, s:{s:s}, s:[O]}}", "assessment-results", "uuid", u, "metadata",
	              md, "import-ap", "href", ap ? ap : "audit.json", "results", o->result);
	free(ap);
	json_decref(o->result); /* the document holds it */
	if (o->result && obs)
		json_object_set_new(o->result, "observations", obs);
	else
		json_decref(obs);
	free(start);
	free(end);
	free(desc);
	if (!o->root || !o->findings || !o->controls || !o->default_standard) {
		export_oscal_free(o);
		return AK_ERR_NOMEM;
	}
	*out = o;
	return AK_OK;
}

static void add_control(struct export_oscal *o, const char *id)
{
	size_t i;
	json_t *c;

	json_array_foreach(o->controls, i,
	                   c) if (strcmp(json_string_value(json_object_get(c, "control-id")), id) ==
	                          0) return;
	json_array_append_new(o->controls, json_pack("{s:s}", "control-id", id));
}

ak_err export_oscal_finding(struct export_oscal *o, const struct grade_finding *f, const char *due,
                            const char *status)
{
	const struct grader *g = o->r->grader;
	json_t *x, *props = json_array(), *rel = json_array();
	char u[37], *tid = target_id(o, f->standard, f->clause, f->item), *title;
	struct ak_buf remarks = AK_BUF_INIT;
	size_t i;
	bool met = !grade_is_nc(f->grade);

	if (!tid || !props || !rel) {
		free(tid);
		json_decref(props);
		json_decref(rel);
		return AK_ERR_NOMEM;
	}
	export_uuid(u, "finding", f->key ? f->key : f->id, NULL);
	prop(props, "grade", grade_code(f->grade));
	prop(props, "kind", grade_kind_name(f->kind));
	prop(props, "rule", f->rule);
	if (f->rule_grade != GRADE_NONE)
		prop(props, "rule-grade", grade_code(f->rule_grade));
	if (f->override) {
		prop(props, "override-grade", grade_code(f->override->grade));
		prop(props, "override-by", f->override->by);
		ak_buf_printf(&remarks, "Grade overridden by %s: %s", f->override->by,
		              f->override->why);
	}
	prop(props, "response-due", due);
	prop(props, "status", status);
	for (i = 0; i < f->ninterviewees; i++)
		prop(props, "interviewee", f->interviewees[i]);
	for (i = 0; i < f->nauditors; i++)
		prop(props, "auditor", f->auditors[i]);
	if (f->note)
		ak_buf_printf(&remarks, "%s%s", remarks.len ? "\n" : "", f->note);
	for (i = 0; g && f->question_interview && i < f->nquestions; i++) {
		char ou[37];
		export_uuid(ou, "observation",
		            grade_interview(g, f->question_interview[i])->notes_sha256,
		            f->questions[i]);
		json_array_append_new(rel, json_pack("{s:s}", "observation-uuid", ou));
	}
	title = ak_asprintf("%s: %s", f->id, grade_label(f->grade));
	x = json_pack("{s:s, s:s, s:s, s:o, s:{s:s, s:s, s:{s:s}}}", "uuid", u, "title",
	              title ? title : "", "description", f->statement ? f->statement : "", "props",
	              props, "target", "type", "objective-id", "target-id", tid, "status", "state",
	              met ? "satisfied" : "not-satisfied");
	if (x && json_array_size(rel))
		json_object_set_new(x, "related-observations", rel);
	else
		json_decref(rel);
	if (x && remarks.len)
		json_object_set_new(x, "remarks", jstr(ak_buf_str(&remarks)));
	add_control(o, tid);
	free(tid);
	free(title);
	ak_buf_release(&remarks);
	if (!x || json_array_append_new(o->findings, x))
		return AK_ERR_NOMEM;
	return AK_OK;
}

ak_err export_oscal_end(struct export_oscal *o, FILE *fp)
{
	ak_err err = AK_OK;
	json_t *sel;

	if (json_array_size(o->controls))
		sel =
		    json_pack("{s:[{s:O}]}", "control-selections", "include-controls", o->controls);
	else
		sel = json_pack("{s:[{s:{}}]}", "control-selections", "include-all");
	/* Keys in the model's order: reviewed-controls before observations. */
	if (sel) {
		json_t *obs = json_incref(json_object_get(o->result, "observations"));
		json_object_del(o->result, "observations");
		json_object_set_new(o->result, "reviewed-controls", sel);
		if (obs && json_array_size(obs))
			json_object_set(o->result, "observations", obs);
		json_decref(obs);
	}
	if (json_array_size(o->findings))
		json_object_set(o->result, "findings", o->findings);
	if (!sel || json_dumpf(o->root, fp, JSON_INDENT(2)) != 0 || fputc('\n', fp) == EOF)
		err = sel ? AK_ERR_OUTPUT : AK_ERR_NOMEM;
	export_oscal_free(o);
	return err;
}

void export_oscal_free(struct export_oscal *o)
{
	if (!o)
		return;
	json_decref(o->root);
	json_decref(o->findings);
	json_decref(o->controls);
	free(o->default_standard);
	free(o);
}
