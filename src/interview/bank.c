/* bank.c: a loaded question bank and what can be asked of it: names,
 * questions, clauses, and the compiled patterns it owns (bank.h). The
 * loading is bank_load.c; the checks of each field bank_check.c. */
#include "interview/bank.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interview/bank_int.h"
#include "core/util.h"


/* ======================================================================
 * Names
 * ====================================================================== */

static const char *const role_names[BANK_NROLES] = {
	"ceo", "board", "cfo", "coo", "ciso", "cio", "dept-head", "isms-manager",
};
static const char *const audit_names[BANK_NAUDITS] = {
	"stage1", "stage2", "surveillance", "recertification", "internal",
};
static const char *const angle_names[] = {"tell", "show", "example"};
static const char *const probe_names[PROBE_NKINDS] = {
	"top_risks",     "policy_commitments", "policy_objectives", "policy_version",
	"policy_approval", "policy_approver",  "policy_owner",      "isms_owner",
	"roles",         "review_date",        "review_decisions",  "review_resources",
};

const char *bank_role_name(enum bank_role r) { return r < BANK_NROLES ? role_names[r] : "?"; }
const char *bank_audit_name(enum bank_audit a) { return a < BANK_NAUDITS ? audit_names[a] : "?"; }
const char *bank_angle_name(enum bank_angle a) { return a <= BANK_ANGLE_EXAMPLE ? angle_names[a] : "?"; }
const char *bank_probe_name(enum bank_probe_kind k) { return k < PROBE_NKINDS ? probe_names[k] : "?"; }

bool bank_probe_parse(const char *s, enum bank_probe_kind *k)
{
	size_t i;

	for (i = 0; i < PROBE_NKINDS; i++)
		if (strcmp(s, probe_names[i]) == 0) {
			*k = (enum bank_probe_kind)i;
			return true;
		}
	return false;
}

