/* fuzz_scored.c: scored interviews (scored_parse) from memory. */
#include "fuzz.h"

#include "findings/scored.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err = AK_OK;
	struct scored *s = scored_parse("x.scored.json", (const char *)data, size, &d, &err);

	scored_free(s);
	ak_diags_release(&d);
	return 0;
}
