// SPDX-License-Identifier: MIT
/*
 * sh - a small shell for the serial console.
 *
 * Reads a line (the console's line discipline has already done the
 * editing: erase, Ctrl-U, Enter), splits it into words, and runs the
 * program the first word names: a path if it contains '/', otherwise the
 * first match in /bin, then /tests. After each program it says how it
 * ended - "[exit 0]", "[killed by signal 11 (Segmentation fault)]" -
 * since for the demos that is often the point.
 *
 * Words: separated by blanks; '...' quotes literally, "..." quotes with
 * backslash escapes, a backslash outside quotes escapes one character.
 * No pipes, redirections, variables or globbing.
 *
 * Built-ins: help, exit [N], cd [DIR], pwd. End of input (Ctrl-D at the
 * start of a line) exits with the last program's status.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define LINE_MAX_LEN 1024
#define MAX_WORDS 64
#define PROMPT "$ "
#define EXIT_NOT_FOUND 127
#define EXIT_CANNOT_EXEC 126
#define EXIT_USAGE 2

extern char **environ;

/* The wait status of a process that exited with code (as wait4 says). */
static int exited(int code)
{
	return (code & 0xff) << 8;
}

static const char *const search_dirs[] = { "/bin", "/tests" };

/* Buffered input: one read() may bring several lines (a pipe or a file
 * on the host) or part of one. */
static char inbuf[LINE_MAX_LEN];
static size_t in_len, in_pos;
static bool in_eof;

