/* sample_plan.c: the sampling plan's writers and reader (see sample_plan.h).
 *
 * Both readers go through one JSON form: a CSV plan's "# key: value" lines
 * and rows are turned into the same object a JSON plan holds, and one
 * function checks it and fills the struct, so the two cannot drift apart. */
#include "sample/sample_plan.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/cell.h"
#include "core/csv.h"
#include "core/msg.h"
#include "core/textin.h"
#include "core/util.h"

/* ======================================================================
 * The struct
 * ====================================================================== */

void sp_plan_init(struct sp_plan *p)
{
	memset(p, 0, sizeof *p);
}

void sp_item_release(struct sp_item *it, size_t ncolumns)
{
	size_t i;

	free(it->id);
	free(it->stratum);
	free(it->value);
	if (it->columns)
		for (i = 0; i < ncolumns; i++)
			free(it->columns[i]);
	free(it->columns);
	memset(it, 0, sizeof *it);
}

static void free_strings(char **v, size_t n)
{
	size_t i;

	if (v)
		for (i = 0; i < n; i++)
			free(v[i]);
	free(v);
}

void sp_plan_release(struct sp_plan *p)
{
	size_t i;

	free(p->objective);
	free(p->source);
	free(p->format);
	free(p->id_column);
	free_strings(p->filters, p->nfilters);
	free(p->method);
	json_decref(p->parameters);
	free(p->generator);
	for (i = 0; i < p->nitems; i++)
		sp_item_release(&p->items[i], p->ncolumns);
	free(p->items);
	for (i = 0; i < p->nexcluded; i++)
		sp_item_release(&p->excluded[i], p->ncolumns);
	free(p->excluded);
	free_strings(p->column_names, p->ncolumns);
	json_decref(p->results);
	free(p->created_by);
	sp_plan_init(p);
}

/* Append a zeroed item holding a copy of id; NULL when out of memory. */
static struct sp_item *add_to(struct sp_item **v, size_t *n, size_t *cap, const char *id, long row)
{
	struct sp_item *it;

	if (!ak_grow(v, cap, *n + 1, sizeof **v))
		return NULL;
	it = &(*v)[*n];
	memset(it, 0, sizeof *it);
	it->id = ak_strdup(id);
	if (!it->id)
		return NULL;
	it->row = row;
	(*n)++;
	return it;
}

struct sp_item *sp_plan_add_item(struct sp_plan *p, const char *id, long row)
{
	return add_to(&p->items, &p->nitems, &p->items_cap, id, row);
}

struct sp_item *sp_plan_add_excluded(struct sp_plan *p, const char *id, long row)
{
	return add_to(&p->excluded, &p->nexcluded, &p->excluded_cap, id, row);
}

static int by_row(const void *a, const void *b)
{
	const struct sp_item *x = a, *y = b;

	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return strcmp(x->id, y->id);
}

void sp_plan_sort(struct sp_plan *p)
{
	if (p->nitems)
		qsort(p->items, p->nitems, sizeof *p->items, by_row);
	if (p->nexcluded)
		qsort(p->excluded, p->nexcluded, sizeof *p->excluded, by_row);
}

const char *sp_selected_by_name(enum sp_selected_by by)
{
	return by == SP_JUDGEMENT_INCLUDE ? "judgement-include" : "random";
}

/* ======================================================================
 * Writing
 * ====================================================================== */

/* json_string or null; new reference. */
static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *default_results(void)
{
	json_t *r = json_object();

	json_object_set_new(r, "deviations", json_null());
	json_object_set_new(r, "upper_limit", json_null());
	json_object_set_new(r, "conclusion", json_null());
	return r;
}

