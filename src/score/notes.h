/* notes.h: reading the auditor's notes (docs/notes-format.md).
 *
 * Markdown and plain text notes, WebVTT and SRT transcripts. The notes are
 * kept as read; everything here is an offset into them, so scoring quotes
 * and locates its evidence in the auditor's own file. A parser: it prints
 * nothing and writes nothing. */
#ifndef AK_NOTES_H
#define AK_NOTES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "core/err.h"

enum notes_kind { NOTES_MARKDOWN, NOTES_TEXT, NOTES_WEBVTT, NOTES_SRT };

enum notes_mark { MARK_NONE, MARK_PLUS, MARK_MINUS, MARK_UNCLEAR, MARK_FLAG };

/* Part of a line that is the answer: the line without its mark and without
 * [E: ...] spans. */
struct notes_piece {
	size_t off, len;
};

struct notes_line {
	int line;              /* 1-based */
	size_t off, len;       /* the whole line, without its end */
	enum notes_mark mark;
	size_t mark_off;       /* offset of the mark character */
	size_t first_piece, npieces;
};

struct notes_doc {
	size_t off, len; /* the whole "[E: ...]" */
	size_t text_off, text_len; /* what is inside */
	int line;
};

enum notes_section_kind {
	SEC_PREAMBLE, /* text before the first heading */
	SEC_HEADING,  /* "## ..." */
	SEC_TURN      /* a speaker's turn in a transcript */
};

struct notes_section {
	enum notes_section_kind kind;
	const char *heading; /* text after "## ", or the speaker of a turn; NUL-terminated, owned by the notes */
	int line;            /* of the heading or the turn's first cue */
	size_t first_line, nlines; /* into the lines */
};

struct notes_meta {
	const char *interviewee, *role, *date, *auditor, *audit, *organisation, *bank;
	int line; /* where the front matter starts (0: none) */
	/* the line of each key's value (0: not in the notes), for messages */
	int interviewee_line, role_line, date_line, auditor_line, audit_line, organisation_line,
	    bank_line;
};

struct notes {
	const char *path;
	const char *data; /* the file's bytes, NUL-terminated */
	size_t len;
	enum notes_kind kind;
	char sha256[65]; /* of the file's bytes as read */
	struct notes_meta meta;
	struct notes_line *lines;
	size_t nlines;
	struct notes_piece *pieces;
	size_t npieces;
	struct notes_section *sections;
	size_t nsections;
	struct notes_doc *docs;
	size_t ndocs;
	/* private */
	size_t bom; /* 3 when the file opens with a UTF-8 byte-order mark */
	size_t *line_starts;
	size_t nline_starts;
	char *strings;
	size_t strings_len, strings_cap;
	size_t caplines, cappieces, capsections, capdocs;
};

/* Read and parse a notes file; the kind comes from the extension (.vtt,
 * .srt, .txt, else Markdown) or a WEBVTT header. Problems (not text, not
 * UTF-8, empty, a broken cue) go to d; NULL then with *err set. */
struct notes *notes_load(const char *path, struct ak_diags *d, ak_err *err);
/* The same from memory (data is copied). */
struct notes *notes_parse(const char *path, const char *data, size_t len, struct ak_diags *d,
			  ak_err *err);
void notes_free(struct notes *n);

/* 1-based line of a byte offset. */
int notes_line_of(const struct notes *n, size_t off);
/* The line holding off, trimmed, at most max bytes (cut at a character
 * boundary, "…" added): written to out, a NUL-terminated string. */
void notes_context(const struct notes *n, size_t off, char *out, size_t max);

#endif
