/* wb_cells.c: the cell helpers every sheet of the workbook uses (wb_int.h):
 * text that is never a formula, dates, numbers, headers, print setup. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings/wb_int.h"

/* ======================================================================
 * Cells
 * ====================================================================== */

void wb_check(struct wb *w, lxw_error e)
{
	if (e != LXW_NO_ERROR && !w->failed) {
		w->failed = true;
		w->lerr = e;
	}
}

/* Length of the UTF-8 sequence at s, and its UTF-16 units. Invalid bytes
 * count as one unit (jansson and the CSV reader pass only valid UTF-8 from
 * JSON; a stray byte from CSV is shown as it is). */
size_t wb_utf8_len(const unsigned char *s, int *units)
{
	*units = 1;
	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80)
		return 2;
	if ((s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80)
		return 3;
	if ((s[0] & 0xF8) == 0xF0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 &&
	    (s[3] & 0xC0) == 0x80) {
		*units = 2;
		return 4;
	}
	return 1;
}

/* Does s begin Excel's escape for a character, "_x" four hex digits "_"? */
static bool is_escape(const char *s)
{
	int i;

	if (s[0] != '_' || s[1] != 'x')
		return false;
	for (i = 2; i < 6; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]) || !s[i])
			return false;
	return s[6] == '_';
}

static void thousands(struct ak_buf *b, size_t n)
{
	char digits[32];
	size_t len, i;

	snprintf(digits, sizeof digits, "%zu", n);
	len = strlen(digits);
	for (i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			ak_buf_addc(b, ',');
		ak_buf_addc(b, digits[i]);
	}
}

/* Escape s into b for a cell, and cut it at the cell limit. Excel reads
 * "_xHHHH_" in a cell as the character HHHH, so a literal one in the text
 * gets its underscore written as "_x005F_" (Excel's own escape); libxlsxwriter
 * escapes control characters the same way. The cut keeps whole characters
 * and ends with a marker saying how long the text was. */
static void cell_text(struct wb *w, const char *s)
{
	struct ak_buf *b = &w->b;
	size_t i, chars = 0, budget = WB_CELL_MAX, used = 0;
	int units;
	char marker[96];

	ak_buf_reset(b);
	for (i = 0; s[i];) {
		size_t k = wb_utf8_len((const unsigned char *)s + i, &units);
		chars++;
		used += units + (is_escape(s + i) ? 6 : 0);
		i += k;
	}
	if (used > budget) {
		struct ak_buf m = AK_BUF_INIT;
		ak_buf_adds(&m, "\xe2\x80\xa6 [cut: ");
		thousands(&m, chars);
		ak_buf_adds(&m, " characters in full; the JSON and CSV outputs hold them all]");
		snprintf(marker, sizeof marker, "%s", ak_buf_str(&m));
		ak_buf_release(&m);
		budget -= strlen(marker); /* ASCII but for the ellipsis: a safe bound */
		w->cut_any = true;
	} else {
		marker[0] = '\0';
	}
	for (i = used = 0; s[i];) {
		size_t k = wb_utf8_len((const unsigned char *)s + i, &units);
		bool esc = is_escape(s + i);
		if (marker[0] && used + units + (esc ? 6 : 0) > budget)
			break;
		used += units + (esc ? 6 : 0);
		if (esc)
			ak_buf_adds(b, "_x005F");
		ak_buf_add(b, s + i, k);
		i += k;
	}
	if (marker[0])
		ak_buf_adds(b, marker);
}

/* Most cells need neither escaping nor cutting: fewer bytes than the limit
 * has characters, and no "_x". Those are handed over as they are. */
static bool plain(const char *s)
{
	const char *p = s;

	while ((p = strchr(p, '_')))
		if (*++p == 'x')
			return false;
	return strlen(s) <= WB_CELL_MAX;
}

void wb_text(struct wb *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s,
             lxw_format *f)
{
	if (!s || !*s) {
		if (f)
			wb_check(w, worksheet_write_blank(ws, row, col, f));
		return;
	}
	if (plain(s)) {
		wb_check(w, worksheet_write_string(ws, row, col, s, f));
		return;
	}
	cell_text(w, s);
	if (ak_buf_failed(&w->b)) {
		w->failed = true;
		w->lerr = LXW_ERROR_MEMORY_MALLOC_FAILED;
		return;
	}
	/* worksheet_write_string stores text as text whatever it begins with
	 * (= + - @ TAB CR included): never worksheet_write_formula. */
	wb_check(w, worksheet_write_string(ws, row, col, ak_buf_str(&w->b), f));
}

