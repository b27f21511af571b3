/* test_out.c: outputs (core/out.c) in a temporary folder: a replaced file
 * keeps its mode, a read-only one is refused, a named pipe is written
 * directly, an output that is an input (by a hard link too) or inside an
 * input folder is refused, and a stale temporary file of a dead process is
 * swept while others stay. The device cases need root and a private mount
 * namespace: tests/cli/t94-outputs.sh has them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/util.h"

static char dir[] = "/tmp/ak-test-out-XXXXXX";

/* dir/name, in one of four buffers used in turn: copy what must last */
static char *at(const char *name)
{
	static char buf[4][256];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
	return buf[k];
}

static void put(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static ak_err write_out(const char *path, const char *text)
{
	struct ak_out o;
	ak_err err = ak_out_open(&o, path);

	if (err)
		return err;
	fputs(text, o.fp);
	return ak_out_commit(&o);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	ak_msg_set_level(AK_QUIET);
	return 0;
}

static int teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_mode_kept(void **state)
{
	struct stat st;

	(void)state;
	assert_int_equal(write_out(at("m.json"), "one"), AK_OK);
	chmod(at("m.json"), 0600);
	assert_int_equal(write_out(at("m.json"), "two"), AK_OK);
	assert_int_equal(stat(at("m.json"), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

static void test_read_only_refused(void **state)
{
	struct stat st;

	(void)state;
	put(at("ro.json"), "keep");
	chmod(at("ro.json"), 0444);
	assert_int_equal(write_out(at("ro.json"), "lost"), AK_ERR_OUTPUT);
	assert_int_equal(stat(at("ro.json"), &st), 0);
	assert_int_equal(st.st_size, 4);
}

static void test_fifo_written_directly(void **state)
{
	char buf[16] = "";
	pid_t pid;
	int fd, status;
	struct stat st;

	(void)state;
	assert_int_equal(mkfifo(at("p"), 0600), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		_exit(write_out(at("p"), "piped") == AK_OK ? 0 : 1);
	}
	fd = open(at("p"), O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(read(fd, buf, sizeof buf - 1), 5);
	close(fd);
	waitpid(pid, &status, 0);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(lstat(at("p"), &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	assert_string_equal(buf, "piped");
}

static void test_inputs(void **state)
{
	struct ak_input in[2];
	char *notes = strdup(at("notes.md")), *ev = strdup(at("ev"));

	(void)state;
	put(at("notes.md"), "notes");
	assert_int_equal(link(at("notes.md"), at("hard.md")), 0);
	mkdir(at("ev"), 0777);
	in[0] = (struct ak_input){"notes", notes};
	in[1] = (struct ak_input){"--evidence", ev};
	assert_int_equal(ak_out_check(at("notes.md"), in, 2), AK_ERR_USAGE);
	assert_int_equal(ak_out_check(at("hard.md"), in, 2), AK_ERR_USAGE);
	assert_int_equal(ak_out_check(at("ev/new.json"), in, 2), AK_ERR_USAGE);
	assert_int_equal(ak_out_check(at("ev/a/b/new.json"), in, 2), AK_ERR_USAGE);
	assert_int_equal(ak_out_check(at("other.json"), in, 2), AK_OK);
	assert_int_equal(ak_out_check("-", in, 2), AK_OK);
	assert_int_equal(ak_out_check(at("ev"), in, 2), AK_ERR_OUTPUT); /* a folder */
	free(notes);
	free(ev);
}

static void test_stale_swept(void **state)
{
	struct timeval old[2] = {{1000000000, 0}, {1000000000, 0}};
	char dead_name[64], live_name[64], fresh_name[64], later_name[64];
	pid_t dead = fork();

	(void)state;
	assert_true(dead >= 0);
	if (dead == 0)
		_exit(0);
	waitpid(dead, NULL, 0);
	/* a folder no earlier test wrote into: each folder is swept once a run */
	assert_int_equal(mkdir(at("sweep"), 0777), 0);
	snprintf(dead_name, sizeof dead_name, "sweep/.x.json.auditkit-%ld-aB3dE6", (long)dead);
	snprintf(live_name, sizeof live_name, "sweep/.x.json.auditkit-%ld-aB3dE6", (long)getppid());
	snprintf(fresh_name, sizeof fresh_name, "sweep/.y.json.auditkit-%ld-zzzzzz", (long)dead);
	snprintf(later_name, sizeof later_name, "sweep/.z.json.auditkit-%ld-qQ1wW2", (long)dead);
	put(at(dead_name), "");
	put(at(fresh_name), "");
	put(at("sweep/.x.json.aB3dE6"), "");
	utimes(at(dead_name), old);
	utimes(at("sweep/.x.json.aB3dE6"), old);
	put(at(live_name), "");
	assert_int_equal(write_out(at("sweep/x.json"), "new"), AK_OK);
	assert_int_equal(access(at(dead_name), F_OK), -1);   /* dead and old: swept */
	assert_int_equal(access(at(fresh_name), F_OK), 0);   /* dead, just written: kept */
	assert_int_equal(access(at(live_name), F_OK), 0);    /* alive: kept */
	assert_int_equal(access(at("sweep/.x.json.aB3dE6"), F_OK), 0); /* not ours: kept */
	/* swept once a run: a second file into the same folder reads it no more */
	put(at(later_name), "");
	utimes(at(later_name), old);
	assert_int_equal(write_out(at("sweep/w.json"), "new"), AK_OK);
	assert_int_equal(access(at(later_name), F_OK), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mode_kept),
		cmocka_unit_test(test_read_only_refused),
		cmocka_unit_test(test_fifo_written_directly),
		cmocka_unit_test(test_inputs),
		cmocka_unit_test(test_stale_swept),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
