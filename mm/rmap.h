/*
 * rmap.h - reverse mapping: from a page to every PTE that maps it.
 *
 * Reclaim must replace EVERY PTE mapping a page with its swap entry - a
 * page shared after fork is mapped by several address spaces - so each
 * anonymous page keeps a chain of (mm, address) pairs, one per mapping
 * PTE, in page->mapping. Fork adds a pair, unmap/COW/exit remove one.
 *
 * Invariants: page_mapcount(page) == length of the chain == number of
 * present PTEs mapping the page; page_count(page) >= page_mapcount(page)
 * (each mapping PTE holds a reference).
 */
#ifndef MM_RMAP_H
#define MM_RMAP_H

#include "mm/vma.h"

/* A freshly allocated anonymous page gets its first mapping (and goes on
 * the LRU). 0 or -ENOMEM (nothing changed). */
int page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma,
			   unsigned long address);
/* One more PTE maps an existing page (fork, shared fault, swap-in).
 * 0 or -ENOMEM (nothing changed). */
int page_dup_rmap(struct page *page, struct vm_area_struct *vma,
		  unsigned long address);
/* A PTE stops mapping page (unmap, COW copy, exit, swap-out). */
void page_remove_rmap(struct page *page, struct mm_struct *mm,
		      unsigned long address);

/* Call fn for each (mm, address) mapping page; stops at a non-zero
 * return and passes it back. fn may remove the current mapping. */
typedef int (*rmap_fn_t)(struct page *page, struct mm_struct *mm,
			 unsigned long address, void *arg);
int rmap_walk(struct page *page, rmap_fn_t fn, void *arg);

/* Test and clear the accessed bit of every PTE mapping page (flushing
 * the TLB entry of each it found set); how many were set. */
int page_referenced(struct page *page);

#endif
