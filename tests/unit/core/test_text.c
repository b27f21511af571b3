/* test_text.c: normalised text and its map, words, numbers, typos. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

static void test_normalise_and_map(void **state)
{
	/* curly quotes, an en dash, a no-break space, runs of white space */
	const char src[] = "I \xE2\x80\x9C" "don\xE2\x80\x99" "t\xE2\x80\x9D  know\xC2\xA0\xE2\x80\x93 really";
	struct text t;
	(void)state;

	text_init(&t);
	text_add(&t, src, strlen(src), 100);
	assert_false(t.oom);
	assert_string_equal(t.s, "I \"don't\" know - really");
	/* each byte knows its source: the straight quote is the curly one */
	assert_int_equal(t.map[2], 100 + 2);
	assert_int_equal(t.map[6], 100 + 8);
	assert_int_equal(t.map[t.len], 100 + strlen(src));
	/* a second segment is kept apart by a line break */
	text_add(&t, "next", 4, 500);
	assert_string_equal(t.s + t.len - 5, "\nnext");
	assert_int_equal(t.map[t.len - 4], 500);
	text_release(&t);
}

static void test_words_numbers_stems(void **state)
{
	const char *s = "EUR 180,000 or 180k, 3 % and 3,5 of 4 thousand; Managed SOC's Ransomware";
	struct words w = {NULL, 0, 0};
	(void)state;

	assert_true(words_split(s, strlen(s), &w));
	assert_string_equal(w.v[0].w, "eur");
	assert_true(w.v[0].acronym);
	assert_true(w.v[1].is_num);
	assert_true(w.v[1].num == 180000);
	assert_true(w.v[3].is_num);
	assert_true(w.v[3].num == 180000); /* 180k */
	assert_true(w.v[4].num == 3);      /* 3 % */
	assert_true(w.v[6].num == 3.5);    /* a decimal comma */
	assert_true(w.v[8].num == 4000);   /* 4 thousand */
	assert_string_equal(w.v[10].stem, "manag");
	assert_false(w.v[10].acronym);
	assert_true(w.v[11].acronym);     /* SOC */
	assert_string_equal(w.v[13].stem, "ransomwar");
	words_release(&w);
}

static void test_one_typo_in_longer_words(void **state)
{
	struct words a = {NULL, 0, 0};
	const char *s = "ransomware ransomeware ransomwear phishing phising fraud frod 3 3.0";
	(void)state;

	assert_true(words_split(s, strlen(s), &a));
	assert_true(text_word_match(&a.v[0], &a.v[1]));  /* an extra letter */
	assert_true(text_word_match(&a.v[0], &a.v[2]));  /* two letters swapped */
	assert_true(text_word_match(&a.v[3], &a.v[4]));  /* a letter missing */
	assert_false(text_word_match(&a.v[5], &a.v[6])); /* short words must be exact */
	assert_true(text_word_match(&a.v[7], &a.v[8]));  /* numbers by value */
	words_release(&a);
}

static void test_index_lookup(void **state)
{
	const char *s = "ransomware first, then fraud, then ransomeware again and 180k or 180,000";
	struct words w = {NULL, 0, 0}, k = {NULL, 0, 0};
	struct word_index *ix;
	size_t *pos = NULL, n = 0, cap = 0;
	(void)state;

	assert_true(words_split(s, strlen(s), &w));
	assert_true(words_split("Ransomware 180000", 17, &k));
	ix = word_index_build(&w);
	assert_non_null(ix);
	assert_true(word_index_lookup(ix, &k.v[0], &pos, &n, &cap));
	assert_int_equal(n, 2); /* exact, and one typo away, in text order */
	assert_int_equal(pos[0], 0);
	assert_int_equal(pos[1], 5);
	n = 0;
	assert_true(word_index_lookup(ix, &k.v[1], &pos, &n, &cap));
	assert_int_equal(n, 2);
	free(pos);
	word_index_free(ix);
	words_release(&w);
	words_release(&k);
}

/* The stopwords and the number names are looked up by halves: a table
 * out of order would lose some of them. Each is listed here as people
 * write it, with words that must not match. */
static void test_stopwords_and_number_names(void **state)
{
	static const char *const stop[] = {
		"a", "about", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
		"by", "can", "do", "does", "each", "every", "for", "from", "had", "has", "have",
		"how", "i", "in", "into", "is", "it", "its", "my", "no", "not", "of", "on", "or",
		"our", "out", "per", "so", "than", "that", "the", "their", "them", "then", "there",
		"these", "they", "this", "those", "to", "up", "us", "was", "we", "were", "what",
		"when", "which", "who", "will", "with", "within", "would", "you", "your",
	};
	static const char *const content[] = {"risk", "board", "", "zz", "aa", "yours", "ab"};
	static const char *const names[] = {
		"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
		"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
		"eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
		"eighty", "ninety",
	};
	static const double values[] = {0,  1,  2,  3,  4,  5,  6,  7,  8,  9,
					10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
					20, 30, 40, 50, 60, 70, 80, 90};
	struct words w = {NULL, 0, 0};
	char line[64];
	size_t i;
	(void)state;

	for (i = 0; i < sizeof stop / sizeof *stop; i++)
		assert_true(text_stopword(stop[i]));
	for (i = 0; i < sizeof content / sizeof *content; i++)
		assert_false(text_stopword(content[i]));
	for (i = 0; i < sizeof names / sizeof *names; i++) {
		/* "one" alone is not a number ("the one I worry about") */
		snprintf(line, sizeof line, "%s risks", names[i]);
		assert_true(words_split(line, strlen(line), &w));
		assert_int_equal(w.v[0].is_num, i != 1);
		if (i != 1)
			assert_true(w.v[0].num == values[i]);
		words_release(&w);
	}
	assert_true(words_split("sevens fort nine-ty", 19, &w));
	assert_false(w.v[0].is_num);
	assert_false(w.v[1].is_num);
	words_release(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalise_and_map),
		cmocka_unit_test(test_words_numbers_stems),
		cmocka_unit_test(test_one_typo_in_longer_words),
		cmocka_unit_test(test_index_lookup),
		cmocka_unit_test(test_stopwords_and_number_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
