/* bank.h: question banks (docs/question-bank-format.md).
 *
 * A bank is loaded whole: its includes resolved, placeholders filled, every
 * field checked and every pattern compiled, so that the rest of auditkit
 * works with questions that are known to be good. struct bank is opaque;
 * the questions are handed out as read-only views that live as long as the
 * bank. */
#ifndef AK_BANK_H
#define AK_BANK_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "core/err.h"

#define BANK_FORMAT "auditkit-question-bank/1"

enum bank_role {
	BANK_ROLE_CEO,
	BANK_ROLE_BOARD,
	BANK_ROLE_CFO,
	BANK_ROLE_COO,
	BANK_ROLE_CISO,
	BANK_ROLE_CIO,
	BANK_ROLE_DEPT_HEAD,
	BANK_ROLE_ISMS_MANAGER,
	BANK_NROLES
};
#define BANK_ROLES_ALL ((1u << BANK_NROLES) - 1)

enum bank_audit {
	BANK_AUDIT_STAGE1,
	BANK_AUDIT_STAGE2,
	BANK_AUDIT_SURVEILLANCE,
	BANK_AUDIT_RECERTIFICATION,
	BANK_AUDIT_INTERNAL,
	BANK_NAUDITS
};
#define BANK_AUDITS_ALL ((1u << BANK_NAUDITS) - 1)

enum bank_angle { BANK_ANGLE_TELL, BANK_ANGLE_SHOW, BANK_ANGLE_EXAMPLE };

enum bank_probe_kind {
	PROBE_TOP_RISKS,
	PROBE_POLICY_COMMITMENTS,
	PROBE_POLICY_OBJECTIVES,
	PROBE_POLICY_VERSION,
	PROBE_POLICY_APPROVAL,
	PROBE_POLICY_APPROVER,
	PROBE_POLICY_OWNER,
	PROBE_ISMS_OWNER,
	PROBE_ROLES,
	PROBE_REVIEW_DATE,
	PROBE_REVIEW_DECISIONS,
	PROBE_REVIEW_RESOURCES,
	PROBE_NKINDS
};

struct bank_rule {
	const char *pattern; /* after placeholders are filled */
	const char *label;
	int weight;          /* 1..5 */
	pcre2_code *re;      /* compiled (UTF, caseless, UCP); owned by the bank */
};

struct bank_probe {
	enum bank_probe_kind kind;
	int min; /* items the answer should name (default 1) */
	int of;  /* top_risks: how many of the highest-rated count (default 5) */
	const char *label;
};

struct bank_strings {
	const char *const *v;
	size_t n;
};

struct bank_rules {
	const struct bank_rule *v;
	size_t n;
};

/* A question: read-only, owned by its bank. */
struct bank_question {
	const char *id;
	const char *clause;
	const char *item; /* NULL when the clause has no items */
	const char *group;
	enum bank_angle angle;
	unsigned roles;  /* bit set of enum bank_role */
	unsigned audits; /* bit set of enum bank_audit */
	int priority;    /* 1 (key) .. 5 */
	int minutes;
	const char *question;
	struct bank_strings follow_ups, good, tags;
	struct bank_rules positive, negative, red_flags;
	const struct bank_probe *probes;
	size_t n_probes;
	const char *file; /* where it was written (an included bank's file) */
};

/* Topics (docs/question-bank-format.md, "Topics"): the words by which a
 * statement speaks to a requirement, wherever it stands in the notes. A
 * term is one or more words, each matched by its stem, by a prefix
 * ("strateg*"), or, written in capitals, as that acronym only ("MR"). */
struct bank_topic_word {
	char w[48];    /* lower case, without a trailing '*' */
	char stem[48];
	bool prefix;   /* "strateg*" */
	bool caps;     /* "MR": only in capitals */
};

struct bank_topic_term {
	const struct bank_topic_word *w;
	size_t n;
	int weight; /* 2; 1 for a weak term ("~people"), which needs a second word or a heading */
};

