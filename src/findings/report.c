/* report.c: the audit, dates, tallies and the recommendation (report.h). */
#include "findings/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include <sys/stat.h>

#include <jansson.h>

#include "core/textin.h"
#include "core/hash.h"
#include "core/jcheck.h"
#include "findings/rules.h"
#include "core/util.h"

/* ======================================================================
 * audit.json
 * ====================================================================== */

struct report_audit_priv {
	json_t *root;
};

static const char *const audit_types[] = {"stage1",          "stage2",   "surveillance",
                                          "recertification", "internal", NULL};

static struct report_person *people(struct jck *c, json_t *root, const char *key, size_t *n,
                                    bool *nomem)
{
	static const char *const f[] = {"name", "role", "date", "time", "place", "auditor", NULL};
	json_t *arr = jck_array(c, "", root, key, 0), *o;
	struct report_person *v;
	char base[JCK_PATH], p[JCK_PATH];
	size_t i;

	*n = 0;
	if (!arr || json_array_size(arr) == 0)
		return NULL;
	v = calloc(json_array_size(arr), sizeof *v);
	if (!v) {
		*nomem = true;
		return NULL;
	}
	jck_sub(base, "", key);
	json_array_foreach(arr, i, o)
	{
		jck_idx(p, base, i);
		if (!json_is_object(o)) {
			jck_problem(c, p, false, "entries of \"%s\" must be {\"name\", \"role\"}",
			            key);
			continue;
		}
		jck_fields(c, p, o, f, key);
		v[*n].name = jck_str(c, p, o, "name", JCK_REQUIRED | JCK_NONEMPTY);
		v[*n].role = jck_str(c, p, o, "role", JCK_NULLABLE);
		v[*n].date = jck_str(c, p, o, "date", JCK_NULLABLE | JCK_NONEMPTY);
		v[*n].time = jck_str(c, p, o, "time", JCK_NULLABLE | JCK_NONEMPTY);
		v[*n].place = jck_str(c, p, o, "place", JCK_NULLABLE | JCK_NONEMPTY);
		v[*n].auditor = jck_str(c, p, o, "auditor", JCK_NULLABLE | JCK_NONEMPTY);
		if (v[*n].date && !jck_is_date(v[*n].date)) {
			char q[JCK_PATH];
			jck_sub(q, p, "date");
			jck_problem(c, q, false, "\"date\" must be a date as YYYY-MM-DD");
		}
		if (v[*n].name)
			(*n)++;
	}
	return v;
}

struct report_audit *report_audit_load(const char *path, struct ak_diags *d, ak_err *err)
{
	static const char *const top[] = {
	    "format", "organisation", "scope",        "standard", "audit_type",
	    "dates",  "team",         "interviewees", "sources",  NULL};
	static const char *const org_f[] = {"name", "scope", NULL};
	static const char *const dates_f[] = {"start", "end", NULL};
	struct report_audit *a = calloc(1, sizeof *a);
	struct report_audit_priv *pv = calloc(1, sizeof *pv);
	struct jck c;
	char *text = NULL;
	size_t len, i;
	json_t *root = NULL, *o;
	const char *fmt;
	bool nomem = false;

