/* test_jwrite.c: the JSON text writer against jansson.
 *
 * Every case builds the same values twice, once through jwrite and once as a
 * json_t tree, and wants jwrite's text byte for byte equal to
 * json_dumps(tree, JSON_INDENT(n) | JSON_PRESERVE_ORDER). A number goes into
 * the tree as jw_num() writes it (jnum() below): a whole number below 1e15 as
 * json_integer, anything else as json_real, as facts_write.c built it
 * before it used jwrite.
 *
 * Known differences from jansson, none reached by facts_write.c, whose
 * scores are finite and not negative and whose text is checked UTF-8 first:
 *  - -0.0 is a whole number, so jw_num() writes "0" as json_integer(0) did;
 *    json_real(-0.0) would be "-0.0" (test_numbers).
 *  - jw_init(..., 0) still breaks lines, so matches neither JSON_INDENT(0)
 *    ("[1, 2]") nor JSON_COMPACT ("[1,2]"); only indents from 1 are tested.
 *  - jw_num() of NaN or an infinity writes null (JSON has neither);
 *    jansson's json_real() refuses them.
 *  - jw_str() copies invalid UTF-8 through; jansson refuses it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <float.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jwrite.h"
#include "core/rng.h"

#define RANDOM_SEED 20240611
#define RANDOM_TREES 2000
#define RANDOM_DEPTH 5 /* containers nest at most this deep */

/* The jansson value jw_num(v) stands for. */
static json_t *jnum(double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		return json_integer((json_int_t)v);
	return json_real(v);
}

/* Whether b holds jansson's text of v; on a difference both texts are
 * printed. v is released. */
static bool same(json_t *v, const struct ak_buf *b, int indent)
{
	const char *got = ak_buf_str(b);
	char *want;
	bool ok;
	size_t i;

	if (!v || ak_buf_failed(b)) {
		print_error("%s\n", v ? "jwrite: buffer failed" : "jansson: no value");
		json_decref(v);
		return false;
	}
	want = json_dumps(v, JSON_INDENT(indent) | JSON_PRESERVE_ORDER);
	json_decref(v);
	if (!want) {
		print_error("jansson: json_dumps failed\n");
		return false;
	}
	ok = strcmp(want, got) == 0;
	if (!ok) {
		for (i = 0; want[i] && want[i] == got[i]; i++)
			;
		print_error("jansson:\n%s\njwrite:\n%s\nfirst difference at byte %zu: "
			    "jansson 0x%02x, jwrite 0x%02x\n",
			    want, got, i, (unsigned char)want[i], (unsigned char)got[i]);
	}
	free(want);
	return ok;
}

static json_t *arr(json_t *a, json_t *v)
{
	assert_non_null(a);
	assert_non_null(v);
	assert_int_equal(json_array_append_new(a, v), 0);
	return a;
}

static json_t *obj(json_t *o, const char *key, json_t *v)
{
	assert_non_null(o);
	assert_non_null(v);
	assert_int_equal(json_object_set_new(o, key, v), 0);
	return o;
}

static void test_empty_containers(void **state)
{
	struct ak_buf b = AK_BUF_INIT;
	struct jw w;
	(void)state;

	jw_init(&w, &b, 2);
	jw_open(&w, '{');
	jw_close(&w, '}');
	assert_string_equal(ak_buf_str(&b), "{}");
	assert_true(same(json_object(), &b, 2));

	ak_buf_reset(&b);
	jw_init(&w, &b, 2);
	jw_open(&w, '[');
	jw_close(&w, ']');
	assert_string_equal(ak_buf_str(&b), "[]");
	assert_true(same(json_array(), &b, 2));

	/* {"o": {}, "a": [], "n": [[], {}, [[]]]} */
	ak_buf_reset(&b);
	jw_init(&w, &b, 2);
	jw_open(&w, '{');
	jw_key(&w, "o");
	jw_open(&w, '{');
	jw_close(&w, '}');
	jw_key(&w, "a");
	jw_open(&w, '[');
	jw_close(&w, ']');
	jw_key(&w, "n");
	jw_open(&w, '[');
	jw_open(&w, '[');
	jw_close(&w, ']');
	jw_open(&w, '{');
	jw_close(&w, '}');
	jw_open(&w, '[');
	jw_open(&w, '[');
	jw_close(&w, ']');
	jw_close(&w, ']');
	jw_close(&w, ']');
	jw_close(&w, '}');
	assert_string_equal(ak_buf_str(&b), "{\n"
					    "  \"o\": {},\n"
					    "  \"a\": [],\n"
					    "  \"n\": [\n"
					    "    [],\n"
					    "    {},\n"
					    "    [\n"
					    "      []\n"
					    "    ]\n"
					    "  ]\n"
					    "}");
	assert_true(same(obj(obj(obj(json_object(), "o", json_object()), "a", json_array()), "n",
				 arr(arr(arr(json_array(), json_array()), json_object()),
				     arr(json_array(), json_array()))),
			 &b, 2));
	ak_buf_release(&b);
}

