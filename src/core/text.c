/* text.c: normalised answer text, words, stems and numbers (text.h). */
#include "core/text.h"

#include <libstemmer.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* ======================================================================
 * Normalised text with a map back to the source
 * ====================================================================== */

void text_init(struct text *t) { memset(t, 0, sizeof *t); }

void text_release(struct text *t)
{
	free(t->s);
	free(t->map);
	text_init(t);
}

static void put(struct text *t, char c, size_t from, size_t end)
{
	if (t->oom)
		return;
	if (t->len + 2 > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		char *s = realloc(t->s, cap);
		size_t *m;
		if (!s) {
			t->oom = true;
			return;
		}
		t->s = s;
		m = realloc(t->map, cap * sizeof *m);
		if (!m) {
			t->oom = true;
			return;
		}
		t->map = m;
		t->cap = cap;
	}
	t->s[t->len] = c;
	t->map[t->len] = from;
	t->len++;
	t->s[t->len] = '\0';
	t->map[t->len] = end;
}

void text_slice(struct text *dst, const struct text *src, size_t a, size_t b)
{
	size_t n = b > a ? b - a : 0;

	text_init(dst);
	if (a > src->len || b > src->len)
		n = 0;
	dst->s = malloc(n + 1);
	dst->map = malloc((n + 1) * sizeof *dst->map);
	if (!dst->s || !dst->map) {
		free(dst->s);
		free(dst->map);
		dst->s = NULL;
		dst->map = NULL;
		dst->oom = true;
		return;
	}
	if (n) {
		memcpy(dst->s, src->s + a, n);
		memcpy(dst->map, src->map + a, n * sizeof *dst->map);
	}
	dst->s[n] = '\0';
	dst->map[n] = n ? src->map[b] : (a <= src->len && src->map ? src->map[a] : 0);
	dst->len = n;
	dst->cap = n + 1;
}

/* How a byte sequence at p reads after normalisation: its replacement
 * character (0: keep the bytes) and its length. */
static char replacement(const unsigned char *p, size_t n, size_t *seq)
{
	*seq = 1;
	if (n >= 2 && p[0] == 0xC2 && p[1] == 0xA0) {
		*seq = 2;
		return ' '; /* no-break space */
	}
	if (n >= 3 && p[0] == 0xE2 && p[1] == 0x80) {
		*seq = 3;
		switch (p[2]) {
		case 0x98: case 0x99: case 0x9B: case 0xB2: return '\'';
		case 0x9C: case 0x9D: case 0x9F: case 0xB3: return '"';
		case 0x90: case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: return '-';
		case 0xAF: case 0x89: case 0x8A: case 0x8B: return ' ';
		case 0xA6: return '.'; /* horizontal ellipsis, written as "..." */
		}
		*seq = 1;
	}
	if (n >= 3 && p[0] == 0xE2 && p[1] == 0x88 && p[2] == 0x92) {
		*seq = 3;
		return '-'; /* minus sign */
	}
	return 0;
}

void text_add(struct text *t, const char *src, size_t n, size_t base)
{
	const unsigned char *p = (const unsigned char *)src;
	size_t i = 0;
	bool space = false, segment = t->len > 0;

	while (i < n) {
		size_t seq;
		char r = replacement(p + i, n - i, &seq);
		bool ws = r == ' ' || p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r' ||
			  p[i] == '\f' || p[i] == '\v';
		if (ws) {
			space = true;
			i += seq;
			continue;
		}
		/* segments (lines of the notes) are kept apart by a line break,
		 * so a sentence never runs from one line into the next */
		if (segment)
			put(t, '\n', base + i, base + i);
		else if (space && t->len > 0)
			put(t, ' ', base + i, base + i);
		space = segment = false;
		if (r == '.' && seq == 3) {
			/* an ellipsis reads as the three dots people also type */
			put(t, '.', base + i, base + i);
			put(t, '.', base + i, base + i);
			put(t, '.', base + i, base + i + seq);
		} else if (r)
			put(t, r, base + i, base + i + seq);
		else
			put(t, (char)p[i], base + i, base + i + 1);
		i += seq;
	}
	if (t->len && !t->oom)
		t->map[t->len] = base + n;
}

