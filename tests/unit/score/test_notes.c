/* test_notes.c: reading notes: front matter, sections, marks, records seen,
 * script lines and comments, transcripts, and what is not notes at all. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "score/notes.h"

static struct notes *parse(const char *name, const char *text, struct ak_diags *d, ak_err *err)
{
	return notes_parse(name, text, strlen(text), d, err);
}

/* The answer text of line i: its pieces joined. */
static const char *line_text(const struct notes *n, size_t i)
{
	static char buf[256];
	size_t k, len = 0;

	buf[0] = '\0';
	for (k = 0; k < n->lines[i].npieces; k++) {
		const struct notes_piece *p = &n->pieces[n->lines[i].first_piece + k];
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%.*s|", (int)p->len, n->data + p->off);
	}
	return buf;
}

static const char md[] = "---\n"
			 "format: auditkit-notes/1\n"
			 "interviewee: Maria Keller\n"
			 "role: ceo\n"
			 "date: 2026-11-18\n"
			 "---\n"
			 "free text first\n"
			 "# Title is not an answer\n"
			 "## 5.1a-tell: 5.1 a, 3 min\n"
			 "> **Ask:** the script's own words\n"
			 "+ good point [E: minutes 2026-09-15] and more\n"
			 "- missing\n"
			 "-not a mark\n"
			 "? unclear\n"
			 "! red flag\n"
			 "<!-- hidden\n"
			 "still hidden -->visible again\n"
			 "## 5.1 c\n"
			 "* neutral bullet\n";

static void test_markdown(void **state)
{
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err;
	struct notes *n = parse("n.md", md, &d, &err);
	(void)state;

	assert_non_null(n);
	assert_int_equal(n->kind, NOTES_MARKDOWN);
	assert_string_equal(n->meta.interviewee, "Maria Keller");
	assert_string_equal(n->meta.role, "ceo");
	assert_string_equal(n->meta.date, "2026-11-18");
	assert_null(n->meta.auditor);
	assert_int_equal(n->nsections, 3);
	assert_int_equal(n->sections[0].kind, SEC_PREAMBLE);
	assert_int_equal(n->sections[0].nlines, 1);
	assert_string_equal(n->sections[1].heading, "5.1a-tell: 5.1 a, 3 min");
	assert_int_equal(n->sections[1].line, 9);
	assert_string_equal(n->sections[2].heading, "5.1 c");
	/* script line and comment skipped; marks read */
	assert_int_equal(n->sections[1].nlines, 6);
	{
		const struct notes_line *l = &n->lines[n->sections[1].first_line];
		assert_int_equal(l[0].mark, MARK_PLUS);
		assert_int_equal(l[0].line, 11);
		/* the record seen is cut out of the answer */
		assert_string_equal(line_text(n, n->sections[1].first_line), " good point | and more|");
		assert_int_equal(l[1].mark, MARK_MINUS);
		assert_int_equal(l[2].mark, MARK_NONE); /* "-not" is not a mark */
		assert_int_equal(l[3].mark, MARK_UNCLEAR);
		assert_int_equal(l[4].mark, MARK_FLAG);
		/* a comment hides its lines; what follows it on its last line counts */
		assert_string_equal(line_text(n, n->sections[1].first_line + 5), "visible again|");
	}
	assert_int_equal(n->ndocs, 1);
	assert_int_equal(n->docs[0].line, 11);
	assert_memory_equal(n->data + n->docs[0].text_off, "minutes 2026-09-15", 18);
	assert_int_equal(notes_line_of(n, n->docs[0].off), 11);
	notes_free(n);
}

static void test_context(void **state)
{
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err;
	struct notes *n = parse("n.md", "---\ninterviewee: X\n---\n  a line with \xC3\xA9t\xC3\xA9 in it  \n", &d, &err);
	char out[16];
	(void)state;

	assert_non_null(n);
	notes_context(n, 30, out, sizeof out);
	/* trimmed, cut at a character boundary, with an ellipsis */
	assert_string_equal(out, "a line with\xE2\x80\xA6");
	notes_free(n);
}

static const char vtt[] = "WEBVTT\n"
			  "\n"
			  "NOTE\n"
			  "interviewee: Maria Keller\n"
			  "role: ceo\n"
			  "\n"
			  "1\n"
			  "00:00:01.000 --> 00:00:04.000\n"
			  "<v Jonas Osei>What are your top risks?</v>\n"
			  "\n"
			  "00:00:05.000 --> 00:00:09.000\n"
			  "<v Maria Keller>Ransomware.\n"
			  "\n"
			  "00:00:09.500 --> 00:00:12.000\n"
			  "<v Maria Keller>And fraud.\n";

static void test_webvtt(void **state)
{
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err;
	struct notes *n = parse("m.vtt", vtt, &d, &err);
	(void)state;

	assert_non_null(n);
	assert_int_equal(n->kind, NOTES_WEBVTT);
	assert_string_equal(n->meta.interviewee, "Maria Keller");
	/* consecutive cues of one speaker make one turn */
	assert_int_equal(n->nsections, 2);
	assert_string_equal(n->sections[0].heading, "Jonas Osei");
	assert_string_equal(n->sections[1].heading, "Maria Keller");
	assert_int_equal(n->sections[1].nlines, 2);
	assert_string_equal(line_text(n, n->sections[0].first_line), "What are your top risks?|");
	assert_string_equal(line_text(n, n->sections[1].first_line + 1), "And fraud.|");
	notes_free(n);
}

