/* csv.c: streaming RFC 4180 reader.
 *
 * Hand-written rather than taken from a library because Debian ships no
 * well-kept C CSV reader that streams, tracks line numbers and detects the
 * European semicolon; it is small, and fuzzed (tests/fuzz).
 *
 * Each record is read in one pass over its bytes. For sixteen bytes at a
 * time (SSE2, which every x86-64 has; elsewhere a byte at a time into the
 * same mask) a bitmask marks the bytes that matter: outside quotes the
 * delimiter, a quote or LF, inside quotes a quote or LF. The pass notes
 * where each field starts and ends, as offsets, and writes nothing; only
 * when the whole record is in the buffer are its fields cut in place (a NUL
 * where each ends, doubled quotes undone over their own bytes, which never
 * makes a field longer). So a record that runs past the bytes read so far
 * is simply read again from its start after the refill: once for a record
 * cut by a refill, and for one longer than the buffer a few times over a
 * buffer that doubles each time, at most about twice its length in all.
 * The same pass gathers the bytes' high bits, so that the UTF-8 check runs
 * only on records that are not plain ASCII. */
#include "core/csv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

#if defined(__SSE2__) && !defined(AK_CSV_PORTABLE)
#include <emmintrin.h>
#define CSV_SSE2 1
#endif

#define CHUNK (1u << 20)
/* Zero bytes kept after the data, so the scanner may load a whole vector
 * at any position before the end without reading uninitialised memory. */
#define PAD 32

struct csv_reader {
	FILE *fp;
	char delim;
	size_t max_record;
	char *buf;
	size_t cap, pos, end; /* unread bytes are buf[pos, end) */
	bool eof, started;
	long line;            /* line of buf[pos] */
	unsigned long long consumed;
	char **field;
	size_t *len;
	size_t *off;          /* while scanning: each field's start, from pos */
	unsigned char *esc;   /* while scanning: the field holds "" to undo */
	size_t fcap;
	char errmsg[200];
	long errline;
};

struct csv_reader *csv_open(FILE *fp, const struct csv_opts *opts)
{
	struct csv_reader *r = calloc(1, sizeof *r);

	if (!r)
		return NULL;
	r->fp = fp;
	r->delim = opts ? opts->delim : 0;
	r->max_record = opts && opts->max_record ? opts->max_record : 64u << 20;
	r->line = 1;
	return r;
}

void csv_close(struct csv_reader *r)
{
	if (!r)
		return;
	free(r->buf);
	free(r->field);
	free(r->len);
	free(r->off);
	free(r->esc);
	free(r);
}

const char *csv_errmsg(const struct csv_reader *r) { return r->errmsg; }
long csv_errline(const struct csv_reader *r) { return r->errline; }
char csv_delim(const struct csv_reader *r) { return r->delim ? r->delim : ','; }
unsigned long long csv_offset(const struct csv_reader *r) { return r->consumed; }

static int fail(struct csv_reader *r, long line, const char *msg)
{
	snprintf(r->errmsg, sizeof r->errmsg, "%s", msg);
	r->errline = line;
	return -1;
}

/* Make more input available after buf[end]; moves unread bytes to the front.
 * Returns 1 if bytes were added, 0 at end of input, -1 on error. */
static int refill(struct csv_reader *r)
{
	size_t n;

	if (r->eof)
		return 0;
	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->end - r->pos);
		r->end -= r->pos;
		r->pos = 0;
	}
	if (r->cap - r->end < CHUNK / 2) {
		size_t ncap = r->cap ? r->cap * 2 : CHUNK;
		char *p;
		if (r->end > r->max_record + 2)
			return fail(r, r->line, "record is longer than the limit");
		p = realloc(r->buf, ncap + PAD);
		if (!p)
			return fail(r, r->line, "out of memory");
		r->buf = p;
		r->cap = ncap;
	}
	n = fread(r->buf + r->end, 1, r->cap - r->end, r->fp);
	r->end += n;
	memset(r->buf + r->end, 0, PAD);
	if (n == 0) {
		if (ferror(r->fp))
			return fail(r, r->line, "read error");
		r->eof = true;
		return 0;
	}
	return 1;
}

/* ---- the scanner ---------------------------------------------------------
 * match16 gives a bit for each of the 16 bytes at p that is a, b or c; it
 * may read up to PAD bytes past the data (zeros, which match none of them).
 * *hi gathers the bytes' high bits, a superset of the record's, which is
 * enough to say that a record is pure ASCII. */

