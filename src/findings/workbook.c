/* workbook.c: opening and closing the workbook, and the Findings register.
 * The other sheets are in wb_summary.c and wb_sheets.c; the cell helpers
 * every sheet uses in wb_cells.c. Calls run one way: workbook.c -> the
 * sheets -> wb_cells.c. */
#include "findings/workbook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings/rules.h"
#include "findings/wb_int.h"

/* ======================================================================
 * Opening
 * ====================================================================== */

static lxw_format *fmt(struct wb *w)
{
	return workbook_add_format(w->book);
}

static void make_formats(struct wb *w)
{
	static const struct {
		enum wb_fmt id;
		lxw_color_t bg, fg;
	} grades[] = {
	    {WF_MAJOR, 0xFFC7CE, 0x9C0006},       {WF_MINOR, 0xFCE4D6, 0x833C0B},
	    {WF_OBSERVATION, 0xFFEB9C, 0x7F6000}, {WF_OFI, 0xDDEBF7, 0x1F4E78},
	    {WF_CONFORMITY, 0xC6EFCE, 0x006100},
	};
	lxw_format *f;
	size_t i;

	f = w->fmt[WF_HEADER] = fmt(w);
	format_set_bold(f);
	format_set_font_color(f, LXW_COLOR_WHITE);
	format_set_bg_color(f, 0x1F4E78);
	format_set_text_wrap(f);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	format_set_border(f, LXW_BORDER_THIN);
	f = w->fmt[WF_WRAP] = fmt(w);
	format_set_text_wrap(f);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	f = w->fmt[WF_TEXT] = fmt(w);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	f = w->fmt[WF_DATE] = fmt(w);
	format_set_num_format(f, "yyyy-mm-dd");
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	format_set_align(f, LXW_ALIGN_LEFT);
	f = w->fmt[WF_STAMP] = fmt(w);
	format_set_num_format(f, "yyyy-mm-dd hh:mm:ss \"UTC\"");
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	format_set_align(f, LXW_ALIGN_LEFT);
	f = w->fmt[WF_NUMBER] = fmt(w);
	format_set_num_format(f, "0");
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	format_set_align(f, LXW_ALIGN_LEFT);
	f = w->fmt[WF_TITLE] = fmt(w);
	format_set_bold(f);
	format_set_font_size(f, 14);
	f = w->fmt[WF_LABEL] = fmt(w);
	format_set_bold(f);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	f = w->fmt[WF_BOLD] = fmt(w);
	format_set_bold(f);
	format_set_text_wrap(f);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	f = w->fmt[WF_BANNER] = fmt(w);
	format_set_bold(f);
	format_set_font_color(f, 0x7F6000);
	format_set_bg_color(f, 0xFFF2CC);
	for (i = 0; i < sizeof grades / sizeof grades[0]; i++) {
		f = w->fmt[grades[i].id] = fmt(w);
		format_set_bg_color(f, grades[i].bg);
		format_set_font_color(f, grades[i].fg);
	}
}

/* Header and footer text: '&' starts a code, so the audit's own '&' is
 * doubled; Excel allows 255 characters, so a long name is shortened. */
static char *print_text(const char *left, const char *right)
{
	struct ak_buf b = AK_BUF_INIT;
	size_t budget = 250 - strlen(right) - 4, used = 0;
	const unsigned char *s = (const unsigned char *)left;

	ak_buf_adds(&b, "&L");
	while (*s) {
		int units;
		size_t k = wb_utf8_len(s, &units), need = *s == '&' ? 2 : k;
		if (used + need > budget)
			break;
		if (*s == '&')
			ak_buf_addc(&b, '&');
		ak_buf_add(&b, s, k);
		used += need;
		s += k;
	}
	ak_buf_adds(&b, "&R");
	ak_buf_adds(&b, right);
	return ak_buf_detach(&b);
}

