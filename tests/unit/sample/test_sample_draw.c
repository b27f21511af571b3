/* test_sample_draw.c: the selection methods, the population reader and the
 * plan's round trip, on small populations written to a temporary folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/hash.h"
#include "sample/population.h"
#include "sample/sample_draw.h"
#include "sample/sample_plan.h"

static char dir[] = "/tmp/ak-test-draw.XXXXXX";

static const char *path_of(const char *name)
{
	static char buf[4][256];
	static int i;
	i = (i + 1) % 4;
	snprintf(buf[i], sizeof buf[i], "%s/%s", dir, name);
	return buf[i];
}

static const char *write_file(const char *name, const char *text)
{
	const char *p = path_of(name);
	FILE *fp = fopen(p, "wb");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	return p;
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[300];
	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd);
}

/* Ten rows: ids R-1..R-10, departments and amounts. */
static const char *ten = "id,dept,amount\n"
                         "R-1,IT,10.00\n"
                         "R-2,HR,0.00\n"
                         "R-3,IT,100.00\n"
                         "R-4,Sales,5.50\n"
                         "R-5,IT,1.25\n"
                         "R-6,HR,7\n"
                         "R-7,IT,0.01\n"
                         "R-8,Sales,2.00\n"
                         "R-9,IT,3.00\n"
                         "R-10,HR,1.24\n";

struct draw_case {
	const char *file;
	enum pop_format format;
	const char *strata, *value;
	const char *const *include, *const *exclude;
	size_t ninclude, nexclude;
	const struct pop_where *where;
	size_t nwhere;
};

/* Draw into plan (initialised here); returns what sd_draw returned. */
static ak_err draw(const struct draw_case *c, enum sd_method m, long n, uint64_t seed,
                   bool all_strata, struct sp_plan *plan)
{
	struct pop_opts po = {0};
	struct sd_opts so = {0};
	struct pop_reader *r = NULL;
	ak_err err;

	sp_plan_init(plan);
	po.path = c->file;
	po.format = c->format;
	po.id_column = "id";
	po.strata_column = c->strata;
	po.value_column = c->value;
	po.where = c->where;
	po.nwhere = c->nwhere;
	po.rewindable = sd_needs_two_passes(m);
	err = pop_open(&po, &r);
	if (err)
		return err;
	so.method = m;
	so.n = n;
	so.all_strata = all_strata;
	so.strata_column = c->strata;
	so.value_column = c->value;
	so.decimals = 2;
	so.include = c->include;
	so.ninclude = c->ninclude;
	so.exclude = c->exclude;
	so.nexclude = c->nexclude;
	so.seed = seed;
	err = sd_draw(r, &so, plan);
	pop_close(r);
	return err;
}

