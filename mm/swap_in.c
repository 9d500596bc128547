/*
 * swap_in.c - do_swap_page(): a fault on a swap PTE. THE answer to the
 * question faultline exists for, step by step as Linux 6.12 does it:
 *
 *  1. decode the swap entry from the PTE (the only thing it holds);
 *  2. find the page: in the swap cache (another mapper already read it:
 *     minor fault) or read it from disk into a new page that is put in
 *     the swap cache first (major fault; the task sleeps during the I/O
 *     and others run);
 *  3. after the sleep, re-check that the PTE still holds the same entry
 *     and the page is still the cache's page for it - if another fault
 *     won the race, back out and let the access retry;
 *  4. drop this PTE's count on the slot (swap_free), and free the swap
 *     copy when nobody else needs it and it is worth it;
 *  5. REBUILD THE PTE FROM THE VMA: pte = mk_pte(page, vma->vm_page_prot).
 *     Nothing comes from the old PTE but the exclusive bit. For a private
 *     writable area vm_page_prot is read-only - so a page another process
 *     may still map comes back read-only, and copy-on-write survives swap;
 *  6. if the page is exclusive (this PTE alone mapped it when it went out,
 *     or the reference count says only we hold it) and the area has
 *     VM_WRITE, make it writable at once - even on a read fault - so a
 *     later write takes no second fault;
 *  7. a write fault that still found the PTE read-only runs do_wp_page()
 *     in this same fault (Linux's way; the classic "re-execute and fault
 *     again" answer is the same end state in two faults).
 */
#include "kernel/errno.h"
#include "kernel/time.h"
#include "kernel/trace.h"
#include "kernel/panic.h"
#include "mm/memory.h"
#include "mm/rmap.h"
#include "mm/shmem.h"
#include "mm/swap_state.h"
#include "mm/swapops.h"
#include "mm/vmscan.h"

/* Step 2: the page holding entry's data, locked-and-read or cached. */
struct page *swapin_page(swp_entry_t entry, vm_fault_t *ret)
{
	for (;;) {
		struct page *page = lookup_swap_cache(entry);
		if (page) {
			trace(TRACE_SWAP, "  swap cache hit: pfn %#lx already "
			      "holds the slot's data - no disk read",
			      page_to_pfn(page));
			wait_on_page_locked(page); /* a read in progress */
			return page;
		}
		page = alloc_page(GFP_KERNEL);
		if (!page) {
			*ret = VM_FAULT_OOM;
			return NULL;
		}
		int err = swapcache_prepare(entry);
		if (err) {
			put_page(page);
			if (err == -EEXIST)
				continue; /* someone is adding it: look again */
			*ret = 0; /* the slot was freed: the PTE changed */
			return NULL;
		}
		if (add_to_swap_cache(page, entry)) {
			swapcache_clear(entry);
			put_page(page);
			*ret = VM_FAULT_OOM;
			return NULL;
		}
		lock_page(page);
		u64 t0 = jiffies_read();
		trace(TRACE_SWAP, "  not in the swap cache: reading slot %#lx "
		      "into new pfn %#lx; this task sleeps until the disk "
		      "interrupt", swp_offset(entry), page_to_pfn(page));
		err = swap_readpage(page, entry); /* sleeps */
		trace(TRACE_SWAP, "  read done after %lu ms asleep (a major "
		      "fault)", jiffies_to_msecs(jiffies_read() - t0));
		unlock_page(page);
		if (err) {
			delete_from_swap_cache(page);
			put_page(page);
			*ret = VM_FAULT_SIGBUS;
			return NULL;
		}
		SetPageAnon(page);
		lru_add(page); /* reclaim can push it out again */
		*ret = VM_FAULT_MAJOR;
		return page;
	}
}

/* Step 4's "worth it": a write will dirty the page anyway, or swap is
 * getting full (Linux's vm_swap_full: more than half used). */
static bool should_free_swap(struct vm_fault *vmf)
{
	return (vmf->flags & FAULT_FLAG_WRITE) ||
	       get_nr_swap_pages() * 2 < get_total_swap_pages();
}

static const char *not_exclusive_why(struct page *page, swp_entry_t entry)
{
	if (page_mapcount(page) > 1)
		return "another PTE maps the page";
	if (swap_count(entry) > 0)
		return "another swap PTE still names its slot";
	return "the swap cache still holds it (a write will drop that "
	       "copy and reuse the page)";
}

/* The trace lines that answer "where do the bits come from?". */
static void trace_new_pte(struct vm_fault *vmf, swp_entry_t entry,
			  struct page *page, pte_t pte)
{
	struct vm_area_struct *vma = vmf->vma;
	char prot[48], now[64];

