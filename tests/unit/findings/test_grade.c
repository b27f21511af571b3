/* test_grade.c: merging proposed findings across interviews, grading by
 * rules, systemic combination, overrides, gaps and the invariant that a
 * nonconformity never ends as an opportunity for improvement. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings/grade.h"
#include "findings/report.h"
#include "findings/rules.h"
#include "findings/scored.h"
#include "core/util.h"

/* ---- building scored interviews ---------------------------------------------- */

struct fx {
	struct rules *rules;
	struct scored *s[8];
	size_t n;
	struct grader *g;
	struct ak_diags d;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	const char *src = getenv("AK_SRCDIR");
	char path[512];
	ak_err err;

	snprintf(path, sizeof path, "%s/rules/default.json", src ? src : ".");
	f->rules = rules_load(path, &f->d, &err);
	f->g = grade_new();
	*state = f;
	return f->rules && f->g ? 0 : -1;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	size_t i;

	grade_free(f->g);
	for (i = 0; i < f->n; i++)
		scored_free(f->s[i]);
	rules_free(f->rules);
	ak_diags_release(&f->d);
	free(f);
	return 0;
}

/* A requirement entry: clause, item, best score (-1: none asked), an
 * optional red flag; the duties of 5.1 are coverage items. */
static json_t *req(const char *clause, const char *item, int score, const char *flag)
{
	json_t *flags = json_array();

	if (flag)
		json_array_append_new(flags, json_string(flag));
	return json_pack("{s:s, s:o, s:s, s:[], s:o, s:o, s:o, s:i, s:b}", "clause", clause, "item",
	                 item ? json_string(item) : json_null(), "requirement", "a requirement",
	                 "questions", "score", score >= 0 ? json_integer(score) : json_null(),
	                 "mean", score >= 0 ? json_real(score) : json_null(), "red_flags", flags,
	                 "contradictions", 0, "coverage", strcmp(clause, "5.1") == 0);
}

static json_t *proposed(int n, const char *kind, const char *clause, const char *item,
                        const char *quote, long offset, const char *who)
{
	char id[16];
	json_t *ev = json_array();

	snprintf(id, sizeof id, "P%d", n);
	if (quote)
		json_array_append_new(ev, json_pack("{s:s, s:i, s:i}", "quote", quote, "offset",
		                                    (json_int_t)offset, "line", 3));
	return json_pack("{s:s, s:s, s:s, s:o, s:s, s:s, s:o, s:[], s:s, s:s}", "id", id, "kind",
	                 kind, "clause", clause, "item", item ? json_string(item) : json_null(),
	                 "requirement", "a requirement", "statement", "a draft statement",
	                 "evidence", ev, "questions", "interviewee", who, "role", "ceo");
}

/* Add a scored interview of who (notes hash from seed) with the given
 * requirements and proposed findings (steals both arrays). */
static void add(struct fx *f, const char *who, char seed, json_t *reqs, json_t *props)
{
	char sha[65], *text;
	json_t *doc;
	ak_err err;
	bool skipped;

	memset(sha, seed, 64);
	sha[64] = '\0';
	doc = json_pack("{s:s, s:s, s:{s:s, s:s, s:s}, s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s}, s:n,"
	                " s:[], s:o, s:o}",
	                "format", "auditkit-scored/1", "generator", "test", "notes", "file", who,
	                "sha256", sha, "kind", "markdown", "interviewee", who, "role", "ceo",
	                "date", "2026-11-18", "auditor", seed == 'a' ? "Jonas Osei" : "Elena Varga",
	                "bank", "id", "b", "version", "1", "standard", "ISO/IEC 27001:2022",
	                "facts", "questions", "requirements", reqs, "proposed_findings", props);
	assert_non_null(doc);
	text = json_dumps(doc, 0);
	json_decref(doc);
	f->s[f->n] = scored_parse(who, text, strlen(text), &f->d, &err);
	free(text);
	ak_diags_print(&f->d);
	assert_non_null(f->s[f->n]);
	assert_int_equal(grade_add(f->g, f->s[f->n], &skipped), AK_OK);
	f->n++;
}

static const struct grade_finding *find(const struct grader *g, const char *id)
{
	size_t i;

	for (i = 0; i < grade_count(g); i++)
		if (strcmp(grade_get(g, i)->id, id) == 0)
			return grade_get(g, i);
	return NULL;
}

/* ---- tests ------------------------------------------------------------------------ */

/* Two members of top management with nothing on 5.1 c: one major finding
 * carrying both, each quote once; the CFO did well on 5.1 a, so the CEO's
 * weak answer there is an observation; 5.1 b shown by both is a conformity. */