/* ======================================================================
 * Words
 * ====================================================================== */

void text_lower(char *s)
{
	unsigned char *p = (unsigned char *)s;

	for (; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (unsigned char)(*p + 32);
		else if (p[0] == 0xC3 && p[1] >= 0x80 && p[1] <= 0x9E && p[1] != 0x97) {
			p[1] = (unsigned char)(p[1] + 0x20); /* À..Þ -> à..þ */
			p++;
		}
	}
}

static bool is_word_byte(const unsigned char *p, size_t n)
{
	if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))
		return true;
	if (*p < 0x80)
		return false;
	/* currency and punctuation outside ASCII separate words */
	if (n >= 2 && p[0] == 0xC2 && (p[1] < 0xC0 && p[1] != 0xB5))
		return false;
	if (n >= 3 && p[0] == 0xE2)
		return false;
	return true;
}

/* "180,000" "3.5" "180k" "2m" "3%": a number, read into *v. */
static bool parse_number(const char *w, double *v)
{
	char buf[48];
	size_t i, n = 0;
	double mult = 1;
	char *end;
	size_t len = strlen(w);

	if (len == 0 || !(w[0] >= '0' && w[0] <= '9'))
		return false;
	if (w[len - 1] == '%')
		len--;
	else if (w[len - 1] == 'k' && len > 1 && w[len - 2] >= '0' && w[len - 2] <= '9') {
		mult = 1e3;
		len--;
	} else if (w[len - 1] == 'm' && len > 1 && w[len - 2] >= '0' && w[len - 2] <= '9') {
		mult = 1e6;
		len--;
	}
	for (i = 0; i < len && n < sizeof buf - 1; i++) {
		char c = w[i];
		if (c >= '0' && c <= '9')
			buf[n++] = c;
		else if (c == ',' && i + 3 < len + 1 && len - i - 1 == 3)
			continue; /* a thousands separator: exactly three digits follow */
		else if (c == ',' && i + 4 <= len && w[i + 4] == ',')
			continue; /* 1,000,000 */
		else if (c == '.' || c == ',')
			buf[n++] = '.';
		else
			return false;
	}
	buf[n] = '\0';
	*v = strtod(buf, &end) * mult;
	return *end == '\0' && n > 0;
}

static const char *const stopwords[] = {
	"a", "about", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "by",
	"can", "do", "does", "each", "every", "for", "from", "had", "has", "have", "how", "i",
	"in", "into", "is", "it", "its", "my", "no", "not", "of", "on", "or", "our", "out",
	"per", "so", "than", "that", "the", "their", "them", "then", "there", "these", "they",
	"this", "those", "to", "up", "us", "was", "we", "were", "what", "when", "which", "who",
	"will", "with", "within", "would", "you", "your", NULL,
};

