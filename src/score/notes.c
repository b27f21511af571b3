/* notes.c: the auditor's notes, read (notes.h).
 *
 * One pass over the lines. Markdown and text: front matter, "## " headings,
 * script lines ("> ...") and HTML comments skipped, auditor marks at the
 * start of a line, "[E: ...]" records cut out of the answer. WebVTT and SRT:
 * cues grouped into speakers' turns, the speaker taken from a "<v Name>"
 * voice tag or a "Name:" prefix. Strings handed out (headings, speakers,
 * front-matter values) point into a private copy of the file in which they
 * are NUL-terminated, so the notes themselves stay byte for byte. */
#define _GNU_SOURCE /* memmem */
#include "score/notes.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/hash.h"
#include "core/textin.h"
#include "core/util.h"

/* docs/notes-format.md, "Limits": a day of interviews is a few hundred KiB;
 * 64 MiB leaves room for pasted transcripts while a device or a wrong file
 * is refused after one read, not half a gigabyte. */
#define NOTES_MAX (64u << 20)

/* ======================================================================
 * Small helpers
 * ====================================================================== */

static bool add_line(struct notes *n, const struct notes_line *l)
{
	if (!ak_grow(&n->lines, &n->caplines, n->nlines + 1, sizeof *n->lines))
		return false;
	n->lines[n->nlines++] = *l;
	return true;
}

static bool add_piece(struct notes *n, size_t off, size_t len)
{
	if (len == 0)
		return true;
	if (!ak_grow(&n->pieces, &n->cappieces, n->npieces + 1, sizeof *n->pieces))
		return false;
	n->pieces[n->npieces].off = off;
	n->pieces[n->npieces].len = len;
	n->npieces++;
	return true;
}

static bool add_section(struct notes *n, enum notes_section_kind kind, const char *heading, int line)
{
	struct notes_section *s;

	if (!ak_grow(&n->sections, &n->capsections, n->nsections + 1, sizeof *n->sections))
		return false;
	s = &n->sections[n->nsections++];
	s->kind = kind;
	s->heading = heading;
	s->line = line;
	s->first_line = n->nlines;
	s->nlines = 0;
	return true;
}

static void close_section(struct notes *n)
{
	if (n->nsections)
		n->sections[n->nsections - 1].nlines = n->nlines - n->sections[n->nsections - 1].first_line;
}

/* A NUL-terminated copy of data[off, off+len), trimmed, inside n->strings. */
static const char *str_at(struct notes *n, size_t off, size_t len)
{
	char *s = n->strings + off;

	while (len && isspace((unsigned char)s[0]))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	s[len] = '\0';
	return s;
}

