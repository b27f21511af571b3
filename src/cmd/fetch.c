/* cmd/fetch.c: `auditkit fetch`: the policy, the risk register and the
 * management-review minutes from where the organisation keeps them into an
 * evidence snapshot. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "evidence/fetch_pages.h"
#include "evidence/snapshot.h"
#include "evidence/fetch.h"
#include "evidence/fetch_config.h"
#include "core/msg.h"
#include "evidence/policy.h"
#include "evidence/review.h"
#include "evidence/risk.h"
#include "evidence/sources.h"
#include "core/util.h"

static const char usage[] =
	"usage: auditkit fetch [--audit FILE] [--policy URL] [--risks URL] [OPTIONS]\n"
	"\n"
	"Fetch the policy, the risk register and the management-review minutes into\n"
	"an evidence snapshot: DIR/raw/ (the documents as received), DIR/manifest.json\n"
	"(URL, time, status, type, ETag, size and SHA-256 of each), DIR/facts.json\n"
	"and DIR/policy.txt.\n"
	"\n"
	"      --audit FILE        read the organisation and the sources from FILE\n"
	"                          (default: audit.json here, if no --policy, --risks\n"
	"                          or --review)\n"
	"      --policy URL        the policy: an https, http or file URL, or a path\n"
	"      --policy-format F   text, markdown, html or confluence\n"
	"      --risks URL         the risk register\n"
	"      --risks-format F    csv, json, ciso-assistant, jira, servicenow or\n"
	"                          simplerisk\n"
	"      --review URL        the minutes of the last management review\n"
	"      --review-format F   markdown, text, html or confluence\n"
	"  -o, --output DIR        the snapshot folder (default: evidence)\n"
	"      --offline           rebuild DIR/facts.json from the documents in DIR,\n"
	"                          without the network\n"
	"      --cacert FILE       trust the CA certificates in FILE (a private CA)\n"
	"      --connect-timeout S seconds to connect (default 10)\n"
	"      --timeout S         seconds for each request (default 60)\n"
	"      --retries N         retries of a request on 429, 5xx or a dropped\n"
	"                          connection (default 3)\n"
	"      --max-size BYTES    the largest response accepted (default 64M; K, M, G)\n"
	"      --allow-env NAME    read the credential variable NAME, whose name does\n"
	"                          not start with AUDITKIT_ (repeat for more)\n"
	"      --allow-host HOST   let redirects and next pages go to HOST too\n"
	"                          (repeat for more)\n"
	"      --insecure-http-credentials\n"
	"                          send credentials to an http:// source (in clear\n"
	"                          text: anyone on the way can read them)\n"
	"  -q, --quiet             nothing on standard error but errors (no summary)\n"
	"  -v, --verbose           say which URL is fetched, page by page\n"
	"  -h, --help              this help\n"
	"\n"
	"Credentials come only from the environment variables that audit.json's\n"
	"auth sections name (AUDITKIT_..., or confirmed with --allow-env), and go\n"
	"only over https. Links are followed on the source's host and scheme, never\n"
	"from https down to http. facts.local.json in DIR (additions by hand) is\n"
	"kept; anything else fetch did not write stops a refresh. A refresh of an\n"
	"existing snapshot sends conditional requests; a failed one leaves the\n"
	"snapshot as it was.\n"
	"\n"
	"exit codes: 0 done, 2 usage (or a credential variable not set), 3 bad\n"
	"data, 4 a source or the network failed, 5 the snapshot cannot be written\n";

static ak_err run(int argc, char **argv);
static const char *values(const char *opt);

enum {
	OPT_POLICY = 256,
	OPT_POLICY_FORMAT,
	OPT_RISKS,
	OPT_RISKS_FORMAT,
	OPT_AUDIT,
	OPT_OFFLINE,
	OPT_CACERT,
	OPT_CONNECT_TIMEOUT,
	OPT_TIMEOUT,
	OPT_RETRIES,
	OPT_MAX_SIZE,
	OPT_REVIEW,
	OPT_REVIEW_FORMAT,
	OPT_ALLOW_ENV,
	OPT_ALLOW_HOST,
	OPT_INSECURE_HTTP_CREDENTIALS,
};

static const struct option longopts[] = {
	{"audit", required_argument, NULL, OPT_AUDIT},
	{"policy", required_argument, NULL, OPT_POLICY},
	{"policy-format", required_argument, NULL, OPT_POLICY_FORMAT},
	{"risks", required_argument, NULL, OPT_RISKS},
	{"risks-format", required_argument, NULL, OPT_RISKS_FORMAT},
	{"review", required_argument, NULL, OPT_REVIEW},
	{"review-format", required_argument, NULL, OPT_REVIEW_FORMAT},
	{"output", required_argument, NULL, 'o'},
	{"offline", no_argument, NULL, OPT_OFFLINE},
	{"cacert", required_argument, NULL, OPT_CACERT},
	{"connect-timeout", required_argument, NULL, OPT_CONNECT_TIMEOUT},
	{"timeout", required_argument, NULL, OPT_TIMEOUT},
	{"retries", required_argument, NULL, OPT_RETRIES},
	{"max-size", required_argument, NULL, OPT_MAX_SIZE},
	{"allow-env", required_argument, NULL, OPT_ALLOW_ENV},
	{"allow-host", required_argument, NULL, OPT_ALLOW_HOST},
	{"insecure-http-credentials", no_argument, NULL, OPT_INSECURE_HTTP_CREDENTIALS},
	{"out", required_argument, NULL, 'o'}, /* the old spelling, last */
	AK_OPTS_COMMON,
};