static void test_merge_and_grade(void **state)
{
	struct fx *f = *state;
	const struct grade_finding *x;

	add(f, "Maria Keller", 'a',
	    json_pack("[o, o, o]", req("5.1", "a", 1, NULL), req("5.1", "b", 2, NULL),
	              req("5.1", "c", 0, NULL)),
	    json_pack("[o, o, o]", proposed(1, "weak", "5.1", "a", "sort of", 10, "Maria Keller"),
	              proposed(2, "no_evidence", "5.1", "c", "no idea", 20, "Maria Keller"),
	              proposed(3, "no_evidence", "5.1", "c", "no idea", 20, "Maria Keller")));
	add(f, "Daniel Okafor", 'b',
	    json_pack("[o, o, o]", req("5.1", "a", 3, NULL), req("5.1", "b", 3, NULL),
	              req("5.1", "c", 0, NULL)),
	    json_pack("[o]",
	              proposed(1, "no_evidence", "5.1", "c", "ask finance", 40, "Daniel Okafor")));
	assert_int_equal(grade_run(f->g, f->rules, NULL, 0, &f->d), AK_OK);
	assert_int_equal(grade_count(f->g), 3);

	x = find(f->g, "5.1c/no_evidence");
	assert_non_null(x);
	assert_int_equal(x->grade, GRADE_MAJOR);
	assert_string_equal(x->rule, "major-duty-no-evidence");
	assert_int_equal(x->ninterviewees, 2);
	assert_int_equal(x->nauditors, 2);
	assert_int_equal(x->nquotes, 2); /* "no idea" twice in one interview is one piece */
	assert_string_equal(x->quotes[1].quote, "ask finance");
	assert_string_equal(x->quotes[1].interviewee, "Daniel Okafor (ceo)");
	assert_string_equal(x->statement, "a draft statement"); /* the same draft, once */

	x = find(f->g, "5.1a/weak");
	assert_int_equal(x->grade, GRADE_OBSERVATION);
	x = find(f->g, "5.1b/conforms");
	assert_non_null(x);
	assert_int_equal(x->grade, GRADE_CONFORMITY);
	assert_non_null(strstr(x->statement, "Daniel Okafor (ceo) (score 3)"));
	/* Order: by requirement, then grade. */
	assert_string_equal(grade_get(f->g, 0)->id, "5.1a/weak");
	assert_string_equal(grade_get(f->g, 2)->id, "5.1c/no_evidence");
	assert_int_equal(grade_score(f->g, 2, 1), 0);
	assert_int_equal(grade_req(f->g, 0)->best, 3);
}

/* not_asked of one member but asked of another: no finding; asked of no
 * one: a gap, never a finding. */
static void test_not_asked_and_gaps(void **state)
{
	struct fx *f = *state;
	size_t i;

	add(f, "Maria Keller", 'a',
	    json_pack("[o, o]", req("5.1", "g", -1, NULL), req("5.1", "h", -1, NULL)),
	    json_pack("[o, o]", proposed(1, "not_asked", "5.1", "g", NULL, 0, "Maria Keller"),
	              proposed(2, "not_asked", "5.1", "h", NULL, 0, "Maria Keller")));
	add(f, "Sofia Lindqvist", 'b', json_pack("[o]", req("5.1", "g", 2, NULL)), json_array());
	assert_int_equal(grade_run(f->g, f->rules, NULL, 0, &f->d), AK_OK);
	for (i = 0; i < grade_count(f->g); i++)
		assert_int_not_equal(grade_get(f->g, i)->kind, GK_NOT_ASKED);
	assert_non_null(find(f->g, "5.1g/conforms"));
	assert_int_equal(grade_nreqs(f->g), 2);
	assert_false(grade_req(f->g, 0)->gap);
	assert_true(grade_req(f->g, 1)->gap);
	assert_string_equal(grade_req(f->g, 1)->item, "h");
}

/* Three minors on one requirement become one major; the evidence they
 * share is carried once. */
static void test_systemic(void **state)
{
	struct fx *f = *state;
	const struct grade_finding *x;

	add(f, "Sofia Lindqvist", 'a',
	    json_pack("[o]", req("5.1", "f", 1, "other managers not involved")),
	    json_pack(
	        "[o, o, o]", proposed(1, "weak", "5.1", "f", "be careful", 5, "Sofia Lindqvist"),
	        proposed(2, "contradiction", "5.1", "f", "everyone did it", 9, "Sofia Lindqvist"),
	        proposed(3, "red_flag", "5.1", "f", "be careful", 5, "Sofia Lindqvist")));
	assert_int_equal(grade_run(f->g, f->rules, NULL, 0, &f->d), AK_OK);
	assert_int_equal(grade_count(f->g), 1);
	x = grade_get(f->g, 0);
	assert_string_equal(x->id, "5.1f/systemic");
	assert_int_equal(x->grade, GRADE_MAJOR);
	assert_string_equal(x->rule, "major-systemic");
	assert_int_equal(x->nquotes, 2);
	assert_non_null(strstr(x->statement, "3 minor nonconformities"));
	assert_non_null(strstr(x->statement, "- 5.1f/contradiction: a draft statement"));
}

