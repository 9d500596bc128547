// SPDX-License-Identifier: MIT
/*
 * fork_wait_exit_status - fork returns twice with the right values, and
 * wait4 reports each child's exit status and resource usage to its parent.
 *
 * Pins down the process half of "User space" in DESIGN.md: fork, exit,
 * wait4 (with WNOHANG, a specific pid, any child, ECHILD), getpid and
 * getppid, and a two-level process tree whose statuses add up. Orphan
 * reparenting is deliberately not tested.
 */
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "check.h"

static void fork_returns_child_pid_and_zero(void)
{
	int fds[2];
	pid_t parent = getpid(), child;

	REQUIRE(pipe(fds) == 0, "pipe() works");
	child = fork_or_die();
	if (child == 0) {
		pid_t me = getpid();

		close(fds[0]);
		CHECK_EQ(getppid(), parent,
			 "a child's getppid() is its parent's getpid()");
		CHECK(me != parent, "a child has a pid of its own");
		CHECK_EQ(write(fds[1], &me, sizeof(me)), sizeof(me),
			 "the child reports its pid over a pipe");
		check_exit();
	}
	close(fds[1]);
	pid_t reported = 0;

	CHECK_EQ(read(fds[0], &reported, sizeof(reported)), sizeof(reported),
		 "the parent reads the child's pid");
	CHECK_EQ(reported, child,
		 "fork() returns to the parent the pid the child sees");
	CHECK_EXITED(wait_for(child), 0, "the child's checks passed");
	close(fds[0]);
}

static void exit_statuses_reach_the_parent(void)
{
	static const int codes[] = { 0, 1, 2, 42, 127, 128, 254, 255 };
	enum { N = sizeof(codes) / sizeof(codes[0]) };
	pid_t pids[N];
	int i;

	for (i = 0; i < N; i++) {
		pids[i] = fork_or_die();
		if (pids[i] == 0)
			_exit(codes[i]);
	}
	/* Reap in reverse order by pid: each status belongs to its pid. */
	for (i = N - 1; i >= 0; i--) {
		int status;
		pid_t got = wait4(pids[i], &status, 0, NULL);

		CHECK_EQ(got, pids[i], "wait4(pid) reaps that child");
		CHECK(WIFEXITED(status), "a child that called _exit() exited");
		CHECK_EQ(WEXITSTATUS(status), codes[i],
			 "WEXITSTATUS is the value passed to _exit()");
	}
}

static void exit_status_is_truncated_to_8_bits(void)
{
	pid_t pid = fork_or_die();

	if (pid == 0)
		_exit(256 + 7);
	CHECK_EXITED(wait_for(pid), 7,
		     "only the low 8 bits of the exit code are reported");
}

static void wnohang_returns_zero_while_child_runs(void)
{
	int fds[2], status = -1;
	pid_t pid;
	char c;

	REQUIRE(pipe(fds) == 0, "pipe() works");
	pid = fork_or_die();
	if (pid == 0) {
		close(fds[1]);
		/* Block until the parent closes its end. */
		while (read(fds[0], &c, 1) > 0)
			;
		_exit(3);
	}
	close(fds[0]);
	CHECK_EQ(wait4(pid, &status, WNOHANG, NULL), 0,
		 "wait4(WNOHANG) returns 0 while the child is still running");
	close(fds[1]);
	CHECK_EXITED(wait_for(pid), 3,
		     "the child exits once its pipe reaches end-of-file");
}

static void wait_any_reaps_every_child_once(void)
{
	enum { N = 6 };
	pid_t pids[N];
	int seen[N] = { 0 };
	int i, status;

	for (i = 0; i < N; i++) {
		pids[i] = fork_or_die();
		if (pids[i] == 0)
			_exit(10 + i);
	}
	for (i = 0; i < N; i++) {
		pid_t got = wait4(-1, &status, 0, NULL);
		int j;

		for (j = 0; j < N && pids[j] != got; j++)
			;
		CHECK(j < N,
		      "wait4(-1) returns the pid of one of our children");
		if (j == N)
			continue;
		seen[j]++;
		CHECK_EXITED(status, 10 + j,
			     "wait4(-1) returns that child's own status");
	}
	for (i = 0; i < N; i++)
		CHECK_EQ(seen[i], 1, "each child is reaped exactly once");
	CHECK_ERR(syscall(SYS_wait4, -1, &status, 0, NULL), ECHILD,
		  "wait4(-1) with no children left fails with ECHILD");
}

