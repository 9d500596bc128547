/*
 * shmem.c - the page store of shared anonymous mappings (see shmem.h).
 *
 * A list of (index, page or swap entry) pairs: a shared mapping holds at
 * most a few hundred pages in faultline's tests and demos, and a list is
 * easy to follow. Invariants: each index appears at most once; an entry
 * holds exactly one of a page (one reference, page->shmem == the object,
 * page->index == the index) or a swap entry (one count on the slot).
 */
#include "mm/shmem.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "mm/swap_state.h"
#include "mm/vmscan.h"

struct shmem_page {
	struct list_head link;
	unsigned long index;
	struct page *page; /* in memory, or NULL */
	swp_entry_t swap; /* in swap when page is NULL */
};

struct shmem_object *shmem_create(void)
{
	struct shmem_object *obj = kzalloc(sizeof(*obj), GFP_KERNEL);

	if (obj) {
		obj->refs = 1;
		INIT_LIST_HEAD(&obj->pages);
	}
	return obj;
}

void shmem_get(struct shmem_object *obj)
{
	obj->refs++;
}

static void drop_entry(struct shmem_page *sp)
{
	if (sp->page) {
		sp->page->shmem = NULL;
		put_page(sp->page);
	} else {
		free_swap_and_cache(sp->swap);
	}
	list_del(&sp->link);
	kfree(sp);
}

void shmem_put(struct shmem_object *obj)
{
	struct shmem_page *sp, *n;

	BUG_ON(obj->refs <= 0);
	if (--obj->refs)
		return;
	list_for_each_entry_safe(sp, n, &obj->pages, link)
		drop_entry(sp);
	kfree(obj);
}

static struct shmem_page *find(struct shmem_object *obj, unsigned long index)
{
	struct shmem_page *sp;

	list_for_each_entry(sp, &obj->pages, link)
		if (sp->index == index)
			return sp;
	return NULL;
}

static void hold_page(struct shmem_object *obj, struct shmem_page *sp,
		      struct page *page)
{
	sp->page = page;
	sp->swap.val = 0;
	page->shmem = obj;
	page->index = sp->index;
}

int shmem_getpage(struct shmem_object *obj, unsigned long index,
		  struct page **pagep, swp_entry_t *swap)
{
	struct shmem_page *sp = find(obj, index);

	if (sp) {
		*pagep = sp->page;
		*swap = sp->swap;
		return 0;
	}
	sp = kmalloc(sizeof(*sp), GFP_KERNEL);
	struct page *page = alloc_zeroed_user_page();
	if (!sp || !page) {
		kfree(sp);
		if (page)
			__free_page(page);
		return -ENOMEM;
	}
	SetPageAnon(page);
	lru_add(page); /* reclaim may push it to swap */
	sp->index = index;
	hold_page(obj, sp, page);
	list_add(&sp->link, &obj->pages);
	obj->nr_pages++;
	*pagep = page;
	swap->val = 0;
	return 0;
}

void shmem_swapped_in(struct shmem_object *obj, unsigned long index,
		      swp_entry_t entry, struct page *page)
{
	struct shmem_page *sp = find(obj, index);

	if (!sp || sp->page || sp->swap.val != entry.val)
		return; /* already back (another mapper was first) */
	get_page(page);
	hold_page(obj, sp, page);
	swap_free(entry); /* the object's count on the slot */
}

int shmem_swapout(struct page *page, swp_entry_t entry)
{
	struct shmem_object *obj = page->shmem;
	struct shmem_page *sp = find(obj, page->index);

	BUG_ON(!sp || sp->page != page);
	int err = swap_duplicate(entry); /* the object's count */
	if (err)
		return err;
	sp->page = NULL;
	sp->swap = entry;
	page->shmem = NULL;
	put_page(page); /* the object's reference */
	return 0;
}
