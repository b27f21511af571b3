/* context.c: triggers, scopes and categories (context.h).
 *
 * Finding triggers: at each place of a statement, the rules that can start
 * there are tried alone, anchored, and the longest match wins (a
 * pseudo-trigger on a tie), as NegEx sorts its triggers longest first; the
 * scan goes on after it. Which rules can start at a place is known from
 * the place's first two bytes: for each pair of bytes met, the rules that
 * could match text starting with them are found once a run, by a partial
 * match of each rule on the two bytes alone (struct ctx_matcher, pair).
 * The rules that start with a placeholder ("{actor} would know") are tried
 * only where the placeholder itself matches. Most places start no rule,
 * and a statement is read once.
 *
 * Scopes: a trigger covers the words after it (forward), before it
 * (backward) or both, up to a terminator, a clause mark, the statement's
 * end or max_scope words, whichever comes first. */
#define _GNU_SOURCE /* strcasestr */
#include "score/context.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "core/hash.h"
#include "core/jcheck.h"
#include "core/text.h"
#include "core/util.h"

#define CTX_FILE_MAX (4u << 20)
#define MATCH_LIMIT 1000000u
#define DEPTH_LIMIT 5000u
#define PAIRS (128u * 128u) /* the pairs of ASCII bytes a place can start with */
#define UNIT_END UINT16_MAX /* ends a pair's list of units */

struct ctx_rules {
	char *path;
	char sha256[AK_SHA256_HEX];
	json_t *root; /* owns every string of the rules */
	struct ctx_rule *v;
	size_t n;
	/* the placeholders some rules start with ({actor}), each compiled
	 * anchored: such a rule is tried only where its placeholder matches */
	pcre2_code **lead;
	bool *lead_behind;  /* per placeholder: it holds a lookbehind that needs text before */
	size_t nlead;
	size_t *group;      /* per rule: its placeholder's index in lead, or SIZE_MAX */
	bool *behind;       /* per rule: the same, for the rule */
	char **self;     /* lower case */
	size_t nself;
	char **negterms;
	size_t nneg;
	pcre2_code *cue[CTX_NCUES];    /* enum ctx_cue */
	pcre2_code *cue_at[CTX_NCUES]; /* the same, anchored (struct ctx_rule, re_at) */
};

static const char *const cue_names[CTX_NCUES] = {"first_person", "third_person", "other_start",
						 "specifics", "auditor_action", "confines", "own_part"};

const pcre2_code *ctx_rules_cue(const struct ctx_rules *r, enum ctx_cue k)
{
	return k < CTX_NCUES ? r->cue[k] : NULL;
}

struct ctx_matcher {
	const struct ctx_rules *r;
	/* per rule, the bytes a match can start with (PCRE2's first-code-unit
	 * bitmap), so that at a place only the rules that can start there are
	 * tried; all ones when PCRE2 does not know */
	uint8_t (*first)[32];
	/* per pair of ASCII bytes (first * 128 + second), the units that can
	 * start with it: 0 while not yet known, else 1 + where its list starts
	 * in units. A unit is a rule not led by a placeholder (its index) or a
	 * placeholder (n + its index in lead), whose rules are tried where it
	 * matches. Each list ends with UNIT_END. */
	uint32_t *pair;
	uint16_t *units;
	size_t nunits, capunits;
	size_t *pick;     /* the rules to try at one place, in their order */
	bool every_place; /* the reference scan, for the tests: every rule at every place */
	pcre2_match_data *md, *md_pair;
	pcre2_match_context *mc;
};

static const char *const cat_names[CTX_NCATS] = {"negated", "hypothetical", "intended", "hedged", "delegation", "limited", "prompted"};

const char *ctx_cat_name(unsigned cat)
{
	size_t k;

	for (k = 0; k < CTX_NCATS; k++)
		if (cat == (1u << k))
			return cat_names[k];
	return "?";
}

size_t ctx_rules_count(const struct ctx_rules *r) { return r->n; }
const struct ctx_rule *ctx_rules_get(const struct ctx_rules *r, size_t i) { return &r->v[i]; }
const char *ctx_rules_path(const struct ctx_rules *r) { return r->path; }
const char *ctx_rules_sha256(const struct ctx_rules *r) { return r->sha256; }

char *ctx_rules_default_path(const char *lang)
{
	char rel[64];

	snprintf(rel, sizeof rel, "rules/assertions-%s.json", lang && *lang ? lang : "en");
	return ak_data_file("AUDITKIT_ASSERTIONS", rel);
}

void ctx_rules_free(struct ctx_rules *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->n; i++)
	{
		pcre2_code_free(r->v[i].re);
		pcre2_code_free(r->v[i].re_at);
	}
	for (i = 0; i < r->nself; i++)
		free(r->self[i]);
	for (i = 0; i < r->nneg; i++)
		free(r->negterms[i]);
	free(r->self);
	free(r->negterms);
	for (i = 0; i < CTX_NCUES; i++) {
		pcre2_code_free(r->cue[i]);
		pcre2_code_free(r->cue_at[i]);
	}
	free(r->v);
	for (i = 0; i < r->nlead; i++)
		pcre2_code_free(r->lead[i]);
	free(r->lead);
	free(r->lead_behind);
	free(r->group);
	free(r->behind);
	json_decref(r->root);
	free(r->path);
	free(r);
}

