/* test_grade.c: issues into findings for top management as a body: the
 * wholesale fold, merging across interviewees, one line in one finding,
 * conformities gathered on 5.1, the chief executive's and one member's
 * grades, a one-interview audit, the record owner, the systemic rule,
 * overrides and the invariant. Scored interviews are built in memory in
 * format 2, one statement per requirement. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "findings/grade.h"
#include "findings/rules.h"
#include "findings/scored.h"

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

/* One requirement's answer: clause, item (NULL for a clause), verdict
 * ('p' pass, 'f' fail, 'n' not evidenced), the proposed kind (NULL: none)
 * and how many statements of evidence. */
struct ans {
	const char *clause, *item;
	char verdict;
	const char *kind;
	int lines;
};

/* A scored interview of `who`, one statement a line, the statement's topic
 * its requirement (from the context), and a proposed finding per answer
 * that has a kind. shared: an extra statement quoted by every proposal. */
static void add(struct fx *f, const char *who, const char *role, const struct ans *a, size_t n,
                bool shared)
{
	json_t *st = json_array(), *reqs = json_array(), *pfs = json_array(), *root;
	char *text;
	ak_err err;
	size_t i;
	int k, sid = 0, line = 10;

	if (shared) {
		sid++;
		json_array_append_new(
		    st, json_pack("{s:s, s:i, s:i, s:i, s:s, s:[]}", "id", "S1", "offset", 0, "length",
		                  5, "line", 5, "text", "A remark in the General section.", "topics"));
	}
	for (i = 0; i < n; i++) {
		char topic[32], key[48], sidbuf[16];
		json_t *ev = json_array(), *pev = json_array(), *r;
		snprintf(topic, sizeof topic, "%s%s%s", a[i].clause, a[i].item ? " " : "",
		         a[i].item ? a[i].item : "");
		for (k = 0; k < a[i].lines; k++) {
			sid++;
			line++;
			snprintf(sidbuf, sizeof sidbuf, "S%d", sid);
			json_array_append_new(
			    st, json_pack("{s:s, s:i, s:i, s:i, s:s, s:[{s:s, s:s}]}", "id", sidbuf,
			                  "offset", line * 100, "length", 50, "line", line, "text",
			                  "Said something.", "topics", "topic", topic, "from", "context"));
			json_array_append_new(ev, json_pack("{s:s, s:s}", "statement", sidbuf, "class",
			                                    a[i].verdict == 'p' ? "specific" : "negative"));
			json_array_append_new(pev, json_pack("{s:s, s:i, s:i, s:s, s:s}", "quote", "Said",
			                                     "offset", line * 100, "line", line,
			                                     "statement", sidbuf, "class", "negative"));
		}
		if (shared)
			json_array_append_new(pev, json_pack("{s:s, s:i, s:i, s:s}", "quote", "A remark",
			                                     "offset", 0, "line", 5, "statement", "S1"));
		r = json_pack("{s:s, s:o, s:s, s:s, s:b, s:s, s:o, s:o, s:b, s:o}", "clause",
		              a[i].clause, "item", a[i].item ? json_string(a[i].item) : json_null(),
		              "requirement", "a requirement", "kind",
		              strcmp(a[i].clause, "5.1") == 0 ? "duty" : "knowledge", "coverage",
		              strcmp(a[i].clause, "5.1") == 0, "status",
		              a[i].verdict == 'n' ? "not_evidenced" : "evidenced", "score",
		              a[i].verdict == 'n' ? json_null() : json_integer(a[i].verdict == 'p' ? 3 : 0),
		              "verdict",
		              a[i].verdict == 'n' ? json_null()
		                                  : json_string(a[i].verdict == 'p' ? "pass" : "fail"),
		              "delegation", a[i].kind && strcmp(a[i].kind, "delegation") == 0,
		              "evidence", ev);
		json_array_append_new(reqs, r);
		if (a[i].kind) {
			snprintf(key, sizeof key, "%s/%s", topic, a[i].kind);
			json_array_append_new(
			    pfs, json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:s, s:s}", "id", "P",
			                   "kind", a[i].kind, "key", key, "clause", a[i].clause, "item",
			                   a[i].item ? json_string(a[i].item) : json_null(), "statement",
			                   "draft", "evidence", pev, "interviewee", who, "role", role));
		} else {
			json_decref(pev);
		}
	}
	/* Proposed finding ids must be unique keys; ids can repeat. */
	root = json_pack("{s:s, s:s, s:{s:s, s:s, s:s}, s:s, s:s, s:s, s:{s:s}, s:o, s:[], s:o, s:o}",
	                 "format", "auditkit-scored/2", "generator", "test", "notes", "file", who,
	                 "sha256", "0000000000000000000000000000000000000000000000000000000000000000",
	                 "kind", "markdown", "interviewee", who, "role", role, "date", "2026-11-18",
	                 "bank", "id", "b", "statements", st, "questions", "requirements", reqs,
	                 "proposed_findings", pfs);
	/* a distinct SHA-256 of the notes for each interviewee */
	{
		char sha[65];
		size_t j;
		for (j = 0; j < 64; j++)
			sha[j] = "0123456789abcdef"[(unsigned char)who[j % strlen(who)] % 16];
		sha[64] = '\0';
		json_object_set_new(json_object_get(root, "notes"), "sha256", json_string(sha));
	}
	text = json_dumps(root, JSON_INDENT(1));
	json_decref(root);
	assert_non_null(text);
	f->s[f->n] = scored_parse(who, text, strlen(text), &f->d, &err);
	if (!f->s[f->n])
		ak_diags_print(&f->d);
	assert_non_null(f->s[f->n]);
	free(text);
	{
		bool skipped;
		assert_int_equal(grade_add(f->g, f->s[f->n], &skipped), AK_OK);
	}
	f->n++;
}

