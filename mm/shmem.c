/*
 * shmem.c - the page store of shared anonymous mappings.
 *
 * A list of (index, page) pairs: a shared mapping holds at most a few
 * hundred pages in faultline's tests and demos, and a list is easy to
 * follow. Invariant: each index appears at most once, and the object
 * holds exactly one reference to each of its pages.
 */
#include "mm/shmem.h"
#include "kernel/panic.h"

struct shmem_page {
	struct list_head link;
	unsigned long index;
	struct page *page;
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

void shmem_put(struct shmem_object *obj)
{
	struct shmem_page *sp, *n;

	BUG_ON(obj->refs <= 0);
	if (--obj->refs)
		return;
	list_for_each_entry_safe(sp, n, &obj->pages, link) {
		put_page(sp->page);
		kfree(sp);
	}
	kfree(obj);
}

struct page *shmem_getpage(struct shmem_object *obj, unsigned long index)
{
	struct shmem_page *sp;

	list_for_each_entry(sp, &obj->pages, link)
		if (sp->index == index)
			return sp->page;
	sp = kmalloc(sizeof(*sp), GFP_KERNEL);
	struct page *page = alloc_zeroed_user_page();
	if (!sp || !page) {
		kfree(sp);
		if (page)
			__free_page(page);
		return NULL;
	}
	SetPageAnon(page);
	sp->index = index;
	sp->page = page;
	list_add(&sp->link, &obj->pages);
	obj->nr_pages++;
	return page;
}
