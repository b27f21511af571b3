/* probes_int.h: private to the probes (probes.c, probes_match.c,
 * probes_contra.c).
 *
 * probes.c prepares the records once (struct probe_ctx) and holds the word
 * tests both kinds of check share; probes_match.c runs the knowledge probes
 * on an answer, probes_contra.c finds what the answer says that the records
 * deny. Not for use outside them. */
#ifndef AK_PROBES_INT_H
#define AK_PROBES_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/dates.h"
#include "score/probes.h"
#include "core/text.h"

#define MAX_TOP 50

/* A record as the probes match it: its content words, and the synonym sets
 * it spells out a member of. */
struct phrase {
	char *display;
	unsigned long memo_gen; /* the answer phrase_named last looked at */
	bool memo_named;
	size_t memo_off, memo_len;
	struct words w;  /* content words */
	/* the synonym members that stand for word i, in the order the look-up
	 * tries them: syn_at[syn_from[i] .. syn_from[i + 1]); worked out once
	 * per run, since the records and the bank do not change */
	size_t *syn_at, *syn_from;
	size_t *aliases; /* synonym sets a member of which the record spells out */
	size_t naliases;
};

struct stem_count; /* probes.c's: read it through probe_df */

struct probe_ctx {
	const struct facts *f;
	const struct bank *b;
	struct ak_date interview;
	bool has_interview;
	const char *interviewee;
	struct phrase risks[MAX_TOP];
	size_t nrisks;
	struct stem_count *df; /* how many risk titles hold each stem, sorted */
	size_t ndf;
	struct phrase *commitments, *objectives, *decisions, *resources, *roles;
	size_t ncommitments, nobjectives, ndecisions, nresources, nroles;
	struct phrase isms_owner, approver_name, approver_role, policy_owner;
	char approver_initials[16];
	bool interviewee_is_approver, interviewee_attended, has_attendees;
	struct words *syn; /* each synonym member as words */
	size_t *syn_set;   /* which set each member belongs to */
	size_t *syn_slen;  /* a one-word member's stem length; SIZE_MAX for others */
	size_t nsyn;
	struct ak_date approved, review;
	bool has_approved, has_review;
	bool oom;
};

/* Does words a[from..] begin with the words of m? */
bool probe_seq_at(const struct words *a, size_t from, const struct words *m);
/* Words of this field that nearly every commitment or decision holds:
 * they cannot tell one record from another. */
bool probe_generic(const char *w);
/* How many risk titles hold this stem: 1 means the word names its risk
 * on its own. */
int probe_df(const struct probe_ctx *c, const char *stem);
/* Does hay (hlen bytes) hold needle as a whole word, ignoring case? */
bool probe_has_ci(const char *hay, size_t hlen, const char *needle);

#endif
