/*
 * memory.h - the page-fault core and what touches user page tables:
 * handle_mm_fault() and its cases, fork's copy_page_range(), unmapping
 * (zap_page_range) and re-protecting (change_protection) ranges.
 *
 * The path a student follows in GDB, with Linux's names:
 *
 *   do_page_fault()            mm/fault.c   CR2 + error code -> fault flags
 *     find_vma()               mm/vma.c     which area is it in?
 *     access_error()           mm/fault.c   may this access happen at all?
 *     handle_mm_fault()        mm/memory.c
 *       handle_pte_fault()                  what state is the PTE in?
 *         do_anonymous_page()               none: zero page or new page
 *         do_shared_page()                  none, shared area: its page
 *         do_swap_page()       mm/swap_in   swap entry: read it back
 *         do_wp_page()                      write to read-only: COW
 *           wp_page_reuse() / wp_page_copy()
 *             mk_pte(page, vma->vm_page_prot)
 */
#ifndef MM_MEMORY_H
#define MM_MEMORY_H

#include "mm/swap.h"
#include "mm/vma.h"

/* Neutral fault flags: the x86 error code is decoded once, in fault.c. */
#define FAULT_FLAG_WRITE BIT(0) /* the access was a write */
#define FAULT_FLAG_USER BIT(1) /* it came from user mode */
#define FAULT_FLAG_INSTRUCTION BIT(2) /* it was an instruction fetch */
#define FAULT_FLAG_REMOTE BIT(3) /* kernel access on behalf of a task */

/* What handle_mm_fault() reports (Linux's vm_fault_t bits). */
typedef unsigned int vm_fault_t;
#define VM_FAULT_OOM BIT(0) /* no memory for a page or a table */
#define VM_FAULT_SIGBUS BIT(1) /* the data cannot be had (I/O error) */
#define VM_FAULT_SIGSEGV BIT(2) /* the access is not allowed */
#define VM_FAULT_MAJOR BIT(3) /* resolved, but it read from disk */
#define VM_FAULT_ERROR (VM_FAULT_OOM | VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV)

/* One fault's state, handed from function to function (Linux's). */
struct vm_fault {
	struct vm_area_struct *vma; /* the area the address is in */
	unsigned long address; /* faulting address, page aligned */
	unsigned int flags; /* FAULT_FLAG_* */
	pte_t *pte; /* the PTE slot (tables exist by now) */
	pte_t orig_pte; /* its value when the fault began */
};

/* The index of addr's page in a shared area's object. */
static inline unsigned long shared_index(struct vm_area_struct *vma,
					 unsigned long addr)
{
	return vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
}
/* The page holding a swap slot's data: from the swap cache, or read from
 * disk (sleeping). NULL with *ret saying why (0: the slot went away). */
struct page *swapin_page(swp_entry_t entry, vm_fault_t *ret);

/* The cases of handle_pte_fault() that other files implement or call. */
vm_fault_t do_swap_page(struct vm_fault *vmf); /* mm/swap_in.c */
vm_fault_t do_wp_page(struct vm_fault *vmf);
/* Swap PTEs met by unmap and fork (mm/swap_in.c). */
void zap_swap_pte(struct mm_struct *mm, pte_t pte);
int copy_swap_pte(struct mm_struct *dst, struct mm_struct *src,
		  pte_t *src_pte, pte_t *dst_pte);

vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			   unsigned int flags);

/* Free what [start, end) of vma maps (pages, swap slots); clear PTEs. */
void zap_page_range(struct vm_area_struct *vma, unsigned long start,
		    unsigned long end);
/* Free page tables of [start, end) that hold no entries any more. */
void free_pgd_range(pgd_t *pgd, unsigned long start, unsigned long end);
/* Rebuild every present PTE of the range from vma->vm_page_prot (keeping
 * the frame, accessed and dirty); swap PTEs are never touched. */
void change_protection(struct vm_area_struct *vma, unsigned long start,
		       unsigned long end);
/* fork: duplicate src_vma's PTEs into dst (write-protecting both sides
 * of a COW mapping). 0 or -ENOMEM. */
int copy_page_range(struct mm_struct *dst, struct vm_area_struct *dst_vma,
		    struct vm_area_struct *src_vma);

/* execve: copy len bytes to offset off of the user page at addr. */
int install_anon_copy(struct vm_area_struct *vma, unsigned long addr,
		      const void *src, size_t off, size_t len);

/* The page a present user PTE maps, or NULL for the shared zero page. */
struct page *vm_normal_page(struct vm_area_struct *vma, unsigned long addr,
			    pte_t pte);
/* Allocate the zero page (kmain, once, before any user mapping). */
void zero_page_init(void);
/* The one zero-filled page every untouched private page reads as. */
struct page *zero_page(void);
bool is_zero_pfn(unsigned long pfn);

/* PTE writable only if the area allows writing (Linux's helper). */
static inline pte_t maybe_mkwrite(pte_t pte, struct vm_area_struct *vma)
{
	if (vma->vm_flags & VM_WRITE)
		pte = pte_mkwrite(pte);
	return pte;
}

/* Count an event for mm and globally; read the global totals. */
void count_mm_event(struct mm_struct *mm, enum mm_event e);
u64 vm_event_total(enum mm_event e);

#endif
