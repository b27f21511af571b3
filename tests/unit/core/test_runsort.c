/* test_runsort.c: the external sort against qsort of the same records, in
 * memory and across runs in its temporary file, and its failure when the
 * temporary file cannot be made. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "core/runsort.h"

struct rec {
	uint64_t key;
	long seq; /* the tie-breaker: records are all distinct */
};

static int cmp(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* n records with keys below range (many ties when range is small) through
 * a sorter of runs of run records; the same order as qsort gives, and
 * nruns runs written. */
static void check(size_t n, size_t run, uint64_t range, size_t nruns)
{
	struct ak_runsort *s = ak_runsort_new(sizeof(struct rec), run, cmp);
	struct rec *ref = calloc(n + 1, sizeof *ref), got;
	struct ak_rng r;
	size_t i;

	assert_non_null(s);
	assert_non_null(ref);
	ak_rng_seed(&r, n * 31 + run);
	for (i = 0; i < n; i++) {
		ref[i].key = ak_rng_below(&r, range);
		ref[i].seq = (long)i;
		assert_true(ak_runsort_add(s, &ref[i]));
	}
	qsort(ref, n, sizeof *ref, cmp);
	for (i = 0; i < n; i++) {
		assert_int_equal(ak_runsort_next(s, &got), 1);
		assert_int_equal(got.key, ref[i].key);
		assert_int_equal(got.seq, ref[i].seq);
	}
	assert_int_equal(ak_runsort_next(s, &got), 0);
	assert_int_equal(ak_runsort_next(s, &got), 0);
	assert_int_equal(ak_runsort_nruns(s), nruns);
	ak_runsort_free(s);
	free(ref);
}

static void test_in_memory(void **state)
{
	check(0, 8, 10, 0);
	check(1, 8, 10, 0);
	check(8, 8, 3, 0); /* a full run is still in memory */
	check(5000, 0, 1000, 0); /* the default run */
}

static void test_runs(void **state)
{
	check(9, 8, 3, 2); /* one more than a run */
	check(16, 8, 3, 2);
	check(17, 8, 1u << 20, 3);
	check(1000, 7, 5, 143); /* many runs, many ties */
	check(100000, 1000, UINT64_MAX, 100);
	check(40000, 10, 1000, 4000); /* read buffers at their floor */
}

static void test_no_tmpdir(void **state)
{
	struct ak_runsort *s = ak_runsort_new(sizeof(struct rec), 4, cmp);
	struct rec x = {1, 1};
	const char *old = getenv("TMPDIR");
	char *keep = old ? strdup(old) : NULL;
	int i;

	assert_non_null(s);
	setenv("TMPDIR", "/nonexistent/auditkit-test", 1);
	for (i = 0; i < 4; i++)
		assert_true(ak_runsort_add(s, &x)); /* still in memory */
	assert_false(ak_runsort_add(s, &x));
	assert_int_equal(ak_runsort_error(s), ENOENT);
	assert_false(ak_runsort_add(s, &x)); /* the failure stays */
	assert_int_equal(ak_runsort_next(s, &x), -1);
	ak_runsort_free(s);
	if (keep)
		setenv("TMPDIR", keep, 1);
	else
		unsetenv("TMPDIR");
	free(keep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_memory),
		cmocka_unit_test(test_runs),
		cmocka_unit_test(test_no_tmpdir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
