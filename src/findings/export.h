/* export.h: the findings as CSV, JSON or OSCAL assessment-results
 * (docs/findings-format.md).
 *
 * An exporter takes the findings one at a time, so a register of any size
 * streams through CSV and JSON; OSCAL, a single nested document, is built
 * in memory and written at the end. Nothing is written but to the FILE the
 * caller gives (an ak_out, so a failed run leaves no half-written file). */
#ifndef AK_EXPORT_H
#define AK_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "core/err.h"
#include "findings/grade.h"
#include "findings/report.h"

#define FINDINGS_FORMAT "auditkit-findings/2"

enum export_format { EXPORT_CSV, EXPORT_JSON, EXPORT_OSCAL };

struct export_opts {
	bool bom; /* CSV for Excel: a UTF-8 byte-order mark, and text that would
	             start a formula (= + - @ TAB CR) led by an apostrophe */
};

struct exporter;

/* Start writing to fp. r is borrowed until export_end (its tallies are
 * read there, so the caller tallies each finding before passing it). */
ak_err export_begin(FILE *fp, enum export_format fmt, const struct report *r,
                    const struct export_opts *o, struct exporter **out);
ak_err export_finding(struct exporter *x, const struct grade_finding *f);
/* Write what follows the findings and free x (also on error). */
ak_err export_end(struct exporter *x);
void export_abort(struct exporter *x);

/* ---- for export_oscal.c --------------------------------------------------- */
struct export_oscal;
ak_err export_oscal_begin(const struct report *r, struct export_oscal **out);
ak_err export_oscal_finding(struct export_oscal *o, const struct grade_finding *f, const char *due,
                            const char *status);
ak_err export_oscal_end(struct export_oscal *o, FILE *fp); /* frees o */
void export_oscal_free(struct export_oscal *o);

/* A name-based UUID (version 5 bits, SHA-256 of the parts instead of
 * SHA-1), as 36 characters and a NUL: the same parts, the same UUID. */
void export_uuid(char out[37], const char *kind, const char *a, const char *b);

#endif