static void test_overrides(void **state)
{
	struct fx *f = *state;
	struct grade_override ov[5];
	const struct grade_finding *x;
	size_t i;

	add(f, "Maria Keller", 'a',
	    json_pack("[o, o]", req("5.1", "c", 0, NULL), req("5.1", "d", 1, NULL)),
	    json_pack("[o, o]",
	              proposed(1, "no_evidence", "5.1", "c", "no idea", 20, "Maria Keller"),
	              proposed(2, "weak", "5.1", "d", "sometimes", 30, "Maria Keller")));
	memset(ov, 0, sizeof ov);
	for (i = 0; i < 5; i++) {
		ov[i].by = "Jonas Osei";
		ov[i].why = "reason";
		ov[i].file = "m.csv";
		ov[i].line = (long)i + 2;
	}
	ov[0].target = "5.1c/no_evidence"; /* a major lowered to an OFI: refused */
	ov[0].grade = GRADE_OFI;
	ov[1].clause = "5.1"; /* by clause, item and kind: allowed */
	ov[1].item = "d";
	ov[1].kind = "weak";
	ov[1].grade = GRADE_OBSERVATION;
	ov[2].target = "5.1d/weak"; /* twice */
	ov[2].grade = GRADE_CONFORMITY;
	ov[3].target = "9.9/weak"; /* no such finding */
	ov[3].grade = GRADE_MINOR;
	ov[4].target = "5.1c/no_evidence"; /* to conformity, with a reason: allowed */
	ov[4].grade = GRADE_CONFORMITY;
	assert_int_equal(grade_run(f->g, f->rules, ov, 5, &f->d), AK_ERR_DATA);
	assert_int_equal(f->d.n, 3);
	assert_int_equal(f->d.v[0].line, 2);
	assert_non_null(strstr(f->d.v[0].msg, "cannot lower '5.1c/no_evidence'"));
	assert_int_equal(f->d.v[1].line, 4);
	assert_non_null(strstr(f->d.v[1].msg, "overridden twice (first at line 3)"));
	assert_non_null(strstr(f->d.v[2].msg, "no such finding"));
	x = find(f->g, "5.1d/weak");
	assert_int_equal(x->grade, GRADE_OBSERVATION);
	assert_int_equal(x->rule_grade, GRADE_MINOR);
	assert_ptr_equal(x->override, &ov[1]);
	x = find(f->g, "5.1c/no_evidence");
	assert_int_equal(x->grade, GRADE_CONFORMITY);
	assert_int_equal(x->rule_grade, GRADE_MAJOR);
}

/* The invariant applied after the rules, whatever the rules say. */
static void test_never_nc_as_ofi(void **state)
{
	bool raised;
	(void)state;

	assert_int_equal(grade_floor(GK_NO_EVIDENCE, 0, GRADE_OFI, &raised), GRADE_MINOR);
	assert_true(raised);
	assert_int_equal(grade_floor(GK_RED_FLAG, 3, GRADE_OFI, &raised), GRADE_MINOR);
	assert_int_equal(grade_floor(GK_CONTRADICTION, 2, GRADE_OFI, &raised), GRADE_MINOR);
	assert_int_equal(grade_floor(GK_WEAK, 1, GRADE_OFI, &raised), GRADE_MINOR);
	assert_int_equal(grade_floor(GK_SYSTEMIC, 1, GRADE_OFI, &raised), GRADE_MINOR);
	assert_int_equal(grade_floor(GK_WEAK, 2, GRADE_OFI, &raised), GRADE_OFI);
	assert_false(raised);
	assert_int_equal(grade_floor(GK_KNOWLEDGE_GAP, 0, GRADE_OFI, &raised), GRADE_OFI);
	assert_int_equal(grade_floor(GK_NO_EVIDENCE, 0, GRADE_OBSERVATION, &raised),
	                 GRADE_OBSERVATION);
	assert_false(raised);
}

