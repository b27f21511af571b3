/* context.h: assertion status of what a statement says (docs/scoring.md,
 * "Assertion status").
 *
 * The idea is clinical NLP's ConText (Harkema et al., 2009), after NegEx
 * (Chapman et al., 2001): triggers ("not", "if", "I think", "Tom would
 * know") give the words in their scope a category: negated, hypothetical,
 * intended, hedged, or handed to someone else (delegation). A scope runs
 * from the trigger forward, backward or both, to the end of the statement,
 * a terminator ("but", "however"), a clause mark (; : ? ! brackets, a dash)
 * or a number of words. Pseudo-triggers are phrases that hold a shorter
 * trigger but are none ("not only", "never skip", "nobody gets a login
 * without it"): at every place the longest trigger wins, so they block it.
 *
 * The rules are data (rules/assertions-en.json, "auditkit-assertions/1"),
 * each row with a sentence in which it must fire and one in which it must
 * not; the engine knows no English of its own. */
#ifndef AK_CONTEXT_H
#define AK_CONTEXT_H

#include <stdbool.h>
#include <stddef.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "core/diag.h"
#include "core/err.h"

#define CONTEXT_FORMAT "auditkit-assertions/1"

enum ctx_cat {
	CTX_NEGATED = 1,
	CTX_HYPOTHETICAL = 2,
	CTX_INTENDED = 4,
	CTX_HEDGED = 8,
	CTX_DELEGATION = 16,
	CTX_LIMITED = 32, /* "nothing else", "no other example": a limit on the rest, not a denial */
	CTX_PROMPTED = 64 /* "read from the card", "only when prompted": said, not known */
};
#define CTX_NCATS 7

enum ctx_kind { CK_SCOPE, CK_PSEUDO, CK_TERMINATE };
enum ctx_dir { CD_FORWARD, CD_BACKWARD, CD_BOTH };

struct ctx_rule {
	const char *id;
	const char *source;     /* the literal or the pattern, as written */
	bool literal;
	enum ctx_kind kind;
	unsigned cat;           /* one ctx_cat, for CK_SCOPE */
	enum ctx_dir dir;
	int max_scope;          /* words; 0: to the end of the clause */
	bool governs;           /* a denial of knowing or doing ("could not say"): it governs the
				 * whole statement it opens */
	const char *fires, *not_fires, *covers;
	pcre2_code *re;         /* the rule alone (what PCRE2 knows of its first byte) */
	pcre2_code *re_at;      /* the same compiled anchored, for matching at a place: PCRE2's
				 * JIT does not take PCRE2_ANCHORED at match time and would
				 * hand every such match to the interpreter */
};

struct ctx_rules;

/* The cues beside the rules: who speaks and how specifically. */
enum ctx_cue {
	CUE_FIRST_PERSON,
	CUE_THIRD_PERSON,
	CUE_OTHER_START,
	CUE_SPECIFICS,
	CUE_AUDITOR_ACTION,
	CUE_CONFINES, /* "beyond", "apart from", "the others": what was known stops there */
	CUE_OWN_PART, /* "I set the objectives", "I chair the review": the speaker's own part */
	CTX_NCUES
};
/* The compiled cue, or NULL when the file has none. */
const pcre2_code *ctx_rules_cue(const struct ctx_rules *r, enum ctx_cue k);

/* Load and check a rules file: every problem at its line and column in d.
 * NULL with *err set on failure. */
struct ctx_rules *ctx_rules_load(const char *path, struct ak_diags *d, ak_err *err);
struct ctx_rules *ctx_rules_parse(const char *name, const char *text, size_t len,
				  struct ak_diags *d, ak_err *err);
void ctx_rules_free(struct ctx_rules *r);
/* The default rules for a language: $AUDITKIT_ASSERTIONS, else
 * rules/assertions-<lang>.json beside the installed or built binary. A new
 * string, or NULL when none is found. */
char *ctx_rules_default_path(const char *lang);
size_t ctx_rules_count(const struct ctx_rules *r);
const struct ctx_rule *ctx_rules_get(const struct ctx_rules *r, size_t i);
const char *ctx_rules_path(const struct ctx_rules *r);
const char *ctx_rules_sha256(const struct ctx_rules *r);
/* Is this word (lower case) a term whose absence is good news ("incident",
 * "breach")? Negating one is no evidence against. */
bool ctx_negative_term(const struct ctx_rules *r, const char *word, size_t len);

/* One trigger that survived in a statement. */
struct ctx_trigger {
	size_t rule;             /* index into the rules */
	unsigned cat;            /* its category (0: pseudo or terminate) */
	size_t off, len;         /* the trigger, in the statement text */
	size_t scope_off, scope_end; /* what it covers (empty for pseudo and terminate) */
	size_t actor_off, actor_len; /* delegation: who it is handed to (len 0: nobody named) */
};

struct ctx_result {
	struct ctx_trigger *v;
	size_t n, cap;
	unsigned cats; /* every category with a non-empty scope, delegations to others included */
};

/* A matcher: the scratch one statement needs (not shared between threads). */
struct ctx_matcher;
struct ctx_matcher *ctx_matcher_new(const struct ctx_rules *r);
void ctx_matcher_free(struct ctx_matcher *m);
/* The reference scan, for the tests: every rule tried at every place that
 * its first byte allows, not only where the first two bytes may start it.
 * The triggers found must be the same. */
void ctx_matcher_every_place(struct ctx_matcher *m, bool on);

/* Apply the rules to s[0, len). self lists names that stand for the
 * interviewee (a delegation to one of them, or to "I", "we", "my team", is
 * none). The result is reset first. false when out of memory or a pattern
 * could not finish (too much backtracking). */
bool ctx_apply(struct ctx_matcher *m, const char *s, size_t len, const char *const *self,
	       size_t nself, struct ctx_result *out);
void ctx_result_release(struct ctx_result *r);

/* Does t (with r, its ctx_apply result) hold a first-person word that no
 * hand-off, denial or condition covers: the speaker's own part beside a
 * delegation? */
bool ctx_first_hand(struct ctx_matcher *m, const char *t, size_t len, const struct ctx_result *r);

/* The categories whose scope covers any byte of [a, b); *trigger (if not
 * NULL) gets, per category bit k, the index of the first such trigger in
 * trig[k] (SIZE_MAX when none). */
unsigned ctx_covering(const struct ctx_result *r, size_t a, size_t b, size_t trig[CTX_NCATS]);

const char *ctx_cat_name(unsigned cat);

/* Check rule i against its own sentences: it must survive as a trigger in
 * 'fires' (covering 'covers' when given) and not in 'not'. On failure a
 * reason is written to why. */
bool ctx_rule_selftest(struct ctx_matcher *m, size_t i, char *why, size_t n);

#endif
