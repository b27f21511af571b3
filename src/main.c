/* main.c: the dispatch table, help, and the one place where an ak_err
 * becomes an exit code. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/msg.h"
#include "core/util.h"

/* One row per command; src/cmd/<name>.c defines each. */
static const struct ak_cmd *const commands[] = {
	&ak_cmd_init,
	&ak_cmd_fetch,
	&ak_cmd_interview,
	&ak_cmd_score,
	&ak_cmd_banks,
	&ak_cmd_sample,
	&ak_cmd_findings,
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void print_help(FILE *fp)
{
	size_t i;

	fputs("usage: auditkit COMMAND [OPTIONS] [ARGS]\n"
	      "\n"
	      "ISO/IEC 27001 leadership audits: interview scripts, evidence, scores,\n"
	      "graded findings and audit samples.\n"
	      "\n"
	      "commands:\n",
	      fp);
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(fp, "  %-12s %s\n", commands[i]->name, commands[i]->summary);
	fputs("\n"
	      "  auditkit help COMMAND      options of one command (or COMMAND --help)\n"
	      "  auditkit --version         the version\n"
	      "  -q, --quiet                on every command: nothing but errors\n"
	      "  -v, --verbose              on every command: say why, step by step\n"
	      "\n"
	      "exit codes: 0 success, 1 internal error, 2 usage, 3 bad input data,\n"
	      "4 source or network failure, 5 cannot write output\n",
	      fp);
}

static bool is_help(const char *s)
{
	return strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0 || strcmp(s, "help") == 0;
}

/* The command or subcommand of `cmds` named `name`; NULL after a one-line
 * usage error naming the nearest (of `parent`, or of auditkit). */
static const struct ak_cmd *find(const struct ak_cmd *const *cmds, size_t n, const char *name,
				 const struct ak_cmd *parent)
{
	const char *names[16];
	char near[128];
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(cmds[i]->name, name) == 0)
			return cmds[i];
	for (i = 0; i < n && i < 16; i++)
		names[i] = cmds[i]->name;
	if (!ak_nearest(name, names, i, near, sizeof near))
		near[0] = '\0';
	if (parent)
		ak_usage_error(parent, "'%s' is not a subcommand of '%s'%s%s%s", name, parent->name,
			       near[0] ? " (did you mean " : "", near, near[0] ? "?)" : "");
	else
		ak_error("'%s' is not an auditkit command%s%s%s; try 'auditkit --help'", name,
			 near[0] ? " (did you mean " : "", near, near[0] ? "?)" : "");
	return NULL;
}

static size_t count_subs(const struct ak_cmd *cmd)
{
	size_t n = 0;

	while (cmd->subs && cmd->subs[n])
		n++;
	return n;
}

/* Options may stand before a subcommand ('banks --format json show ID'):
 * the first argument naming a subcommand moves to the front. */
static void sub_first(const struct ak_cmd *cmd, int argc, char **argv)
{
	size_t n = count_subs(cmd), k;
	int i;

	for (i = 1; i < argc && argv[1][0] == '-'; i++)
		for (k = 0; k < n; k++)
			if (strcmp(argv[i], cmd->subs[k]->name) == 0) {
				char *sub = argv[i];
				memmove(argv + 2, argv + 1, (size_t)(i - 1) * sizeof *argv);
				argv[1] = sub;
				return;
			}
}

/* argv[0] names cmd. A command with subcommands dispatches here, so that
 * each subcommand has its own options, help and --list-options. */
static ak_err run_cmd(const struct ak_cmd *cmd, int argc, char **argv)
{
	const struct ak_cmd *sub;
	size_t n = count_subs(cmd), i;

	if (!cmd->subs) {
		if (argc == 2 && strcmp(argv[1], "--list-options") == 0) {
			ak_list_options(cmd, stdout);
			return AK_OK;
		}
		if (argc == 2 && strcmp(argv[1], "--list-commands") == 0)
			return AK_OK; /* hidden, for completion: no subcommands */
		return cmd->run(argc, argv);
	}
	sub_first(cmd, argc, argv);
	if (argc < 2 || argv[1][0] == '-') {
		if (argc == 2 && is_help(argv[1]))
			return ak_usage_print(cmd);
		if (argc == 2 && strcmp(argv[1], "--list-options") == 0) {
			puts("-h --help");
			return AK_OK;
		}
		if (argc == 2 && strcmp(argv[1], "--list-commands") == 0) {
			for (i = 0; i < n; i++)
				puts(cmd->subs[i]->name);
			return AK_OK;
		}
		{
			char which[128];
			size_t used = 0;
			for (i = 0; i < n && used < sizeof which; i++)
				used += (size_t)snprintf(which + used, sizeof which - used, "%s%s",
							 i == 0 ? "" : i + 1 == n ? " or " : ", ",
							 cmd->subs[i]->name);
			return ak_usage_error(cmd, "name a subcommand: %s", which);
		}
	}
	if (strcmp(argv[1], "help") == 0) {
		if (argc == 2)
			return ak_usage_print(cmd);
		if (!(sub = find(cmd->subs, n, argv[2], cmd)))
			return AK_ERR_USAGE;
		return ak_usage_print(sub);
	}
	if (!(sub = find(cmd->subs, n, argv[1], cmd)))
		return AK_ERR_USAGE;
	return run_cmd(sub, argc - 1, argv + 1);
}

/* auditkit help [COMMAND [SUBCOMMAND]], as git's: that command's usage on
 * standard output. */
static ak_err help(int argc, char **argv)
{
	const struct ak_cmd *cmd;

	if (argc < 2) {
		print_help(stdout);
		return AK_OK;
	}
	if (!(cmd = find(commands, NCOMMANDS, argv[1], NULL)))
		return AK_ERR_USAGE;
	if (argc == 2)
		return ak_usage_print(cmd);
	if (!cmd->subs || argc > 3) {
		ak_error("'auditkit help' takes a command%s; try 'auditkit help %s'",
			 cmd->subs ? " and a subcommand" : "", cmd->name);
		return AK_ERR_USAGE;
	}
	if (!(cmd = find(cmd->subs, count_subs(cmd), argv[2], cmd)))
		return AK_ERR_USAGE;
	return ak_usage_print(cmd);
}

int main(int argc, char **argv)
{
	const struct ak_cmd *cmd;
	const char *name;
	ak_err err = AK_ERR_USAGE;
	size_t i;

	ak_tmp_install_handlers();
	/* Past a file-size limit a write should fail with EFBIG, which the
	 * output code reports (exit 5) and cleans up, not kill the process
	 * and leave a temporary file behind. */
	signal(SIGXFSZ, SIG_IGN);
	if (argc < 2) {
		print_help(stderr);
		return AK_EXIT_USAGE;
	}
	name = argv[1];
	if (is_help(name)) {
		err = help(argc - 1, argv + 1);
		goto out;
	}
	if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
		printf("auditkit %s\n", AK_VERSION);
		err = AK_OK;
		goto out;
	}
	if (strcmp(name, "--list-commands") == 0) { /* hidden: for completion */
		for (i = 0; i < NCOMMANDS; i++)
			puts(commands[i]->name);
		puts("help");
		err = AK_OK;
		goto out;
	}
	if (!(cmd = find(commands, NCOMMANDS, name, NULL)))
		return AK_EXIT_USAGE;
	err = run_cmd(cmd, argc - 1, argv + 1);
out:
	/* A full disk must not end in exit 0 (git's run_builtin). */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		ak_error("cannot write to standard output");
		if (err == AK_OK)
			err = AK_ERR_OUTPUT;
	}
	return ak_exit_code(err);
}
