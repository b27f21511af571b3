/* fuzz_rules.c: grading rules (rules_parse) from memory, then a match. */
#include "fuzz.h"

#include "findings/rules.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err = AK_OK;
	struct rules *r = rules_parse("rules.json", (const char *)data, size, &d, &err);

	if (r) {
		static const char *const flags[] = {"no policy"};
		struct rules_subject s = {0};
		size_t i;
		s.clause = "5.1";
		s.item = "a";
		s.best = 0;
		s.top = 3;
		s.failed = 1;
		s.chief = true;
		s.statements = 2;
		s.interviewees = 2;
		s.red_flags = flags;
		s.nred_flags = 1;
		s.minors = 3;
		(void)rules_match(r, &s, false);
		(void)rules_match(r, &s, true);
		for (i = 0; i < rules_count(r); i++)
			(void)rule_why(rules_at(r, i));
	}
	rules_free(r);
	ak_diags_release(&d);
	return 0;
}
