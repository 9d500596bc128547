/*
 * vmscan.c - reclaim of anonymous pages to swap.
 *
 * Where reclaim runs (never inside another operation on page tables):
 *   - madvise(MADV_PAGEOUT): the caller's own range, now;
 *   - kswapd: a kernel thread woken when free frames fall below
 *     KSWAPD_LOW, working until they are above KSWAPD_HIGH;
 *   - a fault that found no memory: mm/fault.c drops mmap_lock, calls
 *     try_to_free_pages(), and retries the fault.
 * The kernel is not preemptive, so a page-table walk that does not sleep
 * never sees reclaim change a PTE under it; the swap-in path, which does
 * sleep, re-checks its PTE afterwards (pte_same).
 *
 * The swap count invariant kept here: for every slot, swap_count() ==
 * the number of swap PTEs holding its entry.
 */
#include "mm/vmscan.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/trace.h"
#include "mm/memory.h"
#include "mm/rmap.h"
#include "mm/shmem.h"
#include "mm/swap_state.h"
#include "mm/swapops.h"
#include "mm/vma.h"

static LIST_HEAD(lru_list); /* user pages, least recently added first */
static long nr_lru;
static struct reclaim_stats stats;

void lru_add(struct page *page)
{
	BUG_ON(PageLRU(page));
	SetPageLRU(page);
	list_add_tail(&page->lru, &lru_list);
	nr_lru++;
}

void lru_del(struct page *page)
{
	list_del_init(&page->lru);
	ClearPageLRU(page);
	nr_lru--;
}

long lru_pages(void)
{
	return nr_lru;
}

void reclaim_get_stats(struct reclaim_stats *out)
{
	*out = stats;
}

struct unmap_ctx {
	swp_entry_t entry;
	bool exclusive;
	int err;
};

/* One mapping PTE becomes the swap entry (try_to_unmap's rmap step). */
static int unmap_one(struct page *page, struct mm_struct *mm,
		     unsigned long address, void *arg)
{
	struct unmap_ctx *c = arg;
	pte_t *ptep = pte_lookup(mm->pgd, address);

	BUG_ON(!ptep || !pte_present(ptep_get(ptep)));
	c->err = swap_duplicate(c->entry); /* this PTE's count */
	if (c->err)
		return 1;
	pte_t old = ptep_get_and_clear(ptep);
	flush_tlb_one(address);
	if (pte_dirty(old))
		SetPageDirty(page); /* fold the CPU's D bit into the page */
	pte_t swp = swp_entry_to_pte(c->entry);
	if (c->exclusive)
		swp = pte_swp_mkexclusive(swp);
	set_pte(ptep, swp);
	page_remove_rmap(page, mm, address);
	put_page(page); /* the PTE's reference */
	mm->stats.anon_rss--;
	mm->stats.swap_ents++;
	return 0;
}

/*
 * Replace every PTE mapping page by the swap entry. The exclusive bit is
 * set only if this PTE is the page's only user: exactly one PTE maps it
 * AND no other swap PTE already names its slot (a page swapped back in by
 * one process may still be swapped out in another). Then swap-in may make
 * it writable at once; otherwise a write there would reach the others'
 * copy of the data.
 */
static int try_to_unmap(struct page *page, swp_entry_t entry)
{
	struct unmap_ctx c = {
		.entry = entry,
		.exclusive = page_mapcount(page) == 1 &&
			     swap_count(entry) == 0,
	};

	rmap_walk(page, unmap_one, &c);
	return c.err;
}

/* References beyond the mapping PTEs and the swap cache: someone holds
 * the page (a copy in progress, a shared-memory object). */
static bool page_pinned(struct page *page)
{
	int expected = page_mapcount(page) + (PageSwapCache(page) ? 1 : 0) +
		       (page->shmem ? 1 : 0); /* a shared object's */

	return page_count(page) != expected;
}

/* Slot + swap cache for a page that has neither yet. */
static int add_to_swap(struct page *page)
{
	swp_entry_t entry = get_swap_page(); /* count 0, SWAP_HAS_CACHE */

	if (!entry.val)
		return -ENOSPC;
	if (add_to_swap_cache(page, entry)) {
		swapcache_clear(entry);
		return -ENOMEM;
	}
	SetPageDirty(page); /* the slot holds nothing yet */
	return 0;
}

static int write_and_free(struct page *page)
{
	swp_entry_t entry = page_swap_entry(page);

	if (PageDirty(page)) {
		ClearPageDirty(page);
		int err = swap_writepage(page, entry); /* sleeps */
		if (err) {
			SetPageDirty(page); /* keep it: the cache finds it */
			return err;
		}
	}
	delete_from_swap_cache(page);
	return 0;
}

