/* bank_check.c: every check a bank file must pass, and the building of its
 * questions. Each problem is reported at the line and column of the value
 * (or, for an unknown field, of its name) in the file that wrote it. */
#include "bank_check.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ======================================================================
 * Locations and generic checks
 * ====================================================================== */

#define PATH_MAX_LEN 256

static void diag_at(struct ak_diags *d, const struct bfile *f, const char *path, bool key,
		    const char *fmt, ...) AK_PRINTF(5, 6);

static void diag_at(struct ak_diags *d, const struct bfile *f, const char *path, bool key,
		    const char *fmt, ...)
{
	struct jpos_loc loc;
	char msg[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	jpos_find(bfile_pos(f), path, &loc);
	if (key && loc.key_line)
		ak_diags_add(d, f->path, loc.key_line, loc.key_col, "%s", msg);
	else
		ak_diags_add(d, f->path, loc.line, loc.col, "%s", msg);
}

static void sub(char *out, const char *base, const char *key)
{
	jpos_path_key(out, PATH_MAX_LEN, base, key);
}


/* Report members of obj (at path) whose names are not in allowed. */
static void check_fields(struct ak_diags *d, const struct bfile *f, const char *path, json_t *obj,
			 const char *const *allowed, const char *what)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		const char *best = NULL;
		size_t i, bd = 3;
		char p[PATH_MAX_LEN];
		for (i = 0; allowed[i]; i++)
			if (strcmp(key, allowed[i]) == 0)
				break;
		if (allowed[i] || key[0] == '$') /* "$comment" and the like are for people */
			continue;
		for (i = 0; allowed[i]; i++) {
			size_t dd = ak_edit_distance(key, allowed[i]);
			if (dd < bd) {
				bd = dd;
				best = allowed[i];
			}
		}
		sub(p, path, key);
		if (best)
			diag_at(d, f, p, true, "unknown field '%s' in %s (did you mean '%s'?)", key, what,
				best);
		else
			diag_at(d, f, p, true, "unknown field '%s' in %s", key, what);
	}
}

