/* test_util.c: the UTF-8 check (with its eight-bytes-at-a-time ASCII path)
 * against a byte-at-a-time reference, and the growable buffer's inline and
 * growing paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "core/util.h"

/* RFC 3629 read one byte at a time, written from the table in its section
 * 4, not from util.c: the offset of the first bad byte, or n. */
static size_t reference(const unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = p[i];
		size_t len;
		unsigned char lo = 0x80, hi = 0xBF;
		size_t k;
		if (c <= 0x7F) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
		} else if (c == 0xE0) {
			len = 3, lo = 0xA0;
		} else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
			len = 3;
		} else if (c == 0xED) {
			len = 3, hi = 0x9F;
		} else if (c == 0xF0) {
			len = 4, lo = 0x90;
		} else if (c >= 0xF1 && c <= 0xF3) {
			len = 4;
		} else if (c == 0xF4) {
			len = 4, hi = 0x8F;
		} else {
			return i;
		}
		if (i + len > n)
			return i;
		if (p[i + 1] < lo || p[i + 1] > hi)
			return i;
		for (k = 2; k < len; k++)
			if (p[i + k] < 0x80 || p[i + k] > 0xBF)
				return i;
		i += len;
	}
	return n;
}

static void check(const unsigned char *p, size_t n)
{
	size_t want = reference(p, n), got = ak_utf8_check((const char *)p, n);

	if (want != got) {
		size_t i;
		fprintf(stderr, "utf8: want %zu, got %zu for", want, got);
		for (i = 0; i < n; i++)
			fprintf(stderr, " %02x", p[i]);
		fputc('\n', stderr);
	}
	assert_int_equal(got, want);
}

/* Every one- to four-byte sequence of interesting bytes, at every offset
 * in and around runs of ASCII long enough for the eight-byte path. */
static void test_utf8_sequences(void **state)
{
	static const unsigned char bytes[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0,
					      0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC,
					      0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5,
					      0xFF};
	const size_t nb = sizeof bytes;
	unsigned char buf[64];
	size_t a, b, c, d, off;
	(void)state;

	for (a = 0; a < nb; a++)
		for (b = 0; b < nb; b++)
			for (c = 0; c < nb; c++)
				for (d = 0; d < nb; d += 3)
					for (off = 0; off <= 19; off += 3) {
						size_t n = off + 4 + (off % 2 ? 11 : 0);
						memset(buf, 'x', sizeof buf);
						buf[off] = bytes[a];
						buf[off + 1] = bytes[b];
						buf[off + 2] = bytes[c];
						buf[off + 3] = bytes[d];
						check(buf, n);
						check(buf, off + 2); /* cut short */
					}
}

/* Random text: long ASCII runs with the odd multi-byte or broken byte. */
static void test_utf8_random(void **state)
{
	struct ak_rng r;
	unsigned char buf[300];
	int t;
	(void)state;

	ak_rng_seed(&r, 27001);
	for (t = 0; t < 20000; t++) {
		size_t n = (size_t)ak_rng_below(&r, sizeof buf), i;
		for (i = 0; i < n; i++) {
			uint64_t k = ak_rng_below(&r, 100);
			buf[i] = k < 96 ? (unsigned char)(0x20 + k) : (unsigned char)ak_rng_below(&r, 256);
		}
		check(buf, n);
	}
	check((const unsigned char *)"", 0);
	check((const unsigned char *)"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 and more ascii", 30);
}

static void test_buf(void **state)
{
	struct ak_buf b = AK_BUF_INIT;
	char *s;
	int i;
	(void)state;

	assert_string_equal(ak_buf_str(&b), "");
	ak_buf_add(&b, "", 0); /* nothing, not even an allocation failure */
	assert_false(ak_buf_failed(&b));
	for (i = 0; i < 1000; i++) {
		ak_buf_addc(&b, (char)('a' + i % 26));
		ak_buf_add(&b, "0123456789", (size_t)(i % 11));
	}
	assert_int_equal(b.len, 5995); /* 1000 + the sum of i % 11 for i < 1000 */
	assert_int_equal(b.data[b.len], '\0');
	assert_int_equal(strlen(b.data), b.len);
	ak_buf_reserve(&b, 1 << 20);
	assert_true(b.cap >= b.len + (1 << 20) + 1);
	ak_buf_printf(&b, "%d", 42);
	assert_memory_equal(b.data + b.len - 2, "42", 2);
	s = ak_buf_detach(&b);
	assert_non_null(s);
	assert_int_equal(b.len, 0);
	free(s);
	ak_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_sequences),
		cmocka_unit_test(test_utf8_random),
		cmocka_unit_test(test_buf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
