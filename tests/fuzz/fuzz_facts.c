/* fuzz_facts.c: facts files (facts_parse) from memory. */
#include "fuzz.h"

#include "evidence/facts.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err = AK_OK;
	struct facts *f = facts_parse("facts.json", (const char *)data, size, &d, &err);

	if (f) {
		size_t i;
		for (i = 0; i < facts_nrisks(f); i++)
			(void)facts_risk(f, i);
		(void)facts_isms_owner(f);
		(void)facts_missing(f);
	}
	facts_free(f);
	ak_diags_release(&d);
	return 0;
}
