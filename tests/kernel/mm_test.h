/*
 * mm_test.h - helpers for tests that drive a test address space from the
 * kernel: create one, load it, touch its memory the way the CPU would,
 * and read back its PTEs and pages.
 */
#ifndef TESTS_KERNEL_MM_TEST_H
#define TESTS_KERNEL_MM_TEST_H

#include "kernel/extable.h"
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/traps.h"
#include "mm/fault.h"
#include "mm/fork.h"
#include "mm/memory.h"
#include "mm/mmap.h"

#define RW (PROT_READ | PROT_WRITE)
#define PRIV_ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define SHARED_ANON (MAP_SHARED | MAP_ANONYMOUS)
#define TEST_ADDR 0x10000000UL

/* A fresh address space, loaded in CR3. */
static inline struct mm_struct *test_mm_start(struct ktest *t)
{
	struct mm_struct *mm = mm_alloc();

	KT_ASSERT_NOT_NULL(t, mm);
	kthread_use_mm(mm);
	return mm;
}

/* Unload and free it (everything it mapped goes back). */
static inline void test_mm_end(struct mm_struct *mm)
{
	kthread_use_mm(NULL);
	mmput(mm);
}

/* Read / write one user byte as the kernel's user-access code would:
 * faults are resolved by do_page_fault(); 0 or -EFAULT. */
static inline int uread(unsigned long addr, u8 *v)
{
	user_access_begin();
	int r = probe_read_u8((const void *)addr, v);
	user_access_end();
	return r;
}

static inline int uwrite(unsigned long addr, u8 v)
{
	user_access_begin();
	int r = probe_write_u8((void *)addr, v);
	user_access_end();
	return r;
}

/* Read / write one byte of mm's memory, loading mm first (a test that
 * plays parent and child switches between their address spaces). */
static inline u8 peek(struct mm_struct *mm, unsigned long addr)
{
	u8 v = 0xee;

	kthread_use_mm(mm);
	uread(addr, &v);
	return v;
}

static inline int poke(struct mm_struct *mm, unsigned long addr, u8 v)
{
	kthread_use_mm(mm);
	return uwrite(addr, v);
}

/* The PTE of addr in mm (0 if no table). */
static inline u64 pte_of(struct mm_struct *mm, unsigned long addr)
{
	pte_t *p = pte_lookup(mm->pgd, addr);

	return p ? pte_val(*p) : 0;
}

static inline struct page *page_of(struct mm_struct *mm, unsigned long addr)
{
	return pfn_to_page(pte_pfn(__pte(pte_of(mm, addr))));
}

static inline unsigned long map_anon(struct mm_struct *mm, unsigned long addr,
				     unsigned long pages, unsigned long prot,
				     unsigned long flags)
{
	return do_mmap(mm, addr, pages * PAGE_SIZE, prot, flags | MAP_FIXED);
}

/*
 * Run do_page_fault() on a made-up fault (as if the CPU had raised it in
 * kernel mode at an instruction with a fixup), for accesses the kernel
 * cannot really make - an instruction fetch from a user page, which SMEP
 * forbids. Returns what the fault handler concluded.
 */
enum fault_result simulate_fault(unsigned long addr, u64 error_code);

#endif
