/* test_csv.c: the streaming CSV reader on the shapes real exports take. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"

struct parsed {
	size_t nrec;
	size_t nf[16];
	char f[16][8][64];
	long line[16];
	int rc;
	char err[200];
	long errline;
};

static void parse(const char *text, size_t len, char delim, struct parsed *out)
{
	FILE *fp = fmemopen((void *)text, len, "rb");
	struct csv_opts o = {delim, 0};
	struct csv_reader *r;
	struct csv_record rec;
	int rc;

	memset(out, 0, sizeof *out);
	assert_non_null(fp);
	r = csv_open(fp, &o);
	assert_non_null(r);
	while ((rc = csv_read(r, &rec)) == 1) {
		size_t i;
		assert_true(out->nrec < 16);
		out->nf[out->nrec] = rec.n;
		out->line[out->nrec] = rec.line;
		for (i = 0; i < rec.n && i < 8; i++)
			snprintf(out->f[out->nrec][i], 64, "%s", rec.field[i]);
		out->nrec++;
	}
	out->rc = rc;
	if (rc < 0) {
		snprintf(out->err, sizeof out->err, "%s", csv_errmsg(r));
		out->errline = csv_errline(r);
	}
	csv_close(r);
	fclose(fp);
}

static void test_plain(void **state)
{
	struct parsed p;
	const char *t = "id,title\nR-1,Fire\nR-2,Flood\n";
	(void)state;
	parse(t, strlen(t), 0, &p);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.nrec, 3);
	assert_string_equal(p.f[2][1], "Flood");
	assert_int_equal(p.line[2], 3);
}

static void test_quoted_comma_quote_newline(void **state)
{
	struct parsed p;
	const char *t = "id,desc,owner\r\n"
			"R-1,\"Power, cooling\",COO\r\n"
			"R-2,\"He said \"\"no\"\"\",CFO\r\n"
			"R-3,\"two\nlines\",CEO\r\n"
			"R-4,last,CIO";
	(void)state;
	parse(t, strlen(t), 0, &p);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.nrec, 5);
	assert_string_equal(p.f[1][1], "Power, cooling");
	assert_string_equal(p.f[2][1], "He said \"no\"");
	assert_string_equal(p.f[3][1], "two\nlines");
	assert_string_equal(p.f[3][2], "CEO");
	/* the record after a two-line field starts on line 6 */
	assert_int_equal(p.line[4], 6);
	assert_string_equal(p.f[4][2], "CIO");
}

static void test_bom_and_semicolon(void **state)
{
	struct parsed p;
	const char *t = "\xEF\xBB\xBFRisk ID;Titel;Wert\nR-1;Brand, Feuer;3,5\n";
	(void)state;
	parse(t, strlen(t), 0, &p);
	assert_int_equal(p.rc, 0);
	assert_string_equal(p.f[0][0], "Risk ID");
	assert_int_equal(p.nf[1], 3);
	assert_string_equal(p.f[1][1], "Brand, Feuer");
	assert_string_equal(p.f[1][2], "3,5");
}

static void test_empty_fields_and_blank_lines(void **state)
{
	struct parsed p;
	const char *t = "a,b,c\n\n,,\n\"\",x,\n";
	(void)state;
	parse(t, strlen(t), 0, &p);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.nrec, 3);
	assert_int_equal(p.nf[1], 3);
	assert_int_equal(p.nf[2], 3);
	assert_string_equal(p.f[2][1], "x");
	assert_string_equal(p.f[2][2], "");
	assert_int_equal(p.line[1], 3);
}

static void test_unclosed_quote_names_line(void **state)
{
	struct parsed p;
	const char *t = "a,b\n1,2\n3,\"open\nand on\n";
	(void)state;
	parse(t, strlen(t), 0, &p);
	assert_int_equal(p.rc, -1);
	assert_int_equal(p.errline, 3);
	assert_non_null(strstr(p.err, "not closed"));
}

static void test_garbage_after_quote(void **state)
{
	struct parsed p;
	const char *t = "a,b\n\"x\"y,2\n";
	(void)state;
	parse(t, strlen(t), 0, &p);
	assert_int_equal(p.rc, -1);
	assert_int_equal(p.errline, 2);
	assert_non_null(strstr(p.err, "after a closing quote"));
}

