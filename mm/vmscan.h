/*
 * vmscan.h - reclaim: pushing anonymous pages out to swap.
 */
#ifndef MM_VMSCAN_H
#define MM_VMSCAN_H

#include "mm/mm.h"

struct mm_struct;

/* The LRU of user pages (rmap.c adds, put_page removes). */
void lru_add(struct page *page);
void lru_del(struct page *page);
long lru_pages(void);

/* Why a page could not be reclaimed (0: it was freed). */
#define RECLAIM_BUSY 1 /* locked, pinned, or not an anonymous user page */
#define RECLAIM_SHARED 2 /* mapped by several PTEs and not forced */

/*
 * shrink_page_list() for one page, Linux's steps: give it a swap slot and
 * put it in the swap cache, try_to_unmap() every PTE mapping it (each
 * becomes the same swap entry), write it out unless the swap copy is
 * still good, take it out of the swap cache and free it. Sleeps for the
 * write. Returns 0 (freed), RECLAIM_* (kept as it was) or -errno
 * (-ENOSPC: swap full; -EIO: write failed, the page stays in the swap
 * cache and in memory).
 */
int shrink_page(struct page *page, bool even_if_shared);

/* Free up to nr pages from the LRU, oldest first, with a second chance
 * for pages whose accessed bit was set. Returns how many were freed. */
long try_to_free_pages(long nr);

/* madvise(MADV_PAGEOUT) on [start, end) of the current address space:
 * reclaim now, synchronously. */
long madvise_pageout(struct mm_struct *mm, unsigned long start,
		     unsigned long end, bool even_if_shared);

/* Reclaim statistics (pages scanned, reclaimed, second chances). */
struct reclaim_stats {
	u64 scanned, reclaimed, rotated;
};
void reclaim_get_stats(struct reclaim_stats *out);
/* Start kswapd, which keeps free frames above a watermark; the
 * allocator calls wakeup_kswapd() after every allocation. */
void kswapd_init(void);
void wakeup_kswapd(void);

#endif
