/* sample_draw.c: random, systematic, stratified, monetary-unit and cell
 * selection (see sample_draw.h and docs/sampling-format.md).
 *
 * Why Algorithm R and not the faster Algorithm L for the reservoir: L skips
 * ahead by amounts computed with log() and exp(), whose last bits differ
 * between C libraries, and a sample must come out the same everywhere. R
 * takes one bounded integer per row, which xoshiro256** makes cheap. */
#include "sample/sample_draw.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/msg.h"
#include "core/rng.h"
#include "core/util.h"

typedef unsigned __int128 u128; /* for (r + i N) / n without overflow */

/* ======================================================================
 * Names and amounts
 * ====================================================================== */

static const char *const method_names[] = {
    [SD_RANDOM] = "random",
    [SD_SYSTEMATIC] = "systematic",
    [SD_STRATIFIED] = "stratified",
    [SD_MUS] = "mus",
    [SD_CELL] = "cell",
};

const char *sd_method_name(enum sd_method m)
{
	return method_names[m];
}

bool sd_parse_method(const char *s, enum sd_method *m)
{
	size_t i;

	for (i = 0; i < sizeof method_names / sizeof method_names[0]; i++)
		if (ak_streq(s, method_names[i])) {
			*m = (enum sd_method)i;
			return true;
		}
	if (ak_streq(s, "monetary-unit")) {
		*m = SD_MUS;
		return true;
	}
	return false;
}

bool sd_needs_two_passes(enum sd_method m)
{
	return m == SD_SYSTEMATIC || m == SD_MUS || m == SD_CELL;
}

#define AMOUNT_LIMIT (UINT64_C(1) << 62)

int sd_parse_amount(const char *s, int decimals, bool thousands, uint64_t *units)
{
	uint64_t v = 0;
	const char *p = s, *end;
	int digits = 0, group = -1, fd = 0, i;

	while (*p == ' ' || *p == '\t')
		p++;
	end = p + strlen(p);
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (p == end)
		return -1;
	if (*p == '-' || *p == '(')
		return -2;
	if (*p == '+')
		p++;
	for (; p < end && ((*p >= '0' && *p <= '9') || (thousands && *p == ',')); p++) {
		if (*p == ',') {
			/* 1,234,567: a first group of 1-3 digits, then threes */
			if (digits == 0 || (group < 0 && digits > 3) || (group >= 0 && group != 3))
				return -1;
			group = 0;
			continue;
		}
		if (v > (AMOUNT_LIMIT - 9) / 10)
			return -4;
		v = v * 10 + (uint64_t)(*p - '0');
		digits++;
		if (group >= 0)
			group++;
	}
	if (digits == 0 || (group >= 0 && group != 3))
		return -1;
	if (p < end && *p == '.') {
		p++;
		if (p == end)
			return -1;
		for (; p < end && *p >= '0' && *p <= '9'; p++) {
			if (fd >= decimals) {
				if (*p != '0')
					return -3;
				continue;
			}
			v = v * 10 + (uint64_t)(*p - '0');
			fd++;
		}
	}
	if (p != end)
		return -1;
	for (i = fd; i < decimals; i++) {
		if (v > AMOUNT_LIMIT / 10)
			return -4;
		v *= 10;
	}
	if (v >= AMOUNT_LIMIT)
		return -4;
	*units = v;
	return 0;
}

int sd_parse_amount_comma(const char *s, int decimals, uint64_t *units)
{
	char buf[128];
	size_t i, n = strlen(s);

	if (n >= sizeof buf)
		return -1;
	/* "1.234,56" is "1,234.56" with the separators' roles swapped */
	for (i = 0; i <= n; i++)
		buf[i] = s[i] == '.' ? ',' : s[i] == ',' ? '.' : s[i];
	return sd_parse_amount(buf, decimals, true, units);
}

bool sd_looks_decimal_comma(const char *s)
{
	uint64_t v;

	return strchr(s, ',') && sd_parse_amount_comma(s, 6, &v) == 0;
}

/* An amount as the options say it is written. */
static int amount(const struct sd_opts *o, const char *s, uint64_t *v)
{
	return o->decimal_comma ? sd_parse_amount_comma(s, o->decimals, v)
				: sd_parse_amount(s, o->decimals, o->thousands, v);
}