#ifdef CSV_SSE2
static inline unsigned match16(const char *p, char a, char b, char c, unsigned *hi)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(a)),
	                                      _mm_cmpeq_epi8(v, _mm_set1_epi8(b))),
	                         _mm_cmpeq_epi8(v, _mm_set1_epi8(c)));
	*hi |= (unsigned)_mm_movemask_epi8(v);
	return (unsigned)_mm_movemask_epi8(m);
}
#else
static inline unsigned match16(const char *p, char a, char b, char c, unsigned *hi)
{
	unsigned m = 0, k;

	for (k = 0; k < 16; k++) {
		m |= (unsigned)(p[k] == a || p[k] == b || p[k] == c) << k;
		*hi |= (unsigned char)p[k] & 0x80u;
	}
	return m;
}
#endif

/* The first p in [p, e) that is a, b or c, or e. */
static inline const char *scan3(const char *p, const char *e, char a, char b, char c,
                                unsigned *hi)
{
	for (; p < e; p += 16) {
		unsigned bits = match16(p, a, b, c, hi);
		if (bits) {
			p += __builtin_ctz(bits);
			return p < e ? p : e;
		}
	}
	return e;
}

/* ---- fields --------------------------------------------------------------- */

static bool grow_fields(struct csv_reader *r, size_t need)
{
	size_t n = r->fcap ? r->fcap * 2 : 16;
	char **f;
	size_t *l, *o;
	unsigned char *q;

	while (n < need)
		n *= 2;
	if (!(f = realloc(r->field, n * sizeof *f)))
		return false;
	r->field = f;
	if (!(l = realloc(r->len, n * sizeof *l)))
		return false;
	r->len = l;
	if (!(o = realloc(r->off, n * sizeof *o)))
		return false;
	r->off = o;
	if (!(q = realloc(r->esc, n)))
		return false;
	r->esc = q;
	r->fcap = n;
	return true;
}

/* Choose the delimiter from the first record: whichever of , ; TAB occurs
 * most often outside quotes (comma on a tie). */
static char detect_delim(const char *p, size_t n)
{
	size_t comma = 0, semi = 0, tab = 0, i;
	bool q = false;

	for (i = 0; i < n; i++) {
		if (p[i] == '"')
			q = !q;
		else if (!q && p[i] == ',')
			comma++;
		else if (!q && p[i] == ';')
			semi++;
		else if (!q && p[i] == '\t')
			tab++;
	}
	if (semi > comma && semi >= tab)
		return ';';
	if (tab > comma && tab > semi)
		return '\t';
	return ',';
}

/* Before the first record is read with a delimiter to detect: find the end
 * of that record a byte at a time (it is one line, or a few), and choose. */
static int detect(struct csv_reader *r)
{
	for (;;) {
		const char *s = r->buf + r->pos, *e = r->buf + r->end, *p;
		bool q = false;
		int got;

		for (p = s; p < e; p++) {
			if (*p == '"')
				q = !q;
			else if (*p == '\n' && !q)
				break;
		}
		if (p < e || r->eof) {
			r->delim = detect_delim(s, (size_t)(p - s));
			return 0;
		}
		if ((size_t)(e - s) > r->max_record)
			return fail(r, r->line, "record is longer than the limit");
		if ((got = refill(r)) < 0)
			return -1;
	}
}

/* Why a record is not valid UTF-8, with its line and byte in that line. */
static int fail_utf8(struct csv_reader *r, const char *s, size_t n, long line)
{
	size_t bad = ak_utf8_check(s, n);
	const char *p0 = s, *q;

	if (bad >= n)
		return 0;
	for (q = s; q < s + bad; q++)
		if (*q == '\n')
			line++, p0 = q + 1;
	snprintf(r->errmsg, sizeof r->errmsg,
	         "not valid UTF-8 at byte %zu of the line (0x%02X); save the file as UTF-8",
	         (size_t)(s + bad - p0) + 1, (unsigned char)s[bad]);
	r->errline = line;
	return -1;
}

/* The outcome of one scan of the record at buf[pos]. */
enum { SCAN_OK, SCAN_MORE, SCAN_FAIL };

