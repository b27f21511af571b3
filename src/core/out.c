/* out.c: outputs that never destroy what they land on, and the clean-up of
 * their temporary files on a signal and on the next run.
 *
 * What an output path may be, and what is done with it (docs/failures.md,
 * "Outputs"):
 *   - "-", /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N (or a link
 *     to one): that open descriptor, written directly;
 *   - a new path, or an existing regular file the user may write: a
 *     temporary file ".NAME.auditkit-PID-XXXXXX" in the folder of the file
 *     (a symbolic link's target, so the link stays), renamed over it once
 *     whole; the replaced file's mode (and, as root, owner) is kept;
 *   - a named pipe, a terminal, /dev/null, /dev/zero, /dev/full: opened and
 *     written directly, never renamed over;
 *   - anything else (a folder, a read-only file, a link to nothing, a block
 *     device, a socket, any other device): refused, exit 5.
 */
#define _GNU_SOURCE /* syncfs: one sync for a batch of outputs */
#include "core/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

/* ======================================================================
 * Temporary paths removed on a signal
 *
 * The handler may only call async-signal-safe functions, so the registry is
 * a fixed array of strings allocated before registration; the handler unlinks
 * files, removes folders, restores the default action and re-raises. Every
 * signal the handler takes is held off while it runs, so a second signal
 * (SIGINT, then SIGTERM) cannot cut the clean-up short.
 * ====================================================================== */

#define TMP_MAX_PATHS 64

static struct {
	char *path;
	bool dir;
} tmp_paths[TMP_MAX_PATHS];
static volatile sig_atomic_t tmp_count;

/* Every signal whose default action ends the process and that can be caught,
 * but those a fault raises (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGSYS,
 * SIGTRAP): after a fault the registry itself cannot be trusted, and the
 * sanitizers report those. What they and SIGKILL leave, the next run
 * removes (sweep_stale). Real-time signals are added at run time. */
static const int tmp_signals[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE,
	SIGVTALRM, SIGPROF, SIGXCPU, SIGIO, SIGPWR,
#ifdef SIGSTKFLT
	SIGSTKFLT,
#endif
};
#define NTMP_SIGNALS (sizeof tmp_signals / sizeof tmp_signals[0])

static void handled_set(sigset_t *set)
{
	size_t i;
	int s;

	sigemptyset(set);
	for (i = 0; i < NTMP_SIGNALS; i++)
		sigaddset(set, tmp_signals[i]);
	/* SIGRTMAX is left out: valgrind keeps it for itself. */
	for (s = SIGRTMIN; s < SIGRTMAX; s++)
		sigaddset(set, s);
}

void ak_tmp_signal_set(sigset_t *set) { handled_set(set); }

static void tmp_handler(int sig)
{
	struct sigaction dfl;
	sigset_t one;
	int i;

	for (i = 0; i < tmp_count; i++)
		if (tmp_paths[i].path && !tmp_paths[i].dir)
			unlink(tmp_paths[i].path);
	for (i = tmp_count - 1; i >= 0; i--)
		if (tmp_paths[i].path && tmp_paths[i].dir)
			rmdir(tmp_paths[i].path);
	/* Die by the signal, as the shell expects: the default action, then
	 * the signal raised with only it let through. */
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(sig, &dfl, NULL);
	sigemptyset(&one);
	sigaddset(&one, sig);
	raise(sig);
	sigprocmask(SIG_UNBLOCK, &one, NULL);
}