/* units as a decimal with `decimals` places. */
static void format_units(char *buf, size_t len, u128 units, int decimals, int extra)
{
	uint64_t scale = 1;
	int i, d = decimals + extra;

	for (i = 0; i < d; i++)
		scale *= 10;
	if (d == 0)
		snprintf(buf, len, "%" PRIu64, (uint64_t)units);
	else
		snprintf(buf, len, "%" PRIu64 ".%0*" PRIu64, (uint64_t)(units / scale), d,
		         (uint64_t)(units % scale));
}

/* ======================================================================
 * Judgement: --include and --exclude
 * ====================================================================== */

struct idset {
	const char **id; /* sorted */
	bool *seen;
	size_t n;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool idset_init(struct idset *s, const char *const *ids, size_t n)
{
	s->n = n;
	s->id = n ? malloc(n * sizeof *s->id) : NULL;
	s->seen = n ? calloc(n, sizeof *s->seen) : NULL;
	if (n && (!s->id || !s->seen))
		return false;
	if (n) {
		size_t i, k = 1;
		memcpy(s->id, ids, n * sizeof *ids);
		qsort(s->id, n, sizeof *s->id, cmp_str);
		/* the same id given twice counts once */
		for (i = 1; i < n; i++)
			if (strcmp(s->id[i], s->id[k - 1]) != 0)
				s->id[k++] = s->id[i];
		s->n = k;
	}
	return true;
}

static void idset_release(struct idset *s)
{
	free(s->id);
	free(s->seen);
}

/* Marks and returns whether id is in the set. */
static bool idset_has(struct idset *s, const char *id)
{
	const char **hit;

	if (!s->n)
		return false;
	hit = bsearch(&id, s->id, s->n, sizeof *s->id, cmp_str);
	if (!hit)
		return false;
	s->seen[hit - s->id] = true;
	return true;
}

/* ======================================================================
 * Strata: names to indexes, by open addressing
 * ====================================================================== */

struct stratum {
	char *name;
	long pop;             /* frame items in it */
	long n;               /* allocated */
	struct sp_item *slot; /* its reservoir */
	size_t filled, cap;
};

struct strata {
	struct stratum *s;
	size_t n, cap;
	long *table; /* index into s, -1 empty */
	size_t tcap;
};

static uint64_t fnv1a(const char *s)
{
	uint64_t h = UINT64_C(1469598103934665603);

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return h;
}

static bool strata_rehash(struct strata *st, size_t tcap)
{
	long *t = malloc(tcap * sizeof *t);
	size_t i;

	if (!t)
		return false;
	for (i = 0; i < tcap; i++)
		t[i] = -1;
	for (i = 0; i < st->n; i++) {
		size_t h = (size_t)fnv1a(st->s[i].name) & (tcap - 1);
		while (t[h] >= 0)
			h = (h + 1) & (tcap - 1);
		t[h] = (long)i;
	}
	free(st->table);
	st->table = t;
	st->tcap = tcap;
	return true;
}

/* The stratum named name, added when add is true; NULL when absent, or
 * when out of memory while adding. Pointers last until the next add. */
static struct stratum *strata_get(struct strata *st, const char *name, bool add)
{
	size_t h = 0, mask = st->tcap - 1;

	if (st->tcap) {
		for (h = (size_t)fnv1a(name) & mask; st->table[h] >= 0; h = (h + 1) & mask)
			if (strcmp(st->s[st->table[h]].name, name) == 0)
				return &st->s[st->table[h]];
	}
	if (!add || !ak_grow(&st->s, &st->cap, st->n + 1, sizeof *st->s))
		return NULL;
	memset(&st->s[st->n], 0, sizeof st->s[st->n]);
	if (!(st->s[st->n].name = ak_strdup(name)))
		return NULL;
	st->n++;
	if (st->n * 2 > st->tcap) {
		/* grow the table, which places every name again */
		if (!strata_rehash(st, st->tcap ? st->tcap * 2 : 64))
			return NULL;
	} else {
		st->table[h] = (long)(st->n - 1); /* the empty slot the search ended on */
	}
	return &st->s[st->n - 1];
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct stratum *)a)->name, ((const struct stratum *)b)->name);
}

static void strata_release(struct strata *st, size_t ncolumns)
{
	size_t i;
	long j;

	for (i = 0; i < st->n; i++) {
		for (j = 0; j < (long)st->s[i].filled; j++)
			sp_item_release(&st->s[i].slot[j], ncolumns);
		free(st->s[i].slot);
		free(st->s[i].name);
	}
	free(st->s);
	free(st->table);
}

