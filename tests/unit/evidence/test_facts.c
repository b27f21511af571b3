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

#include <jansson.h>

#include "evidence/facts.h"
#include "evidence/review.h"
#include "evidence/snapshot.h"

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

/* The management review, old form and new: decisions as strings (facts
 * files written before owners and amounts were kept) or objects, mixed. */
static void test_review_forms(void **state)
{
	const char *t = "{\"format\": \"auditkit-facts/1\", \"management_review\": {"
			"\"date\": \"2026-09-15\", \"chair\": \"Maria Keller\","
			"\"attendees\": [\"Maria Keller\", \"Tom Brandt\"], \"apologies\": [],"
			"\"decisions\": [\"Run phishing tests monthly\","
			" {\"decision\": \"Fund the SOC\", \"owner\": \"CFO\", \"amount\": \"EUR 180,000\"},"
			" {\"decision\": \"Segment the OT network\", \"owner\": null}],"
			"\"resources\": [\"EUR 180,000\"], \"next_review\": \"2027-03-16\"}}";
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err;
	struct facts *f = parse(t, &d, &err);
	const struct facts_review *r;
	(void)state;

	assert_non_null(f);
	r = facts_review(f);
	assert_string_equal(r->chair, "Maria Keller");
	assert_string_equal(r->next_review, "2027-03-16");
	assert_true(r->has_apologies);
	assert_int_equal(r->apologies.n, 0);
	assert_int_equal(r->attendees.n, 2);
	/* the texts, as callers before owners and amounts read them */
	assert_int_equal(r->decisions.n, 3);
	assert_string_equal(r->decisions.v[0], "Run phishing tests monthly");
	assert_string_equal(r->decisions.v[1], "Fund the SOC");
	assert_string_equal(r->decisions.v[2], "Segment the OT network");
	assert_string_equal(r->decision_items[0].decision, "Run phishing tests monthly");
	assert_null(r->decision_items[0].owner);
	assert_string_equal(r->decision_items[1].owner, "CFO");
	assert_string_equal(r->decision_items[1].amount, "EUR 180,000");
	assert_null(r->decision_items[2].owner);
	assert_null(r->decision_items[2].amount);
	assert_string_equal(r->resources.v[0], "EUR 180,000");
	facts_free(f);

	/* the form before: no apologies, chair or next review */
	f = parse("{\"format\": \"auditkit-facts/1\", \"management_review\": "
		  "{\"decisions\": [\"a\", \"b\"]}}",
		  &d, &err);
	assert_non_null(f);
	r = facts_review(f);
	assert_false(r->has_apologies);
	assert_null(r->chair);
	assert_null(r->next_review);
	assert_string_equal(r->decision_items[1].decision, "b");
	facts_free(f);
}

static void test_review_problems(void **state)
{
	const char *t = "{\"format\": \"auditkit-facts/1\", \"management_review\": {\n"
			" \"decisions\": [{\"owner\": \"CFO\"}, 7,\n"
			"   {\"decision\": \"x\", \"cost\": \"EUR 1\"}],\n"
			" \"next_review\": \"March 2027\", \"apologies\": \"Sofia\"}}";
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err;
	(void)state;

	assert_null(parse(t, &d, &err));
	assert_int_equal(err, AK_ERR_DATA);
	assert_int_equal(d.n, 5);
	assert_non_null(strstr(d.v[0].msg, "must be an array of strings")); /* apologies */
	assert_int_equal(d.v[1].line, 2);
	assert_non_null(strstr(d.v[1].msg, "needs \"decision\""));
	assert_non_null(strstr(d.v[2].msg, "strings or objects"));
	assert_int_equal(d.v[3].line, 3);
	assert_non_null(strstr(d.v[3].msg, "unknown field 'cost'"));
	assert_int_equal(d.v[4].line, 4);
	assert_non_null(strstr(d.v[4].msg, "YYYY-MM-DD"));
	ak_diags_release(&d);
}

/* facts.json from minutes: the new fields, the missing list, read back,
 * and the text jansson would write for the same values. */