static void test_srt_prefixes(void **state)
{
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err;
	const char *srt = "1\r\n00:00:01,000 --> 00:00:04,000\r\nJonas Osei: Who owns the ISMS?\r\n\r\n"
			  "2\r\n00:00:05,000 --> 00:00:07,000\r\nMaria Keller: Tom Brandt: he reports to me.\r\n";
	struct notes *n = parse("m.srt", srt, &d, &err);
	(void)state;

	assert_non_null(n);
	assert_int_equal(n->kind, NOTES_SRT);
	assert_int_equal(n->nsections, 2);
	assert_string_equal(n->sections[1].heading, "Maria Keller");
	/* only the first "Name:" is the speaker */
	assert_string_equal(line_text(n, n->sections[1].first_line), " Tom Brandt: he reports to me.|");
	notes_free(n);
}

static void test_not_notes(void **state)
{
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err;
	(void)state;

	assert_null(notes_parse("b.md", "ab\ncd\0ef", 8, &d, &err));
	assert_int_equal(err, AK_ERR_DATA);
	assert_int_equal(d.v[0].line, 2);
	assert_non_null(strstr(d.v[0].msg, "NUL byte at offset 5"));
	ak_diags_release(&d);

	assert_null(parse("l.md", "ok\ncaf\xE9 au lait\n", &d, &err));
	assert_int_equal(d.v[0].line, 2);
	assert_int_equal(d.v[0].col, 4);
	assert_non_null(strstr(d.v[0].msg, "not valid UTF-8"));
	ak_diags_release(&d);

	/* an overlong form and a surrogate are not UTF-8 either */
	assert_null(parse("o.md", "\xE0\x80\xAF", &d, &err));
	ak_diags_release(&d);
	assert_null(parse("s.md", "\xED\xA0\x80", &d, &err));
	ak_diags_release(&d);

	assert_null(parse("e.md", " \n\t\n", &d, &err));
	assert_non_null(strstr(d.v[0].msg, "empty"));
	ak_diags_release(&d);

	assert_null(parse("f.md", "---\ninterviewee: X\nno end\n", &d, &err));
	assert_non_null(strstr(d.v[0].msg, "never closed"));
	ak_diags_release(&d);

	assert_null(parse("c.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nno speaker here\n", &d, &err));
	assert_int_equal(d.v[0].line, 4);
	assert_non_null(strstr(d.v[0].msg, "no speaker"));
	ak_diags_release(&d);
}

static void test_bom_keeps_offsets(void **state)
{
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err;
	struct notes *n = parse("b.md", "\xEF\xBB\xBF---\ninterviewee: X\n---\nhello\n", &d, &err);
	(void)state;

	/* a byte-order mark is skipped, offsets stay the file's */
	assert_non_null(n);
	assert_string_equal(n->meta.interviewee, "X");
	assert_int_equal(n->lines[0].off, 3 + 4 + 15 + 4);
	notes_free(n);
}

/* Front matter as people write it: keys in any case, fences with trailing
 * blanks, CR-only line ends; a key given twice is refused naming both
 * lines; a BOM before WEBVTT and before an SRT cue number. */
static void test_front_matter_leniency(void **state)
{
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err;
	struct notes *n;
	(void)state;

	n = parse("c.md", "---  \nInterviewee: Maria\n ROLE : ceo\nDate: 2026-11-18\n--- \n## 5.1 c\n+ yes\n",
		  &d, &err);
	assert_non_null(n);
	assert_string_equal(n->meta.interviewee, "Maria");
	assert_string_equal(n->meta.role, "ceo");
	assert_int_equal(n->meta.role_line, 3);
	assert_int_equal(n->meta.date_line, 4);
	assert_int_equal(n->nlines, 1);
	notes_free(n);

	n = parse("q.md", "---\ninterviewee: \"Maria Keller\"\nrole: 'ceo'\nauditor: \"J\n---\n", &d, &err);
	assert_non_null(n);
	assert_string_equal(n->meta.interviewee, "Maria Keller");
	assert_string_equal(n->meta.role, "ceo");
	assert_string_equal(n->meta.auditor, "\"J"); /* unmatched: kept */
	notes_free(n);

	n = parse("cr.md", "---\rinterviewee: A\rrole: ceo\r---\r## 5.1 c\r+ yes\r- no\r", &d, &err);
	assert_non_null(n);
	assert_string_equal(n->meta.role, "ceo");
	assert_int_equal(n->nlines, 2);
	assert_int_equal(n->lines[1].line, 7);
	assert_int_equal(n->lines[1].mark, MARK_MINUS);
	notes_free(n);

	n = parse("dup.md", "---\nrole: ceo\ninterviewee: A\nRole: cfo\n---\n", &d, &err);
	assert_null(n);
	assert_int_equal(err, AK_ERR_DATA);
	assert_true(d.n >= 1);
	assert_int_equal(d.v[d.n - 1].line, 4);
	assert_non_null(strstr(d.v[d.n - 1].msg, "'role' is given twice, on lines 2 and 4"));
	ak_diags_release(&d);

	n = parse("b.vtt", "\xEF\xBB\xBFWEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A>Yes.\n", &d, &err);
	assert_non_null(n);
	assert_int_equal(n->kind, NOTES_WEBVTT);
	notes_free(n);
	n = parse("b.srt", "\xEF\xBB\xBF" "1\n00:00:01,000 --> 00:00:02,000\nA: Yes.\n", &d, &err);
	assert_non_null(n);
	assert_int_equal(n->nlines, 1);
	notes_free(n);
	assert_int_equal(d.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_context),
		cmocka_unit_test(test_webvtt),
		cmocka_unit_test(test_srt_prefixes),
		cmocka_unit_test(test_not_notes),
		cmocka_unit_test(test_bom_keeps_offsets),
		cmocka_unit_test(test_front_matter_leniency),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
