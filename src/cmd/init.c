/* cmd/init.c: `auditkit init DIR`: an audit folder with an audit.json whose
 * example sources explain themselves ("$comment" members, which readers
 * ignore, as JSON has no comments) and a short README.md. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/msg.h"
#include "core/util.h"

static const char usage[] =
	"usage: auditkit init DIR\n"
	"\n"
	"Make DIR (if needed) with an example audit.json, whose \"$comment\" members\n"
	"explain each field and source, and a README.md. An existing audit.json is\n"
	"never overwritten (exit 5). Until the organisation, scope, team and\n"
	"interviewees are your own, fetch, interview and findings say so.\n"
	"\n"
	"  -q, --quiet     nothing on standard error but errors\n"
	"  -v, --verbose   say which files were written\n"
	"  -h, --help      this help\n";

static ak_err run(int argc, char **argv);

static const struct option longopts[] = {AK_OPTS_COMMON};

const struct ak_cmd ak_cmd_init = {
	.name = "init",
	.summary = "make an audit folder with an example audit.json",
	.usage = usage,
	.run = run,
	.shortopts = ":qvh",
	.longopts = longopts,
};

static const char audit_json[] =
	"{\n"
	"  \"$comment\": \"auditkit audit file (docs/audit-format.md). Members whose names begin with $ are comments: every reader ignores them.\",\n"
	"  \"format\": \"auditkit-audit/1\",\n"
	"  \"organisation\": \"" AK_INIT_ORGANISATION "\",\n"
	"  \"scope\": \"" AK_INIT_SCOPE "\",\n"
	"  \"standard\": \"ISO/IEC 27001:2022\",\n"
	"  \"audit_type\": \"stage2\",\n"
	"  \"dates\": { \"start\": \"2026-11-17\", \"end\": \"2026-11-19\" },\n"
	"  \"team\": [\n"
	"    { \"name\": \"" AK_INIT_LEAD "\", \"role\": \"lead auditor\" }\n"
	"  ],\n"
	"  \"interviewees\": [\n"
	"    { \"name\": \"" AK_INIT_INTERVIEWEE "\", \"role\": \"ceo\" }\n"
	"  ],\n"
	"  \"sources\": {\n"
	"    \"$comment\": \"Where `auditkit fetch` finds the policy and the risk register. A url is https, http or file; file:NAME is read relative to this file's folder. Credentials never go here: an auth section names the environment variables that hold them.\",\n"
	"    \"policy\": {\n"
	"      \"$comment\": \"format: markdown, text, html or confluence (a Confluence page's REST URL, v1 or v2).\",\n"
	"      \"url\": \"file:policy.md\",\n"
	"      \"format\": \"markdown\"\n"
	"    },\n"
	"    \"risks\": {\n"
	"      \"$comment\": \"format: csv, json, ciso-assistant, jira, servicenow or simplerisk. A CSV export's columns are found by their usual headings (Risk ID, Ref, ID; Title, Risk; Owner; Likelihood; Impact; Level, Score; Treatment; Status); column_map names any other heading.\",\n"
	"      \"url\": \"file:risks.csv\",\n"
	"      \"format\": \"csv\",\n"
	"      \"column_map\": { \"$comment\": \"for example \\\"id\\\": \\\"Risk No.\\\" when the id column has an unusual heading\" }\n"
	"    },\n"
	"    \"$example_ciso_assistant\": {\n"
	"      \"$comment\": \"Rename to risks to use. Reads /api/risk-scenarios/ page by page, sending Authorization: Token <value of CISO_TOKEN>.\",\n"
	"      \"url\": \"https://ciso.example.org\",\n"
	"      \"format\": \"ciso-assistant\",\n"
	"      \"page_size\": 100,\n"
	"      \"auth\": { \"type\": \"token\", \"env\": \"CISO_TOKEN\" }\n"
	"    },\n"
	"    \"$example_jira\": {\n"
	"      \"$comment\": \"Risks kept as Jira Cloud issues, read with /rest/api/3/search/jql. Likelihood, impact and level live in custom fields: name them in field_map.\",\n"
	"      \"url\": \"https://example.atlassian.net\",\n"
	"      \"format\": \"jira\",\n"
	"      \"jql\": \"project = RISK ORDER BY key\",\n"
	"      \"field_map\": { \"likelihood\": \"fields.customfield_10050\", \"impact\": \"fields.customfield_10051\", \"treatment\": \"fields.customfield_10052\" },\n"
	"      \"auth\": { \"type\": \"basic\", \"user_env\": \"JIRA_USER\", \"password_env\": \"JIRA_API_TOKEN\" }\n"
	"    },\n"
	"    \"$example_servicenow\": {\n"
	"      \"$comment\": \"A ServiceNow table (default sn_risk_risk) through the Table API, following Link rel=next.\",\n"
	"      \"url\": \"https://example.service-now.com\",\n"
	"      \"format\": \"servicenow\",\n"
	"      \"table\": \"sn_risk_risk\",\n"
	"      \"auth\": { \"type\": \"basic\", \"user_env\": \"SN_USER\", \"password_env\": \"SN_PASSWORD\" }\n"
	"    },\n"
	"    \"$example_simplerisk\": {\n"
	"      \"$comment\": \"SimpleRisk's /api/v2/risks with the X-API-KEY header.\",\n"
	"      \"url\": \"https://simplerisk.example.org\",\n"
	"      \"format\": \"simplerisk\",\n"
	"      \"auth\": { \"type\": \"api-key\", \"env\": \"SIMPLERISK_KEY\", \"header\": \"X-API-KEY\" }\n"
	"    },\n"
	"    \"$example_json\": {\n"
	"      \"$comment\": \"Any JSON register: an array, or an envelope with the array at path; field_map says where each field is, next where the next page's URL is.\",\n"
	"      \"url\": \"https://grc.example.org/export/risks\",\n"
	"      \"format\": \"json\",\n"
	"      \"path\": \"data.items\",\n"
	"      \"next\": \"links.next\",\n"
	"      \"field_map\": { \"id\": \"ref\", \"title\": \"name\", \"owner\": \"owner.name\" },\n"
	"      \"auth\": { \"type\": \"bearer\", \"env\": \"GRC_TOKEN\" }\n"
	"    },\n"
	"    \"$example_confluence_policy\": {\n"
	"      \"$comment\": \"A policy kept in Confluence (v2 pages API; v1 /wiki/rest/api/content/ID works too).\",\n"
	"      \"url\": \"https://example.atlassian.net/wiki/api/v2/pages/123456\",\n"
	"      \"format\": \"confluence\",\n"
	"      \"auth\": { \"type\": \"basic\", \"user_env\": \"CONFLUENCE_USER\", \"password_env\": \"CONFLUENCE_API_TOKEN\" }\n"
	"    }\n"
	"  }\n"
	"}\n";

static const char readme[] =
	"# Audit folder\n"
	"\n"
	"Made by `auditkit init`. Edit `audit.json`: the organisation, the scope,\n"
	"the audit team, the people to interview, and where the policy and the risk\n"
	"register are kept (`sources`). Members whose names begin with `$` are\n"
	"comments; the `$example_...` sources show the other systems auditkit reads.\n"
	"\n"
	"Then, in this folder:\n"
	"\n"
	"    auditkit fetch --output evidence\n"
	"\n"
	"fetches both into the evidence snapshot `evidence/`: the documents as\n"
	"received (`raw/`), where and when each came from with its SHA-256\n"
	"(`manifest.json`), and what auditkit read from them (`facts.json`, whose\n"
	"`missing` list says what to add by hand).\n"
	"\n"
	"Credentials are never written in `audit.json`: an `auth` section names the\n"
	"environment variables that hold them, for example\n"
	"\n"
	"    export CISO_TOKEN=...   # then: auditkit fetch\n";

/* Write one file whole, refusing to replace an existing one. */
static ak_err write_new(const char *path, const char *text)
{
	struct ak_out o;
	ak_err err;

	if (access(path, F_OK) == 0) {
		ak_error("'%s' exists; not overwriting it", path);
		return AK_ERR_OUTPUT;
	}
	if ((err = ak_out_open(&o, path)) != AK_OK)
		return err;
	if (fputs(text, o.fp) == EOF) {
		ak_error("cannot write '%s': %s", path, strerror(errno));
		ak_out_abort(&o);
		return AK_ERR_OUTPUT;
	}
	return ak_out_commit(&o);
}