static char *audit_title(const struct report *r)
{
	const struct report_audit *a = r->audit;
	struct ak_buf b = AK_BUF_INIT;

	if (!a || !a->organisation)
		ak_buf_adds(&b, "Audit findings");
	else {
		ak_buf_adds(&b, a->organisation);
		if (a->standard)
			ak_buf_printf(&b, ": %s", a->standard);
		if (a->audit_type)
			ak_buf_printf(&b, ", %s", wb_audit_type_words(a->audit_type));
		if (a->start && a->end)
			ak_buf_printf(&b, ", %s to %s", a->start, a->end);
	}
	return ak_buf_detach(&b);
}

/* The register's header. The client's columns come first and print on two
 * A4 landscape pages across (the Id repeated on the second): the finding
 * (Id to Objective evidence), then the grade's reason and the response
 * the client writes. The columns after them are the audit team's (the
 * key, the rule, the override, who was interviewed) and are not printed.
 * Widths are in characters; each printed page holds about 145. */
static const char *const findings_cols[] = {
    "Id",                /* 0 */
    "Clause",            /* 1 */
    "Grade",             /* 2 */
    "Requirement",       /* 3 */
    "Statement",         /* 4 */
    "Objective evidence",/* 5 */
    "Why this grade",    /* 6 */
    "Correction",        /* 7 */
    "Root cause",        /* 8 */
    "Corrective action", /* 9 */
    "Owner",             /* 10 */
    "Response due",      /* 11 */
    "Target date",       /* 12 */
    "Status",            /* 13 */
    "Key",               /* 14 */
    "Related clauses",   /* 15 */
    "Interviewees",      /* 16 */
    "Auditors",          /* 17 */
    "Interview date",    /* 18 */
    "Rule",              /* 19 */
    "Rule grade",        /* 20 */
    "Override grade",    /* 21 */
    "Overridden by",     /* 22 */
    "Override reason",   /* 23 */
    "Note",              /* 24 */
    NULL,
};
static const double findings_widths[] = {8,  9,  14, 26, 34, 52, 40, 18, 18, 20, 11, 11, 11,
                                         13, 28, 12, 30, 16, 11, 26, 15, 15, 16, 30, 30};
enum {
	FC_ID = 0,
	FC_GRADE = 2,
	FC_EVIDENCE = 5,
	FC_WHY = 6,
	FC_DUE = 11,
	FC_TARGET = 12,
	FC_STATUS = 13,
	FC_CLIENT_LAST = 13,
	FC_RULE_GRADE = 20,
	FC_OVERRIDE = 21,
	FC_LAST = 24
};
/* The most lines a row may take: Excel's limit is 409 points. */
#define WB_MAX_LINES 26

static void grade_formats(struct wb *w, lxw_worksheet *ws, lxw_row_t first, lxw_row_t last,
                          lxw_col_t col)
{
	static const enum wb_fmt f[GRADE_COUNT] = {WF_MAJOR, WF_MINOR, WF_OBSERVATION, WF_OFI,
	                                           WF_CONFORMITY};
	int g;

	for (g = 0; g < GRADE_COUNT; g++) {
		lxw_conditional_format cf;
		char v[64];
		memset(&cf, 0, sizeof cf);
		snprintf(v, sizeof v, "\"%s\"", grade_label((enum grade)g));
		cf.type = LXW_CONDITIONAL_TYPE_CELL;
		cf.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
		cf.value_string = v;
		cf.format = w->fmt[f[g]];
		wb_check(w, worksheet_conditional_format_range(ws, first, col, last, col, &cf));
	}
}

static void list_validation(struct wb *w, lxw_worksheet *ws, lxw_row_t first, lxw_row_t last,
                            lxw_col_t col, const char **values, const char *what)
{
	lxw_data_validation dv;
	char title[32];

	memset(&dv, 0, sizeof dv);
	dv.validate = LXW_VALIDATION_TYPE_LIST;
	dv.value_list = (char **)values;
	dv.ignore_blank = LXW_VALIDATION_ON;
	dv.input_title = title;
	snprintf(title, sizeof title, "%s", what);
	dv.input_message = (char *)"Choose from the list.";
	dv.error_title = title;
	dv.error_message = (char *)"Choose one of the values in the list.";
	wb_check(w, worksheet_data_validation_range(ws, first, col, last, col, &dv));
}

