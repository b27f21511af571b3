/* findings: grade the scored interviews and manual findings of an audit and
 * write the findings workbook (or CSV, JSON, OSCAL). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "evidence/facts.h"
#include "evidence/snapshot.h"
#include "findings/export.h"
#include "findings/grade.h"
#include "core/hash.h"
#include "core/jcheck.h"
#include "findings/manual.h"
#include "findings/report.h"
#include "findings/responses.h"
#include "findings/rules.h"
#include "sample/sample_plan.h"
#include "findings/scored.h"
#include "core/msg.h"
#include "core/util.h"
#include "findings/workbook.h"

static ak_err run(int argc, char **argv);
static const char *values(const char *opt);

enum {
	OPT_MANUAL = 256,
	OPT_OVERRIDES,
	OPT_RESPONSES,
	OPT_FACTS,
	OPT_CLIENT,
	OPT_RULES,
	OPT_AUDIT,
	OPT_EVIDENCE,
	OPT_SAMPLING,
	OPT_DATE,
	OPT_BOM,
};

static const struct option longopts[] = {
	{"manual", required_argument, NULL, OPT_MANUAL},
	{"overrides", required_argument, NULL, OPT_OVERRIDES},
	{"responses", required_argument, NULL, OPT_RESPONSES},
	{"facts", required_argument, NULL, OPT_FACTS},
	{"client", no_argument, NULL, OPT_CLIENT},
	{"rules", required_argument, NULL, OPT_RULES},
	{"audit", required_argument, NULL, OPT_AUDIT},
	{"evidence", required_argument, NULL, OPT_EVIDENCE},
	{"sampling", required_argument, NULL, OPT_SAMPLING},
	{"date", required_argument, NULL, OPT_DATE},
	{"format", required_argument, NULL, 'f'},
	{"bom", no_argument, NULL, OPT_BOM},
	{"output", required_argument, NULL, 'o'},
	AK_OPTS_COMMON,
};

/* -m and -r were --manual and --rules; elsewhere -m is --method and -r
 * --role. */
static const struct ak_deprecated deprecated[] = {
	{"-m", "--manual", NULL, false},
	{"-r", "--rules", NULL, false},
	{NULL, NULL, NULL, false},
};

/* clang-format off */
const struct ak_cmd ak_cmd_findings = {
    .name = "findings",
    .summary = "grade scored interviews and write the findings workbook",
    .usage = "usage: auditkit findings [SCORED...] [OPTIONS] -o FILE\n"
    "\n"
    "Turns the proposed findings of scored interviews (from 'auditkit score') into\n"
    "one finding per problem, graded for top management as a body with the rules,\n"
    "adds the findings the auditors wrote by hand and the lead auditor's\n"
    "overrides, and writes the register.\n"
    "\n"
    "      --manual FILE     manual findings and overrides (CSV or JSON; repeatable)\n"
    "      --overrides FILE  grade overrides only (CSV or JSON; repeatable)\n"
    "      --responses XLSX  a register the client filled in and returned: their\n"
    "                        corrections, causes, actions, owners, dates and status\n"
    "                        are carried into this one, matched by finding\n"
    "      --rules FILE      grading rules (default: rules/default.json)\n"
    "      --audit FILE      the audit (audit.json): organisation, scope, dates,\n"
    "                        team, and the interviewees who are top management\n"
    "      --facts FILE      the organisation's records (who owns which risk, who\n"
    "                        approved the policy); default: the evidence\n"
    "                        snapshot's, else the one the interviews were scored on\n"
    "      --evidence DIR    an evidence snapshot ('auditkit fetch'): the Sources\n"
    "                        sheet\n"
    "      --sampling PLAN   a sampling plan ('auditkit sample'): the Sampling sheet\n"
    "      --date DATE       the report date, YYYY-MM-DD (default: the audit's last\n"
    "                        day, else the latest interview); due dates count from it\n"
    "      --client          the client's copy: without the audit team's sheets\n"
    "  -f, --format F        xlsx, csv, json or oscal (default: from the output's\n"
    "                        name, else xlsx)\n"
    "      --bom             CSV for Excel: a byte-order mark, and text that would\n"
    "                        start a formula led by an apostrophe\n"
    "  -o, --output FILE     write here ('-': standard output)\n"
    "  -q, --quiet           nothing on standard error but errors\n"
    "  -v, --verbose         say which files were read and which rule graded what\n"
    "  -h, --help            this help\n"
    "\n"
    "docs/findings-format.md describes the outputs and the manual findings;\n"
    "docs/grading-rules.md the rules.\n"
    "exit: 0 ok, 2 usage, 3 bad input (file:line: message), 5 cannot write\n",
    .run = run,
    .shortopts = ":f:o:qvhm:r:",
    .longopts = longopts,
    .deprecated = deprecated,
    .values = values,
};
/* clang-format on */

