/* SPDX-License-Identifier: MIT */
/*
 * demo.h - what the demo programs (user/demo_*.c) share: one-line output,
 * "what did the kernel just do" reports from getrusage() and
 * /proc/self/pagemap, parent/child turns, and the pageout call.
 *
 * The demos run unchanged on faultline and on the host Linux. Where they
 * rely on faultline-only behaviour (MADV_PAGEOUT_SHARED) they say so and
 * show what Linux does instead.
 *
 * Output goes out with one write(2) per line, never through stdio's
 * buffer: a line is never split between parent and child, and fork never
 * duplicates buffered text.
 */
#ifndef FAULTLINE_USER_DEMO_H
#define FAULTLINE_USER_DEMO_H

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE_SIZE 4096UL

/* faultline's own advice: push out pages mapped by several processes
 * too (mm/vmscan.c). Linux does not know it and says EINVAL. */
#define MADV_PAGEOUT_SHARED 0x4650
#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21 /* Linux 5.4: skips pages mapped more than once */
#endif

/* ---- output: one write(2) per line ---- */

static inline void say(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

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
		return; /* nowhere to complain to */
}

/* ---- where are we running ---- */

static inline bool on_linux(void)
{
	static int cached = -1;
	struct utsname u;

	if (cached < 0)
		cached = uname(&u) == 0 && strcmp(u.sysname, "Linux") == 0;
	return cached;
}

/* ---- what the kernel did: fault counts and the pagemap ---- */

struct faults {
	long minor, major;
};

static inline struct faults faults_now(void)
{
	struct rusage ru;
	struct faults f = { -1, -1 };

	if (getrusage(RUSAGE_SELF, &ru) == 0) {
		f.minor = ru.ru_minflt;
		f.major = ru.ru_majflt;
	}
	return f;
}

/* Linux's pagemap entry (Documentation/admin-guide/mm/pagemap.rst). */
#define PM_PRESENT (1ULL << 63)
#define PM_SWAP (1ULL << 62)
#define PM_MMAP_EXCLUSIVE (1ULL << 56)
#define PM_PFN_MASK ((1ULL << 55) - 1)
#define PM_SWAP_TYPE_BITS 5

/* The entry for addr, or 0 with errno set. Opened per call: the file
 * names the process that opened it, and parent and child both ask. */
static inline uint64_t pagemap_entry(const void *addr)
{
	uint64_t e = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);
	off_t off = (off_t)((uintptr_t)addr / PAGE_SIZE) * sizeof(e);

	if (fd < 0)
		return 0;
	if (pread(fd, &e, sizeof(e), off) != sizeof(e))
		e = 0;
	close(fd);
	return e;
}

/* "present pfn 0x1a2b exclusive" / "swapped type 0 offset 0x12" */
static inline void describe_page(const void *addr)
{
	static bool noted;
	uint64_t e = pagemap_entry(addr);
	uint64_t v = e & PM_PFN_MASK;
	const char *excl = e & PM_MMAP_EXCLUSIVE ? ", mapped only here" : "";

	if (!e) {
		if (!noted)
			say("         pagemap: /proc/self/pagemap unavailable "
			    "(%s); fault counts only from here on\n",
			    strerror(errno));
		noted = true;
	} else if (e & PM_PRESENT) {
		/* Linux shows 0 for the pfn unless CAP_SYS_ADMIN. */
		say("         pagemap: present, pfn 0x%lx%s\n",
		    (unsigned long)v, excl);
	} else if (e & PM_SWAP) {
		say("         pagemap: swapped out, type %u offset 0x%lx%s\n",
		    (unsigned int)(v & ((1 << PM_SWAP_TYPE_BITS) - 1)),
		    (unsigned long)(v >> PM_SWAP_TYPE_BITS), excl);
	} else {
		say("         pagemap: not present, not in swap\n");
	}
}

/* What the kernel did for the access since f0: faults, then the page. */
static inline void report(const void *addr, struct faults f0,
			  const char *meaning)
{
	struct faults f = faults_now();

	say("         kernel: %ld minor + %ld major faults%s%s\n",
	    f.minor - f0.minor, f.major - f0.major, meaning[0] ? " - " : "",
	    meaning);
	describe_page(addr);
}

/* ---- memory ---- */

/* One private anonymous page, never a huge page (Linux would swap a
 * large folio in with several pages per fault). */
