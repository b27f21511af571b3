/* banks: list, show and validate question banks. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interview/bank.h"
#include "cmd/cmd.h"
#include "core/util.h"

static ak_err run(int argc, char **argv);

const struct ak_cmd ak_cmd_banks = {
	"banks",
	"list, show and validate question banks",
	"usage: auditkit banks list\n"
	"       auditkit banks show ID|FILE [--clause C] [--format text|json]\n"
	"       auditkit banks validate FILE|DIR...\n"
	"\n"
	"  list              the banks found (AUDITKIT_BANKS, then the installed\n"
	"                    and in-tree question-banks folders)\n"
	"  show              one bank's questions, resolved (includes followed)\n"
	"  validate          check banks; every problem as file:line:column: message\n"
	"\n"
	"  -c, --clause C    show only questions on clause C (e.g. 5.1 or '5.1 c')\n"
	"  -f, --format F    text (default) or json\n"
	"  -h, --help        this help\n"
	"\n"
	"exit: 0 all good, 3 a bank has problems, 2 usage\n",
	run,
};

/* ---- list ---------------------------------------------------------------- */

struct list_ctx {
	size_t n;
	ak_err err;
};

static void list_one(const char *path, void *vctx)
{
	struct list_ctx *ctx = vctx;
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err;
	struct bank *b = bank_load(path, &d, &err);

	if (ctx->n++ == 0)
		printf("%-16s %-8s %9s  %-20s %s\n", "ID", "VERSION", "QUESTIONS", "STANDARD", "TITLE");
	if (b)
		printf("%-16s %-8s %9zu  %-20s %s\n", bank_id(b), bank_version(b), bank_nquestions(b),
		       bank_standard(b), bank_title(b));
	else {
		printf("%-16s %-8s %9s  %-20s %s (%zu problems: auditkit banks validate %s)\n", "?", "?",
		       "-", "-", path, d.n, path);
		ctx->err = AK_ERR_DATA;
	}
	bank_free(b);
	ak_diags_release(&d);
}

/* ---- show ---------------------------------------------------------------- */

static bool clause_matches(const struct bank_question *q, const char *filter)
{
	char buf[64];

	if (!filter)
		return true;
	if (strcmp(q->clause, filter) == 0)
		return true;
	snprintf(buf, sizeof buf, "%s %s", q->clause, q->item ? q->item : "");
	return strcmp(buf, filter) == 0;
}

static void set_names(struct ak_buf *b, unsigned set, unsigned all, int n,
		      const char *(*name)(int))
{
	int i;
	bool first = true;

	if (set == all) {
		ak_buf_adds(b, "all");
		return;
	}
	for (i = 0; i < n; i++)
		if (set & (1u << i)) {
			ak_buf_printf(b, "%s%s", first ? "" : ",", name(i));
			first = false;
		}
}

static const char *role_name_i(int i) { return bank_role_name((enum bank_role)i); }
static const char *audit_name_i(int i) { return bank_audit_name((enum bank_audit)i); }

static void show_text(const struct bank *b, const char *filter)
{
	size_t i, j;

	printf("%s %s: %s\n%s\n%zu questions\n", bank_id(b), bank_version(b), bank_standard(b),
	       bank_title(b), bank_nquestions(b));
	for (i = 0; i < bank_nquestions(b); i++) {
		const struct bank_question *q = bank_question(b, i);
		struct ak_buf roles = AK_BUF_INIT, audits = AK_BUF_INIT;
		if (!clause_matches(q, filter))
			continue;
		set_names(&roles, q->roles, BANK_ROLES_ALL, BANK_NROLES, role_name_i);
		set_names(&audits, q->audits, BANK_AUDITS_ALL, BANK_NAUDITS, audit_name_i);
		printf("\n%s  [%s%s%s] %s, priority %d, %d min\n  roles: %s; audits: %s\n  %s\n", q->id,
		       q->clause, q->item ? " " : "", q->item ? q->item : "", bank_angle_name(q->angle),
		       q->priority, q->minutes, ak_buf_str(&roles), ak_buf_str(&audits), q->question);
		for (j = 0; j < q->follow_ups.n; j++)
			printf("    - %s\n", q->follow_ups.v[j]);
		ak_buf_release(&roles);
		ak_buf_release(&audits);
	}
}

static json_t *strings_json(struct bank_strings s)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < s.n; i++)
		json_array_append_new(a, json_string(s.v[i]));
	return a;
}

static json_t *rules_json(struct bank_rules r)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < r.n; i++)
		json_array_append_new(a, json_pack("{s:s, s:i, s:s}", "pattern", r.v[i].pattern,
						   "weight", r.v[i].weight, "label", r.v[i].label));
	return a;
}

/* The resolved bank as JSON in the bank format itself (includes expanded,
 * placeholders filled), so it can be diffed or fed to other tools. */
