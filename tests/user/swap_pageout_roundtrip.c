// SPDX-License-Identifier: MIT
/*
 * swap_pageout_roundtrip - a private page pushed out to swap and faulted
 * back keeps its contents; the pagemap shows it swapped (bit 62, a swap
 * type and a non-zero offset, distinct per page) and then present again;
 * the access that brings it back is counted as a page fault; an exclusive
 * page swapped in by a read comes back writable; mprotect while swapped
 * out applies at swap-in; the kernel's own copies (write() from, read()
 * into a swapped-out page) swap it in too.
 *
 * Pins down scenario 1 of DESIGN.md ("PTE rebuilt from vm_page_prot; an
 * exclusive page comes back writable - no second fault on a later
 * write"), scenario 7 ("mprotect while swapped out: the new protection
 * applies at swap-in") and, faultline-only, scenario 9 ("munmap of
 * swapped ranges frees their slots") and the major-fault accounting that
 * a synchronous MADV_PAGEOUT implies.
 *
 * Skips when swap cannot be observed (no swap space, no pagemap).
 */
#include <sys/mman.h>

#include "pagemap.h"

#define SEED 0x73776170ULL /* "swap" */
#define PAGES 16

static bool pfns; /* swap type/offset are shown */

static void check_swap_entries(const unsigned char *p, size_t pages)
{
	uint64_t seen[PAGES];

	if (!pfns)
		return;
	for (size_t i = 0; i < pages && i < PAGES; i++) {
		uint64_t e = pagemap_entry(p + i * PAGE_SIZE);

		CHECK(pm_swap_offset(e) != 0,
		      "a swapped-out page names a slot other than 0 (slot 0 "
		      "is the swap header)");
		seen[i] = e & PM_PFN_MASK;
		for (size_t j = 0; j < i; j++)
			CHECK(seen[j] != seen[i],
			      "two swapped-out pages name different slots");
	}
}

static void pageout_keeps_contents_and_reads_back(void)
{
	unsigned char *p = map_swappable(PAGES);

	fill_pattern(p, PAGES * PAGE_SIZE, SEED);
	if (!page_out(p, PAGES, "MADV_PAGEOUT of 16 written private pages")) {
		if (!on_linux())
			check_exit(); /* the failure is reported */
		skip("MADV_PAGEOUT did not push the pages out to swap "
		     "(Linux reclaim is best-effort), so nothing here can "
		     "be observed");
	}
	check_swap_entries(p, PAGES);

	for (size_t i = 0; i < PAGES; i++) {
		unsigned char *page = p + i * PAGE_SIZE;
		struct faults f0 = faults_now(), f1, f2;
		uint64_t e;

		(void)peek((uintptr_t)page + 8);
		f1 = faults_now();
		CHECK(f1.minor + f1.major > f0.minor + f0.major,
		      "the first read of a swapped-out page is a page fault");
		/*
		 * faultline-only: MADV_PAGEOUT writes the page and drops it
		 * from the swap cache before returning, so reading it back
		 * is a disk read: a major fault. Linux may still have it in
		 * the swap cache (a minor fault).
		 */
		if (!on_linux())
			CHECK_EQ(f1.major - f0.major, 1,
				 "reading a page back from swap is one major "
				 "fault");
		e = pagemap_entry(page);
		CHECK_EQ(e & (PM_PRESENT | PM_SWAP | PM_MMAP_EXCLUSIVE),
			 PM_PRESENT | PM_MMAP_EXCLUSIVE,
			 "after the read the page is present, no longer "
			 "swapped, and exclusive");
		poke((uintptr_t)page + 16, page[16] ^ 0xff);
		f2 = faults_now();
		/*
		 * Linux maps an exclusive page writable on a read swap-in
		 * since the 6.x series the design follows (6.12 does; 6.1
		 * maps it read-only and the write faults again), so on
		 * older Linux this check is skipped.
		 */
		if (!on_linux() || linux_at_least(6, 12))
			CHECK_EQ(f2.minor + f2.major, f1.minor + f1.major,
				 "an exclusive page swapped in by a read "
				 "comes back writable: the next write does "
				 "not fault");
		poke((uintptr_t)page + 16, page[16] ^ 0xff);
	}
	CHECK_PATTERN(p, PAGES * PAGE_SIZE, SEED,
		      "every page's contents survive the trip to swap");
	munmap(p, PAGES * PAGE_SIZE);
}

static void writes_after_swapin_stick_and_swap_again(void)
{
	unsigned char *p = map_swappable(PAGES);

	fill_pattern(p, PAGES * PAGE_SIZE, SEED + 1);
	page_out(p, PAGES, "first MADV_PAGEOUT");
	fill_pattern(p, PAGES * PAGE_SIZE, SEED + 2); /* swap-in by write */
	CHECK_PATTERN(p, PAGES * PAGE_SIZE, SEED + 2,
		      "pages swapped in by a write take the write");
	if (page_out(p, PAGES, "second MADV_PAGEOUT"))
		check_swap_entries(p, PAGES);
	CHECK_PATTERN(p, PAGES * PAGE_SIZE, SEED + 2,
		      "the new contents survive a second trip to swap");
	munmap(p, PAGES * PAGE_SIZE);
}

