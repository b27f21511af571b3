/* test_textin.c: text files as people save them: byte-order marks, UTF-16
 * converted, NUL bytes and limits refused at once, old Mac line ends, and
 * the control characters a name must not carry into a header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/textin.h"

static char *write_tmp(const void *p, size_t n)
{
	static char path[64];
	int fd;

	snprintf(path, sizeof path, "/tmp/ak-textin-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, p, n), (ssize_t)n);
	close(fd);
	return path;
}

static void test_bom_of(void **state)
{
	(void)state;
	assert_int_equal(ak_bom_of("\xEF\xBB\xBF{", 4), AK_BOM_UTF8);
	assert_int_equal(ak_bom_of("\xFF\xFE{", 3), AK_BOM_UTF16LE);
	assert_int_equal(ak_bom_of("\xFE\xFF", 2), AK_BOM_UTF16BE);
	assert_int_equal(ak_bom_of("\xEF\xBB", 2), AK_BOM_NONE);
	assert_int_equal(ak_bom_of("{}", 2), AK_BOM_NONE);
}

static void test_utf16(void **state)
{
	char *out = NULL;
	size_t n;
	bool oom;
	(void)state;

	/* "Zoë €" and a surrogate pair (U+1F600) */
	assert_true(ak_utf16_to_utf8("Z\0o\0\xEB\0 \0\xAC\x20=\xD8\x00\xDE", 14, AK_BOM_UTF16LE, &out, &n, &oom));
	assert_string_equal(out, "Zo\xC3\xAB \xE2\x82\xAC\xF0\x9F\x98\x80");
	free(out);
	assert_true(ak_utf16_to_utf8("\0Z\0o", 4, AK_BOM_UTF16BE, &out, &n, &oom));
	assert_string_equal(out, "Zo");
	free(out);
	/* an unpaired surrogate, an odd byte count */
	assert_false(ak_utf16_to_utf8("\x00\xD8", 2, AK_BOM_UTF16LE, &out, &n, &oom));
	assert_false(oom);
	assert_false(ak_utf16_to_utf8("Z\0o", 3, AK_BOM_UTF16LE, &out, &n, &oom));
}

static void test_read_text(void **state)
{
	char *data = NULL, *path;
	size_t n;
	(void)state;

	path = write_tmp("\xEF\xBB\xBF{\"a\": 1}", 11);
	assert_int_equal(ak_read_text(path, 0, 0, &data, &n), AK_OK);
	assert_int_equal(n, 8);
	assert_string_equal(data, "{\"a\": 1}");
	free(data);
	assert_int_equal(ak_read_text(path, 0, AK_TEXT_KEEP_BOM, &data, &n), AK_OK);
	assert_int_equal(n, 11);
	free(data);
	/* over the limit: refused on its size */
	assert_int_equal(ak_read_text(path, 10, 0, &data, &n), AK_ERR_INPUT);
	assert_null(data);
	unlink(path);

	path = write_tmp("\xFF\xFE{\0}\0", 6);
	assert_int_equal(ak_read_text(path, 0, 0, &data, &n), AK_OK);
	assert_string_equal(data, "{}");
	free(data);
	assert_int_equal(ak_read_text(path, 0, AK_TEXT_NO_UTF16, &data, &n), AK_ERR_DATA);
	unlink(path);

	path = write_tmp("a\nb\0c", 5);
	assert_int_equal(ak_read_text(path, 0, 0, &data, &n), AK_ERR_DATA);
	assert_null(data);
	unlink(path);

	/* UTF-16 without its mark */
	path = write_tmp("-\0-\0-\0\n\0r\0o\0l\0e\0", 16);
	assert_int_equal(ak_read_text(path, 0, 0, &data, &n), AK_ERR_DATA);
	unlink(path);

	/* a device: one read, refused at its first NUL */
	assert_int_equal(ak_read_text("/dev/zero", 64u << 20, 0, &data, &n), AK_ERR_DATA);
	assert_int_equal(ak_read_text("/nonexistent/x", 0, 0, &data, &n), AK_ERR_INPUT);
}

static void test_lone_cr(void **state)
{
	char s[] = "a\rb\r\nc\r";
	(void)state;
	assert_int_equal(ak_lone_cr_to_lf(s, strlen(s)), 2);
	assert_string_equal(s, "a\nb\r\nc\n");
}

static void test_control_in(void **state)
{
	(void)state;
	assert_null(ak_control_in("Zo\xC3\xAB O'Brien"));
	assert_string_equal(ak_control_in("a\nb"), "a line break");
	assert_string_equal(ak_control_in("a\rb"), "a carriage return");
	assert_string_equal(ak_control_in("a\tb"), "a tab");
	assert_string_equal(ak_control_in("a\x1b[2J"), "control character U+001B");
	assert_string_equal(ak_control_in("a\x7f"), "control character U+007F");
	assert_string_equal(ak_control_in("a\xC2\x85"), "control character U+0085");
	assert_string_equal(ak_control_in("a\xE2\x80\xA8"), "a Unicode line separator");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bom_of),     cmocka_unit_test(test_utf16),
		cmocka_unit_test(test_read_text),  cmocka_unit_test(test_lone_cr),
		cmocka_unit_test(test_control_in),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
