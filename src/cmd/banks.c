/* banks: list, show and validate question banks. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "interview/bank.h"
#include "cmd/cmd.h"
#include "core/msg.h"
#include "core/util.h"
#include "interview/plan.h"

static ak_err run_list(int argc, char **argv);
static ak_err run_show(int argc, char **argv);
static ak_err run_validate(int argc, char **argv);
static const char *values(const char *opt);

static const struct option plain_opts[] = {AK_OPTS_COMMON};

static const struct option show_opts[] = {
	{"clauses", required_argument, NULL, 'c'},
	{"format", required_argument, NULL, 'f'},
	{"clause", required_argument, NULL, 'c'}, /* the old spelling, last */
	AK_OPTS_COMMON,
};

static const struct ak_deprecated show_deprecated[] = {
	{"--clause", "--clauses", NULL, false},
	{NULL, NULL, NULL, false},
};

static const struct ak_cmd banks_list = {
	.name = "list",
	.summary = "the banks found",
	.usage = "usage: auditkit banks list [-q] [-v]\n"
		 "\n"
		 "The question banks found: the folders of AUDITKIT_BANKS, then the installed\n"
		 "and in-tree question-banks folders; a bank with problems is listed with\n"
		 "their number.\n"
		 "\n"
		 "  -q, --quiet       nothing on standard error but errors\n"
		 "  -v, --verbose     no more than usual: a listing is its own reason\n"
		 "  -h, --help        this help\n"
		 "\n"
		 "exit: 0 all good, 3 a bank has problems, 2 usage\n",
	.run = run_list,
	.shortopts = ":qvh",
	.longopts = plain_opts,
	.parent = &ak_cmd_banks,
};

static const struct ak_cmd banks_show = {
	.name = "show",
	.summary = "one bank's questions, resolved (includes followed)",
	.usage = "usage: auditkit banks show ID|FILE [OPTIONS]\n"
		 "\n"
		 "One bank's questions, its includes followed and its placeholders filled.\n"
		 "\n"
		 "  -c, --clauses LIST  only questions on these clauses or items, e.g. 5.1 or\n"
		 "                      '5.1 c,5.3'\n"
		 "  -f, --format F      text (default) or json (the bank format, resolved)\n"
		 "  -q, --quiet         nothing on standard error but errors\n"
		 "  -v, --verbose       say which file the bank was read from\n"
		 "  -h, --help          this help\n"
		 "\n"
		 "exit: 0 ok, 3 the bank has problems, 2 usage\n",
	.run = run_show,
	.shortopts = ":c:f:qvh",
	.longopts = show_opts,
	.deprecated = show_deprecated,
	.values = values,
	.parent = &ak_cmd_banks,
};

static const struct ak_cmd banks_validate = {
	.name = "validate",
	.summary = "check banks; every problem as file:line:column: message",
	.usage = "usage: auditkit banks validate FILE|DIR... [-q] [-v]\n"
		 "\n"
		 "Check banks: JSON syntax, fields and their types, ids, clauses, roles,\n"
		 "audit types, patterns, placeholders and includes. Every problem is printed\n"
		 "as file:line:column: message; each good bank gets one line on standard\n"
		 "output. DIR is a bank's folder, or a folder of them (question-banks).\n"
		 "\n"
		 "  -q, --quiet       nothing on standard error but errors\n"
		 "  -v, --verbose     no more than usual: every problem is already named\n"
		 "  -h, --help        this help\n"
		 "\n"
		 "exit: 0 all good, 3 a bank has problems, 2 usage\n",
	.run = run_validate,
	.shortopts = ":qvh",
	.longopts = plain_opts,
	.parent = &ak_cmd_banks,
};

static const struct ak_cmd *const subs[] = {&banks_list, &banks_show, &banks_validate, NULL};

const struct ak_cmd ak_cmd_banks = {
	.name = "banks",
	.summary = "list, show and validate question banks",
	.usage = "usage: auditkit banks list\n"
		 "       auditkit banks show ID|FILE [--clauses LIST] [--format text|json]\n"
		 "       auditkit banks validate FILE|DIR...\n"
		 "\n"
		 "  list              the banks found (AUDITKIT_BANKS, then the installed\n"
		 "                    and in-tree question-banks folders)\n"
		 "  show              one bank's questions, resolved (includes followed)\n"
		 "  validate          check banks; every problem as file:line:column: message\n"
		 "\n"
		 "Each has -q (nothing but errors), -v (say why) and -h; 'auditkit banks\n"
		 "SUBCOMMAND --help' gives its options.\n"
		 "\n"
		 "exit: 0 all good, 3 a bank has problems, 2 usage\n",
	.shortopts = ":h",
	.longopts = plain_opts,
	.subs = subs,
};

static const char *const formats[] = {"text", "json", NULL};

static const char *values(const char *opt)
{
	static char fmts[32];

	return strcmp(opt, "format") == 0 ? ak_words(fmts, sizeof fmts, formats, NULL, 0) : NULL;
}

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

#define MAX_CLAUSES 32

struct clauses {
	struct plan_filter v[MAX_CLAUSES];
	size_t n; /* 0: every question */
};

static bool clause_matches(const struct bank_question *q, const struct clauses *f)
{
	size_t i;

	if (!f->n)
		return true;
	for (i = 0; i < f->n; i++)
		if (strcmp(q->clause, f->v[i].clause) == 0 &&
		    (!f->v[i].item[0] || (q->item && strcmp(q->item, f->v[i].item) == 0)))
			return true;
	return false;
}