	pgprot_describe(pgprot_val(vma->vm_page_prot), prot, sizeof(prot));
	pte_describe(pte_val(pte), now, sizeof(now));
	trace(TRACE_SWAP, "  swap_free: slot count now %d, swap copy %s",
	      swap_count(entry),
	      PageSwapCache(page) ? "kept in the swap cache"
				  : "freed (nobody else needs it)");
	trace(TRACE_SWAP, "  new PTE = mk_pte(pfn %#lx, vma->vm_page_prot "
	      "[%s]) -> %#lx = %s", page_to_pfn(page), prot, pte_val(pte),
	      now);
	if (pte_write(pte))
		trace(TRACE_SWAP, "  RW set: the page is exclusive (%s) and "
		      "the VMA has VM_WRITE", pte_swp_exclusive(vmf->orig_pte)
		      ? "E bit in the swap PTE" : "reference count 1");
	else if (vma->vm_flags & VM_WRITE)
		trace(TRACE_SWAP, "  RW not set: not exclusive - %s (refcount "
		      "%d, mapcount %d, slot count %d); vm_page_prot of a "
		      "private writable VMA is read-only, so copy-on-write "
		      "stays armed", not_exclusive_why(page, entry),
		      page_count(page), page_mapcount(page),
		      swap_count(entry));
	else
		trace(TRACE_SWAP, "  RW not set: the VMA has no VM_WRITE");
}

vm_fault_t do_swap_page(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	swp_entry_t entry = pte_to_swp_entry(vmf->orig_pte);
	vm_fault_t ret = 0;

	if (swap_slot_bad(entry) || swap_count(entry) <= 0)
		return VM_FAULT_SIGBUS; /* a garbage entry: never ours */
	if (unlikely(trace_mask & TRACE_SWAP)) {
		char old[64];
		pte_describe(pte_val(vmf->orig_pte), old, sizeof(old));
		trace(TRACE_SWAP, "do_swap_page at %#lx: old PTE %#lx = %s; "
		      "slot count %d - the PTE kept no permission bits",
		      vmf->address, pte_val(vmf->orig_pte), old,
		      swap_count(entry));
	}
	struct page *page = swapin_page(entry, &ret);
	if (!page)
		return ret;
	/* Step 3: the world may have changed while we slept. */
	if (!pte_same(ptep_get(vmf->pte), vmf->orig_pte) ||
	    !PageSwapCache(page) || page_swap_entry(page).val != entry.val) {
		put_page(page);
		trace(TRACE_SWAP, "  PTE changed while we slept: another fault "
		      "won the race; backing out");
		return ret & ~VM_FAULT_MAJOR;
	}
	if (page_dup_rmap(page, vma, vmf->address)) {
		put_page(page);
		return VM_FAULT_OOM;
	}
	if (vma->vm_shared) /* the object takes its page back too */
		shmem_swapped_in(vma->vm_shared, shared_index(vma,
				 vmf->address), entry, page);
	bool exclusive = pte_swp_exclusive(vmf->orig_pte);
	swap_free(entry); /* step 4: this PTE no longer names the slot */
	vma->vm_mm->stats.swap_ents--;
	if (swap_count(entry) == 0 && should_free_swap(vmf))
		delete_from_swap_cache(page);
	/* Our reference is about to become this PTE's: count 1 = only us. */
	if (page_count(page) == 1)
		exclusive = true;

	pte_t pte = mk_pte(page, vma->vm_page_prot); /* step 5 */
	if (exclusive && (vma->vm_flags & VM_WRITE)) { /* step 6 */
		pte = pte_mkwrite(pte);
		if (vmf->flags & FAULT_FLAG_WRITE) {
			pte = pte_mkdirty(pte);
			vmf->flags &= ~FAULT_FLAG_WRITE;
		}
	}
	vma->vm_mm->stats.anon_rss++;
	set_pte(vmf->pte, pte);
	if (unlikely(trace_mask & TRACE_SWAP))
		trace_new_pte(vmf, entry, page, pte);
	vmf->orig_pte = pte;
	if (vmf->flags & FAULT_FLAG_WRITE) { /* step 7: still read-only */
		trace(TRACE_SWAP, "  a write fault and the new PTE is read-only:"
		      " do_wp_page() in this same fault");
		ret |= do_wp_page(vmf);
	}
	return ret;
}

/* Unmap/exit met a swap PTE: its slot reference goes. */
void zap_swap_pte(struct mm_struct *mm, pte_t pte)
{
	free_swap_and_cache(pte_to_swp_entry(pte));
	mm->stats.swap_ents--;
}

/* fork met a swap PTE: the child names the slot too. Neither side is
 * exclusive any more. */
int copy_swap_pte(struct mm_struct *dst, struct mm_struct *src,
		  pte_t *src_pte, pte_t *dst_pte)
{
	pte_t pte = ptep_get(src_pte);
	int err = swap_duplicate(pte_to_swp_entry(pte));

	(void)src;
	if (err)
		return err;
	pte = pte_swp_clear_exclusive(pte);
	set_pte(src_pte, pte);
	set_pte(dst_pte, pte);
	dst->stats.swap_ents++;
	return 0;
}