static json_t *item_json(const struct sp_plan *p, const struct sp_item *it, bool excluded)
{
	json_t *o = json_object();
	size_t i;

	json_object_set_new(o, "id", json_string(it->id));
	json_object_set_new(o, "row", json_integer(it->row));
	if (excluded)
		return o;
	if (it->stratum)
		json_object_set_new(o, "stratum", json_string(it->stratum));
	if (it->value)
		json_object_set_new(o, "value", json_string(it->value));
	if (it->hits > 0)
		json_object_set_new(o, "hits", json_integer(it->hits));
	if (it->columns && p->ncolumns) {
		json_t *c = json_object();
		for (i = 0; i < p->ncolumns; i++)
			if (it->columns[i])
				json_object_set_new(c, p->column_names[i],
				                    json_string(it->columns[i]));
		json_object_set_new(o, "columns", c);
	}
	json_object_set_new(o, "selected_by", json_string(sp_selected_by_name(it->by)));
	return o;
}

static json_t *population_json(const struct sp_plan *p)
{
	json_t *pop = json_object(), *f = json_array();
	size_t i;

	json_object_set_new(pop, "source", str_or_null(p->source));
	json_object_set_new(pop, "format", str_or_null(p->format));
	json_object_set_new(pop, "sha256", json_string(p->sha256));
	json_object_set_new(pop, "rows", json_integer(p->rows));
	json_object_set_new(pop, "id_column", str_or_null(p->id_column));
	for (i = 0; i < p->nfilters; i++)
		json_array_append_new(f, json_string(p->filters[i]));
	json_object_set_new(pop, "filters", f);
	return pop;
}

static json_t *seed_json(uint64_t seed)
{
	char buf[32];

	/* A string: JSON numbers above 2^53 do not survive every reader. */
	snprintf(buf, sizeof buf, "%" PRIu64, seed);
	return json_string(buf);
}

static json_t *excluded_json(const struct sp_plan *p)
{
	json_t *ex = json_array();
	size_t i;

	for (i = 0; i < p->nexcluded; i++)
		json_array_append_new(ex, item_json(p, &p->excluded[i], true));
	return ex;
}

json_t *sp_plan_to_json(const struct sp_plan *p)
{
	json_t *root = json_object(), *items = json_array();
	size_t i;

	if (!root || !items) {
		json_decref(root);
		json_decref(items);
		return NULL;
	}
	json_object_set_new(root, "format", json_string(SP_FORMAT));
	json_object_set_new(root, "objective", str_or_null(p->objective));
	json_object_set_new(root, "population", population_json(p));
	json_object_set_new(root, "method", str_or_null(p->method));
	json_object_set_new(root, "parameters",
	                    p->parameters ? json_incref(p->parameters) : json_object());
	json_object_set_new(root, "seed", seed_json(p->seed));
	json_object_set_new(root, "generator", str_or_null(p->generator));
	json_object_set_new(root, "size", json_integer((json_int_t)p->nitems));
	for (i = 0; i < p->nitems; i++)
		json_array_append_new(items, item_json(p, &p->items[i], false));
	json_object_set_new(root, "items", items);
	json_object_set_new(root, "excluded", excluded_json(p));
	json_object_set_new(root, "results",
	                    p->results ? json_incref(p->results) : default_results());
	json_object_set_new(root, "created_by", str_or_null(p->created_by));
	return root;
}

ak_err sp_write_json(FILE *fp, const struct sp_plan *p)
{
	json_t *root = sp_plan_to_json(p);
	int rc;

	if (!root)
		return AK_ERR_NOMEM;
	rc = json_dumpf(root, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (rc != 0 || fputc('\n', fp) == EOF)
		return AK_ERR_OUTPUT;
	return AK_OK;
}

/* "# key: <compact JSON>" and CRLF; steals v. */
static bool meta_line(FILE *fp, const char *key, json_t *v)
{
	char *s = v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER) : NULL;
	bool ok = s && fprintf(fp, "# %s: %s\r\n", key, s) > 0;

	free(s);
	json_decref(v);
	return ok;
}

/* One CSV record for a person's spreadsheet: an id or kept column such as
 * "=HYPERLINK(...)" or "-5" gets a leading apostrophe (core/cell.h), as the
 * findings CSV does, so it shows as text; csv_to_json() takes it off. */
