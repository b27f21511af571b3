/* cmd/opts.c: what every command's option parsing shares: the getopt_long
 * loop with -q, -v and -h, deprecated spellings, one-line usage errors that
 * name the nearest option, the hidden --list-options, and the warning about
 * audit.json's placeholders. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "core/msg.h"
#include "core/util.h"

/* ---- names and suggestions ------------------------------------------------- */

const char *ak_cmd_path(const struct ak_cmd *cmd, char *buf, size_t size)
{
	if (cmd->parent)
		snprintf(buf, size, "%s %s", cmd->parent->name, cmd->name);
	else
		snprintf(buf, size, "%s", cmd->name);
	return buf;
}

/* Optimal string alignment distance (Levenshtein with transpositions),
 * over at most 63 bytes of each: typos are short. */
static int distance(const char *a, const char *b)
{
	int d[64][64];
	int la = (int)strlen(a), lb = (int)strlen(b), i, j;

	if (la > 63)
		la = 63;
	if (lb > 63)
		lb = 63;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			int cost =
			    tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			int v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[la][lb];
}

/* How far a typo may be from what was meant: one edit in a short word,
 * two in a longer one, three in a long one. */
static int near_enough(const char *typed)
{
	size_t n = strlen(typed);

	return n <= 4 ? 1 : n <= 9 ? 2 : 3;
}

bool ak_nearest(const char *typed, const char *const *names, size_t n, char *buf, size_t size)
{
	const char *pick[3];
	size_t npick = 0, i, len = strlen(typed), used;
	int best = near_enough(typed + strspn(typed, "-")), d; /* "--" is no part of a typo */

	buf[0] = '\0';
	/* a beginning of one or more names ("sc" for score) beats a distance */
	if (len >= 2)
		for (i = 0; i < n && npick < 3; i++)
			if (strncmp(names[i], typed, len) == 0)
				pick[npick++] = names[i];
	if (npick == 0)
		for (i = 0; i < n; i++) {
			d = distance(typed, names[i]);
			if (d < best) {
				best = d;
				npick = 0;
			}
			if (d == best && npick < 3)
				pick[npick++] = names[i];
		}
	for (i = 0, used = 0; i < npick && used < size; i++) {
		const char *sep = i == 0 ? "" : i + 1 == npick ? " or " : ", ";
		int w = snprintf(buf + used, size - used, "%s'%s'", sep, pick[i]);
		if (w < 0)
			break;
		used += (size_t)w;
	}
	return npick > 0;
}

/* ---- usage ------------------------------------------------------------------ */

ak_err ak_usage_error(const struct ak_cmd *cmd, const char *fmt, ...)
{
	va_list ap;
	char msg[512], path[64];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ak_error("%s; try 'auditkit %s --help'", msg, ak_cmd_path(cmd, path, sizeof path));
	return AK_ERR_USAGE;
}

ak_err ak_usage_print(const struct ak_cmd *cmd)
{
	fputs(cmd->usage, stdout);
	return AK_OK;
}

/* ---- the option loop ---------------------------------------------------------- */

void ak_opt_init(struct ak_opt *p, const struct ak_cmd *cmd, int argc, char **argv)
{
	memset(p, 0, sizeof *p);
	p->cmd = cmd;
	p->argc = argc;
	p->argv = argv;
	optind = 0; /* glibc: start again, permutation state included */
	opterr = 0; /* our own messages, on one line */
}

static const struct ak_deprecated *find_deprecated(const struct ak_cmd *cmd, const char *spelling)
{
	const struct ak_deprecated *d;

	for (d = cmd->deprecated; d && d->old; d++)
		if (strcmp(d->old, spelling) == 0)
			return d;
	return NULL;
}

void ak_opt_deprecated(struct ak_opt *p, const char *old)
{
	const struct ak_deprecated *d = find_deprecated(p->cmd, old);
	size_t i;

	if (!d)
		return;
	for (i = 0; i < p->npending; i++)
		if (p->pending[i] == d)
			return;
	if (p->npending < sizeof p->pending / sizeof p->pending[0])
		p->pending[p->npending++] = d;
}

static void flush_deprecated(struct ak_opt *p)
{
	size_t i;

	for (i = 0; i < p->npending; i++) {
		const struct ak_deprecated *d = p->pending[i];
		ak_warn("'%s' is deprecated: use '%s'%s%s", d->old, d->now, d->note ? "; " : "",
		        d->note ? d->note : "");
	}
	p->npending = 0;
}

/* Whether a spelling ("--out", "-m") is only the old name of another. */
static bool only_old(const struct ak_cmd *cmd, const char *spelling)
{
	const struct ak_deprecated *d = find_deprecated(cmd, spelling);

	return d && !d->by_value;
}

