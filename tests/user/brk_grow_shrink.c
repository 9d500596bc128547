// SPDX-License-Identifier: MIT
/*
 * brk_grow_shrink - the program break grows and shrinks as on Linux:
 * grown memory is zero and keeps what is written to it, shrinking unmaps
 * the range above the new break (access dies) while keeping the rest,
 * growing again gives fresh zero pages, an impossible request returns the
 * old break unchanged, and a child's heap and break are its own.
 *
 * Pins down the heap part of "Memory layout" in DESIGN.md and brk's
 * return convention (Linux returns the new break on success and the
 * current break on failure; the break itself need not be page-aligned,
 * the mapping behind it is rounded up to a page).
 *
 * The program never calls malloc (check.h's output does not either), so
 * only this code moves the break.
 */
#include <sys/syscall.h>

#include "check.h"

#define SEED 0x62726bULL /* "brk" */

static uintptr_t brk_to(uintptr_t addr)
{
	return (uintptr_t)syscall(SYS_brk, addr);
}

static uintptr_t page_up(uintptr_t a)
{
	return (a + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

static void child_heap_is_its_own(uintptr_t base, size_t len)
{
	uintptr_t before = brk_to(0);
	pid_t pid;

	fill_pattern((void *)base, len, SEED + 10);
	pid = fork_or_die();
	if (pid == 0) {
		CHECK_EQ(brk_to(0), before,
			 "a child starts with its parent's break");
		CHECK_PATTERN((void *)base, len, SEED + 10,
			      "a child inherits its parent's heap contents");
		memset((void *)base, 0xcc, len);
		CHECK_EQ(brk_to(base + len + 16 * PAGE_SIZE),
			 base + len + 16 * PAGE_SIZE,
			 "a child can grow its own break");
		poke(base + len + PAGE_SIZE, 1);
		check_exit();
	}
	CHECK_EXITED(wait_for(pid), 0, "the child passed its checks");
	CHECK_EQ(brk_to(0), before,
		 "a child's brk() does not move the parent's break");
	CHECK_PATTERN((void *)base, len, SEED + 10,
		      "a child's writes to the heap do not reach the parent");
}

int main(void)
{
	uintptr_t start = brk_to(0), base, cur;

	test_seed(SEED);
	REQUIRE(start != 0 && start != (uintptr_t)-1,
		"brk(0) returns the current break");
	base = page_up(start);

	/* Grow: 16 pages, then 256. */
	CHECK_EQ(brk_to(base + 16 * PAGE_SIZE), base + 16 * PAGE_SIZE,
		 "brk() grows the break and returns the new one");
	CHECK_EQ(brk_to(0), base + 16 * PAGE_SIZE,
		 "brk(0) reports the grown break");
	CHECK_BYTES((void *)start, base + 16 * PAGE_SIZE - start, 0,
		    "memory added by brk() reads as zero");
	fill_pattern((void *)base, 16 * PAGE_SIZE, SEED);
	CHECK_EQ(brk_to(base + 256 * PAGE_SIZE), base + 256 * PAGE_SIZE,
		 "brk() grows the break by 1 MiB");
	CHECK_PATTERN((void *)base, 16 * PAGE_SIZE, SEED,
		      "growing the break keeps what the heap held");
	CHECK_BYTES((void *)(base + 16 * PAGE_SIZE), 240 * PAGE_SIZE, 0,
		    "the newly added part reads as zero");
	fill_pattern((void *)base, 256 * PAGE_SIZE, SEED + 1);
	CHECK_PATTERN((void *)base, 256 * PAGE_SIZE, SEED + 1,
		      "the whole grown heap holds a pattern");

	/* Shrink to 4 pages: the rest is unmapped. */
	CHECK_EQ(brk_to(base + 4 * PAGE_SIZE), base + 4 * PAGE_SIZE,
		 "brk() shrinks the break and returns the new one");
	CHECK_PATTERN((void *)base, 4 * PAGE_SIZE, SEED + 1,
		      "shrinking the break keeps the memory below it");
	CHECK_READ_DIES(base + 4 * PAGE_SIZE,
			"the first page above a shrunk break is unmapped");
	CHECK_READ_DIES(base + 255 * PAGE_SIZE,
			"the last page of the shrunk range is unmapped");

	/* Grow again: the pages given back come back as zeros. */
	CHECK_EQ(brk_to(base + 8 * PAGE_SIZE), base + 8 * PAGE_SIZE,
		 "brk() grows the break again");
	CHECK_PATTERN((void *)base, 4 * PAGE_SIZE, SEED + 1,
		      "growing again keeps the memory below the old break");
	CHECK_BYTES((void *)(base + 4 * PAGE_SIZE), 4 * PAGE_SIZE, 0,
		    "pages given back and regrown read as zero, not as the "
		    "old contents");

	/* An unaligned break: the whole last page is usable. */
	cur = base + 8 * PAGE_SIZE + 100;
	CHECK_EQ(brk_to(cur), cur, "brk() accepts an unaligned break");
	poke(base + 8 * PAGE_SIZE + 200, 1);
	CHECK_EQ(peek(base + 8 * PAGE_SIZE + 200), 1,
		 "the page holding an unaligned break is mapped whole");
	CHECK_READ_DIES(base + 9 * PAGE_SIZE,
			"the page after the one holding the break is not "
			"mapped");

	/* Impossible requests fail by returning the break unchanged. */
	CHECK_EQ(brk_to(PAGE_SIZE), cur,
		 "brk() below the start of the heap fails: it returns the "
		 "current break");
	CHECK_EQ(brk_to(start + (1UL << 46)), cur,
		 "brk() asking for 64 TiB fails: it returns the current "
		 "break");
	CHECK_EQ(brk_to(0), cur, "failed brk() calls leave the break alone");
	CHECK_EQ(peek(base + 8 * PAGE_SIZE + 200), 1,
		 "failed brk() calls leave the heap alone");

	CHECK_EQ(brk_to(base + 8 * PAGE_SIZE), base + 8 * PAGE_SIZE,
		 "brk() back to a page boundary");
	child_heap_is_its_own(base, 8 * PAGE_SIZE);

	CHECK_EQ(brk_to(start), start, "brk() back to where it started");
	return check_status();
}
