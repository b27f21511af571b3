/* sample: audit sampling. How many (size), which ones (draw, interviewees),
 * and what the deviations found say (evaluate). The maths lives in
 * sample_size.c, the reading in population.c, the choosing in sample_draw.c
 * and the record in sample_plan.c; this file parses options and writes. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "sample/population.h"
#include "core/rng.h"
#include "sample/sample_draw.h"
#include "sample/sample_plan.h"
#include "sample/sample_size.h"
#include "core/util.h"

static ak_err run_size(int argc, char **argv);
static ak_err run_draw(int argc, char **argv);
static ak_err run_interviewees(int argc, char **argv);
static ak_err run_evaluate(int argc, char **argv);
static const char *values(const char *opt);
static const char *draw_values(const char *opt);

/* ======================================================================
 * Options and usage: one set per subcommand
 * ====================================================================== */

enum {
	OPT_ID = 256,
	OPT_WHERE,
	OPT_STRATA,
	OPT_ALL_STRATA,
	OPT_VALUE,
	OPT_DECIMALS,
	OPT_THOUSANDS,
	OPT_DECIMAL_COMMA,
	OPT_INCLUDE,
	OPT_EXCLUDE,
	OPT_KEEP,
	OPT_INPUT_FORMAT,
	OPT_OLD_FORMAT,
	OPT_OBJECTIVE,
	OPT_NAME,
	OPT_DEPARTMENT,
	OPT_CONFIDENCE,
	OPT_SITES,
	OPT_AUDIT_TYPE,
};

/* The old spellings stand last in each longopts[], so that an
 * abbreviation resolves to the new one. */
static const struct option size_opts[] = {
	{"confidence", required_argument, NULL, OPT_CONFIDENCE},
	{"tolerable", required_argument, NULL, 't'},
	{"expected", required_argument, NULL, 'e'},
	{"deviations", required_argument, NULL, 'd'},
	{"method", required_argument, NULL, 'm'},
	{"population", required_argument, NULL, 'N'},
	{"sites", required_argument, NULL, OPT_SITES},
	{"audit-type", required_argument, NULL, OPT_AUDIT_TYPE},
	{"format", required_argument, NULL, 'f'},
	{"audit", required_argument, NULL, OPT_AUDIT_TYPE},
	{"output-format", required_argument, NULL, 'f'},
	AK_OPTS_COMMON,
};

static const struct option evaluate_opts[] = {
	{"confidence", required_argument, NULL, OPT_CONFIDENCE},
	{"tolerable", required_argument, NULL, 't'},
	{"deviations", required_argument, NULL, 'd'},
	{"format", required_argument, NULL, 'f'},
	{"output-format", required_argument, NULL, 'f'},
	AK_OPTS_COMMON,
};

/* draw's and interviewees' options but for the few each has alone */
#define DRAW_OPTS                                                                  \
	{"id", required_argument, NULL, OPT_ID},                                   \
	{"where", required_argument, NULL, OPT_WHERE},                             \
	{"strata", required_argument, NULL, OPT_STRATA},                           \
	{"all-strata", no_argument, NULL, OPT_ALL_STRATA},                         \
	{"value", required_argument, NULL, OPT_VALUE},                             \
	{"decimals", required_argument, NULL, OPT_DECIMALS},                       \
	{"thousands", no_argument, NULL, OPT_THOUSANDS},                           \
	{"decimal-comma", no_argument, NULL, OPT_DECIMAL_COMMA},                   \
	{"include", required_argument, NULL, OPT_INCLUDE},                         \
	{"exclude", required_argument, NULL, OPT_EXCLUDE},                         \
	{"keep", required_argument, NULL, OPT_KEEP},                               \
	{"input-format", required_argument, NULL, OPT_INPUT_FORMAT},               \
	{"seed", required_argument, NULL, 's'},                                    \
	{"objective", required_argument, NULL, OPT_OBJECTIVE},                     \
	{"output", required_argument, NULL, 'o'}

static const struct option draw_opts[] = {
	{"method", required_argument, NULL, 'm'},
	DRAW_OPTS,
	{"format", required_argument, NULL, OPT_OLD_FORMAT},
	{"plan-format", required_argument, NULL, 'f'},
	AK_OPTS_COMMON,
};

static const struct option interviewees_opts[] = {
	{"name", required_argument, NULL, OPT_NAME},
	{"department", required_argument, NULL, OPT_DEPARTMENT},
	DRAW_OPTS,
	{"format", required_argument, NULL, OPT_OLD_FORMAT},
	{"plan-format", required_argument, NULL, 'f'},
	AK_OPTS_COMMON,
};

static const struct ak_deprecated size_deprecated[] = {
	{"-c", "--confidence", NULL, false},
	{"--audit", "--audit-type", NULL, false},
	{"--output-format", "--format", NULL, false},
	{NULL, NULL, NULL, false},
};