/* The long option named by name[0..len) exactly, or NULL. */
static const struct option *long_named(const struct ak_cmd *cmd, const char *name, size_t len)
{
	const struct option *o;

	for (o = cmd->longopts; o->name; o++)
		if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
			return o;
	return NULL;
}

/* An option getopt_long refused: say which, and what was probably meant. */
static int refused(struct ak_opt *p, int c)
{
	const struct ak_cmd *cmd = p->cmd;
	const char *word = optind > 0 && optind <= p->argc ? p->argv[optind - 1] : "";
	const struct option *o;
	const char *names[64];
	char spelled[64][64], near[200], opt[64];
	size_t n = 0, len;
	bool is_long = strncmp(word, "--", 2) == 0;

	p->err = AK_ERR_USAGE;
	len = strcspn(word, "=");
	if (c == ':') { /* a value missing at the end of the line */
		if (is_long)
			snprintf(opt, sizeof opt, "%.*s", (int)len, word);
		else
			snprintf(opt, sizeof opt, "-%c", optopt);
		ak_usage_error(cmd, "'%s' needs a value", opt);
		return -1;
	}
	if (is_long && word[len] == '=' && (o = long_named(cmd, word + 2, len - 2)) &&
	    o->has_arg == no_argument && o->val == optopt) {
		ak_usage_error(cmd, "'%.*s' takes no value", (int)len, word);
		return -1;
	}
	if (!is_long || optopt != 0) {
		if (isprint(optopt))
			ak_usage_error(cmd, "unknown option '-%c'", optopt);
		else
			ak_usage_error(cmd, "unknown option");
		return -1;
	}
	/* an unknown long option, or the beginning of several (glibc takes a
	 * beginning shared only by spellings of one option) */
	snprintf(opt, sizeof opt, "%.*s", (int)len, word);
	if (strlen(opt) > 2) {
		const struct option *first = NULL;
		bool several = false;
		for (o = cmd->longopts; o->name && n < 64; o++) {
			if (strncmp(o->name, opt + 2, strlen(opt + 2)) != 0)
				continue;
			if (first && first->val != o->val)
				several = true;
			if (!first)
				first = o;
			snprintf(spelled[n], sizeof spelled[n], "--%s", o->name);
			if (!only_old(cmd, spelled[n])) {
				names[n] = spelled[n];
				n++;
			}
		}
		if (several) {
			char list[512];
			size_t i, used = 0;
			for (i = 0; i < n && used < sizeof list; i++)
				used += (size_t)snprintf(list + used, sizeof list - used, "%s'%s'",
				                         i == 0       ? ""
				                         : i + 1 == n ? " or "
				                                      : ", ",
				                         names[i]);
			ak_usage_error(cmd, "'%s' could be %s", opt, list);
			return -1;
		}
	}
	n = 0;
	for (o = cmd->longopts; o->name && n < 64; o++) {
		snprintf(spelled[n], sizeof spelled[n], "--%s", o->name);
		if (!only_old(cmd, spelled[n])) {
			names[n] = spelled[n];
			n++;
		}
	}
	if (ak_nearest(opt, names, n, near, sizeof near))
		ak_usage_error(cmd, "unknown option '%s' (did you mean %s?)", opt, near);
	else
		ak_usage_error(cmd, "unknown option '%s'", opt);
	return -1;
}

int ak_opt_next(struct ak_opt *p)
{
	const struct ak_cmd *cmd = p->cmd;
	const struct ak_deprecated *d;
	int c, li, level;

	for (;;) {
		li = -1;
		c = getopt_long(p->argc, p->argv, cmd->shortopts, cmd->longopts, &li);
		if (c == -1) {
			flush_deprecated(p);
			return 0;
		}
		if (c == '?' || c == ':')
			return refused(p, c);
		if (li >= 0)
			snprintf(p->spelling, sizeof p->spelling, "--%s", cmd->longopts[li].name);
		else
			snprintf(p->spelling, sizeof p->spelling, "-%c", c);
		if ((d = find_deprecated(cmd, p->spelling)) && !d->by_value)
			ak_opt_deprecated(p, d->old);
		switch (c) {
		case 'q':
			ak_msg_set_level(AK_QUIET);
			continue;
		case 'v':
			level = ak_msg_level();
			ak_msg_set_level((level < AK_NORMAL ? AK_NORMAL : level) + 1);
			continue;
		case 'h':
			p->err = ak_usage_print(cmd);
			return -1;
		default:
			return c;
		}
	}
}

