/* test_review.c: management-review minutes in the layouts secretaries use
 * (tests/fixtures/review/), the three evaluation organisations' minutes
 * (tests/eval/orgs/), the sample's, and documents that are not minutes. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "evidence/review.h"

static char *file(const char *rel, size_t *len)
{
	const char *src = getenv("AK_SRCDIR");
	char path[1024], *data = NULL;

	snprintf(path, sizeof path, "%s/%s", src ? src : ".", rel);
	assert_int_equal(ak_read_file(path, 0, &data, len), AK_OK);
	return data;
}

/* Parse a file of the tree; it must be read without a problem. */
static void load(const char *rel, const char *format, struct review_facts *f)
{
	struct ak_diags d = AK_DIAGS_INIT;
	size_t len;
	char *data = file(rel, &len);
	ak_err err = review_parse(format, data, len, rel, f, &d);

	if (err)
		ak_diags_print(&d);
	assert_int_equal(err, AK_OK);
	assert_int_equal(d.n, 0);
	ak_diags_release(&d);
	free(data);
}

/* Parse a string. */
static void text(const char *md, struct review_facts *f)
{
	assert_int_equal(review_extract(md, NULL, f), AK_OK);
}

/* The list is exactly the NULL-terminated names given. */
static void list_is(char **v, size_t n, ...)
{
	va_list ap;
	const char *want;
	size_t i = 0;

	va_start(ap, n);
	while ((want = va_arg(ap, const char *)) != NULL) {
		assert_true(i < n);
		assert_string_equal(v[i], want);
		i++;
	}
	va_end(ap);
	assert_int_equal(i, n);
}

/* Decision i is text, with owner and amount (NULL: none). */
static void decision_is(const struct review_facts *f, size_t i, const char *text,
			const char *owner, const char *amount)
{
	const struct review_decision *d;

	assert_true(i < f->ndecisions);
	d = &f->decisions[i];
	assert_string_equal(d->text, text);
	if (owner)
		assert_string_equal(d->owner, owner);
	else
		assert_null(d->owner);
	if (amount)
		assert_string_equal(d->amount, amount);
	else
		assert_null(d->amount);
}

static void str_is(const char *got, const char *want)
{
	if (want)
		assert_string_equal(got, want);
	else
		assert_null(got);
}

/* ======================================================================
 * The evaluation organisations' minutes and the sample's
 * ====================================================================== */

/* Markdown: a key/value table, Present and Apologies lists, a decisions
 * table with Amount and Owner, a previous-actions section to ignore. */
static void test_eval_brackwater(void **state)
{
	struct review_facts f;
	(void)state;
	load("tests/eval/orgs/brackwater/review.md", "markdown", &f);
	str_is(f.date, "2026-06-17");
	str_is(f.chair, "Alison Treharne");
	str_is(f.next_review, "2026-12-09");
	list_is(f.attendees, f.nattendees, "Alison Treharne", "Desmond Fairley", "Kieran Lusk",
		"Simon Achterberg", "Nadia Quist", "Dylan Pugh", "Ruth Ellery", "Gwen Pritchard",
		NULL);
	list_is(f.apologies, f.napologies, "Owen Kettlewell", "Bethan Morgan", NULL);
	assert_int_equal(f.ndecisions, 8);
	decision_is(&f, 0,
		    "Fund phase 2 of control network separation for the remaining five works",
		    "Operations Director", "\xc2\xa3" "340,000 capital");
	decision_is(&f, 3, "Recruit one OT security engineer in Operations",
		    "Operations Director with People Director", "1 FTE");
	decision_is(&f, 7, "Mock certification audit of top management in October 2026",
		    "Internal Audit Manager", "within Internal Audit plan");
	assert_int_equal(f.nresources, 4);
	assert_string_equal(f.resources[0],
			    "\xc2\xa3" "340,000 capital for control network separation phase 2 (D1)");
	assert_string_equal(f.resources[3], "One additional OT security engineer, permanent (D4)");
	review_facts_release(&f);
}

