/* review_walk.c: the walk through the minutes' blocks (review.c's list,
 * at its top, says what is read where), and review_extract. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"
#include "evidence/review.h"
#include "evidence/review_int.h"

/* ======================================================================
 * The walk through the blocks
 * ====================================================================== */

struct dlist {
	struct review_decision *v;
	size_t n, cap;
};

struct walk {
	const struct rv_doc *d;
	enum rv_sk head[7];  /* the kind each heading level set; [0] unused */
	enum rv_sk label;    /* the kind of the label line in force; RV_S_NONE: none */
	int label_num, label_indent;
	bool structured;  /* this section has items, rows or sub-headings */
	size_t *pending;  /* its lines, read when it has none of those */
	size_t npending, cappending;
	unsigned serial;  /* sections so far */
	bool preamble;    /* no section yet */
	struct rv_strs att, apo, res;
	bool has_att, has_apo, has_res;
	struct dlist dec, act;
	struct dlist *last_list; /* where the last decision went, its section, its block */
	unsigned last_serial;
	size_t last_blk;
	char *date_key, *date_pre, *chair_key, *chair_mark, *next_key, *next_sect, *next_prose;
	struct rv_cols *tables;
	size_t ntables, captables;
	bool oom;
};

static enum rv_sk current(const struct walk *w)
{
	int l;

	if (w->label != RV_S_NONE)
		return w->label;
	for (l = 6; l >= 1; l--)
		if (w->head[l] != RV_S_NONE)
			return w->head[l];
	return RV_S_NONE;
}

/* The kind of the nearest heading above level below, and its level. */
static enum rv_sk heading_kind(const struct walk *w, int below, int *level)
{
	int l;

	for (l = below - 1; l >= 1; l--)
		if (w->head[l] != RV_S_NONE) {
			if (level)
				*level = l;
			return w->head[l];
		}
	if (level)
		*level = 0;
	return RV_S_NONE;
}

static void set_date(char **slot, const char *s)
{
	char d[11];

	if (!*slot && rv_first_date(s, d))
		*slot = ak_strdup(d); /* NULL when out of memory: the date is then not found */
}

static bool same_ci(const struct rv_strs *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcasecmp(l->v[i], s) == 0)
			return true;
	return false;
}

/* The people one entry or line names, into l. */
static void people(struct walk *w, struct rv_strs *l, bool *has_l, const char *s)
{
	struct rv_strs parts = {NULL, 0, 0, false};
	size_t i;

	*has_l = true;
	if (rv_none(s, strlen(s)))
		return;
	rv_split_people(s, strlen(s), &parts);
	for (i = 0; i < parts.n; i++) {
		bool chair = false;
		char *name;
		if (rv_none(parts.v[i], strlen(parts.v[i])) || parts.v[i][0] == '(')
			continue; /* "(minutes)" under a name */
		name = rv_name_of(parts.v[i], strlen(parts.v[i]), &chair, &w->oom);
		if (!name)
			continue;
		if (chair && !w->chair_mark && !(w->chair_mark = ak_strdup(name)))
			w->oom = true;
		if (same_ci(l, name))
			free(name);
		else
			rv_strs_take(l, name);
	}
	if (parts.oom)
		w->oom = true;
	rv_strs_release(&parts);
}

static void dec_release(struct review_decision *d)
{
	free(d->text);
	free(d->owner);
	free(d->amount);
}

/* Keep a decision (steals text, owner and amount); the same text twice is
 * one decision, with the owner and amount of either. */
static void dec_keep(struct walk *w, struct dlist *l, char *text, char *owner, char *amount,
		     size_t blk)
{
	struct review_decision *d;
	size_t i;

	if (!text || rv_none(text, strlen(text))) {
		free(text);
		free(owner);
		free(amount);
		return;
	}
	for (i = 0; i < l->n; i++) {
		d = &l->v[i];
		if (strcasecmp(d->text, text) != 0)
			continue;
		if (!d->owner)
			d->owner = owner, owner = NULL;
		if (!d->amount)
			d->amount = amount, amount = NULL;
		free(text);
		free(owner);
		free(amount);
		goto last;
	}
	if (!ak_grow(&l->v, &l->cap, l->n + 1, sizeof *l->v)) {
		w->oom = true;
		free(text);
		free(owner);
		free(amount);
		return;
	}
	d = &l->v[l->n++];
	d->text = text;
	d->owner = owner;
	d->amount = amount;
last:
	w->last_list = l;
	w->last_serial = w->serial;
	w->last_blk = blk;
}