/* "R-1 R-3 ..." of the plan's items. */
static const char *ids(const struct sp_plan *p)
{
	static char buf[1024];
	size_t i, o = 0;
	buf[0] = '\0';
	for (i = 0; i < p->nitems; i++)
		o +=
		    (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", i ? " " : "", p->items[i].id);
	return buf;
}

/* ---- amounts ------------------------------------------------------------- */

static void test_parse_amount(void **state)
{
	uint64_t v;
	(void)state;
	assert_int_equal(sd_parse_amount("1234.56", 2, false, &v), 0);
	assert_true(v == 123456);
	assert_int_equal(sd_parse_amount("7", 2, false, &v), 0);
	assert_true(v == 700);
	assert_int_equal(sd_parse_amount(" 0.5 ", 2, false, &v), 0);
	assert_true(v == 50);
	assert_int_equal(sd_parse_amount("12.500", 2, false, &v), 0); /* zeros beyond */
	assert_true(v == 1250);
	assert_int_equal(sd_parse_amount("12.505", 2, false, &v), -3);
	assert_int_equal(sd_parse_amount("-3.00", 2, false, &v), -2);
	assert_int_equal(sd_parse_amount("(3.00)", 2, false, &v), -2);
	assert_int_equal(sd_parse_amount("1O.00", 2, false, &v), -1);
	assert_int_equal(sd_parse_amount("", 2, false, &v), -1);
	assert_int_equal(sd_parse_amount("12.", 2, false, &v), -1);
	assert_int_equal(sd_parse_amount(".5", 2, false, &v), -1);
	assert_int_equal(sd_parse_amount("1e3", 2, false, &v), -1);
	assert_int_equal(sd_parse_amount("1,234.56", 2, false, &v), -1); /* off by default */
	assert_int_equal(sd_parse_amount("1,234.56", 2, true, &v), 0);
	assert_true(v == 123456);
	assert_int_equal(sd_parse_amount("12,345,678", 0, true, &v), 0);
	assert_true(v == 12345678);
	assert_int_equal(sd_parse_amount("1,23", 2, true, &v), -1);
	assert_int_equal(sd_parse_amount("1234,567", 2, true, &v), -1);
	assert_int_equal(sd_parse_amount(",123", 2, true, &v), -1);
	assert_int_equal(sd_parse_amount("99999999999999999999", 2, false, &v), -4);
	assert_int_equal(sd_parse_amount("5", 0, false, &v), 0);
	assert_true(v == 5);
	assert_int_equal(sd_parse_amount("5.000001", 6, false, &v), 0);
	assert_true(v == 5000001);
}

/* ---- random ------------------------------------------------------------- */

static void test_random_whole_and_one(void **state)
{
	struct draw_case c = {.file = write_file("ten.csv", ten)};
	struct sp_plan p;
	(void)state;
	assert_int_equal(draw(&c, SD_RANDOM, 10, 1, false, &p), AK_OK);
	assert_string_equal(ids(&p), "R-1 R-2 R-3 R-4 R-5 R-6 R-7 R-8 R-9 R-10");
	assert_int_equal(p.rows, 10);
	sp_plan_release(&p);
	assert_int_equal(draw(&c, SD_RANDOM, 1, 1, false, &p), AK_OK);
	assert_int_equal(p.nitems, 1);
	sp_plan_release(&p);
	assert_int_equal(draw(&c, SD_RANDOM, 11, 1, false, &p), AK_ERR_DATA);
	sp_plan_release(&p);
}

static void test_random_reproducible(void **state)
{
	struct draw_case c = {.file = write_file("ten.csv", ten)};
	struct sp_plan a, b;
	char first[1024];
	(void)state;
	assert_int_equal(draw(&c, SD_RANDOM, 4, 2026, false, &a), AK_OK);
	snprintf(first, sizeof first, "%s", ids(&a));
	assert_int_equal(draw(&c, SD_RANDOM, 4, 2026, false, &b), AK_OK);
	assert_string_equal(first, ids(&b));
	assert_true(a.items[0].row < a.items[1].row); /* row order */
	sp_plan_release(&a);
	sp_plan_release(&b);
}

static void test_random_is_uniform(void **state)
{
	struct draw_case c = {.file = write_file("ten.csv", ten)};
	long count[11] = {0};
	uint64_t seed;
	size_t i;
	(void)state;
	/* 3 of 10 over 2000 seeds: 600 each, standard deviation about 20 */
	for (seed = 0; seed < 2000; seed++) {
		struct sp_plan p;
		assert_int_equal(draw(&c, SD_RANDOM, 3, seed, false, &p), AK_OK);
		for (i = 0; i < p.nitems; i++)
			count[p.items[i].row]++;
		sp_plan_release(&p);
	}
	for (i = 1; i <= 10; i++)
		assert_in_range(count[i], 500, 700);
}

/* ---- systematic ------------------------------------------------------- */

static void test_systematic_edges(void **state)
{
	struct draw_case c = {.file = write_file("ten.csv", ten)};
	struct sp_plan p;
	uint64_t seed;
	long count[11] = {0};
	size_t i;
	(void)state;
	/* n = N: the whole population whatever the start */
	assert_int_equal(draw(&c, SD_SYSTEMATIC, 10, 77, false, &p), AK_OK);
	assert_string_equal(ids(&p), "R-1 R-2 R-3 R-4 R-5 R-6 R-7 R-8 R-9 R-10");
	assert_string_equal(json_string_value(json_object_get(p.parameters, "interval")), "10/10");
	sp_plan_release(&p);
	/* n = 1 */
	assert_int_equal(draw(&c, SD_SYSTEMATIC, 1, 77, false, &p), AK_OK);
	assert_int_equal(p.nitems, 1);
	sp_plan_release(&p);
	/* N / n = 10/3 is not whole: gaps of 3 or 4, every item n / N likely */
	for (seed = 0; seed < 3000; seed++) {
		assert_int_equal(draw(&c, SD_SYSTEMATIC, 3, seed, false, &p), AK_OK);
		assert_int_equal(p.nitems, 3);
		for (i = 0; i < 3; i++)
			count[p.items[i].row]++;
		for (i = 1; i < 3; i++) {
			long gap = p.items[i].row - p.items[i - 1].row;
			assert_true(gap == 3 || gap == 4);
		}
		sp_plan_release(&p);
	}
	for (i = 1; i <= 10; i++)
		assert_in_range(count[i], 800, 1000);
	assert_int_equal(draw(&c, SD_SYSTEMATIC, 11, 1, false, &p), AK_ERR_DATA);
	sp_plan_release(&p);
}

/* ---- stratified --------------------------------------------------------- */

static void test_stratified_largest_remainder(void **state)
{
	struct draw_case c = {.file = write_file("ten.csv", ten), .strata = "dept"};
	struct sp_plan p;
	json_t *s;
	(void)state;
	/* HR 3, IT 5, Sales 2; n = 5: 1.5, 2.5, 1.0 -> 1, 2, 1 and one more to the
	 * largest remainder, tied between HR and IT: the first by name, HR */
	assert_int_equal(draw(&c, SD_STRATIFIED, 5, 9, false, &p), AK_OK);
	s = json_object_get(p.parameters, "strata");
	assert_int_equal(json_array_size(s), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(s, 0), "stratum")),
	                    "HR");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(s, 0), "n")), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(s, 1), "n")), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(s, 2), "n")), 1);
	assert_int_equal(p.nitems, 5);
	sp_plan_release(&p);
}

