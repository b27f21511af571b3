/* test_scored.c: reading scored interviews strictly to
 * docs/scored-format.md, and manual findings in both their forms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings/manual.h"
#include "core/util.h"
#include "findings/scored.h"

static void fixture(char *out, size_t n, const char *name)
{
	const char *src = getenv("AK_SRCDIR");
	snprintf(out, n, "%s/tests/fixtures/findings/%s", src ? src : ".", name);
}

/* A small scored interview of format 2: two statements, one requirement,
 * a contradiction quoting a fragment of a statement. */
static const char *const good =
    "{\"format\": \"auditkit-scored/2\", \"generator\": \"auditkit test\",\n"
    " \"notes\": {\"file\": \"notes/coo.md\", \"sha256\": "
    "\"1111111111111111111111111111111111111111111111111111111111111111\", \"kind\": "
    "\"markdown\"},\n"
    " \"interviewee\": \"Sofia Lindqvist\", \"role\": \"coo\", \"date\": \"2026-11-19\",\n"
    " \"bank\": {\"id\": \"iso27001-2022\", \"version\": \"1.0.0\", \"standard\": \"ISO/IEC "
    "27001:2022\"},\n"
    " \"facts\": null, \"assertions\": {\"file\": \"a.json\", \"sha256\": null}, \"warnings\": [],\n"
    " \"statements\": [\n"
    "  {\"id\": \"S1\", \"offset\": 10, \"length\": 20, \"line\": 3, \"text\": \"IT writes that.\", "
    "\"kind\": \"sentence\", \"speaker\": \"notes\", \"mark\": null, \"question\": false, "
    "\"topics\": [{\"topic\": \"5.2\", \"from\": \"context\", \"words\": []}], \"triggers\": "
    "[{\"rule\": \"x\"}], \"actor\": \"someone else\"},\n"
    "  {\"id\": \"S2\", \"offset\": 31, \"length\": 40, \"line\": 4, \"text\": \"States it was "
    "approved in 2023.\", \"topics\": []}],\n"
    " \"questions\": [{\"id\": \"5.2a-tell\", \"clause\": \"5.2\", \"item\": null, \"requirement\": "
    "\"Policy\", \"question\": \"q\", \"answered_by\": \"section\", \"score\": 1, \"reason\": \"r\", "
    "\"statements\": [\"S1\", \"S2\"]}],\n"
    " \"requirements\": [{\"clause\": \"5.2\", \"item\": null, \"requirement\": \"Policy\", \"kind\": "
    "\"knowledge\", \"coverage\": false, \"status\": \"evidenced\", \"score\": 1, \"verdict\": "
    "\"fail\", \"delegation\": false, \"reason\": \"r\", \"rule\": \"contradicts the records\", "
    "\"counts\": {}, \"red_flags\": [], \"contradictions\": 1, \"questions\": [\"5.2a-tell\"], "
    "\"evidence\": [{\"statement\": \"S1\", \"class\": \"delegation\"}], \"probes\": [], "
    "\"contradiction_details\": [{\"topic\": \"policy approval\", \"fact\": \"policy.approved\", "
    "\"said\": {\"quote\": \"approved in 2023\", \"offset\": 45, \"line\": 4}, \"record\": "
    "\"policy approved 2026-02-10\", \"explanation\": \"e\"}]}],\n"
    " \"proposed_findings\": [{\"id\": \"P1\", \"kind\": \"contradiction\", \"key\": "
    "\"5.2/contradiction\", \"clause\": \"5.2\", \"item\": null, \"requirement\": \"Policy\", "
    "\"score\": 1, \"delegation\": false, \"statement\": \"s\", \"evidence\": [{\"quote\": \"IT "
    "writes that.\", \"offset\": 10, \"line\": 3, \"statement\": \"S1\", \"class\": "
    "\"delegation\"}, {\"quote\": \"approved in 2023\", \"offset\": 45, \"line\": 4, \"record\": "
    "\"policy approved 2026-02-10\", \"class\": \"contradiction\"}], \"record\": \"policy approved "
    "2026-02-10\", \"questions\": [\"5.2a-tell\"], \"interviewee\": \"Sofia Lindqvist\", \"role\": "
    "\"coo\"}]}\n";

