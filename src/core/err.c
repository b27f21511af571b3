/* err.c: messages and exit codes for ak_err, in one table. */
#include "core/err.h"

static const struct {
	const char *msg;
	int exit_code;
} table[] = {
	[AK_OK] = {"success", AK_EXIT_OK},
	[AK_ERR_NOMEM] = {"out of memory", AK_EXIT_INTERNAL},
	[AK_ERR_INTERNAL] = {"internal error", AK_EXIT_INTERNAL},
	[AK_ERR_USAGE] = {"usage error", AK_EXIT_USAGE},
	[AK_ERR_INPUT] = {"cannot read input", AK_EXIT_DATA},
	[AK_ERR_DATA] = {"bad input data", AK_EXIT_DATA},
	[AK_ERR_SOURCE] = {"source failure", AK_EXIT_SOURCE},
	[AK_ERR_NETWORK] = {"network failure", AK_EXIT_SOURCE},
	[AK_ERR_OUTPUT] = {"cannot write output", AK_EXIT_OUTPUT},
	[AK_ERR_INTERRUPTED] = {"interrupted", AK_EXIT_INTERRUPTED},
};

const char *ak_strerror(ak_err e)
{
	if ((unsigned)e >= sizeof table / sizeof table[0])
		return "unknown error";
	return table[e].msg;
}

int ak_exit_code(ak_err e)
{
	if ((unsigned)e >= sizeof table / sizeof table[0])
		return AK_EXIT_INTERNAL;
	return table[e].exit_code;
}
