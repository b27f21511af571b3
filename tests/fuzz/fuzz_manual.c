/* fuzz_manual.c: manual findings and overrides (manual_open, manual_scan,
 * manual_each) from a file, CSV or JSON as its first byte says. */
#include "fuzz.h"

#include "findings/manual.h"

static ak_err each(const struct grade_finding *f, void *ctx)
{
	(*(size_t *)ctx)++;
	return AK_OK;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ak_diags d = AK_DIAGS_INIT;
	struct manual *m = NULL;
	const char *path = fuzz_file("manual.csv", data, size);
	size_t n = 0, no;

	if (manual_open(path, &m) == AK_OK && manual_scan(m, &d) == AK_OK) {
		(void)manual_overrides(m, &no);
		if (manual_each(m, each, &n) == AK_OK && n != manual_nfindings(m))
			abort(); /* the second pass must see what the first counted */
	}
	manual_close(m);
	ak_diags_release(&d);
	return 0;
}
