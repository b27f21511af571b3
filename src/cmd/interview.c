/* interview: generate an interview script for a member of top management. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "interview/bank.h"
#include "cmd/cmd.h"
#include "evidence/facts.h"
#include "core/jpos.h"
#include "interview/plan.h"
#include "interview/script.h"
#include "core/util.h"

static ak_err run(int argc, char **argv);

const struct ak_cmd ak_cmd_interview = {
	"interview",
	"generate an interview script for top management",
	"usage: auditkit interview [OPTIONS]\n"
	"\n"
	"  -r, --role R            ceo (default), board, cfo, coo, ciso, cio, dept-head,\n"
	"                          isms-manager\n"
	"  -a, --audit A           stage1, stage2 (default), surveillance, recertification,\n"
	"                          internal\n"
	"  -m, --minutes N         time available, opening and closing included; key\n"
	"                          questions first, and the script names what it left out\n"
	"  -c, --clauses LIST      only these clauses or items, e.g. 5.1,5.2 or '5.1 c'\n"
	"  -b, --bank ID|FILE|DIR  question bank (default iso27001-2022)\n"
	"      --facts FILE        the organisation's records (docs/facts-format.md),\n"
	"                          shown beside each question\n"
	"      --evidence DIR      an evidence snapshot from 'auditkit fetch' (its facts.json)\n"
	"  -s, --seed N            rotate interchangeable questions (default 0: the first)\n"
	"      --exclude-asked F   an earlier script's JSON: do not repeat its questions\n"
	"                          (repeatable)\n"
	"  -f, --format F          md (default), html or json\n"
	"      --audience A        auditor (default) or interviewee (an agenda, with no\n"
	"                          expected answers)\n"
	"      --interviewee NAME  --auditor NAME  --date YYYY-MM-DD   filled in the script\n"
	"  -o, --output FILE       write here (default -: standard output)\n"
	"  -h, --help              this help\n"
	"\n"
	"The Markdown script is also the notes template (docs/notes-format.md).\n"
	"exit: 0 ok, 2 usage, 3 bad bank, facts or earlier script, 5 cannot write\n",
	run,
};

#define MAX_FILTERS 32
#define MAX_ASKED_FILES 8

static bool valid_date(const char *s)
{
	int y, m, d;
	char tail;
	return strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && m >= 1 &&
	       m <= 12 && d >= 1 && d <= 31;
}

static ak_err run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"role", required_argument, NULL, 'r'},
		{"audit", required_argument, NULL, 'a'},
		{"minutes", required_argument, NULL, 'm'},
		{"clauses", required_argument, NULL, 'c'},
		{"bank", required_argument, NULL, 'b'},
		{"facts", required_argument, NULL, 'F'},
		{"evidence", required_argument, NULL, 'E'},
		{"seed", required_argument, NULL, 's'},
		{"exclude-asked", required_argument, NULL, 'x'},
		{"format", required_argument, NULL, 'f'},
		{"audience", required_argument, NULL, 'A'},
		{"interviewee", required_argument, NULL, 'I'},
		{"auditor", required_argument, NULL, 'U'},
		{"date", required_argument, NULL, 'D'},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const struct ak_cmd *me = &ak_cmd_interview;
	struct plan_opts po;
	struct render_meta rm;
	struct plan_filter filters[MAX_FILTERS];
	const char *bank_arg = "iso27001-2022", *facts_path = NULL, *evidence = NULL;
	const char *format = "md", *output = "-", *asked_files[MAX_ASKED_FILES];
	char **asked = NULL, *bank_file = NULL, *facts_alloc = NULL;
	size_t nasked = 0, capasked = 0, nasked_files = 0, i;
	struct ak_diags d = AK_DIAGS_INIT;
	struct bank *b = NULL;
	struct facts *facts = NULL;
	struct plan plan;
	struct ak_out out = {NULL, NULL, NULL};
	enum render_format fmt;
	ak_err err = AK_OK;
	long v;
	int c;

	memset(&po, 0, sizeof po);
	memset(&rm, 0, sizeof rm);
	memset(&plan, 0, sizeof plan);
	po.role = BANK_ROLE_CEO;
	po.audit = BANK_AUDIT_STAGE2;
	po.opening_minutes = 2;
	po.closing_minutes = 2;
	optind = 0;
	while ((c = getopt_long(argc, argv, "r:a:m:c:b:s:f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (!bank_role_parse(optarg, &po.role))
				return ak_usage_error(me, "unknown role '%s'", optarg);
			break;
		case 'a':
			if (!bank_audit_parse(optarg, &po.audit))
				return ak_usage_error(me, "unknown audit type '%s'", optarg);
			break;
		case 'm':
			if (!ak_parse_long(optarg, 5, 600, &v))
				return ak_usage_error(me, "--minutes must be a whole number from 5 to 600");
			po.minutes = (int)v;
			break;
		case 'c': {
			char *copy = ak_strdup(optarg), *tok, *save = NULL;
			if (!copy)
				return AK_ERR_NOMEM;
			for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
				if (po.nfilters == MAX_FILTERS || !plan_filter_parse(tok, &filters[po.nfilters])) {
					free(copy);
					return ak_usage_error(me, "--clauses: '%s' is not a clause like 5.1 or '5.1 c'", tok);
				}
				po.nfilters++;
			}
			free(copy);
			break;
		}
		case 'b': bank_arg = optarg; break;
		case 'F': facts_path = optarg; break;
		case 'E': evidence = optarg; break;
		case 's': {
			char *end;
			errno = 0;
			po.seed = strtoull(optarg, &end, 10);
			if (errno || *end || !*optarg || optarg[0] == '-')
				return ak_usage_error(me, "--seed must be a whole number");
			break;
		}
		case 'x':
			if (nasked_files == MAX_ASKED_FILES)
				return ak_usage_error(me, "at most %d --exclude-asked files", MAX_ASKED_FILES);
			asked_files[nasked_files++] = optarg;
			break;
		case 'f': format = optarg; break;
		case 'A':
			if (strcmp(optarg, "auditor") == 0)
				rm.audience = RENDER_AUDITOR;
			else if (strcmp(optarg, "interviewee") == 0)
				rm.audience = RENDER_INTERVIEWEE;
			else
				return ak_usage_error(me, "--audience must be auditor or interviewee");
			break;
		case 'I': rm.interviewee = optarg; break;
		case 'U': rm.auditor = optarg; break;
		case 'D':
			if (!valid_date(optarg))
				return ak_usage_error(me, "--date must be YYYY-MM-DD, not '%s'", optarg);
			rm.date = optarg;
			break;
		case 'o': output = optarg; break;
		case 'h': return ak_usage_print(me);
		default: return ak_usage_error(me, "unknown option");
		}
	}
	if (optind < argc)
		return ak_usage_error(me, "unexpected argument '%s'", argv[optind]);
	if (strcmp(format, "md") == 0)
		fmt = RENDER_MD;
	else if (strcmp(format, "html") == 0)
		fmt = RENDER_HTML;
	else if (strcmp(format, "json") == 0)
		fmt = RENDER_JSON;
	else
		return ak_usage_error(me, "--format must be md, html or json, not '%s'", format);
	if (facts_path && evidence)
		return ak_usage_error(me, "give --facts or --evidence, not both");
	po.filters = filters;

	bank_file = bank_resolve(bank_arg);
	if (!bank_file) {
		ak_error("no bank '%s' (try 'auditkit banks list')", bank_arg);
		return AK_ERR_INPUT;
	}
	b = bank_load(bank_file, &d, &err);
	if (!b)
		goto out;
	if (evidence) {
		facts_alloc = ak_asprintf("%s/facts.json", evidence);
		if (!facts_alloc) {
			err = AK_ERR_NOMEM;
			goto out;
		}
		facts_path = facts_alloc;
	}
	if (facts_path && !(facts = facts_load(facts_path, &d, &err)))
		goto out;
	for (i = 0; i < nasked_files; i++)
		if ((err = render_read_script_ids(asked_files[i], &asked, &nasked, &capasked)))
			goto out;
	po.asked = (const char *const *)asked;
	po.nasked = nasked;
	if ((err = plan_make(b, &po, &plan)))
		goto out;
	if (plan.n == 0) {
		ak_error("no question in bank %s suits role %s at a %s%s", bank_id(b),
			 bank_role_name(po.role), render_audit_title(po.audit),
			 po.nfilters ? " on those clauses" : "");
		err = AK_ERR_USAGE;
		goto out;
	}
	for (i = 0; i < plan.ngaps; i++)
		if (!plan.gaps[i].no_question)
			break;
	if (i < plan.ngaps)
		ak_note("%d minutes do not cover every duty: the script names what it left out",
			po.minutes);
	rm.role = po.role;
	rm.audit = po.audit;
	rm.minutes = po.minutes;
	rm.opening_minutes = po.opening_minutes;
	rm.closing_minutes = po.closing_minutes;
	rm.seed = po.seed;
	rm.asked = po.asked;
	rm.nasked = po.nasked;
	if ((err = ak_out_open(&out, output)))
		goto out;
	err = render_script(out.fp, fmt, b, &plan, facts, &rm);
	if (err == AK_ERR_OUTPUT) /* a full disk, a file-size limit */
		ak_error("cannot write '%s': %s", output, strerror(errno ? errno : EIO));
	if (err)
		ak_out_abort(&out);
	else
		err = ak_out_commit(&out);
out:
	ak_diags_print(&d);
	ak_diags_release(&d);
	plan_release(&plan);
	for (i = 0; i < nasked; i++)
		free(asked[i]);
	free(asked);
	free(facts_alloc);
	free(bank_file);
	facts_free(facts);
	bank_free(b);
	return err;
}
