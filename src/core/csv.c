/* csv.c: streaming RFC 4180 reader.
 *
 * Hand-written rather than taken from a library because Debian ships no
 * well-kept C CSV reader that streams, tracks line numbers and detects the
 * European semicolon; it is small, and fuzzed (tests/fuzz).
 *
 * Each record is found in two steps: first its end is located in the buffer
 * (refilling and growing as needed, tracking quote state), then its fields
 * are cut in place: quoted fields are unescaped over their own bytes, which
 * never makes them longer, and each field is NUL-terminated where its
 * delimiter was. Records without quotes take a memchr fast path. */
#include "core/csv.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

#define CHUNK (1u << 20)

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
	size_t fcap;
	char errmsg[160];
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
		p = realloc(r->buf, ncap + 1);
		if (!p)
			return fail(r, r->line, "out of memory");
		r->buf = p;
		r->cap = ncap;
	}
	n = fread(r->buf + r->end, 1, r->cap - r->end, r->fp);
	if (n == 0) {
		if (ferror(r->fp))
			return fail(r, r->line, "read error");
		r->eof = true;
		return 0;
	}
	r->end += n;
	return 1;
}

static bool add_field(struct csv_reader *r, size_t i, char *p, size_t n)
{
	if (i >= r->fcap) {
		size_t c1 = r->fcap, c2 = r->fcap;
		if (!ak_grow(&r->field, &c1, i + 1, sizeof *r->field) ||
		    !ak_grow(&r->len, &c2, i + 1, sizeof *r->len))
			return false;
		r->fcap = c1 < c2 ? c1 : c2;
	}
	r->field[i] = p;
	r->len[i] = n;
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

/* Find the end of the record at buf[pos]: the offset of its terminating LF
 * (or end) relative to pos, and whether it holds quotes and how many LFs.
 * Returns 1 found, 0 nothing left, -1 error. */
static int find_record(struct csv_reader *r, size_t *rlen, bool *quoted, long *nl)
{
	size_t scan = 0; /* bytes of the record already scanned */
	bool q = false;
	long lines = 0;

	*quoted = false;
	for (;;) {
		char *s = r->buf + r->pos, *e = r->buf + r->end;
		char *p = s + scan;

		if (!*quoted && !q) {
			char *lf = memchr(p, '\n', (size_t)(e - p));
			char *dq = memchr(p, '"', (size_t)((lf ? lf : e) - p));
			if (!dq && lf) {
				*rlen = (size_t)(lf - s);
				*nl = lines;
				return 1;
			}
			if (dq) {
				*quoted = true;
				p = dq;
			} else {
				p = e;
			}
		}
		for (; p < e; p++) {
			if (*p == '"')
				q = !q;
			else if (*p == '\n') {
				if (!q) {
					*rlen = (size_t)(p - s);
					*nl = lines;
					return 1;
				}
				lines++;
			}
		}
		scan = (size_t)(e - s);
		if (scan > r->max_record)
			return fail(r, r->line, "record is longer than the limit");
		{
			int got = refill(r);
			if (got < 0)
				return -1;
			if (got == 0) {
				if (q)
					return fail(r, r->line, "quoted field is not closed before the end of the file");
				*rlen = r->end - r->pos;
				*nl = lines;
				return r->end > r->pos ? 1 : 0;
			}
		}
	}
}

int csv_read(struct csv_reader *r, struct csv_record *rec)
{
	for (;;) {
		size_t rlen, nf = 0;
		bool quoted, has_lf;
		long extra_lines;
		char *s, *e, *p;
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
		got = find_record(r, &rlen, &quoted, &extra_lines);
		if (got <= 0)
			return got;
		s = r->buf + r->pos;
		has_lf = r->pos + rlen < r->end;
		e = s + rlen;
		rec->line = r->line;
		r->line += extra_lines + (has_lf ? 1 : 0);
		r->pos += rlen + (has_lf ? 1 : 0);
		r->consumed += rlen + (has_lf ? 1 : 0);
		if (e > s && e[-1] == '\r')
			e--;
		if (e == s)
			continue; /* an empty line */
		{
			/* Fields go into JSON and workbooks, which hold only UTF-8:
			 * other bytes would be dropped there without a word. */
			size_t bad = ak_utf8_check(s, (size_t)(e - s));
			if (bad < (size_t)(e - s)) {
				const char *p0 = s, *q;
				long line = rec->line;
				for (q = s; q < s + bad; q++)
					if (*q == '\n')
						line++, p0 = q + 1;
				snprintf(r->errmsg, sizeof r->errmsg,
				         "not valid UTF-8 at byte %zu of the line (0x%02X); save the file as UTF-8",
				         (size_t)(s + bad - p0) + 1, (unsigned char)s[bad]);
				r->errline = line;
				return -1;
			}
		}
		*e = '\0';
		if (!r->delim)
			r->delim = detect_delim(s, (size_t)(e - s));

		if (!quoted) {
			for (p = s;;) {
				char *d = memchr(p, r->delim, (size_t)(e - p));
				if (!add_field(r, nf, p, (size_t)((d ? d : e) - p)))
					return fail(r, rec->line, "out of memory");
				nf++;
				if (!d)
					break;
				*d = '\0';
				p = d + 1;
			}
		} else {
			long line = rec->line;
			for (p = s;;) {
				char *w = p, *start = p;
				if (*p == '"') {
					p++;
					for (;;) {
						if (p >= e)
							return fail(r, line, "quoted field is not closed");
						if (*p == '"') {
							if (p + 1 < e && p[1] == '"') {
								*w++ = '"';
								p += 2;
								continue;
							}
							p++;
							break;
						}
						if (*p == '\n')
							line++;
						*w++ = *p++;
					}
					if (p < e && *p != r->delim)
						return fail(r, line, "unexpected character after a closing quote");
				} else {
					/* Unquoted: a stray quote inside is kept as it is, as
					 * spreadsheet programs do. */
					while (p < e && *p != r->delim)
						p++;
					w = p;
				}
				if (!add_field(r, nf, start, (size_t)(w - start)))
					return fail(r, rec->line, "out of memory");
				nf++;
				if (p >= e) {
					*w = '\0';
					break;
				}
				*w = '\0';
				p++;
				if (p == e) { /* trailing delimiter: one more empty field */
					if (!add_field(r, nf, e, 0))
						return fail(r, rec->line, "out of memory");
					nf++;
					break;
				}
			}
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
