/* fuzz_dates.c: dates in answers (dates_find, relative to an interview
 * date) and ISO dates (date_parse_iso). */
#include "fuzz.h"

#include "core/dates.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct ak_date ref = {2026, 11, 18, DATE_DAY};
	struct date_hit hits[16];
	struct ak_date d;
	char *s = fuzz_cstr(data, size);
	size_t n, i;

	n = dates_find(s, size, &ref, hits, 16); /* the count found: may pass 16 */
	for (i = 0; i < n && i < 16; i++) {
		char out[32];
		if (hits[i].off > size || hits[i].len > size - hits[i].off)
			abort(); /* a hit must lie inside the text */
		(void)date_agrees(&hits[i].date, &ref);
		(void)date_months_between(&hits[i].date, &ref);
		date_format(&hits[i].date, out, sizeof out);
	}
	if (date_parse_iso(s, &d)) {
		char out[32];
		date_format(&d, out, sizeof out);
	}
	free(s);
	return 0;
}
