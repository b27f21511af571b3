/* wb_int.h: what the workbook's files share (workbook.c, wb_summary.c,
 * wb_sheets.c, wb_cells.c). Not for use outside them. */
#ifndef AK_WB_INT_H
#define AK_WB_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <xlsxwriter.h>

#include "findings/grade.h"
#include "findings/report.h"
#include "core/util.h"

/* Excel's limit on the characters of a cell (counted in UTF-16 units). */
#define WB_CELL_MAX 32767

enum wb_fmt {
	WF_HEADER, /* a table header */
	WF_WRAP,   /* text, wrapped, top-aligned */
	WF_TEXT,   /* text, top-aligned */
	WF_DATE,   /* yyyy-mm-dd */
	WF_STAMP,  /* yyyy-mm-dd hh:mm:ss "UTC" */
	WF_NUMBER, /* a whole number, top-aligned */
	WF_TITLE,  /* the Summary's title */
	WF_LABEL,  /* the left column of key-value sheets */
	WF_BOLD,
	WF_BANNER, /* "internal to the audit team" */
	WF_MAJOR, /* conditional formats, by grade */
	WF_MINOR,
	WF_OBSERVATION,
	WF_OFI,
	WF_CONFORMITY,
	WF_COUNT
};

struct wb {
	lxw_workbook *book;
	lxw_worksheet *summary, *findings, *evidence, *coverage, *interviews, *sources, *sampling,
	    *unmatched, *about;
	lxw_row_t ev_row; /* the next row of the Evidence sheet */
	lxw_format *fmt[WF_COUNT];
	const struct report *r;
	size_t nfindings, row; /* findings promised, and the next row of the register */
	struct ak_buf b, b2;   /* scratch, reused for every cell */
	char *header, *footer; /* the print header and footer */
	bool cut_any;          /* a cell was cut */
	bool failed;
	lxw_error lerr; /* the first library error */
};

/* Length of the UTF-8 sequence at s, and its UTF-16 units (Excel counts
 * a cell's characters in UTF-16). */
size_t wb_utf8_len(const unsigned char *s, int *units);

/* Write text as text (never a formula), escaped for Excel's _xHHHH_
 * convention and cut at the cell limit with a visible marker. NULL or ""
 * writes a blank cell carrying the format. */
void wb_text(struct wb *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s,
             lxw_format *f);
/* A YYYY-MM-DD as a real date (text when it is not one; blank when NULL). */
void wb_date(struct wb *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s);
/* An ISO 8601 UTC time "YYYY-MM-DDTHH:MM:SSZ" as a real date and time. */
void wb_stamp(struct wb *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s);
void wb_number(struct wb *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double v);
/* Record a library error (the first one is kept). */
void wb_check(struct wb *w, lxw_error e);

/* Landscape, fit to one page wide, the header row repeated (when
 * header_row >= 0), the header and footer. */
void wb_print_setup(struct wb *w, lxw_worksheet *ws, int header_row);
/* A header row of text in WF_HEADER, with column widths. */
void wb_header_row(struct wb *w, lxw_worksheet *ws, lxw_row_t row, const char *const *names,
                   const double *widths);

/* Lines a wrapped cell of the text takes at a column width (in
 * characters): what row heights are made from. */
int wb_lines(const char *s, double width);
/* A sheet for the audit team only: a banner on its first row. */
void wb_internal_banner(struct wb *w, lxw_worksheet *ws, lxw_col_t last);
/* The audit type and a person's role in words. */
const char *wb_audit_type_words(const char *code);

/* The sheets written at the end (wb_summary.c, wb_sheets.c). */
void wb_write_summary(struct wb *w);
void wb_write_about(struct wb *w);
void wb_write_coverage(struct wb *w);
void wb_write_interviews(struct wb *w);
void wb_write_sources(struct wb *w);
void wb_write_sampling(struct wb *w);
void wb_write_unmatched(struct wb *w);

#endif
