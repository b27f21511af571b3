/* fuzz_bank.c: question banks (bank_load) from a file, with their includes,
 * placeholders, field checks and pattern compilation. */
#include "fuzz.h"

#include "interview/bank.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err = AK_OK;
	const char *path = fuzz_file("bank.json", data, size);
	struct bank *b = bank_load(path, &d, &err);
	size_t i;

	if (b) {
		/* walk what the rest of auditkit reads */
		for (i = 0; i < bank_nclauses(b); i++) {
			const char *c = bank_clause(b, i);
			(void)bank_clause_title(b, c);
			(void)bank_clause_items(b, c);
			(void)bank_clause_rank(b, c);
		}
		for (i = 0; i < bank_nquestions(b); i++)
			(void)bank_find(b, bank_question(b, i)->id);
		(void)bank_jit(b);
	}
	bank_free(b);
	ak_diags_release(&d);
	return 0;
}
