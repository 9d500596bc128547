/*
 * rmap.c - the reverse map of anonymous pages (see rmap.h).
 *
 * A singly linked chain hangs off page->mapping. faultline's pages have
 * a handful of mappers at most, so a chain is short and easy to watch in
 * GDB (fl-page shows it).
 */
#include "mm/rmap.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "mm/vmscan.h"

struct anon_rmap {
	struct anon_rmap *next;
	struct mm_struct *mm;
	unsigned long address;
};

static int rmap_add(struct page *page, struct mm_struct *mm,
		    unsigned long address)
{
	struct anon_rmap *r = kmalloc(sizeof(*r), GFP_KERNEL);

	if (!r)
		return -ENOMEM;
	r->mm = mm;
	r->address = address;
	r->next = page->mapping;
	page->mapping = r;
	page->_mapcount++;
	return 0;
}

int page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma,
			   unsigned long address)
{
	BUG_ON(page_mapcount(page) != 0 || page->mapping);
	int err = rmap_add(page, vma->vm_mm, address);
	if (err)
		return err;
	SetPageAnon(page);
	lru_add(page);
	return 0;
}

int page_dup_rmap(struct page *page, struct vm_area_struct *vma,
		  unsigned long address)
{
	return rmap_add(page, vma->vm_mm, address);
}

void page_remove_rmap(struct page *page, struct mm_struct *mm,
		      unsigned long address)
{
	struct anon_rmap **pp = (struct anon_rmap **)&page->mapping;

	for (; *pp; pp = &(*pp)->next) {
		struct anon_rmap *r = *pp;
		if (r->mm == mm && r->address == address) {
			*pp = r->next;
			kfree(r);
			page->_mapcount--;
			return;
		}
	}
	panic("page_remove_rmap: pfn %#lx not mapped at %p",
	      page_to_pfn(page), (void *)address);
}

int rmap_walk(struct page *page, rmap_fn_t fn, void *arg)
{
	struct anon_rmap *r = page->mapping, *next;

	for (; r; r = next) {
		next = r->next; /* fn may remove r */
		int ret = fn(page, r->mm, r->address, arg);
		if (ret)
			return ret;
	}
	return 0;
}

static int referenced_one(struct page *page, struct mm_struct *mm,
			  unsigned long address, void *arg)
{
	int *count = arg;
	pte_t *ptep = pte_lookup(mm->pgd, address);

	(void)page;
	if (ptep && pte_young(ptep_get(ptep))) {
		/* Clear A with one locked op: the CPU may be setting D. */
		__atomic_and_fetch(&ptep->pte, ~_PAGE_ACCESSED,
				   __ATOMIC_SEQ_CST);
		flush_tlb_one(address);
		(*count)++;
	}
	return 0;
}

int page_referenced(struct page *page)
{
	int count = 0;

	rmap_walk(page, referenced_one, &count);
	return count;
}