static void test_stratified_all_strata(void **state)
{
	struct draw_case c = {
	    .file =
	        write_file("skew.csv",
	                   "id,dept\nA1,A\nA2,A\nA3,A\nA4,A\nA5,A\nA6,A\nA7,A\nA8,A\nB1,B\nC1,C\n"),
	    .strata = "dept"};
	struct sp_plan p;
	size_t i;
	bool b = false, cc = false;
	(void)state;
	/* proportional alone gives B and C nothing at n = 3 */
	assert_int_equal(draw(&c, SD_STRATIFIED, 3, 1, false, &p), AK_OK);
	for (i = 0; i < p.nitems; i++)
		assert_string_equal(p.items[i].stratum, "A");
	sp_plan_release(&p);
	assert_int_equal(draw(&c, SD_STRATIFIED, 3, 1, true, &p), AK_OK);
	for (i = 0; i < p.nitems; i++) {
		b |= strcmp(p.items[i].stratum, "B") == 0;
		cc |= strcmp(p.items[i].stratum, "C") == 0;
	}
	assert_true(b && cc);
	sp_plan_release(&p);
	/* one per stratum */
	assert_int_equal(draw(&c, SD_STRATIFIED, 0, 1, true, &p), AK_OK);
	assert_int_equal(p.nitems, 3);
	sp_plan_release(&p);
	/* two items cannot cover three strata */
	assert_int_equal(draw(&c, SD_STRATIFIED, 2, 1, true, &p), AK_ERR_DATA);
	sp_plan_release(&p);
	/* the whole population */
	assert_int_equal(draw(&c, SD_STRATIFIED, 10, 1, true, &p), AK_OK);
	assert_int_equal(p.nitems, 10);
	sp_plan_release(&p);
}

/* ---- monetary-unit and cell ----------------------------------------------- */

static long total_hits(const struct sp_plan *p)
{
	long h = 0;
	size_t i;
	for (i = 0; i < p->nitems; i++)
		h += p->items[i].hits;
	return h;
}

