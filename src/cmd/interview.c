/* interview: generate an interview script for a member of top management. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "interview/bank.h"
#include "cmd/cmd.h"
#include "evidence/facts.h"
#include "core/jpos.h"
#include "interview/plan.h"
#include "interview/page.h"
#include "interview/script.h"
#include "core/msg.h"
#include "core/textin.h"
#include "core/util.h"
#include "findings/report.h"

static ak_err run(int argc, char **argv);
static const char *values(const char *opt);

/* Options, in the order of the usage; the old spellings last, so that an
 * abbreviation resolves to the new one. */
enum {
	OPT_AUDIT_TYPE = 256,
	OPT_AUDIT,
	OPT_MINUTES,
	OPT_FACTS,
	OPT_EVIDENCE,
	OPT_EXCLUDE_ASKED,
	OPT_FOLLOW_UP,
	OPT_AUDIENCE,
	OPT_INTERVIEWEE,
	OPT_AUDITOR,
	OPT_DATE,
	OPT_PAPER,
	OPT_AGENDA,
};

static const struct option longopts[] = {
	{"role", required_argument, NULL, 'r'},
	{"audit-type", required_argument, NULL, OPT_AUDIT_TYPE},
	{"audit", required_argument, NULL, OPT_AUDIT},
	{"minutes", required_argument, NULL, OPT_MINUTES},
	{"clauses", required_argument, NULL, 'c'},
	{"bank", required_argument, NULL, 'b'},
	{"facts", required_argument, NULL, OPT_FACTS},
	{"evidence", required_argument, NULL, OPT_EVIDENCE},
	{"seed", required_argument, NULL, 's'},
	{"exclude-asked", required_argument, NULL, OPT_EXCLUDE_ASKED},
	{"follow-up", required_argument, NULL, OPT_FOLLOW_UP},
	{"format", required_argument, NULL, 'f'},
	{"audience", required_argument, NULL, OPT_AUDIENCE},
	{"interviewee", required_argument, NULL, OPT_INTERVIEWEE},
	{"auditor", required_argument, NULL, OPT_AUDITOR},
	{"date", required_argument, NULL, OPT_DATE},
	{"paper", required_argument, NULL, OPT_PAPER},
	{"agenda", required_argument, NULL, OPT_AGENDA},
	{"output", required_argument, NULL, 'o'},
	AK_OPTS_COMMON,
};

static const struct ak_deprecated deprecated[] = {
	{"--audit", "--audit-type", "'--audit' now names the audit file (audit.json)", true},
	{"-a", "--audit-type", NULL, false},
	{"-m", "--minutes", NULL, false},
	{NULL, NULL, NULL, false},
};

