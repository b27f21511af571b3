/* textin.h: text files as people save them.
 *
 * Editors and word processors save text with a UTF-8 byte-order mark
 * (Notepad, Excel's "CSV UTF-8"), as UTF-16 ("Unicode text" on Windows), or
 * with old Mac line ends; a device or a pipe can be endless. Every reader of
 * a file a person wrote or edited (notes, facts, manual findings, rules,
 * scored interviews, audit.json, sampling plans) comes through here, so one
 * place decides what is accepted and every message names the file. */
#ifndef AK_TEXTIN_H
#define AK_TEXTIN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

enum ak_bom { AK_BOM_NONE, AK_BOM_UTF8, AK_BOM_UTF16LE, AK_BOM_UTF16BE };

/* The byte-order mark s[0..n) opens with. */
enum ak_bom ak_bom_of(const char *s, size_t n);

/* Flags of ak_read_text(). */
enum {
	AK_TEXT_KEEP_BOM = 1, /* leave a UTF-8 BOM in (offsets true to the file: notes) */
	AK_TEXT_NO_UTF16 = 2, /* refuse UTF-16 ("save as UTF-8") instead of converting it */
};

/* Read the whole text file path ("-" is standard input) into a new
 * NUL-terminated buffer the caller frees. Unlike ak_read_file():
 *  - a regular file over max bytes is refused before any of it is read, and
 *    a device or pipe is read no further than max (max 0: no limit);
 *  - a NUL byte is refused as soon as it is read ("not a text file"), so
 *    /dev/zero or a binary file costs one read, not max bytes;
 *  - a UTF-8 BOM is dropped (unless AK_TEXT_KEEP_BOM);
 *  - UTF-16 with a BOM is converted to UTF-8 (ICU), or refused with
 *    "UTF-16: save as UTF-8" under AK_TEXT_NO_UTF16; UTF-16 without a BOM
 *    (NULs every other byte) is named as such.
 * Prints a message naming the file; AK_ERR_INPUT for what cannot be read,
 * AK_ERR_DATA for what is not UTF-8 text, AK_ERR_NOMEM. */
ak_err ak_read_text(const char *path, size_t max, unsigned flags, char **data, size_t *len);

/* Convert UTF-16 (LE or BE per bom, without the BOM's two bytes) to a new
 * NUL-terminated UTF-8 buffer. False on a malformed sequence (an unpaired
 * surrogate, an odd byte count) or out of memory (*oom set). */
bool ak_utf16_to_utf8(const char *s, size_t n, enum ak_bom bom, char **out, size_t *outlen,
		      bool *oom);

/* The working copy of a text: every CR not followed by LF (old Mac line
 * ends, some exports) becomes LF, in place, same length, so offsets stay
 * true to the file. Returns how many were changed. */
size_t ak_lone_cr_to_lf(char *s, size_t n);

/* A value that goes on one line of a header (front matter, a heading, a
 * CSV cell): NULL if s has no control character, else a static name of the
 * first ("a line break", "a carriage return", "a tab", "control character
 * U+001B", "a Unicode line separator"), for "--interviewee holds ...". */
const char *ak_control_in(const char *s);

#endif