static void test_mus(void **state)
{
	struct draw_case c = {.file = write_file("ten.csv", ten), .value = "amount"};
	struct sp_plan p;
	uint64_t seed;
	size_t i;
	(void)state;
	/* total 130.00 = 13000 cents; n = 3: interval 4333.33 cents, not whole */
	for (seed = 0; seed < 200; seed++) {
		bool big = false;
		assert_int_equal(draw(&c, SD_MUS, 3, seed, false, &p), AK_OK);
		assert_int_equal(total_hits(&p), 3);
		for (i = 0; i < p.nitems; i++) {
			/* R-3 (100.00) is over twice the interval: hit at least twice */
			if (strcmp(p.items[i].id, "R-3") == 0) {
				big = true;
				assert_true(p.items[i].hits >= 2);
			}
			assert_string_not_equal(p.items[i].id, "R-2"); /* zero value */
			assert_non_null(p.items[i].value);
		}
		assert_true(big);
		assert_string_equal(json_string_value(json_object_get(p.parameters, "total")),
		                    "130.00");
		sp_plan_release(&p);
	}
	/* n equal to the total in cents: every cent hit once */
	assert_int_equal(draw(&c, SD_MUS, 13000, 1, false, &p), AK_OK);
	assert_int_equal(total_hits(&p), 13000);
	assert_int_equal(p.nitems, 9);
	for (i = 0; i < p.nitems; i++)
		if (strcmp(p.items[i].id, "R-7") == 0)
			assert_int_equal(p.items[i].hits, 1);
	sp_plan_release(&p);
}

static void test_cell(void **state)
{
	struct draw_case c = {.file = write_file("ten.csv", ten), .value = "amount"};
	struct sp_plan p;
	(void)state;
	assert_int_equal(draw(&c, SD_CELL, 7, 3, false, &p), AK_OK);
	assert_int_equal(total_hits(&p), 7);
	sp_plan_release(&p);
	assert_int_equal(draw(&c, SD_CELL, 1, 3, false, &p), AK_OK);
	assert_int_equal(total_hits(&p), 1);
	sp_plan_release(&p);
	assert_int_equal(draw(&c, SD_CELL, 13001, 3, false, &p), AK_ERR_DATA);
	sp_plan_release(&p);
}

static void test_mus_bad_values(void **state)
{
	struct draw_case c = {.file = write_file("neg.csv", "id,amount\nA,1.00\nB,-2.00\n"),
	                      .value = "amount"};
	struct sp_plan p;
	(void)state;
	assert_int_equal(draw(&c, SD_MUS, 1, 1, false, &p), AK_ERR_DATA);
	sp_plan_release(&p);
	c.file = write_file("nan.csv", "id,amount\nA,1.00\nB,n/a\n");
	assert_int_equal(draw(&c, SD_MUS, 1, 1, false, &p), AK_ERR_DATA);
	sp_plan_release(&p);
	c.file = write_file("zero.csv", "id,amount\nA,0.00\nB,0\n");
	assert_int_equal(draw(&c, SD_MUS, 1, 1, false, &p), AK_ERR_DATA);
	sp_plan_release(&p);
}

/* ---- judgement ------------------------------------------------------------ */

static void test_include_exclude(void **state)
{
	const char *inc[] = {"R-4"}, *exc[] = {"R-1", "R-2"};
	struct draw_case c = {.file = write_file("ten.csv", ten),
	                      .include = inc,
	                      .exclude = exc,
	                      .ninclude = 1,
	                      .nexclude = 2};
	struct sp_plan p;
	size_t i, judged = 0;
	(void)state;
	/* 7 left for the random draw: all 7 plus the included one */
	assert_int_equal(draw(&c, SD_RANDOM, 7, 5, false, &p), AK_OK);
	assert_int_equal(p.nitems, 8);
	assert_string_equal(ids(&p), "R-3 R-4 R-5 R-6 R-7 R-8 R-9 R-10");
	for (i = 0; i < p.nitems; i++)
		if (p.items[i].by == SP_JUDGEMENT_INCLUDE) {
			judged++;
			assert_string_equal(p.items[i].id, "R-4");
		}
	assert_int_equal(judged, 1);
	assert_int_equal(p.nexcluded, 2);
	assert_string_equal(p.excluded[0].id, "R-1");
	sp_plan_release(&p);
	assert_int_equal(draw(&c, SD_RANDOM, 8, 5, false, &p), AK_ERR_DATA);
	sp_plan_release(&p);
	assert_int_equal(draw(&c, SD_SYSTEMATIC, 7, 5, false, &p), AK_OK);
	assert_int_equal(p.nitems, 8);
	sp_plan_release(&p);
	inc[0] = "NOPE";
	assert_int_equal(draw(&c, SD_RANDOM, 2, 5, false, &p), AK_ERR_DATA);
	sp_plan_release(&p);
	inc[0] = "R-1"; /* both */
	assert_int_equal(draw(&c, SD_RANDOM, 2, 5, false, &p), AK_ERR_DATA);
	sp_plan_release(&p);
}

