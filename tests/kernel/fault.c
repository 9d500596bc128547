/*
 * fault.c - the page-fault path: demand zero, the PTE bits every
 * protection_map row produces, and refusals with the right reason.
 */
#include "kernel/errno.h"
#include "mm/uaccess.h"
#include "tests/kernel/mm_test.h"

static struct mm_struct *mm;

static void fault_init(struct ktest *t)
{
	mm = test_mm_start(t);
}

static void fault_exit(struct ktest *t)
{
	(void)t;
	test_mm_end(mm);
}

#define P _PAGE_PRESENT
#define U _PAGE_USER
#define A _PAGE_ACCESSED
#define D _PAGE_DIRTY
#define W _PAGE_RW
#define NX _PAGE_NX
#define FLAG_BITS (~PTE_PFN_MASK)

/* Demand zero: a mapped page has no PTE until touched. */
static void untouched_page_has_no_pte(struct ktest *t)
{
	map_anon(mm, TEST_ADDR, 4, RW, PRIV_ANON);
	for (int i = 0; i < 4; i++)
		KT_EXPECT_EQ(t, pte_of(mm, TEST_ADDR + i * PAGE_SIZE), 0);
	KT_EXPECT_EQ(t, mm->stats.anon_rss, 0);
}

/* A read maps the shared zero page, read-only, costing no memory. */
static void read_maps_zero_page_readonly(struct ktest *t)
{
	u8 v = 0xff;

	map_anon(mm, TEST_ADDR, 1, RW, PRIV_ANON);
	long free0 = nr_free_frames(); /* the VMA is allocated by now */
	KT_ASSERT_EQ(t, uread(TEST_ADDR, &v), 0);
	KT_EXPECT_EQ(t, v, 0);
	u64 pte = pte_of(mm, TEST_ADDR);
	KT_EXPECT_TRUE(t, is_zero_pfn(pte_pfn(__pte(pte))));
	KT_EXPECT_EQ(t, pte & FLAG_BITS, P | U | A | NX);
	KT_EXPECT_EQ(t, mm->stats.events[MM_ZERO_PAGE], 1);
	/* only the 3 page tables under the PGD, no data page */
	KT_EXPECT_EQ(t, free0 - (long)nr_free_frames(), 3);
}

/* A write gets a zeroed page of its own, writable and dirty at once,
 * mapped once and referenced once. */
static void write_gives_private_zeroed_page(struct ktest *t)
{
	u8 v = 0xff;

	map_anon(mm, TEST_ADDR, 1, RW, PRIV_ANON);
	KT_ASSERT_EQ(t, uwrite(TEST_ADDR + 10, 0x5a), 0);
	u64 pte = pte_of(mm, TEST_ADDR);
	KT_EXPECT_EQ(t, pte & FLAG_BITS, P | W | U | A | D | NX);
	struct page *pg = page_of(mm, TEST_ADDR);
	KT_EXPECT_EQ(t, page_count(pg), 1);
	KT_EXPECT_EQ(t, page_mapcount(pg), 1);
	KT_EXPECT_TRUE(t, PageAnon(pg));
	KT_EXPECT_EQ(t, uread(TEST_ADDR, &v), 0);
	KT_EXPECT_EQ(t, v, 0); /* the rest of the page is zero */
	KT_EXPECT_EQ(t, mm->stats.anon_rss, 1);
}

/* Writing where the zero page is mapped replaces it with a new page. */
static void write_after_read_replaces_zero_page(struct ktest *t)
{
	u8 v;

	map_anon(mm, TEST_ADDR, 1, RW, PRIV_ANON);
	uread(TEST_ADDR, &v);
	KT_ASSERT_EQ(t, uwrite(TEST_ADDR, 7), 0);
	u64 pte = pte_of(mm, TEST_ADDR);
	KT_EXPECT_FALSE(t, is_zero_pfn(pte_pfn(__pte(pte))));
	KT_EXPECT_EQ(t, pte & FLAG_BITS, P | W | U | A | D | NX);
	KT_EXPECT_EQ(t, mm->stats.events[MM_COW_COPY], 1);
	KT_EXPECT_EQ(t, uread(TEST_ADDR, &v), 0);
	KT_EXPECT_EQ(t, v, 7);
}

/*
 * Every protection_map row, faulted for real: map one page with the
 * prot, then read, write and fetch as the prot allows, and check the PTE
 * bits exactly; the accesses the prot forbids are refused as ACCERR.
 */
