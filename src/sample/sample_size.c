/* sample_size.c: attribute sample sizes, IAF MD 1 and upper deviation limits.
 *
 * Sizes are searched in double precision (log space), then the boundary is
 * confirmed exactly where the method allows it: the binomial and
 * hypergeometric conditions are ratios of integers once rates are in basis
 * points, so "P(X <= k) <= 1 - confidence" is decided with a small bignum
 * and a tie such as 0.5^2 = 1 - 0.75 is not lost to rounding. */
#include "sample/sample_size.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/msg.h"
#include "core/util.h"

/* ======================================================================
 * Rates
 * ====================================================================== */

int ss_parse_rate(const char *s, long *bp)
{
	long ip = 0, frac = 0;
	int fdigits = 0, idigits = 0, scale_digits;
	bool pct = false;
	const char *p = s;

	if (!s || !*s)
		return -1;
	for (; *p >= '0' && *p <= '9'; p++, idigits++) {
		if (ip > 1000000)
			return -3;
		ip = ip * 10 + (*p - '0');
	}
	if (*p == '.') {
		p++;
		for (; *p >= '0' && *p <= '9'; p++) {
			if (fdigits < 6) {
				frac = frac * 10 + (*p - '0');
				fdigits++;
			} else if (*p != '0') {
				return -2;
			}
		}
		if (idigits == 0 && fdigits == 0)
			return -1;
	} else if (idigits == 0) {
		return -1;
	}
	if (*p == '%') {
		pct = true;
		p++;
	}
	if (*p)
		return -1;
	scale_digits = pct ? 2 : 4;
	/* Drop trailing zeros of the fraction, then refuse what is left over. */
	while (fdigits > scale_digits && frac % 10 == 0) {
		frac /= 10;
		fdigits--;
	}
	if (fdigits > scale_digits)
		return -2;
	while (fdigits < scale_digits) {
		frac *= 10;
		fdigits++;
	}
	*bp = ip * (pct ? 100 : SS_BP) + frac;
	return 0;
}

char *ss_format_bp(long bp, char *buf, size_t len)
{
	long whole = bp / 100, cents = bp % 100;

	if (cents == 0)
		snprintf(buf, len, "%ld%%", whole);
	else if (cents % 10 == 0)
		snprintf(buf, len, "%ld.%ld%%", whole, cents / 10);
	else
		snprintf(buf, len, "%ld.%02ld%%", whole, cents);
	return buf;
}

ak_err ss_check_rate(const char *what, const char *text, long bp, bool open)
{
	if (open && (bp <= 0 || bp >= SS_BP)) {
		ak_error("%s '%s' is outside (0, 1): write a fraction such as 0.95 or a "
		         "percentage such as 95%%",
		         what, text);
		return AK_ERR_DATA;
	}
	if (!open && (bp < 0 || bp >= SS_BP)) {
		ak_error("%s '%s' is outside [0, 1): write a fraction such as 0.01 or a "
		         "percentage such as 1%%",
		         what, text);
		return AK_ERR_DATA;
	}
	return AK_OK;
}

/* ======================================================================
 * Distributions in double precision
 * ====================================================================== */

static double lchoose(long n, long k)
{
	return lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0);
}

double ss_binom_cdf(long k, long n, double p)
{
	double lt, lr, m, sum = 0;
	long i;

	if (k < 0)
		return 0;
	if (k >= n || p <= 0)
		return 1;
	if (p >= 1)
		return 0;
	/* term_i in logs by the ratio of neighbours; scaled by the largest. */
	lr = log(p) - log1p(-p);
	lt = n * log1p(-p);
	m = lt;
	{
		double t = lt;
		for (i = 0; i < k; i++) {
			t += log((double)(n - i) / (double)(i + 1)) + lr;
			if (t > m)
				m = t;
		}
	}
	for (i = 0;; i++) {
		sum += exp(lt - m);
		if (i == k)
			break;
		lt += log((double)(n - i) / (double)(i + 1)) + lr;
	}
	return fmin(1.0, exp(m + log(sum)));
}

double ss_poisson_cdf(long k, double lambda)
{
	double lt = -lambda, m, sum = 0, t;
	long i;

	if (k < 0)
		return 0;
	m = lt;
	for (t = lt, i = 1; i <= k; i++) {
		t += log(lambda) - log((double)i);
		if (t > m)
			m = t;
	}
	for (i = 0;; i++) {
		sum += exp(lt - m);
		if (i == k)
			break;
		lt += log(lambda) - log((double)(i + 1));
	}
	return fmin(1.0, exp(m + log(sum)));
}

