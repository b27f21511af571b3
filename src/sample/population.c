/* population.c: streaming population reader (see population.h).
 *
 * Every byte is read through a stdio cookie stream that also feeds SHA-256,
 * so a 400 MB file is read once for both. For a regular file a second thread
 * reads and hashes ahead in 1 MiB chunks while this one parses: SHA-256 is
 * most of the cost of a simple random draw, and the machines we run on have
 * two cores. Pipes and terminals are hashed inline instead, because a thread
 * blocked in read() on them could not be stopped when parsing fails early. */
#define _GNU_SOURCE /* fopencookie */
#include "sample/population.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/csv.h"
#include "core/msg.h"
#include "core/textin.h"
#include "core/util.h"

/* Columns asked for, in this order: id, stratum, value, keep..., where... */
enum { COL_ID, COL_STRATUM, COL_VALUE, COL_KEEP };

#define AHEAD_BUFS 4
#define AHEAD_CHUNK (1u << 20)

/* The read-ahead thread's ring: the producer fills buf[head % N], the
 * consumer (the cookie's read) empties buf[tail % N]. len < 0 is an error
 * (errno in err), 0 the end of the input. */
struct ahead {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	char *buf[AHEAD_BUFS];
	ssize_t len[AHEAD_BUFS];
	int err[AHEAD_BUFS];
	size_t head, tail, pos;
	bool stop, running;
	int fd;
	struct ak_sha256 *h;
};

/* Ids seen on the first pass, to refuse one given twice: a 64-bit hash of
 * the id in an open-addressed table, and beside it its line (or item).
 * Bounded: past DUP_MAX rows the rest is not checked, and a warning says
 * so, so that a population of millions is still read in a few MiB
 * (docs/benchmarks.md). The table is allocated once at its full size
 * (DUP_SLOTS, at most half full): the kernel gives untouched pages for
 * nothing, where doubling and rehashing had touched 64 MiB, each page a
 * fault, for 500,000 ids (three times the time of drawing from a million
 * rows), and the hash and the line in two arrays take 12 bytes a slot. */
#define DUP_MAX 500000u
#define DUP_SLOTS (1u << 20)

struct pop_reader {
	const struct pop_opts *o;
	uint64_t *dup_h;     /* DUP_SLOTS hashes, 0 empty */
	uint32_t *dup_line;  /* the line (or item) of each */
	size_t ndup;
	bool dup_full;
	const char *label; /* for "FILE:LINE: message" */
	char *qlabel;      /* for sentences: 'path' or standard input */
	enum pop_format fmt;
	int fd;
	bool own_fd, rewindable;
	int pass;     /* 1 or 2 */
	bool done;    /* the current pass reached the end */
	FILE *fp;     /* cookie stream over fd */
	bool regular; /* fd is a regular file: read ahead in a thread */
	struct ahead *ahead;
	struct ak_sha256 *h;
	char sha[AK_SHA256_HEX], first_sha[AK_SHA256_HEX];

	size_t ncols;        /* 3 + nkeep + nwhere */
	const char **name;   /* column names asked for (NULL: not asked) */
	long *idx;           /* CSV: field index of each, -1 absent */
	const char **val;    /* this row's value of each (NULL absent) */
	struct ak_buf *conv; /* JSON: text of non-string scalars */

	struct csv_reader *csv;
	size_t header_n;
	char *line; /* JSON Lines */
	size_t linecap;
	long lineno;
	json_t *root; /* JSON */
	size_t jpos;

	long row, count;
};

/* ---- the hashing stream ------------------------------------------------ */

static ssize_t read_fd(int fd, char *buf, size_t size)
{
	ssize_t n;

	do
		n = read(fd, buf, size);
	while (n < 0 && errno == EINTR);
	return n;
}

/* The read-ahead thread: fill free buffers from fd and hash them in order,
 * until the end of the input, an error, or stop. */