static int cmp_name(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

/* stopwords[] is in strcmp order (a unit test checks it): every word of
 * every answer is looked up, so by halves, not one by one */
bool text_stopword(const char *w)
{
	return bsearch(w, stopwords, sizeof stopwords / sizeof *stopwords - 1, sizeof *stopwords,
		       cmp_name) != NULL;
}

static struct sb_stemmer *stemmer;

void text_stem(const char *w, char *out, size_t n)
{
	const sb_symbol *s;
	int len;

	if (!stemmer)
		stemmer = sb_stemmer_new("english", "UTF_8");
	if (!stemmer) {
		snprintf(out, n, "%s", w);
		return;
	}
	s = sb_stemmer_stem(stemmer, (const sb_symbol *)w, (int)strlen(w));
	len = sb_stemmer_length(stemmer);
	if (!s || len <= 0) {
		snprintf(out, n, "%s", w);
		return;
	}
	snprintf(out, n, "%.*s", len, (const char *)s);
}

/* Numbers written in words, as people say them: "four", "twenty-three",
 * "a hundred and twelve", "two hundred and forty thousand". The first word
 * of the run takes the value (is_num, num); a lone "one" (as in "the one I
 * worry about") is not read as a number. */
struct number_name {
	const char *name; /* first, so that cmp_name reads it */
	int value;
};

/* in strcmp order, looked up by halves: every word of every answer asks */
static const struct number_name number_names[] = {
	{"eight", 8},     {"eighteen", 18}, {"eighty", 80},    {"eleven", 11},   {"fifteen", 15},
	{"fifty", 50},    {"five", 5},      {"forty", 40},     {"four", 4},      {"fourteen", 14},
	{"nine", 9},      {"nineteen", 19}, {"ninety", 90},    {"one", 1},       {"seven", 7},
	{"seventeen", 17}, {"seventy", 70}, {"six", 6},        {"sixteen", 16},  {"sixty", 60},
	{"ten", 10},      {"thirteen", 13}, {"thirty", 30},    {"three", 3},     {"twelve", 12},
	{"twenty", 20},   {"two", 2},       {"zero", 0},
};

static int unit_value(const char *w)
{
	const struct number_name *u;

	/* every name starts with one of these letters */
	if (!strchr("efnostz", w[0]) || !w[0])
		return -1;
	u = bsearch(w, number_names, sizeof number_names / sizeof *number_names,
		    sizeof *number_names, cmp_name);
	return u ? u->value : -1;
}

static void number_words(struct words *out)
{
	size_t i = 0;

	while (i < out->n) {
		double total = 0, cur = 0;
		size_t j = i, used = 0;
		bool any = false;
		while (j < out->n) {
			const char *w = out->v[j].w;
			int u = unit_value(w);
			if (u >= 0) {
				cur += u;
				any = true;
			} else if (strcmp(w, "hundred") == 0 && (any || (j > i && strcmp(out->v[j - 1].w, "a") == 0))) {
				cur = (cur ? cur : 1) * 100;
				any = true;
			} else if ((strcmp(w, "thousand") == 0 || strcmp(w, "million") == 0) &&
				   (any || (j > i && strcmp(out->v[j - 1].w, "a") == 0))) {
				double m = w[0] == 't' ? 1e3 : 1e6;
				total += (cur ? cur : 1) * m;
				cur = 0;
				any = true;
			} else if (strcmp(w, "and") == 0 && any && j + 1 < out->n &&
				   (unit_value(out->v[j + 1].w) >= 0)) {
				/* "a hundred and twelve" */
			} else if (strcmp(w, "a") == 0 && !any && j + 1 < out->n &&
				   (strcmp(out->v[j + 1].w, "hundred") == 0 ||
				    strcmp(out->v[j + 1].w, "thousand") == 0)) {
				/* "a hundred" */
			} else {
				break;
			}
			j++;
			used++;
		}
		if (any && !out->v[i].is_num && !(used == 1 && strcmp(out->v[i].w, "one") == 0)) {
			out->v[i].is_num = true;
			out->v[i].num = total + cur;
		}
		i = j > i ? j : i + 1;
	}
}

bool words_split(const char *s, size_t len, struct words *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		size_t start, wl;
		struct word *w;
		if (!is_word_byte(p + i, len - i)) {
			/* skip the whole character: the continuation bytes of "£"
			 * or an en dash are no word of their own */
			i++;
			while (i < len && (p[i] & 0xC0) == 0x80)
				i++;
			continue;
		}
		start = i;
		while (i < len) {
			if (is_word_byte(p + i, len - i)) {
				i++;
			} else if ((p[i] == ',' || p[i] == '.') && i > start && i + 1 < len &&
				   p[i - 1] >= '0' && p[i - 1] <= '9' && p[i + 1] >= '0' && p[i + 1] <= '9') {
				i++;
			} else {
				break;
			}
		}
		if (i < len && p[i] == '%' && p[i - 1] >= '0' && p[i - 1] <= '9')
			i++;
		if (!ak_grow(&out->v, &out->cap, out->n + 1, sizeof *out->v))
			return false;
		w = &out->v[out->n++];
		memset(w, 0, sizeof *w);
		wl = i - start < sizeof w->w ? i - start : sizeof w->w - 1;
		memcpy(w->w, s + start, wl);
		w->w[wl] = '\0';
		if (wl >= 2 && wl <= 6) {
			size_t k;
			w->acronym = true;
			for (k = 0; k < wl; k++)
				if (!(w->w[k] >= 'A' && w->w[k] <= 'Z'))
					w->acronym = false;
		}
		text_lower(w->w);
		w->off = start;
		w->len = i - start;
		w->is_num = parse_number(w->w, &w->num);
		if (w->is_num)
			snprintf(w->stem, sizeof w->stem, "%s", w->w);
		else
			text_stem(w->w, w->stem, sizeof w->stem);
	}
	number_words(out);
	/* "3 %" and "180 k": a number and its unit written apart */
	for (i = 0; i + 1 < out->n; i++) {
		struct word *a = &out->v[i], *b = &out->v[i + 1];
		if (a->is_num && !b->is_num && b->off == a->off + a->len + 1 &&
		    (strcmp(b->w, "k") == 0 || strcmp(b->w, "thousand") == 0))
			a->num *= 1e3;
		else if (a->is_num && strcmp(b->w, "million") == 0)
			a->num *= 1e6;
	}
	return true;
}