void wb_date(struct wb *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s)
{
	lxw_datetime dt;

	memset(&dt, 0, sizeof dt);
	if (!s || !*s) {
		wb_check(w, worksheet_write_blank(ws, row, col, w->fmt[WF_DATE]));
		return;
	}
	if (!report_date_parts(s, &dt.year, &dt.month, &dt.day) || dt.year < 1900) {
		wb_text(w, ws, row, col, s, w->fmt[WF_TEXT]);
		return;
	}
	wb_check(w, worksheet_write_datetime(ws, row, col, &dt, w->fmt[WF_DATE]));
}

void wb_stamp(struct wb *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s)
{
	lxw_datetime dt;
	char tail[4] = "";
	double sec = 0;

	memset(&dt, 0, sizeof dt);
	if (!s || !*s)
		return;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%lf%3s", &dt.year, &dt.month, &dt.day, &dt.hour, &dt.min,
	           &sec, tail) < 6 ||
	    dt.year < 1900 || dt.month < 1 || dt.month > 12 || dt.day < 1 || dt.day > 31 ||
	    (tail[0] && strcmp(tail, "Z") != 0)) {
		wb_text(w, ws, row, col, s, w->fmt[WF_TEXT]);
		return;
	}
	dt.sec = sec;
	wb_check(w, worksheet_write_datetime(ws, row, col, &dt, w->fmt[WF_STAMP]));
}

void wb_number(struct wb *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double v)
{
	wb_check(w, worksheet_write_number(ws, row, col, v, w->fmt[WF_NUMBER]));
}

void wb_header_row(struct wb *w, lxw_worksheet *ws, lxw_row_t row, const char *const *names,
                   const double *widths)
{
	lxw_col_t c;

	for (c = 0; names[c]; c++) {
		wb_check(w, worksheet_write_string(ws, row, c, names[c], w->fmt[WF_HEADER]));
		if (widths)
			wb_check(w, worksheet_set_column(ws, c, c, widths[c], NULL));
	}
}

void wb_print_setup(struct wb *w, lxw_worksheet *ws, int header_row)
{
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_set_margins(ws, 0.4, 0.4, 0.75, 0.75);
	if (header_row >= 0)
		wb_check(w,
		         worksheet_repeat_rows(ws, (lxw_row_t)header_row, (lxw_row_t)header_row));
	wb_check(w, worksheet_set_header(ws, w->header));
	wb_check(w, worksheet_set_footer(ws, w->footer));
}


/* ======================================================================
 * Row heights, banners, words
 * ====================================================================== */

/* Calibri at 11 points puts about 1.05 characters of prose in each unit of (0.95 is kept: Carlito and DejaVu differ)
 * column width once words are kept whole: a safe side to err on, since a
 * row too tall wastes paper and a row too short hides text. */
int wb_lines(const char *s, double width)
{
	double per = width * 0.95;
	int lines = 0;
	size_t chars = 0;
	int units;

	if (!s || !*s)
		return 1;
	if (per < 1)
		per = 1;
	for (;;) {
		if (*s == '\n' || *s == '\0') {
			lines += chars ? (int)((chars + per - 1) / per) : 1;
			chars = 0;
			if (!*s)
				break;
			s++;
			continue;
		}
		s += wb_utf8_len((const unsigned char *)s, &units);
		chars++;
	}
	return lines;
}

void wb_internal_banner(struct wb *w, lxw_worksheet *ws, lxw_col_t last)
{
	lxw_col_t c;

	worksheet_set_tab_color(ws, 0xBFBFBF);
	for (c = 0; c <= last; c++)
		wb_text(w, ws, 0, c,
		        c ? NULL
		          : "Internal to the audit team: the scoring behind the findings, not part of "
		            "the client's register (left out with --client)",
		        w->fmt[WF_BANNER]);
}

const char *wb_audit_type_words(const char *code)
{
	static const char *const t[][2] = {
	    {"stage1", "Stage 1 audit"},
	    {"stage2", "Stage 2 audit"},
	    {"surveillance", "Surveillance audit"},
	    {"recertification", "Recertification audit"},
	    {"internal", "Internal audit"},
	};
	size_t i;

	for (i = 0; code && i < sizeof t / sizeof t[0]; i++)
		if (strcmp(code, t[i][0]) == 0)
			return t[i][1];
	return code;
}