static const char *const formats[] = {"xlsx", "csv", "json", "oscal", NULL};

static const char *values(const char *opt)
{
	static char fmts[64];

	return strcmp(opt, "format") == 0 ? ak_words(fmts, sizeof fmts, formats, NULL, 0) : NULL;
}

struct sink {
	struct report *r;
	struct wb *wb;
	struct exporter *ex;
	size_t written;
};

/* Number one finding, carry in what the client wrote for it, count it and
 * hand it to the workbook or the exporter. A manual finding's own id is
 * its key. */
static ak_err put_finding(const struct grade_finding *f, void *ctx)
{
	struct sink *s = ctx;
	struct grade_finding x = *f;
	struct report_response *rs;
	char id[24];

	if (!x.key)
		x.key = f->id;
	report_number(s->r, &x, id);
	x.id = id;
	rs = report_response_for(s->r, &x);
	report_apply_response(rs, &x);
	if (rs && rs->override_grade &&
	    !(x.override && strcasecmp(grade_label(x.override->grade), rs->override_grade) == 0))
		rs->override_ignored = true;
	report_tally(s->r, &x);
	if (s->r->oom)
		return AK_ERR_NOMEM;
	s->written++;
	return s->wb ? wb_finding(s->wb, &x) : export_finding(s->ex, &x);
}

/* Every finding into s: the graded ones in order, then the manual ones. */
static ak_err put_all(const struct grader *g, struct manual **m, size_t nm, struct sink *s)
{
	ak_err err = AK_OK;
	size_t i;

	for (i = 0; i < grade_count(g) && !err; i++)
		err = put_finding(grade_get(g, i), s);
	for (i = 0; i < nm && !err; i++)
		err = manual_each(m[i], put_finding, s);
	return err;
}

/* init's placeholders still in the audit file: one warning. */
static void warn_placeholders(const struct report_audit *a)
{
	const char *team[16], *people[16];
	struct ak_audit_fields f = {a->organisation, a->scope, team, 0, people, 0};
	size_t i;

	for (i = 0; i < a->nteam && i < 16; i++)
		team[f.nteam++] = a->team[i].name;
	for (i = 0; i < a->ninterviewees && i < 16; i++)
		people[f.ninterviewees++] = a->interviewees[i].name;
	ak_audit_placeholders(a->path, &f);
}

static bool guess_format(const char *out, const char **fmt)
{
	const char *dot = strrchr(out, '.');

	if (!dot)
		return false;
	if (strcmp(dot, ".xlsx") == 0)
		*fmt = "xlsx";
	else if (strcmp(dot, ".csv") == 0)
		*fmt = "csv";
	else if (strcmp(dot, ".json") == 0)
		*fmt = strstr(out, "oscal") ? "oscal" : "json";
	else
		return false;
	return true;
}

/* Copy a finished file to fp (a workbook asked for on '-', a pipe or a
 * device, which libxlsxwriter cannot write itself). */
