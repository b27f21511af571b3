/* test_probes.c: every knowledge probe and every contradiction, on small
 * records written here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "score/probes.h"

static const char facts_text[] =
	"{\"format\": \"auditkit-facts/1\",\n"
	" \"policy\": {\"version\": \"3.1\", \"approved\": \"2026-02-10\",\n"
	"   \"approver\": \"Maria Keller, Chief Executive Officer\", \"owner\": \"Tom Brandt\",\n"
	"   \"commitments\": [\"meet applicable information security requirements from law and contracts\",\n"
	"                   \"continually improve the ISMS\"],\n"
	"   \"objectives\": [\"fewer than 3 % of staff click the quarterly phishing simulation\",\n"
	"                  \"restore the warehouse management system within 4 hours\"]},\n"
	" \"roles\": [{\"role\": \"ISMS owner\", \"name\": \"Tom Brandt\"}, {\"role\": \"IT Director\", \"name\": \"Priya Raman\"}],\n"
	" \"risks\": [\n"
	"  {\"id\": \"R-07\", \"title\": \"Ransomware on warehouse management system\", \"level\": 20},\n"
	"  {\"id\": \"R-12\", \"title\": \"Loss of key freight booking supplier\", \"level\": 12},\n"
	"  {\"id\": \"R-15\", \"title\": \"Phishing-led payment fraud\", \"level\": 16},\n"
	"  {\"id\": \"R-30\", \"title\": \"Lost laptop with customer data\", \"level\": 4},\n"
	"  {\"id\": \"R-31\", \"title\": \"Customer data sold by an insider\", \"level\": 2}],\n"
	" \"management_review\": {\"date\": \"2026-09-15\", \"attendees\": [\"Maria Keller\", \"Tom Brandt\"],\n"
	"   \"decisions\": [\"Fund a 24x7 managed security operations service from January 2027\",\n"
	"                 \"Run the phishing simulation monthly instead of quarterly\"],\n"
	"   \"resources\": [\"EUR 180,000 for the managed SOC service in 2027\", \"One additional security engineer\"]}}\n";

static const char bank_text[] =
	"{\"format\": \"auditkit-question-bank/1\", \"id\": \"t\", \"standard\": \"S\", \"version\": \"1.0.0\",\n"
	" \"language\": \"en\", \"clauses\": {\"6.1\": {\"title\": \"R\"}},\n"
	" \"synonyms\": [[\"supplier\", \"vendor\", \"third party\"],\n"
	"              [\"SOC\", \"security operations service\"]],\n"
	" \"questions\": []}\n";

static struct facts *facts;
static struct bank *bank;
static struct probe_ctx *ctx;
static const struct ak_date interview = {2026, 11, 18, DATE_DAY};

/* An answer held in one place, built from lines of text. */
struct built {
	struct text t;
	struct words w;
	struct date_hit dates[32];
	struct word_index *ix;
	size_t *lines;
	struct answer a;
};

static void build(struct built *b, const char *const *lines, size_t n)
{
	size_t i, off = 0;

	memset(b, 0, sizeof *b);
	text_init(&b->t);
	for (i = 0; i < n; i++) {
		text_add(&b->t, lines[i], strlen(lines[i]), off);
		off += strlen(lines[i]) + 1;
	}
	assert_true(words_split(b->t.s ? b->t.s : "", b->t.len, &b->w));
	b->a.text = &b->t;
	b->a.words = &b->w;
	b->a.dates = b->dates;
	b->a.ndates = dates_find(b->t.s ? b->t.s : "", b->t.len, &interview, b->dates, 32);
	assert_true(probe_answer_index(&b->a, &b->ix, &b->lines));
}

static void release(struct built *b)
{
	text_release(&b->t);
	words_release(&b->w);
	word_index_free(b->ix);
	free(b->lines);
}