	memset(&c, 0, sizeof c);
	if (!a || !pv) {
		free(a);
		free(pv);
		*err = AK_ERR_NOMEM;
		return NULL;
	}
	a->priv = pv;
	a->path = path;
	if ((*err = ak_read_text(path, 16u << 20, 0, &text, &len)))
		goto out;
	root = pv->root = jck_parse(&c, path, text, len, d);
	if (!root) {
		*err = AK_ERR_DATA;
		goto out;
	}
	if (!json_is_object(root)) {
		jck_problem(&c, "", false, "an audit file must be a JSON object, not %s",
		            jck_type(root));
		goto out;
	}
	jck_fields(&c, "", root, top, "the audit");
	fmt = jck_str(&c, "", root, "format", JCK_REQUIRED);
	if (fmt && strcmp(fmt, "auditkit-audit/1") != 0)
		jck_problem(&c, "/format", false,
		            "unsupported format '%s' (this auditkit reads auditkit-audit/1)", fmt);
	o = json_object_get(root, "organisation");
	if (json_is_object(o)) {
		jck_fields(&c, "/organisation", o, org_f, "organisation");
		a->organisation = jck_str(&c, "/organisation", o, "name", JCK_NULLABLE);
		a->scope = jck_str(&c, "/organisation", o, "scope", JCK_NULLABLE);
	} else {
		a->organisation = jck_str(&c, "", root, "organisation", JCK_NULLABLE);
	}
	if (json_object_get(root, "scope"))
		a->scope = jck_str(&c, "", root, "scope", JCK_NULLABLE);
	a->standard = jck_str(&c, "", root, "standard", JCK_NULLABLE);
	a->audit_type = jck_str(&c, "", root, "audit_type", JCK_NULLABLE);
	if (a->audit_type) {
		for (i = 0; audit_types[i]; i++)
			if (strcmp(a->audit_type, audit_types[i]) == 0)
				break;
		if (!audit_types[i])
			jck_problem(&c, "/audit_type", false,
			            "\"audit_type\" must be stage1, stage2, surveillance, "
			            "recertification or internal, not '%s'",
			            a->audit_type);
	}
	if ((o = jck_object(&c, "", root, "dates", JCK_NULLABLE))) {
		jck_fields(&c, "/dates", o, dates_f, "dates");
		a->start = jck_str(&c, "/dates", o, "start", JCK_NULLABLE);
		a->end = jck_str(&c, "/dates", o, "end", JCK_NULLABLE);
		if (a->start && !jck_is_date(a->start))
			jck_problem(&c, "/dates/start", false,
			            "\"start\" must be a date as YYYY-MM-DD");
		if (a->end && !jck_is_date(a->end))
			jck_problem(&c, "/dates/end", false,
			            "\"end\" must be a date as YYYY-MM-DD");
		if (a->start && a->end && jck_is_date(a->start) && jck_is_date(a->end) &&
		    strcmp(a->start, a->end) > 0)
			jck_problem(&c, "/dates/end", false,
			            "the audit ends (%s) before it starts (%s)", a->end, a->start);
	}
	a->team = people(&c, root, "team", &a->nteam, &nomem);
	a->interviewees = people(&c, root, "interviewees", &a->ninterviewees, &nomem);
out:
	jck_release(&c);
	free(text);
	if (!*err && (nomem || c.nomem || d->oom))
		*err = AK_ERR_NOMEM;
	else if (!*err && c.bad)
		*err = AK_ERR_DATA;
	if (*err) {
		report_audit_free(a);
		return NULL;
	}
	return a;
}

void report_audit_free(struct report_audit *a)
{
	if (!a)
		return;
	if (a->priv)
		json_decref(a->priv->root);
	free(a->priv);
	free(a->team);
	free(a->interviewees);
	free(a);
}

/* ======================================================================
 * Dates (proleptic Gregorian, days since 1970-01-01)
 * ====================================================================== */

static long days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Called for every date cell of a large register: by hand, not sscanf. */
bool report_date_parts(const char *s, int *y, int *m, int *d)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	*y = digits(s, 4);
	*m = digits(s + 5, 2);
	*d = digits(s + 8, 2);
	if (*y < 0 || *m < 1 || *m > 12 || *d < 1 || *d > mdays[*m - 1])
		return false;
	if (*m == 2 && *d == 29 && !((*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0))
		return false;
	return true;
}

bool report_date_add(const char *s, int days, char out[11])
{
	int y, m, d;

	if (!report_date_parts(s, &y, &m, &d))
		return false;
	civil_from_days(days_from_civil(y, m, d) + days, &y, &m, &d);
	if (y < 0 || y > 9999)
		return false;
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
	         (unsigned)d % 100u);
	return true;
}

long long report_date_epoch(const char *s)
{
	int y, m, d;

	if (!report_date_parts(s, &y, &m, &d))
		return 0;
	return (long long)days_from_civil(y, m, d) * 86400;
}

/* ======================================================================
 * Tallies and recommendation
 * ====================================================================== */

void report_init(struct report *r)
{
	memset(r, 0, sizeof *r);
}