/* The Findings sheet's frame: header, table, drop-downs, colours, panes.
 * In constant-memory mode libxlsxwriter refuses tables because it cannot
 * go back to a row it has written; the table's only rows it writes itself
 * are the header captions, so the table is declared with the mode off for
 * that one call (John McNamara suggests the same for Perl's writer) and the
 * header row is then written by us, in order, with the same captions. */
static void findings_frame(struct wb *w)
{
	static const char *grades[GRADE_COUNT + 1];
	lxw_worksheet *ws = w->findings;
	lxw_table_column cols[FC_LAST + 1], *colp[FC_LAST + 2];
	lxw_table_options to;
	lxw_row_t last = (lxw_row_t)(w->nfindings ? w->nfindings : 1);
	uint8_t optimize;
	lxw_error e;
	int i;

	for (i = 0; i < GRADE_COUNT; i++)
		grades[i] = grade_label((enum grade)i);
	memset(cols, 0, sizeof cols);
	memset(&to, 0, sizeof to);
	for (i = 0; i <= FC_LAST; i++) {
		cols[i].header = (char *)findings_cols[i];
		colp[i] = &cols[i];
	}
	colp[FC_LAST + 1] = NULL;
	to.name = (char *)"Findings";
	to.columns = colp;
	to.style_type = LXW_TABLE_STYLE_TYPE_LIGHT;
	to.style_type_number = 9;
	optimize = ws->optimize;
	ws->optimize = LXW_FALSE;
	e = worksheet_add_table(ws, 0, 0, last, FC_LAST, &to);
	ws->optimize = optimize;
	if (e != LXW_NO_ERROR) {
		/* Not expected; the register keeps its filters without a table. */
		ak_warn("the findings table could not be made (%s): filters only", lxw_strerror(e));
		wb_check(w, worksheet_autofilter(ws, 0, 0, last, FC_LAST));
	}
	wb_header_row(w, ws, 0, findings_cols, findings_widths);
	worksheet_set_row(ws, 0, 30, NULL);
	worksheet_freeze_panes(ws, 1, 1);
	list_validation(w, ws, 1, last, FC_GRADE, grades, "Grade");
	list_validation(w, ws, 1, last, FC_OVERRIDE, grades, "Override grade");
	list_validation(w, ws, 1, last, FC_STATUS, (const char **)grade_statuses, "Status");
	grade_formats(w, ws, 1, last, FC_GRADE);
	grade_formats(w, ws, 1, last, FC_RULE_GRADE);
	grade_formats(w, ws, 1, last, FC_OVERRIDE);
	wb_print_setup(w, ws, 0);
	{
		/* Two pages across: the finding, then the response; the Id
		 * column repeated; the audit team's columns not printed. */
		static lxw_col_t breaks[] = {FC_WHY, 0}; /* before G */
		worksheet_fit_to_pages(ws, 0, 0);
		worksheet_set_print_scale(ws, 85);
		worksheet_print_across(ws);
		wb_check(w, worksheet_set_v_pagebreaks(ws, breaks));
		wb_check(w, worksheet_repeat_columns(ws, 0, 0));
		wb_check(w, worksheet_print_area(ws, 0, 0, last, FC_CLIENT_LAST));
	}
}

/* The Evidence sheet: every quote of every finding, one a row. */
static void evidence_frame(struct wb *w)
{
	static const char *const cols[] = {"Finding", "Who (role)", "Statement", "Notes",
	                                   "Line", "The records say", NULL};
	static const double widths[] = {9, 30, 62, 20, 6, 40};
	lxw_worksheet *ws = w->evidence;

	wb_header_row(w, ws, 0, cols, widths);
	worksheet_freeze_panes(ws, 1, 1);
	wb_print_setup(w, ws, 0);
	w->ev_row = 1;
}