static void *ahead_main(void *arg)
{
	struct ahead *a = arg;

	for (;;) {
		size_t slot;
		ssize_t n;
		int e = 0;

		pthread_mutex_lock(&a->mu);
		while (a->head - a->tail == AHEAD_BUFS && !a->stop)
			pthread_cond_wait(&a->cv, &a->mu);
		if (a->stop) {
			pthread_mutex_unlock(&a->mu);
			break;
		}
		slot = a->head % AHEAD_BUFS;
		pthread_mutex_unlock(&a->mu);
		n = read_fd(a->fd, a->buf[slot], AHEAD_CHUNK);
		if (n < 0)
			e = errno;
		else if (n > 0 && !ak_sha256_update(a->h, a->buf[slot], (size_t)n)) {
			n = -1;
			e = ENOMEM;
		}
		pthread_mutex_lock(&a->mu);
		a->len[slot] = n;
		a->err[slot] = e;
		a->head++;
		pthread_cond_broadcast(&a->cv);
		pthread_mutex_unlock(&a->mu);
		if (n <= 0)
			break;
	}
	return NULL;
}

/* The consumer side: copy up to size bytes of the oldest full buffer; 0 at
 * the end, -1 with errno on a read error. */
static ssize_t ahead_read(struct ahead *a, char *out, size_t size)
{
	size_t slot, n;
	ssize_t len;

	pthread_mutex_lock(&a->mu);
	while (a->tail == a->head)
		pthread_cond_wait(&a->cv, &a->mu);
	slot = a->tail % AHEAD_BUFS;
	len = a->len[slot];
	pthread_mutex_unlock(&a->mu);
	if (len <= 0) { /* stays at the end (or error) for later reads */
		if (len < 0)
			errno = a->err[slot];
		return len;
	}
	n = (size_t)len - a->pos;
	if (n > size)
		n = size;
	memcpy(out, a->buf[slot] + a->pos, n);
	a->pos += n;
	if (a->pos == (size_t)len) {
		a->pos = 0;
		pthread_mutex_lock(&a->mu);
		a->tail++;
		pthread_cond_broadcast(&a->cv);
		pthread_mutex_unlock(&a->mu);
	}
	return (ssize_t)n;
}

/* Stop and join the thread; the hash is then the caller's alone. */
static void ahead_free(struct ahead *a)
{
	size_t i;

	if (!a)
		return;
	if (a->running) {
		pthread_mutex_lock(&a->mu);
		a->stop = true;
		pthread_cond_broadcast(&a->cv);
		pthread_mutex_unlock(&a->mu);
		pthread_join(a->thread, NULL);
		pthread_mutex_destroy(&a->mu);
		pthread_cond_destroy(&a->cv);
	}
	for (i = 0; i < AHEAD_BUFS; i++)
		free(a->buf[i]);
	free(a);
}

/* Start a read-ahead thread on fd feeding h (borrowed until ahead_free);
 * NULL when memory or a thread cannot be had: the caller reads inline. */
static struct ahead *ahead_new(int fd, struct ak_sha256 *h)
{
	struct ahead *a = calloc(1, sizeof *a);
	size_t i;

	if (!a)
		return NULL;
	a->fd = fd;
	a->h = h;
	for (i = 0; i < AHEAD_BUFS; i++)
		if (!(a->buf[i] = malloc(AHEAD_CHUNK)))
			goto fail;
	if (pthread_mutex_init(&a->mu, NULL) != 0)
		goto fail;
	if (pthread_cond_init(&a->cv, NULL) != 0) {
		pthread_mutex_destroy(&a->mu);
		goto fail;
	}
	if (pthread_create(&a->thread, NULL, ahead_main, a) != 0) {
		pthread_cond_destroy(&a->cv);
		pthread_mutex_destroy(&a->mu);
		goto fail;
	}
	a->running = true;
	return a;
fail:
	ahead_free(a);
	return NULL;
}

/* The cookie stream's read: from the read-ahead ring, or from fd hashing
 * inline. */
static ssize_t hash_read(void *cookie, char *buf, size_t size)
{
	struct pop_reader *r = cookie;
	ssize_t n;

	if (r->ahead)
		return ahead_read(r->ahead, buf, size);
	n = read_fd(r->fd, buf, size);
	if (n > 0 && r->h && !ak_sha256_update(r->h, buf, (size_t)n)) {
		errno = ENOMEM;
		return -1;
	}
	return n;
}