static const char *type_name(json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

/* A string member: NULL (and a diagnostic when required or mistyped). */
static const char *get_str(struct ak_diags *d, const struct bfile *f, const char *path, json_t *obj,
			   const char *key, bool required, const char *what)
{
	json_t *v = json_object_get(obj, key);
	char p[PATH_MAX_LEN];

	sub(p, path, key);
	if (!v) {
		if (required)
			diag_at(d, f, path, false, "%s has no \"%s\"", what, key);
		return NULL;
	}
	if (!json_is_string(v)) {
		diag_at(d, f, p, false, "\"%s\" must be a string, not %s", key, type_name(v));
		return NULL;
	}
	if (required && json_string_length(v) == 0) {
		diag_at(d, f, p, false, "\"%s\" is empty", key);
		return NULL;
	}
	return json_string_value(v);
}

/* An integer member in [lo, hi]; def when absent and not required. */
static int get_int(struct ak_diags *d, const struct bfile *f, const char *path, json_t *obj,
		   const char *key, bool required, int lo, int hi, int def, bool *ok)
{
	json_t *v = json_object_get(obj, key);
	char p[PATH_MAX_LEN];
	json_int_t x;

	sub(p, path, key);
	if (!v) {
		if (required) {
			diag_at(d, f, path, false, "question has no \"%s\"", key);
			*ok = false;
		}
		return def;
	}
	if (!json_is_integer(v)) {
		diag_at(d, f, p, false, "\"%s\" must be an integer from %d to %d, not %s", key, lo, hi,
			type_name(v));
		*ok = false;
		return def;
	}
	x = json_integer_value(v);
	if (x < lo || x > hi) {
		diag_at(d, f, p, false, "\"%s\" is %lld, out of range %d to %d", key, (long long)x, lo,
			hi);
		*ok = false;
		return def;
	}
	return (int)x;
}

static bool matches_id(const char *s, bool allow_upper)
{
	const char *c;

	if (!isalnum((unsigned char)s[0]))
		return false;
	if (!allow_upper && isupper((unsigned char)s[0]))
		return false;
	for (c = s; *c; c++) {
		bool good = isdigit((unsigned char)*c) || islower((unsigned char)*c) || *c == '.' ||
			    *c == '-' || (allow_upper && (isupper((unsigned char)*c) || *c == '_'));
		if (!good)
			return false;
	}
	return true;
}

/* ======================================================================
 * Top level
 * ====================================================================== */

static const char *const top_fields[] = {"format",   "id",      "standard", "version",
					  "language", "title",   "vars",     "clauses",
					  "coverage", "synonyms", "includes", "questions", NULL};
static const char *const include_fields[] = {"file", "tags", "vars", "clause_map", "exclude", NULL};

static void check_string_array(struct ak_diags *d, const struct bfile *f, const char *path,
			       json_t *v, const char *name)
{
	size_t i;
	json_t *x;

	if (!json_is_array(v)) {
		diag_at(d, f, path, false, "\"%s\" must be an array of strings", name);
		return;
	}
	json_array_foreach(v, i, x) {
		char p[PATH_MAX_LEN];
		jpos_path_index(p, sizeof p, path, i);
		if (!json_is_string(x))
			diag_at(d, f, p, false, "\"%s\" must hold strings, not %s", name, type_name(x));
	}
}

static void check_string_object(struct ak_diags *d, const struct bfile *f, const char *path,
				json_t *v, const char *name)
{
	const char *k;
	json_t *x;

	if (!json_is_object(v)) {
		diag_at(d, f, path, false, "\"%s\" must be an object of strings", name);
		return;
	}
	json_object_foreach(v, k, x) {
		char p[PATH_MAX_LEN];
		sub(p, path, k);
		if (!json_is_string(x))
			diag_at(d, f, p, false, "\"%s\" must map to a string, not %s", k, type_name(x));
	}
}

void bank_check_header(struct ak_diags *d, struct bfile *f, bool is_root)
{
	json_t *r = f->root, *v;
	const char *fmt, *id, *ver;
	size_t i;

	(void)is_root;
	if (!json_is_object(r)) {
		diag_at(d, f, "", false, "a question bank must be a JSON object, not %s", type_name(r));
		return;
	}
	check_fields(d, f, "", r, top_fields, "a question bank");
	fmt = get_str(d, f, "", r, "format", true, "the bank");
	if (fmt && strcmp(fmt, BANK_FORMAT) != 0)
		diag_at(d, f, "/format", false, "unsupported format '%s' (this auditkit reads %s)",
			fmt, BANK_FORMAT);
	id = get_str(d, f, "", r, "id", true, "the bank");
	if (id && !matches_id(id, false))
		diag_at(d, f, "/id", false,
			"bank id '%s' must be lower-case letters, digits, '.' and '-'", id);
	get_str(d, f, "", r, "standard", true, "the bank");
	ver = get_str(d, f, "", r, "version", true, "the bank");
	if (ver) {
		unsigned a, b2, c;
		char tail;
		if (sscanf(ver, "%u.%u.%u%c", &a, &b2, &c, &tail) != 3)
			diag_at(d, f, "/version", false, "version '%s' is not MAJOR.MINOR.PATCH", ver);
	}
	get_str(d, f, "", r, "language", true, "the bank");
	get_str(d, f, "", r, "title", false, "the bank");
	if ((v = json_object_get(r, "vars")))
		check_string_object(d, f, "/vars", v, "vars");
	if (!json_object_get(r, "clauses"))
		diag_at(d, f, "", false, "the bank has no \"clauses\" table");
	v = json_object_get(r, "questions");
	if (!v)
		diag_at(d, f, "", false, "the bank has no \"questions\"");
	else if (!json_is_array(v))
		diag_at(d, f, "/questions", false, "\"questions\" must be an array");
	else {
		json_t *q;
		json_array_foreach(v, i, q) {
			char p[PATH_MAX_LEN];
			jpos_path_index(p, sizeof p, "/questions", i);
			if (!json_is_object(q))
				diag_at(d, f, p, false, "a question must be an object, not %s",
					type_name(q));
		}
	}
	v = json_object_get(r, "includes");
	if (v && !json_is_array(v))
		diag_at(d, f, "/includes", false, "\"includes\" must be an array");
	else if (v) {
		json_t *inc;
		json_array_foreach(v, i, inc) {
			char p[PATH_MAX_LEN], q[PATH_MAX_LEN];
			jpos_path_index(p, sizeof p, "/includes", i);
			if (!json_is_object(inc)) {
				diag_at(d, f, p, false, "an include must be an object");
				continue;
			}
			check_fields(d, f, p, inc, include_fields, "an include");
			get_str(d, f, p, inc, "file", true, "the include");
			if (json_object_get(inc, "tags")) {
				sub(q, p, "tags");
				check_string_array(d, f, q, json_object_get(inc, "tags"), "tags");
			}
			if (json_object_get(inc, "exclude")) {
				sub(q, p, "exclude");
				check_string_array(d, f, q, json_object_get(inc, "exclude"), "exclude");
			}
			if (json_object_get(inc, "vars")) {
				sub(q, p, "vars");
				check_string_object(d, f, q, json_object_get(inc, "vars"), "vars");
			}
			if (json_object_get(inc, "clause_map")) {
				sub(q, p, "clause_map");
				check_string_object(d, f, q, json_object_get(inc, "clause_map"),
						    "clause_map");
			}
		}
	}
}

/* ======================================================================
 * Placeholders
 * ====================================================================== */

static const char *lookup_var(const struct bank_build_ctx *c, const char *name, size_t n)
{
	char key[128];
	size_t i;
	json_t *v;

	if (n >= sizeof key)
		return NULL;
	memcpy(key, name, n);
	key[n] = '\0';
	for (i = c->noverlay; i-- > 0;)
		if (json_is_string(v = json_object_get(c->overlay[i], key)))
			return json_string_value(v);
	if (json_is_string(v = json_object_get(c->root_vars, key)))
		return json_string_value(v);
	return NULL;
}

/* Fill {name} placeholders of s; in a pattern the value is escaped. Returns
 * an arena string, or NULL after reporting a placeholder with no value.
 * *changed says whether anything was replaced. */
static const char *fill(const struct bank_build_ctx *c, const struct bfile *f, const char *path,
			const char *s, bool pattern, bool *changed)
{
	struct ak_buf out = AK_BUF_INIT;
	const char *p = s;
	const char *res;
	bool bad = false;

	*changed = false;
	while (*p) {
		if (p[0] == '{' && p[1] == '{') {
			ak_buf_addc(&out, '{');
			p += 2;
			*changed = true;
			continue;
		}
		if (p[0] == '}' && p[1] == '}') {
			ak_buf_addc(&out, '}');
			p += 2;
			*changed = true;
			continue;
		}
		if (p[0] == '{' && (isalpha((unsigned char)p[1]) || p[1] == '_')) {
			const char *e = p + 1, *val;
			while (isalnum((unsigned char)*e) || *e == '_')
				e++;
			if (*e == '}') {
				val = lookup_var(c, p + 1, (size_t)(e - p - 1));
				if (!val) {
					struct jpos_loc loc;
					jpos_find(bfile_pos(f), path, &loc);
					ak_diags_add(c->d, f->path, loc.line,
						     jpos_string_col(bfile_pos(f), &loc, (size_t)(p - s)),
						     "no value for placeholder '%.*s' (add it to \"vars\")",
						     (int)(e - p + 1), p);
					bad = true;
				} else if (pattern) {
					for (; *val; val++) {
						if (strchr("\\^$.|?*+()[]{}", *val))
							ak_buf_addc(&out, '\\');
						ak_buf_addc(&out, *val);
					}
				} else {
					ak_buf_adds(&out, val);
				}
				*changed = true;
				p = e + 1;
				continue;
			}
		}
		ak_buf_addc(&out, *p++);
	}
	if (bad || ak_buf_failed(&out)) {
		ak_buf_release(&out);
		return NULL;
	}
	res = ak_arena_strdup(c->arena, ak_buf_str(&out));
	ak_buf_release(&out);
	return res;
}

static const char *fill_str(const struct bank_build_ctx *c, const struct bfile *f,
			    const char *path, const char *s)
{
	bool changed;
	return s ? fill(c, f, path, s, false, &changed) : NULL;
}

/* ======================================================================
 * Header tables: clauses, coverage, synonyms
 * ====================================================================== */

static bool clause_name_ok(const char *s)
{
	const char *c = s;

	if (!isdigit((unsigned char)*c))
		return false;
	while (*c) {
		while (isdigit((unsigned char)*c))
			c++;
		if (!*c)
			return true;
		if (*c != '.' || !isdigit((unsigned char)c[1]))
			return false;
		c++;
	}
	return true;
}

void bank_build_header(struct ak_arena *a, struct ak_diags *d, struct bfile *f, struct bank *b)
{
	static const char *const clause_fields[] = {"title", "items", NULL};
	struct bank_build_ctx c = {a, d, b, json_object_get(f->root, "vars"), NULL, 0, NULL};
	json_t *r = f->root, *cl = json_object_get(r, "clauses"), *v, *x;
	struct bank_clause *cls = NULL;
	const char **cov = NULL;
	struct bank_strings *syn = NULL;
	size_t ncl = 0, ncov = 0, nsyn = 0, i;
	const char *key;

	if (!json_is_object(r))
		return;
	bank_set_header(b, ak_arena_strdup(a, json_string_value(json_object_get(r, "id"))),
			ak_arena_strdup(a, json_string_value(json_object_get(r, "standard"))),
			ak_arena_strdup(a, json_string_value(json_object_get(r, "version"))),
			ak_arena_strdup(a, json_string_value(json_object_get(r, "language"))),
			ak_arena_strdup(a, json_string_value(json_object_get(r, "title"))));
	if (cl && !json_is_object(cl))
		diag_at(d, f, "/clauses", false, "\"clauses\" must be an object keyed by clause");
	if (json_is_object(cl)) {
		cls = ak_arena_alloc(a, (json_object_size(cl) + 1) * sizeof *cls);
		if (!cls)
			return;
		json_object_foreach(cl, key, v) {
			char p[PATH_MAX_LEN], q[PATH_MAX_LEN];
			struct bank_clause *k = &cls[ncl];
			const char *ikey;
			sub(p, "/clauses", key);
			if (!clause_name_ok(key)) {
				diag_at(d, f, p, true, "clause '%s' is not a clause number like 5.1", key);
				continue;
			}
			if (!json_is_object(v)) {
				diag_at(d, f, p, false, "clause '%s' must be an object with a title", key);
				continue;
			}
			check_fields(d, f, p, v, clause_fields, "a clause");
			k->name = ak_arena_strdup(a, key);
			sub(q, p, "title");
			k->title = fill_str(&c, f, q, get_str(d, f, p, v, "title", true, "the clause"));
			x = json_object_get(v, "items");
			if (x && !json_is_object(x)) {
				sub(q, p, "items");
				diag_at(d, f, q, false, "\"items\" must map letters to paraphrases");
			} else if (x) {
				json_t *t;
				size_t n = json_object_size(x);
				k->items = ak_arena_alloc(a, (n + 1) * sizeof *k->items);
				k->texts = ak_arena_alloc(a, (n + 1) * sizeof *k->texts);
				if (!k->items || !k->texts)
					return;
				json_object_foreach(x, ikey, t) {
					char ip[PATH_MAX_LEN];
					sub(q, p, "items");
					sub(ip, q, ikey);
					if (strlen(ikey) != 1 || !islower((unsigned char)ikey[0])) {
						diag_at(d, f, ip, true,
							"item '%s' of clause %s must be one lower-case letter",
							ikey, key);
						continue;
					}
					if (!json_is_string(t)) {
						diag_at(d, f, ip, false, "item %s %s must be a string", key,
							ikey);
						continue;
					}
					k->items[k->nitems] = ak_arena_strdup(a, ikey);
					k->texts[k->nitems++] = fill_str(&c, f, ip, json_string_value(t));
				}
			}
			ncl++;
		}
	}
	v = json_object_get(r, "coverage");
	if (v) {
		check_string_array(d, f, "/coverage", v, "coverage");
		cov = ak_arena_alloc(a, (json_array_size(v) + 1) * sizeof *cov);
		if (!cov)
			return;
		json_array_foreach(v, i, x) {
			char p[PATH_MAX_LEN];
			size_t k;
			if (!json_is_string(x))
				continue;
			jpos_path_index(p, sizeof p, "/coverage", i);
			for (k = 0; k < ncl; k++)
				if (strcmp(cls[k].name, json_string_value(x)) == 0)
					break;
			if (k == ncl)
				diag_at(d, f, p, false, "coverage names clause '%s', which is not in \"clauses\"",
					json_string_value(x));
			else if (cls[k].nitems == 0)
				diag_at(d, f, p, false, "coverage clause '%s' has no items to cover",
					json_string_value(x));
			else
				cov[ncov++] = cls[k].name;
		}
	}
	v = json_object_get(r, "synonyms");
	if (v && !json_is_array(v))
		diag_at(d, f, "/synonyms", false, "\"synonyms\" must be an array of arrays of words");
	else if (v) {
		syn = ak_arena_alloc(a, (json_array_size(v) + 1) * sizeof *syn);
		if (!syn)
			return;
		json_array_foreach(v, i, x) {
			char p[PATH_MAX_LEN];
			const char **w;
			size_t j;
			json_t *y;
			jpos_path_index(p, sizeof p, "/synonyms", i);
			if (!json_is_array(x) || json_array_size(x) < 2) {
				diag_at(d, f, p, false, "a synonym set must be an array of two or more words");
				continue;
			}
			w = ak_arena_alloc(a, json_array_size(x) * sizeof *w);
			if (!w)
				return;
			syn[nsyn].v = w;
			syn[nsyn].n = 0;
			json_array_foreach(x, j, y) {
				char yp[PATH_MAX_LEN];
				jpos_path_index(yp, sizeof yp, p, j);
				if (!json_is_string(y) || json_string_length(y) == 0)
					diag_at(d, f, yp, false, "a synonym must be a non-empty string");
				else
					w[syn[nsyn].n++] = fill_str(&c, f, yp, json_string_value(y));
			}
			nsyn++;
		}
	}
	bank_set_tables(b, cls, ncl, cov, ncov, syn, nsyn);
}

/* ======================================================================
 * Questions
 * ====================================================================== */

static const char *const question_fields[] = {
	"id",       "clause",   "item",     "group",     "angle", "roles",     "audits", "priority",
	"minutes",  "question", "follow_ups", "good",    "tags",  "rubric",    NULL};
static const char *const rubric_fields[] = {"positive", "negative", "red_flags", "probes", NULL};
static const char *const rule_fields[] = {"pattern", "weight", "label", NULL};
static const char *const probe_fields[] = {"probe", "min", "of", "label", NULL};

/* A list of strings (placeholders filled); min entries required. */
static bool build_strings(const struct bank_build_ctx *c, const struct bfile *f, const char *qp,
			  json_t *q, const char *key, size_t min, struct bank_strings *out)
{
	json_t *v = json_object_get(q, key), *x;
	char p[PATH_MAX_LEN];
	const char **arr;
	size_t i, n = 0;
	bool ok = true;

	out->v = NULL;
	out->n = 0;
	sub(p, qp, key);
	if (!v) {
		if (min) {
			diag_at(c->d, f, qp, false, "question has no \"%s\"", key);
			return false;
		}
		return true;
	}
	if (!json_is_array(v)) {
		diag_at(c->d, f, p, false, "\"%s\" must be an array of strings", key);
		return false;
	}
	if (json_array_size(v) < min) {
		diag_at(c->d, f, p, false, "\"%s\" needs at least %zu entr%s", key, min,
			min == 1 ? "y" : "ies");
		ok = false;
	}
	arr = ak_arena_alloc(c->arena, (json_array_size(v) + 1) * sizeof *arr);
	if (!arr)
		return false;
	json_array_foreach(v, i, x) {
		char xp[PATH_MAX_LEN];
		const char *s;
		jpos_path_index(xp, sizeof xp, p, i);
		if (!json_is_string(x) || json_string_length(x) == 0) {
			diag_at(c->d, f, xp, false, "entries of \"%s\" must be non-empty strings", key);
			ok = false;
			continue;
		}
		s = fill_str(c, f, xp, json_string_value(x));
		if (!s) {
			ok = false;
			continue;
		}
		arr[n++] = s;
	}
	out->v = arr;
	out->n = n;
	return ok;
}

/* Parse a list of names against a table into a bit set. */
static bool build_set(const struct bank_build_ctx *c, const struct bfile *f, const char *qp,
		      json_t *q, const char *key, bool (*parse)(const char *, int *), unsigned all,
		      const char *allowed, unsigned *out)
{
	json_t *v = json_object_get(q, key), *x;
	char p[PATH_MAX_LEN];
	size_t i;
	bool ok = true;

	*out = 0;
	sub(p, qp, key);
	if (!v) {
		diag_at(c->d, f, qp, false, "question has no \"%s\" (%s)", key, allowed);
		return false;
	}
	if (!json_is_array(v) || json_array_size(v) == 0) {
		diag_at(c->d, f, p, false, "\"%s\" must be a non-empty array: %s", key, allowed);
		return false;
	}
	json_array_foreach(v, i, x) {
		char xp[PATH_MAX_LEN];
		int bit;
		jpos_path_index(xp, sizeof xp, p, i);
		if (json_is_string(x) && strcmp(json_string_value(x), "all") == 0) {
			*out |= all;
			continue;
		}
		if (!json_is_string(x) || !parse(json_string_value(x), &bit)) {
			diag_at(c->d, f, xp, false, "unknown %s '%s' (one of: %s)",
				strcmp(key, "roles") == 0 ? "role" : "audit type",
				json_is_string(x) ? json_string_value(x) : "?", allowed);
			ok = false;
			continue;
		}
		*out |= 1u << bit;
	}
	return ok;
}

static bool parse_role(const char *s, int *bit)
{
	enum bank_role r;
	if (!bank_role_parse(s, &r))
		return false;
	*bit = (int)r;
	return true;
}

static bool parse_audit(const char *s, int *bit)
{
	enum bank_audit a;
	if (!bank_audit_parse(s, &a))
		return false;
	*bit = (int)a;
	return true;
}

/* Compile one rule's pattern; report errors at the right column. */
static bool compile_rule(const struct bank_build_ctx *c, const struct bfile *f, const char *rp,
			 json_t *rule, struct bank_rule *out)
{
	char pp[PATH_MAX_LEN];
	const char *raw;
	bool changed, ok = true;
	int errcode;
	PCRE2_SIZE erroff;
	pcre2_match_data *md;
	struct jpos_loc loc;

	if (!json_is_object(rule)) {
		diag_at(c->d, f, rp, false, "a rule must be an object with pattern, weight and label");
		return false;
	}
	check_fields(c->d, f, rp, rule, rule_fields, "a rule");
	sub(pp, rp, "pattern");
	raw = get_str(c->d, f, rp, rule, "pattern", true, "the rule");
	out->weight = get_int(c->d, f, rp, rule, "weight", true, 1, 5, 1, &ok);
	out->label = fill_str(c, f, rp, get_str(c->d, f, rp, rule, "label", true, "the rule"));
	if (!out->label)
		ok = false;
	if (!raw)
		return false;
	out->pattern = fill(c, f, pp, raw, true, &changed);
	if (!out->pattern)
		return false;
	if ((out->re = bank_shared_code(c->b, out->pattern)))
		return ok; /* checked when first compiled */
	out->re = pcre2_compile((PCRE2_SPTR)out->pattern, PCRE2_ZERO_TERMINATED,
				PCRE2_UTF | PCRE2_CASELESS | PCRE2_UCP, &errcode, &erroff, NULL);
	if (!out->re) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(errcode, msg, sizeof msg);
		jpos_find(bfile_pos(f), pp, &loc);
		ak_diags_add(c->d, f->path, loc.line,
			     changed ? loc.col : jpos_string_col(bfile_pos(f), &loc, erroff),
			     "pattern does not compile: %s at offset %zu", (const char *)msg,
			     (size_t)erroff);
		return false;
	}
	if (!bank_keep_code(c->b, out->re, out->pattern)) {
		pcre2_code_free(out->re);
		out->re = NULL;
		return false;
	}
	md = pcre2_match_data_create_from_pattern(out->re, NULL);
	if (md && pcre2_match(out->re, (PCRE2_SPTR) "", 0, 0, 0, md, NULL) >= 0) {
		jpos_find(bfile_pos(f), pp, &loc);
		ak_diags_add(c->d, f->path, loc.line, loc.col,
			     "pattern matches the empty string, so it would match every answer");
		ok = false;
	}
	pcre2_match_data_free(md);
	return ok;
}

