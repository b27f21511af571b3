/* cmd.h: the command descriptor every src/cmd/<name>.c exports, and the
 * helpers they share for option parsing (src/cmd/opts.c). */
#ifndef AK_CMD_H
#define AK_CMD_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/err.h"

/* A spelling kept for one release after its rename: it still works, and
 * its first use prints one warning naming the new spelling. */
struct ak_deprecated {
	const char *old;  /* "--out", "-m" */
	const char *now;  /* "--output", "--minutes" */
	const char *note; /* said after the warning, or NULL */
	bool by_value;    /* the command decides from the value, and calls ak_opt_deprecated()
	                     itself ('interview --audit stage2' is the old spelling,
	                     'interview --audit audit.json' the new option) */
};

struct ak_cmd {
	const char *name;    /* "interview"; a subcommand's own word: "draw" */
	const char *summary; /* one line for `auditkit --help` (or the parent's) */
	const char *usage;   /* printed by `auditkit NAME --help` and `auditkit help NAME` */
	ak_err (*run)(int argc, char **argv); /* argv[0] is the (sub)command's name */
	/* The options, for getopt_long and for the hidden --list-options that
	 * the man page's table and shell completion are checked against. The
	 * parser reads these very arrays (ak_opt_next), so they cannot drift. */
	const char *shortopts; /* begins with ':'; every command has q, v and h */
	const struct option *longopts;
	const struct ak_deprecated *deprecated; /* ends with {NULL}; may be NULL */
	/* The words an option's value may be, space-separated, for completion
	 * (NULL: any); longname without the dashes. May be NULL. */
	const char *(*values)(const char *longname);
	const struct ak_cmd *const *subs; /* subcommands, NULL-terminated (main dispatches) */
	const struct ak_cmd *parent;      /* a subcommand's command */
};

/* -q, -v and -h: in every command's longopts, handled by ak_opt_next. */
#define AK_OPTS_COMMON                                                                     \
	{"quiet", no_argument, NULL, 'q'}, {"verbose", no_argument, NULL, 'v'},                \
		{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}

/* The table, in src/main.c. */
extern const struct ak_cmd ak_cmd_banks;
extern const struct ak_cmd ak_cmd_interview;
extern const struct ak_cmd ak_cmd_score;
extern const struct ak_cmd ak_cmd_sample;
extern const struct ak_cmd ak_cmd_fetch;
extern const struct ak_cmd ak_cmd_init;
extern const struct ak_cmd ak_cmd_findings;

/* ---- parsing (opts.c) ------------------------------------------------------ */

/* One command's walk through its options with getopt_long:
 *
 *	struct ak_opt p;
 *	ak_opt_init(&p, me, argc, argv);
 *	while ((c = ak_opt_next(&p)) > 0)
 *		switch (c) { ... }
 *	if (c < 0)
 *		return p.err;
 *
 * ak_opt_next handles what every command shares: -q and -v (the message
 * level), -h (prints the usage: c < 0 with p.err AK_OK), an unknown or
 * ambiguous option, a missing or unwanted value (one line naming the
 * nearest option and --help: c < 0 with AK_ERR_USAGE), and deprecated
 * spellings, whose warnings are printed once the options are over (0),
 * when -q is known. p.spelling is the option as written ("--role", "-r"). */
struct ak_opt {
	const struct ak_cmd *cmd;
	int argc;
	char **argv;
	char spelling[64];
	ak_err err;
	const struct ak_deprecated *pending[16];
	size_t npending;
};

void ak_opt_init(struct ak_opt *p, const struct ak_cmd *cmd, int argc, char **argv);
int ak_opt_next(struct ak_opt *p);
/* Note the deprecated spelling `old` (in cmd->deprecated) as used: its
 * warning comes once, at the end of the options. */
void ak_opt_deprecated(struct ak_opt *p, const char *old);

/* "auditkit: error: MSG; try 'auditkit NAME --help'" on one line; returns
 * AK_ERR_USAGE. */
ak_err ak_usage_error(const struct ak_cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Print the command's usage to standard output; returns AK_OK. */
ak_err ak_usage_print(const struct ak_cmd *cmd);

/* "sample draw" for a subcommand, "interview" for a command. */
const char *ak_cmd_path(const struct ak_cmd *cmd, char *buf, size_t size);

/* The names in `names` (n of them) nearest to `typed` by edit distance,
 * as "'a'" or "'a' or 'b'" into buf; false (buf "") when none is near
 * enough to be a likely typo. */
bool ak_nearest(const char *typed, const char *const *names, size_t n, char *buf, size_t size);

/* Space-separated words for a values() callback, from a NULL-terminated
 * list or from name(0 .. n-1): built into buf on the first call, then
 * kept (buf starts as ""). */
const char *ak_words(char *buf, size_t size, const char *const *list, const char *(*name)(int),
		     int n);

/* The hidden `auditkit CMD --list-options`: one line per option as the
 * parser takes it: "-r --role=" (a short and a long spelling of one
 * option; '=' when it takes a value), then "\t" and the words its value
 * may be, if known; and one line "deprecated OLD[=] NOW" per spelling kept
 * for this release. tests/cli/t02-options.sh holds the man page to it, and
 * completion/ completes from it. */
void ak_list_options(const struct ak_cmd *cmd, FILE *fp);

/* The folder of a bank named by its id (arg is no path, resolved is its
 * bank.json), which an output must not land in: its bank.json includes
 * the files beside it. NULL when arg is a path (compared as given) or
 * nothing was resolved. A new string. */
char *ak_bank_folder(const char *arg, const char *resolved);

/* ---- audit.json's placeholders -------------------------------------------- */

/* What `auditkit init` writes for the organisation, the scope, the lead
 * auditor and the interviewee: the commands that read the audit file warn
 * while any is left. */
#define AK_INIT_ORGANISATION "Example Organisation Ltd"
#define AK_INIT_SCOPE "The services, sites, people and systems the certificate covers"
#define AK_INIT_LEAD "Lead Auditor"
#define AK_INIT_INTERVIEWEE "Chief Executive"

struct ak_audit_fields {
	const char *organisation, *scope;
	const char *const *team; /* names */
	size_t nteam;
	const char *const *interviewees;
	size_t ninterviewees;
};

/* One warning naming every field of `path` that is still init's
 * placeholder ("'audit.json' still has the placeholders of 'auditkit init'
 * for the organisation and the scope: edit them"); nothing if none is. */
void ak_audit_placeholders(const char *path, const struct ak_audit_fields *f);

#endif
