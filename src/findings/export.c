/* export.c: findings as CSV and JSON, streamed; OSCAL in export_oscal.c. */
#include "findings/export.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/cell.h"
#include "core/csv.h"
#include "evidence/snapshot.h"
#include "findings/rules.h"
#include "core/util.h"

struct exporter {
	FILE *fp;
	enum export_format fmt;
	const struct report *r;
	struct export_opts o;
	size_t n;
	struct ak_buf b;
	struct export_oscal *oscal;
	bool failed;
};

/* The CSV columns, in order (docs/findings-format.md). */
static const char *const csv_cols[] = {
    "id",
    "key",
    "standard",
    "clause",
    "item",
    "related",
    "requirement",
    "kind",
    "grade",
    "rule",
    "rule_grade",
    "reason",
    "override_grade",
    "override_by",
    "override_why",
    "override_date",
    "statement",
    "evidence",
    "interviewees",
    "auditors",
    "date",
    "note",
    "correction",
    "root_cause",
    "corrective_action",
    "owner",
    "response_due",
    "target_date",
    "status",
    NULL,
};

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static bool put(struct exporter *x, const char *s)
{
	if (fputs(s, x->fp) == EOF)
		x->failed = true;
	return !x->failed;
}

/* Dump v compactly (keys in insertion order); steals v. */
static bool put_json(struct exporter *x, json_t *v, size_t flags)
{
	char *s;
	bool ok;

	if (!v)
		return false;
	s = json_dumps(v, flags | JSON_ENCODE_ANY);
	json_decref(v);
	if (!s)
		return false;
	ok = put(x, s);
	free(s);
	return ok;
}

/* ======================================================================
 * CSV
 * ====================================================================== */

/* With --bom the file is meant for Excel, which would run a field starting
 * with = + - @ (or TAB or CR, which it strips first) as a formula: such a
 * field gets a leading apostrophe (core/cell.h), so it shows as text. */
static bool csv_field(struct exporter *x, const char *s, bool last)
{
	size_t n = s ? strlen(s) : 0;
	bool ok;

	if (x->o.bom)
		ok = ak_cell_write_csv(x->fp, s, n, ',');
	else
		ok = csv_write_field(x->fp, s ? s : "", n, ',');
	if (ok)
		ok = fputs(last ? "\r\n" : ",", x->fp) != EOF;
	if (!ok)
		x->failed = true;
	return ok;
}

static ak_err csv_finding(struct exporter *x, const struct grade_finding *f)
{
	const struct grade_override *ov = f->override;
	char due[11];
	const char *v[32];
	struct ak_buf ev = AK_BUF_INIT, who = AK_BUF_INIT, aud = AK_BUF_INIT;
	size_t i = 0, k;
	ak_err err = AK_OK;

	grade_text_evidence(f, &ev);
	grade_text_list(f->interviewees, f->ninterviewees, &who);
	grade_text_list(f->auditors, f->nauditors, &aud);
	report_due(x->r, f, due);
	v[i++] = f->id;
	v[i++] = f->key;
	v[i++] = f->standard;
	v[i++] = f->clause;
	v[i++] = f->item ? f->item : f->items;
	v[i++] = f->related;
	v[i++] = f->requirement;
	v[i++] = grade_kind_name(f->kind);
	v[i++] = grade_label(f->grade);
	v[i++] = f->rule;
	v[i++] = grade_label(f->rule_grade);
	v[i++] = f->reason;
	v[i++] = ov ? grade_label(ov->grade) : NULL;
	v[i++] = ov ? ov->by : NULL;
	v[i++] = ov ? ov->why : NULL;
	v[i++] = ov ? ov->date : NULL;
	v[i++] = f->statement;
	v[i++] = ak_buf_str(&ev);
	v[i++] = ak_buf_str(&who);
	v[i++] = ak_buf_str(&aud);
	v[i++] = f->date;
	v[i++] = f->note;
	v[i++] = f->correction;
	v[i++] = f->root_cause;
	v[i++] = f->corrective_action;
	v[i++] = f->owner;
	v[i++] = due;
	v[i++] = f->target;
	v[i++] = report_status(x->r, f);
	if (ak_buf_failed(&ev) || ak_buf_failed(&who) || ak_buf_failed(&aud))
		err = AK_ERR_NOMEM;
	for (k = 0; !err && k < i; k++)
		if (!csv_field(x, v[k], k + 1 == i))
			err = AK_ERR_OUTPUT;
	ak_buf_release(&ev);
	ak_buf_release(&who);
	ak_buf_release(&aud);
	return err;
}