static bool build_rules(const struct bank_build_ctx *c, const struct bfile *f, const char *rbp,
			json_t *rubric, const char *key, struct bank_rules *out)
{
	json_t *v = json_object_get(rubric, key), *x;
	char p[PATH_MAX_LEN];
	struct bank_rule *arr;
	size_t i;
	bool ok = true;

	out->v = NULL;
	out->n = 0;
	if (!v)
		return true;
	sub(p, rbp, key);
	if (!json_is_array(v)) {
		diag_at(c->d, f, p, false, "\"%s\" must be an array of rules", key);
		return false;
	}
	arr = ak_arena_alloc(c->arena, (json_array_size(v) + 1) * sizeof *arr);
	if (!arr)
		return false;
	json_array_foreach(v, i, x) {
		char xp[PATH_MAX_LEN];
		jpos_path_index(xp, sizeof xp, p, i);
		if (compile_rule(c, f, xp, x, &arr[out->n]))
			out->n++;
		else
			ok = false;
	}
	out->v = arr;
	return ok;
}

static bool build_probes(const struct bank_build_ctx *c, const struct bfile *f, const char *rbp,
			 json_t *rubric, struct bank_question *q)
{
	json_t *v = json_object_get(rubric, "probes"), *x;
	char p[PATH_MAX_LEN];
	struct bank_probe *arr;
	size_t i;
	bool ok = true;

	if (!v)
		return true;
	sub(p, rbp, "probes");
	if (!json_is_array(v)) {
		diag_at(c->d, f, p, false, "\"probes\" must be an array");
		return false;
	}
	arr = ak_arena_alloc(c->arena, (json_array_size(v) + 1) * sizeof *arr);
	if (!arr)
		return false;
	json_array_foreach(v, i, x) {
		char xp[PATH_MAX_LEN], kp[PATH_MAX_LEN];
		const char *kind;
		int k;
		jpos_path_index(xp, sizeof xp, p, i);
		if (!json_is_object(x)) {
			diag_at(c->d, f, xp, false, "a probe must be an object");
			ok = false;
			continue;
		}
		check_fields(c->d, f, xp, x, probe_fields, "a probe");
		kind = get_str(c->d, f, xp, x, "probe", true, "the probe");
		if (!kind) {
			ok = false;
			continue;
		}
		for (k = 0; k < PROBE_NKINDS; k++)
			if (strcmp(kind, bank_probe_name((enum bank_probe_kind)k)) == 0)
				break;
		if (k == PROBE_NKINDS) {
			sub(kp, xp, "probe");
			diag_at(c->d, f, kp, false,
				"unknown probe '%s' (see docs/question-bank-format.md for the kinds)",
				kind);
			ok = false;
			continue;
		}
		arr[q->n_probes].kind = (enum bank_probe_kind)k;
		arr[q->n_probes].min = get_int(c->d, f, xp, x, "min", false, 1, 20, 1, &ok);
		arr[q->n_probes].of = get_int(c->d, f, xp, x, "of", false, 1, 50, 5, &ok);
		if (k != PROBE_TOP_RISKS && json_object_get(x, "of")) {
			sub(kp, xp, "of");
			diag_at(c->d, f, kp, false, "\"of\" applies only to the top_risks probe");
			ok = false;
		}
		arr[q->n_probes].label = fill_str(c, f, xp, json_string_value(json_object_get(x, "label")));
		q->n_probes++;
	}
	q->probes = arr;
	return ok;
}