/* Largest-remainder allocation of m items over weights w (sum W > 0):
 * floor(m w_h / W) each, then one more to the largest remainders, ties to
 * the earlier stratum (strata are in name order). Adds to st->s[h].n. */
static bool allocate(struct strata *st, long m, const long *w, long W)
{
	long given = 0, *rem;
	size_t h, k;

	if (m <= 0 || W <= 0)
		return true;
	rem = malloc(st->n * sizeof *rem);
	if (!rem)
		return false;
	for (h = 0; h < st->n; h++) {
		u128 q = (u128)m * (u128)w[h];
		st->s[h].n += (long)(q / (u128)W);
		rem[h] = (long)(q % (u128)W);
		given += (long)(q / (u128)W);
	}
	for (; given < m; given++) {
		size_t best = 0;
		for (k = 1; k < st->n; k++)
			if (rem[k] > rem[best])
				best = k;
		st->s[best].n++;
		rem[best] = -1;
	}
	free(rem);
	return true;
}

/* ======================================================================
 * The draw
 * ====================================================================== */

struct draw {
	struct pop_reader *pop;
	const struct sd_opts *o;
	struct sp_plan *plan;
	struct ak_rng rng;
	struct idset inc, exc;
	long frame;        /* rows left for the random method after judgement */
	const char *label; /* quoted, for sentences */
	const char *diag;  /* for "FILE:LINE: message" */
};

/* Copy a row's stratum, value and kept columns into it. */
static ak_err fill_item(struct draw *d, struct sp_item *it, const struct pop_row *row)
{
	size_t i, nc = d->plan->ncolumns;

	if (!it->id && !(it->id = ak_strdup(row->id)))
		return AK_ERR_NOMEM;
	it->row = row->row;
	if (row->stratum && !(it->stratum = ak_strdup(row->stratum)))
		return AK_ERR_NOMEM;
	if (row->value && (d->o->method == SD_MUS || d->o->method == SD_CELL) &&
	    !(it->value = ak_strdup(row->value)))
		return AK_ERR_NOMEM;
	if (nc) {
		it->columns = calloc(nc, sizeof *it->columns);
		if (!it->columns)
			return AK_ERR_NOMEM;
		for (i = 0; i < nc; i++)
			if (row->keep[i] && !(it->columns[i] = ak_strdup(row->keep[i])))
				return AK_ERR_NOMEM;
	}
	return AK_OK;
}

/* Take a judgement row out of the frame (first pass only): include or
 * exclude it in the plan. Returns 1 when it was one, 0 when it is in the
 * frame. */
static int judgement(struct draw *d, const struct pop_row *row, bool record, ak_err *err)
{
	struct sp_item *it;

	*err = AK_OK;
	if (idset_has(&d->inc, row->id)) {
		if (record) {
			it = sp_plan_add_item(d->plan, row->id, row->row);
			if (!it || (*err = fill_item(d, it, row)))
				*err = *err ? *err : AK_ERR_NOMEM;
			else
				it->by = SP_JUDGEMENT_INCLUDE;
		}
		return 1;
	}
	if (idset_has(&d->exc, row->id)) {
		if (record && !sp_plan_add_excluded(d->plan, row->id, row->row))
			*err = AK_ERR_NOMEM;
		return 1;
	}
	return 0;
}

/* After the first (or only) pass: every --include and --exclude id must
 * have matched a row, or the auditor mistyped it. */
static ak_err check_judgement(struct draw *d)
{
	size_t i;

	for (i = 0; i < d->inc.n; i++)
		if (!d->inc.seen[i]) {
			ak_error("--include '%s' matches no row of %s", d->inc.id[i], d->label);
			return AK_ERR_DATA;
		}
	for (i = 0; i < d->exc.n; i++)
		if (!d->exc.seen[i]) {
			ak_error("--exclude '%s' matches no row of %s", d->exc.id[i], d->label);
			return AK_ERR_DATA;
		}
	return AK_OK;
}

static ak_err too_large(struct draw *d, long n)
{
	if (d->inc.n || d->exc.n)
		ak_error("a sample of %ld is larger than the population of %ld rows left in %s "
		         "after the judgement items",
		         n, d->frame, d->label);
	else
		ak_error("a sample of %ld is larger than the population of %ld rows in %s", n,
		         d->frame, d->label);
	return AK_ERR_DATA;
}

