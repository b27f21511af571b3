/* fuzz_scored.c: scored interviews (scored_parse) from memory; what reads
 * is then graded with the default rules, so the grader meets every shape
 * of statement references, folds and merges the reader lets through. */
#include "fuzz.h"

#include "findings/grade.h"
#include "findings/rules.h"
#include "findings/scored.h"

static struct rules *rules;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct ak_diags d = AK_DIAGS_INIT;
	const char *src = getenv("AK_SRCDIR");
	char path[512];
	ak_err err;

	fuzz_quiet();
	snprintf(path, sizeof path, "%s/rules/default.json", src ? src : FUZZ_SRCDIR);
	rules = rules_load(path, &d, &err);
	ak_diags_release(&d);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err = AK_OK;
	struct scored *s = scored_parse("x.scored.json", (const char *)data, size, &d, &err);

	if (s && rules) {
		static const struct grade_member top[] = {{"Maria Keller", "ceo"}, {"Sofia Lindqvist", "coo"}};
		struct grader *g = grade_new();
		bool skipped;
		if (g) {
			grade_set_top(g, top, 2);
			if (grade_add(g, s, &skipped) == AK_OK)
				grade_run(g, rules, NULL, 0, &d);
			grade_free(g);
		}
	}
	scored_free(s);
	ak_diags_release(&d);
	return 0;
}