/* "5.1,5.3 c" into f; a usage error naming what is not a clause. */
static ak_err parse_clauses(const char *arg, struct clauses *f)
{
	char *copy = ak_strdup(arg), *tok, *save = NULL;
	ak_err err = AK_OK;

	if (!copy)
		return AK_ERR_NOMEM;
	for (tok = strtok_r(copy, ",", &save); tok && !err; tok = strtok_r(NULL, ",", &save))
		if (f->n == MAX_CLAUSES || !plan_filter_parse(tok, &f->v[f->n++]))
			err = ak_usage_error(&banks_show,
					     "--clauses: '%s' is not a clause like 5.1 or '5.1 c'", tok);
	free(copy);
	return err;
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

static void show_text(const struct bank *b, const struct clauses *filter)
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
static ak_err show_json(const struct bank *b, const struct clauses *filter)
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

/* One bank: its problems, or one line saying it is good; *worst keeps the
 * first failure (out of memory over any). */
static void validate_one(const char *path, ak_err *worst)
{
	struct ak_diags d = AK_DIAGS_INIT;
	ak_err err;
	struct bank *b = bank_load(path, &d, &err);

	ak_diags_print(&d);
	if (b)
		printf("%s: ok: %s %s, %zu questions\n", path, bank_id(b), bank_version(b),
		       bank_nquestions(b));
	else if (err == AK_ERR_DATA || err == AK_ERR_INPUT)
		ak_error("'%s': %zu problem%s", path, d.n, d.n == 1 ? "" : "s");
	if (err && (*worst == AK_OK || err == AK_ERR_NOMEM))
		*worst = err;
	bank_free(b);
	ak_diags_release(&d);
}

static void validate_in(const char *bank_json, void *ctx)
{
	validate_one(bank_json, ctx);
}

/* A folder that holds no bank.json but folders of banks (question-banks, as
 * a user types it) stands for each bank in it. */
static bool is_folder_of_banks(const char *path)
{
	struct stat st;
	char *own;
	bool yes;

	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return false;
	own = ak_asprintf("%s/bank.json", path);
	yes = own && access(own, F_OK) != 0;
	free(own);
	return yes;
}

static ak_err validate(int n, char **files)
{
	ak_err worst = AK_OK;
	int i;

	for (i = 0; i < n; i++) {
		if (is_folder_of_banks(files[i]) && bank_each_in(files[i], validate_in, &worst))
			continue;
		validate_one(files[i], &worst);
	}
	return worst;
}

/* The options every subcommand shares (-q, -v, -h): AK_OK, or -1 after
 * --help, or a usage error. */
static ak_err plain(const struct ak_cmd *me, int argc, char **argv)
{
	struct ak_opt p;
	int c;

	ak_opt_init(&p, me, argc, argv);
	if ((c = ak_opt_next(&p)) > 0)
		return ak_usage_error(me, "unknown option '%s'", p.spelling);
	if (c < 0)
		return p.err == AK_OK ? (ak_err)-1 : p.err;
	return AK_OK;
}

static ak_err run_list(int argc, char **argv)
{
	struct list_ctx ctx = {0, AK_OK};
	ak_err err = plain(&banks_list, argc, argv);

	if (err)
		return err == (ak_err)-1 ? AK_OK : err;
	if (optind < argc)
		return ak_usage_error(&banks_list, "unexpected argument '%s'", argv[optind]);
	bank_each_dir(list_one, &ctx);
	if (ctx.n == 0)
		ak_warn("no banks found (set AUDITKIT_BANKS to a folder of banks)");
	return ctx.err;
}

static ak_err run_validate(int argc, char **argv)
{
	ak_err err = plain(&banks_validate, argc, argv);

	if (err)
		return err == (ak_err)-1 ? AK_OK : err;
	if (optind >= argc)
		return ak_usage_error(&banks_validate, "name the bank files to validate");
	return validate(argc - optind, argv + optind);
}

static ak_err run_show(int argc, char **argv)
{
	const struct ak_cmd *me = &banks_show;
	struct clauses filter;
	struct ak_diags d = AK_DIAGS_INIT;
	struct ak_opt p;
	const char *format = formats[0];
	struct bank *b;
	char *path;
	ak_err err;
	int c;

	memset(&filter, 0, sizeof filter);
	ak_opt_init(&p, me, argc, argv);
	while ((c = ak_opt_next(&p)) > 0) {
		switch (c) {
		case 'c':
			if ((err = parse_clauses(optarg, &filter)))
				return err;
			break;
		case 'f': format = optarg; break;
		default: return ak_usage_error(me, "unknown option '%s'", p.spelling);
		}
	}
	if (c < 0)
		return p.err;
	if (strcmp(format, formats[0]) != 0 && strcmp(format, formats[1]) != 0)
		return ak_usage_error(me, "--format must be text or json, not '%s'", format);
	if (optind != argc - 1)
		return ak_usage_error(me, "show takes one bank id or file");
	path = bank_resolve(argv[optind]);
	if (!path) {
		ak_error("no bank '%s' (try 'auditkit banks list')", argv[optind]);
		return AK_ERR_INPUT;
	}
	ak_verbosef("bank '%s': '%s'", argv[optind], path);
	b = bank_load(path, &d, &err);
	ak_diags_print(&d);
	ak_diags_release(&d);
	free(path);
	if (!b)
		return err;
	if (strcmp(format, formats[1]) == 0)
		err = show_json(b, &filter);
	else
		show_text(b, &filter);
	bank_free(b);
	return err;
}
