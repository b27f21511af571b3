/* test_context.c: the assertion rules (rules/assertions-en.json) and the
 * engine that applies them (score/context.c).
 *
 * Every rule row carries a sentence in which it must fire and one in which
 * it must not: each is checked here, so a rule added without them, or one
 * that a later rule silently shadows, fails. Then the cases the engine
 * exists for, as people say them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>

#include "score/context.h"

struct fx {
	struct ctx_rules *r;
	struct ctx_matcher *m;
};

static int setup(void **state)
{
	struct ak_diags d = AK_DIAGS_INIT;
	const char *src = getenv("AK_SRCDIR");
	char path[512];
	struct fx *f = calloc(1, sizeof *f);
	ak_err err;

	snprintf(path, sizeof path, "%s/rules/assertions-en.json", src ? src : ".");
	f->r = ctx_rules_load(path, &d, &err);
	ak_diags_print(&d);
	ak_diags_release(&d);
	if (!f->r)
		return -1;
	f->m = ctx_matcher_new(f->r);
	*state = f;
	return f->m ? 0 : -1;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	ctx_matcher_free(f->m);
	ctx_rules_free(f->r);
	free(f);
	return 0;
}

static void every_rule_fires_and_not(void **state)
{
	struct fx *f = *state;
	size_t i, bad = 0;
	char why[512];

	assert_true(ctx_rules_count(f->r) >= 40);
	for (i = 0; i < ctx_rules_count(f->r); i++)
		if (!ctx_rule_selftest(f->m, i, why, sizeof why)) {
			print_message("rule: %s\n", why);
			bad++;
		}
	assert_int_equal(bad, 0);
}

/* The categories covering the word w in s (self: names of the interviewee). */
static unsigned cats_at(struct fx *f, const char *s, const char *w)
{
	struct ctx_result r = {NULL, 0, 0, 0};
	const char *p = strstr(s, w);
	unsigned c;

	assert_non_null(p);
	assert_true(ctx_apply(f->m, s, strlen(s), NULL, 0, &r));
	c = ctx_covering(&r, (size_t)(p - s), (size_t)(p - s) + strlen(w), NULL);
	ctx_result_release(&r);
	return c;
}

static unsigned cats_of(struct fx *f, const char *s, const char *self)
{
	struct ctx_result r = {NULL, 0, 0, 0};
	const char *const names[] = {self};
	unsigned c;

	assert_true(ctx_apply(f->m, s, strlen(s), names, self ? 1 : 0, &r));
	c = r.cats;
	ctx_result_release(&r);
	return c;
}

static void conditionals_are_not_confessions(void **state)
{
	struct fx *f = *state;
	const char *s = "If I don't talk about it nobody else will take it seriously.";

	assert_true(cats_at(f, s, "seriously") & CTX_HYPOTHETICAL);
	assert_true(cats_at(f, "If the board stopped asking, the figures would slip.", "figures") &
		    CTX_HYPOTHETICAL);
	assert_false(cats_at(f, "I talk about it at the town hall every month.", "town hall") &
		     CTX_HYPOTHETICAL);
}

static void double_negatives_are_positive(void **state)
{
	struct fx *f = *state;

	assert_false(cats_at(f, "We never skip the monthly security briefing.", "briefing") & CTX_NEGATED);
	assert_false(cats_at(f, "Not a month goes by without a security item at the exec.", "security") &
		     CTX_NEGATED);
	assert_false(cats_at(f, "Not a month goes by when we don't look at the phishing figures.", "phishing") &
		     CTX_NEGATED);
	assert_false(cats_at(f, "I wouldn't say we lack budget.", "budget") & CTX_NEGATED);
	assert_false(cats_at(f, "Nobody gets a login without it.", "login") & CTX_NEGATED);
	assert_false(cats_at(f, "It's not only IT, it's every manager.", "manager") & CTX_NEGATED);
	/* and the plain negatives still are */
	assert_true(cats_at(f, "We never had a security briefing.", "briefing") & CTX_NEGATED);
	assert_true(cats_at(f, "I wouldn't know what the budget is.", "budget") & CTX_NEGATED);
}

static void negated_lists(void **state)
{
	struct fx *f = *state;
	const char *s = "She did not speak about the old controllers, the dosing or the customer data.";

	assert_true(cats_at(f, s, "controllers") & CTX_NEGATED);
	assert_true(cats_at(f, s, "dosing") & CTX_NEGATED);
	assert_true(cats_at(f, s, "customer data") & CTX_NEGATED);
}

static void scopes_end_at_but(void **state)
{
	struct fx *f = *state;
	const char *s = "He could not say the version but named the three top risks.";

	assert_true(cats_at(f, s, "version") & CTX_NEGATED);
	assert_false(cats_at(f, s, "risks") & CTX_NEGATED);
}