/* HTML: <th> key rows, lists, a decisions table, the <title>. */
static void test_eval_pennant(void **state)
{
	struct review_facts f;
	(void)state;
	load("tests/eval/orgs/pennant/review.html", "html", &f);
	str_is(f.date, "2026-05-21");
	str_is(f.chair, "Marcus Delahaye");
	str_is(f.next_review, "2026-12-02");
	assert_int_equal(f.nattendees, 9);
	assert_string_equal(f.attendees[0], "Marcus Delahaye");
	assert_string_equal(f.attendees[8], "Sam Okoro");
	list_is(f.apologies, f.napologies, "Colette Brannigan", NULL);
	assert_int_equal(f.ndecisions, 7);
	decision_is(&f, 0,
		    "Replace all 312 kiosk PIN pads with point-to-point encryption (P2PE) "
		    "validated devices",
		    "Chief Financial Officer, rollout with the Chief Operating Officer",
		    "\xc2\xa3" "410,000 capital");
	decision_is(&f, 4, "Managed detection and response service for head office and venues",
		    "Chief Technology Officer", "\xc2\xa3" "150,000 a year");
	/* "none" in the Amount column is no amount */
	assert_null(f.decisions[6].amount);
	assert_int_equal(f.nresources, 4);
	review_facts_release(&f);
}

/* Confluence storage format, bare: <time datetime/>, bold labels in one
 * Attendance section, entities, a task list of actions that are not the
 * decisions. */
static void test_eval_calder(void **state)
{
	struct review_facts f;
	(void)state;
	load("tests/eval/orgs/calder/review.xml", "confluence", &f);
	str_is(f.date, "2026-07-14");
	str_is(f.chair, "Dr Helen Ashworth");
	str_is(f.next_review, "2027-01-19");
	list_is(f.attendees, f.nattendees, "Dr Helen Ashworth", "Martin Greaves",
		"Dr Owen Pritchard", "Lorraine Bates", "Neil Forsyth", "Sunita Rao", "Rachel Kemp",
		"Dave Holroyd", NULL);
	list_is(f.apologies, f.napologies, "Gareth Doyle", "Kelly Marsden", NULL);
	assert_int_equal(f.ndecisions, 7);
	decision_is(&f, 1,
		    "Contract a 24/7 managed detection and response service for all servers and "
		    "endpoints",
		    "Neil Forsyth", "\xc2\xa3" "46,500 a year (three-year term)");
	decision_is(&f, 5,
		    "Booking centre: three-point identity check before any appointment or results "
		    "information is given; move card payments to pause-and-resume so card numbers "
		    "are not recorded",
		    "Gareth Doyle (Kelly Marsden day to day)", "\xc2\xa3" "9,800 one-off");
	assert_null(f.decisions[6].amount); /* "None" */
	assert_int_equal(f.nresources, 4);
	assert_string_equal(f.resources[0],
			    "\xc2\xa3" "112,000 capital for the imaging workstation upgrades (D1)");
	review_facts_release(&f);
}

/* Markdown without headings: bold label lines, "Present:" and "Apologies:"
 * lines with reasons, the date in the preamble, an Amount (NOK) column,
 * resources in a sentence, a committee's "next meeting" that is not ours. */
static void test_eval_norvik(void **state)
{
	struct review_facts f;
	(void)state;
	load("tests/eval/orgs/norvik/review.md", "markdown", &f);
	str_is(f.date, "2026-08-27");
	str_is(f.chair, "Ingrid Solberg");
	str_is(f.next_review, "2027-02-25");
	list_is(f.attendees, f.nattendees, "Ingrid Solberg", "Henrik Aasen", "Marius Lie",
		"Camilla Strand", "Jonas Haugland", "Amira Khalid", "Siri Dahl", NULL);
	list_is(f.apologies, f.napologies, "Kristoffer Moe", "Fredrik Lund", NULL);
	assert_int_equal(f.ndecisions, 7);
	decision_is(&f, 0,
		    "Secrets scanning in all repositories and short-lived cloud credentials "
		    "issued through a vault; remove all long-lived keys",
		    "Marius Lie", "NOK 1,150,000 per year");
	decision_is(&f, 4, "Enforce MFA for all Merchant Portal admin users",
		    "Fredrik Lund (build: Marius Lie)", "Internal effort, no budget");
	assert_int_equal(f.nresources, 1);
	assert_non_null(strstr(f.resources[0], "Total NOK 4,980,000"));
	review_facts_release(&f);
}

/* The sample organisation: what samples/facts.json says of the review, and
 * the COO's apologies. */
