/* runsort.c: an external merge sort of fixed-size records (runsort.h). */
#include "core/runsort.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "core/util.h"

#define RUN_DEFAULT 32768
#define MERGE_BUDGET (1u << 20) /* bytes of read buffers for all runs together */

/* One sorted run in the temporary file, read back a buffer at a time. */
struct run {
	off_t off;        /* of the next record not yet in the buffer */
	size_t left;      /* records not yet in the buffer */
	unsigned char *b; /* records [pos, have) of the buffer are unread */
	size_t have, pos;
};

struct ak_runsort {
	size_t size, run;
	int (*cmp)(const void *, const void *);
	unsigned char *buf; /* the run being filled; after the merge starts, NULL */
	size_t n;
	int fd;    /* the temporary file, -1 until the first run is written */
	off_t end; /* bytes written to it */
	struct run *runs;
	size_t nruns, capruns;
	size_t *heap; /* run indices, the run with the least head record first */
	size_t nheap;
	size_t per; /* records per read buffer */
	size_t pos; /* in-memory: the next record of buf */
	bool reading, failed;
	int err;
};

struct ak_runsort *ak_runsort_new(size_t size, size_t run, int (*cmp)(const void *, const void *))
{
	struct ak_runsort *s;

	if (!size)
		return NULL;
	s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->size = size;
	s->run = run ? run : RUN_DEFAULT;
	s->cmp = cmp;
	s->fd = -1;
	return s;
}

void ak_runsort_free(struct ak_runsort *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nruns; i++)
		free(s->runs[i].b);
	free(s->runs);
	free(s->heap);
	free(s->buf);
	if (s->fd >= 0)
		close(s->fd);
	free(s);
}

int ak_runsort_error(const struct ak_runsort *s)
{
	return s->err;
}

size_t ak_runsort_nruns(const struct ak_runsort *s)
{
	return s->nruns;
}

static bool fail(struct ak_runsort *s, int err)
{
	s->failed = true;
	s->err = err;
	return false;
}

/* The temporary file, made in $TMPDIR and unlinked at once: only the
 * descriptor holds it. */
static bool open_file(struct ak_runsort *s)
{
	const char *td = getenv("TMPDIR");
	char *path = ak_asprintf("%s/auditkit-sort-XXXXXX", td && *td ? td : "/tmp");
	int e;

	if (!path)
		return fail(s, 0);
	s->fd = ak_mkstemp_tmp(path);
	e = errno;
	if (s->fd >= 0) {
		unlink(path);
		ak_tmp_unregister(path);
	}
	free(path);
	return s->fd >= 0 || fail(s, e == ENOMEM ? 0 : e);
}

/* Sort the run in buf and append it to the file. */
static bool write_run(struct ak_runsort *s)
{
	const unsigned char *p = s->buf;
	size_t len = s->n * s->size;
	struct run *r;

	if (s->fd < 0 && !open_file(s))
		return false;
	if (!ak_grow(&s->runs, &s->capruns, s->nruns + 1, sizeof *s->runs))
		return fail(s, 0);
	qsort(s->buf, s->n, s->size, s->cmp);
	r = &s->runs[s->nruns];
	memset(r, 0, sizeof *r);
	r->off = s->end;
	r->left = s->n;
	while (len) {
		ssize_t k = write(s->fd, p, len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return fail(s, k < 0 ? errno : EIO);
		p += k;
		len -= (size_t)k;
		s->end += k;
	}
	s->nruns++;
	s->n = 0;
	return true;
}

bool ak_runsort_add(struct ak_runsort *s, const void *rec)
{
	if (s->failed || s->reading)
		return s->failed ? false : fail(s, EINVAL);
	if (!s->buf && !(s->buf = malloc(s->run * s->size)))
		return fail(s, 0);
	if (s->n == s->run && !write_run(s))
		return false;
	memcpy(s->buf + s->n * s->size, rec, s->size);
	s->n++;
	return true;
}

/* ---- the merge ---------------------------------------------------------- */

/* Refill run i's buffer; false on a read error (a short file is EIO). */
static bool refill(struct ak_runsort *s, struct run *r)
{
	size_t want = r->left < s->per ? r->left : s->per, len = want * s->size, got = 0;

	while (got < len) {
		ssize_t k = pread(s->fd, r->b + got, len - got, r->off + (off_t)got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return fail(s, k < 0 ? errno : EIO);
		got += (size_t)k;
	}
	r->off += (off_t)len;
	r->left -= want;
	r->have = want;
	r->pos = 0;
	return true;
}

static const void *head(const struct ak_runsort *s, size_t i)
{
	const struct run *r = &s->runs[s->heap[i]];

	return r->b + r->pos * s->size;
}

static void sift_down(struct ak_runsort *s, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i, t;
		if (l < s->nheap && s->cmp(head(s, l), head(s, m)) < 0)
			m = l;
		if (l + 1 < s->nheap && s->cmp(head(s, l + 1), head(s, m)) < 0)
			m = l + 1;
		if (m == i)
			return;
		t = s->heap[i];
		s->heap[i] = s->heap[m];
		s->heap[m] = t;
		i = m;
	}
}

/* The last run to the file, the run buffer freed, every run's first
 * records read and the heap made. */
static bool start_merge(struct ak_runsort *s)
{
	size_t i;

	if (s->n && !write_run(s))
		return false;
	free(s->buf);
	s->buf = NULL;
	s->per = MERGE_BUDGET / (s->nruns * s->size);
	if (s->per < 16)
		s->per = 16;
	if (s->per > s->run)
		s->per = s->run;
	if (!(s->heap = malloc(s->nruns * sizeof *s->heap)))
		return fail(s, 0);
	for (i = 0; i < s->nruns; i++) {
		struct run *r = &s->runs[i];
		if (!(r->b = malloc(s->per * s->size)))
			return fail(s, 0);
		if (!refill(s, r))
			return false;
		if (r->have)
			s->heap[s->nheap++] = i;
	}
	for (i = s->nheap / 2; i-- > 0;)
		sift_down(s, i);
	return true;
}

int ak_runsort_next(struct ak_runsort *s, void *rec)
{
	struct run *r;

	if (s->failed)
		return -1;
	if (!s->reading) {
		s->reading = true;
		if (!s->nruns) {
			if (s->n > 1)
				qsort(s->buf, s->n, s->size, s->cmp);
		} else if (!start_merge(s)) {
			return -1;
		}
	}
	if (!s->nruns) {
		if (s->pos == s->n)
			return 0;
		memcpy(rec, s->buf + s->pos++ * s->size, s->size);
		return 1;
	}
	if (!s->nheap)
		return 0;
	r = &s->runs[s->heap[0]];
	memcpy(rec, r->b + r->pos * s->size, s->size);
	if (++r->pos == r->have) {
		if (r->left) {
			if (!refill(s, r))
				return -1;
		} else {
			s->heap[0] = s->heap[--s->nheap];
		}
	}
	if (s->nheap)
		sift_down(s, 0);
	return 1;
}
