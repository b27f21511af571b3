/* fetch_pages.c: the page loop between the transport, the snapshot and the
 * parsers. It owns nothing beyond one page at a time. */
#include "evidence/fetch_pages.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/msg.h"
#include "evidence/policy.h"
#include "evidence/review.h"
#include "evidence/sources.h"
#include "core/util.h"

#define MAX_PAGES 100000

/* One document, fetched or reused: its bytes and its manifest entry. */
struct got {
	struct fetch_response res;
	char *data; /* reused bytes (304 or offline); else res.body */
	size_t len;
	struct evidence_doc meta;
	char *name; /* for messages */
};

static void got_release(struct got *g)
{
	fetch_response_release(&g->res);
	free(g->data);
	free(g->meta.url);
	free(g->meta.requested);
	free(g->meta.link_next);
	free(g->name);
	memset(g, 0, sizeof *g);
}

static const char *got_bytes(const struct got *g, size_t *len)
{
	if (g->data) {
		*len = g->len;
		return g->data;
	}
	*len = g->res.body.len;
	return ak_buf_str(&g->res.body);
}

/* ======================================================================
 * What a response may be
 * ====================================================================== */

/* The media type of a Content-Type, lower case, without parameters. */
static void media_type(const char *ct, char *out, size_t size)
{
	size_t i = 0;

	while (*ct == ' ')
		ct++;
	for (; ct[i] && ct[i] != ';' && ct[i] != ' ' && i + 1 < size; i++)
		out[i] = (char)(('A' <= ct[i] && ct[i] <= 'Z') ? ct[i] - 'A' + 'a' : ct[i]);
	out[i] = '\0';
}

static bool one_of(const char *t, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(t, *list) == 0)
			return true;
	return false;
}

/* True when a document served as ct can be what format expects. Types
 * that say nothing (none, text/plain, application/octet-stream) may be
 * anything; a type that names another kind of document (an HTML sign-in
 * page in place of a JSON register or a Markdown policy) cannot. */
static bool type_fits(const char *format, const char *ct)
{
	static const char *const vague[] = {"text/plain", "application/octet-stream",
					    "binary/octet-stream", "application/unknown", NULL};
	static const char *const csv[] = {"text/csv", "application/csv", "text/x-csv",
					  "text/comma-separated-values", "text/tab-separated-values",
					  "application/vnd.ms-excel", NULL};
	static const char *const html[] = {"text/html", "application/xhtml+xml", NULL};
	static const char *const markdown[] = {"text/markdown", "text/x-markdown", NULL};
	static const char *const xml[] = {"application/xml", "text/xml", NULL};
	char t[128];
	size_t n;

	if (!ct || !*ct || !format)
		return true;
	media_type(ct, t, sizeof t);
	if (!*t || one_of(t, vague))
		return true;
	n = strlen(t);
	if (ak_streq(format, "csv"))
		return one_of(t, csv);
	if (ak_streq(format, "html"))
		return one_of(t, html);
	if (ak_streq(format, "markdown") || ak_streq(format, "text"))
		return one_of(t, markdown);
	/* JSON shapes, Confluence (whose storage format may come as XML) */
	if (strcmp(t, "application/json") == 0 || strcmp(t, "text/json") == 0 ||
	    (n > 5 && strcmp(t + n - 5, "+json") == 0))
		return true;
	return ak_streq(format, "confluence") && one_of(t, xml);
}

/* Fetch url (conditionally, when the previous snapshot has it).
 * Contract: g is filled in and must be released by the caller. */
