/* main.c: the dispatch table, global options, and the one place where an
 * ak_err becomes an exit code. */
#include <signal.h>
#include <stdarg.h>
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
	      "  auditkit COMMAND --help    options of one command\n"
	      "  auditkit --version         the version\n"
	      "\n"
	      "exit codes: 0 success, 1 internal error, 2 usage, 3 bad input data,\n"
	      "4 source or network failure, 5 cannot write output\n",
	      fp);
}

ak_err ak_usage_error(const struct ak_cmd *cmd, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ak_error("%s", msg);
	fprintf(stderr, "try 'auditkit %s --help'\n", cmd->name);
	return AK_ERR_USAGE;
}

ak_err ak_usage_print(const struct ak_cmd *cmd)
{
	fputs(cmd->usage, stdout);
	return AK_OK;
}

int main(int argc, char **argv)
{
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
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
		print_help(stdout);
		err = AK_OK;
		goto out;
	}
	if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
		printf("auditkit %s\n", AK_VERSION);
		err = AK_OK;
		goto out;
	}
	for (i = 0; i < NCOMMANDS; i++) {
		if (strcmp(commands[i]->name, name) == 0) {
			err = commands[i]->run(argc - 1, argv + 1);
			goto out;
		}
	}
	ak_error("'%s' is not an auditkit command", name);
	fprintf(stderr, "try 'auditkit --help'\n");
	return AK_EXIT_USAGE;
out:
	/* A full disk must not end in exit 0 (git's run_builtin). */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		ak_error("cannot write to standard output");
		if (err == AK_OK)
			err = AK_ERR_OUTPUT;
	}
	return ak_exit_code(err);
}
