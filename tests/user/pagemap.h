/* SPDX-License-Identifier: MIT */
/*
 * pagemap.h - observe page-table state from user space through Linux's
 * interfaces (Documentation/admin-guide/mm/pagemap.rst), which faultline
 * implements too: /proc/self/pagemap, madvise(MADV_PAGEOUT), getrusage()
 * fault counts and sysinfo() swap totals.
 *
 * One 64-bit pagemap entry per virtual page:
 *
 *  63 62 61 60 57 56 55 54                          5 4      0
 * +--+--+--+-----+--+--+-------------------------------------+
 * |P |S |F | 0.. |E |SD|  present: page frame number (0-54)  |
 * |  |  |  |     |  |  |  swapped: offset (5-54) | type (0-4)|
 * +--+--+--+-----+--+--+-------------------------------------+
 *  P  = present in RAM            S  = swapped out
 *  F  = file page or shared anon  E  = exclusively mapped (map count 1)
 *  SD = soft-dirty
 *
 * Linux shows the frame / swap fields only to CAP_SYS_ADMIN; to others
 * they read 0 (the flag bits are always shown). pfn_visible() tells
 * which case this is, so checks of those fields run only when they can.
 */
#ifndef FAULTLINE_TESTS_USER_PAGEMAP_H
#define FAULTLINE_TESTS_USER_PAGEMAP_H

#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "check.h"

#define PM_PRESENT (1ULL << 63)
#define PM_SWAP (1ULL << 62)
#define PM_FILE (1ULL << 61)
#define PM_MMAP_EXCLUSIVE (1ULL << 56)
#define PM_SOFT_DIRTY (1ULL << 55)
#define PM_PFN_MASK ((1ULL << 55) - 1)
#define PM_SWAP_TYPE_BITS 5
#define PM_SWAP_TYPE_MASK ((1ULL << PM_SWAP_TYPE_BITS) - 1)

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21 /* Linux 5.4 */
#endif
/* faultline only: like MADV_PAGEOUT, but also pushes out pages mapped by
 * several processes (which MADV_PAGEOUT skips, on Linux and faultline). */
#define MADV_PAGEOUT_SHARED 0x4650

#define PAGEMAP_ERROR (~0ULL) /* never a valid entry: bits 57-60 are 0 */

static inline uint64_t pm_pfn(uint64_t e)
{
	return e & PM_PFN_MASK;
}

static inline unsigned pm_swap_type(uint64_t e)
{
	return e & PM_SWAP_TYPE_MASK;
}

static inline uint64_t pm_swap_offset(uint64_t e)
{
	return (e & PM_PFN_MASK) >> PM_SWAP_TYPE_BITS;
}

/*
 * /proc/self/pagemap names the process that opened it, so a child must
 * open its own: the descriptor is reopened whenever the pid changed.
 */
static int pagemap_fd_ = -1;
static pid_t pagemap_pid_;

static inline int pagemap_fd(void)
{
	if (pagemap_fd_ >= 0 && pagemap_pid_ == getpid())
		return pagemap_fd_;
	if (pagemap_fd_ >= 0)
		close(pagemap_fd_);
	pagemap_fd_ = open("/proc/self/pagemap", O_RDONLY);
	pagemap_pid_ = getpid();
	return pagemap_fd_;
}

/* The pagemap entry of the page holding addr, or PAGEMAP_ERROR. */
static inline uint64_t pagemap_entry(const void *addr)
{
	uint64_t e;
	off_t off = (off_t)((uintptr_t)addr / PAGE_SIZE) * sizeof(e);
	int fd = pagemap_fd();

	if (fd < 0 || pread(fd, &e, sizeof(e), off) != sizeof(e))
		return PAGEMAP_ERROR;
	return e;
}

/* Can this process read its pagemap? (Linux: CONFIG_PROC_PAGE_MONITOR) */
static inline bool pagemap_readable(void)
{
	static volatile char probe = 1;

	return pagemap_entry((const void *)&probe) != PAGEMAP_ERROR;
}

/* Are frame numbers shown (present page with a non-zero PFN)? */
static inline bool pfn_visible(void)
{
	static volatile char probe;
	uint64_t e;

	probe = 1; /* written: present, not the zero page */
	e = pagemap_entry((const void *)&probe);
	return e != PAGEMAP_ERROR && (e & PM_PRESENT) && pm_pfn(e) != 0;
}

