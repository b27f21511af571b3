/* test_fuzz_regress.c: every input the fuzzers found a bug with
 * (tests/fuzz/regress/NAME/, docs/fuzzing.md), fed again to the parser it
 * broke, the way harness tests/fuzz/fuzz_NAME.c feeds it: the same choice
 * from the first byte, the same buffer of exactly the input's size (no NUL
 * after it), the same calls after a successful parse. Most of these bugs
 * are memory errors that only the sanitizer build sees (make SANITIZE=1
 * check); the tests here also check what can be checked without it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "interview/bank.h"
#include "core/csv.h"
#include "core/dates.h"
#include "evidence/facts.h"
#include "findings/manual.h"
#include "score/notes.h"
#include "evidence/policy.h"
#include "sample/population.h"
#include "score/probes.h"
#include "evidence/risk.h"
#include "findings/rules.h"
#include "sample/sample_plan.h"
#include "score/score.h"
#include "findings/scored.h"
#include "evidence/sources.h"
#include "core/util.h"

static const char *srcdir(void)
{
	const char *s = getenv("AK_SRCDIR");
	return s ? s : ".";
}

/* The input as the fuzzer gave it: a heap buffer of exactly len bytes. */
static uint8_t *slurp(const char *path, size_t *len)
{
	char *text = NULL;
	uint8_t *exact;

	assert_int_equal(ak_read_file(path, 0, &text, len), AK_OK);
	exact = malloc(*len ? *len : 1);
	assert_non_null(exact);
	memcpy(exact, text, *len);
	free(text);
	return exact;
}

static unsigned pick(const uint8_t **data, size_t *size, unsigned n)
{
	unsigned c;

	if (*size == 0)
		return 0;
	c = (*data)[0];
	(*data)++;
	(*size)--;
	return c % n;
}

/* Write data to a temporary file named name (for the parsers that read a
 * path); the path in out. */
static char tmpdir[64];

static void tmpfile_of(const char *name, const uint8_t *data, size_t size, char *out, size_t n)
{
	char *dir = tmpdir;
	FILE *fp;

	if (!dir[0]) {
		snprintf(dir, sizeof tmpdir, "/tmp/ak-regress-XXXXXX");
		assert_non_null(mkdtemp(dir));
	}
	snprintf(out, n, "%s/%s", dir, name);
	fp = fopen(out, "wb");
	assert_non_null(fp);
	if (size)
		assert_int_equal(fwrite(data, 1, size, fp), size);
	assert_int_equal(fclose(fp), 0);
}

/* ---- one replay per harness ----------------------------------------- */

static void replay_notes(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"notes.md", "notes.txt", "notes.vtt", "notes.srt"};
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err;
	unsigned k = pick(&data, &size, 4);
	struct notes *n = notes_parse(names[k], (const char *)data, size, &d, &err);

	if (n) {
		char ctx[80];
		size_t i;
		assert_int_equal(n->len, size);
		assert_memory_equal(n->data, data, size);
		for (i = 0; i < n->nlines; i++)
			notes_context(n, n->lines[i].off, ctx, sizeof ctx);
	}
	notes_free(n);
	ak_diags_release(&d);
}

static void replay_score(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"notes.md", "notes.txt", "notes.vtt", "notes.srt"};
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err = AK_OK;
	char path[1024];
	struct bank *b;
	struct facts *f;
	struct score_opts o;
	struct notes *n;
	struct ak_buf out = AK_BUF_INIT;
	unsigned k = pick(&data, &size, 8);

	snprintf(path, sizeof path, "%s/question-banks/iso27001-2022/bank.json", srcdir());
	b = bank_load(path, &d, &err);
	assert_non_null(b);
	assert_int_equal(bank_jit(b), AK_OK);
	snprintf(path, sizeof path, "%s/samples/facts.json", srcdir());
	f = facts_load(path, &d, &err);
	assert_non_null(f);
	memset(&o, 0, sizeof o);
	o.bank = b;
	o.facts = f;
	snprintf(path, sizeof path, "%s/rules/assertions-en.json", srcdir());
	o.env = score_env_new(b, f, path, &d, &err);
	assert_non_null(o.env);
	o.facts_file = "facts.json";
	o.facts_sha256 = "0000000000000000000000000000000000000000000000000000000000000000";
	if (k >= 4) {
		o.interviewee = "Maria Keller";
		o.role = "ceo";
		o.date = "2026-11-18";
		o.auditor = "Jonas Osei";
		o.audit = "stage2";
	}
	n = notes_parse(names[k % 4], (const char *)data, size, &d, &err);
	if (n && !err)
		(void)score_notes(&o, n, n->sha256, &out, NULL, &d);
	ak_buf_release(&out);
	notes_free(n);
	score_env_free(o.env);
	facts_free(f);
	bank_free(b);
	ak_diags_release(&d);
}