bool ctx_negative_term(const struct ctx_rules *r, const char *word, size_t len)
{
	size_t i;

	for (i = 0; i < r->nneg; i++)
		if (strlen(r->negterms[i]) == len && strncasecmp(r->negterms[i], word, len) == 0)
			return true;
	return false;
}

/* ======================================================================
 * Loading
 * ====================================================================== */

/* The rule's source as a pattern: a literal escaped and held to whole
 * words, a pattern with its placeholders filled. New string. */
static char *expand(const char *src, bool literal, json_t *ph)
{
	struct ak_buf b = AK_BUF_INIT;
	const char *p;

	if (literal) {
		ak_buf_adds(&b, "\\b");
		for (p = src; *p; p++) {
			if (strchr("\\^$.|?*+()[]{}", *p))
				ak_buf_addc(&b, '\\');
			if (*p == ' ')
				ak_buf_adds(&b, "\\s+");
			else
				ak_buf_addc(&b, *p);
		}
		ak_buf_adds(&b, "\\b");
		return ak_buf_detach(&b);
	}
	for (p = src; *p; p++) {
		if (*p == '{' && isalpha((unsigned char)p[1])) {
			const char *e = strchr(p, '}');
			if (e && (size_t)(e - p) < 64) {
				char name[64];
				json_t *v;
				memcpy(name, p + 1, (size_t)(e - p - 1));
				name[e - p - 1] = '\0';
				v = json_object_get(ph, name);
				if (json_is_string(v)) {
					ak_buf_adds(&b, json_string_value(v));
					p = e;
					continue;
				}
			}
		}
		ak_buf_addc(&b, *p);
	}
	return ak_buf_detach(&b);
}

/* pat compiled, with extra options (PCRE2_ANCHORED for the twin that
 * matches at a place) */