/* A fresh hash and cookie stream over r->fd for one pass. */
static ak_err open_stream(struct pop_reader *r)
{
	cookie_io_functions_t io = {hash_read, NULL, NULL, NULL};

	r->h = ak_sha256_new();
	if (!r->h)
		return AK_ERR_NOMEM;
	/* Without a thread (none could be started) the inline path does. */
	if (r->regular)
		r->ahead = ahead_new(r->fd, r->h);
	r->fp = fopencookie(r, "rb", io);
	if (!r->fp)
		return AK_ERR_NOMEM;
	/* Large reads go straight through; a big buffer keeps calls few. */
	setvbuf(r->fp, NULL, _IOFBF, 1u << 16);
	return AK_OK;
}

/* Undo open_stream and the parsers of a pass; safe to call twice. */
static void close_stream(struct pop_reader *r)
{
	if (r->fp)
		fclose(r->fp);
	r->fp = NULL;
	ahead_free(r->ahead);
	r->ahead = NULL;
	ak_sha256_free(r->h);
	r->h = NULL;
	csv_close(r->csv);
	r->csv = NULL;
	json_decref(r->root);
	r->root = NULL;
	r->jpos = 0;
	r->lineno = 0;
}

/* Copy standard input (or a pipe) to an unlinked temporary file so that it
 * can be read twice. */
static ak_err spool(struct pop_reader *r)
{
	FILE *tmp = tmpfile();
	char buf[1 << 16];
	ssize_t n;
	int fd;

	if (!tmp) {
		ak_error("cannot create a temporary copy of %s: %s", r->qlabel, strerror(errno));
		return AK_ERR_INPUT;
	}
	fd = dup(fileno(tmp));
	fclose(tmp);
	if (fd < 0)
		return AK_ERR_INPUT;
	for (;;) {
		n = read(r->fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ak_error("cannot read %s: %s", r->qlabel, strerror(errno));
			close(fd);
			return AK_ERR_INPUT;
		}
		if (n == 0)
			break;
		if (write(fd, buf, (size_t)n) != n) {
			ak_error("cannot write a temporary copy of %s: %s", r->qlabel,
			         strerror(errno));
			close(fd);
			return AK_ERR_INPUT;
		}
	}
	if (r->own_fd)
		close(r->fd);
	r->fd = fd;
	r->own_fd = true;
	if (lseek(fd, 0, SEEK_SET) != 0)
		return AK_ERR_INPUT;
	return AK_OK;
}

/* ---- columns ------------------------------------------------------------ */

static bool required(const struct pop_reader *r, size_t c)
{
	return c < COL_KEEP || c >= COL_KEEP + r->o->nkeep;
}

/* Header names match exactly, else ignoring ASCII case and surrounding
 * spaces, so "ID" and " id " find "id". */
static bool name_matches(const char *have, size_t len, const char *want)
{
	size_t wl = strlen(want);

	while (len && (*have == ' ' || *have == '\t')) {
		have++;
		len--;
	}
	while (len && (have[len - 1] == ' ' || have[len - 1] == '\t'))
		len--;
	return len == wl && strncasecmp(have, want, wl) == 0;
}

/* Read the header and find each column asked for; a missing required
 * column is reported with the header's names. */
static ak_err csv_header(struct pop_reader *r)
{
	struct csv_record rec;
	struct ak_buf list = AK_BUF_INIT;
	size_t c, i;
	int rc = csv_read(r->csv, &rec);
	ak_err err = AK_OK;

	if (rc < 0) {
		/* FF FE or FE FF opening the header: Windows "Unicode text" */
		if (csv_errline(r->csv) == 1 &&
		    (strstr(csv_errmsg(r->csv), "at byte 1 of the line (0xFF)") ||
		     strstr(csv_errmsg(r->csv), "at byte 1 of the line (0xFE)")))
			ak_diag_print(r->label, 1, 0, "UTF-16: save the population as UTF-8 (CSV UTF-8)");
		else
			ak_diag_print(r->label, (int)csv_errline(r->csv), 0, "%s", csv_errmsg(r->csv));
		return AK_ERR_DATA;
	}
	if (rc == 0) {
		ak_diag_print(r->label, 0, 0, "empty file: expected a header line");
		return AK_ERR_DATA;
	}
	r->header_n = rec.n;
	for (c = 0; c < r->ncols; c++) {
		r->idx[c] = -1;
		if (!r->name[c])
			continue;
		for (i = 0; i < rec.n && r->idx[c] < 0; i++)
			if (strcmp(rec.field[i], r->name[c]) == 0)
				r->idx[c] = (long)i;
		for (i = 0; i < rec.n && r->idx[c] < 0; i++)
			if (name_matches(rec.field[i], rec.len[i], r->name[c]))
				r->idx[c] = (long)i;
		if (r->idx[c] < 0 && required(r, c) && err == AK_OK) {
			for (i = 0; i < rec.n && i < 20; i++)
				ak_buf_printf(&list, "%s'%s'", i ? ", " : "", rec.field[i]);
			if (rec.n > 20)
				ak_buf_adds(&list, ", ...");
			ak_diag_print(r->label, (int)rec.line, 0,
			              "no column '%s' in the header (it has %s)", r->name[c],
			              ak_buf_str(&list));
			err = AK_ERR_DATA;
		}
	}
	ak_buf_release(&list);
	return err;
}

