/* fuzz_review.c: management-review minutes (review_parse) in each format:
 * Markdown, text, HTML, Confluence (bare or JSON); a fifth choice feeds the
 * bytes to review_extract as they are, without the checks review_to_text
 * makes first. The first byte picks.
 *
 * Besides "does not crash", minutes that are read must make a facts.json
 * that reads back (evidence_facts_json, then facts_parse) with the same
 * number of attendees, apologies, decisions and resources: every string
 * valid UTF-8, every date a real YYYY-MM-DD. */
#include "fuzz.h"

#include "core/util.h"
#include "evidence/facts.h"
#include "evidence/review.h"
#include "evidence/snapshot.h"

static const char *const formats[] = {"markdown", "text", "html", "confluence"};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

static void strings_ok(char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!v[i] || !*v[i] || ak_utf8_check(v[i], strlen(v[i])) != strlen(v[i]))
			abort();
}

static void round_trip(const struct review_facts *r)
{
	struct evidence_facts_in in = {NULL, NULL, NULL, NULL, r};
	struct ak_diags d = AK_DIAGS_INIT;
	const struct facts_review *back;
	char *text = evidence_facts_json(&in, NULL);
	struct facts *f;
	size_t i;
	ak_err err;

	if (!text)
		return; /* out of memory */
	strings_ok(r->attendees, r->nattendees);
	strings_ok(r->apologies, r->napologies);
	strings_ok(r->resources, r->nresources);
	for (i = 0; i < r->ndecisions; i++)
		strings_ok(&r->decisions[i].text, 1);
	f = facts_parse("facts.json", text, strlen(text), &d, &err);
	if (!f) {
		if (err != AK_ERR_NOMEM)
			abort(); /* a facts.json auditkit cannot read back */
	} else {
		back = facts_review(f);
		if (!back || back->attendees.n != r->nattendees ||
		    back->apologies.n != r->napologies || back->decisions.n != r->ndecisions ||
		    back->resources.n != r->nresources)
			abort();
		facts_free(f);
	}
	ak_diags_release(&d);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned k = fuzz_pick(&data, &size, 5);
	struct ak_diags d = AK_DIAGS_INIT;
	struct review_facts f;

	if (k < 4) {
		if (review_parse(formats[k], (const char *)data, size, "review", &f, &d) == AK_OK) {
			round_trip(&f);
			review_facts_release(&f);
		}
	} else {
		char *s = fuzz_cstr(data, size);
		if (review_extract(s, s, &f) == AK_OK)
			review_facts_release(&f);
		free(s);
	}
	ak_diags_release(&d);
	return 0;
}
