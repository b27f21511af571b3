/* wb_summary.c: the Summary sheet (the audit, counts by grade, the
 * certification recommendation, a chart of findings by clause) and the
 * About sheet (what made the workbook, from what). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

#include "findings/rules.h"
#include "findings/wb_int.h"

static void kv(struct wb *w, lxw_worksheet *ws, lxw_row_t row, const char *k, const char *v)
{
	int h = wb_lines(v, 60), hk = wb_lines(k, 30);

	if (hk > h)
		h = hk;
	if (h > 1)
		worksheet_set_row(ws, row, 15.0 * (h > 26 ? 26 : h) + 3, NULL);
	wb_text(w, ws, row, 0, k, w->fmt[WF_LABEL]);
	wb_text(w, ws, row, 1, v, w->fmt[WF_WRAP]);
}

static void kv_date(struct wb *w, lxw_worksheet *ws, lxw_row_t row, const char *k, const char *v)
{
	wb_text(w, ws, row, 0, k, w->fmt[WF_LABEL]);
	wb_date(w, ws, row, 1, v);
}

static int cmp_clause(const void *a, const void *b)
{
	const struct report_clause *x = *(const struct report_clause *const *)a;
	const struct report_clause *y = *(const struct report_clause *const *)b;
	return grade_cmp_clause(x->clause, NULL, y->clause, NULL);
}

static void people_text(struct ak_buf *b, const struct report_person *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *role = v[i].role ? grade_role_words(v[i].role) : NULL;
		ak_buf_printf(b, "%s%s", i ? "; " : "", v[i].name);
		if (role)
			ak_buf_printf(b, " (%c%s)", toupper((unsigned char)role[0]), role + 1);
	}
}

/* The chart: one stacked column per clause, a series per grade, over the
 * table just written at rows first..last. */
