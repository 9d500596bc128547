// SPDX-License-Identifier: MIT
/*
 * fork_until_enomem - faultline-only: forking until memory runs out ends
 * with fork() failing with ENOMEM - no panic, no process killed - and once
 * every child has exited and been reaped, all of it is given back: a
 * second round forks exactly as many children, and free memory and free
 * swap come back to the same values after each round.
 *
 * Pins down "Every test checks that frames, heap and swap slots return to
 * their starting counts" (DESIGN.md, Tests) for the process lifecycle as a
 * whole, and the rule that nothing a user program does may reach a panic.
 *
 * Each fork must copy the parent's page tables (copy_page_range), and the
 * parent has spread its touched pages so that it has SPREAD page-table
 * pages: every child costs about SPREAD * 4 KiB of memory that cannot be
 * swapped, so memory runs out after a few dozen children - inside fork(),
 * before any process limit. The children only park in read().
 *
 * Skipped on Linux: never fork-bomb the host.
 */
#include <sys/mman.h>
#include <sys/sysinfo.h>

#include "check.h"

#define SPREAD 512 /* page tables the parent fills */
#define TABLE_SPAN (2UL << 20) /* memory one page table maps */
#define MAX_CHILDREN 4096

struct round {
	int children; /* forks that succeeded */
	int fork_errno; /* why the next one failed */
	unsigned long freeram, freeswap; /* after everyone is reaped */
};

static void park(int ready, int release)
{
	char c;

	/* Ready: the child is running in user mode. Then wait for EOF. */
	if (write(ready, "r", 1) != 1)
		_exit(2);
	while (read(release, &c, 1) > 0)
		;
	_exit(0);
}

static struct round fork_until_failure(int round)
{
	static pid_t pids[MAX_CHILDREN];
	struct round r = { 0, 0, 0, 0 };
	struct sysinfo si;
	int ready[2], release[2];
	int exited_ok = 0;

	REQUIRE(pipe(ready) == 0 && pipe(release) == 0, "pipe() works");
	while (r.children < MAX_CHILDREN) {
		pid_t pid = fork();
		char c;

		if (pid < 0) {
			r.fork_errno = errno;
			break;
		}
		if (pid == 0) {
			close(release[1]);
			park(ready[1], release[0]);
		}
		pids[r.children++] = pid;
		CHECK_EQ(read(ready[0], &c, 1), 1,
			 "every forked child gets to run (it is not killed "
			 "for lack of memory after fork succeeded)");
	}
	close(release[1]);
	for (int i = 0; i < r.children; i++) {
		int status = wait_for(pids[i]);

		exited_ok += status != -1 && WIFEXITED(status) &&
			     WEXITSTATUS(status) == 0;
	}
	CHECK_EQ(exited_ok, r.children,
		 "every child exits normally once released");
	close(release[0]);
	close(ready[0]);
	close(ready[1]);
	REQUIRE(sysinfo(&si) == 0, "sysinfo works");
	r.freeram = si.freeram * si.mem_unit;
	r.freeswap = si.freeswap * si.mem_unit;
	say("note: round %d: %d children, then fork failed: %s; free RAM "
	    "%lu KiB, free swap %lu KiB\n",
	    round, r.children,
	    r.fork_errno ? strerror(r.fork_errno) : "(never)", r.freeram >> 10,
	    r.freeswap >> 10);
	return r;
}

int main(void)
{
	struct round one, two;
	unsigned char *spread;

	if (on_linux())
		skip("faultline-only: forking until memory runs out would "
		     "exhaust the host");
	spread = mmap(NULL, SPREAD * TABLE_SPAN, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	REQUIRE(spread != MAP_FAILED, "mmap of the spread region succeeds");
	for (size_t i = 0; i < SPREAD; i++)
		spread[i * TABLE_SPAN] = 1;

	one = fork_until_failure(1);
	two = fork_until_failure(2);
	CHECK(one.children > 0, "at least one fork succeeds");
	CHECK(one.children < MAX_CHILDREN,
	      "memory runs out before MAX_CHILDREN children");
	CHECK_EQ(one.fork_errno, ENOMEM,
		 "fork fails with ENOMEM when memory runs out");
	CHECK_EQ(two.fork_errno, ENOMEM, "... in the second round too");
	CHECK_EQ(two.children, one.children,
		 "the second round forks as many children as the first "
		 "(everything the first took was given back)");
	CHECK_EQ(two.freeram, one.freeram,
		 "free memory is the same after both rounds");
	CHECK_EQ(two.freeswap, one.freeswap,
		 "free swap is the same after both rounds");
	return check_status();
}
