/* bank_check.c: every check a bank file must pass, and the building of its
 * questions. Each problem is reported at the line and column of the value
 * (or, for an unknown field, of its name) in the file that wrote it. */
#include "interview/bank_check.h"

#include "core/text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ======================================================================
 * Generic checks
 *
 * Problems go through the file's jck (see jcheck.h). A bank's own string
 * and integer readers stay here: their messages predate jcheck's ("the bank
 * has no \"id\"", "must be an integer from 1 to 5") and a bank string may
 * hold a NUL.
 * ====================================================================== */

/* A string member: NULL (and a diagnostic when required or mistyped). */
static const char *get_str(struct jck *ck, const char *path, json_t *obj, const char *key,
			   bool required, const char *what)
{
	json_t *v = json_object_get(obj, key);
	char p[JCK_PATH];

	jck_sub(p, path, key);
	if (!v) {
		if (required)
			jck_problem(ck, path, false, "%s has no \"%s\"", what, key);
		return NULL;
	}
	if (!json_is_string(v)) {
		jck_problem(ck, p, false, "\"%s\" must be a string, not %s", key, jck_type(v));
		return NULL;
	}
	if (required && json_string_length(v) == 0) {
		jck_problem(ck, p, false, "\"%s\" is empty", key);
		return NULL;
	}
	return json_string_value(v);
}

