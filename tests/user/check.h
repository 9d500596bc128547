/* SPDX-License-Identifier: MIT */
/*
 * check.h - the shared harness of the user-mode test programs.
 *
 * Every tests/user/X.c is one static program that runs unchanged on the
 * host Linux (the oracle) and on faultline. The contract with the runners
 * (tests/host_user.py on the host, init on faultline):
 *
 *   exit 0    every check passed
 *   exit 77   skipped; the first line printed is "SKIP: <reason>"
 *   other     failed; each failed check printed one line
 *             "FAIL: <file>:<line>: <what it proves>: expected X, got Y"
 *             and a last line counts the failures of that process and
 *             names the program's fixed seed (test_seed()).
 *
 * Checks do not stop the program (like KUnit's EXPECT): a test reports
 * every broken property it sees, then check_exit() turns the count into
 * the exit status. Child processes use the same macros and exit through
 * check_exit() too, so their failures reach the parent as a non-zero exit
 * status, which the parent checks.
 *
 * Output goes through write(2) from a stack buffer, never through stdio:
 * no buffered text is duplicated by fork, nothing calls malloc (the brk
 * test relies on that), and a line is never split between processes.
 */
#ifndef FAULTLINE_TESTS_USER_CHECK_H
#define FAULTLINE_TESTS_USER_CHECK_H

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#define EXIT_SKIP 77

/* A child whose forbidden access did not kill it exits with this. */
#define EXIT_SURVIVED 99

#define PAGE_SIZE 4096UL

static int check_failures;
/* The program's seed (test_seed()) or that of the last prng_init(). */
static uint64_t check_seed;

#define PRINTF_LIKE(fmt, args) __attribute__((format(printf, fmt, args)))

static inline void say(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* printf to stdout with one write(2): whole lines, no stdio buffer. */
static inline void say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf)) {
		n = sizeof(buf) - 1;
		buf[n - 1] = '\n'; /* a cut line still ends a line */
	}
	if (write(STDOUT_FILENO, buf, n) < 0)
		return;
}

static inline void check_failed(const char *file, int line, const char *what,
				const char *detail)
{
	check_failures++;
	say("FAIL: %s:%d: %s%s%s\n", file, line, what, detail[0] ? ": " : "",
	    detail);
}