static void mprotect_while_swapped_applies_at_swapin(void)
{
	unsigned char *p = map_swappable(2);
	int status;
	pid_t pid;

	fill_pattern(p, 2 * PAGE_SIZE, SEED + 3);
	bool out = page_out(p, 2, "MADV_PAGEOUT before mprotect");

	CHECK_OK(mprotect(p, 2 * PAGE_SIZE, PROT_READ),
		 "mprotect(PROT_READ) of swapped-out pages succeeds");
	if (out)
		CHECK(all_swapped(p, 2),
		      "mprotect leaves swapped-out pages in swap (it never "
		      "rewrites a swap entry)");
	pid = fork_or_die();
	if (pid == 0) {
		/* Swap in by reading, then write: must die. */
		CHECK_PATTERN(p, PAGE_SIZE, SEED + 3,
			      "a read-only page reads back from swap");
		if (check_failures)
			check_exit();
		poke((uintptr_t)p, 1);
		_exit(check_failures ? 1 : EXIT_SURVIVED);
	}
	status = wait_for(pid);
	CHECK_KILLED(status, SIGSEGV,
		     "a page swapped in after mprotect(PROT_READ) is "
		     "read-only: the write dies");
	CHECK_PATTERN(p, 2 * PAGE_SIZE, SEED + 3,
		      "the parent reads both pages back from swap");
	CHECK_OK(mprotect(p, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE),
		 "mprotect back to read-write succeeds");
	memset(p, 0x3c, 2 * PAGE_SIZE);
	CHECK_BYTES(p, 2 * PAGE_SIZE, 0x3c,
		    "after mprotect back to read-write the pages take writes");

	/* PROT_NONE while swapped out: any access dies. */
	if (page_out(p, 2, "MADV_PAGEOUT before PROT_NONE"))
		CHECK_OK(mprotect(p, 2 * PAGE_SIZE, PROT_NONE),
			 "mprotect(PROT_NONE) of swapped-out pages succeeds");
	else
		CHECK_OK(mprotect(p, 2 * PAGE_SIZE, PROT_NONE),
			 "mprotect(PROT_NONE) succeeds");
	CHECK_READ_DIES(p, "a swapped-out page made PROT_NONE cannot be read");
	CHECK_OK(mprotect(p, 2 * PAGE_SIZE, PROT_READ),
		 "mprotect(PROT_READ) again succeeds");
	CHECK_BYTES(p, 2 * PAGE_SIZE, 0x3c,
		    "contents survive swap-out under PROT_NONE");
	munmap(p, 2 * PAGE_SIZE);
}

static void kernel_copies_swap_pages_in(void)
{
	unsigned char *p = map_swappable(PAGES);
	static unsigned char got[PAGES * PAGE_SIZE];
	size_t n = PAGES * PAGE_SIZE;
	int fds[2];
	pid_t pid;

	fill_pattern(p, n, SEED + 4);
	page_out(p, PAGES, "MADV_PAGEOUT before write()");
	REQUIRE(pipe(fds) == 0, "pipe() works");
	pid = fork_or_die();
	if (pid == 0) {
		close(fds[1]);
		CHECK_EQ(read_full(fds[0], got, n), n, "the data arrives");
		CHECK_PATTERN(got, n, SEED + 4,
			      "write() from swapped-out pages sends their "
			      "contents");
		check_exit();
	}
	CHECK_EQ(write_full(fds[1], p, n), n,
		 "write() from swapped-out pages succeeds");
	CHECK_EXITED(wait_for(pid), 0, "the reader got the contents");

	fill_pattern(got, n, SEED + 5);
	page_out(p, PAGES, "MADV_PAGEOUT before read()");
	pid = fork_or_die();
	if (pid == 0)
		_exit(write_full(fds[1], got, n) == (ssize_t)n ? 0 : 1);
	CHECK_EQ(read_full(fds[0], p + 1, n - 1), n - 1,
		 "read() into swapped-out pages succeeds");
	CHECK_PATTERN(p, 1, SEED + 4,
		      "the byte before the read() keeps its swapped-out value");
	CHECK(memcmp(p + 1, got, n - 1) == 0,
	      "read() into swapped-out pages delivers the data");
	CHECK_EXITED(wait_for(pid), 0, "the writer wrote everything");
	close(fds[0]);
	close(fds[1]);
	munmap(p, n);
}

/*
 * faultline-only: swap slots are counted exactly. Linux's sysinfo swap
 * counters are global (other processes swap too) and Linux may keep a
 * slot with its swap-cache page for a while after the last user is gone.
 */
static unsigned long free_swap(void)
{
	struct sysinfo si;

	if (sysinfo(&si) != 0)
		return 0;
	return si.freeswap * si.mem_unit;
}

static void munmap_frees_swap_slots(void)
{
	unsigned char *p;
	unsigned long before, out, after;

	if (on_linux())
		return;
	before = free_swap();
	p = map_swappable(PAGES);
	fill_pattern(p, PAGES * PAGE_SIZE, SEED + 6);
	page_out(p, PAGES, "MADV_PAGEOUT before munmap");
	out = free_swap();
	CHECK_EQ(before - out, PAGES * PAGE_SIZE,
		 "pushing 16 pages out uses 16 swap slots");
	CHECK_OK(munmap(p, PAGES * PAGE_SIZE), "munmap succeeds");
	after = free_swap();
	CHECK_EQ(after, before,
		 "munmap of swapped-out pages frees their "
		 "swap slots");
}

int main(void)
{
	test_seed(SEED);
	require_swap_observable();
	pfns = pfn_visible();
	if (!pfns)
		say("note: swap offsets are hidden here (Linux shows them "
		    "only to CAP_SYS_ADMIN)\n");
	if (on_linux() && !linux_at_least(6, 12))
		say("note: Linux before 6.12 maps a page swapped in by a read "
		    "read-only; not checking that the next write is free\n");
	note_faultline_only("reading a page back right after MADV_PAGEOUT "
			    "is a major fault; munmap frees swap slots at "
			    "once (exact sysinfo counts)");
	pageout_keeps_contents_and_reads_back();
	writes_after_swapin_stick_and_swap_again();
	mprotect_while_swapped_applies_at_swapin();
	kernel_copies_swap_pages_in();
	munmap_frees_swap_slots();
	return check_status();
}
