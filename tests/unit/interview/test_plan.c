/* test_plan.c: the interview planner's rules (plan.h), on a small bank. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "interview/plan.h"

#define Q(id, clause, item, group, roles, prio, min)                                              \
	"{\"id\": \"" id "\", \"clause\": \"" clause "\", " item "\"group\": \"" group "\", "       \
	"\"angle\": \"tell\", \"roles\": " roles ", \"priority\": " #prio ", \"minutes\": " #min ", " \
	"\"question\": \"?\", \"follow_ups\": [\"f\"], \"good\": [\"g\"], "                          \
	"\"rubric\": {\"positive\": [{\"pattern\": \"x\", \"weight\": 1, \"label\": \"l\"}]}}"

static const char bank_text[] =
	"{\"format\": \"auditkit-question-bank/1\", \"id\": \"p\", \"standard\": \"S\", "
	"\"version\": \"1.0.0\", \"language\": \"en\", \"coverage\": [\"5.1\"],\n"
	"\"clauses\": {\"5.1\": {\"title\": \"L\", \"items\": {\"a\": \"a\", \"b\": \"b\", \"c\": \"c\"}},"
	" \"6.1\": {\"title\": \"R\"}},\n"
	"\"questions\": [\n"
	Q("risk", "6.1", "", "risk", "[\"all\"]", 1, 5) ",\n"
	Q("a1", "5.1", "\"item\": \"a\", ", "a-tell", "[\"all\"]", 1, 3) ",\n"
	Q("a2", "5.1", "\"item\": \"a\", ", "a-tell", "[\"all\"]", 1, 3) ",\n"
	Q("b1", "5.1", "\"item\": \"b\", ", "b-tell", "[\"ceo\"]", 1, 3) ",\n"
	Q("c1", "5.1", "\"item\": \"c\", ", "c-tell", "[\"all\"]", 2, 3) ",\n"
	Q("c-show", "5.1", "\"item\": \"c\", ", "c-show", "[\"all\"]", 3, 2) "\n"
	"]}\n";

static struct bank *bank;

static int setup(void **state)
{
	char path[] = "/tmp/ak-plan-XXXXXX";
	int fd = mkstemp(path);
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err;
	(void)state;

	if (fd < 0 || write(fd, bank_text, sizeof bank_text - 1) != (ssize_t)(sizeof bank_text - 1))
		return -1;
	close(fd);
	bank = bank_load(path, &d, &err);
	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "%d:%d: %s\n", d.v[i].line, d.v[i].col, d.v[i].msg);
	ak_diags_release(&d);
	unlink(path);
	return bank ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	bank_free(bank);
	return 0;
}

static void opts(struct plan_opts *o, enum bank_role role, int minutes)
{
	memset(o, 0, sizeof *o);
	o->role = role;
	o->audit = BANK_AUDIT_STAGE2;
	o->minutes = minutes;
}

static const char *ids(const struct plan *p)
{
	static char buf[256];
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < p->n; i++) {
		strcat(buf, p->items[i].q->id);
		strcat(buf, i + 1 < p->n ? " " : "");
	}
	return buf;
}

static void test_no_limit_takes_one_per_group_in_key_order(void **state)
{
	struct plan_opts o;
	struct plan p;
	(void)state;

	opts(&o, BANK_ROLE_CEO, 0);
	assert_int_equal(plan_make(bank, &o, &p), AK_OK);
	/* priority first, then clause order (5.1 before 6.1), then item */
	assert_string_equal(ids(&p), "a1 b1 risk c1 c-show");
	assert_int_equal(p.ngaps, 0);
	assert_int_equal(p.total_minutes, 3 + 3 + 5 + 3 + 2);
	plan_release(&p);
}

static void test_coverage_before_other_key_questions(void **state)
{
	struct plan_opts o;
	struct plan p;
	(void)state;

	/* 9 minutes: the three duties (3 + 3 + 3) beat the priority-1 risk
	 * question (5), although c1 is only priority 2 */
	opts(&o, BANK_ROLE_CEO, 9);
	assert_int_equal(plan_make(bank, &o, &p), AK_OK);
	assert_string_equal(ids(&p), "a1 b1 c1");
	assert_int_equal(p.ngaps, 0);
	assert_int_equal(p.ndropped, 2);
	plan_release(&p);
}

