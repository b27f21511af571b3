/* topics.c: the topic index and matching (topics.h). */
#include "score/topics.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

#define NBUCKETS 1024
#define HEAD 3 /* prefix terms are filed under their first three letters */

struct tword {
	char w[48], stem[48];
	bool prefix, caps;
};

struct entry {
	size_t topic;
	int weight;
	struct tword *w; /* owned */
	size_t n;
};

struct topic_index {
	const struct bank *b;
	struct entry *e;
	size_t n, cap;
	struct bucket {
		size_t *v;
		size_t n, cap;
	} buckets[NBUCKETS];
};

static uint32_t hash(const char *s, size_t n, bool prefix)
{
	uint32_t h = prefix ? 2166136261u ^ 0x5bd1e995u : 2166136261u;
	size_t i;

	for (i = 0; i < n && s[i]; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h % NBUCKETS;
}

/* The key a term's first word is filed under. */
static uint32_t key_of(const struct tword *w)
{
	if (w->prefix && strlen(w->w) >= HEAD)
		return hash(w->w, HEAD, true);
	return hash(w->prefix ? w->w : w->stem, SIZE_MAX, false);
}

static bool file_entry(struct topic_index *ix, size_t k)
{
	struct bucket *b = &ix->buckets[key_of(&ix->e[k].w[0])];

	if (!ak_grow(&b->v, &b->cap, b->n + 1, sizeof *b->v))
		return false;
	b->v[b->n++] = k;
	return true;
}

static bool add_entry(struct topic_index *ix, size_t topic, int weight, const struct tword *w, size_t n)
{
	struct entry *e;

	if (n == 0)
		return true;
	if (!ak_grow(&ix->e, &ix->cap, ix->n + 1, sizeof *ix->e))
		return false;
	e = &ix->e[ix->n];
	e->topic = topic;
	e->weight = weight;
	e->n = n;
	e->w = malloc(n * sizeof *e->w);
	if (!e->w)
		return false;
	memcpy(e->w, w, n * sizeof *w);
	ix->n++;
	return file_entry(ix, ix->n - 1);
}

void topic_index_free(struct topic_index *ix)
{
	size_t i;

	if (!ix)
		return;
	for (i = 0; i < ix->n; i++)
		free(ix->e[i].w);
	free(ix->e);
	for (i = 0; i < NBUCKETS; i++)
		free(ix->buckets[i].v);
	free(ix);
}

struct topic_index *topic_index_new(const struct bank *b)
{
	struct topic_index *ix = calloc(1, sizeof *ix);
	size_t t, k, j;

	if (!ix)
		return NULL;
	ix->b = b;
	for (t = 0; t < bank_ntopics(b); t++) {
		const struct bank_topic *tp = bank_topic(b, t);
		for (k = 0; k < tp->nterms; k++) {
			const struct bank_topic_term *term = &tp->terms[k];
			struct tword w[8];
			size_t n = term->n < 8 ? term->n : 8;
			for (j = 0; j < n; j++) {
				memcpy(w[j].w, term->w[j].w, sizeof w[j].w);
				memcpy(w[j].stem, term->w[j].stem, sizeof w[j].stem);
				w[j].prefix = term->w[j].prefix;
				w[j].caps = term->w[j].caps;
			}
			if (!add_entry(ix, t, term->weight, w, n)) {
				topic_index_free(ix);
				return NULL;
			}
		}
	}
	return ix;
}

bool topic_index_add(struct topic_index *ix, const char *key, const char *term)
{
	struct tword w[8];
	struct words ws = {NULL, 0, 0};
	size_t t, i, n = 0;
	int weight = 2;
	bool ok;

	for (t = 0; t < bank_ntopics(ix->b); t++)
		if (strcmp(bank_topic(ix->b, t)->key, key) == 0)
			break;
	if (t == bank_ntopics(ix->b))
		return true;
	if (*term == '~') {
		weight = 1;
		term++;
	}
	if (!words_split(term, strlen(term), &ws))
		return false;
	for (i = 0; i < ws.n && n < 8; i++) {
		memset(&w[n], 0, sizeof w[n]);
		snprintf(w[n].w, sizeof w[n].w, "%s", ws.v[i].w);
		snprintf(w[n].stem, sizeof w[n].stem, "%s", ws.v[i].stem);
		n++;
	}
	words_release(&ws);
	ok = add_entry(ix, t, weight, w, n);
	return ok;
}

void topic_hits_release(struct topic_hits *h)
{
	free(h->v);
	memset(h, 0, sizeof *h);
}

static struct topic_hit *hit_for(struct topic_hits *h, size_t topic)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (h->v[i].topic == topic)
			return &h->v[i];
	if (!ak_grow(&h->v, &h->cap, h->n + 1, sizeof *h->v))
		return NULL;
	memset(&h->v[h->n], 0, sizeof h->v[h->n]);
	h->v[h->n].topic = topic;
	return &h->v[h->n++];
}