static void decision(struct walk *w, struct dlist *l, const char *s, size_t blk)
{
	char *text, *owner, *amount;
	size_t n = strlen(s);

	if (!n || s[n - 1] == ':') /* "The meeting agreed:" introduces a list */
		return;
	rv_decision(s, &text, &owner, &amount, &w->oom);
	dec_keep(w, l, text, owner, amount, blk);
}

static void resource(struct walk *w, const char *s)
{
	size_t n = strlen(s);

	w->has_res = true;
	if (rv_none(s, n))
		return;
	while (n && (s[n - 1] == '.' || s[n - 1] == ';' || s[n - 1] == ' '))
		n--;
	if (!same_ci(&w->res, s))
		rv_strs_add(&w->res, s, n);
}

static bool in_list_ci(const char *s, size_t n, const char *const *list)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (strlen(list[i]) == n && strncasecmp(s, list[i], n) == 0)
			return true;
	return false;
}

static bool function_word(const char *s, size_t n)
{
	static const char *const fw[] = {"the", "a", "an", "of", "to", "and", "or", "by", "for",
					 "with", "in", "on", "at", "from", "per", NULL};
	size_t st = n;

	while (st && s[st - 1] != ' ')
		st--;
	return in_list_ci(s + st, n - st, fw);
}

/* Does line b continue the line a, wrapped? */
static bool continues(const char *a, const char *b)
{
	size_t n = strlen(a);
	int depth = 0;
	size_t i;

	if (!n || !*b)
		return false;
	for (i = 0; i < n; i++)
		depth += a[i] == '(' ? 1 : a[i] == ')' ? -1 : 0;
	if (depth > 0 || a[n - 1] == ',')
		return true;
	if (strchr(".;:!?)", a[n - 1]))
		return false;
	return islower((unsigned char)b[0]) || isdigit((unsigned char)b[0]) || function_word(a, n);
}

/* A section's lines as entries: wrapped lines joined. */
static void pending_entries(struct walk *w, struct rv_strs *out)
{
	struct ak_buf cur = AK_BUF_INIT;
	const char *prev = NULL;
	size_t i;

	for (i = 0; i < w->npending; i++) {
		const struct rv_blk *b = &w->d->b[w->pending[i]];
		if (cur.len && !(prev && continues(prev, b->text) &&
				 w->d->b[w->pending[i - 1]].para == b->para)) {
			rv_strs_take(out, ak_buf_detach(&cur));
		}
		ak_buf_adds(&cur, cur.len ? " " : "");
		ak_buf_adds(&cur, b->text);
		prev = b->text;
	}
	if (ak_buf_failed(&cur))
		out->oom = true;
	else if (cur.len)
		rv_strs_take(out, ak_buf_detach(&cur));
	ak_buf_release(&cur);
}

/* A sentence that only annotates the one before: "Owner: CFO." */
static bool annotation(const char *s, size_t n)
{
	size_t k = 0;

	while (k < n && k < 24 && (isalpha((unsigned char)s[k]) || s[k] == ' '))
		k++;
	return k < n && (s[k] == ':' || s[k] == '-') && rv_ann_key(s, k) != RV_ANN_NONE;
}

/* The section ends: its lines become decisions or resources when it had
 * no list, table or sub-headings. Decisions are its sentences ("Owner:
 * CFO." staying with the one before); resources its sentences that name
 * money, or all of them when none does. */
static void flush_pending(struct walk *w)
{
	enum rv_sk k = current(w);
	struct rv_strs entries = {NULL, 0, 0, false}, sentences = {NULL, 0, 0, false};
	size_t i, mo, ml;
	bool money = false;

	if (!w->structured && w->npending &&
	    (k == RV_S_DECISIONS || k == RV_S_ACTIONS || k == RV_S_RESOURCES)) {
		pending_entries(w, &entries);
		for (i = 0; i < entries.n; i++) {
			const char *s = entries.v[i], *e;
			for (; *s; s = e) {
				while (*s == ' ')
					s++;
				e = rv_sentence_end(s);
				while (k != RV_S_RESOURCES && *e == ' ' && annotation(e + 1, strlen(e + 1)))
					e = rv_sentence_end(e + 1);
				if (e == s)
					break;
				rv_strs_add(&sentences, s, (size_t)(e - s));
			}
		}
		for (i = 0; k == RV_S_RESOURCES && i < sentences.n; i++)
			money |= rv_money(sentences.v[i], strlen(sentences.v[i]), &mo, &ml);
		for (i = 0; i < sentences.n; i++) {
			const char *s = sentences.v[i];
			if (k != RV_S_RESOURCES)
				decision(w, k == RV_S_ACTIONS ? &w->act : &w->dec, s,
					 w->pending[w->npending - 1]);
			else if (!money || rv_money(s, strlen(s), &mo, &ml))
				resource(w, s);
			else
				w->has_res = true;
		}
		if (entries.oom || sentences.oom)
			w->oom = true;
	}
	rv_strs_release(&entries);
	rv_strs_release(&sentences);
	w->npending = 0;
}