/* ======================================================================
 * JSON
 * ====================================================================== */

static json_t *strings(const char *const *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

/* The questions behind a finding, with the notes they were asked in. */
static json_t *questions_json(const struct report *r, const struct grade_finding *f)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < f->nquestions; i++) {
		const char *notes =
		    f->question_interview && r->grader
		        ? grade_interview(r->grader, f->question_interview[i])->notes_file
		        : NULL;
		json_array_append_new(
		    a, json_pack("{s:s, s:o}", "id", f->questions[i], "notes", jstr(notes)));
	}
	return a;
}

static json_t *finding_json(const struct report *r, const struct grade_finding *f)
{
	json_t *o = json_object(), *ev = json_array(), *ov = json_null();
	char due[11];
	size_t i;

	if (!o || !ev)
		goto nomem;
	for (i = 0; i < f->nquotes; i++) {
		const struct grade_quote *q = &f->quotes[i];
		json_t *e = json_object();
		if (!e)
			goto nomem;
		json_object_set_new(e, "quote", json_string(q->quote));
		json_object_set_new(e, "who", jstr(q->who));
		json_object_set_new(e, "notes", jstr(q->notes));
		json_object_set_new(e, "line", q->line > 0 ? json_integer(q->line) : json_null());
		json_object_set_new(e, "offset",
		                    q->offset >= 0 ? json_integer(q->offset) : json_null());
		json_object_set_new(e, "record", jstr(q->record));
		json_array_append_new(ev, e);
	}
	if (f->override) {
		ov = json_object();
		json_object_set_new(ov, "grade", json_string(grade_code(f->override->grade)));
		json_object_set_new(ov, "by", jstr(f->override->by));
		json_object_set_new(ov, "why", jstr(f->override->why));
		json_object_set_new(ov, "date", jstr(f->override->date));
	}
	report_due(r, f, due);
	json_object_set_new(o, "id", json_string(f->id));
	json_object_set_new(o, "key", jstr(f->key));
	json_object_set_new(o, "standard", jstr(f->standard));
	json_object_set_new(o, "clause", jstr(f->clause));
	json_object_set_new(o, "item", jstr(f->item));
	json_object_set_new(o, "items", jstr(f->items));
	json_object_set_new(o, "related", jstr(f->related));
	json_object_set_new(o, "requirement", jstr(f->requirement));
	json_object_set_new(o, "kind", json_string(grade_kind_name(f->kind)));
	json_object_set_new(o, "grade", json_string(grade_code(f->grade)));
	json_object_set_new(o, "rule", json_string(f->rule));
	json_object_set_new(o, "rule_grade",
	                    f->rule_grade == GRADE_NONE ? json_null()
	                                                : json_string(grade_code(f->rule_grade)));
	json_object_set_new(o, "reason", jstr(f->reason));
	json_object_set_new(o, "override", ov);
	json_object_set_new(o, "statement", jstr(f->statement));
	json_object_set_new(o, "evidence", ev);
	json_object_set_new(o, "interviewees", strings(f->interviewees, f->ninterviewees));
	json_object_set_new(o, "auditors", strings(f->auditors, f->nauditors));
	json_object_set_new(o, "questions", questions_json(r, f));
	json_object_set_new(o, "date", jstr(f->date));
	json_object_set_new(o, "note", jstr(f->note));
	json_object_set_new(o, "correction", jstr(f->correction));
	json_object_set_new(o, "root_cause", jstr(f->root_cause));
	json_object_set_new(o, "corrective_action", jstr(f->corrective_action));
	json_object_set_new(o, "owner", jstr(f->owner));
	json_object_set_new(o, "response_due", due[0] ? json_string(due) : json_null());
	json_object_set_new(o, "target_date", jstr(f->target));
	json_object_set_new(o, "status", json_string(report_status(r, f)));
	return o;
nomem:
	json_decref(o);
	json_decref(ev);
	return NULL;
}

