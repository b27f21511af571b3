/* bank_check.h: private to the bank module (bank_load.c, bank_check.c).
 *
 * bank_load.c follows includes and owns the loading; bank_check.c checks
 * every field of a bank file and builds the read-only questions, storing
 * them through bank_int.h. */
#ifndef AK_BANK_CHECK_H
#define AK_BANK_CHECK_H

#include <jansson.h>

#include "interview/bank_int.h"
#include "core/jcheck.h"
#include "core/jpos.h"
#include "core/util.h"

/* One bank file as read: its text, JSON and its checker, which reports to
 * the loader's diags and builds the position index only when a problem
 * needs a position (a good bank never pays for it). */
struct bfile {
	char *path, *dir, *text;
	size_t len;
	json_t *root;
	struct jck chk; /* checks text; messages name path; every problem shown */
};

/* What building one question needs to know. Problems go to the question
 * file's chk. */
struct bank_build_ctx {
	struct ak_arena *arena;
	struct bank *b;
	json_t *root_vars;      /* the using bank's vars (borrowed) */
	json_t *const *overlay; /* include vars, innermost first */
	size_t noverlay;
	const char *mapped_by;  /* the bank that included it, or NULL */
};

void bfile_free(struct bfile *f);
/* "<arg>/bank.json" when arg is a folder, else a copy of arg. */
char *bank_json_path(const char *arg);

/* Check f's top level: fields, format, header strings, includes' shape.
 * Problems are reported through f->chk, here and below. */
void bank_check_header(struct bfile *f, bool is_root);
/* Fill b's header, clause table, coverage and synonyms from the root file. */
void bank_build_header(struct ak_arena *a, struct bfile *f, struct bank *b);
/* Check and build question `index` of f (json q, clause and item after
 * mapping) into *out. false if it had problems (reported to f->chk). */
bool bank_build_question(const struct bank_build_ctx *ctx, struct bfile *f, size_t index,
			 json_t *q, const char *clause, const char *item,
			 struct bank_question *out);
/* Report every id used twice; qfile[i] and qindex[i] say where question i
 * was written. */
void bank_check_duplicates(struct ak_diags *d, const struct bank_question *q, size_t n,
			   struct bfile *const *qfile, const size_t *qindex);

#endif
