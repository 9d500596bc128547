// SPDX-License-Identifier: MIT
/*
 * demo_mprotect - mprotect() while a page is swapped out: the new
 * protection applies when the page comes back.
 *
 * A swap PTE holds no permission bits, so mprotect() has nothing to
 * change in it (change_protection skips swap PTEs); it changes the VMA
 * (vm_flags and vm_page_prot). At swap-in do_swap_page builds the PTE
 * from that VMA, so the page comes back with the protection the area has
 * now, not the one it had when it went out:
 *
 *   RW page out, mprotect(PROT_READ), read -> read-only (exclusive, but
 *     no VM_WRITE), and a write is refused (SIGSEGV, access_error);
 *   page out, mprotect(PROT_READ | PROT_WRITE), read -> writable at once
 *     (exclusive and VM_WRITE), so the next write takes no fault.
 *
 * In GDB: break do_swap_page; at the mk_pte line, p/x vma->vm_page_prot.
 */
#include "demo.h"

static void protect(char *p, int prot, const char *name)
{
	if (mprotect(p, PAGE_SIZE, prot) != 0) {
		say("demo_mprotect: mprotect(%s): %s\n", name, strerror(errno));
		_exit(1);
	}
}

/* A child writes the page: the VMA forbids it, so it must die. */
static void write_in_child_is_refused(char *p)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		poke(p, 'X');
		_exit(99); /* survived: the write was allowed */
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		say("demo_mprotect: fork/wait failed: %s\n", strerror(errno));
		contents_ok = false;
		return;
	}
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV) {
		say("         kernel: the child was killed by SIGSEGV\n");
	} else {
		say("         WRONG: the child's write was not refused\n");
		contents_ok = false;
	}
}

/* Steps 1-5: out while writable, back after mprotect(PROT_READ). */
static void read_only_while_out(char *p)
{
	struct faults f0;
	bool out;

	say("[1] write 'M' to a private read-write page\n");
	poke(p, 'M');
	describe_page(p);
	say("[2] madvise(MADV_PAGEOUT): out to swap (the only mapper: the "
	    "swap PTE is exclusive)\n");
	out = pageout(p);
	describe_page(p);
	say("[3] mprotect(PROT_READ) while it is out: the VMA changes; the "
	    "swap PTE has no permission bits to change\n");
	protect(p, PROT_READ, "PROT_READ");
	say("[4] read the page\n");
	f0 = faults_now();
	expect_byte("demo", p, 'M');
	report(p, f0, "");
	expect_swapin(out, "1 major fault; the PTE is mk_pte(page, "
		      "vma->vm_page_prot) with the NEW protection: read-only, "
		      "although the page is exclusive (no VM_WRITE)");
	say("[5] a child writes the page\n");
	write_in_child_is_refused(p);
	say("         expect: SIGSEGV - access_error() finds no VM_WRITE "
	    "in the VMA\n");
}

/* Steps 6-9: out while read-only, back after mprotect(RW). */
static void writable_while_out(char *p)
{
	struct faults f0;
	bool out;

	say("[6] madvise(MADV_PAGEOUT): out again\n");
	out = pageout(p);
	describe_page(p);
	say("[7] mprotect(PROT_READ | PROT_WRITE) while it is out\n");
	protect(p, PROT_READ | PROT_WRITE, "PROT_READ | PROT_WRITE");
	say("[8] read the page\n");
	f0 = faults_now();
	expect_byte("demo", p, 'M');
	report(p, f0, "");
	expect_swapin(out, "1 major fault; exclusive and VM_WRITE now, so "
		      "do_swap_page made the PTE writable at once");
	say("[9] write 'W' to the page\n");
	f0 = faults_now();
	poke(p, 'W');
	report(p, f0, "");
	expect_swapin(out, "0 faults: the PTE was already writable");
	expect_byte("demo", p, 'W');
}

int main(void)
{
	char *p = map_private_page(PROT_READ | PROT_WRITE);

	say("demo_mprotect: the protection a page comes back with is the "
	    "VMA's at swap-in (page at 0x%lx)\n", (unsigned long)p);
	read_only_while_out(p);
	writable_while_out(p);
	say("demo_mprotect: %s\n",
	    contents_ok ? "the page came back with the VMA's protection "
			  "each time" :
			  "WRONG (see above)");
	return contents_ok ? 0 : 1;
}