int notes_line_of(const struct notes *n, size_t off)
{
	size_t lo = 0, hi = n->nline_starts;

	/* the last line start <= off */
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (n->line_starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return (int)lo + 1;
}

void notes_context(const struct notes *n, size_t off, char *out, size_t max)
{
	int line = notes_line_of(n, off);
	size_t s = n->line_starts[line - 1], e = s;

	while (e < n->len && n->data[e] != '\n')
		e++;
	while (s < e && isspace((unsigned char)n->data[s]))
		s++;
	while (e > s && isspace((unsigned char)n->data[e - 1]))
		e--;
	if (e - s + 1 > max) {
		size_t cut = max > 4 ? max - 4 : 0; /* room for "…" (3 bytes) and NUL */
		while (cut > 0 && ((unsigned char)n->data[s + cut] & 0xC0) == 0x80)
			cut--;
		while (cut > 0 && isspace((unsigned char)n->data[s + cut - 1]))
			cut--;
		memcpy(out, n->data + s, cut);
		memcpy(out + cut, "\xE2\x80\xA6", 4);
		return;
	}
	memcpy(out, n->data + s, e - s);
	out[e - s] = '\0';
}

/* ======================================================================
 * Checks on the bytes
 * ====================================================================== */

/* Not text (a NUL byte) or not UTF-8: reported with line and column. */
static bool check_bytes(struct notes *n, struct ak_diags *d)
{
	const char *nul = memchr(n->data, '\0', n->len);
	size_t bad;

	if (nul) {
		size_t i = (size_t)(nul - n->data);
		ak_diags_add(d, n->path, notes_line_of(n, i), 0, "not a text file: a NUL byte at offset %zu", i);
		return false;
	}
	bad = ak_utf8_check(n->data, n->len);
	if (bad < n->len) {
		int line = notes_line_of(n, bad);
		ak_diags_add(d, n->path, line, (int)(bad - n->line_starts[line - 1]) + 1,
			     "not valid UTF-8 (byte 0x%02X at offset %zu); save the notes as UTF-8",
			     (unsigned char)n->data[bad], bad);
		return false;
	}
	return true;
}

static bool index_lines(struct notes *n)
{
	size_t i, cap = 0;

	if (!ak_grow(&n->line_starts, &cap, 1, sizeof *n->line_starts))
		return false;
	n->line_starts[n->nline_starts++] = 0;
	for (i = 0; i < n->len; i++)
		if (n->data[i] == '\n' && i + 1 <= n->len) {
			if (!ak_grow(&n->line_starts, &cap, n->nline_starts + 1, sizeof *n->line_starts))
				return false;
			n->line_starts[n->nline_starts++] = i + 1;
		}
	return true;
}

/* ======================================================================
 * Markdown and text
 * ====================================================================== */

/* An answer line: its mark, and its pieces without the "[E: ...]" spans,
 * which become records seen. */
static bool answer_line(struct notes *n, int line, size_t off, size_t len)
{
	struct notes_line l;
	size_t i = off, end = off + len, start;

	memset(&l, 0, sizeof l);
	l.line = line;
	l.off = off;
	l.len = len;
	while (i < end && (n->data[i] == ' ' || n->data[i] == '\t'))
		i++;
	if (i < end) {
		char c = n->data[i];
		bool spaced = i + 1 >= end || n->data[i + 1] == ' ' || n->data[i + 1] == '\t';
		if (c == '+' || c == '?' || c == '!' || (c == '-' && spaced)) {
			/* "!" and "?" must stand apart or start a word: "!important" is
			 * not a mark, "?unclear" is */
			l.mark = c == '+' ? MARK_PLUS : c == '-' ? MARK_MINUS : c == '?' ? MARK_UNCLEAR : MARK_FLAG;
			l.mark_off = i;
			i++;
		}
	}
	l.first_piece = n->npieces;
	start = i;
	while (i < end) {
		if (n->data[i] == '[' && i + 2 < end && (n->data[i + 1] == 'E' || n->data[i + 1] == 'e') &&
		    n->data[i + 2] == ':') {
			const char *close = memchr(n->data + i, ']', end - i);
			if (close) {
				struct notes_doc *doc;
				size_t cend = (size_t)(close - n->data) + 1;
				if (!add_piece(n, start, i - start))
					return false;
				if (!ak_grow(&n->docs, &n->capdocs, n->ndocs + 1, sizeof *n->docs))
					return false;
				doc = &n->docs[n->ndocs++];
				doc->off = i;
				doc->len = cend - i;
				doc->text_off = i + 3;
				doc->text_len = cend - 1 - (i + 3);
				while (doc->text_len && n->data[doc->text_off] == ' ')
					doc->text_off++, doc->text_len--;
				doc->line = line;
				i = start = cend;
				continue;
			}
		}
		i++;
	}
	if (!add_piece(n, start, end - start))
		return false;
	l.npieces = n->npieces - l.first_piece;
	if (l.npieces == 0 && l.mark == MARK_NONE)
		return true;
	return add_line(n, &l);
}

/* One "key: value" line of the front matter (or of a transcript's NOTE
 * block), read as a person means it: the key in any case ("Interviewee:" as
 * Word capitalises it), spaces around it ignored. A key given twice is an
 * error naming both lines: which of two dates was meant cannot be guessed.
 * Unknown keys are kept in the file and ignored. False on a duplicate. */
static bool meta_key(struct notes *n, int line, size_t off, size_t len, struct ak_diags *d)
{
	static const struct {
		const char *key;
		size_t field, at;
	} keys[] = {
#define K(k, f) {k, offsetof(struct notes_meta, f), offsetof(struct notes_meta, f##_line)}
		K("interviewee", interviewee), K("role", role),
		K("date", date),               K("auditor", auditor),
		K("audit", audit),             K("organisation", organisation),
		K("organization", organisation), K("bank", bank),
#undef K
	};
	const char *colon = memchr(n->data + off, ':', len);
	size_t ks = off, ke, i;
	char key[32];

	if (!colon)
		return true;
	ke = (size_t)(colon - n->data);
	while (ks < ke && (n->data[ks] == ' ' || n->data[ks] == '\t'))
		ks++;
	while (ke > ks && (n->data[ke - 1] == ' ' || n->data[ke - 1] == '\t'))
		ke--;
	if (ke - ks >= sizeof key)
		return true;
	memcpy(key, n->data + ks, ke - ks);
	key[ke - ks] = '\0';
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const char **field;
		int *at;
		size_t voff = (size_t)(colon - n->data) + 1;
		if (strcasecmp(key, keys[i].key) != 0)
			continue;
		field = (const char **)((char *)&n->meta + keys[i].field);
		at = (int *)((char *)&n->meta + keys[i].at);
		if (*at) {
			ak_diags_add(d, n->path, line, 1,
				     "'%s' is given twice, on lines %d and %d: keep one", keys[i].key, *at,
				     line);
			return false;
		}
		*field = str_at(n, voff, off + len - voff);
		{
			/* "Maria Keller" or 'Maria Keller', as YAML has it: the name,
			 * not the quotes */
			char *v = (char *)*field;
			size_t vl = strlen(v);
			if (vl >= 2 && (v[0] == '"' || v[0] == '\'') && v[vl - 1] == v[0]) {
				v[vl - 1] = '\0';
				*field = v + 1;
			}
		}
		*at = line;
		return true;
	}
	return true;
}