void words_release(struct words *w)
{
	free(w->v);
	w->v = NULL;
	w->n = w->cap = 0;
}

/* Optimal string alignment distance, stopping early past 1. */
static bool within_one_edit(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i = 0, j = 0;

	if (la > lb + 1 || lb > la + 1)
		return false;
	while (i < la && j < lb && a[i] == b[j])
		i++, j++;
	if (i == la || j == lb)
		return la - i + lb - j <= 1;
	if (la == lb) {
		/* one substitution, or one transposition */
		if (strcmp(a + i + 1, b + j + 1) == 0)
			return true;
		return a[i] == b[j + 1] && a[i + 1] == b[j] && strcmp(a + i + 2, b + j + 2) == 0;
	}
	return la > lb ? strcmp(a + i + 1, b + j) == 0 : strcmp(a + i, b + j + 1) == 0;
}

bool text_word_match(const struct word *a, const struct word *b)
{
	if (a->is_num || b->is_num)
		return a->is_num && b->is_num && fabs(a->num - b->num) < 1e-9;
	if (strcmp(a->stem, b->stem) == 0)
		return true;
	return strlen(a->w) >= 6 && strlen(b->w) >= 6 && within_one_edit(a->stem, b->stem);
}

/* ======================================================================
 * Word index
 * ====================================================================== */

struct ix_entry {
	const struct word *w;
	size_t pos;
};

struct ix_stem {
	const char *stem;
	size_t len, first, count; /* the run of byword entries with this stem */
	bool long_word;           /* some word with this stem has six letters or more */
};

struct ix_len {
	size_t len, stem;
};

struct word_index {
	const struct words *words;
	struct ix_entry *byword; /* non-numbers, by stem then position */
	size_t nword;
	struct ix_entry *bynum;  /* numbers, by value then position */
	size_t nnum;
	struct ix_stem *stems;   /* each distinct stem once, for the one-typo search */
	size_t nstems;
	struct ix_len *bylen;    /* the stems of longer words, by length then order */
	size_t nbylen;
};

