/* test_sources.c: each source shape's pages parsed from memory, the risk
 * order, and the URL clean-up that keeps credentials out of the manifest. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evidence/fetch.h"
#include "evidence/risk.h"
#include "evidence/sources.h"
#include "core/util.h"

static char *fixture(const char *rel, size_t *len)
{
	const char *src = getenv("AK_SRCDIR");
	char path[1024], *data = NULL;

	snprintf(path, sizeof path, "%s/tests/fixtures/fetch/%s", src ? src : ".", rel);
	assert_int_equal(ak_read_file(path, 0, &data, len), AK_OK);
	return data;
}

/* Parse one page of format; returns the error, fills out and *next. */
static ak_err parse(const char *format, const char *data, size_t len, const char *url,
		    const char *link, struct src_config *c, struct risk_list *out, char **next)
{
	struct src_page p = {data, len, "page", url, link, 1};
	c->format = format;
	c->url = url;
	return src_parse_page(c, &p, out, next);
}

static void test_ciso_assistant(void **state)
{
	struct src_config c = {0};
	struct risk_list l;
	char *data, *next = NULL;
	size_t len;
	(void)state;
	risk_list_init(&l);
	data = fixture("ciso_assistant/page-1.json", &len);
	assert_int_equal(parse("ciso-assistant", data, len, "https://h:8443/api/risk-scenarios/?limit=2",
			       NULL, &c, &l, &next),
			 AK_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].id, "RS.1");
	assert_true(l.v[0].has_level);
	assert_true(l.v[0].level == 4); /* matrix index 3, rank 4 */
	assert_string_equal(l.v[0].level_label, "Very high");
	assert_string_equal(l.v[1].owner, "Daniel Okafor");
	assert_string_equal(next, "https://h:8443/api/risk-scenarios/?limit=2&page=2");
	free(next);
	free(data);
	data = fixture("ciso_assistant/page-2.json", &len);
	assert_int_equal(parse("ciso-assistant", data, len, "https://h/x", NULL, &c, &l, &next), AK_OK);
	assert_false(l.v[2].has_level); /* value -1: not rated */
	assert_false(l.v[2].has_likelihood);
	free(next);
	free(data);
	data = fixture("ciso_assistant/page-3.json", &len);
	assert_int_equal(parse("ciso-assistant", data, len, "https://h/x", NULL, &c, &l, &next), AK_OK);
	assert_null(next);
	free(data);
	risk_list_finish(&l);
	assert_string_equal(l.v[0].id, "RS.1");
	assert_string_equal(l.v[1].id, "RS.5");
	assert_string_equal(l.v[4].id, "RS.3"); /* unrated last */
	risk_list_release(&l);
}

static void test_jira(void **state)
{
	struct src_config c = {0};
	struct risk_list l;
	json_t *map = json_pack("{s:s, s:s}", "likelihood", "fields.customfield_10050", "impact",
				"fields.customfield_10051");
	char *data, *next = NULL, *first;
	size_t len;
	(void)state;
	risk_list_init(&l);
	c.field_map = map;
	c.format = "jira";
	c.url = "https://example.atlassian.net";
	c.jql = "project = RISK";
	c.page_size = 2;
	first = src_first_url(&c);
	assert_non_null(strstr(first, "/rest/api/3/search/jql?jql=project"));
	assert_non_null(strstr(first, "maxResults=2"));
	assert_non_null(strstr(first, "customfield_10050"));
	data = fixture("jira/page-1.json", &len);
	assert_int_equal(parse("jira", data, len, first, NULL, &c, &l, &next), AK_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].id, "RISK-1");
	assert_true(l.v[0].likelihood == 4 && l.v[0].impact == 5);
	assert_string_equal(l.v[0].description, "Ransomware on the warehouse system: details, with a comma");
	assert_non_null(strstr(next, "nextPageToken=tok2"));
	free(data);
	data = fixture("jira/page-3.json", &len);
	free(first);
	first = next;
	next = NULL;
	assert_int_equal(parse("jira", data, len, first, NULL, &c, &l, &next), AK_OK);
	assert_null(next); /* the last page has no nextPageToken */
	free(first);
	free(data);
	json_decref(map);
	risk_list_release(&l);
}

