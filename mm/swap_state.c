/*
 * swap_state.c - the swap cache (see swap_state.h) and page locks.
 *
 * A small hash of chains keyed by the entry. Invariant: a page is in the
 * cache iff PageSwapCache(page); then exactly one node names it, the
 * cache holds one reference, and swap_has_cache(page_swap_entry(page)).
 */
#include "mm/swap_state.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/wait.h"

#define SWAP_CACHE_BUCKETS 64

struct swap_cache_node {
	struct swap_cache_node *next;
	swp_entry_t entry;
	struct page *page;
};

static struct swap_cache_node *buckets[SWAP_CACHE_BUCKETS];
static long nr_cached;
/* Tasks waiting for some page's PG_locked to clear (one queue for all
 * pages: waits are rare and short, each waiter re-checks its page). */
static struct wait_queue_head page_lock_wait =
	{ LIST_HEAD_INIT(page_lock_wait.head) };

static struct swap_cache_node **bucket(swp_entry_t e)
{
	return &buckets[(e.val ^ (e.val >> 7)) % SWAP_CACHE_BUCKETS];
}

int add_to_swap_cache(struct page *page, swp_entry_t entry)
{
	BUG_ON(PageSwapCache(page) || !swap_has_cache(entry));
	BUG_ON(lookup_swap_cache(entry) != NULL);
	struct swap_cache_node *n = kmalloc(sizeof(*n), GFP_KERNEL);
	if (!n)
		return -ENOMEM;
	n->entry = entry;
	n->page = page;
	n->next = *bucket(entry);
	*bucket(entry) = n;
	get_page(page);
	SetPageSwapCache(page);
	page->private = entry.val;
	nr_cached++;
	return 0;
}

void delete_from_swap_cache(struct page *page)
{
	swp_entry_t entry = page_swap_entry(page);
	struct swap_cache_node **pp = bucket(entry);

	BUG_ON(!PageSwapCache(page));
	for (; *pp; pp = &(*pp)->next)
		if ((*pp)->page == page)
			break;
	BUG_ON(!*pp);
	struct swap_cache_node *n = *pp;
	*pp = n->next;
	kfree(n);
	ClearPageSwapCache(page);
	page->private = 0;
	nr_cached--;
	swapcache_clear(entry);
	put_page(page);
}

struct page *lookup_swap_cache(swp_entry_t entry)
{
	for (struct swap_cache_node *n = *bucket(entry); n; n = n->next)
		if (n->entry.val == entry.val) {
			get_page(n->page);
			return n->page;
		}
	return NULL;
}

long swap_cache_pages(void)
{
	return nr_cached;
}

void free_swap_and_cache(swp_entry_t entry)
{
	swap_free(entry);
	if (swap_count(entry) != 0 || !swap_has_cache(entry))
		return;
	/* Only the cache holds the slot now: nobody can fault on it. */
	struct page *page = lookup_swap_cache(entry);
	if (page && !PageLocked(page))
		delete_from_swap_cache(page);
	if (page)
		put_page(page);
}

void free_swap_cache(struct page *page)
{
	if (PageSwapCache(page) && !PageLocked(page) &&
	    !page_mapcount(page) && swap_count(page_swap_entry(page)) == 0)
		delete_from_swap_cache(page);
}

/* Times a task found a page locked and had to wait (tests prove races
 * with it: a second fault on a page being read waits, it never reads). */
static u64 nr_lock_waits;

u64 page_lock_waits(void)
{
	return nr_lock_waits;
}

void wait_on_page_locked(struct page *page)
{
	if (PageLocked(page))
		nr_lock_waits++;
	wait_event(&page_lock_wait, !PageLocked(page));
}

bool trylock_page(struct page *page)
{
	if (PageLocked(page))
		return false;
	SetPageLocked(page);
	return true;
}

void lock_page(struct page *page)
{
	wait_event(&page_lock_wait, !PageLocked(page));
	SetPageLocked(page);
}

void unlock_page(struct page *page)
{
	ClearPageLocked(page);
	wake_up(&page_lock_wait);
}