/* A reservoir step (Algorithm R): the i-th frame item (from 0) of a stream
 * with k slots goes to slot i while i < k, else to slot j = below(i + 1)
 * when j < k. Returns the slot, or -1 to pass the item by. */
static long reservoir_slot(struct ak_rng *rng, long i, long k)
{
	uint64_t j;

	if (i < k)
		return i;
	j = ak_rng_below(rng, (uint64_t)i + 1);
	return j < (uint64_t)k ? (long)j : -1;
}

/* Replace a reservoir slot's item with a copy of row. */
static ak_err put_slot(struct draw *d, struct sp_item *slot, const struct pop_row *row)
{
	sp_item_release(slot, d->plan->ncolumns);
	slot->by = SP_RANDOM;
	return fill_item(d, slot, row);
}

/* Move k filled slots into the plan's items. */
static ak_err move_slots(struct draw *d, struct sp_item *slot, long k)
{
	long i;

	for (i = 0; i < k; i++) {
		if (!ak_grow(&d->plan->items, &d->plan->items_cap, d->plan->nitems + 1,
		             sizeof *d->plan->items))
			return AK_ERR_NOMEM;
		d->plan->items[d->plan->nitems++] = slot[i];
		memset(&slot[i], 0, sizeof slot[i]);
	}
	return AK_OK;
}

/* Simple random: one pass, a reservoir of n, grown as it fills so that a
 * large n on a small population costs only the population. */
static ak_err draw_random(struct draw *d, json_t *par)
{
	struct sp_item *slot = NULL;
	size_t filled = 0, cap = 0, i;
	struct pop_row row;
	bool got;
	long k;
	ak_err err = AK_OK;

	for (;;) {
		if ((err = pop_next(d->pop, &row, &got)) || !got)
			break;
		if (judgement(d, &row, true, &err) || err) {
			if (err)
				break;
			continue;
		}
		k = reservoir_slot(&d->rng, d->frame++, d->o->n);
		if (k < 0)
			continue;
		if ((size_t)k == filled) {
			if (!ak_grow(&slot, &cap, filled + 1, sizeof *slot)) {
				err = AK_ERR_NOMEM;
				break;
			}
			memset(&slot[filled++], 0, sizeof *slot);
		}
		if ((err = put_slot(d, &slot[k], &row)))
			break;
	}
	if (!err)
		err = check_judgement(d);
	if (!err && d->o->n > d->frame)
		err = too_large(d, d->o->n);
	if (!err)
		err = move_slots(d, slot, (long)filled);
	for (i = 0; i < filled; i++)
		sp_item_release(&slot[i], d->plan->ncolumns);
	free(slot);
	json_object_set_new(par, "frame", json_integer(d->frame));
	json_object_set_new(par, "algorithm", json_string("reservoir sampling (Algorithm R)"));
	return err;
}

/* First pass of the two-pass methods: judgement items, the frame size, and
 * for monetary-unit and cell sampling the total value. */
static ak_err first_pass(struct draw *d, uint64_t *total)
{
	struct pop_row row;
	bool got, money = d->o->method == SD_MUS || d->o->method == SD_CELL;
	ak_err err = AK_OK;

	*total = 0;
	for (;;) {
		if ((err = pop_next(d->pop, &row, &got)) || !got)
			break;
		if (money) {
			uint64_t v;
			int rc = amount(d->o, row.value, &v);
			if (rc) {
				uint64_t t;
				const char *why =
				    rc == -2   ? "is negative: monetary-unit sampling needs "
				                 "amounts of zero or more"
				    : !d->o->decimal_comma && sd_looks_decimal_comma(row.value)
				        ? "looks like a decimal comma (1.234,56 as European spreadsheets "
				          "write it): give --decimal-comma to read it so"
				    : rc == -3 ? "has more decimals than --decimals allows"
				    : rc == -4 ? "is too large"
				    : !d->o->thousands && !d->o->decimal_comma &&
				          sd_parse_amount(row.value, d->o->decimals, true, &t) == 0
				        ? "has thousands separators: give --thousands to read them"
				               : "is not a number";
				ak_diag_print(d->diag, (int)row.line, 0,
				              "value '%s' in column '%s' %s", row.value,
				              d->o->value_column, why);
				return AK_ERR_DATA;
			}
			if (judgement(d, &row, true, &err) || err) {
				if (err)
					return err;
				continue;
			}
			if (v > AMOUNT_LIMIT - *total) {
				ak_error("the values in %s add up to more than auditkit can hold",
				         d->label);
				return AK_ERR_DATA;
			}
			*total += v;
			d->frame++;
			continue;
		}
		if (judgement(d, &row, true, &err) || err) {
			if (err)
				return err;
			continue;
		}
		d->frame++;
	}
	if (!err)
		err = check_judgement(d);
	if (!err)
		err = pop_rewind(d->pop);
	return err;
}