/* Scan the record at buf[pos] once: each field's start (r->off, from pos)
 * and length (r->len, before "" is undone), and r->esc for fields with ""
 * in them. *rlen is the record's length up to its LF (a CR before it
 * included) or the end of the input, *next the
 * bytes to its next record, *lines the LFs inside quoted fields. SCAN_MORE
 * when the record runs past the bytes in hand (nothing is changed). */
static int scan_record(struct csv_reader *r, size_t *nf_out, size_t *rlen, size_t *next,
                       long *lines, unsigned *hi)
{
	const char *s = r->buf + r->pos, *e = r->buf + r->end, *p = s;
	const char d = r->delim;
	size_t nf = 0;
	long nl = 0;

	for (;;) {
		const char *q;
		size_t start;
		bool esc = false;

		if (nf >= r->fcap && !grow_fields(r, nf + 1)) {
			fail(r, r->line + nl, "out of memory");
			return SCAN_FAIL;
		}
		if (p < e && *p == '"') {
			long qline = r->line + nl;
			start = (size_t)(p + 1 - s);
			for (q = p + 1;; q++) {
				q = scan3(q, e, '"', '\n', '"', hi);
				if (q >= e) {
					if (!r->eof)
						return SCAN_MORE;
					fail(r, qline, "quoted field is not closed before the end of the file");
					return SCAN_FAIL;
				}
				if (*q == '\n') {
					nl++;
					continue;
				}
				/* A quote that is the last byte in hand is taken as the
				 * closing one for now; the record then runs past e and is
				 * read again with the byte after it. */
				if (q + 1 < e && q[1] == '"') {
					esc = true;
					q++;
					continue;
				}
				break;
			}
			r->off[nf] = start;
			r->len[nf] = (size_t)(q - s) - start;
			r->esc[nf] = esc;
			nf++;
			p = q + 1;
			if (p < e && *p == '\r') { /* CR LF, or a CR that ends the file */
				if (p + 1 >= e && !r->eof)
					return SCAN_MORE;
				if (p + 1 >= e || p[1] == '\n')
					p++;
			}
			if (p >= e) {
				if (!r->eof)
					return SCAN_MORE;
				*rlen = (size_t)(p - s);
				*next = *rlen;
				break;
			}
			if (*p == '\n') {
				*rlen = (size_t)(p - s);
				*next = *rlen + 1;
				break;
			}
			if (*p != d) {
				fail(r, r->line + nl, "unexpected character after a closing quote");
				return SCAN_FAIL;
			}
			p++;
			continue;
		}
		/* Unquoted fields, as many as the bits of each 16 bytes show,
		 * until a quote, the record's end or the end of the bytes in hand. */
		{
			const char *base = p, *f = p;
			for (;; base += 16) {
				unsigned bits = base < e ? match16(base, d, '"', '\n', hi) : 0;
				while (bits) {
					q = base + __builtin_ctz(bits);
					bits &= bits - 1;
					if (q >= e)
						break;
					if (*q == d) {
						if (nf + 1 >= r->fcap && !grow_fields(r, nf + 2)) {
							fail(r, r->line + nl, "out of memory");
							return SCAN_FAIL;
						}
						r->off[nf] = (size_t)(f - s);
						r->len[nf] = (size_t)(q - f);
						r->esc[nf] = 0;
						nf++;
						f = q + 1;
						continue;
					}
					if (*q == '"') {
						if (q == f)
							goto quoted; /* the next field is quoted */
						snprintf(r->errmsg, sizeof r->errmsg,
						         "field %zu has a quote but does not start with one; "
						         "quote the whole field and double the quotes in it "
						         "(\"a \"\"b\"\" c\")",
						         nf + 1);
						r->errline = r->line + nl;
						return SCAN_FAIL;
					}
					/* LF: the record's end; a CR before it is the line end's */
					r->off[nf] = (size_t)(f - s);
					r->len[nf] = (size_t)(q - f) - (q > f && q[-1] == '\r');
					r->esc[nf] = 0;
					*rlen = (size_t)(q - s);
					*next = *rlen + 1;
					nf++;
					goto done;
				}
				if (base + 16 >= e)
					break;
			}
			if (!r->eof)
				return SCAN_MORE;
			r->off[nf] = (size_t)(f - s);
			r->len[nf] = (size_t)(e - f) - (e > f && e[-1] == '\r');
			r->esc[nf] = 0;
			*rlen = (size_t)(e - s);
			*next = *rlen;
			nf++;
			goto done;
		quoted:
			p = f;
		}
	}
done:
	*nf_out = nf;
	*lines = nl;
	return SCAN_OK;
}

