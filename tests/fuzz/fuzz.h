/* fuzz.h: what the libFuzzer harnesses share (docs/fuzzing.md).
 *
 * Each harness feeds one parser of outside input the fuzzer's bytes. Some
 * parsers read a path, so the bytes go to a file in a private folder first;
 * some pick their behaviour from a name or a format, chosen here by the
 * first input byte (fuzz_pick). The program's own messages go to /dev/null:
 * the sanitizers and libFuzzer write their reports to file descriptor 2
 * directly, so nothing they say is lost. */
#ifndef AK_FUZZ_H
#define AK_FUZZ_H
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Silence fprintf(stderr, ...) from the parsers, once. */
static inline void fuzz_quiet(void)
{
	static int done;
	FILE *null;

	if (done)
		return;
	done = 1;
	if (getenv("FUZZ_VERBOSE"))
		return;
	null = fopen("/dev/null", "w");
	if (null)
		stderr = null;
}

static char fuzz_dir_path[64];

/* Remove the folder below and what is in it, at exit. */
static inline void fuzz_dir_remove(void)
{
	char path[512];
	struct dirent *e;
	DIR *dp = opendir(fuzz_dir_path);

	if (!dp)
		return;
	while ((e = readdir(dp)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", fuzz_dir_path, e->d_name);
		unlink(path);
	}
	closedir(dp);
	rmdir(fuzz_dir_path);
}

/* A folder of this process's own for the files written below. */
static inline const char *fuzz_dir(void)
{
	if (!fuzz_dir_path[0]) {
		const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
		snprintf(fuzz_dir_path, sizeof fuzz_dir_path, "%s/akfuzz-XXXXXX", base);
		if (!mkdtemp(fuzz_dir_path))
			abort();
		atexit(fuzz_dir_remove);
	}
	return fuzz_dir_path;
}

/* Write data to <dir>/<name> (replacing it); the path, in a static buffer. */
static inline const char *fuzz_file(const char *name, const uint8_t *data, size_t size)
{
	static char path[128];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
	fp = fopen(path, "wb");
	if (!fp || (size && fwrite(data, 1, size, fp) != size) || fclose(fp) != 0)
		abort();
	return path;
}

/* Take the first byte as a choice among n (0 when there is no byte). */
static inline unsigned fuzz_pick(const uint8_t **data, size_t *size, unsigned n)
{
	unsigned c;

	if (*size == 0)
		return 0;
	c = (*data)[0];
	(*data)++;
	(*size)--;
	return c % n;
}

/* A NUL-terminated copy (for parsers that take a C string). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}
#endif
