/* test_sample_size.c: sample sizes, IAF MD 1 and upper limits against
 * values from the textbook formulas, each re-derived in exact rational
 * arithmetic (Python's fractions.Fraction and math.comb) before it was
 * written here, not copied from this module's output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sample/sample_size.h"

static long size_of(enum ss_method m, long c, long t, long e, long d, long N, long *k)
{
	struct ss_attribute a = {m, c, t, e, d, N};
	struct ss_result r;

	assert_int_equal(ss_attribute_size(&a, &r), AK_OK);
	if (k)
		*k = r.k;
	return r.n;
}

/* ---- rates ---------------------------------------------------------------- */

static void test_parse_rate(void **state)
{
	long bp = -1;
	(void)state;
	assert_int_equal(ss_parse_rate("0.95", &bp), 0);
	assert_int_equal(bp, 9500);
	assert_int_equal(ss_parse_rate("95%", &bp), 0);
	assert_int_equal(bp, 9500);
	assert_int_equal(ss_parse_rate(".05", &bp), 0);
	assert_int_equal(bp, 500);
	assert_int_equal(ss_parse_rate("2.5%", &bp), 0);
	assert_int_equal(bp, 250);
	assert_int_equal(ss_parse_rate("0.035", &bp), 0);
	assert_int_equal(bp, 350);
	assert_int_equal(ss_parse_rate("0.0350000", &bp), 0); /* trailing zeros are fine */
	assert_int_equal(bp, 350);
	assert_int_equal(ss_parse_rate("99.99%", &bp), 0);
	assert_int_equal(bp, 9999);
	/* no-% forms are fractions: "5" is 500%, for the range check to refuse */
	assert_int_equal(ss_parse_rate("5", &bp), 0);
	assert_int_equal(bp, 50000);
	assert_int_equal(ss_parse_rate("1", &bp), 0);
	assert_int_equal(bp, 10000);
	assert_int_equal(ss_parse_rate("0", &bp), 0);
	assert_int_equal(bp, 0);
	assert_int_equal(ss_parse_rate("0.00001", &bp), -2);
	assert_int_equal(ss_parse_rate("2.125%", &bp), -2);
	assert_int_equal(ss_parse_rate("", &bp), -1);
	assert_int_equal(ss_parse_rate(".", &bp), -1);
	assert_int_equal(ss_parse_rate("-0.5", &bp), -1);
	assert_int_equal(ss_parse_rate("abc", &bp), -1);
	assert_int_equal(ss_parse_rate("0.9 ", &bp), -1);
	assert_int_equal(ss_parse_rate("1e-2", &bp), -1);
	assert_int_equal(ss_parse_rate("%", &bp), -1);
}

static void test_check_rate(void **state)
{
	(void)state;
	assert_int_equal(ss_check_rate("confidence", "0", 0, true), AK_ERR_DATA);
	assert_int_equal(ss_check_rate("confidence", "1", 10000, true), AK_ERR_DATA);
	assert_int_equal(ss_check_rate("confidence", "1.5", 15000, true), AK_ERR_DATA);
	assert_int_equal(ss_check_rate("confidence", "0.95", 9500, true), AK_OK);
	assert_int_equal(ss_check_rate("expected", "0", 0, false), AK_OK);
	assert_int_equal(ss_check_rate("expected", "1", 10000, false), AK_ERR_DATA);
}

static void test_format_bp(void **state)
{
	char b[32];
	(void)state;
	assert_string_equal(ss_format_bp(9500, b, sizeof b), "95%");
	assert_string_equal(ss_format_bp(250, b, sizeof b), "2.5%");
	assert_string_equal(ss_format_bp(5, b, sizeof b), "0.05%");
	assert_string_equal(ss_format_bp(9999, b, sizeof b), "99.99%");
}

/* ---- attribute sizes --------------------------------------------------- */