/* {"id": "R-1", "scores": [1, 2.5, {"k": "v", "e": []}], "owner": {"name": "A",
 * "teams": ["x", "y"]}, "z": -7} with the given indent. */
static void nested(struct ak_buf *b, int indent)
{
	struct jw w;

	jw_init(&w, b, indent);
	jw_open(&w, '{');
	jw_key_str(&w, "id", "R-1");
	jw_key_str(&w, "skipped", NULL);
	jw_key(&w, "scores");
	jw_open(&w, '[');
	jw_num(&w, 1);
	jw_num(&w, 2.5);
	jw_open(&w, '{');
	jw_key(&w, "k");
	jw_str(&w, "v");
	jw_key(&w, "e");
	jw_open(&w, '[');
	jw_close(&w, ']');
	jw_close(&w, '}');
	jw_close(&w, ']');
	jw_key(&w, "owner");
	jw_open(&w, '{');
	jw_key_str(&w, "name", "A");
	jw_key(&w, "teams");
	jw_open(&w, '[');
	jw_str(&w, "x");
	jw_str(&w, "y");
	jw_close(&w, ']');
	jw_close(&w, '}');
	jw_key(&w, "z");
	jw_num(&w, -7);
	jw_close(&w, '}');
}

static json_t *nested_json(void)
{
	json_t *scores = arr(arr(json_array(), json_integer(1)), json_real(2.5));
	json_t *owner = obj(json_object(), "name", json_string("A"));

	arr(scores, obj(obj(json_object(), "k", json_string("v")), "e", json_array()));
	obj(owner, "teams", arr(arr(json_array(), json_string("x")), json_string("y")));
	return obj(obj(obj(obj(json_object(), "id", json_string("R-1")), "scores", scores), "owner",
		       owner),
		   "z", json_integer(-7));
}

static void test_nested(void **state)
{
	static const int indents[] = {1, 3, 4, 8};
	struct ak_buf b = AK_BUF_INIT;
	size_t i;
	(void)state;

	nested(&b, 2);
	assert_string_equal(ak_buf_str(&b), "{\n"
					    "  \"id\": \"R-1\",\n"
					    "  \"scores\": [\n"
					    "    1,\n"
					    "    2.5,\n"
					    "    {\n"
					    "      \"k\": \"v\",\n"
					    "      \"e\": []\n"
					    "    }\n"
					    "  ],\n"
					    "  \"owner\": {\n"
					    "    \"name\": \"A\",\n"
					    "    \"teams\": [\n"
					    "      \"x\",\n"
					    "      \"y\"\n"
					    "    ]\n"
					    "  },\n"
					    "  \"z\": -7\n"
					    "}");
	assert_true(same(nested_json(), &b, 2));
	/* the indent is the caller's; see the top of the file for 0 */
	for (i = 0; i < sizeof indents / sizeof *indents; i++) {
		ak_buf_reset(&b);
		nested(&b, indents[i]);
		assert_true(same(nested_json(), &b, indents[i]));
	}
	ak_buf_release(&b);
}

