/*
 * rmap.c - map counts of user pages (see rmap.h for the invariant).
 */
#include "mm/rmap.h"
#include "kernel/panic.h"

void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma,
			    unsigned long address)
{
	(void)vma;
	(void)address;
	BUG_ON(page_mapcount(page) != 0);
	SetPageAnon(page);
	page->_mapcount = 0; /* one mapping */
}

void page_dup_rmap(struct page *page, struct vm_area_struct *vma,
		   unsigned long address)
{
	(void)vma;
	(void)address;
	page->_mapcount++;
}

void page_remove_rmap(struct page *page, struct vm_area_struct *vma,
		      unsigned long address)
{
	(void)vma;
	(void)address;
	BUG_ON(page_mapcount(page) <= 0);
	page->_mapcount--;
}
