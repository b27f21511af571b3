/* csv.h: a streaming RFC 4180 reader and a quoting writer.
 *
 * Reads records one at a time from a FILE, so memory follows the longest
 * record, not the file: a 400 MB population is read in a few MiB. Handles a
 * UTF-8 byte-order mark, CRLF or LF, quoted fields with embedded delimiters,
 * doubled quotes and newlines, and comma, semicolon or tab delimiters (as
 * European Excel writes them), detected from the first record unless given.
 * Completely empty lines are skipped. A quote is special only at the start
 * of a field: a field holding one elsewhere (27" screen) is an error, since
 * a spreadsheet or an export tool writes such a field quoted ("27"" screen")
 * and one that did not is broken. A parser, so it prints nothing: errors
 * are kept for the caller to report with the file name and line. */
#ifndef AK_CSV_H
#define AK_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct csv_opts {
	char delim;        /* 0: detect from the first record */
	size_t max_record; /* bytes; 0: 64 MiB */
};

struct csv_record {
	size_t n;      /* number of fields (at least 1) */
	char **field;  /* NUL-terminated, borrowed until the next csv_read */
	size_t *len;   /* byte length of each field (fields may hold NUL) */
	long line;     /* line on which the record starts, from 1 */
};

struct csv_reader;

/* A new reader on fp (not closed by csv_close); NULL when out of memory. */
struct csv_reader *csv_open(FILE *fp, const struct csv_opts *opts);
/* 1: a record in *rec; 0: end of input; -1: error (csv_errmsg, csv_errline). */
int csv_read(struct csv_reader *r, struct csv_record *rec);
const char *csv_errmsg(const struct csv_reader *r);
long csv_errline(const struct csv_reader *r);
/* The delimiter in use (known after the first csv_read). */
char csv_delim(const struct csv_reader *r);
/* Bytes consumed so far, for progress reports. */
unsigned long long csv_offset(const struct csv_reader *r);
void csv_close(struct csv_reader *r);

/* Write one field, quoted when it holds the delimiter, a quote, CR or LF,
 * or begins or ends with a space. Returns false on a write error. */
bool csv_write_field(FILE *fp, const char *s, size_t len, char delim);
/* Write a record of n NUL-terminated fields and CRLF (RFC 4180). */
bool csv_write_record(FILE *fp, const char *const *fields, size_t n, char delim);

#endif