double ss_hyper_cdf(long k, long n, long N, long D)
{
	double lall = lchoose(N, n), sum = 0;
	long i, lo = n - (N - D) > 0 ? n - (N - D) : 0;

	for (i = lo; i <= k && i <= D && i <= n; i++)
		sum += exp(lchoose(D, i) + lchoose(N - D, n - i) - lall);
	return fmin(1.0, sum);
}

/* ======================================================================
 * A small bignum, for exact comparisons at the boundary
 * ====================================================================== */

struct bn {
	uint32_t *d; /* little-endian limbs */
	size_t n, cap;
	bool oom;
};

static void bn_free(struct bn *a)
{
	free(a->d);
	memset(a, 0, sizeof *a);
}

static bool bn_reserve(struct bn *a, size_t need)
{
	if (a->oom)
		return false;
	if (!ak_grow(&a->d, &a->cap, need, sizeof *a->d)) {
		a->oom = true;
		return false;
	}
	return true;
}

static void bn_set(struct bn *a, uint32_t v)
{
	a->n = 0;
	if (v && bn_reserve(a, 1)) {
		a->d[0] = v;
		a->n = 1;
	}
}

static void bn_mul_small(struct bn *a, uint32_t m)
{
	uint64_t carry = 0;
	size_t i;

	for (i = 0; i < a->n; i++) {
		uint64_t v = (uint64_t)a->d[i] * m + carry;
		a->d[i] = (uint32_t)v;
		carry = v >> 32;
	}
	if (carry && bn_reserve(a, a->n + 1))
		a->d[a->n++] = (uint32_t)carry;
	if (m == 0)
		a->n = 0;
}

/* Floor division by m > 0 (exact where the callers use it). */
static void bn_div_small(struct bn *a, uint32_t m)
{
	uint64_t rem = 0;
	size_t i;

	for (i = a->n; i-- > 0;) {
		uint64_t v = (rem << 32) | a->d[i];
		a->d[i] = (uint32_t)(v / m);
		rem = v % m;
	}
	while (a->n && a->d[a->n - 1] == 0)
		a->n--;
}

static void bn_add(struct bn *a, const struct bn *b)
{
	uint64_t carry = 0;
	size_t i, n = a->n > b->n ? a->n : b->n;

	a->oom |= b->oom;
	if (!bn_reserve(a, n + 1))
		return;
	for (i = a->n; i < n; i++)
		a->d[i] = 0;
	a->n = n;
	for (i = 0; i < n; i++) {
		uint64_t v = (uint64_t)a->d[i] + (i < b->n ? b->d[i] : 0) + carry;
		a->d[i] = (uint32_t)v;
		carry = v >> 32;
	}
	if (carry)
		a->d[a->n++] = (uint32_t)carry;
}

/* r = a * b; r must not alias a or b. */
static void bn_mul(struct bn *r, const struct bn *a, const struct bn *b)
{
	size_t i, j;

	r->oom |= a->oom || b->oom;
	r->n = 0;
	if (!a->n || !b->n || !bn_reserve(r, a->n + b->n))
		return;
	memset(r->d, 0, (a->n + b->n) * sizeof *r->d);
	for (i = 0; i < a->n; i++) {
		uint64_t carry = 0;
		for (j = 0; j < b->n; j++) {
			uint64_t v = (uint64_t)a->d[i] * b->d[j] + r->d[i + j] + carry;
			r->d[i + j] = (uint32_t)v;
			carry = v >> 32;
		}
		r->d[i + b->n] = (uint32_t)carry;
	}
	r->n = a->n + b->n;
	while (r->n && r->d[r->n - 1] == 0)
		r->n--;
}

static int bn_cmp(const struct bn *a, const struct bn *b)
{
	size_t i;

	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (i = a->n; i-- > 0;)
		if (a->d[i] != b->d[i])
			return a->d[i] < b->d[i] ? -1 : 1;
	return 0;
}

/* a = C(n, k); n < 2^32. */
static void bn_choose(struct bn *a, long n, long k)
{
	long j;

	if (k < 0 || k > n) {
		bn_set(a, 0);
		return;
	}
	if (k > n - k)
		k = n - k;
	bn_set(a, 1);
	for (j = 1; j <= k; j++) {
		bn_mul_small(a, (uint32_t)(n - k + j));
		bn_div_small(a, (uint32_t)j);
	}
}

/* Exactly: is P(X <= k | n, t/10000) <= (10000 - c)/10000 for binomial X?
 * Both sides times 10000^n: sum_{i<=k} C(n,i) t^i u^(n-i) against
 * (10000 - c) 10000^(n-1), with u = 10000 - t; the sum by Horner's rule.
 * Returns 1, 0, or -1 when out of memory. */
