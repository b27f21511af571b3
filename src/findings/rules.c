/* rules.c: reading, checking and matching grading rules. */
#include "findings/rules.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <jansson.h>
#include <pcre2.h>

#include "core/textin.h"
#include "core/hash.h"
#include "core/jcheck.h"
#include "core/util.h"

/* The counted conditions, each a range. */
enum range_cond {
	RC_BEST,
	RC_TOP,
	RC_FAILED,
	RC_SHOWN,
	RC_DUTIES,
	RC_STATEMENTS,
	RC_INTERVIEWEES,
	RC_CONTRADICTIONS,
	RC_MINORS,
	RC_COUNT
};

static const char *const range_names[RC_COUNT] = {
    "best_score", "top_management", "failed",         "shown",  "duties",
    "statements", "interviewees",   "contradictions", "minors",
};

/* The yes-or-no conditions; -1 in a rule: either. */
enum bool_cond { BC_COVERAGE, BC_DUTY, BC_MOST, BC_CHIEF, BC_CHIEF_SHOWN, BC_OWNER, BC_COUNT };

static const char *const bool_names[BC_COUNT] = {
    "coverage", "duty", "most_of_top_management", "chief_executive", "chief_executive_shown",
    "owner",
};

struct range {
	bool set;
	long min, max;
};

struct rule {
	char *id, *why;
	enum grade grade;
	unsigned kinds; /* bit per grade_kind; 0: any */
	char **clauses;
	size_t nclauses;
	int b[BC_COUNT]; /* -1 any, 0 or 1 */
	struct range r[RC_COUNT];
	pcre2_code *re;
	bool requirement;
};

struct rules {
	char *path, *id, *version, *title;
	char sha256[AK_SHA256_HEX];
	int due[GRADE_COUNT];
	struct rule *v;
	size_t n;
	char **fold_from, **fold_to, *fold_why; /* conformities recorded elsewhere */
	size_t nfold;
};

/* ======================================================================
 * Reading
 * ====================================================================== */

struct ctx {
	struct jck c;
	struct rules *r;
};

static char *dup_or_nomem(struct ctx *x, const char *s)
{
	char *d;

	if (!s)
		return NULL;
	d = ak_strdup(s);
	if (!d)
		x->c.nomem = true;
	return d;
}

static bool valid_id(const char *s)
{
	const char *p;

	if (!isalnum((unsigned char)s[0]) || isupper((unsigned char)s[0]))
		return false;
	for (p = s; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-' ||
		      *p == '.' || *p == '_'))
			return false;
	return true;
}

/* "kind": a name or a list of names. */
static void read_kinds(struct ctx *x, const char *path, json_t *v, struct rule *ru)
{
	json_t *one, *arr = v;
	char p[JCK_PATH];
	size_t i;

	if (json_is_string(v)) {
		arr = json_array();
		if (!arr) {
			x->c.nomem = true;
			return;
		}
		json_array_append(arr, v);
	} else if (!json_is_array(v) || json_array_size(v) == 0) {
		jck_problem(&x->c, path, false,
		            "\"kind\" must be a kind or a non-empty list of kinds");
		return;
	}
	json_array_foreach(arr, i, one)
	{
		enum grade_kind k;
		const char *s = json_string_value(one);
		if (arr == v)
			jck_idx(p, path, i);
		else
			snprintf(p, sizeof p, "%s", path);
		if (!s || !grade_kind_parse(s, &k)) {
			jck_problem(
			    &x->c, p, false,
			    "unknown kind '%s' (conformity, delegation, contradiction, red_flag, "
			    "no_evidence, weak or leadership)",
			    s ? s : jck_type(one));
			continue;
		}
		if (k == GK_NOT_ASKED) {
			jck_problem(
			    &x->c, p, false,
			    "kind not_asked is never graded: what the notes say nothing of is "
			    "\"not evidenced, verify\", a gap in the audit reported as such");
			continue;
		}
		if (k == GK_SYSTEMIC || k == GK_MANUAL) {
			jck_problem(&x->c, p, false,
			            "kind %s is made by grading and cannot be a condition", s);
			continue;
		}
		ru->kinds |= 1u << k;
	}
	if (arr != v)
		json_decref(arr);
}

