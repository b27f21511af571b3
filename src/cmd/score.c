/* score: score interview notes against the organisation's records. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "interview/bank.h"
#include "cmd/cmd.h"
#include "evidence/facts.h"
#include "core/hash.h"
#include "core/jpos.h"
#include "score/notes.h"
#include "score/probes.h"
#include "interview/script.h"
#include "score/score.h"
#include "core/msg.h"
#include "core/textin.h"
#include "core/util.h"

static ak_err run(int argc, char **argv);
static const char *values(const char *opt);

enum {
	OPT_FACTS = 256,
	OPT_EVIDENCE,
	OPT_SCRIPT,
	OPT_INTERVIEWEE,
	OPT_DATE,
	OPT_AUDITOR,
	OPT_AUDIT_TYPE,
	OPT_ASSERTIONS,
	OPT_AUDIT,
};

static const struct option longopts[] = {
	{"facts", required_argument, NULL, OPT_FACTS},
	{"evidence", required_argument, NULL, OPT_EVIDENCE},
	{"bank", required_argument, NULL, 'b'},
	{"script", required_argument, NULL, OPT_SCRIPT},
	{"format", required_argument, NULL, 'f'},
	{"output", required_argument, NULL, 'o'},
	{"interviewee", required_argument, NULL, OPT_INTERVIEWEE},
	{"role", required_argument, NULL, 'r'},
	{"date", required_argument, NULL, OPT_DATE},
	{"auditor", required_argument, NULL, OPT_AUDITOR},
	{"audit-type", required_argument, NULL, OPT_AUDIT_TYPE},
	{"assertions", required_argument, NULL, OPT_ASSERTIONS},
	{"audit", required_argument, NULL, OPT_AUDIT}, /* old spelling, last */
	AK_OPTS_COMMON,
};

static const struct ak_deprecated deprecated[] = {
	{"--audit", "--audit-type", NULL, false},
	{"-a", "--audit-type", NULL, false},
	{NULL, NULL, NULL, false},
};

const struct ak_cmd ak_cmd_score = {
	.name = "score",
	.summary = "score interview notes against the policy and the risk register",
	.usage = "usage: auditkit score NOTES... (--facts FILE | --evidence DIR) [OPTIONS]\n"
	"\n"
	"  NOTES                   Markdown or text notes (docs/notes-format.md), or a\n"
	"                          WebVTT (.vtt) or SRT (.srt) meeting transcript\n"
	"      --facts FILE        the organisation's records (docs/facts-format.md)\n"
	"      --evidence DIR      an evidence snapshot from 'auditkit fetch' (its\n"
	"                          facts.json)\n"
	"  -b, --bank ID|FILE|DIR  question bank (default: the notes' 'bank:', else\n"
	"                          iso27001-2022)\n"
	"      --script FILE       the interview script (JSON): score only its questions\n"
	"      --assertions FILE   assertion rules (default: rules/assertions-en.json)\n"
	"  -f, --format F          json (default) or md (a human summary)\n"
	"  -o, --output PATH       with one notes file: the file to write (default -);\n"
	"                          with several: a folder, one <notes>.scored.json each\n"
	"      --interviewee NAME  the interviewee,\n"
	"  -r, --role R            their role,\n"
	"      --date YYYY-MM-DD   the date of the interview,\n"
	"      --auditor NAME      the auditor and\n"
	"      --audit-type T      the type of audit, filling in or overriding the\n"
	"                          front matter (transcripts carry none)\n"
	"  -q, --quiet             nothing on standard error but errors (no summary)\n"
	"  -v, --verbose           say which files were read\n"
	"  -h, --help              this help\n"
	"\n"
	"Every score says why: rule hits quoted with their byte offsets in the notes,\n"
	"the records named and missed, red flags and contradictions (docs/scoring.md).\n"
	"Each interview scored gets one line on standard error: its questions by\n"
	"score and its proposed findings.\n"
	"exit: 0 ok, 2 usage, 3 bad notes, facts, bank or script, 5 cannot write\n",
	.run = run,
	.shortopts = ":b:f:o:r:qvha:",
	.longopts = longopts,
	.deprecated = deprecated,
	.values = values,
};