static void test_servicenow_and_simplerisk(void **state)
{
	struct src_config c = {0};
	struct risk_list l;
	char *data, *next = NULL;
	size_t len;
	(void)state;
	risk_list_init(&l);
	data = fixture("servicenow/page-1.json", &len);
	assert_int_equal(parse("servicenow", data, len, "https://sn/api/now/table/sn_risk_risk",
			       "https://sn/api/now/table/sn_risk_risk?sysparm_offset=2", &c, &l, &next),
			 AK_OK);
	assert_string_equal(l.v[0].id, "RSK0001001");
	assert_true(l.v[0].likelihood == 4 && l.v[0].level == 20);
	assert_string_equal(next, "https://sn/api/now/table/sn_risk_risk?sysparm_offset=2");
	free(next);
	free(data);
	risk_list_release(&l);
	data = fixture("simplerisk/risks.json", &len);
	assert_int_equal(parse("simplerisk", data, len, "https://sr/api/v2/risks", NULL, &c, &l, &next),
			 AK_OK);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0].id, "1001");
	assert_true(l.v[0].level > 9.1 && l.v[0].level < 9.3);
	assert_string_equal(l.v[0].level_label, "High");
	assert_null(next);
	free(data);
	risk_list_release(&l);
}

static void test_json_shapes_and_errors(void **state)
{
	struct src_config c = {0};
	struct risk_list l;
	char *data, *next = NULL;
	size_t len;
	const char *bad = "{\"results\": {\"oops\": 1}}";
	const char *badscore = "[{\"id\": \"A\", \"title\": \"t\", \"likelihood\": \"often\"}]";
	(void)state;
	risk_list_init(&l);
	c.path = "data.items";
	c.next = "links.next";
	data = fixture("json/risks-1.json", &len);
	assert_int_equal(parse("json", data, len, "https://g/export/risks-1.json", NULL, &c, &l, &next),
			 AK_OK);
	assert_string_equal(l.v[0].id, "G-1");
	assert_string_equal(l.v[0].owner, "Sofia Lindqvist");
	assert_string_equal(next, "https://g/export/risks-2.json");
	free(next);
	next = NULL;
	free(data);
	memset(&c, 0, sizeof c);
	assert_int_equal(parse("ciso-assistant", bad, strlen(bad), "https://h/", NULL, &c, &l, &next),
			 AK_ERR_DATA);
	assert_int_equal(parse("json", badscore, strlen(badscore), "https://h/", NULL, &c, &l, &next),
			 AK_ERR_DATA);
	assert_int_equal(parse("json", "[1,", 3, "https://h/", NULL, &c, &l, &next), AK_ERR_DATA);
	risk_list_release(&l);
}

/* A page from a string: the error, the number of risks read and *next. */
static ak_err page(const char *format, const char *text, const char *link, struct src_config *c,
		   size_t *n, char **next)
{
	struct risk_list l;
	ak_err err;

	risk_list_init(&l);
	*next = NULL;
	err = parse(format, text, strlen(text), "https://h/api/x/?limit=2", link, c, &l, next);
	*n = l.n;
	risk_list_release(&l);
	return err;
}

