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
	static const char *const head[] = {"Clause", "Item", "Requirement", "Coverage duty"};
	const struct grader *g = w->r->grader;
	lxw_worksheet *ws = w->coverage;
	size_t np = g ? grade_npeople(g) : 0, nr = g ? grade_nreqs(g) : 0, i, p;
	lxw_col_t best = (lxw_col_t)(4 + np);

	wb_print_setup(w, ws, 0);
	for (i = 0; i < 4; i++)
		wb_text(w, ws, 0, (lxw_col_t)i, head[i], w->fmt[WF_HEADER]);
	for (p = 0; p < np; p++)
		wb_text(w, ws, 0, (lxw_col_t)(4 + p), grade_person(g, p), w->fmt[WF_HEADER]);
	wb_text(w, ws, 0, best, "Best", w->fmt[WF_HEADER]);
	wb_text(w, ws, 0, best + 1, "Gap", w->fmt[WF_HEADER]);
	worksheet_set_column(ws, 0, 1, 7, NULL);
	worksheet_set_column(ws, 2, 2, 50, NULL);
	worksheet_set_column(ws, 3, 3, 10, NULL);
	if (np)
		worksheet_set_column(ws, 4, (lxw_col_t)(3 + np), 16, NULL);
	worksheet_set_column(ws, best, best, 8, NULL);
	worksheet_set_column(ws, best + 1, best + 1, 40, NULL);
	worksheet_freeze_panes(ws, 1, 3);
	for (i = 0; i < nr; i++) {
		const struct grade_req *q = grade_req(g, i);
		lxw_row_t row = (lxw_row_t)(i + 1);
		wb_text(w, ws, row, 0, q->clause, w->fmt[WF_TEXT]);
		wb_text(w, ws, row, 1, q->item, w->fmt[WF_TEXT]);
		wb_text(w, ws, row, 2, q->requirement, w->fmt[WF_WRAP]);
		wb_text(w, ws, row, 3, q->coverage ? "yes" : "no", w->fmt[WF_TEXT]);
		for (p = 0; p < np; p++) {
			int s = grade_score(g, i, p);
			if (s >= 0)
				wb_number(w, ws, row, (lxw_col_t)(4 + p), s);
		}
		if (q->best >= 0)
			wb_number(w, ws, row, best, q->best);
		if (q->gap)
			wb_text(w, ws, row, best + 1, "not asked of any interviewee",
			        w->fmt[WF_WRAP]);
	}
	if (nr)
		score_scale(w, ws, 1, 4, (lxw_row_t)nr, best);
}

/* ---- Interviews: per question and interviewee ---------------------------------- */

static void question_evidence(struct ak_buf *b, const struct scored_question *q)
{
	size_t i, j;

	for (i = 0; i < q->nev; i++)
		ak_buf_printf(b, "%s[%s] \"%s\" (line %ld)", b->len ? "\n" : "", q->ev[i].kind,
		              q->ev[i].q.quote, q->ev[i].q.line);
	for (i = 0; i < q->ncontra; i++)
		ak_buf_printf(b, "%s[contradiction] \"%s\" (line %ld); the records say: %s",
		              b->len ? "\n" : "", q->contra[i].said.quote, q->contra[i].said.line,
		              q->contra[i].record);
	for (i = 0; i < q->nprobes; i++) {
		const struct scored_probe *p = &q->probes[i];
		ak_buf_printf(b, "%s[probe %s] %s", b->len ? "\n" : "", p->met ? "met" : "not met",
		              p->label);
		for (j = 0; j < p->nmissing; j++)
			ak_buf_printf(b, "%s%s", j ? ", " : "; missing: ", p->missing[j]);
	}
}

void wb_write_interviews(struct wb *w)
{
	static const char *const cols[] = {
	    "Interviewee", "Role",        "Auditor",  "Date",  "Notes",  "Question id", "Clause",
	    "Item",        "Requirement", "Question", "Score", "Reason", "Evidence",    NULL};
	static const double widths[] = {20, 10, 16, 11, 24, 14, 7, 5, 30, 45, 7, 45, 70};
	const struct grader *g = w->r->grader;
	lxw_worksheet *ws = w->interviews;
	lxw_row_t row = 1;
	size_t i, j;

	wb_print_setup(w, ws, 0);
	wb_header_row(w, ws, 0, cols, widths);
	worksheet_freeze_panes(ws, 1, 1);
	for (i = 0; g && i < grade_ninterviews(g); i++) {
		const struct scored *s = grade_interview(g, i);
		for (j = 0; j < s->nquestions; j++, row++) {
			const struct scored_question *q = &s->questions[j];
			wb_text(w, ws, row, 0, s->interviewee, w->fmt[WF_WRAP]);
			wb_text(w, ws, row, 1, s->role, w->fmt[WF_TEXT]);
			wb_text(w, ws, row, 2, s->auditor, w->fmt[WF_WRAP]);
			wb_date(w, ws, row, 3, s->date);
			wb_text(w, ws, row, 4, s->notes_file, w->fmt[WF_WRAP]);
			wb_text(w, ws, row, 5, q->id, w->fmt[WF_TEXT]);
			wb_text(w, ws, row, 6, q->clause, w->fmt[WF_TEXT]);
			wb_text(w, ws, row, 7, q->item, w->fmt[WF_TEXT]);
			wb_text(w, ws, row, 8, q->requirement, w->fmt[WF_WRAP]);
			wb_text(w, ws, row, 9, q->question, w->fmt[WF_WRAP]);
			wb_number(w, ws, row, 10, q->score);
			wb_text(w, ws, row, 11, q->reason, w->fmt[WF_WRAP]);
			ak_buf_reset(&w->b2);
			question_evidence(&w->b2, q);
			wb_text(w, ws, row, 12, ak_buf_str(&w->b2), w->fmt[WF_WRAP]);
		}
	}
	if (row > 1)
		score_scale(w, ws, 1, 10, row - 1, 10);
}

