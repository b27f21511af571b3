/* cell.h: text bound for a spreadsheet cell, kept as text.
 *
 * Excel and LibreOffice run a CSV field that starts with = + - @ (or TAB or
 * CR, which they strip first) as a formula: "=HYPERLINK(...)" in a risk
 * title or an id becomes a live link or worse (CSV injection). OWASP's
 * advice is a leading apostrophe, which the spreadsheet shows as text and
 * hides. Every CSV auditkit writes for people (findings with --bom, the
 * sampling plan) goes through here, and the reader of a plan undoes it. */
#ifndef AK_CELL_H
#define AK_CELL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Whether s would be run as a formula: its first byte is = + - @ TAB CR. */
bool ak_cell_formula_like(const char *s);
/* Whether s gets the apostrophe: formula-like, or an apostrophe before
 * what would need one ("'=x" is written "''=x", so reading back is exact). */
bool ak_cell_needs_guard(const char *s);
/* Write s (n bytes) as one CSV field (csv_write_field), with the apostrophe
 * when ak_cell_needs_guard(s). False on a write error or out of memory. */
bool ak_cell_write_csv(FILE *fp, const char *s, size_t n, char delim);
/* Reading a field written so: how many leading bytes to drop (0 or 1). */
size_t ak_cell_unguard(const char *s);

#endif