static bool write_record(FILE *fp, const char *const *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!ak_cell_write_csv(fp, f[i], strlen(f[i]), ',') ||
		    fputs(i + 1 < n ? "," : "\r\n", fp) == EOF)
			return false;
	return true;
}

ak_err sp_write_csv(FILE *fp, const struct sp_plan *p)
{
	const char *head[64];
	const char **f = NULL;
	char rowbuf[32], hitbuf[32];
	bool has_stratum = false, has_value = false, ok = true;
	size_t i, j, n = 0;
	ak_err err = AK_OK;

	ok = ok && meta_line(fp, "format", json_string(SP_FORMAT));
	ok = ok && meta_line(fp, "objective", str_or_null(p->objective));
	ok = ok && meta_line(fp, "population", population_json(p));
	ok = ok && meta_line(fp, "method", str_or_null(p->method));
	ok = ok && meta_line(fp, "parameters",
	                     p->parameters ? json_incref(p->parameters) : json_object());
	ok = ok && meta_line(fp, "seed", seed_json(p->seed));
	ok = ok && meta_line(fp, "generator", str_or_null(p->generator));
	ok = ok && meta_line(fp, "size", json_integer((json_int_t)p->nitems));
	ok = ok && meta_line(fp, "excluded", excluded_json(p));
	ok = ok &&
	     meta_line(fp, "results", p->results ? json_incref(p->results) : default_results());
	ok = ok && meta_line(fp, "created_by", str_or_null(p->created_by));
	if (!ok)
		return AK_ERR_OUTPUT;

	for (i = 0; i < p->nitems; i++) {
		has_stratum |= p->items[i].stratum != NULL;
		has_value |= p->items[i].value != NULL;
	}
	if (p->ncolumns > 58)
		return AK_ERR_INTERNAL;
	head[n++] = "row";
	head[n++] = "id";
	if (has_stratum)
		head[n++] = "stratum";
	if (has_value) {
		head[n++] = "value";
		head[n++] = "hits";
	}
	head[n++] = "selected_by";
	for (j = 0; j < p->ncolumns; j++)
		head[n++] = p->column_names[j];
	if (!write_record(fp, head, n))
		return AK_ERR_OUTPUT;
	f = calloc(n, sizeof *f);
	if (!f)
		return AK_ERR_NOMEM;
	for (i = 0; i < p->nitems; i++) {
		const struct sp_item *it = &p->items[i];
		size_t k = 0;
		snprintf(rowbuf, sizeof rowbuf, "%ld", it->row);
		snprintf(hitbuf, sizeof hitbuf, "%ld", it->hits);
		f[k++] = rowbuf;
		f[k++] = it->id;
		if (has_stratum)
			f[k++] = it->stratum ? it->stratum : "";
		if (has_value) {
			f[k++] = it->value ? it->value : "";
			f[k++] = it->hits > 0 ? hitbuf : "";
		}
		f[k++] = sp_selected_by_name(it->by);
		for (j = 0; j < p->ncolumns; j++)
			f[k++] = it->columns && it->columns[j] ? it->columns[j] : "";
		if (!write_record(fp, f, n)) {
			err = AK_ERR_OUTPUT;
			break;
		}
	}
	free(f);
	return err;
}

/* ======================================================================
 * Reading
 * ====================================================================== */

/* A copy of a string member, NULL when absent or null; false when present
 * with another type. */
static bool get_str(json_t *o, const char *key, char **out)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return true;
	if (!json_is_string(v))
		return false;
	*out = ak_strdup(json_string_value(v));
	return *out != NULL;
}

static ak_err bad(const char *path, const char *what)
{
	ak_diag_print(path, 0, 0, "not a valid sampling plan: %s", what);
	return AK_ERR_DATA;
}

/* Append one item (or excluded row) of a plan's JSON form to p, checking
 * its types; kept column names are gathered across items. */