static void test_sample(void **state)
{
	struct review_facts f;
	(void)state;
	load("samples/review.md", "markdown", &f);
	str_is(f.date, "2026-09-15");
	str_is(f.chair, "Maria Keller");
	str_is(f.next_review, "2027-03-16");
	list_is(f.attendees, f.nattendees, "Maria Keller", "Daniel Okafor", "Tom Brandt",
		"Priya Raman", "Lena Vos", NULL);
	list_is(f.apologies, f.napologies, "Sofia Lindqvist", NULL);
	assert_int_equal(f.ndecisions, 5);
	decision_is(&f, 0, "Fund a 24x7 managed security operations service from January 2027",
		    "Tom Brandt", "EUR 180,000 a year");
	decision_is(&f, 2,
		    "Separate the Antwerp warehouse OT network from the office network by March "
		    "2027",
		    "Priya Raman", "EUR 45,000");
	decision_is(&f, 3,
		    "Move WMS backups to immutable off-site storage and test a full restore every "
		    "quarter",
		    "Priya Raman", NULL);
	list_is(f.resources, f.nresources, "EUR 180,000 for the managed SOC service in 2027",
		"One additional security engineer",
		"EUR 45,000 for OT network segmentation at the Antwerp warehouse", NULL);
	review_facts_release(&f);
}

/* ======================================================================
 * Layouts (tests/fixtures/review/)
 * ====================================================================== */

/* No headings: a "Held on" line, inline lists with "(CEO, chair)", "Apologies:
 * none", "Decision:"/"Decided:"/"Agreed:" lines with bare and bracketed
 * annotations, "X to ..." as the owner, "Next meeting: ... (provisional)". */
static void test_inline(void **state)
{
	struct review_facts f;
	(void)state;
	load("tests/fixtures/review/inline.md", "markdown", &f);
	str_is(f.date, "2026-03-03");
	str_is(f.chair, "Ruth Okonkwo");
	str_is(f.next_review, "2026-09-08");
	list_is(f.attendees, f.nattendees, "Ruth Okonkwo", "Paul Hendry", "Imran Siddiqui",
		"Claire Dubois", "Ben Walsh", NULL);
	assert_true(f.has_apologies); /* "none": known, and empty */
	assert_int_equal(f.napologies, 0);
	assert_int_equal(f.ndecisions, 3);
	decision_is(&f, 0, "buy a mobile device management service for all laptops and phones",
		    "Imran Siddiqui", "EUR 12,500 a year");
	decision_is(&f, 1,
		    "Paul Hendry to renegotiate both hosting contracts with audit rights before "
		    "renewal",
		    "Paul Hendry", NULL);
	decision_is(&f, 2, "a second security analyst post", "Ruth Okonkwo",
		    "\xc2\xa3" "340k over three years");
	assert_false(f.has_resources);
	review_facts_release(&f);
}

/* Front matter, a "**Meeting date:**" day-first date, an attendance table
 * whose column says Present, ✓, ✗, Apologies or Teams, numbered decisions
 * with indented Owner and Budget lines, "Resources approved:" with ';'. */
static void test_attendance_table(void **state)
{
	struct review_facts f;
	(void)state;
	load("tests/fixtures/review/attendance-table.md", "markdown", &f);
	str_is(f.date, "2026-06-24");
	str_is(f.chair, "Henrik S\xc3\xb8rensen");
	str_is(f.next_review, "2026-12-09");
	list_is(f.attendees, f.nattendees, "Henrik S\xc3\xb8rensen", "Astrid Nilsen",
		"Lars Eriksen", "Kari Holm", NULL);
	list_is(f.apologies, f.napologies, "Mette Dahl", "Ole Berg", NULL);
	assert_int_equal(f.ndecisions, 3);
	decision_is(&f, 0, "Replace the firewall at the Bergen warehouse", "Lars Eriksen",
		    "NOK 1.2 million");
	decision_is(&f, 1, "Phishing training for all warehouse staff by the end of September",
		    "Mette Dahl", NULL);
	decision_is(&f, 2,
		    "Accept the residual risk of the legacy print server until it is retired in Q4",
		    "Henrik S\xc3\xb8rensen", NULL);
	list_is(f.resources, f.nresources, "NOK 1.2 million for the Bergen firewall",
		"0.5 FTE security support from the group SOC", NULL);
	review_facts_release(&f);
}

/* HTML: a definition list, a "Present | Apologies" table read by column
 * (with a <br> in a cell), an ordered list of decisions with "– Owner: X",
 * "owner X" and "(X, by ...)", the next review in a sentence. */
