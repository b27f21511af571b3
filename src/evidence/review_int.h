/* review_int.h: private to the minutes reader, review*.c.
 *
 * Calls run one way: review.c (formats, the document as text, the public
 * entry points) calls review_walk.c (the walk through the blocks, deciding
 * which entries to read as what), which uses review_blocks.c (the text cut
 * into blocks), review_sections.c (what a heading, a key or a table column
 * announces) and review_text.c and review_money.c (single entries: a person
 * out of "Alison Treharne, Chief Executive (chair)", a list of people out of
 * a line, a decision's owner and amount out of its annotations, an amount of
 * money out of a sentence). */
#ifndef AK_REVIEW_INT_H
#define AK_REVIEW_INT_H

#include <stdbool.h>
#include <stddef.h>

/* A growable list of owned strings; oom is sticky. */
struct rv_strs {
	char **v;
	size_t n, cap;
	bool oom;
};

void rv_strs_add(struct rv_strs *l, const char *s, size_t n); /* trimmed copy; empty skipped */
void rv_strs_take(struct rv_strs *l, char *s);                /* steals s (NULL: nothing) */
void rv_strs_release(struct rv_strs *l);

/* ASCII case-insensitive: does s[0..n) start with the word w (a non-letter
 * or the end after it)? */
bool rv_word_at(const char *s, size_t n, const char *w);
size_t rv_words(const char *s, size_t n);
/* "Maria Keller", "Dr Helen Ashworth", "Lena van der Vos", "J. Smith": two
 * to five words, the first and last capitalised, no digits, no role words. */
bool rv_person(const char *s, size_t n);
/* Does s name a role rather than a person ("CFO", "Head of IT",
 * "Operations Director")? */
bool rv_role(const char *s, size_t n);
/* Does s start with a person's name ("Maria Keller (CEO), ...")? */
bool rv_starts_person(const char *s, size_t n);
/* "none", "nil", "n/a", "none received", "no apologies": nothing to list. */
bool rv_none(const char *s, size_t n);

/* The person an attendance entry names, as a new string (NULL when the entry
 * is empty or out of memory, then *oom). *chair is set when the entry marks
 * them as chairing ("(chair)"). */
char *rv_name_of(const char *s, size_t n, bool *chair, bool *oom);
/* One line's people: "A (CEO), B (CFO) and C" or "A, CEO; B, CFO": each
 * entry as written, to be read with rv_name_of. */
void rv_split_people(const char *s, size_t n, struct rv_strs *out);

/* ---- review_money.c ---------------------------------------------------- */

/* The first amount of money in s[0..n): "EUR 45,000", "£340k", "NOK 1.2
 * million", "45 000 €". */
bool rv_money(const char *s, size_t n, size_t *off, size_t *len);
/* The length of a currency symbol or ISO code at s ("£", "EUR"), else 0. */
size_t rv_currency_at(const char *s, size_t n);
/* The currency a table heading names ("Amount (NOK)", "Cost, £"): a new
 * string or NULL (then *oom when out of memory). */
char *rv_heading_currency(const char *s, bool *oom);

/* The end of the sentence starting at s: after '.', '!' or '?' followed by a
 * space and a capital, a digit or a quote (not after "Dr." or "e.g."). */
const char *rv_sentence_end(const char *s);
/* s without a leading reference ("D1", "3.", "Decision 2:", "MR-26-01 -"). */
const char *rv_skip_ref(const char *s);

/* A decision as written, split into its text and the owner and amount its
 * annotations give ("... (owner: CFO; EUR 45,000)", "Owner: X", "X to ...").
 * New strings; *owner and *amount NULL when not given. */
void rv_decision(const char *s, char **text, char **owner, char **amount, bool *oom);

/* Kinds of annotation keys in a decision ("Owner:", "Budget:", "Due:"). */
enum rv_ann { RV_ANN_NONE, RV_ANN_OWNER, RV_ANN_AMOUNT, RV_ANN_DUE };
enum rv_ann rv_ann_key(const char *k, size_t n);

/* ---- review_blocks.c --------------------------------------------------- */

enum rv_bkind { RV_B_HEAD, RV_B_LINE, RV_B_ITEM, RV_B_ROW };