static ak_err fetch_doc(struct collect *c, const char *role, const char *format, int page,
			const char *url, const struct fetch_source *s, const struct fetch_auth *auth,
			const char *accept, struct got *g)
{
	const struct evidence_doc *old;
	struct fetch_request req;
	ak_err err;

	memset(g, 0, sizeof *g);
	g->meta.url = fetch_url_display(url);
	if (!g->meta.url)
		return AK_ERR_NOMEM;
	old = evidence_find(c->prev, role, g->meta.url);
	memset(&req, 0, sizeof req);
	req.url = url;
	req.auth_origin = s->url;
	req.auth = auth;
	req.accept = accept;
	req.allow_hosts = (const char *const *)s->allow_hosts;
	req.nallow_hosts = s->nallow_hosts;
	if (old && old->status == 200) {
		req.if_none_match = old->etag;
		req.if_modified_since = old->last_modified;
	}
	if ((err = fetch_get(c->fs, &req, &g->res)) != AK_OK)
		return err;
	if (g->res.url && strcmp(g->res.url, url) != 0) {
		/* Redirected: record where the bytes came from, and what was asked. */
		g->meta.requested = g->meta.url;
		if (!(g->meta.url = fetch_url_display(g->res.url)))
			return AK_ERR_NOMEM;
	}
	if (g->res.status != 304 && !type_fits(format, g->res.content_type)) {
		char *shown = fetch_url_display(g->res.url ? g->res.url : url);
		ak_error("'%s' answered with the content type '%s', which cannot be %s in the "
			 "format '%s' (a sign-in or error page?)",
			 shown ? shown : "the source", g->res.content_type,
			 strcmp(role, "risks") == 0	 ? "a risk register"
			 : strcmp(role, "review") == 0 ? "management-review minutes"
						       : "a policy",
			 format);
		free(shown);
		return AK_ERR_SOURCE;
	}
	g->meta.role = (char *)role;
	g->meta.format = (char *)format;
	g->meta.page = page;
	g->meta.retrieved = g->res.retrieved;
	if (g->res.status == 304 && old) {
		/* Not modified: the bytes are those kept last time. */
		if ((err = evidence_load(c->prev, old, &g->data, &g->len)) != AK_OK)
			return err;
		g->meta.status = 304;
		g->meta.content_type = old->content_type;
		g->meta.etag = old->etag;
		g->meta.last_modified = old->last_modified;
		if (old->link_next && !(g->meta.link_next = ak_strdup(old->link_next)))
			return AK_ERR_NOMEM;
	} else {
		g->meta.status = g->res.status ? g->res.status : -1;
		g->meta.content_type = g->res.content_type;
		g->meta.etag = g->res.etag;
		g->meta.last_modified = g->res.last_modified;
		if (g->res.link_next && !(g->meta.link_next = fetch_url_display(g->res.link_next)))
			return AK_ERR_NOMEM;
	}
	g->name = fetch_url_display(g->res.url ? g->res.url : url);
	if (!g->name)
		return AK_ERR_NOMEM;
	return AK_OK;
}

/* Keep a fetched document's bytes in the snapshot being built. */
static ak_err keep_doc(struct collect *c, const struct got *g, const char *ext)
{
	size_t len;
	const char *bytes = got_bytes(g, &len);

	return evidence_add(c->out, &g->meta, ext, bytes, len);
}

/* Take a document from the previous snapshot and keep it in the new one. */
static ak_err reuse_doc(struct collect *c, const struct evidence_doc *old, struct got *g)
{
	const char *dot = strrchr(old->file, '.');
	ak_err err;

	memset(g, 0, sizeof *g);
	if ((err = evidence_load(c->prev, old, &g->data, &g->len)) != AK_OK)
		return err;
	g->name = ak_asprintf("%s/%s", c->prev->dir, old->file);
	if (!g->name)
		return AK_ERR_NOMEM;
	return evidence_add(c->out, old, dot ? dot + 1 : "bin", g->data, g->len);
}

static const char *risk_accept(const char *format)
{
	return ak_streq(format, "csv") ? "text/csv, text/plain;q=0.9, */*;q=0.5"
				       : "application/json";
}

/* ======================================================================
 * The register's pages, fetched on this thread and parsed on another.
 *
 * A page's link to the next one is read from as little of it as possible
 * (src_next_page), so the next request goes out while the page is hashed,
 * kept and parsed by a worker thread. Each page's messages are captured,
 * the fetch's and the link's here and the parse's on the worker, and
 * reported here in the order one thread would have printed them: the
 * fetch, then the parse, then the link. The first failure in that order is
 * the one reported; pages fetched ahead of it are dropped unreported, so
 * the output and the exit status are those of a loop doing one page at a
 * time. At most AHEAD pages are in hand at once.
 * ====================================================================== */

