/* test_cell.c: cells bound for a spreadsheet: what gets the apostrophe,
 * and that reading back takes exactly one off. */
#define _GNU_SOURCE /* open_memstream */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cell.h"

static char *written(const char *s)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);

	assert_non_null(fp);
	assert_true(ak_cell_write_csv(fp, s, strlen(s), ','));
	fclose(fp);
	return buf;
}

static void test_guard(void **state)
{
	static const char *const risky[] = {"=1+1", "+1", "-12", "@SUM(A1)", "\tx", "\rx", "'=x", "''-1"};
	static const char *const plain[] = {"", "plain", "a=b", "'quoted", "1-2", " =x"};
	size_t i;
	(void)state;

	for (i = 0; i < sizeof risky / sizeof *risky; i++) {
		char *w = written(risky[i]);
		assert_true(ak_cell_needs_guard(risky[i]));
		/* the field as written, unquoted where it can be: an apostrophe first */
		assert_true(w[0] == '\'' || (w[0] == '"' && w[1] == '\''));
		free(w);
		/* and taken off again, exactly once */
		{
			char g[32];
			snprintf(g, sizeof g, "'%s", risky[i]);
			assert_int_equal(ak_cell_unguard(g), 1);
			assert_string_equal(g + ak_cell_unguard(g), risky[i]);
		}
	}
	for (i = 0; i < sizeof plain / sizeof *plain; i++) {
		char *w = written(plain[i]);
		assert_false(ak_cell_needs_guard(plain[i]));
		assert_int_equal(ak_cell_unguard(plain[i]), 0);
		assert_true(strstr(w, plain[i]) != NULL);
		free(w);
	}
	assert_false(ak_cell_formula_like(NULL));
	assert_int_equal(ak_cell_unguard("'plain"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_guard)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