void ak_tmp_install_handlers(void)
{
	struct sigaction sa, old;
	sigset_t set;
	int s;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = tmp_handler;
	handled_set(&set);
	sa.sa_mask = set;
	for (s = 1; s < SIGRTMAX; s++) {
		if (sigismember(&set, s) != 1)
			continue;
		/* nohup's SIGHUP and a SIGPIPE the caller ignores stay ignored
		 * (a write to a closed pipe then fails with EPIPE: exit 5). The
		 * others are taken even when ignored, as a shell ignores SIGINT
		 * and SIGQUIT for its background jobs yet kills them with those. */
		if ((s == SIGHUP || s == SIGPIPE) && sigaction(s, NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(s, &sa, NULL);
	}
}

static void block_signals(sigset_t *old)
{
	sigset_t set;

	handled_set(&set);
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
 * Stale temporary files of runs that were killed
 *
 * A temporary output is ".NAME.auditkit-PID-XXXXXX". Before writing into a
 * folder, a run removes the ones an earlier run left there, on this rule:
 * the name has exactly that shape, it is a regular file (not a link) owned
 * by the same user, and either its PID is not a running process and it was
 * last written over STALE_DEAD_SECONDS ago (a writer in another PID
 * namespace or on another host sharing the folder writes more often than
 * that), or it was last written over STALE_ANY_SECONDS ago (a PID reused).
 * Only the folder written into is looked at, never anything else.
 * ====================================================================== */

#define TMP_TAG ".auditkit-"
#define STALE_DEAD_SECONDS 10
#define STALE_ANY_SECONDS (24 * 3600)

/* The PID in an entry named ".NAME.auditkit-PID-XXXXXX", or 0. */
static long stale_pid(const char *name)
{
	const char *tag = NULL, *p, *q;
	long pid = 0;
	size_t i;

	if (name[0] != '.')
		return 0;
	for (p = name; (p = strstr(p, TMP_TAG)); p++)
		tag = p;
	if (!tag || tag == name)
		return 0;
	p = tag + strlen(TMP_TAG);
	for (q = p; *q >= '0' && *q <= '9' && q - p < 10; q++)
		pid = pid * 10 + (*q - '0');
	if (q == p || *q != '-')
		return 0;
	for (i = 1; i <= 6; i++) {
		char c = q[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			return 0;
	}
	return q[7] == '\0' ? pid : 0;
}

/* Has this process swept dir already? A folder is swept once per run: one
 * run writing a thousand scored files into one folder would otherwise read
 * the folder a thousand times (quadratic in its size). The folders are
 * remembered by a 64-bit hash of their path; a collision only skips a
 * sweep, which the next run makes. */
static bool swept_before(const char *dir)
{
	static uint64_t seen[16];
	static size_t nseen;
	uint64_t h = 1469598103934665603u;
	size_t i;

	for (; *dir; dir++)
		h = (h ^ (unsigned char)*dir) * 1099511628211u;
	for (i = 0; i < nseen; i++)
		if (seen[i] == h)
			return true;
	if (nseen < sizeof seen / sizeof *seen)
		seen[nseen++] = h;
	return false;
}

static void sweep_stale(const char *dir)
{
	DIR *d;
	struct dirent *e;
	time_t now = time(NULL);

	if (swept_before(dir) || !(d = opendir(dir)))
		return;
	while ((e = readdir(d))) {
		long pid = stale_pid(e->d_name);
		struct stat st;
		bool alive;
		double age;

		if (pid <= 0 || pid == (long)getpid())
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode) || st.st_uid != geteuid())
			continue;
		alive = kill((pid_t)pid, 0) == 0 || errno == EPERM;
		age = difftime(now, st.st_mtime);
		if ((!alive && age > STALE_DEAD_SECONDS) || age > STALE_ANY_SECONDS) {
			if (unlinkat(dirfd(d), e->d_name, 0) == 0)
				ak_verbosef("removed '%s/%s', left by an earlier run (pid %ld) that was killed",
					    dir, e->d_name, pid);
		}
	}
	closedir(d);
}

/* ======================================================================
 * What an output path is
 * ====================================================================== */

enum out_kind {
	OUT_NEW,     /* nothing there: a temporary file, renamed */
	OUT_FILE,    /* a regular file to replace: the same, keeping its mode */
	OUT_FD,      /* an open descriptor named by path (/dev/stdout) */
	OUT_STREAM,  /* a pipe, terminal or /dev/null: opened and written */
	OUT_REFUSED, /* said why; exit 5 */
	OUT_NOMEM,
};

/* The descriptor N a path like /dev/fd/N or /proc/self/fd/N names, or -1. */
static int fd_name(const char *p)
{
	static const char *const prefixes[] = {"/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/"};
	size_t i;
	long n;

	if (strcmp(p, "/dev/stdin") == 0)
		return 0;
	if (strcmp(p, "/dev/stdout") == 0)
		return 1;
	if (strcmp(p, "/dev/stderr") == 0)
		return 2;
	for (i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
		if (ak_has_prefix(p, prefixes[i]) && ak_parse_long(p + strlen(prefixes[i]), 0, INT_MAX, &n))
			return (int)n;
	return -1;
}

/* fd_name() of path or of any link on the way to what it names (at most
 * 16 links): "out" linked to /dev/stdout names descriptor 1. */
static int fd_of_path(const char *path)
{
	char cur[PATH_MAX], next[PATH_MAX];
	size_t len = strlen(path);
	int hop, fd;

	if (len >= sizeof cur)
		return -1;
	memcpy(cur, path, len + 1);
	for (hop = 0; hop < 16; hop++) {
		ssize_t n;
		if ((fd = fd_name(cur)) >= 0)
			return fd;
		n = readlink(cur, next, sizeof next - 1);
		if (n <= 0)
			return -1;
		next[n] = '\0';
		if (next[0] != '/') { /* relative to the link's folder */
			const char *slash = strrchr(cur, '/');
			char joined[PATH_MAX];
			if (slash && snprintf(joined, sizeof joined, "%.*s/%s", (int)(slash - cur), cur,
					      next) >= (int)sizeof joined)
				return -1;
			if (slash)
				memcpy(next, joined, strlen(joined) + 1); /* both PATH_MAX */
		}
		memcpy(cur, next, strlen(next) + 1); /* both PATH_MAX */
	}
	return -1;
}

/* Character devices written as they are: the memory devices null, zero and
 * full, and terminals (ttys, consoles, pseudo-terminals). Anything else
 * (/dev/mem, a tape that rewinds when opened, a disk) is refused unopened. */
static bool writable_device(dev_t rdev)
{
	unsigned int ma = major(rdev), mi = minor(rdev);

	if (ma == 1)
		return mi == 3 || mi == 5 || mi == 7;
	return ma == 4 || (ma == 5 && mi <= 1) || (ma >= 136 && ma <= 143);
}

static const char *kind_name(mode_t m)
{
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISCHR(m))
		return "a device";
	return "not a regular file";
}

/* What path is; for OUT_NEW and OUT_FILE, *target is the path to rename
 * onto (a symbolic link's target; new string), and for OUT_FILE *st its
 * status. Refusals are said here. */
static enum out_kind out_classify(const char *path, char **target, struct stat *st, int *fd)
{
	struct stat lst;

	*target = NULL;
	*fd = -1;
	if ((*fd = fd_of_path(path)) >= 0)
		return OUT_FD;
	if (lstat(path, &lst) != 0) {
		if (errno != ENOENT) {
			ak_error("cannot write '%s': %s", path, strerror(errno));
			return OUT_REFUSED;
		}
		*target = ak_strdup(path);
		return *target ? OUT_NEW : OUT_NOMEM;
	}
	if (S_ISLNK(lst.st_mode)) {
		if (stat(path, st) != 0) {
			if (errno == ENOENT)
				ak_error("cannot write '%s': a symbolic link to nothing; remove it or name "
					 "the file itself",
					 path);
			else
				ak_error("cannot write '%s': %s", path, strerror(errno));
			return OUT_REFUSED;
		}
	} else {
		*st = lst;
	}
	if (S_ISREG(st->st_mode)) {
		/* As root access() says yes to anything: a file nobody may write
		 * was made read-only on purpose, and is not replaced either. */
		if (access(path, W_OK) != 0 || (st->st_mode & 0222) == 0) {
			ak_error("'%s' is read-only: not replacing it (make it writable, or write "
				 "elsewhere)",
				 path);
			return OUT_REFUSED;
		}
		*target = S_ISLNK(lst.st_mode) ? realpath(path, NULL) : ak_strdup(path);
		return *target ? OUT_FILE : OUT_NOMEM;
	}
	if (S_ISFIFO(st->st_mode) || (S_ISCHR(st->st_mode) && writable_device(st->st_rdev)))
		return OUT_STREAM;
	if (S_ISDIR(st->st_mode))
		ak_error("cannot write '%s': %s", path, strerror(EISDIR));
	else
		ak_error("cannot write '%s': it is %s (an output is a file, a pipe, a terminal, "
			 "/dev/null or standard output)",
			 path, kind_name(st->st_mode));
	return OUT_REFUSED;
}

/* ======================================================================
 * Outputs written whole or not at all
 * ====================================================================== */

static void out_clear(struct ak_out *o)
{
	o->fp = NULL;
	o->path = NULL;
	o->tmp = NULL;
	o->stream = false;
}

/* An output written straight to fd (owned: closed on failure). */
static ak_err open_stream(struct ak_out *o, const char *path, int fd)
{
	o->path = ak_strdup(path);
	o->fp = o->path ? fdopen(fd, "wb") : NULL;
	if (!o->fp) {
		close(fd);
		free(o->path);
		o->path = NULL;
		return AK_ERR_NOMEM;
	}
	o->stream = true;
	return AK_OK;
}

ak_err ak_out_open(struct ak_out *o, const char *path)
{
	enum out_kind kind;
	struct stat st;
	char *target = NULL, *slash;
	int fd, given;

	out_clear(o);
	if (strcmp(path, "-") == 0) {
		o->fp = stdout;
		return AK_OK;
	}
	kind = out_classify(path, &target, &st, &given);
	switch (kind) {
	case OUT_REFUSED: return AK_ERR_OUTPUT;
	case OUT_NOMEM: return AK_ERR_NOMEM;
	case OUT_FD:
		if (given == STDOUT_FILENO) {
			o->fp = stdout;
			return AK_OK;
		}
		if ((fcntl(given, F_GETFL) & O_ACCMODE) == O_RDONLY || (fd = dup(given)) < 0) {
			ak_error("cannot write '%s': %s", path,
				 errno == EBADF || errno == 0 ? "not open for writing" : strerror(errno));
			return AK_ERR_OUTPUT;
		}
		return open_stream(o, path, fd);
	case OUT_STREAM:
		/* a pipe's writer waits here for its reader, as a shell's '>' does */
		if ((fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)) < 0) {
			ak_error("cannot write '%s': %s", path, strerror(errno));
			return AK_ERR_OUTPUT;
		}
		return open_stream(o, path, fd);
	case OUT_NEW:
	case OUT_FILE: break;
	}

	o->path = target;
	slash = strrchr(target, '/');
	if (slash) {
		*slash = '\0';
		sweep_stale(*target ? target : "/");
		*slash = '/';
		o->tmp = ak_asprintf("%.*s/.%s" TMP_TAG "%ld-XXXXXX", (int)(slash - target), target,
				     slash + 1, (long)getpid());
	} else {
		sweep_stale(".");
		o->tmp = ak_asprintf(".%s" TMP_TAG "%ld-XXXXXX", target, (long)getpid());
	}
	if (!o->tmp)
		goto nomem;
	fd = ak_mkstemp_tmp(o->tmp);
	if (fd < 0 && errno == ENOMEM)
		goto nomem;
	if (fd < 0) {
		ak_error("cannot write '%s': %s", path, strerror(errno));
		free(o->tmp);
		free(o->path);
		out_clear(o);
		return AK_ERR_OUTPUT;
	}
	if (kind == OUT_FILE) {
		/* what is replaced keeps its mode, and (where allowed: as root,
		 * or a group of one's own) its owner and group */
		if (fchown(fd, st.st_uid, st.st_gid) != 0 && fchown(fd, (uid_t)-1, st.st_gid) != 0) {
			/* a file of someone else's group: ours it becomes */
		}
		fchmod(fd, st.st_mode & 0777);
	} else {
		/* mkstemp makes 0600; a new output is an ordinary file under the umask */
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
	out_clear(o);
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
	out_clear(o);
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
	if (o->stream) {
		/* nothing to rename: what was written is there; a pipe or a
		 * device cannot be synced (EINVAL), and is not asked to be */
		if (fflush(o->fp) != 0 || ferror(o->fp))
			e = errno ? errno : EIO;
		if (fclose(o->fp) != 0 && !e)
			e = errno ? errno : EIO;
		o->fp = NULL;
		if (e)
			ak_error("cannot write '%s': %s", o->path, strerror(e));
		ak_out_abort(o);
		return e ? AK_ERR_OUTPUT : AK_OK;
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
	out_clear(o);
	return AK_OK;
}

ak_err ak_out_close(struct ak_out *o)
{
	int e = 0;

	if (!o->fp)
		return AK_ERR_INTERNAL;
	if (o->fp == stdout || o->stream)
		return ak_out_commit(o);
	if (fflush(o->fp) != 0 || ferror(o->fp))
		e = errno ? errno : EIO;
	if (fclose(o->fp) != 0 && !e)
		e = errno ? errno : EIO;
	o->fp = NULL;
	if (e) {
		ak_error("cannot write '%s': %s", o->path, strerror(e));
		ak_out_abort(o);
		return AK_ERR_OUTPUT;
	}
	return AK_OK;
}

/* Sync the file system holding tmp, unless one of devs[0..*ndev) (those
 * synced already) holds it. */
static int sync_fs_of(const char *tmp, dev_t *devs, size_t *ndev, size_t max)
{
	struct stat st;
	size_t i;
	int fd = open(tmp, O_RDONLY | O_CLOEXEC), e = 0;

	if (fd < 0)
		return errno;
	if (fstat(fd, &st) != 0)
		e = errno;
	for (i = 0; !e && i < *ndev; i++)
		if (devs[i] == st.st_dev)
			break;
	if (!e && i == *ndev) {
		if (syncfs(fd) != 0)
			e = errno;
		else if (*ndev < max)
			devs[(*ndev)++] = st.st_dev;
	}
	close(fd);
	return e;
}

ak_err ak_out_commit_closed(struct ak_out *v, size_t n, bool *ok)
{
	dev_t devs[8];
	size_t i, ndev = 0;
	ak_err worst = AK_OK;

	for (i = 0; i < n; i++) {
		int e = 0;
		ok[i] = false;
		if (!v[i].tmp) { /* committed by ak_out_close: a stream */
			ok[i] = true;
			continue;
		}
		/* the data first, on disk under the temporary name; then the
		 * name: a reader or a crash sees the old file or the new one */
		if ((e = sync_fs_of(v[i].tmp, devs, &ndev, sizeof devs / sizeof *devs)) == 0 &&
		    rename(v[i].tmp, v[i].path) != 0)
			e = errno;
		if (e) {
			ak_error("cannot write '%s': %s", v[i].path, strerror(e));
			ak_out_abort(&v[i]);
			worst = AK_ERR_OUTPUT;
			continue;
		}
		ak_tmp_unregister(v[i].tmp);
		free(v[i].tmp);
		free(v[i].path);
		out_clear(&v[i]);
		ok[i] = true;
	}
	return worst;
}

/* ======================================================================
 * An output that would land on an input
 * ====================================================================== */

/* Whether the folder dir (dev/ino of a folder) holds path's folder, at any
 * depth: path's folder and each one above it, compared by device and inode. */
static bool inside(const struct stat *dir, const char *path)
{
	char *copy = ak_strdup(path), *slash, *canon;
	struct stat st;
	bool found = false;

	if (!copy)
		return false;
	/* the nearest folder that exists: score -o EV/new makes EV/new */
	for (;;) {
		slash = strrchr(copy, '/');
		if (!slash) {
			canon = realpath(".", NULL);
			break;
		}
		*(slash == copy ? slash + 1 : slash) = '\0';
		if ((canon = realpath(copy, NULL)) || errno != ENOENT || slash == copy)
			break;
	}
	free(copy);
	if (!canon)
		return false;
	for (;;) {
		if (stat(canon, &st) == 0 && st.st_dev == dir->st_dev && st.st_ino == dir->st_ino) {
			found = true;
			break;
		}
		slash = strrchr(canon, '/');
		if (!slash || slash == canon) {
			if (strcmp(canon, "/") != 0 && stat("/", &st) == 0 &&
			    st.st_dev == dir->st_dev && st.st_ino == dir->st_ino)
				found = true;
			break;
		}
		*slash = '\0';
	}
	free(canon);
	return found;
}

/* ak_out_check with the inputs' stat() done: ok[i] false where input i
 * is skipped ("-", NULL, or not there) */
static ak_err check_one(const char *output, const struct ak_input *in, const struct stat *st,
			const bool *ok, size_t n)
{
	enum out_kind kind;
	struct stat ost;
	char *target = NULL;
	ak_err err = AK_OK;
	size_t i;
	int fd;

	if (!output || strcmp(output, "-") == 0)
		return AK_OK;
	kind = out_classify(output, &target, &ost, &fd);
	if (kind == OUT_REFUSED)
		return AK_ERR_OUTPUT;
	if (kind == OUT_NOMEM)
		return AK_ERR_NOMEM;
	/* writing to a descriptor, a terminal or /dev/null destroys nothing */
	if (kind == OUT_FD || (kind == OUT_STREAM && !S_ISFIFO(ost.st_mode)))
		goto out;
	for (i = 0; i < n && !err; i++) {
		const char *p = in[i].path;
		const struct stat ist = st[i];
		if (!ok[i])
			continue;
		if (kind != OUT_NEW && ist.st_dev == ost.st_dev && ist.st_ino == ost.st_ino) {
			ak_error("the output '%s' is the input '%s' (%s)%s: not writing over it", output,
				 p, in[i].what,
				 strcmp(p, output) == 0 ? "" : ", the same file by another name");
			err = AK_ERR_USAGE;
		} else if (S_ISDIR(ist.st_mode) && kind != OUT_STREAM && inside(&ist, target)) {
			ak_error("the output '%s' is inside the input folder '%s' (%s): write it "
				 "elsewhere",
				 output, p, in[i].what);
			err = AK_ERR_USAGE;
		}
	}
out:
	free(target);
	return err;
}

ak_err ak_out_check_many(const char *const *outputs, size_t nout, const struct ak_input *in,
			 size_t n)
{
	struct stat *st = calloc(n + 1, sizeof *st);
	bool *ok = calloc(n + 1, sizeof *ok);
	ak_err err = AK_OK;
	size_t i;

	if (!st || !ok) {
		free(st);
		free(ok);
		return AK_ERR_NOMEM;
	}
	for (i = 0; i < n; i++)
		ok[i] = in[i].path && strcmp(in[i].path, "-") != 0 && stat(in[i].path, &st[i]) == 0;
	for (i = 0; i < nout && !err; i++)
		err = check_one(outputs[i], in, st, ok, n);
	free(st);
	free(ok);
	return err;
}

ak_err ak_out_check(const char *output, const struct ak_input *in, size_t n)
{
	return ak_out_check_many(&output, 1, in, n);
}