static void test_columns_html(void **state)
{
	struct review_facts f;
	(void)state;
	load("tests/fixtures/review/columns.html", "html", &f);
	str_is(f.date, "2026-06-11");
	str_is(f.chair, "Sabine Kr\xc3\xbcger");
	str_is(f.next_review, "2027-01-14");
	list_is(f.attendees, f.nattendees, "Sabine Kr\xc3\xbcger", "Tobias Braun",
		"Elif Y\xc4\xb1lmaz", NULL);
	list_is(f.apologies, f.napologies, "J\xc3\xbcrgen Wei\xc3\x9f", NULL);
	assert_int_equal(f.ndecisions, 3);
	decision_is(&f, 0, "Certification: go for ISO/IEC 27001 certification in 2027",
		    "Sabine Kr\xc3\xbcger", NULL);
	decision_is(&f, 1, "Buy a SIEM service for the two data centres: \xe2\x82\xac" "85k capex",
		    "Tobias Braun", "\xe2\x82\xac" "85k");
	decision_is(&f, 2, "Move the e-mail archive to the EU region of the cloud provider",
		    "Elif Y\xc4\xb1lmaz", NULL);
	review_facts_release(&f);
}

/* The REST API's JSON: a page-properties table (the chair a user link, the
 * attendees a list in a cell), macros and placeholders, and only an
 * "Action items" task list, which then stands for the decisions. */
static void test_confluence_json(void **state)
{
	struct review_facts f;
	(void)state;
	load("tests/fixtures/review/confluence-v1.json", "confluence", &f);
	str_is(f.date, "2026-10-06"); /* from the page title */
	str_is(f.chair, "Priya Natarajan");
	str_is(f.next_review, "2027-01-12");
	list_is(f.attendees, f.nattendees, "Priya Natarajan", "Marcus Webb", "Dana Ortiz", NULL);
	list_is(f.apologies, f.napologies, "Kenji Watanabe", NULL);
	assert_int_equal(f.ndecisions, 2);
	decision_is(&f, 0,
		    "Marcus Webb to release USD 1.2m for the zero-trust programme by 2026-11-01",
		    "Marcus Webb", "USD 1.2m");
	decision_is(&f, 1, "Dana Ortiz to retest the payment API", "Dana Ortiz", NULL);
	review_facts_release(&f);
}

/* Plain text: upper-case headings, an underlined title, columns aligned
 * with spaces, "(in the chair)", numbered sections with indented bodies,
 * "2.1" references, an amount written after its number, a previous
 * meeting's decision to ignore. */
static void test_plain_text(void **state)
{
	struct review_facts f;
	(void)state;
	load("tests/fixtures/review/plain.txt", "text", &f);
	str_is(f.date, "2026-01-29");
	str_is(f.chair, "Gillian Marsh");
	str_is(f.next_review, "2026-07-16");
	list_is(f.attendees, f.nattendees, "Gillian Marsh", "Anthony Cole", "Fiona McLeod",
		"Sean Doherty", NULL);
	list_is(f.apologies, f.napologies, "Rachel Adeyemi", NULL);
	assert_int_equal(f.ndecisions, 2);
	decision_is(&f, 0,
		    "The board approved the replacement of the tenant portal login with "
		    "multi-factor authentication, at a cost of 45 000 EUR",
		    "Head of ICT", "45 000 EUR");
	decision_is(&f, 1, "Cyber Essentials Plus to be achieved by July 2026",
		    "Director of Resources", NULL);
	review_facts_release(&f);
}

/* Prose only: "chaired by", "attended by", "Apologies were received from",
 * decisions as sentences over wrapped lines with an "Owner:" sentence,
 * resources in sentences (only those naming money). */
static void test_prose(void **state)
{
	struct review_facts f;
	(void)state;
	load("tests/fixtures/review/prose.md", "markdown", &f);
	str_is(f.date, "2026-10-02");
	str_is(f.chair, "Amelia Hart");
	str_is(f.next_review, "2027-04-09");
	list_is(f.attendees, f.nattendees, "Amelia Hart", "Rohan Mehta", "Sophie Laurent",
		"Tom\xc3\xa1s Rivera", NULL);
	list_is(f.apologies, f.napologies, "Nadia Petrova", "Jack Turner", NULL);
	assert_int_equal(f.ndecisions, 2);
	decision_is(&f, 0,
		    "The review decided to commission an external penetration test of the "
		    "customer portal before the end of the year",
		    "Rohan Mehta", NULL);
	assert_non_null(strstr(f.decisions[1].text, "incident response plan will be tested"));
	assert_int_equal(f.nresources, 2);
	assert_string_equal(f.resources[0],
			    "The board approved \xe2\x82\xac" "60,000 for the penetration test and "
			    "the follow-up work");
	review_facts_release(&f);
}