static void test_strings(void **state)
{
	static const char *const special[] = {
		"\"",   "\\",        "/",        "\x7f",         "\xC3\xA9" /* é */,
		"\xE2\x82\xAC" /* € */, "\xF0\x9F\x98\x80" /* 😀 */, "",
		"a\"b\\c/d\x7f" "e\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\x01\x1f"};
	struct ak_buf b = AK_BUF_INIT;
	char all[32], one[4];
	json_t *want;
	struct jw w;
	size_t i;
	int c;
	(void)state;

	for (c = 1; c < 0x20; c++)
		all[c - 1] = (char)c;
	all[0x1f] = '\0';

	/* every control byte alone, as a value and as a key */
	for (c = 1; c < 0x20; c++) {
		one[0] = 'x';
		one[1] = (char)c;
		one[2] = 'y';
		one[3] = '\0';
		ak_buf_reset(&b);
		jw_init(&w, &b, 2);
		jw_open(&w, '{');
		jw_key(&w, one);
		jw_str(&w, one + 1);
		jw_close(&w, '}');
		assert_true(same(obj(json_object(), one, json_string(one + 1)), &b, 2));
	}

	/* all of them in one string, then the others */
	ak_buf_reset(&b);
	jw_init(&w, &b, 2);
	jw_open(&w, '[');
	jw_str(&w, all);
	want = arr(json_array(), json_string(all));
	for (i = 0; i < sizeof special / sizeof *special; i++) {
		jw_str(&w, special[i]);
		arr(want, json_string(special[i]));
	}
	jw_close(&w, ']');
	assert_true(same(want, &b, 2));
	assert_non_null(strstr(ak_buf_str(&b), "\"\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006"
						"\\u0007\\b\\t\\n\\u000B\\f\\r\\u000E"));
	assert_non_null(strstr(ak_buf_str(&b), "\\u001E\\u001F\""));

	/* the same strings as keys */
	ak_buf_reset(&b);
	jw_init(&w, &b, 2);
	jw_open(&w, '{');
	jw_key(&w, all);
	jw_num(&w, 0);
	want = obj(json_object(), all, json_integer(0));
	for (i = 0; i < sizeof special / sizeof *special; i++) {
		jw_key(&w, special[i]);
		jw_num(&w, (double)i);
		obj(want, special[i], json_integer((json_int_t)i));
	}
	jw_close(&w, '}');
	assert_true(same(want, &b, 2));

	/* jw_quote() alone */
	ak_buf_reset(&b);
	jw_quote(&b, "q\"\\/\x7f\t");
	assert_string_equal(ak_buf_str(&b), "\"q\\\"\\\\/\x7f\\t\"");
	ak_buf_release(&b);
}

static void test_numbers(void **state)
{
	static const struct {
		double v;
		const char *text;
	} cases[] = {
		{0, "0"},
		{1, "1"},
		{-7, "-7"},
		{2.5, "2.5"},
		{0.1, "0.10000000000000001"},
		{999999999999999, "999999999999999"},
		{999999999999999.5, "999999999999999.5"},
		{1e15, "1000000000000000.0"},
		{-1e15, "-1000000000000000.0"},
		{1e16, "10000000000000000.0"},
		{123456789012345.5, "123456789012345.5"},
		{1e-7, "9.9999999999999995e-8"},
		{1e300, "1.0000000000000001e300"},
		{-2.5e-300, "-2.5e-300"},
		{5e-324, "4.9406564584124654e-324"},
		{DBL_MAX, "1.7976931348623157e308"},
	};
	struct ak_buf b = AK_BUF_INIT;
	json_t *all = json_array();
	struct jw w, wall;
	struct ak_buf ball = AK_BUF_INIT;
	size_t i;
	(void)state;

	jw_init(&wall, &ball, 2);
	jw_open(&wall, '[');
	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		char want[64];

		ak_buf_reset(&b);
		jw_init(&w, &b, 2);
		jw_open(&w, '{');
		jw_key(&w, "n");
		jw_num(&w, cases[i].v);
		jw_close(&w, '}');
		snprintf(want, sizeof want, "{\n  \"n\": %s\n}", cases[i].text);
		assert_string_equal(ak_buf_str(&b), want);
		assert_true(same(obj(json_object(), "n", jnum(cases[i].v)), &b, 2));
		jw_num(&wall, cases[i].v);
		arr(all, jnum(cases[i].v));
	}
	jw_close(&wall, ']');
	assert_true(same(all, &ball, 2));

	/* -0.0 is whole and below 1e15: written as the integer 0, as the
	 * json_integer((json_int_t)-0.0) of the old code was. jansson's
	 * json_real(-0.0) would give "-0.0" instead. */
	ak_buf_reset(&b);
	jw_init(&w, &b, 2);
	jw_open(&w, '[');
	jw_num(&w, -0.0);
	jw_close(&w, ']');
	assert_string_equal(ak_buf_str(&b), "[\n  0\n]");
	assert_true(same(arr(json_array(), jnum(-0.0)), &b, 2));
	ak_buf_release(&b);
	ak_buf_release(&ball);
}