static void test_opening_and_closing_count(void **state)
{
	struct plan_opts o;
	struct plan p;
	(void)state;

	opts(&o, BANK_ROLE_CEO, 12);
	o.opening_minutes = 2;
	o.closing_minutes = 2;
	assert_int_equal(plan_make(bank, &o, &p), AK_OK);
	assert_int_equal(p.budget, 8);
	assert_string_equal(ids(&p), "a1 b1 c-show");
	/* c1 did not fit: its duty is named as left out for time ... */
	assert_int_equal(p.ngaps, 1);
	assert_string_equal(p.gaps[0].item, "c");
	assert_false(p.gaps[0].no_question);
	/* ... although a shorter question on it filled the gap afterwards */
	assert_true(p.total_minutes <= 12);
	plan_release(&p);
}

static void test_role_without_question_names_the_gap(void **state)
{
	struct plan_opts o;
	struct plan p;
	(void)state;

	opts(&o, BANK_ROLE_CFO, 60);
	assert_int_equal(plan_make(bank, &o, &p), AK_OK);
	assert_int_equal(p.ngaps, 1);
	assert_string_equal(p.gaps[0].item, "b");
	assert_true(p.gaps[0].no_question);
	plan_release(&p);
}

static void test_seed_rotates_group_reproducibly(void **state)
{
	struct plan_opts o;
	struct plan p;
	uint64_t s;
	int saw_a2 = 0;
	(void)state;

	opts(&o, BANK_ROLE_CEO, 0);
	for (s = 1; s <= 16; s++) {
		char first[64], again[64];
		o.seed = s;
		assert_int_equal(plan_make(bank, &o, &p), AK_OK);
		snprintf(first, sizeof first, "%s", ids(&p));
		plan_release(&p);
		assert_int_equal(plan_make(bank, &o, &p), AK_OK);
		snprintf(again, sizeof again, "%s", ids(&p));
		plan_release(&p);
		assert_string_equal(first, again);
		saw_a2 += strstr(first, "a2") != NULL;
		/* never both wordings of one group */
		assert_false(strstr(first, "a1") && strstr(first, "a2"));
	}
	assert_true(saw_a2 > 0 && saw_a2 < 16);
}

static void test_asked_before(void **state)
{
	static const char *const asked1[] = {"a1", "risk"};
	static const char *const asked2[] = {"a1", "a2", "risk"};
	struct plan_opts o;
	struct plan p;
	(void)state;

	opts(&o, BANK_ROLE_CEO, 0);
	o.asked = asked1;
	o.nasked = 2;
	assert_int_equal(plan_make(bank, &o, &p), AK_OK);
	/* the other wording replaces a1; risk covers no duty and is dropped */
	assert_string_equal(ids(&p), "a2 b1 c1 c-show");
	assert_false(p.items[0].repeated);
	plan_release(&p);

	o.asked = asked2;
	o.nasked = 3;
	assert_int_equal(plan_make(bank, &o, &p), AK_OK);
	/* nothing unasked covers duty a: a wording is repeated, and marked */
	assert_string_equal(ids(&p), "a1 b1 c1 c-show");
	assert_true(p.items[0].repeated);
	plan_release(&p);
}

static void test_filters(void **state)
{
	struct plan_opts o;
	struct plan p;
	struct plan_filter f[2];
	(void)state;

	assert_true(plan_filter_parse("5.1c", &f[0]));
	assert_string_equal(f[0].clause, "5.1");
	assert_string_equal(f[0].item, "c");
	assert_true(plan_filter_parse("6", &f[1]));
	assert_false(plan_filter_parse("5.", &f[1]));
	assert_false(plan_filter_parse("x", &f[1]));
	assert_true(plan_filter_parse("6", &f[1]));
	opts(&o, BANK_ROLE_CEO, 0);
	o.filters = f;
	o.nfilters = 2;
	assert_int_equal(plan_make(bank, &o, &p), AK_OK);
	assert_string_equal(ids(&p), "risk c1 c-show");
	assert_int_equal(p.ngaps, 0); /* only the duty asked for is covered */
	plan_release(&p);
	assert_true(plan_filter_parse("7", &f[0]));
	o.nfilters = 1;
	assert_int_equal(plan_make(bank, &o, &p), AK_ERR_USAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_limit_takes_one_per_group_in_key_order),
		cmocka_unit_test(test_coverage_before_other_key_questions),
		cmocka_unit_test(test_opening_and_closing_count),
		cmocka_unit_test(test_role_without_question_names_the_gap),
		cmocka_unit_test(test_seed_rotates_group_reproducibly),
		cmocka_unit_test(test_asked_before),
		cmocka_unit_test(test_filters),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
