/* manual.h: findings written by hand and overrides of proposed grades
 * (docs/findings-format.md, "Manual findings"), from CSV or JSON.
 *
 * Read in two passes so a register of any size streams: manual_scan checks
 * every entry, keeps the overrides (few) and counts the findings;
 * manual_each then reads the findings again, one at a time, and hands each
 * to a callback. A CSV file is read from disk both times in constant
 * memory; a JSON file is parsed once and kept. */
#ifndef AK_MANUAL_H
#define AK_MANUAL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "core/err.h"
#include "findings/grade.h"

#define MANUAL_FORMAT "auditkit-manual/1"

struct manual;

/* Open path (CSV, or JSON when its first non-blank byte is '{'). Standard
 * input is refused: it cannot be read twice. */
ak_err manual_open(const char *path, struct manual **out);
void manual_close(struct manual *m);

/* Check every entry; problems go to d with file and line (AK_ERR_DATA). */
ak_err manual_scan(struct manual *m, struct ak_diags *d);

/* After a successful scan: the overrides (borrowed from m) and the number
 * of findings. */
const struct grade_override *manual_overrides(const struct manual *m, size_t *n);
size_t manual_nfindings(const struct manual *m);
const char *manual_path(const struct manual *m);
const char *manual_sha256(const struct manual *m);
bool manual_is_csv(const struct manual *m);

/* Call fn with each manual finding, in file order. The finding and its
 * strings are borrowed for the duration of the call only. Stops at the
 * first error fn returns. */
ak_err manual_each(struct manual *m, ak_err (*fn)(const struct grade_finding *f, void *ctx),
                   void *ctx);

#endif