/* What cJSON would read as something else is refused, naming the place. */
static void test_json_strictness(void **state)
{
	struct src_config c = {0};
	char *next;
	size_t n;
	static const char nul[] = "[{\"id\": \"R1\", \"title\": \"a\0b\"}]";
	struct src_page p = {nul, sizeof nul - 1, "page", "https://h/", NULL, 1};
	struct risk_list l;
	(void)state;

	assert_int_equal(page("json", "[{\"id\": \"R1\", \"title\": \"a\\u0000b\"}]", NULL, &c, &n, &next),
			 AK_ERR_DATA);
	assert_int_equal(page("json", "[{\"id\": \"R1\", \"title\": \"a\xff\"}]", NULL, &c, &n, &next),
			 AK_ERR_DATA);
	risk_list_init(&l);
	c.format = "json";
	assert_int_equal(src_parse_page(&c, &p, &l, &next), AK_ERR_DATA);
	risk_list_release(&l);
	assert_int_equal(page("json", "[{\"id\": \"R1\", \"title\": \"t\"}] x", NULL, &c, &n, &next),
			 AK_ERR_DATA);
	assert_int_equal(page("json", "[{\"id\": \"R1\", \"title\": \"t\"}", NULL, &c, &n, &next),
			 AK_ERR_DATA);
	/* an escaped backslash before "u0000" is not the NUL escape */
	assert_int_equal(page("json", "[{\"id\": \"R1\", \"title\": \"a\\\\u0000\"}]", NULL, &c, &n,
			      &next),
			 AK_OK);
	/* an id too large for a double to hold exactly, a score out of range */
	assert_int_equal(page("json", "[{\"id\": 12345678901234567890, \"title\": \"t\"}]", NULL, &c, &n,
			      &next),
			 AK_ERR_DATA);
	assert_int_equal(page("json", "[{\"id\": 9007199254740991, \"title\": \"t\"}]", NULL, &c, &n,
			      &next),
			 AK_OK);
	assert_int_equal(page("json", "[{\"id\": \"R1\", \"title\": \"t\", \"likelihood\": 1e999}]", NULL,
			      &c, &n, &next),
			 AK_ERR_DATA);
	/* a repeated key: the first one, for the fields as for the next page */
	{
		const char *t = "[{\"id\": \"R1\", \"title\": \"first\", \"title\": \"last\"}]";
		struct src_page q = {t, strlen(t), "page", "https://h/", NULL, 1};
		risk_list_init(&l);
		assert_int_equal(src_parse_page(&c, &q, &l, &next), AK_OK);
		assert_string_equal(l.v[0].title, "first");
		risk_list_release(&l);
	}
}

/* The next page found by the scan agrees with the parsed page, wherever
 * `next` sits and whatever the strings before it hold. */
static void test_next_scan(void **state)
{
	struct src_config c = {0};
	char *next;
	size_t n;
	(void)state;

	/* after the results, with a string that looks like a member */
	assert_int_equal(page("ciso-assistant",
			      "{\"results\": [{\"id\": \"1\", \"name\": \"a \\\"next\\\": \\\"no\\\"}\", "
			      "\"description\": \"{[\\\\\"}], \"count\": 1, \"next\": \"/api/x/?p=2\"}",
			      NULL, &c, &n, &next),
			 AK_OK);
	assert_int_equal(n, 1);
	assert_string_equal(next, "https://h/api/x/?p=2");
	free(next);
	/* escaped slashes, as PHP writes them; null; repeated */
	assert_int_equal(page("ciso-assistant",
			      "{\"next\": \"https:\\/\\/h\\/api\\/x\\/?p=3\", \"results\": []}", NULL, &c,
			      &n, &next),
			 AK_OK);
	assert_string_equal(next, "https://h/api/x/?p=3");
	free(next);
	assert_int_equal(page("ciso-assistant", "{\"next\": null, \"results\": []}", NULL, &c, &n, &next),
			 AK_OK);
	assert_null(next);
	assert_int_equal(page("ciso-assistant", "{\"next\": \"/a\", \"results\": [], \"next\": \"/b\"}",
			      NULL, &c, &n, &next),
			 AK_OK);
	assert_string_equal(next, "https://h/a");
	free(next);
	/* an escaped key: the scan gives way to the parser */
	assert_int_equal(page("ciso-assistant", "{\"results\": [], \"ne\\u0078t\": \"/esc\"}", NULL, &c,
			      &n, &next),
			 AK_OK);
	assert_string_equal(next, "https://h/esc");
	free(next);
	assert_int_equal(page("ciso-assistant", "{\"results\": [], \"next\": 7}", NULL, &c, &n, &next),
			 AK_ERR_DATA);
	/* generic JSON: a nested path, an array index, alternatives */
	c.path = "items";
	c.next = "links.next";
	assert_int_equal(page("json", "{\"items\": [], \"links\": {\"self\": \"/s\", \"next\": \"/n\"}}",
			      NULL, &c, &n, &next),
			 AK_OK);
	assert_string_equal(next, "https://h/n");
	free(next);
	c.next = "links.1";
	assert_int_equal(page("json", "{\"items\": [], \"links\": [\"/s\", \"/i\"]}", NULL, &c, &n, &next),
			 AK_OK);
	assert_string_equal(next, "https://h/i");
	free(next);
	c.next = "nope|links.next";
	assert_int_equal(page("json", "{\"items\": [], \"links\": {\"next\": \"/alt\"}}", NULL, &c, &n,
			      &next),
			 AK_OK);
	assert_string_equal(next, "https://h/alt");
	free(next);
	c.next = "links.next";
	assert_int_equal(page("json", "{\"items\": [], \"links\": {}}", NULL, &c, &n, &next), AK_OK);
	assert_null(next);
	/* Jira: the token, and isLast ends it even with a token */
	c.path = c.next = NULL;
	assert_int_equal(page("jira", "{\"issues\": [], \"nextPageToken\": \"T 1\"}", NULL, &c, &n, &next),
			 AK_OK);
	assert_non_null(strstr(next, "nextPageToken=T"));
	free(next);
	assert_int_equal(page("jira", "{\"issues\": [], \"nextPageToken\": \"T\", \"isLast\": true}", NULL,
			      &c, &n, &next),
			 AK_OK);
	assert_null(next);
	/* ServiceNow: the Link header, but not past an empty page */
	assert_int_equal(page("servicenow", "{\"result\": [{\"number\": \"R1\", \"name\": \"t\"}]}",
			      "/api/now/table/t?sysparm_offset=1", &c, &n, &next),
			 AK_OK);
	assert_string_equal(next, "https://h/api/now/table/t?sysparm_offset=1");
	free(next);
	assert_int_equal(page("servicenow", "{\"result\": []}", "/api/now/table/t?sysparm_offset=2", &c,
			      &n, &next),
			 AK_OK);
	assert_null(next);
}