static void test_duplicate_notes(void **state)
{
	struct fx *f = *state;
	bool skipped;

	add(f, "Maria Keller", 'a', json_pack("[o]", req("5.1", "c", 0, NULL)),
	    json_pack("[o]",
	              proposed(1, "no_evidence", "5.1", "c", "no idea", 20, "Maria Keller")));
	assert_int_equal(grade_add(f->g, f->s[0], &skipped), AK_OK);
	assert_true(skipped);
	assert_int_equal(grade_ninterviews(f->g), 1);
}

static void test_clause_order_and_names(void **state)
{
	enum grade g;
	enum grade_kind k;
	(void)state;

	assert_true(grade_cmp_clause("5.9", NULL, "5.10", NULL) < 0);
	assert_true(grade_cmp_clause("10.1", NULL, "9.3", NULL) > 0);
	assert_true(grade_cmp_clause("5.1", "a", "5.1", "b") < 0);
	assert_true(grade_cmp_clause("5.1", NULL, "5.1", "a") < 0);
	assert_true(grade_cmp_clause("5.1", NULL, "5.1.1", NULL) < 0);
	assert_int_equal(grade_cmp_clause("A.5.15", NULL, "A.5.15", NULL), 0);
	assert_true(grade_parse("Major Nonconformity", &g) && g == GRADE_MAJOR);
	assert_true(grade_parse("ofi", &g) && g == GRADE_OFI);
	assert_false(grade_parse("severe", &g));
	assert_true(grade_kind_parse("knowledge_gap", &k) && k == GK_KNOWLEDGE_GAP);
	assert_true(grade_status_valid("Action plan accepted"));
	assert_true(grade_status_valid(""));
	assert_false(grade_status_valid("done"));
}

static void test_text_and_dates(void **state)
{
	struct grade_quote q[2] = {
	    {"no idea", "Maria Keller (ceo)", "n.md", 12, 40, "the budget is 40k"},
	    {"typed by hand", NULL, NULL, -1, -1, NULL}};
	const char *who[] = {"A (ceo)", "B (cfo)"};
	struct grade_finding f;
	struct ak_buf b = AK_BUF_INIT;
	char out[11];
	(void)state;

	memset(&f, 0, sizeof f);
	f.quotes = q;
	f.nquotes = 2;
	grade_text_evidence(&f, &b);
	assert_string_equal(ak_buf_str(&b),
	                    "\"no idea\" \xe2\x80\x94 Maria Keller (ceo), n.md line 12; "
	                    "the records say: the budget is 40k\ntyped by hand");
	ak_buf_reset(&b);
	grade_text_list(who, 2, &b);
	assert_string_equal(ak_buf_str(&b), "A (ceo); B (cfo)");
	ak_buf_release(&b);

	assert_true(report_date_add("2026-11-19", 90, out));
	assert_string_equal(out, "2027-02-17");
	assert_true(report_date_add("2028-02-28", 1, out));
	assert_string_equal(out, "2028-02-29");
	assert_true(report_date_add("2100-02-28", 1, out));
	assert_string_equal(out, "2100-03-01");
	assert_false(report_date_add("2026-02-30", 1, out));
	assert_int_equal(report_date_epoch("1970-01-02"), 86400);
}

static void test_recommendation(void **state)
{
	struct report r;
	struct grade_finding f;
	(void)state;

	report_init(&r);
	memset(&f, 0, sizeof f);
	f.clause = "5.1";
	f.grade = GRADE_OBSERVATION;
	report_tally(&r, &f);
	assert_int_equal(report_recommend(&r), REPORT_RECOMMENDED);
	f.grade = GRADE_MINOR;
	report_tally(&r, &f);
	assert_int_equal(report_recommend(&r), REPORT_UPON_ACTION_PLAN);
	f.grade = GRADE_MAJOR;
	f.status = "closed"; /* a major already closed does not block */
	report_tally(&r, &f);
	assert_int_equal(report_recommend(&r), REPORT_UPON_ACTION_PLAN);
	f.status = "open";
	f.clause = "9.3";
	report_tally(&r, &f);
	assert_int_equal(report_recommend(&r), REPORT_NOT_RECOMMENDED);
	assert_int_equal(r.total, 4);
	assert_int_equal(r.nclauses, 2);
	assert_int_equal(r.clauses[0].n[GRADE_MAJOR], 1);
	report_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_merge_and_grade, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_not_asked_and_gaps, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_systemic, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_overrides, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_duplicate_notes, setup, teardown),
	    cmocka_unit_test(test_never_nc_as_ofi),
	    cmocka_unit_test(test_clause_order_and_names),
	    cmocka_unit_test(test_text_and_dates),
	    cmocka_unit_test(test_recommendation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
