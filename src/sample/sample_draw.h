/* sample_draw.h: choosing the items, reproducibly.
 *
 * Every method draws from one ak_rng seeded with the plan's seed, consuming
 * numbers in a documented order (docs/sampling-format.md), so the same
 * population, seed and options give the same items on any machine and in
 * every later version. Only integer arithmetic decides which items are
 * chosen: no floating point, no libm.
 *
 * Memory follows the sample (and the number of strata), not the population:
 * only the chosen rows' id, row number, stratum, value and kept columns are
 * held. */
#ifndef AK_SAMPLE_DRAW_H
#define AK_SAMPLE_DRAW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "sample/population.h"
#include "sample/sample_plan.h"

enum sd_method { SD_RANDOM, SD_SYSTEMATIC, SD_STRATIFIED, SD_MUS, SD_CELL };

struct sd_opts {
	enum sd_method method;
	long n;                    /* items to draw at random; 0 with all_strata: one per stratum */
	bool all_strata;           /* stratified: every stratum gets at least one item */
	const char *strata_column; /* recorded in the parameters */
	const char *value_column;  /* recorded in the parameters */
	int decimals;              /* mus and cell: decimals an amount may have (0 to 6) */
	bool thousands;            /* mus and cell: accept "1,234,567.89" */
	bool decimal_comma;        /* mus and cell: amounts as "1.234,56" (European spreadsheets) */
	const char *const *include; /* ids chosen by judgement */
	size_t ninclude;
	const char *const *exclude; /* ids left out by judgement */
	size_t nexclude;
	uint64_t seed;
};

const char *sd_method_name(enum sd_method m);
bool sd_parse_method(const char *s, enum sd_method *m);
/* Whether the method reads the population twice: systematic, mus and cell
 * need its size or total first; random and stratified take one pass. */
bool sd_needs_two_passes(enum sd_method m);

/* Parse an amount strictly into units of 10^-decimals: digits, an optional
 * point and at most `decimals` more digits (further zeros are allowed),
 * thousands separators only when asked and then in groups of three.
 * Surrounding spaces are ignored. Returns 0, -1 when s is not such a number,
 * -2 when it is negative, -3 when it has too many decimals, -4 when it is
 * too large (2^62 units or more). */
int sd_parse_amount(const char *s, int decimals, bool thousands, uint64_t *units);
/* The same for an amount written with a decimal comma and, optionally,
 * points between thousands ("1.234,56", "1234,56"). */
int sd_parse_amount_comma(const char *s, int decimals, uint64_t *units);
/* True if s, not an amount as given, reads as one with a decimal comma
 * ("1.234,56", "12,5"): the message then says --decimal-comma. */
bool sd_looks_decimal_comma(const char *s);

/* Draw the sample from pop (opened with rewindable set when the method needs
 * two passes) into plan: rows, sha256, method, parameters, seed, generator,
 * items (in row order) and excluded rows. plan->column_names and ncolumns
 * must already name the kept columns, in the order of the reader's keep.
 * Bad input (a bad amount, a sample larger than the population, an id given
 * to --include that matches no row) prints a message and returns
 * AK_ERR_DATA. */
ak_err sd_draw(struct pop_reader *pop, const struct sd_opts *o, struct sp_plan *plan);

#endif