/* ---- passes ----------------------------------------------------------- */

/* Begin a pass: the stream, then the header (CSV) or the whole array (JSON). */
static ak_err start_pass(struct pop_reader *r)
{
	ak_err err;

	r->row = r->count = 0;
	r->done = false;
	err = open_stream(r);
	if (err)
		return err;
	if (r->fmt == POP_CSV) {
		r->csv = csv_open(r->fp, NULL);
		if (!r->csv)
			return AK_ERR_NOMEM;
		return csv_header(r);
	}
	if (r->fmt == POP_JSON) {
		struct ak_buf b = AK_BUF_INIT;
		char chunk[1 << 16];
		size_t n;
		json_error_t je;

		while ((n = fread(chunk, 1, sizeof chunk, r->fp)) > 0)
			ak_buf_add(&b, chunk, n);
		if (ferror(r->fp) || ak_buf_failed(&b)) {
			ak_buf_release(&b);
			ak_error("cannot read %s: %s", r->qlabel, strerror(errno));
			return AK_ERR_INPUT;
		}
		{
			/* a UTF-8 byte-order mark is not part of the JSON */
			size_t skip = ak_bom_of(ak_buf_str(&b), b.len) == AK_BOM_UTF8 ? 3 : 0;
			r->root = json_loadb(ak_buf_str(&b) + skip, b.len - skip, JSON_REJECT_DUPLICATES, &je);
		}
		ak_buf_release(&b);
		if (!r->root) {
			ak_diag_print(r->label, je.line, je.column, "%s", je.text);
			return AK_ERR_DATA;
		}
		if (!json_is_array(r->root)) {
			ak_diag_print(r->label, 1, 0, "expected an array of objects, one per row");
			return AK_ERR_DATA;
		}
	}
	return AK_OK;
}

/* The input is exhausted: finish the digest, keep it after the first pass,
 * compare it after the second. */
static ak_err end_pass(struct pop_reader *r)
{
	char sha[AK_SHA256_HEX];
	struct ak_sha256 *h;

	r->done = true;
	/* Drain what a parser left unread so the digest covers every byte. */
	if (r->fp) {
		char chunk[4096];
		while (fread(chunk, 1, sizeof chunk, r->fp) > 0)
			;
		if (ferror(r->fp)) {
			ak_error("cannot read %s: %s", r->qlabel, strerror(errno));
			return AK_ERR_INPUT;
		}
	}
	ahead_free(r->ahead); /* the thread has seen the end: joins at once */
	r->ahead = NULL;
	h = r->h;
	r->h = NULL;
	if (!ak_sha256_final(h, sha))
		return AK_ERR_NOMEM;
	if (r->pass == 1) {
		memcpy(r->first_sha, sha, sizeof sha);
		memcpy(r->sha, sha, sizeof sha);
	} else if (strcmp(sha, r->first_sha) != 0) {
		ak_error("%s changed while it was being read; draw the sample again", r->qlabel);
		return AK_ERR_INPUT;
	}
	return AK_OK;
}

/* The text of a JSON scalar, or NULL for null, objects and arrays. Numbers
 * are written with 15 significant digits, so 1234.56 reads as "1234.56". */
