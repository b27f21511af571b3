/* wb_sheets.c: the Coverage, Interviews, Sources and Sampling sheets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "evidence/snapshot.h"
#include "findings/rules.h"
#include "sample/sample_plan.h"
#include "findings/wb_int.h"

/* A 3-colour scale from red (0) through yellow to green (3). */
static void score_scale(struct wb *w, lxw_worksheet *ws, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2,
                        lxw_col_t c2)
{
	lxw_conditional_format cf;

	if (r2 < r1 || c2 < c1)
		return;
	memset(&cf, 0, sizeof cf);
	cf.type = LXW_CONDITIONAL_3_COLOR_SCALE;
	cf.min_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
	cf.min_value = 0;
	cf.min_color = 0xF8696B;
	cf.mid_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
	cf.mid_value = 1.5;
	cf.mid_color = 0xFFEB84;
	cf.max_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
	cf.max_value = 3;
	cf.max_color = 0x63BE7B;
	wb_check(w, worksheet_conditional_format_range(ws, r1, c1, r2, c2, &cf));
}

/* ---- Coverage: requirements against interviewees ---------------------------- */

void wb_write_coverage(struct wb *w)
{
	static const char *const head[] = {"Clause", "Item", "Requirement", "5.1 duty"};
	const struct grader *g = w->r->grader;
	lxw_worksheet *ws = w->coverage;
	size_t np = g ? grade_npeople(g) : 0, nr = g ? grade_nreqs(g) : 0, i, p;
	lxw_col_t best = (lxw_col_t)(4 + np);

	wb_print_setup(w, ws, 1);
	wb_internal_banner(w, ws, best + 1);
	for (i = 0; i < 4; i++)
		wb_text(w, ws, 1, (lxw_col_t)i, head[i], w->fmt[WF_HEADER]);
	for (p = 0; p < np; p++)
		wb_text(w, ws, 1, (lxw_col_t)(4 + p), grade_person(g, p), w->fmt[WF_HEADER]);
	wb_text(w, ws, 1, best, "Best", w->fmt[WF_HEADER]);
	wb_text(w, ws, 1, best + 1, "Not evidenced", w->fmt[WF_HEADER]);
	worksheet_set_row(ws, 1, 45, NULL);
	worksheet_set_column(ws, 0, 1, 7, NULL);
	worksheet_set_column(ws, 2, 2, 46, NULL);
	worksheet_set_column(ws, 3, 3, 8, NULL);
	if (np)
		worksheet_set_column(ws, 4, (lxw_col_t)(3 + np), 14, NULL);
	worksheet_set_column(ws, best, best, 7, NULL);
	worksheet_set_column(ws, best + 1, best + 1, 30, NULL);
	worksheet_freeze_panes(ws, 2, 3);
	for (i = 0; i < nr; i++) {
		const struct grade_req *q = grade_req(g, i);
		lxw_row_t row = (lxw_row_t)(i + 2);
		int h = wb_lines(q->requirement, 46);
		if (h > 1)
			worksheet_set_row(ws, row, 15.0 * h + 2, NULL);
		wb_text(w, ws, row, 0, q->clause, w->fmt[WF_TEXT]);
		wb_text(w, ws, row, 1, q->item, w->fmt[WF_TEXT]);
		wb_text(w, ws, row, 2, q->requirement, w->fmt[WF_WRAP]);
		wb_text(w, ws, row, 3, q->coverage ? "yes" : "no", w->fmt[WF_TEXT]);
		for (p = 0; p < np; p++) {
			int sc = grade_score(g, i, p);
			if (sc >= 0)
				wb_number(w, ws, row, (lxw_col_t)(4 + p), sc);
		}
		if (q->best >= 0)
			wb_number(w, ws, row, best, q->best);
		if (q->gap)
			wb_text(w, ws, row, best + 1, "not evidenced in any interview: verify",
			        w->fmt[WF_WRAP]);
	}
	if (nr)
		score_scale(w, ws, 2, 4, (lxw_row_t)(nr + 1), best);
}

/* ---- Interviews: per question and interviewee ---------------------------------- */

