/* runsort.h: sorting more fixed-size records than should be held in
 * memory at once, in bounded memory.
 *
 * Records are added one at a time into a run of at most `run` records;
 * a full run is sorted and written to one temporary file in $TMPDIR (else
 * /tmp), unlinked as soon as it is made, so nothing is left behind by a
 * crash or a signal. Reading them back merges the runs. While everything
 * fits in one run no file is made and it is an ordinary in-memory sort.
 * Memory: the run, then during the merge about 1 MiB of read buffers,
 * whatever the number of records.
 *
 * The order is cmp's, so records that compare equal come back in an
 * unspecified order: give cmp a tie-breaker (a line number) to make the
 * order total. */
#ifndef AK_RUNSORT_H
#define AK_RUNSORT_H

#include <stdbool.h>
#include <stddef.h>

struct ak_runsort;

/* A sorter of records of size bytes, run records a run (0: a default of
 * 32,768). A new sorter, or NULL when out of memory. */
struct ak_runsort *ak_runsort_new(size_t size, size_t run,
                                  int (*cmp)(const void *a, const void *b));
void ak_runsort_free(struct ak_runsort *s);

/* Add a copy of the record rec. False when out of memory or the temporary
 * file could not be made or written: ak_runsort_error() says which. */
bool ak_runsort_add(struct ak_runsort *s, const void *rec);

/* After the last add: the next record in order copied to rec; 1, 0 at
 * the end, -1 on an error (ak_runsort_error()). The first call sorts the
 * last run; no add may follow it. */
int ak_runsort_next(struct ak_runsort *s, void *rec);

/* After a failure: 0 when out of memory, else the errno of the temporary
 * file's failure. */
int ak_runsort_error(const struct ak_runsort *s);
/* The number of runs written to the temporary file (0: all in memory). */
size_t ak_runsort_nruns(const struct ak_runsort *s);

#endif