static const char *const formats[] = {"json", "md", NULL};

static const char *role_name_i(int i) { return bank_role_name((enum bank_role)i); }
static const char *audit_name_i(int i) { return bank_audit_name((enum bank_audit)i); }

static const char *values(const char *opt)
{
	static char roles[256], audits[256], fmts[32];

	if (strcmp(opt, "role") == 0)
		return ak_words(roles, sizeof roles, NULL, role_name_i, BANK_NROLES);
	if (strcmp(opt, "audit-type") == 0)
		return ak_words(audits, sizeof audits, NULL, audit_name_i, BANK_NAUDITS);
	if (strcmp(opt, "format") == 0)
		return ak_words(fmts, sizeof fmts, formats, NULL, 0);
	return NULL;
}

/* The line each scored interview gets on standard error, as findings has
 * its own: "'notes/ceo.md' (Maria Keller, ceo): 18 requirements (15 shown,
 * 1 not, 2 not evidenced; 1 delegated, 1 contradiction), 3 proposed
 * findings and 15 conformities, in 'x.json'". */
static char *summary(const char *notes, const struct notes *n, const struct score_opts *so,
		     const struct score_summary *sum, const char *written)
{
	const char *who = so->interviewee ? so->interviewee : n->meta.interviewee;
	const char *role = so->role ? so->role : n->meta.role;
	char more[96] = "", extra[64] = "";

	if (sum->delegated || sum->contradictions)
		snprintf(extra, sizeof extra, "; %zu delegated, %zu contradiction%s", sum->delegated,
			 sum->contradictions, sum->contradictions == 1 ? "" : "s");
	if (sum->conformities)
		snprintf(more, sizeof more, " and %zu conformit%s", sum->conformities,
			 sum->conformities == 1 ? "y" : "ies");
	return ak_asprintf("'%s'%s%s%s%s%s: %zu requirements (%zu shown, %zu not, %zu not evidenced%s), %zu proposed "
		"finding%s%s%s%s%s",
		notes, who || role ? " (" : "", who ? who : "", who && role ? ", " : "", role ? role : "",
		who || role ? ")" : "", sum->nrequirements, sum->pass, sum->fail, sum->not_evidenced, extra,
		sum->findings, sum->findings == 1 ? "" : "s", more, strcmp(written, "-") ? ", in '" : "",
		strcmp(written, "-") ? written : "", strcmp(written, "-") ? "'" : "");
}

/* Write one scored file into out; closed, for the batch to commit (or, with
 * now, committed at once). */
static ak_err write_one(const char *path, const struct ak_buf *scored, bool md, struct ak_out *o,
			bool now)
{
	struct ak_out out;
	ak_err err = ak_out_open(&out, path);

	if (err)
		return err;
	if (md) {
		/* the summary is read from the scored JSON itself */
		json_error_t je;
		json_t *j = json_loadb(scored->data, scored->len, 0, &je);
		err = j ? score_write_markdown(out.fp, j) : AK_ERR_INTERNAL;
		json_decref(j);
	} else if (fwrite(scored->data, 1, scored->len, out.fp) != scored->len) {
		err = AK_ERR_OUTPUT;
	}
	if (err) {
		if (err == AK_ERR_OUTPUT) /* a full disk, a file-size limit */
			ak_error("cannot write '%s': %s", path, strerror(errno ? errno : EIO));
		ak_out_abort(&out);
		return err;
	}
	if (now)
		return ak_out_commit(&out);
	*o = out;
	return ak_out_close(o);
}

/* Scored files written and closed, waiting for one sync for them all: a
 * sync per file was a tenth of scoring 1,000 notes and most of its wall
 * time beyond the CPU's. At most BATCH wait, so memory stays flat in the
 * number of notes files, and well inside the 64 temporaries the signal
 * handler's registry holds (out.c); each summary line is printed once its
 * file has landed. */
#define BATCH 32

struct pending {
	struct ak_out o[BATCH];
	char *line[BATCH];
	bool ok[BATCH];
	size_t n;
};