static void question_statements(struct ak_buf *b, const struct scored *s,
                                const struct scored_question *q)
{
	size_t i;

	for (i = 0; i < q->nst; i++) {
		const struct scored_statement *st = &s->statements[q->st[i]];
		ak_buf_printf(b, "%s\"%s\" (line %ld)", b->len ? "\n" : "", st->text, st->line);
	}
}

void wb_write_interviews(struct wb *w)
{
	static const char *const cols[] = {"Interviewee", "Auditor", "Date",     "Notes",
	                                   "Question id", "Clause",  "Question", "Score",
	                                   "Reason",      "Statements", NULL};
	static const double widths[] = {24, 14, 11, 18, 12, 7, 40, 7, 36, 60};
	const struct grader *g = w->r->grader;
	lxw_worksheet *ws = w->interviews;
	lxw_row_t row = 2;
	size_t i, j;

	wb_print_setup(w, ws, 1);
	wb_internal_banner(w, ws, 9);
	wb_header_row(w, ws, 1, cols, widths);
	worksheet_freeze_panes(ws, 2, 1);
	for (i = 0; g && i < grade_ninterviews(g); i++) {
		const struct scored *s = grade_interview(g, i);
		char clause[48];
		for (j = 0; j < s->nquestions; j++, row++) {
			const struct scored_question *q = &s->questions[j];
			int h;
			ak_buf_reset(&w->b2);
			question_statements(&w->b2, s, q);
			h = wb_lines(ak_buf_str(&w->b2), 60);
			if (wb_lines(q->question, 40) > h)
				h = wb_lines(q->question, 40);
			if (wb_lines(q->reason, 36) > h)
				h = wb_lines(q->reason, 36);
			worksheet_set_row(ws, row, h > 26 ? 409 : 15.0 * h + 3, NULL);
			snprintf(clause, sizeof clause, "%s%s%s", q->clause, q->item ? " " : "",
			         q->item ? q->item : "");
			wb_text(w, ws, row, 0, grade_interview_person(g, i), w->fmt[WF_WRAP]);
			wb_text(w, ws, row, 1, s->auditor, w->fmt[WF_WRAP]);
			wb_date(w, ws, row, 2, s->date);
			wb_text(w, ws, row, 3, grade_base_name(s->notes_file), w->fmt[WF_WRAP]);
			wb_text(w, ws, row, 4, q->id, w->fmt[WF_TEXT]);
			wb_text(w, ws, row, 5, clause, w->fmt[WF_TEXT]);
			wb_text(w, ws, row, 6, q->question, w->fmt[WF_WRAP]);
			if (q->score >= 0)
				wb_number(w, ws, row, 7, q->score);
			wb_text(w, ws, row, 8, q->reason, w->fmt[WF_WRAP]);
			wb_text(w, ws, row, 9, ak_buf_str(&w->b2), w->fmt[WF_WRAP]);
		}
	}
	if (row > 2)
		score_scale(w, ws, 2, 7, row - 1, 7);
}

/* ---- Sources: what was assessed, by hash ---------------------------------------- */

/* A URL as the client may see it: a file URL by its base name. */
static const char *url_words(const char *url)
{
	if (url && strncmp(url, "file:", 5) == 0)
		return grade_base_name(url + 5);
	return url;
}

