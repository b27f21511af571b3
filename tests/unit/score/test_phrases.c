/* test_phrases.c: the assertion rules against a bank of sentences as people
 * say them (tests/phrases/phrases-en.tsv).
 *
 * The bank was written by someone who had not read the rules, the engine or
 * the evaluation interviews: each line is a category, a sentence and why.
 * Each category says what the engine must make of the sentence as a whole:
 *
 *   delegation       a hand-off, and nothing first-hand beside it
 *   oversight        no hand-off, or one with the speaker's own part beside it
 *   inability        a denial of knowing (or a hand-off: either is against)
 *   conditional      a condition, and no hand-off
 *   double_negative  no denial left standing
 *   negated_list     a denial
 *   hedged           hedged
 *   intended         an intention
 *   positive         no denial, condition, intention or hand-off
 *
 * A sentence the rules do not yet read right is listed, with the reason, in
 * tests/phrases/known-misses.tsv: it fails the test when it is not missed any
 * more (take it off the list), and so does a miss that is not listed. The
 * counts per category are printed either way: they are the rules' reach. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "score/context.h"

#define MAXLINE 4096

struct fx {
	struct ctx_rules *r;
	struct ctx_matcher *m;
	char **miss;  /* the known misses' sentences */
	size_t nmiss;
};

static void chomp(char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

static FILE *open_src(const char *rel)
{
	const char *src = getenv("AK_SRCDIR");
	char path[512];

	snprintf(path, sizeof path, "%s/%s", src ? src : ".", rel);
	return fopen(path, "r");
}

static int setup(void **state)
{
	struct ak_diags d = AK_DIAGS_INIT;
	const char *src = getenv("AK_SRCDIR");
	char path[512], line[MAXLINE];
	struct fx *f = calloc(1, sizeof *f);
	ak_err err;
	FILE *k;

	if (!f)
		return -1;
	snprintf(path, sizeof path, "%s/rules/assertions-en.json", src ? src : ".");
	f->r = ctx_rules_load(path, &d, &err);
	ak_diags_print(&d);
	ak_diags_release(&d);
	if (!f->r)
		return -1;
	f->m = ctx_matcher_new(f->r);
	*state = f;
	if (!f->m)
		return -1;
	/* known-misses.tsv: category, sentence, reason; '#' lines are comments */
	k = open_src("tests/phrases/known-misses.tsv");
	if (!k)
		return 0;
	while (fgets(line, sizeof line, k)) {
		char *a, *b, **v;
		chomp(line);
		if (!line[0] || line[0] == '#' || strncmp(line, "category\t", 9) == 0)
			continue;
		a = strchr(line, '\t');
		b = a ? strchr(a + 1, '\t') : NULL;
		if (!a || !b) {
			print_message("known-misses.tsv: a line without three columns: %s\n", line);
			fclose(k);
			return -1;
		}
		*b = '\0';
		v = realloc(f->miss, (f->nmiss + 1) * sizeof *f->miss);
		if (!v) {
			fclose(k);
			return -1;
		}
		f->miss = v;
		f->miss[f->nmiss] = strdup(a + 1);
		if (!f->miss[f->nmiss]) {
			fclose(k);
			return -1;
		}
		f->nmiss++;
	}
	fclose(k);
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	size_t i;

	for (i = 0; i < f->nmiss; i++)
		free(f->miss[i]);
	free(f->miss);
	ctx_matcher_free(f->m);
	ctx_rules_free(f->r);
	free(f);
	return 0;
}

static const char *const cats[] = {"delegation", "oversight", "inability", "conditional", "double_negative",
				   "negated_list", "hedged", "intended", "positive"};
#define NCAT (sizeof cats / sizeof *cats)

/* What the engine makes of s, against what category c asks. */
static bool reads_right(struct fx *f, size_t c, const char *s)
{
	struct ctx_result r = {NULL, 0, 0, 0};
	unsigned k;
	bool handoff, ok = false;

	assert_true(ctx_apply(f->m, s, strlen(s), NULL, 0, &r));
	k = r.cats;
	handoff = (k & CTX_DELEGATION) && !ctx_first_hand(f->m, s, strlen(s), &r);
	switch (c) {
	case 0: ok = handoff; break;
	case 1: ok = !handoff; break;
	case 2: ok = (k & (CTX_NEGATED | CTX_PROMPTED)) || handoff; break;
	case 3: ok = (k & CTX_HYPOTHETICAL) && !handoff; break;
	case 4: ok = !(k & CTX_NEGATED) && !handoff; break;
	case 5: ok = (k & CTX_NEGATED) != 0; break;
	case 6: ok = (k & CTX_HEDGED) != 0; break;
	case 7: ok = (k & CTX_INTENDED) != 0; break;
	case 8: ok = !(k & (CTX_NEGATED | CTX_HYPOTHETICAL | CTX_INTENDED | CTX_PROMPTED)) && !handoff; break;
	default: break;
	}
	ctx_result_release(&r);
	return ok;
}

static bool listed(const struct fx *f, const char *s)
{
	size_t i;

	for (i = 0; i < f->nmiss; i++)
		if (strcmp(f->miss[i], s) == 0)
			return true;
	return false;
}

static void the_bank_reads_as_written(void **state)
{
	struct fx *f = *state;
	char line[MAXLINE];
	size_t n[NCAT] = {0}, right[NCAT] = {0}, lineno = 0, total = 0, unlisted = 0, stale = 0, c;
	FILE *in = open_src("tests/phrases/phrases-en.tsv");

	assert_non_null(in);
	while (fgets(line, sizeof line, in)) {
		char *a, *b;
		bool ok;
		lineno++;
		chomp(line);
		if (lineno == 1 || !line[0])
			continue;
		a = strchr(line, '\t');
		b = a ? strchr(a + 1, '\t') : NULL;
		if (b)
			*b = '\0';
		assert_non_null(a);
		*a++ = '\0';
		for (c = 0; c < NCAT; c++)
			if (strcmp(line, cats[c]) == 0)
				break;
		if (c == NCAT) {
			print_message("phrases-en.tsv:%zu: unknown category '%s'\n", lineno, line);
			fail();
		}
		n[c]++;
		total++;
		ok = reads_right(f, c, a);
		if (ok)
			right[c]++;
		if (!ok && !listed(f, a)) {
			print_message("phrases-en.tsv:%zu: %s, not read so: %s\n", lineno, cats[c], a);
			unlisted++;
		} else if (ok && listed(f, a)) {
			print_message("phrases-en.tsv:%zu: now read right, take it off known-misses.tsv: %s\n",
				      lineno, a);
			stale++;
		}
	}
	fclose(in);
	for (c = 0; c < NCAT; c++)
		print_message("phrases: %-16s %3zu of %3zu read right\n", cats[c], right[c], n[c]);
	assert_true(total >= 200);
	assert_int_equal(unlisted, 0);
	assert_int_equal(stale, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(the_bank_reads_as_written, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