static int name_index(const char *const *names, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

/* What people write for a role, as the bank's roles: case does not
 * matter, and the titles organisations use map to the nearest role. */
static const struct {
	const char *name;
	enum bank_role role;
} role_aliases[] = {
	{"department-head", BANK_ROLE_DEPT_HEAD}, {"head", BANK_ROLE_DEPT_HEAD},
	{"md", BANK_ROLE_CEO}, {"managing-director", BANK_ROLE_CEO}, {"chief-executive", BANK_ROLE_CEO},
	{"president", BANK_ROLE_CEO}, {"owner", BANK_ROLE_CEO}, {"gm", BANK_ROLE_CEO},
	{"chair", BANK_ROLE_BOARD}, {"chairman", BANK_ROLE_BOARD}, {"chairwoman", BANK_ROLE_BOARD},
	{"chairperson", BANK_ROLE_BOARD}, {"non-executive", BANK_ROLE_BOARD}, {"ned", BANK_ROLE_BOARD},
	{"board-member", BANK_ROLE_BOARD}, {"trustee", BANK_ROLE_BOARD},
	{"cto", BANK_ROLE_CIO}, {"cdo", BANK_ROLE_CIO}, {"it-director", BANK_ROLE_CIO},
	{"fd", BANK_ROLE_CFO}, {"finance-director", BANK_ROLE_CFO},
	{"operations-director", BANK_ROLE_COO},
	{"hr", BANK_ROLE_DEPT_HEAD}, {"cpo", BANK_ROLE_DEPT_HEAD}, {"people", BANK_ROLE_DEPT_HEAD},
	{"commercial", BANK_ROLE_DEPT_HEAD}, {"cco", BANK_ROLE_DEPT_HEAD}, {"sales", BANK_ROLE_DEPT_HEAD},
	{"marketing", BANK_ROLE_DEPT_HEAD}, {"cmo", BANK_ROLE_DEPT_HEAD}, {"legal", BANK_ROLE_DEPT_HEAD},
	{"medical-director", BANK_ROLE_DEPT_HEAD}, {"director", BANK_ROLE_DEPT_HEAD},
	{"isms-owner", BANK_ROLE_ISMS_MANAGER}, {"ism", BANK_ROLE_ISMS_MANAGER},
};

bool bank_role_parse(const char *s, enum bank_role *r)
{
	char low[40];
	size_t i, k;

	for (k = 0; s[k] && k < sizeof low - 1; k++)
		low[k] = s[k] == ' ' || s[k] == '_' ? '-' : (char)tolower((unsigned char)s[k]);
	if (s[k])
		return false;
	low[k] = '\0';
	for (i = 0; i < BANK_NROLES; i++)
		if (strcmp(low, role_names[i]) == 0) {
			*r = (enum bank_role)i;
			return true;
		}
	for (i = 0; i < sizeof role_aliases / sizeof *role_aliases; i++)
		if (strcmp(low, role_aliases[i].name) == 0) {
			*r = role_aliases[i].role;
			return true;
		}
	return false;
}

const char *bank_role_list(void)
{
	return "ceo, board, cfo, coo, ciso, cio, dept-head, isms-manager; also md, chair, cto, hr, "
	       "commercial, cmo, cpo, director...";
}

bool bank_audit_parse(const char *s, enum bank_audit *a)
{
	int i = name_index(audit_names, BANK_NAUDITS, s);

	if (i < 0)
		return false;
	*a = (enum bank_audit)i;
	return true;
}

/* ======================================================================
 * The bank
 * ====================================================================== */


const char *bank_id(const struct bank *b) { return b->id; }
const char *bank_standard(const struct bank *b) { return b->standard; }
const char *bank_version(const struct bank *b) { return b->version; }
const char *bank_title(const struct bank *b) { return b->title ? b->title : ""; }
const char *bank_path(const struct bank *b) { return b->path; }
size_t bank_nquestions(const struct bank *b) { return b->nq; }
const struct bank_question *bank_question(const struct bank *b, size_t i) { return &b->q[i]; }
size_t bank_nsynonyms(const struct bank *b) { return b->nsynonyms; }
struct bank_strings bank_synonyms(const struct bank *b, size_t i) { return b->synonyms[i]; }
size_t bank_nclauses(const struct bank *b) { return b->nclauses; }
const char *bank_clause(const struct bank *b, size_t i) { return b->clauses[i].name; }

struct bank_strings bank_coverage(const struct bank *b)
{
	struct bank_strings s = {b->coverage, b->ncoverage};
	return s;
}

const struct bank_question *bank_find(const struct bank *b, const char *id)
{
	size_t i;

	for (i = 0; i < b->nq; i++)
		if (strcmp(b->q[i].id, id) == 0)
			return &b->q[i];
	return NULL;
}

const struct bank_clause *bank_clause_def(const struct bank *b, const char *name)
{
	size_t i;

	for (i = 0; i < b->nclauses; i++)
		if (strcmp(b->clauses[i].name, name) == 0)
			return &b->clauses[i];
	return NULL;
}

size_t bank_clause_rank(const struct bank *b, const char *clause)
{
	size_t i;

	for (i = 0; i < b->nclauses; i++)
		if (strcmp(b->clauses[i].name, clause) == 0)
			return i;
	return SIZE_MAX;
}

const char *bank_clause_title(const struct bank *b, const char *clause)
{
	const struct bank_clause *c = bank_clause_def(b, clause);
	return c ? c->title : NULL;
}

struct bank_strings bank_clause_items(const struct bank *b, const char *clause)
{
	const struct bank_clause *c = bank_clause_def(b, clause);
	struct bank_strings s = {NULL, 0};

	if (c) {
		s.v = c->items;
		s.n = c->nitems;
	}
	return s;
}

const char *bank_item_text(const struct bank *b, const char *clause, const char *item)
{
	const struct bank_clause *c = bank_clause_def(b, clause);
	size_t i;

	if (!c || !item)
		return NULL;
	for (i = 0; i < c->nitems; i++)
		if (strcmp(c->items[i], item) == 0)
			return c->texts[i];
	return NULL;
}

void bank_free(struct bank *b)
{
	size_t i;

	if (!b)
		return;
	for (i = 0; i < b->ncodes; i++)
		pcre2_code_free(b->codes[i]);
	free(b->codes);
	free(b->code_src);
	ak_arena_release(&b->arena);
	free(b);
}

ak_err bank_jit(struct bank *b)
{
	size_t i;

	/* Not under memcheck (ak_valgrind). */
	if (ak_valgrind())
		return AK_OK;
	for (i = 0; i < b->ncodes; i++) {
		int rc = pcre2_jit_compile(b->codes[i], PCRE2_JIT_COMPLETE);
		/* No JIT on this platform is fine: the interpreter gives the
		 * same answers, only slower. */
		if (rc != 0 && rc != PCRE2_ERROR_JIT_BADOPTION)
			return AK_ERR_NOMEM;
	}
	return AK_OK;
}

/* ======================================================================
 * What the builder stores (bank_int.h)
 * ====================================================================== */

static bool add_code(struct bank *b, pcre2_code *re, const char *src)
{
	if (!ak_grow(&b->codes, &b->capcodes, b->ncodes + 1, sizeof *b->codes) ||
	    !ak_grow(&b->code_src, &b->capsrc, b->ncodes + 1, sizeof *b->code_src))
		return false;
	b->code_src[b->ncodes] = src;
	b->codes[b->ncodes++] = re;
	return true;
}

bool bank_keep_code(struct bank *b, pcre2_code *re, const char *src)
{
	return add_code(b, re, src);
}

pcre2_code *bank_shared_code(const struct bank *b, const char *src)
{
	size_t i;

	for (i = 0; i < b->ncodes; i++)
		if (strcmp(b->code_src[i], src) == 0)
			return b->codes[i];
	return NULL;
}

void bank_set_header(struct bank *b, const char *id, const char *standard, const char *version,
		     const char *language, const char *title)
{
	b->id = id;
	b->standard = standard;
	b->version = version;
	b->language = language;
	b->title = title;
}

void bank_set_tables(struct bank *b, struct bank_clause *clauses, size_t nclauses,
		     const char **coverage, size_t ncoverage, struct bank_strings *syn, size_t nsyn)
{
	b->clauses = clauses;
	b->nclauses = nclauses;
	b->coverage = coverage;
	b->ncoverage = ncoverage;
	b->synonyms = syn;
	b->nsynonyms = nsyn;
}

void bank_set_topics(struct bank *b, struct bank_topic *t, size_t n)
{
	b->topics = t;
	b->ntopics = n;
}

size_t bank_ntopics(const struct bank *b) { return b->ntopics; }
const struct bank_topic *bank_topic(const struct bank *b, size_t i) { return &b->topics[i]; }

const struct bank_topic *bank_topic_for(const struct bank *b, const char *clause, const char *item)
{
	size_t i;
	const struct bank_topic *whole = NULL;

	for (i = 0; i < b->ntopics; i++) {
		const struct bank_topic *t = &b->topics[i];
		if (strcmp(t->clause, clause) != 0)
			continue;
		if (!t->item)
			whole = t;
		else if (item && strcmp(t->item, item) == 0)
			return t;
	}
	return whole;
}
