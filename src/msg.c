/* msg.c: one prefix, one place to print diagnostics. */
#include "msg.h"

#include <stdio.h>

static int quiet;

void ak_msg_quiet(int q) { quiet = q; }

static void vprint(const char *kind, const char *fmt, va_list ap)
{
	fflush(stdout);
	fputs("auditkit: ", stderr);
	if (kind)
		fputs(kind, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void ak_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprint("error: ", fmt, ap);
	va_end(ap);
}

void ak_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprint("warning: ", fmt, ap);
	va_end(ap);
}

void ak_note(const char *fmt, ...)
{
	va_list ap;
	if (quiet)
		return;
	va_start(ap, fmt);
	vprint(NULL, fmt, ap);
	va_end(ap);
}

void ak_diag_print(const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fputs(file, stderr);
	if (line > 0) {
		fprintf(stderr, ":%d", line);
		if (col > 0)
			fprintf(stderr, ":%d", col);
	}
	fputs(": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
