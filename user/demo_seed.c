// SPDX-License-Identifier: MIT
/*
 * demo_seed - the question faultline answers, step by step: a page that a
 * parent and its forked child share copy-on-write goes to swap; each
 * process reads it back, then each writes it. Every step says what the
 * program does, what the kernel did (fault counts from getrusage(), the
 * page's state from /proc/self/pagemap) and what to expect, and why.
 *
 * Phase 2 pushes the page out again once the parent alone maps it: an
 * exclusive page comes back writable at once.
 *
 * scripts/gdb/walkthrough.gdb boots faultline with init=/bin/demo_seed and
 * stops in do_swap_page at steps 4, 5 and 9. On Linux, MADV_PAGEOUT skips
 * the shared page (step 3), so steps 4 and 5 find it still in memory.
 * Exit status 0 when every process saw the contents it should.
 */
#include "demo.h"

/* Steps 4 and 6, in the child. */
static void child(struct turns *t, char *p)
{
	struct faults f0;

	turn_wait(t, 4);
	say("[child ] 4. read the page\n");
	f0 = faults_now();
	expect_byte("child ", p, 'P');
	report(p, f0, "");
	expect_swapin(t->page_out,
		      "1 major fault (do_swap_page read it from disk); the "
		      "PTE is mk_pte(page, vma->vm_page_prot): read-only, "
		      "since the parent's swap PTE still names the slot "
		      "(copy-on-write kept). The pagemap's \"mapped only "
		      "here\" counts PTEs that map the page, not swap "
		      "entries");
	turn_give(t, 5);

	turn_wait(t, 6);
	say("[child ] 6. write 'C' to the page\n");
	f0 = faults_now();
	poke(p, 'C');
	report(p, f0, "");
	say("         expect: 1 minor fault (do_wp_page copied the page: "
	    "the child now has its own, writable)\n");
	turn_give(t, 7);

	turn_wait(t, 8);
	expect_byte("child ", p, 'C');
	_exit(contents_ok ? 0 : 1);
}

/* Steps 5 and 7, in the parent. */
static void parent_reads_then_writes(struct turns *t, char *p)
{
	struct faults f0;

	turn_wait(t, 5);
	say("[parent] 5. read the page\n");
	f0 = faults_now();
	expect_byte("parent", p, 'P');
	report(p, f0, "");
	expect_swapin(t->page_out,
		      "1 minor fault, 0 major (the child's swap-in left the "
		      "page in the swap cache: no second disk read); "
		      "read-only again");
	turn_give(t, 6);

	turn_wait(t, 7);
	say("[parent] 7. write 'Q' to the page\n");
	f0 = faults_now();
	poke(p, 'Q');
	report(p, f0, "");
	say("         expect: 1 minor fault (do_wp_page reused the page "
	    "without a copy: the parent holds the only reference now)\n");
	expect_byte("parent", p, 'Q');
	turn_give(t, 8);
}

/* Phase 2: steps 8-10 - the page is the parent's alone. */
static void exclusive_page_round_trip(char *p)
{
	struct faults f0;
	bool out;

	say("[parent] 8. madvise(MADV_PAGEOUT): the page only the parent "
	    "maps goes out\n");
	out = pageout(p);
	describe_page(p);
	expect_swapin(out, "swapped out; the swap PTE has the exclusive bit "
		      "(one PTE mapped the page)");

	say("[parent] 9. read the page\n");
	f0 = faults_now();
	expect_byte("parent", p, 'Q');
	report(p, f0, "");
	expect_swapin(out, "1 major fault; exclusive and VM_WRITE, so "
		      "do_swap_page made the PTE writable at once, on a "
		      "read");

	say("[parent] 10. write 'R' to the page\n");
	f0 = faults_now();
	poke(p, 'R');
	report(p, f0, "");
	say("         expect: 0 faults - the PTE was already writable\n");
	expect_byte("parent", p, 'R');
}

int main(void)
{
	struct turns *t = turns_new();
	char *p = map_private_page(PROT_READ | PROT_WRITE);
	struct faults f0;
	pid_t pid;

	say("demo_seed: a COW page shared by parent and child goes to swap "
	    "and comes back (page at 0x%lx)\n", (unsigned long)p);

	say("[parent] 1. write 'P' to the page\n");
	f0 = faults_now();
	poke(p, 'P');
	report(p, f0, "");
	say("         expect: 1 minor fault (do_anonymous_page: a new page, "
	    "writable, mapped only here)\n");

	say("[parent] 2. fork\n");
	pid = fork();
	if (pid < 0) {
		say("demo_seed: fork failed: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0)
		child(t, p);
	say("         child is pid %d; copy_page_range write-protected the "
	    "PTE in both: the page is shared, map count 2\n", pid);

	say("[parent] 3. madvise(MADV_PAGEOUT_SHARED): push the shared page "
	    "to swap\n");
	t->page_out = pageout_shared(p);
	describe_page(p);
	expect_swapin(t->page_out,
		      "both PTEs now hold the same swap entry, not exclusive; "
		      "the slot's count is 2");
	turn_give(t, 4);

	parent_reads_then_writes(t, p);
	if (!child_ok(pid))
		contents_ok = false;

	exclusive_page_round_trip(p);
	say("demo_seed: %s\n",
	    contents_ok ? "every process saw its own data: copy-on-write "
			  "survived swap" :
			  "WRONG contents (see above)");
	return contents_ok ? 0 : 1;
}