/* The frame row on the second pass, skipping judgement rows; *got false at
 * the end. */
static ak_err next_frame_row(struct draw *d, struct pop_row *row, bool *got)
{
	ak_err err;

	for (;;) {
		if ((err = pop_next(d->pop, row, got)) || !*got)
			return err;
		if (!judgement(d, row, false, &err))
			return AK_OK;
	}
}

/* Systematic: the frame size first, then every F/n-th frame row from a
 * random start, in exact integer arithmetic. */
static ak_err draw_systematic(struct draw *d, json_t *par)
{
	struct pop_row row;
	uint64_t total, r, next;
	long n = d->o->n, pos = 0, i = 0;
	bool got;
	char buf[64];
	ak_err err = first_pass(d, &total);

	if (err)
		return err;
	if (n > d->frame)
		return too_large(d, n);
	/* Start r in [0, F); the i-th choice is frame position floor((r + i F) / n):
	 * every item has probability n / F exactly, and no interval is rounded. */
	r = ak_rng_below(&d->rng, (uint64_t)d->frame);
	next = (uint64_t)(((u128)r) / (u128)n);
	while (i < n) {
		if ((err = next_frame_row(d, &row, &got)))
			return err;
		if (!got)
			return AK_ERR_INTERNAL;
		if ((uint64_t)pos++ != next)
			continue;
		{
			struct sp_item *it = sp_plan_add_item(d->plan, row.id, row.row);
			if (!it || (err = fill_item(d, it, &row)))
				return err ? err : AK_ERR_NOMEM;
			it->by = SP_RANDOM;
		}
		i++;
		next = (uint64_t)(((u128)r + (u128)i * (u128)d->frame) / (u128)n);
	}
	/* Read to the end so the file's digest is checked. */
	while (!(err = pop_next(d->pop, &row, &got)) && got)
		;
	if (err)
		return err;
	json_object_set_new(par, "frame", json_integer(d->frame));
	snprintf(buf, sizeof buf, "%ld/%ld", d->frame, n);
	json_object_set_new(par, "interval", json_string(buf));
	json_object_set_new(par, "start", json_integer((json_int_t)r));
	return AK_OK;
}

/* Stratified, in one pass: the allocation needs every stratum's size, known
 * only at the end, but no stratum can get more than n. So each stratum keeps
 * a reservoir of k = n (one per stratum when n is 0), and once the sizes are
 * known, n_h of its reservoir are kept by a partial Fisher-Yates shuffle: a
 * uniform n_h-subset of a uniform k-subset is a uniform n_h-subset of the
 * stratum. Memory: strata x min(n, stratum size) items. */
/* Strata are sites, departments, types: a column with more distinct values
 * is an id column chosen by mistake, and would cost memory per value. */
#define STRATA_MAX 100000