static void replay_bank(const uint8_t *data, size_t size)
{
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err = AK_OK;
	char path[1024];
	struct bank *b;

	tmpfile_of("bank.json", data, size, path, sizeof path);
	b = bank_load(path, &d, &err);
	if (b)
		(void)bank_jit(b);
	bank_free(b);
	ak_diags_release(&d);
}

static void replay_facts(const uint8_t *data, size_t size)
{
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err = AK_OK;

	facts_free(facts_parse("facts.json", (const char *)data, size, &d, &err));
	ak_diags_release(&d);
}

static void replay_csv(const uint8_t *data, size_t size)
{
	static const char delims[] = {0, ',', ';', '\t'};
	unsigned k = pick(&data, &size, 8);
	struct csv_opts o = {delims[k % 4], k >= 4 ? 64 : 0};
	struct csv_record rec;
	struct csv_reader *r;
	FILE *fp;
	size_t i;

	if (size == 0)
		return;
	fp = fmemopen((void *)data, size, "rb");
	assert_non_null(fp);
	r = csv_open(fp, &o);
	assert_non_null(r);
	while (csv_read(r, &rec) == 1)
		for (i = 0; i < rec.n; i++)
			assert_int_equal(rec.field[i][rec.len[i]], '\0');
	csv_close(r);
	fclose(fp);
}

static void replay_sources(const uint8_t *data, size_t size)
{
	static const char *const shapes[] = {"csv",  "json",       "ciso-assistant",
					     "jira", "servicenow", "simplerisk"};
	unsigned k = pick(&data, &size, 12);
	struct src_config c = {0};
	struct src_page p = {(const char *)data, size, "page",
			     "https://example.org/api/risks?page=1", NULL, 1};
	json_t *cm = json_pack("{s:s, s:s, s:s}", "id", "Ref No", "title", "Risk", "owner", "Owner");
	json_t *fm = json_pack("{s:s, s:s, s:s}", "owner", "fields.assignee.displayName", "level",
			       "score|rating.value", "id", "key|items.0.id");
	struct risk_list l;
	char *next = NULL;

	c.format = shapes[k % 6];
	c.url = p.url;
	if (k >= 6) {
		c.column_map = cm;
		c.field_map = fm;
		c.path = "data.items";
		c.next = "links.next";
		p.link_next = "/api/risks?page=2";
		p.number = 2;
	}
	risk_list_init(&l);
	if (src_parse_page(&c, &p, &l, &next) == AK_OK)
		risk_list_finish(&l);
	free(next);
	risk_list_release(&l);
	json_decref(cm);
	json_decref(fm);
}

static void replay_policy(const uint8_t *data, size_t size)
{
	static const char *const formats[] = {"text", "markdown", "html", "confluence"};
	unsigned k = pick(&data, &size, 4);
	char *text = NULL, *title = NULL, date[11];
	struct policy_facts f;

	if (policy_to_text(formats[k], (const char *)data, size, "policy", &text, &title) == AK_OK &&
	    text) {
		if (policy_extract(text, title, &f) == AK_OK)
			policy_facts_release(&f);
		(void)policy_parse_date(text, date);
	}
	free(text);
	free(title);
}

static void replay_rules(const uint8_t *data, size_t size)
{
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err = AK_OK;

	rules_free(rules_parse("rules.json", (const char *)data, size, &d, &err));
	ak_diags_release(&d);
}

static void replay_scored(const uint8_t *data, size_t size)
{
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err = AK_OK;

	scored_free(scored_parse("x.scored.json", (const char *)data, size, &d, &err));
	ak_diags_release(&d);
}

static ak_err count_finding(const struct grade_finding *f, void *ctx)
{
	(void)f;
	(*(size_t *)ctx)++;
	return AK_OK;
}

static void replay_manual(const uint8_t *data, size_t size)
{
	struct ak_diags d = AK_DIAGS_INIT;
	struct manual *m = NULL;
	char path[1024];
	size_t n = 0;

	tmpfile_of("manual.csv", data, size, path, sizeof path);
	if (manual_open(path, &m) == AK_OK && manual_scan(m, &d) == AK_OK &&
	    manual_each(m, count_finding, &n) == AK_OK)
		assert_int_equal(n, manual_nfindings(m));
	manual_close(m);
	ak_diags_release(&d);
}

static void replay_sample_plan(const uint8_t *data, size_t size)
{
	struct sp_plan p;
	char path[1024];
	FILE *null = fopen("/dev/null", "w");

	assert_non_null(null);
	tmpfile_of("plan.json", data, size, path, sizeof path);
	sp_plan_init(&p);
	if (sp_read(path, &p) == AK_OK) {
		sp_plan_sort(&p);
		(void)sp_write_json(null, &p);
		(void)sp_write_csv(null, &p);
	}
	sp_plan_release(&p);
	fclose(null);
}

