/* sample_size.h: how many items to test, and what the deviations found say.
 *
 * Attribute sampling for tests of controls (binomial, Poisson,
 * hypergeometric), IAF MD 1 multi-site sample sizes, and the exact
 * (Clopper-Pearson) one-sided upper deviation limit. Rates are held in basis
 * points (1/10000) so that every ceiling is taken in integers: 0.035 x 400 is
 * 14.000000000000002 in doubles, but 350 x 400 / 10000 is 14 exactly.
 *
 * docs/sampling.md says in words what each function computes. */
#ifndef AK_SAMPLE_SIZE_H
#define AK_SAMPLE_SIZE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

#define SS_BP 10000L /* one, in basis points */
/* The largest sample size searched for; a larger answer is an error. */
#define SS_MAX_N 1000000L
/* The largest population or site count accepted. */
#define SS_MAX_POPULATION 1000000000L

enum ss_method { SS_BINOMIAL, SS_POISSON, SS_HYPERGEOMETRIC };
enum ss_audit { SS_INITIAL, SS_SURVEILLANCE, SS_RECERTIFICATION };

/* Parse a rate written as a fraction ("0.95", ".05", "1") or a percentage
 * ("95%", "2.5%") into basis points. No sign, spaces or exponent. Returns 0,
 * -1 when s is not such a number, -2 when it is finer than a basis point
 * (more than four decimals as a fraction, two as a percentage), -3 when it
 * is too large to hold. Range checks are the caller's: "5" is 50000. */
int ss_parse_rate(const char *s, long *bp);

/* Format basis points as a percentage without trailing zeros: 9500 "95%",
 * 250 "2.5%", 5 "0.05%". Returns buf. */
char *ss_format_bp(long bp, char *buf, size_t len);

/* What to size: a method, confidence and tolerable rate in (0, 1), and the
 * deviations the sample may hold, either a fixed count (deviations >= 0) or
 * ceil(n x expected) from an expected rate (deviations < 0). population is
 * needed by the hypergeometric method only. */
struct ss_attribute {
	enum ss_method method;
	long confidence_bp;
	long tolerable_bp;
	long expected_bp; /* used when deviations < 0 */
	long deviations;
	long population;
};

struct ss_result {
	long n;        /* the sample size */
	long k;        /* deviations the sample may hold at that size */
	long pop_devs; /* hypergeometric: ceil(tolerable x N) deviations assumed */
	double risk;   /* P(at most k deviations | n, tolerable): <= 1 - confidence */
	bool exact;    /* the boundary was confirmed in exact integer arithmetic */
};

/* The smallest n for which finding at most k deviations in n items gives the
 * stated confidence that the deviation rate is below the tolerable rate.
 * Checks the inputs (AK_ERR_DATA with a message for out-of-range rates,
 * expected >= tolerable, no answer within SS_MAX_N or the population). */
ak_err ss_attribute_size(const struct ss_attribute *a, struct ss_result *res);

/* IAF MD 1: the sites to visit among x sites: ceil(sqrt(x)) at the initial
 * audit, ceil(0.6 sqrt(x)) at surveillance, ceil(0.8 sqrt(x)) at
 * recertification, computed exactly in integers. 0 when x < 1 or x >
 * SS_MAX_POPULATION. */
long ss_iaf_sites(long x, enum ss_audit audit);
/* IAF MD 1: of n sampled sites, at least ceil(n / 4) are chosen at random. */
long ss_iaf_random_sites(long n);

/* P(X <= k) for X ~ binomial(n, p), Poisson(lambda) and hypergeometric
 * (population N holding D deviations, n drawn): double precision, summed in
 * log space so large n does not underflow. */
double ss_binom_cdf(long k, long n, double p);
double ss_poisson_cdf(long k, double lambda);
double ss_hyper_cdf(long k, long n, long N, long D);

/* The exact one-sided upper limit (Clopper-Pearson) of the deviation rate
 * after d deviations in n items at the given confidence: the p for which
 * P(X <= d | n, p) = 1 - confidence, by bisection to 1e-12. 1 when d >= n.
 * AK_ERR_DATA with a message for n < 1, d < 0, d > n or confidence outside
 * (0, 1). */
ak_err ss_upper_limit(long n, long d, long confidence_bp, double *limit);

/* Range checks shared with the command: print a message naming what and
 * return AK_ERR_DATA when bp is not strictly inside (0, 1) (open) or inside
 * [0, 1) (!open). */
ak_err ss_check_rate(const char *what, const char *text, long bp, bool open);

#endif