static inline bool swap_configured(void)
{
	struct sysinfo si;

	return sysinfo(&si) == 0 && si.totalswap != 0;
}

/*
 * Skip the program unless swap can be observed: swap space exists, the
 * pagemap is readable and MADV_PAGEOUT is known.
 */
static inline void require_swap_observable(void)
{
	struct sysinfo si;
	void *p;
	long r;

	if (sysinfo(&si) != 0)
		skip("sysinfo() failed (%s): cannot tell whether swap exists",
		     strerror(errno));
	if (si.totalswap == 0)
		skip("no swap space on this machine (sysinfo totalswap == 0)");
	if (!pagemap_readable())
		skip("/proc/self/pagemap is not readable (%s)",
		     strerror(errno));
	p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		skip("mmap of one page failed (%s)", strerror(errno));
	r = madvise(p, PAGE_SIZE, MADV_PAGEOUT);
	if (r != 0 && errno == EINVAL)
		skip("madvise(MADV_PAGEOUT) is not supported (EINVAL)");
	munmap(p, PAGE_SIZE);
}

/*
 * Private anonymous pages for swap tests. MADV_NOHUGEPAGE keeps Linux from
 * backing them with large folios (whose swap-in maps many pages in one
 * fault); a kernel without it may refuse the advice, which is harmless.
 */
static inline unsigned char *map_swappable(size_t pages)
{
	unsigned char *p = mmap(NULL, pages * PAGE_SIZE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	REQUIRE(p != MAP_FAILED, "mmap of private anonymous pages succeeds");
	(void)madvise(p, pages * PAGE_SIZE, MADV_NOHUGEPAGE);
	return p;
}

/* Is every page of [p, p + pages) swapped out (and not present)? */
static inline bool all_swapped(const void *p, size_t pages)
{
	for (size_t i = 0; i < pages; i++) {
		uint64_t e = pagemap_entry((const char *)p + i * PAGE_SIZE);

		if (e == PAGEMAP_ERROR ||
		    (e & (PM_PRESENT | PM_SWAP)) != PM_SWAP)
			return false;
	}
	return true;
}

/*
 * Push [p, p + pages) out to swap with madvise(MADV_PAGEOUT); true when
 * every page is then swapped out.
 *
 * faultline specifies MADV_PAGEOUT as synchronous and complete: when it
 * returns, every page of the range that is mapped is in swap - shared
 * (COW) pages too, unmapped from every process through the reverse map -
 * so a page left behind is a failure there. On Linux it is a best-effort
 * hint (a page still in a per-CPU LRU batch, or mapped by more than one
 * process, is left alone), so there it is retried a few times, and a page
 * left behind only skips the checks that depend on it (the caller is told
 * through the result; a note says so).
 */
#define page_out(p, pages, what) \
	page_out_at(__FILE__, __LINE__, p, pages, what, MADV_PAGEOUT)
/* Shared pages too: faultline's MADV_PAGEOUT_SHARED (faultline only). */
#define page_out_shared(p, pages, what) \
	page_out_at(__FILE__, __LINE__, p, pages, what, MADV_PAGEOUT_SHARED)

static inline bool page_out_at(const char *file, int line, void *p,
			       size_t pages, const char *what, int advice)
{
	int tries = on_linux() ? 5 : 1;

	for (int i = 0; i < tries; i++) {
		if (madvise(p, pages * PAGE_SIZE, advice) != 0) {
			char d[80];

			snprintf(d, sizeof(d), "madvise(MADV_PAGEOUT): %s",
				 strerror(errno));
			check_failed(file, line, what, d);
			return false;
		}
		if (all_swapped(p, pages))
			return true;
		sched_yield();
	}
	if (on_linux())
		say("note: Linux kept some pages in memory after "
		    "MADV_PAGEOUT (best effort); skipping the swap checks "
		    "of: %s\n",
		    what);
	else
		check_failed(file, line, what,
			     "MADV_PAGEOUT left a page in memory (faultline "
			     "pushes every page out before returning)");
	return false;
}

/* Fault counters of this process. */
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

#endif /* FAULTLINE_TESTS_USER_PAGEMAP_H */
