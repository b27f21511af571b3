/* test_facts.c: reading facts: the top-risk order, checks, lookups. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evidence/facts.h"

static struct facts *parse(const char *text, struct ak_diags *d, ak_err *err)
{
	return facts_parse("f.json", text, strlen(text), d, err);
}

static void test_top_risk_order(void **state)
{
	const char *t = "{\"format\": \"auditkit-facts/1\", \"risks\": ["
			"{\"id\": \"R-b\", \"title\": \"tie b\", \"likelihood\": 3, \"impact\": 4, \"level\": 12},"
			"{\"id\": \"R-unrated\", \"title\": \"u\"},"
			"{\"id\": \"R-a\", \"title\": \"tie a\", \"likelihood\": 3, \"impact\": 4, \"level\": 12},"
			"{\"id\": \"R-hi-impact\", \"title\": \"h\", \"likelihood\": 2, \"impact\": 6, \"level\": 12},"
			"{\"id\": \"R-top\", \"title\": \"t\", \"level\": 20.5}]}";
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err;
	struct facts *f = parse(t, &d, &err);
	(void)state;

	assert_non_null(f);
	assert_int_equal(facts_nrisks(f), 5);
	assert_string_equal(facts_risk(f, 0)->id, "R-top");
	assert_string_equal(facts_risk(f, 1)->id, "R-hi-impact"); /* impact breaks the tie */
	assert_string_equal(facts_risk(f, 2)->id, "R-a");         /* then the id */
	assert_string_equal(facts_risk(f, 3)->id, "R-b");
	assert_string_equal(facts_risk(f, 4)->id, "R-unrated");
	assert_true(isnan(facts_risk(f, 4)->level));
	facts_free(f);
}

static void test_lists_and_lookups(void **state)
{
	const char *t = "{\"format\": \"auditkit-facts/1\","
			"\"policy\": {\"version\": \"3.1\", \"commitments\": [\"a\", \"b\"], \"objectives\": [\"o\"]},"
			"\"roles\": [{\"role\": \"IT Director\", \"name\": \"P\"}, {\"role\": \"isms OWNER\", \"name\": \"T\"}],"
			"\"management_review\": {\"date\": \"2026-09-15\", \"decisions\": [\"d1\", \"d2\", \"d3\"]},"
			"\"missing\": [\"policy.owner\"]}";
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err;
	struct facts *f = parse(t, &d, &err);
	(void)state;

	assert_non_null(f);
	assert_string_equal(facts_policy(f)->version, "3.1");
	assert_null(facts_policy(f)->approved);
	assert_int_equal(facts_policy(f)->commitments.n, 2);
	assert_string_equal(facts_policy(f)->commitments.v[1], "b");
	assert_string_equal(facts_policy(f)->objectives.v[0], "o");
	assert_string_equal(facts_isms_owner(f), "T");
	assert_string_equal(facts_review(f)->date, "2026-09-15");
	assert_int_equal(facts_review(f)->decisions.n, 3);
	assert_string_equal(facts_review(f)->decisions.v[2], "d3");
	assert_int_equal(facts_review(f)->resources.n, 0);
	assert_string_equal(facts_missing(f).v[0], "policy.owner");
	assert_null(facts_org_name(f));
	facts_free(f);
}

static void test_problems_are_located(void **state)
{
	const char *t = "{\"format\": \"auditkit-facts/1\",\n"
			" \"policy\": {\"approved\": \"2026-02-30\"},\n"
			" \"risks\": [{\"title\": \"no id\"}, 3],\n"
			" \"colour\": \"blue\"}";
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err;
	(void)state;

	assert_null(parse(t, &d, &err));
	assert_int_equal(err, AK_ERR_DATA);
	assert_int_equal(d.n, 4);
	assert_int_equal(d.v[0].line, 4); /* unknown field, at its name */
	assert_non_null(strstr(d.v[0].msg, "unknown field 'colour'"));
	assert_int_equal(d.v[1].line, 2); /* 30 February */
	assert_non_null(strstr(d.v[1].msg, "YYYY-MM-DD"));
	assert_int_equal(d.v[2].line, 3);
	assert_non_null(strstr(d.v[2].msg, "needs an \"id\""));
	assert_non_null(strstr(d.v[3].msg, "must be an object"));
	ak_diags_release(&d);

	assert_null(parse("{\"format\": \"auditkit-facts/9\"}", &d, &err));
	assert_non_null(strstr(d.v[0].msg, "unsupported format"));
	ak_diags_release(&d);
	assert_null(parse("[1, 2", &d, &err));
	assert_non_null(strstr(d.v[0].msg, "JSON syntax"));
	ak_diags_release(&d);
}

static void test_sample_facts_load(void **state)
{
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err;
	struct facts *f;
	const char *src = getenv("AK_SRCDIR");
	char path[512];
	(void)state;

	snprintf(path, sizeof path, "%s/samples/facts.json", src ? src : ".");
	f = facts_load(path, &d, &err);
	assert_non_null(f);
	assert_true(facts_nrisks(f) >= 25);
	assert_string_equal(facts_risk(f, 0)->id, "R-07");
	facts_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_top_risk_order),
		cmocka_unit_test(test_lists_and_lookups),
		cmocka_unit_test(test_problems_are_located),
		cmocka_unit_test(test_sample_facts_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