static pcre2_code *compile_with(struct jck *c, const char *path, const char *pat, const char *what,
				uint32_t extra)
{
	int code;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
				       PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_DUPNAMES | extra,
				       &code, &off, NULL);
	if (!re) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(code, msg, sizeof msg);
		jck_problem(c, path, false, "%s does not compile: %s at offset %zu of '%.60s'", what,
			    (const char *)msg, (size_t)off, pat);
		return NULL;
	}
	if (!ak_valgrind())
		(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

static pcre2_code *compile(struct jck *c, const char *path, const char *pat, const char *what)
{
	return compile_with(c, path, pat, what, 0);
}

/* The placeholder a rule's pattern starts with ("{actor} would know"):
 * its name's length, 0 when it starts with none. */
static size_t leading_placeholder(const struct ctx_rule *ru, json_t *ph, char name[64])
{
	const char *p = ru->source, *e;

	if (ru->literal || p[0] != '{' || !isalpha((unsigned char)p[1]) || !(e = strchr(p, '}')) ||
	    (size_t)(e - p) >= 64)
		return 0;
	memcpy(name, p + 1, (size_t)(e - p - 1));
	name[e - p - 1] = '\0';
	return json_is_string(json_object_get(ph, name)) ? (size_t)(e - p - 1) : 0;
}

/* Does a pattern hold a lookbehind? The two-byte test of a place sees no
 * text before it, or only "a", so it cannot tell what a lookbehind of
 * either sign makes of the real text: such a pattern is tried wherever its
 * first byte allows. */
static bool needs_behind(const char *pat)
{
	return strstr(pat, "(?<") != NULL;
}

/* The placeholders the rules start with, each compiled anchored once, and
 * which rules each leads. */
static bool lead_groups(struct jck *c, struct ctx_rules *r, char *const *srcs, json_t *ph)
{
	char (*names)[64] = calloc(r->n + 1, sizeof *names);
	size_t i, k;
	bool ok = true;

	r->lead = calloc(r->n + 1, sizeof *r->lead);
	r->lead_behind = calloc(r->n + 1, sizeof *r->lead_behind);
	r->group = calloc(r->n + 1, sizeof *r->group);
	r->behind = calloc(r->n + 1, sizeof *r->behind);
	if (!names || !r->lead || !r->lead_behind || !r->group || !r->behind) {
		free(names);
		c->nomem = true;
		return false;
	}
	for (i = 0; i < r->n && ok; i++) {
		char name[64];
		r->group[i] = SIZE_MAX;
		r->behind[i] = needs_behind(srcs[i]);
		if (!leading_placeholder(&r->v[i], ph, name))
			continue;
		for (k = 0; k < r->nlead && strcmp(names[k], name) != 0; k++)
			;
		if (k == r->nlead) {
			const char *pat = json_string_value(json_object_get(ph, name));
			r->lead[k] = compile_with(c, "/placeholders", pat, "the placeholder", PCRE2_ANCHORED);
			if (!r->lead[k]) {
				ok = false;
				break;
			}
			r->lead_behind[k] = needs_behind(pat);
			memcpy(names[r->nlead++], name, sizeof name);
		}
		r->group[i] = k;
	}
	free(names);
	return ok;
}

static bool string_list(struct jck *c, json_t *root, const char *key, char ***out, size_t *n)
{
	json_t *a = jck_array(c, "", root, key, 0), *v;
	size_t i;

	*out = NULL;
	*n = 0;
	if (!a)
		return true;
	*out = calloc(json_array_size(a) + 1, sizeof **out);
	if (!*out)
		return false;
	json_array_foreach(a, i, v) {
		char p[JCK_PATH], q[JCK_PATH];
		jck_sub(q, "", key);
		jck_idx(p, q, i);
		if (!json_is_string(v)) {
			jck_problem(c, p, false, "\"%s\" entries must be strings", key);
			continue;
		}
		if (!((*out)[*n] = ak_strdup(json_string_value(v))))
			return false;
		text_lower((*out)[*n]);
		(*n)++;
	}
	return true;
}

struct ctx_rules *ctx_rules_parse(const char *name, const char *text, size_t len,
				  struct ak_diags *d, ak_err *err)
{
	static const char *const top[] = {"format",       "language",     "placeholders", "self",
					  "negative_terms", "first_person", "third_person", "other_start",
					  "specifics",    "auditor_action", "confines",   "own_part", "rules", NULL};
	static const char *const fields[] = {"id",    "literal", "pattern", "category", "direction",
					     "max_scope", "governs", "fires",  "not",      "covers", NULL};
	struct ctx_rules *r = calloc(1, sizeof *r);
	struct jck c;
	json_t *rules, *ph, *v;
	char **srcs = NULL; /* each rule expanded, for its lookbehinds */
	size_t before = d->n, i;

	memset(&c, 0, sizeof c);
	*err = AK_OK;
	if (!r) {
		*err = AK_ERR_NOMEM;
		return NULL;
	}
	r->path = ak_strdup(name);
	ak_sha256_hex(text, len, r->sha256);
	r->root = jck_parse(&c, name, text, len, d);
	if (!r->root)
		goto out;
	c.uncapped = true;
	if (!json_is_object(r->root)) {
		jck_problem(&c, "", false, "an assertion rules file is a JSON object");
		goto out;
	}
	jck_fields(&c, "", r->root, top, "an assertion rules file");
	{
		const char *f = jck_str(&c, "", r->root, "format", JCK_REQUIRED);
		if (f && strcmp(f, CONTEXT_FORMAT) != 0)
			jck_problem(&c, "/format", false, "format is '%s', expected '%s'", f,
				    CONTEXT_FORMAT);
	}
	ph = jck_object(&c, "", r->root, "placeholders", 0);
	if (!string_list(&c, r->root, "self", &r->self, &r->nself) ||
	    !string_list(&c, r->root, "negative_terms", &r->negterms, &r->nneg)) {
		*err = AK_ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < CTX_NCUES; i++) {
		const char *pat = jck_str(&c, "", r->root, cue_names[i], JCK_NONEMPTY);
		char q[JCK_PATH];
		if (!pat)
			continue;
		jck_sub(q, "", cue_names[i]);
		r->cue[i] = compile(&c, q, pat, "the pattern");
		if (r->cue[i])
			r->cue_at[i] = compile_with(&c, q, pat, "the pattern", PCRE2_ANCHORED);
	}
	rules = jck_array(&c, "", r->root, "rules", JCK_REQUIRED);
	if (!rules)
		goto out;
	r->v = calloc(json_array_size(rules) + 1, sizeof *r->v);
	srcs = calloc(json_array_size(rules) + 1, sizeof *srcs);
	if (!r->v || !srcs) {
		*err = AK_ERR_NOMEM;
		goto out;
	}
	json_array_foreach(rules, i, v) {
		char p[JCK_PATH];
		struct ctx_rule *ru = &r->v[r->n];
		const char *cat, *dir, *lit, *pat;
		char *src;
		long ms = 0;
		size_t k;

		jck_idx(p, "/rules", i);
		if (!json_is_object(v)) {
			jck_problem(&c, p, false, "a rule is an object");
			continue;
		}
		jck_fields(&c, p, v, fields, "a rule");
		ru->id = jck_str(&c, p, v, "id", JCK_REQUIRED | JCK_NONEMPTY);
		lit = jck_str(&c, p, v, "literal", JCK_NONEMPTY);
		pat = jck_str(&c, p, v, "pattern", JCK_NONEMPTY);
		cat = jck_str(&c, p, v, "category", JCK_REQUIRED);
		dir = jck_str(&c, p, v, "direction", 0);
		ru->fires = jck_str(&c, p, v, "fires", JCK_REQUIRED | JCK_NONEMPTY);
		ru->not_fires = jck_str(&c, p, v, "not", JCK_REQUIRED | JCK_NONEMPTY);
		ru->covers = jck_str(&c, p, v, "covers", JCK_NONEMPTY);
		if (jck_int(&c, p, v, "max_scope", 1, 200, 0, &ms))
			ru->max_scope = (int)ms;
		jck_bool(&c, p, v, "governs", 0, &ru->governs);
		if (!!lit == !!pat) {
			jck_problem(&c, p, false, "a rule has one of \"literal\" and \"pattern\"");
			continue;
		}
		ru->literal = lit != NULL;
		ru->source = lit ? lit : pat;
		if (!ru->id || !cat)
			continue;
		for (k = 0; k < r->n; k++)
			if (strcmp(r->v[k].id, ru->id) == 0)
				jck_problem(&c, p, false, "rule id '%s' is used twice (also /rules/%zu)",
					    ru->id, k);
		if (strcmp(cat, "pseudo") == 0)
			ru->kind = CK_PSEUDO;
		else if (strcmp(cat, "terminate") == 0)
			ru->kind = CK_TERMINATE;
		else {
			size_t j;
			ru->kind = CK_SCOPE;
			for (j = 0; j < CTX_NCATS; j++)
				if (strcmp(cat, cat_names[j]) == 0)
					ru->cat = 1u << j;
			if (!ru->cat) {
				char q[JCK_PATH];
				jck_sub(q, p, "category");
				jck_problem(&c, q, false,
					    "unknown category '%s' (negated, hypothetical, intended, hedged, "
					    "delegation, limited, prompted, pseudo, terminate)",
					    cat);
				continue;
			}
		}
		ru->dir = ru->cat == CTX_DELEGATION ? CD_BOTH : CD_FORWARD;
		if (dir) {
			char q[JCK_PATH];
			jck_sub(q, p, "direction");
			if (strcmp(dir, "forward") == 0)
				ru->dir = CD_FORWARD;
			else if (strcmp(dir, "backward") == 0)
				ru->dir = CD_BACKWARD;
			else if (strcmp(dir, "bidirectional") == 0)
				ru->dir = CD_BOTH;
			else
				jck_problem(&c, q, false,
					    "unknown direction '%s' (forward, backward, bidirectional)", dir);
			if (ru->kind != CK_SCOPE)
				jck_problem(&c, q, false, "a %s rule has no direction", cat);
		}
		src = expand(ru->source, ru->literal, ph);
		if (!src) {
			*err = AK_ERR_NOMEM;
			goto out;
		}
		{
			char q[JCK_PATH];
			jck_sub(q, p, ru->literal ? "literal" : "pattern");
			ru->re = compile(&c, q, src, ru->literal ? "the literal" : "the pattern");
			if (ru->re && !(ru->re_at = compile_with(&c, q, src, "the pattern", PCRE2_ANCHORED))) {
				pcre2_code_free(ru->re);
				ru->re = NULL;
			}
		}
		if (ru->re)
			srcs[r->n++] = src;
		else
			free(src);
	}
	if (!c.bad && r->n && r->n < UNIT_END / 2)
		(void)lead_groups(&c, r, srcs, ph);
	else if (r->n >= UNIT_END / 2)
		jck_problem(&c, "/rules", false, "%zu rules: at most %u", r->n, UNIT_END / 2 - 1);
out:
	if (srcs)
		for (i = 0; i < r->n; i++)
			free(srcs[i]);
	free(srcs);
	jck_release(&c);
	if (!*err && (c.bad || d->n > before || !r->root))
		*err = c.nomem || d->oom ? AK_ERR_NOMEM : AK_ERR_DATA;
	if (!*err && !r->n) {
		ak_diags_add(d, name, 0, 0, "no rules");
		*err = AK_ERR_DATA;
	}
	if (*err) {
		ctx_rules_free(r);
		return NULL;
	}
	return r;
}

struct ctx_rules *ctx_rules_load(const char *path, struct ak_diags *d, ak_err *err)
{
	char *text = NULL;
	size_t len = 0;
	struct ctx_rules *r;

	*err = ak_read_file(path, CTX_FILE_MAX, &text, &len);
	if (*err) {
		ak_diags_add(d, path, 0, 0, "cannot read the assertion rules: %s", ak_strerror(*err));
		return NULL;
	}
	r = ctx_rules_parse(path, text, len, d, err);
	free(text);
	return r;
}

/* ======================================================================
 * Matching
 * ====================================================================== */

struct ctx_matcher *ctx_matcher_new(const struct ctx_rules *r)
{
	struct ctx_matcher *m = calloc(1, sizeof *m);

	if (!m)
		return NULL;
	m->r = r;
	m->md = pcre2_match_data_create(32, NULL);
	m->md_pair = pcre2_match_data_create(1, NULL);
	m->mc = pcre2_match_context_create(NULL);
	if (!m->md || !m->md_pair || !m->mc) {
		ctx_matcher_free(m);
		return NULL;
	}
	pcre2_set_match_limit(m->mc, MATCH_LIMIT);
	pcre2_set_depth_limit(m->mc, DEPTH_LIMIT);
	m->first = calloc(r->n + 1, sizeof *m->first);
	m->pair = calloc(PAIRS, sizeof *m->pair);
	m->pick = calloc(r->n + 1, sizeof *m->pick);
	if (!m->first || !m->pair || !m->pick) {
		ctx_matcher_free(m);
		return NULL;
	}
	{
		size_t i;
		for (i = 0; i < r->n; i++) {
			const uint8_t *bm = NULL;
			uint32_t unit = 0, kind = 0;
			memset(m->first[i], 0xff, 32);
			if (pcre2_pattern_info(r->v[i].re, PCRE2_INFO_FIRSTCODETYPE, &kind) == 0 && kind == 1 &&
			    pcre2_pattern_info(r->v[i].re, PCRE2_INFO_FIRSTCODEUNIT, &unit) == 0 && unit < 256) {
				/* one first byte (both cases: the patterns are caseless) */
				memset(m->first[i], 0, 32);
				m->first[i][unit >> 3] |= (uint8_t)(1u << (unit & 7));
				if (isalpha((int)unit)) {
					unsigned o = (unsigned)(isupper((int)unit) ? tolower((int)unit) : toupper((int)unit));
					m->first[i][o >> 3] |= (uint8_t)(1u << (o & 7));
				}
			} else if (pcre2_pattern_info(r->v[i].re, PCRE2_INFO_FIRSTBITMAP, &bm) == 0 && bm) {
				memcpy(m->first[i], bm, 32);
			}
		}
	}
	return m;
}

void ctx_matcher_every_place(struct ctx_matcher *m, bool on)
{
	m->every_place = on;
}

void ctx_matcher_free(struct ctx_matcher *m)
{
	if (!m)
		return;
	pcre2_match_data_free(m->md);
	pcre2_match_data_free(m->md_pair);
	pcre2_match_context_free(m->mc);
	free(m->first);
	free(m->pair);
	free(m->units);
	free(m->pick);
	free(m);
}

void ctx_result_release(struct ctx_result *r)
{
	free(r->v);
	memset(r, 0, sizeof *r);
}

static bool is_wordc(unsigned char c) { return isalnum(c) || c >= 0x80 || c == '\''; }

/* Is this actor the interviewee ("I", "we", "my team", the own name)? */
static bool actor_is_self(const struct ctx_rules *R, const char *s, size_t len, const char *const *self,
			  size_t nself)
{
	char a[96];
	size_t k = 0, i;

	while (len && !is_wordc((unsigned char)*s))
		s++, len--;
	while (len && !is_wordc((unsigned char)s[len - 1]))
		len--;
	if (len == 0 || len >= sizeof a)
		return len == 0;
	for (i = 0; i < len; i++)
		a[k++] = (char)tolower((unsigned char)s[i]);
	a[k] = '\0';
	for (i = 0; i < R->nself; i++)
		if (strcmp(a, R->self[i]) == 0)
			return true;
	for (i = 0; i < nself; i++)
		if (self[i] && *self[i] && strcasecmp(a, self[i]) == 0)
			return true;
	return false;
}

/* A clause mark: a scope never crosses one. */
static bool clause_mark(const char *s, size_t len, size_t i, bool backward)
{
	char c = s[i];

	/* "Objectives: dk": a label and what is said of it */
	if (c == ':' && !backward)
		return true;
	if (c == ';' || c == '?' || c == '!' || c == '(' || c == ')' || c == '[' || c == ']')
		return true;
	/* a spaced dash: "dk - said IT" */
	if (c == '-' && i > 0 && i + 1 < len && s[i - 1] == ' ' && s[i + 1] == ' ')
		return true;
	return false;
}

/* Scope of a trigger over s: forward from its end / backward to its
 * start, stopping at marks, terminators, or max words. */
static void scope(const struct ctx_result *res, const struct ctx_rules *R, const char *s, size_t len,
		  struct ctx_trigger *t)
{
	const struct ctx_rule *ru = &R->v[t->rule];
	size_t lo = t->off, hi = t->off + t->len, i, k;
	int words;

	if (ru->kind != CK_SCOPE) {
		t->scope_off = t->scope_end = t->off;
		return;
	}
	/* the nearest terminators on either side */
	size_t term_after = len, term_before = 0;
	for (k = 0; k < res->n; k++) {
		const struct ctx_trigger *o = &res->v[k];
		if (R->v[o->rule].kind != CK_TERMINATE)
			continue;
		if (o->off >= t->off + t->len && o->off < term_after)
			term_after = o->off;
		if (o->off + o->len <= t->off && o->off + o->len > term_before)
			term_before = o->off + o->len;
	}
	if (ru->dir == CD_FORWARD || ru->dir == CD_BOTH) {
		bool in = false;
		words = 0;
		size_t first = t->off + t->len;
		while (first < term_after && s[first] == ' ')
			first++;
		for (i = t->off + t->len; i < term_after; i++) {
			/* "From the card: v3.2", "Not known: the version": a colon
			 * right after the trigger opens what it governs */
			if (clause_mark(s, len, i, false) && !(s[i] == ':' && i == first))
				break;
			if (is_wordc((unsigned char)s[i]) && !in) {
				in = true;
				if (ru->max_scope && ++words > ru->max_scope)
					break;
			} else if (!is_wordc((unsigned char)s[i]))
				in = false;
			hi = i + 1;
		}
	}
	if (ru->dir == CD_BACKWARD || ru->dir == CD_BOTH) {
		bool in = false;
		words = 0;
		for (i = t->off; i > term_before; i--) {
			if (clause_mark(s, len, i - 1, true))
				break;
			if (is_wordc((unsigned char)s[i - 1]) && !in) {
				in = true;
				if (ru->max_scope && ++words > ru->max_scope)
					break;
			} else if (!is_wordc((unsigned char)s[i - 1]))
				in = false;
			lo = i - 1;
		}
	}
	t->scope_off = lo;
	t->scope_end = hi;
}

static bool push(struct ctx_result *r, const struct ctx_trigger *t)
{
	if (!ak_grow(&r->v, &r->cap, r->n + 1, sizeof *r->v))
		return false;
	r->v[r->n++] = *t;
	return true;
}

static bool has_first(const struct ctx_matcher *m, size_t i, unsigned char c)
{
	return (m->first[i][c >> 3] & (1u << (c & 7))) != 0;
}

/* May pattern re (anchored) match text that starts with the bytes b0 b1?
 * Tried on the two bytes alone, after no text and after a letter (what
 * "\b" and a lookbehind that forbids text see), as a partial match:
 * running out of the two bytes on the way is a may. An error (a limit)
 * is a may too: the place is then tried in full. */
static bool may_start(struct ctx_matcher *m, const pcre2_code *re, unsigned char b0, unsigned char b1)
{
	static const char before[] = "a";
	size_t k;

	for (k = 0; k < 2; k++) {
		char subj[3];
		int rc;
		subj[0] = before[0];
		subj[1] = (char)b0;
		subj[2] = (char)b1;
		rc = pcre2_match(re, (PCRE2_SPTR)(subj + 1 - k), 2 + k, k, PCRE2_PARTIAL_SOFT, m->md_pair,
				 m->mc);
		if (rc != PCRE2_ERROR_NOMATCH)
			return true;
	}
	return false;
}

static bool add_unit(struct ctx_matcher *m, uint16_t u)
{
	if (!ak_grow(&m->units, &m->capunits, m->nunits + 1, sizeof *m->units))
		return false;
	m->units[m->nunits++] = u;
	return true;
}

/* The units that may start with b0 b1, found once a run: into *slot. */
static bool pair_units(struct ctx_matcher *m, unsigned char b0, unsigned char b1, uint32_t *slot)
{
	const struct ctx_rules *R = m->r;
	size_t i, g, at = m->nunits;
	bool ok = true;

	for (i = 0; i < R->n && ok; i++)
		if (R->group[i] == SIZE_MAX && has_first(m, i, b0) &&
		    (R->behind[i] || may_start(m, R->v[i].re_at, b0, b1)))
			ok = add_unit(m, (uint16_t)i);
	for (g = 0; g < R->nlead && ok; g++) {
		bool any = false;
		for (i = 0; i < R->n && !any; i++)
			any = R->group[i] == g && has_first(m, i, b0);
		if (any && (R->lead_behind[g] || may_start(m, R->lead[g], b0, b1)))
			ok = add_unit(m, (uint16_t)(R->n + g));
	}
	if (!ok || !add_unit(m, UNIT_END) || at + 1 > UINT32_MAX)
		return false;
	*slot = (uint32_t)(at + 1);
	return true;
}

/* The rules to try at place p, in their order, into m->pick: their number,
 * or -1 on an error. */
static long pick_rules(struct ctx_matcher *m, const char *s, size_t len, size_t p)
{
	const struct ctx_rules *R = m->r;
	unsigned char c0 = (unsigned char)s[p], c1 = p + 1 < len ? (unsigned char)s[p + 1] : 0x80;
	size_t n = 0, i, k;

	if (m->every_place || c0 >= 128 || c1 >= 128) {
		/* a character beyond ASCII, or the statement's last byte: every
		 * rule that can start with the byte */
		for (i = 0; i < R->n; i++)
			if (has_first(m, i, c0))
				m->pick[n++] = i;
		return (long)n;
	}
	{
		uint32_t *slot = &m->pair[c0 * 128u + c1];
		const uint16_t *u;
		if (!*slot && !pair_units(m, c0, c1, slot))
			return -1;
		for (u = m->units + *slot - 1; *u != UNIT_END; u++) {
			size_t g;
			int rc;
			if (*u < R->n) {
				m->pick[n++] = *u;
				continue;
			}
			g = (size_t)*u - R->n;
			rc = pcre2_match(R->lead[g], (PCRE2_SPTR)s, len, p, PCRE2_NO_UTF_CHECK, m->md, m->mc);
			if (rc == PCRE2_ERROR_NOMATCH)
				continue;
			if (rc < 0)
				return -1;
			for (i = 0; i < R->n; i++)
				if (R->group[i] == g && has_first(m, i, c0))
					m->pick[n++] = i;
		}
	}
	/* in the rules' order: on a tie of length, the earlier rule wins */
	for (i = 1; i < n; i++) {
		size_t v = m->pick[i];
		for (k = i; k > 0 && m->pick[k - 1] > v; k--)
			m->pick[k] = m->pick[k - 1];
		m->pick[k] = v;
	}
	return (long)n;
}

bool ctx_apply(struct ctx_matcher *m, const char *s, size_t len, const char *const *self,
	       size_t nself, struct ctx_result *out)
{
	const struct ctx_rules *R = m->r;
	PCRE2_SIZE start = 0;
	size_t k;

	out->n = 0;
	out->cats = 0;
	/* The text is checked as UTF-8 once here, and every match below skips
	 * PCRE2's own check: it reads the whole subject on every call, and a
	 * call per place made a long statement quadratic (a 1 MiB answer took
	 * minutes). Text that is not UTF-8 could not be matched before either. */
	if (ak_utf8_check(s, len) != len)
		return false;
	while (start < len) {
		int rc;
		PCRE2_SIZE at = start, best_len = 0;
		size_t best = SIZE_MAX, i;
		long npick;
		struct ctx_trigger t;
		if (((unsigned char)s[at] & 0xC0) == 0x80) {
			start = at + 1; /* inside a character */
			continue;
		}
		npick = pick_rules(m, s, len, at);
		if (npick < 0)
			return false;
		/* each rule that may start here alone, anchored: the longest
		 * wins, a pseudo on a tie */
		for (k = 0; k < (size_t)npick; k++) {
			PCRE2_SIZE *ov, l;
			i = m->pick[k];
			rc = pcre2_match(R->v[i].re_at, (PCRE2_SPTR)s, len, at, PCRE2_NO_UTF_CHECK, m->md,
				 m->mc);
			if (rc == PCRE2_ERROR_NOMATCH)
				continue;
			if (rc < 0)
				return false;
			ov = pcre2_get_ovector_pointer(m->md);
			l = ov[1] - ov[0];
			if (best == SIZE_MAX || l > best_len ||
			    (l == best_len && R->v[i].kind == CK_PSEUDO && R->v[best].kind != CK_PSEUDO)) {
				best = i;
				best_len = l;
			}
		}
		if (best == SIZE_MAX || best_len == 0) {
			/* an empty match, or one that needs the text before 'at' */
			start = at + 1;
			continue;
		}
		memset(&t, 0, sizeof t);
		t.rule = best;
		t.cat = R->v[best].kind == CK_SCOPE ? R->v[best].cat : 0;
		t.off = at;
		t.len = best_len;
		if (R->v[best].cat == CTX_DELEGATION) {
			/* who it is handed to */
			PCRE2_SIZE *ov;
			int n;
			rc = pcre2_match(R->v[best].re_at, (PCRE2_SPTR)s, len, at, PCRE2_NO_UTF_CHECK,
				 m->md, m->mc);
			ov = pcre2_get_ovector_pointer(m->md);
			{
				/* the set group named "actor" (the placeholder may stand
				 * twice in one rule, so names may repeat) */
				uint32_t count = 0, size = 0;
				PCRE2_SPTR tab = NULL;
				pcre2_pattern_info(R->v[best].re, PCRE2_INFO_NAMECOUNT, &count);
				pcre2_pattern_info(R->v[best].re, PCRE2_INFO_NAMEENTRYSIZE, &size);
				pcre2_pattern_info(R->v[best].re, PCRE2_INFO_NAMETABLE, &tab);
				for (n = 0; rc > 0 && tab && (uint32_t)n < count; n++, tab += size) {
					int g = (tab[0] << 8) | tab[1];
					if (strcmp((const char *)tab + 2, "actor") == 0 && g < rc &&
					    ov[2 * g] != PCRE2_UNSET) {
						t.actor_off = ov[2 * g];
						t.actor_len = ov[2 * g + 1] - ov[2 * g];
						break;
					}
				}
			}
			if (t.actor_len &&
			    actor_is_self(R, s + t.actor_off, t.actor_len, self, nself)) {
				start = at + best_len;
				continue; /* "that's my area": ownership, not a hand-off */
			}
		}
		if (!push(out, &t))
			return false;
		start = at + best_len;
	}
	for (k = 0; k < out->n; k++)
		scope(out, R, s, len, &out->v[k]);
	/* a hand-off that is denied is none: "it's not only IT's job", "it
	 * is not Tom's area, it is mine" */
	for (k = 0; k < out->n; k++) {
		struct ctx_trigger *t = &out->v[k];
		size_t j;
		if (t->cat != CTX_DELEGATION)
			continue;
		for (j = 0; j < k; j++) {
			const struct ctx_trigger *p = &out->v[j];
			bool near = p->off + p->len <= t->off && t->off - (p->off + p->len) <= 12;
			if ((R->v[p->rule].kind == CK_PSEUDO || p->cat == CTX_NEGATED) && near)
				t->cat = 0;
		}
	}
	for (k = 0; k < out->n; k++) {
		const struct ctx_trigger *t = &out->v[k];
		if (t->cat && (t->scope_end > t->off + t->len || t->cat == CTX_DELEGATION ||
			       t->scope_off < t->off))
			out->cats |= t->cat;
	}
	return true;
}

unsigned ctx_covering(const struct ctx_result *r, size_t a, size_t b, size_t trig[CTX_NCATS])
{
	unsigned cats = 0;
	size_t k, j;

	if (trig)
		for (j = 0; j < CTX_NCATS; j++)
			trig[j] = SIZE_MAX;
	for (k = 0; k < r->n; k++) {
		const struct ctx_trigger *t = &r->v[k];
		if (!t->cat || t->scope_end <= t->scope_off || t->scope_off >= b || t->scope_end <= a)
			continue;
		/* the trigger's own words are not its scope ("not aware" covers
		 * what follows it, not "aware") */
		if (t->off <= a && t->off + t->len >= b)
			continue;
		cats |= t->cat;
		if (trig)
			for (j = 0; j < CTX_NCATS; j++)
				if (t->cat == (1u << j) && trig[j] == SIZE_MAX)
					trig[j] = k;
	}
	return cats;
}

/* ======================================================================
 * Each rule against its own sentences
 * ====================================================================== */

static const struct ctx_trigger *find_rule(const struct ctx_result *r, size_t rule)
{
	size_t k;

	for (k = 0; k < r->n; k++)
		if (r->v[k].rule == rule)
			return &r->v[k];
	return NULL;
}

bool ctx_rule_selftest(struct ctx_matcher *m, size_t i, char *why, size_t n)
{
	const struct ctx_rule *ru = &m->r->v[i];
	struct ctx_result res = {NULL, 0, 0, 0};
	const struct ctx_trigger *t;
	bool ok = false;

	if (!ctx_apply(m, ru->fires, strlen(ru->fires), NULL, 0, &res)) {
		snprintf(why, n, "%s: the rules could not be applied to its 'fires' sentence", ru->id);
		goto out;
	}
	t = find_rule(&res, i);
	if (!t) {
		size_t k;
		int w = snprintf(why, n, "%s: does not fire in \"%s\"", ru->id, ru->fires);
		for (k = 0; k < res.n && w > 0 && (size_t)w < n; k++)
			w += snprintf(why + w, n - (size_t)w, "%s%s", k ? ", " : " (it is beaten by ",
				      m->r->v[res.v[k].rule].id);
		if (res.n && w > 0 && (size_t)w < n)
			snprintf(why + w, n - (size_t)w, ")");
		goto out;
	}
	if (ru->covers && ru->kind == CK_SCOPE) {
		const char *c = strcasestr(ru->fires, ru->covers);
		size_t a = c ? (size_t)(c - ru->fires) : 0, b = a + strlen(ru->covers);
		size_t trig[CTX_NCATS];
		unsigned cats;
		if (!c) {
			snprintf(why, n, "%s: its 'covers' word '%s' is not in its 'fires' sentence", ru->id,
				 ru->covers);
			goto out;
		}
		cats = ctx_covering(&res, a, b, trig);
		if (!(cats & ru->cat)) {
			snprintf(why, n, "%s: fires in \"%s\" but its scope does not reach '%s'", ru->id,
				 ru->fires, ru->covers);
			goto out;
		}
	}
	if (!ctx_apply(m, ru->not_fires, strlen(ru->not_fires), NULL, 0, &res)) {
		snprintf(why, n, "%s: the rules could not be applied to its 'not' sentence", ru->id);
		goto out;
	}
	if (find_rule(&res, i)) {
		snprintf(why, n, "%s: fires in its 'not' sentence \"%s\"", ru->id, ru->not_fires);
		goto out;
	}
	ok = true;
out:
	ctx_result_release(&res);
	return ok;
}

/* Is there a first-person word outside every delegation scope, and outside
 * every denial and condition? "Jonas runs it day to day, but I go through
 * his report" is oversight, not a hand-off. In notes a first person outside
 * quotes is usually the auditor, but "but I go through his report" beside
 * a hand-off is the interviewee's oversight whoever typed it. */
bool ctx_first_hand(struct ctx_matcher *m, const char *t, size_t len, const struct ctx_result *r)
{
	const pcre2_code *re = ctx_rules_cue(m->r, CUE_FIRST_PERSON);
	const pcre2_code *own = m->r->cue_at[CUE_OWN_PART];
	size_t start = 0, k;

	if (!re)
		return false;
	while (start < len && pcre2_match(re, (PCRE2_SPTR)t, len, start, 0, m->md, m->mc) >= 0) {
		size_t off = pcre2_get_ovector_pointer(m->md)[0];
		bool inside = false, in_handoff = false;
		for (k = 0; k < r->n && !inside; k++) {
			const struct ctx_trigger *g = &r->v[k];
			/* "I leave it to her", "I think": the hand-off or the
			 * hedge itself; "I don't see any of it", "if I...": a
			 * denial or a condition */
			if ((g->cat & (CTX_DELEGATION | CTX_HEDGED)) && off >= g->off && off < g->off + g->len)
				inside = true;
			else if ((g->cat & (CTX_NEGATED | CTX_HYPOTHETICAL)) && off >= g->scope_off &&
				 off < g->scope_end)
				inside = true;
			else if (g->cat == CTX_DELEGATION && off >= g->scope_off && off < g->scope_end)
				in_handoff = true;
		}
		/* in the same clause as the hand-off, only the speaker's own
		 * part in it counts: "Helen does the detail, I set the
		 * objectives with her"; "Sunita has that in hand, we need it"
		 * is no part */
		if (!inside && in_handoff)
			inside = !own || pcre2_match(own, (PCRE2_SPTR)t, len, off, 0, m->md, m->mc) < 0;
		if (!inside)
			return true;
		start = off + 1;
	}
	return false;
}
