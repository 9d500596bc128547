// SPDX-License-Identifier: MIT
/*
 * mmap_munmap_mprotect - the anonymous-memory system calls behave exactly
 * as on Linux: argument errors, MAP_FIXED replacing pages, munmap of part
 * of a mapping splitting it, mprotect changing what faults, shared
 * anonymous memory being shared across fork, and PROT_NONE killing.
 *
 * Pins down the VMA layer under DESIGN.md's protection table (find_vma,
 * splitting and merging vm_area_structs, vm_page_prot recomputed by
 * mprotect) and the COW rule "W only when exclusive" seen through
 * mprotect: making a private page writable again after fork must not let
 * a write reach the page the other process still maps.
 *
 * Linux facts encoded here (checked on Linux 6.x): for anonymous mappings
 * mprotect accepts any combination of PROT_READ/WRITE/EXEC (the VM_MAY*
 * ceilings of an anonymous mapping are all set; the EACCES case needs a
 * file, see mmap_file_maywrite); munmap of a range with nothing mapped
 * succeeds; mprotect and madvise of a range with a hole fail with ENOMEM;
 * unknown prot bits make mprotect fail with EINVAL.
 */
#include <sys/mman.h>
#include <sys/syscall.h>

#include "check.h"

#define SEED 0x6d6d6170ULL /* "mmap" */
#define RW (PROT_READ | PROT_WRITE)
#define PRIV_ANON (MAP_PRIVATE | MAP_ANONYMOUS)

static unsigned char *map(size_t pages, int prot, int flags)
{
	void *p = mmap(NULL, pages * PAGE_SIZE, prot, flags, -1, 0);

	REQUIRE(p != MAP_FAILED, "mmap of anonymous memory succeeds");
	CHECK_EQ((uintptr_t)p % PAGE_SIZE, 0,
		 "mmap returns a page-aligned address");
	return p;
}

/* A free, page-aligned address range of `pages` pages (mapped, unmapped). */
static uintptr_t free_range(size_t pages)
{
	unsigned char *p = map(pages, RW, PRIV_ANON);

	munmap(p, pages * PAGE_SIZE);
	return (uintptr_t)p;
}

static void mmap_argument_errors(void)
{
	uintptr_t hole = free_range(1);

	CHECK_ERR(syscall(SYS_mmap, 0, 0, RW, PRIV_ANON, -1, 0), EINVAL,
		  "mmap of length 0 fails with EINVAL");
	CHECK_ERR(syscall(SYS_mmap, hole + 1, PAGE_SIZE, RW,
			  PRIV_ANON | MAP_FIXED, -1, 0),
		  EINVAL,
		  "mmap MAP_FIXED at an unaligned address fails "
		  "with EINVAL");
	CHECK_ERR(syscall(SYS_mmap, 0, PAGE_SIZE, RW, MAP_ANONYMOUS, -1, 0),
		  EINVAL,
		  "mmap with neither MAP_PRIVATE nor MAP_SHARED fails "
		  "with EINVAL");
	CHECK_ERR(syscall(SYS_mmap, 0, PAGE_SIZE, RW, PRIV_ANON, -1, 1), EINVAL,
		  "mmap with an unaligned offset fails with EINVAL");
	CHECK_ERR(syscall(SYS_mmap, 0, 1UL << 62, RW, PRIV_ANON, -1, 0), ENOMEM,
		  "mmap larger than the address space fails with "
		  "ENOMEM");
	CHECK_ERR(syscall(SYS_mmap, 0, -1UL, RW, PRIV_ANON, -1, 0), ENOMEM,
		  "mmap whose length rounds up past the top fails with "
		  "ENOMEM");
	/*
	 * Above user space with 4-level paging (faultline) and with 5-level
	 * paging too (Linux on a CPU with LA57, e.g. QEMU -cpu max, allows
	 * MAP_FIXED up to 56 bits), so only these are tested.
	 */
	CHECK_ERR(syscall(SYS_mmap, 0x00fffffffffff000UL, 2 * PAGE_SIZE, RW,
			  PRIV_ANON | MAP_FIXED, -1, 0),
		  ENOMEM,
		  "mmap MAP_FIXED above the end of user space fails with "
		  "ENOMEM");
	CHECK_ERR(syscall(SYS_mmap, 0xffff888000000000UL, PAGE_SIZE, RW,
			  PRIV_ANON | MAP_FIXED, -1, 0),
		  ENOMEM,
		  "mmap MAP_FIXED at a kernel address fails with "
		  "ENOMEM");
}