#define AHEAD 4

/* ---- the URLs a source's pages came from, to stop on a cycle ------------ */

struct url_set {
	char **slot; /* open addressing; NULL is empty */
	size_t cap, n;
};

static size_t url_hash(const char *u)
{
	unsigned long long h = 1469598103934665603ull; /* FNV-1a */

	for (; *u; u++)
		h = (h ^ (unsigned char)*u) * 1099511628211ull;
	return (size_t)h;
}

static int url_set_put(struct url_set *set, const char *url);

static void url_set_release(struct url_set *set)
{
	size_t i;

	for (i = 0; i < set->cap; i++)
		free(set->slot[i]);
	free(set->slot);
	memset(set, 0, sizeof *set);
}

/* Add url, without its #fragment (never sent, so "A#2" is A asked for
 * again): 1 when new, 0 when it was there already, -1 out of memory. */
static int url_set_add(struct url_set *set, const char *given)
{
	const char *hash = strchr(given, '#');
	char *url = hash ? ak_strndup(given, (size_t)(hash - given)) : (char *)given;
	int r;

	if (!url)
		return -1;
	r = url_set_put(set, url);
	if (url != given)
		free(url);
	return r;
}

static int url_set_put(struct url_set *set, const char *url)
{
	size_t i;

	if (2 * (set->n + 1) > set->cap) {
		struct url_set bigger = {NULL, set->cap ? 2 * set->cap : 64, 0};
		if (!(bigger.slot = calloc(bigger.cap, sizeof *bigger.slot)))
			return -1;
		for (i = 0; i < set->cap; i++)
			if (set->slot[i]) {
				size_t j = url_hash(set->slot[i]) & (bigger.cap - 1);
				while (bigger.slot[j])
					j = (j + 1) & (bigger.cap - 1);
				bigger.slot[j] = set->slot[i];
				bigger.n++;
			}
		free(set->slot);
		*set = bigger;
	}
	for (i = url_hash(url) & (set->cap - 1); set->slot[i]; i = (i + 1) & (set->cap - 1))
		if (strcmp(set->slot[i], url) == 0)
			return 0;
	if (!(set->slot[i] = ak_strdup(url)))
		return -1;
	set->n++;
	return 1;
}

struct job {
	struct got g;
	struct src_page p;
	char *url;                                   /* as requested */
	struct ak_msg_sink msg[3];                   /* fetch, parse, link */
	ak_err err[3];
	size_t items;                                /* risks in the list after this page */
	bool parsed;                                 /* the worker is done with it */
	struct job *link;
};

enum { J_FETCH, J_PARSE, J_NEXT };

struct pipeline {
	struct collect *c;
	const struct src_config *cfg;
	struct risk_list *out;
	const char *ext;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct job *head, *tail, *todo; /* oldest unreported, newest, oldest unparsed */
	size_t held;                    /* jobs in hand */
	bool closing, failed, threaded;
	pthread_t thread;
	struct job *fetching; /* the page being fetched, not yet handed over */
	struct url_set seen;  /* every URL a page was asked for or came from */
	ak_err early;         /* an earlier page failed while it was fetched */
};

static void job_free(struct job *j)
{
	got_release(&j->g);
	free(j->url);
	ak_msg_sink_release(&j->msg[0]);
	ak_msg_sink_release(&j->msg[1]);
	ak_msg_sink_release(&j->msg[2]);
	free(j);
}

/* Keep this thread's messages for one stage of j, until release(). */
static void capture(struct job *j, int stage) { ak_msg_capture(&j->msg[stage]); }

static void release(struct job *j, int stage)
{
	ak_msg_capture(NULL);
	ak_msg_sink_close(&j->msg[stage]);
}

/* The worker's part of a page: keep its bytes, parse its risks. After a
 * failure later pages are only marked done: one thread would have stopped. */
