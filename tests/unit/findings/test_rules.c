/* test_rules.c: reading grading rules, the checks on them (the
 * never-a-nonconformity-as-OFI rule at the source), and matching. */
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

static struct rules_subject subject(enum grade_kind k, int best, bool coverage)
{
	struct rules_subject s;

	memset(&s, 0, sizeof s);
	s.kind = k;
	s.clause = "5.1";
	s.item = "c";
	s.coverage = coverage;
	s.best = best;
	s.asked = best >= 0 ? 2 : 0;
	s.interviewees = 1;
	return s;
}

static const char *match(const struct rules *r, struct rules_subject s)
{
	const struct rule *x = rules_match(r, &s, false);
	return x ? rule_id(x) : "(none)";
}

/* Each default rule, with the evidence that should reach it. */
static void test_default_rules(void **state)
{
	struct rules *r = load_default();
	const char *flags_delegated[] = {"leaves it to IT or the ISMS manager"};
	const char *flags_other[] = {"has not read the policy"};
	struct rules_subject s;
	const struct rule *x;
	(void)state;

	assert_non_null(r);
	assert_string_equal(rules_id(r), "auditkit-default");
	assert_int_equal(rules_due_days(r, GRADE_MAJOR), 90);
	assert_int_equal(rules_due_days(r, GRADE_MINOR), 90);
	assert_int_equal(rules_due_days(r, GRADE_OFI), -1);
	assert_int_equal(rules_due_days(r, GRADE_CONFORMITY), -1);

	s = subject(GK_RED_FLAG, 1, true);
	s.red_flags = flags_delegated;
	s.nred_flags = 1;
	assert_string_equal(match(r, s), "major-delegated");
	s.best = 2; /* another member of top management showed the duty */
	assert_string_equal(match(r, s), "observation-red-flag");
	s = subject(GK_RED_FLAG, 1, true);
	s.red_flags = flags_other;
	s.nred_flags = 1;
	assert_string_equal(match(r, s), "minor-red-flag");

	assert_string_equal(match(r, subject(GK_NO_EVIDENCE, 0, true)), "major-duty-no-evidence");
	assert_string_equal(match(r, subject(GK_NO_EVIDENCE, 0, false)), "minor-no-evidence");
	assert_string_equal(match(r, subject(GK_NO_EVIDENCE, 1, true)), "minor-no-evidence");
	assert_string_equal(match(r, subject(GK_NO_EVIDENCE, 2, true)),
	                    "observation-no-evidence-shown-by-others");
	assert_string_equal(match(r, subject(GK_WEAK, 1, true)), "minor-weak-duty");
	assert_string_equal(match(r, subject(GK_WEAK, 1, false)), "observation-weak");
	assert_string_equal(match(r, subject(GK_WEAK, 3, true)), "observation-weak");
	assert_string_equal(match(r, subject(GK_CONTRADICTION, 1, true)), "minor-contradiction");
	assert_string_equal(match(r, subject(GK_CONTRADICTION, 2, true)),
	                    "observation-contradiction");
	assert_string_equal(match(r, subject(GK_KNOWLEDGE_GAP, 1, true)),
	                    "observation-knowledge-gap");
	assert_string_equal(match(r, subject(GK_KNOWLEDGE_GAP, 3, true)), "ofi-knowledge-gap");
	assert_string_equal(match(r, subject(GK_CONFORMS, 2, true)), "conformity");
	/* A knowledge gap on a requirement nobody was scored on: no range on
	 * the best score can hold, so the catch-all takes it. */
	assert_string_equal(match(r, subject(GK_KNOWLEDGE_GAP, -1, false)),
	                    "observation-otherwise");

	/* The requirement rule: three minors, not two. */
	s = subject(GK_COUNT, 1, true);
	s.minors = 2;
	assert_null(rules_match(r, &s, true));
	s.minors = 3;
	x = rules_match(r, &s, true);
	assert_non_null(x);
	assert_string_equal(rule_id(x), "major-systemic");
	assert_int_equal(rule_grade(x), GRADE_MAJOR);
	assert_true(rule_is_requirement(x));
	rules_free(r);
}

