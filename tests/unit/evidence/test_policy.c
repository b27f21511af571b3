/* test_policy.c: the policy heuristic on the shapes policies take. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "evidence/policy.h"

static void test_dates(void **state)
{
	char d[11];
	(void)state;
	assert_true(policy_parse_date("2026-02-10", d));
	assert_string_equal(d, "2026-02-10");
	assert_true(policy_parse_date("10/02/2026", d)); /* day first */
	assert_string_equal(d, "2026-02-10");
	assert_true(policy_parse_date("approved on 10 February 2026 by the board", d));
	assert_string_equal(d, "2026-02-10");
	assert_true(policy_parse_date("February 10, 2026", d));
	assert_string_equal(d, "2026-02-10");
	assert_true(policy_parse_date("3rd Mar 2027", d));
	assert_string_equal(d, "2027-03-03");
	assert_true(policy_parse_date("01.12.2025", d));
	assert_string_equal(d, "2025-12-01");
	assert_false(policy_parse_date("31/02/2026", d));
	assert_false(policy_parse_date("version 3.1", d));
	assert_false(policy_parse_date("February 2027", d));
}

static void test_markdown_table_metadata(void **state)
{
	const char *md = "# Information Security Policy\n\n"
			 "| Field | Value |\n|---|---|\n"
			 "| Version | 3.1 |\n| Approved | 2026-02-10 |\n"
			 "| Approved by | Maria Keller (CEO) |\n| Owner | Tom Brandt |\n"
			 "| Next review | 10 February 2027 |\n\n"
			 "## Document history\n\n| Version | Date | Change | Approved by |\n|---|---|---|---|\n"
			 "| 2.0 | 2023-03-14 | rewrite | Someone Else |\n";
	struct policy_facts f;
	(void)state;
	assert_int_equal(policy_extract(md, NULL, &f), AK_OK);
	assert_string_equal(f.title, "Information Security Policy");
	assert_string_equal(f.version, "3.1");
	assert_string_equal(f.approved, "2026-02-10");
	assert_string_equal(f.approver, "Maria Keller (CEO)");
	assert_string_equal(f.owner, "Tom Brandt");
	assert_string_equal(f.review_due, "2027-02-10");
	policy_facts_release(&f);
}

static void test_key_value_lines(void **state)
{
	const char *md = "---\ntitle: Access Policy\n---\n\n**Version:** 1.2  \n"
			 "Date approved: 05/01/2026 by Board of Directors\n\nSome text.\n";
	struct policy_facts f;
	(void)state;
	assert_int_equal(policy_extract(md, NULL, &f), AK_OK);
	assert_string_equal(f.title, "Access Policy");
	assert_string_equal(f.version, "1.2");
	assert_string_equal(f.approved, "2026-01-05");
	assert_string_equal(f.approver, "Board of Directors");
	assert_null(f.owner);
	assert_null(f.review_due);
	policy_facts_release(&f);
}

static void test_commitments(void **state)
{
	const char *md = "# P\n\nThis policy explains what we commit to, and why.\n\n"
			 "## Commitments\n\n1. We commit to meeting legal\n   requirements.\n"
			 "2. The board is committed to continual improvement of the ISMS.\n"
			 "3. Provide adequate resources.\n\n"
			 "## Other\n\nTop management has agreed the following commitments. "
			 "Management commits to reviewing risks yearly.\n";
	struct policy_facts f;
	(void)state;
	assert_int_equal(policy_extract(md, NULL, &f), AK_OK);
	assert_int_equal(f.ncommitments, 4);
	assert_string_equal(f.commitments[0], "meeting legal requirements");
	assert_string_equal(f.commitments[1], "continual improvement of the ISMS");
	assert_string_equal(f.commitments[2], "Provide adequate resources"); /* under the heading */
	assert_string_equal(f.commitments[3], "reviewing risks yearly");
	policy_facts_release(&f);
}

static void test_objectives_and_roles(void **state)
{
	const char *md = "# P\n\n## Security objectives\n\nOur objectives are:\n\n"
			 "* Fewer than 3 % click phishing tests\n* Restore the WMS in 4 hours\n\n"
			 "## Roles and responsibilities\n\n"
			 "* **Chief Executive Officer (Maria Keller)**: approves this policy.\n"
			 "* **Head of Information Security (Tom Brandt)**: owner of this policy and of "
			 "the ISMS.\n* **Managers**: make sure teams follow it.\n"
			 "* Data Protection Officer: Lena Vos\n";
	struct policy_facts f;
	(void)state;
	assert_int_equal(policy_extract(md, NULL, &f), AK_OK);
	assert_int_equal(f.nobjectives, 2);
	assert_string_equal(f.objectives[1], "Restore the WMS in 4 hours");
	assert_int_equal(f.nroles, 4);
	assert_string_equal(f.roles[0].role, "ISMS owner");
	assert_string_equal(f.roles[0].name, "Tom Brandt");
	assert_string_equal(f.roles[1].role, "Chief Executive Officer");
	assert_string_equal(f.roles[1].name, "Maria Keller");
	assert_string_equal(f.roles[3].role, "Data Protection Officer");
	assert_string_equal(f.roles[3].name, "Lena Vos");
	policy_facts_release(&f);
}

