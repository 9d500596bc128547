/*
 * fork.c - copy an address space for fork(): the VMAs are copied, the
 * page tables are copied, the pages are NOT (copy-on-write).
 *
 * For a COW mapping (private, may be written) every present writable PTE
 * is write-protected in BOTH parent and child, and the page's reference
 * and map counts go up: from now on neither may write it without a fault,
 * and do_wp_page() will see two references and copy. Shared mappings keep
 * their writable PTEs: both processes are meant to see each other's
 * writes.
 */
#include "mm/fork.h"
#include "kernel/errno.h"
#include "kernel/trace.h"
#include "kernel/panic.h"
#include "mm/memory.h"
#include "mm/rmap.h"
#include "mm/shmem.h"

struct copy_ctx {
	struct mm_struct *dst;
	struct vm_area_struct *dst_vma;
	struct vm_area_struct *src_vma;
};

static int copy_one(pte_t *src_pte, unsigned long addr, void *data)
{
	struct copy_ctx *c = data;
	pte_t pte = ptep_get(src_pte);

	if (pte_none(pte))
		return 0;
	pte_t *dst_pte = pte_alloc_walk(c->dst->pgd, addr);
	if (!dst_pte)
		return -ENOMEM;
	if (!pte_present(pte)) {
		trace(TRACE_FORK, "%#lx: swap PTE %#lx - swap_duplicate, "
		      "exclusive bit cleared in both", addr, pte_val(pte));
		return copy_swap_pte(c->dst, c->src_vma->vm_mm, src_pte,
				     dst_pte);
	}
	if (is_cow_mapping(c->src_vma->vm_flags) && pte_write(pte)) {
		pte = pte_wrprotect(pte);
		set_pte(src_pte, pte); /* the parent loses write access too */
		flush_tlb_one(addr);
		trace(TRACE_FORK, "%#lx: pfn %#lx write-protected in parent "
		      "and child (COW)", addr, pte_pfn(pte));
	}
	struct page *page = vm_normal_page(c->src_vma, addr, pte);
	if (page) {
		if (page_dup_rmap(page, c->dst_vma, addr))
			return -ENOMEM;
		get_page(page);
		c->dst->stats.anon_rss++;
	}
	if (c->src_vma->vm_flags & VM_SHARED)
		pte = pte_mkclean(pte);
	set_pte(dst_pte, pte_mkold(pte));
	return 0;
}

int copy_page_range(struct mm_struct *dst, struct vm_area_struct *dst_vma,
		    struct vm_area_struct *src_vma)
{
	struct copy_ctx c = { dst, dst_vma, src_vma };

	return apply_to_existing_page_range(
		src_vma->vm_mm->pgd, src_vma->vm_start,
		src_vma->vm_end - src_vma->vm_start, copy_one, &c);
}

static struct vm_area_struct *vma_dup(struct mm_struct *mm,
				      struct vm_area_struct *src)
{
	struct vm_area_struct *vma =
		vma_alloc(mm, src->vm_start, src->vm_end, src->vm_flags);

	if (!vma)
		return NULL;
	vma->vm_name = src->vm_name;
	vma->vm_pgoff = src->vm_pgoff;
	vma->vm_shared = src->vm_shared;
	if (vma->vm_shared)
		shmem_get(vma->vm_shared);
	return vma;
}

struct mm_struct *dup_mm(struct mm_struct *old)
{
	struct mm_struct *mm = mm_alloc();
	struct vm_area_struct *src;

	if (!mm)
		return NULL;
	mutex_lock(&old->mmap_lock);
	list_for_each_entry(src, &old->mmap, vm_list) {
		struct vm_area_struct *vma = vma_dup(mm, src);
		if (!vma)
			goto fail;
		vma_insert(mm, vma);
		if (copy_page_range(mm, vma, src))
			goto fail;
	}
	mm->start_brk = old->start_brk;
	mm->brk = old->brk;
	mm->start_stack = old->start_stack;
	vma_check(mm);
	mutex_unlock(&old->mmap_lock);
	return mm;
fail:
	mutex_unlock(&old->mmap_lock);
	mmput(mm); /* frees whatever was copied so far */
	return NULL;
}
