/* findings: grade the scored interviews and manual findings of an audit and
 * write the findings workbook (or CSV, JSON, OSCAL). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "evidence/snapshot.h"
#include "findings/export.h"
#include "findings/grade.h"
#include "core/hash.h"
#include "core/jcheck.h"
#include "findings/manual.h"
#include "findings/report.h"
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
	OPT_RULES,
	OPT_AUDIT,
	OPT_EVIDENCE,
	OPT_SAMPLING,
	OPT_DATE,
	OPT_BOM,
};

static const struct option longopts[] = {
	{"manual", required_argument, NULL, OPT_MANUAL},
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
    "Merges the scored interviews (from 'auditkit score') into one finding per\n"
    "requirement and issue, grades each with the rules, adds the findings the\n"
    "auditors wrote by hand and their overrides, and writes the register.\n"
    "\n"
    "      --manual FILE     manual findings and grade overrides (CSV or JSON)\n"
    "      --rules FILE      grading rules (default: rules/default.json)\n"
    "      --audit FILE      the audit (audit.json): organisation, scope, dates, team\n"
    "      --evidence DIR    an evidence snapshot ('auditkit fetch'): the Sources sheet\n"
    "      --sampling PLAN   a sampling plan ('auditkit sample'): the Sampling sheet\n"
    "      --date DATE       the report date, YYYY-MM-DD (default: the audit's last\n"
    "                        day, else the latest interview); due dates count from it\n"
    "  -f, --format F        xlsx, csv, json or oscal (default: from the output's\n"
    "                        name, else xlsx)\n"
    "      --bom             CSV for Excel: a byte-order mark, and text that would\n"
    "                        start a formula led by an apostrophe\n"
    "  -o, --output FILE     write here ('-': standard output)\n"
    "  -q, --quiet           nothing on standard error but errors\n"
    "  -v, --verbose         say which files were read\n"
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
	const struct report *r;
	struct report *tally;
	struct wb *wb;
	struct exporter *ex;
	size_t written;
};

/* Count one finding and hand it to the workbook or the exporter. */
static ak_err put_finding(const struct grade_finding *f, void *ctx)
{
	struct sink *s = ctx;

	report_tally(s->tally, f);
	if (s->tally->oom)
		return AK_ERR_NOMEM;
	s->written++;
	return s->wb ? wb_finding(s->wb, f) : export_finding(s->ex, f);
}

/* Every finding into s: the graded ones in order, then the manual ones. */
static ak_err put_all(const struct grader *g, struct manual *m, struct sink *s)
{
	ak_err err = AK_OK;
	size_t i;

	for (i = 0; i < grade_count(g) && !err; i++)
		err = put_finding(grade_get(g, i), s);
	if (!err && m)
		err = manual_each(m, put_finding, s);
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

/* Copy a finished file to standard output (a workbook asked for on '-'). */
static ak_err copy_out(const char *path)
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
		if (fwrite(buf, 1, n, stdout) != n) {
			ak_error("cannot write to standard output: %s", strerror(errno));
			err = AK_ERR_OUTPUT;
			break;
		}
	if (ferror(in))
		err = AK_ERR_OUTPUT;
	fclose(in);
	return err;
}

/* The workbook: libxlsxwriter writes the file itself at the end, so it is
 * pointed at the temporary file of an ak_out (or of standard output) and
 * the rename happens only after it succeeded. */
static ak_err write_xlsx(const char *output, struct report *rep, const struct grader *g,
                         struct manual *m)
{
	struct ak_out out = {NULL, NULL, NULL};
	struct sink s;
	char tmp[] = "/tmp/auditkit-findings-XXXXXX";
	const char *path;
	size_t total = grade_count(g) + (m ? manual_nfindings(m) : 0);
	ak_err err;
	int fd = -1;

	memset(&s, 0, sizeof s);
	s.r = s.tally = rep;
	if (strcmp(output, "-") == 0) {
		const char *td = getenv("TMPDIR");
		char *t = td && *td ? ak_asprintf("%s/auditkit-findings-XXXXXX", td) : NULL;
		if (t && strlen(t) < sizeof tmp)
			memcpy(tmp, t, strlen(t) + 1);
		free(t);
		fd = ak_mkstemp_tmp(tmp);
		if (fd < 0) {
			ak_error("cannot make a temporary file: %s", strerror(errno));
			return AK_ERR_OUTPUT;
		}
		close(fd);
		path = tmp;
	} else {
		if ((err = ak_out_open(&out, output)))
			return err;
		path = out.tmp;
	}
	if ((err = wb_open(path, rep, total, &s.wb)))
		goto fail;
	err = put_all(g, m, &s);
	if (err) {
		wb_abort(s.wb);
		goto fail;
	}
	if ((err = wb_close(s.wb)))
		goto fail;
	if (fd >= 0) {
		err = copy_out(tmp);
		unlink(tmp);
		ak_tmp_unregister(tmp);
		return err;
	}
	return ak_out_commit(&out);
fail:
	if (fd >= 0) {
		unlink(tmp);
		ak_tmp_unregister(tmp);
	} else {
		ak_out_abort(&out);
	}
	return err;
}

static ak_err write_export(const char *output, enum export_format fmt, const struct export_opts *eo,
                           struct report *rep, const struct grader *g, struct manual *m)
{
	struct ak_out out = {NULL, NULL, NULL};
	struct sink s;
	ak_err err;