static void test_objective_sentences(void **state)
{
	const char *md = "## Objectives\n\nThe objectives are set each year. We measure them "
			 "quarterly.\n\n## Next\n\nUnrelated.\n";
	struct policy_facts f;
	(void)state;
	assert_int_equal(policy_extract(md, NULL, &f), AK_OK);
	assert_int_equal(f.nobjectives, 2);
	assert_string_equal(f.objectives[0], "The objectives are set each year");
	policy_facts_release(&f);
}

static void test_html_and_confluence(void **state)
{
	const char *html = "<html><head><title>T &amp; C</title><script>x()</script></head><body>"
			   "<h2>Roles</h2><table><tr><th>Role</th><th>Name</th></tr>"
			   "<tr><td>ISMS owner</td><td>Tom Brandt</td></tr></table>"
			   "<dl><dt>Version</dt><dd>7&nbsp;</dd></dl><p>a&#233;b</p></body></html>";
	const char *conf = "{\"title\": \"Conf Page\", \"body\": {\"storage\": {\"value\": "
			   "\"<h1>Heading</h1><p>We commit to honesty.</p>\"}}}";
	char *text = NULL, *title = NULL;
	struct policy_facts f;
	(void)state;
	assert_int_equal(policy_to_text("html", html, strlen(html), "x.html", &text, &title), AK_OK);
	assert_string_equal(title, "T & C");
	assert_null(strstr(text, "x()"));
	assert_non_null(strstr(text, "## Roles"));
	assert_non_null(strstr(text, "a\xc3\xa9" "b"));
	assert_int_equal(policy_extract(text, title, &f), AK_OK);
	assert_string_equal(f.title, "T & C");
	assert_string_equal(f.version, "7");
	assert_int_equal(f.nroles, 1);
	assert_string_equal(f.roles[0].name, "Tom Brandt");
	policy_facts_release(&f);
	free(text);
	free(title);
	assert_int_equal(policy_to_text("confluence", conf, strlen(conf), "c.json", &text, &title),
			 AK_OK);
	assert_string_equal(title, "Conf Page");
	assert_int_equal(policy_extract(text, title, &f), AK_OK);
	assert_string_equal(f.title, "Conf Page");
	assert_int_equal(f.ncommitments, 1);
	assert_string_equal(f.commitments[0], "honesty");
	policy_facts_release(&f);
	free(text);
	free(title);
}

/* What the minutes reader added: bold, Confluence dates, tasks and
 * placeholders, line breaks and lists inside cells, more entities, and a
 * lone surrogate (which UTF-8 cannot hold) replaced. */
static void test_html_extensions(void **state)
{
	const char *html = "<p>a <strong>Present</strong> b</p>"
			   "<p>on <time datetime=\"2026-07-14\" /> and <time datetime='2026-08-01'>"
			   "1 Aug</time></p>"
			   "<ac:task-list><ac:task><ac:task-id>7</ac:task-id><ac:task-status>"
			   "incomplete</ac:task-status><ac:task-body>call Tom</ac:task-body></ac:task>"
			   "</ac:task-list><ac:placeholder>Type here</ac:placeholder>"
			   "<table><tr><td>Maria<br/>Tom</td><td><ul><li>x</li><li>y</li></ul></td>"
			   "</tr></table><p>&pound;5 &times; 2 &#xD800;!</p>";
	char *text = NULL, *title = NULL;
	(void)state;
	assert_int_equal(policy_to_text("html", html, strlen(html), "x.html", &text, &title), AK_OK);
	assert_non_null(strstr(text, "a **Present** b"));
	assert_non_null(strstr(text, "on 2026-07-14 and 1 Aug"));
	assert_null(strstr(text, "2026-08-01")); /* the element's own text says it */
	assert_non_null(strstr(text, "* call Tom"));
	assert_null(strstr(text, "incomplete"));
	assert_null(strstr(text, "Type here"));
	assert_non_null(strstr(text, "| Maria; Tom | x; y |"));
	assert_non_null(strstr(text, "\xc2\xa3" "5 \xc3\x97 2 \xef\xbf\xbd!"));
	free(text);
	free(title);
}

static void test_confluence_bad_shape(void **state)
{
	const char *conf = "{\"title\": \"x\", \"body\": {\"view\": {}}}";
	char *text = NULL, *title = NULL;
	(void)state;
	assert_int_equal(policy_to_text("confluence", conf, strlen(conf), "c.json", &text, &title),
			 AK_ERR_DATA);
	assert_null(text);
}

static void test_nothing_found(void **state)
{
	struct policy_facts f;
	(void)state;
	assert_int_equal(policy_extract("just words\n", NULL, &f), AK_OK);
	assert_null(f.version);
	assert_null(f.approved);
	assert_int_equal(f.ncommitments, 0);
	assert_int_equal(f.nroles, 0);
	policy_facts_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_markdown_table_metadata),
		cmocka_unit_test(test_key_value_lines),
		cmocka_unit_test(test_commitments),
		cmocka_unit_test(test_objectives_and_roles),
		cmocka_unit_test(test_objective_sentences),
		cmocka_unit_test(test_html_and_confluence),
		cmocka_unit_test(test_html_extensions),
		cmocka_unit_test(test_confluence_bad_shape),
		cmocka_unit_test(test_nothing_found),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