const char *ak_words(char *buf, size_t size, const char *const *list, const char *(*name)(int),
                     int n)
{
	size_t used = 0;
	int i, w;

	if (buf[0])
		return buf;
	for (i = 0; list ? list[i] != NULL : i < n; i++) {
		w = snprintf(buf + used, size - used, "%s%s", i ? " " : "",
		             list ? list[i] : name(i));
		if (w < 0 || (size_t)w >= size - used)
			break;
		used += (size_t)w;
	}
	return buf;
}

/* ---- --list-options ------------------------------------------------------------ */

/* Whether the short option ch is in cmd's shortopts, and takes a value. */
static bool short_opt(const struct ak_cmd *cmd, int ch, bool *arg)
{
	const char *s = ch > 0 && ch < 256 && ch != ':' ? strchr(cmd->shortopts, ch) : NULL;

	if (!s)
		return false;
	*arg = s[1] == ':';
	return true;
}

void ak_list_options(const struct ak_cmd *cmd, FILE *fp)
{
	const struct option *o, *q;
	const struct ak_deprecated *d;
	const char *s;
	char spelled[64];
	bool arg;

	for (o = cmd->longopts; o->name; o++) {
		char shortname[8] = "";
		const char *values;
		snprintf(spelled, sizeof spelled, "--%s", o->name);
		if (only_old(cmd, spelled))
			continue;
		if (short_opt(cmd, o->val, &arg)) {
			snprintf(shortname, sizeof shortname, "-%c", o->val);
			if (only_old(cmd, shortname))
				shortname[0] = '\0';
			/* the first current long spelling of the value gets the short one */
			for (q = cmd->longopts; q < o && shortname[0]; q++) {
				char qs[64];
				snprintf(qs, sizeof qs, "--%s", q->name);
				if (q->val == o->val && !only_old(cmd, qs))
					shortname[0] = '\0';
			}
		}
		fprintf(fp, "%s%s%s%s", shortname, shortname[0] ? " " : "", spelled,
		        o->has_arg != no_argument ? "=" : "");
		values = cmd->values ? cmd->values(o->name) : NULL;
		if (values)
			fprintf(fp, "\t%s", values);
		fputc('\n', fp);
	}
	/* short options with no current long spelling */
	for (s = cmd->shortopts; *s; s++) {
		char shortname[8];
		bool paired = false;
		if (*s == ':')
			continue;
		snprintf(shortname, sizeof shortname, "-%c", *s);
		if (only_old(cmd, shortname))
			continue;
		for (o = cmd->longopts; o->name; o++) {
			snprintf(spelled, sizeof spelled, "--%s", o->name);
			if (o->val == *s && !only_old(cmd, spelled))
				paired = true;
		}
		if (!paired)
			fprintf(fp, "%s%s\n", shortname, s[1] == ':' ? "=" : "");
	}
	for (d = cmd->deprecated; d && d->old; d++) {
		arg = false;
		if (strncmp(d->old, "--", 2) == 0) {
			o = long_named(cmd, d->old + 2, strlen(d->old + 2));
			arg = o && o->has_arg != no_argument;
		} else {
			short_opt(cmd, d->old[1], &arg);
		}
		fprintf(fp, "deprecated %s%s %s\n", d->old, arg ? "=" : "", d->now);
	}
}

/* ---- audit.json's placeholders ------------------------------------------------ */

static bool any_is(const char *const *v, size_t n, const char *placeholder)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] && strcmp(v[i], placeholder) == 0)
			return true;
	return false;
}

void ak_audit_placeholders(const char *path, const struct ak_audit_fields *f)
{
	const char *left[4];
	char list[160];
	size_t n = 0, i, used = 0;

	if (f->organisation && strcmp(f->organisation, AK_INIT_ORGANISATION) == 0)
		left[n++] = "the organisation";
	if (f->scope && strcmp(f->scope, AK_INIT_SCOPE) == 0)
		left[n++] = "the scope";
	if (any_is(f->team, f->nteam, AK_INIT_LEAD))
		left[n++] = "the audit team";
	if (any_is(f->interviewees, f->ninterviewees, AK_INIT_INTERVIEWEE))
		left[n++] = "the interviewees";
	if (!n)
		return;
	list[0] = '\0';
	for (i = 0; i < n; i++)
		used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
		                         i == 0       ? ""
		                         : i + 1 == n ? " and "
		                                      : ", ",
		                         left[i]);
	ak_warn("'%s' still has the placeholders 'auditkit init' wrote for %s: replace them "
	        "with the audit's own",
	        path, list);
}

char *ak_bank_folder(const char *arg, const char *resolved)
{
	struct stat st;
	const char *slash;

	if (!arg || !resolved || stat(arg, &st) == 0)
		return NULL;
	slash = strrchr(resolved, '/');
	return slash ? ak_strndup(resolved, (size_t)(slash - resolved)) : ak_strdup(".");
}