void report_release(struct report *r)
{
	size_t i;

	for (i = 0; i < r->ninputs; i++)
		free(r->inputs[i].file);
	free(r->inputs);
	r->inputs = NULL;
	r->ninputs = r->capinputs = 0;
	for (i = 0; i < r->nresponses; i++) {
		struct report_response *x = &r->responses[i];
		free(x->id);
		free(x->key);
		free(x->correction);
		free(x->root_cause);
		free(x->corrective_action);
		free(x->owner);
		free(x->due);
		free(x->target);
		free(x->status);
		free(x->override_grade);
	}
	free(r->responses);
	r->responses = NULL;
	r->nresponses = 0;

	for (i = 0; i < r->nclauses; i++)
		free(r->clauses[i].clause);
	free(r->clauses);
	r->clauses = NULL;
	r->nclauses = r->capclauses = 0;
}

const char *report_default_date(const struct report_audit *a, const struct grader *g)
{
	const char *best = NULL;
	size_t i;

	if (a && a->end && jck_is_date(a->end))
		return a->end;
	for (i = 0; g && i < grade_ninterviews(g); i++) {
		const char *d = grade_interview(g, i)->date;
		if (d && (!best || strcmp(d, best) > 0))
			best = d;
	}
	return best;
}

static bool closed(const char *status)
{
	return status && (strcasecmp(status, "closed") == 0 || strcasecmp(status, "verified") == 0);
}

void report_tally(struct report *r, const struct grade_finding *f)
{
	const char *clause = f->clause ? f->clause : "";
	size_t i;

	if ((unsigned)f->grade >= GRADE_COUNT)
		return;
	r->counts[f->grade]++;
	r->total++;
	if (f->grade == GRADE_MAJOR && !closed(f->status))
		r->open_major++;
	if (f->grade == GRADE_MINOR && !closed(f->status))
		r->open_minor++;
	/* Most registers touch a handful of clauses; the last one is the
	 * likeliest match, so look there first. */
	for (i = r->nclauses; i-- > 0;)
		if (strcmp(r->clauses[i].clause, clause) == 0)
			break;
	if (i == (size_t)-1) {
		if (!ak_grow(&r->clauses, &r->capclauses, r->nclauses + 1, sizeof *r->clauses) ||
		    !(r->clauses[r->nclauses].clause = ak_strdup(clause))) {
			r->oom = true;
			return;
		}
		memset(r->clauses[r->nclauses].n, 0, sizeof r->clauses[r->nclauses].n);
		i = r->nclauses++;
	}
	r->clauses[i].n[f->grade]++;
}

void report_ready(struct report *r)
{
	int g;

	for (g = 0; g < GRADE_COUNT; g++) {
		int days = r->rules ? rules_due_days(r->rules, (enum grade)g) : -1;
		r->due[g][0] = '\0';
		if (days >= 0 && r->date)
			report_date_add(r->date, days, r->due[g]);
	}
	r->ready = true;
}

void report_due(const struct report *r, const struct grade_finding *f, char out[11])
{
	int days;

	out[0] = '\0';
	if (f->due) {
		snprintf(out, 11, "%s", f->due);
		return;
	}
	if ((unsigned)f->grade >= GRADE_COUNT)
		return;
	if (r->ready) {
		memcpy(out, r->due[f->grade], 11);
		return;
	}
	days = r->rules ? rules_due_days(r->rules, f->grade) : -1;
	if (days >= 0 && r->date)
		report_date_add(r->date, days, out);
}

const char *report_status(const struct report *r, const struct grade_finding *f)
{
	if (f->status && *f->status)
		return f->status;
	return r->rules && rules_due_days(r->rules, f->grade) >= 0 ? "open" : "";
}

enum report_recommendation report_recommend(const struct report *r)
{
	if (r->audit && ak_streq(r->audit->audit_type, "internal"))
		return REPORT_NOT_APPLICABLE;
	if (r->open_major)
		return REPORT_NOT_RECOMMENDED;
	if (r->open_minor)
		return REPORT_UPON_ACTION_PLAN;
	return REPORT_RECOMMENDED;
}

const char *report_recommendation_code(enum report_recommendation x)
{
	static const char *const c[] = {"recommended", "recommended_upon_action_plan",
	                                "not_recommended", "not_applicable"};
	return c[x];
}