static int cmp_stem_pos(const void *a, const void *b)
{
	const struct ix_entry *x = a, *y = b;
	int c = strcmp(x->w->stem, y->w->stem);

	if (c)
		return c;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int cmp_len(const void *a, const void *b)
{
	const struct ix_len *x = a, *y = b;

	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->stem < y->stem ? -1 : x->stem > y->stem;
}

static int cmp_num_pos(const void *a, const void *b)
{
	const struct ix_entry *x = a, *y = b;

	if (x->w->num != y->w->num)
		return x->w->num < y->w->num ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

struct word_index *word_index_build(const struct words *w)
{
	struct word_index *ix = calloc(1, sizeof *ix);
	size_t i;

	if (!ix)
		return NULL;
	ix->words = w;
	ix->byword = malloc((w->n + 1) * sizeof *ix->byword);
	ix->bynum = malloc((w->n + 1) * sizeof *ix->bynum);
	if (!ix->byword || !ix->bynum) {
		word_index_free(ix);
		return NULL;
	}
	for (i = 0; i < w->n; i++) {
		struct ix_entry e = {&w->v[i], i};
		if (w->v[i].is_num)
			ix->bynum[ix->nnum++] = e;
		else
			ix->byword[ix->nword++] = e;
	}
	qsort(ix->byword, ix->nword, sizeof *ix->byword, cmp_stem_pos);
	qsort(ix->bynum, ix->nnum, sizeof *ix->bynum, cmp_num_pos);
	ix->stems = malloc((ix->nword + 1) * sizeof *ix->stems);
	if (!ix->stems) {
		word_index_free(ix);
		return NULL;
	}
	for (i = 0; i < ix->nword; i++) {
		const struct word *x = ix->byword[i].w;
		struct ix_stem *st = ix->nstems ? &ix->stems[ix->nstems - 1] : NULL;
		if (!st || strcmp(st->stem, x->stem) != 0) {
			st = &ix->stems[ix->nstems++];
			st->stem = x->stem;
			st->len = strlen(x->stem);
			st->first = i;
			st->count = 0;
			st->long_word = false;
		}
		st->count++;
		st->long_word |= strlen(x->w) >= 6;
	}
	/* the one-typo search looks only at stems within one letter of the
	 * word's length: those of longer words, in order of length */
	ix->bylen = malloc((ix->nstems + 1) * sizeof *ix->bylen);
	if (!ix->bylen) {
		word_index_free(ix);
		return NULL;
	}
	for (i = 0; i < ix->nstems; i++)
		if (ix->stems[i].long_word)
			ix->bylen[ix->nbylen++] = (struct ix_len){ix->stems[i].len, i};
	qsort(ix->bylen, ix->nbylen, sizeof *ix->bylen, cmp_len);
	return ix;
}

void word_index_free(struct word_index *ix)
{
	if (!ix)
		return;
	free(ix->byword);
	free(ix->bynum);
	free(ix->stems);
	free(ix->bylen);
	free(ix);
}

static bool push_pos(size_t **pos, size_t *n, size_t *cap, size_t p)
{
	if (!ak_grow(pos, cap, *n + 1, sizeof **pos))
		return false;
	(*pos)[(*n)++] = p;
	return true;
}

static int cmp_size_t(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

bool word_index_lookup(const struct word_index *ix, const struct word *kw, size_t **pos, size_t *n,
		       size_t *cap)
{
	size_t lo, hi, i, start = *n;

	if (kw->is_num) {
		lo = 0, hi = ix->nnum;
		while (lo < hi) {
			size_t m = (lo + hi) / 2;
			if (ix->bynum[m].w->num < kw->num - 1e-9)
				lo = m + 1;
			else
				hi = m;
		}
		for (i = lo; i < ix->nnum && fabs(ix->bynum[i].w->num - kw->num) < 1e-9; i++)
			if (!push_pos(pos, n, cap, ix->bynum[i].pos))
				return false;
		return true;
	}
	lo = 0, hi = ix->nword;
	while (lo < hi) {
		size_t m = (lo + hi) / 2;
		if (strcmp(ix->byword[m].w->stem, kw->stem) < 0)
			lo = m + 1;
		else
			hi = m;
	}
	for (i = lo; i < ix->nword && strcmp(ix->byword[i].w->stem, kw->stem) == 0; i++)
		if (!push_pos(pos, n, cap, ix->byword[i].pos))
			return false;
	/* one typo in a longer word: look at each distinct stem once, and
	 * only at stems within one letter of its length */
	if (strlen(kw->w) >= 6) {
		size_t klen = strlen(kw->stem), b;
		lo = 0, hi = ix->nbylen;
		while (lo < hi) { /* the first stem of klen - 1 letters or more */
			size_t m = (lo + hi) / 2;
			if (ix->bylen[m].len + 1 < klen)
				lo = m + 1;
			else
				hi = m;
		}
		for (b = lo; b < ix->nbylen && ix->bylen[b].len <= klen + 1; b++) {
			const struct ix_stem *st = &ix->stems[ix->bylen[b].stem];
			size_t k;
			if (strcmp(st->stem, kw->stem) == 0 || !within_one_edit(st->stem, kw->stem))
				continue;
			for (k = st->first; k < st->first + st->count; k++)
				if (strlen(ix->byword[k].w->w) >= 6 && !push_pos(pos, n, cap, ix->byword[k].pos))
					return false;
		}
		if (*n > start) /* *pos is still NULL when nothing was found */
			qsort(*pos + start, *n - start, sizeof **pos, cmp_size_t);
	}
	return true;
}