static void test_reads(void **state)
{
	struct ak_diags d = AK_DIAGS_INIT;
	struct scored *s;
	ak_err err;
	(void)state;

	s = scored_parse("coo.scored.json", good, strlen(good), &d, &err);
	ak_diags_print(&d);
	assert_non_null(s);
	assert_string_equal(s->interviewee, "Sofia Lindqvist");
	assert_int_equal(s->nstatements, 2);
	assert_true(s->statements[0].topics[0].context);
	assert_int_equal(s->nquestions, 1);
	assert_int_equal(s->questions[0].nst, 2);
	assert_int_equal(s->nreqs, 1);
	assert_false(s->reqs[0].duty);
	assert_int_equal(s->reqs[0].verdict, 0);
	assert_int_equal(s->reqs[0].ev[0].st, 0);
	/* The contradiction's fragment is found in its statement by offset. */
	assert_int_equal(s->reqs[0].contra[0].st, 1);
	assert_string_equal(s->reqs[0].contra[0].fact, "policy.approved");
	assert_int_equal(s->nfindings, 1);
	assert_int_equal(s->findings[0].kind, SK_CONTRADICTION);
	assert_string_equal(s->findings[0].key, "5.2/contradiction");
	assert_int_equal(s->findings[0].ev[1].st, 1);
	assert_string_equal(s->findings[0].ev[1].record, "policy approved 2026-02-10");
	assert_int_equal(scored_statement_at(s, 35), 1);
	assert_int_equal(scored_statement_at(s, 5), -1);
	scored_free(s);
	ak_diags_release(&d);
}

/* Format 1 is refused with a message saying what to do. */
static void test_format_1_refused(void **state)
{
	const char *t = "{\"format\": \"auditkit-scored/1\", \"generator\": \"g\"}";
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err;
	(void)state;

	assert_null(scored_parse("old.scored.json", t, strlen(t), &d, &err));
	assert_int_equal(err, AK_ERR_DATA);
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.v[0].msg, "auditkit-scored/1"));
	assert_non_null(strstr(d.v[0].msg, "score the notes again"));
	assert_int_equal(d.v[0].line, 1);
	ak_diags_release(&d);
}

static void test_errors_located(void **state)
{
	char *t = ak_strdup(good);
	char *p;
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err;
	size_t i;
	int seen = 0;
	(void)state;

	/* A statement named that is not there; an unknown kind. */
	p = strstr(t, "[\"S1\", \"S2\"]");
	memcpy(p, "[\"S1\", \"S9\"]", 12);
	p = strstr(t, "\"kind\": \"contradiction\"");
	memcpy(p, "\"kind\": \"contradicti0n\"", 23);
	assert_null(scored_parse("s.json", t, strlen(t), &d, &err));
	assert_int_equal(err, AK_ERR_DATA);
	for (i = 0; i < d.n; i++) {
		if (strstr(d.v[i].msg, "no statement 'S9'") && d.v[i].line == 9)
			seen |= 1;
		if (strstr(d.v[i].msg, "unknown kind 'contradicti0n'") && d.v[i].line == 11)
			seen |= 2;
	}
	if (seen != 3)
		ak_diags_print(&d);
	assert_int_equal(seen, 3);
	ak_diags_release(&d);
	free(t);
	assert_null(scored_parse("s.json", "[]", 2, &d, &err));
	assert_non_null(strstr(d.v[0].msg, "must be a JSON object"));
	ak_diags_release(&d);
}

struct seen {
	size_t n;
	char ids[8][32];
	int grades[8];
};

