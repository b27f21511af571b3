/* statements.h: the unit of evidence (DESIGN.md, "Judgement").
 *
 * The notes are cut into statements: sentences (ICU's sentence break
 * iterator, with its English abbreviation suppressions, so "Mr. Brandt",
 * "v2.1" and "e.g. the SOC" stay whole), bullets and marked lines, the cells
 * of a table row, and the turns of a transcript. Lines a prose writer
 * wrapped are joined first, so a sentence is never cut at a line end; short
 * lines (terse shorthand) stay statements of their own.
 *
 * Each statement keeps its normalised text (core/text.h: straight quotes,
 * one space) with the map back to the notes, so everything later stages
 * find is quoted and located in the auditor's own file. A parser: it reads
 * the notes and prints nothing. */
#ifndef AK_STATEMENTS_H
#define AK_STATEMENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/text.h"
#include "score/notes.h"

/* Who the words are. Notes are the auditor's record of the interviewee
 * (SP_NOTES); in a transcript each turn has its speaker. */
enum stmt_speaker {
	SP_NOTES,       /* the auditor's notes of what was said */
	SP_INTERVIEWEE, /* a transcript turn of the interviewee */
	SP_AUDITOR,     /* a transcript turn of the auditor */
	SP_OTHER        /* someone else in a transcript (a second auditor, a colleague) */
};

enum stmt_kind { ST_SENTENCE, ST_BULLET, ST_CELL, ST_TURN };

struct stmt {
	size_t off, len;   /* in the notes: the statement's first and last bytes */
	int line;          /* 1-based line of off */
	size_t section;    /* index into notes->sections */
	size_t para;       /* paragraph, bullet, table row or turn: topics carry within one */
	size_t first_line; /* index into notes->lines of the line it starts on */
	enum stmt_kind kind;
	enum notes_mark mark;      /* the auditor's mark of its line (or the row's mark cell) */
	enum stmt_speaker speaker;
	bool question;     /* the auditor asking ("Q: ...", an auditor's turn ending in '?') */
	bool record;       /* an evidence cell of a table: a record the auditor saw */
	char hint[16];     /* a clause item a table cell or a leading "5.1 c:" names, or "" */
	struct text t;     /* normalised text with its map into the notes (owned) */
};

#define STMTS_TEXT_MAX (8u << 20)   /* bytes of statements read from one notes file */
#define STMTS_ANSWER_MAX (1u << 20) /* bytes read from one paragraph (one answer) */
/* statements read from one notes file: 8 MiB of one-line marks ("+ ok") is
 * 200,000 of them, and scoring holds about 5 KiB for each; an interview of
 * a day is a few thousand (docs/notes-format.md, "Limits") */
#define STMTS_MAX 100000u

struct stmts {
	struct stmt *v;
	size_t n, cap;
	size_t npara;
	bool truncated;        /* the notes hold more than STMTS_TEXT_MAX bytes of statements */
	bool too_many;         /* ... or more than STMTS_MAX statements */
	size_t cut;            /* paragraphs longer than STMTS_ANSWER_MAX, read on their first */
	char *auditor_speaker; /* the transcript speaker taken as the auditor, or NULL (owned) */
};

/* Cut n into statements. auditor and interviewee (either may be NULL) name
 * the transcript's speakers; without them the auditor is whoever asks most
 * questions and the interviewee whoever speaks most of the rest. false when
 * out of memory (out then holds what was made; release it). */
bool stmts_build(const struct notes *n, const char *auditor, const char *interviewee,
		 struct stmts *out);
void stmts_release(struct stmts *s);

/* Parse a clause reference as auditors write it ("5.1 c", "5.1c", "5.1(c)",
 * "9.3", "6,1", "5.l c") into "5.1 c" / "9.3" in out (size n). Returns the
 * bytes of s it took, 0 when s does not start with one. */
size_t stmt_clause_ref(const char *s, size_t len, char *out, size_t n);

#endif
