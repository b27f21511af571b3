/* textin.c: text files as people save them (textin.h). */
#include "core/textin.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unicode/ustring.h>

#include "core/msg.h"
#include "core/util.h"

enum ak_bom ak_bom_of(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		return AK_BOM_UTF8;
	if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE)
		return AK_BOM_UTF16LE;
	if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF)
		return AK_BOM_UTF16BE;
	return AK_BOM_NONE;
}

bool ak_utf16_to_utf8(const char *s, size_t n, enum ak_bom bom, char **out, size_t *outlen,
		      bool *oom)
{
	const unsigned char *u = (const unsigned char *)s;
	UChar *w = NULL;
	char *o = NULL;
	size_t i, nw = n / 2;
	int32_t need = 0;
	UErrorCode st = U_ZERO_ERROR;
	bool ok = false;

	*out = NULL;
	*outlen = 0;
	*oom = false;
	if (n % 2 || nw > INT32_MAX / 3)
		return false;
	if (!(w = malloc((nw ? nw : 1) * sizeof *w))) {
		*oom = true;
		return false;
	}
	for (i = 0; i < nw; i++)
		w[i] = bom == AK_BOM_UTF16BE ? (UChar)(u[2 * i] << 8 | u[2 * i + 1])
					     : (UChar)(u[2 * i + 1] << 8 | u[2 * i]);
	/* u_strToUTF8 refuses an unpaired surrogate (U_INVALID_CHAR_FOUND) */
	u_strToUTF8(NULL, 0, &need, w, (int32_t)nw, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		goto out;
	if (!(o = malloc((size_t)need + 1))) {
		*oom = true;
		goto out;
	}
	st = U_ZERO_ERROR;
	u_strToUTF8(o, need + 1, &need, w, (int32_t)nw, &st);
	if (U_FAILURE(st))
		goto out;
	o[need] = '\0';
	*out = o;
	*outlen = (size_t)need;
	o = NULL;
	ok = true;
out:
	free(w);
	free(o);
	return ok;
}

size_t ak_lone_cr_to_lf(char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n')) {
			s[i] = '\n';
			k++;
		}
	return k;
}

/* NULs at every other byte of the first ones: UTF-16 saved without a BOM. */
static bool looks_utf16(const char *s, size_t n)
{
	size_t i, even = 0, odd = 0, m = n < 64 ? n : 64;

	for (i = 0; i < m; i++)
		if (s[i] == '\0')
			*(i % 2 ? &odd : &even) += 1;
	return m >= 4 && ((odd >= m / 2 - 1 && even == 0) || (even >= m / 2 - 1 && odd == 0));
}

static int line_at(const char *s, size_t off)
{
	int line = 1;
	size_t i;

	for (i = 0; i < off; i++)
		if (s[i] == '\n')
			line++;
	return line;
}

