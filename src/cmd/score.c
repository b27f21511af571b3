/* score: score interview notes against the organisation's records. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "interview/bank.h"
#include "cmd/cmd.h"
#include "evidence/facts.h"
#include "core/hash.h"
#include "core/jpos.h"
#include "score/notes.h"
#include "score/probes.h"
#include "interview/script.h"
#include "score/score.h"
#include "core/util.h"

static ak_err run(int argc, char **argv);

const struct ak_cmd ak_cmd_score = {
	"score",
	"score interview notes against the policy and the risk register",
	"usage: auditkit score NOTES... (--facts FILE | --evidence DIR) [OPTIONS]\n"
	"\n"
	"  NOTES                   Markdown or text notes (docs/notes-format.md), or a\n"
	"                          WebVTT (.vtt) or SRT (.srt) meeting transcript\n"
	"      --facts FILE        the organisation's records (docs/facts-format.md)\n"
	"      --evidence DIR      an evidence snapshot from 'auditkit fetch' (its facts.json)\n"
	"  -b, --bank ID|FILE|DIR  question bank (default: the notes' 'bank:', else\n"
	"                          iso27001-2022)\n"
	"      --script FILE       the interview script (JSON): score only its questions\n"
	"  -f, --format F          json (default) or md (a human summary)\n"
	"  -o, --output PATH       with one notes file: the file to write (default -);\n"
	"                          with several: a folder, one <notes>.scored.json each\n"
	"      --interviewee NAME  --role R  --date YYYY-MM-DD  --auditor NAME  --audit A\n"
	"                          fill in or override the front matter (transcripts\n"
	"                          carry none)\n"
	"  -h, --help              this help\n"
	"\n"
	"Every score says why: rule hits quoted with their byte offsets in the notes,\n"
	"the records named and missed, red flags and contradictions (docs/scoring.md).\n"
	"exit: 0 ok, 2 usage, 3 bad notes, facts, bank or script, 5 cannot write\n",
	run,
};

static ak_err write_one(const char *path, const json_t *scored, bool md)
{
	struct ak_out out;
	ak_err err = ak_out_open(&out, path);

	if (err)
		return err;
	if (md)
		err = score_write_markdown(out.fp, scored);
	else if (json_dumpf(scored, out.fp, JSON_INDENT(2)) != 0 || fputc('\n', out.fp) == EOF)
		err = AK_ERR_OUTPUT;
	if (err) {
		if (err == AK_ERR_OUTPUT) /* a full disk, a file-size limit */
			ak_error("cannot write '%s': %s", path, strerror(errno ? errno : EIO));
		ak_out_abort(&out);
		return err;
	}
	return ak_out_commit(&out);
}

static char *out_path(const char *dir, const char *notes, bool md)
{
	const char *base = strrchr(notes, '/');
	const char *dot;

	base = base ? base + 1 : notes;
	dot = strrchr(base, '.');
	return ak_asprintf("%s/%.*s.scored.%s", dir, dot ? (int)(dot - base) : (int)strlen(base), base,
			   md ? "md" : "json");
}

