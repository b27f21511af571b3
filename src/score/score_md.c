/* score_md.c: a scored interview as a human summary (Markdown).
 *
 * Read from the scored JSON itself (format 2), so the summary can only say
 * what the JSON says: the verdict on each requirement and why, the
 * statements behind it quoted with their lines, and the proposed
 * findings. */
#include <stdlib.h>
#include <string.h>

#include "score/score.h"

static const char *s(const json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "";
}

/* One line of text: newlines from the notes would break the table. */
static void cell(FILE *fp, const char *t, size_t max)
{
	size_t n = 0;

	for (; *t && n < max; t++, n++) {
		if (*t == '\n' || *t == '\r')
			fputc(' ', fp);
		else if (*t == '|')
			fputs("\\|", fp);
		else
			fputc(*t, fp);
	}
	if (*t)
		fputs("…", fp);
}

/* The statement with this id (statements are S1..Sn in order). */
static const json_t *statement(const json_t *root, const char *id)
{
	const json_t *st = json_object_get(root, "statements");
	long k;

	if (!id || id[0] != 'S')
		return NULL;
	k = strtol(id + 1, NULL, 10);
	return k >= 1 ? json_array_get(st, (size_t)k - 1) : NULL;
}

ak_err score_write_markdown(FILE *fp, const json_t *root)
{
	static const char *const level[] = {"0 none", "1 weak", "2 adequate", "3 strong"};
	const json_t *r, *f, *x;
	size_t i, j;

	fprintf(fp, "# Scored interview: %s (%s), %s\n\n", s(root, "interviewee"), s(root, "role"),
		s(root, "date"));
	fprintf(fp, "Notes `%s` (sha256 %.12s…), auditor %s, %s audit; bank %s %s; records `%s`.\n\n",
		s(json_object_get(root, "notes"), "file"), s(json_object_get(root, "notes"), "sha256"),
		s(root, "auditor"), s(root, "audit"), s(json_object_get(root, "bank"), "id"),
		s(json_object_get(root, "bank"), "version"), s(json_object_get(root, "facts"), "file"));
	json_array_foreach(json_object_get(root, "warnings"), i, x)
		fprintf(fp, "- warning, line %lld: %s\n", json_integer_value(json_object_get(x, "line")),
			s(x, "message"));

	fprintf(fp, "\n## Requirements\n\n| clause | requirement | verdict | score | why |\n|---|---|---|---|---|\n");
	json_array_foreach(json_object_get(root, "requirements"), i, r) {
		json_t *sc = json_object_get(r, "score");
		fprintf(fp, "| %s%s%s | ", s(r, "clause"), json_is_string(json_object_get(r, "item")) ? " " : "",
			s(r, "item"));
		cell(fp, s(r, "requirement"), 90);
		if (json_is_integer(sc) && json_integer_value(sc) >= 0 && json_integer_value(sc) <= 3)
			fprintf(fp, " | %s%s | %s | ", s(r, "verdict"),
				json_is_true(json_object_get(r, "delegation")) ? ", delegated" : "",
				level[json_integer_value(sc)]);
		else
			fprintf(fp, " | not evidenced | | ");
		cell(fp, s(r, "reason"), 300);
		fputs(" |\n", fp);
	}

	fprintf(fp, "\n## Proposed findings\n\n");
	if (json_array_size(json_object_get(root, "proposed_findings")) == 0)
		fprintf(fp, "None.\n");
	json_array_foreach(json_object_get(root, "proposed_findings"), i, f) {
		fprintf(fp, "- **%s %s%s%s** (%s): ", s(f, "id"), s(f, "clause"),
			json_is_string(json_object_get(f, "item")) ? " " : "", s(f, "item"), s(f, "kind"));
		cell(fp, s(f, "statement"), 400);
		fputc('\n', fp);
		json_array_foreach(json_object_get(f, "evidence"), j, x) {
			fprintf(fp, "  - line %lld: \"", json_integer_value(json_object_get(x, "line")));
			cell(fp, s(x, "quote"), 200);
			fputs("\"\n", fp);
		}
		if (json_is_string(json_object_get(f, "record"))) {
			fputs("  - records: ", fp);
			cell(fp, s(f, "record"), 400);
			fputc('\n', fp);
		}
	}

	fprintf(fp, "\n## Evidence by requirement\n");
	json_array_foreach(json_object_get(root, "requirements"), i, r) {
		if (json_array_size(json_object_get(r, "evidence")) == 0)
			continue;
		fprintf(fp, "\n### %s%s%s\n\n", s(r, "clause"), json_is_string(json_object_get(r, "item")) ? " " : "",
			s(r, "item"));
		json_array_foreach(json_object_get(r, "evidence"), j, x) {
			const json_t *st = statement(root, s(x, "statement"));
			fprintf(fp, "- %s, line %lld: \"", s(x, "class"),
				st ? json_integer_value(json_object_get(st, "line")) : 0);
			cell(fp, st ? s(st, "text") : "", 200);
			fprintf(fp, "\" (%s)\n", s(x, "why"));
		}
		json_array_foreach(json_object_get(r, "contradiction_details"), j, x) {
			fputs("- contradiction: \"", fp);
			cell(fp, s(json_object_get(x, "said"), "quote"), 200);
			fputs("\"; ", fp);
			cell(fp, s(x, "explanation"), 300);
			fputc('\n', fp);
		}
	}
	return ferror(fp) ? AK_ERR_OUTPUT : AK_OK;
}