int csv_read(struct csv_reader *r, struct csv_record *rec)
{
	for (;;) {
		size_t nf, rlen, next, i;
		long lines;
		unsigned hi = 0;
		char *s;
		int got = 0;

		if (!r->started) {
			/* Skip a UTF-8 byte-order mark, even one split across reads. */
			while (r->end - r->pos < 3 && (got = refill(r)) > 0)
				;
			if (got < 0)
				return -1;
			if (r->end - r->pos >= 3 && memcmp(r->buf + r->pos, "\xEF\xBB\xBF", 3) == 0) {
				r->pos += 3;
				r->consumed += 3;
			}
			r->started = true;
		}
		if (r->pos >= r->end) {
			got = refill(r);
			if (got <= 0)
				return got;
		}
		/* An empty line (LF, CR LF, or a CR at the very end) is skipped. */
		s = r->buf + r->pos;
		if (*s == '\n' || (*s == '\r' && r->pos + 1 < r->end && s[1] == '\n') ||
		    (*s == '\r' && r->pos + 1 == r->end && r->eof)) {
			size_t n = *s == '\n' ? 1 : r->pos + 1 < r->end ? 2 : 1;
			r->pos += n;
			r->consumed += n;
			r->line += s[n - 1] == '\n';
			continue;
		}
		if (*s == '\r' && r->pos + 1 == r->end) {
			if ((got = refill(r)) < 0)
				return -1;
			continue;
		}
		if (!r->delim && detect(r) < 0)
			return -1;
		switch (scan_record(r, &nf, &rlen, &next, &lines, &hi)) {
		case SCAN_FAIL:
			return -1;
		case SCAN_MORE:
			if ((size_t)(r->end - r->pos) > r->max_record)
				return fail(r, r->line, "record is longer than the limit");
			if ((got = refill(r)) < 0)
				return -1;
			continue;
		default:
			break;
		}
		s = r->buf + r->pos;
		rec->line = r->line;
		if (hi) {
			/* Fields go into JSON and workbooks, which hold only UTF-8:
			 * other bytes would be dropped there without a word. */
			size_t n = rlen;
			if (n && s[n - 1] == '\r')
				n--;
			if (fail_utf8(r, s, n, rec->line) < 0)
				return -1;
		}
		r->line += lines + (next > rlen);
		r->pos += next;
		r->consumed += next;
		for (i = 0; i < nf; i++) {
			char *f = s + r->off[i];
			size_t n = r->len[i];
			if (r->esc[i]) { /* undo each "" over the field's own bytes */
				char *w = f, *p = f, *end = f + n;
				while (p < end) {
					char *dq = memchr(p, '"', (size_t)(end - p));
					size_t k = (size_t)((dq ? dq + 1 : end) - p);
					memmove(w, p, k);
					w += k;
					p += k + (dq != NULL);
				}
				n = (size_t)(w - f);
			}
			f[n] = '\0';
			r->field[i] = f;
			r->len[i] = n;
		}
		rec->n = nf;
		rec->field = r->field;
		rec->len = r->len;
		return 1;
	}
}

/* ---- writer ------------------------------------------------------------- */

bool csv_write_field(FILE *fp, const char *s, size_t len, char delim)
{
	bool quote = len > 0 && (s[0] == ' ' || s[len - 1] == ' ');
	size_t i;

	for (i = 0; i < len && !quote; i++)
		if (s[i] == delim || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			quote = true;
	if (!quote)
		return fwrite(s, 1, len, fp) == len;
	if (fputc('"', fp) == EOF)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] == '"' && fputc('"', fp) == EOF)
			return false;
		if (fputc(s[i], fp) == EOF)
			return false;
	}
	return fputc('"', fp) != EOF;
}

bool csv_write_record(FILE *fp, const char *const *fields, size_t n, char delim)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *f = fields[i] ? fields[i] : "";
		if (i && fputc(delim, fp) == EOF)
			return false;
		if (!csv_write_field(fp, f, strlen(f), delim))
			return false;
	}
	return fputs("\r\n", fp) != EOF;
}