struct rv_blk {
	enum rv_bkind kind;
	int level;     /* headings */
	char *text;    /* inline markup removed; rows: the cells joined by " | " */
	char **cells;  /* rows */
	size_t ncells;
	int header;    /* rows: the header row of the table, -1 none */
	bool is_header;
	int para;      /* the paragraph (blank-line separated) */
	int indent;    /* items */
	int num;       /* items: the number of a numbered item, else 0 */
	bool bold;     /* the whole line was bold */
	bool colon;    /* the line ended in ':' */
};

struct rv_doc {
	struct rv_blk *b;
	size_t n, cap;
	bool oom;
};

/* Contract: appends text's blocks to d (zeroed by the caller); d->oom on
 * failure. rv_doc_release frees them. */
void rv_parse_blocks(const char *text, struct rv_doc *d);
void rv_doc_release(struct rv_doc *d);
/* "PRESENT", "2. DECISIONS": no lower-case letter, no list punctuation. */
bool rv_upper_line(const char *s);

/* ---- review_sections.c ------------------------------------------------- */

/* What a section holds. */
enum rv_sk {
	RV_S_NONE,      /* not said */
	RV_S_OTHER,     /* anything else: incidents, objectives, any other business */
	RV_S_PREVIOUS,  /* the last review's actions: never this review's decisions */
	RV_S_PRESENT,
	RV_S_APOLOGIES,
	RV_S_DECISIONS,
	RV_S_ACTIONS,   /* read as decisions when the minutes record none */
	RV_S_RESOURCES,
	RV_S_NEXT
};

/* What a "Key: value" gives. */
enum rv_key { RV_K_NONE, RV_K_IGNORE, RV_K_DATE, RV_K_CHAIR, RV_K_PRESENT, RV_K_APOLOGIES,
	      RV_K_NEXT, RV_K_DECISION, RV_K_RESOURCES, RV_K_OWNER, RV_K_AMOUNT };

/* What a table column holds, by its heading. */
enum rv_col { RV_C_NONE, RV_C_REF, RV_C_DECISION, RV_C_ACTION, RV_C_OWNER, RV_C_AMOUNT, RV_C_DUE,
	      RV_C_NAME, RV_C_ROLE, RV_C_STATUS };
enum rv_status { RV_ST_ATTENDANCE, RV_ST_PRESENT, RV_ST_APOLOGIES };

#define RV_MAX_COLS 16

struct rv_cols {
	size_t first;   /* the table's first row */
	bool header;    /* ... is its header */
	int ref, decision, owner, amount, due, name, role, status; /* columns, -1 none */
	enum rv_status st;
	bool action;     /* the text column is headed "Action" */
	bool columnwise; /* "Present | Apologies": a list in each column */
	enum rv_sk colkind[RV_MAX_COLS];
	char *currency;         /* owned: "NOK" from "Amount (NOK)" */
	const char *multiplier; /* "k" from "Cost (£k)" */
};

/* Lower-case copy of at most 127 bytes of s. */
void rv_lower(const char *s, size_t n, char out[128]);
/* Where the word w (a word's prefix when w ends in '*') is in s, or -1. */
long rv_word_in(const char *s, const char *w);
bool rv_has(const char *s, const char *needle);
bool rv_one_of(const char *l, const char *const *list);
/* The section a heading or label line ("5 — Decisions") opens. */
enum rv_sk rv_classify(const char *s, size_t n);
/* l (lower case) is a label needing no emphasis: "present", "apologies". */
bool rv_exact_label(const char *l);
/* "Key: value" at the start of t: the key's kind, and the value in *value.
 * A colon between digits ("09:30") or before a non-space is none. */
enum rv_key rv_key_kind(const char *k, size_t n);
enum rv_key rv_key_line(const char *t, const char **value);
enum rv_sk rv_key_section(enum rv_key k);
/* The first whole date in s as YYYY-MM-DD. */
bool rv_first_date(const char *s, char out[11]);
enum rv_col rv_col_kind(const char *cell, enum rv_status *st);
/* Fills c's columns from the header row h (c->currency is a new string). */
void rv_cols_read(const struct rv_blk *h, struct rv_cols *c, bool *oom);
/* A first row that is a header though nothing marked it one. */
bool rv_looks_like_header(const struct rv_blk *r);

#endif
