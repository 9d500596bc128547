/*
 * mprotect.c - apply a VMA's new protection to the PTEs it has.
 *
 * Each present PTE is rebuilt from vma->vm_page_prot, keeping only the
 * frame and what the CPU recorded (accessed, dirty): pte_modify(). That
 * means a private writable area's PTEs come out read-only even if one was
 * writable before - the next write goes through do_wp_page(), which makes
 * it writable again if the page is exclusive. Swap PTEs hold no
 * permissions and are left alone: swap-in will build the PTE from
 * whatever vm_page_prot is then.
 */
#include "mm/memory.h"

static int protect_one(pte_t *ptep, unsigned long addr, void *data)
{
	struct vm_area_struct *vma = data;
	pte_t pte = ptep_get(ptep);

	if (!pte_present(pte))
		return 0; /* none, or a swap entry: nothing to rewrite */
	set_pte(ptep, pte_modify(pte, vma->vm_page_prot));
	flush_tlb_one(addr);
	return 0;
}

void change_protection(struct vm_area_struct *vma, unsigned long start,
		       unsigned long end)
{
	apply_to_existing_page_range(vma->vm_mm->pgd, start, end - start,
				     protect_one, vma);
}