static const char *json_text(struct pop_reader *r, size_t c, json_t *v)
{
	struct ak_buf *b = &r->conv[c];

	ak_buf_reset(b);
	switch (json_typeof(v)) {
	case JSON_STRING:
		return json_string_value(v);
	case JSON_INTEGER:
		ak_buf_printf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		ak_buf_printf(b, "%.15g", json_real_value(v));
		break;
	case JSON_TRUE:
		ak_buf_adds(b, "true");
		break;
	case JSON_FALSE:
		ak_buf_adds(b, "false");
		break;
	default:
		return NULL;
	}
	return ak_buf_str(b);
}

static json_t *json_field(json_t *obj, const char *name)
{
	const char *key;
	json_t *v = json_object_get(obj, name);

	if (v)
		return v;
	json_object_foreach(obj, key, v) if (name_matches(key, strlen(key), name)) return v;
	return NULL;
}

/* Fill r->val from a JSON object; reports a missing required field. */
static ak_err json_row(struct pop_reader *r, json_t *obj, long line)
{
	size_t c;

	if (!json_is_object(obj)) {
		if (line)
			ak_diag_print(r->label, (int)line, 0, "expected an object");
		else
			ak_diag_print(r->label, 0, 0, "item %ld: expected an object", r->row);
		return AK_ERR_DATA;
	}
	for (c = 0; c < r->ncols; c++) {
		json_t *v;
		r->val[c] = NULL;
		if (!r->name[c])
			continue;
		v = json_field(obj, r->name[c]);
		if (v)
			r->val[c] = json_text(r, c, v);
		if (!r->val[c] && c < COL_KEEP) {
			if (line)
				ak_diag_print(r->label, (int)line, 0, "no '%s' field", r->name[c]);
			else
				ak_diag_print(r->label, 0, 0, "item %ld: no '%s' field", r->row,
				              r->name[c]);
			return AK_ERR_DATA;
		}
	}
	return AK_OK;
}

/* Read the next record into r->val; *got false at the end. */
static ak_err read_record(struct pop_reader *r, long *line, bool *got)
{
	size_t c;

	*got = false;
	if (r->fmt == POP_CSV) {
		struct csv_record rec;
		int rc = csv_read(r->csv, &rec);
		if (rc < 0) {
			ak_diag_print(r->label, (int)csv_errline(r->csv), 0, "%s",
			              csv_errmsg(r->csv));
			return AK_ERR_DATA;
		}
		if (rc == 0)
			return AK_OK;
		r->row++;
		if (rec.n != r->header_n) {
			ak_diag_print(r->label, (int)rec.line, 0,
			              "row has %zu field%s, the header has %zu", rec.n,
			              rec.n == 1 ? "" : "s", r->header_n);
			return AK_ERR_DATA;
		}
		for (c = 0; c < r->ncols; c++)
			r->val[c] = r->idx[c] >= 0 ? rec.field[r->idx[c]] : NULL;
		*line = rec.line;
		*got = true;
		return AK_OK;
	}
	if (r->fmt == POP_JSON) {
		ak_err err;
		if (r->jpos >= json_array_size(r->root))
			return AK_OK;
		r->row++;
		err = json_row(r, json_array_get(r->root, r->jpos++), 0);
		if (err)
			return err;
		*line = 0;
		*got = true;
		return AK_OK;
	}
	/* JSON Lines: one object per line; blank lines are skipped. */
	for (;;) {
		ssize_t n;
		json_error_t je;
		json_t *obj;
		ak_err err;

		errno = 0;
		n = getline(&r->line, &r->linecap, r->fp);
		if (n < 0) {
			if (ferror(r->fp)) {
				ak_error("cannot read %s: %s", r->qlabel, strerror(errno));
				return AK_ERR_INPUT;
			}
			return AK_OK;
		}
		r->lineno++;
		while (n > 0 && (r->line[n - 1] == '\n' || r->line[n - 1] == '\r' ||
		                 r->line[n - 1] == ' ' || r->line[n - 1] == '\t'))
			r->line[--n] = '\0';
		if (r->lineno == 1 && n >= 3 && ak_bom_of(r->line, (size_t)n) == AK_BOM_UTF8) {
			memmove(r->line, r->line + 3, (size_t)n - 2);
			n -= 3;
		}
		if (n == 0)
			continue;
		obj = json_loadb(r->line, (size_t)n, JSON_REJECT_DUPLICATES, &je);
		if (!obj) {
			ak_diag_print(r->label, (int)r->lineno, je.column, "%s", je.text);
			return AK_ERR_DATA;
		}
		r->row++;
		json_decref(r->root); /* the previous line's object */
		r->root = obj;
		err = json_row(r, obj, r->lineno);
		if (err)
			return err;
		*line = r->lineno;
		*got = true;
		return AK_OK;
	}
}