static int exact_binom_ok(long n, long k, long t, long c)
{
	struct bn lhs = {0}, d = {0}, rhs = {0};
	long u = SS_BP - t, i;
	int r;

	if (k >= n)
		return c <= 0; /* P = 1 */
	bn_set(&d, 1);         /* D_i = C(n,i) t^i */
	bn_set(&lhs, 1);
	for (i = 1; i <= k; i++) {
		bn_mul_small(&lhs, (uint32_t)u);
		bn_mul_small(&d, (uint32_t)(n - i + 1));
		bn_div_small(&d, (uint32_t)i);
		bn_mul_small(&d, (uint32_t)t);
		bn_add(&lhs, &d);
	}
	for (i = 0; i < n - k; i++)
		bn_mul_small(&lhs, (uint32_t)u);
	bn_set(&rhs, (uint32_t)(SS_BP - c));
	for (i = 0; i < n - 1; i++)
		bn_mul_small(&rhs, (uint32_t)SS_BP);
	r = lhs.oom || rhs.oom || d.oom ? -1 : bn_cmp(&lhs, &rhs) <= 0;
	bn_free(&lhs);
	bn_free(&d);
	bn_free(&rhs);
	return r;
}

/* Exactly: is P(X <= k) <= (10000 - c)/10000 for X hypergeometric (N items,
 * D deviations, n drawn)? 10000 sum_{i<=k} C(D,i) C(N-D,n-i) against
 * (10000 - c) C(N,n). */
static int exact_hyper_ok(long k, long n, long N, long D, long c)
{
	struct bn sum = {0}, a = {0}, b = {0}, p = {0}, all = {0};
	long i;
	int r;

	bn_set(&sum, 0);
	for (i = 0; i <= k && i <= n; i++) {
		bn_choose(&a, D, i);
		bn_choose(&b, N - D, n - i);
		bn_mul(&p, &a, &b);
		bn_add(&sum, &p);
	}
	bn_mul_small(&sum, (uint32_t)SS_BP);
	bn_choose(&all, N, n);
	bn_mul_small(&all, (uint32_t)(SS_BP - c));
	r = sum.oom || all.oom || p.oom ? -1 : bn_cmp(&sum, &all) <= 0;
	bn_free(&sum);
	bn_free(&a);
	bn_free(&b);
	bn_free(&p);
	bn_free(&all);
	return r;
}

/* ======================================================================
 * Attribute sample sizes
 * ====================================================================== */

/* Deviations allowed at size n: fixed, or ceil(n x expected) in integers. */
static long allowed(const struct ss_attribute *a, long n)
{
	if (a->deviations >= 0)
		return a->deviations;
	return (long)(((long long)n * a->expected_bp + SS_BP - 1) / SS_BP);
}

/* P(at most the allowed deviations at size n), were the true rate the
 * tolerable rate: what must not exceed 1 - confidence. */
static double risk_at(const struct ss_attribute *a, long n, long D)
{
	double t = (double)a->tolerable_bp / SS_BP;
	long k = allowed(a, n);

	switch (a->method) {
	case SS_POISSON:
		return ss_poisson_cdf(k, n * t);
	case SS_HYPERGEOMETRIC:
		return ss_hyper_cdf(k, n, a->population, D);
	case SS_BINOMIAL:
	default:
		return ss_binom_cdf(k, n, t);
	}
}

/* The exact verdict at n, or -2 when no exact test applies (Poisson is
 * transcendental) or the numbers would be too big to be quick. */
static int exact_at(const struct ss_attribute *a, long n, long D)
{
	long k = allowed(a, n);

	if (a->method == SS_BINOMIAL && n <= 4000)
		return exact_binom_ok(n, k, a->tolerable_bp, a->confidence_bp);
	if (a->method == SS_HYPERGEOMETRIC && n <= 4000 && k <= 200)
		return exact_hyper_ok(k, n, a->population, D, a->confidence_bp);
	return -2;
}