const struct ak_cmd ak_cmd_interview = {
	.name = "interview",
	.summary = "generate an interview script for top management",
	.usage = "usage: auditkit interview [OPTIONS]\n"
	"\n"
	"  -r, --role R            ceo (default), board, cfo, coo, ciso, cio, dept-head,\n"
	"                          isms-manager\n"
	"      --audit-type T      stage1, stage2 (default), surveillance,\n"
	"                          recertification, internal\n"
	"      --audit FILE        the audit (audit.json): its audit_type, unless\n"
	"                          --audit-type says otherwise\n"
	"      --minutes N         time available, opening and closing included; key\n"
	"                          questions first, and the script names what it left out\n"
	"  -c, --clauses LIST      only these clauses or items, e.g. 5.1,5.2 or '5.1 c'\n"
	"  -b, --bank ID|FILE|DIR  question bank (default iso27001-2022)\n"
	"      --facts FILE        the organisation's records (docs/facts-format.md),\n"
	"                          shown beside each question\n"
	"      --evidence DIR      an evidence snapshot from 'auditkit fetch' (its\n"
	"                          facts.json)\n"
	"  -s, --seed N            rotate interchangeable questions (default 0: the\n"
	"                          first)\n"
	"      --exclude-asked F   last time's script (JSON or Markdown), notes, scored\n"
	"                          interview or findings: do not repeat their questions\n"
	"                          (repeatable)\n"
	"      --follow-up F       last audit's findings (JSON, 'auditkit findings'):\n"
	"                          questions on its open findings come first\n"
	"  -f, --format F          md (default), html, json, or page (the page to run\n"
	"                          the interview from, in a browser, offline)\n"
	"      --audience A        auditor (default) or interviewee (an agenda, with no\n"
	"                          expected answers)\n"
	"      --agenda A          the agenda lists topics (default) or questions (their\n"
	"                          words: lets the interviewee prepare the answers)\n"
	"      --interviewee NAME  the interviewee, filled in the script; with --audit,\n"
	"                          their role, date, time, place and auditor too\n"
	"      --auditor NAME      the auditor, filled in the script\n"
	"      --date YYYY-MM-DD   the date of the interview, filled in the script\n"
	"      --paper P           printed: a4 (default) or letter\n"
	"  -o, --output FILE       write here (default -: standard output)\n"
	"  -q, --quiet             nothing on standard error but errors\n"
	"  -v, --verbose           say which bank, records and plan were used\n"
	"  -h, --help              this help\n"
	"\n"
	"The Markdown script is also the notes template (docs/notes-format.md).\n"
	"exit: 0 ok, 2 usage, 3 bad bank, facts, audit or earlier script, 5 cannot write\n",
	.run = run,
	.shortopts = ":r:c:b:s:f:o:qvha:m:",
	.longopts = longopts,
	.deprecated = deprecated,
	.values = values,
};

static const char *const formats[] = {"md", "html", "json", "page", NULL};
static const char *const papers[] = {"a4", "letter", NULL};
static const char *const agendas[] = {"topics", "questions", NULL};
static const char *const audiences[] = {"auditor", "interviewee", NULL};

static const char *role_name_i(int i) { return bank_role_name((enum bank_role)i); }
static const char *audit_name_i(int i) { return bank_audit_name((enum bank_audit)i); }

static const char *values(const char *opt)
{
	static char roles[256], audits[256], fmts[64], auds[64], paps[64], ags[64];

	if (strcmp(opt, "role") == 0)
		return ak_words(roles, sizeof roles, NULL, role_name_i, BANK_NROLES);
	if (strcmp(opt, "audit-type") == 0)
		return ak_words(audits, sizeof audits, NULL, audit_name_i, BANK_NAUDITS);
	if (strcmp(opt, "format") == 0)
		return ak_words(fmts, sizeof fmts, formats, NULL, 0);
	if (strcmp(opt, "audience") == 0)
		return ak_words(auds, sizeof auds, audiences, NULL, 0);
	if (strcmp(opt, "paper") == 0)
		return ak_words(paps, sizeof paps, papers, NULL, 0);
	if (strcmp(opt, "agenda") == 0)
		return ak_words(ags, sizeof ags, agendas, NULL, 0);
	return NULL;
}

#define MAX_FILTERS 32
#define MAX_ASKED_FILES 256

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

/* --interviewee NAME with --audit: what audit.json says of them fills what
 * the command line left out (role, date, time, place, auditor), and the
 * organisation when the records do not name it. */
static ak_err from_audit(const struct report_audit *a, struct render_meta *rm, enum bank_role *role,
			 bool role_given)
{
	const struct report_person *who = NULL;
	size_t i;

	if (!rm->organisation)
		rm->organisation = a->organisation;
	if (!rm->interviewee)
		return AK_OK;
	for (i = 0; i < a->ninterviewees; i++)
		if (strcasecmp(a->interviewees[i].name, rm->interviewee) == 0)
			who = &a->interviewees[i];
	if (!who) {
		ak_warn("'%s' is not among the interviewees of '%s': nothing taken from it for them",
			rm->interviewee, a->path);
		return AK_OK;
	}
	rm->interviewee = who->name;
	if (!role_given && who->role) {
		if (!bank_role_parse(who->role, role)) {
			ak_error("%s: interviewee '%s' has role '%s', which no bank knows (try "
				 "'auditkit banks show' for the roles)",
				 a->path, who->name, who->role);
			return AK_ERR_DATA;
		}
		ak_verbosef("role %s, from '%s'", bank_role_name(*role), a->path);
	}
	/* the audit's date only for a one-day audit; the team's only auditor */
	if (!rm->date)
		rm->date = who->date ? who->date
				     : (a->start && a->end && strcmp(a->start, a->end) == 0 ? a->start : NULL);
	if (!rm->auditor)
		rm->auditor = who->auditor ? who->auditor : (a->nteam == 1 ? a->team[0].name : NULL);
	rm->time = who->time;
	rm->place = who->place;
	return AK_OK;
}