bool bank_build_question(const struct bank_build_ctx *c, struct bfile *f, size_t index, json_t *qj,
			 const char *clause, const char *item, struct bank_question *q)
{
	static const char *const angles[] = {"tell", "show", "example", NULL};
	char qp[PATH_MAX_LEN], p[PATH_MAX_LEN];
	const struct bank_clause *cl = NULL;
	const char *s, *via = c->mapped_by;
	char mapped[300] = "";
	json_t *rubric;
	bool ok = true;
	size_t i;

	memset(q, 0, sizeof *q);
	jpos_path_index(qp, sizeof qp, "/questions", index);
	q->file = ak_arena_strdup(c->arena, f->path);
	if (via)
		snprintf(mapped, sizeof mapped, " (as included by %s)", via);
	check_fields(c->d, f, qp, qj, question_fields, "a question");

	s = get_str(c->d, f, qp, qj, "id", true, "question");
	if (s && !matches_id(s, true)) {
		sub(p, qp, "id");
		diag_at(c->d, f, p, false, "question id '%s' may hold only letters, digits, '.', '_' and '-'", s);
		ok = false;
	}
	q->id = ak_arena_strdup(c->arena, s);
	if (!q->id)
		ok = false;

	if (!get_str(c->d, f, qp, qj, "clause", true, "question"))
		ok = false;
	else if (!(cl = bank_clause_def(c->b, clause))) {
		sub(p, qp, "clause");
		diag_at(c->d, f, p, false, "unknown clause '%s'%s: not in the bank's \"clauses\"", clause,
			mapped);
		ok = false;
	}
	s = get_str(c->d, f, qp, qj, "item", false, "question");
	if (cl && cl->nitems && !item) {
		diag_at(c->d, f, qp, false, "clause %s lists items: the question needs an \"item\"",
			cl->name);
		ok = false;
	} else if (cl && item) {
		for (i = 0; i < cl->nitems; i++)
			if (strcmp(cl->items[i], item) == 0)
				break;
		sub(p, qp, "item");
		if (cl->nitems == 0) {
			diag_at(c->d, f, p, false, "clause %s has no items, but the question names item '%s'%s",
				cl->name, item, mapped);
			ok = false;
		} else if (i == cl->nitems) {
			diag_at(c->d, f, p, false, "unknown clause item '%s %s'%s (clause %s has items %s to %s)",
				cl->name, item, mapped, cl->name, cl->items[0], cl->items[cl->nitems - 1]);
			ok = false;
		}
	}
	(void)s;
	q->clause = ak_arena_strdup(c->arena, clause);
	q->item = ak_arena_strdup(c->arena, item);
	s = get_str(c->d, f, qp, qj, "group", false, "question");
	q->group = s ? ak_arena_strdup(c->arena, s) : q->id;

	s = get_str(c->d, f, qp, qj, "angle", true, "question");
	if (s) {
		for (i = 0; angles[i]; i++)
			if (strcmp(s, angles[i]) == 0)
				break;
		if (!angles[i]) {
			sub(p, qp, "angle");
			diag_at(c->d, f, p, false, "unknown angle '%s' (one of: tell, show, example)", s);
			ok = false;
		}
		q->angle = (enum bank_angle)(angles[i] ? i : 0);
	} else {
		ok = false;
	}
	if (!build_set(c, f, qp, qj, "roles", parse_role, BANK_ROLES_ALL,
		       "ceo, board, cfo, coo, ciso, cio, dept-head, isms-manager, all", &q->roles))
		ok = false;
	if (json_object_get(qj, "audits")) {
		if (!build_set(c, f, qp, qj, "audits", parse_audit, BANK_AUDITS_ALL,
			       "stage1, stage2, surveillance, recertification, internal", &q->audits))
			ok = false;
	} else {
		q->audits = BANK_AUDITS_ALL;
	}
	q->priority = get_int(c->d, f, qp, qj, "priority", true, 1, 5, 5, &ok);
	q->minutes = get_int(c->d, f, qp, qj, "minutes", true, 1, 30, 1, &ok);
	sub(p, qp, "question");
	s = get_str(c->d, f, qp, qj, "question", true, "question");
	q->question = fill_str(c, f, p, s);
	if (!q->question)
		ok = false;
	ok &= build_strings(c, f, qp, qj, "follow_ups", 1, &q->follow_ups);
	ok &= build_strings(c, f, qp, qj, "good", 1, &q->good);
	ok &= build_strings(c, f, qp, qj, "tags", 0, &q->tags);

	rubric = json_object_get(qj, "rubric");
	sub(p, qp, "rubric");
	if (!json_is_object(rubric)) {
		if (rubric)
			diag_at(c->d, f, p, false, "\"rubric\" must be an object");
		else
			diag_at(c->d, f, qp, false, "question has no \"rubric\"");
		return false;
	}
	check_fields(c->d, f, p, rubric, rubric_fields, "a rubric");
	ok &= build_rules(c, f, p, rubric, "positive", &q->positive);
	ok &= build_rules(c, f, p, rubric, "negative", &q->negative);
	ok &= build_rules(c, f, p, rubric, "red_flags", &q->red_flags);
	ok &= build_probes(c, f, p, rubric, q);
	if (ok && q->positive.n == 0) {
		diag_at(c->d, f, p, false, "the rubric needs at least one positive pattern");
		ok = false;
	}
	return ok && q->id;
}

