/*
 * memory.c - resolving a page fault once the VMA has said "allowed".
 *
 * handle_pte_fault() looks at the PTE and picks the case:
 *
 *   PTE none, private area  -> do_anonymous_page()  demand zero
 *   PTE none, shared area   -> do_shared_page()     the object's page
 *   PTE not present, not none -> do_swap_page()     it is in swap
 *   write, PTE read-only    -> do_wp_page()         copy-on-write
 *   otherwise               -> only accessed/dirty to update
 *
 * Every PTE built here is mk_pte(page, vma->vm_page_prot), then made
 * writable only through maybe_mkwrite() when the page is this mapping's
 * alone. No permission bit is ever copied from an old PTE.
 *
 * Called with mm->mmap_lock held (mm/fault.c takes it).
 */
#include "mm/memory.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/trace.h"
#include "kernel/string.h"
#include "mm/rmap.h"
#include "mm/shmem.h"
#include "mm/swap_state.h"

static struct page *the_zero_page;
static u64 vm_events[NR_MM_EVENTS];

void zero_page_init(void)
{
	the_zero_page = alloc_zeroed_user_page();
	BUG_ON(!the_zero_page);
	SetPageReserved(the_zero_page); /* never freed, never counted */
}

struct page *zero_page(void)
{
	return the_zero_page;
}

bool is_zero_pfn(unsigned long pfn)
{
	return pfn == page_to_pfn(the_zero_page);
}

void count_mm_event(struct mm_struct *mm, enum mm_event e)
{
	if (mm)
		mm->stats.events[e]++;
	vm_events[e]++;
}

u64 vm_event_total(enum mm_event e)
{
	return vm_events[e];
}

struct page *vm_normal_page(struct vm_area_struct *vma, unsigned long addr,
			    pte_t pte)
{
	(void)vma;
	(void)addr;
	return is_zero_pfn(pte_pfn(pte)) ? NULL : pte_page(pte);
}

/*
 * No page here yet. A read maps the one shared zero page read-only (no
 * memory spent until a write); a write gets a zeroed page of its own,
 * writable at once because nobody else can have it.
 */
static vm_fault_t do_anonymous_page(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	pte_t entry;

	if (!(vmf->flags & FAULT_FLAG_WRITE)) {
		/* vm_page_prot of a private area is never writable. */
		entry = pfn_pte(page_to_pfn(zero_page()), vma->vm_page_prot);
		BUG_ON(pte_write(entry));
		set_pte(vmf->pte, entry);
		count_mm_event(vma->vm_mm, MM_ZERO_PAGE);
		return 0;
	}
	struct page *page = alloc_zeroed_user_page();
	if (!page)
		return VM_FAULT_OOM;
	if (page_add_new_anon_rmap(page, vma, vmf->address)) {
		put_page(page);
		return VM_FAULT_OOM;
	}
	entry = mk_pte(page, vma->vm_page_prot);
	entry = maybe_mkwrite(pte_mkdirty(entry), vma);
	vma->vm_mm->stats.anon_rss++;
	set_pte(vmf->pte, entry);
	return 0;
}

/* A shared area: every mapper maps the object's page for this index. */
static vm_fault_t do_shared_page(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	unsigned long index = shared_index(vma, vmf->address);
	struct page *page;
	swp_entry_t swap;
	vm_fault_t ret = 0;

	if (shmem_getpage(vma->vm_shared, index, &page, &swap))
		return VM_FAULT_OOM;
	if (!page) {
		/* The object's page is in swap: bring it back for everyone. */
		page = swapin_page(swap, &ret);
		if (!page)
			return ret ? ret : VM_FAULT_OOM;
		shmem_swapped_in(vma->vm_shared, index, swap, page);
		put_page(page); /* the object holds it now */
	}
	if (page_dup_rmap(page, vma, vmf->address))
		return VM_FAULT_OOM;
	get_page(page); /* this PTE's reference; the object keeps its own */
	pte_t entry = mk_pte(page, vma->vm_page_prot);
	if (vmf->flags & FAULT_FLAG_WRITE)
		entry = pte_mkdirty(entry);
	vma->vm_mm->stats.anon_rss++;
	set_pte(vmf->pte, entry);
	return ret;
}

/* The PTE already maps the page we may write: just allow it. */
static vm_fault_t wp_page_reuse(struct vm_fault *vmf)
{
	pte_t entry = pte_mkyoung(vmf->orig_pte);

	entry = maybe_mkwrite(pte_mkdirty(entry), vmf->vma);
	set_pte(vmf->pte, entry);
	flush_tlb_one(vmf->address);
	if (!(vmf->vma->vm_flags & VM_SHARED))
		count_mm_event(vmf->vma->vm_mm, MM_COW_REUSE);
	return 0;
}

/*
 * Break COW: give this mapping its own copy of old (or a zeroed page if
 * it mapped the zero page), writable, and drop its hold on old. Whoever
 * else maps old keeps it, unchanged.
 */
