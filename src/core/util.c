/* util.c: buffers, files, atomic outputs and signal clean-up. */
#include "core/util.h"

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
 * Temporary paths removed on a signal
 *
 * The handler may only call async-signal-safe functions, so the registry is
 * a fixed array of strings allocated before registration; the handler unlinks
 * files, removes folders, restores the default action and re-raises.
 * ====================================================================== */

#define TMP_MAX_PATHS 64

static struct {
	char *path;
	bool dir;
} tmp_paths[TMP_MAX_PATHS];
static volatile sig_atomic_t tmp_count;

static void tmp_handler(int sig)
{
	int i;

	for (i = 0; i < tmp_count; i++)
		if (tmp_paths[i].path && !tmp_paths[i].dir)
			unlink(tmp_paths[i].path);
	for (i = tmp_count - 1; i >= 0; i--)
		if (tmp_paths[i].path && tmp_paths[i].dir)
			rmdir(tmp_paths[i].path);
	signal(sig, SIG_DFL);
	raise(sig);
}

void ak_tmp_install_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = tmp_handler;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static void block_signals(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, old);
}

bool ak_tmp_register(const char *path, bool dir)
{
	sigset_t old;
	char *copy = ak_strdup(path);
	int i;
	bool ok = false;

	if (!copy)
		return false;
	block_signals(&old);
	for (i = 0; i < tmp_count; i++)
		if (!tmp_paths[i].path)
			break;
	if (i < TMP_MAX_PATHS) {
		tmp_paths[i].path = copy;
		tmp_paths[i].dir = dir;
		if (i == tmp_count)
			tmp_count++;
		ok = true;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (!ok)
		free(copy);
	return ok;
}

int ak_mkstemp_tmp(char *tmpl)
{
	sigset_t old;
	int fd;

	block_signals(&old);
	fd = mkstemp(tmpl);
	if (fd >= 0 && !ak_tmp_register(tmpl, false)) {
		close(fd);
		unlink(tmpl);
		fd = -1;
		errno = ENOMEM;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return fd;
}

char *ak_mkdtemp_tmp(char *tmpl)
{
	sigset_t old;
	char *dir;

	block_signals(&old);
	dir = mkdtemp(tmpl);
	if (dir && !ak_tmp_register(tmpl, true)) {
		rmdir(tmpl);
		dir = NULL;
		errno = ENOMEM;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return dir;
}

void ak_tmp_unregister(const char *path)
{
	sigset_t old;
	int i;

	block_signals(&old);
	for (i = 0; i < tmp_count; i++) {
		if (tmp_paths[i].path && strcmp(tmp_paths[i].path, path) == 0) {
			free(tmp_paths[i].path);
			tmp_paths[i].path = NULL;
			break;
		}
	}
	while (tmp_count > 0 && !tmp_paths[tmp_count - 1].path)
		tmp_count--;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* ======================================================================
 * Outputs written whole or not at all
 * ====================================================================== */

ak_err ak_out_open(struct ak_out *o, const char *path)
{
	const char *slash;
	int fd;

	o->fp = NULL;
	o->path = NULL;
	o->tmp = NULL;
	if (strcmp(path, "-") == 0) {
		o->fp = stdout;
		return AK_OK;
	}
	o->path = ak_strdup(path);
	slash = strrchr(path, '/');
	if (slash)
		o->tmp = ak_asprintf("%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1);
	else
		o->tmp = ak_asprintf(".%s.XXXXXX", path);
	if (!o->path || !o->tmp)
		goto nomem;
	fd = ak_mkstemp_tmp(o->tmp);
	if (fd < 0 && errno == ENOMEM)
		goto nomem;
	if (fd < 0) {
		ak_error("cannot write '%s': %s", path, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		free(o->path);
		o->path = NULL;
		return AK_ERR_OUTPUT;
	}
	/* mkstemp makes 0600; an output is an ordinary file under the umask. */
	{
		mode_t mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	o->fp = fdopen(fd, "wb");
	if (!o->fp) {
		close(fd);
		ak_out_abort(o);
		return AK_ERR_NOMEM;
	}
	return AK_OK;
nomem:
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	return AK_ERR_NOMEM;
}

void ak_out_abort(struct ak_out *o)
{
	if (o->fp && o->fp != stdout)
		fclose(o->fp);
	if (o->tmp) {
		unlink(o->tmp);
		ak_tmp_unregister(o->tmp);
	}
	free(o->tmp);
	free(o->path);
	o->fp = NULL;
	o->tmp = o->path = NULL;
}

ak_err ak_out_commit(struct ak_out *o)
{
	int e = 0;

	if (!o->fp)
		return AK_ERR_INTERNAL;
	if (o->fp == stdout) {
		o->fp = NULL;
		if (fflush(stdout) != 0 || ferror(stdout)) {
			ak_error("cannot write to standard output: %s", strerror(errno));
			return AK_ERR_OUTPUT;
		}
		return AK_OK;
	}
	if (fflush(o->fp) != 0 || ferror(o->fp) || fsync(fileno(o->fp)) != 0)
		e = errno ? errno : EIO;
	if (fclose(o->fp) != 0 && !e)
		e = errno ? errno : EIO;
	o->fp = NULL;
	if (!e && rename(o->tmp, o->path) != 0)
		e = errno;
	if (e) {
		ak_error("cannot write '%s': %s", o->path, strerror(e));
		ak_out_abort(o);
		return AK_ERR_OUTPUT;
	}
	ak_tmp_unregister(o->tmp);
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	return AK_OK;
}

/* ======================================================================
 * Strings
 * ====================================================================== */

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
