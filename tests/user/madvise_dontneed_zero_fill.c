// SPDX-License-Identifier: MIT
/*
 * madvise_dontneed_zero_fill - madvise(MADV_DONTNEED) drops the pages of a
 * private anonymous range: the next access finds fresh zero pages, the
 * mapping itself stays (no SIGSEGV), neighbours are untouched, and in a
 * forked child it drops only the child's view. For shared anonymous memory
 * it drops only this process's page-table entries: the data stays.
 *
 * Pins down zapping page-table entries without touching the VMA (the same
 * path munmap and exit use to free pages and swap slots, scenario 9 of
 * DESIGN.md), and the madvise argument errors Linux defines: EINVAL for an
 * unaligned start or an unknown advice, ENOMEM for a range with unmapped
 * pages, success for length 0.
 */
#include <sys/mman.h>
#include <sys/syscall.h>

#include "check.h"

#define SEED 0x6d616476ULL /* "madv" */
#define PAGES 8

static unsigned char *map(int flags)
{
	unsigned char *p = mmap(NULL, PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
				flags | MAP_ANONYMOUS, -1, 0);

	REQUIRE(p != MAP_FAILED, "mmap succeeds");
	return p;
}

static void private_pages_come_back_zero(void)
{
	unsigned char *p = map(MAP_PRIVATE);

	fill_pattern(p, PAGES * PAGE_SIZE, SEED);
	CHECK_OK(madvise(p + 2 * PAGE_SIZE, 3 * PAGE_SIZE, MADV_DONTNEED),
		 "madvise(MADV_DONTNEED) of private memory succeeds");
	CHECK_BYTES(p + 2 * PAGE_SIZE, 3 * PAGE_SIZE, 0,
		    "private pages read as zero after MADV_DONTNEED");
	CHECK_PATTERN(p, 2 * PAGE_SIZE, SEED,
		      "pages before the advised range keep their contents");
	CHECK_PATTERN_AT(p, 5 * PAGE_SIZE, 3 * PAGE_SIZE, SEED,
			 "pages after the advised range keep their contents");
	memset(p + 2 * PAGE_SIZE, 0x5c, 3 * PAGE_SIZE);
	CHECK_BYTES(p + 2 * PAGE_SIZE, 3 * PAGE_SIZE, 0x5c,
		    "the advised range is still mapped and writable");
	CHECK_OK(madvise(p, PAGES * PAGE_SIZE, MADV_DONTNEED),
		 "madvise(MADV_DONTNEED) of the whole range succeeds");
	CHECK_BYTES(p, PAGES * PAGE_SIZE, 0,
		    "every page reads as zero after MADV_DONTNEED");
	munmap(p, PAGES * PAGE_SIZE);
}

static void dontneed_in_a_child_drops_only_its_view(void)
{
	unsigned char *p = map(MAP_PRIVATE);
	pid_t pid;

	fill_pattern(p, PAGES * PAGE_SIZE, SEED + 1);
	pid = fork_or_die();
	if (pid == 0) {
		CHECK_OK(madvise(p, PAGES * PAGE_SIZE, MADV_DONTNEED),
			 "the child drops the shared COW pages");
		CHECK_BYTES(p, PAGES * PAGE_SIZE, 0,
			    "the child reads zeros after MADV_DONTNEED");
		check_exit();
	}
	CHECK_EXITED(wait_for(pid), 0, "the child passed its checks");
	CHECK_PATTERN(p, PAGES * PAGE_SIZE, SEED + 1,
		      "a child's MADV_DONTNEED leaves the parent's pages");
	munmap(p, PAGES * PAGE_SIZE);
}

static void shared_pages_keep_their_data(void)
{
	unsigned char *p = map(MAP_SHARED);

	fill_pattern(p, PAGES * PAGE_SIZE, SEED + 2);
	CHECK_OK(madvise(p, PAGES * PAGE_SIZE, MADV_DONTNEED),
		 "madvise(MADV_DONTNEED) of shared memory succeeds");
	CHECK_PATTERN(p, PAGES * PAGE_SIZE, SEED + 2,
		      "shared anonymous memory keeps its data after "
		      "MADV_DONTNEED (only the mapping of it is dropped)");
	munmap(p, PAGES * PAGE_SIZE);
}

static void argument_errors(void)
{
	unsigned char *p = map(MAP_PRIVATE);

	p[0] = 1;
	CHECK_ERR(syscall(SYS_madvise, p + 1, PAGE_SIZE, MADV_DONTNEED), EINVAL,
		  "madvise at an unaligned address fails with EINVAL");
	CHECK_ERR(syscall(SYS_madvise, p, PAGE_SIZE, 9999), EINVAL,
		  "madvise with an unknown advice fails with EINVAL");
	CHECK_EQ(syscall(SYS_madvise, p, 0, MADV_DONTNEED), 0,
		 "madvise of length 0 succeeds");
	CHECK_EQ(p[0], 1, "madvise of length 0 changes nothing");
	CHECK_OK(munmap(p + PAGE_SIZE, PAGE_SIZE), "munmap of page 1 works");
	CHECK_ERR(syscall(SYS_madvise, p + PAGE_SIZE, PAGE_SIZE, MADV_DONTNEED),
		  ENOMEM, "madvise of an unmapped page fails with ENOMEM");
	CHECK_ERR(syscall(SYS_madvise, p, 3 * PAGE_SIZE, MADV_DONTNEED), ENOMEM,
		  "madvise of a range with a hole fails with ENOMEM");
	munmap(p, PAGES * PAGE_SIZE);
}

int main(void)
{
	test_seed(SEED);
	private_pages_come_back_zero();
	dontneed_in_a_child_drops_only_its_view();
	shared_pages_keep_their_data();
	argument_errors();
	return check_status();
}