static ak_err item_from_json(const char *path, struct sp_plan *p, json_t *o, bool excluded)
{
	json_t *id = json_object_get(o, "id"), *row = json_object_get(o, "row"), *v;
	struct sp_item *it;
	const char *by;
	size_t i;

	if (!json_is_object(o) || !json_is_string(id) || !json_is_integer(row))
		return bad(path, "an item needs a string \"id\" and an integer \"row\"");
	it = excluded
	         ? sp_plan_add_excluded(p, json_string_value(id), (long)json_integer_value(row))
	         : sp_plan_add_item(p, json_string_value(id), (long)json_integer_value(row));
	if (!it)
		return AK_ERR_NOMEM;
	if (excluded)
		return AK_OK;
	if (!get_str(o, "stratum", &it->stratum) || !get_str(o, "value", &it->value))
		return bad(path, "an item's \"stratum\" and \"value\" must be strings");
	v = json_object_get(o, "hits");
	if (v && !json_is_integer(v))
		return bad(path, "an item's \"hits\" must be an integer");
	it->hits = v ? (long)json_integer_value(v) : 0;
	by = json_string_value(json_object_get(o, "selected_by"));
	if (ak_streq(by, "random"))
		it->by = SP_RANDOM;
	else if (ak_streq(by, "judgement-include"))
		it->by = SP_JUDGEMENT_INCLUDE;
	else
		return bad(path,
		           "an item's \"selected_by\" must be \"random\" or \"judgement-include\"");
	v = json_object_get(o, "columns");
	if (v && !json_is_object(v))
		return bad(path, "an item's \"columns\" must be an object");
	if (v && json_object_size(v)) {
		const char *key;
		json_t *val;
		/* Kept column names are shared: collect them as they appear. */
		json_object_foreach(v, key, val)
		{
			for (i = 0; i < p->ncolumns; i++)
				if (strcmp(p->column_names[i], key) == 0)
					break;
			if (i == p->ncolumns) {
				char **nn =
				    realloc(p->column_names, (p->ncolumns + 1) * sizeof *nn);
				size_t k;
				if (!nn)
					return AK_ERR_NOMEM;
				p->column_names = nn;
				if (!(nn[p->ncolumns] = ak_strdup(key)))
					return AK_ERR_NOMEM;
				p->ncolumns++;
				/* widen earlier items' column arrays */
				for (k = 0; k < p->nitems; k++) {
					char **c = p->items[k].columns;
					if (!c)
						continue;
					c = realloc(c, p->ncolumns * sizeof *c);
					if (!c)
						return AK_ERR_NOMEM;
					c[p->ncolumns - 1] = NULL;
					p->items[k].columns = c;
				}
			}
		}
		it = &p->items[p->nitems - 1];
		it->columns = calloc(p->ncolumns, sizeof *it->columns);
		if (!it->columns)
			return AK_ERR_NOMEM;
		json_object_foreach(v, key, val)
		{
			if (!json_is_string(val))
				return bad(path, "kept column values must be strings");
			for (i = 0; i < p->ncolumns; i++)
				if (strcmp(p->column_names[i], key) == 0)
					break;
			if (!(it->columns[i] = ak_strdup(json_string_value(val))))
				return AK_ERR_NOMEM;
		}
	}
	return AK_OK;
}

