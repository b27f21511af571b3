/* test_text.c: normalised text and its map, words, numbers, typos. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalise_and_map),
		cmocka_unit_test(test_words_numbers_stems),
		cmocka_unit_test(test_one_typo_in_longer_words),
		cmocka_unit_test(test_index_lookup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