static void parse_job(struct pipeline *pl, struct job *j, bool skip)
{
	if (skip || j->err[J_FETCH]) {
		j->err[J_PARSE] = AK_ERR_INTERNAL; /* never reported: an earlier failure is */
		return;
	}
	capture(j, J_PARSE);
	j->err[J_PARSE] = keep_doc(pl->c, &j->g, pl->ext);
	if (!j->err[J_PARSE])
		j->err[J_PARSE] = src_parse_items(pl->cfg, &j->p, pl->out);
	j->items = pl->out->n;
	release(j, J_PARSE);
}

static void *worker(void *arg)
{
	struct pipeline *pl = arg;
	bool failed = false;

	pthread_mutex_lock(&pl->mu);
	for (;;) {
		struct job *j;
		while (!pl->todo && !pl->closing)
			pthread_cond_wait(&pl->cv, &pl->mu);
		if (!pl->todo)
			break;
		j = pl->todo;
		pl->todo = j->link;
		pthread_mutex_unlock(&pl->mu);
		parse_job(pl, j, failed);
		failed = failed || j->err[J_FETCH] || j->err[J_PARSE];
		pthread_mutex_lock(&pl->mu);
		j->parsed = true;
		pthread_cond_broadcast(&pl->cv);
	}
	pthread_mutex_unlock(&pl->mu);
	return NULL;
}

static void hand_over(struct pipeline *pl, struct job *j)
{
	pthread_mutex_lock(&pl->mu);
	if (pl->tail)
		pl->tail->link = j;
	else
		pl->head = j;
	pl->tail = j;
	if (!pl->todo)
		pl->todo = j;
	pl->held++;
	pthread_cond_broadcast(&pl->cv);
	pthread_mutex_unlock(&pl->mu);
	if (!pl->threaded) { /* no second thread: parse it now */
		parse_job(pl, j, pl->failed);
		pl->failed = pl->failed || j->err[J_FETCH] || j->err[J_PARSE];
		pl->todo = NULL;
		j->parsed = true;
	}
}

static void print(const struct job *j, int stage) { ak_msg_sink_print(&j->msg[stage]); }

/* Report the oldest page, waiting for the worker if need be: its
 * messages, then its error or its progress. */
static ak_err report_one(struct pipeline *pl)
{
	struct job *j;
	ak_err err = AK_OK;
	int stage;

	pthread_mutex_lock(&pl->mu);
	j = pl->head;
	while (!j->parsed)
		pthread_cond_wait(&pl->cv, &pl->mu);
	pl->head = j->link;
	if (!pl->head)
		pl->tail = NULL;
	pl->held--;
	pthread_mutex_unlock(&pl->mu);
	for (stage = J_FETCH; stage <= J_NEXT && !err; stage++) {
		print(j, stage);
		err = j->err[stage];
	}
	if (!err && pl->c->progress)
		pl->c->progress(pl->c->arg, "risks", j->p.number, j->items, false);
	job_free(j);
	return err;
}

/* Report every page whose parse is finished (wait: every page held). */
static ak_err report(struct pipeline *pl, bool wait)
{
	ak_err err = AK_OK;

	while (!err && pl->head) {
		bool ready;
		pthread_mutex_lock(&pl->mu);
		ready = pl->head->parsed;
		pthread_mutex_unlock(&pl->mu);
		if (!ready && !wait)
			break;
		err = report_one(pl);
	}
	return err;
}

/* Before a pause between retries of the page being fetched: report every
 * earlier page now (waiting for the worker, which is quicker than the
 * pause), then show this page's messages as they come, so the warning
 * about the wait is seen during it. If an earlier page failed, the loop
 * would never have asked for this one: end the request, quietly. */
static bool before_wait(void *arg)
{
	struct pipeline *pl = arg;
	struct job *j = pl->fetching;
	ak_err err = report(pl, true);

	if (err) {
		pl->early = err;
		return false;
	}
	ak_msg_capture(NULL);
	ak_msg_sink_close(&j->msg[J_FETCH]);
	print(j, J_FETCH);
	ak_msg_sink_release(&j->msg[J_FETCH]);
	return true;
}

