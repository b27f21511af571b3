/* responses.c: the client's responses from a returned workbook
 * (responses.h): libzip for the parts, expat for their XML. */
#include "findings/responses.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <expat.h>
#include <zip.h>

#include "core/msg.h"
#include "core/util.h"
#include "findings/report.h"

/* The parts of one workbook are small (the sheet grows with the register,
 * a few hundred bytes a finding); a part over this is not ours. */
#define PART_MAX (512u << 20)

/* ======================================================================
 * Streaming one part through expat
 * ====================================================================== */

static ak_err parse_part(zip_t *z, const char *path, const char *name, XML_Parser xp)
{
	char buf[65536];
	zip_file_t *f = zip_fopen(z, name, 0);
	zip_int64_t n;
	size_t total = 0;
	ak_err err = AK_OK;

	if (!f) {
		ak_error("'%s': no part '%s': not a workbook auditkit can read", path, name);
		return AK_ERR_DATA;
	}
	while ((n = zip_fread(f, buf, sizeof buf)) > 0) {
		total += (size_t)n;
		if (total > PART_MAX || XML_Parse(xp, buf, (int)n, 0) == XML_STATUS_ERROR) {
			ak_error("'%s': %s line %lu: %s", path, name,
			         (unsigned long)XML_GetCurrentLineNumber(xp),
			         total > PART_MAX ? "part too large" : XML_ErrorString(XML_GetErrorCode(xp)));
			err = AK_ERR_DATA;
			break;
		}
	}
	if (!err && n < 0) {
		ak_error("'%s': cannot read '%s': %s", path, name, zip_file_strerror(f));
		err = AK_ERR_DATA;
	}
	if (!err && XML_Parse(xp, "", 0, 1) == XML_STATUS_ERROR) {
		ak_error("'%s': %s: %s", path, name, XML_ErrorString(XML_GetErrorCode(xp)));
		err = AK_ERR_DATA;
	}
	zip_fclose(f);
	return err;
}

