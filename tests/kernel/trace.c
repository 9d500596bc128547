/*
 * trace.c - the explain trace's words: category parsing and the PTE and
 * VMA decoders (the same words the GDB helpers print).
 */
#include "kernel/ktest.h"
#include "kernel/trace.h"
#include "mm/swapops.h"
#include "mm/vma.h"

static char buf[128];

/* trace= accepts any subset, all and none, and refuses unknown words. */
static void trace_words_parse(struct ktest *t)
{
	KT_EXPECT_EQ(t, trace_parse("fault,swap"), TRACE_FAULT | TRACE_SWAP);
	KT_EXPECT_EQ(t, trace_parse("all"), TRACE_ALL);
	KT_EXPECT_EQ(t, trace_parse("none"), 0);
	KT_EXPECT_EQ(t, trace_parse("cow,reclaim,fork"),
		     TRACE_COW | TRACE_RECLAIM | TRACE_FORK);
	KT_EXPECT_EQ(t, trace_parse("fault,swapin"), -1);
}

/* A present user PTE decodes bit by bit. */
static void present_pte_decodes(struct ktest *t)
{
	pte_describe(0x8000000001234067UL, buf, sizeof(buf));
	KT_EXPECT_STREQ(t, buf, "pfn 0x1234 P RW US A D NX");
	pte_describe(0x0000000000042025UL, buf, sizeof(buf));
	KT_EXPECT_STREQ(t, buf, "pfn 0x42 P US A");
	pte_describe(0, buf, sizeof(buf));
	KT_EXPECT_STREQ(t, buf, "none");
}

/* A swap PTE decodes to its entry, with the exclusive bit; a PROT_NONE
 * page is not mistaken for one. */
static void swap_and_protnone_ptes_decode(struct ktest *t)
{
	pte_t p = pte_swp_mkexclusive(swp_entry_to_pte(swp_entry(0, 0x2a)));

	pte_describe(pte_val(p), buf, sizeof(buf));
	KT_EXPECT_STREQ(t, buf, "swap entry type 0 offset 0x2a exclusive");
	pte_describe(pte_val(swp_entry_to_pte(swp_entry(1, 7))), buf,
		     sizeof(buf));
	KT_EXPECT_STREQ(t, buf, "swap entry type 1 offset 0x7");
	pte_describe(0x8000000000055120UL, buf, sizeof(buf));
	KT_EXPECT_STREQ(t, buf, "pfn 0x55 PROT_NONE A G NX");
}

/* The swap PTE layout: type in 59-63, offset inverted in 9-58, and the
 * encoding round-trips for the largest offset. */
static void swap_pte_layout_is_linux(struct ktest *t)
{
	pte_t p = swp_entry_to_pte(swp_entry(3, 1));

	KT_EXPECT_EQ(t, pte_val(p) >> 59, 3);
	KT_EXPECT_EQ(t, (pte_val(p) >> 9) & 1, 0); /* offset 1, inverted */
	KT_EXPECT_EQ(t, (pte_val(p) >> 10) & 1, 1);
	KT_EXPECT_EQ(t, pte_val(p) & 0x1ff, 0); /* bits 0-8 clear */
	KT_EXPECT_FALSE(t, pte_present(p));
	KT_EXPECT_FALSE(t, pte_none(swp_entry_to_pte(swp_entry(0, 0))));
	swp_entry_t big = swp_entry(31, (1UL << 50) - 1);
	KT_EXPECT_EQ(t, pte_to_swp_entry(swp_entry_to_pte(big)).val, big.val);
}

/* VMA flags decode like /proc/pid/maps plus Linux's names. */
static void vm_flags_decode(struct ktest *t)
{
	vm_flags_describe(VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE, buf,
			  sizeof(buf));
	KT_EXPECT_STREQ(t, buf, "rw-p (VM_READ|VM_WRITE|VM_MAYREAD|"
				"VM_MAYWRITE)");
	pgprot_describe(pgprot_val(vm_get_page_prot(VM_READ | VM_WRITE)), buf,
			sizeof(buf));
	KT_EXPECT_STREQ(t, buf, "P US A NX");
}

static const struct ktest_case trace_cases[] = {
	KTEST_CASE(trace_words_parse),
	KTEST_CASE(present_pte_decodes),
	KTEST_CASE(swap_and_protnone_ptes_decode),
	KTEST_CASE(swap_pte_layout_is_linux),
	KTEST_CASE(vm_flags_decode),
	{}
};
static const struct ktest_suite trace_suite = {
	.name = "trace",
	.cases = trace_cases,
};
KTEST_SUITE(trace_suite, 7);
