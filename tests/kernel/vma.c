/*
 * vma.c - address-space bookkeeping: mmap/munmap/mprotect/brk/stack keep
 * the VMA list sorted and disjoint, split and merge as Linux does, and
 * refuse bad requests with Linux's error codes.
 */
#include "kernel/errno.h"
#include "tests/kernel/mm_test.h"

static struct mm_struct *mm;

static void vma_init(struct ktest *t)
{
	mm = test_mm_start(t);
}

static void vma_exit(struct ktest *t)
{
	(void)t;
	test_mm_end(mm);
}

/* [start, end) of the n-th VMA, for compact checks. */
static struct vm_area_struct *nth(int n)
{
	struct vm_area_struct *v;

	list_for_each_entry(v, &mm->mmap, vm_list)
		if (!n--)
			return v;
	return NULL;
}

#define EXPECT_VMA(t, n, s, e)                                     \
	do {                                                       \
		struct vm_area_struct *__v = nth(n);               \
		KT_ASSERT_NOT_NULL(t, __v);                        \
		KT_EXPECT_EQ(t, __v->vm_start, (s));               \
		KT_EXPECT_EQ(t, __v->vm_end, (e));                 \
	} while (0)

/* Every row of Linux's x86-64 protection_map, bit for bit. */
static void vm_get_page_prot_matches_protection_map(struct ktest *t)
{
	const u64 P = _PAGE_PRESENT, U = _PAGE_USER, A = _PAGE_ACCESSED,
		  W = _PAGE_RW, NX = _PAGE_NX;
	static const struct {
		unsigned long flags;
		u64 bits;
	} rows[] = {
		{ VM_READ, P | U | A | NX },
		{ VM_WRITE, P | U | A | NX },
		{ VM_READ | VM_WRITE, P | U | A | NX },
		{ VM_EXEC, P | U | A },
		{ VM_READ | VM_EXEC, P | U | A },
		{ VM_WRITE | VM_EXEC, P | U | A },
		{ VM_READ | VM_WRITE | VM_EXEC, P | U | A },
		{ VM_SHARED | VM_READ, P | U | A | NX },
		{ VM_SHARED | VM_WRITE, P | W | U | A | NX },
		{ VM_SHARED | VM_READ | VM_WRITE, P | W | U | A | NX },
		{ VM_SHARED | VM_EXEC, P | U | A },
		{ VM_SHARED | VM_READ | VM_EXEC, P | U | A },
		{ VM_SHARED | VM_WRITE | VM_EXEC, P | W | U | A },
		{ VM_SHARED | VM_READ | VM_WRITE | VM_EXEC, P | W | U | A },
	};

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		KT_EXPECT_EQ(t, pgprot_val(vm_get_page_prot(rows[i].flags)),
			     rows[i].bits);
	/* No access: never present (Linux's PROT_NONE marker only). */
	KT_EXPECT_FALSE(t, pgprot_val(vm_get_page_prot(VM_NONE)) &
				   _PAGE_PRESENT);
	KT_EXPECT_FALSE(t, pgprot_val(vm_get_page_prot(VM_SHARED)) &
				   _PAGE_PRESENT);
}

/* A private RW mapping gets the VM_MAY* ceilings and a read-only
 * vm_page_prot: is_cow_mapping, the root of copy-on-write. */
static void private_writable_mapping_is_cow(struct ktest *t)
{
	unsigned long a = map_anon(mm, TEST_ADDR, 2, RW, PRIV_ANON);

	KT_ASSERT_EQ(t, a, TEST_ADDR);
	struct vm_area_struct *v = find_vma(mm, a);
	KT_ASSERT_NOT_NULL(t, v);
	KT_EXPECT_EQ(t, v->vm_flags, VM_READ | VM_WRITE | VM_MAYREAD |
					     VM_MAYWRITE | VM_MAYEXEC);
	KT_EXPECT_TRUE(t, is_cow_mapping(v->vm_flags));
	KT_EXPECT_FALSE(t, pgprot_val(v->vm_page_prot) & _PAGE_RW);
	/* read-only but may become writable: still a COW mapping */
	KT_EXPECT_TRUE(t, is_cow_mapping(VM_READ | VM_MAYWRITE));
	KT_EXPECT_FALSE(t, is_cow_mapping(VM_READ | VM_WRITE | VM_SHARED |
					  VM_MAYWRITE));
}