static ak_err pending_commit(struct pending *p, size_t *written)
{
	ak_err err = p->n ? ak_out_commit_closed(p->o, p->n, p->ok) : AK_OK;
	size_t i;

	for (i = 0; i < p->n; i++) {
		if (p->ok[i]) {
			if (p->line[i])
				ak_note("%s", p->line[i]);
			(*written)++;
		}
		free(p->line[i]);
	}
	p->n = 0;
	return err;
}

static bool is_regular(const char *path)
{
	struct stat st;

	return stat(path, &st) != 0 || S_ISREG(st.st_mode) || S_ISDIR(st.st_mode);
}

/* -o names a folder: one that exists, or a path ending in '/'. */
static bool is_folder(const char *path)
{
	struct stat st;
	size_t n = strlen(path);

	if (strcmp(path, "-") == 0)
		return false;
	return (n && path[n - 1] == '/') || (stat(path, &st) == 0 && S_ISDIR(st.st_mode));
}

static char *out_path(const char *dir, const char *notes, bool md)
{
	const char *base = strrchr(notes, '/');
	const char *dot;

	size_t dlen = strlen(dir);

	while (dlen > 1 && dir[dlen - 1] == '/') /* "out/" as "out" */
		dlen--;
	base = base ? base + 1 : notes;
	dot = strrchr(base, '.');
	return ak_asprintf("%.*s/%.*s.scored.%s", (int)dlen, dir,
			   dot ? (int)(dot - base) : (int)strlen(base), base, md ? "md" : "json");
}

/* Every output against every input (ak_out_check), before anything is
 * read; with several notes, also no two notes that would get one output
 * name (a/notes.md and b/notes.md): refused, naming both, as no naming
 * apart would stay obvious to the auditor (docs/failures.md). */
static ak_err check_outputs(int argc, char **argv, const char *output, bool md, bool many,
			    const char *facts, const char *evidence, const char *bank,
			    const char *script, const char *assertions)
{
	struct ak_input *in;
	size_t n = 0, i, j, nnotes = (size_t)(argc - optind);
	char **paths = NULL, *resolved = NULL, *folder = NULL;
	ak_err err = AK_OK;

	in = calloc(nnotes + 7, sizeof *in);
	paths = calloc(nnotes, sizeof *paths);
	if (!in || !paths) {
		err = AK_ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < nnotes; i++)
		in[n++] = (struct ak_input){"notes", argv[optind + (int)i]};
	in[n++] = (struct ak_input){"--facts", facts};
	in[n++] = (struct ak_input){"--evidence", evidence};
	in[n++] = (struct ak_input){"--bank", bank};
	in[n++] = (struct ak_input){"--script", script};
	in[n++] = (struct ak_input){"--assertions", assertions};
	/* the bank by its id too: not even root writes over a shipped bank */
	resolved = bank_resolve(bank ? bank : "iso27001-2022");
	folder = ak_bank_folder(bank ? bank : "iso27001-2022", resolved);
	in[n++] = (struct ak_input){"the bank", resolved};
	in[n++] = (struct ak_input){"the bank", folder};
	if (!many) {
		err = ak_out_check(output, in, n);
		goto out;
	}
	for (i = 0; i < nnotes && !err; i++) {
		if (!(paths[i] = out_path(output, in[i].path, md))) {
			err = AK_ERR_NOMEM;
			break;
		}
		for (j = 0; j < i; j++)
			if (strcmp(paths[i], paths[j]) == 0) {
				ak_error("the notes '%s' and '%s' would both be scored into '%s': score "
					 "them in two runs, or rename one",
					 in[j].path, in[i].path, paths[i]);
				err = AK_ERR_USAGE;
				break;
			}
	}
	if (!err)
		err = ak_out_check_many((const char *const *)paths, nnotes, in, n);
out:
	if (paths)
		for (i = 0; i < nnotes; i++)
			free(paths[i]);
	free(paths);
	free(in);
	free(resolved);
	free(folder);
	return err;
}