static const struct ak_deprecated evaluate_deprecated[] = {
	{"-c", "--confidence", NULL, false},
	{"--output-format", "--format", NULL, false},
	{NULL, NULL, NULL, false},
};

/* --format was the population's; in the next release it is the plan's,
 * which -f already is. */
static const struct ak_deprecated draw_deprecated[] = {
	{"--format", "--input-format",
	 "in the next release '--format' will be the plan's format, which '-f' is now", false},
	{"--plan-format", "-f", NULL, false},
	{NULL, NULL, NULL, false},
};

/* The usage lines up as printed: */
/* clang-format off */
static const struct ak_cmd sample_size = {
	.name = "size",
	.summary = "how many: attribute sampling, or IAF MD 1 sites",
	.usage =
	"usage: auditkit sample size [--confidence C] [--tolerable T]\n"
	"                            [--expected E | --deviations D]\n"
	"                            [--method M] [--population N]\n"
	"       auditkit sample size --sites X [--audit-type T]\n"
	"\n"
	"Attribute sampling for tests of controls, or IAF MD 1 multi-site sampling.\n"
	"\n"
	"      --confidence C    confidence, 0.95 or 95% (default 95%)\n"
	"  -t, --tolerable T     tolerable deviation rate (default 5%)\n"
	"  -e, --expected E      expected deviation rate: the sample may hold ceil(n x E)\n"
	"  -d, --deviations D    deviations the sample may hold (default 0)\n"
	"  -m, --method M        binomial (default), poisson, or hypergeometric (needs\n"
	"                        -N)\n"
	"  -N, --population N    population size, for the hypergeometric method\n"
	"      --sites X         IAF MD 1: number of sites; --audit-type chooses the\n"
	"                        factor\n"
	"      --audit-type T    initial (sqrt x; also stage1, stage2), surveillance\n"
	"                        (0.6 sqrt x), recertification (0.8 sqrt x)\n"
	"  -f, --format F        text (default) or json\n"
	"  -q, --quiet           nothing on standard error but errors\n"
	"  -v, --verbose         no more than usual: the result says what it rests on\n"
	"  -h, --help            this help\n"
	"\n"
	"Rates are fractions (0.05) or percentages (5%), to a basis point.\n"
	"exit: 0 ok, 2 usage, 3 a value out of range (a confidence outside (0, 1))\n",
	.run = run_size,
	.shortopts = ":t:e:d:m:N:f:qvhc:",
	.longopts = size_opts,
	.deprecated = size_deprecated,
	.values = values,
	.parent = &ak_cmd_sample,
};

static const struct ak_cmd sample_draw = {
	.name = "draw",
	.summary = "which ones: a reproducible selection, written as a sampling plan",
	.usage =
	"usage: auditkit sample draw POPULATION -n N [--method M] [OPTIONS]\n"
	"\n"
	"Select items from a population file (CSV, JSON array or JSON Lines; - is\n"
	"standard input) and write the sampling plan.\n"
	"\n"
	"  -n N                  sample size (items chosen at random)\n"
	"  -m, --method M        random (default, reservoir), systematic, stratified,\n"
	"                        mus (monetary-unit, fixed interval) or cell\n"
	"      --id COLUMN       the id column (default id)\n"
	"      --where COL=VAL   keep only rows where COL is VAL (COL!=VAL: is not);\n"
	"                        repeatable, all must hold\n"
	"      --strata COLUMN   stratified: the stratum column\n"
	"      --all-strata      stratified: at least one item from every stratum\n"
	"                        (with no -n: exactly one from each)\n"
	"      --value COLUMN    mus and cell: the amount column\n"
	"      --decimals K      mus and cell: decimals an amount may have (default 2)\n"
	"      --thousands       mus and cell: accept 1,234,567.89\n"
	"      --decimal-comma   mus and cell: amounts as 1.234,56 (a decimal comma)\n"
	"      --include ID      an item chosen by judgement (repeatable)\n"
	"      --exclude ID      an item left out by judgement (repeatable)\n"
	"      --keep COLUMN     copy this column into the plan (repeatable)\n"
	"      --input-format F  population format: csv, json or jsonl (default by\n"
	"                        extension)\n"
	"  -s, --seed N          the seed (0 to 2^64-1); without it one is drawn and\n"
	"                        printed\n"
	"      --objective TEXT  what the sample is for, recorded in the plan\n"
	"  -o, --output FILE     the plan (default -: standard output)\n"
	"  -f F                  the plan's format: json (default; csv when FILE ends in\n"
	"                        .csv) or csv\n"
	"  -q, --quiet           nothing on standard error but errors\n"
	"  -v, --verbose         say what was read and how the sample was chosen\n"
	"  -h, --help            this help\n"
	"\n"
	"exit: 0 ok, 2 usage, 3 bad input data (a malformed population, a sample\n"
	"larger than the population), 5 cannot write\n",
	.run = run_draw,
	.shortopts = ":m:n:s:o:f:qvh",
	.longopts = draw_opts,
	.deprecated = draw_deprecated,
	.values = draw_values,
	.parent = &ak_cmd_sample,
};