static void each_protection_produces_exact_pte(struct ktest *t)
{
	static const struct {
		unsigned long prot, flags;
		u64 after_read, after_write; /* 0: write refused */
	} rows[] = {
		{ PROT_READ, PRIV_ANON, P | U | A | NX, 0 },
		{ RW, PRIV_ANON, P | U | A | NX, P | W | U | A | D | NX },
		{ PROT_READ | PROT_EXEC, PRIV_ANON, P | U | A, 0 },
		{ RW | PROT_EXEC, PRIV_ANON, P | U | A, P | W | U | A | D },
		{ PROT_READ, SHARED_ANON, P | U | A | NX, 0 },
		{ RW, SHARED_ANON, P | W | U | A | NX, P | W | U | A | D | NX },
		{ RW | PROT_EXEC, SHARED_ANON, P | W | U | A, P | W | U | A | D },
	};

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		unsigned long a = TEST_ADDR + i * 2 * PAGE_SIZE;
		u8 v;
		map_anon(mm, a, 1, rows[i].prot, rows[i].flags);
		KT_EXPECT_EQ(t, uread(a, &v), 0);
		KT_EXPECT_EQ(t, pte_of(mm, a) & FLAG_BITS, rows[i].after_read);
		int w = uwrite(a, 1);
		if (rows[i].after_write) {
			KT_EXPECT_EQ(t, w, 0);
			KT_EXPECT_EQ(t, pte_of(mm, a) & FLAG_BITS,
				     rows[i].after_write);
		} else {
			KT_EXPECT_EQ(t, w, -EFAULT);
			KT_EXPECT_EQ(t, last_fault_report()->result,
				     FAULT_ACCERR);
		}
		/* Whether a fetch faults at all is the PTE's NX bit; a fetch
		 * that did fault on a present page is always refused. */
		enum fault_result r = simulate_fault(
			a, X86_PF_PROT | X86_PF_INSTR | X86_PF_USER);
		KT_EXPECT_EQ(t, r, FAULT_ACCERR);
		bool nx = pte_of(mm, a) & NX;
		KT_EXPECT_EQ(t, nx, !(rows[i].prot & PROT_EXEC));
	}
}

/* PROT_NONE: nothing is ever mapped; every access is refused. */
static void prot_none_refuses_everything(struct ktest *t)
{
	u8 v;

	map_anon(mm, TEST_ADDR, 1, PROT_NONE, PRIV_ANON);
	KT_EXPECT_EQ(t, uread(TEST_ADDR, &v), -EFAULT);
	KT_EXPECT_EQ(t, last_fault_report()->result, FAULT_ACCERR);
	KT_EXPECT_EQ(t, uwrite(TEST_ADDR, 1), -EFAULT);
	KT_EXPECT_EQ(t, pte_of(mm, TEST_ADDR), 0);
}

/* mprotect(PROT_NONE) on a page in use keeps its data (a PROT_NONE PTE,
 * not a swap entry), refuses access, and gives it back on PROT_READ. */
static void prot_none_keeps_data_until_restored(struct ktest *t)
{
	u8 v = 0;

	map_anon(mm, TEST_ADDR, 1, RW, PRIV_ANON);
	KT_ASSERT_EQ(t, uwrite(TEST_ADDR, 0x3c), 0);
	KT_ASSERT_EQ(t, do_mprotect(mm, TEST_ADDR, PAGE_SIZE, PROT_NONE), 0);
	u64 pte = pte_of(mm, TEST_ADDR);
	KT_EXPECT_FALSE(t, pte & _PAGE_PRESENT);
	KT_EXPECT_TRUE(t, pte_present(__pte(pte)));
	KT_EXPECT_EQ(t, uread(TEST_ADDR, &v), -EFAULT);
	KT_EXPECT_EQ(t, last_fault_report()->result, FAULT_ACCERR);
	KT_ASSERT_EQ(t, do_mprotect(mm, TEST_ADDR, PAGE_SIZE, PROT_READ), 0);
	KT_EXPECT_EQ(t, uread(TEST_ADDR, &v), 0);
	KT_EXPECT_EQ(t, v, 0x3c);
	KT_EXPECT_EQ(t, pte_of(mm, TEST_ADDR) & FLAG_BITS, P | U | A | D | NX);
}

/* No VMA: MAPERR. A kernel address through the user helpers: EFAULT
 * without any fault (access_ok refuses it first). */
static void unmapped_and_kernel_addresses_fail(struct ktest *t)
{
	u8 buf[8] = { 0 };
	u8 v;

	KT_EXPECT_EQ(t, uread(TEST_ADDR, &v), -EFAULT);
	KT_EXPECT_EQ(t, last_fault_report()->result, FAULT_MAPERR);
	KT_EXPECT_EQ(t, copy_from_user(buf, (void *)TEST_ADDR, 8), 8);
	KT_EXPECT_EQ(t, copy_to_user((void *)0xffff888000000000UL, buf, 8),
		     8);
	KT_EXPECT_EQ(t, copy_from_user(buf, (void *)(TASK_SIZE - 4), 8), 8);
	KT_EXPECT_EQ(t, clear_user((void *)0xffffffff80100000UL, 8), 8);
	char s[8];
	KT_EXPECT_EQ(t, strncpy_from_user(s, (void *)TEST_ADDR, 8), -EFAULT);
}

