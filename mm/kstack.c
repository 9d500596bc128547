/*
 * kstack.c - kernel stacks, each with an unmapped guard page below it.
 *
 * The area [KSTACK_START, KSTACK_END) is KSTACK_SLOTS slots of one guard
 * page and KSTACK_SIZE bytes of stack:
 *
 *   slot i   base                 base + PAGE_SIZE          top
 *            | guard (never mapped) | stack pages, grow down <- |
 *   top = base + PAGE_SIZE + KSTACK_SIZE = the next slot's base
 *
 * Running off the bottom of a stack touches the guard page and faults
 * (the double-fault handler has its own IST stack to report it on)
 * instead of overwriting another task's stack. The page tables of the
 * whole area are made once at boot, so allocating a stack only fills
 * PTEs: no table is created or freed later, and every kernel address
 * space sees the stacks (mm/pgtable.h).
 */
#include "kernel/panic.h"
#include "mm/internal.h"
#include "mm/pgtable.h"

#define SLOT_SIZE (PAGE_SIZE + KSTACK_SIZE)
#define KSTACK_PAGES ((int)(KSTACK_SIZE / PAGE_SIZE))
#define BITS_PER_WORD 64

/* Bit i set: slot i holds a stack. */
static u64 slot_used[KSTACK_SLOTS / BITS_PER_WORD];

static bool slot_is_used(int slot)
{
	return slot_used[slot / BITS_PER_WORD] & BIT(slot % BITS_PER_WORD);
}

static void slot_set(int slot, bool used)
{
	if (used)
		slot_used[slot / BITS_PER_WORD] |= BIT(slot % BITS_PER_WORD);
	else
		slot_used[slot / BITS_PER_WORD] &= ~BIT(slot % BITS_PER_WORD);
}

/* Lowest stack byte of a slot (just above its guard page). */
static unsigned long slot_bottom(int slot)
{
	return KSTACK_START + slot * SLOT_SIZE + PAGE_SIZE;
}

void kstack_init(void)
{
	for (unsigned long a = KSTACK_START; a < KSTACK_END; a += PAGE_SIZE)
		if (!pte_alloc_walk(kernel_pgd(), a))
			panic("kstack_init: no frames for page tables");
}

/* Unmap and free the first n pages of the stack at bottom. */
static void free_stack_pages(unsigned long bottom, int n)
{
	for (int i = 0; i < n; i++) {
		unsigned long addr = bottom + i * PAGE_SIZE;
		pte_t pte = ptep_get_and_clear(pte_lookup(kernel_pgd(), addr));

		BUG_ON(!pte_present(pte));
		flush_tlb_one(addr);
		__free_page(pte_page(pte));
	}
}

void *kstack_alloc(void)
{
	unsigned long bottom;
	int slot = 0;

	while (slot < KSTACK_SLOTS && slot_is_used(slot))
		slot++;
	if (slot == KSTACK_SLOTS)
		return NULL;
	bottom = slot_bottom(slot);
	for (int i = 0; i < KSTACK_PAGES; i++) {
		struct page *page = alloc_page(GFP_KERNEL);
		pte_t *ptep = pte_lookup(kernel_pgd(), bottom + i * PAGE_SIZE);

		if (!page) {
			free_stack_pages(bottom, i);
			return NULL;
		}
		BUG_ON(!ptep || !pte_none(*ptep));
		set_pte(ptep, mk_pte(page, PAGE_KERNEL));
	}
	slot_set(slot, true);
	return (void *)(bottom + KSTACK_SIZE);
}

void kstack_free(void *top)
{
	unsigned long off = (unsigned long)top - KSTACK_START;
	int slot = (int)(off / SLOT_SIZE) - 1;

	if ((unsigned long)top < KSTACK_START || off % SLOT_SIZE ||
	    slot < 0 || slot >= KSTACK_SLOTS || !slot_is_used(slot))
		panic("kstack_free: %p is not the top of a kernel stack", top);
	free_stack_pages(slot_bottom(slot), KSTACK_PAGES);
	slot_set(slot, false);
}