/* ---- Sources: what was assessed, by hash ---------------------------------------- */

static void source_row(struct wb *w, lxw_row_t row, const char *kind, const char *name,
                       const char *where, const char *sha)
{
	lxw_worksheet *ws = w->sources;

	wb_text(w, ws, row, 0, kind, w->fmt[WF_TEXT]);
	wb_text(w, ws, row, 1, name, w->fmt[WF_WRAP]);
	wb_text(w, ws, row, 2, where, w->fmt[WF_WRAP]);
	wb_text(w, ws, row, 7, sha, w->fmt[WF_TEXT]);
}

void wb_write_sources(struct wb *w)
{
	static const char *const cols[] = {"Kind",         "Name",        "URL or file",
	                                   "Retrieved at", "HTTP status", "Content type",
	                                   "Bytes",        "SHA-256",     NULL};
	static const double widths[] = {18, 28, 50, 22, 8, 24, 10, 68};
	const struct report *r = w->r;
	const struct grader *g = r->grader;
	const struct evidence_snapshot *ev = r->evidence;
	lxw_worksheet *ws = w->sources;
	lxw_row_t row = 1;
	size_t i, j;

	wb_print_setup(w, ws, 0);
	wb_header_row(w, ws, 0, cols, widths);
	worksheet_freeze_panes(ws, 1, 0);
	for (i = 0; ev && i < ev->n; i++, row++) {
		const struct evidence_doc *d = &ev->docs[i];
		source_row(w, row, d->role, d->file, d->url, d->sha256);
		wb_stamp(w, ws, row, 3, d->retrieved);
		if (d->status >= 0)
			wb_number(w, ws, row, 4, (double)d->status);
		wb_text(w, ws, row, 5, d->content_type, w->fmt[WF_TEXT]);
		wb_number(w, ws, row, 6, (double)d->bytes);
	}
	for (i = 0; g && i < grade_ninterviews(g); i++, row++) {
		const struct scored *s = grade_interview(g, i);
		source_row(w, row, "interview notes", grade_interview_person(g, i), s->notes_file,
		           s->notes_sha256);
	}
	for (i = 0; g && i < grade_ninterviews(g); i++) {
		const struct scored *s = grade_interview(g, i);
		if (!s->facts_sha256)
			continue;
		for (j = 0; j < i; j++)
			if (ak_streq(grade_interview(g, j)->facts_sha256, s->facts_sha256))
				break;
		if (j == i)
			source_row(w, row++, "facts", "the records answers were held against",
			           s->facts_file, s->facts_sha256);
	}
	for (i = 0; g && i < grade_ninterviews(g); i++, row++) {
		const struct scored *s = grade_interview(g, i);
		source_row(w, row, "scored interview", s->generator, s->path, s->sha256);
	}
	if (r->manual_path)
		source_row(w, row++, "manual findings", NULL, r->manual_path, r->manual_sha256);
	if (r->rules)
		source_row(w, row++, "grading rules", rules_id(r->rules), rules_path(r->rules),
		           rules_sha256(r->rules));
	if (r->plan) {
		source_row(w, row++, "sampling plan", r->plan->objective, r->plan_path,
		           r->plan_sha256);
		source_row(w, row++, "sampled population", r->plan->id_column, r->plan->source,
		           r->plan->sha256);
	}
}

/* ---- Sampling: the plan, when given ---------------------------------------------- */

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
	KV("Population", p->source);
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
	params = p->parameters ? json_dumps(p->parameters, JSON_COMPACT) : NULL;
	KV("Parameters", params);
	free(params);
	snprintf(num, sizeof num, "%llu", (unsigned long long)p->seed);
	KV("Seed", num);
	KV("Generator", p->generator);
	snprintf(num, sizeof num, "%zu", p->nitems);
	KV("Sample size", num);
	KV("Made by", p->created_by);
	KV("Plan file", w->r->plan_path);
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
