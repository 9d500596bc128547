/*
 * rmap.h - bookkeeping of who maps a page.
 *
 * Today: the map count (page_mapcount() = PTEs mapping the page), kept
 * exact at every place a user PTE starts or stops mapping a page. The swap
 * layer extends this into a reverse map (page -> every PTE mapping it),
 * which reclaim needs to unmap a page shared after fork.
 *
 * Invariant: page_mapcount(page) == number of present PTEs mapping it,
 * and page_count(page) >= page_mapcount(page) (each mapping PTE holds a
 * reference).
 */
#ifndef MM_RMAP_H
#define MM_RMAP_H

#include "mm/vma.h"

/* A freshly allocated anonymous page gets its first mapping. */
void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma,
			    unsigned long address);
/* One more PTE maps an existing page (fork, shared fault). */
void page_dup_rmap(struct page *page, struct vm_area_struct *vma,
		   unsigned long address);
/* A PTE stops mapping page (unmap, COW copy, exit). */
void page_remove_rmap(struct page *page, struct vm_area_struct *vma,
		      unsigned long address);

#endif