static ak_err copy_out(const char *path, FILE *fp, const char *output)
{
	char buf[65536];
	FILE *in = fopen(path, "rb");
	size_t n;
	ak_err err = AK_OK;

	if (!in) {
		ak_error("cannot read '%s': %s", path, strerror(errno));
		return AK_ERR_OUTPUT;
	}
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, fp) != n) {
			if (strcmp(output, "-") == 0)
				ak_error("cannot write to standard output: %s", strerror(errno));
			else
				ak_error("cannot write '%s': %s", output, strerror(errno));
			err = AK_ERR_OUTPUT;
			break;
		}
	if (ferror(in))
		err = AK_ERR_OUTPUT;
	fclose(in);
	return err;
}

/* The workbook: libxlsxwriter writes the file itself at the end, so it is
 * pointed at the temporary file of an ak_out and the rename happens only
 * after it succeeded; standard output, a pipe or a device (an ak_out
 * written directly) gets a copy of a finished temporary workbook. */
static ak_err write_xlsx(const char *output, struct report *rep, const struct grader *g,
                         struct manual **m, size_t nm)
{
	struct ak_out out = {0};
	struct sink s;
	char tmp[] = "/tmp/auditkit-findings-XXXXXX";
	const char *path;
	size_t total = grade_count(g), i;
	ak_err err;
	int fd = -1;

	for (i = 0; i < nm; i++)
		total += manual_nfindings(m[i]);
	memset(&s, 0, sizeof s);
	s.r = rep;
	if ((err = ak_out_open(&out, output)))
		return err;
	if (!out.tmp) {
		const char *td = getenv("TMPDIR");
		char *t = td && *td ? ak_asprintf("%s/auditkit-findings-XXXXXX", td) : NULL;
		if (t && strlen(t) < sizeof tmp)
			memcpy(tmp, t, strlen(t) + 1);
		free(t);
		fd = ak_mkstemp_tmp(tmp);
		if (fd < 0) {
			ak_error("cannot make a temporary file: %s", strerror(errno));
			ak_out_abort(&out);
			return AK_ERR_OUTPUT;
		}
		close(fd);
		path = tmp;
	} else {
		path = out.tmp;
	}
	if ((err = wb_open(path, rep, total, &s.wb)))
		goto fail;
	err = put_all(g, m, nm, &s);
	if (err) {
		wb_abort(s.wb);
		goto fail;
	}
	if ((err = wb_close(s.wb)))
		goto fail;
	if (fd >= 0) {
		err = copy_out(tmp, out.fp, output);
		unlink(tmp);
		ak_tmp_unregister(tmp);
		if (err) {
			ak_out_abort(&out);
			return err;
		}
	}
	return ak_out_commit(&out);
fail:
	if (fd >= 0) {
		unlink(tmp);
		ak_tmp_unregister(tmp);
	}
	ak_out_abort(&out);
	return err;
}

static ak_err write_export(const char *output, enum export_format fmt, const struct export_opts *eo,
                           struct report *rep, const struct grader *g, struct manual **m,
                           size_t nm)
{
	struct ak_out out = {0};
	struct sink s;
	ak_err err;

	memset(&s, 0, sizeof s);
	s.r = rep;
	if ((err = ak_out_open(&out, output)))
		return err;
	if ((err = export_begin(out.fp, fmt, rep, eo, &s.ex)))
		goto fail;
	err = put_all(g, m, nm, &s);
	if (err) {
		export_abort(s.ex);
		goto fail;
	}
	if ((err = export_end(s.ex)))
		goto fail;
	return ak_out_commit(&out);
fail:
	if (err == AK_ERR_OUTPUT)
		ak_error("cannot write '%s': %s", output, strerror(errno ? errno : EIO));
	ak_out_abort(&out);
	return err;
}

/* Today's date (UTC), only when nothing says which date the report has. */
static void today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

#define MAX_FILES 64

/* The records who owns what comes from: --facts, else the snapshot's
 * facts (checked against its manifest, facts.local.json merged), else the
 * file the interviews were scored on when it is still there and unchanged.
 * NULL (with a note) when none. *path set to the file; *snap to the
 * snapshot, opened and checked, when evidence is given. */