static void munmap_argument_errors(void)
{
	unsigned char *p = map(1, RW, PRIV_ANON);
	uintptr_t hole = free_range(4);

	CHECK_ERR(syscall(SYS_munmap, p, 0), EINVAL,
		  "munmap of length 0 fails with EINVAL");
	CHECK_ERR(syscall(SYS_munmap, p + 1, PAGE_SIZE), EINVAL,
		  "munmap at an unaligned address fails with EINVAL");
	CHECK_ERR(syscall(SYS_munmap, 0xffff888000000000UL, PAGE_SIZE), EINVAL,
		  "munmap of a kernel address fails with EINVAL");
	CHECK_EQ(syscall(SYS_munmap, hole, 4 * PAGE_SIZE), 0,
		 "munmap of a range with nothing mapped succeeds");
	CHECK_EQ(syscall(SYS_munmap, p, 1), 0,
		 "munmap with an unaligned length succeeds");
	CHECK_READ_DIES(p, "munmap rounds the length up to a whole page");
}

static void mprotect_argument_errors(void)
{
	unsigned char *p = map(3, RW, PRIV_ANON);
	uintptr_t hole = free_range(1);

	CHECK_ERR(syscall(SYS_mprotect, p + 1, PAGE_SIZE, PROT_READ), EINVAL,
		  "mprotect at an unaligned address fails with EINVAL");
	CHECK_ERR(syscall(SYS_mprotect, p, PAGE_SIZE, 0x40), EINVAL,
		  "mprotect with an unknown prot bit fails with EINVAL");
	CHECK_ERR(syscall(SYS_mprotect, hole, PAGE_SIZE, PROT_READ), ENOMEM,
		  "mprotect of an unmapped range fails with ENOMEM");
	CHECK_EQ(syscall(SYS_mprotect, p, 0, PROT_READ), 0,
		 "mprotect of length 0 succeeds");
	CHECK_EQ(munmap(p + PAGE_SIZE, PAGE_SIZE), 0,
		 "munmap of the middle page succeeds");
	CHECK_ERR(syscall(SYS_mprotect, p, 3 * PAGE_SIZE, RW), ENOMEM,
		  "mprotect of a range with a hole fails with ENOMEM");
	munmap(p, 3 * PAGE_SIZE);
}

static void anonymous_mappings_accept_any_prot(void)
{
	static const int prots[] = {
		PROT_NONE,
		PROT_READ,
		PROT_WRITE,
		PROT_EXEC,
		PROT_READ | PROT_WRITE,
		PROT_READ | PROT_EXEC,
		PROT_READ | PROT_WRITE | PROT_EXEC,
	};
	unsigned char *priv = map(1, PROT_READ, PRIV_ANON);
	unsigned char *shared = map(1, PROT_READ, MAP_SHARED | MAP_ANONYMOUS);

	for (size_t i = 0; i < sizeof(prots) / sizeof(prots[0]); i++) {
		CHECK_EQ(mprotect(priv, PAGE_SIZE, prots[i]), 0,
			 "mprotect of private anonymous memory accepts any "
			 "prot (its VM_MAY* ceilings are all set)");
		CHECK_EQ(mprotect(shared, PAGE_SIZE, prots[i]), 0,
			 "mprotect of shared anonymous memory accepts any "
			 "prot");
	}
	munmap(priv, PAGE_SIZE);
	munmap(shared, PAGE_SIZE);
}