	memset(&s, 0, sizeof s);
	s.r = s.tally = rep;
	if ((err = ak_out_open(&out, output)))
		return err;
	if ((err = export_begin(out.fp, fmt, rep, eo, &s.ex)))
		goto fail;
	err = put_all(g, m, &s);
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

static ak_err run(int argc, char **argv)
{
	const struct ak_cmd *me = &ak_cmd_findings;
	const char *manual_path = NULL, *rules_arg = NULL, *audit_path = NULL, *evidence = NULL;
	const char *plan_path = NULL, *date = NULL, *format = NULL, *output = NULL;
	struct export_opts eo = {false};
	struct ak_diags d = AK_DIAGS_INIT;
	struct scored **sc = NULL;
	struct rules *rules = NULL;
	struct grader *g = NULL;
	struct manual *m = NULL;
	struct report_audit *audit = NULL;
	struct evidence_snapshot *snap = NULL;
	struct sp_plan plan;
	struct report rep;
	const struct grade_override *ov = NULL;
	char *rules_path_alloc = NULL, datebuf[11];
	size_t nsc = 0, nov = 0, i;
	bool have_plan = false;
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
			manual_path = optarg;
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
	if (optind == argc && !manual_path)
		return ak_usage_error(me, "give scored interviews, --manual findings, or both");
	if (!format && !guess_format(output, &format))
		format = "xlsx";
	if (strcmp(format, "xlsx") && strcmp(format, "csv") && strcmp(format, "json") &&
	    strcmp(format, "oscal"))
		return ak_usage_error(me, "--format must be xlsx, csv, json or oscal, not '%s'",
		                      format);
	if (eo.bom && strcmp(format, "csv") != 0)
		return ak_usage_error(me, "--bom is for CSV");
	if (strcmp(format, "xlsx") == 0 && strcmp(output, "-") == 0 && isatty(STDOUT_FILENO))
		return ak_usage_error(me, "a workbook is binary: give -o FILE.xlsx");

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
	for (i = 0; i < nsc; i++) {
		bool skipped;
		if ((err = grade_add(g, sc[i], &skipped)))
			goto out;
		if (audit && audit->organisation && sc[i]->organisation &&
		    strcmp(audit->organisation, sc[i]->organisation) != 0)
			ak_warn("'%s' is about '%s', the audit about '%s'", sc[i]->path,
			        sc[i]->organisation, audit->organisation);
	}
	if (manual_path) {
		ak_verbosef("manual findings: '%s'", manual_path);
		if ((err = manual_open(manual_path, &m)) || (err = manual_scan(m, &d)))
			goto out;
		ov = manual_overrides(m, &nov);
	}
	if (evidence) {
		struct stat st;
		if (stat(evidence, &st) != 0) {
			ak_error("cannot open '%s': %s", evidence, strerror(errno));
			err = AK_ERR_INPUT;
			goto out;
		}
		ak_verbosef("evidence snapshot: '%s'", evidence);
		if ((err = evidence_read(evidence, &snap)))
			goto out;
		if (!snap) {
			ak_error("'%s' is empty: not an evidence snapshot", evidence);
			err = AK_ERR_DATA;
			goto out;
		}
	}
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
	/* -v: which rule gave each grade is src/findings' to say, with
	 * ak_verbosef (core/msg.h), as grade_run applies them. */
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
			ak_warn(
			    "%s%s%s was not asked of any interviewee: a gap in the audit, not a "
			    "finding; cover it before closing",
			    q->clause, q->item ? " " : "", q->item ? q->item : "");
	}
	rep.audit = audit;
	rep.date = date;
	rep.rules = rules;
	rep.grader = g;
	rep.manual_path = m ? manual_path : NULL;
	rep.manual_sha256 = m ? manual_sha256(m) : NULL;
	rep.evidence = snap;
	rep.evidence_dir = evidence;
	rep.plan = have_plan ? &plan : NULL;
	rep.plan_path = plan_path;
	report_ready(&rep);

	if (strcmp(format, "xlsx") == 0)
		err = write_xlsx(output, &rep, g, m);
	else
		err = write_export(output,
		                   strcmp(format, "csv") == 0    ? EXPORT_CSV
		                   : strcmp(format, "json") == 0 ? EXPORT_JSON
		                                                 : EXPORT_OSCAL,
		                   &eo, &rep, g, m);
	if (!err && strcmp(output, "-") != 0)
		ak_note("%zu findings (%zu major, %zu minor, %zu observations, %zu opportunities "
		        "for improvement, %zu conformities) in '%s'",
		        rep.total, rep.counts[GRADE_MAJOR], rep.counts[GRADE_MINOR],
		        rep.counts[GRADE_OBSERVATION], rep.counts[GRADE_OFI],
		        rep.counts[GRADE_CONFORMITY], output);
out:
	ak_diags_print(&d);
	ak_diags_release(&d);
	report_release(&rep);
	manual_close(m);
	grade_free(g);
	for (i = 0; i < nsc; i++)
		scored_free(sc[i]);
	free(sc);
	rules_free(rules);
	free(rules_path_alloc);
	report_audit_free(audit);
	evidence_snapshot_free(snap);
	sp_plan_release(&plan);
	return err;
}