/* ---- the reader ------------------------------------------------------------ */

static void test_formats_agree(void **state)
{
	const char *jsonl = "{\"id\":\"R-1\",\"dept\":\"IT\"}\n{\"id\":\"R-2\",\"dept\":\"HR\"}\n\n"
	                    "{\"id\":\"R-3\",\"dept\":\"IT\"}\n{\"id\":4,\"dept\":\"HR\"}\n"
	                    "{\"id\":\"R-5\",\"dept\":\"IT\"}\n";
	const char *json = "[{\"id\":\"R-1\",\"dept\":\"IT\"},{\"id\":\"R-2\",\"dept\":\"HR\"},"
	                   "{\"id\":\"R-3\",\"dept\":\"IT\"},{\"id\":4,\"dept\":\"HR\"},"
	                   "{\"ID\":\"R-5\",\"dept\":\"IT\"}]";
	const char *csv = "ID,dept\r\nR-1,IT\r\nR-2,HR\r\nR-3,IT\r\n4,HR\r\n\"R-5\",IT\r\n";
	struct draw_case c = {.file = write_file("p.jsonl", jsonl), .strata = "dept"};
	struct sp_plan a, b, d;
	(void)state;
	assert_int_equal(draw(&c, SD_STRATIFIED, 3, 8, false, &a), AK_OK);
	c.file = write_file("p.json", json);
	assert_int_equal(draw(&c, SD_STRATIFIED, 3, 8, false, &b), AK_OK);
	c.file = write_file("p.txt", csv); /* no extension: CSV */
	assert_int_equal(draw(&c, SD_STRATIFIED, 3, 8, false, &d), AK_OK);
	assert_string_equal(ids(&a), ids(&b));
	assert_string_equal(ids(&a), ids(&d));
	assert_int_equal(a.rows, 5);
	sp_plan_release(&a);
	sp_plan_release(&b);
	sp_plan_release(&d);
}

static void test_filters_and_sha(void **state)
{
	const char *f = write_file("ten.csv", ten);
	struct pop_where w[] = {{"dept", "IT", false}, {"id", "R-9", true}};
	struct draw_case c = {.file = f, .format = POP_CSV, .where = w, .nwhere = 2};
	struct sp_plan p;
	char hex[AK_SHA256_HEX];
	(void)state;
	assert_int_equal(draw(&c, SD_SYSTEMATIC, 4, 1, false, &p), AK_OK);
	assert_string_equal(ids(&p), "R-1 R-3 R-5 R-7");
	assert_int_equal(p.rows, 4);
	assert_true(ak_sha256_file(f, hex));
	assert_string_equal(p.sha256, hex);
	sp_plan_release(&p);
}

static void test_reader_errors(void **state)
{
	struct draw_case c = {.file = write_file("rag.csv", "id,dept\nA,IT\nB\nC,HR\n")};
	struct sp_plan p;
	(void)state;
	assert_int_equal(draw(&c, SD_RANDOM, 1, 1, false, &p), AK_ERR_DATA);
	sp_plan_release(&p);
	c.file = write_file("noid.csv", "key,dept\nA,IT\n");
	assert_int_equal(draw(&c, SD_RANDOM, 1, 1, false, &p), AK_ERR_DATA);
	sp_plan_release(&p);
	c.file = write_file("ten.csv", ten);
	c.strata = "department";
	assert_int_equal(draw(&c, SD_STRATIFIED, 1, 1, false, &p), AK_ERR_DATA);
	sp_plan_release(&p);
	c.strata = NULL;
	c.file = write_file("emptyid.csv", "id,dept\nA,IT\n,HR\n");
	assert_int_equal(draw(&c, SD_RANDOM, 1, 1, false, &p), AK_ERR_DATA);
	sp_plan_release(&p);
	c.file = write_file("bad.jsonl", "{\"id\":\"A\"}\n{\"id\":\n");
	assert_int_equal(draw(&c, SD_RANDOM, 1, 1, false, &p), AK_ERR_DATA);
	sp_plan_release(&p);
	c.file = write_file("obj.json", "{\"id\":\"A\"}");
	assert_int_equal(draw(&c, SD_RANDOM, 1, 1, false, &p), AK_ERR_DATA);
	sp_plan_release(&p);
	c.file = path_of("missing.csv");
	assert_int_equal(draw(&c, SD_RANDOM, 1, 1, false, &p), AK_ERR_INPUT);
	sp_plan_release(&p);
}