static ak_err collect(const struct grade_finding *f, void *ctx)
{
	struct seen *s = ctx;

	snprintf(s->ids[s->n], sizeof s->ids[0], "%s", f->id);
	s->grades[s->n++] = f->grade;
	return AK_OK;
}

static void test_manual_both_forms(void **state)
{
	static const char *const names[] = {"manual.csv", "manual.json"};
	size_t k;
	(void)state;

	for (k = 0; k < 2; k++) {
		struct ak_diags d = AK_DIAGS_INIT;
		struct manual *m = NULL;
		struct seen s;
		const struct grade_override *ov;
		char path[512];
		size_t nov;

		memset(&s, 0, sizeof s);
		fixture(path, sizeof path, names[k]);
		assert_int_equal(manual_open(path, &m), AK_OK);
		assert_int_equal(manual_is_csv(m), k == 0);
		assert_int_equal(manual_scan(m, &d), AK_OK);
		assert_int_equal(manual_nfindings(m), 3);
		ov = manual_overrides(m, &nov);
		assert_int_equal(nov, 2);
		assert_string_equal(ov[0].target, "5.1b/no_evidence");
		assert_int_equal(ov[0].grade, GRADE_CONFORMITY);
		assert_null(ov[1].target);
		assert_string_equal(ov[1].kind, "weak");
		assert_int_equal(manual_each(m, collect, &s), AK_OK);
		assert_int_equal(s.n, 3);
		assert_string_equal(s.ids[0], "LA-01");
		assert_string_equal(s.ids[1], "M2");
		assert_int_equal(s.grades[2], GRADE_OFI);
		manual_close(m);
		ak_diags_release(&d);
	}
}

/* What scoring guarantees, checked: a question raised by hand past what its
 * statements give, a verdict that does not go with its score, a proposed
 * finding's score changed. The good file itself passes (test_reads). */
static void test_invariants(void **state)
{
	static const struct {
		const char *from, *to, *says;
	} edits[] = {
		{"\"answered_by\": \"section\", \"score\": 1", "\"answered_by\": \"section\", \"score\": 3",
		 "score 3 cannot come from its statements (0 specific, 0 general"},
		{"\"score\": 1, \"verdict\": \"fail\"", "\"score\": 2, \"verdict\": \"fail\"",
		 "verdict fail does not go with score 2"},
		{"\"score\": 1, \"delegation\": false, \"statement\"",
		 "\"score\": 0, \"delegation\": false, \"statement\"", "proposed finding P1 has score 0"},
		{"\"answered_by\": \"section\", \"score\": 1", "\"answered_by\": \"section\", \"score\": null",
		 "has no score, but 1 of its statements"},
	};
	size_t i, k;
	(void)state;

	for (i = 0; i < sizeof edits / sizeof *edits; i++) {
		struct ak_diags d = AK_DIAGS_INIT;
		ak_err err;
		char *t = ak_strdup(good), *p, *out;
		bool seen = false;
		assert_non_null(p = strstr(t, edits[i].from));
		out = ak_asprintf("%.*s%s%s", (int)(p - t), t, edits[i].to, p + strlen(edits[i].from));
		assert_null(scored_parse("s.json", out, strlen(out), &d, &err));
		assert_int_equal(err, AK_ERR_DATA);
		for (k = 0; k < d.n; k++)
			seen |= strstr(d.v[k].msg, edits[i].says) && strstr(d.v[k].msg, "edited by hand");
		if (!seen)
			fail_msg("edit %zu: '%s' not said (first: %s)", i, edits[i].says, d.n ? d.v[0].msg : "none");
		ak_diags_release(&d);
		free(out);
		free(t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reads),
	    cmocka_unit_test(test_invariants),
	    cmocka_unit_test(test_format_1_refused),
	    cmocka_unit_test(test_errors_located),
	    cmocka_unit_test(test_manual_both_forms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
