/* evidence/sources/csv.c: a risk register exported as CSV (RFC 4180, as Excel and
 * the GRC tools write it), read with the streaming reader in csv.c.
 *
 * The header row names the columns; each normalised field is found under
 * one of its usual headings (case and surrounding space ignored) unless the
 * configuration's column_map names the heading. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/textin.h"
#include "core/msg.h"
#include "evidence/sources/common.h"
#include "core/util.h"

/* Usual headings of each field, in SRC_F_* order, lower case. */
static const char *const aliases[SRC_NFIELDS][8] = {
	[SRC_F_ID] = {"risk id", "ref", "id", "risk ref", "reference", "risk no", "risk number"},
	[SRC_F_TITLE] = {"title", "risk", "name", "risk title", "risk name"},
	[SRC_F_DESCRIPTION] = {"description", "risk description", "details"},
	[SRC_F_OWNER] = {"owner", "risk owner"},
	[SRC_F_LIKELIHOOD] = {"likelihood", "probability"},
	[SRC_F_IMPACT] = {"impact", "consequence"},
	[SRC_F_LEVEL] = {"level", "score", "risk score", "rating", "risk level", "risk rating"},
	[SRC_F_LEVEL_LABEL] = {"level label", "band", "risk band"},
	[SRC_F_TREATMENT] = {"treatment", "response", "risk treatment", "treatment option"},
	[SRC_F_STATUS] = {"status", "risk status", "state"},
};

/* Compare a heading with a name: case-insensitive, outer space ignored,
 * inner runs of space as one. */
static bool heading_is(const char *h, const char *name)
{
	while (isspace((unsigned char)*h))
		h++;
	while (isspace((unsigned char)*name))
		name++;
	while (*h && *name) {
		if (isspace((unsigned char)*h) && isspace((unsigned char)*name)) {
			while (isspace((unsigned char)*h))
				h++;
			while (isspace((unsigned char)*name))
				name++;
			continue;
		}
		if (tolower((unsigned char)*h) != tolower((unsigned char)*name))
			return false;
		h++;
		name++;
	}
	while (isspace((unsigned char)*h))
		h++;
	while (isspace((unsigned char)*name))
		name++;
	return *h == '\0' && *name == '\0';
}

/* Find each field's column in the header; -1 when absent. */
static ak_err map_header(const struct src_config *c, const struct src_page *p,
			 const struct csv_record *hdr, long col[SRC_NFIELDS])
{
	int f;
	size_t i, k;

	for (f = 0; f < SRC_NFIELDS; f++) {
		json_t *m = c->column_map ? json_object_get(c->column_map, src_field_names[f]) : NULL;
		col[f] = -1;
		if (json_is_string(m)) {
			for (i = 0; i < hdr->n && col[f] < 0; i++)
				if (heading_is(hdr->field[i], json_string_value(m)))
					col[f] = (long)i;
			if (col[f] < 0) {
				ak_diag_print(p->name, (int)hdr->line, 0,
					      "no column '%s' (named by column_map.%s) in the header",
					      json_string_value(m), src_field_names[f]);
				return AK_ERR_DATA;
			}
			continue;
		}
		/* Aliases in order of preference, so "Risk ID" wins over "ID". */
		for (k = 0; k < 8 && aliases[f][k] && col[f] < 0; k++)
			for (i = 0; i < hdr->n && col[f] < 0; i++)
				if (heading_is(hdr->field[i], aliases[f][k]))
					col[f] = (long)i;
	}
	if (col[SRC_F_ID] < 0) {
		ak_diag_print(p->name, (int)hdr->line, 0,
			      "the header has no id column (looked for 'Risk ID', 'Ref', 'ID', "
			      "'Risk ref'; name it with column_map.id)");
		return AK_ERR_DATA;
	}
	if (col[SRC_F_TITLE] < 0) {
		ak_diag_print(p->name, (int)hdr->line, 0,
			      "the header has no title column (looked for 'Title', 'Risk', 'Name', "
			      "'Risk title'; name it with column_map.title)");
		return AK_ERR_DATA;
	}
	return AK_OK;
}

static bool blank_record(const struct csv_record *rec)
{
	size_t i, j;

	for (i = 0; i < rec->n; i++)
		for (j = 0; j < rec->len[i]; j++)
			if (!isspace((unsigned char)rec->field[i][j]))
				return false;
	return true;
}