static void section_end(struct walk *w)
{
	flush_pending(w);
	w->structured = false;
	w->serial++;
}

static void pending_add(struct walk *w, size_t i)
{
	if (!ak_grow(&w->pending, &w->cappending, w->npending + 1, sizeof *w->pending)) {
		w->oom = true;
		return;
	}
	w->pending[w->npending++] = i;
}

static void heading(struct walk *w, size_t i, int level, enum rv_sk cls)
{
	const struct rv_blk *b = &w->d->b[i];
	int l, pl;
	enum rv_sk parent = heading_kind(w, level, &pl);

	if (level < 1 || level > 6)
		return;
	/* Under "## Decisions", "### D1 Fund the SOC" is a decision with its
	 * own heading (under a level-1 title that happens to name decisions,
	 * only one with a reference number is). */
	if (cls == RV_S_NONE && (parent == RV_S_DECISIONS || parent == RV_S_ACTIONS) &&
	    (rv_skip_ref(b->text) != b->text || pl != 1)) {
		/* "### D1 Fund the SOC": a decision with its own heading */
		for (l = level; l <= 6; l++)
			w->head[l] = RV_S_NONE;
		w->head[level] = parent;
		w->label = RV_S_NONE;
		w->structured = true;
		decision(w, parent == RV_S_ACTIONS ? &w->act : &w->dec, b->text, i);
		return;
	}
	section_end(w);
	for (l = level; l <= 6; l++)
		w->head[l] = RV_S_NONE;
	w->head[level] = cls != RV_S_NONE ? cls : parent != RV_S_NONE ? parent : RV_S_OTHER;
	w->label = RV_S_NONE;
	w->label_num = 0;
	if (cls != RV_S_NONE)
		w->preamble = false;
}

static void label_line(struct walk *w, size_t i, enum rv_sk cls, bool follow_on)
{
	const struct rv_blk *b = &w->d->b[i];
	enum rv_sk cur = current(w), parent = heading_kind(w, 7, NULL);

	if (cls == RV_S_NONE && !follow_on && (cur == RV_S_DECISIONS || cur == RV_S_ACTIONS) &&
	    (parent == cur || rv_skip_ref(b->text) != b->text)) {
		w->structured = true; /* "**D1 Fund the SOC**" */
		decision(w, cur == RV_S_ACTIONS ? &w->act : &w->dec, b->text, i);
		return;
	}
	section_end(w);
	w->label = cls != RV_S_NONE ? cls : parent != RV_S_NONE ? parent : RV_S_OTHER;
	w->label_num = b->kind == RV_B_ITEM ? b->num : 0;
	w->label_indent = b->indent;
	if (cls != RV_S_NONE)
		w->preamble = false;
}

/* Is b a line standing for a heading? Its kind in *cls. */
static bool is_label(const struct walk *w, const struct rv_blk *b, enum rv_sk *cls, bool *follow_on)
{
	const char *t = rv_skip_ref(b->text);
	size_t n = strlen(t), words;
	char l[128];

	*follow_on = false;
	while (n && (t[n - 1] == ':' || t[n - 1] == ' '))
		n--;
	if (!n || n > 120 || t[n - 1] == '.')
		return false;
	words = rv_words(t, n);
	if (words > 10)
		return false;
	rv_lower(t, n, l);
	*cls = rv_classify(t, n);
	if (rv_exact_label(l))
		return true;
	if (b->bold || (rv_upper_line(b->text) && words <= 8))
		return true;
	if (b->colon && *cls != RV_S_NONE && words <= 6)
		return true;
	if (b->kind == RV_B_ITEM && w->label_num && b->num == w->label_num + 1 &&
	    b->indent == w->label_indent) {
		*follow_on = true;
		return true;
	}
	return false;
}

/* Lines about attendance that use no list: "Apologies were received from
 * A and B", "C sent apologies", "attended by D, E and F", "chaired by G". */