/* Fetch one page and find the next; the messages go into j. */
static void fetch_job(struct pipeline *pl, struct job *j, int page, const struct fetch_source *s,
		      const struct fetch_auth *auth, char **next)
{
	const struct src_config *cfg = pl->cfg;
	size_t len;

	capture(j, J_FETCH);
	pl->fetching = j;
	j->p.number = page;
	if (page > MAX_PAGES) {
		ak_error("%s: more than %d pages; stopping", s->where, MAX_PAGES);
		j->err[J_FETCH] = AK_ERR_SOURCE;
	} else {
		j->err[J_FETCH] = fetch_doc(pl->c, "risks", cfg->format, page, j->url, s, auth,
					    risk_accept(cfg->format), &j->g);
	}
	if (!j->err[J_FETCH] && url_set_add(&pl->seen, j->url) < 0)
		j->err[J_FETCH] = AK_ERR_NOMEM;
	if (!j->err[J_FETCH] && j->g.res.url && strcmp(j->g.res.url, j->url) != 0) {
		/* Redirected: the page it landed on counts as fetched too. */
		int added = url_set_add(&pl->seen, j->g.res.url);
		if (added < 0) {
			j->err[J_FETCH] = AK_ERR_NOMEM;
		} else if (added == 0 && page > 1) {
			ak_error("%s: page %d was redirected to '%s', which was fetched already "
				 "in this run: the pages go round in a cycle",
				 s->where, page, j->g.name);
			j->err[J_FETCH] = AK_ERR_SOURCE;
		}
	}
	release(j, J_FETCH);
	pl->fetching = NULL;
	if (j->err[J_FETCH])
		return;
	j->p.data = got_bytes(&j->g, &len);
	j->p.len = len;
	j->p.name = j->g.name;
	j->p.url = j->g.res.url ? j->g.res.url : j->url;
	j->p.link_next = j->g.res.status == 304 ? j->g.meta.link_next : j->g.res.link_next;
	capture(j, J_NEXT);
	j->err[J_NEXT] = src_next_page(cfg, &j->p, next);
	if (!j->err[J_NEXT] && *next && strncmp(j->url, "file:", 5) == 0) {
		ak_warn("%s: '%s' names a next page; a file is read as one page", s->where, j->g.name);
		free(*next);
		*next = NULL;
	}
	if (!j->err[J_NEXT] && *next && strcmp(*next, j->url) == 0) {
		ak_error("%s: page %d names itself as the next page", s->where, page);
		j->err[J_NEXT] = AK_ERR_DATA;
	}
	if (!j->err[J_NEXT] && *next)
		j->err[J_NEXT] = fetch_url_link_check(s->url, j->p.url, *next,
						      (const char *const *)s->allow_hosts,
						      s->nallow_hosts, "names as its next page");
	if (!j->err[J_NEXT] && *next) {
		/* A -> B -> A would run to MAX_PAGES: every URL once per run. */
		int added = url_set_add(&pl->seen, *next);
		if (added < 0) {
			j->err[J_NEXT] = AK_ERR_NOMEM;
		} else if (added == 0) {
			char *shown = fetch_url_display(*next);
			ak_error("%s: page %d names as its next page '%s', which was fetched "
				 "already in this run: the pages go round in a cycle",
				 s->where, page, shown ? shown : *next);
			free(shown);
			j->err[J_NEXT] = AK_ERR_SOURCE;
		}
	}
	release(j, J_NEXT);
}

static ak_err pipeline_run(struct collect *c, const struct fetch_source *s,
			   const struct fetch_auth *auth, const struct src_config *cfg,
			   struct risk_list *out)
{
	struct pipeline pl;
	sigset_t all, old;
	char *url = src_first_url(cfg), *next = NULL;
	int page = 0;
	ak_err err = AK_OK;

