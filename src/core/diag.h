/* diag.h: a list of "file:line:column: message" diagnostics.
 *
 * Parsers of outside input (banks, facts, rules) collect every problem they
 * find instead of stopping at the first, so an author fixes a file in one
 * pass. The command prints them; the parser prints nothing. */
#ifndef AK_DIAG_H
#define AK_DIAG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/msg.h"

struct ak_diag {
	char *file;
	int line, col; /* 0: unknown */
	char *msg;
};

struct ak_diags {
	struct ak_diag *v;
	size_t n, cap;
	bool oom; /* a diagnostic could not be recorded */
};

#define AK_DIAGS_INIT {NULL, 0, 0, false}

void ak_diags_add(struct ak_diags *d, const char *file, int line, int col, const char *fmt, ...)
	AK_PRINTF(5, 6);
/* Print each as "file:line:col: msg" on standard error, in the order found. */
void ak_diags_print(const struct ak_diags *d);
void ak_diags_release(struct ak_diags *d);

#endif