/* Run probe kind on the lines; the number named, and whether it is met. */
static size_t run(enum bank_probe_kind kind, int min, int of, const char *const *lines, size_t n,
		  bool *met, char *first, size_t nfirst)
{
	struct bank_probe p = {kind, min, of, NULL};
	struct probe_result r;
	struct built b;
	size_t found;

	build(&b, lines, n);
	assert_true(probe_run(ctx, &p, &b.a, &r));
	*met = r.met;
	found = r.nfound;
	if (first)
		snprintf(first, nfirst, "%s", r.nfound ? r.found[0].fact : "");
	probe_result_release(&r);
	release(&b);
	return found;
}

static int setup(void **state)
{
	struct ak_diags d = AK_DIAGS_INIT;
	char path[] = "/tmp/ak-probes-XXXXXX";
	int fd = mkstemp(path);
	ak_err err;
	(void)state;

	if (fd < 0 || write(fd, bank_text, sizeof bank_text - 1) < 0)
		return -1;
	close(fd);
	bank = bank_load(path, &d, &err);
	unlink(path);
	facts = facts_parse("f.json", facts_text, sizeof facts_text - 1, &d, &err);
	ak_diags_release(&d);
	if (!bank || !facts)
		return -1;
	ctx = probe_ctx_new(facts, bank);
	return ctx && probe_ctx_interview(ctx, &interview, "Sofia Lindqvist") ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	probe_ctx_free(ctx);
	facts_free(facts);
	bank_free(bank);
	return 0;
}

#define LINES(...) (const char *const[]){__VA_ARGS__}, sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)

static void test_top_risks(void **state)
{
	bool met;
	char first[128];
	(void)state;

	/* a word only one title holds names the risk on its own */
	assert_int_equal(run(PROBE_TOP_RISKS, 1, 5, LINES("the ransomeware thing worries me"), &met, first, sizeof first), 1);
	assert_true(met);
	assert_string_equal(first, "R-07 Ransomware on warehouse management system");
	/* two words of a title on one line; a synonym counts ("vendor") */
	assert_int_equal(run(PROBE_TOP_RISKS, 2, 5, LINES("losing our booking vendor", "payment fraud"), &met, NULL, 0), 2);
	assert_true(met);
	/* two common words on different lines name nothing; on one they do */
	assert_int_equal(run(PROBE_TOP_RISKS, 1, 5, LINES("our customer", "data"), &met, NULL, 0), 0);
	assert_false(met);
	assert_int_equal(run(PROBE_TOP_RISKS, 1, 5, LINES("customer data"), &met, first, sizeof first), 2);
	assert_string_equal(first, "R-30 Lost laptop with customer data");
	/* the id names the risk; "of" limits the top */
	assert_int_equal(run(PROBE_TOP_RISKS, 1, 1, LINES("R-15 and R-30"), &met, NULL, 0), 0);
	assert_int_equal(run(PROBE_TOP_RISKS, 1, 2, LINES("R-15 and R-30"), &met, NULL, 0), 1);
	assert_int_equal(run(PROBE_TOP_RISKS, 1, 5, LINES("R-15 and R-30"), &met, NULL, 0), 2);
	/* "management system" alone is two common words of one title */
	assert_int_equal(run(PROBE_TOP_RISKS, 1, 5, LINES("our management system is fine"), &met, NULL, 0), 1);
}

static void test_lists(void **state)
{
	bool met;
	(void)state;

	/* a number and a word: "under 3 % click" names the phishing objective */
	assert_int_equal(run(PROBE_POLICY_OBJECTIVES, 1, 5, LINES("phishing clicks under 3%"), &met, NULL, 0), 1);
	assert_true(met);
	/* the field's common words do not name a commitment */
	assert_int_equal(run(PROBE_POLICY_COMMITMENTS, 1, 5, LINES("information security is important"), &met, NULL, 0), 0);
	assert_int_equal(run(PROBE_POLICY_COMMITMENTS, 2, 5, LINES("we meet requirements of law", "we continually improve"), &met, NULL, 0), 2);
	assert_true(met);
	/* "SOC" names the record that spells out the service */
	assert_int_equal(run(PROBE_REVIEW_DECISIONS, 1, 5, LINES("we funded the SOC"), &met, NULL, 0), 1);
	assert_int_equal(run(PROBE_REVIEW_RESOURCES, 2, 5, LINES("180k for the SOC", "and one additional engineer"), &met, NULL, 0), 2);
	assert_true(met);
	/* a minimum larger than the list is met by all of it */
	assert_int_equal(run(PROBE_REVIEW_DECISIONS, 5, 5, LINES("SOC", "phishing simulation monthly"), &met, NULL, 0), 2);
	assert_true(met);
}

