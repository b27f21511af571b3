/* test_dates.c: dates as auditors write them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/dates.h"

static const struct ak_date interview = {2026, 11, 18, DATE_DAY};

/* The first date found in s, formatted, plus the quoted span. */
static const char *first(const char *s)
{
	static char buf[64];
	struct date_hit h[8];
	char d[16];
	size_t n = dates_find(s, strlen(s), &interview, h, 8);

	if (n == 0)
		return "none";
	date_format(&h[0].date, d, sizeof d);
	snprintf(buf, sizeof buf, "%s [%.*s]", d, (int)h[0].len, s + h[0].off);
	return buf;
}

static void test_numeric_forms(void **state)
{
	(void)state;
	assert_string_equal(first("approved on 2026-02-10 by the board"), "2026-02-10 [2026-02-10]");
	/* day first, as written in Europe */
	assert_string_equal(first("signed 10/02/2026"), "2026-02-10 [10/02/2026]");
	assert_string_equal(first("signed 10.02.2026."), "2026-02-10 [10.02.2026]");
	assert_string_equal(first("on 31/02/2026"), "none"); /* no such day */
	assert_string_equal(first("2026-13-01"), "none");
}

static void test_month_names(void **state)
{
	(void)state;
	assert_string_equal(first("approved 10 February 2026"), "2026-02-10 [10 February 2026]");
	assert_string_equal(first("approved February 10, 2026"), "2026-02-10 [February 10, 2026]");
	assert_string_equal(first("approved 10th Feb 2026"), "2026-02-10 [10th Feb 2026]");
	assert_string_equal(first("in Feb 2026 I think"), "2026-02 [Feb 2026]");
	assert_string_equal(first("the Sept. 2026 review"), "2026-09 [Sept. 2026]");
	assert_string_equal(first("MAY 2025 it was"), "2025-05 [MAY 2025]");
}

static void test_relative_to_the_interview(void **state)
{
	(void)state;
	/* interview 2026-11-18 */
	assert_string_equal(first("we approved it last February"), "2026-02 [last February]");
	assert_string_equal(first("last November"), "2025-11 [last November]");
	assert_string_equal(first("the review in September"), "2026-09 [in September]");
	assert_string_equal(first("next March, hopefully"), "2027-03 [next March]");
	assert_string_equal(first("it was December"), "2025-12 [December]");
	assert_string_equal(first("sometime this year"), "2026 [this year]");
	assert_string_equal(first("last year"), "2025 [last year]");
	/* "may" and "march" are verbs and nouns too */
	assert_string_equal(first("we may review it; staff march on"), "none");
}

static void test_years_and_amounts(void **state)
{
	struct date_hit h[4];
	const char *s = "approved in 2023, budget EUR 12,2026 and 180,000";
	(void)state;

	assert_int_equal(dates_find(s, strlen(s), NULL, h, 4), 1);
	assert_int_equal(h[0].date.y, 2023);
	assert_int_equal(h[0].date.prec, DATE_YEAR);
	/* relative forms need the interview date */
	assert_int_equal(dates_find("last February", 13, NULL, h, 4), 0);
}

static void test_agreement(void **state)
{
	struct ak_date rec, feb = {2026, 2, 0, DATE_MONTH}, y23 = {2023, 0, 0, DATE_YEAR};
	struct ak_date day = {2026, 2, 11, DATE_DAY};
	(void)state;

	assert_true(date_parse_iso("2026-02-10", &rec));
	assert_false(date_parse_iso("2026-02-30", &rec) && rec.d == 30);
	assert_true(date_parse_iso("2026-02-10", &rec));
	assert_true(date_agrees(&feb, &rec));
	assert_false(date_agrees(&y23, &rec));
	assert_false(date_agrees(&day, &rec));
	assert_int_equal(date_months_between(&y23, &rec), 2026 * 12 + 2 - 2023 * 12);
	assert_int_equal(date_months_between(&rec, &interview), 9);
}

static void test_many_hits_are_counted(void **state)
{
	char buf[4096] = "";
	struct date_hit h[4];
	int i;
	(void)state;

	for (i = 0; i < 100; i++)
		strcat(buf, "2026-01-01 ");
	assert_int_equal(dates_find(buf, strlen(buf), &interview, h, 4), 100);
	assert_int_equal(h[3].off, 33);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numeric_forms),
		cmocka_unit_test(test_month_names),
		cmocka_unit_test(test_relative_to_the_interview),
		cmocka_unit_test(test_years_and_amounts),
		cmocka_unit_test(test_agreement),
		cmocka_unit_test(test_many_hits_are_counted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