ak_err wb_open(const char *path, const struct report *r, size_t nfindings, struct wb **out)
{
	lxw_workbook_options opts;
	lxw_doc_properties props;
	struct wb *w;
	char *title = NULL, *left = NULL;

	*out = NULL;
	if (nfindings >= LXW_ROW_MAX - 1) {
		ak_error("%zu findings do not fit in one worksheet (at most %u)", nfindings,
		         LXW_ROW_MAX - 2);
		return AK_ERR_DATA;
	}
	w = calloc(1, sizeof *w);
	if (!w)
		return AK_ERR_NOMEM;
	w->r = r;
	w->nfindings = nfindings;
	w->row = 1;
	memset(&opts, 0, sizeof opts);
	opts.constant_memory = LXW_TRUE;
	w->book = workbook_new_opt(path, &opts);
	title = audit_title(r);
	left = title ? ak_asprintf("Findings report, %s", r->date ? r->date : "") : NULL;
	w->header = title ? print_text(title, "&A") : NULL;
	w->footer = left ? print_text(left, "Page &P of &N") : NULL;
	if (!w->book || !w->header || !w->footer) {
		free(title);
		free(left);
		wb_abort(w);
		return AK_ERR_NOMEM;
	}
	/* The file's creation time is the report date, not the clock, so the
	 * same inputs give the same bytes (zip entries carry it too). */
	memset(&props, 0, sizeof props);
	props.title = title;
	props.subject = (char *)"Audit findings";
	props.author = (char *)"auditkit " AK_VERSION;
	props.comments = (char *)"Made by auditkit findings";
	props.created = (time_t)report_date_epoch(r->date);
	if (props.created <= 0)
		props.created = 315532800; /* 1980-01-01, the zip format's epoch */
	wb_check(w, workbook_set_properties(w->book, &props));
	free(title);
	free(left);
	make_formats(w);
	w->summary = workbook_add_worksheet(w->book, "Summary");
	w->findings = workbook_add_worksheet(w->book, "Findings");
	w->evidence = workbook_add_worksheet(w->book, "Evidence");
	if (!r->client) {
		w->coverage = workbook_add_worksheet(w->book, "Coverage (audit team)");
		w->interviews = workbook_add_worksheet(w->book, "Interviews (audit team)");
	}
	w->sources = workbook_add_worksheet(w->book, "Sources");
	if (r->plan)
		w->sampling = workbook_add_worksheet(w->book, "Sampling");
	if (r->nresponses)
		w->unmatched = workbook_add_worksheet(w->book, "Unmatched responses");
	w->about = workbook_add_worksheet(w->book, "About");
	if (!w->summary || !w->findings || !w->evidence ||
	    (!r->client && (!w->coverage || !w->interviews)) || !w->sources ||
	    (r->plan && !w->sampling) || (r->nresponses && !w->unmatched) || !w->about) {
		wb_abort(w);
		return AK_ERR_NOMEM;
	}
	findings_frame(w);
	evidence_frame(w);
	if (w->failed) {
		ak_error("cannot make the workbook: %s", lxw_strerror(w->lerr));
		wb_abort(w);
		return AK_ERR_INTERNAL;
	}
	*out = w;
	return AK_OK;
}

/* ======================================================================
 * The register
 * ====================================================================== */

/* A register cell: text, or nothing at all when empty. */
static void wb_cell(struct wb *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s,
                    lxw_format *f)
{
	if (s && *s)
		wb_text(w, ws, row, col, s, f);
}

/* The evidence cell: as many quotes as a row can show, then where the rest
 * are; every quote is on the Evidence sheet. */
