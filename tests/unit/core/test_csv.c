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
	char err[160];
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
		cmocka_unit_test(test_writer_quotes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