static const struct ak_deprecated deprecated[] = {
	{"--out", "--output", NULL, false},
	{NULL, NULL, NULL, false},
};

const struct ak_cmd ak_cmd_fetch = {
	.name = "fetch",
	.summary = "fetch the policy and risk register into an evidence snapshot",
	.usage = usage,
	.run = run,
	.shortopts = ":o:qvh",
	.longopts = longopts,
	.deprecated = deprecated,
	.values = values,
};

/* "csv json ..." from the modules' own "csv, json, ..." */
static const char *spaced(char *buf, size_t size, const char *list)
{
	size_t i, j = 0;

	if (buf[0])
		return buf;
	for (i = 0; list[i] && j + 1 < size; i++)
		if (list[i] != ',')
			buf[j++] = list[i];
	buf[j] = '\0';
	return buf;
}

static const char *values(const char *opt)
{
	static char risks[160], policy[80], review[80];

	if (strcmp(opt, "risks-format") == 0)
		return spaced(risks, sizeof risks, src_names());
	if (strcmp(opt, "policy-format") == 0)
		return spaced(policy, sizeof policy, policy_formats());
	if (strcmp(opt, "review-format") == 0)
		return spaced(review, sizeof review, review_formats());
	return NULL;
}

struct args {
	const char *audit, *policy, *policy_format, *risks, *risks_format, *out;
	const char *review, *review_format;
	bool offline;
	struct fetch_opts fo;
#define MAX_ALLOWED 32
	const char *allow_env[MAX_ALLOWED], *allow_host[MAX_ALLOWED];
	size_t nallow_env, nallow_host;
};

/* "64M", "500K", "1048576" */
static bool parse_size(const char *s, unsigned long long *out)
{
	char *end;
	unsigned long long v;

	if (!s || !*s || *s == '-')
		return false;
	v = strtoull(s, &end, 10);
	if (end == s)
		return false;
	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	default: break;
	}
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end || v == 0)
		return false;
	*out = v;
	return true;
}