static const struct ak_cmd sample_interviewees = {
	.name = "interviewees",
	.summary = "staff for clause 7.3 awareness interviews, every department represented",
	.usage =
	"usage: auditkit sample interviewees STAFF [-n N] [OPTIONS]\n"
	"\n"
	"Staff for clause 7.3 awareness interviews, every department represented\n"
	"(stratified by department, at least one from each); role and site columns,\n"
	"when present, are copied into the plan.\n"
	"\n"
	"  -n N                  how many in all (default: one from each department)\n"
	"      --name COLUMN     the name column (default name)\n"
	"      --department COL  the department column (default department)\n"
	"      --where COL=VAL   keep only rows where COL is VAL (COL!=VAL: is not)\n"
	"      --include ID      someone chosen by judgement (repeatable)\n"
	"      --exclude ID      someone left out by judgement (repeatable)\n"
	"      --keep COLUMN     copy this column into the plan (repeatable)\n"
	"      --input-format F  the staff list's format: csv, json or jsonl\n"
	"  -s, --seed N          the seed; without it one is drawn and printed\n"
	"      --objective TEXT  what the sample is for (default: awareness interviews)\n"
	"  -o, --output FILE     the plan (default -: standard output)\n"
	"  -f F                  the plan's format: json (default) or csv\n"
	"  -q, --quiet           nothing on standard error but errors\n"
	"  -v, --verbose         say what was read and how the sample was chosen\n"
	"  -h, --help            this help\n"
	"  and, as 'auditkit sample draw' has them: --id, --strata, --all-strata,\n"
	"  --value, --decimals, --thousands, --decimal-comma\n"
	"\n"
	"exit: 0 ok, 2 usage, 3 bad input data, 5 cannot write\n",
	.run = run_interviewees,
	.shortopts = ":n:s:o:f:qvh",
	.longopts = interviewees_opts,
	.deprecated = draw_deprecated,
	.values = draw_values,
	.parent = &ak_cmd_sample,
};

static const struct ak_cmd sample_evaluate = {
	.name = "evaluate",
	.summary = "what the deviations found say: the upper deviation limit",
	.usage =
	"usage: auditkit sample evaluate -n N -d D [--confidence C] [--tolerable T]\n"
	"\n"
	"The exact one-sided upper deviation limit (Clopper-Pearson), and whether the\n"
	"control can be relied on.\n"
	"\n"
	"  -n N                  sample size tested\n"
	"  -d, --deviations D    deviations found\n"
	"      --confidence C    confidence, 0.95 or 95% (default 95%)\n"
	"  -t, --tolerable T     tolerable deviation rate (default 5%)\n"
	"  -f, --format F        text (default) or json\n"
	"  -q, --quiet           nothing on standard error but errors\n"
	"  -v, --verbose         no more than usual: the result says what it rests on\n"
	"  -h, --help            this help\n"
	"\n"
	"exit: 0 ok, 2 usage, 3 a value out of range\n",
	.run = run_evaluate,
	.shortopts = ":t:d:n:f:qvhc:",
	.longopts = evaluate_opts,
	.deprecated = evaluate_deprecated,
	.values = values,
	.parent = &ak_cmd_sample,
};

static const struct ak_cmd *const subs[] = {&sample_size, &sample_draw, &sample_interviewees,
                                            &sample_evaluate, NULL};

static const struct option sample_opts[] = {AK_OPTS_COMMON};

const struct ak_cmd ak_cmd_sample = {
	.name = "sample",
	.summary = "audit sampling: size, reproducible selection, plan, evaluation",
	.usage =
	"usage: auditkit sample size [--confidence C] [--tolerable T]\n"
	"                            [--expected E | --deviations D]\n"
	"                            [--method M] [--population N]\n"
	"       auditkit sample size --sites X [--audit-type T]\n"
	"       auditkit sample draw POPULATION -n N [--method M] [options]\n"
	"       auditkit sample interviewees STAFF [-n N] [options]\n"
	"       auditkit sample evaluate -n N -d D [--confidence C] [--tolerable T]\n"
	"\n"
	"  size          how many: attribute sampling, or IAF MD 1 sites\n"
	"  draw          which ones: a reproducible selection, written as a sampling plan\n"
	"  interviewees  staff for clause 7.3 awareness interviews, every department\n"
	"  evaluate      what the deviations found say: the upper deviation limit\n"
	"\n"
	"'auditkit sample SUBCOMMAND --help' gives each one's options; every one has\n"
	"-q (nothing but errors), -v (say why) and -h.\n"
	"\n"
	"Rates are fractions (0.05) or percentages (5%), to a basis point.\n"
	"exit: 0 ok, 2 usage (unknown option or keyword, missing argument),\n"
	"3 bad input data (a malformed population, a value out of range such as a\n"
	"confidence outside (0, 1), a sample larger than the population), 5 cannot write\n",
	.shortopts = ":h",
	.longopts = sample_opts,
	.subs = subs,
};
/* clang-format on */