/* What each shape's envelope must hold, and SimpleRisk's status. */
static void test_envelopes(void **state)
{
	struct src_config c = {0};
	char *next;
	size_t n;
	(void)state;

	assert_int_equal(page("ciso-assistant", "[]", NULL, &c, &n, &next), AK_ERR_DATA);
	assert_int_equal(page("jira", "{\"issues\": {}}", NULL, &c, &n, &next), AK_ERR_DATA);
	assert_int_equal(page("servicenow", "{}", NULL, &c, &n, &next), AK_ERR_DATA);
	assert_int_equal(page("simplerisk",
			      "{\"status\": 401, \"status_message\": \"Unauthorized\", \"data\": {}}",
			      NULL, &c, &n, &next),
			 AK_ERR_DATA);
	assert_int_equal(page("simplerisk",
			      "{\"status\": \"200\", \"data\": {\"risks\": [{\"id\": 7, \"subject\": \"t\", "
			      "\"calculated_risk\": 7.5}]}}",
			      NULL, &c, &n, &next),
			 AK_OK);
	assert_int_equal(n, 1);
	/* a risk without a title on the second item: nothing of it is kept */
	assert_int_equal(page("servicenow",
			      "{\"result\": [{\"number\": \"R1\", \"name\": \"a\"}, {\"number\": \"R2\"}]}",
			      NULL, &c, &n, &next),
			 AK_ERR_DATA);
	assert_int_equal(n, 1);
}

static void test_csv(void **state)
{
	struct src_config c = {0};
	struct risk_list l;
	char *data, *next = NULL;
	size_t len;
	(void)state;
	risk_list_init(&l);
	data = fixture("risks-semicolon.csv", &len);
	assert_int_equal(parse("csv", data, len, "file:///x.csv", NULL, &c, &l, &next), AK_OK);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[1].title, "Fraud, \"CEO\" mail\nand phishing");
	assert_string_equal(l.v[0].treatment, "transfer");
	free(data);
	data = fixture("risks-noid.csv", &len);
	assert_int_equal(parse("csv", data, len, "file:///x.csv", NULL, &c, &l, &next), AK_ERR_DATA);
	free(data);
	risk_list_release(&l);
}