/* Whether the current record meets every --where. */
static bool passes_filters(const struct pop_reader *r)
{
	size_t i, base = COL_KEEP + r->o->nkeep;

	for (i = 0; i < r->o->nwhere; i++) {
		const char *v = r->val[base + i];
		bool eq = v && strcmp(v, r->o->where[i].value) == 0;
		if (eq == r->o->where[i].negate)
			return false;
	}
	return true;
}

static uint64_t id_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a, then a final mix */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h ? h : 1;
}

/* Record id (on line, or item row when line is 0); an error naming both
 * places if it was seen before. */
static ak_err dup_check(struct pop_reader *r, const char *id, long line, long row)
{
	const size_t mask = DUP_SLOTS - 1;
	uint64_t h = id_hash(id);
	size_t i;
	long here = line ? line : row;

	if (r->dup_full)
		return AK_OK;
	if (r->ndup >= DUP_MAX || here > (long)UINT32_MAX) {
		r->dup_full = true;
		ak_warn("%s: ids were checked for duplicates in the first %zu rows only", r->qlabel,
			r->ndup);
		return AK_OK;
	}
	if (!r->dup_h) {
		r->dup_h = calloc(DUP_SLOTS, sizeof *r->dup_h);
		r->dup_line = malloc(DUP_SLOTS * sizeof *r->dup_line);
		if (!r->dup_h || !r->dup_line)
			return AK_ERR_NOMEM;
	}
	for (i = h & mask; r->dup_h[i]; i = (i + 1) & mask)
		if (r->dup_h[i] == h) {
			if (line)
				ak_diag_print(r->label, (int)line, 0,
					      "id '%s' is given twice, on lines %ld and %ld: which row is "
					      "the item cannot be told",
					      id, (long)r->dup_line[i], line);
			else
				ak_diag_print(r->label, 0, 0,
					      "id '%s' is given twice, items %ld and %ld: which row is the "
					      "item cannot be told",
					      id, (long)r->dup_line[i], row);
			return AK_ERR_DATA;
		}
	r->dup_h[i] = h;
	r->dup_line[i] = (uint32_t)here;
	r->ndup++;
	return AK_OK;
}

ak_err pop_next(struct pop_reader *r, struct pop_row *row, bool *got)
{
	long line = 0;
	ak_err err;

	*got = false;
	if (r->done)
		return AK_OK;
	for (;;) {
		err = read_record(r, &line, got);
		if (err)
			return err;
		if (!*got)
			return end_pass(r);
		if (!passes_filters(r))
			continue;
		if (!r->val[COL_ID] || !*r->val[COL_ID]) {
			if (line)
				ak_diag_print(r->label, (int)line, 0, "empty id in column '%s'",
				              r->o->id_column);
			else
				ak_diag_print(r->label, 0, 0, "item %ld: empty id in '%s'", r->row,
				              r->o->id_column);
			return AK_ERR_DATA;
		}
		r->count++;
		if (r->pass == 1 && (err = dup_check(r, r->val[COL_ID], line, r->row)))
			return err;
		row->row = r->row;
		row->line = line;
		row->id = r->val[COL_ID];
		row->stratum = r->val[COL_STRATUM];
		row->value = r->val[COL_VALUE];
		row->keep = r->val + COL_KEEP;
		return AK_OK;
	}
}

/* ---- opening and closing ------------------------------------------------ */

bool pop_parse_format(const char *s, enum pop_format *f)
{
	if (ak_streq(s, "csv"))
		*f = POP_CSV;
	else if (ak_streq(s, "json"))
		*f = POP_JSON;
	else if (ak_streq(s, "jsonl") || ak_streq(s, "ndjson"))
		*f = POP_JSONL;
	else
		return false;
	return true;
}

const char *pop_format_name(enum pop_format f)
{
	switch (f) {
	case POP_JSON:
		return "json";
	case POP_JSONL:
		return "jsonl";
	default:
		return "csv";
	}
}