/* ======================================================================
 * Option values
 * ====================================================================== */

/* A rate option; any problem with its value is bad input data (exit 3). */
static ak_err rate_opt(const char *what, const char *s, bool open, long *bp)
{
	int rc = ss_parse_rate(s, bp);

	if (rc == -2) {
		ak_error("%s '%s' is finer than a basis point (0.01%%)", what, s);
		return AK_ERR_DATA;
	}
	if (rc != 0) {
		ak_error("%s '%s' is not a rate: write a fraction such as 0.95 or a percentage "
		         "such as 95%%",
		         what, s);
		return AK_ERR_DATA;
	}
	return ss_check_rate(what, s, *bp, open);
}

static ak_err long_opt(const char *what, const char *s, long lo, long hi, long *v)
{
	if (!ak_parse_long(s, lo, hi, v)) {
		ak_error("%s '%s' must be a whole number from %ld to %ld", what, s, lo, hi);
		return AK_ERR_DATA;
	}
	return AK_OK;
}

static ak_err seed_opt(const char *s, uint64_t *seed)
{
	char *end;

	errno = 0;
	if (s[0] < '0' || s[0] > '9' || (*seed = strtoull(s, &end, 10), errno) || *end) {
		ak_error("seed '%s' must be a whole number from 0 to 18446744073709551615", s);
		return AK_ERR_DATA;
	}
	return AK_OK;
}

static bool text_or_json(const char *s, bool *json)
{
	if (ak_streq(s, "text"))
		*json = false;
	else if (ak_streq(s, "json"))
		*json = true;
	else
		return false;
	return true;
}

/* Print a JSON object (stolen) on stdout. */
static ak_err print_json(json_t *o)
{
	int rc = o ? json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : -1;

	json_decref(o);
	if (rc != 0)
		return AK_ERR_NOMEM;
	putchar('\n');
	return AK_OK;
}

/* ======================================================================
 * size
 * ====================================================================== */

static const char *const method_names[] = {"binomial", "poisson", "hypergeometric", NULL};
static const char *const plan_columns[] = {"row", "id", "stratum", "value", "hits", "selected_by"};
static const char *const audit_names[] = {"initial", "surveillance", "recertification", NULL};
/* the audit types of the other commands that are initial audits in IAF MD 1 */
static const char *const initial_names[] = {"stage1", "stage2", NULL};
static const char *const text_json[] = {"text", "json", NULL};
static const char *const plan_formats[] = {"json", "csv", NULL};
static const char *const audit_formula[] = {"ceil(sqrt(x))", "ceil(0.6 sqrt(x))",
                                            "ceil(0.8 sqrt(x))"};

static int keyword(const char *s, const char *const *names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (ak_streq(s, names[i]))
			return i;
	return -1;
}

static ak_err size_sites(long x, enum ss_audit audit, bool json)
{
	long n = ss_iaf_sites(x, audit), r = ss_iaf_random_sites(n);
	json_t *o;

	if (json) {
		o = json_object();
		json_object_set_new(o, "method", json_string("iaf-md1"));
		json_object_set_new(o, "audit", json_string(audit_names[audit]));
		json_object_set_new(o, "sites", json_integer(x));
		json_object_set_new(o, "size", json_integer(n));
		json_object_set_new(o, "random_at_least", json_integer(r));
		json_object_set_new(o, "formula", json_string(audit_formula[audit]));
		return print_json(o);
	}
	printf("sites to visit: %ld of %ld\n", n, x);
	printf("rule: IAF MD 1, %s audit: %s, x = %ld\n", audit_names[audit], audit_formula[audit],
	       x);
	printf("chosen at random: at least %ld (a quarter of the sample, rounded up)\n", r);
	return AK_OK;
}