/* Bad requests fail with Linux's error codes and change nothing. */
static void mmap_rejects_bad_requests(struct ktest *t)
{
	KT_EXPECT_EQ(t, (long)do_mmap(mm, 0, 0, RW, PRIV_ANON), -EINVAL);
	KT_EXPECT_EQ(t, (long)do_mmap(mm, TEST_ADDR + 1, PAGE_SIZE, RW,
				      PRIV_ANON | MAP_FIXED), -EINVAL);
	KT_EXPECT_EQ(t, (long)do_mmap(mm, 0, PAGE_SIZE, RW, MAP_ANONYMOUS),
		     -EINVAL);
	KT_EXPECT_EQ(t, (long)do_mmap(mm, 0, PAGE_SIZE, RW, MAP_PRIVATE),
		     -ENODEV);
	KT_EXPECT_EQ(t, (long)do_mmap(mm, 0, PAGE_SIZE, 0x10, PRIV_ANON),
		     -EINVAL);
	KT_EXPECT_EQ(t, (long)do_mmap(mm, 0x1000, PAGE_SIZE, RW,
				      PRIV_ANON | MAP_FIXED), -EPERM);
	KT_EXPECT_EQ(t, (long)do_mmap(mm, TASK_SIZE - PAGE_SIZE,
				      2 * PAGE_SIZE, RW, PRIV_ANON | MAP_FIXED),
		     -ENOMEM);
	KT_EXPECT_EQ(t, (long)do_mmap(mm, 0, ~0UL - 100, RW, PRIV_ANON),
		     -ENOMEM);
	KT_EXPECT_EQ(t, mm->map_count, 0);
	map_anon(mm, TEST_ADDR, 1, RW, PRIV_ANON);
	KT_EXPECT_EQ(t, (long)do_mmap(mm, TEST_ADDR, PAGE_SIZE, RW,
				      PRIV_ANON | MAP_FIXED_NOREPLACE),
		     -EEXIST);
}

/* Kernel-chosen addresses: top-down below MMAP_BASE; a free hint wins. */
static void mmap_chooses_addresses_top_down(struct ktest *t)
{
	unsigned long a = do_mmap(mm, 0, PAGE_SIZE, RW, PRIV_ANON);
	unsigned long b = do_mmap(mm, 0, PAGE_SIZE, PROT_READ, PRIV_ANON);

	KT_EXPECT_EQ(t, a, MMAP_BASE - PAGE_SIZE);
	KT_EXPECT_EQ(t, b, MMAP_BASE - 2 * PAGE_SIZE);
	KT_EXPECT_EQ(t, do_mmap(mm, TEST_ADDR, PAGE_SIZE, RW, PRIV_ANON),
		     TEST_ADDR);
	/* a taken hint is not an error: another address is chosen */
	unsigned long c = do_mmap(mm, TEST_ADDR, PAGE_SIZE, RW, PRIV_ANON);
	KT_EXPECT_NE(t, c, TEST_ADDR);
	KT_EXPECT_FALSE(t, IS_ERR_VALUE(c));
}

/* Adjacent mappings with identical flags merge into one VMA. */
static void adjacent_mappings_merge(struct ktest *t)
{
	map_anon(mm, TEST_ADDR, 2, RW, PRIV_ANON);
	map_anon(mm, TEST_ADDR + 2 * PAGE_SIZE, 2, RW, PRIV_ANON);
	map_anon(mm, TEST_ADDR + 4 * PAGE_SIZE, 1, PROT_READ, PRIV_ANON);
	KT_EXPECT_EQ(t, mm->map_count, 2);
	EXPECT_VMA(t, 0, TEST_ADDR, TEST_ADDR + 4 * PAGE_SIZE);
	EXPECT_VMA(t, 1, TEST_ADDR + 4 * PAGE_SIZE, TEST_ADDR + 5 * PAGE_SIZE);
}

/* munmap splits at both edges, removes the middle, and is fine on holes. */
static void munmap_splits_and_removes(struct ktest *t)
{
	const unsigned long A = TEST_ADDR, P = PAGE_SIZE;

	map_anon(mm, A, 8, RW, PRIV_ANON);
	KT_EXPECT_EQ(t, do_munmap(mm, A + 2 * P, 2 * P), 0); /* middle */
	EXPECT_VMA(t, 0, A, A + 2 * P);
	EXPECT_VMA(t, 1, A + 4 * P, A + 8 * P);
	KT_EXPECT_EQ(t, do_munmap(mm, A, P), 0); /* at the very start */
	EXPECT_VMA(t, 0, A + P, A + 2 * P);
	KT_EXPECT_EQ(t, do_munmap(mm, A + 7 * P, P), 0); /* at the end */
	EXPECT_VMA(t, 1, A + 4 * P, A + 7 * P);
	/* across a hole, covering both remaining VMAs */
	KT_EXPECT_EQ(t, do_munmap(mm, A, 16 * P), 0);
	KT_EXPECT_EQ(t, mm->map_count, 0);
	KT_EXPECT_EQ(t, do_munmap(mm, A, P), 0); /* nothing there: fine */
	KT_EXPECT_EQ(t, do_munmap(mm, A + 1, P), -EINVAL);
	KT_EXPECT_EQ(t, do_munmap(mm, A, 0), -EINVAL);
	KT_EXPECT_EQ(t, do_munmap(mm, TASK_SIZE - P, 2 * P), -EINVAL);
}

/* mprotect of a middle page splits in three; restoring merges back. */
static void mprotect_splits_then_merges(struct ktest *t)
{
	const unsigned long A = TEST_ADDR, P = PAGE_SIZE;

	map_anon(mm, A, 4, RW, PRIV_ANON);
	KT_EXPECT_EQ(t, do_mprotect(mm, A + P, P, PROT_READ), 0);
	KT_EXPECT_EQ(t, mm->map_count, 3);
	EXPECT_VMA(t, 1, A + P, A + 2 * P);
	KT_EXPECT_EQ(t, nth(1)->vm_flags & VM_ACCESS_FLAGS, VM_READ);
	KT_EXPECT_EQ(t, do_mprotect(mm, A + P, P, RW), 0);
	KT_EXPECT_EQ(t, mm->map_count, 1);
	EXPECT_VMA(t, 0, A, A + 4 * P);
}