/* Fill p from a plan's JSON form (borrowed). */
static ak_err plan_from_json(const char *path, json_t *root, struct sp_plan *p)
{
	json_t *pop, *v, *arr;
	const char *seed;
	char *end;
	size_t i;
	ak_err err;

	if (!json_is_object(root) ||
	    !ak_streq(json_string_value(json_object_get(root, "format")), SP_FORMAT))
		return bad(path, "no \"format\": \"" SP_FORMAT "\"");
	pop = json_object_get(root, "population");
	if (!json_is_object(pop))
		return bad(path, "no \"population\" object");
	if (!get_str(root, "objective", &p->objective) || !get_str(pop, "source", &p->source) ||
	    !get_str(pop, "format", &p->format) || !get_str(pop, "id_column", &p->id_column) ||
	    !get_str(root, "method", &p->method) || !get_str(root, "generator", &p->generator) ||
	    !get_str(root, "created_by", &p->created_by))
		return bad(path, "a text member holds something else");
	v = json_object_get(pop, "sha256");
	if (!json_is_string(v) || strlen(json_string_value(v)) != AK_SHA256_HEX - 1)
		return bad(path, "\"population\".\"sha256\" must be 64 hex digits");
	memcpy(p->sha256, json_string_value(v), AK_SHA256_HEX);
	v = json_object_get(pop, "rows");
	if (!json_is_integer(v))
		return bad(path, "\"population\".\"rows\" must be an integer");
	p->rows = (long)json_integer_value(v);
	arr = json_object_get(pop, "filters");
	if (arr && json_array_size(arr)) {
		p->filters = calloc(json_array_size(arr), sizeof *p->filters);
		if (!p->filters)
			return AK_ERR_NOMEM;
		json_array_foreach(arr, i, v)
		{
			if (!json_is_string(v))
				return bad(path, "filters must be strings");
			if (!(p->filters[i] = ak_strdup(json_string_value(v))))
				return AK_ERR_NOMEM;
			p->nfilters++;
		}
	}
	v = json_object_get(root, "parameters");
	p->parameters = json_is_object(v) ? json_incref(v) : json_object();
	v = json_object_get(root, "seed");
	seed = json_string_value(v);
	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		p->seed = (uint64_t)json_integer_value(v);
	} else {
		if (!seed || !*seed || *seed == '-')
			return bad(path, "\"seed\" must be a decimal string");
		errno = 0;
		p->seed = strtoull(seed, &end, 10);
		if (errno || *end)
			return bad(path, "\"seed\" must be a decimal string");
	}
	arr = json_object_get(root, "items");
	if (!json_is_array(arr))
		return bad(path, "no \"items\" array");
	json_array_foreach(arr, i, v) if ((err = item_from_json(path, p, v, false))) return err;
	arr = json_object_get(root, "excluded");
	json_array_foreach(arr, i, v) if ((err = item_from_json(path, p, v, true))) return err;
	v = json_object_get(root, "results");
	if (json_is_object(v))
		p->results = json_incref(v);
	return AK_OK;
}

/* A CSV plan turned into the JSON form: "# key: value" lines, then one row
 * per item under a header. */