/* Print the attribute sample size with everything it rests on. */
static ak_err size_attribute(const struct ss_attribute *a, bool json)
{
	struct ss_result res;
	char cb[32], tb[32], eb[32];
	ak_err err = ss_attribute_size(a, &res);
	json_t *o;

	if (err)
		return err;
	ss_format_bp(a->confidence_bp, cb, sizeof cb);
	ss_format_bp(a->tolerable_bp, tb, sizeof tb);
	ss_format_bp(a->expected_bp, eb, sizeof eb);
	if (json) {
		o = json_object();
		json_object_set_new(o, "method", json_string(method_names[a->method]));
		json_object_set_new(o, "confidence", json_string(cb));
		json_object_set_new(o, "tolerable", json_string(tb));
		if (a->deviations < 0)
			json_object_set_new(o, "expected", json_string(eb));
		if (a->method == SS_HYPERGEOMETRIC) {
			json_object_set_new(o, "population", json_integer(a->population));
			json_object_set_new(o, "population_deviations", json_integer(res.pop_devs));
		}
		json_object_set_new(o, "size", json_integer(res.n));
		json_object_set_new(o, "deviations_allowed", json_integer(res.k));
		json_object_set_new(o, "risk", json_real(res.risk));
		json_object_set_new(o, "exact", json_boolean(res.exact));
		return print_json(o);
	}
	printf("sample size: %ld\n", res.n);
	printf("method: %s\n", method_names[a->method]);
	printf("confidence: %s\n", cb);
	printf("tolerable deviation rate: %s\n", tb);
	if (a->deviations < 0)
		printf("expected deviation rate: %s\n", eb);
	if (a->method == SS_HYPERGEOMETRIC)
		printf("population: %ld (%ld deviations at the tolerable rate)\n", a->population,
		       res.pop_devs);
	printf("deviations allowed in the sample: %ld\n", res.k);
	printf("chance of so few deviations if the true rate were %s: %.2f%%\n", tb,
	       res.risk * 100);
	return AK_OK;
}

/* sample size: options, then IAF MD 1 (--sites) or attribute sampling. */
static ak_err run_size(int argc, char **argv)
{
	const struct ak_cmd *me = &sample_size;
	struct ss_attribute a = {SS_BINOMIAL, 9500, 500, 0, 0, 0};
	bool json = false, expected = false, devs = false;
	long sites = 0;
	int c, audit = SS_INITIAL, k;
	struct ak_opt p;
	ak_err err = AK_OK;

	ak_opt_init(&p, me, argc, argv);
	while ((c = ak_opt_next(&p)) > 0) {
		switch (c) {
		case 'c':
		case OPT_CONFIDENCE:
			err = rate_opt("confidence", optarg, true, &a.confidence_bp);
			break;
		case 't':
			err = rate_opt("tolerable rate", optarg, true, &a.tolerable_bp);
			break;
		case 'e':
			err = rate_opt("expected rate", optarg, false, &a.expected_bp);
			expected = true;
			break;
		case 'd':
			err = long_opt("deviations", optarg, 0, SS_MAX_N, &a.deviations);
			devs = true;
			break;
		case 'm':
			if ((k = keyword(optarg, method_names, 3)) < 0)
				return ak_usage_error(me, "unknown method '%s'", optarg);
			a.method = (enum ss_method)k;
			break;
		case 'N':
			err = long_opt("population", optarg, 1, SS_MAX_POPULATION, &a.population);
			break;
		case OPT_SITES:
			err = long_opt("sites", optarg, 1, SS_MAX_POPULATION, &sites);
			break;
		case OPT_AUDIT_TYPE:
			if (keyword(optarg, initial_names, 2) >= 0)
				audit = SS_INITIAL;
			else if ((audit = keyword(optarg, audit_names, 3)) < 0)
				return ak_usage_error(me, "unknown audit type '%s'", optarg);
			break;
		case 'f':
			if (!text_or_json(optarg, &json))
				return ak_usage_error(me, "unknown format '%s'", optarg);
			break;
		default:
			return ak_usage_error(me, "unknown option '%s'", p.spelling);
		}
		if (err)
			return err;
	}
	if (c < 0)
		return p.err;
	if (optind != argc)
		return ak_usage_error(me, "unexpected argument '%s'", argv[optind]);
	if (expected && devs)
		return ak_usage_error(me, "give --expected or --deviations, not both");
	if (sites)
		return size_sites(sites, (enum ss_audit)audit, json);
	if (a.method == SS_HYPERGEOMETRIC && !a.population)
		return ak_usage_error(me, "the hypergeometric method needs --population N");
	if (expected)
		a.deviations = -1;
	return size_attribute(&a, json);
}

/* ======================================================================
 * evaluate
 * ====================================================================== */