/* Records that straddle the 1 MiB read boundary come out whole. */
static void test_large_input_across_chunks(void **state)
{
	size_t n = 200000, i, len = 0, cap = n * 40;
	char *t = malloc(cap);
	FILE *fp;
	struct csv_reader *r;
	struct csv_record rec;
	size_t count = 0;
	(void)state;
	assert_non_null(t);
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(t + len, cap - len, i % 7 ? "%zu,plain row\n" : "%zu,\"q,\"\"x\"\"\"\n", i);
	fp = fmemopen(t, len, "rb");
	r = csv_open(fp, NULL);
	while (csv_read(r, &rec) == 1) {
		char want[32];
		snprintf(want, sizeof want, "%zu", count);
		assert_string_equal(rec.field[0], want);
		assert_int_equal(rec.line, (long)count + 1);
		if (count % 7)
			assert_string_equal(rec.field[1], "plain row");
		else
			assert_string_equal(rec.field[1], "q,\"x\"");
		count++;
	}
	assert_int_equal(count, n);
	csv_close(r);
	fclose(fp);
	free(t);
}

/* ---- the scanner's edge cases ------------------------------------------ */

/* A bare quote in a field that does not start with one is refused with the
 * line and the field, rather than read as the start of a quoted span (which
 * swallowed the records after it) or kept (which hid a broken export). */
static void test_bare_quote_in_unquoted_field(void **state)
{
	struct parsed p;
	const char *t = "id,size,owner\nA-1,27 in,CIO\n\"A-2\",\"two\nlines\",COO\nA-3,27\" screen,CIO\nA-4,x,y\n";
	(void)state;
	parse(t, strlen(t), 0, &p);
	assert_int_equal(p.rc, -1);
	assert_int_equal(p.nrec, 3);
	assert_int_equal(p.errline, 5);
	assert_non_null(strstr(p.err, "field 2 has a quote but does not start with one"));
	assert_non_null(strstr(p.err, "double the quotes"));
}

static void test_crlf_everywhere(void **state)
{
	struct parsed p;
	const char *t = "a,b\r\n\"x\",y\r\n\r\nz,\"w\"\r\n1,\r\n\"q\"\"\",\"\"\r";
	(void)state;
	parse(t, strlen(t), 0, &p);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.nrec, 5);
	assert_string_equal(p.f[1][0], "x");
	assert_string_equal(p.f[1][1], "y");
	assert_string_equal(p.f[2][0], "z");
	assert_string_equal(p.f[2][1], "w");
	assert_int_equal(p.line[2], 4);
	assert_int_equal(p.nf[3], 2);
	assert_string_equal(p.f[3][1], "");
	assert_string_equal(p.f[4][0], "q\"");
	assert_string_equal(p.f[4][1], "");
}

/* A CR inside a quoted field is data; only CR LF at a record's end is not. */
static void test_cr_inside_quotes_and_lines(void **state)
{
	struct parsed p;
	const char *t = "a,b\n\"one\r\ntwo\nthree\",x\nnext,\"\"\"\n\"\"\"\n";
	(void)state;
	parse(t, strlen(t), 0, &p);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.nrec, 3);
	assert_string_equal(p.f[1][0], "one\r\ntwo\nthree");
	assert_int_equal(p.line[1], 2);
	assert_int_equal(p.line[2], 5);
	assert_string_equal(p.f[2][1], "\"\n\"");
}

static void test_quote_after_closing_and_eof(void **state)
{
	struct parsed p;
	const char *t = "a,b\n\"x\ny\"\"\" z,2\n";
	(void)state;
	parse(t, strlen(t), 0, &p);
	assert_int_equal(p.rc, -1);
	assert_int_equal(p.errline, 3);
	assert_non_null(strstr(p.err, "after a closing quote"));
	t = "a,b\n1,\"x\"\"";
	parse(t, strlen(t), 0, &p);
	assert_int_equal(p.rc, -1);
	assert_int_equal(p.errline, 2);
	assert_non_null(strstr(p.err, "not closed"));
	t = "a,b\n1,\"x\"\"\"";
	parse(t, strlen(t), 0, &p);
	assert_int_equal(p.rc, 0);
	assert_string_equal(p.f[1][1], "x\"");
}

/* A reference reader, a byte at a time and over the whole text, that the
 * streaming one must agree with on every input (records, fields, lines,
 * and failing on the same line). */
struct ref_rec {
	long line;
	size_t n;
	char *f[8];
	size_t len[8];
};

