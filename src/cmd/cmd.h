/* cmd.h: the command descriptor every src/cmd/<name>.c exports, and the
 * helpers they share for option parsing. */
#ifndef AK_CMD_H
#define AK_CMD_H

#include <stdio.h>

#include "core/err.h"

struct ak_cmd {
	const char *name;
	const char *summary; /* one line for `auditkit --help` */
	const char *usage;   /* printed by `auditkit NAME --help` */
	ak_err (*run)(int argc, char **argv); /* argv[0] is the command name */
};

/* The table, in src/main.c. */
extern const struct ak_cmd ak_cmd_banks;
extern const struct ak_cmd ak_cmd_interview;
extern const struct ak_cmd ak_cmd_score;
extern const struct ak_cmd ak_cmd_sample;
extern const struct ak_cmd ak_cmd_fetch;
extern const struct ak_cmd ak_cmd_init;
extern const struct ak_cmd ak_cmd_findings;

/* Print "error: ..." and "try 'auditkit NAME --help'"; returns AK_ERR_USAGE. */
ak_err ak_usage_error(const struct ak_cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Print the command's usage to standard output; returns AK_OK. */
ak_err ak_usage_print(const struct ak_cmd *cmd);

#endif
