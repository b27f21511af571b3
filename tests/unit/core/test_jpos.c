/* test_jpos.c: positions of JSON values and keys, and string columns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/jpos.h"

static const char text[] = "{\n"
			   "  \"a\": 1,\n"
			   "  \"b\": [true, {\"c/d\": \"x\\\\y(z\"}],\n"
			   "  \"\xC3\xA9t\xC3\xA9\": \"caf\xC3\xA9\"\n"
			   "}\n";

static void test_values_and_keys(void **state)
{
	struct jpos *p = jpos_build(text, strlen(text));
	struct jpos_loc loc;
	(void)state;

	assert_non_null(p);
	assert_true(jpos_find(p, "/a", &loc));
	assert_int_equal(loc.line, 2);
	assert_int_equal(loc.col, 8);
	assert_int_equal(loc.key_line, 2);
	assert_int_equal(loc.key_col, 3);
	assert_true(jpos_find(p, "/b/0", &loc));
	assert_int_equal(loc.col, 9);
	assert_int_equal(loc.key_line, 0);
	/* "/" in a key is escaped as ~1 (JSON Pointer) */
	assert_true(jpos_find(p, "/b/1/c~1d", &loc));
	assert_int_equal(loc.line, 3);
	assert_int_equal(loc.col, 23);
	/* columns count characters, not bytes */
	assert_true(jpos_find(p, "/\xC3\xA9t\xC3\xA9", &loc));
	assert_int_equal(loc.line, 4);
	assert_int_equal(loc.col, 10);
	assert_false(jpos_find(p, "/nope", &loc));
	assert_int_equal(loc.line, 0);
	jpos_free(p);
}

static void test_string_column_skips_escapes(void **state)
{
	struct jpos *p = jpos_build(text, strlen(text));
	struct jpos_loc loc;
	(void)state;

	assert_true(jpos_find(p, "/b/1/c~1d", &loc));
	/* decoded "x\y(z": byte 2 is 'y', which sits after the two-character
	 * escape "\\" in the source */
	assert_int_equal(jpos_string_col(p, &loc, 0), 24);
	assert_int_equal(jpos_string_col(p, &loc, 1), 25);
	assert_int_equal(jpos_string_col(p, &loc, 2), 27);
	jpos_free(p);
}

static void test_load_reports_syntax(void **state)
{
	struct ak_diags d = AK_DIAGS_INIT;
	json_t *root;
	struct jpos *p;
	const char *bad = "{\n  \"a\": 1,\n  \"a\": 2\n}";
	(void)state;

	assert_false(jpos_load("x.json", bad, strlen(bad), &root, &p, &d));
	assert_null(root);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].line, 3);
	assert_non_null(strstr(d.v[0].msg, "duplicate"));
	ak_diags_release(&d);
}

static void test_path_building(void **state)
{
	char p[16];
	(void)state;

	assert_true(jpos_path_key(p, sizeof p, "", "a~b"));
	assert_string_equal(p, "/a~0b");
	assert_true(jpos_path_index(p, sizeof p, p, 12));
	assert_string_equal(p, "/a~0b/12");
	assert_false(jpos_path_key(p, sizeof p, p, "much-too-long-name"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_and_keys),
		cmocka_unit_test(test_string_column_skips_escapes),
		cmocka_unit_test(test_load_reports_syntax),
		cmocka_unit_test(test_path_building),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
