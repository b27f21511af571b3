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
#include "findings/scored.h"

static void fixture(char *out, size_t n, const char *name)
{
	const char *src = getenv("AK_SRCDIR");
	snprintf(out, n, "%s/tests/fixtures/findings/%s", src ? src : ".", name);
}

static void test_fixture_reads(void **state)
{
	struct ak_diags d = AK_DIAGS_INIT;
	char path[512];
	struct scored *s;
	const struct scored_question *q;
	ak_err err;
	size_t i;
	(void)state;

	fixture(path, sizeof path, "lindqvist-coo.scored.json");
	s = scored_load(path, &d, &err);
	ak_diags_print(&d);
	assert_non_null(s);
	assert_string_equal(s->interviewee, "Sofia Lindqvist");
	assert_string_equal(s->auditor, "Elena Varga");
	assert_string_equal(s->date, "2026-11-18");
	assert_string_equal(s->bank_standard, "ISO/IEC 27001:2022");
	assert_string_equal(s->notes_kind, "markdown");
	assert_int_equal(strlen(s->sha256), 64);
	assert_int_equal(s->nquestions, 4);
	q = &s->questions[1];
	assert_string_equal(q->id, "5.1f-tell");
	assert_int_equal(q->score, 1);
	assert_int_equal(q->ncontra, 1);
	assert_string_equal(q->contra[0].record, "training completion 61 % (LMS report 2026-10)");
	assert_int_equal(s->questions[3].nprobes, 2);
	assert_false(s->questions[3].probes[0].met);
	/* Requirements: every duty of 5.1 (coverage) and what was touched. */
	assert_int_equal(s->nreqs, 9);
	for (i = 0; i < s->nreqs; i++)
		if (strcmp(s->reqs[i].clause, "5.1") == 0 && strcmp(s->reqs[i].item, "c") == 0) {
			assert_int_equal(s->reqs[i].score, -1);
			assert_true(isnan(s->reqs[i].mean));
			assert_true(s->reqs[i].coverage);
		}
	assert_int_equal(s->nfindings, 8);
	assert_int_equal(s->findings[7].kind, SK_KNOWLEDGE_GAP);
	{ /* 40,000 characters, some of them two bytes long */
		const char *c;
		size_t chars = 0;
		for (c = s->findings[7].ev[1].quote; *c; c++)
			chars += ((unsigned char)*c & 0xC0) != 0x80;
		assert_int_equal(chars, 40000);
		assert_true(strlen(s->findings[7].ev[1].quote) > 40000);
	}
	assert_string_equal(s->findings[4].record, "training completion 61 % (LMS report 2026-10)");
	assert_null(s->findings[4].ev[0].record);
	assert_null(s->findings[3].record);
	scored_free(s);
	ak_diags_release(&d);
}

static void test_errors_located(void **state)
{
	const char *t = "{\"format\": \"auditkit-scored/1\", \"generator\": \"g\",\n"
	                " \"notes\": {\"file\": \"n\", \"sha256\": "
	                "\"0000000000000000000000000000000000000000000000000000000000000000\", "
	                "\"kind\": \"docx\"},\n"
	                " \"bank\": {\"id\": \"b\", \"version\": \"1\", \"standard\": \"s\"},\n"
	                " \"questions\": [],\n"
	                " \"requirements\": [{\"clause\": \"5.1\", \"item\": \"a\", "
	                "\"requirement\": null, \"questions\": [],\n"
	                "   \"score\": null, \"mean\": null, \"red_flags\": [], "
	                "\"contradictions\": 0, \"coverage\": \"yes\"}],\n"
	                " \"proposed_findings\": [{\"id\": \"P1\", \"kind\": \"weak\", \"clause\": "
	                "\"6.1\", \"item\": null,\n"
	                "   \"requirement\": null, \"statement\": \"s\", \"evidence\": "
	                "[{\"quote\": \"q\", \"offset\": -1, \"line\": 1}],\n"
	                "   \"questions\": [], \"interviewee\": null, \"role\": null}],\n"
	                " \"extra\": 1}";
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err;
	size_t i;
	int seen = 0;
	(void)state;

	assert_null(scored_parse("s.json", t, strlen(t), &d, &err));
	assert_int_equal(err, AK_ERR_DATA);
	for (i = 0; i < d.n; i++) {
		const char *m = d.v[i].msg;
		if (strstr(m, "unknown field 'extra'") && d.v[i].line == 10)
			seen |= 1;
		if (strstr(m, "must be markdown, text, webvtt or srt") && d.v[i].line == 2)
			seen |= 2;
		if (strstr(m, "\"coverage\" must be true or false") && d.v[i].line == 6)
			seen |= 4;
		if (strstr(m, "\"offset\" is -1") && d.v[i].line == 8)
			seen |= 8;
		if (strstr(m, "has no entry in \"requirements\"") && d.v[i].line == 7)
			seen |= 16;
	}
	assert_int_equal(seen, 31);
	ak_diags_release(&d);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fixture_reads),
	    cmocka_unit_test(test_errors_located),
	    cmocka_unit_test(test_manual_both_forms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