/* Front matter keys, an attendees table without a status column, "Absent:",
 * decisions as sub-headings with Owner and Cost lines under them, a
 * previous-actions section with a "Decision:" line, a resources table, a
 * next review with no whole date. */
static void test_subheadings(void **state)
{
	struct review_facts f;
	(void)state;
	load("tests/fixtures/review/subheadings.md", "markdown", &f);
	str_is(f.date, "2026-05-05");
	str_is(f.chair, "Olivia Brennan");
	assert_null(f.next_review); /* "November 2026, date to be confirmed" */
	list_is(f.attendees, f.nattendees, "Olivia Brennan", "Declan Murphy", "Aoife Kelly", NULL);
	list_is(f.apologies, f.napologies, "Ciar\xc3\xa1n Walsh", NULL);
	assert_int_equal(f.ndecisions, 2);
	decision_is(&f, 0, "Upgrade the VPN concentrators", "Declan Murphy", "EUR 22,000");
	decision_is(&f, 1, "Appoint a deputy security lead", "Aoife Kelly", NULL);
	list_is(f.resources, f.nresources, "VPN concentrators \xe2\x80\x93 EUR 22,000",
		"Deputy security lead (internal move) \xe2\x80\x93 1 FTE", NULL);
	review_facts_release(&f);
}

/* CRLF and a byte-order mark, curly apostrophes, a tab, "In attendance:"
 * with ';', a pipe-less table whose "Cost (£k)" heading gives currency and
 * multiplier, "n/a", upper-case headings. */
static void test_crlf(void **state)
{
	struct review_facts f;
	(void)state;
	load("tests/fixtures/review/crlf.md", "markdown", &f);
	str_is(f.date, "2026-04-14");
	str_is(f.chair, "Mariam Haddad");
	str_is(f.next_review, "2026-10-13");
	list_is(f.attendees, f.nattendees, "Mariam Haddad", "Kevin O\xe2\x80\x99" "Brien", "Li Wei",
		NULL);
	list_is(f.apologies, f.napologies, "Grace Mensah", NULL);
	assert_int_equal(f.ndecisions, 3);
	decision_is(&f, 0, "Renew the cyber insurance with ransomware cover",
		    "Kevin O\xe2\x80\x99" "Brien", "\xc2\xa3" "45k");
	decision_is(&f, 1, "Roll out password manager to all staff", "Li Wei", "\xc2\xa3" "6.5k");
	decision_is(&f, 2, "Review the BYOD policy", "Mariam Haddad", NULL);
	list_is(f.resources, f.nresources,
		"\xc2\xa3" "51.5k in total (insurance and password manager)", NULL);
	review_facts_release(&f);
}

/* ======================================================================
 * Small cases
 * ====================================================================== */

static void test_amounts(void **state)
{
	static const struct {
		const char *line, *amount;
	} cases[] = {
		{"- Fund the SOC (EUR 45,000)", "EUR 45,000"},
		{"- Fund the SOC: \xc2\xa3" "340k", "\xc2\xa3" "340k"},
		{"- Fund the SOC at NOK 1.2 million a year", "NOK 1.2 million"},
		{"- Fund the SOC for 45 000 \xe2\x82\xac", "45 000 \xe2\x82\xac"},
		{"- Fund the SOC for \xe2\x82\xac 2.5m", "\xe2\x82\xac 2.5m"},
		{"- Fund the SOC for USD1,000,000", "USD1,000,000"},
		{"- Fund the SOC for 30k euros", "30k euros"},
		{"- Fund the SOC for CHF 1'200'000", "CHF 1'200'000"},
		{"- Fund the SOC in 2027", NULL},
		{"- Hire 1 FTE for ISO 27001 in Q4", NULL},
		{"- Close D1 and R-07 by 31.12.2026", NULL},
		{"- Review the EURO 2028 sponsorship", NULL},
	};
	size_t i;
	(void)state;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char md[256];
		struct review_facts f;
		snprintf(md, sizeof md, "## Decisions\n\n%s\n", cases[i].line);
		text(md, &f);
		assert_int_equal(f.ndecisions, 1);
		if (cases[i].amount)
			assert_string_equal(f.decisions[0].amount, cases[i].amount);
		else
			assert_null(f.decisions[0].amount);
		review_facts_release(&f);
	}
}