#define HEAD "{\"format\": \"auditkit-rules/1\", \"id\": \"t\", \"version\": \"1\", \"rules\": ["

/* An opportunity for improvement is only ever allowed where no
 * nonconformity can be: the rule is refused at load. */
static void test_ofi_refused(void **state)
{
	static const struct {
		const char *rule;
		bool ok;
	} cases[] = {
	    {"{\"id\": \"x\", \"grade\": \"ofi\", \"why\": \"w\"}", false},
	    {"{\"id\": \"x\", \"grade\": \"ofi\", \"when\": {\"kind\": \"no_evidence\"}, \"why\": "
	     "\"w\"}",
	     false},
	    {"{\"id\": \"x\", \"grade\": \"ofi\", \"when\": {\"kind\": \"red_flag\", "
	     "\"best_score\": {\"min\": 3}}, \"why\": \"w\"}",
	     false},
	    {"{\"id\": \"x\", \"grade\": \"ofi\", \"when\": {\"kind\": \"contradiction\"}, "
	     "\"why\": \"w\"}",
	     false},
	    {"{\"id\": \"x\", \"grade\": \"ofi\", \"when\": {\"kind\": \"weak\"}, \"why\": \"w\"}",
	     false},
	    {"{\"id\": \"x\", \"grade\": \"ofi\", \"when\": {\"kind\": \"weak\", \"best_score\": "
	     "{\"min\": 1}}, \"why\": \"w\"}",
	     false},
	    {"{\"id\": \"x\", \"grade\": \"ofi\", \"when\": {\"minors\": 2}, \"why\": \"w\"}",
	     false},
	    {"{\"id\": \"x\", \"grade\": \"opportunity for improvement\", \"when\": {\"kind\": "
	     "\"weak\", \"best_score\": {\"min\": 2}}, \"why\": \"w\"}",
	     true},
	    {"{\"id\": \"x\", \"grade\": \"ofi\", \"when\": {\"kind\": [\"knowledge_gap\", "
	     "\"conforms\"]}, \"why\": \"w\"}",
	     true},
	    {"{\"id\": \"x\", \"grade\": \"observation\", \"when\": {\"kind\": \"no_evidence\"}, "
	     "\"why\": \"w\"}",
	     true},
	};
	size_t i;
	(void)state;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct ak_diags d = AK_DIAGS_INIT;
		char text[1024];
		ak_err err;
		struct rules *r;
		snprintf(text, sizeof text, HEAD "%s]}", cases[i].rule);
		r = parse(text, &d, &err);
		if (cases[i].ok) {
			assert_non_null(r);
		} else {
			assert_null(r);
			assert_int_equal(err, AK_ERR_DATA);
			assert_int_equal(d.n, 1);
			assert_non_null(strstr(d.v[0].msg, "opportunity for improvement"));
		}
		rules_free(r);
		ak_diags_release(&d);
	}
}