static void evidence_cell(struct wb *w, const struct grade_finding *f, struct ak_buf *b,
                          int *lines)
{
	struct ak_buf one = AK_BUF_INIT;
	size_t i;
	int n = 0;

	*lines = 0;
	for (i = 0; i < f->nquotes; i++) {
		int k;
		ak_buf_reset(&one);
		grade_text_quote(&f->quotes[i], &one);
		k = wb_lines(ak_buf_str(&one), findings_widths[FC_EVIDENCE]);
		if (n + k > WB_MAX_LINES - 2 && i + 1 < f->nquotes) {
			ak_buf_printf(b, "%s\xe2\x80\xa6 and %zu more on the Evidence sheet (%s)",
			              b->len ? "\n" : "", f->nquotes - i, f->id ? f->id : "");
			n += 2;
			break;
		}
		ak_buf_printf(b, "%s%s", b->len ? "\n" : "", ak_buf_str(&one));
		n += k;
	}
	ak_buf_release(&one);
	*lines = n;
}

static void evidence_rows(struct wb *w, const struct grade_finding *f)
{
	lxw_worksheet *ws = w->evidence;
	size_t i;

	for (i = 0; i < f->nquotes; i++, w->ev_row++) {
		const struct grade_quote *q = &f->quotes[i];
		int h = wb_lines(q->quote, 62);
		if (h > 1)
			worksheet_set_row(ws, w->ev_row, h > WB_MAX_LINES ? 409 : 15.0 * h + 2, NULL);
		wb_cell(w, ws, w->ev_row, 0, f->id, w->fmt[WF_TEXT]);
		wb_cell(w, ws, w->ev_row, 1, q->who ? q->who : "written by the auditor",
		        w->fmt[WF_WRAP]);
		wb_cell(w, ws, w->ev_row, 2, q->quote, w->fmt[WF_WRAP]);
		wb_cell(w, ws, w->ev_row, 3, q->notes, w->fmt[WF_WRAP]);
		if (q->line > 0)
			wb_number(w, ws, w->ev_row, 4, (double)q->line);
		wb_cell(w, ws, w->ev_row, 5, q->record, w->fmt[WF_WRAP]);
	}
}

ak_err wb_finding(struct wb *w, const struct grade_finding *f)
{
	lxw_worksheet *ws = w->findings;
	const struct grade_override *ov = f->override;
	lxw_format *wrap = w->fmt[WF_WRAP], *text = w->fmt[WF_TEXT];
	lxw_row_t row = (lxw_row_t)w->row;
	const char *cells[FC_LAST + 1];
	char due[11], clause[64];
	int lines = 1, k;
	lxw_col_t c;

	if (w->row > w->nfindings)
		return AK_ERR_INTERNAL; /* more than promised: the table would be wrong */
	if (f->nquotes > LXW_ROW_MAX - w->ev_row) {
		/* libxlsxwriter would refuse the row and the run end without a word */
		ak_error("the quoted evidence does not fit on the Evidence sheet: a worksheet "
		         "holds %u rows and %s brings the quotes past them (CSV and JSON have no "
		         "such limit)",
		         LXW_ROW_MAX, f->id ? f->id : "a finding");
		return AK_ERR_DATA;
	}
	memset(cells, 0, sizeof cells);
	snprintf(clause, sizeof clause, "%s%s%s", f->clause ? f->clause : "", f->item ? " " : "",
	         f->item ? f->item : "");
	if (f->items && !f->item)
		snprintf(clause, sizeof clause, "%s (%s)", f->clause ? f->clause : "", f->items);
	ak_buf_reset(&w->b2);
	evidence_cell(w, f, &w->b2, &lines);
	cells[0] = f->id;
	cells[1] = clause;
	cells[2] = grade_label(f->grade);
	cells[3] = f->requirement;
	cells[4] = f->statement;
	cells[5] = ak_buf_str(&w->b2);
	cells[6] = f->reason;
	cells[7] = f->correction;
	cells[8] = f->root_cause;
	cells[9] = f->corrective_action;
	cells[10] = f->owner;
	cells[13] = report_status(w->r, f);
	cells[14] = f->key;
	cells[15] = f->related;
	cells[19] = f->rule;
	cells[20] = grade_label(f->rule_grade);
	cells[21] = ov ? grade_label(ov->grade) : NULL;
	cells[22] = ov ? ov->by : NULL;
	cells[23] = ov ? ov->why : NULL;
	cells[24] = f->note;
	/* The row's height from its text, so wrapped text never runs into
	 * the next row (LibreOffice and Excel do not grow a row written with
	 * text alone). The reason is long: it counts within the page's limit. */
	for (c = 1; c <= FC_CLIENT_LAST; c++)
		if (c != FC_EVIDENCE && cells[c] && (k = wb_lines(cells[c], findings_widths[c])) > lines)
			lines = k;
	if (lines > WB_MAX_LINES)
		lines = WB_MAX_LINES;
	worksheet_set_row(ws, row, 15.0 * lines + 3, NULL);
	for (c = 0; c <= FC_LAST; c++) {
		if (c == FC_DUE || c == FC_TARGET || c == 16 || c == 17 || c == 18)
			continue;
		wb_cell(w, ws, row, c, cells[c],
		        c == FC_ID || c == FC_STATUS || c == 20 || c == 21 ? text
		                                                                          : wrap);
	}
	ak_buf_reset(&w->b2);
	grade_text_list(f->interviewees, f->ninterviewees, &w->b2);
	wb_cell(w, ws, row, 16, ak_buf_str(&w->b2), wrap);
	ak_buf_reset(&w->b2);
	grade_text_list(f->auditors, f->nauditors, &w->b2);
	wb_cell(w, ws, row, 17, ak_buf_str(&w->b2), wrap);
	if (f->date)
		wb_date(w, ws, row, 18, f->date);
	report_due(w->r, f, due);
	if (due[0])
		wb_date(w, ws, row, FC_DUE, due);
	if (f->target)
		wb_date(w, ws, row, FC_TARGET, f->target);
	evidence_rows(w, f);
	w->row++;
	if (ak_buf_failed(&w->b2))
		return AK_ERR_NOMEM;
	return w->failed ? AK_ERR_INTERNAL : AK_OK;
}