static json_t *people_json(const struct report_person *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < n; i++)
		json_array_append_new(
		    a, json_pack("{s:s, s:o}", "name", v[i].name, "role", jstr(v[i].role)));
	return a;
}

static json_t *audit_json(const struct report *r)
{
	const struct report_audit *a = r->audit;
	char *file;
	json_t *o;

	if (!a)
		return json_null();
	file = report_display(r, a->path);
	o = json_pack("{s:o, s:o, s:o, s:o, s:o, s:{s:o, s:o}, s:o, s:o}", "file", jstr(file),
	              "organisation", jstr(a->organisation), "scope", jstr(a->scope), "standard",
	              jstr(a->standard), "audit_type", jstr(a->audit_type), "dates", "start",
	              jstr(a->start), "end", jstr(a->end), "team", people_json(a->team, a->nteam),
	              "interviewees", people_json(a->interviewees, a->ninterviewees));
	free(file);
	return o;
}

static json_t *interviews_json(const struct report *r)
{
	const struct grader *g = r->grader;
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && g && i < grade_ninterviews(g); i++) {
		const struct scored *s = grade_interview(g, i);
		char *file = report_display(r, s->path), *notes = report_display(r, s->notes_file);
		json_array_append_new(
		    a, json_pack("{s:o, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:{s:o, s:o, s:o}}", "file",
		                 jstr(file), "sha256", s->sha256, "notes", jstr(notes), "notes_sha256",
		                 s->notes_sha256, "interviewee", jstr(s->interviewee), "role",
		                 jstr(s->role), "auditor", jstr(s->auditor), "date", jstr(s->date),
		                 "bank", "id", jstr(s->bank_id), "version", jstr(s->bank_version),
		                 "standard", jstr(s->bank_standard)));
		free(file);
		free(notes);
	}
	return a;
}

static json_t *inputs_json(const struct report *r)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < r->ninputs; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:o}", "kind", r->inputs[i].kind,
		                                   "file", r->inputs[i].file, "sha256",
		                                   r->inputs[i].sha256[0]
		                                       ? json_string(r->inputs[i].sha256)
		                                       : json_null()));
	return a;
}

static json_t *gaps_json(const struct grader *g)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && g && i < grade_nreqs(g); i++) {
		const struct grade_req *q = grade_req(g, i);
		if (q->gap)
			json_array_append_new(a, json_pack("{s:s, s:o, s:o}", "clause", q->clause,
			                                   "item", jstr(q->item), "requirement",
			                                   jstr(q->requirement)));
	}
	return a;
}

static ak_err json_begin(struct exporter *x)
{
	const struct report *r = x->r;
	char *rf = r->rules ? report_display(r, rules_path(r->rules)) : NULL;
	json_t *rules = r->rules ? json_pack("{s:o, s:o, s:o, s:s}", "file", jstr(rf), "id",
	                                     jstr(rules_id(r->rules)), "version",
	                                     jstr(rules_version(r->rules)), "sha256",
	                                     rules_sha256(r->rules))
	                         : json_null();

	free(rf);
	put(x, "{\n  \"format\": \"" FINDINGS_FORMAT "\",\n  \"generator\": \"auditkit " AK_VERSION
	       "\",\n  \"report_date\": ");
	put_json(x, jstr(r->date), 0);
	put(x, ",\n  \"audit\": ");
	put_json(x, audit_json(r), JSON_INDENT(2));
	put(x, ",\n  \"rules\": ");
	put_json(x, rules, 0);
	put(x, ",\n  \"inputs\": ");
	put_json(x, inputs_json(r), JSON_INDENT(2));
	put(x, ",\n  \"interviews\": ");
	put_json(x, interviews_json(r), JSON_INDENT(2));
	put(x, ",\n  \"gaps\": ");
	put_json(x, gaps_json(r->grader), 0);
	put(x, ",\n  \"findings\": [");
	return x->failed ? AK_ERR_OUTPUT : AK_OK;
}