/* JW_MAX_DEPTH - 1 containers nest; one more marks the buffer failed. */
/* JSON has no NaN or infinity: they are written as null. */
static void test_non_finite(void **state)
{
	struct ak_buf b = AK_BUF_INIT;
	struct jw w;
	(void)state;

	jw_init(&w, &b, 2);
	jw_open(&w, '[');
	jw_num(&w, NAN);
	jw_num(&w, INFINITY);
	jw_num(&w, -INFINITY);
	jw_close(&w, ']');
	assert_false(ak_buf_failed(&b));
	assert_string_equal(ak_buf_str(&b), "[\n  null,\n  null,\n  null\n]");
	ak_buf_release(&b);
}

static void test_depth_limit(void **state)
{
	struct ak_buf b = AK_BUF_INIT;
	json_t *root = NULL, *inner = NULL;
	struct jw w;
	int i;
	(void)state;

	jw_init(&w, &b, 2);
	for (i = 0; i < JW_MAX_DEPTH - 1; i++) {
		json_t *a = json_array();
		jw_open(&w, '[');
		if (inner)
			arr(inner, a);
		else
			root = a;
		inner = a;
	}
	jw_str(&w, "deep");
	arr(inner, json_string("deep"));
	for (i = 0; i < JW_MAX_DEPTH - 1; i++)
		jw_close(&w, ']');
	assert_true(same(root, &b, 2));

	ak_buf_reset(&b);
	jw_init(&w, &b, 2);
	for (i = 0; i < JW_MAX_DEPTH + 8; i++) {
		jw_open(&w, i % 2 ? '{' : '[');
		if (i % 2)
			jw_key(&w, "k");
	}
	jw_str(&w, "too deep");
	jw_num(&w, 1);
	for (i = JW_MAX_DEPTH + 8; i-- > 0;)
		jw_close(&w, i % 2 ? '}' : ']');
	assert_true(ak_buf_failed(&b));
	assert_null(ak_buf_detach(&b));
	ak_buf_release(&b);
}

/* ---- random trees -------------------------------------------------------- */

static uint64_t below(struct ak_rng *r, uint64_t n) { return ak_rng_below(r, n); }

static void add_utf8(struct ak_buf *s, uint32_t c)
{
	if (c < 0x80) {
		ak_buf_addc(s, (char)c);
	} else if (c < 0x800) {
		ak_buf_addc(s, (char)(0xC0 | c >> 6));
		ak_buf_addc(s, (char)(0x80 | (c & 0x3F)));
	} else if (c < 0x10000) {
		ak_buf_addc(s, (char)(0xE0 | c >> 12));
		ak_buf_addc(s, (char)(0x80 | (c >> 6 & 0x3F)));
		ak_buf_addc(s, (char)(0x80 | (c & 0x3F)));
	} else {
		ak_buf_addc(s, (char)(0xF0 | c >> 18));
		ak_buf_addc(s, (char)(0x80 | (c >> 12 & 0x3F)));
		ak_buf_addc(s, (char)(0x80 | (c >> 6 & 0x3F)));
		ak_buf_addc(s, (char)(0x80 | (c & 0x3F)));
	}
}

/* Up to 11 pieces: printable ASCII, control bytes, the characters JSON or
 * jansson treat apart, and valid UTF-8 of 2, 3 and 4 bytes. */
static void random_text(struct ak_rng *r, struct ak_buf *s)
{
	static const char *const fixed[] = {"\"", "\\", "/", "\x7f", "\xC3\xA9", "\xE2\x82\xAC",
					    "\xF0\x9F\x98\x80"};
	uint64_t n = below(r, 12);
	uint32_t c;

	ak_buf_reset(s);
	while (n--) {
		switch (below(r, 6)) {
		case 0:
		case 1:
			ak_buf_addc(s, (char)(0x20 + below(r, 0x7f - 0x20)));
			break;
		case 2:
			ak_buf_addc(s, (char)(1 + below(r, 0x1f)));
			break;
		case 3:
			ak_buf_adds(s, fixed[below(r, sizeof fixed / sizeof *fixed)]);
			break;
		case 4:
			add_utf8(s, (uint32_t)(0x80 + below(r, 0x800 - 0x80)));
			break;
		default:
			if (below(r, 2)) {
				c = (uint32_t)(0x800 + below(r, 0x10000 - 0x800 - 0x800));
				if (c >= 0xD800)
					c += 0x800; /* past the surrogates */
			} else {
				c = (uint32_t)(0x10000 + below(r, 0x110000 - 0x10000));
			}
			add_utf8(s, c);
		}
	}
}