static void test_people(void **state)
{
	struct review_facts f;
	(void)state;
	/* names out of roles, reasons and order */
	text("Present: Maria Keller, Chief Executive Officer, Daniel Okafor, CFO\n"
	     "In attendance: the CISO, Tom Brandt; Lena van der Vos (DPO, via Teams)\n"
	     "Apologies: Chief Operating Officer (Sofia Lindqvist) \xe2\x80\x93 travelling\n",
	     &f);
	list_is(f.attendees, f.nattendees, "Maria Keller", "Daniel Okafor", "Tom Brandt",
		"Lena van der Vos", NULL);
	list_is(f.apologies, f.napologies, "Sofia Lindqvist", NULL);
	assert_null(f.chair);
	review_facts_release(&f);
	/* roles only: kept as written */
	text("Attendees: CEO, CFO, Head of IT\n", &f);
	list_is(f.attendees, f.nattendees, "CEO", "CFO", "Head of IT", NULL);
	review_facts_release(&f);
	/* a sentence under "Apologies" is not a person */
	text("## Apologies\n\n- Sofia Lindqvist\n\nThe meeting was quorate with five members "
	     "present.\n",
	     &f);
	list_is(f.apologies, f.napologies, "Sofia Lindqvist", NULL);
	review_facts_release(&f);
	/* "sent apologies" */
	text("Maria Keller chaired. Daniel Okafor sent apologies.\n", &f);
	list_is(f.apologies, f.napologies, "Daniel Okafor", NULL);
	review_facts_release(&f);
}

/* What must not be taken: last review's decisions, a title that names
 * decisions, actions when decisions exist, an approval date. */
static void test_traps(void **state)
{
	struct review_facts f;
	(void)state;
	text("Minutes approved on 22 September 2026.\n"
	     "# Management review decisions\n\nHeld on 15 September 2026.\n\n"
	     "## Matters arising\n\n- Decision: move the backups (done)\n\n"
	     "## Risks\n\nThe top five risks were presented.\n\n"
	     "## Decisions\n\n1. Fund the SOC\n2. Monthly phishing tests\n\n"
	     "## Actions\n\n| Action | Owner |\n|---|---|\n| Send the minutes | Secretary |\n",
	     &f);
	str_is(f.date, "2026-09-15");
	assert_int_equal(f.ndecisions, 2);
	decision_is(&f, 0, "Fund the SOC", NULL, NULL);
	decision_is(&f, 1, "Monthly phishing tests", NULL, NULL);
	review_facts_release(&f);
	/* a numbered agenda: item 6 ends the decisions of item 5 */
	text("5. DECISIONS\n1. Fund the SOC\n6. Any other business\n   None.\n", &f);
	assert_int_equal(f.ndecisions, 1);
	review_facts_release(&f);
	/* "No decisions were taken." is none */
	text("## Decisions\n\nNo decisions were taken.\n", &f);
	assert_int_equal(f.ndecisions, 0);
	review_facts_release(&f);
}