static void chart(struct wb *w, lxw_row_t first, lxw_row_t last)
{
	static const lxw_color_t colours[GRADE_COUNT] = {0xC00000, 0xED7D31, 0xFFC000, 0x5B9BD5,
	                                                 0x70AD47};
	lxw_chart *ch = workbook_add_chart(w->book, LXW_CHART_COLUMN_STACKED);
	lxw_chart_options pos;
	int g;

	if (!ch) {
		wb_check(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	for (g = 0; g < GRADE_COUNT; g++) {
		lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
		lxw_chart_fill fill;
		if (!s) {
			wb_check(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
			return;
		}
		memset(&fill, 0, sizeof fill);
		fill.color = colours[g];
		chart_series_set_categories(s, "Summary", first, 0, last, 0);
		chart_series_set_values(s, "Summary", first, (lxw_col_t)(1 + g), last,
		                        (lxw_col_t)(1 + g));
		chart_series_set_name_range(s, "Summary", first - 1, (lxw_col_t)(1 + g));
		chart_series_set_fill(s, &fill);
	}
	chart_title_set_name(ch, "Findings by clause");
	chart_axis_set_name(ch->x_axis, "Clause");
	chart_axis_set_name(ch->y_axis, "Findings");
	/* counts: whole numbers on the axis */
	chart_axis_set_min(ch->y_axis, 0);
	chart_axis_set_major_unit(ch->y_axis, 1);
	chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
	memset(&pos, 0, sizeof pos);
	pos.x_scale = 1.6;
	pos.y_scale = 1.15;
	/* beside the summary, short enough to end above the table by clause */
	wb_check(w, worksheet_insert_chart_opt(w->summary, 2, 3, ch, &pos));
}

void wb_write_summary(struct wb *w)
{
	const struct report *r = w->r;
	const struct report_audit *a = r->audit;
	const struct grader *g = r->grader;
	lxw_worksheet *ws = w->summary;
	struct report_clause **cl = NULL;
	lxw_row_t row = 0, first;
	char range[64];
	size_t i;
	int k;

	worksheet_set_column(ws, 0, 0, 30, NULL);
	worksheet_set_column(ws, 1, 1, 60, NULL);
	worksheet_set_column(ws, 2, 6, 13, NULL);
	wb_print_setup(w, ws, -1);
	wb_text(w, ws, row++, 0, "Audit findings", w->fmt[WF_TITLE]);
	row++;
	kv(w, ws, row++, "Organisation", a ? a->organisation : NULL);
	kv(w, ws, row++, "Scope", a ? a->scope : NULL);
	kv(w, ws, row++, "Standard", a ? a->standard : NULL);
	kv(w, ws, row++, "Audit type", a ? wb_audit_type_words(a->audit_type) : NULL);
	kv_date(w, ws, row++, "Start", a ? a->start : NULL);
	kv_date(w, ws, row++, "End", a ? a->end : NULL);
	ak_buf_reset(&w->b2);
	if (a)
		people_text(&w->b2, a->team, a->nteam);
	kv(w, ws, row++, "Audit team", ak_buf_str(&w->b2));
	ak_buf_reset(&w->b2);
	for (i = 0; g && i < grade_npeople(g); i++)
		ak_buf_printf(&w->b2, "%s%s", i ? "; " : "", grade_person(g, i));
	if (!w->b2.len && a)
		people_text(&w->b2, a->interviewees, a->ninterviewees);
	kv(w, ws, row++, "Interviewed", ak_buf_str(&w->b2));
	kv_date(w, ws, row++, "Report date", r->date);
	row++;

	/* Counts: live formulas over the register that follow the effective
	 * grade (an Override grade typed in the Findings sheet wins over the
	 * Grade), stored with the counts as issued. These are the workbook's
	 * only formulas. */
	wb_text(w, ws, row, 0, "Grade", w->fmt[WF_HEADER]);
	wb_text(w, ws, row++, 1, "Findings", w->fmt[WF_HEADER]);
	first = row;
	for (k = 0; k < GRADE_COUNT; k++, row++) {
		char f[320];
		size_t last = (w->nfindings ? w->nfindings : 1) + 1;
		snprintf(f, sizeof f,
		         "=SUMPRODUCT((Findings!$V$2:$V$%zu=\"\")*(Findings!$C$2:$C$%zu=\"%s\"))"
		         "+COUNTIF(Findings!$V$2:$V$%zu,\"%s\")",
		         last, last, grade_label((enum grade)k), last, grade_label((enum grade)k));
		wb_text(w, ws, row, 0, grade_label((enum grade)k), w->fmt[WF_TEXT]);
		wb_check(w, worksheet_write_formula_num(ws, row, 1, f, w->fmt[WF_NUMBER],
		                                        (double)r->counts[k]));
	}
	snprintf(range, sizeof range, "=SUM(B%u:B%u)", (unsigned)first + 1, (unsigned)row);
	wb_text(w, ws, row, 0, "Total", w->fmt[WF_LABEL]);
	wb_check(w, worksheet_write_formula_num(ws, row++, 1, range, w->fmt[WF_NUMBER],
	                                        (double)r->total));
	row++;
	kv(w, ws, row, "Recommendation", NULL);
	wb_text(w, ws, row++, 1, report_recommendation_text(report_recommend(r)), w->fmt[WF_BOLD]);
	ak_buf_reset(&w->b2);
	for (i = 0; g && i < grade_nreqs(g); i++) {
		const struct grade_req *q = grade_req(g, i);
		if (!q->gap)
			continue;
		ak_buf_printf(&w->b2, "%s%s%s%s", w->b2.len ? "\n" : "", q->clause,
		              q->item ? " " : "", q->item ? q->item : "");
		if (q->requirement)
			ak_buf_printf(&w->b2, ": %s", q->requirement);
	}
	if (w->b2.len) {
		kv(w, ws, row++,
		   "Not evidenced in any interview (verify before closing; never a nonconformity)",
		   ak_buf_str(&w->b2));
	}
	row++;

	/* Findings by clause, the chart's data. */
	cl = calloc(r->nclauses + 1, sizeof *cl);
	if (!cl) {
		wb_check(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	for (i = 0; i < r->nclauses; i++)
		cl[i] = &r->clauses[i];
	qsort(cl, r->nclauses, sizeof *cl, cmp_clause);
	worksheet_set_row(ws, row, 32, NULL);
	wb_text(w, ws, row, 0, "Clause", w->fmt[WF_HEADER]);
	for (k = 0; k < GRADE_COUNT; k++)
		wb_text(w, ws, row, (lxw_col_t)(1 + k), grade_label((enum grade)k),
		        w->fmt[WF_HEADER]);
	first = ++row;
	for (i = 0; i < r->nclauses; i++, row++) {
		wb_text(w, ws, row, 0, cl[i]->clause[0] ? cl[i]->clause : "(none)",
		        w->fmt[WF_TEXT]);
		for (k = 0; k < GRADE_COUNT; k++)
			wb_number(w, ws, row, (lxw_col_t)(1 + k), (double)cl[i]->n[k]);
	}
	if (r->nclauses)
		chart(w, first, row - 1);
	free(cl);
}

/* ---- About ---------------------------------------------------------------- */

void wb_write_about(struct wb *w)
{
	static const char *const cols[] = {"Rule", "Grade", "Kind of rule", "Why", NULL};
	static const double widths[] = {30, 26, 14, 90};
	const struct report *r = w->r;
	const struct grader *g = r->grader;
	lxw_worksheet *ws = w->about;
	lxw_row_t row = 0;
	size_t i, j;

	wb_print_setup(w, ws, -1);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_set_column(ws, 0, 0, 30, NULL);
	worksheet_set_column(ws, 1, 1, 26, NULL);
	worksheet_set_column(ws, 2, 2, 14, NULL);
	worksheet_set_column(ws, 3, 3, 90, NULL);
	wb_text(w, ws, row++, 0, "About this workbook", w->fmt[WF_TITLE]);
	row++;
	kv(w, ws, row++, "Made by", "auditkit " AK_VERSION " (auditkit findings)");
	kv_date(w, ws, row++, "Report date", r->date);
	if (r->rules) {
		ak_buf_reset(&w->b2);
		ak_buf_printf(&w->b2, "%s, version %s", rules_id(r->rules),
		              rules_version(r->rules));
		kv(w, ws, row++, "Grading rules", ak_buf_str(&w->b2));
	}
	/* Each question bank once. */
	for (i = 0; g && i < grade_ninterviews(g); i++) {
		const struct scored *s = grade_interview(g, i);
		for (j = 0; j < i; j++) {
			const struct scored *t = grade_interview(g, j);
			if (ak_streq(s->bank_id, t->bank_id) &&
			    ak_streq(s->bank_version, t->bank_version))
				break;
		}
		if (j < i)
			continue;
		ak_buf_reset(&w->b2);
		ak_buf_printf(&w->b2, "%s %s (%s)", s->bank_id, s->bank_version ? s->bank_version : "",
		              s->bank_standard ? s->bank_standard : "");
		kv(w, ws, row++, "Question bank", ak_buf_str(&w->b2));
	}
	kv(w, ws, row++, "Formulas",
	   "Only the counts by grade on the Summary sheet are formulas: they count the Override "
	   "grade where one is written, else the Grade. No other cell holds a formula.");
	kv(w, ws, row++, "Text",
	   "Text from notes and findings is always stored as text: a cell beginning with =, +, "
	   "-, @, a tab or a carriage return shows literally and never runs as a formula.");
	kv(w, ws, row++, "Dates",
	   "Response due dates are the report date plus the days the rules give for each grade.");
	if (!r->client)
		kv(w, ws, row++, "Internal sheets",
		   "The sheets marked \"(audit team)\" hold the scoring behind the findings; "
		   "'auditkit findings --client' leaves them out of the client's copy.");
	row++;
	/* Every input, with its SHA-256. */
	wb_text(w, ws, row, 0, "Input", w->fmt[WF_HEADER]);
	wb_text(w, ws, row, 1, "File", w->fmt[WF_HEADER]);
	wb_text(w, ws, row, 2, "", w->fmt[WF_HEADER]);
	wb_text(w, ws, row++, 3, "SHA-256", w->fmt[WF_HEADER]);
	for (i = 0; i < r->ninputs; i++, row++) {
		wb_text(w, ws, row, 0, r->inputs[i].kind, w->fmt[WF_TEXT]);
		wb_text(w, ws, row, 1, r->inputs[i].file, w->fmt[WF_WRAP]);
		wb_text(w, ws, row, 3, r->inputs[i].sha256[0] ? r->inputs[i].sha256 : "(a folder)",
		        w->fmt[WF_TEXT]);
	}
	row++;
	if (!r->rules)
		return;
	wb_header_row(w, ws, row++, cols, widths);
	for (i = 0; i < rules_count(r->rules); i++, row++) {
		const struct rule *x = rules_at(r->rules, i);
		worksheet_set_row(ws, row, 15.0 * wb_lines(rule_why(x), 90) + 3, NULL);
		wb_text(w, ws, row, 0, rule_id(x), w->fmt[WF_TEXT]);
		wb_text(w, ws, row, 1, grade_label(rule_grade(x)), w->fmt[WF_TEXT]);
		wb_text(w, ws, row, 2, rule_is_requirement(x) ? "requirement" : "finding",
		        w->fmt[WF_TEXT]);
		wb_text(w, ws, row, 3, rule_why(x), w->fmt[WF_WRAP]);
	}
	if (rules_fold_why(r->rules)) {
		worksheet_set_row(ws, row, 15.0 * wb_lines(rules_fold_why(r->rules), 90) + 3, NULL);
		wb_text(w, ws, row, 0, "fold_conformities", w->fmt[WF_TEXT]);
		wb_text(w, ws, row, 2, "conformities", w->fmt[WF_TEXT]);
		wb_text(w, ws, row, 3, rules_fold_why(r->rules), w->fmt[WF_WRAP]);
	}
}
