// SPDX-License-Identifier: MIT
/*
 * cow_forkfork_chain - copy-on-write holds across generations: in a chain
 * of processes each forked from the previous one, every process sees its
 * ancestors' writes made before its fork and never a descendant's.
 *
 * Pins down scenario 2 of DESIGN.md repeated down a chain (a page shared
 * by up to DEPTH + 1 address spaces at once, map count > 2), and the
 * process lifecycle under churn in the style of xv6's forkfork test
 * (bounded here: FORKERS processes each forking and reaping ITERATIONS
 * short-lived children that fork once more).
 */
#include "check.h"

#define SEED 0xf0f0f0f000ULL
#define DEPTH 10
#define ROUNDS 4
#define FORKERS 2
#define ITERATIONS 50

/* Page L is written by the process at depth L of the chain. */
static unsigned char pages[DEPTH + 1][PAGE_SIZE]
	__attribute__((aligned(PAGE_SIZE)));

static uint64_t page_seed(int round, int level)
{
	return SEED + round * 0x100 + level;
}

/* Pages 0..level hold their writers' patterns; the rest are zero. */
static void check_chain_view(int round, int level, const char *what)
{
	for (int l = 0; l <= DEPTH; l++) {
		if (l <= level)
			CHECK_PATTERN(pages[l], PAGE_SIZE, page_seed(round, l),
				      what);
		else
			CHECK_BYTES(pages[l], PAGE_SIZE, 0, what);
	}
}

/*
 * The process at depth `level`: check what was inherited, write page
 * `level`, fork the next level, and after it exits check that nothing
 * the descendants wrote became visible here. Returns the exit status.
 */
static int chain_link(int round, int level)
{
	pid_t pid;
	int status;

	check_chain_view(round, level - 1,
			 "a process sees its ancestors' writes from before "
			 "its fork and nothing else");
	fill_pattern(pages[level], PAGE_SIZE, page_seed(round, level));
	if (level < DEPTH) {
		pid = fork_or_die();
		if (pid == 0)
			_exit(chain_link(round, level + 1));
		status = wait_for(pid);
		CHECK_EXITED(status, 0,
			     "the next process in the chain passed its checks");
	}
	check_chain_view(round, level,
			 "a descendant's writes never reach its ancestors");
	return check_status();
}

static void chain_rounds(void)
{
	for (int round = 0; round < ROUNDS; round++) {
		pid_t pid;

		memset(pages, 0, sizeof(pages));
		fill_pattern(pages[0], PAGE_SIZE, page_seed(round, 0));
		pid = fork_or_die();
		if (pid == 0)
			_exit(chain_link(round, 1));
		CHECK_EXITED(wait_for(pid), 0,
			     "a chain of DEPTH forked processes passes");
		check_chain_view(round, 0,
				 "the root sees none of the chain's writes");
	}
}

/* xv6's forkfork, bounded: children and grandchildren come and go. */
static unsigned long churn_value;

static void forker(int who)
{
	for (int i = 0; i < ITERATIONS; i++) {
		unsigned long mine = ((unsigned long)who << 32) | i;
		pid_t pid;

		churn_value = mine;
		pid = fork_or_die();
		if (pid == 0) {
			pid_t gpid;

			CHECK_EQ(churn_value, mine,
				 "a child inherits its parent's value");
			churn_value = ~mine;
			gpid = fork_or_die();
			if (gpid == 0) {
				CHECK_EQ(churn_value, ~mine,
					 "a grandchild inherits its parent's "
					 "value");
				churn_value = 0;
				check_exit();
			}
			CHECK_EXITED(wait_for(gpid), 0,
				     "the grandchild passed its checks");
			CHECK_EQ(churn_value, ~mine,
				 "a grandchild's write stays in the "
				 "grandchild");
			check_exit();
		}
		CHECK_EXITED(wait_for(pid), 0, "the child passed its checks");
		CHECK_EQ(churn_value, mine,
			 "a child's write stays in the child");
		if (check_failures)
			break;
	}
	check_exit();
}

static void forkfork_churn(void)
{
	pid_t pids[FORKERS];

	for (int i = 0; i < FORKERS; i++) {
		pids[i] = fork_or_die();
		if (pids[i] == 0)
			forker(i + 1);
	}
	for (int i = 0; i < FORKERS; i++)
		CHECK_EXITED(wait_for(pids[i]), 0,
			     "each forker finished its iterations cleanly");
}

int main(void)
{
	test_seed(SEED);
	chain_rounds();
	forkfork_churn();
	return check_status();
}