static bool valid_date(const char *s)
{
	int y, m, d;
	char tail;
	return strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && m >= 1 &&
	       m <= 12 && d >= 1 && d <= 31;
}

#define MAX_FOLLOW 64

/* The clauses and items of the open findings of a findings register (JSON):
 * every nonconformity and observation not verified or closed. */
static ak_err read_follow_up(const char *path, struct plan_filter *f, size_t *n)
{
	json_error_t je;
	json_t *root, *fs, *x;
	char *text = NULL;
	size_t i, len;
	ak_err err = AK_OK;

	*n = 0;
	if ((err = ak_read_text(path, 64u << 20, 0, &text, &len)))
		return err;
	root = json_loadb(text, len, 0, &je);
	free(text);
	if (!root) {
		ak_error("%s:%d:%d: %s", path, je.line, je.column, je.text);
		return AK_ERR_DATA;
	}
	x = json_object_get(root, "format");
	if (!json_is_array(fs = json_object_get(root, "findings")) || !json_is_string(x) ||
	    strncmp(json_string_value(x), "auditkit-findings/", 18) != 0) {
		ak_error("'%s' is not a findings register ('auditkit findings -f json')", path);
		json_decref(root);
		return AK_ERR_DATA;
	}
	json_array_foreach(fs, i, x)
	{
		const char *grade = json_string_value(json_object_get(x, "grade"));
		const char *status = json_string_value(json_object_get(x, "status"));
		const char *clause = json_string_value(json_object_get(x, "clause"));
		const char *item = json_string_value(json_object_get(x, "item"));
		const char *items = json_string_value(json_object_get(x, "items"));
		const char *id = json_string_value(json_object_get(x, "id"));
		if (!clause || !grade || (strcmp(grade, "major") && strcmp(grade, "minor") &&
		                          strcmp(grade, "observation")))
			continue;
		if (status && (strcmp(status, "verified") == 0 || strcmp(status, "closed") == 0))
			continue;
		ak_note("following up %s (%s %s%s%s)", id ? id : "a finding", grade, clause,
		        item || items ? " " : "", item ? item : items ? items : "");
		do { /* one filter for each duty it names */
			char one[8] = "";
			if (*n == MAX_FOLLOW)
				break;
			if (items && !item) {
				while (*items == ' ' || *items == ',')
					items++;
				if (*items)
					snprintf(one, sizeof one, "%c", *items++);
			} else if (item)
				snprintf(one, sizeof one, "%s", item);
			snprintf(f[*n].clause, sizeof f[*n].clause, "%s", clause);
			snprintf(f[*n].item, sizeof f[*n].item, "%s", one);
			(*n)++;
		} while (items && !item && *items);
	}
	json_decref(root);
	return err;
}