/* "---" alone on its line, trailing spaces allowed. */
static bool is_fence(const char *p, size_t len)
{
	size_t i = 3;

	if (len < 3 || strncmp(p, "---", 3) != 0)
		return false;
	while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r'))
		i++;
	return i == len;
}

static bool front_matter(struct notes *n, size_t *pos, int *line, struct ak_diags *d)
{
	size_t i, e0;
	int ln;
	const char *p0 = n->data + n->bom;
	size_t rest = n->len - n->bom;

	e0 = 0;
	while (e0 < rest && p0[e0] != '\n')
		e0++;
	if (!is_fence(p0, e0))
		return true;
	n->meta.line = 1;
	i = n->line_starts[1 < n->nline_starts ? 1 : 0];
	if (i == 0) /* "---" and nothing after it */
		i = n->len;
	ln = 2;
	while (i < n->len) {
		size_t e = i, len;
		while (e < n->len && n->data[e] != '\n')
			e++;
		len = e - i;
		if (len && n->data[e - 1] == '\r')
			len--;
		/* any line opening with "---" closes it, as it always has */
		if (len >= 3 && strncmp(n->data + i, "---", 3) == 0) {
			*pos = e < n->len ? e + 1 : e;
			*line = ln + 1;
			return true;
		}
		if (!meta_key(n, ln, i, len, d))
			return false;
		i = e < n->len ? e + 1 : e;
		ln++;
	}
	ak_diags_add(d, n->path, 1, 1, "the front matter opened here is never closed with '---'");
	return false;
}

static bool parse_markdown(struct notes *n, struct ak_diags *d)
{
	size_t i = 0;
	int line = 1;
	bool in_comment = false;

	if (!front_matter(n, &i, &line, d))
		return false;
	if (!add_section(n, SEC_PREAMBLE, "", line))
		return false;
	while (i < n->len) {
		size_t e = i, s, len;
		while (e < n->len && n->data[e] != '\n')
			e++;
		len = e - i;
		if (len && n->data[e - 1] == '\r')
			len--;
		s = i;
		while (s < i + len && (n->data[s] == ' ' || n->data[s] == '\t'))
			s++;
		if (in_comment) {
			const char *c = memmem(n->data + i, len, "-->", 3);
			if (c) {
				size_t after = (size_t)(c - n->data) + 3;
				in_comment = false;
				if (after < i + len && !answer_line(n, line, after, i + len - after))
					return false;
			}
		} else if (len >= 3 && strncmp(n->data + i, "## ", 3) == 0) {
			close_section(n);
			if (!add_section(n, SEC_HEADING, str_at(n, i + 3, len - 3), line))
				return false;
		} else if (s < i + len && n->data[s] == '>') {
			/* the script's own text */
		} else if (len >= 4 && memmem(n->data + i, len, "<!--", 4)) {
			const char *c = memmem(n->data + i, len, "<!--", 4);
			const char *end = memmem(c, (size_t)(n->data + i + len - c), "-->", 3);
			size_t before = (size_t)(c - (n->data + i));
			if (before && !answer_line(n, line, i, before))
				return false;
			if (!end)
				in_comment = true;
			else if ((size_t)(end + 3 - n->data) < i + len &&
				 !answer_line(n, line, (size_t)(end + 3 - n->data),
					      i + len - (size_t)(end + 3 - n->data)))
				return false;
		} else if (len > 0 && n->data[i] == '#' && (len < 2 || n->data[i + 1] != '#')) {
			/* a "# Title": not an answer */
		} else if (s < i + len) {
			if (!answer_line(n, line, i, len))
				return false;
		}
		i = e < n->len ? e + 1 : e;
		line++;
	}
	close_section(n);
	return true;
}

