/* util.c: buffers, allocation helpers, files, strings and arenas (outputs
 * and their clean-up are out.c's). */
#include "core/util.h"

/* Only to know that memcheck is watching (ak_valgrind); without the header
 * the answer is always no. */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ======================================================================
 * Buffers
 * ====================================================================== */

void ak_buf_init(struct ak_buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
	b->oom = false;
}

void ak_buf_release(struct ak_buf *b)
{
	free(b->data);
	ak_buf_init(b);
}

void ak_buf_reset(struct ak_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

static bool buf_reserve(struct ak_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (b->oom)
		return false;
	if (extra > SIZE_MAX - b->len - 1)
		goto fail;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return true;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = realloc(b->data, cap);
	if (!p)
		goto fail;
	b->data = p;
	b->cap = cap;
	return true;
fail:
	b->oom = true;
	return false;
}

void ak_buf_reserve(struct ak_buf *b, size_t extra) { buf_reserve(b, extra); }

void ak_buf_add_grow(struct ak_buf *b, const void *p, size_t n)
{
	if (!buf_reserve(b, n))
		return;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void ak_buf_adds(struct ak_buf *b, const char *s) { ak_buf_add(b, s, strlen(s)); }


void ak_buf_printf(struct ak_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!buf_reserve(b, 64))
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = true;
		return;
	}
	if ((size_t)n >= b->cap - b->len) {
		if (!buf_reserve(b, (size_t)n))
			return;
		va_start(ap, fmt);
		vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

bool ak_buf_failed(const struct ak_buf *b) { return b->oom; }

char *ak_buf_detach(struct ak_buf *b)
{
	char *s;

	if (b->oom) {
		ak_buf_release(b);
		return NULL;
	}
	s = b->data ? b->data : ak_strdup("");
	ak_buf_init(b);
	return s;
}

const char *ak_buf_str(const struct ak_buf *b) { return b->data ? b->data : ""; }

/* ======================================================================
 * Allocation helpers
 * ====================================================================== */

char *ak_strdup(const char *s)
{
	return s ? ak_strndup(s, strlen(s)) : NULL;
}

char *ak_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *ak_asprintf(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	p = malloc((size_t)n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

bool ak_grow(void *vp, size_t *cap, size_t need, size_t sz)
{
	void **v = vp;
	size_t c = *cap ? *cap : 8;
	void *p;

	if (need <= *cap)
		return true;
	while (c < need) {
		if (c > SIZE_MAX / 2 / sz)
			return false;
		c *= 2;
	}
	p = realloc(*v, c * sz);
	if (!p)
		return false;
	*v = p;
	*cap = c;
	return true;
}

/* ======================================================================
 * Files
 * ====================================================================== */

ak_err ak_read_file(const char *path, size_t max, char **data, size_t *len)
{
	FILE *fp = NULL;
	struct ak_buf b = AK_BUF_INIT;
	char chunk[65536];
	size_t n;
	ak_err err = AK_OK;
	bool is_stdin = strcmp(path, "-") == 0;

	*data = NULL;
	*len = 0;
	fp = is_stdin ? stdin : fopen(path, "rb");
	if (!fp) {
		ak_error("cannot open '%s': %s", path, strerror(errno));
		return AK_ERR_INPUT;
	}
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		if (max && b.len + n > max) {
			ak_error("'%s' is larger than the limit of %zu bytes", path, max);
			err = AK_ERR_INPUT;
			goto out;
		}
		ak_buf_add(&b, chunk, n);
		if (ak_buf_failed(&b)) {
			err = AK_ERR_NOMEM;
			goto out;
		}
	}
	if (ferror(fp)) {
		ak_error("cannot read '%s': %s", path, strerror(errno));
		err = AK_ERR_INPUT;
		goto out;
	}
	*len = b.len;
	*data = ak_buf_detach(&b);
	if (!*data)
		err = AK_ERR_NOMEM;
out:
	if (fp && !is_stdin)
		fclose(fp);
	ak_buf_release(&b);
	return err;
}

/* ======================================================================
 * Strings
 * ====================================================================== */

bool ak_valgrind(void)
{
	return RUNNING_ON_VALGRIND != 0;
}

bool ak_streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

bool ak_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

size_t ak_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, prev[64], cur[64];

	if (la >= 63 || lb >= 63)
		return 99;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			size_t rep = prev[j - 1] + (a[i - 1] != b[j - 1]);
			cur[j] = del < ins ? del : ins;
			if (rep < cur[j])
				cur[j] = rep;
		}
		memcpy(prev, cur, (lb + 1) * sizeof *prev);
	}
	return prev[lb];
}

bool ak_parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

size_t ak_utf8_check(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k, need;

	while (i < n) {
		unsigned char c = p[i];
		if (c < 0x80) {
			uint64_t w;
			i++;
			/* ASCII runs eight bytes at a time */
			while (n - i >= 8 && (memcpy(&w, p + i, 8), (w & 0x8080808080808080u) == 0))
				i += 8;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			need = 1;
		else if (c >= 0xE0 && c <= 0xEF)
			need = 2;
		else if (c >= 0xF0 && c <= 0xF4)
			need = 3;
		else
			return i;
		for (k = 1; k <= need; k++)
			if (i + k >= n || (p[i + k] & 0xC0) != 0x80)
				return i;
		if ((c == 0xE0 && p[i + 1] < 0xA0) || (c == 0xED && p[i + 1] >= 0xA0) ||
		    (c == 0xF0 && p[i + 1] < 0x90) || (c == 0xF4 && p[i + 1] >= 0x90))
			return i;
		i += need + 1;
	}
	return n;
}

/* ======================================================================
 * Arena
 * ====================================================================== */

struct ak_arena_block {
	struct ak_arena_block *next;
	size_t used, cap;
	max_align_t data[];
};

void *ak_arena_alloc(struct ak_arena *a, size_t n)
{
	struct ak_arena_block *b = a->head;
	size_t align = sizeof(max_align_t), need = (n + align - 1) / align * align;
	char *p;

	if (n == 0)
		need = align;
	if (!b || b->cap - b->used < need) {
		size_t cap = need > 65536 ? need : 65536;
		b = malloc(sizeof *b + cap);
		if (!b) {
			a->oom = true;
			return NULL;
		}
		b->cap = cap;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	p = (char *)b->data + b->used;
	b->used += need;
	memset(p, 0, n);
	return p;
}

char *ak_arena_strdup(struct ak_arena *a, const char *s)
{
	size_t n;
	char *p;

	if (!s)
		return NULL;
	n = strlen(s);
	p = ak_arena_alloc(a, n + 1);
	if (p)
		memcpy(p, s, n + 1);
	return p;
}

void ak_arena_release(struct ak_arena *a)
{
	while (a->head) {
		struct ak_arena_block *next = a->head->next;
		free(a->head);
		a->head = next;
	}
	a->oom = false;
}

/* ======================================================================
 * Data files
 * ====================================================================== */

static bool is_regular(const char *p)
{
	struct stat st;
	return p && stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

char *ak_data_file(const char *env, const char *rel)
{
	const char *v = env ? getenv(env) : NULL;
	char exe[PATH_MAX], *p;
	ssize_t n;

	if (v && *v)
		return ak_strdup(v);
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	if ((p = strrchr(exe, '/')))
		*p = '\0';
	p = ak_asprintf("%s/../share/auditkit/%s", exe, rel);
	if (is_regular(p))
		return p;
	free(p);
	p = ak_asprintf("%s/../%s", exe, rel);
	if (is_regular(p))
		return p;
	free(p);
	return NULL;
}