bool topic_hits_prior(struct topic_hits *h, size_t t)
{
	struct topic_hit *x = hit_for(h, t);

	if (!x)
		return false;
	x->prior = true;
	return true;
}

static bool word_ok(const struct tword *t, const struct word *w)
{
	if (t->caps && !w->acronym)
		return false;
	if (t->prefix)
		return strncmp(w->w, t->w, strlen(t->w)) == 0;
	return strcmp(w->stem, t->stem) == 0;
}

/* Does entry e match at word i of w? The words' end in *end. */
static bool match_at(const struct entry *e, const struct words *w, size_t i, size_t *end)
{
	size_t k;

	if (i + e->n > w->n)
		return false;
	for (k = 0; k < e->n; k++)
		if (!word_ok(&e->w[k], &w->v[i + k]))
			return false;
	*end = i + e->n;
	return true;
}

static bool try_bucket(const struct topic_index *ix, const struct bucket *b, const struct words *w,
		       size_t i, struct topic_hits *out, uint64_t *seen_terms)
{
	size_t k, end;

	for (k = 0; k < b->n; k++) {
		const struct entry *e = &ix->e[b->v[k]];
		struct topic_hit *h;
		if (!match_at(e, w, i, &end))
			continue;
		/* each term counts once per statement */
		if (seen_terms[b->v[k] / 64] & (1ull << (b->v[k] % 64)))
			continue;
		seen_terms[b->v[k] / 64] |= 1ull << (b->v[k] % 64);
		h = hit_for(out, e->topic);
		if (!h)
			return false;
		/* a word counts once for a topic, however many of its terms it
		 * matches ("change" and "changed*") */
		{
			size_t m;
			bool again = false;
			for (m = 0; m < h->nspans; m++)
				if (h->span[m][0] == w->v[i].off)
					again = true;
			if (again)
				continue;
		}
		h->weight += e->weight;
		if (h->nspans < TOPIC_SPANS) {
			h->span[h->nspans][0] = w->v[i].off;
			h->span[h->nspans][1] = w->v[end - 1].off + w->v[end - 1].len;
			h->nspans++;
		}
	}
	return true;
}

bool topics_match(const struct topic_index *ix, const char *s, const struct words *w,
		  struct topic_hits *out)
{
	uint64_t *seen = calloc(ix->n / 64 + 1, sizeof *seen);
	size_t i;
	bool ok = true;

	(void)s;
	out->n = 0;
	if (!seen)
		return false;
	for (i = 0; i < w->n && ok; i++) {
		const struct word *x = &w->v[i];
		uint32_t a = hash(x->stem, SIZE_MAX, false), b = hash(x->w, SIZE_MAX, false);
		ok = try_bucket(ix, &ix->buckets[a], w, i, out, seen);
		if (ok && b != a)
			ok = try_bucket(ix, &ix->buckets[b], w, i, out, seen);
		if (ok && strlen(x->w) >= HEAD)
			ok = try_bucket(ix, &ix->buckets[hash(x->w, HEAD, true)], w, i, out, seen);
	}
	free(seen);
	return ok;
}
