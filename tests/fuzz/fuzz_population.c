/* fuzz_population.c: populations (pop_open, pop_next) from a file. The
 * first byte picks CSV, JSON or JSON Lines and which optional columns
 * (stratum, value, kept, filters) are asked for. */
#include "fuzz.h"

#include "sample/population.h"

static const enum pop_format formats[] = {POP_CSV, POP_JSON, POP_JSONL};
static const char *const keep[] = {"site", "description"};
static const struct pop_where where[] = {{"department", "IT", true}, {"site", "Berlin", false}};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned k = fuzz_pick(&data, &size, 24);
	struct pop_opts o = {0};
	struct pop_reader *r = NULL;
	struct pop_row row;
	bool got = true;
	long rows = 0;

	o.path = fuzz_file("population", data, size);
	o.format = formats[k % 3];
	o.id_column = "id";
	if (k & 4) {
		o.strata_column = "department";
		o.value_column = "amount";
	}
	if (k & 8) {
		o.keep = keep;
		o.nkeep = 2;
	}
	if (k >= 16) {
		o.where = where;
		o.nwhere = 1 + (k & 1);
		o.rewindable = true;
	}
	if (pop_open(&o, &r) == AK_OK) {
		while (rows < 100000 && pop_next(r, &row, &got) == AK_OK && got)
			rows++;
		if (o.rewindable && got == false && pop_rewind(r) == AK_OK)
			while (pop_next(r, &row, &got) == AK_OK && got)
				;
		(void)pop_sha256(r);
		(void)pop_count(r);
	}
	pop_close(r);
	return 0;
}
