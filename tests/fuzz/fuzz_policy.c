/* fuzz_policy.c: policy text (policy_to_text then policy_extract) in each
 * format: text, Markdown, HTML, Confluence storage. The first byte picks
 * the format. */
#include "fuzz.h"

#include "evidence/policy.h"

static const char *const formats[] = {"text", "markdown", "html", "confluence"};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned k = fuzz_pick(&data, &size, 4);
	char *text = NULL, *title = NULL;
	struct policy_facts f;

	if (policy_to_text(formats[k], (const char *)data, size, "policy", &text, &title) == AK_OK &&
	    text) {
		char date[11];
		if (policy_extract(text, title, &f) == AK_OK)
			policy_facts_release(&f);
		(void)policy_parse_date(text, date);
	}
	free(text);
	free(title);
	return 0;
}
