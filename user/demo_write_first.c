// SPDX-License-Identifier: MIT
/*
 * demo_write_first - the child's first access to a swapped-out COW page
 * is a write: swap-in and copy-on-write happen in one fault.
 *
 * do_swap_page reads the page back and builds the PTE from the VMA
 * (read-only: the parent's PTE still names the page). The fault was a
 * write and the PTE is still read-only, so do_swap_page calls do_wp_page
 * in the same fault, which copies the page (Linux 6.x does the same).
 * The older textbook answer - return, re-execute the write, fault again
 * into do_wp_page - ends in the same state with two faults.
 *
 * In GDB: break do_swap_page, then break do_wp_page; both are hit in the
 * child's one fault (bt shows do_wp_page called from do_swap_page).
 * On Linux, MADV_PAGEOUT leaves the shared page in memory (see demo.h).
 */
#include "demo.h"

static void child(struct turns *t, char *p)
{
	struct faults f0;

	turn_wait(t, 4);
	say("[child ] 4. write 'C' - the first access since the page went "
	    "out\n");
	f0 = faults_now();
	poke(p, 'C');
	report(p, f0, "");
	expect_swapin(t->page_out,
		      "1 fault, major: do_swap_page read the page and mapped "
		      "it read-only from vm_page_prot, then - a write fault "
		      "still facing a read-only PTE - called do_wp_page, which "
		      "copied it; the child's page is new and writable");
	turn_give(t, 5);
	turn_wait(t, 7);
	expect_byte("child ", p, 'C');
	_exit(contents_ok ? 0 : 1);
}

int main(void)
{
	struct turns *t = turns_new();
	char *p = map_private_page(PROT_READ | PROT_WRITE);
	struct faults f0;
	pid_t pid;

	say("demo_write_first: swap-in and COW break in one fault (page at "
	    "0x%lx)\n", (unsigned long)p);
	say("[parent] 1. write 'P' to the page\n");
	poke(p, 'P');
	describe_page(p);

	say("[parent] 2. fork\n");
	pid = fork();
	if (pid < 0) {
		say("demo_write_first: fork failed: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0)
		child(t, p);

	say("[parent] 3. madvise(MADV_PAGEOUT_SHARED): the shared page goes "
	    "out of both page tables\n");
	t->page_out = pageout_shared(p);
	describe_page(p);
	turn_give(t, 4);

	turn_wait(t, 5);
	say("[parent] 5. read the page\n");
	f0 = faults_now();
	expect_byte("parent", p, 'P');
	report(p, f0, "");
	expect_swapin(t->page_out,
		      "1 minor fault: the original page is still in the swap "
		      "cache, and still holds 'P'");

	say("[parent] 6. write 'Q' to the page\n");
	f0 = faults_now();
	poke(p, 'Q');
	report(p, f0, "");
	say("         expect: 1 minor fault (do_wp_page reused the page: the "
	    "child has its own copy)\n");
	expect_byte("parent", p, 'Q');
	turn_give(t, 7);
	if (!child_ok(pid))
		contents_ok = false;
	say("demo_write_first: %s\n",
	    contents_ok ? "parent and child each kept their own data" :
			  "WRONG contents (see above)");
	return contents_ok ? 0 : 1;
}