/* AK_OK, or -1 after --help, or a usage error. */
static ak_err parse_args(int argc, char **argv, struct args *a)
{
	const struct ak_cmd *me = &ak_cmd_fetch;
	struct ak_opt p;
	long v;
	int c;

	memset(a, 0, sizeof *a);
	a->out = "evidence";
	a->fo.retries = -1;
	ak_opt_init(&p, me, argc, argv);
	while ((c = ak_opt_next(&p)) > 0) {
		switch (c) {
		case OPT_AUDIT: a->audit = optarg; break;
		case OPT_POLICY: a->policy = optarg; break;
		case OPT_POLICY_FORMAT: a->policy_format = optarg; break;
		case OPT_RISKS: a->risks = optarg; break;
		case OPT_RISKS_FORMAT: a->risks_format = optarg; break;
		case OPT_REVIEW: a->review = optarg; break;
		case OPT_REVIEW_FORMAT: a->review_format = optarg; break;
		case 'o': a->out = optarg; break;
		case OPT_OFFLINE: a->offline = true; break;
		case OPT_CACERT: a->fo.cacert = optarg; break;
		case OPT_CONNECT_TIMEOUT:
		case OPT_TIMEOUT:
			if (!ak_parse_long(optarg, 1, 86400, &v))
				return ak_usage_error(me, "'%s' is not a number of seconds", optarg);
			if (c == OPT_TIMEOUT)
				a->fo.timeout_ms = v * 1000;
			else
				a->fo.connect_timeout_ms = v * 1000;
			break;
		case OPT_RETRIES:
			if (!ak_parse_long(optarg, 0, 10, &v))
				return ak_usage_error(me, "--retries takes 0 to 10, not '%s'", optarg);
			a->fo.retries = (int)v;
			break;
		case OPT_ALLOW_ENV:
		case OPT_ALLOW_HOST: {
			bool env = c == OPT_ALLOW_ENV;
			size_t *n = env ? &a->nallow_env : &a->nallow_host;
			const char *q;
			if (!*optarg)
				return ak_usage_error(me, "--allow-%s needs a name", env ? "env" : "host");
			for (q = optarg; *q; q++)
				if (env ? !(('A' <= *q && *q <= 'Z') || ('a' <= *q && *q <= 'z') ||
					    ('0' <= *q && *q <= '9') || *q == '_')
					: (*q == '/' || *q == ':' || *q == '@' || *q == ' '))
					return ak_usage_error(me, "'%s' is not %s", optarg,
							      env ? "an environment variable's name"
								  : "a host name");
			if (*n >= MAX_ALLOWED)
				return ak_usage_error(me, "at most %d --allow-%s", MAX_ALLOWED,
						      env ? "env" : "host");
			(env ? a->allow_env : a->allow_host)[(*n)++] = optarg;
			break;
		}
		case OPT_INSECURE_HTTP_CREDENTIALS: a->fo.insecure_http_credentials = true; break;
		case OPT_MAX_SIZE:
			if (!parse_size(optarg, &a->fo.max_size))
				return ak_usage_error(me, "'%s' is not a size (such as 64M)", optarg);
			break;
		default:
			return ak_usage_error(me, "unknown option '%s'", p.spelling);
		}
	}
	if (c < 0)
		return p.err == AK_OK ? (ak_err)-1 : p.err;
	if (optind < argc)
		return ak_usage_error(me, "unexpected argument '%s'", argv[optind]);
	if (!*a->out)
		return ak_usage_error(me, "--output needs a folder");
	return AK_OK;
}

/* ---- progress and signals ----------------------------------------------- */

struct progress {
	bool tty;
};

static void on_progress(void *arg, const char *role, int page, size_t items, bool done)
{
	struct progress *p = arg;

	if (!p->tty) {
		if (!done)
			ak_verbosef("%s: page %d read, %zu risks so far", role, page, items);
		return;
	}
	if (done)
		ak_progress_end();
	else
		ak_progress("fetching %s: page %d, %zu risks", role, page, items);
}

/* The first signal cancels the run, which then removes its temporary
 * snapshot and says so; a second one while that runs (SIGINT, then
 * SIGTERM) must not cut the clean-up short and leave '.EV.tmp-*' behind,
 * so only a third stops at once. Every signal that ends the process is
 * taken (ak_tmp_signal_set), not only SIGINT, SIGTERM and SIGHUP: the
 * plain handler could only remove the empty folders. */
static volatile sig_atomic_t signals_seen;

