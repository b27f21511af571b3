/* collect.c: the page loop between the transport, the snapshot and the
 * parsers. It owns nothing beyond one page at a time. */
#include "collect.h"

#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "policy.h"
#include "sources.h"
#include "util.h"

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

/* Fetch url (conditionally, when the previous snapshot has it) and keep it.
 * Contract: g is filled in and must be released by the caller. */
static ak_err fetch_doc(struct collect *c, const char *role, const char *format, int page,
			const char *url, const struct fetch_source *s, const struct fetch_auth *auth,
			const char *accept, const char *ext, struct got *g)
{
	const struct evidence_doc *old;
	struct fetch_request req;
	size_t len;
	const char *bytes;
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
	if (old && old->status == 200) {
		req.if_none_match = old->etag;
		req.if_modified_since = old->last_modified;
	}
	if ((err = fetch_get(c->fs, &req, &g->res)) != AK_OK)
		return err;
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
	bytes = got_bytes(g, &len);
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
	url = src_first_url(&cfg);
	if (!url)
		return AK_ERR_NOMEM;
	while (url) {
		struct src_page p;
		size_t len;

		if (++page > MAX_PAGES) {
			ak_error("%s: more than %d pages; stopping", s->where, MAX_PAGES);
			err = AK_ERR_SOURCE;
			goto out;
		}
		if ((err = fetch_doc(c, "risks", cfg.format, page, url, s, auth,
				     risk_accept(cfg.format), src_raw_ext(cfg.format), &g)) != AK_OK)
			goto out;
		p.data = got_bytes(&g, &len);
		p.len = len;
		p.name = g.name;
		p.url = g.res.url ? g.res.url : url;
		p.link_next = g.res.status == 304 ? g.meta.link_next : g.res.link_next;
		p.number = page;
		if ((err = src_parse_page(&cfg, &p, out, &next)) != AK_OK)
			goto out;
		if (c->progress)
			c->progress(c->arg, "risks", page, out->n, false);
		if (next && strncmp(url, "file:", 5) == 0) {
			ak_warn("%s: '%s' names a next page; a file is read as one page", s->where,
				g.name);
			free(next);
			next = NULL;
		}
		if (next && strcmp(next, url) == 0) {
			ak_error("%s: page %d names itself as the next page", s->where, page);
			err = AK_ERR_DATA;
			goto out;
		}
		got_release(&g);
		free(url);
		url = next;
		next = NULL;
	}
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
				     policy_raw_ext(format), &g)) != AK_OK)
			goto out;
	}
	bytes = got_bytes(&g, &len);
	err = policy_to_text(format, bytes, len, g.name, text, title);
out:
	got_release(&g);
	free(url);
	return err;
}
