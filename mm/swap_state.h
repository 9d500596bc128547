/*
 * swap_state.h - the swap cache, and page locks.
 *
 * The swap cache maps a swap slot to the page in memory that holds its
 * data. A page is in it while it is being written out, while it is being
 * read in, and after a swap-in while other swap PTEs still name the slot
 * (that is how the second process to fault finds the page without a
 * second disk read: a minor fault). In the cache: PG_swapcache set,
 * page->private = the entry, the cache holds one page reference and the
 * slot's SWAP_HAS_CACHE bit is set.
 */
#ifndef MM_SWAP_STATE_H
#define MM_SWAP_STATE_H

#include "mm/mm.h"
#include "mm/swap.h"

/* The slot must have SWAP_HAS_CACHE set already (get_swap_page() or
 * swapcache_prepare()). 0 or -ENOMEM. */
int add_to_swap_cache(struct page *page, swp_entry_t entry);
/* Take page out of the cache: clears SWAP_HAS_CACHE (freeing the slot if
 * no swap PTE names it) and drops the cache's reference. */
void delete_from_swap_cache(struct page *page);
/* The cached page for entry with a reference taken, or NULL. */
struct page *lookup_swap_cache(swp_entry_t entry);
static inline swp_entry_t page_swap_entry(const struct page *page)
{
	return (swp_entry_t){ page->private };
}
/* A swap PTE went away (unmap, exit): drop its count, and free the slot
 * and any cached copy once nothing else needs them. */
void free_swap_and_cache(swp_entry_t entry);
/* The last PTE mapping page went away: if no swap PTE names its slot
 * either, the cached copy is of no use - drop it (and free the slot). */
void free_swap_cache(struct page *page);
/* Pages in the swap cache now (tests, /proc/meminfo SwapCached). */
long swap_cache_pages(void);

/* PG_locked as a sleeping lock: I/O holds it; others wait for it. */
void lock_page(struct page *page);
bool trylock_page(struct page *page);
void unlock_page(struct page *page);
void wait_on_page_locked(struct page *page);
u64 page_lock_waits(void);

#endif