static const struct grade_finding *find(struct fx *f, const char *key)
{
	size_t i;

	for (i = 0; i < grade_count(f->g); i++)
		if (strcmp(grade_get(f->g, i)->key, key) == 0)
			return grade_get(f->g, i);
	return NULL;
}

static void run_ok(struct fx *f)
{
	ak_err err = grade_run(f->g, f->rules, NULL, 0, &f->d);
	if (err)
		ak_diags_print(&f->d);
	assert_int_equal(err, AK_OK);
}

/* A strong chief executive and a COO who hands b and c to others and
 * cannot show the rest: one minor on 5.1 for the COO (not observations),
 * one conformity on 5.1 for the CEO. */
static void test_wholesale_member(void **state)
{
	struct fx *f = *state;
	static const struct ans ceo[] = {
	    {"5.1", "a", 'p', "conformity", 2}, {"5.1", "b", 'p', "conformity", 1},
	    {"5.1", "c", 'p', "conformity", 1}, {"5.2", NULL, 'p', "conformity", 1},
	    {"9.3", NULL, 'p', "conformity", 1}};
	static const struct ans coo[] = {{"5.1", "a", 'f', "weak", 1},
	                                 {"5.1", "b", 'f', "delegation", 2},
	                                 {"5.1", "c", 'f', "delegation", 1},
	                                 {"9.3", NULL, 'f', "delegation", 1}};
	const struct grade_finding *x;

	add(f, "Maria Keller", "ceo", ceo, 5, false);
	add(f, "Sofia Lindqvist", "coo", coo, 4, false);
	run_ok(f);
	assert_int_equal(grade_count(f->g), 3);
	x = find(f, "5.1/leadership: Sofia Lindqvist");
	assert_non_null(x);
	assert_int_equal(x->grade, GRADE_MINOR);
	assert_string_equal(x->rule, "minor-member-leadership");
	assert_string_equal(x->items, "a, b, c");
	assert_string_equal(x->related, "9.3");
	assert_int_equal(x->nquotes, 5);
	assert_non_null(strstr(x->reason, "failed or delegated here: 1 (Chief operating officer)"));
	assert_non_null(strstr(x->reason, "the chief executive demonstrated it"));
	x = find(f, "5.1/conformity");
	assert_non_null(x);
	assert_int_equal(x->grade, GRADE_CONFORMITY);
	assert_string_equal(x->related, "5.2"); /* folded by the rules */
	assert_non_null(find(f, "9.3/conformity"));
}