static void test_binomial_published(void **state)
{
	long k;
	(void)state;
	/* ceil(ln(0.05) / ln(0.95)) = ceil(58.40) */
	assert_int_equal(size_of(SS_BINOMIAL, 9500, 500, 0, 0, 0, &k), 59);
	assert_int_equal(k, 0);
	assert_int_equal(size_of(SS_BINOMIAL, 9000, 500, 0, 0, 0, NULL), 45);
	assert_int_equal(size_of(SS_BINOMIAL, 9500, 1000, 0, 0, 0, NULL), 29);
	assert_int_equal(size_of(SS_BINOMIAL, 9000, 1000, 0, 0, 0, NULL), 22);
	/* one deviation allowed: P(X <= 1 | 93, 5%) = 0.04998 <= 0.05, at 92 0.0522 */
	assert_int_equal(size_of(SS_BINOMIAL, 9500, 500, 0, 1, 0, &k), 93);
	assert_int_equal(k, 1);
}

static void test_binomial_ties_are_exact(void **state)
{
	(void)state;
	/* 0.5^2 = 0.25 = 1 - 0.75 and 0.9^2 = 0.81 = 1 - 0.19 exactly: n = 2,
	 * which ratios of logarithms in doubles can put at 3 */
	assert_int_equal(size_of(SS_BINOMIAL, 7500, 5000, 0, 0, 0, NULL), 2);
	assert_int_equal(size_of(SS_BINOMIAL, 1900, 1000, 0, 0, 0, NULL), 2);
	assert_int_equal(size_of(SS_BINOMIAL, 8750, 5000, 0, 0, 0, NULL), 3); /* 0.5^3 */
}

static void test_expected_rate_ceiling_in_integers(void **state)
{
	long k;
	(void)state;
	/* 90 %, 5 % tolerable, 3.5 % expected: n = 400 with k = 14, because
	 * 400 x 0.035 is 14 exactly (14.000000000000002 in doubles, whose
	 * ceiling 15 would not give 400). Note 401 (k = 15) does not pass. */
	assert_int_equal(size_of(SS_BINOMIAL, 9000, 500, 350, -1, 0, &k), 400);
	assert_int_equal(k, 14);
	/* 95 %, 5 %, 1 % expected: ceil(93 x 0.01) = 1 deviation, n = 93 */
	assert_int_equal(size_of(SS_BINOMIAL, 9500, 500, 100, -1, 0, &k), 93);
	assert_int_equal(k, 1);
	/* 95 %, 5 %, 3.5 %: 624 with 22 deviations */
	assert_int_equal(size_of(SS_BINOMIAL, 9500, 500, 350, -1, 0, &k), 624);
	assert_int_equal(k, 22);
	/* expected 0 is the zero-deviation case */
	assert_int_equal(size_of(SS_BINOMIAL, 9500, 500, 0, -1, 0, NULL), 59);
}

static void test_poisson(void **state)
{
	(void)state;
	/* ceil(-ln(0.05) / 0.05) = ceil(59.91) and ceil(-ln(0.10) / 0.05) = ceil(46.05) */
	assert_int_equal(size_of(SS_POISSON, 9500, 500, 0, 0, 0, NULL), 60);
	assert_int_equal(size_of(SS_POISSON, 9000, 500, 0, 0, 0, NULL), 47);
	/* one deviation: P(Poisson(0.05 n) <= 1) <= 0.05 first at n = 95 (4.744 / 0.05) */
	assert_int_equal(size_of(SS_POISSON, 9500, 500, 0, 1, 0, NULL), 95);
}