static ak_err run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"facts", required_argument, NULL, 'F'},
		{"evidence", required_argument, NULL, 'E'},
		{"bank", required_argument, NULL, 'b'},
		{"script", required_argument, NULL, 'S'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"interviewee", required_argument, NULL, 'I'},
		{"role", required_argument, NULL, 'r'},
		{"date", required_argument, NULL, 'D'},
		{"auditor", required_argument, NULL, 'U'},
		{"audit", required_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const struct ak_cmd *me = &ak_cmd_score;
	struct score_opts so;
	const char *facts_path = NULL, *evidence = NULL, *bank_arg = NULL, *script = NULL;
	const char *format = "json", *output = "-";
	char *facts_alloc = NULL, *bank_file = NULL, **ids = NULL;
	char facts_sha[AK_SHA256_HEX];
	size_t nids = 0, capids = 0, i;
	struct ak_diags d = AK_DIAGS_INIT;
	struct bank *b = NULL;
	struct facts *facts = NULL;
	ak_err err = AK_OK, worst = AK_OK;
	bool md, many;
	int c;

	memset(&so, 0, sizeof so);
	optind = 0;
	while ((c = getopt_long(argc, argv, "b:f:o:r:a:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'F': facts_path = optarg; break;
		case 'E': evidence = optarg; break;
		case 'b': bank_arg = optarg; break;
		case 'S': script = optarg; break;
		case 'f': format = optarg; break;
		case 'o': output = optarg; break;
		case 'I': so.interviewee = optarg; break;
		case 'r': so.role = optarg; break;
		case 'D': so.date = optarg; break;
		case 'U': so.auditor = optarg; break;
		case 'a': so.audit = optarg; break;
		case 'h': return ak_usage_print(me);
		default: return ak_usage_error(me, "unknown option");
		}
	}
	if (optind >= argc)
		return ak_usage_error(me, "name the notes to score");
	if (!!facts_path + !!evidence != 1)
		return ak_usage_error(me, "give the records with --facts FILE or --evidence DIR");
	if (strcmp(format, "json") != 0 && strcmp(format, "md") != 0)
		return ak_usage_error(me, "--format must be json or md, not '%s'", format);
	md = strcmp(format, "md") == 0;
	many = argc - optind > 1;
	if (many && strcmp(output, "-") == 0)
		return ak_usage_error(me, "several notes files need -o FOLDER (one output each)");
	if (many && mkdir(output, 0777) != 0 && errno != EEXIST) {
		ak_error("cannot make the folder '%s': %s", output, strerror(errno));
		return AK_ERR_OUTPUT;
	}

	if (evidence) {
		facts_alloc = ak_asprintf("%s/facts.json", evidence);
		if (!facts_alloc)
			return AK_ERR_NOMEM;
		facts_path = facts_alloc;
	}
	facts = facts_load(facts_path, &d, &err);
	if (!facts)
		goto out;
	if (!ak_sha256_file(facts_path, facts_sha)) {
		err = AK_ERR_INPUT;
		goto out;
	}
	if (script && (err = render_read_script_ids(script, &ids, &nids, &capids)))
		goto out;
	bank_file = bank_resolve(bank_arg ? bank_arg : "iso27001-2022");
	if (!bank_file) {
		ak_error("no bank '%s' (try 'auditkit banks list')", bank_arg ? bank_arg : "iso27001-2022");
		err = AK_ERR_INPUT;
		goto out;
	}
	b = bank_load(bank_file, &d, &err);
	if (!b)
		goto out;
	if ((err = bank_jit(b)))
		goto out;
	so.bank = b;
	so.facts = facts;
	so.probes = probe_ctx_new(facts, b);
	if (!so.probes) {
		err = AK_ERR_NOMEM;
		goto out;
	}
	so.facts_file = facts_path;
	so.facts_sha256 = facts_sha;
	so.script_ids = (const char *const *)ids;
	so.nscript = nids;
	if (!ids)
		so.script_ids = NULL;

	for (i = (size_t)optind; i < (size_t)argc; i++) {
		struct ak_diags nd = AK_DIAGS_INIT;
		struct notes *n;
		json_t *scored = NULL;
		ak_err e;

		n = notes_load(argv[i], &nd, &e);
		if (n && !e)
			e = score_notes(&so, n, n->sha256, &scored, &nd);
		ak_diags_print(&nd);
		ak_diags_release(&nd);
		if (!e) {
			char *path = many ? out_path(output, argv[i], md) : NULL;
			e = write_one(many ? path : output, scored, md);
			free(path);
		}
		json_decref(scored);
		notes_free(n);
		if (e && (worst == AK_OK || e == AK_ERR_NOMEM || e == AK_ERR_OUTPUT))
			worst = e;
	}
	err = worst;
out:
	ak_diags_print(&d);
	ak_diags_release(&d);
	for (i = 0; i < nids; i++)
		free(ids[i]);
	free(ids);
	free(facts_alloc);
	free(bank_file);
	probe_ctx_free(so.probes);
	facts_free(facts);
	bank_free(b);
	return err;
}