/* A copy that runs off the end of a mapping copies what it can and
 * reports the rest as not copied. */
static void partial_copy_reports_remainder(struct ktest *t)
{
	static u8 buf[64];

	map_anon(mm, TEST_ADDR, 1, RW, PRIV_ANON);
	unsigned long end = TEST_ADDR + PAGE_SIZE;
	KT_EXPECT_EQ(t, copy_to_user((void *)(end - 16), buf, 64), 48);
	KT_EXPECT_EQ(t, copy_from_user(buf, (void *)(end - 16), 16), 0);
	KT_EXPECT_EQ(t, strncpy_from_user((char *)buf, (void *)(end - 16),
					  sizeof(buf)), 0);
}

/* mprotect rewrites present PTEs from the new vm_page_prot, keeping the
 * frame and the accessed/dirty bits but no old permission. */
static void mprotect_rebuilds_present_ptes(struct ktest *t)
{
	map_anon(mm, TEST_ADDR, 1, RW, PRIV_ANON);
	uwrite(TEST_ADDR, 1);
	u64 before = pte_of(mm, TEST_ADDR);
	KT_ASSERT_EQ(t, do_mprotect(mm, TEST_ADDR, PAGE_SIZE, PROT_READ), 0);
	u64 after = pte_of(mm, TEST_ADDR);
	KT_EXPECT_EQ(t, after & PTE_PFN_MASK, before & PTE_PFN_MASK);
	KT_EXPECT_EQ(t, after & FLAG_BITS, P | U | A | D | NX);
	KT_EXPECT_EQ(t, uwrite(TEST_ADDR, 2), -EFAULT);
	/* back to RW: still read-only in the PTE (private: COW decides) */
	KT_ASSERT_EQ(t, do_mprotect(mm, TEST_ADDR, PAGE_SIZE, RW), 0);
	KT_EXPECT_EQ(t, pte_of(mm, TEST_ADDR) & FLAG_BITS, P | U | A | D | NX);
	KT_EXPECT_EQ(t, uwrite(TEST_ADDR, 3), 0); /* reused, no copy */
	KT_EXPECT_EQ(t, mm->stats.events[MM_COW_REUSE], 1);
	KT_EXPECT_EQ(t, mm->stats.events[MM_COW_COPY], 0);
}

/* munmap gives back the pages and the page tables it emptied. */
static void munmap_frees_pages_and_tables(struct ktest *t)
{
	unsigned long a = 0x40000000UL; /* a fresh 1 GiB region */

	map_anon(mm, a, 16, RW, PRIV_ANON);
	long free0 = nr_free_frames(); /* the VMA is allocated by now */
	for (int i = 0; i < 16; i++)
		uwrite(a + i * PAGE_SIZE, 1);
	/* 16 pages + 3 tables, and maybe a slab page for their 16
	 * reverse-map entries */
	KT_EXPECT_GE(t, free0 - (long)nr_free_frames(), 16 + 3);
	KT_EXPECT_LE(t, free0 - (long)nr_free_frames(), 16 + 3 + 1);
	KT_EXPECT_EQ(t, mm->stats.anon_rss, 16);
	KT_ASSERT_EQ(t, do_munmap(mm, a, 16 * PAGE_SIZE), 0);
	/* pages and tables back (and maybe the VMA's slab page too) */
	KT_EXPECT_GE(t, (long)nr_free_frames(), free0);
	KT_EXPECT_EQ(t, pte_lookup(mm->pgd, a), NULL);
}

static const struct ktest_case fault_cases[] = {
	KTEST_CASE(untouched_page_has_no_pte),
	KTEST_CASE(read_maps_zero_page_readonly),
	KTEST_CASE(write_gives_private_zeroed_page),
	KTEST_CASE(write_after_read_replaces_zero_page),
	KTEST_CASE(each_protection_produces_exact_pte),
	KTEST_CASE(prot_none_refuses_everything),
	KTEST_CASE(prot_none_keeps_data_until_restored),
	KTEST_CASE(unmapped_and_kernel_addresses_fail),
	KTEST_CASE(partial_copy_reports_remainder),
	KTEST_CASE(mprotect_rebuilds_present_ptes),
	KTEST_CASE(munmap_frees_pages_and_tables),
	{}
};
static const struct ktest_suite fault_suite = {
	.name = "fault",
	.cases = fault_cases,
	.init = fault_init,
	.exit = fault_exit,
};
KTEST_SUITE(fault_suite, 3);