ak_err ak_read_text(const char *path, size_t max, unsigned flags, char **data, size_t *len)
{
	FILE *fp = NULL;
	struct ak_buf b = AK_BUF_INIT;
	char chunk[65536];
	size_t n;
	struct stat st;
	enum ak_bom bom = AK_BOM_NONE;
	bool is_stdin = strcmp(path, "-") == 0, first = true;
	ak_err err = AK_OK;

	*data = NULL;
	*len = 0;
	fp = is_stdin ? stdin : fopen(path, "rb");
	if (!fp) {
		ak_error("cannot open '%s': %s", path, strerror(errno));
		return AK_ERR_INPUT;
	}
	if (fstat(fileno(fp), &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			ak_error("cannot read '%s': %s", path, strerror(EISDIR));
			err = AK_ERR_INPUT;
			goto out;
		}
		if (max && S_ISREG(st.st_mode) && (unsigned long long)st.st_size > max) {
			ak_error("'%s' is larger than the limit of %zu bytes (%zu MiB) for this input: "
				 "%lld bytes",
				 path, max, max >> 20, (long long)st.st_size);
			err = AK_ERR_INPUT;
			goto out;
		}
	}
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		const char *nul;
		if (max && b.len + n > max) {
			ak_error("'%s' is larger than the limit of %zu bytes (%zu MiB) for this input", path,
				 max, max >> 20);
			err = AK_ERR_INPUT;
			goto out;
		}
		if (first) {
			bom = ak_bom_of(chunk, n);
			if (bom == AK_BOM_UTF16LE || bom == AK_BOM_UTF16BE) {
				if (flags & AK_TEXT_NO_UTF16) {
					ak_error("'%s' is UTF-16 (%s): save as UTF-8", path,
						 bom == AK_BOM_UTF16LE ? "little-endian" : "big-endian");
					err = AK_ERR_DATA;
					goto out;
				}
			} else if ((nul = memchr(chunk, '\0', n)) && looks_utf16(chunk, n)) {
				ak_error("'%s' looks like UTF-16 without a byte-order mark: save as UTF-8", path);
				err = AK_ERR_DATA;
				goto out;
			}
		}
		if (bom != AK_BOM_UTF16LE && bom != AK_BOM_UTF16BE && (nul = memchr(chunk, '\0', n))) {
			size_t off = b.len + (size_t)(nul - chunk);
			ak_buf_add(&b, chunk, (size_t)(nul - chunk));
			ak_diag_print(path, line_at(ak_buf_str(&b), b.len), 0,
				      "not a text file: a NUL byte at offset %zu", off);
			err = AK_ERR_DATA;
			goto out;
		}
		first = false;
		ak_buf_add(&b, chunk, n);
		if (ak_buf_failed(&b)) {
			err = AK_ERR_NOMEM;
			goto out;
		}
	}
	if (ferror(fp)) {
		ak_error("cannot read '%s': %s", path, strerror(errno));
		err = AK_ERR_INPUT;
		goto out;
	}
	if (bom == AK_BOM_UTF16LE || bom == AK_BOM_UTF16BE) {
		char *u8;
		size_t u8len;
		bool oom;
		if (!ak_utf16_to_utf8(ak_buf_str(&b) + 2, b.len - 2, bom, &u8, &u8len, &oom)) {
			if (oom) {
				err = AK_ERR_NOMEM;
			} else {
				ak_error("'%s' is UTF-16 but not valid UTF-16 (an odd byte count or an "
					 "unpaired surrogate): save as UTF-8",
					 path);
				err = AK_ERR_DATA;
			}
			goto out;
		}
		if (max && u8len > max) {
			free(u8);
			ak_error("'%s' is larger than the limit of %zu bytes (%zu MiB) for this input", path,
				 max, max >> 20);
			err = AK_ERR_INPUT;
			goto out;
		}
		/* a NUL written as UTF-16 is no more text than a NUL byte */
		if (memchr(u8, '\0', u8len)) {
			free(u8);
			ak_error("'%s': not a text file: a NUL character in its UTF-16", path);
			err = AK_ERR_DATA;
			goto out;
		}
		*data = u8;
		*len = u8len;
		goto out;
	}
	*len = b.len;
	*data = ak_buf_detach(&b);
	if (!*data) {
		err = AK_ERR_NOMEM;
		goto out;
	}
	if (bom == AK_BOM_UTF8 && !(flags & AK_TEXT_KEEP_BOM)) {
		memmove(*data, *data + 3, *len - 3 + 1);
		*len -= 3;
	}
out:
	if (fp && !is_stdin)
		fclose(fp);
	ak_buf_release(&b);
	return err;
}

const char *ak_control_in(const char *s)
{
	static char name[40];
	const unsigned char *u = (const unsigned char *)s;

	for (; *u; u++) {
		if (*u == '\n')
			return "a line break";
		if (*u == '\r')
			return "a carriage return";
		if (*u == '\t')
			return "a tab";
		if (*u < 0x20 || *u == 0x7F) {
			snprintf(name, sizeof name, "control character U+%04X", *u);
			return name;
		}
		/* C1 controls (U+0080-U+009F: C2 80-9F) and U+2028, U+2029 */
		if (u[0] == 0xC2 && u[1] >= 0x80 && u[1] <= 0x9F) {
			snprintf(name, sizeof name, "control character U+%04X", u[1]);
			return name;
		}
		if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xA8 || u[2] == 0xA9))
			return "a Unicode line separator";
	}
	return NULL;
}