static ak_err draw_stratified(struct draw *d, json_t *par)
{
	struct strata st = {0};
	struct pop_row row;
	long n = d->o->n, k = n ? n : 1, *w = NULL, W = 0, slot;
	size_t h, j;
	bool got;
	json_t *arr;
	ak_err err = AK_OK;

	for (;;) {
		struct stratum *s;
		if ((err = pop_next(d->pop, &row, &got)) || !got)
			break;
		if (judgement(d, &row, true, &err) || err) {
			if (err)
				goto out;
			continue;
		}
		d->frame++;
		if (st.n == STRATA_MAX && !strata_get(&st, row.stratum, false)) {
			ak_diag_print(pop_label(d->pop), (int)row.line, 0,
			              "more than %d strata in column '%s': stratify on a column "
			              "with fewer values (sites, departments, types)",
			              STRATA_MAX, d->o->strata_column);
			err = AK_ERR_DATA;
			goto out;
		}
		if (!(s = strata_get(&st, row.stratum, true))) {
			err = AK_ERR_NOMEM;
			goto out;
		}
		slot = reservoir_slot(&d->rng, s->pop++, k);
		if (slot < 0)
			continue;
		if ((size_t)slot == s->filled) {
			if (!ak_grow(&s->slot, &s->cap, s->filled + 1, sizeof *s->slot)) {
				err = AK_ERR_NOMEM;
				goto out;
			}
			memset(&s->slot[s->filled++], 0, sizeof *s->slot);
		}
		if ((err = put_slot(d, &s->slot[slot], &row)))
			goto out;
	}
	if (err || (err = check_judgement(d)))
		goto out;
	qsort(st.s, st.n, sizeof *st.s, by_name);
	if (n == 0 && d->o->all_strata)
		n = (long)st.n;
	if (n > d->frame) {
		err = too_large(d, n);
		goto out;
	}
	if (d->o->all_strata && (size_t)n < st.n) {
		ak_error("a sample of %ld cannot represent all %zu strata of '%s' in %s", n, st.n,
		         d->o->strata_column, d->label);
		err = AK_ERR_DATA;
		goto out;
	}
	w = malloc((st.n ? st.n : 1) * sizeof *w);
	if (!w) {
		err = AK_ERR_NOMEM;
		goto out;
	}
	/* Every stratum first gets one item when asked; the rest goes in
	 * proportion to what is left of each stratum. */
	for (h = 0; h < st.n; h++) {
		st.s[h].n = d->o->all_strata ? 1 : 0;
		w[h] = st.s[h].pop - st.s[h].n;
		W += w[h];
	}
	if (!allocate(&st, n - (d->o->all_strata ? (long)st.n : 0), w, W)) {
		err = AK_ERR_NOMEM;
		goto out;
	}
	/* In name order: keep n_h of each reservoir, the rest go. */
	for (h = 0; h < st.n; h++) {
		struct stratum *s = &st.s[h];
		for (j = 0; j < (size_t)s->n; j++) {
			size_t t = j + (size_t)ak_rng_below(&d->rng, s->filled - j);
			struct sp_item tmp = s->slot[j];
			s->slot[j] = s->slot[t];
			s->slot[t] = tmp;
		}
		if ((err = move_slots(d, s->slot, s->n)))
			goto out;
	}
	json_object_set_new(par, "n", json_integer(n)); /* one per stratum when 0 was asked */
	json_object_set_new(par, "frame", json_integer(d->frame));
	json_object_set_new(par, "strata_column", json_string(d->o->strata_column));
	json_object_set_new(par, "all_strata", json_boolean(d->o->all_strata));
	json_object_set_new(par, "allocation", json_string("proportional, largest remainder"));
	arr = json_array();
	for (h = 0; h < st.n; h++) {
		json_t *o = json_object();
		json_object_set_new(o, "stratum", json_string(st.s[h].name));
		json_object_set_new(o, "population", json_integer(st.s[h].pop));
		json_object_set_new(o, "n", json_integer(st.s[h].n));
		json_array_append_new(arr, o);
	}
	json_object_set_new(par, "strata", arr);
out:
	free(w);
	strata_release(&st, d->plan->ncolumns);
	return err;
}

/* Monetary-unit (fixed interval) and cell sampling over cumulative value in
 * the smallest unit. Points are unit offsets in [0, V), in rising order:
 * mus: floor((r + i V) / n) with one start r in [0, V);
 * cell: floor(i V / n) + below(width of cell i), one draw per cell. */