static void read_clauses(struct ctx *x, const char *path, json_t *v, struct rule *ru)
{
	json_t *one;
	size_t i, n = json_is_array(v) ? json_array_size(v) : 1;
	char p[JCK_PATH];

	if (!json_is_string(v) && !(json_is_array(v) && n > 0)) {
		jck_problem(&x->c, path, false, "\"clause\" must be a clause or a list of clauses");
		return;
	}
	ru->clauses = calloc(n, sizeof *ru->clauses);
	if (!ru->clauses) {
		x->c.nomem = true;
		return;
	}
	if (json_is_string(v)) {
		ru->clauses[ru->nclauses++] = dup_or_nomem(x, json_string_value(v));
		return;
	}
	json_array_foreach(v, i, one)
	{
		jck_idx(p, path, i);
		if (!json_is_string(one) || json_string_length(one) == 0) {
			jck_problem(&x->c, p, false,
			            "a clause must be a non-empty string like \"5.1\"");
			continue;
		}
		ru->clauses[ru->nclauses++] = dup_or_nomem(x, json_string_value(one));
	}
}

/* A count condition: a number (exactly) or {"min": a, "max": b}. */
static void read_range(struct ctx *x, const char *path, json_t *v, const char *name, long hi,
                       struct range *rg)
{
	static const char *const f[] = {"min", "max", NULL};

	rg->set = true;
	rg->min = 0;
	rg->max = LONG_MAX;
	if (json_is_integer(v)) {
		if (json_integer_value(v) < 0 || json_integer_value(v) > hi) {
			jck_problem(&x->c, path, false, "\"%s\" must be from 0 to %ld", name, hi);
			return;
		}
		rg->min = rg->max = (long)json_integer_value(v);
		return;
	}
	if (!json_is_object(v) || json_object_size(v) == 0) {
		jck_problem(&x->c, path, false,
		            "\"%s\" must be a whole number or {\"min\": n, \"max\": n}", name);
		return;
	}
	jck_fields(&x->c, path, v, f, name);
	jck_int(&x->c, path, v, "min", 0, hi, 0, &rg->min);
	jck_int(&x->c, path, v, "max", 0, hi, 0, &rg->max);
	if (rg->min > rg->max)
		jck_problem(&x->c, path, false, "\"%s\": min %ld is above max %ld", name, rg->min,
		            rg->max);
}