static void test_review_written(void **state)
{
	char date[] = "2026-09-15", next[] = "2027-03-16", mk[] = "Maria Keller",
	     tb[] = "Tom Brandt", eng[] = "One security engineer", soc[] = "Fund the SOC",
	     eur[] = "EUR 180,000 a year", phish[] = "Monthly phishing tests";
	char *att[] = {mk, tb}, *res[] = {eng};
	struct review_decision dec[] = {{soc, tb, eur}, {phish, NULL, NULL}};
	struct review_facts rv = {date, NULL, next, att, 2, NULL, 0, true, dec, 2, res, 1, true};
	struct evidence_facts_in in = {"Harbourline Logistics Ltd", NULL, NULL, NULL, &rv};
	struct ak_diags d = AK_DIAGS_INIT;
	char *missing = NULL, *text = evidence_facts_json(&in, &missing), *again;
	const struct facts_review *r;
	json_error_t e;
	json_t *j;
	struct facts *f;
	ak_err err;
	(void)state;

	assert_non_null(text);
	assert_string_equal(missing, "organisation.scope, policy, roles, risks, "
				     "management_review.chair");
	assert_non_null(strstr(text, "\"apologies\": [],"));
	j = json_loads(text, 0, &e);
	assert_non_null(j);
	again = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	assert_non_null(again);
	assert_int_equal(strlen(text), strlen(again) + 1); /* and the newline */
	assert_memory_equal(text, again, strlen(again));
	f = facts_parse("facts.json", text, strlen(text), &d, &err);
	assert_non_null(f);
	r = facts_review(f);
	assert_string_equal(r->date, "2026-09-15");
	assert_string_equal(r->next_review, "2027-03-16");
	assert_true(r->has_apologies);
	assert_string_equal(r->decision_items[0].amount, "EUR 180,000 a year");
	assert_null(r->decision_items[1].owner);
	assert_string_equal(r->decisions.v[1], "Monthly phishing tests");
	facts_free(f);
	json_decref(j);
	free(again);
	free(text);
	free(missing);

	/* no minutes, nothing found in them, no source: what missing says */
	memset(&rv, 0, sizeof rv);
	text = evidence_facts_json(&in, &missing);
	assert_string_equal(missing, "organisation.scope, policy, roles, risks, "
				     "management_review.date, management_review.chair, "
				     "management_review.attendees, management_review.apologies, "
				     "management_review.decisions, management_review.resources, "
				     "management_review.next_review");
	free(text);
	free(missing);
	rv.decisions = dec + 1;
	rv.ndecisions = 1;
	text = evidence_facts_json(&in, &missing);
	assert_non_null(strstr(missing, "management_review.decisions[].owner, "
					"management_review.decisions[].amount"));
	free(text);
	free(missing);
	in.review = NULL;
	text = evidence_facts_json(&in, &missing);
	assert_string_equal(missing, "organisation.scope, policy, roles, risks, management_review");
	free(text);
	free(missing);
}

/* A real snapshot in a temporary folder, written by the builder fetch
 * uses, with facts.json and (when local is not NULL) facts.local.json. */
static char *make_snapshot(const char *facts, const char *local)
{
	char tmpl[] = "/tmp/ak-test-facts.XXXXXX";
	struct evidence_builder *b = NULL;
	char *dir, *ev;
	FILE *fp;

	dir = mkdtemp(tmpl);
	assert_non_null(dir);
	ev = malloc(strlen(dir) + 4);
	assert_non_null(ev);
	sprintf(ev, "%s/ev", dir);
	assert_int_equal(evidence_begin(ev, &b), AK_OK);
	assert_int_equal(evidence_put(b, "facts.json", facts, strlen(facts)), AK_OK);
	assert_int_equal(evidence_commit(b), AK_OK);
	if (local) {
		char path[256];
		snprintf(path, sizeof path, "%s/facts.local.json", ev);
		fp = fopen(path, "w");
		assert_non_null(fp);
		fputs(local, fp);
		fclose(fp);
	}
	return ev;
}