/* A colon right after a trigger opens what it governs; a colon further on
 * is a label and what is said of it, and ends the scope. */
static void colons(void **state)
{
	struct fx *f = *state;

	assert_true(cats_at(f, "From the card: policy v3.2, approved in April.", "v3.2") & CTX_PROMPTED);
	assert_true(cats_at(f, "Named the top risks only when prompted: ransomware, fraud.", "fraud") &
		    CTX_PROMPTED);
	assert_true(cats_at(f, "Named ransomware when prompted, and then the others: fraud, floods.",
			    "ransomware") & CTX_PROMPTED);
	assert_false(cats_at(f, "Named ransomware when prompted, and then the others: fraud, floods.",
			     "fraud") & CTX_PROMPTED);
	assert_false(cats_at(f, "He could not say the version of the plan: risks he knew.", "risks") &
		     CTX_NEGATED);
}

static void delegation_as_people_say_it(void **state)
{
	struct fx *f = *state;
	static const char *const yes[] = {
		"Security is really David's area, to be honest.",
		"David would know.",
		"Said IT handle all of that.",
		"Honestly the IT lot deal with all that, Tom and his team.",
		"That's really Tom's department, he'd give you a much better answer than me.",
		"I leave that to the consultants.",
		"Not my side of the house.",
		"It's a head office thing.",
		"You'd have to check with Priya.",
		"That's handled by IT.",
		"I don't go to those, Tom covers it.",
	};
	static const char *const no[] = {
		"The CISO reports to me; the day-to-day is his.",
		"That's my area, I chair the security committee.",
		"I asked Tom for the list of admins and went through it myself.",
		"We would know within the hour, the SOC calls me.",
		"It's not only IT's job, every manager owns their risks.",
	};
	size_t i;

	for (i = 0; i < sizeof yes / sizeof *yes; i++) {
		if (!(cats_of(f, yes[i], "Maria") & CTX_DELEGATION))
			print_message("not a delegation: %s\n", yes[i]);
		assert_true(cats_of(f, yes[i], "Maria") & CTX_DELEGATION);
	}
	for (i = 0; i < sizeof no / sizeof *no; i++) {
		if (cats_of(f, no[i], "Maria") & CTX_DELEGATION)
			print_message("a delegation: %s\n", no[i]);
		assert_false(cats_of(f, no[i], "Maria") & CTX_DELEGATION);
	}
	/* a hand-off to the interviewee by name is no hand-off */
	assert_false(cats_of(f, "That's Maria's area.", "Maria") & CTX_DELEGATION);
	assert_true(cats_of(f, "That's Maria's area.", "Tom") & CTX_DELEGATION);
}

static void hedges_and_intentions(void **state)
{
	struct fx *f = *state;

	assert_true(cats_at(f, "The policy was approved sometime last year.", "approved") & CTX_HEDGED);
	assert_true(cats_at(f, "Version 3.2, I think.", "3.2") & CTX_HEDGED);
	assert_true(cats_at(f, "We will start phishing tests next year.", "phishing") & CTX_INTENDED);
	assert_false(cats_at(f, "We started phishing tests in March.", "phishing") & (CTX_INTENDED | CTX_HEDGED));
}

static void bad_rules_files(void **state)
{
	static const char *const bad[] = {
		"{}",
		"{\"format\": \"auditkit-assertions/1\", \"rules\": [{\"id\": \"a\", \"literal\": \"not\", \"category\": \"negated\", \"fires\": \"x\"}]}",
		"{\"format\": \"auditkit-assertions/1\", \"rules\": [{\"id\": \"a\", \"literal\": \"not\", \"pattern\": \"no\", \"category\": \"negated\", \"fires\": \"x\", \"not\": \"y\"}]}",
		"{\"format\": \"auditkit-assertions/1\", \"rules\": [{\"id\": \"a\", \"pattern\": \"(\", \"category\": \"negated\", \"fires\": \"x\", \"not\": \"y\"}]}",
		"{\"format\": \"auditkit-assertions/1\", \"rules\": [{\"id\": \"a\", \"literal\": \"no\", \"category\": \"sad\", \"fires\": \"x\", \"not\": \"y\"}]}",
		"{\"format\": \"auditkit-assertions/1\", \"rules\": [{\"id\": \"a\", \"literal\": \"no\", \"category\": \"negated\", \"fires\": \"x\", \"not\": \"y\"}, {\"id\": \"a\", \"literal\": \"nay\", \"category\": \"negated\", \"fires\": \"x\", \"not\": \"y\"}]}",
		"{\"format\": \"auditkit-assertions/1\", \"rules\": [{\"id\": \"a\", \"literal\": \"no\", \"category\": \"pseudo\", \"direction\": \"forward\", \"fires\": \"x\", \"not\": \"y\"}]}",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct ak_diags d = AK_DIAGS_INIT;
		ak_err err;
		struct ctx_rules *r = ctx_rules_parse("a.json", bad[i], strlen(bad[i]), &d, &err);
		assert_null(r);
		assert_int_equal(err, AK_ERR_DATA);
		assert_true(d.n > 0);
		ak_diags_release(&d);
	}
}