	if (!url)
		return AK_ERR_NOMEM;
	memset(&pl, 0, sizeof pl);
	pl.c = c;
	pl.cfg = cfg;
	pl.out = out;
	pl.ext = src_raw_ext(cfg->format);
	pthread_mutex_init(&pl.mu, NULL);
	pthread_cond_init(&pl.cv, NULL);
	/* Signals stay with this thread, which is the one that cancels. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	pl.threaded = pthread_create(&pl.thread, NULL, worker, &pl) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	fetch_session_before_wait(c->fs, before_wait, &pl);

	while (url && !err) {
		struct job *j = calloc(1, sizeof *j);
		bool stop;
		if (!j) {
			err = AK_ERR_NOMEM;
			break;
		}
		j->url = url;
		url = NULL;
		fetch_job(&pl, j, ++page, s, auth, &next);
		if (pl.early) { /* reported in before_wait; this page never was */
			job_free(j);
			free(next);
			next = NULL;
			err = pl.early;
			break;
		}
		stop = j->err[J_FETCH] || j->err[J_NEXT];
		hand_over(&pl, j);
		url = stop ? NULL : next;
		if (stop)
			free(next);
		next = NULL;
		err = report(&pl, false);
		while (!err && pl.held >= AHEAD)
			err = report_one(&pl);
	}
	if (!err)
		err = report(&pl, true);
	/* After a failure: let the worker finish or skip what it holds. */
	pthread_mutex_lock(&pl.mu);
	pl.closing = true;
	pthread_cond_broadcast(&pl.cv);
	pthread_mutex_unlock(&pl.mu);
	if (pl.threaded)
		pthread_join(pl.thread, NULL);
	while (pl.head) {
		struct job *j = pl.head;
		pl.head = j->link;
		job_free(j);
	}
	fetch_session_before_wait(c->fs, NULL, NULL);
	url_set_release(&pl.seen);
	pthread_cond_destroy(&pl.cv);
	pthread_mutex_destroy(&pl.mu);
	free(url);
	return err;
}

ak_err collect_risks(struct collect *c, const struct fetch_source *s,
		     const struct fetch_auth *auth, struct risk_list *out)
{
	struct src_config cfg;
	struct got g;
	char *url = NULL, *next = NULL;
	int page = 0;
	size_t i;
	ak_err err = AK_OK;

	memset(&g, 0, sizeof g);
	if (c->offline) {
		bool any = false;
		for (i = 0; c->prev && i < c->prev->n; i++) {
			const struct evidence_doc *d = &c->prev->docs[i];
			struct src_page p;
			if (!ak_streq(d->role, "risks"))
				continue;
			any = true;
			if (s && s->set)
				fetch_source_to_src(s, &cfg);
			else
				memset(&cfg, 0, sizeof cfg);
			if (!cfg.format)
				cfg.format = d->format;
			if (!src_known(cfg.format)) {
				ak_error("the snapshot's register is in the unknown format '%s'",
					 cfg.format);
				return AK_ERR_DATA;
			}
			if ((err = reuse_doc(c, d, &g)) != AK_OK)
				goto out;
			p.data = g.data;
			p.len = g.len;
			p.name = g.name;
			p.url = d->url;
			p.link_next = d->link_next;
			p.number = d->page;
			err = src_parse_page(&cfg, &p, out, &next);
			free(next);
			next = NULL;
			got_release(&g);
			if (err)
				goto out;
			if (c->progress)
				c->progress(c->arg, "risks", d->page, out->n, false);
		}
		if (!any) {
			ak_error("the snapshot '%s' holds no risk register", c->prev->dir);
			return AK_ERR_DATA;
		}
		goto out;
	}

	fetch_source_to_src(s, &cfg);
	err = pipeline_run(c, s, auth, &cfg, out);
out:
	if (c->progress)
		c->progress(c->arg, "risks", page, out->n, true);
	got_release(&g);
	free(url);
	free(next);
	return err;
}

static const char *policy_accept(const char *format)
{
	if (ak_streq(format, "html"))
		return "text/html, application/xhtml+xml;q=0.9, */*;q=0.5";
	if (ak_streq(format, "confluence"))
		return "application/json";
	return "text/markdown, text/plain;q=0.9, */*;q=0.5";
}