static enum pop_format guess_format(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot && (strcasecmp(dot, ".jsonl") == 0 || strcasecmp(dot, ".ndjson") == 0))
		return POP_JSONL;
	if (dot && strcasecmp(dot, ".json") == 0)
		return POP_JSON;
	return POP_CSV;
}

ak_err pop_open(const struct pop_opts *o, struct pop_reader **out)
{
	struct pop_reader *r = NULL;
	struct stat st;
	ak_err err = AK_OK;
	size_t i;

	*out = NULL;
	r = calloc(1, sizeof *r);
	if (!r)
		return AK_ERR_NOMEM;
	r->o = o;
	r->fd = -1;
	r->pass = 1;
	r->rewindable = o->rewindable;
	r->fmt = o->format == POP_AUTO ? guess_format(o->path) : o->format;
	r->ncols = COL_KEEP + o->nkeep + o->nwhere;
	r->name = calloc(r->ncols, sizeof *r->name);
	r->idx = calloc(r->ncols, sizeof *r->idx);
	r->val = calloc(r->ncols, sizeof *r->val);
	r->conv = calloc(r->ncols, sizeof *r->conv);
	if (!r->name || !r->idx || !r->val || !r->conv) {
		err = AK_ERR_NOMEM;
		goto out;
	}
	r->name[COL_ID] = o->id_column;
	r->name[COL_STRATUM] = o->strata_column;
	r->name[COL_VALUE] = o->value_column;
	for (i = 0; i < o->nkeep; i++)
		r->name[COL_KEEP + i] = o->keep[i];
	for (i = 0; i < o->nwhere; i++)
		r->name[COL_KEEP + o->nkeep + i] = o->where[i].column;

	if (strcmp(o->path, "-") == 0) {
		r->label = "standard input";
		r->qlabel = ak_strdup("standard input");
		r->fd = STDIN_FILENO;
	} else {
		r->label = o->path;
		r->qlabel = ak_asprintf("'%s'", o->path);
		r->fd = open(o->path, O_RDONLY | O_CLOEXEC);
		if (r->fd < 0) {
			ak_error("cannot open '%s': %s", o->path, strerror(errno));
			err = AK_ERR_INPUT;
			goto out;
		}
		r->own_fd = true;
		if (fstat(r->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
			ak_error("cannot read '%s': Is a directory", o->path);
			err = AK_ERR_INPUT;
			goto out;
		}
	}
	if (!r->qlabel) {
		err = AK_ERR_NOMEM;
		goto out;
	}
	r->regular = fstat(r->fd, &st) == 0 && S_ISREG(st.st_mode);
	if (r->rewindable && !r->regular) {
		err = spool(r);
		if (err)
			goto out;
		r->regular = true;
	}
	err = start_pass(r);
out:
	if (err) {
		pop_close(r);
		return err;
	}
	*out = r;
	return AK_OK;
}

ak_err pop_rewind(struct pop_reader *r)
{
	if (!r->rewindable || !r->done)
		return AK_ERR_INTERNAL;
	close_stream(r);
	if (lseek(r->fd, 0, SEEK_SET) != 0) {
		ak_error("cannot read %s again: %s", r->qlabel, strerror(errno));
		return AK_ERR_INPUT;
	}
	r->pass = 2;
	return start_pass(r);
}

const char *pop_sha256(const struct pop_reader *r)
{
	return r->sha;
}
long pop_count(const struct pop_reader *r)
{
	return r->count;
}
enum pop_format pop_format(const struct pop_reader *r)
{
	return r->fmt;
}
const char *pop_label(const struct pop_reader *r)
{
	return r->label;
}
const char *pop_qlabel(const struct pop_reader *r)
{
	return r->qlabel;
}

void pop_close(struct pop_reader *r)
{
	size_t i;

	if (!r)
		return;
	close_stream(r);
	if (r->own_fd && r->fd >= 0)
		close(r->fd);
	free(r->line);
	free(r->qlabel);
	if (r->conv)
		for (i = 0; i < r->ncols; i++)
			ak_buf_release(&r->conv[i]);
	free(r->conv);
	free(r->name);
	free(r->idx);
	free(r->val);
	free(r->dup_h);
	free(r->dup_line);
	free(r);
}