static vm_fault_t wp_page_copy(struct vm_fault *vmf, struct page *old)
{
	struct vm_area_struct *vma = vmf->vma;
	struct page *new = old ? alloc_page(GFP_KERNEL)
			       : alloc_zeroed_user_page();

	if (!new)
		return VM_FAULT_OOM;
	if (old)
		memcpy(page_address(new), page_address(old), PAGE_SIZE);
	if (page_add_new_anon_rmap(new, vma, vmf->address)) {
		put_page(new);
		return VM_FAULT_OOM;
	}
	pte_t entry = mk_pte(new, vma->vm_page_prot);
	entry = maybe_mkwrite(pte_mkdirty(entry), vma);
	set_pte(vmf->pte, entry);
	flush_tlb_one(vmf->address);
	if (old) {
		page_remove_rmap(old, vma->vm_mm, vmf->address);
		put_page(old);
	} else {
		vma->vm_mm->stats.anon_rss++; /* the zero page was not counted */
	}
	count_mm_event(vma->vm_mm, MM_COW_COPY);
	return 0;
}

/*
 * A write to a present, read-only PTE in an area that allows writing.
 * Shared areas never copy. A private page is reused when this mapping
 * holds the only reference to it; the decision is made on the reference
 * count, not the map count, because a reference without a mapping (a
 * read-only pin, the swap cache) still sees the page - copying is what
 * keeps it from seeing our write (the CVE-2020-29374 lesson).
 */
vm_fault_t do_wp_page(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct page *page = vm_normal_page(vma, vmf->address, vmf->orig_pte);

	if (vma->vm_flags & VM_SHARED)
		return wp_page_reuse(vmf);
	/* A swap copy that no swap PTE names any more is of no use once we
	 * write: drop it, and with it the swap cache's reference. */
	if (page && PageSwapCache(page) && !PageLocked(page) &&
	    swap_count(page_swap_entry(page)) == 0)
		delete_from_swap_cache(page);
	if (page && page_count(page) == 1) {
		trace(TRACE_COW, "do_wp_page at %#lx: pfn %#lx refcount 1 - "
		      "only this PTE holds it: reuse, just set RW", vmf->address,
		      page_to_pfn(page));
		return wp_page_reuse(vmf);
	}
	if (page)
		trace(TRACE_COW, "do_wp_page at %#lx: pfn %#lx refcount %d, "
		      "mapcount %d - others may see it: copy", vmf->address,
		      page_to_pfn(page), page_count(page), page_mapcount(page));
	else
		trace(TRACE_COW, "do_wp_page at %#lx: the zero page - copy to "
		      "a new zeroed page", vmf->address);
	return wp_page_copy(vmf, page);
}

static vm_fault_t handle_pte_fault(struct vm_fault *vmf)
{
	vmf->orig_pte = ptep_get(vmf->pte);

	if (pte_none(vmf->orig_pte))
		return vmf->vma->vm_shared ? do_shared_page(vmf)
					   : do_anonymous_page(vmf);
	if (!pte_present(vmf->orig_pte))
		return do_swap_page(vmf);
	if ((vmf->flags & FAULT_FLAG_WRITE) && !pte_write(vmf->orig_pte))
		return do_wp_page(vmf);
	/* Allowed already: a stale TLB entry. Record the access. */
	pte_t entry = pte_mkyoung(vmf->orig_pte);
	if (vmf->flags & FAULT_FLAG_WRITE)
		entry = pte_mkdirty(entry);
	set_pte(vmf->pte, entry);
	flush_tlb_one(vmf->address);
	return 0;
}

vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			   unsigned int flags)
{
	struct vm_fault vmf = {
		.vma = vma,
		.address = address & PAGE_MASK,
		.flags = flags,
	};

	vmf.pte = pte_alloc_walk(vma->vm_mm->pgd, vmf.address);
	if (!vmf.pte)
		return VM_FAULT_OOM;
	vm_fault_t ret = handle_pte_fault(&vmf);
	if (!(ret & VM_FAULT_ERROR))
		count_mm_event(vma->vm_mm, ret & VM_FAULT_MAJOR ? MM_MAJ_FLT
								: MM_MIN_FLT);
	return ret;
}

/*
 * execve's loader: put len bytes from src at offset off of the page
 * mapped at addr (allocating a zeroed exclusive page if none), mapped
 * mk_pte(page, vma->vm_page_prot) like any other user page.
 */
int install_anon_copy(struct vm_area_struct *vma, unsigned long addr,
		      const void *src, size_t off, size_t len)
{
	pte_t *pte = pte_alloc_walk(vma->vm_mm->pgd, addr);
	struct page *page;

	if (!pte)
		return -ENOMEM;
	if (pte_present(ptep_get(pte))) {
		page = pte_page(ptep_get(pte));
	} else {
		page = alloc_zeroed_user_page();
		if (!page)
			return -ENOMEM;
		if (page_add_new_anon_rmap(page, vma, addr)) {
			put_page(page);
			return -ENOMEM;
		}
		vma->vm_mm->stats.anon_rss++;
		set_pte(pte, mk_pte(page, vma->vm_page_prot));
	}
	memcpy((u8 *)page_address(page) + off, src, len);
	return 0;
}