static struct facts *load_facts(const char *facts_arg, const char *evidence, struct scored **sc,
                                size_t nsc, struct ak_diags *d, ak_err *err, char **path,
                                struct evidence_snapshot **snap)
{
	struct facts *f = NULL;
	char sha[65];
	size_t i;

	*err = AK_OK;
	*path = NULL;
	if (evidence) {
		ak_verbosef("evidence snapshot: '%s'", evidence);
		f = facts_open(NULL, evidence, false, snap, path, d, err);
		if (*err)
			return NULL;
		if (facts_arg) { /* --facts wins; the snapshot is still checked */
			facts_free(f);
			f = NULL;
			free(*path);
			*path = NULL;
		}
	}
	if (facts_arg || f)
		goto found;
	for (i = 0; i < nsc; i++)
		if (sc[i]->facts_file && sc[i]->facts_sha256 && ak_sha256_file(sc[i]->facts_file, sha) &&
		    strcmp(sha, sc[i]->facts_sha256) == 0) {
			facts_arg = sc[i]->facts_file;
			break;
		}
	if (!facts_arg) {
		if (nsc)
			ak_note("no records given (--facts, --evidence): who owns which risk and who "
			        "approved the policy is not known to grading");
		return NULL;
	}
found:
	if (!f)
		f = facts_open(facts_arg, NULL, true, NULL, path, d, err);
	if (f)
		ak_verbosef("the records: '%s'", *path);
	return f;
}

static ak_err open_manual(const char *path, bool overrides_only, struct ak_diags *d,
                          struct manual **out)
{
	ak_err err;

	ak_verbosef("%s: '%s'", overrides_only ? "overrides" : "manual findings", path);
	if ((err = manual_open(path, out)) || (err = manual_scan(*out, d)))
		return err;
	if (overrides_only && manual_nfindings(*out)) {
		ak_error("'%s' holds findings: --overrides takes overrides only (give findings "
		         "with --manual)",
		         path);
		return AK_ERR_USAGE;
	}
	return AK_OK;
}

/* The output against every input (ak_out_check), before anything is read. */
static ak_err check_inputs(const char *output, int argc, char **argv, const char *const *manual,
                           size_t nman, const char *const *overrides, size_t novr,
                           const char *responses, const char *facts, const char *rules,
                           const char *audit, const char *evidence, const char *sampling)
{
	size_t nsc = (size_t)(argc - optind), n = 0, i;
	struct ak_input *in = calloc(nsc + nman + novr + 7, sizeof *in);
	char *default_rules = rules ? NULL : rules_default_path();
	ak_err err;

	if (!in) {
		free(default_rules);
		return AK_ERR_NOMEM;
	}
	for (i = 0; i < nsc; i++)
		in[n++] = (struct ak_input){"a scored interview", argv[optind + (int)i]};
	for (i = 0; i < nman; i++)
		in[n++] = (struct ak_input){"--manual", manual[i]};
	for (i = 0; i < novr; i++)
		in[n++] = (struct ak_input){"--overrides", overrides[i]};
	in[n++] = (struct ak_input){"--responses", responses};
	in[n++] = (struct ak_input){"--facts", facts};
	in[n++] = (struct ak_input){"--rules", rules};
	in[n++] = (struct ak_input){"--audit", audit};
	in[n++] = (struct ak_input){"--evidence", evidence};
	in[n++] = (struct ak_input){"--sampling", sampling};
	in[n++] = (struct ak_input){"the default grading rules", default_rules};
	err = ak_out_check(output, in, n);
	free(default_rules);
	free(in);
	return err;
}

