/* fuzz_score.c: scoring end to end. Notes from the fuzzer (the first byte
 * picks .md, .txt, .vtt or .srt, and whether the front matter is supplied
 * as options) go through notes_parse and score_notes against the ISO 27001
 * bank and the sample facts, loaded once: patterns, text normalisation,
 * words, dates, probes and contradictions. */
#include "fuzz.h"

#include "interview/bank.h"
#include "evidence/facts.h"
#include "score/notes.h"
#include "score/probes.h"
#include "score/score.h"

#ifndef FUZZ_SRCDIR
#define FUZZ_SRCDIR "."
#endif

static const char *const names[] = {"notes.md", "notes.txt", "notes.vtt", "notes.srt"};
static struct bank *bank;
static struct facts *facts;
static struct score_opts so;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err = AK_OK;
	const char *src = getenv("AK_SRCDIR") ? getenv("AK_SRCDIR") : FUZZ_SRCDIR;
	char path[1024];

	fuzz_quiet();
	snprintf(path, sizeof path, "%s/question-banks/iso27001-2022/bank.json", src);
	bank = bank_load(path, &d, &err);
	snprintf(path, sizeof path, "%s/samples/facts.json", src);
	facts = facts_load(path, &d, &err);
	if (!bank || !facts || bank_jit(bank) != AK_OK) {
		ak_diags_print(&d);
		abort();
	}
	ak_diags_release(&d);
	so.bank = bank;
	so.facts = facts;
	snprintf(path, sizeof path, "%s/rules/assertions-en.json", src);
	so.env = score_env_new(bank, facts, path, &d, &err);
	if (!so.env) {
		ak_diags_print(&d);
		abort();
	}
	so.facts_file = "facts.json";
	so.facts_sha256 = "0000000000000000000000000000000000000000000000000000000000000000";
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err = AK_OK;
	unsigned k = fuzz_pick(&data, &size, 8);
	struct score_opts o = so;
	struct notes *n;
	struct ak_buf out = AK_BUF_INIT;

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
	ak_diags_release(&d);
	return 0;
}