static void wait_for_a_non_child_is_echild(void)
{
	int status;

	/* Our parent is not our child. */
	CHECK_ERR(syscall(SYS_wait4, getppid(), &status, 0, NULL), ECHILD,
		  "wait4 on a pid that is not our child fails with ECHILD");
	CHECK_ERR(syscall(SYS_wait4, getpid(), &status, 0, NULL), ECHILD,
		  "wait4 on our own pid fails with ECHILD");
}

/*
 * A tree: the root forks FANOUT children, each forks FANOUT grandchildren
 * that exit with small codes; each child exits with the sum of its
 * children's codes, so the root can check the whole tree's statuses.
 */
#define FANOUT 3

static int grandchild_code(int child, int grandchild)
{
	return 1 + child * FANOUT + grandchild;
}

static void run_middle_of_tree(int child)
{
	pid_t pids[FANOUT], me = getpid();
	int sum = 0, i;

	for (i = 0; i < FANOUT; i++) {
		pids[i] = fork_or_die();
		if (pids[i] == 0) {
			CHECK_EQ(getppid(), me,
				 "a grandchild's getppid() is the child that "
				 "forked it");
			if (check_failures)
				check_exit();
			_exit(grandchild_code(child, i));
		}
	}
	for (i = 0; i < FANOUT; i++) {
		int status = wait_for(pids[i]);

		CHECK_EXITED(status, grandchild_code(child, i),
			     "a child sees each grandchild's exit status");
		if (WIFEXITED(status))
			sum += WEXITSTATUS(status);
	}
	if (check_failures)
		check_exit();
	_exit(sum);
}

static void process_tree_statuses_add_up(void)
{
	pid_t pids[FANOUT];
	int i, j;

	for (i = 0; i < FANOUT; i++) {
		pids[i] = fork_or_die();
		if (pids[i] == 0)
			run_middle_of_tree(i);
	}
	for (i = 0; i < FANOUT; i++) {
		int want = 0;

		for (j = 0; j < FANOUT; j++)
			want += grandchild_code(i, j);
		CHECK_EXITED(wait_for(pids[i]), want,
			     "the tree's exit statuses add up at the root");
	}
}

static void wait4_reports_child_rusage(void)
{
	enum { PAGES = 200 };
	struct rusage ru;
	int status;
	pid_t pid;

	pid = fork_or_die();
	if (pid == 0) {
		/* Touch PAGES fresh pages: at least PAGES page faults. */
		static char buf[PAGES * PAGE_SIZE];

		for (int i = 0; i < PAGES; i++)
			poke((uintptr_t)&buf[i * PAGE_SIZE], 1);
		_exit(0);
	}
	memset(&ru, 0xff, sizeof(ru));
	CHECK_EQ(wait4(pid, &status, 0, &ru), pid, "wait4 reaps the child");
	CHECK_EXITED(status, 0, "the page-touching child exits normally");
	CHECK(ru.ru_minflt + ru.ru_majflt >= PAGES,
	      "wait4's rusage counts the child's page faults (one per "
	      "fresh page touched)");
	CHECK(ru.ru_minflt >= 0 && ru.ru_majflt >= 0,
	      "wait4 filled in the rusage fault counters");
}

int main(void)
{
	fork_returns_child_pid_and_zero();
	exit_statuses_reach_the_parent();
	exit_status_is_truncated_to_8_bits();
	wnohang_returns_zero_while_child_runs();
	wait_any_reaps_every_child_once();
	wait_for_a_non_child_is_echild();
	process_tree_statuses_add_up();
	wait4_reports_child_rusage();
	return check_status();
}
