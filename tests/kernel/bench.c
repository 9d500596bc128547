/*
 * bench.c - how much each mechanism costs, in guest instructions.
 *
 * Run by `make bench`: QEMU with -icount shift=0 makes the TSC count
 * instructions, so rdtsc() deltas are exact and identical run to run.
 * Never part of ktest=all, never asserted: numbers are printed as
 * "# bench: <name>: <count> per op" diagnostics and the tests pass.
 * CPU-bound paths repeat to the instruction; paths that wait for the disk
 * count only what the CPU executed (it halts while the task sleeps) and
 * vary by a few percent with the driver's status polling.
 */
#include "mm/swap_state.h"
#include "mm/vmscan.h"
#include "tests/kernel/mm_test.h"

#define BENCH_PAGES 64

static struct mm_struct *mm;

static void bench_init(struct ktest *t)
{
	mm = test_mm_start(t);
}

static void bench_exit(struct ktest *t)
{
	(void)t;
	test_mm_end(mm);
}

static void report(struct ktest *t, const char *what, u64 total, u64 ops)
{
	ktest_diag(t, "bench: %s: %lu per op (%lu ops)", what, total / ops,
		   ops);
}

/* Demand-zero write faults: allocate, zero, map. */
static void bench_anonymous_write_fault(struct ktest *t)
{
	map_anon(mm, TEST_ADDR, BENCH_PAGES, RW, PRIV_ANON);
	u64 t0 = rdtsc();
	for (int i = 0; i < BENCH_PAGES; i++)
		uwrite(TEST_ADDR + i * PAGE_SIZE, 1);
	report(t, "anonymous write fault", rdtsc() - t0, BENCH_PAGES);
}

/* COW break after fork: copy 4 KiB and remap. */
static void bench_cow_copy_fault(struct ktest *t)
{
	map_anon(mm, TEST_ADDR, BENCH_PAGES, RW, PRIV_ANON);
	for (int i = 0; i < BENCH_PAGES; i++)
		uwrite(TEST_ADDR + i * PAGE_SIZE, 1);
	struct mm_struct *child = dup_mm(mm);
	KT_ASSERT_NOT_NULL(t, child);
	kthread_use_mm(child);
	u64 t0 = rdtsc();
	for (int i = 0; i < BENCH_PAGES; i++)
		uwrite(TEST_ADDR + i * PAGE_SIZE, 2);
	report(t, "COW copy fault", rdtsc() - t0, BENCH_PAGES);
	kthread_use_mm(mm);
	mmput(child);
}

/* fork's copy_page_range over present pages (no page copied). */
static void bench_fork_64_pages(struct ktest *t)
{
	map_anon(mm, TEST_ADDR, BENCH_PAGES, RW, PRIV_ANON);
	for (int i = 0; i < BENCH_PAGES; i++)
		uwrite(TEST_ADDR + i * PAGE_SIZE, 1);
	u64 t0 = rdtsc();
	struct mm_struct *child = dup_mm(mm);
	report(t, "dup_mm of 64 present pages", rdtsc() - t0, 1);
	KT_ASSERT_NOT_NULL(t, child);
	mmput(child);
}

/* Swap-out (write) and swap-in (read, major fault) of single pages. */
static void bench_swap_out_and_in(struct ktest *t)
{
	if (get_total_swap_pages() <= 0)
		ktest_skip(t, "no swap area");
	map_anon(mm, TEST_ADDR, BENCH_PAGES, RW, PRIV_ANON);
	for (int i = 0; i < BENCH_PAGES; i++)
		uwrite(TEST_ADDR + i * PAGE_SIZE, 1);
	u64 t0 = rdtsc();
	madvise_pageout(mm, TEST_ADDR, TEST_ADDR + BENCH_PAGES * PAGE_SIZE,
			false);
	report(t, "swap-out (shrink_page, with write)", rdtsc() - t0,
	       BENCH_PAGES);
	u8 v;
	t0 = rdtsc();
	for (int i = 0; i < BENCH_PAGES; i++)
		uread(TEST_ADDR + i * PAGE_SIZE, &v);
	report(t, "swap-in (do_swap_page, major fault)", rdtsc() - t0,
	       BENCH_PAGES);
}

static const struct ktest_case bench_cases[] = {
	KTEST_CASE(bench_anonymous_write_fault),
	KTEST_CASE(bench_cow_copy_fault),
	KTEST_CASE(bench_fork_64_pages),
	KTEST_CASE(bench_swap_out_and_in),
	{}
};
static const struct ktest_suite bench_suite = {
	.name = "bench",
	.cases = bench_cases,
	.init = bench_init,
	.exit = bench_exit,
	.explicit_only = true,
};
KTEST_SUITE(bench_suite, 9);
