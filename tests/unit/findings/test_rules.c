/* test_rules.c: reading grading rules (auditkit-rules/2), the checks on
 * them (the never-a-nonconformity-as-OFI rule at the source), matching the
 * facts of top management as a body, and the conformity fold. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings/rules.h"

static struct rules *parse(const char *text, struct ak_diags *d, ak_err *err)
{
	return rules_parse("r.json", text, strlen(text), d, err);
}

static struct rules *load_default(void)
{
	struct ak_diags d = AK_DIAGS_INIT;
	const char *src = getenv("AK_SRCDIR");
	char path[512];
	struct rules *r;
	ak_err err;

	snprintf(path, sizeof path, "%s/rules/default.json", src ? src : ".");
	r = rules_load(path, &d, &err);
	ak_diags_print(&d);
	ak_diags_release(&d);
	return r;
}

/* One member failing duty 5.1 c, out of three in scope. */
static struct rules_subject subject(enum grade_kind k)
{
	struct rules_subject s;

	memset(&s, 0, sizeof s);
	s.kind = k;
	s.clause = "5.1";
	s.item = "c";
	s.coverage = s.duty = true;
	s.best = 3;
	s.top = 3;
	s.failed = 1;
	s.interviewees = 1;
	s.statements = 2;
	return s;
}

static const char *match(const struct rules *r, struct rules_subject s)
{
	const struct rule *x = rules_match(r, &s, false);
	return x ? rule_id(x) : "(none)";
}

/* Each default rule, with the facts that should reach it. */
static void test_default_rules(void **state)
{
	struct rules *r = load_default();
	struct rules_subject s;
	const struct rule *x;
	(void)state;

	assert_non_null(r);
	assert_string_equal(rules_id(r), "auditkit-default");
	assert_int_equal(rules_due_days(r, GRADE_MAJOR), 90);
	assert_int_equal(rules_due_days(r, GRADE_OFI), -1);
	assert_string_equal(match(r, subject(GK_CONFORMITY)), "conformity");
	s = subject(GK_DELEGATION);
	s.chief = true;
	assert_string_equal(match(r, s), "major-chief-executive");
	s.statements = 1; /* one line is not a major */
	assert_string_equal(match(r, s), "minor-chief-executive-one-line");
	s = subject(GK_NO_EVIDENCE);
	s.failed = 2;
	s.most = true;
	assert_string_equal(match(r, s), "major-most-of-top-management");
	s.chief_shown = true;
	s.shown = 1;
	assert_string_equal(match(r, s), "minor-most-shown-by-chief-executive");
	s = subject(GK_LEADERSHIP);
	s.item = NULL;
	s.shown = 2;
	assert_string_equal(match(r, s), "minor-member-leadership");
	s = subject(GK_DELEGATION);
	assert_string_equal(match(r, s), "minor-duty-not-shown-at-the-top");
	s.shown = 1;
	assert_string_equal(match(r, s), "observation-duty-shown-by-others");
	s.kind = GK_WEAK;
	assert_string_equal(match(r, s), "ofi-weak-duty-shown-by-others");
	s = subject(GK_NO_EVIDENCE);
	s.clause = "6.1";
	s.item = NULL;
	s.coverage = s.duty = false;
	assert_string_equal(match(r, s), "observation-knowledge-gap");
	s.owner = true;
	assert_string_equal(match(r, s), "minor-record-owner");
	/* The systemic rule looks at a requirement as a whole. */
	memset(&s, 0, sizeof s);
	s.kind = GK_COUNT;
	s.clause = "5.1";
	s.minors = 3;
	x = rules_match(r, &s, true);
	assert_non_null(x);
	assert_string_equal(rule_id(x), "major-systemic");
	s.minors = 2;
	assert_null(rules_match(r, &s, true));
	/* Conformities on the clauses 5.1 names are recorded with it. */
	assert_string_equal(rules_conformity_fold(r, "6.2", NULL), "5.1");
	assert_null(rules_conformity_fold(r, "9.3", NULL));
	assert_non_null(rules_fold_why(r));
	rules_free(r);
}

static void test_refused(void **state)
{
	static const char *const bad[] = {
	    /* a delegation recorded as an opportunity for improvement */
	    "{\"format\":\"auditkit-rules/2\",\"id\":\"x\",\"version\":\"1\",\"rules\":"
	    "[{\"id\":\"a\",\"grade\":\"ofi\",\"when\":{\"kind\":\"delegation\"},\"why\":\"w\"}]}",
	    /* a weak answer as one, with nobody doing better */
	    "{\"format\":\"auditkit-rules/2\",\"id\":\"x\",\"version\":\"1\",\"rules\":"
	    "[{\"id\":\"a\",\"grade\":\"ofi\",\"when\":{\"kind\":\"weak\"},\"why\":\"w\"}]}",
	    /* every kind */
	    "{\"format\":\"auditkit-rules/2\",\"id\":\"x\",\"version\":\"1\",\"rules\":"
	    "[{\"id\":\"a\",\"grade\":\"ofi\",\"why\":\"w\"}]}",
	    /* minors combined into an observation */
	    "{\"format\":\"auditkit-rules/2\",\"id\":\"x\",\"version\":\"1\",\"rules\":"
	    "[{\"id\":\"a\",\"grade\":\"observation\",\"when\":{\"minors\":3},\"why\":\"w\"}]}",
	    /* the old format */
	    "{\"format\":\"auditkit-rules/1\",\"id\":\"x\",\"version\":\"1\",\"rules\":[]}",
	    /* an unknown condition */
	    "{\"format\":\"auditkit-rules/2\",\"id\":\"x\",\"version\":\"1\",\"rules\":"
	    "[{\"id\":\"a\",\"grade\":\"minor\",\"when\":{\"cheif_executive\":true},\"why\":\"w\"}]}",
	};
	size_t i;
	(void)state;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct ak_diags d = AK_DIAGS_INIT;
		ak_err err;
		struct rules *r = parse(bad[i], &d, &err);
		assert_null(r);
		assert_int_equal(err, AK_ERR_DATA);
		assert_true(d.n >= 1);
		assert_true(d.v[0].line >= 1);
		if (i == 4)
			assert_non_null(strstr(d.v[0].msg, "auditkit-rules/2"));
		if (i == 5)
			assert_non_null(strstr(d.v[0].msg, "chief_executive"));
		ak_diags_release(&d);
	}
}

static void test_weak_ofi_allowed(void **state)
{
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err;
	struct rules *r = parse(
	    "{\"format\":\"auditkit-rules/2\",\"id\":\"x\",\"version\":\"1\",\"rules\":"
	    "[{\"id\":\"a\",\"grade\":\"ofi\",\"when\":{\"kind\":\"weak\",\"shown\":{\"min\":1}},"
	    "\"why\":\"w\"},{\"id\":\"z\",\"grade\":\"observation\",\"why\":\"w\"}]}",
	    &d, &err);
	struct rules_subject s = subject(GK_WEAK);
	(void)state;

	assert_non_null(r);
	assert_string_equal(match(r, s), "z");
	s.shown = 1;
	assert_string_equal(match(r, s), "a");
	rules_free(r);
	ak_diags_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_default_rules),
	    cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_weak_ofi_allowed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