/* ======================================================================
 * Transcripts
 * ====================================================================== */

static bool is_timing(const char *p, size_t len)
{
	return len >= 12 && memmem(p, len, "-->", 3) != NULL && isdigit((unsigned char)p[0]);
}

/* One cue's text line: the speaker (from "<v Name>" or "Name:") and the
 * spoken text, as a piece. */
static bool cue_text(struct notes *n, int line, size_t off, size_t len, const char **speaker)
{
	size_t i = off, end = off + len;
	struct notes_line l;

	if (len >= 3 && strncmp(n->data + i, "<v", 2) == 0 && (n->data[i + 2] == ' ' || n->data[i + 2] == '.')) {
		const char *gt = memchr(n->data + i, '>', len);
		if (gt) {
			size_t name = i + 2;
			while (name < (size_t)(gt - n->data) && n->data[name] != ' ')
				name++; /* skip classes: <v.loud Name> */
			*speaker = str_at(n, name, (size_t)(gt - n->data) - name);
			i = (size_t)(gt - n->data) + 1;
		}
	} else {
		/* "Name: text", a name of at most five words before the colon */
		const char *colon = memchr(n->data + i, ':', len < 64 ? len : 64);
		if (colon && colon > n->data + i) {
			size_t k, words = 1;
			bool name = isupper((unsigned char)n->data[i]) || (unsigned char)n->data[i] >= 0x80;
			for (k = i; k < (size_t)(colon - n->data); k++) {
				if (n->data[k] == ' ')
					words++;
				if (strchr(".!?,;\"", n->data[k]))
					name = false;
			}
			if (name && words <= 5) {
				*speaker = str_at(n, i, (size_t)(colon - n->data) - i);
				i = (size_t)(colon - n->data) + 1;
			}
		}
	}
	memset(&l, 0, sizeof l);
	l.line = line;
	l.off = off;
	l.len = len;
	l.first_piece = n->npieces;
	/* drop closing voice and style tags from the piece's ends */
	while (end > i && n->data[end - 1] == '>') {
		const char *lt = NULL;
		size_t k;
		for (k = end - 1; k > i; k--)
			if (n->data[k] == '<') {
				lt = n->data + k;
				break;
			}
		if (!lt)
			break;
		end = (size_t)(lt - n->data);
	}
	if (!add_piece(n, i, end - i))
		return false;
	l.npieces = n->npieces - l.first_piece;
	return l.npieces == 0 || add_line(n, &l);
}

static bool parse_transcript(struct notes *n, struct ak_diags *d)
{
	size_t i = n->bom; /* the mark is blanked in the working copy, not gone */
	int line = 1, ncues = 0;
	const char *current = NULL;
	bool in_note = false, in_cue = false, first = true;

	while (i < n->len) {
		size_t e = i, len;
		while (e < n->len && n->data[e] != '\n')
			e++;
		len = e - i;
		if (len && n->data[e - 1] == '\r')
			len--;
		if (first && n->kind == NOTES_WEBVTT) {
			if (len < 6 || strncmp(n->data + i, "WEBVTT", 6) != 0) {
				ak_diags_add(d, n->path, 1, 1, "a WebVTT file must begin with 'WEBVTT'");
				return false;
			}
		} else if (len == 0) {
			in_cue = in_note = false;
		} else if (in_note) {
			/* NOTE blocks may carry front-matter lines: "interviewee: Name" */
			if (!meta_key(n, line, i, len, d))
				return false;
		} else if (!in_cue && len >= 4 && strncmp(n->data + i, "NOTE", 4) == 0 &&
			   (len == 4 || n->data[i + 4] == ' ')) {
			in_note = true;
			if (!n->meta.line)
				n->meta.line = line;
		} else if (is_timing(n->data + i, len)) {
			in_cue = true;
			ncues++;
		} else if (in_cue) {
			const char *speaker = current;
			size_t before = n->nlines;
			if (!cue_text(n, line, i, len, &speaker))
				return false;
			if (!speaker) {
				ak_diags_add(d, n->path, line, 1,
					     "cue text with no speaker: mark speakers with <v Name> or 'Name:'");
				return false;
			}
			if (!current || strcmp(speaker, current) != 0) {
				/* a new turn starts with this line */
				struct notes_line keep;
				if (n->nlines > before) {
					keep = n->lines[--n->nlines];
					close_section(n);
					if (!add_section(n, SEC_TURN, speaker, line))
						return false;
					if (!add_line(n, &keep))
						return false;
				} else {
					close_section(n);
					if (!add_section(n, SEC_TURN, speaker, line))
						return false;
				}
				current = speaker;
			}
		} else if (n->kind == NOTES_SRT && len > 0 && isdigit((unsigned char)n->data[i])) {
			/* the cue number */
		} else if (n->kind == NOTES_WEBVTT && len > 0) {
			/* a cue identifier, STYLE or REGION blocks: not speech */
		} else {
			ak_diags_add(d, n->path, line, 1, "expected a cue number or timing line");
			return false;
		}
		first = false;
		i = e < n->len ? e + 1 : e;
		line++;
	}
	close_section(n);
	if (ncues == 0) {
		ak_diags_add(d, n->path, 1, 1, "a transcript with no cues");
		return false;
	}
	return true;
}