static bool prose(struct walk *w, const char *t)
{
	static const char *const sent[] = {" sent apologies", " sent his apologies",
					   " sent her apologies", " sent their apologies",
					   " gave apologies", " sends apologies",
					   " sent an apology", NULL};
	static const char *const were[] = {"present were ", "those present were ",
					   "present at the meeting were ", NULL};
	char l[128], *cut;
	const char *p;
	size_t i, n = strlen(t);

	rv_lower(t, n, l);
	if (rv_word_at(l, strlen(l), "apologies") && (p = strstr(l, " from ")) != NULL) {
		cut = ak_strndup(t + (p - l) + 6, (size_t)(rv_sentence_end(t + (p - l) + 6) - (t + (p - l) + 6)));
		goto apologies;
	}
	for (i = 0; sent[i]; i++)
		if ((p = strstr(l, sent[i])) != NULL && p > l) {
			/* from the start of its sentence: "... chaired. B sent apologies" */
			const char *st = p;
			while (st > l && !((st[-1] == ' ' && st - 1 > l && strchr(".;", st[-2]))))
				st--;
			cut = ak_strndup(t + (st - l), (size_t)(p - st));
			goto apologies;
		}
	for (i = 0; were[i]; i++)
		if (strncmp(l, were[i], strlen(were[i])) == 0) {
			p = l + strlen(were[i]);
			goto present;
		}
	if ((p = strstr(l, "attended by ")) != NULL) {
		p += 12;
		goto present;
	}
	if ((p = strstr(l, "chaired by ")) != NULL && !w->chair_key) {
		const char *s = t + (p - l) + 11;
		w->chair_key = rv_name_of(s, (size_t)(rv_sentence_end(s) - s), NULL, &w->oom);
	}
	return false;
apologies:
	if (!cut) {
		w->oom = true;
		return true;
	}
	people(w, &w->apo, &w->has_apo, cut);
	free(cut);
	return true;
present:
	p = t + (p - l);
	if (!(cut = ak_strndup(p, (size_t)(rv_sentence_end(p) - p)))) {
		w->oom = true;
		return true;
	}
	people(w, &w->att, &w->has_att, cut);
	free(cut);
	return true;
}

/* "The next review will be held on 16 March 2027." */
static void next_in_prose(struct walk *w, const char *t)
{
	static const char *const phrases[] = {"next review", "next management review",
					      "next isms review", NULL};
	char l[128];
	const char *p = NULL;
	size_t i;

	if (w->next_prose)
		return;
	rv_lower(t, strlen(t), l);
	for (i = 0; phrases[i] && !p; i++)
		p = strstr(l, phrases[i]);
	if (!p && (strncmp(l, "next meeting", 12) == 0 || strncmp(l, "the next meeting", 16) == 0))
		p = l;
	if (p)
		set_date(&w->next_prose, t + (p - l));
}

/* Lines of the preamble that may date the meeting. */
static void preamble_date(struct walk *w, const char *t)
{
	static const char *const not_this[] = {
		"previous", "last meeting", "last review", "approv", "circulat", "issued",
		"distributed", "next", "draft", "version", "published", "updated", "prepared",
		"revised", "signed", NULL};
	char l[128];
	size_t i;

	if (w->date_pre)
		return;
	rv_lower(t, strlen(t), l);
	for (i = 0; not_this[i]; i++)
		if (rv_has(l, not_this[i]))
			return;
	set_date(&w->date_pre, t);
}

/* A "Key: value" (a line, a heading or a two-cell row). false when it is
 * not for here after all (an Owner with no decision before it). */