/* The chief executive failing two duties with evidence: one major. */
static void test_chief_executive(void **state)
{
	struct fx *f = *state;
	static const struct ans ceo[] = {{"5.1", "b", 'f', "delegation", 2},
	                                 {"5.1", "e", 'f', "no_evidence", 1},
	                                 {"5.1", "c", 'p', "conformity", 1}};
	static const struct ans cfo[] = {{"5.1", "b", 'p', "conformity", 1},
	                                 {"5.1", "e", 'p', "conformity", 1}};
	const struct grade_finding *x;

	add(f, "Marcus Delahaye", "ceo", ceo, 3, false);
	add(f, "Joanna Whitcombe", "cfo", cfo, 2, false);
	run_ok(f);
	x = find(f, "5.1/leadership: Marcus Delahaye");
	assert_non_null(x);
	assert_int_equal(x->grade, GRADE_MAJOR);
	assert_string_equal(x->rule, "major-chief-executive");
	assert_non_null(strstr(x->reason, "the chief executive is among those who failed"));
}

/* A one-interview internal audit: one line of one member is never a
 * major; a duty nobody showed is a minor, a duty the chief executive
 * showed an observation. */
static void test_one_interview(void **state)
{
	struct fx *f = *state;
	static const struct ans cfo[] = {{"5.1", "d", 'f', "no_evidence", 1}};
	const struct grade_finding *x;

	add(f, "Daniel Okafor", "cfo", cfo, 1, false);
	run_ok(f);
	assert_int_equal(grade_count(f->g), 1);
	x = grade_get(f->g, 0);
	assert_int_equal(x->grade, GRADE_MINOR);
	assert_string_equal(x->rule, "minor-duty-not-shown-at-the-top");
}

static void test_member_shown_by_chief(void **state)
{
	struct fx *f = *state;
	static const struct ans ceo[] = {{"5.1", "g", 'p', "conformity", 1}};
	static const struct ans cfo[] = {{"5.1", "g", 'f', "delegation", 1},
	                                 {"5.1", "d", 'f', "weak", 1}};

	add(f, "Maria Keller", "ceo", ceo, 1, false);
	add(f, "Daniel Okafor", "cfo", cfo, 2, false);
	run_ok(f);
	assert_int_equal(find(f, "5.1 g/delegation")->grade, GRADE_OBSERVATION);
	/* d: nobody showed it, so the weak answer is a minor, not an OFI */
	assert_int_equal(find(f, "5.1 d/weak")->grade, GRADE_MINOR);
}

/* A remark quoted by every proposal is quoted once, in the finding it
 * belongs to; issues of one key merge across interviewees; a knowledge gap
 * is an observation. */
static void test_one_line_one_finding(void **state)
{
	struct fx *f = *state;
	static const struct ans a[] = {{"6.2", NULL, 'f', "no_evidence", 1},
	                               {"5.2", NULL, 'f', "weak", 1}};
	static const struct ans b[] = {{"6.2", NULL, 'f', "no_evidence", 2}};
	size_t i, j, k, m, seen = 0;
	const struct grade_finding *x;

	add(f, "Daniel Okafor", "cfo", a, 2, true);
	add(f, "Sofia Lindqvist", "coo", b, 1, false);
	run_ok(f);
	x = find(f, "6.2/no_evidence");
	assert_non_null(x);
	assert_int_equal(x->ninterviewees, 2);
	assert_int_equal(x->grade, GRADE_OBSERVATION);
	assert_string_equal(x->rule, "observation-knowledge-gap");
	for (i = 0; i < grade_count(f->g); i++) {
		const struct grade_finding *p = grade_get(f->g, i);
		for (j = 0; j < p->nquotes; j++) {
			seen += p->quotes[j].line == 5;
			for (k = i; k < grade_count(f->g); k++)
				for (m = k == i ? j + 1 : 0; m < grade_get(f->g, k)->nquotes; m++)
					assert_false(grade_get(f->g, k)->quotes[m].line == p->quotes[j].line &&
					             strcmp(grade_get(f->g, k)->quotes[m].who,
					                    p->quotes[j].who) == 0);
		}
	}
	assert_int_equal(seen, 1);
}