/* One data row into r. */
static ak_err fill_row(const struct src_page *p, const struct csv_record *rec,
		       const long col[SRC_NFIELDS], struct risk *r)
{
	char **text_field[SRC_NFIELDS] = {
		[SRC_F_ID] = &r->id,
		[SRC_F_TITLE] = &r->title,
		[SRC_F_DESCRIPTION] = &r->description,
		[SRC_F_OWNER] = &r->owner,
		[SRC_F_LEVEL_LABEL] = &r->level_label,
		[SRC_F_TREATMENT] = &r->treatment,
		[SRC_F_STATUS] = &r->status,
	};
	bool oom = false;
	int f;

	for (f = 0; f < SRC_NFIELDS; f++) {
		char *text;
		const char *problem;
		double v;

		if (col[f] < 0 || (size_t)col[f] >= rec->n)
			continue;
		text = risk_strdup_trim(rec->field[col[f]], rec->len[col[f]], &oom);
		if (oom)
			return AK_ERR_NOMEM;
		if (!text)
			continue;
		if (text_field[f]) {
			*text_field[f] = text;
			continue;
		}
		problem = risk_read_score(src_field_names[f], text, &v);
		if (!problem) {
			if (f == SRC_F_LIKELIHOOD) {
				r->likelihood = v;
				r->has_likelihood = true;
			} else if (f == SRC_F_IMPACT) {
				r->impact = v;
				r->has_impact = true;
			} else {
				r->level = v;
				r->has_level = true;
			}
			free(text);
		} else if (f == SRC_F_LEVEL && !r->level_label && !risk_parse_score(text, &v)) {
			r->level_label = text; /* "High" in a level column is its label */
		} else {
			ak_diag_print(p->name, (int)rec->line, 0, "%s '%s' %s", src_field_names[f], text,
				      problem);
			free(text);
			return AK_ERR_DATA;
		}
	}
	if (!r->id) {
		ak_diag_print(p->name, (int)rec->line, 0, "the risk has no id");
		return AK_ERR_DATA;
	}
	if (!r->title) {
		ak_diag_print(p->name, (int)rec->line, 0, "risk '%s' has no title", r->id);
		return AK_ERR_DATA;
	}
	return AK_OK;
}

/* Contract: reads the whole page (one CSV document) from memory; appends a
 * risk per non-blank data row; prints file:line for the first bad row. */
ak_err src_csv_parse(const struct src_config *c, const struct src_page *p, struct risk_list *out)
{
	struct csv_opts opts = {c->delimiter, 0};
	struct csv_reader *rd = NULL;
	struct csv_record rec;
	long col[SRC_NFIELDS];
	bool have_header = false;
	FILE *fp = NULL;
	char *u8 = NULL;
	size_t nu8 = 0;
	ak_err err = AK_OK;
	int rc;

	if (p->len == 0) {
		ak_diag_print(p->name, 0, 0, "the register is empty");
		return AK_ERR_DATA;
	}
	if (ak_bom_of(p->data, p->len) >= AK_BOM_UTF16LE) {
		/* Windows "Unicode text": read as the UTF-8 it stands for */
		bool oom;
		if (!ak_utf16_to_utf8(p->data + 2, p->len - 2, ak_bom_of(p->data, p->len), &u8, &nu8,
				      &oom)) {
			if (oom)
				return AK_ERR_NOMEM;
			ak_diag_print(p->name, 0, 0, "UTF-16 but not valid UTF-16: save the register as UTF-8");
			return AK_ERR_DATA;
		}
		fp = fmemopen(u8, nu8 ? nu8 : 1, "rb");
	} else {
		fp = fmemopen((void *)p->data, p->len, "rb");
	}
	if (!fp)
		return AK_ERR_NOMEM;
	rd = csv_open(fp, &opts);
	if (!rd) {
		err = AK_ERR_NOMEM;
		goto out;
	}
	while ((rc = csv_read(rd, &rec)) == 1) {
		struct risk *r;
		if (!have_header) {
			if ((err = map_header(c, p, &rec, col)) != AK_OK)
				goto out;
			have_header = true;
			continue;
		}
		if (blank_record(&rec))
			continue;
		r = risk_list_add(out);
		if (!r) {
			err = AK_ERR_NOMEM;
			goto out;
		}
		if ((err = fill_row(p, &rec, col, r)) == AK_OK &&
		    !(r->where = ak_asprintf("%s:%ld", p->name, rec.line)))
			err = AK_ERR_NOMEM;
		if (err != AK_OK) {
			risk_list_drop_last(out);
			goto out;
		}
	}
	if (rc < 0) {
		ak_diag_print(p->name, (int)csv_errline(rd), 0, "%s", csv_errmsg(rd));
		err = AK_ERR_DATA;
		goto out;
	}
	if (!have_header) {
		ak_diag_print(p->name, 0, 0, "the register is empty");
		err = AK_ERR_DATA;
	}
out:
	csv_close(rd);
	if (fp)
		fclose(fp);
	free(u8);
	return err;
}