static bool key(struct walk *w, enum rv_key k, const char *v, size_t i)
{
	enum rv_sk cur = current(w);

	switch (k) {
	case RV_K_DATE:
		if (cur != RV_S_PREVIOUS && cur != RV_S_NEXT)
			set_date(&w->date_key, v);
		return true;
	case RV_K_CHAIR:
		if (!w->chair_key)
			w->chair_key = rv_name_of(v, strlen(v), NULL, &w->oom);
		return true;
	case RV_K_PRESENT:
		people(w, &w->att, &w->has_att, v);
		return true;
	case RV_K_APOLOGIES:
		people(w, &w->apo, &w->has_apo, v);
		return true;
	case RV_K_NEXT:
		set_date(&w->next_key, v);
		return true;
	case RV_K_DECISION:
		if (cur != RV_S_PREVIOUS)
			decision(w, &w->dec, v, i);
		return true;
	case RV_K_RESOURCES: {
		struct rv_strs parts = {NULL, 0, 0, false};
		size_t p;
		w->has_res = true;
		if (rv_none(v, strlen(v)))
			return true;
		rv_strs_add(&parts, v, strlen(v));
		if (strchr(v, ';')) {
			rv_strs_release(&parts);
			{
				const char *s = v, *e;
				for (; *s; s = *e ? e + 1 : e) {
					e = strchr(s, ';');
					if (!e)
						e = s + strlen(s);
					rv_strs_add(&parts, s, (size_t)(e - s));
				}
			}
		}
		for (p = 0; p < parts.n; p++)
			resource(w, parts.v[p]);
		if (parts.oom)
			w->oom = true;
		rv_strs_release(&parts);
		return true;
	}
	case RV_K_OWNER:
	case RV_K_AMOUNT: {
		struct review_decision *d;
		size_t n;
		if ((cur == RV_S_DECISIONS || cur == RV_S_ACTIONS) && !w->structured && w->npending)
			flush_pending(w); /* "Fund the SOC.\nOwner: CFO": the lines so far */
		if (!w->last_list || !w->last_list->n ||
		    (w->last_serial != w->serial && i > w->last_blk + 3))
			return false;
		d = &w->last_list->v[w->last_list->n - 1];
		n = strlen(v);
		while (n && (v[n - 1] == '.' || v[n - 1] == ' ' || v[n - 1] == ';'))
			n--;
		if (!n)
			return true;
		if (k == RV_K_OWNER && !d->owner && !(d->owner = ak_strndup(v, n)))
			w->oom = true;
		else if (k == RV_K_AMOUNT && !d->amount && !rv_none(v, n) &&
			 !(d->amount = ak_strndup(v, n)))
			w->oom = true;
		return true;
	}
	case RV_K_NONE:
	case RV_K_IGNORE:
		break;
	}
	return false;
}

/* ---- rows -------------------------------------------------------------- */

static const struct rv_cols *table_cols(struct walk *w, size_t first)
{
	const struct rv_blk *h = &w->d->b[first];
	struct rv_cols *c;
	size_t i;

	for (i = 0; i < w->ntables; i++)
		if (w->tables[i].first == first)
			return &w->tables[i];
	if (!ak_grow(&w->tables, &w->captables, w->ntables + 1, sizeof *w->tables)) {
		w->oom = true;
		return NULL;
	}
	c = &w->tables[w->ntables++];
	memset(c, 0, sizeof *c);
	c->first = first;
	c->header = h->is_header || rv_looks_like_header(h);
	if (c->header)
		rv_cols_read(h, c, &w->oom);
	else
		c->ref = c->decision = c->owner = c->amount = c->due = c->name = c->role =
			c->status = -1;
	return c;
}

static const char *cell(const struct rv_blk *r, int c)
{
	return c >= 0 && (size_t)c < r->ncells ? r->cells[c] : "";
}

/* A cell holding only a reference: "1", "D1", "#3", "R-2". */
static bool bare_ref(const char *s)
{
	size_t n = strlen(s);
	bool digit = false;

	if (!n || n > 8 || strchr(s, ' '))
		return false;
	for (; *s; s++)
		digit |= isdigit((unsigned char)*s) != 0;
	return digit;
}

/* "", "-", "n/a", "none", "TBC": no amount. */
static bool no_amount(const char *s)
{
	return rv_none(s, strlen(s)) || strcasecmp(s, "tbc") == 0 || strcasecmp(s, "tbd") == 0;
}

/* An amount cell as written, with the currency and the multiplier its
 * heading names when the cell is a bare number: "1,150,000 per year" under
 * "Amount (NOK)" is "NOK 1,150,000 per year". */
static char *amount_cell(struct walk *w, const char *s, const struct rv_cols *c)
{
	size_t mo, ml, num = 0;
	char *out;

	if (isdigit((unsigned char)s[0]) && !rv_money(s, strlen(s), &mo, &ml) &&
	    (c->currency || c->multiplier)) {
		const char *cur = c->currency ? c->currency : "";
		bool sym = cur[0] && !isalpha((unsigned char)cur[0]);
		while (isdigit((unsigned char)s[num]) || s[num] == ',' || s[num] == '.')
			num++;
		out = ak_asprintf("%s%s%.*s%s%s", cur, sym || !*cur ? "" : " ", (int)num, s,
				  c->multiplier ? c->multiplier : "", s + num);
	} else {
		out = ak_strdup(s);
	}
	if (!out)
		w->oom = true;
	return out;
}

