/*
 * swapops.h - a swap entry stored in a PTE (Linux's x86-64 layout).
 *
 * When a page goes to swap, every PTE that mapped it is replaced by its
 * swap entry. Nothing else of the old PTE survives: not the frame, not
 * RW, not NX, not U. The permissions come back from the VMA at swap-in
 * (mk_pte(page, vma->vm_page_prot) in do_swap_page).
 *
 *  63    59 58                                   9 8 7 6 5 4 3 2 1 0
 * +--------+--------------------------------------+-+-+-+-+-+-+-+-+-+
 * |  type  |      ~offset (stored inverted)        |0|0|0|0|0|E|0|S|0|
 * +--------+--------------------------------------+-+-+-+-+-+-+-+-+-+
 *
 *  P (bit 0) = 0: the CPU ignores the entry and faults on any access.
 *  E (bit 3) exclusive: this PTE alone mapped the page when it was
 *    swapped out, so swap-in may make it writable at once.
 *  S (bit 1) soft-dirty (carried over, never used by faultline).
 *  Bits 4-8 stay 0: bit 8 marks PROT_NONE pages (_PAGE_PROTNONE), and
 *    some CPUs may set A (5) and D (6) even in non-present entries.
 *  The offset is stored inverted (the L1TF mitigation, CVE-2018-3620): a
 *    speculative read through a non-present PTE then points at a
 *    physical address far above any RAM. It also makes every swap PTE
 *    non-zero, so a swap PTE is never pte_none().
 */
#ifndef MM_SWAPOPS_H
#define MM_SWAPOPS_H

#include "mm/pgtable.h"
#include "mm/swap.h"

#define SWP_TYPE_BITS 5
#define SWP_TYPE_FIRST_BIT 59 /* 64 - SWP_TYPE_BITS */
#define SWP_OFFSET_FIRST_BIT 9
#define SWP_OFFSET_BITS (SWP_TYPE_FIRST_BIT - SWP_OFFSET_FIRST_BIT) /* 50 */
#define SWP_OFFSET_PTE_MASK \
	(((1UL << SWP_OFFSET_BITS) - 1) << SWP_OFFSET_FIRST_BIT)
#define _PAGE_SWP_EXCLUSIVE _PAGE_PWT /* bit 3 */
#define _PAGE_SWP_SOFT_DIRTY _PAGE_RW /* bit 1 */

/* Not none and not present (a PROT_NONE page counts as present). */
static inline bool is_swap_pte(pte_t pte)
{
	return !pte_none(pte) && !pte_present(pte);
}

static inline pte_t swp_entry_to_pte(swp_entry_t e)
{
	u64 type = (u64)swp_type(e) << SWP_TYPE_FIRST_BIT;
	u64 off = (~(u64)swp_offset(e) << SWP_OFFSET_FIRST_BIT) &
		  SWP_OFFSET_PTE_MASK;

	return __pte(type | off);
}

static inline swp_entry_t pte_to_swp_entry(pte_t pte)
{
	u64 v = pte_val(pte);
	u64 type = v >> SWP_TYPE_FIRST_BIT;
	u64 off = (~v & SWP_OFFSET_PTE_MASK) >> SWP_OFFSET_FIRST_BIT;

	return swp_entry(type, off);
}

static inline bool pte_swp_exclusive(pte_t pte)
{
	return pte_val(pte) & _PAGE_SWP_EXCLUSIVE;
}
static inline pte_t pte_swp_mkexclusive(pte_t pte)
{
	return __pte(pte_val(pte) | _PAGE_SWP_EXCLUSIVE);
}
static inline pte_t pte_swp_clear_exclusive(pte_t pte)
{
	return __pte(pte_val(pte) & ~_PAGE_SWP_EXCLUSIVE);
}
static inline bool pte_swp_soft_dirty(pte_t pte)
{
	return pte_val(pte) & _PAGE_SWP_SOFT_DIRTY;
}

#endif
