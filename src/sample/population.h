/* population.h: reading an audit population (CSV, JSON or JSON Lines) one
 * row at a time, with its SHA-256 taken from the same bytes.
 *
 * CSV and JSON Lines stream: memory follows the longest record, not the
 * file. A JSON array is loaded whole (jansson), so use CSV or JSON Lines for
 * millions of rows. Only the columns asked for are looked at: the id, and
 * optionally a stratum, a value, columns to keep and filter columns.
 *
 * A population can be read twice (pop_rewind) by methods that need its size
 * first; the second pass must see the same bytes (same SHA-256), and
 * standard input or a pipe is first copied to an unlinked temporary file.
 * Bad input is reported on standard error as "FILE:LINE: message". */
#ifndef AK_POPULATION_H
#define AK_POPULATION_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "core/hash.h"

enum pop_format { POP_AUTO, POP_CSV, POP_JSON, POP_JSONL };

/* A filter: rows whose COLUMN equals (or, negated, differs from) VALUE. */
struct pop_where {
	const char *column;
	const char *value;
	bool negate;
};

struct pop_opts {
	const char *path;          /* "-": standard input */
	enum pop_format format;    /* POP_AUTO: by extension, else CSV */
	const char *id_column;     /* required */
	const char *strata_column; /* NULL: none */
	const char *value_column;  /* NULL: none */
	const char *const *keep;   /* optional columns carried along */
	size_t nkeep;
	const struct pop_where *where; /* all must hold */
	size_t nwhere;
	bool rewindable; /* will call pop_rewind: spool standard input */
};

/* One row that passed the filters; every pointer is borrowed until the next
 * pop_next. stratum and value are NULL unless asked for; keep[i] is NULL
 * when the row (or the header) has no such column. */
struct pop_row {
	long row;  /* record number in the source, from 1, before filtering */
	long line; /* line where it starts (0 in a JSON array) */
	const char *id;
	const char *stratum;
	const char *value;
	const char *const *keep;
};

struct pop_reader;

/* Open a population. Prints a message and returns AK_ERR_INPUT when it
 * cannot be read, AK_ERR_DATA when its header lacks a column asked for.
 * opts and its strings are borrowed for the reader's life. */
ak_err pop_open(const struct pop_opts *opts, struct pop_reader **out);
/* The next row passing the filters: *got false at the end of the input. At
 * the end of a pass the SHA-256 is final; at the end of a second pass it is
 * compared with the first (AK_ERR_INPUT if the file changed). */
ak_err pop_next(struct pop_reader *r, struct pop_row *row, bool *got);
/* Start a second pass from the first byte; only after a complete pass. */
ak_err pop_rewind(struct pop_reader *r);
/* The SHA-256 of the bytes read, once a pass is complete; "" before. */
const char *pop_sha256(const struct pop_reader *r);
/* Rows that passed the filters in the current (or last) pass. */
long pop_count(const struct pop_reader *r);
/* The format in use (never POP_AUTO) and its name. */
enum pop_format pop_format(const struct pop_reader *r);
const char *pop_format_name(enum pop_format f);
/* The name used in "FILE:LINE: message": the path, or "standard input". */
const char *pop_label(const struct pop_reader *r);
/* The name used in sentences: the path in quotes, or standard input. */
const char *pop_qlabel(const struct pop_reader *r);
void pop_close(struct pop_reader *r);

/* Parse a format name ("csv", "json", "jsonl" or "ndjson"); false if not one. */
bool pop_parse_format(const char *s, enum pop_format *f);

#endif