static int ref_parse(char *t, size_t len, struct ref_rec **out, size_t *cap, size_t *nrec,
                     long *errline)
{
	size_t i = 0;
	long line = 1;

	*nrec = 0;
	while (i < len) {
		struct ref_rec *rec;
		if (t[i] == '\n') { line++; i++; continue; }
		if (t[i] == '\r' && (i + 1 == len || t[i + 1] == '\n')) {
			i += i + 1 == len ? 1 : 2;
			line += i <= len && t[i - 1] == '\n';
			continue;
		}
		if (*nrec == *cap) {
			*cap = *cap * 2 + 16;
			*out = realloc(*out, *cap * sizeof **out);
			assert_non_null(*out);
		}
		rec = &(*out)[(*nrec)++];
		rec->line = line;
		rec->n = 0;
		for (;;) {
			char *w;
			assert_true(rec->n < 8);
			/* unescaped over the text's own bytes, which it never outgrows */
			w = rec->f[rec->n] = t + i + (i < len && t[i] == '"');
			if (i < len && t[i] == '"') {
				long qline = line;
				for (i++;; i++) {
					if (i >= len) { *errline = qline; return -1; }
					if (t[i] == '"') {
						if (i + 1 < len && t[i + 1] == '"') { *w++ = '"'; i++; continue; }
						break;
					}
					if (t[i] == '\n') line++;
					*w++ = t[i];
				}
				i++;
				if (i < len && t[i] == '\r' && (i + 1 == len || t[i + 1] == '\n'))
					i++;
				if (i < len && t[i] != ',' && t[i] != '\n') { *errline = line; return -1; }
			} else {
				while (i < len && t[i] != ',' && t[i] != '\n') {
					if (t[i] == '"') { *errline = line; return -1; }
					*w++ = t[i++];
				}
				if ((i == len || t[i] == '\n') && w > rec->f[rec->n] && w[-1] == '\r')
					w--;
			}
			rec->len[rec->n] = (size_t)(w - rec->f[rec->n]);
			rec->n++;
			if (i >= len || t[i] == '\n') {
				if (i < len) { line++; i++; }
				break;
			}
			i++; /* the comma */
		}
	}
	return 0;
}

static unsigned long long rnd_state = 88172645463325252ull;
static unsigned rnd(unsigned n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (unsigned)(rnd_state % n);
}

/* Append one random field: plain, quoted with commas, "", CR, LF, UTF-8,
 * of every length around the scanner's 8- and 16-byte steps; now and then
 * a bare quote, which must fail. */
static size_t gen_field(char *o, bool allow_bad)
{
	static const char plain[] = "abcxyz019 .-";
	static const char inq[] = "ab,,\"\n\r x";
	size_t n = 0, k, want = rnd(40);
	unsigned kind = rnd(10);

	if (kind < 5) {
		for (k = 0; k < want; k++)
			o[n++] = plain[rnd(sizeof plain - 1)];
		if (allow_bad && rnd(200) == 0)
			o[n++] = '"'; /* at the end: a bare quote unless the field is empty */
	} else if (kind < 9) {
		o[n++] = '"';
		for (k = 0; k < want; k++) {
			char c = inq[rnd(sizeof inq - 1)];
			o[n++] = c;
			if (c == '"')
				o[n++] = '"';
		}
		if (rnd(4) == 0) {
			memcpy(o + n, "\xC3\xA9", 2);
			n += 2;
		}
		o[n++] = '"';
	}
	return n;
}

static size_t gen_csv(char *o, size_t target, bool allow_bad)
{
	size_t n = 0;

	while (n < target) {
		unsigned nf = 1 + rnd(4), k;
		for (k = 0; k < nf; k++) {
			if (k)
				o[n++] = ',';
			n += gen_field(o + n, allow_bad);
		}
		if (rnd(3) == 0)
			o[n++] = '\r';
		o[n++] = '\n';
		if (rnd(30) == 0)
			o[n++] = '\n'; /* a blank line */
	}
	return n;
}