static void on_signal(int sig)
{
	if (++signals_seen >= 3) {
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	fetch_cancel();
}

struct saved_signals {
	struct sigaction old[_NSIG];
	bool taken[_NSIG];
};

static void catch_signals(struct saved_signals *saved)
{
	struct sigaction sa;
	sigset_t set;
	int s;

	memset(saved, 0, sizeof *saved);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	ak_tmp_signal_set(&set);
	sa.sa_mask = set;
	for (s = 1; s < _NSIG; s++) {
		if (sigismember(&set, s) != 1 || sigaction(s, NULL, &saved->old[s]) != 0 ||
		    saved->old[s].sa_handler == SIG_IGN) /* nohup's SIGHUP stays ignored */
			continue;
		saved->taken[s] = sigaction(s, &sa, NULL) == 0;
	}
}

static void restore_signals(const struct saved_signals *saved)
{
	int s;

	for (s = 1; s < _NSIG; s++)
		if (saved->taken[s])
			sigaction(s, &saved->old[s], NULL);
}

/* ---- the command ------------------------------------------------------------ */

/* Before anything is fetched: a credential goes over https, or over plain
 * http when the user said so, with a warning, and then never through a
 * proxy that is not https (evidence/fetch.c checks each request again). */
static ak_err credential_may_go(const struct args *a, const struct fetch_source *s)
{
	const char *var = NULL;
	char *host, *proxy;
	ak_err err = AK_OK;

	if (s->auth.kind == FETCH_AUTH_NONE || !fetch_url_scheme_is(s->url, "http"))
		return AK_OK;
	host = fetch_url_host(s->url);
	if (!a->fo.insecure_http_credentials) {
		ak_error("%s: not sending a credential to '%s' over plain http, where anyone on the "
			 "way can read it: use an https URL (or, knowingly, "
			 "--insecure-http-credentials)",
			 s->where, host ? host : s->where);
		free(host);
		return AK_ERR_USAGE;
	}
	proxy = fetch_url_proxy(s->url, &var);
	if (proxy && !fetch_url_scheme_is(proxy, "https")) {
		ak_error("%s: not sending the credential for '%s' through the proxy named by %s, "
			 "which is not https and would read it in clear text: use an https proxy, "
			 "or name the host in no_proxy",
			 s->where, host ? host : s->where, var);
		err = AK_ERR_USAGE;
	} else {
		ak_warn("%s: sending the credential to '%s' over plain http "
			"(--insecure-http-credentials): anyone on the way can read it",
			s->where, host ? host : s->where);
	}
	free(proxy);
	free(host);
	return err;
}

static ak_err configure(const struct args *a, struct fetch_config *cfg)
{
	const char *audit = a->audit;
	ak_err err;

	if (!audit && !a->policy && !a->risks && !a->review && access("audit.json", F_OK) == 0)
		audit = "audit.json";
	if (audit) {
		struct ak_audit_fields f = {NULL, NULL, NULL, 0, NULL, 0};
		ak_verbosef("the organisation and the sources: '%s'", audit);
		if ((err = fetch_config_read(audit, cfg)) != AK_OK)
			return err;
		f.organisation = cfg->organisation;
		f.scope = cfg->scope;
		ak_audit_placeholders(audit, &f);
	}
	if (a->policy && (err = fetch_source_set_url(&cfg->policy, "--policy", a->policy)) != AK_OK)
		return err;
	if (a->risks && (err = fetch_source_set_url(&cfg->risks, "--risks", a->risks)) != AK_OK)
		return err;
	if (a->policy_format &&
	    (err = fetch_source_set_format(&cfg->policy, a->policy_format, false)) != AK_OK)
		return err;
	if (a->risks_format &&
	    (err = fetch_source_set_format(&cfg->risks, a->risks_format, true)) != AK_OK)
		return err;
	if (a->review && (err = fetch_source_set_url(&cfg->review, "--review", a->review)) != AK_OK)
		return err;
	if (a->review_format && (err = fetch_source_set_format_of(&cfg->review, a->review_format,
								    FETCH_REVIEW)) != AK_OK)
		return err;
	if (a->offline)
		return AK_OK;
	if (!cfg->policy.set && !cfg->risks.set && !cfg->review.set)
		return ak_usage_error(&ak_cmd_fetch, "nothing to fetch: give --policy, --risks or "
						     "--review, or an audit.json with sources");
	if (cfg->policy.set && (err = fetch_source_default_format(&cfg->policy, false)) != AK_OK)
		return err;
	if (cfg->risks.set && (err = fetch_source_default_format(&cfg->risks, true)) != AK_OK)
		return err;
	if (cfg->review.set &&
	    (err = fetch_source_default_format_of(&cfg->review, FETCH_REVIEW)) != AK_OK)
		return err;
	{
		struct fetch_source *all[3] = {&cfg->policy, &cfg->risks, &cfg->review};
		size_t i, k;
		for (i = 0; i < 3; i++) {
			if (!all[i]->set)
				continue;
			for (k = 0; k < a->nallow_host; k++)
				if (!fetch_source_allow_host(all[i], a->allow_host[k]))
					return AK_ERR_NOMEM;
			if ((err = credential_may_go(a, all[i])) != AK_OK)
				return err;
		}
	}
	return AK_OK;
}

/* -v: where a document comes from. The URL of each further page is
 * evidence/fetch_pages.c's to say, with ak_verbosef (core/msg.h). */
static void say_source(const char *what, const struct fetch_source *s, bool offline)
{
	char *shown;

	if (!ak_verbose())
		return;
	if (offline || !s->set) {
		ak_verbosef("%s: from the snapshot's raw/ documents, offline", what);
		return;
	}
	shown = fetch_url_display(s->url); /* never a credential */
	ak_verbosef("fetching %s from %s (%s%s)", what, shown ? shown : "its URL",
		    s->format ? s->format : "format to be found",
		    s->auth.kind != FETCH_AUTH_NONE ? ", credentials from the environment" : "");
	free(shown);
}

static bool snapshot_has(const struct evidence_snapshot *s, const char *role)
{
	size_t i;

	for (i = 0; s && i < s->n; i++)
		if (ak_streq(s->docs[i].role, role))
			return true;
	return false;
}

static void summary(const struct args *a, const struct policy_facts *pf, bool have_policy,
		    const struct risk_list *risks, bool have_risks, const struct review_facts *rf,
		    const char *missing)
{
	if (have_policy)
		ak_note("policy: '%s'%s%s%s", pf->title ? pf->title : "(no title found)",
			pf->version ? " version " : "", pf->version ? pf->version : "",
			pf->approved ? "" : ", approval date not found");
	if (have_risks)
		ak_note("risk register: %zu risks%s%s", risks->n, risks->n ? ", top: " : "",
			risks->n ? risks->v[0].id : "");
	if (rf)
		ak_note("management review: %s, %zu present, %zu apologies, %zu decisions",
			rf->date ? rf->date : "date not found", rf->nattendees, rf->napologies,
			rf->ndecisions);
	if (*missing)
		ak_note("not found, to add by hand: %s (in '%s/%s', which a refresh keeps)",
			missing, a->out, EVIDENCE_LOCAL_FACTS);
	ak_note("wrote the evidence snapshot '%s'", a->out);
}

static ak_err run(int argc, char **argv)
{
	struct args a;
	struct fetch_config cfg;
	struct evidence_snapshot *prev = NULL;
	struct evidence_builder *b = NULL;
	struct fetch_session *fs = NULL;
	struct fetch_auth pauth = {FETCH_AUTH_NONE, NULL, NULL}, rauth = {FETCH_AUTH_NONE, NULL, NULL};
	struct fetch_auth vauth = {FETCH_AUTH_NONE, NULL, NULL};
	struct review_facts rf;
	bool have_review;
	struct policy_facts pf;
	struct risk_list risks;
	struct progress prog = {false};
	struct saved_signals sigs;
	struct collect col;
	bool have_policy, have_risks, signals = false;
	char *text = NULL, *title = NULL, *facts = NULL, *missing = NULL;
	ak_err err;

	fetch_config_init(&cfg);
	memset(&pf, 0, sizeof pf);
	memset(&rf, 0, sizeof rf);
	risk_list_init(&risks);
	err = parse_args(argc, argv, &a);
	if (err == (ak_err)-1)
		return AK_OK;
	if (err)
		return err;
	if ((err = configure(&a, &cfg)) != AK_OK)
		goto out;
	err = evidence_read(a.out, &prev);
	if (err == AK_ERR_INPUT) /* --output is where we write: a path we cannot use */
		err = AK_ERR_OUTPUT;
	if (err == AK_ERR_DATA) {
		ak_error("not replacing '%s': choose an --output folder that is new, empty or an "
			 "earlier snapshot",
			 a.out);
		err = AK_ERR_OUTPUT;
		goto out;
	}
	if (err)
		goto out;
	if (a.offline) {
		if (!prev) {
			ak_error("there is no snapshot in '%s' to work from offline", a.out);
			err = AK_ERR_INPUT;
			goto out;
		}
		have_policy = snapshot_has(prev, "policy");
		have_risks = snapshot_has(prev, "risks");
		have_review = snapshot_has(prev, "review");
	} else {
		have_policy = cfg.policy.set;
		have_risks = cfg.risks.set;
		have_review = cfg.review.set;
		if (have_review &&
		    (err = fetch_auth_load(&cfg.review.auth, cfg.review.where, a.allow_env,
					   a.nallow_env, &vauth)) != AK_OK)
			goto out;
		if (have_policy && (err = fetch_auth_load(&cfg.policy.auth, cfg.policy.where,
							  a.allow_env, a.nallow_env, &pauth)) != AK_OK)
			goto out;
		if (have_risks &&
		    (err = fetch_auth_load(&cfg.risks.auth, cfg.risks.where, a.allow_env,
					   a.nallow_env, &rauth)) != AK_OK)
			goto out;
		if ((err = fetch_session_new(&a.fo, &fs)) != AK_OK)
			goto out;
	}
	/* From here a signal cancels the run, which then cleans up after itself
	 * and says so; caught before the temporary snapshot exists, so that no
	 * signal finds it under the plain handler (which could only remove it). */
	catch_signals(&sigs);
	signals = true;
	if ((err = evidence_begin(a.out, &b)) != AK_OK)
		goto out;
	prog.tty = isatty(STDERR_FILENO) && ak_msg_level() >= AK_NORMAL;
	col.fs = fs;
	col.prev = prev;
	col.out = b;
	col.offline = a.offline;
	col.progress = on_progress;
	col.arg = &prog;

	if (prev)
		ak_verbosef("'%s' holds a snapshot: a refresh, with conditional requests",
			    a.out);
	if (have_policy) {
		say_source("the policy", &cfg.policy, a.offline);
		if ((err = collect_policy(&col, &cfg.policy, &pauth, &text, &title)) != AK_OK ||
		    (err = policy_extract(text, title, &pf)) != AK_OK ||
		    (err = evidence_put(b, "policy.txt", text, strlen(text))) != AK_OK)
			goto out;
	}
	if (have_risks) {
		say_source("the risk register", &cfg.risks, a.offline);
		if ((err = collect_risks(&col, &cfg.risks, &rauth, &risks)) != AK_OK)
			goto out;
		{
			/* two rows with one id: which is the risk? */
			size_t d1, d2;
			bool oom;
			if (risk_list_duplicate(&risks, &d1, &d2, &oom)) {
				ak_error("the risk register gives the id '%s' twice: %s and %s",
					 risks.v[d1].id, risks.v[d1].where ? risks.v[d1].where : "?",
					 risks.v[d2].where ? risks.v[d2].where : "?");
				err = AK_ERR_DATA;
				goto out;
			}
			if (oom) {
				err = AK_ERR_NOMEM;
				goto out;
			}
		}
		risk_list_finish(&risks);
	}
	if (have_review) {
		say_source("the management review", &cfg.review, a.offline);
		if ((err = collect_review(&col, &cfg.review, &vauth, &rf)) != AK_OK)
			goto out;
	}
	{
		struct evidence_facts_in in = {.org_name = cfg.organisation,
					       .org_scope = cfg.scope,
					       .policy = have_policy ? &pf : NULL,
					       .risks = have_risks ? &risks : NULL};
		in.review = have_review ? &rf : NULL;
		facts = evidence_facts_json(&in, &missing);
		if (!facts) {
			err = AK_ERR_NOMEM;
			goto out;
		}
	}
	if ((err = evidence_put(b, "facts.json", facts, strlen(facts))) != AK_OK)
		goto out;
	if (fetch_cancelled()) {
		err = AK_ERR_INTERRUPTED;
		goto out;
	}
	err = evidence_commit(b);
	b = NULL;
	if (!err)
		summary(&a, &pf, have_policy, &risks, have_risks, have_review ? &rf : NULL, missing);
out:
	if (err == AK_ERR_INTERRUPTED)
		ak_error("interrupted; '%s' is as it was", a.out);
	else if (err && b && prev)
		ak_note("the snapshot '%s' is unchanged", a.out);
	evidence_abort(b);
	if (signals)
		restore_signals(&sigs);
	fetch_session_free(fs);
	fetch_auth_release(&pauth);
	fetch_auth_release(&rauth);
	fetch_auth_release(&vauth);
	review_facts_release(&rf);
	evidence_snapshot_free(prev);
	policy_facts_release(&pf);
	risk_list_release(&risks);
	fetch_config_release(&cfg);
	free(text);
	free(title);
	free(facts);
	free(missing);
	return err;
}
