/*
 * cow.c - copy-on-write after fork, driven from the kernel on two test
 * address spaces (parent and child) made by dup_mm().
 *
 * Pins down DESIGN.md scenario 2 (fork: both PTEs write-protected, page
 * shared) and the COW half of scenario 5 (child write copies, parent's
 * later write reuses without a copy), plus mprotect on a COW range and a
 * kernel write (copy_to_user) breaking COW for one process only.
 */
#include "kernel/errno.h"
#include "mm/uaccess.h"
#include "tests/kernel/mm_test.h"

static struct mm_struct *parent, *child;

static void cow_init(struct ktest *t)
{
	parent = test_mm_start(t);
	child = NULL;
}

static void cow_exit(struct ktest *t)
{
	(void)t;
	kthread_use_mm(NULL);
	if (child)
		mmput(child);
	mmput(parent);
}

#define FLAGS(pte) ((pte) & ~PTE_PFN_MASK)
#define RO_PTE (_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_NX)

/* Parent writes a page, then forks. */
static void write_then_fork(struct ktest *t, u8 value)
{
	map_anon(parent, TEST_ADDR, 1, RW, PRIV_ANON);
	KT_ASSERT_EQ(t, poke(parent, TEST_ADDR, value), 0);
	child = dup_mm(parent);
	KT_ASSERT_NOT_NULL(t, child);
}

/* Scenario 2: after fork both PTEs map the same page read-only, and
 * the page is shared: map count 2, reference count 2. */
static void fork_write_protects_both_ptes(struct ktest *t)
{
	write_then_fork(t, 0x11);
	u64 pp = pte_of(parent, TEST_ADDR), cp = pte_of(child, TEST_ADDR);

	KT_EXPECT_EQ(t, pp & PTE_PFN_MASK, cp & PTE_PFN_MASK);
	KT_EXPECT_FALSE(t, pp & _PAGE_RW);
	KT_EXPECT_FALSE(t, cp & _PAGE_RW);
	KT_EXPECT_FALSE(t, cp & _PAGE_ACCESSED); /* the child's starts old */
	struct page *pg = page_of(parent, TEST_ADDR);
	KT_EXPECT_EQ(t, page_mapcount(pg), 2);
	KT_EXPECT_EQ(t, page_count(pg), 2);
	KT_EXPECT_EQ(t, peek(child, TEST_ADDR), 0x11);
}

/* Scenario 5: the child's write copies; the parent keeps the old page
 * and its contents; the parent's later write reuses it, no copy. */
static void child_write_copies_parent_write_reuses(struct ktest *t)
{
	write_then_fork(t, 0x22);
	struct page *old = page_of(parent, TEST_ADDR);
	u64 copies = vm_event_total(MM_COW_COPY);

	KT_ASSERT_EQ(t, poke(child, TEST_ADDR, 0x33), 0);
	KT_EXPECT_EQ(t, vm_event_total(MM_COW_COPY), copies + 1);
	KT_EXPECT_EQ(t, child->stats.events[MM_COW_COPY], 1);
	u64 cp = pte_of(child, TEST_ADDR);
	KT_EXPECT_NE(t, cp & PTE_PFN_MASK, page_to_pfn(old) << PAGE_SHIFT);
	KT_EXPECT_EQ(t, FLAGS(cp), RO_PTE | _PAGE_RW | _PAGE_DIRTY);
	KT_EXPECT_EQ(t, page_mapcount(old), 1);
	KT_EXPECT_EQ(t, page_count(old), 1);
	KT_EXPECT_EQ(t, peek(parent, TEST_ADDR), 0x22);
	KT_EXPECT_EQ(t, peek(child, TEST_ADDR), 0x33);

	KT_ASSERT_EQ(t, poke(parent, TEST_ADDR, 0x44), 0);
	KT_EXPECT_EQ(t, parent->stats.events[MM_COW_REUSE], 1);
	KT_EXPECT_EQ(t, parent->stats.events[MM_COW_COPY], 0);
	KT_EXPECT_EQ(t, page_of(parent, TEST_ADDR), old);
	KT_EXPECT_TRUE(t, pte_of(parent, TEST_ADDR) & _PAGE_RW);
	KT_EXPECT_EQ(t, peek(child, TEST_ADDR), 0x33);
}

/* Reuse is decided on the reference count, not the map count: an extra
 * reference (a pin without a mapping) forces a copy (CVE-2020-29374). */
static void extra_reference_forces_copy(struct ktest *t)
{
	write_then_fork(t, 0x55);
	mmput(child); /* the child exits: map count back to 1 */
	child = NULL;
	struct page *pg = page_of(parent, TEST_ADDR);
	KT_ASSERT_EQ(t, page_mapcount(pg), 1);
	get_page(pg); /* someone else still looks at the old contents */
	KT_ASSERT_EQ(t, poke(parent, TEST_ADDR, 0x66), 0);
	KT_EXPECT_EQ(t, parent->stats.events[MM_COW_COPY], 1);
	KT_EXPECT_NE(t, page_of(parent, TEST_ADDR), pg);
	KT_EXPECT_EQ(t, ((u8 *)page_address(pg))[0], 0x55); /* unchanged */
	put_page(pg);
}

/* mprotect read-only then read-write on a COW range: the PTEs stay
 * read-only, so the next write still goes through COW. */
