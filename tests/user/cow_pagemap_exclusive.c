// SPDX-License-Identifier: MIT
/*
 * cow_pagemap_exclusive - /proc/self/pagemap shows copy-on-write at work:
 * a written private page is present and exclusively mapped (bit 56); after
 * fork both processes map the same frame and neither has it exclusively;
 * the first writer gets a new frame and the other is left holding the old
 * one alone (exclusive again). A child that exits without writing also
 * hands the page back (exclusive again). faultline also promises that a
 * write to such a page reuses the frame instead of copying it; Linux
 * usually does but may copy, so that check is skipped on Linux.
 *
 * Pins down scenarios 2 and 5 of DESIGN.md ("both PTEs write-protected,
 * page shared (map count 2)"; "do_wp_page copies; the parent keeps the old
 * page; the parent's later write reuses it without a copy") as pagemap
 * makes them visible. Frame numbers are compared only where the kernel
 * shows them (Linux: CAP_SYS_ADMIN); the flag bits are always checked.
 * Skips if the pagemap cannot be read.
 */
#include <sys/mman.h>

#include "pagemap.h"

#define SEED 0x706d6170ULL /* "pmap" */

static bool pfns; /* frame numbers are shown */

static unsigned char *map_pages(size_t n)
{
	unsigned char *p = mmap(NULL, n * PAGE_SIZE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	REQUIRE(p != MAP_FAILED, "mmap succeeds");
	return p;
}

#define CHECK_FLAGS(e, mask, want, what) CHECK_EQ((e) & (mask), (want), what)

static void untouched_pages_are_not_present(void)
{
	unsigned char *p = map_pages(2);
	uint64_t e = pagemap_entry(p);

	CHECK(e != PAGEMAP_ERROR, "the pagemap entry of a page can be read");
	CHECK_FLAGS(e, PM_PRESENT | PM_SWAP, 0,
		    "a never-touched page is neither present nor swapped");
	poke((uintptr_t)p, 1);
	e = pagemap_entry(p);
	CHECK_FLAGS(e, PM_PRESENT | PM_SWAP | PM_MMAP_EXCLUSIVE,
		    PM_PRESENT | PM_MMAP_EXCLUSIVE,
		    "a written private page is present and exclusive");
	CHECK_FLAGS(pagemap_entry(p + PAGE_SIZE), PM_PRESENT | PM_SWAP, 0,
		    "writing one page does not populate its neighbour");
	munmap(p, 2 * PAGE_SIZE);
	CHECK_FLAGS(pagemap_entry(p), PM_PRESENT | PM_SWAP, 0,
		    "an unmapped page is neither present nor swapped");
}

/*
 * Fork with one written page; the child writes it first; the parent
 * writes after the child has its copy.
 */
static void first_writer_copies_last_one_reuses(void)
{
	unsigned char *p = map_pages(1);
	int to_child[2], to_parent[2];
	uint64_t before, e;
	pid_t pid;

	fill_pattern(p, PAGE_SIZE, SEED);
	before = pagemap_entry(p);
	REQUIRE(pipe(to_child) == 0 && pipe(to_parent) == 0, "pipe() works");
	pid = fork_or_die();
	if (pid == 0) {
		e = pagemap_entry(p);
		CHECK_FLAGS(e, PM_PRESENT | PM_MMAP_EXCLUSIVE, PM_PRESENT,
			    "after fork the child maps the page, not "
			    "exclusively");
		if (pfns)
			CHECK_EQ(
				pm_pfn(e), pm_pfn(before),
				"after fork the child maps the parent's frame");
		send_byte(to_parent[1], 'f');
		recv_byte(to_child[0]); /* parent has looked */
		fill_pattern(p, PAGE_SIZE, SEED + 1);
		e = pagemap_entry(p);
		CHECK_FLAGS(e, PM_PRESENT | PM_MMAP_EXCLUSIVE,
			    PM_PRESENT | PM_MMAP_EXCLUSIVE,
			    "the child's write gives it an exclusive page");
		if (pfns)
			CHECK(pm_pfn(e) != pm_pfn(before),
			      "the child's write moves it to a new frame");
		send_byte(to_parent[1], 'w');
		recv_byte(to_child[0]); /* parent is done */
		CHECK_PATTERN(p, PAGE_SIZE, SEED + 1,
			      "the child keeps its own data");
		check_exit();
	}
	recv_byte(to_parent[0]);
	e = pagemap_entry(p);
	CHECK_FLAGS(e, PM_PRESENT | PM_MMAP_EXCLUSIVE, PM_PRESENT,
		    "after fork the parent's page is no longer exclusive");
	if (pfns)
		CHECK_EQ(pm_pfn(e), pm_pfn(before),
			 "fork does not move the parent's page");
	send_byte(to_child[1], 'l');
	recv_byte(to_parent[0]); /* child has written */
	e = pagemap_entry(p);
	CHECK_FLAGS(e, PM_PRESENT | PM_MMAP_EXCLUSIVE,
		    PM_PRESENT | PM_MMAP_EXCLUSIVE,
		    "once the child has its copy, the parent holds the old "
		    "page alone (exclusive again) without writing");
	fill_pattern(p, PAGE_SIZE, SEED + 2);
	e = pagemap_entry(p);
	/*
	 * faultline-only: Linux decides reuse on the page's reference count
	 * and may copy anyway while a per-CPU LRU batch holds a reference.
	 */
	if (pfns && !on_linux())
		CHECK_EQ(pm_pfn(e), pm_pfn(before),
			 "the parent's later write reuses its page (no copy)");
	CHECK_FLAGS(e, PM_MMAP_EXCLUSIVE, PM_MMAP_EXCLUSIVE,
		    "after its write the parent's page is exclusive");
	send_byte(to_child[1], 'd');
	CHECK_EXITED(wait_for(pid), 0, "the child passed its checks");
	CHECK_PATTERN(p, PAGE_SIZE, SEED + 2, "the parent keeps its own data");
	munmap(p, PAGE_SIZE);
	close(to_child[0]);
	close(to_child[1]);
	close(to_parent[0]);
	close(to_parent[1]);
}

/* A child that only reads and exits gives the page back to the parent. */
static void exited_child_gives_page_back(void)
{
	unsigned char *p = map_pages(1);
	uint64_t before, e;
	pid_t pid;

	fill_pattern(p, PAGE_SIZE, SEED + 3);
	before = pagemap_entry(p);
	pid = fork_or_die();
	if (pid == 0) {
		CHECK_PATTERN(p, PAGE_SIZE, SEED + 3,
			      "the child reads the parent's data");
		check_exit();
	}
	CHECK_EXITED(wait_for(pid), 0, "the child passed its checks");
	e = pagemap_entry(p);
	CHECK_FLAGS(e, PM_PRESENT | PM_MMAP_EXCLUSIVE,
		    PM_PRESENT | PM_MMAP_EXCLUSIVE,
		    "after the child exits, the parent's page is exclusive "
		    "again");
	fill_pattern(p, PAGE_SIZE, SEED + 4);
	/* faultline-only, as above. */
	if (pfns && !on_linux())
		CHECK_EQ(pm_pfn(pagemap_entry(p)), pm_pfn(before),
			 "the parent's write after the child exited reuses "
			 "the page (no copy)");
	CHECK_PATTERN(p, PAGE_SIZE, SEED + 4, "the parent's write landed");
	munmap(p, PAGE_SIZE);
}

int main(void)
{
	test_seed(SEED);
	if (!pagemap_readable())
		skip("/proc/self/pagemap is not readable (%s)",
		     strerror(errno));
	pfns = pfn_visible();
	if (!pfns)
		say("note: frame numbers are hidden here (Linux shows them "
		    "only to CAP_SYS_ADMIN); checking the flag bits only\n");
	note_faultline_only("a write to a page no one else maps reuses it "
			    "(Linux may copy while an LRU batch holds a "
			    "reference)");
	untouched_pages_are_not_present();
	first_writer_copies_last_one_reuses();
	exited_child_gives_page_back();
	return check_status();
}