/* CHECK(cond, what): what names the property that cond proves. */
#define CHECK(cond, what)                                      \
	do {                                                   \
		if (!(cond))                                   \
			check_failed(__FILE__, __LINE__, what, \
				     "(" #cond ") is false");  \
	} while (0)

static inline void check_eq_failed(const char *file, int line, const char *what,
				   long long expected, long long actual)
{
	char detail[160];

	snprintf(detail, sizeof(detail),
		 "expected %lld (%#llx), got %lld (%#llx)", expected,
		 (unsigned long long)expected, actual,
		 (unsigned long long)actual);
	check_failed(file, line, what, detail);
}

/* CHECK_EQ(actual, expected, what): both are printed on failure. */
#define CHECK_EQ(actual, expected, what)                                    \
	do {                                                                \
		long long check_a_ = (long long)(actual);                   \
		long long check_e_ = (long long)(expected);                 \
		if (check_a_ != check_e_)                                   \
			check_eq_failed(__FILE__, __LINE__, what, check_e_, \
					check_a_);                          \
	} while (0)

static inline void check_err_failed(const char *file, int line,
				    const char *what, int expected, long ret,
				    int err)
{
	char detail[200];

	snprintf(detail, sizeof(detail),
		 "expected -1 with errno %d (%s), got %ld with errno %d (%s)",
		 expected, strerror(expected), ret, err,
		 ret == -1 ? strerror(err) : "-");
	check_failed(file, line, what, detail);
}

/*
 * CHECK_ERR(call, E, what): call (usually syscall(SYS_x, ...), which
 * passes the kernel's -errno through unchanged) returns -1 with errno E.
 */
#define CHECK_ERR(call, expected_errno, what)                         \
	do {                                                          \
		long check_r_;                                        \
		int check_err_;                                       \
		errno = 0;                                            \
		check_r_ = (long)(call);                              \
		check_err_ = errno;                                   \
		if (check_r_ != -1 || check_err_ != (expected_errno)) \
			check_err_failed(__FILE__, __LINE__, what,    \
					 expected_errno, check_r_,    \
					 check_err_);                 \
	} while (0)

/* CHECK_OK(call, what): call returns 0 (errno is printed otherwise). */
#define CHECK_OK(call, what)                                              \
	do {                                                              \
		long check_r_;                                            \
		errno = 0;                                                \
		check_r_ = (long)(call);                                  \
		if (check_r_ != 0) {                                      \
			char check_d_[120];                               \
			snprintf(check_d_, sizeof(check_d_),              \
				 "expected 0, got %ld (errno %d, %s)",    \
				 check_r_, errno, strerror(errno));       \
			check_failed(__FILE__, __LINE__, what, check_d_); \
		}                                                         \
	} while (0)

/* The exit status for the checks so far; prints the seed on failure. */
static inline int check_status(void)
{
	if (!check_failures)
		return 0;
	if (check_seed)
		say("FAIL: %d check(s) failed in pid %d; seed: %#llx\n",
		    check_failures, (int)getpid(),
		    (unsigned long long)check_seed);
	else
		say("FAIL: %d check(s) failed in pid %d\n", check_failures,
		    (int)getpid());
	return 1;
}

static inline void check_exit(void) __attribute__((noreturn));

/* Exit this process (parent or child) with check_status(). */
static inline void check_exit(void)
{
	_exit(check_status());
}

static inline void skip(const char *fmt, ...) PRINTF_LIKE(1, 2)
	__attribute__((noreturn));

/* Skip the whole program: one "SKIP: reason" line, exit 77. */
static inline void skip(const char *fmt, ...)
{
	char reason[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	say("SKIP: %s\n", reason);
	_exit(EXIT_SKIP);
}

/*
 * A precondition the rest of the program depends on (fork works, mmap
 * gives memory): report it and stop, since later checks would only
 * repeat the same failure.
 */
#define REQUIRE(cond, what)                                             \
	do {                                                            \
		if (!(cond)) {                                          \
			check_failed(__FILE__, __LINE__, what,          \
				     "(" #cond ") is false; stopping"); \
			check_exit();                                   \
		}                                                       \
	} while (0)

/*
 * Checks of behaviour that faultline specifies beyond Linux are skipped on
 * Linux. faultline's uname() says "faultline"; the host says "Linux".
 */
static inline bool on_linux(void)
{
	static int cached = -1;
	struct utsname u;

	if (cached < 0)
		cached = uname(&u) == 0 && strcmp(u.sysname, "Linux") == 0;
	return cached;
}

/* Is this Linux at version major.minor or later (uname's release)? */
static inline bool linux_at_least(int major, int minor)
{
	struct utsname u;
	int ma = 0, mi = 0;

	if (!on_linux() || uname(&u) != 0 ||
	    sscanf(u.release, "%d.%d", &ma, &mi) != 2)
		return false;
	return ma > major || (ma == major && mi >= minor);
}

/* Say once per program that some faultline-only checks did not run. */
static inline void note_faultline_only(const char *what)
{
	if (on_linux())
		say("note: faultline-only check skipped on Linux: %s\n", what);
}

/*
 * PRNG: splitmix64 (Steele, Lea, Flood 2014). Fixed seeds make every run
 * identical; the seed is printed with any failure. Patterns written into
 * memory are splitmix64 streams too, named by their own seeds.
 */
struct prng {
	uint64_t state;
};

/* Name the program's fixed seed, printed with any failure. */
static inline void test_seed(uint64_t seed)
{
	check_seed = seed;
}

static inline void prng_init(struct prng *r, uint64_t seed)
{
	r->state = seed;
	check_seed = seed;
}

static inline uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

#define PRNG_GAMMA 0x9e3779b97f4a7c15ULL

static inline uint64_t prng_next(struct prng *r)
{
	r->state += PRNG_GAMMA;
	return mix64(r->state);
}

/*
 * The byte pattern of a seed: byte i is byte (i % 8) of the (i / 8)-th
 * splitmix64 output. It does not touch check_seed: the seeds of patterns
 * are printed by CHECK_PATTERN itself.
 */
static inline unsigned char pattern_byte(struct prng *r, uint64_t *v, size_t i)
{
	if (i % 8 == 0)
		*v = prng_next(r);
	return (unsigned char)(*v >> (8 * (i % 8)));
}

/* Fill n bytes with the pattern of seed. */
static inline void fill_pattern(void *p, size_t n, uint64_t seed)
{
	struct prng r = { seed };
	unsigned char *b = p;
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++)
		b[i] = pattern_byte(&r, &v, i);
}

/*
 * Offset (from p) of the first byte of p[off..off+n) that differs from
 * bytes off..off+n of the pattern of seed, or -1.
 */
static inline long find_pattern_mismatch_at(const void *p, size_t off, size_t n,
					    uint64_t seed)
{
	struct prng r = { seed + (off / 8) * PRNG_GAMMA };
	const unsigned char *b = p;
	uint64_t v = off % 8 ? prng_next(&r) : 0;

	for (size_t i = off; i < off + n; i++)
		if (b[i] != pattern_byte(&r, &v, i))
			return (long)i;
	return -1;
}

/*
 * CHECK_PATTERN_AT(p, off, n, seed, what): p[off..off+n) holds the same
 * bytes of the pattern of seed (as left there by fill_pattern(p, ...)).
 */
#define CHECK_PATTERN_AT(p, off, n, seed, what)                              \
	do {                                                                 \
		long check_off_ = find_pattern_mismatch_at(p, off, n, seed); \
		if (check_off_ >= 0) {                                       \
			char check_d_[120];                                  \
			snprintf(check_d_, sizeof(check_d_),                 \
				 "first wrong byte at offset %ld "           \
				 "(pattern seed %#llx)",                     \
				 check_off_, (unsigned long long)(seed));    \
			check_failed(__FILE__, __LINE__, what, check_d_);    \
		}                                                            \
	} while (0)

/* CHECK_PATTERN(p, n, seed, what): p holds fill_pattern(p, n, seed). */
#define CHECK_PATTERN(p, n, seed, what) CHECK_PATTERN_AT(p, 0, n, seed, what)

/* Offset of the first byte of p[0..n) that is not c, or -1. */
static inline long find_byte_mismatch(const void *p, size_t n, unsigned char c)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i] != c)
			return (long)i;
	return -1;
}