/* The scan tries a rule only where the first two bytes of the text may start
 * it. It must find exactly what trying every rule at every place finds: the
 * same triggers, scopes and actors, on every sentence of the phrase bank, on
 * every line of the bundled and evaluation notes, and on each of them upper
 * cased and with curly apostrophes (bytes the pair table does not hold). */
static size_t scan_mismatches(struct fx *f, const char *s, size_t len)
{
	const char *const self[] = {"Maria Keller"};
	struct ctx_result a = {NULL, 0, 0, 0}, b = {NULL, 0, 0, 0};
	size_t i, bad = 0;

	ctx_matcher_every_place(f->m, false);
	assert_true(ctx_apply(f->m, s, len, self, 1, &a));
	ctx_matcher_every_place(f->m, true);
	assert_true(ctx_apply(f->m, s, len, self, 1, &b));
	ctx_matcher_every_place(f->m, false);
	if (a.n != b.n || a.cats != b.cats)
		bad = 1;
	for (i = 0; !bad && i < a.n; i++) {
		const struct ctx_trigger *x = &a.v[i], *y = &b.v[i];
		if (x->rule != y->rule || x->off != y->off || x->len != y->len ||
		    x->scope_off != y->scope_off || x->scope_end != y->scope_end ||
		    x->actor_off != y->actor_off || x->actor_len != y->actor_len)
			bad = 1;
	}
	if (bad)
		print_message("scan differs (%zu vs %zu triggers): %.*s\n", a.n, b.n, (int)len, s);
	ctx_result_release(&a);
	ctx_result_release(&b);
	return bad;
}

/* Every line of the file at path, as written, upper cased, and with each
 * apostrophe curly; *lines counts them. */
static size_t scan_file(struct fx *f, const char *path, size_t *lines)
{
	FILE *fp = fopen(path, "r");
	char line[8192], alt[3 * sizeof line];
	size_t bad = 0;

	assert_non_null(fp);
	while (fgets(line, sizeof line, fp)) {
		size_t n = strcspn(line, "\r\n"), i, k = 0;
		bad += scan_mismatches(f, line, n);
		for (i = 0; i < n; i++)
			alt[i] = (char)((line[i] >= 'a' && line[i] <= 'z') ? line[i] - 32 : line[i]);
		bad += scan_mismatches(f, alt, n);
		for (i = 0; i < n; i++) {
			if (line[i] == '\'') {
				memcpy(alt + k, "\xe2\x80\x99", 3);
				k += 3;
			} else
				alt[k++] = line[i];
		}
		bad += scan_mismatches(f, alt, k);
		(*lines)++;
	}
	fclose(fp);
	return bad;
}

static size_t scan_dir(struct fx *f, const char *dir, size_t *lines, size_t *files)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[1024];
	size_t bad = 0;

	assert_non_null(d);
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		bad += scan_file(f, path, lines);
		(*files)++;
	}
	closedir(d);
	return bad;
}

static void the_scan_finds_what_every_place_finds(void **state)
{
	struct fx *f = *state;
	const char *src = getenv("AK_SRCDIR");
	char path[512];
	size_t bad = 0, lines = 0, files = 0;

	if (!src)
		src = ".";
	snprintf(path, sizeof path, "%s/tests/phrases/phrases-en.tsv", src);
	bad += scan_file(f, path, &lines);
	snprintf(path, sizeof path, "%s/samples/notes", src);
	bad += scan_dir(f, path, &lines, &files);
	snprintf(path, sizeof path, "%s/tests/eval/notes", src);
	bad += scan_dir(f, path, &lines, &files);
	assert_true(files >= 40);
	assert_true(lines >= 2000);
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_rule_fires_and_not),
		cmocka_unit_test(conditionals_are_not_confessions),
		cmocka_unit_test(double_negatives_are_positive),
		cmocka_unit_test(negated_lists),
		cmocka_unit_test(scopes_end_at_but),
		cmocka_unit_test(colons),
		cmocka_unit_test(delegation_as_people_say_it),
		cmocka_unit_test(hedges_and_intentions),
		cmocka_unit_test(bad_rules_files),
		cmocka_unit_test(the_scan_finds_what_every_place_finds),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