/* sample evaluate: the upper limit and whether the control can be relied on. */
static ak_err run_evaluate(int argc, char **argv)
{
	const struct ak_cmd *me = &sample_evaluate;
	long conf = 9500, tol = 500, n = -1, d = -1;
	bool json = false, relied;
	double limit;
	char cb[32], tb[32];
	struct ak_opt p;
	int c;
	ak_err err = AK_OK;

	ak_opt_init(&p, me, argc, argv);
	while ((c = ak_opt_next(&p)) > 0) {
		switch (c) {
		case 'c':
		case OPT_CONFIDENCE:
			err = rate_opt("confidence", optarg, true, &conf);
			break;
		case 't':
			err = rate_opt("tolerable rate", optarg, true, &tol);
			break;
		case 'd':
			err = long_opt("deviations", optarg, 0, SS_MAX_POPULATION, &d);
			break;
		case 'n':
			err = long_opt("sample size", optarg, 1, SS_MAX_POPULATION, &n);
			break;
		case 'f':
			if (!text_or_json(optarg, &json))
				return ak_usage_error(me, "unknown format '%s'", optarg);
			break;
		default:
			return ak_usage_error(me, "unknown option '%s'", p.spelling);
		}
		if (err)
			return err;
	}
	if (c < 0)
		return p.err;
	if (optind != argc)
		return ak_usage_error(me, "unexpected argument '%s'", argv[optind]);
	if (n < 0 || d < 0)
		return ak_usage_error(me, "evaluate needs -n N and --deviations D");
	if ((err = ss_upper_limit(n, d, conf, &limit)))
		return err;
	relied = limit <= (double)tol / SS_BP;
	ss_format_bp(conf, cb, sizeof cb);
	ss_format_bp(tol, tb, sizeof tb);
	if (json) {
		json_t *o = json_object();
		json_object_set_new(o, "size", json_integer(n));
		json_object_set_new(o, "deviations", json_integer(d));
		json_object_set_new(o, "confidence", json_string(cb));
		json_object_set_new(o, "tolerable", json_string(tb));
		json_object_set_new(o, "sample_rate", json_real((double)d / (double)n));
		json_object_set_new(o, "upper_limit", json_real(limit));
		json_object_set_new(o, "method",
		                    json_string("exact binomial (Clopper-Pearson), one-sided"));
		json_object_set_new(o, "relied_on", json_boolean(relied));
		return print_json(o);
	}
	printf("sample size: %ld\n", n);
	printf("deviations found: %ld (%.2f%% of the sample)\n", d, 100.0 * (double)d / (double)n);
	printf("upper deviation limit: %.2f%% (one-sided, %s confidence, exact binomial)\n",
	       limit * 100, cb);
	printf("tolerable deviation rate: %s\n", tb);
	if (relied)
		printf("conclusion: the control can be relied on (%.2f%% <= %s)\n", limit * 100,
		       tb);
	else
		printf(
		    "conclusion: the control cannot be relied on: the upper limit %.2f%% exceeds "
		    "the tolerable rate %s\n",
		    limit * 100, tb);
	return AK_OK;
}

/* ======================================================================
 * draw and interviewees
 * ====================================================================== */

struct draw_args {
	const struct ak_cmd *me; /* draw or interviewees, for messages */
	struct pop_opts pop;
	struct sd_opts sd;
	const char *objective;
	const char *output;
	int plan_csv; /* -1: by the output's extension */
	bool have_seed;
	char **filters; /* as given, for the plan */
	struct pop_where *where;
	const char **keep, **include, **exclude;
	size_t nwhere, nkeep, ninclude, nexclude;
};

static void draw_args_release(struct draw_args *a)
{
	size_t i;

	for (i = 0; i < a->nwhere; i++)
		free(a->filters[i]);
	free(a->where);
	free(a->filters);
	free(a->keep);
	free(a->include);
	free(a->exclude);
}

static bool push(const char ***v, size_t *n, const char *s)
{
	const char **p = realloc(*v, (*n + 1) * sizeof *p);

	if (!p)
		return false;
	p[(*n)++] = s;
	*v = p;
	return true;
}

