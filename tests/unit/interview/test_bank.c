/* test_bank.c: loading banks: placeholders, includes, clause maps, defaults. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "interview/bank.h"

static char dir[64];

static void put(const char *name, const char *text)
{
	char path[128];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

#define HEAD(id) \
	"{\"format\": \"auditkit-question-bank/1\", \"id\": \"" id "\", \"standard\": \"S\",\n" \
	" \"version\": \"1.2.3\", \"language\": \"en\",\n"

static const char core[] =
	HEAD("core")
	" \"vars\": {\"sys\": \"ISMS\", \"discipline\": \"information security\"},\n"
	" \"clauses\": {\"5.1\": {\"title\": \"Leadership\", \"items\": {\"a\": \"{sys} policy\", \"b\": \"processes\"}},\n"
	"              \"6.1\": {\"title\": \"Risks\"}},\n"
	" \"coverage\": [\"5.1\"],\n"
	" \"questions\": [\n"
	"  {\"id\": \"q-a\", \"clause\": \"5.1\", \"item\": \"a\", \"angle\": \"tell\", \"roles\": [\"all\"],\n"
	"   \"priority\": 1, \"minutes\": 3, \"question\": \"Who owns the {sys}? {{not a var}}\",\n"
	"   \"follow_ups\": [\"And {discipline}?\"], \"good\": [\"g\"], \"tags\": [\"hs-core\"],\n"
	"   \"rubric\": {\"positive\": [{\"pattern\": \"\\\\b{sys} (owner|lead){1,2}\", \"weight\": 2, \"label\": \"names the {sys} owner\"}]}},\n"
	"  {\"id\": \"q-b\", \"clause\": \"5.1\", \"item\": \"b\", \"angle\": \"show\", \"roles\": [\"cfo\"],\n"
	"   \"audits\": [\"internal\"], \"group\": \"g-b\", \"priority\": 2, \"minutes\": 4, \"question\": \"b?\",\n"
	"   \"follow_ups\": [\"f\"], \"good\": [\"g\"], \"tags\": [\"hs-core\"],\n"
	"   \"rubric\": {\"positive\": [{\"pattern\": \"x\", \"weight\": 1, \"label\": \"l\"}]}},\n"
	"  {\"id\": \"q-risk\", \"clause\": \"6.1\", \"angle\": \"example\", \"roles\": [\"all\"],\n"
	"   \"priority\": 1, \"minutes\": 5, \"question\": \"ransomware?\",\n"
	"   \"follow_ups\": [\"f\"], \"good\": [\"g\"],\n"
	"   \"rubric\": {\"positive\": [{\"pattern\": \"x\", \"weight\": 1, \"label\": \"l\"}],\n"
	"              \"probes\": [{\"probe\": \"top_risks\", \"of\": 3, \"min\": 2}, {\"probe\": \"isms_owner\"}]}}\n"
	" ]}\n";

static const char reuse[] =
	HEAD("reuse")
	" \"vars\": {\"sys\": \"Q.M.S\", \"discipline\": \"quality\"},\n"
	" \"clauses\": {\"5.1.1\": {\"title\": \"General\", \"items\": {\"b\": \"policy\", \"c\": \"processes\", \"z\": \"own\"}}},\n"
	" \"coverage\": [\"5.1.1\"],\n"
	" \"includes\": [{\"file\": \"core.json\", \"tags\": [\"hs-core\"], \"exclude\": [],\n"
	"                \"vars\": {\"discipline\": \"quality management\"},\n"
	"                \"clause_map\": {\"5.1 a\": \"5.1.1 b\", \"5.1\": \"5.1.1\"}}],\n"
	" \"questions\": [\n"
	"  {\"id\": \"own\", \"clause\": \"5.1.1\", \"item\": \"z\", \"angle\": \"tell\", \"roles\": [\"ceo\"],\n"
	"   \"priority\": 1, \"minutes\": 2, \"question\": \"own?\", \"follow_ups\": [\"f\"], \"good\": [\"g\"],\n"
	"   \"rubric\": {\"positive\": [{\"pattern\": \"y\", \"weight\": 1, \"label\": \"l\"}]}}\n"
	" ]}\n";

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/ak-bank-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	put("core.json", core);
	put("reuse.json", reuse);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];
	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd);
}

static struct bank *load(const char *name)
{
	char path[128];
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err;
	struct bank *b;
	size_t i;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	b = bank_load(path, &d, &err);
	for (i = 0; i < d.n; i++)
		fprintf(stderr, "%s:%d:%d: %s\n", d.v[i].file, d.v[i].line, d.v[i].col, d.v[i].msg);
	ak_diags_release(&d);
	return b;
}

static void test_placeholders_and_defaults(void **state)
{
	struct bank *b = load("core.json");
	const struct bank_question *q;
	(void)state;

	assert_non_null(b);
	assert_string_equal(bank_version(b), "1.2.3");
	assert_int_equal(bank_nquestions(b), 3);
	q = bank_find(b, "q-a");
	assert_string_equal(q->question, "Who owns the ISMS? {not a var}");
	assert_string_equal(q->follow_ups.v[0], "And information security?");
	assert_string_equal(q->positive.v[0].label, "names the ISMS owner");
	/* a quantifier is not a placeholder, and a value in a pattern is literal */
	assert_string_equal(q->positive.v[0].pattern, "\\bISMS (owner|lead){1,2}");
	assert_int_equal(q->roles, BANK_ROLES_ALL);
	assert_int_equal(q->audits, BANK_AUDITS_ALL); /* omitted: every audit */
	assert_string_equal(q->group, "q-a");          /* default group: the id */
	assert_string_equal(bank_item_text(b, "5.1", "a"), "ISMS policy");
	q = bank_find(b, "q-b");
	assert_int_equal(q->roles, 1u << BANK_ROLE_CFO);
	assert_int_equal(q->audits, 1u << BANK_AUDIT_INTERNAL);
	assert_string_equal(q->group, "g-b");
	q = bank_find(b, "q-risk");
	assert_null(q->item);
	assert_int_equal(q->n_probes, 2);
	assert_int_equal(q->probes[0].kind, PROBE_TOP_RISKS);
	assert_int_equal(q->probes[0].of, 3);
	assert_int_equal(q->probes[0].min, 2);
	assert_int_equal(q->probes[1].of, 5); /* the default */
	assert_int_equal(bank_coverage(b).n, 1);
	assert_int_equal(bank_jit(b), AK_OK);
	bank_free(b);
}