static void remove_snapshot(char *ev)
{
	char cmd[512];

	snprintf(cmd, sizeof cmd, "rm -rf '%.*s'", (int)(strrchr(ev, '/') - ev), ev);
	assert_int_equal(system(cmd), 0);
	free(ev);
}

static void test_local_merged_over_snapshot(void **state)
{
	const char *fetched =
		"{\"format\": \"auditkit-facts/1\","
		" \"policy\": {\"title\": \"ISP\", \"version\": \"3.1\", \"approver\": \"Wrong Person\"},"
		" \"roles\": [{\"role\": \"ISMS owner\", \"name\": \"Tom Brandt\"}],"
		" \"risks\": [{\"id\": \"R-1\", \"title\": \"one\", \"level\": 4},"
		"            {\"id\": \"R-2\", \"title\": \"two\", \"level\": 9}],"
		" \"missing\": [\"policy.review_due\", \"management_review\", \"risks[].owner\", \"roles\"]}";
	const char *local =
		"{\"format\": \"auditkit-facts/1\","
		" \"policy\": {\"review_due\": \"2027-02-10\", \"approver\": null},"
		" \"management_review\": {\"date\": \"2026-09-15\"},"
		" \"roles\": [{\"role\": \"isms owner\", \"name\": \"Priya Raman\"}],"
		" \"risks\": [{\"id\": \"R-1\", \"owner\": \"COO\", \"level\": 20},"
		"            {\"id\": \"R-3\", \"title\": \"three\"}]}";
	struct ak_diags d = AK_DIAGS_INIT;
	struct evidence_snapshot *s = NULL;
	char *ev = make_snapshot(fetched, local);
	struct facts *f;
	struct facts_list m;
	ak_err err;
	(void)state;

	assert_int_equal(evidence_open(ev, &s), AK_OK);
	f = facts_load_snapshot(s, &d, &err);
	assert_int_equal(err, AK_OK);
	assert_non_null(f);
	assert_string_equal(facts_policy(f)->title, "ISP");          /* kept */
	assert_string_equal(facts_policy(f)->review_due, "2027-02-10"); /* added */
	assert_null(facts_policy(f)->approver);                     /* null removes */
	assert_string_equal(facts_isms_owner(f), "Priya Raman");    /* role by role, any case */
	assert_int_equal(facts_nroles(f), 1);
	assert_int_equal(facts_nrisks(f), 3);
	assert_string_equal(facts_risk(f, 0)->id, "R-1");           /* now level 20: first */
	assert_string_equal(facts_risk(f, 0)->title, "one");        /* kept from the fetch */
	assert_string_equal(facts_risk(f, 0)->owner, "COO");
	assert_non_null(facts_review(f));
	m = facts_missing(f);                                        /* what the local file gave is gone */
	assert_int_equal(m.n, 0);
	facts_free(f);
	evidence_snapshot_free(s);
	ak_diags_release(&d);
	remove_snapshot(ev);
}

static void test_local_tampered_snapshot(void **state)
{
	const char *fetched = "{\"format\": \"auditkit-facts/1\", \"policy\": {\"version\": \"3.1\"}}\n";
	struct evidence_snapshot *s = NULL;
	char *ev = make_snapshot(fetched, NULL), path[256];
	FILE *fp;
	(void)state;

	assert_int_equal(evidence_open(ev, &s), AK_OK);
	evidence_snapshot_free(s);
	snprintf(path, sizeof path, "%s/facts.json", ev);
	fp = fopen(path, "a");
	assert_non_null(fp);
	fputs(" ", fp);
	fclose(fp);
	s = NULL;
	assert_int_equal(evidence_open(ev, &s), AK_ERR_DATA);
	assert_null(s);
	remove_snapshot(ev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_top_risk_order),
		cmocka_unit_test(test_lists_and_lookups),
		cmocka_unit_test(test_problems_are_located),
		cmocka_unit_test(test_sample_facts_load),
		cmocka_unit_test(test_review_forms),
		cmocka_unit_test(test_review_problems),
		cmocka_unit_test(test_review_written),
		cmocka_unit_test(test_local_merged_over_snapshot),
		cmocka_unit_test(test_local_tampered_snapshot),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