static double random_number(struct ak_rng *r)
{
	static const double fixed[] = {
		0, -0.0, 1, -7, 2.5, 0.1, 1e15, -1e15, 1e16, 123456789012345.5, 1e-7, 1e300,
		-2.5e-300, 999999999999999, -999999999999999, 999999999999999.5, 1e15 + 1,
		9007199254740992.0 /* 2^53 */, 5e-324, DBL_MIN, DBL_MAX, -DBL_MAX};
	double v;
	uint64_t bits;

	switch (below(r, 6)) {
	case 0:
		return fixed[below(r, sizeof fixed / sizeof *fixed)];
	case 1: /* small integers, the usual scores */
		return (double)below(r, 2001) - 1000;
	case 2: /* halves and thousandths */
		return ((double)below(r, 2000001) - 1000000) / (below(r, 2) ? 2 : 1000);
	case 3: /* whole numbers about the 1e15 line */
		return (below(r, 2) ? -1 : 1) * (1e15 + (double)below(r, 201) - 100);
	case 4: /* any magnitude */
		v = ak_rng_double(r) * pow(10, (double)below(r, 617) - 308);
		return below(r, 2) ? -v : v;
	default: /* any finite bit pattern */
		do {
			bits = ak_rng_next(r);
			memcpy(&v, &bits, sizeof v);
		} while (!isfinite(v));
		return v;
	}
}

struct gen {
	struct ak_rng r;
	struct jw w;
	struct ak_buf text; /* scratch for random strings */
};

static json_t *random_value(struct gen *g, int depth);

/* An object or array at the given depth (the outermost is 1). */
static json_t *random_container(struct gen *g, int depth)
{
	uint64_t n = below(&g->r, 6), i;
	bool is_obj = below(&g->r, 2);
	json_t *c = is_obj ? json_object() : json_array();

	jw_open(&g->w, is_obj ? '{' : '[');
	for (i = 0; i < n; i++) {
		char *key;
		if (!is_obj) {
			arr(c, random_value(g, depth + 1));
			continue;
		}
		do /* jansson keeps one member per key */
			random_text(&g->r, &g->text);
		while (json_object_get(c, ak_buf_str(&g->text)));
		key = ak_buf_detach(&g->text);
		assert_non_null(key);
		if (below(&g->r, 4) == 0) {
			random_text(&g->r, &g->text);
			jw_key_str(&g->w, key, ak_buf_str(&g->text));
			obj(c, key, json_string(ak_buf_str(&g->text)));
		} else {
			jw_key(&g->w, key);
			obj(c, key, random_value(g, depth + 1));
		}
		free(key);
	}
	jw_close(&g->w, is_obj ? '}' : ']');
	return c;
}

static json_t *random_value(struct gen *g, int depth)
{
	double v;

	switch (below(&g->r, depth <= RANDOM_DEPTH ? 4 : 2)) {
	case 0:
		random_text(&g->r, &g->text);
		jw_str(&g->w, ak_buf_str(&g->text));
		return json_string(ak_buf_str(&g->text));
	case 1:
		v = random_number(&g->r);
		jw_num(&g->w, v);
		return jnum(v);
	default:
		return random_container(g, depth);
	}
}

static void test_random_trees(void **state)
{
	struct ak_buf b = AK_BUF_INIT;
	struct gen g;
	int i, failed = 0;
	(void)state;

	ak_rng_seed(&g.r, RANDOM_SEED);
	ak_buf_init(&g.text);
	for (i = 0; i < RANDOM_TREES; i++) {
		ak_buf_reset(&b);
		jw_init(&g.w, &b, 2);
		if (!same(random_container(&g, 1), &b, 2)) {
			print_error("tree %d of seed %d differs\n", i, RANDOM_SEED);
			failed++;
		}
	}
	ak_buf_release(&g.text);
	ak_buf_release(&b);
	assert_int_equal(failed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_containers),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_non_finite),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_random_trees),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