static void test_include_maps_and_substitutes(void **state)
{
	struct bank *b = load("reuse.json");
	const struct bank_question *q;
	PCRE2_SPTR subject = (PCRE2_SPTR) "the Q.M.S owner";
	pcre2_match_data *md;
	(void)state;

	assert_non_null(b);
	/* q-risk has no hs-core tag and stays behind */
	assert_int_equal(bank_nquestions(b), 3);
	assert_null(bank_find(b, "q-risk"));
	q = bank_find(b, "q-a");
	assert_non_null(q);
	assert_string_equal(q->clause, "5.1.1");
	assert_string_equal(q->item, "b"); /* "5.1 a" -> "5.1.1 b" */
	assert_string_equal(q->question, "Who owns the Q.M.S? {not a var}");
	/* the include's own vars win over the bank's */
	assert_string_equal(q->follow_ups.v[0], "And quality management?");
	/* "." in the value is literal in the pattern */
	assert_string_equal(q->positive.v[0].pattern, "\\bQ\\.M\\.S (owner|lead){1,2}");
	md = pcre2_match_data_create_from_pattern(q->positive.v[0].re, NULL);
	assert_true(pcre2_match(q->positive.v[0].re, subject, PCRE2_ZERO_TERMINATED, 0, 0, md, NULL) > 0);
	assert_true(pcre2_match(q->positive.v[0].re, (PCRE2_SPTR) "the QxMxS owner", PCRE2_ZERO_TERMINATED,
				0, 0, md, NULL) < 0);
	pcre2_match_data_free(md);
	q = bank_find(b, "q-b");
	assert_string_equal(q->clause, "5.1.1"); /* clause-only mapping keeps the item */
	assert_string_equal(q->item, "b");
	/* included questions are reported at the file that wrote them */
	assert_non_null(strstr(q->file, "core.json"));
	assert_non_null(bank_find(b, "own"));
	bank_free(b);
}

static void test_include_mapping_error_is_reported(void **state)
{
	struct ak_diags d = AK_DIAGS_INIT;
	char path[128];
	ak_err err;
	(void)state;

	put("badmap.json", HEAD("badmap")
		" \"vars\": {\"sys\": \"QMS\", \"discipline\": \"quality\"},\n"
		" \"clauses\": {\"5.1.1\": {\"title\": \"G\", \"items\": {\"b\": \"p\"}}},\n"
		" \"includes\": [{\"file\": \"core.json\", \"tags\": [\"hs-core\"],\n"
		"                \"clause_map\": {\"5.1 a\": \"5.1.1 b\"}}],\n"
		" \"questions\": []}\n");
	snprintf(path, sizeof path, "%s/badmap.json", dir);
	assert_null(bank_load(path, &d, &err));
	assert_int_equal(err, AK_ERR_DATA);
	/* q-b keeps clause 5.1, which this bank does not have */
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.v[0].file, "core.json"));
	assert_non_null(strstr(d.v[0].msg, "unknown clause '5.1'"));
	assert_non_null(strstr(d.v[0].msg, "as included by"));
	ak_diags_release(&d);

	/* without vars of its own, the reusing bank cannot fill the core's
	 * placeholders: the core's words never leak in silently */
	put("novars.json", HEAD("novars")
		" \"clauses\": {\"5.1\": {\"title\": \"G\", \"items\": {\"a\": \"p\", \"b\": \"q\"}}},\n"
		" \"includes\": [{\"file\": \"core.json\", \"tags\": [\"hs-core\"]}],\n"
		" \"questions\": []}\n");
	snprintf(path, sizeof path, "%s/novars.json", dir);
	assert_null(bank_load(path, &d, &err));
	assert_true(d.n >= 1);
	assert_non_null(strstr(d.v[0].msg, "no value for placeholder '{sys}'"));
	ak_diags_release(&d);
}

static void test_names(void **state)
{
	enum bank_role r;
	enum bank_audit a;
	(void)state;

	assert_true(bank_role_parse("department-head", &r));
	assert_int_equal(r, BANK_ROLE_DEPT_HEAD);
	assert_false(bank_role_parse("all", &r)); /* "all" is for banks, not --role */
	assert_true(bank_audit_parse("recertification", &a));
	assert_false(bank_audit_parse("stage3", &a));
	assert_string_equal(bank_probe_name(PROBE_REVIEW_RESOURCES), "review_resources");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_placeholders_and_defaults),
		cmocka_unit_test(test_include_maps_and_substitutes),
		cmocka_unit_test(test_include_mapping_error_is_reported),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