/* An element's local name, without its namespace prefix. */
static const char *local(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

static const char *attr(const char **a, const char *want)
{
	size_t i;

	for (i = 0; a[i]; i += 2)
		if (strcmp(local(a[i]), want) == 0)
			return a[i + 1];
	return NULL;
}

/* ======================================================================
 * xl/workbook.xml and its relationships: which part is the Findings sheet
 * ====================================================================== */

struct find_sheet {
	char *rid;    /* the Findings sheet's relationship id */
	char *target; /* its part */
	bool oom;
};

static void XMLCALL wb_start(void *ud, const char *el, const char **a)
{
	struct find_sheet *fs = ud;

	if (strcmp(local(el), "sheet") == 0 && ak_streq(attr(a, "name"), "Findings") && !fs->rid) {
		const char *id = attr(a, "id");
		if (id && !(fs->rid = ak_strdup(id)))
			fs->oom = true;
	}
}

static void XMLCALL rel_start(void *ud, const char *el, const char **a)
{
	struct find_sheet *fs = ud;
	const char *t;

	if (strcmp(local(el), "Relationship") || !fs->rid || fs->target ||
	    !ak_streq(attr(a, "Id"), fs->rid) || !(t = attr(a, "Target")))
		return;
	/* Relative to xl/, or absolute from the package's root. */
	fs->target = t[0] == '/' ? ak_strdup(t + 1) : ak_asprintf("xl/%s", t);
	if (!fs->target)
		fs->oom = true;
}

/* ======================================================================
 * xl/sharedStrings.xml
 * ====================================================================== */

struct sst {
	char **v;
	size_t n, cap;
	struct ak_buf cur;
	bool in_si, in_t, in_rph, oom;
};

static void XMLCALL sst_start(void *ud, const char *el, const char **a)
{
	struct sst *s = ud;
	const char *l = local(el);

	(void)a;
	if (strcmp(l, "si") == 0) {
		s->in_si = true;
		ak_buf_reset(&s->cur);
	} else if (strcmp(l, "t") == 0 && s->in_si && !s->in_rph)
		s->in_t = true;
	else if (strcmp(l, "rPh") == 0) /* phonetic runs are not the text */
		s->in_rph = true;
}

static void XMLCALL sst_end(void *ud, const char *el)
{
	struct sst *s = ud;
	const char *l = local(el);

	if (strcmp(l, "t") == 0)
		s->in_t = false;
	else if (strcmp(l, "rPh") == 0)
		s->in_rph = false;
	else if (strcmp(l, "si") == 0) {
		s->in_si = false;
		if (!ak_grow(&s->v, &s->cap, s->n + 1, sizeof *s->v) ||
		    !(s->v[s->n] = ak_strdup(ak_buf_str(&s->cur))) || ak_buf_failed(&s->cur)) {
			s->oom = true;
			return;
		}
		s->n++;
	}
}

static void XMLCALL sst_text(void *ud, const char *t, int len)
{
	struct sst *s = ud;

	if (s->in_t)
		ak_buf_add(&s->cur, t, (size_t)len);
}

/* ======================================================================
 * The Findings sheet
 * ====================================================================== */

enum rcol { R_ID, R_KEY, R_CORR, R_ROOT, R_ACTION, R_OWNER, R_DUE, R_TARGET, R_STATUS, R_OVR, R_N };

static const char *const captions[R_N] = {
    "Id",    "Key",          "Correction",  "Root cause", "Corrective action",
    "Owner", "Response due", "Target date", "Status",     "Override grade",
};

struct sheet {
	const struct sst *sst;
	int colof[R_N];        /* the sheet column of each field, -1 when absent */
	char *cells[R_N];      /* this row's values */
	long row;              /* the row being read (1-based) */
	int col;               /* the cell being read (0-based) */
	char type[16];         /* its t attribute */
	struct ak_buf v;       /* its value */
	struct ak_buf f;       /* its formula: a client who typed "=..." */
	bool in_v, in_t, in_f, header_done, oom;
	struct report_response *out;
	size_t n, cap;
};

/* "AB12" -> 27 (0-based column) */
static int col_of_ref(const char *r)
{
	int c = 0;

	if (!r)
		return -1;
	for (; *r >= 'A' && *r <= 'Z'; r++)
		c = c * 26 + (*r - 'A' + 1);
	return c - 1;
}

/* A serial date as Excel and LibreOffice store it (days since 1899-12-30)
 * into YYYY-MM-DD; the text as it is otherwise. New string. */
static char *date_text(const char *v)
{
	char *end;
	double d = strtod(v, &end);
	char out[11];

	if (*v && *end == '\0' && d > 1 && d < 2958466) {
		/* 1899-12-30 plus d days */
		if (report_date_add("1899-12-30", (int)d, out))
			return ak_strdup(out);
	}
	return ak_strdup(v);
}

static void finish_cell(struct sheet *sh)
{
	const char *text = ak_buf_str(&sh->v);
	struct ak_buf eq = AK_BUF_INIT;

	/* What was typed is kept: a formula with no stored value is its text. */
	if ((!*text || strcmp(sh->type, "e") == 0) && sh->f.len) {
		ak_buf_printf(&eq, "=%s", ak_buf_str(&sh->f));
		text = ak_buf_str(&eq);
		snprintf(sh->type, sizeof sh->type, "str");
	}
	char *val = NULL;
	int f;

	if (sh->col < 0)
		return;
	if (strcmp(sh->type, "s") == 0) {
		char *end;
		unsigned long i = strtoul(text, &end, 10);
		if (*text && *end == '\0' && i < sh->sst->n)
			text = sh->sst->v[i];
		else
			text = "";
	}
	if (!sh->header_done) {
		for (f = 0; f < R_N; f++)
			if (strcasecmp(text, captions[f]) == 0 && sh->colof[f] < 0)
				sh->colof[f] = sh->col;
		ak_buf_release(&eq);
		return;
	}
	for (f = 0; f < R_N; f++)
		if (sh->colof[f] == sh->col && *text) {
			val = (f == R_DUE || f == R_TARGET) && strcmp(sh->type, "s") &&
			              strcmp(sh->type, "inlineStr") && strcmp(sh->type, "str")
			          ? date_text(text)
			          : ak_strdup(text);
			if (!val) {
				sh->oom = true;
				break;
			}
			free(sh->cells[f]);
			sh->cells[f] = val;
		}
	ak_buf_release(&eq);
}

static void finish_row(struct sheet *sh)
{
	struct report_response *x;
	int f;

	if (!sh->header_done) {
		sh->header_done = true;
		return;
	}
	if (!sh->cells[R_ID] && !sh->cells[R_KEY])
		goto clear;
	/* Only a row someone wrote in is a response; our own "open" and due
	 * date alone are not. */
	if (!sh->cells[R_CORR] && !sh->cells[R_ROOT] && !sh->cells[R_ACTION] && !sh->cells[R_OWNER] &&
	    !sh->cells[R_TARGET] && !sh->cells[R_OVR] &&
	    (!sh->cells[R_STATUS] || strcasecmp(sh->cells[R_STATUS], "open") == 0))
		goto clear;
	if (!ak_grow(&sh->out, &sh->cap, sh->n + 1, sizeof *sh->out)) {
		sh->oom = true;
		goto clear;
	}
	x = &sh->out[sh->n++];
	memset(x, 0, sizeof *x);
	x->id = sh->cells[R_ID];
	x->key = sh->cells[R_KEY];
	x->correction = sh->cells[R_CORR];
	x->root_cause = sh->cells[R_ROOT];
	x->corrective_action = sh->cells[R_ACTION];
	x->owner = sh->cells[R_OWNER];
	x->due = sh->cells[R_DUE];
	x->target = sh->cells[R_TARGET];
	x->status = sh->cells[R_STATUS];
	x->override_grade = sh->cells[R_OVR];
	memset(sh->cells, 0, sizeof sh->cells);
	return;
clear:
	for (f = 0; f < R_N; f++) {
		free(sh->cells[f]);
		sh->cells[f] = NULL;
	}
}

static void XMLCALL sh_start(void *ud, const char *el, const char **a)
{
	struct sheet *sh = ud;
	const char *l = local(el), *t;

	if (strcmp(l, "row") == 0) {
		sh->col = -1;
	} else if (strcmp(l, "c") == 0) {
		sh->col = col_of_ref(attr(a, "r"));
		t = attr(a, "t");
		snprintf(sh->type, sizeof sh->type, "%s", t ? t : "n");
		ak_buf_reset(&sh->v);
		ak_buf_reset(&sh->f);
	} else if (strcmp(l, "v") == 0) {
		sh->in_v = true;
	} else if (strcmp(l, "f") == 0) {
		sh->in_f = true;
	} else if (strcmp(l, "t") == 0) {
		sh->in_t = true; /* an inline string's text */
	}
}

static void XMLCALL sh_end(void *ud, const char *el)
{
	struct sheet *sh = ud;
	const char *l = local(el);

	if (strcmp(l, "v") == 0)
		sh->in_v = false;
	else if (strcmp(l, "f") == 0)
		sh->in_f = false;
	else if (strcmp(l, "t") == 0)
		sh->in_t = false;
	else if (strcmp(l, "c") == 0)
		finish_cell(sh);
	else if (strcmp(l, "row") == 0)
		finish_row(sh);
}

static void XMLCALL sh_text(void *ud, const char *t, int len)
{
	struct sheet *sh = ud;

	if (sh->in_v || sh->in_t)
		ak_buf_add(&sh->v, t, (size_t)len);
	else if (sh->in_f)
		ak_buf_add(&sh->f, t, (size_t)len);
}

/* ======================================================================
 * The whole read
 * ====================================================================== */

ak_err responses_read(const char *path, struct report_response **out, size_t *n)
{
	struct find_sheet fs = {NULL, NULL, false};
	struct sst sst;
	struct sheet sh;
	XML_Parser xp = NULL;
	zip_t *z;
	int zerr = 0, f;
	ak_err err = AK_OK;
	size_t i;

	*out = NULL;
	*n = 0;
	memset(&sst, 0, sizeof sst);
	memset(&sh, 0, sizeof sh);
	z = zip_open(path, ZIP_RDONLY, &zerr);
	if (!z) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		ak_error("cannot read '%s' as a workbook: %s", path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return zerr == ZIP_ER_NOENT || zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ
		           ? AK_ERR_INPUT
		           : AK_ERR_DATA;
	}
	if (!(xp = XML_ParserCreate("UTF-8")))
		goto nomem;
	XML_SetUserData(xp, &fs);
	XML_SetStartElementHandler(xp, wb_start);
	if ((err = parse_part(z, path, "xl/workbook.xml", xp)))
		goto done;
	if (fs.oom)
		goto nomem;
	if (!fs.rid) {
		ak_error("'%s' has no sheet named \"Findings\": not a findings register", path);
		err = AK_ERR_DATA;
		goto done;
	}
	XML_ParserReset(xp, "UTF-8");
	XML_SetUserData(xp, &fs);
	XML_SetStartElementHandler(xp, rel_start);
	if ((err = parse_part(z, path, "xl/_rels/workbook.xml.rels", xp)))
		goto done;
	if (fs.oom)
		goto nomem;
	if (!fs.target) {
		ak_error("'%s': the Findings sheet's part is not named in the workbook's "
		         "relationships",
		         path);
		err = AK_ERR_DATA;
		goto done;
	}
	/* Shared strings are optional: a workbook of inline strings has none. */
	if (zip_name_locate(z, "xl/sharedStrings.xml", 0) >= 0) {
		XML_ParserReset(xp, "UTF-8");
		XML_SetUserData(xp, &sst);
		XML_SetElementHandler(xp, sst_start, sst_end);
		XML_SetCharacterDataHandler(xp, sst_text);
		if ((err = parse_part(z, path, "xl/sharedStrings.xml", xp)))
			goto done;
		if (sst.oom)
			goto nomem;
	}
	sh.sst = &sst;
	for (f = 0; f < R_N; f++)
		sh.colof[f] = -1;
	sh.col = -1;
	XML_ParserReset(xp, "UTF-8");
	XML_SetUserData(xp, &sh);
	XML_SetElementHandler(xp, sh_start, sh_end);
	XML_SetCharacterDataHandler(xp, sh_text);
	if ((err = parse_part(z, path, fs.target, xp)))
		goto done;
	if (sh.oom)
		goto nomem;
	if (sh.colof[R_ID] < 0 && sh.colof[R_KEY] < 0) {
		ak_error("'%s': the Findings sheet has neither an \"Id\" nor a \"Key\" column: "
		         "responses cannot be matched to findings",
		         path);
		err = AK_ERR_DATA;
		goto done;
	}
	*out = sh.out;
	*n = sh.n;
	sh.out = NULL;
	sh.n = 0;
	ak_verbosef("'%s': %zu findings with a response", path, *n);
	goto done;
nomem:
	err = AK_ERR_NOMEM;
done:
	if (xp)
		XML_ParserFree(xp);
	zip_discard(z);
	free(fs.rid);
	free(fs.target);
	for (i = 0; i < sst.n; i++)
		free(sst.v[i]);
	free(sst.v);
	ak_buf_release(&sst.cur);
	for (f = 0; f < R_N; f++)
		free(sh.cells[f]);
	ak_buf_release(&sh.v);
	ak_buf_release(&sh.f);
	for (i = 0; i < sh.n; i++) {
		struct report_response *x = &sh.out[i];
		free(x->id);
		free(x->key);
		free(x->correction);
		free(x->root_cause);
		free(x->corrective_action);
		free(x->owner);
		free(x->due);
		free(x->target);
		free(x->status);
		free(x->override_grade);
	}
	free(sh.out);
	return err;
}