static void test_hypergeometric(void **state)
{
	struct ss_attribute a = {SS_HYPERGEOMETRIC, 9500, 500, 0, 0, 100};
	struct ss_result r;
	(void)state;
	/* N = 100 holding 5 deviations: C(95, n) / C(100, n) <= 0.05 first at 45 */
	assert_int_equal(ss_attribute_size(&a, &r), AK_OK);
	assert_int_equal(r.n, 45);
	assert_int_equal(r.pop_devs, 5);
	assert_true(r.exact);
	/* N = 50: ceil(0.05 x 50) = 3 deviations, n = 31; N = 1000: 57 */
	assert_int_equal(size_of(SS_HYPERGEOMETRIC, 9500, 500, 0, 0, 50, NULL), 31);
	assert_int_equal(size_of(SS_HYPERGEOMETRIC, 9500, 500, 0, 0, 1000, NULL), 57);
	/* one deviation allowed, N = 100: 65 */
	assert_int_equal(size_of(SS_HYPERGEOMETRIC, 9500, 500, 0, 1, 100, NULL), 65);
	/* a small population tends to the binomial from below */
	assert_true(size_of(SS_HYPERGEOMETRIC, 9500, 500, 0, 0, 1000000, NULL) <= 59);
}

static void test_bad_inputs(void **state)
{
	struct ss_attribute a = {SS_BINOMIAL, 9500, 500, 600, -1, 0};
	struct ss_result r;
	(void)state;
	/* expected above tolerable */
	assert_int_equal(ss_attribute_size(&a, &r), AK_ERR_DATA);
	a.expected_bp = 500;
	assert_int_equal(ss_attribute_size(&a, &r), AK_ERR_DATA);
	a.expected_bp = 0;
	a.confidence_bp = 10000;
	assert_int_equal(ss_attribute_size(&a, &r), AK_ERR_DATA);
	a.confidence_bp = 0;
	assert_int_equal(ss_attribute_size(&a, &r), AK_ERR_DATA);
	a.confidence_bp = 9500;
	a.method = SS_HYPERGEOMETRIC;
	a.population = 0;
	assert_int_equal(ss_attribute_size(&a, &r), AK_ERR_DATA);
	/* 99.99 % confidence over 5 items with 1 % tolerable: test everything */
	a.population = 5;
	a.confidence_bp = 9999;
	a.tolerable_bp = 100;
	a.deviations = 1;
	assert_int_equal(ss_attribute_size(&a, &r), AK_ERR_DATA);
}

/* ---- IAF MD 1 ----------------------------------------------------------- */

static void test_iaf(void **state)
{
	(void)state;
	assert_int_equal(ss_iaf_sites(26, SS_INITIAL), 6);
	assert_int_equal(ss_iaf_sites(2, SS_INITIAL), 2);
	assert_int_equal(ss_iaf_sites(2, SS_SURVEILLANCE), 1);
	assert_int_equal(ss_iaf_sites(2, SS_RECERTIFICATION), 2);
	/* perfect squares must not round up: 5, 0.6 x 5 = 3, 0.8 x 5 = 4 */
	assert_int_equal(ss_iaf_sites(25, SS_INITIAL), 5);
	assert_int_equal(ss_iaf_sites(25, SS_SURVEILLANCE), 3);
	assert_int_equal(ss_iaf_sites(25, SS_RECERTIFICATION), 4);
	assert_int_equal(ss_iaf_sites(100, SS_INITIAL), 10);
	assert_int_equal(ss_iaf_sites(100, SS_SURVEILLANCE), 6);
	assert_int_equal(ss_iaf_sites(100, SS_RECERTIFICATION), 8);
	assert_int_equal(ss_iaf_sites(101, SS_INITIAL), 11);
	assert_int_equal(ss_iaf_sites(101, SS_SURVEILLANCE), 7);
	assert_int_equal(ss_iaf_sites(101, SS_RECERTIFICATION), 9);
	assert_int_equal(ss_iaf_sites(1, SS_INITIAL), 1);
	assert_int_equal(ss_iaf_sites(1, SS_SURVEILLANCE), 1);
	assert_int_equal(ss_iaf_sites(1, SS_RECERTIFICATION), 1);
	/* 0.6 sqrt(50) = 4.243 -> 5; 0.8 sqrt(50) = 5.657 -> 6 */
	assert_int_equal(ss_iaf_sites(50, SS_SURVEILLANCE), 5);
	assert_int_equal(ss_iaf_sites(50, SS_RECERTIFICATION), 6);
	/* a large perfect square: 10^8 sites, sqrt exactly 10^4 */
	assert_int_equal(ss_iaf_sites(100000000, SS_INITIAL), 10000);
	assert_int_equal(ss_iaf_sites(100000000, SS_SURVEILLANCE), 6000);
	assert_int_equal(ss_iaf_sites(100000001, SS_INITIAL), 10001);
	assert_int_equal(ss_iaf_sites(0, SS_INITIAL), 0);
	assert_int_equal(ss_iaf_random_sites(6), 2);
	assert_int_equal(ss_iaf_random_sites(4), 1);
	assert_int_equal(ss_iaf_random_sites(5), 2);
	assert_int_equal(ss_iaf_random_sites(1), 1);
}