/* ======================================================================
 * Whole-bank checks
 * ====================================================================== */

struct qref {
	const struct bank_question *q;
	struct bfile *file;
	size_t index;
};

static int cmp_qref(const void *a, const void *b)
{
	const struct qref *x = a, *y = b;
	int c = strcmp(x->q->id, y->q->id);

	if (c)
		return c;
	return x->q < y->q ? -1 : x->q > y->q;
}

static void id_loc(const struct qref *r, struct jpos_loc *loc)
{
	char qp[PATH_MAX_LEN], p[PATH_MAX_LEN];

	jpos_path_index(qp, sizeof qp, "/questions", r->index);
	sub(p, qp, "id");
	jpos_find(bfile_pos(r->file), p, loc);
}

void bank_check_duplicates(struct ak_diags *d, const struct bank_question *q, size_t n,
			   struct bfile *const *qfile, const size_t *qindex)
{
	struct qref *s;
	size_t i;

	if (n < 2)
		return;
	s = malloc(n * sizeof *s);
	if (!s) {
		d->oom = true;
		return;
	}
	for (i = 0; i < n; i++) {
		s[i].q = &q[i];
		s[i].file = qfile[i];
		s[i].index = qindex[i];
	}
	qsort(s, n, sizeof *s, cmp_qref);
	for (i = 1; i < n; i++) {
		struct jpos_loc here, first;
		if (strcmp(s[i].q->id, s[i - 1].q->id) != 0)
			continue;
		id_loc(&s[i], &here);
		id_loc(&s[i - 1], &first);
		ak_diags_add(d, s[i].file->path, here.line, here.col,
			     "duplicate question id '%s' (also at %s:%d)", s[i].q->id,
			     s[i - 1].file->path, first.line);
	}
	free(s);
}

char *bank_json_path(const char *arg)
{
	struct stat st;

	if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode))
		return ak_asprintf("%s/bank.json", arg);
	return ak_strdup(arg);
}