static void decision_row(struct walk *w, struct dlist *l, const struct rv_blk *r,
			 const struct rv_cols *c, size_t i)
{
	char *text, *owner, *amount;
	int tc = c->decision, k;
	size_t best = 0;
	const char *o, *a;

	/* no Decision column: the longest other cell */
	if (tc < 0 || !*cell(r, tc))
		for (k = 0, tc = -1; (size_t)k < r->ncells; k++) {
			size_t len = strlen(r->cells[k]);
			if (k == c->ref || k == c->owner || k == c->amount || k == c->due ||
			    bare_ref(r->cells[k]))
				continue;
			if (len > best) {
				best = len;
				tc = k;
			}
		}
	if (tc < 0)
		return;
	rv_decision(cell(r, tc), &text, &owner, &amount, &w->oom);
	o = cell(r, c->owner);
	if (*o && !rv_none(o, strlen(o))) {
		free(owner);
		if (!(owner = ak_strdup(o)))
			w->oom = true;
	}
	if (c->amount >= 0) {
		a = cell(r, c->amount);
		if (*a) {
			free(amount);
			amount = no_amount(a) ? NULL : amount_cell(w, a, c);
		}
	} else if (!amount) {
		size_t mo, ml;
		for (k = 0; (size_t)k < r->ncells && !amount; k++)
			if (k != tc && rv_money(r->cells[k], strlen(r->cells[k]), &mo, &ml) &&
			    !(amount = ak_strdup(r->cells[k])))
				w->oom = true;
	}
	dec_keep(w, l, text, owner, amount, i);
}

static void people_row(struct walk *w, const struct rv_blk *r, const struct rv_cols *c, enum rv_sk cur)
{
	int nc = c->name >= 0 ? c->name : c->ref == 0 ? 1 : 0;
	const char *name = cell(r, nc), *st = cell(r, c->status);
	int where = 0; /* 1 present, -1 absent */
	bool chair = false;
	char l[128], *who;

	if (!*name)
		return;
	if (c->status >= 0 && *st) {
		static const char *const absent[] = {"apolog", "absent", "not present", "excused",
						     "did not attend", "declined", "sick", "leave",
						     NULL};
		static const char *const present[] = {"present", "attended", "in person", "remote",
						      "video", "teams", "zoom", "online", "dial",
						      "chair", "part", "attending", "joined", NULL};
		static const char *const yes[] = {"yes", "y", "x", "\xe2\x9c\x93", "\xe2\x9c\x94",
						  "\xe2\x98\x91", "\xe2\x9c\x85", NULL};
		static const char *const no[] = {"no", "n", "\xe2\x9c\x97", "\xe2\x9c\x98",
						 "\xe2\x98\x90", "\xe2\x9d\x8c", "-", NULL};
		size_t i;
		rv_lower(st, strlen(st), l);
		for (i = 0; absent[i] && !where; i++)
			if (rv_has(l, absent[i]))
				where = -1;
		for (i = 0; present[i] && !where; i++)
			if (rv_has(l, present[i]))
				where = 1;
		if (!where && rv_one_of(l, yes))
			where = c->st == RV_ST_APOLOGIES ? -1 : 1;
		if (!where && rv_one_of(l, no))
			where = c->st == RV_ST_APOLOGIES ? 1 : -1;
		chair = rv_has(l, "chair");
	}
	if (!where)
		where = cur == RV_S_APOLOGIES ? -1 : (cur == RV_S_PRESENT || c->status < 0) ? 1 : 0;
	if (!where)
		return;
	if (c->role >= 0) {
		const char *role = cell(r, c->role);
		rv_lower(role, strlen(role), l);
		chair |= rv_word_in(l, "chair") >= 0 && rv_words(l, strlen(l)) <= 3;
	}
	who = rv_name_of(name, strlen(name), &chair, &w->oom);
	if (!who)
		return;
	if (chair && !w->chair_mark && !(w->chair_mark = ak_strdup(who)))
		w->oom = true;
	if (where > 0) {
		w->has_att = true;
		if (!same_ci(&w->att, who)) {
			rv_strs_take(&w->att, who);
			who = NULL;
		}
	} else {
		w->has_apo = true;
		if (!same_ci(&w->apo, who)) {
			rv_strs_take(&w->apo, who);
			who = NULL;
		}
	}
	free(who);
}

/* Is a header row's second cell a column heading too ("| Decision | Owner |")? */
static bool heading_cell(const char *s)
{
	enum rv_status st;

	return rv_col_kind(s, &st) != RV_C_NONE || rv_classify(s, strlen(s)) != RV_S_NONE;
}

