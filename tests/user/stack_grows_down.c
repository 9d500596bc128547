// SPDX-License-Identifier: MIT
/*
 * stack_grows_down - the user stack grows on demand: a recursion using
 * several hundred KiB of stack (well within the default 8 MiB
 * RLIMIT_STACK) works, every frame keeps its own data, the new stack pages
 * arrive by page faults, and a child forked deep in the recursion has a
 * copy-on-write copy of the whole stack. An access far beyond the stack
 * limit dies.
 *
 * Pins down "stack at the top growing down" in DESIGN.md's memory layout
 * (a VM_GROWSDOWN VMA, or an equivalent lazily faulted stack region).
 */
#include <sys/resource.h>

#include "check.h"

#define SEED 0x737461636bULL /* "stack" */
#define FRAME_BYTES 4096
#define DEPTH 128 /* 128 frames of > 4 KiB: > 512 KiB */

static bool in_child; /* set in the child forked at the bottom */

/*
 * Fill a frame-local buffer with a pattern that depends on the depth,
 * recurse, then check the buffer survived everything deeper. Returns a
 * checksum so the compiler must keep every frame.
 */
static unsigned long recurse(int depth, pid_t *child)
{
	volatile unsigned char frame[FRAME_BYTES];
	unsigned long sum = 0;

	fill_pattern((void *)frame, FRAME_BYTES, SEED + depth);
	if (depth < DEPTH) {
		sum = recurse(depth + 1, child);
	} else {
		/* At the bottom: fork; the child checks the whole stack. */
		*child = fork_or_die();
		in_child = *child == 0;
	}
	CHECK_PATTERN((void *)frame, FRAME_BYTES, SEED + depth,
		      "each stack frame keeps its own data across deeper "
		      "calls (and in a child forked at the bottom)");
	for (int i = 0; i < FRAME_BYTES; i += 512)
		sum += frame[i];
	return sum;
}

static void far_below_the_stack_dies(void)
{
	struct rlimit rl;
	volatile char here;

	if (getrlimit(RLIMIT_STACK, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY ||
	    rl.rlim_cur > (1UL << 30)) {
		say("note: no finite stack limit; not probing below it\n");
		return;
	}
	CHECK_READ_DIES((uintptr_t)&here - rl.rlim_cur - (1UL << 20),
			"an access 1 MiB beyond the stack limit dies");
}

int main(void)
{
	struct rusage before, after;
	unsigned long sum;
	pid_t child = 0;

	test_seed(SEED);
	REQUIRE(getrusage(RUSAGE_SELF, &before) == 0, "getrusage works");
	sum = recurse(0, &child);
	if (in_child)
		check_exit(); /* back at the top, every frame checked */
	CHECK_EXITED(wait_for(child), 0,
		     "a child forked at the deepest point sees every frame");
	REQUIRE(getrusage(RUSAGE_SELF, &after) == 0, "getrusage works");
	CHECK(after.ru_minflt + after.ru_majflt - before.ru_minflt -
			      before.ru_majflt >=
		      DEPTH / 2,
	      "the new stack pages were faulted in on demand (at least one "
	      "fault per two frames)");
	CHECK(sum != 0, "the frames' checksum is computed");
	far_below_the_stack_dies();
	return check_status();
}
