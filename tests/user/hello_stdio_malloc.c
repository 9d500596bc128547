// SPDX-License-Identifier: MIT
/*
 * hello_stdio_malloc - the C library works: stdio formats and writes,
 * malloc/free/realloc/calloc give usable memory, small (brk heap) and
 * large (mmap) alike.
 *
 * Pins down: "User space" in DESIGN.md - an ordinary static musl program
 * runs. This is the first program to try on a new kernel: it needs only
 * write, brk, mmap, munmap and exit_group (plus what musl's start-up uses:
 * arch_prctl, set_tid_address, ioctl(TIOCGWINSZ) on stdout).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define SEED 0x68656c6c6fULL /* "hello" */

static void stdio_formats_and_writes(void)
{
	char buf[128];
	int n;

	n = printf("hello, world\n");
	CHECK_EQ(n, 13, "printf returns the number of bytes written");
	CHECK_EQ(fflush(stdout), 0, "fflush(stdout) writes the line out");

	n = snprintf(buf, sizeof(buf), "%d %u %lx %s %c %05.1f", -42, 42u,
		     0xfeedUL, "str", 'c', 3.14159);
	CHECK(strcmp(buf, "-42 42 feed str c 003.1") == 0,
	      "snprintf formats integers, strings and floats");
	CHECK_EQ(n, (long)strlen(buf), "snprintf returns the length");
}

static void small_allocations_are_distinct_and_usable(void)
{
	enum { N = 256 };
	unsigned char *p[N];
	int i;

	for (i = 0; i < N; i++) {
		p[i] = malloc(16 + i);
		REQUIRE(p[i] != NULL, "malloc of a small block succeeds");
		memset(p[i], i, 16 + i);
	}
	for (i = 0; i < N; i++)
		CHECK_BYTES(p[i], 16 + i, (unsigned char)i,
			    "a small block keeps its contents while others "
			    "are written");
	for (i = 0; i < N; i += 2)
		free(p[i]);
	for (i = 1; i < N; i += 2) {
		CHECK_BYTES(p[i], 16 + i, (unsigned char)i,
			    "freeing neighbours does not disturb a block");
		free(p[i]);
	}
}

static void large_allocation_round_trips(void)
{
	/* Well above musl's mmap threshold: this is an mmap'd block. */
	size_t n = 8UL << 20;
	unsigned char *p = malloc(n);

	REQUIRE(p != NULL, "malloc of 8 MiB succeeds");
	fill_pattern(p, n, SEED);
	CHECK_PATTERN(p, n, SEED, "8 MiB of malloc'd memory holds a pattern");
	free(p);

	/* Allocating again after free works (the memory was returned). */
	p = malloc(n);
	REQUIRE(p != NULL, "malloc of 8 MiB succeeds again after free");
	memset(p, 0xa5, n);
	CHECK_BYTES(p, n, 0xa5, "the second 8 MiB block is usable");
	free(p);
}

static void calloc_zero_fills(void)
{
	size_t n = 1UL << 20;
	unsigned char *p = calloc(n, 1);

	REQUIRE(p != NULL, "calloc of 1 MiB succeeds");
	CHECK_BYTES(p, n, 0, "calloc returns zeroed memory");
	free(p);
}

static void realloc_preserves_contents(void)
{
	size_t sizes[] = { 100, 5000, 300000, 3000000, 64, 1 << 20 };
	size_t old = 0;
	unsigned char *p = NULL;

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t n = sizes[i];
		size_t keep = old < n ? old : n;
		unsigned char *q = realloc(p, n);

		REQUIRE(q != NULL, "realloc succeeds");
		if (keep)
			CHECK_PATTERN(q, keep, SEED + i - 1,
				      "realloc keeps the old contents up to "
				      "the smaller size");
		fill_pattern(q, n, SEED + i);
		p = q;
		old = n;
	}
	free(p);
}

int main(void)
{
	test_seed(SEED);
	stdio_formats_and_writes();
	small_allocations_are_distinct_and_usable();
	large_allocation_round_trips();
	calloc_zero_fills();
	realloc_preserves_contents();
	return check_status();
}