static void read_pattern(struct ctx *x, const char *path, json_t *v, struct rule *ru)
{
	const char *s = json_string_value(v);
	PCRE2_SIZE off;
	int code;
	pcre2_match_data *md;

	if (!s || !*s) {
		jck_problem(&x->c, path, false, "\"red_flag\" must be a non-empty pattern (PCRE2)");
		return;
	}
	ru->re = pcre2_compile((PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED,
	                       PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &code, &off, NULL);
	if (!ru->re) {
		PCRE2_UCHAR msg[256];
		int line, col;
		pcre2_get_error_message(code, msg, sizeof msg);
		col = jck_string_col(&x->c, path, off, &line);
		ak_diags_add(x->c.d, x->c.file, line, col,
		             "\"red_flag\" pattern does not compile: %s at offset %zu",
		             (const char *)msg, (size_t)off);
		x->c.bad = true;
		return;
	}
	md = pcre2_match_data_create_from_pattern(ru->re, NULL);
	if (!md) {
		x->c.nomem = true;
		return;
	}
	if (pcre2_match(ru->re, (PCRE2_SPTR) "", 0, 0, 0, md, NULL) >= 0)
		jck_problem(&x->c, path, false,
		            "\"red_flag\" pattern matches the empty string, so any label would do");
	pcre2_match_data_free(md);
}

static void read_when(struct ctx *x, const char *path, json_t *w, struct rule *ru)
{
	static const char *f[RC_COUNT + BC_COUNT + 4];
	char p[JCK_PATH];
	json_t *v;
	bool b;
	int i, n = 0;

	if (!f[0]) {
		f[n++] = "kind";
		f[n++] = "clause";
		f[n++] = "red_flag";
		for (i = 0; i < RC_COUNT; i++)
			f[n++] = range_names[i];
		for (i = 0; i < BC_COUNT; i++)
			f[n++] = bool_names[i];
		f[n] = NULL;
	}
	if (!json_is_object(w)) {
		jck_problem(&x->c, path, false, "\"when\" must be an object of conditions");
		return;
	}
	jck_fields(&x->c, path, w, f, "a condition");
	if ((v = json_object_get(w, "kind"))) {
		jck_sub(p, path, "kind");
		read_kinds(x, p, v, ru);
	}
	if ((v = json_object_get(w, "clause"))) {
		jck_sub(p, path, "clause");
		read_clauses(x, p, v, ru);
	}
	for (i = 0; i < BC_COUNT; i++)
		if (jck_bool(&x->c, path, w, bool_names[i], 0, &b))
			ru->b[i] = b;
	for (i = 0; i < RC_COUNT; i++)
		if ((v = json_object_get(w, range_names[i]))) {
			jck_sub(p, path, range_names[i]);
			read_range(x, p, v, range_names[i], i == RC_BEST ? 3 : 100000, &ru->r[i]);
		}
	if ((v = json_object_get(w, "red_flag"))) {
		jck_sub(p, path, "red_flag");
		read_pattern(x, p, v, ru);
	}
	ru->requirement = ru->r[RC_MINORS].set;
	if (ru->requirement && json_object_get(w, "kind")) {
		jck_sub(p, path, "kind");
		jck_problem(
		    &x->c, p, true,
		    "a rule on \"minors\" grades the requirement as a whole: it cannot also "
		    "ask for a \"kind\"");
	}
}

/* The invariant, at the source: a rule that could give an opportunity for
 * improvement to a finding showing a nonconformity is refused. Such a rule
 * may only name knowledge_gap or conforms, or weak when it also asks that
 * some interviewee scored 2 or more (then the requirement was shown). */
static void check_ofi(struct ctx *x, const char *path, const struct rule *ru)
{
	char p[JCK_PATH];
	unsigned ok = 1u << GK_CONFORMITY;
	bool weak_ok = (ru->r[RC_BEST].set && ru->r[RC_BEST].min >= 2) ||
	               (ru->r[RC_SHOWN].set && ru->r[RC_SHOWN].min >= 1);

	if (ru->grade != GRADE_OFI)
		return;
	jck_sub(p, path, "grade");
	if (ru->requirement)
		jck_problem(&x->c, p, false,
		            "rule '%s' would record minor nonconformities as an opportunity for "
		            "improvement, which ISO/IEC 17021-1 forbids",
		            ru->id);
	else if (!ru->kinds)
		jck_problem(&x->c, p, false,
		            "rule '%s' gives an opportunity for improvement to every kind, "
		            "nonconformities included: name the kinds (conformity, or weak "
		            "with \"shown\" {\"min\": 1})",
		            ru->id);
	else if ((ru->kinds & ~(ok | (1u << GK_WEAK))) || ((ru->kinds & (1u << GK_WEAK)) && !weak_ok))
		jck_problem(&x->c, p, false,
		            "rule '%s' could record a nonconformity as an opportunity for "
		            "improvement, which ISO/IEC 17021-1 forbids (only conformity, or "
		            "weak with \"shown\" {\"min\": 1} or \"best_score\" {\"min\": 2})",
		            ru->id);
}

static void read_rule(struct ctx *x, const char *path, json_t *ro, struct rule *ru)
{
	static const char *const f[] = {"id", "grade", "when", "why", NULL};
	const char *id, *g;
	json_t *w;
	size_t i;

	memset(ru, 0, sizeof *ru);
	ru->grade = GRADE_NONE;
	memset(ru->b, -1, sizeof ru->b);
	if (!json_is_object(ro)) {
		jck_problem(&x->c, path, false, "a rule must be an object {id, grade, when, why}");
		return;
	}
	jck_fields(&x->c, path, ro, f, "a rule");
	id = jck_str(&x->c, path, ro, "id", JCK_REQUIRED | JCK_NONEMPTY);
	if (id) {
		char p[JCK_PATH];
		jck_sub(p, path, "id");
		if (!valid_id(id))
			jck_problem(
			    &x->c, p, false,
			    "rule id '%s' must be lower-case letters, digits, '.', '-' and '_'",
			    id);
		else if (strcmp(id, "manual") == 0)
			jck_problem(&x->c, p, false,
			            "rule id 'manual' is kept for manual findings");
		for (i = 0; i < x->r->n; i++)
			if (ak_streq(x->r->v[i].id, id))
				jck_problem(&x->c, p, false, "rule id '%s' is used twice", id);
	}
	ru->id = dup_or_nomem(x, id ? id : "?");
	g = jck_str(&x->c, path, ro, "grade", JCK_REQUIRED);
	if (g && !grade_parse(g, &ru->grade)) {
		char p[JCK_PATH];
		jck_sub(p, path, "grade");
		jck_problem(&x->c, p, false,
		            "unknown grade '%s' (major, minor, observation, ofi or conformity)", g);
	}
	ru->why = dup_or_nomem(x, jck_str(&x->c, path, ro, "why", JCK_REQUIRED | JCK_NONEMPTY));
	if ((w = json_object_get(ro, "when"))) {
		char p[JCK_PATH];
		jck_sub(p, path, "when");
		read_when(x, p, w, ru);
	}
	if (ru->grade != GRADE_NONE)
		check_ofi(x, path, ru);
	if (ru->requirement && (ru->grade == GRADE_OBSERVATION || ru->grade == GRADE_CONFORMITY)) {
		char p[JCK_PATH];
		jck_sub(p, path, "grade");
		jck_problem(&x->c, p, false,
		            "rule '%s' combines minor nonconformities: it must grade them major or "
		            "minor, not %s",
		            ru->id, grade_label(ru->grade));
	}
}

static void read_due(struct ctx *x, json_t *o)
{
	static const char *const f[] = {"major", "minor", "observation", "ofi", "conformity", NULL};
	int g;

	jck_fields(&x->c, "/due_days", o, f, "\"due_days\"");
	for (g = 0; g < GRADE_COUNT; g++) {
		json_t *v = json_object_get(o, grade_code((enum grade)g));
		long d;
		if (!v)
			continue;
		if (json_is_null(v))
			x->r->due[g] = -1;
		else if (jck_int(&x->c, "/due_days", o, grade_code((enum grade)g), 0, 3650, 0, &d))
			x->r->due[g] = (int)d;
	}
}

/* "fold_conformities": {"5.2": "5.1", ..., "$why": "..."}: where a
 * conformity on a clause is recorded. */
static void read_fold(struct ctx *x, json_t *o)
{
	const char *k;
	json_t *v;
	char p[JCK_PATH];
	size_t n = json_object_size(o);

	x->r->fold_from = calloc(n + 1, sizeof *x->r->fold_from);
	x->r->fold_to = calloc(n + 1, sizeof *x->r->fold_to);
	if (!x->r->fold_from || !x->r->fold_to) {
		x->c.nomem = true;
		return;
	}
	json_object_foreach(o, k, v)
	{
		jck_sub(p, "/fold_conformities", k);
		if (strcmp(k, "$why") == 0) {
			x->r->fold_why = dup_or_nomem(x, json_string_value(v));
			continue;
		}
		if (k[0] == '$')
			continue;
		if (!json_is_string(v) || json_string_length(v) == 0) {
			jck_problem(&x->c, p, false, "must name the clause the conformity goes to");
			continue;
		}
		x->r->fold_from[x->r->nfold] = dup_or_nomem(x, k);
		x->r->fold_to[x->r->nfold] = dup_or_nomem(x, json_string_value(v));
		x->r->nfold++;
	}
}

struct rules *rules_parse(const char *name, const char *text, size_t len, struct ak_diags *d,
                          ak_err *err)
{
	static const char *const top[] = {"format", "id",    "version",           "title",
	                                  "due_days", "rules", "fold_conformities", NULL};
	struct rules *r = calloc(1, sizeof *r);
	struct ctx x;
	json_t *root = NULL, *arr, *o;
	const char *fmt;
	size_t i;

	*err = AK_OK;
	memset(&x, 0, sizeof x);
	if (!r) {
		*err = AK_ERR_NOMEM;
		return NULL;
	}
	x.r = r;
	r->due[GRADE_MAJOR] = r->due[GRADE_MINOR] = r->due[GRADE_OBSERVATION] = 90;
	r->due[GRADE_OFI] = r->due[GRADE_CONFORMITY] = -1;
	r->path = ak_strdup(name);
	if (!r->path || !ak_sha256_hex(text, len, r->sha256)) {
		*err = AK_ERR_NOMEM;
		goto out;
	}
	root = jck_parse(&x.c, name, text, len, d);
	if (!root) {
		*err = AK_ERR_DATA;
		goto out;
	}
	if (!json_is_object(root)) {
		jck_problem(&x.c, "", false, "a rules file must be a JSON object, not %s",
		            jck_type(root));
		goto out;
	}
	jck_fields(&x.c, "", root, top, "a rules file");
	fmt = jck_str(&x.c, "", root, "format", JCK_REQUIRED);
	if (ak_streq(fmt, "auditkit-rules/1"))
		jck_problem(&x.c, "/format", false,
		            "rules of format auditkit-rules/1 grade scored interviews of format 1; "
		            "this auditkit reads %s (docs/grading-rules.md: start from "
		            "rules/default.json)",
		            RULES_FORMAT);
	else if (fmt && strcmp(fmt, RULES_FORMAT) != 0)
		jck_problem(&x.c, "/format", false,
		            "unsupported format '%s' (this auditkit reads %s)", fmt, RULES_FORMAT);
	r->id = dup_or_nomem(&x, jck_str(&x.c, "", root, "id", JCK_REQUIRED | JCK_NONEMPTY));
	r->version = dup_or_nomem(&x, jck_str(&x.c, "", root, "version", JCK_REQUIRED));
	r->title = dup_or_nomem(&x, jck_str(&x.c, "", root, "title", 0));
	if ((o = jck_object(&x.c, "", root, "due_days", 0)))
		read_due(&x, o);
	if ((o = jck_object(&x.c, "", root, "fold_conformities", 0)))
		read_fold(&x, o);
	arr = jck_array(&x.c, "", root, "rules", JCK_REQUIRED);
	if (arr && json_array_size(arr) == 0)
		jck_problem(&x.c, "/rules", false, "\"rules\" is empty: nothing would be graded");
	if (arr) {
		r->v = calloc(json_array_size(arr) + 1, sizeof *r->v);
		if (!r->v) {
			x.c.nomem = true;
			goto out;
		}
		json_array_foreach(arr, i, o)
		{
			char p[JCK_PATH];
			jck_idx(p, "/rules", i);
			read_rule(&x, p, o, &r->v[r->n]);
			r->n++;
		}
	}
out:
	jck_release(&x.c);
	json_decref(root);
	if (!*err && (x.c.nomem || d->oom))
		*err = AK_ERR_NOMEM;
	else if (!*err && x.c.bad)
		*err = AK_ERR_DATA;
	if (*err) {
		rules_free(r);
		return NULL;
	}
	return r;
}

struct rules *rules_load(const char *path, struct ak_diags *d, ak_err *err)
{
	char *text = NULL;
	size_t len = 0;
	struct rules *r;

	*err = ak_read_text(path, 16u << 20, 0, &text, &len);
	if (*err)
		return NULL;
	r = rules_parse(path, text, len, d, err);
	free(text);
	return r;
}

void rules_free(struct rules *r)
{
	size_t i, j;

	if (!r)
		return;
	for (i = 0; i < r->n; i++) {
		struct rule *ru = &r->v[i];
		free(ru->id);
		free(ru->why);
		for (j = 0; j < ru->nclauses; j++)
			free(ru->clauses[j]);
		free(ru->clauses);
		pcre2_code_free(ru->re);
	}
	free(r->v);
	for (i = 0; i < r->nfold; i++) {
		free(r->fold_from[i]);
		free(r->fold_to[i]);
	}
	free(r->fold_from);
	free(r->fold_to);
	free(r->fold_why);
	free(r->path);
	free(r->id);
	free(r->version);
	free(r->title);
	free(r);
}

char *rules_default_path(void)
{
	return ak_data_file("AUDITKIT_RULES", "rules/default.json");
}

/* ======================================================================
 * Accessors and matching
 * ====================================================================== */

const char *rules_path(const struct rules *r)
{
	return r->path;
}
const char *rules_sha256(const struct rules *r)
{
	return r->sha256;
}
const char *rules_id(const struct rules *r)
{
	return r->id;
}
const char *rules_version(const struct rules *r)
{
	return r->version;
}
const char *rules_title(const struct rules *r)
{
	return r->title;
}
size_t rules_count(const struct rules *r)
{
	return r->n;
}
const struct rule *rules_at(const struct rules *r, size_t i)
{
	return &r->v[i];
}
const char *rule_id(const struct rule *x)
{
	return x->id;
}
enum grade rule_grade(const struct rule *x)
{
	return x->grade;
}
const char *rule_why(const struct rule *x)
{
	return x->why;
}
bool rule_is_requirement(const struct rule *x)
{
	return x->requirement;
}

const char *rules_conformity_fold(const struct rules *r, const char *clause, const char *item)
{
	char key[64];
	size_t i;

	snprintf(key, sizeof key, "%s%s%s", clause ? clause : "", item ? " " : "", item ? item : "");
	for (i = 0; i < r->nfold; i++)
		if (strcmp(r->fold_from[i], key) == 0 || strcmp(r->fold_from[i], clause) == 0)
			return r->fold_to[i];
	return NULL;
}

const char *rules_fold_why(const struct rules *r)
{
	return r->fold_why;
}

int rules_due_days(const struct rules *r, enum grade g)
{
	return (unsigned)g < GRADE_COUNT ? r->due[g] : -1;
}

static bool in_range(const struct range *rg, long v)
{
	return !rg->set || (v >= rg->min && v <= rg->max);
}

static bool flags_match(const struct rule *ru, const struct rules_subject *s)
{
	pcre2_match_data *md;
	size_t i;
	bool hit = false;

	if (!ru->re)
		return true;
	md = pcre2_match_data_create_from_pattern(ru->re, NULL);
	if (!md)
		return false;
	for (i = 0; i < s->nred_flags && !hit; i++)
		hit = pcre2_match(ru->re, (PCRE2_SPTR)s->red_flags[i], PCRE2_ZERO_TERMINATED, 0, 0,
		                  md, NULL) >= 0;
	pcre2_match_data_free(md);
	return hit;
}

static bool rule_matches(const struct rule *ru, const struct rules_subject *s)
{
	long v[RC_COUNT];
	int bv[BC_COUNT];
	size_t i;
	int k;

	if (ru->kinds && (s->kind >= GK_COUNT || !(ru->kinds & (1u << s->kind))))
		return false;
	if (ru->nclauses) {
		for (i = 0; i < ru->nclauses; i++)
			if (ak_streq(ru->clauses[i], s->clause))
				break;
		if (i == ru->nclauses)
			return false;
	}
	bv[BC_COVERAGE] = s->coverage;
	bv[BC_DUTY] = s->duty;
	bv[BC_MOST] = s->most;
	bv[BC_CHIEF] = s->chief;
	bv[BC_CHIEF_SHOWN] = s->chief_shown;
	bv[BC_OWNER] = s->owner;
	for (k = 0; k < BC_COUNT; k++)
		if (ru->b[k] >= 0 && ru->b[k] != bv[k])
			return false;
	/* A best score of -1 (nobody evidenced it) satisfies no range on it. */
	if (ru->r[RC_BEST].set && s->best < 0)
		return false;
	v[RC_BEST] = s->best;
	v[RC_TOP] = s->top;
	v[RC_FAILED] = s->failed;
	v[RC_SHOWN] = s->shown;
	v[RC_DUTIES] = s->duties;
	v[RC_STATEMENTS] = s->statements;
	v[RC_INTERVIEWEES] = s->interviewees;
	v[RC_CONTRADICTIONS] = s->contradictions;
	v[RC_MINORS] = s->minors;
	for (k = 0; k < RC_COUNT; k++)
		if (!in_range(&ru->r[k], v[k]))
			return false;
	return flags_match(ru, s);
}

const struct rule *rules_match(const struct rules *r, const struct rules_subject *s,
                               bool requirement)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->v[i].requirement == requirement && rule_matches(&r->v[i], s))
			return &r->v[i];
	return NULL;
}