static ak_err json_end(struct exporter *x)
{
	const struct report *r = x->r;
	json_t *counts = json_object();
	enum report_recommendation rec = report_recommend(r);
	int g;

	for (g = 0; counts && g < GRADE_COUNT; g++)
		json_object_set_new(counts, grade_code((enum grade)g),
		                    json_integer((json_int_t)r->counts[g]));
	put(x, x->n ? "\n  ],\n  \"counts\": " : "],\n  \"counts\": ");
	put_json(x, counts, 0);
	fprintf(x->fp, ",\n  \"total\": %zu,\n  \"recommendation\": ", r->total);
	put_json(x,
	         json_pack("{s:s, s:s}", "code", report_recommendation_code(rec), "text",
	                   report_recommendation_text(rec)),
	         0);
	put(x, "\n}\n");
	return x->failed ? AK_ERR_OUTPUT : AK_OK;
}

/* ======================================================================
 * The exporter
 * ====================================================================== */

ak_err export_begin(FILE *fp, enum export_format fmt, const struct report *r,
                    const struct export_opts *o, struct exporter **out)
{
	struct exporter *x = calloc(1, sizeof *x);
	ak_err err = AK_OK;
	size_t i;

	*out = NULL;
	if (!x)
		return AK_ERR_NOMEM;
	x->fp = fp;
	x->fmt = fmt;
	x->r = r;
	if (o)
		x->o = *o;
	switch (fmt) {
	case EXPORT_CSV:
		if (x->o.bom)
			put(x, "\xef\xbb\xbf");
		for (i = 0; csv_cols[i]; i++)
			if (!csv_field(x, csv_cols[i], !csv_cols[i + 1]))
				break;
		err = x->failed ? AK_ERR_OUTPUT : AK_OK;
		break;
	case EXPORT_JSON:
		err = json_begin(x);
		break;
	case EXPORT_OSCAL:
		err = export_oscal_begin(r, &x->oscal);
		break;
	}
	if (err) {
		export_abort(x);
		return err;
	}
	*out = x;
	return AK_OK;
}

ak_err export_finding(struct exporter *x, const struct grade_finding *f)
{
	ak_err err = AK_OK;
	char due[11];

	switch (x->fmt) {
	case EXPORT_CSV:
		err = csv_finding(x, f);
		break;
	case EXPORT_JSON:
		put(x, x->n ? ",\n    " : "\n    ");
		if (!put_json(x, finding_json(x->r, f), JSON_COMPACT))
			err = x->failed ? AK_ERR_OUTPUT : AK_ERR_NOMEM;
		break;
	case EXPORT_OSCAL:
		report_due(x->r, f, due);
		err = export_oscal_finding(x->oscal, f, due, report_status(x->r, f));
		break;
	}
	x->n++;
	if (!err && x->failed)
		err = AK_ERR_OUTPUT;
	return err;
}

ak_err export_end(struct exporter *x)
{
	ak_err err = AK_OK;

	switch (x->fmt) {
	case EXPORT_CSV:
		break;
	case EXPORT_JSON:
		err = json_end(x);
		break;
	case EXPORT_OSCAL:
		err = export_oscal_end(x->oscal, x->fp);
		x->oscal = NULL;
		break;
	}
	if (!err && x->failed)
		err = AK_ERR_OUTPUT;
	export_abort(x);
	return err;
}

void export_abort(struct exporter *x)
{
	if (!x)
		return;
	export_oscal_free(x->oscal);
	ak_buf_release(&x->b);
	free(x);
}