/* CHECK_BYTES(p, n, c, what): every byte of p[0..n) is c. */
#define CHECK_BYTES(p, n, c, what)                                         \
	do {                                                               \
		long check_off_ = find_byte_mismatch(p, n, c);             \
		if (check_off_ >= 0) {                                     \
			char check_d_[120];                                \
			snprintf(check_d_, sizeof(check_d_),               \
				 "expected every byte %#x, got %#x at "    \
				 "offset %ld of %zu",                      \
				 (unsigned)(c),                            \
				 ((const unsigned char *)(p))[check_off_], \
				 check_off_, (size_t)(n));                 \
			check_failed(__FILE__, __LINE__, what, check_d_);  \
		}                                                          \
	} while (0)

/*
 * Process helpers. fork_or_die() stops the program if fork fails: every
 * later check would fail for the same reason. The child starts with no
 * failures of its own: the parent has already reported those, and the
 * child's exit status must say only whether its own checks passed.
 */
static inline pid_t fork_or_die(void)
{
	pid_t pid = fork();

	if (pid < 0) {
		say("FAIL: fork: %s\n", strerror(errno));
		exit(1);
	}
	if (pid == 0)
		check_failures = 0;
	return pid;
}

/* Wait for pid; return its wait status, or -1 (reported) on error. */
static inline int wait_for(pid_t pid)
{
	int status;
	pid_t got;

	do
		got = wait4(pid, &status, 0, NULL);
	while (got < 0 && errno == EINTR);
	if (got != pid) {
		say("FAIL: wait4(%d): returned %d, %s\n", (int)pid, (int)got,
		    strerror(errno));
		check_failures++;
		return -1;
	}
	return status;
}