static void test_policy_and_people(void **state)
{
	bool met;
	(void)state;

	assert_int_equal(run(PROBE_POLICY_VERSION, 1, 5, LINES("it is v3.1 now"), &met, NULL, 0), 1);
	assert_int_equal(run(PROBE_POLICY_VERSION, 1, 5, LINES("version 3"), &met, NULL, 0), 0);
	assert_int_equal(run(PROBE_POLICY_APPROVAL, 1, 5, LINES("approved last February"), &met, NULL, 0), 1);
	assert_int_equal(run(PROBE_POLICY_APPROVAL, 1, 5, LINES("approved 10/02/2026"), &met, NULL, 0), 1);
	/* a bare year is not knowing the date */
	assert_int_equal(run(PROBE_POLICY_APPROVAL, 1, 5, LINES("approved in 2026"), &met, NULL, 0), 0);
	assert_int_equal(run(PROBE_POLICY_APPROVER, 1, 5, LINES("the CEO signed it"), &met, NULL, 0), 1);
	assert_int_equal(run(PROBE_POLICY_APPROVER, 1, 5, LINES("Keller signed it"), &met, NULL, 0), 1);
	assert_int_equal(run(PROBE_POLICY_OWNER, 1, 5, LINES("Tom owns it"), &met, NULL, 0), 1);
	assert_int_equal(run(PROBE_ISMS_OWNER, 1, 5, LINES("that is Brandt"), &met, NULL, 0), 1);
	assert_int_equal(run(PROBE_ROLES, 2, 5, LINES("Tom and Priya"), &met, NULL, 0), 2);
	assert_true(met);
	assert_int_equal(run(PROBE_REVIEW_DATE, 1, 5, LINES("the MR in September"), &met, NULL, 0), 1);
	assert_int_equal(run(PROBE_REVIEW_DATE, 1, 5, LINES("the MR in March"), &met, NULL, 0), 0);
}

static void test_first_person_approval(void **state)
{
	bool met;
	(void)state;

	/* "I signed it" names the approver only when the interviewee is one */
	assert_int_equal(run(PROBE_POLICY_APPROVER, 1, 5, LINES("I signed it myself"), &met, NULL, 0), 0);
	assert_true(probe_ctx_interview(ctx, &interview, "Maria Keller"));
	assert_int_equal(run(PROBE_POLICY_APPROVER, 1, 5, LINES("I signed it myself"), &met, NULL, 0), 1);
	assert_true(probe_ctx_interview(ctx, &interview, "Sofia Lindqvist"));
}

static void test_lines_marked_against_name_nothing(void **state)
{
	struct bank_probe p = {PROBE_TOP_RISKS, 1, 5, NULL};
	struct probe_result r;
	struct built b;
	bool against[8] = {true, true, true, true, true, true, true, true};
	(void)state;

	build(&b, LINES("not aware of the ransomware risk"));
	b.a.word_against = against;
	assert_true(probe_run(ctx, &p, &b.a, &r));
	assert_int_equal(r.nfound, 0);
	probe_result_release(&r);
	release(&b);
}

/* A risk named by its id: the quote is the id itself, not a longer word
 * that begins with it, and not an id on a line marked against. */