void wb_write_sources(struct wb *w)
{
	static const char *const cols[] = {"Kind",    "Document",     "Source (URL or file)",
	                                   "Retrieved at", "HTTP status", "Content type",
	                                   "Bytes",        "SHA-256",     NULL};
	static const double widths[] = {16, 22, 36, 20, 7, 16, 9, 66};
	const struct report *r = w->r;
	const struct evidence_snapshot *ev = r->evidence;
	lxw_worksheet *ws = w->sources;
	lxw_row_t row = 1;
	size_t i;

	wb_print_setup(w, ws, 0);
	worksheet_fit_to_pages(ws, 1, 0);
	wb_header_row(w, ws, 0, cols, widths);
	worksheet_freeze_panes(ws, 1, 0);
	for (i = 0; ev && i < ev->n; i++, row++) {
		const struct evidence_doc *d = &ev->docs[i];
		wb_text(w, ws, row, 0, d->role, w->fmt[WF_TEXT]);
		wb_text(w, ws, row, 1, d->file, w->fmt[WF_WRAP]);
		wb_text(w, ws, row, 2, url_words(d->url), w->fmt[WF_WRAP]);
		wb_stamp(w, ws, row, 3, d->retrieved);
		if (d->status >= 0)
			wb_number(w, ws, row, 4, (double)d->status);
		wb_text(w, ws, row, 5, d->content_type, w->fmt[WF_TEXT]);
		wb_number(w, ws, row, 6, (double)d->bytes);
		wb_text(w, ws, row, 7, d->sha256, w->fmt[WF_TEXT]);
	}
	for (i = 0; i < r->ninputs; i++, row++) {
		wb_text(w, ws, row, 0, r->inputs[i].kind, w->fmt[WF_TEXT]);
		wb_text(w, ws, row, 2, r->inputs[i].file, w->fmt[WF_WRAP]);
		wb_text(w, ws, row, 7, r->inputs[i].sha256, w->fmt[WF_TEXT]);
	}
	if (r->plan)
		for (i = 0; i < 1; i++, row++) {
			wb_text(w, ws, row, 0, "sampled population", w->fmt[WF_TEXT]);
			wb_text(w, ws, row, 1, r->plan->id_column, w->fmt[WF_WRAP]);
			wb_text(w, ws, row, 2, grade_base_name(r->plan->source), w->fmt[WF_WRAP]);
			wb_text(w, ws, row, 7, r->plan->sha256, w->fmt[WF_TEXT]);
		}
}

/* ---- Unmatched responses: what the client wrote for findings gone -------------- */

void wb_write_unmatched(struct wb *w)
{
	static const char *const cols[] = {"Id",    "Key",        "Correction",  "Root cause",
	                                   "Corrective action", "Owner", "Response due",
	                                   "Target date", "Status", NULL};
	static const double widths[] = {9, 24, 24, 24, 24, 14, 12, 12, 14};
	const struct report *r = w->r;
	lxw_worksheet *ws = w->unmatched;
	lxw_row_t row = 1;
	size_t i;

	wb_print_setup(w, ws, 0);
	worksheet_fit_to_pages(ws, 1, 0);
	wb_header_row(w, ws, 0, cols, widths);
	for (i = 0; i < r->nresponses; i++) {
		const struct report_response *x = &r->responses[i];
		const char *v[] = {x->id,   x->key, x->correction, x->root_cause, x->corrective_action,
		                   x->owner, x->due, x->target,     x->status};
		size_t c;
		int h = 1;
		if (x->used)
			continue;
		for (c = 0; c < 9; c++)
			if (wb_lines(v[c], widths[c]) > h)
				h = wb_lines(v[c], widths[c]);
		worksheet_set_row(ws, row, h > 26 ? 409 : 15.0 * h + 3, NULL);
		for (c = 0; c < 9; c++)
			wb_text(w, ws, row, (lxw_col_t)c, v[c], w->fmt[WF_WRAP]);
		row++;
	}
	if (row == 1)
		wb_text(w, ws, 1, 0, "Every response matched a finding.", w->fmt[WF_TEXT]);
}

/* ---- Sampling: the plan, when given ---------------------------------------------- */

/* A plan's parameters as words ("confidence: 0.95; tolerable: 0.05"),
 * never raw JSON. New string, NULL when there are none. */
static char *params_words(json_t *o)
{
	struct ak_buf b = AK_BUF_INIT;
	const char *k;
	json_t *v;

	if (!json_is_object(o))
		return NULL;
	json_object_foreach(o, k, v)
	{
		ak_buf_printf(&b, "%s%s: ", b.len ? "; " : "", k);
		if (json_is_string(v))
			ak_buf_adds(&b, json_string_value(v));
		else if (json_is_integer(v))
			ak_buf_printf(&b, "%lld", (long long)json_integer_value(v));
		else if (json_is_real(v))
			ak_buf_printf(&b, "%g", json_real_value(v));
		else if (json_is_boolean(v))
			ak_buf_adds(&b, json_is_true(v) ? "yes" : "no");
		else if (json_is_array(v)) {
			size_t i;
			json_t *e;
			json_array_foreach(v, i, e)
			{
				if (json_is_string(e))
					ak_buf_printf(&b, "%s%s", i ? ", " : "", json_string_value(e));
				else if (json_is_number(e))
					ak_buf_printf(&b, "%s%g", i ? ", " : "", json_number_value(e));
			}
		} else
			ak_buf_adds(&b, "-");
	}
	return ak_buf_detach(&b);
}