/* --where COL=VAL or COL!=VAL; arg is modified in place (argv is ours). */
static ak_err add_where(struct draw_args *a, char *arg)
{
	char *eq = strchr(arg, '=');
	struct pop_where *w;
	char **f;
	bool neg;

	if (!eq || eq == arg || (eq == arg + 1 && *arg == '!'))
		return ak_usage_error(a->me, "--where needs COLUMN=VALUE, got '%s'", arg);
	w = realloc(a->where, (a->nwhere + 1) * sizeof *w);
	if (!w)
		return AK_ERR_NOMEM;
	a->where = w;
	f = realloc(a->filters, (a->nwhere + 1) * sizeof *f);
	if (!f)
		return AK_ERR_NOMEM;
	a->filters = f;
	if (!(f[a->nwhere] = ak_strdup(arg)))
		return AK_ERR_NOMEM;
	neg = eq[-1] == '!';
	if (neg)
		eq[-1] = '\0';
	*eq = '\0';
	w[a->nwhere].column = arg;
	w[a->nwhere].value = eq + 1;
	w[a->nwhere].negate = neg;
	a->nwhere++;
	return AK_OK;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

/* Draw and write the plan: nothing is written unless the draw succeeds. */
static ak_err do_draw(struct draw_args *a)
{
	struct pop_reader *pop = NULL;
	struct sp_plan plan;
	struct ak_out out = {0};
	bool csv;
	size_t i;
	ak_err err;

	sp_plan_init(&plan);
	{
		/* the plan must not replace the population (the same file under
		 * another name included), nor land where it cannot be written */
		const struct ak_input in[] = {{"the population", a->pop.path}};
		if ((err = ak_out_check(a->output, in, 1)))
			return err;
	}
	if (!a->have_seed) {
		if (!ak_rng_os_seed(&a->sd.seed)) {
			ak_error("cannot draw a seed from the operating system; give --seed");
			return AK_ERR_INTERNAL;
		}
		ak_note("seed %" PRIu64 " (use --seed to draw the same sample again)", a->sd.seed);
	}
	a->pop.where = a->where;
	a->pop.nwhere = a->nwhere;
	a->pop.keep = a->keep;
	a->pop.nkeep = a->nkeep;
	a->pop.rewindable = sd_needs_two_passes(a->sd.method);
	a->sd.include = a->include;
	a->sd.ninclude = a->ninclude;
	a->sd.exclude = a->exclude;
	a->sd.nexclude = a->nexclude;

	plan.objective = a->objective ? ak_strdup(a->objective) : NULL;
	plan.source = ak_strdup(a->pop.path);
	plan.id_column = ak_strdup(a->pop.id_column);
	plan.created_by = ak_strdup("auditkit " AK_VERSION);
	if (a->nkeep && !(plan.column_names = calloc(a->nkeep, sizeof *plan.column_names))) {
		err = AK_ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < a->nkeep; i++)
		if ((plan.column_names[plan.ncolumns++] = ak_strdup(a->keep[i])) == NULL) {
			err = AK_ERR_NOMEM;
			goto out;
		}
	if (a->nwhere && !(plan.filters = calloc(a->nwhere, sizeof *plan.filters))) {
		err = AK_ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < a->nwhere; i++)
		if ((plan.filters[plan.nfilters++] = ak_strdup(a->filters[i])) == NULL) {
			err = AK_ERR_NOMEM;
			goto out;
		}
	if (!plan.source || !plan.id_column || !plan.created_by) {
		err = AK_ERR_NOMEM;
		goto out;
	}
	if ((err = pop_open(&a->pop, &pop)))
		goto out;
	if (!(plan.format = ak_strdup(pop_format_name(pop_format(pop))))) {
		err = AK_ERR_NOMEM;
		goto out;
	}
	if ((err = sd_draw(pop, &a->sd, &plan)))
		goto out;

	csv = a->plan_csv < 0 ? ends_with(a->output, ".csv") : a->plan_csv == 1;
	if ((err = ak_out_open(&out, a->output)))
		goto out;
	err = csv ? sp_write_csv(out.fp, &plan) : sp_write_json(out.fp, &plan);
	if (err) {
		ak_error("cannot write '%s'", a->output);
		ak_out_abort(&out);
		goto out;
	}
	if ((err = ak_out_commit(&out)))
		goto out;
	if (strcmp(a->output, "-") != 0)
		ak_note("%zu items from %ld rows of %s written to '%s'", plan.nitems, plan.rows,
		        pop_label(pop), a->output);
out:
	pop_close(pop);
	sp_plan_release(&plan);
	return err;
}

/* draw and interviewees share the parsing; interviewees presets a
 * stratified draw by department with every department represented. */
static ak_err draw_or_interviewees(int argc, char **argv, bool interviewees)
{
	const struct ak_cmd *me = interviewees ? &sample_interviewees : &sample_draw;
	struct ak_opt p;
	struct draw_args a;
	long v;
	int c, k;
	bool have_n = false;
	ak_err err = AK_OK;

	memset(&a, 0, sizeof a);
	a.me = me;
	a.pop.id_column = "id";
	a.sd.decimals = 2;
	a.output = "-";
	a.plan_csv = -1;
	if (interviewees) {
		a.pop.id_column = "name";
		a.pop.strata_column = "department";
		a.sd.method = SD_STRATIFIED;
		a.sd.all_strata = true;
		a.objective = "awareness interviews (ISO/IEC 27001:2022 clause 7.3)";
		if (!push(&a.keep, &a.nkeep, "role") || !push(&a.keep, &a.nkeep, "site"))
			return AK_ERR_NOMEM;
	}
	ak_opt_init(&p, me, argc, argv);
	while ((c = ak_opt_next(&p)) > 0) {
		switch (c) {
		case 'm':
			if (!sd_parse_method(optarg, &a.sd.method))
				err = ak_usage_error(me, "unknown method '%s'", optarg);
			break;
		case 'n':
			err = long_opt("sample size", optarg, 1, 10000000, &a.sd.n);
			have_n = true;
			break;
		case OPT_ID:
		case OPT_NAME:
			a.pop.id_column = optarg;
			break;
		case OPT_WHERE:
			err = add_where(&a, optarg);
			break;
		case OPT_STRATA:
		case OPT_DEPARTMENT:
			a.pop.strata_column = optarg;
			break;
		case OPT_ALL_STRATA:
			a.sd.all_strata = true;
			break;
		case OPT_VALUE:
			a.pop.value_column = optarg;
			break;
		case OPT_DECIMALS:
			err = long_opt("decimals", optarg, 0, 6, &v);
			a.sd.decimals = (int)v;
			break;
		case OPT_THOUSANDS:
			a.sd.thousands = true;
			break;
		case OPT_DECIMAL_COMMA:
			a.sd.decimal_comma = true;
			break;
		case OPT_INCLUDE:
			err = push(&a.include, &a.ninclude, optarg) ? AK_OK : AK_ERR_NOMEM;
			break;
		case OPT_EXCLUDE:
			err = push(&a.exclude, &a.nexclude, optarg) ? AK_OK : AK_ERR_NOMEM;
			break;
		case OPT_KEEP:
			/* the CSV plan's own columns: a kept one of the same name
			 * could not be told apart when the plan is read back */
			if (keyword(optarg, plan_columns, 6) >= 0)
				err = ak_usage_error(
				    me, "--keep '%s': the plan has a column of that name", optarg);
			else
				err = push(&a.keep, &a.nkeep, optarg) ? AK_OK : AK_ERR_NOMEM;
			break;
		case OPT_OLD_FORMAT:
		case OPT_INPUT_FORMAT:
			if (!pop_parse_format(optarg, &a.pop.format))
				err = ak_usage_error(me, "unknown population format '%s'", optarg);
			break;
		case 's':
			err = seed_opt(optarg, &a.sd.seed);
			a.have_seed = true;
			break;
		case OPT_OBJECTIVE:
			a.objective = optarg;
			break;
		case 'o':
			a.output = optarg;
			break;
		case 'f':
			if ((k = keyword(optarg, plan_formats, 2)) < 0)
				err = ak_usage_error(me, "unknown plan format '%s'", optarg);
			else
				a.plan_csv = k;
			break;
		default:
			err = ak_usage_error(me, "unknown option '%s'", p.spelling);
		}
		if (err)
			goto out;
	}
	if (c < 0) {
		err = p.err;
		goto out;
	}
	if (optind != argc - 1) {
		err = ak_usage_error(me, optind >= argc ? "which population file?"
		                                         : "one population file only");
		goto out;
	}
	a.pop.path = argv[optind];
	if (a.sd.method == SD_STRATIFIED && !a.pop.strata_column) {
		err = ak_usage_error(me, "stratified sampling needs --strata COLUMN");
		goto out;
	}
	if ((a.sd.method == SD_MUS || a.sd.method == SD_CELL) && !a.pop.value_column) {
		err = ak_usage_error(me, "%s sampling needs --value COLUMN",
		                     sd_method_name(a.sd.method));
		goto out;
	}
	if (!have_n && !(a.sd.method == SD_STRATIFIED && a.sd.all_strata)) {
		err = ak_usage_error(me, "how many? give -n N");
		goto out;
	}
	if (a.sd.method != SD_STRATIFIED)
		a.pop.strata_column = NULL;
	if (a.sd.method != SD_MUS && a.sd.method != SD_CELL)
		a.pop.value_column = NULL;
	a.sd.strata_column = a.pop.strata_column;
	a.sd.value_column = a.pop.value_column;
	err = do_draw(&a);
out:
	draw_args_release(&a);
	return err;
}

static ak_err run_draw(int argc, char **argv) { return draw_or_interviewees(argc, argv, false); }

static ak_err run_interviewees(int argc, char **argv)
{
	return draw_or_interviewees(argc, argv, true);
}

/* ======================================================================
 * The words an option's value may be, for completion
 * ====================================================================== */

static const char *sd_name_i(int i) { return sd_method_name((enum sd_method)i); }
static const char *pop_name_i(int i) { return pop_format_name((enum pop_format)(i + POP_CSV)); }

/* size's and evaluate's */
static const char *values(const char *opt)
{
	static char methods[64], audits[80], fmts[16];

	if (strcmp(opt, "method") == 0)
		return ak_words(methods, sizeof methods, method_names, NULL, 0);
	if (strcmp(opt, "audit-type") == 0) {
		if (!audits[0]) {
			char a[48] = "", b[24] = "";
			ak_words(a, sizeof a, audit_names, NULL, 0);
			ak_words(b, sizeof b, initial_names, NULL, 0);
			snprintf(audits, sizeof audits, "%s %s", a, b);
		}
		return audits;
	}
	if (strcmp(opt, "format") == 0)
		return ak_words(fmts, sizeof fmts, text_json, NULL, 0);
	return NULL;
}

/* draw's and interviewees' */
static const char *draw_values(const char *opt)
{
	static char methods[64], pops[32];

	if (strcmp(opt, "method") == 0)
		return ak_words(methods, sizeof methods, NULL, sd_name_i, SD_CELL + 1);
	if (strcmp(opt, "input-format") == 0)
		return ak_words(pops, sizeof pops, NULL, pop_name_i, POP_JSONL - POP_CSV + 1);
	return NULL;
}
