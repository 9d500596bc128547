// SPDX-License-Identifier: MIT
/*
 * init - PID 1: run every test program, report them as KTAP, then end the
 * run or hand the console to the shell.
 *
 *   init [--shell] [--ktap-index=K] [--standalone] [DIR]
 *
 * Every file in DIR (default /tests) runs in sorted order, each with
 * fork + execve + wait4, its stdout and stderr captured through a pipe
 * and its stdin an empty pipe (end of file at once). The results form
 * one KTAP suite named "user", printed the way the kernel prints its own
 * suites, nested in the kernel's document as suite number K:
 *
 *	  KTAP version 1
 *	  # Subtest: user
 *	  1..2
 *	  ok 1 cow_fork_isolation
 *	  # FAIL: cow.c:12: the child sees its own copy: expected 1, got 2
 *	  not ok 2 cow_pipe_read_write
 *	not ok K user
 *
 * The contract with each program (tests/user/check.h): exit 0 passed,
 * 77 skipped ("SKIP: reason" is its first such line), anything else or a
 * signal failed - then its output is shown as diagnostics.
 *
 * Afterwards init exits with the number of failed tests (the kernel
 * powers off with it), or, with --shell or FAULTLINE_SHELL=1 in the
 * environment, becomes /bin/sh. K comes from --ktap-index=K or
 * FAULTLINE_KTAP_INDEX (default 1). --standalone first prints the
 * top-level "KTAP version 1" and "1..1", so that on the host
 *
 *	build/user/init --standalone some/dir | python3 tests/ktap.py -
 *
 * parses as a whole document.
 */
#define _GNU_SOURCE /* strchrnul */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define EXIT_SKIP 77 /* tests/user/check.h */
#define EXIT_EXEC_FAILED 127 /* as a shell says "command not found" */
#define EXIT_FAILURES_MAX 125 /* most failures an exit status carries */
#define MAX_TESTS 256
#define OUTPUT_MAX (64 * 1024) /* output kept per test; the rest dropped */
#define LINE_MAX_SHOWN 400 /* longer output lines are cut */
#define SKIP_PREFIX "SKIP: "
#define SHELL_PATH "/bin/sh"
#define DEFAULT_TEST_DIR "/tests"

extern char **environ;

/* One whole line with one write(2): kernel log lines may come between
 * two lines of ours, never into one. */
static __attribute__((format(printf, 1, 2))) void say(const char *fmt, ...)
{
	char buf[LINE_MAX_SHOWN + 64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	if (write(STDOUT_FILENO, buf, n) < 0)
		return;
}

struct output {
	char *buf;
	size_t len;
	bool truncated;
};

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_program(const char *dir, const struct dirent *d)
{
	char path[PATH_MAX];
	struct stat st;

	if (d->d_name[0] == '.')
		return false;
	if (d->d_type != DT_UNKNOWN)
		return d->d_type == DT_REG;
	snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The names of the programs in dir, sorted; their count, or -1. */
static int list_tests(const char *dir, char **names)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)) && n < MAX_TESTS)
		if (is_program(dir, e))
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), by_name);
	return n;
}

/* In the child: stdin an empty pipe, stdout and stderr the capture. */
static __attribute__((noreturn)) void exec_test(const char *path, int out)
{
	char *argv[] = { (char *)path, NULL };
	int empty[2];

	if (pipe(empty) == 0) {
		close(empty[1]); /* no writer: reads see end of file */
		dup2(empty[0], STDIN_FILENO);
		close(empty[0]);
	}
	dup2(out, STDOUT_FILENO);
	dup2(out, STDERR_FILENO);
	close(out);
	execve(path, argv, environ);
	dprintf(STDERR_FILENO, "init: cannot run %s: %s\n", path,
		strerror(errno));
	_exit(EXIT_EXEC_FAILED);
}

/* Read fd to its end, keeping the first OUTPUT_MAX bytes. */
static void collect(int fd, struct output *out)
{
	char chunk[4096];
	ssize_t n;

	*out = (struct output){ .buf = malloc(OUTPUT_MAX + 1) };
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		size_t keep = out->buf ? OUTPUT_MAX - out->len : 0;
		if ((size_t)n > keep)
			out->truncated = true;
		keep = (size_t)n < keep ? (size_t)n : keep;
		memcpy(out->buf + out->len, chunk, keep);
		out->len += keep;
	}
	if (out->buf)
		out->buf[out->len] = '\0';
}