static void mprotect_changes_what_faults(void)
{
	unsigned char *p = map(2, RW, PRIV_ANON);

	fill_pattern(p, 2 * PAGE_SIZE, SEED);
	CHECK_OK(mprotect(p, 2 * PAGE_SIZE, PROT_READ),
		 "mprotect to PROT_READ succeeds");
	CHECK_PATTERN(p, 2 * PAGE_SIZE, SEED,
		      "a page made read-only keeps its contents");
	CHECK_WRITE_DIES(p, "a write to a page made read-only dies");
	CHECK_WRITE_DIES(p + PAGE_SIZE + 7,
			 "a write anywhere in the read-only range dies");
	CHECK_OK(mprotect(p, PAGE_SIZE, PROT_NONE),
		 "mprotect to PROT_NONE succeeds");
	CHECK_READ_DIES(p, "a read of a PROT_NONE page dies");
	CHECK_READ_OK(p + PAGE_SIZE,
		      "mprotect of one page leaves its neighbour readable");
	CHECK_OK(mprotect(p, 2 * PAGE_SIZE, RW),
		 "mprotect back to read-write succeeds");
	CHECK_PATTERN(p, 2 * PAGE_SIZE, SEED,
		      "contents survive PROT_NONE and back");
	memset(p, 0x77, 2 * PAGE_SIZE);
	CHECK_BYTES(p, 2 * PAGE_SIZE, 0x77,
		    "a page made writable again takes writes");
	munmap(p, 2 * PAGE_SIZE);

	p = map(1, PROT_NONE, PRIV_ANON);
	CHECK_READ_DIES(p, "a read of a page mapped PROT_NONE dies");
	CHECK_WRITE_DIES(p, "a write to a page mapped PROT_NONE dies");
	CHECK_OK(mprotect(p, PAGE_SIZE, RW), "mprotect of PROT_NONE to RW");
	CHECK_BYTES(p, PAGE_SIZE, 0,
		    "a PROT_NONE page made readable reads as zero");
	poke((uintptr_t)p, 1);
	CHECK_EQ(peek((uintptr_t)p), 1,
		 "a PROT_NONE page made writable takes writes");
	munmap(p, PAGE_SIZE);
}

static void map_fixed_replaces_pages(void)
{
	unsigned char *p = map(4, RW, PRIV_ANON);
	void *q;

	fill_pattern(p, 4 * PAGE_SIZE, SEED + 1);
	q = mmap(p + PAGE_SIZE, 2 * PAGE_SIZE, RW, PRIV_ANON | MAP_FIXED, -1,
		 0);
	CHECK(q == p + PAGE_SIZE,
	      "mmap MAP_FIXED returns exactly the address asked for");
	CHECK_BYTES(p + PAGE_SIZE, 2 * PAGE_SIZE, 0,
		    "pages replaced by MAP_FIXED are fresh zero pages");
	CHECK_PATTERN(p, PAGE_SIZE, SEED + 1,
		      "the page before a MAP_FIXED replacement is untouched");
	CHECK_PATTERN_AT(p, 3 * PAGE_SIZE, PAGE_SIZE, SEED + 1,
			 "the page after a MAP_FIXED replacement is untouched");
	munmap(p, 4 * PAGE_SIZE);
}

static void munmap_in_the_middle_splits(void)
{
	unsigned char *p = map(5, RW, PRIV_ANON);
	void *q;

	fill_pattern(p, 5 * PAGE_SIZE, SEED + 2);
	CHECK_OK(munmap(p + 2 * PAGE_SIZE, PAGE_SIZE),
		 "munmap of the middle page of a mapping succeeds");
	CHECK_READ_DIES(p + 2 * PAGE_SIZE, "the unmapped middle page is gone");
	CHECK_PATTERN(p, 2 * PAGE_SIZE, SEED + 2,
		      "the pages before the hole keep their contents");
	CHECK_PATTERN_AT(p, 3 * PAGE_SIZE, 2 * PAGE_SIZE, SEED + 2,
			 "the pages after the hole keep their contents");
	CHECK_OK(mprotect(p + 3 * PAGE_SIZE, 2 * PAGE_SIZE, PROT_READ),
		 "the part after the hole is a mapping of its own");
	CHECK_WRITE_DIES(p + 3 * PAGE_SIZE,
			 "mprotect of the part after the hole applies");
	poke((uintptr_t)p + PAGE_SIZE, 9);
	CHECK_EQ(peek((uintptr_t)p + PAGE_SIZE), 9,
		 "the part before the hole is still writable");

	q = mmap(p + 2 * PAGE_SIZE, PAGE_SIZE, RW, PRIV_ANON | MAP_FIXED, -1,
		 0);
	CHECK(q == p + 2 * PAGE_SIZE, "MAP_FIXED fills the hole");
	CHECK_BYTES(p + 2 * PAGE_SIZE, PAGE_SIZE, 0,
		    "the refilled hole is a zero page");
	CHECK_OK(munmap(p, 5 * PAGE_SIZE),
		 "munmap over several mappings succeeds");
	for (int i = 0; i < 5; i++)
		CHECK_READ_DIES(
			p + i * PAGE_SIZE,
			"munmap over several mappings removes them all");
}