/* Confluence pages carry their body only when asked for it. */
static char *policy_url(const struct fetch_source *s)
{
	const char *v2[1] = {"body-format=storage"};
	const char *v1[1] = {"expand=body.storage,version"};

	if (!ak_streq(s->format, "confluence") || strncmp(s->url, "file:", 5) == 0)
		return ak_strdup(s->url);
	if (strstr(s->url, "/api/v2/"))
		return src_url_add_params(s->url, v2, 1);
	return src_url_add_params(s->url, v1, 1);
}

ak_err collect_policy(struct collect *c, const struct fetch_source *s,
		      const struct fetch_auth *auth, char **text, char **title)
{
	const char *format = s && s->format ? s->format : NULL;
	struct got g;
	const char *bytes;
	char *url = NULL;
	size_t len, i;
	ak_err err;

	*text = *title = NULL;
	memset(&g, 0, sizeof g);
	if (c->offline) {
		const struct evidence_doc *d = NULL;
		for (i = 0; c->prev && i < c->prev->n && !d; i++)
			if (ak_streq(c->prev->docs[i].role, "policy"))
				d = &c->prev->docs[i];
		if (!d) {
			ak_error("the snapshot '%s' holds no policy", c->prev->dir);
			return AK_ERR_DATA;
		}
		if (!format)
			format = d->format;
		if (!policy_format_known(format)) {
			ak_error("the snapshot's policy is in the unknown format '%s'", format);
			return AK_ERR_DATA;
		}
		if ((err = reuse_doc(c, d, &g)) != AK_OK)
			goto out;
	} else {
		if (!(url = policy_url(s)))
			return AK_ERR_NOMEM;
		if ((err = fetch_doc(c, "policy", format, 1, url, s, auth, policy_accept(format),
				     &g)) != AK_OK ||
		    (err = keep_doc(c, &g, policy_raw_ext(format))) != AK_OK)
			goto out;
	}
	bytes = got_bytes(&g, &len);
	err = policy_to_text(format, bytes, len, g.name, text, title);
out:
	got_release(&g);
	free(url);
	return err;
}

ak_err collect_review(struct collect *c, const struct fetch_source *s,
		      const struct fetch_auth *auth, struct review_facts *out)
{
	const char *format = s && s->format ? s->format : NULL;
	struct ak_diags d = AK_DIAGS_INIT;
	struct got g;
	const char *bytes;
	char *url = NULL;
	size_t len, i;
	ak_err err;

	memset(out, 0, sizeof *out);
	memset(&g, 0, sizeof g);
	if (c->offline) {
		const struct evidence_doc *doc = NULL;
		for (i = 0; c->prev && i < c->prev->n && !doc; i++)
			if (ak_streq(c->prev->docs[i].role, "review"))
				doc = &c->prev->docs[i];
		if (!doc) {
			ak_error("the snapshot '%s' holds no management review", c->prev->dir);
			return AK_ERR_DATA;
		}
		if (!format)
			format = doc->format;
		if (!review_format_known(format)) {
			ak_error("the snapshot's management review is in the unknown format '%s'",
				 format);
			return AK_ERR_DATA;
		}
		if ((err = reuse_doc(c, doc, &g)) != AK_OK)
			goto out;
	} else {
		if (!(url = policy_url(s))) /* Confluence asks for the body the same way */
			return AK_ERR_NOMEM;
		if ((err = fetch_doc(c, "review", format, 1, url, s, auth, policy_accept(format),
				     &g)) != AK_OK)
			goto out;
		bytes = got_bytes(&g, &len);
		if ((err = keep_doc(c, &g, review_raw_ext(format, bytes, len))) != AK_OK)
			goto out;
	}
	bytes = got_bytes(&g, &len);
	err = review_parse(format, bytes, len, g.name, out, &d);
	ak_diags_print(&d);
	if (!err && d.oom)
		err = AK_ERR_NOMEM;
out:
	ak_diags_release(&d);
	got_release(&g);
	free(url);
	return err;
}