/* Three minors on 5.1 combine into one major (ISO/IEC 17021-1). */
static void test_systemic(void **state)
{
	struct fx *f = *state;
	static const struct ans x1[] = {{"5.1", "b", 'f', "delegation", 1},
	                                {"5.1", "c", 'f', "delegation", 1}};
	const struct grade_finding *x;

	add(f, "A One", "coo", x1, 2, false);
	add(f, "B Two", "cfo", x1, 2, false);
	add(f, "C Three", "cio", x1, 2, false);
	run_ok(f);
	x = find(f, "5.1/systemic");
	assert_non_null(x);
	assert_int_equal(x->grade, GRADE_MAJOR);
	assert_int_equal(x->ninterviewees, 3);
	assert_int_equal(grade_count(f->g), 1);
}

/* Overrides by key; never down to an opportunity for improvement. */
static void test_overrides(void **state)
{
	struct fx *f = *state;
	static const struct ans a[] = {{"5.1", "d", 'f', "no_evidence", 1},
	                               {"6.2", NULL, 'f', "weak", 1}};
	struct grade_override ov[2];

	memset(ov, 0, sizeof ov);
	ov[0].target = "6.2/weak";
	ov[0].grade = GRADE_CONFORMITY;
	ov[0].by = "Jonas Osei";
	ov[0].why = "records shown later";
	ov[0].file = "o.csv";
	ov[1].target = "5.1 d/no_evidence";
	ov[1].grade = GRADE_OFI;
	ov[1].by = "Jonas Osei";
	ov[1].why = "soft";
	ov[1].file = "o.csv";
	ov[1].line = 3;
	add(f, "Daniel Okafor", "cfo", a, 2, false);
	assert_int_equal(grade_run(f->g, f->rules, ov, 2, &f->d), AK_ERR_DATA);
	assert_int_equal(f->d.n, 1);
	assert_non_null(strstr(f->d.v[0].msg, "never recorded as one"));
	assert_int_equal(find(f, "6.2/weak")->grade, GRADE_CONFORMITY);
	assert_int_equal(find(f, "6.2/weak")->rule_grade, GRADE_OBSERVATION);
}

static void test_floor(void **state)
{
	bool raised;
	(void)state;

	assert_int_equal(grade_floor(GK_WEAK, 0, GRADE_OFI, &raised), GRADE_MINOR);
	assert_true(raised);
	assert_int_equal(grade_floor(GK_WEAK, 1, GRADE_OFI, &raised), GRADE_OFI);
	assert_false(raised);
	assert_int_equal(grade_floor(GK_DELEGATION, 3, GRADE_OFI, &raised), GRADE_MINOR);
	assert_true(grade_cmp_clause("5.10", NULL, "5.9", NULL) > 0);
	assert_string_equal(grade_role_words("coo"), "Chief operating officer");
	assert_true(grade_role_is_chief("md"));
	assert_string_equal(grade_base_name("/tmp/x/y.md"), "y.md");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_wholesale_member, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_chief_executive, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_one_interview, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_member_shown_by_chief, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_one_line_one_finding, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_systemic, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_overrides, setup, teardown),
	    cmocka_unit_test(test_floor),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
