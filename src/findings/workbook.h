/* workbook.h: the findings workbook the lead auditor hands over (xlsx,
 * through libxlsxwriter): Summary, Findings, Coverage, Interviews, Sources,
 * Sampling (when a plan is given) and About, every sheet printable.
 *
 * The workbook is written in libxlsxwriter's constant-memory mode, so a
 * register of any size takes the same memory: the findings are handed over
 * one at a time, in order, and written as they come; the other sheets are
 * written at the end. Text is always written as text, never as a formula,
 * and a cell over Excel's limit is cut with a visible marker. */
#ifndef AK_WORKBOOK_H
#define AK_WORKBOOK_H

#include <stddef.h>

#include "core/err.h"
#include "findings/grade.h"
#include "findings/report.h"

struct wb;

/* Start a workbook that will be written to path when wb_close succeeds
 * (the caller passes a temporary file and renames it). nfindings is the
 * exact number of findings that will follow (the register is an Excel table
 * whose size is declared first). r is borrowed until wb_close. */
ak_err wb_open(const char *path, const struct report *r, size_t nfindings, struct wb **out);
/* The next finding; the caller has tallied it in the report. */
ak_err wb_finding(struct wb *w, const struct grade_finding *f);
/* Write the remaining sheets and the file; frees w (also on error). */
ak_err wb_close(struct wb *w);
/* Free w without writing a complete file. NULL is fine. */
void wb_abort(struct wb *w);

#endif