static ak_err run(int argc, char **argv)
{
	const struct ak_cmd *me = &ak_cmd_findings;
	const char *manual_paths[MAX_FILES], *override_paths[MAX_FILES];
	const char *rules_arg = NULL, *audit_path = NULL, *evidence = NULL, *facts_arg = NULL;
	const char *plan_path = NULL, *date = NULL, *format = NULL, *output = NULL;
	const char *responses = NULL;
	struct export_opts eo = {false};
	struct ak_diags d = AK_DIAGS_INIT;
	struct scored **sc = NULL;
	struct rules *rules = NULL;
	struct grader *g = NULL;
	struct manual *m[2 * MAX_FILES];
	struct report_audit *audit = NULL;
	struct evidence_snapshot *snap = NULL;
	struct facts *facts = NULL;
	struct sp_plan plan;
	struct report rep;
	struct grade_override *ov = NULL;
	struct grade_member *top = NULL;
	char *rules_path_alloc = NULL, *facts_path = NULL, datebuf[11];
	size_t nsc = 0, nov = 0, nman = 0, novr = 0, nm = 0, nfm = 0, i, j;
	bool have_plan = false, client = false;
	struct ak_opt p;
	ak_err err = AK_OK;
	int c;

	sp_plan_init(&plan);
	report_init(&rep);
	ak_opt_init(&p, me, argc, argv);
	while ((c = ak_opt_next(&p)) > 0) {
		switch (c) {
		case 'm':
		case OPT_MANUAL:
			if (nman == MAX_FILES)
				return ak_usage_error(me, "at most %d --manual files", MAX_FILES);
			for (i = 0; i < nman; i++)
				if (strcmp(manual_paths[i], optarg) == 0)
					return ak_usage_error(me, "--manual '%s' is given twice", optarg);
			manual_paths[nman++] = optarg;
			break;
		case OPT_OVERRIDES:
			if (novr == MAX_FILES)
				return ak_usage_error(me, "at most %d --overrides files", MAX_FILES);
			override_paths[novr++] = optarg;
			break;
		case OPT_RESPONSES:
			if (responses)
				return ak_usage_error(me, "--responses is given twice: give the one "
				                          "returned workbook");
			responses = optarg;
			break;
		case OPT_FACTS:
			facts_arg = optarg;
			break;
		case OPT_CLIENT:
			client = true;
			break;
		case 'r':
		case OPT_RULES:
			rules_arg = optarg;
			break;
		case OPT_AUDIT:
			audit_path = optarg;
			break;
		case OPT_EVIDENCE:
			evidence = optarg;
			break;
		case OPT_SAMPLING:
			plan_path = optarg;
			break;
		case OPT_DATE:
			if (!jck_is_date(optarg))
				return ak_usage_error(me, "--date must be YYYY-MM-DD, not '%s'",
				                      optarg);
			date = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case OPT_BOM:
			eo.bom = true;
			break;
		case 'o':
			output = optarg;
			break;
		default:
			return ak_usage_error(me, "unknown option '%s'", p.spelling);
		}
	}
	if (c < 0)
		return p.err;
	if (!output)
		return ak_usage_error(me, "give the output with -o FILE ('-' for standard output)");
	if (optind == argc && !nman)
		return ak_usage_error(me, "give scored interviews, --manual findings, or both");
	if (!format && !guess_format(output, &format))
		format = "xlsx";
	if (strcmp(format, "xlsx") && strcmp(format, "csv") && strcmp(format, "json") &&
	    strcmp(format, "oscal"))
		return ak_usage_error(me, "--format must be xlsx, csv, json or oscal, not '%s'",
		                      format);
	if (eo.bom && strcmp(format, "csv") != 0)
		return ak_usage_error(me, "--bom is for CSV");
	if (client && strcmp(format, "xlsx") != 0)
		return ak_usage_error(me, "--client is for the workbook");
	if (strcmp(format, "xlsx") == 0 && strcmp(output, "-") == 0 && isatty(STDOUT_FILENO))
		return ak_usage_error(me, "a workbook is binary: give -o FILE.xlsx");
	if (responses && strcmp(responses, output) == 0)
		return ak_usage_error(me, "--responses and -o are the same file: write the new "
		                          "register beside the returned one");
	if ((err = check_inputs(output, argc, argv, manual_paths, nman, override_paths, novr,
	                        responses, facts_arg, rules_arg, audit_path, evidence, plan_path)))
		return err;

	/* The rules first: a broken rules file should not wait for the rest. */
	if (!rules_arg && !(rules_arg = rules_path_alloc = rules_default_path())) {
		ak_error("no default grading rules found (rules/default.json); give --rules FILE");
		err = AK_ERR_INPUT;
		goto out;
	}
	ak_verbosef("grading rules: '%s'", rules_arg);
	if (!(rules = rules_load(rules_arg, &d, &err)))
		goto out;
	if (audit_path) {
		ak_verbosef("the audit: '%s'", audit_path);
		if (!(audit = report_audit_load(audit_path, &d, &err)))
			goto out;
		warn_placeholders(audit);
	}
	rep.audit = audit;
	rep.client = client;

	/* Every scored interview is read before stopping, so one run names
	 * every problem in every file. */
	sc = calloc((size_t)(argc - optind) + 1, sizeof *sc);
	g = grade_new();
	if (!sc || !g) {
		err = AK_ERR_NOMEM;
		goto out;
	}
	for (i = (size_t)optind; i < (size_t)argc; i++) {
		ak_err e;
		struct scored *s;
		ak_verbosef("scored interview: '%s'", argv[i]);
		s = scored_load(argv[i], &d, &e);
		if (!s) {
			if (!err || e == AK_ERR_NOMEM)
				err = e;
			continue;
		}
		sc[nsc++] = s;
	}
	if (err)
		goto out;
	if (audit && audit->ninterviewees) {
		top = calloc(audit->ninterviewees, sizeof *top);
		if (!top) {
			err = AK_ERR_NOMEM;
			goto out;
		}
		for (i = 0; i < audit->ninterviewees; i++) {
			top[i].name = audit->interviewees[i].name;
			top[i].role = audit->interviewees[i].role;
		}
		grade_set_top(g, top, audit->ninterviewees);
	}
	for (i = 0; i < nsc; i++) {
		bool skipped;
		if ((err = grade_add(g, sc[i], &skipped)))
			goto out;
		if (audit && audit->organisation && sc[i]->organisation &&
		    strcmp(audit->organisation, sc[i]->organisation) != 0)
			ak_warn("'%s' is about '%s', the audit about '%s'", sc[i]->path,
			        sc[i]->organisation, audit->organisation);
	}
	/* Every manual and overrides file is kept; their overrides together. */
	for (i = 0; i < nman + novr; i++) {
		bool only = i >= nman;
		const char *path = only ? override_paths[i - nman] : manual_paths[i];
		if ((err = open_manual(path, only, &d, &m[nm])))
			goto out_manual;
		nm++;
	}
	nfm = nman;
	for (i = 0; i < nm; i++) {
		size_t n;
		const struct grade_override *o = manual_overrides(m[i], &n);
		struct grade_override *t;
		if (!n)
			continue;
		t = realloc(ov, (nov + n) * sizeof *ov);
		if (!t) {
			err = AK_ERR_NOMEM;
			goto out;
		}
		ov = t;
		for (j = 0; j < n; j++)
			ov[nov++] = o[j];
	}
	facts = load_facts(facts_arg, evidence, sc, nsc, &d, &err, &facts_path, &snap);
	if (err)
		goto out;
	grade_set_facts(g, facts);
	if (plan_path) {
		ak_verbosef("sampling plan: '%s'", plan_path);
		if ((err = sp_read(plan_path, &plan)))
			goto out;
		have_plan = true;
		if (!ak_sha256_file(plan_path, rep.plan_sha256)) {
			ak_error("cannot read '%s': %s", plan_path, strerror(errno));
			err = AK_ERR_INPUT;
			goto out;
		}
	}
	if (responses) {
		ak_verbosef("returned workbook: '%s'", responses);
		if ((err = responses_read(responses, &rep.responses, &rep.nresponses)))
			goto out;
	}
	if ((err = grade_run(g, rules, ov, nov, &d)))
		goto out;

	if (!date)
		date = report_default_date(audit, g);
	if (!date) {
		today(datebuf);
		date = datebuf;
		ak_note("no report date given or found (--date, or --audit with dates): using "
		        "today, %s",
		        date);
	}
	for (i = 0; i < grade_nreqs(g); i++) {
		const struct grade_req *q = grade_req(g, i);
		if (q->gap)
			ak_warn("%s%s%s is not evidenced either way in any interview: not a finding; "
			        "verify it before closing",
			        q->clause, q->item ? " " : "", q->item ? q->item : "");
	}
	rep.date = date;
	rep.rules = rules;
	rep.grader = g;
	rep.evidence = snap;
	rep.evidence_dir = evidence;
	rep.plan = have_plan ? &plan : NULL;
	rep.plan_path = plan_path;
	/* Every input, for the About sheet and the JSON. */
	if (audit)
		report_add_input(&rep, "audit", audit_path);
	report_add_input(&rep, "grading rules", rules_arg);
	if (facts_path)
		report_add_input(&rep, "records (facts)", facts_path);
	if (evidence)
		report_add_input(&rep, "evidence snapshot", evidence);
	for (i = 0; i < grade_ninterviews(g); i++)
		report_add_input(&rep, "scored interview", grade_interview(g, i)->path);
	for (i = 0; i < nm; i++)
		report_add_input_hashed(&rep, i < nfm ? "manual findings" : "overrides",
		                        manual_path(m[i]), manual_sha256(m[i]));
	if (plan_path)
		report_add_input(&rep, "sampling plan", plan_path);
	if (responses)
		report_add_input(&rep, "returned workbook", responses);
	if (rep.oom) {
		err = AK_ERR_NOMEM;
		goto out;
	}
	report_ready(&rep);

	/* Only the manual files hold findings to stream. */
	if (strcmp(format, "xlsx") == 0)
		err = write_xlsx(output, &rep, g, m, nfm);
	else
		err = write_export(output,
		                   strcmp(format, "csv") == 0    ? EXPORT_CSV
		                   : strcmp(format, "json") == 0 ? EXPORT_JSON
		                                                 : EXPORT_OSCAL,
		                   &eo, &rep, g, m, nfm);
	for (i = 0; !err && i < rep.nresponses; i++) {
		const struct report_response *x = &rep.responses[i];
		if (!x->used)
			ak_warn("'%s': the response to %s%s%s%s matches no finding of this register; "
			        "kept%s",
			        responses, x->id ? x->id : "", x->key ? " (" : "", x->key ? x->key : "",
			        x->key ? ")" : "",
			        strcmp(format, "xlsx") == 0 ? " on the \"Unmatched responses\" sheet"
			                                    : " in the returned workbook only");
		if (x->used && x->override_ignored)
			ak_warn("'%s': an override grade typed for %s is not applied: put it in an "
			        "overrides file with who and why (--overrides)",
			        responses, x->id ? x->id : x->key);
	}
	if (!err && strcmp(output, "-") != 0)
		ak_note("%zu findings (%zu major, %zu minor, %zu observations, %zu opportunities "
		        "for improvement, %zu conformities) in '%s'",
		        rep.total, rep.counts[GRADE_MAJOR], rep.counts[GRADE_MINOR],
		        rep.counts[GRADE_OBSERVATION], rep.counts[GRADE_OFI],
		        rep.counts[GRADE_CONFORMITY], output);
	goto out;
out_manual:
	nm++; /* the one that failed was opened: close it too */
out:
	ak_diags_print(&d);
	ak_diags_release(&d);
	report_release(&rep);
	for (i = 0; i < nm; i++)
		manual_close(m[i]);
	free(ov);
	free(top);
	grade_free(g);
	for (i = 0; i < nsc; i++)
		scored_free(sc[i]);
	free(sc);
	rules_free(rules);
	free(rules_path_alloc);
	free(facts_path);
	facts_free(facts);
	report_audit_free(audit);
	evidence_snapshot_free(snap);
	sp_plan_release(&plan);
	return err;
}
