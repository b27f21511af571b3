/* fuzz_notes.c: notes in every format (notes_parse). The first byte picks
 * the name, and so the kind: .md, .txt, .vtt, .srt. */
#include "fuzz.h"

#include "score/notes.h"

static const char *const names[] = {"notes.md", "notes.txt", "notes.vtt", "notes.srt"};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err = AK_OK;
	unsigned k = fuzz_pick(&data, &size, 4);
	struct notes *n = notes_parse(names[k], (const char *)data, size, &d, &err);

	if (n) {
		char ctx[80];
		size_t i;
		for (i = 0; i < n->nlines; i++) {
			(void)notes_line_of(n, n->lines[i].off);
			notes_context(n, n->lines[i].off, ctx, sizeof ctx);
		}
		if (n->len)
			notes_context(n, n->len - 1, ctx, sizeof ctx);
	}
	notes_free(n);
	ak_diags_release(&d);
	return 0;
}