const char *report_recommendation_text(enum report_recommendation x)
{
	static const char *const t[] = {
	    "Certification recommended",
	    "Certification recommended upon acceptance of an action plan for the minor "
	    "nonconformities",
	    "Certification not recommended while a major nonconformity is open",
	    "No certification recommendation: internal audit",
	};
	return t[x];
}

/* ======================================================================
 * Names, inputs, numbers, responses
 * ====================================================================== */

char *report_display(const struct report *r, const char *path)
{
	char *dir = NULL, *full = NULL, *slash, *out = NULL;
	size_t n;

	if (!path)
		return NULL;
	if (r->audit && r->audit->path) {
		char *a = ak_strdup(r->audit->path);
		if (a) {
			slash = strrchr(a, '/');
			if (slash)
				*slash = '\0';
			dir = realpath(slash ? a : ".", NULL);
			free(a);
		}
		full = realpath(path, NULL);
	}
	if (dir && full && (n = strlen(dir)) && strncmp(full, dir, n) == 0 && full[n] == '/')
		out = ak_strdup(full + n + 1);
	else
		out = ak_strdup(grade_base_name(path));
	free(dir);
	free(full);
	return out;
}

bool report_add_input(struct report *r, const char *kind, const char *path)
{
	return report_add_input_hashed(r, kind, path, NULL);
}

bool report_add_input_hashed(struct report *r, const char *kind, const char *path,
			     const char *sha256)
{
	struct report_input *in;
	struct stat st;

	if (!ak_grow(&r->inputs, &r->capinputs, r->ninputs + 1, sizeof *r->inputs)) {
		r->oom = true;
		return false;
	}
	in = &r->inputs[r->ninputs];
	in->kind = kind;
	in->sha256[0] = '\0';
	if (sha256 && *sha256)
		snprintf(in->sha256, sizeof in->sha256, "%s", sha256);
	else if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode) && !ak_sha256_file(path, in->sha256))
		return false;
	if (!(in->file = report_display(r, path))) {
		r->oom = true;
		return false;
	}
	r->ninputs++;
	return true;
}

static bool id_prefix_fits(const char *id, enum grade g)
{
	const char *p = grade_prefix(g);
	size_t n = strlen(p);

	return id && strncmp(id, p, n) == 0 && id[n] == '-' && isdigit((unsigned char)id[n + 1]);
}

static bool id_taken(const struct report *r, const char *id, const struct report_response *self)
{
	size_t i;

	for (i = 0; i < r->nresponses; i++)
		if (&r->responses[i] != self && ak_streq(r->responses[i].id, id))
			return true;
	return false;
}

void report_number(struct report *r, const struct grade_finding *f, char out[24])
{
	struct report_response *x = report_response_for(r, f);
	enum grade g = (unsigned)f->grade < GRADE_COUNT ? f->grade : GRADE_OBSERVATION;

	if (x && id_prefix_fits(x->id, g) && strlen(x->id) < 24) {
		snprintf(out, 24, "%s", x->id);
		return;
	}
	/* The next number of the prefix that no returned finding holds. Major
	 * and minor share "NC". */
	do {
		int k = ++r->next[g == GRADE_MINOR ? GRADE_MAJOR : g];
		snprintf(out, 24, "%s-%02d", grade_prefix(g), k);
	} while (id_taken(r, out, x));
}

struct report_response *report_response_for(struct report *r, const struct grade_finding *f)
{
	size_t i;

	for (i = 0; f->key && i < r->nresponses; i++)
		if (ak_streq(r->responses[i].key, f->key)) {
			r->responses[i].used = true;
			return &r->responses[i];
		}
	return NULL;
}

void report_apply_response(const struct report_response *x, struct grade_finding *f)
{
	if (!x)
		return;
	if (x->correction)
		f->correction = x->correction;
	if (x->root_cause)
		f->root_cause = x->root_cause;
	if (x->corrective_action)
		f->corrective_action = x->corrective_action;
	if (x->owner)
		f->owner = x->owner;
	if (x->due)
		f->due = x->due;
	if (x->target)
		f->target = x->target;
	if (x->status)
		f->status = x->status;
}
