/* test_csv_portable.c: the same tests on the reader's portable scanner
 * (eight bytes at a time), which machines without SSE2 use. The reader is
 * compiled into this program, so the library's copy is not linked. */
#define AK_CSV_PORTABLE 1
#include "core/csv.c"

#include "test_csv.c"
