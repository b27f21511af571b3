/* fuzz_sample_plan.c: sampling plans (sp_read) from a file, JSON or CSV;
 * a plan read is written back, as `auditkit findings` and `sample` do. */
#include "fuzz.h"

#include "sample/sample_plan.h"

static FILE *null;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	null = fopen("/dev/null", "w");
	if (!null)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sp_plan p;
	const char *path = fuzz_file("plan.json", data, size);

	sp_plan_init(&p);
	if (sp_read(path, &p) == AK_OK) {
		sp_plan_sort(&p);
		(void)sp_write_json(null, &p);
		(void)sp_write_csv(null, &p);
	}
	sp_plan_release(&p);
	return 0;
}