static ak_err csv_to_json(const char *path, FILE *fp, json_t **out)
{
	json_t *root = json_object(), *items = json_array();
	struct csv_reader *r = NULL;
	struct csv_record rec;
	char *line = NULL, **head = NULL;
	size_t cap = 0, nhead = 0, i;
	long lines = 0;
	int c, rc;
	ak_err err = AK_OK;

	*out = NULL;
	while ((c = getc(fp)) == '#') {
		ssize_t n;
		char *colon, *val;
		json_error_t je;
		json_t *v;

		ungetc(c, fp);
		n = getline(&line, &cap, fp);
		lines++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		colon = strstr(line, ": ");
		if (line[1] != ' ' || !colon) {
			ak_diag_print(path, (int)lines, 0, "expected '# key: value'");
			err = AK_ERR_DATA;
			goto out;
		}
		*colon = '\0';
		val = colon + 2;
		v = json_loads(val, JSON_DECODE_ANY, &je);
		if (!v) {
			ak_diag_print(path, (int)lines, 0, "the value of '%s' is not JSON: %s",
			              line + 2, je.text);
			err = AK_ERR_DATA;
			goto out;
		}
		json_object_set_new(root, line + 2, v);
	}
	if (c != EOF)
		ungetc(c, fp);
	r = csv_open(fp, &(struct csv_opts){',', 0});
	if (!r) {
		err = AK_ERR_NOMEM;
		goto out;
	}
	while ((rc = csv_read(r, &rec)) == 1) {
		json_t *it, *cols = NULL;
		if (!head) {
			head = calloc(rec.n, sizeof *head);
			if (!head) {
				err = AK_ERR_NOMEM;
				goto out;
			}
			for (i = 0; i < rec.n; i++)
				if (!(head[i] = ak_strdup(rec.field[i] + ak_cell_unguard(rec.field[i])))) {
					err = AK_ERR_NOMEM;
					goto out;
				}
			nhead = rec.n;
			continue;
		}
		if (rec.n != nhead) {
			ak_diag_print(path, (int)(rec.line + lines), 0,
			              "row has %zu fields, the header has %zu", rec.n, nhead);
			err = AK_ERR_DATA;
			goto out;
		}
		it = json_object();
		for (i = 0; i < rec.n; i++) {
			/* the apostrophe the writer put before a formula-like cell */
			const char *h = head[i], *f = rec.field[i] + ak_cell_unguard(rec.field[i]);
			if (strcmp(h, "row") == 0 || strcmp(h, "hits") == 0) {
				long v;
				if (!*f && strcmp(h, "hits") == 0)
					continue;
				if (!ak_parse_long(f, 0, LONG_MAX, &v)) {
					ak_diag_print(path, (int)(rec.line + lines), 0,
					              "'%s' must be a whole number", h);
					json_decref(it);
					json_decref(cols);
					err = AK_ERR_DATA;
					goto out;
				}
				json_object_set_new(it, h, json_integer(v));
			} else if (strcmp(h, "id") == 0 || strcmp(h, "selected_by") == 0 ||
			           strcmp(h, "stratum") == 0 || strcmp(h, "value") == 0) {
				if (*f || strcmp(h, "id") == 0 || strcmp(h, "selected_by") == 0)
					json_object_set_new(it, h, json_string(f));
			} else if (*f) {
				if (!cols)
					cols = json_object();
				json_object_set_new(cols, h, json_string(f));
			}
		}
		if (cols)
			json_object_set_new(it, "columns", cols);
		json_array_append_new(items, it);
	}
	if (rc < 0) {
		ak_diag_print(path, (int)(csv_errline(r) + lines), 0, "%s", csv_errmsg(r));
		err = AK_ERR_DATA;
		goto out;
	}
	json_object_set(root, "items", items);
	*out = json_incref(root);
out:
	csv_close(r);
	free(line);
	if (head)
		for (i = 0; i < nhead; i++)
			free(head[i]);
	free(head);
	json_decref(items);
	json_decref(root);
	return err;
}

/* A plan as big as the largest draw writes (1.5 million items is about
 * 200 MB of JSON) */
#define SP_PLAN_MAX (512u << 20)

ak_err sp_read(const char *path, struct sp_plan *p)
{
	FILE *fp = NULL;
	json_t *root = NULL;
	json_error_t je;
	char *text = NULL;
	size_t len = 0, i = 0;
	ak_err err;

	/* read once, whole (a BOM dropped, UTF-16 converted): a plan handed
	 * over as a pipe reads as well as a file */
	if ((err = ak_read_text(path, SP_PLAN_MAX, 0, &text, &len)))
		return err;
	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
		i++;
	if (i < len && text[i] == '{') {
		root = json_loadb(text, len, 0, &je);
		if (!root) {
			ak_diag_print(path, je.line, je.column, "%s", je.text);
			err = AK_ERR_DATA;
			goto out;
		}
	} else {
		if (!(fp = fmemopen(len ? text : (char *)"", len, "rb"))) {
			err = AK_ERR_NOMEM;
			goto out;
		}
		if ((err = csv_to_json(path, fp, &root)))
			goto out;
	}
	err = plan_from_json(path, root, p);
out:
	if (fp)
		fclose(fp);
	free(text);
	json_decref(root);
	if (err)
		sp_plan_release(p);
	return err;
}
