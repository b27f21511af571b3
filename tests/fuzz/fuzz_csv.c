/* fuzz_csv.c: the streaming CSV reader (csv_open, csv_read) over memory.
 * The first byte picks the delimiter (or detection) and a small or the
 * default record limit. */
#include "fuzz.h"

#include "core/csv.h"

static const char delims[] = {0, ',', ';', '\t'};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned k = fuzz_pick(&data, &size, 8);
	struct csv_opts o = {delims[k % 4], k >= 4 ? 64 : 0};
	struct csv_record rec;
	struct csv_reader *r;
	FILE *fp;
	int rc;

	if (size == 0)
		return 0; /* fmemopen refuses an empty buffer */
	fp = fmemopen((void *)data, size, "rb");
	if (!fp)
		return 0;
	r = csv_open(fp, &o);
	if (r) {
		while ((rc = csv_read(r, &rec)) == 1) {
			size_t i;
			for (i = 0; i < rec.n; i++)
				if (rec.field[i][rec.len[i]] != '\0')
					abort(); /* every field is NUL-terminated */
		}
		if (rc < 0)
			(void)csv_errmsg(r), (void)csv_errline(r);
		(void)csv_delim(r);
		(void)csv_offset(r);
		csv_close(r);
	}
	fclose(fp);
	return 0;
}