/* An integer member in [lo, hi]; def when absent and not required. */
static int get_int(struct jck *ck, const char *path, json_t *obj, const char *key, bool required,
		   int lo, int hi, int def, bool *ok)
{
	json_t *v = json_object_get(obj, key);
	char p[JCK_PATH];
	json_int_t x;

	jck_sub(p, path, key);
	if (!v) {
		if (required) {
			jck_problem(ck, path, false, "question has no \"%s\"", key);
			*ok = false;
		}
		return def;
	}
	if (!json_is_integer(v)) {
		jck_problem(ck, p, false, "\"%s\" must be an integer from %d to %d, not %s", key,
			    lo, hi, jck_type(v));
		*ok = false;
		return def;
	}
	x = json_integer_value(v);
	if (x < lo || x > hi) {
		jck_problem(ck, p, false, "\"%s\" is %lld, out of range %d to %d", key,
			    (long long)x, lo, hi);
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
					  "coverage", "synonyms", "topics", "includes", "questions", NULL};
static const char *const include_fields[] = {"file", "tags", "vars", "clause_map", "exclude", NULL};

static void check_string_array(struct jck *ck, const char *path, json_t *v, const char *name)
{
	size_t i;
	json_t *x;

	if (!json_is_array(v)) {
		jck_problem(ck, path, false, "\"%s\" must be an array of strings", name);
		return;
	}
	json_array_foreach(v, i, x) {
		char p[JCK_PATH];
		jck_idx(p, path, i);
		if (!json_is_string(x))
			jck_problem(ck, p, false, "\"%s\" must hold strings, not %s", name,
				    jck_type(x));
	}
}

static void check_string_object(struct jck *ck, const char *path, json_t *v, const char *name)
{
	const char *k;
	json_t *x;

	if (!json_is_object(v)) {
		jck_problem(ck, path, false, "\"%s\" must be an object of strings", name);
		return;
	}
	json_object_foreach(v, k, x) {
		char p[JCK_PATH];
		jck_sub(p, path, k);
		if (!json_is_string(x))
			jck_problem(ck, p, false, "\"%s\" must map to a string, not %s", k,
				    jck_type(x));
	}
}

void bank_check_header(struct bfile *f, bool is_root)
{
	struct jck *ck = &f->chk;
	json_t *r = f->root, *v;
	const char *fmt, *id, *ver;
	size_t i;

	(void)is_root;
	if (!json_is_object(r)) {
		jck_problem(ck, "", false, "a question bank must be a JSON object, not %s",
			    jck_type(r));
		return;
	}
	jck_fields(ck, "", r, top_fields, "a question bank");
	fmt = get_str(ck, "", r, "format", true, "the bank");
	if (fmt && strcmp(fmt, BANK_FORMAT) != 0)
		jck_problem(ck, "/format", false,
			    "unsupported format '%s' (this auditkit reads %s)", fmt, BANK_FORMAT);
	id = get_str(ck, "", r, "id", true, "the bank");
	if (id && !matches_id(id, false))
		jck_problem(ck, "/id", false,
			    "bank id '%s' must be lower-case letters, digits, '.' and '-'", id);
	get_str(ck, "", r, "standard", true, "the bank");
	ver = get_str(ck, "", r, "version", true, "the bank");
	if (ver) {
		unsigned a, b2, c;
		char tail;
		if (sscanf(ver, "%u.%u.%u%c", &a, &b2, &c, &tail) != 3)
			jck_problem(ck, "/version", false, "version '%s' is not MAJOR.MINOR.PATCH",
				    ver);
	}
	get_str(ck, "", r, "language", true, "the bank");
	get_str(ck, "", r, "title", false, "the bank");
	if ((v = json_object_get(r, "vars")))
		check_string_object(ck, "/vars", v, "vars");
	if (!json_object_get(r, "clauses"))
		jck_problem(ck, "", false, "the bank has no \"clauses\" table");
	v = json_object_get(r, "questions");
	if (!v)
		jck_problem(ck, "", false, "the bank has no \"questions\"");
	else if (!json_is_array(v))
		jck_problem(ck, "/questions", false, "\"questions\" must be an array");
	else {
		json_t *q;
		json_array_foreach(v, i, q) {
			char p[JCK_PATH];
			jck_idx(p, "/questions", i);
			if (!json_is_object(q))
				jck_problem(ck, p, false, "a question must be an object, not %s",
					    jck_type(q));
		}
	}
	v = json_object_get(r, "includes");
	if (v && !json_is_array(v))
		jck_problem(ck, "/includes", false, "\"includes\" must be an array");
	else if (v) {
		json_t *inc;
		json_array_foreach(v, i, inc) {
			char p[JCK_PATH], q[JCK_PATH];
			jck_idx(p, "/includes", i);
			if (!json_is_object(inc)) {
				jck_problem(ck, p, false, "an include must be an object");
				continue;
			}
			jck_fields(ck, p, inc, include_fields, "an include");
			get_str(ck, p, inc, "file", true, "the include");
			if (json_object_get(inc, "tags")) {
				jck_sub(q, p, "tags");
				check_string_array(ck, q, json_object_get(inc, "tags"), "tags");
			}
			if (json_object_get(inc, "exclude")) {
				jck_sub(q, p, "exclude");
				check_string_array(ck, q, json_object_get(inc, "exclude"),
						   "exclude");
			}
			if (json_object_get(inc, "vars")) {
				jck_sub(q, p, "vars");
				check_string_object(ck, q, json_object_get(inc, "vars"), "vars");
			}
			if (json_object_get(inc, "clause_map")) {
				jck_sub(q, p, "clause_map");
				check_string_object(ck, q, json_object_get(inc, "clause_map"),
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
static const char *fill(const struct bank_build_ctx *c, struct jck *ck, const char *path,
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
					int line, col;
					col = jck_string_col(ck, path, (size_t)(p - s), &line);
					ak_diags_add(ck->d, ck->file, line, col,
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

static const char *fill_str(const struct bank_build_ctx *c, struct jck *ck, const char *path,
			    const char *s)
{
	bool changed;
	return s ? fill(c, ck, path, s, false, &changed) : NULL;
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

/* One topic term: words split at spaces, each stemmed. false: out of
 * memory. */
static bool topic_term(struct ak_arena *a, const char *text, struct bank_topic_term *out)
{
	struct bank_topic_word *w;
	const char *p = text;
	size_t n = 0, k;

	out->weight = 2;
	if (*p == '~') {
		out->weight = 1;
		p++;
	}
	w = ak_arena_alloc(a, 8 * sizeof *w);
	if (!w)
		return false;
	memset(w, 0, 8 * sizeof *w);
	while (*p && n < 8) {
		bool caps = true;
		/* split as the notes' words are split: "go-live" is two words */
		while (*p == ' ' || *p == '-' || *p == '/')
			p++;
		k = 0;
		while (p[k] && p[k] != ' ' && p[k] != '-' && p[k] != '/')
			k++;
		if (!k)
			break;
		if (k >= sizeof w[n].w)
			k = sizeof w[n].w - 1;
		memcpy(w[n].w, p, k);
		w[n].w[k] = '\0';
		if (k && w[n].w[k - 1] == '*') {
			w[n].prefix = true;
			w[n].w[--k] = '\0';
		}
		for (size_t i = 0; i < k; i++)
			if (!isupper((unsigned char)w[n].w[i]) && !isdigit((unsigned char)w[n].w[i]))
				caps = false;
		w[n].caps = caps && k >= 2;
		text_lower(w[n].w);
		text_stem(w[n].w, w[n].stem, sizeof w[n].stem);
		n++;
		p += k + (w[n - 1].prefix ? 1 : 0);
	}
	out->w = w;
	out->n = n;
	return true;
}

/* "topics": {"5.1 a": {"kind": "duty", "terms": [...]}, "9.3": {...}} */
static void build_topics(struct ak_arena *a, struct bfile *f, struct bank *b,
			 const struct bank_clause *cls, size_t ncl)
{
	static const char *const fields[] = {"kind", "shares", "requires", "probes", "gaps", "terms", NULL};
	struct jck *ck = &f->chk;
	json_t *t = json_object_get(f->root, "topics"), *v;
	struct bank_topic *out;
	const char *key;
	size_t n = 0;

	if (!t) {
		/* a bank without topics: each clause item (or clause) is one,
		 * spoken to only by the headings that name it */
		size_t k, i, m = 0;
		for (k = 0; k < ncl; k++)
			m += cls[k].nitems ? cls[k].nitems : 1;
		out = ak_arena_alloc(a, (m + 1) * sizeof *out);
		if (!out)
			return;
		for (k = 0; k < ncl; k++) {
			for (i = 0; i < (cls[k].nitems ? cls[k].nitems : 1); i++) {
				struct bank_topic *tp = &out[n++];
				memset(tp, 0, sizeof *tp);
				tp->clause = cls[k].name;
				tp->item = cls[k].nitems ? cls[k].items[i] : NULL;
				if (tp->item) {
					char kbuf[64];
					snprintf(kbuf, sizeof kbuf, "%s %s", tp->clause, tp->item);
					tp->key = ak_arena_strdup(a, kbuf);
				} else {
					tp->key = tp->clause;
				}
				tp->duty = tp->item != NULL;
				tp->probes = true;
				tp->gaps = tp->duty ? 1 : 2;
			}
		}
		bank_set_topics(b, out, n);
		return;
	}
	if (!json_is_object(t)) {
		jck_problem(ck, "/topics", false, "\"topics\" must be an object keyed by clause or clause item");
		return;
	}
	out = ak_arena_alloc(a, (json_object_size(t) + 1) * sizeof *out);
	if (!out)
		return;
	json_object_foreach(t, key, v) {
		char p[JCK_PATH], q[JCK_PATH], clause[32];
		const char *sp = strchr(key, ' '), *kind;
		struct bank_topic *tp = &out[n];
		json_t *terms, *x;
		size_t i, k;
		bool known = false;

		jck_sub(p, "/topics", key);
		memset(tp, 0, sizeof *tp);
		if (strlen(key) >= sizeof clause) {
			jck_problem(ck, p, true, "topic '%s' is not a clause or a clause item", key);
			continue;
		}
		snprintf(clause, sizeof clause, "%.*s", sp ? (int)(sp - key) : (int)strlen(key), key);
		for (k = 0; k < ncl; k++)
			if (strcmp(cls[k].name, clause) == 0) {
				if (!sp)
					known = true;
				for (i = 0; sp && i < cls[k].nitems; i++)
					if (strcmp(cls[k].items[i], sp + 1) == 0)
						known = true;
			}
		if (!known) {
			jck_problem(ck, p, true, "topic '%s' names no clause or clause item of \"clauses\"",
				    key);
			continue;
		}
		if (!json_is_object(v)) {
			jck_problem(ck, p, false, "a topic is an object with \"kind\" and \"terms\"");
			continue;
		}
		jck_fields(ck, p, v, fields, "a topic");
		kind = jck_str(ck, p, v, "kind", JCK_REQUIRED);
		if (kind && strcmp(kind, "duty") != 0 && strcmp(kind, "knowledge") != 0) {
			jck_sub(q, p, "kind");
			jck_problem(ck, q, false, "a topic's kind is \"duty\" or \"knowledge\", not '%s'",
				    kind);
		}
		terms = jck_array(ck, p, v, "terms", JCK_REQUIRED);
		if (!terms)
			continue;
		if (json_array_size(terms) == 0) {
			jck_sub(q, p, "terms");
			jck_problem(ck, q, false, "a topic needs at least one term");
			continue;
		}
		tp->key = ak_arena_strdup(a, key);
		tp->clause = ak_arena_strdup(a, clause);
		tp->item = sp ? ak_arena_strdup(a, sp + 1) : NULL;
		tp->duty = kind && strcmp(kind, "duty") == 0;
		tp->probes = true;
		jck_bool(ck, p, v, "probes", 0, &tp->probes);
		{
			long g = tp->duty ? 1 : 2;
			jck_int(ck, p, v, "gaps", 1, 3, 0, &g);
			tp->gaps = (int)g;
		}
		x = json_object_get(v, "shares");
		if (x && !json_is_array(x)) {
			jck_sub(q, p, "shares");
			jck_problem(ck, q, false, "\"shares\" must be a list of topics");
		} else if (x) {
			const char **sh = ak_arena_alloc(a, (json_array_size(x) + 1) * sizeof *sh);
			json_t *y;
			if (!sh)
				return;
			json_array_foreach(x, i, y) {
				char yp[JCK_PATH];
				jck_sub(q, p, "shares");
				jck_idx(yp, q, i);
				if (!json_is_string(y) || !json_object_get(t, json_string_value(y))) {
					jck_problem(ck, yp, false, "\"shares\" names a topic of \"topics\"");
					continue;
				}
				sh[tp->nshares++] = ak_arena_strdup(a, json_string_value(y));
			}
			tp->shares = sh;
		}
		x = json_object_get(v, "requires");
		if (x && !json_is_array(x)) {
			jck_sub(q, p, "requires");
			jck_problem(ck, q, false, "\"requires\" must be a list of probes (\"a|b\": either)");
		} else if (x) {
			unsigned *rq = ak_arena_alloc(a, (json_array_size(x) + 1) * sizeof *rq);
			json_t *y;
			if (!rq)
				return;
			json_array_foreach(x, i, y) {
				char yp[JCK_PATH], buf[128], *tok, *save;
				unsigned set = 0;
				jck_sub(q, p, "requires");
				jck_idx(yp, q, i);
				if (!json_is_string(y) || json_string_length(y) >= sizeof buf) {
					jck_problem(ck, yp, false, "a required probe is a probe name, or names joined by |");
					continue;
				}
				snprintf(buf, sizeof buf, "%s", json_string_value(y));
				for (tok = buf; tok; tok = save) {
					enum bank_probe_kind pk;
					save = strchr(tok, '|');
					if (save)
						*save++ = '\0';
					if (!bank_probe_parse(tok, &pk))
						jck_problem(ck, yp, false, "unknown probe '%s'", tok);
					else
						set |= 1u << pk;
				}
				if (set)
					rq[tp->nrequires++] = set;
			}
			tp->requires = rq;
		}
		{
			struct bank_topic_term *tt = ak_arena_alloc(a, json_array_size(terms) * sizeof *tt);
			if (!tt)
				return;
			json_array_foreach(terms, i, x) {
				char xp[JCK_PATH];
				jck_sub(q, p, "terms");
				jck_idx(xp, q, i);
				if (!json_is_string(x) || !json_string_length(x) ||
				    json_string_value(x)[strspn(json_string_value(x), "~ *")] == '\0') {
					jck_problem(ck, xp, false, "a term must be a word or a phrase");
					continue;
				}
				if (!topic_term(a, json_string_value(x), &tt[tp->nterms]))
					return;
				tp->nterms++;
			}
			tp->terms = tt;
		}
		n++;
	}
	bank_set_topics(b, out, n);
}

void bank_build_header(struct ak_arena *a, struct bfile *f, struct bank *b)
{
	static const char *const clause_fields[] = {"title", "items", NULL};
	struct bank_build_ctx c = {a, b, json_object_get(f->root, "vars"), NULL, 0, NULL};
	struct jck *ck = &f->chk;
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
		jck_problem(ck, "/clauses", false, "\"clauses\" must be an object keyed by clause");
	if (json_is_object(cl)) {
		cls = ak_arena_alloc(a, (json_object_size(cl) + 1) * sizeof *cls);
		if (!cls)
			return;
		json_object_foreach(cl, key, v) {
			char p[JCK_PATH], q[JCK_PATH];
			struct bank_clause *k = &cls[ncl];
			const char *ikey;
			jck_sub(p, "/clauses", key);
			if (!clause_name_ok(key)) {
				jck_problem(ck, p, true,
					    "clause '%s' is not a clause number like 5.1", key);
				continue;
			}
			if (!json_is_object(v)) {
				jck_problem(ck, p, false,
					    "clause '%s' must be an object with a title", key);
				continue;
			}
			jck_fields(ck, p, v, clause_fields, "a clause");
			k->name = ak_arena_strdup(a, key);
			jck_sub(q, p, "title");
			k->title = fill_str(&c, ck, q,
					    get_str(ck, p, v, "title", true, "the clause"));
			x = json_object_get(v, "items");
			if (x && !json_is_object(x)) {
				jck_sub(q, p, "items");
				jck_problem(ck, q, false,
					    "\"items\" must map letters to paraphrases");
			} else if (x) {
				json_t *t;
				size_t n = json_object_size(x);
				k->items = ak_arena_alloc(a, (n + 1) * sizeof *k->items);
				k->texts = ak_arena_alloc(a, (n + 1) * sizeof *k->texts);
				if (!k->items || !k->texts)
					return;
				json_object_foreach(x, ikey, t) {
					char ip[JCK_PATH];
					jck_sub(q, p, "items");
					jck_sub(ip, q, ikey);
					if (strlen(ikey) != 1 || !islower((unsigned char)ikey[0])) {
						jck_problem(ck, ip, true,
							"item '%s' of clause %s must be one lower-case letter",
							ikey, key);
						continue;
					}
					if (!json_is_string(t)) {
						jck_problem(ck, ip, false,
							    "item %s %s must be a string", key,
							    ikey);
						continue;
					}
					k->items[k->nitems] = ak_arena_strdup(a, ikey);
					k->texts[k->nitems++] =
						fill_str(&c, ck, ip, json_string_value(t));
				}
			}
			ncl++;
		}
	}
	v = json_object_get(r, "coverage");
	if (v) {
		check_string_array(ck, "/coverage", v, "coverage");
		cov = ak_arena_alloc(a, (json_array_size(v) + 1) * sizeof *cov);
		if (!cov)
			return;
		json_array_foreach(v, i, x) {
			char p[JCK_PATH];
			size_t k;
			if (!json_is_string(x))
				continue;
			jck_idx(p, "/coverage", i);
			for (k = 0; k < ncl; k++)
				if (strcmp(cls[k].name, json_string_value(x)) == 0)
					break;
			if (k == ncl)
				jck_problem(ck, p, false,
					"coverage names clause '%s', which is not in \"clauses\"",
					json_string_value(x));
			else if (cls[k].nitems == 0)
				jck_problem(ck, p, false,
					    "coverage clause '%s' has no items to cover",
					    json_string_value(x));
			else
				cov[ncov++] = cls[k].name;
		}
	}
	v = json_object_get(r, "synonyms");
	if (v && !json_is_array(v))
		jck_problem(ck, "/synonyms", false,
			    "\"synonyms\" must be an array of arrays of words");
	else if (v) {
		syn = ak_arena_alloc(a, (json_array_size(v) + 1) * sizeof *syn);
		if (!syn)
			return;
		json_array_foreach(v, i, x) {
			char p[JCK_PATH];
			const char **w;
			size_t j;
			json_t *y;
			jck_idx(p, "/synonyms", i);
			if (!json_is_array(x) || json_array_size(x) < 2) {
				jck_problem(ck, p, false,
					    "a synonym set must be an array of two or more words");
				continue;
			}
			w = ak_arena_alloc(a, json_array_size(x) * sizeof *w);
			if (!w)
				return;
			syn[nsyn].v = w;
			syn[nsyn].n = 0;
			json_array_foreach(x, j, y) {
				char yp[JCK_PATH];
				jck_idx(yp, p, j);
				if (!json_is_string(y) || json_string_length(y) == 0)
					jck_problem(ck, yp, false,
						    "a synonym must be a non-empty string");
				else
					w[syn[nsyn].n++] =
						fill_str(&c, ck, yp, json_string_value(y));
			}
			nsyn++;
		}
	}
	bank_set_tables(b, cls, ncl, cov, ncov, syn, nsyn);
	build_topics(a, f, b, cls, ncl);
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
static bool build_strings(const struct bank_build_ctx *c, struct jck *ck, const char *qp,
			  json_t *q, const char *key, size_t min, struct bank_strings *out)
{
	json_t *v = json_object_get(q, key), *x;
	char p[JCK_PATH];
	const char **arr;
	size_t i, n = 0;
	bool ok = true;

	out->v = NULL;
	out->n = 0;
	jck_sub(p, qp, key);
	if (!v) {
		if (min) {
			jck_problem(ck, qp, false, "question has no \"%s\"", key);
			return false;
		}
		return true;
	}
	if (!json_is_array(v)) {
		jck_problem(ck, p, false, "\"%s\" must be an array of strings", key);
		return false;
	}
	if (json_array_size(v) < min) {
		jck_problem(ck, p, false, "\"%s\" needs at least %zu entr%s", key, min,
			min == 1 ? "y" : "ies");
		ok = false;
	}
	arr = ak_arena_alloc(c->arena, (json_array_size(v) + 1) * sizeof *arr);
	if (!arr)
		return false;
	json_array_foreach(v, i, x) {
		char xp[JCK_PATH];
		const char *s;
		jck_idx(xp, p, i);
		if (!json_is_string(x) || json_string_length(x) == 0) {
			jck_problem(ck, xp, false, "entries of \"%s\" must be non-empty strings",
				    key);
			ok = false;
			continue;
		}
		s = fill_str(c, ck, xp, json_string_value(x));
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
static bool build_set(const struct bank_build_ctx *c, struct jck *ck, const char *qp,
		      json_t *q, const char *key, bool (*parse)(const char *, int *), unsigned all,
		      const char *allowed, unsigned *out)
{
	json_t *v = json_object_get(q, key), *x;
	char p[JCK_PATH];
	size_t i;
	bool ok = true;

	*out = 0;
	jck_sub(p, qp, key);
	if (!v) {
		jck_problem(ck, qp, false, "question has no \"%s\" (%s)", key, allowed);
		return false;
	}
	if (!json_is_array(v) || json_array_size(v) == 0) {
		jck_problem(ck, p, false, "\"%s\" must be a non-empty array: %s", key, allowed);
		return false;
	}
	json_array_foreach(v, i, x) {
		char xp[JCK_PATH];
		int bit;
		jck_idx(xp, p, i);
		if (json_is_string(x) && strcmp(json_string_value(x), "all") == 0) {
			*out |= all;
			continue;
		}
		if (!json_is_string(x) || !parse(json_string_value(x), &bit)) {
			jck_problem(ck, xp, false, "unknown %s '%s' (one of: %s)",
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
static bool compile_rule(const struct bank_build_ctx *c, struct jck *ck, const char *rp,
			 json_t *rule, struct bank_rule *out)
{
	char pp[JCK_PATH];
	const char *raw;
	bool changed, ok = true;
	int errcode;
	PCRE2_SIZE erroff;
	pcre2_match_data *md;

	if (!json_is_object(rule)) {
		jck_problem(ck, rp, false,
			    "a rule must be an object with pattern, weight and label");
		return false;
	}
	jck_fields(ck, rp, rule, rule_fields, "a rule");
	jck_sub(pp, rp, "pattern");
	raw = get_str(ck, rp, rule, "pattern", true, "the rule");
	out->weight = get_int(ck, rp, rule, "weight", true, 1, 5, 1, &ok);
	out->label = fill_str(c, ck, rp, get_str(ck, rp, rule, "label", true, "the rule"));
	if (!out->label)
		ok = false;
	if (!raw)
		return false;
	out->pattern = fill(c, ck, pp, raw, true, &changed);
	if (!out->pattern)
		return false;
	if ((out->re = bank_shared_code(c->b, out->pattern)))
		return ok; /* checked when first compiled */
	out->re = pcre2_compile((PCRE2_SPTR)out->pattern, PCRE2_ZERO_TERMINATED,
				PCRE2_UTF | PCRE2_CASELESS | PCRE2_UCP, &errcode, &erroff, NULL);
	if (!out->re) {
		PCRE2_UCHAR msg[256];
		int line, col;
		pcre2_get_error_message(errcode, msg, sizeof msg);
		if (changed) /* the offset is into the filled pattern, not the text */
			jck_loc(ck, pp, &line, &col);
		else
			col = jck_string_col(ck, pp, erroff, &line);
		ak_diags_add(ck->d, ck->file, line, col,
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
		jck_problem(ck, pp, false,
			    "pattern matches the empty string, so it would match every answer");
		ok = false;
	}
	pcre2_match_data_free(md);
	return ok;
}

static bool build_rules(const struct bank_build_ctx *c, struct jck *ck, const char *rbp,
			json_t *rubric, const char *key, struct bank_rules *out)
{
	json_t *v = json_object_get(rubric, key), *x;
	char p[JCK_PATH];
	struct bank_rule *arr;
	size_t i;
	bool ok = true;

	out->v = NULL;
	out->n = 0;
	if (!v)
		return true;
	jck_sub(p, rbp, key);
	if (!json_is_array(v)) {
		jck_problem(ck, p, false, "\"%s\" must be an array of rules", key);
		return false;
	}
	arr = ak_arena_alloc(c->arena, (json_array_size(v) + 1) * sizeof *arr);
	if (!arr)
		return false;
	json_array_foreach(v, i, x) {
		char xp[JCK_PATH];
		jck_idx(xp, p, i);
		if (compile_rule(c, ck, xp, x, &arr[out->n]))
			out->n++;
		else
			ok = false;
	}
	out->v = arr;
	return ok;
}


/* An included question's id follows its clause map, so that the heading
 * the auditor types notes under and the clause agree: "5.1c-tell" on 5.1 c
 * mapped to 5.1.1 e becomes "5.1.1e-tell". An id that does not open with
 * its clause and item is kept. */
static const char *mapped_id(struct ak_arena *a, const char *id, json_t *qj, const char *clause,
			     const char *item)
{
	const char *oc = json_string_value(json_object_get(qj, "clause"));
	const char *oi = json_string_value(json_object_get(qj, "item"));
	char from[64], to[64], out[256];
	size_t n;

	if (!oc)
		return id;
	snprintf(from, sizeof from, "%s%s", oc, oi ? oi : "");
	snprintf(to, sizeof to, "%s%s", clause, item ? item : "");
	n = strlen(from);
	if (strcmp(from, to) == 0 || strncmp(id, from, n) != 0 || id[n] != '-')
		return id;
	snprintf(out, sizeof out, "%s%s", to, id + n);
	return ak_arena_strdup(a, out);
}

static bool build_probes(const struct bank_build_ctx *c, struct jck *ck, const char *rbp,
			 json_t *rubric, struct bank_question *q)
{
	json_t *v = json_object_get(rubric, "probes"), *x;
	char p[JCK_PATH];
	struct bank_probe *arr;
	size_t i;
	bool ok = true;

	if (!v)
		return true;
	jck_sub(p, rbp, "probes");
	if (!json_is_array(v)) {
		jck_problem(ck, p, false, "\"probes\" must be an array");
		return false;
	}
	arr = ak_arena_alloc(c->arena, (json_array_size(v) + 1) * sizeof *arr);
	if (!arr)
		return false;
	json_array_foreach(v, i, x) {
		char xp[JCK_PATH], kp[JCK_PATH];
		const char *kind;
		int k;
		jck_idx(xp, p, i);
		if (!json_is_object(x)) {
			jck_problem(ck, xp, false, "a probe must be an object");
			ok = false;
			continue;
		}
		jck_fields(ck, xp, x, probe_fields, "a probe");
		kind = get_str(ck, xp, x, "probe", true, "the probe");
		if (!kind) {
			ok = false;
			continue;
		}
		for (k = 0; k < PROBE_NKINDS; k++)
			if (strcmp(kind, bank_probe_name((enum bank_probe_kind)k)) == 0)
				break;
		if (k == PROBE_NKINDS) {
			jck_sub(kp, xp, "probe");
			jck_problem(ck, kp, false,
				"unknown probe '%s' (see docs/question-bank-format.md for the kinds)",
				kind);
			ok = false;
			continue;
		}
		arr[q->n_probes].kind = (enum bank_probe_kind)k;
		arr[q->n_probes].min = get_int(ck, xp, x, "min", false, 1, 20, 1, &ok);
		arr[q->n_probes].of = get_int(ck, xp, x, "of", false, 1, 50, 5, &ok);
		if (k != PROBE_TOP_RISKS && json_object_get(x, "of")) {
			jck_sub(kp, xp, "of");
			jck_problem(ck, kp, false, "\"of\" applies only to the top_risks probe");
			ok = false;
		}
		arr[q->n_probes].label =
			fill_str(c, ck, xp, json_string_value(json_object_get(x, "label")));
		q->n_probes++;
	}
	q->probes = arr;
	return ok;
}

bool bank_build_question(const struct bank_build_ctx *c, struct bfile *f, size_t index, json_t *qj,
			 const char *clause, const char *item, struct bank_question *q)
{
	static const char *const angles[] = {"tell", "show", "example", NULL};
	char qp[JCK_PATH], p[JCK_PATH];
	struct jck *ck;
	const struct bank_clause *cl = NULL;
	const char *s, *via = c->mapped_by;
	char mapped[300] = "";
	json_t *rubric;
	bool ok = true;
	size_t i;

	memset(q, 0, sizeof *q);
	ck = &f->chk;
	jck_idx(qp, "/questions", index);
	q->file = ak_arena_strdup(c->arena, f->path);
	if (via)
		snprintf(mapped, sizeof mapped, " (as included by %s)", via);
	jck_fields(ck, qp, qj, question_fields, "a question");

	s = get_str(ck, qp, qj, "id", true, "question");
	if (s && !matches_id(s, true)) {
		jck_sub(p, qp, "id");
		jck_problem(ck, p, false,
			    "question id '%s' may hold only letters, digits, '.', '_' and '-'", s);
		ok = false;
	}
	q->id = ak_arena_strdup(c->arena, s);
	if (via && s && clause)
		q->id = mapped_id(c->arena, q->id, qj, clause, item);
	if (!q->id)
		ok = false;

	if (!get_str(ck, qp, qj, "clause", true, "question"))
		ok = false;
	else if (!(cl = bank_clause_def(c->b, clause))) {
		jck_sub(p, qp, "clause");
		jck_problem(ck, p, false, "unknown clause '%s'%s: not in the bank's \"clauses\"",
			    clause, mapped);
		ok = false;
	}
	s = get_str(ck, qp, qj, "item", false, "question");
	if (cl && cl->nitems && !item) {
		jck_problem(ck, qp, false, "clause %s lists items: the question needs an \"item\"",
			cl->name);
		ok = false;
	} else if (cl && item) {
		for (i = 0; i < cl->nitems; i++)
			if (strcmp(cl->items[i], item) == 0)
				break;
		jck_sub(p, qp, "item");
		if (cl->nitems == 0) {
			jck_problem(ck, p, false,
				    "clause %s has no items, but the question names item '%s'%s",
				    cl->name, item, mapped);
			ok = false;
		} else if (i == cl->nitems) {
			jck_problem(ck, p, false,
				    "unknown clause item '%s %s'%s (clause %s has items %s to %s)",
				    cl->name, item, mapped, cl->name, cl->items[0],
				    cl->items[cl->nitems - 1]);
			ok = false;
		}
	}
	(void)s;
	q->clause = ak_arena_strdup(c->arena, clause);
	q->item = ak_arena_strdup(c->arena, item);
	s = get_str(ck, qp, qj, "group", false, "question");
	q->group = s ? ak_arena_strdup(c->arena, s) : q->id;
	if (s && via && clause && q->group)
		q->group = mapped_id(c->arena, q->group, qj, clause, item);

	s = get_str(ck, qp, qj, "angle", true, "question");
	if (s) {
		for (i = 0; angles[i]; i++)
			if (strcmp(s, angles[i]) == 0)
				break;
		if (!angles[i]) {
			jck_sub(p, qp, "angle");
			jck_problem(ck, p, false,
				    "unknown angle '%s' (one of: tell, show, example)", s);
			ok = false;
		}
		q->angle = (enum bank_angle)(angles[i] ? i : 0);
	} else {
		ok = false;
	}
	if (!build_set(c, ck, qp, qj, "roles", parse_role, BANK_ROLES_ALL,
		       "ceo, board, cfo, coo, ciso, cio, dept-head, isms-manager, all", &q->roles))
		ok = false;
	if (json_object_get(qj, "audits")) {
		if (!build_set(c, ck, qp, qj, "audits", parse_audit, BANK_AUDITS_ALL,
			       "stage1, stage2, surveillance, recertification, internal", &q->audits))
			ok = false;
	} else {
		q->audits = BANK_AUDITS_ALL;
	}
	q->priority = get_int(ck, qp, qj, "priority", true, 1, 5, 5, &ok);
	q->minutes = get_int(ck, qp, qj, "minutes", true, 1, 30, 1, &ok);
	jck_sub(p, qp, "question");
	s = get_str(ck, qp, qj, "question", true, "question");
	q->question = fill_str(c, ck, p, s);
	if (!q->question)
		ok = false;
	ok &= build_strings(c, ck, qp, qj, "follow_ups", 1, &q->follow_ups);
	ok &= build_strings(c, ck, qp, qj, "good", 1, &q->good);
	ok &= build_strings(c, ck, qp, qj, "tags", 0, &q->tags);

	rubric = json_object_get(qj, "rubric");
	jck_sub(p, qp, "rubric");
	if (!json_is_object(rubric)) {
		if (rubric)
			jck_problem(ck, p, false, "\"rubric\" must be an object");
		else
			jck_problem(ck, qp, false, "question has no \"rubric\"");
		return false;
	}
	jck_fields(ck, p, rubric, rubric_fields, "a rubric");
	ok &= build_rules(c, ck, p, rubric, "positive", &q->positive);
	ok &= build_rules(c, ck, p, rubric, "negative", &q->negative);
	ok &= build_rules(c, ck, p, rubric, "red_flags", &q->red_flags);
	ok &= build_probes(c, ck, p, rubric, q);
	if (ok && q->positive.n == 0) {
		jck_problem(ck, p, false, "the rubric needs at least one positive pattern");
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

static void id_loc(const struct qref *r, int *line, int *col)
{
	char qp[JCK_PATH], p[JCK_PATH];

	jck_idx(qp, "/questions", r->index);
	jck_sub(p, qp, "id");
	jck_loc(&r->file->chk, p, line, col);
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
		int line, col, first_line, first_col;
		if (strcmp(s[i].q->id, s[i - 1].q->id) != 0)
			continue;
		id_loc(&s[i], &line, &col);
		id_loc(&s[i - 1], &first_line, &first_col);
		ak_diags_add(d, s[i].file->path, line, col,
			     "duplicate question id '%s' (also at %s:%d)", s[i].q->id,
			     s[i - 1].file->path, first_line);
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