/* ---- the plan ------------------------------------------------------------- */

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf = calloc(1, 1 << 16);
	assert_non_null(fp);
	assert_non_null(buf);
	fread(buf, 1, (1 << 16) - 1, fp);
	fclose(fp);
	return buf;
}

static void write_plan(const struct sp_plan *p, const char *path, bool csv)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(csv ? sp_write_csv(fp, p) : sp_write_json(fp, p), AK_OK);
	fclose(fp);
}

static void test_plan_round_trip(void **state)
{
	const char *inc[] = {"R-2"};
	struct draw_case c = {
	    .file = write_file("ten.csv", ten), .strata = "dept", .include = inc, .ninclude = 1};
	struct sp_plan p, q, r;
	const char *pj = path_of("plan.json"), *pc = path_of("plan.csv"),
	           *pj2 = path_of("plan2.json");
	char *a, *b;
	size_t i;
	(void)state;
	assert_int_equal(draw(&c, SD_STRATIFIED, 4, 31, true, &p), AK_OK);
	p.objective = strdup("test, with \"quotes\"\nand a newline");
	p.source = strdup("ten.csv");
	p.format = strdup("csv");
	p.id_column = strdup("id");
	p.created_by = strdup("auditkit test");
	write_plan(&p, pj, false);
	write_plan(&p, pc, true);

	sp_plan_init(&q);
	assert_int_equal(sp_read(pj, &q), AK_OK);
	sp_plan_init(&r);
	assert_int_equal(sp_read(pc, &r), AK_OK);
	assert_int_equal(q.nitems, p.nitems);
	assert_int_equal(r.nitems, p.nitems);
	for (i = 0; i < p.nitems; i++) {
		assert_string_equal(q.items[i].id, p.items[i].id);
		assert_string_equal(r.items[i].id, p.items[i].id);
		assert_int_equal(r.items[i].row, p.items[i].row);
		assert_string_equal(r.items[i].stratum, p.items[i].stratum);
		assert_int_equal(r.items[i].by, p.items[i].by);
	}
	assert_true(q.seed == 31 && r.seed == 31);
	assert_string_equal(r.objective, p.objective);
	assert_string_equal(r.sha256, p.sha256);
	assert_int_equal(r.rows, 10);
	/* the CSV plan read back writes the same JSON plan, byte for byte */
	write_plan(&r, pj2, false);
	a = slurp(pj);
	b = slurp(pj2);
	assert_string_equal(a, b);
	free(a);
	free(b);
	sp_plan_release(&p);
	sp_plan_release(&q);
	sp_plan_release(&r);
}

static void test_plan_rejects(void **state)
{
	struct sp_plan p;
	(void)state;
	sp_plan_init(&p);
	assert_int_equal(sp_read(write_file("x.json", "{\"format\":\"other\"}"), &p), AK_ERR_DATA);
	assert_int_equal(sp_read(write_file("x.csv", "# format: nope\r\n"), &p), AK_ERR_DATA);
	assert_int_equal(sp_read(write_file("y.json", "{\"format\":"), &p), AK_ERR_DATA);
	assert_int_equal(sp_read(path_of("none.json"), &p), AK_ERR_INPUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_amount),
	    cmocka_unit_test(test_random_whole_and_one),
	    cmocka_unit_test(test_random_reproducible),
	    cmocka_unit_test(test_random_is_uniform),
	    cmocka_unit_test(test_systematic_edges),
	    cmocka_unit_test(test_stratified_largest_remainder),
	    cmocka_unit_test(test_stratified_all_strata),
	    cmocka_unit_test(test_mus),
	    cmocka_unit_test(test_cell),
	    cmocka_unit_test(test_mus_bad_values),
	    cmocka_unit_test(test_include_exclude),
	    cmocka_unit_test(test_formats_agree),
	    cmocka_unit_test(test_filters_and_sha),
	    cmocka_unit_test(test_reader_errors),
	    cmocka_unit_test(test_plan_round_trip),
	    cmocka_unit_test(test_plan_rejects),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