static ak_err show_json(const struct bank *b, const char *filter)
{
	json_t *root = json_object(), *qs = json_array(), *cl = json_object();
	size_t i, j;
	ak_err err = AK_OK;

	for (i = 0; i < bank_nclauses(b); i++) {
		const char *c = bank_clause(b, i);
		struct bank_strings items = bank_clause_items(b, c);
		json_t *o = json_pack("{s:s}", "title", bank_clause_title(b, c));
		if (items.n) {
			json_t *it = json_object();
			for (j = 0; j < items.n; j++)
				json_object_set_new(it, items.v[j],
						    json_string(bank_item_text(b, c, items.v[j])));
			json_object_set_new(o, "items", it);
		}
		json_object_set_new(cl, c, o);
	}
	json_object_set_new(root, "format", json_string(BANK_FORMAT));
	json_object_set_new(root, "id", json_string(bank_id(b)));
	json_object_set_new(root, "standard", json_string(bank_standard(b)));
	json_object_set_new(root, "version", json_string(bank_version(b)));
	json_object_set_new(root, "language", json_string("en"));
	json_object_set_new(root, "title", json_string(bank_title(b)));
	json_object_set_new(root, "clauses", cl);
	json_object_set_new(root, "coverage", strings_json(bank_coverage(b)));
	for (i = 0; i < bank_nquestions(b); i++) {
		const struct bank_question *q = bank_question(b, i);
		json_t *o, *roles = json_array(), *audits = json_array(), *probes = json_array();
		int k;
		if (!clause_matches(q, filter))
			continue;
		for (k = 0; k < BANK_NROLES; k++)
			if (q->roles & (1u << k))
				json_array_append_new(roles, json_string(role_name_i(k)));
		for (k = 0; k < BANK_NAUDITS; k++)
			if (q->audits & (1u << k))
				json_array_append_new(audits, json_string(audit_name_i(k)));
		for (j = 0; j < q->n_probes; j++) {
			json_t *p = json_pack("{s:s, s:i}", "probe", bank_probe_name(q->probes[j].kind),
					      "min", q->probes[j].min);
			if (q->probes[j].kind == PROBE_TOP_RISKS)
				json_object_set_new(p, "of", json_integer(q->probes[j].of));
			json_array_append_new(probes, p);
		}
		o = json_object();
		json_object_set_new(o, "id", json_string(q->id));
		json_object_set_new(o, "clause", json_string(q->clause));
		if (q->item)
			json_object_set_new(o, "item", json_string(q->item));
		json_object_set_new(o, "group", json_string(q->group));
		json_object_set_new(o, "angle", json_string(bank_angle_name(q->angle)));
		json_object_set_new(o, "roles", roles);
		json_object_set_new(o, "audits", audits);
		json_object_set_new(o, "priority", json_integer(q->priority));
		json_object_set_new(o, "minutes", json_integer(q->minutes));
		json_object_set_new(o, "question", json_string(q->question));
		json_object_set_new(o, "follow_ups", strings_json(q->follow_ups));
		json_object_set_new(o, "good", strings_json(q->good));
		json_object_set_new(o, "tags", strings_json(q->tags));
		json_object_set_new(o, "rubric",
				    json_pack("{s:o, s:o, s:o, s:o}", "positive", rules_json(q->positive),
					      "negative", rules_json(q->negative), "red_flags",
					      rules_json(q->red_flags), "probes", probes));
		json_array_append_new(qs, o);
	}
	json_object_set_new(root, "questions", qs);
	if (json_dumpf(root, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII * 0) != 0)
		err = AK_ERR_OUTPUT;
	fputc('\n', stdout);
	json_decref(root);
	return err;
}

/* ---- the command --------------------------------------------------------- */

static ak_err validate(int n, char **files)
{
	ak_err worst = AK_OK;
	int i;

	for (i = 0; i < n; i++) {
		struct ak_diags d = AK_DIAGS_INIT;
		ak_err err;
		struct bank *b = bank_load(files[i], &d, &err);

		ak_diags_print(&d);
		if (b)
			printf("%s: ok: %s %s, %zu questions\n", files[i], bank_id(b), bank_version(b),
			       bank_nquestions(b));
		else if (err == AK_ERR_DATA || err == AK_ERR_INPUT)
			ak_error("'%s': %zu problem%s", files[i], d.n, d.n == 1 ? "" : "s");
		if (err && (worst == AK_OK || err == AK_ERR_NOMEM))
			worst = err;
		bank_free(b);
		ak_diags_release(&d);
	}
	return worst;
}

static ak_err run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"clause", required_argument, NULL, 'c'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *clause = NULL, *format = "text", *sub;
	int c;

	optind = 0;
	/* GNU getopt permutes: options may stand before or after the subcommand. */
	while ((c = getopt_long(argc, argv, "c:f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': clause = optarg; break;
		case 'f': format = optarg; break;
		case 'h': return ak_usage_print(&ak_cmd_banks);
		default: return ak_usage_error(&ak_cmd_banks, "unknown option");
		}
	}
	if (optind >= argc)
		return ak_usage_error(&ak_cmd_banks, "name a subcommand: list, show or validate");
	sub = argv[optind++];
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
		return ak_usage_error(&ak_cmd_banks, "--format must be text or json, not '%s'", format);

	if (strcmp(sub, "list") == 0) {
		struct list_ctx ctx = {0, AK_OK};
		bank_each_dir(list_one, &ctx);
		if (ctx.n == 0)
			ak_warn("no banks found (set AUDITKIT_BANKS to a folder of banks)");
		return ctx.err;
	}
	if (strcmp(sub, "validate") == 0) {
		if (optind >= argc)
			return ak_usage_error(&ak_cmd_banks, "name the bank files to validate");
		return validate(argc - optind, argv + optind);
	}
	if (strcmp(sub, "show") == 0) {
		struct ak_diags d = AK_DIAGS_INIT;
		struct bank *b;
		char *path;
		ak_err err;

		if (optind != argc - 1)
			return ak_usage_error(&ak_cmd_banks, "show takes one bank id or file");
		path = bank_resolve(argv[optind]);
		if (!path) {
			ak_error("no bank '%s' (try 'auditkit banks list')", argv[optind]);
			return AK_ERR_INPUT;
		}
		b = bank_load(path, &d, &err);
		ak_diags_print(&d);
		ak_diags_release(&d);
		free(path);
		if (!b)
			return err;
		if (strcmp(format, "json") == 0)
			err = show_json(b, clause);
		else
			show_text(b, clause);
		bank_free(b);
		return err;
	}
	return ak_usage_error(&ak_cmd_banks, "unknown subcommand '%s'", sub);
}
