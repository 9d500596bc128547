/*
 * shmem.h - the pages behind a shared anonymous mapping.
 *
 * MAP_SHARED|MAP_ANONYMOUS memory must be the same memory in every
 * process that maps it, including pages nobody had touched before a fork.
 * So its pages belong to an object (Linux: a shmem inode), not to any one
 * page table: a fault looks the page up by index and maps it. VMAs that
 * map the object (after fork or a split) each hold a reference.
 *
 * Such pages swap too. Then the object's entry for the index holds the
 * swap entry instead of the page (with its own count on the slot, like a
 * swap PTE), the mapping PTEs hold the same entry, and whichever mapper
 * faults first brings the page back into the object; the others find it
 * in the swap cache. Every mapper sees the same data after swap-in.
 */
#ifndef MM_SHMEM_H
#define MM_SHMEM_H

#include "kernel/list.h"
#include "mm/mm.h"
#include "mm/swap.h"

struct shmem_object {
	int refs; /* VMAs mapping it */
	unsigned long nr_pages; /* entries (pages or swap entries) */
	struct list_head pages; /* struct shmem_page, any order */
};

struct shmem_object *shmem_create(void);
void shmem_get(struct shmem_object *obj);
/* Drop a reference; the last one frees the object, its pages and slots. */
void shmem_put(struct shmem_object *obj);
/*
 * What the object holds at index: *page (the object's page, allocated
 * zeroed if the index was never used), or, when it is in swap, *page NULL
 * and *swap its entry (the caller swaps it in and calls
 * shmem_swapped_in()). 0 or -ENOMEM.
 */
int shmem_getpage(struct shmem_object *obj, unsigned long index,
		  struct page **page, swp_entry_t *swap);
/* page now holds entry's data: if the object still names entry at index,
 * it takes the page back (and drops its count on the slot). */
void shmem_swapped_in(struct shmem_object *obj, unsigned long index,
		      swp_entry_t entry, struct page *page);
/* Reclaim: page (in the swap cache under entry) leaves its object, which
 * keeps entry instead (one more count on the slot) and drops its page
 * reference. */
int shmem_swapout(struct page *page, swp_entry_t entry);

#endif
