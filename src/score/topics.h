/* topics.h: which requirements a statement speaks to (docs/scoring.md,
 * "Topics").
 *
 * The bank's topic terms (interview/bank.h) are indexed once by their first
 * word's stem (and prefix), so a statement's words are looked up, not
 * compared with every term. A statement speaks to a topic when its terms
 * weigh 2 or more there (one strong term, or two weak ones); where it
 * speaks to nothing of its own, the heading it stands under, a clause named
 * in its row, or the statement before it in the same paragraph or turn
 * (the question it answers) says what it is about. */
#ifndef AK_TOPICS_H
#define AK_TOPICS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/text.h"
#include "interview/bank.h"

#define TOPIC_SPANS 4

/* What one statement says of one topic. */
struct topic_hit {
	size_t topic;    /* index into the bank's topics */
	int weight;      /* of its terms in the statement */
	size_t nspans;
	size_t span[TOPIC_SPANS][2]; /* the words that matched, in the statement text */
	bool prior;      /* from the heading, row or context, not from its own words */
};

struct topic_hits {
	struct topic_hit *v;
	size_t n, cap;
};

struct topic_index;

/* Index the bank's topics, with extra terms per topic: the organisation's
 * own words (its risk titles for 6.1, its objectives for 6.2, ...). extra
 * may be NULL. NULL when out of memory. */
struct topic_index *topic_index_new(const struct bank *b);
void topic_index_free(struct topic_index *ix);
/* Add a term (the same syntax as the bank's) to a topic, by key ("6.1");
 * false when out of memory; an unknown key is ignored. */
bool topic_index_add(struct topic_index *ix, const char *key, const char *term);

/* The topics the words w of a statement (text s) speak to, appended to out
 * (reset first), weight 1 or more each. false when out of memory. */
bool topics_match(const struct topic_index *ix, const char *s, const struct words *w,
		  struct topic_hits *out);
void topic_hits_release(struct topic_hits *h);

/* Add (or mark) topic t as a prior of the statement; false: out of memory. */
bool topic_hits_prior(struct topic_hits *h, size_t t);

#endif