static ak_err draw_money(struct draw *d, json_t *par)
{
	struct pop_row row;
	uint64_t V, r = 0, *pt = NULL, cum = 0;
	long n = d->o->n, i, k = 0;
	bool got, cell = d->o->method == SD_CELL;
	char buf[80];
	ak_err err = first_pass(d, &V);

	if (err)
		return err;
	if (V == 0) {
		ak_error("the values in column '%s' of %s add up to zero: nothing to sample",
		         d->o->value_column, d->label);
		return AK_ERR_DATA;
	}
	if (cell && V < (uint64_t)n) {
		ak_error("cell sampling needs a total value of at least one unit per cell");
		return AK_ERR_DATA;
	}
	pt = malloc((size_t)n * sizeof *pt);
	if (!pt)
		return AK_ERR_NOMEM;
	if (!cell)
		r = ak_rng_below(&d->rng, V);
	for (i = 0; i < n; i++) {
		if (!cell) {
			pt[i] = (uint64_t)(((u128)r + (u128)i * V) / (u128)n);
		} else {
			uint64_t lo = (uint64_t)((u128)i * V / (u128)n);
			uint64_t hi = (uint64_t)((u128)(i + 1) * V / (u128)n);
			pt[i] = lo + ak_rng_below(&d->rng, hi - lo);
		}
	}
	for (;;) {
		uint64_t v;
		long hits = 0;
		if ((err = next_frame_row(d, &row, &got)) || !got)
			break;
		if (amount(d->o, row.value, &v)) {
			ak_error("%s changed while it was being read; draw the sample again",
			         d->label);
			err = AK_ERR_INPUT;
			break;
		}
		/* The item covers units [cum, cum + v). */
		while (k < n && pt[k] < cum + v) {
			hits++;
			k++;
		}
		cum += v;
		if (hits) {
			struct sp_item *it = sp_plan_add_item(d->plan, row.id, row.row);
			if (!it || (err = fill_item(d, it, &row))) {
				err = err ? err : AK_ERR_NOMEM;
				break;
			}
			it->hits = hits;
			it->by = SP_RANDOM;
		}
	}
	free(pt);
	if (err)
		return err;
	json_object_set_new(par, "frame", json_integer(d->frame));
	json_object_set_new(par, "value_column", json_string(d->o->value_column));
	json_object_set_new(par, "decimals", json_integer(d->o->decimals));
	if (d->o->decimal_comma) /* to draw the same sample again */
		json_object_set_new(par, "decimal_comma", json_true());
	format_units(buf, sizeof buf, V, d->o->decimals, 0);
	json_object_set_new(par, "total", json_string(buf));
	format_units(buf, sizeof buf, (u128)V * 100 / (u128)n, d->o->decimals, 2);
	json_object_set_new(par, "interval", json_string(buf));
	if (!cell)
		json_object_set_new(par, "start", json_integer((json_int_t)r));
	return AK_OK;
}

ak_err sd_draw(struct pop_reader *pop, const struct sd_opts *o, struct sp_plan *plan)
{
	struct draw d;
	json_t *par = json_object();
	size_t i;
	ak_err err = AK_OK;

	memset(&d, 0, sizeof d);
	d.pop = pop;
	d.o = o;
	d.plan = plan;
	d.label = pop_qlabel(pop);
	d.diag = pop_label(pop);
	ak_rng_seed(&d.rng, o->seed);
	if (!par || !idset_init(&d.inc, o->include, o->ninclude) ||
	    !idset_init(&d.exc, o->exclude, o->nexclude)) {
		err = AK_ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < d.inc.n && d.exc.n; i++)
		if (bsearch(&d.inc.id[i], d.exc.id, d.exc.n, sizeof *d.exc.id, cmp_str)) {
			ak_error("'%s' is both included and excluded", d.inc.id[i]);
			err = AK_ERR_DATA;
			goto out;
		}
	if (o->n < 0 || (o->n == 0 && !(o->method == SD_STRATIFIED && o->all_strata))) {
		ak_error("the sample size must be at least 1");
		err = AK_ERR_DATA;
		goto out;
	}
	json_object_set_new(par, "n", json_integer(o->n));
	switch (o->method) {
	case SD_RANDOM:
		err = draw_random(&d, par);
		break;
	case SD_SYSTEMATIC:
		err = draw_systematic(&d, par);
		break;
	case SD_STRATIFIED:
		err = draw_stratified(&d, par);
		break;
	case SD_MUS:
	case SD_CELL:
		err = draw_money(&d, par);
		break;
	}
	if (err)
		goto out;
	if (o->ninclude)
		json_object_set_new(par, "judgement_included",
		                    json_integer((json_int_t)o->ninclude));
	if (o->nexclude)
		json_object_set_new(par, "judgement_excluded",
		                    json_integer((json_int_t)o->nexclude));
	sp_plan_sort(plan);
	plan->rows = pop_count(pop);
	memcpy(plan->sha256, pop_sha256(pop), AK_SHA256_HEX);
	free(plan->method);
	free(plan->generator);
	plan->method = ak_strdup(sd_method_name(o->method));
	plan->generator = ak_strdup(AK_RNG_NAME);
	plan->seed = o->seed;
	json_decref(plan->parameters);
	plan->parameters = json_incref(par);
	if (!plan->method || !plan->generator)
		err = AK_ERR_NOMEM;
out:
	json_decref(par);
	idset_release(&d.inc);
	idset_release(&d.exc);
	return err;
}