static void test_problems_are_located(void **state)
{
	const char *t =
	    "{\"format\": \"auditkit-rules/1\", \"id\": \"t\", \"version\": \"1\",\n"
	    " \"due_days\": {\"major\": 5000},\n"
	    " \"rules\": [\n"
	    "  {\"id\": \"Bad Id\", \"grade\": \"minor\", \"why\": \"w\"},\n"
	    "  {\"id\": \"r\", \"grade\": \"minor\", \"when\": {\"asked\": {\"min\": 3, \"max\": "
	    "1}}, \"why\": \"w\"},\n"
	    "  {\"id\": \"s\", \"grade\": \"minor\", \"when\": {\"red_flag\": \"x*\"}, \"why\": "
	    "\"w\"},\n"
	    "  {\"id\": \"t\", \"grade\": \"major\", \"when\": {\"minors\": 2, \"kind\": "
	    "\"weak\"}, \"why\": \"w\"},\n"
	    "  {\"id\": \"u\", \"grade\": \"minor\", \"when\": {\"kind\": \"manual\"}}\n"
	    " ]}";
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err;
	size_t i;
	bool seen[7] = {false};
	(void)state;

	assert_null(parse(t, &d, &err));
	assert_int_equal(err, AK_ERR_DATA);
	for (i = 0; i < d.n; i++) {
		const char *m = d.v[i].msg;
		if (strstr(m, "out of range 0 to 3650"))
			seen[0] = d.v[i].line == 2;
		if (strstr(m, "rule id 'Bad Id'"))
			seen[1] = d.v[i].line == 4;
		if (strstr(m, "min 3 is above max 1"))
			seen[2] = d.v[i].line == 5;
		if (strstr(m, "matches the empty string"))
			seen[3] = d.v[i].line == 6;
		if (strstr(m, "cannot also ask for a \"kind\""))
			seen[4] = d.v[i].line == 7;
		if (strstr(m, "made by grading"))
			seen[5] = d.v[i].line == 8;
		if (strstr(m, "missing \"why\""))
			seen[6] = d.v[i].line == 8;
	}
	for (i = 0; i < 7; i++)
		assert_true(seen[i]);
	ak_diags_release(&d);

	assert_null(parse("{\"format\": \"auditkit-rules/2\"}", &d, &err));
	assert_non_null(strstr(d.v[0].msg, "unsupported format"));
	ak_diags_release(&d);
	assert_null(parse(HEAD "]}", &d, &err));
	assert_non_null(strstr(d.v[0].msg, "nothing would be graded"));
	ak_diags_release(&d);
}

static void test_conditions(void **state)
{
	const char *t =
	    HEAD "{\"id\": \"a\", \"grade\": \"major\", \"when\": {\"clause\": [\"9.3\", \"6.1\"], "
	         "\"asked\": 2}, \"why\": \"w\"},"
	         "{\"id\": \"b\", \"grade\": \"minor\", \"when\": {\"red_flag\": \"CERTIFICATE\", "
	         "\"without_evidence\": {\"min\": 1}}, \"why\": \"w\"},"
	         "{\"id\": \"c\", \"grade\": \"observation\", \"when\": {\"coverage\": false, "
	         "\"contradictions\": {\"min\": 2}}, \"why\": \"w\"},"
	         "{\"id\": \"z\", \"grade\": \"observation\", \"why\": \"anything else\"}]}";
	const char *flags[] = {"sees it as a certificate exercise"};
	struct ak_diags d = AK_DIAGS_INIT;
	struct rules_subject s;
	ak_err err;
	struct rules *r = parse(t, &d, &err);
	(void)state;

	assert_non_null(r);
	assert_int_equal(rules_count(r), 4);
	assert_int_equal(rules_due_days(r, GRADE_MAJOR), 90); /* the default */
	s = subject(GK_WEAK, 1, true);
	s.clause = "6.1";
	s.asked = 2;
	assert_string_equal(match(r, s), "a");
	s.asked = 3;
	assert_string_equal(match(r, s), "z");
	s = subject(GK_RED_FLAG, 1, true);
	s.red_flags = flags;
	s.nred_flags = 1;
	assert_string_equal(match(r, s), "z"); /* nobody without evidence */
	s.without_evidence = 1;
	assert_string_equal(match(r, s), "b"); /* patterns ignore case */
	s = subject(GK_CONTRADICTION, 2, false);
	s.contradictions = 2;
	assert_string_equal(match(r, s), "c");
	s.coverage = true;
	assert_string_equal(match(r, s), "z");
	rules_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_default_rules),
	    cmocka_unit_test(test_ofi_refused),
	    cmocka_unit_test(test_problems_are_located),
	    cmocka_unit_test(test_conditions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