int shrink_page(struct page *page, bool even_if_shared)
{
	if (!PageAnon(page) || !PageLRU(page) || PageLocked(page) ||
	    page_pinned(page) || !page_mapcount(page))
		return RECLAIM_BUSY;
	if (page_mapcount(page) > 1 && !even_if_shared)
		return RECLAIM_SHARED;
	get_page(page); /* ours, while we work on it */
	lock_page(page); /* a fault on its entry now waits for us */
	int mapped = page_mapcount(page);
	int err = PageSwapCache(page) ? 0 : add_to_swap(page);
	/* A shared page's object keeps the swap entry instead (first, so
	 * its count on the slot makes no PTE exclusive). */
	if (!err && page->shmem)
		err = shmem_swapout(page, page_swap_entry(page));
	if (!err) {
		bool excl = mapped == 1 &&
			    swap_count(page_swap_entry(page)) == 0;
		trace(TRACE_RECLAIM, "pfn %#lx -> slot %#lx; try_to_unmap: %d "
		      "PTE%s become that swap entry (%s)", page_to_pfn(page),
		      swp_offset(page_swap_entry(page)), mapped,
		      mapped == 1 ? "" : "s",
		      excl ? "exclusive bit set"
			   : "not exclusive: no E bit");
		err = try_to_unmap(page, page_swap_entry(page));
	}
	if (!err) {
		trace(TRACE_RECLAIM, "  %s", PageDirty(page)
		      ? "dirty: writing it to the slot (the task sleeps)"
		      : "clean: the swap copy is good, no write");
		err = write_and_free(page);
	}
	unlock_page(page);
	put_page(page); /* the last reference if all went well */
	if (!err)
		stats.reclaimed++;
	return err;
}

long try_to_free_pages(long nr)
{
	long freed = 0, budget = 2 * nr_lru + 1;

	while (freed < nr && budget-- > 0 && !list_empty(&lru_list)) {
		struct page *page =
			list_first_entry(&lru_list, struct page, lru);
		stats.scanned++;
		/* Second chance: used since we last looked? Move it back. */
		if (page_referenced(page) || PageReferenced(page)) {
			ClearPageReferenced(page);
			list_move_tail(&page->lru, &lru_list);
			stats.rotated++;
			continue;
		}
		list_move_tail(&page->lru, &lru_list);
		if (shrink_page(page, true) == 0)
			freed++;
	}
	return freed;
}

struct pageout_ctx {
	bool even_if_shared;
	long freed;
};

static int pageout_one(pte_t *ptep, unsigned long addr, void *arg)
{
	struct pageout_ctx *c = arg;
	pte_t pte = ptep_get(ptep);

	(void)addr;
	if (!pte_present(pte) || is_zero_pfn(pte_pfn(pte)))
		return 0;
	if (shrink_page(pte_page(pte), c->even_if_shared) == 0)
		c->freed++;
	return 0;
}

long madvise_pageout(struct mm_struct *mm, unsigned long start,
		     unsigned long end, bool even_if_shared)
{
	struct pageout_ctx c = { .even_if_shared = even_if_shared };

	mutex_lock(&mm->mmap_lock);
	apply_to_existing_page_range(mm->pgd, start, end - start, pageout_one,
				     &c);
	mutex_unlock(&mm->mmap_lock);
	return c.freed;
}

/*
 * madvise advice the swap layer knows. MADV_PAGEOUT is Linux's: pages
 * mapped by more than one process are left alone. MADV_PAGEOUT_SHARED
 * is faultline's own (a value Linux does not use): it pushes shared pages
 * out too, so a demo can fork first and then swap the shared page out -
 * the exact order of the question faultline answers.
 */
#define MADV_PAGEOUT 21
#define MADV_PAGEOUT_SHARED 0x4650

long madvise_other(struct mm_struct *mm, unsigned long start,
		   unsigned long end, int advice)
{
	if (advice != MADV_PAGEOUT && advice != MADV_PAGEOUT_SHARED)
		return -EINVAL;
	if (!find_vma_intersection(mm, start, end))
		return -ENOMEM;
	madvise_pageout(mm, start, end, advice == MADV_PAGEOUT_SHARED);
	return 0;
}

/* kswapd: keep some frames free so allocations rarely fail. */
#define KSWAPD_LOW 64
#define KSWAPD_HIGH 128
#define SWAP_CLUSTER_MAX 32

static struct wait_queue_head kswapd_wait =
	{ LIST_HEAD_INIT(kswapd_wait.head) };
static bool kswapd_kicked; /* set by wakeup_kswapd(), cleared by kswapd */
static bool kswapd_running;

void wakeup_kswapd(void)
{
	if (!kswapd_running || nr_free_frames() >= KSWAPD_LOW)
		return;
	kswapd_kicked = true;
	wake_up(&kswapd_wait);
}

static int kswapd(void *unused)
{
	(void)unused;
	for (;;) {
		wait_event(&kswapd_wait, kswapd_kicked);
		kswapd_kicked = false;
		while (nr_free_frames() < KSWAPD_HIGH &&
		       try_to_free_pages(SWAP_CLUSTER_MAX) > 0)
			;
	}
	return 0;
}

void kswapd_init(void)
{
	if (kthread_create(kswapd, NULL, "kswapd"))
		kswapd_running = true;
}
