/* msg.c: one prefix, one place to print diagnostics. */
#include "core/msg.h"

#include <stdio.h>
#include <stdlib.h>

static int level = AK_NORMAL;
static _Thread_local struct ak_msg_sink *sink; /* this thread's messages, if set */

void ak_msg_set_level(int l) { level = l; }
int ak_msg_level(void) { return level; }
void ak_msg_quiet(int q) { level = q ? AK_QUIET : AK_NORMAL; }

void ak_msg_capture(struct ak_msg_sink *s) { sink = s; }

void ak_msg_sink_close(struct ak_msg_sink *s)
{
	if (s->f)
		fclose(s->f);
	s->f = NULL;
}

void ak_msg_sink_release(struct ak_msg_sink *s)
{
	ak_msg_sink_close(s);
	free(s->text);
	s->text = NULL;
	s->len = 0;
}

static int progress_shown; /* a progress line is on the screen, unended */

void ak_progress(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("\rauditkit: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\033[K", stderr); /* clear what a longer line left */
	fflush(stderr);
	progress_shown = 1;
}

void ak_progress_end(void)
{
	if (progress_shown)
		fputc('\n', stderr);
	progress_shown = 0;
}

void ak_msg_sink_print(const struct ak_msg_sink *s)
{
	if (!s->len)
		return;
	ak_progress_end();
	fflush(stdout);
	fwrite(s->text, 1, s->len, stderr);
}

static FILE *out(void)
{
	if (!sink) {
		ak_progress_end();
		return stderr;
	}
	if (!sink->f)
		sink->f = open_memstream(&sink->text, &sink->len);
	return sink->f ? sink->f : stderr;
}

static void vprint(const char *kind, const char *fmt, va_list ap)
{
	FILE *f = out();

	if (f == stderr)
		fflush(stdout);
	fputs("auditkit: ", f);
	if (kind)
		fputs(kind, f);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
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
	if (level < AK_NORMAL)
		return;
	va_start(ap, fmt);
	vprint("warning: ", fmt, ap);
	va_end(ap);
}

void ak_note(const char *fmt, ...)
{
	va_list ap;
	if (level < AK_NORMAL)
		return;
	va_start(ap, fmt);
	vprint(NULL, fmt, ap);
	va_end(ap);
}

void ak_verbosef(const char *fmt, ...)
{
	va_list ap;
	if (level < AK_VERBOSE)
		return;
	va_start(ap, fmt);
	vprint(NULL, fmt, ap);
	va_end(ap);
}

void ak_diag_print(const char *file, int line, int col, const char *fmt, ...)
{
	FILE *f = out();
	va_list ap;

	if (f == stderr)
		fflush(stdout);
	fputs(file, f);
	if (line > 0) {
		fprintf(f, ":%d", line);
		if (col > 0)
			fprintf(f, ":%d", col);
	}
	fputs(": ", f);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}