/* Stream text through csv_read and compare every record with ref_parse. */
static void check_against_ref(const char *text, size_t len)
{
	size_t nref = 0, cap = 0, got = 0, k;
	struct ref_rec *ref = NULL;
	char *copy = malloc(len + 1);
	long ref_errline = 0;
	int ref_rc, rc;
	FILE *fp;
	struct csv_reader *r;
	struct csv_record rec;
	struct csv_opts o = {',', 0};

	memcpy(copy, text, len);
	ref_rc = ref_parse(copy, len, &ref, &cap, &nref, &ref_errline);
	fp = fmemopen((void *)text, len, "rb");
	r = csv_open(fp, &o);
	while ((rc = csv_read(r, &rec)) == 1) {
		assert_true(got < nref);
		assert_int_equal(rec.line, ref[got].line);
		assert_int_equal(rec.n, ref[got].n);
		for (k = 0; k < rec.n; k++) {
			assert_int_equal(rec.len[k], ref[got].len[k]);
			assert_memory_equal(rec.field[k], ref[got].f[k], rec.len[k]);
			assert_int_equal(rec.field[k][rec.len[k]], '\0');
		}
		got++;
	}
	if (ref_rc == 0) {
		assert_int_equal(rc, 0);
		assert_int_equal(got, nref);
	} else {
		assert_int_equal(rc, -1);
		assert_int_equal(csv_errline(r), ref_errline);
	}
	csv_close(r);
	fclose(fp);
	free(ref);
	free(copy);
}

/* Many small random files: every byte position modulo 8 and 16. */
static void test_random_against_reference(void **state)
{
	char *t = malloc(1 << 16);
	int round;
	(void)state;
	for (round = 0; round < 3000; round++) {
		size_t n = gen_csv(t, rnd(400), round % 3 == 0);
		check_against_ref(t, n);
	}
	free(t);
}

/* The first read is 1 MiB: put each awkward byte at every offset near it,
 * so that it is the last byte read or the first of the next read. */
static void test_awkward_bytes_at_the_read_boundary(void **state)
{
	static const char *const tails[] = {
		"\"ab\"\"cd\",x\n",   /* "" split by the boundary */
		"\"ab\",x\r\ny,z\n",  /* closing quote, CR LF */
		"\"a\nb\",x\n",       /* embedded LF */
		"ab,x\r\ny,z\n",      /* CR LF of an unquoted field */
		"\"\"\"\",\"\"\n",    /* nothing but quotes */
		"ab,\"x\"\r",         /* CR at the end of the file */
		"ab,x\"y\nz,w\n",     /* a bare quote: must fail */
	};
	const size_t chunk = 1u << 20;
	size_t cap = chunk + 256, ti;
	char *t = malloc(cap);
	(void)state;
	for (ti = 0; ti < sizeof tails / sizeof *tails; ti++) {
		size_t at;
		for (at = chunk - 12; at <= chunk + 2; at++) {
			size_t n = 0, tl = strlen(tails[ti]);
			/* records of 10 bytes, then one to make up the length */
			while (n + 10 + 20 < at) {
				memcpy(t + n, "1,padding\n", 10);
				n += 10;
			}
			memset(t + n, 'p', at - n - 1);
			t[n] = '2';
			t[n + 1] = ',';
			n = at;
			t[n - 1] = '\n';
			memcpy(t + n, tails[ti], tl);
			check_against_ref(t, n + tl);
		}
	}
	free(t);
}

static void test_writer_quotes(void **state)
{
	char buf[256] = {0};
	FILE *fp = fmemopen(buf, sizeof buf - 1, "wb");
	const char *f[] = {"plain", "a,b", "say \"hi\"", "two\nlines", " pad"};
	(void)state;
	assert_true(csv_write_record(fp, f, 5, ','));
	fclose(fp);
	assert_string_equal(buf, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" pad\"\r\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_quoted_comma_quote_newline),
		cmocka_unit_test(test_bom_and_semicolon),
		cmocka_unit_test(test_empty_fields_and_blank_lines),
		cmocka_unit_test(test_unclosed_quote_names_line),
		cmocka_unit_test(test_garbage_after_quote),
		cmocka_unit_test(test_large_input_across_chunks),
		cmocka_unit_test(test_bare_quote_in_unquoted_field),
		cmocka_unit_test(test_crlf_everywhere),
		cmocka_unit_test(test_cr_inside_quotes_and_lines),
		cmocka_unit_test(test_quote_after_closing_and_eof),
		cmocka_unit_test(test_random_against_reference),
		cmocka_unit_test(test_awkward_bytes_at_the_read_boundary),
		cmocka_unit_test(test_writer_quotes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