static ak_err run(int argc, char **argv)
{
	struct ak_opt p;
	char *audit = NULL, *rd = NULL;
	const char *dir;
	struct stat st;
	ak_err err = AK_OK;
	bool made = false;
	int c;

	ak_opt_init(&p, &ak_cmd_init, argc, argv);
	if ((c = ak_opt_next(&p)) > 0)
		return ak_usage_error(&ak_cmd_init, "unknown option '%s'", p.spelling);
	if (c < 0)
		return p.err;
	if (optind != argc - 1)
		return ak_usage_error(&ak_cmd_init, "give one folder");
	dir = argv[optind];
	if (mkdir(dir, 0777) == 0)
		made = true;
	else if (errno != EEXIST) {
		ak_error("cannot make '%s': %s", dir, strerror(errno));
		return AK_ERR_OUTPUT;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		ak_error("'%s' is not a folder", dir);
		return AK_ERR_OUTPUT;
	}
	audit = ak_asprintf("%s/audit.json", dir);
	rd = ak_asprintf("%s/README.md", dir);
	if (!audit || !rd) {
		err = AK_ERR_NOMEM;
		goto out;
	}
	if ((err = write_new(audit, audit_json)) != AK_OK)
		goto out;
	ak_verbosef("wrote '%s': its organisation, scope, team and interviewees are "
		    "placeholders to replace",
		    audit);
	if (access(rd, F_OK) == 0)
		ak_note("kept the existing '%s'", rd);
	else if ((err = write_new(rd, readme)) != AK_OK) {
		unlink(audit); /* all or nothing: no audit.json without its README */
		goto out;
	} else
		ak_verbosef("wrote '%s'", rd);
	ak_note("wrote '%s'; edit it, then run 'auditkit fetch' in '%s'", audit, dir);
out:
	if (err && made)
		rmdir(dir);
	free(audit);
	free(rd);
	return err;
}