static ak_err run(int argc, char **argv)
{
	const struct ak_cmd *me = &ak_cmd_interview;
	struct plan_opts po;
	struct render_meta rm;
	struct plan_filter filters[MAX_FILTERS], follow[MAX_FOLLOW];
	const char *follow_path = NULL;
	const char *bank_arg = "iso27001-2022", *facts_path = NULL, *evidence = NULL;
	const char *format = "md", *output = "-", *asked_files[MAX_ASKED_FILES];
	char **asked = NULL, *bank_file = NULL, *facts_alloc = NULL;
	size_t nasked = 0, capasked = 0, nasked_files = 0, i;
	struct ak_diags d = AK_DIAGS_INIT;
	struct bank *b = NULL;
	struct facts *facts = NULL;
	struct plan plan;
	struct ak_out out = {0};
	struct report_audit *audit = NULL;
	const char *audit_path = NULL;
	enum bank_audit type;
	bool type_given = false, role_given = false, agenda_given = false;
	enum render_format fmt = RENDER_MD;
	bool page = false;
	struct ak_opt p;
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
	ak_opt_init(&p, me, argc, argv);
	while ((c = ak_opt_next(&p)) > 0) {
		switch (c) {
		case 'r':
			if (!bank_role_parse(optarg, &po.role))
				return ak_usage_error(me, "unknown role '%s'", optarg);
			role_given = true;
			break;
		case OPT_AUDIT:
			/* the old spelling of --audit-type, unless a file has that name */
			if (!bank_audit_parse(optarg, &type) || access(optarg, F_OK) == 0) {
				audit_path = optarg;
				break;
			}
			ak_opt_deprecated(&p, "--audit");
			/* fall through */
		case 'a':
		case OPT_AUDIT_TYPE:
			if (!bank_audit_parse(optarg, &po.audit))
				return ak_usage_error(me, "unknown audit type '%s'", optarg);
			type_given = true;
			break;
		case 'm':
		case OPT_MINUTES:
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
					ak_usage_error(me, "--clauses: '%s' is not a clause like 5.1 or '5.1 c'", tok);
					free(copy);
					return AK_ERR_USAGE;
				}
				po.nfilters++;
			}
			free(copy);
			break;
		}
		case 'b': bank_arg = optarg; break;
		case OPT_FACTS: facts_path = optarg; break;
		case OPT_EVIDENCE: evidence = optarg; break;
		case 's': {
			char *end;
			errno = 0;
			po.seed = strtoull(optarg, &end, 10);
			if (errno || *end || !*optarg || optarg[0] == '-')
				return ak_usage_error(me, "--seed must be a whole number");
			break;
		}
		case OPT_EXCLUDE_ASKED:
			if (nasked_files == MAX_ASKED_FILES)
				return ak_usage_error(me, "at most %d --exclude-asked files", MAX_ASKED_FILES);
			asked_files[nasked_files++] = optarg;
			break;
		case 'f': format = optarg; break;
		case OPT_FOLLOW_UP:
			follow_path = optarg;
			break;
		case OPT_AUDIENCE:
			if (strcmp(optarg, audiences[0]) == 0)
				rm.audience = RENDER_AUDITOR;
			else if (strcmp(optarg, audiences[1]) == 0)
				rm.audience = RENDER_INTERVIEWEE;
			else
				return ak_usage_error(me, "--audience must be auditor or interviewee");
			break;
		case OPT_INTERVIEWEE:
		case OPT_AUDITOR: {
			/* written into the front matter: a line break would make lines
			 * ("role: board") or sections of its own */
			const char *bad = ak_control_in(optarg);
			if (bad)
				return ak_usage_error(me, "--%s holds %s: give the name on one line",
						      c == OPT_AUDITOR ? "auditor" : "interviewee", bad);
			if (c == OPT_AUDITOR)
				rm.auditor = optarg;
			else
				rm.interviewee = optarg;
			break;
		}
		case OPT_DATE:
			if (!valid_date(optarg))
				return ak_usage_error(me, "--date must be YYYY-MM-DD, not '%s'", optarg);
			rm.date = optarg;
			break;
		case OPT_PAPER:
			if (strcmp(optarg, papers[0]) == 0)
				rm.paper = RENDER_A4;
			else if (strcmp(optarg, papers[1]) == 0)
				rm.paper = RENDER_LETTER;
			else
				return ak_usage_error(me, "--paper must be a4 or letter, not '%s'", optarg);
			break;
		case OPT_AGENDA:
			if (strcmp(optarg, agendas[0]) == 0)
				rm.agenda_questions = false;
			else if (strcmp(optarg, agendas[1]) == 0)
				rm.agenda_questions = true;
			else
				return ak_usage_error(me, "--agenda must be topics or questions, not '%s'", optarg);
			agenda_given = true;
			break;
		case 'o': output = optarg; break;
		default: return ak_usage_error(me, "unknown option '%s'", p.spelling);
		}
	}
	if (c < 0)
		return p.err;
	if (optind < argc)
		return ak_usage_error(me, "unexpected argument '%s'", argv[optind]);
	if (strcmp(format, formats[0]) == 0)
		fmt = RENDER_MD;
	else if (strcmp(format, formats[1]) == 0)
		fmt = RENDER_HTML;
	else if (strcmp(format, formats[2]) == 0)
		fmt = RENDER_JSON;
	else if (strcmp(format, formats[3]) == 0)
		page = true;
	else
		return ak_usage_error(me, "--format must be md, html, json or page, not '%s'", format);
	if (page && rm.audience == RENDER_INTERVIEWEE)
		return ak_usage_error(me, "the page is the auditor's: give the interviewee the agenda "
					  "(--format md or html)");
	if (facts_path && evidence)
		return ak_usage_error(me, "give --facts or --evidence, not both");
	if (agenda_given && rm.audience != RENDER_INTERVIEWEE)
		return ak_usage_error(me, "--agenda is for the interviewee's agenda: add --audience interviewee");
	po.filters = filters;
	{
		/* the bank by its id too: not even root writes over a shipped bank */
		char *resolved = bank_resolve(bank_arg), *folder = ak_bank_folder(bank_arg, resolved);
		struct ak_input in[MAX_ASKED_FILES + 7] = {
			{"--bank", bank_arg},      {"--facts", facts_path}, {"--evidence", evidence},
			{"--follow-up", follow_path}, {"--audit", audit_path}, {"the bank", resolved},
			{"the bank", folder}};
		for (i = 0; i < nasked_files; i++)
			in[7 + i] = (struct ak_input){"--exclude-asked", asked_files[i]};
		err = ak_out_check(output, in, 7 + nasked_files);
		free(resolved);
		free(folder);
		if (err)
			return err;
	}

	if (audit_path) {
		if (!(audit = report_audit_load(audit_path, &d, &err)))
			goto out;
		warn_placeholders(audit);
		if ((err = from_audit(audit, &rm, &po.role, role_given)))
			goto out;
		if (!type_given && audit->audit_type && bank_audit_parse(audit->audit_type, &type)) {
			po.audit = type;
			ak_verbosef("audit type %s, from '%s'", audit->audit_type, audit_path);
		}
	}
	bank_file = bank_resolve(bank_arg);
	if (!bank_file) {
		ak_error("no bank '%s' (try 'auditkit banks list')", bank_arg);
		err = AK_ERR_INPUT;
		goto out;
	}
	ak_verbosef("bank '%s': '%s'", bank_arg, bank_file);
	b = bank_load(bank_file, &d, &err);
	if (!b)
		goto out;
	if (facts_path || evidence) {
		if (!(facts = facts_open(facts_path, evidence, true, NULL, &facts_alloc, &d, &err)))
			goto out;
		facts_path = facts_alloc;
		ak_verbosef("records: '%s'", facts_path);
	}
	for (i = 0; i < nasked_files; i++) {
		size_t before = nasked;
		if ((err = render_read_script_ids(asked_files[i], &asked, &nasked, &capasked)))
			goto out;
		ak_verbosef("'%s': %zu questions asked before, not repeated", asked_files[i],
			    nasked - before);
	}
	po.asked = (const char *const *)asked;
	po.nasked = nasked;
	if (follow_path) {
		if ((err = read_follow_up(follow_path, follow, &po.nfollow)))
			goto out;
		po.follow = follow;
	}
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
	ak_verbosef("%zu questions for the %s at a %s: %d minutes of questions, %d in all%s",
		    plan.n, render_role_title(po.role), render_audit_title(po.audit),
		    plan.question_minutes, plan.total_minutes,
		    plan.ndropped ? "; some suited but did not fit" : "");
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
	err = page ? page_write(out.fp, b, &plan, facts, &rm)
		   : render_script(out.fp, fmt, b, &plan, facts, &rm);
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
	report_audit_free(audit);
	return err;
}