struct bank_topic {
	const char *key;    /* "5.1 a", "9.3" */
	const char *clause;
	const char *item;   /* NULL: the whole clause */
	bool duty;          /* a duty of top management (first-hand evidence), else knowledge */
	const struct bank_topic_term *terms;
	size_t nterms;
	const char *const *shares; /* keys of topics whose statements speak to this one too */
	size_t nshares;
	/* records the requirement cannot be met without knowing: each entry a
	 * bit set of probe kinds, any one of which will do */
	const unsigned *requires;
	size_t nrequires;
	int gaps;      /* the weight of a point against (2 for knowledge, 1 for a duty shown by
			* an example; "gaps": 2 for a duty that rests on knowing, 5.1 a, c, e) */
	bool probes;   /* records named count for it (false: "probes": false, as for 5.1 f and h,
			* where naming the people is not backing them) */
};

struct bank;

/* Load and check the bank at path (a bank.json, or a folder holding one).
 * Every problem found is added to d. Returns the bank, or NULL when there
 * was any problem (*err says which kind: AK_ERR_INPUT, AK_ERR_DATA,
 * AK_ERR_NOMEM). */
struct bank *bank_load(const char *path, struct ak_diags *d, ak_err *err);
void bank_free(struct bank *b);

const char *bank_id(const struct bank *b);
const char *bank_standard(const struct bank *b);
const char *bank_version(const struct bank *b);
const char *bank_title(const struct bank *b);
const char *bank_path(const struct bank *b);
size_t bank_nquestions(const struct bank *b);
const struct bank_question *bank_question(const struct bank *b, size_t i);
const struct bank_question *bank_find(const struct bank *b, const char *id);
/* The synonym sets: bank_nsynonyms sets, each a list of words. */
size_t bank_nsynonyms(const struct bank *b);
struct bank_strings bank_synonyms(const struct bank *b, size_t i);

/* Topics, in the bank's order; the topic of a clause item (or of its
 * clause, when the bank keeps one topic for the clause), or NULL. */
size_t bank_ntopics(const struct bank *b);
const struct bank_topic *bank_topic(const struct bank *b, size_t i);
const struct bank_topic *bank_topic_for(const struct bank *b, const char *clause, const char *item);

/* Clause table, in the order the bank lists it. */
size_t bank_nclauses(const struct bank *b);
const char *bank_clause(const struct bank *b, size_t i);
const char *bank_clause_title(const struct bank *b, const char *clause);
/* The items of a clause (possibly none) in the bank's order. */
struct bank_strings bank_clause_items(const struct bank *b, const char *clause);
/* The paraphrase of an item; NULL if there is no such item. */
const char *bank_item_text(const struct bank *b, const char *clause, const char *item);
/* Clauses every item of which a time-boxed script tries to cover. */
struct bank_strings bank_coverage(const struct bank *b);
/* The order of a clause in the table (for sorting); SIZE_MAX if unknown. */
size_t bank_clause_rank(const struct bank *b, const char *clause);

/* Compile every pattern with PCRE2's JIT (for scoring many notes). */
ak_err bank_jit(struct bank *b);

/* Names. */
const char *bank_role_name(enum bank_role r);
bool bank_role_parse(const char *s, enum bank_role *r);
/* The roles bank_role_parse knows, for messages. */
const char *bank_role_list(void);
const char *bank_audit_name(enum bank_audit a);
bool bank_audit_parse(const char *s, enum bank_audit *a);
const char *bank_angle_name(enum bank_angle a);
const char *bank_probe_name(enum bank_probe_kind k);
bool bank_probe_parse(const char *s, enum bank_probe_kind *k);

/* The folders searched for banks by id: $AUDITKIT_BANKS (colon-separated),
 * then the installed share folder and the source tree beside the binary.
 * Resolve a --bank argument (file, folder or id) to a bank.json path; NULL
 * if nothing matches. The caller frees the result. */
char *bank_resolve(const char *arg);
/* Call fn for each bank.json found in the search folders, in path order. */
void bank_each_dir(void (*fn)(const char *bank_json, void *ctx), void *ctx);
/* Call fn for each DIR/NAME/bank.json, in path order (a folder of banks, as
 * question-banks is); the number found. The path is borrowed for the call. */
size_t bank_each_in(const char *dir, void (*fn)(const char *bank_json, void *ctx), void *ctx);

#endif