ak_err ss_attribute_size(const struct ss_attribute *a, struct ss_result *res)
{
	double alpha = (double)(SS_BP - a->confidence_bp) / SS_BP;
	long n, max_n = SS_MAX_N, D = 0;
	int ex;

	memset(res, 0, sizeof *res);
	if (a->confidence_bp <= 0 || a->confidence_bp >= SS_BP || a->tolerable_bp <= 0 ||
	    a->tolerable_bp >= SS_BP) {
		ak_error("confidence and tolerable rate must be inside (0, 1)");
		return AK_ERR_DATA;
	}
	if (a->deviations < 0 && (a->expected_bp < 0 || a->expected_bp >= a->tolerable_bp)) {
		ak_error("the expected deviation rate must be below the tolerable rate");
		return AK_ERR_DATA;
	}
	if (a->method == SS_HYPERGEOMETRIC) {
		if (a->population < 1 || a->population > SS_MAX_POPULATION) {
			ak_error("the hypergeometric method needs --population N, from 1 to %ld",
			         SS_MAX_POPULATION);
			return AK_ERR_DATA;
		}
		/* The population holds ceil(tolerable x N) deviations. */
		D = (long)(((long long)a->tolerable_bp * a->population + SS_BP - 1) / SS_BP);
		max_n = a->population;
	}
	if (a->method == SS_BINOMIAL && a->deviations == 0) {
		/* Closed form, then the exact check below moves it if rounding
		 * put it one off. */
		double t = (double)a->tolerable_bp / SS_BP;
		n = (long)ceil(log(alpha) / log1p(-t));
		if (n < 1)
			n = 1;
	} else {
		for (n = 1; n <= max_n; n++)
			if (risk_at(a, n, D) <= alpha)
				break;
	}
	if (n > max_n) {
		if (a->method == SS_HYPERGEOMETRIC)
			ak_error("no sample of up to the whole population (%ld) gives that "
			         "confidence with so many deviations allowed",
			         a->population);
		else
			ak_error("the sample size would exceed %ld; widen the gap between the "
			         "tolerable and expected rates",
			         max_n);
		return AK_ERR_DATA;
	}
	/* Confirm the boundary exactly: n must pass and n - 1 must not. */
	ex = exact_at(a, n, D);
	if (ex != -2) {
		while (ex == 0 && n < max_n)
			ex = exact_at(a, ++n, D);
		while (ex == 1 && n > 1 && exact_at(a, n - 1, D) == 1)
			n--;
		if (ex == -1)
			return AK_ERR_NOMEM;
		res->exact = ex == 1;
	}
	res->n = n;
	res->k = allowed(a, n);
	res->pop_devs = D;
	res->risk = risk_at(a, n, D);
	return AK_OK;
}

/* ======================================================================
 * IAF MD 1
 * ====================================================================== */

/* The smallest m with 100 m^2 >= f x, i.e. ceil(sqrt(f x / 100)), in
 * integers: a perfect square must not round up. */
static long ceil_scaled_sqrt(long x, long f)
{
	unsigned long long target = (unsigned long long)f * (unsigned long long)x;
	unsigned long long m = (unsigned long long)sqrt((double)target / 100.0);

	while (m > 0 && 100ULL * (m - 1) * (m - 1) >= target)
		m--;
	while (100ULL * m * m < target)
		m++;
	return (long)m;
}

long ss_iaf_sites(long x, enum ss_audit audit)
{
	if (x < 1 || x > SS_MAX_POPULATION)
		return 0;
	switch (audit) {
	case SS_SURVEILLANCE:
		return ceil_scaled_sqrt(x, 36);
	case SS_RECERTIFICATION:
		return ceil_scaled_sqrt(x, 64);
	case SS_INITIAL:
	default:
		return ceil_scaled_sqrt(x, 100);
	}
}

long ss_iaf_random_sites(long n)
{
	return n <= 0 ? 0 : (n + 3) / 4;
}

/* ======================================================================
 * Evaluation
 * ====================================================================== */

ak_err ss_upper_limit(long n, long d, long confidence_bp, double *limit)
{
	double alpha, lo = 0, hi = 1;

	if (confidence_bp <= 0 || confidence_bp >= SS_BP) {
		ak_error("confidence must be inside (0, 1)");
		return AK_ERR_DATA;
	}
	if (n < 1) {
		ak_error("the sample size must be at least 1");
		return AK_ERR_DATA;
	}
	if (d < 0 || d > n) {
		ak_error("deviations (%ld) must be from 0 to the sample size (%ld)", d, n);
		return AK_ERR_DATA;
	}
	if (d == n) {
		*limit = 1;
		return AK_OK;
	}
	alpha = (double)(SS_BP - confidence_bp) / SS_BP;
	/* P(X <= d | n, p) falls as p rises: bisect for where it meets alpha. */
	while (hi - lo > 1e-12) {
		double mid = (lo + hi) / 2;
		if (ss_binom_cdf(d, n, mid) > alpha)
			lo = mid;
		else
			hi = mid;
	}
	*limit = hi;
	return AK_OK;
}