static void test_scores_and_order(void **state)
{
	struct risk_list l;
	double v = 0;
	struct risk *r;
	(void)state;
	assert_true(risk_parse_score("4", &v) && v == 4);
	assert_true(risk_parse_score(" 4 - Likely", &v) && v == 4);
	assert_true(risk_parse_score("4,5", &v) && v == 4.5);
	assert_true(risk_parse_score("3 (Possible)", &v) && v == 3);
	assert_false(risk_parse_score("High", &v));
	assert_false(risk_parse_score("4x", &v));
	assert_string_equal(risk_band(4), "low");
	assert_string_equal(risk_band(5), "medium");
	assert_string_equal(risk_band(15), "high");
	assert_string_equal(risk_band(16), "critical");
	risk_list_init(&l);
	r = risk_list_add(&l);
	r->id = strdup("B");
	r->likelihood = 3, r->impact = 4, r->has_likelihood = r->has_impact = true; /* 12 */
	r = risk_list_add(&l);
	r->id = strdup("A");
	r->likelihood = 4, r->impact = 3, r->has_likelihood = r->has_impact = true; /* 12, lower impact */
	r = risk_list_add(&l);
	r->id = strdup("C"); /* unrated */
	r = risk_list_add(&l);
	r->id = strdup("D");
	r->level = 12, r->has_level = true, r->impact = 4, r->has_impact = true,
	r->likelihood = 3, r->has_likelihood = true; /* ties with B: id decides */
	risk_list_finish(&l);
	assert_string_equal(l.v[0].id, "B");
	assert_string_equal(l.v[1].id, "D");
	assert_string_equal(l.v[2].id, "A");
	assert_string_equal(l.v[3].id, "C");
	assert_string_equal(l.v[0].level_label, "high");
	risk_list_release(&l);
}

static void test_urls(void **state)
{
	char *s;
	(void)state;
	s = fetch_url_display("https://user:pw@h.example:8443/a?x=1&access_token=SECRET&api_key=K&"
			      "nextPageToken=p2");
	assert_string_equal(s, "https://h.example:8443/a?x=1&nextPageToken=p2");
	free(s);
	assert_true(fetch_url_same_origin("https://h/a", "https://H:443/b"));
	assert_false(fetch_url_same_origin("https://h/a", "http://h/a"));
	assert_false(fetch_url_same_origin("http://127.0.0.1:1/a", "http://127.0.0.1:2/a"));
	assert_true(fetch_url_has_userinfo("https://u:p@h/"));
	assert_int_equal(fetch_url_absolute("/tmp/a b.csv", NULL, &s), AK_OK);
	assert_string_equal(s, "file:///tmp/a%20b.csv");
	free(s);
	assert_int_equal(fetch_url_absolute("file:risks.csv", "/srv/audit", &s), AK_OK);
	assert_string_equal(s, "file:///srv/audit/risks.csv");
	free(s);
	assert_int_equal(fetch_url_absolute("ftp://h/x", NULL, &s), AK_ERR_USAGE);
}

/* The scales of a register: "-3" below zero (not "not a number"), 99999
 * out of range, a level up to 10000; ids given twice found with both
 * places, the earliest repeat first. */
static void test_scales_and_duplicates(void **state)
{
	struct risk_list l;
	double v;
	size_t a, b;
	bool oom;
	static const char *const ids[] = {"R3", "R1", "R2", "R1", "R3"};
	size_t i;
	(void)state;

	assert_null(risk_read_score("likelihood", "4 - Likely", &v));
	assert_true(v == 4);
	assert_non_null(strstr(risk_read_score("likelihood", "-3", &v), "below zero"));
	assert_non_null(strstr(risk_read_score("likelihood", "99999", &v), "out of range (0 to 100"));
	assert_null(risk_read_score("level", "400", &v));
	assert_non_null(strstr(risk_read_score("level", "20000", &v), "out of range (0 to 10000"));
	assert_string_equal(risk_read_score("impact", "high", &v), "is not a number");

	risk_list_init(&l);
	for (i = 0; i < sizeof ids / sizeof *ids; i++)
		risk_list_add(&l)->id = ak_strdup(ids[i]);
	assert_true(risk_list_duplicate(&l, &a, &b, &oom));
	assert_int_equal(a, 1); /* R1 at 1 and 3 comes before R3 at 0 and 4 */
	assert_int_equal(b, 3);
	risk_list_release(&l);
	risk_list_init(&l);
	risk_list_add(&l)->id = ak_strdup("A");
	risk_list_add(&l)->id = ak_strdup("a");
	assert_false(risk_list_duplicate(&l, &a, &b, &oom));
	assert_false(oom);
	risk_list_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ciso_assistant),
		cmocka_unit_test(test_jira),
		cmocka_unit_test(test_servicenow_and_simplerisk),
		cmocka_unit_test(test_json_shapes_and_errors),
		cmocka_unit_test(test_json_strictness),
		cmocka_unit_test(test_next_scan),
		cmocka_unit_test(test_envelopes),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_scores_and_order),
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_scales_and_duplicates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