/* ======================================================================
 * Closing
 * ====================================================================== */

static void release(struct wb *w)
{
	ak_buf_release(&w->b);
	ak_buf_release(&w->b2);
	free(w->header);
	free(w->footer);
	free(w);
}

ak_err wb_close(struct wb *w)
{
	lxw_error e;

	if (w->row != w->nfindings + 1 && !(w->nfindings == 0 && w->row == 1)) {
		wb_abort(w);
		return AK_ERR_INTERNAL;
	}
	if (w->nfindings == 0) /* a table needs a row: an empty one */
		wb_text(w, w->findings, 1, 0, NULL, w->fmt[WF_TEXT]);
	if (w->ev_row == 1) /* a sheet with no evidence: say so */
		wb_text(w, w->evidence, 1, 2, "No quoted evidence.", w->fmt[WF_TEXT]);
	wb_write_summary(w);
	if (w->coverage)
		wb_write_coverage(w);
	if (w->interviews)
		wb_write_interviews(w);
	wb_write_sources(w);
	if (w->sampling)
		wb_write_sampling(w);
	if (w->unmatched)
		wb_write_unmatched(w);
	wb_write_about(w);
	worksheet_activate(w->summary);
	if (w->failed) {
		ak_error("cannot make the workbook: %s", lxw_strerror(w->lerr));
		wb_abort(w);
		return w->lerr == LXW_ERROR_MEMORY_MALLOC_FAILED ? AK_ERR_NOMEM : AK_ERR_INTERNAL;
	}
	if (w->cut_any)
		ak_note("some cells were longer than Excel allows (32,767 characters) and were cut "
		        "with a marker; the JSON and CSV outputs hold the full text");
	e = workbook_close(w->book);
	w->book = NULL;
	release(w);
	if (e != LXW_NO_ERROR) {
		ak_error("cannot write the workbook: %s", lxw_strerror(e));
		return AK_ERR_OUTPUT;
	}
	return AK_OK;
}

void wb_abort(struct wb *w)
{
	if (!w)
		return;
	if (w->book)
		lxw_workbook_free(w->book);
	release(w);
}