static int next_char(void)
{
	while (in_pos == in_len) {
		if (in_eof)
			return EOF;
		ssize_t r = read(STDIN_FILENO, inbuf, sizeof(inbuf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			in_eof = true;
			return EOF;
		}
		in_len = (size_t)r;
		in_pos = 0;
	}
	return (unsigned char)inbuf[in_pos++];
}

/* The next line without its '\n' (cut to size - 1 bytes); false at the
 * end of input. A last line without '\n' still counts. */
static bool read_line(char *line, size_t size)
{
	size_t n = 0;
	int c;

	while ((c = next_char()) != EOF && c != '\n')
		if (n + 1 < size)
			line[n++] = (char)c;
	line[n] = '\0';
	return c == '\n' || n > 0;
}

/*
 * Split line in place into words (quotes and backslashes removed).
 * Returns the number of words, or -1 for an unterminated quote.
 */
static int split_words(char *line, char **words, int max)
{
	char *in = line, *out = line;
	int n = 0;

	for (;;) {
		while (*in == ' ' || *in == '\t')
			in++;
		if (!*in || n == max - 1)
			break;
		words[n++] = out;
		char quote = 0;
		while (*in && (quote || (*in != ' ' && *in != '\t'))) {
			char c = *in++;
			if (!quote && (c == '\'' || c == '"'))
				quote = c;
			else if (quote && c == quote)
				quote = 0;
			else if (c == '\\' && quote != '\'' && *in)
				*out++ = *in++;
			else
				*out++ = c;
		}
		if (quote)
			return -1;
		if (*in)
			in++; /* the blank after the word */
		*out++ = '\0';
	}
	words[n] = NULL;
	return n;
}

/* Where the program called name is: path[size], or false. */
static bool find_program(const char *name, char *path, size_t size)
{
	if (strchr(name, '/')) {
		snprintf(path, size, "%s", name);
		return true;
	}
	for (size_t i = 0; i < sizeof(search_dirs) / sizeof(search_dirs[0]);
	     i++) {
		snprintf(path, size, "%s/%s", search_dirs[i], name);
		if (access(path, X_OK) == 0)
			return true;
	}
	return false;
}

static void say_status(int status)
{
	if (WIFSIGNALED(status))
		dprintf(STDOUT_FILENO, "[killed by signal %d (%s)]\n",
			WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		dprintf(STDOUT_FILENO, "[exit %d]\n", WEXITSTATUS(status));
}

/* Run a program; its wait status. */
static int run(char **argv)
{
	char path[LINE_MAX_LEN];
	int status;
	pid_t pid;

	if (!find_program(argv[0], path, sizeof(path))) {
		dprintf(STDERR_FILENO, "sh: %s: not found\n", argv[0]);
		return exited(EXIT_NOT_FOUND);
	}
	pid = fork();
	if (pid < 0) {
		dprintf(STDERR_FILENO, "sh: fork: %s\n", strerror(errno));
		return exited(EXIT_CANNOT_EXEC);
	}
	if (pid == 0) {
		execve(path, argv, environ);
		dprintf(STDERR_FILENO, "sh: %s: %s\n", path, strerror(errno));
		_exit(errno == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return exited(EXIT_CANNOT_EXEC);
	/* As PID 1 (init's exec) we inherit orphans: reap them. */
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	say_status(status);
	return status;
}

static void help(void)
{
	dprintf(STDOUT_FILENO,
		"faultline sh: run a program by path or by name (from /bin,"
		" then /tests).\n"
		"Built-ins: help, exit [N], cd [DIR], pwd, trace [WORDS]. "
		"Ctrl-D at the start of a line exits.\n"
		"trace swap,cow (or all, none) switches faultline's explain "
		"trace; trace alone shows it.\n"
		"Demos: demo_seed, demo_write_first, demo_mprotect (in /bin); "
		"tests in /tests.\n"
		"Editing: Backspace erases a character, Ctrl-U the line.\n");
}

static int cd(char **argv)
{
	const char *dir = argv[1] ? argv[1] : "/";

	if (chdir(dir) == 0)
		return 0;
	dprintf(STDERR_FILENO, "sh: cd: %s: %s\n", dir, strerror(errno));
	return exited(1);
}

static int pwd(void)
{
	char buf[LINE_MAX_LEN];

	if (!getcwd(buf, sizeof(buf))) {
		dprintf(STDERR_FILENO, "sh: pwd: %s\n", strerror(errno));
		return exited(1);
	}
	dprintf(STDOUT_FILENO, "%s\n", buf);
	return 0;
}

/* faultline's explain trace, through /proc/faultline/trace. */
#define TRACE_FILE "/proc/faultline/trace"

static int trace(char **argv)
{
	char buf[128];
	int fd = open(TRACE_FILE, argv[1] ? O_WRONLY : O_RDONLY);
	ssize_t n;

	if (fd < 0) {
		dprintf(STDERR_FILENO, "sh: trace: %s: %s\n", TRACE_FILE,
			strerror(errno));
		return exited(1);
	}
	if (argv[1])
		n = write(fd, argv[1], strlen(argv[1]));
	else if ((n = read(fd, buf, sizeof(buf))) > 0)
		n = write(STDOUT_FILENO, buf, n);
	close(fd);
	if (n < 0) {
		dprintf(STDERR_FILENO, "sh: trace: %s\n", strerror(errno));
		return exited(1);
	}
	return 0;
}

/* Run one line; false if it was "exit" (*status is then the code). */
static bool execute(char *line, int *status)
{
	char *argv[MAX_WORDS];
	int n = split_words(line, argv, MAX_WORDS);

	if (n < 0) {
		dprintf(STDERR_FILENO, "sh: unterminated quote\n");
		*status = exited(EXIT_USAGE);
	} else if (n == 0) {
		/* empty line: nothing */
	} else if (!strcmp(argv[0], "exit")) {
		*status = exited(argv[1] ? atoi(argv[1]) : 0);
		return false;
	} else if (!strcmp(argv[0], "help")) {
		help();
	} else if (!strcmp(argv[0], "cd")) {
		*status = cd(argv);
	} else if (!strcmp(argv[0], "pwd")) {
		*status = pwd();
	} else if (!strcmp(argv[0], "trace")) {
		*status = trace(argv);
	} else {
		*status = run(argv);
	}
	return true;
}

int main(void)
{
	char line[LINE_MAX_LEN];
	int status = 0;

	help();
	for (;;) {
		if (write(STDOUT_FILENO, PROMPT, strlen(PROMPT)) < 0)
			break;
		if (!read_line(line, sizeof(line))) {
			dprintf(STDOUT_FILENO, "\n");
			break;
		}
		if (!execute(line, &status))
			break;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status)
				 : 128 + WTERMSIG(status);
}
