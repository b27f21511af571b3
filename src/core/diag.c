/* diag.c: collected diagnostics. */
#include "core/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/util.h"

void ak_diags_add(struct ak_diags *d, const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;
	char buf[1024];
	struct ak_diag *x;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (!ak_grow(&d->v, &d->cap, d->n + 1, sizeof *d->v)) {
		d->oom = true;
		return;
	}
	x = &d->v[d->n];
	x->file = ak_strdup(file ? file : "");
	x->msg = ak_strdup(buf);
	x->line = line;
	x->col = col;
	if (!x->file || !x->msg) {
		free(x->file);
		free(x->msg);
		d->oom = true;
		return;
	}
	d->n++;
}

void ak_diags_print(const struct ak_diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		ak_diag_print(d->v[i].file, d->v[i].line, d->v[i].col, "%s", d->v[i].msg);
	if (d->oom)
		ak_error("out of memory while recording diagnostics; some are missing");
}

void ak_diags_release(struct ak_diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
	d->oom = false;
}