static void row(struct walk *w, size_t i)
{
	const struct rv_blk *r = &w->d->b[i];
	const struct rv_cols *c;
	enum rv_sk cur = current(w);
	enum rv_key k;
	size_t first, n;

	/* the first row of its table is its header, when it is one */
	for (first = i; first > 0 && w->d->b[first - 1].kind == RV_B_ROW &&
			w->d->b[first - 1].para == r->para;
	     first--)
		;
	if (!(c = table_cols(w, first)))
		return;
	/* "| Date | 2026-09-15 |", "| Chair | Maria Keller |" */
	for (n = r->ncells; n > 2 && !*r->cells[n - 1]; n--)
		;
	if (n == 2 && (k = rv_key_kind(r->cells[0], strlen(r->cells[0]))) != RV_K_NONE &&
	    !(i == first && c->header && heading_cell(r->cells[1]))) {
		if (k != RV_K_IGNORE && *r->cells[1])
			key(w, k, r->cells[1], i);
		return;
	}
	if (i == first && c->header)
		return;
	if (c->columnwise) {
		size_t k2;
		for (k2 = 0; k2 < r->ncells && k2 < RV_MAX_COLS; k2++)
			if (*r->cells[k2]) {
				if (c->colkind[k2] == RV_S_APOLOGIES)
					people(w, &w->apo, &w->has_apo, r->cells[k2]);
				else
					people(w, &w->att, &w->has_att, r->cells[k2]);
			}
		return;
	}
	if (cur == RV_S_PREVIOUS)
		return;
	if (c->decision >= 0 || cur == RV_S_DECISIONS || cur == RV_S_ACTIONS) {
		if (c->decision < 0 && cur != RV_S_DECISIONS && cur != RV_S_ACTIONS)
			return;
		w->structured = true;
		decision_row(w, (c->action && cur != RV_S_DECISIONS) || cur == RV_S_ACTIONS ? &w->act : &w->dec,
			     r, c, i);
		return;
	}
	if (c->name >= 0 || cur == RV_S_PRESENT || cur == RV_S_APOLOGIES) {
		if (c->name >= 0 || cur == RV_S_PRESENT || cur == RV_S_APOLOGIES)
			people_row(w, r, c, cur);
		return;
	}
	if (cur == RV_S_RESOURCES) {
		struct ak_buf b = AK_BUF_INIT;
		size_t k2;
		w->structured = true;
		for (k2 = 0; k2 < r->ncells; k2++)
			if (*r->cells[k2] && !bare_ref(r->cells[k2])) {
				ak_buf_adds(&b, b.len ? " \xe2\x80\x93 " : "");
				ak_buf_adds(&b, r->cells[k2]);
			}
		if (ak_buf_failed(&b))
			w->oom = true;
		else if (b.len)
			resource(w, b.data);
		ak_buf_release(&b);
		return;
	}
	if (cur == RV_S_NEXT)
		set_date(&w->next_sect, r->text);
}

/* ---- lines and items ----------------------------------------------------- */

static void content(struct walk *w, size_t i)
{
	const struct rv_blk *b = &w->d->b[i];
	const char *t = b->text;
	enum rv_sk cur = current(w);
	size_t n = strlen(t);

	switch (cur) {
	case RV_S_PRESENT:
	case RV_S_APOLOGIES:
		if (b->kind == RV_B_LINE && (b->colon ||
					  (rv_words(t, n) >= 6 && !rv_starts_person(t, n) &&
					   !rv_none(t, n))))
			return; /* a sentence about the meeting, not a list */
		if (cur == RV_S_PRESENT)
			people(w, &w->att, &w->has_att, t);
		else
			people(w, &w->apo, &w->has_apo, t);
		return;
	case RV_S_DECISIONS:
	case RV_S_ACTIONS:
		if (b->kind == RV_B_ITEM) {
			w->structured = true;
			decision(w, cur == RV_S_ACTIONS ? &w->act : &w->dec, t, i);
		} else if (!b->colon) {
			pending_add(w, i);
		}
		return;
	case RV_S_RESOURCES:
		if (b->kind == RV_B_ITEM) {
			w->structured = true;
			resource(w, t);
		} else {
			pending_add(w, i);
		}
		return;
	case RV_S_NEXT:
		set_date(&w->next_sect, t);
		return;
	default:
		return;
	}
}

/* The document's title: a first heading at level 1 with more headings
 * after it ("# Management review decisions" over "## Present", ...). */
static size_t title_of(const struct rv_doc *d)
{
	size_t i, first = d->n;

	for (i = 0; i < d->n; i++)
		if (d->b[i].kind == RV_B_HEAD) {
			if (first < d->n)
				return d->b[first].level == 1 ? first : d->n;
			first = i;
		}
	return d->n;
}