static inline char *map_private_page(int prot)
{
	char *p = mmap(NULL, PAGE_SIZE, prot, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);

	if (p == MAP_FAILED) {
		say("demo: mmap failed: %s\n", strerror(errno));
		_exit(1);
	}
	(void)madvise(p, PAGE_SIZE, MADV_NOHUGEPAGE);
	return p;
}

/* Is swap space configured? (true when the kernel cannot say) */
static inline bool swap_exists(void)
{
	struct sysinfo si;

	return sysinfo(&si) != 0 || si.totalswap != 0;
}

/* Did the page go out? False only when the pagemap says it is present. */
static inline bool page_went_out(const void *p)
{
	uint64_t e = pagemap_entry(p);

	return !e || (e & (PM_PRESENT | PM_SWAP)) == PM_SWAP;
}

static inline bool no_swap_note(void)
{
	if (swap_exists())
		return false;
	say("         note: no swap space on this machine: nothing can go "
	    "out, so the swap-ins below do not happen\n");
	return true;
}

/*
 * Push the page out to swap, even if another process maps it too. On
 * Linux (EINVAL) use MADV_PAGEOUT, which leaves such a page in memory.
 * True if the page went out (or the pagemap cannot tell).
 */
static inline bool pageout_shared(void *p)
{
	if (no_swap_note())
		return false;
	if (madvise(p, PAGE_SIZE, MADV_PAGEOUT_SHARED) == 0)
		return page_went_out(p);
	if (errno != EINVAL) {
		say("demo: madvise(MADV_PAGEOUT_SHARED): %s\n",
		    strerror(errno));
		return false;
	}
	say("         note: this kernel has no MADV_PAGEOUT_SHARED (faultline "
	    "only); using Linux's MADV_PAGEOUT, which skips pages mapped by "
	    "more than one process - the shared page stays in memory\n");
	if (madvise(p, PAGE_SIZE, MADV_PAGEOUT) != 0)
		say("demo: madvise(MADV_PAGEOUT): %s\n", strerror(errno));
	return page_went_out(p);
}

/* Push out a page only this process maps (Linux and faultline alike).
 * True if it went out (or the pagemap cannot tell). */
static inline bool pageout(void *p)
{
	if (no_swap_note())
		return false;
	if (madvise(p, PAGE_SIZE, MADV_PAGEOUT) != 0) {
		say("demo: madvise(MADV_PAGEOUT): %s\n", strerror(errno));
		return false;
	}
	return page_went_out(p);
}

/* What to expect after a swap-out; or, if the page never went out, say
 * that the swap-in does not happen here. */
static inline void expect_swapin(bool out, const char *what)
{
	if (out)
		say("         expect: %s\n", what);
	else
		say("         (the page never went out, so no swap-in here)\n");
}

/* ---- parent and child take turns ---- */

/*
 * A shared counter: each side waits for its step number. A spin with
 * sched_yield() (on a kernel without it the timer still preempts the
 * spinner), so the demos need no pipes.
 */
struct turns {
	volatile int step;
	volatile bool page_out; /* the parent's pageout worked: the child
				   expects a swap-in */
};

static inline struct turns *turns_new(void)
{
	struct turns *t = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (t == MAP_FAILED) {
		say("demo: mmap(MAP_SHARED) failed: %s\n", strerror(errno));
		_exit(1);
	}
	t->step = 0;
	return t;
}

static inline void turn_wait(struct turns *t, int step)
{
	while (__atomic_load_n(&t->step, __ATOMIC_ACQUIRE) != step)
		sched_yield();
}

static inline void turn_give(struct turns *t, int step)
{
	__atomic_store_n(&t->step, step, __ATOMIC_RELEASE);
}

/* Read and write through volatile: the compiler must not skip the
 * access that makes the fault happen. */
static inline char peek(const char *p)
{
	return *(const volatile char *)p;
}

static inline void poke(char *p, char c)
{
	*(volatile char *)p = c;
}

/* Wait for pid; true if it exited with status 0. */
/* Whether every byte a demo checked held what it should (each process
 * keeps its own copy after fork). */
static bool contents_ok = true;

/* Check the page holds want, saying so loudly if not. */
static inline void expect_byte(const char *who, const char *p, char want)
{
	char got = peek(p);

	if (got != want) {
		say("[%s] WRONG: the page holds '%c', expected '%c'\n", who,
		    got, want);
		contents_ok = false;
	}
}

static inline bool child_ok(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return false;
	if (WIFSIGNALED(status))
		say("demo: child killed by signal %d\n", WTERMSIG(status));
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

#endif /* FAULTLINE_USER_DEMO_H */
