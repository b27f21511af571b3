/* text.h: answer text as scoring sees it.
 *
 * The notes are kept byte for byte; scoring works on a normalised copy in
 * which curly quotes and dashes are straightened, no-break spaces are
 * spaces and every run of white space is one space, so one pattern serves
 * however the notes were typed. Every byte of the copy knows where it came
 * from (map), so a hit is always quoted and located in the original notes.
 * Words are lower-cased (ASCII and Latin-1 letters), stemmed with Snowball's
 * English stemmer and read as numbers where they are ("180,000", "180k",
 * "3 %"), for the knowledge probes. */
#ifndef AK_TEXT_H
#define AK_TEXT_H

#include <stdbool.h>
#include <stddef.h>

struct text {
	char *s;     /* normalised, NUL-terminated */
	size_t len;
	size_t *map; /* map[i]: offset in the source of s[i]; map[len]: end of the last byte */
	size_t cap;
	bool oom;
};

void text_init(struct text *t);
void text_release(struct text *t);
/* Append src[0..n), which sits at offset base of the source, normalising as
 * described above. Segments are separated by one line break. */
void text_add(struct text *t, const char *src, size_t n, size_t base);

/* dst becomes a copy of src's bytes [a, b) with their map (dst->oom set
 * when out of memory). dst need not be initialised; release it. */
void text_slice(struct text *dst, const struct text *src, size_t a, size_t b);

/* ---- words ---------------------------------------------------------------- */

struct word {
	char w[48];     /* lower-cased, truncated */
	char stem[48];
	size_t off, len; /* in the normalised text */
	bool is_num;
	bool acronym;    /* written in capitals, 2 to 6 letters: "SOC", "WMS" */
	double num;
};

struct words {
	struct word *v;
	size_t n, cap;
};

/* Split t into words (letters and digits; a number keeps its "," "." and a
 * trailing "k", "m" or "%"). Returns false when out of memory. */
bool words_split(const char *s, size_t len, struct words *out);
void words_release(struct words *w);

/* Stem one lower-case word into out (size n). */
void text_stem(const char *w, char *out, size_t n);
/* True for "the", "of", "and" and other words that carry no meaning. */
bool text_stopword(const char *w);
/* Equal stems, or (both words at least 6 letters) one edit apart: one typo
 * in a longer key word is forgiven. */
bool text_word_match(const struct word *a, const struct word *b);
/* Lower-case a UTF-8 string in place (ASCII and Latin-1 letters). */
void text_lower(char *s);

/* ---- an index of an answer's words ---------------------------------------
 * The probes ask "where does this word stand?" thousands of times per
 * answer; a sorted index answers in a binary search instead of a pass over
 * every word (a pasted 1 MiB answer has 150,000). */
struct word_index;

struct word_index *word_index_build(const struct words *w); /* NULL: out of memory */
void word_index_free(struct word_index *ix);
/* Append to *pos (of *n, capacity *cap) the indices of every word that
 * matches kw as text_word_match does, in text order. false: out of memory. */
bool word_index_lookup(const struct word_index *ix, const struct word *kw, size_t **pos, size_t *n,
		       size_t *cap);

#endif