void wb_write_sampling(struct wb *w)
{
	const struct sp_plan *p = w->r->plan;
	lxw_worksheet *ws = w->sampling;
	lxw_row_t row = 0, head;
	char num[32], *params;
	size_t i, c;

	wb_print_setup(w, ws, -1);
	worksheet_set_column(ws, 0, 0, 22, NULL);
	worksheet_set_column(ws, 1, 1, 40, NULL);
	worksheet_set_column(ws, 2, 6, 14, NULL);
	wb_text(w, ws, row++, 0, "Sampling plan", w->fmt[WF_TITLE]);
	row++;
#define KV(k, v)                                                                                   \
	do {                                                                                       \
		wb_text(w, ws, row, 0, (k), w->fmt[WF_LABEL]);                                     \
		wb_text(w, ws, row++, 1, (v), w->fmt[WF_WRAP]);                                    \
	} while (0)
	KV("Objective", p->objective);
	KV("Population", grade_base_name(p->source));
	KV("Population format", p->format);
	KV("Population SHA-256", p->sha256);
	snprintf(num, sizeof num, "%ld", p->rows);
	KV("Population size (N)", num);
	KV("Id column", p->id_column);
	ak_buf_reset(&w->b2);
	for (i = 0; i < p->nfilters; i++)
		ak_buf_printf(&w->b2, "%s%s", i ? "; " : "", p->filters[i]);
	KV("Filters", ak_buf_str(&w->b2));
	KV("Method", p->method);
	params = params_words(p->parameters);
	KV("Parameters", params);
	free(params);
	snprintf(num, sizeof num, "%llu", (unsigned long long)p->seed);
	KV("Seed", num);
	KV("Generator", p->generator);
	snprintf(num, sizeof num, "%zu", p->nitems);
	KV("Sample size", num);
	KV("Made by", p->created_by);
	KV("Plan file", grade_base_name(w->r->plan_path));
#undef KV
	row++;
	head = row;
	wb_text(w, ws, row, 0, "Row", w->fmt[WF_HEADER]);
	wb_text(w, ws, row, 1, "Id", w->fmt[WF_HEADER]);
	wb_text(w, ws, row, 2, "Stratum", w->fmt[WF_HEADER]);
	wb_text(w, ws, row, 3, "Value", w->fmt[WF_HEADER]);
	wb_text(w, ws, row, 4, "Hits", w->fmt[WF_HEADER]);
	wb_text(w, ws, row, 5, "Selected by", w->fmt[WF_HEADER]);
	for (c = 0; c < p->ncolumns; c++)
		wb_text(w, ws, row, (lxw_col_t)(6 + c), p->column_names[c], w->fmt[WF_HEADER]);
	row++;
	wb_check(w, worksheet_repeat_rows(ws, head, head));
	for (i = 0; i < p->nitems; i++, row++) {
		const struct sp_item *it = &p->items[i];
		wb_number(w, ws, row, 0, (double)it->row);
		wb_text(w, ws, row, 1, it->id, w->fmt[WF_TEXT]);
		wb_text(w, ws, row, 2, it->stratum, w->fmt[WF_TEXT]);
		wb_text(w, ws, row, 3, it->value, w->fmt[WF_TEXT]);
		if (it->hits)
			wb_number(w, ws, row, 4, (double)it->hits);
		wb_text(w, ws, row, 5, sp_selected_by_name(it->by), w->fmt[WF_TEXT]);
		for (c = 0; c < p->ncolumns; c++)
			wb_text(w, ws, row, (lxw_col_t)(6 + c), it->columns ? it->columns[c] : NULL,
			        w->fmt[WF_WRAP]);
	}
}