/* Orphans of the tests become ours (we are PID 1): reap them. */
static void reap_orphans(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

/* Run one program; its wait status (or -1 if it could not start). */
static int run_test(const char *path, struct output *out)
{
	int p[2], status;
	pid_t pid;

	*out = (struct output){ 0 };
	if (pipe(p) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		close(p[0]);
		exec_test(path, p[1]);
	}
	close(p[1]);
	collect(p[0], out);
	close(p[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	reap_orphans();
	return status;
}

/* The text after "SKIP: " on the first output line that starts so. */
static void skip_reason(const struct output *out, char *reason, size_t size)
{
	size_t plen = strlen(SKIP_PREFIX);

	snprintf(reason, size, "exit status %d, no reason given", EXIT_SKIP);
	for (const char *p = out->buf; p && *p;) {
		const char *eol = strchrnul(p, '\n');
		if (!strncmp(p, SKIP_PREFIX, plen)) {
			snprintf(reason, size, "%.*s", (int)(eol - p - plen),
				 p + plen);
			return;
		}
		p = *eol ? eol + 1 : eol;
	}
}

/* Each line of a failed test's output, as a KTAP diagnostic. */
static void show_output(const struct output *out)
{
	for (const char *p = out->buf; p && *p;) {
		const char *eol = strchrnul(p, '\n');
		int n = (int)(eol - p);
		if (n && p[n - 1] == '\r')
			n--;
		if (n > LINE_MAX_SHOWN)
			say("  # %.*s...\n", LINE_MAX_SHOWN, p);
		else
			say("  # %.*s\n", n, p);
		p = *eol ? eol + 1 : eol;
	}
	if (out->truncated)
		say("  # [output after the first %d bytes not shown]\n",
		    OUTPUT_MAX);
}

static void show_status(int status)
{
	if (status == -1)
		say("  # init: could not start it: %s\n", strerror(errno));
	else if (WIFSIGNALED(status))
		say("  # killed by signal %d (%s)\n", WTERMSIG(status),
		    strsignal(WTERMSIG(status)));
	else
		say("  # exit status %d\n", WEXITSTATUS(status));
}

enum result { PASS, FAIL, SKIP };

static bool exited_with(int status, int code)
{
	return status != -1 && WIFEXITED(status) &&
	       WEXITSTATUS(status) == code;
}

/* One KTAP result line, after the diagnostics of a failure. */
static enum result report(int num, const char *name, int status,
			  const struct output *out)
{
	char reason[LINE_MAX_SHOWN];

	if (exited_with(status, 0)) {
		say("  ok %d %s\n", num, name);
		return PASS;
	}
	if (exited_with(status, EXIT_SKIP)) {
		skip_reason(out, reason, sizeof(reason));
		say("  ok %d %s # SKIP %s\n", num, name, reason);
		return SKIP;
	}
	show_output(out);
	show_status(status);
	say("  not ok %d %s\n", num, name);
	return FAIL;
}

/* The suite's closing line, at the parent's level (as kernel/ktest.c). */
static void suite_result(int index, const char *dir, int n, int failed,
			 int skipped)
{
	if (failed)
		say("not ok %d user\n", index);
	else if (!n)
		say("ok %d user # SKIP no test programs in %s\n", index, dir);
	else if (skipped == n)
		say("ok %d user # SKIP all tests skipped\n", index);
	else
		say("ok %d user\n", index);
}

/* Run every program of dir as the suite "user"; the number failed. */
static int run_suite(const char *dir, int index)
{
	char *names[MAX_TESTS];
	int n = list_tests(dir, names), failed = 0, skipped = 0;

	say("  KTAP version 1\n");
	say("  # Subtest: user\n");
	say("  1..%d\n", n < 0 ? 0 : n);
	for (int i = 0; i < n; i++) {
		char path[PATH_MAX];
		struct output out;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		int status = run_test(path, &out);
		enum result r = report(i + 1, names[i], status, &out);
		failed += r == FAIL;
		skipped += r == SKIP;
		free(out.buf);
		free(names[i]);
	}
	suite_result(index, dir, n < 0 ? 0 : n, failed, skipped);
	return failed;
}

static bool env_flag(const char *name)
{
	const char *v = getenv(name);

	return v && *v && strcmp(v, "0");
}

int main(int argc, char **argv)
{
	const char *dir = DEFAULT_TEST_DIR, *v = getenv("FAULTLINE_KTAP_INDEX");
	bool shell = env_flag("FAULTLINE_SHELL"), standalone = false;
	/* The kernel passes the index only when its KTAP plan counts the
	 * user suite (ktest= selects it); otherwise there is no suite to
	 * print. By hand on the host, --ktap-index or --standalone. */
	bool tests = v != NULL;
	int index = v ? atoi(v) : 1;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--shell"))
			shell = true;
		else if (!strcmp(a, "--standalone"))
			standalone = tests = true;
		else if (!strncmp(a, "--ktap-index=", strlen("--ktap-index=")))
			index = atoi(a + strlen("--ktap-index=")), tests = true;
		else if (a[0] != '-')
			dir = a, tests = true;
		else
			say("init: ignoring unknown option %s\n", a);
	}
	if (index < 1)
		index = 1;
	if (standalone)
		say("KTAP version 1\n1..1\n");
	int failed = tests ? run_suite(dir, index) : 0;
	if (shell) {
		char *sh_argv[] = { "sh", NULL };
		execve(SHELL_PATH, sh_argv, environ);
		say("init: cannot run %s: %s\n", SHELL_PATH, strerror(errno));
	}
	return failed > EXIT_FAILURES_MAX ? EXIT_FAILURES_MAX : failed;
}