static void test_iaf_against_definition(void **state)
{
	long x;
	(void)state;
	/* the smallest m with m^2 >= c^2 x, for every x up to 10000 */
	for (x = 1; x <= 10000; x++) {
		long m = ss_iaf_sites(x, SS_SURVEILLANCE);
		assert_true(100 * m * m >= 36 * x && 100 * (m - 1) * (m - 1) < 36 * x);
		m = ss_iaf_sites(x, SS_INITIAL);
		assert_true(m * m >= x && (m - 1) * (m - 1) < x);
	}
}

/* ---- evaluation ----------------------------------------------------------- */

static void test_upper_limit(void **state)
{
	double u;
	(void)state;
	/* d = 0 has the closed form 1 - alpha^(1/n) */
	assert_int_equal(ss_upper_limit(59, 0, 9500, &u), AK_OK);
	assert_true(fabs(u - (1 - pow(0.05, 1.0 / 59))) < 1e-9);
	assert_true(fabs(u * 100 - 4.95) < 0.005);
	assert_int_equal(ss_upper_limit(93, 1, 9500, &u), AK_OK);
	assert_true(u < 0.05 && u > 0.0499); /* 93 was sized for exactly this */
	assert_int_equal(ss_upper_limit(50, 2, 9000, &u), AK_OK);
	/* P(X <= 2 | 50, u) = 0.10 */
	assert_true(fabs(ss_binom_cdf(2, 50, u) - 0.10) < 1e-9);
	assert_int_equal(ss_upper_limit(10, 10, 9500, &u), AK_OK);
	assert_true(u == 1.0);
	assert_int_equal(ss_upper_limit(10, 11, 9500, &u), AK_ERR_DATA);
	assert_int_equal(ss_upper_limit(0, 0, 9500, &u), AK_ERR_DATA);
	assert_int_equal(ss_upper_limit(10, 0, 10000, &u), AK_ERR_DATA);
}

static void test_cdfs(void **state)
{
	(void)state;
	assert_true(fabs(ss_binom_cdf(0, 59, 0.05) - pow(0.95, 59)) < 1e-15);
	assert_true(fabs(ss_binom_cdf(1, 93, 0.05) - 0.0499758) < 1e-6);
	assert_true(fabs(ss_poisson_cdf(0, 3.0) - exp(-3.0)) < 1e-15);
	/* C(95,45)/C(100,45) */
	assert_true(fabs(ss_hyper_cdf(0, 45, 100, 5) - 0.0462063) < 1e-6);
	/* no underflow for large n */
	assert_true(ss_binom_cdf(500, 20000, 0.05) < 1e-30);
	assert_true(ss_binom_cdf(1500, 20000, 0.05) > 0.99);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_rate),
	    cmocka_unit_test(test_check_rate),
	    cmocka_unit_test(test_format_bp),
	    cmocka_unit_test(test_binomial_published),
	    cmocka_unit_test(test_binomial_ties_are_exact),
	    cmocka_unit_test(test_expected_rate_ceiling_in_integers),
	    cmocka_unit_test(test_poisson),
	    cmocka_unit_test(test_hypergeometric),
	    cmocka_unit_test(test_bad_inputs),
	    cmocka_unit_test(test_iaf),
	    cmocka_unit_test(test_iaf_against_definition),
	    cmocka_unit_test(test_upper_limit),
	    cmocka_unit_test(test_cdfs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
