/* sample_plan.h: the sampling plan, the record ISO 19011 (A.6) asks for:
 * objective, population (source, SHA-256, size), method, parameters, seed,
 * generator, size, the items and, later, the results.
 *
 * Written as JSON or CSV (docs/sampling-format.md, "auditkit-sampling-
 * plan/1"), with a fixed key order and no clock, so the same inputs give
 * byte-identical plans; read back from either form by sp_read (the findings
 * workbook's Sampling sheet uses it). */
#ifndef AK_SAMPLE_PLAN_H
#define AK_SAMPLE_PLAN_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "core/hash.h"

#define SP_FORMAT "auditkit-sampling-plan/1"

enum sp_selected_by { SP_RANDOM, SP_JUDGEMENT_INCLUDE };

struct sp_item {
	char *id;
	long row;       /* record number in the source, from 1 */
	char *stratum;  /* NULL unless stratified */
	char *value;    /* NULL unless monetary-unit or cell: as written in the source */
	long hits;      /* monetary-unit and cell: times the item was hit; 0 otherwise */
	char **columns; /* plan->ncolumns kept values, each NULL when absent */
	enum sp_selected_by by;
};

struct sp_plan {
	char *objective;
	char *source; /* path as given, "-" for standard input */
	char *format; /* "csv", "json" or "jsonl" */
	char sha256[AK_SHA256_HEX];
	long rows; /* N: rows after the filters */
	char *id_column;
	char **filters; /* "COLUMN=VALUE" or "COLUMN!=VALUE", as given */
	size_t nfilters;
	char *method;       /* random, systematic, stratified, mus, cell */
	json_t *parameters; /* an object, keys in insertion order; owned */
	uint64_t seed;
	char *generator;
	char **column_names; /* kept columns, shared by every item */
	size_t ncolumns;
	struct sp_item *items; /* in row order */
	size_t nitems, items_cap;
	struct sp_item *excluded; /* left out by judgement (id and row) */
	size_t nexcluded, excluded_cap;
	json_t *results; /* an object; owned; NULL writes the empty results */
	char *created_by;
};

void sp_plan_init(struct sp_plan *p);
/* Frees everything the plan owns and leaves it initialised. */
void sp_plan_release(struct sp_plan *p);

/* Append an item (or an excluded row); the plan takes copies of the
 * strings. Returns a pointer to the new item (valid until the next append)
 * or NULL when out of memory. */
struct sp_item *sp_plan_add_item(struct sp_plan *p, const char *id, long row);
struct sp_item *sp_plan_add_excluded(struct sp_plan *p, const char *id, long row);
/* Free one item's strings (for callers that replace items in place). */
void sp_item_release(struct sp_item *it, size_t ncolumns);
/* Sort items and excluded rows by row number (stable for equal rows). */
void sp_plan_sort(struct sp_plan *p);

const char *sp_selected_by_name(enum sp_selected_by by);

/* Write the plan to fp; AK_ERR_OUTPUT on a write error. */
ak_err sp_write_json(FILE *fp, const struct sp_plan *p);
ak_err sp_write_csv(FILE *fp, const struct sp_plan *p);
/* The plan as a new JSON object (new reference), NULL when out of memory. */
json_t *sp_plan_to_json(const struct sp_plan *p);

/* Read a plan written by either writer (told apart by the first byte: "{"
 * is JSON). Prints "FILE:LINE: message" and returns AK_ERR_DATA when it is
 * not a plan, AK_ERR_INPUT when it cannot be read. p must be initialised;
 * on failure it is released. */
ak_err sp_read(const char *path, struct sp_plan *p);

#endif
