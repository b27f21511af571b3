/* bank_dirs.c: where banks are found.
 *
 * In order: each folder of $AUDITKIT_BANKS (colon-separated), the installed
 * <prefix>/share/auditkit/question-banks, and the source tree's
 * question-banks beside a binary built in place (<tree>/build/auditkit). The
 * binary's own location comes from /proc/self/exe, so an installed and an
 * in-tree auditkit each find their own banks without configuration. */
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "interview/bank.h"
#include "core/util.h"

#define MAX_DIRS 16

static size_t search_dirs(char *dirs[MAX_DIRS])
{
	size_t n = 0;
	const char *env = getenv("AUDITKIT_BANKS");
	char exe[PATH_MAX];
	ssize_t len;

	if (env && *env) {
		const char *p = env;
		while (*p && n < MAX_DIRS - 2) {
			const char *e = strchr(p, ':');
			size_t k = e ? (size_t)(e - p) : strlen(p);
			if (k)
				dirs[n++] = ak_strndup(p, k);
			if (!e)
				break;
			p = e + 1;
		}
	}
	len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (len > 0) {
		char *slash;
		exe[len] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0'; /* the binary's folder */
			dirs[n++] = ak_asprintf("%s/../share/auditkit/question-banks", exe);
			dirs[n++] = ak_asprintf("%s/../question-banks", exe);
		}
	}
	return n;
}

static void free_dirs(char *dirs[MAX_DIRS], size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(dirs[i]);
}

static bool is_file(const char *p)
{
	struct stat st;
	return p && stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_dir(const char *p)
{
	struct stat st;
	return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

char *bank_resolve(const char *arg)
{
	char *dirs[MAX_DIRS], *found = NULL;
	size_t n, i;

	if (is_file(arg))
		return ak_strdup(arg);
	if (is_dir(arg)) {
		char *p = ak_asprintf("%s/bank.json", arg);
		if (is_file(p))
			return p;
		free(p);
		return NULL;
	}
	if (strchr(arg, '/'))
		return NULL;
	n = search_dirs(dirs);
	for (i = 0; i < n && !found; i++) {
		char *p = dirs[i] ? ak_asprintf("%s/%s/bank.json", dirs[i], arg) : NULL;
		if (is_file(p))
			found = p;
		else
			free(p);
	}
	free_dirs(dirs, n);
	return found;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t bank_each_in(const char *dir, void (*fn)(const char *bank_json, void *ctx), void *ctx)
{
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *e;
	char **names = NULL;
	size_t nn = 0, cap = 0, k;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char *p;
		if (e->d_name[0] == '.')
			continue;
		p = ak_asprintf("%s/%s/bank.json", dir, e->d_name);
		if (!is_file(p) || !ak_grow(&names, &cap, nn + 1, sizeof *names)) {
			free(p);
			continue;
		}
		names[nn++] = p;
	}
	closedir(d);
	if (nn > 1) /* names is NULL when none was found, which qsort may not take */
		qsort(names, nn, sizeof *names, cmp_str);
	for (k = 0; k < nn; k++) {
		fn(names[k], ctx);
		free(names[k]);
	}
	free(names);
	return nn;
}

void bank_each_dir(void (*fn)(const char *bank_json, void *ctx), void *ctx)
{
	char *dirs[MAX_DIRS];
	size_t n = search_dirs(dirs), i;

	/* The first folder that holds banks wins: an installed copy and a
	 * source tree are not listed twice. */
	for (i = 0; i < n; i++)
		if (bank_each_in(dirs[i], fn, ctx))
			break;
	free_dirs(dirs, n);
}