static ak_err run(int argc, char **argv)
{
	const struct ak_cmd *me = &ak_cmd_score;
	struct score_opts so;
	const char *facts_path = NULL, *evidence = NULL, *bank_arg = NULL, *script = NULL;
	const char *assertions = NULL;
	const char *format = "json", *output = "-";
	char *facts_alloc = NULL, *bank_file = NULL, **ids = NULL;
	char facts_sha[AK_SHA256_HEX];
	size_t nids = 0, capids = 0, i;
	struct ak_diags d = AK_DIAGS_INIT;
	struct bank *b = NULL;
	struct facts *facts = NULL;
	ak_err err = AK_OK, worst = AK_OK;
	struct ak_opt p;
	bool md, many, made = false;
	size_t written = 0;
	struct pending wait;
	ak_err last;
	int c;

	memset(&so, 0, sizeof so);
	ak_opt_init(&p, me, argc, argv);
	while ((c = ak_opt_next(&p)) > 0) {
		switch (c) {
		case OPT_FACTS: facts_path = optarg; break;
		case OPT_EVIDENCE: evidence = optarg; break;
		case 'b': bank_arg = optarg; break;
		case OPT_SCRIPT: script = optarg; break;
		case OPT_ASSERTIONS: assertions = optarg; break;
		case 'f': format = optarg; break;
		case 'o': output = optarg; break;
		case OPT_INTERVIEWEE: so.interviewee = optarg; break;
		case 'r': so.role = optarg; break;
		case OPT_DATE: so.date = optarg; break;
		case OPT_AUDITOR: so.auditor = optarg; break;
		case 'a':
		case OPT_AUDIT:
		case OPT_AUDIT_TYPE: so.audit = optarg; break;
		default: return ak_usage_error(me, "unknown option '%s'", p.spelling);
		}
	}
	if (c < 0)
		return p.err;
	{
		/* each goes on one line of the summary's heading and the scored file */
		const char *const given[][2] = {{"interviewee", so.interviewee},
						{"auditor", so.auditor},
						{"audit-type", so.audit}};
		size_t k;
		for (k = 0; k < sizeof given / sizeof given[0]; k++) {
			const char *bad = given[k][1] ? ak_control_in(given[k][1]) : NULL;
			if (bad)
				return ak_usage_error(me, "--%s holds %s: give it on one line",
						      given[k][0], bad);
		}
	}
	if (optind >= argc)
		return ak_usage_error(me, "name the notes to score");
	if (!!facts_path + !!evidence != 1)
		return ak_usage_error(me, "give the records with --facts FILE or --evidence DIR");
	if (strcmp(format, formats[0]) != 0 && strcmp(format, formats[1]) != 0)
		return ak_usage_error(me, "--format must be json or md, not '%s'", format);
	md = strcmp(format, formats[1]) == 0;
	/* one notes file and -o naming a folder ("-o out/", or one that exists)
	 * is written into it as several would be, not refused */
	many = argc - optind > 1 || is_folder(output);
	if (many && strcmp(output, "-") == 0)
		return ak_usage_error(me, "several notes files need -o FOLDER (one output each)");
	/* Nothing is read before every output is known not to land on an
	 * input, and no two notes to share an output. */
	if ((err = check_outputs(argc, argv, output, md, many, facts_path, evidence, bank_arg,
				 script, assertions)))
		return err;
	if (many && mkdir(output, 0777) == 0)
		made = true;
	else if (many && errno != EEXIST) {
		ak_error("cannot make the folder '%s': %s", output, strerror(errno));
		return AK_ERR_OUTPUT;
	}
	/* a folder made here goes again if nothing lands in it, on a signal too */
	if (made && !ak_tmp_register(output, true)) {
		rmdir(output);
		return AK_ERR_NOMEM;
	}
	if (facts_path && (strcmp(facts_path, "-") == 0 || !is_regular(facts_path))) {
		/* standard input or a pipe (--facts <(...)) cannot be read again for
		 * its hash: hash what was read */
		char *text = NULL;
		size_t len = 0;
		ak_verbosef("records: '%s'", facts_path);
		if ((err = ak_read_text(facts_path, 64u << 20, 0, &text, &len)))
			goto out;
		facts = facts_parse(strcmp(facts_path, "-") ? facts_path : "(standard input)", text, len,
				    &d, &err);
		if (facts && !ak_sha256_hex(text, len, facts_sha))
			err = AK_ERR_NOMEM;
		free(text);
		if (!facts || err)
			goto out;
	} else {
		/* a file as it is; a snapshot's facts checked against its manifest,
		 * with facts.local.json merged */
		facts = facts_open(facts_path, evidence, true, NULL, &facts_alloc, &d, &err);
		if (!facts)
			goto out;
		facts_path = facts_alloc;
		ak_verbosef("records: '%s'", facts_path);
		if (!ak_sha256_file(facts_path, facts_sha)) {
			ak_error("cannot read '%s': %s", facts_path, strerror(errno));
			err = AK_ERR_INPUT;
			goto out;
		}
	}
	if (script) {
		if ((err = render_read_script_ids(script, &ids, &nids, &capids)))
			goto out;
		ak_verbosef("script '%s': only its %zu questions", script, nids);
	}
	bank_file = bank_resolve(bank_arg ? bank_arg : "iso27001-2022");
	if (!bank_file) {
		ak_error("no bank '%s' (try 'auditkit banks list')", bank_arg ? bank_arg : "iso27001-2022");
		err = AK_ERR_INPUT;
		goto out;
	}
	ak_verbosef("bank '%s': '%s'", bank_arg ? bank_arg : "iso27001-2022", bank_file);
	b = bank_load(bank_file, &d, &err);
	if (!b)
		goto out;
	if ((err = bank_jit(b)))
		goto out;
	so.bank = b;
	so.facts = facts;
	so.env = score_env_new(b, facts, assertions, &d, &err);
	if (!so.env)
		goto out;
	so.facts_file = facts_path;
	so.facts_sha256 = facts_sha;
	so.script_ids = (const char *const *)ids;
	so.nscript = nids;
	if (!ids)
		so.script_ids = NULL;
	wait.n = 0;

	for (i = (size_t)optind; i < (size_t)argc; i++) {
		struct ak_diags nd = AK_DIAGS_INIT;
		struct notes *n;
		struct ak_buf scored = AK_BUF_INIT;
		struct score_summary sum;
		ak_err e;

		ak_verbosef("notes: '%s'", argv[i]);
		n = notes_load(argv[i], &nd, &e);
		if (n && !e)
			e = score_notes(&so, n, n->sha256, &scored, &sum, &nd);
		ak_diags_print(&nd);
		ak_diags_release(&nd);
		if (!e) {
			char *path = many ? out_path(output, argv[i], md) : NULL;
			if (many && !path)
				e = AK_ERR_NOMEM;
			else if (!many) {
				if (!(e = write_one(output, &scored, md, NULL, true))) {
					char *line = summary(argv[i], n, &so, &sum, output);
					if (line)
						ak_note("%s", line);
					free(line);
					written++;
				}
			} else if (!(e = write_one(path, &scored, md, &wait.o[wait.n], false))) {
				wait.line[wait.n++] = summary(argv[i], n, &so, &sum, path);
				if (wait.n == BATCH)
					e = pending_commit(&wait, &written);
			}
			free(path);
		}
		ak_buf_release(&scored);
		notes_free(n);
		if (e && (worst == AK_OK || e == AK_ERR_NOMEM || e == AK_ERR_OUTPUT))
			worst = e;
	}
	if ((last = pending_commit(&wait, &written)) && (worst == AK_OK || last == AK_ERR_OUTPUT))
		worst = last;
	err = worst;
out:
	if (made) {
		ak_tmp_unregister(output);
		if (!written && rmdir(output) == 0)
			ak_verbosef("removed the folder '%s' made for the outputs: none was written",
				    output);
	}
	ak_diags_print(&d);
	ak_diags_release(&d);
	for (i = 0; i < nids; i++)
		free(ids[i]);
	free(ids);
	free(facts_alloc);
	free(bank_file);
	score_env_free(so.env);
	facts_free(facts);
	bank_free(b);
	return err;
}
