/* page.h: the interview page, one self-contained HTML file the auditor
 * runs the interview from (docs/script-format.md, "The interview page").
 *
 * Its HTML, CSS and JavaScript are real files in src/interview/page/,
 * turned into C data at build time; the script's JSON goes in beside them,
 * escaped for a <script type="application/json"> element. Nothing is
 * fetched when the page runs, and the same inputs give the same bytes. */
#ifndef AK_PAGE_H
#define AK_PAGE_H

#include <stdio.h>

#include "core/err.h"
#include "evidence/facts.h"
#include "interview/bank.h"
#include "interview/plan.h"
#include "interview/script.h"

/* Write the page to fp. facts may be NULL. AK_ERR_OUTPUT on a write error,
 * AK_ERR_NOMEM when out of memory. */
ak_err page_write(FILE *fp, const struct bank *b, const struct plan *p, const struct facts *f,
		  const struct render_meta *m);

/* The JSON text made safe inside <script type="application/json">: every
 * '<', '>' and '&' written as a \u escape, so neither "</script>" nor
 * "<!--" can occur. New string, NULL when out of memory. */
char *page_json_escape(const char *json);

#endif