static void walk(struct walk *w)
{
	size_t i, title = title_of(w->d);

	w->preamble = true;
	for (i = 0; i < w->d->n && !w->oom; i++) {
		const struct rv_blk *b = &w->d->b[i];
		const char *v;
		enum rv_key k;
		enum rv_sk cls;
		bool follow_on;

		if (!b->text)
			continue;
		if (b->kind == RV_B_ROW) {
			row(w, i);
			continue;
		}
		k = rv_key_line(b->text, &v);
		if (b->kind == RV_B_HEAD) {
			if (k != RV_K_NONE && k != RV_K_IGNORE && *v)
				key(w, k, v, i); /* "## Next review: 16 March 2027" */
			cls = rv_key_section(k) != RV_S_NONE ? rv_key_section(k)
				: i == title		       ? RV_S_NONE
							       : rv_classify(b->text, strlen(b->text));
			if (w->preamble && k != RV_K_IGNORE)
				preamble_date(w, b->text);
			heading(w, i, b->level, cls);
			continue;
		}
		if (k == RV_K_IGNORE)
			continue;
		if (k != RV_K_NONE) {
			if (!*v) {
				if (rv_key_section(k) != RV_S_NONE) {
					label_line(w, i, rv_key_section(k), false);
					continue;
				}
			} else if (key(w, k, v, i)) {
				continue;
			}
		}
		if (is_label(w, b, &cls, &follow_on)) {
			label_line(w, i, cls, follow_on);
			continue;
		}
		if (current(w) == RV_S_PREVIOUS)
			continue;
		next_in_prose(w, b->text);
		if (prose(w, b->text))
			continue;
		if (w->preamble && b->kind == RV_B_LINE)
			preamble_date(w, b->text);
		content(w, i);
	}
	section_end(w);
}

/* ======================================================================
 * Putting it together
 * ====================================================================== */

static char *first_of(char **a, char **b, char **c)
{
	char *out = *a ? *a : *b ? *b : *c;

	if (out == *a)
		*a = NULL;
	else if (out == *b)
		*b = NULL;
	else
		*c = NULL;
	return out;
}

static void dlist_release(struct dlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		dec_release(&l->v[i]);
	free(l->v);
}

ak_err review_extract(const char *text, const char *title, struct review_facts *out)
{
	struct rv_doc d = {NULL, 0, 0, false};
	struct walk w;
	char *title_date = NULL;
	size_t i;
	ak_err err = AK_OK;

	memset(out, 0, sizeof *out);
	memset(&w, 0, sizeof w);
	rv_parse_blocks(text, &d);
	w.d = &d;
	if (!d.oom)
		walk(&w);
	if (d.oom || w.oom || w.att.oom || w.apo.oom || w.res.oom) {
		err = AK_ERR_NOMEM;
		goto out;
	}
	if (title)
		set_date(&title_date, title);
	out->date = first_of(&w.date_key, &w.date_pre, &title_date);
	{
		char *none = NULL;
		out->chair = first_of(&w.chair_key, &w.chair_mark, &none);
	}
	out->next_review = first_of(&w.next_key, &w.next_sect, &w.next_prose);
	out->attendees = w.att.v;
	out->nattendees = w.att.n;
	out->apologies = w.apo.v;
	out->napologies = w.apo.n;
	out->has_apologies = w.has_apo;
	out->resources = w.res.v;
	out->nresources = w.res.n;
	out->has_resources = w.has_res;
	memset(&w.att, 0, sizeof w.att);
	memset(&w.apo, 0, sizeof w.apo);
	memset(&w.res, 0, sizeof w.res);
	if (w.dec.n) {
		out->decisions = w.dec.v;
		out->ndecisions = w.dec.n;
		memset(&w.dec, 0, sizeof w.dec);
	} else {
		out->decisions = w.act.v;
		out->ndecisions = w.act.n;
		memset(&w.act, 0, sizeof w.act);
	}
out:
	free(title_date);
	free(w.date_key);
	free(w.date_pre);
	free(w.chair_key);
	free(w.chair_mark);
	free(w.next_key);
	free(w.next_sect);
	free(w.next_prose);
	free(w.pending);
	for (i = 0; i < w.ntables; i++)
		free(w.tables[i].currency);
	free(w.tables);
	rv_strs_release(&w.att);
	rv_strs_release(&w.apo);
	rv_strs_release(&w.res);
	dlist_release(&w.dec);
	dlist_release(&w.act);
	rv_doc_release(&d);
	if (err)
		review_facts_release(out);
	return err;
}