static void test_not_minutes(void **state)
{
#define DOC(s) s, sizeof s - 1
	static const struct {
		const char *format, *data;
		size_t len;
		int line;
		const char *msg;
	} cases[] = {
		{"markdown", DOC("Date: 1 May 2026\nPresent: A\xff B\n"), 2, "not valid UTF-8"},
		{"markdown", DOC("Date: 1 May 2026\nPresent: A\0B\n"), 2, "a NUL byte"},
		{"html", DOC("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), 1, "a PDF file"},
		{"markdown", DOC("PK\x03\x04\x14\x00\x06\x00"), 1, "a ZIP file"},
		{"text", DOC(" \n\t\n"), 1, "the minutes are empty"},
		{"confluence", DOC("{\"title\": \"x\",\n \"body\": {]}"), 2, "invalid JSON"},
		{"confluence", DOC("{\"title\": \"x\", \"body\": {\"view\": {}}}"), 1,
		 "body.storage.value"},
	};
#undef DOC
	size_t i, len;
	char *data;
	struct review_facts f;
	struct ak_diags d = AK_DIAGS_INIT;
	(void)state;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(review_parse(cases[i].format, cases[i].data, cases[i].len, "m.md",
					      &f, &d),
				 AK_ERR_DATA);
		assert_int_equal(d.n, 1);
		assert_string_equal(d.v[0].file, "m.md");
		assert_int_equal(d.v[0].line, cases[i].line);
		assert_non_null(strstr(d.v[0].msg, cases[i].msg));
		assert_null(f.date);
		ak_diags_release(&d);
	}
	/* a sign-in page fetched in the minutes' place */
	data = file("tests/fixtures/review/sign-in.html", &len);
	assert_int_equal(review_parse("html", data, len, "login.html", &f, &d), AK_ERR_DATA);
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.v[0].msg, "no management review found"));
	ak_diags_release(&d);
	free(data);
}

static void utf8_all(char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		assert_true(*v[i]);
		assert_int_equal(ak_utf8_check(v[i], strlen(v[i])), strlen(v[i]));
	}
}

/* The inputs fuzz_review found bugs with (tests/fuzz/regress/review/), fed
 * as the harness feeds them: the first byte picks the format, a buffer of
 * exactly their size; every string read must be UTF-8. */
static void test_fuzz_regressions(void **state)
{
	static const char *const formats[] = {"markdown", "text", "html", "confluence"};
	const char *src = getenv("AK_SRCDIR");
	char dir[1024], path[1300];
	struct dirent *e;
	DIR *dp;
	int seen = 0;
	(void)state;

	snprintf(dir, sizeof dir, "%s/tests/fuzz/regress/review", src ? src : ".");
	dp = opendir(dir);
	assert_non_null(dp);
	while ((e = readdir(dp)) != NULL) {
		struct ak_diags d = AK_DIAGS_INIT;
		struct review_facts f;
		char *data = NULL, *exact;
		size_t len, i;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		assert_int_equal(ak_read_file(path, 0, &data, &len), AK_OK);
		assert_true(len > 0 && (unsigned char)data[0] % 5 < 4);
		exact = malloc(len - 1 ? len - 1 : 1);
		assert_non_null(exact);
		memcpy(exact, data + 1, len - 1);
		if (review_parse(formats[(unsigned char)data[0] % 5], exact, len - 1, e->d_name, &f,
				 &d) == AK_OK) {
			utf8_all(f.attendees, f.nattendees);
			utf8_all(f.apologies, f.napologies);
			utf8_all(f.resources, f.nresources);
			for (i = 0; i < f.ndecisions; i++)
				utf8_all(&f.decisions[i].text, 1);
			review_facts_release(&f);
		}
		ak_diags_release(&d);
		free(exact);
		free(data);
		seen++;
	}
	closedir(dp);
	assert_true(seen > 0);
}

static void test_formats(void **state)
{
	(void)state;
	assert_true(review_format_known("markdown"));
	assert_true(review_format_known("confluence"));
	assert_false(review_format_known("docx"));
	assert_false(review_format_known(NULL));
	assert_string_equal(review_raw_ext("markdown", "x", 1), "md");
	assert_string_equal(review_raw_ext("text", "x", 1), "txt");
	assert_string_equal(review_raw_ext("confluence", " {\"id\": 1}", 10), "json");
	assert_string_equal(review_raw_ext("confluence", "<p>x</p>", 8), "xml");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eval_brackwater),
		cmocka_unit_test(test_eval_pennant),
		cmocka_unit_test(test_eval_calder),
		cmocka_unit_test(test_eval_norvik),
		cmocka_unit_test(test_sample),
		cmocka_unit_test(test_inline),
		cmocka_unit_test(test_attendance_table),
		cmocka_unit_test(test_columns_html),
		cmocka_unit_test(test_confluence_json),
		cmocka_unit_test(test_plain_text),
		cmocka_unit_test(test_prose),
		cmocka_unit_test(test_subheadings),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_amounts),
		cmocka_unit_test(test_people),
		cmocka_unit_test(test_traps),
		cmocka_unit_test(test_not_minutes),
		cmocka_unit_test(test_fuzz_regressions),
		cmocka_unit_test(test_formats),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