static void test_risk_id_quote(void **state)
{
	struct bank_probe p = {PROBE_TOP_RISKS, 1, 5, NULL};
	struct probe_result r;
	struct built b;
	bool against[16] = {false};
	(void)state;

	build(&b, LINES("ticket R-070 is closed, R-07 is not"));
	assert_true(probe_run(ctx, &p, &b.a, &r));
	assert_int_equal(r.nfound, 1);
	assert_int_equal(r.found[0].len, 4);
	assert_memory_equal(b.t.s + r.found[0].off, "R-07", 4);
	assert_int_equal(b.t.s[r.found[0].off + 4], ' ');
	probe_result_release(&r);
	release(&b);

	/* "R-07" only on a line marked against (words 0-2), "R-15" on one not */
	build(&b, LINES("R-07 maybe", "R-15 yes"));
	against[0] = against[1] = against[2] = true;
	b.a.word_against = against;
	assert_true(probe_run(ctx, &p, &b.a, &r));
	assert_int_equal(r.nfound, 1);
	assert_string_equal(r.found[0].fact, "R-15 Phishing-led payment fraud");
	probe_result_release(&r);
	release(&b);
}

/* The approver's initials only on a line marked against do not keep the
 * role, written out on another line, from naming the approver. */
static void test_approver_role_after_initials(void **state)
{
	struct bank_probe p = {PROBE_POLICY_APPROVER, 1, 1, NULL};
	struct probe_result r;
	struct built b;
	bool against[16] = {false};
	size_t i;
	(void)state;

	build(&b, LINES("the CEO I think", "the chief executive officer signed it"));
	for (i = 0; i < b.w.n && b.w.v[i].off < strlen("the CEO I think"); i++)
		against[i] = true;
	b.a.word_against = against;
	assert_true(probe_run(ctx, &p, &b.a, &r));
	assert_int_equal(r.nfound, 1);
	probe_result_release(&r);
	release(&b);
}

static size_t contra(const char *const *lines, size_t n, char *topics, size_t nt)
{
	struct contradiction c[8];
	struct built b;
	size_t k, i;

	build(&b, lines, n);
	k = probe_contradictions(ctx, &b.a, c, 8);
	topics[0] = '\0';
	for (i = 0; i < k; i++) {
		strncat(topics, c[i].topic, nt - strlen(topics) - 2);
		strncat(topics, ";", nt - strlen(topics) - 1);
		contradiction_release(&c[i]);
	}
	release(&b);
	return k;
}

static void test_contradictions(void **state)
{
	char t[256];
	(void)state;

	assert_int_equal(contra(LINES("the policy was last approved in 2023"), t, sizeof t), 1);
	assert_string_equal(t, "policy approval;");
	/* agreeing dates are no contradiction */
	assert_int_equal(contra(LINES("the policy was approved in February 2026"), t, sizeof t), 0);
	assert_int_equal(contra(LINES("policy version 2.0 is current"), t, sizeof t), 1);
	assert_string_equal(t, "policy version;");
	/* the version as the answer's last word counts too */
	assert_int_equal(contra(LINES("the policy we follow is v2"), t, sizeof t), 1);
	assert_string_equal(t, "policy version;");
	assert_int_equal(contra(LINES("the management review was in March"), t, sizeof t), 1);
	assert_string_equal(t, "management review date;");
	/* the interviewee is not on the attendance list */
	assert_int_equal(contra(LINES("I attend every management review"), t, sizeof t), 1);
	assert_string_equal(t, "management review attendance;");
	assert_int_equal(contra(LINES("I never attend the management review"), t, sizeof t), 0);
	/* approval nine months before the interview: "every year" holds */
	assert_int_equal(contra(LINES("we review the policy every year"), t, sizeof t), 0);
	/* a date on one line and the policy on another are not one claim */
	assert_int_equal(contra(LINES("approved in 2023", "the policy"), t, sizeof t), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_top_risks),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_policy_and_people),
		cmocka_unit_test(test_first_person_approval),
		cmocka_unit_test(test_lines_marked_against_name_nothing),
		cmocka_unit_test(test_risk_id_quote),
		cmocka_unit_test(test_approver_role_after_initials),
		cmocka_unit_test(test_contradictions),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