/* Describe a wait status for failure messages. */
static inline const char *describe_status(int status, char *buf, size_t n)
{
	if (status == -1)
		snprintf(buf, n, "no status (wait failed)");
	else if (WIFEXITED(status))
		snprintf(buf, n, "exited with status %d%s", WEXITSTATUS(status),
			 WEXITSTATUS(status) == EXIT_SURVIVED ?
				 " (it was not killed)" :
				 "");
	else if (WIFSIGNALED(status))
		snprintf(buf, n, "killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else
		snprintf(buf, n, "wait status %#x", status);
	return buf;
}

static inline void check_status_failed(const char *file, int line,
				       const char *what, const char *want,
				       int status)
{
	char got[80], detail[200];

	snprintf(detail, sizeof(detail), "expected %s, got %s", want,
		 describe_status(status, got, sizeof(got)));
	check_failed(file, line, what, detail);
}

/* CHECK_EXITED(status, code, what): the child exited with code. */
#define CHECK_EXITED(status, code, what)                                       \
	do {                                                                   \
		int check_s_ = (status);                                       \
		if (check_s_ == -1 || !WIFEXITED(check_s_) ||                  \
		    WEXITSTATUS(check_s_) != (code)) {                         \
			char check_w_[40];                                     \
			snprintf(check_w_, sizeof(check_w_), "exit status %d", \
				 (int)(code));                                 \
			check_status_failed(__FILE__, __LINE__, what,          \
					    check_w_, check_s_);               \
		}                                                              \
	} while (0)

/* CHECK_KILLED(status, sig, what): the child was killed by sig. */
#define CHECK_KILLED(status, sig, what)                                  \
	do {                                                             \
		int check_s_ = (status);                                 \
		if (check_s_ == -1 || !WIFSIGNALED(check_s_) ||          \
		    WTERMSIG(check_s_) != (sig)) {                       \
			char check_w_[60];                               \
			snprintf(check_w_, sizeof(check_w_),             \
				 "killed by signal %d (%s)", (int)(sig), \
				 strsignal(sig));                        \
			check_status_failed(__FILE__, __LINE__, what,    \
					    check_w_, check_s_);         \
		}                                                        \
	} while (0)

/*
 * Run fn(arg) in a child and return its wait status. A child that returns
 * from fn exits with EXIT_SURVIVED if it has no failed checks: used for
 * accesses that must kill the child.
 */
static inline int run_in_child(void (*fn)(void *), void *arg)
{
	pid_t pid = fork_or_die();

	if (pid == 0) {
		fn(arg);
		_exit(check_failures ? 1 : EXIT_SURVIVED);
	}
	return wait_for(pid);
}

/*
 * One-byte messages between a parent and a child over a pipe, used to
 * order their steps. recv_byte() returns 0 at end-of-file.
 */
static inline void send_byte(int fd, char c)
{
	REQUIRE(write(fd, &c, 1) == 1, "a one-byte message goes into a pipe");
}

static inline char recv_byte(int fd)
{
	char c = 0;
	ssize_t n;

	do
		n = read(fd, &c, 1);
	while (n < 0 && errno == EINTR);
	return n == 1 ? c : 0;
}

/*
 * read()/write() all n bytes, looping over short transfers (a pipe hands
 * over at most what it holds). Return n, or the first error or 0 result.
 */
static inline ssize_t read_full(int fd, void *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = read(fd, (char *)buf + done, n - done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r;
		done += r;
	}
	return done;
}

static inline ssize_t write_full(int fd, const void *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = write(fd, (const char *)buf + done, n - done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r;
		done += r;
	}
	return done;
}

/* Access helpers the compiler cannot see through or fold away. */
static inline unsigned char peek(uintptr_t addr)
{
	return *(volatile unsigned char *)addr;
}

static inline void poke(uintptr_t addr, unsigned char v)
{
	*(volatile unsigned char *)addr = v;
}

static inline void peek_child(void *addr)
{
	peek((uintptr_t)addr);
}

static inline void poke_child(void *addr)
{
	poke((uintptr_t)addr, 0x5a);
}

/* CHECK_READ_DIES(addr, what): reading addr kills a child with SIGSEGV. */
#define CHECK_READ_DIES(addr, what) \
	CHECK_KILLED(run_in_child(peek_child, (void *)(addr)), SIGSEGV, what)

/* CHECK_WRITE_DIES(addr, what): writing addr kills a child with SIGSEGV. */
#define CHECK_WRITE_DIES(addr, what) \
	CHECK_KILLED(run_in_child(poke_child, (void *)(addr)), SIGSEGV, what)

/* CHECK_READ_OK(addr, what): a child can read addr and exit normally. */
#define CHECK_READ_OK(addr, what)                                             \
	CHECK_EXITED(run_in_child(peek_child, (void *)(addr)), EXIT_SURVIVED, \
		     what)

#endif /* FAULTLINE_TESTS_USER_CHECK_H */