/* mprotect: holes give ENOMEM, unaligned EINVAL, len 0 is a no-op, and
 * raising above a VM_MAY* ceiling gives EACCES. */
static void mprotect_refuses_holes_and_ceilings(struct ktest *t)
{
	const unsigned long A = TEST_ADDR, P = PAGE_SIZE;

	map_anon(mm, A, 1, RW, PRIV_ANON);
	map_anon(mm, A + 2 * P, 1, RW, PRIV_ANON);
	KT_EXPECT_EQ(t, do_mprotect(mm, A, 3 * P, PROT_READ), -ENOMEM);
	KT_EXPECT_EQ(t, nth(0)->vm_flags & VM_ACCESS_FLAGS,
		     VM_READ | VM_WRITE); /* nothing changed */
	KT_EXPECT_EQ(t, do_mprotect(mm, A + 1, P, PROT_READ), -EINVAL);
	KT_EXPECT_EQ(t, do_mprotect(mm, A, 0, PROT_READ), 0);
	mutex_lock(&mm->mmap_lock);
	mmap_region(mm, A + 4 * P, P, VM_READ | VM_MAYREAD, NULL);
	mutex_unlock(&mm->mmap_lock);
	KT_EXPECT_EQ(t, do_mprotect(mm, A + 4 * P, P, RW), -EACCES);
	KT_EXPECT_EQ(t, do_mprotect(mm, A + 4 * P, P, PROT_READ), 0);
}

/* brk grows into a "[heap]" VMA, shrinks it, and never moves below its
 * start or into the next mapping. */
static void brk_grows_and_shrinks(struct ktest *t)
{
	const unsigned long B = TEST_ADDR, P = PAGE_SIZE;

	mm->start_brk = mm->brk = B;
	KT_EXPECT_EQ(t, do_brk(mm, B + 3 * P + 5), B + 3 * P + 5);
	EXPECT_VMA(t, 0, B, B + 4 * P);
	KT_EXPECT_STREQ(t, nth(0)->vm_name, "[heap]");
	KT_EXPECT_EQ(t, do_brk(mm, B + P), B + P);
	EXPECT_VMA(t, 0, B, B + P);
	KT_EXPECT_EQ(t, do_brk(mm, B - P), B + P); /* below start: refused */
	map_anon(mm, B + 8 * P, 1, RW, PRIV_ANON);
	KT_EXPECT_EQ(t, do_brk(mm, B + 9 * P), B + P); /* would overlap */
	KT_EXPECT_EQ(t, do_brk(mm, B), B);
	KT_EXPECT_EQ(t, mm->map_count, 1);
}

/* A VM_GROWSDOWN stack grows on a fault below it, but not into the
 * guard gap above the next mapping down. */
static void stack_grows_down_to_guard_gap(struct ktest *t)
{
	const unsigned long top = 0x7ffff0000000UL, P = PAGE_SIZE;

	unsigned long s = do_mmap(mm, top - P, P, RW,
				  PRIV_ANON | MAP_FIXED | MAP_GROWSDOWN);
	KT_ASSERT_EQ(t, s, top - P);
	KT_EXPECT_EQ(t, uwrite(top - 5 * P, 1), 0);
	EXPECT_VMA(t, 0, top - 5 * P, top);
	/* a mapping just below: growth stops STACK_GUARD_GAP above it */
	unsigned long below = top - 5 * P - STACK_GUARD_GAP - 2 * P;
	map_anon(mm, below, 1, RW, PRIV_ANON);
	KT_EXPECT_EQ(t, uwrite(below + P + STACK_GUARD_GAP - P, 1), -EFAULT);
	KT_EXPECT_EQ(t, last_fault_report()->result, FAULT_MAPERR);
	KT_EXPECT_EQ(t, uwrite(below + P + STACK_GUARD_GAP, 1), 0);
}

static const struct ktest_case vma_cases[] = {
	KTEST_CASE(vm_get_page_prot_matches_protection_map),
	KTEST_CASE(private_writable_mapping_is_cow),
	KTEST_CASE(mmap_rejects_bad_requests),
	KTEST_CASE(mmap_chooses_addresses_top_down),
	KTEST_CASE(adjacent_mappings_merge),
	KTEST_CASE(munmap_splits_and_removes),
	KTEST_CASE(mprotect_splits_then_merges),
	KTEST_CASE(mprotect_refuses_holes_and_ceilings),
	KTEST_CASE(brk_grows_and_shrinks),
	KTEST_CASE(stack_grows_down_to_guard_gap),
	{}
};
static const struct ktest_suite vma_suite = {
	.name = "vma",
	.cases = vma_cases,
	.init = vma_init,
	.exit = vma_exit,
};
KTEST_SUITE(vma_suite, 3);