static void replay_population(const uint8_t *data, size_t size)
{
	static const enum pop_format formats[] = {POP_CSV, POP_JSON, POP_JSONL};
	static const char *const keep[] = {"site", "description"};
	static const struct pop_where where[] = {{"department", "IT", true},
						 {"site", "Berlin", false}};
	unsigned k = pick(&data, &size, 24);
	struct pop_opts o = {0};
	struct pop_reader *r = NULL;
	struct pop_row row;
	char path[1024];
	bool got = true;

	tmpfile_of("population", data, size, path, sizeof path);
	o.path = path;
	o.format = formats[k % 3];
	o.id_column = "id";
	if (k & 4) {
		o.strata_column = "department";
		o.value_column = "amount";
	}
	if (k & 8) {
		o.keep = keep;
		o.nkeep = 2;
	}
	if (k >= 16) {
		o.where = where;
		o.nwhere = 1 + (k & 1);
		o.rewindable = true;
	}
	if (pop_open(&o, &r) == AK_OK) {
		while (pop_next(r, &row, &got) == AK_OK && got)
			;
		if (o.rewindable && !got && pop_rewind(r) == AK_OK)
			while (pop_next(r, &row, &got) == AK_OK && got)
				;
	}
	pop_close(r);
}

static void replay_dates(const uint8_t *data, size_t size)
{
	static const struct ak_date ref = {2026, 11, 18, DATE_DAY};
	struct date_hit hits[16];
	struct ak_date dt;
	char *s = malloc(size + 1), out[32];
	size_t n, i;

	assert_non_null(s);
	memcpy(s, data, size);
	s[size] = '\0';
	n = dates_find(s, size, &ref, hits, 16);
	for (i = 0; i < n && i < 16; i++) {
		assert_true(hits[i].off <= size && hits[i].len <= size - hits[i].off);
		date_format(&hits[i].date, out, sizeof out);
	}
	if (date_parse_iso(s, &dt))
		date_format(&dt, out, sizeof out);
	free(s);
}

/* ---- the walk ---------------------------------------------------------- */

/* Feed every file of tests/fuzz/regress/<name>/ to fn; a missing folder
 * holds no reproducers. */
static void replay_dir(const char *name, void (*fn)(const uint8_t *, size_t))
{
	char dir[1024], path[2048];
	struct dirent *e;
	DIR *dp;

	snprintf(dir, sizeof dir, "%s/tests/fuzz/regress/%s", srcdir(), name);
	dp = opendir(dir);
	if (!dp)
		return;
	while ((e = readdir(dp)) != NULL) {
		uint8_t *data;
		size_t len;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		print_message("replay %s/%s\n", name, e->d_name);
		data = slurp(path, &len);
		fn(data, len);
		free(data);
	}
	closedir(dp);
}

static void test_bank(void **state)
{
	(void)state;
	replay_dir("bank", replay_bank);
}

static void test_facts(void **state)
{
	(void)state;
	replay_dir("facts", replay_facts);
}

static void test_notes(void **state)
{
	(void)state;
	replay_dir("notes", replay_notes);
}

static void test_csv(void **state)
{
	(void)state;
	replay_dir("csv", replay_csv);
}

static void test_sources(void **state)
{
	(void)state;
	replay_dir("sources", replay_sources);
}

static void test_policy(void **state)
{
	(void)state;
	replay_dir("policy", replay_policy);
}

static void test_rules(void **state)
{
	(void)state;
	replay_dir("rules", replay_rules);
}

static void test_scored(void **state)
{
	(void)state;
	replay_dir("scored", replay_scored);
}

static void test_manual(void **state)
{
	(void)state;
	replay_dir("manual", replay_manual);
}

static void test_sample_plan(void **state)
{
	(void)state;
	replay_dir("sample_plan", replay_sample_plan);
}

static void test_population(void **state)
{
	(void)state;
	replay_dir("population", replay_population);
}

static void test_dates(void **state)
{
	(void)state;
	replay_dir("dates", replay_dates);
}

static void test_score(void **state)
{
	(void)state;
	replay_dir("score", replay_score);
}

int main(void)
{
	static const char *const files[] = {"bank.json", "manual.csv", "plan.json", "population"};
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bank),
		cmocka_unit_test(test_facts),
		cmocka_unit_test(test_notes),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_sources),
		cmocka_unit_test(test_policy),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_scored),
		cmocka_unit_test(test_manual),
		cmocka_unit_test(test_sample_plan),
		cmocka_unit_test(test_population),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_score),
	};
	char path[128];
	size_t i;
	int rc;

	alarm(30); /* a reproducer that hangs fails the test instead of the whole run */
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	if (tmpdir[0]) {
		for (i = 0; i < sizeof files / sizeof *files; i++) {
			snprintf(path, sizeof path, "%s/%s", tmpdir, files[i]);
			unlink(path);
		}
		rmdir(tmpdir);
	}
	return rc;
}