static void shared_anonymous_memory_is_shared_across_fork(void)
{
	unsigned char *s = map(2, RW, MAP_SHARED | MAP_ANONYMOUS);
	int to_child[2], to_parent[2];
	pid_t pid;

	fill_pattern(s, 2 * PAGE_SIZE, SEED + 3);
	REQUIRE(pipe(to_child) == 0 && pipe(to_parent) == 0, "pipe() works");
	pid = fork_or_die();
	if (pid == 0) {
		CHECK_PATTERN(s, 2 * PAGE_SIZE, SEED + 3,
			      "a child sees shared memory written before fork");
		fill_pattern(s, PAGE_SIZE, SEED + 4);
		send_byte(to_parent[1], 'w');
		recv_byte(to_child[0]);
		CHECK_PATTERN(s + PAGE_SIZE, PAGE_SIZE, SEED + 5,
			      "the parent's write to shared memory reaches "
			      "the child");
		check_exit();
	}
	recv_byte(to_parent[0]);
	CHECK_PATTERN(s, PAGE_SIZE, SEED + 4,
		      "the child's write to shared memory reaches the parent");
	fill_pattern(s + PAGE_SIZE, PAGE_SIZE, SEED + 5);
	send_byte(to_child[1], 'g');
	CHECK_EXITED(wait_for(pid), 0, "the child passed its checks");
	CHECK_PATTERN(s, PAGE_SIZE, SEED + 4,
		      "shared memory keeps the child's write after it exits");
	munmap(s, 2 * PAGE_SIZE);
	close(to_child[0]);
	close(to_child[1]);
	close(to_parent[0]);
	close(to_parent[1]);
}

/*
 * Making a private page read-only and then writable again while it is
 * shared with a child (copy-on-write) must not make it writable in place:
 * the write must still copy. Both directions.
 */
static void mprotect_after_fork_keeps_cow(void)
{
	unsigned char *p = map(2, RW, PRIV_ANON);
	int to_child[2], to_parent[2];
	pid_t pid;

	fill_pattern(p, 2 * PAGE_SIZE, SEED + 6);
	REQUIRE(pipe(to_child) == 0 && pipe(to_parent) == 0, "pipe() works");
	pid = fork_or_die();
	if (pid == 0) {
		CHECK_OK(mprotect(p, 2 * PAGE_SIZE, PROT_READ),
			 "the child makes the COW pages read-only");
		CHECK_OK(mprotect(p, 2 * PAGE_SIZE, RW),
			 "the child makes them writable again");
		memset(p, 0x11, PAGE_SIZE);
		send_byte(to_parent[1], 'w');
		recv_byte(to_child[0]);
		CHECK_BYTES(p, PAGE_SIZE, 0x11,
			    "the child keeps its own write");
		CHECK_PATTERN_AT(p, PAGE_SIZE, PAGE_SIZE, SEED + 6,
				 "the parent's write after mprotect does not "
				 "reach the child");
		check_exit();
	}
	recv_byte(to_parent[0]);
	CHECK_PATTERN(p, 2 * PAGE_SIZE, SEED + 6,
		      "the child's write after mprotect(RW) on a COW page "
		      "does not reach the parent");
	CHECK_OK(mprotect(p, 2 * PAGE_SIZE, PROT_READ),
		 "the parent makes the COW pages read-only");
	CHECK_OK(mprotect(p, 2 * PAGE_SIZE, RW),
		 "the parent makes them writable again");
	memset(p + PAGE_SIZE, 0x22, PAGE_SIZE);
	send_byte(to_child[1], 'g');
	CHECK_EXITED(wait_for(pid), 0, "the child passed its checks");
	CHECK_BYTES(p + PAGE_SIZE, PAGE_SIZE, 0x22,
		    "the parent keeps its own write");
	munmap(p, 2 * PAGE_SIZE);
	close(to_child[0]);
	close(to_child[1]);
	close(to_parent[0]);
	close(to_parent[1]);
}

int main(void)
{
	test_seed(SEED);
	mmap_argument_errors();
	munmap_argument_errors();
	mprotect_argument_errors();
	anonymous_mappings_accept_any_prot();
	mprotect_changes_what_faults();
	map_fixed_replaces_pages();
	munmap_in_the_middle_splits();
	shared_anonymous_memory_is_shared_across_fork();
	mprotect_after_fork_keeps_cow();
	return check_status();
}
