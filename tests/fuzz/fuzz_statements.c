/* fuzz_statements.c: the segmenter and the assertion engine (statements.c,
 * context.c) on any bytes.
 *
 * The notes are parsed as Markdown, text, WebVTT or SRT (the first byte
 * picks), cut into statements, and every statement run through the
 * assertion rules. Checked beyond "no crash": every statement's offset and
 * length lie inside the notes, its text is non-empty, every trigger and
 * scope lies inside its statement, and the scan finds exactly the triggers
 * that trying every rule at every place finds. */
#include "fuzz.h"

#include "core/diag.h"
#include "score/context.h"
#include "score/notes.h"
#include "score/statements.h"

static const char *const names[] = {"n.md", "n.txt", "n.vtt", "n.srt"};
static struct ctx_rules *rules;
static struct ctx_matcher *matcher;

/* The same triggers, scopes and actors from the reference scan. */
static bool same_as_every_place(const struct stmt *s, const char *const *self,
				const struct ctx_result *a)
{
	struct ctx_result b = {NULL, 0, 0, 0};
	bool same, done;
	size_t j;

	ctx_matcher_every_place(matcher, true);
	done = ctx_apply(matcher, s->t.s, s->t.len, self, 2, &b);
	ctx_matcher_every_place(matcher, false);
	if (!done) {
		ctx_result_release(&b);
		return true; /* the reference hit the match limit: nothing to compare */
	}
	same = a->n == b.n && a->cats == b.cats;
	for (j = 0; same && j < a->n; j++) {
		const struct ctx_trigger *x = &a->v[j], *y = &b.v[j];
		same = x->rule == y->rule && x->off == y->off && x->len == y->len &&
		       x->scope_off == y->scope_off && x->scope_end == y->scope_end &&
		       x->actor_off == y->actor_off && x->actor_len == y->actor_len;
	}
	ctx_result_release(&b);
	return same;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err = AK_OK;
	const char *src = getenv("AK_SRCDIR") ? getenv("AK_SRCDIR") : FUZZ_SRCDIR;
	char path[1024];

	(void)argc;
	(void)argv;
	fuzz_quiet();
	snprintf(path, sizeof path, "%s/rules/assertions-en.json", src);
	rules = ctx_rules_load(path, &d, &err);
	if (!rules || !(matcher = ctx_matcher_new(rules))) {
		ak_diags_print(&d);
		abort();
	}
	ak_diags_release(&d);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err = AK_OK;
	unsigned k = fuzz_pick(&data, &size, 4);
	struct notes *n = notes_parse(names[k], (const char *)data, size, &d, &err);
	struct stmts st;
	struct ctx_result r = {NULL, 0, 0, 0};
	const char *const self[] = {"Maria", "Keller"};
	size_t i, j;

	if (n && !err && stmts_build(n, "Jonas Osei", "Maria Keller", &st)) {
		for (i = 0; i < st.n; i++) {
			const struct stmt *s = &st.v[i];
			if (s->off > n->len || s->len > n->len - s->off || s->t.len == 0 || s->line < 1)
				abort();
			if (!ctx_apply(matcher, s->t.s, s->t.len, self, 2, &r))
				continue; /* a pattern at its match limit: reported by the scorer */
			for (j = 0; j < r.n; j++) {
				const struct ctx_trigger *t = &r.v[j];
				if (t->off + t->len > s->t.len || t->scope_off > t->scope_end ||
				    t->scope_end > s->t.len || t->actor_off + t->actor_len > s->t.len)
					abort();
			}
			if (!same_as_every_place(s, self, &r))
				abort();
		}
		stmts_release(&st);
	}
	ctx_result_release(&r);
	notes_free(n);
	ak_diags_release(&d);
	return 0;
}
