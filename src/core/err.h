/* err.h: the one error enum, its messages and the exit codes (DESIGN.md).
 *
 * Modules return an ak_err; only main() turns it into an exit code. */
#ifndef AK_ERR_H
#define AK_ERR_H

typedef enum {
	AK_OK = 0,
	AK_ERR_NOMEM,      /* out of memory                       -> 1 */
	AK_ERR_INTERNAL,   /* a bug: an invariant did not hold    -> 1 */
	AK_ERR_USAGE,      /* bad command line                    -> 2 */
	AK_ERR_INPUT,      /* an input file cannot be read        -> 3 */
	AK_ERR_DATA,       /* an input file is malformed          -> 3 */
	AK_ERR_SOURCE,     /* a source answered with an error     -> 4 */
	AK_ERR_NETWORK,    /* a source could not be reached       -> 4 */
	AK_ERR_OUTPUT,     /* an output cannot be written         -> 5 */
	AK_ERR_INTERRUPTED /* stopped by a signal                 -> 130 */
} ak_err;

/* Exit codes, the contract scripts rely on; docs/auditkit.1 lists the same. */
enum {
	AK_EXIT_OK = 0,
	AK_EXIT_INTERNAL = 1,
	AK_EXIT_USAGE = 2,
	AK_EXIT_DATA = 3,
	AK_EXIT_SOURCE = 4,
	AK_EXIT_OUTPUT = 5,
	AK_EXIT_INTERRUPTED = 130
};

/* A short lower-case description of e; never NULL. */
const char *ak_strerror(ak_err e);

/* The process exit code for e. */
int ak_exit_code(ak_err e);

#endif