static void mprotect_round_trip_still_cows(struct ktest *t)
{
	write_then_fork(t, 0x77);
	kthread_use_mm(child);
	KT_ASSERT_EQ(t, do_mprotect(child, TEST_ADDR, PAGE_SIZE, PROT_READ), 0);
	KT_ASSERT_EQ(t, do_mprotect(child, TEST_ADDR, PAGE_SIZE, RW), 0);
	KT_EXPECT_FALSE(t, pte_of(child, TEST_ADDR) & _PAGE_RW);
	KT_ASSERT_EQ(t, poke(child, TEST_ADDR, 0x78), 0);
	KT_EXPECT_EQ(t, child->stats.events[MM_COW_COPY], 1);
	KT_EXPECT_EQ(t, peek(parent, TEST_ADDR), 0x77);
}

/* The kernel writing into a COW page (read() into a buffer) breaks COW
 * for the process it writes for, and only for it. */
static void copy_to_user_breaks_cow_for_one_side(struct ktest *t)
{
	static const u8 msg[4] = { 1, 2, 3, 4 };

	write_then_fork(t, 0x99);
	kthread_use_mm(child);
	KT_ASSERT_EQ(t, copy_to_user((void *)TEST_ADDR, msg, 4), 0);
	KT_EXPECT_EQ(t, child->stats.events[MM_COW_COPY], 1);
	KT_EXPECT_EQ(t, peek(child, TEST_ADDR + 3), 4);
	KT_EXPECT_EQ(t, peek(parent, TEST_ADDR), 0x99);
	KT_EXPECT_EQ(t, peek(parent, TEST_ADDR + 3), 0);
}

/* A shared mapping stays shared and writable across fork, including a
 * page nobody had touched before the fork. */
static void shared_mapping_stays_shared(struct ktest *t)
{
	map_anon(parent, TEST_ADDR, 2, RW, SHARED_ANON);
	KT_ASSERT_EQ(t, poke(parent, TEST_ADDR, 0xa1), 0);
	child = dup_mm(parent);
	KT_ASSERT_NOT_NULL(t, child);
	KT_EXPECT_TRUE(t, pte_of(child, TEST_ADDR) & _PAGE_RW);
	KT_ASSERT_EQ(t, poke(child, TEST_ADDR, 0xa2), 0);
	KT_EXPECT_EQ(t, peek(parent, TEST_ADDR), 0xa2);
	/* second page: first touched after the fork, by the child */
	KT_ASSERT_EQ(t, poke(child, TEST_ADDR + PAGE_SIZE, 0xb1), 0);
	KT_EXPECT_EQ(t, peek(parent, TEST_ADDR + PAGE_SIZE), 0xb1);
	KT_EXPECT_EQ(t, child->stats.events[MM_COW_COPY], 0);
}

/* A zero page shared by fork: a write copies (never writes the zero
 * page), and the other side still reads zeros. */
static void zero_page_write_after_fork_copies(struct ktest *t)
{
	u8 v;

	map_anon(parent, TEST_ADDR, 1, RW, PRIV_ANON);
	uread(TEST_ADDR, &v);
	child = dup_mm(parent);
	KT_ASSERT_NOT_NULL(t, child);
	KT_ASSERT_EQ(t, poke(child, TEST_ADDR, 0xc1), 0);
	KT_EXPECT_EQ(t, peek(parent, TEST_ADDR), 0);
	KT_EXPECT_EQ(t, ((u8 *)page_address(zero_page()))[0], 0);
}

/* Many rounds of fork/write/exit leave no page or table behind (the
 * suite's leak check), and each side always sees only its own data. */
static void fork_rounds_keep_data_apart(struct ktest *t)
{
	map_anon(parent, TEST_ADDR, 8, RW, PRIV_ANON);
	for (int i = 0; i < 8; i++)
		poke(parent, TEST_ADDR + i * PAGE_SIZE, (u8)i);
	for (int round = 0; round < 10; round++) {
		child = dup_mm(parent);
		KT_ASSERT_NOT_NULL(t, child);
		unsigned long a = TEST_ADDR + (ktest_rand(t) % 8) * PAGE_SIZE;
		poke(child, a, 0xf0 + round);
		KT_EXPECT_EQ(t, peek(parent, a), (a - TEST_ADDR) / PAGE_SIZE);
		KT_EXPECT_EQ(t, peek(child, a), 0xf0 + round);
		kthread_use_mm(parent);
		mmput(child);
		child = NULL;
	}
}

static const struct ktest_case cow_cases[] = {
	KTEST_CASE(fork_write_protects_both_ptes),
	KTEST_CASE(child_write_copies_parent_write_reuses),
	KTEST_CASE(extra_reference_forces_copy),
	KTEST_CASE(mprotect_round_trip_still_cows),
	KTEST_CASE(copy_to_user_breaks_cow_for_one_side),
	KTEST_CASE(shared_mapping_stays_shared),
	KTEST_CASE(zero_page_write_after_fork_copies),
	KTEST_CASE(fork_rounds_keep_data_apart),
	{}
};
static const struct ktest_suite cow_suite = {
	.name = "cow",
	.cases = cow_cases,
	.init = cow_init,
	.exit = cow_exit,
};
KTEST_SUITE(cow_suite, 3);