/* ======================================================================
 * Entry points
 * ====================================================================== */

static enum notes_kind kind_of(const char *path, const char *data, size_t len)
{
	const char *dot = strrchr(path, '.');

	if (len >= 6 && strncmp(data, "WEBVTT", 6) == 0)
		return NOTES_WEBVTT;
	if (len >= 9 && strncmp(data, "\xEF\xBB\xBFWEBVTT", 9) == 0)
		return NOTES_WEBVTT;
	if (dot && strcmp(dot, ".vtt") == 0)
		return NOTES_WEBVTT;
	if (dot && strcmp(dot, ".srt") == 0)
		return NOTES_SRT;
	if (dot && strcmp(dot, ".txt") == 0)
		return NOTES_TEXT;
	return NOTES_MARKDOWN;
}

struct notes *notes_parse(const char *path, const char *data, size_t len, struct ak_diags *d,
			  ak_err *err)
{
	struct notes *n = calloc(1, sizeof *n);
	char *copy = NULL;
	size_t bom = 0;
	bool ok;

	*err = AK_OK;
	if (!n || !(copy = malloc(len + 1)) || !(n->strings = malloc(len + 1))) {
		free(copy);
		free(n);
		*err = AK_ERR_NOMEM;
		return NULL;
	}
	memcpy(copy, data, len);
	copy[len] = '\0';
	if (!ak_sha256_hex(data, len, n->sha256)) {
		free(copy);
		free(n->strings);
		free(n);
		*err = AK_ERR_NOMEM;
		return NULL;
	}
	n->path = path;
	n->data = copy;
	n->len = len;
	memcpy(n->strings, data, len); /* data need not end in a NUL */
	n->strings[len] = '\0';
	/* old Mac line ends (a CR alone) end a line too: changed in the working
	 * copies only, byte for byte, so offsets stay true to the file */
	ak_lone_cr_to_lf(copy, len);
	ak_lone_cr_to_lf(n->strings, len);
	if (!index_lines(n)) {
		*err = AK_ERR_NOMEM;
		goto fail;
	}
	if (!check_bytes(n, d)) {
		*err = AK_ERR_DATA;
		goto fail;
	}
	n->kind = kind_of(path, data, len);
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		bom = 3;
	n->bom = bom;
	{
		size_t k = bom;
		while (k < len && isspace((unsigned char)data[k]))
			k++;
		if (k == len) {
			ak_diags_add(d, path, 0, 0, "the notes are empty: nothing to score");
			*err = AK_ERR_DATA;
			goto fail;
		}
	}
	if (bom) {
		/* keep offsets true to the file: the mark is blanked in the
		 * working copies only */
		memset(copy, ' ', 3);
		memset(n->strings, ' ', 3);
		n->data = copy;
	}
	if (n->kind == NOTES_WEBVTT || n->kind == NOTES_SRT)
		ok = parse_transcript(n, d);
	else
		ok = parse_markdown(n, d);
	if (!ok) {
		*err = d->oom ? AK_ERR_NOMEM : AK_ERR_DATA;
		goto fail;
	}
	return n;
fail:
	notes_free(n);
	return NULL;
}

struct notes *notes_load(const char *path, struct ak_diags *d, ak_err *err)
{
	char *data = NULL;
	size_t len = 0;
	struct notes *n;

	*err = ak_read_text(path, NOTES_MAX, AK_TEXT_KEEP_BOM | AK_TEXT_NO_UTF16, &data, &len);
	if (*err)
		return NULL;
	n = notes_parse(path, data, len, d, err);
	free(data);
	return n;
}

void notes_free(struct notes *n)
{
	if (!n)
		return;
	free((char *)n->data);
	free(n->strings);
	free(n->lines);
	free(n->pieces);
	free(n->sections);
	free(n->docs);
	free(n->line_starts);
	free(n);
}
