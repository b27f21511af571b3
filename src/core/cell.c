/* cell.c: text bound for a spreadsheet cell, kept as text (cell.h). */
#include "core/cell.h"

#include <string.h>

#include "core/csv.h"
#include "core/util.h"

bool ak_cell_formula_like(const char *s) { return s && s[0] && strchr("=+-@\t\r", s[0]); }

bool ak_cell_needs_guard(const char *s)
{
	if (!s)
		return false;
	while (s[0] == '\'')
		s++;
	return ak_cell_formula_like(s);
}

bool ak_cell_write_csv(FILE *fp, const char *s, size_t n, char delim)
{
	struct ak_buf b = AK_BUF_INIT;
	bool ok;

	if (!ak_cell_needs_guard(s))
		return csv_write_field(fp, s ? s : "", s ? n : 0, delim);
	ak_buf_addc(&b, '\'');
	ak_buf_add(&b, s, n);
	ok = !ak_buf_failed(&b) && csv_write_field(fp, b.data, b.len, delim);
	ak_buf_release(&b);
	return ok;
}

size_t ak_cell_unguard(const char *s) { return s && s[0] == '\'' && ak_cell_needs_guard(s + 1); }
